/*
 * api_feeds.c: calendar feeds through the API (admin: GET/POST /feeds, DELETE /feeds/{id}; the
 * functions of `tracker feed create|revoke`, formats/feeds.c) and a case's published outputs
 * (GET /cases/{id}/timeline, /cases/{id}/calendar.ics: the renderers of `tracker export` and of
 * the feed routes).
 */
#include "api.h"

#include "feeds.h"
#include "ics.h"
#include "json_out.h"
#include "model.h"
#include "strbuf.h"
#include "text.h"
#include "timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const none[] = {NULL};

static int case_of(api_ctx *x, long long *id)
{
    return api_find(x, "legal_case", "case", api_param(x, 0), id);
}

int api_h_case_timeline(api_ctx *x)
{
    static const char *const q[] = {"format", NULL};
    if (api_allow_query(x, q))
        return 0;
    const char *f = api_query(x, "format");
    if (f && strcmp(f, "html") != 0 && strcmp(f, "timelinejs") != 0) {
        api_error_path(x, "format", "timelinejs (default) or html");
        return api_problem(x, 400, "invalid-query", "Invalid query parameter",
                           "invalid value for format: \"%.20s\" (expected timelinejs or html)", f);
    }
    bool html = f && strcmp(f, "html") == 0;
    long long id;
    if (case_of(x, &id) != 0)
        return 0;
    trk_sb b = {0};
    if (trk_timeline_render(api_db(x), id, html ? TRK_TIMELINE_HTML : TRK_TIMELINE_TIMELINEJS,
                            &b) != 0 ||
        b.oom) {
        free(b.p);
        return api_problem(x, 500, "internal", "Internal error", NULL);
    }
    return api_raw(x, 200, html ? "text/html" : "application/json", b.p ? b.p : strdup(""), b.n);
}

int api_h_case_ics(api_ctx *x)
{
    if (api_allow_query(x, none))
        return 0;
    long long id;
    if (case_of(x, &id) != 0)
        return 0;
    trk_feed_opts o = {.filter = {.case_id = id}};
    char *out = NULL;
    size_t len = 0;
    trk_feed_meta meta;
    memset(&meta, 0, sizeof meta);
    if (trk_feed_render(api_db(x), &o, &out, &len, &meta, false) != 0)
        return api_problem(x, 500, "internal", "Internal error", NULL);
    return api_raw(x, 200, "text/calendar", out, len);
}

/* ---- feeds ---- */

static cJSON *feed_rows(api_ctx *x, const char *id)
{
    const char *p[] = {id};
    trk_res *r = trk_db_query(
        api_db(x),
        "SELECT f.id, f.name, f.case_id, f.jurisdiction, f.tag, f.include_events,"
        " to_jsonb(f.alarms) AS alarms, to_jsonb(f.reminders) AS reminders,"
        " to_char(f.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS created_at,"
        " to_char(f.revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS revoked_at"
        " FROM feed f WHERE ($1::bigint IS NULL OR f.id = $1::bigint) ORDER BY f.id",
        1, p);
    if (!r)
        return NULL;
    cJSON *a = trk_json_rows(r);
    trk_res_free(r);
    return a;
}

/* "7d,1d" from the body: minutes into *v (freed by the caller). -1 after answering. */
static int offsets(api_ctx *x, const cJSON *b, const char *key, bool days, int **v, int *n,
                   bool *given)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(b, key);
    *given = s && !cJSON_IsNull(s);
    if (!*given)
        return 0;
    char path[40];
    snprintf(path, sizeof path, "$.%s", key);
    const char *err = "expected a string such as \"7d,1d\"";
    if (!cJSON_IsString(s) || trk_ics_parse_offsets(s->valuestring, days, v, n, &err) != 0) {
        api_error_path(x, path, "%s", err);
        api_problem(x, 400, "invalid-body", "Invalid body", "invalid %s: %s", key, err);
        return -1;
    }
    return 0;
}

int api_h_feeds(api_ctx *x)
{
    if (api_allow_query(x, none))
        return 0;
    if (api_method(x) == API_GET) {
        cJSON *a = feed_rows(x, NULL);
        if (!a)
            return api_problem(x, 500, "internal", "Internal error", NULL);
        return api_one_page(x, a);
    }
    static const char *const keys[] = {"case",           "jurisdiction", "tag",       "all", "name",
                                       "include_events", "alarms",       "reminders", NULL};
    cJSON *b = api_body_object(x, keys);
    if (!b)
        return 0;
    int rc = 0;
    int *alarms = NULL, nalarms = 0, *reminders = NULL, nreminders = 0;
    char *name = NULL;
    trk_feed_opts o;
    memset(&o, 0, sizeof o);
    const cJSON *cs = cJSON_GetObjectItemCaseSensitive(b, "case");
    const cJSON *jur = cJSON_GetObjectItemCaseSensitive(b, "jurisdiction");
    const cJSON *tag = cJSON_GetObjectItemCaseSensitive(b, "tag");
    const cJSON *all = cJSON_GetObjectItemCaseSensitive(b, "all");
    const cJSON *nm = cJSON_GetObjectItemCaseSensitive(b, "name");
    const cJSON *ie = cJSON_GetObjectItemCaseSensitive(b, "include_events");
    int given = (cs != NULL) + (jur != NULL) + (tag != NULL) + (cJSON_IsTrue(all) ? 1 : 0);
    if (given != 1) {
        api_error_path(x, "$", "give exactly one of case, jurisdiction, tag, all: true");
        api_problem(x, 400, "invalid-body", "Invalid body",
                    "give exactly one of case, jurisdiction, tag and all");
        goto out;
    }
    if (cs) {
        char ref[64];
        if (cJSON_IsNumber(cs))
            snprintf(ref, sizeof ref, "%lld", (long long)cs->valuedouble);
        else if (cJSON_IsString(cs))
            snprintf(ref, sizeof ref, "%.60s", cs->valuestring);
        else
            ref[0] = '\0';
        long long cid;
        int r = ref[0] ? api_resolve(x, "legal_case", "case", ref, &cid) : 1;
        if (r < 0)
            goto out;
        if (r == 1) {
            api_error_path(x, "$.case", "no such case");
            api_problem(x, 400, "invalid-body", "Invalid body", "case \"%s\" does not exist", ref);
            goto out;
        }
        o.filter.case_id = cid;
    }
    if (jur && (!cJSON_IsString(jur) || !trk_jurisdiction_syntax(jur->valuestring))) {
        api_error_path(x, "$.jurisdiction", "a code such as RU, US or US-CA");
        api_problem(x, 400, "invalid-body", "Invalid body", "invalid jurisdiction");
        goto out;
    }
    if (tag && (!cJSON_IsString(tag) || !trk_tag_valid(tag->valuestring))) {
        api_error_path(x, "$.tag", "1-64 lowercase letters, digits, '-', '_' or ':'");
        api_problem(x, 400, "invalid-body", "Invalid body", "invalid tag");
        goto out;
    }
    if (nm && (!cJSON_IsString(nm) || !*nm->valuestring ||
               trk_text_check("$.name", nm->valuestring, 1000, false) != 0)) {
        api_error_path(x, "$.name", "1 to 1000 bytes of text on one line");
        api_problem(x, 400, "invalid-body", "Invalid body", "invalid name");
        goto out;
    }
    if (ie && !cJSON_IsBool(ie)) {
        api_error_path(x, "$.include_events", "true or false");
        api_problem(x, 400, "invalid-body", "Invalid body", "invalid include_events");
        goto out;
    }
    bool rem_given;
    if (offsets(x, b, "alarms", false, &alarms, &nalarms, &o.alarms_set) ||
        offsets(x, b, "reminders", true, &reminders, &nreminders, &rem_given))
        goto out;
    o.filter.jurisdiction = jur ? jur->valuestring : NULL;
    o.filter.tag = tag ? tag->valuestring : NULL;
    o.include_events = cJSON_IsTrue(ie);
    o.alarms = alarms;
    o.nalarms = nalarms;
    o.reminders = reminders;
    o.nreminders = nreminders;
    if (nm) {
        o.name = nm->valuestring;
    } else {
        name = trk_feed_default_name(api_db(x), &o.filter, false);
        if (!name) {
            api_problem(x, 500, "internal", "Internal error", NULL);
            goto out;
        }
        o.name = name;
    }
    char token[44];
    long long id;
    if (trk_feed_create(api_db(x), &o, token, &id) != 0) {
        api_problem(x, api_has_messages(x) ? 400 : 500, "invalid-record", "Invalid feed", NULL);
        goto out;
    }
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", id);
    cJSON *rows = feed_rows(x, ids);
    cJSON *f = rows ? cJSON_DetachItemFromArray(rows, 0) : NULL;
    cJSON_Delete(rows);
    if (!f) {
        api_problem(x, 500, "internal", "Internal error", NULL);
        goto out;
    }
    /* The secret URL, this once (tracker keeps only the token's hash). */
    char path[80];
    snprintf(path, sizeof path, "/feeds/%s.ics", token);
    cJSON_AddStringToObject(f, "path", path);
    cJSON_AddStringToObject(f, "token", token);
    api_set_location(x, API_PREFIX "/feeds/%lld", id);
    rc = api_json(x, 201, f);
out:
    free(alarms);
    free(reminders);
    free(name);
    cJSON_Delete(b);
    return rc;
}

int api_h_feed(api_ctx *x)
{
    if (api_allow_query(x, none))
        return 0;
    const char *ref = api_param(x, 0);
    if (strspn(ref, "0123456789") != strlen(ref) || strlen(ref) > 18)
        return api_problem(x, 404, "not-found", "Not found", "feed \"%.40s\" does not exist", ref);
    int v = trk_feed_revoke(api_db(x), strtoll(ref, NULL, 10));
    if (v < 0)
        return api_problem(x, 500, "internal", "Internal error", NULL);
    if (v == 2)
        return api_problem(x, 404, "not-found", "Not found", "feed %s does not exist", ref);
    return api_json(x, 204, NULL);
}
