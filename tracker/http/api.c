/*
 * api.c: the request path of /api/v1 (see api.h).
 *
 * A request: its headers and query are copied on the first call; its body is read up to the
 * route's limit (413 beyond, at once when Content-Length says so); then the connection is
 * suspended and the request queued for a worker thread, which holds its own connection to the
 * primary as the writer role. The worker matches the route (404, 405 with Allow), checks the
 * rate of the client address, authenticates (Bearer token or the web session cookie, with its
 * CSRF header for writes; 401 the same whatever was wrong), checks role and scope (403) and the
 * rate of the account, sets the audit account, runs the handler and resumes the connection,
 * which then sends what the handler answered. Failed authentications count against the
 * address's failure bucket: when it is empty the answer is 429 before the token is looked at.
 *
 * Messages the handler's code reports (trk_error, trk_detail, trk_hint: the CLI's words) are
 * collected per request (core/msg.h's sink) and become the problem's detail and errors[].
 * Tokens, passwords and cookies are never logged: the access log shows the path only.
 */
#include "api.h"

#include "internal.h"
#include "msg.h"
#include "open.h"
#include "ratelimit.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#define API_DEFAULT_BODY (1024u * 1024u)
#define API_QUEUE_MAX 2048
#define API_MAX_QUERY 32
#define API_MAX_MSGS 64
#define API_MARK 0x41504952 /* "APIR" */

typedef struct api_req {
    trk_request_state state; /* TRK_REQ_API: tells request_completed whose it is */
    unsigned mark;
    int phase; /* 0 reading, 1 queued, 2 answered by the worker */
    struct timespec t0;
    struct MHD_Connection *conn;
    struct api_req *next;
    char method[16];
    char *url;
    char addr[INET6_ADDRSTRLEN];
    /* headers */
    char *h_auth, *h_ctype, *h_if_match, *h_if_none_match, *h_idem, *h_accept, *h_origin, *h_csrf,
        *h_cookie;
    bool cl_too_large;
    /* query */
    int nq;
    bool q_bad;
    char *qk[API_MAX_QUERY], *qv[API_MAX_QUERY];
    /* body */
    char *body;
    size_t len, cap, limit;
    bool too_large;
    /* the answer */
    int status;
    char *resp;
    size_t resp_len;
    const char *resp_type;
    char etag[48];
    char location[512];
    char allow[80];
    int retry_after;
    bool preflight;
    bool cors_ok;
} api_req;

struct trk_api {
    server *s;
    const trk_http_config *cfg;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    api_req *head, *tail;
    int queued;
    bool stop;
    int nworkers;
    pthread_t *threads;
    trk_db **dbs;
    bool *started;
    trk_ratelimit *per_addr, *per_account, *auth_fail;
};

typedef struct api_msg {
    char kind;
    char *text;
} api_msg;

struct api_ctx {
    trk_api *a;
    api_req *rq;
    trk_db *db;
    const api_route *rt;
    int method;
    char params[3][512];
    int nparams;
    api_who p;
    bool authed;
    api_msg msgs[API_MAX_MSGS];
    int nmsgs;
    cJSON *errors; /* explicit errors[] entries */
    bool answered;
};

/* ---- small helpers ---- */

static char *dupz(const char *s)
{
    return s ? strdup(s) : NULL;
}

bool trk_api_owns(const char *url)
{
    size_t n = strlen(API_PREFIX);
    return strncmp(url, API_PREFIX, n) == 0 && (url[n] == '\0' || url[n] == '/');
}

bool trk_api_is_request(void *p)
{
    return p && ((api_req *)p)->state == TRK_REQ_API && ((api_req *)p)->mark == API_MARK;
}

void trk_api_request_free(void *p)
{
    api_req *rq = p;
    if (!rq)
        return;
    free(rq->url);
    char *hs[] = {rq->h_auth,   rq->h_ctype,  rq->h_if_match, rq->h_if_none_match, rq->h_idem,
                  rq->h_accept, rq->h_origin, rq->h_csrf,     rq->h_cookie};
    for (size_t i = 0; i < sizeof hs / sizeof hs[0]; i++) {
        if (hs[i] && hs[i] == rq->h_auth)
            trk_wipe(hs[i], strlen(hs[i]));
        free(hs[i]);
    }
    for (int i = 0; i < rq->nq; i++) {
        free(rq->qk[i]);
        free(rq->qv[i]);
    }
    free(rq->body);
    free(rq->resp);
    free(rq);
}

/* ---- handler-facing accessors ---- */

int api_method(const api_ctx *x)
{
    return x->method;
}
const char *api_param(const api_ctx *x, int i)
{
    return i < x->nparams ? x->params[i] : NULL;
}
trk_db *api_db(const api_ctx *x)
{
    return x->db;
}
long long api_account_id(const api_ctx *x)
{
    return x->authed ? x->p.account_id : 0;
}
const char *api_login(const api_ctx *x)
{
    return x->authed ? x->p.login : NULL;
}
int api_role(const api_ctx *x)
{
    return x->authed ? (int)x->p.role : 0;
}
bool api_can_write(const api_ctx *x)
{
    return x->authed && x->p.can_write;
}
struct server *api_server(const api_ctx *x)
{
    return x->a->s;
}
const char *api_path(const api_ctx *x)
{
    return x->rq->url;
}

const char *api_query(const api_ctx *x, const char *name)
{
    for (int i = 0; i < x->rq->nq; i++)
        if (strcmp(x->rq->qk[i], name) == 0)
            return x->rq->qv[i] ? x->rq->qv[i] : "";
    return NULL;
}

const char *api_header(const api_ctx *x, const char *name)
{
    const api_req *rq = x->rq;
    if (strcasecmp(name, "If-Match") == 0)
        return rq->h_if_match;
    if (strcasecmp(name, "If-None-Match") == 0)
        return rq->h_if_none_match;
    if (strcasecmp(name, "Accept") == 0)
        return rq->h_accept;
    if (strcasecmp(name, "Content-Type") == 0)
        return rq->h_ctype;
    if (strcasecmp(name, "Idempotency-Key") == 0)
        return rq->h_idem;
    return NULL;
}

const char *api_body(const api_ctx *x, size_t *len)
{
    *len = x->rq->len;
    return x->rq->body ? x->rq->body : "";
}

int api_allow_query(api_ctx *x, const char *const *names)
{
    for (int i = 0; i < x->rq->nq; i++) {
        bool ok = false;
        for (const char *const *n = names; n && *n && !ok; n++)
            ok = strcmp(*n, x->rq->qk[i]) == 0;
        for (int j = 0; j < i && ok; j++)
            if (strcmp(x->rq->qk[j], x->rq->qk[i]) == 0) {
                api_error_path(x, x->rq->qk[i], "given more than once");
                api_problem(x, 400, "invalid-query", "Invalid query parameter",
                            "query parameter %.64s given more than once", x->rq->qk[i]);
                return -1;
            }
        if (!ok) {
            api_error_path(x, x->rq->qk[i], "unknown query parameter");
            api_problem(x, 400, "invalid-query", "Invalid query parameter",
                        "unknown query parameter \"%.64s\"", x->rq->qk[i]);
            return -1;
        }
    }
    return 0;
}

/* ---- answers ---- */

static void set_resp(api_ctx *x, int status, const char *type, char *body, size_t len)
{
    free(x->rq->resp);
    x->rq->status = status;
    x->rq->resp_type = type;
    x->rq->resp = body;
    x->rq->resp_len = len;
    x->answered = true;
}

int api_raw(api_ctx *x, int status, const char *type, char *body, size_t len)
{
    set_resp(x, status, type, body, len);
    return 0;
}

int api_json(api_ctx *x, int status, cJSON *doc)
{
    char *s = doc ? cJSON_PrintUnformatted(doc) : NULL;
    cJSON_Delete(doc);
    if (!s && status != 204)
        return api_problem(x, 500, "internal", "Internal error", "out of memory");
    if (status == 204) {
        free(s);
        set_resp(x, 204, NULL, NULL, 0);
        return 0;
    }
    size_t n = strlen(s);
    /* A final newline: curl output ends its line. */
    char *t = realloc(s, n + 2);
    if (t) {
        s = t;
        s[n++] = '\n';
        s[n] = '\0';
    }
    set_resp(x, status, "application/json", s, n);
    return 0;
}

int api_set_etag(api_ctx *x, const char *etag)
{
    snprintf(x->rq->etag, sizeof x->rq->etag, "%s", etag);
    return 0;
}

int api_set_location(api_ctx *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->rq->location, sizeof x->rq->location, fmt, ap);
    va_end(ap);
    return 0;
}

void api_error_path(api_ctx *x, const char *path, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!x->errors)
        x->errors = cJSON_CreateArray();
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "path", path);
    cJSON_AddStringToObject(e, "message", msg);
    cJSON_AddItemToArray(x->errors, e);
}

static void sink(void *ctx, char kind, const char *text)
{
    api_ctx *x = ctx;
    if (x->nmsgs >= API_MAX_MSGS)
        return;
    x->msgs[x->nmsgs].kind = kind;
    x->msgs[x->nmsgs].text = strdup(text);
    if (x->msgs[x->nmsgs].text)
        x->nmsgs++;
}

void api_clear_messages(api_ctx *x)
{
    for (int i = 0; i < x->nmsgs; i++)
        free(x->msgs[i].text);
    x->nmsgs = 0;
}

bool api_has_messages(const api_ctx *x)
{
    for (int i = 0; i < x->nmsgs; i++)
        if (x->msgs[i].kind == 'E')
            return true;
    return false;
}

/* Where the JSON path of an importer message starts ("$.x: msg", "request:3: $.x: msg"). */
static char *path_start(char *t)
{
    if (t[0] == '$')
        return t;
    char *p = strstr(t, ": $");
    if (p && strncmp(t, "request:", 8) == 0)
        return p + 2;
    return NULL;
}

void api_rewrite_paths(api_ctx *x, const char *from, const char *to)
{
    size_t nf = strlen(from), nt = strlen(to);
    for (int i = 0; i < x->nmsgs; i++) {
        char *t = x->msgs[i].text;
        char *p = path_start(t);
        if (!p || strncmp(p, from, nf) != 0)
            continue;
        /* "$.cases[0].events[0].date" with from "$.cases[0].events[0]" -> "$.date"; a path equal
         * to from becomes to. */
        size_t pre = (size_t)(p - t), rest = strlen(p + nf);
        char *n = malloc(pre + nt + rest + 1);
        if (!n)
            continue;
        memcpy(n, t, pre);
        memcpy(n + pre, to, nt);
        memcpy(n + pre + nt, p + nf, rest + 1);
        free(t);
        x->msgs[i].text = n;
    }
}

int api_problem(api_ctx *x, int status, const char *name, const char *title, const char *detail,
                ...)
{
    cJSON *o = cJSON_CreateObject();
    char type[160];
    snprintf(type, sizeof type, "https://tracker.example/problems/%s", name);
    cJSON_AddStringToObject(o, "type", type);
    cJSON_AddStringToObject(o, "title", title);
    cJSON_AddNumberToObject(o, "status", status);
    char buf[2048] = "";
    if (detail) {
        va_list ap;
        va_start(ap, detail);
        vsnprintf(buf, sizeof buf, detail, ap);
        va_end(ap);
    }
    cJSON *errors = x->errors ? x->errors : cJSON_CreateArray();
    x->errors = NULL;
    cJSON *hints = NULL;
    size_t n = strlen(buf);
    for (int i = 0; i < x->nmsgs; i++) {
        char *t = x->msgs[i].text;
        if (x->msgs[i].kind == 'H') {
            if (!hints)
                hints = cJSON_CreateArray();
            cJSON_AddItemToArray(hints, cJSON_CreateString(t));
            continue;
        }
        if (x->msgs[i].kind == 'W')
            continue;
        char *p = x->msgs[i].kind == 'E' ? path_start(t) : NULL;
        char *colon = p ? strstr(p, ": ") : NULL;
        if (p && colon) {
            cJSON *e = cJSON_CreateObject();
            char path[600];
            snprintf(path, sizeof path, "%.*s", (int)(colon - p < 500 ? colon - p : 500), p);
            /* "$: unknown key \"colour\"": the path names the field itself */
            const char *uk = strstr(colon, "unknown key \"");
            if (uk == colon + 2) {
                const char *k = uk + 13, *q = strchr(k, '"');
                size_t pn = strlen(path);
                if (q && pn < sizeof path - 2)
                    snprintf(path + pn, sizeof path - pn, ".%.*s", (int)(q - k), k);
            }
            cJSON_AddStringToObject(e, "path", path);
            cJSON_AddStringToObject(e, "message", colon + 2);
            cJSON_AddItemToArray(errors, e);
        }
        /* The detail: what was given, else the messages as the CLI prints them. */
        if (!detail && n < sizeof buf - 2)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? "\n" : "", t);
    }
    if (status >= 500) {
        /* The server's log gets what went wrong; the client only that it did. */
        trk_http_log("api: %s %.200s: %d: %.900s", x->rq->method, x->rq->url, status,
                     *buf ? buf : title);
        snprintf(buf, sizeof buf, "the server could not answer this request (see its log)");
        cJSON_Delete(hints);
        hints = NULL;
    }
    if (!*buf)
        snprintf(buf, sizeof buf, "%s", title);
    cJSON_AddStringToObject(o, "detail", buf);
    cJSON_AddItemToObject(o, "errors", errors);
    if (hints)
        cJSON_AddItemToObject(o, "hints", hints);
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    size_t len = s ? strlen(s) : 0;
    if (s) {
        char *t = realloc(s, len + 2);
        if (t) {
            s = t;
            s[len++] = '\n';
            s[len] = '\0';
        }
    }
    set_resp(x, status, "application/problem+json", s, len);
    if (status == 405)
        trk_api_allow_for(x->rt, x->rq->allow, sizeof x->rq->allow);
    return 0;
}

/* ---- routes ---- */

static bool seg_match(const char *pat, const char *path, char params[][512], int *np)
{
    *np = 0;
    const char *p = path;
    while (*pat) {
        if (*pat == '{') {
            const char *close = strchr(pat, '}');
            if (!close)
                return false;
            size_t n = strcspn(p, "/");
            if (n == 0 || n >= 512 || *np >= 3)
                return false;
            memcpy(params[*np], p, n);
            params[*np][n] = '\0';
            (*np)++;
            p += n;
            pat = close + 1;
        } else {
            if (*pat != *p)
                return false;
            pat++;
            p++;
        }
    }
    return *p == '\0';
}

void trk_api_allow_for(const api_route *rt, char *buf, size_t size)
{
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {{API_GET, "GET, HEAD"},
                 {API_POST, "POST"},
                 {API_PUT, "PUT"},
                 {API_PATCH, "PATCH"},
                 {API_DELETE, "DELETE"}};
    size_t n = 0;
    buf[0] = '\0';
    unsigned m = rt ? rt->methods : 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (m & names[i].bit)
            n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? ", " : "",
                                  names[i].name);
    if (n < size)
        snprintf(buf + n, size - n, "%sOPTIONS", n ? ", " : "");
}

static int method_bit(const char *m)
{
    if (strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0)
        return API_GET;
    if (strcmp(m, "POST") == 0)
        return API_POST;
    if (strcmp(m, "PATCH") == 0)
        return API_PATCH;
    if (strcmp(m, "DELETE") == 0)
        return API_DELETE;
    if (strcmp(m, "PUT") == 0)
        return API_PUT;
    return 0;
}

/* ---- authentication ---- */

static const char *cookie_value(const char *cookies, const char *name, char *out, size_t size)
{
    size_t n = strlen(name);
    for (const char *p = cookies; p && *p;) {
        while (*p == ' ' || *p == ';')
            p++;
        if (strncmp(p, name, n) == 0 && p[n] == '=') {
            const char *v = p + n + 1;
            size_t k = strcspn(v, ";");
            if (k >= size)
                return NULL;
            memcpy(out, v, k);
            out[k] = '\0';
            return out;
        }
        p = strchr(p, ';');
    }
    return NULL;
}

/* 0 authenticated; 1 no or bad credentials (401); 2 CSRF (403); -1 database. */
static int authenticate(api_ctx *x)
{
    api_req *rq = x->rq;
    if (rq->h_auth) {
        if (strncasecmp(rq->h_auth, "Bearer ", 7) != 0)
            return 1;
        const char *tok = rq->h_auth + 7;
        while (*tok == ' ')
            tok++;
        int r = api_auth_bearer(x->db, tok, &x->p);
        return r == 0 ? 0 : r == 1 ? 1 : -1;
    }
    char session[128];
    if (rq->h_cookie && cookie_value(rq->h_cookie, "tracker_session", session, sizeof session)) {
        char csrf[44] = "";
        int r = api_auth_cookie(x->db, session, &x->p, csrf);
        trk_wipe(session, sizeof session);
        if (r != 0)
            return r == 1 ? 1 : -1;
        if (x->method != API_GET &&
            (!rq->h_csrf || strlen(rq->h_csrf) != 43 || !trk_ct_equal(rq->h_csrf, csrf, 43)))
            return 2;
        return 0;
    }
    return 1;
}

/* ---- Idempotency-Key ---- */

/* A stored answer for (account, key): 1 replayed, 0 none, -1 answered (error or mismatch). */
static int idem_replay(api_ctx *x, const char *bodyhash)
{
    char aid[24];
    const char *p[] = {trk_idstr(x->p.account_id, aid), x->rq->h_idem};
    trk_res *r = trk_db_query(x->db,
                              "SELECT method, path, body_sha256, status, location, body"
                              " FROM api_idempotency WHERE account_id = $1::bigint AND key = $2"
                              " AND created_at > now() - interval '1 day'",
                              2, p);
    if (!r)
        return api_problem(x, 500, "internal", "Internal error", NULL), -1;
    int rc = 0;
    if (trk_res_rows(r) == 1) {
        if (strcmp(trk_res_val(r, 0, "path"), x->rq->url) != 0 ||
            strcmp(trk_res_val(r, 0, "body_sha256"), bodyhash) != 0) {
            api_problem(x, 409, "idempotency-key-reused", "Idempotency-Key reused",
                        "Idempotency-Key \"%.200s\" was used with another request", x->rq->h_idem);
            rc = -1;
        } else {
            const char *b = trk_res_val(r, 0, "body");
            char *copy = strdup(b ? b : "");
            set_resp(x, (int)trk_res_int(r, 0, "status"),
                     b && b[0] == '{' && strstr(b, "\"type\":\"https://tracker.example/problems/")
                         ? "application/problem+json"
                         : "application/json",
                     copy, copy ? strlen(copy) : 0);
            if (trk_res_val(r, 0, "location"))
                api_set_location(x, "%s", trk_res_val(r, 0, "location"));
            rc = 1;
        }
    }
    trk_res_free(r);
    return rc;
}

static void idem_store(api_ctx *x, const char *bodyhash)
{
    if (x->rq->status >= 500)
        return;
    char aid[24], st[16];
    snprintf(st, sizeof st, "%d", x->rq->status);
    const char *p[] = {trk_idstr(x->p.account_id, aid),
                       x->rq->h_idem,
                       x->rq->method,
                       x->rq->url,
                       bodyhash,
                       st,
                       x->rq->location[0] ? x->rq->location : NULL,
                       x->rq->resp ? x->rq->resp : ""};
    trk_db_exec(x->db,
                "INSERT INTO api_idempotency (account_id, key, method, path, body_sha256, status,"
                " location, body) VALUES ($1::bigint, $2, $3, $4, $5, $6::int, $7, $8)"
                " ON CONFLICT (account_id, key) DO NOTHING",
                8, p);
    trk_db_exec(x->db, "DELETE FROM api_idempotency WHERE created_at < now() - interval '1 day'", 0,
                NULL);
}

/* ---- processing (worker thread) ---- */

static void process(trk_api *a, trk_db *db, api_req *rq)
{
    api_ctx *x = calloc(1, sizeof *x);
    if (!x) {
        rq->status = 503;
        return;
    }
    x->a = a;
    x->rq = rq;
    x->db = db;
    trk_msg_capture(sink, x);
    const char *path = rq->url + strlen(API_PREFIX);
    if (!*path)
        path = "/";
    x->method = method_bit(rq->method);

    for (int i = 0; i < trk_api_nroutes && !x->rt; i++)
        if (seg_match(trk_api_routes[i].pattern, path, x->params, &x->nparams))
            x->rt = &trk_api_routes[i];
    int wait;
    bool locked = false;
    char bodyhash[TRK_SHA256_HEXLEN] = "";
    if ((wait = trk_ratelimit_take(a->per_addr, rq->addr, 1)) > 0) {
        rq->retry_after = wait;
        api_problem(x, 429, "rate-limited", "Too many requests",
                    "too many requests from this address; try again in %d s", wait);
        goto done;
    }
    if (!x->rt) {
        api_problem(x, 404, "not-found", "Not found", "no such resource: %.200s", rq->url);
        goto done;
    }
    if (rq->preflight) {
        set_resp(x, 204, NULL, NULL, 0);
        goto done;
    }
    if (!x->method || !(x->rt->methods & (unsigned)x->method)) {
        api_problem(x, 405, "method-not-allowed", "Method not allowed",
                    "%.16s is not allowed on %.200s", rq->method, rq->url);
        goto done;
    }
    if (rq->q_bad) {
        api_problem(x, 400, "invalid-query", "Invalid query", "too many query parameters");
        goto done;
    }
    if (rq->too_large) {
        api_problem(x, 413, "body-too-large", "Body too large",
                    "the request body is larger than %zu bytes", rq->limit);
        goto done;
    }
    bool write = x->method != API_GET;
    int need = write ? x->rt->write_role : x->rt->read_role;
    if (need != API_PUBLIC) {
        if (trk_http_db_ensure_rw(db) != 0) {
            rq->retry_after = 5;
            api_problem(x, 503, "unavailable", "Database unavailable",
                        "the database is unavailable; try again in a moment");
            goto done;
        }
        if ((wait = trk_ratelimit_check(a->auth_fail, rq->addr, 1)) > 0) {
            rq->retry_after = wait;
            api_problem(x, 429, "rate-limited", "Too many requests",
                        "too many failed authentications from this address; try again in %d s",
                        wait);
            goto done;
        }
        int au = authenticate(x);
        if (au < 0) {
            api_problem(x, 500, "internal", "Internal error", NULL);
            goto done;
        }
        api_clear_messages(x);
        if (au == 1) {
            trk_ratelimit_take(a->auth_fail, rq->addr, 1);
            api_problem(x, 401, "unauthorized", "Unauthorized",
                        "no valid credentials: send Authorization: Bearer TOKEN");
            goto done;
        }
        x->authed = true;
        if (au == 2) {
            api_problem(x, 403, "csrf", "Forbidden",
                        "a session's writes need the X-CSRF-Token header of the session");
            goto done;
        }
        if (x->p.role < need) {
            api_problem(x, 403, "forbidden-role", "Forbidden",
                        "this needs the role %s; account %s is %s",
                        need == API_ADMIN    ? "admin"
                        : need == API_EDITOR ? "editor"
                                             : "viewer",
                        x->p.login,
                        x->p.role == API_ADMIN    ? "admin"
                        : x->p.role == API_EDITOR ? "editor"
                                                  : "viewer");
            goto done;
        }
        if (write && !x->p.can_write) {
            api_problem(x, 403, "forbidden-scope", "Forbidden",
                        "this token has the scope read; writes need a token with scope write");
            goto done;
        }
        char ak[32];
        snprintf(ak, sizeof ak, "account:%lld", x->p.account_id);
        if ((wait = trk_ratelimit_take(a->per_account, ak, 1)) > 0) {
            rq->retry_after = wait;
            api_problem(x, 429, "rate-limited", "Too many requests",
                        "too many requests for this account; try again in %d s", wait);
            goto done;
        }
        /* The audit trail: the account (015's columns), the account as the actor, and what
         * was asked as the cause (never the server's command line, whose --write-db may hold
         * a password). */
        char cause[600];
        snprintf(cause, sizeof cause, "api %s %.500s", rq->method, rq->url);
        const char *ap[] = {x->p.login, cause};
        if (api_set_account(db, &x->p) != 0 ||
            trk_db_exec(db,
                        "SELECT set_config('tracker.actor', $1, false),"
                        " set_config('tracker.cause', $2, false)",
                        2, ap) != 0) {
            api_problem(x, 500, "internal", "Internal error", NULL);
            goto done;
        }
        if (x->method == API_POST && rq->h_idem) {
            size_t kl = strlen(rq->h_idem);
            if (kl == 0 || kl > 200) {
                api_error_path(x, "Idempotency-Key", "1 to 200 characters");
                api_problem(x, 400, "invalid-header", "Invalid header",
                            "Idempotency-Key must have 1 to 200 characters");
                goto done;
            }
            trk_sha256_hex(rq->body ? rq->body : "", rq->len, bodyhash);
            /* One request per key at a time: a retry sent while the first still runs waits for
             * it, then replays its answer. */
            char aid[24];
            const char *lp[] = {trk_idstr(x->p.account_id, aid), rq->h_idem};
            if (trk_db_exec(db, "SELECT pg_advisory_lock(7171016, hashtext($1 || ':' || $2))", 2,
                            lp) != 0) {
                api_problem(x, 500, "internal", "Internal error", NULL);
                goto done;
            }
            locked = true;
            if (idem_replay(x, bodyhash) != 0)
                goto done;
        }
    }
    x->rt->handler(x);
    if (!x->answered)
        api_problem(x, 500, "internal", "Internal error", NULL);
    if (locked && rq->status < 500)
        idem_store(x, bodyhash);
done:
    if (locked) {
        char aid[24];
        const char *lp[] = {trk_idstr(x->p.account_id, aid), rq->h_idem};
        trk_db_try_exec(db, "SELECT pg_advisory_unlock(7171016, hashtext($1 || ':' || $2))", 2, lp);
    }
    trk_db_rollback(db);
    if (x->authed)
        api_set_account(db, NULL);
    trk_msg_capture(NULL, NULL);
    api_clear_messages(x);
    cJSON_Delete(x->errors);
    free(x);
}

/* ---- workers ---- */

typedef struct worker_arg {
    trk_api *a;
    int i;
} worker_arg;

static void *worker(void *arg)
{
    worker_arg *wa = arg;
    trk_api *a = wa->a;
    trk_db *db = a->dbs[wa->i];
    free(wa);
    pthread_mutex_lock(&a->lock);
    for (;;) {
        while (!a->stop && !a->head)
            pthread_cond_wait(&a->cond, &a->lock);
        if (a->stop)
            break;
        api_req *rq = a->head;
        a->head = rq->next;
        if (!a->head)
            a->tail = NULL;
        a->queued--;
        pthread_mutex_unlock(&a->lock);
        process(a, db, rq);
        rq->phase = 2;
        MHD_resume_connection(rq->conn);
        pthread_mutex_lock(&a->lock);
    }
    pthread_mutex_unlock(&a->lock);
    return NULL;
}

/* The writer's session after (re)connecting: nothing read-only about it. */
int trk_http_db_ensure_rw(trk_db *db)
{
    if (trk_db_ok(db))
        return 0;
    return trk_db_reset(db);
}

static int refuse_privileged_writer(trk_db *db, const trk_http_config *cfg)
{
    trk_res *r =
        trk_db_query(db,
                     "SELECT session_user::text AS who, r.rolsuper, r.rolcreaterole,"
                     " pg_has_role(session_user, 'tracker_writer', 'USAGE') AS writer,"
                     " EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = to_regclass('legal_case')"
                     "  AND pg_has_role(session_user, c.relowner, 'MEMBER')) AS owner"
                     " FROM pg_roles r WHERE r.rolname = session_user",
                     0, NULL);
    if (!r)
        return -1;
    int rc = 0;
    const char *who = trk_res_val(r, 0, "who");
    bool super = trk_res_bool(r, 0, "rolsuper"), cr = trk_res_bool(r, 0, "rolcreaterole");
    bool owner = trk_res_bool(r, 0, "owner");
    if (super || cr || owner) {
        if (cfg->allow_superuser) {
            trk_http_log("api: warning: writing as %s (--allow-superuser)",
                         super ? "superuser"
                         : cr  ? "a role with CREATEROLE"
                               : "the schema's owner");
        } else {
            trk_error("refusing to write through the API as the role \"%s\", which %s", who,
                      super ? "is a superuser"
                      : cr  ? "has CREATEROLE"
                            : "owns the schema's tables");
            trk_detail("the API writes data, never the schema; it should not hold more rights");
            trk_hint("give --write-db a login role that is a member of tracker_writer and "
                     "nothing more (README: your own PostgreSQL), or pass --allow-superuser");
            rc = -1;
        }
    } else {
        trk_http_log("api: writing as role %s%s", who,
                     trk_res_bool(r, 0, "writer") ? " (member of tracker_writer)" : "");
    }
    trk_res_free(r);
    return rc;
}

trk_api *trk_api_start(server *s, const trk_http_config *cfg)
{
    trk_api *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->s = s;
    a->cfg = cfg;
    pthread_mutex_init(&a->lock, NULL);
    pthread_cond_init(&a->cond, NULL);
    double rate = cfg->api_rate > 0 ? cfg->api_rate : 50;
    a->per_addr = trk_ratelimit_new(rate, rate * 4, 100000);
    a->per_account = trk_ratelimit_new(rate, rate * 4, 100000);
    /* Failed authentications: 10 at once, then one every 6 seconds per address. */
    a->auth_fail = trk_ratelimit_new(
        cfg->api_auth_fail_per_min > 0 ? cfg->api_auth_fail_per_min / 60.0 : 10.0 / 60.0,
        cfg->api_auth_fail_burst > 0 ? cfg->api_auth_fail_burst : 10, 100000);
    int n = cfg->api_threads > 0 ? cfg->api_threads : 4;
    a->threads = calloc((size_t)n, sizeof *a->threads);
    a->dbs = calloc((size_t)n, sizeof *a->dbs);
    a->started = calloc((size_t)n, sizeof *a->started);
    if (!a->per_addr || !a->per_account || !a->auth_fail || !a->threads || !a->dbs || !a->started) {
        trk_error("out of memory");
        goto fail;
    }
    for (int i = 0; i < n; i++) {
        a->dbs[i] = trk_open(cfg->write_conninfo);
        if (!a->dbs[i])
            goto fail;
        a->nworkers++;
        if (i == 0 && refuse_privileged_writer(a->dbs[0], cfg) != 0)
            goto fail;
    }
    for (int i = 0; i < n; i++) {
        worker_arg *wa = malloc(sizeof *wa);
        if (!wa)
            goto fail;
        wa->a = a;
        wa->i = i;
        if (pthread_create(&a->threads[i], NULL, worker, wa) != 0) {
            free(wa);
            goto fail;
        }
        a->started[i] = true;
    }
    trk_http_log("api: /api/v1 enabled (%d workers)", n);
    return a;
fail:
    trk_api_stop(a);
    trk_api_free(a);
    return NULL;
}

void trk_api_stop(trk_api *a)
{
    if (!a)
        return;
    pthread_mutex_lock(&a->lock);
    a->stop = true;
    pthread_cond_broadcast(&a->cond);
    pthread_mutex_unlock(&a->lock);
    for (int i = 0; i < a->nworkers; i++)
        if (a->started[i]) {
            pthread_join(a->threads[i], NULL);
            a->started[i] = false;
        }
    pthread_mutex_lock(&a->lock);
    api_req *q = a->head;
    a->head = a->tail = NULL;
    pthread_mutex_unlock(&a->lock);
    while (q) {
        api_req *next = q->next;
        q->status = 503;
        q->retry_after = 5;
        q->phase = 2;
        MHD_resume_connection(q->conn);
        q = next;
    }
}

void trk_api_free(trk_api *a)
{
    if (!a)
        return;
    for (int i = 0; i < a->nworkers; i++)
        trk_db_close(a->dbs[i]);
    free(a->dbs);
    free(a->threads);
    free(a->started);
    trk_ratelimit_free(a->per_addr);
    trk_ratelimit_free(a->per_account);
    trk_ratelimit_free(a->auth_fail);
    pthread_mutex_destroy(&a->lock);
    pthread_cond_destroy(&a->cond);
    free(a);
}

/* ---- libmicrohttpd side ---- */

static enum MHD_Result copy_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
    (void)kind;
    api_req *rq = cls;
    if (rq->nq >= API_MAX_QUERY) {
        rq->q_bad = true;
        return MHD_NO;
    }
    rq->qk[rq->nq] = dupz(key);
    rq->qv[rq->nq] = dupz(value);
    rq->nq++;
    return MHD_YES;
}

static char *hdr(struct MHD_Connection *c, const char *name)
{
    return dupz(MHD_lookup_connection_value(c, MHD_HEADER_KIND, name));
}

static bool cors_allowed(const trk_api *a, const char *origin)
{
    const char *list = a->cfg->cors_origins;
    if (!origin || !list)
        return false;
    size_t n = strlen(origin);
    for (const char *p = list; *p;) {
        size_t k = strcspn(p, ",");
        if (k == n && strncmp(p, origin, n) == 0)
            return true;
        p += k;
        if (*p == ',')
            p++;
    }
    return false;
}

static enum MHD_Result send_answer(trk_api *a, struct MHD_Connection *c, api_req *rq)
{
    (void)a;
    bool head = strcmp(rq->method, "HEAD") == 0;
    struct MHD_Response *r;
    if (rq->status == 503 && !rq->resp) {
        static const char text[] =
            "{\"type\":\"https://tracker.example/problems/unavailable\",\"title\":\"Unavailable\","
            "\"status\":503,\"detail\":\"the server is busy or stopping; try again in a moment\","
            "\"errors\":[]}\n";
        r = MHD_create_response_from_buffer(sizeof text - 1, (void *)text, MHD_RESPMEM_PERSISTENT);
        rq->resp_type = "application/problem+json";
        rq->resp_len = sizeof text - 1;
    } else if (head || !rq->resp) {
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    } else {
        r = MHD_create_response_from_buffer(rq->resp_len, rq->resp, MHD_RESPMEM_MUST_FREE);
        if (r)
            rq->resp = NULL;
    }
    if (!r)
        return MHD_NO;
    if (rq->resp_type) {
        char ct[96];
        snprintf(ct, sizeof ct, "%s%s", rq->resp_type,
                 strncmp(rq->resp_type, "text/", 5) == 0 ? "; charset=utf-8" : "");
        MHD_add_response_header(r, "Content-Type", ct);
    }
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (rq->etag[0])
        MHD_add_response_header(r, "ETag", rq->etag);
    if (rq->location[0])
        MHD_add_response_header(r, "Location", rq->location);
    if (rq->allow[0])
        MHD_add_response_header(r, "Allow", rq->allow);
    if (rq->retry_after > 0) {
        char ra[16];
        snprintf(ra, sizeof ra, "%d", rq->retry_after);
        MHD_add_response_header(r, "Retry-After", ra);
    }
    if (rq->status == 401)
        MHD_add_response_header(r, "WWW-Authenticate", "Bearer realm=\"tracker\"");
    if (rq->h_origin)
        MHD_add_response_header(r, "Vary", "Origin");
    if (rq->cors_ok) {
        MHD_add_response_header(r, "Access-Control-Allow-Origin", rq->h_origin);
        MHD_add_response_header(r, "Access-Control-Expose-Headers", "ETag, Location, Retry-After");
        if (rq->preflight) {
            MHD_add_response_header(r, "Access-Control-Allow-Methods",
                                    "GET, HEAD, POST, PATCH, DELETE");
            MHD_add_response_header(r, "Access-Control-Allow-Headers",
                                    "Authorization, Content-Type, If-Match, If-None-Match, "
                                    "Idempotency-Key");
            MHD_add_response_header(r, "Access-Control-Max-Age", "600");
        }
    }
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)rq->status, r);
    MHD_destroy_response(r);
    trk_http_access_log(c, rq->method, rq->url, rq->status, head ? 0 : rq->resp_len, 0, &rq->t0);
    return ret;
}

static size_t route_limit(const char *url)
{
    const char *path = url + strlen(API_PREFIX);
    for (int i = 0; i < trk_api_nroutes; i++) {
        char params[3][512];
        int np;
        if (seg_match(trk_api_routes[i].pattern, path, params, &np))
            return trk_api_routes[i].max_body ? trk_api_routes[i].max_body : API_DEFAULT_BODY;
    }
    return API_DEFAULT_BODY;
}

enum MHD_Result trk_api_handle(trk_api *a, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload_data,
                               size_t *upload_size, void **con_cls)
{
    (void)version;
    api_req *rq = *con_cls;
    if (!rq) {
        rq = calloc(1, sizeof *rq);
        if (!rq)
            return MHD_NO;
        rq->state = TRK_REQ_API;
        rq->mark = API_MARK;
        clock_gettime(CLOCK_MONOTONIC, &rq->t0);
        rq->conn = c;
        snprintf(rq->method, sizeof rq->method, "%s", method);
        rq->url = strdup(url);
        rq->h_auth = hdr(c, "Authorization");
        rq->h_ctype = hdr(c, "Content-Type");
        rq->h_if_match = hdr(c, "If-Match");
        rq->h_if_none_match = hdr(c, "If-None-Match");
        rq->h_idem = hdr(c, "Idempotency-Key");
        rq->h_accept = hdr(c, "Accept");
        rq->h_origin = hdr(c, "Origin");
        rq->h_csrf = hdr(c, "X-CSRF-Token");
        rq->h_cookie = hdr(c, "Cookie");
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        snprintf(rq->addr, sizeof rq->addr, "-");
        if (ci && ci->client_addr) {
            const struct sockaddr *sa = ci->client_addr;
            if (sa->sa_family == AF_INET)
                inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
                          rq->addr, sizeof rq->addr);
            else if (sa->sa_family == AF_INET6)
                inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                          rq->addr, sizeof rq->addr);
        }
        MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, copy_arg, rq);
        rq->limit = route_limit(url);
        rq->cors_ok = cors_allowed(a, rq->h_origin);
        rq->preflight = strcmp(method, "OPTIONS") == 0;
        *con_cls = rq;
        if (!rq->url)
            return MHD_NO;
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > rq->limit) {
            /* Not worth reading: answer 413 now; libmicrohttpd closes the connection after. */
            rq->too_large = true;
            static const char fmt[] =
                "{\"type\":\"https://tracker.example/problems/body-too-large\","
                "\"title\":\"Body too large\",\"status\":413,"
                "\"detail\":\"the request body is larger than %zu bytes\",\"errors\":[]}\n";
            char buf[sizeof fmt + 32];
            int n = snprintf(buf, sizeof buf, fmt, rq->limit);
            rq->status = 413;
            rq->resp = strndup(buf, (size_t)n);
            rq->resp_len = rq->resp ? (size_t)n : 0;
            rq->resp_type = "application/problem+json";
            rq->phase = 2;
            return send_answer(a, c, rq);
        }
        return MHD_YES;
    }
    if (rq->phase == 0 && *upload_size > 0) {
        size_t n = *upload_size;
        if (!rq->too_large && rq->len + n > rq->limit) {
            rq->too_large = true;
            free(rq->body);
            rq->body = NULL;
            rq->len = rq->cap = 0;
        }
        if (!rq->too_large) {
            if (rq->len + n + 1 > rq->cap) {
                size_t cap = rq->cap ? rq->cap : 4096;
                while (cap < rq->len + n + 1)
                    cap *= 2;
                char *b = realloc(rq->body, cap);
                if (!b)
                    return MHD_NO;
                rq->body = b;
                rq->cap = cap;
            }
            memcpy(rq->body + rq->len, upload_data, n);
            rq->len += n;
            rq->body[rq->len] = '\0';
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->phase == 0) {
        pthread_mutex_lock(&a->lock);
        if (a->stop || a->queued >= API_QUEUE_MAX) {
            pthread_mutex_unlock(&a->lock);
            rq->status = 503;
            rq->retry_after = 1;
            rq->phase = 2;
            return send_answer(a, c, rq);
        }
        rq->phase = 1;
        rq->next = NULL;
        if (a->tail)
            a->tail->next = rq;
        else
            a->head = rq;
        a->tail = rq;
        a->queued++;
        /* Suspended under the lock: a worker resumes it only after taking it from the queue. */
        MHD_suspend_connection(c);
        pthread_cond_signal(&a->cond);
        pthread_mutex_unlock(&a->lock);
        return MHD_YES;
    }
    if (rq->phase == 2)
        return send_answer(a, c, rq);
    return MHD_YES;
}
