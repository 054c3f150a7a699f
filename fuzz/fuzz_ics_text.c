/*
 * fuzz_ics_text.c: iCalendar TEXT escaping and folding (ics.c).
 *
 * The input (made valid UTF-8 without NUL: the CLI and importer refuse anything else before it
 * reaches a calendar) becomes the summary, description, a category and the calendar name of a
 * rendered calendar. Properties of the output:
 *   - every physical line ends with CRLF, there is no other CR or LF, no line is longer than 75
 *     octets, and every physical line is valid UTF-8 on its own (no sequence split by a fold);
 *   - after unfolding, every content line is NAME[;PARAMS]:VALUE (text cannot inject a line);
 *   - unfolding and unescaping SUMMARY, DESCRIPTION, the alarm's DESCRIPTION, NAME and
 *     X-WR-CALNAME gives the input back (CR and CRLF read as LF, as ics.h documents).
 * Also: trk_ics_refold on raw bytes, whose output must again be CRLF lines of at most 75 octets,
 * and trk_ics_parse_offsets on the raw text.
 */
#include "fuzz_common.h"
#include "ics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Make s valid UTF-8 in place: ill-formed bytes become '?'. */
static void sanitize(char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t n = fuzz_utf8_seq((unsigned char *)s + i, len - i);
        if (n == 0 || s[i] == 0) {
            s[i] = '?';
            n = 1;
        }
        i += n;
    }
}

/* CR and CRLF as LF, as the renderer promises. libical drops backspace and form feed and passes
 * the other control characters through unescaped (see docs/hardening.md: RFC 5545 TEXT cannot
 * carry them at all); the expectation follows what it does today. */
static char *normalize(const char *s)
{
    size_t n = strlen(s), j = 0;
    char *o = malloc(n + 1);
    FUZZ_CHECK(o);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r') {
            o[j++] = '\n';
            if (s[i + 1] == '\n')
                i++;
        } else if (s[i] != '\b' && s[i] != '\f') {
            o[j++] = s[i];
        }
    }
    o[j] = '\0';
    return o;
}

/* Check the physical lines of out[0..len); returns the unfolded text (malloc'd). */
static char *check_lines(const char *out, size_t len)
{
    char *u = malloc(len + 1);
    FUZZ_CHECK(u);
    size_t j = 0, start = 0;
    FUZZ_CHECK(len >= 2 && out[len - 2] == '\r' && out[len - 1] == '\n');
    for (size_t i = 0; i < len; i++) {
        if (out[i] == '\r') {
            FUZZ_CHECK(i + 1 < len && out[i + 1] == '\n');
            size_t linelen = i - start;
            FUZZ_CHECK(linelen <= 75);
            FUZZ_CHECK(fuzz_utf8_ok(out + start, linelen));
            i++;
            start = i + 1;
            if (start < len && out[start] == ' ') {
                start++; /* a fold: the line continues */
                i++;
                /* the space counted in the line length of its physical line */
                FUZZ_CHECK(start < len && out[start] != '\r');
                start--;
                /* copy nothing for the fold */
                continue;
            }
            u[j++] = '\n';
            continue;
        }
        FUZZ_CHECK(out[i] != '\n');
        if (!(i == start && i > 0 && out[i] == ' ' && out[i - 1] == '\n'))
            u[j++] = out[i];
    }
    u[j] = '\0';
    return u;
}

/* The unescaped value of the n-th content line named `name` (exact name before ':' or ';'). */
static char *value_of(const char *unfolded, const char *name, int nth)
{
    size_t nl = strlen(name);
    const char *p = unfolded;
    while (*p) {
        const char *eol = strchr(p, '\n');
        FUZZ_CHECK(eol);
        if (strncmp(p, name, nl) == 0 && (p[nl] == ':' || p[nl] == ';') && nth-- == 0) {
            const char *v = memchr(p, ':', (size_t)(eol - p));
            FUZZ_CHECK(v);
            v++;
            char *o = malloc((size_t)(eol - v) + 1);
            FUZZ_CHECK(o);
            size_t j = 0;
            for (const char *c = v; c < eol; c++) {
                if (*c == '\\' && c + 1 < eol) {
                    c++;
                    o[j++] = (*c == 'n' || *c == 'N') ? '\n' : *c;
                } else {
                    if ((*c == ';' || *c == ',') && strncmp(name, "X-", 2) != 0) {
                        fprintf(stderr, "%s: unescaped '%c' in [%.*s]\n", name, *c, (int)(eol - p), p);
                        FUZZ_CHECK(!"TEXT values escape ';' and ','");
                    }
                    o[j++] = *c;
                }
            }
            o[j] = '\0';
            return o;
        }
        p = eol + 1;
    }
    return NULL;
}

static void expect_value(const char *unfolded, const char *name, int nth, const char *want)
{
    char *got = value_of(unfolded, name, nth);
    if (!got || strcmp(got, want) != 0) {
        fprintf(stderr, "%s #%d: expected [%s], got [%s]\n", name, nth, want, got ? got : "(none)");
        FUZZ_CHECK(!"value round-trips");
    }
    free(got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* 1. Refold of raw bytes (FUZZ_SKIP_RAW_REFOLD=1 skips it, to explore the rest while a
     * known refold crash is open). */
    static int skip_raw = -1;
    if (skip_raw < 0)
        skip_raw = getenv("FUZZ_SKIP_RAW_REFOLD") != NULL;
    size_t rlen = 0;
    char *ref = skip_raw ? strdup("") : trk_ics_refold((const char *)data, size, &rlen);
    FUZZ_CHECK(ref != NULL && ref[rlen] == '\0');
    size_t col = 0;
    for (size_t i = 0; i < rlen; i++) {
        if (ref[i] == '\r') {
            FUZZ_CHECK(i + 1 < rlen && ref[i + 1] == '\n');
            i++;
            col = 0;
        } else {
            FUZZ_CHECK(ref[i] != '\n');
            col++;
            FUZZ_CHECK(col <= 75);
        }
    }
    free(ref);

    /* 2. Offsets parser. */
    char *raw = fuzz_strdup(data, size);
    int *offs = NULL, n = 0;
    const char *why = NULL;
    if (trk_ics_parse_offsets(raw, size & 1, &offs, &n, &why) == 0) {
        FUZZ_CHECK(n >= 0 && n <= 16 && (n == 0) == (offs == NULL));
        for (int i = 0; i < n; i++) {
            char b[16];
            FUZZ_CHECK(offs[i] > 0 || strcmp(raw, "none") == 0 || offs[i] == 0);
            trk_ics_format_offset(offs[i], b);
        }
    } else {
        FUZZ_CHECK(why != NULL);
    }
    free(offs);
    free(raw);

    /* 3. Rendering of text values. */
    char *text = fuzz_strdup(data, size);
    sanitize(text, size);
    size_t tl = strlen(text);
    FUZZ_CHECK(fuzz_utf8_ok(text, tl));
    trk_ics_calendar cal;
    memset(&cal, 0, sizeof cal);
    cal.name = strdup(text);
    cal.refresh_minutes = 60;
    trk_ics_event *e = trk_ics_add(&cal);
    FUZZ_CHECK(e);
    e->uid = strdup("deadline-1@tracker");
    e->sequence = 2;
    e->summary = strdup(text);
    e->description = strdup(text);
    e->categories = malloc(sizeof(char *));
    e->categories[0] = strdup(text);
    e->ncategories = 1;
    e->all_day = true;
    e->date = 17455;
    memcpy(e->stamp_utc, "20240101T000000Z", TRK_ICS_UTC_LEN);
    e->alarms = malloc(sizeof(int));
    e->alarms[0] = 1440;
    e->nalarms = 1;
    char *out = NULL;
    size_t len = 0;
    if (trk_ics_render(&cal, &out, &len) == 0) {
        FUZZ_CHECK(strlen(out) == len);
        if (getenv("FUZZ_DUMP"))
            fwrite(out, 1, len, stderr);
        char *u = check_lines(out, len);
        /* Every logical line is NAME[;...]:... */
        for (const char *p = u; *p;) {
            const char *eol = strchr(p, '\n');
            FUZZ_CHECK(eol);
            const char *c = p;
            while ((*c >= 'A' && *c <= 'Z') || *c == '-' || (*c >= '0' && *c <= '9'))
                c++;
            if (!(c > p && (*c == ':' || *c == ';'))) {
                fprintf(stderr, "bad content line: [%.*s]\n", (int)(eol - p), p);
                FUZZ_CHECK(!"every content line is NAME:VALUE");
            }
            p = eol + 1;
        }
        char *want = normalize(text);
        expect_value(u, "SUMMARY", 0, want);
        expect_value(u, "DESCRIPTION", 0, want); /* the event's (the calendar has none) */
        expect_value(u, "DESCRIPTION", 1, want); /* the alarm's: the summary */
        expect_value(u, "NAME", 0, want);
        expect_value(u, "X-WR-CALNAME", 0, want);
        free(want);
        free(u);
        free(out);
    }
    trk_ics_calendar_free(&cal);
    free(text);
    return 0;
}
