/*
 * cmd_calendar.c: tracker calendar show|years|close|add-year. Working-day calendars are data
 * (calendar_year, calendar_day; migration 002 ships RU 2013-2026 and US 2013-2026, migration 007
 * US 2027-2030). A court's own closures are added with `close`, which recomputes the deadlines of
 * that jurisdiction in the same transaction (unchanged ones keep their revision).
 */
#include "cmdutil.h"
#include "commands.h"
#include "deadlines.h"
#include "calset.h"
#include "json_out.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_jur(trk_db *db, trk_args *a, const char *jur)
{
    (void)a;
    return trk_jurisdiction_check(db, jur);
}

static int covered(trk_db *db, const char *jur, const char *year, bool *yes)
{
    const char *p[] = {jur, year};
    trk_res *r =
        trk_db_query(db,
                     "SELECT (SELECT count(*) FROM calendar_year WHERE jurisdiction = $1"
                     " AND year = $2::int) AS n, (SELECT min(year)::text || '-' ||"
                     " max(year)::text FROM calendar_year WHERE jurisdiction = $1) AS span",
                     2, p);
    if (!r)
        return -1;
    *yes = trk_res_int(r, 0, "n") > 0;
    if (!*yes) {
        trk_error("no working-day calendar for %s in %s", jur, year);
        if (trk_res_val(r, 0, "span"))
            trk_detail("calendar data for %s covers %s", jur, trk_res_val(r, 0, "span"));
        else
            trk_detail("there is no calendar data for %s", jur);
        trk_hint("add it with 'tracker calendar add-year %s %s --source TEXT'", jur, year);
    }
    trk_res_free(r);
    return 0;
}

static int show(trk_ctx *ctx, trk_args *a)
{
    int year;
    if (trk_parse_int("year", a->pos[1], 1900, 2200, &year) != 0)
        return TRK_ERR_USAGE;
    int rc = TRK_ERR;
    bool yes;
    trk_res *r = NULL;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return rc;
    if ((rc = check_jur(db, a, a->pos[0])) != TRK_OK)
        goto out;
    rc = TRK_ERR;
    if (covered(db, a->pos[0], a->pos[1], &yes) != 0 || !yes)
        goto out;
    /* every non-working day (weekends included) plus the working weekend/shortened days */
    const char *p[] = {a->pos[0], a->pos[1]};
    if (!(r = trk_db_query(
              db,
              "SELECT g.day::date::text AS day, to_char(g.day, 'Dy') AS weekday,"
              " coalesce(cd.working, extract(isodow FROM g.day) < 6) AS working,"
              " coalesce(cd.kind, 'weekend') AS kind, cd.name, cd.name_local,"
              " cd.transferred_from::text AS transferred_from"
              " FROM generate_series(make_date($2::int, 1, 1), make_date($2::int, 12, 31),"
              "  interval '1 day') AS g(day)"
              " LEFT JOIN calendar_day cd ON cd.jurisdiction = $1 AND cd.day = g.day::date"
              " WHERE cd.day IS NOT NULL OR extract(isodow FROM g.day) >= 6"
              " ORDER BY g.day",
              2, p)))
        goto out;
    bool all = trk_has(a, "all");
    int off = 0, days = 0;
    for (int i = 0; i < trk_res_rows(r); i++)
        off += !trk_res_bool(r, i, "working");
    days = (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 366 : 365;
    if (trk_has(a, "json")) {
        cJSON *root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "jurisdiction", a->pos[0]);
        cJSON_AddNumberToObject(root, "year", year);
        cJSON_AddNumberToObject(root, "working_days", days - off);
        cJSON_AddNumberToObject(root, "non_working_days", off);
        cJSON *arr = cJSON_AddArrayToObject(root, "days");
        for (int i = 0; i < trk_res_rows(r); i++)
            if (all || strcmp(trk_res_val(r, i, "kind"), "weekend") != 0)
                cJSON_AddItemToArray(arr, trk_json_row(r, i));
        if (trk_json_emit(root) != 0)
            goto out;
    } else {
        printf("%s %d: %d working days, %d non-working days%s\n", a->pos[0], year, days - off, off,
               all ? "" : " (plain weekends not listed; --all lists them)");
        for (int i = 0; i < trk_res_rows(r); i++) {
            const char *kind = trk_res_val(r, i, "kind");
            if (!all && strcmp(kind, "weekend") == 0)
                continue;
            const char *name = trk_res_val(r, i, "name");
            printf(
                "%s %s  %-11s %-20s %s%s%s", trk_res_val(r, i, "day"), trk_res_val(r, i, "weekday"),
                trk_res_bool(r, i, "working") ? "working" : "non-working", kind, name ? name : "",
                !trk_res_val(r, i, "transferred_from")  ? ""
                : strcmp(kind, "observed_holiday") == 0 ? " (for "
                                                        : " (from ",
                trk_res_val(r, i, "transferred_from") ? trk_res_val(r, i, "transferred_from") : "");
            if (trk_res_val(r, i, "transferred_from"))
                printf(")\n");
            else
                printf("\n");
        }
    }
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

static int years(trk_ctx *ctx, trk_args *a)
{
    int rc = TRK_ERR;
    trk_res *r = NULL;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return rc;
    const char *jur = a->npos ? a->pos[0] : NULL;
    if (jur && (rc = check_jur(db, a, jur)) != TRK_OK)
        goto out;
    rc = TRK_ERR;
    const char *p[] = {jur};
    if (!(r = trk_db_query(
              db,
              "SELECT j.code AS jurisdiction, min(y.year) AS first, max(y.year) AS last,"
              " count(y.year) AS years, min(y.source) AS source"
              " FROM jurisdiction j LEFT JOIN calendar_year y ON y.jurisdiction = j.code"
              " WHERE $1::text IS NULL OR j.code = $1 GROUP BY j.code ORDER BY 1",
              1, p)))
        goto out;
    if (trk_has(a, "json")) {
        if (trk_json_emit(trk_json_rows(r)) != 0)
            goto out;
    } else {
        for (int i = 0; i < trk_res_rows(r); i++) {
            if (trk_res_int(r, i, "years") == 0)
                printf("%-5s no calendar data\n", trk_res_val(r, i, "jurisdiction"));
            else
                printf("%-5s %s-%s (%s years), e.g. %s\n", trk_res_val(r, i, "jurisdiction"),
                       trk_res_val(r, i, "first"), trk_res_val(r, i, "last"),
                       trk_res_val(r, i, "years"), trk_res_val(r, i, "source"));
        }
    }
    trk_calendar_horizon_warn(db, TRK_CALENDAR_HORIZON_DAYS);
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

/* Recompute every event with deadlines in cases of jurisdiction `jur`, in the open transaction. */
static int recompute_jurisdiction(trk_db *db, const char *jur)
{
    const char *p[] = {jur};
    if (trk_deadlines_bulk_prepare(db) != 0 ||
        trk_db_exec(db, "DELETE FROM pg_temp.trk_new_events", 0, NULL) != 0 ||
        trk_db_exec(db, "DELETE FROM pg_temp.trk_new_deadline_specs", 0, NULL) != 0 ||
        trk_db_exec(db,
                    "INSERT INTO pg_temp.trk_new_events SELECT DISTINCT d.trigger_event_id"
                    " FROM deadline d JOIN legal_case c ON c.id = d.case_id"
                    " WHERE c.jurisdiction = $1 AND d.trigger_event_id IS NOT NULL",
                    1, p) != 0)
        return -1;
    return trk_deadlines_on_events_bulk(db);
}

static int close_day(trk_ctx *ctx, trk_args *a)
{
    trk_date d;
    char year[8];
    char why[96];
    if (trk_date_parse(a->pos[1], &d) != 0)
        return trk_usage_error(a, "invalid date \"%s\": %s", a->pos[1],
                               trk_date_problem(a->pos[1], why, sizeof why));
    snprintf(year, sizeof year, "%d", trk_date_year(d));
    const char *kind = trk_arg(a, "kind") ? trk_arg(a, "kind") : "closure";
    static const char *const kinds[] = {
        "closure",   "holiday", "transferred_day_off", "observed_holiday", "working_weekend",
        "shortened", NULL};
    bool working = strcmp(kind, "working_weekend") == 0 || strcmp(kind, "shortened") == 0;
    bool found = false;
    for (int i = 0; kinds[i]; i++)
        found |= strcmp(kinds[i], kind) == 0;
    if (!found)
        return trk_usage_error(a, "invalid value for --kind: \"%s\"", kind);
    int rc = TRK_ERR;
    bool yes;
    trk_res *r = NULL;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return rc;
    if ((rc = check_jur(db, a, a->pos[0])) != TRK_OK)
        goto out;
    rc = TRK_ERR;
    if (trk_db_begin(db) != 0 || covered(db, a->pos[0], year, &yes) != 0 || !yes)
        goto out;
    const char *p[] = {a->pos[0], a->pos[1], working ? "t" : "f", kind, trk_arg(a, "name")};
    if (trk_db_exec(db,
                    "INSERT INTO calendar_day (jurisdiction, day, working, kind, name)"
                    " VALUES ($1, $2::date, $3::bool, $4, $5)"
                    " ON CONFLICT (jurisdiction, day) DO UPDATE SET working = EXCLUDED.working,"
                    " kind = EXCLUDED.kind, name = EXCLUDED.name, name_local = NULL,"
                    " transferred_from = NULL",
                    5, p) != 0)
        goto out;
    if (!(r = trk_db_query(db, "SELECT coalesce(sum(revision), 0) AS s FROM deadline", 0, NULL)))
        goto out;
    long long before = trk_res_int(r, 0, "s");
    trk_res_free(r);
    r = NULL;
    if (recompute_jurisdiction(db, a->pos[0]) != 0)
        goto out;
    if (!(r = trk_db_query(db, "SELECT coalesce(sum(revision), 0) AS s FROM deadline", 0, NULL)))
        goto out;
    long long changed = trk_res_int(r, 0, "s") - before;
    if (trk_db_commit(db) != 0)
        goto out;
    printf("%s %s is now %s (%s); %lld deadline revision%s\n", a->pos[0], a->pos[1],
           working ? "a working day" : "a non-working day", kind, changed, changed == 1 ? "" : "s");
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_db_rollback(db);
    trk_db_close(db);
    return rc;
}

static int add_year(trk_ctx *ctx, trk_args *a)
{
    int year;
    if (trk_parse_int("year", a->pos[1], 1900, 2200, &year) != 0)
        return TRK_ERR_USAGE;
    int rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return rc;
    if ((rc = check_jur(db, a, a->pos[0])) != TRK_OK)
        goto out;
    rc = TRK_ERR;
    const char *p[] = {a->pos[0], a->pos[1], trk_arg(a, "source")};
    if (trk_db_try_exec(
            db, "INSERT INTO calendar_year (jurisdiction, year, source) VALUES ($1, $2::int, $3)",
            3, p) != 0) {
        rc = trk_failed_unique(db, "%s %s already has calendar data", a->pos[0], a->pos[1]);
        goto out;
    }
    printf("%s %d added: Monday-Friday working; add holidays and closures with 'tracker calendar"
           " close'\n",
           a->pos[0], year);
    rc = TRK_OK;
out:
    trk_db_close(db);
    return rc;
}

static const trk_opt show_opts[] = {{"all", NULL, "list plain weekends too", 0},
                                    {"json", NULL, "machine-readable output", 0},
                                    {NULL}};
static const trk_opt years_opts[] = {{"json", NULL, "machine-readable output", 0}, {NULL}};
static const trk_opt close_opts[] = {
    {"name", "TEXT", "why, e.g. \"Court closed (flood)\"", TRK_OPT_REQUIRED},
    {"kind", "KIND",
     "closure (default), holiday, observed_holiday, transferred_day_off,"
     " working_weekend, shortened",
     0},
    {NULL}};
static const trk_opt add_year_opts[] = {
    {"source", "TEXT", "where the year's data comes from", TRK_OPT_REQUIRED}, {NULL}};

static const trk_cmd calendar_cmds[] = {
    {"show", "J YEAR", "print the non-working days of a jurisdiction's year", show_opts, 2, 2, show,
     NULL},
    {"years", "[J]", "the years each calendar covers", years_opts, 0, 1, years, NULL},
    {"close", "J DATE", "mark a day as a closure (or another kind) and recompute deadlines",
     close_opts, 2, 2, close_day,
     "The year must be covered. Deadlines of cases in the jurisdiction are recomputed in the\n"
     "same transaction; unchanged ones keep their revision."},
    {"add-year", "J YEAR", "cover a new year with the default week (Mon-Fri working)",
     add_year_opts, 2, 2, add_year, NULL},
    {NULL}};

int trk_cmd_calendar(trk_ctx *ctx, int argc, char **argv)
{
    return trk_dispatch(ctx, "calendar", "Show working-day calendars and add closures.",
                        calendar_cmds, argc, argv);
}
