/*
 * cmd_serve.c: tracker serve: the feed server: calendars, timelines and reports per feed token
 * (see http.c and docs/feeds.md).
 */
#include "commands.h"
#include "http.h"

#include <stddef.h>

static int serve(trk_ctx *ctx, trk_args *a)
{
    trk_http_config cfg = {.conninfo = ctx->conninfo,
                           .listen = "127.0.0.1:8080",
                           .threads = 2,
                           .poll_ms = 1000,
                           .drain_seconds = 5,
                           .cache_mb = 256};
    if (trk_has(a, "listen"))
        cfg.listen = trk_arg(a, "listen");
    if (trk_has(a, "threads") &&
        trk_parse_int("threads", trk_arg(a, "threads"), 1, 256, &cfg.threads) != 0)
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
    cfg.allow_superuser = trk_has(a, "allow-superuser");
    char host[64];
    unsigned port;
    if (trk_http_parse_listen(cfg.listen, host, sizeof host, &port) != 0)
        return trk_usage_error(a,
                               "invalid value for --listen: \"%s\" (expected HOST:PORT with a "
                               "numeric address, such as 127.0.0.1:8080 or [::1]:8080)",
                               cfg.listen);
    return trk_http_run(&cfg) == 0 ? TRK_OK : TRK_ERR;
}

static const trk_opt serve_opts[] = {
    {"listen", "HOST:PORT", "address to listen on (default 127.0.0.1:8080; port 0: any free)", 0},
    {"threads", "N", "worker threads (default 2)", 0},
    {"poll-ms", "MS", "how often to look for changes in the database (default 1000)", 0},
    {"drain-seconds", "S", "how long SIGINT/SIGTERM waits for open connections (default 5)", 0},
    {"cache-mb", "MB",
     "memory for rendered feeds, timelines and reports (default 256); beyond it they are "
     "dropped and rendered again when asked for",
     0},
    {"allow-superuser", NULL, "serve even when connected as a superuser (refused by default)", 0},
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
    "400 with the reason; other methods 405. One access-log line per request on stderr,\n"
    "without tokens. SIGINT/SIGTERM drain open connections and exit 0.\n"
    "Put it behind a TLS reverse proxy to publish it; see docs/feeds.md."};

int trk_cmd_serve(trk_ctx *ctx, int argc, char **argv)
{
    return trk_run_cmd(ctx, NULL, &serve_cmd, argc + 1, argv - 1);
}
