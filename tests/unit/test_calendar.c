/*
 * test_calendar.c: working-day calendars loaded from the committed calendar data: RU transferred
 * days and working Saturdays, New Year holidays, US observed holidays, coverage errors.
 */
#include "calendar.h"
#include "calfixture.h"
#include "test.h"

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
    CHECK_INT(2026, last);
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
        {0, "2027-01-01", TRK_CAL_UNCOVERED, NULL},
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
        {1, "2027-01-04", TRK_CAL_UNCOVERED, NULL},
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
