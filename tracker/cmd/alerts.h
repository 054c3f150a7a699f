/*
 * alerts.h: webhook delivery shared by `tracker notify` (the worker) and `tracker hook
 * test|redeliver` (one delivery at once). See docs/alerts.md.
 */
#ifndef TRK_ALERTS_H
#define TRK_ALERTS_H

#include "cli.h"
#include "db.h"
#include "digest.h"
#include "net.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct trk_deliver_opts {
    long retry_base_ms;    /* first retry delay (doubles each time, with jitter) */
    long retry_max_ms;     /* cap: 24 hours */
    long long disable_after_s; /* a hook failing this long is disabled: one day */
    bool verbose;
} trk_deliver_opts;

/*
 * One transaction: claim up to `limit` due deliveries (only > 0: that one), sign and POST them
 * through `net`, record every attempt, commit. *done gets the number attempted. When `last` is
 * not NULL it gets the result of the last one (for hook test). 0, or -1 after a reported error
 * (the transaction is rolled back: the deliveries stay due).
 */
int trk_deliver_batch(trk_db *db, trk_net *net, const trk_deliver_opts *o, int limit,
                      long long only, int *done, trk_net_res *last);

/* The worker (`tracker notify`, or a thread of `tracker serve --notify`). */
typedef struct trk_notify_cfg {
    trk_deliver_opts o;
    long conn_ms, total_ms; /* timeouts of a delivery */
    long sweep_s, batch, parallel;
    trk_digest_cfg dc;
    bool once;
    int wake_fd; /* readable when *stop has been set (serve), or -1 (signals wake poll) */
} trk_notify_cfg;

/* The worker's tuning options, shared by notify and serve (one owner for their words). */
#define TRK_NOTIFY_OPTS                                                                            \
    {"sweep", "SECONDS", "also look for due work this often without a NOTIFY (default 60)", 0},  \
        {"batch", "N", "deliveries claimed per transaction (default 200)", 0},                    \
        {"parallel", "N", "requests in flight at once (default 16)", 0},                          \
        {"connect-timeout-ms", "MS", "connect timeout of a delivery (default 5000)", 0},          \
        {"timeout-ms", "MS", "total timeout of a delivery (default 10000)", 0},                   \
        {"retry-base-ms", "MS",                                                                   \
         "first retry delay, doubled each time, +-25% jitter (default 10000)", 0},                \
        {"disable-after", "SECONDS", "disable a hook failing this long (default 86400)", 0}

/* The options above, --once, --verbose and the digests' into c. TRK_OK or a usage error. */
int trk_notify_parse(trk_args *a, trk_notify_cfg *c);

/* The worker's loop on conninfo until *stop (or, with c->once, until nothing is due). TRK_OK, or
 * TRK_ERR after a reported error (a lost database is waited for, not an error, except --once). */
int trk_notify_loop(const char *conninfo, const trk_notify_cfg *c, volatile sig_atomic_t *stop);

/* "t=TIMESTAMP,v1=HEX" for body signed with secret at time t into out (>= 100 bytes). 0, or -1
 * after trk_error (out of memory) with out empty. */
int trk_webhook_signature(const char *secret, long long t, const char *body, size_t len, char *out,
                          size_t size);

/* The delay before attempt `attempt` + 1 after a failed attempt (ms), with jitter, honouring
 * retry_after_s (>= 0) and the cap. */
long trk_retry_delay_ms(const trk_deliver_opts *o, int attempt, long retry_after_s);

#endif
