/* test_hookspec.c: what a webhook may be (formats/hookspec.c), which the CLI and the API both
 * check with: URLs (scheme, host, credentials, private literals), event lists, due-soon offsets
 * and their text, secrets. */
#include "hookspec.h"
#include "test.h"

#include <string.h>

static int url(const char *u, bool allow)
{
    char host[256];
    return trk_hook_check_url("URL", u, allow, host, sizeof host);
}

static void test_urls(void)
{
    CHECK_INT(TRK_HOOK_URL_OK, url("https://hooks.example.org/x", false));
    CHECK_INT(TRK_HOOK_URL_OK, url("http://hooks.example.org:8080/x?to=desk@example.org", false));
    CHECK_INT(TRK_HOOK_URL_OK, url("https://hooks.example.org/a@b#c@d", false));
    CHECK_INT(TRK_HOOK_URL_SYNTAX, url("ftp://hooks.example.org/x", false));
    CHECK_INT(TRK_HOOK_URL_SYNTAX, url("https://", false));
    CHECK_INT(TRK_HOOK_URL_CREDENTIALS, url("https://bot:hunter2@hooks.example.org/x", false));
    CHECK_INT(TRK_HOOK_URL_CREDENTIALS, url("https://bot@hooks.example.org", false));
    CHECK_INT(TRK_HOOK_URL_CREDENTIALS, url("http://a:b@127.0.0.1/x", true));
    CHECK_INT(TRK_HOOK_URL_PRIVATE, url("http://127.0.0.1:9/x", false));
    CHECK_INT(TRK_HOOK_URL_PRIVATE, url("http://[::1]/x", false));
    CHECK_INT(TRK_HOOK_URL_PRIVATE, url("http://localhost/x", false));
    CHECK_INT(TRK_HOOK_URL_PRIVATE, url("http://hooks.localhost/x", false));
    CHECK_INT(TRK_HOOK_URL_OK, url("http://127.0.0.1:9/x", true));
    char big[2100];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    memcpy(big, "https://x.example/", 18);
    CHECK_INT(TRK_HOOK_URL_SYNTAX, url(big, false));
}

static void test_events(void)
{
    char out[512], bad[64];
    bool ds = false;
    CHECK_INT(0, trk_hook_parse_events("deadline.created,deadline.due_soon", out, sizeof out, &ds,
                                       bad, sizeof bad));
    CHECK_STR("{deadline.created,deadline.due_soon}", out);
    CHECK(ds);
    CHECK_INT(1, trk_hook_parse_events("deadline.created,deadline.moved", out, sizeof out, &ds,
                                       bad, sizeof bad));
    CHECK_STR("deadline.moved", bad);
    CHECK_INT(2, trk_hook_parse_events("", out, sizeof out, &ds, bad, sizeof bad));
    CHECK_INT(0, trk_hook_parse_events("all", out, sizeof out, &ds, bad, sizeof bad));
    CHECK(ds);
}

static void test_offsets(void)
{
    char out[128], text[128];
    const char *err = NULL;
    CHECK_INT(0, trk_hook_parse_due_soon("7d,1d", out, sizeof out, &err));
    CHECK_STR("{10080,1440}", out);
    trk_hook_offsets_text(out, text, sizeof text);
    CHECK_STR("7d,1d", text);
    CHECK_INT(0, trk_hook_parse_due_soon("2h,30m", out, sizeof out, &err));
    CHECK_STR("{120,30}", out);
    CHECK(trk_hook_parse_due_soon("7x", out, sizeof out, &err) < 0 && err);
    CHECK_INT(-2, trk_hook_parse_due_soon("0d", out, sizeof out, &err));
    trk_hook_offsets_text("{}", text, sizeof text);
    CHECK_STR("none", text);
}

static void test_secrets(void)
{
    CHECK(trk_hook_secret_ok("0123456789abcdef"));
    CHECK(!trk_hook_secret_ok("0123456789abcde"));
    CHECK(!trk_hook_secret_ok("0123456789 abcdef"));
    CHECK(!trk_hook_secret_ok("0123456789abcdef\xc3\xa9"));
}

int main(void)
{
    test_urls();
    test_events();
    test_offsets();
    test_secrets();
    return TEST_DONE();
}
