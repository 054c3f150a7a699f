/*
 * fuzz_http.c: the feed server's request path and header handling (tracker/http/), without a
 * network or a database, through the layer's internal header: the route table (routes.c), the
 * access-log path (log.c) and conditional requests (conditional.c).
 *
 * The input is split at NUL bytes into: URL path, If-None-Match, If-Modified-Since, --listen.
 * Properties:
 *   - the access-log rendering of a path is printable ASCII without quotes or backslashes (no
 *     log injection), stays within its buffer (also the method's 16 bytes), and never holds a
 *     run of 16 or more token characters (tokens stay out of the logs);
 *   - a path is routed to the calendar only when it is /feeds/ + 43 URL-safe base64 characters
 *     + .ics, exactly; any route the table finds matches its pattern as a whole, and a feed
 *     route's token is 43 URL-safe characters right after /feeds/;
 *   - If-None-Match matching agrees with a reference reading of RFC 9110 weak comparison;
 *   - an If-Modified-Since date that parses re-formats and re-parses to the same instant;
 *   - --listen parsing accepts only HOST:PORT with a numeric address and a port <= 65535.
 */
#include "internal.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The next NUL-separated part of the input (malloc'd). */
static char *part(const uint8_t **p, const uint8_t *end)
{
    const uint8_t *s = *p;
    const uint8_t *z = memchr(s, 0, (size_t)(end - s));
    size_t n = z ? (size_t)(z - s) : (size_t)(end - s);
    *p = z ? z + 1 : end;
    return fuzz_strdup(s, n);
}

static bool b64url(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

static bool ref_etag_matches(const char *list, const char *etag)
{
    char *copy = strdup(list);
    bool hit = false;
    for (char *save = NULL, *item = strtok_r(copy, ",", &save); item && !hit;
         item = strtok_r(NULL, ",", &save)) {
        while (*item == ' ' || *item == '\t')
            item++;
        size_t n = strlen(item);
        while (n > 0 && (item[n - 1] == ' ' || item[n - 1] == '\t'))
            item[--n] = '\0';
        if (*item == '*') {
            hit = true;
            break;
        }
        if (item[0] == 'W' && item[1] == '/')
            item += 2;
        hit = strcmp(item, etag) == 0;
    }
    free(copy);
    return hit;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *p = data, *end = data + size;
    char *url = part(&p, end), *inm = part(&p, end), *ims = part(&p, end), *listen = part(&p, end);

    /* Logging: printable ASCII without quotes or backslashes, and no run of 16 or more token
     * characters (a token, even inside a mangled path). */
    char out[160], m[16];
    memset(out, 0x55, sizeof out);
    trk_http_log_path(url, out, sizeof out);
    FUZZ_CHECK(memchr(out, 0, sizeof out) != NULL);
    size_t run = 0;
    for (const unsigned char *c = (const unsigned char *)out; *c; c++) {
        FUZZ_CHECK(*c >= 0x20 && *c < 0x7f && *c != '"' && *c != '\\');
        run = b64url((char)*c) ? run + 1 : 0;
        FUZZ_CHECK(run < 16);
    }
    memset(m, 0x55, sizeof m);
    trk_http_log_path(url, m, sizeof m);
    FUZZ_CHECK(memchr(m, 0, sizeof m) != NULL);
    for (const unsigned char *c = (const unsigned char *)m; *c; c++)
        FUZZ_CHECK(*c >= 0x20 && *c < 0x7f);

    /* Routing: the route table's matcher. */
    size_t n = strlen(url);
    trk_route_match rm;
    const trk_route *rt = trk_route_find(url, &rm);
    bool routed = rt && strcmp(rt->pattern, "/feeds/{token}.ics") == 0;
    if (rt && rt->auth == TRK_AUTH_FEED_TOKEN) {
        FUZZ_CHECK(rm.token == url + 7 && strncmp(url, "/feeds/", 7) == 0);
        for (size_t i = 0; i < TOKEN_LEN; i++)
            FUZZ_CHECK(b64url(rm.token[i]));
        FUZZ_CHECK(rm.rest == url + 7 + TOKEN_LEN);
        FUZZ_CHECK(trk_route_shaped(rm.rest));
    }
    if (rt && !strchr(rt->pattern, '{'))
        FUZZ_CHECK(strcmp(rt->pattern, url) == 0);
    bool want = n == 7 + TOKEN_LEN + 4 && strncmp(url, "/feeds/", 7) == 0 &&
                strcmp(url + n - 4, ".ics") == 0;
    for (size_t i = 7; want && i < 7 + TOKEN_LEN; i++)
        want = b64url(url[i]);
    FUZZ_CHECK(routed == want);

    /* Conditional requests. */
    static const char etag[] = "\"3f1c0a9e6b2d4c87a1e5f00b9d2c6e41\"";
    FUZZ_CHECK(trk_http_etag_matches(inm, etag) == ref_etag_matches(inm, etag));
    FUZZ_CHECK(trk_http_etag_matches(inm, "\"\"") == ref_etag_matches(inm, "\"\""));
    time_t t;
    if (trk_http_parse_date(ims, &t) == 0) {
        char buf[64];
        time_t t2;
        trk_http_date(t, buf, sizeof buf);
        FUZZ_CHECK(trk_http_parse_date(buf, &t2) == 0 && t2 == t);
    }

    /* --listen. */
    char host[64];
    unsigned port = 99999;
    if (trk_http_parse_listen(listen, host, sizeof host, &port) == 0) {
        FUZZ_CHECK(port <= 65535 && strlen(host) < sizeof host);
        struct in_addr a4;
        struct in6_addr a6;
        FUZZ_CHECK(inet_pton(AF_INET, host, &a4) == 1 || inet_pton(AF_INET6, host, &a6) == 1);
    }
    free(url);
    free(inm);
    free(ims);
    free(listen);
    return 0;
}
