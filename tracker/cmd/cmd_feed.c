/*
 * cmd_feed.c: tracker feed create|list|revoke|case-alarms: subscribable calendar feeds.
 *
 * A feed's URL carries a random token of 256 bits from libsodium's CSPRNG, written in base64url
 * (43 characters). Only its SHA-256 is stored, so the URL is
 * shown once, at creation; a lost URL means a new feed.
 */
#include "cmdutil.h"
#include "commands.h"
#include "crypto.h"
#include "feeds.h"
#include "ics.h"
#include "json_out.h"
#include "model.h"
#include "text.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "7d,1d" for a stored list, "none" for an empty one. */
static void offsets_text(const char *arr, char *out, size_t size)
{
    int *v = NULL, n = 0;
    out[0] = '\0';
    if (!arr || trk_feed_parse_intarray(arr, &v, &n) != 0) {
        snprintf(out, size, "%s", arr ? arr : "");
        return;
    }
    if (n == 0)
        snprintf(out, size, "none");
    size_t j = 0;
    for (int i = 0; i < n && j + 20 < size; i++) {
        char b[16];
        j += (size_t)snprintf(out + j, size - j, "%s%s", i ? "," : "",
                              trk_ics_format_offset(v[i], b));
    }
    free(v);
}

static const char *base_url(trk_args *a)
{
    const char *b = trk_arg(a, "base-url");
    if (!b)
        b = getenv("TRACKER_FEED_BASE_URL");
    return b && *b ? b : "http://127.0.0.1:8080";
}

static int feed_create(trk_ctx *ctx, trk_args *a)
{
    int rc = TRK_ERR_USAGE;
    trk_db *db = NULL;
    trk_res *r = NULL;
    int *alarms = NULL, nalarms = 0, *reminders = NULL, nreminders = 0;
    const char *err = NULL;
    trk_feed_filter f;
    char *name = NULL;

    if (!trk_has(a, "case") && !trk_has(a, "jurisdiction") && !trk_has(a, "tag") &&
        !trk_has(a, "all"))
        return trk_usage_error(a, "give one of --case, --jurisdiction, --tag or --all");
    if ((rc = trk_feed_filter_from_args(NULL, a, &f)) != TRK_OK)
        return rc;
    rc = TRK_ERR_USAGE;
    if (trk_has(a, "alarms") &&
        trk_ics_parse_offsets(trk_arg(a, "alarms"), false, &alarms, &nalarms, &err) != 0) {
        rc =
            trk_usage_error(a, "invalid value for --alarms: \"%s\": %s", trk_arg(a, "alarms"), err);
        goto out;
    }
    if (trk_has(a, "reminders") &&
        trk_ics_parse_offsets(trk_arg(a, "reminders"), true, &reminders, &nreminders, &err) != 0) {
        rc = trk_usage_error(a, "invalid value for --reminders: \"%s\": %s",
                             trk_arg(a, "reminders"), err);
        goto out;
    }
    const char *n = trk_arg(a, "name");
    if (n && n[0] == '\0') {
        rc = trk_usage_error(a, "invalid value for --name: must not be empty");
        goto out;
    }
    if (n && trk_text_check("--name", n, 1000, false) != 0)
        goto out;
    const char *base = base_url(a);
    if (strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0) {
        rc = trk_usage_error(
            a, "invalid value for --base-url: \"%s\" (expected http:// or https://)", base);
        goto out;
    }

    rc = TRK_ERR;
    db = trk_open(ctx->conninfo);
    if (!db)
        goto out;
    if ((rc = trk_feed_filter_from_args(db, a, &f)) != TRK_OK)
        goto out;
    rc = TRK_ERR;
    if (!n) {
        /* The default name is the calendar's (case title, jurisdiction, tag). */
        name = trk_feed_default_name(db, &f, false);
        if (!name)
            goto out;
        n = name;
    }

    char token[TRK_TOKEN_LEN + 1];
    long long id;
    trk_feed_opts fo = {.filter = f,
                        .name = n,
                        .include_events = trk_has(a, "include-events"),
                        .alarms_set = trk_has(a, "alarms"),
                        .alarms = alarms,
                        .nalarms = nalarms,
                        .reminders = reminders,
                        .nreminders = nreminders};
    if (trk_feed_create(db, &fo, token, &id) != 0)
        goto out;
    size_t blen = strlen(base);
    while (blen > 0 && base[blen - 1] == '/')
        blen--;
    const char *hostpart = strstr(base, "://") + 3;
    if (trk_has(a, "json")) {
        cJSON *o = cJSON_CreateObject();
        char url[2048], webcal[2048];
        snprintf(url, sizeof url, "%.*s/feeds/%s.ics", (int)blen, base, token);
        snprintf(webcal, sizeof webcal, "webcal://%.*s/feeds/%s.ics",
                 (int)(blen - (size_t)(hostpart - base)), hostpart, token);
        cJSON_AddNumberToObject(o, "id", (double)id);
        cJSON_AddStringToObject(o, "name", n);
        cJSON_AddStringToObject(o, "token", token);
        cJSON_AddStringToObject(o, "url", url);
        cJSON_AddStringToObject(o, "webcal_url", webcal);
        if (trk_json_emit(o) != 0)
            goto out;
    } else {
        printf("created feed %lld\n", id);
        printf("url: %.*s/feeds/%s.ics\n", (int)blen, base, token);
        printf("webcal: webcal://%.*s/feeds/%s.ics\n", (int)(blen - (size_t)(hostpart - base)),
               hostpart, token);
        printf("The URL is the secret: it is shown only now (tracker keeps only a hash of it).\n");
    }
    rc = TRK_OK;
out:
    trk_res_free(r);
    free(alarms);
    free(reminders);
    free(name);
    trk_db_close(db);
    return rc;
}

static int feed_list(trk_ctx *ctx, trk_args *a)
{
    int rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return rc;
    trk_res *r = trk_db_query(
        db,
        "SELECT f.id, f.name, CASE WHEN f.case_id IS NOT NULL THEN 'case ' || f.case_id"
        " WHEN f.jurisdiction IS NOT NULL THEN 'jurisdiction ' || f.jurisdiction"
        " WHEN f.tag IS NOT NULL THEN 'tag ' || f.tag ELSE 'all' END AS filter,"
        " f.case_id, f.jurisdiction, f.tag, f.include_events, f.alarms::text AS alarms,"
        " f.reminders::text AS reminders, f.created_at, f.revoked_at"
        " FROM feed f WHERE ($1::boolean OR f.revoked_at IS NULL) ORDER BY f.id",
        1, (const char *[]){trk_has(a, "all") ? "true" : "false"});
    if (!r)
        goto out;
    if (trk_has(a, "json")) {
        cJSON *arr = cJSON_CreateArray();
        for (int i = 0; i < trk_res_rows(r); i++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "id", (double)trk_res_int(r, i, "id"));
            cJSON_AddStringToObject(o, "name", trk_res_val(r, i, "name"));
            cJSON_AddStringToObject(o, "filter", trk_res_val(r, i, "filter"));
            cJSON_AddBoolToObject(o, "include_events", trk_res_bool(r, i, "include_events"));
            char t[256];
            if (trk_res_val(r, i, "alarms")) {
                offsets_text(trk_res_val(r, i, "alarms"), t, sizeof t);
                cJSON_AddStringToObject(o, "alarms", t);
            } else {
                cJSON_AddNullToObject(o, "alarms");
            }
            offsets_text(trk_res_val(r, i, "reminders"), t, sizeof t);
            cJSON_AddStringToObject(o, "reminders", t);
            cJSON_AddStringToObject(o, "created_at", trk_res_val(r, i, "created_at"));
            if (trk_res_val(r, i, "revoked_at"))
                cJSON_AddStringToObject(o, "revoked_at", trk_res_val(r, i, "revoked_at"));
            else
                cJSON_AddNullToObject(o, "revoked_at");
            cJSON_AddItemToArray(arr, o);
        }
        if (trk_json_emit(arr) != 0)
            goto out;
    } else {
        if (trk_res_rows(r) == 0)
            printf("no feeds%s\n", trk_has(a, "all") ? "" : " (--all shows revoked ones)");
        for (int i = 0; i < trk_res_rows(r); i++) {
            char al[256], re[256];
            if (trk_res_val(r, i, "alarms"))
                offsets_text(trk_res_val(r, i, "alarms"), al, sizeof al);
            else
                snprintf(al, sizeof al, "per case");
            offsets_text(trk_res_val(r, i, "reminders"), re, sizeof re);
            /* Names may hold newlines: shown on one line. */
            const char *nm = trk_res_val(r, i, "name");
            printf("%-4s ", trk_res_val(r, i, "id"));
            for (const char *p = nm; *p; p++)
                putchar(*p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p);
            printf("\n     filter: %s%s; alarms: %s; reminders: %s; created %s%s%s\n",
                   trk_res_val(r, i, "filter"),
                   trk_res_bool(r, i, "include_events") ? " with events" : "", al, re,
                   trk_res_val(r, i, "created_at"),
                   trk_res_val(r, i, "revoked_at") ? "; REVOKED " : "",
                   trk_res_val(r, i, "revoked_at") ? trk_res_val(r, i, "revoked_at") : "");
        }
    }
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

static int feed_revoke(trk_ctx *ctx, trk_args *a)
{
    long long id;
    if (trk_parse_id("feed id", a->pos[0], &id) != 0)
        return TRK_ERR_USAGE;
    int rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return rc;
    int v = trk_feed_revoke(db, id);
    if (v < 0)
        goto out;
    if (v == 2) {
        trk_error("feed %lld does not exist", id);
        trk_hint("'tracker feed list --all' shows the feeds");
        goto out;
    }
    if (v == 0)
        printf("revoked feed %lld: its URL now answers 404\n", id);
    else
        printf("feed %lld was already revoked\n", id);
    rc = TRK_OK;
out:
    trk_db_close(db);
    return rc;
}

static int case_alarms(trk_ctx *ctx, trk_args *a)
{
    const char *spec = a->pos[1];
    int *v = NULL, n = 0;
    const char *err = NULL;
    bool reset = strcmp(spec, "default") == 0;
    if (!reset && trk_ics_parse_offsets(spec, false, &v, &n, &err) != 0)
        return trk_usage_error(a, "invalid alarms \"%s\": %s", spec, err);
    int rc = TRK_ERR;
    long long id;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        goto out;
    if (trk_case_lookup(db, a->pos[0], &id) != 0)
        goto out;
    char idb[24], arr[256];
    const char *p[] = {trk_idstr(id, idb), trk_feed_int_array(v, n, arr, sizeof arr)};
    if (reset
            ? trk_db_exec(db, "DELETE FROM case_alarm WHERE case_id = $1::bigint", 1, p)
            : trk_db_exec(db,
                          "INSERT INTO case_alarm (case_id, alarms) VALUES ($1::bigint, $2::int[])"
                          " ON CONFLICT (case_id) DO UPDATE SET alarms = EXCLUDED.alarms,"
                          " updated_at = now()",
                          2, p))
        goto out;
    if (reset)
        printf("case %lld: default alarms (7d,1d)\n", id);
    else
        printf("case %lld: alarms %s\n", id, n ? spec : "none");
    rc = TRK_OK;
out:
    free(v);
    trk_db_close(db);
    return rc;
}

static const trk_opt create_opts[] = {
    {"case", "ID", "the deadlines of one case (id or external id)", 0},
    {"jurisdiction", "J", "the deadlines of a jurisdiction's cases", 0},
    {"tag", "T", "the deadlines of cases with a tag", 0},
    {"all", NULL, "every deadline", 0},
    {"name", "NAME", "calendar name shown by calendar apps (default: from the filter)", 0},
    {"alarms", "LIST", "alarms, e.g. 7d,1d, 2h or none (default: per case, else 7d,1d)", 0},
    {"reminders", "LIST", "reminder events N days before each deadline, e.g. 7d,1d", 0},
    {"include-events", NULL, "also rulings, fines and other dated events", 0},
    {"base-url", "URL",
     "public base URL of 'tracker serve' (default $TRACKER_FEED_BASE_URL, "
     "else http://127.0.0.1:8080)",
     0},
    {"json", NULL, "machine-readable output", 0},
    {NULL},
};
static const trk_opt list_opts[] = {
    {"all", NULL, "include revoked feeds", 0},
    {"json", NULL, "machine-readable output", 0},
    {NULL},
};

static const trk_cmd feed_cmds[] = {
    {"create", NULL, "create a feed and print its private URL (shown only once)", create_opts, 0, 0,
     feed_create,
     "Subscribe to the URL from a calendar app (webcal:// for Apple Calendar, https:// behind a\n"
     "TLS proxy for Google Calendar and Thunderbird). See docs/feeds.md."},
    {"list", NULL, "list feeds (never their tokens)", list_opts, 0, 0, feed_list, NULL},
    {"revoke", "ID", "revoke a feed: its URL answers 404 from now on", NULL, 1, 1, feed_revoke,
     NULL},
    {"case-alarms", "CASE LIST", "set the alarms of a case's deadlines (7d,1d | none | default)",
     NULL, 2, 2, case_alarms,
     "Feeds and exports without --alarms use these; the default is 7d,1d."},
    {NULL},
};

int trk_cmd_feed(trk_ctx *ctx, int argc, char **argv)
{
    return trk_dispatch(ctx, "feed", "Create, list and revoke subscribable calendar feeds.",
                        feed_cmds, argc, argv);
}
