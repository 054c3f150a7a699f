/*
 * hookspec.h: what a webhook may be (docs/alerts.md), checked the same way by `tracker hook
 * add|edit` (cmd/cmd_hook.c) and the API's /hooks (http/api_hooks.c). Each check returns a code
 * and leaves the wording to the caller (a CLI option or a JSON path); the wording itself is
 * here too, so both say the same.
 */
#ifndef TRK_HOOKSPEC_H
#define TRK_HOOKSPEC_H

#include <stdbool.h>
#include <stddef.h>

#define TRK_HOOK_EVENT_TYPES                                                                       \
    "deadline.created, deadline.changed, deadline.cancelled, deadline.due_soon, event.created, "  \
    "case.changed"

/* "a,b" (or "all") -> "{a,b}" (a text[] literal); *due_soon: deadline.due_soon is one of them.
 * 0; 1 an unknown type (its text, up to the comma, in bad); 2 none at all. */
int trk_hook_parse_events(const char *s, char *out, size_t size, bool *due_soon, char *bad,
                          size_t badsize);

enum { TRK_HOOK_URL_OK = 0, TRK_HOOK_URL_SYNTAX = 1, TRK_HOOK_URL_TEXT = 2, TRK_HOOK_URL_PRIVATE = 3 };
/* An http(s) URL with a host, at most 2000 bytes, single-line text (TRK_HOOK_URL_TEXT: what
 * trk_text_check reported, under `field`), and not a private address unless allow_private
 * (its host in host). */
int trk_hook_check_url(const char *field, const char *url, bool allow_private, char *host,
                       size_t hostsize);

/* A secret: 16 to 200 printable ASCII characters without spaces. */
bool trk_hook_secret_ok(const char *s);

/* "7d,1d" -> "{10080,1440}" (an int[] literal of minutes). 0; -1 unparsable, -2 an offset not
 * positive, both with *err (a message). */
int trk_hook_parse_due_soon(const char *spec, char *out, size_t size, const char **err);

/* "{10080,1440}" -> "7d,1d" ("none" when empty). */
void trk_hook_offsets_text(const char *arr, char *out, size_t size);

#endif
