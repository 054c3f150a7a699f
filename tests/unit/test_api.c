/*
 * test_api.c: the pure parts of the API: the rate limiter's buckets (http/ratelimit.c), UTF-8
 * checks, JSON Merge Patch against RFC 7396's examples, and media types (http/api_json.c).
 */
#include "test.h"

#include "api.h"
#include "ratelimit.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static char *merged(const char *target, const char *patch)
{
    cJSON *t = cJSON_Parse(target), *p = cJSON_Parse(patch);
    t = api_merge_patch(t, p);
    char *s = cJSON_PrintUnformatted(t);
    cJSON_Delete(t);
    cJSON_Delete(p);
    return s;
}

#define CHECK_MERGE(target, patch, want)                                                           \
    do {                                                                                           \
        char *got_ = merged(target, patch);                                                        \
        CHECK_STR(want, got_);                                                                     \
        free(got_);                                                                                \
    } while (0)

int main(void)
{
    /* Buckets: a burst of 3, then a wait of a whole second at 1 per second. */
    trk_ratelimit *rl = trk_ratelimit_new(1, 3, 100);
    CHECK(rl != NULL);
    CHECK_INT(0, trk_ratelimit_take(rl, "10.0.0.1", 1));
    CHECK_INT(0, trk_ratelimit_take(rl, "10.0.0.1", 1));
    CHECK_INT(0, trk_ratelimit_check(rl, "10.0.0.1", 1)); /* check takes nothing */
    CHECK_INT(0, trk_ratelimit_take(rl, "10.0.0.1", 1));
    CHECK_INT(1, trk_ratelimit_take(rl, "10.0.0.1", 1));
    CHECK_INT(1, trk_ratelimit_check(rl, "10.0.0.1", 1));
    CHECK_INT(0, trk_ratelimit_take(rl, "10.0.0.2", 1));  /* another key has its own bucket */
    CHECK_INT(3, trk_ratelimit_check(rl, "10.0.0.2", 5)); /* more than the burst: seconds to wait */
    trk_ratelimit_free(rl);
    /* Keys beyond max_keys push out full buckets, never a client's empty one. */
    rl = trk_ratelimit_new(0.001, 1, 2);
    CHECK_INT(0, trk_ratelimit_take(rl, "a", 1));
    CHECK_INT(0, trk_ratelimit_take(rl, "b", 1));
    CHECK_INT(0, trk_ratelimit_take(rl, "c", 1)); /* not kept: the table is full of empty ones */
    CHECK(trk_ratelimit_take(rl, "a", 1) > 0);
    trk_ratelimit_free(rl);

    size_t bad = 99;
    CHECK(api_utf8_ok("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14, &bad));
    CHECK(!api_utf8_ok("caf\xe9", 4, &bad));
    CHECK_INT(3, bad);
    CHECK(!api_utf8_ok("a\0b", 3, &bad));
    CHECK_INT(1, bad);
    CHECK(!api_utf8_ok("\xc0\xaf", 2, &bad));     /* overlong */
    CHECK(!api_utf8_ok("\xed\xa0\x80", 3, &bad)); /* a surrogate */
    CHECK(!api_utf8_ok("\xe2\x82", 2, &bad));     /* cut short */

    /* RFC 7396, appendix A. */
    CHECK_MERGE("{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}");
    CHECK_MERGE("{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}");
    CHECK_MERGE("{\"a\":\"b\"}", "{\"a\":null}", "{}");
    CHECK_MERGE("{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}");
    CHECK_MERGE("{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}");
    CHECK_MERGE("{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}");
    CHECK_MERGE("{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}",
                "{\"a\":{\"b\":\"d\"}}");
    CHECK_MERGE("{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}");
    CHECK_MERGE("[\"a\",\"b\"]", "[\"c\",\"d\"]", "[\"c\",\"d\"]");
    CHECK_MERGE("{\"a\":\"b\"}", "[\"c\"]", "[\"c\"]");
    CHECK_MERGE("{\"a\":\"foo\"}", "null", "null");
    CHECK_MERGE("{\"a\":\"foo\"}", "\"bar\"", "\"bar\"");
    CHECK_MERGE("{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}");
    CHECK_MERGE("[1,2]", "{\"a\":\"b\",\"c\":null}", "{\"a\":\"b\"}");
    CHECK_MERGE("{}", "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}");

    CHECK(api_media_is_json("application/json"));
    CHECK(api_media_is_json("application/json; charset=utf-8"));
    CHECK(api_media_is_json("Application/JSON;charset=UTF-8"));
    CHECK(api_media_is_json("application/merge-patch+json"));
    CHECK(!api_media_is_json("application/json; charset=latin1"));
    CHECK(!api_media_is_json("text/plain"));
    CHECK(!api_media_is_json("application/jsonx"));
    CHECK(!api_media_is_json(NULL));
    return TEST_DONE();
}
