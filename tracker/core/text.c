/*
 * text.c: UTF-8 and length checks for user-supplied text.
 */
#define _GNU_SOURCE /* fopencookie */
#include "text.h"

#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

bool trk_utf8_valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c == 0)
            return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        unsigned cp;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + n >= len)
            return false;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

/* The message style: tracker: error: invalid value for --title: reason */
static int fail(const char *field, const char *why)
{
    fprintf(stderr, "tracker: error: invalid value for %s: %s\n", field, why);
    return -1;
}

int trk_text_check(const char *field, const char *s, size_t max, bool single_line)
{
    size_t len = strlen(s);
    if (len > max) {
        char why[96];
        snprintf(why, sizeof why, "too long (%zu bytes, at most %zu)", len, max);
        return fail(field, why);
    }
    if (!trk_utf8_valid(s, len))
        return fail(field, "not valid UTF-8");
    if (single_line && strpbrk(s, "\r\n"))
        return fail(field, "line breaks are not allowed here");
    return 0;
}

int trk_external_id_check(const char *field, const char *s)
{
    if (trk_text_check(field, s, TRK_TEXT_SHORT_MAX, true) != 0)
        return -1;
    if (strncmp(s, "local:", 6) == 0)
        return fail(field, "ids beginning with \"local:\" are reserved for the ids tracker derives "
                           "for records without one");
    return 0;
}

int trk_url_check(const char *field, const char *s)
{
    if (trk_text_check(field, s, 2000, true) != 0)
        return -1;
    if (strncasecmp(s, "http://", 7) != 0 && strncasecmp(s, "https://", 8) != 0)
        return fail(field, "expected an http:// or https:// URL");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p == 0x7F)
            return fail(field, "URLs cannot contain spaces or control characters");
    const char *host = strstr(s, "://") + 3;
    if (!*host || *host == '/')
        return fail(field, "URL has no host");
    return 0;
}

/*
 * The length of the UTF-8 sequence at s[0..n) (1-4), with its code point in *cp; 0 when the bytes
 * are not UTF-8 (the rules of trk_utf8_valid); -1 when they are a valid but incomplete start.
 */
static int utf8_seq(const unsigned char *s, size_t n, unsigned *cp)
{
    unsigned char c = s[0];
    int len;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        *cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        *cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        *cp = c & 0x07;
    } else {
        return 0;
    }
    for (int k = 1; k < len; k++) {
        if ((size_t)k >= n)
            return -1;
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        *cp = (*cp << 6) | (s[k] & 0x3F);
        /* Reject overlongs, surrogates and values above U+10FFFF as soon as the second byte
         * tells, so an incomplete start is only reported for a sequence that can still be valid. */
        if (k == 1 && ((len == 3 && c == 0xE0 && s[1] < 0xA0) || (len == 3 && c == 0xED && s[1] >= 0xA0) ||
                       (len == 4 && c == 0xF0 && s[1] < 0x90) || (len == 4 && c == 0xF4 && s[1] >= 0x90)))
            return 0;
    }
    return len;
}

static int cp_width(long cp)
{
    static const long zero[][2] = {{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD},
                                   {0x0610, 0x061A}, {0x064B, 0x065F}, {0x1AB0, 0x1AFF},
                                   {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x2028, 0x202E},
                                   {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F},
                                   {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}};
    static const long wide[][2] = {{0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF},
                                   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
                                   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE30, 0xFE4F},
                                   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
                                   {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD}};
    for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
        if (cp >= zero[i][0] && cp <= zero[i][1])
            return 0;
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (cp >= wide[i][0] && cp <= wide[i][1])
            return 2;
    return 1;
}

size_t trk_text_width(const char *s)
{
    size_t w = 0, n = strlen(s);
    const unsigned char *p = (const unsigned char *)s;
    while (n > 0) {
        unsigned cp;
        int len = utf8_seq(p, n, &cp);
        if (len <= 0) { /* a byte that is not UTF-8 counts one column */
            w++;
            len = 1;
        } else {
            w += (size_t)cp_width((long)cp);
        }
        p += len;
        n -= (size_t)len;
    }
    return w;
}

int trk_text_pad(const char *s, int cols)
{
    size_t w = trk_text_width(s), bytes = strlen(s);
    return w >= (size_t)cols ? (int)bytes : (int)(bytes + ((size_t)cols - w));
}

size_t trk_text_display(trk_sb *out, const char *str, size_t n, unsigned flags)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, run = 0; /* s[run..i) is plain text not yet copied */
    while (i < n) {
        unsigned cp;
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x7F) {
            i++;
            continue;
        }
        if (c == '\n' && (flags & TRK_DISPLAY_KEEP_LF)) {
            i++;
            continue;
        }
        int len = utf8_seq(s + i, n - i, &cp);
        if (len < 0 && (flags & TRK_DISPLAY_PARTIAL))
            break;
        if (len > 1 && !(cp >= 0x80 && cp <= 0x9F)) {
            i += (size_t)len;
            continue;
        }
        trk_sb_add(out, str + run, i - run);
        if (len == 2)
            trk_sb_printf(out, "\\u%04x", cp); /* a C1 control */
        else
            trk_sb_printf(out, "\\x%02x", c); /* a C0 control, DEL, or a byte that is not UTF-8 */
        i += len == 2 ? 2 : 1;
        run = i;
    }
    trk_sb_add(out, str + run, i - run);
    return i;
}

/* A display stream: the cookie of stdout or stderr after trk_display_install. */
typedef struct display {
    int fd;                 /* where the escaped text goes */
    unsigned char held[4];  /* an incomplete UTF-8 sequence from the end of the last write */
    size_t nheld;
    FILE *flush_first;      /* the data stream on the same descriptor (stdout's) */
    trk_sb sb;
} display;

static FILE *data_out, *real_err;

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static ssize_t display_write(void *cookie, const char *buf, size_t size)
{
    display *d = cookie;
    const unsigned flags = TRK_DISPLAY_KEEP_LF | TRK_DISPLAY_PARTIAL;
    size_t i = 0;
    trk_sb_reset(&d->sb);
    /* First complete the sequence held from the last write, a byte at a time (at most 3). */
    while (d->nheld > 0 && i < size) {
        d->held[d->nheld++] = (unsigned char)buf[i++];
        size_t used = trk_text_display(&d->sb, (const char *)d->held, d->nheld, flags);
        memmove(d->held, d->held + used, d->nheld - used);
        d->nheld -= used;
    }
    i += trk_text_display(&d->sb, buf + i, size - i, flags);
    memcpy(d->held + d->nheld, buf + i, size - i); /* an incomplete sequence: under 4 bytes */
    d->nheld += size - i;
    if (d->flush_first)
        fflush(d->flush_first); /* data written to the same descriptor before this text */
    if (d->sb.oom || write_all(d->fd, d->sb.p ? d->sb.p : "", d->sb.n) != 0)
        return -1;
    return (ssize_t)size;
}

static int display_close(void *cookie)
{
    display *d = cookie;
    int rc = 0;
    if (d->nheld > 0) { /* the output ended inside a sequence: show the bytes */
        trk_sb_reset(&d->sb);
        trk_text_display(&d->sb, (const char *)d->held, d->nheld, TRK_DISPLAY_KEEP_LF);
        rc = write_all(d->fd, d->sb.p ? d->sb.p : "", d->sb.n);
    }
    trk_sb_release(&d->sb);
    free(d);
    return rc;
}

static FILE *display_open(int fd, int mode, FILE *flush_first)
{
    display *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->fd = fd;
    d->flush_first = flush_first;
    FILE *f = fopencookie(d, "w", (cookie_io_functions_t){.write = display_write,
                                                          .close = display_close});
    if (!f) {
        free(d);
        return NULL;
    }
    setvbuf(f, NULL, mode, mode == _IONBF ? 0 : BUFSIZ);
    return f;
}

/* At exit: write out what the display streams hold, put the real streams back, free them. */
static void display_uninstall(void)
{
    FILE *o = stdout, *e = stderr;
    fflush(o);
    fflush(e);
    stdout = data_out;
    stderr = real_err;
    data_out = NULL;
    fclose(o);
    fclose(e);
}

int trk_display_install(void)
{
    if (data_out)
        return 0;
    fflush(stdout);
    fflush(stderr);
    FILE *o = display_open(STDOUT_FILENO, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF, stdout);
    FILE *e = display_open(STDERR_FILENO, _IONBF, NULL);
    if (!o || !e) {
        if (o)
            fclose(o);
        if (e)
            fclose(e);
        return -1;
    }
    data_out = stdout;
    real_err = stderr;
    stdout = o; /* glibc's stdout and stderr are ordinary variables, meant to be assignable */
    stderr = e;
    atexit(display_uninstall);
    return 0;
}

FILE *trk_term_err(void)
{
    if (!data_out)
        return stderr;
    fflush(stderr);
    return real_err;
}

FILE *trk_data_out(void)
{
    if (!data_out)
        return stdout;
    fflush(stdout);
    return data_out;
}

const char *trk_text_show(const char *s, char *buf, size_t size)
{
    size_t n = 0, max = size - 4;
    for (; *s && n < max; s++)
        buf[n++] = ((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s;
    if (*s) {
        while (n > 0 && ((unsigned char)buf[n - 1] & 0xC0) == 0x80)
            n--;
        if (n > 0 && (unsigned char)buf[n - 1] >= 0xC0)
            n--;
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n] = '\0';
    return buf;
}

void trk_html_escape(trk_sb *out, const char *s)
{
    if (!s)
        return;
    const char *run = s;
    for (const char *p = s; *p; p++) {
        const char *e;
        switch (*p) {
        case '&':
            e = "&amp;";
            break;
        case '<':
            e = "&lt;";
            break;
        case '>':
            e = "&gt;";
            break;
        case '"':
            e = "&quot;";
            break;
        case '\'':
            e = "&#39;";
            break;
        default:
            continue;
        }
        trk_sb_add(out, run, (size_t)(p - run));
        trk_sb_puts(out, e);
        run = p + 1;
    }
    trk_sb_puts(out, run);
}
