-- 013_feed_reader_grants: the read-only role's rights no longer depend on the migrating role
-- being able to create or grant roles.
--
-- Roles are created by the database administrator (README: your own PostgreSQL); the role that
-- migrates owns the tables and needs no CREATEROLE. Migration 004 granted SELECT to
-- tracker_feed_reader only together with its membership for the migrating role, which needs
-- CREATEROLE (or ADMIN on the role): without it none of 004's grants happened. Here the table
-- owner grants what it owns, and nothing else. `tracker serve` logs in as tracker_feed_reader
-- itself (or a login role that inherits it).
DO $$
BEGIN
  IF to_regrole('tracker_feed_reader') IS NOT NULL THEN
    BEGIN
      GRANT USAGE ON SCHEMA public TO tracker_feed_reader;
    EXCEPTION WHEN insufficient_privilege THEN  -- public's USAGE is PUBLIC's anyway
      NULL;
    END;
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO tracker_feed_reader;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO tracker_feed_reader;
  END IF;
END $$;
