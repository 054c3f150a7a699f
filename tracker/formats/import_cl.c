/*
 * import_cl.c: court dockets as CourtListener publishes them (import_cl.h, docs/courtlistener.md).
 *
 * The docket is read whole (it is one record: --max-size bounds it), checked field by field with
 * errors that name the JSON path ("$.docket_entries[3].date_filed: ..."), and translated into an
 * interchange document: bodies (the court, the court appealed from), parties, one case with its
 * parties and one event per docket entry (plus the district court's judgment and notice of appeal
 * from an appellate docket's originating court information), each entry's explicit deadlines
 * found in its text. That document goes through trk_import_read and the loader like any other
 * import, so the guarantees are the same. External ids make re-imports idempotent:
 *   case   courtlistener:COURT:DOCKET-NUMBER
 *   event  CASE-ID:entry:N (N the entry number without leading zeros; else CASE-ID:seq:S with the
 *          PACER/RECAP sequence number, CASE-ID:doc:D with the PACER document id, or
 *          CASE-ID:date:YYYY-MM-DD:K, the K-th such entry of that day), CASE-ID:origin:judgment,
 *          CASE-ID:origin:notice-of-appeal
 *   body   courtlistener:court:COURT        party  courtlistener:party:NAME
 */
#include "import_cl.h"

#include "date.h"
#include "json_out.h"
#include "model.h"
#include "msg.h"
#include "text.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { COURT_ANY, COURT_DISTRICT, COURT_APPELLATE };

typedef struct {
    regex_t re;
    int court;
    const char *type, *outcome;
} entry_pat;

typedef struct {
    regex_t re;
    int group;
} due_pat;

typedef struct {
    regex_t re;
    const char *word; /* a deadline kind or a procedure */
} word_pat;

typedef struct {
    cJSON *root;
    regex_t appellate, usparty;
    bool have_appellate, have_usparty;
    entry_pat *ent;
    int nent;
    due_pat *due;
    int ndue;
    word_pat *kind, *proc;
    int nkind, nproc;
    const char *default_kind;
    const cJSON *roles, *courts;
} patterns;

typedef struct {
    const trk_import_opts *o;
    trk_import_spool *sp;
    const char *where; /* prefix of error paths: "" for the docket, "PATTERNS: " */
} ctx;

static void cerr(ctx *c, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void cerr(ctx *c, const char *path, const char *fmt, ...)
{
    char msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    trk_import_error(c->sp, c->o, "%s%s: %s", c->where, path, msg);
}

/* True when v is an object; else reports "expected an object, found ..." at path. */
static bool is_object(ctx *c, const cJSON *v, const char *path)
{
    if (cJSON_IsObject(v))
        return true;
    cerr(c, path, "expected an object, found %s", trk_json_type_name(v));
    return false;
}

/* The string at obj[key]: NULL when absent or null (an error when required), or of another type
 * (an error), or not UTF-8 (an error). */
static const char *get_str(ctx *c, const cJSON *obj, const char *key, const char *path,
                           bool required)
{
    char p[300];
    snprintf(p, sizeof p, "%s.%s", path, key);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v)) {
        if (required)
            cerr(c, p, "missing (needed to import the docket)");
        return NULL;
    }
    if (!cJSON_IsString(v)) {
        cerr(c, p, "expected a string, found %s", trk_json_type_name(v));
        return NULL;
    }
    if (!trk_utf8_valid(v->valuestring, strlen(v->valuestring))) {
        cerr(c, p, "not valid UTF-8");
        return NULL;
    }
    return v->valuestring;
}

/* A number or a string of one (entry numbers, sequence numbers) as text, into buf. */
static const char *get_numtext(ctx *c, const cJSON *obj, const char *key, const char *path,
                               char *buf, size_t n)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v))
        return NULL;
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d < 0 || d > 9e15 || d != (double)(long long)d) {
            char p[300];
            snprintf(p, sizeof p, "%s.%s", path, key);
            cerr(c, p, "expected a whole number, found %g", d);
            return NULL;
        }
        snprintf(buf, n, "%lld", (long long)d);
        return buf;
    }
    const char *s = get_str(c, obj, key, path, false);
    if (!s || !*s)
        return NULL;
    size_t len = strlen(s);
    bool ok = len < n;
    for (size_t i = 0; ok && i < len; i++)
        ok = isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '.' || s[i] == '_';
    if (!ok) {
        char p[300], show[80];
        snprintf(p, sizeof p, "%s.%s", path, key);
        cerr(c, p, "\"%s\" is not an entry or sequence number (letters, digits, '-', '.', '_')",
             trk_text_show(s, show, sizeof show));
        return NULL;
    }
    /* digits only: without leading zeros, so that "00107523228" and 107523228 are one entry */
    bool digits = true;
    for (size_t i = 0; i < len; i++)
        digits = digits && isdigit((unsigned char)s[i]);
    if (digits) {
        while (len > 1 && *s == '0')
            s++, len--;
    }
    memcpy(buf, s, len + 1);
    return buf;
}

/* A date "YYYY-MM-DD" (a time after it, "YYYY-MM-DDT...", is ignored) into out[11]. */
static bool get_date(ctx *c, const cJSON *obj, const char *key, const char *path, bool required,
                     char out[11])
{
    const char *s = get_str(c, obj, key, path, required);
    if (!s)
        return false;
    char p[300], why[120], show[80];
    snprintf(p, sizeof p, "%s.%s", path, key);
    size_t len = strlen(s);
    if (len < 10 || (len > 10 && s[10] != 'T' && s[10] != ' ')) {
        cerr(c, p, "invalid date \"%s\" (expected YYYY-MM-DD)", trk_text_show(s, show, sizeof show));
        return false;
    }
    memcpy(out, s, 10);
    out[10] = '\0';
    const char *problem = trk_date_problem(out, why, sizeof why);
    if (problem) {
        cerr(c, p, "invalid date \"%s\" (%s)", trk_text_show(s, show, sizeof show), problem);
        return false;
    }
    return true;
}

/* Whitespace runs (and no-break spaces) become one space; trimmed. Returns malloc'ed text. */
static char *norm_space(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        bool ws = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
        if (ch == 0xC2 && (unsigned char)s[i + 1] == 0xA0) {
            ws = true;
            i++;
        }
        if (ws) {
            space = k > 0;
            continue;
        }
        if (space)
            out[k++] = ' ';
        space = false;
        out[k++] = (char)ch;
    }
    out[k] = '\0';
    return out;
}

/* The last path segment of a URL such as https://.../courts/dcd/, or s itself. */
static const char *court_from(const char *s, char *buf, size_t n)
{
    if (!s)
        return NULL;
    const char *end = s + strlen(s);
    if (!strchr(s, '/'))
        return s;
    while (end > s && end[-1] == '/')
        end--;
    const char *start = end;
    while (start > s && start[-1] != '/')
        start--;
    size_t len = (size_t)(end - start);
    if (len == 0 || len >= n)
        return NULL;
    memcpy(buf, start, len);
    buf[len] = '\0';
    return buf;
}

static bool court_id_ok(const char *s)
{
    size_t len = strlen(s);
    if (len == 0 || len > 40)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_' ||
              s[i] == '-'))
            return false;
    return true;
}

/* ---- the pattern list ---- */

static bool compile(ctx *c, regex_t *re, const char *src, const char *path)
{
    int rc = regcomp(re, src, REG_EXTENDED | REG_ICASE);
    if (rc != 0) {
        char why[200];
        regerror(rc, re, why, sizeof why);
        cerr(c, path, "invalid regular expression: %s", why);
        return false;
    }
    return true;
}

static void patterns_free(patterns *p)
{
    if (p->have_appellate)
        regfree(&p->appellate);
    if (p->have_usparty)
        regfree(&p->usparty);
    for (int i = 0; i < p->nent; i++)
        regfree(&p->ent[i].re);
    for (int i = 0; i < p->ndue; i++)
        regfree(&p->due[i].re);
    for (int i = 0; i < p->nkind; i++)
        regfree(&p->kind[i].re);
    for (int i = 0; i < p->nproc; i++)
        regfree(&p->proc[i].re);
    free(p->ent);
    free(p->due);
    free(p->kind);
    free(p->proc);
    cJSON_Delete(p->root);
    memset(p, 0, sizeof *p);
}

static const cJSON *get_array(ctx *c, const cJSON *obj, const char *key, bool required)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    char p[100];
    snprintf(p, sizeof p, "$.%s", key);
    if (!v) {
        if (required)
            cerr(c, p, "missing");
        return NULL;
    }
    if (!cJSON_IsArray(v)) {
        cerr(c, p, "expected an array, found %s", trk_json_type_name(v));
        return NULL;
    }
    return v;
}

/* Whether word (of member key of the object at path) is in vocab; if not, reported as "unknown
 * WHAT ..." at path.key. */
static bool word_ok(ctx *c, const char *path, const char *key, const char *what, const char *word,
                    const char *const *vocab)
{
    if (trk_word_in(word, vocab))
        return true;
    char pp[120], list[400];
    snprintf(pp, sizeof pp, "%s.%s", path, key);
    cerr(c, pp, "unknown %s \"%s\" (expected one of %s)", what, word,
         trk_words_join(vocab, list, sizeof list));
    return false;
}

/* A list of {"match": RE, WORDKEY: word in VOCAB}. */
static word_pat *load_words(ctx *c, const cJSON *arr, const char *key, const char *wordkey,
                            const char *const *vocab, int *n)
{
    *n = 0;
    if (!arr)
        return NULL;
    word_pat *w = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *w);
    if (!w)
        return NULL;
    int i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        char p[100];
        snprintf(p, sizeof p, "$.%s[%d]", key, i++);
        if (!is_object(c, it, p))
            continue;
        const char *m = get_str(c, it, "match", p, true);
        const char *word = get_str(c, it, wordkey, p, true);
        if (!m || !word)
            continue;
        if (!word_ok(c, p, wordkey, wordkey, word, vocab))
            continue;
        char pp[120];
        snprintf(pp, sizeof pp, "%s.match", p);
        if (!compile(c, &w[*n].re, m, pp))
            continue;
        w[*n].word = word;
        (*n)++;
    }
    return w;
}

static int patterns_load(ctx *c, const char *text, patterns *p)
{
    memset(p, 0, sizeof *p);
    p->root = cJSON_Parse(text);
    if (!p->root) {
        const char *at = cJSON_GetErrorPtr();
        char show[60];
        cerr(c, "$", "not valid JSON (near \"%s\")", trk_text_show(at ? at : "", show, 40));
        return -1;
    }
    if (!is_object(c, p->root, "$"))
        return -1;
    int before = c->sp->nerr;
    const char *re = get_str(c, p->root, "appellate_courts", "$", true);
    if (re && compile(c, &p->appellate, re, "$.appellate_courts"))
        p->have_appellate = true;
    re = get_str(c, p->root, "united_states_party", "$", false);
    if (re && compile(c, &p->usparty, re, "$.united_states_party"))
        p->have_usparty = true;

    const cJSON *arr = get_array(c, p->root, "entries", true), *it;
    if (arr) {
        p->ent = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *p->ent);
        int i = 0;
        cJSON_ArrayForEach(it, arr)
        {
            char path[100], pp[120];
            snprintf(path, sizeof path, "$.entries[%d]", i++);
            if (!is_object(c, it, path))
                continue;
            const char *m = get_str(c, it, "match", path, true);
            const char *type = get_str(c, it, "type", path, true);
            const char *outcome = get_str(c, it, "outcome", path, false);
            const char *court = get_str(c, it, "court", path, false);
            if (type && !word_ok(c, path, "type", "event type", type, trk_event_types))
                type = NULL;
            if (outcome && !word_ok(c, path, "outcome", "outcome", outcome, trk_event_outcomes))
                type = NULL;
            int cw = COURT_ANY;
            if (court && strcmp(court, "district") == 0)
                cw = COURT_DISTRICT;
            else if (court && strcmp(court, "appellate") == 0)
                cw = COURT_APPELLATE;
            else if (court && strcmp(court, "any") != 0) {
                snprintf(pp, sizeof pp, "%s.court", path);
                cerr(c, pp, "expected \"district\", \"appellate\" or \"any\", found \"%s\"", court);
                type = NULL;
            }
            snprintf(pp, sizeof pp, "%s.match", path);
            if (!m || !type || !p->ent || !compile(c, &p->ent[p->nent].re, m, pp))
                continue;
            p->ent[p->nent].court = cw;
            p->ent[p->nent].type = type;
            p->ent[p->nent].outcome = outcome;
            p->nent++;
        }
    }
    arr = get_array(c, p->root, "deadlines", true);
    if (arr) {
        p->due = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *p->due);
        int i = 0;
        cJSON_ArrayForEach(it, arr)
        {
            char path[100], pp[120];
            snprintf(path, sizeof path, "$.deadlines[%d]", i++);
            if (!is_object(c, it, path))
                continue;
            const char *m = get_str(c, it, "match", path, true);
            const cJSON *g = cJSON_GetObjectItemCaseSensitive(it, "date");
            snprintf(pp, sizeof pp, "%s.date", path);
            if (!cJSON_IsNumber(g) || g->valueint < 1 || g->valueint > 9) {
                cerr(c, pp, "expected the number (1-9) of the group holding the date MM/DD/YYYY");
                continue;
            }
            snprintf(pp, sizeof pp, "%s.match", path);
            if (!m || !p->due || !compile(c, &p->due[p->ndue].re, m, pp))
                continue;
            if (p->due[p->ndue].re.re_nsub < (size_t)g->valueint) {
                regfree(&p->due[p->ndue].re);
                cerr(c, pp, "has %zu groups; \"date\" names group %d", p->due[p->ndue].re.re_nsub,
                     g->valueint);
                continue;
            }
            p->due[p->ndue++].group = g->valueint;
        }
    }
    p->kind = load_words(c, get_array(c, p->root, "deadline_kinds", false), "deadline_kinds",
                         "kind", trk_deadline_kinds, &p->nkind);
    p->proc = load_words(c, get_array(c, p->root, "procedures", false), "procedures",
                         "procedure", trk_procedures, &p->nproc);
    p->default_kind = get_str(c, p->root, "default_deadline_kind", "$", false);
    if (!p->default_kind)
        p->default_kind = "other";
    else if (!trk_word_in(p->default_kind, trk_deadline_kinds))
        cerr(c, "$.default_deadline_kind", "unknown deadline kind \"%s\"", p->default_kind);

    p->roles = cJSON_GetObjectItemCaseSensitive(p->root, "party_roles");
    if (p->roles && !cJSON_IsObject(p->roles)) {
        cerr(c, "$.party_roles", "expected an object, found %s", trk_json_type_name(p->roles));
        p->roles = NULL;
    }
    const cJSON *r;
    cJSON_ArrayForEach(r, p->roles)
    {
        char pp[200];
        snprintf(pp, sizeof pp, "$.party_roles[\"%.120s\"]", r->string);
        if (!cJSON_IsString(r) || !trk_word_in(r->valuestring, trk_party_roles)) {
            char list[400];
            cerr(c, pp, "expected a role, one of %s",
                 trk_words_join(trk_party_roles, list, sizeof list));
        }
    }
    p->courts = cJSON_GetObjectItemCaseSensitive(p->root, "courts");
    if (p->courts && !cJSON_IsObject(p->courts)) {
        cerr(c, "$.courts", "expected an object, found %s", trk_json_type_name(p->courts));
        p->courts = NULL;
    }
    cJSON_ArrayForEach(r, p->courts)
    {
        if (!cJSON_IsString(r) || !*r->valuestring || strlen(r->valuestring) > TRK_TEXT_SHORT_MAX) {
            char pp[200];
            snprintf(pp, sizeof pp, "$.courts[\"%.120s\"]", r->string);
            cerr(c, pp, "expected the court's name (a string of 1-1000 bytes)");
        }
    }
    return c->sp->nerr > before ? -1 : 0;
}

/* ---- reading the docket ---- */

static char *read_input(ctx *c, const char *path, size_t max, size_t *len)
{
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!in) {
        trk_error("could not open \"%s\": %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            if (cap > max)
                break;
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, in);
        n += got;
        if (got == 0)
            break;
    }
    bool failed = ferror(in);
    if (in != stdin)
        fclose(in);
    if (!buf) {
        trk_error("out of memory reading \"%s\"", path);
        return NULL;
    }
    if (failed) {
        trk_error("could not read \"%s\": %s", path, strerror(errno));
        free(buf);
        return NULL;
    }
    if (n > max) {
        cerr(c, "$", "input too large (more than %zu bytes; see --max-size)", max);
        free(buf);
        return NULL;
    }
    char *nb = realloc(buf, n + 1);
    if (!nb) {
        free(buf);
        return NULL;
    }
    nb[n] = '\0';
    *len = n;
    return nb;
}

/* A list at obj[key]: an array, or the API's list response {"results": [...]}. */
static const cJSON *get_list(ctx *c, const cJSON *obj, const char *key, char *path, size_t n)
{
    snprintf(path, n, "$.%s", key);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v))
        return NULL;
    if (cJSON_IsObject(v)) {
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(v, "results");
        snprintf(path, n, "$.%s.results", key);
        if (!cJSON_IsArray(r)) {
            cerr(c, path, r ? "expected an array, found %s"
                            : "missing (a list response holds its items in \"results\")%s",
                 r ? trk_json_type_name(r) : "");
            return NULL;
        }
        if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(v, "next")))
            trk_warn("%s: the list continues on another page (\"next\" is set): only the %d "
                     "items in this file are imported",
                     path, cJSON_GetArraySize(r));
        return r;
    }
    if (!cJSON_IsArray(v)) {
        cerr(c, path, "expected an array (or a list response with \"results\"), found %s",
             trk_json_type_name(v));
        return NULL;
    }
    return v;
}

typedef struct {
    const char *kind;
    char date[11];
    char title[600];
} due_t;

static bool sentence_end(const char *s, size_t i)
{
    /* ". " after a lowercase word or a number (not "J. Smith", "F.R.A.P."), "; ", " [" */
    if (s[i] == ';' && s[i + 1] == ' ')
        return true;
    if (s[i] == ' ' && s[i + 1] == '[')
        return true;
    if (s[i] == '.' && s[i + 1] == '\0')
        return true;
    if (s[i] == '.' && s[i + 1] == ' ' && i >= 2) {
        /* and a capital or a bracket next ("(doc. #55)" goes on) */
        unsigned char a = (unsigned char)s[i - 1], b = (unsigned char)s[i - 2],
                      next = (unsigned char)s[i + 2];
        return (islower(a) || isdigit(a) || a == ')') && (isalnum(b) || b == ')') &&
               (isupper(next) || next == '[' || next >= 0x80);
    }
    return false;
}

/* The clause of s around [start, end): from the previous sentence end (or ": ", "] ") to the
 * next one, at most cap bytes, cut at a space. */
static void clause(const char *s, size_t start, size_t end, size_t *from, char *out, size_t cap)
{
    size_t b = start;
    while (b > 0) {
        if (b >= 2 && (sentence_end(s, b - 2) || ((s[b - 2] == ':' || s[b - 2] == ']') &&
                                                  s[b - 1] == ' ')))
            break;
        b--;
    }
    size_t e = end;
    while (s[e] && !sentence_end(s, e))
        e++;
    while (b < e && s[b] == ' ')
        b++;
    size_t len = e - b;
    if (len >= cap) {
        len = cap - 1;
        while (len > 0 && s[b + len] != ' ')
            len--;
        while (len > 0 && (s[b + len - 1] & 0xC0) == 0x80) /* never inside a character */
            len--;
    }
    while (len > 0 && (s[b + len - 1] == '.' || s[b + len - 1] == ' '))
        len--; /* "... Windham, NH." */
    memcpy(out, s + b, len);
    out[len] = '\0';
    *from = b;
}

/* The first sentence of s as an event title. */
static void first_sentence(const char *s, char *out, size_t cap)
{
    size_t from;
    clause(s, 0, 0, &from, out, cap > 200 ? 200 : cap);
}

static bool parse_mdy(const char *s, size_t len, char out[11])
{
    int m, d, y;
    char buf[16];
    if (len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (sscanf(buf, "%d/%d/%d", &m, &d, &y) != 3)
        return false;
    trk_date dt;
    if (trk_date_from_ymd(y, m, d, &dt) != 0)
        return false;
    trk_date_format(dt, out);
    return true;
}

/* The explicit deadlines written in one entry's (normalized) text. */
static int find_dues(const patterns *p, const char *s, due_t *dues, int max, const char *where,
                     long *dropped)
{
    int n = 0;
    for (int k = 0; k < p->ndue; k++) {
        size_t off = 0;
        regmatch_t m[10];
        while (s[off] && regexec(&p->due[k].re, s + off, 10, m, off ? REG_NOTBOL : 0) == 0) {
            regmatch_t g = m[p->due[k].group];
            size_t mend = off + (size_t)m[0].rm_eo;
            if (m[0].rm_eo == 0)
                break;
            if (g.rm_so < 0) {
                off = mend;
                continue;
            }
            due_t d = {0};
            size_t from;
            clause(s, off + (size_t)m[0].rm_so, off + (size_t)g.rm_eo, &from, d.title, 241);
            char show[40];
            if (!parse_mdy(s + off + g.rm_so, (size_t)(g.rm_eo - g.rm_so), d.date)) {
                snprintf(show, sizeof show, "%.*s", (int)(g.rm_eo - g.rm_so), s + off + g.rm_so);
                trk_warn("%s: \"%s\" is not a date: this due date is not recorded", where, show);
                off = mend;
                continue;
            }
            /* the kind from what is due: the clause up to the match */
            size_t wlen = off + (size_t)m[0].rm_so - from;
            char what[600];
            if (wlen >= sizeof what)
                wlen = sizeof what - 1;
            memcpy(what, s + from, wlen);
            what[wlen] = '\0';
            d.kind = p->default_kind;
            for (int j = 0; j < p->nkind; j++)
                if (regexec(&p->kind[j].re, what, 0, NULL, 0) == 0) {
                    d.kind = p->kind[j].word;
                    break;
                }
            int same = -1;
            for (int j = 0; j < n; j++)
                if (strcmp(dues[j].kind, d.kind) == 0)
                    same = j;
            if (same >= 0) {
                if (strcmp(dues[same].date, d.date) == 0) {
                    size_t tl = strlen(dues[same].title), dl = strlen(d.title);
                    if (tl + 2 + dl < sizeof dues[same].title) {
                        memcpy(dues[same].title + tl, "; ", 2);
                        memcpy(dues[same].title + tl + 2, d.title, dl + 1);
                    }
                } else {
                    trk_warn("%s: \"%s\" is not recorded: the entry already sets a %s deadline "
                             "(one deadline of each kind per entry)",
                             where, d.title, d.kind);
                    (*dropped)++;
                }
            } else if (n < max) {
                dues[n++] = d;
            }
            off = mend;
        }
    }
    return n;
}

/* A set of strings (open addressing), for the ids of a docket's entries and parties: a docket of
 * tens of thousands of entries is checked in linear time. */
typedef struct {
    char **slot;
    size_t cap, n;
} strset;

static size_t str_hash(const char *k)
{
    size_t h = 1469598103934665603u;
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 1099511628211u;
    return h;
}

static bool strset_has(const strset *set, const char *k)
{
    if (!set->cap)
        return false;
    for (size_t i = str_hash(k) & (set->cap - 1);; i = (i + 1) & (set->cap - 1)) {
        if (!set->slot[i])
            return false;
        if (strcmp(set->slot[i], k) == 0)
            return true;
    }
}

/* 1 added, 0 already there, -1 out of memory. */
static int strset_add(strset *set, const char *k)
{
    if (strset_has(set, k))
        return 0;
    if ((set->n + 1) * 2 > set->cap) {
        size_t ncap = set->cap ? set->cap * 2 : 64;
        char **ns = calloc(ncap, sizeof *ns);
        if (!ns)
            return -1;
        for (size_t i = 0; i < set->cap; i++)
            if (set->slot[i]) {
                size_t j = str_hash(set->slot[i]) & (ncap - 1);
                while (ns[j])
                    j = (j + 1) & (ncap - 1);
                ns[j] = set->slot[i];
            }
        free(set->slot);
        set->slot = ns;
        set->cap = ncap;
    }
    char *dup = strdup(k);
    if (!dup)
        return -1;
    size_t i = str_hash(k) & (set->cap - 1);
    while (set->slot[i])
        i = (i + 1) & (set->cap - 1);
    set->slot[i] = dup;
    set->n++;
    return 1;
}

static void strset_free(strset *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->slot[i]);
    free(set->slot);
    memset(set, 0, sizeof *set);
}

static cJSON *add_obj(cJSON *arr)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToArray(arr, o);
    return o;
}

static bool has_id(const cJSON *arr, const char *id)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, "id");
        if (v && strcmp(v->valuestring, id) == 0)
            return true;
    }
    return false;
}

static void add_body(cJSON *bodies, const char *id, const char *name)
{
    if (has_id(bodies, id))
        return;
    cJSON *b = add_obj(bodies);
    cJSON_AddStringToObject(b, "id", id);
    cJSON_AddStringToObject(b, "name", name);
    cJSON_AddStringToObject(b, "kind", "court");
    cJSON_AddStringToObject(b, "jurisdiction", "US");
}

static const char *court_name(const patterns *p, const char *id, const char *fallback,
                              char *buf, size_t n)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(p->courts, id);
    if (cJSON_IsString(v))
        return v->valuestring;
    if (fallback && *fallback && strlen(fallback) <= TRK_TEXT_SHORT_MAX)
        return fallback;
    snprintf(buf, n, "CourtListener court %s", id);
    return buf;
}

static bool matches(const regex_t *re, const char *s)
{
    return s && regexec(re, s, 0, NULL, 0) == 0;
}

/* The role of a party type ("Plaintiff - Appellant": the last part, the role in this court). */
static const char *role_of(const patterns *p, const char *type)
{
    if (!type || !*type)
        return "other";
    char *t = norm_space(type);
    if (!t)
        return "other";
    for (char *q = t; *q; q++)
        *q = (char)tolower((unsigned char)*q);
    const char *last = t;
    for (const char *q = t; (q = strstr(q, " - ")) != NULL; q += 3)
        last = q + 3;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(p->roles, last);
    if (!cJSON_IsString(v))
        v = cJSON_GetObjectItemCaseSensitive(p->roles, t);
    free(t);
    return cJSON_IsString(v) ? v->valuestring : "other";
}

static void add_case_party(cJSON *list, strset *seen, const char *party, const char *role)
{
    char key[1200];
    snprintf(key, sizeof key, "%s\x1f%s", party, role);
    if (strset_add(seen, key) == 0)
        return;
    cJSON *cp = add_obj(list);
    cJSON_AddStringToObject(cp, "party", party);
    cJSON_AddStringToObject(cp, "role", role);
}

static int type_index(const char *type)
{
    for (int i = 0; trk_event_types[i]; i++)
        if (strcmp(trk_event_types[i], type) == 0)
            return i < 16 ? i : 15;
    return 15;
}

/* Translate the docket into an interchange document (NULL after errors). */
static cJSON *translate(ctx *c, const patterns *p, const cJSON *d, trk_cl_stats *st)
{
    int before = c->sp->nerr;
    char buf[1200], path[200], tmp[64];
    bool v4 = cJSON_GetObjectItemCaseSensitive(d, "resource_uri") ||
              cJSON_GetObjectItemCaseSensitive(d, "original_court_info") ||
              cJSON_GetObjectItemCaseSensitive(d, "appellate_case_type_information") ||
              cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(d, "docket_entries")) ||
              cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(d, "parties"));
    snprintf(st->shape, sizeof st->shape, "%s",
             v4 ? "CourtListener API v4 docket" : "RECAP docket JSON");

    /* the court */
    char courtbuf[64];
    const char *court = get_str(c, d, "court_id", "$", false);
    if (!court) {
        const char *url = get_str(c, d, "court", "$", false);
        court = court_from(url, courtbuf, sizeof courtbuf);
        if (!court)
            cerr(c, "$.court_id", "missing (needed to import the docket: the court's "
                                  "CourtListener id, e.g. \"ca1\" or \"dcd\")");
    }
    if (court && !court_id_ok(court)) {
        char show[60];
        cerr(c, "$.court_id", "\"%s\" is not a CourtListener court id (1-40 of a-z, 0-9, '-', '_')",
             trk_text_show(court, show, sizeof show));
        court = NULL;
    }
    const char *docket = get_str(c, d, "docket_number", "$", true);
    if (docket && (trk_text_check("docket_number", docket, 200, true) != 0 || !*docket)) {
        cerr(c, "$.docket_number", "expected one line of 1-200 bytes");
        docket = NULL;
    }
    const char *name = NULL;
    static const char *const name_keys[] = {"case_name", "case_name_full", "case_name_short"};
    int name_errs = c->sp->nerr;
    for (int i = 0; i < 3 && (!name || !*name); i++)
        name = get_str(c, d, name_keys[i], "$", false);
    if ((!name || !*name) && c->sp->nerr == name_errs) {
        cerr(c, "$.case_name", "missing (needed to import the docket: the case's title)");
        name = NULL;
    }
    char *title = name ? norm_space(name) : NULL;
    if (title && strlen(title) > TRK_TEXT_SHORT_MAX) {
        cerr(c, "$.case_name", "longer than %d bytes", TRK_TEXT_SHORT_MAX);
    }
    char terminated[11] = "";
    get_date(c, d, "date_terminated", "$", false, terminated);
    const char *ctype = get_str(c, d, v4 ? "appellate_case_type_information" : "case_type_information",
                                "$", false);
    const char *jtype = get_str(c, d, v4 ? "jurisdiction_type" : "jurisdiction", "$", false);
    const char *nos = get_str(c, d, "nature_of_suit", "$", false);
    const char *cause = get_str(c, d, "cause", "$", false);

    /* the court appealed from */
    const cJSON *og = cJSON_GetObjectItemCaseSensitive(d, v4 ? "original_court_info"
                                                             : "originating_court_information");
    const char *ogkey = v4 ? "$.original_court_info" : "$.originating_court_information";
    if (og && !cJSON_IsNull(og) && !cJSON_IsObject(og)) {
        if (v4 && (cJSON_IsString(og) || cJSON_IsNumber(og)))
            trk_warn("%s: a link, not the object: the judgment and notice of appeal dates of the "
                     "court appealed from are not imported (put the object of "
                     "/api/rest/v4/originating-court-information/ID/ here)",
                     ogkey);
        else
            cerr(c, ogkey, "expected an object, found %s", trk_json_type_name(og));
        og = NULL;
    }
    if (cJSON_IsNull(og))
        og = NULL;
    char ogcourtbuf[64], judgment[11] = "", noa[11] = "";
    const char *ogcourt = NULL, *ogdocket = NULL, *ogname = NULL;
    if (og) {
        ogcourt = get_str(c, og, "court_id", ogkey, false);
        ogdocket = get_str(c, og, "docket_number", ogkey, false);
        if (!get_date(c, og, "date_judgment_eod", ogkey, false, judgment))
            get_date(c, og, "date_judgment", ogkey, false, judgment);
        get_date(c, og, "date_filed_noa", ogkey, false, noa);
    }
    const char *appeal_from = get_str(c, d, v4 ? "appeal_from_str" : "appeal_from", "$", false);
    if (!ogcourt && v4) {
        const cJSON *af = cJSON_GetObjectItemCaseSensitive(d, "appeal_from");
        if (cJSON_IsString(af))
            ogcourt = court_from(af->valuestring, ogcourtbuf, sizeof ogcourtbuf);
    }
    if (ogcourt && !court_id_ok(ogcourt))
        ogcourt = NULL;
    if (ogdocket && (strlen(ogdocket) > 200 || strchr(ogdocket, '\n')))
        ogdocket = NULL;

    bool appellate = court && matches(&p->appellate, court);
    const char *procedure = "unknown";
    const char *procfields[] = {ctype, docket, ogdocket};
    for (int i = 0; i < p->nproc && strcmp(procedure, "unknown") == 0; i++)
        for (int j = 0; j < 3; j++)
            if (matches(&p->proc[i].re, procfields[j])) {
                procedure = p->proc[i].word;
                break;
            }
    bool usparty = p->have_usparty && (matches(&p->usparty, ctype) || matches(&p->usparty, jtype));

    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "format", "tracker-interchange");
    cJSON_AddNumberToObject(doc, "version", 1);
    cJSON *parties = cJSON_AddArrayToObject(doc, "parties");
    cJSON *bodies = cJSON_AddArrayToObject(doc, "bodies");
    cJSON *cases = cJSON_AddArrayToObject(doc, "cases");
    cJSON *cs = add_obj(cases);
    char case_id[1100] = "", body_id[120] = "", ogbody_id[120] = "";
    if (court && docket) {
        snprintf(case_id, sizeof case_id, "courtlistener:%s:%s", court, docket);
        snprintf(body_id, sizeof body_id, "courtlistener:court:%s", court);
        add_body(bodies, body_id, court_name(p, court, NULL, buf, sizeof buf));
    }
    snprintf(st->case_id, sizeof st->case_id, "%s", case_id);
    if (ogcourt) {
        snprintf(ogbody_id, sizeof ogbody_id, "courtlistener:court:%s", ogcourt);
        ogname = court_name(p, ogcourt, appeal_from, buf, sizeof buf);
        add_body(bodies, ogbody_id, ogname);
    }
    cJSON_AddStringToObject(cs, "id", case_id);
    cJSON_AddStringToObject(cs, "title", title ? title : "");
    cJSON_AddStringToObject(cs, "jurisdiction", "US");
    if (*body_id)
        cJSON_AddStringToObject(cs, "body", body_id);
    cJSON_AddStringToObject(cs, "docket", docket ? docket : "");
    cJSON_AddStringToObject(cs, "status", *terminated ? "closed" : "open");
    cJSON_AddStringToObject(cs, "procedure", procedure);
    {
        char summary[3000];
        size_t k = 0;
        k += (size_t)snprintf(summary + k, sizeof summary - k, "Imported from CourtListener.");
        if (nos && *nos && k < sizeof summary)
            k += (size_t)snprintf(summary + k, sizeof summary - k, " Nature of suit: %.400s.", nos);
        if (cause && *cause && k < sizeof summary)
            k += (size_t)snprintf(summary + k, sizeof summary - k, " Cause: %.400s.", cause);
        if ((appeal_from && *appeal_from) || ogdocket) {
            if (k < sizeof summary)
                k += (size_t)snprintf(summary + k, sizeof summary - k, " Appeal from %.400s%s%.200s%s.",
                                      appeal_from && *appeal_from ? appeal_from
                                                                  : (ogname ? ogname : "a lower court"),
                                      ogdocket ? " (" : "", ogdocket ? ogdocket : "",
                                      ogdocket ? ")" : "");
        }
        if (*terminated && k < sizeof summary)
            snprintf(summary + k, sizeof summary - k, " Terminated %s.", terminated);
        cJSON_AddStringToObject(cs, "summary", summary);
    }
    cJSON *tags = cJSON_AddArrayToObject(cs, "tags");
    cJSON_AddItemToArray(tags, cJSON_CreateString("courtlistener"));
    if (usparty)
        cJSON_AddItemToArray(tags, cJSON_CreateString("united-states-party"));
    cJSON *cparties = cJSON_AddArrayToObject(cs, "parties");
    strset party_ids = {0}, cp_keys = {0}, event_ids = {0};
    cJSON *events = cJSON_AddArrayToObject(cs, "events");

    /* parties */
    const cJSON *list = get_list(c, d, "parties", path, sizeof path), *it;
    int i = 0;
    cJSON_ArrayForEach(it, list)
    {
        char pp[220];
        snprintf(pp, sizeof pp, "%s[%d]", path, i++);
        if (!is_object(c, it, pp))
            continue;
        const char *pname = get_str(c, it, "name", pp, true);
        char *nm = pname ? norm_space(pname) : NULL;
        if (pname && (!nm || !*nm || strlen(nm) > 950)) {
            char pn[240];
            snprintf(pn, sizeof pn, "%s.name", pp);
            cerr(c, pn, "expected a name of 1-950 bytes");
            free(nm);
            nm = NULL;
        }
        /* the types: "type" (RECAP) or "party_types": [{"name": ...}] (v4) */
        const char *types[16];
        int nt = 0;
        const char *t1 = get_str(c, it, "type", pp, false);
        if (t1)
            types[nt++] = t1;
        const cJSON *pt = cJSON_GetObjectItemCaseSensitive(it, "party_types");
        if (pt && !cJSON_IsArray(pt) && !cJSON_IsNull(pt)) {
            char pn[240];
            snprintf(pn, sizeof pn, "%s.party_types", pp);
            cerr(c, pn, "expected an array, found %s", trk_json_type_name(pt));
        }
        const cJSON *ptype, *ptarr = cJSON_IsArray(pt) ? pt : NULL;
        int j = 0;
        cJSON_ArrayForEach(ptype, ptarr)
        {
            char pn[260];
            snprintf(pn, sizeof pn, "%s.party_types[%d]", pp, j++);
            if (!is_object(c, ptype, pn))
                continue;
            const char *tn = get_str(c, ptype, "name", pn, false);
            if (tn && nt < 16)
                types[nt++] = tn;
        }
        if (!nm)
            continue;
        char pid[1100];
        snprintf(pid, sizeof pid, "courtlistener:party:%s", nm);
        if (strset_add(&party_ids, pid) != 0) {
            cJSON *po = add_obj(parties);
            cJSON_AddStringToObject(po, "id", pid);
            cJSON_AddStringToObject(po, "name", nm);
        }
        if (nt == 0)
            add_case_party(cparties, &cp_keys, pid, "other");
        for (int k = 0; k < nt; k++)
            add_case_party(cparties, &cp_keys, pid, role_of(p, types[k]));
        st->parties++;
        free(nm);
    }

    /* the court appealed from: its judgment and the notice of appeal */
    if (*judgment && *case_id) {
        cJSON *e = add_obj(events);
        snprintf(buf, sizeof buf, "%s:origin:judgment", case_id);
        cJSON_AddStringToObject(e, "id", buf);
        cJSON_AddStringToObject(e, "type", "ruling");
        cJSON_AddStringToObject(e, "date", judgment);
        snprintf(buf, sizeof buf, "Judgment of the court appealed from%s%.200s%s",
                 ogdocket ? " (" : "", ogdocket ? ogdocket : "", ogdocket ? ")" : "");
        cJSON_AddStringToObject(e, "title", buf);
        cJSON_AddStringToObject(e, "description",
                                "From the docket's originating court information (date the "
                                "judgment was entered).");
        if (*ogbody_id)
            cJSON_AddStringToObject(e, "body", ogbody_id);
        st->typed[type_index("ruling")]++;
    }
    if (*noa && *case_id) {
        cJSON *e = add_obj(events);
        snprintf(buf, sizeof buf, "%s:origin:notice-of-appeal", case_id);
        cJSON_AddStringToObject(e, "id", buf);
        cJSON_AddStringToObject(e, "type", "appeal_filed");
        cJSON_AddStringToObject(e, "date", noa);
        snprintf(buf, sizeof buf, "Notice of appeal filed%s%.200s%s", ogdocket ? " (" : "",
                 ogdocket ? ogdocket : "", ogdocket ? ")" : "");
        cJSON_AddStringToObject(e, "title", buf);
        cJSON_AddStringToObject(e, "description",
                                "From the docket's originating court information (date the "
                                "notice of appeal was filed).");
        if (*ogbody_id)
            cJSON_AddStringToObject(e, "body", ogbody_id);
        st->typed[type_index("appeal_filed")]++;
    }

    /* the entries */
    list = get_list(c, d, "docket_entries", path, sizeof path);
    i = 0;
    cJSON_ArrayForEach(it, list)
    {
        char pp[220];
        snprintf(pp, sizeof pp, "%s[%d]", path, i++);
        if (!is_object(c, it, pp))
            continue;
        char date[11] = "", num[64], seq[64], docid[64];
        bool dated = get_date(c, it, "date_filed", pp, true, date);
        const char *n = get_numtext(c, it, "entry_number", pp, num, sizeof num);
        if (!n)
            n = get_numtext(c, it, "document_number", pp, num, sizeof num);
        const char *sq = get_numtext(c, it, "pacer_seq_no", pp, seq, sizeof seq);
        if (!sq)
            sq = get_numtext(c, it, "pacer_sequence_number", pp, seq, sizeof seq);
        if (!sq)
            sq = get_numtext(c, it, "recap_sequence_number", pp, seq, sizeof seq);
        const char *di = get_numtext(c, it, "pacer_doc_id", pp, docid, sizeof docid);
        const char *desc = get_str(c, it, "description", pp, false);
        const cJSON *docs = cJSON_GetObjectItemCaseSensitive(it, "recap_documents");
        if ((!desc || !*desc) && cJSON_IsArray(docs)) {
            const cJSON *d0;
            cJSON_ArrayForEach(d0, docs)
            {
                if (!cJSON_IsObject(d0))
                    continue;
                const cJSON *dv = cJSON_GetObjectItemCaseSensitive(d0, "description");
                if (cJSON_IsString(dv) && *dv->valuestring &&
                    trk_utf8_valid(dv->valuestring, strlen(dv->valuestring))) {
                    desc = dv->valuestring;
                    break;
                }
            }
        }
        if (desc && strlen(desc) > TRK_TEXT_LONG_MAX) {
            char pn[240];
            snprintf(pn, sizeof pn, "%s.description", pp);
            cerr(c, pn, "longer than %d bytes", TRK_TEXT_LONG_MAX);
            desc = NULL;
        }
        if (!dated || !*case_id)
            continue;
        char eid[1200];
        if (n)
            snprintf(eid, sizeof eid, "%s:entry:%s", case_id, n);
        else if (sq)
            snprintf(eid, sizeof eid, "%s:seq:%s", case_id, sq);
        else if (di)
            snprintf(eid, sizeof eid, "%s:doc:%s", case_id, di);
        else {
            int k = 1;
            do
                snprintf(eid, sizeof eid, "%s:date:%s:%d", case_id, date, k++);
            while (strset_has(&event_ids, eid));
        }
        if (strset_has(&event_ids, eid)) { /* the same number twice: the later ones get :2 ... */
            size_t base = strlen(eid);
            for (int k = 2; strset_has(&event_ids, eid); k++)
                snprintf(eid + base, sizeof eid - base, ":%d", k);
        }
        if (strset_add(&event_ids, eid) < 0) {
            trk_error("out of memory");
            c->sp->nerr++;
            continue;
        }
        if (strlen(eid) > TRK_TEXT_SHORT_MAX) {
            cerr(c, "$.docket_number", "too long to make the entries' ids (at most 1,000 bytes)");
            continue;
        }
        char *text = norm_space(desc ? desc : "");
        if (!text)
            continue;
        const char *type = "other", *outcome = NULL;
        for (int k = 0; k < p->nent; k++) {
            const entry_pat *ep = &p->ent[k];
            if ((ep->court == COURT_DISTRICT && appellate) ||
                (ep->court == COURT_APPELLATE && !appellate))
                continue;
            if (matches(&ep->re, text)) {
                type = ep->type;
                outcome = ep->outcome;
                break;
            }
        }
        cJSON *e = add_obj(events);
        cJSON_AddStringToObject(e, "id", eid);
        cJSON_AddStringToObject(e, "type", type);
        cJSON_AddStringToObject(e, "date", date);
        char etitle[220];
        first_sentence(text, etitle, sizeof etitle);
        if (!*etitle)
            snprintf(etitle, sizeof etitle, "Docket entry %s", n ? n : (sq ? sq : date));
        cJSON_AddStringToObject(e, "title", etitle);
        if (desc && *desc)
            cJSON_AddStringToObject(e, "description", desc);
        if (*body_id)
            cJSON_AddStringToObject(e, "body", body_id);
        if (outcome)
            cJSON_AddStringToObject(e, "outcome", outcome);
        due_t dues[10];
        int nd = find_dues(p, text, dues, 10, pp, &st->dropped_deadlines);
        if (nd > 0) {
            cJSON *dl = cJSON_AddArrayToObject(e, "deadlines");
            for (int k = 0; k < nd; k++) {
                cJSON *x = add_obj(dl);
                char did[1300];
                snprintf(did, sizeof did, "%s:due:%s", eid, dues[k].kind);
                cJSON_AddStringToObject(x, "id", did);
                cJSON_AddStringToObject(x, "kind", dues[k].kind);
                cJSON_AddStringToObject(x, "title", dues[k].title);
                cJSON_AddStringToObject(x, "due_on", dues[k].date);
            }
            st->explicit_deadlines += nd;
        }
        st->entries++;
        st->typed[type_index(type)]++;
        free(text);
    }
    (void)tmp;
    free(title);
    strset_free(&party_ids);
    strset_free(&cp_keys);
    strset_free(&event_ids);
    if (c->sp->nerr > before) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

int trk_import_cl_read(const trk_import_opts *o, const char *patterns_path, trk_import_spool *sp,
                       trk_cl_stats *st)
{
    memset(st, 0, sizeof *st);
    ctx c = {o, sp, ""};
    patterns p;
    int rc = -1;
    char *ptext = NULL, *input = NULL;
    cJSON *docket = NULL, *doc = NULL;
    char prefix[1100];
    if (patterns_path) {
        size_t plen;
        snprintf(prefix, sizeof prefix, "%s: ", patterns_path);
        c.where = prefix;
        ptext = read_input(&c, patterns_path, 16u * 1024u * 1024u, &plen);
        if (!ptext) {
            memset(&p, 0, sizeof p);
            goto out;
        }
    }
    if (!patterns_path)
        c.where = "built-in patterns: ";
    if (patterns_load(&c, ptext ? ptext : trk_cl_default_patterns, &p) != 0)
        goto out;
    c.where = "";

    size_t len = 0;
    input = read_input(&c, o->path, o->max_size, &len);
    if (!input)
        goto out;
    const char *start = input;
    if (len >= 3 && memcmp(input, "\xEF\xBB\xBF", 3) == 0)
        start += 3, len -= 3;
    const char *end = NULL;
    docket = cJSON_ParseWithLengthOpts(start, len, &end, false);
    if (!docket) {
        const char *at = cJSON_GetErrorPtr();
        long line = 1, col = 1;
        for (const char *q = start; at && q < at; q++) {
            if (*q == '\n')
                line++, col = 1;
            else
                col++;
        }
        cerr(&c, "$", "not valid JSON (line %ld, column %ld)", line, col);
        goto out;
    }
    if (!cJSON_IsObject(docket)) {
        cerr(&c, "$", "expected a docket (an object), found %s", trk_json_type_name(docket));
        goto out;
    }
    if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(docket, "results")) &&
        !cJSON_GetObjectItemCaseSensitive(docket, "docket_number")) {
        cerr(&c, "$", "a list response, not a docket: give one docket (the object of "
                      "/api/rest/v4/dockets/ID/, with its \"docket_entries\" and \"parties\")");
        goto out;
    }
    doc = translate(&c, &p, docket, st);
    cJSON_Delete(docket);
    docket = NULL;
    free(input);
    input = NULL;
    if (!doc)
        goto out;

    /* the translated document goes through the interchange reader */
    char *json = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    doc = NULL;
    if (!json) {
        trk_error("out of memory");
        goto out;
    }
    const char *dir = getenv("TMPDIR");
    char tpath[4096];
    snprintf(tpath, sizeof tpath, "%s/tracker-cl-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(tpath);
    size_t jlen = strlen(json);
    if (fd < 0) {
        trk_error("could not create a temporary file in %s: %s", dir && *dir ? dir : "/tmp",
                  strerror(errno));
        free(json);
        goto out;
    }
    FILE *f = fdopen(fd, "wb");
    bool ok = f && fwrite(json, 1, jlen, f) == jlen;
    ok = f && fclose(f) == 0 && ok;
    if (!f)
        close(fd);
    free(json);
    if (!ok) {
        trk_error("could not write the temporary file %s: %s", tpath, strerror(errno));
        unlink(tpath);
        goto out;
    }
    trk_import_opts o2 = *o;
    o2.path = tpath;
    o2.jsonl = false;
    if (o2.max_size < jlen + 1)
        o2.max_size = jlen + 1;
    rc = trk_import_read(&o2, sp);
    unlink(tpath);
out:
    patterns_free(&p);
    cJSON_Delete(docket);
    cJSON_Delete(doc);
    free(input);
    free(ptext);
    return rc;
}
