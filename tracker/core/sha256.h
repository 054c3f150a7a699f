/*
 * sha256.h: SHA-256 (FIPS 180-4), small and pure, for hashing feed tokens and response bodies.
 * No library at hand in the build dependencies offers it without pulling in a TLS stack.
 */
#ifndef TRK_SHA256_H
#define TRK_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TRK_SHA256_LEN 32
#define TRK_SHA256_HEXLEN 65 /* 64 hex digits and a NUL */

typedef struct trk_sha256 {
    uint32_t h[8];
    uint64_t len; /* bytes hashed so far */
    uint8_t buf[64];
    size_t nbuf;
} trk_sha256;

void trk_sha256_init(trk_sha256 *c);
void trk_sha256_update(trk_sha256 *c, const void *data, size_t len);
void trk_sha256_final(trk_sha256 *c, uint8_t out[TRK_SHA256_LEN]);

/* One-shot digest of data[0..len) as 64 lowercase hex digits into hex (65 bytes); returns hex. */
char *trk_sha256_hex(const void *data, size_t len, char hex[TRK_SHA256_HEXLEN]);

/* Compare two digests in time independent of their contents (no early exit); true when equal. */
bool trk_sha256_equal(const uint8_t a[TRK_SHA256_LEN], const uint8_t b[TRK_SHA256_LEN]);

#endif
