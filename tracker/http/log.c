/*
 * log.c: one line per request on stderr (the access log) and libmicrohttpd's own messages,
 * never with a token in them.
 */
#include "internal.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

void trk_http_log(const char *fmt, ...)
{
    char buf[1024];
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ ", &tm);
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + n, sizeof buf - n - 1, fmt, ap);
    va_end(ap);
    if (k < 0)
        return;
    n += (size_t)k < sizeof buf - n - 1 ? (size_t)k : sizeof buf - n - 2;
    buf[n++] = '\n';
    /* One write per line: lines from worker threads never interleave. */
    ssize_t w = write(STDERR_FILENO, buf, n);
    (void)w;
}

bool trk_http_token_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

/* Copy `in` for a log line: any run of `minrun` or more token characters becomes "[token]",
 * control and non-ASCII bytes, quotes and backslashes become '?', cut at `max` bytes. */
void trk_http_redact(const char *in, char *out, size_t size, size_t minrun, size_t max)
{
    size_t j = 0;
    const unsigned char *p = (const unsigned char *)in;
    while (*p && j + 8 < size) {
        size_t run = 0;
        while (trk_http_token_char(p[run]))
            run++;
        if (run >= minrun) {
            memcpy(out + j, "[token]", 7);
            j += 7;
            p += run;
            continue;
        }
        if (j >= max) {
            memcpy(out + j, "...", 3);
            j += 3;
            break;
        }
        if (run > 0) {
            for (size_t k = 0; k < run && j + 8 < size; k++)
                out[j++] = (char)p[k];
            p += run;
            continue;
        }
        out[j++] = (*p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\') ? '?' : (char)*p;
        p++;
    }
    out[j] = '\0';
}

/* The path as logged: no token, not even a mangled one. Under /feeds/ the first segment (the
 * token, whatever its shape) is logged as "[token]", followed by the rest of the path when it has
 * the shape of a route of the table (".ics", "/timeline.json", "/reports/fines.csv"; even there
 * any run of 12 or more token characters becomes "[token]"), else by "[...]". Elsewhere any run
 * of 12 or more token characters becomes "[token]". Cut at 120 bytes, printable ASCII only. */
void trk_http_log_path(const char *url, char *out, size_t size)
{
    if (strncmp(url, "/feeds/", 7) == 0) {
        const char *rest = url + 7;
        while (trk_http_token_char((unsigned char)*rest))
            rest++;
        char tail[128];
        if (trk_route_shaped(rest))
            trk_http_redact(rest, tail, sizeof tail, 12, 100);
        else
            snprintf(tail, sizeof tail, "%s", *rest ? "[...]" : "");
        snprintf(out, size, "/feeds/[token]%s", tail);
        return;
    }
    trk_http_redact(url, out, size, 12, 120);
}

void trk_http_mhd_logger(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512], safe[600];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    /* libmicrohttpd's messages may quote the request URL: tokens are cut out like in access lines.
     */
    trk_http_redact(msg, safe, sizeof safe, 20, 400);
    trk_http_log("http: %s", safe);
}

void trk_http_access_log(struct MHD_Connection *c, const char *method, const char *url,
                         int status, size_t bytes, long long feed_id, const struct timespec *t0)
{
    char addr[INET6_ADDRSTRLEN] = "-";
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr,
                      sizeof addr);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, addr,
                      sizeof addr);
    }
    char path[160], m[32];
    trk_http_log_path(url, path, sizeof path);
    trk_http_redact(method, m, sizeof m, 12, 16);
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
    char feed[32] = "-";
    if (feed_id > 0)
        snprintf(feed, sizeof feed, "%lld", feed_id);
    trk_http_log("access %s \"%s %s\" %d %zu feed=%s %.3fms", addr, m, path, status, bytes, feed,
                 ms);
}
