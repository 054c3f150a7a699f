/*
 * crypto.h: the one place that uses libsodium and OpenSSL (tracker/crypto/, enforced by the build).
 *
 * Random bytes and tokens from libsodium's CSPRNG; SHA-256 (feed and API tokens are stored only
 * as their digest; response bodies get ETags from it); HMAC-SHA-256 (webhook signatures and
 * unsubscribe tokens; OpenSSL's, for its speed: see crypto.c);
 * Argon2id password hashing (crypto_pwhash_str); constant-time comparison. Nothing here is
 * written by hand: every function is a thin, typed wrapper, so that the layers above never see
 * <sodium.h> or <openssl/...>.
 *
 * trk_crypto_init() must have succeeded before any other function is called (main() and the
 * unit tests call it); it is cheap and may be called more than once.
 */
#ifndef TRK_CRYPTO_H
#define TRK_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TRK_SHA256_LEN 32
#define TRK_SHA256_HEXLEN 65 /* 64 hex digits and a NUL */
#define TRK_TOKEN_BYTES 32   /* 256 bits of randomness */
#define TRK_TOKEN_LEN 43     /* its base64url form, no padding */
#define TRK_PWHASH_LEN 128   /* an encoded Argon2id hash with its parameters, NUL included */

/* 0 when libsodium is ready, -1 (after trk_error) when it cannot be initialised. */
int trk_crypto_init(void);

/* n bytes from the CSPRNG (never fails once initialised). */
void trk_random_bytes(void *buf, size_t n);

/* A new secret: 32 random bytes as 43 base64url characters into out (44 bytes with the NUL). */
void trk_random_token(char out[TRK_TOKEN_LEN + 1]);

/* base64url without padding of in[0..n) into out (4*ceil(n/3) + 1 bytes suffice); returns out. */
char *trk_base64url(const void *in, size_t n, char *out, size_t outsize);

/* Lowercase hex of in[0..n) into out (2n + 1 bytes); returns out. */
char *trk_hex(const void *in, size_t n, char *out);

/* SHA-256, streaming. The state is opaque storage for libsodium's. */
typedef struct trk_sha256 {
    _Alignas(16) unsigned char opaque[128];
} trk_sha256;
void trk_sha256_init(trk_sha256 *c);
void trk_sha256_update(trk_sha256 *c, const void *data, size_t len);
void trk_sha256_final(trk_sha256 *c, uint8_t out[TRK_SHA256_LEN]);

/* One-shot digest of data[0..len) as 64 lowercase hex digits into hex; returns hex. */
char *trk_sha256_hex(const void *data, size_t len, char hex[TRK_SHA256_HEXLEN]);

/* HMAC-SHA-256 of msg[0..len) with key[0..keylen) into out (OpenSSL). 0, or -1 after trk_error
 * with out zeroed. */
int trk_hmac_sha256(const void *key, size_t keylen, const void *msg, size_t len,
                    uint8_t out[TRK_SHA256_LEN]);

/* Compare two digests in time independent of their contents; true when equal. */
bool trk_sha256_equal(const uint8_t a[TRK_SHA256_LEN], const uint8_t b[TRK_SHA256_LEN]);

/* Compare a[0..n) and b[0..n) in constant time; true when equal. */
bool trk_ct_equal(const void *a, const void *b, size_t n);

/* Argon2id hash of password (with a random salt and libsodium's INTERACTIVE limits: 2 passes,
 * 64 MiB) into out as the encoded string crypto_pwhash_str makes. 0, or -1 after trk_error
 * (out of memory). */
int trk_pwhash(const char *password, size_t len, char out[TRK_PWHASH_LEN]);

/* true when password matches the encoded hash (constant time in the password's content). */
bool trk_pwhash_verify(const char *hash, const char *password, size_t len);

/* true when hash was made with other parameters than trk_pwhash uses now (rehash on sign-in). */
bool trk_pwhash_needs_rehash(const char *hash);

/* Wipe n bytes at p (not optimised away). */
void trk_wipe(void *p, size_t n);

#endif
