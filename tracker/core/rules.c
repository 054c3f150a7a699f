/*
 * rules.c: deadline periods and counting (pure). See rules.h for the counting convention.
 */
#include "rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *const trk_unit_words[TRK_UNIT_COUNT + 1] = {"calendar_days", "working_days", "sutki",
                                                        "months", "years", NULL};
const trk_unit_info trk_units[TRK_UNIT_COUNT] = {
    [TRK_UNIT_CALENDAR_DAYS] = {"days", {"d", "days", NULL}, "appeal-days",
                                "calendar day", "calendar days", "calendar days"},
    [TRK_UNIT_WORKING_DAYS] = {"working-days", {"wd", "working-days", NULL},
                               "appeal-working-days", "working day", "working days",
                               "working days"},
    [TRK_UNIT_SUTKI] = {"sutki", {"sutki", NULL}, "appeal-sutki", "сутки", "сутки", "sutki"},
    [TRK_UNIT_MONTHS] = {"months", {"m", "months", NULL}, NULL, "month", "months", "months"},
    [TRK_UNIT_YEARS] = {"years", {"y", "years", NULL}, NULL, "year", "years", "years"},
};
static const char *const roll_words[] = {"default", "forward", "back", "none", NULL};
const char *const *const trk_roll_words = roll_words + 1;

const char *trk_unit_word(trk_unit u)
{
    return (unsigned)u < TRK_UNIT_COUNT ? trk_unit_words[u] : "?";
}

int trk_unit_by_suffix(const char *suffix, trk_unit *out)
{
    for (int i = 0; suffix && i < TRK_UNIT_COUNT; i++)
        for (const char *const *s = trk_units[i].suffixes; *s; s++)
            if (strcmp(suffix, *s) == 0) {
                *out = (trk_unit)i;
                return 0;
            }
    return -1;
}

const char *trk_unit_label(const char *word)
{
    trk_unit u;
    return word && trk_unit_parse(word, &u) == 0 ? trk_units[u].label : word ? word : "";
}

int trk_unit_parse(const char *s, trk_unit *out)
{
    for (int i = 0; s && i < TRK_UNIT_COUNT; i++)
        if (strcmp(s, trk_unit_words[i]) == 0) {
            *out = (trk_unit)i;
            return 0;
        }
    return -1;
}

const char *trk_roll_word(trk_roll r)
{
    return (unsigned)r <= TRK_ROLL_NONE ? roll_words[r] : "?";
}

int trk_roll_parse(const char *s, trk_roll *out)
{
    if (!s) {
        *out = TRK_ROLL_DEFAULT;
        return 0;
    }
    for (int i = 1; i <= (int)TRK_ROLL_NONE; i++)
        if (strcmp(s, roll_words[i]) == 0) {
            *out = (trk_roll)i;
            return 0;
        }
    return -1;
}

trk_roll trk_unit_default_roll(trk_unit u)
{
    return u == TRK_UNIT_SUTKI ? TRK_ROLL_NONE : TRK_ROLL_FORWARD;
}

char *trk_period_text(const trk_period *p, char *buf, size_t size)
{
    const trk_unit_info *ui = &trk_units[(unsigned)p->unit < TRK_UNIT_COUNT ? p->unit : TRK_UNIT_YEARS];
    const char *w = p->count == 1 ? ui->one : ui->many;
    if (p->extra_days)
        snprintf(buf, size, "%d %s + %d day%s", p->count, w, p->extra_days,
                 p->extra_days == 1 ? "" : "s");
    else
        snprintf(buf, size, "%d %s", p->count, w);
    return buf;
}

static int fail(trk_calc_error *err, int code, int year, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(trk_calc_error *err, int code, int year, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        err->year = year;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

int trk_period_check(const trk_period *p, trk_calc_error *err)
{
    int max;
    switch (p->unit) {
    case TRK_UNIT_CALENDAR_DAYS:
    case TRK_UNIT_WORKING_DAYS:
    case TRK_UNIT_SUTKI:
        max = TRK_MAX_DAYS;
        break;
    case TRK_UNIT_MONTHS:
        max = TRK_MAX_MONTHS;
        break;
    case TRK_UNIT_YEARS:
        max = TRK_MAX_YEARS;
        break;
    default:
        return fail(err, TRK_CALC_BAD_PERIOD, 0, "impossible period: unknown unit");
    }
    if (p->count < 1 || p->count > max)
        return fail(err, TRK_CALC_BAD_PERIOD, 0,
                    "impossible period: %s count %d (expected 1 to %d)", trk_unit_word(p->unit),
                    p->count, max);
    if ((unsigned)p->roll > TRK_ROLL_NONE)
        return fail(err, TRK_CALC_BAD_PERIOD, 0, "impossible period: unknown roll");
    if (p->unit == TRK_UNIT_SUTKI && (p->roll == TRK_ROLL_FORWARD || p->roll == TRK_ROLL_BACK))
        return fail(err, TRK_CALC_BAD_PERIOD, 0,
                    "impossible period: сутки never roll (roll %s given)", trk_roll_word(p->roll));
    if (p->extra_days < 0 || p->extra_days > TRK_MAX_EXTRA_DAYS)
        return fail(err, TRK_CALC_BAD_PERIOD, 0,
                    "impossible period: extra days %d (expected 0 to %d)", p->extra_days,
                    TRK_MAX_EXTRA_DAYS);
    return TRK_CALC_OK;
}

static int uncovered(const trk_calendar *cal, trk_date d, trk_calc_error *err)
{
    int y = trk_date_year(d), first, last;
    trk_calendar_range(cal, &first, &last);
    if (first > last)
        return fail(err, TRK_CALC_UNCOVERED, y,
                    "no working-day calendar data for %s (needed for %d)",
                    trk_calendar_jurisdiction(cal), y);
    return fail(err, TRK_CALC_UNCOVERED, y,
                "no working-day calendar for %s in %d (calendar data covers %d-%d)",
                trk_calendar_jurisdiction(cal), y, first, last);
}

static void step(trk_calc *ex, trk_step_kind k, trk_date a, trk_date b, int n)
{
    if (!ex)
        return;
    if (ex->nsteps >= TRK_CALC_MAX_STEPS - 1 && k != TRK_STEP_RESULT)
        return; /* always keep room for the result */
    if (ex->nsteps >= TRK_CALC_MAX_STEPS)
        return;
    ex->steps[ex->nsteps++] = (trk_step){k, a, b, n};
}

/* The calendar as one purpose sees it, with contested days read one way. */
typedef struct view {
    const trk_calendar *cal;
    const unsigned char *days; /* the calendar's day bytes from `base`, `ndays` of them */
    trk_date base;
    int ndays;
    unsigned shift;     /* TRK_DAYBITS_SHIFT(purpose) */
    bool off;           /* contested days count as non-working days */
    trk_date contested; /* the first contested day looked at (0: none) */
    trk_calc *ex;
} view;

#define MAX_SPECIAL_LINES 6

/* Count one more day like step j: in the SPECIAL_MORE step right after it (inserted if need be). */
static void special_more(trk_calc *ex, int j)
{
    if (j + 1 < ex->nsteps && ex->steps[j + 1].kind == TRK_STEP_SPECIAL_MORE) {
        ex->steps[j + 1].n++;
        return;
    }
    if (ex->nsteps >= TRK_CALC_MAX_STEPS - 1)
        return;
    memmove(&ex->steps[j + 2], &ex->steps[j + 1], (size_t)(ex->nsteps - j - 1) * sizeof *ex->steps);
    ex->steps[j + 1] = (trk_step){TRK_STEP_SPECIAL_MORE, 0, 0, 1};
    ex->nsteps++;
}

/* A special day was looked at: remember a contested one, and explain it: one line per source
 * and reading, the further days with the same source counted on the line after it. */
static void special(view *v, trk_date d, unsigned e, bool working) __attribute__((cold, noinline));
static void special(view *v, trk_date d, unsigned e, bool working)
{
    if (e == TRK_EFFECT_CONTESTED && !v->contested)
        v->contested = d;
    trk_calc *ex = v->ex;
    if (!ex)
        return;
    const char *src = trk_calendar_source(v->cal, d, ex->period.purpose);
    int contested = e == TRK_EFFECT_CONTESTED, last = -1;
    for (int i = ex->nsteps - 1; i >= 0; i--) {
        const trk_step *t = &ex->steps[i];
        if (t->kind != TRK_STEP_SPECIAL)
            continue;
        if (t->a == d)
            return; /* each day once */
        if (last < 0)
            last = i;
        const char *o = trk_calendar_source(v->cal, t->a, ex->period.purpose);
        if (t->n == (int)working && t->b == contested && src && o && strcmp(src, o) == 0) {
            special_more(ex, i);
            return;
        }
    }
    if (ex->nspecial < MAX_SPECIAL_LINES) {
        ex->nspecial++;
        step(ex, TRK_STEP_SPECIAL, d, contested, working);
    } else if (last >= 0) {
        special_more(ex, last);
    }
}

/* Working, off or uncovered for the view's purpose. */
static inline unsigned vbits(const view *v, trk_date d)
{
    trk_date i = d - v->base;
    return i >= 0 && i < v->ndays ? v->days[i] : 0u;
}

static inline trk_cal_state vstate(view *v, trk_date d)
{
    unsigned b = vbits(v, d);
    if (!(b & TRK_DAYBITS_COVERED))
        return TRK_CAL_UNCOVERED;
    unsigned e = (b >> v->shift) & 3u;
    bool working = e == TRK_EFFECT_CONTESTED ? !v->off : e == TRK_EFFECT_WORKING;
    if (b & TRK_DAYBITS_SPECIAL)
        special(v, d, e, working);
    return working ? TRK_CAL_WORKING : TRK_CAL_OFF;
}

/* The same without taking note (for explanation lines that do not affect the result). */
static trk_cal_state vpeek(const view *v, trk_date d)
{
    unsigned b = vbits(v, d);
    if (!(b & TRK_DAYBITS_COVERED))
        return TRK_CAL_UNCOVERED;
    unsigned e = (b >> v->shift) & 3u;
    return (e == TRK_EFFECT_CONTESTED ? !v->off : e == TRK_EFFECT_WORKING) ? TRK_CAL_WORKING
                                                                           : TRK_CAL_OFF;
}

/* Roll a non-working day d in direction dir (+1/-1); *out receives the working day. */
static int roll(view *v, trk_date d, int dir, trk_date *out, trk_calc_error *err)
{
    trk_calc *ex = v->ex;
    trk_cal_state s = vstate(v, d);
    if (s == TRK_CAL_UNCOVERED)
        return uncovered(v->cal, d, err);
    if (s == TRK_CAL_WORKING) {
        *out = d;
        return TRK_CALC_OK;
    }
    trk_date start = d;
    int passed = 0, listed = 0, unlisted = 0;
    while (s == TRK_CAL_OFF) {
        /* every day rolled over gets a line with its name (or weekday), up to 12 */
        if (ex) {
            if (listed < 12) {
                step(ex, TRK_STEP_SKIP, d, 0, 0);
                listed++;
            } else {
                unlisted++;
            }
        }
        passed++;
        d += dir;
        s = vstate(v, d);
        if (s == TRK_CAL_UNCOVERED)
            return uncovered(v->cal, d, err);
    }
    if (ex && unlisted)
        step(ex, TRK_STEP_SKIP_MORE, 0, 0, unlisted);
    step(ex, TRK_STEP_ROLL, start, d, passed);
    *out = d;
    return TRK_CALC_OK;
}

/* 0001-01-01 and 9999-12-31 as day numbers (days since 1970-01-01; test_rules checks them). */
#define DATE_MIN_DN (-719162)
#define DATE_MAX_DN 2932896

static inline bool in_range(trk_date d)
{
    return d >= DATE_MIN_DN && d <= DATE_MAX_DN;
}

/* One reading of the calendar (the view); the period has been checked. */
static int compute_one(view *v, trk_date from, const trk_period *p, trk_date *due,
                       trk_calc_error *err)
{
    int rc;
    trk_calc *ex = v->ex;
    trk_roll r = p->roll == TRK_ROLL_DEFAULT ? trk_unit_default_roll(p->unit) : p->roll;
    if (ex) {
        ex->from = from;
        ex->period = *p;
        ex->period.roll = r;
        ex->nsteps = 0;
        ex->nspecial = 0;
        ex->contested_off = v->off;
        ex->contested = 0;
    }
    int skip = p->count_trigger_day ? 1 : 0;
    trk_date end;
    switch (p->unit) {
    case TRK_UNIT_CALENDAR_DAYS:
    case TRK_UNIT_SUTKI:
        step(ex, TRK_STEP_DAY1, from + 1 - skip, from, skip);
        end = from + p->count - skip;
        if (!in_range(end))
            return fail(err, TRK_CALC_RANGE, 0, "due date out of range");
        step(ex, TRK_STEP_END, end, 0, p->count);
        break;
    case TRK_UNIT_MONTHS:
    case TRK_UNIT_YEARS: {
        int months = p->unit == TRK_UNIT_MONTHS ? p->count : p->count * 12;
        step(ex, TRK_STEP_DAY1, from + 1 - skip, from, skip);
        if (trk_date_add_months(from, months, &end) != 0)
            return fail(err, TRK_CALC_RANGE, 0, "due date out of range");
        int fy, fm, fd, ey, em, ed;
        trk_date_to_ymd(from, &fy, &fm, &fd);
        trk_date_to_ymd(end, &ey, &em, &ed);
        end -= skip;
        step(ex, TRK_STEP_END, end, from, p->count);
        if (ed != fd)
            step(ex, TRK_STEP_CLAMP, end, 0, fd);
        break;
    }
    case TRK_UNIT_WORKING_DAYS: {
        trk_date d = from - skip;
        for (int k = 1; k <= p->count; k++) {
            d++;
            trk_cal_state s = vstate(v, d);
            int skipped = 0;
            while (s == TRK_CAL_OFF) {
                if (ex && k > 1) {
                    if (skipped < 16)
                        step(ex, TRK_STEP_SKIP, d, 0, 0);
                }
                skipped++;
                d++;
                s = vstate(v, d);
            }
            if (s == TRK_CAL_UNCOVERED)
                return uncovered(v->cal, d, err);
            if (ex && k > 1 && skipped > 16)
                step(ex, TRK_STEP_SKIP_MORE, 0, 0, skipped - 16);
            if (k == 1)
                step(ex, TRK_STEP_DAY1, d, from, skip);
        }
        end = d;
        step(ex, TRK_STEP_END, end, 0, p->count);
        r = TRK_ROLL_NONE; /* the last day is a working day by construction */
        if (ex)
            ex->period.roll = TRK_ROLL_FORWARD;
        break;
    }
    default:
        return fail(err, TRK_CALC_BAD_PERIOD, 0, "impossible period");
    }

    trk_date d = end;
    if (r == TRK_ROLL_FORWARD || r == TRK_ROLL_BACK) {
        rc = roll(v, d, r == TRK_ROLL_FORWARD ? 1 : -1, &d, err);
        if (rc != TRK_CALC_OK)
            return rc;
    } else if (ex && p->unit != TRK_UNIT_WORKING_DAYS && vpeek(v, d) == TRK_CAL_OFF) {
        step(ex, TRK_STEP_NOROLL, d, 0, 0);
    }
    if (p->extra_days) {
        trk_date e = d + p->extra_days;
        step(ex, TRK_STEP_EXTRA, d, e, p->extra_days);
        d = e;
        if (r != TRK_ROLL_NONE || p->unit == TRK_UNIT_WORKING_DAYS) {
            rc = roll(v, d, r == TRK_ROLL_BACK ? -1 : 1, &d, err);
            if (rc != TRK_CALC_OK)
                return rc;
        }
    }
    if (!in_range(d))
        return fail(err, TRK_CALC_RANGE, 0, "due date out of range");
    step(ex, TRK_STEP_RESULT, d, 0, 0);
    if (ex) {
        ex->due = d;
        ex->contested = v->contested;
    }
    *due = d;
    return TRK_CALC_OK;
}

int trk_period_compute_both(const trk_calendar *cal, trk_date from, const trk_period *p,
                            trk_due *out, trk_calc *ex, trk_calc *ex_later, trk_calc_error *err)
{
    int rc = trk_period_check(p, err);
    if (rc != TRK_CALC_OK)
        return rc;
    if ((unsigned)p->purpose >= TRK_PURPOSE_COUNT)
        return fail(err, TRK_CALC_BAD_PERIOD, 0, "impossible period: unknown purpose");
    if (ex_later)
        ex_later->nsteps = 0;
    /* first reading: contested days are working days */
    view v = {.cal = cal, .shift = TRK_DAYBITS_SHIFT(p->purpose), .ex = ex};
    v.days = trk_calendar_bytes(cal, &v.base, &v.ndays);
    trk_date d1, d2;
    if ((rc = compute_one(&v, from, p, &d1, err)) != TRK_CALC_OK)
        return rc;
    out->due = out->later = d1;
    out->contested_day = 0;
    out->later_if_off = false;
    if (v.contested) {
        /* a contested day mattered to the count: the other reading too */
        view w = v;
        w.off = true;
        w.contested = 0;
        w.ex = ex_later;
        if ((rc = compute_one(&w, from, p, &d2, err)) != TRK_CALC_OK)
            return rc;
        out->contested_day = w.contested ? w.contested : v.contested;
        if (d2 > d1) {
            out->later = d2;
            out->later_if_off = true;
        } else if (d2 < d1) { /* rolled back over the contested day: the off reading is safe */
            out->due = d2;
            out->later = d1;
            if (ex && ex_later) {
                trk_calc t = *ex;
                *ex = *ex_later;
                *ex_later = t;
            } else if (ex) {
                w.ex = ex;
                w.contested = 0;
                (void)compute_one(&w, from, p, &d2, NULL);
            }
        } else {
            out->contested_day = 0;
            if (ex_later)
                ex_later->nsteps = 0;
        }
    }
    if (err)
        err->code = TRK_CALC_OK;
    return TRK_CALC_OK;
}

int trk_period_compute(const trk_calendar *cal, trk_date from, const trk_period *p, trk_date *due,
                       trk_calc *ex, trk_calc_error *err)
{
    /* the first reading directly; both only when it looked at a contested day */
    if ((unsigned)p->purpose < TRK_PURPOSE_COUNT && trk_period_check(p, err) == TRK_CALC_OK) {
        view v = {.cal = cal, .shift = TRK_DAYBITS_SHIFT(p->purpose), .ex = ex};
        v.days = trk_calendar_bytes(cal, &v.base, &v.ndays);
        trk_date d;
        int rc = compute_one(&v, from, p, &d, err);
        if (rc != TRK_CALC_OK)
            return rc;
        if (!v.contested) {
            *due = d;
            if (err)
                err->code = TRK_CALC_OK;
            return TRK_CALC_OK;
        }
    }
    trk_due o;
    int rc = trk_period_compute_both(cal, from, p, &o, ex, NULL, err);
    if (rc == TRK_CALC_OK)
        *due = o.due;
    return rc;
}

char *trk_later_text(const trk_calendar *cal, const trk_due *d, char *buf, size_t size)
{
    char a[TRK_DATE_STRLEN], b[TRK_DATE_STRLEN], cond[160];
    buf[0] = '\0';
    if (d->later == d->due || !d->contested_day)
        return buf;
    trk_date_format(d->contested_day, b);
    if (!d->later_if_off)
        snprintf(cond, sizeof cond, "if %s counts as a working day", b);
    else
        switch (trk_calendar_kind(cal, d->contested_day)) {
        case TRK_DAY_CLOSURE:
            snprintf(cond, sizeof cond, "if the closure of %s counts as a holiday", b);
            break;
        case TRK_DAY_COURT_CLOSURE:
            snprintf(cond, sizeof cond, "if the court closure of %s counts as a non-working day",
                     b);
            break;
        case TRK_DAY_DECREE_NON_WORKING:
            snprintf(cond, sizeof cond, "if the decree's non-working day %s counts as a day off",
                     b);
            break;
        default:
            snprintf(cond, sizeof cond, "if %s counts as a non-working day", b);
            break;
        }
    snprintf(buf, size, "may be later: %s, %s", trk_date_format(d->later, a), cond);
    return buf;
}

static const char *wday(trk_date d)
{
    static const char *const names[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                        "Friday", "Saturday", "Sunday"};
    return names[trk_date_weekday(d) - 1];
}

/* "2024-04-27 (Saturday)" or "2024-04-27 (Saturday, Working weekend day (transferred))". */
static char *day_text(const trk_calendar *cal, trk_date d, char *buf, size_t size)
{
    char iso[TRK_DATE_STRLEN];
    const char *name = cal ? trk_calendar_name(cal, d) : NULL;
    if (name)
        snprintf(buf, size, "%s (%s, %s)", trk_date_format(d, iso), wday(d), name);
    else
        snprintf(buf, size, "%s (%s)", trk_date_format(d, iso), wday(d));
    return buf;
}

char *trk_step_text(const trk_calc *c, int i, const trk_calendar *cal, char *buf, size_t size)
{
    char a[160], b[160], per[64];
    const trk_step *s = &c->steps[i];
    const char *roll_why =
        c->period.unit == TRK_UNIT_SUTKI ? "сутки periods never roll" : "this period does not roll";
    buf[0] = '\0';
    switch (s->kind) {
    case TRK_STEP_DAY1:
        if (c->period.unit == TRK_UNIT_WORKING_DAYS)
            snprintf(buf, size, "day 1 is %s, the first working day %s %s",
                     day_text(cal, s->a, a, sizeof a), s->n ? "from" : "after",
                     day_text(NULL, s->b, b, sizeof b));
        else if (s->n)
            snprintf(buf, size, "day 1 is the trigger day itself, %s",
                     day_text(cal, s->a, a, sizeof a));
        else
            snprintf(buf, size, "day 1 is %s, the day after %s", day_text(cal, s->a, a, sizeof a),
                     day_text(NULL, s->b, b, sizeof b));
        break;
    case TRK_STEP_SKIP:
        snprintf(buf, size, "%s is not a working day: %s", day_text(NULL, s->a, a, sizeof a),
                 cal ? trk_calendar_reason(cal, s->a) : "day off");
        break;
    case TRK_STEP_SKIP_MORE:
        snprintf(buf, size, "... and %d more non-working day%s", s->n, s->n == 1 ? "" : "s");
        break;
    case TRK_STEP_END:
        if (c->period.unit == TRK_UNIT_MONTHS || c->period.unit == TRK_UNIT_YEARS)
            snprintf(buf, size, "%s after %s ends on %s",
                     trk_period_text(&c->period, per, sizeof per),
                     day_text(NULL, s->b, b, sizeof b), day_text(cal, s->a, a, sizeof a));
        else
            snprintf(buf, size, "day %d (the last %s) is %s", s->n,
                     c->period.unit == TRK_UNIT_WORKING_DAYS ? "working day" : "day of the period",
                     day_text(cal, s->a, a, sizeof a));
        break;
    case TRK_STEP_CLAMP: {
        int y, m, d;
        trk_date_to_ymd(s->a, &y, &m, &d);
        snprintf(buf, size, "%04d-%02d has no day %d: the period ends on that month's last day", y,
                 m, s->n);
        break;
    }
    case TRK_STEP_ROLL:
        snprintf(buf, size,
                 "the last day %s is not a working day: moved %s to %s, the %s working day",
                 day_text(NULL, s->a, a, sizeof a), s->b > s->a ? "forward" : "back",
                 day_text(cal, s->b, b, sizeof b), s->b > s->a ? "next" : "previous");
        break;
    case TRK_STEP_NOROLL:
        snprintf(buf, size, "%s is not a working day (%s), but %s: it stays",
                 day_text(NULL, s->a, a, sizeof a),
                 cal ? trk_calendar_reason(cal, s->a) : "day off", roll_why);
        break;
    case TRK_STEP_EXTRA:
        snprintf(buf, size, "%d day%s added after the period expired on %s: %s", s->n,
                 s->n == 1 ? "" : "s", day_text(NULL, s->a, a, sizeof a),
                 day_text(cal, s->b, b, sizeof b));
        break;
    case TRK_STEP_RESULT:
        snprintf(buf, size, "due %s", day_text(cal, s->a, a, sizeof a));
        break;
    case TRK_STEP_SPECIAL: {
        const char *src = cal ? trk_calendar_source(cal, s->a, c->period.purpose) : NULL;
        if (!src)
            src = cal ? trk_calendar_reason(cal, s->a) : "special day";
        trk_date_format(s->a, a);
        if (s->b)
            snprintf(buf, size, "%s is contested for %s: %s; counted here as a %s", a,
                     trk_purpose_text(c->period.purpose), src,
                     s->n ? "working day" : "non-working day");
        else
            snprintf(buf, size, "%s is %s for %s: %s", a,
                     s->n ? "a working day" : "not a working day",
                     trk_purpose_text(c->period.purpose), src);
        break;
    }
    case TRK_STEP_SPECIAL_MORE:
        snprintf(buf, size, "... and %d more day%s like it", s->n, s->n == 1 ? "" : "s");
        break;
    }
    return buf;
}
