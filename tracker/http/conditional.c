/*
 * conditional.c: HTTP dates and conditional requests (If-None-Match, If-Modified-Since).
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

void trk_http_date(time_t t, char *buf, size_t size)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    snprintf(buf, size, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Parse an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"); 0 or -1. */
int trk_http_parse_date(const char *s, time_t *out)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    char wd[4], mon[4];
    int d, y, h, mi, se, n = 0;
    if (sscanf(s, "%3s, %d %3s %d %d:%d:%d GMT%n", wd, &d, mon, &y, &h, &mi, &se, &n) != 7 ||
        n == 0 || s[n] != '\0')
        return -1;
    const char *p = strstr(months, mon);
    if (!p || (p - months) % 3 != 0 || d < 1 || d > 31 || y < 1970 || y > 9999 || h > 23 ||
        mi > 59 || se > 60 || h < 0 || mi < 0 || se < 0)
        return -1;
    struct tm tm = {0};
    tm.tm_mday = d;
    tm.tm_mon = (int)((p - months) / 3);
    tm.tm_year = y - 1900;
    tm.tm_hour = h;
    tm.tm_min = mi;
    /* A leap second (:60, which HTTP dates allow) is the last second of its minute: POSIX time
     * has none, and counting it as the next minute would turn 9999-12-31 23:59:60 into a year
     * that no HTTP date can state. Earlier rather than later keeps If-Modified-Since safe. */
    tm.tm_sec = se == 60 ? 59 : se;
    *out = timegm(&tm);
    return 0;
}

/* If-None-Match: a list of entity tags (weak comparison) or "*". */
bool trk_http_etag_matches(const char *list, const char *etag)
{
    size_t elen = strlen(etag);
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '*')
            return true;
        if (p[0] == 'W' && p[1] == '/')
            p += 2;
        const char *start = p;
        while (*p && *p != ',')
            p++;
        const char *end = p;
        while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        if ((size_t)(end - start) == elen && memcmp(start, etag, elen) == 0)
            return true;
    }
    return false;
}

bool trk_http_not_modified(struct MHD_Connection *c, const char *etag, time_t lastmod)
{
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    if (inm)
        return trk_http_etag_matches(inm, etag);
    const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-Modified-Since");
    time_t t;
    return ims && trk_http_parse_date(ims, &t) == 0 && lastmod <= t;
}
