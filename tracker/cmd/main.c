/*
 * main.c: tracker's entry point. Global options, the command-family table, exit codes.
 */
#include "cli.h"
#include "commands.h"
#include "crypto.h"
#include "text.h"

#include <stdio.h>
#include <string.h>

#ifndef TRACKER_VERSION
#define TRACKER_VERSION "0.1.0"
#endif

static const struct family {
    const char *name;
    const char *summary;
    int (*run)(trk_ctx *ctx, int argc, char **argv);
} families[] = {
    {"db", "apply and inspect the database schema", trk_cmd_db},
    {"case", "add, list, show and edit cases", trk_cmd_case},
    {"party", "add and list parties (companies, agencies, people)", trk_cmd_party},
    {"event", "record dated events: requests, rulings, fines, appeals ...", trk_cmd_event},
    {"fine", "record fines, their equivalents and payment", trk_cmd_fine},
    {"source", "list and add sources cited by events", trk_cmd_source},
    {"deadline", "list, explain and compute deadlines", trk_cmd_deadline},
    {"rule", "manage deadline rules", trk_cmd_rule},
    {"calendar", "show working-day calendars and add closures", trk_cmd_calendar},
    {"export", "export calendars (.ics), timelines and JSON", trk_cmd_export},
    {"import", "import cases from the JSON interchange format", trk_cmd_import},
    {"report", "run reports (timeline, fines, deadlines, case)", trk_cmd_report},
    {"feed", "create, list and revoke subscribable calendar feeds", trk_cmd_feed},
    {"serve", "serve calendar feeds over HTTP", trk_cmd_serve},
    {"history", "who changed what and when (the audit trail)", trk_cmd_history},
    {"jurisdiction", "add, list and edit jurisdictions", trk_cmd_jurisdiction},
    {"user", "manage the accounts of the API (roles, passwords)", trk_cmd_user},
    {"token", "create, list and revoke API tokens", trk_cmd_token},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: tracker [--db CONNINFO] COMMAND [SUBCOMMAND] [options]\n\n"
               "tracker records legal and regulatory cases, computes the deadlines they trigger\n"
               "from rules and working-day calendars, and exports them as calendars and reports.\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
        fprintf(f, "  %-10s %s\n", families[i].name, families[i].summary);
    fprintf(f, "\nThe database is --db CONNINFO, else $TRACKER_DB, else libpq's PG* variables.\n"
               "Run 'tracker COMMAND --help' for more. Exit codes: 0 ok, 1 runtime error, "
               "2 usage error.\n");
}

int main(int argc, char **argv)
{
    trk_ctx ctx = {.conninfo = NULL, .prog = "tracker"};
    trk_display_install(); /* text output shows control characters as \x1b etc. (text.h) */
    if (trk_crypto_init() != 0)
        return TRK_EXIT_RUNTIME;
    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return TRK_EXIT_OK;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("tracker %s\n", TRACKER_VERSION);
            return TRK_EXIT_OK;
        }
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            ctx.conninfo = argv[i + 1];
            i += 2;
            continue;
        }
        if (strncmp(argv[i], "--db=", 5) == 0) {
            ctx.conninfo = argv[i] + 5;
            i++;
            continue;
        }
        trk_error("unknown option \"%s\"", argv[i]);
        trk_hint("see 'tracker --help'");
        return TRK_EXIT_USAGE;
    }
    if (i >= argc) {
        usage(stderr);
        return TRK_EXIT_USAGE;
    }
    if (strcmp(argv[i], "help") == 0) {
        if (i + 1 >= argc) {
            usage(stdout);
            return TRK_EXIT_OK;
        }
        char *help[] = {argv[i + 1], "--help", NULL};
        for (size_t k = 0; k < sizeof families / sizeof families[0]; k++)
            if (strcmp(families[k].name, argv[i + 1]) == 0)
                return trk_exit_code(families[k].run(&ctx, 1, help + 1));
    }
    for (size_t k = 0; k < sizeof families / sizeof families[0]; k++)
        if (strcmp(families[k].name, argv[i]) == 0) {
            int rc = families[k].run(&ctx, argc - i - 1, argv + i + 1);
            if ((fflush(stdout) != 0 || fflush(trk_data_out()) != 0) && rc == TRK_OK) {
                trk_error("could not write output");
                rc = TRK_ERR;
            }
            return trk_exit_code(rc);
        }
    trk_error("unknown command \"%s\"", argv[i]);
    trk_hint("see 'tracker --help'");
    return TRK_EXIT_USAGE;
}
