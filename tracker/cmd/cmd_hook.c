/*
 * cmd_hook.c: tracker hook add|list|edit|disable|enable|delete|test|deliveries|redeliver.
 *
 * A hook is a URL that receives signed JSON POSTs for the events it names (docs/alerts.md). Its
 * secret signs every delivery (Tracker-Signature: t=TIMESTAMP,v1=HMAC-SHA256 hex of
 * "TIMESTAMP.BODY"); it is read from stdin (--secret-stdin) or made from libsodium's CSPRNG and
 * shown once.
 */
#include "alerts.h"
#include "cmdutil.h"
#include "commands.h"
#include "crypto.h"
#include "hookspec.h"
#include "ics.h"
#include "json_out.h"
#include "model.h"
#include "net.h"
#include "outbox.h"
#include "text.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "a,b" -> "{a,b}" after checking each against the vocabulary; "all" is every type. */
static int parse_events(trk_args *a, const char *s, char *out, size_t size, bool *due_soon)
{
    char bad[128];
    int r = trk_hook_parse_events(s, out, size, due_soon, bad, sizeof bad);
    if (r == 1) {
        trk_usage_error(a, "invalid event type \"%s\" in --events", bad);
        trk_hint("event types: " TRK_HOOK_EVENT_TYPES " (or all)");
        return -1;
    }
    if (r == 2)
        return trk_usage_error(a, "--events must name at least one event type"), -1;
    return 0;
}

static int check_url(trk_args *a, const char *url, bool allow_private)
{
    char host[256];
    int r = trk_hook_check_url("URL", url, allow_private, host, sizeof host);
    if (r == TRK_HOOK_URL_SYNTAX)
        return trk_usage_error(a, "invalid URL \"%s\": expected http:// or https:// and a host",
                               url);
    if (r == TRK_HOOK_URL_TEXT)
        return TRK_ERR_USAGE;
    if (r == TRK_HOOK_URL_PRIVATE) {
        trk_error("refusing a private address: %s", host);
        trk_detail("loopback, link-local, private and unique-local addresses are refused, so a "
                   "hook cannot reach the server's own network");
        trk_hint("add --allow-private if this receiver is meant to be on a private network");
        return TRK_ERR_USAGE;
    }
    return TRK_OK;
}

/* --secret-stdin: one line of 16 to 200 printable characters. */
static int read_secret(trk_args *a, char *out, size_t size)
{
    if (!fgets(out, (int)size, stdin))
        return trk_usage_error(a, "--secret-stdin: no secret on standard input");
    out[strcspn(out, "\r\n")] = '\0';
    if (!trk_hook_secret_ok(out))
        return trk_usage_error(a, "--secret-stdin: the secret must be 16 to 200 printable ASCII "
                                  "characters without spaces");
    return TRK_OK;
}

static int parse_due_soon(trk_args *a, const char *spec, char *out, size_t size)
{
    const char *err = NULL;
    int r = trk_hook_parse_due_soon(spec, out, size, &err);
    if (r == -1)
        return trk_usage_error(a, "invalid value for --due-soon: \"%s\": %s", spec, err);
    if (r == -2)
        return trk_usage_error(a, "invalid value for --due-soon: offsets must be positive");
    return TRK_OK;
}

static int hook_add(trk_ctx *ctx, trk_args *a)
{
    const char *url = a->pos[0];
    bool allow = trk_has(a, "allow-private");
    int rc = check_url(a, url, allow);
    if (rc != TRK_OK)
        return rc;
    char ev[512], ds[256] = "{}", secret[256];
    bool want_due_soon;
    if (parse_events(a, trk_arg(a, "events"), ev, sizeof ev, &want_due_soon) != 0)
        return TRK_ERR_USAGE;
    if (trk_has(a, "due-soon") && !want_due_soon)
        return trk_usage_error(a, "--due-soon needs deadline.due_soon in --events");
    if (want_due_soon &&
        parse_due_soon(a, trk_has(a, "due-soon") ? trk_arg(a, "due-soon") : "7d,1d", ds,
                       sizeof ds) != TRK_OK)
        return TRK_ERR_USAGE;
    trk_feed_filter f;
    if ((rc = trk_feed_filter_from_args(NULL, a, &f)) != TRK_OK)
        return rc;
    const char *desc = trk_arg(a, "description");
    if (desc && trk_text_check("--description", desc, 1000, false) != 0)
        return TRK_ERR_USAGE;
    bool shown = false;
    if (trk_has(a, "secret-stdin")) {
        if ((rc = read_secret(a, secret, sizeof secret)) != TRK_OK)
            return rc;
    } else {
        char t[TRK_TOKEN_LEN + 1];
        trk_random_token(t);
        snprintf(secret, sizeof secret, "whsec_%s", t);
        shown = true;
    }
    rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    trk_res *r = NULL;
    if (!db)
        goto out;
    if ((rc = trk_feed_filter_from_args(db, a, &f)) != TRK_OK)
        goto out;
    rc = TRK_ERR;
    char idb[24];
    const char *p[] = {url, ev, f.case_id ? trk_idstr(f.case_id, idb) : NULL, f.jurisdiction,
                       f.tag, ds, secret, allow ? "true" : "false", desc};
    r = trk_db_query(db,
                     "INSERT INTO hook (url, events, case_id, jurisdiction, tag, due_soon, secret,"
                     " allow_private, description) VALUES ($1, $2::text[], $3::bigint, $4, $5,"
                     " $6::int[], $7, $8::boolean, $9) RETURNING id",
                     9, p);
    if (!r)
        goto out;
    long long id = trk_res_int(r, 0, "id");
    if (trk_has(a, "json")) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "id", (double)id);
        cJSON_AddStringToObject(o, "url", url);
        if (shown)
            cJSON_AddStringToObject(o, "secret", secret);
        if (trk_json_emit(o) != 0)
            goto out;
    } else {
        printf("created hook %lld: %s\n", id, url);
        if (shown) {
            printf("secret: %s\n", secret);
            printf("The secret is shown only now: the receiver verifies Tracker-Signature with "
                   "it (docs/alerts.md).\n");
        }
    }
    rc = TRK_OK;
out:
    trk_wipe(secret, sizeof secret);
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

static const char list_sql[] =
    "SELECT h.id, h.url, array_to_string(h.events, ',') AS events,"
    " CASE WHEN h.case_id IS NOT NULL THEN 'case ' || h.case_id"
    " WHEN h.jurisdiction IS NOT NULL THEN 'jurisdiction ' || h.jurisdiction"
    " WHEN h.tag IS NOT NULL THEN 'tag ' || h.tag ELSE 'all' END AS filter,"
    " h.due_soon::text AS due_soon, h.allow_private, h.description,"
    " h.created_at::text AS created_at, h.failing_since::text AS failing_since,"
    " h.disabled_at::text AS disabled_at, h.disabled_reason,"
    " (SELECT count(*) FROM delivery d WHERE d.hook_id = h.id AND d.state = 'pending') AS pending,"
    " (SELECT count(*) FROM delivery d WHERE d.hook_id = h.id AND d.state = 'delivered')"
    " AS delivered,"
    " (SELECT count(*) FROM delivery d WHERE d.hook_id = h.id AND d.state = 'failed') AS failed"
    " FROM hook h WHERE ($1::bigint IS NULL OR h.id = $1::bigint) ORDER BY h.id";

static void print_hooks(const trk_res *r)
{
    if (trk_res_rows(r) == 0)
        printf("no hooks\n");
    for (int i = 0; i < trk_res_rows(r); i++) {
        char ds[256];
        trk_hook_offsets_text(trk_res_val(r, i, "due_soon"), ds, sizeof ds);
        printf("%-4s %s%s\n", trk_res_val(r, i, "id"), trk_res_val(r, i, "url"),
               trk_res_bool(r, i, "allow_private") ? " (private addresses allowed)" : "");
        printf("     events: %s; filter: %s; due soon: %s\n", trk_res_val(r, i, "events"),
               trk_res_val(r, i, "filter"), ds);
        printf("     deliveries: %s delivered, %s pending, %s failed", trk_res_val(r, i, "delivered"),
               trk_res_val(r, i, "pending"), trk_res_val(r, i, "failed"));
        if (trk_res_val(r, i, "failing_since"))
            printf("; failing since %s", trk_res_val(r, i, "failing_since"));
        printf("\n");
        if (trk_res_val(r, i, "disabled_at"))
            printf("     DISABLED %s: %s\n", trk_res_val(r, i, "disabled_at"),
                   trk_res_val(r, i, "disabled_reason"));
    }
}

static int hook_list(trk_ctx *ctx, trk_args *a)
{
    const char *p[] = {NULL};
    return trk_list_run(ctx, a, list_sql, 1, p, print_hooks);
}

static int hook_lookup(trk_db *db, long long id)
{
    char b[24];
    const char *p[] = {trk_idstr(id, b)};
    trk_res *r = trk_db_query(db, "SELECT id FROM hook WHERE id = $1::bigint", 1, p);
    if (!r)
        return TRK_ERR;
    int n = trk_res_rows(r);
    trk_res_free(r);
    if (n == 0) {
        trk_error("hook %lld does not exist", id);
        trk_hint("'tracker hook list' shows the hooks");
        return TRK_ERR;
    }
    return TRK_OK;
}

/* The hook named by the first argument: parsed (*rc TRK_ERR_USAGE), then the database opened and
 * the hook looked up (*rc TRK_ERR). The open handle, or NULL after a reported error. */
static trk_db *open_hook(trk_ctx *ctx, trk_args *a, long long *id, int *rc)
{
    *rc = TRK_ERR_USAGE;
    if (trk_parse_id("hook id", a->pos[0], id) != 0)
        return NULL;
    *rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    if (db && hook_lookup(db, *id) != TRK_OK) {
        trk_db_close(db);
        db = NULL;
    }
    return db;
}

static int hook_edit(trk_ctx *ctx, trk_args *a)
{
    long long id;
    if (trk_parse_id("hook id", a->pos[0], &id) != 0)
        return TRK_ERR_USAGE;
    const char *url = trk_arg(a, "url");
    bool allow_set = trk_has(a, "allow-private") || trk_has(a, "no-allow-private");
    if (trk_has(a, "allow-private") && trk_has(a, "no-allow-private"))
        return trk_usage_error(a, "give only one of --allow-private and --no-allow-private");
    char ev[512], ds[256], secret[256] = "";
    bool want_due_soon = false;
    if (trk_has(a, "events") &&
        parse_events(a, trk_arg(a, "events"), ev, sizeof ev, &want_due_soon) != 0)
        return TRK_ERR_USAGE;
    if (trk_has(a, "due-soon") &&
        parse_due_soon(a, trk_arg(a, "due-soon"), ds, sizeof ds) != TRK_OK)
        return TRK_ERR_USAGE;
    trk_feed_filter f;
    int rc = trk_feed_filter_from_args(NULL, a, &f);
    if (rc != TRK_OK)
        return rc;
    bool filter_set = trk_has(a, "case") || trk_has(a, "jurisdiction") || trk_has(a, "tag") ||
                      trk_has(a, "all");
    if (trk_has(a, "secret-stdin") && (rc = read_secret(a, secret, sizeof secret)) != TRK_OK)
        return rc;
    trk_res *r = NULL;
    trk_db *db = open_hook(ctx, a, &id, &rc);
    if (!db)
        goto out;
    rc = TRK_ERR;
    char idb[24];
    const char *pid[] = {trk_idstr(id, idb)};
    r = trk_db_query(db, "SELECT url, allow_private FROM hook WHERE id = $1::bigint", 1, pid);
    if (!r)
        goto out;
    bool allow = allow_set ? trk_has(a, "allow-private") : trk_res_bool(r, 0, "allow_private");
    char cur[2048];
    snprintf(cur, sizeof cur, "%s", url ? url : trk_res_val(r, 0, "url"));
    trk_res_free(r);
    r = NULL;
    if ((rc = check_url(a, cur, allow)) != TRK_OK)
        goto out;
    if ((rc = trk_feed_filter_from_args(db, a, &f)) != TRK_OK)
        goto out;
    rc = TRK_ERR;
    char cb[24];
    const char *p[] = {idb,
                       url,
                       trk_has(a, "events") ? ev : NULL,
                       filter_set ? "true" : "false",
                       f.case_id ? trk_idstr(f.case_id, cb) : NULL,
                       f.jurisdiction,
                       f.tag,
                       trk_has(a, "due-soon") ? ds : NULL,
                       secret[0] ? secret : NULL,
                       allow ? "true" : "false",
                       trk_has(a, "enable") ? "true" : "false",
                       trk_arg(a, "description")};
    if (trk_db_exec(db,
                    "UPDATE hook SET url = coalesce($2, url), events = coalesce($3::text[], events),"
                    " case_id = CASE WHEN $4::boolean THEN $5::bigint ELSE case_id END,"
                    " jurisdiction = CASE WHEN $4::boolean THEN $6 ELSE jurisdiction END,"
                    " tag = CASE WHEN $4::boolean THEN $7 ELSE tag END,"
                    " due_soon = coalesce($8::int[], due_soon), secret = coalesce($9, secret),"
                    " allow_private = $10::boolean,"
                    " disabled_at = CASE WHEN $11::boolean THEN NULL ELSE disabled_at END,"
                    " disabled_reason = CASE WHEN $11::boolean THEN NULL ELSE disabled_reason END,"
                    " failing_since = CASE WHEN $11::boolean THEN NULL ELSE failing_since END,"
                    " description = coalesce($12, description) WHERE id = $1::bigint",
                    12, p) != 0)
        goto out;
    printf("updated hook %lld\n", id);
    rc = TRK_OK;
out:
    trk_wipe(secret, sizeof secret);
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

static int hook_disable(trk_ctx *ctx, trk_args *a)
{
    long long id;
    if (trk_parse_id("hook id", a->pos[0], &id) != 0)
        return TRK_ERR_USAGE;
    const char *reason = trk_arg(a, "reason");
    if (reason && trk_text_check("--reason", reason, 1000, true) != 0)
        return TRK_ERR_USAGE;
    int rc;
    trk_db *db = open_hook(ctx, a, &id, &rc);
    if (!db)
        return rc;
    char idb[24];
    const char *p[] = {trk_idstr(id, idb), reason ? reason : "disabled by hand"};
    rc = trk_db_exec(db,
                     "UPDATE hook SET disabled_at = coalesce(disabled_at, now()),"
                     " disabled_reason = $2 WHERE id = $1::bigint",
                     2, p) != 0
             ? TRK_ERR
             : TRK_OK;
    if (rc == TRK_OK)
        printf("disabled hook %lld (pending deliveries wait; 'tracker hook edit %lld --enable' "
               "resumes them)\n",
               id, id);
    trk_db_close(db);
    return rc;
}

static int hook_delete(trk_ctx *ctx, trk_args *a)
{
    long long id;
    int rc;
    trk_db *db = open_hook(ctx, a, &id, &rc);
    if (!db)
        return rc;
    char idb[24];
    const char *p[] = {trk_idstr(id, idb)};
    rc = trk_db_exec(db, "DELETE FROM hook WHERE id = $1::bigint", 1, p) != 0 ? TRK_ERR : TRK_OK;
    if (rc == TRK_OK)
        printf("deleted hook %lld and its deliveries\n", id);
    trk_db_close(db);
    return rc;
}

/* Send the delivery that r's first row names (trk_outbox_queue_test / trk_outbox_redeliver) now
 * and print what happened; frees r. */
static int deliver_now(trk_db *db, trk_res *r)
{
    long long delivery = trk_res_int(r, 0, "id");
    trk_res_free(r);
    trk_deliver_opts o = {.retry_base_ms = 10000, .retry_max_ms = 24L * 3600 * 1000,
                          .disable_after_s = 24LL * 3600};
    trk_net *net = trk_net_new(1, 5000, 10000);
    if (!net)
        return TRK_ERR;
    int done = 0;
    trk_net_res res;
    int rc = trk_deliver_batch(db, net, &o, 1, delivery, &done, &res);
    trk_net_free(net);
    if (rc != 0)
        return TRK_ERR;
    if (done == 0) {
        trk_error("delivery %lld is not ready to send", delivery);
        trk_hint("a running 'tracker notify' may be sending it: see 'tracker hook deliveries'");
        return TRK_ERR;
    }
    if (res.outcome == TRK_NET_OK) {
        printf("delivery %lld: HTTP %ld in %ld ms\n", delivery, res.code, res.latency_ms);
        return TRK_OK;
    }
    trk_error("delivery %lld failed: %s", delivery, res.error);
    if (res.body_len)
        trk_detail("response: %.200s", res.body);
    return TRK_ERR;
}

/* The CLI sends at once and so does not NOTIFY the worker (which would race it for the row). */
static int hook_test(trk_ctx *ctx, trk_args *a)
{
    long long id;
    int rc;
    trk_db *db = open_hook(ctx, a, &id, &rc);
    if (!db)
        return rc;
    trk_res *r = trk_outbox_queue_test(db, id);
    rc = TRK_ERR;
    if (r && trk_res_rows(r) == 0) {
        trk_res_free(r);
        hook_lookup(db, id); /* deleted meanwhile: say so */
    } else if (r) {
        rc = deliver_now(db, r);
    }
    trk_db_close(db);
    return rc;
}

static int hook_redeliver(trk_ctx *ctx, trk_args *a)
{
    long long id;
    if (trk_parse_id("delivery id", a->pos[0], &id) != 0)
        return TRK_ERR_USAGE;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return TRK_ERR;
    int rc = TRK_ERR;
    trk_res *r = trk_outbox_redeliver(db, id, 0);
    if (r && trk_res_rows(r) == 0) {
        trk_res_free(r);
        trk_error("delivery %lld does not exist", id);
        trk_hint("'tracker hook deliveries HOOK' shows a hook's deliveries");
    } else if (r) {
        rc = deliver_now(db, r);
    }
    trk_db_close(db);
    return rc;
}

static void print_deliveries(const trk_res *r)
{
    if (trk_res_rows(r) == 0)
        printf("no deliveries\n");
    const char *prev = "";
    for (int i = 0; i < trk_res_rows(r); i++) {
        if (strcmp(prev, trk_res_val(r, i, "delivery")) != 0) {
            prev = trk_res_val(r, i, "delivery");
            printf("delivery %s  %s  %s  %s", prev, trk_res_val(r, i, "type"),
                   trk_res_val(r, i, "event_id"), trk_res_val(r, i, "state"));
            if (strcmp(trk_res_val(r, i, "state"), "pending") == 0)
                printf(", next try %s", trk_res_val(r, i, "next_attempt_at"));
            printf("\n");
        }
        if (!trk_res_val(r, i, "attempt"))
            continue;
        const char *code = trk_res_val(r, i, "response_code");
        const char *err = trk_res_val(r, i, "error");
        printf("  attempt %s  %s  %s ms  %s%s%s%s%s\n", trk_res_val(r, i, "attempt"),
               trk_res_val(r, i, "started_at"), trk_res_val(r, i, "latency_ms"),
               trk_res_val(r, i, "outcome"), code ? " " : "", code ? code : "",
               err && !code ? ": " : "", err && !code ? err : "");
    }
}

static int hook_deliveries(trk_ctx *ctx, trk_args *a)
{
    long long id;
    if (trk_parse_id("hook id", a->pos[0], &id) != 0)
        return TRK_ERR_USAGE;
    int limit = 50;
    if (trk_has(a, "limit") && trk_parse_int("limit", trk_arg(a, "limit"), 1, 100000, &limit) != 0)
        return TRK_ERR_USAGE;
    int rc;
    trk_db *db = open_hook(ctx, a, &id, &rc);
    if (!db)
        return rc;
    char idb[24], lb[24];
    snprintf(lb, sizeof lb, "%d", limit);
    const char *p[] = {trk_idstr(id, idb), lb};
    trk_res *r = trk_db_query(
        db,
        "SELECT d.id AS delivery, o.event_id::text AS event_id, o.type, d.state,"
        " d.attempts, d.next_attempt_at::text AS next_attempt_at, t.attempt,"
        " t.started_at::text AS started_at, t.latency_ms, t.outcome, t.response_code, t.error,"
        " t.next_attempt_at::text AS retry_at"
        " FROM (SELECT * FROM delivery WHERE hook_id = $1::bigint ORDER BY id DESC"
        "  LIMIT $2::int) d JOIN outbox o ON o.id = d.outbox_id"
        " LEFT JOIN delivery_attempt t ON t.delivery_id = d.id ORDER BY d.id DESC, t.attempt",
        2, p);
    rc = TRK_ERR;
    if (r && trk_has(a, "json")) {
        rc = trk_json_emit(trk_json_rows(r)) != 0 ? TRK_ERR : TRK_OK;
    } else if (r) {
        print_deliveries(r);
        rc = TRK_OK;
    }
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

#define FILTER_OPTS                                                                                \
    {"case", "ID", "only deadlines and events of one case (id or external id)", 0},                \
        {"jurisdiction", "J", "only cases of a jurisdiction", 0},                                  \
        {"tag", "T", "only cases with a tag", 0}

static const trk_opt add_opts[] = {
    {"events", "LIST",
     "comma-separated: deadline.created, deadline.changed, deadline.cancelled, "
     "deadline.due_soon, event.created, case.changed, or all",
     TRK_OPT_REQUIRED},
    FILTER_OPTS,
    {"due-soon", "LIST", "due_soon offsets before the due date, e.g. 7d,1d (the default)", 0},
    {"secret-stdin", NULL, "read the signing secret from stdin (else one is made and shown)", 0},
    {"allow-private", NULL, "allow loopback, link-local and private addresses", 0},
    {"description", "TEXT", "a note on what the hook is for", 0},
    {"json", NULL, "machine-readable output", 0},
    {NULL},
};
static const trk_opt edit_opts[] = {
    {"url", "URL", "a new URL", 0},
    {"events", "LIST", "a new list of event types", 0},
    FILTER_OPTS,
    {"all", NULL, "drop the case, jurisdiction or tag filter", 0},
    {"due-soon", "LIST", "new due_soon offsets", 0},
    {"secret-stdin", NULL, "read a new signing secret from stdin", 0},
    {"allow-private", NULL, "allow private addresses", 0},
    {"no-allow-private", NULL, "refuse private addresses again", 0},
    {"enable", NULL, "enable a disabled hook again (its pending deliveries resume)", 0},
    {"description", "TEXT", "a new note", 0},
    {NULL},
};
static const trk_opt list_opts[] = {TRK_OPT_LIST_FORMAT, {"json", NULL, "machine-readable output", 0}, {NULL}};
static const trk_opt disable_opts[] = {{"reason", "TEXT", "why (shown by hook list)", 0}, {NULL}};
static const trk_opt deliveries_opts[] = {
    {"limit", "N", "the last N deliveries (default 50)", 0},
    {"json", NULL, "machine-readable output", 0},
    {NULL},
};

static const trk_cmd hook_cmds[] = {
    {"add", "URL", "add a webhook: signed JSON POSTs for the events given", add_opts, 1, 1,
     hook_add,
     "Each delivery is signed: Tracker-Signature: t=TIMESTAMP,v1=HEX, the HMAC-SHA256 of\n"
     "\"TIMESTAMP.BODY\" with the hook's secret. Run 'tracker notify' to deliver. See\n"
     "docs/alerts.md for the payloads and the verification recipe."},
    {"list", NULL, "list hooks with their delivery counts (never their secrets)", list_opts, 0, 0,
     hook_list, NULL},
    {"edit", "ID", "change a hook (URL, events, filter, offsets, secret, --enable)", edit_opts, 1,
     1, hook_edit, NULL},
    {"disable", "ID", "stop delivering to a hook (its deliveries wait)", disable_opts, 1, 1,
     hook_disable, NULL},
    {"delete", "ID", "delete a hook and its deliveries", NULL, 1, 1, hook_delete, NULL},
    {"test", "ID", "send a hook.test delivery now and show the response", NULL, 1, 1, hook_test,
     NULL},
    {"deliveries", "ID", "every delivery of a hook with every attempt", deliveries_opts, 1, 1,
     hook_deliveries, NULL},
    {"redeliver", "DELIVERY_ID", "send a delivery again now (same event id)", NULL, 1, 1,
     hook_redeliver, NULL},
    {NULL},
};

int trk_cmd_hook(trk_ctx *ctx, int argc, char **argv)
{
    return trk_dispatch(ctx, "hook", "Signed webhooks for deadline, event and case changes.",
                        hook_cmds, argc, argv);
}
