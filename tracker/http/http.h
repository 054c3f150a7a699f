/*
 * http.h: the feed server (libmicrohttpd). Serves, for GET and HEAD, /feeds/TOKEN.ics (the
 * calendar), /feeds/TOKEN/timeline.json and .html (the timeline of a one-case feed),
 * /feeds/TOKEN/reports/NAME.json and .csv (a report restricted to the feed's scope) and /healthz;
 * everything else is 404 (unknown path) or 405 (other methods).
 *
 * Each route is one row of the route table (routes.c); internal.h says which file does what.
 *
 * Rendered answers are cached in memory together with their libmicrohttpd responses. A watcher
 * polls the database's change marker (schema/004_feeds.sql); an answer is re-rendered only on its
 * first request after the marker moved (reports also after midnight), and keeps its ETag when the
 * bytes did not change.
 */
#ifndef TRK_HTTP_H
#define TRK_HTTP_H

#include <stdbool.h>

typedef struct trk_http_config {
    const char *conninfo; /* NULL: $TRACKER_DB, then libpq's PG* variables */
    const char *listen;   /* "127.0.0.1:8080", "[::1]:8080", "localhost:0" (0: any free port) */
    int threads;          /* worker threads (libmicrohttpd thread pool) */
    int render_threads;   /* threads (each with a database connection) rendering misses (0: 2) */
    int poll_ms;          /* how often the change marker is read */
    int drain_seconds;    /* how long SIGINT/SIGTERM waits for open connections */
    int cache_mb;         /* rendered answers kept in memory, at most (0: 256) */
    int head_timeout;     /* seconds for a whole request head (0: 10) */
    int max_per_address;  /* connections from one client address at most (0: 512) */
    int max_unknown;      /* unknown tokens remembered per change of the database (0: 10000) */
    int session_hours;    /* --session-hours: web sessions expire after (0: 12) */
    bool secure_cookies;  /* --secure-cookies: the session cookie only over HTTPS (TLS proxy) */
    bool allow_superuser; /* serve even when connected as a role that can do more than read:
                           * superuser, CREATEROLE, owner of the schema (refused otherwise) */
    bool app;                   /* --app: serve the JSON API under /api/v1 and the web app at /app/ */
    const char *write_conninfo; /* --write-db / TRACKER_WRITE_DB: the API's writer connection */
    const char *cors_origins;   /* --cors-origin: comma-separated origins the API answers */
    int api_threads;            /* API workers, each with a writer connection (0: 4) */
    double api_rate;            /* requests per second per address and per account (0: 50) */
    double api_auth_fail_per_min; /* failed authentications per minute per address (0: 10) */
    int api_auth_fail_burst;    /* ... of which at once (0: 10) */
} trk_http_config;

/*
 * Run the server until SIGINT or SIGTERM, then stop accepting, drain open connections and
 * return 0. Returns -1 (reported on stderr) when it cannot start: bad --listen, port in use,
 * database unreachable or not migrated. Logs "listening on http://HOST:PORT" on stderr once
 * ready, and one access-log line per request (never the token).
 */
int trk_http_run(const trk_http_config *cfg);

/* Parse "HOST:PORT" as trk_http_run does; 0 when valid. Exposed for tests. */
int trk_http_parse_listen(const char *s, char *host, unsigned hostsize, unsigned *port);

#endif
