/*
 * api_res.c: the API's route table and its resources.
 *
 * Records are written the way `tracker import` writes them: a POST or PATCH body is a record of
 * the interchange format (docs/interchange.md: a case, an event with its fine and explicit
 * deadlines, a party, a body, a source), put into an interchange document and loaded by the
 * importer (formats/import_read.c, store/import_db.c) in one transaction: the same validation,
 * every error with its JSON path (rewritten to the path in the request body), nothing written
 * on error, the deadline engine run on new and re-dated events, audit rows for every change.
 * A resource's JSON is its interchange record (formats/export_json.c, the serializer of
 * `tracker export json`) with read-only fields added (db_id, version, timestamps, the deadlines
 * an event produced); lists and the deadline, history and report answers are the rows of the
 * CLI's --json output, from the same SQL.
 *
 * PATCH applies a JSON Merge Patch to that JSON and needs If-Match with its ETag (a hash of it):
 * 428 without, 412 when stale. The ETag is checked again inside the import's transaction, after
 * the import lock (which every API write takes), so that of two PATCHes with the same ETag one
 * succeeds and the other gets 412: never a lost update.
 */
#include "api.h"

#include "calset.h"
#include "crypto.h"
#include "date.h"
#include "deadlines.h"
#include "entities.h"
#include "export_json.h"
#include "history.h"
#include "import.h"
#include "internal.h"
#include "json_out.h"
#include "model.h"
#include "msg.h"
#include "report.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char trk_openapi_json[];

#define IMPORT_MAX (64u * 1024u * 1024u)

static const char *const no_query[] = {NULL};

/* ---- lists ---- */

/* ?limit= (1..500, default 50). -1 after answering 400. */
static int list_limit(api_ctx *x)
{
    const char *v = api_query(x, "limit");
    if (!v)
        return 50;
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < 1 || n > 500) {
        api_error_path(x, "limit", "expected an integer from 1 to 500");
        api_problem(x, 400, "invalid-query", "Invalid query parameter",
                    "invalid value for limit: \"%.40s\" (expected 1 to 500)", v);
        return -1;
    }
    return (int)n;
}

static int db_failed(api_ctx *x);

/* Answer a page of a list: the items of r (rows 0..limit-1), next_cursor from row limit-1 when
 * there is a row more (its cursor_cols joined by "_"), and as_of when given. Takes r (NULL: the
 * query failed). */
static int answer_page(api_ctx *x, trk_res *r, int limit, const char *const *cursor_cols,
                       const char *asof)
{
    if (!r)
        return db_failed(x);
    cJSON *o = cJSON_CreateObject();
    cJSON *items = cJSON_AddArrayToObject(o, "items");
    int n = trk_res_rows(r);
    for (int i = 0; i < n && i < limit; i++)
        cJSON_AddItemToArray(items, trk_json_row(r, i));
    if (n > limit) {
        char cur[256] = "";
        size_t k = 0;
        for (const char *const *c = cursor_cols; *c; c++)
            k += (size_t)snprintf(cur + k, sizeof cur - k, "%s%s", k ? "_" : "",
                                  trk_res_val(r, limit - 1, *c));
        cJSON_AddStringToObject(o, "next_cursor", cur);
    } else {
        cJSON_AddNullToObject(o, "next_cursor");
    }
    if (asof)
        cJSON_AddStringToObject(o, "as_of", asof);
    trk_res_free(r);
    return api_json(x, 200, o);
}

static const char *const id_cols[] = {"id", NULL};

static int bad_cursor(api_ctx *x)
{
    api_error_path(x, "cursor", "not a cursor this list gave");
    return api_problem(x, 400, "invalid-query", "Invalid query parameter",
                       "invalid cursor: use the next_cursor of the previous page");
}

/* A cursor that is an id: "123". */
static int id_cursor(api_ctx *x, char *out)
{
    const char *c = api_query(x, "cursor");
    out[0] = '\0';
    if (!c)
        return 0;
    if (!*c || strlen(c) > 18 || strspn(c, "0123456789") != strlen(c))
        return bad_cursor(x), -1;
    snprintf(out, 24, "%s", c);
    return 0;
}

/* ?limit= and an id ?cursor=: *limit, cur ("" without one) and lim (limit + 1 as text: the rows
 * to ask for, one more than a page shows whether there is a next). -1 after answering. */
static int id_page_args(api_ctx *x, int *limit, char cur[24], char lim[16])
{
    *limit = list_limit(x);
    if (*limit < 0 || id_cursor(x, cur))
        return -1;
    snprintf(lim, 16, "%d", *limit + 1);
    return 0;
}

static void today(char *buf)
{
    trk_date d;
    if (trk_date_today(&d) == 0)
        trk_date_format(d, buf);
    else
        snprintf(buf, TRK_DATE_STRLEN, "1970-01-01");
}

/* ?as_of=DATE (default today). -1 after answering. */
static int as_of(api_ctx *x, char *out)
{
    const char *v = api_query(x, "as_of");
    if (!v) {
        today(out);
        return 0;
    }
    trk_date d;
    if (trk_date_parse(v, &d) != 0) {
        api_error_path(x, "as_of", "expected a date YYYY-MM-DD");
        api_problem(x, 400, "invalid-query", "Invalid query parameter",
                    "invalid value for as_of: \"%.40s\" (expected YYYY-MM-DD)", v);
        return -1;
    }
    trk_date_format(d, out);
    return 0;
}

static int db_failed(api_ctx *x)
{
    if (strcmp(trk_db_sqlstate(api_db(x)), TRK_SQLSTATE_UNIQUE) == 0)
        return api_problem(x, 409, "conflict", "Conflict", NULL);
    return api_problem(x, 500, "internal", "Internal error", NULL);
}

static int not_found(api_ctx *x, const char *what, const char *ref)
{
    return api_problem(x, 404, "not-found", "Not found", "%s \"%.200s\" does not exist", what, ref);
}

/* ---- writing through the importer ---- */

typedef enum { REPR_CASE, REPR_EVENT, REPR_FINE } repr_kind;

struct top_kind;
typedef struct write_job {
    api_ctx *x;
    repr_kind kind;
    const struct top_kind *top; /* a party, body or source (else kind) */
    long long case_id, row_id;  /* the resource whose ETag was matched (0: none) */
    char etag[40];
    bool stale;
} write_job;

static cJSON *case_doc(api_ctx *x, long long case_id)
{
    char ids[32];
    snprintf(ids, sizeof ids, "{%lld}", case_id);
    return trk_export_document(api_db(x), ids);
}

static cJSON *repr(api_ctx *x, repr_kind kind, long long case_id, long long row_id, cJSON **doc);
static cJSON *top_json(api_ctx *x, const struct top_kind *k, long long id);

static int recheck(trk_db *db, void *ctx)
{
    (void)db;
    write_job *j = ctx;
    if (!j->row_id)
        return 0;
    cJSON *v = j->top ? top_json(j->x, j->top, j->row_id)
                      : repr(j->x, j->kind, j->case_id, j->row_id, NULL);
    char now[40] = "";
    if (v)
        api_etag_of(v, now);
    cJSON_Delete(v);
    if (strcmp(now, j->etag) != 0) {
        j->stale = true;
        return -1;
    }
    return 0;
}

/* Import `doc` (or the raw body for /import). 0, or -1 after answering. */
static int import_doc(api_ctx *x, cJSON *doc, const char *raw, size_t rawlen, bool jsonl,
                      bool dry_run, write_job *j, const char *from, const char *to,
                      trk_import_count counts[TRK_STG_N])
{
    char *text = NULL;
    if (doc) {
        text = cJSON_PrintUnformatted(doc);
        if (!text)
            return api_problem(x, 500, "internal", "Internal error", "out of memory"), -1;
        raw = text;
        rawlen = strlen(text);
    }
    trk_import_opts o = {.path = "request",
                         .jsonl = jsonl,
                         .max_size = IMPORT_MAX,
                         .max_errors = TRK_IMPORT_DEFAULT_MAX_ERRORS,
                         .dry_run = dry_run,
                         .data = raw,
                         .data_len = rawlen,
                         .in_txn = j ? recheck : NULL,
                         .in_txn_ctx = j};
    trk_import_spool sp;
    memset(&sp, 0, sizeof sp);
    memset(counts, 0, sizeof(trk_import_count) * TRK_STG_N);
    int rc = trk_import_read(&o, &sp);
    if (rc >= 0)
        rc = trk_import_load(api_db(x), &o, &sp, counts) == 0 && rc == 0 ? 0 : -1;
    int nerr = sp.nerr;
    trk_import_spool_free(&sp);
    free(text);
    if (rc == 0)
        return 0;
    trk_db_rollback(api_db(x));
    if (j && j->stale) {
        api_clear_messages(x);
        return api_problem(x, 412, "precondition-failed", "Precondition failed",
                           "the resource changed since its ETag was read (If-Match %s); read it "
                           "again and apply the change to the new version",
                           j->etag),
               -1;
    }
    if (from)
        api_rewrite_paths(x, from, to);
    if (nerr > 0 || !api_has_messages(x) || strcmp(trk_db_sqlstate(api_db(x)), "") == 0)
        return api_problem(x, nerr > 0 || api_has_messages(x) ? 400 : 500,
                           nerr > 0 || api_has_messages(x) ? "invalid-record" : "internal",
                           nerr > 0 || api_has_messages(x) ? "Invalid record" : "Internal error",
                           NULL),
               -1;
    return db_failed(x), -1;
}

/* A fresh id for a record posted without one ("api:KIND:" + 16 random characters). */
static void fresh_id(const char *kind, char *out, size_t size)
{
    char tok[TRK_TOKEN_LEN + 1];
    trk_random_token(tok);
    snprintf(out, size, "api:%s:%.16s", kind, tok);
}

static cJSON *new_doc(void)
{
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "format", "tracker-interchange");
    cJSON_AddNumberToObject(d, "version", 1);
    return d;
}

/* ---- representations ---- */

static cJSON *add_meta(api_ctx *x, cJSON *o, const char *sql, long long id)
{
    char ids[24];
    const char *p[] = {trk_idstr(id, ids)};
    trk_res *r = trk_db_query(api_db(x), sql, 1, p);
    if (!r || trk_res_rows(r) != 1) {
        trk_res_free(r);
        cJSON_Delete(o);
        return NULL;
    }
    cJSON *m = trk_json_row(r, 0);
    trk_res_free(r);
    cJSON *it = m->child;
    while (it) {
        cJSON *next = it->next;
        cJSON_AddItemToObject(o, it->string, cJSON_DetachItemViaPointer(m, it));
        it = next;
    }
    cJSON_Delete(m);
    return o;
}

static cJSON *find_by_id(cJSON *arr, const char *ext)
{
    cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "id"));
        if (s && strcmp(s, ext) == 0)
            return it;
    }
    return NULL;
}

static const char case_meta_sql[] =
    "SELECT c.id AS db_id, c.version, c.created_at, c.updated_at FROM legal_case c"
    " WHERE c.id = $1::bigint";
static const char event_meta_sql[] =
    "SELECT e.id AS db_id, e.case_id AS case_db_id, e.created_at, e.updated_at,"
    " coalesce((SELECT jsonb_agg(jsonb_build_object('id', d.id, 'kind', d.kind, 'title', d.title,"
    "  'due_on', d.due_on::text, 'earliest_on', d.earliest_on::text, 'latest_on',"
    "  d.latest_on::text, 'status', deadline_shown_status(d.status, d.kind, d.due_on,"
    "  d.latest_on, current_date), 'stored_status', d.status, 'revision', d.revision, 'rule', r.code,"
    "  'basis', coalesce(r.basis, CASE WHEN d.period_count IS NULL THEN 'fixed date'"
    "   ELSE 'explicit period' END)) ORDER BY d.due_on, d.id)"
    "  FROM deadline d LEFT JOIN rule r ON r.id = d.rule_id WHERE d.trigger_event_id = e.id),"
    "  '[]') AS produced_deadlines"
    " FROM event e WHERE e.id = $1::bigint";
static const char fine_meta_sql[] =
    "SELECT f.id AS db_id, f.event_id AS event_db_id, e.case_id AS case_db_id"
    " FROM fine f JOIN event e ON e.id = f.event_id WHERE f.id = $1::bigint";

/* The external (or derived) id of a row. */
static int ext_of(api_ctx *x, const char *sql, long long id, char *out, size_t size)
{
    char ids[24];
    const char *p[] = {trk_idstr(id, ids)};
    trk_res *r = trk_db_query(api_db(x), sql, 1, p);
    if (!r || trk_res_rows(r) != 1) {
        trk_res_free(r);
        return -1;
    }
    snprintf(out, size, "%s", trk_res_val(r, 0, "ext"));
    trk_res_free(r);
    return 0;
}

static const char event_ext_sql[] =
    "SELECT " TRK_SQL_LOCAL_ID("event", "e") " AS ext FROM event e WHERE e.id = $1::bigint";

/* The JSON of a case (without its events), an event or a fine; *doc (optional) receives the
 * case's export document. NULL when it does not exist (or the database failed). */
static cJSON *repr(api_ctx *x, repr_kind kind, long long case_id, long long row_id, cJSON **doc)
{
    cJSON *d = case_doc(x, case_id);
    if (!d)
        return NULL;
    cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(d, "cases"), 0);
    cJSON *out = NULL;
    if (!c)
        goto out;
    if (kind == REPR_CASE) {
        out = cJSON_Duplicate(c, true);
        cJSON_DeleteItemFromObjectCaseSensitive(out, "events");
        out = add_meta(x, out, case_meta_sql, case_id);
    } else {
        long long eid = row_id;
        if (kind == REPR_FINE) {
            char ids[24];
            const char *p[] = {trk_idstr(row_id, ids)};
            trk_res *r =
                trk_db_query(api_db(x), "SELECT event_id FROM fine WHERE id = $1::bigint", 1, p);
            eid = r && trk_res_rows(r) == 1 ? trk_res_int(r, 0, "event_id") : 0;
            trk_res_free(r);
        }
        char ext[1100];
        if (!eid || ext_of(x, event_ext_sql, eid, ext, sizeof ext) != 0)
            goto out;
        cJSON *e = find_by_id(cJSON_GetObjectItemCaseSensitive(c, "events"), ext);
        if (!e)
            goto out;
        if (kind == REPR_EVENT) {
            out = cJSON_Duplicate(e, true);
            cJSON_AddStringToObject(
                out, "case", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "id")));
            out = add_meta(x, out, event_meta_sql, eid);
        } else {
            cJSON *f = cJSON_GetObjectItemCaseSensitive(e, "fine");
            if (!f)
                goto out;
            out = cJSON_Duplicate(f, true);
            cJSON_AddStringToObject(out, "event", ext);
            out = add_meta(x, out, fine_meta_sql, row_id);
        }
    }
out:
    if (doc && out)
        *doc = d;
    else
        cJSON_Delete(d);
    return out;
}

static const char *const case_ro[] = {"db_id", "version", "created_at", "updated_at", NULL};
static const char *const event_ro[] = {
    "db_id", "case_db_id", "created_at", "updated_at", "produced_deadlines", "case", NULL};
static const char *const fine_ro[] = {"db_id", "event_db_id", "case_db_id", "event", NULL};

static void strip(cJSON *o, const char *const *keys)
{
    for (; *keys; keys++)
        cJSON_DeleteItemFromObjectCaseSensitive(o, *keys);
}

/* Answer a resource with its ETag. */
static int answer_repr(api_ctx *x, int status, cJSON *v)
{
    char etag[40];
    api_etag_of(v, etag);
    api_set_etag(x, etag);
    const char *inm = api_header(x, "If-None-Match");
    if (status == 200 && inm && trk_http_etag_matches(inm, etag)) {
        cJSON_Delete(v);
        return api_raw(x, 304, NULL, NULL, 0);
    }
    return api_json(x, status, v);
}

/* If-Match for a PATCH or DELETE: 0 when it matches v's ETag (copied to etag); -1 answered. */
static int check_if_match(api_ctx *x, const cJSON *v, char *etag)
{
    api_etag_of(v, etag);
    const char *im = api_header(x, "If-Match");
    if (!im)
        return api_problem(x, 428, "precondition-required", "Precondition required",
                           "send If-Match with the ETag of the resource (GET it first) so that "
                           "a change made meanwhile is never overwritten"),
               -1;
    if (!trk_http_etag_matches(im, etag))
        return api_problem(x, 412, "precondition-failed", "Precondition failed",
                           "the resource changed since its ETag was read (If-Match %.60s, now "
                           "%s); read it again and apply the change to the new version",
                           im, etag),
               -1;
    return 0;
}

/* The patch may not touch read-only fields or the id. -1 answered. */
static int check_patch(api_ctx *x, const cJSON *patch, const char *const *ro)
{
    if (!cJSON_IsObject(patch)) {
        api_error_path(x, "$", "a merge patch must be an object");
        return api_problem(x, 400, "invalid-body", "Invalid body",
                           "a merge patch must be a JSON object"),
               -1;
    }
    int bad = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, patch)
    {
        char path[160];
        snprintf(path, sizeof path, "$.%.100s", it->string);
        if (strcmp(it->string, "id") == 0) {
            api_error_path(x, path, "the id cannot be changed");
            bad++;
        }
        for (const char *const *k = ro; *k; k++)
            if (strcmp(*k, it->string) == 0) {
                api_error_path(x, path, "read-only field");
                bad++;
            }
    }
    if (bad)
        return api_problem(x, 400, "read-only-field", "Read-only field",
                           "the patch changes %d field%s that cannot be changed", bad,
                           bad == 1 ? "" : "s"),
               -1;
    return 0;
}

/* The current JSON merged with the request's merge patch, without the read-only fields; NULL
 * after answering (If-Match missing or stale, a bad body, a read-only field). etag receives the
 * matched ETag; *patch the body (freed by the caller). */
static cJSON *merged_patch(api_ctx *x, const cJSON *cur, const char *const *ro, char *etag,
                           cJSON **patch)
{
    if (check_if_match(x, cur, etag) != 0 || !(*patch = api_parse_body(x)) ||
        check_patch(x, *patch, ro) != 0)
        return NULL;
    cJSON *merged = api_merge_patch(cJSON_Duplicate(cur, true), *patch);
    strip(merged, ro);
    return merged;
}

/* Answer a case, an event or a fine (200, or 201 with its Location). */
static int answer_record(api_ctx *x, repr_kind kind, long long case_id, long long row_id,
                         int status)
{
    cJSON *v = repr(x, kind, case_id, row_id, NULL);
    if (!v)
        return db_failed(x);
    if (status == 201)
        api_set_location(x, API_PREFIX "/%s/%lld", kind == REPR_CASE ? "cases" : "events", row_id);
    return answer_repr(x, status, v);
}

/* ---- creating through the importer (POST) ---- */

/* The row of table whose external id is exactly ext: 0 and *id, 1 none, -1 database error. (Not
 * api_resolve: an all-digit external id is not a database id here.) */
static int by_external_id(api_ctx *x, const char *table, const char *ext, long long *id)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE external_id = $1", table);
    const char *p[] = {ext};
    trk_res *r = trk_db_query(api_db(x), sql, 1, p);
    if (!r)
        return -1;
    int rc = 1;
    if (trk_res_rows(r) > 0) {
        *id = trk_res_int(r, 0, "id");
        rc = 0;
    }
    trk_res_free(r);
    return rc;
}

/* The body of a POST that creates a record: an object (else 400: the body must be `object`),
 * given a fresh id of `kind` when it has none; ext receives its id ("" when not a string). NULL
 * after answering. */
static cJSON *new_record(api_ctx *x, const char *kind, const char *object, char *ext, size_t size)
{
    if (api_allow_query(x, no_query))
        return NULL;
    cJSON *body = api_parse_body(x);
    if (!body)
        return NULL;
    if (!cJSON_IsObject(body)) {
        cJSON_Delete(body);
        api_error_path(x, "$", "expected %s", object);
        api_problem(x, 400, "invalid-body", "Invalid body", "the body must be %s", object);
        return NULL;
    }
    if (!cJSON_GetObjectItemCaseSensitive(body, "id")) {
        char id[64];
        fresh_id(kind, id, sizeof id);
        cJSON_AddStringToObject(body, "id", id);
    }
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(body, "id"));
    snprintf(ext, size, "%s", s ? s : "");
    return body;
}

/* 409 for a POST whose id `ext` is taken (body freed): "NOUN with this id exists" at $.id, the
 * detail "LEAD \"EXT\" already exists". */
static int id_taken(api_ctx *x, cJSON *body, const char *noun, const char *lead, const char *ext)
{
    cJSON_Delete(body);
    api_error_path(x, "$.id", "%s with this id exists", noun);
    return api_problem(x, 409, "conflict", "Conflict", "%s \"%.200s\" already exists", lead, ext);
}

/* Import doc (taken) with error paths under `from` rewritten to "$", then find the new row of
 * table by its external id ext. 0 and *id, or -1 after answering. */
static int create_via_import(api_ctx *x, cJSON *doc, const char *from, const char *table,
                             const char *noun, const char *ext, long long *id)
{
    trk_import_count counts[TRK_STG_N];
    int rc = import_doc(x, doc, NULL, 0, false, false, NULL, from, "$", counts);
    cJSON_Delete(doc);
    if (rc != 0)
        return -1;
    if (by_external_id(x, table, ext, id) != 0)
        return api_problem(x, 500, "internal", "Internal error", "the new %s was not found", noun),
               -1;
    return 0;
}

/* ---- /openapi.json, /me ---- */

static int h_openapi(api_ctx *x)
{
    if (api_allow_query(x, no_query))
        return 0;
    char *s = strdup(trk_openapi_json);
    if (!s)
        return api_problem(x, 500, "internal", "Internal error", "out of memory");
    return api_raw(x, 200, "application/json", s, strlen(s));
}

static int h_me(api_ctx *x)
{
    if (api_allow_query(x, no_query))
        return 0;
    char ids[24];
    const char *p[] = {trk_idstr(api_account_id(x), ids)};
    trk_res *r = trk_db_query(api_db(x),
                              "SELECT id, login, name, role, created_at FROM app_account"
                              " WHERE id = $1::bigint",
                              1, p);
    if (!r || trk_res_rows(r) != 1) {
        trk_res_free(r);
        return db_failed(x);
    }
    cJSON *o = trk_json_row(r, 0);
    trk_res_free(r);
    cJSON_AddBoolToObject(o, "can_write", api_can_write(x));
    return api_json(x, 200, o);
}

/* ---- cases ---- */

static int case_id_of(api_ctx *x, long long *id)
{
    return api_find(x, "legal_case", "case", api_param(x, 0), id);
}

static int cases_list(api_ctx *x)
{
    static const char *const q[] = {"limit",  "cursor", "q", "jurisdiction", "tag", "procedure",
                                    "status", "as_of",  NULL};
    if (api_allow_query(x, q))
        return 0;
    int limit;
    char cur[24], asof[TRK_DATE_STRLEN], lim[16];
    if (id_page_args(x, &limit, cur, lim) || as_of(x, asof))
        return 0;
    trk_sb sql = {0};
    trk_sb_printf(&sql,
                  "SELECT * FROM (%s) s WHERE ($6::text IS NULL OR s.title ILIKE '%%' ||"
                  " replace(replace(replace($6, '\\', '\\\\'), '%%', '\\%%'), '_', '\\_') || '%%')"
                  " AND ($7::text IS NULL OR s.procedure = $7)"
                  " AND ($8::bigint IS NULL OR s.id > $8::bigint) ORDER BY s.id LIMIT $9::int",
                  trk_sql_case_list);
    const char *p[] = {api_query(x, "jurisdiction"),
                       asof,
                       api_query(x, "tag"),
                       api_query(x, "status"),
                       NULL,
                       api_query(x, "q"),
                       api_query(x, "procedure"),
                       cur[0] ? cur : NULL,
                       lim};
    trk_res *r = trk_db_query(api_db(x), sql.p, 9, p);
    free(sql.p);
    return answer_page(x, r, limit, id_cols, NULL);
}

static int cases_post(api_ctx *x)
{
    char ext[1100];
    cJSON *body = new_record(x, "case", "a case object", ext, sizeof ext);
    if (!body)
        return 0;
    /* A new case: an id already taken is a conflict, not an update. */
    long long cid;
    if (ext[0] && by_external_id(x, "legal_case", ext, &cid) == 0)
        return id_taken(x, body, "a case", "a case with external id", ext);
    cJSON *doc = new_doc();
    cJSON_AddItemToArray(cJSON_AddArrayToObject(doc, "cases"), body);
    if (create_via_import(x, doc, "$.cases[0]", "legal_case", "case", ext, &cid) != 0)
        return 0;
    return answer_record(x, REPR_CASE, cid, cid, 201);
}

static int h_cases(api_ctx *x)
{
    return api_method(x) == API_GET ? cases_list(x) : cases_post(x);
}

/* PATCH a case, an event or a fine: merge the patch into its JSON, import the case record (and
 * for an event or fine, that event only). */
static int patch_record(api_ctx *x, repr_kind kind, long long case_id, long long row_id)
{
    cJSON *doc = NULL;
    cJSON *cur = repr(x, kind, case_id, row_id, &doc);
    if (!cur)
        return db_failed(x);
    write_job j = {.x = x, .kind = kind, .case_id = case_id, .row_id = row_id};
    cJSON *patch = NULL;
    int rc = 0;
    const char *const *ro = kind == REPR_CASE ? case_ro : kind == REPR_EVENT ? event_ro : fine_ro;
    cJSON *merged = merged_patch(x, cur, ro, j.etag, &patch);
    if (!merged)
        goto out;
    cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "cases"), 0);
    const char *from;
    if (kind == REPR_CASE) {
        cJSON_DeleteItemFromObjectCaseSensitive(c, "events");
        cJSON_ReplaceItemViaPointer(cJSON_GetObjectItemCaseSensitive(doc, "cases"), c, merged);
        /* a case without events: its events are left as they are */
        from = "$.cases[0]";
    } else {
        char ext[1100] = "";
        cJSON *events = cJSON_GetObjectItemCaseSensitive(c, "events");
        cJSON *e = NULL;
        if (kind == REPR_EVENT) {
            (void)ext;
            e = merged;
        } else {
            const char *ev = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cur, "event"));
            e = cJSON_Duplicate(find_by_id(events, ev ? ev : ""), true);
            if (!e) {
                cJSON_Delete(merged);
                rc = db_failed(x);
                goto out;
            }
            cJSON_ReplaceItemInObjectCaseSensitive(e, "fine", merged);
        }
        cJSON *one = cJSON_CreateArray();
        cJSON_AddItemToArray(one, e);
        cJSON_ReplaceItemInObjectCaseSensitive(c, "events", one);
        from = kind == REPR_EVENT ? "$.cases[0].events[0]" : "$.cases[0].events[0].fine";
    }
    trk_import_count counts[TRK_STG_N];
    if (import_doc(x, doc, NULL, 0, false, false, &j, from, "$", counts) != 0)
        goto out;
    rc = answer_record(x, kind, case_id, row_id, 200);
out:
    cJSON_Delete(cur);
    cJSON_Delete(doc);
    cJSON_Delete(patch);
    return rc;
}

static int h_case(api_ctx *x)
{
    if (api_allow_query(x, no_query))
        return 0;
    long long id;
    if (case_id_of(x, &id) != 0)
        return 0;
    if (api_method(x) == API_PATCH)
        return patch_record(x, REPR_CASE, id, id);
    return answer_record(x, REPR_CASE, id, id, 200);
}

static int history_answer(api_ctx *x, trk_history_scope scope, long long id)
{
    trk_res *r = trk_history_query(api_db(x), scope, id);
    if (!r)
        return db_failed(x);
    return api_rows_page(x, r);
}

static int h_case_history(api_ctx *x)
{
    if (api_allow_query(x, no_query))
        return 0;
    long long id;
    if (case_id_of(x, &id) != 0)
        return 0;
    return history_answer(x, TRK_HISTORY_CASE, id);
}

/* The parties of a case (GET), or a party linked to it with a role (POST {"party", "role"}: the
 * case's record with one more party, imported). */
static int h_case_parties(api_ctx *x)
{
    if (api_allow_query(x, no_query))
        return 0;
    long long id;
    if (case_id_of(x, &id) != 0)
        return 0;
    cJSON *doc = NULL;
    cJSON *cur = repr(x, REPR_CASE, id, id, &doc);
    if (!cur)
        return db_failed(x);
    int rc = 0;
    cJSON *body = NULL;
    if (api_method(x) == API_GET) {
        rc = api_one_page(x, cJSON_DetachItemFromObjectCaseSensitive(cur, "parties"));
        goto out;
    }
    if (!(body = api_parse_body(x)))
        goto out;
    if (!cJSON_IsObject(body)) {
        api_error_path(x, "$", "expected {\"party\": ID, \"role\": ROLE}");
        rc = api_problem(x, 400, "invalid-body", "Invalid body", "the body must be an object");
        goto out;
    }
    cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "cases"), 0);
    cJSON_DeleteItemFromObjectCaseSensitive(c, "events");
    cJSON *parties = cJSON_GetObjectItemCaseSensitive(c, "parties");
    int idx = cJSON_GetArraySize(parties);
    cJSON_AddItemToArray(parties, cJSON_Duplicate(body, true));
    char from[48];
    snprintf(from, sizeof from, "$.cases[0].parties[%d]", idx);
    trk_import_count counts[TRK_STG_N];
    if (import_doc(x, doc, NULL, 0, false, false, NULL, from, "$", counts) != 0)
        goto out;
    api_set_location(x, API_PREFIX "/cases/%lld", id);
    rc = api_json(x, 201, cJSON_Duplicate(body, true));
out:
    cJSON_Delete(cur);
    cJSON_Delete(doc);
    cJSON_Delete(body);
    return rc;
}

/* ---- events ---- */

static int events_list(api_ctx *x, long long case_id)
{
    static const char *const q[] = {"limit", "cursor", NULL};
    if (api_allow_query(x, q))
        return 0;
    int limit;
    char cur[24], lim[16];
    if (id_page_args(x, &limit, cur, lim))
        return 0;
    cJSON *d = case_doc(x, case_id);
    if (!d)
        return db_failed(x);
    char ids[24];
    const char *p[] = {trk_idstr(case_id, ids), cur[0] ? cur : NULL, lim};
    trk_res *r = trk_db_query(api_db(x),
                              "SELECT e.id, " TRK_SQL_LOCAL_ID(
                                  "event", "e") " AS ext FROM event e"
                                                " WHERE e.case_id = $1::bigint"
                                                " AND ($2::bigint IS NULL OR e.id > $2::bigint)"
                                                " ORDER BY e.id LIMIT $3::int",
                              3, p);
    if (!r) {
        cJSON_Delete(d);
        return db_failed(x);
    }
    cJSON *events = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(d, "cases"), 0), "events");
    cJSON *o = cJSON_CreateObject();
    cJSON *items = cJSON_AddArrayToObject(o, "items");
    int n = trk_res_rows(r);
    for (int i = 0; i < n && i < limit; i++) {
        cJSON *e = cJSON_Duplicate(find_by_id(events, trk_res_val(r, i, "ext")), true);
        if (!e)
            continue;
        cJSON_AddNumberToObject(e, "db_id", (double)trk_res_int(r, i, "id"));
        cJSON_AddItemToArray(items, e);
    }
    if (n > limit)
        cJSON_AddStringToObject(o, "next_cursor", trk_res_val(r, limit - 1, "id"));
    else
        cJSON_AddNullToObject(o, "next_cursor");
    trk_res_free(r);
    cJSON_Delete(d);
    return api_json(x, 200, o);
}

static int events_post(api_ctx *x, long long case_id)
{
    char ext[1100];
    cJSON *body = new_record(x, "event", "an event object", ext, sizeof ext);
    if (!body)
        return 0;
    long long eid;
    if (ext[0] && by_external_id(x, "event", ext, &eid) == 0)
        return id_taken(x, body, "an event", "an event with external id", ext);
    cJSON *doc = case_doc(x, case_id);
    if (!doc) {
        cJSON_Delete(body);
        return db_failed(x);
    }
    cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "cases"), 0);
    cJSON *one = cJSON_CreateArray();
    cJSON_AddItemToArray(one, body);
    cJSON_ReplaceItemInObjectCaseSensitive(c, "events", one);
    if (create_via_import(x, doc, "$.cases[0].events[0]", "event", "event", ext, &eid) != 0)
        return 0;
    return answer_record(x, REPR_EVENT, case_id, eid, 201);
}

static int h_case_events(api_ctx *x)
{
    long long id;
    if (case_id_of(x, &id) != 0)
        return 0;
    return api_method(x) == API_GET ? events_list(x, id) : events_post(x, id);
}

static int event_ids(api_ctx *x, long long *eid, long long *cid)
{
    if (api_find(x, "event", "event", api_param(x, 0), eid) != 0)
        return -1;
    char ids[24];
    const char *p[] = {trk_idstr(*eid, ids)};
    trk_res *q = trk_db_query(api_db(x), "SELECT case_id FROM event WHERE id = $1::bigint", 1, p);
    if (!q || trk_res_rows(q) != 1) {
        trk_res_free(q);
        db_failed(x);
        return -1;
    }
    *cid = trk_res_int(q, 0, "case_id");
    trk_res_free(q);
    return 0;
}

static int h_event(api_ctx *x)
{
    long long eid, cid;
    if (api_method(x) == API_DELETE) {
        /* If-Match is optional here: when given, a stale one is 412. */
        if (event_ids(x, &eid, &cid) != 0)
            return 0;
        if (api_header(x, "If-Match")) {
            cJSON *cur = repr(x, REPR_EVENT, cid, eid, NULL);
            char etag[40];
            int bad = !cur || check_if_match(x, cur, etag) != 0;
            cJSON_Delete(cur);
            if (bad)
                return 0;
        }
        return api_h_event_delete(x);
    }
    if (api_allow_query(x, no_query))
        return 0;
    if (event_ids(x, &eid, &cid) != 0)
        return 0;
    if (api_method(x) == API_PATCH)
        return patch_record(x, REPR_EVENT, cid, eid);
    return answer_record(x, REPR_EVENT, cid, eid, 200);
}

static int h_event_history(api_ctx *x)
{
    if (api_allow_query(x, no_query))
        return 0;
    long long eid, cid;
    if (event_ids(x, &eid, &cid) != 0)
        return 0;
    return history_answer(x, TRK_HISTORY_EVENT, eid);
}

/* ---- fines ---- */

static int h_fines(api_ctx *x)
{
    static const char *const q[] = {"limit", "cursor", "case", "paid", NULL};
    if (api_allow_query(x, q))
        return 0;
    int limit;
    char cur[24], lim[16], cids[24];
    if (id_page_args(x, &limit, cur, lim))
        return 0;
    const char *paid = api_query(x, "paid");
    if (paid && strcmp(paid, "true") != 0 && strcmp(paid, "false") != 0) {
        api_error_path(x, "paid", "expected true or false");
        return api_problem(x, 400, "invalid-query", "Invalid query parameter",
                           "invalid value for paid: \"%.20s\" (expected true or false)", paid);
    }
    const char *cs = NULL;
    if (api_query(x, "case")) {
        long long cid;
        if (api_find(x, "legal_case", "case", api_query(x, "case"), &cid) != 0)
            return 0;
        cs = trk_idstr(cid, cids);
    }
    const char *p[] = {cs, paid, cur[0] ? cur : NULL, lim};
    trk_res *r = trk_db_query(
        api_db(x),
        "SELECT f.id, f.event_id, e.case_id, e.date::text AS date, f.amount::text AS amount,"
        " f.currency, f.paid, f.paid_on::text AS paid_on,"
        " coalesce((SELECT jsonb_agg(jsonb_build_object('amount', q.amount::text, 'currency',"
        "   q.currency, 'rate', q.rate::text, 'as_of', q.as_of, 'note', q.note)"
        "   ORDER BY q.currency) FROM fine_equivalent q WHERE q.fine_id = f.id), '[]')"
        " AS equivalents"
        " FROM fine f JOIN event e ON e.id = f.event_id"
        " WHERE ($1::bigint IS NULL OR e.case_id = $1::bigint)"
        " AND ($2::bool IS NULL OR f.paid = $2::bool)"
        " AND ($3::bigint IS NULL OR f.id > $3::bigint) ORDER BY f.id LIMIT $4::int",
        4, p);
    return answer_page(x, r, limit, id_cols, NULL);
}

static int h_fine(api_ctx *x)
{
    if (api_allow_query(x, no_query))
        return 0;
    const char *ref = api_param(x, 0);
    if (strspn(ref, "0123456789") != strlen(ref) || strlen(ref) > 18)
        return not_found(x, "fine", ref);
    const char *p[] = {ref};
    trk_res *r = trk_db_query(api_db(x),
                              "SELECT f.id, e.case_id FROM fine f JOIN event e ON e.id = f.event_id"
                              " WHERE f.id = $1::bigint",
                              1, p);
    if (!r)
        return db_failed(x);
    if (trk_res_rows(r) != 1) {
        trk_res_free(r);
        return not_found(x, "fine", ref);
    }
    long long fid = trk_res_int(r, 0, "id"), cid = trk_res_int(r, 0, "case_id");
    trk_res_free(r);
    if (api_method(x) == API_PATCH)
        return patch_record(x, REPR_FINE, cid, fid);
    return answer_record(x, REPR_FINE, cid, fid, 200);
}

/* ---- deadlines ---- */

static int h_deadlines(api_ctx *x)
{
    static const char *const q[] = {"limit",        "cursor",  "case",      "status",
                                    "upcoming",     "overdue", "as_of",     "kind",
                                    "jurisdiction", "tag",     "procedure", NULL};
    if (api_allow_query(x, q))
        return 0;
    int limit = list_limit(x);
    char asof[TRK_DATE_STRLEN], lim[16], cdate[TRK_DATE_STRLEN] = "", cid[24] = "";
    if (limit < 0 || as_of(x, asof))
        return 0;
    const char *cur = api_query(x, "cursor");
    if (cur) {
        trk_date d;
        const char *us = strchr(cur, '_');
        if (!us || us - cur != 10 || strlen(us + 1) == 0 || strlen(us + 1) > 18 ||
            strspn(us + 1, "0123456789") != strlen(us + 1))
            return bad_cursor(x);
        memcpy(cdate, cur, 10);
        cdate[10] = '\0';
        if (trk_date_parse(cdate, &d) != 0)
            return bad_cursor(x);
        snprintf(cid, sizeof cid, "%s", us + 1);
    }
    const char *status = api_query(x, "status");
    if (status && !trk_word_in(status, trk_deadline_statuses)) {
        api_error_path(x, "status", "not a deadline status");
        return api_problem(x, 400, "invalid-query", "Invalid query parameter",
                           "invalid value for status: \"%.40s\"", status);
    }
    const char *up = api_query(x, "upcoming");
    char upc[16];
    if (up) {
        char *end;
        long n = strtol(up, &end, 10);
        if (!*up || *end || n < 0 || n > 36600) {
            api_error_path(x, "upcoming", "expected a number of days from 0 to 36600");
            return api_problem(x, 400, "invalid-query", "Invalid query parameter",
                               "invalid value for upcoming: \"%.40s\" (expected 0 to 36600)", up);
        }
        snprintf(upc, sizeof upc, "%ld", n);
        up = upc;
    }
    const char *ov = api_query(x, "overdue");
    if (ov && strcmp(ov, "true") != 0 && strcmp(ov, "false") != 0) {
        api_error_path(x, "overdue", "expected true or false");
        return api_problem(x, 400, "invalid-query", "Invalid query parameter",
                           "invalid value for overdue: \"%.20s\"", ov);
    }
    snprintf(lim, sizeof lim, "%d", limit + 1);
    trk_sb sql = {0};
    trk_sb_printf(&sql,
                  "SELECT * FROM (%s) q WHERE ($6::date IS NULL OR (q.due_on::date, q.id) >"
                  " ($6::date, $7::bigint)) AND ($9::text IS NULL OR q.kind = $9)"
                  " AND ($10::text IS NULL AND $11::text IS NULL AND $12::text IS NULL"
                  "  OR q.case_id IN (SELECT c.id FROM legal_case c"
                  "   WHERE ($10::text IS NULL OR c.jurisdiction = $10)"
                  "   AND ($11::text IS NULL OR $11 = ANY (c.tags))"
                  "   AND ($12::text IS NULL OR c.procedure = $12)))"
                  " ORDER BY q.due_on, q.id LIMIT $8::int",
                  trk_sql_deadline_list);
    const char *p[] = {asof,
                       api_query(x, "case"),
                       status,
                       up,
                       ov && strcmp(ov, "true") == 0 ? "true" : "false",
                       cdate[0] ? cdate : NULL,
                       cid[0] ? cid : NULL,
                       lim,
                       api_query(x, "kind"),
                       api_query(x, "jurisdiction"),
                       api_query(x, "tag"),
                       api_query(x, "procedure")};
    trk_res *r = trk_db_query(api_db(x), sql.p, 12, p);
    free(sql.p);
    static const char *const cc[] = {"due_on", "id", NULL};
    return answer_page(x, r, limit, cc, asof);
}

static int h_deadline(api_ctx *x)
{
    static const char *const q[] = {"as_of", NULL};
    if (api_allow_query(x, q))
        return 0;
    char asof[TRK_DATE_STRLEN];
    if (as_of(x, asof))
        return 0;
    const char *ref = api_param(x, 0);
    long long id;
    if (api_find(x, "deadline", "deadline", ref, &id) != 0)
        return 0;
    char ids[24];
    const char *p[] = {asof, trk_idstr(id, ids)};
    trk_res *r = trk_db_query(api_db(x), trk_sql_deadline_show, 2, p);
    if (!r)
        return db_failed(x);
    const char *hp[] = {ids};
    trk_res *h = trk_db_query(api_db(x), trk_sql_deadline_history, 1, hp);
    if (!h) {
        trk_res_free(r);
        return db_failed(x);
    }
    cJSON *o = trk_json_row(r, 0);
    cJSON_AddStringToObject(o, "as_of", asof);
    cJSON_AddItemToObject(o, "history", trk_json_rows(h));
    trk_res_free(r);
    trk_res_free(h);
    return answer_repr(x, 200, o);
}

static int h_deadline_history(api_ctx *x)
{
    if (api_allow_query(x, no_query))
        return 0;
    long long id;
    if (api_find(x, "deadline", "deadline", api_param(x, 0), &id) != 0)
        return 0;
    return history_answer(x, TRK_HISTORY_DEADLINE, id);
}

/* ---- parties, bodies, sources ---- */

typedef struct top_kind {
    const char *table, *kind, *array, *list_sql;
} top_kind;

static const char *const top_ro[] = {"db_id", NULL};

static const top_kind tops[] = {
    {"party", "party", "parties",
     "SELECT p.id AS db_id, " TRK_SQL_LOCAL_ID(
         "party", "p") " AS id, p.name, p.kind"
                       " FROM party p WHERE ($1::bigint IS NULL OR p.id > $1::bigint) ORDER BY "
                       "p.id LIMIT $2::int"},
    {"body", "body", "bodies",
     "SELECT b.id AS db_id, " TRK_SQL_LOCAL_ID(
         "body", "b") " AS id, b.name, b.kind,"
                      " b.jurisdiction FROM body b WHERE ($1::bigint IS NULL OR b.id > $1::bigint)"
                      " ORDER BY b.id LIMIT $2::int"},
    {"source", "source", "sources",
     "SELECT x.id AS db_id, " TRK_SQL_LOCAL_ID(
         "source",
         "x") " AS id, x.url, x.publisher,"
              " x.title, x.published_on::text AS published_on, x.retrieved_on::text AS retrieved_on"
              " FROM source x WHERE ($1::bigint IS NULL OR x.id > $1::bigint) ORDER BY x.id"
              " LIMIT $2::int"},
};

static cJSON *top_json(api_ctx *x, const top_kind *k, long long id)
{
    trk_sb sql = {0};
    trk_sb_printf(&sql, "SELECT * FROM (%s) s WHERE s.db_id = $3::bigint", k->list_sql);
    char ids[24], prev[24];
    const char *p[] = {trk_idstr(id - 1, prev), "2", trk_idstr(id, ids)};
    trk_res *r = trk_db_query(api_db(x), sql.p, 3, p);
    free(sql.p);
    cJSON *o = r && trk_res_rows(r) == 1 ? trk_json_row(r, 0) : NULL;
    trk_res_free(r);
    return o;
}

static int top_answer(api_ctx *x, const top_kind *k, long long id, int status)
{
    cJSON *o = top_json(x, k, id);
    if (!o)
        return db_failed(x);
    if (status == 201)
        api_set_location(x, API_PREFIX "/%s/%lld", k->array, id);
    return answer_repr(x, status, o);
}

static int h_top(api_ctx *x, const top_kind *k)
{
    if (api_method(x) == API_GET) {
        static const char *const q[] = {"limit", "cursor", NULL};
        if (api_allow_query(x, q))
            return 0;
        int limit;
        char cur[24], lim[16];
        if (id_page_args(x, &limit, cur, lim))
            return 0;
        const char *p[] = {cur[0] ? cur : NULL, lim};
        trk_res *r = trk_db_query(api_db(x), k->list_sql, 2, p);
        static const char *const cc[] = {"db_id", NULL};
        return answer_page(x, r, limit, cc, NULL);
    }
    char ext[1100];
    cJSON *body = new_record(x, k->kind, "an object", ext, sizeof ext);
    if (!body)
        return 0;
    long long nid;
    /* Taken: a record with this external id, or the derived id ("local:KIND:N:...") of one. An
     * all-digit id is an external id like any other (as for cases and events), not the database
     * id of another record. */
    if (ext[0] && (by_external_id(x, k->table, ext, &nid) == 0 ||
                   (strncmp(ext, "local:", 6) == 0 &&
                    api_resolve(x, k->table, k->kind, ext, &nid) == 0)))
        return id_taken(x, body, "a record", k->kind, ext);
    api_clear_messages(x);
    cJSON *doc = new_doc();
    cJSON_AddItemToArray(cJSON_AddArrayToObject(doc, k->array), body);
    char from[32];
    snprintf(from, sizeof from, "$.%s[0]", k->array);
    /* The importer adopts a record the CLI made with the same natural key (name, URL). */
    if (create_via_import(x, doc, from, k->table, "record", ext, &nid) != 0)
        return 0;
    return top_answer(x, k, nid, 201);
}

static int h_parties(api_ctx *x)
{
    return h_top(x, &tops[0]);
}
static int h_bodies(api_ctx *x)
{
    return h_top(x, &tops[1]);
}
static int h_sources(api_ctx *x)
{
    return h_top(x, &tops[2]);
}

static int h_top_one(api_ctx *x, const top_kind *k)
{
    if (api_allow_query(x, no_query))
        return 0;
    long long id;
    if (api_find(x, k->table, k->kind, api_param(x, 0), &id) != 0)
        return 0;
    if (api_method(x) != API_PATCH)
        return top_answer(x, k, id, 200);
    /* PATCH: the record merged with the patch, imported as a record of its kind. */
    cJSON *cur = top_json(x, k, id), *patch = NULL, *doc = NULL;
    if (!cur)
        return db_failed(x);
    write_job j = {.x = x, .top = k, .row_id = id};
    cJSON *merged = merged_patch(x, cur, top_ro, j.etag, &patch);
    if (!merged)
        goto out;
    doc = new_doc();
    cJSON_AddItemToArray(cJSON_AddArrayToObject(doc, k->array), merged);
    char from[32];
    snprintf(from, sizeof from, "$.%s[0]", k->array);
    trk_import_count counts[TRK_STG_N];
    if (import_doc(x, doc, NULL, 0, false, false, &j, from, "$", counts) == 0)
        top_answer(x, k, id, 200);
out:
    cJSON_Delete(cur);
    cJSON_Delete(patch);
    cJSON_Delete(doc);
    return 0;
}

static int h_party(api_ctx *x)
{
    return h_top_one(x, &tops[0]);
}
static int h_body(api_ctx *x)
{
    return h_top_one(x, &tops[1]);
}
static int h_source(api_ctx *x)
{
    return h_top_one(x, &tops[2]);
}

/* ---- import and export ---- */

static int h_import(api_ctx *x)
{
    static const char *const q[] = {"dry_run", NULL};
    if (api_allow_query(x, q))
        return 0;
    const char *ct = api_header(x, "Content-Type");
    bool jsonl = false;
    if (ct) {
        size_t n = strcspn(ct, ";");
        jsonl = (n == 20 && strncmp(ct, "application/x-ndjson", 20) == 0) ||
                (n == 20 && strncmp(ct, "application/jsonlines", 20) == 0);
    }
    if (!jsonl && !api_media_is_json(ct))
        return api_problem(x, 415, "unsupported-media-type", "Unsupported media type",
                           "POST the interchange JSON (application/json) or JSON Lines "
                           "(application/x-ndjson); got %.80s",
                           ct ? ct : "no Content-Type");
    const char *dr = api_query(x, "dry_run");
    if (dr && strcmp(dr, "true") != 0 && strcmp(dr, "false") != 0) {
        api_error_path(x, "dry_run", "expected true or false");
        return api_problem(x, 400, "invalid-query", "Invalid query parameter",
                           "invalid value for dry_run: \"%.20s\"", dr);
    }
    size_t len;
    const char *body = api_body(x, &len);
    size_t bad;
    if (!api_utf8_ok(body, len, &bad)) {
        api_error_path(x, "$", "%s at byte %zu", body[bad] ? "invalid UTF-8" : "a NUL byte", bad);
        return api_problem(x, 400, "invalid-body", "Invalid body",
                           "the body is not valid UTF-8 "
                           "text (byte %zu)",
                           bad);
    }
    trk_import_count counts[TRK_STG_N];
    if (import_doc(x, NULL, body, len, jsonl, dr && strcmp(dr, "true") == 0, NULL, NULL, NULL,
                   counts) != 0)
        return 0;
    static const char *const names[TRK_STG_N] = {
        "parties",       "bodies", "sources",          "cases",    "case_parties", "events",
        "event_sources", "fines",  "fine_equivalents", "deadlines"};
    cJSON *o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "dry_run", dr && strcmp(dr, "true") == 0);
    cJSON *c = cJSON_AddObjectToObject(o, "counts");
    for (int t = 0; t < TRK_STG_N; t++) {
        cJSON *e = cJSON_AddObjectToObject(c, names[t]);
        cJSON_AddNumberToObject(e, "inserted", (double)counts[t].inserted);
        cJSON_AddNumberToObject(e, "updated", (double)counts[t].updated);
        cJSON_AddNumberToObject(e, "unchanged", (double)counts[t].unchanged);
    }
    return api_json(x, 200, o);
}

static int h_export(api_ctx *x)
{
    static const char *const q[] = {"case", NULL};
    if (api_allow_query(x, q))
        return 0;
    char ids[32];
    const char *sel = NULL;
    if (api_query(x, "case")) {
        long long id;
        if (api_find(x, "legal_case", "case", api_query(x, "case"), &id) != 0)
            return 0;
        snprintf(ids, sizeof ids, "{%lld}", id);
        sel = ids;
    }
    cJSON *d = trk_export_document(api_db(x), sel);
    if (!d)
        return db_failed(x);
    return api_json(x, 200, d);
}

/* ---- changes ---- */

static int h_changes(api_ctx *x)
{
    static const char *const q[] = {"limit", "cursor", NULL};
    if (api_allow_query(x, q))
        return 0;
    int limit;
    char cur[24], lim[16];
    if (id_page_args(x, &limit, cur, lim))
        return 0;
    /* The audit of hooks, digests and queued deliveries (022; their URLs may hold a receiver's
     * capability, digests hold addresses) is for admins: others see hooks only through /hooks,
     * and only their own. So is that of accounts, tokens and sessions (015): /users and /tokens
     * are for admins, and their audit rows name every login, role and token. */
    const char *p[] = {cur[0] ? cur : NULL, lim, api_role(x) == API_ADMIN ? "true" : "false"};
    trk_res *r = trk_db_query(
        api_db(x),
        "SELECT a.id, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS at,"
        " a.account, a.actor, a.db_role, a.op, a.table_name, a.row_id,"
        " coalesce(a.new_row, a.old_row)->>'title' AS title,"
        " coalesce((SELECT jsonb_agg(jsonb_build_object('field', k, 'old', a.old_row->k, 'new',"
        "   a.new_row->k) ORDER BY k) FROM jsonb_object_keys(coalesce(a.new_row, a.old_row)) k"
        "   WHERE k NOT IN ('id', 'created_at', 'updated_at', 'explanation')"
        "   AND (a.old_row->k) IS DISTINCT FROM (a.new_row->k)), '[]') AS changes"
        " FROM audit a WHERE ($1::bigint IS NULL OR a.id < $1::bigint)"
        " AND ($3::boolean OR a.table_name NOT IN ('hook', 'digest', 'delivery', 'app_account',"
        "  'api_token', 'web_session'))"
        " ORDER BY a.id DESC LIMIT $2::int",
        3, p);
    return answer_page(x, r, limit, id_cols, NULL);
}

/* ---- reports, jurisdictions, rules ---- */

static int h_reports(api_ctx *x)
{
    if (api_allow_query(x, no_query))
        return 0;
    server *s = api_server(x);
    cJSON *o = cJSON_CreateObject();
    cJSON *items = cJSON_AddArrayToObject(o, "items");
    for (int i = 0; i < s->nreports; i++) {
        const trk_report *rep = &s->reports[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", rep->name);
        cJSON_AddStringToObject(e, "description", rep->description ? rep->description : "");
        cJSON *ps = cJSON_AddArrayToObject(e, "parameters");
        for (int j = 0; j < rep->nparams; j++) {
            cJSON *pj = cJSON_CreateObject();
            cJSON_AddStringToObject(pj, "name", rep->params[j].name);
            cJSON_AddStringToObject(pj, "type", rep->params[j].type);
            cJSON_AddBoolToObject(pj, "required", rep->params[j].required);
            if (rep->params[j].dflt)
                cJSON_AddStringToObject(pj, "default", rep->params[j].dflt);
            else
                cJSON_AddNullToObject(pj, "default");
            cJSON_AddStringToObject(pj, "help", rep->params[j].help ? rep->params[j].help : "");
            cJSON_AddItemToArray(ps, pj);
        }
        cJSON_AddItemToArray(items, e);
    }
    cJSON_AddNullToObject(o, "next_cursor");
    return api_json(x, 200, o);
}

static int h_report(api_ctx *x)
{
    server *s = api_server(x);
    const trk_report *rep = NULL;
    for (int i = 0; i < s->nreports && !rep; i++)
        if (strcmp(s->reports[i].name, api_param(x, 0)) == 0)
            rep = &s->reports[i];
    if (!rep)
        return not_found(x, "report", api_param(x, 0));
    const char *names[TRK_REPORT_MAX_PARAMS + 2];
    int n = 0;
    for (int j = 0; j < rep->nparams; j++)
        names[n++] = rep->params[j].name;
    names[n++] = "format";
    names[n] = NULL;
    if (api_allow_query(x, names))
        return 0;
    const char *values[TRK_REPORT_MAX_PARAMS] = {0};
    static _Thread_local char vals[TRK_REPORT_MAX_PARAMS][1024];
    for (int j = 0; j < rep->nparams; j++) {
        const char *v = api_query(x, rep->params[j].name);
        if (!v)
            continue;
        char why[300] = "";
        if (strcmp(rep->params[j].type, "case") == 0) {
            snprintf(vals[j], sizeof vals[j], "%s", v);
        } else if (trk_report_check_value(&rep->params[j], v, vals[j], sizeof vals[j], why,
                                          sizeof why) != 0) {
            api_error_path(x, rep->params[j].name, "%s", *why ? why : "invalid value");
            return api_problem(x, 400, "invalid-query", "Invalid query parameter", "%s",
                               *why ? why : "invalid value");
        }
        values[j] = vals[j];
    }
    const char *fmt = api_query(x, "format");
    const char *accept = api_header(x, "Accept");
    bool csv =
        (fmt && strcmp(fmt, "csv") == 0) || (!fmt && accept && strncmp(accept, "text/csv", 8) == 0);
    if (fmt && strcmp(fmt, "csv") != 0 && strcmp(fmt, "json") != 0) {
        api_error_path(x, "format", "json or csv");
        return api_problem(x, 400, "invalid-query", "Invalid query parameter",
                           "invalid value for format: \"%.20s\" (expected json or csv)", fmt);
    }
    trk_sb b = {0};
    int rc = trk_report_run(api_db(x), rep, values, csv ? "csv" : "json", NULL, &b);
    if (rc != 0 || b.oom) {
        free(b.p);
        if (rc == TRK_REPORT_EBADPARAM || api_has_messages(x))
            return api_problem(x, rc == TRK_REPORT_EBADPARAM ? 400 : 404,
                               rc == TRK_REPORT_EBADPARAM ? "invalid-query" : "not-found",
                               rc == TRK_REPORT_EBADPARAM ? "Invalid query parameter" : "Not found",
                               NULL);
        return db_failed(x);
    }
    return api_raw(x, 200, csv ? "text/csv" : "application/json", b.p ? b.p : strdup(""), b.n);
}

static int simple_list(api_ctx *x, const char *sql)
{
    if (api_allow_query(x, no_query))
        return 0;
    trk_res *r = trk_db_query(api_db(x), sql, 0, NULL);
    if (!r)
        return db_failed(x);
    return api_rows_page(x, r);
}

/* tracker calendar show JUR YEAR --json --all: every non-working and special day. */
static int h_calendar(api_ctx *x)
{
    if (api_allow_query(x, no_query))
        return 0;
    const char *jur = api_param(x, 0), *ys = api_param(x, 1);
    if (strlen(ys) != 4 || strspn(ys, "0123456789") != 4)
        return not_found(x, "calendar year", ys);
    const char *p[] = {jur, ys};
    trk_res *c = trk_db_query(api_db(x),
                              "SELECT count(*) AS n FROM calendar_year WHERE jurisdiction = $1"
                              " AND year = $2::int",
                              2, p);
    if (!c)
        return db_failed(x);
    bool have = trk_res_int(c, 0, "n") > 0;
    trk_res_free(c);
    if (!have)
        return api_problem(x, 404, "not-found", "Not found",
                           "no working-day calendar for %.20s in %s", jur, ys);
    trk_res *r = trk_db_query(api_db(x), trk_sql_calendar_year, 2, p);
    if (!r)
        return db_failed(x);
    cJSON *o = trk_json_calendar_year(r, jur, atoi(ys), true);
    trk_res_free(r);
    return answer_repr(x, 200, o);
}

static int h_jurisdictions(api_ctx *x)
{
    return simple_list(x, "SELECT code, name FROM jurisdiction ORDER BY code");
}

static int h_rules(api_ctx *x)
{
    return simple_list(x, "SELECT r.id, r.code, r.jurisdiction, r.kind, r.title, r.trigger_type,"
                          " r.period_count, r.period_unit, r.roll, r.basis, r.procedure,"
                          " r.after_kind, r.valid_from::text AS valid_from,"
                          " r.valid_to::text AS valid_to, r.retired_at IS NOT NULL AS retired"
                          " FROM rule r ORDER BY r.jurisdiction, r.code, r.id");
}

/* ---- the route table ---- */

#define R API_VIEWER
#define W API_EDITOR

const api_route trk_api_routes[] = {
    {"/openapi.json", API_GET, API_PUBLIC, API_ADMIN, h_openapi, 0},
    {"/me", API_GET, R, W, h_me, 0},
    {"/cases", API_GET | API_POST, R, W, h_cases, 0},
    {"/cases/{id}", API_GET | API_PATCH, R, W, h_case, 0},
    {"/cases/{id}/history", API_GET, R, W, h_case_history, 0},
    {"/cases/{id}/parties", API_GET | API_POST, R, W, h_case_parties, 0},
    {"/cases/{id}/timeline", API_GET, R, W, api_h_case_timeline, 0},
    {"/cases/{id}/calendar.ics", API_GET, R, W, api_h_case_ics, 0},
    {"/cases/{id}/events", API_GET | API_POST, R, W, h_case_events, 0},
    {"/events/{id}", API_GET | API_PATCH | API_DELETE, R, W, h_event, 0},
    {"/events/{id}/history", API_GET, R, W, h_event_history, 0},
    {"/fines", API_GET, R, W, h_fines, 0},
    {"/fines/{id}", API_GET | API_PATCH, R, W, h_fine, 0},
    {"/deadlines", API_GET, R, W, h_deadlines, 0},
    {"/deadlines/{id}", API_GET, R, W, h_deadline, 0},
    {"/deadlines/{id}/history", API_GET, R, W, h_deadline_history, 0},
    {"/deadlines/{id}/override", API_POST | API_DELETE, R, W, api_h_override, 0},
    {"/parties", API_GET | API_POST, R, W, h_parties, 0},
    {"/parties/{id}", API_GET | API_PATCH, R, W, h_party, 0},
    {"/bodies", API_GET | API_POST, R, W, h_bodies, 0},
    {"/bodies/{id}", API_GET | API_PATCH, R, W, h_body, 0},
    {"/sources", API_GET | API_POST, R, W, h_sources, 0},
    {"/sources/{id}", API_GET | API_PATCH, R, W, h_source, 0},
    {"/import", API_POST, R, W, h_import, IMPORT_MAX},
    {"/export", API_GET, R, W, h_export, 0},
    {"/changes", API_GET, R, W, h_changes, 0},
    {"/reports", API_GET, R, W, h_reports, 0},
    {"/reports/{name}", API_GET, R, W, h_report, 0},
    {"/jurisdictions", API_GET, R, W, h_jurisdictions, 0},
    {"/calendars/{jurisdiction}/{year}", API_GET, R, W, h_calendar, 0},
    {"/rules", API_GET, R, W, h_rules, 0},
    {"/users", API_GET | API_POST, API_ADMIN, API_ADMIN, api_h_users, 0},
    {"/users/{login}", API_GET | API_PATCH, API_ADMIN, API_ADMIN, api_h_user, 0},
    {"/tokens", API_GET | API_POST, API_ADMIN, API_ADMIN, api_h_tokens, 0},
    {"/tokens/{id}", API_DELETE, API_ADMIN, API_ADMIN, api_h_token, 0},
    {"/feeds", API_GET | API_POST, API_ADMIN, API_ADMIN, api_h_feeds, 0},
    {"/feeds/{id}", API_DELETE, API_ADMIN, API_ADMIN, api_h_feed, 0},
    {"/hooks", API_GET | API_POST, API_EDITOR, API_EDITOR, api_h_hooks, 0},
    {"/hooks/{id}", API_GET | API_PATCH | API_DELETE, API_EDITOR, API_EDITOR, api_h_hook, 0},
    {"/hooks/{id}/deliveries", API_GET, API_EDITOR, API_EDITOR, api_h_hook_deliveries, 0},
    {"/hooks/{id}/test", API_POST, API_EDITOR, API_EDITOR, api_h_hook_test, 0},
    {"/hooks/{id}/deliveries/{delivery_id}/redeliver", API_POST, API_EDITOR, API_EDITOR,
     api_h_hook_redeliver, 0},
};
const int trk_api_nroutes = (int)(sizeof trk_api_routes / sizeof trk_api_routes[0]);
