/*
 * history.h: reading the audit trail (audit, migrations 001, 005, 006, 011, 015) for tracker
 * history.
 */
#ifndef TRK_HISTORY_H
#define TRK_HISTORY_H

#include "db.h"

typedef enum {
    TRK_HISTORY_CASE,
    TRK_HISTORY_EVENT,
    TRK_HISTORY_DEADLINE,
    TRK_HISTORY_HOOK,  /* the hook (022, never its secret) and its queued tests and redeliveries */
    TRK_HISTORY_DIGEST /* the digest subscription (022) */
} trk_history_scope;

/*
 * The audited changes of a case (the case row, its events, their fines, its deadlines), of an
 * event (the event, its fine, the deadlines it triggered), of a deadline, of a hook (with the
 * tests and redeliveries asked for it) or of a digest, oldest first. Rows
 * of deleted records stay in scope (the audit keeps their old rows). Columns:
 *   id, at (ISO 8601 UTC), actor, db_role, account_id and account (the signed-in account of a
 *   change made through the API, migration 015; NULL otherwise), op (INSERT/UPDATE/DELETE), table_name, row_id, title,
 *   cause (the tracker command, NULL before migration 011 or for psql), xact (transaction),
 *   changes (jsonb array of {field, old, new}: every field that differs, or for an INSERT every
 *   field set; updated_at/created_at/explanation left out; numbers as strings, exact), explanation_changed (bool),
 *   related (jsonb array, at most 10, of the other non-deadline rows changed in the same
 *   transaction: {table, id, key, op, title, changes}), related_count.
 * NULL on error (reported).
 */
trk_res *trk_history_query(trk_db *db, trk_history_scope scope, long long id);

#endif
