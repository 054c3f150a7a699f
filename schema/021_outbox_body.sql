-- 021_outbox_body: the payload kept as text as well (outbox.payload_text), rendered once at
-- commit by the deferred fill (alert_fill), so that claiming a delivery fetches text instead of
-- serialising the jsonb again at every attempt (docs/alerts.md, "Speed"). The worker builds the
-- body {"id": .., "data": <payload_text>, "time": .., "type": .., "hook_id": N} from it, byte
-- for byte what jsonb_build_object(...)::text made before.
--
-- payload (jsonb) stays the source of truth for every other reader (digests, due_soon, tests).
-- payload_text is either NULL (rows written before this migration, `hook test`, due_soon
-- events: the worker falls back to payload::text) or payload::text of the current payload: an
-- UPDATE that sets payload without setting payload_text clears it (outbox_payload_text_reset),
-- so a stale text is never sent.

ALTER TABLE outbox ADD COLUMN payload_text text;

-- lz4 decompresses several times faster than the default pglz (the text is read at every
-- attempt); a server built without lz4 keeps the default.
DO $$
BEGIN
  ALTER TABLE outbox ALTER COLUMN payload_text SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END $$;

CREATE FUNCTION alert_payload_text_reset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.payload_text := NULL;
  RETURN NEW;
END $$;
-- The WHEN clause is evaluated without calling the function: the fill, which sets both
-- columns, pays only the comparison.
CREATE TRIGGER outbox_payload_text_reset BEFORE UPDATE OF payload ON outbox FOR EACH ROW
  WHEN (NEW.payload_text IS NOT DISTINCT FROM OLD.payload_text)
  EXECUTE FUNCTION alert_payload_text_reset();

-- alert_fill of 019, with payload_text set from the same value in the same UPDATE (the value is
-- made in a subquery kept apart by OFFSET 0: flattened, its expression would be evaluated twice).
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
             'case', CASE WHEN c.id IS NULL THEN NULL ELSE jsonb_build_object(
               'id', c.id, 'external_id', c.external_id, 'title', c.title,
               'jurisdiction', c.jurisdiction, 'status', c.status, 'docket', c.docket,
               'procedure', c.procedure, 'tags', to_jsonb(c.tags), 'summary', c.summary,
               'updated_at', c.updated_at) END,
             'sources', coalesce(src.j, '[]'::jsonb)))
           || CASE WHEN x.previous IS NOT NULL THEN jsonb_build_object('previous', x.previous)
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
