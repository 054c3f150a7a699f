-- description: The whole dossier of one case: the case, its parties, events with sources,
--   fines with equivalents, deadlines with their rules, and the sources cited.
-- param: case case required - the case (id or external id)
-- section: case
SELECT coalesce(c.external_id, 'local:case:' || c.id) AS id, c.title, c.jurisdiction,
       j.name AS jurisdiction_name, b.name AS body, c.docket, c.status, c.summary,
       array_to_json(c.tags) AS tags, c.version
  FROM legal_case c JOIN jurisdiction j ON j.code = c.jurisdiction
  LEFT JOIN body b ON b.id = c.body_id
 WHERE c.id = $1::bigint
-- section: parties
SELECT coalesce(p.external_id, 'local:party:' || p.id) AS id, p.name, p.kind, cp.role
  FROM case_party cp JOIN party p ON p.id = cp.party_id
 WHERE cp.case_id = $1::bigint ORDER BY p.id, cp.role
-- section: events
SELECT coalesce(e.external_id, 'local:event:' || e.id) AS id, e.date, e.date_precision,
       to_char(e.time, 'HH24:MI') AS time, e.time_zone, e.received_on, e.type, e.outcome,
       e.title, e.description, b.name AS body, p.name AS party, e.vacated,
       (SELECT coalesce(json_agg(coalesce(s.external_id, 'local:source:' || s.id) ORDER BY s.id), '[]'::json)
          FROM event_source es JOIN source s ON s.id = es.source_id
         WHERE es.event_id = e.id) AS sources
  FROM event e LEFT JOIN body b ON b.id = e.body_id LEFT JOIN party p ON p.id = e.party_id
 WHERE e.case_id = $1::bigint ORDER BY e.date, e.id
-- section: fines
SELECT coalesce(e.external_id, 'local:event:' || e.id) AS event_id, e.date, f.amount, f.currency,
       f.paid, f.paid_on, coalesce(a.name, eb.name) AS authority, pp.name AS payer,
       (SELECT coalesce(json_agg(json_build_object('amount', q.amount::text, 'currency', q.currency,
                                                   'as_of', q.as_of, 'rate', q.rate::text,
                                                   'note', q.note) ORDER BY q.id), '[]'::json)
          FROM fine_equivalent q WHERE q.fine_id = f.id) AS equivalents
  FROM fine f JOIN event e ON e.id = f.event_id
  LEFT JOIN body a ON a.id = f.authority_id LEFT JOIN body eb ON eb.id = e.body_id
  LEFT JOIN party pp ON pp.id = f.payer_id
 WHERE e.case_id = $1::bigint ORDER BY e.date, e.id
-- section: deadlines
SELECT coalesce(d.external_id, 'local:deadline:' || d.id) AS id, d.kind, d.title, d.due_on,
       d.earliest_on, d.latest_on, d.status, d.revision,
       coalesce(e.external_id, 'local:event:' || e.id) AS trigger_event, r.code AS rule,
       r.basis AS rule_basis, d.period_count, d.period_unit, d.roll
  FROM deadline d LEFT JOIN event e ON e.id = d.trigger_event_id LEFT JOIN rule r ON r.id = d.rule_id
 WHERE d.case_id = $1::bigint AND d.status <> 'superseded' ORDER BY d.due_on, d.id
-- section: sources
SELECT DISTINCT ON (s.id) coalesce(s.external_id, 'local:source:' || s.id) AS id, s.url, s.publisher,
       s.title, s.published_on, s.retrieved_on
  FROM source s JOIN event_source es ON es.source_id = s.id JOIN event e ON e.id = es.event_id
 WHERE e.case_id = $1::bigint ORDER BY s.id
