/*
 * cli.c: generated help, long-option parsing and message helpers for every command.
 */
#include "cli.h"

#include "db.h"
#include "text.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int trk_exit_code(int rc)
{
    return rc == TRK_OK ? TRK_EXIT_OK : rc == TRK_ERR_USAGE ? TRK_EXIT_USAGE : TRK_EXIT_RUNTIME;
}

int trk_usage_error(const trk_args *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("tracker: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (a && a->cmd) {
        if (a->family)
            fprintf(stderr, "HINT: see 'tracker %s %s --help'\n", a->family, a->cmd->name);
        else
            fprintf(stderr, "HINT: see 'tracker %s --help'\n", a->cmd->name);
    }
    return TRK_ERR_USAGE;
}

int trk_parse_id(const char *name, const char *s, long long *out)
{
    char *end;
    errno = 0;
    if (!s || !*s || *s < '0' || *s > '9')
        goto bad;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v <= 0)
        goto bad;
    *out = v;
    return 0;
bad:
    trk_error("invalid %s \"%s\": expected a positive integer id", name, s ? s : "");
    return -1;
}

int trk_parse_int(const char *name, const char *s, int min, int max, int *out)
{
    char *end;
    errno = 0;
    if (!s || !*s || !(*s == '-' || (*s >= '0' && *s <= '9')))
        goto bad;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < min || v > max)
        goto bad;
    *out = (int)v;
    return 0;
bad:
    trk_error("invalid value for --%s: \"%s\" (expected an integer from %d to %d)", name,
              s ? s : "", min, max);
    return -1;
}


static void print_usage_line(FILE *f, const char *family, const trk_cmd *cmd)
{
    fprintf(f, "usage: tracker %s%s%s", family ? family : "", family ? " " : "", cmd->name);
    if (cmd->args)
        fprintf(f, " %s", cmd->args);
    if (cmd->opts) {
        for (const trk_opt *o = cmd->opts; o->name; o++) {
            if (!(o->flags & TRK_OPT_REQUIRED))
                continue;
            fprintf(f, " --%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        }
        fputs(" [options]", f);
    }
    fputc('\n', f);
}

void trk_cmd_help(const char *family, const trk_cmd *cmd)
{
    print_usage_line(stdout, family, cmd);
    printf("\n%s\n", cmd->summary);
    if (cmd->opts && cmd->opts[0].name) {
        printf("\noptions:\n");
        for (const trk_opt *o = cmd->opts; o->name; o++) {
            char left[64];
            snprintf(left, sizeof left, "%s--%s%s%s", strcmp(o->name, "output") == 0 ? "-o, " : "",
                     o->name, o->arg ? " " : "", o->arg ? o->arg : "");
            printf("  %-26s %s%s%s\n", left, o->help,
                   (o->flags & TRK_OPT_REQUIRED) ? " (required)" : "",
                   (o->flags & TRK_OPT_MULTI) ? " (repeatable)" : "");
        }
    }
    printf("  %-26s %s\n", "--db CONNINFO", "PostgreSQL conninfo or URI (default: $TRACKER_DB, then PG* variables)");
    printf("  %-26s %s\n", "-h, --help", "show this help");
    if (cmd->details)
        printf("\n%s\n", cmd->details);
}

static int find_opt(const trk_cmd *cmd, const char *name, size_t len)
{
    if (!cmd->opts)
        return -1;
    for (int i = 0; cmd->opts[i].name; i++)
        if (strlen(cmd->opts[i].name) == len && strncmp(cmd->opts[i].name, name, len) == 0)
            return i;
    return -1;
}

const char *trk_arg(const trk_args *a, const char *name)
{
    int i = find_opt(a->cmd, name, strlen(name));
    return i < 0 ? NULL : a->val[i];
}

bool trk_has(const trk_args *a, const char *name)
{
    int i = find_opt(a->cmd, name, strlen(name));
    return i >= 0 && a->count[i] > 0;
}

const char *const *trk_args_all(const trk_args *a, const char *name, int *n)
{
    int i = find_opt(a->cmd, name, strlen(name));
    if (i < 0) {
        *n = 0;
        return NULL;
    }
    *n = a->count[i];
    return a->multi[i];
}

/* The command line as the audit trail's cause (audit.cause): "event edit 5 --date 2017-10-17",
 * arguments with spaces or quotes single-quoted, without the --db value (it may hold a
 * password), at most ~1000 bytes cut at a character boundary. */
static void record_cause(const char *family, const trk_cmd *cmd, int argc, char **argv)
{
    char buf[1024];
    size_t len = (size_t)snprintf(buf, sizeof buf, "%s%s%s", family ? family : "",
                                  family ? " " : "", cmd->name);
    for (int i = 1; i < argc && len < 1000; i++) {
        const char *s = argv[i];
        if (strcmp(s, "--db") == 0) {
            i++;
            continue;
        }
        if (strncmp(s, "--db=", 5) == 0)
            continue;
        if (!trk_utf8_valid(s, strlen(s)))
            s = "(not UTF-8)";
        bool quote = !*s || strpbrk(s, " \t\n'\"\\$") != NULL;
        buf[len++] = ' ';
        if (quote && len < 1000)
            buf[len++] = '\'';
        for (const char *c = s; *c && len < 1000; c++) {
            if (*c == '\'' && quote) {
                if (len + 4 >= 1000)
                    break;
                memcpy(buf + len, "'\\''", 4);
                len += 4;
            } else {
                buf[len++] = *c;
            }
        }
        if (quote && len < 1000)
            buf[len++] = '\'';
    }
    if (len > 1000)
        len = 1000;
    buf[len] = '\0';
    /* a cut may leave a partial UTF-8 sequence at the end: drop it */
    while (len > 0 && !trk_utf8_valid(buf, len))
        buf[--len] = '\0';
    trk_db_set_cause(buf);
}

int trk_run_cmd(trk_ctx *ctx, const char *family, const trk_cmd *cmd, int argc, char **argv)
{
    record_cause(family, cmd, argc, argv);
    int rc = TRK_ERR_USAGE;
    trk_args a = {.cmd = cmd, .family = family};
    int nopts = 0;
    if (cmd->opts)
        while (cmd->opts[nopts].name)
            nopts++;
    a.nopts = nopts;
    a.val = calloc((size_t)nopts + 1, sizeof *a.val);
    a.count = calloc((size_t)nopts + 1, sizeof *a.count);
    a.multi = calloc((size_t)nopts + 1, sizeof *a.multi);
    a.pos = calloc((size_t)argc + 1, sizeof *a.pos);
    if (!a.val || !a.count || !a.multi || !a.pos) {
        trk_error("out of memory");
        rc = TRK_ERR;
        goto out;
    }

    bool only_pos = false;
    for (int i = 1; i < argc; i++) {
        char *s = argv[i];
        if (only_pos || s[0] != '-' || s[1] == '\0') {
            a.pos[a.npos++] = s;
            continue;
        }
        if (strcmp(s, "--") == 0) {
            only_pos = true;
            continue;
        }
        if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
            trk_cmd_help(family, cmd);
            rc = TRK_OK;
            goto out;
        }
        /* The one short option: -o FILE for commands that write a file. */
        bool short_o = strcmp(s, "-o") == 0 && find_opt(cmd, "output", 6) >= 0;
        if (s[1] != '-' && !short_o) {
            rc = trk_usage_error(&a, "unknown option \"%s\"", s);
            goto out;
        }
        const char *name = short_o ? "output" : s + 2;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        if (len == 2 && strncmp(name, "db", 2) == 0) {
            const char *v = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v) {
                rc = trk_usage_error(&a, "option --db needs a value");
                goto out;
            }
            ctx->conninfo = v;
            continue;
        }
        int k = find_opt(cmd, name, len);
        if (k < 0) {
            rc = trk_usage_error(&a, "unknown option \"--%.*s\"", (int)len, name);
            goto out;
        }
        const trk_opt *o = &cmd->opts[k];
        const char *v;
        if (o->arg) {
            if (eq)
                v = eq + 1;
            else if (i + 1 < argc)
                v = argv[++i];
            else {
                rc = trk_usage_error(&a, "option --%s needs a value (%s)", o->name, o->arg);
                goto out;
            }
        } else {
            if (eq) {
                rc = trk_usage_error(&a, "option --%s takes no value", o->name);
                goto out;
            }
            v = "";
        }
        if (a.count[k] > 0 && !(o->flags & TRK_OPT_MULTI) && o->arg) {
            rc = trk_usage_error(&a, "option --%s given more than once", o->name);
            goto out;
        }
        const char **grown = realloc(a.multi[k], (size_t)(a.count[k] + 1) * sizeof *grown);
        if (!grown) {
            trk_error("out of memory");
            rc = TRK_ERR;
            goto out;
        }
        a.multi[k] = grown;
        grown[a.count[k]++] = v;
        a.val[k] = v;
    }
    for (int k = 0; k < nopts; k++) {
        if ((cmd->opts[k].flags & TRK_OPT_REQUIRED) && a.count[k] == 0) {
            rc = trk_usage_error(&a, "missing required option --%s", cmd->opts[k].name);
            goto out;
        }
    }
    if (a.npos < cmd->min_pos) {
        rc = trk_usage_error(&a, "missing argument%s%s", cmd->args ? " " : "",
                             cmd->args ? cmd->args : "");
        goto out;
    }
    if (a.npos > cmd->max_pos) {
        rc = trk_usage_error(&a, "unexpected argument \"%s\"", a.pos[cmd->max_pos]);
        goto out;
    }
    rc = cmd->exec(ctx, &a);
out:
    for (int k = 0; k < nopts && a.multi; k++)
        free(a.multi[k]);
    free(a.multi);
    free(a.val);
    free(a.count);
    free(a.pos);
    return rc;
}

int trk_dispatch(trk_ctx *ctx, const char *family, const char *family_summary,
                 const trk_cmd *table, int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "help") == 0 || strcmp(argv[0], "--help") == 0 ||
        strcmp(argv[0], "-h") == 0) {
        if (argc >= 2 && strcmp(argv[0], "help") == 0) {
            for (const trk_cmd *c = table; c->name; c++)
                if (strcmp(c->name, argv[1]) == 0) {
                    trk_cmd_help(family, c);
                    return TRK_OK;
                }
        }
        FILE *f = argc < 1 ? stderr : stdout;
        fprintf(f, "usage: tracker %s COMMAND [options]\n\n%s\n\ncommands:\n", family,
                family_summary);
        for (const trk_cmd *c = table; c->name; c++)
            fprintf(f, "  %-10s %s\n", c->name, c->summary);
        fprintf(f, "\nRun 'tracker %s COMMAND --help' for a command's options.\n", family);
        return argc < 1 ? TRK_ERR_USAGE : TRK_OK;
    }
    for (const trk_cmd *c = table; c->name; c++)
        if (strcmp(c->name, argv[0]) == 0)
            return trk_run_cmd(ctx, family, c, argc, argv);
    trk_error("unknown command \"%s %s\"", family, argv[0]);
    trk_hint("see 'tracker %s --help'", family);
    return TRK_ERR_USAGE;
}
