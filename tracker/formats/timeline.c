/*
 * timeline.c: a case's events and deadlines as a timeline: TimelineJS3 JSON (slides with
 * start_date/text/media/group/unique_id, eras for deadline windows), a plain JSON list, or a
 * self-contained HTML page (inline CSS, no script, no network) that embeds the TimelineJS JSON.
 */
#include "timeline.h"

#include "date.h"
#include "deadlines.h"
#include "open.h"
#include "money.h"
#include "report.h"
#include "text.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char q_case[] =
    "SELECT c.id, coalesce(c.external_id, 'local:case:' || c.id) AS ext, c.title, c.summary,"
    " c.jurisdiction, j.name AS jurisdiction_name, b.name AS body, c.docket, c.status,"
    " array_to_json(c.tags)::text AS tags"
    " FROM legal_case c JOIN jurisdiction j ON j.code = c.jurisdiction"
    " LEFT JOIN body b ON b.id = c.body_id WHERE c.id = $1";

static const char q_events[] =
    "SELECT e.id, coalesce(e.external_id, 'local:event:' || e.id) AS ext, e.type, e.date::text AS date,"
    " e.date_precision, to_char(e.time, 'HH24:MI') AS time, e.time_zone,"
    " e.received_on::text AS received_on, e.outcome, e.title, e.description, e.vacated,"
    " p.name AS party, b.name AS body, f.amount::text AS amount, f.currency, f.paid,"
    " f.paid_on::text AS paid_on, " TRK_SQL_FINE_EQUIVALENTS("f") " AS equivalents"
    " FROM event e LEFT JOIN party p ON p.id = e.party_id LEFT JOIN body b ON b.id = e.body_id"
    " LEFT JOIN fine f ON f.event_id = e.id WHERE e.case_id = $1"
    " AND ($2::bool OR NOT e.vacated) ORDER BY e.date, e.id";

static const char q_sources[] =
    "SELECT es.event_id, x.url, x.title, x.publisher, x.published_on::text AS published_on"
    " FROM event_source es JOIN event e ON e.id = es.event_id JOIN source x ON x.id = es.source_id"
    " WHERE e.case_id = $1 ORDER BY es.event_id, x.id";

static const char q_deadlines[] =
    "SELECT d.id, coalesce(d.external_id, 'local:deadline:' || d.id) AS ext, d.kind, d.title,"
    " d.due_on::text AS due_on, d.earliest_on::text AS earliest_on,"
    " d.latest_on::text AS latest_on, " TRK_SQL_DISPLAY_STATUS("$3") " AS status,"
    " d.later_on::text AS later_on, d.later_reason,"
    " coalesce(e.received_on, e.date)::text AS start_on, e.date_precision AS trigger_precision,"
    " coalesce(e.external_id, 'local:event:' || e.id) AS trigger"
    " FROM deadline d LEFT JOIN event e ON e.id = d.trigger_event_id"
    " WHERE d.case_id = $1 AND d.status <> 'superseded' AND ($2::bool OR d.status <> 'vacated')"
    " ORDER BY d.due_on, d.id";

typedef struct tl {
    trk_res *c, *ev, *src, *dl;
    char as_of[TRK_DATE_STRLEN]; /* the day the deadline statuses are as of */
    bool include_vacated;
} tl;

static void tl_free(tl *t)
{
    trk_res_free(t->c);
    trk_res_free(t->ev);
    trk_res_free(t->src);
    trk_res_free(t->dl);
}

static int tl_load(trk_db *db, long long case_id, tl *t)
{
    char id[24];
    const char *p[] = {trk_idstr(case_id, id), t->include_vacated ? "t" : "f", t->as_of};
    if (!(t->c = trk_db_query(db, q_case, 1, p)) || !(t->ev = trk_db_query(db, q_events, 2, p)) ||
        !(t->src = trk_db_query(db, q_sources, 1, p)) ||
        !(t->dl = trk_db_query(db, q_deadlines, 3, p)))
        return -1;
    return 0;
}

/*
 * TimelineJS puts headline, text, media caption and credit, group and era headlines into the page
 * with innerHTML, so every one of them is HTML here: text is escaped. obj[key] = escaped a, then
 * escaped b (b may be NULL).
 */
static void add_html(cJSON *obj, const char *key, const char *a, const char *b)
{
    trk_sb t = {0};
    trk_html_escape(&t, a);
    trk_html_escape(&t, b);
    cJSON_AddStringToObject(obj, key, t.p && !t.oom ? t.p : "");
    free(t.p);
}

/*
 * A slide's group: TimelineJS (3.9) first strips markup from it by parsing it as HTML and keeping
 * the text, which decodes one level of entities, then sets the group label with innerHTML. So the
 * text is escaped twice: "&lt;" becomes "&amp;lt;", is "&lt;" after the strip, and shows as "<".
 */
static void add_group(cJSON *obj, const char *group)
{
    trk_sb once = {0}, twice = {0};
    trk_html_escape(&once, group);
    trk_html_escape(&twice, once.p);
    cJSON_AddStringToObject(obj, "group", twice.p && !once.oom && !twice.oom ? twice.p : "");
    free(once.p);
    free(twice.p);
}

/*
 * A media URL as TimelineJS can take it: its PDF and Google Docs media paste the URL into
 * <iframe src='URL'> by string concatenation, and it matches media types on the raw string, so
 * the characters that could end an attribute or open a tag are percent-encoded (the URL means
 * the same to a server). URLs are already checked: http(s), no spaces or control characters.
 */
static void add_url(cJSON *obj, const char *key, const char *url)
{
    trk_sb t = {0};
    for (const char *p = url ? url : ""; *p; p++) {
        if (strchr("'\"<>`\\", *p))
            trk_sb_printf(&t, "%%%02X", (unsigned)(unsigned char)*p);
        else
            trk_sb_add(&t, p, 1);
    }
    cJSON_AddStringToObject(obj, key, t.p && !t.oom ? t.p : "");
    free(t.p);
}

/* {year, month, day} as TimelineJS wants them (strings), honouring the date's precision. */
static cJSON *tl_date(const char *date, const char *precision)
{
    cJSON *d = cJSON_CreateObject();
    char y[8], m[4], dd[4];
    snprintf(y, sizeof y, "%.4s", date);
    snprintf(m, sizeof m, "%d", atoi(date + 5));
    snprintf(dd, sizeof dd, "%d", atoi(date + 8));
    cJSON_AddStringToObject(d, "year", y);
    if (!precision || strcmp(precision, "year") != 0)
        cJSON_AddStringToObject(d, "month", m);
    if (!precision || strcmp(precision, "day") == 0)
        cJSON_AddStringToObject(d, "day", dd);
    return d;
}

static int first_row(const trk_res *r, long long id)
{
    for (int i = 0; i < trk_res_rows(r); i++)
        if (trk_res_int(r, i, "event_id") == id)
            return i;
    return -1;
}

static void human_date(trk_sb *b, const char *date, const char *precision);

static void amount_words(trk_sb *b, const char *amount, const char *currency)
{
    char h[TRK_AMOUNT_HUMAN_STRLEN];
    if (amount && trk_amount_human(amount, currency, h, sizeof h) == 0)
        trk_sb_puts(b, h);
    else
        trk_sb_printf(b, "%s %s", amount ? amount : "?", currency ? currency : "");
}

void trk_fine_words(trk_sb *b, const char *amount, const char *currency, bool paid,
                    const char *paid_on, const char *equivalents_json)
{
    trk_sb_puts(b, "Fine: ");
    amount_words(b, amount, currency);
    if (paid && paid_on) {
        trk_sb_puts(b, ", paid on ");
        human_date(b, paid_on, "day");
    } else {
        trk_sb_puts(b, paid ? ", paid" : ", unpaid");
    }
    cJSON *eq = equivalents_json ? cJSON_Parse(equivalents_json) : NULL;
    int n = cJSON_IsArray(eq) ? cJSON_GetArraySize(eq) : 0;
    for (int k = 0; k < n; k++) {
        const cJSON *x = cJSON_GetArrayItem(eq, k);
        const cJSON *am = cJSON_GetObjectItemCaseSensitive(x, "amount");
        const cJSON *cu = cJSON_GetObjectItemCaseSensitive(x, "currency");
        const cJSON *on = cJSON_GetObjectItemCaseSensitive(x, "as_of");
        const cJSON *note = cJSON_GetObjectItemCaseSensitive(x, "note");
        if (!cJSON_IsString(am) || !cJSON_IsString(cu))
            continue;
        trk_sb_puts(b, k == 0 ? ". Equivalent to " : "; ");
        amount_words(b, am->valuestring, cu->valuestring);
        if (cJSON_IsString(on)) {
            trk_sb_puts(b, " as of ");
            human_date(b, on->valuestring, "day");
        }
        if (cJSON_IsString(note) && note->valuestring[0])
            trk_sb_printf(b, " (%s)", note->valuestring);
    }
    cJSON_Delete(eq);
    trk_sb_puts(b, ".");
}

/* The fine of event row i in words, or false when it has none. */
static bool fine_text(const trk_res *ev, int i, trk_sb *out)
{
    if (!trk_res_val(ev, i, "amount") || !trk_res_val(ev, i, "currency"))
        return false;
    trk_fine_words(out, trk_res_val(ev, i, "amount"), trk_res_val(ev, i, "currency"),
                   trk_res_bool(ev, i, "paid"), trk_res_val(ev, i, "paid_on"),
                   trk_res_val(ev, i, "equivalents"));
    return true;
}

/* The HTML text of an event slide: description, fine, sources as links. */
static char *event_html(const tl *t, int i)
{
    trk_sb b = {0}, fb = {0};
    long long id = trk_res_int(t->ev, i, "id");
    if (trk_res_bool(t->ev, i, "vacated")) /* shown only with --include-vacated */
        trk_sb_puts(&b, "<p>Vacated (marked so in the record).</p>");
    if (trk_res_val(t->ev, i, "description")) {
        trk_sb_puts(&b, "<p>");
        trk_html_escape(&b, trk_res_val(t->ev, i, "description"));
        trk_sb_puts(&b, "</p>");
    }
    if (fine_text(t->ev, i, &fb)) {
        trk_sb_puts(&b, "<p>");
        trk_html_escape(&b, fb.p);
        trk_sb_puts(&b, "</p>");
        if (fb.oom)
            b.oom = true;
    }
    free(fb.p);
    int k = first_row(t->src, id);
    if (k >= 0) {
        trk_sb_puts(&b, "<p>Sources: ");
        for (int n = 0; k < trk_res_rows(t->src) && trk_res_int(t->src, k, "event_id") == id;
             k++, n++) {
            if (n)
                trk_sb_puts(&b, "; ");
            trk_sb_puts(&b, "<a href=\"");
            trk_html_escape(&b, trk_res_val(t->src, k, "url"));
            trk_sb_puts(&b, "\">");
            const char *title = trk_res_val(t->src, k, "title");
            trk_html_escape(&b, title ? title : trk_res_val(t->src, k, "url"));
            trk_sb_puts(&b, "</a>");
            if (trk_res_val(t->src, k, "publisher")) {
                trk_sb_puts(&b, " (");
                trk_html_escape(&b, trk_res_val(t->src, k, "publisher"));
                trk_sb_puts(&b, ")");
            }
        }
        trk_sb_puts(&b, "</p>");
    }
    if (!b.p)
        trk_sb_puts(&b, "");
    return b.p;
}

static const char *group_of(const tl *t, int i)
{
    const char *g = trk_res_val(t->ev, i, "party");
    if (!g)
        g = trk_res_val(t->ev, i, "body");
    if (!g)
        g = trk_res_val(t->c, 0, "jurisdiction_name");
    return g;
}

static cJSON *timelinejs(const tl *t)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *title = cJSON_AddObjectToObject(root, "title");
    cJSON *tt = cJSON_AddObjectToObject(title, "text");
    add_html(tt, "headline", trk_res_val(t->c, 0, "title"), NULL);
    trk_sb s = {0};
    trk_sb_puts(&s, "<p>");
    trk_html_escape(&s, trk_res_val(t->c, 0, "summary"));
    trk_sb_puts(&s, "</p>");
    cJSON_AddStringToObject(tt, "text", s.p ? s.p : "");
    free(s.p);
    cJSON_AddStringToObject(title, "unique_id", trk_res_val(t->c, 0, "ext"));

    cJSON *events = cJSON_AddArrayToObject(root, "events");
    for (int i = 0; i < trk_res_rows(t->ev); i++) {
        cJSON *e = cJSON_CreateObject();
        long long id = trk_res_int(t->ev, i, "id");
        cJSON_AddItemToObject(e, "start_date", tl_date(trk_res_val(t->ev, i, "date"),
                                                       trk_res_val(t->ev, i, "date_precision")));
        cJSON *tx = cJSON_AddObjectToObject(e, "text");
        add_html(tx, "headline", trk_res_val(t->ev, i, "title"),
                 trk_res_bool(t->ev, i, "vacated") ? " (vacated)" : NULL);
        char *html = event_html(t, i);
        cJSON_AddStringToObject(tx, "text", html ? html : "");
        free(html);
        int k = first_row(t->src, id);
        if (k >= 0) {
            cJSON *m = cJSON_AddObjectToObject(e, "media");
            add_url(m, "url", trk_res_val(t->src, k, "url"));
            add_url(m, "link", trk_res_val(t->src, k, "url"));
            if (trk_res_val(t->src, k, "title"))
                add_html(m, "caption", trk_res_val(t->src, k, "title"), NULL);
            if (trk_res_val(t->src, k, "publisher"))
                add_html(m, "credit", trk_res_val(t->src, k, "publisher"), NULL);
        }
        add_group(e, group_of(t, i));
        cJSON_AddStringToObject(e, "unique_id", trk_res_val(t->ev, i, "ext"));
        cJSON_AddItemToArray(events, e);
    }
    cJSON *eras = cJSON_AddArrayToObject(root, "eras");
    for (int i = 0; i < trk_res_rows(t->dl); i++) {
        const char *due = trk_res_val(t->dl, i, "due_on");
        const char *end = trk_res_val(t->dl, i, "latest_on") ? trk_res_val(t->dl, i, "latest_on") : due;
        const char *status = trk_res_val(t->dl, i, "status");
        char head[1200], text[1400], suffix[64], asof[64];
        trk_sb ab = {0};
        human_date(&ab, t->as_of, "day");
        snprintf(asof, sizeof asof, "%s", ab.p ? ab.p : t->as_of);
        free(ab.p);
        /* The deadline itself, as a slide in its own group. */
        cJSON *e = cJSON_CreateObject();
        cJSON_AddItemToObject(e, "start_date", tl_date(due, "day"));
        cJSON *tx = cJSON_AddObjectToObject(e, "text");
        snprintf(suffix, sizeof suffix, " (%s)", status);
        add_html(tx, "headline", trk_res_val(t->dl, i, "title"), suffix);
        if (trk_res_val(t->dl, i, "latest_on"))
            snprintf(text, sizeof text, "<p>Due between %s and %s; status as of %s: %s.</p>", due,
                     end, asof, status);
        else
            snprintf(text, sizeof text, "<p>Due %s; status as of %s: %s.</p>", due, asof, status);
        if (trk_res_val(t->dl, i, "later_on")) /* a contested day: the text says so */
            snprintf(text + strlen(text), sizeof text - strlen(text),
                     "<p>May be later: %s, %s.</p>", trk_res_val(t->dl, i, "later_on"),
                     trk_res_val(t->dl, i, "later_reason"));
        cJSON_AddStringToObject(tx, "text", text);
        add_group(e, "Deadlines");
        snprintf(head, sizeof head, "%s:due", trk_res_val(t->dl, i, "ext"));
        cJSON_AddStringToObject(e, "unique_id", head);
        cJSON_AddItemToArray(events, e);
        /* The window from the trigger (or its receipt) to the last day, as an era. */
        const char *start = trk_res_val(t->dl, i, "start_on");
        if (!start || strcmp(start, end) > 0)
            continue;
        cJSON *era = cJSON_CreateObject();
        cJSON_AddItemToObject(era, "start_date", tl_date(start, "day"));
        cJSON_AddItemToObject(era, "end_date", tl_date(end, "day"));
        cJSON *et = cJSON_AddObjectToObject(era, "text");
        add_html(et, "headline", trk_res_val(t->dl, i, "title"), " window");
        cJSON_AddStringToObject(era, "unique_id", trk_res_val(t->dl, i, "ext"));
        cJSON_AddItemToArray(eras, era);
    }
    return root;
}

static void add_str(cJSON *o, const char *k, const char *v)
{
    cJSON_AddItemToObject(o, k, v ? cJSON_CreateString(v) : cJSON_CreateNull());
}

/* tracker's plain timeline: the case, then events and deadlines in date order. */
static cJSON *plain(const tl *t)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *c = cJSON_AddObjectToObject(root, "case");
    add_str(c, "id", trk_res_val(t->c, 0, "ext"));
    add_str(c, "title", trk_res_val(t->c, 0, "title"));
    add_str(c, "jurisdiction", trk_res_val(t->c, 0, "jurisdiction"));
    add_str(c, "body", trk_res_val(t->c, 0, "body"));
    add_str(c, "status", trk_res_val(t->c, 0, "status"));
    add_str(root, "as_of", t->as_of);
    cJSON *items = cJSON_AddArrayToObject(root, "items");
    int i = 0, d = 0, ne = trk_res_rows(t->ev), nd = trk_res_rows(t->dl);
    char buf[TRK_AMOUNT_STRLEN];
    while (i < ne || d < nd) {
        bool take_event = d >= nd || (i < ne && strcmp(trk_res_val(t->ev, i, "date"),
                                                       trk_res_val(t->dl, d, "due_on")) <= 0);
        cJSON *o = cJSON_CreateObject();
        if (take_event) {
            long long id = trk_res_int(t->ev, i, "id");
            add_str(o, "item", "event");
            add_str(o, "id", trk_res_val(t->ev, i, "ext"));
            add_str(o, "date", trk_res_val(t->ev, i, "date"));
            add_str(o, "date_precision", trk_res_val(t->ev, i, "date_precision"));
            add_str(o, "type", trk_res_val(t->ev, i, "type"));
            add_str(o, "outcome", trk_res_val(t->ev, i, "outcome"));
            add_str(o, "title", trk_res_val(t->ev, i, "title"));
            add_str(o, "description", trk_res_val(t->ev, i, "description"));
            add_str(o, "party", trk_res_val(t->ev, i, "party"));
            add_str(o, "body", trk_res_val(t->ev, i, "body"));
            if (trk_res_bool(t->ev, i, "vacated")) /* only with --include-vacated */
                cJSON_AddBoolToObject(o, "vacated", true);
            if (trk_res_val(t->ev, i, "amount")) {
                cJSON *f = cJSON_AddObjectToObject(o, "fine");
                const char *cur = trk_res_val(t->ev, i, "currency");
                if (trk_amount_format(trk_res_val(t->ev, i, "amount"), cur, buf, sizeof buf) != 0)
                    snprintf(buf, sizeof buf, "%s", trk_res_val(t->ev, i, "amount"));
                add_str(f, "amount", buf);
                add_str(f, "currency", cur);
                cJSON_AddBoolToObject(f, "paid", trk_res_bool(t->ev, i, "paid"));
            }
            cJSON *sa = cJSON_AddArrayToObject(o, "sources");
            for (int k = first_row(t->src, id);
                 k >= 0 && k < trk_res_rows(t->src) && trk_res_int(t->src, k, "event_id") == id; k++) {
                cJSON *s = cJSON_CreateObject();
                add_str(s, "url", trk_res_val(t->src, k, "url"));
                add_str(s, "title", trk_res_val(t->src, k, "title"));
                add_str(s, "publisher", trk_res_val(t->src, k, "publisher"));
                cJSON_AddItemToArray(sa, s);
            }
            i++;
        } else {
            add_str(o, "item", "deadline");
            add_str(o, "id", trk_res_val(t->dl, d, "ext"));
            add_str(o, "date", trk_res_val(t->dl, d, "due_on"));
            add_str(o, "kind", trk_res_val(t->dl, d, "kind"));
            add_str(o, "title", trk_res_val(t->dl, d, "title"));
            add_str(o, "status", trk_res_val(t->dl, d, "status"));
            add_str(o, "earliest_on", trk_res_val(t->dl, d, "earliest_on"));
            add_str(o, "latest_on", trk_res_val(t->dl, d, "latest_on"));
            add_str(o, "window_from", trk_res_val(t->dl, d, "start_on"));
            add_str(o, "trigger", trk_res_val(t->dl, d, "trigger"));
            d++;
        }
        cJSON_AddItemToArray(items, o);
    }
    return root;
}

static const char *const month_names[] = {"January", "February", "March",     "April",
                                          "May",     "June",     "July",      "August",
                                          "September", "October", "November", "December"};

static void human_date(trk_sb *b, const char *date, const char *precision)
{
    int m = atoi(date + 5);
    if (precision && strcmp(precision, "year") == 0)
        trk_sb_printf(b, "%.4s", date);
    else if (precision && strcmp(precision, "month") == 0 && m >= 1 && m <= 12)
        trk_sb_printf(b, "%s %.4s", month_names[m - 1], date);
    else if (m >= 1 && m <= 12)
        trk_sb_printf(b, "%d %s %.4s", atoi(date + 8), month_names[m - 1], date);
    else
        trk_sb_puts(b, date);
}

static const char page_css[] =
    "body{font-family:Georgia,'DejaVu Serif',serif;margin:0;background:#f7f5f0;color:#222}"
    "header{background:#1d3557;color:#fff;padding:24px 40px}"
    "header h1{margin:0 0 8px;font-size:28px}header p{margin:0;max-width:60em;line-height:1.4}"
    ".meta{font-family:sans-serif;font-size:13px;opacity:.85;margin-top:8px}"
    "ol.timeline{list-style:none;margin:24px 40px;padding:0 0 0 28px;border-left:4px solid #457b9d}"
    "ol.timeline li{position:relative;margin:0 0 18px;padding:12px 16px;background:#fff;"
    "border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.15);max-width:60em}"
    "ol.timeline li:before{content:'';position:absolute;left:-39px;top:16px;width:18px;height:18px;"
    "border-radius:50%;background:#e63946;border:3px solid #f7f5f0}"
    "ol.timeline li.deadline{background:#fff4e0}ol.timeline li.deadline:before{background:#f4a261}"
    "ol.timeline li.vacated{opacity:.6}ol.timeline li.vacated h2{text-decoration:line-through}"
    ".date{font-family:sans-serif;font-weight:bold;color:#1d3557}"
    ".group{font-family:sans-serif;font-size:12px;color:#666;margin-left:8px}"
    "li h2{font-size:18px;margin:6px 0}li p{margin:6px 0;line-height:1.4}"
    "footer{font-family:sans-serif;font-size:12px;color:#666;margin:0 40px 24px}";

static char *html_page(const tl *t, const cJSON *tljs)
{
    trk_sb b = {0};
    trk_sb_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<title>");
    trk_html_escape(&b, trk_res_val(t->c, 0, "title"));
    trk_sb_puts(&b, "</title>\n<style>");
    trk_sb_puts(&b, page_css);
    trk_sb_puts(&b, "</style>\n</head>\n<body>\n<header>\n<h1>");
    trk_html_escape(&b, trk_res_val(t->c, 0, "title"));
    trk_sb_puts(&b, "</h1>\n<p>");
    trk_html_escape(&b, trk_res_val(t->c, 0, "summary"));
    trk_sb_puts(&b, "</p>\n<div class=\"meta\">");
    trk_html_escape(&b, trk_res_val(t->c, 0, "jurisdiction_name"));
    if (trk_res_val(t->c, 0, "body")) {
        trk_sb_puts(&b, " &middot; ");
        trk_html_escape(&b, trk_res_val(t->c, 0, "body"));
    }
    trk_sb_puts(&b, " &middot; status: ");
    trk_html_escape(&b, trk_res_val(t->c, 0, "status"));
    trk_sb_puts(&b, "</div>\n</header>\n<ol class=\"timeline\">\n");
    int i = 0, d = 0, ne = trk_res_rows(t->ev), nd = trk_res_rows(t->dl);
    while (i < ne || d < nd) {
        bool take_event = d >= nd || (i < ne && strcmp(trk_res_val(t->ev, i, "date"),
                                                       trk_res_val(t->dl, d, "due_on")) <= 0);
        if (take_event) {
            trk_sb_puts(&b, "<li class=\"event type-");
            trk_html_escape(&b, trk_res_val(t->ev, i, "type"));
            if (trk_res_bool(t->ev, i, "vacated"))
                trk_sb_puts(&b, " vacated");
            trk_sb_puts(&b, "\" id=\"");
            trk_html_escape(&b, trk_res_val(t->ev, i, "ext"));
            trk_sb_puts(&b, "\">\n<span class=\"date\">");
            human_date(&b, trk_res_val(t->ev, i, "date"), trk_res_val(t->ev, i, "date_precision"));
            trk_sb_puts(&b, "</span><span class=\"group\">");
            trk_html_escape(&b, group_of(t, i));
            trk_sb_puts(&b, "</span>\n<h2>");
            trk_html_escape(&b, trk_res_val(t->ev, i, "title"));
            if (trk_res_bool(t->ev, i, "vacated"))
                trk_sb_puts(&b, " (vacated)");
            trk_sb_puts(&b, "</h2>\n");
            char *html = event_html(t, i);
            if (html)
                trk_sb_puts(&b, html);
            free(html);
            trk_sb_puts(&b, "\n</li>\n");
            i++;
        } else {
            trk_sb_puts(&b, strcmp(trk_res_val(t->dl, d, "status"), "vacated") == 0
                                ? "<li class=\"deadline vacated\" id=\""
                                : "<li class=\"deadline\" id=\"");
            trk_html_escape(&b, trk_res_val(t->dl, d, "ext"));
            trk_sb_puts(&b, "\">\n<span class=\"date\">");
            human_date(&b, trk_res_val(t->dl, d, "due_on"), "day");
            trk_sb_puts(&b, "</span><span class=\"group\">deadline &middot; ");
            trk_html_escape(&b, trk_res_val(t->dl, d, "status"));
            trk_sb_puts(&b, " as of ");
            human_date(&b, t->as_of, "day");
            trk_sb_puts(&b, "</span>\n<h2>");
            trk_html_escape(&b, trk_res_val(t->dl, d, "title"));
            if (strcmp(trk_res_val(t->dl, d, "status"), "vacated") == 0)
                trk_sb_puts(&b, " (vacated)");
            trk_sb_puts(&b, "</h2>\n");
            if (trk_res_val(t->dl, d, "latest_on")) {
                trk_sb_puts(&b, "<p>Due between ");
                trk_html_escape(&b, trk_res_val(t->dl, d, "earliest_on"));
                trk_sb_puts(&b, " and ");
                trk_html_escape(&b, trk_res_val(t->dl, d, "latest_on"));
                if (!trk_res_val(t->dl, d, "trigger_precision"))
                    trk_sb_puts(&b, " (the date it counts from is not known exactly).</p>\n");
                else if (strcmp(trk_res_val(t->dl, d, "trigger_precision"), "day") != 0)
                    trk_sb_printf(&b, " (the date of its trigger is known only to the %s).</p>\n",
                                  trk_res_val(t->dl, d, "trigger_precision"));
                else
                    trk_sb_puts(&b, " (the receipt date is not known).</p>\n");
            }
            if (trk_res_val(t->dl, d, "later_on")) {
                trk_sb_puts(&b, "<p>May be later: ");
                trk_html_escape(&b, trk_res_val(t->dl, d, "later_on"));
                trk_sb_puts(&b, ", ");
                trk_html_escape(&b, trk_res_val(t->dl, d, "later_reason"));
                trk_sb_puts(&b, ".</p>\n");
            }
            trk_sb_puts(&b, "</li>\n");
            d++;
        }
    }
    /* The footer tells readers what day the statuses are as of; the data for TimelineJS embeds
     * below it says nothing to readers and is not mentioned. */
    trk_sb_puts(&b, "</ol>\n<footer>Deadline statuses as of ");
    human_date(&b, t->as_of, "day");
    trk_sb_puts(&b, ".</footer>\n<script type=\"application/json\" id=\"timeline-data\">\n");
    /* JSON inside <script>: "</" must not appear literally. */
    trk_sb js = {0};
    trk_json_pretty(&js, tljs);
    for (size_t k = 0; js.p && k < js.n; k++) {
        if (js.p[k] == '<' && k + 1 < js.n && js.p[k + 1] == '/')
            trk_sb_puts(&b, "<\\");
        else
            trk_sb_add(&b, js.p + k, 1);
    }
    free(js.p);
    trk_sb_puts(&b, "</script>\n</body>\n</html>\n");
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

int trk_timeline_render(trk_db *db, long long case_id, trk_timeline_format f, trk_sb *out)
{
    return trk_timeline_render_opts(db, case_id, f, NULL, out);
}

int trk_timeline_render_opts(trk_db *db, long long case_id, trk_timeline_format f,
                             const trk_timeline_opts *o, trk_sb *out)
{
    int rc = -1;
    tl t = {0};
    cJSON *doc = NULL;
    char *page = NULL;
    trk_date today;
    if (o && o->as_of) {
        snprintf(t.as_of, sizeof t.as_of, "%s", o->as_of);
    } else if (trk_date_today(&today) == 0) {
        trk_date_format(today, t.as_of);
    } else {
        trk_error("could not read today's date (or $TRACKER_TODAY is not YYYY-MM-DD)");
        return -1;
    }
    t.include_vacated = o && o->include_vacated;
    if (tl_load(db, case_id, &t) != 0)
        goto done;
    if (trk_res_rows(t.c) != 1) {
        trk_error("case %lld does not exist", case_id);
        goto done;
    }
    if (f == TRK_TIMELINE_JSON) {
        doc = plain(&t);
        trk_json_pretty(out, doc);
    } else {
        doc = timelinejs(&t);
        if (f == TRK_TIMELINE_HTML) {
            page = html_page(&t, doc);
            if (page)
                trk_sb_puts(out, page);
            else
                out->oom = true;
        } else {
            trk_json_pretty(out, doc);
        }
    }
    if (out->oom || !out->p) {
        trk_error("out of memory");
        goto done;
    }
    rc = 0;
done:
    free(page);
    cJSON_Delete(doc);
    tl_free(&t);
    return rc;
}
