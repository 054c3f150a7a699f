/*
 * timeline.h: a case's timeline for journalists: Knight Lab TimelineJS3 JSON, a plain JSON list,
 * or one self-contained HTML page (timeline.c).
 */
#ifndef TRK_TIMELINE_H
#define TRK_TIMELINE_H

#include "msg.h"
#include "db.h"
#include "report.h"

typedef enum {
    TRK_TIMELINE_TIMELINEJS, /* https://timeline.knightlab.com/docs/json-format.html */
    TRK_TIMELINE_JSON,       /* tracker's own plain list (documented in docs/reports.md) */
    TRK_TIMELINE_HTML,       /* a page with inline CSS that renders the timeline without network */
} trk_timeline_format;

/*
 * Append the timeline of case `case_id` in format `f` to `out` (for commands and server
 * routes). Returns 0, or -1 after reporting (unknown case, database error, out of memory).
 */
int trk_timeline_render(trk_db *db, long long case_id, trk_timeline_format f, trk_sb *out);


#endif
