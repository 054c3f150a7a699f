/*
 * cmd_party.c: tracker party add|list.
 */
#include "cmdutil.h"
#include "commands.h"
#include "json_out.h"
#include "model.h"
#include "text.h"

#include <stdio.h>
#include <string.h>

static int party_add(trk_ctx *ctx, trk_args *a)
{
    const char *name = a->pos[0], *kind = trk_arg(a, "kind") ? trk_arg(a, "kind") : "organisation";
    if (trk_text_check("party name", name, TRK_TEXT_SHORT_MAX, true) != 0)
        return TRK_ERR_USAGE;
    if (!*name)
        return trk_usage_error(a, "the party name is empty");
    if (trk_vocab_check("--kind", kind, trk_party_kinds) != 0)
        return TRK_ERR_USAGE;
    const char *ext = trk_arg(a, "external-id");
    if (ext && trk_external_id_check("--external-id", ext) != 0)
        return TRK_ERR_USAGE;
    int rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return rc;
    const char *p[] = {name, kind, ext};
    trk_res *r = trk_db_try_query(db,
                                  "INSERT INTO party (name, kind, external_id) VALUES ($1, $2, $3)"
                                  " ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind,"
                                  " external_id = coalesce(EXCLUDED.external_id, party.external_id)"
                                  " RETURNING id",
                                  3, p);
    if (!r) {
        rc = trk_failed_unique(db, "another party has external id \"%s\"", ext);
        goto out;
    }
    printf("%s\n", trk_res_val(r, 0, "id"));
    trk_res_free(r);
    rc = TRK_OK;
out:
    trk_db_close(db);
    return rc;
}

static void party_rows(const trk_res *r)
{
    printf("%-5s %-13s %s\n", "ID", "KIND", "NAME");
    for (int i = 0; i < trk_res_rows(r); i++)
        printf("%-5s %-13s %s\n", trk_res_val(r, i, "id"), trk_res_val(r, i, "kind"),
               trk_res_val(r, i, "name"));
}

static int party_list(trk_ctx *ctx, trk_args *a)
{
    const char *p[1];
    return trk_list_run(ctx, a,
                        "SELECT p.id, p.name, p.kind, p.external_id,"
                        " coalesce((SELECT jsonb_agg(jsonb_build_object('case_id', cp.case_id,"
                        "   'role', cp.role) ORDER BY cp.case_id, cp.role) FROM case_party cp"
                        "   WHERE cp.party_id = p.id), '[]') AS cases"
                        " FROM party p WHERE $1::bigint IS NULL OR EXISTS (SELECT 1"
                        "   FROM case_party cp WHERE cp.party_id = p.id AND cp.case_id = $1)"
                        " ORDER BY p.name",
                        1, p, party_rows);
}

static const trk_opt add_opts[] = {
    {"kind", "KIND", "organisation (default), person or authority", 0},
    {"external-id", "ID", "stable external identifier", 0},
    {NULL}};
static const trk_opt list_opts[] = {{"case", "CASE", "only parties of this case", 0},
                                    {"json", NULL, "machine-readable output", 0},
                                    {NULL}};
static const trk_cmd party_cmds[] = {
    {"add", "NAME", "add a party (or update its kind); prints its id", add_opts, 1, 1, party_add,
     "Cases link parties with a role: tracker case add ... --party defendant:NAME"},
    {"list", NULL, "list parties and their cases", list_opts, 0, 0, party_list, NULL},
    {NULL}};

int trk_cmd_party(trk_ctx *ctx, int argc, char **argv)
{
    return trk_dispatch(ctx, "party", "Add and list parties (companies, agencies, people).",
                        party_cmds, argc, argv);
}
