/*
 * cmd_history.c: tracker history CASE | --event N | --deadline N [--json]. Reads the audit trail
 * (store/history.h): who changed what and when, old -> new per field, and what caused each
 * recomputation of a deadline (an event edit, a rule change, a calendar change, a date set by
 * hand ...), from the command recorded with each change (migration 011) and the other rows
 * changed in the same transaction.
 */
#include "cmdutil.h"
#include "commands.h"
#include "history.h"
#include "json_out.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

static bool starts(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* What caused a change, in words: from the rows changed in the same transaction (a rule, an
 * event), else from the command. NULL when nothing is known (a change made outside tracker). */
static const char *cause_kind(const char *cause, const cJSON *related, char *buf, size_t n)
{
    const cJSON *o;
    cJSON_ArrayForEach(o, related)
    {
        const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(o, "table"));
        if (t && strcmp(t, "rule") == 0) {
            const char *code = cJSON_GetStringValue(cJSON_GetObjectItem(o, "title"));
            snprintf(buf, n, "a rule change (rule %.0f%s%s)",
                     cJSON_GetNumberValue(cJSON_GetObjectItem(o, "id")), code ? ", " : "",
                     code ? code : "");
            return buf;
        }
    }
    if (starts(cause, "calendar "))
        return "a calendar change";
    if (starts(cause, "jurisdiction "))
        return "a jurisdiction change";
    if (starts(cause, "deadline override"))
        return "a date set by hand";
    if (starts(cause, "deadline recompute"))
        return "a recompute";
    if (starts(cause, "import"))
        return "an import";
    cJSON_ArrayForEach(o, related)
    {
        const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(o, "table"));
        const char *op = cJSON_GetStringValue(cJSON_GetObjectItem(o, "op"));
        if (t && op && strcmp(t, "event") == 0) {
            snprintf(buf, n, "%s event %.0f",
                     strcmp(op, "UPDATE") == 0   ? "an edit of"
                     : strcmp(op, "DELETE") == 0 ? "the deletion of"
                                                 : "a new",
                     cJSON_GetNumberValue(cJSON_GetObjectItem(o, "id")));
            return buf;
        }
    }
    if (starts(cause, "event edit ")) {
        const char *idp = cause + strlen("event edit ");
        snprintf(buf, n, "an edit of event %.*s", (int)strspn(idp, "0123456789"), idp);
        return buf;
    }
    if (starts(cause, "event delete"))
        return "an event deletion";
    if (starts(cause, "event add"))
        return "a new event";
    if (starts(cause, "rule "))
        return "a rule change";
    return cause ? "a tracker command" : NULL;
}

static void print_value(const cJSON *v)
{
    if (!v || cJSON_IsNull(v)) {
        fputs("(none)", stdout);
        return;
    }
    if (cJSON_IsString(v)) {
        fputs(v->valuestring, stdout);
        return;
    }
    char *s = cJSON_PrintUnformatted(v);
    fputs(s ? s : "?", stdout);
    cJSON_free(s);
}

static void print_changes(const cJSON *changes, const char *op, const char *indent)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, changes)
    {
        printf("%s%s: ", indent, cJSON_GetStringValue(cJSON_GetObjectItem(c, "field")));
        if (strcmp(op, "INSERT") != 0) {
            print_value(cJSON_GetObjectItem(c, "old"));
            fputs(" -> ", stdout);
        }
        print_value(cJSON_GetObjectItem(c, "new"));
        fputc('\n', stdout);
    }
}

static const char *verb(const char *op)
{
    return strcmp(op, "INSERT") == 0 ? "added" : strcmp(op, "DELETE") == 0 ? "deleted" : "changed";
}

static const char *table_word(const char *t)
{
    return strcmp(t, "legal_case") == 0 ? "case" : t;
}

static int history_exec(trk_ctx *ctx, trk_args *a)
{
    int given = (a->npos > 0) + trk_has(a, "event") + trk_has(a, "deadline") +
                trk_has(a, "hook") + trk_has(a, "digest");
    if (given != 1) {
        trk_usage_error(a, "give exactly one of CASE, --event N and --deadline N");
        trk_hint("or --hook N or --digest N for a webhook or a digest subscription");
        return TRK_ERR_USAGE;
    }
    long long id = 0;
    trk_history_scope scope = TRK_HISTORY_CASE;
    if (trk_has(a, "event")) {
        scope = TRK_HISTORY_EVENT;
        if (trk_parse_id("event id", trk_arg(a, "event"), &id) != 0)
            return TRK_ERR_USAGE;
    } else if (trk_has(a, "deadline")) {
        scope = TRK_HISTORY_DEADLINE;
        if (trk_parse_id("deadline id", trk_arg(a, "deadline"), &id) != 0)
            return TRK_ERR_USAGE;
    } else if (trk_has(a, "hook")) {
        scope = TRK_HISTORY_HOOK;
        if (trk_parse_id("hook id", trk_arg(a, "hook"), &id) != 0)
            return TRK_ERR_USAGE;
    } else if (trk_has(a, "digest")) {
        scope = TRK_HISTORY_DIGEST;
        if (trk_parse_id("digest id", trk_arg(a, "digest"), &id) != 0)
            return TRK_ERR_USAGE;
    }
    int rc = TRK_ERR;
    trk_res *r = NULL;
    cJSON *rows = NULL;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return TRK_ERR;
    if (scope == TRK_HISTORY_CASE && trk_case_lookup(db, a->pos[0], &id) != 0)
        goto out;
    if (!(r = trk_history_query(db, scope, id)))
        goto out;
    const char *what = scope == TRK_HISTORY_CASE     ? "case"
                       : scope == TRK_HISTORY_EVENT  ? "event"
                       : scope == TRK_HISTORY_HOOK   ? "hook"
                       : scope == TRK_HISTORY_DIGEST ? "digest"
                                                     : "deadline";
    if (trk_res_rows(r) == 0 && scope != TRK_HISTORY_CASE) {
        trk_error("%s %lld has no recorded changes", what, id);
        trk_hint("it never existed, or it was changed only before the audit trail began");
        goto out;
    }
    rows = trk_json_rows(r);
    if (!rows)
        goto out;
    cJSON *row;
    int i = 0;
    cJSON_ArrayForEach(row, rows)
    {
        char buf[300];
        const char *cause = trk_res_val(r, i, "cause");
        const char *kind = cause_kind(cause, cJSON_GetObjectItem(row, "related"), buf, sizeof buf);
        cJSON_AddItemToObject(row, "cause_kind", kind ? cJSON_CreateString(kind) : cJSON_CreateNull());
        i++;
    }
    if (trk_has(a, "json")) {
        cJSON *root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "scope", what);
        cJSON_AddNumberToObject(root, "id", (double)id);
        cJSON_AddItemToObject(root, "changes", rows);
        rows = NULL;
        if (trk_json_emit(root) != 0)
            goto out;
        rc = TRK_OK;
        goto out;
    }
    printf("History of %s %lld: %d change%s (times in UTC)\n", what, id, trk_res_rows(r),
           trk_res_rows(r) == 1 ? "" : "s");
    i = 0;
    cJSON_ArrayForEach(row, rows)
    {
        const char *op = trk_res_val(r, i, "op"), *table = trk_res_val(r, i, "table_name");
        const char *title = trk_res_val(r, i, "title"), *cause = trk_res_val(r, i, "cause");
        const char *kind = cJSON_GetStringValue(cJSON_GetObjectItem(row, "cause_kind"));
        char at[32];
        snprintf(at, sizeof at, "%s", trk_res_val(r, i, "at"));
        if (strlen(at) == 20) { /* 2026-12-01T09:08:11Z -> 2026-12-01 09:08:11 */
            at[10] = ' ';
            at[19] = '\0';
        }
        const char *account = trk_res_val(r, i, "account");
        printf("\n%s  %s%s%s%s  %s %s %s%s%s\n", at, trk_res_val(r, i, "actor"),
               account ? " (account " : "", account ? account : "", account ? ")" : "",
               table_word(table), trk_res_val(r, i, "row_id"), verb(op), title ? ": " : "",
               title ? title : "");
        bool recomputed = strcmp(table, "deadline") == 0 && strcmp(op, "UPDATE") == 0 &&
                          kind && strcmp(kind, "a date set by hand") != 0;
        /* a deadline whose trigger was deleted was cancelled, not recomputed */
        bool cancelled = false;
        const cJSON *c;
        cJSON_ArrayForEach(c, cJSON_GetObjectItem(row, "changes"))
        {
            const char *f = cJSON_GetStringValue(cJSON_GetObjectItem(c, "field"));
            const char *nv = cJSON_GetStringValue(cJSON_GetObjectItem(c, "new"));
            cancelled |= recomputed && starts(cause, "event delete") && f && nv &&
                         strcmp(f, "status") == 0 && strcmp(nv, "vacated") == 0;
        }
        if (kind && cause)
            printf("    %s %s (command: %s)\n",
                   cancelled    ? "cancelled after"
                   : recomputed ? "recomputed after"
                                : "cause:",
                   kind, cause);
        else if (!cause)
            printf("    cause: not recorded (a change made outside tracker, or before "
                   "migration 011; database role %s)\n",
                   trk_res_val(r, i, "db_role") ? trk_res_val(r, i, "db_role") : "unknown");
        print_changes(cJSON_GetObjectItem(row, "changes"), op, "    ");
        if (trk_res_bool(r, i, "explanation_changed"))
            printf("    explanation: recomputed ('tracker deadline explain %s')\n",
                   trk_res_val(r, i, "row_id"));
        const cJSON *o;
        cJSON_ArrayForEach(o, cJSON_GetObjectItem(row, "related"))
        {
            const char *ot = cJSON_GetStringValue(cJSON_GetObjectItem(o, "table"));
            const char *oop = cJSON_GetStringValue(cJSON_GetObjectItem(o, "op"));
            const char *okey = cJSON_GetStringValue(cJSON_GetObjectItem(o, "key"));
            const char *otitle = cJSON_GetStringValue(cJSON_GetObjectItem(o, "title"));
            if (!ot || !oop || (strcmp(ot, table) == 0 && strcmp(oop, "INSERT") == 0))
                continue;
            if (okey)
                printf("    with it: %s %s %s\n", table_word(ot), okey, verb(oop));
            else
                printf("    with it: %s %.0f %s%s%s\n", table_word(ot),
                       cJSON_GetNumberValue(cJSON_GetObjectItem(o, "id")), verb(oop),
                       otitle ? ": " : "", otitle ? otitle : "");
            if (strcmp(oop, "UPDATE") == 0)
                print_changes(cJSON_GetObjectItem(o, "changes"), oop, "      ");
        }
        long long more = trk_res_int(r, i, "related_count") -
                         cJSON_GetArraySize(cJSON_GetObjectItem(row, "related"));
        if (more > 0)
            printf("    with it: %lld more change%s in the same transaction\n", more,
                   more == 1 ? "" : "s");
        i++;
    }
    rc = TRK_OK;
out:
    cJSON_Delete(rows);
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

static const trk_opt history_opts[] = {
    {"event", "N", "the history of event N (its fine, the deadlines it triggered)", 0},
    {"deadline", "N", "the history of deadline N", 0},
    {"hook", "N", "the history of hook N (never its secret) and its tests and redeliveries", 0},
    {"digest", "N", "the history of digest subscription N", 0},
    {"json", NULL, "machine-readable output", 0},
    {NULL}};

static const trk_cmd history_cmd = {
    "history", "[CASE]", "who changed what and when, and what caused each recomputation",
    history_opts, 0, 1, history_exec,
    "CASE (an id or external id) shows the case, its events, their fines and its deadlines;\n"
    "--event N an event, its fine and the deadlines it triggered; --deadline N one deadline;\n"
    "--hook N a webhook and the tests and redeliveries asked for it; --digest N a digest.\n"
    "Deleted records keep their history. Each change shows its time (UTC), the actor\n"
    "(TRACKER_ACTOR, else the OS user), old -> new for every field that changed, the tracker\n"
    "command that made it, and for a recomputed deadline what caused it: an edit of its\n"
    "event, a rule change, a calendar change, a recompute or a date set by hand. Changes\n"
    "made outside tracker (psql) are shown too, without a command. The audit trail is\n"
    "append-only for the tracker_writer role."};

int trk_cmd_history(trk_ctx *ctx, int argc, char **argv)
{
    return trk_run_cmd(ctx, NULL, &history_cmd, argc + 1, argv - 1);
}
