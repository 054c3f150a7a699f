/*
 * export_ics.c: tracker export ics: deadlines (and optionally events) of a filter as an RFC 5545
 * calendar file, the same calendar that `tracker serve` publishes for a feed.
 */
#include "app.h"
#include "export.h"
#include "feed_store.h"
#include "ics.h"
#include "model.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

static int export_ics(trk_ctx *ctx, trk_args *a)
{
    int rc = TRK_EXIT_USAGE;
    int *alarms = NULL, nalarms = 0, *reminders = NULL, nreminders = 0;
    char *body = NULL;
    trk_db *db = NULL;
    trk_feed_opts o = {0};
    const char *err = NULL;

    if ((rc = trk_feed_filter_from_args(NULL, a, &o.filter)) != TRK_EXIT_OK)
        goto out;
    rc = TRK_EXIT_USAGE;
    if (trk_has(a, "alarms")) {
        if (trk_ics_parse_offsets(trk_arg(a, "alarms"), false, &alarms, &nalarms, &err) != 0) {
            rc = trk_usage_error(a, "invalid value for --alarms: \"%s\": %s", trk_arg(a, "alarms"),
                                 err);
            goto out;
        }
        o.alarms_set = true;
        o.alarms = alarms;
        o.nalarms = nalarms;
    }
    if (trk_has(a, "reminders")) {
        if (trk_ics_parse_offsets(trk_arg(a, "reminders"), true, &reminders, &nreminders, &err) !=
            0) {
            rc = trk_usage_error(a, "invalid value for --reminders: \"%s\": %s",
                                 trk_arg(a, "reminders"), err);
            goto out;
        }
        o.reminders = reminders;
        o.nreminders = nreminders;
    }
    o.name = trk_arg(a, "name");
    if (o.name && o.name[0] == '\0') {
        rc = trk_usage_error(a, "invalid value for --name: must not be empty");
        goto out;
    }
    if (o.name && trk_text_check("--name", o.name, 1000, false) != 0)
        goto out;
    o.include_events = trk_has(a, "include-events");

    rc = TRK_EXIT_RUNTIME;
    db = trk_open(ctx);
    if (!db)
        goto out;
    if ((rc = trk_feed_filter_from_args(db, a, &o.filter)) != TRK_EXIT_OK)
        goto out;
    rc = TRK_EXIT_RUNTIME;
    size_t len;
    trk_feed_meta meta;
    if (trk_feed_render(db, &o, &body, &len, &meta, false) != 0)
        goto out;
    if (trk_write_file(trk_arg(a, "output"), body, len) != 0)
        goto out;
    rc = TRK_EXIT_OK;
out:
    free(body);
    free(alarms);
    free(reminders);
    trk_db_close(db);
    return rc;
}

static const trk_opt ics_opts[] = {
    {"case", "ID", "only this case (id or external id)", 0},
    {"jurisdiction", "J", "only cases of this jurisdiction (RU, US, ...)", 0},
    {"tag", "T", "only cases with this tag", 0},
    {"all", NULL, "every case (the default)", 0},
    {"include-events", NULL, "add rulings, fines and other dated events as events", 0},
    {"alarms", "LIST",
     "alarms before each open deadline, e.g. 7d,1d or 2h or none "
     "(default: the case's, else 7d,1d)",
     0},
    {"reminders", "LIST", "also add reminder events N days before, e.g. 7d,1d", 0},
    {"name", "NAME", "calendar name (default: from the filter)", 0},
    {"output", "FILE", "write to FILE atomically instead of stdout", 0},
    {NULL},
};

const trk_cmd trk_export_ics_cmd = {
    "ics",
    NULL,
    "export deadlines as an iCalendar (.ics) file",
    ics_opts,
    0,
    0,
    export_ics,
    "Each deadline is one VEVENT with a UID that never changes, SEQUENCE = its revision and\n"
    "STATUS:CANCELLED once vacated or superseded, so importing a newer export updates the old\n"
    "events. Deadlines with a time of day are given in UTC; the others are all-day events.\n"
    "Calendar apps that ignore alarms (Google, Outlook) still show --reminders events.\n"
    "See docs/feeds.md for subscribable feeds (tracker feed create, tracker serve)."};
