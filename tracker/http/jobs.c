/*
 * jobs.c: cache misses are rendered by render threads of their own, never by libmicrohttpd's.
 *
 * A request that misses the cache is suspended (MHD_suspend_connection) and becomes a waiter of
 * a render job; identical concurrent misses (same cache key) wait for the same job. A render
 * thread renders the job on its own database connection, then resumes every waiter, whose
 * request is then answered from the cache like any other. So libmicrohttpd's threads only ever
 * answer from memory: /healthz and cached answers stay fast while renders run.
 *
 * Bounds: at most JOBS_PER_TOKEN jobs (queued or running) per token, and one running per token
 * at a time, so one token cannot take every render thread; at most JOBS_MAX jobs in all. A miss
 * beyond them is answered 429 (per token) or 503 (in all) with Retry-After, at once.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JOBS_PER_TOKEN 8
#define JOBS_MAX 256
#define SLOW_RENDER_MS 1000

typedef struct waiter {
    struct waiter *next;
    struct MHD_Connection *c;
    trk_request *rq;
} waiter;

typedef struct job {
    struct job *next;
    uint8_t key[TRK_SHA256_LEN], token[TRK_SHA256_LEN];
    char hex[TRK_SHA256_HEXLEN];
    long long gen;
    trk_route_match m; /* a copy that owns what it points to */
    char tokbuf[TOKEN_LEN + 1];
    char *rest;
    waiter *waiters;
    int nwaiters;
} job;

typedef struct worker {
    trk_jobs *jobs;
    trk_db *db;
    pthread_t thread;
    bool started;
} worker;

static int count_token(const job *list, const uint8_t *token)
{
    int n = 0;
    for (const job *j = list; j; j = j->next)
        n += memcmp(j->token, token, TRK_SHA256_LEN) == 0;
    return n;
}

static job *find_key(job *list, const uint8_t *key)
{
    for (job *j = list; j; j = j->next)
        if (memcmp(j->key, key, TRK_SHA256_LEN) == 0)
            return j;
    return NULL;
}

static void job_free(job *j)
{
    if (!j)
        return;
    free(j->rest);
    free(j);
}

/* Deep copy of a match: the job outlives nothing it points to. */
static int copy_match(job *j, const trk_route_match *m)
{
    memcpy(&j->m, m, sizeof j->m);
    memcpy(j->tokbuf, m->token, TOKEN_LEN);
    j->tokbuf[TOKEN_LEN] = '\0';
    j->m.token = j->tokbuf;
    j->rest = strdup(m->rest);
    if (!j->rest)
        return -1;
    j->m.rest = j->rest;
    j->m.name = NULL;
    j->m.name_len = 0;
    for (int k = 0; k < TRK_REPORT_MAX_PARAMS; k++)
        if (m->given[k])
            j->m.given[k] = j->m.vals[k];
    return 0;
}

trk_job_result trk_jobs_submit(trk_jobs *js, struct MHD_Connection *c, trk_request *rq,
                               const uint8_t *key, const uint8_t *token, const char *hex,
                               long long gen, const trk_route_match *m)
{
    waiter *w = calloc(1, sizeof *w);
    if (!w)
        return TRK_JOB_BUSY;
    w->c = c;
    w->rq = rq;
    pthread_mutex_lock(&js->lock);
    if (js->stop) {
        pthread_mutex_unlock(&js->lock);
        free(w);
        return TRK_JOB_BUSY;
    }
    job *j = find_key(js->running, key);
    if (!j)
        j = find_key(js->queue, key);
    if (!j) {
        if (js->njobs >= JOBS_MAX) {
            pthread_mutex_unlock(&js->lock);
            free(w);
            return TRK_JOB_BUSY;
        }
        if (count_token(js->running, token) + count_token(js->queue, token) >= JOBS_PER_TOKEN) {
            pthread_mutex_unlock(&js->lock);
            free(w);
            return TRK_JOB_TOKEN_BUSY;
        }
        j = calloc(1, sizeof *j);
        if (!j || copy_match(j, m) != 0) {
            pthread_mutex_unlock(&js->lock);
            job_free(j);
            free(w);
            return TRK_JOB_BUSY;
        }
        memcpy(j->key, key, TRK_SHA256_LEN);
        memcpy(j->token, token, TRK_SHA256_LEN);
        memcpy(j->hex, hex, TRK_SHA256_HEXLEN);
        j->gen = gen;
        job **tail = &js->queue;
        while (*tail)
            tail = &(*tail)->next;
        *tail = j;
        js->njobs++;
        pthread_cond_signal(&js->cond);
    }
    w->next = j->waiters;
    j->waiters = w;
    j->nwaiters++;
    rq->state = TRK_REQ_WAITING;
    /* Suspended before the lock is let go: a render thread resumes it only after taking the
     * waiters under the lock, so resume always follows suspend. */
    MHD_suspend_connection(c);
    pthread_mutex_unlock(&js->lock);
    return TRK_JOB_QUEUED;
}

static void resume_all(waiter *w, int rc, bool found)
{
    while (w) {
        waiter *next = w->next;
        w->rq->rc = rc;
        w->rq->found = found;
        w->rq->state = TRK_REQ_DONE;
        MHD_resume_connection(w->c);
        free(w);
        w = next;
    }
}

/* The first queued job whose token has none running (lock held); unlinked. */
static job *take(trk_jobs *js)
{
    for (job **pp = &js->queue; *pp; pp = &(*pp)->next) {
        job *j = *pp;
        if (count_token(js->running, j->token) == 0) {
            *pp = j->next;
            j->next = js->running;
            js->running = j;
            return j;
        }
    }
    return NULL;
}

static void *work(void *arg)
{
    worker *wk = arg;
    trk_jobs *js = wk->jobs;
    pthread_mutex_lock(&js->lock);
    for (;;) {
        job *j = NULL;
        while (!js->stop && !(j = take(js)))
            pthread_cond_wait(&js->cond, &js->lock);
        if (!j)
            break; /* stopping: the queue is resumed by trk_jobs_stop */
        pthread_mutex_unlock(&js->lock);
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        bool found = true;
        int rc = trk_render_refresh(js->server, wk->db, j->key, j->token, j->hex, j->gen, &j->m,
                                    &found);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        pthread_mutex_lock(&js->lock);
        for (job **pp = &js->running; *pp; pp = &(*pp)->next)
            if (*pp == j) {
                *pp = j->next;
                break;
            }
        js->njobs--;
        waiter *w = j->waiters;
        int nw = j->nwaiters;
        j->waiters = NULL;
        /* Another job of this token may run now. */
        pthread_cond_broadcast(&js->cond);
        pthread_mutex_unlock(&js->lock);
        long long ms = (long long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
        if (ms >= SLOW_RENDER_MS) {
            char path[160];
            char url[7 + TOKEN_LEN + 256];
            snprintf(url, sizeof url, "/feeds/%s%.255s", j->tokbuf, j->rest);
            trk_http_log_path(url, path, sizeof path);
            trk_http_log("render: %s took %lld ms, answered %d request%s", path, ms, nw,
                         nw == 1 ? "" : "s");
        }
        resume_all(w, rc, found);
        job_free(j);
        pthread_mutex_lock(&js->lock);
    }
    pthread_mutex_unlock(&js->lock);
    return NULL;
}

int trk_jobs_start(trk_jobs *js, server *s, const trk_http_config *cfg, int nthreads)
{
    memset(js, 0, sizeof *js);
    pthread_mutex_init(&js->lock, NULL);
    pthread_cond_init(&js->cond, NULL);
    js->server = s;
    if (nthreads < 1)
        nthreads = 1;
    if (nthreads > TRK_MAX_RENDER_THREADS)
        nthreads = TRK_MAX_RENDER_THREADS;
    js->workers = calloc((size_t)nthreads, sizeof(worker));
    if (!js->workers)
        return -1;
    worker *ws = js->workers;
    for (int i = 0; i < nthreads; i++) {
        ws[i].jobs = js;
        ws[i].db = trk_http_open_db(cfg, false);
        if (!ws[i].db)
            return -1;
        js->nworkers++;
    }
    for (int i = 0; i < nthreads; i++) {
        if (pthread_create(&ws[i].thread, NULL, work, &ws[i]) != 0)
            return -1;
        ws[i].started = true;
    }
    return 0;
}

void trk_jobs_stop(trk_jobs *js)
{
    worker *ws = js->workers;
    pthread_mutex_lock(&js->lock);
    js->stop = true;
    pthread_cond_broadcast(&js->cond);
    pthread_mutex_unlock(&js->lock);
    for (int i = 0; ws && i < js->nworkers; i++)
        if (ws[i].started)
            pthread_join(ws[i].thread, NULL);
    /* What was still queued is answered 503 (or a stale answer). */
    pthread_mutex_lock(&js->lock);
    job *q = js->queue;
    js->queue = NULL;
    pthread_mutex_unlock(&js->lock);
    while (q) {
        job *next = q->next;
        resume_all(q->waiters, -1, false);
        job_free(q);
        q = next;
    }
}

void trk_jobs_free(trk_jobs *js)
{
    worker *ws = js->workers;
    for (int i = 0; ws && i < js->nworkers; i++)
        trk_db_close(ws[i].db);
    free(ws);
    js->workers = NULL;
    pthread_mutex_destroy(&js->lock);
    pthread_cond_destroy(&js->cond);
}
