/*
 * app.h: opening the database for a command.
 */
#ifndef TRK_APP_H
#define TRK_APP_H

#include "cli.h"
#include "db.h"

/*
 * Connect (ctx->conninfo, else $TRACKER_DB, else PG* defaults) and check that the schema is
 * exactly the version this binary knows. Reports the problem and returns NULL when the database
 * is unreachable, unmigrated, or newer than the binary.
 */
trk_db *trk_open(trk_ctx *ctx);

/* The newest schema version compiled into this binary. */
int trk_schema_latest(void);

/* The version recorded in the database: 0 when never migrated, -1 on error (reported). */
int trk_schema_current(trk_db *db);

#endif
