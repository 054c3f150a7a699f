/*
 * ratelimit.c: token buckets by key (see ratelimit.h). A hash table of buckets under one mutex;
 * the work per call is a hash and a few arithmetic operations.
 */
#include "ratelimit.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RL_KEY_MAX 128

typedef struct bucket {
    struct bucket *next;
    char key[RL_KEY_MAX];
    double tokens;
    double at; /* when tokens was computed, monotonic seconds */
} bucket;

struct trk_ratelimit {
    pthread_mutex_t lock;
    double rate, burst;
    size_t max_keys, nkeys, nbuckets;
    bucket **b;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a: keys are not secret, only spread */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

trk_ratelimit *trk_ratelimit_new(double per_second, double burst, size_t max_keys)
{
    trk_ratelimit *rl = calloc(1, sizeof *rl);
    if (!rl)
        return NULL;
    rl->rate = per_second > 0 ? per_second : 1;
    rl->burst = burst >= 1 ? burst : 1;
    rl->max_keys = max_keys ? max_keys : 100000;
    rl->nbuckets = 4096;
    rl->b = calloc(rl->nbuckets, sizeof *rl->b);
    if (!rl->b) {
        free(rl);
        return NULL;
    }
    pthread_mutex_init(&rl->lock, NULL);
    return rl;
}

void trk_ratelimit_free(trk_ratelimit *rl)
{
    if (!rl)
        return;
    for (size_t i = 0; i < rl->nbuckets; i++)
        for (bucket *b = rl->b[i], *n; b; b = n) {
            n = b->next;
            free(b);
        }
    free(rl->b);
    pthread_mutex_destroy(&rl->lock);
    free(rl);
}

/* Drop buckets that are full again (they say nothing): lock held. */
static void prune(trk_ratelimit *rl, double now)
{
    for (size_t i = 0; i < rl->nbuckets; i++)
        for (bucket **pp = &rl->b[i]; *pp;) {
            bucket *b = *pp;
            if (b->tokens + (now - b->at) * rl->rate >= rl->burst) {
                *pp = b->next;
                free(b);
                rl->nkeys--;
            } else {
                pp = &b->next;
            }
        }
}

static int use(trk_ratelimit *rl, const char *key, double cost, int take)
{
    char k[RL_KEY_MAX];
    size_t n = strlen(key);
    if (n >= RL_KEY_MAX)
        n = RL_KEY_MAX - 1;
    memcpy(k, key, n);
    k[n] = '\0';
    double now = now_s();
    pthread_mutex_lock(&rl->lock);
    size_t h = (size_t)(hash(k) % rl->nbuckets);
    bucket *b = rl->b[h];
    while (b && strcmp(b->key, k) != 0)
        b = b->next;
    double tokens = rl->burst;
    if (b) {
        tokens = b->tokens + (now - b->at) * rl->rate;
        if (tokens > rl->burst)
            tokens = rl->burst;
    }
    int wait = 0;
    if (tokens >= cost) {
        if (take) {
            if (!b) {
                if (rl->nkeys >= rl->max_keys)
                    prune(rl, now);
                if (rl->nkeys < rl->max_keys && (b = calloc(1, sizeof *b))) {
                    memcpy(b->key, k, n + 1);
                    b->next = rl->b[h];
                    rl->b[h] = b;
                    rl->nkeys++;
                }
            }
            if (b) {
                b->tokens = tokens - cost;
                b->at = now;
            }
        }
    } else {
        wait = (int)ceil((cost - tokens) / rl->rate);
        if (wait < 1)
            wait = 1;
    }
    pthread_mutex_unlock(&rl->lock);
    return wait;
}

int trk_ratelimit_take(trk_ratelimit *rl, const char *key, double cost)
{
    return use(rl, key, cost, 1);
}

int trk_ratelimit_check(trk_ratelimit *rl, const char *key, double cost)
{
    return use(rl, key, cost, 0);
}
