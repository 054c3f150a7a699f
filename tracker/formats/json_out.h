/*
 * jsonout.h: query results to cJSON, and printing JSON documents.
 *
 * Column typing follows the SQL type: integers -> numbers, booleans -> true/false, json/jsonb ->
 * embedded JSON, everything else (text, date, numeric money) -> strings, NULL -> null. Money is
 * therefore always a decimal string, never a binary float.
 */
#ifndef TRK_JSONOUT_H
#define TRK_JSONOUT_H

#include "db.h"
#include "rules.h"

#include <cjson/cJSON.h>

/* Row `row` of r as an object keyed by column name. Caller owns the result (cJSON_Delete). */
cJSON *trk_json_row(const trk_res *r, int row);
/* All rows of r as an array of objects. Caller owns the result. */
cJSON *trk_json_rows(const trk_res *r);
/* The kind of a JSON value in error messages ("expected a string, got a number"): "a string",
 * "a number", "a boolean", "null", "an array", "an object". */
const char *trk_json_type_name(const cJSON *v);
/* Print `doc` formatted to stdout and delete it. 0 or -1 (reported). */
int trk_json_emit(cJSON *doc);


/* A working-day calendar year as `tracker calendar show JUR YEAR --json` prints it and GET
 * /calendars/JUR/YEAR answers it: jurisdiction, year, working_days, non_working_days (counted
 * over all of r's days) and days: the rows of r (trk_sql_calendar_year), plain weekends only
 * with `all`. */
cJSON *trk_json_calendar_year(const trk_res *r, const char *jur, int year, bool all);

/* Append the steps of computation `c` as strings to the array `arr`. */
void trk_json_add_steps(cJSON *arr, const trk_calc *c, const trk_calendar *cal);

/* Write the whole of `s` plus a newline to stdout; returns -1 on a write error (reported). */
int trk_puts_json(const char *s);

#endif
