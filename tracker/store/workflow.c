/*
 * workflow.c: deleting an event and what depends on it; a deadline's date set by hand.
 * See workflow.h. Everything runs in the caller's transaction; the audit triggers (migrations
 * 001, 006) record every row changed here, with the command as its cause (migration 011).
 */
#include "workflow.h"

#include "deadlines.h"

#include <stdio.h>
#include <string.h>

static const char dependants_sql[] =
    "SELECT 'fine' AS kind, f.id, 'fine ' || f.id || ' (' || f.amount || ' ' || f.currency ||"
    "  CASE WHEN f.paid THEN ', paid' ELSE '' END || ')' AS what"
    " FROM fine f WHERE f.event_id = $1::bigint"
    " UNION ALL"
    " SELECT 'met_by', d.id, 'deadline ' || d.id || ' (' || d.kind || ', due ' || d.due_on ||"
    "  ') is met by this event: it would reopen'"
    " FROM deadline d WHERE d.met_by_event_id = $1::bigint"
    " UNION ALL"
    " SELECT 'met', d.id, 'deadline ' || d.id || ' (' || d.kind || ', due ' || d.due_on ||"
    "  ') that this event triggered was met' || coalesce(' by event ' || d.met_by_event_id, '') ||"
    "  ': it would be cancelled'"
    " FROM deadline d WHERE d.trigger_event_id = $1::bigint AND d.status = 'met'"
    " UNION ALL"
    /* the ruling an appeal decision with outcome vacated vacates: the latest ruling of the case
     * before it that is not itself vacated (as the deadline engine decides) */
    " SELECT 'vacates', d.id, 'deadline ' || d.id || ' (' || d.kind || ', due ' || d.due_on ||"
    "  ') of event ' || d.trigger_event_id || ' is vacated by this decision: it would be"
    " recomputed'"
    " FROM event v JOIN deadline d ON d.case_id = v.case_id AND d.status = 'vacated'"
    " WHERE v.id = $1::bigint AND v.type = 'appeal_decided' AND v.outcome = 'vacated'"
    "  AND NOT v.vacated AND d.trigger_event_id = (SELECT r.id FROM event r"
    "   WHERE r.case_id = v.case_id AND r.type = 'ruling' AND NOT r.vacated"
    "   AND (r.date, r.id) < (v.date, v.id) ORDER BY r.date DESC, r.id DESC LIMIT 1)"
    " ORDER BY 1, 2";

trk_res *trk_event_dependants(trk_db *db, long long event_id)
{
    char id[24];
    const char *p[] = {trk_idstr(event_id, id)};
    return trk_db_query(db, dependants_sql, 1, p);
}

/* Recompute every deadline of case `case_id` that still has a trigger, in the open transaction. */
static int recompute_case(trk_db *db, const char *case_id)
{
    const char *p[] = {case_id};
    if (trk_deadlines_bulk_prepare(db) != 0 ||
        trk_db_exec(db, "DELETE FROM pg_temp.trk_new_events", 0, NULL) != 0 ||
        trk_db_exec(db, "DELETE FROM pg_temp.trk_new_deadline_specs", 0, NULL) != 0 ||
        trk_db_exec(db,
                    "INSERT INTO pg_temp.trk_new_events SELECT DISTINCT trigger_event_id"
                    " FROM deadline WHERE case_id = $1::bigint AND trigger_event_id IS NOT NULL",
                    1, p) != 0)
        return TRK_ERR;
    int rc = trk_deadlines_on_events_bulk(db) == 0 ? TRK_OK : TRK_ERR;
    if (trk_db_exec(db, "DELETE FROM pg_temp.trk_new_events", 0, NULL) != 0)
        rc = TRK_ERR;
    return rc;
}

int trk_event_delete(trk_db *db, long long event_id, trk_res **cancelled)
{
    char id[24], case_id[24];
    const char *p[] = {trk_idstr(event_id, id)};
    *cancelled = NULL;
    trk_res *r = trk_db_query(db, "SELECT case_id FROM event WHERE id = $1::bigint FOR UPDATE", 1,
                              p);
    if (!r)
        return TRK_ERR;
    if (trk_res_rows(r) == 0) {
        trk_res_free(r);
        return 1;
    }
    snprintf(case_id, sizeof case_id, "%s", trk_res_val(r, 0, "case_id"));
    trk_res_free(r);
    /* Do other deadlines' statuses depend on this event (met by it, vacated by it)? */
    trk_res *deps = trk_event_dependants(db, event_id);
    if (!deps)
        return TRK_ERR;
    bool others = false;
    for (int i = 0; i < trk_res_rows(deps); i++) {
        const char *k = trk_res_val(deps, i, "kind");
        others |= strcmp(k, "met_by") == 0 || strcmp(k, "vacates") == 0;
    }
    trk_res_free(deps);
    /* Its deadlines stay, detached and cancelled, so that calendars that showed them hear so. */
    *cancelled = trk_db_query(
        db,
        "WITH hist AS (INSERT INTO deadline_revision (deadline_id, revision, due_on, earliest_on,"
        "  latest_on, status, explanation, reason)"
        "  SELECT id, revision, due_on, earliest_on, latest_on, status, explanation,"
        "   'its trigger event ' || $1 || ' was deleted' FROM deadline"
        "  WHERE trigger_event_id = $1::bigint RETURNING deadline_id)"
        " UPDATE deadline d SET status = 'vacated', trigger_event_id = NULL,"
        "  met_by_event_id = NULL, revision = d.revision + 1"
        " WHERE d.trigger_event_id = $1::bigint AND d.id IN (SELECT deadline_id FROM hist)"
        " RETURNING d.id, d.kind",
        1, p);
    if (!*cancelled)
        return TRK_ERR;
    if (trk_db_exec(db, "DELETE FROM event WHERE id = $1::bigint", 1, p) != 0)
        return TRK_ERR;
    if (others && recompute_case(db, case_id) != TRK_OK)
        return TRK_ERR;
    return TRK_OK;
}

int trk_deadline_override(trk_db *db, long long id, const char *due_on, const char *reason)
{
    char ids[24];
    const char *p[] = {trk_idstr(id, ids), due_on, reason};
    trk_res *r = trk_db_query(
        db, "SELECT trigger_event_id FROM deadline WHERE id = $1::bigint FOR UPDATE", 1, p);
    if (!r)
        return TRK_ERR;
    if (trk_res_rows(r) == 0) {
        trk_res_free(r);
        return 1;
    }
    long long trig = trk_res_int(r, 0, "trigger_event_id");
    trk_res_free(r);
    int rc;
    if (due_on)
        rc = trk_db_exec(
            db,
            "WITH hist AS (INSERT INTO deadline_revision (deadline_id, revision, due_on,"
            "  earliest_on, latest_on, status, explanation, reason)"
            "  SELECT id, revision, due_on, earliest_on, latest_on, status, explanation,"
            "   'set by hand to ' || $2 || ': ' || $3 FROM deadline WHERE id = $1::bigint"
            "  RETURNING 1)"
            " UPDATE deadline SET due_on = $2::date, earliest_on = NULL, latest_on = NULL,"
            "  override_due = $2::date, override_reason = $3,"
            "  override_by = coalesce(nullif(current_setting('tracker.actor', true), ''),"
            "   current_user), override_at = now(), revision = revision + 1"
            " WHERE id = $1::bigint AND (SELECT count(*) FROM hist) = 1",
            3, p);
    else if (trig)
        rc = trk_db_exec(db,
                         "UPDATE deadline SET override_due = NULL, override_reason = NULL,"
                         " override_by = NULL, override_at = NULL WHERE id = $1::bigint",
                         1, p);
    else /* no trigger to recompute from: back to the date its stored explanation computed */
        rc = trk_db_exec(
            db,
            "WITH hist AS (INSERT INTO deadline_revision (deadline_id, revision, due_on,"
            "  earliest_on, latest_on, status, explanation, reason)"
            "  SELECT id, revision, due_on, earliest_on, latest_on, status, explanation,"
            "   'the date set by hand was cleared' FROM deadline"
            "  WHERE id = $1::bigint AND override_due IS NOT NULL RETURNING 1)"
            " UPDATE deadline SET override_due = NULL, override_reason = NULL,"
            "  override_by = NULL, override_at = NULL,"
            "  due_on = coalesce((explanation->>'due_on')::date, due_on),"
            "  earliest_on = (explanation->>'earliest_on')::date,"
            "  latest_on = (explanation->>'latest_on')::date, revision = revision + 1"
            " WHERE id = $1::bigint AND (SELECT count(*) FROM hist) = 1",
            1, p);
    if (rc != 0)
        return TRK_ERR;
    if (trig && trk_deadlines_on_event(db, trig, NULL, 0) != 0)
        return TRK_ERR;
    return TRK_OK;
}
