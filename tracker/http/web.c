/*
 * web.c: the web application's static files (tracker serve --app), served under /app/ from the
 * table web/embed.cmake compiles into the binary.
 *
 * Why compiled in rather than read from an installed directory: the binary then serves exactly
 * the front end it was built and tested with (no version skew between a binary and a directory,
 * nothing to configure or install beside it, nothing read from disk or the network at run time),
 * and several `serve --app` processes behind a load balancer serve identical bytes and ETags.
 * The cost is a rebuild to change a page, which is what a release is anyway.
 *
 * Every answer carries the security headers: a Content-Security-Policy without 'unsafe-inline'
 * or 'unsafe-eval' for scripts (scripts only from this origin: the app's own ES modules and the
 * vendored TimelineJS), framing refused (X-Frame-Options DENY and frame-ancestors 'none') except
 * for the timeline embed page, nosniff and a Referrer-Policy. Files are revalidated with their
 * ETag (SHA-256 of the bytes): a 304 when unchanged.
 */
#include "internal.h"

#include "web_assets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The app's pages: own scripts, styles and fonts only; the API on the same origin. Styles: the
 * app sets none inline, but TimelineJS positions its slides with style attributes, so style-src
 * allows inline styles (never scripts). */
static const char csp_app[] =
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' "
    "data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";
/* The embed page: the same, but any site may frame it (a newsroom's article). */
static const char csp_embed[] =
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' "
    "data:; font-src 'self'; connect-src 'self'; form-action 'none'; base-uri 'none'";

typedef struct web_file {
    const trk_web_asset *a;
    struct MHD_Response *ok, *notmod;
    char etag[24];
} web_file;

struct trk_web {
    web_file *files;
    int n;
    struct MHD_Response *redirect; /* /app and / -> /app/ */
    struct MHD_Response *notfound;
};

static const char *content_type(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".ttf", "font/ttf"},
        {".json", "application/json; charset=utf-8"},
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

static bool is_embed(const char *path)
{
    return strcmp(path, "embed.html") == 0;
}

void trk_web_security_headers(struct MHD_Response *r, bool frameable)
{
    MHD_add_response_header(r, "Content-Security-Policy", frameable ? csp_embed : csp_app);
    if (!frameable)
        MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    /* The embed page's URL holds a feed's token in its fragment (never sent), but no Referer
     * at all is the safe default for it; app pages only tell their own origin. */
    MHD_add_response_header(r, "Referrer-Policy", frameable ? "no-referrer" : "same-origin");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
}

static void file_headers(struct MHD_Response *r, const web_file *f)
{
    MHD_add_response_header(r, "ETag", f->etag);
    /* Revalidate every time: a new binary may bring new files under the same names. */
    MHD_add_response_header(r, "Cache-Control", "no-cache");
    trk_web_security_headers(r, is_embed(f->a->path));
}

int trk_web_init(server *s)
{
    if (!s->cfg->app)
        return 0;
    trk_web *w = calloc(1, sizeof *w);
    if (!w) {
        trk_error("out of memory");
        return -1;
    }
    s->web = w;
    w->files = calloc((size_t)trk_web_asset_count + 1, sizeof *w->files);
    if (!w->files) {
        trk_error("out of memory");
        return -1;
    }
    for (int i = 0; i < trk_web_asset_count; i++) {
        web_file *f = &w->files[w->n++];
        f->a = &trk_web_assets[i];
        char hex[TRK_SHA256_HEXLEN];
        trk_sha256_hex(f->a->data, f->a->len, hex);
        snprintf(f->etag, sizeof f->etag, "\"%.16s\"", hex);
        f->ok =
            MHD_create_response_from_buffer(f->a->len, (void *)f->a->data, MHD_RESPMEM_PERSISTENT);
        f->notmod = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        if (!f->ok || !f->notmod) {
            trk_error("out of memory");
            return -1;
        }
        MHD_add_response_header(f->ok, "Content-Type", content_type(f->a->path));
        file_headers(f->ok, f);
        file_headers(f->notmod, f);
    }
    w->redirect = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    static const char nf[] = "not found\n";
    w->notfound =
        MHD_create_response_from_buffer(sizeof nf - 1, (void *)nf, MHD_RESPMEM_PERSISTENT);
    if (!w->redirect || !w->notfound) {
        trk_error("out of memory");
        return -1;
    }
    MHD_add_response_header(w->redirect, "Location", "/app/");
    MHD_add_response_header(w->redirect, "Cache-Control", "no-cache");
    trk_web_security_headers(w->redirect, false);
    MHD_add_response_header(w->notfound, "Content-Type", "text/plain; charset=utf-8");
    MHD_add_response_header(w->notfound, "Cache-Control", "no-cache");
    trk_web_security_headers(w->notfound, false);
    trk_http_log("app: serving the web application at /app/ (%d files)", w->n);
    return 0;
}

void trk_web_free(server *s)
{
    trk_web *w = s->web;
    if (!w)
        return;
    for (int i = 0; i < w->n; i++) {
        if (w->files[i].ok)
            MHD_destroy_response(w->files[i].ok);
        if (w->files[i].notmod)
            MHD_destroy_response(w->files[i].notmod);
    }
    if (w->redirect)
        MHD_destroy_response(w->redirect);
    if (w->notfound)
        MHD_destroy_response(w->notfound);
    free(w->files);
    free(w);
    s->web = NULL;
}

/* GET or HEAD of /, /app, /app/ or /app/{path}. */
struct MHD_Response *trk_web_serve(server *s, struct MHD_Connection *c, const trk_route_match *m,
                                   int *status)
{
    trk_web *w = s->web;
    if (!w) { /* without --app there is no web application */
        *status = MHD_HTTP_NOT_FOUND;
        return s->r404;
    }
    const char *path = m->path ? m->path : "";
    if (strcmp(m->route->pattern, "/app/") != 0 && !m->path) {
        *status = MHD_HTTP_FOUND; /* / and /app */
        return w->redirect;
    }
    if (!*path)
        path = "index.html";
    for (int i = 0; i < w->n; i++) {
        web_file *f = &w->files[i];
        if (strcmp(f->a->path, path) != 0)
            continue;
        const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
        if (inm && trk_http_etag_matches(inm, f->etag)) {
            *status = MHD_HTTP_NOT_MODIFIED;
            return f->notmod;
        }
        *status = MHD_HTTP_OK;
        return f->ok;
    }
    *status = MHD_HTTP_NOT_FOUND;
    return w->notfound;
}
