/*
 * history.c: the audit trail of a case, an event or a deadline, with per-field differences and
 * what else changed in the same transaction (see history.h).
 */
#include "history.h"

#include <stdio.h>

/* A jsonb value with numbers as strings, so that amounts keep their exact digits (money is never
 * a double, here neither). */
#define EXACT(V) "(CASE jsonb_typeof(" V ") WHEN 'number' THEN to_jsonb(" V " #>> '{}') ELSE " V " END)"

/* The differing fields of audit row X as a jsonb array (SQL over the alias X). */
#define CHANGES(X)                                                                                 \
    "coalesce((SELECT jsonb_agg(jsonb_build_object('field', k, 'old', " EXACT(X ".old_row->k")     \
    ", 'new', " EXACT(X ".new_row->k") ") ORDER BY k) FROM jsonb_object_keys(coalesce(" X          \
    ".new_row, " X ".old_row)) k"                                                                  \
    " WHERE k NOT IN ('id', 'created_at', 'updated_at', 'explanation') AND " X ".op <> 'DELETE'" \
    " AND (" X ".old_row->k) IS DISTINCT FROM (" X ".new_row->k)"                                  \
    " AND NOT (" X ".op = 'INSERT' AND jsonb_typeof(" X ".new_row->k) = 'null')), '[]')"

static const char select_sql[] =
    "SELECT r.id, to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS at,"
    " r.actor, r.db_role, r.account_id, r.account, r.op, r.table_name, r.row_id,"
    " coalesce(r.new_row, r.old_row)->>'title' AS title, r.cause, r.xact, " CHANGES("r")
    " AS changes,"
    " (r.op = 'UPDATE' AND (r.old_row->'explanation') IS DISTINCT FROM"
    "  (r.new_row->'explanation')) AS explanation_changed,"
    " coalesce((SELECT jsonb_agg(jsonb_build_object('table', o.table_name, 'id', o.row_id, 'key',"
    "   o.row_key, 'op', o.op, 'title', CASE WHEN o.table_name = 'rule'"
    "   THEN coalesce(o.new_row->>'code', o.old_row->>'code') ELSE coalesce(o.new_row->>'title',"
    "   o.old_row->>'title', o.new_row->>'name', o.old_row->>'name') END,"
    "   'changes', " CHANGES("o") ") ORDER BY o.id)"
    "  FROM (SELECT * FROM audit o WHERE r.xact IS NOT NULL AND o.xact = r.xact"
    "   AND o.table_name <> 'deadline' AND o.id <> r.id ORDER BY o.id LIMIT 10) o), '[]')"
    " AS related,"
    " (SELECT count(*) FROM audit o WHERE r.xact IS NOT NULL AND o.xact = r.xact"
    "  AND o.table_name <> 'deadline' AND o.id <> r.id) AS related_count"
    " FROM audit r WHERE ";

static const char case_where[] =
    "(r.table_name = 'legal_case' AND r.row_id = $1::bigint)"
    " OR (r.table_name IN ('event', 'deadline')"
    "  AND coalesce(r.new_row, r.old_row)->>'case_id' = $1::text)"
    " OR (r.table_name = 'fine' AND coalesce(r.new_row, r.old_row)->>'event_id' IN"
    "  (SELECT e.row_id::text FROM audit e WHERE e.table_name = 'event'"
    "   AND coalesce(e.new_row, e.old_row)->>'case_id' = $1::text))"
    " ORDER BY r.id";

static const char event_where[] =
    "(r.table_name = 'event' AND r.row_id = $1::bigint)"
    " OR (r.table_name = 'fine' AND coalesce(r.new_row, r.old_row)->>'event_id' = $1::text)"
    " OR (r.table_name = 'deadline' AND (r.old_row->>'trigger_event_id' = $1::text"
    "  OR r.new_row->>'trigger_event_id' = $1::text))"
    " ORDER BY r.id";

static const char deadline_where[] =
    "r.table_name = 'deadline' AND r.row_id = $1::bigint ORDER BY r.id";

static const char hook_where[] =
    "(r.table_name = 'hook' AND r.row_id = $1::bigint)"
    " OR (r.table_name = 'delivery' AND coalesce(r.new_row, r.old_row)->>'hook_id' = $1::text)"
    " ORDER BY r.id";

static const char digest_where[] =
    "r.table_name = 'digest' AND r.row_id = $1::bigint ORDER BY r.id";

trk_res *trk_history_query(trk_db *db, trk_history_scope scope, long long id)
{
    const char *where = scope == TRK_HISTORY_CASE     ? case_where
                        : scope == TRK_HISTORY_EVENT  ? event_where
                        : scope == TRK_HISTORY_HOOK   ? hook_where
                        : scope == TRK_HISTORY_DIGEST ? digest_where
                                                      : deadline_where;
    char sql[sizeof select_sql + sizeof case_where + 8], ids[24];
    snprintf(sql, sizeof sql, "%s%s", select_sql, where);
    const char *p[] = {trk_idstr(id, ids)};
    return trk_db_query(db, sql, 1, p);
}
