/*
 * cmdutil.h: helpers shared by the command families (cmd_*.c). Each reports its problem and
 * returns TRK_OK or a negative code (msg.h); the command turns it into its result.
 */
#ifndef TRK_CMDUTIL_H
#define TRK_CMDUTIL_H

#include "cli.h"
#include "db.h"
#include "feeds.h"
#include "open.h"

#include <stddef.h>

/*
 * The date given with --OPT (strict YYYY-MM-DD) into out (TRK_DATE_STRLEN bytes). When the
 * option is absent: today's date if `today_if_absent`, else "". Returns 0, or -1 after
 * reporting "invalid date for --OPT" (callers exit with TRK_ERR_USAGE).
 */
int trk_opt_date(const trk_args *a, const char *opt, bool today_if_absent, char *out);

/*
 * Check a value against a closed vocabulary (model.h). NULL passes (the option was not given).
 * Otherwise reports "invalid WHAT \"v\": expected one of a, b, c" and returns -1.
 */
int trk_vocab_check(const char *what, const char *v, const char *const *words);

/*
 * After a statement failed on db: a unique violation is the user's doing (a duplicate name, id
 * or year), reported with the message fmt, and gives TRK_ERR_USAGE; any other failure is
 * reported as the database's error and gives TRK_ERR.
 */
int trk_failed_unique(trk_db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The body of a list command: open the database, resolve the optional --case to its id as
 * params[0] (NULL without --case; the caller leaves that slot for it), run `sql` with its n
 * params, and print the rows as a JSON array with --json, else with print_rows. Returns TRK_OK or a
 * negative code.
 */
int trk_list_run(trk_ctx *ctx, const trk_args *a, const char *sql, int n, const char **params,
                 void (*print_rows)(const trk_res *r));

/* Write a file atomically: `data` goes to a temporary file next to `path`, which is then renamed
 * over it. "-" or NULL writes to stdout. Returns 0 or -1 (reported). */
int trk_write_file(const char *path, const char *data, size_t len);

/*
 * Resolve --case/--jurisdiction/--tag/--all of a command into a filter (export ics, feed create).
 * At most one may be given; none means all. With db NULL only the syntax is checked; call again
 * with the database to resolve the case and check the jurisdiction. Returns TRK_OK, or a
 * negative code with the problem reported.
 */
int trk_feed_filter_from_args(trk_db *db, trk_args *a, trk_feed_filter *f);

#endif
