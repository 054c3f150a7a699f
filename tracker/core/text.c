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
