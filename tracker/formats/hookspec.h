/*
 * hookspec.h: what a webhook may be (docs/alerts.md), checked the same way by `tracker hook
 * add|edit` (cmd/cmd_hook.c) and the API's /hooks (http/api_hooks.c). Each check returns a code
 * and leaves the wording to the caller (a CLI option or a JSON path); the wording itself is
 * here too, so both say the same.
 */
#ifndef TRK_HOOKSPEC_H
#define TRK_HOOKSPEC_H

#include "db.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#define TRK_HOOK_EVENT_TYPES                                                                       \
    "deadline.created, deadline.changed, deadline.cancelled, deadline.due_soon, event.created, "  \
    "case.changed"

/* "a,b" (or "all") -> "{a,b}" (a text[] literal); *due_soon: deadline.due_soon is one of them.
 * 0; 1 an unknown type (its text, up to the comma, in bad); 2 none at all. */
int trk_hook_parse_events(const char *s, char *out, size_t size, bool *due_soon, char *bad,
                          size_t badsize);

enum {
    TRK_HOOK_URL_OK = 0,
    TRK_HOOK_URL_SYNTAX = 1,
    TRK_HOOK_URL_TEXT = 2,
    TRK_HOOK_URL_PRIVATE = 3,
    TRK_HOOK_URL_CREDENTIALS = 4
};
/* An http(s) URL with a host, at most 2000 bytes, single-line text (TRK_HOOK_URL_TEXT: what
 * trk_text_check reported, under `field`), without a user name or password (a URL is shown by
 * `hook list`, the API and the worker's log; TRK_HOOK_URL_CREDENTIALS), and not a private address
 * unless allow_private (its host in host). */
int trk_hook_check_url(const char *field, const char *url, bool allow_private, char *host,
                       size_t hostsize);

/* The words for TRK_HOOK_URL_CREDENTIALS, the same in the CLI and the API. */
#define TRK_HOOK_URL_CREDENTIALS_TEXT                                                              \
    "a user name or password in the URL is not allowed: hook URLs are shown by 'tracker hook "    \
    "list', the API and the worker's log; receivers authenticate deliveries by their signature"

/* A secret: 16 to 200 printable ASCII characters without spaces. */
bool trk_hook_secret_ok(const char *s);

/* "7d,1d" -> "{10080,1440}" (an int[] literal of minutes). 0; -1 unparsable, -2 an offset not
 * positive, both with *err (a message). */
int trk_hook_parse_due_soon(const char *spec, char *out, size_t size, const char **err);

/* "{10080,1440}" -> "7d,1d" ("none" when empty). */
void trk_hook_offsets_text(const char *arr, char *out, size_t size);

/* A hook as the API's /hooks and `tracker hook list --json` show it (never its secret): append a
 * WHERE/ORDER BY to TRK_HOOK_DOC_SQL; trk_hook_doc() makes row i's object (due_soon as "7d,1d"
 * or null), NULL when out of memory. */
#define TRK_HOOK_DOC_SQL                                                                           \
    "SELECT h.id, h.due_soon::text AS ds, jsonb_build_object('id', h.id, 'url', h.url,"            \
    " 'events', to_jsonb(h.events), 'case_id', h.case_id, 'jurisdiction', h.jurisdiction,"         \
    " 'tag', h.tag, 'allow_private', h.allow_private, 'owner_account_id', h.owner_account_id,"     \
    " 'owner', a.login, 'description', h.description, 'enabled', h.disabled_at IS NULL,"           \
    " 'disabled_at', h.disabled_at, 'disabled_reason', h.disabled_reason,"                         \
    " 'failing_since', h.failing_since, 'created_at', h.created_at, 'updated_at', h.updated_at,"   \
    " 'deliveries', (SELECT jsonb_build_object('pending', count(*) FILTER (WHERE d.state ="        \
    " 'pending'), 'delivered', count(*) FILTER (WHERE d.state = 'delivered'), 'failed',"           \
    " count(*) FILTER (WHERE d.state = 'failed')) FROM delivery d WHERE d.hook_id = h.id))::text"  \
    " AS doc FROM hook h LEFT JOIN app_account a ON a.id = h.owner_account_id"
cJSON *trk_hook_doc(const trk_res *r, int i);

#endif
