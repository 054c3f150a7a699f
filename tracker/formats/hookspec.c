/* hookspec.c: see hookspec.h. */
#include "hookspec.h"

#include "ics.h"
#include "net.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const event_types[] = {"deadline.created", "deadline.changed",
                                          "deadline.cancelled", "deadline.due_soon",
                                          "event.created", "case.changed", NULL};

int trk_hook_parse_events(const char *s, char *out, size_t size, bool *due_soon, char *bad,
                          size_t badsize)
{
    size_t j = 0;
    *due_soon = false;
    out[j++] = '{';
    if (strcmp(s, "all") == 0)
        s = "deadline.created,deadline.changed,deadline.cancelled,deadline.due_soon,"
            "event.created,case.changed";
    const char *p = s;
    int n = 0;
    while (*p) {
        size_t len = strcspn(p, ",");
        bool known = false;
        for (int i = 0; event_types[i]; i++)
            if (strlen(event_types[i]) == len && strncmp(p, event_types[i], len) == 0)
                known = true;
        if (!known || j + len + 2 >= size) {
            snprintf(bad, badsize, "%.*s", (int)len, p);
            return 1;
        }
        if (len == 17 && strncmp(p, "deadline.due_soon", len) == 0)
            *due_soon = true;
        j += (size_t)snprintf(out + j, size - j, "%s%.*s", n++ ? "," : "", (int)len, p);
        p += len;
        if (*p == ',')
            p++;
    }
    if (n == 0)
        return 2;
    out[j++] = '}';
    out[j] = '\0';
    return 0;
}

int trk_hook_check_url(const char *field, const char *url, bool allow_private, char *host,
                       size_t hostsize)
{
    if ((strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) ||
        trk_net_url_host(url, host, hostsize) != 0 || strlen(url) > 2000)
        return TRK_HOOK_URL_SYNTAX;
    if (trk_text_check(field, url, 2000, true) != 0)
        return TRK_HOOK_URL_TEXT;
    const char *auth = strstr(url, "://") + 3; /* the scheme was checked above */
    if (memchr(auth, '@', strcspn(auth, "/?#")))
        return TRK_HOOK_URL_CREDENTIALS;
    int priv = trk_net_literal_private(host);
    size_t n = strlen(host);
    if (!allow_private && (priv == 1 || strcmp(host, "localhost") == 0 ||
                           (n > 10 && strcmp(host + n - 10, ".localhost") == 0)))
        return TRK_HOOK_URL_PRIVATE;
    return TRK_HOOK_URL_OK;
}

bool trk_hook_secret_ok(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e)
            return false;
    return n >= 16 && n <= 200;
}

int trk_hook_parse_due_soon(const char *spec, char *out, size_t size, const char **err)
{
    int *v = NULL, n = 0;
    if (trk_ics_parse_offsets(spec, false, &v, &n, err) != 0)
        return -1;
    size_t j = 0;
    out[j++] = '{';
    for (int i = 0; i < n && j + 14 < size; i++) {
        if (v[i] <= 0) {
            free(v);
            *err = "offsets must be positive";
            return -2;
        }
        j += (size_t)snprintf(out + j, size - j, "%s%d", i ? "," : "", v[i]);
    }
    out[j++] = '}';
    out[j] = '\0';
    free(v);
    return 0;
}

void trk_hook_offsets_text(const char *arr, char *out, size_t size)
{
    size_t j = 0;
    out[0] = '\0';
    const char *p = arr ? arr + 1 : "";
    while (*p && *p != '}' && j + 20 < size) {
        char b[16];
        int m = atoi(p);
        j += (size_t)snprintf(out + j, size - j, "%s%s", j ? "," : "", trk_ics_format_offset(m, b));
        p += strcspn(p, ",}");
        if (*p == ',')
            p++;
    }
    if (!out[0])
        snprintf(out, size, "none");
}

cJSON *trk_hook_doc(const trk_res *r, int i)
{
    cJSON *o = cJSON_Parse(trk_res_val(r, i, "doc"));
    if (!o)
        return NULL;
    const char *ds = trk_res_val(r, i, "ds");
    if (ds && strcmp(ds, "{}") != 0) {
        char t[256];
        trk_hook_offsets_text(ds, t, sizeof t);
        cJSON_AddStringToObject(o, "due_soon", t);
    } else {
        cJSON_AddNullToObject(o, "due_soon");
    }
    return o;
}
