/*
 * api_auth.c: the accounts of store/accounts.h as the API sees them (api_who). Kept apart from
 * the rest of the HTTP layer, whose route table has names of its own (TRK_AUTH_NONE).
 */
#include "api.h"

#include "accounts.h"
#include "crypto.h"

#include <stdio.h>
#include <string.h>

static void who_of(const trk_principal *p, api_who *out)
{
    out->account_id = p->account_id;
    snprintf(out->login, sizeof out->login, "%s", p->login);
    out->role = p->role == TRK_ROLE_ADMIN    ? API_ADMIN
                : p->role == TRK_ROLE_EDITOR ? API_EDITOR
                                             : API_VIEWER;
    out->can_write = p->can_write;
}

static int result(int r, const trk_principal *p, api_who *out)
{
    if (r == TRK_OK) {
        who_of(p, out);
        return 0;
    }
    return r == TRK_AUTH_NONE ? 1 : -1;
}

int api_auth_bearer(trk_db *db, const char *token, api_who *out)
{
    trk_principal p;
    memset(&p, 0, sizeof p);
    return result(trk_auth_token(db, token, &p), &p, out);
}

int api_auth_cookie(trk_db *db, const char *session, api_who *out, char csrf[44])
{
    trk_principal p;
    memset(&p, 0, sizeof p);
    return result(trk_auth_session(db, session, &p, csrf), &p, out);
}

int api_set_account(trk_db *db, const api_who *w)
{
    if (!w)
        return trk_db_set_account(db, NULL) == TRK_OK ? 0 : -1;
    trk_principal p;
    memset(&p, 0, sizeof p);
    p.account_id = w->account_id;
    snprintf(p.login, sizeof p.login, "%s", w->login);
    p.role = w->role == API_ADMIN    ? TRK_ROLE_ADMIN
             : w->role == API_EDITOR ? TRK_ROLE_EDITOR
                                     : TRK_ROLE_VIEWER;
    p.can_write = w->can_write;
    return trk_db_set_account(db, &p) == TRK_OK ? 0 : -1;
}
