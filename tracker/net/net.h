/*
 * net.h: outgoing HTTP and SMTP (tracker/net/, the only folder that may include <curl/curl.h>).
 *
 * HTTP POSTs for webhooks: connect and total timeouts, no redirects, TLS verification on, no
 * proxy from the environment, http and https only, at most TRK_NET_BODY_MAX bytes of a response
 * body kept (a longer one is cut off: the transfer stops there), and every address the name
 * resolves to checked just before the socket is made (CURLOPT_OPENSOCKETFUNCTION): loopback,
 * link-local, private, unique-local, CGNAT, multicast and unspecified addresses, IPv4 and IPv6
 * (mapped IPv4 included), are refused unless the request allows private addresses.
 * Several requests run at once over one connection cache (curl multi), so connections to a
 * receiver are kept alive from one batch to the next.
 *
 * SMTP for digests: smtp:// with STARTTLS required, or smtps://; plain SMTP only to a loopback
 * host and only when asked for (tests). Credentials come from the caller (a file or the
 * environment, never the command line).
 */
#ifndef TRK_NET_H
#define TRK_NET_H

#include <stdbool.h>
#include <stddef.h>

#define TRK_NET_BODY_MAX 4096
#define TRK_NET_MAX_HEADERS 8 /* request headers besides Content-Type, each < 256 bytes */

/* Outcome of one request. */
enum {
    TRK_NET_OK = 0,      /* 2xx */
    TRK_NET_HTTP_ERROR,  /* a response with another status */
    TRK_NET_TIMEOUT,     /* connect or total timeout */
    TRK_NET_NETWORK,     /* DNS, connection refused, TLS, reset ... */
    TRK_NET_REFUSED      /* the address is not allowed (private, loopback ...) or bad URL */
};

typedef struct trk_net_req {
    const char *url;
    const char *body;
    size_t len;
    const char *const *headers; /* "Name: value" lines */
    int nheaders;
    bool allow_private;
} trk_net_req;

typedef struct trk_net_res {
    int outcome;
    long code;              /* HTTP status, 0 when none */
    long latency_ms;
    long retry_after_s;     /* Retry-After in seconds, -1 when absent */
    char error[256];        /* what went wrong, "" when ok */
    char body[TRK_NET_BODY_MAX + 1];
    size_t body_len;
} trk_net_res;

typedef struct trk_net trk_net;

/* Once per process, before anything else here (main does it). 0, or -1 after trk_error. */
int trk_net_init(void);

/* A client running at most `parallel` requests at once; timeouts in milliseconds. */
trk_net *trk_net_new(int parallel, long connect_timeout_ms, long timeout_ms);
void trk_net_free(trk_net *n); /* NULL is a no-op */

/* Run n requests (at most `parallel` at a time) and fill res[0..n). Returns 0, -1 when the
 * client itself failed (out of memory; reported; the requests in flight are dropped). Not to be
 * mixed with requests of trk_net_start still in flight. */
int trk_net_post(trk_net *n, const trk_net_req *reqs, trk_net_res *res, int count);

/* The same, one request at a time, for a caller that keeps the slots busy across batches:
 * trk_net_start starts q (its strings, and res, must stay until it is done) in an idle slot
 * (trk_net_idle() > 0) and tags it; trk_net_wait runs the transfers until at least one is done or
 * timeout_ms have passed, and puts the tags of at most max finished ones in tags (their res is
 * filled). It returns how many (0 on the timeout, or when none is in flight), or -1 when the
 * client failed (reported; the requests in flight are then in an unknown state). */
int trk_net_idle(const trk_net *n);
int trk_net_active(const trk_net *n);
int trk_net_start(trk_net *n, const trk_net_req *q, trk_net_res *res, void *tag);
int trk_net_wait(trk_net *n, int timeout_ms, void **tags, int max);
/* Drop every request in flight (their results are not filled): after a failure, so that the
 * client can be used again. */
void trk_net_cancel(trk_net *n);

/* Whether the address family/bytes given are private (loopback, link-local, private,
 * unique-local, ...): for tests and for checking literal addresses early. `text` is an IPv4 or
 * IPv6 literal; returns 1 private, 0 public, -1 not an address literal. */
int trk_net_literal_private(const char *text);

/* The host of an http(s):// or smtp(s):// URL into host (without brackets); 0 or -1. */
int trk_net_url_host(const char *url, char *host, size_t size);

typedef struct trk_smtp {
    const char *url;      /* smtp://host:port or smtps://host:port */
    const char *user;     /* NULL: no authentication */
    const char *password;
    bool allow_plain;     /* no STARTTLS: only for a loopback host */
    long timeout_ms;
} trk_smtp;

/* Send one message (RFC 5322 text with CRLF line ends) from `from` to `to`. 0, or -1 with the
 * reason in err. */
int trk_smtp_send(const trk_smtp *s, const char *from, const char *to, const char *msg,
                  size_t len, char *err, size_t errsize);

#endif
