/*
 * net.c: libcurl for webhooks (HTTP POST, curl multi) and digests (SMTP). See net.h.
 */
#include "net.h"

#include "msg.h"

#include <arpa/inet.h>
#include <errno.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int trk_net_init(void)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        trk_error("could not initialise libcurl");
        return -1;
    }
    return 0;
}

static bool v4_private(const uint8_t a[4])
{
    return a[0] == 0 || a[0] == 10 || a[0] == 127 || (a[0] == 100 && (a[1] & 0xc0) == 64) ||
           (a[0] == 169 && a[1] == 254) || (a[0] == 172 && (a[1] & 0xf0) == 16) ||
           (a[0] == 192 && a[1] == 168) || (a[0] == 192 && a[1] == 0 && a[2] == 0) ||
           (a[0] == 198 && (a[1] & 0xfe) == 18) || a[0] >= 224;
}

static bool v6_private(const uint8_t a[16])
{
    static const uint8_t zero[16];
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    static const uint8_t nat64[12] = {0, 0x64, 0xff, 0x9b};
    if (memcmp(a, zero, 15) == 0 && (a[15] == 0 || a[15] == 1)) /* :: and ::1 */
        return true;
    if (memcmp(a, mapped, 12) == 0 || memcmp(a, nat64, 12) == 0 || memcmp(a, zero, 12) == 0)
        return v4_private(a + 12);             /* ::ffff:a.b.c.d, 64:ff9b::a.b.c.d, ::a.b.c.d */
    if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) /* fe80::/10 link-local */
        return true;
    if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) /* fec0::/10 site-local (deprecated) */
        return true;
    if ((a[0] & 0xfe) == 0xfc) /* fc00::/7 unique-local */
        return true;
    if (a[0] == 0xff) /* multicast */
        return true;
    return false;
}

static bool sockaddr_private(const struct sockaddr *sa, char *text, size_t size)
{
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *s = (const struct sockaddr_in *)(const void *)sa;
        inet_ntop(AF_INET, &s->sin_addr, text, (socklen_t)size);
        return v4_private((const uint8_t *)&s->sin_addr);
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s = (const struct sockaddr_in6 *)(const void *)sa;
        inet_ntop(AF_INET6, &s->sin6_addr, text, (socklen_t)size);
        return v6_private((const uint8_t *)&s->sin6_addr);
    }
    snprintf(text, size, "(family %d)", sa->sa_family);
    return true; /* only IP is allowed at all */
}

int trk_net_literal_private(const char *text)
{
    uint8_t b[16];
    if (inet_pton(AF_INET, text, b) == 1)
        return v4_private(b) ? 1 : 0;
    if (inet_pton(AF_INET6, text, b) == 1)
        return v6_private(b) ? 1 : 0;
    return -1;
}

int trk_net_url_host(const char *url, char *host, size_t size)
{
    CURLU *u = curl_url();
    char *h = NULL;
    int rc = -1;
    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK && h) {
        size_t n = strlen(h);
        const char *p = h;
        if (n >= 2 && h[0] == '[' && h[n - 1] == ']') {
            p = h + 1;
            n -= 2;
        }
        if (n < size) {
            memcpy(host, p, n);
            host[n] = '\0';
            rc = 0;
        }
    }
    curl_free(h);
    curl_url_cleanup(u);
    return rc;
}

/* One transfer slot. */
/* The request headers of a slot: the fixed ones and up to TRK_NET_MAX_HEADERS of the caller's,
 * copied into the slot and linked as libcurl's header list without an allocation per request
 * (struct curl_slist is public; libcurl only reads the list, and it is never given to
 * curl_slist_free_all). */
#define FIXED_HEADERS 2
#define HEADER_MAX 256

typedef struct slot {
    CURL *easy;
    struct curl_slist hdrs[FIXED_HEADERS + TRK_NET_MAX_HEADERS];
    char hdrtext[TRK_NET_MAX_HEADERS][HEADER_MAX];
    trk_net_res *res;
    bool allow_private;
    bool refused;
    char refused_addr[64];
    struct timespec t0;
    void *tag; /* the caller's, returned with the result (trk_net_wait) */
    bool busy;
} slot;

struct trk_net {
    CURLM *multi;
    slot *slots;
    int nslots;
    long connect_ms, total_ms;
    int active;         /* requests in flight */
    int ep;             /* epoll: the sockets libcurl asked to be watched (CURLMOPT_SOCKETFUNCTION) */
    int ep_errno;       /* an epoll_ctl that failed, 0 when none */
    double deadline_ms; /* libcurl's timer (CURLMOPT_TIMERFUNCTION); < 0: none */
};

static curl_socket_t open_socket(void *clientp, curlsocktype purpose, struct curl_sockaddr *a)
{
    slot *s = clientp;
    (void)purpose;
    char text[64];
    if (sockaddr_private(&a->addr, text, sizeof text) && !s->allow_private) {
        s->refused = true;
        snprintf(s->refused_addr, sizeof s->refused_addr, "%s", text);
        return CURL_SOCKET_BAD;
    }
    return socket(a->family, a->socktype, a->protocol);
}

/* Before each request is sent, on a new or a reused connection: the same address rule, so that
 * a connection another hook (one allowed private addresses) opened to the same host is never
 * used for a hook that is not. */
static int before_request(void *clientp, char *ip, char *local_ip, int remote_port, int local_port)
{
    slot *s = clientp;
    (void)local_ip;
    (void)local_port;
    if (s->allow_private)
        return CURL_PREREQFUNC_OK;
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in *v4 = (struct sockaddr_in *)(void *)&ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)(void *)&ss;
    if (inet_pton(AF_INET, ip, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)remote_port);
    } else if (inet_pton(AF_INET6, ip, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)remote_port);
    } else {
        s->refused = true;
        snprintf(s->refused_addr, sizeof s->refused_addr, "%s", ip);
        return CURL_PREREQFUNC_ABORT;
    }
    char text[64];
    if (sockaddr_private((struct sockaddr *)(void *)&ss, text, sizeof text)) {
        s->refused = true;
        snprintf(s->refused_addr, sizeof s->refused_addr, "%s", text);
        return CURL_PREREQFUNC_ABORT;
    }
    return CURL_PREREQFUNC_OK;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
    slot *s = userp;
    size_t n = size * nmemb;
    size_t room = TRK_NET_BODY_MAX - s->res->body_len;
    if (n > room) {
        memcpy(s->res->body + s->res->body_len, data, room);
        s->res->body_len += room;
        s->res->body[s->res->body_len] = '\0';
        return 0; /* enough: stop reading */
    }
    memcpy(s->res->body + s->res->body_len, data, n);
    s->res->body_len += n;
    s->res->body[s->res->body_len] = '\0';
    return n;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *userp)
{
    slot *s = userp;
    size_t n = size * nmemb;
    if (n > 12 && strncasecmp(data, "Retry-After:", 12) == 0) {
        char v[128];
        size_t k = n - 12 < sizeof v - 1 ? n - 12 : sizeof v - 1;
        memcpy(v, data + 12, k);
        v[k] = '\0';
        char *p = v;
        while (*p == ' ' || *p == '\t')
            p++;
        size_t e = strlen(p);
        while (e > 0 && (p[e - 1] == '\r' || p[e - 1] == '\n' || p[e - 1] == ' '))
            p[--e] = '\0';
        if (*p && strspn(p, "0123456789") == strlen(p) && strlen(p) < 10) {
            s->res->retry_after_s = atol(p);
        } else if (*p) {
            time_t t = curl_getdate(p, NULL);
            if (t != -1) {
                long d = (long)(t - time(NULL));
                s->res->retry_after_s = d > 0 ? d : 0;
            }
        }
    }
    return n;
}

static double mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1000 + (double)t.tv_nsec / 1e6;
}

/* libcurl's socket and timer callbacks (the curl_multi_socket_action interface): trk_net_post
 * waits in epoll only on the sockets that libcurl waits on and tells it which are ready, instead
 * of curl_multi_perform looking at every transfer's socket after each wake-up. A socket stays
 * registered while its connection is kept alive; libcurl says when what it waits for changes. */
static int on_socket(CURL *e, curl_socket_t fd, int what, void *userp, void *socketp)
{
    trk_net *n = userp;
    (void)e;
    if (what == CURL_POLL_REMOVE) {
        /* The socket may already be closed (then the kernel has dropped it): not an error. */
        epoll_ctl(n->ep, EPOLL_CTL_DEL, fd, NULL);
        return 0;
    }
    struct epoll_event ev = {.events = (what & CURL_POLL_IN ? EPOLLIN : 0u) |
                                       (what & CURL_POLL_OUT ? EPOLLOUT : 0u),
                             .data.fd = fd};
    int op = socketp ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    int rc = epoll_ctl(n->ep, op, fd, &ev);
    if (rc != 0 && (errno == EEXIST || errno == ENOENT))
        rc = epoll_ctl(n->ep, errno == EEXIST ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev);
    if (rc != 0) {
        n->ep_errno = errno;
        return -1;
    }
    if (!socketp)
        curl_multi_assign(n->multi, fd, n); /* any non-NULL pointer: "registered" */
    return 0;
}

static int on_timer(CURLM *m, long timeout_ms, void *userp)
{
    trk_net *n = userp;
    (void)m;
    n->deadline_ms = timeout_ms < 0 ? -1 : mono_ms() + (double)timeout_ms;
    return 0;
}

static int slot_init(trk_net *n, slot *s);

trk_net *trk_net_new(int parallel, long connect_timeout_ms, long timeout_ms)
{
    trk_net *n = calloc(1, sizeof *n);
    if (!n)
        goto oom;
    n->nslots = parallel < 1 ? 1 : parallel;
    n->ep = epoll_create1(EPOLL_CLOEXEC);
    if (n->ep < 0) {
        trk_error("epoll_create1 failed: %s", strerror(errno));
        free(n);
        return NULL;
    }
    n->slots = calloc((size_t)n->nslots, sizeof *n->slots);
    n->multi = curl_multi_init();
    if (!n->slots || !n->multi)
        goto oom;
    curl_multi_setopt(n->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)n->nslots);
    /* The connection cache's size. libcurl's default is 4 x the handles added at the moment, so
     * it shrank as each batch's last requests finished (their handles are removed) and closed
     * kept-alive connections that the next batch then opened again: fixed at 4 x parallel, the
     * connections to a receiver stay open from one batch to the next. */
    curl_multi_setopt(n->multi, CURLMOPT_MAXCONNECTS, 4L * n->nslots);
    curl_multi_setopt(n->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
    curl_multi_setopt(n->multi, CURLMOPT_SOCKETDATA, n);
    curl_multi_setopt(n->multi, CURLMOPT_TIMERFUNCTION, on_timer);
    curl_multi_setopt(n->multi, CURLMOPT_TIMERDATA, n);
    n->deadline_ms = -1;
    n->connect_ms = connect_timeout_ms;
    n->total_ms = timeout_ms;
    for (int i = 0; i < n->nslots; i++)
        if (slot_init(n, &n->slots[i]) != 0)
            goto oom;
    return n;
oom:
    trk_error("out of memory");
    trk_net_free(n);
    return NULL;
}

void trk_net_free(trk_net *n)
{
    if (!n)
        return;
    for (int i = 0; n->slots && i < n->nslots; i++) {
        if (n->slots[i].easy)
            curl_easy_cleanup(n->slots[i].easy);
    }
    free(n->slots);
    if (n->multi)
        curl_multi_cleanup(n->multi); /* may still call on_socket: n stays until here */
    close(n->ep);
    free(n);
}

static long ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)((t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000);
}

static const char *const fixed_headers[FIXED_HEADERS] = {"Content-Type: application/json",
                                                         "Expect:"};

/* A slot's easy handle, with every option that is the same for all requests set once: they stay
 * set from one transfer to the next (start sets only the URL, headers and body). */
static int slot_init(trk_net *n, slot *s)
{
    CURL *e = s->easy = curl_easy_init();
    if (!e)
        return -1;
    for (int i = 0; i < FIXED_HEADERS; i++)
        s->hdrs[i].data = (char *)(uintptr_t)fixed_headers[i]; /* read only by libcurl */
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(e, CURLOPT_PROXY, ""); /* never a proxy from the environment */
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, n->connect_ms);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, n->total_ms);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "tracker-webhooks/1");
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, s);
    curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, before_request);
    curl_easy_setopt(e, CURLOPT_PREREQDATA, s);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, s);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, s);
    curl_easy_setopt(e, CURLOPT_PRIVATE, s);
    return 0;
}

static int start(trk_net *n, slot *s, const trk_net_req *q, trk_net_res *r)
{
    memset(r, 0, sizeof *r);
    r->retry_after_s = -1;
    s->res = r;
    s->allow_private = q->allow_private;
    s->refused = false;
    s->refused_addr[0] = '\0';
    if (q->nheaders < 0 || q->nheaders > TRK_NET_MAX_HEADERS) {
        trk_error("too many request headers (%d, at most %d)", q->nheaders, TRK_NET_MAX_HEADERS);
        return -1;
    }
    int nh = FIXED_HEADERS;
    for (int i = 0; i < q->nheaders; i++, nh++) {
        size_t len = strlen(q->headers[i]);
        if (len >= HEADER_MAX) {
            trk_error("a request header is too long (%zu bytes, at most %d)", len, HEADER_MAX - 1);
            return -1;
        }
        memcpy(s->hdrtext[i], q->headers[i], len + 1);
        s->hdrs[nh].data = s->hdrtext[i];
    }
    for (int i = 0; i < nh; i++)
        s->hdrs[i].next = i + 1 < nh ? &s->hdrs[i + 1] : NULL;
    CURL *e = s->easy;
    curl_easy_setopt(e, CURLOPT_URL, q->url);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, s->hdrs);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, q->body);
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)q->len);
    clock_gettime(CLOCK_MONOTONIC, &s->t0);
    if (curl_multi_add_handle(n->multi, e) != CURLM_OK) {
        trk_error("could not start a request");
        return -1;
    }
    s->busy = true;
    return 0;
}

static void done(trk_net *n, slot *s, CURLcode cc)
{
    trk_net_res *r = s->res;
    r->latency_ms = ms_since(&s->t0);
    curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &r->code);
    curl_multi_remove_handle(n->multi, s->easy);
    s->busy = false;
    if (s->refused) {
        r->outcome = TRK_NET_REFUSED;
        snprintf(r->error, sizeof r->error,
                 "address %s is private, loopback or link-local (the hook does not allow private "
                 "addresses)",
                 s->refused_addr);
    } else if (r->code >= 100 && (cc == CURLE_OK || cc == CURLE_WRITE_ERROR)) {
        /* A write error here is our own stop after TRK_NET_BODY_MAX bytes. */
        r->outcome = r->code >= 200 && r->code < 300 ? TRK_NET_OK : TRK_NET_HTTP_ERROR;
        if (r->outcome != TRK_NET_OK)
            snprintf(r->error, sizeof r->error, "HTTP %ld", r->code);
    } else if (cc == CURLE_OPERATION_TIMEDOUT) {
        r->outcome = TRK_NET_TIMEOUT;
        snprintf(r->error, sizeof r->error, "timed out after %ld ms", r->latency_ms);
    } else if (cc == CURLE_URL_MALFORMAT || cc == CURLE_UNSUPPORTED_PROTOCOL) {
        r->outcome = TRK_NET_REFUSED;
        snprintf(r->error, sizeof r->error, "%s", curl_easy_strerror(cc));
    } else {
        r->outcome = TRK_NET_NETWORK;
        snprintf(r->error, sizeof r->error, "%s", curl_easy_strerror(cc));
    }
}

int trk_net_idle(const trk_net *n)
{
    return n->nslots - n->active;
}

int trk_net_active(const trk_net *n)
{
    return n->active;
}

int trk_net_start(trk_net *n, const trk_net_req *q, trk_net_res *r, void *tag)
{
    for (int i = 0; i < n->nslots; i++)
        if (!n->slots[i].busy) {
            if (start(n, &n->slots[i], q, r) != 0)
                return -1;
            n->slots[i].tag = tag;
            n->active++;
            return 0;
        }
    trk_error("no idle request slot");
    return -1;
}

/* The finished transfers libcurl has queued: results filled, tags into tags[got..max). */
static int collect(trk_net *n, void **tags, int got, int max)
{
    CURLMsg *m;
    int left;
    while (got < max && (m = curl_multi_info_read(n->multi, &left))) {
        if (m->msg != CURLMSG_DONE)
            continue;
        slot *s = NULL;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&s);
        done(n, s, m->data.result);
        n->active--;
        tags[got++] = s->tag;
    }
    return got;
}

int trk_net_wait(trk_net *n, int timeout_ms, void **tags, int max)
{
    int got = collect(n, tags, 0, max); /* some may be left from the last call */
    double until = mono_ms() + timeout_ms;
    struct epoll_event evs[64];
    while (got == 0 && n->active > 0) {
        CURLMcode mc = CURLM_OK;
        int running = 0;
        double now = mono_ms();
        if (n->deadline_ms < 0 || n->deadline_ms > now) {
            /* Wait for a watched socket, libcurl's timer or the caller's limit. When libcurl's
             * timer is already due (a new transfer sets it to 0) there is no wait: its action
             * comes first. */
            double end = n->deadline_ms >= 0 && n->deadline_ms < until ? n->deadline_ms : until;
            int wait = end <= now ? 0 : (int)(end - now) + 1;
            int ready = epoll_wait(n->ep, evs, (int)(sizeof evs / sizeof evs[0]), wait);
            if (ready < 0 && errno != EINTR) {
                trk_error("epoll_wait failed: %s", strerror(errno));
                return -1;
            }
            for (int i = 0; i < ready && mc == CURLM_OK; i++) {
                uint32_t re = evs[i].events;
                int ev = (re & EPOLLIN ? CURL_CSELECT_IN : 0) |
                         (re & EPOLLOUT ? CURL_CSELECT_OUT : 0) |
                         (re & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR : 0);
                mc = curl_multi_socket_action(n->multi, evs[i].data.fd, ev, &running);
            }
        }
        if (mc == CURLM_OK && n->deadline_ms >= 0 && mono_ms() >= n->deadline_ms) {
            n->deadline_ms = -1;
            mc = curl_multi_socket_action(n->multi, CURL_SOCKET_TIMEOUT, 0, &running);
        }
        if (mc != CURLM_OK || n->ep_errno) {
            if (n->ep_errno)
                trk_error("epoll_ctl failed: %s", strerror(n->ep_errno));
            else
                trk_error("libcurl failed: %s", curl_multi_strerror(mc));
            return -1;
        }
        got = collect(n, tags, got, max);
        if (mono_ms() >= until)
            break;
    }
    return got;
}

void trk_net_cancel(trk_net *n)
{
    for (int i = 0; i < n->nslots; i++)
        if (n->slots[i].busy) {
            curl_multi_remove_handle(n->multi, n->slots[i].easy);
            n->slots[i].busy = false;
        }
    n->active = 0;
}

int trk_net_post(trk_net *n, const trk_net_req *reqs, trk_net_res *res, int count)
{
    int next = 0, left = count;
    void *tags[64];
    while (left > 0) {
        while (next < count && trk_net_idle(n) > 0)
            if (trk_net_start(n, &reqs[next], &res[next], NULL) != 0) {
                trk_net_cancel(n);
                return -1;
            } else {
                next++;
            }
        int got = trk_net_wait(n, 1000, tags, (int)(sizeof tags / sizeof tags[0]));
        if (got < 0) {
            trk_net_cancel(n);
            return -1;
        }
        left -= got;
    }
    return 0;
}

/* SMTP. */
typedef struct mail_src {
    const char *p;
    size_t left;
} mail_src;

static size_t mail_read(char *buf, size_t size, size_t nmemb, void *userp)
{
    mail_src *m = userp;
    size_t n = size * nmemb;
    if (n > m->left)
        n = m->left;
    memcpy(buf, m->p, n);
    m->p += n;
    m->left -= n;
    return n;
}

static bool host_loopback(const char *host)
{
    return strcmp(host, "localhost") == 0 || strcmp(host, "::1") == 0 ||
           strncmp(host, "127.", 4) == 0;
}

int trk_smtp_send(const trk_smtp *s, const char *from, const char *to, const char *msg, size_t len,
                  char *err, size_t errsize)
{
    char host[256];
    bool smtps = strncasecmp(s->url, "smtps://", 8) == 0;
    if ((!smtps && strncasecmp(s->url, "smtp://", 7) != 0) ||
        trk_net_url_host(s->url, host, sizeof host) != 0) {
        snprintf(err, errsize, "not an smtp:// or smtps:// URL: %s", s->url);
        return -1;
    }
    if (s->allow_plain && !host_loopback(host)) {
        snprintf(err, errsize, "plain SMTP (without STARTTLS) is allowed only to a loopback host");
        return -1;
    }
    CURL *e = curl_easy_init();
    if (!e) {
        snprintf(err, errsize, "out of memory");
        return -1;
    }
    char f[400], t[400];
    snprintf(f, sizeof f, "<%s>", from);
    snprintf(t, sizeof t, "<%s>", to);
    struct curl_slist *rcpt = curl_slist_append(NULL, t);
    mail_src src = {msg, len};
    curl_easy_setopt(e, CURLOPT_URL, s->url);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROXY, "");
    if (!smtps)
        curl_easy_setopt(e, CURLOPT_USE_SSL,
                         s->allow_plain ? (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    if (s->user) {
        curl_easy_setopt(e, CURLOPT_USERNAME, s->user);
        curl_easy_setopt(e, CURLOPT_PASSWORD, s->password ? s->password : "");
    }
    curl_easy_setopt(e, CURLOPT_MAIL_FROM, f);
    curl_easy_setopt(e, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(e, CURLOPT_READFUNCTION, mail_read);
    curl_easy_setopt(e, CURLOPT_READDATA, &src);
    curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, s->timeout_ms > 0 ? s->timeout_ms : 30000L);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
    CURLcode cc = curl_easy_perform(e);
    int rc = 0;
    if (cc != CURLE_OK) {
        long code = 0;
        curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
        snprintf(err, errsize, "%s%s", curl_easy_strerror(cc),
                 cc == CURLE_USE_SSL_FAILED ? " (the server offers no STARTTLS)" : "");
        if (code)
            snprintf(err + strlen(err), errsize - strlen(err), " (SMTP %ld)", code);
        rc = -1;
    }
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(e);
    return rc;
}
