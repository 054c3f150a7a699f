/*
 * routes.c: the route table. One row per route: the methods it takes, its path pattern, who may
 * read it, how its answers are cached, the headers of its 200 answer and the handler that makes
 * it (handlers.c). Everything else follows from the rows: which path is a route (404 when none
 * matches), which methods it takes (405 with Allow otherwise), how it is keyed in the cache and
 * what the access log shows of its path. A new route is one row here and one handler.
 *
 * Patterns: literal text, {token} (exactly 43 URL-safe base64 characters: a feed's secret) and
 * {name} (1 to 64 of [a-z0-9_-]) and {path} (a file of the web application: 1 to 200 of
 * [A-Za-z0-9._/-], no "..", no "//", not starting with "/"). A path matches a pattern as a whole; the query string is never
 * part of it.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* The timeline page needs nothing from the network and runs no script; its links (sources) must
 * not hand the page's URL, which holds the token, to other sites as a Referer. */
static const char *const html_headers[] = {
    "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'",
    "Referrer-Policy", "no-referrer", NULL};

#define GET_HEAD (TRK_M_GET | TRK_M_HEAD)

const trk_route trk_routes[] = {
    {.pattern = "/healthz", .methods = GET_HEAD, .auth = TRK_AUTH_NONE, .cache = TRK_CACHE_NONE,
     .respond = trk_handle_healthz},
    /* The web application (--app; 404 without): / and /app redirect to /app/, its files. */
    {.pattern = "/", .methods = GET_HEAD, .serve = trk_web_serve},
    {.pattern = "/app", .methods = GET_HEAD, .serve = trk_web_serve},
    {.pattern = "/app/", .methods = GET_HEAD, .serve = trk_web_serve},
    {.pattern = "/app/{path}", .methods = GET_HEAD, .serve = trk_web_serve},
    /* The feed's calendar (one answer per token: the query string is ignored). Statuses are as
     * of today ("missed" once a day passes): cached for one day at most, like the timelines. */
    {.pattern = "/feeds/{token}.ics", .methods = GET_HEAD, .auth = TRK_AUTH_FEED_TOKEN,
     .cache = TRK_CACHE_DAILY, .key = TRK_KEY_TOKEN,
     .content_type = "text/calendar; charset=utf-8", .filename = "tracker.ics",
     .render = trk_render_calendar},
    /* The timeline of a one-case feed, read in the snapshot of the feed row. A newsroom's page
     * may load the JSON into its own TimelineJS embed: any origin may read it (cors). */
    {.pattern = "/feeds/{token}/timeline.json", .methods = GET_HEAD, .auth = TRK_AUTH_FEED_TOKEN,
     .cache = TRK_CACHE_DAILY, .key = TRK_KEY_PATH_PARAMS, .snapshot = true, .cors = true,
     .content_type = "application/json; charset=utf-8", .filename = "timeline.json",
     .format = "timelinejs", .render = trk_render_timeline},
    {.pattern = "/feeds/{token}/timeline.html", .methods = GET_HEAD, .auth = TRK_AUTH_FEED_TOKEN,
     .cache = TRK_CACHE_DAILY, .key = TRK_KEY_PATH_PARAMS, .snapshot = true,
     .content_type = "text/html; charset=utf-8", .filename = "timeline.html", .format = "html",
     .headers = html_headers, .render = trk_render_timeline},
    /* Report {name}, restricted to the feed's scope; other parameters from the query. A report
     * may count from today: cached for one day at most. */
    {.pattern = "/feeds/{token}/reports/{name}.json", .methods = GET_HEAD,
     .auth = TRK_AUTH_FEED_TOKEN, .cache = TRK_CACHE_DAILY, .key = TRK_KEY_PATH_PARAMS,
     .cors = true, .content_type = "application/json; charset=utf-8", .filename = "{name}.json",
     .format = "json", .prepare = trk_prepare_report, .render = trk_render_report},
    {.pattern = "/feeds/{token}/reports/{name}.csv", .methods = GET_HEAD,
     .auth = TRK_AUTH_FEED_TOKEN, .cache = TRK_CACHE_DAILY, .key = TRK_KEY_PATH_PARAMS,
     .cors = true, .content_type = "text/csv; charset=utf-8", .filename = "{name}.csv",
     .format = "csv", .prepare = trk_prepare_report, .render = trk_render_report},
};
const int trk_nroutes = (int)(sizeof trk_routes / sizeof trk_routes[0]);

unsigned trk_routes_methods(void)
{
    unsigned m = 0;
    for (int i = 0; i < trk_nroutes; i++)
        m |= trk_routes[i].methods;
    return m;
}

unsigned trk_method_bit(const char *method)
{
    if (strcmp(method, MHD_HTTP_METHOD_GET) == 0)
        return TRK_M_GET;
    if (strcmp(method, MHD_HTTP_METHOD_HEAD) == 0)
        return TRK_M_HEAD;
    return 0;
}

void trk_methods_allow(unsigned methods, char *buf, size_t size)
{
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {{TRK_M_GET, "GET"}, {TRK_M_HEAD, "HEAD"}};
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (methods & names[i].bit)
            n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? ", " : "",
                                  names[i].name);
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Match path against pattern as a whole; fills the captures of m. */
static bool match(const char *pat, const char *path, trk_route_match *m)
{
    const char *p = path;
    while (*pat) {
        if (strncmp(pat, "{token}", 7) == 0) {
            size_t n = 0;
            while (n < TOKEN_LEN && trk_http_token_char((unsigned char)p[n]))
                n++;
            if (n != TOKEN_LEN)
                return false;
            m->token = p;
            p += n;
            m->rest = p;
            pat += 7;
        } else if (strncmp(pat, "{name}", 6) == 0) {
            size_t n = 0;
            while (n <= REPORT_NAME_MAX && name_char(p[n]))
                n++;
            if (n == 0 || n > REPORT_NAME_MAX)
                return false;
            m->name = p;
            m->name_len = n;
            p += n;
            pat += 6;
        } else if (strncmp(pat, "{path}", 6) == 0) {
            size_t n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/-");
            if (n == 0 || n > 200 || p[n] != '\0' || p[0] == '/' || strstr(p, "..") ||
                strstr(p, "//"))
                return false;
            m->path = p;
            p += n;
            pat += 6;
        } else {
            if (*pat != *p)
                return false;
            pat++;
            p++;
        }
    }
    return *p == '\0';
}

const trk_route *trk_route_find(const char *path, trk_route_match *m)
{
    for (int i = 0; i < trk_nroutes; i++) {
        trk_route_match t = {.rest = ""};
        if (match(trk_routes[i].pattern, path, &t)) {
            /* Everything but vals (16 KiB, written only for the values given). */
            m->route = &trk_routes[i];
            m->token = t.token;
            m->name = t.name;
            m->name_len = t.name_len;
            m->rest = t.rest;
            m->path = t.path;
            m->rep = NULL;
            memset(m->given, 0, sizeof m->given);
            m->day[0] = '\0';
            return m->route;
        }
    }
    return NULL;
}

bool trk_route_shaped(const char *rest)
{
    char path[7 + TOKEN_LEN + 128];
    size_t n = strlen(rest);
    if (n >= sizeof path - 7 - TOKEN_LEN)
        return false;
    memcpy(path, "/feeds/", 7);
    memset(path + 7, 'x', TOKEN_LEN);
    memcpy(path + 7 + TOKEN_LEN, rest, n + 1);
    trk_route_match m;
    const trk_route *r = trk_route_find(path, &m);
    return r && r->auth == TRK_AUTH_FEED_TOKEN;
}

void trk_route_headers(struct MHD_Response *ok, const trk_route_match *m)
{
    const trk_route *r = m->route;
    char disp[REPORT_NAME_MAX + 64], file[REPORT_NAME_MAX + 16];
    const char *brace = strstr(r->filename, "{name}");
    if (brace && m->rep)
        snprintf(file, sizeof file, "%.*s%s%s", (int)(brace - r->filename), r->filename,
                 m->rep->name, brace + 6);
    else
        snprintf(file, sizeof file, "%s", r->filename);
    MHD_add_response_header(ok, "Content-Type", r->content_type);
    snprintf(disp, sizeof disp, "inline; filename=\"%s\"", file);
    MHD_add_response_header(ok, "Content-Disposition", disp);
    for (const char *const *h = r->headers; h && h[0]; h += 2)
        MHD_add_response_header(ok, h[0], h[1]);
    MHD_add_response_header(ok, "X-Content-Type-Options", "nosniff");
}
