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
    {"RU", "2020-03-27", 1, WD, DEF, 0, "2020-05-12", 0, "COVID non-working days 30 Mar-11 May"},
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
    {"US", "2024-12-03", 21, CD, DEF, 0, "2024-12-26", 0, "24 Dec closed by EO, 25 Christmas"},
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
    {"RU", "2026-12-25", 10, CD, DEF, 0, NULL, TRK_CALC_UNCOVERED, "2027 has no calendar"},
    {"RU", "2012-12-28", 1, WD, DEF, 0, NULL, TRK_CALC_UNCOVERED, "2012 has no calendar"},
    {"US", "2026-12-20", 1, MO, DEF, 0, NULL, TRK_CALC_UNCOVERED, "2027"},
    {"XX", "2024-01-01", 10, CD, DEF, 0, NULL, TRK_CALC_UNCOVERED, "no calendar at all"},
    {"RU", "2024-01-01", 0, CD, DEF, 0, NULL, TRK_CALC_BAD_PERIOD, "zero days"},
    {"RU", "2024-01-01", -3, WD, DEF, 0, NULL, TRK_CALC_BAD_PERIOD, "negative"},
    {"RU", "2024-01-01", 10, SU, FWD, 0, NULL, TRK_CALC_BAD_PERIOD, "сутки never roll"},
    {"RU", "2024-01-01", 5000, MO, DEF, 0, NULL, TRK_CALC_BAD_PERIOD, "too many months"},
    {"RU", "2024-01-01", 1, CD, DEF, -1, NULL, TRK_CALC_BAD_PERIOD, "negative extra days"},
    {"RU", "9999-12-25", 10, SU, DEF, 0, NULL, TRK_CALC_RANGE, "past year 9999"},
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

    /* Error messages name the jurisdiction and the year. */
    trk_period p = {.count = 10, .unit = CD};
    trk_calc_error err;
    trk_date due;
    CHECK_INT(TRK_CALC_UNCOVERED, trk_period_compute(ru, D("2026-12-25"), &p, &due, NULL, &err));
    CHECK_INT(2027, err.year);
    CHECK_STR("no working-day calendar for RU in 2027 (calendar data covers 2013-2026)", err.msg);

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
