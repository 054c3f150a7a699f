/*
 * calfixture.h: loads the working-day calendars of the committed migrations into trk_calendar
 * objects for the pure unit tests (and the engine benchmark), so the tests check the very data
 * the database gets:
 *   schema/002_calendars.sql            RU 2013-2026, US 2013-2026
 *   schema/007_us_calendar_2027_2030.sql US 2027-2030
 *   schema/008_ru_calendar_2027.sql      RU 2027
 *   schema/009_day_effects.sql           the special days' kinds and effects per purpose
 * Rows are read by the INSERT block they are in (calendar_year, calendar_day,
 * trk_day_effect_data); a row line that does not parse, or a row the calendar refuses, makes the
 * load fail (NULL), so a test using the fixture fails instead of running on partial data.
 * (The statutory days' effect rows that 009 writes with INSERT ... SELECT are not loaded: they
 * equal the days' general state.) Test-only; not a test itself.
 */
#ifndef TRK_CALFIXTURE_H
#define TRK_CALFIXTURE_H

#include "calendar.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A quoted SQL string at *pp ('' for a quote) into out, or NULL -> ""; advances past it and a
 * following ", ". 0, or -1 when neither. */
static int calfixture_str(const char **pp, char *out, size_t size, bool *is_null)
{
    const char *q = *pp;
    size_t n = 0;
    if (is_null)
        *is_null = false;
    if (strncmp(q, "NULL", 4) == 0) {
        q += 4;
        out[0] = '\0';
        if (is_null)
            *is_null = true;
    } else if (*q == '\'') {
        for (q++; *q; q++) {
            if (*q == '\'' && q[1] == '\'')
                q++;
            else if (*q == '\'')
                break;
            if (n + 1 < size)
                out[n++] = *q;
        }
        if (*q != '\'')
            return -1;
        q++;
        out[n] = '\0';
    } else {
        return -1;
    }
    if (strncmp(q, ", ", 2) == 0)
        q += 2;
    *pp = q;
    return 0;
}

/* A bare word (true/false, a number) at *pp, then ", ". */
static int calfixture_word(const char **pp, char *out, size_t size)
{
    const char *q = *pp;
    size_t n = 0;
    while (*q && *q != ',' && *q != ')' && n + 1 < size)
        out[n++] = *q++;
    out[n] = '\0';
    if (strncmp(q, ", ", 2) == 0)
        q += 2;
    *pp = q;
    return n ? 0 : -1;
}

static bool calfixture_file(trk_calendar *cal, const char *jur, const char *file)
{
    char path[4096];
    const char *slash = strrchr(__FILE__, '/');
    if (file[0] == '/') /* an absolute path (the fixture's own test) */
        snprintf(path, sizeof path, "%s", file);
    else
        snprintf(path, sizeof path, "%.*s/../../schema/%s", slash ? (int)(slash - __FILE__) : 1,
                 slash ? __FILE__ : ".", file);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "calfixture: cannot open %s\n", path);
        return false;
    }
    enum { NONE, YEARS, DAYS, EFFECTS } block = NONE;
    char line[2048], pfx[16];
    snprintf(pfx, sizeof pfx, "  ('%s', ", jur);
    bool ok = true;
    int lineno = 0;
    while (ok && fgets(line, sizeof line, f)) {
        lineno++;
        if (strncmp(line, "INSERT INTO ", 12) == 0) {
            block = strncmp(line + 12, "calendar_year ", 14) == 0         ? YEARS
                    : strncmp(line + 12, "calendar_day ", 13) == 0        ? DAYS
                    : strncmp(line + 12, "trk_day_effect_data ", 20) == 0 ? EFFECTS
                                                                          : NONE;
            continue;
        }
        if (strncmp(line, "  ('", 4) != 0)
            continue;
        if (block == NONE) {
            fprintf(stderr, "calfixture: %s:%d: a row outside a known INSERT\n", file, lineno);
            ok = false;
            break;
        }
        if (strncmp(line, pfx, strlen(pfx)) != 0)
            continue; /* another jurisdiction */
        const char *p = line + strlen(pfx);
        char a[32], b[64], c[32], d[32], name[512], src[1024];
        trk_date day = 0;
        trk_day_kind k;
        trk_purpose pu;
        trk_effect ef;
        bool null_name;
        if (block == YEARS) {
            ok = calfixture_word(&p, a, sizeof a) == 0 && trk_calendar_add_year(cal, atoi(a)) == 0;
        } else if (block == DAYS) {
            ok = calfixture_str(&p, a, sizeof a, NULL) == 0 && trk_date_parse(a, &day) == 0 &&
                 calfixture_word(&p, b, sizeof b) == 0 &&
                 (strcmp(b, "true") == 0 || strcmp(b, "false") == 0) &&
                 calfixture_str(&p, c, sizeof c, NULL) == 0 && trk_day_kind_parse(c, &k) == 0 &&
                 calfixture_str(&p, name, sizeof name, &null_name) == 0 &&
                 trk_calendar_set_day(cal, day, strcmp(b, "true") == 0, k,
                                      null_name ? NULL : name) == 0;
        } else {
            ok = calfixture_str(&p, a, sizeof a, NULL) == 0 && trk_date_parse(a, &day) == 0 &&
                 calfixture_str(&p, b, sizeof b, NULL) == 0 && trk_day_kind_parse(b, &k) == 0 &&
                 calfixture_str(&p, c, sizeof c, NULL) == 0 && trk_purpose_parse(c, &pu) == 0 &&
                 calfixture_str(&p, d, sizeof d, NULL) == 0 && trk_effect_parse(d, &ef) == 0 &&
                 calfixture_str(&p, src, sizeof src, NULL) == 0;
            /* the kind first (as 009's UPDATE does), keeping the day's state and name */
            if (ok && trk_calendar_kind(cal, day) != k) {
                const char *old = trk_calendar_name(cal, day);
                char keep[512];
                snprintf(keep, sizeof keep, "%s", old ? old : "");
                ok = trk_calendar_set_day(cal, day, trk_calendar_state(cal, day) == TRK_CAL_WORKING,
                                          k, old ? keep : NULL) == 0;
            }
            ok = ok && trk_calendar_set_effect(cal, day, pu, ef, src) == 0;
        }
        if (!ok)
            fprintf(stderr, "calfixture: %s:%d: bad fixture line: %s", file, lineno, line);
    }
    fclose(f);
    return ok;
}

static trk_calendar *calfixture_load(const char *jur)
{
    static const char *const files[] = {"002_calendars.sql", "007_us_calendar_2027_2030.sql",
                                        "008_ru_calendar_2027.sql", "009_day_effects.sql"};
    trk_calendar *cal = trk_calendar_new(jur);
    if (!cal)
        return NULL;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (!calfixture_file(cal, jur, files[i])) {
            trk_calendar_free(cal);
            return NULL;
        }
    return cal;
}

#endif
