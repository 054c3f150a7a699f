/*
 * cmd_user.c: tracker user add|list|edit|disable|enable|passwd|check: the accounts that sign in
 * to the API and the web application (store/accounts.h, schema/015_accounts.sql).
 *
 * Passwords come from standard input (--password-stdin, one line) or are generated (256 bits
 * from libsodium's CSPRNG, 43 base64url characters) and printed once. Only their Argon2id hash
 * is stored; no password is ever part of a message or of the audit trail.
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

int trk_login_arg_check(const trk_args *a, const char *login)
{
    if (trk_login_valid(login))
        return TRK_OK;
    return trk_usage_error(a, "invalid login \"%s\": expected 1 to 64 of a-z, 0-9, '.', '_', '-'",
                           login);
}

static int check_name(const char *name)
{
    if (!name)
        return TRK_OK;
    if (name[0] != '\0' && trk_text_check("--name", name, TRK_TEXT_SHORT_MAX, true) != 0)
        return TRK_ERR_USAGE;
    return TRK_OK;
}

static int check_role(const char *role)
{
    return trk_vocab_check("role", role, trk_account_roles) == 0 ? TRK_OK : TRK_ERR_USAGE;
}

/* The password of --password-stdin, checked (exit 2 when unfit). */
static int read_password(char *buf, size_t *len)
{
    int rc = trk_read_secret("the password", buf, TRK_PASSWORD_MAX, len);
    if (rc != TRK_OK)
        return rc;
    const char *why = trk_password_problem(buf, *len);
    if (why) {
        trk_wipe(buf, TRK_PASSWORD_MAX + 3);
        trk_error("the password %s", why);
        trk_hint("use at least %d bytes, or leave out --password-stdin to have one generated",
                 TRK_PASSWORD_MIN);
        return TRK_ERR_USAGE;
    }
    return TRK_OK;
}

/* A generated password (256 bits, printed once), or the checked one of --password-stdin. */
static int get_password(bool generated, char *pw, size_t *len)
{
    if (!generated)
        return read_password(pw, len);
    trk_random_token(pw);
    *len = strlen(pw);
    return TRK_OK;
}

static void print_generated(const char *pw)
{
    printf("password: %s\n", pw);
    printf("The password is shown only now (tracker keeps only its Argon2id hash).\n");
}

int trk_no_such_user(const char *login)
{
    trk_error("user \"%s\" does not exist", login);
    trk_hint("'tracker user list' shows the users");
    return TRK_ERR_USAGE;
}

static int user_add(trk_ctx *ctx, trk_args *a)
{
    const char *login = a->pos[0], *name = trk_arg(a, "name"), *role = trk_arg(a, "role");
    int rc;
    if ((rc = trk_login_arg_check(a, login)) != TRK_OK || (rc = check_role(role)) != TRK_OK)
        return rc;
    if (name && name[0] == '\0')
        return trk_usage_error(a, "invalid value for --name: must not be empty");
    if ((rc = check_name(name)) != TRK_OK)
        return rc;
    char pw[TRK_PASSWORD_MAX + 3];
    size_t len;
    bool generated = !trk_has(a, "password-stdin");
    if ((rc = get_password(generated, pw, &len)) != TRK_OK)
        return rc;
    rc = TRK_ERR;
    long long id = 0;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        goto out;
    int r = trk_account_create(db, login, name, trk_role_from_name(role), pw, len, &id);
    if (r == TRK_ACCT_DUPLICATE) {
        trk_error("user \"%s\" already exists", login);
        trk_hint("change it with 'tracker user edit %s' or 'tracker user passwd %s'", login, login);
        rc = TRK_ERR_USAGE;
        goto out;
    }
    if (r != TRK_OK) {
        rc = r < 0 ? r : TRK_ERR;
        goto out;
    }
    if (trk_has(a, "json")) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "id", (double)id);
        cJSON_AddStringToObject(o, "login", login);
        cJSON_AddStringToObject(o, "role", role);
        if (generated)
            cJSON_AddStringToObject(o, "password", pw);
        if (trk_json_emit(o) != 0)
            goto out;
    } else {
        printf("created user %s (%s), id %lld\n", login, role, id);
        if (generated) {
            print_generated(pw);
        }
    }
    rc = TRK_OK;
out:
    trk_wipe(pw, sizeof pw);
    trk_db_close(db);
    return rc;
}

static void print_users(const trk_res *r)
{
    if (trk_res_rows(r) == 0) {
        printf("no users (add one: tracker user add LOGIN --role admin)\n");
        return;
    }
    printf("%-4s %-20s %-7s %-9s %-7s %s\n", "id", "login", "role", "state", "tokens", "name");
    for (int i = 0; i < trk_res_rows(r); i++) {
        const char *nm = trk_res_val(r, i, "name");
        printf("%-4s %-20s %-7s %-9s %-7s %s\n", trk_res_val(r, i, "id"),
               trk_res_val(r, i, "login"), trk_res_val(r, i, "role"),
               trk_res_bool(r, i, "disabled") ? "disabled" : "active",
               trk_res_val(r, i, "active_tokens"), nm ? nm : "");
    }
}

static int user_list(trk_ctx *ctx, trk_args *a)
{
    int rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return rc;
    trk_res *r = trk_account_list(db, NULL);
    if (!r)
        goto out;
    if (trk_has(a, "json")) {
        if (trk_json_emit(trk_json_rows(r)) != 0)
            goto out;
    } else {
        print_users(r);
    }
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

static int user_edit(trk_ctx *ctx, trk_args *a)
{
    const char *login = a->pos[0], *name = trk_arg(a, "name"), *role = trk_arg(a, "role");
    int rc;
    if ((rc = trk_login_arg_check(a, login)) != TRK_OK || (rc = check_role(role)) != TRK_OK ||
        (rc = check_name(name)) != TRK_OK)
        return rc;
    if (!name && !role)
        return trk_usage_error(a, "nothing to change: give --role or --name");
    rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return rc;
    int r = trk_account_edit(db, login, trk_role_from_name(role), name);
    if (r == TRK_ACCT_NONE)
        rc = trk_no_such_user(login);
    else if (r == TRK_OK) {
        trk_res *l = trk_account_list(db, login);
        if (l && trk_res_rows(l) == 1) {
            const char *nm = trk_res_val(l, 0, "name");
            printf("user %s: role %s, name %s\n", login, trk_res_val(l, 0, "role"),
                   nm ? nm : "(none)");
            rc = TRK_OK;
        }
        trk_res_free(l);
    }
    trk_db_close(db);
    return rc;
}

static int set_disabled(trk_ctx *ctx, trk_args *a, bool disabled)
{
    const char *login = a->pos[0];
    int rc = trk_login_arg_check(a, login);
    if (rc != TRK_OK)
        return rc;
    rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return rc;
    bool changed = false;
    int r = trk_account_set_disabled(db, login, disabled, &changed);
    if (r == TRK_ACCT_NONE) {
        rc = trk_no_such_user(login);
    } else if (r == TRK_OK) {
        if (!changed)
            printf("user %s was already %s\n", login, disabled ? "disabled" : "enabled");
        else if (disabled)
            printf("disabled user %s: its tokens and sessions no longer work\n", login);
        else
            printf("enabled user %s: its unrevoked, unexpired tokens work again\n", login);
        rc = TRK_OK;
    }
    trk_db_close(db);
    return rc;
}

static int user_disable(trk_ctx *ctx, trk_args *a)
{
    return set_disabled(ctx, a, true);
}

static int user_enable(trk_ctx *ctx, trk_args *a)
{
    return set_disabled(ctx, a, false);
}

static int user_passwd(trk_ctx *ctx, trk_args *a)
{
    const char *login = a->pos[0];
    int rc = trk_login_arg_check(a, login);
    if (rc != TRK_OK)
        return rc;
    char pw[TRK_PASSWORD_MAX + 3];
    size_t len;
    bool generated = !trk_has(a, "password-stdin");
    if ((rc = get_password(generated, pw, &len)) != TRK_OK)
        return rc;
    rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        goto out;
    int r = trk_account_set_password(db, login, pw, len);
    if (r == TRK_ACCT_NONE) {
        rc = trk_no_such_user(login);
    } else if (r == TRK_OK) {
        printf("changed the password of user %s (its web sessions are signed out)\n", login);
        if (generated) {
            print_generated(pw);
        }
        rc = TRK_OK;
    } else {
        rc = r;
    }
out:
    trk_wipe(pw, sizeof pw);
    trk_db_close(db);
    return rc;
}

void trk_print_principal(const trk_principal *p, bool json)
{
    if (json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "account_id", (double)p->account_id);
        cJSON_AddStringToObject(o, "login", p->login);
        cJSON_AddStringToObject(o, "role", trk_role_name(p->role));
        cJSON_AddBoolToObject(o, "can_write", p->can_write);
        if (p->token_id)
            cJSON_AddNumberToObject(o, "token_id", (double)p->token_id);
        trk_json_emit(o);
        return;
    }
    printf("ok: user %s (id %lld), role %s", p->login, p->account_id, trk_role_name(p->role));
    if (p->token_id)
        printf(", token %lld, scope %s", p->token_id, p->can_write ? "write" : "read");
    putchar('\n');
}

int trk_check_secret(trk_ctx *ctx, trk_args *a, const char *login)
{
    bool token = !login;
    if (!trk_has(a, token ? "stdin" : "password-stdin"))
        return trk_usage_error(a,
                               token ? "give the token on standard input with --stdin"
                                     : "give the password on standard input with --password-stdin");
    char secret[TRK_PASSWORD_MAX + 3];
    size_t len;
    int rc = trk_read_secret(token ? "the token" : "the password", secret,
                             token ? 256 : TRK_PASSWORD_MAX, &len);
    if (rc != TRK_OK)
        return rc;
    rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    if (db) {
        trk_principal p;
        int r =
            token ? trk_auth_token(db, secret, &p) : trk_auth_password(db, login, secret, len, &p);
        if (r == TRK_OK) {
            trk_print_principal(&p, trk_has(a, "json"));
            rc = TRK_OK;
        } else if (r == TRK_AUTH_NONE) {
            /* The same words whatever the reason, as the API's 401. */
            trk_error("authentication failed");
            trk_detail(token ? "the token is unknown, revoked or expired, or its user is disabled"
                             : "the login is unknown, the password is wrong or the user is "
                               "disabled");
        }
    }
    trk_wipe(secret, sizeof secret);
    trk_db_close(db);
    return rc;
}

static int user_check(trk_ctx *ctx, trk_args *a)
{
    return trk_check_secret(ctx, a, a->pos[0]);
}

static const trk_opt add_opts[] = {
    {"role", "viewer|editor|admin",
     "viewer reads; editor also writes data; admin also manages users, tokens, rules, "
     "calendars, jurisdictions and feeds",
     TRK_OPT_REQUIRED},
    {"name", "NAME", "the person's or program's full name", 0},
    {"password-stdin", NULL,
     "read the password from standard input (one line, 12 to 1024 bytes); without it one is "
     "generated and printed once",
     0},
    {"json", NULL, "machine-readable output", 0},
    {NULL},
};
static const trk_opt list_opts[] = {{"json", NULL, "machine-readable output", 0}, {NULL}};
static const trk_opt edit_opts[] = {
    {"role", "viewer|editor|admin", "the new role", 0},
    {"name", "NAME", "the new full name (\"\" removes it)", 0},
    {NULL},
};
static const trk_opt passwd_opts[] = {
    {"password-stdin", NULL,
     "read the new password from standard input (one line, 12 to 1024 bytes); without it one "
     "is generated and printed once",
     0},
    {NULL},
};
static const trk_opt check_opts[] = {
    {"password-stdin", NULL, "the password, from standard input (required)", 0},
    {"json", NULL, "machine-readable output", 0},
    {NULL},
};

static const trk_cmd user_cmds[] = {
    {"add", "LOGIN", "add a user (the password from stdin, or generated and shown once)", add_opts,
     1, 1, user_add,
     "LOGIN: 1 to 64 of a-z, 0-9, '.', '_', '-'. Only the password's Argon2id hash is kept.\n"
     "Example: printf '%s\\n' \"$PW\" | tracker user add alice --role editor --password-stdin"},
    {"list", NULL, "list users (never their password hashes)", list_opts, 0, 0, user_list, NULL},
    {"edit", "LOGIN", "change a user's role or name", edit_opts, 1, 1, user_edit, NULL},
    {"disable", "LOGIN", "disable a user: its tokens and sessions stop working at once", NULL, 1, 1,
     user_disable, "Nothing is deleted: 'tracker user enable' undoes it."},
    {"enable", "LOGIN", "enable a disabled user again", NULL, 1, 1, user_enable, NULL},
    {"passwd", "LOGIN", "set a user's password (from stdin, or generated and shown once)",
     passwd_opts, 1, 1, user_passwd, "The user's web sessions are signed out; tokens stay."},
    {"check", "LOGIN", "check a password (as the API's sign-in does) and print the user",
     check_opts, 1, 1, user_check,
     "Exit 0 and the user when the password is right and the user enabled, else exit 1 with\n"
     "the same message whatever the reason."},
    {NULL},
};

int trk_cmd_user(trk_ctx *ctx, int argc, char **argv)
{
    return trk_dispatch(ctx, "user", "Manage the accounts of the API and the web application.",
                        user_cmds, argc, argv);
}
