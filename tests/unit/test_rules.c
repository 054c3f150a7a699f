/*
 * test_rules.c: period counting on the real calendars, table-driven. Every expected date was
 * worked out by hand from the calendars in ../shared/calendars and the rule texts (comments).
 */
#include "calfixture.h"
#include "rules.h"
#include "test.h"

static trk_date D(const char *s)
{
    trk_date d = 0;
    CHECK(trk_date_parse(s, &d) == 0);
    return d;
}

typedef struct {
    const char *jur, *from;
    int count;
    trk_unit unit;
    trk_roll roll;
    int extra;
    const char *want; /* NULL: error */
    int err;
    const char *why;
} tcase;

#define CD TRK_UNIT_CALENDAR_DAYS
#define WD TRK_UNIT_WORKING_DAYS
#define SU TRK_UNIT_SUTKI
#define MO TRK_UNIT_MONTHS
#define YR TRK_UNIT_YEARS
#define DEF TRK_ROLL_DEFAULT
#define FWD TRK_ROLL_FORWARD
#define BACK TRK_ROLL_BACK
#define NONE TRK_ROLL_NONE

static const tcase cases[] = {
    /* RU CoAO 30.3 before 364-FZ: 10 сутки, never roll */
    {"RU", "2017-10-16", 10, SU, DEF, 0, "2017-10-26", 0, "Telegram ruling: day 1 = 17 Oct"},
    {"RU", "2024-10-25", 10, SU, DEF, 0, "2024-11-04", 0, "ends on Unity Day and stays"},
    {"RU", "2017-10-26", 10, SU, NONE, 0, "2017-11-05", 0, "Sunday, stays"},
    {"RU", "2030-01-01", 10, SU, DEF, 0, "2030-01-11", 0, "сутки need no calendar"},
    /* RU 364-FZ: 10 days, roll forward */
    {"RU", "2024-10-25", 10, CD, DEF, 0, "2024-11-05", 0, "Unity Day Mon 4 Nov -> Tue 5 Nov"},
    {"RU", "2025-10-16", 10, CD, DEF, 0, "2025-10-27", 0, "Sun 26 Oct -> Mon 27 Oct"},
    {"RU", "2024-10-29", 10, CD, DEF, 0, "2024-11-08", 0, "Friday, working"},
    {"RU", "2024-04-18", 10, CD, FWD, 0, "2024-05-02", 0, "Sun 28 Apr, 29-30 Apr off, 1 May"},
    {"RU", "2024-04-18", 10, CD, BACK, 0, "2024-04-27", 0, "back to the working Saturday"},
    {"RU", "2024-12-21", 10, CD, FWD, 0, "2025-01-09", 0, "31 Dec off, New Year to 8 Jan"},
    {"RU", "2024-12-21", 10, CD, BACK, 0, "2024-12-28", 0,
     "back: 30 Dec off, 29 Sun, 28 Sat worked"},
    {"RU", "2024-12-21", 10, CD, NONE, 0, "2024-12-31", 0, "no roll"},
    /* RU working days: the working Saturday of 27 April 2024 counts */
    {"RU", "2024-04-26", 1, WD, DEF, 0, "2024-04-27", 0, "Saturday worked"},
    {"RU", "2024-04-26", 2, WD, DEF, 0, "2024-05-02", 0, "28 Sun, 29-30 transferred, 1 May"},
    {"RU", "2024-12-27", 3, WD, DEF, 0, "2025-01-10", 0, "28 Dec worked, then 9 and 10 Jan"},
    {"RU", "2017-10-16", 5, WD, DEF, 0, "2017-10-23", 0, "plain week"},
    /* (was 2020-05-12, which counted the COVID-19 decree days as days off: wrong for court
     * periods, see the purpose cases below; procedural is the default purpose) */
    {"RU", "2020-03-27", 1, WD, DEF, 0, "2020-03-30", 0, "decree 206 day: working for courts"},
    /* RU APC art. 259: one month (APC 114: same day number or month end, then roll) */
    {"RU", "2024-01-31", 1, MO, DEF, 0, "2024-02-29", 0, "leap year month end"},
    {"RU", "2023-01-31", 1, MO, DEF, 0, "2023-02-28", 0, "Tue 28 Feb 2023 working"},
    {"RU", "2025-01-31", 1, MO, DEF, 0, "2025-02-28", 0, "Fri"},
    {"RU", "2024-10-04", 1, MO, DEF, 0, "2024-11-05", 0, "4 Nov Unity Day -> 5 Nov"},
    {"RU", "2022-01-31", 1, MO, DEF, 0, "2022-02-28", 0, "Mon"},
    {"RU", "2024-02-29", 1, YR, DEF, 0, "2025-02-28", 0, "leap day + 1 year = 28 Feb (Fri)"},
    {"RU", "2023-01-01", 1, YR, DEF, 0, "2024-01-09", 0, "1 Jan 2024 -> after the holidays"},
    /* US FRCP 6(a)(1): every day counts, weekend/legal holiday last day -> next day */
    {"US", "2024-11-15", 14, CD, DEF, 0, "2024-11-29", 0,
     "day after Thanksgiving is not a holiday"},
    /* (was 2024-12-26: the closure of 24 Dec is contested, the safe date is 24 Dec itself; the
     * later reading is tested with the contested cases below) */
    {"US", "2024-12-03", 21, CD, DEF, 0, "2024-12-24", 0, "24 Dec closed by EO: contested"},
    {"US", "2024-06-04", 30, CD, DEF, 0, "2024-07-05", 0, "Independence Day"},
    {"US", "2022-05-22", 28, CD, DEF, 0, "2022-06-21", 0, "Juneteenth Sun, observed Mon"},
    {"US", "2021-12-01", 30, CD, DEF, 0, "2022-01-03", 0, "Fri 31 Dec observed New Year"},
    {"US", "2023-10-26", 14, CD, DEF, 0, "2023-11-09", 0, "Thu before observed Veterans Day"},
    {"US", "2023-10-27", 14, CD, DEF, 0, "2023-11-13", 0, "Fri 10 Nov observed, Sat 11, Sun"},
    /* FRCP 6(d): 3 days after the period would otherwise expire under 6(a) */
    {"US", "2024-06-07", 14, CD, DEF, 3, "2024-06-24", 0, "Fri 21 Jun + 3 = Mon"},
    {"US", "2024-05-10", 14, CD, DEF, 3, "2024-05-28", 0, "Fri 24 May + 3 = Memorial Day -> Tue"},
    {"US", "2024-08-12", 21, CD, DEF, 3, "2024-09-06", 0, "Labor Day roll, then + 3"},
    {"US", "2024-01-01", 14, CD, DEF, 3, "2024-01-19", 0, "MLK roll to 16 Jan, + 3"},
    /* errors: calendars end, impossible periods */
    /* (the fixture now loads migration 008, RU 2027: the first uncovered RU year is 2028) */
    {"RU", "2027-12-25", 10, CD, DEF, 0, NULL, TRK_CALC_UNCOVERED, "2028 has no calendar"},
    {"RU", "2012-12-28", 1, WD, DEF, 0, NULL, TRK_CALC_UNCOVERED, "2012 has no calendar"},
    {"US", "2030-12-20", 1, MO, DEF, 0, NULL, TRK_CALC_UNCOVERED, "2031 (007 covers to 2030)"},
    {"XX", "2024-01-01", 10, CD, DEF, 0, NULL, TRK_CALC_UNCOVERED, "no calendar at all"},
    {"RU", "2024-01-01", 0, CD, DEF, 0, NULL, TRK_CALC_BAD_PERIOD, "zero days"},
    {"RU", "2024-01-01", -3, WD, DEF, 0, NULL, TRK_CALC_BAD_PERIOD, "negative"},
    {"RU", "2024-01-01", 10, SU, FWD, 0, NULL, TRK_CALC_BAD_PERIOD, "сутки never roll"},
    {"RU", "2024-01-01", 5000, MO, DEF, 0, NULL, TRK_CALC_BAD_PERIOD, "too many months"},
    {"RU", "2024-01-01", 1, CD, DEF, -1, NULL, TRK_CALC_BAD_PERIOD, "negative extra days"},
    {"RU", "9999-12-25", 10, SU, DEF, 0, NULL, TRK_CALC_RANGE, "past year 9999"},
};

/*
 * Purposes and contested days (schema/009): every case worked out by hand.
 *   RU decree days 30 Mar-30 Apr and 6-8 May 2020 (decrees 206, 239, 294), 4-7 May 2021 (242),
 *   1-3 Nov 2021 (595): working days for court periods (Supreme Court of Russia, Review No. 1 of
 *   21 April 2020; its Presidium's answer of 28 April 2021), days off for employment (the
 *   decrees themselves). 24 June and 1 July 2020 (decrees 345, 354): contested for court
 *   periods. US closures by executive order: contested for court periods (FRCP 6(a)(6)(B)).
 *   The due date is the earlier reading; `later` the other one (NULL: no later date).
 */
typedef struct {
    const char *jur, *from;
    int count;
    trk_unit unit;
    trk_roll roll;
    int extra;
    trk_purpose purpose;
    const char *due, *later, *contested;
    const char *why;
} pcase;

#define PROC TRK_PURPOSE_PROCEDURAL
#define EMPL TRK_PURPOSE_EMPLOYMENT

static const pcase pcases[] = {
    /* the case: 10 days from Fri 27 Mar 2020 end on Mon 6 Apr (decree 239 day) */
    {"RU", "2020-03-27", 10, CD, DEF, 0, PROC, "2020-04-06", NULL, NULL,
     "Review No. 1: decree 239 day is a working day for courts, no roll"},
    {"RU", "2020-03-27", 10, CD, DEF, 0, EMPL, "2020-05-12", NULL, NULL,
     "employment: 6 Apr-30 Apr decree, 1-5 May holidays/transferred, 6-8 decree 294, 9-11 holidays"},
    {"RU", "2020-03-27", 1, WD, DEF, 0, EMPL, "2020-05-12", NULL, NULL,
     "first working day for employment after 27 Mar 2020"},
    {"RU", "2020-03-27", 5, WD, DEF, 0, PROC, "2020-04-03", NULL, NULL,
     "30 Mar-3 Apr (decree 206) are five working days for courts"},
    {"RU", "2020-04-23", 10, SU, DEF, 0, PROC, "2020-05-03", NULL, NULL,
     "сутки: no calendar question at all"},
    {"RU", "2020-04-25", 10, CD, DEF, 0, PROC, "2020-05-06", NULL, NULL,
     "ends Tue 5 May (transferred day off, statute) -> Wed 6 May, a decree 294 day: working"},
    {"RU", "2020-04-25", 10, CD, DEF, 0, EMPL, "2020-05-12", NULL, NULL,
     "employment: 5 May off, 6-8 decree 294 off, 9-11 off -> 12 May"},
    {"RU", "2021-04-26", 10, CD, DEF, 0, PROC, "2021-05-06", NULL, NULL,
     "Thu 6 May 2021, decree 242: working for courts (Presidium, 28 April 2021)"},
    {"RU", "2021-04-26", 10, CD, DEF, 0, EMPL, "2021-05-11", NULL, NULL,
     "employment: 6-7 May decree 242, 8 Sat, 9 Sun, 10 May transferred -> Tue 11 May"},
    {"RU", "2021-10-22", 10, CD, DEF, 0, PROC, "2021-11-01", NULL, NULL,
     "Mon 1 Nov 2021, decree 595: working for courts"},
    {"RU", "2021-10-22", 10, CD, DEF, 0, EMPL, "2021-11-08", NULL, NULL,
     "employment: 1-3 Nov decree 595, 4 Unity Day, 5 transferred, 6-7 weekend -> Mon 8 Nov"},
    {"RU", "2020-03-27", 8, CD, DEF, 0, PROC, "2020-04-06", NULL, NULL,
     "ends Sat 4 Apr: a weekend under any reading -> Mon 6 Apr (decree day, working for courts)"},
    /* contested: 24 June 2020 (decree 345), 1 July 2020 (decree 354) */
    {"RU", "2020-06-20", 4, CD, DEF, 0, PROC, "2020-06-24", "2020-06-25", "2020-06-24",
     "Wed 24 Jun contested: as working 24 Jun, as a day off Thu 25 Jun"},
    {"RU", "2020-06-20", 4, CD, DEF, 0, EMPL, "2020-06-25", NULL, NULL,
     "employment: 24 Jun is a day off (decree 345), not contested"},
    {"RU", "2020-06-21", 10, CD, DEF, 0, PROC, "2020-07-01", "2020-07-02", "2020-07-01",
     "Wed 1 Jul contested (decree 354)"},
    {"RU", "2020-06-22", 3, WD, DEF, 0, PROC, "2020-06-25", "2020-06-26", "2020-06-24",
     "working days 23, 24?, 25: 24 Jun counted -> 25 Jun; skipped -> 26 Jun"},
    /* US: FRCP 6(a)(6)(B) and closures by executive order */
    {"US", "2024-12-03", 21, CD, DEF, 0, PROC, "2024-12-24", "2024-12-26", "2024-12-24",
     "FRCP 12(a): 21 days end Tue 24 Dec (closed by EO); as a holiday: 25 Christmas -> Thu 26"},
    {"US", "2024-12-03", 21, CD, DEF, 0, EMPL, "2024-12-26", NULL, NULL,
     "employment: federal offices closed on 24 Dec"},
    {"US", "2024-12-26", 14, CD, DEF, 0, PROC, "2025-01-09", "2025-01-10", "2025-01-09",
     "Thu 9 Jan 2025, National Day of Mourning (Carter): contested"},
    {"US", "2024-12-20", 4, CD, BACK, 0, PROC, "2024-12-23", "2024-12-24", "2024-12-24",
     "roll back from Tue 24 Dec: as a holiday back to Mon 23 (earlier, safe), as working 24 Dec"},
    {"US", "2018-11-21", 14, CD, DEF, 0, PROC, "2018-12-05", "2018-12-06", "2018-12-05",
     "Wed 5 Dec 2018, National Day of Mourning (G. H. W. Bush)"},
    {"US", "2024-12-20", 2, WD, DEF, 0, PROC, "2024-12-24", "2024-12-26", "2024-12-24",
     "working days: Mon 23, Tue 24? -> 24 Dec, or 26 Dec (25 Christmas)"},
    {"US", "2024-12-03", 14, CD, DEF, 3, PROC, "2024-12-20", NULL, NULL,
     "17 Dec + 3 = Fri 20 Dec: no contested day looked at"},
    {"US", "2024-12-06", 14, CD, DEF, 3, PROC, "2024-12-23", NULL, NULL,
     "20 Dec + 3 = Mon 23 Dec: working, no contested day"},
    {"US", "2024-12-07", 14, CD, DEF, 3, PROC, "2024-12-26", NULL, NULL,
     "Sat 21 Dec -> Mon 23 Dec, + 3 = Thu 26 Dec: 24 Dec is never looked at"},
};

int main(void)
{
    trk_calendar *ru = calfixture_load("RU"), *us = calfixture_load("US"),
                 *xx = trk_calendar_new("XX");
    CHECK(ru && us && xx);
    if (!ru || !us || !xx) {
        trk_calendar_free(ru);
        trk_calendar_free(us);
        trk_calendar_free(xx);
        return TEST_DONE();
    }
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const tcase *t = &cases[i];
        const trk_calendar *cal = strcmp(t->jur, "RU") == 0   ? ru
                                  : strcmp(t->jur, "US") == 0 ? us
                                                              : xx;
        trk_period p = {
            .count = t->count, .unit = t->unit, .roll = t->roll, .extra_days = t->extra};
        trk_date due = 0, due_fast = 0;
        trk_calc c;
        trk_calc_error err = {0};
        int rc = trk_period_compute(cal, D(t->from), &p, &due, &c, &err);
        int rc_fast = trk_period_compute(cal, D(t->from), &p, &due_fast, NULL, NULL);
        CHECK_INT(rc, rc_fast);
        char got[TRK_DATE_STRLEN];
        if (t->want) {
            if (rc != 0)
                fprintf(stderr, "case %zu (%s): %s\n", i, t->why, err.msg);
            CHECK_INT(0, rc);
            CHECK_STR(t->want, rc == 0 ? trk_date_format(due, got) : "error");
            CHECK_INT(due, due_fast);
            CHECK(c.nsteps > 0 && c.steps[c.nsteps - 1].kind == TRK_STEP_RESULT);
            if (rc != 0 || strcmp(t->want, got) != 0)
                fprintf(stderr, "  case %zu: %s %s + %d: %s\n", i, t->jur, t->from, t->count,
                        t->why);
        } else {
            CHECK_INT(t->err, rc);
            CHECK(err.msg[0] != '\0');
            if (rc != t->err)
                fprintf(stderr, "  case %zu: %s\n", i, t->why);
        }
    }

    /* Purposes and contested days, both readings, with and without explanation steps. */
    for (size_t i = 0; i < sizeof pcases / sizeof pcases[0]; i++) {
        const pcase *t = &pcases[i];
        const trk_calendar *cal = strcmp(t->jur, "RU") == 0 ? ru : us;
        trk_period p = {.count = t->count,
                        .unit = t->unit,
                        .roll = t->roll,
                        .extra_days = t->extra,
                        .purpose = t->purpose};
        trk_due both = {0}, fast = {0};
        trk_calc c, cl;
        trk_calc_error err = {0};
        trk_date due_only = 0;
        char got[TRK_DATE_STRLEN], later[TRK_DATE_STRLEN], cday[TRK_DATE_STRLEN];
        int rc = trk_period_compute_both(cal, D(t->from), &p, &both, &c, &cl, &err);
        CHECK_INT(0, rc);
        CHECK_INT(0, trk_period_compute_both(cal, D(t->from), &p, &fast, NULL, NULL, NULL));
        CHECK_INT(0, trk_period_compute(cal, D(t->from), &p, &due_only, NULL, NULL));
        CHECK_STR(t->due, trk_date_format(both.due, got));
        CHECK_INT(both.due, fast.due);
        CHECK_INT(both.later, fast.later);
        CHECK_INT(both.due, due_only); /* the plain call gives the safe date */
        CHECK_INT(both.due, c.due);     /* and the explanation is the safe reading's */
        if (t->later) {
            CHECK_STR(t->later, trk_date_format(both.later, later));
            CHECK_STR(t->contested, trk_date_format(both.contested_day, cday));
            CHECK(cl.nsteps > 0 && cl.due == both.later);
        } else {
            CHECK_INT(both.due, both.later);
            CHECK_INT(0, cl.nsteps);
        }
        if (strcmp(t->due, got) != 0 || (t->later && strcmp(t->later, later) != 0))
            fprintf(stderr, "  purpose case %zu: %s %s + %d: %s\n", i, t->jur, t->from, t->count,
                    t->why);
    }

    /* The explanation says why a special day counted, and what the later date rests on. */
    {
        trk_period p = {.count = 10, .unit = CD};
        trk_due both;
        trk_calc c, cl;
        char line[640], text[256];
        CHECK_INT(0, trk_period_compute_both(ru, D("2020-03-27"), &p, &both, &c, &cl, NULL));
        bool found = false;
        for (int i = 0; i < c.nsteps; i++)
            found |= strcmp(trk_step_text(&c, i, ru, line, sizeof line),
                            "2020-04-06 is a working day for court periods: non-working by decree "
                            "239, which does not extend procedural periods (Supreme Court of "
                            "Russia, Review No. 1, 21 April 2020)") == 0;
        CHECK(found);
        CHECK_STR("", trk_later_text(ru, &both, text, sizeof text));
        p = (trk_period){.count = 21, .unit = CD};
        CHECK_INT(0, trk_period_compute_both(us, D("2024-12-03"), &p, &both, &c, &cl, NULL));
        CHECK_STR("may be later: 2024-12-26, if the closure of 2024-12-24 counts as a holiday",
                  trk_later_text(us, &both, text, sizeof text));
        found = false;
        for (int i = 0; i < c.nsteps; i++)
            found |= strstr(trk_step_text(&c, i, us, line, sizeof line),
                            "2024-12-24 is contested for court periods: federal offices closed by "
                            "executive order; FRCP 6(a)(6)(B)") == line;
        CHECK(found);
        CHECK(c.contested == D("2024-12-24") && !c.contested_off && cl.contested_off);
        p = (trk_period){.count = 4, .unit = CD, .roll = BACK};
        CHECK_INT(0, trk_period_compute_both(us, D("2024-12-20"), &p, &both, &c, &cl, NULL));
        CHECK_STR("may be later: 2024-12-24, if 2024-12-24 counts as a working day",
                  trk_later_text(us, &both, text, sizeof text));
        CHECK(c.contested_off && c.due == D("2024-12-23")); /* the safe reading rolled back */
        p = (trk_period){.count = 4, .unit = CD};
        CHECK_INT(0, trk_period_compute_both(ru, D("2020-06-20"), &p, &both, &c, &cl, NULL));
        CHECK_STR("may be later: 2020-06-25, if the decree's non-working day 2020-06-24 counts as "
                  "a day off",
                  trk_later_text(ru, &both, text, sizeof text));
        /* an unknown purpose is refused */
        p = (trk_period){.count = 4, .unit = CD, .purpose = (trk_purpose)7};
        trk_calc_error err;
        CHECK_INT(TRK_CALC_BAD_PERIOD, trk_period_compute_both(ru, D("2020-06-20"), &p, &both,
                                                               NULL, NULL, &err));
    }

    /* The engine's range bounds: 0001-01-01 and 9999-12-31 are computable, one day beyond not. */
    {
        trk_period p1 = {.count = 1, .unit = SU};
        trk_date lo, hi, out;
        CHECK_INT(0, trk_date_from_ymd(1, 1, 1, &lo));
        CHECK_INT(0, trk_date_from_ymd(9999, 12, 31, &hi));
        CHECK_INT(-719162, lo);
        CHECK_INT(2932896, hi);
        CHECK_INT(0, trk_period_compute(ru, hi - 1, &p1, &out, NULL, NULL));
        CHECK_INT(hi, out);
        CHECK_INT(TRK_CALC_RANGE, trk_period_compute(ru, hi, &p1, &out, NULL, NULL));
    }

    /* Error messages name the jurisdiction and the year. */
    trk_period p = {.count = 10, .unit = CD};
    trk_calc_error err;
    trk_date due;
    CHECK_INT(TRK_CALC_UNCOVERED, trk_period_compute(ru, D("2027-12-25"), &p, &due, NULL, &err));
    CHECK_INT(2028, err.year);
    CHECK_STR("no working-day calendar for RU in 2028 (calendar data covers 2013-2027)", err.msg);

    /* Explanation lines. */
    trk_calc c;
    char line[512];
    p = (trk_period){.count = 10, .unit = CD};
    CHECK_INT(0, trk_period_compute(ru, D("2024-10-25"), &p, &due, &c, NULL));
    CHECK_STR("day 1 is 2024-10-26 (Saturday), the day after 2024-10-25 (Friday)",
              trk_step_text(&c, 0, ru, line, sizeof line));
    CHECK_STR("day 10 (the last day of the period) is 2024-11-04 (Monday, Unity Day)",
              trk_step_text(&c, 1, ru, line, sizeof line));
    CHECK_STR("2024-11-04 (Monday) is not a working day: Unity Day",
              trk_step_text(&c, 2, ru, line, sizeof line));
    CHECK_STR("the last day 2024-11-04 (Monday) is not a working day: moved forward to "
              "2024-11-05 (Tuesday), the next working day",
              trk_step_text(&c, 3, ru, line, sizeof line));
    CHECK_STR("due 2024-11-05 (Tuesday)", trk_step_text(&c, c.nsteps - 1, ru, line, sizeof line));
    p = (trk_period){.count = 10, .unit = SU};
    CHECK_INT(0, trk_period_compute(ru, D("2024-10-25"), &p, &due, &c, NULL));
    CHECK_STR("2024-11-04 (Monday) is not a working day (Unity Day), but сутки periods never "
              "roll: it stays",
              trk_step_text(&c, 2, ru, line, sizeof line));
    p = (trk_period){.count = 1, .unit = MO};
    CHECK_INT(0, trk_period_compute(ru, D("2024-01-31"), &p, &due, &c, NULL));
    CHECK_STR("2024-02 has no day 31: the period ends on that month's last day",
              trk_step_text(&c, 2, ru, line, sizeof line));

    /* Words and defaults. */
    trk_unit u;
    trk_roll r;
    CHECK_INT(0, trk_unit_parse("sutki", &u));
    CHECK_INT(TRK_UNIT_SUTKI, u);
    CHECK_INT(-1, trk_unit_parse("fortnights", &u));
    CHECK_INT(0, trk_roll_parse(NULL, &r));
    CHECK_INT(TRK_ROLL_DEFAULT, r);
    CHECK_INT(-1, trk_roll_parse("sideways", &r));
    CHECK_INT(TRK_ROLL_NONE, trk_unit_default_roll(TRK_UNIT_SUTKI));
    CHECK_INT(TRK_ROLL_FORWARD, trk_unit_default_roll(TRK_UNIT_CALENDAR_DAYS));
    char per[64];
    p = (trk_period){.count = 14, .unit = CD, .extra_days = 3};
    CHECK_STR("14 calendar days + 3 days", trk_period_text(&p, per, sizeof per));

    trk_calendar_free(ru);
    trk_calendar_free(us);
    trk_calendar_free(xx);
    return TEST_DONE();
}
