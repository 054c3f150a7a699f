/*
 * api.h: the JSON API under /api/v1 (tracker serve --app), inside the HTTP layer.
 *
 *   api.c        requests: bodies (size, Content-Type), the worker threads (each with a writer
 *                connection: the connection of a request is suspended while a worker answers
 *                it), authentication, roles and scopes, rate limits, CORS, problem answers,
 *                Idempotency-Key, the access log
 *   api_json.c   strict JSON bodies (UTF-8, NUL, depth), JSON Merge Patch, problem documents
 *   api_res.c    the API's route table and its resources
 *   openapi.json is compiled in (docs/openapi.json, served at /api/v1/openapi.json)
 *
 * A new API route is one row of api_routes[] (api_res.c), its handler, and its entry in
 * docs/openapi.json (tests/api checks that both list the same routes).
 */
#ifndef TRK_HTTP_API_H
#define TRK_HTTP_API_H

#include "db.h"

#include <cjson/cJSON.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>

struct server;
struct trk_http_config;
typedef struct trk_api trk_api;

#define API_PREFIX "/api/v1"

/* Start the API's workers (each opens the writer connection). NULL after reporting. */
trk_api *trk_api_start(struct server *s, const struct trk_http_config *cfg);
/* Stop the workers; requests still queued are answered 503. */
void trk_api_stop(trk_api *a);
void trk_api_free(trk_api *a);
/* The path is the API's. */
bool trk_api_owns(const char *url);
/* libmicrohttpd's access handler for an API path (framing already checked by server.c). */
enum MHD_Result trk_api_handle(trk_api *a, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload_data,
                               size_t *upload_size, void **con_cls);
/* A request's con_cls made by the API (request_completed frees it). */
bool trk_api_is_request(void *con_cls);
void trk_api_request_free(void *con_cls);

/* ---- what handlers see (api_res.c) ---- */

enum { API_GET = 1, API_POST = 2, API_PATCH = 4, API_DELETE = 8, API_PUT = 16 };
enum { API_PUBLIC = 0, API_VIEWER = 1, API_EDITOR = 2, API_ADMIN = 3 };

typedef struct api_ctx api_ctx;
typedef int (*api_handler)(api_ctx *x);

typedef struct api_route {
    const char *pattern; /* "/cases/{id}/events": {x} is one path segment */
    unsigned methods;    /* API_* */
    int read_role;       /* for GET: API_PUBLIC, API_VIEWER or API_ADMIN */
    int write_role;      /* for other methods: API_EDITOR or API_ADMIN */
    api_handler handler;
    size_t max_body; /* 0: the default (1 MiB) */
} api_route;

extern const api_route trk_api_routes[];
extern const int trk_api_nroutes;

/* "GET, HEAD, PATCH, OPTIONS" for a route (Allow of a 405). */
void trk_api_allow_for(const api_route *rt, char *buf, size_t size);
/* Reset the writer's connection when it broke. 0 when usable. */
int trk_http_db_ensure_rw(trk_db *db);

/* The request, for handlers. */
int api_method(const api_ctx *x);
const char *api_param(const api_ctx *x, int i);             /* i-th {x} of the pattern */
const char *api_query(const api_ctx *x, const char *name);  /* NULL when absent */
const char *api_header(const api_ctx *x, const char *name); /* If-Match, Accept, ... */
const char *api_body(const api_ctx *x, size_t *len);
const char *api_path(const api_ctx *x);
trk_db *api_db(const api_ctx *x);
long long api_account_id(const api_ctx *x);
const char *api_login(const api_ctx *x);
int api_role(const api_ctx *x);
bool api_can_write(const api_ctx *x);
struct server *api_server(const api_ctx *x);
/* Query parameters other than these are refused (400 naming it): NULL-terminated list. 0 or -1
 * (answered). */
int api_allow_query(api_ctx *x, const char *const *names);

/* Answers (each returns 0, so that handlers can `return api_json(...)`). */
int api_json(api_ctx *x, int status, cJSON *doc);                              /* takes doc */
int api_raw(api_ctx *x, int status, const char *type, char *body, size_t len); /* takes body */
int api_set_etag(api_ctx *x, const char *etag);
int api_set_location(api_ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A problem (RFC 9457). name: the stable type (e.g. "invalid-body"); detail may be NULL: then
 * the messages the request reported (trk_error) are the detail and errors[] (those starting
 * with a JSON path), as the CLI would have printed them. */
int api_problem(api_ctx *x, int status, const char *name, const char *title, const char *detail,
                ...) __attribute__((format(printf, 5, 6)));
/* One entry of errors[] for the next api_problem. */
void api_error_path(api_ctx *x, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Messages reported so far in this request (trk_error etc.): forget them. */
void api_clear_messages(api_ctx *x);
/* Rewrite JSON paths of the messages reported so far: a path starting with `from` starts with
 * `to` instead ("$.cases[0].events[0]" -> "$"). */
void api_rewrite_paths(api_ctx *x, const char *from, const char *to);
bool api_has_messages(const api_ctx *x);

/* ---- api_auth.c: store/accounts.h for the API ---- */

typedef struct api_who {
    long long account_id;
    char login[65];
    int role; /* API_VIEWER, API_EDITOR, API_ADMIN */
    bool can_write;
} api_who;

/* 0 authenticated, 1 not (401, whatever the reason), -1 database error (reported). */
int api_auth_bearer(trk_db *db, const char *token, api_who *out);
int api_auth_cookie(trk_db *db, const char *session, api_who *out, char csrf[44]);
/* The account the audit trail names (NULL clears). 0 or -1. */
int api_set_account(trk_db *db, const api_who *w);

/* conditional.c: the ETag is in the If-Match / If-None-Match list. */
bool trk_http_etag_matches(const char *list, const char *etag);

/* ---- api_admin.c ---- */

int api_h_override(api_ctx *x);     /* POST|DELETE /deadlines/{id}/override */
int api_h_event_delete(api_ctx *x); /* DELETE /events/{id} (If-Match checked by the caller) */
int api_h_users(api_ctx *x);        /* GET|POST /users */
int api_h_user(api_ctx *x);         /* GET|PATCH /users/{login} */
int api_h_tokens(api_ctx *x);       /* GET|POST /tokens */
int api_h_token(api_ctx *x);        /* DELETE /tokens/{id} */

/* ---- api_feeds.c ---- */

int api_h_case_timeline(api_ctx *x); /* GET /cases/{id}/timeline (?format=html) */
int api_h_case_ics(api_ctx *x);      /* GET /cases/{id}/calendar.ics */
int api_h_feeds(api_ctx *x);         /* GET|POST /feeds (admin) */
int api_h_feed(api_ctx *x);          /* DELETE /feeds/{id} (admin) */

/* ---- api_hooks.c ---- */

int api_h_hooks(api_ctx *x);           /* GET|POST /hooks (editor: own hooks; admin: all) */
int api_h_hook(api_ctx *x);            /* GET|PATCH|DELETE /hooks/{id} */
int api_h_hook_deliveries(api_ctx *x); /* GET /hooks/{id}/deliveries */
int api_h_hook_test(api_ctx *x);       /* POST /hooks/{id}/test (202: queued) */
int api_h_hook_redeliver(api_ctx *x);  /* POST /hooks/{id}/deliveries/{delivery_id}/redeliver */

/* ---- api_json.c ---- */

#define API_MAX_DEPTH 20
/* The body as a JSON value: checks UTF-8, NUL bytes, depth and duplicate keys first. NULL
 * after answering 400. */
cJSON *api_parse_body(api_ctx *x);
/* api_parse_body, and the value must be an object with only these keys (NULL-terminated): 400
 * naming every other key. NULL after answering. */
cJSON *api_body_object(api_ctx *x, const char *const *keys);
/* Answer {"items": rows, "next_cursor": null}, a list that is one page (takes rows). */
int api_one_page(api_ctx *x, cJSON *rows);
/* The same with the rows of r as the items (takes r; NULL: 500, the query failed). */
int api_rows_page(api_ctx *x, trk_res *r);
/* Apply a JSON Merge Patch (RFC 7396) to target in place (patch is not consumed). Returns the
 * (possibly new) target. */
cJSON *api_merge_patch(cJSON *target, const cJSON *patch);
/* The strong ETag of a JSON value: "\"" + 32 hex digits of SHA-256 of its unformatted text. */
void api_etag_of(const cJSON *v, char out[40]);
/* The body is JSON of one of these media types (application/json, +json); 415 otherwise. */
bool api_media_is_json(const char *ctype);
/* Strictly check `s` as UTF-8 without NUL; false and the byte offset of the first bad byte. */
bool api_utf8_ok(const char *s, size_t n, size_t *bad);
/* Resolve {id}: an all-digit id, an external id, or a derived "local:KIND:N:..." id of table.
 * 0 and *id; 1 when there is none (answer 404); -1 database error (answered). */
int api_resolve(api_ctx *x, const char *table, const char *kind, const char *ref, long long *id);
/* api_resolve, answering 404 (KIND "REF" does not exist) when there is none: 0 and *id, else
 * nonzero (answered). */
int api_find(api_ctx *x, const char *table, const char *kind, const char *ref, long long *id);

#endif
