/*
 * accounts.h: accounts, API tokens and web sessions (schema/015_accounts.sql), used by the CLI
 * (tracker user|token), the API and the web application.
 *
 * Secrets: passwords are kept only as Argon2id hashes (crypto.h trk_pwhash), API tokens and
 * session tokens only as the SHA-256 hex of the whole string; none of them is ever written to a
 * message, and the audit rows of these tables leave the hashes out (migration 015).
 *
 * Authentication (trk_auth_*) works on a read-only connection (tracker_feed_reader may read what
 * it needs and touch only the usage timestamps; when even that is refused, e.g. on a standby,
 * authentication still succeeds). A disabled account, a revoked or expired token, a revoked or
 * expired session never authenticate: every check is a join with the account at the time of
 * the call. Call these outside an explicit transaction: the usage-timestamp update is tried
 * and its failure ignored, which would abort an enclosing transaction.
 *
 * Password sign-in (trk_auth_password needs the hash), creating sessions and every management
 * function need a writer connection (tracker_writer).
 *
 * Return values: TRK_OK; TRK_AUTH_NONE (1) when the credential is not valid (unknown, wrong,
 * disabled, revoked, expired: not reported, the caller answers 401 with the same words whatever
 * the reason); the positive TRK_ACCT_* codes of the management functions (not reported: the
 * caller words them); TRK_ERR after a database error (reported on stderr).
 */
#ifndef TRK_ACCOUNTS_H
#define TRK_ACCOUNTS_H

#include "db.h"
#include "msg.h"

#include <stdbool.h>
#include <stddef.h>

/* Values of the roles are their order: a role may do what the roles below it may do. */
typedef enum { TRK_ROLE_VIEWER = 1, TRK_ROLE_EDITOR = 2, TRK_ROLE_ADMIN = 3 } trk_role;

typedef struct trk_principal {
    long long account_id;
    char login[65];
    trk_role role;
    bool can_write;                 /* token scope write, or a session (its role still decides) */
    long long token_id, session_id; /* the credential used (0 for the other kinds) */
} trk_principal;

enum {
    TRK_AUTH_NONE = 1,      /* no such valid credential */
    TRK_ACCT_NONE = 1,      /* no such account / token */
    TRK_ACCT_DUPLICATE = 2, /* the login is taken */
    TRK_ACCT_DISABLED = 3,  /* the account is disabled (token create, session create) */
    TRK_ACCT_PAST = 4,      /* token expiry date not after today (UTC) */
};

#define TRK_PASSWORD_MIN 12   /* bytes */
#define TRK_PASSWORD_MAX 1024 /* bytes */
#define TRK_API_TOKEN_LEN 47  /* "trk_" + 43 base64url characters */
#define TRK_SESSION_TOKEN_LEN 43

/* "viewer" for TRK_ROLE_VIEWER ...; NULL for another value. */
const char *trk_role_name(trk_role r);
/* The role of a word of trk_account_roles; 0 when s is not a role. */
trk_role trk_role_from_name(const char *s);

/* --- Authentication ---------------------------------------------------------------------- */

/* An API token ("trk_..." as sent after "Bearer "). TRK_OK, TRK_AUTH_NONE, TRK_ERR. Touches
 * last_used_at (at most once a minute per token). */
int trk_auth_token(trk_db *db, const char *bearer, trk_principal *out);

/* A login and password (pw[0..len), any bytes). TRK_OK, TRK_AUTH_NONE, TRK_ERR. An unknown or
 * malformed login and a disabled account verify against a dummy Argon2id hash of the same
 * parameters, so that the answer takes the same time whether or not the account exists.
 * Needs a writer connection (tracker_feed_reader may not read password hashes). */
int trk_auth_password(trk_db *db, const char *login, const char *pw, size_t len,
                      trk_principal *out);

/* A new web session for an enabled account, expiring after ttl_seconds (> 0): the cookie value
 * and the CSRF token (43 base64url characters each) into token and csrf. TRK_OK,
 * TRK_ACCT_NONE (no such account), TRK_ACCT_DISABLED, TRK_ERR. Writer connection. */
int trk_session_create(trk_db *db, long long account_id, int ttl_seconds, char token[44],
                       char csrf[44]);

/* The session of a cookie value; csrf (may be NULL) receives its CSRF token (compare it with
 * trk_ct_equal). Touches last_seen_at (at most once a minute). TRK_OK, TRK_AUTH_NONE, TRK_ERR. */
int trk_auth_session(trk_db *db, const char *token, trk_principal *out, char csrf[44]);

/* Revoke the session of a cookie value (sign out). TRK_OK (also when it was not a live session:
 * signing out twice is not an error), TRK_ERR. Writer connection. */
int trk_session_revoke(trk_db *db, const char *token);

/* The account the audit trail names for the changes made next on this connection (session
 * settings tracker.account_id and tracker.account, read by the defaults of audit.account_id and
 * audit.account); NULL clears them. Set it per request on a shared connection. 0 or TRK_ERR. */
int trk_db_set_account(trk_db *db, const trk_principal *p);

/* --- Management (tracker user|token, the API's /users and /tokens; writer connection) ------ */

/* Check a password given by a user: NULL when acceptable, else the problem ("is empty",
 * "is shorter than 12 bytes", "is longer than 1024 bytes", "contains a NUL byte"), never
 * quoting the password. */
const char *trk_password_problem(const char *pw, size_t len);

/* Create an account (login checked with trk_login_valid, name NULL or 1..1000 bytes, the
 * password hashed here). TRK_OK (*id set when id is not NULL), TRK_ACCT_DUPLICATE, TRK_ERR. */
int trk_account_create(trk_db *db, const char *login, const char *name, trk_role role,
                       const char *pw, size_t len, long long *id);

/* Change the role (0 keeps it) and the name (NULL keeps it, "" clears it). TRK_OK,
 * TRK_ACCT_NONE, TRK_ERR. */
int trk_account_edit(trk_db *db, const char *login, trk_role role, const char *name);

/* Disable (its tokens and sessions stop working at once) or enable an account. *changed (may be
 * NULL) tells whether it was in the other state. TRK_OK, TRK_ACCT_NONE, TRK_ERR. */
int trk_account_set_disabled(trk_db *db, const char *login, bool disabled, bool *changed);

/* Set a new password (hashed here; password_changed_at is set). TRK_OK, TRK_ACCT_NONE, TRK_ERR. */
int trk_account_set_password(trk_db *db, const char *login, const char *pw, size_t len);

/* The id of the account with this login. TRK_OK, TRK_ACCT_NONE, TRK_ERR. */
int trk_account_id(trk_db *db, const char *login, long long *id);

/* Accounts ordered by login (login NULL: all), never their hashes. Columns: id, login, name,
 * role, disabled (bool), disabled_at, created_at, updated_at, password_changed_at (timestamps
 * ISO 8601 UTC, "2026-12-01T11:40:00Z"), active_tokens (int). NULL on error (reported). */
trk_res *trk_account_list(trk_db *db, const char *login);

/* A new API token for an enabled account: scope write or read, name NULL or 1..1000 bytes,
 * expires_on NULL or a YYYY-MM-DD date after today (UTC). The token (TRK_API_TOKEN_LEN
 * characters) into token, its id into *id. TRK_OK, TRK_ACCT_NONE, TRK_ACCT_DISABLED,
 * TRK_ACCT_PAST, TRK_ERR. */
int trk_token_create(trk_db *db, long long account_id, bool write, const char *name,
                     const char *expires_on, char token[TRK_API_TOKEN_LEN + 1], long long *id);

/* Tokens ordered by id (account_id 0: all), never the token or its hash. Columns: id,
 * account_id, login, name, scope, expires_on, created_at, last_used_at, revoked_at,
 * state ('active', 'revoked', 'expired' or 'account disabled'). NULL on error (reported). */
trk_res *trk_token_list(trk_db *db, long long account_id);

/* Revoke a token. *changed (may be NULL): false when it was already revoked. TRK_OK,
 * TRK_ACCT_NONE (no such token), TRK_ERR. */
int trk_token_revoke(trk_db *db, long long id, bool *changed);

#endif
