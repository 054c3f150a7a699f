-- 012_jurisdictions: jurisdictions are data users add and edit (tracker jurisdiction add|list|edit):
-- a code, a name, an IANA time zone and an optional parent (DE under EU). The parent is recorded
-- and listed; rules and calendars are not inherited from it. A new jurisdiction covers no calendar
-- year until years are added (tracker jurisdiction add --calendar-years, tracker calendar
-- add-year): deadlines that need its working-day calendar are refused until then, as for years
-- without data elsewhere.
-- Changes to jurisdictions and to the calendar years are audited like cases and events; their
-- audit rows carry the key in row_key (migration 011) and row_id 0.

ALTER TABLE jurisdiction
  ADD COLUMN parent text REFERENCES jurisdiction,
  ADD CONSTRAINT jurisdiction_not_own_parent CHECK (parent <> code),
  ADD CONSTRAINT jurisdiction_name_nonempty CHECK (name <> '' AND length(name) <= 1000);

CREATE FUNCTION audit_keyed_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor text := coalesce(nullif(current_setting('tracker.actor', true), ''), current_user);
  r jsonb;
  k text;
BEGIN
  IF TG_OP = 'UPDATE' AND to_jsonb(OLD) = to_jsonb(NEW) THEN
    RETURN NULL;
  END IF;
  r := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
  SELECT string_agg(r->>c, ':' ORDER BY n) INTO k FROM unnest(TG_ARGV) WITH ORDINALITY AS t(c, n);
  INSERT INTO audit (table_name, row_id, row_key, op, old_row, new_row, actor)
    VALUES (TG_TABLE_NAME, 0, k, TG_OP,
            CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
            CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END, actor);
  RETURN NULL;
END $$;

CREATE TRIGGER jurisdiction_audit AFTER INSERT OR UPDATE OR DELETE ON jurisdiction
  FOR EACH ROW EXECUTE FUNCTION audit_keyed_row('code');
CREATE TRIGGER calendar_year_audit AFTER INSERT OR UPDATE OR DELETE ON calendar_year
  FOR EACH ROW EXECUTE FUNCTION audit_keyed_row('jurisdiction', 'year');
