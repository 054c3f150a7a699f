/*
 * test_date.c: civil dates: parsing, leap years, month arithmetic with end-of-month clamping,
 * weekdays (table-driven).
 */
#include "date.h"
#include "test.h"

static trk_date D(const char *s)
{
    trk_date d = 0;
    CHECK(trk_date_parse(s, &d) == 0);
    return d;
}

static const char *F(trk_date d)
{
    static char buf[4][TRK_DATE_STRLEN];
    static int k;
    k = (k + 1) % 4;
    return trk_date_format(d, buf[k]);
}

int main(void)
{
    static const struct {
        const char *s;
        int ok;
    } parse[] = {{"2017-10-16", 1}, {"2024-02-29", 1},  {"2023-02-29", 0},    {"2017-02-30", 0},
                 {"1900-02-29", 0}, {"2000-02-29", 1},  {"2017-13-01", 0},    {"2017-00-10", 0},
                 {"2017-1-01", 0},  {" 2017-10-16", 0}, {"2017-10-16T00", 0}, {"", 0},
                 {"0000-01-01", 0}, {"9999-12-31", 1},  {"2017/10/16", 0}};
    for (size_t i = 0; i < sizeof parse / sizeof parse[0]; i++) {
        trk_date d;
        int rc = trk_date_parse(parse[i].s, &d);
        CHECK_INT(parse[i].ok ? 0 : -1, rc);
        if (parse[i].ok && rc == 0)
            CHECK_STR(parse[i].s, F(d));
    }
    CHECK(trk_date_is_leap(2024) && trk_date_is_leap(2000) && !trk_date_is_leap(1900) &&
          !trk_date_is_leap(2023));
    CHECK_INT(0, D("1970-01-01"));
    CHECK_INT(4, trk_date_weekday(D("1970-01-01"))); /* Thursday */
    CHECK_INT(1, trk_date_weekday(D("2017-10-16"))); /* Monday */
    CHECK_INT(6, trk_date_weekday(D("2024-04-27"))); /* Saturday */
    CHECK_INT(7, trk_date_weekday(D("1969-12-28"))); /* Sunday, before the epoch */

    static const struct {
        const char *from;
        int months;
        const char *want;
    } am[] = {{"2024-01-31", 1, "2024-02-29"},  {"2023-01-31", 1, "2023-02-28"},
              {"2024-02-29", 12, "2025-02-28"}, {"2024-03-31", -1, "2024-02-29"},
              {"2024-10-31", 1, "2024-11-30"},  {"2024-12-15", 1, "2025-01-15"},
              {"2017-10-16", 0, "2017-10-16"},  {"2024-08-31", 6, "2025-02-28"},
              {"2000-02-29", 48, "2004-02-29"}, {"2000-02-29", 12, "2001-02-28"}};
    for (size_t i = 0; i < sizeof am / sizeof am[0]; i++) {
        trk_date out;
        CHECK_INT(0, trk_date_add_months(D(am[i].from), am[i].months, &out));
        CHECK_STR(am[i].want, F(out));
    }
    trk_date out;
    CHECK_INT(-1, trk_date_add_months(D("9999-12-01"), 1, &out));
    /* round trip over a long range */
    int bad = 0;
    for (trk_date d = D("1999-01-01"); d < D("2031-01-01"); d++) {
        trk_date back;
        if (trk_date_parse(F(d), &back) != 0 || back != d)
            bad++;
    }
    CHECK_INT(0, bad);
    return TEST_DONE();
}
