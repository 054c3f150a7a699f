/*
 * cmd_db.c: tracker db migrate|status. Migrations are compiled in from schema/NNN_*.sql; each
 * runs in its own transaction together with the row that records it.
 */
#include "cmdutil.h"
#include "commands.h"
#include "json_out.h"
#include "calset.h"
#include "deadlines.h"
#include "migrations.h"
#include "model.h"
#include "rules.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

static const char create_table_sql[] =
    "CREATE TABLE IF NOT EXISTS schema_migration ("
    " version int PRIMARY KEY, name text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now())";




static int migrate(trk_ctx *ctx, trk_args *a)
{
    (void)a;
    int rc = TRK_ERR;
    int applied = 0;
    trk_db *db = trk_db_connect(ctx->conninfo);
    if (!db)
        return TRK_ERR;
    /* One migrator at a time per database. */
    if (trk_db_exec(db, "SELECT pg_advisory_lock(7171001)", 0, NULL) != 0)
        goto out;
    int cur = trk_schema_current(db);
    if (cur < 0)
        goto out;
    /* Only create the record when missing: a role without CREATE (an analyst holding
     * tracker_writer) can still run migrate on an up-to-date database. */
    if (cur == 0 && trk_db_exec(db, create_table_sql, 0, NULL) != 0)
        goto out;
    if (cur > trk_schema_latest()) {
        trk_error("the database schema (version %d) is newer than this tracker knows (%d)", cur,
                  trk_schema_latest());
        trk_hint("use a newer tracker build; nothing was changed");
        goto out;
    }
    for (int i = 0; i < trk_migration_count; i++) {
        const trk_migration *m = &trk_migrations[i];
        if (m->version <= cur)
            continue;
        char ver[16];
        snprintf(ver, sizeof ver, "%d", m->version);
        const char *p[] = {ver, m->name};
        if (trk_db_begin(db) != 0)
            goto out;
        if (trk_db_exec_script(db, m->sql) != 0 ||
            trk_db_exec(db, "INSERT INTO schema_migration (version, name) VALUES ($1, $2)", 2,
                        p) != 0) {
            trk_db_rollback(db);
            trk_error("migration %s failed; the database stays at version %d", m->name,
                      m->version - 1 > cur ? m->version - 1 : cur);
            goto out;
        }
        if (trk_db_commit(db) != 0)
            goto out;
        printf("applied %s\n", m->name);
        applied++;
        cur = m->version;
    }
    /* a migration that changed calendars (a day's kind or effect) recomputes the open deadlines
     * of those jurisdictions, with a revision where the result changed */
    if (trk_db_begin(db) != 0)
        goto out;
    int nj = trk_deadlines_on_calendar_change(db);
    if (nj < 0 || trk_db_commit(db) != 0) {
        trk_db_rollback(db);
        trk_warn("the open deadlines of the changed calendars were not recomputed");
        trk_hint("run 'tracker deadline recompute --all'");
    }
    if (applied == 0)
        printf("schema is up to date (version %d)\n", cur);
    else
        printf("schema is at version %d\n", cur);
    rc = TRK_OK;
out:
    trk_db_close(db);
    return rc;
}

static int status(trk_ctx *ctx, trk_args *a)
{
    int rc = TRK_ERR;
    trk_res *r = NULL;
    cJSON *root = NULL;
    trk_db *db = trk_db_connect(ctx->conninfo);
    if (!db)
        return TRK_ERR;
    int cur = trk_schema_current(db);
    if (cur < 0)
        goto out;
    int latest = trk_schema_latest();
    const char *state = cur == latest ? "up to date" : cur < latest ? "needs migrate" : "newer";
    if (cur > 0) {
        r = trk_db_query(db, "SELECT version, name, applied_at FROM schema_migration ORDER BY 1", 0,
                         NULL);
        if (!r)
            goto out;
    }
    if (trk_has(a, "json")) {
        root = cJSON_CreateObject();
        cJSON_AddNumberToObject(root, "version", cur);
        cJSON_AddNumberToObject(root, "latest", latest);
        cJSON_AddStringToObject(root, "state", state);
        cJSON *arr = cJSON_AddArrayToObject(root, "applied");
        for (int i = 0; r && i < trk_res_rows(r); i++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "version", (double)trk_res_int(r, i, "version"));
            cJSON_AddStringToObject(o, "name", trk_res_val(r, i, "name"));
            cJSON_AddStringToObject(o, "applied_at", trk_res_val(r, i, "applied_at"));
            cJSON_AddItemToArray(arr, o);
        }
        char *s = cJSON_Print(root);
        int w = s ? trk_puts_json(s) : -1;
        free(s);
        if (w != 0)
            goto out;
    } else {
        printf("schema version %d of %d (%s)\n", cur, latest, state);
        for (int i = 0; r && i < trk_res_rows(r); i++)
            printf("  %s  applied %s\n", trk_res_val(r, i, "name"), trk_res_val(r, i, "applied_at"));
        for (int i = 0; i < trk_migration_count; i++)
            if (trk_migrations[i].version > cur)
                printf("  %s  pending\n", trk_migrations[i].name);
    }
    if (cur == latest)
        trk_calendar_horizon_warn(db, TRK_CALENDAR_HORIZON_DAYS);
    rc = (cur == latest) ? TRK_OK : TRK_ERR;
out:
    cJSON_Delete(root);
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

/* The closed vocabularies this build knows, one list per name (core/model.c, core/rules.c). */
static const struct {
    const char *name;
    const char *const *words;
} vocabularies[] = {
    {"event_type", trk_event_types},      {"event_outcome", trk_event_outcomes},
    {"case_status", trk_case_statuses},   {"party_role", trk_party_roles},
    {"party_kind", trk_party_kinds},      {"body_kind", trk_body_kinds},
    {"deadline_kind", trk_deadline_kinds}, {"deadline_status", trk_deadline_statuses},
    {"date_precision", trk_date_precisions}, {"period_unit", trk_unit_words},
    {"roll", NULL},
    {"account_role", trk_account_roles},  {"token_scope", trk_token_scopes},
};

static int vocab(trk_ctx *ctx, trk_args *a)
{
    (void)ctx;
    cJSON *root = cJSON_CreateObject();
    for (size_t i = 0; i < sizeof vocabularies / sizeof vocabularies[0]; i++) {
        const char *const *w = vocabularies[i].words ? vocabularies[i].words : trk_roll_words;
        cJSON *arr = cJSON_AddArrayToObject(root, vocabularies[i].name);
        if (!trk_has(a, "json"))
            printf("%-16s", vocabularies[i].name);
        for (; *w; w++) {
            cJSON_AddItemToArray(arr, cJSON_CreateString(*w));
            if (!trk_has(a, "json"))
                printf(" %s", *w);
        }
        if (!trk_has(a, "json"))
            putchar('\n');
    }
    if (trk_has(a, "json"))
        return trk_json_emit(root) == 0 ? TRK_OK : TRK_ERR;
    cJSON_Delete(root);
    return TRK_OK;
}

static const trk_opt status_opts[] = {{"json", NULL, "machine-readable output", 0}, {NULL}};

static const trk_cmd db_cmds[] = {
    {"migrate", NULL, "apply pending schema migrations (each in one transaction)", NULL, 0, 0,
     migrate, "A no-op when the schema is up to date; refuses a database newer than this build."},
    {"status", NULL, "show the schema version and applied migrations (exit 1 unless up to date)",
     status_opts, 0, 0, status, NULL},
    {"vocab", NULL, "list the closed vocabularies (event types, deadline kinds, units, ...)",
     status_opts, 0, 0, vocab,
     "The words the database's CHECK constraints and the interchange format accept. Needs no\n"
     "database."},
    {NULL},
};

int trk_cmd_db(trk_ctx *ctx, int argc, char **argv)
{
    return trk_dispatch(ctx, "db", "Apply and inspect the database schema.", db_cmds, argc, argv);
}
