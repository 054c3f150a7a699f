/*
 * fuzz_text.c: trk_utf8_valid against an independent reference decoder (fuzz_common.h), and
 * trk_text_check's length and line-break rules on top of it, and trk_text_display: its output is
 * valid UTF-8 without control characters (but LF when kept), whatever the input, and a stream fed
 * in two pieces (TRK_DISPLAY_PARTIAL, the rest carried over) shows the same as the whole.
 */
#include "fuzz_common.h"
#include "strbuf.h"
#include "text.h"

static void check_display(const char *buf, size_t size)
{
    unsigned flags = size % 3 == 0 ? TRK_DISPLAY_KEEP_LF : 0;
    trk_sb whole = TRK_SB_INIT, parts = TRK_SB_INIT;
    FUZZ_CHECK(trk_text_display(&whole, buf, size, flags) == size);
    const unsigned char *o = (const unsigned char *)(whole.p ? whole.p : "");
    FUZZ_CHECK(fuzz_utf8_ok((const char *)o, whole.n));
    for (size_t i = 0; i < whole.n; i++) {
        FUZZ_CHECK(o[i] >= 0x20 || (o[i] == '\n' && (flags & TRK_DISPLAY_KEEP_LF)));
        FUZZ_CHECK(o[i] != 0x7F);
        FUZZ_CHECK(!(o[i] == 0xC2 && i + 1 < whole.n && o[i + 1] >= 0x80 && o[i + 1] <= 0x9F));
    }
    size_t cut = size ? (unsigned char)buf[0] % (size + 1) : 0;
    size_t used = trk_text_display(&parts, buf, cut, flags | TRK_DISPLAY_PARTIAL);
    FUZZ_CHECK(used <= cut && cut - used < 4);
    trk_text_display(&parts, buf + used, size - used, flags);
    FUZZ_CHECK(parts.n == whole.n && (whole.n == 0 || memcmp(parts.p, whole.p, whole.n) == 0));
    trk_sb_release(&whole);
    trk_sb_release(&parts);
}


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The exact buffer (no NUL terminator), so reads past the end are caught by ASan. */
    char *buf = malloc(size ? size : 1);
    if (!buf)
        abort();
    if (size)
        memcpy(buf, data, size);
    bool got = trk_utf8_valid(buf, size);
    int want = fuzz_utf8_ok(buf, size);
    FUZZ_CHECK(got == (want != 0));
    /* Every prefix that ends on a sequence boundary of a valid string is valid too. */
    if (want && size > 1)
        FUZZ_CHECK(trk_utf8_valid(buf, size / 2) == (fuzz_utf8_ok(buf, size / 2) != 0));
    check_display(buf, size);
    free(buf);

    /* trk_text_check on the C string (up to the first NUL). */
    char *s = fuzz_strdup(data, size);
    size_t len = strlen(s);
    size_t max = size % 7 == 0 ? 16 : TRK_TEXT_SHORT_MAX;
    bool single = (size & 1) != 0;
    fuzz_quiet_begin();
    int ok = trk_text_check("--fuzz", s, max, single) == 0;
    fuzz_quiet_end();
    bool has_break = strchr(s, '\n') || strchr(s, '\r');
    int expect = fuzz_utf8_ok(s, len) && len <= max && !(single && has_break);
    FUZZ_CHECK(ok == expect);
    /* display width: never more columns than bytes but for wide characters (at most 2 per
     * character, 3+ bytes each: so never more than the bytes); padding never cuts */
    size_t w = trk_text_width(s);
    FUZZ_CHECK(w <= len);
    int cols = (int)(size % 40);
    int pad = trk_text_pad(s, cols);
    FUZZ_CHECK(pad >= (int)len);
    FUZZ_CHECK(w >= (size_t)cols || (size_t)pad == len + ((size_t)cols - w));
    free(s);
    return 0;
}
