/*
 * text.h: validation of user text before it reaches the database or an export, and its safe
 * display on a terminal. Pure.
 */
#ifndef TRK_TEXT_H
#define TRK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define TRK_TEXT_SHORT_MAX 1000   /* bytes: titles, names, dockets, tags, publishers */
#define TRK_TEXT_LONG_MAX 100000  /* bytes: summaries, descriptions, URLs are short */

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, no NUL). */
bool trk_utf8_valid(const char *s, size_t len);

/*
 * Check a text value for field `field`: valid UTF-8, at most `max` bytes, and (when
 * `single_line`) without CR or LF. Reports "invalid value for FIELD: reason" and returns -1.
 */
int trk_text_check(const char *field, const char *s, size_t max, bool single_line);

/*
 * Check an external id a user gives (--external-id): one line of text like a name, and not in
 * the "local:" namespace, which belongs to the ids tracker derives for records without one
 * (docs/interchange.md), so that a user's id never equals an id an export makes up.
 */
int trk_external_id_check(const char *field, const char *s);

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

/*
 * Text for display (a terminal, a text table). Stored text stays verbatim (database, JSON,
 * exports), but a title holding ESC ] 52 ... BEL would write the clipboard of whoever runs
 * `case list`. So every text the CLI prints goes through trk_text_display, which copies UTF-8 text
 * and writes control characters visibly:
 *   C0 controls and DEL   as \xHH   (ESC -> \x1b, CR -> \x0d, TAB -> \x09, BEL -> \x07)
 *   C1 controls           as \u00HH (U+009B, the one-character CSI, -> \u009b)
 *   bytes that are not UTF-8 as \xHH (\xff)
 * LF is kept with TRK_DISPLAY_KEEP_LF (the output's own line breaks, multi-line fields), else
 * written as \x0a. A backslash is not escaped: "\x1b" typed as four characters shows the same;
 * the JSON output (--json) tells them apart.
 * With TRK_DISPLAY_PARTIAL an incomplete UTF-8 sequence at the end of s is not consumed (a stream
 * passes it again with the next bytes). Returns the number of bytes of s consumed.
 */
#define TRK_DISPLAY_KEEP_LF 1u
#define TRK_DISPLAY_PARTIAL 2u
struct trk_sb;
size_t trk_text_display(struct trk_sb *out, const char *s, size_t n, unsigned flags);

/* Append s (NULL: nothing) to out escaped for HTML text and attribute values: & < > " ' become
 * &amp; &lt; &gt; &quot; &#39;, every other byte is copied. The one escaper of the HTML outputs
 * (the timeline, the digest mail). */
void trk_html_escape(struct trk_sb *out, const char *s);

/*
 * Make stdout and stderr display streams: everything written to them goes through
 * trk_text_display (LF kept), whoever writes it. Data formats (JSON, iCalendar, CSV, HTML, the
 * exports) are written to trk_data_out() instead, byte for byte. Call once, first thing in main.
 * Returns 0, or -1 when the streams could not be made (they stay as they were).
 */
int trk_display_install(void);

/* The stream data formats are written to: the process's real stdout (after flushing what was
 * printed for display before it, so the order holds). stdout itself without trk_display_install. */
FILE *trk_data_out(void);
/* The same for stderr: for the program's own terminal control (the import's progress bar). */
FILE *trk_term_err(void);

/* A short printable rendering of a user value for messages, into buf (size >= 8): control
 * characters become '?', a long value is cut at a character boundary and ends in "...". */
const char *trk_text_show(const char *s, char *buf, size_t size);

#endif
