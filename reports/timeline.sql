-- description: Events and deadlines in date order with their sources: one case, every case
--   carrying a tag, or every case in a jurisdiction (no parameter: every case).
-- param: case case - the case (id or external id)
-- param: tag text - only cases carrying this tag
-- param: jurisdiction text - only cases in this jurisdiction (e.g. RU)
-- param: from date - only items on or after this date
-- param: to date - only items on or before this date
-- section: items
SELECT coalesce(c.external_id, 'local:case:' || c.id) AS case_id, x.date, x.date_precision, x.item,
       x.id, x.type, x.outcome, x.title, x.status, x.party, x.body, x.amount, x.currency,
       x.sources
FROM (
  SELECT e.case_id, e.date, e.date_precision, 'event' AS item, 1 AS item_order, e.id AS seq,
         coalesce(e.external_id, 'local:event:' || e.id) AS id, e.type, e.outcome, e.title,
         NULL::text AS status, p.name AS party, b.name AS body, f.amount, f.currency,
         (SELECT coalesce(json_agg(json_build_object('url', s.url, 'title', s.title,
                                                     'publisher', s.publisher) ORDER BY s.id),
                          '[]'::json)
            FROM event_source es JOIN source s ON s.id = es.source_id
           WHERE es.event_id = e.id) AS sources
    FROM event e
    LEFT JOIN party p ON p.id = e.party_id
    LEFT JOIN body b ON b.id = e.body_id
    LEFT JOIN fine f ON f.event_id = e.id
  UNION ALL
  SELECT d.case_id, d.due_on, 'day', 'deadline', 2, d.id,
         coalesce(d.external_id, 'local:deadline:' || d.id), d.kind, NULL, d.title, d.status,
         NULL, NULL, NULL, NULL, '[]'::json
    FROM deadline d
   WHERE d.status <> 'superseded'
) x
JOIN legal_case c ON c.id = x.case_id
WHERE ($1::bigint IS NULL OR c.id = $1::bigint)
  AND ($2::text IS NULL OR $2::text = ANY (c.tags))
  AND ($3::text IS NULL OR c.jurisdiction = $3::text)
  AND ($4::date IS NULL OR x.date >= $4::date)
  AND ($5::date IS NULL OR x.date <= $5::date)
ORDER BY x.date, x.item_order, c.id, x.seq
