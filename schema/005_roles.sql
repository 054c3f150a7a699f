-- 005_roles: database roles so that nothing needs superuser rights at run time.
--   tracker_writer       what the CLI needs: read and write the data, never the schema; the
--                        audit trail and deadline history are append-only for it.
--   tracker_feed_reader  (004) what `tracker serve` needs: read only.
-- Grant them to login roles: GRANT tracker_writer TO analyst; GRANT tracker_feed_reader TO feeds;
-- Roles belong to the cluster: the first database creates them, later ones only grant. Without
-- CREATEROLE the roles are skipped (best effort) and the owner's rights apply as before.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tracker_writer') THEN
    BEGIN
      CREATE ROLE tracker_writer NOLOGIN;
    EXCEPTION WHEN OTHERS THEN  -- another database made it at the same moment, or no CREATEROLE
      NULL;
    END;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tracker_writer') THEN
    BEGIN
      GRANT USAGE ON SCHEMA public TO tracker_writer;
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tracker_writer;
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tracker_writer;
      REVOKE INSERT, UPDATE, DELETE ON schema_migration FROM tracker_writer;
      REVOKE UPDATE, DELETE ON audit, deadline_revision FROM tracker_writer;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public
        GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tracker_writer;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO tracker_writer;
    EXCEPTION WHEN OTHERS THEN  -- concurrent grants, or no right to grant
      NULL;
    END;
  END IF;
END $$;

-- The audit trail records the database role of each change too (actor is the person or program
-- tracker was told about: TRACKER_ACTOR or the OS user).
ALTER TABLE audit ADD COLUMN db_role text NOT NULL DEFAULT session_user;
