/*
 * db.c: libpq wrapper. All SQL goes through here: PQexecParams with text parameters, a status
 * check, and PQclear on every path. Errors are kept with their SQLSTATE for callers to branch on.
 *
 * TRACKER_SQL_TRACE=FILE appends every statement run, its parameters spliced in as literals (and
 * the rows of a COPY as INSERTs), as a script pgbench can run: bench/bench_api.sh compares the
 * API with pgbench running the very SQL a request ran. Off unless set; for benchmarks only (the
 * file then holds the data the statements carry).
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
    char *copy_sql; /* tracing: the COPY in progress and its data */
    char *copy_data;
    size_t copy_len;
};

/* ---- TRACKER_SQL_TRACE ---- */

static FILE *trace_file(void)
{
    static FILE *f;
    static int tried;
    if (!tried) {
        tried = 1;
        const char *path = getenv("TRACKER_SQL_TRACE");
        if (path && *path)
            f = fopen(path, "a");
    }
    return f;
}

/* sql with $N replaced by the literal of params[N-1] (NULL: NULL), "::text" after it when
 * the parameters are declared text. */
static void trace_stmt(trk_db *db, const char *sql, int n, const char *const *params, bool text)
{
    FILE *f = trace_file();
    if (!f)
        return;
    flockfile(f);
    for (const char *s = sql; *s; s++) {
        if (*s == '$' && s[1] >= '1' && s[1] <= '9' && (s == sql || s[-1] != '$')) {
            char *end;
            long k = strtol(s + 1, &end, 10);
            if (k >= 1 && k <= n) {
                const char *v = params ? params[k - 1] : NULL;
                char *lit = v ? PQescapeLiteral(db->conn, v, strlen(v)) : NULL;
                fputs(lit ? lit : "NULL", f);
                if (text && lit)
                    fputs("::text", f);
                PQfreemem(lit);
                s = end - 1;
                continue;
            }
        }
        putc_unlocked(*s, f);
    }
    fputs(";\n", f);
    funlockfile(f);
    fflush(f);
}

/* A finished COPY ... FROM STDIN as INSERT INTO ... VALUES (text format: tabs, \N, escapes). */
static void trace_copy(trk_db *db)
{
    FILE *f = trace_file();
    if (!f || !db->copy_sql)
        return;
    const char *from = strstr(db->copy_sql, " FROM STDIN");
    size_t head = from ? (size_t)(from - db->copy_sql) : strlen(db->copy_sql);
    const char *target = strncmp(db->copy_sql, "COPY ", 5) == 0 ? db->copy_sql + 5 : db->copy_sql;
    char *field = malloc(db->copy_len + 1);
    if (!field)
        return;
    flockfile(f);
    const char *p = db->copy_data ? db->copy_data : "", *e = p + db->copy_len;
    while (p < e) {
        fprintf(f, "INSERT INTO %.*s VALUES (", (int)(head - (size_t)(target - db->copy_sql)),
                target);
        bool first = true;
        for (;;) {
            size_t k = 0;
            bool null = false;
            if (p + 1 < e && p[0] == '\\' && p[1] == 'N' && (p + 2 == e || p[2] == '\t' || p[2] == '\n')) {
                null = true;
                p += 2;
            } else {
                while (p < e && *p != '\t' && *p != '\n') {
                    if (*p == '\\' && p + 1 < e) {
                        p++;
                        field[k++] = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p;
                    } else {
                        field[k++] = *p;
                    }
                    p++;
                }
            }
            field[k] = '\0';
            char *lit = null ? NULL : PQescapeLiteral(db->conn, field, k);
            fprintf(f, "%s%s", first ? "" : ", ", lit ? lit : "NULL");
            PQfreemem(lit);
            first = false;
            if (p < e && *p == '\t') {
                p++;
                continue;
            }
            break;
        }
        fputs(");\n", f);
        if (p < e && *p == '\n')
            p++;
    }
    funlockfile(f);
    fflush(f);
    free(field);
    free(db->copy_sql);
    free(db->copy_data);
    db->copy_sql = db->copy_data = NULL;
    db->copy_len = 0;
}

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
    free(db->copy_sql);
    free(db->copy_data);
    free(db);
}

/* Run one statement; `types` NULL lets the server infer parameter types. */
static trk_res *run(trk_db *db, const char *sql, int n, const unsigned int *types,
                    const char *const *params, bool report)
{
    if (trace_file())
        trace_stmt(db, sql, n, params, types != NULL);
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
    if (trace_file())
        trace_stmt(db, "ROLLBACK", 0, NULL, false);
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
    if (trace_file()) {
        free(db->copy_sql);
        db->copy_sql = strdup(copy_sql);
        db->copy_len = 0;
    }
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
    if (trace_file() && db->copy_sql && len > 0) {
        char *d = realloc(db->copy_data, db->copy_len + (size_t)len + 1);
        if (d) {
            memcpy(d + db->copy_len, buf, (size_t)len);
            db->copy_len += (size_t)len;
            db->copy_data = d;
        }
    }
    if (PQputCopyData(db->conn, buf, len) == 1)
        return 0;
    record_error(db, NULL);
    trk_db_report(db);
    return -1;
}

int trk_db_copy_end(trk_db *db)
{
    if (trace_file())
        trace_copy(db);
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
