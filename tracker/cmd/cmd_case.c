/*
 * cmd_case.c: tracker case add|list|show|edit.
 */
#include "cmdutil.h"
#include "commands.h"
#include "date.h"
#include "deadlines.h"
#include "entities.h"
#include "json_out.h"
#include "model.h"
#include "rules.h"
#include "money.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Checks shared by add and edit; each reports its own error. */
static int check_tags(const trk_args *a, const char *opt)
{
    int n;
    const char *const *tags = trk_args_all(a, opt, &n);
    for (int i = 0; i < n; i++) {
        if (!trk_tag_valid(tags[i])) {
            trk_error("invalid tag \"%s\": use 1-64 lowercase letters, digits, '-', '_' or ':'",
                      tags[i]);
            return -1;
        }
    }
    return 0;
}

static int check_status(const char *s)
{
    return trk_vocab_check("status", s, trk_case_statuses);
}

static int check_common(const trk_args *a)
{
    const char *v;
    if ((v = trk_arg(a, "title")) && !*v) {
        trk_error("invalid value for --title: empty");
        return -1;
    }
    if (v && trk_text_check("--title", v, TRK_TEXT_SHORT_MAX, false))
        return -1;
    if ((v = trk_arg(a, "summary")) && trk_text_check("--summary", v, TRK_TEXT_LONG_MAX, false))
        return -1;
    if ((v = trk_arg(a, "docket")) && trk_text_check("--docket", v, TRK_TEXT_SHORT_MAX, true))
        return -1;
    if ((v = trk_arg(a, "external-id")) && !*v) {
        trk_error("invalid value for --external-id: empty");
        return -1;
    }
    if (v && trk_external_id_check("--external-id", v))
        return -1;
    if (check_status(trk_arg(a, "status")) != 0)
        return -1;
    if (trk_vocab_check("procedure", trk_arg(a, "procedure"), trk_procedures) != 0)
        return -1;
    if ((v = trk_arg(a, "body")) && trk_text_check("court or authority name (--body)", v, TRK_TEXT_SHORT_MAX, true))
        return -1;
    return trk_vocab_check("--body-kind", trk_arg(a, "body-kind"), trk_body_kinds);
}

/* Link the --party/--add-party ROLE:NAME values to the case. */
static int add_parties(trk_db *db, long long case_id, const trk_args *a, const char *opt)
{
    int n;
    const char *const *refs = trk_args_all(a, opt, &n);
    char cid[24], pid[24];
    for (int i = 0; i < n; i++) {
        const char *role, *name;
        long long party;
        if (trk_party_ref_parse(refs[i], &role, &name) != 0 ||
            trk_party_ensure(db, name, NULL, &party) != 0)
            return -1;
        const char *p[] = {trk_idstr(case_id, cid), trk_idstr(party, pid), role};
        if (trk_db_exec(db,
                        "INSERT INTO case_party (case_id, party_id, role) VALUES ($1, $2, $3)"
                        " ON CONFLICT DO NOTHING",
                        3, p) != 0)
            return -1;
    }
    return 0;
}

static int parse_party_refs(const trk_args *a, const char *opt)
{
    int n;
    const char *const *refs = trk_args_all(a, opt, &n);
    for (int i = 0; i < n; i++) {
        const char *role, *name;
        if (trk_party_ref_parse(refs[i], &role, &name) != 0 ||
            trk_text_check("party name", name, TRK_TEXT_SHORT_MAX, true) != 0)
            return -1;
    }
    return 0;
}

static int case_add(trk_ctx *ctx, trk_args *a)
{
    if (check_common(a) || check_tags(a, "tag") || parse_party_refs(a, "party"))
        return TRK_ERR_USAGE;
    int rc = TRK_ERR;
    trk_res *r = NULL;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return TRK_ERR;
    const char *jur = trk_arg(a, "jurisdiction");
    if (trk_jurisdiction_check(db, jur) != 0) {
        rc = TRK_ERR_USAGE;
        goto out;
    }
    if (trk_db_begin(db) != 0)
        goto out;
    char bid[24];
    const char *body = NULL;
    if (trk_arg(a, "body")) {
        long long b;
        if (trk_body_ensure(db, trk_arg(a, "body"), jur, trk_arg(a, "body-kind"), &b) != 0)
            goto out;
        body = trk_idstr(b, bid);
    }
    /* Tags go in as a text[] built from parameters by array_remove(ARRAY[...]) of one param:
     * pass them as a JSON array so any number of tags stays one parameter. */
    cJSON *tags = cJSON_CreateArray();
    int ntags;
    const char *const *tagv = trk_args_all(a, "tag", &ntags);
    for (int i = 0; i < ntags; i++)
        cJSON_AddItemToArray(tags, cJSON_CreateString(tagv[i]));
    char *tagjson = cJSON_PrintUnformatted(tags);
    cJSON_Delete(tags);
    const char *p[] = {trk_arg(a, "title"),       jur,     body, trk_arg(a, "docket"),
                       trk_arg(a, "status") ? trk_arg(a, "status") : "open",
                       trk_arg(a, "summary"),     tagjson, trk_arg(a, "external-id"),
                       trk_arg(a, "procedure") ? trk_arg(a, "procedure") : "unknown"};
    r = trk_db_try_query(db,
                         "INSERT INTO legal_case (title, jurisdiction, body_id, docket, status,"
                         " summary, tags, external_id, procedure)"
                         " SELECT $1, $2, $3::bigint, $4, $5, $6,"
                         " ARRAY(SELECT DISTINCT jsonb_array_elements_text($7::jsonb) ORDER BY 1), $8,"
                         " $9"
                         " RETURNING id",
                         9, p);
    free(tagjson);
    if (!r) {
        rc = trk_failed_unique(db, "a case with external id \"%s\" already exists",
                               trk_arg(a, "external-id"));
        goto out;
    }
    long long id = trk_res_int(r, 0, "id");
    if (add_parties(db, id, a, "party") != 0)
        goto out;
    if (trk_db_commit(db) != 0)
        goto out;
    if (trk_has(a, "json"))
        printf("{\"id\": %lld}\n", id);
    else
        printf("%lld\n", id);
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_db_rollback(db);
    trk_db_close(db);
    return rc;
}

static int case_list(trk_ctx *ctx, trk_args *a)
{
    char today[TRK_DATE_STRLEN];
    if (trk_opt_date(a, "as-of", true, today) != 0)
        return TRK_ERR_USAGE;
    if (check_status(trk_arg(a, "status")) != 0)
        return TRK_ERR_USAGE;
    int fmt = trk_list_format(a);
    if (fmt < 0)
        return fmt;
    int rc = TRK_ERR;
    trk_res *r = NULL;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return TRK_ERR;
    const char *p[] = {trk_arg(a, "jurisdiction"), today, trk_arg(a, "tag"), trk_arg(a, "status"),
                       trk_arg(a, "external-id")};
    /* --format csv: the case columns of the generic sheet (examples/events.csv) */
    if (fmt == TRK_LIST_CSV) {
        r = trk_db_query(
            db,
            "SELECT coalesce(c.external_id, 'tracker:case:' || c.id) AS case_id,"
            " c.title AS case_title, c.jurisdiction, c.status, c.docket, b.name AS case_body,"
            " b.kind AS case_body_kind, array_to_string(c.tags, ';') AS tags"
            " FROM legal_case c LEFT JOIN body b ON b.id = c.body_id"
            " WHERE ($1::text IS NULL OR c.jurisdiction = $1) AND $2::date IS NOT NULL"
            "   AND ($3::text IS NULL OR $3 = ANY (c.tags))"
            "   AND ($4::text IS NULL OR c.status = $4)"
            "   AND ($5::text IS NULL OR c.external_id = $5)"
            " ORDER BY c.id",
            5, p);
        rc = r && trk_csv_emit(r) == TRK_OK ? TRK_OK : TRK_ERR;
        goto out;
    }
    r = trk_db_query(db, trk_sql_case_list, 5, p);
    if (!r)
        goto out;
    if (fmt == TRK_LIST_JSON) {
        if (trk_json_emit(trk_json_rows(r)) != 0)
            goto out;
    } else if (trk_has(a, "ids")) {
        for (int i = 0; i < trk_res_rows(r); i++)
            printf("%s\n", trk_res_val(r, i, "id"));
    } else {
        printf("%-5s %-5s %-9s %6s  %-13s %s\n", "ID", "JUR", "STATUS", "EVENTS", "NEXT DEADLINE",
               "TITLE");
        for (int i = 0; i < trk_res_rows(r); i++) {
            const char *next = trk_res_val(r, i, "next_deadline");
            printf("%-5s %-5s %-9s %6s  %-13s %s\n", trk_res_val(r, i, "id"),
                   trk_res_val(r, i, "jurisdiction"), trk_res_val(r, i, "status"),
                   trk_res_val(r, i, "events"), next ? next : "-", trk_res_val(r, i, "title"));
        }
        if (trk_res_rows(r) == 0)
            printf("(no cases)\n");
    }
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

/* The procedure the engine chooses rules by for case c (see load_procedures in deadlines.c):
 * the recorded one; if none, arbitrazh for the old tag procedure:apc, else the jurisdiction's
 * assumption (procedure_assumption). */
#define EFFECTIVE_PROCEDURE                                                                        \
    "coalesce(nullif(c.procedure, 'unknown'),"                                                     \
    " CASE WHEN 'procedure:apc' = ANY (c.tags) THEN 'arbitrazh' END,"                              \
    " (SELECT x.procedure FROM procedure_assumption x WHERE x.jurisdiction = c.jurisdiction))"

/* The queries behind `case show`; $1 is the case id, $2 the as-of date. */
static const char sql_case[] =
    "SELECT c.id, c.external_id, c.title, c.jurisdiction, j.name AS jurisdiction_name,"
    " b.name AS body, b.kind AS body_kind, c.docket, c.status, c.procedure,"
    " " EFFECTIVE_PROCEDURE " AS rules_procedure, pa.reason AS procedure_assumption,"
    " c.summary, to_jsonb(c.tags) AS tags, c.version, c.created_at, c.updated_at"
    " FROM legal_case c JOIN jurisdiction j ON j.code = c.jurisdiction"
    " LEFT JOIN procedure_assumption pa ON pa.jurisdiction = c.jurisdiction"
    "  AND c.procedure = 'unknown' AND NOT 'procedure:apc' = ANY (c.tags)"
    " LEFT JOIN body b ON b.id = c.body_id WHERE c.id = $1 AND $2::date IS NOT NULL";
static const char sql_parties[] =
    "SELECT p.id, p.name, p.kind, cp.role FROM case_party cp JOIN party p ON p.id = cp.party_id"
    " WHERE cp.case_id = $1 AND $2::date IS NOT NULL"
    " ORDER BY array_position(ARRAY['defendant','respondent','appellant','plaintiff','claimant',"
    "'complainant','prosecutor','regulator','third_party','other'], cp.role), p.name";
static const char sql_events[] =
    "SELECT e.id, e.external_id, e.type, e.date, e.date_precision, e.time::text AS time,"
    " e.time_zone, e.received_on, e.outcome, e.title, e.description, b.name AS body,"
    " p.name AS party, e.vacated,"
    " coalesce((SELECT jsonb_agg(es.source_id ORDER BY es.source_id) FROM event_source es"
    "   WHERE es.event_id = e.id), '[]') AS sources"
    " FROM event e LEFT JOIN body b ON b.id = e.body_id LEFT JOIN party p ON p.id = e.party_id"
    " WHERE e.case_id = $1 AND $2::date IS NOT NULL ORDER BY e.date, e.id";
static const char sql_fines[] =
    "SELECT f.id, f.event_id, e.date, f.amount::text AS amount, f.currency, f.paid, f.paid_on,"
    " coalesce((SELECT jsonb_agg(jsonb_build_object('amount', q.amount::text, 'currency',"
    "   q.currency, 'rate', q.rate::text, 'as_of', q.as_of, 'note', q.note) ORDER BY q.currency)"
    "   FROM fine_equivalent q WHERE q.fine_id = f.id), '[]') AS equivalents"
    " FROM fine f JOIN event e ON e.id = f.event_id"
    " WHERE e.case_id = $1 AND $2::date IS NOT NULL ORDER BY e.date, f.id";
static const char sql_deadlines[] =
    "SELECT d.id, d.kind, d.title, d.due_on, d.earliest_on, d.latest_on, d.due_time::text AS due_time,"
    " d.time_zone, " TRK_SQL_DISPLAY_STATUS("$2") " AS status, d.status AS stored_status,"
    " d.trigger_event_id, d.rule_id, d.period_count, d.period_unit, d.roll, d.revision,"
    " d.met_by_event_id, d.met_on, r.code AS rule, r.basis, r.after_kind"
    " FROM deadline d LEFT JOIN rule r ON r.id = d.rule_id"
    " WHERE d.case_id = $1 ORDER BY d.due_on, d.id";
/* What the rules say comes next: rules of the case's jurisdiction and procedure triggered by a
 * decision on appeal, or chained after another deadline, while the case has an appeal deadline
 * and no appeal decision yet (the Telegram chain: appeal -> grace period -> block possible; a
 * fine's: appeal decided -> in force -> payment -> non-payment). Rules chained after the appeal
 * deadline itself are left out: the engine has made them already, as the conditional chain. */
static const char sql_next[] =
    "SELECT r.code, r.kind, r.title, r.trigger_type, array_to_string(r.trigger_outcomes, ' or ')"
    " AS outcomes, r.after_kind, r.period_count, r.period_unit, r.count_trigger_day, r.basis"
    " FROM rule r JOIN legal_case c ON c.id = $1 AND r.jurisdiction = c.jurisdiction"
    " WHERE r.retired_at IS NULL AND (r.case_tag IS NULL OR r.case_tag = ANY (c.tags))"
    "   AND (r.procedure IS NULL OR r.procedure = " EFFECTIVE_PROCEDURE ")"
    "   AND (r.condition IS NULL OR (r.condition = 'fine_imposed' AND EXISTS (SELECT 1 FROM fine f"
    "     JOIN event e ON e.id = f.event_id WHERE e.case_id = c.id AND e.type = 'ruling')))"
    "   AND r.after_kind IS DISTINCT FROM 'appeal'"
    "   AND (r.valid_from IS NULL OR r.valid_from <= $2::date)"
    "   AND (r.valid_to IS NULL OR r.valid_to >= $2::date)"
    "   AND (r.trigger_type = 'appeal_decided' OR r.after_kind IS NOT NULL)"
    "   AND EXISTS (SELECT 1 FROM deadline d WHERE d.case_id = c.id AND d.kind = 'appeal')"
    "   AND NOT EXISTS (SELECT 1 FROM event e WHERE e.case_id = c.id AND e.type = 'appeal_decided')"
    " ORDER BY r.after_kind NULLS FIRST, r.id";

static const char sql_sources[] =
    "SELECT s.id, s.url, s.publisher, s.title, s.published_on, s.retrieved_on FROM source s"
    " WHERE s.id IN (SELECT es.source_id FROM event_source es JOIN event e ON e.id = es.event_id"
    "   WHERE e.case_id = $1) AND $2::date IS NOT NULL ORDER BY s.id";

static void print_wrapped(const char *indent, const char *text)
{
    /* Keep the text verbatim; only indent continuation lines. */
    fputs(indent, stdout);
    for (const char *c = text; *c; c++) {
        putchar(*c);
        if (*c == '\n')
            fputs(indent, stdout);
    }
    putchar('\n');
}

static const char *event_date_text(const trk_res *r, int i, char *buf, size_t n)
{
    const char *d = trk_res_val(r, i, "date");
    const char *prec = trk_res_val(r, i, "date_precision");
    if (prec && strcmp(prec, "month") == 0)
        snprintf(buf, n, "%.7s", d);
    else if (prec && strcmp(prec, "year") == 0)
        snprintf(buf, n, "%.4s", d);
    else
        snprintf(buf, n, "%s", d);
    return buf;
}

static void print_sources_refs(const trk_res *ev, int i, const trk_res *src)
{
    cJSON *ids = cJSON_Parse(trk_res_val(ev, i, "sources"));
    const cJSON *it;
    cJSON_ArrayForEach(it, ids)
    {
        for (int k = 0; k < trk_res_rows(src); k++)
            if (trk_res_int(src, k, "id") == (long long)it->valuedouble)
                printf(" [%d]", k + 1);
    }
    cJSON_Delete(ids);
}

static void print_fine_line(const trk_res *f, int k)
{
    printf("%s %s", trk_res_val(f, k, "amount"), trk_res_val(f, k, "currency"));
    cJSON *eq = cJSON_Parse(trk_res_val(f, k, "equivalents"));
    int n = cJSON_GetArraySize(eq);
    const cJSON *it;
    int j = 0;
    cJSON_ArrayForEach(it, eq)
    {
        const cJSON *amt = cJSON_GetObjectItem(it, "amount"), *cur = cJSON_GetObjectItem(it, "currency");
        const cJSON *asof = cJSON_GetObjectItem(it, "as_of");
        printf("%s%s %s", j++ == 0 ? " (about " : ", ", cJSON_GetStringValue(amt),
               cJSON_GetStringValue(cur));
        if (j == n && cJSON_IsString(asof))
            printf(" as of %s", asof->valuestring);
        if (j == n)
            putchar(')');
    }
    cJSON_Delete(eq);
    if (trk_res_bool(f, k, "paid"))
        printf(", paid%s%s", trk_res_val(f, k, "paid_on") ? " on " : "",
               trk_res_val(f, k, "paid_on") ? trk_res_val(f, k, "paid_on") : "");
    else
        printf(", unpaid");
}

static void print_deadline_line(const trk_res *d, int k)
{
    const char *lo = trk_res_val(d, k, "earliest_on"), *hi = trk_res_val(d, k, "latest_on");
    char due[40];
    if (lo && hi && strcmp(lo, hi) != 0)
        snprintf(due, sizeof due, "%s..%s", lo, hi);
    else
        snprintf(due, sizeof due, "%s", trk_res_val(d, k, "due_on"));
    printf("%-5s %-22s %-14s %-10s %s", trk_res_val(d, k, "id"), due, trk_res_val(d, k, "kind"),
           trk_res_val(d, k, "status"), trk_res_val(d, k, "title"));
    if (trk_res_val(d, k, "rule")) {
        printf(" [%s]", trk_res_val(d, k, "basis"));
    } else if (trk_res_val(d, k, "period_count") && trk_res_val(d, k, "period_unit")) {
        const char *unit = trk_res_val(d, k, "period_unit");
        const char *roll = trk_res_val(d, k, "roll");
        printf(" (%s %s%s%s)", trk_res_val(d, k, "period_count"),
               trk_unit_label(unit),
               roll && strcmp(roll, "none") == 0 ? ", no roll" : "",
               roll && strcmp(roll, "back") == 0 ? ", roll back" : "");
    }
    putchar('\n');
}

static const char *due_text(const trk_res *d, int k, char *buf, size_t n)
{
    const char *lo = trk_res_val(d, k, "earliest_on"), *hi = trk_res_val(d, k, "latest_on");
    if (lo && hi && strcmp(lo, hi) != 0)
        snprintf(buf, n, "%s..%s", lo, hi);
    else
        snprintf(buf, n, "%s", trk_res_val(d, k, "due_on"));
    return buf;
}

/* The deadline chained after deadline k (same trigger event, its rule follows k's kind), still
 * produced (open or met); -1 when none. */
static int chained_after(const trk_res *d, int k)
{
    for (int j = 0; j < trk_res_rows(d); j++) {
        const char *after = trk_res_val(d, j, "after_kind"), *st = trk_res_val(d, j, "stored_status");
        if (j != k && after && strcmp(after, trk_res_val(d, k, "kind")) == 0 &&
            trk_res_int(d, j, "trigger_event_id") == trk_res_int(d, k, "trigger_event_id") &&
            (strcmp(st, "open") == 0 || strcmp(st, "met") == 0))
            return j;
    }
    return -1;
}

/*
 * The conditional chains: for each open appeal deadline, the deadlines the engine chained after
 * it (in force, payment, non-payment), which hold only if no appeal is filed in time. As JSON
 * (an array, or NULL when there is none) and, when print, as text.
 */
static cJSON *conditional_chains(const trk_res *d, const char *asof, bool print)
{
    cJSON *all = NULL;
    for (int k = 0; k < trk_res_rows(d); k++) {
        if (strcmp(trk_res_val(d, k, "kind"), "appeal") != 0 ||
            strcmp(trk_res_val(d, k, "stored_status"), "open") != 0 || chained_after(d, k) < 0)
            continue;
        char by[40], when[40], line[1024];
        due_text(d, k, by, sizeof by);
        const char *last = trk_res_val(d, k, "latest_on") ? trk_res_val(d, k, "latest_on")
                                                           : trk_res_val(d, k, "due_on");
        bool passed = strcmp(last, asof) < 0;
        cJSON *o = cJSON_CreateObject(), *links = cJSON_CreateArray();
        cJSON_AddNumberToObject(o, "appeal_deadline_id", (double)trk_res_int(d, k, "id"));
        cJSON_AddStringToObject(o, "if_not_appealed_by", by);
        cJSON_AddBoolToObject(o, "appeal_period_over", passed);
        size_t n = (size_t)snprintf(line, sizeof line, passed ? "not appealed by %s (no appeal recorded):"
                                                          : "if not appealed by %s:", by);
        int steps = 0;
        for (int j = chained_after(d, k); j >= 0 && steps < 8; j = chained_after(d, j), steps++) {
            const char *kind = trk_res_val(d, j, "kind");
            due_text(d, j, when, sizeof when);
            if (n < sizeof line) {
                if (strcmp(kind, "in_force") == 0)
                    n += (size_t)snprintf(line + n, sizeof line - n, "%s in force %s",
                                          steps ? "," : "", when);
                else if (strcmp(kind, "payment") == 0)
                    n += (size_t)snprintf(line + n, sizeof line - n, "%s payment due %s%s%s",
                                          steps ? "," : "", when,
                                          trk_res_val(d, j, "met_on") ? " (paid on " : "",
                                          trk_res_val(d, j, "met_on") ? trk_res_val(d, j, "met_on") : "");
                else if (strcmp(kind, "enforcement") == 0)
                    n += (size_t)snprintf(line + n, sizeof line - n, "%s if unpaid, from %s: %s",
                                          steps ? "," : "", when, trk_res_val(d, j, "title"));
                else
                    n += (size_t)snprintf(line + n, sizeof line - n, "%s %s %s",
                                          steps ? "," : "", kind, when);
                if (strcmp(kind, "payment") == 0 && trk_res_val(d, j, "met_on") && n < sizeof line)
                    n += (size_t)snprintf(line + n, sizeof line - n, ")");
            }
            cJSON *l = cJSON_CreateObject();
            cJSON_AddNumberToObject(l, "deadline_id", (double)trk_res_int(d, j, "id"));
            cJSON_AddStringToObject(l, "kind", kind);
            cJSON_AddStringToObject(l, "title", trk_res_val(d, j, "title"));
            cJSON_AddStringToObject(l, "due_on", trk_res_val(d, j, "due_on"));
            if (trk_res_val(d, j, "latest_on")) {
                cJSON_AddStringToObject(l, "earliest_on", trk_res_val(d, j, "earliest_on"));
                cJSON_AddStringToObject(l, "latest_on", trk_res_val(d, j, "latest_on"));
            }
            cJSON_AddStringToObject(l, "status", trk_res_val(d, j, "status"));
            if (trk_res_val(d, j, "met_on"))
                cJSON_AddStringToObject(l, "met_on", trk_res_val(d, j, "met_on"));
            if (trk_res_val(d, j, "rule"))
                cJSON_AddStringToObject(l, "rule", trk_res_val(d, j, "rule"));
            if (trk_res_val(d, j, "basis"))
                cJSON_AddStringToObject(l, "basis", trk_res_val(d, j, "basis"));
            cJSON_AddItemToArray(links, l);
        }
        cJSON_AddStringToObject(o, "text", line);
        cJSON_AddItemToObject(o, "chain", links);
        if (print) {
            printf("  %s\n", line);
            const cJSON *it;
            cJSON_ArrayForEach(it, links)
            {
                const cJSON *lat = cJSON_GetObjectItem(it, "latest_on");
                char dd[40];
                if (lat)
                    snprintf(dd, sizeof dd, "%s..%s",
                             cJSON_GetStringValue(cJSON_GetObjectItem(it, "earliest_on")),
                             cJSON_GetStringValue(lat));
                else
                    snprintf(dd, sizeof dd, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(it, "due_on")));
                const cJSON *basis = cJSON_GetObjectItem(it, "basis");
                printf("    deadline %d: %s %s, %s%s%s%s\n",
                       (int)cJSON_GetNumberValue(cJSON_GetObjectItem(it, "deadline_id")),
                       cJSON_GetStringValue(cJSON_GetObjectItem(it, "kind")), dd,
                       cJSON_GetStringValue(cJSON_GetObjectItem(it, "title")),
                       basis ? " [" : "", basis ? cJSON_GetStringValue(basis) : "",
                       basis ? "]" : "");
            }
        }
        if (!all)
            all = cJSON_CreateArray();
        cJSON_AddItemToArray(all, o);
    }
    return all;
}

static int case_show(trk_ctx *ctx, trk_args *a)
{
    char asof[TRK_DATE_STRLEN];
    if (trk_opt_date(a, "as-of", true, asof) != 0)
        return TRK_ERR_USAGE;
    int rc = TRK_ERR;
    trk_res *c = NULL, *pa = NULL, *ev = NULL, *fi = NULL, *dl = NULL, *so = NULL, *nx = NULL;
    trk_db *db = trk_open(ctx->conninfo);
    long long id;
    char ids[24];
    if (!db)
        return TRK_ERR;
    if (trk_case_lookup(db, a->pos[0], &id) != 0)
        goto out;
    const char *p[] = {trk_idstr(id, ids), asof};
    /* One snapshot for all the parts of the dossier. */
    if (trk_db_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL) != 0)
        goto out;
    if (!(c = trk_db_query(db, sql_case, 2, p)) || !(pa = trk_db_query(db, sql_parties, 2, p)) ||
        !(ev = trk_db_query(db, sql_events, 2, p)) || !(fi = trk_db_query(db, sql_fines, 2, p)) ||
        !(dl = trk_db_query(db, sql_deadlines, 2, p)) || !(so = trk_db_query(db, sql_sources, 2, p)) ||
        !(nx = trk_db_query(db, sql_next, 2, p)))
        goto out;
    trk_db_rollback(db);
    if (trk_has(a, "json")) {
        cJSON *root = trk_json_row(c, 0);
        cJSON_AddStringToObject(root, "as_of", asof);
        cJSON_AddItemToObject(root, "parties", trk_json_rows(pa));
        cJSON_AddItemToObject(root, "events", trk_json_rows(ev));
        cJSON_AddItemToObject(root, "fines", trk_json_rows(fi));
        cJSON_AddItemToObject(root, "deadlines", trk_json_rows(dl));
        cJSON_AddItemToObject(root, "sources", trk_json_rows(so));
        cJSON_AddItemToObject(root, "next_by_rules", trk_json_rows(nx));
        cJSON *cond = conditional_chains(dl, asof, false);
        cJSON_AddItemToObject(root, "conditional", cond ? cond : cJSON_CreateArray());
        if (trk_json_emit(root) != 0)
            goto out;
        rc = TRK_OK;
        goto out;
    }
    printf("Case %s: %s\n", trk_res_val(c, 0, "id"), trk_res_val(c, 0, "title"));
    printf("  jurisdiction:  %s (%s)\n", trk_res_val(c, 0, "jurisdiction"),
           trk_res_val(c, 0, "jurisdiction_name"));
    if (trk_res_val(c, 0, "body"))
        printf("  %-14s %s\n", strcmp(trk_res_val(c, 0, "body_kind"), "court") == 0 ? "court:"
                                                                                   : "authority:",
               trk_res_val(c, 0, "body"));
    if (trk_res_val(c, 0, "docket"))
        printf("  docket:        %s\n", trk_res_val(c, 0, "docket"));
    printf("  status:        %s\n", trk_res_val(c, 0, "status"));
    if (strcmp(trk_res_val(c, 0, "procedure"), "unknown") != 0)
        printf("  procedure:     %s\n", trk_procedure_label(trk_res_val(c, 0, "procedure")));
    else if (trk_res_val(c, 0, "rules_procedure"))
        printf("  procedure:     not recorded: rules assume %s%s\n",
               trk_procedure_label(trk_res_val(c, 0, "rules_procedure")),
               trk_res_val(c, 0, "procedure_assumption") ? "" : " (tag procedure:apc)");
    else
        printf("  procedure:     not recorded\n");
    cJSON *tags = cJSON_Parse(trk_res_val(c, 0, "tags"));
    if (cJSON_GetArraySize(tags) > 0) {
        printf("  tags:         ");
        const cJSON *it;
        cJSON_ArrayForEach(it, tags) printf(" %s", it->valuestring);
        putchar('\n');
    }
    cJSON_Delete(tags);
    if (trk_res_val(c, 0, "external_id"))
        printf("  external id:   %s\n", trk_res_val(c, 0, "external_id"));
    if (trk_res_val(c, 0, "summary")) {
        printf("  summary:\n");
        print_wrapped("    ", trk_res_val(c, 0, "summary"));
    }

    printf("\nParties\n");
    for (int i = 0; i < trk_res_rows(pa); i++)
        printf("  %-12s %s\n", trk_res_val(pa, i, "role"), trk_res_val(pa, i, "name"));
    if (trk_res_rows(pa) == 0)
        printf("  (none recorded)\n");

    printf("\nTimeline (as of %s)\n", asof);
    for (int i = 0; i < trk_res_rows(ev); i++) {
        char d[16];
        long long eid = trk_res_int(ev, i, "id");
        printf("  %-10s  %-14s %s", event_date_text(ev, i, d, sizeof d), trk_res_val(ev, i, "type"),
               trk_res_val(ev, i, "title"));
        if (trk_res_val(ev, i, "outcome"))
            printf(" (%s)", trk_res_val(ev, i, "outcome"));
        if (trk_res_bool(ev, i, "vacated"))
            printf(" [vacated]");
        print_sources_refs(ev, i, so);
        putchar('\n');
        for (int k = 0; k < trk_res_rows(fi); k++)
            if (trk_res_int(fi, k, "event_id") == eid) {
                printf("  %-10s  %-14s fine: ", "", "");
                print_fine_line(fi, k);
                putchar('\n');
            }
        for (int k = 0; k < trk_res_rows(dl); k++)
            if (trk_res_int(dl, k, "trigger_event_id") == eid)
            {
                const char *lo = trk_res_val(dl, k, "earliest_on");
                const char *hi = trk_res_val(dl, k, "latest_on");
                if (lo && hi && strcmp(lo, hi) != 0)
                    printf("  %-10s  %-14s -> %s deadline between %s and %s (%s)\n", "", "",
                           trk_res_val(dl, k, "kind"), lo, hi, trk_res_val(dl, k, "status"));
                else
                    printf("  %-10s  %-14s -> %s deadline %s (%s)\n", "", "",
                           trk_res_val(dl, k, "kind"), trk_res_val(dl, k, "due_on"),
                           trk_res_val(dl, k, "status"));
            }
    }
    if (trk_res_rows(ev) == 0)
        printf("  (no events)\n");

    printf("\nDeadlines\n");
    if (trk_res_rows(dl) == 0)
        printf("  (none)\n");
    else
        printf("  %-5s %-22s %-14s %-10s %s\n", "ID", "DUE", "KIND", "STATUS", "TITLE");
    for (int k = 0; k < trk_res_rows(dl); k++) {
        fputs("  ", stdout);
        print_deadline_line(dl, k);
    }

    bool any_chain = false;
    for (int k = 0; k < trk_res_rows(dl) && !any_chain; k++)
        any_chain = strcmp(trk_res_val(dl, k, "kind"), "appeal") == 0 &&
                    strcmp(trk_res_val(dl, k, "stored_status"), "open") == 0 &&
                    chained_after(dl, k) >= 0;
    if (trk_res_rows(nx) > 0 || any_chain) {
        printf("\nWhat the rules say comes next\n");
        cJSON_Delete(conditional_chains(dl, asof, true));
        for (int k = 0; k < trk_res_rows(nx); k++) {
            const char *after = trk_res_val(nx, k, "after_kind");
            const char *cnt = trk_res_val(nx, k, "period_count");
            const char *unit = trk_res_val(nx, k, "period_unit");
            char when[160], period[64];
            if (after && strcmp(after, "in_force") == 0)
                snprintf(when, sizeof when, "once in force");
            else if (after)
                snprintf(when, sizeof when, "if the %s deadline is missed", after);
            else
                snprintf(when, sizeof when, "if the appeal is decided (%s)",
                         trk_res_val(nx, k, "outcomes") ? trk_res_val(nx, k, "outcomes") : "any");
            if (cnt && trk_res_bool(nx, k, "count_trigger_day") && strcmp(cnt, "1") == 0)
                snprintf(period, sizeof period, "on the day of the decision");
            else if (cnt)
                snprintf(period, sizeof period, "%s %s later", cnt,
                         strcmp(unit, "calendar_days") == 0 ? "day(s)" : unit);
            else
                snprintf(period, sizeof period, "period set by the order");
            printf("  %s: %s, %s [%s]\n", when, trk_res_val(nx, k, "title"), period,
                   trk_res_val(nx, k, "basis"));
        }
    }

    printf("\nFines\n");
    if (trk_res_rows(fi) == 0)
        printf("  (none)\n");
    for (int k = 0; k < trk_res_rows(fi); k++) {
        printf("  %s  ", trk_res_val(fi, k, "date"));
        print_fine_line(fi, k);
        putchar('\n');
    }

    printf("\nSources\n");
    if (trk_res_rows(so) == 0)
        printf("  (none)\n");
    for (int k = 0; k < trk_res_rows(so); k++) {
        printf("  [%d] ", k + 1);
        if (trk_res_val(so, k, "publisher"))
            printf("%s, ", trk_res_val(so, k, "publisher"));
        if (trk_res_val(so, k, "title"))
            printf("\"%s\", ", trk_res_val(so, k, "title"));
        if (trk_res_val(so, k, "published_on"))
            printf("%s, ", trk_res_val(so, k, "published_on"));
        printf("%s\n", trk_res_val(so, k, "url"));
    }
    rc = TRK_OK;
out:
    trk_res_free(c);
    trk_res_free(pa);
    trk_res_free(ev);
    trk_res_free(fi);
    trk_res_free(dl);
    trk_res_free(so);
    trk_res_free(nx);
    trk_db_rollback(db);
    trk_db_close(db);
    return rc;
}

static int case_edit(trk_ctx *ctx, trk_args *a)
{
    if (check_common(a) || check_tags(a, "add-tag") || parse_party_refs(a, "add-party") ||
        parse_party_refs(a, "remove-party"))
        return TRK_ERR_USAGE;
    int expect = 0;
    if (trk_arg(a, "expect-version") &&
        trk_parse_int("expect-version", trk_arg(a, "expect-version"), 1, 2000000000, &expect) != 0)
        return TRK_ERR_USAGE;
    int rc = TRK_ERR;
    trk_res *r = NULL;
    trk_db *db = trk_open(ctx->conninfo);
    long long id;
    char ids[24], bid[24], ver[16];
    if (!db)
        return TRK_ERR;
    if (trk_case_lookup(db, a->pos[0], &id) != 0)
        goto out;
    const char *jur = trk_arg(a, "jurisdiction");
    if (jur && trk_jurisdiction_check(db, jur) != 0) {
        rc = TRK_ERR_USAGE;
        goto out;
    }
    if (trk_db_begin(db) != 0)
        goto out;
    const char *body = NULL;
    if (trk_arg(a, "body")) {
        long long b;
        const char *jp[] = {trk_idstr(id, ids)};
        trk_res *jr = trk_db_query(db, "SELECT jurisdiction FROM legal_case WHERE id = $1", 1, jp);
        if (!jr)
            goto out;
        int bok = trk_body_ensure(db, trk_arg(a, "body"), jur ? jur : trk_res_val(jr, 0, "jurisdiction"),
                                  trk_arg(a, "body-kind"), &b);
        trk_res_free(jr);
        if (bok != 0)
            goto out;
        body = trk_idstr(b, bid);
    }
    cJSON *add = cJSON_CreateArray(), *del = cJSON_CreateArray();
    int n;
    const char *const *v = trk_args_all(a, "add-tag", &n);
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(add, cJSON_CreateString(v[i]));
    v = trk_args_all(a, "remove-tag", &n);
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(del, cJSON_CreateString(v[i]));
    char *addj = cJSON_PrintUnformatted(add), *delj = cJSON_PrintUnformatted(del);
    cJSON_Delete(add);
    cJSON_Delete(del);
    snprintf(ver, sizeof ver, "%d", expect);
    const char *p[] = {trk_idstr(id, ids), trk_arg(a, "title"), jur, body, trk_arg(a, "docket"),
                       trk_arg(a, "status"), trk_arg(a, "summary"), addj, delj,
                       expect ? ver : NULL, trk_arg(a, "procedure")};
    /* Optimistic locking: with --expect-version the update only applies to that version.
     * rules_changed: what chooses the rules (jurisdiction, procedure, tags) changed, so the
     * case's deadlines are recomputed below. */
    r = trk_db_query(
        db,
        "WITH old AS (SELECT jurisdiction, procedure, tags FROM legal_case WHERE id = $1)"
        " UPDATE legal_case SET title = coalesce($2, title), jurisdiction = coalesce($3, jurisdiction),"
        " procedure = coalesce($11, procedure),"
        " body_id = coalesce($4::bigint, body_id), docket = coalesce($5, docket),"
        " status = coalesce($6, status), summary = coalesce($7, summary),"
        " tags = ARRAY(SELECT DISTINCT t FROM unnest(tags || ARRAY(SELECT"
        "   jsonb_array_elements_text($8::jsonb))) t"
        "   WHERE t NOT IN (SELECT jsonb_array_elements_text($9::jsonb)) ORDER BY 1),"
        " version = version + 1"
        " WHERE id = $1 AND ($10::int IS NULL OR version = $10)"
        " RETURNING version, (SELECT (o.jurisdiction, o.procedure, o.tags) FROM old o)"
        "  IS DISTINCT FROM (legal_case.jurisdiction, legal_case.procedure, legal_case.tags)"
        "  AS rules_changed",
        11, p);
    free(addj);
    free(delj);
    if (!r)
        goto out;
    if (trk_res_rows(r) == 0) {
        trk_error("case %lld was changed by someone else (it is no longer at version %d)", id, expect);
        trk_hint("run 'tracker case show %lld' and apply your change again", id);
        goto out;
    }
    if (add_parties(db, id, a, "add-party") != 0)
        goto out;
    const char *const *rm = trk_args_all(a, "remove-party", &n);
    for (int i = 0; i < n; i++) {
        const char *role, *name;
        trk_party_ref_parse(rm[i], &role, &name);
        const char *q[] = {ids, role, name};
        trk_res *d = trk_db_query(db,
                                  "DELETE FROM case_party cp USING party p WHERE cp.party_id = p.id"
                                  " AND cp.case_id = $1 AND cp.role = $2 AND p.name = $3"
                                  " RETURNING cp.party_id",
                                  3, q);
        if (!d)
            goto out;
        int gone = trk_res_rows(d);
        trk_res_free(d);
        if (gone == 0) {
            trk_error("party \"%s\" is not a %s in case %lld", name, role, id);
            rc = TRK_ERR_USAGE;
            goto out;
        }
    }
    if (trk_res_bool(r, 0, "rules_changed")) {
        const char *q[] = {ids};
        if (trk_deadlines_bulk_prepare(db) != 0 ||
            trk_db_exec(db, "DELETE FROM pg_temp.trk_new_events", 0, NULL) != 0 ||
            trk_db_exec(db, "DELETE FROM pg_temp.trk_new_deadline_specs", 0, NULL) != 0 ||
            trk_db_exec(db,
                        "INSERT INTO pg_temp.trk_new_events SELECT id FROM event"
                        " WHERE case_id = $1 ORDER BY id",
                        1, q) != 0 ||
            trk_deadlines_on_events_bulk(db) != 0)
            goto out;
    }
    if (trk_db_commit(db) != 0)
        goto out;
    printf("case %lld updated (version %s)%s\n", id, trk_res_val(r, 0, "version"),
           trk_res_bool(r, 0, "rules_changed") ? "; its deadlines were recomputed" : "");
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_db_rollback(db);
    trk_db_close(db);
    return rc;
}

#define JSON_OPT {"json", NULL, "machine-readable output", 0}
#define PROCEDURE_OPT                                                                              \
    {"procedure", "P",                                                                             \
     "administrative_offence, civil, arbitrazh, administrative, criminal, regulator_decision or "  \
     "unknown (default): the rules that apply depend on it",                                       \
     0}

static const trk_opt add_opts[] = {
    {"title", "TEXT", "case title", TRK_OPT_REQUIRED},
    {"jurisdiction", "CODE", "jurisdiction code (RU, US, ...)", TRK_OPT_REQUIRED},
    {"body", "NAME", "court or authority (created when new)", 0},
    {"body-kind", "KIND", "court, regulator, agency, legislature or other (default court)", 0},
    {"docket", "TEXT", "docket or case number", 0},
    {"status", "STATUS", "open (default), appealed, stayed, closed, settled, dismissed", 0},
    {"summary", "TEXT", "summary", 0},
    {"tag", "TAG", "tag", TRK_OPT_MULTI},
    {"party", "ROLE:NAME", "party with its role, e.g. defendant:Telegram", TRK_OPT_MULTI},
    {"external-id", "ID", "stable external identifier", 0},
    PROCEDURE_OPT,
    JSON_OPT,
    {NULL}};
static const trk_opt list_opts[] = {
    {"jurisdiction", "CODE", "only this jurisdiction", 0},
    {"tag", "TAG", "only cases with this tag", 0},
    {"status", "STATUS", "only cases with this status", 0},
    {"external-id", "ID", "only the case with this external id", 0},
    {"as-of", "DATE", "date for 'next deadline' (default today)", 0},
    {"ids", NULL, "print only the ids, one per line", 0},
    JSON_OPT,
    TRK_OPT_LIST_FORMAT,
    {NULL}};
static const trk_opt show_opts[] = {
    {"as-of", "DATE", "date against which open deadlines count as missed (default today)", 0},
    JSON_OPT,
    {NULL}};
static const trk_opt edit_opts[] = {
    {"title", "TEXT", "new title", 0},
    {"jurisdiction", "CODE", "new jurisdiction", 0},
    {"body", "NAME", "new court or authority", 0},
    {"body-kind", "KIND", "kind of a new body", 0},
    {"docket", "TEXT", "new docket number", 0},
    {"status", "STATUS", "new status", 0},
    PROCEDURE_OPT,
    {"summary", "TEXT", "new summary", 0},
    {"add-tag", "TAG", "add a tag", TRK_OPT_MULTI},
    {"remove-tag", "TAG", "remove a tag", TRK_OPT_MULTI},
    {"add-party", "ROLE:NAME", "add a party", TRK_OPT_MULTI},
    {"remove-party", "ROLE:NAME", "remove a party", TRK_OPT_MULTI},
    {"expect-version", "N", "fail with a conflict unless the case is still at version N", 0},
    {NULL}};

static const trk_cmd case_cmds[] = {
    {"add", NULL, "add a case; prints its id", add_opts, 0, 0, case_add, NULL},
    {"list", NULL, "list cases", list_opts, 0, 0, case_list, NULL},
    {"show", "CASE", "show a whole case: parties, timeline, deadlines, fines, sources", show_opts,
     1, 1, case_show, "CASE is a case id or its external id."},
    {"edit", "CASE", "change a case's fields, tags and parties", edit_opts, 1, 1, case_edit,
     "CASE is a case id or its external id. Each edit bumps the case's version."},
    {NULL}};

int trk_cmd_case(trk_ctx *ctx, int argc, char **argv)
{
    return trk_dispatch(ctx, "case", "Add, list, show and edit cases.", case_cmds, argc, argv);
}
