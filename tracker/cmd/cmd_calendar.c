/*
 * cmd_calendar.c: tracker calendar show|years|close|add-year. Working-day calendars are data
 * (calendar_year, calendar_day; migration 002 ships RU 2013-2026 and US 2013-2026, migration 007
 * US 2027-2030). A court's own closures are added with `close`, which recomputes the deadlines of
 * that jurisdiction in the same transaction (unchanged ones keep their revision).
 *
 * Day kinds and effects per purpose (migration 009): `show` lists each special day's kind and
 * whether it counts as a working day for court periods (procedural) and for employment, with
 * the source; `close` and `add-year --day` take --kind and --purpose P=working|non-working|
 * contested, and refuse either without --source.
 */
#include "cmdutil.h"
#include "commands.h"
#include "deadlines.h"
#include "calset.h"
#include "json_out.h"
#include "model.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Open the database and check the jurisdiction jur (when given): TRK_OK, else the error
 * (reported). *db is set either way (NULL when it could not be opened); the caller closes it. */
static int open_jur(trk_ctx *ctx, const char *jur, trk_db **db)
{
    *db = trk_open(ctx->conninfo);
    if (!*db)
        return TRK_ERR;
    return jur ? trk_jurisdiction_check(*db, jur) : TRK_OK;
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

/* An effect word for people: "working", "non-working", "contested". */
static const char *effect_text(const char *w, bool working)
{
    if (!w)
        return working ? "working" : "non-working";
    return strcmp(w, "non_working") == 0 ? "non-working" : w;
}

/* After a day's line: its effect per purpose; for a day whose effect depends on the purpose (or
 * is contested), one line per purpose with the source. */
static void print_effects(const trk_res *r, int i)
{
    const char *kind = trk_res_val(r, i, "kind");
    if (strcmp(kind, "weekend") == 0) {
        printf("\n");
        return;
    }
    bool working = trk_res_bool(r, i, "working");
    const char *pe = effect_text(trk_res_val(r, i, "procedural"), working);
    const char *ee = effect_text(trk_res_val(r, i, "employment"), working);
    printf("  [court periods: %s; employment: %s]\n", pe, ee);
    if (strcmp(pe, ee) != 0 || strcmp(pe, "contested") == 0) {
        const char *ps = trk_res_val(r, i, "procedural_source");
        const char *es = trk_res_val(r, i, "employment_source");
        printf("      court periods: %s%s%s\n", pe, ps ? "; source: " : "", ps ? ps : "");
        printf("      employment:    %s%s%s\n", ee, es ? "; source: " : "", es ? es : "");
    }
}

static int show(trk_ctx *ctx, trk_args *a)
{
    int year;
    if (trk_parse_int("year", a->pos[1], 1900, 2200, &year) != 0)
        return TRK_ERR_USAGE;
    bool yes;
    trk_res *r = NULL;
    trk_db *db;
    int rc = open_jur(ctx, a->pos[0], &db);
    if (rc != TRK_OK)
        goto out;
    rc = TRK_ERR;
    if (covered(db, a->pos[0], a->pos[1], &yes) != 0 || !yes)
        goto out;
    /* every non-working day (weekends included) plus the working weekend/shortened days */
    const char *p[] = {a->pos[0], a->pos[1]};
    if (!(r = trk_db_query(db, trk_sql_calendar_year,
              2, p)))
        goto out;
    bool all = trk_has(a, "all");
    int off = 0, days = 0;
    for (int i = 0; i < trk_res_rows(r); i++)
        off += !trk_res_bool(r, i, "working");
    days = trk_date_is_leap(year) ? 366 : 365;
    if (trk_has(a, "json")) {
        if (trk_json_emit(trk_json_calendar_year(r, a->pos[0], year, all)) != 0)
            goto out;
    } else {
        printf("%s %d: %d working days, %d non-working days%s\n", a->pos[0], year, days - off, off,
               all ? "" : " (plain weekends not listed; --all lists them)");
        printf("(counts by the days' general state; [ ] gives each day's effect per purpose)\n");
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
                printf(")");
            print_effects(r, i);
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
    trk_res *r = NULL;
    trk_db *db;
    const char *jur = a->npos ? a->pos[0] : NULL;
    int rc = open_jur(ctx, jur, &db);
    if (rc != TRK_OK)
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

/* The kind and effects of a day a user adds (close, add-year --day). */
typedef struct day_in {
    const char *kind;
    bool working;
    int n;
    const char *purpose[TRK_PURPOSE_COUNT], *effect[TRK_PURPOSE_COUNT];
    const char *source;
} day_in;

/* --kind, --purpose P=E (repeatable), --source: a kind or an effect given by hand needs its
 * source. TRK_OK or TRK_ERR_USAGE (reported). */
static int parse_day_opts(trk_args *a, day_in *in)
{
    memset(in, 0, sizeof *in);
    in->kind = trk_arg(a, "kind") ? trk_arg(a, "kind") : "court_closure";
    in->source = trk_arg(a, "source");
    trk_day_kind k;
    char w[300];
    if (trk_day_kind_parse(in->kind, &k) != 0)
        return trk_usage_error(a, "invalid value for --kind: \"%s\" (expected one of %s)",
                               in->kind, trk_words_join(trk_day_kind_words + 1, w, sizeof w));
    in->working = k == TRK_DAY_WORKING_WEEKEND || k == TRK_DAY_SHORTENED;
    int n;
    const char *const *ps = trk_args_all(a, "purpose", &n);
    for (int i = 0; i < n; i++) {
        const char *eq = strchr(ps[i], '=');
        char pw[32];
        trk_purpose pu;
        trk_effect ef;
        snprintf(pw, sizeof pw, "%.*s", eq ? (int)(eq - ps[i]) : (int)strlen(ps[i]), ps[i]);
        if (!eq || trk_purpose_parse(pw, &pu) != 0 || trk_effect_parse(eq + 1, &ef) != 0)
            return trk_usage_error(a,
                                   "invalid value for --purpose: \"%s\" (expected P=EFFECT, P one"
                                   " of %s, EFFECT working, non-working or contested)",
                                   ps[i], trk_words_join(trk_purpose_words, w, sizeof w));
        for (int j = 0; j < in->n; j++)
            if (strcmp(in->purpose[j], trk_purpose_words[pu]) == 0)
                return trk_usage_error(a, "--purpose %s given twice", pw);
        in->purpose[in->n] = trk_purpose_words[pu];
        in->effect[in->n] = trk_effect_words[ef];
        in->n++;
    }
    if ((trk_arg(a, "kind") || in->n) && (!in->source || !in->source[0])) {
        trk_error("a day kind or effect given by hand needs its source");
        trk_detail("--%s given without --source", trk_arg(a, "kind") ? "kind" : "purpose");
        trk_hint("add --source TEXT naming the order, decree or notice, e.g. --source \"Executive"
                 " Order of 19 December 2024\"");
        return TRK_ERR_USAGE;
    }
    return TRK_OK;
}

/* Insert or replace the calendar_day row of `day` and its effects, in the open transaction. */
static int write_day(trk_db *db, const char *jur, const char *day, const day_in *in,
                     const char *name)
{
    const char *p[] = {jur, day, in->working ? "t" : "f", in->kind, name, in->source};
    if (trk_db_exec(db,
                    "INSERT INTO calendar_day (jurisdiction, day, working, kind, name, source)"
                    " VALUES ($1, $2::date, $3::bool, $4, $5, $6)"
                    " ON CONFLICT (jurisdiction, day) DO UPDATE SET working = EXCLUDED.working,"
                    " kind = EXCLUDED.kind, name = EXCLUDED.name, name_local = NULL,"
                    " transferred_from = NULL, source = EXCLUDED.source",
                    6, p) != 0 ||
        trk_db_exec(db, "DELETE FROM calendar_day_effect WHERE jurisdiction = $1 AND day = $2::date",
                    2, p) != 0)
        return -1;
    for (int i = 0; i < in->n; i++) {
        const char *q[] = {jur, day, in->purpose[i], in->effect[i], in->source};
        if (trk_db_exec(db,
                        "INSERT INTO calendar_day_effect (jurisdiction, day, purpose, effect, source)"
                        " VALUES ($1, $2::date, $3, $4, $5)",
                        5, q) != 0)
            return -1;
    }
    return 0;
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
    day_in in;
    if (parse_day_opts(a, &in) != TRK_OK)
        return TRK_ERR_USAGE;
    const char *kind = in.kind;
    bool working = in.working;
    bool yes;
    trk_res *r = NULL;
    trk_db *db;
    int rc = open_jur(ctx, a->pos[0], &db);
    if (rc != TRK_OK)
        goto out;
    rc = TRK_ERR;
    if (trk_db_begin(db) != 0 || covered(db, a->pos[0], year, &yes) != 0 || !yes)
        goto out;
    if (write_day(db, a->pos[0], a->pos[1], &in, trk_arg(a, "name")) != 0)
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
    const char *jp[] = {a->pos[0]};
    if (trk_db_exec(db, "DELETE FROM calendar_change WHERE jurisdiction = $1", 1, jp) != 0 ||
        trk_db_commit(db) != 0)
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
    int year, ndays;
    if (trk_parse_int("year", a->pos[1], 1900, 2200, &year) != 0)
        return TRK_ERR_USAGE;
    day_in in;
    if (parse_day_opts(a, &in) != TRK_OK)
        return TRK_ERR_USAGE;
    if (!trk_arg(a, "kind"))
        in.kind = "holiday", in.working = false;
    const char *const *days = trk_args_all(a, "day", &ndays);
    if ((trk_arg(a, "kind") || in.n) && ndays == 0)
        return trk_usage_error(a, "--kind and --purpose describe the days given with --day");
    for (int i = 0; i < ndays; i++) {
        trk_date d;
        char iso[11];
        snprintf(iso, sizeof iso, "%.10s", days[i]);
        if (trk_date_parse(iso, &d) != 0 || trk_date_year(d) != year ||
            (days[i][10] && days[i][10] != '='))
            return trk_usage_error(a, "invalid value for --day: \"%s\" (expected DATE or"
                                      " DATE=NAME, a date of %d)",
                                   days[i], year);
    }
    trk_db *db;
    int rc = open_jur(ctx, a->pos[0], &db);
    if (rc != TRK_OK)
        goto out;
    rc = TRK_ERR;
    const char *p[] = {a->pos[0], a->pos[1], trk_arg(a, "source")};
    if (trk_db_begin(db) != 0)
        goto out;
    if (trk_db_try_exec(
            db, "INSERT INTO calendar_year (jurisdiction, year, source) VALUES ($1, $2::int, $3)",
            3, p) != 0) {
        rc = trk_failed_unique(db, "%s %s already has calendar data", a->pos[0], a->pos[1]);
        goto out;
    }
    for (int i = 0; i < ndays; i++) {
        char day[16];
        snprintf(day, sizeof day, "%.10s", days[i]);
        if (write_day(db, a->pos[0], day, &in, days[i][10] ? days[i] + 11 : NULL) != 0)
            goto out;
    }
    if (trk_db_commit(db) != 0)
        goto out;
    printf("%s %d added: Monday-Friday working%s; add holidays and closures with 'tracker calendar"
           " close'\n",
           a->pos[0], year, ndays ? ", with the days given" : "");
    rc = TRK_OK;
out:
    trk_db_rollback(db);
    trk_db_close(db);
    return rc;
}

static const trk_opt show_opts[] = {{"all", NULL, "list plain weekends too", 0},
                                    {"json", NULL, "machine-readable output", 0},
                                    {NULL}};
static const trk_opt years_opts[] = {{"json", NULL, "machine-readable output", 0}, {NULL}};
#define DAY_KIND_OPTS                                                                              \
    {"kind", "KIND",                                                                               \
     "court_closure (default for close), holiday, observed_holiday, transferred_day_off,"         \
     " working_weekend, shortened, closure (by executive order), decree_non_working",             \
     0},                                                                                           \
        {"purpose", "P=EFFECT",                                                                    \
         "the day's effect for a purpose (procedural, employment): working, non-working or"       \
         " contested (a purpose not given follows the kind)",                          \
         TRK_OPT_MULTI}
static const trk_opt close_opts[] = {
    {"name", "TEXT", "why, e.g. \"Court closed (flood)\"", TRK_OPT_REQUIRED},
    DAY_KIND_OPTS,
    {"source", "TEXT", "the order, decree or notice (required with --kind or --purpose)", 0},
    {NULL}};
static const trk_opt add_year_opts[] = {
    {"source", "TEXT", "where the year's data comes from", TRK_OPT_REQUIRED},
    {"day", "DATE[=NAME]", "a special day of the year (repeatable), of --kind (default holiday)",
     TRK_OPT_MULTI},
    DAY_KIND_OPTS,
    {NULL}};

static const trk_cmd calendar_cmds[] = {
    {"show", "J YEAR", "print the non-working days of a jurisdiction's year", show_opts, 2, 2, show,
     NULL},
    {"years", "[J]", "the years each calendar covers", years_opts, 0, 1, years, NULL},
    {"close", "J DATE", "mark a day as a closure (or another kind) and recompute deadlines",
     close_opts, 2, 2, close_day,
     "The year must be covered. Deadlines of cases in the jurisdiction are recomputed in the\n"
     "same transaction; unchanged ones keep their revision. A contested effect makes the\n"
     "deadlines that reach the day give two dates, the earlier one first. Example:\n"
     "  tracker calendar close US 2026-12-24 --name \"Christmas Eve (closed by executive order)\"\n"
     "    --kind closure --purpose procedural=contested --purpose employment=non-working\n"
     "    --source \"Executive Order of ...\""},
    {"add-year", "J YEAR", "cover a new year with the default week (Mon-Fri working)",
     add_year_opts, 2, 2, add_year,
     "With --day DATE=NAME (repeatable), also records those days, of --kind (default holiday)\n"
     "with the --purpose effects and --source given."},
    {NULL}};

int trk_cmd_calendar(trk_ctx *ctx, int argc, char **argv)
{
    return trk_dispatch(ctx, "calendar", "Show working-day calendars and add closures.",
                        calendar_cmds, argc, argv);
}
