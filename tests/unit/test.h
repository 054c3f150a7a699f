/*
 * test.h: minimal assertions for unit tests (libuv test/task.h style): each failed check prints
 * file:line and what differed; main returns non-zero when any check failed.
 */
#ifndef TRK_TEST_H
#define TRK_TEST_H

#include <stdio.h>
#include <string.h>

static int test_failures;
static int test_checks;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        test_checks++;                                                                             \
        if (!(cond)) {                                                                             \
            test_failures++;                                                                       \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

#define CHECK_INT(want, got)                                                                       \
    do {                                                                                           \
        long long w_ = (long long)(want), g_ = (long long)(got);                                   \
        test_checks++;                                                                             \
        if (w_ != g_) {                                                                            \
            test_failures++;                                                                       \
            fprintf(stderr, "%s:%d: %s: expected %lld, got %lld\n", __FILE__, __LINE__, #got, w_,  \
                    g_);                                                                           \
        }                                                                                          \
    } while (0)

#define CHECK_STR(want, got)                                                                       \
    do {                                                                                           \
        const char *w_ = (want), *g_ = (got);                                                      \
        test_checks++;                                                                             \
        if (!w_ || !g_ || strcmp(w_, g_) != 0) {                                                   \
            test_failures++;                                                                       \
            fprintf(stderr, "%s:%d: %s: expected \"%s\", got \"%s\"\n", __FILE__, __LINE__, #got,  \
                    w_ ? w_ : "(null)", g_ ? g_ : "(null)");                                       \
        }                                                                                          \
    } while (0)

/* Print the summary line and return main's exit code. */
#define TEST_DONE()                                                                                \
    (printf("%s: %d passed, %d failed\n", __FILE__, test_checks - test_failures, test_failures),   \
     test_failures ? 1 : 0)

#endif
