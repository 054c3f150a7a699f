/*
 * db.h: the only interface to PostgreSQL. db.c is the only file that includes libpq-fe.h.
 *
 * Every statement is parameterized (PQexecParams). Query functions report errors themselves on
 * stderr unless called through the trk_db_try_* variants, which only record them; the SQLSTATE of
 * the last error is always available for branching (never branch on message text).
 */
#ifndef TRK_DB_H
#define TRK_DB_H

#include <stdbool.h>

typedef struct trk_db trk_db;
typedef struct trk_res trk_res;

/* SQLSTATE codes callers branch on. */
#define TRK_SQLSTATE_UNIQUE "23505"
#define TRK_SQLSTATE_FK "23503"
#define TRK_SQLSTATE_CHECK "23514"
#define TRK_SQLSTATE_NOT_NULL "23502"
#define TRK_SQLSTATE_SERIALIZATION "40001"
#define TRK_SQLSTATE_READ_ONLY "25006"
#define TRK_SQLSTATE_PRIVILEGE "42501"

/*
 * Connect with `conninfo` (a conninfo string or URI); NULL means $TRACKER_DB, and when that is
 * unset, libpq's defaults (PGHOST, PGPORT, PGDATABASE, ...). Reports a failure naming the target.
 * Returns NULL on failure. The caller owns the handle: trk_db_close() it.
 */
trk_db *trk_db_connect(const char *conninfo);
void trk_db_close(trk_db *db); /* NULL is a no-op */
/* What the program is doing, e.g. "event edit 5 --date 2017-10-17": every later connection
 * records it as tracker.cause, which migration 011 stores with each audit row. At most 1023
 * bytes are kept (cut at a UTF-8 boundary by the caller). */
void trk_db_set_cause(const char *cause);

/* Run a statement with text parameters (NULL entries are SQL NULL). Returns a result the caller
 * frees with trk_res_free, or NULL on error (reported on stderr). */
trk_res *trk_db_query(trk_db *db, const char *sql, int nparams, const char *const *params);
/* As trk_db_query, but an error is only recorded (see trk_db_sqlstate / trk_db_report). */
trk_res *trk_db_try_query(trk_db *db, const char *sql, int nparams, const char *const *params);
/* As trk_db_query, but every parameter is declared as text, so a statement need not use all of
 * them (reports pass all their parameters to each section; the SQL casts what it uses). */
trk_res *trk_db_query_text(trk_db *db, const char *sql, int nparams, const char *const *params);
/* Statements without rows: 0 on success, -1 on error (reported / only recorded). */
int trk_db_exec(trk_db *db, const char *sql, int nparams, const char *const *params);
int trk_db_try_exec(trk_db *db, const char *sql, int nparams, const char *const *params);
/* Run a whole SQL script (no parameters, may hold several statements): used for migrations only,
 * whose text is compiled into the binary, never user input. */
int trk_db_exec_script(trk_db *db, const char *sql);

int trk_db_begin(trk_db *db);    /* BEGIN */
int trk_db_commit(trk_db *db);   /* COMMIT; -1 when it failed (then nothing was written) */
void trk_db_rollback(trk_db *db); /* ROLLBACK when a transaction is open; never fails loudly */

/* The last error's SQLSTATE ("" when none), constraint name, column name, primary message. */
const char *trk_db_sqlstate(const trk_db *db);
const char *trk_db_errmsg(const trk_db *db);
/* Print the recorded error (message, detail, hint) the way trk_db_query would have. */
void trk_db_report(const trk_db *db);
/* Connection status: true when the connection is usable. */
bool trk_db_ok(const trk_db *db);
/* Re-establish a broken connection. 0 when usable again. */
int trk_db_reset(trk_db *db);

/* LISTEN/NOTIFY (the alerts worker): the connection's socket to wait on (-1 when none), and the
 * number of notifications that have arrived since the last call (consumed); -1 when the
 * connection is broken. */
int trk_db_socket(const trk_db *db);
int trk_db_notifications(trk_db *db);

/* Results. Values are text; NULL means SQL NULL. Pointers live until trk_res_free. */
int trk_res_rows(const trk_res *r);
int trk_res_cols(const trk_res *r);
const char *trk_res_colname(const trk_res *r, int col);
int trk_res_col(const trk_res *r, const char *name); /* -1 when absent */
const char *trk_res_get(const trk_res *r, int row, int col);
/* By column name; NULL for SQL NULL or an unknown column. */
const char *trk_res_val(const trk_res *r, int row, const char *name);
long long trk_res_int(const trk_res *r, int row, const char *name); /* 0 for NULL */
bool trk_res_bool(const trk_res *r, int row, const char *name);   /* "t" */
void trk_res_free(trk_res *r); /* NULL is a no-op */

/* Bulk load: COPY ... FROM STDIN. Start, send chunks, finish (0 ok, -1 error reported). */
int trk_db_copy_start(trk_db *db, const char *copy_sql);
int trk_db_copy_send(trk_db *db, const char *buf, int len);
int trk_db_copy_end(trk_db *db);

/* The type class of column `col` of r, for mapping rows to JSON (formats/json_out.c). */
typedef enum { TRK_COL_TEXT, TRK_COL_INT, TRK_COL_BOOL, TRK_COL_JSON } trk_coltype;
trk_coltype trk_res_coltype(const trk_res *r, int col);

/* Format a 64-bit id into buf (24 bytes), for use as a query parameter; returns buf. */
char *trk_idstr(long long id, char *buf);

#endif
