/*
 * date.h: civil (proleptic Gregorian) dates with no time zone, as day numbers.
 *
 * A trk_date is the number of days since 1970-01-01 (negative before). Valid years are 1..9999.
 * Pure: no I/O, no allocation.
 */
#ifndef TRK_DATE_H
#define TRK_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t trk_date;

#define TRK_DATE_MIN_YEAR 1
#define TRK_DATE_MAX_YEAR 9999
#define TRK_DATE_STRLEN 11 /* "YYYY-MM-DD" plus NUL */

bool trk_date_is_leap(int year);
int trk_date_days_in_month(int year, int month); /* 0 for a bad month */

/* Build a date from its parts; -1 when the parts do not name a real day (2017-02-30). */
int trk_date_from_ymd(int year, int month, int day, trk_date *out);
void trk_date_to_ymd(trk_date d, int *year, int *month, int *day);

/* Parse exactly "YYYY-MM-DD" (no spaces, no time). 0 on success, -1 for anything else. */
int trk_date_parse(const char *s, trk_date *out);
/*
 * Why s is not a date for trk_date_parse: NULL when it is one; otherwise a phrase written into
 * buf (n bytes) and returned: "expected YYYY-MM-DD" for the wrong shape, "there is no such day
 * (February 2018 has 28 days)" for 2018-02-30, "there is no month 13" for 2018-13-01.
 */
const char *trk_date_problem(const char *s, char *buf, size_t n);
/* Write "YYYY-MM-DD" into buf (at least TRK_DATE_STRLEN bytes); returns buf. */
char *trk_date_format(trk_date d, char *buf);

/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int trk_date_weekday(trk_date d);
int trk_date_year(trk_date d);

/*
 * Add n calendar months (n may be negative). When the target month has no such day number, the
 * result is that month's last day (Jan 31 + 1 month = Feb 28/29). -1 when out of range.
 */
int trk_date_add_months(trk_date d, int n, trk_date *out);

/* Today's civil date in the local time zone of the process (or $TRACKER_TODAY when set, for
 * reproducible tests). Not pure: reads the clock. */
int trk_date_today(trk_date *out);

#endif
