/*
 * text.h: validation of user text before it reaches the database or an export. Pure.
 */
#ifndef TRK_TEXT_H
#define TRK_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#define TRK_TEXT_SHORT_MAX 1000   /* bytes: titles, names, dockets, tags, publishers */
#define TRK_TEXT_LONG_MAX 100000  /* bytes: summaries, descriptions, URLs are short */

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, no NUL). */
bool trk_utf8_valid(const char *s, size_t len);

/*
 * Check a text value for field `field`: valid UTF-8, at most `max` bytes, and (when
 * `single_line`) without CR or LF. Reports "invalid value for FIELD: reason" and returns -1.
 */
int trk_text_check(const char *field, const char *s, size_t max, bool single_line);

/* Check a URL: http or https scheme, no spaces or control characters, at most 2000 bytes. */
int trk_url_check(const char *field, const char *s);

#endif
