/* web_auth.c: store/accounts.h for web_session.c (see web_auth.h). */
#include "web_auth.h"

#include "accounts.h"
#include "msg.h"

#include <stdio.h>
#include <string.h>

static int result(int rc)
{
    return rc == TRK_OK ? 0 : rc > 0 ? 1 : -1;
}

static void copy(const trk_principal *p, trk_web_principal *out)
{
    out->account_id = p->account_id;
    snprintf(out->login, sizeof out->login, "%s", p->login);
    const char *r = trk_role_name(p->role);
    snprintf(out->role, sizeof out->role, "%s", r ? r : "viewer");
}

int trk_web_auth_password(trk_db *db, const char *login, const char *pw, size_t len,
                          trk_web_principal *out)
{
    trk_principal p;
    int rc = result(trk_auth_password(db, login, pw, len, &p));
    if (rc == 0)
        copy(&p, out);
    return rc;
}

int trk_web_auth_session(trk_db *db, const char *token, trk_web_principal *out, char csrf[44])
{
    trk_principal p;
    int rc = result(trk_auth_session(db, token, &p, csrf));
    if (rc == 0)
        copy(&p, out);
    return rc;
}

int trk_web_session_new(trk_db *db, long long account_id, int ttl_seconds, char token[44],
                        char csrf[44])
{
    return result(trk_session_create(db, account_id, ttl_seconds, token, csrf));
}

int trk_web_session_end(trk_db *db, const char *token)
{
    return result(trk_session_revoke(db, token));
}
