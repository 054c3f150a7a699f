/*
 * feed_store.h: what goes into a calendar. Reads deadlines (and optionally events) matching a
 * filter from the database and words them into a trk_ics_calendar: summaries, descriptions with
 * rule, basis, trigger, explanation and sources, categories, alarms and reminder events.
 * Shared by `tracker export ics` and `tracker serve`.
 */
#ifndef TRK_FEED_STORE_H
#define TRK_FEED_STORE_H

#include "db.h"
#include "ics.h"
#include "msg.h"

#include <stdbool.h>

/* Which cases a calendar covers; all unset means every case. Conditions combine with AND. */
typedef struct trk_feed_filter {
    long long case_id;        /* 0: any case */
    const char *jurisdiction; /* NULL: any */
    const char *tag;          /* NULL: any */
} trk_feed_filter;

typedef struct trk_feed_opts {
    trk_feed_filter filter;
    const char *name;    /* calendar name; NULL: derived from the filter */
    bool include_events; /* rulings, fines, ... as VEVENTs of their own */
    bool alarms_set;     /* false: the case's alarms (tracker feed case-alarms), else 7d,1d */
    const int *alarms;   /* minutes before each deadline, when alarms_set */
    int nalarms;
    const int *reminders; /* whole days before: explicit reminder events */
    int nreminders;
    int refresh_minutes; /* REFRESH-INTERVAL; 0: 60 */
    const char *as_of;   /* YYYY-MM-DD: statuses in descriptions as of this day; NULL: today */
} trk_feed_opts;

/* What a build read besides the calendar. */
typedef struct trk_feed_meta {
    long long generation; /* change_marker.generation in the snapshot the data came from */
    char changed_at[32];  /* change_marker.changed_at as epoch seconds, text */
    int ndeadlines, nevents;
} trk_feed_meta;

/*
 * Read the data for `o` in one read-only repeatable-read transaction and build `cal` (zeroed by
 * the caller; on success the caller frees it with trk_ics_calendar_free, on failure it is left
 * freed). Errors are reported on stderr unless `quiet`. Returns 0 or -1.
 */
int trk_feed_build(trk_db *db, const trk_feed_opts *o, trk_ics_calendar *cal, trk_feed_meta *meta,
                   bool quiet);

/*
 * Build and render in one call: *out (malloc'd, caller frees) and *len. Returns 0 or -1.
 */
int trk_feed_render(trk_db *db, const trk_feed_opts *o, char **out, size_t *len,
                    trk_feed_meta *meta, bool quiet);

/* The default calendar name for a filter ("tracker: <case title>", "tracker: RU deadlines", ...):
 * malloc'd (caller frees), or NULL on a database error (reported unless quiet) or out of memory. */
char *trk_feed_default_name(trk_db *db, const trk_feed_filter *f, bool quiet);

/* A new feed for o (its filter, name -- required --, include_events, alarms when alarms_set,
 * reminders) with a fresh token from the CSPRNG, of which only the SHA-256 is stored: the token
 * (43 base64url characters) into token, the feed's id into *id. Used by `tracker feed create`
 * and POST /api/v1/feeds. 0, or -1 after reporting. */
int trk_feed_create(trk_db *db, const trk_feed_opts *o, char token[44], long long *id);

/* Revoke feed id (its URL answers 404 from then on): 0 revoked now, 1 already revoked, 2 no such
 * feed, -1 after reporting a database error. */
int trk_feed_revoke(trk_db *db, long long id);

/* Parse a PostgreSQL int[] literal such as "{10080,1440}" into a malloc'd array (NULL and 0 for
 * "{}"). Returns 0 or -1 for anything else. */
int trk_feed_parse_intarray(const char *s, int **out, int *n);
/* "{10080,1440}": a list of minutes as a PostgreSQL int[] literal into buf (16 * 12 bytes hold
 * any list a feed may have); returns buf. */
char *trk_feed_int_array(const int *v, int n, char *buf, size_t size);

#endif
