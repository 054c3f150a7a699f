/*
 * deadline_sql.c: the queries behind `tracker deadline list|show` and the API's /deadlines, so
 * that both answer from the same SQL (parameters: see deadlines.h).
 */
#include "deadlines.h"

#define DISPLAY_STATUS TRK_SQL_DISPLAY_STATUS("$1")

const char trk_sql_deadline_list[] =
    "SELECT * FROM (SELECT d.id, d.case_id, c.title AS case_title, d.trigger_event_id, d.kind,"
    " d.title, d.due_on::text AS due_on, d.earliest_on::text AS earliest_on,"
    " d.latest_on::text AS latest_on, " DISPLAY_STATUS " AS status, d.status AS stored_status,"
    " d.revision, r.code AS rule,"
    " coalesce(r.basis, CASE WHEN d.period_count IS NULL THEN 'fixed date'"
    "  ELSE 'explicit period' END) AS basis, d.period_count, d.period_unit, d.roll,"
    " d.met_by_event_id, d.external_id, d.later_on::text AS later_on, d.later_reason"
    " FROM deadline d JOIN legal_case c ON c.id = d.case_id LEFT JOIN rule r ON r.id = d.rule_id"
    " WHERE ($2::text IS NULL OR c.id::text = $2 OR c.external_id = $2)) s"
    " WHERE ($3::text IS NULL OR s.status = $3)"
    " AND ($4::int IS NULL OR (s.status = 'open' AND s.due_on::date <= $1::date + $4::int))"
    " AND (NOT $5::bool OR s.status = 'missed')"
    " ORDER BY s.due_on, s.id";

const char trk_sql_deadline_show[] =
    "SELECT d.id, d.case_id, c.title AS case_title, d.trigger_event_id, e.type AS trigger_type,"
    " e.date::text AS trigger_date, e.title AS trigger_title, d.kind, d.title,"
    " d.due_on::text AS due_on, d.earliest_on::text AS earliest_on,"
    " d.latest_on::text AS latest_on, " DISPLAY_STATUS " AS status, d.status AS stored_status,"
    " d.met_by_event_id, d.met_on::text AS met_on, d.rule_id, r.code AS rule, r.basis,"
    " d.period_count, d.period_unit,"
    " d.roll, d.extra_days, d.revision, d.external_id, d.later_on::text AS later_on,"
    " d.later_reason, r.purpose, d.explanation, d.created_at::text AS created_at,"
    " d.updated_at::text AS updated_at, d.override_due::text AS override_due,"
    " d.override_reason, d.override_by,"
    " to_char(d.override_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC' AS override_at,"
    " d.explanation->>'result' AS computed"
    " FROM deadline d JOIN legal_case c ON c.id = d.case_id"
    " LEFT JOIN event e ON e.id = d.trigger_event_id LEFT JOIN rule r ON r.id = d.rule_id"
    " WHERE d.id = $2::bigint";

const char trk_sql_deadline_history[] =
    "SELECT revision, due_on::text AS due_on, earliest_on::text AS earliest_on,"
    " latest_on::text AS latest_on, later_on::text AS later_on, status, reason,"
    " changed_at::text AS changed_at"
    " FROM deadline_revision WHERE deadline_id = $1::bigint ORDER BY revision";
