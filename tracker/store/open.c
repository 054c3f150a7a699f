/*
 * open.c: opening tracker's database (schema version checks) and resolving the references users
 * type: a case by id or external id, a jurisdiction code.
 */
#include "open.h"

#include "migrations.h"
#include "model.h"

#include <stdio.h>
#include <string.h>

int trk_schema_latest(void)
{
    return trk_migration_count ? trk_migrations[trk_migration_count - 1].version : 0;
}

int trk_schema_current(trk_db *db)
{
    /* Two steps: a query naming schema_migration fails to plan when the table is missing. */
    trk_res *r = trk_db_query(db, "SELECT to_regclass('schema_migration') IS NOT NULL AS present",
                              0, NULL);
    if (!r)
        return -1;
    bool present = trk_res_bool(r, 0, "present");
    trk_res_free(r);
    if (!present)
        return 0;
    r = trk_db_query(db, "SELECT coalesce(max(version), 0) AS v FROM schema_migration", 0, NULL);
    if (!r)
        return -1;
    int v = (int)trk_res_int(r, 0, "v");
    trk_res_free(r);
    return v;
}

trk_db *trk_open(const char *conninfo)
{
    trk_db *db = trk_db_connect(conninfo);
    if (!db)
        return NULL;
    int cur = trk_schema_current(db);
    int latest = trk_schema_latest();
    if (cur < 0)
        goto fail;
    if (cur == 0) {
        trk_error("the database has no tracker schema");
        trk_hint("run 'tracker db migrate'");
        goto fail;
    }
    if (cur > latest) {
        trk_error("the database schema (version %d) is newer than this tracker knows (%d)", cur,
                  latest);
        trk_hint("use a newer tracker build");
        goto fail;
    }
    if (cur < latest) {
        trk_error("the database schema is at version %d, this tracker needs %d", cur, latest);
        trk_hint("run 'tracker db migrate'");
        goto fail;
    }
    return db;
fail:
    trk_db_close(db);
    return NULL;
}

int trk_case_lookup(trk_db *db, const char *ref, long long *id)
{
    bool numeric = *ref != '\0' && strspn(ref, "0123456789") == strlen(ref) && strlen(ref) < 19;
    const char *p[] = {ref};
    trk_res *r = trk_db_query(db,
                              numeric ? "SELECT id FROM legal_case WHERE id = $1::bigint"
                                      : "SELECT id FROM legal_case WHERE external_id = $1",
                              1, p);
    if (!r)
        return -1;
    int rc = -1;
    if (trk_res_rows(r) == 1) {
        *id = trk_res_int(r, 0, "id");
        rc = 0;
    } else {
        trk_error("case \"%s\" does not exist", ref);
        trk_hint("'tracker case list' shows the cases");
    }
    trk_res_free(r);
    return rc;
}

int trk_jurisdiction_check(trk_db *db, const char *code)
{
    if (!trk_jurisdiction_syntax(code)) {
        trk_error("invalid jurisdiction \"%s\": expected a code such as RU, US or US-CA", code);
        return TRK_ERR_USAGE;
    }
    const char *p[] = {code};
    trk_res *r = trk_db_query(db, "SELECT 1 FROM jurisdiction WHERE code = $1", 1, p);
    if (!r)
        return TRK_ERR;
    int rc = trk_res_rows(r) == 1 ? TRK_OK : TRK_ERR_USAGE;
    trk_res_free(r);
    if (rc != 0) {
        trk_error("unknown jurisdiction \"%s\"", code);
        r = trk_db_query(db, "SELECT string_agg(code, ', ' ORDER BY code) AS codes FROM jurisdiction",
                         0, NULL);
        if (r && trk_res_val(r, 0, "codes"))
            trk_hint("known jurisdictions: %s", trk_res_val(r, 0, "codes"));
        trk_res_free(r);
    }
    return rc;
}
