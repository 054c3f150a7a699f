/*
 * json_out.c: query results to cJSON, and JSON documents to stdout.
 */
#include "json_out.h"

#include "date.h"
#include "msg.h"
#include "text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cJSON *trk_json_calendar_year(const trk_res *r, const char *jur, int year, bool all)
{
    int off = 0;
    for (int i = 0; i < trk_res_rows(r); i++)
        off += !trk_res_bool(r, i, "working");
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "jurisdiction", jur);
    cJSON_AddNumberToObject(o, "year", year);
    cJSON_AddNumberToObject(o, "working_days", (trk_date_is_leap(year) ? 366 : 365) - off);
    cJSON_AddNumberToObject(o, "non_working_days", off);
    cJSON *arr = cJSON_AddArrayToObject(o, "days");
    for (int i = 0; i < trk_res_rows(r); i++)
        if (all || strcmp(trk_res_val(r, i, "kind"), "weekend") != 0)
            cJSON_AddItemToArray(arr, trk_json_row(r, i));
    return o;
}

const char *trk_json_type_name(const cJSON *v)
{
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsNull(v))
        return "null";
    if (cJSON_IsArray(v))
        return "an array";
    if (cJSON_IsObject(v))
        return "an object";
    return "an invalid value";
}

int trk_puts_json(const char *s)
{
    FILE *out = trk_data_out(); /* JSON byte for byte, not through the display filter */
    if (fputs(s, out) == EOF || fputc('\n', out) == EOF) {
        trk_error("could not write output: %s", strerror(errno));
        return -1;
    }
    return 0;
}

cJSON *trk_json_row(const trk_res *r, int row)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    for (int c = 0; c < trk_res_cols(r); c++) {
        const char *name = trk_res_colname(r, c);
        const char *v = trk_res_get(r, row, c);
        cJSON *item;
        if (!v) {
            item = cJSON_CreateNull();
        } else {
            switch (trk_res_coltype(r, c)) {
            case TRK_COL_INT:
                item = cJSON_CreateNumber((double)strtoll(v, NULL, 10));
                break;
            case TRK_COL_BOOL:
                item = cJSON_CreateBool(v[0] == 't');
                break;
            case TRK_COL_JSON:
                item = cJSON_Parse(v);
                if (!item)
                    item = cJSON_CreateString(v);
                break;
            default:
                item = cJSON_CreateString(v);
            }
        }
        if (!item) {
            cJSON_Delete(o);
            return NULL;
        }
        cJSON_AddItemToObject(o, name, item);
    }
    return o;
}

cJSON *trk_json_rows(const trk_res *r)
{
    cJSON *arr = cJSON_CreateArray();
    if (!arr)
        return NULL;
    for (int i = 0; i < trk_res_rows(r); i++) {
        cJSON *o = trk_json_row(r, i);
        if (!o) {
            cJSON_Delete(arr);
            return NULL;
        }
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

int trk_json_emit(cJSON *doc)
{
    if (!doc) {
        trk_error("out of memory");
        return -1;
    }
    char *s = cJSON_Print(doc);
    cJSON_Delete(doc);
    if (!s) {
        trk_error("out of memory");
        return -1;
    }
    int rc = trk_puts_json(s);
    free(s);
    return rc;
}

void trk_json_add_steps(cJSON *arr, const trk_calc *c, const trk_calendar *cal)
{
    char line[512];
    for (int i = 0; i < c->nsteps; i++)
        cJSON_AddItemToArray(arr, cJSON_CreateString(trk_step_text(c, i, cal, line, sizeof line)));
}
