/*
 * http.c: libmicrohttpd daemon, routes, the feed cache and the change-marker watcher.
 *
 * Routes, all scoped by a feed's token: /feeds/TOKEN.ics (the calendar), /feeds/TOKEN/timeline.json
 * and .html (the timeline of a one-case feed), /feeds/TOKEN/reports/NAME.json and .csv (a report
 * restricted to the feed's case, jurisdiction or tag). Every answer is cached the same way: an
 * entry per token (calendars) or per token, route and query parameters (the others), valid for
 * one change-marker generation (and, for reports, one day: a report may count from today).
 *
 * Threads: libmicrohttpd's worker threads answer requests; the thread that called trk_http_run
 * waits for signals and polls the change marker. Cached entries are read under a read lock and
 * their responses queued while it is held (queueing takes a reference), so replacing an entry
 * never frees a response still being sent. Rendering is serialized by one mutex and uses its own
 * database connection; it happens only on a cache miss.
 */
#include "http.h"

#include "open.h"
#include "msg.h"
#include "date.h"
#include "db.h"
#include "feeds.h"
#include "report.h"
#include "sha256.h"
#include "timeline.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define NBUCKETS 4096
#define MAX_NEGATIVE 10000
#define TOKEN_LEN 43
#define CACHE_CONTROL "private, max-age=300"

typedef struct entry {
    uint8_t key[TRK_SHA256_LEN];
    struct entry *next;
    bool found; /* false: unknown or revoked token, answered 404 */
    long long feed_id;
    long long gen; /* change-marker generation this entry is valid for */
    char day[TRK_DATE_STRLEN]; /* the day it is valid for */
    struct MHD_Response *ok, *notmod;
    char etag[40];
    time_t lastmod;
    size_t body_len;
} entry;

typedef struct server {
    const trk_http_config *cfg;
    pthread_rwlock_t lock; /* buckets and entries */
    entry *buckets[NBUCKETS];
    int nnegative;
    size_t cached_bytes; /* bodies held by entries */
    size_t cap_bytes;    /* --cache-mb */
    unsigned evict_cursor;
    pthread_mutex_t render_lock; /* render_db and rendering */
    trk_db *render_db;
    trk_db *watch_db; /* the watcher's (main thread only) */
    atomic_llong gen;
    atomic_int db_up;
    struct MHD_Response *r400, *r404, *r405, *r503, *health_ok, *health_down;
    trk_report *reports; /* the compiled-in reports, parsed once */
    int nreports;
} server;

/* What a request under /feeds/TOKEN asks for. */
typedef enum { ROUTE_ICS, ROUTE_TIMELINE_JSON, ROUTE_TIMELINE_HTML, ROUTE_REPORT } route_kind;

typedef struct route {
    route_kind kind;
    const trk_report *rep; /* ROUTE_REPORT */
    bool csv;              /* ROUTE_REPORT: .csv, else .json */
    /* ROUTE_REPORT: values from the query string, checked and normalized (NULL: absent). Never
     * the scope parameters (case, jurisdiction, tag): those come from the feed only. */
    const char *given[TRK_REPORT_MAX_PARAMS];
    char day[TRK_DATE_STRLEN]; /* today: the answer's statuses are as of this day */
} route;

#define REPORT_NAME_MAX 64

/* ---- logging ---- */

static void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void log_line(const char *fmt, ...)
{
    char buf[1024];
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ ", &tm);
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + n, sizeof buf - n - 1, fmt, ap);
    va_end(ap);
    if (k < 0)
        return;
    n += (size_t)k < sizeof buf - n - 1 ? (size_t)k : sizeof buf - n - 2;
    buf[n++] = '\n';
    /* One write per line: lines from worker threads never interleave. */
    ssize_t w = write(STDERR_FILENO, buf, n);
    (void)w;
}

static bool token_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

/* Copy `in` for a log line: any run of `minrun` or more token characters becomes "[token]",
 * control and non-ASCII bytes, quotes and backslashes become '?', cut at `max` bytes. */
static void redact(const char *in, char *out, size_t size, size_t minrun, size_t max)
{
    size_t j = 0;
    const unsigned char *p = (const unsigned char *)in;
    while (*p && j + 8 < size) {
        size_t run = 0;
        while (token_char(p[run]))
            run++;
        if (run >= minrun) {
            memcpy(out + j, "[token]", 7);
            j += 7;
            p += run;
            continue;
        }
        if (j >= max) {
            memcpy(out + j, "...", 3);
            j += 3;
            break;
        }
        if (run > 0) {
            for (size_t k = 0; k < run && j + 8 < size; k++)
                out[j++] = (char)p[k];
            p += run;
            continue;
        }
        out[j++] = (*p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\') ? '?' : (char)*p;
        p++;
    }
    out[j] = '\0';
}

/* True for the part of a path after /feeds/TOKEN that a route could answer: ".ics",
 * "/timeline.json", "/timeline.html", "/reports/NAME.json" or ".csv" (NAME of [a-z0-9_-]). */
static bool route_shaped(const char *rest)
{
    if (strcmp(rest, ".ics") == 0 || strcmp(rest, "/timeline.json") == 0 ||
        strcmp(rest, "/timeline.html") == 0)
        return true;
    if (strncmp(rest, "/reports/", 9) != 0)
        return false;
    const char *name = rest + 9;
    size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-");
    return n > 0 && n <= REPORT_NAME_MAX && (strcmp(name + n, ".json") == 0 ||
                                             strcmp(name + n, ".csv") == 0);
}

/* The path as logged: no token, not even a mangled one. Under /feeds/ the first segment (the
 * token, whatever its shape) is logged as "[token]", followed by the rest of the path when it has
 * the shape of a route (".ics", "/timeline.json", "/reports/fines.csv"; even there any run of 12
 * or more token characters becomes "[token]"), else by "[...]". Elsewhere any run of 12 or more
 * token characters becomes "[token]". Cut at 120 bytes, printable ASCII only. */
static void log_path(const char *url, char *out, size_t size)
{
    if (strncmp(url, "/feeds/", 7) == 0) {
        const char *rest = url + 7;
        while (token_char((unsigned char)*rest))
            rest++;
        char tail[128];
        if (route_shaped(rest))
            redact(rest, tail, sizeof tail, 12, 100);
        else
            snprintf(tail, sizeof tail, "%s", *rest ? "[...]" : "");
        snprintf(out, size, "/feeds/[token]%s", tail);
        return;
    }
    redact(url, out, size, 12, 120);
}

static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512], safe[600];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    /* libmicrohttpd's messages may quote the request URL: tokens are cut out like in access lines.
     */
    redact(msg, safe, sizeof safe, 20, 400);
    log_line("http: %s", safe);
}

static void access_log(struct MHD_Connection *c, const char *method, const char *url, int status,
                       size_t bytes, long long feed_id, const struct timespec *t0)
{
    char addr[INET6_ADDRSTRLEN] = "-";
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr,
                      sizeof addr);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, addr,
                      sizeof addr);
    }
    char path[160], m[32];
    log_path(url, path, sizeof path);
    redact(method, m, sizeof m, 12, 16);
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
    char feed[32] = "-";
    if (feed_id > 0)
        snprintf(feed, sizeof feed, "%lld", feed_id);
    log_line("access %s \"%s %s\" %d %zu feed=%s %.3fms", addr, m, path, status, bytes, feed, ms);
}

/* ---- responses ---- */

static struct MHD_Response *text_response(const char *text, const char *cache)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return NULL;
    MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
    MHD_add_response_header(r, "Cache-Control", cache);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    return r;
}

static void http_date(time_t t, char *buf, size_t size)
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
static int parse_http_date(const char *s, time_t *out)
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
static bool etag_matches(const char *list, const char *etag)
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

static bool not_modified(struct MHD_Connection *c, const entry *e)
{
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    if (inm)
        return etag_matches(inm, e->etag);
    const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-Modified-Since");
    time_t t;
    return ims && parse_http_date(ims, &t) == 0 && e->lastmod <= t;
}

/* ---- cache ---- */

static entry **slot(server *s, const uint8_t *key)
{
    uint32_t h = (uint32_t)key[0] | (uint32_t)key[1] << 8 | (uint32_t)key[2] << 16;
    entry **pp = &s->buckets[h % NBUCKETS];
    /* Token hashes are compared in constant time (the bucket index only uses 3 bytes). */
    while (*pp && !trk_sha256_equal((*pp)->key, key))
        pp = &(*pp)->next;
    return pp;
}

static void entry_free(entry *e)
{
    if (!e)
        return;
    if (e->ok)
        MHD_destroy_response(e->ok);
    if (e->notmod)
        MHD_destroy_response(e->notmod);
    free(e);
}

/* Over the cache budget: unlink rendered feeds other than `keep`, going round the buckets from
 * where the last eviction stopped, until under budget. Called with the write lock held; returns
 * the unlinked entries (chained by next) for the caller to free after unlocking. An evicted feed
 * is simply rendered again on its next request. */
static entry *evict(server *s, const entry *keep)
{
    entry *out = NULL;
    for (unsigned scanned = 0; s->cached_bytes > s->cap_bytes && scanned < NBUCKETS; scanned++) {
        unsigned b = s->evict_cursor++ % NBUCKETS;
        entry **pp = &s->buckets[b];
        while (*pp && s->cached_bytes > s->cap_bytes) {
            entry *e = *pp;
            if (e == keep || !e->found) {
                pp = &e->next;
                continue;
            }
            *pp = e->next;
            s->cached_bytes -= e->body_len;
            e->next = out;
            out = e;
        }
    }
    return out;
}

/* ---- database ---- */

static const char probe_sql[] =
    "SELECT 1 FROM feed, deadline, legal_case, event, source, event_source, fine, case_alarm,"
    " tracker_instance, change_marker, audit LIMIT 0";

/* After (re)connecting: read-only transactions, and the read-only role when we may take it. */
static int session_setup(trk_db *db, bool verbose)
{
    if (trk_db_try_exec(db, "SELECT set_config('default_transaction_read_only', 'on', false)", 0,
                        NULL) != 0)
        return -1;
    trk_res *r = trk_db_try_query(db,
                                  "SELECT to_regrole('tracker_feed_reader') IS NOT NULL"
                                  " AND pg_has_role('tracker_feed_reader', 'MEMBER') AS can",
                                  0, NULL);
    if (!r)
        return -1;
    bool can = trk_res_bool(r, 0, "can");
    trk_res_free(r);
    if (can) {
        if (trk_db_try_exec(db, "SET ROLE tracker_feed_reader", 0, NULL) == 0 &&
            trk_db_try_exec(db, probe_sql, 0, NULL) == 0) {
            if (verbose)
                log_line("database: reading as role tracker_feed_reader, read-only");
            return 0;
        }
        if (trk_db_try_exec(db, "RESET ROLE", 0, NULL) != 0)
            return -1;
    }
    if (verbose)
        log_line("database: read-only transactions (role tracker_feed_reader not available)");
    return 0;
}

/* The feed server only reads: running it as a superuser is refused unless asked for. */
static int refuse_superuser(trk_db *db, const trk_http_config *cfg)
{
    trk_res *r = trk_db_query(db,
                              "SELECT session_user::text AS who, rolsuper FROM pg_roles"
                              " WHERE rolname = session_user",
                              0, NULL);
    if (!r)
        return -1;
    int rc = 0;
    if (trk_res_bool(r, 0, "rolsuper")) {
        if (cfg->allow_superuser) {
            log_line("database: warning: connected as superuser (--allow-superuser)");
        } else {
            trk_error("refusing to serve feeds as the superuser \"%s\"",
                      trk_res_val(r, 0, "who"));
            trk_hint("connect as a role without superuser rights (the server only reads), or "
                     "pass --allow-superuser");
            rc = -1;
        }
    }
    trk_res_free(r);
    return rc;
}

/* A usable connection in *db: reset a broken one. 0 or -1 (not reported: the caller logs). */
static int db_ensure(trk_db *db)
{
    if (trk_db_ok(db))
        return 0;
    if (trk_db_reset(db) != 0)
        return -1;
    return session_setup(db, false);
}

/* ---- rendering a feed into the cache ---- */

typedef struct feed_row {
    bool found;
    long long id;
    long long gen;
    char changed[32]; /* change_marker.changed_at, epoch seconds */
    trk_feed_opts o;
    char *name, *jurisdiction, *tag;
    char *case_ref; /* the feed's case as a report parameter (external id, else id), or NULL */
    int *alarms, *reminders;
} feed_row;

static void feed_row_free(feed_row *f)
{
    free(f->case_ref);
    free(f->name);
    free(f->jurisdiction);
    free(f->tag);
    free(f->alarms);
    free(f->reminders);
}

static char *dup_val(const trk_res *r, const char *col)
{
    const char *v = trk_res_val(r, 0, col);
    return v ? strdup(v) : NULL;
}

static int load_feed(trk_db *db, const char *hex, feed_row *f)
{
    memset(f, 0, sizeof *f);
    const char *p[] = {hex};
    trk_res *r = trk_db_try_query(
        db,
        "SELECT m.generation,"
        " extract(epoch FROM date_trunc('second', m.changed_at))::bigint AS changed,"
        " f.id, f.name, f.case_id, f.jurisdiction, f.tag, f.include_events,"
        " f.alarms::text AS alarms, f.reminders::text AS reminders,"
        /* An all-digit external id would be read back as a case id: give the id then. */
        " CASE WHEN c.external_id IS NULL OR c.external_id ~ '^[0-9]+$' THEN c.id::text"
        " ELSE c.external_id END AS case_ref"
        " FROM change_marker m LEFT JOIN feed f ON f.token_sha256 = $1 AND f.revoked_at IS NULL"
        " LEFT JOIN legal_case c ON c.id = f.case_id",
        1, p);
    if (!r)
        return -1;
    int rc = -1;
    if (trk_res_rows(r) != 1)
        goto out;
    f->gen = trk_res_int(r, 0, "generation");
    snprintf(f->changed, sizeof f->changed, "%s",
             trk_res_val(r, 0, "changed") ? trk_res_val(r, 0, "changed") : "0");
    if (!trk_res_val(r, 0, "id")) {
        rc = 0;
        goto out;
    }
    f->found = true;
    f->id = trk_res_int(r, 0, "id");
    f->name = dup_val(r, "name");
    f->jurisdiction = dup_val(r, "jurisdiction");
    f->tag = dup_val(r, "tag");
    f->case_ref = dup_val(r, "case_ref");
    f->o.name = f->name;
    f->o.filter.case_id = trk_res_int(r, 0, "case_id");
    f->o.filter.jurisdiction = f->jurisdiction;
    f->o.filter.tag = f->tag;
    f->o.include_events = trk_res_bool(r, 0, "include_events");
    const char *al = trk_res_val(r, 0, "alarms");
    if (al) {
        if (trk_feed_parse_intarray(al, &f->alarms, &f->o.nalarms) != 0)
            goto out;
        f->o.alarms_set = true;
        f->o.alarms = f->alarms;
    }
    const char *re = trk_res_val(r, 0, "reminders");
    if (re && trk_feed_parse_intarray(re, &f->reminders, &f->o.nreminders) != 0)
        goto out;
    f->o.reminders = f->reminders;
    rc = 0;
out:
    trk_res_free(r);
    return rc;
}

/* Read the feed behind `hex` into *f on the render connection, resetting a broken connection
 * and trying once more. With `txn` the read opens a REPEATABLE READ READ ONLY transaction that
 * the caller ends (trk_db_rollback), so that what it renders next comes from the same snapshot
 * as the change-marker generation read here. 0 or -1 (logged). */
static int load_feed_retry(server *s, const char *hex, feed_row *f, bool txn)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        memset(f, 0, sizeof *f);
        if (db_ensure(s->render_db) != 0)
            continue;
        if (txn && trk_db_try_exec(s->render_db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                                   0, NULL) != 0)
            continue;
        if (load_feed(s->render_db, hex, f) == 0)
            return 0;
        feed_row_free(f);
        trk_db_rollback(s->render_db);
    }
    log_line("database: could not read feeds: %s", trk_db_errmsg(s->render_db));
    return -1;
}

/* The parameter values of report `rep` for feed `f`: every case parameter is the feed's case,
 * "jurisdiction" and "tag" the feed's (NULL for a feed without one: no restriction), the others
 * come from the query. False when the report cannot be restricted to the feed's scope (a feed
 * condition without a parameter to carry it) or a required parameter has no value: such a
 * report is not available through this feed (404), so it never shows data outside the scope. */
static bool report_values(const trk_report *rep, const route *rt, const feed_row *f,
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
            values[j] = rt->given[j];
        }
        if (p->required && !values[j])
            return false;
    }
    return case_done && jur_done && tag_done;
}

/* Render what route `rt` shows of feed `f` (found) into *body and *len (malloc'd). Sets
 * *applies to false when the route is not available for this feed (the caller answers 404).
 * 0 or -1 (the database could not be read; logged). */
static int render_route(server *s, const route *rt, feed_row *f, char **body, size_t *len,
                        trk_feed_meta *meta, bool *applies)
{
    *applies = true;
    if (rt->kind == ROUTE_ICS) {
        if (trk_feed_render(s->render_db, &f->o, body, len, meta, true) != 0) {
            log_line("feed %lld: could not render: %s", f->id, trk_db_errmsg(s->render_db));
            return -1;
        }
        if (meta->generation < f->gen)
            f->gen = meta->generation;
        snprintf(f->changed, sizeof f->changed, "%s", meta->changed_at);
        return 0;
    }
    trk_sb b = {0};
    int rc;
    if (rt->kind == ROUTE_REPORT) {
        const char *values[TRK_REPORT_MAX_PARAMS] = {0};
        if (!report_values(rt->rep, rt, f, values)) {
            *applies = false;
            return 0;
        }
        /* Its own read-only transaction; f->gen was read before it, so a change made meanwhile
         * only makes this entry stale early. */
        rc = trk_report_run(s->render_db, rt->rep, values, rt->csv ? "csv" : "json", NULL, &b);
    } else {
        /* Timelines are of one case: a jurisdiction, tag or --all feed has none. */
        if (f->o.filter.case_id == 0 || f->jurisdiction || f->tag) {
            *applies = false;
            return 0;
        }
        rc = trk_timeline_render(s->render_db, f->o.filter.case_id,
                                 rt->kind == ROUTE_TIMELINE_HTML ? TRK_TIMELINE_HTML
                                                                 : TRK_TIMELINE_TIMELINEJS,
                                 &b);
    }
    if (rc != 0 || b.oom) {
        log_line("feed %lld: could not render: %s", f->id, trk_db_errmsg(s->render_db));
        free(b.p);
        return -1;
    }
    *body = b.p ? b.p : strdup("");
    *len = b.n;
    return *body ? 0 : -1;
}

/* Content type, download name and extra headers of a route's 200 answer. */
static void route_headers(struct MHD_Response *ok, const route *rt)
{
    char disp[REPORT_NAME_MAX + 48];
    switch (rt->kind) {
    case ROUTE_ICS:
        MHD_add_response_header(ok, "Content-Type", "text/calendar; charset=utf-8");
        MHD_add_response_header(ok, "Content-Disposition", "inline; filename=\"tracker.ics\"");
        break;
    case ROUTE_TIMELINE_JSON:
        MHD_add_response_header(ok, "Content-Type", "application/json; charset=utf-8");
        MHD_add_response_header(ok, "Content-Disposition", "inline; filename=\"timeline.json\"");
        break;
    case ROUTE_TIMELINE_HTML:
        MHD_add_response_header(ok, "Content-Type", "text/html; charset=utf-8");
        MHD_add_response_header(ok, "Content-Disposition", "inline; filename=\"timeline.html\"");
        /* The page needs nothing from the network and runs no script; its links (sources) must
         * not hand the page's URL, which holds the token, to other sites as a Referer. */
        MHD_add_response_header(ok, "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'");
        MHD_add_response_header(ok, "Referrer-Policy", "no-referrer");
        break;
    case ROUTE_REPORT:
        MHD_add_response_header(ok, "Content-Type", rt->csv ? "text/csv; charset=utf-8"
                                                            : "application/json; charset=utf-8");
        snprintf(disp, sizeof disp, "inline; filename=\"%s.%s\"", rt->rep->name,
                 rt->csv ? "csv" : "json");
        MHD_add_response_header(ok, "Content-Disposition", disp);
        break;
    }
    MHD_add_response_header(ok, "X-Content-Type-Options", "nosniff");
}

/* Make the cache entry for key fresh (generation >= gen, and for reports rendered today).
 * Called with render_lock held. Returns 0, or -1 when the database could not be read (the caller
 * may serve a stale entry). */
static int refresh(server *s, const uint8_t *key, const char *hex, long long gen, const route *rt)
{
    pthread_rwlock_rdlock(&s->lock);
    entry *cur = *slot(s, key);
    bool fresh = cur && cur->gen >= gen && strcmp(cur->day, rt->day) == 0;
    pthread_rwlock_unlock(&s->lock);
    if (fresh)
        return 0;

    /* Timelines read in the same snapshot as the feed row; calendars and reports take their own. */
    bool txn = rt->kind == ROUTE_TIMELINE_JSON || rt->kind == ROUTE_TIMELINE_HTML;
    feed_row f;
    if (load_feed_retry(s, hex, &f, txn) != 0)
        return -1;
    int rc = -1;
    char *body = NULL;
    size_t len = 0;
    trk_feed_meta meta = {0};
    struct MHD_Response *ok = NULL, *notmod = NULL;
    char etag[40] = "";
    bool found = f.found;
    int rendered = found ? render_route(s, rt, &f, &body, &len, &meta, &found) : 0;
    trk_db_rollback(s->render_db); /* the timeline's snapshot, if one is open */
    if (rendered != 0)
        goto out;
    if (found) {
        char hexd[TRK_SHA256_HEXLEN];
        trk_sha256_hex(body, len, hexd);
        snprintf(etag, sizeof etag, "\"%.32s\"", hexd);
    }

    pthread_rwlock_wrlock(&s->lock);
    entry **pp = slot(s, key);
    entry *e = *pp;
    if (e && e->found == found && (!found || strcmp(e->etag, etag) == 0)) {
        /* Same answer as before: keep the responses, ETag and Last-Modified. */
        e->gen = f.gen;
        e->feed_id = f.id;
        snprintf(e->day, sizeof e->day, "%s", rt->day);
        pthread_rwlock_unlock(&s->lock);
        rc = 0;
        goto out;
    }
    if (!e && !found && s->nnegative >= MAX_NEGATIVE) {
        pthread_rwlock_unlock(&s->lock);
        rc = 0; /* not cached: the caller answers 404 */
        goto out;
    }
    pthread_rwlock_unlock(&s->lock);

    /* A new or changed answer: build its responses outside the lock. */
    time_t lastmod = (time_t)strtoll(f.changed, NULL, 10);
    if (found) {
        char lm[64];
        /* Strictly later than the previous answer's, even within the same second, so that
         * If-Modified-Since never hides a change. */
        if (e && e->found && e->lastmod >= lastmod)
            lastmod = e->lastmod + 1;
        http_date(lastmod, lm, sizeof lm);
        ok = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
        if (!ok)
            goto out;
        body = NULL; /* owned by the response */
        notmod = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        if (!notmod)
            goto out;
        struct MHD_Response *both[] = {ok, notmod};
        for (int i = 0; i < 2; i++) {
            MHD_add_response_header(both[i], "ETag", etag);
            MHD_add_response_header(both[i], "Last-Modified", lm);
            MHD_add_response_header(both[i], "Cache-Control", CACHE_CONTROL);
            /* A newsroom's page may load the timeline JSON into its own TimelineJS embed, or a
             * report into a chart: let any origin read what the URL (the secret) gives anyway.
             * No credentials are involved; calendars and the HTML page need no such header. */
            if (rt->kind == ROUTE_TIMELINE_JSON || rt->kind == ROUTE_REPORT)
                MHD_add_response_header(both[i], "Access-Control-Allow-Origin", "*");
        }
        route_headers(ok, rt);
    }
    entry *ne = calloc(1, sizeof *ne);
    if (!ne)
        goto out;
    memcpy(ne->key, key, TRK_SHA256_LEN);
    ne->found = found;
    ne->feed_id = f.id;
    ne->gen = f.gen;
    snprintf(ne->day, sizeof ne->day, "%s", rt->day);
    ne->ok = ok;
    ne->notmod = notmod;
    ne->lastmod = lastmod;
    ne->body_len = len;
    snprintf(ne->etag, sizeof ne->etag, "%s", etag);
    ok = notmod = NULL;

    pthread_rwlock_wrlock(&s->lock);
    pp = slot(s, key);
    entry *old = *pp;
    ne->next = old ? old->next : NULL;
    *pp = ne;
    s->nnegative += (!ne->found) - (old && !old->found);
    s->cached_bytes += ne->body_len - (old ? old->body_len : 0);
    entry *evicted = evict(s, ne);
    pthread_rwlock_unlock(&s->lock);
    entry_free(old); /* responses in flight keep their own references */
    while (evicted) {
        entry *next = evicted->next;
        entry_free(evicted);
        evicted = next;
    }
    rc = 0;
out:
    if (ok)
        MHD_destroy_response(ok);
    if (notmod)
        MHD_destroy_response(notmod);
    free(body);
    feed_row_free(&f);
    return rc;
}

/* ---- request handling ---- */

static bool token_shaped(const char *t, size_t n)
{
    if (n != TOKEN_LEN)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    }
    return true;
}

static enum MHD_Result reply(struct MHD_Connection *c, int status, struct MHD_Response *r,
                             const char *method, const char *url, size_t bytes, long long feed,
                             const struct timespec *t0)
{
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
    access_log(c, method, url, status, bytes, feed, t0);
    return ret;
}

/* Serve from the cache when the entry is fresh (or `stale_ok`). Returns true when answered. */
static bool serve_cached(server *s, struct MHD_Connection *c, const uint8_t *key, const char *day,
                         bool head, const char *method, const char *url,
                         const struct timespec *t0, bool stale_ok, enum MHD_Result *ret)
{
    long long gen = atomic_load(&s->gen);
    pthread_rwlock_rdlock(&s->lock);
    entry *e = *slot(s, key);
    if (!e || (!stale_ok && (e->gen < gen || strcmp(e->day, day) != 0))) {
        pthread_rwlock_unlock(&s->lock);
        return false;
    }
    if (!e->found) {
        pthread_rwlock_unlock(&s->lock);
        *ret = reply(c, MHD_HTTP_NOT_FOUND, s->r404, method, url, 0, 0, t0);
        return true;
    }
    int status;
    struct MHD_Response *r;
    size_t bytes = 0;
    if (not_modified(c, e)) {
        status = MHD_HTTP_NOT_MODIFIED;
        r = e->notmod;
    } else {
        status = MHD_HTTP_OK;
        r = e->ok;
        bytes = head ? 0 : e->body_len;
    }
    long long id = e->feed_id;
    enum MHD_Result q = MHD_queue_response(c, (unsigned)status, r);
    pthread_rwlock_unlock(&s->lock);
    access_log(c, method, url, status, bytes, id, t0);
    *ret = q;
    return true;
}

/* The route for the part of the path after /feeds/TOKEN; -1 when there is none (404). */
static void route_today(route *rt)
{
    trk_date today;
    if (trk_date_today(&today) == 0)
        trk_date_format(today, rt->day);
    else
        snprintf(rt->day, sizeof rt->day, "?");
}

static int parse_route(const server *s, const char *rest, route *rt)
{
    /* Calendars and timelines give deadline statuses as of today (missed once the last day has
     * passed): like reports, their entries are valid for one day, and the new day's answer has
     * a new ETag (its body names the day). */
    if (strcmp(rest, ".ics") == 0) {
        rt->kind = ROUTE_ICS;
        route_today(rt);
        return 0;
    }
    if (strcmp(rest, "/timeline.json") == 0 || strcmp(rest, "/timeline.html") == 0) {
        rt->kind = rest[10] == 'j' ? ROUTE_TIMELINE_JSON : ROUTE_TIMELINE_HTML;
        route_today(rt);
        return 0;
    }
    if (!route_shaped(rest) || strncmp(rest, "/reports/", 9) != 0)
        return -1;
    const char *name = rest + 9;
    const char *dot = strrchr(name, '.');
    for (int i = 0; i < s->nreports; i++) {
        const char *rn = s->reports[i].name;
        if (strlen(rn) == (size_t)(dot - name) && strncmp(rn, name, (size_t)(dot - name)) == 0) {
            rt->kind = ROUTE_REPORT;
            rt->rep = &s->reports[i];
            rt->csv = strcmp(dot, ".csv") == 0;
            trk_date today;
            if (trk_date_today(&today) == 0)
                trk_date_format(today, rt->day);
            else
                snprintf(rt->day, sizeof rt->day, "?");
            return 0;
        }
    }
    return -1;
}

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

/* Check the query parameters of a report route as `tracker report` checks --param values, into
 * rt->given (normalized, in vals). 0, or -1 with a one-line reason in why. */
static int report_query(struct MHD_Connection *c, route *rt, char vals[][1024], char *why,
                        size_t whysize)
{
    query_ctx q = {.rep = rt->rep, .why = why, .whysize = whysize};
    *why = '\0';
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_arg, &q);
    for (int j = 0; !*why && j < rt->rep->nparams; j++) {
        if (!q.raw[j])
            continue;
        if (trk_report_check_value(&rt->rep->params[j], q.raw[j], vals[j], sizeof vals[0], why,
                                   whysize) != 0) {
            if (!*why)
                snprintf(why, whysize, "invalid value for parameter %s", rt->rep->params[j].name);
            break;
        }
        rt->given[j] = vals[j];
    }
    return *why ? -1 : 0;
}

/* 400 with a reason (one line of printable ASCII, other bytes as '?'), made for this request. */
static enum MHD_Result bad_request(struct MHD_Connection *c, const char *why, const char *method,
                                   const char *url, const struct timespec *t0)
{
    char body[320];
    size_t j = 0;
    for (const unsigned char *p = (const unsigned char *)why; *p && j + 2 < sizeof body; p++)
        body[j++] = (*p < 0x20 || *p >= 0x7f) ? '?' : (char)*p;
    body[j++] = '\n';
    struct MHD_Response *r = MHD_create_response_from_buffer(j, body, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    enum MHD_Result ret = reply(c, MHD_HTTP_BAD_REQUEST, r, method, url, j, 0, t0);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_size, void **con_cls)
{
    (void)upload_data;
    server *s = cls;
    /* The first call comes with the headers only: answering then would make libmicrohttpd close
     * the connection (the body was not read). Answer once the request is complete. */
    static int seen, with_body;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    bool head = strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    /* Other methods are refused at once (the connection then closes, its body unread). */
    if (!head && strcmp(method, MHD_HTTP_METHOD_GET) != 0)
        return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, s->r405, method, url, 0, 0, &t0);
    if (*con_cls == NULL) {
        /* A GET or HEAD announcing a large body is not worth reading: close. */
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoll(cl, NULL, 10) > 65536)
            return MHD_NO;
        *con_cls = &seen;
        return MHD_YES;
    }
    if (*upload_size != 0) { /* GET or HEAD with a body: read it, then answer 400 */
        *upload_size = 0;
        *con_cls = &with_body;
        return MHD_YES;
    }
    if (*con_cls == &with_body)
        return reply(c, MHD_HTTP_BAD_REQUEST, s->r400, method, url, 0, 0, &t0);
    /* HTTP/1.1 requires Host (RFC 9112, 3.2); libmicrohttpd lets it pass. */
    if (strcmp(version, MHD_HTTP_VERSION_1_1) == 0 &&
        !MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host"))
        return reply(c, MHD_HTTP_BAD_REQUEST, s->r400, method, url, 0, 0, &t0);
    if (strcmp(url, "/healthz") == 0) {
        bool up = atomic_load(&s->db_up);
        return reply(c, up ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE,
                     up ? s->health_ok : s->health_down, method, url, 0, 0, &t0);
    }
    size_t n = strlen(url);
    route rt = {.kind = ROUTE_ICS};
    if (n < 7 + TOKEN_LEN || strncmp(url, "/feeds/", 7) != 0 || !token_shaped(url + 7, TOKEN_LEN) ||
        parse_route(s, url + 7 + TOKEN_LEN, &rt) != 0)
        return reply(c, MHD_HTTP_NOT_FOUND, s->r404, method, url, 0, 0, &t0);
    /* Query parameters of reports, checked before anything else (and so whatever the token):
     * a bad one is answered 400 with the reason, as `tracker report` would give it. */
    char vals[TRK_REPORT_MAX_PARAMS][1024];
    if (rt.kind == ROUTE_REPORT) {
        char why[300];
        if (report_query(c, &rt, vals, why, sizeof why) != 0)
            return bad_request(c, why, method, url, &t0);
    }

    /* The cache key: the token's hash for calendars (whose hex also finds the feed); for the
     * other routes a hash of that, the route and the normalized query parameters. */
    uint8_t key[TRK_SHA256_LEN];
    char hex[TRK_SHA256_HEXLEN];
    trk_sha256 h;
    trk_sha256_init(&h);
    trk_sha256_update(&h, url + 7, TOKEN_LEN);
    trk_sha256_final(&h, key);
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < TRK_SHA256_LEN; i++) {
        hex[2 * i] = digits[key[i] >> 4];
        hex[2 * i + 1] = digits[key[i] & 15];
    }
    hex[64] = '\0';
    if (rt.kind != ROUTE_ICS) {
        const char *rest = url + 7 + TOKEN_LEN;
        trk_sha256_init(&h);
        trk_sha256_update(&h, key, TRK_SHA256_LEN);
        trk_sha256_update(&h, rest, strlen(rest));
        for (int j = 0; rt.rep && j < rt.rep->nparams; j++) {
            if (!rt.given[j])
                continue;
            trk_sha256_update(&h, "\n", 1);
            trk_sha256_update(&h, rt.rep->params[j].name, strlen(rt.rep->params[j].name));
            trk_sha256_update(&h, "=", 1);
            trk_sha256_update(&h, rt.given[j], strlen(rt.given[j]));
        }
        trk_sha256_final(&h, key);
    }

    enum MHD_Result ret;
    if (serve_cached(s, c, key, rt.day, head, method, url, &t0, false, &ret))
        return ret;
    pthread_mutex_lock(&s->render_lock);
    int rc = refresh(s, key, hex, atomic_load(&s->gen), &rt);
    pthread_mutex_unlock(&s->render_lock);
    /* After a database failure a stale answer is better than none; 503 only without one. */
    if (serve_cached(s, c, key, rt.day, head, method, url, &t0, true, &ret))
        return ret;
    if (rc != 0)
        return reply(c, MHD_HTTP_SERVICE_UNAVAILABLE, s->r503, method, url, 0, 0, &t0);
    return reply(c, MHD_HTTP_NOT_FOUND, s->r404, method, url, 0, 0, &t0);
}

/* ---- the watcher ---- */

static void poll_marker(server *s)
{
    bool was_up = atomic_load(&s->db_up);
    trk_res *r = NULL;
    if (db_ensure(s->watch_db) == 0)
        r = trk_db_try_query(s->watch_db, "SELECT generation FROM change_marker", 0, NULL);
    if (!r) {
        if (was_up)
            log_line("database: unavailable (%s); serving cached feeds",
                     trk_db_ok(s->watch_db) ? trk_db_errmsg(s->watch_db) : "connection lost");
        atomic_store(&s->db_up, 0);
        return;
    }
    if (trk_res_rows(r) == 1)
        atomic_store(&s->gen, trk_res_int(r, 0, "generation"));
    trk_res_free(r);
    if (!was_up)
        log_line("database: reachable again");
    atomic_store(&s->db_up, 1);
}

/* ---- start and stop ---- */

int trk_http_parse_listen(const char *s, char *host, unsigned hostsize, unsigned *port)
{
    const char *colon;
    const char *h = s;
    size_t hlen;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':')
            return -1;
        h = s + 1;
        hlen = (size_t)(close - h);
        colon = close + 1;
    } else {
        colon = strrchr(s, ':');
        if (!colon || strchr(s, ':') != colon)
            return -1;
        hlen = (size_t)(colon - s);
    }
    if (hlen == 0 || hlen >= hostsize)
        return -1;
    memcpy(host, h, hlen);
    host[hlen] = '\0';
    const char *p = colon + 1;
    if (!*p || strlen(p) > 5 || strspn(p, "0123456789") != strlen(p))
        return -1;
    long v = strtol(p, NULL, 10);
    if (v > 65535)
        return -1;
    *port = (unsigned)v;
    if (strcmp(host, "localhost") == 0)
        snprintf(host, hostsize, "127.0.0.1");
    struct in_addr a4;
    struct in6_addr a6;
    if (inet_pton(AF_INET, host, &a4) != 1 && inet_pton(AF_INET6, host, &a6) != 1)
        return -1;
    return 0;
}

static void server_free(server *s)
{
    for (int i = 0; i < NBUCKETS; i++) {
        entry *e = s->buckets[i];
        while (e) {
            entry *next = e->next;
            entry_free(e);
            e = next;
        }
        s->buckets[i] = NULL;
    }
    struct MHD_Response *rs[] = {s->r400, s->r404, s->r405, s->r503, s->health_ok, s->health_down};
    for (size_t i = 0; i < sizeof rs / sizeof rs[0]; i++)
        if (rs[i])
            MHD_destroy_response(rs[i]);
    for (int i = 0; i < s->nreports; i++)
        trk_report_free(&s->reports[i]);
    free(s->reports);
    trk_db_close(s->render_db);
    trk_db_close(s->watch_db);
    pthread_rwlock_destroy(&s->lock);
    pthread_mutex_destroy(&s->render_lock);
}

static trk_db *open_db(const trk_http_config *cfg, bool verbose)
{
    trk_db *db = trk_open(cfg->conninfo);
    if (!db)
        return NULL;
    if (session_setup(db, verbose) != 0) {
        trk_db_report(db);
        trk_db_close(db);
        return NULL;
    }
    return db;
}

int trk_http_run(const trk_http_config *cfg)
{
    int rc = -1;
    server s;
    memset(&s, 0, sizeof s);
    s.cfg = cfg;
    s.cap_bytes = (size_t)(cfg->cache_mb > 0 ? cfg->cache_mb : 256) * 1024 * 1024;
    pthread_rwlock_init(&s.lock, NULL);
    pthread_mutex_init(&s.render_lock, NULL);
    struct MHD_Daemon *d = NULL;

    char host[64];
    unsigned port;
    if (trk_http_parse_listen(cfg->listen, host, sizeof host, &port) != 0) {
        trk_error("invalid value for --listen: \"%s\"", cfg->listen);
        trk_hint("use a numeric address and a port, such as 127.0.0.1:8080 or [::1]:8080");
        goto out;
    }
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    bool v6 = strchr(host, ':') != NULL;
    if (v6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        inet_pton(AF_INET6, host, &a->sin6_addr);
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)port);
        inet_pton(AF_INET, host, &a->sin_addr);
    }

    s.reports = calloc((size_t)trk_report_source_count + 1, sizeof *s.reports);
    if (!s.reports) {
        trk_error("out of memory");
        goto out;
    }
    for (int i = 0; i < trk_report_source_count; i++) {
        const char *why;
        if (trk_report_parse(trk_report_sources[i].name, trk_report_sources[i].text,
                             &s.reports[s.nreports], &why) != 0) {
            trk_error("report definition \"%s\" is malformed: %s", trk_report_sources[i].name, why);
            goto out;
        }
        s.nreports++;
    }

    s.watch_db = open_db(cfg, true);
    if (!s.watch_db)
        goto out;
    if (refuse_superuser(s.watch_db, cfg) != 0)
        goto out;
    s.render_db = open_db(cfg, false);
    if (!s.render_db)
        goto out;
    atomic_store(&s.db_up, 1);
    atomic_store(&s.gen, 0);
    poll_marker(&s);

    s.r400 = text_response("bad request\n", "no-store");
    s.r404 = text_response("not found\n", "private, max-age=3600");
    s.r405 = text_response("method not allowed\n", "no-store");
    s.r503 = text_response("feeds are unavailable for a moment, try again later\n", "no-store");
    s.health_ok = text_response("ok\n", "no-store");
    s.health_down = text_response("database unavailable\n", "no-store");
    if (!s.r400 || !s.r404 || !s.r405 || !s.r503 || !s.health_ok || !s.health_down) {
        trk_error("out of memory");
        goto out;
    }
    MHD_add_response_header(s.r405, "Allow", "GET, HEAD");
    MHD_add_response_header(s.r503, "Retry-After", "30");

    /* Workers inherit a mask without SIGINT/SIGTERM: this thread takes them with sigtimedwait. */
    sigset_t sigs, old;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, &old);
    signal(SIGPIPE, SIG_IGN);

    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (v6)
        flags |= MHD_USE_IPv6;
    int threads = cfg->threads > 0 ? cfg->threads : 2;
    d = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, handle, &s, MHD_OPTION_EXTERNAL_LOGGER,
                         mhd_logger, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                         MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
                         MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768,
                         MHD_OPTION_CONNECTION_LIMIT, 4000u, MHD_OPTION_CONNECTION_TIMEOUT, 30u,
                         MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u, MHD_OPTION_END);
    if (!d) {
        trk_error("could not listen on %s", cfg->listen);
        trk_hint("is the port in use? (see the log lines above)");
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        goto out;
    }
    const union MHD_DaemonInfo *bi = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned bound = bi ? bi->port : port;
    log_line(v6 ? "listening on http://[%s]:%u (%d threads)"
                : "listening on http://%s:%u (%d threads)",
             host, bound, threads);

    int poll_ms = cfg->poll_ms > 0 ? cfg->poll_ms : 1000;
    for (;;) {
        struct timespec ts = {poll_ms / 1000, (long)(poll_ms % 1000) * 1000000L};
        int sig = sigtimedwait(&sigs, NULL, &ts);
        if (sig == SIGINT || sig == SIGTERM) {
            log_line("received %s: draining connections", sig == SIGINT ? "SIGINT" : "SIGTERM");
            break;
        }
        poll_marker(&s);
    }

    /* Drain: stop accepting, let open connections finish (bounded), then stop. */
    MHD_socket lfd = MHD_quiesce_daemon(d);
    if (lfd != MHD_INVALID_SOCKET)
        close(lfd);
    int drain_ms = (cfg->drain_seconds >= 0 ? cfg->drain_seconds : 5) * 1000;
    for (int waited = 0; waited < drain_ms; waited += 20) {
        const union MHD_DaemonInfo *ci =
            MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (!ci || ci->num_connections == 0)
            break;
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(d);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    log_line("stopped");
    rc = 0;
out:
    server_free(&s);
    return rc;
}
