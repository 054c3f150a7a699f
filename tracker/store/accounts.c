/*
 * accounts.c: accounts, API tokens, web sessions (accounts.h, schema/015_accounts.sql).
 */
#include "accounts.h"

#include "crypto.h"
#include "model.h"
#include "msg.h"

#include <stdio.h>
#include <string.h>

/* An Argon2id hash with trk_pwhash's parameters (m=64 MiB, t=2, p=1) of a random password that
 * was thrown away: what an unknown login's password is verified against, so that it costs the
 * same as a known one's. */
static const char dummy_hash[] = "$argon2id$v=19$m=65536,t=2,p=1$GZ1cPIX/HllELG05XQnKew$"
                                 "2Vc4rOL0zxQGhMeiCLyrZFbKFUsJllicELvRoRrYlvg";

#define SQL_UTC(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

const char *trk_role_name(trk_role r)
{
    switch (r) {
    case TRK_ROLE_VIEWER:
        return "viewer";
    case TRK_ROLE_EDITOR:
        return "editor";
    case TRK_ROLE_ADMIN:
        return "admin";
    }
    return NULL;
}

trk_role trk_role_from_name(const char *s)
{
    for (int i = 0; s && trk_account_roles[i]; i++)
        if (strcmp(s, trk_account_roles[i]) == 0)
            return (trk_role)(i + 1);
    return (trk_role)0;
}

/* Fill a principal from a row with account_id, login, role. */
static void principal_from(const trk_res *r, trk_principal *out)
{
    memset(out, 0, sizeof *out);
    out->account_id = trk_res_int(r, 0, "account_id");
    snprintf(out->login, sizeof out->login, "%s", trk_res_val(r, 0, "login"));
    out->role = trk_role_from_name(trk_res_val(r, 0, "role"));
}

/* The SHA-256 hex of a token; false when the token is not `prefix` followed by 43 base64url
 * characters (then it cannot be one of ours and the database is not asked). */
static bool token_digest(const char *tok, const char *prefix, char hex[TRK_SHA256_HEXLEN])
{
    if (!tok)
        return false;
    size_t pl = strlen(prefix);
    if (strncmp(tok, prefix, pl) != 0 || strlen(tok) != pl + TRK_TOKEN_LEN)
        return false;
    for (const char *p = tok + pl; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return false;
    trk_sha256_hex(tok, strlen(tok), hex);
    return true;
}

/* Touch a usage timestamp; refused (read-only role without the column grant, a standby) or
 * failed, authentication goes on: the error is only recorded. */
static void touch(trk_db *db, const char *sql, long long id)
{
    char idb[24];
    const char *p[] = {trk_idstr(id, idb)};
    (void)trk_db_try_exec(db, sql, 1, p);
}

int trk_auth_token(trk_db *db, const char *bearer, trk_principal *out)
{
    char hex[TRK_SHA256_HEXLEN];
    memset(out, 0, sizeof *out);
    if (!token_digest(bearer, "trk_", hex))
        return TRK_AUTH_NONE;
    const char *p[] = {hex};
    trk_res *r = trk_db_query(
        db,
        "SELECT t.id AS token_id, t.scope, a.id AS account_id, a.login, a.role,"
        " (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute') AS stale"
        " FROM api_token t JOIN app_account a ON a.id = t.account_id"
        " WHERE t.token_sha256 = $1 AND t.revoked_at IS NULL AND a.disabled_at IS NULL"
        " AND (t.expires_on IS NULL OR t.expires_on > (now() AT TIME ZONE 'UTC')::date)",
        1, p);
    if (!r)
        return TRK_ERR;
    int rc = TRK_AUTH_NONE;
    if (trk_res_rows(r) == 1) {
        principal_from(r, out);
        out->token_id = trk_res_int(r, 0, "token_id");
        out->can_write = strcmp(trk_res_val(r, 0, "scope"), "write") == 0;
        if (trk_res_bool(r, 0, "stale"))
            touch(db, "UPDATE api_token SET last_used_at = now() WHERE id = $1::bigint",
                  out->token_id);
        rc = out->role ? TRK_OK : TRK_AUTH_NONE;
    }
    trk_res_free(r);
    return rc;
}

int trk_auth_password(trk_db *db, const char *login, const char *pw, size_t len, trk_principal *out)
{
    memset(out, 0, sizeof *out);
    trk_res *r = NULL;
    const char *hash = dummy_hash;
    bool usable = false;
    if (trk_login_valid(login)) {
        const char *p[] = {login};
        r = trk_db_query(db,
                         "SELECT id AS account_id, login, role, password_hash,"
                         " disabled_at IS NOT NULL AS disabled FROM app_account WHERE login = $1",
                         1, p);
        if (!r)
            return TRK_ERR;
        if (trk_res_rows(r) == 1 && trk_res_val(r, 0, "password_hash")) {
            hash = trk_res_val(r, 0, "password_hash");
            usable = !trk_res_bool(r, 0, "disabled");
        }
    }
    /* Always one verification, also for unknown and disabled accounts and for empty or
     * overlong passwords (libsodium refuses nothing of a sane size). */
    bool ok = trk_pwhash_verify(hash, pw ? pw : "", pw ? len : 0) && usable;
    int rc = TRK_AUTH_NONE;
    if (ok) {
        principal_from(r, out);
        out->can_write = true;
        rc = out->role ? TRK_OK : TRK_AUTH_NONE;
    }
    trk_res_free(r);
    return rc;
}

int trk_session_create(trk_db *db, long long account_id, int ttl_seconds, char token[44],
                       char csrf[44])
{
    char hex[TRK_SHA256_HEXLEN], idb[24], ttl[16];
    token[0] = csrf[0] = '\0';
    if (ttl_seconds <= 0) {
        trk_error("invalid session lifetime %d s: must be positive", ttl_seconds);
        return TRK_ERR;
    }
    char tok[TRK_TOKEN_LEN + 1], cs[TRK_TOKEN_LEN + 1];
    trk_random_token(tok);
    trk_random_token(cs);
    trk_sha256_hex(tok, strlen(tok), hex);
    snprintf(ttl, sizeof ttl, "%d", ttl_seconds);
    const char *p[] = {trk_idstr(account_id, idb), hex, cs, ttl};
    trk_res *r = trk_db_query(
        db,
        "WITH a AS (SELECT id, disabled_at IS NOT NULL AS disabled FROM app_account"
        "  WHERE id = $1::bigint),"
        " s AS (INSERT INTO web_session (account_id, token_sha256, csrf_token, expires_at)"
        "  SELECT id, $2, $3, now() + make_interval(secs => $4::int) FROM a WHERE NOT disabled"
        "  RETURNING id)"
        " SELECT (SELECT count(*) FROM a) AS known, (SELECT count(*) FROM s) AS created",
        4, p);
    if (!r) {
        trk_wipe(tok, sizeof tok);
        trk_wipe(cs, sizeof cs);
        return TRK_ERR;
    }
    int rc = trk_res_int(r, 0, "created") == 1 ? TRK_OK
             : trk_res_int(r, 0, "known") == 0 ? TRK_ACCT_NONE
                                               : TRK_ACCT_DISABLED;
    trk_res_free(r);
    if (rc == TRK_OK) {
        memcpy(token, tok, sizeof tok);
        memcpy(csrf, cs, sizeof cs);
    }
    trk_wipe(tok, sizeof tok);
    trk_wipe(cs, sizeof cs);
    return rc;
}

int trk_auth_session(trk_db *db, const char *token, trk_principal *out, char csrf[44])
{
    char hex[TRK_SHA256_HEXLEN];
    memset(out, 0, sizeof *out);
    if (csrf)
        csrf[0] = '\0';
    if (!token_digest(token, "", hex))
        return TRK_AUTH_NONE;
    const char *p[] = {hex};
    trk_res *r =
        trk_db_query(db,
                     "SELECT s.id AS session_id, s.csrf_token, a.id AS account_id, a.login, a.role,"
                     " s.last_seen_at < now() - interval '1 minute' AS stale"
                     " FROM web_session s JOIN app_account a ON a.id = s.account_id"
                     " WHERE s.token_sha256 = $1 AND s.revoked_at IS NULL AND s.expires_at > now()"
                     " AND a.disabled_at IS NULL",
                     1, p);
    if (!r)
        return TRK_ERR;
    int rc = TRK_AUTH_NONE;
    if (trk_res_rows(r) == 1) {
        principal_from(r, out);
        out->session_id = trk_res_int(r, 0, "session_id");
        out->can_write = true;
        if (csrf)
            snprintf(csrf, 44, "%s", trk_res_val(r, 0, "csrf_token"));
        if (trk_res_bool(r, 0, "stale"))
            touch(db, "UPDATE web_session SET last_seen_at = now() WHERE id = $1::bigint",
                  out->session_id);
        rc = out->role ? TRK_OK : TRK_AUTH_NONE;
    }
    trk_res_free(r);
    return rc;
}

int trk_session_revoke(trk_db *db, const char *token)
{
    char hex[TRK_SHA256_HEXLEN];
    if (!token_digest(token, "", hex))
        return TRK_OK;
    const char *p[] = {hex};
    return trk_db_exec(db,
                       "UPDATE web_session SET revoked_at = now() WHERE token_sha256 = $1"
                       " AND revoked_at IS NULL",
                       1, p) == 0
               ? TRK_OK
               : TRK_ERR;
}

int trk_db_set_account(trk_db *db, const trk_principal *p)
{
    char idb[24];
    const char *v[] = {p ? trk_idstr(p->account_id, idb) : "", p ? p->login : ""};
    return trk_db_exec(db,
                       "SELECT set_config('tracker.account_id', $1, false),"
                       " set_config('tracker.account', $2, false)",
                       2, v) == 0
               ? TRK_OK
               : TRK_ERR;
}

/* --- Management ---------------------------------------------------------------------------- */

const char *trk_password_problem(const char *pw, size_t len)
{
    if (!pw || len == 0)
        return "is empty";
    if (len > TRK_PASSWORD_MAX)
        return "is longer than 1024 bytes";
    if (memchr(pw, '\0', len))
        return "contains a NUL byte";
    if (len < TRK_PASSWORD_MIN)
        return "is shorter than 12 bytes";
    return NULL;
}

/* Checks shared by create and set_password; reported, TRK_ERR_USAGE. */
static int check_input(const char *login, const char *pw, size_t len)
{
    if (!trk_login_valid(login)) {
        trk_error("invalid login: expected 1 to 64 of a-z, 0-9, '.', '_', '-'");
        return TRK_ERR_USAGE;
    }
    const char *why = pw ? trk_password_problem(pw, len) : NULL;
    if (why) {
        trk_error("the password %s", why);
        return TRK_ERR_USAGE;
    }
    return TRK_OK;
}

int trk_account_create(trk_db *db, const char *login, const char *name, trk_role role,
                       const char *pw, size_t len, long long *id)
{
    int rc = check_input(login, pw ? pw : "", pw ? len : 0);
    if (rc != TRK_OK)
        return rc;
    if (!trk_role_name(role)) {
        trk_error("invalid role %d", (int)role);
        return TRK_ERR_USAGE;
    }
    char hash[TRK_PWHASH_LEN];
    if (trk_pwhash(pw, len, hash) != 0)
        return TRK_ERR;
    const char *p[] = {login, name, trk_role_name(role), hash};
    trk_res *r = trk_db_try_query(db,
                                  "INSERT INTO app_account (login, name, role, password_hash)"
                                  " VALUES ($1, $2, $3, $4) RETURNING id",
                                  4, p);
    trk_wipe(hash, sizeof hash);
    if (!r) {
        if (strcmp(trk_db_sqlstate(db), TRK_SQLSTATE_UNIQUE) == 0)
            return TRK_ACCT_DUPLICATE;
        trk_db_report(db);
        return TRK_ERR;
    }
    if (id)
        *id = trk_res_int(r, 0, "id");
    trk_res_free(r);
    return TRK_OK;
}

/* Run a statement that returns the changed account's row (or none). */
static int account_update(trk_db *db, const char *sql, int n, const char *const *p, bool *flag)
{
    trk_res *r = trk_db_query(db, sql, n, p);
    if (!r)
        return TRK_ERR;
    int rc = trk_res_rows(r) == 1 ? TRK_OK : TRK_ACCT_NONE;
    if (rc == TRK_OK && flag)
        *flag = trk_res_bool(r, 0, "changed");
    trk_res_free(r);
    return rc;
}

int trk_account_edit(trk_db *db, const char *login, trk_role role, const char *name)
{
    const char *p[] = {login, role ? trk_role_name(role) : NULL, name};
    return account_update(db,
                          "UPDATE app_account SET role = coalesce($2, role),"
                          " name = CASE WHEN $3::text IS NULL THEN name ELSE nullif($3, '') END"
                          " WHERE login = $1 RETURNING id, true AS changed",
                          3, p, NULL);
}

int trk_account_set_disabled(trk_db *db, const char *login, bool disabled, bool *changed)
{
    const char *p[] = {login, disabled ? "true" : "false"};
    return account_update(
        db,
        "UPDATE app_account a SET disabled_at = CASE WHEN $2::boolean"
        "  THEN coalesce(a.disabled_at, now()) END"
        " FROM (SELECT id, disabled_at IS NOT NULL AS was FROM app_account WHERE login = $1"
        "  FOR UPDATE) o WHERE a.id = o.id RETURNING a.id, o.was <> $2::boolean AS changed",
        2, p, changed);
}

int trk_account_set_password(trk_db *db, const char *login, const char *pw, size_t len)
{
    int rc = check_input(login, pw, len);
    if (rc != TRK_OK)
        return rc;
    char hash[TRK_PWHASH_LEN];
    if (trk_pwhash(pw, len, hash) != 0)
        return TRK_ERR;
    /* A new password ends the account's web sessions (tokens stay: revoke them apart). */
    const char *p[] = {login, hash};
    rc = account_update(db,
                        "WITH a AS (UPDATE app_account SET password_hash = $2,"
                        "  password_changed_at = now() WHERE login = $1 RETURNING id),"
                        " s AS (UPDATE web_session SET revoked_at = now()"
                        "  WHERE account_id IN (SELECT id FROM a) AND revoked_at IS NULL)"
                        " SELECT id, true AS changed FROM a",
                        2, p, NULL);
    trk_wipe(hash, sizeof hash);
    return rc;
}

int trk_account_id(trk_db *db, const char *login, long long *id)
{
    const char *p[] = {login};
    trk_res *r = trk_db_query(db, "SELECT id FROM app_account WHERE login = $1", 1, p);
    if (!r)
        return TRK_ERR;
    int rc = trk_res_rows(r) == 1 ? TRK_OK : TRK_ACCT_NONE;
    if (rc == TRK_OK)
        *id = trk_res_int(r, 0, "id");
    trk_res_free(r);
    return rc;
}

trk_res *trk_account_list(trk_db *db, const char *login)
{
    const char *p[] = {login};
    return trk_db_query(
        db,
        "SELECT a.id, a.login, a.name, a.role, a.disabled_at IS NOT NULL AS disabled,"
        " " SQL_UTC("a.disabled_at") " AS disabled_at, " SQL_UTC(
            "a.created_at") " AS created_at,"
                            " " SQL_UTC(
                                "a.updated_at") " AS updated_at,"
                                                " " SQL_UTC(
                                                    "a.password_changed_at") " AS "
                                                                             "password_changed_at,"
                                                                             " (SELECT count(*) "
                                                                             "FROM api_token t "
                                                                             "WHERE t.account_id = "
                                                                             "a.id AND "
                                                                             "t.revoked_at IS NULL"
                                                                             "  AND (t.expires_on "
                                                                             "IS NULL OR "
                                                                             "t.expires_on > "
                                                                             "(now() AT TIME ZONE "
                                                                             "'UTC')::date))::int"
                                                                             "  AS active_tokens"
                                                                             " FROM app_account a "
                                                                             "WHERE ($1::text IS "
                                                                             "NULL OR a.login = "
                                                                             "$1) ORDER BY a.login",
        1, p);
}

int trk_token_create(trk_db *db, long long account_id, bool write, const char *name,
                     const char *expires_on, char token[TRK_API_TOKEN_LEN + 1], long long *id)
{
    char idb[24], hex[TRK_SHA256_HEXLEN], tok[TRK_API_TOKEN_LEN + 1];
    token[0] = '\0';
    memcpy(tok, "trk_", 4);
    trk_random_token(tok + 4);
    trk_sha256_hex(tok, strlen(tok), hex);
    const char *p[] = {trk_idstr(account_id, idb), write ? "write" : "read", name, expires_on, hex};
    trk_res *r = trk_db_query(
        db,
        "WITH a AS (SELECT id, disabled_at IS NOT NULL AS disabled,"
        "  ($4::date IS NULL OR $4::date > (now() AT TIME ZONE 'UTC')::date) AS future"
        "  FROM app_account WHERE id = $1::bigint),"
        " t AS (INSERT INTO api_token (account_id, scope, name, expires_on, token_sha256)"
        "  SELECT id, $2, $3, $4::date, $5 FROM a WHERE NOT disabled AND future RETURNING id)"
        " SELECT (SELECT count(*) FROM a) AS known, (SELECT bool_or(disabled) FROM a) AS disabled,"
        " (SELECT id FROM t) AS id",
        5, p);
    if (!r) {
        trk_wipe(tok, sizeof tok);
        return TRK_ERR;
    }
    int rc = trk_res_val(r, 0, "id")           ? TRK_OK
             : trk_res_int(r, 0, "known") == 0 ? TRK_ACCT_NONE
             : trk_res_bool(r, 0, "disabled")  ? TRK_ACCT_DISABLED
                                               : TRK_ACCT_PAST;
    if (rc == TRK_OK) {
        if (id)
            *id = trk_res_int(r, 0, "id");
        memcpy(token, tok, sizeof tok);
    }
    trk_res_free(r);
    trk_wipe(tok, sizeof tok);
    return rc;
}

trk_res *trk_token_list(trk_db *db, long long account_id)
{
    char idb[24];
    const char *p[] = {account_id ? trk_idstr(account_id, idb) : NULL};
    return trk_db_query(
        db,
        "SELECT t.id, t.account_id, a.login, t.name, t.scope,"
        " to_char(t.expires_on, 'YYYY-MM-DD') AS expires_on,"
        " " SQL_UTC("t.created_at") " AS created_at, " SQL_UTC(
            "t.last_used_at") " AS last_used_at,"
                              " " SQL_UTC(
                                  "t.revoked_at") " AS revoked_at,"
                                                  " CASE WHEN t.revoked_at IS NOT NULL THEN "
                                                  "'revoked'"
                                                  "  WHEN t.expires_on <= (now() AT TIME ZONE "
                                                  "'UTC')::date THEN 'expired'"
                                                  "  WHEN a.disabled_at IS NOT NULL THEN 'account "
                                                  "disabled' ELSE 'active' END AS state"
                                                  " FROM api_token t JOIN app_account a ON a.id = "
                                                  "t.account_id"
                                                  " WHERE ($1::bigint IS NULL OR t.account_id = "
                                                  "$1::bigint) ORDER BY t.id",
        1, p);
}

int trk_token_revoke(trk_db *db, long long id, bool *changed)
{
    char idb[24];
    const char *p[] = {trk_idstr(id, idb)};
    trk_res *r = trk_db_query(db,
                              "WITH u AS (UPDATE api_token SET revoked_at = now()"
                              "  WHERE id = $1::bigint AND revoked_at IS NULL RETURNING id)"
                              " SELECT (SELECT count(*) FROM u) AS revoked,"
                              " (SELECT count(*) FROM api_token WHERE id = $1::bigint) AS known",
                              1, p);
    if (!r)
        return TRK_ERR;
    int rc = trk_res_int(r, 0, "known") == 0 ? TRK_ACCT_NONE : TRK_OK;
    if (changed)
        *changed = trk_res_int(r, 0, "revoked") == 1;
    trk_res_free(r);
    return rc;
}
