/*
 * api_hooks.c: /hooks, the webhooks of docs/alerts.md through the API (`tracker hook` on the
 * command line). An editor sees and manages only the hooks they own (owner_account_id, set to
 * the caller's account on POST); another's hook answers 404 as if it did not exist. An admin
 * manages all, and only an admin may set allow_private. The secret is taken in the body and
 * never answered or logged (the access log has the path only). The checks and their words are
 * the CLI's (formats/hookspec.h), with JSON paths instead of options. Test and redeliver queue
 * a delivery for `tracker notify` (store/outbox.h, as `tracker hook test|redeliver` do) and
 * answer 202: this process never makes outgoing HTTP.
 */
#include "api.h"

#include "hookspec.h"
#include "json_out.h"
#include "model.h"
#include "outbox.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const none[] = {NULL};

static int failed(api_ctx *x)
{
    return api_problem(x, 500, "internal", "Internal error", NULL);
}

/* NULL for an admin (every hook), else the caller's account id as text. */
static const char *owner_filter(api_ctx *x, char buf[24])
{
    if (api_role(x) == API_ADMIN)
        return NULL;
    snprintf(buf, 24, "%lld", api_account_id(x));
    return buf;
}

#define HOOK_DOC_SQL                                                                               \
    "SELECT h.id, h.due_soon::text AS ds, jsonb_build_object('id', h.id, 'url', h.url,"            \
    " 'events', to_jsonb(h.events), 'case_id', h.case_id, 'jurisdiction', h.jurisdiction,"         \
    " 'tag', h.tag, 'allow_private', h.allow_private, 'owner_account_id', h.owner_account_id,"     \
    " 'owner', a.login, 'description', h.description, 'enabled', h.disabled_at IS NULL,"           \
    " 'disabled_at', h.disabled_at, 'disabled_reason', h.disabled_reason,"                         \
    " 'failing_since', h.failing_since, 'created_at', h.created_at, 'updated_at', h.updated_at,"   \
    " 'deliveries', (SELECT jsonb_build_object('pending', count(*) FILTER (WHERE d.state ="        \
    " 'pending'), 'delivered', count(*) FILTER (WHERE d.state = 'delivered'), 'failed',"           \
    " count(*) FILTER (WHERE d.state = 'failed')) FROM delivery d WHERE d.hook_id = h.id))::text"  \
    " AS doc FROM hook h LEFT JOIN app_account a ON a.id = h.owner_account_id"

/* Row i of a HOOK_DOC_SQL result as the API's object (due_soon as "7d,1d" or null). */
static cJSON *hook_doc(const trk_res *r, int i)
{
    cJSON *o = cJSON_Parse(trk_res_val(r, i, "doc"));
    if (!o)
        return NULL;
    const char *ds = trk_res_val(r, i, "ds");
    if (ds && strcmp(ds, "{}") != 0) {
        char t[256];
        trk_hook_offsets_text(ds, t, sizeof t);
        cJSON_AddStringToObject(o, "due_soon", t);
    } else {
        cJSON_AddNullToObject(o, "due_soon");
    }
    return o;
}

/* The ETag leaves out the delivery counts, which change with every delivery. */
static void hook_etag(const cJSON *doc, char etag[40])
{
    cJSON *c = cJSON_Duplicate(doc, true);
    cJSON_DeleteItemFromObjectCaseSensitive(c, "deliveries");
    api_etag_of(c, etag);
    cJSON_Delete(c);
}

/* ?limit= (1 to 500, default 50) and ?cursor= (an id) of a list: 0, or 1 answered 400. */
static int page_args(api_ctx *x, int *limit, const char **cursor)
{
    const char *lv = api_query(x, "limit"), *cv = api_query(x, "cursor");
    *limit = 50;
    *cursor = cv;
    if (lv) {
        char *end;
        long n = strtol(lv, &end, 10);
        if (!*lv || *end || n < 1 || n > 500) {
            api_error_path(x, "limit", "expected an integer from 1 to 500");
            return api_problem(x, 400, "invalid-query", "Invalid query parameter",
                               "invalid value for limit: \"%.40s\" (expected 1 to 500)", lv),
                   1;
        }
        *limit = (int)n;
    }
    if (cv && (!*cv || strlen(cv) > 18 || strspn(cv, "0123456789") != strlen(cv))) {
        api_error_path(x, "cursor", "not a cursor this list gave");
        return api_problem(x, 400, "invalid-query", "Invalid query parameter",
                           "invalid cursor: use the next_cursor of the previous page"),
               1;
    }
    return 0;
}

/* Answer a page: the first `limit` rows of r (fetched with limit + 1) as items, next_cursor the
 * id of the last one when there are more. Frees r; a NULL r (a reported error) answers 500. */
static int page_answer(api_ctx *x, trk_res *r, int limit, cJSON *(*item)(const trk_res *, int))
{
    if (!r)
        return failed(x);
    cJSON *o = cJSON_CreateObject();
    cJSON *items = cJSON_AddArrayToObject(o, "items");
    int n = trk_res_rows(r);
    for (int i = 0; i < n && i < limit; i++)
        cJSON_AddItemToArray(items, item(r, i));
    if (n > limit)
        cJSON_AddStringToObject(o, "next_cursor", trk_res_val(r, limit - 1, "id"));
    else
        cJSON_AddNullToObject(o, "next_cursor");
    trk_res_free(r);
    return api_json(x, 200, o);
}

static cJSON *delivery_doc(const trk_res *r, int i)
{
    return cJSON_Parse(trk_res_val(r, i, "doc"));
}

/* The hook {id} if the caller may see it: 0 and *doc; 1 answered 404; -1 answered 500. */
static int hook_get(api_ctx *x, long long *id, cJSON **doc)
{
    const char *ref = api_param(x, 0);
    *doc = NULL;
    if (!*ref || strlen(ref) > 18 || strspn(ref, "0123456789") != strlen(ref))
        return api_problem(x, 404, "not-found", "Not found", "hook \"%.40s\" does not exist", ref),
               1;
    char ob[24];
    const char *p[] = {ref, owner_filter(x, ob)};
    trk_res *r =
        trk_db_query(api_db(x),
                     HOOK_DOC_SQL " WHERE h.id = $1::bigint"
                                  " AND ($2::bigint IS NULL OR h.owner_account_id = $2::bigint)",
                     2, p);
    if (!r)
        return failed(x), -1;
    if (trk_res_rows(r) == 0) {
        trk_res_free(r);
        return api_problem(x, 404, "not-found", "Not found", "hook %s does not exist", ref), 1;
    }
    *id = trk_res_int(r, 0, "id");
    *doc = hook_doc(r, 0);
    trk_res_free(r);
    return *doc ? 0 : (failed(x), -1);
}

/* What a body sets, checked; the text[] and int[] literals for the SQL. */
typedef struct hook_in {
    const cJSON *b;
    const char *url, *secret, *jurisdiction, *tag, *description;
    char ev[512], ds[256], case_id[24];
    bool has_url, has_events, has_due_soon, has_filter, has_secret, has_allow, has_desc,
        has_enabled;
    bool allow, enabled, want_due_soon;
    int bad;
} hook_in;

static const cJSON *member(const cJSON *b, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(b, k);
}

/* A string member: true when present as a string (*out), null (*out NULL) or absent; false and
 * an error entry otherwise. */
static bool str_of(api_ctx *x, hook_in *in, const char *k, const char **out, bool nullable)
{
    const cJSON *v = member(in->b, k);
    *out = NULL;
    if (!v)
        return true;
    if (cJSON_IsNull(v) && nullable)
        return true;
    if (!cJSON_IsString(v)) {
        char path[64];
        snprintf(path, sizeof path, "$.%s", k);
        api_error_path(x, path, nullable ? "expected a string or null" : "expected a string");
        in->bad++;
        return false;
    }
    *out = v->valuestring;
    return true;
}

/*
 * Check a POST body (create: url and events required) or a merge patch against the current
 * hook `cur` (its url, events and allow_private complete what the patch leaves out).
 */
static void check_in(api_ctx *x, hook_in *in, const cJSON *cur)
{
    const cJSON *b = in->b;
    bool admin = api_role(x) == API_ADMIN;
    /* allow_private */
    const cJSON *ap = member(b, "allow_private");
    in->allow = cur ? cJSON_IsTrue(member(cur, "allow_private")) : false;
    if (ap) {
        if (!cJSON_IsBool(ap)) {
            api_error_path(x, "$.allow_private", "true or false");
            in->bad++;
        } else if (!admin && cJSON_IsTrue(ap) != in->allow) {
            api_error_path(x, "$.allow_private", "only an admin may allow private addresses");
            in->bad++;
        } else {
            in->has_allow = true;
            in->allow = cJSON_IsTrue(ap);
        }
    }
    /* url */
    const char *url = NULL;
    if (str_of(x, in, "url", &url, false)) {
        in->has_url = url != NULL;
        if (!url && cur)
            url = cJSON_GetStringValue(member(cur, "url"));
        if (!url) {
            api_error_path(x, "$.url", "required");
            in->bad++;
        } else {
            char host[256];
            int r = trk_hook_check_url("$.url", url, in->allow, host, sizeof host);
            if (r == TRK_HOOK_URL_SYNTAX) {
                api_error_path(x, "$.url",
                               "invalid URL \"%.200s\": expected http:// or https:// and a host",
                               url);
                in->bad++;
            } else if (r == TRK_HOOK_URL_TEXT) {
                in->bad++; /* trk_text_check reported it under $.url */
            } else if (r == TRK_HOOK_URL_PRIVATE) {
                api_error_path(x, cur && !in->has_url ? "$.allow_private" : "$.url",
                               "refusing a private address: %.200s (loopback, link-local, private "
                               "and unique-local addresses are refused unless allow_private, "
                               "which an admin may set)",
                               host);
                in->bad++;
            }
            in->url = url;
        }
    }
    /* events: "a,b" or ["a", "b"] */
    const cJSON *ev = member(b, "events");
    if (ev || !cur) {
        char list[600] = "";
        bool ok = true;
        if (cJSON_IsString(ev)) {
            snprintf(list, sizeof list, "%s", ev->valuestring);
        } else if (cJSON_IsArray(ev)) {
            const cJSON *it;
            size_t n = 0;
            cJSON_ArrayForEach(it, ev)
            {
                if (!cJSON_IsString(it) || strchr(it->valuestring, ',') ||
                    n + strlen(it->valuestring) + 2 >= sizeof list) {
                    ok = false;
                    break;
                }
                n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", n ? "," : "",
                                      it->valuestring);
            }
        } else {
            ok = false;
        }
        if (!ok) {
            api_error_path(x, "$.events",
                           ev ? "expected a list of event types (an array or \"a,b\")"
                              : "required");
            in->bad++;
        } else {
            char bad[128];
            int r = trk_hook_parse_events(list, in->ev, sizeof in->ev, &in->want_due_soon, bad,
                                          sizeof bad);
            if (r == 1) {
                api_error_path(x, "$.events",
                               "invalid event type \"%s\" (event types: " TRK_HOOK_EVENT_TYPES
                               ", or all)",
                               bad);
                in->bad++;
            } else if (r == 2) {
                api_error_path(x, "$.events", "must name at least one event type");
                in->bad++;
            }
            in->has_events = true;
        }
    } else {
        const cJSON *it;
        cJSON_ArrayForEach(it, member(cur, "events"))
        {
            if (strcmp(cJSON_GetStringValue(it), "deadline.due_soon") == 0)
                in->want_due_soon = true;
        }
    }
    /* due_soon: "7d,1d"; on create the default 7d,1d when deadline.due_soon is wanted */
    const char *ds = NULL;
    if (str_of(x, in, "due_soon", &ds, true)) {
        const cJSON *dsv = member(b, "due_soon");
        snprintf(in->ds, sizeof in->ds, "{}");
        if (ds && !in->want_due_soon) {
            api_error_path(x, "$.due_soon", "needs deadline.due_soon in events");
            in->bad++;
        }
        if (!cur && !dsv && in->want_due_soon)
            ds = "7d,1d";
        if (ds) {
            const char *err = NULL;
            int r = trk_hook_parse_due_soon(ds, in->ds, sizeof in->ds, &err);
            if (r != 0) {
                api_error_path(x, "$.due_soon", "invalid value \"%.100s\": %s", ds, err);
                in->bad++;
            }
        }
        in->has_due_soon = !cur || dsv != NULL;
    }
    /* the filter: at most one of case_id, jurisdiction, tag */
    const cJSON *cv = member(b, "case_id");
    const char *j = NULL, *t = NULL, *cref = NULL;
    bool jok = str_of(x, in, "jurisdiction", &j, true), tok = str_of(x, in, "tag", &t, true);
    if (cv && !cJSON_IsNull(cv)) {
        char buf[40] = "";
        if (cJSON_IsString(cv))
            cref = cv->valuestring;
        else if (cJSON_IsNumber(cv) && cv->valuedouble >= 1 && cv->valuedouble < 1e15) {
            snprintf(buf, sizeof buf, "%.0f", cv->valuedouble);
            cref = buf;
        } else {
            api_error_path(x, "$.case_id", "a case id or external id");
            in->bad++;
        }
        if (cref) {
            long long cid;
            int r = api_resolve(x, "legal_case", "case", cref, &cid);
            if (r != 0) {
                api_clear_messages(x);
                api_error_path(x, "$.case_id", "case \"%.100s\" does not exist", cref);
                in->bad++;
            } else {
                snprintf(in->case_id, sizeof in->case_id, "%lld", cid);
            }
        }
    }
    in->has_filter = cv || member(b, "jurisdiction") || member(b, "tag");
    if (jok && tok && in->has_filter) {
        in->jurisdiction = j;
        in->tag = t;
        if ((in->case_id[0] != 0) + (j != NULL) + (t != NULL) > 1) {
            api_error_path(x, "$", "give at most one of case_id, jurisdiction and tag");
            in->bad++;
        }
        if (j) {
            const char *p[] = {j};
            trk_res *r =
                trk_db_query(api_db(x), "SELECT 1 FROM jurisdiction WHERE code = $1", 1, p);
            if (r && trk_res_rows(r) == 0) {
                api_error_path(x, "$.jurisdiction", "jurisdiction \"%.20s\" does not exist", j);
                in->bad++;
            }
            trk_res_free(r);
        }
        if (t && (!*t || trk_text_check("$.tag", t, 200, true) != 0)) {
            if (!*t)
                api_error_path(x, "$.tag", "must not be empty");
            in->bad++;
        }
    }
    /* secret */
    const char *sec = NULL;
    if (str_of(x, in, "secret", &sec, false)) {
        if (!sec && !cur) {
            api_error_path(x, "$.secret",
                           "required: the receiver verifies Tracker-Signature "
                           "with it");
            in->bad++;
        } else if (sec && !trk_hook_secret_ok(sec)) {
            api_error_path(x, "$.secret",
                           "the secret must be 16 to 200 printable ASCII "
                           "characters without spaces");
            in->bad++;
        }
        in->secret = sec;
        in->has_secret = sec != NULL;
    }
    /* description */
    const char *d = NULL;
    if (str_of(x, in, "description", &d, true)) {
        if (d && trk_text_check("$.description", d, 1000, false) != 0)
            in->bad++;
        in->description = d;
        in->has_desc = member(b, "description") != NULL;
    }
    /* enabled (PATCH): false disables, true enables again */
    const cJSON *en = member(b, "enabled");
    if (en) {
        if (!cJSON_IsBool(en)) {
            api_error_path(x, "$.enabled", "true or false");
            in->bad++;
        } else {
            in->has_enabled = true;
            in->enabled = cJSON_IsTrue(en);
        }
    }
}

static int hook_answer(api_ctx *x, long long id, int status)
{
    char ib[24];
    snprintf(ib, sizeof ib, "%lld", id);
    const char *p[] = {ib};
    trk_res *r = trk_db_query(api_db(x), HOOK_DOC_SQL " WHERE h.id = $1::bigint", 1, p);
    if (!r || trk_res_rows(r) != 1) {
        trk_res_free(r);
        return failed(x);
    }
    cJSON *doc = hook_doc(r, 0);
    trk_res_free(r);
    if (!doc)
        return failed(x);
    char etag[40];
    hook_etag(doc, etag);
    api_set_etag(x, etag);
    if (status == 201)
        api_set_location(x, API_PREFIX "/hooks/%lld", id);
    return api_json(x, status, doc);
}

static int invalid(api_ctx *x, int bad)
{
    return api_problem(x, 400, "invalid-body", "Invalid body", "%d invalid field%s", bad,
                       bad == 1 ? "" : "s");
}

/* ---- GET|POST /hooks ---- */

int api_h_hooks(api_ctx *x)
{
    trk_db *db = api_db(x);
    if (api_method(x) == API_GET) {
        static const char *const q[] = {"limit", "cursor", NULL};
        if (api_allow_query(x, q))
            return 0;
        int limit;
        const char *cv;
        if (page_args(x, &limit, &cv))
            return 0;
        char ob[24], lb[16];
        snprintf(lb, sizeof lb, "%d", limit + 1);
        const char *p[] = {owner_filter(x, ob), cv, lb};
        trk_res *r = trk_db_query(db,
                                  HOOK_DOC_SQL
                                  " WHERE ($1::bigint IS NULL OR h.owner_account_id = $1::bigint)"
                                  " AND ($2::bigint IS NULL OR h.id > $2::bigint)"
                                  " ORDER BY h.id LIMIT $3::int",
                                  3, p);
        return page_answer(x, r, limit, hook_doc);
    }
    if (api_allow_query(x, none))
        return 0;
    static const char *const keys[] = {"url",      "events", "case_id",       "jurisdiction", "tag",
                                       "due_soon", "secret", "allow_private", "description",  NULL};
    hook_in in = {0};
    if (!(in.b = api_body_object(x, keys)))
        return 0;
    check_in(x, &in, NULL);
    if (in.bad) {
        invalid(x, in.bad);
        goto out;
    }
    char ob[24];
    snprintf(ob, sizeof ob, "%lld", api_account_id(x));
    const char *p[] = {
        in.url, in.ev,     in.case_id[0] ? in.case_id : NULL, in.jurisdiction, in.tag,
        in.ds,  in.secret, in.allow ? "true" : "false",       in.description,  ob};
    trk_res *r = trk_db_query(db,
                              "INSERT INTO hook (url, events, case_id, jurisdiction, tag, due_soon,"
                              " secret, allow_private, description, owner_account_id) VALUES ($1,"
                              " $2::text[], $3::bigint, $4, $5, $6::int[], $7, $8::boolean, $9,"
                              " $10::bigint) RETURNING id",
                              10, p);
    if (!r) {
        failed(x);
        goto out;
    }
    long long id = trk_res_int(r, 0, "id");
    trk_res_free(r);
    hook_answer(x, id, 201);
out:
    cJSON_Delete((cJSON *)in.b);
    return 0;
}

/* ---- GET|PATCH|DELETE /hooks/{id} ---- */

int api_h_hook(api_ctx *x)
{
    if (api_allow_query(x, none))
        return 0;
    long long id;
    cJSON *cur = NULL;
    if (hook_get(x, &id, &cur) != 0)
        return 0;
    char etag[40];
    hook_etag(cur, etag);
    int m = api_method(x);
    if (m == API_GET) {
        api_set_etag(x, etag);
        return api_json(x, 200, cur);
    }
    trk_db *db = api_db(x);
    char ib[24];
    snprintf(ib, sizeof ib, "%lld", id);
    const char *im = api_header(x, "If-Match");
    if (!im || !trk_http_etag_matches(im, etag)) {
        cJSON_Delete(cur);
        return api_problem(x, im ? 412 : 428, im ? "precondition-failed" : "precondition-required",
                           im ? "Precondition failed" : "Precondition required",
                           im ? "the hook changed since its ETag was read; read it again"
                              : "send If-Match with the ETag of the hook (GET it first) so that "
                                "a change made meanwhile is never overwritten");
    }
    if (m == API_DELETE) {
        cJSON_Delete(cur);
        const char *p[] = {ib};
        if (trk_db_exec(db, "DELETE FROM hook WHERE id = $1::bigint", 1, p) != 0)
            return failed(x);
        return api_json(x, 204, NULL);
    }
    /* PATCH */
    static const char *const keys[] = {"url",         "events",   "case_id", "jurisdiction",
                                       "tag",         "due_soon", "secret",  "allow_private",
                                       "description", "enabled",  NULL};
    hook_in in = {0};
    if (!(in.b = api_body_object(x, keys))) {
        cJSON_Delete(cur);
        return 0;
    }
    check_in(x, &in, cur);
    if (in.bad) {
        invalid(x, in.bad);
        goto out;
    }
    const char *p[] = {ib,
                       in.has_url ? in.url : NULL,
                       in.has_events ? in.ev : NULL,
                       in.has_filter ? "true" : "false",
                       in.case_id[0] ? in.case_id : NULL,
                       in.jurisdiction,
                       in.tag,
                       in.has_due_soon ? in.ds : NULL,
                       in.has_secret ? in.secret : NULL,
                       in.allow ? "true" : "false",
                       in.has_enabled ? (in.enabled ? "enable" : "disable") : "keep",
                       in.has_desc ? "true" : "false",
                       in.description};
    if (trk_db_exec(
            db,
            "UPDATE hook SET url = coalesce($2, url), events = coalesce($3::text[], events),"
            " case_id = CASE WHEN $4::boolean THEN $5::bigint ELSE case_id END,"
            " jurisdiction = CASE WHEN $4::boolean THEN $6 ELSE jurisdiction END,"
            " tag = CASE WHEN $4::boolean THEN $7 ELSE tag END,"
            " due_soon = coalesce($8::int[], due_soon), secret = coalesce($9, secret),"
            " allow_private = $10::boolean,"
            " disabled_at = CASE $11 WHEN 'enable' THEN NULL WHEN 'disable' THEN"
            "  coalesce(disabled_at, now()) ELSE disabled_at END,"
            " disabled_reason = CASE $11 WHEN 'enable' THEN NULL WHEN 'disable' THEN"
            "  coalesce(disabled_reason, 'disabled through the API') ELSE disabled_reason END,"
            " failing_since = CASE $11 WHEN 'enable' THEN NULL ELSE failing_since END,"
            " description = CASE WHEN $12::boolean THEN $13 ELSE description END"
            " WHERE id = $1::bigint",
            13, p) != 0) {
        failed(x);
        goto out;
    }
    hook_answer(x, id, 200);
out:
    cJSON_Delete(cur);
    cJSON_Delete((cJSON *)in.b);
    return 0;
}

/* A delivery with every attempt, as GET /hooks/{id}/deliveries lists it (doc; id). */
#define DELIVERY_DOC_SQL                                                                           \
    "SELECT d.id, jsonb_build_object('id', d.id, 'event_id', o.event_id, 'type', o.type,"          \
    " 'state', d.state, 'attempts', d.attempts, 'next_attempt_at', CASE WHEN d.state ="            \
    " 'pending' THEN d.next_attempt_at END, 'last_code', d.last_code, 'last_error',"               \
    " d.last_error, 'delivered_at', d.delivered_at, 'created_at', d.created_at,"                   \
    " 'attempt_log', coalesce((SELECT jsonb_agg(jsonb_build_object('attempt', t.attempt,"          \
    " 'started_at', t.started_at, 'latency_ms', t.latency_ms, 'outcome', t.outcome,"               \
    " 'response_code', t.response_code, 'error', t.error, 'next_attempt_at',"                      \
    " t.next_attempt_at) ORDER BY t.attempt) FROM delivery_attempt t WHERE t.delivery_id ="        \
    " d.id), '[]'::jsonb))::text AS doc"                                                           \
    " FROM delivery d JOIN outbox o ON o.id = d.outbox_id"

/* ---- GET /hooks/{id}/deliveries ---- */

int api_h_hook_deliveries(api_ctx *x)
{
    static const char *const q[] = {"limit", "cursor", NULL};
    if (api_allow_query(x, q))
        return 0;
    long long id;
    cJSON *cur = NULL;
    if (hook_get(x, &id, &cur) != 0)
        return 0;
    cJSON_Delete(cur);
    int limit;
    const char *cv;
    if (page_args(x, &limit, &cv))
        return 0;
    char ib[24], lb[16];
    snprintf(ib, sizeof ib, "%lld", id);
    snprintf(lb, sizeof lb, "%d", limit + 1);
    const char *p[] = {ib, cv, lb};
    /* Newest first; the cursor is the last delivery id of the page. */
    trk_res *r = trk_db_query(api_db(x),
                              DELIVERY_DOC_SQL " WHERE d.hook_id = $1::bigint"
                                               " AND ($2::bigint IS NULL OR d.id < $2::bigint)"
                                               " ORDER BY d.id DESC LIMIT $3::int",
                              3, p);
    return page_answer(x, r, limit, delivery_doc);
}

/* ---- POST /hooks/{id}/test and POST /hooks/{id}/deliveries/{delivery_id}/redeliver ----
 *
 * The API never makes outgoing HTTP itself: the delivery is queued (pending, due now) with
 * NOTIFY tracker_outbox in one transaction, and `tracker notify` sends it. 202 with the delivery
 * (as the deliveries list shows it) and a Location of that list. The body is empty or {}. */

/* The hook {id} for a queueing request: visible to the caller (404 as the other routes) and
 * enabled (409: a disabled hook's deliveries wait, so nothing would be sent). 0, or answered. */
static int queue_hook(api_ctx *x, long long *id)
{
    if (api_allow_query(x, none))
        return 1;
    cJSON *cur = NULL;
    if (hook_get(x, id, &cur) != 0)
        return 1;
    bool enabled = cJSON_IsTrue(member(cur, "enabled"));
    cJSON_Delete(cur);
    size_t len = 0;
    api_body(x, &len);
    if (len > 0) {
        cJSON *b = api_body_object(x, none);
        if (!b)
            return 1;
        cJSON_Delete(b);
    }
    if (!enabled)
        return api_problem(x, 409, "hook-disabled", "Conflict",
                           "hook %lld is disabled: its deliveries wait until it is enabled again "
                           "(PATCH {\"enabled\": true})",
                           *id),
               1;
    return 0;
}

/* Commit the queueing that r's first row names, NOTIFY the worker, answer 202. Frees r. */
static int queued(api_ctx *x, long long hook, trk_res *r)
{
    trk_db *db = api_db(x);
    char ib[24];
    snprintf(ib, sizeof ib, "%s", trk_res_val(r, 0, "id"));
    trk_res_free(r);
    if (trk_outbox_notify(db) != 0 || trk_db_commit(db) != 0)
        return failed(x);
    const char *p[] = {ib};
    trk_res *d = trk_db_query(db, DELIVERY_DOC_SQL " WHERE d.id = $1::bigint", 1, p);
    cJSON *doc = d && trk_res_rows(d) == 1 ? delivery_doc(d, 0) : NULL;
    trk_res_free(d);
    if (!doc)
        return failed(x);
    api_set_location(x, API_PREFIX "/hooks/%lld/deliveries", hook);
    return api_json(x, 202, doc);
}

int api_h_hook_test(api_ctx *x)
{
    long long id;
    if (queue_hook(x, &id) != 0)
        return 0;
    trk_db *db = api_db(x);
    if (trk_db_begin(db) != 0)
        return failed(x);
    trk_res *r = trk_outbox_queue_test(db, id);
    if (!r)
        return failed(x);
    if (trk_res_rows(r) == 0) { /* deleted meanwhile */
        trk_res_free(r);
        return api_problem(x, 404, "not-found", "Not found", "hook %lld does not exist", id);
    }
    return queued(x, id, r);
}

int api_h_hook_redeliver(api_ctx *x)
{
    long long id;
    if (queue_hook(x, &id) != 0)
        return 0;
    const char *ref = api_param(x, 1);
    if (!*ref || strlen(ref) > 18 || strspn(ref, "0123456789") != strlen(ref)) {
        api_error_path(x, "delivery_id", "expected a numeric delivery id");
        return api_problem(x, 400, "invalid-path", "Invalid path parameter",
                           "invalid delivery id \"%.40s\": expected a number", ref);
    }
    trk_db *db = api_db(x);
    if (trk_db_begin(db) != 0)
        return failed(x);
    trk_res *r = trk_outbox_redeliver(db, atoll(ref), id);
    if (!r)
        return failed(x);
    if (trk_res_rows(r) == 0) {
        trk_res_free(r);
        return api_problem(x, 404, "not-found", "Not found",
                           "hook %lld has no delivery %s ('GET /hooks/%lld/deliveries' lists them)",
                           id, ref, id);
    }
    return queued(x, id, r);
}
