-- description: Fines: counts and totals by currency, jurisdiction, authority and year, each in
--   its own currency (different currencies are never added up); totals in a currency over the
--   fines whose amount in it is known natively or from a recorded equivalent; the largest fines
--   per currency; paid and unpaid.
-- param: jurisdiction text - only cases in this jurisdiction (e.g. RU)
-- param: from date - only fines whose event is on or after this date
-- param: to date - only fines whose event is on or before this date
-- param: limit int default=10 - how many of the largest fines to list per currency
-- param: case case - only this case
-- section: totals
WITH f AS (
  SELECT f.amount, f.currency, f.paid
    FROM fine f JOIN event e ON e.id = f.event_id JOIN legal_case c ON c.id = e.case_id
   WHERE ($1::text IS NULL OR c.jurisdiction = $1::text)
     AND ($2::date IS NULL OR e.date >= $2::date) AND ($3::date IS NULL OR e.date <= $3::date)
     AND ($5::bigint IS NULL OR c.id = $5::bigint))
SELECT currency, count(*) AS fines, sum(amount) AS total_amount,
       count(*) FILTER (WHERE paid) AS paid_fines,
       coalesce(sum(amount) FILTER (WHERE paid), 0) AS paid_amount,
       count(*) FILTER (WHERE NOT paid) AS unpaid_fines,
       coalesce(sum(amount) FILTER (WHERE NOT paid), 0) AS unpaid_amount
  FROM f GROUP BY currency ORDER BY currency
-- section: by_jurisdiction
WITH f AS (
  SELECT f.amount, f.currency, f.paid, c.jurisdiction
    FROM fine f JOIN event e ON e.id = f.event_id JOIN legal_case c ON c.id = e.case_id
   WHERE ($1::text IS NULL OR c.jurisdiction = $1::text)
     AND ($2::date IS NULL OR e.date >= $2::date) AND ($3::date IS NULL OR e.date <= $3::date)
     AND ($5::bigint IS NULL OR c.id = $5::bigint))
SELECT jurisdiction, currency, count(*) AS fines, sum(amount) AS total_amount,
       count(*) FILTER (WHERE NOT paid) AS unpaid_fines,
       coalesce(sum(amount) FILTER (WHERE NOT paid), 0) AS unpaid_amount
  FROM f GROUP BY jurisdiction, currency ORDER BY jurisdiction, currency
-- section: by_authority
WITH f AS (
  SELECT f.amount, f.currency, f.paid, coalesce(a.name, eb.name, cb.name) AS authority
    FROM fine f JOIN event e ON e.id = f.event_id JOIN legal_case c ON c.id = e.case_id
    LEFT JOIN body a ON a.id = f.authority_id
    LEFT JOIN body eb ON eb.id = e.body_id
    LEFT JOIN body cb ON cb.id = c.body_id
   WHERE ($1::text IS NULL OR c.jurisdiction = $1::text)
     AND ($2::date IS NULL OR e.date >= $2::date) AND ($3::date IS NULL OR e.date <= $3::date)
     AND ($5::bigint IS NULL OR c.id = $5::bigint))
SELECT authority, currency, count(*) AS fines, sum(amount) AS total_amount,
       count(*) FILTER (WHERE NOT paid) AS unpaid_fines,
       coalesce(sum(amount) FILTER (WHERE NOT paid), 0) AS unpaid_amount
  FROM f GROUP BY authority, currency ORDER BY authority NULLS LAST, currency
-- section: by_year
WITH f AS (
  SELECT f.amount, f.currency, f.paid, extract(year FROM e.date)::int AS year
    FROM fine f JOIN event e ON e.id = f.event_id JOIN legal_case c ON c.id = e.case_id
   WHERE ($1::text IS NULL OR c.jurisdiction = $1::text)
     AND ($2::date IS NULL OR e.date >= $2::date) AND ($3::date IS NULL OR e.date <= $3::date)
     AND ($5::bigint IS NULL OR c.id = $5::bigint))
SELECT year, currency, count(*) AS fines, sum(amount) AS total_amount,
       count(*) FILTER (WHERE NOT paid) AS unpaid_fines,
       coalesce(sum(amount) FILTER (WHERE NOT paid), 0) AS unpaid_amount
  FROM f GROUP BY year, currency ORDER BY year, currency
-- section: in_currency
WITH f AS (
  SELECT f.id, f.amount, f.currency
    FROM fine f JOIN event e ON e.id = f.event_id JOIN legal_case c ON c.id = e.case_id
   WHERE ($1::text IS NULL OR c.jurisdiction = $1::text)
     AND ($2::date IS NULL OR e.date >= $2::date) AND ($3::date IS NULL OR e.date <= $3::date)
     AND ($5::bigint IS NULL OR c.id = $5::bigint)),
t AS (
  SELECT currency, amount, true AS native FROM f
  UNION ALL
  SELECT q.currency, q.amount, false FROM f JOIN fine_equivalent q ON q.fine_id = f.id)
SELECT currency, count(*) AS fines, count(*) FILTER (WHERE native) AS native_fines,
       count(*) FILTER (WHERE NOT native) AS converted_fines, sum(amount) AS total_amount,
       (SELECT count(*) FROM f) - count(*) AS fines_not_included
  FROM t GROUP BY currency ORDER BY currency
-- section: largest
WITH f AS (
  SELECT f.id, f.amount, f.currency, f.paid, f.paid_on, e.date,
         coalesce(c.external_id, 'local:case:' || c.id) AS case_id, c.title AS case_title,
         coalesce(e.external_id, 'local:event:' || e.id) AS event_id,
         coalesce(a.name, eb.name, cb.name) AS authority, c.jurisdiction
    FROM fine f JOIN event e ON e.id = f.event_id JOIN legal_case c ON c.id = e.case_id
    LEFT JOIN body a ON a.id = f.authority_id
    LEFT JOIN body eb ON eb.id = e.body_id
    LEFT JOIN body cb ON cb.id = c.body_id
   WHERE ($1::text IS NULL OR c.jurisdiction = $1::text)
     AND ($2::date IS NULL OR e.date >= $2::date) AND ($3::date IS NULL OR e.date <= $3::date)
     AND ($5::bigint IS NULL OR c.id = $5::bigint)),
r AS (
  SELECT f.*, row_number() OVER (PARTITION BY currency ORDER BY amount DESC, date, id) AS rank
    FROM f)
SELECT currency, rank::int AS rank, amount, paid, paid_on, date, case_id, case_title, event_id,
       jurisdiction, authority,
       (SELECT coalesce(json_agg(json_build_object('amount', q.amount::text, 'currency', q.currency,
                                                   'as_of', q.as_of, 'rate', q.rate::text,
                                                   'note', q.note) ORDER BY q.currency),
                        '[]'::json)
          FROM fine_equivalent q WHERE q.fine_id = r.id) AS equivalents
  FROM r WHERE rank <= $4::int ORDER BY currency, rank
