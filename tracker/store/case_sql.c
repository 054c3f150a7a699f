/*
 * case_sql.c: the query behind `tracker case list` and the API's GET /cases, so that both list
 * the same rows (parameters: see entities.h).
 */
#include "entities.h"

const char trk_sql_case_list[] =
    "SELECT c.id, c.title, c.jurisdiction, c.procedure, c.status, c.docket, b.name AS body,"
    " c.external_id, to_jsonb(c.tags) AS tags,"
    " (SELECT count(*) FROM event e WHERE e.case_id = c.id)::int AS events,"
    " (SELECT min(d.due_on)::text FROM deadline d WHERE d.case_id = c.id AND d.status = 'open'"
    "   AND coalesce(d.latest_on, d.due_on) >= $2::date) AS next_deadline,"
    " c.version, c.created_at, c.updated_at"
    " FROM legal_case c LEFT JOIN body b ON b.id = c.body_id"
    " WHERE ($1::text IS NULL OR c.jurisdiction = $1)"
    "   AND ($3::text IS NULL OR $3 = ANY (c.tags))"
    "   AND ($4::text IS NULL OR c.status = $4)"
    "   AND ($5::text IS NULL OR c.external_id = $5)"
    " ORDER BY c.id";
