/*
 * import_cl.h: tracker import --format courtlistener FILE [--patterns FILE] (docs/courtlistener.md).
 *
 * Reads one court docket as CourtListener publishes it: the docket JSON of its RECAP archive
 * (Free Law Project's juriscraper: "docket_entries", "parties", "originating_court_information")
 * or its REST API v4 (a docket object with "docket_entries" and "parties" as arrays or as the
 * API's list responses {"next", "previous", "results"}). Everything the import needs is checked
 * first, with errors naming the JSON path of the docket; the docket is then translated into one
 * interchange document (docs/interchange.md) and read and loaded by the same pipeline as
 * `tracker import` (import.h): one transaction, idempotent by external ids, nothing written on
 * any error. A pattern list (built in from examples/courtlistener/patterns.json, or --patterns)
 * says which entries are judgments, orders, notices of appeal, motions..., how party types map
 * to roles, and how deadlines written in an entry's text are found.
 */
#ifndef TRK_IMPORT_CL_H
#define TRK_IMPORT_CL_H

#include "import.h"

/* What the translation found, for the summary. */
typedef struct trk_cl_stats {
    char shape[40];       /* "RECAP docket JSON" or "CourtListener API v4 docket" */
    char case_id[1100];   /* the case's external id */
    long entries, parties, explicit_deadlines, typed[16];
    long dropped_deadlines; /* due dates not recorded (one deadline per kind and entry) */
} trk_cl_stats;

/*
 * Read and check o->path ("-" for stdin) with the pattern list patterns_path (NULL: the built-in
 * one), then read the translated document into sp (zeroed by the caller) as trk_import_read does.
 * Returns as trk_import_read: 0 valid, 1 errors reported but the spool complete, -1 otherwise;
 * every input or pattern-file error is counted in sp->nerr (so sp->nerr == 0 after -1 means an
 * I/O failure). The caller frees sp with trk_import_spool_free.
 */
int trk_import_cl_read(const trk_import_opts *o, const char *patterns_path, trk_import_spool *sp,
                       trk_cl_stats *st);

/* The built-in pattern list (examples/courtlistener/patterns.json, embedded at build time). */
extern const char trk_cl_default_patterns[];

#endif
