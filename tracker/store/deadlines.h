/*
 * deadlines.h: creating and maintaining deadlines in the database (the engine's I/O side).
 *
 * Callers (tracker event add, tracker import, corrections) run these inside their own open
 * transaction; the functions never BEGIN/COMMIT. They return 0, or -1 after reporting the
 * problem on stderr (the caller then rolls back). Failures include: a deadline that needs a
 * working-day calendar for a year without data ("no working-day calendar for RU in 2027"), an
 * impossible period in a spec, two specs of the same kind for one event.
 *
 * What one call does for each changed event (see docs/engine.md): explicit specs (given now, or
 * stored with earlier deadlines of the event) and the rules in force on the event's date make at
 * most one deadline per kind; chained rules follow (grace -> block_possible; appeal -> in force ->
 * payment -> enforcement); rules are chosen by the case's procedure (or the jurisdiction's
 * assumption, said in the explanation); deadlines the event no longer produces become superseded.
 * Then every deadline of the affected cases gets its status (vacated / met by appeal_filed or
 * compliance, or a payment by the fine's payment / superseded chain / open). Only changed rows are
 * written, each with revision + 1 and its old state in deadline_revision; an unchanged result
 * writes nothing, so repeated calls (re-imports) are idempotent.
 *
 * The temporary tables pg_temp.trk_new_events / trk_new_deadline_specs are ON COMMIT DELETE ROWS,
 * so the calls must run inside a transaction. trk_deadlines_on_event uses the same tables and
 * empties them before and after: do not interleave it with a half-filled bulk batch.
 */
#ifndef TRK_DEADLINES_H
#define TRK_DEADLINES_H

#include "db.h"

/* SQL for the status shown for deadline row `d` as of the date parameter `asof` (e.g. "$2"):
 * an open deadline whose last possible day has passed is missed. An entry into force (kind
 * in_force) is a date, not something to do: it is never missed. The rule is the database's
 * deadline_shown_status() (schema/023_shown_status.sql), which the digests and the webhook
 * payloads use too. */
#define TRK_SQL_DISPLAY_STATUS(asof)                                                               \
    "deadline_shown_status(d.status, d.kind, d.due_on, d.latest_on, " asof "::date)"

/*
 * An explicit deadline given with its trigger event, e.g. `--appeal-days 10`, or a fixed date set
 * by the source (an authority's "respond by 14 September").
 * Exactly one of: period (count > 0 with a unit) or due_on (a YYYY-MM-DD string).
 */
typedef struct trk_deadline_spec {
    const char *kind;        /* deadline kind: appeal, response, grace, ... */
    const char *title;       /* NULL: derived from kind and case */
    int count;               /* period length; 0 when due_on is set */
    const char *unit;        /* calendar_days, working_days, sutki, months, years */
    const char *roll;        /* forward, back, none; NULL: the unit's default */
    const char *due_on;      /* fixed due date, or NULL */
    const char *external_id; /* for idempotent import, or NULL */
} trk_deadline_spec;

/*
 * After an event row has been inserted (or its date/receipt date corrected): create the
 * deadlines its explicit specs and the rules in force produce, and recompute/advance the ones
 * that already depend on it (met, vacated, revisions). `specs` may be NULL when n == 0.
 */
int trk_deadlines_on_event(trk_db *db, long long event_id, const trk_deadline_spec *specs, int n);

/*
 * Bulk form for importers. The caller fills, in the same transaction, the temporary tables
 *   pg_temp.trk_new_events(event_id bigint)  -- events inserted or whose dates changed
 *   pg_temp.trk_new_deadline_specs(event_id bigint, kind text, title text, count int,
 *       unit text, roll text, due_on date, external_id text)  -- explicit specs, may be empty
 * (create them with trk_deadlines_bulk_prepare), then calls trk_deadlines_on_events_bulk, which
 * does for all of them what trk_deadlines_on_event does for one, in a bounded number of round
 * trips (not one per event).
 *
 * trk_deadlines_on_events_listed is the importer's form: the specs given are all the explicit
 * deadlines of those events (the file lists them), so an explicit deadline stored earlier and
 * no longer listed is no longer produced: it becomes superseded, or a rule's deadline of its
 * kind takes its place (revision + 1). trk_deadlines_on_events_bulk, like a CLI edit, keeps
 * explicit deadlines that no spec mentions and recomputes them from their stored period.
 */
int trk_deadlines_bulk_prepare(trk_db *db);

/*
 * After a change of working-day calendars (a day's kind or effect per purpose; table
 * calendar_change, filled by triggers since migration 009): recompute the events with open
 * deadlines in the jurisdictions listed, then empty the list. In the caller's transaction;
 * changed deadlines get a revision ("recomputed after a change of the working-day calendar"),
 * unchanged ones keep theirs. The number of jurisdictions (0 when none or before migration 009),
 * or -1 after reporting.
 */
int trk_deadlines_on_calendar_change(trk_db *db);
int trk_deadlines_on_events_bulk(trk_db *db);
int trk_deadlines_on_events_listed(trk_db *db);

/* The queries of `tracker deadline list` and `show` (and of the API's /deadlines):
 * list: $1 as-of date, $2 case (id or external id), $3 status, $4 upcoming days, $5 overdue bool;
 * show: $1 as-of date, $2 deadline id; history: $1 deadline id. */
extern const char trk_sql_deadline_list[];
extern const char trk_sql_deadline_show[];
extern const char trk_sql_deadline_history[];

#endif
