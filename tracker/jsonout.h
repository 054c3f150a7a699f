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

#include <cjson/cJSON.h>

/* Row `row` of r as an object keyed by column name. Caller owns the result (cJSON_Delete). */
cJSON *trk_json_row(const trk_res *r, int row);
/* All rows of r as an array of objects. Caller owns the result. */
cJSON *trk_json_rows(const trk_res *r);
/* Print `doc` formatted to stdout and delete it. 0 or -1 (reported). */
int trk_json_emit(cJSON *doc);

/* Column type classes used for the mapping above. */
typedef enum { TRK_COL_TEXT, TRK_COL_INT, TRK_COL_BOOL, TRK_COL_JSON } trk_coltype;
trk_coltype trk_res_coltype(const trk_res *r, int col);

#endif
