/* test_text.c: UTF-8 validation, vocabularies, tags, jurisdiction syntax. */
#include "model.h"
#include "test.h"
#include "strbuf.h"
#include "text.h"

#include <stdlib.h>

/* trk_text_display of s with flags, as a string (static buffer); *used gets the bytes consumed. */
static const char *shown(const char *s, size_t n, unsigned flags, size_t *used)
{
    static char out[256];
    trk_sb b = TRK_SB_INIT;
    size_t u = trk_text_display(&b, s, n, flags);
    if (used)
        *used = u;
    snprintf(out, sizeof out, "%s", b.p ? b.p : "");
    trk_sb_release(&b);
    return out;
}
#define SHOWN(s, flags) shown((s), strlen(s), (flags), NULL)

/* trk_html_escape of s appended to "pre:" (static buffer). */
static const char *escaped(const char *s)
{
    static char out[256];
    trk_sb b = TRK_SB_INIT;
    trk_sb_puts(&b, "pre:");
    trk_html_escape(&b, s);
    snprintf(out, sizeof out, "%s", b.p ? b.p : "");
    trk_sb_release(&b);
    return out;
}

static int valid(const char *s)
{
    return trk_utf8_valid(s, strlen(s));
}

int main(void)
{
    CHECK(valid(""));
    CHECK(valid("plain ascii"));
    CHECK(valid("Мещанский суд"));
    CHECK(valid("emoji \xF0\x9F\x93\x85 ok"));
    CHECK(valid("\xE2\x82\xAC")); /* euro sign */
    CHECK(!valid("\xC3"));         /* truncated 2-byte */
    CHECK(!valid("\xE2\x82"));     /* truncated 3-byte */
    CHECK(!valid("\xF0\x9F\x93")); /* truncated 4-byte */
    CHECK(!valid("\xC0\xAF"));     /* overlong '/' */
    CHECK(!valid("\xE0\x80\xAF")); /* overlong 3-byte */
    CHECK(!valid("\xED\xA0\x80")); /* surrogate U+D800 */
    CHECK(!valid("\xF4\x90\x80\x80")); /* above U+10FFFF */
    CHECK(!valid("\xFF"));
    CHECK(!valid("a\x80z"));       /* stray continuation */
    CHECK(!trk_utf8_valid("a\0b", 3));

    CHECK_INT(0, trk_text_check("--title", "quotes ' \" and ; DROP TABLE x; --", 100, false));
    CHECK_INT(0, trk_text_check("--title", "two\nlines", 100, false));
    CHECK_INT(-1, trk_text_check("--tag", "two\nlines", 100, true));
    CHECK_INT(-1, trk_text_check("--title", "\xFF", 100, false));
    char *big = malloc(2001);
    memset(big, 'x', 2000);
    big[2000] = '\0';
    CHECK_INT(-1, trk_text_check("--title", big, 1000, false));
    CHECK_INT(0, trk_text_check("--title", big, 2000, false));
    free(big);

    CHECK_INT(0, trk_url_check("--source", "https://phys.org/news/x.html"));
    CHECK_INT(-1, trk_url_check("--source", "ftp://x"));
    CHECK_INT(-1, trk_url_check("--source", "https://"));
    CHECK_INT(-1, trk_url_check("--source", "https://a b"));
    CHECK_INT(-1, trk_url_check("--source", "javascript:alert(1)"));

    /* Display: text verbatim, control characters visible. */
    CHECK_STR("plain \u0422\u0435\u043a\u0441\u0442 ok", SHOWN("plain \u0422\u0435\u043a\u0441\u0442 ok", 0));
    CHECK_STR("emoji \xF0\x9F\x93\x85 \xE2\x80\xAE", SHOWN("emoji \xF0\x9F\x93\x85 \xE2\x80\xAE", 0));
    CHECK_STR("\\x1b]52;c;aGk=\\x07\\x1b[2J", SHOWN("\x1b]52;c;aGk=\a\x1b[2J", 0));
    CHECK_STR("a\\x0d\\x09b\\x7f\\x01", SHOWN("a\r\tb\x7f\x01", 0));
    CHECK_STR("two\\x0alines", SHOWN("two\nlines", 0));
    CHECK_STR("two\nlines", SHOWN("two\nlines", TRK_DISPLAY_KEEP_LF));
    CHECK_STR("csi \\u009b2J nel \\u0085 nbsp \xC2\xA0", SHOWN("csi \xC2\x9B" "2J nel \xC2\x85 nbsp \xC2\xA0", 0));
    CHECK_STR("bad \\xff \\xc3( \\xed\\xa0\\x80 \\xc0\\xaf", SHOWN("bad \xFF \xC3( \xED\xA0\x80 \xC0\xAF", 0));
    CHECK_STR("nul \\x00 end", shown("nul \0 end", 9, 0, NULL));
    size_t used;
    CHECK_STR("cut ", shown("cut \xE2\x82", 6, TRK_DISPLAY_PARTIAL, &used)); /* held back */
    CHECK_INT(4, used);
    CHECK_STR("cut \\xe2\\x82", shown("cut \xE2\x82", 6, 0, &used)); /* at the very end */
    CHECK_INT(6, used);
    CHECK_STR("x\\xed\\xa0", shown("x\xED\xA0", 3, TRK_DISPLAY_PARTIAL, &used)); /* never valid */
    CHECK_INT(3, used);

    CHECK(trk_word_in("ruling", trk_event_types));
    CHECK(trk_word_in("appeal_decided", trk_event_types));
    CHECK(!trk_word_in("Ruling", trk_event_types));
    CHECK(!trk_word_in("verdict", trk_event_types));
    CHECK(!trk_word_in(NULL, trk_event_types));
    char buf[64];
    const char *const three[] = {"a", "b", "c", NULL};
    CHECK_STR("a, b, c", trk_words_join(three, buf, sizeof buf));

    CHECK(trk_tag_valid("encryption"));
    CHECK(trk_tag_valid("ru:fsb"));
    CHECK(trk_tag_valid("шифрование"));
    CHECK(!trk_tag_valid(""));
    CHECK(!trk_tag_valid("Has Space"));
    CHECK(!trk_tag_valid("x\ny"));

    CHECK(trk_jurisdiction_syntax("RU"));
    CHECK(trk_jurisdiction_syntax("US-CA"));
    CHECK(!trk_jurisdiction_syntax("ru"));
    CHECK(!trk_jurisdiction_syntax("RUS"));
    CHECK(!trk_jurisdiction_syntax("US_CA"));
    CHECK(!trk_jurisdiction_syntax("US-"));

    /* display width: characters, not bytes; combining marks 0, wide characters 2 */
    CHECK_INT(0, trk_text_width(""));
    CHECK_INT(8, trk_text_width("10 calen"));
    CHECK_INT(8, trk_text_width("10 сутки"));
    CHECK_INT(13, (long long)strlen("10 сутки"));
    CHECK_INT(1, trk_text_width("e\xCC\x81"));          /* e + combining acute */
    CHECK_INT(4, trk_text_width("\xE6\x97\xA5\xE6\x9C\xAC")); /* 日本 */
    CHECK_INT(2, trk_text_width("\xF0\x9F\x93\x85"));  /* calendar emoji */
    CHECK_INT(3, trk_text_width("a\xFFz"));              /* a bad byte counts one */
    CHECK_INT(1, trk_text_width("\xD0"));                /* truncated: one */
    CHECK_INT(22 + 5, trk_text_pad("10 сутки", 22));      /* 13 bytes + 14 spaces */
    CHECK_INT(22, trk_text_pad("10 calendar days", 22));
    CHECK_INT(5, trk_text_pad("longer", 3) - 1);          /* never cut */
    /* the HTML escaper of the timeline and the digest: exactly & < > " ' */
    CHECK_STR("pre:", escaped(NULL));
    CHECK_STR("pre:", escaped(""));
    CHECK_STR("pre:plain Мещанский", escaped("plain Мещанский"));
    CHECK_STR("pre:&lt;img src=&quot;x&quot; onerror=&#39;a&#39;&gt; &amp;amp; &amp;",
              escaped("<img src=\"x\" onerror='a'> &amp; &"));
    CHECK_STR("pre:&amp;&amp;&lt;&lt;", escaped("&&<<"));
    CHECK_STR("pre:/ ` = \\ \t", escaped("/ ` = \\ \t"));
    return TEST_DONE();
}
