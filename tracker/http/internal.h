/*
 * internal.h: what the files of the HTTP layer share (not for other layers).
 *
 *   server.c      the libmicrohttpd daemon: options, framing checks, the per-address and
 *                 request-head limits, dispatch through the route table, the watcher, drain
 *   routes.c      THE ROUTE TABLE: one row per route (methods, path pattern, auth, cache policy,
 *                 headers, handler) and the matcher that 404/405 and headers follow from
 *   handlers.c    the handlers the rows name: /healthz, calendars, timelines, reports
 *   jobs.c        cache misses rendered by render threads: the connection is suspended, identical
 *                 misses share one render, misses per token are bounded
 *   render.c      a cache miss: read the feed, run the route's handler, build the responses
 *   cache.c       rendered answers in memory (bounded), unknown tokens
 *   feeddb.c      the database sessions (read-only, the role checks) and the feed row
 *   log.c         the access log and libmicrohttpd's messages, without tokens
 *   conditional.c HTTP dates, If-None-Match, If-Modified-Since
 *
 * A new route is one row in routes.c and one handler in handlers.c.
 */
#ifndef TRK_HTTP_INTERNAL_H
#define TRK_HTTP_INTERNAL_H

#include "http.h"

#include "date.h"
#include "db.h"
#include "feeds.h"
#include "report.h"
#include "crypto.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define TOKEN_LEN 43
#define REPORT_NAME_MAX 64

/* ---- log.c ---- */

void trk_http_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The path as logged: never a token (see log.c). */
void trk_http_log_path(const char *url, char *out, size_t size);
/* `in` for a log line: runs of minrun+ token characters become "[token]", others '?'. */
void trk_http_redact(const char *in, char *out, size_t size, size_t minrun, size_t max);
void trk_http_mhd_logger(void *cls, const char *fmt, va_list ap);
void trk_http_access_log(struct MHD_Connection *c, const char *method, const char *url,
                         int status, size_t bytes, long long feed_id, const struct timespec *t0);
bool trk_http_token_char(unsigned char c);

/* ---- conditional.c ---- */

void trk_http_date(time_t t, char *buf, size_t size);
int trk_http_parse_date(const char *s, time_t *out); /* IMF-fixdate; 0 or -1 */
bool trk_http_etag_matches(const char *list, const char *etag);
/* The request's If-None-Match / If-Modified-Since say the client has this answer. */
bool trk_http_not_modified(struct MHD_Connection *c, const char *etag, time_t lastmod);

/* ---- routes.c: the route table ---- */

enum { TRK_M_GET = 1, TRK_M_HEAD = 2 };

typedef enum {
    TRK_AUTH_NONE,      /* anyone */
    TRK_AUTH_FEED_TOKEN /* the {token} of the path is a feed's secret; the feed sets the scope */
} trk_route_auth;

typedef enum {
    TRK_CACHE_NONE,       /* answered directly, never cached */
    TRK_CACHE_GENERATION, /* cached until the database changes (change-marker generation) */
    TRK_CACHE_DAILY       /* also until midnight: the answer may count from today */
} trk_route_cache;

typedef enum {
    TRK_KEY_TOKEN,       /* one answer per token (calendars: the query string is ignored) */
    TRK_KEY_PATH_PARAMS  /* one per token, path and normalized query parameters */
} trk_route_key;

struct server;
struct trk_route_match;
struct feed_row;

/* A route's parameters checked before the token is looked up: 0, -1 for 404, or 400 with a
 * one-line reason in why. */
typedef int (*trk_route_prepare_fn)(struct server *s, struct MHD_Connection *c,
                                    struct trk_route_match *m, char *why, size_t whysize);
/* Render what the route shows of feed f (found) from db into *body and *len (malloc'd).
 * *applies false when the route is not available for this feed (404). 0, or -1 when the
 * database failed (logged). Runs on a render thread. */
typedef int (*trk_route_render_fn)(trk_db *db, const struct trk_route_match *m,
                                   struct feed_row *f, char **body, size_t *len, bool *applies);
/* Answer a route that needs no feed (TRK_AUTH_NONE): status and a response to queue. */
typedef struct MHD_Response *(*trk_route_respond_fn)(struct server *s, int *status);
/* Answer a route from the request and its match (the web application's files, web.c): status
 * and a response to queue, owned by the handler. */
typedef struct MHD_Response *(*trk_route_serve_fn)(struct server *s, struct MHD_Connection *c,
                                                   const struct trk_route_match *m, int *status);

typedef struct trk_route {
    const char *pattern;   /* literal text, {token} (43 URL-safe base64), {name} ([a-z0-9_-]{1,64}) */
    unsigned methods;      /* TRK_M_* */
    trk_route_auth auth;
    trk_route_cache cache;
    trk_route_key key;
    bool snapshot;         /* render in the snapshot the feed row was read in */
    bool cors;             /* Access-Control-Allow-Origin: * (200 and 304) */
    const char *content_type;
    const char *filename;  /* Content-Disposition: inline; "{name}" is the report's name */
    const char *format;    /* what the handler renders: "json", "csv", "html", ... */
    const char *const *headers; /* more headers of the 200 answer: name, value, ..., NULL */
    trk_route_prepare_fn prepare; /* NULL: nothing to check (the query string is ignored) */
    trk_route_render_fn render;   /* TRK_AUTH_FEED_TOKEN */
    trk_route_respond_fn respond; /* TRK_AUTH_NONE */
    trk_route_serve_fn serve;     /* answers by itself (web.c) */
} trk_route;

typedef struct trk_route_match {
    const trk_route *route;
    const char *token;  /* TRK_AUTH_FEED_TOKEN: TOKEN_LEN characters in the URL */
    const char *name;   /* {name}, name_len bytes, or NULL */
    size_t name_len;
    const char *rest;   /* the path after the token ("" without one) */
    const char *path;   /* {path}: a file under /app/ (web.c), or NULL */
    const trk_report *rep; /* reports: the report {name} names */
    /* reports: values from the query string, checked and normalized (NULL: absent). Never the
     * scope parameters (case, jurisdiction, tag): those come from the feed only. */
    const char *given[TRK_REPORT_MAX_PARAMS];
    char vals[TRK_REPORT_MAX_PARAMS][1024];
    char day[TRK_DATE_STRLEN]; /* TRK_CACHE_DAILY: today, "" otherwise */
} trk_route_match;

extern const trk_route trk_routes[];
extern const int trk_nroutes;

/* Every method some route takes (the Allow header of a 405 for any other method). */
unsigned trk_routes_methods(void);
/* "GET, HEAD" for a set of TRK_M_ bits. */
void trk_methods_allow(unsigned methods, char *buf, size_t size);
unsigned trk_method_bit(const char *method); /* 0: none the table knows */
/* The route whose pattern matches the path (ignoring methods), or NULL (404). */
const trk_route *trk_route_find(const char *path, trk_route_match *m);
/* True when "/feeds/" + a token + rest would match a feed route (for the access log). */
bool trk_route_shaped(const char *rest);
/* Content type, download name and the row's headers on a 200 answer. */
void trk_route_headers(struct MHD_Response *ok, const trk_route_match *m);

/* ---- handlers.c ---- */

struct MHD_Response *trk_handle_healthz(struct server *s, int *status);
int trk_prepare_report(struct server *s, struct MHD_Connection *c, trk_route_match *m,
                       char *why, size_t whysize);
int trk_render_calendar(trk_db *db, const trk_route_match *m, struct feed_row *f, char **body,
                        size_t *len, bool *applies);
int trk_render_timeline(trk_db *db, const trk_route_match *m, struct feed_row *f, char **body,
                        size_t *len, bool *applies);
int trk_render_report(trk_db *db, const trk_route_match *m, struct feed_row *f, char **body,
                      size_t *len, bool *applies);

/* ---- web.c: the web application (--app) ---- */

typedef struct trk_web trk_web;
int trk_web_init(struct server *s); /* nothing without --app; 0 or -1 (reported) */
void trk_web_free(struct server *s);
struct MHD_Response *trk_web_serve(struct server *s, struct MHD_Connection *c,
                                   const trk_route_match *m, int *status);
/* web_session.c: /app/session (sign in, who am I, sign out), its own access handler. */
bool trk_web_session_owns(const struct server *s, const char *url);
enum MHD_Result trk_web_session_handle(struct server *s, struct MHD_Connection *c,
                                       const char *url, const char *method,
                                       const char *upload_data, size_t *upload_size,
                                       void **con_cls);
bool trk_web_is_request(void *con_cls);
void trk_web_request_free(void *con_cls);
void trk_web_session_close(void);
/* CSP, framing, nosniff and Referrer-Policy of the app's answers (frameable: the embed page). */
void trk_web_security_headers(struct MHD_Response *r, bool frameable);

/* ---- cache.c ---- */

typedef struct entry {
    uint8_t key[TRK_SHA256_LEN];
    uint8_t token[TRK_SHA256_LEN]; /* hash of the token the entry belongs to */
    struct entry *next;
    bool found; /* false: unknown or revoked token, answered 404 */
    long long feed_id;
    long long gen;             /* change-marker generation this entry is valid for */
    char day[TRK_DATE_STRLEN]; /* daily routes: the day it is valid for ("" otherwise) */
    struct MHD_Response *ok, *notmod;
    char etag[40];
    time_t lastmod;
    size_t body_len;
    size_t cost; /* what the entry holds in memory, counted against --cache-mb */
    bool variant; /* made by query parameters: at most TRK_MAX_VARIANTS per token */
} entry;

#define NBUCKETS 4096
/* Answers made by query parameters (?from=, ?limit=, ?state=...) kept per token at most: the
 * parameters can take any number of values, so anyone holding a token (a newsroom page's) could
 * otherwise fill the cache with variants. Beyond it the token's oldest variant is dropped. */
#define TRK_MAX_VARIANTS 16

/* The variants one token has in the cache (their keys, oldest first from `head`). */
typedef struct tokrec {
    uint8_t token[TRK_SHA256_LEN];
    struct tokrec *next;
    int n, head;
    uint8_t keys[TRK_MAX_VARIANTS][TRK_SHA256_LEN];
} tokrec;

typedef struct trk_cache {
    pthread_rwlock_t lock; /* buckets and entries */
    entry *buckets[NBUCKETS];
    tokrec *tokens[NBUCKETS]; /* tokens with variants */
    int nnegative;
    int max_negative;
    long long negative_gen; /* the generation the unknown-token count is for */
    size_t cached_bytes;    /* what entries hold (entry->cost) */
    size_t cap_bytes;       /* --cache-mb */
    unsigned evict_cursor;
} trk_cache;

void trk_cache_init(trk_cache *c, size_t cap_bytes, int max_negative);
void trk_cache_free(trk_cache *c);

typedef struct trk_cache_prev {
    bool exists, found;
    char etag[40];
    time_t lastmod;
} trk_cache_prev;

/* The entry for key is valid for generation gen and day. */
bool trk_cache_fresh(trk_cache *c, const uint8_t *key, long long gen, const char *day);
/* What the entry for key answered before (for keeping ETag and Last-Modified). */
void trk_cache_prev_of(trk_cache *c, const uint8_t *key, trk_cache_prev *p);
/* The same answer as before: only move the entry's generation and day. False when there is no
 * such entry (any more). */
bool trk_cache_touch(trk_cache *c, const uint8_t *key, bool found, const char *etag,
                     long long gen, long long feed_id, const char *day);
/* Put a new entry in (replacing the key's). Takes ownership of ne (freed when not kept). False
 * when it was not kept: an unknown token beyond the count for this generation. */
bool trk_cache_store(trk_cache *c, entry *ne);
void trk_cache_entry_free(entry *e);

/* Answer from the cache when the entry is fresh for (gen, day), or any entry when stale_ok:
 * queues the response and fills status, bytes and feed id. False when not answered. */
bool trk_cache_answer(trk_cache *c, struct MHD_Connection *conn, const uint8_t *key,
                      long long gen, const char *day, bool head, bool stale_ok,
                      struct MHD_Response *r404, int *status, size_t *bytes, long long *feed,
                      enum MHD_Result *ret);

/* ---- feeddb.c ---- */

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

void trk_feed_row_free(feed_row *f);
/* Read the feed whose token hash is `hex` (64 hex digits). 0 or -1. */
int trk_feed_row_load(trk_db *db, const char *hex, feed_row *f);
/* Open a read-only session for the server; verbose logs which role it reads as. */
trk_db *trk_http_open_db(const trk_http_config *cfg, bool verbose);
/* Refuse a session user that could do more than read (see feeddb.c). 0 or -1 (reported). */
int trk_http_refuse_privileged(trk_db *db, const trk_http_config *cfg);
/* A usable connection: reset a broken one. 0 or -1 (not reported). */
int trk_http_db_ensure(trk_db *db);

/* ---- jobs.c ---- */

/* A request's own state (libmicrohttpd's con_cls) once it waited for a render. */
typedef enum { TRK_REQ_NEW, TRK_REQ_WAITING, TRK_REQ_DONE, TRK_REQ_API } trk_request_state;
typedef struct trk_request {
    trk_request_state state;
    int rc;               /* the render's: 0, or -1 when the database failed */
    bool found;           /* the render found the feed and the route applies */
    int retries;          /* renders again because the answer was evicted before it was sent */
    struct timespec t0;   /* when the request came (for the access log) */
} trk_request;

typedef enum {
    TRK_JOB_QUEUED,    /* the connection is suspended; it is resumed when the render is done */
    TRK_JOB_TOKEN_BUSY,/* too many renders for this token at once: answer 429 */
    TRK_JOB_BUSY       /* too many renders in all (or stopping): answer 503 */
} trk_job_result;

#define TRK_MAX_RENDER_THREADS 16

typedef struct trk_jobs {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct job *queue, *running;
    int njobs;
    bool stop;
    struct server *server;
    struct worker *workers;
    int nworkers;
} trk_jobs;

/* Open a database connection per render thread and start them. 0 or -1 (reported). */
int trk_jobs_start(trk_jobs *js, struct server *s, const trk_http_config *cfg, int nthreads);
/* Queue a render of key for request rq on connection c (or join one queued or running). */
trk_job_result trk_jobs_submit(trk_jobs *js, struct MHD_Connection *c, trk_request *rq,
                               const uint8_t *key, const uint8_t *token, const char *hex,
                               long long gen, const trk_route_match *m);
/* Stop the render threads (after the running renders) and resume every waiting request. */
void trk_jobs_stop(trk_jobs *js);
void trk_jobs_free(trk_jobs *js);

/* ---- render.c ---- */

typedef struct server {
    const trk_http_config *cfg;
    trk_cache cache;
    trk_jobs jobs;
    trk_db *watch_db; /* the watcher's (main thread only) */
    atomic_llong gen;
    atomic_int db_up;
    struct MHD_Response *r400, *r404, *r405, *r503, *r503_busy, *r429, *health_ok, *health_down;
    trk_report *reports; /* the compiled-in reports, parsed once */
    int nreports;
    struct trk_web *web; /* --app: the web application's files (web.c), else NULL */
    struct trk_api *api; /* --app: /api/v1 (api.c), else NULL */
} server;

/* The cache keys of a matched feed route: key (the entry) and hex (the token's hash, which finds
 * the feed). */
void trk_route_keys(const trk_route_match *m, uint8_t *key, uint8_t *token, char *hex);
/* Make the entry for key fresh for generation gen, reading from db (a render thread's). 0, or
 * -1 when the database could not be read (the caller may serve a stale entry). *found: the
 * answer is a 200 (false: 404). */
int trk_render_refresh(server *s, trk_db *db, const uint8_t *key, const uint8_t *token,
                       const char *hex, long long gen, const trk_route_match *m, bool *found);

#endif
