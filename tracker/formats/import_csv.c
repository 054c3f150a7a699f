/*
 * import_csv.c: the reading phase of tracker import for CSV and TSV files through a mapping
 * (import_csv.h, docs/csv-import.md). libcsv parses; this file loads the mapping, cleans and
 * converts each row's cells and spools the staging rows the loading phase (import_db.c) reads.
 * Rows are streamed: memory holds one row plus the sets of ids seen (32 bytes an id, for the
 * duplicate checks and so that a party, authority, source or case shared by many rows is staged
 * once).
 */
#include "import_csv.h"

#include "date.h"
#include "model.h"
#include "money.h"
#include "msg.h"
#include "strbuf.h"
#include "text.h"

#include <cjson/cJSON.h>
#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_COLUMNS 1000
#define MAX_PARTIES 8
#define MAX_TAGS 8
#define MAP_MAX_SIZE (1024 * 1024)

/* ---- the mapping ---- */

enum { V_NONE, V_COLUMN, V_CONST, V_TEMPLATE };
enum { CL_TRIM = 1, CL_HTML = 2, CL_COLLAPSE = 4 };
enum { ZERO_FINE, ZERO_NO_FINE, ZERO_ERROR };

typedef struct tpart {
    char *lit; /* literal text before the column (may be empty) */
    int col;   /* -1 at the end */
} tpart;

typedef struct vspec {
    int kind;
    char path[64]; /* mapping path for messages: "case.title" */
    char *text;    /* column name, constant or template */
    int col;       /* V_COLUMN; the first column of a template */
    tpart *parts;  /* V_TEMPLATE */
    int nparts;
    cJSON *map; /* value map (owned by the mapping document) */
    bool keep_unmapped;
    char *date_format;
    char *thousands, *decimal;
    char *split, *prefix;
    bool slug;
} vspec;

typedef struct colinfo {
    char *name;
    unsigned clean;
    bool used;
    int dup; /* >0: the name appears again in the header */
} colinfo;

typedef struct party_map {
    vspec name, kind, role;
} party_map;

typedef struct csv_map {
    cJSON *doc;
    const char *file;
    char delim;
    char *prefix;
    unsigned clean_default;
    cJSON *columns; /* "columns" object: per-column cleaning */
    cJSON *empty_values;
    vspec case_id, case_title, case_jur, case_docket, case_status, case_procedure, case_summary;
    vspec tags[MAX_TAGS];
    int ntags;
    vspec auth_name, auth_kind, auth_jur;
    vspec cbody_name, cbody_kind; /* case.body: the case's own body */
    bool auth_of_event;           /* "scope": "event": not the case's body */
    party_map parties[MAX_PARTIES];
    int nparties;
    vspec ev_id, ev_type, ev_date, ev_title, ev_desc, ev_outcome;
    vspec fine_amount, fine_currency;
    int zero;
    vspec src_url, src_title, src_publisher, src_published;
    /* the header */
    colinfo *cols;
    int ncols;
} csv_map;

/* ---- sets of ids seen ----
 * An id is kept as two 64-bit hashes (a 128-bit key, 32 bytes an entry with the row and the
 * hash of its values), not as text, so that memory per distinct id stays small and fixed. Two
 * different ids with the same 128-bit key are as good as impossible (about 1 in 10^26 for a
 * million ids), and would fail safe: reported as a duplicate, or a party not staged and then
 * reported as unknown by the loading phase; never a silent mix-up. */

typedef struct hent {
    uint64_t k1, k2; /* k1 == 0 && k2 == 0: free slot */
    uint64_t h;      /* hash of the staged values, for rows that must agree */
    long row;
} hent;

typedef struct hset {
    hent *v;
    size_t cap, n;
} hset;

static uint64_t fnv(const void *p, size_t n, uint64_t h)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ull;
    }
    return h;
}
#define FNV0 1469598103934665603ull

static uint64_t mix(uint64_t z) /* splitmix64's finalizer */
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* The entry for key, inserted (row 0) when absent; NULL when out of memory. */
static hent *hset_get(hset *s, const char *key, bool *created)
{
    size_t len = strlen(key);
    uint64_t k1 = mix(fnv(key, len, FNV0)), k2 = mix(fnv(key, len, 0x9e3779b97f4a7c15ull) ^ len);
    if (k1 == 0 && k2 == 0)
        k2 = 1;
    if ((s->n + 1) * 5 >= s->cap * 4) { /* up to 80% full: linear probing stays short */
        size_t ncap = s->cap ? s->cap * 2 : 1024;
        hent *nv = calloc(ncap, sizeof *nv);
        if (!nv)
            return NULL;
        for (size_t i = 0; i < s->cap; i++)
            if (s->v[i].k1 || s->v[i].k2) {
                size_t j = s->v[i].k1 & (ncap - 1);
                while (nv[j].k1 || nv[j].k2)
                    j = (j + 1) & (ncap - 1);
                nv[j] = s->v[i];
            }
        free(s->v);
        s->v = nv;
        s->cap = ncap;
    }
    size_t j = k1 & (s->cap - 1);
    while (s->v[j].k1 || s->v[j].k2) {
        if (s->v[j].k1 == k1 && s->v[j].k2 == k2) {
            *created = false;
            return &s->v[j];
        }
        j = (j + 1) & (s->cap - 1);
    }
    s->v[j].k1 = k1;
    s->v[j].k2 = k2;
    s->n++;
    *created = true;
    return &s->v[j];
}

static void hset_free(hset *s)
{
    free(s->v);
    s->v = NULL;
    s->cap = s->n = 0;
}

/* ---- reader state ---- */

typedef struct cx {
    const trk_import_opts *o;
    trk_import_spool *sp;
    const char *fname;
    csv_map *m;
    long rowno; /* record number; the header is row 1 */
    bool stop;  /* fatal: stop reading */
    bool oom;
    bool bad; /* the current row has errors */
    /* the current record: fields back to back, NUL-terminated */
    char *buf;
    size_t n, cap;
    size_t *off, *len;
    int nf, fcap;
    bool too_long;
    char **cell;   /* cleaned cells of the current row (NULL: unused column) */
    char **allocs; /* strings made for the current row, freed at its end */
    size_t nalloc, calloc_n;
    trk_sb out;
    long ord;
    hset cases, events, parties, bodies, sources, case_parties;
    char **juris;
    int njuris;
} cx;

/* A mapping error: "MAP.json: $.case.title: message". */
static void map_err(cx *x, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void map_err(cx *x, const char *path, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    trk_import_error(x->sp, x->o, "%s: $%s%s: %s", x->m->file, path[0] ? "." : "", path, msg);
}

/* A row error naming the column of v (or the mapping value, for a constant). */
static void row_err(cx *x, const vspec *v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void row_err(cx *x, const vspec *v, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    x->bad = true;
    if (v && v->kind != V_CONST && v->col >= 0)
        trk_import_error(x->sp, x->o, "%s: row %ld, column %s: %s", x->fname, x->rowno,
                         x->m->cols[v->col].name, msg);
    else if (v)
        trk_import_error(x->sp, x->o, "%s: row %ld, mapping %s: %s", x->fname, x->rowno, v->path,
                         msg);
    else
        trk_import_error(x->sp, x->o, "%s: row %ld: %s", x->fname, x->rowno, msg);
}

static char *keep(cx *x, char *s)
{
    if (!s) {
        x->oom = true;
        return NULL;
    }
    if (x->nalloc == x->calloc_n) {
        size_t n = x->calloc_n ? x->calloc_n * 2 : 64;
        char **p = realloc(x->allocs, n * sizeof *p);
        if (!p) {
            free(s);
            x->oom = true;
            return NULL;
        }
        x->allocs = p;
        x->calloc_n = n;
    }
    x->allocs[x->nalloc++] = s;
    return s;
}

static void row_free(cx *x)
{
    for (size_t i = 0; i < x->nalloc; i++)
        free(x->allocs[i]);
    x->nalloc = 0;
}

/* ---- loading the mapping ---- */

static const cJSON *jget(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

static bool check_keys(cx *x, const cJSON *o, const char *path, const char *const *allowed)
{
    bool ok = true;
    for (const cJSON *c = o->child; c; c = c->next) {
        int k = 0;
        while (allowed[k] && strcmp(allowed[k], c->string) != 0)
            k++;
        if (!allowed[k]) {
            char b[80], list[400];
            map_err(x, path, "unknown key \"%s\" (expected one of: %s)",
                    trk_text_show(c->string, b, sizeof b), trk_words_join(allowed, list, sizeof list));
            ok = false;
        }
    }
    return ok;
}

static unsigned parse_clean(cx *x, const cJSON *a, const char *path)
{
    unsigned f = 0;
    if (!cJSON_IsArray(a)) {
        map_err(x, path, "expected an array of \"trim\", \"html\", \"collapse\"");
        return 0;
    }
    int i = 0;
    for (const cJSON *c = a->child; c; c = c->next, i++) {
        const char *s = cJSON_IsString(c) ? c->valuestring : "";
        if (strcmp(s, "trim") == 0)
            f |= CL_TRIM;
        else if (strcmp(s, "html") == 0)
            f |= CL_HTML;
        else if (strcmp(s, "collapse") == 0)
            f |= CL_COLLAPSE;
        else {
            char p[96];
            snprintf(p, sizeof p, "%s[%d]", path, i);
            map_err(x, p, "unknown cleaning \"%s\" (expected trim, html or collapse)", s);
        }
    }
    return f;
}

/* Does fmt hold only %Y %m %d %e %b %B %% and literal text, with a year? */
static bool date_format_ok(const char *fmt, const char **why)
{
    bool y = false, m = false, d = false;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        switch (*++p) {
        case 'Y':
            y = true;
            break;
        case 'm':
        case 'b':
        case 'B':
            m = true;
            break;
        case 'd':
        case 'e':
            d = true;
            break;
        case '%':
            break;
        default:
            *why = "unknown directive (supported: %Y %m %d %e %b %B %%)";
            return false;
        }
    }
    if (!y) {
        *why = "a date format needs the year (%Y)";
        return false;
    }
    if (d && !m) {
        *why = "a day (%d) needs a month (%m, %b or %B)";
        return false;
    }
    return true;
}

static int column_index(csv_map *m, const char *name)
{
    for (int i = 0; i < m->ncols; i++)
        if (strcmp(m->cols[i].name, name) == 0)
            return i;
    return -1;
}

static char *jstrdup(cx *x, const cJSON *o, const char *k, const char *path)
{
    const cJSON *v = jget(o, k);
    if (!v)
        return NULL;
    if (!cJSON_IsString(v)) {
        map_err(x, path, "\"%s\" must be a string", k);
        return NULL;
    }
    char *s = strdup(v->valuestring);
    if (!s)
        x->oom = true;
    return s;
}

/* Resolve a column name of the mapping against the header; reports a missing one. */
static int want_column(cx *x, const char *name, const char *path)
{
    int c = column_index(x->m, name);
    if (c < 0) {
        char b[120];
        trk_sb list = {0};
        for (int i = 0; i < x->m->ncols && i < 30; i++) {
            if (i)
                trk_sb_puts(&list, ", ");
            trk_sb_puts(&list, trk_text_show(x->m->cols[i].name, b, 60));
        }
        if (x->m->ncols > 30)
            trk_sb_puts(&list, ", ...");
        trk_import_error(
            x->sp, x->o, "%s: $.%s names column \"%s\", which %s lacks (its header has: %s)",
            x->m->file, path, trk_text_show(name, b, sizeof b), x->fname, list.p ? list.p : "no columns");
        trk_sb_release(&list);
        return -1;
    }
    if (x->m->cols[c].dup) {
        char b[120];
        trk_import_error(x->sp, x->o,
                         "%s: $.%s names column \"%s\", which appears %d times in "
                         "the header of %s",
                         x->m->file, path, trk_text_show(name, b, sizeof b), x->m->cols[c].dup + 1,
                         x->fname);
        return -1;
    }
    x->m->cols[c].used = true;
    return c;
}

enum { VT_TEXT, VT_DATE, VT_AMOUNT, VT_LIST };

/* Parse a value spec at o[key] (absent: V_NONE). */
static void parse_value(cx *x, const cJSON *o, const char *key, const char *base, vspec *v,
                        int type)
{
    memset(v, 0, sizeof *v);
    v->col = -1;
    if (base[0])
        snprintf(v->path, sizeof v->path, "%s.%s", base, key);
    else
        snprintf(v->path, sizeof v->path, "%s", key);
    const cJSON *s = jget(o, key);
    if (!s || cJSON_IsNull(s))
        return;
    if (!cJSON_IsObject(s)) {
        map_err(x, v->path,
                "expected an object such as {\"column\": \"NAME\"}, {\"const\": "
                "\"VALUE\"} or {\"template\": \"{A} {B}\"}");
        return;
    }
    static const char *const text_keys[] = {"column", "const", "template", "map", "unmapped", NULL};
    static const char *const date_keys[] = {"column",   "const",  "template", "map",
                                            "unmapped", "format", NULL};
    static const char *const amount_keys[] = {"column",   "const",     "template", "map",
                                              "unmapped", "thousands", "decimal",  NULL};
    static const char *const list_keys[] = {"column", "const", "template", "map", "unmapped",
                                            "split",  "slug",  "prefix",   NULL};
    check_keys(x, s, v->path,
               type == VT_DATE     ? date_keys
               : type == VT_AMOUNT ? amount_keys
               : type == VT_LIST   ? list_keys
                                   : text_keys);
    int given = 0;
    const char *which[] = {"column", "const", "template"};
    for (int k = 0; k < 3; k++) {
        const cJSON *c = jget(s, which[k]);
        if (!c)
            continue;
        given++;
        if (!cJSON_IsString(c)) {
            map_err(x, v->path, "\"%s\" must be a string", which[k]);
            continue;
        }
        v->kind = k == 0 ? V_COLUMN : k == 1 ? V_CONST : V_TEMPLATE;
        v->text = strdup(c->valuestring);
        if (!v->text)
            x->oom = true;
    }
    if (given != 1) {
        map_err(x, v->path, "give exactly one of \"column\", \"const\" and \"template\"");
        v->kind = V_NONE;
        return;
    }
    if (!v->text)
        return;
    if (v->kind == V_COLUMN) {
        v->col = want_column(x, v->text, v->path);
    } else if (v->kind == V_TEMPLATE) {
        /* "{A}: {B}" -> parts; "{{" and "}}" are literal braces */
        size_t len = strlen(v->text);
        v->parts = calloc(len / 2 + 2, sizeof *v->parts);
        if (!v->parts) {
            x->oom = true;
            return;
        }
        trk_sb lit = {0};
        const char *p = v->text;
        while (*p) {
            if (p[0] == '{' && p[1] == '{') {
                trk_sb_add(&lit, "{", 1);
                p += 2;
            } else if (p[0] == '}' && p[1] == '}') {
                trk_sb_add(&lit, "}", 1);
                p += 2;
            } else if (*p == '{') {
                const char *e = strchr(p, '}');
                if (!e) {
                    map_err(x, v->path, "unclosed \"{\" in template \"%s\"", v->text);
                    break;
                }
                char name[256];
                size_t n = (size_t)(e - p - 1);
                if (n >= sizeof name)
                    n = sizeof name - 1;
                memcpy(name, p + 1, n);
                name[n] = '\0';
                int c = want_column(x, name, v->path);
                tpart *t = &v->parts[v->nparts++];
                t->lit = trk_sb_detach(&lit);
                if (!t->lit)
                    t->lit = strdup("");
                t->col = c;
                if (v->col < 0)
                    v->col = c;
                p = e + 1;
            } else {
                trk_sb_add(&lit, p, 1);
                p++;
            }
        }
        tpart *t = &v->parts[v->nparts++];
        t->lit = trk_sb_detach(&lit);
        if (!t->lit)
            t->lit = strdup("");
        t->col = -1;
        if (v->nparts == 1)
            map_err(x, v->path, "a template names at least one column in braces, e.g. \"{Name}\"");
    }
    const cJSON *map = jget(s, "map");
    if (map) {
        if (!cJSON_IsObject(map))
            map_err(x, v->path, "\"map\" must be an object of strings");
        else {
            for (const cJSON *c = map->child; c; c = c->next)
                if (!cJSON_IsString(c))
                    map_err(x, v->path, "map value for \"%s\" must be a string", c->string);
            v->map = (cJSON *)map;
        }
    }
    const cJSON *um = jget(s, "unmapped");
    if (um) {
        if (!cJSON_IsString(um) ||
            (strcmp(um->valuestring, "error") != 0 && strcmp(um->valuestring, "keep") != 0))
            map_err(x, v->path, "\"unmapped\" must be \"error\" or \"keep\"");
        else
            v->keep_unmapped = strcmp(um->valuestring, "keep") == 0;
    }
    if (type == VT_DATE) {
        v->date_format = jstrdup(x, s, "format", v->path);
        if (!v->date_format)
            v->date_format = strdup("%Y-%m-%d");
        const char *why;
        if (v->date_format && !date_format_ok(v->date_format, &why))
            map_err(x, v->path, "unknown date format \"%s\": %s", v->date_format, why);
    }
    if (type == VT_AMOUNT) {
        v->thousands = jstrdup(x, s, "thousands", v->path);
        v->decimal = jstrdup(x, s, "decimal", v->path);
        if (!v->decimal)
            v->decimal = strdup(".");
        if (v->decimal &&
            (strlen(v->decimal) != 1 || (v->decimal[0] != '.' && v->decimal[0] != ',')))
            map_err(x, v->path, "\"decimal\" must be \".\" or \",\"");
        if (v->thousands && v->decimal &&
            (strlen(v->thousands) > 4 || strpbrk(v->thousands, "0123456789") ||
             strcmp(v->thousands, v->decimal) == 0))
            map_err(x, v->path,
                    "\"thousands\" must be a separator other than the decimal one "
                    "(such as \",\", \".\", \" \" or \"'\")");
    }
    if (type == VT_LIST) {
        v->split = jstrdup(x, s, "split", v->path);
        v->prefix = jstrdup(x, s, "prefix", v->path);
        const cJSON *sl = jget(s, "slug");
        if (sl && !cJSON_IsBool(sl))
            map_err(x, v->path, "\"slug\" must be true or false");
        v->slug = cJSON_IsTrue(sl);
        if (v->split && !v->split[0])
            map_err(x, v->path, "\"split\" must not be empty");
    }
}

static void free_value(vspec *v)
{
    free(v->text);
    for (int i = 0; i < v->nparts; i++)
        free(v->parts[i].lit);
    free(v->parts);
    free(v->date_format);
    free(v->thousands);
    free(v->decimal);
    free(v->split);
    free(v->prefix);
}

static const cJSON *section(cx *x, const cJSON *root, const char *key, const char *const *keys)
{
    const cJSON *s = jget(root, key);
    if (!s || cJSON_IsNull(s))
        return NULL;
    if (!cJSON_IsObject(s)) {
        map_err(x, key, "expected an object");
        return NULL;
    }
    check_keys(x, s, key, keys);
    return s;
}

static void map_free(csv_map *m)
{
    vspec *all[] = {&m->case_id,       &m->case_title,   &m->case_jur,   &m->case_docket,
                    &m->case_status,   &m->case_procedure, &m->case_summary, &m->auth_name,
                    &m->auth_kind,
                    &m->auth_jur,      &m->ev_id,        &m->ev_type,    &m->ev_date,
                    &m->ev_title,      &m->ev_desc,      &m->ev_outcome, &m->fine_amount,
                    &m->fine_currency, &m->src_url,      &m->src_title,  &m->src_publisher,
                    &m->src_published, &m->cbody_name,   &m->cbody_kind};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        free_value(all[i]);
    for (int i = 0; i < m->ntags; i++)
        free_value(&m->tags[i]);
    for (int i = 0; i < m->nparties; i++) {
        free_value(&m->parties[i].name);
        free_value(&m->parties[i].kind);
        free_value(&m->parties[i].role);
    }
    for (int i = 0; i < m->ncols; i++)
        free(m->cols[i].name);
    free(m->cols);
    free(m->prefix);
    cJSON_Delete(m->doc);
}

/* Read the mapping document (before the header: only the parts that do not name columns). */
static int map_read(cx *x, const char *path)
{
    csv_map *m = x->m;
    m->file = path;
    FILE *f = fopen(path, "rb");
    if (!f) {
        trk_import_error(x->sp, x->o, "could not open mapping \"%s\": %s", path, strerror(errno));
        return -1;
    }
    char *buf = malloc(MAP_MAX_SIZE + 1);
    size_t n = buf ? fread(buf, 1, MAP_MAX_SIZE + 1, f) : 0;
    fclose(f);
    if (!buf) {
        trk_error("out of memory");
        return -1;
    }
    if (n > MAP_MAX_SIZE) {
        free(buf);
        trk_import_error(x->sp, x->o, "%s: a mapping file is at most 1 MiB", path);
        return -1;
    }
    buf[n] = '\0';
    const char *end = NULL;
    m->doc = cJSON_ParseWithLengthOpts(buf, n, &end, false);
    if (!m->doc) {
        long line = 1;
        for (const char *p = buf; end && p < end && p < buf + n; p++)
            line += *p == '\n';
        free(buf);
        trk_import_error(x->sp, x->o, "%s: invalid JSON near line %ld", path, line);
        return -1;
    }
    free(buf);
    const cJSON *root = m->doc;
    if (!cJSON_IsObject(root)) {
        map_err(x, "", "expected an object");
        return -1;
    }
    static const char *const keys[] = {"$schema",   "format",    "version", "delimiter",
                                       "id_prefix", "clean",     "columns", "empty_values",
                                       "case",      "authority", "parties", "event",
                                       "fine",      "source",    NULL};
    check_keys(x, root, "", keys);
    const cJSON *fmt = jget(root, "format");
    if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "tracker-csv-map") != 0)
        map_err(x, "format", "expected \"tracker-csv-map\"");
    const cJSON *ver = jget(root, "version");
    if (!cJSON_IsNumber(ver) || ver->valuedouble != 1)
        map_err(x, "version", "expected 1 (this tracker reads version 1)");
    const cJSON *d = jget(root, "delimiter");
    if (d) {
        if (!cJSON_IsString(d) || strlen(d->valuestring) != 1 || d->valuestring[0] == '"' ||
            d->valuestring[0] == '\n' || d->valuestring[0] == '\r')
            map_err(x, "delimiter", "expected one character such as \",\", \";\" or \"\\t\"");
        else
            m->delim = d->valuestring[0];
    }
    m->prefix = jstrdup(x, root, "id_prefix", "id_prefix");
    if (!m->prefix)
        m->prefix = strdup("");
    m->clean_default = CL_TRIM;
    if (jget(root, "clean"))
        m->clean_default = parse_clean(x, jget(root, "clean"), "clean");
    const cJSON *cols = jget(root, "columns");
    if (cols && !cJSON_IsObject(cols))
        map_err(x, "columns", "expected an object: column name -> {\"clean\": [...]}");
    else
        m->columns = (cJSON *)cols;
    const cJSON *ev = jget(root, "empty_values");
    if (ev) {
        bool ok = cJSON_IsArray(ev);
        for (const cJSON *c = ok ? ev->child : NULL; c; c = c->next)
            ok = ok && cJSON_IsString(c);
        if (!ok)
            map_err(x, "empty_values", "expected an array of strings");
        else
            m->empty_values = (cJSON *)ev;
    }
    const cJSON *z = NULL;
    const cJSON *fine = jget(root, "fine");
    if (cJSON_IsObject(fine))
        z = jget(fine, "zero");
    m->zero = ZERO_FINE;
    if (z) {
        if (cJSON_IsString(z) && strcmp(z->valuestring, "fine") == 0)
            m->zero = ZERO_FINE;
        else if (cJSON_IsString(z) && strcmp(z->valuestring, "no_fine") == 0)
            m->zero = ZERO_NO_FINE;
        else if (cJSON_IsString(z) && strcmp(z->valuestring, "error") == 0)
            m->zero = ZERO_ERROR;
        else
            map_err(x, "fine.zero", "expected \"fine\", \"no_fine\" or \"error\"");
    }
    if (!jget(root, "case"))
        map_err(x, "case", "missing required section");
    if (!jget(root, "event"))
        map_err(x, "event", "missing required section");
    return x->oom ? -1 : 0;
}

/* Resolve the mapping's column references against the header (m->cols). */
static void map_resolve(cx *x)
{
    csv_map *m = x->m;
    const cJSON *root = m->doc;
    static const char *const case_keys[] = {"id",        "title",   "jurisdiction", "docket",
                                            "status",    "procedure", "summary",    "tags",
                                            "body",      NULL};
    static const char *const body_keys[] = {"name", "kind", NULL};
    static const char *const auth_keys[] = {"name", "kind", "jurisdiction", "scope", NULL};
    static const char *const party_keys[] = {"name", "kind", "role", NULL};
    static const char *const event_keys[] = {"id",          "type",    "date", "title",
                                             "description", "outcome", NULL};
    static const char *const fine_keys[] = {"amount", "currency", "zero", NULL};
    static const char *const source_keys[] = {"url", "title", "publisher", "published_on", NULL};
    const cJSON *c = section(x, root, "case", case_keys);
    const cJSON *none = NULL;
    cJSON *empty = cJSON_CreateObject();
    if (!empty) {
        x->oom = true;
        return;
    }
    none = empty;
    parse_value(x, c ? c : none, "id", "case", &m->case_id, VT_TEXT);
    parse_value(x, c ? c : none, "title", "case", &m->case_title, VT_TEXT);
    parse_value(x, c ? c : none, "jurisdiction", "case", &m->case_jur, VT_TEXT);
    parse_value(x, c ? c : none, "docket", "case", &m->case_docket, VT_TEXT);
    parse_value(x, c ? c : none, "status", "case", &m->case_status, VT_TEXT);
    parse_value(x, c ? c : none, "procedure", "case", &m->case_procedure, VT_TEXT);
    parse_value(x, c ? c : none, "summary", "case", &m->case_summary, VT_TEXT);
    const cJSON *cb = c ? jget(c, "body") : NULL;
    if (cb && !cJSON_IsObject(cb))
        map_err(x, "case.body", "expected an object {\"name\": ..., \"kind\": ...}");
    else if (cb)
        check_keys(x, cb, "case.body", body_keys);
    parse_value(x, cJSON_IsObject(cb) ? cb : none, "name", "case.body", &m->cbody_name, VT_TEXT);
    parse_value(x, cJSON_IsObject(cb) ? cb : none, "kind", "case.body", &m->cbody_kind, VT_TEXT);
    if (cJSON_IsObject(cb) && m->cbody_name.kind == V_NONE)
        map_err(x, "case.body.name", "missing required value");
    if (c && m->case_id.kind == V_NONE)
        map_err(x, "case.id", "missing required value (the column of the external id)");
    if (c && m->case_title.kind == V_NONE)
        map_err(x, "case.title", "missing required value");
    if (c && m->case_jur.kind == V_NONE)
        map_err(x, "case.jurisdiction", "missing required value");
    const cJSON *tags = c ? jget(c, "tags") : NULL;
    if (tags) {
        if (!cJSON_IsArray(tags))
            map_err(x, "case.tags", "expected an array of values");
        int i = 0;
        for (const cJSON *t = cJSON_IsArray(tags) ? tags->child : NULL; t; t = t->next, i++) {
            if (m->ntags == MAX_TAGS) {
                map_err(x, "case.tags", "at most %d tag values", MAX_TAGS);
                break;
            }
            char key[16];
            snprintf(key, sizeof key, "%d", i);
            cJSON *wrap = cJSON_CreateObject();
            if (!wrap || !cJSON_AddItemReferenceToObject(wrap, key, (cJSON *)t)) {
                cJSON_Delete(wrap);
                x->oom = true;
                break;
            }
            parse_value(x, wrap, key, "case.tags", &m->tags[m->ntags++], VT_LIST);
            cJSON_Delete(wrap);
        }
    }
    const cJSON *a = section(x, root, "authority", auth_keys);
    parse_value(x, a ? a : none, "name", "authority", &m->auth_name, VT_TEXT);
    parse_value(x, a ? a : none, "kind", "authority", &m->auth_kind, VT_TEXT);
    parse_value(x, a ? a : none, "jurisdiction", "authority", &m->auth_jur, VT_TEXT);
    if (a && m->auth_name.kind == V_NONE)
        map_err(x, "authority.name", "missing required value");
    const cJSON *scope = a ? jget(a, "scope") : NULL;
    if (scope) {
        if (cJSON_IsString(scope) && strcmp(scope->valuestring, "event") == 0)
            m->auth_of_event = true;
        else if (!cJSON_IsString(scope) || strcmp(scope->valuestring, "case") != 0)
            map_err(x, "authority.scope", "expected \"case\" or \"event\"");
    }
    const cJSON *ps = jget(root, "parties");
    if (ps && !cJSON_IsArray(ps))
        map_err(x, "parties", "expected an array of {\"name\", \"kind\", \"role\"}");
    int i = 0;
    for (const cJSON *p = cJSON_IsArray(ps) ? ps->child : NULL; p; p = p->next, i++) {
        char path[32];
        snprintf(path, sizeof path, "parties[%d]", i);
        if (m->nparties == MAX_PARTIES) {
            map_err(x, "parties", "at most %d parties per row", MAX_PARTIES);
            break;
        }
        if (!cJSON_IsObject(p)) {
            map_err(x, path, "expected an object");
            continue;
        }
        check_keys(x, p, path, party_keys);
        party_map *pm = &m->parties[m->nparties++];
        parse_value(x, p, "name", path, &pm->name, VT_TEXT);
        parse_value(x, p, "kind", path, &pm->kind, VT_TEXT);
        parse_value(x, p, "role", path, &pm->role, VT_LIST);
        if (pm->name.kind == V_NONE)
            map_err(x, path, "missing required value \"name\"");
        if (pm->role.kind == V_NONE)
            map_err(x, path, "missing required value \"role\"");
    }
    const cJSON *e = section(x, root, "event", event_keys);
    parse_value(x, e ? e : none, "id", "event", &m->ev_id, VT_TEXT);
    parse_value(x, e ? e : none, "type", "event", &m->ev_type, VT_TEXT);
    parse_value(x, e ? e : none, "date", "event", &m->ev_date, VT_DATE);
    parse_value(x, e ? e : none, "title", "event", &m->ev_title, VT_TEXT);
    parse_value(x, e ? e : none, "description", "event", &m->ev_desc, VT_TEXT);
    parse_value(x, e ? e : none, "outcome", "event", &m->ev_outcome, VT_TEXT);
    if (e && m->ev_type.kind == V_NONE)
        map_err(x, "event.type", "missing required value");
    if (e && m->ev_date.kind == V_NONE)
        map_err(x, "event.date", "missing required value");
    if (e && m->ev_title.kind == V_NONE)
        map_err(x, "event.title", "missing required value");
    const cJSON *f = section(x, root, "fine", fine_keys);
    parse_value(x, f ? f : none, "amount", "fine", &m->fine_amount, VT_AMOUNT);
    parse_value(x, f ? f : none, "currency", "fine", &m->fine_currency, VT_TEXT);
    if (f && (m->fine_amount.kind == V_NONE || m->fine_currency.kind == V_NONE))
        map_err(x, "fine", "a fine needs \"amount\" and \"currency\"");
    const cJSON *s = section(x, root, "source", source_keys);
    parse_value(x, s ? s : none, "url", "source", &m->src_url, VT_TEXT);
    parse_value(x, s ? s : none, "title", "source", &m->src_title, VT_TEXT);
    parse_value(x, s ? s : none, "publisher", "source", &m->src_publisher, VT_TEXT);
    parse_value(x, s ? s : none, "published_on", "source", &m->src_published, VT_DATE);
    if (s && m->src_url.kind == V_NONE)
        map_err(x, "source.url", "missing required value");
    cJSON_Delete(empty);
    /* per-column cleaning */
    for (const cJSON *cc = m->columns ? m->columns->child : NULL; cc; cc = cc->next) {
        char path[300];
        snprintf(path, sizeof path, "columns.%s", cc->string);
        int k = column_index(m, cc->string);
        if (k < 0) {
            char b[120];
            trk_import_error(x->sp, x->o, "%s: $.columns names column \"%s\", which %s lacks",
                             m->file, trk_text_show(cc->string, b, sizeof b), x->fname);
            continue;
        }
        if (!cJSON_IsObject(cc)) {
            map_err(x, path, "expected {\"clean\": [...]}");
            continue;
        }
        static const char *const ck[] = {"clean", NULL};
        check_keys(x, cc, path, ck);
        if (jget(cc, "clean"))
            m->cols[k].clean = parse_clean(x, jget(cc, "clean"), path);
    }
}

/* ---- cleaning ---- */

static void put_utf8(trk_sb *b, unsigned long cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    trk_sb_add(b, u, n);
}

static const struct {
    const char *name;
    unsigned long cp;
} entities[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},        {"quot", '"'},     {"apos", '\''},
    {"nbsp", ' '},     {"euro", 0x20AC},  {"pound", 0xA3},    {"sect", 0xA7},    {"copy", 0xA9},
    {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
    {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"laquo", 0xAB},    {"raquo", 0xBB},   {"bdquo", 0x201E},
    {"auml", 0xE4},    {"ouml", 0xF6},    {"uuml", 0xFC},     {"Auml", 0xC4},    {"Ouml", 0xD6},
    {"Uuml", 0xDC},    {"szlig", 0xDF},   {"eacute", 0xE9},   {"egrave", 0xE8},  {"agrave", 0xE0},
    {"aacute", 0xE1},  {"iacute", 0xED},  {"oacute", 0xF3},   {"uacute", 0xFA},  {"ntilde", 0xF1},
    {"ccedil", 0xE7},  {"Eacute", 0xC9},  {"shy", 0xAD},
};

/* Tags dropped; <br>, </p>, </div>, </li>, </tr> become line breaks; entities decoded. */
static void clean_html(trk_sb *b, const char *s)
{
    while (*s) {
        if (*s == '<' && (s[1] == '/' || s[1] == '!' || (s[1] >= 'a' && s[1] <= 'z') ||
                          (s[1] >= 'A' && s[1] <= 'Z'))) {
            const char *e = strchr(s, '>');
            if (!e) {
                trk_sb_add(b, s, 1);
                s++;
                continue;
            }
            const char *t = s + 1;
            bool close = *t == '/';
            if (close)
                t++;
            size_t n = strspn(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
            if ((n == 2 && strncasecmp(t, "br", 2) == 0) ||
                (close && ((n == 1 && strncasecmp(t, "p", 1) == 0) ||
                           (n == 3 && strncasecmp(t, "div", 3) == 0) ||
                           (n == 2 && strncasecmp(t, "li", 2) == 0) ||
                           (n == 2 && strncasecmp(t, "tr", 2) == 0))))
                trk_sb_add(b, "\n", 1);
            s = e + 1;
            continue;
        }
        if (*s == '&') {
            const char *e = s + 1;
            while (*e && *e != ';' && e - s < 12)
                e++;
            if (*e == ';') {
                unsigned long cp = 0;
                bool ok = false;
                if (s[1] == '#') {
                    char *end;
                    errno = 0;
                    if (s[2] == 'x' || s[2] == 'X')
                        cp = strtoul(s + 3, &end, 16);
                    else
                        cp = strtoul(s + 2, &end, 10);
                    ok = end == e && errno == 0 && cp > 0 && cp <= 0x10FFFF &&
                         !(cp >= 0xD800 && cp <= 0xDFFF) && end > s + 2;
                } else {
                    for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++)
                        if (strlen(entities[i].name) == (size_t)(e - s - 1) &&
                            strncmp(entities[i].name, s + 1, (size_t)(e - s - 1)) == 0) {
                            cp = entities[i].cp;
                            ok = true;
                            break;
                        }
                }
                if (ok) {
                    put_utf8(b, cp);
                    s = e + 1;
                    continue;
                }
            }
        }
        trk_sb_add(b, s, 1);
        s++;
    }
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static char *clean(cx *x, const char *s, unsigned f)
{
    trk_sb b = {0};
    if (f & CL_HTML)
        clean_html(&b, s);
    else
        trk_sb_puts(&b, s);
    char *r = trk_sb_detach(&b);
    if (!r)
        return keep(x, strdup(""));
    /* a line break inside a quoted field is one LF, whatever the file's line ends */
    if (strchr(r, '\r')) {
        size_t j = 0;
        for (size_t i = 0; r[i]; i++)
            if (!(r[i] == '\r' && r[i + 1] == '\n'))
                r[j++] = r[i];
        r[j] = '\0';
    }
    if (f & CL_COLLAPSE) {
        size_t j = 0;
        bool sp = false;
        for (size_t i = 0; r[i]; i++) {
            if (is_ws(r[i])) {
                sp = true;
                continue;
            }
            if (sp && j > 0)
                r[j++] = ' ';
            sp = false;
            r[j++] = r[i];
        }
        r[j] = '\0';
    }
    if (f & CL_TRIM) {
        size_t n = strlen(r), i = 0;
        while (n > 0 && is_ws(r[n - 1]))
            r[--n] = '\0';
        while (is_ws(r[i]))
            i++;
        if (i)
            memmove(r, r + i, n - i + 1);
    }
    return keep(x, r);
}

/* ---- values ---- */

static bool is_empty_value(cx *x, const char *s)
{
    if (!s || !*s)
        return true;
    for (const cJSON *c = x->m->empty_values ? x->m->empty_values->child : NULL; c; c = c->next)
        if (strcasecmp(c->valuestring, s) == 0)
            return true;
    return false;
}

/* The value of v for the current row, after cleaning and the value map; NULL when empty (or
 * after an error, which sets x->bad). */
static const char *eval(cx *x, const vspec *v)
{
    const char *s = NULL;
    if (v->kind == V_NONE)
        return NULL;
    if (v->kind == V_CONST)
        s = v->text;
    else if (v->kind == V_COLUMN)
        s = v->col >= 0 ? x->cell[v->col] : NULL;
    else {
        trk_sb b = {0};
        bool any = false;
        for (int i = 0; i < v->nparts; i++) {
            trk_sb_puts(&b, v->parts[i].lit);
            if (v->parts[i].col >= 0) {
                const char *c = x->cell[v->parts[i].col];
                if (!is_empty_value(x, c)) {
                    any = true;
                    trk_sb_puts(&b, c);
                }
            }
        }
        char *t = trk_sb_detach(&b);
        if (!t) {
            x->oom = true;
            return NULL;
        }
        keep(x, t);
        if (!any)
            return NULL;
        /* a template ends up trimmed (a missing column leaves no stray spaces at its ends) */
        size_t n = strlen(t), i = 0;
        while (n > 0 && is_ws(t[n - 1]))
            t[--n] = '\0';
        while (is_ws(t[i]))
            i++;
        s = t + i;
    }
    if (is_empty_value(x, s))
        return NULL;
    if (v->map) {
        const cJSON *to = cJSON_GetObjectItemCaseSensitive(v->map, s);
        if (cJSON_IsString(to))
            s = to->valuestring;
        else if (!v->keep_unmapped) {
            char b[80];
            row_err(x, v, "\"%s\" is not in the mapping's value map for %s", trk_text_show(s, b, sizeof b),
                    v->path);
            return NULL;
        }
        if (!*s)
            return NULL;
    }
    return s;
}

static const char *required(cx *x, const vspec *v, const char *s, const char *what)
{
    if (!s && !x->bad)
        row_err(x, v, "empty value for the %s (required)", what);
    return s;
}

/* Text checks as in the interchange reader. */
static const char *text(cx *x, const vspec *v, const char *s, size_t max, bool single_line)
{
    if (!s)
        return NULL;
    char b[80];
    size_t n = strlen(s);
    if (n > max) {
        row_err(x, v, "value too long (%zu bytes, at most %zu) \"%s\"", n, max,
                trk_text_show(s, b, sizeof b));
        return NULL;
    }
    if (single_line && strpbrk(s, "\r\n")) {
        row_err(x, v, "line breaks are not allowed in %s: \"%s\"", v->path, trk_text_show(s, b, sizeof b));
        return NULL;
    }
    return s;
}

static const char *word(cx *x, const vspec *v, const char *s, const char *const *words,
                        const char *what)
{
    if (s && !trk_word_in(s, words)) {
        char list[400], b[80];
        row_err(x, v, "unknown %s \"%s\" (expected one of: %s)", what, trk_text_show(s, b, sizeof b),
                trk_words_join(words, list, sizeof list));
        return NULL;
    }
    return s;
}

/* An external id: the mapping's id_prefix (for cases and events; kind "") or kind ("party:",
 * "body:", "source:": shared by every sheet, since they name the record by its natural key) +
 * the value. One line, 1..1000 bytes, no control characters. */
static const char *make_id(cx *x, const vspec *v, const char *kind, const char *s)
{
    if (!s)
        return NULL;
    const char *prefix = kind[0] ? "" : x->m->prefix;
    size_t n = strlen(prefix) + strlen(kind) + strlen(s) + 1;
    char *id = keep(x, malloc(n));
    if (!id)
        return NULL;
    snprintf(id, n, "%s%s%s", prefix, kind, s);
    char b[80];
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        if (*p < 0x20 || *p == 0x7f) {
            row_err(x, v,
                    "invalid id \"%s\": control characters (line breaks, tabs) are not "
                    "allowed",
                    trk_text_show(s, b, sizeof b));
            return NULL;
        }
    if (n - 1 > TRK_TEXT_SHORT_MAX) {
        row_err(x, v, "id too long (%zu bytes, at most %d)", n - 1, TRK_TEXT_SHORT_MAX);
        return NULL;
    }
    return id;
}

static bool jur_known(cx *x, const char *j)
{
    for (int i = 0; i < x->njuris; i++)
        if (strcmp(x->juris[i], j) == 0)
            return true;
    return false;
}

static const char *jurisdiction(cx *x, const vspec *v, const char *j)
{
    if (!j)
        return NULL;
    char b[80];
    if (!trk_jurisdiction_syntax(j) || !jur_known(x, j)) {
        trk_sb list = {0};
        for (int i = 0; i < x->njuris && i < 40; i++) {
            if (i)
                trk_sb_puts(&list, ", ");
            trk_sb_puts(&list, x->juris[i]);
        }
        const char *raw = v->kind == V_COLUMN && v->col >= 0 ? x->cell[v->col] : NULL;
        if (raw && strcmp(raw, j) != 0) {
            char b2[80];
            row_err(x, v,
                    "\"%s\" maps to jurisdiction \"%s\", which the database does not know "
                    "(known: %s)",
                    trk_text_show(raw, b2, sizeof b2), trk_text_show(j, b, sizeof b), list.p ? list.p : "none");
        } else
            row_err(x, v,
                    "unknown jurisdiction \"%s\" (known: %s; a value map can translate "
                    "names such as \"Spain\" to codes)",
                    trk_text_show(j, b, sizeof b), list.p ? list.p : "none");
        trk_sb_release(&list);
        return NULL;
    }
    return j;
}

static const char *const month_names[] = {"january",   "february", "march",    "april",
                                          "may",       "june",     "july",     "august",
                                          "september", "october",  "november", "december"};

/* Parse s by fmt (%Y %m %d %e %b %B %%); sets the precision from the parts given. */
static int parse_date(const char *s, const char *fmt, trk_date *out, const char **prec)
{
    int y = -1, mo = -1, d = -1;
    const char *p = s;
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            if (*p != *f)
                return -1;
            p++;
            continue;
        }
        f++;
        if (*f == '%') {
            if (*p++ != '%')
                return -1;
            continue;
        }
        if (*f == 'b' || *f == 'B') {
            int found = -1;
            size_t best = 0;
            for (int i = 0; i < 12; i++) {
                size_t full = strlen(month_names[i]);
                if (strncasecmp(p, month_names[i], full) == 0 && full > best) {
                    found = i;
                    best = full;
                } else if (strncasecmp(p, month_names[i], 3) == 0 && best < 3) {
                    found = i;
                    best = 3;
                }
            }
            if (found < 0)
                return -1;
            /* "Sept" is a common abbreviation too */
            if (found == 8 && best == 3 && (p[3] == 't' || p[3] == 'T'))
                best = 4;
            mo = found + 1;
            p += best;
            if (*p == '.' && f[1] != '.')
                p++;
            continue;
        }
        int maxd = *f == 'Y' ? 4 : 2, n = 0, val = 0;
        if (*f == 'e' && *p == ' ')
            p++;
        while (n < maxd && *p >= '0' && *p <= '9') {
            val = val * 10 + (*p - '0');
            p++;
            n++;
        }
        if (n == 0 || (*f == 'Y' && n != 4))
            return -1;
        if (*f == 'Y')
            y = val;
        else if (*f == 'm')
            mo = val;
        else
            d = val;
    }
    if (*p || y < 0)
        return -1;
    *prec = d >= 0 ? "day" : mo >= 0 ? "month" : "year";
    return trk_date_from_ymd(y, mo < 0 ? 1 : mo, d < 0 ? 1 : d, out);
}

static const char *date_val(cx *x, const vspec *v, const char *s, char out[TRK_DATE_STRLEN],
                            const char **prec)
{
    if (!s)
        return NULL;
    trk_date d;
    char b[80];
    if (parse_date(s, v->date_format, &d, prec) != 0) {
        row_err(x, v, "\"%s\" is not a date in the declared format %s", trk_text_show(s, b, sizeof b),
                v->date_format);
        return NULL;
    }
    return trk_date_format(d, out);
}

/* An amount in the declared number format: digits with optional thousands separators (groups
 * of three) and one decimal separator. */
static const char *amount_val(cx *x, const vspec *v, const char *s, const char *cur,
                              char out[TRK_AMOUNT_STRLEN])
{
    if (!s)
        return NULL;
    char plain[80], b[80];
    size_t n = 0, tl = v->thousands ? strlen(v->thousands) : 0;
    int group = 0, groups = 0, first = -1;
    bool frac = false, ok = true;
    for (const char *p = s; *p && ok;) {
        if (n >= sizeof plain - 2) {
            ok = false;
            break;
        }
        if (*p >= '0' && *p <= '9') {
            plain[n++] = *p++;
            group++;
        } else if (!frac && *p == v->decimal[0]) {
            if (n == 0 || (groups > 0 && group != 3))
                ok = false;
            plain[n++] = '.';
            frac = true;
            p++;
        } else if (!frac && tl && strncmp(p, v->thousands, tl) == 0) {
            if (groups == 0) {
                first = group;
                if (group < 1 || group > 3)
                    ok = false;
            } else if (group != 3)
                ok = false;
            groups++;
            group = 0;
            p += tl;
        } else
            ok = false;
    }
    (void)first;
    if (ok && groups > 0 && !frac && group != 3)
        ok = false;
    if (ok && (n == 0 || plain[n - 1] == '.'))
        ok = false;
    plain[n] = '\0';
    if (!ok) {
        row_err(x, v, "\"%s\" is not an amount in the declared format (decimal \"%s\"%s%s%s)",
                trk_text_show(s, b, sizeof b), v->decimal,
                tl ? ", thousands \"" : ", no thousands separator", tl ? v->thousands : "",
                tl ? "\"" : "");
        return NULL;
    }
    if (!cur)
        return NULL;
    const char *why;
    if (trk_amount_parse(plain, cur, out, &why) != 0) {
        row_err(x, v, "invalid amount \"%s\" for %s: %s", trk_text_show(s, b, sizeof b), cur, why);
        return NULL;
    }
    return out;
}

static bool amount_zero(const char *a)
{
    for (; *a; a++)
        if (*a != '0' && *a != '.')
            return false;
    return true;
}

static void slugify(trk_sb *b, const char *s)
{
    size_t start = b->n;
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        bool keepc =
            c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == ':';
        if (!keepc) {
            dash = b->n > start;
            continue;
        }
        if (dash)
            trk_sb_add(b, "-", 1);
        dash = false;
        trk_sb_add(b, (const char *)&c, 1);
    }
}

/* ---- staging rows ---- */

static void col(cx *x, const char *s)
{
    if (x->out.n > 0)
        trk_sb_add(&x->out, "\t", 1);
    trk_sb_copy_text(&x->out, s);
}

static size_t row_begin(cx *x, const char *what)
{
    char src[512], ord[24];
    trk_sb_reset(&x->out);
    snprintf(src, sizeof src, "%s: row %ld: %s", x->fname, x->rowno, what);
    col(x, src);
    snprintf(ord, sizeof ord, "%ld", ++x->ord);
    col(x, ord);
    return x->out.n;
}

static void row_end(cx *x, int table)
{
    if (!x->oom && !trk_import_spool_row(x->sp, table, &x->out))
        x->oom = true;
}

/* Stage a record once per id; false when it was staged before (or out of memory). */
static bool first_time(cx *x, hset *s, const char *id)
{
    bool created = false;
    hent *e = hset_get(s, id, &created);
    if (!e) {
        x->oom = true;
        return false;
    }
    if (created)
        e->row = x->rowno;
    return created;
}

/* ---- one data row ---- */

#define MAX_ROLES 10
typedef struct party_val {
    const char *ext, *name, *kind;
    const char *roles[MAX_ROLES]; /* the party's roles in the case (a split cell gives several) */
    int nroles;
} party_val;

static void do_row(cx *x)
{
    csv_map *m = x->m;
    char b[80];
    x->bad = false;
    /* 1. the cells: count, UTF-8, cleaning */
    if (x->nf != m->ncols) {
        if (!(x->nf == 1 && x->len[0] == 0)) /* a blank line */
            row_err(x, NULL, "%d field%s, but the header has %d columns", x->nf,
                    x->nf == 1 ? "" : "s", m->ncols);
        return;
    }
    for (int c = 0; c < m->ncols; c++) {
        const char *s = x->buf + x->off[c];
        x->cell[c] = NULL;
        if (memchr(s, '\0', x->len[c])) {
            trk_import_error(x->sp, x->o,
                             "%s: row %ld, column %s: a NUL character: text cannot "
                             "hold it",
                             x->fname, x->rowno, m->cols[c].name);
            x->bad = true;
            continue;
        }
        if (!trk_utf8_valid(s, x->len[c])) {
            trk_import_error(x->sp, x->o, "%s: row %ld, column %s: not valid UTF-8 text", x->fname,
                             x->rowno, m->cols[c].name);
            x->bad = true;
            continue;
        }
        if (m->cols[c].used)
            x->cell[c] = clean(x, s, m->cols[c].clean);
    }
    if (x->bad || x->oom)
        return;

    /* 2. values */
    const char *case_raw = required(x, &m->case_id, eval(x, &m->case_id), "case id");
    const char *case_ext = make_id(x, &m->case_id, "", case_raw);
    const char *title =
        text(x, &m->case_title, required(x, &m->case_title, eval(x, &m->case_title), "case title"),
             TRK_TEXT_SHORT_MAX, false);
    const char *jur = jurisdiction(
        x, &m->case_jur, required(x, &m->case_jur, eval(x, &m->case_jur), "case jurisdiction"));
    const char *docket =
        text(x, &m->case_docket, eval(x, &m->case_docket), TRK_TEXT_SHORT_MAX, true);
    const char *status =
        word(x, &m->case_status, eval(x, &m->case_status), trk_case_statuses, "case status");
    const char *procedure = word(x, &m->case_procedure, eval(x, &m->case_procedure),
                                 trk_procedures, "procedure");
    const char *summary =
        text(x, &m->case_summary, eval(x, &m->case_summary), TRK_TEXT_LONG_MAX, false);
    /* tags: a PostgreSQL array literal, each tag once */
    trk_sb tags = {0};
    trk_sb_add(&tags, "{", 1);
    int ntag = 0;
    for (int i = 0; i < m->ntags; i++) {
        const vspec *v = &m->tags[i];
        const char *s = eval(x, v);
        if (!s)
            continue;
        const char *p = s;
        size_t sl = v->split ? strlen(v->split) : 0;
        while (p) {
            const char *e = sl ? strstr(p, v->split) : NULL;
            size_t len = e ? (size_t)(e - p) : strlen(p);
            char *piece = keep(x, strndup(p, len));
            p = e ? e + sl : NULL;
            if (!piece)
                break;
            char *t = clean(x, piece, CL_TRIM);
            if (!t || !*t)
                continue;
            trk_sb tb = {0};
            if (v->prefix)
                trk_sb_puts(&tb, v->prefix);
            if (v->slug && !trk_tag_valid(t))
                slugify(&tb, t); /* a valid tag stays as it is (export round trips) */
            else
                trk_sb_puts(&tb, t);
            char *tag = keep(x, trk_sb_detach(&tb));
            if (!tag)
                break;
            if (v->slug && strlen(tag) > 64) {
                size_t n = 64;
                while (n > 0 && ((unsigned char)tag[n] & 0xC0) == 0x80)
                    n--;
                tag[n] = '\0';
                while (n > 0 && tag[n - 1] == '-')
                    tag[--n] = '\0';
            }
            if (!trk_tag_valid(tag)) {
                row_err(x, v,
                        "invalid tag \"%s\" (1 to 64 bytes of lowercase letters, digits, '-', '_', "
                        "':'; \"slug\": true makes one from any text)",
                        trk_text_show(tag, b, sizeof b));
                continue;
            }
            /* once per case */
            char needle[80];
            snprintf(needle, sizeof needle, "\"%s\"", tag);
            if (tags.p && strstr(tags.p, needle))
                continue;
            if (ntag++)
                trk_sb_add(&tags, ",", 1);
            trk_sb_printf(&tags, "\"%s\"", tag);
        }
    }
    trk_sb_add(&tags, "}", 1);
    char *tagstr = keep(x, trk_sb_detach(&tags));

    /* authority */
    const char *auth_name =
        text(x, &m->auth_name, eval(x, &m->auth_name), TRK_TEXT_SHORT_MAX, true);
    const char *auth_kind =
        word(x, &m->auth_kind, eval(x, &m->auth_kind), trk_body_kinds, "body kind");
    const char *auth_jur =
        m->auth_jur.kind != V_NONE ? jurisdiction(x, &m->auth_jur, eval(x, &m->auth_jur)) : jur;
    const char *auth_ext = NULL;
    if (auth_name) {
        size_t n = strlen(auth_jur ? auth_jur : "") + strlen(auth_name) + 8;
        char *k = keep(x, malloc(n));
        if (k) {
            snprintf(k, n, "%s:%s", auth_jur ? auth_jur : "", auth_name);
            auth_ext = make_id(x, &m->auth_name, "body:", k);
        }
    }

    /* the case's own body (case.body), else the authority unless its scope is the event */
    const char *cb_name =
        text(x, &m->cbody_name, eval(x, &m->cbody_name), TRK_TEXT_SHORT_MAX, true);
    const char *cb_kind =
        word(x, &m->cbody_kind, eval(x, &m->cbody_kind), trk_body_kinds, "body kind");
    const char *cb_ext = NULL;
    if (cb_name) {
        size_t n = strlen(jur ? jur : "") + strlen(cb_name) + 8;
        char *k = keep(x, malloc(n));
        if (k) {
            snprintf(k, n, "%s:%s", jur ? jur : "", cb_name);
            cb_ext = make_id(x, &m->cbody_name, "body:", k);
        }
    } else if (m->cbody_name.kind == V_NONE && !m->auth_of_event)
        cb_ext = auth_ext;

    /* parties */
    party_val pv[MAX_PARTIES];
    int np = 0;
    for (int i = 0; i < m->nparties; i++) {
        party_map *pm = &m->parties[i];
        const char *name = text(x, &pm->name, eval(x, &pm->name), TRK_TEXT_SHORT_MAX, true);
        if (!name)
            continue; /* no such party on this row */
        party_val *p = &pv[np++];
        p->name = name;
        p->kind = word(x, &pm->kind, eval(x, &pm->kind), trk_party_kinds, "party kind");
        p->nroles = 0;
        const char *rs = required(x, &pm->role, eval(x, &pm->role), "party role");
        size_t sl = pm->role.split ? strlen(pm->role.split) : 0;
        for (const char *q = rs; q;) {
            const char *e = sl ? strstr(q, pm->role.split) : NULL;
            char *one = keep(x, e ? strndup(q, (size_t)(e - q)) : strdup(q));
            q = e ? e + sl : NULL;
            char *t = one ? clean(x, one, CL_TRIM) : NULL;
            if (!t || !*t)
                continue;
            if (p->nroles == MAX_ROLES) {
                row_err(x, &pm->role, "at most %d roles per party", MAX_ROLES);
                break;
            }
            if (word(x, &pm->role, t, trk_party_roles, "role"))
                p->roles[p->nroles++] = t;
        }
        p->ext = make_id(x, &pm->name, "party:", name);
    }

    /* event */
    const char *type =
        word(x, &m->ev_type, required(x, &m->ev_type, eval(x, &m->ev_type), "event type"),
             trk_event_types, "event type");
    char d1[TRK_DATE_STRLEN], d2[TRK_DATE_STRLEN];
    const char *prec = "day";
    const char *date = date_val(
        x, &m->ev_date, required(x, &m->ev_date, eval(x, &m->ev_date), "event date"), d1, &prec);
    const char *ev_title =
        text(x, &m->ev_title, required(x, &m->ev_title, eval(x, &m->ev_title), "event title"),
             TRK_TEXT_SHORT_MAX, false);
    const char *desc = text(x, &m->ev_desc, eval(x, &m->ev_desc), TRK_TEXT_LONG_MAX, false);
    const char *outcome =
        word(x, &m->ev_outcome, eval(x, &m->ev_outcome), trk_event_outcomes, "outcome");
    if (outcome && type &&
        !trk_word_in(type,
                     (const char *const[]){"appeal_decided", "ruling", "order", "complaint", NULL}))
        row_err(x, &m->ev_outcome,
                "an outcome is only allowed on appeal_decided, ruling, order "
                "and complaint events, not on %s",
                type);
    const char *ev_ext = NULL;
    if (m->ev_id.kind != V_NONE)
        ev_ext = make_id(x, &m->ev_id, "", required(x, &m->ev_id, eval(x, &m->ev_id), "event id"));
    else if (case_raw) {
        size_t n = strlen(case_raw) + 8;
        char *k = keep(x, malloc(n));
        if (k) {
            snprintf(k, n, "%s:event", case_raw);
            ev_ext = make_id(x, &m->case_id, "", k);
        }
    }

    /* fine */
    const char *cur = NULL, *amount = NULL;
    char amt[TRK_AMOUNT_STRLEN];
    if (m->fine_amount.kind != V_NONE) {
        const char *raw = eval(x, &m->fine_amount);
        if (raw) {
            cur = required(x, &m->fine_currency, eval(x, &m->fine_currency), "fine currency");
            if (cur && !trk_currency_known(cur)) {
                row_err(x, &m->fine_currency,
                        "unknown currency \"%s\" (expected an ISO 4217 code such as EUR, USD, "
                        "GBP)",
                        trk_text_show(cur, b, sizeof b));
                cur = NULL;
            }
            amount = amount_val(x, &m->fine_amount, raw, cur ? cur : "XXX", amt);
            if (!cur)
                amount = NULL;
            if (amount && amount_zero(amount)) {
                if (m->zero == ZERO_ERROR) {
                    row_err(x, &m->fine_amount,
                            "an amount of 0 (\"%s\") is not allowed by the "
                            "mapping (fine.zero is \"error\")",
                            trk_text_show(raw, b, sizeof b));
                    amount = NULL;
                } else if (m->zero == ZERO_NO_FINE)
                    amount = NULL;
            }
        }
    }

    /* source */
    const char *url = eval(x, &m->src_url);
    if (url) {
        bool ok = strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0;
        for (const unsigned char *p = (const unsigned char *)url; ok && *p; p++)
            if (*p <= 0x20 || *p == 0x7f)
                ok = false;
        if (!ok || strlen(url) > 2000) {
            row_err(x, &m->src_url,
                    "invalid URL \"%s\" (expected http:// or https:// without "
                    "spaces)",
                    trk_text_show(url, b, sizeof b));
            url = NULL;
        }
    }
    const char *src_title =
        text(x, &m->src_title, eval(x, &m->src_title), TRK_TEXT_SHORT_MAX, false);
    const char *publisher =
        text(x, &m->src_publisher, eval(x, &m->src_publisher), TRK_TEXT_SHORT_MAX, true);
    const char *sprec;
    const char *published = date_val(x, &m->src_published, eval(x, &m->src_published), d2, &sprec);
    const char *src_ext = url ? make_id(x, &m->src_url, "source:", url) : NULL;

    if (x->bad || x->oom || !tagstr)
        return;

    /* 3. duplicates: an event id once per file; a case's rows agree */
    bool created;
    hent *ev = hset_get(&x->events, ev_ext, &created);
    if (!ev) {
        x->oom = true;
        return;
    }
    if (!created) {
        const vspec *v = m->ev_id.kind != V_NONE ? &m->ev_id : &m->case_id;
        row_err(x, v, "duplicate external id \"%s\" (first in row %ld)", trk_text_show(ev_ext, b, sizeof b),
                ev->row);
        return;
    }
    ev->row = x->rowno;

    size_t mark = row_begin(x, "case");
    col(x, case_ext);
    col(x, title);
    col(x, jur);
    col(x, cb_ext);
    col(x, docket);
    col(x, status ? status : "open");
    col(x, summary);
    col(x, tagstr);
    col(x, procedure ? procedure : "unknown");
    uint64_t h = fnv(x->out.p + mark, x->out.n - mark, FNV0);
    hent *ce = hset_get(&x->cases, case_ext, &created);
    if (!ce) {
        x->oom = true;
        return;
    }
    if (created) {
        ce->row = x->rowno;
        ce->h = h;
        row_end(x, TRK_STG_CASE);
    } else if (ce->h != h) {
        row_err(x, &m->case_id,
                "case \"%s\" has other case values (title, jurisdiction, authority, docket, "
                "status, summary or tags) than in row %ld: the rows of a case must agree",
                trk_text_show(case_raw, b, sizeof b), ce->row);
        return;
    }

    /* 4. stage the rest */
    if (cb_ext && cb_ext != auth_ext && first_time(x, &x->bodies, cb_ext)) {
        row_begin(x, "case.body");
        col(x, cb_ext);
        col(x, cb_name);
        col(x, cb_kind ? cb_kind : "court");
        col(x, jur);
        row_end(x, TRK_STG_BODY);
    }
    if (auth_ext && first_time(x, &x->bodies, auth_ext)) {
        row_begin(x, "authority");
        col(x, auth_ext);
        col(x, auth_name);
        col(x, auth_kind ? auth_kind : "regulator");
        col(x, auth_jur);
        row_end(x, TRK_STG_BODY);
    }
    for (int i = 0; i < np; i++) {
        char what[32];
        snprintf(what, sizeof what, "parties[%d]", i);
        if (first_time(x, &x->parties, pv[i].ext)) {
            row_begin(x, what);
            col(x, pv[i].ext);
            col(x, pv[i].name);
            col(x, pv[i].kind ? pv[i].kind : "organisation");
            row_end(x, TRK_STG_PARTY);
        }
        for (int k = 0; k < pv[i].nroles; k++) {
            trk_sb key = {0};
            trk_sb_printf(&key, "%s\x1f%s\x1f%s", case_ext, pv[i].ext, pv[i].roles[k]);
            char *ks = keep(x, trk_sb_detach(&key));
            if (ks && first_time(x, &x->case_parties, ks)) {
                row_begin(x, what);
                col(x, case_ext);
                col(x, pv[i].ext);
                col(x, pv[i].roles[k]);
                row_end(x, TRK_STG_CASE_PARTY);
            }
        }
    }
    if (src_ext && first_time(x, &x->sources, src_ext)) {
        row_begin(x, "source");
        col(x, src_ext);
        col(x, url);
        col(x, publisher);
        col(x, src_title);
        col(x, published);
        col(x, NULL);
        row_end(x, TRK_STG_SOURCE);
    }
    row_begin(x, "event");
    col(x, ev_ext);
    col(x, case_ext);
    col(x, type);
    col(x, date);
    col(x, prec);
    col(x, NULL); /* time */
    col(x, NULL); /* time zone */
    col(x, NULL); /* received on */
    col(x, outcome);
    col(x, ev_title);
    col(x, desc);
    col(x, auth_ext);
    col(x, np ? pv[0].ext : NULL);
    col(x, "f");
    col(x, NULL);
    row_end(x, TRK_STG_EVENT);
    if (src_ext) {
        row_begin(x, "source");
        col(x, ev_ext);
        col(x, src_ext);
        row_end(x, TRK_STG_EVENT_SOURCE);
    }
    if (amount) {
        row_begin(x, "fine");
        col(x, NULL);
        col(x, ev_ext);
        col(x, amount);
        col(x, cur);
        col(x, "f");
        col(x, NULL);
        col(x, np ? pv[0].ext : NULL);
        col(x, auth_ext);
        row_end(x, TRK_STG_FINE);
    }
    x->sp->records++;
}

/* ---- the header ---- */

static void do_header(cx *x)
{
    csv_map *m = x->m;
    if (x->nf > MAX_COLUMNS) {
        trk_import_error(x->sp, x->o, "%s: row 1: %d columns (at most %d)", x->fname, x->nf,
                         MAX_COLUMNS);
        x->stop = true;
        return;
    }
    m->cols = calloc((size_t)x->nf, sizeof *m->cols);
    x->cell = calloc((size_t)x->nf, sizeof *x->cell);
    if (!m->cols || !x->cell) {
        x->oom = true;
        x->stop = true;
        return;
    }
    m->ncols = x->nf;
    for (int c = 0; c < x->nf; c++) {
        const char *s = x->buf + x->off[c];
        if (c == 0 && x->len[0] >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
            s += 3;
        if (!trk_utf8_valid(s, strlen(s))) {
            trk_import_error(x->sp, x->o, "%s: row 1, column %d: not valid UTF-8 text", x->fname,
                             c + 1);
            x->stop = true;
        }
        char *t = strdup(s);
        if (!t) {
            x->oom = true;
            x->stop = true;
            return;
        }
        size_t n = strlen(t), i = 0;
        while (n > 0 && is_ws(t[n - 1]))
            t[--n] = '\0';
        while (is_ws(t[i]))
            i++;
        memmove(t, t + i, n - i + 1);
        m->cols[c].name = t;
        m->cols[c].clean = m->clean_default;
        for (int k = 0; k < c; k++)
            if (strcmp(m->cols[k].name, t) == 0)
                m->cols[k].dup++;
    }
    if (x->stop)
        return;
    map_resolve(x);
    if (x->sp->nerr > 0 || x->oom)
        x->stop = true; /* rows cannot be read through a broken mapping */
}

/* ---- libcsv callbacks ---- */

static void on_field(void *s, size_t len, void *data)
{
    cx *x = data;
    if (x->stop)
        return;
    if (x->n + len + 1 > TRK_IMPORT_MAX_LINE) {
        x->too_long = true;
        return;
    }
    if (x->nf == x->fcap) {
        int nc = x->fcap ? x->fcap * 2 : 64;
        size_t *o = realloc(x->off, (size_t)nc * sizeof *o);
        if (o)
            x->off = o;
        size_t *l = o ? realloc(x->len, (size_t)nc * sizeof *l) : NULL;
        if (!o || !l) {
            x->oom = x->stop = true;
            return;
        }
        x->len = l;
        x->fcap = nc;
    }
    if (x->n + len + 1 > x->cap) {
        size_t nc = x->cap ? x->cap : 4096;
        while (nc < x->n + len + 1)
            nc *= 2;
        char *p = realloc(x->buf, nc);
        if (!p) {
            x->oom = x->stop = true;
            return;
        }
        x->buf = p;
        x->cap = nc;
    }
    x->off[x->nf] = x->n;
    x->len[x->nf] = len;
    if (len)
        memcpy(x->buf + x->n, s, len);
    x->buf[x->n + len] = '\0';
    x->n += len + 1;
    x->nf++;
}

static void on_record(int c, void *data)
{
    cx *x = data;
    (void)c;
    if (x->stop)
        return;
    x->rowno++;
    if (x->too_long) {
        trk_import_error(x->sp, x->o, "%s: row %ld: row too long (more than %u bytes)", x->fname,
                         x->rowno, TRK_IMPORT_MAX_LINE);
    } else if (x->rowno == 1) {
        do_header(x);
    } else {
        do_row(x);
        row_free(x);
    }
    x->n = 0;
    x->nf = 0;
    x->too_long = false;
    if (x->sp->nerr > x->o->max_errors || x->oom)
        x->stop = true;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

/* ---- entry point ---- */

static int load_jurisdictions(cx *x, trk_db *db)
{
    trk_res *r = trk_db_query(db, "SELECT code FROM jurisdiction ORDER BY code", 0, NULL);
    if (!r)
        return -1;
    int n = trk_res_rows(r);
    x->juris = calloc((size_t)n + 1, sizeof *x->juris);
    if (!x->juris) {
        trk_res_free(r);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        x->juris[i] = strdup(trk_res_get(r, i, 0));
        if (!x->juris[i]) {
            trk_res_free(r);
            return -1;
        }
        x->njuris++;
    }
    trk_res_free(r);
    return 0;
}

int trk_import_csv_read(trk_db *db, const trk_import_opts *o, const char *map_path, char delim,
                        trk_import_spool *sp)
{
    csv_map m = {0};
    cx x = {.o = o, .sp = sp, .m = &m};
    bool is_stdin = strcmp(o->path, "-") == 0;
    x.fname = is_stdin ? "stdin" : o->path;
    FILE *in = NULL;
    struct csv_parser p;
    bool parser = false;
    int rc = -1;
    for (int t = 0; t < TRK_STG_N; t++) {
        sp->f[t] = tmpfile();
        if (!sp->f[t]) {
            trk_error("could not create a temporary file: %s", strerror(errno));
            return -1;
        }
    }
    /* Errors of the mapping's own shape are listed together with those that need the header
     * (columns the file lacks): map_resolve runs on the header row. */
    if (map_read(&x, map_path) != 0)
        goto out;
    if (load_jurisdictions(&x, db) != 0)
        goto out;
    in = is_stdin ? stdin : fopen(o->path, "rb");
    if (!in) {
        trk_import_error(sp, o, "could not open \"%s\": %s", o->path, strerror(errno));
        goto out;
    }
    struct stat st;
    long total = -1;
    if (!is_stdin && fstat(fileno(in), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            trk_import_error(sp, o, "could not read \"%s\": is a directory", o->path);
            goto out;
        }
        total = (long)st.st_size;
    }
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        trk_error("out of memory");
        goto out;
    }
    parser = true;
    csv_set_delim(&p, (unsigned char)(m.delim ? m.delim : delim));
    csv_set_space_func(&p, no_space);
    static char buf[1 << 16];
    size_t n;
    long done = 0;
    while (!x.stop && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        if (csv_parse(&p, buf, n, on_field, on_record, &x) != n) {
            if (!x.stop)
                trk_import_error(sp, o,
                                 "%s: row %ld: %s (a quote inside an unquoted field, or "
                                 "text after a closing quote; RFC 4180 doubles quotes inside "
                                 "quoted fields)",
                                 x.fname, x.rowno + 1, csv_strerror(csv_error(&p)));
            x.stop = true;
            break;
        }
        done += (long)n;
        trk_progress(o->progress, "validating", total > 0 ? (double)done / (double)total : -1,
                     x.rowno);
    }
    if (ferror(in)) {
        trk_error("could not read \"%s\": %s", x.fname, strerror(errno));
        goto out;
    }
    if (!x.stop && csv_fini(&p, on_field, on_record, &x) != 0) {
        trk_import_error(sp, o, "%s: row %ld: a quoted field is not closed at the end of the file",
                         x.fname, x.rowno + 1);
        x.stop = true;
    }
    trk_progress_done(o->progress);
    if (x.oom) {
        trk_error("out of memory, or could not write a temporary file");
        goto out;
    }
    if (x.rowno == 0 && sp->nerr == 0) {
        trk_import_error(sp, o, "%s: empty file (expected a header row)", x.fname);
        goto out;
    }
    rc = trk_import_read_end(o, sp, x.stop);
out:
    if (parser)
        csv_free(&p);
    if (in && !is_stdin)
        fclose(in);
    row_free(&x);
    free(x.allocs);
    free(x.buf);
    free(x.off);
    free(x.len);
    free(x.cell);
    for (int i = 0; i < x.njuris; i++)
        free(x.juris[i]);
    free(x.juris);
    hset_free(&x.cases);
    hset_free(&x.events);
    hset_free(&x.parties);
    hset_free(&x.bodies);
    hset_free(&x.sources);
    hset_free(&x.case_parties);
    trk_sb_release(&x.out);
    map_free(&m);
    return rc;
}
