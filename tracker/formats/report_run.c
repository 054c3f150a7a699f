/*
 * report_run.c: running a report definition against the database (shared by `tracker report`
 * and anything else that serves reports, such as an HTTP route): parameter values checked by
 * type, all sections in one read-only REPEATABLE READ transaction, output as JSON, CSV or a table.
 */
#include "report.h"

#include "open.h"
#include "msg.h"
#include "date.h"
#include "json_out.h"
#include "money.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int trk_report_check_value(const trk_report_param *p, const char *v, char *out, size_t size,
                           char *why, size_t whysize)
{
    *why = '\0';
    if (strcmp(p->type, "date") == 0) {
        trk_date d;
        if (strcmp(v, "today") == 0) {
            if (trk_date_today(&d) != 0)
                return -1;
        } else if (trk_date_parse(v, &d) != 0) {
            snprintf(why, whysize,
                     "invalid value for parameter %s: invalid date \"%s\" (expected YYYY-MM-DD)",
                     p->name, v);
            return -1;
        }
        trk_date_format(d, out);
        return 0;
    }
    if (strcmp(p->type, "int") == 0) {
        char *end;
        long n = strtol(v, &end, 10);
        if (!*v || *end || n < 0 || n > 1000000000) {
            snprintf(why, whysize,
                     "invalid value for parameter %s: \"%s\" (expected a whole number)", p->name,
                     v);
            return -1;
        }
        snprintf(out, size, "%ld", n);
        return 0;
    }
    if (strcmp(p->type, "bool") == 0) {
        if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0) {
            snprintf(why, whysize,
                     "invalid value for parameter %s: \"%s\" (expected true or false)", p->name,
                     v);
            return -1;
        }
        snprintf(out, size, "%s", v);
        return 0;
    }
    if (strcmp(p->type, "currency") == 0) {
        if (!trk_currency_known(v)) {
            snprintf(why, whysize, "invalid value for parameter %s: unknown currency \"%s\"",
                     p->name, v);
            return -1;
        }
        snprintf(out, size, "%s", v);
        return 0;
    }
    if (strcmp(p->type, "case") == 0) {
        snprintf(why, whysize, "parameter %s: a case reference needs the database", p->name);
        return -1;
    }
    /* text: the checks and the wording of trk_text_check */
    size_t len = strlen(v);
    if (len > TRK_TEXT_SHORT_MAX)
        snprintf(why, whysize, "invalid value for parameter %s: too long (%zu bytes, at most %zu)",
                 p->name, len, (size_t)TRK_TEXT_SHORT_MAX);
    else if (!trk_utf8_valid(v, len))
        snprintf(why, whysize, "invalid value for parameter %s: not valid UTF-8", p->name);
    else if (strpbrk(v, "\r\n"))
        snprintf(why, whysize, "invalid value for parameter %s: line breaks are not allowed here",
                 p->name);
    if (*why)
        return -1;
    snprintf(out, size, "%s", v);
    return 0;
}

/* Validate one parameter value by its type; case references become ids. 0 or -1 (reported). */
static int check_param(trk_db *db, const trk_report_param *p, const char *v, char *out, size_t size)
{
    if (strcmp(p->type, "case") == 0) {
        long long id;
        if (trk_case_lookup(db, v, &id) != 0)
            return -1;
        trk_idstr(id, out);
        return 0;
    }
    /* Room for the whole value in the message, however long it is. */
    size_t whysize = strlen(v) + strlen(p->name) + 128;
    char *why = malloc(whysize);
    if (!why) {
        trk_error("out of memory");
        return -1;
    }
    int rc = trk_report_check_value(p, v, out, size, why, whysize);
    if (rc != 0 && *why)
        trk_error("%s", why);
    free(why);
    return rc;
}

static cJSON *param_json(const trk_report_param *p, const char *v)
{
    if (!v)
        return cJSON_CreateNull();
    if (strcmp(p->type, "int") == 0)
        return cJSON_CreateNumber((double)strtol(v, NULL, 10));
    if (strcmp(p->type, "bool") == 0)
        return cJSON_CreateBool(strcmp(v, "true") == 0);
    return cJSON_CreateString(v);
}

static bool relation_exists(trk_db *db, const char *rel)
{
    const char *p[] = {rel};
    trk_res *r = trk_db_query(db, "SELECT to_regclass($1) IS NOT NULL AS e", 1, p);
    bool e = r && trk_res_bool(r, 0, "e");
    trk_res_free(r);
    return e;
}

/* Rows as JSON, with money columns formatted for their currency (trk_money_cell). */
static cJSON *money_rows(const trk_res *r)
{
    cJSON *rows = trk_json_rows(r);
    char buf[TRK_AMOUNT_STRLEN];
    int i = 0;
    for (cJSON *row = rows ? rows->child : NULL; row; row = row->next, i++) {
        int c = 0;
        for (cJSON *v = row->child; v; v = v->next, c++) {
            if (!cJSON_IsString(v))
                continue;
            const char *f = trk_money_cell(r, i, c, buf, sizeof buf);
            if (f == buf)
                cJSON_SetValuestring(v, buf);
        }
    }
    return rows;
}

trk_report *trk_reports_load(void)
{
    trk_report *reps = calloc((size_t)trk_report_source_count + 1, sizeof *reps);
    if (!reps) {
        trk_error("out of memory");
        return NULL;
    }
    for (int i = 0; i < trk_report_source_count; i++) {
        const char *why;
        if (trk_report_parse(trk_report_sources[i].name, trk_report_sources[i].text, &reps[i],
                             &why) != 0) {
            trk_error("report definition \"%s\" is malformed: %s", trk_report_sources[i].name, why);
            trk_reports_free(reps);
            return NULL;
        }
    }
    return reps;
}

void trk_reports_free(trk_report *reports)
{
    for (int i = 0; reports && i < trk_report_source_count; i++)
        trk_report_free(&reports[i]);
    free(reports);
}

int trk_report_run(trk_db *db, const trk_report *rep, const char *const *values,
                   const char *format, const char *only, trk_sb *out)
{
    int rc = -1;
    cJSON *doc = NULL;
    char vals[TRK_REPORT_MAX_PARAMS][1024];
    const char *pv[TRK_REPORT_MAX_PARAMS] = {0};
    bool json = strcmp(format, "json") == 0;
    for (int j = 0; j < rep->nparams; j++) {
        const char *v = values[j] ? values[j] : rep->params[j].dflt;
        if (!v)
            continue;
        if (check_param(db, &rep->params[j], v, vals[j], sizeof vals[j]) != 0)
            return strcmp(rep->params[j].type, "case") == 0 ? -1 : TRK_REPORT_EBADPARAM;
        pv[j] = vals[j];
    }
    if (trk_db_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL) != 0)
        return -1;
    doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "report", rep->name);
    cJSON *params = cJSON_AddObjectToObject(doc, "params");
    for (int j = 0; j < rep->nparams; j++) {
        const char *shown = pv[j];
        if (strcmp(rep->params[j].type, "case") == 0 && values[j])
            shown = values[j]; /* the reference as given, not the database id */
        cJSON_AddItemToObject(params, rep->params[j].name, param_json(&rep->params[j], shown));
    }
    cJSON *sections = cJSON_AddObjectToObject(doc, "sections");
    int shown_sections = 0;
    for (int s = 0; s < rep->nsections; s++) {
        const trk_report_section *sec = &rep->sections[s];
        if (only && strcmp(sec->name, only) != 0)
            continue;
        trk_res *r = NULL;
        if (!sec->requires || relation_exists(db, sec->requires)) {
            r = trk_db_query_text(db, sec->sql, rep->nparams, pv);
            if (!r)
                goto out;
        }
        if (json) {
            cJSON *rows = r ? money_rows(r) : cJSON_CreateArray();
            cJSON_AddItemToObject(sections, sec->name, rows);
        } else if (r) {
            if (!only && rep->nsections > 1)
                trk_sb_printf(out, "%s# %s\n", shown_sections ? "\n" : "", sec->name);
            if (strcmp(format, "csv") == 0)
                trk_csv_rows(out, r, trk_money_cell);
            else
                trk_table_rows(out, r, trk_money_cell);
        }
        shown_sections++;
        trk_res_free(r);
    }
    if (json)
        trk_json_pretty(out, doc);
    if (out->oom) {
        trk_error("out of memory");
        goto out;
    }
    rc = 0;
out:
    trk_db_rollback(db);
    cJSON_Delete(doc);
    return rc;
}
