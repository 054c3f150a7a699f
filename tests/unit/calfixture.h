/*
 * calfixture.h: loads the working-day calendars of schema/002_calendars.sql (the committed data
 * generated from ../shared/calendars) into trk_calendar objects for the pure unit tests, so the
 * tests check the very data the database gets. Test-only; not a test itself.
 */
#ifndef TRK_CALFIXTURE_H
#define TRK_CALFIXTURE_H

#include "calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parse "('RU', 2013, ..." and "('RU', '2024-04-27', true, 'working_weekend', 'Name', ...". */
static trk_calendar *calfixture_load(const char *jur)
{
    char path[4096];
    const char *slash = strrchr(__FILE__, '/');
    snprintf(path, sizeof path, "%.*s/../../schema/002_calendars.sql",
             slash ? (int)(slash - __FILE__) : 1, slash ? __FILE__ : ".");
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return NULL;
    }
    trk_calendar *cal = trk_calendar_new(jur);
    char line[1024], pfx[16];
    snprintf(pfx, sizeof pfx, "  ('%s', ", jur);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, pfx, strlen(pfx)) != 0)
            continue;
        const char *p = line + strlen(pfx);
        if (*p != '\'') {
            trk_calendar_add_year(cal, atoi(p));
            continue;
        }
        char iso[11], working[6], kind[32], name[256];
        memcpy(iso, p + 1, 10);
        iso[10] = '\0';
        int used = 0;
        if (sscanf(p + 13, " %5[a-z], '%31[a-z_]', %n", working, kind, &used) < 2 || !used)
            continue;
        /* the name: a quoted SQL string with '' for a quote, or NULL */
        const char *q = p + 13 + used;
        size_t n = 0;
        name[0] = '\0';
        if (*q == '\'') {
            for (q++; *q && n + 1 < sizeof name; q++) {
                if (*q == '\'' && q[1] == '\'')
                    q++;
                else if (*q == '\'')
                    break;
                name[n++] = *q;
            }
            name[n] = '\0';
        }
        trk_date d;
        trk_day_kind k;
        if (trk_date_parse(iso, &d) != 0 || trk_day_kind_parse(kind, &k) != 0 ||
            trk_calendar_set_day(cal, d, strcmp(working, "true") == 0, k, name[0] ? name : NULL) !=
                0) {
            fprintf(stderr, "bad fixture line: %s", line);
        }
    }
    fclose(f);
    return cal;
}

#endif
