/*
 * api_admin.c: the admin's resources (/users, /tokens: store/accounts.h, the functions behind
 * `tracker user` and `tracker token`) and the corrections of store/workflow.h (a deadline's date
 * set by hand, deleting an event), as `tracker deadline override` and `tracker event delete` do
 * them. Kept apart from the rest of the HTTP layer, whose route table has names of its own.
 */
#include "api.h"

#include "accounts.h"
#include "crypto.h"
#include "date.h"
#include "json_out.h"
#include "model.h"
#include "text.h"
#include "workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A string member (NULL when absent or null); -1 after answering when it is another type. */
static int str_member(api_ctx *x, const cJSON *o, const char *key, const char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = NULL;
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsString(v)) {
        char path[80];
        snprintf(path, sizeof path, "$.%s", key);
        api_error_path(x, path, "expected a string");
        api_problem(x, 400, "invalid-body", "Invalid body", "%s must be a string", key);
        return -1;
    }
    *out = v->valuestring;
    return 0;
}

/* 1 after naming $.password when pw (optional) is not a password the accounts accept, else 0. */
static int bad_password(api_ctx *x, const char *pw)
{
    const char *why = pw ? trk_password_problem(pw, strlen(pw)) : NULL;
    if (why)
        api_error_path(x, "$.password", "the password %s", why);
    return why != NULL;
}

/* 1 after naming $.name when name (optional) is not 1 to 1000 bytes of one-line text, else 0. */
static int bad_name(api_ctx *x, const char *name)
{
    if (name && (!*name || trk_text_check("$.name", name, 1000, false) != 0)) {
        api_error_path(x, "$.name", "1 to 1000 bytes of text");
        return 1;
    }
    return 0;
}

/* 400 for `bad` invalid fields (each named by api_error_path): -1, else 0. */
static int invalid_fields(api_ctx *x, int bad)
{
    if (!bad)
        return 0;
    api_problem(x, 400, "invalid-body", "Invalid body", "%d invalid field%s", bad,
                bad == 1 ? "" : "s");
    return -1;
}

static int failed(api_ctx *x)
{
    return api_problem(x, 500, "internal", "Internal error", NULL);
}

static const char *const none[] = {NULL};

/* ---- /deadlines/{id}/override ---- */

int api_h_override(api_ctx *x)
{
    if (api_allow_query(x, none))
        return 0;
    long long id;
    int r = api_resolve(x, "deadline", "deadline", api_param(x, 0), &id);
    if (r == 1)
        return api_problem(x, 404, "not-found", "Not found", "deadline \"%.100s\" does not exist",
                           api_param(x, 0));
    if (r != 0)
        return 0;
    const char *due = NULL, *reason = NULL;
    char dbuf[TRK_DATE_STRLEN];
    cJSON *b = NULL;
    if (api_method(x) == API_POST) {
        static const char *const keys[] = {"date", "reason", NULL};
        if (!(b = api_body_object(x, keys)))
            return 0;
        if (str_member(x, b, "date", &due) || str_member(x, b, "reason", &reason))
            goto out;
        trk_date d;
        int bad = 0;
        if (!due || trk_date_parse(due, &d) != 0) {
            api_error_path(x, "$.date", due ? "invalid date (expected YYYY-MM-DD)" : "required");
            bad++;
        } else {
            trk_date_format(d, dbuf);
            due = dbuf;
        }
        if (!reason || strspn(reason, " \t") == strlen(reason)) {
            api_error_path(x, "$.reason", "required: why the computed date is wrong");
            bad++;
        } else if (trk_text_check("$.reason", reason, TRK_TEXT_SHORT_MAX, true) != 0) {
            api_error_path(x, "$.reason", "invalid text");
            bad++;
        }
        if (bad) {
            api_problem(x, 400, "invalid-body", "Invalid body",
                        "a date set by hand needs a date and a reason");
            goto out;
        }
    }
    trk_db *db = api_db(x);
    /* With the import lock: an API write never interleaves with another (their ETags). */
    if (trk_db_begin(db) != 0 ||
        trk_db_exec(db, "SELECT pg_advisory_xact_lock(7171005)", 0, NULL) != 0) {
        failed(x);
        goto out;
    }
    int o = trk_deadline_override(db, id, due, reason);
    if (o == 1) {
        api_problem(x, 404, "not-found", "Not found", "deadline %lld does not exist", id);
        goto out;
    }
    if (o != TRK_OK || trk_db_commit(db) != 0) {
        api_problem(x, api_has_messages(x) ? 400 : 500,
                    api_has_messages(x) ? "invalid-record" : "internal",
                    api_has_messages(x) ? "Invalid request" : "Internal error", NULL);
        goto out;
    }
    char ids[24];
    const char *p[] = {trk_idstr(id, ids)};
    trk_res *res = trk_db_query(db,
                                "SELECT id, due_on::text AS due_on, revision, status,"
                                " override_due::text AS override_due, override_reason,"
                                " explanation->>'result' AS computed FROM deadline"
                                " WHERE id = $1::bigint",
                                1, p);
    if (!res) {
        failed(x);
        goto out;
    }
    api_json(x, 200, trk_json_row(res, 0));
    trk_res_free(res);
out:
    cJSON_Delete(b);
    return 0;
}

/* ---- DELETE /events/{id}?cascade=true ---- */

int api_h_event_delete(api_ctx *x)
{
    static const char *const q[] = {"cascade", NULL};
    if (api_allow_query(x, q))
        return 0;
    const char *cascade = api_query(x, "cascade");
    if (cascade && strcmp(cascade, "true") != 0 && strcmp(cascade, "false") != 0) {
        api_error_path(x, "cascade", "expected true or false");
        return api_problem(x, 400, "invalid-query", "Invalid query parameter",
                           "invalid value for cascade: \"%.20s\"", cascade);
    }
    long long id;
    int r = api_resolve(x, "event", "event", api_param(x, 0), &id);
    if (r == 1)
        return api_problem(x, 404, "not-found", "Not found", "event \"%.100s\" does not exist",
                           api_param(x, 0));
    if (r != 0)
        return 0;
    trk_db *db = api_db(x);
    trk_res *deps = NULL, *cancelled = NULL;
    if (trk_db_begin(db) != 0 ||
        trk_db_exec(db, "SELECT pg_advisory_xact_lock(7171005)", 0, NULL) != 0)
        return failed(x);
    if (!(deps = trk_event_dependants(db, id))) {
        failed(x);
        goto out;
    }
    if (trk_res_rows(deps) > 0 && !(cascade && strcmp(cascade, "true") == 0)) {
        for (int i = 0; i < trk_res_rows(deps); i++)
            api_error_path(x, "cascade", "%s", trk_res_val(deps, i, "what"));
        api_problem(x, 409, "has-dependants", "Conflict",
                    "event %lld has %d record%s that depend%s on it; ?cascade=true deletes the "
                    "fine, cancels the met deadlines and recomputes the others with it",
                    id, trk_res_rows(deps), trk_res_rows(deps) == 1 ? "" : "s",
                    trk_res_rows(deps) == 1 ? "s" : "");
        goto out;
    }
    int d = trk_event_delete(db, id, &cancelled);
    if (d == 1) {
        api_problem(x, 404, "not-found", "Not found", "event %lld does not exist", id);
        goto out;
    }
    if (d != TRK_OK || trk_db_commit(db) != 0) {
        failed(x);
        goto out;
    }
    api_json(x, 204, NULL);
out:
    trk_res_free(deps);
    trk_res_free(cancelled);
    return 0;
}

/* ---- /users, /users/{login} ---- */

static cJSON *user_json(trk_db *db, const char *login)
{
    trk_res *r = trk_account_list(db, login);
    if (!r)
        return NULL;
    cJSON *o = trk_res_rows(r) == 1 ? trk_json_row(r, 0) : NULL;
    trk_res_free(r);
    return o;
}

int api_h_users(api_ctx *x)
{
    trk_db *db = api_db(x);
    if (api_method(x) == API_GET) {
        if (api_allow_query(x, none))
            return 0;
        return api_rows_page(x, trk_account_list(db, NULL));
    }
    if (api_allow_query(x, none))
        return 0;
    static const char *const keys[] = {"login", "role", "name", "password", NULL};
    cJSON *b = api_body_object(x, keys);
    if (!b)
        return 0;
    const char *login, *role, *name, *pw;
    char gen[TRK_TOKEN_LEN + 1] = "";
    if (str_member(x, b, "login", &login) || str_member(x, b, "role", &role) ||
        str_member(x, b, "name", &name) || str_member(x, b, "password", &pw))
        goto out;
    int bad = 0;
    if (!login || !trk_login_valid(login)) {
        api_error_path(x, "$.login", "1-64 of a-z, 0-9, '.', '_', '-'");
        bad++;
    }
    trk_role rl = role ? trk_role_from_name(role) : 0;
    if (!rl) {
        api_error_path(x, "$.role", "viewer, editor or admin");
        bad++;
    }
    bad += bad_name(x, name);
    bad += bad_password(x, pw);
    if (invalid_fields(x, bad))
        goto out;
    if (!pw) {
        trk_random_token(gen);
        pw = gen;
    }
    long long id;
    int r = trk_account_create(db, login, name, rl, pw, strlen(pw), &id);
    if (r == TRK_ACCT_DUPLICATE) {
        api_error_path(x, "$.login", "taken");
        api_problem(x, 409, "conflict", "Conflict", "user \"%s\" already exists", login);
        goto out;
    }
    if (r != TRK_OK) {
        failed(x);
        goto out;
    }
    cJSON *o = user_json(db, login);
    if (!o) {
        failed(x);
        goto out;
    }
    /* A generated password is shown this once. */
    if (gen[0])
        cJSON_AddStringToObject(o, "password", gen);
    api_set_location(x, API_PREFIX "/users/%s", login);
    api_json(x, 201, o);
out:
    if (gen[0])
        trk_wipe(gen, sizeof gen);
    cJSON_Delete(b);
    return 0;
}

int api_h_user(api_ctx *x)
{
    if (api_allow_query(x, none))
        return 0;
    trk_db *db = api_db(x);
    const char *login = api_param(x, 0);
    cJSON *cur = trk_login_valid(login) ? user_json(db, login) : NULL;
    if (!cur)
        return api_problem(x, 404, "not-found", "Not found", "user \"%.64s\" does not exist",
                           login);
    if (api_method(x) == API_GET) {
        char etag[40];
        api_etag_of(cur, etag);
        api_set_etag(x, etag);
        return api_json(x, 200, cur);
    }
    char etag[40];
    api_etag_of(cur, etag);
    const char *im = api_header(x, "If-Match");
    if (!im || !trk_http_etag_matches(im, etag)) {
        cJSON_Delete(cur);
        return api_problem(x, im ? 412 : 428, im ? "precondition-failed" : "precondition-required",
                           im ? "Precondition failed" : "Precondition required",
                           im ? "the user changed since its ETag was read"
                              : "send If-Match with the ETag of the user (GET it first)");
    }
    static const char *const keys[] = {"role", "name", "disabled", "password", NULL};
    cJSON *b = api_body_object(x, keys);
    if (!b) {
        cJSON_Delete(cur);
        return 0;
    }
    const char *role, *name, *pw;
    if (str_member(x, b, "role", &role) || str_member(x, b, "name", &name) ||
        str_member(x, b, "password", &pw))
        goto out;
    const cJSON *dis = cJSON_GetObjectItemCaseSensitive(b, "disabled");
    int bad = 0;
    trk_role rl = role ? trk_role_from_name(role) : 0;
    if (role && !rl) {
        api_error_path(x, "$.role", "viewer, editor or admin");
        bad++;
    }
    if (dis && !cJSON_IsBool(dis)) {
        api_error_path(x, "$.disabled", "true or false");
        bad++;
    }
    bad += bad_password(x, pw);
    if (invalid_fields(x, bad))
        goto out;
    cJSON *nm = cJSON_GetObjectItemCaseSensitive(b, "name");
    if (trk_db_begin(db) != 0)
        goto fail;
    if ((rl || nm) && trk_account_edit(db, login, rl, nm ? (name ? name : "") : NULL) != TRK_OK)
        goto fail;
    if (dis && trk_account_set_disabled(db, login, cJSON_IsTrue(dis), NULL) != TRK_OK)
        goto fail;
    if (pw && trk_account_set_password(db, login, pw, strlen(pw)) != TRK_OK)
        goto fail;
    if (trk_db_commit(db) != 0)
        goto fail;
    cJSON *o = user_json(db, login);
    if (!o)
        goto fail;
    api_json(x, 200, o);
    goto out;
fail:
    failed(x);
out:
    cJSON_Delete(cur);
    cJSON_Delete(b);
    return 0;
}

/* ---- /tokens, /tokens/{id} ---- */

int api_h_tokens(api_ctx *x)
{
    trk_db *db = api_db(x);
    if (api_method(x) == API_GET) {
        if (api_allow_query(x, none))
            return 0;
        return api_rows_page(x, trk_token_list(db, 0));
    }
    if (api_allow_query(x, none))
        return 0;
    static const char *const keys[] = {"user", "scope", "name", "expires_on", NULL};
    cJSON *b = api_body_object(x, keys);
    if (!b)
        return 0;
    const char *user, *scope, *name, *exp;
    if (str_member(x, b, "user", &user) || str_member(x, b, "scope", &scope) ||
        str_member(x, b, "name", &name) || str_member(x, b, "expires_on", &exp))
        goto out;
    int bad = 0;
    long long aid = 0;
    if (!user || !trk_login_valid(user) || trk_account_id(db, user, &aid) != TRK_OK) {
        api_error_path(x, "$.user", "no such user");
        bad++;
    }
    if (!scope || (strcmp(scope, "read") != 0 && strcmp(scope, "write") != 0)) {
        api_error_path(x, "$.scope", "read or write");
        bad++;
    }
    trk_date d;
    if (exp && trk_date_parse(exp, &d) != 0) {
        api_error_path(x, "$.expires_on", "a date YYYY-MM-DD");
        bad++;
    }
    bad += bad_name(x, name);
    if (bad)
        api_clear_messages(x);
    if (invalid_fields(x, bad))
        goto out;
    char token[TRK_API_TOKEN_LEN + 1];
    long long id;
    int r = trk_token_create(db, aid, strcmp(scope, "write") == 0, name, exp, token, &id);
    if (r == TRK_ACCT_DISABLED || r == TRK_ACCT_PAST) {
        api_error_path(x, r == TRK_ACCT_PAST ? "$.expires_on" : "$.user",
                       r == TRK_ACCT_PAST ? "must be after today" : "the user is disabled");
        api_problem(x, 400, "invalid-body", "Invalid body",
                    r == TRK_ACCT_PAST ? "expires_on must be after today"
                                       : "user \"%s\" is disabled",
                    user);
        goto out;
    }
    if (r != TRK_OK) {
        failed(x);
        goto out;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)id);
    cJSON_AddStringToObject(o, "user", user);
    cJSON_AddStringToObject(o, "scope", scope);
    cJSON_AddStringToObject(o, "token", token); /* shown this once */
    trk_wipe(token, sizeof token);
    api_set_location(x, API_PREFIX "/tokens/%lld", id);
    api_json(x, 201, o);
out:
    cJSON_Delete(b);
    return 0;
}

int api_h_token(api_ctx *x)
{
    if (api_allow_query(x, none))
        return 0;
    const char *ref = api_param(x, 0);
    if (strspn(ref, "0123456789") != strlen(ref) || strlen(ref) > 18)
        return api_problem(x, 404, "not-found", "Not found", "token \"%.40s\" does not exist", ref);
    bool changed;
    int r = trk_token_revoke(api_db(x), strtoll(ref, NULL, 10), &changed);
    if (r == TRK_ACCT_NONE)
        return api_problem(x, 404, "not-found", "Not found", "token %s does not exist", ref);
    if (r != TRK_OK)
        return failed(x);
    return api_json(x, 204, NULL);
}
