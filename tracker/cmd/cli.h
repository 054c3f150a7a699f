/*
 * cli.h: the command table, option parsing and error reporting shared by every command.
 *
 * Commands and helpers return TRK_OK or a negative code (msg.h): TRK_ERR for a runtime error
 * (database, I/O, conflict), TRK_ERR_USAGE for a usage error (bad option, bad value). Only main()
 * turns a result into an exit code: 0 success, 1 runtime error, 2 usage error.
 */
#ifndef TRK_CLI_H
#define TRK_CLI_H

#include "msg.h"

#include "msg.h"

#include <stdbool.h>
#include <stddef.h>

enum { TRK_EXIT_OK = 0, TRK_EXIT_RUNTIME = 1, TRK_EXIT_USAGE = 2 };

/* The exit code of a result: TRK_OK -> 0, TRK_ERR_USAGE -> 2, any other negative code -> 1. */
int trk_exit_code(int rc);

/* Global settings resolved by main() before a command runs. */
typedef struct trk_ctx {
    const char *conninfo; /* --db value, or NULL (then TRACKER_DB, then libpq's PG* defaults) */
    const char *prog;     /* "tracker" */
} trk_ctx;

/* Option flags for trk_opt.flags. */
#define TRK_OPT_REQUIRED 0x1u /* must be given */
#define TRK_OPT_MULTI 0x2u    /* may repeat; all values are kept */

/* One long option. `arg` is the metavariable shown in help (NULL for a flag). */
typedef struct trk_opt {
    const char *name;
    const char *arg;
    const char *help;
    unsigned flags;
} trk_opt;

typedef struct trk_args trk_args;

/* A command (or subcommand) entry; help is generated from it. */
typedef struct trk_cmd {
    const char *name;
    const char *args;    /* positional arguments in usage, e.g. "CASE" (NULL: none) */
    const char *summary; /* one line */
    const trk_opt *opts; /* terminated by an entry with name NULL; may be NULL */
    int min_pos, max_pos;
    int (*exec)(trk_ctx *ctx, trk_args *a);
    const char *details; /* extra help text (may be NULL) */
} trk_cmd;

/* Parsed arguments of one command. Strings point into argv; nothing to free but the struct. */
struct trk_args {
    const trk_cmd *cmd;
    const char *family; /* e.g. "case" for "tracker case add" */
    int nopts;
    const char **val;   /* last value of each option; "" for a flag that was given */
    int *count;         /* how many times each option was given */
    const char ***multi; /* all values of each option, in order (count[i] entries) */
    char **pos;
    int npos;
};

/*
 * Dispatch "tracker FAMILY SUB ..." to the entry in `table` (terminated by name NULL).
 * argv[0] is the subcommand name. Prints help for "help", "--help" or no subcommand.
 * Returns TRK_OK or a negative code.
 */
int trk_dispatch(trk_ctx *ctx, const char *family, const char *family_summary,
                 const trk_cmd *table, int argc, char **argv);

/* Parse options of one command and run it. Returns TRK_OK or a negative code. */
int trk_run_cmd(trk_ctx *ctx, const char *family, const trk_cmd *cmd, int argc, char **argv);

/* Print the generated help of a command to stdout. */
void trk_cmd_help(const char *family, const trk_cmd *cmd);

/* Option lookup: the last value given, or NULL when absent. */
const char *trk_arg(const trk_args *a, const char *name);
/* True when the flag/option was given at least once. */
bool trk_has(const trk_args *a, const char *name);
/* All values of a repeatable option; *n receives the count. */
const char *const *trk_args_all(const trk_args *a, const char *name, int *n);

/* Report a usage error for `family sub` and return TRK_ERR_USAGE. */
int trk_usage_error(const trk_args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Value parsers for options. Each reports "invalid value for --NAME: ..." itself and returns -1.
 * `name` is the option name for the message (without dashes).
 */
int trk_parse_id(const char *name, const char *s, long long *out);
int trk_parse_int(const char *name, const char *s, int min, int max, int *out);

#endif
