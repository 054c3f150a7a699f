/*
 * fuzz_calc.c: the deadline calculator (rules.c) on random periods, start days and calendars.
 *
 * Calendars: half of the inputs use the real RU or US calendar parsed from
 * schema/002_calendars.sql at start-up (when the file is there), the others a calendar built from
 * the input itself (covered years, optional gap year, day entries that make any day working or
 * not). Properties:
 *   - never crashes; the result code is one of TRK_CALC_*; an invalid period (trk_period_check)
 *     gives TRK_CALC_BAD_PERIOD and nothing else; an error message is non-empty;
 *   - the fast path (no explanation) and the explained path agree on code and due date;
 *   - the explanation ends with a RESULT step naming the due date, its roll is resolved, and
 *     every step renders to text (also into small buffers);
 *   - when the period rolls (forward/back, and always for working days) the due date is a
 *     working day; forward rolls never move before the last day of the period;
 *   - calendar days/сутки without roll or extras end exactly count days after the trigger;
 *   - working days: exactly count working days lie in (from, due].
 */
#include "calendar.h"
#include "date.h"
#include "fuzz_common.h"
#include "rules.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef TRK_SOURCE_DIR
#define TRK_SOURCE_DIR "."
#endif

static trk_calendar *real[2]; /* RU, US from the schema (NULL when the file is missing) */

static void load_schema_calendars(void)
{
    char path[1024];
    const char *src = getenv("TRACKER_SRC");
    snprintf(path, sizeof path, "%s/schema/002_calendars.sql", src ? src : TRK_SOURCE_DIR);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    real[0] = trk_calendar_new("RU");
    real[1] = trk_calendar_new("US");
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        char jur[8], day[16], working[8], kind[40];
        int year;
        /* calendar_year rows: ('RU', 2013, '...'), calendar_day rows: ('RU', '2013-01-01', false, 'holiday', ... */
        if (sscanf(line, " ('%7[A-Z]', %d, '", jur, &year) == 2) {
            trk_calendar *c = strcmp(jur, "RU") == 0 ? real[0] : strcmp(jur, "US") == 0 ? real[1] : NULL;
            if (c)
                FUZZ_CHECK(trk_calendar_add_year(c, year) == 0);
        } else if (sscanf(line, " ('%7[A-Z]', '%15[0-9-]', %7[a-z], '%39[a-z_]'", jur, day, working,
                          kind) == 4) {
            trk_calendar *c = strcmp(jur, "RU") == 0 ? real[0] : strcmp(jur, "US") == 0 ? real[1] : NULL;
            trk_date d;
            trk_day_kind k;
            if (c && trk_date_parse(day, &d) == 0 && trk_day_kind_parse(kind, &k) == 0)
                FUZZ_CHECK(trk_calendar_set_day(c, d, strcmp(working, "true") == 0, k, kind) == 0);
        }
    }
    fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    load_schema_calendars();
    return 0;
}

static const char *const names[] = {NULL, "Holiday", "Перенос выходного дня", "x"};

static trk_date jan1(int y)
{
    trk_date d;
    FUZZ_CHECK(trk_date_from_ymd(y, 1, 1, &d) == 0);
    return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 12)
        return 0;
    bool use_real = (data[0] & 0x80) && real[0] != NULL;
    trk_calendar *own = NULL;
    const trk_calendar *cal;
    int first, last;
    if (use_real) {
        cal = real[data[0] & 1];
        trk_calendar_range(cal, &first, &last);
    } else {
        own = trk_calendar_new("ZZ");
        FUZZ_CHECK(own != NULL);
        first = 2010 + data[0] % 20;
        int nyears = 1 + data[1] % 5;
        last = first + nyears - 1;
        for (int y = first; y <= last; y++)
            FUZZ_CHECK(trk_calendar_add_year(own, y) == 0);
        if (data[1] & 0x80) /* a second block after an uncovered gap year */
            FUZZ_CHECK(trk_calendar_add_year(own, last + 2) == 0);
        trk_date base = jan1(first);
        int span = (int)(jan1(last + 1) - base);
        for (size_t i = 12; i + 3 <= size; i += 3) {
            int off = (data[i] | data[i + 1] << 8) % span;
            uint8_t fl = data[i + 2];
            FUZZ_CHECK(trk_calendar_set_day(own, base + off, fl & 1, (trk_day_kind)((fl >> 1) % 7),
                                            names[(fl >> 4) & 3]) == 0);
        }
        if (data[1] & 0x80)
            last += 2;
        cal = own;
    }

    /* The trigger day: anywhere from a year before the covered range to a year after. */
    trk_date lo = jan1(first - 1), hi = jan1(last + 2);
    trk_date from = lo + (trk_date)((data[2] | data[3] << 8 | (uint32_t)data[4] << 16) % (uint32_t)(hi - lo));
    trk_period p;
    memset(&p, 0, sizeof p);
    int raw = (int16_t)(data[5] | data[6] << 8);
    p.unit = (trk_unit)(data[7] % 6); /* 5: not a unit */
    p.roll = (trk_roll)(data[8] % 5); /* 4: not a roll */
    switch (data[9] & 3) {            /* mostly small counts, sometimes anything */
    case 0: p.count = raw; break;
    case 1: p.count = abs(raw) % 400; break;
    default: p.count = abs(raw) % 40; break;
    }
    p.extra_days = (data[10] & 0x80) ? (int)(int8_t)data[10] * 3 : 0;
    p.count_trigger_day = (data[11] & 1) != 0;

    trk_calc_error err1, err2;
    trk_calc ex;
    trk_date due1 = 0, due2 = 0;
    memset(&ex, 0xAB, sizeof ex);
    int rc1 = trk_period_compute(cal, from, &p, &due1, NULL, &err1);
    int rc2 = trk_period_compute(cal, from, &p, &due2, &ex, &err2);
    FUZZ_CHECK(rc1 == rc2);
    FUZZ_CHECK(rc1 == TRK_CALC_OK || rc1 == TRK_CALC_UNCOVERED || rc1 == TRK_CALC_BAD_PERIOD ||
               rc1 == TRK_CALC_RANGE);
    trk_calc_error cerr;
    bool valid = trk_period_check(&p, &cerr) == 0;
    FUZZ_CHECK(valid == (rc1 != TRK_CALC_BAD_PERIOD));
    if (rc1 != TRK_CALC_OK) {
        FUZZ_CHECK(err1.code == rc1 && err1.msg[0] != '\0' && memchr(err1.msg, 0, sizeof err1.msg));
        FUZZ_CHECK(strcmp(err1.msg, err2.msg) == 0);
        goto out;
    }
    FUZZ_CHECK(due1 == due2 && ex.due == due1 && ex.from == from);
    FUZZ_CHECK(ex.nsteps >= 1 && ex.nsteps <= TRK_CALC_MAX_STEPS);
    FUZZ_CHECK(ex.steps[ex.nsteps - 1].kind == TRK_STEP_RESULT && ex.steps[ex.nsteps - 1].a == due1);
    FUZZ_CHECK(ex.period.roll != TRK_ROLL_DEFAULT);
    for (int i = 0; i < ex.nsteps; i++) {
        char buf[600], tiny[7];
        trk_step_text(&ex, i, cal, buf, sizeof buf);
        FUZZ_CHECK(buf[0] != '\0' && memchr(buf, 0, sizeof buf));
        trk_step_text(&ex, i, cal, tiny, sizeof tiny);
        FUZZ_CHECK(memchr(tiny, 0, sizeof tiny));
    }
    char per[64];
    trk_period_text(&p, per, sizeof per);

    trk_roll r = p.roll == TRK_ROLL_DEFAULT ? trk_unit_default_roll(p.unit) : p.roll;
    bool rolls = p.unit == TRK_UNIT_WORKING_DAYS || r == TRK_ROLL_FORWARD || r == TRK_ROLL_BACK;
    if (rolls)
        FUZZ_CHECK(trk_calendar_state(cal, due1) == TRK_CAL_WORKING);
    int skip = p.count_trigger_day ? 1 : 0;
    if ((p.unit == TRK_UNIT_CALENDAR_DAYS || p.unit == TRK_UNIT_SUTKI) && p.extra_days == 0) {
        trk_date end = from + p.count - skip;
        if (r == TRK_ROLL_NONE)
            FUZZ_CHECK(due1 == end);
        else if (r == TRK_ROLL_FORWARD)
            FUZZ_CHECK(due1 >= end);
        else
            FUZZ_CHECK(due1 <= end);
    }
    if (p.unit == TRK_UNIT_WORKING_DAYS && p.extra_days == 0) {
        int n = 0;
        for (trk_date d = from + 1 - skip; d <= due1; d++)
            n += trk_calendar_state(cal, d) == TRK_CAL_WORKING;
        FUZZ_CHECK(n == p.count);
    }
    if (p.extra_days > 0 && r != TRK_ROLL_BACK)
        FUZZ_CHECK(due1 > from);
out:
    trk_calendar_free(own);
    return 0;
}
