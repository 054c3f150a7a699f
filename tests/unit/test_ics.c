/*
 * test_ics.c: the calendar renderer without a database: folding (75 octets, never inside a
 * UTF-8 sequence, CRLF), escaping, all-day and UTC events, alarms, offsets, and SHA-256.
 */
#include "ics.h"
#include "crypto.h"
#include "test.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Every physical line ends with CRLF, has at most 75 octets, is not empty, and starts on a UTF-8
 * boundary. */
static bool well_folded(const char *s, size_t len)
{
    size_t start = 0;
    if (strstr(s, "\r\n\r\n") || (len >= 2 && s[0] == '\r'))
        return false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
            return false;
        if (s[i] == '\r') {
            if (i + 1 >= len || s[i + 1] != '\n')
                return false;
            if (i - start > 75)
                return false;
            size_t next = i + 2;
            if (next < len && ((unsigned char)s[next] & 0xC0) == 0x80)
                return false;
            if (next + 1 < len && s[next] == ' ' && ((unsigned char)s[next + 1] & 0xC0) == 0x80)
                return false;
            start = next;
            i++;
        }
    }
    return start == len;
}

static void test_refold(void)
{
    size_t len;
    char *out = trk_ics_refold("A:b\nC:d", 7, &len);
    CHECK_STR("A:b\r\nC:d\r\n", out);
    free(out);
    /* Long ASCII: 75 + 74 + ... */
    char in[400];
    memset(in, 'x', sizeof in);
    memcpy(in, "SUMMARY:", 8);
    out = trk_ics_refold(in, sizeof in, &len);
    CHECK(well_folded(out, len));
    CHECK(strncmp(out + 75, "\r\n x", 4) == 0);
    /* Unfolding and refolding is idempotent. */
    size_t len2;
    char *again = trk_ics_refold(out, len, &len2);
    CHECK_INT(len, len2);
    CHECK(memcmp(out, again, len) == 0);
    free(again);
    free(out);
    /* Short lines ended by lone CR or LF double in size (found by fuzz_ics_text). */
    char crs[300];
    for (size_t i = 0; i < sizeof crs; i++)
        crs[i] = i % 2 ? (i % 4 == 1 ? '\r' : '\n') : 'a';
    out = trk_ics_refold(crs, sizeof crs, &len);
    CHECK_INT(450, len);
    CHECK(well_folded(out, len));
    free(out);
    /* Multibyte: 2-, 3- and 4-byte sequences at every offset. */
    const char *pieces[] = {"é", "ж", "€", "😀"};
    for (int p = 0; p < 4; p++)
        for (int shift = 0; shift < 4; shift++) {
            char buf[600];
            size_t n = (size_t)snprintf(buf, sizeof buf, "DESCRIPTION:%.*s", shift, "abc");
            while (n + 5 < sizeof buf) {
                size_t k = strlen(pieces[p]);
                memcpy(buf + n, pieces[p], k);
                n += k;
            }
            out = trk_ics_refold(buf, n, &len);
            CHECK(well_folded(out, len));
            free(out);
        }
}

/* libical 3.0 folds inside the CRLF ending a 73-octet line; the output must not show it. */
static void test_fold_inside_crlf(void)
{
    const char *alphabet[] = {"x", "ы", "😀", ",", "a\nb "};
    for (int a = 0; a < 5; a++)
        for (int n = 1; n < 260; n++) {
            trk_ics_calendar cal = {0};
            cal.name = malloc((size_t)n * 4 + 1);
            cal.name[0] = '\0';
            for (int k = 0; k < n; k++)
                strcat(cal.name, alphabet[a]);
            cal.name[n] = '\0'; /* cut at n bytes (may split a character: refold copes) */
            trk_ics_event *e = trk_ics_add(&cal);
            e->uid = strdup("u@t");
            e->summary = strdup(cal.name);
            e->all_day = true;
            snprintf(e->stamp_utc, sizeof e->stamp_utc, "20171016T120000Z");
            char *out = NULL;
            size_t len = 0;
            if (trk_ics_render(&cal, &out, &len) == 0) {
                bool ok = well_folded(out, len);
                CHECK(ok);
                if (!ok)
                    fprintf(stderr, "  alphabet %d, %d bytes\n", a, n);
            }
            free(out);
            trk_ics_calendar_free(&cal);
        }
}

static void test_render(void)
{
    trk_ics_calendar cal = {0};
    cal.name = strdup("Cal, with; semi \\ and\nnewline");
    cal.refresh_minutes = 360;
    trk_ics_event *e = trk_ics_add(&cal);
    e->uid = strdup("deadline-1@test.tracker");
    e->sequence = 3;
    e->summary = strdup("Appeal, now; \\ back\r\nslash 😀");
    e->all_day = true;
    trk_date_from_ymd(2017, 10, 26, &e->date);
    snprintf(e->stamp_utc, sizeof e->stamp_utc, "20171016T120000Z");
    e->alarms = malloc(2 * sizeof *e->alarms);
    e->alarms[0] = 7 * 24 * 60;
    e->alarms[1] = 90;
    e->nalarms = 2;
    e = trk_ics_add(&cal);
    e->uid = strdup("deadline-2@test.tracker");
    e->summary = strdup("Timed");
    e->cancelled = true;
    snprintf(e->start_utc, sizeof e->start_utc, "20241029T150000Z");
    snprintf(e->stamp_utc, sizeof e->stamp_utc, "20241029T150000Z");
    char *out = NULL;
    size_t len = 0;
    CHECK_INT(0, trk_ics_render(&cal, &out, &len));
    CHECK(out != NULL && well_folded(out, len));
    if (out) {
        CHECK(strstr(out, "BEGIN:VCALENDAR\r\n") == out);
        CHECK(strstr(out, "NAME:Cal\\, with\\; semi \\\\ and\\nnewline\r\n") != NULL);
        CHECK(strstr(out, "REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n") != NULL);
        CHECK(strstr(out, "METHOD:PUBLISH\r\n") != NULL);
        CHECK(strstr(out, "SUMMARY:Appeal\\, now\\; \\\\ back\\nslash 😀\r\n") != NULL);
        CHECK(strstr(out, "DTSTART;VALUE=DATE:20171026\r\nDTEND;VALUE=DATE:20171027\r\n") != NULL);
        CHECK(strstr(out, "SEQUENCE:3\r\n") != NULL);
        CHECK(strstr(out, "TRIGGER:-P1W\r\n") != NULL);
        CHECK(strstr(out, "TRIGGER:-PT1H30M\r\n") != NULL);
        CHECK(strstr(out, "DTSTART:20241029T150000Z\r\n") != NULL);
        CHECK(strstr(out, "STATUS:CANCELLED\r\n") != NULL);
        /* A cancelled event carries no alarms: exactly two VALARMs in all. */
        int n = 0;
        for (const char *p = out; (p = strstr(p, "BEGIN:VALARM")); p++)
            n++;
        CHECK_INT(2, n);
        CHECK(strstr(out, "\r\nEND:VCALENDAR\r\n") != NULL);
    }
    free(out);
    /* A malformed UTC time is refused, not rendered. */
    snprintf(cal.ev[1].start_utc, sizeof cal.ev[1].start_utc, "2024-10-29");
    out = NULL;
    CHECK_INT(-1, trk_ics_render(&cal, &out, &len));
    CHECK(out == NULL);
    trk_ics_calendar_free(&cal);
    trk_ics_calendar_free(&cal); /* a freed calendar is zeroed: freeing again is a no-op */
}

static void test_offsets(void)
{
    int *v, n;
    const char *err;
    CHECK_INT(0, trk_ics_parse_offsets("7d,1d", false, &v, &n, &err));
    CHECK_INT(2, n);
    CHECK_INT(10080, v[0]);
    CHECK_INT(1440, v[1]);
    free(v);
    CHECK_INT(0, trk_ics_parse_offsets("2w,36h,15m", false, &v, &n, &err));
    CHECK_INT(3, n);
    CHECK_INT(20160, v[0]);
    CHECK_INT(2160, v[1]);
    CHECK_INT(15, v[2]);
    free(v);
    CHECK_INT(0, trk_ics_parse_offsets("none", false, &v, &n, &err));
    CHECK_INT(0, n);
    CHECK(v == NULL);
    const char *bad[] = {"",    "7",     "d",    "7d,",   ",7d",          "7d,,1d", "7x",
                         "-1d", "7d 1d", "400d", "7d,7d", "99999999999d", NULL};
    for (int i = 0; bad[i]; i++) {
        v = NULL;
        CHECK_INT(-1, trk_ics_parse_offsets(bad[i], false, &v, &n, &err));
        CHECK(v == NULL);
    }
    CHECK_INT(-1, trk_ics_parse_offsets("36h", true, &v, &n, &err));
    CHECK_INT(0, trk_ics_parse_offsets("48h", true, &v, &n, &err));
    free(v);
    char buf[16];
    CHECK_STR("7d", trk_ics_format_offset(10080, buf));
    CHECK_STR("36h", trk_ics_format_offset(2160, buf));
    CHECK_STR("90m", trk_ics_format_offset(90, buf));
}

static void test_sha256(void)
{
    char hex[TRK_SHA256_HEXLEN];
    CHECK_STR("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
              trk_sha256_hex("", 0, hex));
    CHECK_STR("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
              trk_sha256_hex("abc", 3, hex));
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    CHECK_STR("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
              trk_sha256_hex(m, strlen(m), hex));
    /* A million 'a', fed in uneven pieces. */
    trk_sha256 c;
    uint8_t d[TRK_SHA256_LEN];
    char chunk[997];
    memset(chunk, 'a', sizeof chunk);
    trk_sha256_init(&c);
    size_t left = 1000000;
    while (left) {
        size_t k = left < sizeof chunk ? left : sizeof chunk;
        trk_sha256_update(&c, chunk, k);
        left -= k;
    }
    trk_sha256_final(&c, d);
    CHECK_INT(0xcd, d[0]);
    CHECK_INT(0xc7, d[1]);
    CHECK_INT(0x6e, d[2]);
    CHECK_INT(0x5c, d[3]);
    CHECK_INT(0xd0, d[31]);
}

int main(void)
{
    if (trk_crypto_init() != 0)
        return 1;
    test_refold();
    test_fold_inside_crlf();
    test_render();
    test_offsets();
    test_sha256();
    return TEST_DONE();
}
