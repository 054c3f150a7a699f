-- 022_hook_audit: hooks and digests are audited like every other change (001, 015), with the
-- account when the API makes the change (015's audit.account_id and account), and a hook's
-- secret never reaches the audit trail.
--   hook    audit_hook_row(): the row images leave out `secret`; a change of the secret shows as
--           "secret_changed": true in the new image (the value never). An UPDATE that changes
--           only the worker's bookkeeping (failing_since, and updated_at with it) writes no row;
--           the worker disabling a failing hook (disabled_at, disabled_reason) does, naming the
--           worker's actor and cause.
--   digest  audit_row() (001): a digest has no secret (its unsubscribe token is an HMAC made
--           from alert_secret, which is never in a digest row).
-- Not audited: outbox, delivery, delivery_attempt, due_soon_sent, digest_sent: the queue and its
-- bookkeeping, written by the triggers of 019 and by `tracker notify` per batch (docs/alerts.md).
-- A test or a redelivery that someone asks for is audited by store/outbox.c, in its statement.

CREATE FUNCTION audit_hook_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor text := coalesce(nullif(current_setting('tracker.actor', true), ''), current_user);
  o jsonb;
  n jsonb;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    o := to_jsonb(OLD) - 'secret';
  END IF;
  IF TG_OP <> 'DELETE' THEN
    n := to_jsonb(NEW) - 'secret';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF OLD.secret IS DISTINCT FROM NEW.secret THEN
      n := n || '{"secret_changed": true}'::jsonb;
    ELSIF o - 'updated_at' - 'failing_since' = n - 'updated_at' - 'failing_since' THEN
      RETURN NULL;
    END IF;
  END IF;
  INSERT INTO audit (table_name, row_id, op, old_row, new_row, actor)
    VALUES (TG_TABLE_NAME, coalesce(n->>'id', o->>'id')::bigint, TG_OP, o, n, actor);
  RETURN NULL;
END $$;

CREATE TRIGGER hook_audit AFTER INSERT OR UPDATE OR DELETE ON hook
  FOR EACH ROW EXECUTE FUNCTION audit_hook_row();
CREATE TRIGGER digest_audit AFTER INSERT OR UPDATE OR DELETE ON digest
  FOR EACH ROW EXECUTE FUNCTION audit_row();
