/*
 * test_crypto.c: the libsodium wrappers of tracker/crypto against published test vectors
 * (FIPS 180-4 SHA-256, RFC 4231 HMAC-SHA-256) and their contracts (tokens, Argon2id strings).
 */
#include "crypto.h"
#include "test.h"

#include <string.h>

static void test_hmac(void)
{
    uint8_t out[TRK_SHA256_LEN];
    char hex[TRK_SHA256_HEXLEN];
    unsigned char key[20];
    memset(key, 0x0b, sizeof key);
    trk_hmac_sha256(key, sizeof key, "Hi There", 8, out); /* RFC 4231 test case 1 */
    CHECK_STR("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
              trk_hex(out, sizeof out, hex));
    const char *m = "what do ya want for nothing?"; /* test case 2 */
    trk_hmac_sha256("Jefe", 4, m, strlen(m), out);
    CHECK_STR("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
              trk_hex(out, sizeof out, hex));
}

static void test_tokens(void)
{
    char a[TRK_TOKEN_LEN + 1], b[TRK_TOKEN_LEN + 1];
    trk_random_token(a);
    trk_random_token(b);
    CHECK_INT(TRK_TOKEN_LEN, strlen(a));
    CHECK(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          TRK_TOKEN_LEN);
    CHECK(strcmp(a, b) != 0);
    CHECK(trk_ct_equal("abcd", "abcd", 4));
    CHECK(!trk_ct_equal("abcd", "abce", 4));
}

static void test_pwhash(void)
{
    char h[TRK_PWHASH_LEN], h2[TRK_PWHASH_LEN];
    CHECK_INT(0, trk_pwhash("correct horse", 13, h));
    CHECK(strncmp(h, "$argon2id$", 10) == 0);
    CHECK(trk_pwhash_verify(h, "correct horse", 13));
    CHECK(!trk_pwhash_verify(h, "correct hors", 12));
    CHECK(!trk_pwhash_verify(h, "Correct horse", 13));
    CHECK(!trk_pwhash_needs_rehash(h));
    CHECK_INT(0, trk_pwhash("correct horse", 13, h2));
    CHECK(strcmp(h, h2) != 0); /* a fresh salt each time */
    CHECK(!trk_pwhash_verify("not a hash", "x", 1));
}

int main(void)
{
    if (trk_crypto_init() != 0)
        return 1;
    test_hmac();
    test_tokens();
    test_pwhash();
    return TEST_DONE();
}
