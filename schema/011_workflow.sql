-- 011_workflow: what undoing a mistake and reading the audit trail need.
--   * A deadline's date set by hand (tracker deadline override): the date, the reason (required),
--     who and when. The engine keeps the computed explanation and applies the override on every
--     recomputation, so a recompute never silently undoes it; --clear returns to the computed date.
--   * The cause of every audited change: the tracker command that made it (tracker.cause, set by
--     the CLI per connection, without the --db value), and the transaction it ran in, so that
--     `tracker history` can say what caused a recomputation (an event edit, a rule change, a
--     calendar change) and what else changed with it.
--   * row_key: the key of audited rows that have no numeric id (jurisdictions, calendar years;
--     migration 012), with row_id 0.

ALTER TABLE deadline
  ADD COLUMN override_due    date,
  ADD COLUMN override_reason text CHECK (override_reason <> '' AND length(override_reason) <= 1000),
  ADD COLUMN override_by     text,
  ADD COLUMN override_at     timestamptz,
  ADD CONSTRAINT deadline_override_reason CHECK ((override_due IS NULL) = (override_reason IS NULL));

-- (Added first without defaults, so that the rows written before this migration keep NULL rather
-- than this migration's command and transaction.)
ALTER TABLE audit ADD COLUMN cause text, ADD COLUMN xact bigint, ADD COLUMN row_key text;
ALTER TABLE audit ALTER COLUMN cause SET DEFAULT nullif(current_setting('tracker.cause', true), ''),
                  ALTER COLUMN xact SET DEFAULT txid_current();
CREATE INDEX audit_xact_idx ON audit (xact);
