/*
 * web_assets.h: the web application's files compiled into the binary (web/embed.cmake writes
 * the table from web/ and the vendored TimelineJS); http/web.c serves them under /app/.
 */
#ifndef TRK_WEB_ASSETS_H
#define TRK_WEB_ASSETS_H

#include <stddef.h>

typedef struct trk_web_asset {
    const char *path; /* relative to web/: "index.html", "js/app.js", "vendor/timelinejs/..." */
    const unsigned char *data;
    size_t len;
} trk_web_asset;

extern const trk_web_asset trk_web_assets[]; /* ends with {NULL, NULL, 0} */
extern const int trk_web_asset_count;

#endif
