/*
 * cmdutil.c: helpers shared by commands: option values, vocabulary checks, list commands, feed
 * filters from options, atomic file writes.
 */
#include "cmdutil.h"

#include "crypto.h"
#include "date.h"
#include "json_out.h"
#include "report.h"
#include "strbuf.h"
#include "model.h"
#include "text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int trk_opt_date(const trk_args *a, const char *opt, bool today_if_absent, char *out)
{
    const char *v = trk_arg(a, opt);
    trk_date d;
    out[0] = '\0';
    if (!v) {
        if (!today_if_absent)
            return 0;
        if (trk_date_today(&d) != 0) {
            trk_error("could not read today's date (or $TRACKER_TODAY is not YYYY-MM-DD)");
            return -1;
        }
    } else if (trk_date_parse(v, &d) != 0) {
        char why[96];
        trk_usage_error(a, "invalid date for --%s: \"%s\": %s", opt, v,
                        trk_date_problem(v, why, sizeof why));
        return -1;
    }
    trk_date_format(d, out);
    return 0;
}

int trk_vocab_check(const char *what, const char *v, const char *const *words)
{
    char buf[400];
    if (!v || trk_word_in(v, words))
        return 0;
    trk_error("invalid %s \"%s\": expected one of %s", what, v,
              trk_words_join(words, buf, sizeof buf));
    return -1;
}

int trk_failed_unique(trk_db *db, const char *fmt, ...)
{
    if (strcmp(trk_db_sqlstate(db), TRK_SQLSTATE_UNIQUE) != 0) {
        trk_db_report(db);
        return TRK_ERR;
    }
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    trk_error("%s", msg);
    return TRK_ERR_USAGE;
}


int trk_list_run(trk_ctx *ctx, const trk_args *a, const char *sql, int n, const char **params,
                 void (*print_rows)(const trk_res *r))
{
    int rc = TRK_ERR;
    long long cid = 0;
    char cids[24];
    trk_res *r = NULL;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return rc;
    if (trk_arg(a, "case") && trk_case_lookup(db, trk_arg(a, "case"), &cid) != 0)
        goto out;
    params[0] = cid ? trk_idstr(cid, cids) : NULL;
    int fmt = trk_list_format(a);
    if (fmt < 0) {
        rc = fmt;
        goto out;
    }
    if (!(r = trk_db_query(db, sql, n, params)))
        goto out;
    if (fmt == TRK_LIST_JSON) {
        if (trk_json_emit(trk_json_rows(r)) != 0)
            goto out;
    } else if (fmt == TRK_LIST_CSV) {
        if (trk_csv_emit(r) != 0)
            goto out;
    } else {
        print_rows(r);
    }
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}



int trk_list_format(const trk_args *a)
{
    const char *f = trk_arg(a, "format");
    if (!f)
        return trk_has(a, "json") ? TRK_LIST_JSON : TRK_LIST_TABLE;
    if (strcmp(f, "csv") == 0 && !trk_has(a, "json"))
        return TRK_LIST_CSV;
    if (strcmp(f, "json") == 0)
        return TRK_LIST_JSON;
    if (strcmp(f, "table") == 0 && !trk_has(a, "json"))
        return TRK_LIST_TABLE;
    if (trk_has(a, "json"))
        return trk_usage_error(a, "--json and --format %s do not go together", f);
    return trk_usage_error(a, "invalid value for --format: \"%s\" (expected table, json or csv)", f);
}

int trk_csv_emit(const trk_res *r)
{
    trk_sb b = TRK_SB_INIT;
    trk_csv_rows(&b, r, trk_money_cell);
    char *s = trk_sb_detach(&b);
    if (!s) {
        trk_error("out of memory");
        return TRK_ERR;
    }
    int rc = trk_write_file(NULL, s, strlen(s)) == 0 ? TRK_OK : TRK_ERR;
    free(s);
    return rc;
}

int trk_write_file(const char *path, const char *data, size_t len)
{
    if (!path || strcmp(path, "-") == 0) {
        FILE *out = trk_data_out(); /* a data format: byte for byte, no display filter */
        if (fwrite(data, 1, len, out) != len || fflush(out) != 0) {
            trk_error("could not write output: %s", strerror(errno));
            return -1;
        }
        return 0;
    }
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    if (!tmp) {
        trk_error("out of memory");
        return -1;
    }
    snprintf(tmp, n, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        trk_error("could not create \"%s\": %s", tmp, strerror(errno));
        free(tmp);
        return -1;
    }
    bool ok = fwrite(data, 1, len, f) == len;
    ok = (fflush(f) == 0) && ok;
    ok = (fsync(fileno(f)) == 0) && ok;
    int saved = errno;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        if (ok)
            saved = errno;
        trk_error("could not write \"%s\": %s", path, strerror(saved));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}

int trk_feed_filter_from_args(trk_db *db, trk_args *a, trk_feed_filter *f)
{
    memset(f, 0, sizeof *f);
    int given =
        trk_has(a, "case") + trk_has(a, "jurisdiction") + trk_has(a, "tag") + trk_has(a, "all");
    if (given > 1)
        return trk_usage_error(a, "give only one of --case, --jurisdiction, --tag and --all");
    const char *tag = trk_arg(a, "tag");
    if (tag && !trk_tag_valid(tag))
        return trk_usage_error(a, "invalid value for --tag: \"%s\"", tag);
    const char *j = trk_arg(a, "jurisdiction");
    if (j && !trk_jurisdiction_syntax(j))
        return trk_usage_error(
            a, "invalid jurisdiction \"%s\": expected a code such as RU, US or US-CA", j);
    f->tag = tag;
    f->jurisdiction = j;
    if (!db)
        return TRK_OK;
    int rc;
    if (j && (rc = trk_jurisdiction_check(db, j)) != TRK_OK)
        return rc;
    if (trk_has(a, "case") && trk_case_lookup(db, trk_arg(a, "case"), &f->case_id) != 0)
        return TRK_ERR;
    return TRK_OK;
}

int trk_read_secret(const char *what, char *buf, size_t max, size_t *len)
{
    size_t n = 0;
    int c = EOF;
    /* One line: up to the first LF. Reading stops two bytes past the limit. */
    while (n < max + 2 && (c = getchar()) != EOF && c != '\n')
        buf[n++] = (char)c;
    if (n > 0 && buf[n - 1] == '\r' && c == '\n')
        n--;
    bool overlong = n > max;
    if (overlong)
        while (c != '\n' && (c = getchar()) != EOF)
            ;
    buf[n] = '\0';
    *len = n;
    if (overlong) {
        trk_wipe(buf, max + 3);
        trk_error("%s is longer than %zu bytes", what, max);
        return TRK_ERR_USAGE;
    }
    if (n == 0) {
        trk_error("%s is empty", what);
        trk_hint("give it as one line on standard input (from a file or a password manager)");
        return TRK_ERR_USAGE;
    }
    return TRK_OK;
}
