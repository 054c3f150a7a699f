/*
 * db_sessions.c: drives the session and account-audit functions of store/accounts.h against a
 * real database for tests/cli/t_session.sh (the web sessions have no CLI: the API and the web
 * application use them). $TRACKER_DB names the database.
 *
 *   db_sessions create LOGIN TTL_SECONDS  -> "token T" and "csrf C"; exit 3 no such user, 4
 * disabled db_sessions auth TOKEN                -> "ok LOGIN ROLE SESSION_ID CAN_WRITE CSRF"; exit
 * 3 refused db_sessions revoke TOKEN db_sessions audit TOKEN CASE_ID TEXT  -> as the session's
 * account, set the case's summary to TEXT; then, with the account cleared, to TEXT + " (cli)" Exit
 * 1 on a database error, 2 on bad arguments.
 */
#include "accounts.h"
#include "crypto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int code(int rc)
{
    return rc == TRK_OK ? 0 : rc == TRK_AUTH_NONE ? 3 : rc == TRK_ACCT_DISABLED ? 4 : 1;
}

int main(int argc, char **argv)
{
    if (argc < 3 || trk_crypto_init() != 0)
        return 2;
    trk_db *db = trk_db_connect(NULL);
    if (!db)
        return 1;
    int rc = TRK_ERR;
    trk_principal p;
    char csrf[44];
    if (strcmp(argv[1], "create") == 0 && argc == 4) {
        long long id = 0;
        char token[44];
        rc = trk_account_id(db, argv[2], &id);
        if (rc == TRK_OK)
            rc = trk_session_create(db, id, atoi(argv[3]), token, csrf);
        if (rc == TRK_OK)
            printf("token %s\ncsrf %s\n", token, csrf);
    } else if (strcmp(argv[1], "auth") == 0 && argc == 3) {
        rc = trk_auth_session(db, argv[2], &p, csrf);
        if (rc == TRK_OK)
            printf("ok %s %s %lld %s %s\n", p.login, trk_role_name(p.role), p.session_id,
                   p.can_write ? "write" : "read", csrf);
    } else if (strcmp(argv[1], "revoke") == 0 && argc == 3) {
        rc = trk_session_revoke(db, argv[2]);
    } else if (strcmp(argv[1], "audit") == 0 && argc == 5) {
        rc = trk_auth_session(db, argv[2], &p, NULL);
        if (rc == TRK_OK)
            rc = trk_db_set_account(db, &p);
        const char *q1[] = {argv[3], argv[4]};
        if (rc == TRK_OK &&
            trk_db_exec(db, "UPDATE legal_case SET summary = $2 WHERE id = $1::bigint", 2, q1) != 0)
            rc = TRK_ERR;
        if (rc == TRK_OK)
            rc = trk_db_set_account(db, NULL);
        char text[1024];
        snprintf(text, sizeof text, "%s (cli)", argv[4]);
        const char *q2[] = {argv[3], text};
        if (rc == TRK_OK &&
            trk_db_exec(db, "UPDATE legal_case SET summary = $2 WHERE id = $1::bigint", 2, q2) != 0)
            rc = TRK_ERR;
    } else {
        trk_db_close(db);
        return 2;
    }
    trk_db_close(db);
    return code(rc);
}
