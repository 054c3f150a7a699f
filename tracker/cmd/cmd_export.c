/*
 * cmd_export.c: tracker export ics|json|timeline|html. The documents are built in formats/
 * (feeds.c, export_json.c, timeline.c); this file parses the options and writes the file.
 */
#include "cmdutil.h"
#include "commands.h"
#include "export_json.h"
#include "feeds.h"
#include "ics.h"
#include "model.h"
#include "report.h"
#include "text.h"
#include "timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --as-of DATE into out ("" when absent: the renderers take today). */
static int as_of_opt(trk_args *a, char *out)
{
    out[0] = '\0';
    if (!trk_has(a, "as-of"))
        return TRK_OK;
    return trk_opt_date(a, "as-of", false, out) == 0 ? TRK_OK : TRK_ERR_USAGE;
}

static int export_ics(trk_ctx *ctx, trk_args *a)
{
    int rc = TRK_ERR_USAGE;
    int *alarms = NULL, nalarms = 0, *reminders = NULL, nreminders = 0;
    char *body = NULL;
    trk_db *db = NULL;
    trk_feed_opts o = {0};
    const char *err = NULL;

    if ((rc = trk_feed_filter_from_args(NULL, a, &o.filter)) != TRK_OK)
        goto out;
    rc = TRK_ERR_USAGE;
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
    char asof[TRK_DATE_STRLEN];
    if ((rc = as_of_opt(a, asof)) != TRK_OK)
        goto out;
    o.as_of = asof[0] ? asof : NULL;

    rc = TRK_ERR;
    db = trk_open(ctx->conninfo);
    if (!db)
        goto out;
    if ((rc = trk_feed_filter_from_args(db, a, &o.filter)) != TRK_OK)
        goto out;
    rc = TRK_ERR;
    size_t len;
    trk_feed_meta meta;
    if (trk_feed_render(db, &o, &body, &len, &meta, false) != 0)
        goto out;
    if (trk_write_file(trk_arg(a, "output"), body, len) != 0)
        goto out;
    rc = TRK_OK;
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
    {"as-of", "DATE", "statuses in the descriptions as of DATE (default today)", 0},
    {"output", "FILE", "write to FILE atomically instead of stdout", 0},
    {NULL},
};

static const trk_cmd export_ics_cmd = {
    "ics",
    NULL,
    "export deadlines as an iCalendar (.ics) file",
    ics_opts,
    0,
    0,
    export_ics,
    "Each deadline is one VEVENT with a UID that never changes, SEQUENCE = its revision and\n"
    "STATUS:CANCELLED once vacated or superseded, so importing a newer export updates the old\n"
    "events; the SUMMARY of a cancelled event starts with \"Cancelled: \" for calendar apps that\n"
    "ignore STATUS. The DESCRIPTION gives the status as of today (or --as-of): an open deadline\n"
    "whose last day has passed is \"missed\", as in case show. Deadlines with a time of day are given in UTC; the others are all-day events.\n"
    "Calendar apps that ignore alarms (Google, Outlook) still show --reminders events.\n"
    "See docs/feeds.md for subscribable feeds (tracker feed create, tracker serve)."};

static int timeline_export(trk_ctx *ctx, trk_args *a, trk_timeline_format f)
{
    char asof[TRK_DATE_STRLEN];
    int rc = as_of_opt(a, asof);
    if (rc != TRK_OK)
        return rc;
    trk_timeline_opts o = {.as_of = asof[0] ? asof : NULL,
                           .include_vacated = trk_has(a, "include-vacated")};
    const char *case_ref = trk_arg(a, "case"), *path = trk_arg(a, "output");
    rc = TRK_ERR;
    trk_sb out = {0};
    long long id;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        goto done;
    if (trk_case_lookup(db, case_ref, &id) != 0 ||
        trk_timeline_render_opts(db, id, f, &o, &out) != 0)
        goto done;
    if (trk_write_file(path, out.p, out.n) != 0)
        goto done;
    rc = TRK_OK;
done:
    free(out.p);
    trk_db_close(db);
    return rc;
}

/* Resolve every --case into "{id,id}"; NULL ids with --all. TRK_OK, or TRK_ERR (reported). */
static int select_cases(trk_db *db, trk_args *a, trk_sb *ids)
{
    int n;
    const char *const *refs = trk_args_all(a, "case", &n);
    trk_sb_puts(ids, "{");
    for (int i = 0; i < n; i++) {
        long long id;
        if (trk_case_lookup(db, refs[i], &id) != 0)
            return TRK_ERR;
        trk_sb_printf(ids, "%s%lld", i ? "," : "", id);
    }
    trk_sb_puts(ids, "}");
    return ids->oom ? TRK_ERR : 0;
}

static int export_json(trk_ctx *ctx, trk_args *a)
{
    bool all = trk_has(a, "all");
    if (all == trk_has(a, "case"))
        return trk_usage_error(a, "give --case ID (repeatable) or --all");
    int rc = TRK_ERR;
    trk_sb ids = {0}, out = {0};
    cJSON *doc = NULL;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        goto done;
    if (!all && (rc = select_cases(db, a, &ids)) != 0)
        goto done;
    rc = TRK_ERR;
    doc = trk_export_document(db, all ? NULL : ids.p);
    if (!doc)
        goto done;
    trk_json_pretty(&out, doc);
    if (out.oom) {
        trk_error("out of memory");
        goto done;
    }
    if (trk_write_file(trk_arg(a, "output"), out.p, out.n) != 0)
        goto done;
    rc = TRK_OK;
done:
    cJSON_Delete(doc);
    free(ids.p);
    free(out.p);
    trk_db_close(db);
    return rc;
}

/* ---- timeline and html: options here, building in timeline.c ---- */

static int export_timeline(trk_ctx *ctx, trk_args *a)
{
    const char *fmt = trk_arg(a, "format");
    trk_timeline_format f = TRK_TIMELINE_TIMELINEJS;
    if (fmt && strcmp(fmt, "json") == 0)
        f = TRK_TIMELINE_JSON;
    else if (fmt && strcmp(fmt, "timelinejs") != 0)
        return trk_usage_error(a, "invalid value for --format: \"%s\" (expected timelinejs or json)",
                               fmt);
    return timeline_export(ctx, a, f);
}

static int export_html(trk_ctx *ctx, trk_args *a)
{
    return timeline_export(ctx, a, TRK_TIMELINE_HTML);
}

static const trk_opt json_opts[] = {
    {"case", "ID", "export this case (id or external id)", TRK_OPT_MULTI},
    {"all", NULL, "export every case and every party, body and source", 0},
    {"output", "FILE", "write to FILE (atomically) instead of stdout", 0},
    {NULL},
};

static const trk_opt timeline_opts[] = {
    {"case", "ID", "the case (id or external id)", TRK_OPT_REQUIRED},
    {"format", "FMT", "timelinejs (Knight Lab TimelineJS3 JSON, default) or json", 0},
    {"as-of", "DATE", "deadline statuses as of DATE (default today)", 0},
    {"include-vacated", NULL, "also vacated events and deadlines, marked (vacated)", 0},
    {"output", "FILE", "write to FILE (atomically) instead of stdout", 0},
    {NULL},
};

static const trk_opt html_opts[] = {
    {"case", "ID", "the case (id or external id)", TRK_OPT_REQUIRED},
    {"as-of", "DATE", "deadline statuses as of DATE (default today)", 0},
    {"include-vacated", NULL, "also vacated events and deadlines, marked (vacated)", 0},
    {"output", "FILE", "write to FILE (atomically) instead of stdout", 0},
    {NULL},
};

static const trk_cmd export_json_cmd = {
    "json", NULL, "export cases in the interchange format (tracker import reads it back)",
    json_opts, 0, 0, export_json,
    "The format is described in docs/interchange.md. The output is deterministic: exporting,\n"
    "importing into an empty database and exporting again gives the same bytes.\n"
    "-o FILE is accepted as --output FILE."};

#define PUBLISHED_HELP                                                                             \
    "Deadline statuses are as of today (or --as-of DATE), as case show gives them: an open\n"     \
    "deadline whose last day has passed is \"missed\". Vacated events and vacated deadlines\n"    \
    "(of a vacated or deleted event) are left out unless --include-vacated; superseded\n"         \
    "deadlines are never shown. A fine is written as people write it (800,000 RUB) with its\n"   \
    "recorded equivalents and their dates."

static const trk_cmd export_timeline_cmd = {
    "timeline", NULL, "export a case's timeline (TimelineJS3 JSON, or plain JSON)", timeline_opts,
    0, 0, export_timeline,
    "TimelineJS: https://timeline.knightlab.com/docs/json-format.html. Events become slides with\n"
    "their sources as media; appeal windows, grace periods and other deadlines become eras.\n"
    PUBLISHED_HELP};

static const trk_cmd export_html_cmd = {
    "html", NULL, "export a case's timeline as one self-contained HTML page", html_opts, 0, 0,
    export_html, "The page needs no network access: styles and script are inline.\n" PUBLISHED_HELP};

int trk_cmd_export(trk_ctx *ctx, int argc, char **argv)
{
    const trk_cmd table[] = {export_ics_cmd, export_json_cmd, export_timeline_cmd, export_html_cmd,
                             {NULL}};
    return trk_dispatch(ctx, "export", "Export calendars (.ics), timelines and JSON.", table, argc,
                        argv);
}
