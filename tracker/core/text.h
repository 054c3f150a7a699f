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

/*
 * Display width of s in a terminal's columns: one per character, none for combining marks and
 * zero-width characters, two for wide (East Asian, emoji) characters; a byte that is not valid
 * UTF-8 counts one. "10 сутки" is 8 columns (and 13 bytes).
 */
size_t trk_text_width(const char *s);

/* The printf field width for "%-*s" that pads s to `cols` display columns (never less than
 * strlen(s), so a longer s is printed whole). */
int trk_text_pad(const char *s, int cols);

#endif
