/*
 * calendar.c: working-day calendars (pure).
 *
 * Representation: one byte per day from January 1 of the first covered year to December 31 of
 * the last (see TRK_DAYBITS_* in calendar.h: covered, general working bit, a 2-bit effect per
 * purpose, special), one byte per day for the entry kind, and a sorted array of (day, name,
 * per-purpose sources) for the days that have any. Years between two covered years that were
 * never added stay uncovered.
 */
#include "calendar.h"

#include <stdlib.h>
#include <string.h>

#define F_WORKING 0x1u
#define F_COVERED TRK_DAYBITS_COVERED
#define F_SPECIAL TRK_DAYBITS_SPECIAL
#define EFF_MASK(p) (0x3u << TRK_DAYBITS_SHIFT(p))

typedef struct named_day {
    trk_date day;
    char *name;
    char *source[TRK_PURPOSE_COUNT];
} named_day;

struct trk_calendar {
    char jur[16];
    int first_year, last_year; /* 0 / -1 when empty */
    trk_date base;             /* January 1 of first_year */
    unsigned char *days;       /* (last_year - first_year + 1) years of days */
    unsigned char *kinds;      /* the same days' entry kinds */
    int ndays;
    named_day *names;
    int nnames, capnames;
};

const char *const trk_day_kind_words[TRK_DAY_KIND_COUNT + 1] = {
    "normal",  "holiday",          "transferred_day_off", "working_weekend",
    "shortened", "closure",        "observed_holiday",    "decree_non_working",
    "court_closure", NULL,
};

static const char *const kind_texts[TRK_DAY_KIND_COUNT] = {
    "ordinary day",
    "public holiday",
    "transferred day off",
    "working weekend day",
    "shortened working day",
    "closure by executive order",
    "observed holiday",
    "declared non-working by decree",
    "court closure",
};

const char *const trk_purpose_words[TRK_PURPOSE_COUNT + 1] = {"procedural", "employment", NULL};
const char *const trk_effect_words[TRK_EFFECT_COUNT + 1] = {"non_working", "working", "contested",
                                                            NULL};

const char *trk_day_kind_text(trk_day_kind k)
{
    return (unsigned)k < TRK_DAY_KIND_COUNT ? kind_texts[k] : "?";
}

int trk_purpose_parse(const char *word, trk_purpose *out)
{
    for (int i = 0; word && i < TRK_PURPOSE_COUNT; i++)
        if (strcmp(word, trk_purpose_words[i]) == 0) {
            *out = (trk_purpose)i;
            return 0;
        }
    return -1;
}

int trk_effect_parse(const char *word, trk_effect *out)
{
    if (word && strcmp(word, "non-working") == 0) {
        *out = TRK_EFFECT_NON_WORKING;
        return 0;
    }
    for (int i = 0; word && i < TRK_EFFECT_COUNT; i++)
        if (strcmp(word, trk_effect_words[i]) == 0) {
            *out = (trk_effect)i;
            return 0;
        }
    return -1;
}

const char *trk_purpose_text(trk_purpose p)
{
    return p == TRK_PURPOSE_EMPLOYMENT ? "employment purposes" : "court periods";
}

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

static void free_named(named_day *n)
{
    free(n->name);
    for (int p = 0; p < TRK_PURPOSE_COUNT; p++)
        free(n->source[p]);
}

void trk_calendar_free(trk_calendar *cal)
{
    if (!cal)
        return;
    for (int i = 0; i < cal->nnames; i++)
        free_named(&cal->names[i]);
    free(cal->names);
    free(cal->days);
    free(cal->kinds);
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

/* The day byte of an entry with the same state for every purpose. */
static unsigned char plain_bits(bool working)
{
    unsigned b = F_COVERED | (working ? F_WORKING : 0);
    if (working)
        for (int p = 0; p < TRK_PURPOSE_COUNT; p++)
            b |= (unsigned)TRK_EFFECT_WORKING << TRK_DAYBITS_SHIFT(p);
    return (unsigned char)b;
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
        unsigned char *days = calloc((size_t)ndays, 1), *kinds = calloc((size_t)ndays, 1);
        if (!days || !kinds) {
            free(days);
            free(kinds);
            return -1;
        }
        if (cal->ndays) {
            memcpy(days + (cal->base - base), cal->days, (size_t)cal->ndays);
            memcpy(kinds + (cal->base - base), cal->kinds, (size_t)cal->ndays);
        }
        free(cal->days);
        free(cal->kinds);
        cal->days = days;
        cal->kinds = kinds;
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
        *p = plain_bits(trk_date_weekday(d) <= 5);
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

/* The entry of day d, created when missing. NULL when out of memory. */
static named_day *entry(trk_calendar *cal, trk_date d)
{
    int at = find_name(cal, d);
    if (at >= 0)
        return &cal->names[at];
    if (cal->nnames == cal->capnames) {
        int cap = cal->capnames ? cal->capnames * 2 : 64;
        named_day *grown = realloc(cal->names, (size_t)cap * sizeof *grown);
        if (!grown)
            return NULL;
        cal->names = grown;
        cal->capnames = cap;
    }
    int pos = -at - 1;
    memmove(&cal->names[pos + 1], &cal->names[pos],
            (size_t)(cal->nnames - pos) * sizeof *cal->names);
    memset(&cal->names[pos], 0, sizeof cal->names[pos]);
    cal->names[pos].day = d;
    cal->nnames++;
    return &cal->names[pos];
}

static void drop_entry(trk_calendar *cal, trk_date d)
{
    int at = find_name(cal, d);
    if (at < 0)
        return;
    free_named(&cal->names[at]);
    memmove(&cal->names[at], &cal->names[at + 1],
            (size_t)(cal->nnames - at - 1) * sizeof *cal->names);
    cal->nnames--;
}

static bool covered_day(const trk_calendar *cal, trk_date d)
{
    return d >= cal->base && d - cal->base < cal->ndays && (cal->days[d - cal->base] & F_COVERED);
}

int trk_calendar_set_day(trk_calendar *cal, trk_date d, bool working, trk_day_kind kind,
                         const char *name)
{
    if (!covered_day(cal, d) || (int)kind < 0 || kind >= TRK_DAY_KIND_COUNT)
        return -1;
    drop_entry(cal, d); /* a new entry replaces the name and the effects */
    if (name) {
        char *copy = strdup(name);
        named_day *n = copy ? entry(cal, d) : NULL;
        if (!n) {
            free(copy);
            return -1;
        }
        n->name = copy;
    }
    cal->days[d - cal->base] = plain_bits(working);
    cal->kinds[d - cal->base] = (unsigned char)kind;
    return 0;
}

int trk_calendar_set_effect(trk_calendar *cal, trk_date d, trk_purpose purpose, trk_effect effect,
                            const char *source)
{
    if (!covered_day(cal, d) || (unsigned)purpose >= TRK_PURPOSE_COUNT ||
        (unsigned)effect >= TRK_EFFECT_COUNT)
        return -1;
    char *copy = NULL;
    if (source && !(copy = strdup(source)))
        return -1;
    named_day *n = entry(cal, d);
    if (!n) {
        free(copy);
        return -1;
    }
    free(n->source[purpose]);
    n->source[purpose] = copy;
    unsigned b = cal->days[d - cal->base];
    b = (b & ~EFF_MASK(purpose)) | ((unsigned)effect << TRK_DAYBITS_SHIFT(purpose));
    /* special: the purposes disagree, or one is contested */
    bool special = false;
    unsigned e0 = (b >> TRK_DAYBITS_SHIFT(0)) & 3u;
    for (int p = 0; p < TRK_PURPOSE_COUNT; p++) {
        unsigned e = (b >> TRK_DAYBITS_SHIFT(p)) & 3u;
        special |= e != e0 || e == TRK_EFFECT_CONTESTED;
    }
    b = special ? b | F_SPECIAL : b & ~F_SPECIAL;
    cal->days[d - cal->base] = (unsigned char)b;
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

unsigned trk_calendar_bits(const trk_calendar *cal, trk_date d)
{
    trk_date i = d - cal->base;
    if (i < 0 || i >= cal->ndays)
        return 0;
    return cal->days[i];
}

const unsigned char *trk_calendar_bytes(const trk_calendar *cal, trk_date *base, int *ndays)
{
    *base = cal->base;
    *ndays = cal->ndays;
    return cal->days;
}

trk_cal_state trk_calendar_state(const trk_calendar *cal, trk_date d)
{
    unsigned f = trk_calendar_bits(cal, d);
    if (!(f & F_COVERED))
        return TRK_CAL_UNCOVERED;
    return (f & F_WORKING) ? TRK_CAL_WORKING : TRK_CAL_OFF;
}

int trk_calendar_effect(const trk_calendar *cal, trk_date d, trk_purpose purpose)
{
    unsigned f = trk_calendar_bits(cal, d);
    if (!(f & F_COVERED) || (unsigned)purpose >= TRK_PURPOSE_COUNT)
        return -1;
    return (int)((f >> TRK_DAYBITS_SHIFT(purpose)) & 3u);
}

const char *trk_calendar_source(const trk_calendar *cal, trk_date d, trk_purpose purpose)
{
    int at = find_name(cal, d);
    return at >= 0 && (unsigned)purpose < TRK_PURPOSE_COUNT ? cal->names[at].source[purpose]
                                                            : NULL;
}

bool trk_calendar_special(const trk_calendar *cal, trk_date d)
{
    return (trk_calendar_bits(cal, d) & F_SPECIAL) != 0;
}

trk_day_kind trk_calendar_kind(const trk_calendar *cal, trk_date d)
{
    trk_date i = d - cal->base;
    if (i < 0 || i >= cal->ndays)
        return TRK_DAY_NORMAL;
    return (trk_day_kind)cal->kinds[i];
}

const char *trk_calendar_name(const trk_calendar *cal, trk_date d)
{
    int at = find_name(cal, d);
    return at >= 0 ? cal->names[at].name : NULL;
}

const char *trk_day_kind_word(trk_day_kind k)
{
    if ((int)k <= 0 || k >= TRK_DAY_KIND_COUNT)
        return "normal";
    return trk_day_kind_words[k];
}

int trk_day_kind_parse(const char *word, trk_day_kind *out)
{
    for (int k = 1; k < (int)TRK_DAY_KIND_COUNT; k++)
        if (word && strcmp(word, trk_day_kind_words[k]) == 0) {
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
