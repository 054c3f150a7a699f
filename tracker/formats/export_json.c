/*
 * export_json.c: the interchange document of tracker export json (docs/interchange.md).
 *
 * The output is deterministic: records in a fixed order (cases and top-level records by
 * database insertion order, events by date then insertion order, link lists by the linked
 * record's order), no database ids or timestamps, and the same pretty printer everywhere, so
 * export -> import into an empty database -> export gives the same bytes. Records created with
 * the CLI without an external id get one derived from their kind, id and creation time
 * (TRK_SQL_DERIVED_ID in import.h: "local:case:12:3f0c9a1b2d4e"). Imported into another database
 * those ids are stored, so the round trip holds for them too; imported into this one they name
 * the rows they came from (adopted, not duplicated).
 */
#include "export_json.h"
#include "import.h"
#include "open.h"
#include "money.h"
#include "report.h"
#include "timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Case selection: $1 is a bigint[] of case ids, or NULL for every case. */
#define CASES "($1::bigint[] IS NULL OR c.id = ANY($1::bigint[]))"

static const char q_cases[] =
    "SELECT c.id, " TRK_SQL_LOCAL_ID("case", "c") " AS ext, c.title, c.jurisdiction,"
     TRK_SQL_LOCAL_ID("body", "b") " AS body, c.docket, c.status, c.summary,"
    " array_to_json(c.tags)::text AS tags"
    " FROM legal_case c LEFT JOIN body b ON b.id = c.body_id WHERE " CASES " ORDER BY c.id";

static const char q_case_parties[] =
    "SELECT cp.case_id, " TRK_SQL_LOCAL_ID("party", "p") " AS party, cp.role"
    " FROM case_party cp JOIN legal_case c ON c.id = cp.case_id JOIN party p ON p.id = cp.party_id"
    " WHERE " CASES " ORDER BY cp.case_id, p.id, cp.role";

static const char q_events[] =
    "SELECT e.id, e.case_id, " TRK_SQL_LOCAL_ID("event", "e") " AS ext, e.type,"
    " e.date::text AS date, e.date_precision,"
    " CASE WHEN e.time IS NULL THEN NULL WHEN extract(second FROM e.time) = 0"
    "  THEN to_char(e.time, 'HH24:MI') ELSE to_char(e.time, 'HH24:MI:SS') END AS time,"
    " e.time_zone, e.received_on::text AS received_on, e.outcome, e.title, e.description,"
     TRK_SQL_LOCAL_ID("body", "b") " AS body,"
     TRK_SQL_LOCAL_ID("party", "p") " AS party, e.vacated, e.service_method"
    " FROM event e JOIN legal_case c ON c.id = e.case_id LEFT JOIN body b ON b.id = e.body_id"
    " LEFT JOIN party p ON p.id = e.party_id WHERE " CASES " ORDER BY e.case_id, e.date, e.id";

static const char q_event_sources[] =
    "SELECT es.event_id, " TRK_SQL_LOCAL_ID("source", "x") " AS source"
    " FROM event_source es JOIN event e ON e.id = es.event_id JOIN legal_case c ON c.id = e.case_id"
    " JOIN source x ON x.id = es.source_id WHERE " CASES " ORDER BY es.event_id, x.id";

static const char q_fines[] =
    "SELECT f.event_id, f.id, f.external_id AS ext, f.amount::text AS amount, f.currency, f.paid,"
    " f.paid_on::text AS paid_on, " TRK_SQL_LOCAL_ID("party", "p") " AS payer,"
     TRK_SQL_LOCAL_ID("body", "b") " AS authority"
    " FROM fine f JOIN event e ON e.id = f.event_id JOIN legal_case c ON c.id = e.case_id"
    " LEFT JOIN party p ON p.id = f.payer_id LEFT JOIN body b ON b.id = f.authority_id"
    " WHERE " CASES " ORDER BY f.event_id";

static const char q_equivalents[] =
    "SELECT f.event_id, q.amount::text AS amount, q.currency, q.rate::text AS rate,"
    " q.as_of::text AS as_of, q.note"
    " FROM fine_equivalent q JOIN fine f ON f.id = q.fine_id JOIN event e ON e.id = f.event_id"
    " JOIN legal_case c ON c.id = e.case_id WHERE " CASES " ORDER BY f.event_id, q.id";

/* Explicit deadlines (given with their trigger, not produced by a rule). */
static const char q_deadlines[] =
    "SELECT d.trigger_event_id AS event_id,"
    " coalesce(d.external_id, " TRK_SQL_LOCAL_ID("event", "e") " || ':' || d.kind) AS ext,"
    " d.kind, d.title, d.period_count, d.period_unit, d.roll, d.due_on::text AS due_on"
    " FROM deadline d JOIN event e ON e.id = d.trigger_event_id JOIN legal_case c ON c.id = e.case_id"
    " WHERE " CASES " AND (d.rule_id IS NULL OR d.external_id IS NOT NULL)"
    " AND d.status <> 'superseded' ORDER BY d.trigger_event_id, d.id";

/* Top-level records: every one with --all, else those the selected cases use. */
static const char q_parties[] =
    "SELECT " TRK_SQL_LOCAL_ID("party", "p") " AS ext, p.name, p.kind FROM party p"
    " WHERE $1::bigint[] IS NULL"
    " OR p.id IN (SELECT party_id FROM case_party WHERE case_id = ANY($1::bigint[]))"
    " OR p.id IN (SELECT party_id FROM event WHERE case_id = ANY($1::bigint[]))"
    " OR p.id IN (SELECT f.payer_id FROM fine f JOIN event e ON e.id = f.event_id"
    "             WHERE e.case_id = ANY($1::bigint[]))"
    " ORDER BY p.id";

static const char q_bodies[] =
    "SELECT " TRK_SQL_LOCAL_ID("body", "b") " AS ext, b.name, b.kind, b.jurisdiction"
    " FROM body b WHERE $1::bigint[] IS NULL"
    " OR b.id IN (SELECT body_id FROM legal_case WHERE id = ANY($1::bigint[]))"
    " OR b.id IN (SELECT body_id FROM event WHERE case_id = ANY($1::bigint[]))"
    " OR b.id IN (SELECT f.authority_id FROM fine f JOIN event e ON e.id = f.event_id"
    "             WHERE e.case_id = ANY($1::bigint[]))"
    " ORDER BY b.id";

static const char q_sources[] =
    "SELECT " TRK_SQL_LOCAL_ID("source", "x") " AS ext, x.url, x.publisher, x.title,"
    " x.published_on::text AS published_on, x.retrieved_on::text AS retrieved_on FROM source x"
    " WHERE $1::bigint[] IS NULL OR x.id IN (SELECT es.source_id FROM event_source es"
    "  JOIN event e ON e.id = es.event_id WHERE e.case_id = ANY($1::bigint[]))"
    " ORDER BY x.id";

/* Add a string or null. */
static void add_str(cJSON *o, const char *key, const char *v)
{
    cJSON_AddItemToObject(o, key, v ? cJSON_CreateString(v) : cJSON_CreateNull());
}

/* Array `name` of root: an object per row of r with the given keys, each from the column of the
 * same name ("id" from the external id column "ext"). */
static void add_records(cJSON *root, const char *name, const trk_res *r, const char *const *keys)
{
    cJSON *a = cJSON_AddArrayToObject(root, name);
    for (int i = 0; i < trk_res_rows(r); i++) {
        cJSON *o = cJSON_CreateObject();
        for (const char *const *k = keys; *k; k++)
            add_str(o, *k, trk_res_val(r, i, strcmp(*k, "id") == 0 ? "ext" : *k));
        cJSON_AddItemToArray(a, o);
    }
}

/* Add a string only when set. */
static void add_opt(cJSON *o, const char *key, const char *v)
{
    if (v)
        cJSON_AddItemToObject(o, key, cJSON_CreateString(v));
}

/* First row whose integer column `col` equals id, in a result sorted by that column; -1. */
static int find_first(const trk_res *r, const char *col, long long id)
{
    int lo = 0, hi = trk_res_rows(r);
    int c = trk_res_col(r, col);
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        long long v = strtoll(trk_res_get(r, mid, c), NULL, 10);
        if (v < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < trk_res_rows(r) && strtoll(trk_res_get(r, lo, c), NULL, 10) == id)
        return lo;
    return -1;
}

static long long row_id(const trk_res *r, int row, const char *col)
{
    return trk_res_int(r, row, col);
}

static const char *amount(const char *num, const char *cur, char *buf)
{
    if (trk_amount_format(num, cur, buf, TRK_AMOUNT_STRLEN) != 0)
        return num;
    return buf;
}

static cJSON *event_json(const trk_res *ev, int i, const trk_res *srcs, const trk_res *fines,
                         const trk_res *eqs, const trk_res *dls)
{
    long long id = row_id(ev, i, "id");
    cJSON *o = cJSON_CreateObject();
    char buf[TRK_AMOUNT_STRLEN];
    add_str(o, "id", trk_res_val(ev, i, "ext"));
    add_str(o, "type", trk_res_val(ev, i, "type"));
    add_str(o, "date", trk_res_val(ev, i, "date"));
    const char *prec = trk_res_val(ev, i, "date_precision");
    if (prec && strcmp(prec, "day") != 0)
        add_str(o, "date_precision", prec);
    add_opt(o, "time", trk_res_val(ev, i, "time"));
    add_opt(o, "time_zone", trk_res_val(ev, i, "time_zone"));
    add_opt(o, "received_on", trk_res_val(ev, i, "received_on"));
    add_opt(o, "outcome", trk_res_val(ev, i, "outcome"));
    add_str(o, "title", trk_res_val(ev, i, "title"));
    add_opt(o, "description", trk_res_val(ev, i, "description"));
    add_opt(o, "body", trk_res_val(ev, i, "body"));
    add_opt(o, "party", trk_res_val(ev, i, "party"));
    if (trk_res_bool(ev, i, "vacated"))
        cJSON_AddTrueToObject(o, "vacated");
    add_opt(o, "service_method", trk_res_val(ev, i, "service_method"));
    cJSON *sa = cJSON_AddArrayToObject(o, "sources");
    for (int k = find_first(srcs, "event_id", id);
         k >= 0 && k < trk_res_rows(srcs) && row_id(srcs, k, "event_id") == id; k++)
        cJSON_AddItemToArray(sa, cJSON_CreateString(trk_res_val(srcs, k, "source")));
    int f = find_first(fines, "event_id", id);
    if (f >= 0) {
        cJSON *fo = cJSON_AddObjectToObject(o, "fine");
        const char *cur = trk_res_val(fines, f, "currency");
        add_opt(fo, "id", trk_res_val(fines, f, "ext"));
        add_str(fo, "amount", amount(trk_res_val(fines, f, "amount"), cur, buf));
        add_str(fo, "currency", cur);
        cJSON_AddBoolToObject(fo, "paid", trk_res_bool(fines, f, "paid"));
        add_opt(fo, "paid_on", trk_res_val(fines, f, "paid_on"));
        add_opt(fo, "payer", trk_res_val(fines, f, "payer"));
        add_opt(fo, "authority", trk_res_val(fines, f, "authority"));
        cJSON *ea = cJSON_AddArrayToObject(fo, "equivalents");
        for (int k = find_first(eqs, "event_id", id);
             k >= 0 && k < trk_res_rows(eqs) && row_id(eqs, k, "event_id") == id; k++) {
            cJSON *q = cJSON_CreateObject();
            const char *qc = trk_res_val(eqs, k, "currency");
            add_str(q, "amount", amount(trk_res_val(eqs, k, "amount"), qc, buf));
            add_str(q, "currency", qc);
            add_opt(q, "rate", trk_res_val(eqs, k, "rate"));
            add_opt(q, "as_of", trk_res_val(eqs, k, "as_of"));
            add_opt(q, "note", trk_res_val(eqs, k, "note"));
            cJSON_AddItemToArray(ea, q);
        }
    }
    int d = find_first(dls, "event_id", id);
    if (d >= 0) {
        cJSON *da = cJSON_AddArrayToObject(o, "deadlines");
        for (int k = d; k < trk_res_rows(dls) && row_id(dls, k, "event_id") == id; k++) {
            cJSON *q = cJSON_CreateObject();
            add_str(q, "id", trk_res_val(dls, k, "ext"));
            add_str(q, "kind", trk_res_val(dls, k, "kind"));
            add_opt(q, "title", trk_res_val(dls, k, "title"));
            if (trk_res_val(dls, k, "period_count")) {
                cJSON *p = cJSON_AddObjectToObject(q, "period");
                cJSON_AddNumberToObject(p, "count", (double)trk_res_int(dls, k, "period_count"));
                add_str(p, "unit", trk_res_val(dls, k, "period_unit"));
                add_opt(p, "roll", trk_res_val(dls, k, "roll"));
            } else {
                add_str(q, "due_on", trk_res_val(dls, k, "due_on"));
            }
            cJSON_AddItemToArray(da, q);
        }
    }
    return o;
}

/*
 * Build the interchange document for the cases in `ids` (a "{1,2}" array literal) or every case
 * (ids NULL). Returns a tree the caller deletes, or NULL (reported).
 */
cJSON *trk_export_document(trk_db *db, const char *ids)
{
    const char *p[] = {ids};
    trk_res *cases = NULL, *cps = NULL, *ev = NULL, *srcs = NULL, *fines = NULL, *eqs = NULL,
            *dls = NULL, *parties = NULL, *bodies = NULL, *sources = NULL;
    cJSON *root = NULL, *out = NULL;
    if (!(cases = trk_db_query(db, q_cases, 1, p)) || !(cps = trk_db_query(db, q_case_parties, 1, p)) ||
        !(ev = trk_db_query(db, q_events, 1, p)) || !(srcs = trk_db_query(db, q_event_sources, 1, p)) ||
        !(fines = trk_db_query(db, q_fines, 1, p)) || !(eqs = trk_db_query(db, q_equivalents, 1, p)) ||
        !(dls = trk_db_query(db, q_deadlines, 1, p)) || !(parties = trk_db_query(db, q_parties, 1, p)) ||
        !(bodies = trk_db_query(db, q_bodies, 1, p)) || !(sources = trk_db_query(db, q_sources, 1, p)))
        goto out;
    root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "format", "tracker-interchange");
    cJSON_AddNumberToObject(root, "version", 1);
    static const char *const party_keys[] = {"id", "name", "kind", NULL};
    static const char *const body_keys[] = {"id", "name", "kind", "jurisdiction", NULL};
    static const char *const source_keys[] = {"id",           "url",          "publisher", "title",
                                              "published_on", "retrieved_on", NULL};
    add_records(root, "parties", parties, party_keys);
    add_records(root, "bodies", bodies, body_keys);
    add_records(root, "sources", sources, source_keys);
    cJSON *a = cJSON_AddArrayToObject(root, "cases");
    int e = 0, cp = 0;
    for (int i = 0; i < trk_res_rows(cases); i++) {
        long long cid = row_id(cases, i, "id");
        cJSON *o = cJSON_CreateObject();
        add_str(o, "id", trk_res_val(cases, i, "ext"));
        add_str(o, "title", trk_res_val(cases, i, "title"));
        add_str(o, "jurisdiction", trk_res_val(cases, i, "jurisdiction"));
        add_str(o, "body", trk_res_val(cases, i, "body"));
        add_str(o, "docket", trk_res_val(cases, i, "docket"));
        add_str(o, "status", trk_res_val(cases, i, "status"));
        add_str(o, "summary", trk_res_val(cases, i, "summary"));
        cJSON *tags = cJSON_Parse(trk_res_val(cases, i, "tags"));
        cJSON_AddItemToObject(o, "tags", tags ? tags : cJSON_CreateArray());
        cJSON *pa = cJSON_AddArrayToObject(o, "parties");
        /* case_party and events are sorted by case id, as cases are. */
        for (; cp < trk_res_rows(cps) && row_id(cps, cp, "case_id") == cid; cp++) {
            cJSON *q = cJSON_CreateObject();
            add_str(q, "party", trk_res_val(cps, cp, "party"));
            add_str(q, "role", trk_res_val(cps, cp, "role"));
            cJSON_AddItemToArray(pa, q);
        }
        cJSON *ea = cJSON_AddArrayToObject(o, "events");
        for (; e < trk_res_rows(ev) && row_id(ev, e, "case_id") == cid; e++)
            cJSON_AddItemToArray(ea, event_json(ev, e, srcs, fines, eqs, dls));
        cJSON_AddItemToArray(a, o);
    }
    out = root;
    root = NULL;
out:
    cJSON_Delete(root);
    trk_res_free(cases);
    trk_res_free(cps);
    trk_res_free(ev);
    trk_res_free(srcs);
    trk_res_free(fines);
    trk_res_free(eqs);
    trk_res_free(dls);
    trk_res_free(parties);
    trk_res_free(bodies);
    trk_res_free(sources);
    return out;
}
