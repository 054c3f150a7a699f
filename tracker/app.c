/*
 * app.c: helpers shared by commands: case lookup, jurisdiction checks, atomic file writes.
 */
#include "app.h"

#include "date.h"
#include "jsonout.h"
#include "model.h"

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
        trk_usage_error(a, "invalid date for --%s: \"%s\" (expected YYYY-MM-DD)", opt, v);
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
        return TRK_EXIT_RUNTIME;
    }
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    trk_error("%s", msg);
    return TRK_EXIT_USAGE;
}

char *trk_idstr(long long id, char *buf)
{
    snprintf(buf, 24, "%lld", id);
    return buf;
}

int trk_list_run(trk_ctx *ctx, const trk_args *a, const char *sql, int n, const char **params,
                 void (*print_rows)(const trk_res *r))
{
    int rc = TRK_EXIT_RUNTIME;
    long long cid = 0;
    char cids[24];
    trk_res *r = NULL;
    trk_db *db = trk_open(ctx);
    if (!db)
        return rc;
    if (trk_arg(a, "case") && trk_case_lookup(db, trk_arg(a, "case"), &cid) != 0)
        goto out;
    params[0] = cid ? trk_idstr(cid, cids) : NULL;
    if (!(r = trk_db_query(db, sql, n, params)))
        goto out;
    if (trk_has(a, "json")) {
        if (trk_json_emit(trk_json_rows(r)) != 0)
            goto out;
    } else {
        print_rows(r);
    }
    rc = TRK_EXIT_OK;
out:
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

int trk_case_lookup(trk_db *db, const char *ref, long long *id)
{
    bool numeric = *ref != '\0' && strspn(ref, "0123456789") == strlen(ref) && strlen(ref) < 19;
    const char *p[] = {ref};
    trk_res *r = trk_db_query(db,
                              numeric ? "SELECT id FROM legal_case WHERE id = $1::bigint"
                                      : "SELECT id FROM legal_case WHERE external_id = $1",
                              1, p);
    if (!r)
        return -1;
    int rc = -1;
    if (trk_res_rows(r) == 1) {
        *id = trk_res_int(r, 0, "id");
        rc = 0;
    } else {
        trk_error("case \"%s\" does not exist", ref);
        trk_hint("'tracker case list' shows the cases");
    }
    trk_res_free(r);
    return rc;
}

int trk_jurisdiction_check(trk_db *db, const char *code)
{
    if (!trk_jurisdiction_syntax(code)) {
        trk_error("invalid jurisdiction \"%s\": expected a code such as RU, US or US-CA", code);
        return -1;
    }
    const char *p[] = {code};
    trk_res *r = trk_db_query(db, "SELECT 1 FROM jurisdiction WHERE code = $1", 1, p);
    if (!r)
        return -1;
    int rc = trk_res_rows(r) == 1 ? 0 : -1;
    trk_res_free(r);
    if (rc != 0) {
        trk_error("unknown jurisdiction \"%s\"", code);
        r = trk_db_query(db, "SELECT string_agg(code, ', ' ORDER BY code) AS codes FROM jurisdiction",
                         0, NULL);
        if (r && trk_res_val(r, 0, "codes"))
            trk_hint("known jurisdictions: %s", trk_res_val(r, 0, "codes"));
        trk_res_free(r);
    }
    return rc;
}

int trk_write_file(const char *path, const char *data, size_t len)
{
    if (!path || strcmp(path, "-") == 0) {
        if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
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
