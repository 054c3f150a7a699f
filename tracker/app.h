/*
 * app.h: opening the database for a command.
 */
#ifndef TRK_APP_H
#define TRK_APP_H

#include "cli.h"
#include "db.h"

#include <stddef.h>

/*
 * Connect (ctx->conninfo, else $TRACKER_DB, else PG* defaults) and check that the schema is
 * exactly the version this binary knows. Reports the problem and returns NULL when the database
 * is unreachable, unmigrated, or newer than the binary.
 */
trk_db *trk_open(trk_ctx *ctx);

/* The newest schema version compiled into this binary. */
int trk_schema_latest(void);

/* The version recorded in the database: 0 when never migrated, -1 on error (reported). */
int trk_schema_current(trk_db *db);

/*
 * Resolve a case reference given on the command line: a numeric id, or a case's external id
 * ("telegram-fsb-keys-2017"). On success stores the id and returns 0; otherwise reports
 * "case \"X\" does not exist" and returns -1 (callers exit with TRK_EXIT_RUNTIME).
 */
int trk_case_lookup(trk_db *db, const char *ref, long long *id);

/* Look up a jurisdiction code; reports an unknown or malformed code (usage error) and returns -1. */
int trk_jurisdiction_check(trk_db *db, const char *code);

/*
 * The date given with --OPT (strict YYYY-MM-DD) into out (TRK_DATE_STRLEN bytes). When the
 * option is absent: today's date if `today_if_absent`, else "". Returns 0, or -1 after
 * reporting "invalid date for --OPT" (callers exit with TRK_EXIT_USAGE).
 */
int trk_opt_date(const trk_args *a, const char *opt, bool today_if_absent, char *out);

/*
 * Check a value against a closed vocabulary (model.h). NULL passes (the option was not given).
 * Otherwise reports "invalid WHAT \"v\": expected one of a, b, c" and returns -1.
 */
int trk_vocab_check(const char *what, const char *v, const char *const *words);

/*
 * After a statement failed on db: a unique violation is the user's doing (a duplicate name, id
 * or year), reported with the message fmt, and gives TRK_EXIT_USAGE; any other failure is
 * reported as the database's error and gives TRK_EXIT_RUNTIME.
 */
int trk_failed_unique(trk_db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Format a 64-bit id into buf (24 bytes), for use as a query parameter; returns buf. */
char *trk_idstr(long long id, char *buf);

/*
 * The body of a list command: open the database, resolve the optional --case to its id as
 * params[0] (NULL without --case; the caller leaves that slot for it), run `sql` with its n
 * params, and print the rows as a JSON array with --json, else with print_rows. Returns the exit
 * code.
 */
int trk_list_run(trk_ctx *ctx, const trk_args *a, const char *sql, int n, const char **params,
                 void (*print_rows)(const trk_res *r));

/* Write a file atomically: `data` goes to a temporary file next to `path`, which is then renamed
 * over it. "-" or NULL writes to stdout. Returns 0 or -1 (reported). */
int trk_write_file(const char *path, const char *data, size_t len);

#endif
