/*
 * ics.h: a calendar model (events with alarms) and its rendering as RFC 5545 / RFC 7986 text
 * with libical. The model holds already-worded text; what goes into it is decided by the feed
 * store (feed_store.c), not here.
 *
 * Output guarantees, whatever libical does: CRLF line endings, content lines folded at 75 octets
 * and never inside a UTF-8 sequence, TEXT values escaped (commas, semicolons, backslashes,
 * newlines). A lone CR in text is turned into LF (iCalendar has no way to carry a bare CR).
 */
#ifndef TRK_ICS_H
#define TRK_ICS_H

#include "date.h"

#include <stdbool.h>
#include <stddef.h>

#define TRK_ICS_UTC_LEN 17 /* "YYYYMMDDTHHMMSSZ" and a NUL */

/* One VEVENT. Every string is owned by the event (malloc'd) and freed by trk_ics_calendar_free. */
typedef struct trk_ics_event {
    char *uid;
    int sequence;
    char *summary;
    char *description; /* NULL: none */
    char *url;         /* NULL: none */
    char **categories; /* ncategories strings */
    int ncategories;
    bool all_day;
    trk_date date;                   /* all-day: DTSTART;VALUE=DATE, DTEND the next day */
    char start_utc[TRK_ICS_UTC_LEN]; /* timed: DTSTART in UTC (no DTEND: an instant) */
    bool cancelled;                  /* STATUS:CANCELLED, else CONFIRMED */
    char stamp_utc[TRK_ICS_UTC_LEN]; /* DTSTAMP and LAST-MODIFIED */
    int *alarms; /* minutes before the start, one VALARM (ACTION:DISPLAY) each */
    int nalarms;
    bool transparent; /* TRANSP:TRANSPARENT (reminders and past events do not block time) */
} trk_ics_event;

typedef struct trk_ics_calendar {
    char *name;          /* NAME and X-WR-CALNAME */
    char *description;   /* DESCRIPTION and X-WR-CALDESC; NULL: none */
    int refresh_minutes; /* REFRESH-INTERVAL and X-PUBLISHED-TTL */
    trk_ics_event *ev;
    int n, cap;
} trk_ics_calendar;

/* Append a zeroed event and return it (owned by cal), or NULL when out of memory. */
trk_ics_event *trk_ics_add(trk_ics_calendar *cal);

/* Free everything the calendar owns (not the struct itself); a zeroed calendar is a no-op. */
void trk_ics_calendar_free(trk_ics_calendar *cal);

/*
 * Render the calendar. On success *out is a NUL-terminated malloc'd string the caller frees and
 * *len its length; returns 0. Returns -1 when out of memory or when libical refused a value
 * (nothing is reported: the caller words the error).
 */
int trk_ics_render(const trk_ics_calendar *cal, char **out, size_t *len);

/*
 * Refold iCalendar text: unfold every content line, then fold it again at 75 octets without
 * splitting a UTF-8 sequence, with CRLF endings. Returns a malloc'd string (caller frees) and its
 * length in *len, or NULL when out of memory. Exposed for tests.
 */
char *trk_ics_refold(const char *in, size_t inlen, size_t *len);

/*
 * Parse a list of offsets such as "7d,1d", "2h", "1w,30m" or "none" into minutes (malloc'd
 * array, caller frees; NULL with *n = 0 for "none"). `days_only` rejects offsets that are not
 * whole days. Returns 0, or -1 with a reason in err (a static string) for a malformed list.
 */
int trk_ics_parse_offsets(const char *s, bool days_only, int **out, int *n, const char **err);

/* Format minutes as "7d", "36h", "90m" into buf (16 bytes); returns buf. */
char *trk_ics_format_offset(int minutes, char *buf);

#endif
