-- description: Deadlines in a window around a date: upcoming (open, not yet passed), overdue
--   (open and past their last day), met, missed and vacated, with the rule that produced each.
-- param: as_of date default=today - the date against which deadlines are upcoming or overdue
-- param: from date - window start (default: as_of minus 90 days)
-- param: to date - window end (default: as_of plus 90 days)
-- param: case case - only this case
-- param: jurisdiction text - only cases in this jurisdiction
-- param: state text - only deadlines in this state (upcoming, overdue, met, missed, vacated)
-- section: summary
WITH d AS (
  SELECT CASE WHEN d.status = 'open' AND coalesce(d.latest_on, d.due_on) < $1::date THEN 'overdue'
              WHEN d.status = 'open' THEN 'upcoming' ELSE d.status END AS state
    FROM deadline d JOIN legal_case c ON c.id = d.case_id
   WHERE d.status <> 'superseded'
     AND d.due_on >= coalesce($2::date, $1::date - 90)
     AND d.due_on <= coalesce($3::date, $1::date + 90)
     AND ($4::bigint IS NULL OR c.id = $4::bigint)
     AND ($5::text IS NULL OR c.jurisdiction = $5::text))
SELECT s.state, count(d.state) AS deadlines
  FROM (VALUES (1, 'upcoming'), (2, 'overdue'), (3, 'met'), (4, 'missed'), (5, 'vacated'))
       AS s (n, state)
  LEFT JOIN d ON d.state = s.state
 WHERE $6::text IS NULL OR s.state = $6::text
 GROUP BY s.n, s.state ORDER BY s.n
-- section: deadlines
WITH d AS (
  SELECT d.*, CASE WHEN d.status = 'open' AND coalesce(d.latest_on, d.due_on) < $1::date
                   THEN 'overdue' WHEN d.status = 'open' THEN 'upcoming' ELSE d.status END AS state,
         coalesce(c.external_id, 'local:case:' || c.id) AS case_ext, c.title AS case_title,
         c.jurisdiction
    FROM deadline d JOIN legal_case c ON c.id = d.case_id
   WHERE d.status <> 'superseded'
     AND d.due_on >= coalesce($2::date, $1::date - 90)
     AND d.due_on <= coalesce($3::date, $1::date + 90)
     AND ($4::bigint IS NULL OR c.id = $4::bigint)
     AND ($5::text IS NULL OR c.jurisdiction = $5::text))
SELECT d.case_ext AS case_id, d.case_title, coalesce(d.external_id, 'local:deadline:' || d.id) AS id,
       d.kind, d.title, d.due_on, d.earliest_on, d.latest_on, d.later_on, d.later_reason,
       d.state, d.status,
       (d.due_on - $1::date) AS days_left, d.revision,
       coalesce(e.external_id, 'local:event:' || e.id) AS trigger_event, e.type AS trigger_type,
       e.date AS trigger_date, e.received_on AS trigger_received_on,
       r.code AS rule, r.basis AS rule_basis,
       coalesce(d.period_count, r.period_count) AS period_count,
       coalesce(d.period_unit, r.period_unit) AS period_unit, coalesce(d.roll, r.roll) AS roll,
       coalesce(m.external_id, 'local:event:' || m.id) AS met_by
  FROM d
  LEFT JOIN event e ON e.id = d.trigger_event_id
  LEFT JOIN rule r ON r.id = d.rule_id
  LEFT JOIN event m ON m.id = d.met_by_event_id
 WHERE $6::text IS NULL OR d.state = $6::text
 ORDER BY d.due_on, d.case_ext, d.id
