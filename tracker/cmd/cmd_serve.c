/*
 * cmd_serve.c: tracker serve: the feed server: calendars, timelines and reports per feed token
 * (see tracker/http/ and docs/feeds.md).
 */
#include "alerts.h"
#include "commands.h"
#include "http.h"

#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* serve --notify: the delivery worker as a thread, on the API's --write-db connection. */
typedef struct serve_worker {
    const char *conninfo;
    trk_notify_cfg cfg;
    volatile sig_atomic_t stop;
    int wake[2]; /* written to when stop is set */
    int rc;
} serve_worker;

static void *worker_main(void *arg)
{
    serve_worker *w = arg;
    w->rc = trk_notify_loop(w->conninfo, &w->cfg, &w->stop);
    if (!w->stop) {
        /* The worker ended by itself (an error, reported): the server stops too, with a non-zero
         * exit, rather than serving on with alerts silently not sent. */
        fprintf(stderr, "notify: the delivery worker stopped; stopping the server\n");
        kill(getpid(), SIGTERM);
    }
    return NULL;
}

/* The worker's options, refused without --notify. */
static const trk_opt worker_opts[] = {TRK_NOTIFY_OPTS, TRK_DIGEST_OPTS, {NULL}};

static int serve(trk_ctx *ctx, trk_args *a)
{
    trk_http_config cfg = {.conninfo = ctx->conninfo,
                           .listen = "127.0.0.1:8080",
                           .threads = 2,
                           .render_threads = 2,
                           .poll_ms = 1000,
                           .drain_seconds = 5,
                           .cache_mb = 256,
                           .head_timeout = 10,
                           .max_per_address = 512,
                           .max_unknown = 10000};
    if (trk_has(a, "listen"))
        cfg.listen = trk_arg(a, "listen");
    if (trk_has(a, "threads") &&
        trk_parse_int("threads", trk_arg(a, "threads"), 1, 256, &cfg.threads) != 0)
        return TRK_ERR_USAGE;
    if (trk_has(a, "render-threads") &&
        trk_parse_int("render-threads", trk_arg(a, "render-threads"), 1, 16, &cfg.render_threads) !=
            0)
        return TRK_ERR_USAGE;
    if (trk_has(a, "poll-ms") &&
        trk_parse_int("poll-ms", trk_arg(a, "poll-ms"), 10, 3600000, &cfg.poll_ms) != 0)
        return TRK_ERR_USAGE;
    if (trk_has(a, "drain-seconds") && trk_parse_int("drain-seconds", trk_arg(a, "drain-seconds"),
                                                     0, 3600, &cfg.drain_seconds) != 0)
        return TRK_ERR_USAGE;
    if (trk_has(a, "cache-mb") &&
        trk_parse_int("cache-mb", trk_arg(a, "cache-mb"), 1, 1 << 20, &cfg.cache_mb) != 0)
        return TRK_ERR_USAGE;
    if (trk_has(a, "head-timeout") && trk_parse_int("head-timeout", trk_arg(a, "head-timeout"), 1,
                                                    3600, &cfg.head_timeout) != 0)
        return TRK_ERR_USAGE;
    if (trk_has(a, "max-per-address") &&
        trk_parse_int("max-per-address", trk_arg(a, "max-per-address"), 1, 4000,
                      &cfg.max_per_address) != 0)
        return TRK_ERR_USAGE;
    if (trk_has(a, "max-unknown-tokens") &&
        trk_parse_int("max-unknown-tokens", trk_arg(a, "max-unknown-tokens"), 1, 10000000,
                      &cfg.max_unknown) != 0)
        return TRK_ERR_USAGE;
    cfg.allow_superuser = trk_has(a, "allow-superuser");
    cfg.app = trk_has(a, "app");
    cfg.write_conninfo = trk_has(a, "write-db") ? trk_arg(a, "write-db") : getenv("TRACKER_WRITE_DB");
    if (trk_has(a, "session-hours") && trk_parse_int("session-hours", trk_arg(a, "session-hours"),
                                                     1, 24 * 90, &cfg.session_hours) != 0)
        return TRK_ERR_USAGE;
    cfg.secure_cookies = trk_has(a, "secure-cookies");
    if (trk_has(a, "cors-origin"))
        cfg.cors_origins = trk_arg(a, "cors-origin");
    if (trk_has(a, "api-threads") &&
        trk_parse_int("api-threads", trk_arg(a, "api-threads"), 1, 64, &cfg.api_threads) != 0)
        return TRK_ERR_USAGE;
    int rate = 50;
    if (trk_has(a, "rate-limit") &&
        trk_parse_int("rate-limit", trk_arg(a, "rate-limit"), 1, 1000000, &rate) != 0)
        return TRK_ERR_USAGE;
    cfg.api_rate = rate;
    int fails = 10;
    if (trk_has(a, "auth-failures") &&
        trk_parse_int("auth-failures", trk_arg(a, "auth-failures"), 1, 100000, &fails) != 0)
        return TRK_ERR_USAGE;
    cfg.api_auth_fail_per_min = fails;
    cfg.api_auth_fail_burst = fails;
    if (!cfg.app && (trk_has(a, "write-db") || trk_has(a, "cors-origin") ||
                     trk_has(a, "session-hours") || trk_has(a, "secure-cookies") ||
                     trk_has(a, "api-threads") || trk_has(a, "rate-limit") ||
                     trk_has(a, "auth-failures")))
        return trk_usage_error(a, "--write-db, --cors-origin, --api-threads, --rate-limit, "
                                  "--auth-failures, --session-hours and --secure-cookies are "
                                  "options of the API and the web application: add --app");
    if (cfg.app && (!cfg.write_conninfo || !*cfg.write_conninfo))
        return trk_usage_error(a, "--app needs the connection the API writes through: "
                                  "--write-db CONNINFO or TRACKER_WRITE_DB (a login role that is "
                                  "a member of tracker_writer)");
    if (cfg.cors_origins) {
        for (const char *p = cfg.cors_origins; *p; p++)
            if (*p == ' ' || *p == '*' || (unsigned char)*p < 0x21)
                return trk_usage_error(a, "invalid value for --cors-origin: \"%s\" (expected "
                                          "origins such as https://news.example.org, separated "
                                          "by commas; no wildcard)",
                                       cfg.cors_origins);
    }
    char host[64];
    unsigned port;
    if (trk_http_parse_listen(cfg.listen, host, sizeof host, &port) != 0)
        return trk_usage_error(a,
                               "invalid value for --listen: \"%s\" (expected HOST:PORT with a "
                               "numeric address, such as 127.0.0.1:8080 or [::1]:8080)",
                               cfg.listen);
    bool notify = trk_has(a, "notify");
    if (notify && !cfg.app)
        return trk_usage_error(a, "--notify runs the delivery worker through the API's "
                                  "--write-db connection: add --app");
    for (int i = 0; !notify && worker_opts[i].name; i++)
        if (trk_has(a, worker_opts[i].name))
            return trk_usage_error(a, "--%s is an option of the delivery worker: add --notify",
                                   worker_opts[i].name);
    if (!notify)
        return trk_http_run(&cfg) == 0 ? TRK_OK : TRK_ERR;

    serve_worker w = {.conninfo = cfg.write_conninfo, .wake = {-1, -1}};
    int rc = trk_notify_parse(a, &w.cfg);
    if (rc != TRK_OK)
        return rc;
    if (pipe(w.wake) != 0) {
        trk_error("could not make a pipe for the worker");
        return TRK_ERR;
    }
    w.cfg.wake_fd = w.wake[0];
    /* SIGINT and SIGTERM stay blocked in every thread: the server's main loop takes them with
     * sigtimedwait (and the worker's own stop request, a SIGTERM, the same way). */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    pthread_t th;
    if (pthread_create(&th, NULL, worker_main, &w) != 0) {
        trk_error("could not start the delivery worker");
        close(w.wake[0]);
        close(w.wake[1]);
        return TRK_ERR;
    }
    rc = trk_http_run(&cfg) == 0 ? TRK_OK : TRK_ERR;
    w.stop = 1;
    if (write(w.wake[1], "x", 1) != 1)
        trk_error("could not wake the delivery worker");
    pthread_join(th, NULL);
    close(w.wake[0]);
    close(w.wake[1]);
    return rc == TRK_OK && w.rc == TRK_OK ? TRK_OK : TRK_ERR;
}

static const trk_opt serve_opts[] = {
    {"listen", "HOST:PORT", "address to listen on (default 127.0.0.1:8080; port 0: any free)", 0},
    {"threads", "N", "worker threads (default 2); they answer from memory only", 0},
    {"render-threads", "N",
     "threads rendering what is not in memory, each with its own database connection "
     "(default 2, at most 16)",
     0},
    {"poll-ms", "MS", "how often to look for changes in the database (default 1000)", 0},
    {"drain-seconds", "S", "how long SIGINT/SIGTERM waits for open connections (default 5)", 0},
    {"cache-mb", "MB",
     "memory for rendered feeds, timelines and reports (default 256); beyond it they are "
     "dropped and rendered again when asked for",
     0},
    {"head-timeout", "S",
     "seconds a client has to send a whole request head (default 10); slower ones are "
     "disconnected",
     0},
    {"max-per-address", "N",
     "open connections from one client address at most (default 512; behind a reverse proxy "
     "every client has the proxy's address)",
     0},
    {"max-unknown-tokens", "N",
     "unknown tokens remembered (answered 404 without a query) per change of the database "
     "(default 10000)",
     0},
    {"app", NULL,
     "also serve the JSON API under /api/v1 (accounts and tokens: tracker user, tracker token; "
     "the API is described at /api/v1/openapi.json and in docs/api.md)",
     0},
    {"write-db", "CONNINFO",
     "with --app: the connection the API reads and writes through (default $TRACKER_WRITE_DB): a "
     "login role that is a member of tracker_writer, never a superuser or the schema's owner",
     0},
    {"cors-origin", "ORIGINS",
     "with --app: browser origins (comma-separated, e.g. https://news.example.org) that may call "
     "the API; none by default",
     0},
    {"api-threads", "N", "with --app: API workers, each with a writer connection (default 4)", 0},
    {"rate-limit", "N",
     "with --app: API requests per second per client address and per account (default 50; "
     "bursts of 4 x N); beyond it 429 with Retry-After",
     0},
    {"auth-failures", "N",
     "with --app: failed authentications per minute per client address (default 10); beyond "
     "it 429",
     0},
    {"session-hours", "H",
     "with --app: web application sessions end H hours after sign-in (default 12)", 0},
    {"secure-cookies", NULL,
     "with --app: mark the session cookie Secure (when a TLS reverse proxy serves the app)", 0},
    {"notify", NULL,
     "with --app: also run the delivery worker (webhooks; digests with --smtp) as a thread, "
     "through the --write-db connection; its options are tracker notify's",
     0},
    TRK_NOTIFY_OPTS,
    TRK_DIGEST_OPTS,
    {"allow-superuser", NULL,
     "serve even when connected as a role that can do more than read: a superuser, a role "
     "with CREATEROLE or the schema's owner (refused by default)",
     0},
    {NULL},
};

static const trk_cmd serve_cmd = {
    "serve",
    NULL,
    "serve calendar feeds, timelines and reports over HTTP",
    serve_opts,
    0,
    0,
    serve,
    "Routes (GET and HEAD), each scoped by the feed's token:\n"
    "  /feeds/TOKEN.ics                 the feed's calendar (text/calendar)\n"
    "  /feeds/TOKEN/timeline.json       TimelineJS3 JSON of the feed's case (one-case feeds)\n"
    "  /feeds/TOKEN/timeline.html       the same timeline as one self-contained HTML page\n"
    "  /feeds/TOKEN/reports/NAME.json   report NAME (tracker report list) restricted to the\n"
    "  /feeds/TOKEN/reports/NAME.csv    feed's case, jurisdiction or tag; other parameters\n"
    "                                   from the query (?from=2017-01-01), checked like --param\n"
    "  /healthz                         ok, or 503 while the database is down\n"
    "ETag, Last-Modified, 304 on If-None-Match/If-Modified-Since. Unknown and revoked tokens,\n"
    "routes a feed cannot be restricted to and unknown paths get 404; a bad query parameter\n"
    "400 with the reason; other methods 405; ambiguous HTTP framing 400 and the connection\n"
    "closed. One access-log line per request on stderr, without tokens. SIGINT/SIGTERM drain\n"
    "open connections and exit 0. Log in as the read-only role tracker_feed_reader.\n"
    "Put it behind a TLS reverse proxy to publish it; see docs/feeds.md.\n"
    "With --app it also serves the JSON API under /api/v1 (Bearer tokens from tracker token\n"
    "create), writing through --write-db (a tracker_writer login); see docs/api.md.\n"
    "With --app it also serves the web application: / and /app go to /app/ (sign in with an\n"
    "account from tracker user add), /app/session signs in and out (sessions in PostgreSQL,\n"
    "cookie tracker_session, CSRF token), /app/embed.html#TOKEN is a feed's embeddable\n"
    "timeline; see docs/web.md.\n"
    "With --app --notify it also delivers webhooks and digests, as tracker notify does (one\n"
    "worker per server; more may run beside it); see docs/alerts.md."};

int trk_cmd_serve(trk_ctx *ctx, int argc, char **argv)
{
    return trk_run_cmd(ctx, NULL, &serve_cmd, argc + 1, argv - 1);
}
