/*
 * outbox.h: the webhook outbox's SQL (migration 019; docs/alerts.md). Triggers write outbox rows
 * and their deliveries in the transaction of each change; these functions are the worker's side:
 * claim due deliveries, record what each attempt did, make due_soon events, disable hooks that
 * have failed for too long. They run in the caller's transaction where they say so.
 */
#ifndef TRK_OUTBOX_H
#define TRK_OUTBOX_H

#include "db.h"
#include "msg.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * In an open transaction: lock up to `limit` pending deliveries that are due, of enabled hooks,
 * oldest first, skipping rows other workers hold (FOR UPDATE SKIP LOCKED). With only > 0, just
 * that delivery (due or not; `hook test`, `hook redeliver`). Columns: id, hook_id, attempt (the
 * number of this attempt), url, secret, allow_private, event_id, type, and the parts of the body
 * (type_json, time, data: see trk_outbox_body). NULL after a reported error.
 */
trk_res *trk_outbox_claim(trk_db *db, int limit, long long only);

/* The JSON body to POST for row `row` of a claim: {"id": .., "data": <payload>, "time": ..,
 * "type": .., "hook_id": N}, the bytes jsonb_build_object(...)::text makes. trk_outbox_body_len
 * is its length; trk_outbox_body writes it and a NUL into out (at least that length + 1 bytes)
 * and returns the length. */
size_t trk_outbox_body_len(const trk_res *r, int row);
size_t trk_outbox_body(const trk_res *r, int row, char *out);

/* What one attempt did, for trk_outbox_record. */
typedef struct trk_attempt_rec {
    long long id;        /* the delivery */
    int attempt;         /* its number */
    long latency_ms;
    const char *outcome; /* ok, http_error, timeout, network, refused */
    long code;           /* HTTP status, 0: none */
    const char *error;   /* NULL: none */
    long delay_ms;       /* state pending: the wait before the next try */
    const char *state;   /* delivered, failed or pending */
} trk_attempt_rec;

/*
 * In the claiming transaction: record n attempts (one statement), set each delivery's state,
 * and update each hook's failing_since. 0 or -1.
 */
int trk_outbox_record(trk_db *db, const trk_attempt_rec *a, int n);

/* Disable hooks failing for at least `seconds`, with the reason; the result lists id, url and
 * reason of each one disabled (NULL after a reported error). */
trk_res *trk_outbox_disable_failing(trk_db *db, long long seconds);

/* Make the due_soon events that are due (alert_due_soon()); *made gets their number. 0 or -1. */
int trk_outbox_due_soon(trk_db *db, int *made);

/* Seconds until the earliest pending delivery of an enabled hook is due (0 when one is due
 * now), or -1 when there is none; -2 after a reported error. */
double trk_outbox_next_due(trk_db *db);

/* The unsubscribe token of digest id for address (hex HMAC-SHA256 with the server secret). 0, or
 * -1 after trk_error with out empty. */
int trk_digest_token(const char *secret, long long id, const char *address, char out[65]);

/* Check the unsubscribe link of digest `id` (decimal text) with `token` (64 hex digits) and, with
 * apply, unsubscribe it. TRK_OK: the link is good (and, with apply, the digest is now
 * unsubscribed); 1: no such digest or a wrong token (nothing changed); 2: good, but unsubscribed
 * already; TRK_ERR after a reported database error. address gets the digest's address when the
 * link is good. */
int trk_digest_unsubscribe(trk_db *db, const char *id, const char *token, bool apply, char *address,
                           size_t size);

/*
 * `hook test` / POST /hooks/{id}/test: a hook.test outbox row (payload {message, hook_id}) and its
 * delivery, pending and due now, audited (table delivery, op INSERT, with the actor and the
 * account of the connection). One row: id (the delivery), hook_id, event_id, state; no row when
 * the hook does not exist. NULL after a reported error. Sends nothing: the caller sends it at
 * once (the CLI) or calls trk_outbox_notify so that `tracker notify` does (the API).
 */
trk_res *trk_outbox_queue_test(trk_db *db, long long hook_id);

/*
 * `hook redeliver` / POST /hooks/{id}/deliveries/{d}/redeliver: delivery `delivery_id` pending and
 * due now again (same outbox row, so the same event id; its attempt count goes on), audited (op
 * UPDATE, old and new state). With hook_id > 0 only a delivery of that hook. One row as
 * trk_outbox_queue_test's, or none when there is no such delivery. NULL after a reported error.
 */
trk_res *trk_outbox_redeliver(trk_db *db, long long delivery_id, long long hook_id);

/* NOTIFY tracker_outbox (delivered at commit), as the outbox triggers do. 0 or -1. */
int trk_outbox_notify(trk_db *db);

#endif
