/*
 * ics.c: the calendar model rendered with libical, then refolded so that the output is correct
 * whatever libical's own folding does (75 octets, UTF-8 sequences intact, CRLF).
 *
 * libical ownership: every property and sub-component added to a parent belongs to it; only the
 * root VCALENDAR is freed. icalcomponent_as_ical_string_r returns a string we free.
 */
#include "ics.h"

#include <libical/ical.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FOLD_OCTETS 75

trk_ics_event *trk_ics_add(trk_ics_calendar *cal)
{
    if (cal->n == cal->cap) {
        int cap = cal->cap ? cal->cap * 2 : 64;
        trk_ics_event *g = realloc(cal->ev, (size_t)cap * sizeof *g);
        if (!g)
            return NULL;
        cal->ev = g;
        cal->cap = cap;
    }
    trk_ics_event *e = &cal->ev[cal->n++];
    memset(e, 0, sizeof *e);
    return e;
}

void trk_ics_calendar_free(trk_ics_calendar *cal)
{
    if (!cal)
        return;
    for (int i = 0; i < cal->n; i++) {
        trk_ics_event *e = &cal->ev[i];
        free(e->uid);
        free(e->summary);
        free(e->description);
        free(e->url);
        for (int k = 0; k < e->ncategories; k++)
            free(e->categories[k]);
        free(e->categories);
        free(e->alarms);
    }
    free(cal->ev);
    free(cal->name);
    free(cal->description);
    memset(cal, 0, sizeof *cal);
}

/* A copy of s with CRLF and lone CR turned into LF (iCalendar text cannot carry a CR). */
static char *text_copy(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r') {
            out[j++] = '\n';
            if (s[i + 1] == '\n')
                i++;
        } else {
            out[j++] = s[i];
        }
    }
    out[j] = '\0';
    return out;
}

/* Add a TEXT property made by `make` from s (normalized first). 0 or -1. */
static int add_text(icalcomponent *c, icalproperty *(*make)(const char *), const char *s)
{
    char *t = text_copy(s);
    if (!t)
        return -1;
    icalproperty *p = make(t);
    free(t);
    if (!p)
        return -1;
    icalcomponent_add_property(c, p);
    return 0;
}

static int add_x(icalcomponent *c, const char *name, const char *s)
{
    char *t = text_copy(s);
    if (!t)
        return -1;
    icalproperty *p = icalproperty_new_x(t);
    free(t);
    if (!p)
        return -1;
    icalproperty_set_x_name(p, name);
    icalcomponent_add_property(c, p);
    return 0;
}

static struct icaltimetype date_value(trk_date d)
{
    int y, m, dd;
    trk_date_to_ymd(d, &y, &m, &dd);
    struct icaltimetype t = icaltime_null_date();
    t.year = y;
    t.month = m;
    t.day = dd;
    t.is_date = 1;
    return t;
}

static int utc_value(const char *s, struct icaltimetype *t)
{
    if (strlen(s) != 16 || s[8] != 'T' || s[15] != 'Z')
        return -1;
    *t = icaltime_from_string(s);
    return icaltime_is_null_time(*t) || !icaltime_is_valid_time(*t) ? -1 : 0;
}

/* Categories as one property; items lose characters that would split or escape them. */
static int add_categories(icalcomponent *c, char *const *cats, int n)
{
    if (n == 0)
        return 0;
    size_t total = 1;
    for (int i = 0; i < n; i++)
        total += strlen(cats[i]) + 1;
    char *s = malloc(total);
    if (!s)
        return -1;
    size_t j = 0;
    for (int i = 0; i < n; i++) {
        if (j > 0)
            s[j++] = ',';
        for (const char *p = cats[i]; *p; p++)
            s[j++] = (*p == ',' || *p == ';' || *p == '\\' || *p == '\r' || *p == '\n') ? ' ' : *p;
    }
    s[j] = '\0';
    icalproperty *p = icalproperty_new_categories(s);
    free(s);
    if (!p)
        return -1;
    icalcomponent_add_property(c, p);
    return 0;
}

static int add_alarm(icalcomponent *ev, int minutes, const char *summary)
{
    icalcomponent *a = icalcomponent_new_valarm();
    if (!a)
        return -1;
    struct icaltriggertype tr;
    memset(&tr, 0, sizeof tr);
    tr.time = icaltime_null_time();
    tr.duration = icaldurationtype_from_int(-minutes * 60);
    icalcomponent_add_property(a, icalproperty_new_action(ICAL_ACTION_DISPLAY));
    icalcomponent_add_property(a, icalproperty_new_trigger(tr));
    if (add_text(a, icalproperty_new_description, summary) != 0) {
        icalcomponent_free(a);
        return -1;
    }
    icalcomponent_add_component(ev, a);
    return 0;
}

static int add_event(icalcomponent *cal, const trk_ics_event *e)
{
    struct icaltimetype stamp;
    if (utc_value(e->stamp_utc, &stamp) != 0)
        return -1;
    icalcomponent *v = icalcomponent_new_vevent();
    if (!v)
        return -1;
    icalcomponent_add_property(v, icalproperty_new_uid(e->uid));
    icalcomponent_add_property(v, icalproperty_new_sequence(e->sequence));
    icalcomponent_add_property(v, icalproperty_new_dtstamp(stamp));
    icalcomponent_add_property(v, icalproperty_new_lastmodified(stamp));
    if (e->all_day) {
        icalcomponent_add_property(v, icalproperty_new_dtstart(date_value(e->date)));
        icalcomponent_add_property(v, icalproperty_new_dtend(date_value(e->date + 1)));
    } else {
        struct icaltimetype t;
        if (utc_value(e->start_utc, &t) != 0)
            goto fail;
        icalcomponent_add_property(v, icalproperty_new_dtstart(t));
    }
    if (add_text(v, icalproperty_new_summary, e->summary) != 0)
        goto fail;
    if (e->description && add_text(v, icalproperty_new_description, e->description) != 0)
        goto fail;
    if (e->url) {
        icalproperty *p = icalproperty_new_url(e->url);
        if (!p)
            goto fail;
        icalcomponent_add_property(v, p);
    }
    if (add_categories(v, e->categories, e->ncategories) != 0)
        goto fail;
    icalcomponent_add_property(
        v, icalproperty_new_status(e->cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
    icalcomponent_add_property(
        v, icalproperty_new_transp(e->transparent ? ICAL_TRANSP_TRANSPARENT : ICAL_TRANSP_OPAQUE));
    for (int i = 0; i < e->nalarms && !e->cancelled; i++)
        if (add_alarm(v, e->alarms[i], e->summary) != 0)
            goto fail;
    icalcomponent_add_component(cal, v);
    return 0;
fail:
    icalcomponent_free(v);
    return -1;
}

static void duration_text(int minutes, char *buf, size_t size)
{
    if (minutes % (24 * 60) == 0)
        snprintf(buf, size, "P%dD", minutes / (24 * 60));
    else if (minutes % 60 == 0)
        snprintf(buf, size, "PT%dH", minutes / 60);
    else
        snprintf(buf, size, "PT%dM", minutes);
}

int trk_ics_render(const trk_ics_calendar *cal, char **out, size_t *len)
{
    int rc = -1;
    char *raw = NULL;
    icalerror_set_errors_are_fatal(0);
    icalcomponent *root = icalcomponent_new_vcalendar();
    if (!root)
        return -1;
    icalcomponent_add_property(root, icalproperty_new_prodid("-//tracker//tracker calendar//EN"));
    icalcomponent_add_property(root, icalproperty_new_version("2.0"));
    icalcomponent_add_property(root, icalproperty_new_calscale("GREGORIAN"));
    icalcomponent_add_property(root, icalproperty_new_method(ICAL_METHOD_PUBLISH));
    if (add_text(root, icalproperty_new_name, cal->name) != 0 ||
        add_x(root, "X-WR-CALNAME", cal->name) != 0)
        goto out;
    if (cal->description && (add_text(root, icalproperty_new_description, cal->description) != 0 ||
                             add_x(root, "X-WR-CALDESC", cal->description) != 0))
        goto out;
    char dur[32];
    duration_text(cal->refresh_minutes > 0 ? cal->refresh_minutes : 60, dur, sizeof dur);
    icalproperty *ri = icalproperty_new_refreshinterval(icaldurationtype_from_string(dur));
    if (!ri)
        goto out;
    icalcomponent_add_property(root, ri);
    if (add_x(root, "X-PUBLISHED-TTL", dur) != 0)
        goto out;
    for (int i = 0; i < cal->n; i++)
        if (add_event(root, &cal->ev[i]) != 0)
            goto out;
    raw = icalcomponent_as_ical_string_r(root);
    if (!raw)
        goto out;
    *out = trk_ics_refold(raw, strlen(raw), len);
    if (*out)
        rc = 0;
out:
    free(raw);
    icalcomponent_free(root);
    return rc;
}

/* Length of the UTF-8 sequence that starts with byte c (1 for anything malformed). */
static size_t seq_len(unsigned char c)
{
    if (c >= 0xF0 && c <= 0xF4)
        return 4;
    if (c >= 0xE0)
        return c <= 0xEF ? 3 : 1;
    if (c >= 0xC2)
        return 2;
    return 1;
}

char *trk_ics_refold(const char *in, size_t inlen, size_t *len)
{
    /* Worst case: a line break of one byte (CR or LF) becomes two (CRLF), and every run of at
     * least 71 content octets gains a fold of three (CRLF SP). */
    size_t cap = 2 * inlen + 3 * (inlen / 71 + 1) + 16;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    size_t j = 0, col = 0, i = 0;
    while (i < inlen) {
        unsigned char c = (unsigned char)in[i];
        if (c == '\r' || c == '\n') {
            /* A line break (CRLF, CR or LF); followed by a space or tab it is a fold. */
            if (c == '\r' && i + 1 < inlen && in[i + 1] == '\n')
                i++;
            i++;
            if (i < inlen && (in[i] == ' ' || in[i] == '\t')) {
                i++;
                continue; /* continuation of the same logical line */
            }
            /* Content lines are never empty: libical 3.0 sometimes folds between the CR and the LF
             * that end a line 73 octets long ("x\r" "\r\n " "\n"), which would otherwise leave
             * an empty line behind. */
            if (col > 0) {
                out[j++] = '\r';
                out[j++] = '\n';
                col = 0;
            }
            continue;
        }
        size_t k = seq_len(c);
        if (i + k > inlen)
            k = inlen - i;
        for (size_t m = 1; m < k; m++)
            if (((unsigned char)in[i + m] & 0xC0) != 0x80) {
                k = m;
                break;
            }
        if (col + k > FOLD_OCTETS) {
            out[j++] = '\r';
            out[j++] = '\n';
            out[j++] = ' ';
            col = 1;
        }
        memcpy(out + j, in + i, k);
        j += k;
        col += k;
        i += k;
    }
    if (col > 0) {
        out[j++] = '\r';
        out[j++] = '\n';
    }
    out[j] = '\0';
    *len = j;
    return out;
}

int trk_ics_parse_offsets(const char *s, bool days_only, int **out, int *n, const char **err)
{
    *out = NULL;
    *n = 0;
    if (strcmp(s, "none") == 0)
        return 0;
    int *v = NULL, cnt = 0;
    const char *p = s;
    for (;;) {
        long num = 0;
        const char *start = p;
        while (*p >= '0' && *p <= '9') {
            num = num * 10 + (*p - '0');
            if (num > 1000000)
                goto bad_range;
            p++;
        }
        if (p == start) {
            *err = "expected offsets such as 7d,1d (units w, d, h, m) or none";
            goto bad;
        }
        long mult;
        switch (*p) {
        case 'w':
            mult = 7 * 24 * 60;
            break;
        case 'd':
            mult = 24 * 60;
            break;
        case 'h':
            mult = 60;
            break;
        case 'm':
            mult = 1;
            break;
        default:
            *err = "expected offsets such as 7d,1d (units w, d, h, m) or none";
            goto bad;
        }
        p++;
        long minutes = num * mult;
        if (minutes > 366L * 24 * 60)
            goto bad_range;
        if (days_only && minutes % (24 * 60) != 0) {
            *err = "reminders must be whole days (such as 7d or 2w)";
            goto bad;
        }
        if (cnt == 16) {
            *err = "at most 16 offsets";
            goto bad;
        }
        int *g = realloc(v, (size_t)(cnt + 1) * sizeof *g);
        if (!g) {
            *err = "out of memory";
            goto bad;
        }
        v = g;
        for (int k = 0; k < cnt; k++)
            if (v[k] == (int)minutes) {
                *err = "an offset is given twice";
                goto bad;
            }
        v[cnt++] = (int)minutes;
        if (*p == '\0')
            break;
        if (*p != ',') {
            *err = "expected offsets such as 7d,1d (units w, d, h, m) or none";
            goto bad;
        }
        p++;
    }
    *out = v;
    *n = cnt;
    return 0;
bad_range:
    *err = "an offset is more than a year";
bad:
    free(v);
    return -1;
}

char *trk_ics_format_offset(int minutes, char *buf)
{
    if (minutes % (24 * 60) == 0)
        snprintf(buf, 16, "%dd", minutes / (24 * 60));
    else if (minutes % 60 == 0)
        snprintf(buf, 16, "%dh", minutes / 60);
    else
        snprintf(buf, 16, "%dm", minutes);
    return buf;
}
