/*
 * db.c: libpq wrapper. All SQL goes through here: PQexecParams with text parameters, a status
 * check, and PQclear on every path. Errors are kept with their SQLSTATE for callers to branch on.
 */
#include "db.h"

#include "msg.h"

#include <libpq-fe.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct trk_db {
    PGconn *conn;
    char sqlstate[6];
    char *msg;
    char *detail;
    char *hint;
    char *constraint;
};

/* Column lookups by name are frequent in row loops: a small cache maps the caller's name
 * pointer (almost always a string literal) to its column, checked against the column's name. */
#define TRK_RES_COLCACHE 24

struct trk_res {
    PGresult *res;
    int ncached;
    const char *cname[TRK_RES_COLCACHE];
    int ccol[TRK_RES_COLCACHE];
};

static void silent_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static void clear_error(trk_db *db)
{
    db->sqlstate[0] = '\0';
    free(db->msg);
    free(db->detail);
    free(db->hint);
    free(db->constraint);
    db->msg = db->detail = db->hint = db->constraint = NULL;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void record_error(trk_db *db, const PGresult *res)
{
    clear_error(db);
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    snprintf(db->sqlstate, sizeof db->sqlstate, "%s", state ? state : "");
    const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (!m) {
        m = PQerrorMessage(db->conn);
        if (!m || !*m)
            m = "unknown database error";
    }
    db->msg = strdup(m);
    /* libpq's own messages end with a newline; ours never do. */
    size_t n = db->msg ? strlen(db->msg) : 0;
    while (n > 0 && (db->msg[n - 1] == '\n' || db->msg[n - 1] == ' '))
        db->msg[--n] = '\0';
    if (res) {
        db->detail = dup_or_null(PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL));
        db->hint = dup_or_null(PQresultErrorField(res, PG_DIAG_MESSAGE_HINT));
        db->constraint = dup_or_null(PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME));
    }
}

/* The command being run, recorded with each audited change (audit.cause, migration 011). */
static char cause_text[1024];

void trk_db_set_cause(const char *cause)
{
    snprintf(cause_text, sizeof cause_text, "%s", cause ? cause : "");
}

trk_db *trk_db_connect(const char *conninfo)
{
    if (!conninfo)
        conninfo = getenv("TRACKER_DB");
    if (!conninfo)
        conninfo = "";
    const char *keys[] = {"dbname", "application_name", "fallback_application_name", NULL};
    const char *vals[] = {conninfo, NULL, "tracker", NULL};
    /* expand_dbname=1: dbname may hold a whole conninfo string or URI. */
    PGconn *conn = PQconnectdbParams(keys, vals, 1);
    if (!conn) {
        trk_error("out of memory");
        return NULL;
    }
    if (PQstatus(conn) != CONNECTION_OK) {
        char *m = strdup(PQerrorMessage(conn));
        size_t n = m ? strlen(m) : 0;
        while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' '))
            m[--n] = '\0';
        trk_error("could not connect to database: %s", m ? m : "out of memory");
        trk_hint("set --db, TRACKER_DB or the PG* variables (eval \"$(scripts/db env)\" for the "
                 "private cluster)");
        free(m);
        PQfinish(conn);
        return NULL;
    }
    PQsetNoticeProcessor(conn, silent_notice, NULL);
    trk_db *db = calloc(1, sizeof *db);
    if (!db) {
        PQfinish(conn);
        trk_error("out of memory");
        return NULL;
    }
    db->conn = conn;
    /* Who made a change, for the audit trail: the OS user running tracker. */
    const char *actor = getenv("TRACKER_ACTOR");
    char buf[256];
    if (!actor) {
        struct passwd pw, *pwp = NULL;
        char pwbuf[1024];
        if (getpwuid_r(getuid(), &pw, pwbuf, sizeof pwbuf, &pwp) == 0 && pwp) {
            snprintf(buf, sizeof buf, "%s", pw.pw_name);
            actor = buf;
        } else {
            actor = "unknown";
        }
    }
    const char *p[] = {actor, cause_text};
    if (trk_db_exec(db, "SELECT set_config('tracker.actor', $1, false), "
                        "set_config('tracker.cause', $2, false), "
                        "set_config('client_min_messages', 'warning', false)",
                    2, p) != 0) {
        trk_db_close(db);
        return NULL;
    }
    return db;
}

void trk_db_close(trk_db *db)
{
    if (!db)
        return;
    clear_error(db);
    PQfinish(db->conn);
    free(db);
}

/* Run one statement; `types` NULL lets the server infer parameter types. */
static trk_res *run(trk_db *db, const char *sql, int n, const unsigned int *types,
                    const char *const *params, bool report)
{
    PGresult *res = PQexecParams(db->conn, sql, n, types, params, NULL, NULL, 0);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
        trk_res *r = calloc(1, sizeof *r);
        if (!r) {
            PQclear(res);
            trk_error("out of memory");
            return NULL;
        }
        clear_error(db);
        r->res = res;
        return r;
    }
    record_error(db, res);
    PQclear(res);
    if (report)
        trk_db_report(db);
    return NULL;
}

trk_res *trk_db_query(trk_db *db, const char *sql, int n, const char *const *params)
{
    return run(db, sql, n, NULL, params, true);
}

trk_res *trk_db_query_text(trk_db *db, const char *sql, int n, const char *const *params)
{
    enum { TEXTOID = 25, MAXP = 64 };
    unsigned int types[MAXP];
    if (n > MAXP) {
        trk_error("too many query parameters");
        return NULL;
    }
    for (int i = 0; i < n; i++)
        types[i] = TEXTOID;
    return run(db, sql, n, types, params, true);
}

trk_res *trk_db_try_query(trk_db *db, const char *sql, int n, const char *const *params)
{
    return run(db, sql, n, NULL, params, false);
}

int trk_db_exec(trk_db *db, const char *sql, int n, const char *const *params)
{
    trk_res *r = run(db, sql, n, NULL, params, true);
    trk_res_free(r);
    return r ? 0 : -1;
}

int trk_db_try_exec(trk_db *db, const char *sql, int n, const char *const *params)
{
    trk_res *r = run(db, sql, n, NULL, params, false);
    trk_res_free(r);
    return r ? 0 : -1;
}

int trk_db_exec_script(trk_db *db, const char *sql)
{
    PGresult *res = PQexec(db->conn, sql);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        PQclear(res);
        return 0;
    }
    record_error(db, res);
    PQclear(res);
    trk_db_report(db);
    return -1;
}

int trk_db_begin(trk_db *db)
{
    return trk_db_exec(db, "BEGIN", 0, NULL);
}

int trk_db_commit(trk_db *db)
{
    return trk_db_exec(db, "COMMIT", 0, NULL);
}

void trk_db_rollback(trk_db *db)
{
    if (!db)
        return;
    if (PQtransactionStatus(db->conn) == PQTRANS_IDLE)
        return;
    PGresult *res = PQexec(db->conn, "ROLLBACK");
    PQclear(res);
}

const char *trk_db_sqlstate(const trk_db *db)
{
    return db->sqlstate;
}

const char *trk_db_errmsg(const trk_db *db)
{
    return db->msg ? db->msg : "";
}

void trk_db_report(const trk_db *db)
{
    trk_error("database: %s", db->msg ? db->msg : "unknown error");
    if (db->detail)
        trk_detail("%s", db->detail);
    if (db->hint)
        trk_hint("%s", db->hint);
}

bool trk_db_ok(const trk_db *db)
{
    return db && PQstatus(db->conn) == CONNECTION_OK;
}

int trk_db_reset(trk_db *db)
{
    PQreset(db->conn);
    if (PQstatus(db->conn) != CONNECTION_OK)
        return -1;
    PQsetNoticeProcessor(db->conn, silent_notice, NULL);
    return 0;
}

int trk_db_socket(const trk_db *db)
{
    return db ? PQsocket(db->conn) : -1;
}

int trk_db_notifications(trk_db *db)
{
    if (PQconsumeInput(db->conn) == 0)
        return -1;
    int n = 0;
    PGnotify *nt;
    while ((nt = PQnotifies(db->conn))) {
        n++;
        PQfreemem(nt);
    }
    return n;
}

int trk_res_rows(const trk_res *r)
{
    return PQntuples(r->res);
}

int trk_res_cols(const trk_res *r)
{
    return PQnfields(r->res);
}

const char *trk_res_colname(const trk_res *r, int col)
{
    return PQfname(r->res, col);
}

int trk_res_col(const trk_res *r, const char *name)
{
    trk_res *m = (trk_res *)r; /* the cache is not part of the result's value */
    for (int i = 0; i < m->ncached; i++)
        if (m->cname[i] == name && strcmp(PQfname(m->res, m->ccol[i]), name) == 0)
            return m->ccol[i];
    /* PQfnumber folds unquoted names to lower case, which is what we want here. */
    int col = PQfnumber(m->res, name);
    if (col >= 0 && m->ncached < TRK_RES_COLCACHE) {
        m->cname[m->ncached] = name;
        m->ccol[m->ncached++] = col;
    }
    return col;
}

const char *trk_res_get(const trk_res *r, int row, int col)
{
    if (col < 0 || row < 0 || row >= PQntuples(r->res) || PQgetisnull(r->res, row, col))
        return NULL;
    return PQgetvalue(r->res, row, col);
}

const char *trk_res_val(const trk_res *r, int row, const char *name)
{
    return trk_res_get(r, row, trk_res_col(r, name));
}

long long trk_res_int(const trk_res *r, int row, const char *name)
{
    const char *v = trk_res_val(r, row, name);
    return v ? strtoll(v, NULL, 10) : 0;
}

bool trk_res_bool(const trk_res *r, int row, const char *name)
{
    const char *v = trk_res_val(r, row, name);
    return v && v[0] == 't';
}

trk_coltype trk_res_coltype(const trk_res *r, int col)
{
    switch (PQftype(r->res, col)) {
    case 20: /* int8 */
    case 21: /* int2 */
    case 23: /* int4 */
        return TRK_COL_INT;
    case 16: /* bool */
        return TRK_COL_BOOL;
    case 114:  /* json */
    case 3802: /* jsonb */
        return TRK_COL_JSON;
    default:
        return TRK_COL_TEXT;
    }
}

void trk_res_free(trk_res *r)
{
    if (!r)
        return;
    PQclear(r->res);
    free(r);
}

int trk_db_copy_start(trk_db *db, const char *copy_sql)
{
    PGresult *res = PQexec(db->conn, copy_sql);
    if (res && PQresultStatus(res) == PGRES_COPY_IN) {
        PQclear(res);
        return 0;
    }
    record_error(db, res);
    PQclear(res);
    trk_db_report(db);
    return -1;
}

int trk_db_copy_send(trk_db *db, const char *buf, int len)
{
    if (PQputCopyData(db->conn, buf, len) == 1)
        return 0;
    record_error(db, NULL);
    trk_db_report(db);
    return -1;
}

int trk_db_copy_end(trk_db *db)
{
    if (PQputCopyEnd(db->conn, NULL) != 1) {
        record_error(db, NULL);
        trk_db_report(db);
        return -1;
    }
    int rc = 0;
    PGresult *res;
    while ((res = PQgetResult(db->conn)) != NULL) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK && rc == 0) {
            record_error(db, res);
            trk_db_report(db);
            rc = -1;
        }
        PQclear(res);
    }
    return rc;
}

char *trk_idstr(long long id, char *buf)
{
    snprintf(buf, 24, "%lld", id);
    return buf;
}
