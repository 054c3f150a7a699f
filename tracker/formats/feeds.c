/*
 * feed_store.c: deadlines and events of a filter, read from PostgreSQL and worded for calendars.
 *
 * The rule table comes from a later migration of the rules engine; it is read as a whole row
 * (to_jsonb) when it exists, so that this file depends on no column name of it.
 */
#include "feeds.h"

#include "crypto.h"

#include "date.h"
#include "deadlines.h"
#include "model.h"
#include "open.h"
#include "rules.h"
#include "strbuf.h"
#include "timeline.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int trk_feed_parse_intarray(const char *s, int **out, int *n)
{
    *out = NULL;
    *n = 0;
    size_t len = strlen(s);
    if (len < 2 || s[0] != '{' || s[len - 1] != '}')
        return -1;
    if (len == 2)
        return 0;
    int cnt = 1;
    for (const char *p = s; *p; p++)
        cnt += *p == ',';
    int *v = calloc((size_t)cnt, sizeof *v);
    if (!v)
        return -1;
    const char *p = s + 1;
    for (int i = 0; i < cnt; i++) {
        char *end;
        long x = strtol(p, &end, 10);
        if (end == p || x < 0 || x > 1000000 || (*end != ',' && *end != '}')) {
            free(v);
            return -1;
        }
        v[i] = (int)x;
        p = end + 1;
    }
    *out = v;
    *n = cnt;
    return 0;
}

static const char *const filter_where = " WHERE ($1::bigint IS NULL OR c.id = $1::bigint)"
                                        " AND ($2::text IS NULL OR c.jurisdiction = $2::text)"
                                        " AND ($3::text IS NULL OR $3::text = ANY (c.tags))";

#define UTC_FMT "'YYYYMMDD\"T\"HH24MISS\"Z\"'"

#define SOURCES_OF(ev)                                                                             \
    "(SELECT json_agg(json_build_object('url', s.url, 'title', s.title, 'publisher',"              \
    " s.publisher, 'published_on', s.published_on) ORDER BY s.published_on NULLS LAST, "           \
    "s.id)::text"                                                                                  \
    " FROM event_source es JOIN source s ON s.id = es.source_id WHERE es.event_id = " ev           \
    ") AS sources"

#define DEADLINE_COLS                                                                              \
    "SELECT d.id, d.kind, d.title, d.due_on, d.earliest_on, d.latest_on, d.status, d.revision,"    \
    " " TRK_SQL_DISPLAY_STATUS(                                                                    \
        "$4") " AS shown_status,"                                                                  \
              " CASE WHEN e.id IS NULL THEN 'the date it counts from is not known exactly'"        \
              " WHEN e.date_precision <> 'day' THEN 'the date of its trigger is known only to "    \
              "the '"                                                                              \
              " || e.date_precision ELSE 'the date its trigger was received (served) is not "      \
              "known' END"                                                                         \
              " AS range_reason,"                                                                  \
              " d.later_on, d.later_reason,"                                                       \
              " d.explanation::text AS explanation, d.period_count, d.period_unit, d.roll,"        \
              " to_char(d.due_time, 'HH24:MI') AS due_time, d.time_zone,"                          \
              " to_char(d.updated_at AT TIME ZONE 'UTC', " UTC_FMT ") AS stamp,"                   \
              " CASE WHEN d.due_time IS NOT NULL THEN to_char((d.due_on + d.due_time) AT TIME "    \
              "ZONE"                                                                               \
              " d.time_zone AT TIME ZONE 'UTC', " UTC_FMT ") END AS due_utc,"                      \
              " c.id AS case_id, c.title AS case_title, c.jurisdiction, "                          \
              "array_to_json(c.tags)::text AS "                                                    \
              "tags,"                                                                              \
              " ca.alarms::text AS case_alarms,"                                                   \
              " e.type AS trigger_type, e.title AS trigger_title, e.date AS trigger_date,"         \
              " e.received_on AS trigger_received, " SOURCES_OF("d.trigger_event_id")

#define DEADLINE_FROM                                                                              \
    " FROM deadline d JOIN legal_case c ON c.id = d.case_id"                                       \
    " LEFT JOIN event e ON e.id = d.trigger_event_id"                                              \
    " LEFT JOIN case_alarm ca ON ca.case_id = c.id"

static const char deadlines_sql[] = DEADLINE_COLS ", NULL::text AS rule" DEADLINE_FROM;
static const char deadlines_rule_sql[] = DEADLINE_COLS
    ", (SELECT to_jsonb(r)::text FROM rule r WHERE r.id = d.rule_id) AS rule" DEADLINE_FROM;

static const char events_sql[] =
    "SELECT e.id, e.type, e.title, e.description, e.date, e.date_precision, e.outcome, e.vacated,"
    " to_char(e.time, 'HH24:MI') AS time, e.time_zone,"
    " CASE WHEN e.time IS NOT NULL THEN to_char((e.date + e.time) AT TIME ZONE e.time_zone"
    " AT TIME ZONE 'UTC', " UTC_FMT ") END AS at_utc,"
    " to_char(e.updated_at AT TIME ZONE 'UTC', " UTC_FMT ") AS stamp,"
    " (SELECT count(*) FROM audit a WHERE a.table_name = 'event' AND a.row_id = e.id"
    " AND a.op = 'UPDATE') AS changes,"
    " c.id AS case_id, c.title AS case_title, c.jurisdiction, array_to_json(c.tags)::text AS tags,"
    " f.amount::text AS fine_amount, f.currency AS fine_currency, f.paid AS fine_paid,"
    " f.paid_on::text AS fine_paid_on, " TRK_SQL_FINE_EQUIVALENTS(
        "f") " AS fine_equivalents, " SOURCES_OF("e.id") " FROM event e JOIN legal_case c ON c.id "
                                                         "= e.case_id LEFT JOIN fine f ON "
                                                         "f.event_id = e.id";

/* Human words for a few codes. */
static const char *kind_words(const char *kind)
{
    static const struct {
        const char *code, *words;
    } map[] = {{"appeal", "Appeal deadline"},         {"grace", "Grace period ends"},
               {"compliance", "Compliance deadline"}, {"response", "Response deadline"},
               {"payment", "Payment deadline"},       {"limitation", "Limitation period ends"},
               {"block_possible", "Block possible"},  {"other", "Deadline"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].code, kind) == 0)
            return map[i].words;
    return "Deadline";
}

static char *xstrdup(const char *s, bool *failed)
{
    char *d = strdup(s ? s : "");
    if (!d)
        *failed = true;
    return d;
}

/* Categories: the kind, the jurisdiction and each tag of the case. */
static int set_categories(trk_ics_event *e, const char *first, const char *jurisdiction,
                          const char *tags_json)
{
    cJSON *tags = tags_json ? cJSON_Parse(tags_json) : NULL;
    int ntags = cJSON_IsArray(tags) ? cJSON_GetArraySize(tags) : 0;
    e->categories = calloc((size_t)ntags + 2, sizeof *e->categories);
    bool failed = e->categories == NULL;
    if (!failed) {
        e->categories[e->ncategories++] = xstrdup(first, &failed);
        e->categories[e->ncategories++] = xstrdup(jurisdiction, &failed);
        for (int i = 0; i < ntags; i++) {
            cJSON *t = cJSON_GetArrayItem(tags, i);
            if (cJSON_IsString(t))
                e->categories[e->ncategories++] = xstrdup(t->valuestring, &failed);
        }
    }
    cJSON_Delete(tags);
    return failed ? -1 : 0;
}

/* "Sources:" lines; returns the first source URL (malloc'd) or NULL. */
static char *put_sources(trk_sb *b, const char *json)
{
    char *first = NULL;
    cJSON *arr = json ? cJSON_Parse(json) : NULL;
    if (cJSON_IsArray(arr) && cJSON_GetArraySize(arr) > 0) {
        trk_sb_puts(b, "\nSources:");
        cJSON *s;
        cJSON_ArrayForEach(s, arr)
        {
            cJSON *url = cJSON_GetObjectItemCaseSensitive(s, "url");
            cJSON *title = cJSON_GetObjectItemCaseSensitive(s, "title");
            cJSON *pub = cJSON_GetObjectItemCaseSensitive(s, "publisher");
            cJSON *when = cJSON_GetObjectItemCaseSensitive(s, "published_on");
            trk_sb_puts(b, "\n- ");
            if (cJSON_IsString(title)) {
                trk_sb_puts(b, title->valuestring);
                trk_sb_puts(b, " ");
            }
            if (cJSON_IsString(pub) || cJSON_IsString(when)) {
                trk_sb_puts(b, "(");
                if (cJSON_IsString(pub))
                    trk_sb_puts(b, pub->valuestring);
                if (cJSON_IsString(pub) && cJSON_IsString(when))
                    trk_sb_puts(b, ", ");
                if (cJSON_IsString(when))
                    trk_sb_puts(b, when->valuestring);
                trk_sb_puts(b, ") ");
            }
            if (cJSON_IsString(url)) {
                trk_sb_puts(b, url->valuestring);
                if (!first)
                    first = strdup(url->valuestring);
            }
        }
    }
    cJSON_Delete(arr);
    return first;
}

static const char *json_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

/* One explanation step: a string, or an object with a text-like member. */
static void put_step(trk_sb *b, const cJSON *step)
{
    if (cJSON_IsString(step)) {
        trk_sb_puts(b, step->valuestring);
        return;
    }
    static const char *const keys[] = {"text", "description", "step", "message", "note", NULL};
    for (int i = 0; keys[i]; i++) {
        const char *t = json_str(step, keys[i]);
        if (t) {
            trk_sb_puts(b, t);
            return;
        }
    }
    char *s = cJSON_PrintUnformatted(step);
    if (s)
        trk_sb_puts(b, s);
    free(s);
}

/* The stored explanation, whatever its exact shape: text, {text|summary}, {steps|lines: [...]}. */
static void put_explanation(trk_sb *b, const char *json)
{
    cJSON *x = json ? cJSON_Parse(json) : NULL;
    if (!x)
        return;
    if (cJSON_IsString(x)) {
        trk_sb_puts(b, "\nExplanation:\n");
        trk_sb_puts(b, x->valuestring);
    } else if (cJSON_IsObject(x) || cJSON_IsArray(x)) {
        const cJSON *steps = cJSON_IsArray(x) ? x : cJSON_GetObjectItemCaseSensitive(x, "steps");
        if (!steps && cJSON_IsObject(x))
            steps = cJSON_GetObjectItemCaseSensitive(x, "lines");
        const char *text = cJSON_IsObject(x) ? json_str(x, "text") : NULL;
        if (!text && cJSON_IsObject(x))
            text = json_str(x, "summary");
        if (text || cJSON_IsArray(steps)) {
            trk_sb_puts(b, "\nExplanation:");
            if (text) {
                trk_sb_puts(b, "\n");
                trk_sb_puts(b, text);
            }
            const cJSON *st;
            if (cJSON_IsArray(steps))
                cJSON_ArrayForEach(st, steps)
                {
                    trk_sb_puts(b, "\n- ");
                    put_step(b, st);
                }
        }
    }
    cJSON_Delete(x);
}

/* Rule lines from a whole rule row (to_jsonb), whichever of the usual columns it has. */
static void put_rule(trk_sb *b, const char *json)
{
    cJSON *r = json ? cJSON_Parse(json) : NULL;
    if (!cJSON_IsObject(r)) {
        cJSON_Delete(r);
        return;
    }
    const char *code = json_str(r, "code");
    if (!code)
        code = json_str(r, "name");
    const char *desc = json_str(r, "title");
    const char *more = json_str(r, "description");
    const char *basis = json_str(r, "basis");
    if (!basis)
        basis = json_str(r, "legal_basis");
    if (code || desc) {
        trk_sb_puts(b, "\nRule: ");
        if (code)
            trk_sb_puts(b, code);
        if (code && desc)
            trk_sb_puts(b, " - ");
        if (desc)
            trk_sb_puts(b, desc);
    }
    if (more) {
        trk_sb_puts(b, "\n");
        trk_sb_puts(b, more);
    }
    if (basis) {
        trk_sb_puts(b, "\nLegal basis: ");
        trk_sb_puts(b, basis);
    }
    const char *from = json_str(r, "valid_from"), *to = json_str(r, "valid_to");
    if (from || to)
        trk_sb_printf(b, "\nIn force: %s to %s", from ? from : "(always)", to ? to : "(open)");
    cJSON_Delete(r);
}

/* The SUMMARY of a cancelled event starts with this, besides STATUS:CANCELLED. */
#define CANCELLED_PREFIX "Cancelled: "

static bool is_cancelled_status(const char *st)
{
    return strcmp(st, "vacated") == 0 || strcmp(st, "superseded") == 0;
}

static int set_alarms(trk_ics_event *e, const int *v, int n)
{
    if (n == 0)
        return 0;
    e->alarms = malloc((size_t)n * sizeof *e->alarms);
    if (!e->alarms)
        return -1;
    memcpy(e->alarms, v, (size_t)n * sizeof *v);
    e->nalarms = n;
    return 0;
}

static const int default_alarms[] = {7 * 24 * 60, 24 * 60};

/* Append a VEVENT to cal with the summary and description built so far (taken from their
 * buffers), url (owned from here on), UID PREFIX-ID@HOST, SEQUENCE and DTSTAMP, starting at the
 * UTC instant start_utc, or on the all-day date when start_utc is NULL. NULL when out of memory
 * (nothing leaks); *failed is set when a copy failed. */
static trk_ics_event *add_vevent(trk_ics_calendar *cal, trk_sb *summary, trk_sb *desc, char *url,
                                 const char *prefix, long long id, const char *host, int sequence,
                                 const char *stamp, const char *start_utc, trk_date date,
                                 bool *failed)
{
    char *summary_s = trk_sb_detach(summary), *desc_s = trk_sb_detach(desc);
    trk_ics_event *e = trk_ics_add(cal);
    if (!e || !summary_s || !desc_s) {
        free(summary_s);
        free(desc_s);
        free(url);
        return NULL;
    }
    char uid[160];
    snprintf(uid, sizeof uid, "%s-%lld@%s", prefix, id, host);
    e->uid = xstrdup(uid, failed);
    e->sequence = sequence;
    e->summary = summary_s;
    e->description = desc_s;
    e->url = url;
    snprintf(e->stamp_utc, sizeof e->stamp_utc, "%s", stamp);
    if (start_utc) {
        e->all_day = false;
        snprintf(e->start_utc, sizeof e->start_utc, "%s", start_utc);
    } else {
        e->all_day = true;
        e->date = date;
    }
    return e;
}

static int add_deadline(trk_ics_calendar *cal, const trk_feed_opts *o, const trk_res *r, int i,
                        const char *host)
{
    long long id = trk_res_int(r, i, "id");
    const char *status = trk_res_val(r, i, "status");
    const char *due_on = trk_res_val(r, i, "due_on");
    const char *earliest = trk_res_val(r, i, "earliest_on");
    const char *latest = trk_res_val(r, i, "latest_on");
    const char *due_utc = trk_res_val(r, i, "due_utc");
    const char *stamp = trk_res_val(r, i, "stamp");
    int revision = (int)trk_res_int(r, i, "revision");
    trk_date due;
    if (!status || !due_on || !stamp || trk_date_parse(due_on, &due) != 0)
        return -1;
    bool cancelled = is_cancelled_status(status);
    const char *shown = trk_res_val(r, i, "shown_status"); /* missed once its last day passed */

    trk_sb summary = {0}, desc = {0};
    const char *title = trk_res_val(r, i, "title");
    /* Calendar apps that ignore STATUS:CANCELLED (calcurse) still show the word. */
    if (cancelled)
        trk_sb_puts(&summary, CANCELLED_PREFIX);
    trk_sb_puts(&summary, title ? title : kind_words(trk_res_val(r, i, "kind")));
    if (earliest && latest && strcmp(earliest, latest) != 0)
        trk_sb_printf(&summary, " (earliest date; latest %s)", latest);
    trk_sb_printf(&summary, ": %s (%s)", trk_res_val(r, i, "case_title"),
                  trk_res_val(r, i, "jurisdiction"));

    trk_sb_printf(&desc, "%s: %s (%s)", kind_words(trk_res_val(r, i, "kind")),
                  trk_res_val(r, i, "case_title"), trk_res_val(r, i, "jurisdiction"));
    if (due_utc)
        trk_sb_printf(&desc, "\nDue: %s %s %s", due_on, trk_res_val(r, i, "due_time"),
                      trk_res_val(r, i, "time_zone"));
    else
        trk_sb_printf(&desc, "\nDue: %s", due_on);
    if (earliest && latest && strcmp(earliest, latest) != 0)
        trk_sb_printf(&desc, "\nRange: between %s and %s (%s; shown on the earliest date)",
                      earliest, latest, trk_res_val(r, i, "range_reason"));
    /* a contested day: the event stays on the safe (earlier) date; the later one is told here */
    if (trk_res_val(r, i, "later_on"))
        trk_sb_printf(&desc, "\nMay be later: %s, %s (shown on the earlier date)",
                      trk_res_val(r, i, "later_on"), trk_res_val(r, i, "later_reason"));
    trk_sb_printf(&desc, "\nStatus: %s (as of %s; revision %d)", shown ? shown : status, o->as_of,
                  revision);
    put_rule(&desc, trk_res_val(r, i, "rule"));
    if (trk_res_val(r, i, "period_count") && trk_res_val(r, i, "period_unit"))
        trk_sb_printf(&desc, "\nPeriod: %s %s%s%s", trk_res_val(r, i, "period_count"),
                      trk_unit_label(trk_res_val(r, i, "period_unit")),
                      trk_res_val(r, i, "roll") ? ", roll " : "",
                      trk_res_val(r, i, "roll") ? trk_res_val(r, i, "roll") : "");
    if (trk_res_val(r, i, "trigger_title")) {
        trk_sb_printf(&desc, "\nTrigger: %s (%s) on %s", trk_res_val(r, i, "trigger_title"),
                      trk_res_val(r, i, "trigger_type"), trk_res_val(r, i, "trigger_date"));
        if (trk_res_val(r, i, "trigger_received"))
            trk_sb_printf(&desc, ", received %s", trk_res_val(r, i, "trigger_received"));
    }
    put_explanation(&desc, trk_res_val(r, i, "explanation"));
    char *url = put_sources(&desc, trk_res_val(r, i, "sources"));

    bool failed = false;
    trk_ics_event *e = add_vevent(cal, &summary, &desc, url, "deadline", id, host, revision, stamp,
                                  due_utc, due, &failed);
    if (!e)
        return -1;
    e->cancelled = cancelled;
    if (set_categories(e, trk_res_val(r, i, "kind"), trk_res_val(r, i, "jurisdiction"),
                       trk_res_val(r, i, "tags")) != 0)
        failed = true;
    /* Alarms: the feed's or export's own, else the case's, else the default; open ones only. */
    if (strcmp(status, "open") == 0) {
        int *case_alarms = NULL, ncase = 0;
        const char *ca = trk_res_val(r, i, "case_alarms");
        if (o->alarms_set) {
            if (set_alarms(e, o->alarms, o->nalarms) != 0)
                failed = true;
        } else if (ca && trk_feed_parse_intarray(ca, &case_alarms, &ncase) == 0) {
            if (set_alarms(e, case_alarms, ncase) != 0)
                failed = true;
        } else if (set_alarms(e, default_alarms, 2) != 0) {
            failed = true;
        }
        free(case_alarms);
    }
    if (failed)
        return -1;

    /* Explicit reminder events: their own UIDs, all-day, N days before the due date. */
    for (int k = 0; k < o->nreminders; k++) {
        int days = o->reminders[k] / (24 * 60);
        trk_ics_event *rem = trk_ics_add(cal);
        if (!rem)
            return -1;
        const trk_ics_event *dl = &cal->ev[cal->n - 2 - k]; /* the deadline (array may move) */
        const char *what = dl->summary;
        if (strncmp(what, CANCELLED_PREFIX, strlen(CANCELLED_PREFIX)) == 0)
            what += strlen(CANCELLED_PREFIX);
        trk_sb s = {0};
        trk_sb_printf(&s, "%s%d day%s until: %s",
                      strcmp(status, "open") != 0 ? CANCELLED_PREFIX : "", days,
                      days == 1 ? "" : "s", what);
        rem->summary = trk_sb_detach(&s);
        char uid[160];
        snprintf(uid, sizeof uid, "reminder-%dd-deadline-%lld@%s", days, id, host);
        rem->uid = xstrdup(uid, &failed);
        rem->description = xstrdup(dl->description, &failed);
        if (dl->url)
            rem->url = xstrdup(dl->url, &failed);
        rem->sequence = revision;
        rem->all_day = true;
        rem->date = due - days;
        rem->transparent = true;
        rem->cancelled = strcmp(status, "open") != 0;
        snprintf(rem->stamp_utc, sizeof rem->stamp_utc, "%s", stamp);
        if (!rem->summary || set_categories(rem, "reminder", trk_res_val(r, i, "jurisdiction"),
                                            trk_res_val(r, i, "tags")) != 0)
            failed = true;
    }
    return failed ? -1 : 0;
}

static int add_event(trk_ics_calendar *cal, const trk_res *r, int i, const char *host)
{
    long long id = trk_res_int(r, i, "id");
    const char *date = trk_res_val(r, i, "date");
    const char *stamp = trk_res_val(r, i, "stamp");
    const char *at_utc = trk_res_val(r, i, "at_utc");
    const char *precision = trk_res_val(r, i, "date_precision");
    trk_date d;
    if (!date || !stamp || trk_date_parse(date, &d) != 0)
        return -1;
    trk_sb summary = {0}, desc = {0};
    trk_sb_printf(&summary, "%s%s: %s (%s)", trk_res_bool(r, i, "vacated") ? CANCELLED_PREFIX : "",
                  trk_res_val(r, i, "title"), trk_res_val(r, i, "case_title"),
                  trk_res_val(r, i, "jurisdiction"));
    trk_sb_printf(&desc, "Event: %s", trk_res_val(r, i, "type"));
    if (trk_res_val(r, i, "outcome"))
        trk_sb_printf(&desc, " (%s)", trk_res_val(r, i, "outcome"));
    trk_sb_printf(&desc, "\nCase: %s (%s)", trk_res_val(r, i, "case_title"),
                  trk_res_val(r, i, "jurisdiction"));
    if (at_utc)
        trk_sb_printf(&desc, "\nDate: %s %s %s", date, trk_res_val(r, i, "time"),
                      trk_res_val(r, i, "time_zone"));
    else if (precision && strcmp(precision, "day") != 0)
        trk_sb_printf(&desc, "\nDate: known only to the %s (shown on %s)", precision, date);
    else
        trk_sb_printf(&desc, "\nDate: %s", date);
    if (trk_res_val(r, i, "fine_amount")) {
        trk_sb_puts(&desc, "\n");
        trk_fine_words(&desc, trk_res_val(r, i, "fine_amount"), trk_res_val(r, i, "fine_currency"),
                       trk_res_bool(r, i, "fine_paid"), trk_res_val(r, i, "fine_paid_on"),
                       trk_res_val(r, i, "fine_equivalents"));
    }
    if (trk_res_bool(r, i, "vacated"))
        trk_sb_puts(&desc, "\nVacated");
    if (trk_res_val(r, i, "description")) {
        trk_sb_puts(&desc, "\n\n");
        trk_sb_puts(&desc, trk_res_val(r, i, "description"));
    }
    char *url = put_sources(&desc, trk_res_val(r, i, "sources"));
    bool failed = false;
    trk_ics_event *e = add_vevent(cal, &summary, &desc, url, "event", id, host,
                                  (int)trk_res_int(r, i, "changes"), stamp, at_utc, d, &failed);
    if (!e)
        return -1;
    e->cancelled = trk_res_bool(r, i, "vacated");
    e->transparent = true;
    if (set_categories(e, trk_res_val(r, i, "type"), trk_res_val(r, i, "jurisdiction"),
                       trk_res_val(r, i, "tags")) != 0)
        failed = true;
    return failed ? -1 : 0;
}

static trk_res *q(trk_db *db, const char *sql, int n, const char *const *p, bool quiet)
{
    trk_res *r = trk_db_try_query(db, sql, n, p);
    if (!r && !quiet)
        trk_db_report(db);
    return r;
}

char *trk_feed_default_name(trk_db *db, const trk_feed_filter *f, bool quiet)
{
    char idbuf[24];
    if (f->case_id)
        snprintf(idbuf, sizeof idbuf, "%lld", f->case_id);
    const char *p[] = {f->case_id ? idbuf : NULL};
    trk_sb b = {0};
    if (f->case_id) {
        trk_res *r = q(db, "SELECT title FROM legal_case WHERE id = $1::bigint", 1, p, quiet);
        if (!r)
            return NULL;
        trk_sb_printf(&b, "tracker: %s", trk_res_rows(r) ? trk_res_val(r, 0, "title") : "case");
        trk_res_free(r);
    } else if (f->jurisdiction && f->tag) {
        trk_sb_printf(&b, "tracker: %s deadlines tagged %s", f->jurisdiction, f->tag);
    } else if (f->jurisdiction) {
        trk_sb_printf(&b, "tracker: %s deadlines", f->jurisdiction);
    } else if (f->tag) {
        trk_sb_printf(&b, "tracker: deadlines tagged %s", f->tag);
    } else {
        trk_sb_puts(&b, "tracker: all deadlines");
    }
    return trk_sb_detach(&b);
}

int trk_feed_build(trk_db *db, const trk_feed_opts *o, trk_ics_calendar *cal, trk_feed_meta *meta,
                   bool quiet)
{
    int rc = -1;
    trk_res *info = NULL, *dl = NULL, *ev = NULL;
    char idbuf[24];
    if (o->filter.case_id)
        snprintf(idbuf, sizeof idbuf, "%lld", o->filter.case_id);
    char today_buf[TRK_DATE_STRLEN];
    trk_feed_opts oo = *o; /* with the as-of day filled in */
    if (!oo.as_of) {
        trk_date today;
        if (trk_date_today(&today) != 0) {
            if (!quiet)
                trk_error("could not read today's date (or $TRACKER_TODAY is not YYYY-MM-DD)");
            return -1;
        }
        oo.as_of = trk_date_format(today, today_buf);
    }
    o = &oo;
    const char *p[] = {o->filter.case_id ? idbuf : NULL, o->filter.jurisdiction, o->filter.tag,
                       o->as_of};
    memset(meta, 0, sizeof *meta);

    if (trk_db_try_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL) != 0) {
        if (!quiet)
            trk_db_report(db);
        return -1;
    }
    info =
        q(db,
          "SELECT to_regclass('rule') IS NOT NULL AS has_rule,"
          " (SELECT uid_host FROM tracker_instance) AS host,"
          " m.generation, extract(epoch FROM date_trunc('second', m.changed_at))::bigint AS changed"
          " FROM change_marker m",
          0, NULL, quiet);
    if (!info || trk_res_rows(info) != 1)
        goto out;
    meta->generation = trk_res_int(info, 0, "generation");
    snprintf(meta->changed_at, sizeof meta->changed_at, "%s", trk_res_val(info, 0, "changed"));
    const char *host = trk_res_val(info, 0, "host");

    char sql[8192];
    if ((size_t)snprintf(sql, sizeof sql, "%s%s ORDER BY d.due_on, d.id",
                         trk_res_bool(info, 0, "has_rule") ? deadlines_rule_sql : deadlines_sql,
                         filter_where) >= sizeof sql)
        goto oom;
    dl = q(db, sql, 4, p, quiet);
    if (!dl)
        goto out;
    if (o->include_events) {
        if ((size_t)snprintf(sql, sizeof sql, "%s%s ORDER BY e.date, e.id", events_sql,
                             filter_where) >= sizeof sql)
            goto oom;
        ev = q(db, sql, 3, p, quiet);
        if (!ev)
            goto out;
    }
    cal->name = o->name ? strdup(o->name) : trk_feed_default_name(db, &o->filter, quiet);
    if (!cal->name)
        goto out;
    cal->description = strdup("Deadlines recorded in tracker, with their legal basis and sources. "
                              "Updated and cancelled deadlines replace earlier versions.");
    cal->refresh_minutes = o->refresh_minutes > 0 ? o->refresh_minutes : 60;
    if (!cal->description)
        goto out;
    for (int i = 0; i < trk_res_rows(dl); i++)
        if (add_deadline(cal, o, dl, i, host) != 0)
            goto oom;
    for (int i = 0; ev && i < trk_res_rows(ev); i++)
        if (add_event(cal, ev, i, host) != 0)
            goto oom;
    meta->ndeadlines = trk_res_rows(dl);
    meta->nevents = ev ? trk_res_rows(ev) : 0;
    rc = 0;
    goto out;
oom:
    if (!quiet)
        fprintf(stderr,
                "tracker: error: could not build the calendar: out of memory or bad data\n");
out:
    trk_res_free(info);
    trk_res_free(dl);
    trk_res_free(ev);
    trk_db_rollback(db);
    if (rc != 0)
        trk_ics_calendar_free(cal);
    return rc;
}

int trk_feed_render(trk_db *db, const trk_feed_opts *o, char **out, size_t *len,
                    trk_feed_meta *meta, bool quiet)
{
    trk_ics_calendar cal = {0};
    if (trk_feed_build(db, o, &cal, meta, quiet) != 0)
        return -1;
    int rc = trk_ics_render(&cal, out, len);
    if (rc != 0 && !quiet)
        fprintf(stderr, "tracker: error: could not render the calendar\n");
    trk_ics_calendar_free(&cal);
    return rc;
}

char *trk_feed_int_array(const int *v, int n, char *buf, size_t size)
{
    size_t j = 0;
    buf[j++] = '{';
    for (int i = 0; i < n && j + 14 < size; i++)
        j += (size_t)snprintf(buf + j, size - j, "%s%d", i ? "," : "", v[i]);
    buf[j++] = '}';
    buf[j] = '\0';
    return buf;
}

int trk_feed_create(trk_db *db, const trk_feed_opts *o, char token[44], long long *id)
{
    char hex[TRK_SHA256_HEXLEN];
    trk_random_token(token);
    trk_sha256_hex(token, strlen(token), hex);
    char idb[24], ab[256], rb[256];
    const char *p[] = {o->name,
                       o->filter.case_id ? trk_idstr(o->filter.case_id, idb) : NULL,
                       o->filter.jurisdiction,
                       o->filter.tag,
                       o->include_events ? "true" : "false",
                       o->alarms_set ? trk_feed_int_array(o->alarms, o->nalarms, ab, sizeof ab)
                                     : NULL,
                       trk_feed_int_array(o->reminders, o->nreminders, rb, sizeof rb),
                       hex};
    trk_res *r = trk_db_query(db,
                              "INSERT INTO feed (name, case_id, jurisdiction, tag, include_events,"
                              " alarms, reminders, token_sha256) VALUES ($1, $2::bigint, $3, $4,"
                              " $5::boolean, $6::int[], $7::int[], $8) RETURNING id",
                              8, p);
    if (!r)
        return -1;
    *id = trk_res_int(r, 0, "id");
    trk_res_free(r);
    return 0;
}

int trk_feed_revoke(trk_db *db, long long id)
{
    char idb[24];
    const char *p[] = {trk_idstr(id, idb)};
    trk_res *r = trk_db_query(db,
                              "WITH u AS (UPDATE feed SET revoked_at = now() WHERE id = $1::bigint"
                              " AND revoked_at IS NULL RETURNING id)"
                              " SELECT (SELECT count(*) FROM u) AS revoked,"
                              " (SELECT count(*) FROM feed WHERE id = $1::bigint) AS known",
                              1, p);
    if (!r)
        return -1;
    int rc = trk_res_int(r, 0, "known") == 0 ? 2 : trk_res_int(r, 0, "revoked") == 1 ? 0 : 1;
    trk_res_free(r);
    return rc;
}
