/*
 * text.c: UTF-8 and length checks for user-supplied text.
 */
#include "text.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

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

/* Decode one UTF-8 sequence at s (valid or not): its code point, or -1 for a bad byte; *len gets
 * the bytes consumed (at least 1). */
static long decode(const unsigned char *s, size_t *len)
{
    unsigned char c = s[0];
    size_t n = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
                            : c >= 0xF0 && c <= 0xF4 ? 3 : 4;
    *len = 1;
    if (n == 0)
        return c;
    if (n == 4)
        return -1;
    long cp = c & (0x3F >> n);
    for (size_t k = 1; k <= n; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    *len = n + 1;
    return cp;
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
    size_t w = 0, len;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        long cp = decode(p, &len);
        w += cp < 0 ? 1 : (size_t)cp_width(cp);
        p += len;
    }
    return w;
}

int trk_text_pad(const char *s, int cols)
{
    size_t w = trk_text_width(s), bytes = strlen(s);
    return w >= (size_t)cols ? (int)bytes : (int)(bytes + ((size_t)cols - w));
}
