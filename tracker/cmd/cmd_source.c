/*
 * cmd_source.c: tracker source add|list. Sources are identified by URL; events cite them.
 */
#include "cmdutil.h"
#include "commands.h"
#include "date.h"
#include "json_out.h"
#include "text.h"

#include <stdio.h>

static int source_add(trk_ctx *ctx, trk_args *a)
{
    char pub[TRK_DATE_STRLEN], ret[TRK_DATE_STRLEN];
    const char *v;
    if (trk_url_check("URL", a->pos[0]) != 0 || trk_opt_date(a, "published", false, pub) != 0 ||
        trk_opt_date(a, "retrieved", false, ret) != 0)
        return TRK_ERR_USAGE;
    if (((v = trk_arg(a, "publisher")) && trk_text_check("--publisher", v, TRK_TEXT_SHORT_MAX, true)) ||
        ((v = trk_arg(a, "title")) && trk_text_check("--title", v, TRK_TEXT_SHORT_MAX, false)))
        return TRK_ERR_USAGE;
    int rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return rc;
    const char *p[] = {a->pos[0], trk_arg(a, "publisher"), trk_arg(a, "title"),
                       pub[0] ? pub : NULL, ret[0] ? ret : NULL};
    /* Adding a known URL again fills in or corrects its details. */
    trk_res *r = trk_db_query(
        db,
        "INSERT INTO source (url, publisher, title, published_on, retrieved_on)"
        " VALUES ($1, $2, $3, $4::date, $5::date) ON CONFLICT (url) DO UPDATE SET"
        " publisher = coalesce(EXCLUDED.publisher, source.publisher),"
        " title = coalesce(EXCLUDED.title, source.title),"
        " published_on = coalesce(EXCLUDED.published_on, source.published_on),"
        " retrieved_on = coalesce(EXCLUDED.retrieved_on, source.retrieved_on) RETURNING id",
        5, p);
    if (r) {
        printf("%s\n", trk_res_val(r, 0, "id"));
        rc = TRK_OK;
    }
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

static void source_rows(const trk_res *r)
{
    for (int i = 0; i < trk_res_rows(r); i++) {
        const char *pubr = trk_res_val(r, i, "publisher"), *t = trk_res_val(r, i, "title");
        const char *d = trk_res_val(r, i, "published_on");
        printf("%-4s %s\n     %s%s%s%s%s%s\n", trk_res_val(r, i, "id"), trk_res_val(r, i, "url"),
               pubr ? pubr : "", pubr && (t || d) ? ", " : "", t ? t : "", t && d ? ", " : "",
               d ? d : "", !pubr && !t && !d ? "(no details)" : "");
    }
}

static int source_list(trk_ctx *ctx, trk_args *a)
{
    const char *p[1];
    return trk_list_run(ctx, a,
                        "SELECT s.id, s.url, s.publisher, s.title, s.published_on, s.retrieved_on,"
                        " (SELECT count(*) FROM event_source es WHERE es.source_id = s.id)::int"
                        "   AS cited_by"
                        " FROM source s WHERE $1::bigint IS NULL OR s.id IN (SELECT es.source_id"
                        "   FROM event_source es JOIN event e ON e.id = es.event_id"
                        "   WHERE e.case_id = $1)"
                        " ORDER BY s.id",
                        1, p, source_rows);
}

static const trk_opt add_opts[] = {{"publisher", "NAME", "publisher", 0},
                                   {"title", "TEXT", "title of the article or document", 0},
                                   {"published", "DATE", "publication date", 0},
                                   {"retrieved", "DATE", "date it was retrieved", 0},
                                   {NULL}};
static const trk_opt list_opts[] = {{"case", "CASE", "only sources cited in this case", 0},
                                    {"json", NULL, "machine-readable output", 0},
                                    {NULL}};
static const trk_cmd source_cmds[] = {
    {"add", "URL", "add a source or fill in its details; prints its id", add_opts, 1, 1,
     source_add, "Events cite sources with 'tracker event add ... --source URL'."},
    {"list", NULL, "list sources", list_opts, 0, 0, source_list, NULL},
    {NULL}};

int trk_cmd_source(trk_ctx *ctx, int argc, char **argv)
{
    return trk_dispatch(ctx, "source", "List and add sources cited by events.", source_cmds, argc,
                        argv);
}
