/*
 * test_calendar.c: working-day calendars loaded from the committed calendar data: RU transferred
 * days and working Saturdays, New Year holidays, US observed holidays, coverage errors; the day
 * kinds and their effect per purpose (migration 009), and the one vocabulary: the CHECK lists of
 * schema/009 match the tables of core/calendar.h.
 */
#include "calendar.h"
#include "calfixture.h"
#include "test.h"

#include <stdlib.h>
#include <unistd.h>

/* The quoted words of the CHECK (... IN (...)) after `marker` in schema/009, NULL-ended in
 * words (up to max - 1). Returns the count, -1 when the marker is missing. */
static int check_list(const char *marker, char words[][40], int max)
{
    char path[4096], buf[1 << 16];
    const char *slash = strrchr(__FILE__, '/');
    snprintf(path, sizeof path, "%.*s/../../schema/009_day_effects.sql",
             slash ? (int)(slash - __FILE__) : 1, slash ? __FILE__ : ".");
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strstr(buf, marker);
    if (!p || !(p = strstr(p, " IN (")))
        return -1;
    int k = 0;
    for (p += 5; *p && *p != ')' && k < max - 1;) {
        if (*p == '\'') {
            const char *e = strchr(p + 1, '\'');
            if (!e)
                return -1;
            snprintf(words[k++], 40, "%.*s", (int)(e - p - 1), p + 1);
            p = e + 1;
        } else {
            p++;
        }
    }
    words[k][0] = '\0';
    return k;
}

/* The CHECK list after `marker` has exactly the words of `want` (NULL-ended), in order. */
static void check_vocabulary(const char *marker, const char *const *want)
{
    char got[32][40];
    int n = check_list(marker, got, 32), w = 0;
    while (want[w])
        w++;
    if (n != w)
        fprintf(stderr, "  %s: %d words in the SQL, %d in core\n", marker, n, w);
    CHECK_INT(w, n);
    for (int i = 0; i < n && i < w; i++)
        CHECK_STR(want[i], got[i]);
}

static trk_date D(const char *s)
{
    trk_date d = 0;
    CHECK(trk_date_parse(s, &d) == 0);
    return d;
}

int main(void)
{
    trk_calendar *ru = calfixture_load("RU"), *us = calfixture_load("US");
    CHECK(ru && us);
    if (!ru || !us)
        return TEST_DONE();
    int first, last;
    trk_calendar_range(ru, &first, &last);
    CHECK_INT(2013, first);
    CHECK_INT(2027, last); /* (was 2026: the fixture now loads migration 008, RU 2027) */
    static const struct {
        int cal;
        const char *day;
        int state;
        const char *name;
    } t[] = {
        /* RU 2024: Saturday 27 April worked for Monday 29 April */
        {0, "2024-04-27", TRK_CAL_WORKING, "Working weekend day (transferred)"},
        {0, "2024-04-29", TRK_CAL_OFF, "Transferred day off"},
        {0, "2024-04-30", TRK_CAL_OFF, "Transferred day off"},
        {0, "2024-05-01", TRK_CAL_OFF, "Spring and Labor Day"},
        {0, "2024-05-02", TRK_CAL_WORKING, NULL},
        {0, "2024-04-28", TRK_CAL_OFF, NULL}, /* plain Sunday */
        {0, "2024-11-02", TRK_CAL_WORKING, "Shortened working day (pre-holiday)"},
        {0, "2024-12-28", TRK_CAL_WORKING, "Working weekend day (transferred)"},
        {0, "2024-12-31", TRK_CAL_OFF, "Transferred day off"},
        {0, "2025-01-08", TRK_CAL_OFF, "New Year's Day"},
        {0, "2025-01-07", TRK_CAL_OFF, "Orthodox Christmas Day"},
        {0, "2025-01-09", TRK_CAL_WORKING, NULL},
        {0, "2017-10-26", TRK_CAL_WORKING, NULL},
        {0, "2017-11-06", TRK_CAL_OFF, "Transferred day off"},
        {0, "2020-04-15", TRK_CAL_OFF, "Non-working days (Presidential Decree 02.04.2020 №239)"},
        {0, "2013-01-01", TRK_CAL_OFF, "New Year's Day"},
        {0, "2026-12-31", TRK_CAL_OFF, "Transferred day off"},
        {0, "2012-12-31", TRK_CAL_UNCOVERED, NULL},
        {0, "2028-01-01", TRK_CAL_UNCOVERED, NULL}, /* (was 2027-01-01, before 008 was loaded) */
        {0, "2027-01-01", TRK_CAL_OFF, "New Year's Day"},
        /* US: 5 U.S.C. 6103 with observed days */
        {1, "2021-12-31", TRK_CAL_OFF, "New Year's Day (observed)"},
        {1, "2022-06-20", TRK_CAL_OFF, "Juneteenth National Independence Day (observed)"},
        {1, "2020-06-19", TRK_CAL_WORKING, NULL}, /* before Juneteenth */
        {1, "2024-11-28", TRK_CAL_OFF, "Thanksgiving Day"},
        {1, "2024-11-29", TRK_CAL_WORKING, NULL},
        {1, "2024-01-15", TRK_CAL_OFF, "Birthday of Martin Luther King, Jr."},
        {1, "2024-05-27", TRK_CAL_OFF, "Memorial Day"},
        {1, "2024-12-24", TRK_CAL_OFF, "Christmas Eve (federal offices closed by executive order)"},
        {1, "2026-07-03", TRK_CAL_OFF, "Independence Day (observed)"},
        {1, "2023-11-10", TRK_CAL_OFF, "Veterans Day (observed)"},
        {1, "2031-01-02", TRK_CAL_UNCOVERED, NULL}, /* (was 2027-01-04, before 007 was loaded) */
        {1, "2027-07-05", TRK_CAL_OFF, "Independence Day (observed)"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        const trk_calendar *c = t[i].cal ? us : ru;
        trk_date d = D(t[i].day);
        if ((int)trk_calendar_state(c, d) != t[i].state)
            fprintf(stderr, "  state of %s\n", t[i].day);
        CHECK_INT(t[i].state, trk_calendar_state(c, d));
        if (t[i].name) {
            const char *n = trk_calendar_name(c, d);
            CHECK_STR(t[i].name, n);
        } else if (t[i].state != TRK_CAL_UNCOVERED) {
            CHECK(trk_calendar_name(c, d) == NULL);
        }
    }
    /* Count the non-working days of RU 2024: 366 days, 248 working days (official figure). */
    int working = 0;
    for (trk_date d = D("2024-01-01"); d <= D("2024-12-31"); d++)
        working += trk_calendar_state(ru, d) == TRK_CAL_WORKING;
    CHECK_INT(248, working);
    working = 0;
    for (trk_date d = D("2017-01-01"); d <= D("2017-12-31"); d++)
        working += trk_calendar_state(ru, d) == TRK_CAL_WORKING;
    CHECK_INT(247, working);

    /* One vocabulary: core's tables are the SQL's CHECK lists. */
    check_vocabulary("CONSTRAINT calendar_day_kind_check CHECK (kind", trk_day_kind_words + 1);
    check_vocabulary("CONSTRAINT calendar_day_effect_purpose_check", trk_purpose_words);
    check_vocabulary("CONSTRAINT calendar_day_effect_effect_check", trk_effect_words);
    check_vocabulary("CONSTRAINT rule_purpose_check", trk_purpose_words);
    for (int k = 1; k < TRK_DAY_KIND_COUNT; k++) {
        trk_day_kind back;
        CHECK_INT(0, trk_day_kind_parse(trk_day_kind_words[k], &back));
        CHECK_INT(k, back);
        CHECK_STR(trk_day_kind_words[k], trk_day_kind_word((trk_day_kind)k));
    }
    trk_purpose pu;
    trk_effect ef;
    CHECK_INT(-1, trk_purpose_parse("tax", &pu));
    CHECK_INT(-1, trk_day_kind_parse("weekend", &(trk_day_kind){0}));
    CHECK_INT(0, trk_effect_parse("non-working", &ef));
    CHECK_INT(TRK_EFFECT_NON_WORKING, ef);
    CHECK_INT(-1, trk_effect_parse("maybe", &ef));
    CHECK_STR("closure by executive order", trk_day_kind_text(TRK_DAY_CLOSURE));
    CHECK_STR("declared non-working by decree", trk_day_kind_text(TRK_DAY_DECREE_NON_WORKING));

    /*
     * Day kinds and effects per purpose (schema/009, from scripts/gen-calendars), by hand from
     * the sources named. P = procedural (court periods), E = employment.
     */
    static const struct {
        int cal;
        const char *day;
        trk_day_kind kind;
        int proc, empl; /* trk_effect */
        bool special;
        const char *proc_source; /* a substring of the procedural source (NULL: none) */
    } e[] = {
        /* decree 206 (25 March 2020): 30 Mar-3 Apr; Review No. 1 of 21 April 2020: the decree
         * days do not extend procedural periods; a day off with pay for employment */
        {0, "2020-03-30", TRK_DAY_DECREE_NON_WORKING, TRK_EFFECT_WORKING, TRK_EFFECT_NON_WORKING,
         true, "decree 206, which does not extend procedural periods (Supreme Court of Russia, "
               "Review No. 1, 21 April 2020)"},
        /* decree 239 (2 April 2020): 4-30 Apr; weekdays working for courts */
        {0, "2020-04-06", TRK_DAY_DECREE_NON_WORKING, TRK_EFFECT_WORKING, TRK_EFFECT_NON_WORKING,
         true, "non-working by decree 239, which does not extend procedural periods"},
        {0, "2020-04-30", TRK_DAY_DECREE_NON_WORKING, TRK_EFFECT_WORKING, TRK_EFFECT_NON_WORKING,
         true, "decree 239"},
        /* a Saturday inside decree 239: a weekend day in any reading */
        {0, "2020-04-04", TRK_DAY_DECREE_NON_WORKING, TRK_EFFECT_NON_WORKING,
         TRK_EFFECT_NON_WORKING, false, "Saturday: a day off in any case"},
        /* 1 May 2020: the statutory holiday stays a holiday for both (Labour Code art. 112) */
        {0, "2020-05-01", TRK_DAY_HOLIDAY, TRK_EFFECT_NON_WORKING, TRK_EFFECT_NON_WORKING, false,
         NULL},
        /* decree 294 (28 April 2020): 6-8 May */
        {0, "2020-05-07", TRK_DAY_DECREE_NON_WORKING, TRK_EFFECT_WORKING, TRK_EFFECT_NON_WORKING,
         true, "decree 294"},
        /* decrees 345 and 354: single days, no Supreme Court answer found: contested */
        {0, "2020-06-24", TRK_DAY_DECREE_NON_WORKING, TRK_EFFECT_CONTESTED, TRK_EFFECT_NON_WORKING,
         true, "marked contested"},
        {0, "2020-07-01", TRK_DAY_DECREE_NON_WORKING, TRK_EFFECT_CONTESTED, TRK_EFFECT_NON_WORKING,
         true, "decree 354"},
        /* decree 242 (23 April 2021): 4-7 May 2021; Presidium answer of 28 April 2021 */
        {0, "2021-05-04", TRK_DAY_DECREE_NON_WORKING, TRK_EFFECT_WORKING, TRK_EFFECT_NON_WORKING,
         true, "Presidium of the Supreme Court of Russia, answer of 28 April 2021"},
        /* decree 595 (20 October 2021): 30 Oct-7 Nov 2021; its weekdays 1-3 Nov */
        {0, "2021-11-02", TRK_DAY_DECREE_NON_WORKING, TRK_EFFECT_WORKING, TRK_EFFECT_NON_WORKING,
         true, "decree 595, of the same kind as decree 242"},
        {0, "2021-10-30", TRK_DAY_DECREE_NON_WORKING, TRK_EFFECT_NON_WORKING,
         TRK_EFFECT_NON_WORKING, false, "Saturday"},
        /* ordinary days */
        {0, "2020-03-27", TRK_DAY_NORMAL, TRK_EFFECT_WORKING, TRK_EFFECT_WORKING, false, NULL},
        {0, "2024-04-27", TRK_DAY_WORKING_WEEKEND, TRK_EFFECT_WORKING, TRK_EFFECT_WORKING, false,
         NULL},
        /* US closures by executive order: FRCP 6(a)(6)(B), contested; federal offices closed */
        {1, "2024-12-24", TRK_DAY_CLOSURE, TRK_EFFECT_CONTESTED, TRK_EFFECT_NON_WORKING, true,
         "FRCP 6(a)(6)(B) counts \"any day declared a holiday by the President\""},
        {1, "2025-01-09", TRK_DAY_CLOSURE, TRK_EFFECT_CONTESTED, TRK_EFFECT_NON_WORKING, true,
         "courts disagree"},
        {1, "2014-12-26", TRK_DAY_CLOSURE, TRK_EFFECT_CONTESTED, TRK_EFFECT_NON_WORKING, true,
         "closed by executive order"},
        /* a statutory holiday: non-working for both (5 U.S.C. 6103(a)) */
        {1, "2024-12-25", TRK_DAY_HOLIDAY, TRK_EFFECT_NON_WORKING, TRK_EFFECT_NON_WORKING, false,
         NULL},
        {1, "2021-12-31", TRK_DAY_OBSERVED_HOLIDAY, TRK_EFFECT_NON_WORKING,
         TRK_EFFECT_NON_WORKING, false, NULL},
    };
    for (size_t i = 0; i < sizeof e / sizeof e[0]; i++) {
        const trk_calendar *cc = e[i].cal ? us : ru;
        trk_date d = D(e[i].day);
        int fails = test_failures;
        CHECK_INT(e[i].kind, trk_calendar_kind(cc, d));
        CHECK_INT(e[i].proc, trk_calendar_effect(cc, d, TRK_PURPOSE_PROCEDURAL));
        CHECK_INT(e[i].empl, trk_calendar_effect(cc, d, TRK_PURPOSE_EMPLOYMENT));
        CHECK_INT(e[i].special, trk_calendar_special(cc, d));
        if (e[i].proc_source) {
            const char *src = trk_calendar_source(cc, d, TRK_PURPOSE_PROCEDURAL);
            CHECK(src && strstr(src, e[i].proc_source));
        }
        if (test_failures != fails)
            fprintf(stderr, "  effects of %s\n", e[i].day);
    }
    CHECK_INT(-1, trk_calendar_effect(ru, D("2030-01-01"), TRK_PURPOSE_PROCEDURAL));

    /* Effects set at run time: a new day entry resets them; bad values are refused. */
    trk_calendar *x = trk_calendar_new("XX");
    CHECK_INT(0, trk_calendar_add_year(x, 2030));
    CHECK_INT(0, trk_calendar_set_day(x, D("2030-03-05"), false, TRK_DAY_COURT_CLOSURE, "Flood"));
    CHECK(!trk_calendar_special(x, D("2030-03-05")));
    CHECK_INT(0, trk_calendar_set_effect(x, D("2030-03-05"), TRK_PURPOSE_EMPLOYMENT,
                                         TRK_EFFECT_WORKING, "staff work elsewhere"));
    CHECK(trk_calendar_special(x, D("2030-03-05")));
    CHECK_STR("staff work elsewhere", trk_calendar_source(x, D("2030-03-05"),
                                                          TRK_PURPOSE_EMPLOYMENT));
    CHECK_STR("Flood", trk_calendar_name(x, D("2030-03-05")));
    CHECK_INT(TRK_CAL_OFF, trk_calendar_state(x, D("2030-03-05"))); /* general state unchanged */
    CHECK_INT(0, trk_calendar_set_day(x, D("2030-03-05"), false, TRK_DAY_COURT_CLOSURE, NULL));
    CHECK(!trk_calendar_special(x, D("2030-03-05")));
    CHECK(trk_calendar_source(x, D("2030-03-05"), TRK_PURPOSE_EMPLOYMENT) == NULL);
    CHECK_INT(-1, trk_calendar_set_effect(x, D("2031-03-05"), TRK_PURPOSE_EMPLOYMENT,
                                          TRK_EFFECT_WORKING, NULL));
    CHECK_INT(-1, trk_calendar_set_effect(x, D("2030-03-05"), (trk_purpose)5, TRK_EFFECT_WORKING,
                                          NULL));
    CHECK_INT(-1, trk_calendar_set_effect(x, D("2030-03-05"), TRK_PURPOSE_PROCEDURAL,
                                          (trk_effect)3, NULL));
    CHECK_INT(-1, trk_calendar_set_day(x, D("2030-03-06"), false, TRK_DAY_KIND_COUNT, NULL));
    trk_calendar_free(x);

    /* The fixture fails on a bad line instead of loading partial data. */
    {
        char path[] = "/tmp/calfixture_XXXXXX";
        int fd = mkstemp(path);
        FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
        CHECK(f != NULL);
        if (f) {
            fputs("INSERT INTO calendar_year (jurisdiction, year, source) VALUES\n"
                  "  ('XX', 2030, 'test');\n"
                  "INSERT INTO calendar_day (jurisdiction, day, working, kind, name) VALUES\n"
                  "  ('XX', '2030-01-01', false, 'holiday', 'New Year'),\n",
                  f);
            fclose(f);
            trk_calendar *good = trk_calendar_new("XX");
            CHECK(calfixture_file(good, "XX", path));
            CHECK_INT(TRK_CAL_OFF, trk_calendar_state(good, D("2030-01-01")));
            trk_calendar_free(good);
            f = fopen(path, "a");
            fputs("  ('XX', '2030-01-02', maybe, 'holiday', 'Bad'),\n", f);
            fclose(f);
            trk_calendar *bad = trk_calendar_new("XX");
            CHECK(!calfixture_file(bad, "XX", path)); /* a bad boolean */
            trk_calendar_free(bad);
            f = fopen(path, "w");
            fputs("INSERT INTO calendar_year (jurisdiction, year, source) VALUES\n"
                  "  ('XX', 2030, 'test');\n"
                  "INSERT INTO trk_day_effect_data VALUES\n"
                  "  ('XX', '2030-01-03', 'closure', 'procedural', 'sometimes', 'x'),\n",
                  f);
            fclose(f);
            bad = trk_calendar_new("XX");
            CHECK(!calfixture_file(bad, "XX", path)); /* an unknown effect */
            trk_calendar_free(bad);
            f = fopen(path, "w");
            fputs("INSERT INTO calendar_day (jurisdiction, day, working, kind, name) VALUES\n"
                  "  ('XX', '2031-01-01', false, 'holiday', 'Uncovered year'),\n",
                  f);
            fclose(f);
            bad = trk_calendar_new("XX");
            CHECK(!calfixture_file(bad, "XX", path)); /* a day the calendar refuses */
            trk_calendar_free(bad);
            remove(path);
        }
    }

    /* Closures added at run time; a closure in an uncovered year is refused. */
    trk_calendar *c = trk_calendar_new("XX");
    CHECK_INT(0, trk_calendar_add_year(c, 2030));
    CHECK(!trk_calendar_covers(c, 2029) && trk_calendar_covers(c, 2030));
    CHECK_INT(0, trk_calendar_set_day(c, D("2030-03-04"), false, TRK_DAY_CLOSURE, "Court closed"));
    CHECK_INT(TRK_CAL_OFF, trk_calendar_state(c, D("2030-03-04")));
    CHECK_STR("Court closed", trk_calendar_reason(c, D("2030-03-04")));
    CHECK_STR("Saturday", trk_calendar_reason(c, D("2030-03-02")));
    CHECK_INT(-1, trk_calendar_set_day(c, D("2031-01-02"), false, TRK_DAY_CLOSURE, "x"));
    CHECK_INT(0, trk_calendar_add_year(c, 2028)); /* a gap year 2029 stays uncovered */
    CHECK_INT(TRK_CAL_UNCOVERED, trk_calendar_state(c, D("2029-06-01")));
    CHECK_INT(TRK_CAL_OFF, trk_calendar_state(c, D("2030-03-04")));
    CHECK_INT(TRK_CAL_WORKING, trk_calendar_state(c, D("2028-06-01")));
    trk_calendar_free(c);
    trk_calendar_free(NULL);
    trk_calendar_free(ru);
    trk_calendar_free(us);
    return TEST_DONE();
}
