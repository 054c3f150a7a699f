/*
 * bench_engine.c: throughput of the pure deadline engine (no database) with the real RU and US
 * calendars loaded (schema/002, 007, 008 and the day effects of 009: RU decree days are working
 * days for court periods, US executive-order closures are contested, so some periods are
 * computed both ways). Computes a mix of the starter rules' periods (court periods, and one
 * employment period) from pseudo-random trigger dates 2014-2025 on one core and prints
 * deadlines per second.
 *
 * Run a release build: cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release &&
 *   cmake --build build-rel --target bench_engine && build-rel/bin/bench_engine [N]
 */
#include "../tests/unit/calfixture.h"
#include "rules.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 20000000L;
    if (n <= 0)
        n = 20000000L;
    trk_calendar *ru = calfixture_load("RU"), *us = calfixture_load("US");
    if (!ru || !us) {
        fprintf(stderr, "bench_engine: could not load the calendars\n");
        return 1;
    }
    /* The starter rules' periods: CoAO сутки and days, APC month, working days, FRCP 14/21/28/30
     * and 14 + 3 for mail. */
    static const struct {
        int us;
        trk_period p;
    } mix[] = {
        {0, {10, TRK_UNIT_SUTKI, TRK_ROLL_DEFAULT, 0, false, TRK_PURPOSE_PROCEDURAL}},
        {0, {10, TRK_UNIT_CALENDAR_DAYS, TRK_ROLL_FORWARD, 0, false, TRK_PURPOSE_PROCEDURAL}},
        {0, {1, TRK_UNIT_MONTHS, TRK_ROLL_FORWARD, 0, false, TRK_PURPOSE_PROCEDURAL}},
        {0, {5, TRK_UNIT_WORKING_DAYS, TRK_ROLL_DEFAULT, 0, false, TRK_PURPOSE_PROCEDURAL}},
        {1, {14, TRK_UNIT_CALENDAR_DAYS, TRK_ROLL_FORWARD, 0, false, TRK_PURPOSE_PROCEDURAL}},
        {1, {21, TRK_UNIT_CALENDAR_DAYS, TRK_ROLL_FORWARD, 3, false, TRK_PURPOSE_PROCEDURAL}},
        {1, {28, TRK_UNIT_CALENDAR_DAYS, TRK_ROLL_FORWARD, 0, false, TRK_PURPOSE_PROCEDURAL}},
        {1, {30, TRK_UNIT_CALENDAR_DAYS, TRK_ROLL_FORWARD, 0, false, TRK_PURPOSE_PROCEDURAL}},
        /* the same working days for employment purposes (RU decree days are days off) */
        {0, {5, TRK_UNIT_WORKING_DAYS, TRK_ROLL_DEFAULT, 0, false, TRK_PURPOSE_EMPLOYMENT}},
    };
    const int nmix = (int)(sizeof mix / sizeof mix[0]);
    trk_date lo, hi;
    trk_date_from_ymd(2014, 1, 1, &lo);
    trk_date_from_ymd(2025, 12, 31, &hi);
    const int span = (int)(hi - lo);

    /* Precompute the inputs so that the loop measures the engine, not the generator. */
    enum { NIN = 1 << 16 };
    static trk_date from[NIN];
    static unsigned char which[NIN];
    uint64_t x = 88172645463325252ull;
    for (int i = 0; i < NIN; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        from[i] = lo + (trk_date)(x % (uint64_t)span);
        which[i] = (unsigned char)((x >> 32) % (uint64_t)nmix);
    }

    long errors = 0;
    int64_t checksum = 0;
    double t0 = now();
    for (long i = 0; i < n; i++) {
        int k = (int)(i & (NIN - 1));
        trk_date due;
        if (trk_period_compute(mix[which[k]].us ? us : ru, from[k], &mix[which[k]].p, &due, NULL,
                               NULL) != TRK_CALC_OK)
            errors++;
        checksum += due;
    }
    double t1 = now();
    double rate = (double)n / (t1 - t0);

    /* The explained path (what tracker stores with each deadline), for comparison. */
    long m = n / 20;
    trk_calc ex;
    double t2 = now();
    for (long i = 0; i < m; i++) {
        int k = (int)(i & (NIN - 1));
        trk_date due;
        if (trk_period_compute(mix[which[k]].us ? us : ru, from[k], &mix[which[k]].p, &due, &ex,
                               NULL) != TRK_CALC_OK)
            errors++;
        checksum += due;
    }
    double t3 = now();

    printf("bench_engine: %ld deadlines in %.3f s on one core: %.1f million deadlines/s"
           " (with explanation steps: %.1f million/s)\n",
           n, t1 - t0, rate / 1e6, (double)m / (t3 - t2) / 1e6);
    /* How often the contested-day branch changes a result in this mix (one pass over the
     * inputs, not timed). */
    long later = 0;
    for (int k = 0; k < NIN; k++) {
        trk_due both;
        if (trk_period_compute_both(mix[which[k]].us ? us : ru, from[k], &mix[which[k]].p, &both,
                                    NULL, NULL, NULL) == TRK_CALC_OK &&
            both.later != both.due)
            later++;
    }
    printf("bench_engine: %ld errors, checksum %lld; %ld of %d inputs have a later date (a"
           " contested day)\n",
           errors, (long long)checksum, later, (int)NIN);
    trk_calendar_free(ru);
    trk_calendar_free(us);
    return errors ? 1 : 0;
}
