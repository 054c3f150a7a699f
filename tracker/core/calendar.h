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

/*
 * The vocabulary of special days, owned here (the SQL CHECK lists of calendar_day.kind and
 * calendar_day_effect.purpose/effect in schema/009 must match these tables; a unit test checks).
 *
 * Kinds of day entries; match calendar_day.kind in the schema.
 */
typedef enum {
    TRK_DAY_NORMAL = 0,         /* no entry: the default week */
    TRK_DAY_HOLIDAY,            /* "holiday": public holiday by statute */
    TRK_DAY_TRANSFERRED_OFF,    /* "transferred_day_off": a day off moved by decree */
    TRK_DAY_WORKING_WEEKEND,    /* "working_weekend": a Saturday/Sunday worked for a transfer */
    TRK_DAY_SHORTENED,          /* "shortened": a working day one hour shorter */
    TRK_DAY_CLOSURE,            /* "closure": offices closed by executive order */
    TRK_DAY_OBSERVED_HOLIDAY,   /* "observed_holiday": a weekend holiday observed on a weekday */
    TRK_DAY_DECREE_NON_WORKING, /* "decree_non_working": declared non-working by decree */
    TRK_DAY_COURT_CLOSURE,      /* "court_closure": a court's own closure */
    TRK_DAY_KIND_COUNT
} trk_day_kind;

/* Schema words of the kinds, indexed by trk_day_kind (index 0, normal, has none): NULL-ended
 * from index 1, i.e. trk_day_kind_words + 1 is the list of the CHECK constraint. */
extern const char *const trk_day_kind_words[TRK_DAY_KIND_COUNT + 1];
/* The kind in words for people ("closure by executive order"). */
const char *trk_day_kind_text(trk_day_kind k);

/* What a day's effect is asked for: the purpose of the period being counted. */
typedef enum {
    TRK_PURPOSE_PROCEDURAL = 0, /* court and procedural periods (the default) */
    TRK_PURPOSE_EMPLOYMENT,     /* working time, labour law */
    TRK_PURPOSE_COUNT
} trk_purpose;

/* A day's effect for a purpose. Contested: the law is disputed; the engine counts both ways. */
typedef enum {
    TRK_EFFECT_NON_WORKING = 0,
    TRK_EFFECT_WORKING = 1,
    TRK_EFFECT_CONTESTED = 2,
    TRK_EFFECT_COUNT
} trk_effect;

/* NULL-ended schema words: "procedural", "employment"; "non_working", "working", "contested". */
extern const char *const trk_purpose_words[TRK_PURPOSE_COUNT + 1];
extern const char *const trk_effect_words[TRK_EFFECT_COUNT + 1];
/* Word -> value; -1 for an unknown word. The effect parser also takes "non-working". */
int trk_purpose_parse(const char *word, trk_purpose *out);
int trk_effect_parse(const char *word, trk_effect *out);
/* "court periods", "employment purposes". */
const char *trk_purpose_text(trk_purpose p);

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
 * entry for the same day replaces the earlier one (and its per-purpose effects: every purpose
 * then follows `working`). 0, or -1 (uncovered year, no memory).
 */
int trk_calendar_set_day(trk_calendar *cal, trk_date d, bool working, trk_day_kind kind,
                         const char *name);

/*
 * The effect of day d for one purpose, with the source of that answer (copied; may be NULL).
 * Without a call, a purpose follows the day's `working`. 0, or -1 (uncovered, bad value, no
 * memory).
 */
int trk_calendar_set_effect(trk_calendar *cal, trk_date d, trk_purpose purpose, trk_effect effect,
                            const char *source);

/* True when `year` is covered. */
bool trk_calendar_covers(const trk_calendar *cal, int year);
/* First and last covered year (0 and -1 when none). */
void trk_calendar_range(const trk_calendar *cal, int *first, int *last);

/* Working, off, or uncovered: the day's general state (its `working`), whatever the purpose. */
trk_cal_state trk_calendar_state(const trk_calendar *cal, trk_date d);

/* The effect of a day for a purpose (a trk_effect), or -1 when uncovered. */
int trk_calendar_effect(const trk_calendar *cal, trk_date d, trk_purpose purpose);
/* The source of that effect (NULL when none recorded; valid as long as the calendar). */
const char *trk_calendar_source(const trk_calendar *cal, trk_date d, trk_purpose purpose);
/* True when the day's effect depends on the purpose, or is contested for one: explanations say
 * why such a day counted. */
bool trk_calendar_special(const trk_calendar *cal, trk_date d);

/*
 * The engine's fast path: one byte per day. TRK_DAYBITS_COVERED is set for covered days; the
 * effect for purpose p is (bits >> TRK_DAYBITS_SHIFT(p)) & 3 (a trk_effect); the general state is
 * bit 0; TRK_DAYBITS_SPECIAL as trk_calendar_special. 0 for an uncovered day.
 */
#define TRK_DAYBITS_COVERED 0x80u
#define TRK_DAYBITS_SPECIAL 0x40u
#define TRK_DAYBITS_SHIFT(p) (2u + 2u * (unsigned)(p))
unsigned trk_calendar_bits(const trk_calendar *cal, trk_date d);
/* The bytes themselves: day d is bytes[d - *base] when 0 <= d - *base < *ndays (read-only, valid
 * until the calendar changes). */
const unsigned char *trk_calendar_bytes(const trk_calendar *cal, trk_date *base, int *ndays);

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
