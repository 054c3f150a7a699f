/* test_net.c: the address classes net/ refuses without --allow-private, URL hosts, the webhook
 * signature (HMAC-SHA256 of "t.BODY", checked against an independent value) and the retry
 * delays (growth, jitter bounds, Retry-After, the 24-hour cap). */
#include "alerts.h"
#include "crypto.h"
#include "net.h"
#include "test.h"

static void test_private(void)
{
    const char *priv[] = {"127.0.0.1", "127.255.0.9", "10.0.0.1", "172.16.0.1", "172.31.255.255",
                          "192.168.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1",
                          "255.255.255.255", "198.18.0.1", "::", "::1", "fe80::1", "fc00::1",
                          "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.1.2.3",
                          "64:ff9b::a00:1", "fec0::1", NULL};
    const char *pub[] = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.169.0.1",
                         "2001:4860:4860::8888", "::ffff:8.8.8.8", "2a00:1450::1", NULL};
    for (int i = 0; priv[i]; i++) {
        if (trk_net_literal_private(priv[i]) != 1)
            fprintf(stderr, "not private: %s\n", priv[i]);
        CHECK_INT(1, trk_net_literal_private(priv[i]));
    }
    for (int i = 0; pub[i]; i++) {
        if (trk_net_literal_private(pub[i]) != 0)
            fprintf(stderr, "not public: %s\n", pub[i]);
        CHECK_INT(0, trk_net_literal_private(pub[i]));
    }
    CHECK_INT(-1, trk_net_literal_private("example.org"));
}

static void test_hosts(void)
{
    char h[256];
    CHECK_INT(0, trk_net_url_host("https://hooks.example.org:8443/x?y=1", h, sizeof h));
    CHECK_STR("hooks.example.org", h);
    CHECK_INT(0, trk_net_url_host("http://[fd00::1]:80/x", h, sizeof h));
    CHECK_STR("fd00::1", h);
    CHECK_INT(0, trk_net_url_host("smtp://127.0.0.1:2525", h, sizeof h));
    CHECK_STR("127.0.0.1", h);
    CHECK_INT(-1, trk_net_url_host("not a url", h, sizeof h));
}

static void test_signature(void)
{
    char sig[128];
    const char *body = "{\"id\":\"x\"}";
    trk_webhook_signature("whsec_test", 1764590400, body, strlen(body), sig, sizeof sig);
    /* python3 -c 'import hmac,hashlib; print(hmac.new(b"whsec_test",
     *   b"1764590400.{\"id\":\"x\"}", hashlib.sha256).hexdigest())' */
    CHECK_STR("t=1764590400,v1=2ad94f9eec674f235897dc0a1ec3d8d5129c3595d1f3b396f637683b262124e1", sig);
}

static void test_delays(void)
{
    trk_deliver_opts o = {.retry_base_ms = 1000, .retry_max_ms = 24L * 3600 * 1000};
    for (int k = 0; k < 50; k++) {
        long d1 = trk_retry_delay_ms(&o, 1, -1), d3 = trk_retry_delay_ms(&o, 3, -1);
        CHECK(d1 >= 750 && d1 <= 1250);
        CHECK(d3 >= 3000 && d3 <= 5000);
    }
    CHECK_INT(24L * 3600 * 1000, trk_retry_delay_ms(&o, 40, -1));
    CHECK_INT(7000, trk_retry_delay_ms(&o, 1, 7));
    CHECK_INT(24L * 3600 * 1000, trk_retry_delay_ms(&o, 1, 999999));
}

int main(void)
{
    if (trk_crypto_init() != 0 || trk_net_init() != 0)
        return 1;
    test_private();
    test_hosts();
    test_signature();
    test_delays();
    return TEST_DONE();
}
