/*
 * web_auth.h: what web_session.c needs of store/accounts.h, behind names of its own (accounts.h's
 * result codes share a name, TRK_AUTH_NONE, with the route table's auth kinds in internal.h, so
 * the two headers are never included together). Results: 0 ok, 1 not a valid credential (not
 * reported), -1 database error (reported).
 */
#ifndef TRK_WEB_AUTH_H
#define TRK_WEB_AUTH_H

#include "db.h"

#include <stddef.h>

typedef struct trk_web_principal {
    long long account_id;
    char login[65];
    char role[16];
} trk_web_principal;

int trk_web_auth_password(trk_db *db, const char *login, const char *pw, size_t len,
                          trk_web_principal *out);
int trk_web_auth_session(trk_db *db, const char *token, trk_web_principal *out, char csrf[44]);
/* A new session (token and csrf: 43 characters each): 0, 1 (account gone or disabled), -1. */
int trk_web_session_new(trk_db *db, long long account_id, int ttl_seconds, char token[44],
                        char csrf[44]);
int trk_web_session_end(trk_db *db, const char *token);

#endif
