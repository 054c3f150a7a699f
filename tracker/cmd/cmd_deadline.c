/*
 * cmd_deadline.c: tracker deadline list|show|explain|calc|recompute.
 *
 * Stored status vs display status: the database keeps open/met/vacated/superseded; an open
 * deadline whose last possible day (latest_on, else due_on) is before the as-of date (default
 * today, or $TRACKER_TODAY) is shown as "missed". `calc` reads calendars from the database but
 * writes nothing.
 */
#include "cmdutil.h"
#include "commands.h"
#include "deadlines.h"
#include "calset.h"
#include "json_out.h"
#include "model.h"
#include "rules.h"
#include "workflow_cmds.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int as_of(trk_args *a, char *buf)
{
    return trk_opt_date(a, "as-of", true, buf);
}

#define list_sql trk_sql_deadline_list

static void print_due(const trk_res *r, int i, char *buf, size_t n)
{
    const char *lo = trk_res_val(r, i, "earliest_on"), *hi = trk_res_val(r, i, "latest_on");
    const char *later = trk_res_val(r, i, "later_on");
    if (lo && hi)
        snprintf(buf, n, "%s..%s%s", lo, hi, later ? "*" : "");
    else
        snprintf(buf, n, "%s%s", trk_res_val(r, i, "due_on"), later ? "*" : "");
}

/* "may be later: 2024-12-26, if the closure of 2024-12-24 counts as a holiday", or NULL. */
static const char *later_text(const trk_res *r, int i, char *buf, size_t n)
{
    if (!trk_res_val(r, i, "later_on"))
        return NULL;
    snprintf(buf, n, "may be later: %s, %s", trk_res_val(r, i, "later_on"),
             trk_res_val(r, i, "later_reason"));
    return buf;
}

static int list(trk_ctx *ctx, trk_args *a)
{
    char asof[TRK_DATE_STRLEN], upc[16];
    if (as_of(a, asof) != 0)
        return TRK_ERR_USAGE;
    const char *status = trk_arg(a, "status");
    if (status && !trk_word_in(status, trk_deadline_statuses)) {
        char w[200];
        return trk_usage_error(a, "invalid value for --status: \"%s\" (expected one of %s)", status,
                               trk_words_join(trk_deadline_statuses, w, sizeof w));
    }
    int fmt = trk_list_format(a);
    if (fmt < 0)
        return fmt;
    const char *upcoming = NULL;
    if (trk_arg(a, "upcoming")) {
        int days;
        if (trk_parse_int("upcoming", trk_arg(a, "upcoming"), 0, 36600, &days) != 0)
            return TRK_ERR_USAGE;
        snprintf(upc, sizeof upc, "%d", days);
        upcoming = upc;
    }
    int rc = TRK_ERR;
    trk_res *r = NULL;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return TRK_ERR;
    const char *p[] = {asof, trk_arg(a, "case"), status, upcoming,
                       trk_has(a, "overdue") ? "true" : "false"};
    if (!(r = trk_db_query(db, list_sql, 5, p)))
        goto out;
    if (fmt == TRK_LIST_JSON) {
        cJSON *root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "as_of", asof);
        cJSON_AddItemToObject(root, "deadlines", trk_json_rows(r));
        if (trk_json_emit(root) != 0)
            goto out;
    } else if (fmt == TRK_LIST_CSV) {
        if (trk_csv_emit(r) != 0)
            goto out;
    } else {
        if (trk_res_rows(r) == 0)
            printf("no deadlines\n");
        else
            printf("%-5s %-22s %-14s %-10s %-32s %s\n", "id", "due", "kind", "status", "case",
                   "rule / basis");
        for (int i = 0; i < trk_res_rows(r); i++) {
            char due[40], ct[33];
            print_due(r, i, due, sizeof due);
            snprintf(ct, sizeof ct, "%s", trk_res_val(r, i, "case_title"));
            const char *rule = trk_res_val(r, i, "rule");
            printf("%-5s %-22s %-14s %-10s %-32s %s\n", trk_res_val(r, i, "id"), due,
                   trk_res_val(r, i, "kind"), trk_res_val(r, i, "status"), ct,
                   rule ? rule : trk_res_val(r, i, "basis"));
            char lt[320];
            if (later_text(r, i, lt, sizeof lt))
                printf("%-5s * %s\n", "", lt);
        }
    }
    trk_calendar_horizon_warn(db, TRK_CALENDAR_HORIZON_DAYS);
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

#define show_sql trk_sql_deadline_show
#define history_sql trk_sql_deadline_history

static int fetch(trk_ctx *ctx, trk_args *a, trk_db **db, trk_res **r, char *asof)
{
    long long id;
    if (trk_parse_id("deadline id", a->pos[0], &id) != 0)
        return TRK_ERR_USAGE;
    if (as_of(a, asof) != 0)
        return TRK_ERR_USAGE;
    if (!(*db = trk_open(ctx->conninfo)))
        return TRK_ERR;
    const char *p[] = {asof, a->pos[0]};
    if (!(*r = trk_db_query(*db, show_sql, 2, p)))
        return TRK_ERR;
    if (trk_res_rows(*r) == 0) {
        trk_error("deadline %s does not exist", a->pos[0]);
        return TRK_ERR;
    }
    return TRK_OK;
}

static int show(trk_ctx *ctx, trk_args *a)
{
    char asof[TRK_DATE_STRLEN];
    trk_db *db = NULL;
    trk_res *r = NULL, *h = NULL;
    int rc = fetch(ctx, a, &db, &r, asof);
    if (rc != TRK_OK)
        goto out;
    rc = TRK_ERR;
    const char *p[] = {a->pos[0]};
    if (!(h = trk_db_query(db, history_sql, 1, p)))
        goto out;
    if (trk_has(a, "json")) {
        cJSON *o = trk_json_row(r, 0);
        cJSON_AddStringToObject(o, "as_of", asof);
        cJSON_AddItemToObject(o, "history", trk_json_rows(h));
        if (trk_json_emit(o) != 0)
            goto out;
    } else {
        char due[40];
        print_due(r, 0, due, sizeof due);
        printf("deadline %s: %s\n", trk_res_val(r, 0, "id"), trk_res_val(r, 0, "title"));
        char lt[320];
        printf("  %-12s %s\n", "due", due);
        if (later_text(r, 0, lt, sizeof lt))
            printf("  %-12s %s\n", "", lt);
        printf("  %-12s %s%s%s%s%s\n", "status", trk_res_val(r, 0, "status"),
               trk_res_val(r, 0, "met_by_event_id") ? " by event " : "",
               trk_res_val(r, 0, "met_by_event_id") ? trk_res_val(r, 0, "met_by_event_id") : "",
               trk_res_val(r, 0, "met_on") ? " on " : "",
               trk_res_val(r, 0, "met_on") ? trk_res_val(r, 0, "met_on") : "");
        printf("  %-12s %s\n", "kind", trk_res_val(r, 0, "kind"));
        printf("  %-12s %s (case %s)\n", "case", trk_res_val(r, 0, "case_title"),
               trk_res_val(r, 0, "case_id"));
        if (trk_res_val(r, 0, "trigger_event_id"))
            printf("  %-12s event %s, %s on %s: %s\n", "trigger",
                   trk_res_val(r, 0, "trigger_event_id"), trk_res_val(r, 0, "trigger_type"),
                   trk_res_val(r, 0, "trigger_date"), trk_res_val(r, 0, "trigger_title"));
        if (trk_res_val(r, 0, "rule"))
            printf("  %-12s %s (%s)%s%s\n", "rule", trk_res_val(r, 0, "rule"),
                   trk_res_val(r, 0, "basis"), trk_res_val(r, 0, "purpose") ? "; counts on " : "",
                   trk_res_val(r, 0, "purpose") ? trk_res_val(r, 0, "purpose") : "");
        if (trk_res_val(r, 0, "period_count"))
            printf("  %-12s %s %s, roll %s%s%s\n", "period", trk_res_val(r, 0, "period_count"),
                   trk_res_val(r, 0, "period_unit"), trk_res_val(r, 0, "roll"),
                   strcmp(trk_res_val(r, 0, "extra_days"), "0") ? " + extra days " : "",
                   strcmp(trk_res_val(r, 0, "extra_days"), "0") ? trk_res_val(r, 0, "extra_days")
                                                                : "");
        else
            printf("  %-12s fixed date\n", "period");
        printf("  %-12s %s\n", "revision", trk_res_val(r, 0, "revision"));
        if (trk_res_val(r, 0, "external_id"))
            printf("  %-12s %s\n", "external id", trk_res_val(r, 0, "external_id"));
        if (trk_res_val(r, 0, "override_due"))
            printf("  %-12s %s by %s at %s: %s (computed: %s)\n", "set by hand",
                   trk_res_val(r, 0, "override_due"), trk_res_val(r, 0, "override_by"),
                   trk_res_val(r, 0, "override_at"), trk_res_val(r, 0, "override_reason"),
                   trk_res_val(r, 0, "computed") ? trk_res_val(r, 0, "computed") : "nothing");
        for (int i = 0; i < trk_res_rows(h); i++)
            printf("  %-12s revision %s: due %s%s%s%s, %s (%s)\n", i ? "" : "history",
                   trk_res_val(h, i, "revision"), trk_res_val(h, i, "due_on"),
                   trk_res_val(h, i, "later_on") ? " (may be later: " : "",
                   trk_res_val(h, i, "later_on") ? trk_res_val(h, i, "later_on") : "",
                   trk_res_val(h, i, "later_on") ? ")" : "",
                   trk_res_val(h, i, "status"),
                   trk_res_val(h, i, "reason") ? trk_res_val(h, i, "reason") : "");
    }
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_res_free(h);
    trk_db_close(db);
    return rc;
}

static int explain(trk_ctx *ctx, trk_args *a)
{
    char asof[TRK_DATE_STRLEN];
    trk_db *db = NULL;
    trk_res *r = NULL;
    cJSON *x = NULL;
    int rc = fetch(ctx, a, &db, &r, asof);
    if (rc != TRK_OK)
        goto out;
    rc = TRK_ERR;
    const char *js = trk_res_val(r, 0, "explanation");
    x = js ? cJSON_Parse(js) : NULL;
    if (!x) {
        trk_error("deadline %s has no stored explanation", a->pos[0]);
        goto out;
    }
    const char *ovr = trk_res_val(r, 0, "override_due");
    if (ovr) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "due_on", ovr);
        cJSON_AddStringToObject(o, "reason", trk_res_val(r, 0, "override_reason"));
        cJSON_AddStringToObject(o, "by", trk_res_val(r, 0, "override_by"));
        cJSON_AddStringToObject(o, "at", trk_res_val(r, 0, "override_at"));
        cJSON_AddItemToObject(x, "override", o);
    }
    if (trk_has(a, "json")) {
        cJSON_AddNumberToObject(x, "deadline_id", (double)trk_res_int(r, 0, "id"));
        cJSON_AddNumberToObject(x, "revision", (double)trk_res_int(r, 0, "revision"));
        cJSON_AddStringToObject(x, "status", trk_res_val(r, 0, "status"));
        cJSON_AddStringToObject(x, "as_of", asof);
        rc = trk_json_emit(x) == 0 ? TRK_OK : TRK_ERR;
        x = NULL;
        goto out;
    }
    cJSON *lines = cJSON_GetObjectItemCaseSensitive(x, "lines");
    cJSON *l;
    int nl = 0;
    /* With a date set by hand the first line states that result; the computation follows. */
    if (ovr)
        printf("due %s (set by hand: %s)\n", ovr, trk_res_val(r, 0, "override_reason"));
    cJSON_ArrayForEach(l, lines) if (cJSON_IsString(l)) printf("%s%s\n",
                                                             ovr && nl++ == 0 ? "computed: " : "",
                                                             l->valuestring);
    if (ovr)
        printf("set by hand by %s at %s: due %s instead of the computed date; reason: %s\n",
               trk_res_val(r, 0, "override_by"), trk_res_val(r, 0, "override_at"), ovr,
               trk_res_val(r, 0, "override_reason"));
    printf("status: %s as of %s (revision %s)%s%s%s%s\n", trk_res_val(r, 0, "status"), asof,
           trk_res_val(r, 0, "revision"),
           trk_res_val(r, 0, "met_by_event_id") ? ", met by event " : "",
           trk_res_val(r, 0, "met_by_event_id") ? trk_res_val(r, 0, "met_by_event_id") : "",
           trk_res_val(r, 0, "met_on") ? ", met on " : "",
           trk_res_val(r, 0, "met_on") ? trk_res_val(r, 0, "met_on") : "");
    rc = TRK_OK;
out:
    cJSON_Delete(x);
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

/* calc: what analysts check by hand. Reads the calendar, writes nothing. */
static int calc(trk_ctx *ctx, trk_args *a)
{
    trk_period p = {0};
    int given = 0;
    const char *jur = trk_arg(a, "jurisdiction");
    trk_date from, due;
    char why[96];
    if (trk_date_parse(trk_arg(a, "from"), &from) != 0)
        return trk_usage_error(a, "invalid date for --from: \"%s\": %s", trk_arg(a, "from"),
                               trk_date_problem(trk_arg(a, "from"), why, sizeof why));
    for (int i = 0; i < TRK_UNIT_COUNT; i++) {
        const char *opt = trk_units[i].option;
        if (!trk_has(a, opt))
            continue;
        given++;
        p.unit = (trk_unit)i;
        if (trk_parse_int(opt, trk_arg(a, opt), -1000000, 1000000, &p.count) != 0)
            return TRK_ERR_USAGE;
    }
    if (given != 1)
        return trk_usage_error(
            a, "give exactly one of --days, --working-days, --sutki, --months, --years");
    if (trk_roll_parse(trk_arg(a, "roll"), &p.roll) != 0)
        return trk_usage_error(a,
                               "invalid value for --roll: \"%s\" (expected forward, back or none)",
                               trk_arg(a, "roll"));
    if (trk_arg(a, "extra-days") && trk_parse_int("extra-days", trk_arg(a, "extra-days"), 0,
                                                  TRK_MAX_EXTRA_DAYS, &p.extra_days) != 0)
        return TRK_ERR_USAGE;
    if (trk_has(a, "mail"))
        p.extra_days += 3;
    p.count_trigger_day = trk_has(a, "count-trigger-day");
    if (trk_arg(a, "purpose") && trk_purpose_parse(trk_arg(a, "purpose"), &p.purpose) != 0) {
        char w[100];
        return trk_usage_error(a, "invalid value for --purpose: \"%s\" (expected one of %s)",
                               trk_arg(a, "purpose"), trk_words_join(trk_purpose_words, w, sizeof w));
    }
    trk_calc_error err;
    if (trk_period_check(&p, &err) != 0) {
        trk_error("%s", err.msg);
        return TRK_ERR_USAGE;
    }
    int rc = TRK_ERR;
    trk_calset set = {0};
    trk_calc c, cl;
    trk_due both;
    cJSON *root = NULL;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return TRK_ERR;
    if ((rc = trk_jurisdiction_check(db, jur)) != TRK_OK)
        goto out;
    rc = TRK_ERR;
    if (trk_calset_load(db, jur, &set) != 0)
        goto out;
    const trk_calendar *cal = trk_calset_get(&set, jur);
    if (!cal)
        goto out;
    if (trk_period_compute_both(cal, from, &p, &both, &c, &cl, &err) != 0) {
        trk_error("%s", err.msg);
        if (err.code == TRK_CALC_UNCOVERED)
            trk_hint("see 'tracker calendar years %s'", jur);
        goto out;
    }
    due = both.due;
    char b[TRK_DATE_STRLEN], per[64], later[256];
    trk_period_text(&p, per, sizeof per);
    trk_later_text(cal, &both, later, sizeof later);
    if (trk_has(a, "json")) {
        root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "due_on", trk_date_format(due, b));
        cJSON_AddStringToObject(root, "jurisdiction", jur);
        cJSON_AddStringToObject(root, "from", trk_date_format(from, b));
        cJSON_AddStringToObject(root, "purpose", trk_purpose_words[p.purpose]);
        if (later[0]) {
            cJSON_AddStringToObject(root, "later_on", trk_date_format(both.later, b));
            cJSON_AddStringToObject(root, "later_reason", later + strlen("may be later: ") + 12);
            cJSON_AddStringToObject(root, "contested_day", trk_date_format(both.contested_day, b));
        } else {
            cJSON_AddNullToObject(root, "later_on");
        }
        cJSON *po = cJSON_AddObjectToObject(root, "period");
        cJSON_AddNumberToObject(po, "count", p.count);
        cJSON_AddStringToObject(po, "unit", trk_unit_word(p.unit));
        cJSON_AddStringToObject(po, "roll", trk_roll_word(c.period.roll));
        cJSON_AddNumberToObject(po, "extra_days", p.extra_days);
        cJSON_AddStringToObject(po, "text", per);
        trk_json_add_steps(cJSON_AddArrayToObject(root, "steps"), &c, cal);
        if (later[0])
            trk_json_add_steps(cJSON_AddArrayToObject(root, "later_steps"), &cl, cal);
        rc = trk_json_emit(root) == 0 ? TRK_OK : TRK_ERR;
        root = NULL;
        goto out;
    }
    printf("%s\n", trk_date_format(due, b));
    if (later[0])
        printf("%s\n", later);
    if (trk_has(a, "explain")) {
        printf("%s from %s in %s, roll %s%s\n", per, trk_date_format(from, b), jur,
               trk_roll_word(c.period.roll),
               p.purpose == TRK_PURPOSE_EMPLOYMENT ? ", for employment purposes" : "");
        char line[512];
        for (int i = 0; i < c.nsteps; i++)
            printf("%s\n", trk_step_text(&c, i, cal, line, sizeof line));
        if (later[0]) {
            printf("the other reading, %s:\n", later + strlen("may be later: ") + 12);
            for (int i = 0; i < cl.nsteps; i++)
                printf("  %s\n", trk_step_text(&cl, i, cal, line, sizeof line));
        }
    }
    rc = TRK_OK;
out:
    cJSON_Delete(root);
    trk_calset_free(&set);
    trk_db_close(db);
    return rc;
}

/* recompute: run the engine again for the events of a case (or one event, or all). */
static int recompute(trk_ctx *ctx, trk_args *a)
{
    int n = (trk_arg(a, "case") != NULL) + (trk_arg(a, "event") != NULL) + trk_has(a, "all");
    if (n != 1)
        return trk_usage_error(a, "give exactly one of --case, --event, --all");
    long long id = 0;
    if (trk_arg(a, "event") && trk_parse_id("event id", trk_arg(a, "event"), &id) != 0)
        return TRK_ERR_USAGE;
    int rc = TRK_ERR;
    trk_res *r = NULL;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return TRK_ERR;
    if (trk_db_begin(db) != 0 || trk_deadlines_bulk_prepare(db) != 0)
        goto out;
    const char *p[] = {trk_arg(a, "case"), trk_arg(a, "event"), trk_has(a, "all") ? "t" : "f"};
    if (!(r = trk_db_query(db,
                           "WITH ins AS (INSERT INTO pg_temp.trk_new_events"
                           " SELECT e.id FROM event e JOIN legal_case c ON c.id = e.case_id"
                           " WHERE $3::bool OR c.id::text = $1 OR c.external_id = $1"
                           " OR e.id = $2::bigint RETURNING 1) SELECT count(*) AS n FROM ins",
                           3, p)))
        goto out;
    if (trk_res_int(r, 0, "n") == 0) {
        trk_error("no events match");
        goto out;
    }
    trk_res_free(r);
    r = NULL;
    if (!(r = trk_db_query(
              db, "SELECT coalesce(sum(revision), 0) AS s, count(*) AS n FROM deadline", 0, NULL)))
        goto out;
    long long before = trk_res_int(r, 0, "s"), nbefore = trk_res_int(r, 0, "n");
    trk_res_free(r);
    r = NULL;
    if (trk_deadlines_on_events_bulk(db) != 0)
        goto out;
    if (!(r = trk_db_query(
              db, "SELECT coalesce(sum(revision), 0) AS s, count(*) AS n FROM deadline", 0, NULL)))
        goto out;
    long long after = trk_res_int(r, 0, "s"), nafter = trk_res_int(r, 0, "n");
    if (trk_db_commit(db) != 0)
        goto out;
    printf("%lld deadline%s created, %lld revision%s added\n", nafter - nbefore,
           nafter - nbefore == 1 ? "" : "s", after - before - (nafter - nbefore),
           after - before - (nafter - nbefore) == 1 ? "" : "s");
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_db_rollback(db);
    trk_db_close(db);
    return rc;
}

static const trk_opt list_opts[] = {
    {"case", "CASE", "only this case (id or external id)", 0},
    {"upcoming", "DAYS", "only open deadlines due within DAYS of the as-of date", 0},
    {"overdue", NULL, "only open deadlines whose date has passed (shown as missed)", 0},
    {"status", "STATUS", "open, met, missed, vacated or superseded (display status)", 0},
    {"as-of", "DATE", "date against which open deadlines count as missed (default today)", 0},
    {"json", NULL, "machine-readable output", 0},
    TRK_OPT_LIST_FORMAT,
    {NULL}};
static const trk_opt show_opts[] = {
    {"as-of", "DATE", "date against which an open deadline counts as missed (default today)", 0},
    {"json", NULL, "machine-readable output", 0},
    {NULL}};
static const trk_opt calc_opts[] = {
    {"jurisdiction", "J", "calendar to use (RU, US ...)", TRK_OPT_REQUIRED},
    {"from", "DATE", "trigger date (day 0)", TRK_OPT_REQUIRED},
    {"days", "N", "N calendar days (rolls forward by default)", 0},
    {"working-days", "N", "N working days", 0},
    {"sutki", "N", "N сутки (calendar days that never roll)", 0},
    {"months", "N", "N months (same day number, or the month's last day)", 0},
    {"years", "N", "N years", 0},
    {"roll", "forward|back|none", "what a non-working last day does (default: the unit's)", 0},
    {"extra-days", "N", "days added after expiry, then rolled again", 0},
    {"mail", NULL, "FRCP 6(d): 3 days added after service by mail", 0},
    {"count-trigger-day", NULL, "day 1 is the trigger day itself", 0},
    {"purpose", "P", "whose calendar: procedural (court periods, default) or employment", 0},
    {"explain", NULL, "print the computation after the date", 0},
    {"json", NULL, "machine-readable output", 0},
    {NULL}};
static const trk_opt recompute_opts[] = {
    {"case", "CASE", "the events of this case (id or external id)", 0},
    {"event", "ID", "this event", 0},
    {"all", NULL, "every event", 0},
    {NULL}};

static const trk_cmd deadline_cmds[] = {
    {"list", NULL, "list deadlines (open ones past their date show as missed)", list_opts, 0, 0,
     list, NULL},
    {"show", "ID", "show a deadline, its rule and its revision history", show_opts, 1, 1, show,
     NULL},
    {"explain", "ID", "print how a deadline was computed (stored with it)", show_opts, 1, 1,
     explain,
     "The first line states the result. The explanation is the one stored when the\n"
     "deadline was computed, so it stays true after a rule changes."},
    {"calc", NULL, "compute a due date without touching any case", calc_opts, 0, 0, calc,
     "The first output line is the ISO due date. Reads the jurisdiction's working-day\n"
     "calendar from the database; writes nothing. A date outside the calendar's years is an\n"
     "error. Days count as working or not for the purpose (--purpose; court periods by\n"
     "default). Where a contested day (e.g. a US closure by executive order) changes the\n"
     "result, the first line is the earlier date and the second says \"may be later: DATE, if\n"
     "...\". Example: tracker deadline calc --jurisdiction RU --from 2024-04-26 --working-days 1"},
    {"recompute", NULL, "recompute deadlines (after calendar or rule changes)", recompute_opts, 0,
     0, recompute,
     "Deadlines whose result is unchanged keep their revision; dates set by hand are kept."},
    {"override", "ID", "set a deadline's date by hand, with a reason (or --clear it)",
     trk_deadline_override_opts, 1, 1, trk_deadline_override_exec, TRK_DEADLINE_OVERRIDE_HELP},
    {NULL}};

int trk_cmd_deadline(trk_ctx *ctx, int argc, char **argv)
{
    return trk_dispatch(ctx, "deadline", "List, explain and compute deadlines.", deadline_cmds,
                        argc, argv);
}
