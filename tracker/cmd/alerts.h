/*
 * alerts.h: webhook delivery shared by `tracker notify` (the worker) and `tracker hook
 * test|redeliver` (one delivery at once). See docs/alerts.md.
 */
#ifndef TRK_ALERTS_H
#define TRK_ALERTS_H

#include "db.h"
#include "net.h"

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

/* "t=TIMESTAMP,v1=HEX" for body signed with secret at time t into out (>= 100 bytes). 0, or -1
 * after trk_error (out of memory) with out empty. */
int trk_webhook_signature(const char *secret, long long t, const char *body, size_t len, char *out,
                          size_t size);

/* The delay before attempt `attempt` + 1 after a failed attempt (ms), with jitter, honouring
 * retry_after_s (>= 0) and the cap. */
long trk_retry_delay_ms(const trk_deliver_opts *o, int attempt, long retry_after_s);

#endif
