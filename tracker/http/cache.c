/*
 * cache.c: rendered answers in memory, with their libmicrohttpd responses, and unknown tokens.
 *
 * An entry per key (routes.c says what a key is made of), valid for one change-marker
 * generation (and for daily routes one day). Entries are read under a read lock and their
 * responses queued while it is held (queueing takes a reference), so replacing an entry never
 * frees a response still being sent. What the entries hold is bounded by --cache-mb: beyond it
 * rendered answers are dropped (round the buckets) and rendered again when next asked for.
 * Unknown tokens are remembered too, up to a count per generation of the database: when the
 * database changes, the old ones are stale anyway and the count starts again.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void trk_cache_init(trk_cache *c, size_t cap_bytes, int max_negative)
{
    memset(c, 0, sizeof *c);
    pthread_rwlock_init(&c->lock, NULL);
    c->cap_bytes = cap_bytes;
    c->max_negative = max_negative;
}

void trk_cache_entry_free(entry *e)
{
    if (!e)
        return;
    if (e->ok)
        MHD_destroy_response(e->ok);
    if (e->notmod)
        MHD_destroy_response(e->notmod);
    free(e);
}

void trk_cache_free(trk_cache *c)
{
    for (int i = 0; i < NBUCKETS; i++) {
        tokrec *t = c->tokens[i];
        while (t) {
            tokrec *next = t->next;
            free(t);
            t = next;
        }
        c->tokens[i] = NULL;
    }
    for (int i = 0; i < NBUCKETS; i++) {
        entry *e = c->buckets[i];
        while (e) {
            entry *next = e->next;
            trk_cache_entry_free(e);
            e = next;
        }
        c->buckets[i] = NULL;
    }
    pthread_rwlock_destroy(&c->lock);
}

static entry **slot(trk_cache *c, const uint8_t *key)
{
    uint32_t h = (uint32_t)key[0] | (uint32_t)key[1] << 8 | (uint32_t)key[2] << 16;
    entry **pp = &c->buckets[h % NBUCKETS];
    /* Token hashes are compared in constant time (the bucket index only uses 3 bytes). */
    while (*pp && !trk_sha256_equal((*pp)->key, key))
        pp = &(*pp)->next;
    return pp;
}

bool trk_cache_fresh(trk_cache *c, const uint8_t *key, long long gen, const char *day)
{
    pthread_rwlock_rdlock(&c->lock);
    entry *cur = *slot(c, key);
    bool fresh = cur && cur->gen >= gen && strcmp(cur->day, day) == 0;
    pthread_rwlock_unlock(&c->lock);
    return fresh;
}

void trk_cache_prev_of(trk_cache *c, const uint8_t *key, trk_cache_prev *p)
{
    memset(p, 0, sizeof *p);
    pthread_rwlock_rdlock(&c->lock);
    entry *e = *slot(c, key);
    if (e) {
        p->exists = true;
        p->found = e->found;
        memcpy(p->etag, e->etag, sizeof p->etag);
        p->lastmod = e->lastmod;
    }
    pthread_rwlock_unlock(&c->lock);
}

bool trk_cache_touch(trk_cache *c, const uint8_t *key, bool found, const char *etag,
                     long long gen, long long feed_id, const char *day)
{
    pthread_rwlock_wrlock(&c->lock);
    entry *e = *slot(c, key);
    bool same = e && e->found == found && (!found || strcmp(e->etag, etag) == 0);
    if (same) {
        e->gen = gen;
        e->feed_id = feed_id;
        snprintf(e->day, sizeof e->day, "%s", day);
    }
    pthread_rwlock_unlock(&c->lock);
    return same;
}

/* Over the cache budget: unlink rendered answers other than `keep`, going round the buckets
 * from where the last eviction stopped, until under budget. Called with the write lock held;
 * returns the unlinked entries (chained by next) for the caller to free after unlocking. */
static entry *evict(trk_cache *c, const entry *keep)
{
    entry *out = NULL;
    for (unsigned scanned = 0; c->cached_bytes > c->cap_bytes && scanned < NBUCKETS; scanned++) {
        unsigned b = c->evict_cursor++ % NBUCKETS;
        entry **pp = &c->buckets[b];
        while (*pp && c->cached_bytes > c->cap_bytes) {
            entry *e = *pp;
            if (e == keep || !e->found) {
                pp = &e->next;
                continue;
            }
            *pp = e->next;
            c->cached_bytes -= e->cost;
            e->next = out;
            out = e;
        }
    }
    return out;
}

/* A new generation: unknown tokens of older ones are stale, drop them and count again. Write
 * lock held; returns the unlinked entries. */
static entry *drop_negatives(trk_cache *c, long long gen, entry *out)
{
    for (int b = 0; b < NBUCKETS; b++) {
        entry **pp = &c->buckets[b];
        while (*pp) {
            entry *e = *pp;
            if (e->found || e->gen >= gen) {
                pp = &e->next;
                continue;
            }
            *pp = e->next;
            c->nnegative--;
            c->cached_bytes -= e->cost;
            e->next = out;
            out = e;
        }
    }
    c->negative_gen = gen;
    return out;
}

static void free_chain(entry *e)
{
    while (e) {
        entry *next = e->next;
        trk_cache_entry_free(e);
        e = next;
    }
}

/* Room for variant ne of its token: NULL, or the token's oldest variant, unlinked (write lock
 * held). A token's record stays for the life of the server (one per feed that has variants). */
static entry *make_room(trk_cache *c, const entry *ne)
{
    uint32_t h = (uint32_t)ne->token[0] | (uint32_t)ne->token[1] << 8 |
                 (uint32_t)ne->token[2] << 16;
    tokrec **tp = &c->tokens[h % NBUCKETS];
    while (*tp && !trk_sha256_equal((*tp)->token, ne->token))
        tp = &(*tp)->next;
    tokrec *t = *tp;
    if (!t) {
        t = calloc(1, sizeof *t);
        if (!t)
            return NULL;
        memcpy(t->token, ne->token, TRK_SHA256_LEN);
        *tp = t;
    }
    for (int i = 0; i < t->n; i++)
        if (memcmp(t->keys[i], ne->key, TRK_SHA256_LEN) == 0)
            return NULL; /* a new answer for a variant it has */
    if (t->n < TRK_MAX_VARIANTS) {
        memcpy(t->keys[t->n++], ne->key, TRK_SHA256_LEN);
        return NULL;
    }
    uint8_t victim[TRK_SHA256_LEN];
    memcpy(victim, t->keys[t->head], TRK_SHA256_LEN);
    memcpy(t->keys[t->head], ne->key, TRK_SHA256_LEN);
    t->head = (t->head + 1) % TRK_MAX_VARIANTS;
    entry **pp = slot(c, victim);
    entry *e = *pp;
    if (!e) /* evicted meanwhile */
        return NULL;
    *pp = e->next;
    c->cached_bytes -= e->cost;
    if (!e->found)
        c->nnegative--;
    e->next = NULL;
    return e;
}

bool trk_cache_store(trk_cache *c, entry *ne)
{
    entry *dropped = NULL;
    pthread_rwlock_wrlock(&c->lock);
    entry *oldest = ne->found && ne->variant ? make_room(c, ne) : NULL;
    if (!ne->found && ne->gen > c->negative_gen)
        dropped = drop_negatives(c, ne->gen, NULL);
    entry **pp = slot(c, ne->key);
    entry *old = *pp;
    if (!ne->found && !old && c->nnegative >= c->max_negative) {
        pthread_rwlock_unlock(&c->lock);
        trk_cache_entry_free(oldest);
        free_chain(dropped);
        trk_cache_entry_free(ne);
        return false; /* not cached: the caller answers 404 */
    }
    ne->next = old ? old->next : NULL;
    *pp = ne;
    c->nnegative += (!ne->found) - (old && !old->found);
    c->cached_bytes += ne->cost;
    c->cached_bytes -= old ? old->cost : 0;
    entry *evicted = evict(c, ne);
    pthread_rwlock_unlock(&c->lock);
    trk_cache_entry_free(old); /* responses in flight keep their own references */
    trk_cache_entry_free(oldest);
    free_chain(evicted);
    free_chain(dropped);
    return true;
}

bool trk_cache_answer(trk_cache *c, struct MHD_Connection *conn, const uint8_t *key,
                      long long gen, const char *day, bool head, bool stale_ok,
                      struct MHD_Response *r404, int *status, size_t *bytes, long long *feed,
                      enum MHD_Result *ret)
{
    pthread_rwlock_rdlock(&c->lock);
    entry *e = *slot(c, key);
    if (!e || (!stale_ok && (e->gen < gen || strcmp(e->day, day) != 0))) {
        pthread_rwlock_unlock(&c->lock);
        return false;
    }
    struct MHD_Response *r;
    *bytes = 0;
    *feed = 0;
    if (!e->found) {
        *status = MHD_HTTP_NOT_FOUND;
        r = r404;
    } else if (trk_http_not_modified(conn, e->etag, e->lastmod)) {
        *status = MHD_HTTP_NOT_MODIFIED;
        r = e->notmod;
        *feed = e->feed_id;
    } else {
        *status = MHD_HTTP_OK;
        r = e->ok;
        *bytes = head ? 0 : e->body_len;
        *feed = e->feed_id;
    }
    *ret = MHD_queue_response(conn, (unsigned)*status, r);
    pthread_rwlock_unlock(&c->lock);
    return true;
}
