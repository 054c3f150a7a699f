/*
 * calendar.h: working-day calendars (pure). A calendar belongs to one jurisdiction and covers a
 * set of whole years; every day of a covered year is working or not: Monday-Friday work and
 * Saturday/Sunday rest, unless a day entry says otherwise (holiday, transferred day off, working
 * Saturday, closure ...). Asking about a day outside the covered years is an error
 * (TRK_CAL_UNCOVERED), never a guess.
 *
 * Built once (from the database or test data), then read-only: lookups are O(1) array reads
 * with no allocation, safe to share between threads.
 */
#ifndef TRK_CALENDAR_H
#define TRK_CALENDAR_H

#include "date.h"

#include <stdbool.h>

typedef struct trk_calendar trk_calendar;

/* Kinds of day entries; match calendar_day.kind in the schema. */
typedef enum {
    TRK_DAY_NORMAL = 0, /* no entry: the default week */
    TRK_DAY_HOLIDAY,
    TRK_DAY_TRANSFERRED_OFF,
    TRK_DAY_WORKING_WEEKEND,
    TRK_DAY_SHORTENED,
    TRK_DAY_CLOSURE,
    TRK_DAY_OBSERVED_HOLIDAY,
} trk_day_kind;

/* Result of a lookup. */
typedef enum { TRK_CAL_OFF = 0, TRK_CAL_WORKING = 1, TRK_CAL_UNCOVERED = -1 } trk_cal_state;

/* A new empty calendar (covers no year) for `jurisdiction` (copied). NULL when out of memory.
 * The caller owns it: trk_calendar_free(). */
trk_calendar *trk_calendar_new(const char *jurisdiction);
void trk_calendar_free(trk_calendar *cal); /* NULL is a no-op */

const char *trk_calendar_jurisdiction(const trk_calendar *cal);

/* Mark `year` as covered (default week). 0, or -1 for a year outside 1900..2200 / no memory. */
int trk_calendar_add_year(trk_calendar *cal, int year);

/*
 * Record a day entry; its year must have been added. `name` (may be NULL) is copied. A later
 * entry for the same day replaces the earlier one. 0, or -1 (uncovered year, no memory).
 */
int trk_calendar_set_day(trk_calendar *cal, trk_date d, bool working, trk_day_kind kind,
                         const char *name);

/* True when `year` is covered. */
bool trk_calendar_covers(const trk_calendar *cal, int year);
/* First and last covered year (0 and -1 when none). */
void trk_calendar_range(const trk_calendar *cal, int *first, int *last);

/* Working, off, or uncovered. */
trk_cal_state trk_calendar_state(const trk_calendar *cal, trk_date d);

/* The entry kind of a day (TRK_DAY_NORMAL when none or uncovered) and its name (NULL when none;
 * valid as long as the calendar). */
trk_day_kind trk_calendar_kind(const trk_calendar *cal, trk_date d);
const char *trk_calendar_name(const trk_calendar *cal, trk_date d);

/* Kind <-> schema word ("holiday", "transferred_day_off", ...). Unknown word: -1. */
const char *trk_day_kind_word(trk_day_kind k);
int trk_day_kind_parse(const char *word, trk_day_kind *out);

/* Why a day is not a working day, in words: its name, else "Saturday"/"Sunday". */
const char *trk_calendar_reason(const trk_calendar *cal, trk_date d);

#endif
