/*
 * report.h: reports (reports/NAME.sql, compiled in) and the output formats shared by reports and
 * exports: deterministic pretty JSON, CSV and aligned text tables.
 */
#ifndef TRK_REPORT_H
#define TRK_REPORT_H

#include "db.h"
#include "strbuf.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* ---- output formats (report_fmt.c) ---- */


/*
 * Append `v` as JSON with two-space indentation and a final newline: keys in insertion order,
 * non-ASCII text as UTF-8, integral numbers without a fraction. The same tree always gives the
 * same bytes (used for byte-identical export round trips and golden files).
 */
void trk_json_pretty(trk_sb *b, const cJSON *v);

/* A cell rewriter: returns the value to show for (row, col); may use buf (size bytes). */
typedef const char *(*trk_cell_fn)(const trk_res *r, int row, int col, char *buf, size_t size);

/* Rows of r as CSV (RFC 4180, header line, LF line ends); cell may be NULL (values as is). */
void trk_csv_rows(trk_sb *b, const trk_res *r, trk_cell_fn cell);
/* Rows of r as an aligned text table with a header (psql-like). */
void trk_table_rows(trk_sb *b, const trk_res *r, trk_cell_fn cell);

/*
 * Money columns: a column whose name ends in "amount" holds an amount in the currency named by
 * the column with "currency" in place of "amount" (equivalent_amount -> equivalent_currency), or
 * else by the row's "currency" column. trk_money_cell formats such a value with exactly the
 * currency's minor-unit digits ("800000.00", JPY "5000"); other cells pass through.
 */
const char *trk_money_cell(const trk_res *r, int row, int col, char *buf, size_t size);

/* ---- reports (report.c) ---- */

typedef struct trk_report_param {
    const char *name;
    const char *type; /* date, int, text, case, bool */
    const char *dflt; /* NULL: none (NULL in SQL unless required) */
    bool required;
    const char *help;
} trk_report_param;

typedef struct trk_report_section {
    const char *name;
    const char *requires; /* relation that must exist (to_regclass), or NULL */
    const char *sql;
} trk_report_section;

#define TRK_REPORT_MAX_PARAMS 16
#define TRK_REPORT_MAX_SECTIONS 16

typedef struct trk_report {
    char *name;
    char *description;
    int nparams, nsections;
    trk_report_param params[TRK_REPORT_MAX_PARAMS];
    trk_report_section sections[TRK_REPORT_MAX_SECTIONS];
    char *text; /* owned copy of the definition that the pointers above point into */
} trk_report;

/* Parse a report definition (the text of reports/NAME.sql). Returns 0, or -1 with *why set. */
int trk_report_parse(const char *name, const char *text, trk_report *out, const char **why);
void trk_report_free(trk_report *r); /* NULL-safe; frees what parse allocated */

/* trk_report_run's result for a bad parameter value (a usage error; reported). */
#define TRK_REPORT_EBADPARAM (-2)

/*
 * Run report `rep` on db and append its output to `out`. values[j] is the value given for
 * parameter j, as text (NULL: absent, the default applies); it is checked by type here (dates,
 * ints, currencies; a case reference is resolved). format is "json", "csv" or "table"; section
 * is NULL for all sections or the name of one (the caller checks it exists). Runs in its own
 * read-only transaction. Returns 0; TRK_REPORT_EBADPARAM after reporting a bad value; -1 after
 * reporting a runtime error (database, unknown case).
 */
int trk_report_run(trk_db *db, const trk_report *rep, const char *const *values,
                   const char *format, const char *section, trk_sb *out);

/*
 * Check value `v` for parameter `p` by its type, as trk_report_run does, without the database
 * (every type but case). Returns 0 with the normalized value in out (size bytes; at least 1024
 * holds any valid value), or -1 with the message trk_report_run would report in why (empty when
 * the cause is not the value: an unusable $TRACKER_TODAY). Used by HTTP routes to answer 400.
 */
int trk_report_check_value(const trk_report_param *p, const char *v, char *out, size_t size,
                           char *why, size_t whysize);

/* Parse every compiled-in report into a new array of trk_report_source_count entries, in the
 * order of trk_report_sources (free with trk_reports_free). NULL after reporting a malformed
 * definition or out of memory. */
trk_report *trk_reports_load(void);
void trk_reports_free(trk_report *reports);

/* The compiled-in definitions (generated from reports/NAME.sql). */
typedef struct trk_report_src {
    const char *name;
    const char *text;
    const char *schema; /* reports/NAME.schema.json, or NULL */
} trk_report_src;
extern const trk_report_src trk_report_sources[];
extern const int trk_report_source_count;

#endif
