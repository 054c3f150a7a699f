/*
 * deadlines.c: deadline creation and recomputation in the database (the engine's I/O side).
 *
 * One algorithm serves the single-event and the bulk entry points, in a bounded number of round
 * trips whatever the number of events:
 *   1. load calendars, rules, the trigger events (pg_temp.trk_new_events), their explicit specs
 *      (pg_temp.trk_new_deadline_specs), and, for every case those events belong to, the events
 *      that satisfy or vacate deadlines and all existing deadlines;
 *   2. in C: for each trigger event, the deadlines its specs and rules produce (explicit specs
 *      override rules of the same kind; chained rules follow their parent kind), computed with
 *      the pure engine (rules.c) and explained; then the status of every deadline of the affected
 *      cases (vacated / superseded / met / open);
 *   3. only the rows that differ go back through COPY into pg_temp.trk_deadline_out, and one
 *      statement copies the old state into deadline_revision, updates (revision + 1) and inserts.
 * Nothing changes (no revision bump) when a recomputation gives the same result.
 */
#include "deadlines.h"

#include "msg.h"
#include "calset.h"
#include "model.h"
#include "rules.h"
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char create_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS trk_new_events (event_id bigint) ON COMMIT DELETE ROWS";
static const char create_specs_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS trk_new_deadline_specs (event_id bigint, kind text,"
    " title text, count int, unit text, roll text, due_on date, external_id text)"
    " ON COMMIT DELETE ROWS";
static const char create_out_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS trk_deadline_out (id bigint, case_id bigint,"
    " trigger_event_id bigint, rule_id bigint, kind text, title text, due_on date,"
    " earliest_on date, latest_on date, period_count int, period_unit text, roll text,"
    " extra_days int, status text, met_by_event_id bigint, explanation jsonb, external_id text,"
    " later_on date, later_reason text, met_on date, reason text) ON COMMIT DELETE ROWS";

int trk_deadlines_bulk_prepare(trk_db *db)
{
    if (trk_db_exec(db, create_sql, 0, NULL) != 0 ||
        trk_db_exec(db, create_specs_sql, 0, NULL) != 0 ||
        trk_db_exec(db, create_out_sql, 0, NULL) != 0)
        return -1;
    return 0;
}

/* ---- loaded data ---------------------------------------------------------------------------- */

typedef struct rule_t {
    long long id;
    const char *code, *jur, *trigger_type, *outcomes, *after_kind, *case_tag, *condition, *kind,
        *title, *basis, *valid_from_s, *valid_to_s;
    const char *procedure; /* NULL: any procedure */
    bool has_count, from_receipt, has_from, has_to;
    trk_period period; /* with the rule's purpose (procedural when it names none) */
    int window;
    trk_date valid_from, valid_to;
} rule_t;

typedef struct event_t {
    long long id, case_id;
    const char *type, *outcome, *service, *title, *precision, *jur, *tags;
    trk_date date, received;
    bool has_received, vacated;
    /* the procedure rules are chosen by: the case's, or the jurisdiction's assumption when the
     * case records none (assumed, with the assumption's reason) */
    const char *procedure, *assumed_reason;
    bool assumed;
    bool has_fine; /* the ruling (for an appeal decision: the ruling it decides) has a fine */
    bool listed;   /* among the caller's changed events (not only a dependent appeal decision) */
} event_t;

typedef struct cevent_t { /* events of affected cases that satisfy or vacate deadlines */
    long long id, case_id;
    const char *type, *outcome;
    trk_date date, paid_on;
    bool vacated, has_fine, paid, has_paid_on;
} cevent_t;

/* A deadline as it is (orig) and as it should be (the rest). */
typedef struct dl_t {
    long long id, case_id, event_id, rule_id, met_by;
    const char *kind, *title, *status, *external_id, *reason, *after_kind;
    trk_date due, earliest, latest, trig_date, met_on, o_met_on;
    bool range, fixed, produced, in_scope, chained, trig_vacated, has_met_on, o_has_met_on;
    int count, extra;
    int next; /* next deadline of the same event in the hash chain, -1 at the end */
    trk_date later;     /* the later date when a contested day counts the other way (0: none) */
    char *later_reason; /* owned: why it may be later; NULL with later == 0 */
    trk_unit unit;
    trk_roll roll;
    char *explanation; /* owned; NULL: keep the stored one */
    bool has_override; /* a date set by hand (tracker deadline override, migration 011) */
    bool override_done, has_o_computed, computed_moved;
    trk_date override, o_computed; /* o_computed: the computed date stored last time */
    /* original values, for the diff */
    long long o_rule_id, o_met_by;
    const char *o_title, *o_status;
    trk_date o_due, o_earliest, o_latest, o_later;
    const char *o_later_reason;
    bool o_range, o_fixed;
    int o_count, o_extra;
    trk_unit o_unit;
    trk_roll o_roll;
} dl_t;

typedef struct engine {
    trk_db *db;
    trk_calset cals;
    trk_res *rules_r, *events_r, *specs_r, *cev_r, *dl_r, *assume_r;
    rule_t *rules;
    int nrules;
    event_t *events;
    int nevents;
    cevent_t *cev;
    int ncev;
    dl_t *dl;
    int ndl, capdl;
    int *head; /* hash of event id -> first index in dl, -1 when none */
    unsigned hmask;
    long long (*vac)[2]; /* (ruling id, appeal decision id that vacated it), sorted */
    int nvac;
    long long (*dec)[2]; /* (ruling id, the first appeal decision on it, any outcome), sorted */
    int ndec;
    bool specs_listed;  /* the specs are all the explicit deadlines of their events */
    const char *why;    /* revision reason of recomputed rows (NULL: from their status) */
    int missing_period; /* events whose "period from the order" rule had no spec */
    const rule_t *missing_rule;
    long long missing_event;
} engine;

static trk_date dn(const trk_res *r, int row, const char *col, bool *present)
{
    const char *v = trk_res_val(r, row, col);
    if (present)
        *present = v != NULL;
    return v ? (trk_date)atol(v) : 0;
}

static const char *default_title(const char *kind)
{
    static const struct {
        const char *kind, *title;
    } t[] = {{"appeal", "Appeal deadline"},         {"grace", "Grace period to comply"},
             {"compliance", "Compliance deadline"}, {"response", "Response deadline"},
             {"payment", "Payment deadline"},       {"limitation", "Limitation period ends"},
             {"block_possible", "Block possible"},  {"other", "Deadline"}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(kind, t[i].kind) == 0)
            return t[i].title;
    return "Deadline";
}

static unsigned hash_id(const engine *e, long long id)
{
    unsigned long long h = (unsigned long long)id * 0x9E3779B97F4A7C15ull;
    return (unsigned)(h >> 32) & e->hmask;
}

static void link_dl(engine *e, int i)
{
    unsigned h = hash_id(e, e->dl[i].event_id);
    e->dl[i].next = e->head[h];
    e->head[h] = i;
}

/* qsort order of elements that start with a long long (an id, or a pair of ids) by that. */
static int cmp_first_ll(const void *a, const void *b)
{
    const long long *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* The distinct case ids of the loaded events as a PostgreSQL array literal, e.g. "{3,7}". */
static char *case_array(const engine *e)
{
    long long *ids = malloc(((size_t)e->nevents + 1) * sizeof *ids);
    size_t cap = (size_t)e->nevents * 21 + 3; /* a bigint and a comma per event, and {} */
    char *out = malloc(cap);
    if (!ids || !out) {
        free(ids);
        free(out);
        trk_error("out of memory");
        return NULL;
    }
    for (int i = 0; i < e->nevents; i++)
        ids[i] = e->events[i].case_id;
    qsort(ids, (size_t)e->nevents, sizeof *ids, cmp_first_ll);
    size_t len = 0;
    out[len++] = '{';
    for (int i = 0; i < e->nevents; i++)
        if (i == 0 || ids[i] != ids[i - 1])
            len += (size_t)snprintf(out + len, cap - len, "%s%lld", len > 1 ? "," : "", ids[i]);
    out[len++] = '}';
    out[len] = '\0';
    free(ids);
    return out;
}

static const cevent_t *case_events(const engine *e, long long case_id, int *n);
static bool has_word(const char *list, const char *w);

/* The ruling whose fine an event's deadlines concern: the event itself when it is a ruling; for
 * an appeal decision, the ruling it decides (the latest ruling of the case on or before it that
 * is not vacated). NULL when there is none. */
static const cevent_t *ruling_of(const engine *e, long long case_id, long long event_id)
{
    int n;
    const cevent_t *c = case_events(e, case_id, &n);
    int at = -1;
    for (int i = 0; i < n && at < 0; i++)
        if (c[i].id == event_id)
            at = i;
    if (at < 0)
        return NULL;
    if (strcmp(c[at].type, "ruling") == 0)
        return &c[at];
    if (strcmp(c[at].type, "appeal_decided") != 0)
        return NULL;
    for (int i = at - 1; i >= 0; i--)
        if (strcmp(c[i].type, "ruling") == 0 && !c[i].vacated)
            return &c[i];
    return NULL;
}

/* Each event's procedure for choosing rules: the case's; for a case that records none, the tag
 * procedure:apc (what tracker used before procedures were recorded) means arbitrazh, and
 * otherwise the jurisdiction's assumption (table procedure_assumption) applies, and is said so. */
static int load_procedures(engine *e)
{
    e->assume_r = trk_db_query(
        e->db, "SELECT jurisdiction, procedure, reason FROM procedure_assumption", 0, NULL);
    if (!e->assume_r)
        return -1;
    for (int i = 0; i < e->nevents; i++) {
        event_t *v = &e->events[i];
        const cevent_t *r = ruling_of(e, v->case_id, v->id);
        v->has_fine = r && r->has_fine;
        if (!v->procedure || strcmp(v->procedure, "unknown") != 0)
            continue;
        if (has_word(v->tags, "procedure:apc")) {
            v->procedure = "arbitrazh";
            continue;
        }
        v->procedure = NULL; /* no assumption for the jurisdiction: only rules for any procedure */
        for (int k = 0; k < trk_res_rows(e->assume_r); k++)
            if (strcmp(trk_res_val(e->assume_r, k, "jurisdiction"), v->jur) == 0) {
                v->procedure = trk_res_val(e->assume_r, k, "procedure");
                v->assumed_reason = trk_res_val(e->assume_r, k, "reason");
                v->assumed = true;
            }
    }
    return 0;
}

static int load(engine *e)
{
    e->rules_r = trk_db_query(
        e->db,
        "SELECT id, code, jurisdiction, trigger_type,"
        " ',' || array_to_string(trigger_outcomes, ',') || ',' AS outcomes, after_kind, case_tag,"
        " condition, kind, title, period_count, period_unit, roll, extra_days, count_trigger_day,"
        " count_from, receipt_window_days, basis, purpose, procedure,"
        " valid_from::text AS valid_from_s,"
        " valid_to::text AS valid_to_s, (valid_from - DATE '1970-01-01') AS vf,"
        " (valid_to - DATE '1970-01-01') AS vt"
        " FROM rule WHERE retired_at IS NULL ORDER BY id",
        0, NULL);
    if (!e->rules_r)
        return -1;
    e->nrules = trk_res_rows(e->rules_r);
    e->rules = calloc((size_t)e->nrules + 1, sizeof *e->rules);
    if (!e->rules)
        return -1;
    for (int i = 0; i < e->nrules; i++) {
        rule_t *r = &e->rules[i];
        const trk_res *q = e->rules_r;
        r->id = trk_res_int(q, i, "id");
        r->code = trk_res_val(q, i, "code");
        r->jur = trk_res_val(q, i, "jurisdiction");
        r->trigger_type = trk_res_val(q, i, "trigger_type");
        r->outcomes = trk_res_val(q, i, "outcomes");
        r->after_kind = trk_res_val(q, i, "after_kind");
        r->case_tag = trk_res_val(q, i, "case_tag");
        r->condition = trk_res_val(q, i, "condition");
        r->kind = trk_res_val(q, i, "kind");
        r->title = trk_res_val(q, i, "title");
        r->basis = trk_res_val(q, i, "basis");
        r->procedure = trk_res_val(q, i, "procedure");
        r->valid_from_s = trk_res_val(q, i, "valid_from_s");
        r->valid_to_s = trk_res_val(q, i, "valid_to_s");
        r->has_count = trk_res_val(q, i, "period_count") != NULL;
        r->period.count = (int)trk_res_int(q, i, "period_count");
        if (trk_unit_parse(trk_res_val(q, i, "period_unit"), &r->period.unit) != 0 ||
            trk_roll_parse(trk_res_val(q, i, "roll"), &r->period.roll) != 0)
            return -1;
        r->period.extra_days = (int)trk_res_int(q, i, "extra_days");
        r->period.count_trigger_day = trk_res_bool(q, i, "count_trigger_day");
        r->from_receipt = strcmp(trk_res_val(q, i, "count_from"), "receipt") == 0;
        r->window = (int)trk_res_int(q, i, "receipt_window_days");
        if (trk_res_val(q, i, "purpose") &&
            trk_purpose_parse(trk_res_val(q, i, "purpose"), &r->period.purpose) != 0)
            return -1;
        r->valid_from = dn(q, i, "vf", &r->has_from);
        r->valid_to = dn(q, i, "vt", &r->has_to);
    }

#define EVENT_COLS                                                                                 \
    "e.id, e.case_id, e.type, (e.date - DATE '1970-01-01') AS dn, e.date_precision,"               \
    " (e.received_on - DATE '1970-01-01') AS rn, e.outcome, e.vacated, e.service_method,"          \
    " e.title, c.jurisdiction, ',' || array_to_string(c.tags, ',') || ',' AS tags, c.procedure"
    e->events_r = trk_db_query(
        e->db,
        "SELECT " EVENT_COLS ", true AS listed FROM event e JOIN legal_case c ON c.id = e.case_id"
        " WHERE e.id = ANY (ARRAY(SELECT event_id FROM pg_temp.trk_new_events))"
        /* an appeal decision's deadlines depend on the ruling it decides (its fine, whether it
         * is vacated): with a changed ruling come the appeal decisions of its case (through the
         * case index, as the queries below) */
        " UNION ALL SELECT " EVENT_COLS ", false FROM event e JOIN legal_case c ON c.id = e.case_id"
        " WHERE e.case_id = ANY (ARRAY(SELECT r.case_id FROM event r WHERE r.id = ANY (ARRAY("
        "  SELECT event_id FROM pg_temp.trk_new_events)) AND r.type = 'ruling'))"
        " AND e.type = 'appeal_decided'"
        " AND NOT EXISTS (SELECT 1 FROM pg_temp.trk_new_events n WHERE n.event_id = e.id)"
        " ORDER BY id",
        0, NULL);
#undef EVENT_COLS
    if (!e->events_r)
        return -1;
    e->nevents = trk_res_rows(e->events_r);
    e->events = calloc((size_t)e->nevents + 1, sizeof *e->events);
    if (!e->events)
        return -1;
    for (int i = 0; i < e->nevents; i++) {
        event_t *v = &e->events[i];
        const trk_res *q = e->events_r;
        v->id = trk_res_int(q, i, "id");
        v->case_id = trk_res_int(q, i, "case_id");
        v->type = trk_res_val(q, i, "type");
        v->date = dn(q, i, "dn", NULL);
        v->precision = trk_res_val(q, i, "date_precision");
        v->received = dn(q, i, "rn", &v->has_received);
        v->outcome = trk_res_val(q, i, "outcome");
        v->vacated = trk_res_bool(q, i, "vacated");
        v->service = trk_res_val(q, i, "service_method");
        v->title = trk_res_val(q, i, "title");
        v->jur = trk_res_val(q, i, "jurisdiction");
        v->tags = trk_res_val(q, i, "tags");
        v->procedure = trk_res_val(q, i, "procedure");
        v->listed = trk_res_bool(q, i, "listed");
    }

    e->specs_r =
        trk_db_query(e->db,
                     "SELECT event_id, kind, title, count, unit, roll, due_on::text AS due_on,"
                     " external_id FROM pg_temp.trk_new_deadline_specs"
                     " ORDER BY event_id, kind",
                     0, NULL);
    if (!e->specs_r)
        return -1;

    /* The cases of these events, as an array parameter: the queries below then look them up
     * through the case indexes, so a batch costs what it loads, not the size of the tables (a
     * large import calls the engine once per batch). */
    char *cases = case_array(e);
    if (!cases)
        return -1;
    const char *cp[] = {cases};
    e->cev_r =
        trk_db_query(e->db,
                     "SELECT e.id, e.case_id, e.type, e.outcome, e.vacated,"
                     " (e.date - DATE '1970-01-01') AS dn, f.id IS NOT NULL AS has_fine, f.paid,"
                     " (f.paid_on - DATE '1970-01-01') AS paid_dn"
                     " FROM event e LEFT JOIN fine f ON f.event_id = e.id"
                     " WHERE e.case_id = ANY ($1::bigint[])"
                     " AND e.type IN ('ruling', 'appeal_filed', 'appeal_decided', 'compliance',"
                     " 'block', 'payment')"
                     " ORDER BY e.case_id, e.date, e.id",
                     1, cp);
    if (!e->cev_r) {
        free(cases);
        return -1;
    }
    e->ncev = trk_res_rows(e->cev_r);
    e->cev = calloc((size_t)e->ncev + 1, sizeof *e->cev);
    if (!e->cev)
        return -1;
    for (int i = 0; i < e->ncev; i++) {
        cevent_t *c = &e->cev[i];
        c->id = trk_res_int(e->cev_r, i, "id");
        c->case_id = trk_res_int(e->cev_r, i, "case_id");
        c->type = trk_res_val(e->cev_r, i, "type");
        c->outcome = trk_res_val(e->cev_r, i, "outcome");
        c->vacated = trk_res_bool(e->cev_r, i, "vacated");
        c->date = dn(e->cev_r, i, "dn", NULL);
        c->has_fine = trk_res_bool(e->cev_r, i, "has_fine");
        c->paid = trk_res_bool(e->cev_r, i, "paid");
        c->paid_on = dn(e->cev_r, i, "paid_dn", &c->has_paid_on);
    }

    e->dl_r = trk_db_query(
        e->db,
        "SELECT d.id, d.case_id, d.trigger_event_id, d.rule_id, d.kind, d.title,"
        " (d.due_on - DATE '1970-01-01') AS due, (d.earliest_on - DATE '1970-01-01') AS earliest,"
        " (d.latest_on - DATE '1970-01-01') AS latest, d.period_count, d.period_unit, d.roll,"
        " d.extra_days, d.status, d.met_by_event_id, d.external_id,"
        " (d.later_on - DATE '1970-01-01') AS later, d.later_reason,"
        " (d.met_on - DATE '1970-01-01') AS met_on,"
        " (t.date - DATE '1970-01-01') AS trig, t.vacated AS trig_vacated, r.after_kind,"
        " (d.override_due - DATE '1970-01-01') AS ovr,"
        /* the computed date stored last time, read only when a date set by hand hides it */
        " CASE WHEN d.override_due IS NOT NULL"
        "  THEN (d.explanation->>'due_on')::date - DATE '1970-01-01' END AS comp"
        " FROM deadline d LEFT JOIN LATERAL (SELECT date, vacated FROM event"
        "  WHERE id = d.trigger_event_id OFFSET 0) t ON true" /* a lookup per row, not a join */
        " LEFT JOIN rule r ON r.id = d.rule_id"
        " WHERE d.case_id = ANY ($1::bigint[])"
        " ORDER BY d.trigger_event_id, d.kind, d.id",
        1, cp);
    free(cases);
    if (!e->dl_r)
        return -1;
    int n = trk_res_rows(e->dl_r);
    e->capdl = n + 16;
    e->dl = calloc((size_t)e->capdl, sizeof *e->dl);
    if (!e->dl)
        return -1;
    for (int i = 0; i < n; i++) {
        dl_t *d = &e->dl[e->ndl++];
        const trk_res *q = e->dl_r;
        d->id = trk_res_int(q, i, "id");
        d->case_id = trk_res_int(q, i, "case_id");
        d->event_id = trk_res_int(q, i, "trigger_event_id");
        d->rule_id = d->o_rule_id = trk_res_int(q, i, "rule_id");
        d->kind = trk_res_val(q, i, "kind");
        d->title = d->o_title = trk_res_val(q, i, "title");
        d->due = d->o_due = dn(q, i, "due", NULL);
        d->earliest = d->o_earliest = dn(q, i, "earliest", &d->range);
        d->latest = d->o_latest = dn(q, i, "latest", NULL);
        d->o_range = d->range;
        d->fixed = d->o_fixed = trk_res_val(q, i, "period_count") == NULL;
        d->count = d->o_count = (int)trk_res_int(q, i, "period_count");
        if (!d->fixed && (trk_unit_parse(trk_res_val(q, i, "period_unit"), &d->unit) != 0 ||
                          trk_roll_parse(trk_res_val(q, i, "roll"), &d->roll) != 0))
            return -1;
        d->o_unit = d->unit;
        d->o_roll = d->roll;
        d->extra = d->o_extra = (int)trk_res_int(q, i, "extra_days");
        d->status = d->o_status = trk_res_val(q, i, "status");
        d->met_by = d->o_met_by = trk_res_int(q, i, "met_by_event_id");
        d->met_on = d->o_met_on = dn(q, i, "met_on", &d->has_met_on);
        d->o_has_met_on = d->has_met_on;
        d->external_id = trk_res_val(q, i, "external_id");
        d->later = d->o_later = dn(q, i, "later", NULL);
        d->o_later_reason = trk_res_val(q, i, "later_reason");
        if (d->o_later_reason && !(d->later_reason = strdup(d->o_later_reason)))
            return -1;
        d->trig_date = dn(q, i, "trig", NULL);
        d->trig_vacated = trk_res_bool(q, i, "trig_vacated");
        d->after_kind = trk_res_val(q, i, "after_kind");
        d->override = dn(q, i, "ovr", &d->has_override);
        d->o_computed = dn(q, i, "comp", &d->has_o_computed);
        d->chained = d->after_kind != NULL;
        /* a chained deadline's state follows its parent, so it is always "produced" */
        d->produced = d->chained || strcmp(d->status, "superseded") != 0;
    }
    /* hash of deadlines by trigger event: sized for the loaded ones plus what events may add */
    size_t want = 2 * ((size_t)n + (size_t)e->nevents * 4 + 16), size = 64;
    while (size < want)
        size *= 2;
    e->hmask = (unsigned)(size - 1);
    e->head = malloc(size * sizeof *e->head);
    if (!e->head)
        return -1;
    memset(e->head, 0xff, size * sizeof *e->head);
    for (int i = 0; i < e->ndl; i++)
        link_dl(e, i);
    /* which ruling each appeal decision with outcome vacated vacates: the latest ruling of the
     * case on or before it that is not itself vacated; and, for every ruling, the first appeal
     * decision on it (whatever its outcome: the ruling was appealed) */
    e->vac = calloc((size_t)e->ncev + 1, sizeof *e->vac);
    e->dec = calloc((size_t)e->ncev + 1, sizeof *e->dec);
    if (!e->vac || !e->dec)
        return -1;
    long long last_ruling = 0, cur_case = 0, last_decided = 0;
    for (int i = 0; i < e->ncev; i++) {
        const cevent_t *c = &e->cev[i];
        if (c->case_id != cur_case) {
            cur_case = c->case_id;
            last_ruling = 0;
        }
        if (strcmp(c->type, "ruling") == 0 && !c->vacated) {
            last_ruling = c->id;
            continue;
        }
        if (strcmp(c->type, "appeal_decided") != 0 || c->vacated || !last_ruling)
            continue;
        if (last_ruling != last_decided) {
            e->dec[e->ndec][0] = last_ruling;
            e->dec[e->ndec][1] = c->id;
            e->ndec++;
            last_decided = last_ruling;
        }
        if (c->outcome && strcmp(c->outcome, "vacated") == 0) {
            e->vac[e->nvac][0] = last_ruling;
            e->vac[e->nvac][1] = c->id;
            e->nvac++;
        }
    }
    qsort(e->vac, (size_t)e->nvac, sizeof *e->vac, cmp_first_ll);
    qsort(e->dec, (size_t)e->ndec, sizeof *e->dec, cmp_first_ll);
    if (load_procedures(e) != 0)
        return -1;
    return trk_calset_load(e->db, NULL, &e->cals);
}

static void engine_free(engine *e)
{
    for (int i = 0; i < e->ndl; i++) {
        free(e->dl[i].explanation);
        free(e->dl[i].later_reason);
    }
    free(e->dl);
    free(e->head);
    free(e->vac);
    free(e->dec);
    free(e->rules);
    free(e->events);
    free(e->cev);
    trk_res_free(e->rules_r);
    trk_res_free(e->events_r);
    trk_res_free(e->specs_r);
    trk_res_free(e->cev_r);
    trk_res_free(e->dl_r);
    trk_res_free(e->assume_r);
    trk_calset_free(&e->cals);
}

/* ---- computing one deadline ----------------------------------------------------------------- */

static dl_t *find_dl(engine *e, long long event_id, const char *kind)
{
    for (int i = e->head[hash_id(e, event_id)]; i >= 0; i = e->dl[i].next)
        if (e->dl[i].event_id == event_id && strcmp(e->dl[i].kind, kind) == 0)
            return &e->dl[i];
    return NULL;
}

static dl_t *get_dl(engine *e, const event_t *v, const char *kind)
{
    dl_t *d = find_dl(e, v->id, kind);
    if (d)
        return d;
    if (e->ndl == e->capdl) {
        int cap = e->capdl * 2;
        dl_t *grown = realloc(e->dl, (size_t)cap * sizeof *grown);
        if (!grown)
            return NULL;
        e->dl = grown;
        e->capdl = cap;
    }
    d = &e->dl[e->ndl];
    memset(d, 0, sizeof *d);
    d->case_id = v->case_id;
    d->event_id = v->id;
    d->kind = kind;
    d->status = "open";
    d->trig_date = v->date;
    link_dl(e, e->ndl++);
    return d;
}

/* Where the computation starts: the trigger date, or the receipt date when the rule says so.
 * hi > lo when the start is uncertain (receipt unknown, date known only to the month/year). */
typedef struct start_t {
    trk_date lo, hi;
    const char *lo_what, *hi_what;
    char hi_buf[200];
} start_t;

static void start_of(const event_t *v, const rule_t *r, start_t *s)
{
    int y, m, d;
    trk_date_to_ymd(v->date, &y, &m, &d);
    s->lo = s->hi = v->date;
    s->lo_what = "the event date";
    s->hi_what = s->lo_what;
    if (r && r->from_receipt && v->has_received) {
        s->lo = s->hi = v->received;
        s->lo_what = s->hi_what = "the receipt (service) date";
        return;
    }
    int extra = 0;
    const char *why = NULL;
    if (strcmp(v->precision, "month") == 0) {
        (void)trk_date_from_ymd(y, m, trk_date_days_in_month(y, m), &s->hi);
        why = "the event date is known only to the month";
    } else if (strcmp(v->precision, "year") == 0) {
        (void)trk_date_from_ymd(y, 12, 31, &s->hi);
        why = "the event date is known only to the year";
    }
    if (r && r->from_receipt) {
        s->lo_what = "the event date (the earliest possible receipt)";
        extra = r->window;
    }
    s->hi += extra;
    if (s->hi > s->lo) {
        if (extra)
            snprintf(s->hi_buf, sizeof s->hi_buf,
                     "the latest receipt date assumed: %d days after %s (the rule's bound while the"
                     " receipt date is not recorded)%s%s",
                     extra, why ? "the end of that period" : "the event date", why ? "; " : "",
                     why ? why : "");
        else
            snprintf(s->hi_buf, sizeof s->hi_buf, "the last possible event date (%s)", why);
        s->hi_what = s->hi_buf;
    }
}

static void event_json(trk_jw *x, const event_t *v)
{
    char b[TRK_DATE_STRLEN];
    trk_jw_begin(x, "trigger", false);
    trk_jw_int(x, "event_id", v->id);
    trk_jw_str(x, "type", v->type);
    trk_jw_str(x, "title", v->title);
    trk_jw_str(x, "date", trk_date_format(v->date, b));
    trk_jw_str(x, "date_precision", v->precision);
    trk_jw_str(x, "received_on", v->has_received ? trk_date_format(v->received, b) : NULL);
    if (v->outcome)
        trk_jw_str(x, "outcome", v->outcome);
    trk_jw_end(x, false);
}

/* The explanation's lines: an array written apart, since its first line is also "result". */
typedef struct lines_t {
    trk_jw w;
    char first[640];
} lines_t;

static void add_line(lines_t *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_line(lines_t *l, const char *fmt, ...)
{
    char buf[640];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (l->w.depth == 0) {
        snprintf(l->first, sizeof l->first, "%s", buf);
        trk_jw_begin(&l->w, NULL, true);
    }
    trk_jw_str(&l->w, NULL, buf);
}

/* The steps of computation c as the array `key` of x, and as lines with prefix `indent`. */
static void add_steps(trk_jw *x, const char *key, lines_t *l, const char *indent,
                      const trk_calc *c, const trk_calendar *cal)
{
    char line[512];
    trk_jw_begin(x, key, true);
    for (int i = 0; i < c->nsteps; i++) {
        trk_step_text(c, i, cal, line, sizeof line);
        trk_jw_str(x, NULL, line);
        add_line(l, "%s%s", indent, line);
    }
    trk_jw_end(x, true);
}

/* Finish x with its lines and store it as d's explanation. 0, or -1 when out of memory. */
static int set_explanation(dl_t *d, trk_jw *x, lines_t *l)
{
    trk_jw_end(&l->w, true);
    char *lines = trk_sb_detach(&l->w.sb);
    trk_jw_raw(x, "lines", lines);
    free(lines);
    trk_jw_end(x, false);
    free(d->explanation);
    d->explanation = lines ? trk_sb_detach(&x->sb) : NULL;
    trk_sb_release(&x->sb);
    if (!d->explanation)
        trk_error("out of memory");
    return d->explanation ? 0 : -1;
}

static void report_calc(const event_t *v, const char *kind, const trk_calc_error *err)
{
    trk_error("could not compute the %s deadline of event %lld: %s", kind, v->id, err->msg);
    if (err->code == TRK_CALC_UNCOVERED)
        trk_hint("add calendar data for that year (a migration, or 'tracker calendar add-year')");
}

static bool rule_fits(const rule_t *r, const event_t *v, const char *procedure);
static bool rule_applies_as(const rule_t *r, const event_t *v, const char *procedure);
static int specificity(const rule_t *r);

/* The rule that would give this deadline (kind, or chained after the same kind) if the case's
 * procedure were `procedure`; NULL when none would. */
static const rule_t *rule_for_procedure(const engine *e, const event_t *v, const rule_t *like,
                                        const char *procedure)
{
    const rule_t *best = NULL;
    for (int i = 0; i < e->nrules; i++) {
        const rule_t *r = &e->rules[i];
        if (strcmp(r->kind, like->kind) != 0)
            continue;
        bool ok = like->after_kind ? r->after_kind && strcmp(r->after_kind, like->after_kind) == 0 &&
                                         rule_fits(r, v, procedure)
                                   : rule_applies_as(r, v, procedure);
        if (ok && (!best || specificity(r) > specificity(best)))
            best = r;
    }
    return best;
}

/* A deadline from a rule for one procedure, in a case that records none: say what was assumed
 * and what the other procedures would give. */
static void assumption(const engine *e, trk_jw *x, lines_t *l, const event_t *v, const rule_t *r)
{
    char per[64];
    add_line(l, "procedure not recorded: assumed %s (%s)", trk_procedure_label(v->procedure),
             r->basis);
    add_line(l, "  why: %s; record it with 'tracker case edit %lld --procedure P'",
             v->assumed_reason, v->case_id);
    trk_jw_begin(x, "assumption", false);
    trk_jw_str(x, "procedure", v->procedure);
    trk_jw_str(x, "reason", v->assumed_reason);
    trk_jw_begin(x, "alternatives", true);
    for (const char *const *p = trk_procedures; *p; p++) {
        if (strcmp(*p, "unknown") == 0 || strcmp(*p, v->procedure) == 0)
            continue;
        const rule_t *alt = rule_for_procedure(e, v, r, *p);
        trk_jw_begin(x, NULL, false);
        trk_jw_str(x, "procedure", *p);
        trk_jw_str(x, "rule", alt ? alt->code : NULL);
        if (alt) {
            if (alt->has_count)
                trk_period_text(&alt->period, per, sizeof per);
            else
                snprintf(per, sizeof per, "the period set by the order");
            trk_jw_str(x, "period", per);
            trk_jw_str(x, "basis", alt->basis);
            add_line(l, "  if the procedure is %s: %s, %s (%s)", trk_procedure_label(*p),
                     alt->code, per, alt->basis);
        } else {
            add_line(l, "  if the procedure is %s: no rule gives this %s deadline",
                     trk_procedure_label(*p), r->kind);
        }
        trk_jw_end(x, false);
    }
    trk_jw_end(x, true);
    trk_jw_end(x, false);
}

/*
 * Compute deadline d of event v with period p from start s (parent: for chained deadlines, the
 * parent's due dates replace the start). Fills dates and the explanation.
 */
static int compute(engine *e, dl_t *d, const event_t *v, const rule_t *r, const trk_period *p,
                   const char *source, const dl_t *parent)
{
    const trk_calendar *cal = trk_calset_get(&e->cals, v->jur);
    if (!cal) {
        trk_error("out of memory");
        return -1;
    }
    start_t s;
    if (parent) {
        s.lo = parent->due;
        s.hi = parent->range ? parent->latest : parent->due;
        snprintf(s.hi_buf, sizeof s.hi_buf, "the last day of the %s deadline", parent->kind);
        s.lo_what = s.hi_buf;
        s.hi_what = "the latest possible last day of that deadline";
    } else {
        start_of(v, r, &s);
    }
    /* each start computed both ways where a contested day matters (trk_period_compute_both):
     * the dates are the safe (earlier) ones; the later reading of the due date is kept */
    trk_calc lo, hi, lo_later, hi_later;
    trk_calc_error err;
    trk_due both_lo, both_hi;
    trk_date due_lo, due_hi;
    if (trk_period_compute_both(cal, s.lo, p, &both_lo, &lo, &lo_later, &err) != 0) {
        report_calc(v, d->kind, &err);
        return -1;
    }
    due_lo = both_lo.due;
    due_hi = due_lo;
    both_hi = both_lo;
    if (s.hi != s.lo) {
        if (trk_period_compute_both(cal, s.hi, p, &both_hi, &hi, &hi_later, &err) != 0) {
            report_calc(v, d->kind, &err);
            return -1;
        }
        due_hi = both_hi.due;
    }
    char later_line[256] = "";
    free(d->later_reason);
    d->later_reason = NULL;
    d->later = 0;
    if (both_lo.later != both_lo.due) {
        trk_later_text(cal, &both_lo, later_line, sizeof later_line);
        const char *why = strchr(later_line, ',');
        d->later = both_lo.later;
        d->later_reason = strdup(why && why[1] ? why + 2 : later_line);
        if (!d->later_reason) {
            trk_error("out of memory");
            return -1;
        }
    }
    d->due = due_lo;
    d->range = due_hi != due_lo;
    d->earliest = d->range ? due_lo : 0;
    d->latest = d->range ? due_hi : 0;
    d->fixed = false;
    d->count = p->count;
    d->unit = p->unit;
    d->roll = p->roll == TRK_ROLL_DEFAULT ? trk_unit_default_roll(p->unit) : p->roll;
    d->extra = p->extra_days;
    d->rule_id = r ? r->id : 0;

    char b1[TRK_DATE_STRLEN], b2[TRK_DATE_STRLEN], b3[TRK_DATE_STRLEN], per[64];
    trk_jw x = {0};
    lines_t lines = {0};
    trk_period_text(p, per, sizeof per);
    if (d->range)
        add_line(&lines, "due between %s and %s (%s)", trk_date_format(due_lo, b1),
                 trk_date_format(due_hi, b2), s.hi_what);
    else
        add_line(&lines, "due %s", trk_date_format(due_lo, b1));
    if (d->later)
        add_line(&lines, "%s", later_line);
    trk_jw_begin(&x, NULL, false);
    trk_jw_str(&x, "result", lines.first);
    trk_jw_str(&x, "due_on", trk_date_format(due_lo, b1));
    if (d->range) {
        trk_jw_str(&x, "earliest_on", trk_date_format(due_lo, b1));
        trk_jw_str(&x, "latest_on", trk_date_format(due_hi, b1));
    }
    if (d->later) {
        trk_jw_str(&x, "later_on", trk_date_format(d->later, b1));
        trk_jw_str(&x, "later_reason", d->later_reason);
        trk_jw_str(&x, "contested_day", trk_date_format(both_lo.contested_day, b1));
    }
    trk_jw_str(&x, "source", source);
    event_json(&x, v);
    add_line(&lines, "trigger: event %lld, %s on %s: %s", v->id, v->type,
             trk_date_format(v->date, b1), v->title);
    if (r) {
        trk_jw_begin(&x, "rule", false);
        trk_jw_int(&x, "id", r->id);
        trk_jw_str(&x, "code", r->code);
        trk_jw_str(&x, "basis", r->basis);
        trk_jw_str(&x, "valid_from", r->valid_from_s);
        trk_jw_str(&x, "valid_to", r->valid_to_s);
        trk_jw_end(&x, false);
        add_line(&lines, "rule: %s (%s), in force %s to %s%s", r->code, r->basis,
                 r->valid_from_s ? r->valid_from_s : "(no start)",
                 r->valid_to_s ? r->valid_to_s : "(no end)",
                 parent ? "" : "; the rule in force on the trigger date applies");
        if (!r->has_count)
            add_line(&lines, "the rule takes its period from the order: %s given with the event",
                     per);
        if (r->procedure && v->assumed)
            assumption(e, &x, &lines, v, r);
    } else {
        trk_jw_str(&x, "rule", NULL);
        add_line(&lines,
                 "period given explicitly with the event (it overrides the rules for kind %s)",
                 d->kind);
    }
    if (parent)
        add_line(&lines, "chained: follows the %s deadline of the same event (due %s)",
                 parent->kind, trk_date_format(parent->due, b1));
    trk_jw_begin(&x, "period", false);
    trk_jw_int(&x, "count", p->count);
    trk_jw_str(&x, "unit", trk_unit_word(p->unit));
    trk_jw_str(&x, "roll", trk_roll_word(d->roll));
    trk_jw_int(&x, "extra_days", p->extra_days);
    trk_jw_str(&x, "text", per);
    trk_jw_str(&x, "purpose", trk_purpose_words[p->purpose]);
    trk_jw_end(&x, false);
    add_line(&lines, "period: %s, roll %s%s; counted from %s %s", per, trk_roll_word(d->roll),
             p->unit == TRK_UNIT_SUTKI ? " (сутки never roll)" : "", s.lo_what,
             trk_date_format(s.lo, b1));
    if (d->range) {
        add_line(&lines, "earliest, counted from %s (%s):", trk_date_format(s.lo, b1), s.lo_what);
        add_steps(&x, "steps", &lines, "  ", &lo, cal);
        add_line(&lines, "latest, counted from %s (%s):", trk_date_format(s.hi, b2), s.hi_what);
        add_steps(&x, "latest_steps", &lines, "  ", &hi, cal);
        add_line(&lines, "result: due %s at the earliest, %s at the latest",
                 trk_date_format(due_lo, b1), trk_date_format(due_hi, b3));
        if (both_hi.later != both_hi.due) {
            char t[256];
            add_line(&lines, "the latest date %s", trk_later_text(cal, &both_hi, t, sizeof t));
        }
    } else {
        add_steps(&x, "steps", &lines, "", &lo, cal);
    }
    if (d->later) {
        add_line(&lines, "the other reading, %s:", later_line + strlen("may be later: ") + 12);
        add_steps(&x, "later_steps", &lines, "  ", &lo_later, cal);
    }
    return set_explanation(d, &x, &lines);
}

static int fixed_due(dl_t *d, const event_t *v, trk_date due, const char *external_id)
{
    char b1[TRK_DATE_STRLEN];
    d->due = due;
    d->range = false;
    d->earliest = d->latest = 0;
    d->fixed = true;
    d->count = 0;
    d->extra = 0;
    d->rule_id = 0;
    d->later = 0;
    free(d->later_reason);
    d->later_reason = NULL;
    (void)external_id;
    trk_jw x = {0};
    lines_t lines = {0};
    add_line(&lines, "due %s", trk_date_format(due, b1));
    trk_jw_begin(&x, NULL, false);
    trk_jw_str(&x, "result", lines.first);
    trk_jw_str(&x, "due_on", b1);
    trk_jw_str(&x, "source", "fixed date");
    event_json(&x, v);
    trk_jw_str(&x, "rule", NULL);
    add_line(&lines, "trigger: event %lld, %s on %s: %s", v->id, v->type,
             trk_date_format(v->date, b1), v->title);
    add_line(&lines,
             "a fixed date set by the source, not computed (it overrides the rules for kind %s)",
             d->kind);
    return set_explanation(d, &x, &lines);
}

/* ---- producing the deadlines of one event --------------------------------------------------- */

static bool has_word(const char *list, const char *w)
{
    if (!list || !w)
        return false;
    size_t n = strlen(w);
    for (const char *p = strstr(list, w); p; p = strstr(p + 1, w))
        if (p > list && p[-1] == ',' && p[n] == ',')
            return true;
    return false;
}

/* Does rule r fit event v's case, procedure (given: the event's, or another one for the
 * alternatives an assumption leaves out), condition and date? Trigger and parent kind apart. */
static bool rule_fits(const rule_t *r, const event_t *v, const char *procedure)
{
    if (strcmp(r->jur, v->jur) != 0)
        return false;
    if (r->procedure && !(procedure && strcmp(r->procedure, procedure) == 0))
        return false;
    if (r->case_tag && !has_word(v->tags, r->case_tag))
        return false;
    if (r->condition) {
        if (strcmp(r->condition, "served_by_mail") == 0 &&
            !(v->service && strcmp(v->service, "mail") == 0))
            return false;
        if (strcmp(r->condition, "fine_imposed") == 0 && !v->has_fine)
            return false;
    }
    if (r->has_from && v->date < r->valid_from)
        return false;
    if (r->has_to && v->date > r->valid_to)
        return false;
    return true;
}

static bool rule_applies_as(const rule_t *r, const event_t *v, const char *procedure)
{
    if (!r->trigger_type || strcmp(r->trigger_type, v->type) != 0)
        return false;
    if (r->outcomes && !has_word(r->outcomes, v->outcome))
        return false;
    return rule_fits(r, v, procedure);
}

static bool rule_applies(const rule_t *r, const event_t *v)
{
    return rule_applies_as(r, v, v->procedure);
}

/* A rule for one procedure is more specific than one for any (8), then case tag, outcomes,
 * condition. */
static int specificity(const rule_t *r)
{
    return (r->procedure ? 8 : 0) + (r->case_tag ? 4 : 0) + (r->outcomes ? 2 : 0) +
           (r->condition ? 1 : 0);
}

static int spec_of(const trk_res *s, int row, trk_period *p, trk_date *due, bool *fixed,
                   long long event_id)
{
    const char *kind = trk_res_val(s, row, "kind");
    const char *due_s = trk_res_val(s, row, "due_on");
    trk_calc_error err;
    if (due_s) {
        *fixed = true;
        return trk_date_parse(due_s, due) == 0 ? 0 : -1;
    }
    *fixed = false;
    memset(p, 0, sizeof *p);
    p->count = (int)trk_res_int(s, row, "count");
    if (trk_unit_parse(trk_res_val(s, row, "unit"), &p->unit) != 0) {
        char units[128];
        trk_error("invalid %s deadline for event %lld: unknown unit \"%s\"", kind, event_id,
                  trk_res_val(s, row, "unit") ? trk_res_val(s, row, "unit") : "");
        trk_hint("units: %s", trk_words_join(trk_unit_words, units, sizeof units));
        return -1;
    }
    if (trk_roll_parse(trk_res_val(s, row, "roll"), &p->roll) != 0) {
        trk_error("invalid %s deadline for event %lld: unknown roll \"%s\"", kind, event_id,
                  trk_res_val(s, row, "roll"));
        trk_hint("roll: forward, back or none");
        return -1;
    }
    if (trk_period_check(p, &err) != 0) {
        trk_error("invalid %s deadline for event %lld: %s", kind, event_id, err.msg);
        return -1;
    }
    return 0;
}

static void apply_override(dl_t *d);

static int produce_event(engine *e, const event_t *v, int *spec_row)
{
    const trk_res *s = e->specs_r;
    int nspecs = trk_res_rows(s);
    /* 1. explicit specs of this event (rows are sorted by event id) */
    while (*spec_row < nspecs && trk_res_int(s, *spec_row, "event_id") < v->id)
        (*spec_row)++;
    const char *spec_kinds[16];
    int nsk = 0;
    for (; *spec_row < nspecs && trk_res_int(s, *spec_row, "event_id") == v->id; (*spec_row)++) {
        int row = *spec_row;
        const char *kind = trk_res_val(s, row, "kind");
        trk_period p;
        trk_date due;
        bool fixed;
        if (!kind) {
            trk_error("deadline spec for event %lld has no kind", v->id);
            return -1;
        }
        for (int k = 0; k < nsk; k++)
            if (strcmp(spec_kinds[k], kind) == 0) {
                trk_error("event %lld has two %s deadline specs", v->id, kind);
                trk_hint("an event produces at most one deadline of each kind");
                return -1;
            }
        if (nsk < 16)
            spec_kinds[nsk++] = kind;
        if (spec_of(s, row, &p, &due, &fixed, v->id) != 0)
            return -1;
        dl_t *d = get_dl(e, v, kind);
        if (!d)
            return -1;
        d->in_scope = d->produced = true;
        d->chained = false;
        d->after_kind = NULL;
        d->title =
            trk_res_val(s, row, "title") ? trk_res_val(s, row, "title") : default_title(kind);
        if (trk_res_val(s, row, "external_id"))
            d->external_id = trk_res_val(s, row, "external_id");
        if (fixed ? fixed_due(d, v, due, d->external_id) != 0
                  : compute(e, d, v, NULL, &p, "explicit period", NULL) != 0)
            return -1;
    }
    /* 2. explicit deadlines stored earlier (no spec this time): recompute from their period,
     *    unless the specs list them all (an import): then they are no longer produced (step 5) */
    for (int i = e->specs_listed && v->listed ? -1 : e->head[hash_id(e, v->id)]; i >= 0;
         i = e->dl[i].next) {
        dl_t *d = &e->dl[i];
        /* (a superseded one was dropped by an import that listed the event's deadlines) */
        if (d->event_id != v->id || d->in_scope || d->rule_id != 0 ||
            strcmp(d->o_status, "superseded") == 0)
            continue;
        d->in_scope = d->produced = true;
        if (d->fixed) {
            if (fixed_due(d, v, d->due, NULL) != 0)
                return -1;
        } else {
            trk_period p = {
                .count = d->count, .unit = d->unit, .roll = d->roll, .extra_days = d->extra};
            if (compute(e, d, v, NULL, &p, "explicit period", NULL) != 0)
                return -1;
        }
        if (nsk < 16)
            spec_kinds[nsk++] = d->kind;
    }
    /* 3. rules in force on the trigger date, the most specific per kind */
    for (int i = 0; i < e->nrules; i++) {
        const rule_t *r = &e->rules[i];
        if (!rule_applies(r, v))
            continue;
        bool taken = false;
        for (int k = 0; k < nsk; k++)
            taken |= strcmp(spec_kinds[k], r->kind) == 0;
        if (taken)
            continue;
        const rule_t *best = r;
        for (int j = 0; j < e->nrules; j++)
            if (j != i && rule_applies(&e->rules[j], v) && strcmp(e->rules[j].kind, r->kind) == 0 &&
                (specificity(&e->rules[j]) > specificity(best) ||
                 (specificity(&e->rules[j]) == specificity(best) && e->rules[j].id < best->id)))
                best = &e->rules[j];
        if (best != r)
            continue;
        if (!r->has_count) {
            e->missing_period++;
            e->missing_rule = r;
            e->missing_event = v->id;
            continue;
        }
        dl_t *d = get_dl(e, v, r->kind);
        if (!d)
            return -1;
        d->in_scope = d->produced = true;
        d->chained = false;
        d->after_kind = NULL;
        d->title = r->title;
        if (compute(e, d, v, r, &r->period, "rule", NULL) != 0)
            return -1;
    }
    /* dates set by hand hold before chained deadlines count from them */
    for (int i = e->head[hash_id(e, v->id)]; i >= 0; i = e->dl[i].next)
        if (e->dl[i].event_id == v->id)
            apply_override(&e->dl[i]);
    /* 4. chained rules, following a produced deadline of their after_kind */
    for (int i = 0; i < e->nrules; i++) {
        const rule_t *r = &e->rules[i];
        if (!r->after_kind || !rule_fits(r, v, v->procedure))
            continue;
        dl_t *parent = find_dl(e, v->id, r->after_kind);
        if (!parent || !parent->produced || !parent->in_scope)
            continue;
        trk_date pdue = parent->due, plat = parent->latest;
        bool prange = parent->range;
        dl_t *d = get_dl(e, v, r->kind); /* may move e->dl: parent is stale from here */
        if (!d)
            return -1;
        if (d->in_scope)
            continue; /* an explicit spec of this kind wins */
        dl_t pcopy = {.kind = r->after_kind, .due = pdue, .latest = plat, .range = prange};
        d->in_scope = d->produced = true;
        d->chained = true;
        d->after_kind = r->after_kind;
        d->title = r->title;
        if (compute(e, d, v, r, &r->period, "chained rule", &pcopy) != 0)
            return -1;
    }
    /* 5. what this event produced before but no longer does */
    for (int i = e->head[hash_id(e, v->id)]; i >= 0; i = e->dl[i].next) {
        dl_t *d = &e->dl[i];
        if (d->event_id == v->id) {
            d->trig_date = v->date;
            d->trig_vacated = v->vacated;
            if (!d->in_scope) {
                d->in_scope = true;
                d->produced = false;
            }
        }
    }
    return 0;
}

/* ---- statuses ------------------------------------------------------------------------------- */

static const cevent_t *case_events(const engine *e, long long case_id, int *n)
{
    int lo = 0, hi = e->ncev;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (e->cev[mid].case_id < case_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    int end = lo;
    while (end < e->ncev && e->cev[end].case_id == case_id)
        end++;
    *n = end - lo;
    return &e->cev[lo];
}

/* Is the trigger event (a ruling) vacated, by its flag or by a later appeal decision with outcome
 * vacated that refers to it (the latest ruling of the case on or before the decision)? */
static long long vacated_by(const engine *e, const dl_t *d)
{
    if (d->trig_vacated)
        return d->event_id;
    int lo = 0, hi = e->nvac;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (e->vac[mid][0] < d->event_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < e->nvac && e->vac[lo][0] == d->event_id ? e->vac[lo][1] : 0;
}

/* Has a payment deadline been met: the fine of its ruling (for an appeal decision, of the
 * ruling it decides) paid on or before its last day (a payment without a date counts)? */
static bool paid_in_time(const engine *e, dl_t *d)
{
    const cevent_t *r = ruling_of(e, d->case_id, d->event_id);
    trk_date last = d->range ? d->latest : d->due;
    if (!r || !r->has_fine || !r->paid || (r->has_paid_on && r->paid_on > last))
        return false;
    d->has_met_on = r->has_paid_on;
    d->met_on = r->has_paid_on ? r->paid_on : 0;
    return true;
}

/* The event that meets deadline d on time (0: none); sets d's met_on to its date. */
static long long met_by(const engine *e, dl_t *d)
{
    const char *by;
    if (strcmp(d->kind, "appeal") == 0)
        by = "appeal_filed";
    else if (strcmp(d->kind, "compliance") == 0 || strcmp(d->kind, "grace") == 0 ||
             strcmp(d->kind, "response") == 0)
        by = "compliance";
    else if (strcmp(d->kind, "payment") == 0)
        by = "payment";
    else if (strcmp(d->kind, "block_possible") == 0)
        by = "block"; /* an alert resolved by the block itself, whenever it comes */
    else
        return 0;
    trk_date last = d->range ? d->latest : d->due;
    if (strcmp(by, "block") == 0)
        last = INT32_MAX;
    int n;
    const cevent_t *c = case_events(e, d->case_id, &n);
    int lo = 0, hi = n; /* the case's events are sorted by date: start at the trigger date */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (c[mid].date < d->trig_date)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (int i = lo; i < n && c[i].date <= last; i++)
        if (strcmp(c[i].type, by) == 0 && !c[i].vacated) {
            d->has_met_on = true;
            d->met_on = c[i].date;
            return c[i].id;
        }
    return 0;
}

/* A date set by hand wins over the computed one (the explanation stays the computed one; the
 * override and its reason are shown beside it). Recomputing never undoes it silently: when the
 * computed date moved since it was last stored, a warning says the date set by hand was kept. */
static void apply_override(dl_t *d)
{
    char b1[TRK_DATE_STRLEN], b2[TRK_DATE_STRLEN];
    if (!d->has_override || !d->in_scope || !d->produced || d->override_done)
        return;
    d->override_done = true;
    if (d->id && d->has_o_computed && d->due != d->o_computed) {
        d->computed_moved = true; /* written back: the explanation changed */
        trk_warn("deadline %lld keeps its date set by hand, %s; the computed date is now %s%s",
                 d->id, trk_date_format(d->override, b1), trk_date_format(d->due, b2),
                 d->range ? " at the earliest" : "");
        trk_hint("'tracker deadline override %lld --clear' returns it to the computed date", d->id);
    }
    d->due = d->override;
    d->range = false;
    d->earliest = d->latest = 0;
}

static void apply_overrides(engine *e)
{
    for (int i = 0; i < e->ndl; i++)
        apply_override(&e->dl[i]);
}

/* The first appeal decision on the ruling that triggered d (0: none). */
static long long decided_by(const engine *e, const dl_t *d)
{
    int lo = 0, hi = e->ndec;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (e->dec[mid][0] < d->event_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < e->ndec && e->dec[lo][0] == d->event_id ? e->dec[lo][1] : 0;
}

static void set_status(engine *e, dl_t *d)
{
    long long v;
    if (d->event_id == 0) { /* its trigger was deleted (tracker event delete): it stays as it is */
        d->status = d->o_status;
        d->met_by = d->o_met_by;
        d->reason = "its trigger event was deleted";
        return;
    }
    d->met_by = 0;
    d->has_met_on = false;
    d->met_on = 0;
    if (!d->produced) {
        d->status = "superseded";
        d->reason = "no rule or spec produces it any more";
    } else if ((v = vacated_by(e, d)) != 0) {
        d->status = "vacated";
        d->reason = "the trigger was vacated";
    } else if (d->chained) {
        dl_t *p = find_dl(e, d->event_id, d->after_kind);
        if (!p || strcmp(p->status, "open") != 0) {
            d->status = "superseded";
            d->reason = "the deadline it follows is no longer open";
        } else if (strcmp(d->after_kind, "appeal") == 0 && decided_by(e, d) != 0) {
            /* in force after an unappealed period: the ruling was appealed after all */
            d->status = "superseded";
            d->reason = "the ruling was decided on appeal";
        } else if (strcmp(d->kind, "payment") == 0 && paid_in_time(e, d)) {
            d->status = "met";
            d->reason = "met: the fine was paid";
        } else if ((d->met_by = met_by(e, d)) != 0) { /* block_possible: the block came */
            d->status = "met";
            d->reason = "met by an event";
        } else {
            d->status = "open";
            d->reason = "open: the deadline it follows is open";
        }
    } else if (strcmp(d->kind, "payment") == 0 && paid_in_time(e, d)) {
        d->status = "met";
        d->reason = "met: the fine was paid";
    } else if ((d->met_by = met_by(e, d)) != 0) {
        d->status = "met";
        d->reason = "met by an event";
    } else {
        d->status = "open";
        d->reason = "open: no event meets it on time";
    }
}

static void statuses(engine *e)
{
    /* unchained deadlines first, then chains: one more pass per link, so that a chain
     * (appeal -> in force -> payment -> enforcement) sees its parents' final status whatever
     * the order of its rows */
    for (int i = 0; i < e->ndl; i++)
        if (!e->dl[i].chained)
            set_status(e, &e->dl[i]);
    for (int pass = 0; pass < 4; pass++)
        for (int i = 0; i < e->ndl; i++)
            if (e->dl[i].chained)
                set_status(e, &e->dl[i]);
}

/* ---- writing back --------------------------------------------------------------------------- */

static bool changed(const dl_t *d)
{
    if (d->id == 0)
        return true;
    return d->computed_moved || d->rule_id != d->o_rule_id || d->met_by != d->o_met_by ||
           d->has_met_on != d->o_has_met_on || (d->has_met_on && d->met_on != d->o_met_on) ||
           strcmp(d->title, d->o_title) != 0 || strcmp(d->status, d->o_status) != 0 ||
           d->due != d->o_due || d->range != d->o_range ||
           (d->range && (d->earliest != d->o_earliest || d->latest != d->o_latest)) ||
           d->fixed != d->o_fixed || d->later != d->o_later ||
           (d->later_reason && d->o_later_reason &&
            strcmp(d->later_reason, d->o_later_reason) != 0) ||
           (!d->fixed && (d->count != d->o_count || d->unit != d->o_unit || d->roll != d->o_roll ||
                          d->extra != d->o_extra));
}


static const char *num(long long v, char *buf, size_t n)
{
    if (!v)
        return NULL;
    snprintf(buf, n, "%lld", v);
    return buf;
}

/* The deadline's columns, from case_id to external_id, as COPY text fields. */
static void dl_fields(trk_sb *b, const dl_t *d, bool last)
{
    char cid[24], eid[24], rid[24], cnt[16], ext[16], mb[24];
    char due[TRK_DATE_STRLEN], ea[TRK_DATE_STRLEN], la[TRK_DATE_STRLEN], mo[TRK_DATE_STRLEN];
    snprintf(ext, sizeof ext, "%d", d->extra);
    trk_sb_copy_field(b, num(d->case_id, cid, sizeof cid), false);
    trk_sb_copy_field(b, num(d->event_id, eid, sizeof eid), false);
    trk_sb_copy_field(b, num(d->rule_id, rid, sizeof rid), false);
    trk_sb_copy_field(b, d->kind, false);
    trk_sb_copy_field(b, d->title, false);
    trk_sb_copy_field(b, trk_date_format(d->due, due), false);
    trk_sb_copy_field(b, d->range ? trk_date_format(d->earliest, ea) : NULL, false);
    trk_sb_copy_field(b, d->range ? trk_date_format(d->latest, la) : NULL, false);
    if (d->fixed) {
        trk_sb_copy_field(b, NULL, false);
        trk_sb_copy_field(b, NULL, false);
        trk_sb_copy_field(b, NULL, false);
    } else {
        snprintf(cnt, sizeof cnt, "%d", d->count);
        trk_sb_copy_field(b, cnt, false);
        trk_sb_copy_field(b, trk_unit_word(d->unit), false);
        trk_sb_copy_field(b, trk_roll_word(d->roll), false);
    }
    trk_sb_copy_field(b, ext, false);
    trk_sb_copy_field(b, d->status, false);
    trk_sb_copy_field(b, num(d->met_by, mb, sizeof mb), false);
    trk_sb_copy_field(b, d->explanation, false);
    trk_sb_copy_field(b, d->external_id, false);
    char lat[TRK_DATE_STRLEN];
    trk_sb_copy_field(b, d->later ? trk_date_format(d->later, lat) : NULL, false);
    trk_sb_copy_field(b, d->later ? d->later_reason : NULL, false);
    trk_sb_copy_field(b, d->has_met_on ? trk_date_format(d->met_on, mo) : NULL, last);
}

static int copy_buf(trk_db *db, const char *sql, const trk_sb *b)
{
    if (trk_db_copy_start(db, sql) != 0)
        return -1;
    for (size_t off = 0; off < b->n; off += 1 << 20) {
        size_t len = b->n - off < (1u << 20) ? b->n - off : (1u << 20);
        if (trk_db_copy_send(db, b->p + off, (int)len) != 0) {
            trk_db_copy_end(db);
            return -1;
        }
    }
    return trk_db_copy_end(db);
}

/* Changed deadlines go back in two ways: existing ones through pg_temp.trk_deadline_out, whose
 * old state is copied to deadline_revision before the update (revision + 1); new ones by COPY
 * straight into deadline, in the order they were produced. */
static int write_back(engine *e, int *nchanged)
{
    int rc = -1;
    trk_sb b = {0}, nb = {0};
    int n = 0, nupd = 0;
    for (int i = 0; i < e->ndl; i++) {
        dl_t *d = &e->dl[i];
        if (!changed(d))
            continue;
        if (d->id == 0 && !d->produced)
            continue;
        n++;
        if (d->id == 0) {
            dl_fields(&nb, d, true);
            continue;
        }
        char id[24];
        const char *reason = d->in_scope && e->why ? e->why : d->reason;
        if (d->in_scope && !reason)
            reason = "recomputed after the trigger event changed";
        trk_sb_copy_field(&b, num(d->id, id, sizeof id), false);
        dl_fields(&b, d, false);
        trk_sb_copy_field(&b, reason ? reason : "status changed", true);
        nupd++;
    }
    if (b.oom || nb.oom) {
        trk_error("out of memory");
        goto out;
    }
    *nchanged = n;
    if (nupd > 0 && (trk_db_exec(e->db, create_out_sql, 0, NULL) != 0 ||
                     trk_db_exec(e->db, "TRUNCATE pg_temp.trk_deadline_out", 0, NULL) != 0 ||
                     copy_buf(e->db, "COPY pg_temp.trk_deadline_out FROM STDIN", &b) != 0 ||
                     trk_db_exec(e->db, "ANALYZE pg_temp.trk_deadline_out (id)", 0, NULL) != 0))
        goto out;
    if (nupd > 0 &&
        trk_db_exec(
            e->db,
            "WITH hist AS ("
            "  INSERT INTO deadline_revision (deadline_id, revision, due_on, earliest_on, "
            "latest_on,"
            "   status, explanation, reason, later_on, met_on)"
            "  SELECT d.id, d.revision, d.due_on, d.earliest_on, d.latest_on, d.status,"
            "   d.explanation, o.reason, d.later_on, d.met_on FROM deadline d"
            "  JOIN pg_temp.trk_deadline_out o ON o.id = d.id"
            "  RETURNING 1),"
            " upd AS ("
            "  UPDATE deadline d SET rule_id = o.rule_id, title = o.title, due_on = o.due_on,"
            "   earliest_on = o.earliest_on, latest_on = o.latest_on,"
            "   period_count = o.period_count, period_unit = o.period_unit, roll = o.roll,"
            "   extra_days = o.extra_days, status = o.status, met_by_event_id = o.met_by_event_id,"
            "   later_on = o.later_on, later_reason = o.later_reason, met_on = o.met_on,"
            "   explanation = coalesce(o.explanation, d.explanation),"
            /* a rule's deadline has no external id (ids name explicit deadlines in files) */
            "   external_id = CASE WHEN o.rule_id IS NULL"
            "    THEN coalesce(o.external_id, d.external_id) END, revision = d.revision + 1"
            "  FROM pg_temp.trk_deadline_out o WHERE o.id = d.id"
            "  RETURNING 1)"
            " SELECT (SELECT count(*) FROM hist), (SELECT count(*) FROM upd)",
            0, NULL) != 0)
        goto out;
    if (nb.n > 0 &&
        copy_buf(e->db,
                 "COPY deadline (case_id, trigger_event_id, rule_id, kind, title, due_on,"
                 " earliest_on, latest_on, period_count, period_unit, roll, extra_days, status,"
                 " met_by_event_id, explanation, external_id, later_on, later_reason, met_on)"
                 " FROM STDIN",
                 &nb) != 0)
        goto out;
    rc = 0;
out:
    free(b.p);
    free(nb.p);
    return rc;
}

typedef struct engine_opts {
    bool specs_listed;
    const char *why;
} engine_opts;

static int run(trk_db *db, engine_opts o, int *nchanged)
{
    engine e = {.db = db, .specs_listed = o.specs_listed, .why = o.why};
    int rc = -1, spec_row = 0;
    /* (No ANALYZE of the input tables: load() reads trk_new_events as an array of ids and
     * scans trk_new_deadline_specs whole, so no plan depends on their size.) */
    if (load(&e) != 0)
        goto out;
    for (int i = 0; i < e.nevents; i++)
        if (produce_event(&e, &e.events[i], &spec_row) != 0)
            goto out;
    /* specs for events that are not among the changed events are a caller error */
    for (int i = 0; i < trk_res_rows(e.specs_r); i++) {
        long long id = trk_res_int(e.specs_r, i, "event_id");
        int lo = 0, hi = e.nevents;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (e.events[mid].id < id)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == e.nevents || e.events[lo].id != id) {
            trk_error("deadline spec for event %lld, which is not among the changed events", id);
            goto out;
        }
    }
    apply_overrides(&e);
    statuses(&e);
    if (e.missing_period) {
        if (e.missing_period == 1)
            trk_warn("no %s deadline for event %lld: rule %s takes its period from the order",
                     e.missing_rule->kind, e.missing_event, e.missing_rule->code);
        else
            trk_warn("no deadline for %d events whose rule (e.g. %s) takes its period from the "
                     "order",
                     e.missing_period, e.missing_rule->code);
        trk_hint("give the period with the event, e.g. --deadline %s:15d", e.missing_rule->kind);
    }
    rc = write_back(&e, nchanged);
out:
    engine_free(&e);
    return rc;
}

int trk_deadlines_on_calendar_change(trk_db *db)
{
    trk_res *r = trk_db_query(db,
                              "SELECT to_regclass('calendar_change') IS NOT NULL AS present", 0,
                              NULL);
    if (!r)
        return -1;
    bool present = trk_res_bool(r, 0, "present");
    trk_res_free(r);
    if (!present)
        return 0;
    if (!(r = trk_db_query(db, "SELECT count(*) AS n FROM calendar_change", 0, NULL)))
        return -1;
    int n = (int)trk_res_int(r, 0, "n");
    trk_res_free(r);
    if (n == 0)
        return 0;
    if (trk_deadlines_bulk_prepare(db) != 0 ||
        trk_db_exec(db, "DELETE FROM pg_temp.trk_new_events", 0, NULL) != 0 ||
        trk_db_exec(db, "DELETE FROM pg_temp.trk_new_deadline_specs", 0, NULL) != 0 ||
        trk_db_exec(db,
                    "INSERT INTO pg_temp.trk_new_events SELECT DISTINCT d.trigger_event_id"
                    " FROM deadline d JOIN legal_case c ON c.id = d.case_id"
                    " WHERE c.jurisdiction IN (SELECT jurisdiction FROM calendar_change)"
                    " AND d.status = 'open' AND d.trigger_event_id IS NOT NULL",
                    0, NULL) != 0)
        return -1;
    engine_opts o = {.why = "recomputed after a change of the working-day calendar"};
    int changed = 0;
    if (run(db, o, &changed) != 0 || trk_db_exec(db, "DELETE FROM calendar_change", 0, NULL) != 0)
        return -1;
    return n;
}

int trk_deadlines_on_events_bulk(trk_db *db)
{
    int n = 0;
    return run(db, (engine_opts){.specs_listed = false}, &n);
}

int trk_deadlines_on_events_listed(trk_db *db)
{
    int n = 0;
    return run(db, (engine_opts){.specs_listed = true}, &n);
}

int trk_deadlines_on_event(trk_db *db, long long event_id, const trk_deadline_spec *specs, int n)
{
    char id[24], cnt[16];
    snprintf(id, sizeof id, "%lld", event_id);
    if (trk_deadlines_bulk_prepare(db) != 0 ||
        trk_db_exec(db, "DELETE FROM pg_temp.trk_new_events", 0, NULL) != 0 ||
        trk_db_exec(db, "DELETE FROM pg_temp.trk_new_deadline_specs", 0, NULL) != 0)
        return -1;
    const char *p[] = {id};
    if (trk_db_exec(db, "INSERT INTO pg_temp.trk_new_events VALUES ($1)", 1, p) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        const trk_deadline_spec *s = &specs[i];
        if (!s->kind || !trk_word_in(s->kind, trk_deadline_kinds)) {
            trk_error("invalid deadline kind \"%s\"", s->kind ? s->kind : "");
            return -1;
        }
        snprintf(cnt, sizeof cnt, "%d", s->count);
        const char *q[] = {id,
                           s->kind,
                           s->title,
                           s->due_on ? NULL : cnt,
                           s->due_on ? NULL : s->unit,
                           s->due_on ? NULL : s->roll,
                           s->due_on,
                           s->external_id};
        if (trk_db_exec(db,
                        "INSERT INTO pg_temp.trk_new_deadline_specs VALUES ($1, $2, $3, $4, $5,"
                        " $6, $7, $8)",
                        8, q) != 0)
            return -1;
    }
    int changed = 0;
    int rc = run(db, (engine_opts){.specs_listed = false}, &changed);
    if (trk_db_exec(db, "DELETE FROM pg_temp.trk_new_events", 0, NULL) != 0 ||
        trk_db_exec(db, "DELETE FROM pg_temp.trk_new_deadline_specs", 0, NULL) != 0)
        rc = -1;
    return rc;
}
