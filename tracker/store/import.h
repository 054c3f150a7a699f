/*
 * import.h: tracker import, the interchange-format importer (docs/interchange.md).
 *
 * Two phases. Reading (import_read.c) parses a JSON document or a JSON Lines stream, validates
 * every record locally (types, vocabularies, dates, money, text) and spools typed rows in COPY
 * text format into temporary files, one per staging table, so that memory stays bounded for
 * streams. Loading (import_db.c) runs in one transaction: it COPYs the spools into temporary
 * staging tables, checks references and conflicts with set-based queries (errors still name the
 * JSON path of the record), then upserts into the real tables by external id with INSERT ...
 * ON CONFLICT, and hands new or re-dated events to the deadline engine.
 */
#ifndef TRK_IMPORT_H
#define TRK_IMPORT_H

#include "db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define TRK_IMPORT_MAX_DEPTH 20                        /* nesting levels of a document */
#define TRK_IMPORT_MAX_LINE (1024u * 1024u)            /* bytes per JSON Lines record */
#define TRK_IMPORT_DEFAULT_MAX_SIZE (256u * 1024u * 1024u) /* bytes of a JSON document */
#define TRK_IMPORT_DEFAULT_MAX_ERRORS 50
/* Values (numbers, strings, arrays, objects, ...) in one record of a JSON document: a case with
 * all its events, a party. A record is parsed whole, at 60-100 bytes of memory per value, so this
 * bounds the tree held at any time (docs/interchange.md, "Limits"); larger cases go in JSON
 * Lines, where each event is a record. */
#define TRK_IMPORT_MAX_RECORD_VALUES 1000000u

/*
 * The id a record without an external id is exported with (docs/interchange.md): kind, database
 * id and a fingerprint of the row's identity, e.g. "local:case:12:3f0c9a1b2d4e". The fingerprint
 * (12 hex digits of SHA-256 over kind, id and creation time) makes the id name that row of this
 * database and no other: another database's case 12 has another creation time, so importing its
 * export stores its ids instead of overwriting our case 12. Importing our own export adopts the
 * id (it becomes the row's external id, one audited change) instead of duplicating the record.
 * KIND is a string literal (case, event, party, body, source), T the SQL alias of the row.
 */
#define TRK_SQL_DERIVED_ID(kind, t)                                                                \
    "('local:" kind ":' || " t ".id || ':' || left(encode(sha256(convert_to('" kind ":' || " t     \
    ".id || ':' || (extract(epoch FROM " t ".created_at) * 1000000)::bigint, 'UTF8')), 'hex'), 12))"
#define TRK_SQL_LOCAL_ID(kind, t) "coalesce(" t ".external_id, " TRK_SQL_DERIVED_ID(kind, t) ")"
/* The shape of a derived id of KIND (a POSIX regular expression for SQL's ~). */
#define TRK_SQL_DERIVED_RE(kind) "'^local:" kind ":[0-9]{1,18}:[0-9a-f]{12}$'"

/* Staging tables, in load order. */
enum {
    TRK_STG_PARTY,
    TRK_STG_BODY,
    TRK_STG_SOURCE,
    TRK_STG_CASE,
    TRK_STG_CASE_PARTY,
    TRK_STG_EVENT,
    TRK_STG_EVENT_SOURCE,
    TRK_STG_FINE,
    TRK_STG_FINE_EQ,
    TRK_STG_DEADLINE,
    TRK_STG_N
};

typedef struct trk_import_opts {
    const char *path;   /* file name, or "-" for stdin */
    bool jsonl;         /* JSON Lines stream instead of one document */
    size_t max_size;    /* document mode: refuse larger inputs */
    int max_errors;     /* stop listing errors after this many */
    bool dry_run;       /* validate and check references, then roll back */
    bool progress;      /* draw a progress bar on stderr */
    const char *data;   /* when set: read these data_len bytes instead of path (the HTTP API) */
    size_t data_len;
    /* When set: called in the load's transaction once it holds the import lock, before any
     * check or write (the API checks If-Match there); nonzero rolls back (nothing written). */
    int (*in_txn)(trk_db *db, void *ctx);
    void *in_txn_ctx;
} trk_import_opts;

/* The result of the reading phase. */
typedef struct trk_import_spool {
    FILE *f[TRK_STG_N]; /* COPY text rows, rewound by trk_import_read on success */
    long rows[TRK_STG_N];
    long records;       /* top-level records read */
    int nerr;           /* errors reported (at most max_errors printed) */
} trk_import_spool;

/* Error collector shared by both phases: prints "tracker: error: PATH: message" lines up to the
 * limit and counts the rest. */
void trk_import_error(trk_import_spool *sp, const trk_import_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Read and validate o->path into sp (zeroed by the caller). Returns 0 when the input is valid;
 * 1 when errors were reported (sp->nerr > 0) but the spool is complete, so that the loading
 * phase can still list reference errors (it then writes nothing); -1 after an I/O problem, a
 * syntax error or too many errors. The caller frees sp with trk_import_spool_free in every case.
 */
int trk_import_read(const trk_import_opts *o, trk_import_spool *sp);
void trk_import_spool_free(trk_import_spool *sp);
/* Append one COPY text row (row gets its newline) to sp's spool of table: false when out of
 * memory or the write failed. Shared by the readers (import_read.c, import_csv.c). */
struct trk_sb;
bool trk_import_spool_row(trk_import_spool *sp, int table, struct trk_sb *row);
/* The end of a reader: -1 after "... and more errors" (more than o->max_errors), when `stop`
 * (a fatal error) came with errors, or after failing to rewind the spools; else 1 when errors
 * were reported, 0 when none (what trk_import_read returns). */
int trk_import_read_end(const trk_import_opts *o, trk_import_spool *sp, bool stop);

/* Per-table outcome of the loading phase. */
typedef struct trk_import_count {
    long inserted, updated, unchanged;
} trk_import_count;

/*
 * Load a spool in one transaction (BEGIN .. COMMIT, or ROLLBACK on any error, with o->dry_run,
 * or when sp->nerr > 0 on entry: then it only adds the reference errors to the list). counts[] is indexed like the staging tables. Returns 0, or -1 after reporting
 * (nothing written).
 */
int trk_import_load(trk_db *db, const trk_import_opts *o, trk_import_spool *sp,
                    trk_import_count counts[TRK_STG_N]);

/* Progress display on stderr (a no-op unless enabled). */
void trk_progress(bool on, const char *stage, double fraction, long items);
void trk_progress_done(bool on);

#endif
