/*
 * entities.c: find-or-create for parties, bodies and sources.
 */
#include "entities.h"

#include "open.h"
#include "msg.h"
#include "model.h"
#include "text.h"

#include <string.h>

static int ensure(trk_db *db, const char *sql, int n, const char *const *p, long long *id)
{
    trk_res *r = trk_db_query(db, sql, n, p);
    if (!r)
        return -1;
    *id = trk_res_int(r, 0, "id");
    trk_res_free(r);
    return 0;
}

int trk_party_ensure(trk_db *db, const char *name, const char *kind, long long *id)
{
    if (trk_text_check("party name", name, TRK_TEXT_SHORT_MAX, true) != 0)
        return -1;
    const char *p[] = {name, kind ? kind : "organisation"};
    /* The no-op update makes RETURNING see an existing row; it changes nothing. */
    return ensure(db,
                  "INSERT INTO party (name, kind) VALUES ($1, $2)"
                  " ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id",
                  2, p, id);
}

int trk_body_ensure(trk_db *db, const char *name, const char *jurisdiction, const char *kind,
                    long long *id)
{
    if (trk_text_check("court or authority name", name, TRK_TEXT_SHORT_MAX, true) != 0)
        return -1;
    const char *p[] = {name, jurisdiction, kind ? kind : "court"};
    return ensure(db,
                  "INSERT INTO body (name, jurisdiction, kind) VALUES ($1, $2, $3)"
                  " ON CONFLICT (name, jurisdiction) DO UPDATE SET name = EXCLUDED.name"
                  " RETURNING id",
                  3, p, id);
}

int trk_source_ensure(trk_db *db, const char *url, long long *id)
{
    if (trk_url_check("--source", url) != 0)
        return -1;
    const char *p[] = {url};
    return ensure(db,
                  "INSERT INTO source (url) VALUES ($1)"
                  " ON CONFLICT (url) DO UPDATE SET url = EXCLUDED.url RETURNING id",
                  1, p, id);
}

int trk_party_ref_parse(const char *s, const char **role, const char **name)
{
    const char *colon = strchr(s, ':');
    char buf[256];
    if (!colon) {
        trk_error("invalid party \"%s\": expected ROLE:NAME, e.g. defendant:Telegram", s);
        return -1;
    }
    size_t len = (size_t)(colon - s);
    for (const char *const *w = trk_party_roles; *w; w++) {
        if (strlen(*w) == len && strncmp(*w, s, len) == 0) {
            *role = *w;
            *name = colon + 1;
            if (!**name) {
                trk_error("invalid party \"%s\": the name is empty", s);
                return -1;
            }
            return 0;
        }
    }
    trk_error("invalid party role \"%.*s\": expected one of %s", (int)len, s,
              trk_words_join(trk_party_roles, buf, sizeof buf));
    return -1;
}
