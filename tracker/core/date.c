/*
 * date.c: civil date arithmetic (Howard Hinnant's days_from_civil / civil_from_days).
 */
#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool trk_date_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int trk_date_days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && trk_date_is_leap(y) ? 29 : dim[m - 1];
}

static trk_date days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (trk_date)(era * 146097 + doe - 719468);
}

int trk_date_from_ymd(int y, int m, int d, trk_date *out)
{
    if (y < TRK_DATE_MIN_YEAR || y > TRK_DATE_MAX_YEAR || m < 1 || m > 12 || d < 1 ||
        d > trk_date_days_in_month(y, m))
        return -1;
    *out = days_from_civil(y, m, d);
    return 0;
}

void trk_date_to_ymd(trk_date z, int *y, int *m, int *d)
{
    int32_t zz = z + 719468;
    const int32_t era = (zz >= 0 ? zz : zz - 146096) / 146097;
    const int32_t doe = zz - era * 146097;
    const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int32_t mp = (5 * doy + 2) / 153;
    const int32_t dd = doy - (153 * mp + 2) / 5 + 1;
    const int32_t mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int trk_date_parse(const char *s, trk_date *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 0 || m < 0 || d < 0)
        return -1;
    return trk_date_from_ymd(y, m, d, out);
}

const char *trk_date_problem(const char *s, char *buf, size_t n)
{
    static const char *const months[12] = {"January", "February", "March",     "April",
                                           "May",     "June",     "July",      "August",
                                           "September", "October", "November", "December"};
    trk_date d;
    if (trk_date_parse(s, &d) == 0)
        return NULL;
    int y = -1, m = -1, dd = -1;
    if (s && strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
        y = digits(s, 4);
        m = digits(s + 5, 2);
        dd = digits(s + 8, 2);
    }
    if (y < 0 || m < 0 || dd < 0)
        snprintf(buf, n, "expected YYYY-MM-DD");
    else if (y < TRK_DATE_MIN_YEAR)
        snprintf(buf, n, "there is no year %d (years run from %d to %d)", y, TRK_DATE_MIN_YEAR,
                 TRK_DATE_MAX_YEAR);
    else if (m < 1 || m > 12)
        snprintf(buf, n, "there is no month %d", m);
    else
        snprintf(buf, n, "there is no such day (%s %d has %d days)", months[m - 1], y,
                 trk_date_days_in_month(y, m));
    return buf;
}

char *trk_date_format(trk_date d, char *buf)
{
    int y, m, dd;
    trk_date_to_ymd(d, &y, &m, &dd);
    /* Years are kept within 1..9999 by every constructor. */
    buf[0] = (char)('0' + (y / 1000) % 10);
    buf[1] = (char)('0' + (y / 100) % 10);
    buf[2] = (char)('0' + (y / 10) % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + dd / 10);
    buf[9] = (char)('0' + dd % 10);
    buf[10] = '\0';
    return buf;
}

int trk_date_weekday(trk_date d)
{
    /* 1970-01-01 was a Thursday (4). */
    int w = (int)((d % 7 + 7 + 3) % 7); /* 0 = Monday */
    return w + 1;
}

int trk_date_year(trk_date d)
{
    int y, m, dd;
    trk_date_to_ymd(d, &y, &m, &dd);
    return y;
}

int trk_date_add_months(trk_date d, int n, trk_date *out)
{
    int y, m, dd;
    trk_date_to_ymd(d, &y, &m, &dd);
    long total = (long)y * 12 + (m - 1) + n;
    if (total < 0)
        return -1;
    int ny = (int)(total / 12), nm = (int)(total % 12) + 1;
    if (ny < TRK_DATE_MIN_YEAR || ny > TRK_DATE_MAX_YEAR)
        return -1;
    int dim = trk_date_days_in_month(ny, nm);
    return trk_date_from_ymd(ny, nm, dd > dim ? dim : dd, out);
}

int trk_date_today(trk_date *out)
{
    const char *fixed = getenv("TRACKER_TODAY");
    if (fixed && *fixed)
        return trk_date_parse(fixed, out);
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm))
        return -1;
    return trk_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out);
}
