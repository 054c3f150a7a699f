-- 015_accounts: accounts, API tokens and web sessions (issue 14), and the account in the audit.
--   app_account  a person or program that signs in: login, role (viewer reads; editor also
--                writes data; admin also manages users, tokens, rules, calendars, jurisdictions,
--                feeds), an Argon2id password hash (libsodium's crypto_pwhash_str), disabled_at.
--                Accounts are disabled, never deleted, so that the audit trail keeps naming them.
--   api_token    "trk_" + 43 base64url characters, kept only as the SHA-256 hex of the whole
--                string; scope read or write; it works until expires_on (exclusive, UTC) unless
--                revoked. A write token of a viewer is still a viewer (the API checks the role).
--   web_session  the web application's session cookie (43 base64url characters, kept as its
--                SHA-256) with its CSRF token; absolute expiry expires_at.
-- A disabled account's tokens and sessions stop working at once: authentication joins the
-- account and requires disabled_at IS NULL (store/accounts.c), nothing is deleted.
-- The words of role and scope are owned by core/model.c (trk_account_roles, trk_token_scopes);
-- tests/cli/t_vocab.sh compares them with these CHECK constraints.

CREATE TABLE app_account (
  id                  bigserial PRIMARY KEY,
  login               text NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9._-]{1,64}$'),
  name                text CHECK (name <> '' AND length(name) <= 1000),
  role                text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
  password_hash       text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  disabled_at         timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_token (
  id           bigserial PRIMARY KEY,
  account_id   bigint NOT NULL REFERENCES app_account,
  name         text CHECK (name <> '' AND length(name) <= 1000),
  scope        text NOT NULL CHECK (scope IN ('read', 'write')),
  token_sha256 text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  expires_on   date,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_token_account_idx ON api_token (account_id);

CREATE TABLE web_session (
  id           bigserial PRIMARY KEY,
  account_id   bigint NOT NULL REFERENCES app_account,
  token_sha256 text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  csrf_token   text NOT NULL CHECK (csrf_token ~ '^[A-Za-z0-9_-]{43}$'),
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX web_session_account_idx ON web_session (account_id);

CREATE TRIGGER app_account_touch BEFORE UPDATE ON app_account
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- The account behind a change: set per connection by the API (trk_db_set_account); NULL for the
-- CLI and psql, whose changes are named by actor and db_role as before. (Added without defaults
-- first, so that earlier rows keep NULL.)
ALTER TABLE audit ADD COLUMN account_id bigint, ADD COLUMN account text;
ALTER TABLE audit
  ALTER COLUMN account_id SET DEFAULT nullif(current_setting('tracker.account_id', true), '')::bigint,
  ALTER COLUMN account SET DEFAULT nullif(current_setting('tracker.account', true), '');
CREATE INDEX audit_account_idx ON audit (account_id) WHERE account_id IS NOT NULL;

-- The audit of the account tables: like audit_row (001), but the row images leave out the
-- columns named as the trigger's arguments: secrets (password hashes, token digests, CSRF
-- tokens) never reach the audit trail, and the usage timestamps (last_used_at, last_seen_at),
-- which authentication touches, are not changes worth a row. An UPDATE that changes only
-- left-out columns writes no row (a password change shows as password_changed_at).
CREATE FUNCTION audit_filtered_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor text := coalesce(nullif(current_setting('tracker.actor', true), ''), current_user);
  o jsonb;
  n jsonb;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    o := to_jsonb(OLD) - TG_ARGV;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    n := to_jsonb(NEW) - TG_ARGV;
  END IF;
  IF TG_OP = 'UPDATE' AND o = n THEN
    RETURN NULL;
  END IF;
  INSERT INTO audit (table_name, row_id, op, old_row, new_row, actor)
    VALUES (TG_TABLE_NAME, coalesce(n->>'id', o->>'id')::bigint, TG_OP, o, n, actor);
  RETURN NULL;
END $$;

CREATE TRIGGER app_account_audit AFTER INSERT OR UPDATE OR DELETE ON app_account
  FOR EACH ROW EXECUTE FUNCTION audit_filtered_row('password_hash');
CREATE TRIGGER api_token_audit AFTER INSERT OR UPDATE OR DELETE ON api_token
  FOR EACH ROW EXECUTE FUNCTION audit_filtered_row('token_sha256', 'last_used_at');
CREATE TRIGGER web_session_audit AFTER INSERT OR UPDATE OR DELETE ON web_session
  FOR EACH ROW EXECUTE FUNCTION audit_filtered_row('token_sha256', 'csrf_token', 'last_seen_at');

-- Grants (the table owner grants what it owns, as in 013; roles made by the administrator).
--   tracker_writer       (the CLI, the API's writer connection) reads and writes accounts,
--                        tokens and sessions; accounts and tokens are disabled and revoked, never
--                        deleted; expired sessions may be deleted.
--   tracker_feed_reader  (tracker serve) authenticates tokens and sessions: it reads them and
--                        the accounts, but never a password hash (column privileges), and may
--                        only touch the usage timestamps. Password sign-in and creating sessions
--                        go through the writer connection.
DO $$
BEGIN
  IF to_regrole('tracker_writer') IS NOT NULL THEN
    GRANT SELECT, INSERT, UPDATE ON app_account, api_token, web_session TO tracker_writer;
    GRANT DELETE ON web_session TO tracker_writer;
    REVOKE DELETE ON app_account, api_token FROM tracker_writer;
    GRANT USAGE, SELECT ON SEQUENCE app_account_id_seq, api_token_id_seq, web_session_id_seq
      TO tracker_writer;
  END IF;
  IF to_regrole('tracker_feed_reader') IS NOT NULL THEN
    REVOKE ALL ON app_account FROM tracker_feed_reader;
    GRANT SELECT (id, login, name, role, password_changed_at, disabled_at, created_at, updated_at)
      ON app_account TO tracker_feed_reader;
    GRANT SELECT ON api_token, web_session TO tracker_feed_reader;
    GRANT UPDATE (last_used_at) ON api_token TO tracker_feed_reader;
    GRANT UPDATE (last_seen_at) ON web_session TO tracker_feed_reader;
  END IF;
END $$;
