/*
 * fuzz_common.h: helpers shared by the libFuzzer harnesses (fuzz/fuzz_*.c).
 *
 * A failed property is reported with FUZZ_CHECK, which prints the file, line and condition and
 * aborts, so libFuzzer saves the input as a crash artifact.
 */
#ifndef TRK_FUZZ_COMMON_H
#define TRK_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond);          \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* A NUL-terminated malloc'd copy of data[0..size) (the caller frees). Embedded NULs stay: C
 * string functions then see a prefix, as they would from argv or libpq. */
static inline char *fuzz_strdup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* Silence stderr around calls that report user errors there (trk_error ...): the messages are
 * expected and would drown libFuzzer's output. Crash reports still reach the real stderr. */
static int fuzz_saved_stderr = -1;
static inline void fuzz_quiet_begin(void)
{
    static int devnull = -1;
    if (devnull < 0)
        devnull = open("/dev/null", O_WRONLY);
    fflush(stderr);
    fuzz_saved_stderr = dup(2);
    dup2(devnull, 2);
}
static inline void fuzz_quiet_end(void)
{
    fflush(stderr);
    dup2(fuzz_saved_stderr, 2);
    close(fuzz_saved_stderr);
    fuzz_saved_stderr = -1;
}

/*
 * Reference UTF-8 decoder, written independently of text.c from RFC 3629's table: returns the
 * length of the well-formed sequence at s[0..len), or 0 when it is ill-formed.
 */
static inline size_t fuzz_utf8_seq(const unsigned char *s, size_t len)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    unsigned lo = 0x80, hi = 0xBF;
    size_t n;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c == 0xE0)
        n = 3, lo = 0xA0;
    else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
        n = 3;
    else if (c == 0xED)
        n = 3, hi = 0x9F; /* no surrogates */
    else if (c == 0xF0)
        n = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3)
        n = 4;
    else if (c == 0xF4)
        n = 4, hi = 0x8F;
    else
        return 0;
    if (len < n)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < n; k++)
        if (s[k] < 0x80 || s[k] > 0xBF)
            return 0;
    return n;
}

/* Reference validator: well-formed UTF-8 without NUL. */
static inline int fuzz_utf8_ok(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        if (s[i] == 0)
            return 0;
        size_t n = fuzz_utf8_seq(s + i, len - i);
        if (n == 0)
            return 0;
        i += n;
    }
    return 1;
}

#endif
