/*
 * cmd_workflow.c: tracker event delete and tracker deadline override (see workflow_cmds.h).
 */
#include "cmdutil.h"
#include "text.h"
#include "workflow.h"
#include "workflow_cmds.h"

#include "date.h"

#include <stdio.h>
#include <string.h>

const trk_opt trk_event_delete_opts[] = {
    {"cascade", NULL, "also delete its fine, cancel its met deadlines, recompute the others", 0},
    {NULL}};

int trk_event_delete_exec(trk_ctx *ctx, trk_args *a)
{
    long long id;
    if (trk_parse_id("event id", a->pos[0], &id) != 0)
        return TRK_ERR_USAGE;
    int rc = TRK_ERR;
    trk_res *deps = NULL, *cancelled = NULL;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return TRK_ERR;
    if (trk_db_begin(db) != 0)
        goto out;
    char ids[24];
    const char *p[] = {trk_idstr(id, ids)};
    trk_res *ex = trk_db_query(db, "SELECT 1 FROM event WHERE id = $1::bigint FOR UPDATE", 1, p);
    if (!ex)
        goto out;
    int found = trk_res_rows(ex);
    trk_res_free(ex);
    if (!found) {
        trk_error("event %lld does not exist", id);
        trk_hint("'tracker event list' shows the events; 'tracker history --event %lld' shows "
                 "what happened to it",
                 id);
        goto out;
    }
    if (!(deps = trk_event_dependants(db, id)))
        goto out;
    if (trk_res_rows(deps) > 0 && !trk_has(a, "cascade")) {
        trk_error("event %lld has %d record%s that depend%s on it", id, trk_res_rows(deps),
                  trk_res_rows(deps) == 1 ? "" : "s", trk_res_rows(deps) == 1 ? "s" : "");
        for (int i = 0; i < trk_res_rows(deps); i++)
            trk_detail("%s", trk_res_val(deps, i, "what"));
        trk_hint("'tracker event delete %lld --cascade' deletes the fine, cancels the met "
                 "deadlines and recomputes the others with it, in one transaction",
                 id);
        goto out;
    }
    int d = trk_event_delete(db, id, &cancelled);
    if (d == 1) {
        trk_error("event %lld does not exist", id);
        goto out;
    }
    if (d != TRK_OK || trk_db_commit(db) != 0)
        goto out;
    printf("event %lld deleted\n", id);
    for (int i = 0; i < trk_res_rows(deps); i++)
        if (strcmp(trk_res_val(deps, i, "kind"), "fine") == 0)
            printf("fine %s deleted\n", trk_res_val(deps, i, "id"));
    for (int i = 0; cancelled && i < trk_res_rows(cancelled); i++)
        printf("deadline %s: %s cancelled (its trigger event was deleted)\n",
               trk_res_val(cancelled, i, "id"), trk_res_val(cancelled, i, "kind"));
    for (int i = 0; i < trk_res_rows(deps); i++)
        if (strcmp(trk_res_val(deps, i, "kind"), "met_by") == 0 ||
            strcmp(trk_res_val(deps, i, "kind"), "vacates") == 0)
            printf("deadline %s: recomputed\n", trk_res_val(deps, i, "id"));
    rc = TRK_OK;
out:
    trk_res_free(deps);
    trk_res_free(cancelled);
    trk_db_rollback(db);
    trk_db_close(db);
    return rc;
}

const trk_opt trk_deadline_override_opts[] = {
    {"due", "DATE", "the date to act by, set by hand (YYYY-MM-DD)", 0},
    {"reason", "TEXT", "why the computed date is wrong (required with --due)", 0},
    {"clear", NULL, "return to the computed date", 0},
    {NULL}};

int trk_deadline_override_exec(trk_ctx *ctx, trk_args *a)
{
    long long id;
    char due[TRK_DATE_STRLEN];
    if (trk_parse_id("deadline id", a->pos[0], &id) != 0)
        return TRK_ERR_USAGE;
    bool clear = trk_has(a, "clear");
    const char *reason = trk_arg(a, "reason");
    if (clear && (trk_has(a, "due") || reason))
        return trk_usage_error(a, "--clear takes neither --due nor --reason");
    if (!clear && !trk_has(a, "due"))
        return trk_usage_error(a, "give --due DATE --reason TEXT, or --clear");
    if (!clear && !reason)
        return trk_usage_error(a, "a date set by hand needs --reason TEXT (kept in the audit and "
                                  "shown by 'deadline explain')");
    if (trk_opt_date(a, "due", false, due) != 0)
        return TRK_ERR_USAGE;
    if (reason && trk_text_check("--reason", reason, TRK_TEXT_SHORT_MAX, true) != 0)
        return TRK_ERR_USAGE;
    if (reason && strspn(reason, " \t") == strlen(reason)) {
        trk_error("invalid value for --reason: empty");
        return TRK_ERR_USAGE;
    }
    int rc = TRK_ERR;
    trk_res *r = NULL;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return TRK_ERR;
    if (trk_db_begin(db) != 0)
        goto out;
    int o = trk_deadline_override(db, id, clear ? NULL : due, reason);
    if (o == 1) {
        trk_error("deadline %lld does not exist", id);
        goto out;
    }
    if (o != TRK_OK || trk_db_commit(db) != 0)
        goto out;
    char ids[24];
    const char *p[] = {trk_idstr(id, ids)};
    if (!(r = trk_db_query(db,
                           "SELECT due_on::text AS due_on, revision, status,"
                           " explanation->>'result' AS computed FROM deadline WHERE id = $1::bigint",
                           1, p)))
        goto out;
    if (clear)
        printf("deadline %lld: due %s (computed), revision %s\n", id,
               trk_res_val(r, 0, "due_on"), trk_res_val(r, 0, "revision"));
    else
        printf("deadline %lld: due %s (set by hand; computed: %s), revision %s\n", id,
               trk_res_val(r, 0, "due_on"),
               trk_res_val(r, 0, "computed") ? trk_res_val(r, 0, "computed") : "nothing",
               trk_res_val(r, 0, "revision"));
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_db_rollback(db);
    trk_db_close(db);
    return rc;
}
