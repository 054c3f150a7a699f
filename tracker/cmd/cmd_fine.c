/*
 * cmd_fine.c: tracker fine add|list|edit, and the fine insertion used by `event add --fine`.
 * Amounts are exact decimals (money.h), stored as numeric, shown as decimal strings.
 */
#include "cmdutil.h"
#include "commands.h"
#include "date.h"
#include "deadlines.h"
#include "entities.h"
#include "json_out.h"
#include "money.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int trk_fine_check(const char *amount, const char *currency)
{
    const char *why;
    char norm[TRK_AMOUNT_STRLEN];
    if (!trk_currency_known(currency)) {
        trk_error("unknown currency \"%s\": expected an ISO 4217 code such as RUB, USD, EUR",
                  currency);
        return -1;
    }
    if (trk_amount_parse(amount, currency, norm, &why) != 0) {
        trk_error("invalid amount \"%s\": %s", amount, why);
        return -1;
    }
    return 0;
}

int trk_equiv_parse(const char *s, trk_equiv *out)
{
    memset(out, 0, sizeof *out);
    const char *c1 = strchr(s, ':');
    const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (!c1 || (size_t)(c1 - s) >= sizeof out->amount) {
        trk_error("invalid equivalent \"%s\": expected AMOUNT:CURRENCY[:DATE], e.g. 14000:USD",
                  s);
        return -1;
    }
    size_t curlen = c2 ? (size_t)(c2 - c1 - 1) : strlen(c1 + 1);
    char raw[32];
    memcpy(raw, s, (size_t)(c1 - s));
    raw[c1 - s] = '\0';
    if (curlen != 3) {
        trk_error("invalid equivalent \"%s\": unknown currency", s);
        return -1;
    }
    memcpy(out->currency, c1 + 1, 3);
    if (trk_fine_check(raw, out->currency) != 0)
        return -1;
    const char *why;
    trk_amount_parse(raw, out->currency, out->amount, &why);
    if (c2) {
        trk_date d;
        if (trk_date_parse(c2 + 1, &d) != 0) {
            char dwhy[96];
            trk_error("invalid equivalent \"%s\": invalid date \"%s\": %s", s, c2 + 1,
                      trk_date_problem(c2 + 1, dwhy, sizeof dwhy));
            return -1;
        }
        trk_date_format(d, out->as_of);
    }
    return 0;
}

int trk_fine_insert(trk_db *db, long long event_id, const char *amount, const char *currency,
                    const trk_equiv *eq, int neq, bool paid, const char *paid_on,
                    long long *fine_id)
{
    char norm[TRK_AMOUNT_STRLEN], eid[24], fid[24];
    const char *why;
    if (trk_fine_check(amount, currency) != 0)
        return -2;
    trk_amount_parse(amount, currency, norm, &why);
    const char *p[] = {trk_idstr(event_id, eid), norm, currency, paid ? "t" : "f", paid_on};
    trk_res *r = trk_db_try_query(db,
                                  "INSERT INTO fine (event_id, amount, currency, paid, paid_on)"
                                  " VALUES ($1, $2::numeric, $3, $4::boolean, $5::date) RETURNING id",
                                  5, p);
    if (!r)
        return trk_failed_unique(db, "event %lld already has a fine", event_id) == TRK_ERR_USAGE
                   ? -2
                   : -1;
    *fine_id = trk_res_int(r, 0, "id");
    trk_res_free(r);
    for (int i = 0; i < neq; i++) {
        const char *q[] = {trk_idstr(*fine_id, fid), eq[i].amount, eq[i].currency,
                           eq[i].as_of[0] ? eq[i].as_of : NULL};
        if (trk_db_exec(db,
                        "INSERT INTO fine_equivalent (fine_id, amount, currency, as_of)"
                        " VALUES ($1, $2::numeric, $3, $4::date)"
                        " ON CONFLICT (fine_id, currency) DO UPDATE"
                        " SET amount = EXCLUDED.amount, as_of = EXCLUDED.as_of",
                        4, q) != 0)
            return -1;
    }
    return 0;
}

/* Parse every --equivalent / --add-equivalent value; returns an array the caller frees. */
static int parse_equivs(const trk_args *a, const char *opt, trk_equiv **out, int *n)
{
    const char *const *v = trk_args_all(a, opt, n);
    *out = calloc((size_t)*n + 1, sizeof **out);
    if (!*out) {
        trk_error("out of memory");
        return -1;
    }
    for (int i = 0; i < *n; i++)
        if (trk_equiv_parse(v[i], &(*out)[i]) != 0)
            return -1;
    return 0;
}

static int fine_add(trk_ctx *ctx, trk_args *a)
{
    long long event_id, fine_id;
    trk_equiv *eq = NULL;
    int neq, rc = TRK_ERR_USAGE;
    char paid_on[TRK_DATE_STRLEN] = "";
    trk_db *db = NULL;
    if (trk_parse_id("event id", a->pos[0], &event_id) != 0 ||
        trk_fine_check(trk_arg(a, "amount"), trk_arg(a, "currency")) != 0 ||
        parse_equivs(a, "equivalent", &eq, &neq) != 0 || trk_opt_date(a, "paid-on", false, paid_on) != 0)
        goto out;
    rc = TRK_ERR;
    if (!(db = trk_open(ctx->conninfo)) || trk_db_begin(db) != 0)
        goto out;
    char eid[24];
    const char *p[] = {trk_idstr(event_id, eid)};
    trk_res *r = trk_db_query(db, "SELECT id FROM event WHERE id = $1 FOR UPDATE", 1, p);
    if (!r)
        goto out;
    int found = trk_res_rows(r);
    trk_res_free(r);
    if (!found) {
        trk_error("event %lld does not exist", event_id);
        goto out;
    }
    int ins = trk_fine_insert(db, event_id, trk_arg(a, "amount"), trk_arg(a, "currency"), eq, neq,
                              trk_has(a, "paid") || paid_on[0], paid_on[0] ? paid_on : NULL,
                              &fine_id);
    if (ins != 0) {
        rc = ins == -2 ? TRK_ERR_USAGE : TRK_ERR;
        goto out;
    }
    /* a fine starts (or, paid, meets) the payment chain of its ruling: recompute */
    if (trk_deadlines_on_event(db, event_id, NULL, 0) != 0)
        goto out;
    if (trk_db_commit(db) != 0)
        goto out;
    printf("%lld\n", fine_id);
    rc = TRK_OK;
out:
    free(eq);
    trk_db_rollback(db);
    trk_db_close(db);
    return rc;
}

/* One text line per fine: the payment date beside "paid", then the case, then the recorded
 * equivalents with their dates ("= 14000.00 USD (2017-10-16), 12000.00 EUR (2017-10-16)"). */
static void fine_rows(const trk_res *r)
{
    printf("%-5s %-10s %20s %-4s %-17s %s\n", "ID", "DATE", "AMOUNT", "CUR", "PAID", "CASE");
    for (int i = 0; i < trk_res_rows(r); i++) {
        char paid[32];
        const char *on = trk_res_val(r, i, "paid_on");
        snprintf(paid, sizeof paid, "%s%s%s", trk_res_bool(r, i, "paid") ? "paid" : "unpaid",
                 on ? " " : "", on ? on : "");
        printf("%-5s %-10s %20s %-4s %-17s %s\n", trk_res_val(r, i, "id"),
               trk_res_val(r, i, "date"), trk_res_val(r, i, "amount"),
               trk_res_val(r, i, "currency"), paid, trk_res_val(r, i, "case_title"));
        cJSON *eq = cJSON_Parse(trk_res_val(r, i, "equivalents"));
        const cJSON *it;
        int k = 0;
        cJSON_ArrayForEach(it, eq)
        {
            const char *as_of = cJSON_GetStringValue(cJSON_GetObjectItem(it, "as_of"));
            printf("%s%s %s%s%s%s", k++ ? ", " : "      = ",
                   cJSON_GetStringValue(cJSON_GetObjectItem(it, "amount")),
                   cJSON_GetStringValue(cJSON_GetObjectItem(it, "currency")), as_of ? " (" : "",
                   as_of ? as_of : "", as_of ? ")" : "");
        }
        if (k)
            printf("\n");
        cJSON_Delete(eq);
    }
    if (trk_res_rows(r) == 0)
        printf("(no fines)\n");
}

static int fine_list(trk_ctx *ctx, trk_args *a)
{
    const char *cur = trk_arg(a, "currency");
    if (cur && !trk_currency_known(cur)) {
        trk_error("unknown currency \"%s\"", cur);
        return TRK_ERR_USAGE;
    }
    const char *p[] = {NULL, cur, trk_has(a, "unpaid") ? "f" : NULL};
    if (trk_list_format(a) == TRK_LIST_CSV)
        return trk_list_run(ctx, a,
                            TRK_SQL_SHEET_EVENTS
                            " WHERE f.id IS NOT NULL AND ($1::bigint IS NULL OR c.id = $1)"
                            " AND ($2::text IS NULL OR f.currency = $2)"
                            " AND ($3::boolean IS NULL OR f.paid = $3) ORDER BY e.date, f.id",
                            3, p, fine_rows);
    return trk_list_run(
        ctx, a,
        "SELECT f.id, f.event_id, c.id AS case_id, c.title AS case_title, c.jurisdiction, e.date,"
        " f.amount::text AS amount, f.currency, f.paid, f.paid_on,"
        " coalesce((SELECT jsonb_agg(jsonb_build_object('amount', q.amount::text, 'currency',"
        "   q.currency, 'as_of', q.as_of) ORDER BY q.currency) FROM fine_equivalent q"
        "   WHERE q.fine_id = f.id), '[]') AS equivalents"
        " FROM fine f JOIN event e ON e.id = f.event_id JOIN legal_case c ON c.id = e.case_id"
        " WHERE ($1::bigint IS NULL OR c.id = $1) AND ($2::text IS NULL OR f.currency = $2)"
        "   AND ($3::boolean IS NULL OR f.paid = $3)"
        " ORDER BY e.date, f.id",
        3, p, fine_rows);
}

static int fine_edit(trk_ctx *ctx, trk_args *a)
{
    long long fine_id;
    trk_equiv *eq = NULL;
    int neq, rc = TRK_ERR_USAGE;
    char paid_on[TRK_DATE_STRLEN] = "", fid[24];
    trk_db *db = NULL;
    trk_res *r = NULL;
    if (trk_parse_id("fine id", a->pos[0], &fine_id) != 0 ||
        parse_equivs(a, "add-equivalent", &eq, &neq) != 0 || trk_opt_date(a, "paid-on", false, paid_on) != 0)
        goto out;
    if (trk_has(a, "paid") && trk_has(a, "unpaid")) {
        rc = trk_usage_error(a, "--paid and --unpaid contradict each other");
        goto out;
    }
    if (trk_has(a, "unpaid") && paid_on[0]) {
        rc = trk_usage_error(a, "--paid-on needs the fine to be paid");
        goto out;
    }
    rc = TRK_ERR;
    if (!(db = trk_open(ctx->conninfo)) || trk_db_begin(db) != 0)
        goto out;
    const char *paid = trk_has(a, "paid") || paid_on[0] ? "t" : trk_has(a, "unpaid") ? "f" : NULL;
    const char *p[] = {trk_idstr(fine_id, fid), paid, paid_on[0] ? paid_on : NULL};
    r = trk_db_query(db,
                     "UPDATE fine SET paid = coalesce($2::boolean, paid),"
                     " paid_on = CASE WHEN $2::boolean IS FALSE THEN NULL"
                     "  ELSE coalesce($3::date, paid_on) END"
                     " WHERE id = $1 RETURNING id, currency, event_id",
                     3, p);
    if (!r)
        goto out;
    if (trk_res_rows(r) == 0) {
        trk_error("fine %lld does not exist", fine_id);
        goto out;
    }
    for (int i = 0; i < neq; i++) {
        const char *q[] = {fid, eq[i].amount, eq[i].currency, eq[i].as_of[0] ? eq[i].as_of : NULL};
        if (trk_db_exec(db,
                        "INSERT INTO fine_equivalent (fine_id, amount, currency, as_of)"
                        " VALUES ($1, $2::numeric, $3, $4::date)"
                        " ON CONFLICT (fine_id, currency) DO UPDATE"
                        " SET amount = EXCLUDED.amount, as_of = EXCLUDED.as_of",
                        4, q) != 0)
            goto out;
    }
    /* payment meets the payment deadline of the fine's ruling (and of an appeal decision that
     * upheld it): recompute the deadlines of the fine's event, and with them the case's statuses */
    if (trk_deadlines_on_event(db, trk_res_int(r, 0, "event_id"), NULL, 0) != 0)
        goto out;
    if (trk_db_commit(db) != 0)
        goto out;
    printf("fine %lld updated\n", fine_id);
    rc = TRK_OK;
out:
    free(eq);
    trk_res_free(r);
    trk_db_rollback(db);
    trk_db_close(db);
    return rc;
}

static const trk_opt add_opts[] = {
    {"amount", "AMOUNT", "exact decimal amount, e.g. 800000 or 800000.00", TRK_OPT_REQUIRED},
    {"currency", "CODE", "ISO 4217 currency, e.g. RUB", TRK_OPT_REQUIRED},
    {"equivalent", "AMOUNT:CUR[:DATE]", "the amount in another currency, as reported",
     TRK_OPT_MULTI},
    {"paid", NULL, "the fine has been paid", 0},
    {"paid-on", "DATE", "date of payment (implies --paid)", 0},
    {NULL}};
static const trk_opt list_opts[] = {{"case", "CASE", "only this case (id or external id)", 0},
                                    {"currency", "CODE", "only this currency", 0},
                                    {"unpaid", NULL, "only unpaid fines", 0},
                                    {"json", NULL, "machine-readable output", 0},
                                    TRK_OPT_LIST_FORMAT,
                                    {NULL}};
static const trk_opt edit_opts[] = {
    {"paid", NULL, "mark as paid", 0},
    {"unpaid", NULL, "mark as unpaid", 0},
    {"paid-on", "DATE", "date of payment (implies --paid)", 0},
    {"add-equivalent", "AMOUNT:CUR[:DATE]", "add or replace an equivalent", TRK_OPT_MULTI},
    {NULL}};

static const trk_cmd fine_cmds[] = {
    {"add", "EVENT", "record the fine an event imposed; prints its id", add_opts, 1, 1, fine_add,
     "Amounts are exact: no more fraction digits than the currency has (2 for RUB, 0 for JPY)."},
    {"list", NULL, "list fines", list_opts, 0, 0, fine_list, NULL},
    {"edit", "FINE", "record payment or add equivalents", edit_opts, 1, 1, fine_edit,
     "A payment on or before the last day of the payment deadline of the fine's ruling (CoAO\n"
     "art. 32.2(1)) meets it (status met, met on the payment date); a later one does not."},
    {NULL}};

int trk_cmd_fine(trk_ctx *ctx, int argc, char **argv)
{
    return trk_dispatch(ctx, "fine", "Record fines, their equivalents and payment.", fine_cmds,
                        argc, argv);
}
