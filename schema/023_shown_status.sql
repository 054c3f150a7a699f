-- 023_shown_status: one owner for the status a deadline shows. An open deadline whose last
-- possible day has passed shows as "missed" (in_force is not a deadline to act by and stays
-- open); the stored status stays "open" (nothing is recorded as missed: a late filing may still
-- be entered). Until now the rule was written out in store/deadlines.h (the CLI, the API, feeds,
-- timelines) and again in the digest's SQL, and the webhook payloads carried the stored status
-- under the name `status` that `tracker deadline show --json` uses for the shown one.
--
-- deadline_shown_status() is that rule; TRK_SQL_DISPLAY_STATUS (store/deadlines.h) and the
-- digest call it (a plain SQL function: PostgreSQL inlines it). The payloads of deadline.*
-- events now carry `status` (shown, as of the commit's UTC date) and `stored_status`, like
-- `deadline show --json`, and so does their `previous`.

CREATE FUNCTION deadline_shown_status(status text, kind text, due date, latest date, asof date)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN status = 'open' AND kind <> 'in_force' AND coalesce(latest, due) < asof
              THEN 'missed' ELSE status END
$$;

-- The date the payloads' shown status is taken at: the UTC date of the commit.
CREATE FUNCTION alert_today() RETURNS date LANGUAGE sql STABLE AS $$
  SELECT (now() AT TIME ZONE 'UTC')::date
$$;

-- 019's joined part of a deadline's payload (alert_deadline_doc: due_soon, deletions), with the
-- shown and the stored status.
CREATE OR REPLACE FUNCTION alert_deadline_extra(d deadline, c legal_case, e event, r rule)
RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'case_title', c.title, 'trigger_type', e.type, 'trigger_date', e.date::text,
    'trigger_title', e.title, 'rule', r.code, 'basis', r.basis, 'purpose', r.purpose,
    'computed', d.explanation->>'result',
    'status', deadline_shown_status(d.status, d.kind, d.due_on, d.latest_on, alert_today()),
    'stored_status', d.status,
    'case', alert_case_doc(c),
    'sources', coalesce((SELECT jsonb_agg(jsonb_build_object('id', s.id, 'url', s.url,
                 'title', s.title, 'publisher', s.publisher) ORDER BY s.id)
               FROM event_source es JOIN source s ON s.id = es.source_id
               WHERE es.event_id = d.trigger_event_id), '[]'::jsonb))
$$;

-- 021's commit-time fill, with the same two members (and in `previous`).
CREATE OR REPLACE FUNCTION alert_fill() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  upto bigint := coalesce(nullif(current_setting('tracker.alert_filled_upto', true), ''), '0')::bigint;
  m bigint;
BEGIN
  IF NEW.id > upto THEN
    -- Deadlines, set-based (an import's thousands at once): the row as committed, or, when it
    -- is gone (deleted in this transaction), as the trigger saw it.
    UPDATE outbox o SET payload = p.j, payload_text = p.j::text, committed_at = clock_timestamp()
      FROM (SELECT x.id, jsonb_build_object('deadline', to_jsonb(x.d) || jsonb_build_object(
             'case_title', c.title, 'trigger_type', e.type, 'trigger_date', e.date::text,
             'trigger_title', e.title, 'rule', r.code, 'basis', r.basis, 'purpose', r.purpose,
             'computed', (x.d).explanation->>'result',
             'status', deadline_shown_status((x.d).status, (x.d).kind, (x.d).due_on,
                                             (x.d).latest_on, alert_today()),
             'stored_status', (x.d).status,
             'case', CASE WHEN c.id IS NULL THEN NULL ELSE jsonb_build_object(
               'id', c.id, 'external_id', c.external_id, 'title', c.title,
               'jurisdiction', c.jurisdiction, 'status', c.status, 'docket', c.docket,
               'procedure', c.procedure, 'tags', to_jsonb(c.tags), 'summary', c.summary,
               'updated_at', c.updated_at) END,
             'sources', coalesce(src.j, '[]'::jsonb)))
           || CASE WHEN x.previous IS NOT NULL THEN jsonb_build_object('previous', x.previous
                || jsonb_build_object('status', deadline_shown_status(x.previous->>'status',
                     (x.d).kind, (x.previous->>'due_on')::date, (x.previous->>'latest_on')::date,
                     alert_today()), 'stored_status', x.previous->>'status'))
                   ELSE '{}'::jsonb END
           || coalesce(x.extra, '{}'::jsonb) AS j
      FROM (SELECT o2.id, o2.previous, o2.extra,
                   coalesce(dl, jsonb_populate_record(NULL::deadline, o2.snapshot)) AS d
              FROM outbox o2 LEFT JOIN deadline dl ON dl.id = o2.subject_id
             WHERE o2.id >= NEW.id AND o2.payload IS NULL AND o2.type LIKE 'deadline.%') x
      LEFT JOIN legal_case c ON c.id = (x.d).case_id
      LEFT JOIN event e ON e.id = (x.d).trigger_event_id
      LEFT JOIN rule r ON r.id = (x.d).rule_id
      LEFT JOIN LATERAL (SELECT jsonb_agg(jsonb_build_object('id', s.id, 'url', s.url,
                  'title', s.title, 'publisher', s.publisher) ORDER BY s.id) AS j
                 FROM event_source es JOIN source s ON s.id = es.source_id
                WHERE es.event_id = (x.d).trigger_event_id) src ON true
    OFFSET 0) p  -- not flattened: j is computed once, not once per use
     WHERE o.id = p.id;
    UPDATE outbox o SET payload = p.j, payload_text = p.j::text, committed_at = clock_timestamp()
      FROM (SELECT o2.id, alert_payload(o2) AS j FROM outbox o2
             WHERE o2.id >= NEW.id AND o2.payload IS NULL OFFSET 0) p
     WHERE o.id = p.id;
    SELECT max(id) INTO m FROM outbox WHERE id >= NEW.id;
    PERFORM set_config('tracker.alert_filled_upto', m::text, true);
  END IF;
  RETURN NULL;
END $$;
