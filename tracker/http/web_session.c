/*
 * web_session.c: signing in and out of the web application (tracker serve --app).
 *
 *   GET    /app/session   the signed-in account and the session's CSRF token: 200
 *                         {"login","role","csrf"}, or 401 (no cookie, or not a live session)
 *   POST   /app/session   {"login":...,"password":...} (application/json): a new session in
 *                         PostgreSQL (web_session, store/accounts.c), the cookie tracker_session
 *                         (HttpOnly, SameSite=Lax, Path=/, Secure with --secure-cookies) and 200
 *                         as for GET; 401 with the same words whatever was wrong; 429 with
 *                         Retry-After after too many failures from one address or for one login
 *   DELETE /app/session   with X-CSRF-Token: revokes the session on the server, clears the cookie
 *   GET    /unsubscribe?d=ID&t=TOKEN   the link of a digest mail: a page asking to confirm (a GET
 *                         changes nothing, since mail scanners fetch links), with a form that
 *                         POSTs d and t back; 404 page for an unknown digest or a wrong token
 *   POST   /unsubscribe   d=ID&t=TOKEN (the form), or ?d=ID&t=TOKEN with the body
 *                         List-Unsubscribe=One-Click (RFC 8058): unsubscribes, without signing in
 *                         (the token is the digest's HMAC with the server secret, store/outbox.c)
 *
 * The page keeps the CSRF token in memory (never in a cookie) and sends it as X-CSRF-Token on
 * every state-changing request; the API compares it with the session's. The sign-in POST must
 * be application/json, which a cross-site HTML form cannot send, so no other site can sign a
 * browser in to an account of its choosing.
 *
 * Sessions live in PostgreSQL, so any `serve --app` process behind a load balancer serves any
 * signed-in user. Requests here are answered on libmicrohttpd's worker thread through one
 * writer connection (a mutex): signing in costs one Argon2id verification, done by
 * trk_auth_password.
 */
#include "internal.h"

#include "msg.h"
#include "open.h"
#include "outbox.h"
#include "ratelimit.h"
#include "strbuf.h"
#include "web_auth.h"

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#define SESSION_PATH "/app/session"
#define BODY_MAX 4096
#define SESSION_TOKEN_LEN 43

/* A request's con_cls while its body arrives. */
typedef struct web_request {
    const void *magic;
    char body[BODY_MAX + 1];
    size_t len;
    bool too_big;
    struct timespec t0;
} web_request;

static const char request_magic[] = "web_request";

/* ---- sign-in limits ----
 * Failed sign-ins per client address and per login, with the API's limiter (ratelimit.c) and its
 * rule for failed authentications: 10 at once, then one every 6 s. Checked before the password
 * is, taken when it was wrong. */

static pthread_once_t g_rl_once = PTHREAD_ONCE_INIT;
static trk_ratelimit *g_rl_addr, *g_rl_login;

static void rl_init(void)
{
    g_rl_addr = trk_ratelimit_new(10.0 / 60.0, 10, 100000);
    g_rl_login = trk_ratelimit_new(10.0 / 60.0, 10, 100000);
}

/* Seconds to wait before another try from this address for this login, 0 to go on; failed:
 * count a failure. Out of memory for the limiter: no limit rather than no sign-in. */
static int signin_wait(const char *addr, const char *login, bool failed)
{
    pthread_once(&g_rl_once, rl_init);
    if (!g_rl_addr || !g_rl_login)
        return 0;
    int a =
        failed ? trk_ratelimit_take(g_rl_addr, addr, 1) : trk_ratelimit_check(g_rl_addr, addr, 1);
    int l = failed ? trk_ratelimit_take(g_rl_login, login, 1)
                   : trk_ratelimit_check(g_rl_login, login, 1);
    return failed ? 0 : a > l ? a : l;
}

/* ---- the writer connection ---- */

static pthread_mutex_t g_db_lock = PTHREAD_MUTEX_INITIALIZER;
static trk_db *g_db;

static trk_db *writer(const server *s)
{
    if (g_db && trk_http_db_ensure(g_db) == 0)
        return g_db;
    if (g_db) {
        trk_db_close(g_db);
        g_db = NULL;
    }
    const char *ci = s->cfg->write_conninfo && *s->cfg->write_conninfo ? s->cfg->write_conninfo
                                                                       : s->cfg->conninfo;
    g_db = trk_open(ci);
    return g_db;
}

void trk_web_session_close(void)
{
    pthread_mutex_lock(&g_db_lock);
    trk_db_close(g_db);
    g_db = NULL;
    pthread_mutex_unlock(&g_db_lock);
}

/* ---- answers ---- */

static enum MHD_Result send_json(struct MHD_Connection *c, int status, cJSON *doc,
                                 const char *content_type, const char *cookie,
                                 const char *retry_after, const char *method, const char *url,
                                 const struct timespec *t0)
{
    char *text = doc ? cJSON_PrintUnformatted(doc) : NULL;
    cJSON_Delete(doc);
    size_t len = text ? strlen(text) : 0;
    struct MHD_Response *r =
        text ? MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE)
             : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(text);
        return MHD_NO;
    }
    if (text)
        MHD_add_response_header(r, "Content-Type", content_type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (cookie)
        MHD_add_response_header(r, "Set-Cookie", cookie);
    if (retry_after)
        MHD_add_response_header(r, "Retry-After", retry_after);
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(r, "Allow", "GET, HEAD, POST, DELETE");
    trk_web_security_headers(r, false);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
    trk_http_access_log(c, method, url, status, len, 0, t0);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result problem(struct MHD_Connection *c, int status, const char *name,
                               const char *title, const char *detail, const char *cookie,
                               const char *retry_after, const char *method, const char *url,
                               const struct timespec *t0)
{
    cJSON *p = cJSON_CreateObject();
    char type[128];
    snprintf(type, sizeof type, "https://tracker.example/problems/%s", name);
    cJSON_AddStringToObject(p, "type", type);
    cJSON_AddStringToObject(p, "title", title);
    cJSON_AddNumberToObject(p, "status", status);
    if (detail)
        cJSON_AddStringToObject(p, "detail", detail);
    return send_json(c, status, p, "application/problem+json", cookie, retry_after, method, url,
                     t0);
}

static enum MHD_Result session_doc(struct MHD_Connection *c, const trk_web_principal *p,
                                   const char *csrf, const char *cookie, const char *method,
                                   const char *url, const struct timespec *t0)
{
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "login", p->login);
    cJSON_AddStringToObject(d, "role", p->role);
    cJSON_AddStringToObject(d, "csrf", csrf);
    return send_json(c, MHD_HTTP_OK, d, "application/json", cookie, NULL, method, url, t0);
}

/* The value of cookie tracker_session, when it is 43 URL-safe base64 characters. */
static bool session_cookie(struct MHD_Connection *c, char token[SESSION_TOKEN_LEN + 1])
{
    const char *v = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "tracker_session");
    if (!v || strlen(v) != SESSION_TOKEN_LEN)
        return false;
    for (const char *p = v; *p; p++)
        if (!trk_http_token_char((unsigned char)*p))
            return false;
    memcpy(token, v, SESSION_TOKEN_LEN + 1);
    return true;
}

static void cookie_header(const server *s, const char *token, int max_age, char *out, size_t size)
{
    snprintf(out, size, "tracker_session=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s", token,
             max_age, s->cfg->secure_cookies ? "; Secure" : "");
}

static void client_addr(struct MHD_Connection *c, char *addr, size_t size)
{
    snprintf(addr, size, "-");
    const union MHD_ConnectionInfo *ai =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ai ? ai->client_addr : NULL;
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr,
                  (socklen_t)size);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, addr,
                  (socklen_t)size);
}

/* ---- the three methods ---- */

static enum MHD_Result do_get(server *s, struct MHD_Connection *c, const char *method,
                              const char *url, const struct timespec *t0)
{
    char token[SESSION_TOKEN_LEN + 1], csrf[44];
    if (!session_cookie(c, token))
        return problem(c, 401, "unauthenticated", "not signed in", NULL, NULL, NULL, method, url,
                       t0);
    trk_web_principal p;
    pthread_mutex_lock(&g_db_lock);
    trk_db *db = writer(s);
    int rc = db ? trk_web_auth_session(db, token, &p, csrf) : -1;
    pthread_mutex_unlock(&g_db_lock);
    trk_wipe(token, sizeof token);
    if (rc == 1)
        return problem(c, 401, "unauthenticated", "not signed in",
                       "the session has ended or was signed out", NULL, NULL, method, url, t0);
    if (rc != 0)
        return problem(c, 503, "unavailable", "the database is unavailable", NULL, NULL, "5",
                       method, url, t0);
    enum MHD_Result ret = session_doc(c, &p, csrf, NULL, method, url, t0);
    trk_wipe(csrf, sizeof csrf);
    return ret;
}

static enum MHD_Result do_post(server *s, struct MHD_Connection *c, web_request *rq,
                               const char *method, const char *url)
{
    const struct timespec *t0 = &rq->t0;
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (!ct || strncasecmp(ct, "application/json", 16) != 0 || (ct[16] && ct[16] != ';'))
        return problem(c, 415, "unsupported-media-type", "the body must be application/json",
                       "send {\"login\": ..., \"password\": ...} as application/json", NULL, NULL,
                       method, url, t0);
    if (rq->too_big)
        return problem(c, 413, "too-large", "the body is too large", NULL, NULL, NULL, method, url,
                       t0);
    rq->body[rq->len] = '\0';
    cJSON *doc = cJSON_ParseWithLength(rq->body, rq->len);
    const cJSON *jl = doc ? cJSON_GetObjectItemCaseSensitive(doc, "login") : NULL;
    const cJSON *jp = doc ? cJSON_GetObjectItemCaseSensitive(doc, "password") : NULL;
    if (!cJSON_IsString(jl) || !cJSON_IsString(jp) || !jl->valuestring[0] || !jp->valuestring[0]) {
        cJSON_Delete(doc);
        trk_wipe(rq->body, sizeof rq->body);
        return problem(c, 400, "bad-request", "login and password are required",
                       "send {\"login\": ..., \"password\": ...}", NULL, NULL, method, url, t0);
    }
    char login[65], addr[INET6_ADDRSTRLEN];
    snprintf(login, sizeof login, "%s", jl->valuestring);
    client_addr(c, addr, sizeof addr);
    int wait = signin_wait(addr, login, false);
    if (wait > 0) {
        cJSON_Delete(doc);
        trk_wipe(rq->body, sizeof rq->body);
        char ra[16];
        snprintf(ra, sizeof ra, "%d", wait);
        return problem(c, 429, "too-many-requests", "too many failed sign-ins",
                       "wait before trying again", NULL, ra, method, url, t0);
    }
    trk_web_principal p;
    char token[44], csrf[44];
    int ttl = s->cfg->session_hours > 0 ? s->cfg->session_hours * 3600 : 12 * 3600;
    pthread_mutex_lock(&g_db_lock);
    trk_db *db = writer(s);
    int rc = db ? trk_web_auth_password(db, jl->valuestring, jp->valuestring,
                                        strlen(jp->valuestring), &p)
                : -1;
    if (rc == 0)
        rc = trk_web_session_new(db, p.account_id, ttl, token, csrf);
    pthread_mutex_unlock(&g_db_lock);
    trk_wipe(jp->valuestring, strlen(jp->valuestring));
    cJSON_Delete(doc);
    trk_wipe(rq->body, sizeof rq->body);
    if (rc == 1) {
        signin_wait(addr, login, true);
        trk_http_log("app: failed sign-in from %s", addr);
        return problem(c, 401, "unauthenticated", "wrong login or password", NULL, NULL, NULL,
                       method, url, t0);
    }
    if (rc != 0)
        return problem(c, 503, "unavailable", "the database is unavailable", NULL, NULL, "5",
                       method, url, t0);
    char cookie[160];
    cookie_header(s, token, ttl, cookie, sizeof cookie);
    trk_http_log("app: %s signed in from %s", p.login, addr);
    enum MHD_Result ret = session_doc(c, &p, csrf, cookie, method, url, t0);
    trk_wipe(token, sizeof token);
    trk_wipe(csrf, sizeof csrf);
    trk_wipe(cookie, sizeof cookie);
    return ret;
}

static enum MHD_Result do_delete(server *s, struct MHD_Connection *c, const char *method,
                                 const char *url, const struct timespec *t0)
{
    char token[SESSION_TOKEN_LEN + 1], csrf[44], cleared[160];
    cookie_header(s, "", 0, cleared, sizeof cleared);
    if (!session_cookie(c, token))
        return send_json(c, MHD_HTTP_NO_CONTENT, NULL, NULL, cleared, NULL, method, url, t0);
    const char *given = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
    trk_web_principal p;
    pthread_mutex_lock(&g_db_lock);
    trk_db *db = writer(s);
    int rc = db ? trk_web_auth_session(db, token, &p, csrf) : -1;
    bool ok = rc == 0 && given && strlen(given) == strlen(csrf) &&
              trk_ct_equal(given, csrf, strlen(csrf));
    if (ok)
        rc = trk_web_session_end(db, token);
    pthread_mutex_unlock(&g_db_lock);
    trk_wipe(token, sizeof token);
    trk_wipe(csrf, sizeof csrf);
    if (rc == 1) /* not a live session: signed out already */
        return send_json(c, MHD_HTTP_NO_CONTENT, NULL, NULL, cleared, NULL, method, url, t0);
    if (rc != 0)
        return problem(c, 503, "unavailable", "the database is unavailable", NULL, NULL, "5",
                       method, url, t0);
    if (!ok)
        return problem(c, 403, "csrf", "missing or wrong X-CSRF-Token",
                       "send the session's CSRF token (GET /app/session) as X-CSRF-Token", NULL,
                       NULL, method, url, t0);
    trk_http_log("app: %s signed out", p.login);
    return send_json(c, MHD_HTTP_NO_CONTENT, NULL, NULL, cleared, NULL, method, url, t0);
}

/* ---- unsubscribing from a digest ---- */

#define UNSUB_PATH "/unsubscribe"

static enum MHD_Result unsub_page(struct MHD_Connection *c, int status, const char *title,
                                  const char *text, const char *id, const char *tok,
                                  const char *method, const char *url, const struct timespec *t0)
{
    /* Only fixed text and the checked digits and hex of the link go into the page. */
    trk_sb b = {0};
    trk_sb_printf(&b,
                  "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                  "<meta name=\"viewport\" content=\"width=device-width\">"
                  "<title>%s</title></head><body><main><h1>%s</h1><p>%s</p>",
                  title, title, text);
    if (tok)
        trk_sb_printf(&b,
                      "<form method=\"post\" action=\"" UNSUB_PATH "\">"
                      "<input type=\"hidden\" name=\"d\" value=\"%s\">"
                      "<input type=\"hidden\" name=\"t\" value=\"%s\">"
                      "<button type=\"submit\">Unsubscribe</button></form>",
                      id, tok);
    trk_sb_puts(&b, "</main></body></html>");
    if (b.oom) {
        free(b.p);
        return MHD_NO;
    }
    size_t n = b.n;
    char *page = trk_sb_detach(&b);
    struct MHD_Response *r = MHD_create_response_from_buffer(n, page, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(page);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(r, "Allow", "GET, HEAD, POST");
    trk_web_security_headers(r, false);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
    trk_http_access_log(c, method, UNSUB_PATH, status, n, 0, t0);
    MHD_destroy_response(r);
    (void)url; /* the query string holds the token: never logged */
    return ret;
}

/* The value of name in a form body "d=1&t=ab..": only [0-9a-f] is taken (ids and hex tokens need
 * no decoding); anything else gives "". */
static void form_value(const char *body, const char *name, char *out, size_t size)
{
    out[0] = '\0';
    size_t nl = strlen(name);
    for (const char *p = body; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
        if (strncmp(p, name, nl) == 0 && p[nl] == '=') {
            size_t k = strspn(p + nl + 1, "0123456789abcdef");
            const char *end = p + nl + 1 + k;
            if (*end && *end != '&')
                return;
            if (k < size) {
                memcpy(out, p + nl + 1, k);
                out[k] = '\0';
            }
            return;
        }
    }
}

static enum MHD_Result unsub_handle(server *s, struct MHD_Connection *c, web_request *rq,
                                    const char *method, const char *url)
{
    const struct timespec *t0 = &rq->t0;
    bool post = strcmp(method, "POST") == 0;
    if (!post && strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return unsub_page(c, MHD_HTTP_METHOD_NOT_ALLOWED, "Method not allowed",
                          "This address takes GET and POST.", NULL, NULL, method, url, t0);
    char id[24] = "", tok[72] = "";
    if (post) {
        if (rq->too_big)
            return unsub_page(c, 413, "Too large", "The form is too large.", NULL, NULL, method,
                              url, t0);
        rq->body[rq->len] = '\0';
        form_value(rq->body, "d", id, sizeof id);
        form_value(rq->body, "t", tok, sizeof tok);
    }
    /* GET, and RFC 8058's one-click POST (body "List-Unsubscribe=One-Click", d and t in the URL
     * of the List-Unsubscribe header). */
    if (!id[0] && !tok[0]) {
        const char *d = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "d");
        const char *t = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "t");
        if (d && strlen(d) < sizeof id)
            snprintf(id, sizeof id, "%s", d);
        if (t && strlen(t) < sizeof tok)
            snprintf(tok, sizeof tok, "%s", t);
    }
    pthread_mutex_lock(&g_db_lock);
    trk_db *db = writer(s);
    int rc = db ? trk_digest_unsubscribe(db, id, tok, post, NULL, 0) : -1;
    pthread_mutex_unlock(&g_db_lock);
    if (rc == 1)
        return unsub_page(c, 404, "Link not valid",
                          "This unsubscribe link is not valid: no digest was changed. Copy the "
                          "whole link from the mail, or ask the person who set up the digest.",
                          NULL, NULL, method, url, t0);
    if (rc < 0)
        return unsub_page(c, 503, "Try again later",
                          "The database is unavailable; nothing was changed.", NULL, NULL, method,
                          url, t0);
    if (rc == 2)
        return unsub_page(c, 200, "Already unsubscribed",
                          "This digest was already stopped: no more mails will be sent.", NULL,
                          NULL, method, url, t0);
    if (post) {
        trk_http_log("app: digest %s unsubscribed by its link", id);
        return unsub_page(c, 200, "Unsubscribed",
                          "Done: this address will receive no more of these digests.", NULL, NULL,
                          method, url, t0);
    }
    return unsub_page(c, 200, "Unsubscribe from this digest?",
                      "Press the button to stop the tracker e-mail digest sent to this address.",
                      id, tok, method, url, t0);
}

/* ---- the access handler ---- */

bool trk_web_session_owns(const server *s, const char *url)
{
    return s->web && (strcmp(url, SESSION_PATH) == 0 || strcmp(url, UNSUB_PATH) == 0);
}

bool trk_web_is_request(void *con_cls)
{
    return con_cls && ((web_request *)con_cls)->magic == request_magic;
}

void trk_web_request_free(void *con_cls)
{
    web_request *rq = con_cls;
    trk_wipe(rq->body, sizeof rq->body);
    free(rq);
}

enum MHD_Result trk_web_session_handle(server *s, struct MHD_Connection *c, const char *url,
                                       const char *method, const char *upload_data,
                                       size_t *upload_size, void **con_cls)
{
    web_request *rq = *con_cls;
    if (!rq) {
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        bool known = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0 ||
                     strcmp(method, "POST") == 0 || strcmp(method, "DELETE") == 0;
        if (!known)
            return problem(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method-not-allowed",
                           "method not allowed", NULL, NULL, NULL, method, url, &t0);
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoll(cl, NULL, 10) > BODY_MAX)
            return problem(c, 413, "too-large", "the body is too large", NULL, NULL, NULL, method,
                           url, &t0);
        rq = calloc(1, sizeof *rq);
        if (!rq)
            return MHD_NO;
        rq->magic = request_magic;
        rq->t0 = t0;
        *con_cls = rq;
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        if (rq->len + n > BODY_MAX)
            rq->too_big = true;
        else {
            memcpy(rq->body + rq->len, upload_data, n);
            rq->len += n;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (strcmp(url, UNSUB_PATH) == 0)
        return unsub_handle(s, c, rq, method, url);
    if (strcmp(method, "POST") == 0)
        return do_post(s, c, rq, method, url);
    if (strcmp(method, "DELETE") == 0)
        return do_delete(s, c, method, url, &rq->t0);
    return do_get(s, c, method, url, &rq->t0);
}
