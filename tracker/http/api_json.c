/*
 * api_json.c: strict JSON request bodies, JSON Merge Patch (RFC 7396), ETags of JSON values and
 * resolving {id} path segments.
 */
#include "api.h"

#include "crypto.h"
#include "import.h"
#include "json_out.h"
#include "msg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool api_utf8_ok(const char *s, size_t n, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        size_t k;
        unsigned min;
        if (c == 0)
            goto fail;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            k = 1;
            min = 0x80;
            c &= 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            k = 2;
            min = 0x800;
            c &= 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            k = 3;
            min = 0x10000;
            c &= 0x07;
        } else {
            goto fail;
        }
        for (size_t j = 1; j <= k; j++) {
            if (i + j >= n || (p[i + j] & 0xc0) != 0x80)
                goto fail;
            c = (c << 6) | (p[i + j] & 0x3f);
        }
        if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
            goto fail;
        i += k + 1;
    }
    return true;
fail:
    *bad = i;
    return false;
}

bool api_media_is_json(const char *ctype)
{
    if (!ctype)
        return false;
    /* a charset other than UTF-8 is not JSON as RFC 8259 has it */
    const char *cs = NULL;
    for (const char *q = ctype; *q && !cs; q++)
        if (strncasecmp(q, "charset=", 8) == 0)
            cs = q;
    if (cs && strncasecmp(cs + 8, "utf-8", 5) != 0 && strncasecmp(cs + 8, "\"utf-8\"", 7) != 0)
        return false;
    size_t n = strcspn(ctype, ";");
    while (n > 0 && (ctype[n - 1] == ' ' || ctype[n - 1] == '\t'))
        n--;
    if (n == 16 && strncasecmp(ctype, "application/json", 16) == 0)
        return true;
    return n == 28 && strncasecmp(ctype, "application/merge-patch+json", 28) == 0;
}

/* cJSON ends a string at an escaped NUL ("a\u0000b" would be "a"): such escapes are replaced by
 * U+FDD0 (a noncharacter) before parsing, and a string holding it is refused with its path. */
#define NUL_MARK "\xef\xb7\x90"

/* Nesting depth and duplicate keys of a parsed value: 0, or -1 after api_error_path. */
static int check_value(api_ctx *x, const cJSON *v, int depth, char *path, size_t plen)
{
    if (depth > API_MAX_DEPTH) {
        api_error_path(x, path, "nested more than %d levels deep", API_MAX_DEPTH);
        return -1;
    }
    if (cJSON_IsArray(v)) {
        int i = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, v)
        {
            size_t n = strlen(path);
            snprintf(path + n, plen - n, "[%d]", i++);
            int r = check_value(x, it, depth + 1, path, plen);
            path[n] = '\0';
            if (r)
                return r;
        }
    } else if (cJSON_IsString(v) && strstr(v->valuestring, NUL_MARK)) {
        api_error_path(x, path, "a NUL character (\\u0000) is not allowed in text");
        return -1;
    } else if (cJSON_IsObject(v)) {
        const cJSON *it;
        cJSON_ArrayForEach(it, v)
        {
            for (const cJSON *j = v->child; j != it; j = j->next)
                if (strcmp(j->string, it->string) == 0) {
                    size_t n = strlen(path);
                    snprintf(path + n, plen - n, ".%.100s", it->string);
                    api_error_path(x, path, "duplicate key \"%.100s\"", it->string);
                    return -1;
                }
            size_t n = strlen(path);
            snprintf(path + n, plen - n, ".%.100s", it->string);
            int r = check_value(x, it, depth + 1, path, plen);
            path[n] = '\0';
            if (r)
                return r;
        }
    }
    return 0;
}

cJSON *api_parse_body(api_ctx *x)
{
    size_t len;
    const char *body = api_body(x, &len);
    const char *ct = api_header(x, "Content-Type");
    if (!api_media_is_json(ct)) {
        api_problem(x, 415, "unsupported-media-type", "Unsupported media type",
                    "the body must be JSON: Content-Type: application/json%s (got %.80s)",
                    api_method(x) == API_PATCH ? " or application/merge-patch+json" : "",
                    ct ? ct : "none");
        return NULL;
    }
    size_t bad;
    if (!api_utf8_ok(body, len, &bad)) {
        api_error_path(x, "$", "%s at byte %zu", body[bad] ? "invalid UTF-8" : "a NUL byte", bad);
        api_problem(x, 400, "invalid-body", "Invalid body",
                    "the body is not valid UTF-8 text: %s "
                    "at byte %zu",
                    body[bad] ? "invalid UTF-8" : "a NUL byte", bad);
        return NULL;
    }
    const char *end = NULL;
    /* Depth first, cheaply, so that cJSON never recurses deeply. */
    int depth = 0;
    bool in_str = false;
    for (size_t i = 0; i < len; i++) {
        char c = body[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = false;
        } else if (c == '"') {
            in_str = true;
        } else if (c == '{' || c == '[') {
            if (++depth > API_MAX_DEPTH + 1) {
                api_error_path(x, "$", "nested more than %d levels deep", API_MAX_DEPTH);
                api_problem(x, 400, "invalid-body", "Invalid body",
                            "the body is nested more than %d levels deep", API_MAX_DEPTH);
                return NULL;
            }
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    char *copy = NULL;
    for (size_t i = 0; i + 5 < len; i++) {
        if (body[i] != '\\')
            continue;
        if (body[i + 1] == 'u' && body[i + 2] == '0' && body[i + 3] == '0' && body[i + 4] == '0' &&
            body[i + 5] == '0') {
            if (!copy) {
                copy = malloc(len + 1);
                if (!copy) {
                    api_problem(x, 500, "internal", "Internal error", "out of memory");
                    return NULL;
                }
                memcpy(copy, body, len + 1);
            }
            memcpy(copy + i + 2, "FDD0", 4);
        }
        i++; /* the escaped character */
    }
    if (copy)
        body = copy;
    cJSON *v = cJSON_ParseWithLengthOpts(body, len, &end, false);
    if (!v) {
        size_t at = end ? (size_t)(end - body) : 0;
        api_error_path(x, "$", "invalid JSON at byte %zu", at);
        api_problem(x, 400, "invalid-json", "Invalid JSON",
                    "the body is not valid JSON (at byte %zu)", at);
        free(copy);
        return NULL;
    }
    while (end && (size_t)(end - body) < len && strchr(" \t\r\n", *end))
        end++;
    if (end && (size_t)(end - body) < len) {
        cJSON_Delete(v);
        api_error_path(x, "$", "text after the JSON value at byte %zu", (size_t)(end - body));
        api_problem(x, 400, "invalid-json", "Invalid JSON",
                    "the body has text after its JSON value");
        free(copy);
        return NULL;
    }
    free(copy);
    char path[512] = "$";
    if (check_value(x, v, 0, path, sizeof path) != 0) {
        cJSON_Delete(v);
        api_problem(x, 400, "invalid-body", "Invalid body", NULL);
        return NULL;
    }
    return v;
}

cJSON *api_merge_patch(cJSON *target, const cJSON *patch)
{
    if (!cJSON_IsObject(patch)) {
        cJSON_Delete(target);
        return cJSON_Duplicate(patch, true);
    }
    if (!cJSON_IsObject(target)) {
        cJSON_Delete(target);
        target = cJSON_CreateObject();
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, patch)
    {
        if (cJSON_IsNull(it)) {
            cJSON_DeleteItemFromObjectCaseSensitive(target, it->string);
            continue;
        }
        cJSON *cur = cJSON_DetachItemFromObjectCaseSensitive(target, it->string);
        cJSON *merged = api_merge_patch(cur, it);
        cJSON_AddItemToObject(target, it->string, merged);
    }
    return target;
}

void api_etag_of(const cJSON *v, char out[40])
{
    char *s = cJSON_PrintUnformatted(v);
    char hex[TRK_SHA256_HEXLEN];
    trk_sha256_hex(s ? s : "", s ? strlen(s) : 0, hex);
    free(s);
    snprintf(out, 40, "\"%.32s\"", hex);
}

int api_resolve(api_ctx *x, const char *table, const char *kind, const char *ref, long long *id)
{
    char sql[512];
    char num[24] = "";
    /* A derived id "local:KIND:N:FINGERPRINT" names row N (the fingerprint is checked too). */
    char pre[32];
    snprintf(pre, sizeof pre, "local:%s:", kind);
    size_t pl = strlen(pre);
    if (strspn(ref, "0123456789") == strlen(ref) && strlen(ref) > 0 && strlen(ref) < 19) {
        snprintf(num, sizeof num, "%s", ref);
        snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE id = $1::bigint", table);
    } else if (strncmp(ref, pre, pl) == 0 && strspn(ref + pl, "0123456789") > 0 &&
               strspn(ref + pl, "0123456789") < 19) {
        size_t k = strspn(ref + pl, "0123456789");
        memcpy(num, ref + pl, k);
        num[k] = '\0';
        /* The fingerprint is store/import.h's, with KIND filled in here. */
        snprintf(sql, sizeof sql,
                 "SELECT id FROM %s t WHERE id = $1::bigint AND (t.external_id = $2 "
                 "OR " TRK_SQL_DERIVED_ID("%s", "t") " = $2)",
                 table, kind, kind);
    } else {
        snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE external_id = $2 AND $1::text IS NULL",
                 table);
    }
    const char *p[] = {num[0] ? num : NULL, ref};
    trk_res *r = trk_db_query_text(api_db(x), sql, 2, p);
    if (!r) {
        api_problem(x, 500, "internal", "Internal error", NULL);
        return -1;
    }
    int rc = 1;
    if (trk_res_rows(r) == 1) {
        *id = trk_res_int(r, 0, "id");
        rc = 0;
    }
    trk_res_free(r);
    return rc;
}

int api_find(api_ctx *x, const char *table, const char *kind, const char *ref, long long *id)
{
    int r = api_resolve(x, table, kind, ref, id);
    if (r == 1)
        api_problem(x, 404, "not-found", "Not found", "%s \"%.200s\" does not exist", kind, ref);
    return r;
}

int api_one_page(api_ctx *x, cJSON *rows)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "items", rows);
    cJSON_AddNullToObject(o, "next_cursor");
    return api_json(x, 200, o);
}

int api_rows_page(api_ctx *x, trk_res *r)
{
    if (!r)
        return api_problem(x, 500, "internal", "Internal error", NULL);
    cJSON *rows = trk_json_rows(r);
    trk_res_free(r);
    return api_one_page(x, rows);
}

/* The body's object with only these keys (see api.h). */
cJSON *api_body_object(api_ctx *x, const char *const *keys)
{
    cJSON *b = api_parse_body(x);
    if (!b)
        return NULL;
    if (!cJSON_IsObject(b)) {
        cJSON_Delete(b);
        api_error_path(x, "$", "expected an object");
        api_problem(x, 400, "invalid-body", "Invalid body", "the body must be a JSON object");
        return NULL;
    }
    int bad = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, b)
    {
        bool ok = false;
        for (const char *const *k = keys; *k && !ok; k++)
            ok = strcmp(*k, it->string) == 0;
        if (!ok) {
            char path[160];
            snprintf(path, sizeof path, "$.%.100s", it->string);
            api_error_path(x, path, "unknown key \"%.100s\"", it->string);
            bad++;
        }
    }
    if (bad) {
        cJSON_Delete(b);
        api_problem(x, 400, "invalid-body", "Invalid body", "the body has %d unknown key%s", bad,
                    bad == 1 ? "" : "s");
        return NULL;
    }
    return b;
}
