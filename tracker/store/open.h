/*
 * open.h: opening tracker's database and resolving the references users type.
 * Every function reports its problem (msg.h) and returns TRK_OK or a negative code.
 */
#ifndef TRK_OPEN_H
#define TRK_OPEN_H

#include "db.h"
#include "msg.h"

/*
 * Connect (conninfo, else $TRACKER_DB, else PG* defaults) and check that the schema is exactly the
 * version this binary knows. Reports the problem and returns NULL when the database is
 * unreachable, unmigrated, or newer than the binary.
 */
trk_db *trk_open(const char *conninfo);

/* The newest schema version compiled into this binary. */
int trk_schema_latest(void);

/* The version recorded in the database: 0 when never migrated, -1 on error (reported). */
int trk_schema_current(trk_db *db);

/*
 * Resolve a case reference given by a user: a numeric id, or a case's external id
 * ("telegram-fsb-keys-2017"). On success stores the id and returns TRK_OK; otherwise reports
 * "case \"X\" does not exist" (or the database error) and returns TRK_ERR.
 */
int trk_case_lookup(trk_db *db, const char *ref, long long *id);

/*
 * Check a jurisdiction code: TRK_OK when it is a row of the jurisdiction table; TRK_ERR_USAGE
 * after reporting a malformed or unknown code (with the known ones as a hint); TRK_ERR when the
 * query failed.
 */
int trk_jurisdiction_check(trk_db *db, const char *code);

#endif
