/*
 * export_json.h: the interchange document (docs/interchange.md) of some cases or of all.
 */
#ifndef TRK_EXPORT_JSON_H
#define TRK_EXPORT_JSON_H

#include "db.h"

#include <cjson/cJSON.h>

/*
 * The document of the cases whose ids `ids` lists as a PostgreSQL array literal ("{1,4}"), or
 * of every case (and every party, body and source) when `ids` is NULL. Deterministic: records in
 * a fixed order, no database ids or timestamps. Caller owns the result (cJSON_Delete); NULL
 * after reporting a database error or out of memory.
 */
cJSON *trk_export_document(trk_db *db, const char *ids);

#endif
