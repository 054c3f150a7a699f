/*
 * model.h: the closed vocabularies of the data model (event types, outcomes, statuses, roles,
 * kinds), shared by the CLI, the importer and the exporters. Pure. Must match the CHECK
 * constraints of the schema (event types: schema/014_lifecycle.sql).
 */
#ifndef TRK_MODEL_H
#define TRK_MODEL_H

#include <stdbool.h>

extern const char *const trk_event_types[];     /* NULL-terminated */
extern const char *const trk_event_outcomes[];
extern const char *const trk_case_statuses[];
extern const char *const trk_party_roles[];
extern const char *const trk_party_kinds[];
extern const char *const trk_body_kinds[];
extern const char *const trk_deadline_kinds[];
extern const char *const trk_deadline_statuses[];
extern const char *const trk_date_precisions[];
/* Accounts (schema/015_accounts.sql): a role grants what the roles before it grant
 * (viewer reads; editor also writes data; admin also manages users, tokens, rules, calendars,
 * jurisdictions and feeds), in this order; an API token's scope is read or write. */
extern const char *const trk_account_roles[];
extern const char *const trk_token_scopes[];
/* A case's procedure (legal_case.procedure); "unknown" when not recorded. */
extern const char *const trk_procedures[];

/* "administrative offence" for "administrative_offence", "not recorded" for "unknown". */
const char *trk_procedure_label(const char *procedure);

/* What an event of this type does by itself (meets, vacates, resolves which deadlines), one
 * line for help texts; NULL for an unknown type. The rules it triggers are in the rule table. */
const char *trk_event_type_effect(const char *type);

/* True when s is one of the NULL-terminated words. */
bool trk_word_in(const char *s, const char *const *words);

/* Write "a, b, c" into buf (for "expected one of ..." messages); returns buf. */
char *trk_words_join(const char *const *words, char *buf, unsigned size);

/* Tags: 1..64 bytes of lowercase letters, digits, '-', '_', ':' or non-ASCII UTF-8. */
bool trk_tag_valid(const char *s);

/* Account logins: 1..64 bytes of lowercase ASCII letters, digits, '.', '_' or '-'. */
bool trk_login_valid(const char *s);

/* Jurisdiction code syntax: "RU", "US", "US-CA" (existence is checked in the database). */
bool trk_jurisdiction_syntax(const char *s);

#endif
