/*
 * verify_webhook.c: verify a tracker webhook delivery in C with libsodium (docs/alerts.md).
 *
 * Tracker-Signature: t=TIMESTAMP,v1=HEX, HEX = HMAC-SHA256(secret, TIMESTAMP "." BODY) over the
 * raw body bytes. Reject old timestamps (replays); compare in constant time.
 *
 *   verify_webhook SECRET_FILE HEADER BODY_FILE [TOLERANCE_SECONDS]   (exit 0 when valid)
 *   cc -o verify_webhook verify_webhook.c $(pkg-config --cflags --libs libsodium)
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, len = 0;
    unsigned char *b = malloc(cap);
    size_t k;
    while (b && (k = fread(b + len, 1, cap - len, f)) > 0) {
        len += k;
        if (len == cap) {
            unsigned char *nb = realloc(b, cap *= 2);
            if (!nb) {
                free(b);
                b = NULL;
            }
            b = nb;
        }
    }
    fclose(f);
    *n = len;
    return b;
}

int main(int argc, char **argv)
{
    if (argc < 4 || sodium_init() < 0) {
        fprintf(stderr, "usage: verify_webhook SECRET_FILE HEADER BODY_FILE [TOLERANCE]\n");
        return 2;
    }
    long tolerance = argc > 4 ? atol(argv[4]) : 300;
    size_t slen, blen;
    unsigned char *secret = slurp(argv[1], &slen), *body = slurp(argv[3], &blen);
    if (!secret || !body) {
        fprintf(stderr, "cannot read the secret or the body\n");
        return 2;
    }
    while (slen > 0 && (secret[slen - 1] == '\n' || secret[slen - 1] == '\r'))
        slen--;
    /* Parse t= and v1= from the header. */
    const char *h = argv[2], *tp = strstr(h, "t="), *vp = strstr(h, "v1=");
    if (!tp || !vp || strlen(vp + 3) < 64) {
        puts("INVALID");
        return 1;
    }
    char *end;
    long long t = strtoll(tp + 2, &end, 10);
    if (end == tp + 2 || *end != ',' || llabs((long long)time(NULL) - t) > tolerance) {
        puts("INVALID");
        return 1;
    }
    unsigned char want[crypto_auth_hmacsha256_BYTES], got[crypto_auth_hmacsha256_BYTES];
    if (sodium_hex2bin(got, sizeof got, vp + 3, 64, NULL, NULL, NULL) != 0) {
        puts("INVALID");
        return 1;
    }
    crypto_auth_hmacsha256_state st;
    char ts[32];
    int tl = snprintf(ts, sizeof ts, "%lld.", t);
    crypto_auth_hmacsha256_init(&st, secret, slen);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, (unsigned long long)tl);
    crypto_auth_hmacsha256_update(&st, body, blen);
    crypto_auth_hmacsha256_final(&st, want);
    int ok = sodium_memcmp(want, got, sizeof want) == 0;
    puts(ok ? "valid" : "INVALID");
    free(secret);
    free(body);
    return ok ? 0 : 1;
}
