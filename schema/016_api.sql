-- 016_api: what the HTTP API (tracker serve --app) keeps for itself.
--
-- api_idempotency: the answer to a POST sent with an Idempotency-Key, per account and key, so
-- that a retried request (a timeout, a dropped connection) gets the same answer and creates one
-- record. The request's method, path and body hash are kept: the same key with another request
-- is refused (409). Rows older than a day may be deleted (the API does so as it goes).
CREATE TABLE api_idempotency (
  account_id   bigint      NOT NULL,
  key          text        NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  method       text        NOT NULL,
  path         text        NOT NULL,
  body_sha256  text        NOT NULL,
  status       int         NOT NULL,
  location     text,
  body         text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, key)
);
CREATE INDEX api_idempotency_created_idx ON api_idempotency (created_at);

DO $$
BEGIN
  IF to_regrole('tracker_writer') IS NOT NULL THEN
    GRANT SELECT, INSERT, UPDATE, DELETE ON api_idempotency TO tracker_writer;
  END IF;
END $$;
