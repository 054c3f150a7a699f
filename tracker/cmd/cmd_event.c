/*
 * cmd_event.c: tracker event add|list|show|edit. Recording or correcting an event runs the
 * deadline engine (deadlines.h) in the same transaction, so a failure leaves nothing behind.
 */
#include "cmdutil.h"
#include "commands.h"
#include "date.h"
#include "deadlines.h"
#include "entities.h"
#include "json_out.h"
#include "model.h"
#include "rules.h"
#include "text.h"
#include "workflow_cmds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --date accepts YYYY-MM-DD, or YYYY-MM / YYYY for facts known only to the month or year. */
static int parse_event_date(const char *s, char *date, const char **precision)
{
    trk_date d;
    char buf[16];
    size_t n = strlen(s);
    if (n == 7 && s[4] == '-') {
        snprintf(buf, sizeof buf, "%s-01", s);
        *precision = "month";
    } else if (n == 4) {
        snprintf(buf, sizeof buf, "%s-01-01", s);
        *precision = "year";
    } else {
        snprintf(buf, sizeof buf, "%.15s", s);
        *precision = "day";
    }
    if (trk_date_parse(buf, &d) != 0) {
        char why[96];
        if (strcmp(trk_date_problem(buf, why, sizeof why), "expected YYYY-MM-DD") == 0)
            trk_error("invalid date \"%s\": expected YYYY-MM-DD (or YYYY-MM, YYYY when only the "
                      "month or year is known)",
                      s);
        else
            trk_error("invalid date \"%s\": %s", s, why);
        return -1;
    }
    trk_date_format(d, date);
    return 0;
}

static int parse_time(const char *s)
{
    int h, m, sec = 0;
    char extra;
    size_t n = strlen(s);
    if ((n == 5 && sscanf(s, "%2d:%2d%c", &h, &m, &extra) == 2) ||
        (n == 8 && sscanf(s, "%2d:%2d:%2d%c", &h, &m, &sec, &extra) == 3))
        if (h >= 0 && h < 24 && m >= 0 && m < 60 && sec >= 0 && sec < 60 && s[2] == ':')
            return 0;
    trk_error("invalid time \"%s\": expected HH:MM or HH:MM:SS (24-hour)", s);
    return -1;
}

/*
 * Deadline options: --appeal-days N, --appeal-sutki N, --appeal-working-days N and
 * --deadline KIND:SPEC[:ROLL] with SPEC one of Nd (calendar days), Nwd (working days),
 * Nsutki, Nm (months), Ny (years) or a fixed YYYY-MM-DD.
 */
typedef struct spec_buf {
    trk_deadline_spec spec;
    char kind[32];
    char due[TRK_DATE_STRLEN];
} spec_buf;

static int parse_deadline_opt(const char *s, spec_buf *b)
{
    char buf[128];
    memset(b, 0, sizeof *b);
    if (strlen(s) >= sizeof buf)
        goto bad;
    strcpy(buf, s);
    char *kind = buf, *spec = strchr(buf, ':');
    if (!spec)
        goto bad;
    *spec++ = '\0';
    char *roll = strchr(spec, ':');
    if (roll)
        *roll++ = '\0';
    if (trk_vocab_check("deadline kind", kind, trk_deadline_kinds) != 0)
        return -1;
    snprintf(b->kind, sizeof b->kind, "%.31s", kind);
    b->spec.kind = b->kind;
    trk_date d;
    char why[96];
    if (strlen(spec) == 10 && spec[4] == '-' && spec[7] == '-' &&
        strcmp(trk_date_problem(spec, why, sizeof why) ? why : "", "expected YYYY-MM-DD") != 0 &&
        trk_date_parse(spec, &d) != 0) {
        trk_error("invalid --deadline \"%s\": %s: %s", s, spec, why);
        return -1;
    }
    if (trk_date_parse(spec, &d) == 0) {
        trk_date_format(d, b->due);
        b->spec.due_on = b->due;
        if (roll)
            goto bad;
        return 0;
    }
    char *end;
    long n = strtol(spec, &end, 10);
    if (end == spec || n < 1 || n > 10000)
        goto bad;
    trk_unit u;
    trk_roll r;
    if (trk_unit_by_suffix(end, &u) != 0)
        goto bad;
    b->spec.unit = trk_unit_word(u);
    b->spec.count = (int)n;
    if (roll) {
        if (trk_roll_parse(roll, &r) != 0)
            goto bad;
        b->spec.roll = trk_roll_word(r);
    }
    return 0;
bad:
    trk_error("invalid --deadline \"%s\": expected KIND:SPEC[:ROLL], e.g. appeal:10d, "
              "appeal:10sutki, response:30wd, appeal:1m:forward or response:2017-09-14",
              s);
    return -1;
}

/* Collect every deadline option into specs (caller frees). */
static int collect_specs(const trk_args *a, spec_buf **out, int *n)
{
    int nd, k = 0;
    const char *const *dv = trk_args_all(a, "deadline", &nd);
    *out = calloc((size_t)nd + 4, sizeof **out);
    if (!*out) {
        trk_error("out of memory");
        return -1;
    }
    for (int i = 0; i < TRK_UNIT_COUNT; i++) {
        const char *opt = trk_units[i].appeal_opt;
        const char *v = opt ? trk_arg(a, opt) : NULL;
        int count;
        if (!v)
            continue;
        if (trk_parse_int(opt, v, 1, 10000, &count) != 0)
            return -1;
        for (int j = 0; j < k; j++)
            if (strcmp((*out)[j].kind, "appeal") == 0) {
                trk_error("give only one appeal period");
                return -1;
            }
        spec_buf *b = &(*out)[k++];
        strcpy(b->kind, "appeal");
        b->spec.kind = b->kind;
        b->spec.count = count;
        b->spec.unit = trk_unit_words[i];
    }
    for (int i = 0; i < nd; i++)
        if (parse_deadline_opt(dv[i], &(*out)[k++]) != 0)
            return -1;
    for (int i = 0; i < k; i++)
        for (int j = i + 1; j < k; j++)
            if (strcmp((*out)[i].kind, (*out)[j].kind) == 0) {
                trk_error("two deadlines of kind \"%s\" for one event", (*out)[i].kind);
                return -1;
            }
    *n = k;
    return 0;
}

static const char *const service_methods[] = {"personal", "mail", "electronic", "other", NULL};

static int check_texts(const trk_args *a)
{
    if (trk_vocab_check("service method", trk_arg(a, "served-by"), service_methods) != 0 ||
        trk_vocab_check("body kind", trk_arg(a, "body-kind"), trk_body_kinds) != 0)
        return -1;
    const char *v;
    if ((v = trk_arg(a, "title")) && trk_text_check("--title", v, TRK_TEXT_SHORT_MAX, false))
        return -1;
    if (v && !*v) {
        trk_error("invalid value for --title: empty");
        return -1;
    }
    if ((v = trk_arg(a, "description")) &&
        trk_text_check("--description", v, TRK_TEXT_LONG_MAX, false))
        return -1;
    if ((v = trk_arg(a, "external-id")) &&
        trk_external_id_check("--external-id", v))
        return -1;
    if ((v = trk_arg(a, "body")) && trk_text_check("court or authority name (--body)", v, TRK_TEXT_SHORT_MAX, true))
        return -1;
    if ((v = trk_arg(a, "party")) && trk_text_check("party name (--party)", v, TRK_TEXT_SHORT_MAX, true))
        return -1;
    int n;
    const char *const *src = trk_args_all(a, "source", &n);
    for (int i = 0; i < n; i++)
        if (trk_url_check("--source", src[i]) != 0)
            return -1;
    src = trk_args_all(a, "add-source", &n);
    for (int i = 0; i < n; i++)
        if (trk_url_check("--add-source", src[i]) != 0)
            return -1;
    return 0;
}

static int check_time_zone(trk_db *db, const char *tz)
{
    const char *p[] = {tz};
    trk_res *r = trk_db_query(db, "SELECT 1 FROM pg_timezone_names WHERE name = $1", 1, p);
    if (!r)
        return -1;
    int ok = trk_res_rows(r) > 0;
    trk_res_free(r);
    if (!ok) {
        trk_error("unknown time zone \"%s\": expected an IANA name such as Europe/Moscow", tz);
        return -2;
    }
    return 0;
}

static int link_sources(trk_db *db, long long event_id, const trk_args *a, const char *opt)
{
    int n;
    const char *const *src = trk_args_all(a, opt, &n);
    char eid[24], sid[24];
    for (int i = 0; i < n; i++) {
        long long s;
        if (trk_source_ensure(db, src[i], &s) != 0)
            return -1;
        const char *p[] = {trk_idstr(event_id, eid), trk_idstr(s, sid)};
        if (trk_db_exec(db,
                        "INSERT INTO event_source (event_id, source_id) VALUES ($1, $2)"
                        " ON CONFLICT DO NOTHING",
                        2, p) != 0)
            return -1;
    }
    return 0;
}

/* After commit: tell the user which deadlines the event now drives. */
static void print_event_deadlines(FILE *f, trk_db *db, long long event_id)
{
    char eid[24], today[TRK_DATE_STRLEN] = "";
    trk_date t;
    if (trk_date_today(&t) == 0)
        trk_date_format(t, today);
    /* the status shown, as `deadline list` shows it (an open deadline past its day: missed) */
    const char *p[] = {trk_idstr(event_id, eid), today[0] ? today : NULL};
    trk_res *r = trk_db_query(db,
                              "SELECT d.id, d.kind, d.due_on, d.earliest_on, d.latest_on,"
                              " coalesce(" TRK_SQL_DISPLAY_STATUS("$2") ", d.status) AS status,"
                              " d.revision FROM deadline d WHERE d.trigger_event_id = $1"
                              " ORDER BY d.due_on, d.id",
                              2, p);
    for (int i = 0; r && i < trk_res_rows(r); i++) {
        const char *lo = trk_res_val(r, i, "earliest_on"), *hi = trk_res_val(r, i, "latest_on");
        if (lo && hi && strcmp(lo, hi) != 0)
            fprintf(f, "deadline %s: %s due between %s and %s (%s, revision %s)\n",
                    trk_res_val(r, i, "id"), trk_res_val(r, i, "kind"), lo, hi,
                    trk_res_val(r, i, "status"), trk_res_val(r, i, "revision"));
        else
            fprintf(f, "deadline %s: %s due %s (%s, revision %s)\n", trk_res_val(r, i, "id"),
                    trk_res_val(r, i, "kind"), trk_res_val(r, i, "due_on"),
                    trk_res_val(r, i, "status"), trk_res_val(r, i, "revision"));
    }
    trk_res_free(r);
}

static int event_add(trk_ctx *ctx, trk_args *a)
{
    int rc = TRK_ERR_USAGE, nspecs = 0, neq = 0;
    spec_buf *specs = NULL;
    trk_deadline_spec *flat = NULL;
    trk_equiv *eq = NULL;
    trk_db *db = NULL;
    trk_res *r = NULL;
    char date[TRK_DATE_STRLEN], recv[TRK_DATE_STRLEN] = "";
    const char *precision;
    const char *type = trk_arg(a, "type");

    if (trk_vocab_check("event type", type, trk_event_types) != 0)
        goto out;
    if (parse_event_date(trk_arg(a, "date"), date, &precision) != 0 ||
        trk_opt_date(a, "received-on", false, recv) != 0 || check_texts(a) != 0 ||
        trk_vocab_check("outcome", trk_arg(a, "outcome"), trk_event_outcomes) != 0 ||
        collect_specs(a, &specs, &nspecs) != 0)
        goto out;
    if (trk_arg(a, "precision")) {
        if (trk_vocab_check("precision", trk_arg(a, "precision"), trk_date_precisions) != 0)
            goto out;
        precision = trk_arg(a, "precision");
    }
    if (recv[0] && strcmp(recv, date) < 0) {
        trk_error("--received-on %s is before the event's date %s", recv, date);
        goto out;
    }
    if (trk_arg(a, "outcome") && !trk_word_in(type, (const char *const[]){"appeal_decided", "ruling", "order", "complaint", NULL})) {
        trk_error("--outcome applies to rulings, orders, complaints and appeal decisions, not to %s",
                  type);
        goto out;
    }
    if (!!trk_arg(a, "time") != !!trk_arg(a, "tz")) {
        trk_error("--time and --tz go together: a time of day needs its IANA time zone");
        goto out;
    }
    if (trk_arg(a, "time") && parse_time(trk_arg(a, "time")) != 0)
        goto out;
    if (trk_arg(a, "fine") && !trk_arg(a, "currency")) {
        trk_error("--fine needs --currency");
        goto out;
    }
    if (!trk_arg(a, "fine") && (trk_arg(a, "currency") || trk_has(a, "equivalent"))) {
        trk_error("--currency and --equivalent describe a fine: give --fine AMOUNT too");
        goto out;
    }
    if (trk_arg(a, "fine") && trk_fine_check(trk_arg(a, "fine"), trk_arg(a, "currency")) != 0)
        goto out;
    {
        int n;
        const char *const *ev = trk_args_all(a, "equivalent", &n);
        eq = calloc((size_t)n + 1, sizeof *eq);
        if (!eq)
            goto out;
        for (int i = 0; i < n; i++)
            if (trk_equiv_parse(ev[i], &eq[i]) != 0)
                goto out;
        neq = n;
    }

    rc = TRK_ERR;
    long long case_id, event_id;
    if (!(db = trk_open(ctx->conninfo)) || trk_case_lookup(db, a->pos[0], &case_id) != 0)
        goto out;
    if (trk_arg(a, "tz")) {
        int t = check_time_zone(db, trk_arg(a, "tz"));
        if (t != 0) {
            rc = t == -2 ? TRK_ERR_USAGE : TRK_ERR;
            goto out;
        }
    }
    if (trk_db_begin(db) != 0)
        goto out;
    char cid[24], bid[24], pid[24];
    const char *body = NULL, *party = NULL;
    if (trk_arg(a, "body")) {
        long long b;
        const char *jp[] = {trk_idstr(case_id, cid)};
        trk_res *jr = trk_db_query(db, "SELECT jurisdiction FROM legal_case WHERE id = $1", 1, jp);
        if (!jr)
            goto out;
        int ok = trk_body_ensure(db, trk_arg(a, "body"), trk_res_val(jr, 0, "jurisdiction"),
                                 trk_arg(a, "body-kind"), &b);
        trk_res_free(jr);
        if (ok != 0)
            goto out;
        body = trk_idstr(b, bid);
    }
    if (trk_arg(a, "party")) {
        long long pp;
        if (trk_party_ensure(db, trk_arg(a, "party"), NULL, &pp) != 0)
            goto out;
        party = trk_idstr(pp, pid);
    }
    char title[64];
    if (!trk_arg(a, "title")) {
        /* "appeal_decided" -> "Appeal decided" */
        snprintf(title, sizeof title, "%s", type);
        title[0] = (char)(title[0] - 'a' + 'A');
        for (char *c = title; *c; c++)
            if (*c == '_')
                *c = ' ';
    }
    const char *evtitle = trk_arg(a, "title") ? trk_arg(a, "title") : title;
    if (!trk_has(a, "allow-duplicate")) {
        const char *dp[] = {trk_idstr(case_id, cid), type, date, evtitle};
        trk_res *dr = trk_db_query(db,
                                   "SELECT id FROM event WHERE case_id = $1::bigint AND type = $2"
                                   " AND date = $3::date AND lower(title) = lower($4)"
                                   " ORDER BY id LIMIT 1",
                                   4, dp);
        if (!dr)
            goto out;
        if (trk_res_rows(dr) > 0) {
            trk_error("the case already has this event: event %s, %s on %s: %s",
                      trk_res_val(dr, 0, "id"), type, date, evtitle);
            trk_detail("an event with the same type, date and title was recorded before; "
                       "nothing was written");
            trk_hint("correct it with 'tracker event edit %s', or record a second one with "
                     "--allow-duplicate",
                     trk_res_val(dr, 0, "id"));
            trk_res_free(dr);
            rc = TRK_ERR_USAGE;
            goto out;
        }
        trk_res_free(dr);
    }
    const char *p[] = {trk_idstr(case_id, cid), type, date, precision, trk_arg(a, "time"),
                       trk_arg(a, "tz"), recv[0] ? recv : NULL, trk_arg(a, "outcome"),
                       trk_arg(a, "title") ? trk_arg(a, "title") : title,
                       trk_arg(a, "description"), body, party, trk_arg(a, "external-id"),
                       trk_arg(a, "served-by")};
    r = trk_db_try_query(db,
                         "INSERT INTO event (case_id, type, date, date_precision, time, time_zone,"
                         " received_on, outcome, title, description, body_id, party_id, external_id,"
                         " service_method)"
                         " VALUES ($1, $2, $3::date, $4, $5::time, $6, $7::date, $8, $9, $10,"
                         " $11::bigint, $12::bigint, $13, $14) RETURNING id",
                         14, p);
    if (!r) {
        rc = trk_failed_unique(db, "an event with external id \"%s\" already exists",
                               trk_arg(a, "external-id"));
        goto out;
    }
    event_id = trk_res_int(r, 0, "id");
    if (link_sources(db, event_id, a, "source") != 0)
        goto out;
    if (trk_arg(a, "fine")) {
        long long fine_id;
        int f = trk_fine_insert(db, event_id, trk_arg(a, "fine"), trk_arg(a, "currency"), eq, neq,
                                trk_has(a, "paid"), NULL, &fine_id);
        if (f != 0) {
            rc = f == -2 ? TRK_ERR_USAGE : TRK_ERR;
            goto out;
        }
    }
    flat = calloc((size_t)nspecs + 1, sizeof *flat);
    if (!flat)
        goto out;
    for (int i = 0; i < nspecs; i++)
        flat[i] = specs[i].spec;
    if (trk_deadlines_on_event(db, event_id, flat, nspecs) != 0)
        goto out;
    if (trk_db_commit(db) != 0)
        goto out;
    printf("%lld\n", event_id);
    fflush(stdout);
    print_event_deadlines(stderr, db, event_id);
    rc = TRK_OK;
out:
    free(specs);
    free(flat);
    free(eq);
    trk_res_free(r);
    trk_db_rollback(db);
    trk_db_close(db);
    return rc;
}

static const char sql_event_cols[] =
    "SELECT e.id, e.case_id, c.title AS case_title, e.external_id, e.type, e.date,"
    " e.date_precision, e.time::text AS time, e.time_zone, e.received_on, e.outcome, e.title,"
    " e.description, b.name AS body, p.name AS party, e.vacated, e.service_method,"
    " coalesce((SELECT jsonb_agg(jsonb_build_object('id', s.id, 'url', s.url, 'publisher',"
    "   s.publisher, 'title', s.title) ORDER BY s.id) FROM event_source es"
    "   JOIN source s ON s.id = es.source_id WHERE es.event_id = e.id), '[]') AS sources,"
    " (SELECT jsonb_build_object('id', f.id, 'amount', f.amount::text, 'currency', f.currency,"
    "   'paid', f.paid) FROM fine f WHERE f.event_id = e.id) AS fine,"
    " e.created_at, e.updated_at"
    " FROM event e JOIN legal_case c ON c.id = e.case_id LEFT JOIN body b ON b.id = e.body_id"
    " LEFT JOIN party p ON p.id = e.party_id";

static int event_list(trk_ctx *ctx, trk_args *a)
{
    if (trk_vocab_check("event type", trk_arg(a, "type"), trk_event_types) != 0)
        return TRK_ERR_USAGE;
    /* the case as an argument (as for event add), or --case */
    const char *case_ref = a->npos ? a->pos[0] : trk_arg(a, "case");
    if (a->npos && trk_arg(a, "case") && strcmp(a->pos[0], trk_arg(a, "case")) != 0)
        return trk_usage_error(a, "two cases given: \"%s\" and --case \"%s\"", a->pos[0],
                               trk_arg(a, "case"));
    int fmt = trk_list_format(a);
    if (fmt < 0)
        return fmt;
    int rc = TRK_ERR;
    trk_res *r = NULL;
    long long cid = 0;
    char cids[24];
    char *sql = NULL;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return TRK_ERR;
    if (case_ref && trk_case_lookup(db, case_ref, &cid) != 0)
        goto out;
    const char *p[] = {cid ? trk_idstr(cid, cids) : NULL, trk_arg(a, "type")};
    /* --format csv: the columns of the generic sheet (examples/events.csv) */
    const char *cols = fmt == TRK_LIST_CSV ? TRK_SQL_SHEET_EVENTS : sql_event_cols;
    size_t n = strlen(cols) + 200;
    sql = malloc(n);
    if (!sql)
        goto out;
    snprintf(sql, n,
             "%s WHERE ($1::bigint IS NULL OR e.case_id = $1) AND ($2::text IS NULL OR e.type = $2)"
             " ORDER BY e.date, e.id",
             cols);
    r = trk_db_query(db, sql, 2, p);
    if (!r)
        goto out;
    if (fmt == TRK_LIST_JSON) {
        if (trk_json_emit(trk_json_rows(r)) != 0)
            goto out;
    } else if (fmt == TRK_LIST_CSV) {
        if (trk_csv_emit(r) != 0)
            goto out;
    } else {
        printf("%-5s %-5s %-10s %-14s %s\n", "ID", "CASE", "DATE", "TYPE", "TITLE");
        for (int i = 0; i < trk_res_rows(r); i++)
            printf("%-5s %-5s %-10s %-14s %s\n", trk_res_val(r, i, "id"),
                   trk_res_val(r, i, "case_id"), trk_res_val(r, i, "date"),
                   trk_res_val(r, i, "type"), trk_res_val(r, i, "title"));
        if (trk_res_rows(r) == 0)
            printf("(no events)\n");
    }
    rc = TRK_OK;
out:
    free(sql);
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

static int event_show(trk_ctx *ctx, trk_args *a)
{
    long long id;
    if (trk_parse_id("event id", a->pos[0], &id) != 0)
        return TRK_ERR_USAGE;
    int rc = TRK_ERR;
    trk_res *r = NULL;
    char *sql = NULL, ids[24];
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return TRK_ERR;
    size_t n = sizeof sql_event_cols + 64;
    if (!(sql = malloc(n)))
        goto out;
    snprintf(sql, n, "%s WHERE e.id = $1", sql_event_cols);
    const char *p[] = {trk_idstr(id, ids)};
    if (!(r = trk_db_query(db, sql, 1, p)))
        goto out;
    if (trk_res_rows(r) == 0) {
        trk_error("event %lld does not exist", id);
        goto out;
    }
    if (trk_has(a, "json")) {
        if (trk_json_emit(trk_json_row(r, 0)) != 0)
            goto out;
    } else {
        printf("Event %s: %s\n", trk_res_val(r, 0, "id"), trk_res_val(r, 0, "title"));
        static const char *const fields[] = {"case_id", "case_title", "type", "date",
                                             "date_precision", "time", "time_zone", "received_on",
                                             "outcome", "service_method", "body", "party", "external_id",
                                             "description", NULL};
        for (const char *const *f = fields; *f; f++)
            if (trk_res_val(r, 0, *f))
                printf("  %-15s %s\n", *f, trk_res_val(r, 0, *f));
        if (trk_res_bool(r, 0, "vacated"))
            printf("  %-15s yes\n", "vacated");
        cJSON *src = cJSON_Parse(trk_res_val(r, 0, "sources"));
        const cJSON *it;
        cJSON_ArrayForEach(it, src)
        {
            printf("  %-15s %s\n", "source", cJSON_GetStringValue(cJSON_GetObjectItem(it, "url")));
        }
        cJSON_Delete(src);
        print_event_deadlines(stdout, db, id);
    }
    rc = TRK_OK;
out:
    free(sql);
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

static int event_edit(trk_ctx *ctx, trk_args *a)
{
    long long id;
    int rc = TRK_ERR_USAGE, nspecs = 0;
    spec_buf *specs = NULL;
    trk_deadline_spec *flat = NULL;
    char date[TRK_DATE_STRLEN] = "", recv[TRK_DATE_STRLEN] = "", ids[24];
    const char *precision = NULL;
    trk_db *db = NULL;
    trk_res *r = NULL;
    if (trk_parse_id("event id", a->pos[0], &id) != 0)
        goto out;
    if (trk_arg(a, "date") && parse_event_date(trk_arg(a, "date"), date, &precision) != 0)
        goto out;
    if (trk_opt_date(a, "received-on", false, recv) != 0 || check_texts(a) != 0 ||
        trk_vocab_check("outcome", trk_arg(a, "outcome"), trk_event_outcomes) != 0)
        goto out;
    if (trk_arg(a, "precision")) {
        if (trk_vocab_check("precision", trk_arg(a, "precision"), trk_date_precisions) != 0)
            goto out;
        precision = trk_arg(a, "precision");
    }
    if (trk_has(a, "vacated") && trk_has(a, "not-vacated")) {
        rc = trk_usage_error(a, "--vacated and --not-vacated contradict each other");
        goto out;
    }
    if (collect_specs(a, &specs, &nspecs) != 0)
        goto out;
    if (!(flat = calloc((size_t)nspecs + 1, sizeof *flat))) {
        trk_error("out of memory");
        rc = TRK_ERR;
        goto out;
    }
    for (int i = 0; i < nspecs; i++)
        flat[i] = specs[i].spec;
    rc = TRK_ERR;
    if (!(db = trk_open(ctx->conninfo)) || trk_db_begin(db) != 0)
        goto out;
    const char *vac = trk_has(a, "vacated") ? "t" : trk_has(a, "not-vacated") ? "f" : NULL;
    const char *p[] = {trk_idstr(id, ids),   date[0] ? date : NULL, precision,
                       recv[0] ? recv : NULL, trk_arg(a, "outcome"), trk_arg(a, "title"),
                       trk_arg(a, "description"), vac, trk_has(a, "clear-received-on") ? "t" : "f",
                       trk_arg(a, "served-by")};
    r = trk_db_try_query(
        db,
        "UPDATE event SET date = coalesce($2::date, date),"
        " date_precision = coalesce($3, date_precision),"
        " received_on = CASE WHEN $9::boolean THEN NULL ELSE coalesce($4::date, received_on) END,"
        " outcome = coalesce($5, outcome), title = coalesce($6, title),"
        " description = coalesce($7, description), vacated = coalesce($8::boolean, vacated),"
        " service_method = coalesce($10, service_method)"
        " WHERE id = $1 RETURNING id",
        10, p);
    if (!r) {
        if (strcmp(trk_db_sqlstate(db), TRK_SQLSTATE_CHECK) == 0) {
            trk_error("the change would make event %lld inconsistent: %s", id, trk_db_errmsg(db));
            trk_hint("the receipt date cannot be before the event's date; outcomes apply to "
                     "rulings, orders, complaints and appeal decisions");
            rc = TRK_ERR_USAGE;
        } else {
            trk_db_report(db);
        }
        goto out;
    }
    if (trk_res_rows(r) == 0) {
        trk_error("event %lld does not exist", id);
        goto out;
    }
    if (link_sources(db, id, a, "add-source") != 0)
        goto out;
    /* Dependent deadlines are recomputed in this same transaction; explicit periods given now
     * replace the rules' (or earlier explicit ones) of their kinds. */
    if (trk_deadlines_on_event(db, id, flat, nspecs) != 0)
        goto out;
    if (trk_db_commit(db) != 0)
        goto out;
    printf("event %lld updated\n", id);
    print_event_deadlines(stdout, db, id);
    rc = TRK_OK;
out:
    free(specs);
    free(flat);
    trk_res_free(r);
    trk_db_rollback(db);
    trk_db_close(db);
    return rc;
}

static const trk_opt add_opts[] = {
    {"type", "TYPE", "the event type (the types and their effect: below)", TRK_OPT_REQUIRED},
    {"date", "DATE", "YYYY-MM-DD (YYYY-MM or YYYY when only that is known)", TRK_OPT_REQUIRED},
    {"title", "TEXT", "what happened (default: the type)", 0},
    {"description", "TEXT", "details", 0},
    {"precision", "P", "day, month or year (default from --date)", 0},
    {"time", "HH:MM", "time of day (needs --tz)", 0},
    {"tz", "ZONE", "IANA time zone of --time, e.g. Europe/Moscow", 0},
    {"received-on", "DATE", "when the decision was received or served", 0},
    {"served-by", "METHOD", "how it was served: personal, mail, electronic, other", 0},
    {"outcome", "OUTCOME", "granted, rejected, partly_granted, vacated, remanded, dismissed, upheld", 0},
    {"body", "NAME", "court or authority that acted", 0},
    {"body-kind", "KIND", "kind of a new body (default court)", 0},
    {"party", "NAME", "the party the event concerns", 0},
    {"source", "URL", "source article or document", TRK_OPT_MULTI},
    {"fine", "AMOUNT", "the event imposed a fine of AMOUNT (needs --currency)", 0},
    {"currency", "CODE", "ISO 4217 currency of --fine", 0},
    {"equivalent", "AMOUNT:CUR[:DATE]", "the fine in another currency, as reported", TRK_OPT_MULTI},
    {"paid", NULL, "the fine is already paid", 0},
    {"appeal-days", "N", "appeal deadline N calendar days later (rolls to a working day)", 0},
    {"appeal-sutki", "N", "appeal deadline N sutki later (never rolls)", 0},
    {"appeal-working-days", "N", "appeal deadline N working days later", 0},
    {"deadline", "KIND:SPEC[:ROLL]", "explicit deadline: appeal:10d, response:30wd, "
                                     "grace:1m, response:2017-09-14",
     TRK_OPT_MULTI},
    {"external-id", "ID", "stable external identifier", 0},
    {"allow-duplicate", NULL, "record it even if the case has an event of the same type, date "
                              "and title",
     0},
    {NULL}};
static const trk_opt list_opts[] = {{"case", "CASE", "only this case (id or external id)", 0},
                                    {"type", "TYPE", "only this event type", 0},
                                    {"json", NULL, "machine-readable output", 0},
                                    TRK_OPT_LIST_FORMAT,
                                    {NULL}};
static const trk_opt show_opts[] = {{"json", NULL, "machine-readable output", 0}, {NULL}};
static const trk_opt edit_opts[] = {
    {"date", "DATE", "corrected date (recomputes dependent deadlines)", 0},
    {"precision", "P", "day, month or year", 0},
    {"received-on", "DATE", "receipt/service date (recomputes dependent deadlines)", 0},
    {"clear-received-on", NULL, "forget the receipt date", 0},
    {"served-by", "METHOD", "how it was served: personal, mail, electronic, other", 0},
    {"outcome", "OUTCOME", "outcome of a decision", 0},
    {"title", "TEXT", "new title", 0},
    {"description", "TEXT", "new description", 0},
    {"vacated", NULL, "the decision was vacated (its deadlines are vacated)", 0},
    {"not-vacated", NULL, "undo --vacated", 0},
    {"add-source", "URL", "cite another source", TRK_OPT_MULTI},
    {"appeal-days", "N", "appeal deadline N calendar days later (rolls to a working day)", 0},
    {"appeal-sutki", "N", "appeal deadline N sutki later (never rolls)", 0},
    {"appeal-working-days", "N", "appeal deadline N working days later", 0},
    {"deadline", "KIND:SPEC[:ROLL]", "explicit deadline (replaces the one of that kind): "
                                     "appeal:10d, response:30wd, grace:15d, response:2017-09-14",
     TRK_OPT_MULTI},
    {NULL}};

/* event add's details: the fixed text, then every event type with its effect, generated from
 * core/model.c at run time so that the help cannot miss a type. */
static char add_details[6144];
static const char add_details_head[] =
    "CASE is a case id or its external id. The event, its sources, fine and deadlines are\n"
    "written in one transaction.\n\n"
    "Output: the new event's id alone on stdout (for scripts: id=$(tracker event add ...));\n"
    "one line per deadline it created, \"deadline N: KIND due DATE (STATUS, revision R)\",\n"
    "on stderr, so that capturing stdout gets only the id.\n\n"
    "The same event twice (same case, type, date and title) is refused, since it is nearly\n"
    "always a mistake (a command run twice); --allow-duplicate records it anyway.\n\n"
    "Event types (--type) and what each does by itself; the rules a type triggers are data,\n"
    "listed by 'tracker rule list --trigger TYPE' (chained rules follow their deadlines):";

static void build_add_details(void)
{
    size_t n = 0, cap = sizeof add_details;
    if (add_details[0])
        return;
    n += (size_t)snprintf(add_details, cap, "%s", add_details_head);
    for (const char *const *t = trk_event_types; *t && n < cap; t++) {
        const char *eff = trk_event_type_effect(*t);
        n += (size_t)snprintf(add_details + n, cap - n, "\n  %-15s", *t);
        /* wrap the effect at about 96 columns, continuation lines under its start */
        size_t col = 17;
        for (const char *w = eff ? eff : ""; *w && n < cap;) {
            size_t len = strcspn(w, " ");
            if (col + 1 + len > 96 && col > 17) {
                n += (size_t)snprintf(add_details + n, cap - n, "\n%17s", "");
                col = 17;
            }
            n += (size_t)snprintf(add_details + n, cap - n, " %.*s", (int)len, w);
            col += 1 + len;
            w += len;
            while (*w == ' ')
                w++;
        }
    }
}

static const trk_cmd event_cmds[] = {
    {"add", "CASE", "record a dated event; prints its id and the deadlines it creates", add_opts, 1,
     1, event_add, add_details},
    {"list", "[CASE]", "list events in date order (of one case: CASE or --case)", list_opts, 0,
     1, event_list,
     "--format csv writes one row per event in the columns of examples/events.csv: its case,\n"
     "body, party and role, fine and first source; `tracker import FILE --map\n"
     "examples/events.map.json` reads it back (docs/csv-import.md)."},
    {"show", "EVENT", "show one event", show_opts, 1, 1, event_show, NULL},
    {"edit", "EVENT", "correct an event; dependent deadlines are recomputed", edit_opts, 1, 1,
     event_edit,
     "--deadline and --appeal-* give an explicit period (as with event add): it replaces the\n"
     "deadline of its kind, which is recomputed (revision + 1, its history kept). A date set\n"
     "by hand ('tracker deadline override') is kept. The deadlines are printed to stdout."},
    {"delete", "EVENT", "delete a mistaken event; its deadlines are cancelled",
     trk_event_delete_opts, 1, 1, trk_event_delete_exec, TRK_EVENT_DELETE_HELP},
    {NULL}};

int trk_cmd_event(trk_ctx *ctx, int argc, char **argv)
{
    build_add_details();
    return trk_dispatch(ctx, "event", "Record dated events: requests, rulings, fines, appeals ...",
                        event_cmds, argc, argv);
}
