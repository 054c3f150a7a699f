-- 019_alerts: signed webhooks and e-mail digests with a transactional outbox (docs/alerts.md).
--
--   hook            where to POST, which events, which deadlines (case, jurisdiction or tag), the
--                   due_soon offsets, the signing secret, whether private addresses are allowed.
--   outbox          one row per change that some enabled hook wants, written by triggers on
--                   deadline, event and legal_case IN THE SAME TRANSACTION as the change: every
--                   code path (CLI, import, API, recomputation after a rule or calendar change)
--                   fires, and a rolled-back change never does. Its payload (the deadline as the
--                   CLI's `deadline show --json` shapes it, with its case and sources) is filled
--                   at commit, by a deferred trigger, so it shows the state as committed.
--   delivery        hook x outbox row: pending until delivered (or failed for good on a 4xx);
--                   workers claim due rows with FOR UPDATE SKIP LOCKED.
--   delivery_attempt every attempt: outcome, latency, response code, the next try.
--   due_soon_sent   (hook, deadline, offset, due date) once: due_soon fires once across restarts.
--   digest, digest_sent  e-mail digest subscriptions and one row per period sent.
--   alert_secret    the server secret that signs unsubscribe links (made by the worker with
--                   libsodium's CSPRNG on first use).
-- The hook's secret is stored as given: signing needs it (a hash would not do). Whoever can read
-- the hook table can forge signatures; the feed reader role may not read it (see the grants).

CREATE TABLE hook (
  id               bigserial PRIMARY KEY,
  url              text NOT NULL CHECK (url ~* '^https?://[^/?#[:space:]]+' AND length(url) <= 2000),
  events           text[] NOT NULL CHECK (cardinality(events) >= 1 AND events <@ ARRAY[
                     'deadline.created', 'deadline.changed', 'deadline.cancelled',
                     'deadline.due_soon', 'event.created', 'case.changed']::text[]),
  case_id          bigint REFERENCES legal_case ON DELETE CASCADE,
  jurisdiction     text REFERENCES jurisdiction,
  tag              text CHECK (tag <> ''),
  due_soon         int[] NOT NULL DEFAULT '{}'  -- minutes before the due date
                     CHECK (cardinality(due_soon) <= 16 AND 0 < ALL (due_soon) AND 527040 >= ALL (due_soon)),
  secret           text NOT NULL CHECK (length(secret) BETWEEN 16 AND 200),
  allow_private    boolean NOT NULL DEFAULT false,
  owner_account_id bigint,  -- app_account (015) when made through the API; NULL from the CLI
  description      text CHECK (length(description) <= 1000),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  failing_since    timestamptz,  -- first failure since the last success
  disabled_at      timestamptz,
  disabled_reason  text,
  CHECK ((case_id IS NOT NULL)::int + (jurisdiction IS NOT NULL)::int + (tag IS NOT NULL)::int <= 1),
  CHECK ((disabled_at IS NULL) = (disabled_reason IS NULL))
);
CREATE TRIGGER hook_touch BEFORE UPDATE ON hook FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE outbox (
  id           bigserial PRIMARY KEY,
  event_id     uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),  -- stable: the receiver's dedup key
  type         text NOT NULL,
  case_id      bigint,
  subject_id   bigint,          -- the deadline, event or case id
  snapshot     jsonb,           -- the row as the trigger saw it (for a deleted one)
  previous     jsonb,           -- changed fields' earlier values (deadline.changed, case.changed)
  extra        jsonb,           -- due_soon: the offset
  payload      jsonb,           -- filled at commit (or at once for due_soon and tests)
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  committed_at timestamptz      -- when the payload was filled: just before COMMIT
);

CREATE TABLE delivery (
  id              bigserial PRIMARY KEY,
  hook_id         bigint NOT NULL REFERENCES hook ON DELETE CASCADE,
  outbox_id       bigint NOT NULL REFERENCES outbox ON DELETE CASCADE,
  state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts        int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_code       int,
  last_error      text,
  delivered_at    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (hook_id, outbox_id)
);
CREATE INDEX delivery_due_idx ON delivery (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX delivery_outbox_idx ON delivery (outbox_id);

CREATE TABLE delivery_attempt (
  id              bigserial PRIMARY KEY,
  delivery_id     bigint NOT NULL REFERENCES delivery ON DELETE CASCADE,
  attempt         int NOT NULL,
  started_at      timestamptz NOT NULL,
  latency_ms      int NOT NULL,
  outcome         text NOT NULL CHECK (outcome IN ('ok', 'http_error', 'timeout', 'network',
                                                   'refused', 'rejected')),
  response_code   int,
  error           text,
  next_attempt_at timestamptz,  -- NULL: no further try
  UNIQUE (delivery_id, attempt)
);

CREATE TABLE due_soon_sent (
  hook_id        bigint NOT NULL REFERENCES hook ON DELETE CASCADE,
  deadline_id    bigint NOT NULL REFERENCES deadline ON DELETE CASCADE,
  offset_minutes int NOT NULL,
  due_on         date NOT NULL,  -- a deadline moved to another date is due soon again
  outbox_id      bigint REFERENCES outbox ON DELETE SET NULL,
  sent_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hook_id, deadline_id, offset_minutes, due_on)
);

CREATE TABLE digest (
  id              bigserial PRIMARY KEY,
  address         text NOT NULL CHECK (address ~ '^[^@[:space:]<>",;]{1,64}@[A-Za-z0-9.-]{1,253}$'),
  every           text NOT NULL CHECK (every IN ('day', 'week')),
  at_time         time NOT NULL DEFAULT '08:00',
  zone            text NOT NULL DEFAULT 'UTC',
  case_id         bigint REFERENCES legal_case ON DELETE CASCADE,
  jurisdiction    text REFERENCES jurisdiction,
  tag             text CHECK (tag <> ''),
  owner_account_id bigint,
  created_at      timestamptz NOT NULL DEFAULT now(),
  unsubscribed_at timestamptz,
  CHECK ((case_id IS NOT NULL)::int + (jurisdiction IS NOT NULL)::int + (tag IS NOT NULL)::int <= 1)
);

CREATE TABLE digest_sent (
  digest_id    bigint NOT NULL REFERENCES digest ON DELETE CASCADE,
  period_start date NOT NULL,
  sent_at      timestamptz NOT NULL DEFAULT now(),
  message_id   text,
  PRIMARY KEY (digest_id, period_start)
);

CREATE TABLE alert_secret (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  secret    text NOT NULL CHECK (length(secret) >= 43)
);

CREATE FUNCTION alert_case_doc(c legal_case) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
  SELECT CASE WHEN c.id IS NULL THEN NULL ELSE jsonb_build_object(
    'id', c.id, 'external_id', c.external_id, 'title', c.title, 'jurisdiction', c.jurisdiction,
    'status', c.status, 'docket', c.docket, 'procedure', c.procedure, 'tags', to_jsonb(c.tags),
    'summary', c.summary, 'updated_at', c.updated_at) END
  );
END $$;

-- The deadline as `tracker deadline show --json` shapes it (every column of the row, with the
-- names the CLI uses, and the case, trigger, rule and sources joined in): enough that a
-- receiver needs no second call. alert_deadline_extra() is the joined part; the commit-time fill
-- (alert_fill) computes the same for all rows of a transaction in one statement.
CREATE FUNCTION alert_deadline_extra(d deadline, c legal_case, e event, r rule) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'case_title', c.title, 'trigger_type', e.type, 'trigger_date', e.date::text,
    'trigger_title', e.title, 'rule', r.code, 'basis', r.basis, 'purpose', r.purpose,
    'computed', d.explanation->>'result',
    'case', alert_case_doc(c),
    'sources', coalesce((SELECT jsonb_agg(jsonb_build_object('id', s.id, 'url', s.url,
                 'title', s.title, 'publisher', s.publisher) ORDER BY s.id)
               FROM event_source es JOIN source s ON s.id = es.source_id
               WHERE es.event_id = d.trigger_event_id), '[]'::jsonb))
$$;

CREATE FUNCTION alert_deadline_doc(d deadline) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
  SELECT to_jsonb(d) || alert_deadline_extra(d, c, e, r)
  FROM (SELECT 1) one
  LEFT JOIN legal_case c ON c.id = d.case_id
  LEFT JOIN event e ON e.id = d.trigger_event_id
  LEFT JOIN rule r ON r.id = d.rule_id
  );
END $$;

CREATE FUNCTION alert_event_doc(e event) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
  SELECT jsonb_build_object(
    'id', e.id, 'case_id', e.case_id, 'type', e.type, 'date', e.date::text,
    'date_precision', e.date_precision, 'received_on', e.received_on::text,
    'outcome', e.outcome, 'title', e.title, 'description', e.description,
    'vacated', e.vacated, 'external_id', e.external_id,
    'case', alert_case_doc(c),
    'sources', coalesce((SELECT jsonb_agg(jsonb_build_object('id', s.id, 'url', s.url,
                 'title', s.title, 'publisher', s.publisher) ORDER BY s.id)
               FROM event_source es JOIN source s ON s.id = es.source_id
               WHERE es.event_id = e.id), '[]'::jsonb),
    'deadlines', coalesce((SELECT jsonb_agg(jsonb_build_object('id', d.id, 'kind', d.kind,
                 'title', d.title, 'due_on', d.due_on::text, 'later_on', d.later_on::text,
                 'status', d.status) ORDER BY d.due_on, d.id)
               FROM deadline d WHERE d.trigger_event_id = e.id), '[]'::jsonb))
  FROM (SELECT 1) one LEFT JOIN legal_case c ON c.id = e.case_id
  );
END $$;

-- The payload of an outbox row: the subject as committed (or, when gone, as last seen).
CREATE FUNCTION alert_payload(o outbox) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
  SELECT CASE
    WHEN o.type LIKE 'deadline.%' THEN jsonb_build_object('deadline', alert_deadline_doc(
           coalesce((SELECT d FROM deadline d WHERE d.id = o.subject_id),
                    jsonb_populate_record(NULL::deadline, o.snapshot))))
    WHEN o.type = 'event.created' THEN jsonb_build_object('event', alert_event_doc(
           coalesce((SELECT e FROM event e WHERE e.id = o.subject_id),
                    jsonb_populate_record(NULL::event, o.snapshot))))
    WHEN o.type = 'case.changed' THEN jsonb_build_object('case', alert_case_doc(
           coalesce((SELECT c FROM legal_case c WHERE c.id = o.subject_id),
                    jsonb_populate_record(NULL::legal_case, o.snapshot))))
    ELSE '{}'::jsonb END
    || CASE WHEN o.previous IS NOT NULL THEN jsonb_build_object('previous', o.previous)
            ELSE '{}'::jsonb END
    || coalesce(o.extra, '{}'::jsonb)
  );
END $$;

-- Outbox rows of one statement, with one delivery per matching enabled hook. `rows` holds
-- (type, case_id, subject_id, snapshot, previous).
CREATE FUNCTION alert_enqueue(rows jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  WITH o AS (
    INSERT INTO outbox (type, case_id, subject_id, snapshot, previous)
    SELECT x.type, x.case_id, x.subject_id, x.snapshot, x.previous
      FROM jsonb_to_recordset(rows) AS x(type text, case_id bigint, subject_id bigint,
                                         snapshot jsonb, previous jsonb)
     WHERE EXISTS (SELECT 1 FROM hook h WHERE h.disabled_at IS NULL AND x.type = ANY (h.events))
    RETURNING id, type, case_id)
  INSERT INTO delivery (hook_id, outbox_id)
  SELECT h.id, o.id
    FROM o LEFT JOIN legal_case c ON c.id = o.case_id
    JOIN hook h ON h.disabled_at IS NULL AND o.type = ANY (h.events)
     AND (h.case_id IS NULL OR h.case_id = o.case_id)
     AND (h.jurisdiction IS NULL OR h.jurisdiction = c.jurisdiction)
     AND (h.tag IS NULL OR h.tag = ANY (c.tags));
  IF FOUND THEN
    PERFORM pg_notify('tracker_outbox', '');
  END IF;
END $$;

-- The event types some enabled hook wants (NULL when none): each trigger returns at once when
-- none of its types is wanted, so tracker without hooks pays almost nothing.
CREATE FUNCTION alert_wanted() RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT array_agg(DISTINCT e) FROM hook h, unnest(h.events) AS e WHERE h.disabled_at IS NULL
$$;

CREATE FUNCTION alert_deadline_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  w text[] := alert_wanted();
BEGIN
  IF w IS NULL OR NOT w && ARRAY['deadline.created', 'deadline.changed', 'deadline.cancelled'] THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM alert_enqueue((SELECT jsonb_agg(jsonb_build_object('type', x.type,
             'case_id', x.case_id, 'subject_id', x.id, 'snapshot', to_jsonb(x.n)) ORDER BY x.id)
             FROM (SELECT CASE WHEN n.status IN ('vacated', 'superseded') THEN 'deadline.cancelled'
                               ELSE 'deadline.created' END AS type, n.case_id, n.id, n
                     FROM alert_new n) x
            WHERE x.type = ANY (w)));
  ELSIF TG_OP = 'UPDATE' THEN
    IF NOT w && ARRAY['deadline.changed', 'deadline.cancelled'] THEN
      RETURN NULL;
    END IF;
    PERFORM alert_enqueue((SELECT jsonb_agg(jsonb_build_object('type', x.type,
             'case_id', x.case_id, 'subject_id', x.id, 'snapshot', to_jsonb(x.n),
             'previous', x.previous) ORDER BY x.id)
             FROM (SELECT CASE WHEN n.status IN ('vacated', 'superseded')
                                AND o.status NOT IN ('vacated', 'superseded') THEN 'deadline.cancelled'
                               ELSE 'deadline.changed' END AS type, n.case_id, n.id, n,
                          jsonb_build_object('due_on', o.due_on::text,
                            'earliest_on', o.earliest_on::text, 'latest_on', o.latest_on::text,
                            'later_on', o.later_on::text, 'status', o.status, 'title', o.title,
                            'override_due', o.override_due::text, 'revision', o.revision) AS previous
                     FROM alert_old o JOIN alert_new n ON n.id = o.id
                    WHERE (o.due_on, o.earliest_on, o.latest_on, o.later_on, o.status, o.title,
                           o.kind, o.due_time, o.met_on, o.override_due)
                          IS DISTINCT FROM
                          (n.due_on, n.earliest_on, n.latest_on, n.later_on, n.status, n.title,
                           n.kind, n.due_time, n.met_on, n.override_due)) x
            WHERE x.type = ANY (w)));
  ELSE
    IF NOT 'deadline.cancelled' = ANY (w) THEN
      RETURN NULL;
    END IF;
    PERFORM alert_enqueue((SELECT jsonb_agg(jsonb_build_object('type', 'deadline.cancelled',
             'case_id', o.case_id, 'subject_id', o.id, 'snapshot', to_jsonb(o)) ORDER BY o.id)
             FROM alert_old o WHERE o.status NOT IN ('vacated', 'superseded')));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER deadline_alert_insert AFTER INSERT ON deadline
  REFERENCING NEW TABLE AS alert_new FOR EACH STATEMENT EXECUTE FUNCTION alert_deadline_rows();
CREATE TRIGGER deadline_alert_update AFTER UPDATE ON deadline
  REFERENCING OLD TABLE AS alert_old NEW TABLE AS alert_new
  FOR EACH STATEMENT EXECUTE FUNCTION alert_deadline_rows();
CREATE TRIGGER deadline_alert_delete AFTER DELETE ON deadline
  REFERENCING OLD TABLE AS alert_old FOR EACH STATEMENT EXECUTE FUNCTION alert_deadline_rows();

CREATE FUNCTION alert_event_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF 'event.created' = ANY (alert_wanted()) THEN
    PERFORM alert_enqueue((SELECT jsonb_agg(jsonb_build_object('type', 'event.created',
             'case_id', n.case_id, 'subject_id', n.id, 'snapshot', to_jsonb(n)) ORDER BY n.id)
             FROM alert_new n));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER event_alert_insert AFTER INSERT ON event
  REFERENCING NEW TABLE AS alert_new FOR EACH STATEMENT EXECUTE FUNCTION alert_event_rows();

CREATE FUNCTION alert_case_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF 'case.changed' = ANY (alert_wanted()) THEN
    PERFORM alert_enqueue((SELECT jsonb_agg(jsonb_build_object('type', 'case.changed',
             'case_id', n.id, 'subject_id', n.id, 'snapshot', to_jsonb(n),
             'previous', jsonb_build_object('title', o.title, 'status', o.status,
               'jurisdiction', o.jurisdiction, 'docket', o.docket, 'tags', to_jsonb(o.tags),
               'procedure', o.procedure)) ORDER BY n.id)
             FROM alert_old o JOIN alert_new n ON n.id = o.id
            WHERE (o.title, o.status, o.jurisdiction, o.docket, o.tags, o.procedure, o.summary,
                   o.body_id, o.external_id)
                  IS DISTINCT FROM
                  (n.title, n.status, n.jurisdiction, n.docket, n.tags, n.procedure, n.summary,
                   n.body_id, n.external_id)));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER legal_case_alert_update AFTER UPDATE ON legal_case
  REFERENCING OLD TABLE AS alert_old NEW TABLE AS alert_new
  FOR EACH STATEMENT EXECUTE FUNCTION alert_case_rows();

-- At commit: fill the payloads of this transaction's outbox rows. The deferred row trigger fires
-- for each row, in insertion order: the first fills every unfilled row from its id on (a range of
-- the primary key: this transaction's rows, and other transactions' that are invisible or
-- already filled) and remembers the highest id it saw for the rest of the transaction, so the
-- others return at once; a row inserted after that (a later statement under SET CONSTRAINTS
-- IMMEDIATE) fills again.
CREATE FUNCTION alert_fill() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  upto bigint := coalesce(nullif(current_setting('tracker.alert_filled_upto', true), ''), '0')::bigint;
  m bigint;
BEGIN
  IF NEW.id > upto THEN
    -- Deadlines, set-based (an import's thousands at once): the row as committed, or, when it
    -- is gone (deleted in this transaction), as the trigger saw it.
    UPDATE outbox o
       SET payload = jsonb_build_object('deadline', to_jsonb(x.d) || jsonb_build_object(
             'case_title', c.title, 'trigger_type', e.type, 'trigger_date', e.date::text,
             'trigger_title', e.title, 'rule', r.code, 'basis', r.basis, 'purpose', r.purpose,
             'computed', (x.d).explanation->>'result',
             'case', CASE WHEN c.id IS NULL THEN NULL ELSE jsonb_build_object(
               'id', c.id, 'external_id', c.external_id, 'title', c.title,
               'jurisdiction', c.jurisdiction, 'status', c.status, 'docket', c.docket,
               'procedure', c.procedure, 'tags', to_jsonb(c.tags), 'summary', c.summary,
               'updated_at', c.updated_at) END,
             'sources', coalesce(src.j, '[]'::jsonb)))
           || CASE WHEN o.previous IS NOT NULL THEN jsonb_build_object('previous', o.previous)
                   ELSE '{}'::jsonb END
           || coalesce(o.extra, '{}'::jsonb),
           committed_at = clock_timestamp()
      FROM (SELECT o2.id, coalesce(dl, jsonb_populate_record(NULL::deadline, o2.snapshot)) AS d
              FROM outbox o2 LEFT JOIN deadline dl ON dl.id = o2.subject_id
             WHERE o2.id >= NEW.id AND o2.payload IS NULL AND o2.type LIKE 'deadline.%') x
      LEFT JOIN legal_case c ON c.id = (x.d).case_id
      LEFT JOIN event e ON e.id = (x.d).trigger_event_id
      LEFT JOIN rule r ON r.id = (x.d).rule_id
      LEFT JOIN LATERAL (SELECT jsonb_agg(jsonb_build_object('id', s.id, 'url', s.url,
                  'title', s.title, 'publisher', s.publisher) ORDER BY s.id) AS j
                 FROM event_source es JOIN source s ON s.id = es.source_id
                WHERE es.event_id = (x.d).trigger_event_id) src ON true
     WHERE o.id = x.id;
    UPDATE outbox o SET payload = alert_payload(o), committed_at = clock_timestamp()
     WHERE o.id >= NEW.id AND o.payload IS NULL;
    SELECT max(id) INTO m FROM outbox WHERE id >= NEW.id;
    PERFORM set_config('tracker.alert_filled_upto', m::text, true);
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER outbox_fill AFTER INSERT ON outbox DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION alert_fill();

-- due_soon: for every enabled hook that wants it, the open deadlines of its filter whose offset
-- window has opened (due moment - offset <= now, the due day not over). Of the offsets open at
-- once for one deadline only the smallest fires; the others are recorded as passed. Returns the
-- number of outbox rows made. Runs in the caller's transaction (the worker's sweep).
CREATE FUNCTION alert_due_soon() RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  rec record;
  oid bigint;
  n int := 0;
BEGIN
  FOR rec IN
    SELECT h.id AS hook_id, d.id AS deadline_id, d.case_id, d.due_on,
           array_agg(off ORDER BY off) AS offs
      FROM hook h CROSS JOIN LATERAL unnest(h.due_soon) AS off
      JOIN deadline d ON d.status = 'open' AND d.kind <> 'in_force'
      JOIN legal_case c ON c.id = d.case_id
     WHERE h.disabled_at IS NULL AND 'deadline.due_soon' = ANY (h.events)
       AND (h.case_id IS NULL OR h.case_id = d.case_id)
       AND (h.jurisdiction IS NULL OR h.jurisdiction = c.jurisdiction)
       AND (h.tag IS NULL OR h.tag = ANY (c.tags))
       AND ((d.due_on + coalesce(d.due_time, '00:00'))::timestamp AT TIME ZONE coalesce(d.time_zone, 'UTC'))
           - off * interval '1 minute' <= now()
       AND ((d.due_on + coalesce(d.due_time, '00:00'))::timestamp AT TIME ZONE coalesce(d.time_zone, 'UTC'))
           + CASE WHEN d.due_time IS NULL THEN interval '1 day' ELSE interval '0' END > now()
       AND NOT EXISTS (SELECT 1 FROM due_soon_sent s WHERE s.hook_id = h.id
                        AND s.deadline_id = d.id AND s.offset_minutes = off AND s.due_on = d.due_on)
     GROUP BY h.id, d.id
  LOOP
    INSERT INTO outbox (type, case_id, subject_id, extra, payload, committed_at)
    SELECT 'deadline.due_soon', d.case_id, d.id,
           jsonb_build_object('offset_minutes', rec.offs[1]),
           jsonb_build_object('deadline', alert_deadline_doc(d), 'offset_minutes', rec.offs[1]),
           clock_timestamp()
      FROM deadline d WHERE d.id = rec.deadline_id
    RETURNING id INTO oid;
    INSERT INTO delivery (hook_id, outbox_id) VALUES (rec.hook_id, oid);
    INSERT INTO due_soon_sent (hook_id, deadline_id, offset_minutes, due_on, outbox_id)
    SELECT rec.hook_id, rec.deadline_id, o, rec.due_on, CASE WHEN o = rec.offs[1] THEN oid END
      FROM unnest(rec.offs) AS o
    ON CONFLICT DO NOTHING;
    n := n + 1;
  END LOOP;
  IF n > 0 THEN
    PERFORM pg_notify('tracker_outbox', '');
  END IF;
  RETURN n;
END $$;

-- Grants: the writer role works the outbox (the CLI and the worker log in with it); the feed
-- reader (tracker serve) may not read hook secrets, and may only mark a digest unsubscribed.
DO $$
BEGIN
  IF to_regrole('tracker_writer') IS NOT NULL THEN
    BEGIN
      GRANT SELECT, INSERT, UPDATE, DELETE ON hook, outbox, delivery, delivery_attempt,
        due_soon_sent, digest, digest_sent, alert_secret TO tracker_writer;
      GRANT USAGE, SELECT ON hook_id_seq, outbox_id_seq, delivery_id_seq, delivery_attempt_id_seq,
        digest_id_seq TO tracker_writer;
    EXCEPTION WHEN insufficient_privilege THEN
      NULL;
    END;
  END IF;
  IF to_regrole('tracker_feed_reader') IS NOT NULL THEN
    BEGIN
      REVOKE ALL ON hook, outbox, delivery, delivery_attempt, due_soon_sent FROM tracker_feed_reader;
      GRANT SELECT ON digest, alert_secret TO tracker_feed_reader;
      GRANT UPDATE (unsubscribed_at) ON digest TO tracker_feed_reader;
    EXCEPTION WHEN insufficient_privilege THEN
      NULL;
    END;
  END IF;
END $$;
