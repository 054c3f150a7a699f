/*
 * report_fmt.c: output formats for reports and exports: deterministic pretty JSON, CSV and
 * aligned text tables. No I/O: everything goes into a trk_sb.
 */
#include "report.h"

#include "money.h"
#include "strbuf.h"
#include "text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void indent(trk_sb *b, int level)
{
    static const char spaces[] = "                                                                ";
    int n = level * 2;
    while (n > 0) {
        int k = n > 64 ? 64 : n;
        trk_sb_add(b, spaces, (size_t)k);
        n -= k;
    }
}

static void json_value(trk_sb *b, const cJSON *v, int level)
{
    if (cJSON_IsNull(v) || !v) {
        trk_sb_puts(b, "null");
    } else if (cJSON_IsTrue(v)) {
        trk_sb_puts(b, "true");
    } else if (cJSON_IsFalse(v)) {
        trk_sb_puts(b, "false");
    } else if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (!isfinite(d))
            trk_sb_puts(b, "null");
        else if (d == floor(d) && fabs(d) < 9007199254740992.0)
            trk_sb_printf(b, "%.0f", d);
        else
            trk_sb_printf(b, "%.17g", d);
    } else if (cJSON_IsString(v)) {
        trk_sb_json_str(b, v->valuestring ? v->valuestring : "");
    } else if (cJSON_IsRaw(v)) {
        trk_sb_puts(b, v->valuestring ? v->valuestring : "null");
    } else if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
        bool obj = cJSON_IsObject(v);
        if (!v->child) {
            trk_sb_puts(b, obj ? "{}" : "[]");
            return;
        }
        trk_sb_puts(b, obj ? "{\n" : "[\n");
        for (const cJSON *c = v->child; c; c = c->next) {
            indent(b, level + 1);
            if (obj) {
                trk_sb_json_str(b, c->string ? c->string : "");
                trk_sb_puts(b, ": ");
            }
            json_value(b, c, level + 1);
            trk_sb_puts(b, c->next ? ",\n" : "\n");
        }
        indent(b, level);
        trk_sb_puts(b, obj ? "}" : "]");
    }
}

void trk_json_pretty(trk_sb *b, const cJSON *v)
{
    json_value(b, v, 0);
    trk_sb_puts(b, "\n");
}

static void csv_field(trk_sb *b, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\n\r")) {
        trk_sb_puts(b, s);
        return;
    }
    trk_sb_add(b, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            trk_sb_add(b, "\"", 1);
        trk_sb_add(b, p, 1);
    }
    trk_sb_add(b, "\"", 1);
}

static const char *get(const trk_res *r, int row, int col, trk_cell_fn fn, char *buf, size_t size)
{
    return fn ? fn(r, row, col, buf, size) : trk_res_get(r, row, col);
}

const char *trk_money_cell(const trk_res *r, int row, int col, char *buf, size_t size)
{
    const char *v = trk_res_get(r, row, col);
    const char *name = trk_res_colname(r, col);
    size_t n = strlen(name);
    if (!v || n < 6 || strcmp(name + n - 6, "amount") != 0 || n + 3 > 120)
        return v;
    char cur[128];
    memcpy(cur, name, n - 6);
    memcpy(cur + n - 6, "currency", 9);
    int cc = trk_res_col(r, cur);
    if (cc < 0)
        cc = trk_res_col(r, "currency");
    const char *code = cc >= 0 ? trk_res_get(r, row, cc) : NULL;
    if (!code || size < TRK_AMOUNT_STRLEN || trk_amount_format(v, code, buf, size) != 0)
        return v;
    return buf;
}

void trk_csv_rows(trk_sb *b, const trk_res *r, trk_cell_fn cell)
{
    char vb[TRK_AMOUNT_STRLEN];
    int nc = trk_res_cols(r);
    for (int c = 0; c < nc; c++) {
        if (c)
            trk_sb_add(b, ",", 1);
        csv_field(b, trk_res_colname(r, c));
    }
    trk_sb_add(b, "\n", 1);
    for (int i = 0; i < trk_res_rows(r); i++) {
        for (int c = 0; c < nc; c++) {
            if (c)
                trk_sb_add(b, ",", 1);
            csv_field(b, get(r, i, c, cell, vb, sizeof vb));
        }
        trk_sb_add(b, "\n", 1);
    }
}

/* Display width of UTF-8 text: one column per code point (good enough for tables). */
static size_t width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            w++;
    return w;
}

/* Table cells: one line (line breaks and tabs as spaces, other control characters shown as
 * text.h's trk_text_display shows them: ESC as \x1b), cut at 60 columns. */
static void cell(char *out, size_t size, const char *s)
{
    size_t n = 0, cols = 0;
    trk_sb line = TRK_SB_INIT, shown = TRK_SB_INIT;
    for (const char *p = s ? s : ""; *p; p++)
        trk_sb_add(&line, (*p == '\n' || *p == '\r' || *p == '\t') ? " " : p, 1);
    trk_text_display(&shown, line.p ? line.p : "", line.n, 0);
    s = shown.p && !shown.oom ? shown.p : "";
    for (const unsigned char *p = (const unsigned char *)s; *p && n + 5 < size; p++) {
        if ((*p & 0xC0) != 0x80) {
            if (cols == 60) {
                memcpy(out + n, "...", 3);
                n += 3;
                break;
            }
            cols++;
        }
        out[n++] = (char)*p;
    }
    out[n] = '\0';
    trk_sb_release(&line);
    trk_sb_release(&shown);
}

void trk_table_rows(trk_sb *b, const trk_res *r, trk_cell_fn fn)
{
    char vb[TRK_AMOUNT_STRLEN];
    int nc = trk_res_cols(r), nr = trk_res_rows(r);
    size_t *w = calloc((size_t)nc + 1, sizeof *w);
    char c1[400]; /* 60 columns of up to 6 bytes (\u009b) and "..." */
    if (!w) {
        b->oom = true;
        return;
    }
    for (int c = 0; c < nc; c++) {
        w[c] = width(trk_res_colname(r, c));
        for (int i = 0; i < nr; i++) {
            cell(c1, sizeof c1, get(r, i, c, fn, vb, sizeof vb));
            size_t k = width(c1);
            if (k > w[c])
                w[c] = k;
        }
    }
    for (int c = 0; c < nc; c++) {
        const char *h = trk_res_colname(r, c);
        trk_sb_puts(b, c ? " | " : " ");
        trk_sb_puts(b, h);
        for (size_t k = width(h); k < w[c]; k++)
            trk_sb_add(b, " ", 1);
    }
    trk_sb_puts(b, "\n");
    for (int c = 0; c < nc; c++) {
        trk_sb_puts(b, c ? "-+-" : "-");
        for (size_t k = 0; k < w[c]; k++)
            trk_sb_add(b, "-", 1);
    }
    trk_sb_puts(b, "-\n");
    for (int i = 0; i < nr; i++) {
        for (int c = 0; c < nc; c++) {
            cell(c1, sizeof c1, get(r, i, c, fn, vb, sizeof vb));
            trk_sb_puts(b, c ? " | " : " ");
            trk_sb_puts(b, c1);
            for (size_t k = width(c1); k < w[c]; k++)
                trk_sb_add(b, " ", 1);
        }
        trk_sb_puts(b, "\n");
    }
    trk_sb_printf(b, "(%d row%s)\n", nr, nr == 1 ? "" : "s");
    free(w);
}
