/*
 * cmd_report.c: tracker report list | tracker report NAME [--param k=v ...]
 * [--format json|csv|table] [--section S] [--output FILE] [--schema].
 *
 * Reports are data: reports/NAME.sql compiled in (report.c parses them). Each becomes a
 * subcommand, so `tracker report --help` lists them. All sections of a report run in one
 * read-only REPEATABLE READ transaction, so they agree with each other.
 */
#include "cmdutil.h"
#include "commands.h"
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static trk_report *reports;
static int nreports;

static int load_reports(void)
{
    reports = trk_reports_load();
    nreports = reports ? trk_report_source_count : 0;
    return reports ? 0 : -1;
}

static void free_reports(void)
{
    trk_reports_free(reports);
    reports = NULL;
    nreports = 0;
}

static int find_report(const char *name)
{
    for (int i = 0; i < nreports; i++)
        if (strcmp(reports[i].name, name) == 0)
            return i;
    return -1;
}

static int run_report(trk_ctx *ctx, trk_args *a)
{
    int ri = find_report(a->cmd->name);
    const trk_report *rep = &reports[ri];
    int rc = TRK_ERR_USAGE;
    const char *fmt = trk_arg(a, "format") ? trk_arg(a, "format") : "json";
    const char *only = trk_arg(a, "section");
    if (strcmp(fmt, "json") != 0 && strcmp(fmt, "csv") != 0 && strcmp(fmt, "table") != 0)
        return trk_usage_error(a, "invalid value for --format: \"%s\" (expected json, csv or table)",
                               fmt);
    if (trk_has(a, "schema")) {
        const char *schema = trk_report_sources[ri].schema;
        if (!schema) {
            trk_error("report \"%s\" has no JSON Schema", rep->name);
            return TRK_ERR;
        }
        return trk_write_file(trk_arg(a, "output"), schema, strlen(schema)) == 0 ? TRK_OK
                                                                              : TRK_ERR;
    }
    if (only) {
        bool found = false;
        for (int s = 0; s < rep->nsections; s++)
            found = found || strcmp(rep->sections[s].name, only) == 0;
        if (!found)
            return trk_usage_error(a, "report \"%s\" has no section \"%s\"", rep->name, only);
    }
    /* --param name=value, each name once and known. */
    const char *given[TRK_REPORT_MAX_PARAMS] = {0};
    int n;
    const char *const *ps = trk_args_all(a, "param", &n);
    for (int i = 0; i < n; i++) {
        const char *eq = strchr(ps[i], '=');
        int k = -1;
        for (int j = 0; eq && j < rep->nparams; j++)
            if (strlen(rep->params[j].name) == (size_t)(eq - ps[i]) &&
                strncmp(rep->params[j].name, ps[i], (size_t)(eq - ps[i])) == 0)
                k = j;
        if (!eq)
            return trk_usage_error(a, "invalid --param \"%s\": expected NAME=VALUE", ps[i]);
        if (k < 0) {
            char list[512] = "";
            for (int j = 0; j < rep->nparams; j++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? ", " : "",
                         rep->params[j].name);
            trk_usage_error(a, "report \"%s\" has no parameter \"%.*s\"", rep->name,
                            (int)(eq - ps[i]), ps[i]);
            if (rep->nparams)
                trk_hint("its parameters: %s", list);
            return TRK_ERR_USAGE;
        }
        if (given[k])
            return trk_usage_error(a, "parameter %s given more than once", rep->params[k].name);
        given[k] = eq + 1;
    }
    for (int j = 0; j < rep->nparams; j++)
        if (rep->params[j].required && !given[j])
            return trk_usage_error(a, "report \"%s\" needs --param %s=VALUE", rep->name,
                                   rep->params[j].name);

    trk_db *db = NULL;
    trk_sb out = {0};
    db = trk_open(ctx->conninfo);
    if (!db)
        return TRK_ERR;
    int res = trk_report_run(db, rep, given, fmt, only, &out);
    if (res == TRK_REPORT_EBADPARAM)
        rc = TRK_ERR_USAGE;
    else if (res != 0 || trk_write_file(trk_arg(a, "output"), out.p ? out.p : "", out.n) != 0)
        rc = TRK_ERR;
    else
        rc = TRK_OK;
    free(out.p);
    trk_db_close(db);
    return rc;
}

static int list_reports(trk_ctx *ctx, trk_args *a)
{
    (void)ctx;
    if (trk_has(a, "json")) {
        cJSON *arr = cJSON_CreateArray();
        for (int i = 0; i < nreports; i++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", reports[i].name);
            cJSON_AddStringToObject(o, "description", reports[i].description);
            cJSON *ps = cJSON_AddArrayToObject(o, "params");
            for (int j = 0; j < reports[i].nparams; j++) {
                const trk_report_param *p = &reports[i].params[j];
                cJSON *q = cJSON_CreateObject();
                cJSON_AddStringToObject(q, "name", p->name);
                cJSON_AddStringToObject(q, "type", p->type);
                cJSON_AddBoolToObject(q, "required", p->required);
                cJSON_AddItemToObject(q, "default", p->dflt ? cJSON_CreateString(p->dflt)
                                                            : cJSON_CreateNull());
                cJSON_AddStringToObject(q, "help", p->help);
                cJSON_AddItemToArray(ps, q);
            }
            cJSON *ss = cJSON_AddArrayToObject(o, "sections");
            for (int s = 0; s < reports[i].nsections; s++)
                cJSON_AddItemToArray(ss, cJSON_CreateString(reports[i].sections[s].name));
            cJSON_AddItemToArray(arr, o);
        }
        trk_sb b = {0};
        trk_json_pretty(&b, arr);
        cJSON_Delete(arr);
        int rc = b.oom ? -1 : trk_write_file(NULL, b.p, b.n);
        free(b.p);
        return rc == 0 ? TRK_OK : TRK_ERR;
    }
    for (int i = 0; i < nreports; i++) {
        printf("%s\n  %s\n", reports[i].name, reports[i].description);
        for (int j = 0; j < reports[i].nparams; j++) {
            const trk_report_param *p = &reports[i].params[j];
            printf("    --param %s=%s%s%s%s%s  %s\n", p->name, p->type,
                   p->required ? " (required)" : "", p->dflt ? " (default " : "",
                   p->dflt ? p->dflt : "", p->dflt ? ")" : "", p->help);
        }
        printf("    sections:");
        for (int s = 0; s < reports[i].nsections; s++)
            printf(" %s", reports[i].sections[s].name);
        printf("\n");
    }
    return TRK_OK;
}

static const trk_opt list_opts[] = {{"json", NULL, "machine-readable output", 0}, {NULL}};

static const trk_opt report_opts[] = {
    {"param", "NAME=VALUE", "a report parameter (see 'tracker report list')", TRK_OPT_MULTI},
    {"format", "FMT", "json (default), csv or table", 0},
    {"section", "NAME", "only this section of the report", 0},
    {"output", "FILE", "write to FILE (atomically) instead of stdout", 0},
    {"schema", NULL, "print the JSON Schema of the report's JSON output instead", 0},
    {NULL},
};

int trk_cmd_report(trk_ctx *ctx, int argc, char **argv)
{
    int rc = TRK_ERR;
    trk_cmd *table = NULL;
    if (load_reports() != 0)
        goto out;
    table = calloc((size_t)nreports + 2, sizeof *table);
    if (!table) {
        trk_error("out of memory");
        goto out;
    }
    table[0] = (trk_cmd){"list", NULL, "list the reports with their parameters and sections",
                         list_opts, 0, 0, list_reports, NULL};
    for (int i = 0; i < nreports; i++)
        table[i + 1] = (trk_cmd){reports[i].name,
                                 NULL,
                                 reports[i].description,
                                 report_opts,
                                 0,
                                 0,
                                 run_report,
                                 "Parameters are given as --param NAME=VALUE; 'tracker report list' "
                                 "shows them.\nJSON output: money as decimal strings with their "
                                 "currency, dates as YYYY-MM-DD;\nthe shape is documented by "
                                 "--schema and in docs/reports.md."};
    rc = trk_dispatch(ctx, "report", "Run reports defined in reports/ (JSON, CSV or a table).",
                      table, argc, argv);
out:
    free(table);
    free_reports();
    return rc;
}
