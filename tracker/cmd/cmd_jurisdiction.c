/*
 * cmd_jurisdiction.c: tracker jurisdiction add|list|edit. A jurisdiction is a code (RU, DE,
 * US-CA), a name, an IANA time zone (checked against PostgreSQL's pg_timezone_names) and an
 * optional parent (DE under EU, migration 012). Its working-day calendar covers the years given
 * with --calendar-years (Monday-Friday working, holidays added with 'tracker calendar close'), or
 * none: then its calendar years are unknown and deadlines that need them are refused until they
 * are added. Bad input (an existing code, an unknown zone or parent) exits 2 with nothing written.
 */
#include "cmdutil.h"
#include "commands.h"
#include "json_out.h"
#include "model.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_code(trk_args *a, const char *opt, const char *code)
{
    if (trk_jurisdiction_syntax(code))
        return TRK_OK;
    return trk_usage_error(a,
                           "invalid jurisdiction code%s%s \"%s\": expected two capital letters "
                           "(an ISO 3166 code such as DE), optionally with a subdivision (US-CA)",
                           opt ? " for --" : "", opt ? opt : "", code);
}

/* --calendar-years Y or Y1-Y2 into *from, *to; TRK_OK or a usage error (reported). */
static int parse_years(trk_args *a, int *from, int *to)
{
    const char *v = trk_arg(a, "calendar-years");
    *from = *to = 0;
    if (!v)
        return trk_arg(a, "calendar-source")
                   ? trk_usage_error(a, "--calendar-source describes --calendar-years: give both")
                   : TRK_OK;
    char buf[32], *dash;
    snprintf(buf, sizeof buf, "%s", v);
    if ((dash = strchr(buf, '-')) != NULL)
        *dash = '\0';
    if (trk_parse_int("calendar-years", buf, 1900, 2200, from) != 0 ||
        trk_parse_int("calendar-years", dash ? dash + 1 : buf, 1900, 2200, to) != 0)
        return trk_usage_error(a, "invalid value for --calendar-years: \"%s\" (expected YEAR or "
                                  "FIRST-LAST, e.g. 2017-2020)",
                               v);
    if (*to < *from)
        return trk_usage_error(a, "invalid value for --calendar-years: \"%s\" (the last year is "
                                  "before the first)",
                               v);
    if (!trk_arg(a, "calendar-source"))
        return trk_usage_error(a, "--calendar-years needs --calendar-source TEXT (where the "
                                  "calendar comes from)");
    return TRK_OK;
}

static int check_texts(trk_args *a)
{
    const char *v;
    if ((v = trk_arg(a, "name")) && trk_text_check("--name", v, TRK_TEXT_SHORT_MAX, true) != 0)
        return TRK_ERR_USAGE;
    if (v && !*v)
        return trk_usage_error(a, "invalid value for --name: empty");
    if ((v = trk_arg(a, "calendar-source")) &&
        trk_text_check("--calendar-source", v, TRK_TEXT_SHORT_MAX, true) != 0)
        return TRK_ERR_USAGE;
    if ((v = trk_arg(a, "tz")) && trk_text_check("--tz", v, 200, true) != 0)
        return TRK_ERR_USAGE;
    return TRK_OK;
}

/* Database checks shared by add and edit: the zone exists, the parent exists (and, for edit, is
 * not the jurisdiction itself or one of its descendants). */
static int check_refs(trk_db *db, trk_args *a, const char *code)
{
    const char *tz = trk_arg(a, "tz"), *parent = trk_arg(a, "parent");
    if (tz) {
        const char *p[] = {tz};
        trk_res *r = trk_db_query(db, "SELECT 1 FROM pg_timezone_names WHERE name = $1", 1, p);
        if (!r)
            return TRK_ERR;
        int ok = trk_res_rows(r) > 0;
        trk_res_free(r);
        if (!ok) {
            trk_error("unknown time zone \"%s\": expected an IANA name such as Europe/Berlin", tz);
            trk_hint("the names PostgreSQL knows: SELECT name FROM pg_timezone_names");
            return TRK_ERR_USAGE;
        }
    }
    if (parent) {
        const char *p[] = {parent, code};
        trk_res *r = trk_db_query(
            db,
            "WITH RECURSIVE up(code) AS (SELECT $1::text UNION"
            " SELECT j.parent FROM jurisdiction j JOIN up ON j.code = up.code"
            " WHERE j.parent IS NOT NULL)"
            " SELECT (SELECT count(*) FROM jurisdiction WHERE code = $1) AS known,"
            " (SELECT count(*) FROM up WHERE code = $2) AS cycle",
            2, p);
        if (!r)
            return TRK_ERR;
        bool known = trk_res_int(r, 0, "known") > 0, cycle = trk_res_int(r, 0, "cycle") > 0;
        trk_res_free(r);
        if (!known) {
            trk_error("unknown parent jurisdiction \"%s\"", parent);
            trk_hint("'tracker jurisdiction list' shows the jurisdictions; add the parent first");
            return TRK_ERR_USAGE;
        }
        if (cycle) {
            trk_error("jurisdiction %s cannot be under %s: %s is %s itself or under it", code,
                      parent, parent, code);
            return TRK_ERR_USAGE;
        }
    }
    return TRK_OK;
}

static int add_years(trk_db *db, const char *code, int from, int to, const char *source)
{
    char f[16], t[16];
    snprintf(f, sizeof f, "%d", from);
    snprintf(t, sizeof t, "%d", to);
    const char *p[] = {code, f, t, source};
    if (trk_db_try_exec(db,
                        "INSERT INTO calendar_year (jurisdiction, year, source)"
                        " SELECT $1, y, $4 FROM generate_series($2::int, $3::int) y",
                        4, p) != 0)
        return trk_failed_unique(db, "%s already has calendar data for a year in %d-%d", code,
                                 from, to);
    return TRK_OK;
}

static void print_calendar_state(trk_db *db, const char *code)
{
    const char *p[] = {code};
    trk_res *r = trk_db_query(db,
                              "SELECT min(year) AS first, max(year) AS last, count(*) AS n"
                              " FROM calendar_year WHERE jurisdiction = $1",
                              1, p);
    if (!r)
        return;
    if (trk_res_int(r, 0, "n") == 0)
        printf("calendar: no years known: deadlines in %s that need its working-day calendar are "
               "refused until years are added ('tracker calendar add-year %s YEAR --source TEXT')\n",
               code, code);
    else
        printf("calendar: %s-%s (%s year%s; Monday-Friday working unless data says otherwise; add "
               "holidays with 'tracker calendar close %s DATE --kind holiday --name TEXT')\n",
               trk_res_val(r, 0, "first"), trk_res_val(r, 0, "last"), trk_res_val(r, 0, "n"),
               trk_res_int(r, 0, "n") == 1 ? "" : "s", code);
    trk_res_free(r);
}

static int jur_add(trk_ctx *ctx, trk_args *a)
{
    const char *code = a->pos[0];
    int from, to, rc;
    if ((rc = check_code(a, NULL, code)) != TRK_OK ||
        (trk_arg(a, "parent") && (rc = check_code(a, "parent", trk_arg(a, "parent"))) != TRK_OK) ||
        (rc = check_texts(a)) != TRK_OK || (rc = parse_years(a, &from, &to)) != TRK_OK)
        return rc;
    rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return TRK_ERR;
    if (trk_db_begin(db) != 0)
        goto out;
    if ((rc = check_refs(db, a, code)) != TRK_OK)
        goto out;
    rc = TRK_ERR;
    const char *p[] = {code, trk_arg(a, "name"), trk_arg(a, "tz"), trk_arg(a, "parent")};
    if (trk_db_try_exec(db,
                        "INSERT INTO jurisdiction (code, name, time_zone, parent)"
                        " VALUES ($1, $2, $3, $4)",
                        4, p) != 0) {
        rc = trk_failed_unique(db, "jurisdiction %s already exists", code);
        if (rc == TRK_ERR_USAGE)
            trk_hint("change it with 'tracker jurisdiction edit %s'", code);
        goto out;
    }
    if (from && (rc = add_years(db, code, from, to, trk_arg(a, "calendar-source"))) != TRK_OK)
        goto out;
    rc = TRK_ERR;
    if (trk_db_commit(db) != 0)
        goto out;
    printf("jurisdiction %s added: %s, time zone %s%s%s\n", code, trk_arg(a, "name"),
           trk_arg(a, "tz"), trk_arg(a, "parent") ? ", under " : "",
           trk_arg(a, "parent") ? trk_arg(a, "parent") : "");
    print_calendar_state(db, code);
    rc = TRK_OK;
out:
    trk_db_rollback(db);
    trk_db_close(db);
    return rc;
}

static int jur_edit(trk_ctx *ctx, trk_args *a)
{
    const char *code = a->pos[0];
    int from, to, rc;
    if ((rc = check_code(a, NULL, code)) != TRK_OK ||
        (trk_arg(a, "parent") && (rc = check_code(a, "parent", trk_arg(a, "parent"))) != TRK_OK) ||
        (rc = check_texts(a)) != TRK_OK || (rc = parse_years(a, &from, &to)) != TRK_OK)
        return rc;
    if (trk_arg(a, "parent") && trk_has(a, "no-parent"))
        return trk_usage_error(a, "--parent and --no-parent contradict each other");
    if (!trk_arg(a, "name") && !trk_arg(a, "tz") && !trk_arg(a, "parent") &&
        !trk_has(a, "no-parent") && !from)
        return trk_usage_error(a, "nothing to change: give --name, --tz, --parent, --no-parent "
                                  "or --calendar-years");
    rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return TRK_ERR;
    if (trk_db_begin(db) != 0)
        goto out;
    if ((rc = trk_jurisdiction_check(db, code)) != TRK_OK)
        goto out;
    if ((rc = check_refs(db, a, code)) != TRK_OK)
        goto out;
    rc = TRK_ERR;
    const char *p[] = {code, trk_arg(a, "name"), trk_arg(a, "tz"), trk_arg(a, "parent"),
                       trk_has(a, "no-parent") ? "t" : "f"};
    if (trk_db_exec(db,
                    "UPDATE jurisdiction SET name = coalesce($2, name),"
                    " time_zone = coalesce($3, time_zone),"
                    " parent = CASE WHEN $5::bool THEN NULL ELSE coalesce($4, parent) END"
                    " WHERE code = $1",
                    5, p) != 0)
        goto out;
    if (from && (rc = add_years(db, code, from, to, trk_arg(a, "calendar-source"))) != TRK_OK)
        goto out;
    rc = TRK_ERR;
    if (trk_db_commit(db) != 0)
        goto out;
    printf("jurisdiction %s updated\n", code);
    print_calendar_state(db, code);
    rc = TRK_OK;
out:
    trk_db_rollback(db);
    trk_db_close(db);
    return rc;
}

static void list_rows(const trk_res *r)
{
    printf("%-7s %-7s %-20s %-12s %-6s %s\n", "CODE", "PARENT", "TIME ZONE", "CALENDAR", "CASES",
           "NAME");
    for (int i = 0; i < trk_res_rows(r); i++) {
        char cal[24];
        if (trk_res_val(r, i, "calendar_first"))
            snprintf(cal, sizeof cal, "%s-%s", trk_res_val(r, i, "calendar_first"),
                     trk_res_val(r, i, "calendar_last"));
        else
            snprintf(cal, sizeof cal, "unknown");
        printf("%-7s %-7s %-20s %-12s %-6s %s\n", trk_res_val(r, i, "code"),
               trk_res_val(r, i, "parent") ? trk_res_val(r, i, "parent") : "-",
               trk_res_val(r, i, "time_zone"), cal, trk_res_val(r, i, "cases"),
               trk_res_val(r, i, "name"));
    }
}

static int jur_list(trk_ctx *ctx, trk_args *a)
{
    const char *p[] = {NULL};
    return trk_list_run(ctx, a,
                        "SELECT j.code, j.name, j.time_zone, j.parent,"
                        " (SELECT min(year) FROM calendar_year y WHERE y.jurisdiction = j.code)"
                        "  AS calendar_first,"
                        " (SELECT max(year) FROM calendar_year y WHERE y.jurisdiction = j.code)"
                        "  AS calendar_last,"
                        " (SELECT count(*) FROM calendar_year y WHERE y.jurisdiction = j.code)"
                        "  AS calendar_years,"
                        " (SELECT count(*) FROM legal_case c WHERE c.jurisdiction = j.code) AS cases"
                        " FROM jurisdiction j WHERE $1::bigint IS NULL ORDER BY j.code",
                        1, p, list_rows);
}

static const trk_opt add_opts[] = {
    {"name", "NAME", "its name, e.g. Germany", TRK_OPT_REQUIRED},
    {"tz", "IANA_ZONE", "its time zone, e.g. Europe/Berlin (for deadlines with a time of day)",
     TRK_OPT_REQUIRED},
    {"parent", "CODE", "the jurisdiction it belongs to, e.g. EU", 0},
    {"calendar-years", "Y1[-Y2]", "years its working-day calendar covers (Mon-Fri working)", 0},
    {"calendar-source", "TEXT", "where that calendar comes from (required with the years)", 0},
    {NULL}};
static const trk_opt edit_opts[] = {
    {"name", "NAME", "new name", 0},
    {"tz", "IANA_ZONE", "new time zone", 0},
    {"parent", "CODE", "new parent jurisdiction", 0},
    {"no-parent", NULL, "remove the parent", 0},
    {"calendar-years", "Y1[-Y2]", "add calendar years (Mon-Fri working)", 0},
    {"calendar-source", "TEXT", "where those years come from (required with them)", 0},
    {NULL}};
static const trk_opt list_opts[] = {{"json", NULL, "machine-readable output", 0}, {NULL}};

static const trk_cmd jurisdiction_cmds[] = {
    {"add", "CODE", "add a jurisdiction", add_opts, 1, 1, jur_add,
     "CODE is two capital letters (ISO 3166, e.g. DE), optionally with a subdivision (US-CA).\n"
     "The time zone must be one PostgreSQL knows (pg_timezone_names); the parent must exist.\n"
     "Without --calendar-years the jurisdiction's calendar years are unknown: deadlines that\n"
     "need its working-day calendar are refused until years are added (here, with 'tracker\n"
     "jurisdiction edit CODE --calendar-years', or 'tracker calendar add-year'). Rules and\n"
     "calendars are not inherited from the parent. An existing code, an unknown zone or\n"
     "parent: exit 2, nothing written. Every change is audited."},
    {"list", NULL, "list jurisdictions, their parents, calendars and cases", list_opts, 0, 0,
     jur_list, NULL},
    {"edit", "CODE", "change a jurisdiction's name, time zone or parent, or add calendar years",
     edit_opts, 1, 1, jur_edit, NULL},
    {NULL}};

int trk_cmd_jurisdiction(trk_ctx *ctx, int argc, char **argv)
{
    return trk_dispatch(ctx, "jurisdiction", "Add, list and edit jurisdictions.",
                        jurisdiction_cmds, argc, argv);
}
