/*
 * ratelimit.h: token buckets by key (a client address, a login), shared by the API and the web
 * application's sign-in. Thread-safe. A bucket holds at most `burst` tokens and refills at
 * `per_second`; keys beyond max_keys push out the longest-idle buckets (a full bucket is the
 * same as none, so forgetting one never makes a client wait longer than it should).
 *
 *   trk_ratelimit *rl = trk_ratelimit_new(10, 50, 100000);
 *   int wait = trk_ratelimit_take(rl, addr, 1);   0: go on; else 429 with Retry-After: wait
 *   trk_ratelimit_check(rl, key, 1)               the same question without taking (failures:
 *                                                 check before trying, take when it failed)
 */
#ifndef TRK_RATELIMIT_H
#define TRK_RATELIMIT_H

#include <stddef.h>

typedef struct trk_ratelimit trk_ratelimit;

/* NULL when out of memory. per_second > 0, burst >= 1. */
trk_ratelimit *trk_ratelimit_new(double per_second, double burst, size_t max_keys);
void trk_ratelimit_free(trk_ratelimit *rl);
/* Take `cost` tokens from key's bucket: 0 when there were enough, else the seconds (>= 1) until
 * there will be (nothing taken then). */
int trk_ratelimit_take(trk_ratelimit *rl, const char *key, double cost);
/* As take, but never takes. */
int trk_ratelimit_check(trk_ratelimit *rl, const char *key, double cost);

#endif
