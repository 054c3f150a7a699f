/*
 * workflow.h: undoing a mistake in the database: deleting an event (and what depends on it), and
 * setting a deadline's date by hand. Both run inside the caller's open transaction (they never
 * BEGIN/COMMIT), write only through audited tables, and return TRK_OK or a negative code after
 * reporting (msg.h), except where a result says otherwise.
 */
#ifndef TRK_WORKFLOW_H
#define TRK_WORKFLOW_H

#include "db.h"
#include "msg.h"

#include <stdbool.h>

/*
 * What depends on event `event_id`, one row per dependant with columns kind, id, what:
 *   fine      the event's fine (deleted with it)
 *   met_by    a deadline this event meets (it reopens: open, or missed once its day passed)
 *   met       a deadline this event triggered that was met (it is cancelled with the event)
 *   vacates   a deadline this appeal decision vacated (its status is recomputed)
 * The event's own deadlines that are not met are not dependants: deleting the event cancels
 * them (status vacated, so calendar feeds send STATUS:CANCELLED). NULL on error (reported).
 */
trk_res *trk_event_dependants(trk_db *db, long long event_id);

/*
 * Delete event `event_id` in the open transaction: its deadlines are kept, detached from it and
 * cancelled (revision + 1, the old state in deadline_revision); its sources are unlinked, its fine
 * deleted; then, when anything depended on it, the deadlines of its case are recomputed. The
 * caller checks trk_event_dependants first. *cancelled receives the ids of the cancelled
 * deadlines (caller frees with trk_res_free; column id, kind). Returns TRK_OK, or TRK_ERR
 * (reported); 1 when the event does not exist (not reported).
 */
int trk_event_delete(trk_db *db, long long event_id, trk_res **cancelled);

/*
 * Set (due_on != NULL) or clear (due_on NULL) deadline `id`'s date set by hand. Setting needs a
 * reason and writes the new date at once (revision + 1, reason "set by hand: REASON" in
 * deadline_revision); then the deadline engine recomputes the trigger event, which keeps the
 * override (or, after a clear, returns to the computed date). Returns TRK_OK, TRK_ERR (reported),
 * or 1 when the deadline does not exist (not reported).
 */
int trk_deadline_override(trk_db *db, long long id, const char *due_on, const char *reason);

#endif
