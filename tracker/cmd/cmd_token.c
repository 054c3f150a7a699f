/*
 * cmd_token.c: tracker token create|list|revoke|check: API tokens (store/accounts.h).
 *
 * A token is "trk_" and 43 base64url characters (256 bits from libsodium's CSPRNG), sent as
 * "Authorization: Bearer TOKEN". Only its SHA-256 is stored, so it is printed once, at creation;
 * a lost token means a new one.
 */
#include "accounts.h"
#include "cmdutil.h"
#include "commands.h"
#include "crypto.h"
#include "json_out.h"
#include "model.h"
#include "text.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

/* The account of --user: TRK_OK, or TRK_ERR_USAGE (bad or unknown login) / TRK_ERR. */
static int user_id(const trk_args *a, trk_db *db, const char *login, long long *id)
{
    if (trk_login_arg_check(a, login) != TRK_OK)
        return TRK_ERR_USAGE;
    int r = trk_account_id(db, login, id);
    if (r == TRK_ACCT_NONE)
        return trk_no_such_user(login);
    return r == TRK_OK ? TRK_OK : TRK_ERR;
}

static int token_create(trk_ctx *ctx, trk_args *a)
{
    const char *login = trk_arg(a, "user"), *scope = trk_arg(a, "scope"),
               *name = trk_arg(a, "name");
    char expires[16];
    if (trk_vocab_check("scope", scope, trk_token_scopes) != 0)
        return TRK_ERR_USAGE;
    if (trk_login_arg_check(a, login) != TRK_OK)
        return TRK_ERR_USAGE;
    if (name && name[0] == '\0')
        return trk_usage_error(a, "invalid value for --name: must not be empty");
    if (name && trk_text_check("--name", name, TRK_TEXT_SHORT_MAX, true) != 0)
        return TRK_ERR_USAGE;
    if (trk_opt_date(a, "expires", false, expires) != 0)
        return TRK_ERR_USAGE;
    int rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return rc;
    long long account = 0, id = 0;
    char token[TRK_API_TOKEN_LEN + 1];
    token[0] = '\0';
    if ((rc = user_id(a, db, login, &account)) != TRK_OK)
        goto out;
    int r = trk_token_create(db, account, strcmp(scope, "write") == 0, name,
                             expires[0] ? expires : NULL, token, &id);
    rc = TRK_ERR_USAGE;
    if (r == TRK_ACCT_DISABLED) {
        trk_error("user \"%s\" is disabled", login);
        trk_hint("enable it first: tracker user enable %s", login);
        goto out;
    }
    if (r == TRK_ACCT_PAST) {
        trk_usage_error(a, "invalid value for --expires: %s is not after today (UTC)", expires);
        trk_detail("a token works until the start of its expiry date (UTC)");
        goto out;
    }
    if (r == TRK_ACCT_NONE) {
        trk_error("user \"%s\" does not exist", login);
        goto out;
    }
    rc = TRK_ERR;
    if (r != TRK_OK)
        goto out;
    if (trk_has(a, "json")) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "id", (double)id);
        cJSON_AddStringToObject(o, "user", login);
        cJSON_AddStringToObject(o, "scope", scope);
        if (name)
            cJSON_AddStringToObject(o, "name", name);
        else
            cJSON_AddNullToObject(o, "name");
        if (expires[0])
            cJSON_AddStringToObject(o, "expires_on", expires);
        else
            cJSON_AddNullToObject(o, "expires_on");
        cJSON_AddStringToObject(o, "token", token);
        if (trk_json_emit(o) != 0)
            goto out;
    } else {
        printf("created token %lld for user %s (scope %s%s%s)\n", id, login, scope,
               expires[0] ? ", expires " : "", expires);
        printf("token: %s\n", token);
        printf("Send it as 'Authorization: Bearer TOKEN'. It is shown only now (tracker keeps "
               "only a hash of it).\n");
    }
    rc = TRK_OK;
out:
    trk_wipe(token, sizeof token);
    trk_db_close(db);
    return rc;
}

static int token_list(trk_ctx *ctx, trk_args *a)
{
    int rc = TRK_ERR;
    trk_res *r = NULL;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return rc;
    long long account = 0;
    if (trk_has(a, "user") && (rc = user_id(a, db, trk_arg(a, "user"), &account)) != TRK_OK)
        goto out;
    rc = TRK_ERR;
    r = trk_token_list(db, account);
    if (!r)
        goto out;
    if (trk_has(a, "json")) {
        if (trk_json_emit(trk_json_rows(r)) != 0)
            goto out;
    } else if (trk_res_rows(r) == 0) {
        printf("no tokens (create one: tracker token create --user LOGIN --scope read)\n");
    } else {
        printf("%-4s %-16s %-5s %-10s %-16s %-20s %s\n", "id", "user", "scope", "expires", "state",
               "last used", "name");
        for (int i = 0; i < trk_res_rows(r); i++) {
            const char *ex = trk_res_val(r, i, "expires_on"),
                       *lu = trk_res_val(r, i, "last_used_at"), *nm = trk_res_val(r, i, "name");
            printf("%-4s %-16s %-5s %-10s %-16s %-20s %s\n", trk_res_val(r, i, "id"),
                   trk_res_val(r, i, "login"), trk_res_val(r, i, "scope"), ex ? ex : "never",
                   trk_res_val(r, i, "state"), lu ? lu : "never", nm ? nm : "");
        }
    }
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

static int token_revoke(trk_ctx *ctx, trk_args *a)
{
    long long id;
    if (trk_parse_id("token id", a->pos[0], &id) != 0)
        return TRK_ERR_USAGE;
    int rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return rc;
    bool changed = false;
    int r = trk_token_revoke(db, id, &changed);
    if (r == TRK_ACCT_NONE) {
        trk_error("token %lld does not exist", id);
        trk_hint("'tracker token list' shows the tokens");
        rc = TRK_ERR_USAGE;
    } else if (r == TRK_OK) {
        if (changed)
            printf("revoked token %lld: it no longer authenticates\n", id);
        else
            printf("token %lld was already revoked\n", id);
        rc = TRK_OK;
    }
    trk_db_close(db);
    return rc;
}

static int token_check(trk_ctx *ctx, trk_args *a)
{
    return trk_check_secret(ctx, a, NULL);
}

static const trk_opt create_opts[] = {
    {"user", "LOGIN", "the user the token acts as (its role decides what it may do)",
     TRK_OPT_REQUIRED},
    {"scope", "read|write", "read: GET only; write: also changes (a viewer's stays read-only)",
     TRK_OPT_REQUIRED},
    {"name", "TEXT", "what the token is for, e.g. \"newsroom import script\"", 0},
    {"expires", "DATE", "the token stops working on this date (YYYY-MM-DD, UTC; after today)", 0},
    {"json", NULL, "machine-readable output", 0},
    {NULL},
};
static const trk_opt list_opts[] = {
    {"user", "LOGIN", "only this user's tokens", 0},
    {"json", NULL, "machine-readable output", 0},
    {NULL},
};
static const trk_opt check_opts[] = {
    {"stdin", NULL, "the token, from standard input (required)", 0},
    {"json", NULL, "machine-readable output", 0},
    {NULL},
};

static const trk_cmd token_cmds[] = {
    {"create", NULL, "create an API token and print it (shown only once)", create_opts, 0, 0,
     token_create,
     "Use it as 'Authorization: Bearer TOKEN'. Only its SHA-256 is kept; a lost token means a\n"
     "new one. It stops working when revoked, on its expiry date, or while its user is disabled."},
    {"list", NULL, "list tokens with their state (never the tokens)", list_opts, 0, 0, token_list,
     NULL},
    {"revoke", "ID", "revoke a token: it no longer authenticates", NULL, 1, 1, token_revoke, NULL},
    {"check", NULL, "authenticate a token given on stdin and print its user", check_opts, 0, 0,
     token_check,
     "Exit 0 and the user when the token works, else exit 1 with the same message whatever\n"
     "the reason."},
    {NULL},
};

int trk_cmd_token(trk_ctx *ctx, int argc, char **argv)
{
    return trk_dispatch(ctx, "token", "Create, list and revoke API tokens.", token_cmds, argc,
                        argv);
}
