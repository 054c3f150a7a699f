/*
 * strbuf.c: the growable string buffer and its COPY and JSON encoders.
 */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(trk_sb *b, size_t n)
{
    if (b->oom)
        return false;
    if (b->n + n + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap * 2 : 256;
    while (cap < b->n + n + 1)
        cap *= 2;
    char *g = realloc(b->p, cap);
    if (!g) {
        b->oom = true;
        return false;
    }
    b->p = g;
    b->cap = cap;
    return true;
}

void trk_sb_add(trk_sb *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void trk_sb_puts(trk_sb *b, const char *s)
{
    trk_sb_add(b, s, strlen(s));
}

void trk_sb_printf(trk_sb *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)n;
}

void trk_sb_copy_text(trk_sb *b, const char *s)
{
    if (!s) {
        trk_sb_add(b, "\\N", 2);
    } else {
        const char *run = s;
        for (const char *p = s; *p; p++) {
            const char *esc = *p == '\\' ? "\\\\"
                              : *p == '\t' ? "\\t"
                              : *p == '\n' ? "\\n"
                              : *p == '\r' ? "\\r"
                                           : NULL;
            if (esc) {
                trk_sb_add(b, run, (size_t)(p - run));
                trk_sb_add(b, esc, 2);
                run = p + 1;
            }
        }
        trk_sb_puts(b, run);
    }
}

void trk_sb_copy_field(trk_sb *b, const char *s, bool last)
{
    trk_sb_copy_text(b, s);
    trk_sb_add(b, last ? "\n" : "\t", 1);
}

void trk_sb_json_str(trk_sb *b, const char *s)
{
    if (!s) {
        trk_sb_add(b, "null", 4);
        return;
    }
    trk_sb_add(b, "\"", 1);
    const char *run = s;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        const char *e = NULL;
        switch (*p) {
        case '"': e = "\\\""; break;
        case '\\': e = "\\\\"; break;
        case '\b': e = "\\b"; break;
        case '\f': e = "\\f"; break;
        case '\n': e = "\\n"; break;
        case '\r': e = "\\r"; break;
        case '\t': e = "\\t"; break;
        default:
            if (*p < 0x20 || *p == 0x7f) {
                snprintf(esc, sizeof esc, "\\u%04x", *p);
                e = esc;
            }
        }
        if (e) {
            trk_sb_add(b, run, (size_t)((const char *)p - run));
            trk_sb_puts(b, e);
            run = (const char *)p + 1;
        }
    }
    trk_sb_puts(b, run);
    trk_sb_add(b, "\"", 1);
}

void trk_sb_reset(trk_sb *b)
{
    b->n = 0;
    if (b->p)
        b->p[0] = '\0';
}

char *trk_sb_detach(trk_sb *b)
{
    char *p = b->oom ? NULL : b->p;
    if (!p && !b->oom)
        p = calloc(1, 1);
    if (b->oom)
        free(b->p);
    *b = (trk_sb)TRK_SB_INIT;
    return p;
}

void trk_sb_release(trk_sb *b)
{
    free(b->p);
    *b = (trk_sb)TRK_SB_INIT;
}

static void jw_member(trk_jw *w, const char *key)
{
    if (w->more[w->depth])
        trk_sb_add(&w->sb, ",", 1);
    w->more[w->depth] = true;
    if (key) {
        trk_sb_json_str(&w->sb, key);
        trk_sb_add(&w->sb, ":", 1);
    }
}

void trk_jw_begin(trk_jw *w, const char *key, bool array)
{
    jw_member(w, key);
    trk_sb_add(&w->sb, array ? "[" : "{", 1);
    if (w->depth < TRK_JW_DEPTH)
        w->more[++w->depth] = false;
    else
        w->sb.oom = true; /* too deep: the document is refused as a whole */
}

void trk_jw_end(trk_jw *w, bool array)
{
    trk_sb_add(&w->sb, array ? "]" : "}", 1);
    if (w->depth > 0)
        w->depth--;
}

void trk_jw_str(trk_jw *w, const char *key, const char *v)
{
    jw_member(w, key);
    trk_sb_json_str(&w->sb, v);
}

void trk_jw_int(trk_jw *w, const char *key, long long v)
{
    jw_member(w, key);
    trk_sb_printf(&w->sb, "%lld", v);
}

void trk_jw_bool(trk_jw *w, const char *key, bool v)
{
    jw_member(w, key);
    trk_sb_puts(&w->sb, v ? "true" : "false");
}

void trk_jw_raw(trk_jw *w, const char *key, const char *json)
{
    jw_member(w, key);
    trk_sb_puts(&w->sb, json ? json : "null");
}
