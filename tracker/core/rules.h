/*
 * rules.h: periods, counting, rolling and explanations (pure).
 *
 * Counting convention (see docs/engine.md):
 *   - the trigger day is not counted: day 1 is the next day (unless count_trigger_day);
 *   - calendar_days / sutki: day N is from + N; months / years: the same day number N months
 *     later, or that month's last day when it has no such day (Jan 31 + 1 month = Feb 28/29);
 *   - working_days: day 1 is the first working day after `from`, non-working days are skipped;
 *   - then the last day is rolled: forward to the next working day, back to the previous one, or
 *     not at all. сутки never roll; the default for every other unit is forward;
 *   - extra_days (FRCP 6(d): 3 days for service by mail) are added after the period has expired
 *     (after its roll), and the result is rolled again.
 * A day outside the calendar's covered years is an error (TRK_CALC_UNCOVERED), never a guess.
 *
 * Purposes and contested days: a period counts on the calendar of its purpose (court periods by
 * default; a decree's non-working day may be a working day for them). Where a day the count
 * looks at is contested for that purpose, the period is computed both ways: the due date is the
 * earlier result (what a careful docketing clerk calendars) and the later one is kept beside it.
 */
#ifndef TRK_RULES_H
#define TRK_RULES_H

#include "calendar.h"
#include "date.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    TRK_UNIT_CALENDAR_DAYS = 0,
    TRK_UNIT_WORKING_DAYS,
    TRK_UNIT_SUTKI,
    TRK_UNIT_MONTHS,
    TRK_UNIT_YEARS,
} trk_unit;

typedef enum { TRK_ROLL_DEFAULT = 0, TRK_ROLL_FORWARD, TRK_ROLL_BACK, TRK_ROLL_NONE } trk_roll;

/* Largest counts accepted: about 100 years whatever the unit. */
#define TRK_MAX_DAYS 36600
#define TRK_MAX_MONTHS 1200
#define TRK_MAX_YEARS 100
#define TRK_MAX_EXTRA_DAYS 366

typedef struct trk_period {
    int count; /* 1..TRK_MAX_* for the unit */
    trk_unit unit;
    trk_roll roll;          /* TRK_ROLL_DEFAULT: the unit's default */
    int extra_days;         /* calendar days added after expiry (FRCP 6(d)); 0 normally */
    bool count_trigger_day; /* day 1 is the trigger day itself (rare; default false) */
    trk_purpose purpose;    /* whose calendar the period counts on; 0: procedural */
} trk_period;

/* Error codes of trk_period_compute. */
enum {
    TRK_CALC_OK = 0,
    TRK_CALC_UNCOVERED = -1,  /* a needed day is outside the calendar's years */
    TRK_CALC_BAD_PERIOD = -2, /* impossible period (count out of range, сутки that roll ...) */
    TRK_CALC_RANGE = -3,      /* result outside the representable years */
};

typedef struct trk_calc_error {
    int code;      /* one of TRK_CALC_* */
    int year;      /* for TRK_CALC_UNCOVERED: the year without data */
    char msg[200]; /* lowercase, no final period, names the jurisdiction and year */
} trk_calc_error;

/* One line of an explanation. */
typedef enum {
    TRK_STEP_DAY1,      /* a = day 1 */
    TRK_STEP_SKIP,      /* a = non-working day skipped while counting working days */
    TRK_STEP_SKIP_MORE, /* n = further skipped days not listed */
    TRK_STEP_END,       /* a = last day of the period before rolling; n = count */
    TRK_STEP_CLAMP,     /* a = month end used because the month has no such day number */
    TRK_STEP_ROLL,      /* a = non-working last day, b = where it moved; n = days passed over */
    TRK_STEP_NOROLL,    /* a = last day that is not a working day but stays (сутки / none) */
    TRK_STEP_EXTRA,     /* a = expiry, b = a + n extra days */
    TRK_STEP_RESULT,    /* a = due date */
    TRK_STEP_SPECIAL,   /* a = a day whose effect depends on the purpose or is contested; n = 1
                           when it counted as a working day; b = 1 when contested */
    TRK_STEP_SPECIAL_MORE, /* n = further such days not listed */
} trk_step_kind;

typedef struct trk_step {
    trk_step_kind kind;
    trk_date a, b;
    int n;
} trk_step;

#define TRK_CALC_MAX_STEPS 48

/* The computation record for explanations. */
typedef struct trk_calc {
    trk_date from, due;
    trk_period period;   /* with roll resolved (never TRK_ROLL_DEFAULT) */
    bool contested_off;  /* contested days counted as non-working days in this computation */
    trk_date contested;  /* the first contested day the count looked at (0: none) */
    int nspecial;        /* TRK_STEP_SPECIAL lines recorded */
    int nsteps;
    trk_step steps[TRK_CALC_MAX_STEPS];
} trk_calc;

/*
 * The period units, the one place their words are spelled (CLI options and spec suffixes, the
 * interchange format, the SQL CHECK constraints and the JSON Schema are checked against this
 * table by tests/cli/t_vocab.sh). Indexed by trk_unit; TRK_UNIT_COUNT entries.
 */
#define TRK_UNIT_COUNT 5
extern const char *const trk_unit_words[TRK_UNIT_COUNT + 1]; /* stored words, NULL-ended */
typedef struct trk_unit_info {
    const char *option;      /* CLI option of rule add and deadline calc: "days" (--days N) */
    const char *suffixes[3]; /* spellings after the count in KIND:SPEC ("10d"), NULL-ended */
    const char *appeal_opt;  /* event option setting an appeal period ("appeal-days"), or NULL */
    const char *one, *many;  /* in explanations: "calendar day", "calendar days", "сутки" */
    const char *label;       /* in calendars and listings, ASCII: "calendar days", "sutki" */
} trk_unit_info;
extern const trk_unit_info trk_units[TRK_UNIT_COUNT];

/* The unit spelled `suffix` in a KIND:SPEC ("d", "wd", "sutki", "m", ...); -1 when none. */
int trk_unit_by_suffix(const char *suffix, trk_unit *out);
/* The label ("calendar days") of a stored word ("calendar_days"); the word itself when unknown. */
const char *trk_unit_label(const char *word);

/* Roll words in schema order, NULL-terminated ("forward", "back", "none"). */
extern const char *const *const trk_roll_words;

/* Unit and roll words as in the schema ("calendar_days", "forward" ...). Parsers return -1 for
 * an unknown word (the roll parser maps NULL to TRK_ROLL_DEFAULT). */
const char *trk_unit_word(trk_unit u);
int trk_unit_parse(const char *s, trk_unit *out);
const char *trk_roll_word(trk_roll r);
int trk_roll_parse(const char *s, trk_roll *out);
/* The roll a unit uses when none is given: none for сутки, forward otherwise. */
trk_roll trk_unit_default_roll(trk_unit u);
/* "10 calendar days", "1 month", "10 сутки" into buf; returns buf. */
char *trk_period_text(const trk_period *p, char *buf, size_t size);

/* Check a period without computing (count range, сутки never roll). 0, or -1 with err filled. */
int trk_period_check(const trk_period *p, trk_calc_error *err);

/*
 * Compute the due date of period p starting from the trigger date `from` with calendar `cal`,
 * for p->purpose; where a contested day matters, the earlier of the two readings (see
 * trk_period_compute_both for both). `ex` (may be NULL: the fast path) receives the explanation
 * steps; `err` (may be NULL) the error. Returns TRK_CALC_OK or a negative TRK_CALC_* code. Pure
 * and allocation-free.
 */
int trk_period_compute(const trk_calendar *cal, trk_date from, const trk_period *p, trk_date *due,
                       trk_calc *ex, trk_calc_error *err);

/* Both readings of contested days. */
typedef struct trk_due {
    trk_date due;           /* the earlier (safe) date */
    trk_date later;         /* the later date when a contested day changes the result; else due */
    trk_date contested_day; /* the contested day the later date rests on (0: none) */
    bool later_if_off;      /* the later date is the reading where that day is non-working */
} trk_due;

/*
 * trk_period_compute, both ways. `ex` (may be NULL) receives the steps of the safe (earlier)
 * computation, `ex_later` (may be NULL) those of the later one when there is one (its nsteps is
 * 0 otherwise). Returns TRK_CALC_OK or a negative TRK_CALC_* code; either reading failing (a
 * year without data) fails the whole computation.
 */
int trk_period_compute_both(const trk_calendar *cal, trk_date from, const trk_period *p,
                            trk_due *out, trk_calc *ex, trk_calc *ex_later, trk_calc_error *err);

/* "may be later: 2024-12-26, if the closure of 2024-12-24 counts as a holiday" into buf (empty
 * when d->later == d->due); returns buf. */
char *trk_later_text(const trk_calendar *cal, const trk_due *d, char *buf, size_t size);

/* Render step i of a computation as one line of text (English), into buf; returns buf. */
char *trk_step_text(const trk_calc *c, int i, const trk_calendar *cal, char *buf, size_t size);

#endif
