/*
 * cmd_import.c: tracker import FILE|- [--format json|jsonl|csv|tsv|courtlistener] [--map MAP.json]
 * [--patterns FILE] [--dry-run] [--max-errors N] [--max-size MB] [--quiet]. The work is in
 * import_read.c, import_csv.c and import_cl.c (validation) and import_db.c (load).
 */
#include "cmdutil.h"
#include "commands.h"
#include "import.h"
#include "import_cl.h"
#include "import_csv.h"
#include "model.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const table_names[TRK_STG_N] = {
    [TRK_STG_PARTY] = "parties",       [TRK_STG_BODY] = "bodies",
    [TRK_STG_SOURCE] = "sources",      [TRK_STG_CASE] = "cases",
    [TRK_STG_CASE_PARTY] = "case parties", [TRK_STG_EVENT] = "events",
    [TRK_STG_EVENT_SOURCE] = "event sources", [TRK_STG_FINE] = "fines",
    [TRK_STG_FINE_EQ] = "fine equivalents", [TRK_STG_DEADLINE] = "deadline specs",
};

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int import_exec(trk_ctx *ctx, trk_args *a)
{
    trk_import_opts o = {
        .path = a->pos[0],
        .max_size = TRK_IMPORT_DEFAULT_MAX_SIZE,
        .max_errors = TRK_IMPORT_DEFAULT_MAX_ERRORS,
        .dry_run = trk_has(a, "dry-run"),
        .progress = isatty(STDERR_FILENO) && !trk_has(a, "quiet") && !trk_has(a, "no-progress"),
    };
    const char *fmt = trk_arg(a, "format");
    char delim = 0; /* CSV or TSV through a mapping */
    bool cl = false; /* a CourtListener docket */
    if (fmt) {
        if (strcmp(fmt, "json") == 0)
            o.jsonl = false;
        else if (strcmp(fmt, "jsonl") == 0)
            o.jsonl = true;
        else if (strcmp(fmt, "csv") == 0)
            delim = ',';
        else if (strcmp(fmt, "tsv") == 0)
            delim = '\t';
        else if (strcmp(fmt, "courtlistener") == 0)
            cl = true;
        else
            return trk_usage_error(
                a,
                "invalid value for --format: \"%s\" (expected json, jsonl, csv, tsv or"
                " courtlistener)",
                fmt);
    } else {
        o.jsonl = ends_with(o.path, ".jsonl") || ends_with(o.path, ".ndjson");
        if (ends_with(o.path, ".csv"))
            delim = ',';
        else if (ends_with(o.path, ".tsv"))
            delim = '\t';
    }
    const char *map = trk_arg(a, "map");
    if (!fmt && !delim && map && !o.jsonl && !ends_with(o.path, ".json"))
        delim = ','; /* stdin or another name with a mapping: CSV */
    if (delim && !map)
        return trk_usage_error(a, "--format %s needs --map MAP.json (see docs/csv-import.md)",
                               delim == ',' ? "csv" : "tsv");
    if (!delim && map)
        return trk_usage_error(a, "--map is for --format csv or tsv");
    const char *patterns = trk_arg(a, "patterns");
    if (patterns && !cl)
        return trk_usage_error(a, "--patterns is for --format courtlistener");
    if (trk_arg(a, "max-errors") &&
        trk_parse_int("max-errors", trk_arg(a, "max-errors"), 1, 100000, &o.max_errors) != 0)
        return TRK_ERR_USAGE;
    int mb;
    if (trk_arg(a, "max-size")) {
        if (trk_parse_int("max-size", trk_arg(a, "max-size"), 1, 4096, &mb) != 0)
            return TRK_ERR_USAGE;
        o.max_size = (size_t)mb * 1024u * 1024u;
    }

    int rc = TRK_ERR;
    trk_db *db = NULL;
    trk_import_spool sp = {0};
    trk_import_count counts[TRK_STG_N] = {{0}};
    /* Connect first so that an unreachable database is reported before a long validation. */
    db = trk_open(ctx->conninfo);
    if (!db)
        goto out;
    trk_cl_stats cls;
    int rrc = cl      ? trk_import_cl_read(&o, patterns, &sp, &cls)
              : delim ? trk_import_csv_read(db, &o, map, delim, &sp)
                      : trk_import_read(&o, &sp);
    if (rrc < 0) {
        if (sp.nerr > 0)
            trk_detail("%d error%s in %s; nothing was imported", sp.nerr, sp.nerr == 1 ? "" : "s",
                       strcmp(o.path, "-") == 0 ? "stdin" : o.path);
        /* spreadsheets: bad input (the file or the mapping) is a usage error, exit 2 */
        if ((delim || cl) && sp.nerr > 0)
            rc = TRK_ERR_USAGE;
        goto out;
    }
    if (trk_import_load(db, &o, &sp, counts) != 0) {
        if (sp.nerr > 0)
            trk_detail("%d error%s in %s; nothing was imported", sp.nerr, sp.nerr == 1 ? "" : "s",
                       strcmp(o.path, "-") == 0 ? "stdin" : o.path);
        else
            trk_detail("nothing was imported");
        if ((delim || cl) && sp.nerr > 0)
            rc = TRK_ERR_USAGE;
        goto out;
    }
    if (!trk_has(a, "quiet") && cl) {
        printf("docket %s (%s): %ld entries, %ld parties, %ld explicit deadlines\n", cls.case_id,
               cls.shape, cls.entries, cls.parties, cls.explicit_deadlines);
        printf("  events by type:");
        int first = 1;
        for (int t = 0; t < 16 && trk_event_types[t]; t++)
            if (cls.typed[t]) {
                printf("%s %s %ld", first ? "" : ",", trk_event_types[t], cls.typed[t]);
                first = 0;
            }
        printf("%s\n", first ? " none" : "");
        if (cls.dropped_deadlines)
            printf("  %ld due date%s not recorded (see the warnings)\n", cls.dropped_deadlines,
                   cls.dropped_deadlines == 1 ? "" : "s");
    }
    if (!trk_has(a, "quiet")) {
        long ins = 0, upd = 0, same = 0;
        for (int t = 0; t < TRK_STG_N; t++) {
            if (t == TRK_STG_DEADLINE)
                continue;
            ins += counts[t].inserted;
            upd += counts[t].updated;
            same += counts[t].unchanged;
        }
        printf("%s %s: %ld inserted, %ld updated, %ld unchanged\n",
               o.dry_run ? "would import" : "imported",
               strcmp(o.path, "-") == 0 ? "stdin" : o.path, ins, upd, same);
        for (int t = 0; t < TRK_STG_N; t++) {
            if (t == TRK_STG_DEADLINE) {
                if (sp.rows[t])
                    printf("  %-17s %ld given\n", table_names[t], sp.rows[t]);
                continue;
            }
            if (sp.rows[t] == 0 && counts[t].updated == 0)
                continue;
            printf("  %-17s %ld inserted, %ld updated, %ld unchanged\n", table_names[t],
                   counts[t].inserted, counts[t].updated, counts[t].unchanged);
        }
        if (o.dry_run)
            printf("dry run: nothing was written\n");
    }
    rc = TRK_OK;
out:
    trk_import_spool_free(&sp);
    trk_db_close(db);
    return rc;
}

static const trk_opt import_opts[] = {
    {"format", "json|jsonl|csv|tsv|courtlistener",
     "input format (default from the file name: *.jsonl/*.ndjson, *.csv, *.tsv; csv with"
     " --map; else json); courtlistener: a docket as CourtListener publishes it",
     0},
    {"map", "MAP.json", "for csv and tsv: the mapping of columns to fields (docs/csv-import.md)", 0},
    {"patterns", "FILE",
     "for courtlistener: the pattern list to use instead of the built-in one"
     " (examples/courtlistener/patterns.json, docs/courtlistener.md)",
     0},
    {"dry-run", NULL, "validate and check references, then write nothing", 0},
    {"max-errors", "N", "list at most N errors (default 50)", 0},
    {"max-size", "MB", "refuse JSON documents larger than this (default 256)", 0},
    {"quiet", NULL, "print nothing on success, no progress bar", 0},
    {"no-progress", NULL, "no progress bar even when stderr is a terminal", 0},
    {NULL},
};

static const trk_cmd import_cmd = {
    "import", "FILE",
    "import cases from the JSON interchange format, or from a CSV/TSV sheet through a mapping",
    import_opts, 1, 1, import_exec,
    "The format is described in docs/interchange.md (JSON Schema: docs/interchange.schema.json).\n"
    "Everything is validated before anything is written, and the whole import is one\n"
    "transaction. Records are matched by their \"id\" (external id): importing the same file\n"
    "twice changes nothing, and an edited file updates the records it names. Imports never\n"
    "delete cases, events or fines; the parties of a case, the sources of an event and the\n"
    "equivalents of a fine are replaced by what the file lists.\n"
    "\n"
    "Spreadsheets: tracker import --format csv|tsv FILE --map MAP.json reads one row per event\n"
    "(with its case, parties, authority, source and fine) as the mapping says; errors name the\n"
    "row, the column and the value, and exit with 2. Shipped mappings: examples/*.map.json;\n"
    "the mapping format is docs/csv-import.md (JSON Schema: docs/csv-map.schema.json).\n"
    "\n"
    "Court dockets: tracker import --format courtlistener DOCKET.json reads one docket as\n"
    "CourtListener publishes it (its RECAP archive's docket JSON, or its REST API v4 docket with\n"
    "\"docket_entries\" and \"parties\"): the case, its parties with their roles, one event per\n"
    "entry (judgments, orders, notices of appeal, motions... recognised by a pattern list), and\n"
    "the deadlines the clerk wrote into an entry's text; the rules compute the rest (FRAP 4(a)).\n"
    "Re-importing a later version of the docket adds its new entries. Bad input exits with 2.\n"
    "See docs/courtlistener.md."};

int trk_cmd_import(trk_ctx *ctx, int argc, char **argv)
{
    return trk_run_cmd(ctx, NULL, &import_cmd, argc + 1, argv - 1);
}
