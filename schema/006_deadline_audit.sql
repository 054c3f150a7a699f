-- 006_deadline_audit: the audit rows of deadlines are written once per statement.
-- The deadline engine writes deadlines in bulk (an import of 100,000 events computes tens of
-- thousands in a few statements; a rule edit recomputes every deadline it governs). A row-level
-- trigger runs PL/pgSQL once per row; this statement-level trigger writes the same audit rows
-- (one per changed row, old and new row as jsonb, actor and role) with one INSERT ... SELECT over
-- the statement's transition tables. Rows that an UPDATE leaves unchanged get no audit row, as
-- before.
CREATE FUNCTION audit_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor text := coalesce(nullif(current_setting('tracker.actor', true), ''), current_user);
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO audit (table_name, row_id, op, new_row, actor)
      SELECT TG_TABLE_NAME, n.id, TG_OP, to_jsonb(n), actor FROM audit_new n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO audit (table_name, row_id, op, old_row, new_row, actor)
      SELECT TG_TABLE_NAME, n.id, TG_OP, o.j, n.j, actor
        FROM (SELECT id, to_jsonb(x) AS j FROM audit_old x) o
        JOIN (SELECT id, to_jsonb(x) AS j FROM audit_new x) n ON n.id = o.id
       WHERE o.j <> n.j;
  ELSE
    INSERT INTO audit (table_name, row_id, op, old_row, actor)
      SELECT TG_TABLE_NAME, o.id, TG_OP, to_jsonb(o), actor FROM audit_old o;
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER deadline_audit ON deadline;
CREATE TRIGGER deadline_audit_insert AFTER INSERT ON deadline
  REFERENCING NEW TABLE AS audit_new FOR EACH STATEMENT EXECUTE FUNCTION audit_rows();
CREATE TRIGGER deadline_audit_update AFTER UPDATE ON deadline
  REFERENCING OLD TABLE AS audit_old NEW TABLE AS audit_new
  FOR EACH STATEMENT EXECUTE FUNCTION audit_rows();
CREATE TRIGGER deadline_audit_delete AFTER DELETE ON deadline
  REFERENCING OLD TABLE AS audit_old FOR EACH STATEMENT EXECUTE FUNCTION audit_rows();
