/*
 * cmd_rule.c: tracker rule list|show|add|edit|retire. Rules are data (table rule, migration
 * 003): the engine (deadlines.c) applies the rule in force on a trigger's date.
 *
 * edit and retire change the rule at once, and list the open deadlines the change would alter
 * (computed by running the engine inside a savepoint); the deadlines change only with --apply.
 * Without it, those deadlines keep the computation (and stored explanation) they were made with
 * until their trigger event is next changed or 'tracker deadline recompute' runs.
 */
#include "cmdutil.h"
#include "text.h"
#include "commands.h"
#include "deadlines.h"
#include "json_out.h"
#include "model.h"
#include "rules.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char rule_cols[] =
    "r.id, r.code, r.jurisdiction, r.trigger_type, r.trigger_outcomes, r.after_kind, r.case_tag,"
    " r.condition, r.procedure, r.kind, r.title, r.period_count, r.period_unit, r.roll, r.extra_days,"
    " r.count_trigger_day, r.count_from, r.receipt_window_days, r.basis, r.description,"
    " r.purpose, r.valid_from::text AS valid_from, r.valid_to::text AS valid_to,"
    " r.retired_at::text AS retired_at";

static void period_text(const trk_res *r, int i, char *buf, size_t n)
{
    const char *cnt = trk_res_val(r, i, "period_count");
    if (!cnt) {
        snprintf(buf, n, "period from the order");
        return;
    }
    trk_period p = {.count = atoi(cnt)};
    (void)trk_unit_parse(trk_res_val(r, i, "period_unit"), &p.unit);
    p.extra_days = (int)trk_res_int(r, i, "extra_days");
    trk_period_text(&p, buf, n);
}

static int check_word(trk_args *a, const char *name, const char *const *words, bool allow_none);

static int list(trk_ctx *ctx, trk_args *a)
{
    int rc = TRK_ERR;
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT %s FROM rule r WHERE ($1::text IS NULL OR r.jurisdiction = $1)"
             " AND ($2::bool OR r.retired_at IS NULL)"
             " AND ($3::text IS NULL OR r.trigger_type = $3) ORDER BY r.jurisdiction, r.id",
             rule_cols);
    if (trk_has(a, "trigger") && check_word(a, "trigger", trk_event_types, false))
        return TRK_ERR_USAGE;
    trk_db *db = trk_open(ctx->conninfo);
    trk_res *r = NULL;
    if (!db)
        return rc;
    const char *p[] = {trk_arg(a, "jurisdiction"), trk_has(a, "all") ? "t" : "f",
                       trk_arg(a, "trigger")};
    if (!(r = trk_db_query(db, sql, 3, p)))
        goto out;
    if (trk_has(a, "json")) {
        if (trk_json_emit(trk_json_rows(r)) != 0)
            goto out;
    } else {
        printf("%-4s %-30s %-3s %-16s %-15s %-22s %-23s %s\n", "id", "code", "j", "trigger", "kind",
               "period", "in force", "basis");
        for (int i = 0; i < trk_res_rows(r); i++) {
            char per[64], trig[64], force[40];
            period_text(r, i, per, sizeof per);
            if (trk_res_val(r, i, "after_kind"))
                snprintf(trig, sizeof trig, "after %s", trk_res_val(r, i, "after_kind"));
            else
                snprintf(trig, sizeof trig, "%s", trk_res_val(r, i, "trigger_type"));
            snprintf(force, sizeof force, "%s..%s",
                     trk_res_val(r, i, "valid_from") ? trk_res_val(r, i, "valid_from") : "",
                     trk_res_val(r, i, "valid_to") ? trk_res_val(r, i, "valid_to") : "");
            /* padded by display width, not bytes: "10 сутки" is 8 columns, 13 bytes */
            printf("%-4s %-*s %-3s %-*s %-15s %-*s %-23s %s%s\n", trk_res_val(r, i, "id"),
                   trk_text_pad(trk_res_val(r, i, "code"), 30), trk_res_val(r, i, "code"),
                   trk_res_val(r, i, "jurisdiction"), trk_text_pad(trig, 16), trig,
                   trk_res_val(r, i, "kind"), trk_text_pad(per, 22), per, force,
                   trk_res_val(r, i, "basis"),
                   trk_res_val(r, i, "retired_at") ? " [retired]" : "");
        }
    }
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

/* Look a rule up by id or code; NULL (reported) when absent. */
static trk_res *find_rule(trk_db *db, const char *ref)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT %s, (SELECT count(*) FROM deadline d WHERE d.rule_id = r.id) AS deadlines,"
             " (SELECT count(*) FROM deadline d WHERE d.rule_id = r.id AND d.status = 'open')"
             " AS open_deadlines FROM rule r WHERE r.id::text = $1 OR r.code = $1",
             rule_cols);
    const char *p[] = {ref};
    trk_res *r = trk_db_query(db, sql, 1, p);
    if (r && trk_res_rows(r) == 0) {
        trk_error("rule \"%s\" does not exist", ref);
        trk_hint("see 'tracker rule list --all'");
        trk_res_free(r);
        return NULL;
    }
    return r;
}

static int show(trk_ctx *ctx, trk_args *a)
{
    int rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    trk_res *r = NULL;
    if (!db)
        return rc;
    if (!(r = find_rule(db, a->pos[0])))
        goto out;
    if (trk_has(a, "json")) {
        if (trk_json_emit(trk_json_row(r, 0)) != 0)
            goto out;
    } else {
        char per[64];
        period_text(r, 0, per, sizeof per);
        printf("rule %s: %s\n", trk_res_val(r, 0, "id"), trk_res_val(r, 0, "code"));
        printf("  %-13s %s\n", "jurisdiction", trk_res_val(r, 0, "jurisdiction"));
        if (trk_res_val(r, 0, "trigger_type"))
            printf("  %-13s %s%s%s\n", "trigger", trk_res_val(r, 0, "trigger_type"),
                   trk_res_val(r, 0, "trigger_outcomes") ? " with outcome " : "",
                   trk_res_val(r, 0, "trigger_outcomes") ? trk_res_val(r, 0, "trigger_outcomes")
                                                         : "");
        else
            printf("  %-13s after a %s deadline of the same event\n", "trigger",
                   trk_res_val(r, 0, "after_kind"));
        if (trk_res_val(r, 0, "case_tag"))
            printf("  %-13s cases tagged %s\n", "applies to", trk_res_val(r, 0, "case_tag"));
        printf("  %-13s %s\n", "procedure",
               trk_res_val(r, 0, "procedure") ? trk_res_val(r, 0, "procedure") : "any");
        if (trk_res_val(r, 0, "condition"))
            printf("  %-13s %s\n", "condition", trk_res_val(r, 0, "condition"));
        printf("  %-13s %s: %s\n", "deadline", trk_res_val(r, 0, "kind"),
               trk_res_val(r, 0, "title"));
        printf("  %-13s %s, roll %s, counted from the %s%s\n", "period", per,
               trk_res_val(r, 0, "roll") ? trk_res_val(r, 0, "roll") : "(unit default)",
               strcmp(trk_res_val(r, 0, "count_from"), "receipt") == 0 ? "receipt date"
                                                                       : "event date",
               trk_res_bool(r, 0, "count_trigger_day") ? " (trigger day is day 1)" : "");
        if (strcmp(trk_res_val(r, 0, "count_from"), "receipt") == 0)
            printf("  %-13s %s days after the event date while the receipt date is unknown\n",
                   "latest receipt", trk_res_val(r, 0, "receipt_window_days"));
        printf("  %-13s %s\n", "basis", trk_res_val(r, 0, "basis"));
        printf("  %-13s %s\n", "calendar",
               trk_res_val(r, 0, "purpose")
                   ? (strcmp(trk_res_val(r, 0, "purpose"), "employment") == 0
                          ? "employment (days as they count for employment purposes)"
                          : "procedural (days as they count for court periods)")
                   : "(no purpose: the plain calendar)");
        printf("  %-13s %s to %s\n", "in force",
               trk_res_val(r, 0, "valid_from") ? trk_res_val(r, 0, "valid_from") : "(no start)",
               trk_res_val(r, 0, "valid_to") ? trk_res_val(r, 0, "valid_to") : "(no end)");
        if (trk_res_val(r, 0, "retired_at"))
            printf("  %-13s %s\n", "retired", trk_res_val(r, 0, "retired_at"));
        printf("  %-13s %s (%s open)\n", "deadlines", trk_res_val(r, 0, "deadlines"),
               trk_res_val(r, 0, "open_deadlines"));
        if (trk_res_val(r, 0, "description"))
            printf("\n%s\n", trk_res_val(r, 0, "description"));
    }
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

/* ---- add / edit ----------------------------------------------------------------------------- */

typedef struct rule_in {
    const char *count, *unit; /* unit NULL: not given; count NULL with unit: from the order */
    const char *outcomes;     /* "{a,b}" or "none" */
    char outbuf[256];
} rule_in;

static int check_date_opt(trk_args *a, const char *name, bool allow_none)
{
    const char *v = trk_arg(a, name);
    trk_date d;
    if (!v || (allow_none && strcmp(v, "none") == 0) || trk_date_parse(v, &d) == 0)
        return 0;
    char why[96];
    trk_date_problem(v, why, sizeof why);
    if (strcmp(why, "expected YYYY-MM-DD") == 0)
        trk_usage_error(a, "invalid date for --%s: \"%s\" (expected YYYY-MM-DD%s)", name, v,
                        allow_none ? " or none" : "");
    else
        trk_usage_error(a, "invalid date for --%s: \"%s\": %s", name, v, why);
    return -1;
}

static int check_word(trk_args *a, const char *name, const char *const *words, bool allow_none)
{
    const char *v = trk_arg(a, name);
    char w[300];
    if (!v || (allow_none && strcmp(v, "none") == 0) || trk_word_in(v, words))
        return 0;
    trk_usage_error(a, "invalid value for --%s: \"%s\" (expected one of %s)", name, v,
                    trk_words_join(words, w, sizeof w));
    return -1;
}

static int parse_rule_in(trk_args *a, rule_in *in)
{
    const char *const *rolls = trk_roll_words;
    static const char *const conditions[] = {"served_by_mail", "fine_imposed", NULL};
    int given = 0, n;
    memset(in, 0, sizeof *in);
    for (int i = 0; i < TRK_UNIT_COUNT; i++) {
        const char *opt = trk_units[i].option;
        if (trk_has(a, opt)) {
            int v;
            if (trk_parse_int(opt, trk_arg(a, opt), 1, 36600, &v) != 0)
                return -1;
            in->count = trk_arg(a, opt);
            in->unit = trk_unit_words[i];
            given++;
        }
    }
    if (trk_has(a, "period-from-order")) {
        in->unit = "calendar_days";
        in->count = NULL;
        given++;
    }
    if (in->unit && strcmp(in->unit, "sutki") == 0 && trk_arg(a, "roll") &&
        (strcmp(trk_arg(a, "roll"), "forward") == 0 || strcmp(trk_arg(a, "roll"), "back") == 0)) {
        trk_usage_error(a, "impossible period: сутки never roll (--roll %s given)",
                        trk_arg(a, "roll"));
        return -1;
    }
    if (given > 1) {
        trk_usage_error(a, "give one period: --days, --working-days, --sutki, --months, --years or"
                           " --period-from-order");
        return -1;
    }
    if (check_word(a, "trigger", trk_event_types, false) ||
        check_word(a, "after", trk_deadline_kinds, false) ||
        check_word(a, "kind", trk_deadline_kinds, false) || check_word(a, "roll", rolls, true) ||
        check_word(a, "condition", conditions, true) ||
        check_word(a, "purpose", trk_purpose_words, false) || check_date_opt(a, "valid-from", true) ||
        check_date_opt(a, "valid-to", true))
        return -1;
    const char *const *outs = trk_args_all(a, "outcome", &n);
    if (n == 1 && strcmp(outs[0], "none") == 0) {
        in->outcomes = "none";
    } else if (n > 0) {
        size_t len = 1;
        strcpy(in->outbuf, "{");
        for (int i = 0; i < n; i++) {
            char w[200];
            if (!trk_word_in(outs[i], trk_event_outcomes)) {
                trk_usage_error(a, "invalid value for --outcome: \"%s\" (expected one of %s)",
                                outs[i], trk_words_join(trk_event_outcomes, w, sizeof w));
                return -1;
            }
            len += strlen(outs[i]) + 1;
            if (len + 2 > sizeof in->outbuf)
                return -1;
            if (i)
                strcat(in->outbuf, ",");
            strcat(in->outbuf, outs[i]);
        }
        strcat(in->outbuf, "}");
        in->outcomes = in->outbuf;
    }
    int v;
    if (trk_arg(a, "extra-days") &&
        trk_parse_int("extra-days", trk_arg(a, "extra-days"), 0, 366, &v) != 0)
        return -1;
    if (trk_arg(a, "receipt-window") &&
        trk_parse_int("receipt-window", trk_arg(a, "receipt-window"), 0, 366, &v) != 0)
        return -1;
    return 0;
}

/* Report a failed rule write: constraint violations are usage errors. */
static int write_error(trk_db *db)
{
    const char *st = trk_db_sqlstate(db);
    trk_db_report(db);
    if (strcmp(st, TRK_SQLSTATE_CHECK) == 0 || strcmp(st, TRK_SQLSTATE_FK) == 0 ||
        strcmp(st, TRK_SQLSTATE_UNIQUE) == 0 || strcmp(st, TRK_SQLSTATE_NOT_NULL) == 0 ||
        strncmp(st, "22", 2) == 0)
        return TRK_ERR_USAGE;
    return TRK_ERR;
}

static int add(trk_ctx *ctx, trk_args *a)
{
    rule_in in;
    if (parse_rule_in(a, &in) != 0)
        return TRK_ERR_USAGE;
    if (!in.unit)
        return trk_usage_error(a,
                               "give a period: --days, --working-days, --sutki, --months, --years"
                               " or --period-from-order");
    if (!!trk_arg(a, "trigger") == !!trk_arg(a, "after"))
        return trk_usage_error(a, "give exactly one of --trigger TYPE and --after KIND");
    int rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    trk_res *r = NULL;
    if (!db)
        return rc;
    if (!trk_arg(a, "purpose")) {
        /* a jurisdiction whose days count differently per purpose needs the rule to say which */
        const char *jp[] = {trk_arg(a, "jurisdiction")};
        r = trk_db_query(db,
                         "SELECT EXISTS (SELECT 1 FROM calendar_day_effect WHERE jurisdiction = $1)"
                         " AS has",
                         1, jp);
        if (!r)
            goto out;
        if (trk_res_bool(r, 0, "has")) {
            trk_error("the rule names no calendar purpose, and %s has days whose effect depends"
                      " on it",
                      trk_arg(a, "jurisdiction"));
            rc = TRK_ERR_USAGE;
            trk_detail("e.g. the RU decree days of 2020-2021 are working days for court periods"
                       " and days off for employment");
            trk_hint("add --purpose procedural (court periods) or --purpose employment");
            goto out;
        }
        trk_res_free(r);
        r = NULL;
    }
    const char *p[] = {
        trk_arg(a, "code"),
        trk_arg(a, "jurisdiction"),
        trk_arg(a, "trigger"),
        in.outcomes && strcmp(in.outcomes, "none") ? in.outcomes : NULL,
        trk_arg(a, "after"),
        trk_arg(a, "case-tag"),
        trk_arg(a, "condition") && strcmp(trk_arg(a, "condition"), "none") ? trk_arg(a, "condition")
                                                                           : NULL,
        trk_arg(a, "kind"),
        trk_arg(a, "title"),
        in.count,
        in.unit,
        trk_arg(a, "roll") && strcmp(trk_arg(a, "roll"), "none") == 0 ? "none" : trk_arg(a, "roll"),
        trk_arg(a, "extra-days") ? trk_arg(a, "extra-days") : "0",
        trk_has(a, "count-trigger-day") ? "t" : "f",
        trk_has(a, "from-receipt") ? "receipt" : "date",
        trk_arg(a, "receipt-window") ? trk_arg(a, "receipt-window") : "0",
        trk_arg(a, "basis"),
        trk_arg(a, "description"),
        trk_arg(a, "valid-from") && strcmp(trk_arg(a, "valid-from"), "none")
            ? trk_arg(a, "valid-from")
            : NULL,
        trk_arg(a, "valid-to") && strcmp(trk_arg(a, "valid-to"), "none") ? trk_arg(a, "valid-to")
                                                                         : NULL,
        trk_arg(a, "purpose")};
    r = trk_db_try_query(
        db,
        "INSERT INTO rule (code, jurisdiction, trigger_type, trigger_outcomes, after_kind, "
        "case_tag,"
        " condition, kind, title, period_count, period_unit, roll, extra_days, count_trigger_day,"
        " count_from, receipt_window_days, basis, description, valid_from, valid_to, purpose)"
        " VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8, $9, $10::int, $11, $12, $13::int,"
        " $14::bool, $15, $16::int, $17, $18, $19::date, $20::date, $21) RETURNING id",
        21, p);
    if (!r) {
        rc = write_error(db);
        goto out;
    }
    printf("%s\n", trk_res_val(r, 0, "id"));
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

/*
 * Recompute, inside a savepoint, the events whose deadlines the change to rule `id` may alter;
 * print the deadlines that changed; keep the changes only with `apply`.
 */
static int preview(trk_db *db, const char *id, const char *jur, bool apply, bool *any)
{
    int rc = -1;
    trk_res *before = NULL, *r = NULL;
    const char *p[] = {id, jur};
    *any = false;
    if (trk_db_exec(db, "SAVEPOINT rule_preview", 0, NULL) != 0 ||
        trk_deadlines_bulk_prepare(db) != 0 ||
        trk_db_exec(db, "DELETE FROM pg_temp.trk_new_events", 0, NULL) != 0 ||
        trk_db_exec(db, "DELETE FROM pg_temp.trk_new_deadline_specs", 0, NULL) != 0)
        goto out;
    /* events with an open deadline made by the rule, and events the rule (now) matches that
     * have no deadline of its kind yet */
    if (trk_db_exec(db,
                    "INSERT INTO pg_temp.trk_new_events"
                    " SELECT DISTINCT d.trigger_event_id FROM deadline d"
                    "  WHERE d.rule_id = $1::bigint AND d.status = 'open'"
                    "   AND d.trigger_event_id IS NOT NULL"
                    " UNION SELECT e.id FROM event e JOIN legal_case c ON c.id = e.case_id"
                    "  JOIN rule r ON r.id = $1::bigint"
                    "  WHERE c.jurisdiction = $2 AND r.retired_at IS NULL"
                    "   AND (e.type = r.trigger_type OR EXISTS (SELECT 1 FROM deadline p"
                    "        WHERE p.trigger_event_id = e.id AND p.kind = r.after_kind))"
                    "   AND NOT EXISTS (SELECT 1 FROM deadline x WHERE x.trigger_event_id = e.id"
                    "        AND x.kind = r.kind)",
                    2, p) != 0)
        goto out;
    if (!(before = trk_db_query(db, "SELECT coalesce(max(id), 0) AS maxid FROM deadline", 0, NULL)))
        goto out;
    const char *q[] = {trk_res_val(before, 0, "maxid")};
    if (trk_db_exec(db,
                    "CREATE TEMP TABLE IF NOT EXISTS trk_rule_before (id bigint, revision int)"
                    " ON COMMIT DROP",
                    0, NULL) != 0 ||
        trk_db_exec(db, "DELETE FROM pg_temp.trk_rule_before", 0, NULL) != 0 ||
        trk_db_exec(db,
                    "INSERT INTO pg_temp.trk_rule_before SELECT id, revision FROM deadline"
                    " WHERE trigger_event_id IN (SELECT event_id FROM pg_temp.trk_new_events)",
                    0, NULL) != 0)
        goto out;
    if (trk_deadlines_on_events_bulk(db) != 0)
        goto out;
    if (!(r = trk_db_query(
              db,
              "SELECT d.id, d.case_id, d.trigger_event_id, d.kind, d.due_on::text AS due_on,"
              " d.earliest_on::text AS earliest_on, d.latest_on::text AS latest_on,"
              " d.status, dr.due_on::text AS old_due_on, dr.status AS old_status"
              " FROM deadline d LEFT JOIN pg_temp.trk_rule_before b ON b.id = d.id"
              " LEFT JOIN deadline_revision dr ON dr.deadline_id = d.id"
              "  AND dr.revision = b.revision"
              " WHERE (b.id IS NULL AND d.id > $1::bigint)"
              "  OR (b.id IS NOT NULL AND d.revision <> b.revision)"
              " ORDER BY d.id",
              1, q)))
        goto out;
    for (int i = 0; i < trk_res_rows(r); i++) {
        *any = true;
        const char *old = trk_res_val(r, i, "old_due_on");
        printf("deadline %s (case %s, event %s, %s): %s%s%s, %s%s%s\n", trk_res_val(r, i, "id"),
               trk_res_val(r, i, "case_id"), trk_res_val(r, i, "trigger_event_id"),
               trk_res_val(r, i, "kind"), old ? old : "new", old ? " -> " : ": due ",
               trk_res_val(r, i, "due_on"), old ? trk_res_val(r, i, "old_status") : "",
               old ? " -> " : "", trk_res_val(r, i, "status"));
    }
    if (!*any)
        printf("no open deadline changes\n");
    if (apply) {
        if (trk_db_exec(db, "RELEASE SAVEPOINT rule_preview", 0, NULL) != 0)
            goto out;
    } else {
        if (trk_db_exec(db, "ROLLBACK TO SAVEPOINT rule_preview", 0, NULL) != 0)
            goto out;
        if (*any)
            printf("(not applied: run again with --apply to change these deadlines)\n");
    }
    rc = 0;
out:
    trk_res_free(before);
    trk_res_free(r);
    return rc;
}

static int edit(trk_ctx *ctx, trk_args *a)
{
    rule_in in;
    if (parse_rule_in(a, &in) != 0)
        return TRK_ERR_USAGE;
    int rc = TRK_ERR;
    bool any;
    trk_db *db = trk_open(ctx->conninfo);
    trk_res *r = NULL, *u = NULL;
    if (!db)
        return rc;
    if (trk_db_begin(db) != 0 || !(r = find_rule(db, a->pos[0])))
        goto out;
    const char *p[] = {trk_res_val(r, 0, "id"),
                       trk_arg(a, "title"),
                       trk_arg(a, "basis"),
                       trk_arg(a, "description"),
                       in.unit ? "t" : "f",
                       in.count,
                       in.unit,
                       trk_arg(a, "roll"),
                       trk_arg(a, "extra-days"),
                       trk_arg(a, "valid-from"),
                       trk_arg(a, "valid-to"),
                       trk_arg(a, "case-tag"),
                       trk_arg(a, "condition"),
                       in.outcomes,
                       trk_arg(a, "receipt-window"),
                       trk_has(a, "from-receipt") ? "receipt"
                       : trk_has(a, "from-date")  ? "date"
                                                  : NULL,
                       trk_arg(a, "purpose")};
    u = trk_db_try_query(
        db,
        "UPDATE rule SET title = coalesce($2, title), basis = coalesce($3, basis),"
        " description = coalesce($4, description),"
        " period_count = CASE WHEN $5::bool THEN $6::int ELSE period_count END,"
        " period_unit = coalesce($7, period_unit),"
        " roll = CASE WHEN $8::text IS NULL THEN roll WHEN $8 = 'default' THEN NULL ELSE $8 END,"
        " extra_days = coalesce($9::int, extra_days),"
        " valid_from = CASE WHEN $10::text IS NULL THEN valid_from WHEN $10 = 'none' THEN NULL"
        "  ELSE $10::date END,"
        " valid_to = CASE WHEN $11::text IS NULL THEN valid_to WHEN $11 = 'none' THEN NULL"
        "  ELSE $11::date END,"
        " case_tag = CASE WHEN $12::text IS NULL THEN case_tag WHEN $12 = 'none' THEN NULL ELSE "
        "$12 END,"
        " condition = CASE WHEN $13::text IS NULL THEN condition WHEN $13 = 'none' THEN NULL"
        "  ELSE $13 END,"
        " trigger_outcomes = CASE WHEN $14::text IS NULL THEN trigger_outcomes"
        "  WHEN $14 = 'none' THEN NULL ELSE $14::text[] END,"
        " receipt_window_days = coalesce($15::int, receipt_window_days),"
        " count_from = coalesce($16, count_from), purpose = coalesce($17, purpose)"
        " WHERE id = $1::bigint RETURNING id",
        17, p);
    if (!u) {
        rc = write_error(db);
        goto out;
    }
    printf("rule %s updated\n", trk_res_val(r, 0, "code"));
    if (preview(db, trk_res_val(r, 0, "id"), trk_res_val(r, 0, "jurisdiction"), trk_has(a, "apply"),
                &any) != 0 ||
        trk_db_commit(db) != 0)
        goto out;
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_res_free(u);
    trk_db_rollback(db);
    trk_db_close(db);
    return rc;
}

static int retire(trk_ctx *ctx, trk_args *a)
{
    int rc = TRK_ERR;
    bool any;
    trk_db *db = trk_open(ctx->conninfo);
    trk_res *r = NULL;
    if (!db)
        return rc;
    if (trk_db_begin(db) != 0 || !(r = find_rule(db, a->pos[0])))
        goto out;
    if (trk_res_val(r, 0, "retired_at")) {
        trk_error("rule %s was already retired on %s", trk_res_val(r, 0, "code"),
                  trk_res_val(r, 0, "retired_at"));
        goto out;
    }
    const char *p[] = {trk_res_val(r, 0, "id")};
    if (trk_db_exec(db, "UPDATE rule SET retired_at = now() WHERE id = $1::bigint", 1, p) != 0)
        goto out;
    printf("rule %s retired\n", trk_res_val(r, 0, "code"));
    if (preview(db, p[0], trk_res_val(r, 0, "jurisdiction"), trk_has(a, "apply"), &any) != 0 ||
        trk_db_commit(db) != 0)
        goto out;
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_db_rollback(db);
    trk_db_close(db);
    return rc;
}

#define RULE_FIELD_OPTS                                                                            \
    {"title", "TEXT", "title of the deadlines it makes", 0},                                       \
        {"basis", "TEXT", "legal basis, e.g. \"RU CoAO art. 30.3(1)\"", 0},                        \
        {"description", "TEXT", "what the rule says", 0},                                          \
        {"days", "N", "period of N calendar days", 0},                                             \
        {"working-days", "N", "period of N working days", 0},                                      \
        {"sutki", "N", "period of N сутки (never roll)", 0},                                       \
        {"months", "N", "period of N months", 0}, {"years", "N", "period of N years", 0},          \
        {"period-from-order", NULL, "the period comes with each event (an explicit spec)", 0},     \
        {"extra-days", "N", "days added after expiry (FRCP 6(d): 3)", 0},                          \
        {"valid-from", "DATE", "first trigger date it applies to (none: no start)", 0},            \
        {"valid-to", "DATE", "last trigger date it applies to (none: no end)", 0},                 \
        {"case-tag", "TAG", "applies only to cases with this tag (none: all)", 0},                 \
        {"condition", "COND",                                                                      \
         "served_by_mail (the event's service_method is mail) or fine_imposed (its ruling has a "  \
         "fine)",                                                                                  \
         0},                                                                                       \
        {"outcome", "OUTCOME", "trigger outcome (repeatable; none: any)", TRK_OPT_MULTI},          \
        {"from-receipt", NULL, "count from the event's receipt/service date", 0},                  \
        {"purpose", "P",                                                                           \
         "whose calendar it counts on: procedural (court periods) or employment; required where"  \
         " the jurisdiction's days differ per purpose (RU, US)",                                   \
         0},                                                                                       \
    {                                                                                              \
        "receipt-window", "DAYS", "latest receipt assumed while unknown (days after the event)", 0 \
    }

static const trk_opt list_opts[] = {{"jurisdiction", "J", "only this jurisdiction", 0},
                                    {"trigger", "TYPE", "only the rules an event of TYPE triggers "
                                                        "(chained rules follow them)", 0},
                                    {"all", NULL, "include retired rules", 0},
                                    {"json", NULL, "machine-readable output", 0},
                                    {NULL}};
static const trk_opt show_opts[] = {{"json", NULL, "machine-readable output", 0}, {NULL}};
static const trk_opt add_opts[] = {
    {"code", "CODE", "stable name, e.g. ru-coao-30.3-appeal", TRK_OPT_REQUIRED},
    {"jurisdiction", "J", "jurisdiction code", TRK_OPT_REQUIRED},
    {"kind", "KIND", "deadline kind (appeal, grace, response ...)", TRK_OPT_REQUIRED},
    {"trigger", "TYPE", "event type that triggers it", 0},
    {"after", "KIND", "or: follows a deadline of this kind on the same event", 0},
    {"roll", "forward|back|none", "what a non-working last day does (default: the unit's)", 0},
    {"count-trigger-day", NULL, "day 1 is the trigger day itself", 0},
    RULE_FIELD_OPTS,
    {NULL}};
static const trk_opt edit_opts[] = {
    {"roll", "forward|back|none|default", "what a non-working last day does", 0},
    {"from-date", NULL, "count from the event date", 0},
    {"apply", NULL, "also recompute the open deadlines the change alters", 0},
    RULE_FIELD_OPTS,
    {NULL}};
static const trk_opt retire_opts[] = {
    {"apply", NULL, "also recompute the open deadlines it made", 0}, {NULL}};

static const trk_cmd rule_cmds[] = {
    {"list", NULL, "list deadline rules", list_opts, 0, 0, list, NULL},
    {"show", "RULE", "show a rule (id or code)", show_opts, 1, 1, show, NULL},
    {"add", NULL, "add a rule (applies to events recorded or changed from now on)", add_opts, 0, 0,
     add,
     "Example: tracker rule add --code ru-x --jurisdiction RU --trigger ruling --kind appeal\n"
     "  --title 'Appeal deadline' --days 15 --basis 'some article'"},
    {"edit", "RULE", "change a rule; list (and with --apply, change) the deadlines it alters",
     edit_opts, 1, 1, edit,
     "The rule changes at once. Open deadlines it made keep their computation and stored\n"
     "explanation unless --apply is given."},
    {"retire", "RULE", "stop applying a rule; list (with --apply, change) its open deadlines",
     retire_opts, 1, 1, retire, NULL},
    {NULL}};

int trk_cmd_rule(trk_ctx *ctx, int argc, char **argv)
{
    return trk_dispatch(ctx, "rule", "Manage deadline rules (rules are data).", rule_cmds, argc,
                        argv);
}
