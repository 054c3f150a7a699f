/*
 * cmd_notify.c: tracker notify, the delivery worker (docs/alerts.md).
 *
 * It LISTENs on tracker_outbox (the outbox triggers NOTIFY at commit) and also sweeps every
 * --sweep seconds: due_soon events, digests, and deliveries whose retry time has come. Each batch
 * is one transaction: claim due deliveries FOR UPDATE SKIP LOCKED (so several workers never send
 * the same delivery at the same time), POST them in parallel, record every attempt, commit. A
 * crash in the middle leaves the batch unrecorded, so it is sent again: at-least-once, with the
 * event id for de-duplication. A lost database connection is re-established with backoff.
 * The worker uses two connections and a second thread to record each batch and claim the next
 * one while others are in flight (deliver_pipelined); at most two batches are ever sent and not
 * yet recorded.
 */
#include "alerts.h"
#include "cmdutil.h"
#include "commands.h"
#include "crypto.h"
#include "digest.h"
#include "outbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int trk_webhook_signature(const char *secret, long long t, const char *body, size_t len, char *out,
                          size_t size)
{
    char ts[24];
    int tl = snprintf(ts, sizeof ts, "%lld.", t);
    size_t mlen = (size_t)tl + len;
    char *msg = malloc(mlen);
    uint8_t mac[TRK_SHA256_LEN];
    char hex[2 * TRK_SHA256_LEN + 1];
    if (size)
        out[0] = '\0';
    if (!msg) {
        trk_error("out of memory");
        return -1;
    }
    memcpy(msg, ts, (size_t)tl);
    memcpy(msg + tl, body, len);
    int rc = trk_hmac_sha256(secret, strlen(secret), msg, mlen, mac);
    free(msg);
    if (rc != 0)
        return -1;
    snprintf(out, size, "t=%lld,v1=%s", t, trk_hex(mac, sizeof mac, hex));
    return 0;
}

long trk_retry_delay_ms(const trk_deliver_opts *o, int attempt, long retry_after_s)
{
    if (retry_after_s >= 0) {
        long long ms = (long long)retry_after_s * 1000;
        return ms > o->retry_max_ms ? o->retry_max_ms : (long)ms;
    }
    double d = (double)o->retry_base_ms;
    for (int i = 1; i < attempt && d < (double)o->retry_max_ms; i++)
        d *= 2;
    uint32_t r;
    trk_random_bytes(&r, sizeof r);
    d *= 0.75 + 0.5 * ((double)r / 4294967296.0); /* jitter: +-25% */
    if (d > (double)o->retry_max_ms)
        d = (double)o->retry_max_ms;
    return (long)d;
}

static const char *outcome_name(int outcome)
{
    switch (outcome) {
    case TRK_NET_OK:
        return "ok";
    case TRK_NET_HTTP_ERROR:
        return "http_error";
    case TRK_NET_TIMEOUT:
        return "timeout";
    case TRK_NET_NETWORK:
        return "network";
    default:
        return "refused";
    }
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1000 + (double)t.tv_nsec / 1e6;
}

/* One claimed batch: its open transaction on db, the requests and, once sent, the results. */
typedef struct dbatch {
    trk_db *db;
    trk_res *r;
    int n;
    trk_net_req *q;
    trk_net_res *s;
    char *bodies; /* every body of the batch, one after the other */
    char (*hdr)[5][160];
    const char *(*hp)[5];
    double t0, tc, t1, t2; /* claim started, claimed and signed, sent from, to */
    int next;              /* deliver_pipelined: the first request not yet started */
    int finished;          /* and how many are done */
} dbatch;

static void batch_free(dbatch *b)
{
    free(b->q);
    free(b->s);
    free(b->bodies);
    free(b->hdr);
    free(b->hp);
    trk_res_free(b->r);
    memset(b, 0, sizeof *b);
}

/* BEGIN, claim, sign. 0 with b->n rows (0: nothing due, no transaction left open), or -1
 * (rolled back). */
static int batch_claim(trk_db *db, int limit, long long only, dbatch *b)
{
    memset(b, 0, sizeof *b);
    b->db = db;
    b->t0 = now_ms();
    if (trk_db_begin(db) != 0)
        return -1;
    trk_res *r = trk_outbox_claim(db, limit, only);
    if (!r) {
        trk_db_rollback(db);
        return -1;
    }
    b->r = r;
    int n = b->n = trk_res_rows(r);
    if (n == 0) {
        batch_free(b);
        trk_db_rollback(db);
        return 0;
    }
    size_t total = 0;
    for (int i = 0; i < n; i++)
        total += trk_outbox_body_len(r, i) + 1;
    b->q = calloc((size_t)n, sizeof *b->q);
    b->s = calloc((size_t)n, sizeof *b->s);
    b->hdr = calloc((size_t)n, sizeof *b->hdr);
    b->hp = calloc((size_t)n, sizeof *b->hp);
    b->bodies = malloc(total);
    if (!b->q || !b->s || !b->hdr || !b->hp || !b->bodies) {
        trk_error("out of memory");
        batch_free(b);
        trk_db_rollback(db);
        return -1;
    }
    long long now = (long long)time(NULL);
    char *body = b->bodies;
    for (int i = 0; i < n; i++) {
        size_t len = trk_outbox_body(r, i, body);
        char sig[128];
        char(*hdr)[5][160] = b->hdr;
        if (trk_webhook_signature(trk_res_val(r, i, "secret"), now, body, len, sig, sizeof sig) !=
            0) {
            batch_free(b);
            trk_db_rollback(db);
            return -1;
        }
        snprintf(hdr[i][0], sizeof hdr[i][0], "Tracker-Signature: %s", sig);
        snprintf(hdr[i][1], sizeof hdr[i][1], "Tracker-Event-Id: %s",
                 trk_res_val(r, i, "event_id"));
        snprintf(hdr[i][2], sizeof hdr[i][2], "Tracker-Event-Type: %s", trk_res_val(r, i, "type"));
        snprintf(hdr[i][3], sizeof hdr[i][3], "Tracker-Delivery: %s", trk_res_val(r, i, "id"));
        snprintf(hdr[i][4], sizeof hdr[i][4], "Tracker-Attempt: %s", trk_res_val(r, i, "attempt"));
        for (int k = 0; k < 5; k++)
            b->hp[i][k] = hdr[i][k];
        b->q[i] = (trk_net_req){.url = trk_res_val(r, i, "url"),
                                .body = body,
                                .len = len,
                                .headers = b->hp[i],
                                .nheaders = 5,
                                .allow_private = trk_res_bool(r, i, "allow_private")};
        body += len + 1;
    }
    b->tc = now_ms();
    return 0;
}

/* Record every attempt of a sent batch, disable hooks failing too long (only when an attempt
 * of this batch failed: a hook can only reach the limit while failing), COMMIT. Frees b. 0 or
 * -1 (rolled back: the deliveries stay due). */
static int batch_record(const trk_deliver_opts *o, dbatch *b, trk_net_res *last)
{
    trk_db *db = b->db;
    trk_res *r = b->r;
    trk_net_res *s = b->s;
    int n = b->n, rc = -1;
    bool failures = false;
    trk_attempt_rec *a = calloc((size_t)n, sizeof *a);
    if (!a) {
        trk_error("out of memory");
        goto out;
    }
    for (int i = 0; i < n; i++) {
        int attempt = (int)trk_res_int(r, i, "attempt");
        const char *state;
        long delay = 0;
        int outcome = s[i].outcome;
        bool retry = outcome == TRK_NET_TIMEOUT || outcome == TRK_NET_NETWORK ||
                     (outcome == TRK_NET_HTTP_ERROR && (s[i].code >= 500 || s[i].code == 429));
        if (outcome == TRK_NET_OK) {
            state = "delivered";
        } else if (retry) {
            state = "pending";
            delay = trk_retry_delay_ms(
                o, attempt, s[i].code == 429 || s[i].code == 503 ? s[i].retry_after_s : -1);
        } else {
            state = "failed"; /* other 4xx (and 3xx: redirects are not followed), refused */
        }
        failures = failures || outcome != TRK_NET_OK;
        a[i] = (trk_attempt_rec){.id = trk_res_int(r, i, "id"),
                                 .attempt = attempt,
                                 .latency_ms = s[i].latency_ms,
                                 .outcome = outcome_name(outcome),
                                 .code = s[i].code,
                                 .error = s[i].error[0] ? s[i].error : NULL,
                                 .delay_ms = delay,
                                 .state = state};
        if (o->verbose) {
            char next[48] = "";
            if (strcmp(state, "pending") == 0)
                snprintf(next, sizeof next, "; next try in %ld ms", delay);
            fprintf(stderr, "notify: delivery %s (%s, attempt %d) to %s: %s%s\n",
                    trk_res_val(r, i, "id"), trk_res_val(r, i, "type"), attempt,
                    trk_res_val(r, i, "url"), outcome == TRK_NET_OK ? "ok" : s[i].error, next);
        }
    }
    if (trk_outbox_record(db, a, n) != 0)
        goto out;
    if (failures) {
        trk_res *dis = trk_outbox_disable_failing(db, o->disable_after_s);
        if (!dis)
            goto out;
        for (int i = 0; i < trk_res_rows(dis); i++)
            fprintf(stderr, "notify: disabled hook %s (%s): %s\n", trk_res_val(dis, i, "id"),
                    trk_res_val(dis, i, "url"), trk_res_val(dis, i, "disabled_reason"));
        trk_res_free(dis);
    }
    if (trk_db_commit(db) != 0)
        goto out;
    if (o->verbose)
        fprintf(stderr,
                "notify: batch of %d: claim %.0f ms (then %.0f ms until sent), send %.0f ms, "
                "record %.0f ms\n",
                n, b->tc - b->t0, b->t1 - b->tc, b->t2 - b->t1, now_ms() - b->t2);
    if (last)
        *last = s[n - 1];
    rc = 0;
out:
    if (rc != 0)
        trk_db_rollback(db);
    free(a);
    batch_free(b);
    return rc;
}

static int batch_send(trk_net *net, dbatch *b)
{
    b->t1 = now_ms();
    if (trk_net_post(net, b->q, b->s, b->n) != 0)
        return -1;
    b->t2 = now_ms();
    return 0;
}

int trk_deliver_batch(trk_db *db, trk_net *net, const trk_deliver_opts *o, int limit,
                      long long only, int *done, trk_net_res *last)
{
    *done = 0;
    dbatch b;
    if (batch_claim(db, limit, only, &b) != 0)
        return -1;
    if (b.n == 0)
        return 0;
    int n = b.n;
    if (batch_send(net, &b) != 0) {
        trk_db_rollback(db);
        batch_free(&b);
        return -1;
    }
    if (batch_record(o, &b, last) != 0)
        return -1;
    *done = n;
    return 0;
}

/*
 * The worker's drain: a pipeline of batches over two connections, with the network never
 * waiting for the database. Batch k's requests go out as request slots free up; when its last
 * request is done, a second thread records and commits it and then claims batch k+2 on the same
 * connection (FOR UPDATE SKIP LOCKED skips batch k+1's rows, claimed on the other one). Batch
 * k+1's requests start in the slots batch k's last ones leave, so the slots stay busy across
 * batches. Each batch stays one transaction (claimed, every attempt recorded, committed). Batch
 * k+2 is claimed only once batch k is committed, so at most two batches are ever sent and not
 * yet recorded (k+1 and k+2): a crash repeats at most two batches (docs/alerts.md). Runs until a
 * claim is not full or *stop is set. 0, or -1 after a reported error (open transactions rolled
 * back: their deliveries stay due).
 */
typedef struct side_job {
    const trk_deliver_opts *o;
    dbatch *rec;   /* record and commit it (NULL: none) */
    dbatch *claim; /* then claim into it (NULL: none) */
    trk_db *db;    /* the claim's connection: rec's, once committed */
    int limit;
    int rrc, crc;
    atomic_bool done;
    bool running, threaded;
    pthread_t th;
} side_job;

static void *side_run(void *arg)
{
    side_job *j = arg;
    j->rrc = j->rec ? batch_record(j->o, j->rec, NULL) : 0;
    j->crc = !j->claim ? 0 : j->rrc != 0 ? -1 : batch_claim(j->db, j->limit, 0, j->claim);
    atomic_store(&j->done, true);
    return NULL;
}

static void side_start(side_job *j, dbatch *rec, dbatch *claim, trk_db *db)
{
    j->rec = rec;
    j->claim = claim;
    j->db = db;
    j->rrc = j->crc = 0;
    atomic_store(&j->done, false);
    j->running = true;
    j->threaded = pthread_create(&j->th, NULL, side_run, j) == 0;
    if (!j->threaded)
        side_run(j); /* no thread: the same work, now */
}

static void batch_drop(dbatch *b)
{
    if (b->n > 0) {
        trk_db_rollback(b->db);
        batch_free(b);
    }
}

typedef struct pipeline {
    dbatch bs[3];
    dbatch *q[2];     /* being sent, oldest first */
    int nq;
    dbatch *claiming; /* the side job's claim */
    side_job j;
    bool more;        /* the last claim was full: claim again */
    bool failed;      /* recording or claiming failed (reported): no more claims */
} pipeline;

/* Once the side job is done (waited for when wait), its claim joins the batches to send. */
static void side_collect(pipeline *p, bool wait, volatile sig_atomic_t *stop)
{
    side_job *j = &p->j;
    if (!j->running || (!wait && !atomic_load(&j->done)))
        return;
    if (j->threaded)
        pthread_join(j->th, NULL);
    j->running = false;
    dbatch *c = p->claiming;
    p->claiming = NULL;
    if (j->rrc != 0 || j->crc != 0) {
        p->failed = true;
        p->more = false;
    } else if (c && c->n > 0) {
        p->q[p->nq++] = c;
        p->more = c->n == j->limit && !*stop;
    } else if (c) {
        p->more = false;
    }
}

static int deliver_pipelined(trk_db *dbs[2], trk_net *net, const trk_deliver_opts *o, int limit,
                             volatile sig_atomic_t *stop)
{
    pipeline p;
    memset(&p, 0, sizeof p);
    p.j.o = o;
    p.j.limit = limit;
    if (batch_claim(dbs[0], limit, 0, &p.bs[0]) != 0)
        return -1;
    if (p.bs[0].n == 0)
        return 0;
    p.q[p.nq++] = &p.bs[0];
    p.more = p.bs[0].n == limit && !*stop;
    if (p.more) {
        p.claiming = &p.bs[1];
        side_start(&p.j, NULL, p.claiming, dbs[1]);
    }
    bool waited_idle = false; /* idle slots were held for a group and nothing finished */
    for (;;) {
        side_collect(&p, false, stop);
        if (p.nq > 0 && p.q[0]->finished == p.q[0]->n && !p.j.running) {
            /* The oldest batch is done: record it, then claim the next on its connection. */
            dbatch *b = p.q[0];
            p.q[0] = p.q[1];
            p.q[1] = NULL;
            p.nq--;
            dbatch *c = NULL;
            if (p.more && !p.failed && !*stop)
                for (int i = 0; i < 3 && !c; i++)
                    if (&p.bs[i] != b && (p.nq == 0 || &p.bs[i] != p.q[0]))
                        c = &p.bs[i];
            p.claiming = c;
            side_start(&p.j, b, c, b->db);
            continue;
        }
        if (p.nq == 0 && !p.j.running)
            break;
        /* Fill the idle slots, oldest batch first, in groups of at least a quarter of the slots
         * (or all that is left to start, when no claim is coming): the receiver gets them
         * together and answers them in one wake-up. Started one at a time as slots free up,
         * each request cost the receiver and the worker about a fifth more CPU and the
         * throughput fell by as much (docs/alerts.md, "Speed"). A single change still goes out
         * at once. */
        int idle = trk_net_idle(net), active = trk_net_active(net), unstarted = 0;
        int group = (idle + active) / 4 > 1 ? (idle + active) / 4 : 1;
        for (int k = 0; k < p.nq; k++)
            unstarted += p.q[k]->n - p.q[k]->next;
        bool fill = idle >= group || active == 0 || (idle >= unstarted && !p.j.running) ||
                    (idle > 0 && waited_idle);
        for (int k = 0; fill && k < p.nq; k++) {
            dbatch *b = p.q[k];
            while (b->next < b->n && trk_net_idle(net) > 0) {
                if (b->next == 0)
                    b->t1 = now_ms();
                int i = b->next++;
                if (trk_net_start(net, &b->q[i], &b->s[i], b) != 0)
                    goto net_failed;
            }
        }
        if (trk_net_active(net) == 0) {
            /* Nothing in flight: everything sent is done, and the next batch is being claimed
             * or the last one recorded. */
            if (!p.j.running) {
                trk_error("the delivery pipeline stalled (a bug)");
                goto net_failed;
            }
            side_collect(&p, true, stop);
            continue;
        }
        /* How long to wait for a request to finish: slots held idle for a group at most 2 ms
         * (when requests in flight are slow, a receiver timing out, the others go on through the
         * free slots); while the side job's claim may fill idle slots, 1 ms; else 1 s. */
        bool holding = trk_net_idle(net) > 0 && !fill && unstarted > 0;
        int wait_ms = holding ? 2 : p.j.running && trk_net_idle(net) > 0 ? 1 : 1000;
        void *tags[64];
        int got = trk_net_wait(net, wait_ms, tags, (int)(sizeof tags / sizeof tags[0]));
        if (got < 0)
            goto net_failed;
        waited_idle = holding && got == 0;
        for (int i = 0; i < got; i++) {
            dbatch *b = tags[i];
            if (++b->finished == b->n)
                b->t2 = now_ms();
        }
    }
    return p.failed ? -1 : 0;
net_failed:
    trk_net_cancel(net); /* their batches go: no result may point into them later */
    side_collect(&p, true, stop);
    for (int i = 0; i < 3; i++)
        batch_drop(&p.bs[i]);
    return -1;
}

static volatile sig_atomic_t stop_requested;
static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static long parse_ms(trk_args *a, const char *name, long def, long min, long max)
{
    const char *v = trk_arg(a, name);
    if (!v)
        return def;
    int x;
    if (trk_parse_int(name, v, (int)min, (int)max, &x) != 0)
        return -1;
    return x;
}

static trk_db *connect_listen(const char *conninfo, bool quiet)
{
    trk_db *db = quiet ? NULL : trk_open(conninfo);
    if (quiet) {
        /* While reconnecting, failures are expected: said once by the caller, not at every
         * try. Standard error is pointed at /dev/null for the attempt (file descriptors only:
         * the FILE stays as it is). */
        fflush(stderr);
        int saved = dup(2), null = open("/dev/null", O_WRONLY);
        if (saved >= 0 && null >= 0)
            dup2(null, 2);
        db = trk_open(conninfo);
        fflush(stderr);
        if (saved >= 0 && null >= 0)
            dup2(saved, 2);
        if (saved >= 0)
            close(saved);
        if (null >= 0)
            close(null);
    }
    if (db && trk_db_exec(db, "LISTEN tracker_outbox", 0, NULL) != 0) {
        trk_db_close(db);
        db = NULL;
    }
    return db;
}

int trk_notify_parse(trk_args *a, trk_notify_cfg *c)
{
    memset(c, 0, sizeof *c);
    c->o = (trk_deliver_opts){.retry_base_ms = 10000,
                              .retry_max_ms = 24L * 3600 * 1000,
                              .disable_after_s = 24LL * 3600,
                              .verbose = trk_has(a, "verbose")};
    long base = parse_ms(a, "retry-base-ms", 10000, 1, 3600000);
    c->conn_ms = parse_ms(a, "connect-timeout-ms", 5000, 1, 600000);
    c->total_ms = parse_ms(a, "timeout-ms", 10000, 1, 600000);
    c->sweep_s = parse_ms(a, "sweep", 60, 1, 86400);
    long disable_s = parse_ms(a, "disable-after", 86400, 1, 30 * 86400);
    c->batch = parse_ms(a, "batch", 200, 1, 10000);
    c->parallel = parse_ms(a, "parallel", 16, 1, 256);
    if (base < 0 || c->conn_ms < 0 || c->total_ms < 0 || c->sweep_s < 0 || disable_s < 0 ||
        c->batch < 0 || c->parallel < 0)
        return TRK_ERR_USAGE;
    c->o.retry_base_ms = base;
    c->o.disable_after_s = disable_s;
    c->once = trk_has(a, "once");
    c->wake_fd = -1;
    return trk_digest_cfg_from_args(a, &c->dc);
}

/* Sleep ms, or less when c->wake_fd becomes readable (poll ignores it when it is -1). */
static void pause_ms(const trk_notify_cfg *c, long ms)
{
    struct pollfd pfd = {.fd = c->wake_fd, .events = POLLIN};
    poll(&pfd, 1, (int)ms);
}

int trk_notify_loop(const char *conninfo, const trk_notify_cfg *c, volatile sig_atomic_t *stop)
{
    const trk_deliver_opts *o = &c->o;
    const trk_digest_cfg *dc = &c->dc;
    long sweep_s = c->sweep_s;
    bool once = c->once;
    int rc;

    trk_net *net = trk_net_new((int)c->parallel, c->conn_ms, c->total_ms);
    if (!net)
        return TRK_ERR;

    rc = TRK_ERR;
    trk_db *db = connect_listen(conninfo, false);
    trk_db *db2 = db ? trk_open(conninfo) : NULL; /* the second connection of the pipeline */
    if (!db || !db2)
        goto out;
    if (!once)
        fprintf(stderr, "notify: listening (sweep every %lds)\n", sweep_s);
    if (!dc->enabled) {
        /* Subscribed digests and no SMTP server: said once, not silently skipped. */
        trk_res *g = trk_db_query(
            db, "SELECT count(*) AS n FROM digest WHERE unsubscribed_at IS NULL", 0, NULL);
        long long n = g && trk_res_rows(g) == 1 ? trk_res_int(g, 0, "n") : 0;
        trk_res_free(g);
        if (n > 0)
            fprintf(stderr,
                    "notify: warning: %lld digest subscription%s, and no --smtp: digests are "
                    "not sent by this worker\n",
                    n, n == 1 ? "" : "s");
    }
    time_t last_sweep = 0;
    long reconnect_ms = 250;
    bool down = false;
    while (!*stop) {
        if (!db) {
            db = connect_listen(conninfo, true);
            if (db && !db2 && !(db2 = trk_open(conninfo))) {
                trk_db_close(db);
                db = NULL;
            }
            if (!db) {
                pause_ms(c, reconnect_ms);
                reconnect_ms = reconnect_ms * 2 > 10000 ? 10000 : reconnect_ms * 2;
                continue;
            }
            fprintf(stderr, "notify: database: reachable again\n");
            down = false;
            reconnect_ms = 250;
            last_sweep = 0;
        }
        bool failed = false;
        if (time(NULL) - last_sweep >= sweep_s) {
            int made = 0;
            if (trk_outbox_due_soon(db, &made) != 0)
                failed = true;
            else if (o->verbose && made)
                fprintf(stderr, "notify: %d due_soon event(s)\n", made);
            if (!failed && dc->enabled && trk_digest_sweep(db, dc, o->verbose) != 0)
                failed = true;
            if (!failed)
                last_sweep = time(NULL);
        }
        if (!failed) {
            trk_db *dbs[2] = {db, db2};
            if (deliver_pipelined(dbs, net, o, (int)c->batch, stop) != 0)
                failed = true;
        }
        if (failed) {
            if (!trk_db_ok(db) || !trk_db_ok(db2)) {
                if (once)
                    goto out;
                if (!down)
                    fprintf(stderr, "notify: database: unavailable; reconnecting\n");
                down = true;
                trk_db_close(db);
                trk_db_close(db2);
                db2 = NULL;
                db = NULL;
                continue;
            }
            goto out; /* a real error (reported) */
        }
        double next = trk_outbox_next_due(db);
        if (next < -1.5) {
            if (!trk_db_ok(db)) {
                trk_db_close(db);
                trk_db_close(db2);
                db2 = NULL;
                db = NULL;
                continue;
            }
            goto out;
        }
        if (once) {
            /* Deliver what is due now; retries already due within a second are waited for. */
            if (next >= 0 && next < 1.0) {
                usleep((useconds_t)(next * 1e6) + 1000);
                continue;
            }
            break;
        }
        long wait_ms = sweep_s * 1000 - (long)(time(NULL) - last_sweep) * 1000;
        if (next >= 0 && next * 1000 < wait_ms)
            wait_ms = (long)(next * 1000) + 1;
        if (wait_ms < 1)
            wait_ms = 1;
        struct pollfd pfd[2] = {{.fd = trk_db_socket(db), .events = POLLIN},
                                {.fd = c->wake_fd, .events = POLLIN}};
        int pr = poll(pfd, 2, (int)wait_ms); /* a wake_fd of -1 is ignored */
        if (pr > 0 && (pfd[0].revents & POLLIN) && trk_db_notifications(db) < 0) {
            if (!down)
                fprintf(stderr, "notify: database: unavailable; reconnecting\n");
            down = true;
            trk_db_close(db);
            trk_db_close(db2);
            db2 = NULL;
            db = NULL;
        } else if (pr < 0 && errno != EINTR) {
            trk_error("poll failed: %s", strerror(errno));
            goto out;
        }
    }
    rc = TRK_OK;
out:
    trk_db_close(db);
    trk_db_close(db2);
    db2 = NULL;
    trk_net_free(net);
    return rc;
}

static int notify_run(trk_ctx *ctx, trk_args *a)
{
    trk_notify_cfg c;
    int rc = trk_notify_parse(a, &c);
    if (rc != TRK_OK)
        return rc;
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    return trk_notify_loop(ctx->conninfo, &c, &stop_requested);
}

static const trk_opt notify_opts[] = {
    {"once", NULL, "deliver what is due now, then exit (tests, cron)", 0},
    TRK_NOTIFY_OPTS,
    TRK_DIGEST_OPTS,
    {"verbose", NULL, "log every attempt on stderr", 0},
    {NULL},
};

static const trk_cmd notify_cmd = {
    "notify",
    NULL,
    "deliver webhooks and e-mail digests (the worker)",
    notify_opts,
    0,
    0,
    notify_run,
    "Runs until SIGTERM: woken by NOTIFY at each commit that wrote to the outbox, and every\n"
    "--sweep seconds. Several workers may run at once (deliveries are claimed with FOR UPDATE\n"
    "SKIP LOCKED). Retries: timeouts, network errors, 5xx and 429 (Retry-After honoured), with\n"
    "exponential backoff up to 24 hours; other 4xx are not retried. See docs/alerts.md."};

int trk_cmd_notify(trk_ctx *ctx, int argc, char **argv)
{
    return trk_run_cmd(ctx, NULL, &notify_cmd, argc + 1, argv - 1);
}
