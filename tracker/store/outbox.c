/*
 * outbox.c: the worker's SQL on the outbox (see outbox.h and schema/019_alerts.sql).
 */
#include "outbox.h"

#include "crypto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

trk_res *trk_outbox_claim(trk_db *db, int limit, long long only)
{
    char lb[24], ob[24];
    snprintf(lb, sizeof lb, "%d", limit);
    const char *p[] = {lb, only > 0 ? trk_idstr(only, ob) : NULL};
    /* Lock the ids first (LIMIT before anything is built), then make the bodies of those. */
    return trk_db_query(
        db,
        "WITH c AS (SELECT d.id FROM delivery d JOIN hook h ON h.id = d.hook_id"
        "  WHERE CASE WHEN $2::bigint IS NULL THEN"
        "   d.state = 'pending' AND d.next_attempt_at <= now() AND h.disabled_at IS NULL"
        "   ELSE d.id = $2::bigint END"
        "  ORDER BY d.next_attempt_at, d.id LIMIT $1::int FOR UPDATE OF d SKIP LOCKED)"
        " SELECT d.id, d.hook_id, d.attempts + 1 AS attempt, h.url, h.secret, h.allow_private,"
        " o.event_id::text AS event_id, o.type,"
        " jsonb_build_object('id', o.event_id, 'type', o.type,"
        "  'time', to_char(coalesce(o.committed_at, o.created_at) AT TIME ZONE 'UTC',"
        "                  'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),"
        "  'hook_id', h.id, 'data', o.payload)::text AS body"
        " FROM c JOIN delivery d ON d.id = c.id JOIN hook h ON h.id = d.hook_id"
        " JOIN outbox o ON o.id = d.outbox_id WHERE o.payload IS NOT NULL"
        " ORDER BY d.next_attempt_at, d.id",
        2, p);
}

int trk_outbox_record(trk_db *db, const char *json)
{
    const char *p[] = {json};
    return trk_db_exec(
        db,
        "WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, attempt int,"
        "  latency_ms int, outcome text, code int, error text, delay_ms bigint, state text)),"
        " a AS (INSERT INTO delivery_attempt (delivery_id, attempt, started_at, latency_ms,"
        "  outcome, response_code, error, next_attempt_at)"
        "  SELECT id, attempt, clock_timestamp() - latency_ms * interval '1 millisecond',"
        "   latency_ms, outcome, code, error,"
        "   CASE WHEN state = 'pending' THEN clock_timestamp() + delay_ms * interval '1 "
        "millisecond'"
        "   END FROM r),"
        " u AS (UPDATE delivery d SET state = r.state, attempts = r.attempt,"
        "  next_attempt_at = CASE WHEN r.state = 'pending'"
        "   THEN clock_timestamp() + r.delay_ms * interval '1 millisecond' ELSE d.next_attempt_at "
        "END,"
        "  last_code = r.code, last_error = r.error,"
        "  delivered_at = CASE WHEN r.state = 'delivered' THEN clock_timestamp() END"
        "  FROM r WHERE d.id = r.id RETURNING d.hook_id, r.outcome)"
        " UPDATE hook h SET failing_since = CASE WHEN s.ok THEN NULL"
        "  ELSE coalesce(h.failing_since, now()) END"
        " FROM (SELECT hook_id, bool_or(outcome = 'ok') AS ok FROM u GROUP BY hook_id) s"
        " WHERE h.id = s.hook_id AND ((s.ok AND h.failing_since IS NOT NULL)"
        "  OR (NOT s.ok AND h.failing_since IS NULL))",
        1, p);
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

void trk_digest_token(const char *secret, long long id, const char *address, char out[65])
{
    char msg[512];
    int n = snprintf(msg, sizeof msg, "unsubscribe:%lld:%s", id, address);
    uint8_t mac[TRK_SHA256_LEN];
    trk_hmac_sha256(secret, strlen(secret), msg,
                    (size_t)(n < (int)sizeof msg ? n : (int)sizeof msg - 1), mac);
    trk_hex(mac, sizeof mac, out);
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
        trk_digest_token(trk_res_val(r, 0, "secret"), atoll(id), trk_res_val(r, 0, "address"),
                         want);
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
