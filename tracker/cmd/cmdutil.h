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
 * --format of the list commands: table (default), json (the same as --json) or csv. Returns one
 * of TRK_LIST_*, or TRK_ERR_USAGE after reporting another value.
 */
enum { TRK_LIST_TABLE, TRK_LIST_JSON, TRK_LIST_CSV };
int trk_list_format(const trk_args *a);
#define TRK_OPT_LIST_FORMAT                                                                        \
    {"format", "table|json|csv", "output format (csv: RFC 4180 with a header row)", 0}

/* Rows of r as CSV on stdout (amounts with their currency's digits). */
int trk_csv_emit(const trk_res *r);

/*
 * One row per event in the columns of the generic sheet examples/events.csv, so that
 * `tracker event list --format csv` (and fine list) can be imported again with
 * examples/events.map.json: the event's case (with its body), the event's body, party (with its
 * roles in the case, ';'-separated), fine and first source. A record without an external id is
 * named tracker:case:ID / tracker:event:ID.
 * Callers append WHERE and ORDER BY (aliases: e event, c legal_case, f fine).
 */
#define TRK_SQL_SHEET_EVENTS                                                                       \
    "SELECT coalesce(c.external_id, 'tracker:case:' || c.id) AS case_id, c.title AS case_title,"  \
    " c.jurisdiction, c.status, c.docket, cb.name AS case_body, cb.kind AS case_body_kind,"        \
    " array_to_string(c.tags, ';') AS tags, c.summary AS case_summary, b.name AS body,"           \
    " b.kind AS body_kind, p.name AS party,"                                                       \
    " p.kind AS party_kind,"                                                                       \
    " CASE WHEN p.id IS NOT NULL THEN coalesce((SELECT string_agg(cp.role, ';' ORDER BY cp.role)"  \
    "  FROM case_party cp WHERE cp.case_id = c.id AND cp.party_id = p.id), 'other') END"          \
    " AS party_role,"                                                                              \
    " coalesce(e.external_id, 'tracker:event:' || e.id) AS event_id, e.type AS event_type,"       \
    " to_char(e.date, 'YYYY-MM-DD') AS date, e.title AS event_title, e.description, e.outcome,"   \
    " f.amount::text AS fine_amount, f.currency AS fine_currency, s.url AS source_url,"           \
    " s.title AS source_title, s.publisher AS source_publisher"                                    \
    " FROM event e JOIN legal_case c ON c.id = e.case_id LEFT JOIN body cb ON cb.id = c.body_id"  \
    " LEFT JOIN body b ON b.id = e.body_id"                                                        \
    " LEFT JOIN party p ON p.id = e.party_id LEFT JOIN fine f ON f.event_id = e.id"                \
    " LEFT JOIN LATERAL (SELECT x.url, x.title, x.publisher FROM event_source es JOIN source x"    \
    "  ON x.id = es.source_id WHERE es.event_id = e.id ORDER BY x.id LIMIT 1) s ON true"

/*
 * The body of a list command: open the database, resolve the optional --case to its id as
 * params[0] (NULL without --case; the caller leaves that slot for it), run `sql` with its n
 * params, and print the rows as a JSON array with --json (or --format json), as CSV with
 * --format csv, else with print_rows. Returns TRK_OK or a
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

/*
 * A secret given on standard input (--password-stdin, token check --stdin): one line, at most
 * max bytes, with one trailing newline (LF or CR LF) removed, into buf (max + 3 bytes). The
 * value is never echoed in a message. Returns TRK_OK, or TRK_ERR_USAGE after reporting that
 * `what` is empty or too long ("the password is longer than 1024 bytes").
 */
int trk_read_secret(const char *what, char *buf, size_t max, size_t *len);

#endif
