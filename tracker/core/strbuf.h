/*
 * strbuf.h: the one growable string buffer, with the text encodings tracker writes by hand:
 * PostgreSQL COPY text fields and JSON string literals.
 *
 * A buffer starts as TRK_SB_INIT (all zero). Appends never fail loudly: on out of memory the buffer
 * remembers it (oom) and ignores further appends; the owner checks trk_sb_detach()'s NULL or
 * b->oom once at the end. The contents are always NUL-terminated after the first append.
 * Ownership: the buffer owns p until trk_sb_detach() hands it to the caller (who frees it) or
 * trk_sb_release() frees it.
 */
#ifndef TRK_STRBUF_H
#define TRK_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct trk_sb {
    char *p;
    size_t n, cap;
    bool oom;
} trk_sb;

#define TRK_SB_INIT {NULL, 0, 0, false}

void trk_sb_add(trk_sb *b, const char *s, size_t n);
void trk_sb_puts(trk_sb *b, const char *s);
void trk_sb_printf(trk_sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A COPY text-format value: \N for NULL; backslash, tab, newline and CR escaped. */
void trk_sb_copy_text(trk_sb *b, const char *s);
/* The same, then the field's separator: a tab, or a newline when `last`. */
void trk_sb_copy_field(trk_sb *b, const char *s, bool last);

/* A JSON string literal of `s` with its quotes (null for NULL): ", \, control characters and
 * DEL escaped (\n, \t, ... or \u00XX); other bytes (UTF-8) as they are. */
void trk_sb_json_str(trk_sb *b, const char *s);

/* Empty the buffer, keeping its memory. */
void trk_sb_reset(trk_sb *b);

/* The contents, owned by the caller (free()); NULL when an append ran out of memory. The buffer
 * is empty afterwards. */
char *trk_sb_detach(trk_sb *b);

/* Free the contents. Safe on a zero buffer. */
void trk_sb_release(trk_sb *b);

/*
 * A JSON writer on a buffer, for the documents the pure engine writes itself (a deadline's
 * explanation, stored as jsonb): objects and arrays nest up to TRK_JW_DEPTH levels; `key` names a
 * member inside an object and is NULL inside an array or at the top. No validation beyond that:
 * the caller writes well-formed sequences. Strings are escaped by trk_sb_json_str.
 */
#define TRK_JW_DEPTH 8
typedef struct trk_jw {
    trk_sb sb;
    int depth;
    bool more[TRK_JW_DEPTH + 1]; /* a member was written at this level */
} trk_jw;

void trk_jw_begin(trk_jw *w, const char *key, bool array);
void trk_jw_end(trk_jw *w, bool array);
void trk_jw_str(trk_jw *w, const char *key, const char *v); /* NULL -> null */
void trk_jw_int(trk_jw *w, const char *key, long long v);
void trk_jw_bool(trk_jw *w, const char *key, bool v);
/* A value that is already JSON text (e.g. an array written by another writer). */
void trk_jw_raw(trk_jw *w, const char *key, const char *json);

#endif
