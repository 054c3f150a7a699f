/*
 * render.c: a cache miss. Read the feed behind the token, run the route's handler, and put the
 * answer in the cache with its responses (ETag: a hash of the bytes; Last-Modified: the
 * database's last change, strictly later than the previous answer's when the bytes changed).
 * It runs on a render thread (jobs.c) with that thread's database connection.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_CONTROL "private, max-age=300"

/* What an entry really holds, counted against --cache-mb: its body (shrunk to its length),
 * the entry, two libmicrohttpd responses (a struct, a mutex, a header list whose names and values
 * are copied) and the allocator's overhead on each block. The figures for libmicrohttpd's own
 * structs are upper bounds for 0.9.75 on 64-bit Linux. */
#define MALLOC_OVERHEAD 32
#define RESPONSE_COST (256 + MALLOC_OVERHEAD)
#define HEADER_COST (64 + 3 * MALLOC_OVERHEAD)

static enum MHD_Result add_header_cost(void *cls, enum MHD_ValueKind kind, const char *name,
                                       const char *value)
{
    (void)kind;
    *(size_t *)cls += HEADER_COST + strlen(name) + 1 + (value ? strlen(value) + 1 : 0);
    return MHD_YES;
}

static size_t header_cost(struct MHD_Response *r)
{
    size_t cost = 0;
    if (r)
        MHD_get_response_headers(r, add_header_cost, &cost);
    return cost;
}

void trk_route_keys(const trk_route_match *m, uint8_t *key, uint8_t *token, char *hex)
{
    trk_sha256 h;
    trk_sha256_init(&h);
    trk_sha256_update(&h, m->token, TOKEN_LEN);
    trk_sha256_final(&h, token);
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < TRK_SHA256_LEN; i++) {
        hex[2 * i] = digits[token[i] >> 4];
        hex[2 * i + 1] = digits[token[i] & 15];
    }
    hex[64] = '\0';
    memcpy(key, token, TRK_SHA256_LEN);
    if (m->route->key == TRK_KEY_TOKEN)
        return;
    trk_sha256_init(&h);
    trk_sha256_update(&h, token, TRK_SHA256_LEN);
    trk_sha256_update(&h, m->rest, strlen(m->rest));
    for (int j = 0; m->rep && j < m->rep->nparams; j++) {
        if (!m->given[j])
            continue;
        trk_sha256_update(&h, "\n", 1);
        trk_sha256_update(&h, m->rep->params[j].name, strlen(m->rep->params[j].name));
        trk_sha256_update(&h, "=", 1);
        trk_sha256_update(&h, m->given[j], strlen(m->given[j]));
    }
    trk_sha256_final(&h, key);
}

/* Read the feed behind `hex` into *f on the render connection, resetting a broken connection
 * and trying once more. With `txn` the read opens a REPEATABLE READ READ ONLY transaction that
 * the caller ends (trk_db_rollback), so that what it renders next comes from the same snapshot
 * as the change-marker generation read here. 0 or -1 (logged). */
static int load_feed_retry(trk_db *db, const char *hex, feed_row *f, bool txn)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        memset(f, 0, sizeof *f);
        if (trk_http_db_ensure(db) != 0)
            continue;
        if (txn &&
            trk_db_try_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL) != 0)
            continue;
        if (trk_feed_row_load(db, hex, f) == 0)
            return 0;
        trk_feed_row_free(f);
        trk_db_rollback(db);
    }
    trk_http_log("database: could not read feeds: %s", trk_db_errmsg(db));
    return -1;
}

int trk_render_refresh(server *s, trk_db *db, const uint8_t *key, const uint8_t *token,
                       const char *hex, long long gen, const trk_route_match *m, bool *found_out)
{
    const trk_route *rt = m->route;
    *found_out = true; /* an answer in the cache: whatever it is, the cache gives it */
    if (trk_cache_fresh(&s->cache, key, gen, m->day))
        return 0;

    feed_row f;
    if (load_feed_retry(db, hex, &f, rt->snapshot) != 0)
        return -1;
    int rc = -1;
    char *body = NULL;
    size_t len = 0;
    struct MHD_Response *ok = NULL, *notmod = NULL;
    char etag[40] = "";
    bool found = f.found;
    int rendered = found ? rt->render(db, m, &f, &body, &len, &found) : 0;
    trk_db_rollback(db); /* the snapshot, if one is open */
    if (rendered != 0)
        goto out;
    *found_out = found;
    if (found) {
        char hexd[TRK_SHA256_HEXLEN];
        trk_sha256_hex(body, len, hexd);
        snprintf(etag, sizeof etag, "\"%.32s\"", hexd);
    }

    /* Same answer as before: keep the responses, ETag and Last-Modified. */
    if (trk_cache_touch(&s->cache, key, found, etag, f.gen, f.id, m->day)) {
        rc = 0;
        goto out;
    }
    trk_cache_prev prev;
    trk_cache_prev_of(&s->cache, key, &prev);

    /* A new or changed answer: build its responses outside the lock. */
    time_t lastmod = (time_t)strtoll(f.changed, NULL, 10);
    if (found) {
        char lm[64];
        /* Strictly later than the previous answer's, even within the same second, so that
         * If-Modified-Since never hides a change. */
        if (prev.exists && prev.found && prev.lastmod >= lastmod)
            lastmod = prev.lastmod + 1;
        trk_http_date(lastmod, lm, sizeof lm);
        /* Renders grow their buffers in steps: keep only what the body needs. */
        char *fit = realloc(body, len ? len : 1);
        if (fit)
            body = fit;
        ok = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
        if (!ok)
            goto out;
        body = NULL; /* owned by the response */
        notmod = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        if (!notmod)
            goto out;
        struct MHD_Response *both[] = {ok, notmod};
        for (int i = 0; i < 2; i++) {
            MHD_add_response_header(both[i], "ETag", etag);
            MHD_add_response_header(both[i], "Last-Modified", lm);
            MHD_add_response_header(both[i], "Cache-Control", CACHE_CONTROL);
            /* Any origin may read what the URL (the secret) gives anyway: no credentials are
             * involved. */
            if (rt->cors)
                MHD_add_response_header(both[i], "Access-Control-Allow-Origin", "*");
        }
        trk_route_headers(ok, m);
    }
    entry *ne = calloc(1, sizeof *ne);
    if (!ne)
        goto out;
    memcpy(ne->key, key, TRK_SHA256_LEN);
    memcpy(ne->token, token, TRK_SHA256_LEN);
    ne->found = found;
    ne->feed_id = f.id;
    ne->gen = f.gen;
    snprintf(ne->day, sizeof ne->day, "%s", m->day);
    ne->ok = ok;
    ne->notmod = notmod;
    ne->lastmod = lastmod;
    ne->body_len = len;
    for (int j = 0; m->rep && j < m->rep->nparams; j++)
        ne->variant |= m->given[j] != NULL;
    /* Unknown tokens are bounded by their count (a fixed overhead), not by --cache-mb. */
    if (found)
        ne->cost = sizeof *ne + MALLOC_OVERHEAD + len + MALLOC_OVERHEAD + 2 * RESPONSE_COST +
                   header_cost(ok) + header_cost(notmod);
    snprintf(ne->etag, sizeof ne->etag, "%s", etag);
    ok = notmod = NULL;
    trk_cache_store(&s->cache, ne);
    rc = 0;
out:
    if (ok)
        MHD_destroy_response(ok);
    if (notmod)
        MHD_destroy_response(notmod);
    free(body);
    trk_feed_row_free(&f);
    return rc;
}
