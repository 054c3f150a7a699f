/*
 * digest.h: e-mail digests sent by the worker (tracker notify --smtp URL); see cmd_digest.c.
 */
#ifndef TRK_DIGEST_H
#define TRK_DIGEST_H

#include "cli.h"
#include "db.h"

#include <stdbool.h>

typedef struct trk_digest_cfg {
    bool enabled;          /* --smtp given */
    const char *smtp_url;
    const char *from;
    const char *base_url;  /* links to the web app and the unsubscribe link */
    char user[256];
    char password[256];
    bool have_auth;
    bool allow_plain;
} trk_digest_cfg;

#define TRK_DIGEST_OPTS                                                                            \
    {"smtp", "URL", "send e-mail digests through this server (smtp://host:587, smtps://host)", 0}, \
        {"smtp-from", "ADDRESS", "the digests' From address (default tracker@localhost)", 0},      \
        {"smtp-auth-file", "FILE",                                                                 \
         "SMTP user and password, one line USER:PASSWORD (else $TRACKER_SMTP_USER and "            \
         "$TRACKER_SMTP_PASSWORD)",                                                                \
         0},                                                                                       \
        {"smtp-plain-localhost", NULL, "no STARTTLS, allowed only to a loopback host (tests)", 0}, \
        {"base-url", "URL",                                                                        \
         "public base URL of tracker serve --app, for links: URL/app/#/cases/ID, URL/unsubscribe "  \
         "(default $TRACKER_WEB_BASE_URL, else http://127.0.0.1:8080)",                                                                 \
         0}

int trk_digest_cfg_from_args(trk_args *a, trk_digest_cfg *c);

/* Send the digests whose period has begun and that were not sent for it. 0, or -1 after a
 * reported database error (a failed mail is only logged: it is tried again at the next sweep). */
int trk_digest_sweep(trk_db *db, const trk_digest_cfg *c, bool verbose);


#endif
