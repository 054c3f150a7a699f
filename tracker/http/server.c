/*
 * server.c: the libmicrohttpd daemon and the request path.
 *
 * A request goes: framing checks (strict HTTP/1.1 message framing, refused with 400 and the
 * connection closed), the method (405 for one no route takes), the route table (routes.c: 404
 * when no pattern matches, 405 when the row does not take the method), the route's own checks
 * (400 with a reason), then either the row's direct answer or, for feed routes, the cache
 * (cache.c); on a miss the connection is suspended until a render thread (jobs.c) has put the
 * answer in the cache.
 *
 * Connections: at most --max-per-address from one client address, and the whole request head
 * must arrive within --head-timeout seconds of the connection being ready for it (a reaper
 * thread closes connections that drip their headers); libmicrohttpd's 30 s timeout only covers
 * idleness.
 *
 * Threads: libmicrohttpd's worker threads answer requests, from memory only; render threads
 * (--render-threads, each with its own database connection) render misses; the thread that
 * called trk_http_run waits for signals and polls the change marker; the reaper enforces the
 * head deadline.
 */
#include "internal.h"

#include "api.h"

#include "msg.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- connections: the request-head deadline ---- */

typedef struct conn_state {
    struct conn_state *prev, *next;
    MHD_socket fd;
    char addr[INET6_ADDRSTRLEN];
    atomic_bool in_head;          /* waiting for (the rest of) a request head */
    _Atomic long long head_start; /* when it started waiting, monotonic ms */
    bool cut;                     /* shut down by the reaper */
    bool bad_escape;              /* this request's path or parameters decode to a NUL */
} conn_state;

typedef struct conns {
    pthread_mutex_t lock;
    conn_state *head;
    int head_timeout_ms;
    atomic_bool stop;
} conns;

static conns g_conns = {.lock = PTHREAD_MUTEX_INITIALIZER};

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void addr_text(const struct sockaddr *sa, char *addr, size_t size)
{
    snprintf(addr, size, "-");
    if (!sa)
        return;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr,
                  (socklen_t)size);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, addr,
                  (socklen_t)size);
}

static void notify_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                              enum MHD_ConnectionNotificationCode toe)
{
    conns *cs = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        conn_state *st = calloc(1, sizeof *st);
        if (!st)
            return;
        const union MHD_ConnectionInfo *fi =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        st->fd = fi ? fi->connect_fd : MHD_INVALID_SOCKET;
        const union MHD_ConnectionInfo *ai =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        addr_text(ai ? ai->client_addr : NULL, st->addr, sizeof st->addr);
        atomic_store(&st->in_head, true);
        atomic_store(&st->head_start, now_ms());
        pthread_mutex_lock(&cs->lock);
        st->next = cs->head;
        if (cs->head)
            cs->head->prev = st;
        cs->head = st;
        pthread_mutex_unlock(&cs->lock);
        *socket_context = st;
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
        conn_state *st = *socket_context;
        if (!st)
            return;
        /* Called before libmicrohttpd closes the socket: once unlinked, the reaper can no
         * longer touch a descriptor number that may be reused. */
        pthread_mutex_lock(&cs->lock);
        if (st->prev)
            st->prev->next = st->next;
        else
            cs->head = st->next;
        if (st->next)
            st->next->prev = st->prev;
        pthread_mutex_unlock(&cs->lock);
        free(st);
        *socket_context = NULL;
    }
}

static conn_state *state_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *i =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return i ? i->socket_context : NULL;
}

/* What a request's con_cls holds: NULL before its first call, then one of these markers, or
 * the trk_request of a request that waited for a render. */
static int seen, with_body;

/* A request is answered: the connection waits for the next request head from now on. */
static void request_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                              enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)toe;
    /* The markers first: they are ints, and the API's and the web's tests read a struct. */
    void *p = *con_cls;
    if (p && p != &seen && p != &with_body) {
        if (trk_api_is_request(p))
            trk_api_request_free(p);
        else if (trk_web_is_request(p)) /* web_session.c */
            trk_web_request_free(p);
        else
            free(p); /* a feed's trk_request */
    }
    *con_cls = NULL;
    conn_state *st = state_of(c);
    if (st) {
        st->bad_escape = false;
        atomic_store(&st->head_start, now_ms());
        atomic_store(&st->in_head, true);
    }
}

static void *reaper(void *arg)
{
    conns *cs = arg;
    while (!atomic_load(&cs->stop)) {
        struct timespec ts = {0, 100 * 1000000L};
        nanosleep(&ts, NULL);
        long long now = now_ms();
        pthread_mutex_lock(&cs->lock);
        for (conn_state *st = cs->head; st; st = st->next) {
            if (st->cut || !atomic_load(&st->in_head) ||
                now - atomic_load(&st->head_start) <= cs->head_timeout_ms)
                continue;
            /* libmicrohttpd sees the end of the stream and closes the connection itself. */
            if (st->fd != MHD_INVALID_SOCKET)
                shutdown(st->fd, SHUT_RDWR);
            st->cut = true;
            trk_http_log("http: closing a connection from %s: no complete request head within "
                         "%d s",
                         st->addr, cs->head_timeout_ms / 1000);
        }
        pthread_mutex_unlock(&cs->lock);
    }
    return NULL;
}

/* libmicrohttpd's unescaping, noting a %00: a decoded NUL would cut the path or a parameter
 * value short (/feeds/TOKEN.ics%00junk would be /feeds/TOKEN.ics), so such a request gets 400. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    for (const char *p = strchr(s, '%'); p; p = strchr(p + 1, '%'))
        if (p[1] == '0' && p[2] == '0') {
            conn_state *st = state_of(c);
            if (st)
                st->bad_escape = true;
            break;
        }
    return MHD_http_unescape(s);
}

/* ---- framing ---- */

#define FRAMING_MAX_HEADERS 128

typedef struct framing {
    int content_lengths, n;
    bool cl_differ, transfer_encoding, bad_name, nul;
    char cl[32];
    const char *keys[FRAMING_MAX_HEADERS], *values[FRAMING_MAX_HEADERS];
} framing;

static enum MHD_Result framing_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    framing *f = cls;
    if (strlen(key) != key_size || (value && strlen(value) != value_size))
        f->nul = true;
    for (size_t i = 0; i < key_size; i++)
        if (key[i] == ' ' || key[i] == '\t' || (unsigned char)key[i] < 0x21)
            f->bad_name = true;
    if (strcasecmp(key, "Transfer-Encoding") == 0)
        f->transfer_encoding = true;
    if (strcasecmp(key, "Content-Length") == 0) {
        const char *v = value ? value : "";
        if (f->content_lengths++ == 0)
            snprintf(f->cl, sizeof f->cl, "%.31s", v);
        else if (strcmp(f->cl, v) != 0)
            f->cl_differ = true;
    }
    if (f->n < FRAMING_MAX_HEADERS) {
        f->keys[f->n] = key;
        f->values[f->n] = value;
        f->n++;
    }
    return MHD_YES;
}

/* A NUL inside a header value. libmicrohttpd 0.9.75 parses header lines in place in its read
 * buffer, turning CR and LF into NULs, and hands out values as C strings (value_size is their
 * strlen), so "X: a<NUL>b" reaches us as "a". What follows a value's terminator tells: NULs
 * (the line's CR LF) or blanks (trimmed white space), or the next header's name right after a
 * bare LF. Anything else was hidden behind a NUL. Empty values are not looked at (they need not
 * live in the buffer). */
static bool hidden_after_nul(const framing *f)
{
    for (int i = 0; i < f->n; i++) {
        const char *v = f->values[i];
        if (!v || !*v)
            continue;
        const char *after = v + strlen(v) + 1;
        if (*after == '\0' || *after == ' ' || *after == '\t')
            continue;
        if (i + 1 < f->n && after == f->keys[i + 1])
            continue;
        return true;
    }
    return false;
}

/* RFC 9112's message framing, beyond what libmicrohttpd checks: NULL when fine, else why. */
static const char *framing_error(struct MHD_Connection *c)
{
    framing f;
    f.content_lengths = f.n = 0;
    f.cl_differ = f.transfer_encoding = f.bad_name = f.nul = false;
    f.cl[0] = '\0';
    MHD_get_connection_values_n(c, MHD_HEADER_KIND, framing_header, &f);
    conn_state *st = state_of(c);
    if (f.transfer_encoding && f.content_lengths > 0)
        return "both Content-Length and Transfer-Encoding";
    if (f.cl_differ)
        return "differing Content-Length headers";
    if (f.bad_name)
        return "white space in a header name";
    if (f.nul || hidden_after_nul(&f))
        return "NUL in a header";
    if (st && st->bad_escape)
        return "an escaped NUL (%00) in the path or a parameter";
    return NULL;
}

/* ---- requests ---- */

static enum MHD_Result reply(struct MHD_Connection *c, int status, struct MHD_Response *r,
                             const char *method, const char *url, size_t bytes, long long feed,
                             const struct timespec *t0)
{
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
    trk_http_access_log(c, method, url, status, bytes, feed, t0);
    return ret;
}

/* 400 with a reason (one line of printable ASCII, other bytes as '?'), made for this request. */
static enum MHD_Result bad_request(struct MHD_Connection *c, const char *why, bool close,
                                   const char *method, const char *url, const struct timespec *t0)
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
    if (close)
        MHD_add_response_header(r, "Connection", "close");
    enum MHD_Result ret = reply(c, MHD_HTTP_BAD_REQUEST, r, method, url, j, 0, t0);
    MHD_destroy_response(r);
    return ret;
}

/* 405 for a route that does not take the method, with the row's Allow. */
static enum MHD_Result not_allowed(server *s, struct MHD_Connection *c, unsigned methods,
                                   const char *method, const char *url, const struct timespec *t0)
{
    if (methods == trk_routes_methods())
        return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, s->r405, method, url, 0, 0, t0);
    static const char text[] = "method not allowed\n";
    struct MHD_Response *r =
        MHD_create_response_from_buffer(sizeof text - 1, (void *)text, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    char allow[64];
    trk_methods_allow(methods, allow, sizeof allow);
    MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Allow", allow);
    enum MHD_Result ret = reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, r, method, url, 0, 0, t0);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_size, void **con_cls)
{
    server *s = cls;
    /* The first call comes with the headers only: answering then would make libmicrohttpd close
     * the connection (the body was not read). Answer once the request is complete. */
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* The API (--app) and the web application's sign-in (web_session.c): their own methods,
     * bodies and answers; framing is checked the same way. */
    bool web = trk_web_session_owns(s, url);
    if (web || (s->api && trk_api_owns(url))) {
        if (*con_cls == NULL) {
            conn_state *st = state_of(c);
            if (st)
                atomic_store(&st->in_head, false);
            const char *bad = framing_error(c);
            if (bad)
                return bad_request(c, bad, true, method, url, &t0);
            if (strcmp(version, MHD_HTTP_VERSION_1_1) == 0 &&
                !MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host"))
                return bad_request(c, "no Host header", true, method, url, &t0);
        }
        if (web)
            return trk_web_session_handle(s, c, url, method, upload_data, upload_size, con_cls);
        return trk_api_handle(s->api, c, url, method, version, upload_data, upload_size,
                              con_cls);
    }
    unsigned bit = trk_method_bit(method);
    bool head = bit == TRK_M_HEAD;
    /* A method no route takes is refused at once (the connection then closes, its body unread). */
    if (!(bit & trk_routes_methods()))
        return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, s->r405, method, url, 0, 0, &t0);
    if (*con_cls == NULL) {
        conn_state *st = state_of(c);
        if (st)
            atomic_store(&st->in_head, false); /* the head is complete */
        const char *bad = framing_error(c);
        if (bad)
            return bad_request(c, bad, true, method, url, &t0);
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
    /* HTTP/1.1 requires Host (RFC 9112, 3.2). */
    if (strcmp(version, MHD_HTTP_VERSION_1_1) == 0 &&
        !MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host"))
        return reply(c, MHD_HTTP_BAD_REQUEST, s->r400, method, url, 0, 0, &t0);

    trk_route_match m;
    const trk_route *rt = trk_route_find(url, &m);
    if (!rt)
        return reply(c, MHD_HTTP_NOT_FOUND, s->r404, method, url, 0, 0, &t0);
    if (!(bit & rt->methods))
        return not_allowed(s, c, rt->methods, method, url, &t0);
    if (rt->prepare) {
        char why[300];
        int p = rt->prepare(s, c, &m, why, sizeof why);
        if (p < 0)
            return reply(c, MHD_HTTP_NOT_FOUND, s->r404, method, url, 0, 0, &t0);
        if (p > 0)
            return bad_request(c, why, false, method, url, &t0);
    }
    if (rt->serve) {
        int status;
        struct MHD_Response *r = rt->serve(s, c, &m, &status);
        return reply(c, status, r, method, url, 0, 0, &t0);
    }
    if (rt->auth == TRK_AUTH_NONE) {
        int status;
        struct MHD_Response *r = rt->respond(s, &status);
        return reply(c, status, r, method, url, 0, 0, &t0);
    }
    if (rt->cache == TRK_CACHE_DAILY) {
        trk_date today;
        if (trk_date_today(&today) == 0)
            trk_date_format(today, m.day);
        else
            snprintf(m.day, sizeof m.day, "?");
    }

    uint8_t key[TRK_SHA256_LEN], token[TRK_SHA256_LEN];
    char hex[TRK_SHA256_HEXLEN];
    trk_route_keys(&m, key, token, hex);

    enum MHD_Result ret;
    int status;
    size_t bytes;
    long long feed;
    trk_request *rq =
        *con_cls != &seen && *con_cls != &with_body ? (trk_request *)*con_cls : NULL;
    if (rq && rq->state == TRK_REQ_DONE) {
        /* Resumed after its render. After a database failure a stale answer is better than
         * none; 503 only without one. */
        t0 = rq->t0;
        if (trk_cache_answer(&s->cache, c, key, 0, m.day, head, true, s->r404, &status, &bytes,
                             &feed, &ret)) {
            trk_http_access_log(c, method, url, status, bytes, feed, &t0);
            return ret;
        }
        if (rq->rc != 0)
            return reply(c, MHD_HTTP_SERVICE_UNAVAILABLE, s->r503, method, url, 0, 0, &t0);
        if (!rq->found) /* an unknown token beyond the count: not kept */
            return reply(c, MHD_HTTP_NOT_FOUND, s->r404, method, url, 0, 0, &t0);
        /* Rendered, but dropped again (a cache smaller than what is asked for at once). */
        if (rq->retries++ >= 2)
            return reply(c, MHD_HTTP_SERVICE_UNAVAILABLE, s->r503_busy, method, url, 0, 0, &t0);
        rq->state = TRK_REQ_NEW;
    }
    if (trk_cache_answer(&s->cache, c, key, atomic_load(&s->gen), m.day, head, false, s->r404,
                         &status, &bytes, &feed, &ret)) {
        trk_http_access_log(c, method, url, status, bytes, feed, &t0);
        return ret;
    }
    /* A miss: wait (suspended) for a render thread. */
    if (!rq) {
        rq = calloc(1, sizeof *rq);
        if (!rq)
            return reply(c, MHD_HTTP_SERVICE_UNAVAILABLE, s->r503_busy, method, url, 0, 0, &t0);
        rq->t0 = t0;
        *con_cls = rq; /* freed when the request completes */
    }
    trk_job_result jr =
        trk_jobs_submit(&s->jobs, c, rq, key, token, hex, atomic_load(&s->gen), &m);
    if (jr == TRK_JOB_QUEUED)
        return MHD_YES;
    /* Too many renders at once: a stale answer, else 429 (this token) or 503. */
    if (trk_cache_answer(&s->cache, c, key, 0, m.day, head, true, s->r404, &status, &bytes,
                         &feed, &ret)) {
        trk_http_access_log(c, method, url, status, bytes, feed, &t0);
        return ret;
    }
    if (jr == TRK_JOB_TOKEN_BUSY)
        return reply(c, MHD_HTTP_TOO_MANY_REQUESTS, s->r429, method, url, 0, 0, &t0);
    return reply(c, MHD_HTTP_SERVICE_UNAVAILABLE, s->r503_busy, method, url, 0, 0, &t0);
}

/* ---- the watcher ---- */

static void poll_marker(server *s)
{
    bool was_up = atomic_load(&s->db_up);
    trk_res *r = NULL;
    if (trk_http_db_ensure(s->watch_db) == 0)
        r = trk_db_try_query(s->watch_db, "SELECT generation FROM change_marker", 0, NULL);
    if (!r) {
        if (was_up)
            trk_http_log("database: unavailable (%s); serving cached feeds",
                         trk_db_ok(s->watch_db) ? trk_db_errmsg(s->watch_db) : "connection lost");
        atomic_store(&s->db_up, 0);
        return;
    }
    if (trk_res_rows(r) == 1)
        atomic_store(&s->gen, trk_res_int(r, 0, "generation"));
    trk_res_free(r);
    if (!was_up)
        trk_http_log("database: reachable again");
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

static void server_free(server *s)
{
    trk_cache_free(&s->cache);
    struct MHD_Response *rs[] = {s->r400,      s->r404, s->r405,      s->r503,
                                 s->r503_busy, s->r429, s->health_ok, s->health_down};
    for (size_t i = 0; i < sizeof rs / sizeof rs[0]; i++)
        if (rs[i])
            MHD_destroy_response(rs[i]);
    trk_reports_free(s->reports);
    trk_web_free(s);
    trk_web_session_close();
    trk_db_close(s->watch_db);
}

int trk_http_run(const trk_http_config *cfg)
{
    int rc = -1;
    server s;
    memset(&s, 0, sizeof s);
    s.cfg = cfg;
    trk_cache_init(&s.cache, (size_t)(cfg->cache_mb > 0 ? cfg->cache_mb : 256) * 1024 * 1024,
                   cfg->max_unknown > 0 ? cfg->max_unknown : 10000);
    struct MHD_Daemon *d = NULL;
    bool jobs = false, jobs_stopped = false;
    pthread_t reaper_thread;
    bool reaping = false;
    sigset_t sigs, old;
    bool masked = false;

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

    s.reports = trk_reports_load();
    if (!s.reports)
        goto out;
    s.nreports = trk_report_source_count;

    if (trk_web_init(&s) != 0)
        goto out;
    s.watch_db = trk_http_open_db(cfg, true);
    if (!s.watch_db)
        goto out;
    if (trk_http_refuse_privileged(s.watch_db, cfg) != 0)
        goto out;
    /* Every thread started from here on (API workers, render threads, libmicrohttpd's) inherits
     * a mask without SIGINT/SIGTERM: this thread takes them with sigtimedwait. Blocked before the
     * first thread starts, or a signal arriving while this thread is not in sigtimedwait could be
     * delivered to one of them and end the process without the drain. */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, &old);
    masked = true;
    if (cfg->app && !(s.api = trk_api_start(&s, cfg)))
        goto out;
    jobs = true;
    if (trk_jobs_start(&s.jobs, &s, cfg, cfg->render_threads > 0 ? cfg->render_threads : 2) != 0)
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
    s.r503_busy = text_response("the server is busy, try again in a moment\n", "no-store");
    s.r429 = text_response("too many requests for this feed at once, try again in a moment\n",
                           "no-store");
    if (!s.r400 || !s.r404 || !s.r405 || !s.r503 || !s.health_ok || !s.health_down ||
        !s.r503_busy || !s.r429) {
        trk_error("out of memory");
        goto out;
    }
    char allow[64];
    trk_methods_allow(trk_routes_methods(), allow, sizeof allow);
    MHD_add_response_header(s.r405, "Allow", allow);
    MHD_add_response_header(s.r503, "Retry-After", "30");
    MHD_add_response_header(s.r503_busy, "Retry-After", "1");
    MHD_add_response_header(s.r429, "Retry-After", "1");

    signal(SIGPIPE, SIG_IGN);

    g_conns.head_timeout_ms = (cfg->head_timeout > 0 ? cfg->head_timeout : 10) * 1000;
    atomic_store(&g_conns.stop, false);
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
                     MHD_ALLOW_SUSPEND_RESUME;
    if (v6)
        flags |= MHD_USE_IPv6;
    int threads = cfg->threads > 0 ? cfg->threads : 2;
    unsigned per_address = cfg->max_per_address > 0 ? (unsigned)cfg->max_per_address : 512u;
    d = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, handle, &s, MHD_OPTION_EXTERNAL_LOGGER,
        trk_http_mhd_logger, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)32768, MHD_OPTION_CONNECTION_LIMIT, 4000u, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        per_address, MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
        /* libmicrohttpd's strict mode: Host required for HTTP/1.1, no spaces in the URL. */
        MHD_OPTION_STRICT_FOR_CLIENT, (int)1, MHD_OPTION_NOTIFY_CONNECTION, notify_connection,
        &g_conns, MHD_OPTION_NOTIFY_COMPLETED, request_completed, NULL,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
    if (!d) {
        trk_error("could not listen on %s", cfg->listen);
        trk_hint("is the port in use? (see the log lines above)");
        goto out;
    }
    reaping = pthread_create(&reaper_thread, NULL, reaper, &g_conns) == 0;
    const union MHD_DaemonInfo *bi = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned bound = bi ? bi->port : port;
    trk_http_log(v6 ? "listening on http://[%s]:%u (%d threads)"
                    : "listening on http://%s:%u (%d threads)",
                 host, bound, threads);

    int poll_ms = cfg->poll_ms > 0 ? cfg->poll_ms : 1000;
    for (;;) {
        struct timespec ts = {poll_ms / 1000, (long)(poll_ms % 1000) * 1000000L};
        int sig = sigtimedwait(&sigs, NULL, &ts);
        if (sig == SIGINT || sig == SIGTERM) {
            trk_http_log("received %s: draining connections",
                         sig == SIGINT ? "SIGINT" : "SIGTERM");
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
    /* Renders still queued are answered (503) before the daemon goes. */
    trk_jobs_stop(&s.jobs);
    trk_api_stop(s.api);
    jobs_stopped = true;
    for (int waited = 0; waited < 1000; waited += 20) {
        const union MHD_DaemonInfo *ci =
            MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (!ci || ci->num_connections == 0)
            break;
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(d);
    trk_http_log("stopped");
    rc = 0;
out:
    if (jobs) {
        if (!jobs_stopped)
            trk_jobs_stop(&s.jobs);
        trk_jobs_free(&s.jobs);
    }
    if (reaping) {
        atomic_store(&g_conns.stop, true);
        pthread_join(reaper_thread, NULL);
    }
    trk_api_stop(s.api);
    trk_api_free(s.api);
    server_free(&s);
    /* The mask is given back once no thread of ours runs any more. */
    if (masked)
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}
