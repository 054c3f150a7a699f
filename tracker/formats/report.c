/*
 * report.c: parsing report definitions (reports/NAME.sql, compiled in by reports/embed.cmake).
 *
 * A definition is SQL with a header of comment lines:
 *   -- description: one line (further "--   text" lines continue it)
 *   -- param: NAME TYPE [required] [default=VALUE] - help text
 *   -- section: NAME [requires=RELATION]
 *   SELECT ... $1 ... $2 ...;
 * Parameters are $1..$n in declaration order, passed as text to every section (the SQL casts
 * what it uses). A section ends at the next "-- section:" line or at the end of the file.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static const char *const param_types[] = {"text", "date", "int", "bool", "case", "currency", NULL};

static int parse_param(char *spec, trk_report_param *p, const char **why)
{
    char *help = strstr(spec, " - ");
    if (help) {
        *help = '\0';
        p->help = trim(help + 3);
    } else {
        p->help = "";
    }
    char *save = NULL;
    char *tok = strtok_r(spec, " \t", &save);
    if (!tok) {
        *why = "param without a name";
        return -1;
    }
    p->name = tok;
    tok = strtok_r(NULL, " \t", &save);
    if (!tok) {
        *why = "param without a type";
        return -1;
    }
    p->type = tok;
    bool known = false;
    for (int i = 0; param_types[i]; i++)
        if (strcmp(param_types[i], tok) == 0)
            known = true;
    if (!known) {
        *why = "unknown param type";
        return -1;
    }
    while ((tok = strtok_r(NULL, " \t", &save))) {
        if (strcmp(tok, "required") == 0)
            p->required = true;
        else if (starts(tok, "default="))
            p->dflt = tok + 8;
        else {
            *why = "unknown param attribute";
            return -1;
        }
    }
    return 0;
}

int trk_report_parse(const char *name, const char *text, trk_report *out, const char **why)
{
    memset(out, 0, sizeof *out);
    out->text = strdup(text);
    out->name = strdup(name);
    if (!out->text || !out->name) {
        *why = "out of memory";
        goto fail;
    }
    out->description = "";
    char *desc_end = NULL; /* where continuation lines are appended */
    trk_report_section *cur = NULL;
    for (char *p = out->text; p && *p;) {
        char *eol = strchr(p, '\n');
        char *next = eol ? eol + 1 : NULL;
        char *q = p;
        while (*q == ' ' || *q == '\t')
            q++;
        if (starts(q, "-- section:")) {
            if (out->nsections == TRK_REPORT_MAX_SECTIONS) {
                *why = "too many sections";
                goto fail;
            }
            if (p > out->text)
                p[-1] = '\0'; /* ends the previous section's SQL (or the header) */
            if (eol)
                *eol = '\0';
            cur = &out->sections[out->nsections++];
            char *spec = trim(q + 11);
            char *req = strstr(spec, " requires=");
            if (req) {
                *req = '\0';
                cur->requires = trim(req + 10);
            }
            cur->name = trim(spec);
            cur->sql = next ? next : "";
        } else if (!cur) {
            /* Header lines: cut and parse in place. */
            if (eol)
                *eol = '\0';
            char *t = trim(q);
            if (starts(t, "-- description:")) {
                out->description = trim(t + 15);
                desc_end = (char *)out->description + strlen(out->description);
            } else if (desc_end && starts(t, "--   ")) {
                char *more = trim(t + 2);
                size_t n = strlen(more);
                *desc_end++ = ' ';
                memmove(desc_end, more, n + 1);
                desc_end += n;
            } else if (starts(t, "-- param:")) {
                desc_end = NULL;
                if (out->nparams == TRK_REPORT_MAX_PARAMS) {
                    *why = "too many params";
                    goto fail;
                }
                if (parse_param(trim(t + 9), &out->params[out->nparams++], why) != 0)
                    goto fail;
            } else {
                desc_end = NULL;
            }
        }
        p = next;
    }
    if (out->nsections == 0) {
        *why = "no sections";
        goto fail;
    }
    return 0;
fail:
    trk_report_free(out);
    return -1;
}

void trk_report_free(trk_report *r)
{
    if (!r)
        return;
    free(r->text);
    free(r->name);
    r->text = NULL;
    r->name = NULL;
}
