/*
 * outbox.c: the worker's SQL on the outbox (see outbox.h and schema/019_alerts.sql).
 */
#include "outbox.h"

#include "crypto.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The claimed rows, from the ids in CTE c: what the worker needs to sign and send each. */
#define CLAIM_SELECT                                                                               \
    " SELECT d.id, d.hook_id, d.attempts + 1 AS attempt, h.url, h.secret, h.allow_private,"       \
    " o.event_id::text AS event_id, o.type, to_json(o.type)::text AS type_json,"                  \
    " to_char(coalesce(o.committed_at, o.created_at) AT TIME ZONE 'UTC',"                         \
    "         'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS time,"                                        \
    " coalesce(o.payload_text, o.payload::text) AS data"                                          \
    " FROM c JOIN delivery d ON d.id = c.id JOIN hook h ON h.id = d.hook_id"                      \
    " JOIN outbox o ON o.id = d.outbox_id WHERE o.payload IS NOT NULL"                            \
    " ORDER BY d.next_attempt_at, d.id"

trk_res *trk_outbox_claim(trk_db *db, int limit, long long only)
{
    char lb[24], ob[24];
    const char *p[] = {lb, only > 0 ? trk_idstr(only, ob) : NULL};
    snprintf(lb, sizeof lb, "%d", limit);
    if (only > 0)
        return trk_db_query(db,
                            "WITH c AS (SELECT d.id FROM delivery d WHERE d.id = $2::bigint"
                            " LIMIT $1::int FOR UPDATE SKIP LOCKED)" CLAIM_SELECT,
                            2, p);
    /* Lock the ids first (LIMIT before anything is fetched), then read those rows. The due ones
     * are read in the order of the partial index delivery_due_idx, which the LIMIT stops early:
     * the hook's state is a per-row filter (a subquery the planner cannot turn into a join
     * over every pending delivery), so a claim costs what it takes, not what is pending. The
     * body is put together by trk_outbox_body from the payload's text, rendered at commit
     * (migration 021; payload::text for rows without it). */
    return trk_db_query(
        db,
        "WITH c AS (SELECT d.id FROM delivery d"
        "  WHERE d.state = 'pending' AND d.next_attempt_at <= now()"
        "   AND (SELECT h.disabled_at IS NULL FROM hook h WHERE h.id = d.hook_id)"
        "  ORDER BY d.next_attempt_at, d.id LIMIT $1::int FOR UPDATE SKIP LOCKED)" CLAIM_SELECT,
        1, p);
}

/* A body is these literals, each followed by the claimed column named beside it, then "}": the
 * order jsonb writes an object's keys (shorter keys first, then bytewise): id, data, time, type,
 * hook_id. */
static const struct {
    const char *lit;
    const char *col;
} body_parts[] = {{"{\"id\": \"", "event_id"},    {"\", \"data\": ", "data"},
                  {", \"time\": \"", "time"},     {"\", \"type\": ", "type_json"},
                  {", \"hook_id\": ", "hook_id"}};
#define NPARTS (sizeof body_parts / sizeof body_parts[0])

static const char *claim_col(const trk_res *r, int row, const char *name)
{
    const char *v = trk_res_val(r, row, name);
    return v ? v : "";
}

size_t trk_outbox_body_len(const trk_res *r, int row)
{
    size_t n = 1; /* the closing brace */
    for (size_t k = 0; k < NPARTS; k++)
        n += strlen(body_parts[k].lit) + strlen(claim_col(r, row, body_parts[k].col));
    return n;
}

size_t trk_outbox_body(const trk_res *r, int row, char *out)
{
    char *o = out;
    for (size_t k = 0; k < NPARTS; k++) {
        const char *v = claim_col(r, row, body_parts[k].col);
        size_t ll = strlen(body_parts[k].lit), vl = strlen(v);
        memcpy(o, body_parts[k].lit, ll);
        memcpy(o + ll, v, vl);
        o += ll + vl;
    }
    *o++ = '}';
    *o = '\0';
    return (size_t)(o - out);
}

/* One-dimensional array literals for the record statement's parameters. */
static void arr_begin(trk_sb *b, int i)
{
    trk_sb_add(b, i == 0 ? "{" : ",", 1);
}

static void arr_text(trk_sb *b, int i, const char *s)
{
    arr_begin(b, i);
    if (!s) {
        trk_sb_puts(b, "NULL");
        return;
    }
    trk_sb_add(b, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"' || *p == '\\')
            trk_sb_add(b, "\\", 1);
        trk_sb_add(b, p, 1);
    }
    trk_sb_add(b, "\"", 1);
}

int trk_outbox_record(trk_db *db, const trk_attempt_rec *a, int n)
{
    enum { ID, ATTEMPT, LATENCY, OUTCOME, CODE, ERROR, DELAY, STATE, NARR };
    trk_sb b[NARR];
    for (int k = 0; k < NARR; k++)
        b[k] = (trk_sb)TRK_SB_INIT;
    for (int i = 0; i < n; i++) {
        arr_begin(&b[ID], i);
        trk_sb_printf(&b[ID], "%lld", a[i].id);
        arr_begin(&b[ATTEMPT], i);
        trk_sb_printf(&b[ATTEMPT], "%d", a[i].attempt);
        arr_begin(&b[LATENCY], i);
        trk_sb_printf(&b[LATENCY], "%ld", a[i].latency_ms);
        arr_text(&b[OUTCOME], i, a[i].outcome);
        arr_begin(&b[CODE], i);
        if (a[i].code)
            trk_sb_printf(&b[CODE], "%ld", a[i].code);
        else
            trk_sb_puts(&b[CODE], "NULL");
        arr_text(&b[ERROR], i, a[i].error);
        arr_begin(&b[DELAY], i);
        trk_sb_printf(&b[DELAY], "%ld", a[i].delay_ms);
        arr_text(&b[STATE], i, a[i].state);
    }
    bool oom = false;
    const char *p[NARR];
    for (int k = 0; k < NARR; k++) {
        if (n == 0)
            trk_sb_add(&b[k], "{", 1);
        trk_sb_add(&b[k], "}", 1);
        oom = oom || b[k].oom;
        p[k] = b[k].p;
    }
    int rc = -1;
    if (oom) {
        trk_error("out of memory");
    } else {
        /* One statement from arrays: the attempts, the deliveries, and the hooks whose
         * failing_since changes (those that failed without a success in this batch, or
         * succeeded while failing). */
        rc = trk_db_exec(
            db,
            "WITH r AS (SELECT * FROM unnest($1::bigint[], $2::int[], $3::int[], $4::text[],"
            "  $5::int[], $6::text[], $7::bigint[], $8::text[])"
            "  AS x(id, attempt, latency_ms, outcome, code, error, delay_ms, state)),"
            " a AS (INSERT INTO delivery_attempt (delivery_id, attempt, started_at, latency_ms,"
            "  outcome, response_code, error, next_attempt_at)"
            "  SELECT id, attempt, clock_timestamp() - latency_ms * interval '1 millisecond',"
            "   latency_ms, outcome, code, error,"
            "   CASE WHEN state = 'pending'"
            "    THEN clock_timestamp() + delay_ms * interval '1 millisecond' END FROM r),"
            " u AS (UPDATE delivery d SET state = r.state, attempts = r.attempt,"
            "  next_attempt_at = CASE WHEN r.state = 'pending'"
            "   THEN clock_timestamp() + r.delay_ms * interval '1 millisecond'"
            "   ELSE d.next_attempt_at END,"
            "  last_code = r.code, last_error = r.error,"
            "  delivered_at = CASE WHEN r.state = 'delivered' THEN clock_timestamp() END"
            "  FROM r WHERE d.id = r.id RETURNING d.hook_id, r.outcome)"
            " UPDATE hook h SET failing_since = CASE WHEN s.ok THEN NULL"
            "  ELSE coalesce(h.failing_since, now()) END"
            " FROM (SELECT hook_id, bool_or(outcome = 'ok') AS ok FROM u GROUP BY hook_id) s"
            " WHERE h.id = s.hook_id AND ((s.ok AND h.failing_since IS NOT NULL)"
            "  OR (NOT s.ok AND h.failing_since IS NULL))",
            NARR, p);
    }
    for (int k = 0; k < NARR; k++)
        trk_sb_release(&b[k]);
    return rc;
}

trk_res *trk_outbox_disable_failing(trk_db *db, long long seconds)
{
    char sb[24];
    const char *p[] = {trk_idstr(seconds, sb)};
    return trk_db_query(
        db,
        "UPDATE hook h SET disabled_at = now(), disabled_reason = 'failing since '"
        " || to_char(h.failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC; last: '"
        " || coalesce((SELECT coalesce(d.last_error, 'HTTP ' || d.last_code) FROM delivery d"
        "  WHERE d.hook_id = h.id AND d.last_error IS NOT NULL ORDER BY d.next_attempt_at DESC"
        "  LIMIT 1), 'unknown')"
        " WHERE h.disabled_at IS NULL AND h.failing_since <= now() - $1::bigint * interval '1 "
        "second'"
        " RETURNING h.id, h.url, h.disabled_reason",
        1, p);
}

int trk_outbox_due_soon(trk_db *db, int *made)
{
    trk_res *r = trk_db_query(db, "SELECT alert_due_soon() AS n", 0, NULL);
    if (!r)
        return -1;
    *made = (int)trk_res_int(r, 0, "n");
    trk_res_free(r);
    return 0;
}

double trk_outbox_next_due(trk_db *db)
{
    trk_res *r = trk_db_query(
        db,
        "SELECT CASE WHEN min(d.next_attempt_at) IS NOT NULL THEN greatest(0, extract(epoch FROM"
        " min(d.next_attempt_at) - clock_timestamp()))::float8 END"
        " AS s FROM delivery d JOIN hook h ON h.id = d.hook_id"
        " WHERE d.state = 'pending' AND h.disabled_at IS NULL",
        0, NULL);
    if (!r)
        return -2;
    const char *v = trk_res_val(r, 0, "s");
    double s = v ? strtod(v, NULL) : -1;
    trk_res_free(r);
    return s;
}

int trk_digest_token(const char *secret, long long id, const char *address, char out[65])
{
    char msg[512];
    int n = snprintf(msg, sizeof msg, "unsubscribe:%lld:%s", id, address);
    uint8_t mac[TRK_SHA256_LEN];
    out[0] = '\0';
    if (trk_hmac_sha256(secret, strlen(secret), msg,
                        (size_t)(n < (int)sizeof msg ? n : (int)sizeof msg - 1), mac) != 0)
        return -1;
    trk_hex(mac, sizeof mac, out);
    return 0;
}

int trk_digest_unsubscribe(trk_db *db, const char *id, const char *token, bool apply, char *address,
                           size_t size)
{
    if (address && size)
        address[0] = '\0';
    if (!id || !token || strlen(token) != 64 || strspn(id, "0123456789") != strlen(id) || !id[0] ||
        strlen(id) > 18)
        return 1;
    const char *p[] = {id};
    trk_res *r = trk_db_query(db,
                              "SELECT g.address, g.unsubscribed_at IS NOT NULL AS done, s.secret"
                              " FROM digest g, alert_secret s WHERE g.id = $1::bigint",
                              1, p);
    if (!r)
        return TRK_ERR;
    int rc = 1;
    if (trk_res_rows(r) == 1) {
        char want[65];
        if (trk_digest_token(trk_res_val(r, 0, "secret"), atoll(id), trk_res_val(r, 0, "address"),
                             want) != 0) {
            trk_res_free(r);
            return TRK_ERR;
        }
        if (trk_ct_equal(want, token, 64)) {
            rc = trk_res_bool(r, 0, "done") ? 2 : TRK_OK;
            if (address && size)
                snprintf(address, size, "%s", trk_res_val(r, 0, "address"));
        }
        trk_wipe(want, sizeof want);
    }
    trk_res_free(r);
    if (rc == TRK_OK && apply &&
        trk_db_exec(db,
                    "UPDATE digest SET unsubscribed_at = now()"
                    " WHERE id = $1::bigint AND unsubscribed_at IS NULL",
                    1, p) != 0)
        return TRK_ERR;
    return rc;
}

/* ---- hook test and redeliver: queued, for the CLI (which then sends at once) and the API ----
 *
 * Both are audited by hand, in the same statement: delivery rows are written by the worker in
 * batches and carry no trigger (docs/alerts.md), but a test or a redelivery is asked for by
 * someone, so `audit` names them (actor, and the account when the API sets it). */

#define AUDIT_ACTOR "coalesce(nullif(current_setting('tracker.actor', true), ''), current_user)"

trk_res *trk_outbox_queue_test(trk_db *db, long long hook_id)
{
    char hb[24];
    const char *p[] = {trk_idstr(hook_id, hb)};
    return trk_db_query(
        db,
        "WITH o AS (INSERT INTO outbox (type, payload, committed_at)"
        "  SELECT 'hook.test', jsonb_build_object('message', 'a test delivery from tracker',"
        "   'hook_id', h.id), clock_timestamp() FROM hook h WHERE h.id = $1::bigint"
        "  RETURNING id, event_id),"
        " d AS (INSERT INTO delivery (hook_id, outbox_id) SELECT $1::bigint, id FROM o"
        "  RETURNING id, hook_id, outbox_id, state, attempts, next_attempt_at),"
        " a AS (INSERT INTO audit (table_name, row_id, op, new_row, actor)"
        "  SELECT 'delivery', d.id, 'INSERT', jsonb_build_object('id', d.id, 'hook_id', d.hook_id,"
        "   'outbox_id', d.outbox_id, 'type', 'hook.test', 'event_id', o.event_id, 'state',"
        "   d.state, 'next_attempt_at', d.next_attempt_at), " AUDIT_ACTOR " FROM d, o)"
        " SELECT d.id, d.hook_id, o.event_id::text AS event_id, d.state FROM d, o",
        1, p);
}

trk_res *trk_outbox_redeliver(trk_db *db, long long delivery_id, long long hook_id)
{
    char db_[24], hb[24];
    const char *p[] = {trk_idstr(delivery_id, db_), hook_id > 0 ? trk_idstr(hook_id, hb) : NULL};
    return trk_db_query(
        db,
        "WITH prev AS (SELECT d.id, d.state, d.next_attempt_at FROM delivery d"
        "  WHERE d.id = $1::bigint AND ($2::bigint IS NULL OR d.hook_id = $2::bigint)"
        "  FOR UPDATE),"
        " u AS (UPDATE delivery d SET state = 'pending', next_attempt_at = now() FROM prev"
        "  WHERE d.id = prev.id RETURNING d.id, d.hook_id, d.outbox_id, d.state,"
        "  d.next_attempt_at),"
        " a AS (INSERT INTO audit (table_name, row_id, op, old_row, new_row, actor)"
        "  SELECT 'delivery', u.id, 'UPDATE', jsonb_build_object('id', u.id, 'hook_id', u.hook_id,"
        "   'state', prev.state, 'next_attempt_at', prev.next_attempt_at),"
        "   jsonb_build_object('id', u.id, 'hook_id', u.hook_id, 'state', u.state,"
        "   'next_attempt_at', u.next_attempt_at), " AUDIT_ACTOR " FROM u JOIN prev ON prev.id = u.id)"
        " SELECT u.id, u.hook_id, o.event_id::text AS event_id, u.state"
        " FROM u JOIN outbox o ON o.id = u.outbox_id",
        2, p);
}

int trk_outbox_notify(trk_db *db)
{
    return trk_db_exec(db, "SELECT pg_notify('tracker_outbox', '')", 0, NULL);
}
