/*
 * calendar.c: working-day calendars (pure).
 *
 * Representation: one byte per day from January 1 of the first covered year to December 31 of
 * the last (bit 0 working, bit 1 covered, bits 2-4 the entry kind), and a sorted array of
 * (day, name) for the days that have names. Years between two covered years that were never
 * added stay uncovered.
 */
#include "calendar.h"

#include <stdlib.h>
#include <string.h>

#define F_WORKING 0x1u
#define F_COVERED 0x2u
#define KIND_SHIFT 2
#define KIND_MASK (0x7u << KIND_SHIFT)

typedef struct named_day {
    trk_date day;
    char *name;
} named_day;

struct trk_calendar {
    char jur[16];
    int first_year, last_year; /* 0 / -1 when empty */
    trk_date base;             /* January 1 of first_year */
    unsigned char *days;       /* (last_year - first_year + 1) years of days */
    int ndays;
    named_day *names;
    int nnames, capnames;
};

static const char *const kind_words[] = {
    NULL,        "holiday", "transferred_day_off", "working_weekend",
    "shortened", "closure", "observed_holiday",
};

trk_calendar *trk_calendar_new(const char *jurisdiction)
{
    trk_calendar *cal = calloc(1, sizeof *cal);
    if (!cal)
        return NULL;
    strncpy(cal->jur, jurisdiction ? jurisdiction : "", sizeof cal->jur - 1);
    cal->first_year = 0;
    cal->last_year = -1;
    return cal;
}

void trk_calendar_free(trk_calendar *cal)
{
    if (!cal)
        return;
    for (int i = 0; i < cal->nnames; i++)
        free(cal->names[i].name);
    free(cal->names);
    free(cal->days);
    free(cal);
}

const char *trk_calendar_jurisdiction(const trk_calendar *cal)
{
    return cal->jur;
}

static trk_date jan1(int year)
{
    trk_date d = 0;
    (void)trk_date_from_ymd(year, 1, 1, &d);
    return d;
}

int trk_calendar_add_year(trk_calendar *cal, int year)
{
    if (year < 1900 || year > 2200)
        return -1;
    int first = cal->ndays ? (year < cal->first_year ? year : cal->first_year) : year;
    int last = cal->ndays ? (year > cal->last_year ? year : cal->last_year) : year;
    if (!cal->ndays || first != cal->first_year || last != cal->last_year) {
        trk_date base = jan1(first);
        int ndays = (int)(jan1(last + 1) - base);
        unsigned char *days = calloc((size_t)ndays, 1);
        if (!days)
            return -1;
        if (cal->ndays)
            memcpy(days + (cal->base - base), cal->days, (size_t)cal->ndays);
        free(cal->days);
        cal->days = days;
        cal->ndays = ndays;
        cal->base = base;
        cal->first_year = first;
        cal->last_year = last;
    }
    trk_date from = jan1(year), to = jan1(year + 1);
    for (trk_date d = from; d < to; d++) {
        unsigned char *p = &cal->days[d - cal->base];
        if (*p & F_COVERED)
            continue;
        *p = (unsigned char)(F_COVERED | (trk_date_weekday(d) <= 5 ? F_WORKING : 0));
    }
    return 0;
}

static int find_name(const trk_calendar *cal, trk_date d)
{
    int lo = 0, hi = cal->nnames - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (cal->names[mid].day == d)
            return mid;
        if (cal->names[mid].day < d)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -(lo + 1);
}

int trk_calendar_set_day(trk_calendar *cal, trk_date d, bool working, trk_day_kind kind,
                         const char *name)
{
    if (d < cal->base || d - cal->base >= cal->ndays || !(cal->days[d - cal->base] & F_COVERED) ||
        (int)kind < 0 || kind > TRK_DAY_OBSERVED_HOLIDAY)
        return -1;
    int at = find_name(cal, d);
    if (name) {
        char *copy = strdup(name);
        if (!copy)
            return -1;
        if (at >= 0) {
            free(cal->names[at].name);
            cal->names[at].name = copy;
        } else {
            if (cal->nnames == cal->capnames) {
                int cap = cal->capnames ? cal->capnames * 2 : 64;
                named_day *grown = realloc(cal->names, (size_t)cap * sizeof *grown);
                if (!grown) {
                    free(copy);
                    return -1;
                }
                cal->names = grown;
                cal->capnames = cap;
            }
            int pos = -at - 1;
            memmove(&cal->names[pos + 1], &cal->names[pos],
                    (size_t)(cal->nnames - pos) * sizeof *cal->names);
            cal->names[pos].day = d;
            cal->names[pos].name = copy;
            cal->nnames++;
        }
    } else if (at >= 0) {
        free(cal->names[at].name);
        memmove(&cal->names[at], &cal->names[at + 1],
                (size_t)(cal->nnames - at - 1) * sizeof *cal->names);
        cal->nnames--;
    }
    cal->days[d - cal->base] =
        (unsigned char)(F_COVERED | (working ? F_WORKING : 0) | ((unsigned)kind << KIND_SHIFT));
    return 0;
}

bool trk_calendar_covers(const trk_calendar *cal, int year)
{
    if (!cal->ndays || year < cal->first_year || year > cal->last_year)
        return false;
    return (cal->days[jan1(year) - cal->base] & F_COVERED) != 0;
}

void trk_calendar_range(const trk_calendar *cal, int *first, int *last)
{
    *first = cal->ndays ? cal->first_year : 0;
    *last = cal->ndays ? cal->last_year : -1;
}

trk_cal_state trk_calendar_state(const trk_calendar *cal, trk_date d)
{
    trk_date i = d - cal->base;
    if (i < 0 || i >= cal->ndays)
        return TRK_CAL_UNCOVERED;
    unsigned f = cal->days[i];
    if (!(f & F_COVERED))
        return TRK_CAL_UNCOVERED;
    return (f & F_WORKING) ? TRK_CAL_WORKING : TRK_CAL_OFF;
}

trk_day_kind trk_calendar_kind(const trk_calendar *cal, trk_date d)
{
    trk_date i = d - cal->base;
    if (i < 0 || i >= cal->ndays)
        return TRK_DAY_NORMAL;
    return (trk_day_kind)((cal->days[i] & KIND_MASK) >> KIND_SHIFT);
}

const char *trk_calendar_name(const trk_calendar *cal, trk_date d)
{
    int at = find_name(cal, d);
    return at >= 0 ? cal->names[at].name : NULL;
}

const char *trk_day_kind_word(trk_day_kind k)
{
    if ((int)k <= 0 || k > TRK_DAY_OBSERVED_HOLIDAY)
        return "normal";
    return kind_words[k];
}

int trk_day_kind_parse(const char *word, trk_day_kind *out)
{
    for (int k = 1; k <= (int)TRK_DAY_OBSERVED_HOLIDAY; k++)
        if (word && strcmp(word, kind_words[k]) == 0) {
            *out = (trk_day_kind)k;
            return 0;
        }
    return -1;
}

const char *trk_calendar_reason(const trk_calendar *cal, trk_date d)
{
    const char *n = trk_calendar_name(cal, d);
    if (n)
        return n;
    switch (trk_date_weekday(d)) {
    case 6:
        return "Saturday";
    case 7:
        return "Sunday";
    default:
        return "non-working day";
    }
}
