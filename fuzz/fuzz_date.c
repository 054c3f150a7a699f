/*
 * fuzz_date.c: civil dates. Properties:
 *   - trk_date_parse accepts exactly the strings a reference check accepts (YYYY-MM-DD, year
 *     1..9999, a real day), and formatting a parsed date gives the input back byte for byte;
 *   - for any day number in range: to_ymd/from_ymd round-trip, the weekday steps by one a day,
 *     and add_months lands in the right month on a day no later than the original day number.
 */
#include "date.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int ref_dim(int y, int m)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dim[m - 1];
}

static bool ref_parse(const char *s, int *y, int *m, int *d)
{
    if (strlen(s) != 10)
        return false;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return false;
        } else if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    return *y >= 1 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= ref_dim(*y, *m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_strdup(data, size);
    trk_date d;
    int y, m, dd;
    bool ok = trk_date_parse(s, &d) == 0;
    bool want = ref_parse(s, &y, &m, &dd);
    FUZZ_CHECK(ok == want);
    /* trk_date_problem: NULL exactly for a date; the wrong shape, else a day that does not exist */
    char why[96];
    const char *problem = trk_date_problem(s, why, sizeof why);
    FUZZ_CHECK((problem == NULL) == ok);
    if (problem) {
        bool shape = strlen(s) == 10 && s[4] == '-' && s[7] == '-' &&
                     strspn(s, "0123456789") == 4 && strspn(s + 5, "0123456789") == 2 &&
                     strspn(s + 8, "0123456789") == 2;
        FUZZ_CHECK((strcmp(problem, "expected YYYY-MM-DD") == 0) == !shape);
    }
    if (ok) {
        char buf[TRK_DATE_STRLEN];
        FUZZ_CHECK(strcmp(trk_date_format(d, buf), s) == 0);
        int y2, m2, d2;
        trk_date_to_ymd(d, &y2, &m2, &d2);
        FUZZ_CHECK(y2 == y && m2 == m && d2 == dd);
        FUZZ_CHECK(trk_date_days_in_month(y, m) == ref_dim(y, m));
    }
    free(s);

    /* Day numbers from the raw bytes. */
    if (size >= 8) {
        trk_date lo, hi;
        FUZZ_CHECK(trk_date_from_ymd(1, 1, 1, &lo) == 0);
        FUZZ_CHECK(trk_date_from_ymd(9999, 12, 31, &hi) == 0);
        FUZZ_CHECK(trk_date_from_ymd(0, 12, 31, &d) != 0);
        FUZZ_CHECK(trk_date_from_ymd(10000, 1, 1, &d) != 0);
        uint32_t raw;
        int32_t months;
        memcpy(&raw, data, 4);
        memcpy(&months, data + 4, 4);
        d = lo + (trk_date)(raw % (uint32_t)(hi - lo + 1));
        trk_date_to_ymd(d, &y, &m, &dd);
        FUZZ_CHECK(y >= 1 && y <= 9999 && m >= 1 && m <= 12 && dd >= 1 && dd <= ref_dim(y, m));
        trk_date back;
        FUZZ_CHECK(trk_date_from_ymd(y, m, dd, &back) == 0 && back == d);
        FUZZ_CHECK(trk_date_year(d) == y);
        int w = trk_date_weekday(d);
        FUZZ_CHECK(w >= 1 && w <= 7);
        if (d < hi)
            FUZZ_CHECK(trk_date_weekday(d + 1) == w % 7 + 1);
        char buf[TRK_DATE_STRLEN];
        trk_date_format(d, buf);
        FUZZ_CHECK(trk_date_parse(buf, &back) == 0 && back == d);

        months %= 200000;
        trk_date r;
        long total = (long)y * 12 + (m - 1) + months;
        long ny = total >= 0 ? total / 12 : -1;
        bool in_range = total >= 0 && ny >= 1 && ny <= 9999;
        int rc = trk_date_add_months(d, months, &r);
        FUZZ_CHECK((rc == 0) == in_range);
        if (rc == 0) {
            int ry, rm, rd;
            trk_date_to_ymd(r, &ry, &rm, &rd);
            FUZZ_CHECK(ry == ny && rm == (int)(total % 12) + 1);
            FUZZ_CHECK(rd == (dd <= ref_dim(ry, rm) ? dd : ref_dim(ry, rm)));
        }
    }
    return 0;
}
