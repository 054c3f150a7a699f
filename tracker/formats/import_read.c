/*
 * import_read.c: the reading phase of tracker import. Parses the interchange format (a JSON
 * document, or JSON Lines one record per line), validates each record locally and spools typed
 * rows in COPY text format, one temporary file per staging table. Every error names the JSON
 * path of the offending value; errors are collected up to a limit rather than stopping at the
 * first. References between records are checked later, in the database (import_db.c).
 */
#include "import.h"

#include "msg.h"
#include "date.h"
#include "json_out.h"
#include "model.h"
#include "rules.h"
#include "strbuf.h"
#include "money.h"
#include "text.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PATH_MAX_LEN 256

/* Field flags for the string getters. */
#define F_REQ 0x1u   /* must be present and not null */
#define F_MULTI 0x2u /* line breaks allowed */

typedef struct rd {
    const trk_import_opts *o;
    trk_import_spool *sp;
    const char *where; /* "" for a document, "FILE:LINE: " for JSON Lines */
    trk_sb row;        /* row being built */
    bool oom;
    long ord; /* appearance order of rows, for deterministic inserts */
} rd;

/* ---- errors ---- */

void trk_import_error(trk_import_spool *sp, const trk_import_opts *o, const char *fmt, ...)
{
    sp->nerr++;
    if (sp->nerr > o->max_errors)
        return;
    if (o->progress)
        fputs("\r\033[K", trk_term_err()); /* the progress bar's own control, not user text */
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    trk_error("%s", msg);
}

static void err(rd *r, const char *path, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void err(rd *r, const char *path, const char *key, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    trk_import_error(r->sp, r->o, "%s%s%s%s: %s", r->where, path, key ? "." : "", key ? key : "",
                     msg);
}

/* ---- COPY rows ---- */

/* Append one field (NULL is SQL NULL), escaped for COPY text format. */
static void col(rd *r, const char *s)
{
    if (r->row.n > 0)
        trk_sb_add(&r->row, "\t", 1);
    trk_sb_copy_text(&r->row, s);
}

static void row_begin(rd *r, const char *path)
{
    char ord[24];
    trk_sb_reset(&r->row);
    char src[PATH_MAX_LEN + 64];
    snprintf(src, sizeof src, "%s%s", r->where, path);
    col(r, src);
    snprintf(ord, sizeof ord, "%ld", ++r->ord);
    col(r, ord);
}

int trk_import_read_end(const trk_import_opts *o, trk_import_spool *sp, bool stop)
{
    if (sp->nerr > o->max_errors) {
        trk_error("... and more errors (listing stops after %d)", o->max_errors);
        return -1;
    }
    if (stop && sp->nerr > 0)
        return -1;
    for (int t = 0; t < TRK_STG_N; t++)
        if (fflush(sp->f[t]) != 0 || fseek(sp->f[t], 0, SEEK_SET) != 0) {
            trk_error("could not write a temporary file: %s", strerror(errno));
            return -1;
        }
    return sp->nerr > 0 ? 1 : 0;
}

bool trk_import_spool_row(trk_import_spool *sp, int table, trk_sb *row)
{
    trk_sb_add(row, "\n", 1);
    if (row->oom || fwrite(row->p, 1, row->n, sp->f[table]) != row->n)
        return false;
    sp->rows[table]++;
    return true;
}

static void row_end(rd *r, int table)
{
    if (!r->oom && !trk_import_spool_row(r->sp, table, &r->row))
        r->oom = true;
}

/* ---- value getters: each reports a wrong type and returns NULL/false ---- */

/* Check that obj holds only keys from `allowed` (NULL-terminated, at most 32), each once. */
static void check_keys(rd *r, const cJSON *obj, const char *path, const char *const *allowed)
{
    uint32_t seen = 0;
    int unknown = 0;
    char b[80];
    for (const cJSON *c = obj->child; c; c = c->next) {
        int k = 0;
        while (allowed[k] && strcmp(allowed[k], c->string) != 0)
            k++;
        if (!allowed[k]) {
            if (unknown++ < 3)
                err(r, path, NULL, "unknown key \"%s\"", trk_text_show(c->string, b, sizeof b));
            continue;
        }
        if (seen & (1u << k))
            err(r, path, NULL, "duplicate key \"%s\"", c->string);
        seen |= 1u << k;
    }
}

static const cJSON *get(const cJSON *obj, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

static const char *get_str(rd *r, const cJSON *obj, const char *path, const char *key,
                           unsigned flags, size_t max)
{
    const cJSON *v = get(obj, key);
    if (!v || cJSON_IsNull(v)) {
        if (flags & F_REQ)
            err(r, path, key, v ? "must not be null" : "missing required field");
        return NULL;
    }
    if (!cJSON_IsString(v)) {
        err(r, path, key, "expected a string, got %s", trk_json_type_name(v));
        return NULL;
    }
    const char *s = v->valuestring;
    size_t len = strlen(s);
    if (!trk_utf8_valid(s, len)) {
        err(r, path, key, "not valid UTF-8");
        return NULL;
    }
    if (len > max) {
        err(r, path, key, "too long (%zu bytes, at most %zu)", len, max);
        return NULL;
    }
    if (!(flags & F_MULTI) && strpbrk(s, "\r\n")) {
        err(r, path, key, "line breaks are not allowed here");
        return NULL;
    }
    if ((flags & F_REQ) && len == 0) {
        err(r, path, key, "must not be empty");
        return NULL;
    }
    return s;
}

/* An external id: 1..200 bytes, no spaces or control characters. */
static const char *get_id(rd *r, const cJSON *obj, const char *path, const char *key,
                          unsigned flags)
{
    /* As `--external-id` on the command line: one line of text (spaces allowed), so that
     * whatever the CLI stored can be exported and imported again. */
    const char *s = get_str(r, obj, path, key, flags, TRK_TEXT_SHORT_MAX);
    if (!s)
        return NULL;
    char b[80];
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f) {
            err(r, path, key, "invalid id \"%s\": control characters are not allowed",
                trk_text_show(s, b, sizeof b));
            return NULL;
        }
    if (!*s) {
        err(r, path, key, "must not be empty");
        return NULL;
    }
    return s;
}

static const char *get_word(rd *r, const cJSON *obj, const char *path, const char *key,
                            unsigned flags, const char *const *words, const char *what)
{
    const char *s = get_str(r, obj, path, key, flags, 100);
    if (s && !trk_word_in(s, words)) {
        char list[400], b[80];
        err(r, path, key, "unknown %s \"%s\" (expected one of: %s)", what, trk_text_show(s, b, sizeof b),
            trk_words_join(words, list, sizeof list));
        return NULL;
    }
    return s;
}

/* A date "YYYY-MM-DD"; stores the canonical text in out. */
static const char *get_date(rd *r, const cJSON *obj, const char *path, const char *key,
                            unsigned flags, char out[TRK_DATE_STRLEN], trk_date *d)
{
    const char *s = get_str(r, obj, path, key, flags, 100);
    if (!s)
        return NULL;
    trk_date v;
    char b[80];
    if (trk_date_parse(s, &v) != 0) {
        err(r, path, key, "invalid date \"%s\" (expected YYYY-MM-DD)", trk_text_show(s, b, sizeof b));
        return NULL;
    }
    if (d)
        *d = v;
    return trk_date_format(v, out);
}

/* A boolean; absent or null gives dflt. Returns "t"/"f" for COPY. */
static const char *get_bool(rd *r, const cJSON *obj, const char *path, const char *key,
                            bool dflt, bool *out)
{
    const cJSON *v = get(obj, key);
    bool b = dflt;
    if (v && !cJSON_IsNull(v)) {
        if (!cJSON_IsBool(v))
            err(r, path, key, "expected true or false, got %s", trk_json_type_name(v));
        else
            b = cJSON_IsTrue(v);
    }
    if (out)
        *out = b;
    return b ? "t" : "f";
}

/* An array (absent or null gives NULL); reports a wrong type. */
static const cJSON *get_array(rd *r, const cJSON *obj, const char *path, const char *key)
{
    const cJSON *v = get(obj, key);
    if (!v || cJSON_IsNull(v))
        return NULL;
    if (!cJSON_IsArray(v)) {
        err(r, path, key, "expected an array, got %s", trk_json_type_name(v));
        return NULL;
    }
    return v;
}

static bool is_object(rd *r, const cJSON *v, const char *path)
{
    if (cJSON_IsObject(v))
        return true;
    err(r, path, NULL, "expected an object, got %s", trk_json_type_name(v));
    return false;
}

/* A money amount: must be a JSON string (numbers are binary floats), exact for the currency. */
static const char *get_amount(rd *r, const cJSON *obj, const char *path, const char *key,
                              const char *currency, char out[TRK_AMOUNT_STRLEN])
{
    const cJSON *v = get(obj, key);
    if (v && cJSON_IsNumber(v)) {
        err(r, path, key,
            "amounts must be JSON strings such as \"800000.00\", not numbers (numbers lose "
            "precision)");
        return NULL;
    }
    const char *s = get_str(r, obj, path, key, F_REQ, 64);
    if (!s || !currency)
        return NULL;
    const char *why;
    char b[80];
    if (trk_amount_parse(s, currency, out, &why) != 0) {
        err(r, path, key, "invalid amount \"%s\" for %s: %s", trk_text_show(s, b, sizeof b), currency, why);
        return NULL;
    }
    return out;
}

static const char *get_currency(rd *r, const cJSON *obj, const char *path, const char *key)
{
    const char *s = get_str(r, obj, path, key, F_REQ, 16);
    char b[80];
    if (s && !trk_currency_known(s)) {
        err(r, path, key, "unknown currency \"%s\" (expected an ISO 4217 code such as RUB, USD, EUR)",
            trk_text_show(s, b, sizeof b));
        return NULL;
    }
    return s;
}

/* ---- records ---- */

static void sub(char *out, const char *path, const char *key, int i)
{
    /* Paths deeper than PATH_MAX_LEN are cut; testing the result keeps -Wformat-truncation
     * (on at -O2) satisfied that the cut is intended. */
    int n = i >= 0 ? snprintf(out, PATH_MAX_LEN, "%s.%s[%d]", path, key, i)
                   : snprintf(out, PATH_MAX_LEN, "%s.%s", path, key);
    if (n < 0 || n >= PATH_MAX_LEN)
        out[PATH_MAX_LEN - 1] = '\0';
}

static void read_party(rd *r, const cJSON *o, const char *path)
{
    static const char *const keys[] = {"id", "name", "kind", NULL};
    if (!is_object(r, o, path))
        return;
    check_keys(r, o, path, keys);
    const char *id = get_id(r, o, path, "id", F_REQ);
    const char *name = get_str(r, o, path, "name", F_REQ, TRK_TEXT_SHORT_MAX);
    const char *kind = get_word(r, o, path, "kind", 0, trk_party_kinds, "party kind");
    row_begin(r, path);
    col(r, id);
    col(r, name);
    col(r, kind ? kind : "organisation");
    row_end(r, TRK_STG_PARTY);
}

static const char *get_jurisdiction(rd *r, const cJSON *o, const char *path, unsigned flags)
{
    const char *j = get_str(r, o, path, "jurisdiction", flags, 16);
    char b[80];
    if (j && !trk_jurisdiction_syntax(j)) {
        err(r, path, "jurisdiction", "invalid jurisdiction \"%s\" (expected a code such as RU, US or US-CA)",
            trk_text_show(j, b, sizeof b));
        return NULL;
    }
    return j;
}

static void read_body(rd *r, const cJSON *o, const char *path)
{
    static const char *const keys[] = {"id", "name", "kind", "jurisdiction", NULL};
    if (!is_object(r, o, path))
        return;
    check_keys(r, o, path, keys);
    const char *id = get_id(r, o, path, "id", F_REQ);
    const char *name = get_str(r, o, path, "name", F_REQ, TRK_TEXT_SHORT_MAX);
    const char *kind = get_word(r, o, path, "kind", 0, trk_body_kinds, "body kind");
    const char *j = get_jurisdiction(r, o, path, 0);
    row_begin(r, path);
    col(r, id);
    col(r, name);
    col(r, kind ? kind : "court");
    col(r, j);
    row_end(r, TRK_STG_BODY);
}

static void read_source(rd *r, const cJSON *o, const char *path)
{
    static const char *const keys[] = {"id",           "url",          "publisher", "title",
                                       "published_on", "retrieved_on", NULL};
    if (!is_object(r, o, path))
        return;
    check_keys(r, o, path, keys);
    char d1[TRK_DATE_STRLEN], d2[TRK_DATE_STRLEN], b[80];
    const char *id = get_id(r, o, path, "id", F_REQ);
    const char *url = get_str(r, o, path, "url", F_REQ, 2000);
    if (url) {
        bool ok = strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0;
        for (const unsigned char *p = (const unsigned char *)url; ok && *p; p++)
            if (*p <= 0x20 || *p == 0x7f)
                ok = false;
        if (!ok)
            err(r, path, "url", "invalid URL \"%s\" (expected http:// or https:// without spaces)",
                trk_text_show(url, b, sizeof b));
    }
    const char *publisher = get_str(r, o, path, "publisher", 0, TRK_TEXT_SHORT_MAX);
    const char *title = get_str(r, o, path, "title", F_MULTI, TRK_TEXT_SHORT_MAX);
    const char *pub = get_date(r, o, path, "published_on", 0, d1, NULL);
    const char *ret = get_date(r, o, path, "retrieved_on", 0, d2, NULL);
    row_begin(r, path);
    col(r, id);
    col(r, url);
    col(r, publisher);
    col(r, title);
    col(r, pub);
    col(r, ret);
    row_end(r, TRK_STG_SOURCE);
}

/* A reference to another record by its external id. */
static const char *get_ref(rd *r, const cJSON *o, const char *path, const char *key, unsigned flags)
{
    return get_id(r, o, path, key, flags);
}

/* "HH:MM" or "HH:MM:SS". */
static bool time_valid(const char *s)
{
    size_t n = strlen(s);
    if (n != 5 && n != 8)
        return false;
    for (size_t i = 0; i < n; i++) {
        bool colon = i == 2 || i == 5;
        if (colon ? s[i] != ':' : (s[i] < '0' || s[i] > '9'))
            return false;
    }
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    int sec = n == 8 ? (s[6] - '0') * 10 + (s[7] - '0') : 0;
    return h < 24 && m < 60 && sec < 60;
}

static void read_fine(rd *r, const cJSON *o, const char *path, const char *event_id)
{
    static const char *const keys[] = {"id",    "amount", "currency",  "paid", "paid_on",
                                       "payer", "authority", "equivalents", NULL};
    static const char *const eq_keys[] = {"amount", "currency", "rate", "as_of", "note", NULL};
    if (!is_object(r, o, path))
        return;
    check_keys(r, o, path, keys);
    char amt[TRK_AMOUNT_STRLEN], d1[TRK_DATE_STRLEN], p[PATH_MAX_LEN], b[80];
    const char *id = get_id(r, o, path, "id", 0);
    const char *cur = get_currency(r, o, path, "currency");
    const char *amount = get_amount(r, o, path, "amount", cur, amt);
    bool paid;
    const char *paid_s = get_bool(r, o, path, "paid", false, &paid);
    const char *paid_on = get_date(r, o, path, "paid_on", 0, d1, NULL);
    if (paid_on && !paid)
        err(r, path, "paid_on", "a payment date needs \"paid\": true");
    const char *payer = get_ref(r, o, path, "payer", 0);
    const char *authority = get_ref(r, o, path, "authority", 0);
    row_begin(r, path);
    col(r, id);
    col(r, event_id);
    col(r, amount);
    col(r, cur);
    col(r, paid_s);
    col(r, paid_on);
    col(r, payer);
    col(r, authority);
    row_end(r, TRK_STG_FINE);

    const cJSON *eqs = get_array(r, o, path, "equivalents");
    int i = 0;
    for (const cJSON *e = eqs ? eqs->child : NULL; e; e = e->next, i++) {
        sub(p, path, "equivalents", i);
        if (!is_object(r, e, p))
            continue;
        check_keys(r, e, p, eq_keys);
        char eamt[TRK_AMOUNT_STRLEN], rate[64], d2[TRK_DATE_STRLEN];
        const char *ecur = get_currency(r, e, p, "currency");
        const char *eamount = get_amount(r, e, p, "amount", ecur, eamt);
        const char *rate_s = NULL;
        const cJSON *rv = get(e, "rate");
        if (rv && cJSON_IsNumber(rv)) {
            err(r, p, "rate", "rates must be JSON strings such as \"0.0175\", not numbers");
        } else {
            const char *rs = get_str(r, e, p, "rate", 0, 64);
            const char *why;
            if (rs && trk_rate_parse(rs, rate, sizeof rate, &why) != 0)
                err(r, p, "rate", "invalid rate \"%s\": %s", trk_text_show(rs, b, sizeof b), why);
            else
                rate_s = rs ? rate : NULL;
        }
        if (ecur && cur && strcmp(ecur, cur) == 0)
            err(r, p, "currency", "an equivalent must be in another currency than the fine (%s)",
                cur);
        const char *as_of = get_date(r, e, p, "as_of", 0, d2, NULL);
        const char *note = get_str(r, e, p, "note", 0, TRK_TEXT_SHORT_MAX);
        row_begin(r, p);
        col(r, event_id);
        col(r, eamount);
        col(r, ecur);
        col(r, rate_s);
        col(r, as_of);
        col(r, note);
        row_end(r, TRK_STG_FINE_EQ);
    }
}

static void read_deadline(rd *r, const cJSON *o, const char *path, const char *event_id)
{
    static const char *const keys[] = {"id", "kind", "title", "period", "due_on", NULL};
    static const char *const period_keys[] = {"count", "unit", "roll", NULL};
    const char *const *units = trk_unit_words;
    const char *const *rolls = trk_roll_words;
    if (!is_object(r, o, path))
        return;
    check_keys(r, o, path, keys);
    char d1[TRK_DATE_STRLEN], p[PATH_MAX_LEN], cnt[16], defid[256];
    const char *id = get_id(r, o, path, "id", 0);
    const char *kind = get_word(r, o, path, "kind", F_REQ, trk_deadline_kinds, "deadline kind");
    const char *title = get_str(r, o, path, "title", 0, TRK_TEXT_SHORT_MAX);
    const char *due_on = get_date(r, o, path, "due_on", 0, d1, NULL);
    const cJSON *per = get(o, "period");
    const char *count = NULL, *unit = NULL, *roll = NULL;
    if (per && !cJSON_IsNull(per)) {
        sub(p, path, "period", -1);
        if (is_object(r, per, p)) {
            check_keys(r, per, p, period_keys);
            const cJSON *c = get(per, "count");
            if (!c)
                err(r, p, "count", "missing required field");
            else if (!cJSON_IsNumber(c) || c->valuedouble != (double)(int)c->valuedouble ||
                     c->valuedouble < 1 || c->valuedouble > 10000)
                err(r, p, "count", "expected a whole number from 1 to 10000");
            else {
                snprintf(cnt, sizeof cnt, "%d", (int)c->valuedouble);
                count = cnt;
            }
            unit = get_word(r, per, p, "unit", F_REQ, units, "period unit");
            roll = get_word(r, per, p, "roll", 0, rolls, "roll");
        }
        if (due_on)
            err(r, path, NULL, "give either \"period\" or \"due_on\", not both");
    } else if (!due_on && get(o, "due_on") == NULL) {
        err(r, path, NULL, "a deadline needs \"period\" or \"due_on\"");
    }
    if (!id && event_id && kind) {
        snprintf(defid, sizeof defid, "%s:%s", event_id, kind);
        id = defid;
    }
    row_begin(r, path);
    col(r, id);
    col(r, event_id);
    col(r, kind);
    col(r, title);
    col(r, count);
    col(r, unit);
    col(r, roll);
    col(r, due_on);
    row_end(r, TRK_STG_DEADLINE);
}

/* An event of case `case_id` (NULL: the event names its case in "case", JSON Lines). */
static void read_event(rd *r, const cJSON *o, const char *path, const char *case_id)
{
    static const char *const keys[] = {
        "id",       "type",    "date",        "date_precision", "time",  "time_zone",
        "received_on", "outcome", "title",     "description",    "body",  "party",
        "vacated",  "sources", "fine",        "deadlines",      "case",  "service_method", NULL};
    if (!is_object(r, o, path))
        return;
    check_keys(r, o, path, keys);
    if (case_id && get(o, "case"))
        err(r, path, "case", "only allowed on an event record of its own (JSON Lines)");
    if (!case_id)
        case_id = get_ref(r, o, path, "case", F_REQ);
    char d1[TRK_DATE_STRLEN], d2[TRK_DATE_STRLEN], p[PATH_MAX_LEN], b[80];
    trk_date date = 0, recv = 0;
    const char *id = get_id(r, o, path, "id", F_REQ);
    const char *type = get_word(r, o, path, "type", F_REQ, trk_event_types, "event type");
    const char *date_s = get_date(r, o, path, "date", F_REQ, d1, &date);
    const char *prec =
        get_word(r, o, path, "date_precision", 0, trk_date_precisions, "date precision");
    const char *time = get_str(r, o, path, "time", 0, 16);
    if (time && !time_valid(time)) {
        err(r, path, "time", "invalid time \"%s\" (expected HH:MM or HH:MM:SS)",
            trk_text_show(time, b, sizeof b));
        time = NULL;
    }
    const char *tz = get_str(r, o, path, "time_zone", 0, 64);
    if ((get(o, "time") && !cJSON_IsNull(get(o, "time"))) !=
        (get(o, "time_zone") && !cJSON_IsNull(get(o, "time_zone"))))
        err(r, path, NULL, "\"time\" and \"time_zone\" go together: give both or neither");
    const char *recv_s = get_date(r, o, path, "received_on", 0, d2, &recv);
    if (recv_s && date_s && recv < date)
        err(r, path, "received_on", "the receipt date %s is before the event date %s", recv_s,
            date_s);
    const char *outcome = get_word(r, o, path, "outcome", 0, trk_event_outcomes, "outcome");
    if (outcome && type && !trk_word_in(type, (const char *const[]){"appeal_decided", "ruling",
                                                                      "order", "complaint", NULL}))
        err(r, path, "outcome", "an outcome is only allowed on appeal_decided, ruling, order and "
                                "complaint events, not on %s",
            type);
    const char *title = get_str(r, o, path, "title", F_REQ | F_MULTI, TRK_TEXT_SHORT_MAX);
    const char *desc = get_str(r, o, path, "description", F_MULTI, TRK_TEXT_LONG_MAX);
    const char *body = get_ref(r, o, path, "body", 0);
    const char *party = get_ref(r, o, path, "party", 0);
    const char *vacated = get_bool(r, o, path, "vacated", false, NULL);
    static const char *const methods[] = {"personal", "mail", "electronic", "other", NULL};
    const char *service = get_word(r, o, path, "service_method", 0, methods, "service method");
    row_begin(r, path);
    col(r, id);
    col(r, case_id);
    col(r, type);
    col(r, date_s);
    col(r, prec ? prec : "day");
    col(r, time);
    col(r, tz);
    col(r, recv_s);
    col(r, outcome);
    col(r, title);
    col(r, desc);
    col(r, body);
    col(r, party);
    col(r, vacated);
    col(r, service);
    row_end(r, TRK_STG_EVENT);

    const cJSON *srcs = get_array(r, o, path, "sources");
    int i = 0;
    for (const cJSON *s = srcs ? srcs->child : NULL; s; s = s->next, i++) {
        sub(p, path, "sources", i);
        if (!cJSON_IsString(s)) {
            err(r, p, NULL, "expected a source id (a string), got %s", trk_json_type_name(s));
            continue;
        }
        row_begin(r, p);
        col(r, id);
        col(r, s->valuestring);
        row_end(r, TRK_STG_EVENT_SOURCE);
    }
    const cJSON *fine = get(o, "fine");
    if (fine && !cJSON_IsNull(fine)) {
        sub(p, path, "fine", -1);
        read_fine(r, fine, p, id);
    }
    const cJSON *dls = get_array(r, o, path, "deadlines");
    i = 0;
    for (const cJSON *d = dls ? dls->child : NULL; d; d = d->next, i++) {
        sub(p, path, "deadlines", i);
        read_deadline(r, d, p, id);
    }
}

/* Tags by text, then position: the later ones of equal texts are duplicates. */
typedef struct tag_at {
    const char *s;
    int i;
} tag_at;

static int tag_cmp(const void *a, const void *b)
{
    const tag_at *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* dup[i] for each element of the array ta that repeats an earlier string element (sorting, not
 * comparing all pairs: a record may hold up to a million values). NULL when out of memory. */
static bool *tag_duplicates(const cJSON *ta)
{
    int n = cJSON_GetArraySize(ta), k = 0, i = 0;
    bool *dup = calloc((size_t)n + 1, sizeof *dup);
    tag_at *v = malloc(((size_t)n + 1) * sizeof *v);
    if (!dup || !v) {
        free(dup);
        free(v);
        return NULL;
    }
    for (const cJSON *t = ta ? ta->child : NULL; t; t = t->next, i++)
        if (cJSON_IsString(t))
            v[k++] = (tag_at){t->valuestring, i};
    qsort(v, (size_t)k, sizeof *v, tag_cmp);
    for (int j = 1; j < k; j++)
        if (strcmp(v[j].s, v[j - 1].s) == 0)
            dup[v[j].i] = true;
    free(v);
    return dup;
}

static void read_case(rd *r, const cJSON *o, const char *path)
{
    static const char *const keys[] = {"id",     "title",   "jurisdiction", "body",
                                       "docket", "status",  "procedure",    "summary",
                                       "tags",   "parties", "events",       NULL};
    static const char *const cp_keys[] = {"party", "role", NULL};
    if (!is_object(r, o, path))
        return;
    check_keys(r, o, path, keys);
    char p[PATH_MAX_LEN], b[80];
    const char *id = get_id(r, o, path, "id", F_REQ);
    const char *title = get_str(r, o, path, "title", F_REQ | F_MULTI, TRK_TEXT_SHORT_MAX);
    const char *j = get_jurisdiction(r, o, path, F_REQ);
    const char *body = get_ref(r, o, path, "body", 0);
    const char *docket = get_str(r, o, path, "docket", 0, TRK_TEXT_SHORT_MAX);
    const char *status = get_word(r, o, path, "status", 0, trk_case_statuses, "case status");
    const char *procedure = get_word(r, o, path, "procedure", 0, trk_procedures, "procedure");
    const char *summary = get_str(r, o, path, "summary", F_MULTI, TRK_TEXT_LONG_MAX);

    /* tags: a PostgreSQL array literal; tag syntax excludes quotes and backslashes. */
    char *tags = NULL;
    size_t tn = 0;
    const cJSON *ta = get_array(r, o, path, "tags");
    int i = 0;
    size_t cap = 3;
    for (const cJSON *t = ta ? ta->child : NULL; t; t = t->next)
        cap += (cJSON_IsString(t) ? strlen(t->valuestring) : 0) + 3;
    tags = malloc(cap);
    bool *dups = tag_duplicates(ta);
    if (!tags || !dups) {
        free(tags);
        free(dups);
        r->oom = true;
        return;
    }
    tags[tn++] = '{';
    for (const cJSON *t = ta ? ta->child : NULL; t; t = t->next, i++) {
        sub(p, path, "tags", i);
        if (!cJSON_IsString(t)) {
            err(r, p, NULL, "expected a tag (a string), got %s", trk_json_type_name(t));
            continue;
        }
        if (!trk_tag_valid(t->valuestring) || !trk_utf8_valid(t->valuestring, strlen(t->valuestring))) {
            err(r, p, NULL,
                "invalid tag \"%s\" (1 to 64 bytes of lowercase letters, digits, '-', '_', ':')",
                trk_text_show(t->valuestring, b, sizeof b));
            continue;
        }
        if (dups[i]) {
            err(r, p, NULL, "duplicate tag \"%s\"", trk_text_show(t->valuestring, b, sizeof b));
            continue;
        }
        if (tn > 1)
            tags[tn++] = ',';
        tags[tn++] = '"';
        size_t l = strlen(t->valuestring);
        memcpy(tags + tn, t->valuestring, l);
        tn += l;
        tags[tn++] = '"';
    }
    tags[tn++] = '}';
    tags[tn] = '\0';
    free(dups);

    row_begin(r, path);
    col(r, id);
    col(r, title);
    col(r, j);
    col(r, body);
    col(r, docket);
    col(r, status ? status : "open");
    col(r, summary);
    col(r, tags);
    col(r, procedure ? procedure : "unknown");
    row_end(r, TRK_STG_CASE);
    free(tags);

    const cJSON *ps = get_array(r, o, path, "parties");
    i = 0;
    for (const cJSON *c = ps ? ps->child : NULL; c; c = c->next, i++) {
        sub(p, path, "parties", i);
        if (!is_object(r, c, p))
            continue;
        check_keys(r, c, p, cp_keys);
        const char *party = get_ref(r, c, p, "party", F_REQ);
        const char *role = get_word(r, c, p, "role", F_REQ, trk_party_roles, "role");
        row_begin(r, p);
        col(r, id);
        col(r, party);
        col(r, role);
        row_end(r, TRK_STG_CASE_PARTY);
    }
    const cJSON *es = get_array(r, o, path, "events");
    i = 0;
    for (const cJSON *e = es ? es->child : NULL; e; e = e->next, i++) {
        sub(p, path, "events", i);
        read_event(r, e, p, id ? id : "");
    }
}

/* ---- limits and parsing ---- */

/* Deepest nesting of [ and { outside strings, stopping early past `limit`. */
static int nesting_depth(const char *s, size_t n, int limit, size_t *at)
{
    int depth = 0, max = 0;
    bool in_str = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = false;
            continue;
        }
        if (c == '"')
            in_str = true;
        else if (c == '{' || c == '[') {
            if (++depth > max) {
                max = depth;
                if (max > limit) {
                    *at = i;
                    return max;
                }
            }
        } else if (c == '}' || c == ']')
            depth--;
    }
    return max;
}

/* Offset of the first "\u0000" escape inside a string, or -1. cJSON would cut the string
 * there ("a\u0000b" becomes "a"): such text cannot be stored verbatim, so it is refused. */
static long nul_escape(const char *s, size_t n)
{
    bool in_str = false;
    for (size_t i = 0; i < n; i++) {
        if (!in_str) {
            in_str = s[i] == '"';
            continue;
        }
        if (s[i] == '"') {
            in_str = false;
        } else if (s[i] == '\\' && i + 1 < n) {
            if (s[i + 1] == 'u' && i + 5 < n && memcmp(s + i + 2, "0000", 4) == 0)
                return (long)i;
            i++;
        }
    }
    return -1;
}

/* Line and column (1-based) of byte `at` of s. */
static void line_col(const char *s, size_t at, long *line, long *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < at; i++) {
        if (s[i] == '\n') {
            ++*line;
            *col = 1;
        } else {
            ++*col;
        }
    }
}

/* The checks made on a JSON text before parsing it: nesting depth, NUL escapes. */
static bool prescan(rd *r, const char *buf, size_t n, const char *what)
{
    size_t at = 0;
    if (nesting_depth(buf, n, TRK_IMPORT_MAX_DEPTH, &at) > TRK_IMPORT_MAX_DEPTH) {
        trk_import_error(r->sp, r->o,
                         "%s%s: nesting too deep at byte %zu (at most %d levels of arrays and "
                         "objects)",
                         r->where, what, at + 1, TRK_IMPORT_MAX_DEPTH);
        return false;
    }
    long nul = nul_escape(buf, n);
    if (nul >= 0) {
        long line, col;
        line_col(buf, (size_t)nul, &line, &col);
        if (r->where[0])
            trk_import_error(r->sp, r->o,
                             "%sa NUL character (\\u0000) at column %ld: text cannot hold it",
                             r->where, col);
        else
            trk_import_error(r->sp, r->o,
                             "%s: a NUL character (\\u0000) at line %ld, column %ld: text cannot "
                             "hold it",
                             what, line, col);
        return false;
    }
    return true;
}

/* Parse one JSON text; reports syntax errors with a line and column. */
static cJSON *parse(rd *r, const char *buf, size_t n, const char *what)
{
    if (!prescan(r, buf, n, what))
        return NULL;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(buf, n, &end, false);
    if (root) {
        const char *p = end;
        while (p < buf + n && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
            p++;
        if (p < buf + n) {
            cJSON_Delete(root);
            root = NULL;
            end = p;
        }
    }
    if (!root) {
        if (!end || end < buf || end > buf + n)
            end = buf + n;
        long line = 1, column = 1;
        for (const char *p = buf; p < end; p++) {
            if (*p == '\n') {
                line++;
                column = 1;
            } else
                column++;
        }
        if (r->where[0])
            trk_import_error(r->sp, r->o, "%sinvalid JSON at column %ld", r->where, column);
        else
            trk_import_error(r->sp, r->o, "%s: invalid JSON at line %ld, column %ld", what, line,
                             column);
    }
    return root;
}

static const char *input_name(const trk_import_opts *o)
{
    return strcmp(o->path, "-") == 0 ? "stdin" : o->path;
}

static void read_header(rd *r, const cJSON *root, const char *path, const char *format)
{
    const char *f = get_str(r, root, path, "format", F_REQ, 100);
    char b[80];
    if (f && strcmp(f, format) != 0)
        err(r, path, "format", "expected \"%s\", got \"%s\"", format, trk_text_show(f, b, sizeof b));
    const cJSON *v = get(root, "version");
    if (!v)
        err(r, path, "version", "missing required field");
    else if (!cJSON_IsNumber(v) || v->valuedouble != 1)
        err(r, path, "version", "unsupported version (this tracker reads version 1)");
}

/*
 * A JSON document is read as a whole (at most --max-size bytes) but never parsed as a whole: a
 * tree costs cJSON 60-100 bytes per value, 40 times the input for "[0,0,...]". The root object is
 * walked here; the records of its four lists ("parties", "bodies", "sources", "cases") are parsed,
 * validated and freed one at a time, so that peak memory is the input plus the largest record's
 * tree (docs/interchange.md, "Limits"). Before a record is parsed, the scan that finds its end
 * counts its values; a record of more than TRK_IMPORT_MAX_RECORD_VALUES is refused unparsed.
 * Two passes: the first parses every record and frees it at once (syntax errors are reported
 * before anything else, as for a document parsed whole), the second validates and spools them.
 */

/* Offset of the first non-blank byte at or after i. */
static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
}

/* The end of the JSON value starting at s[i] (found by brackets and strings only: cJSON checks
 * the rest), and in *values an upper bound of the values it holds (containers and their commas).
 * Returns i itself when no value starts there, n when it does not end, and the offset of a
 * closing bracket that does not match (the value then fails to parse there). The nesting depth
 * was checked before (prescan). */
static size_t skip_value(const char *s, size_t n, size_t i, size_t *values)
{
    size_t count = 1;
    int depth = 0;
    char open[TRK_IMPORT_MAX_DEPTH + 1];
    bool in_str = false;
    if (i >= n)
        return n;
    if (s[i] != '"' && s[i] != '{' && s[i] != '[') { /* a number or a literal */
        while (i < n && !strchr(",]} \t\r\n:{[\"", s[i]))
            i++;
        *values = 1;
        return i;
    }
    for (; i < n; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"') {
                in_str = false;
                if (depth == 0)
                    break;
            }
            continue;
        }
        if (c == '"')
            in_str = true;
        else if (c == '{' || c == '[') {
            if (depth < TRK_IMPORT_MAX_DEPTH + 1)
                open[depth] = c;
            depth++;
            count++;
        } else if (c == '}' || c == ']') {
            if (depth <= TRK_IMPORT_MAX_DEPTH + 1 && open[depth - 1] != (c == '}' ? '{' : '[')) {
                *values = count;
                return i;
            }
            if (--depth == 0)
                break;
        } else if (c == ',')
            count++;
    }
    *values = count;
    return i >= n ? n : i + 1;
}

/* "FILE: invalid JSON at line L, column C" for byte `at` of the document. */
static void syntax_error(rd *r, const char *doc, size_t at, const char *what)
{
    long line, col;
    line_col(doc, at, &line, &col);
    trk_import_error(r->sp, r->o, "%s: invalid JSON at line %ld, column %ld", what, line, col);
}

/* Parse the value doc[at..end) (one record or member value); NULL after reporting. */
static cJSON *parse_part(rd *r, const char *doc, size_t at, size_t end, const char *what)
{
    const char *stop = NULL;
    cJSON *v = cJSON_ParseWithLengthOpts(doc + at, end - at, &stop, false);
    if (v && stop == doc + end)
        return v;
    cJSON_Delete(v);
    size_t bad = stop && stop >= doc + at && stop <= doc + end ? (size_t)(stop - doc) : end;
    syntax_error(r, doc, bad, what);
    return NULL;
}

/* Refuse a record whose value count would make its tree too large. */
static bool record_fits(rd *r, const char *path, size_t values)
{
    if (values <= TRK_IMPORT_MAX_RECORD_VALUES)
        return true;
    trk_import_error(r->sp, r->o,
                     "%s: record too large (%zu values, at most %u in one record); nothing was read",
                     path, values, (unsigned)TRK_IMPORT_MAX_RECORD_VALUES);
    trk_hint("use JSON Lines (--format jsonl), where each event is a record of its own");
    return false;
}

/* The four lists of a document, in reading order, and where their arrays are. */
static const struct doc_list {
    const char *key;
    void (*fn)(rd *, const cJSON *, const char *);
} doc_lists[] = {{"parties", read_party}, {"bodies", read_body}, {"sources", read_source},
                 {"cases", read_case}};
#define DOC_LISTS (sizeof doc_lists / sizeof doc_lists[0])

/*
 * Walk the elements of the array at doc[at] (a '['). pass 1: parse and free each (syntax,
 * size); pass 2: validate and spool each with fn. Returns 0, or -1 on a syntax error or a record
 * too large (reported).
 */
static int walk_list(rd *r, const char *doc, size_t n, size_t at, const struct doc_list *l,
                     int pass, const char *what)
{
    char path[PATH_MAX_LEN];
    size_t i = skip_ws(doc, n, at + 1);
    if (i < n && doc[i] == ']')
        return 0;
    for (int k = 0;; k++) {
        size_t values = 0, end = skip_value(doc, n, i, &values);
        if (end == i || end == n) { /* no value here, or it does not end before the list */
            syntax_error(r, doc, end == i ? i : n, what);
            return -1;
        }
        sub(path, "$", l->key, k);
        if (pass == 1 && !record_fits(r, path, values))
            return -1;
        /* (pass 1 leaves scalars, which are no records, to pass 2: it stops at --max-errors) */
        cJSON *v = pass == 2 || doc[i] == '{' || doc[i] == '[' ? parse_part(r, doc, i, end, what)
                                                               : cJSON_CreateNull();
        if (!v)
            return -1;
        if (pass == 2) {
            l->fn(r, v, path);
            r->sp->records++;
            if ((r->sp->records & 1023) == 0)
                trk_progress(r->o->progress, "validating", -1, r->sp->records);
        }
        cJSON_Delete(v);
        if (r->oom || r->sp->nerr > r->o->max_errors)
            return 0;
        i = skip_ws(doc, n, end);
        if (i < n && doc[i] == ',') {
            i = skip_ws(doc, n, i + 1);
            continue;
        }
        if (i < n && doc[i] == ']')
            return 0;
        syntax_error(r, doc, i, what);
        return -1;
    }
}

/*
 * The root object of doc: its members other than the lists are parsed into *skel (each value's
 * size checked first); a list whose value is an array becomes an empty array in *skel (so that
 * key and type checks see it) and its position goes to list_at[] (the first occurrence, as cJSON's
 * lookup finds the first). Returns 0 or -1 (reported).
 */
static int walk_root(rd *r, const char *doc, size_t n, const char *what, cJSON **skel,
                     size_t list_at[DOC_LISTS])
{
    size_t i = skip_ws(doc, n, 0);
    cJSON *root = cJSON_CreateObject();
    if (!root) {
        r->oom = true;
        return -1;
    }
    *skel = root;
    i = skip_ws(doc, n, i + 1); /* past '{' */
    if (i < n && doc[i] == '}')
        goto end;
    for (;;) {
        size_t kv = 0, kend = i < n && doc[i] == '"' ? skip_value(doc, n, i, &kv) : i;
        if (kend == i || kend == n) {
            syntax_error(r, doc, kend == i ? i : n, what);
            return -1;
        }
        cJSON *key = parse_part(r, doc, i, kend, what);
        if (!key)
            return -1;
        i = skip_ws(doc, n, kend);
        if (i >= n || doc[i] != ':') {
            cJSON_Delete(key);
            syntax_error(r, doc, i, what);
            return -1;
        }
        i = skip_ws(doc, n, i + 1);
        size_t values = 0, vend = skip_value(doc, n, i, &values);
        if (vend == i || vend == n) {
            cJSON_Delete(key);
            syntax_error(r, doc, vend == i ? i : n, what);
            return -1;
        }
        size_t l = 0;
        while (l < DOC_LISTS && strcmp(doc_lists[l].key, key->valuestring) != 0)
            l++;
        cJSON *v;
        if (l < DOC_LISTS && doc[i] == '[') {
            if (!get(root, doc_lists[l].key))
                list_at[l] = i;
            v = cJSON_CreateArray();
        } else {
            char path[PATH_MAX_LEN];
            snprintf(path, sizeof path, "$.%.200s", key->valuestring);
            if (!record_fits(r, path, values)) {
                cJSON_Delete(key);
                return -1;
            }
            v = parse_part(r, doc, i, vend, what);
        }
        if (!v) {
            cJSON_Delete(key);
            return -1;
        }
        cJSON_AddItemToObject(root, key->valuestring, v);
        cJSON_Delete(key);
        i = skip_ws(doc, n, vend);
        if (i < n && doc[i] == ',') {
            i = skip_ws(doc, n, i + 1);
            continue;
        }
        if (i < n && doc[i] == '}')
            break;
        syntax_error(r, doc, i, what);
        return -1;
    }
end:
    i = skip_ws(doc, n, i + 1);
    if (i < n) {
        syntax_error(r, doc, i, what);
        return -1;
    }
    return 0;
}

static int read_document(rd *r, FILE *in)
{
    const trk_import_opts *o = r->o;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    int rc = -1;
    cJSON *root = NULL;
    const char *what = input_name(o);
    if (!buf)
        goto oom;
    for (;;) {
        if (n == cap) {
            if (cap >= o->max_size + 1)
                break;
            size_t ncap = cap * 2 > o->max_size + 1 ? o->max_size + 1 : cap * 2;
            char *p = realloc(buf, ncap);
            if (!p)
                goto oom;
            buf = p;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n, in);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(in)) {
        trk_error("could not read \"%s\": %s", what, strerror(errno));
        goto out;
    }
    if (n > o->max_size) {
        trk_import_error(r->sp, o, "%s: input too large (more than %zu bytes)", what, o->max_size);
        trk_hint("use JSON Lines (--format jsonl) for large datasets, or raise --max-size");
        goto out;
    }
    if (!trk_utf8_valid(buf, n)) {
        trk_import_error(r->sp, o, "%s: not valid UTF-8 text", what);
        goto out;
    }
    /* A UTF-8 byte order mark (some editors write one) is not part of the JSON text. */
    size_t skip = n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    const char *doc = buf + skip;
    size_t len = n - skip, first = skip_ws(doc, len, 0);
    if (!prescan(r, doc, len, what))
        goto out;
    if (first < len && doc[first] == '[') {
        /* Not a document: refused before anything is parsed (it may hold millions of values). */
        err(r, "$", NULL, "expected an object, got an array");
        goto out;
    }
    if (first >= len || doc[first] != '{') { /* a scalar, or not JSON: small, parsed as before */
        root = parse(r, doc, len, what);
        if (root)
            is_object(r, root, "$");
        goto out;
    }
    size_t list_at[DOC_LISTS] = {0};
    if (walk_root(r, doc, len, what, &root, list_at) != 0)
        goto out;
    for (int pass = 1; pass <= 2; pass++) {
        if (pass == 2) {
            static const char *const keys[] = {"$schema", "format",  "version", "parties",
                                               "bodies",  "sources", "cases",   NULL};
            check_keys(r, root, "$", keys);
            read_header(r, root, "$", "tracker-interchange");
            get_str(r, root, "$", "$schema", 0, 2000);
        }
        for (size_t l = 0; l < DOC_LISTS; l++) {
            if (pass == 2 && !get_array(r, root, "$", doc_lists[l].key))
                continue;
            if (list_at[l] && walk_list(r, doc, len, list_at[l], &doc_lists[l], pass, what) != 0)
                goto out;
            if (r->oom || r->sp->nerr > o->max_errors)
                break;
        }
    }
    rc = 0;
    goto out;
oom:
    trk_error("out of memory");
out:
    cJSON_Delete(root);
    free(buf);
    return rc;
}

/* One JSON Lines record: {"record": "party"|"body"|"source"|"case"|"event"|"header", ...}. */
static void read_line_record(rd *r, cJSON *o, long lineno)
{
    char b[80];
    if (!is_object(r, o, "$"))
        return;
    const cJSON *kind = get(o, "record");
    if (!kind || !cJSON_IsString(kind)) {
        err(r, "$", "record",
            "expected a record type (\"party\", \"body\", \"source\", \"case\" or \"event\")");
        return;
    }
    const char *k = kind->valuestring;
    /* Detach "record" so the per-kind key checks see only the record's own fields. */
    cJSON *rec = cJSON_DetachItemFromObjectCaseSensitive(o, "record");
    if (strcmp(k, "header") == 0) {
        if (lineno != 1)
            err(r, "$", "record", "a header is only allowed on the first line");
        static const char *const keys[] = {"format", "version", NULL};
        check_keys(r, o, "$", keys);
        read_header(r, o, "$", "tracker-interchange");
    } else if (strcmp(k, "party") == 0)
        read_party(r, o, "$");
    else if (strcmp(k, "body") == 0)
        read_body(r, o, "$");
    else if (strcmp(k, "source") == 0)
        read_source(r, o, "$");
    else if (strcmp(k, "case") == 0)
        read_case(r, o, "$");
    else if (strcmp(k, "event") == 0)
        read_event(r, o, "$", NULL);
    else
        err(r, "$", "record", "unknown record type \"%s\"", trk_text_show(k, b, sizeof b));
    cJSON_Delete(rec);
}

static int read_lines(rd *r, FILE *in, long total)
{
    const trk_import_opts *o = r->o;
    char *line = malloc(TRK_IMPORT_MAX_LINE + 2);
    char where[PATH_MAX_LEN];
    long lineno = 0;
    if (!line) {
        trk_error("out of memory");
        return -1;
    }
    r->where = where;
    while (fgets(line, TRK_IMPORT_MAX_LINE + 2, in)) {
        lineno++;
        size_t n = strlen(line);
        snprintf(where, sizeof where, "%s:%ld: ", input_name(o), lineno);
        if (n > TRK_IMPORT_MAX_LINE || (n == TRK_IMPORT_MAX_LINE + 1 && line[n - 1] != '\n')) {
            trk_import_error(r->sp, o, "%srecord too long (more than %u bytes)", where,
                             TRK_IMPORT_MAX_LINE);
            int c;
            while ((c = fgetc(in)) != EOF && c != '\n')
                ;
            continue;
        }
        if (n != strlen(line) || memchr(line, '\0', n)) {
            trk_import_error(r->sp, o, "%snot valid UTF-8 text", where);
            continue;
        }
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        size_t k = lineno == 1 && n >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        while (k < n && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == n)
            continue; /* blank line */
        if (!trk_utf8_valid(line, n)) {
            trk_import_error(r->sp, o, "%snot valid UTF-8 text", where);
            continue;
        }
        cJSON *rec = parse(r, line + k, n - k, "record");
        if (!rec)
            continue;
        read_line_record(r, rec, lineno);
        cJSON_Delete(rec);
        r->sp->records++;
        if ((r->sp->records & 4095) == 0)
            trk_progress(o->progress, "validating", total > 0 ? (double)ftell(in) / (double)total : -1,
                         r->sp->records);
        if (r->oom)
            break;
        if (r->sp->nerr > o->max_errors)
            break;
    }
    r->where = "";
    bool bad = ferror(in);
    free(line);
    if (bad) {
        trk_error("could not read \"%s\": %s", input_name(o), strerror(errno));
        return -1;
    }
    return 0;
}

int trk_import_read(const trk_import_opts *o, trk_import_spool *sp)
{
    rd r = {.o = o, .sp = sp, .where = ""};
    int rc = -1;
    FILE *in = NULL;
    bool is_stdin = !o->data && strcmp(o->path, "-") == 0;
    for (int t = 0; t < TRK_STG_N; t++) {
        sp->f[t] = tmpfile();
        if (!sp->f[t]) {
            trk_error("could not create a temporary file: %s", strerror(errno));
            return -1;
        }
    }
    in = o->data ? fmemopen((void *)o->data, o->data_len ? o->data_len : 1, "rb")
         : is_stdin ? stdin : fopen(o->path, "rb");
    if (!in) {
        trk_error("could not open \"%s\": %s", o->path, strerror(errno));
        return -1;
    }
    struct stat st;
    long total = (!is_stdin && !o->data && fstat(fileno(in), &st) == 0) ? (long)st.st_size : -1;
    if (o->data)
        total = (long)o->data_len;
    if (!is_stdin && !o->data && fstat(fileno(in), &st) == 0 && S_ISDIR(st.st_mode)) {
        trk_error("could not read \"%s\": is a directory", o->path);
        goto out;
    }
    int res = o->jsonl ? read_lines(&r, in, total) : read_document(&r, in);
    trk_progress_done(o->progress);
    if (res != 0)
        goto out;
    if (r.oom) {
        trk_error("out of memory, or could not write a temporary file");
        goto out;
    }
    rc = trk_import_read_end(o, sp, false);
out:
    trk_sb_release(&r.row);
    if (in && !is_stdin)
        fclose(in);
    return rc;
}

void trk_import_spool_free(trk_import_spool *sp)
{
    for (int t = 0; t < TRK_STG_N; t++) {
        if (sp->f[t])
            fclose(sp->f[t]);
        sp->f[t] = NULL;
    }
}

/* ---- progress ---- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double last_draw;

void trk_progress(bool on, const char *stage, double fraction, long items)
{
    if (!on)
        return;
    double t = now_s();
    if (t - last_draw < 0.1)
        return;
    last_draw = t;
    if (fraction >= 0) {
        int w = 30, fill = (int)(fraction * w);
        if (fill > w)
            fill = w;
        char bar[32];
        memset(bar, '#', (size_t)fill);
        memset(bar + fill, '.', (size_t)(w - fill));
        bar[w] = '\0';
        fprintf(trk_term_err(), "\r\033[Kimport: %-10s [%s] %3d%% %ld records", stage, bar,
                (int)(fraction * 100), items);
    } else {
        fprintf(trk_term_err(), "\r\033[Kimport: %-10s %ld records", stage, items);
    }
    fflush(trk_term_err());
}

void trk_progress_done(bool on)
{
    if (!on)
        return;
    fputs("\r\033[K", trk_term_err());
    fflush(trk_term_err());
    last_draw = 0;
}
