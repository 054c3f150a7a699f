-- 004_feeds: subscribable calendar feeds, per-case alarm settings, a stable UID host part, a
-- change marker that lets the feed server revalidate without re-rendering, and a read-only role
-- for the server.

-- One row: the host part of every calendar UID ("deadline-42@<uid_host>"). Random once per
-- database, kept by dumps and restores, so UIDs never depend on row order or export time.
CREATE TABLE tracker_instance (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  uid_host  text NOT NULL CHECK (uid_host ~ '^[a-z0-9.-]{1,100}$')
              DEFAULT (substr(md5(gen_random_uuid()::text), 1, 12) || '.tracker')
);
INSERT INTO tracker_instance DEFAULT VALUES;

-- Alarms of one case's deadlines in calendars (minutes before the deadline), when they differ
-- from the default 7 days and 1 day. A feed's or an export's own --alarms wins over these.
CREATE TABLE case_alarm (
  case_id    bigint PRIMARY KEY REFERENCES legal_case ON DELETE CASCADE,
  alarms     int[]  NOT NULL CHECK (cardinality(alarms) <= 16 AND 0 <= ALL (alarms)
                                    AND 527040 >= ALL (alarms)),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A subscribable feed. Only the SHA-256 of its secret token is stored (hex); the token itself is
-- shown once, when the feed is created. A revoked feed answers 404 for ever.
CREATE TABLE feed (
  id             bigserial PRIMARY KEY,
  name           text NOT NULL CHECK (name <> '' AND length(name) <= 1000),
  case_id        bigint REFERENCES legal_case ON DELETE CASCADE,
  jurisdiction   text REFERENCES jurisdiction,
  tag            text CHECK (tag <> ''),
  include_events boolean NOT NULL DEFAULT false,
  alarms         int[] CHECK (alarms IS NULL OR (cardinality(alarms) <= 16 AND 0 <= ALL (alarms)
                                                 AND 527040 >= ALL (alarms))),  -- NULL: per case
  reminders      int[] NOT NULL DEFAULT '{}'
                   CHECK (cardinality(reminders) <= 16 AND 0 <= ALL (reminders)),  -- minutes, whole days
  token_sha256   text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  created_at     timestamptz NOT NULL DEFAULT now(),
  revoked_at     timestamptz
);

-- The change marker: one row whose generation goes up with every statement that changes what a
-- calendar can show. It is transactional (readers see it move together with the data), so the
-- server polls this one row and re-renders a feed only when it moved.
CREATE TABLE change_marker (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  generation bigint NOT NULL DEFAULT 1,
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO change_marker DEFAULT VALUES;

CREATE FUNCTION bump_change_marker() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE change_marker SET generation = generation + 1, changed_at = clock_timestamp();
  RETURN NULL;
END $$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['legal_case', 'event', 'deadline', 'source', 'event_source', 'fine',
                           'jurisdiction', 'feed', 'case_alarm', 'tracker_instance', 'rule'] LOOP
    IF to_regclass(t) IS NOT NULL THEN
      EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I'
                     ' FOR EACH STATEMENT EXECUTE FUNCTION bump_change_marker()',
                     t || '_change_marker', t);
    END IF;
  END LOOP;
END $$;

-- The feed server's role: read-only, granted to the role that migrates (roles are per cluster:
-- the first database creates it, later ones only grant). Skipped without CREATEROLE.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tracker_feed_reader') THEN
    BEGIN
      CREATE ROLE tracker_feed_reader NOLOGIN;
    EXCEPTION WHEN OTHERS THEN  -- best effort: another migration made it, or no CREATEROLE
      NULL;
    END;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tracker_feed_reader') THEN
    BEGIN
      EXECUTE format('GRANT tracker_feed_reader TO %I', current_user);
      GRANT USAGE ON SCHEMA public TO tracker_feed_reader;
      GRANT SELECT ON ALL TABLES IN SCHEMA public TO tracker_feed_reader;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO tracker_feed_reader;
    EXCEPTION WHEN OTHERS THEN  -- best effort: concurrent grants, or no right to grant
      NULL;
    END;
  END IF;
END $$;
