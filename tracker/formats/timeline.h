/*
 * timeline.h: a case's timeline for journalists: Knight Lab TimelineJS3 JSON, a plain JSON list,
 * or one self-contained HTML page (timeline.c).
 */
#ifndef TRK_TIMELINE_H
#define TRK_TIMELINE_H

#include "msg.h"
#include "db.h"
#include "report.h"
#include "strbuf.h"

#include <stdbool.h>

typedef enum {
    TRK_TIMELINE_TIMELINEJS, /* https://timeline.knightlab.com/docs/json-format.html */
    TRK_TIMELINE_JSON,       /* tracker's own plain list (documented in docs/reports.md) */
    TRK_TIMELINE_HTML,       /* a page with inline CSS that renders the timeline without network */
} trk_timeline_format;

/* What a published timeline shows. Zeroed: statuses as of today, vacated items left out. */
typedef struct trk_timeline_opts {
    const char *as_of;    /* YYYY-MM-DD: deadline statuses as of this day (NULL: today, or
                           * $TRACKER_TODAY): an open deadline whose last day is before it is
                           * "missed", as in case show */
    bool include_vacated; /* also vacated events and deadlines (a deleted event's deadlines),
                           * marked "(vacated)"; superseded deadlines are never shown */
} trk_timeline_opts;

/* The fine equivalents of fine row alias F as a JSON array text (amount, currency, as_of, note,
 * ordered by currency), for trk_fine_words. */
#define TRK_SQL_FINE_EQUIVALENTS(F)                                                                \
    "(SELECT json_agg(json_build_object('amount', q.amount::text, 'currency', q.currency,"         \
    " 'as_of', q.as_of::text, 'note', q.note) ORDER BY q.currency)::text"                          \
    " FROM fine_equivalent q WHERE q.fine_id = " F ".id)"

/* A fine as people write it, for published pages and calendars: "Fine: 800,000 RUB, unpaid.
 * Equivalent to 12,000 EUR as of 16 October 2017 (note); 14,000 USD as of ...". */
void trk_fine_words(trk_sb *b, const char *amount, const char *currency, bool paid,
                    const char *paid_on, const char *equivalents_json);

/*
 * Append the timeline of case `case_id` in format `f` to `out` (for commands and server
 * routes). Returns 0, or -1 after reporting (unknown case, database error, out of memory).
 */
int trk_timeline_render(trk_db *db, long long case_id, trk_timeline_format f, trk_sb *out);
/* The same with options (o may be NULL: the defaults). */
int trk_timeline_render_opts(trk_db *db, long long case_id, trk_timeline_format f,
                             const trk_timeline_opts *o, trk_sb *out);


#endif
