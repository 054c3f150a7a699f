/*
 * handlers.c: the handlers the route table (routes.c) names. A feed route's handler renders
 * what its route shows of one feed; caching, ETags, conditional requests and headers are the
 * table's and render.c's business, not the handler's.
 */
#include "internal.h"

#include "timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- /healthz ---- */

struct MHD_Response *trk_handle_healthz(server *s, int *status)
{
    bool up = atomic_load(&s->db_up);
    *status = up ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE;
    return up ? s->health_ok : s->health_down;
}

/* ---- /feeds/TOKEN.ics ---- */

int trk_render_calendar(trk_db *db, const trk_route_match *m, feed_row *f, char **body,
                        size_t *len, bool *applies)
{
    (void)m;
    *applies = true;
    trk_feed_meta meta = {0};
    if (trk_feed_render(db, &f->o, body, len, &meta, true) != 0) {
        trk_http_log("feed %lld: could not render: %s", f->id, trk_db_errmsg(db));
        return -1;
    }
    if (meta.generation < f->gen)
        f->gen = meta.generation;
    snprintf(f->changed, sizeof f->changed, "%s", meta.changed_at);
    return 0;
}

static int finish_buf(trk_db *db, const feed_row *f, trk_sb *b, int rc, char **body, size_t *len)
{
    if (rc != 0 || b->oom) {
        trk_http_log("feed %lld: could not render: %s", f->id, trk_db_errmsg(db));
        free(b->p);
        return -1;
    }
    *body = b->p ? b->p : strdup("");
    *len = b->n;
    return *body ? 0 : -1;
}

/* ---- /feeds/TOKEN/timeline.json and .html ---- */

int trk_render_timeline(trk_db *db, const trk_route_match *m, feed_row *f, char **body,
                        size_t *len, bool *applies)
{
    /* Timelines are of one case: a jurisdiction, tag or --all feed has none. */
    *applies = f->o.filter.case_id != 0 && !f->jurisdiction && !f->tag;
    if (!*applies)
        return 0;
    trk_sb b = {0};
    int rc = trk_timeline_render(db, f->o.filter.case_id,
                                 strcmp(m->route->format, "html") == 0 ? TRK_TIMELINE_HTML
                                                                       : TRK_TIMELINE_TIMELINEJS,
                                 &b);
    return finish_buf(db, f, &b, rc, body, len);
}

/* ---- /feeds/TOKEN/reports/NAME.json and .csv ---- */

/* Reading the query string of a report route. */
typedef struct query_ctx {
    const trk_report *rep;
    const char *raw[TRK_REPORT_MAX_PARAMS];
    char *why;
    size_t whysize;
} query_ctx;

/* A parameter the feed decides: never from the query, so that no query widens the feed's scope. */
static bool scope_param(const trk_report_param *p)
{
    return strcmp(p->type, "case") == 0 || strcmp(p->name, "jurisdiction") == 0 ||
           strcmp(p->name, "tag") == 0;
}

static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    query_ctx *q = cls;
    int k = -1;
    for (int j = 0; j < q->rep->nparams; j++)
        if (strcmp(q->rep->params[j].name, key) == 0)
            k = j;
    if (k < 0)
        snprintf(q->why, q->whysize, "report \"%s\" has no parameter \"%.64s\"", q->rep->name, key);
    else if (scope_param(&q->rep->params[k]))
        snprintf(q->why, q->whysize, "parameter %s is set by the feed and cannot be given", key);
    else if (!value)
        snprintf(q->why, q->whysize, "parameter %s needs a value: %s=VALUE", key, key);
    else if (q->raw[k])
        snprintf(q->why, q->whysize, "parameter %s given more than once", key);
    else
        q->raw[k] = value;
    return *q->why ? MHD_NO : MHD_YES;
}

/* The report {name} names (404 when none), and its query parameters checked as `tracker report`
 * checks --param values (400 with the reason), before anything else and so whatever the token. */
int trk_prepare_report(server *s, struct MHD_Connection *c, trk_route_match *m, char *why,
                       size_t whysize)
{
    *why = '\0';
    m->rep = NULL;
    for (int i = 0; i < s->nreports && !m->rep; i++)
        if (strlen(s->reports[i].name) == m->name_len &&
            strncmp(s->reports[i].name, m->name, m->name_len) == 0)
            m->rep = &s->reports[i];
    if (!m->rep)
        return -1;
    query_ctx q = {.rep = m->rep, .why = why, .whysize = whysize};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_arg, &q);
    for (int j = 0; !*why && j < m->rep->nparams; j++) {
        if (!q.raw[j])
            continue;
        if (trk_report_check_value(&m->rep->params[j], q.raw[j], m->vals[j], sizeof m->vals[0],
                                   why, whysize) != 0) {
            if (!*why)
                snprintf(why, whysize, "invalid value for parameter %s", m->rep->params[j].name);
            break;
        }
        m->given[j] = m->vals[j];
    }
    return *why ? 400 : 0;
}

/* The parameter values of the report for feed `f`: every case parameter is the feed's case,
 * "jurisdiction" and "tag" the feed's (NULL for a feed without one: no restriction), the others
 * come from the query. False when the report cannot be restricted to the feed's scope (a feed
 * condition without a parameter to carry it) or a required parameter has no value: such a
 * report is not available through this feed (404), so it never shows data outside the scope. */
static bool report_values(const trk_report *rep, const trk_route_match *m, const feed_row *f,
                          const char **values)
{
    bool case_done = f->o.filter.case_id == 0, jur_done = !f->jurisdiction, tag_done = !f->tag;
    for (int j = 0; j < rep->nparams; j++) {
        const trk_report_param *p = &rep->params[j];
        if (strcmp(p->type, "case") == 0) {
            values[j] = f->o.filter.case_id ? f->case_ref : NULL;
            case_done = true;
        } else if (strcmp(p->name, "jurisdiction") == 0) {
            values[j] = f->jurisdiction;
            jur_done = true;
        } else if (strcmp(p->name, "tag") == 0) {
            values[j] = f->tag;
            tag_done = true;
        } else {
            values[j] = m->given[j];
        }
        if (p->required && !values[j])
            return false;
    }
    return case_done && jur_done && tag_done;
}

int trk_render_report(trk_db *db, const trk_route_match *m, feed_row *f, char **body, size_t *len,
                      bool *applies)
{
    const char *values[TRK_REPORT_MAX_PARAMS] = {0};
    *applies = report_values(m->rep, m, f, values);
    if (!*applies)
        return 0;
    /* Its own read-only transaction; f->gen was read before it, so a change made meanwhile only
     * makes this entry stale early. */
    trk_sb b = {0};
    int rc = trk_report_run(db, m->rep, values, m->route->format, NULL, &b);
    return finish_buf(db, f, &b, rc, body, len);
}
