/*
 * engine_db.h: the deadline engine's database side shared by deadlines.c and the deadline,
 * rule and calendar commands: loading working-day calendars from calendar_year/calendar_day,
 * and the warning before a calendar ends.
 */
#ifndef TRK_ENGINE_DB_H
#define TRK_ENGINE_DB_H

#include "calendar.h"
#include "db.h"
#include "rules.h"

#include <stdbool.h>

/* The calendars of several jurisdictions, loaded once. */
typedef struct trk_calset {
    int n, cap;
    trk_calendar **cals;
} trk_calset;

/*
 * Load the calendars of every jurisdiction that has calendar data (only `jur` when not NULL)
 * into `set` (zero-initialised by the caller), with each day's effect per purpose
 * (calendar_day_effect). 3 queries. 0, or -1 (reported). The caller frees
 * with trk_calset_free().
 */
int trk_calset_load(trk_db *db, const char *jur, trk_calset *set);
/* The calendar of `jur`; an empty one (covering no year, so every lookup is an error naming the
 * jurisdiction) when it has no data. NULL only when out of memory. Owned by the set. */
const trk_calendar *trk_calset_get(trk_calset *set, const char *jur);
void trk_calset_free(trk_calset *set);

/* Days before the end of a jurisdiction's calendar data from which tracker warns. */
#define TRK_CALENDAR_HORIZON_DAYS 60

/*
 * Warn on stderr about each jurisdiction that has cases and whose working-day calendar ends
 * within `days` days after today (or has ended): deadlines reaching past it cannot be computed
 * (the engine refuses them) until the next year's calendar is added. Best effort: a database
 * error only skips the warning. At most once per process: later calls return 0 at once. Returns
 * the number of jurisdictions warned about.
 */
int trk_calendar_horizon_warn(trk_db *db, int days);

/* Every non-working day of year $2 (weekends included) and the working weekend or shortened
 * days of jurisdiction $1, with their effects per purpose: `tracker calendar show --json` rows
 * (day, weekday, working, kind, name, name_local, transferred_from, source, procedural,
 * procedural_source, employment, employment_source). */
extern const char trk_sql_calendar_year[];

#endif
