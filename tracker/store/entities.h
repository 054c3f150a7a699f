/*
 * entities.h: find-or-create helpers for parties, bodies and sources, shared by the case, event
 * and source commands. Each runs inside the caller's transaction and returns 0 or -1 (reported).
 */
#ifndef TRK_ENTITIES_H
#define TRK_ENTITIES_H

#include "db.h"

#include <stdbool.h>

/* The party named `name` (created as `kind`, default organisation, when missing). */
int trk_party_ensure(trk_db *db, const char *name, const char *kind, long long *id);
/* The body `name` in `jurisdiction` (created as `kind`, default court, when missing). */
int trk_body_ensure(trk_db *db, const char *name, const char *jurisdiction, const char *kind,
                    long long *id);
/* The source with this URL (created bare when missing). */
int trk_source_ensure(trk_db *db, const char *url, long long *id);

/* Parse "ROLE:NAME" (e.g. "defendant:Telegram Messenger LLP"): validates the role and the name.
 * On success *role points to a static vocabulary word and *name into s. */
int trk_party_ref_parse(const char *s, const char **role, const char **name);

/* One parsed fine equivalent (--equivalent AMOUNT:CUR[:DATE]); strings are owned by the struct. */
typedef struct trk_equiv {
    char amount[32];
    char currency[4];
    char as_of[11]; /* "" when not given */
} trk_equiv;

/* Parse "14000:USD" or "14000.00:USD:2017-10-16" (reports and returns -1 on bad input). */
int trk_equiv_parse(const char *s, trk_equiv *out);

/*
 * Insert the fine of an event: `amount` as given by the user, validated and normalized against
 * `currency`. Reports bad values ("invalid amount ...", "unknown currency ...") and returns -2 for
 * them (a usage error), -1 for database errors, 0 on success with *fine_id set.
 */
int trk_fine_insert(trk_db *db, long long event_id, const char *amount, const char *currency,
                    const trk_equiv *eq, int neq, bool paid, const char *paid_on,
                    long long *fine_id);

/* Validate an amount for a currency without touching the database (-1 reported). */
int trk_fine_check(const char *amount, const char *currency);

/* `tracker case list --json` (and GET /api/v1/cases): $1 jurisdiction, $2 as-of date (for
 * next_deadline), $3 tag, $4 status, $5 external id; NULL parameters do not filter. Ordered by id. */
extern const char trk_sql_case_list[];

#endif
