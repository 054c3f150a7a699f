/*
 * feeddb.c: the server's database sessions and the feed row.
 *
 * The server only reads. Every session runs read-only transactions, and the server refuses to
 * start when the role it logged in as could do more than read: a superuser, a role with
 * CREATEROLE (it could grant itself pg_execute_server_program and run programs as the cluster's
 * OS user) or the owner of the schema or its tables (it could change them) -- unless told so
 * with --allow-superuser. It logs in as the read-only role itself (tracker_feed_reader, or a
 * login role that inherits it): never SET ROLE, which RESET ROLE would undo.
 */
#include "internal.h"

#include "msg.h"
#include "open.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char probe_sql[] =
    "SELECT 1 FROM feed, deadline, legal_case, event, source, event_source, fine, case_alarm,"
    " tracker_instance, change_marker, audit LIMIT 0";

/* After (re)connecting: read-only transactions; say which role the server reads as. */
static int session_setup(trk_db *db, bool verbose)
{
    if (trk_db_try_exec(db, "SELECT set_config('default_transaction_read_only', 'on', false)", 0,
                        NULL) != 0)
        return -1;
    if (!verbose)
        return 0;
    trk_res *r = trk_db_try_query(db,
                                  "SELECT session_user::text AS who,"
                                  " to_regrole('tracker_feed_reader') IS NOT NULL"
                                  " AND pg_has_role(session_user, 'tracker_feed_reader', 'USAGE')"
                                  " AS reader",
                                  0, NULL);
    if (!r)
        return -1;
    bool reader = trk_res_bool(r, 0, "reader");
    const char *who = trk_res_val(r, 0, "who");
    bool reads = trk_db_try_exec(db, probe_sql, 0, NULL) == 0;
    if (reader && reads && strcmp(who, "tracker_feed_reader") == 0)
        trk_http_log("database: reading as role tracker_feed_reader, read-only");
    else if (reader && reads)
        trk_http_log("database: reading as role tracker_feed_reader, read-only (login role %s)",
                     who);
    else
        trk_http_log("database: read-only transactions as role %s (role tracker_feed_reader not "
                     "available)",
                     who);
    trk_res_free(r);
    return 0;
}

trk_db *trk_http_open_db(const trk_http_config *cfg, bool verbose)
{
    trk_db *db = trk_open(cfg->conninfo);
    if (!db)
        return NULL;
    if (session_setup(db, verbose) != 0) {
        trk_db_report(db);
        trk_db_close(db);
        return NULL;
    }
    return db;
}

int trk_http_refuse_privileged(trk_db *db, const trk_http_config *cfg)
{
    trk_res *r = trk_db_query(
        db,
        "SELECT session_user::text AS who, r.rolsuper, r.rolcreaterole,"
        " coalesce((SELECT n.nspname::text FROM pg_namespace n"
        "  WHERE n.oid = (SELECT c.relnamespace FROM pg_class c"
        "                 WHERE c.oid = to_regclass('change_marker'))"
        "  AND (pg_has_role(session_user, n.nspowner, 'MEMBER')"
        "       OR EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid"
        "                  AND pg_has_role(session_user, c.relowner, 'MEMBER')))), '') AS owns"
        " FROM pg_roles r WHERE r.rolname = session_user",
        0, NULL);
    if (!r)
        return -1;
    int rc = 0;
    const char *who = trk_res_val(r, 0, "who");
    const char *owns = trk_res_val(r, 0, "owns");
    bool super = trk_res_bool(r, 0, "rolsuper"), createrole = trk_res_bool(r, 0, "rolcreaterole");
    bool owner = owns && *owns;
    if (super || createrole || owner) {
        if (cfg->allow_superuser) {
            trk_http_log("database: warning: connected as %s (--allow-superuser)",
                         super        ? "superuser"
                         : createrole ? "a role with CREATEROLE"
                                      : "the owner of the schema");
        } else {
            if (super)
                trk_error("refusing to serve feeds as the superuser \"%s\"", who);
            else if (createrole)
                trk_error("refusing to serve feeds as the role \"%s\", which has CREATEROLE", who);
            else
                trk_error("refusing to serve feeds as the role \"%s\", which owns the schema "
                          "\"%s\" or its tables",
                          who, owns);
            trk_detail("the server only reads; a role that can do more should not be reachable "
                       "from the network");
            trk_hint("log in as the read-only role tracker_feed_reader (README: your own "
                     "PostgreSQL), or pass --allow-superuser");
            rc = -1;
        }
    }
    trk_res_free(r);
    return rc;
}

int trk_http_db_ensure(trk_db *db)
{
    if (trk_db_ok(db))
        return 0;
    if (trk_db_reset(db) != 0)
        return -1;
    return session_setup(db, false);
}

void trk_feed_row_free(feed_row *f)
{
    free(f->case_ref);
    free(f->name);
    free(f->jurisdiction);
    free(f->tag);
    free(f->alarms);
    free(f->reminders);
}

static char *dup_val(const trk_res *r, const char *col)
{
    const char *v = trk_res_val(r, 0, col);
    return v ? strdup(v) : NULL;
}

int trk_feed_row_load(trk_db *db, const char *hex, feed_row *f)
{
    memset(f, 0, sizeof *f);
    const char *p[] = {hex};
    trk_res *r = trk_db_try_query(
        db,
        "SELECT m.generation,"
        " extract(epoch FROM date_trunc('second', m.changed_at))::bigint AS changed,"
        " f.id, f.name, f.case_id, f.jurisdiction, f.tag, f.include_events,"
        " f.alarms::text AS alarms, f.reminders::text AS reminders,"
        /* An all-digit external id would be read back as a case id: give the id then. */
        " CASE WHEN c.external_id IS NULL OR c.external_id ~ '^[0-9]+$' THEN c.id::text"
        " ELSE c.external_id END AS case_ref"
        " FROM change_marker m LEFT JOIN feed f ON f.token_sha256 = $1 AND f.revoked_at IS NULL"
        " LEFT JOIN legal_case c ON c.id = f.case_id",
        1, p);
    if (!r)
        return -1;
    int rc = -1;
    if (trk_res_rows(r) != 1)
        goto out;
    f->gen = trk_res_int(r, 0, "generation");
    snprintf(f->changed, sizeof f->changed, "%s",
             trk_res_val(r, 0, "changed") ? trk_res_val(r, 0, "changed") : "0");
    if (!trk_res_val(r, 0, "id")) {
        rc = 0;
        goto out;
    }
    f->found = true;
    f->id = trk_res_int(r, 0, "id");
    f->name = dup_val(r, "name");
    f->jurisdiction = dup_val(r, "jurisdiction");
    f->tag = dup_val(r, "tag");
    f->case_ref = dup_val(r, "case_ref");
    f->o.name = f->name;
    f->o.filter.case_id = trk_res_int(r, 0, "case_id");
    f->o.filter.jurisdiction = f->jurisdiction;
    f->o.filter.tag = f->tag;
    f->o.include_events = trk_res_bool(r, 0, "include_events");
    const char *al = trk_res_val(r, 0, "alarms");
    if (al) {
        if (trk_feed_parse_intarray(al, &f->alarms, &f->o.nalarms) != 0)
            goto out;
        f->o.alarms_set = true;
        f->o.alarms = f->alarms;
    }
    const char *re = trk_res_val(r, 0, "reminders");
    if (re && trk_feed_parse_intarray(re, &f->reminders, &f->o.nreminders) != 0)
        goto out;
    f->o.reminders = f->reminders;
    rc = 0;
out:
    trk_res_free(r);
    return rc;
}
