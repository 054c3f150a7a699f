/*
 * cmd_digest.c: tracker digest add|list|delete, and the digests the worker sends.
 *
 * A digest is one e-mail per period (a day or a week, starting at --at in --zone): overdue,
 * due-soon and changed deadlines of its filter, as plain text and HTML (multipart/alternative;
 * every user value escaped in the HTML), with links to the web app and an unsubscribe link
 * carrying a token (HMAC-SHA256 of the digest id and address with the server secret) that works
 * without signing in. digest_sent (digest, period) is written in the transaction that sends,
 * so each period is sent once, across restarts (a crash after the SMTP server accepted and
 * before the commit sends it again: at least once).
 */
#include "cmdutil.h"
#include "commands.h"
#include "crypto.h"
#include "digest.h"
#include "json_out.h"
#include "model.h"
#include "net.h"
#include "outbox.h"
#include "strbuf.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *default_base(void)
{
    const char *b = getenv("TRACKER_WEB_BASE_URL");
    return b && *b ? b : "http://127.0.0.1:8080";
}

int trk_digest_cfg_from_args(trk_args *a, trk_digest_cfg *c)
{
    memset(c, 0, sizeof *c);
    c->smtp_url = trk_arg(a, "smtp");
    c->enabled = c->smtp_url != NULL;
    c->from = trk_has(a, "smtp-from") ? trk_arg(a, "smtp-from") : "tracker@localhost";
    c->base_url = trk_has(a, "base-url") ? trk_arg(a, "base-url") : default_base();
    c->allow_plain = trk_has(a, "smtp-plain-localhost");
    if (!c->enabled)
        return TRK_OK;
    if (strncmp(c->smtp_url, "smtp://", 7) != 0 && strncmp(c->smtp_url, "smtps://", 8) != 0)
        return trk_usage_error(a, "invalid value for --smtp: \"%s\" (expected smtp:// or smtps://)",
                               c->smtp_url);
    if (strncmp(c->base_url, "http://", 7) != 0 && strncmp(c->base_url, "https://", 8) != 0)
        return trk_usage_error(a, "invalid value for --base-url: \"%s\"", c->base_url);
    if (strpbrk(c->from, "<>\r\n \"") || !strchr(c->from, '@'))
        return trk_usage_error(a, "invalid value for --smtp-from: \"%s\"", c->from);
    char host[256];
    if (trk_net_url_host(c->smtp_url, host, sizeof host) != 0)
        return trk_usage_error(a, "invalid value for --smtp: \"%s\"", c->smtp_url);
    if (c->allow_plain && strcmp(host, "localhost") != 0 && strcmp(host, "::1") != 0 &&
        strncmp(host, "127.", 4) != 0)
        return trk_usage_error(a,
                               "--smtp-plain-localhost: %s is not a loopback host (elsewhere "
                               "STARTTLS or smtps:// is required)",
                               host);
    const char *file = trk_arg(a, "smtp-auth-file");
    if (file) {
        FILE *f = fopen(file, "r");
        char line[600];
        if (!f || !fgets(line, sizeof line, f)) {
            if (f)
                fclose(f);
            trk_error("could not read --smtp-auth-file %s", file);
            return TRK_ERR;
        }
        fclose(f);
        line[strcspn(line, "\r\n")] = '\0';
        char *colon = strchr(line, ':');
        if (!colon || colon == line || strlen(line) >= sizeof c->user) {
            trk_wipe(line, sizeof line);
            return trk_usage_error(a, "--smtp-auth-file: expected one line USER:PASSWORD");
        }
        *colon = '\0';
        memcpy(c->user, line, strlen(line) + 1);
        if (strlen(colon + 1) >= sizeof c->password) {
            trk_wipe(line, sizeof line);
            return trk_usage_error(a, "--smtp-auth-file: the password is too long");
        }
        memcpy(c->password, colon + 1, strlen(colon + 1) + 1);
        trk_wipe(line, sizeof line);
        c->have_auth = true;
    } else if (getenv("TRACKER_SMTP_USER")) {
        snprintf(c->user, sizeof c->user, "%s", getenv("TRACKER_SMTP_USER"));
        const char *pw = getenv("TRACKER_SMTP_PASSWORD");
        snprintf(c->password, sizeof c->password, "%s", pw ? pw : "");
        c->have_auth = true;
    }
    return TRK_OK;
}

/* One line of plain text: control characters (newlines in titles) become spaces. */
static void plain(trk_sb *b, const char *s)
{
    for (; s && *s; s++)
        trk_sb_add(b, (unsigned char)*s < 0x20 || *s == 0x7f ? " " : s, 1);
}

/* Standard base64 with 76-character lines (MIME bodies; not a secret, not crypto). */
static void base64_lines(trk_sb *out, const char *s, size_t n)
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int col = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned char)s[i] << 16;
        if (i + 1 < n)
            v |= (unsigned char)s[i + 1] << 8;
        if (i + 2 < n)
            v |= (unsigned char)s[i + 2];
        char q[4] = {t[(v >> 18) & 63], t[(v >> 12) & 63], i + 1 < n ? t[(v >> 6) & 63] : '=',
                     i + 2 < n ? t[v & 63] : '='};
        trk_sb_add(out, q, 4);
        if ((col += 4) >= 76) {
            trk_sb_puts(out, "\r\n");
            col = 0;
        }
    }
    if (col)
        trk_sb_puts(out, "\r\n");
}

static const char digest_rows_sql[] =
    "WITH g AS (SELECT * FROM digest WHERE id = $1::bigint),"
    " today AS (SELECT (now() AT TIME ZONE (SELECT zone FROM g))::date AS d),"
    " since AS (SELECT coalesce((SELECT max(sent_at) FROM digest_sent s WHERE s.digest_id = "
    "$1::bigint"
    "  AND s.period_start <> $2::date),"
    "  now() - CASE (SELECT every FROM g) WHEN 'day' THEN interval '1 day' ELSE interval '7 days' "
    "END) AS t)"
    " SELECT sect, d.id, d.case_id, c.title AS case_title, d.title, d.kind,"
    " deadline_shown_status(d.status, d.kind, d.due_on, d.latest_on, (SELECT d FROM today))"
    "  AS status,"
    " d.due_on::text AS due_on, d.later_on::text AS later_on FROM ("
    "  SELECT 'overdue' AS sect, d.id, 1 AS o FROM deadline d, today WHERE d.status = 'open'"
    "   AND d.kind <> 'in_force' AND coalesce(d.latest_on, d.due_on) < today.d"
    "  UNION ALL SELECT 'due_soon', d.id, 2 FROM deadline d, today, g WHERE d.status = 'open'"
    "   AND d.kind <> 'in_force' AND d.due_on >= today.d"
    "   AND d.due_on <= today.d + CASE g.every WHEN 'day' THEN 7 ELSE 14 END"
    "  UNION ALL SELECT 'changed', d.id, 3 FROM deadline d, since WHERE d.updated_at > since.t"
    " ) x JOIN deadline d ON d.id = x.id JOIN legal_case c ON c.id = d.case_id, g"
    " WHERE (g.case_id IS NULL OR g.case_id = d.case_id)"
    "  AND (g.jurisdiction IS NULL OR g.jurisdiction = c.jurisdiction)"
    "  AND (g.tag IS NULL OR g.tag = ANY (c.tags))"
    " ORDER BY x.o, d.due_on, d.id";

static const char *sect_title(const char *s)
{
    return strcmp(s, "overdue") == 0    ? "Overdue"
           : strcmp(s, "due_soon") == 0 ? "Due soon"
                                        : "Changed since the last digest";
}

/* Build the message of digest row i of due (columns id, address, every, period_start). */
static int build_mail(trk_db *db, const trk_digest_cfg *c, const trk_res *due, int i,
                      const char *secret, const char *uid_host, trk_sb *msg, int *nrows)
{
    const char *id = trk_res_val(due, i, "id");
    const char *addr = trk_res_val(due, i, "address");
    const char *period = trk_res_val(due, i, "period_start");
    const char *p[] = {id, period};
    trk_res *r = trk_db_query(db, digest_rows_sql, 2, p);
    if (!r)
        return -1;
    *nrows = trk_res_rows(r);
    int counts[3] = {0, 0, 0};
    for (int k = 0; k < trk_res_rows(r); k++) {
        const char *s = trk_res_val(r, k, "sect");
        counts[strcmp(s, "overdue") == 0 ? 0 : strcmp(s, "due_soon") == 0 ? 1 : 2]++;
    }
    size_t bl = strlen(c->base_url);
    while (bl > 0 && c->base_url[bl - 1] == '/')
        bl--;
    char tok[65];
    if (trk_digest_token(secret, atoll(id), addr, tok) != 0) {
        trk_res_free(r);
        return -1;
    }
    char unsub[1024];
    snprintf(unsub, sizeof unsub, "%.*s/unsubscribe?d=%s&t=%s", (int)bl, c->base_url, id, tok);

    trk_sb text = TRK_SB_INIT, h = TRK_SB_INIT;
    trk_sb_printf(&text, "tracker digest for %s (%s, period from %s)\n\n", addr,
                  strcmp(trk_res_val(due, i, "every"), "day") == 0 ? "daily" : "weekly", period);
    trk_sb_puts(&h, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>tracker digest"
                    "</title></head><body>\n<h1>tracker digest</h1>\n<p>For ");
    trk_html_escape(&h, addr);
    trk_sb_printf(&h, ", period from %s.</p>\n", period);
    const char *cur = "";
    for (int k = 0; k < trk_res_rows(r); k++) {
        const char *s = trk_res_val(r, k, "sect");
        if (strcmp(s, cur) != 0) {
            if (*cur)
                trk_sb_puts(&h, "</ul>\n");
            cur = s;
            trk_sb_printf(&text, "%s:\n", sect_title(s));
            trk_sb_printf(&h, "<h2>%s</h2>\n<ul>\n", sect_title(s));
        }
        char link[1024];
        /* the web application's page of the case (its routes are after '#', web/js/app.js) */
        snprintf(link, sizeof link, "%.*s/app/#/cases/%s", (int)bl, c->base_url,
                 trk_res_val(r, k, "case_id"));
        const char *later = trk_res_val(r, k, "later_on");
        trk_sb_printf(&text, "  - %s  ", trk_res_val(r, k, "due_on"));
        plain(&text, trk_res_val(r, k, "title"));
        trk_sb_puts(&text, " (");
        plain(&text, trk_res_val(r, k, "case_title"));
        trk_sb_printf(&text, "; %s%s%s)\n    %s\n", trk_res_val(r, k, "status"),
                      later ? "; may be later: " : "", later ? later : "", link);
        trk_sb_printf(&h, "<li><b>%s</b> <a href=\"", trk_res_val(r, k, "due_on"));
        trk_html_escape(&h, link);
        trk_sb_puts(&h, "\">");
        trk_html_escape(&h, trk_res_val(r, k, "title"));
        trk_sb_puts(&h, "</a> (");
        trk_html_escape(&h, trk_res_val(r, k, "case_title"));
        trk_sb_printf(&h, "; %s", trk_res_val(r, k, "status"));
        if (later)
            trk_sb_printf(&h, "; may be later: %s", later);
        trk_sb_puts(&h, ")</li>\n");
    }
    if (*cur)
        trk_sb_puts(&h, "</ul>\n");
    if (trk_res_rows(r) == 0) {
        trk_sb_puts(&text, "Nothing overdue, due soon or changed.\n");
        trk_sb_puts(&h, "<p>Nothing overdue, due soon or changed.</p>\n");
    }
    trk_sb_printf(&text, "\nUnsubscribe: %s\n", unsub);
    trk_sb_puts(&h, "<p><a href=\"");
    trk_html_escape(&h, unsub);
    trk_sb_puts(&h, "\">Unsubscribe</a></p>\n</body></html>\n");
    trk_res_free(r);

    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    char boundary[64];
    char rnd[TRK_TOKEN_LEN + 1];
    trk_random_token(rnd);
    snprintf(boundary, sizeof boundary, "=_trk_%.24s", rnd);
    trk_sb_printf(msg,
                  "From: tracker <%s>\r\nTo: <%s>\r\nDate: %s\r\n"
                  "Subject: tracker digest %s: %d overdue, %d due soon, %d changed\r\n"
                  "Message-ID: <digest-%s-%s@%s>\r\nMIME-Version: 1.0\r\n"
                  "List-Unsubscribe: <%s>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
                  "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n",
                  c->from, addr, date, period, counts[0], counts[1], counts[2], id, period,
                  uid_host, unsub, boundary);
    trk_sb_printf(msg,
                  "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
                  "Content-Transfer-Encoding: base64\r\n\r\n",
                  boundary);
    base64_lines(msg, (text).p, (text).n);
    trk_sb_printf(msg,
                  "--%s\r\nContent-Type: text/html; charset=utf-8\r\n"
                  "Content-Transfer-Encoding: base64\r\n\r\n",
                  boundary);
    base64_lines(msg, (h).p, (h).n);
    trk_sb_printf(msg, "--%s--\r\n", boundary);
    trk_sb_release(&text);
    trk_sb_release(&h);
    return 0;
}

static int server_secret(trk_db *db, char *out, size_t size)
{
    char t[TRK_TOKEN_LEN + 1];
    trk_random_token(t);
    const char *p[] = {t};
    trk_res *r = trk_db_query(db,
                              "WITH i AS (INSERT INTO alert_secret (secret) VALUES ($1)"
                              " ON CONFLICT DO NOTHING RETURNING secret)"
                              " SELECT secret FROM i UNION ALL SELECT secret FROM alert_secret",
                              1, p);
    trk_wipe(t, sizeof t);
    if (!r)
        return -1;
    snprintf(out, size, "%s", trk_res_val(r, 0, "secret"));
    trk_res_free(r);
    return 0;
}

int trk_digest_sweep(trk_db *db, const trk_digest_cfg *c, bool verbose)
{
    char secret[128];
    if (server_secret(db, secret, sizeof secret) != 0)
        return -1;
    trk_res *due = trk_db_query(
        db,
        "SELECT g.id, g.address, g.every, x.period_start::text AS period_start,"
        " (SELECT uid_host FROM tracker_instance) AS uid_host FROM digest g"
        " CROSS JOIN LATERAL (SELECT date_trunc(g.every, (now() AT TIME ZONE g.zone) - g.at_time)"
        "  ::date AS period_start) x"
        " WHERE g.unsubscribed_at IS NULL AND NOT EXISTS (SELECT 1 FROM digest_sent s"
        "  WHERE s.digest_id = g.id AND s.period_start = x.period_start) ORDER BY g.id",
        0, NULL);
    if (!due)
        return -1;
    int rc = 0;
    for (int i = 0; i < trk_res_rows(due) && rc == 0; i++) {
        const char *id = trk_res_val(due, i, "id");
        const char *period = trk_res_val(due, i, "period_start");
        if (trk_db_begin(db) != 0) {
            rc = -1;
            break;
        }
        const char *p[] = {id, period};
        /* Lock the subscription (another worker skips it) and claim the period. */
        trk_res *cl = trk_db_query(
            db,
            "WITH l AS (SELECT id FROM digest WHERE id = $1::bigint AND unsubscribed_at IS NULL"
            " FOR UPDATE SKIP LOCKED)"
            " INSERT INTO digest_sent (digest_id, period_start) SELECT id, $2::date FROM l"
            " ON CONFLICT DO NOTHING RETURNING digest_id",
            2, p);
        if (!cl) {
            trk_db_rollback(db);
            rc = -1;
            break;
        }
        int claimed = trk_res_rows(cl);
        trk_res_free(cl);
        if (!claimed) {
            trk_db_rollback(db);
            continue;
        }
        trk_sb msg = TRK_SB_INIT;
        int nrows = 0;
        if (build_mail(db, c, due, i, secret, trk_res_val(due, i, "uid_host"), &msg, &nrows) != 0) {
            trk_sb_release(&msg);
            trk_db_rollback(db);
            rc = -1;
            break;
        }
        trk_smtp s = {.url = c->smtp_url,
                      .user = c->have_auth ? c->user : NULL,
                      .password = c->password,
                      .allow_plain = c->allow_plain,
                      .timeout_ms = 30000};
        char err[300];
        if (trk_smtp_send(&s, c->from, trk_res_val(due, i, "address"), (msg).p, (msg).n, err,
                          sizeof err) != 0) {
            fprintf(stderr,
                    "notify: digest %s to %s not sent: %s (tried again at the next "
                    "sweep)\n",
                    id, trk_res_val(due, i, "address"), err);
            trk_db_rollback(db);
        } else if (trk_db_commit(db) != 0) {
            rc = -1;
        } else if (verbose) {
            fprintf(stderr, "notify: digest %s sent to %s for %s (%d deadlines)\n", id,
                    trk_res_val(due, i, "address"), period, nrows);
        }
        trk_sb_release(&msg);
    }
    trk_res_free(due);
    trk_wipe(secret, sizeof secret);
    return rc;
}

static int digest_add(trk_ctx *ctx, trk_args *a)
{
    const char *addr = a->pos[0];
    const char *every = trk_arg(a, "every");
    if (strcmp(every, "day") != 0 && strcmp(every, "week") != 0)
        return trk_usage_error(a, "invalid value for --every: \"%s\" (expected day or week)",
                               every);
    const char *at = trk_has(a, "at") ? trk_arg(a, "at") : "08:00";
    int hh, mm;
    char tail;
    if (sscanf(at, "%2d:%2d%c", &hh, &mm, &tail) != 2 || strlen(at) != 5 || hh > 23 || mm > 59 ||
        hh < 0 || mm < 0)
        return trk_usage_error(a, "invalid value for --at: \"%s\" (expected HH:MM)", at);
    const char *zone = trk_has(a, "zone") ? trk_arg(a, "zone") : "UTC";
    if (strlen(addr) > 300 || strpbrk(addr, "<>\r\n \",;") || !strchr(addr, '@'))
        return trk_usage_error(a, "invalid e-mail address \"%s\"", addr);
    trk_feed_filter f;
    int rc = trk_feed_filter_from_args(NULL, a, &f);
    if (rc != TRK_OK)
        return rc;
    rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    trk_res *r = NULL;
    if (!db)
        return rc;
    const char *pz[] = {zone};
    r = trk_db_try_query(db, "SELECT name FROM pg_timezone_names WHERE name = $1", 1, pz);
    if (!r || trk_res_rows(r) == 0) {
        rc = trk_usage_error(a,
                             "invalid value for --zone: \"%s\" (expected an IANA time zone "
                             "such as Europe/Moscow)",
                             zone);
        goto out;
    }
    trk_res_free(r);
    r = NULL;
    if ((rc = trk_feed_filter_from_args(db, a, &f)) != TRK_OK)
        goto out;
    rc = TRK_ERR;
    char cb[24];
    const char *p[] = {addr,           every, at, zone, f.case_id ? trk_idstr(f.case_id, cb) : NULL,
                       f.jurisdiction, f.tag};
    r = trk_db_try_query(db,
                         "INSERT INTO digest (address, every, at_time, zone, case_id, jurisdiction,"
                         " tag) VALUES ($1, $2, $3::time, $4, $5::bigint, $6, $7) RETURNING id",
                         7, p);
    if (!r) {
        if (strcmp(trk_db_sqlstate(db), TRK_SQLSTATE_CHECK) == 0)
            rc = trk_usage_error(a, "invalid e-mail address \"%s\"", addr);
        else
            trk_db_report(db);
        goto out;
    }
    printf("created digest %s: %s every %s at %s %s\n", trk_res_val(r, 0, "id"), addr, every, at,
           zone);
    rc = TRK_OK;
out:
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

static void print_digests(const trk_res *r)
{
    if (trk_res_rows(r) == 0)
        printf("no digests\n");
    for (int i = 0; i < trk_res_rows(r); i++) {
        printf("%-4s %s every %s at %s %s; filter: %s; last sent: %s%s\n", trk_res_val(r, i, "id"),
               trk_res_val(r, i, "address"), trk_res_val(r, i, "every"), trk_res_val(r, i, "at"),
               trk_res_val(r, i, "zone"), trk_res_val(r, i, "filter"),
               trk_res_val(r, i, "last_sent") ? trk_res_val(r, i, "last_sent") : "never",
               trk_res_val(r, i, "unsubscribed_at") ? "; UNSUBSCRIBED" : "");
    }
}

static int digest_list(trk_ctx *ctx, trk_args *a)
{
    const char *p[] = {NULL};
    return trk_list_run(
        ctx, a,
        "SELECT g.id, g.address, g.every, to_char(g.at_time, 'HH24:MI') AS at, g.zone,"
        " CASE WHEN g.case_id IS NOT NULL THEN 'case ' || g.case_id"
        " WHEN g.jurisdiction IS NOT NULL THEN 'jurisdiction ' || g.jurisdiction"
        " WHEN g.tag IS NOT NULL THEN 'tag ' || g.tag ELSE 'all' END AS filter,"
        " (SELECT max(period_start)::text FROM digest_sent s WHERE s.digest_id = g.id) AS "
        "last_sent,"
        " g.unsubscribed_at::text AS unsubscribed_at FROM digest g"
        " WHERE $1::bigint IS NULL OR g.case_id = $1::bigint ORDER BY g.id",
        1, p, print_digests);
}

static int digest_delete(trk_ctx *ctx, trk_args *a)
{
    long long id;
    if (trk_parse_id("digest id", a->pos[0], &id) != 0)
        return TRK_ERR_USAGE;
    int rc = TRK_ERR;
    trk_db *db = trk_open(ctx->conninfo);
    if (!db)
        return rc;
    char b[24];
    const char *p[] = {trk_idstr(id, b)};
    trk_res *r = trk_db_query(db, "DELETE FROM digest WHERE id = $1::bigint RETURNING id", 1, p);
    if (r && trk_res_rows(r) == 0)
        trk_error("digest %lld does not exist", id);
    else if (r) {
        printf("deleted digest %lld\n", id);
        rc = TRK_OK;
    }
    trk_res_free(r);
    trk_db_close(db);
    return rc;
}

static const trk_opt add_opts[] = {
    {"every", "day|week", "one digest a day or a week (weeks start on Monday)", TRK_OPT_REQUIRED},
    {"at", "HH:MM", "when a period begins (default 08:00)", 0},
    {"zone", "IANA", "time zone of --at (default UTC)", 0},
    {"case", "ID", "only one case's deadlines", 0},
    {"jurisdiction", "J", "only a jurisdiction's cases", 0},
    {"tag", "T", "only cases with a tag", 0},
    {NULL},
};
static const trk_opt list_opts[] = {
    TRK_OPT_LIST_FORMAT, {"json", NULL, "machine-readable output", 0}, {NULL}};

static const trk_cmd digest_cmds[] = {
    {"add", "ADDRESS", "send ADDRESS a digest of overdue, due-soon and changed deadlines", add_opts,
     1, 1, digest_add,
     "Sent by 'tracker notify --smtp URL': plain text and HTML, with links to the web app and\n"
     "an unsubscribe link that works without signing in. See docs/alerts.md."},
    {"list", NULL, "list digest subscriptions", list_opts, 0, 0, digest_list, NULL},
    {"delete", "ID", "delete a digest subscription", NULL, 1, 1, digest_delete, NULL},
    {NULL},
};

int trk_cmd_digest(trk_ctx *ctx, int argc, char **argv)
{
    return trk_dispatch(ctx, "digest", "E-mail digests of deadlines.", digest_cmds, argc, argv);
}
