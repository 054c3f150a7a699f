/*
 * engine_db.c: calendars from the database, explanation rendering. See engine_db.h.
 */
#include "calset.h"

#include "msg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static trk_calendar *find(const trk_calset *set, const char *jur)
{
    for (int i = 0; i < set->n; i++)
        if (strcmp(trk_calendar_jurisdiction(set->cals[i]), jur) == 0)
            return set->cals[i];
    return NULL;
}

static trk_calendar *add(trk_calset *set, const char *jur)
{
    if (set->n == set->cap) {
        int cap = set->cap ? set->cap * 2 : 8;
        trk_calendar **grown = realloc(set->cals, (size_t)cap * sizeof *grown);
        if (!grown)
            return NULL;
        set->cals = grown;
        set->cap = cap;
    }
    trk_calendar *cal = trk_calendar_new(jur);
    if (cal)
        set->cals[set->n++] = cal;
    return cal;
}

int trk_calset_load(trk_db *db, const char *jur, trk_calset *set)
{
    int rc = -1;
    const char *p[] = {jur};
    trk_res *years = trk_db_query(db,
                                  "SELECT jurisdiction, year FROM calendar_year"
                                  " WHERE $1::text IS NULL OR jurisdiction = $1 ORDER BY 1, 2",
                                  1, p);
    trk_res *days = NULL, *effects = NULL;
    if (!years)
        goto out;
    days = trk_db_query(db,
                        "SELECT jurisdiction, (day - DATE '1970-01-01') AS dn, working, kind,"
                        " coalesce(name, name_local) AS name FROM calendar_day"
                        " WHERE $1::text IS NULL OR jurisdiction = $1 ORDER BY 1, 2",
                        1, p);
    if (!days)
        goto out;
    effects = trk_db_query(db,
                           "SELECT jurisdiction, (day - DATE '1970-01-01') AS dn, purpose, effect,"
                           " source FROM calendar_day_effect"
                           " WHERE $1::text IS NULL OR jurisdiction = $1 ORDER BY 1, 2, 3",
                           1, p);
    if (!effects)
        goto out;
    for (int i = 0; i < trk_res_rows(years); i++) {
        const char *j = trk_res_val(years, i, "jurisdiction");
        trk_calendar *cal = find(set, j);
        if (!cal && !(cal = add(set, j)))
            goto oom;
        if (trk_calendar_add_year(cal, (int)trk_res_int(years, i, "year")) != 0)
            goto oom;
    }
    for (int i = 0; i < trk_res_rows(days); i++) {
        const char *j = trk_res_val(days, i, "jurisdiction");
        trk_calendar *cal = find(set, j);
        trk_day_kind kind;
        if (!cal || trk_day_kind_parse(trk_res_val(days, i, "kind"), &kind) != 0 ||
            trk_calendar_set_day(cal, (trk_date)trk_res_int(days, i, "dn"),
                                 trk_res_bool(days, i, "working"), kind,
                                 trk_res_val(days, i, "name")) != 0) {
            trk_error("inconsistent calendar data for %s", j);
            goto out;
        }
    }
    /* then each day's effect per purpose (a purpose without a row follows `working`) */
    for (int i = 0; i < trk_res_rows(effects); i++) {
        const char *j = trk_res_val(effects, i, "jurisdiction");
        trk_calendar *cal = find(set, j);
        trk_purpose pu;
        trk_effect ef;
        if (!cal || trk_purpose_parse(trk_res_val(effects, i, "purpose"), &pu) != 0 ||
            trk_effect_parse(trk_res_val(effects, i, "effect"), &ef) != 0 ||
            trk_calendar_set_effect(cal, (trk_date)trk_res_int(effects, i, "dn"), pu, ef,
                                    trk_res_val(effects, i, "source")) != 0) {
            trk_error("inconsistent calendar data for %s", j);
            trk_detail("day effect row for day number %s", trk_res_val(effects, i, "dn"));
            goto out;
        }
    }
    rc = 0;
    goto out;
oom:
    trk_error("out of memory");
out:
    trk_res_free(years);
    trk_res_free(days);
    trk_res_free(effects);
    return rc;
}

const trk_calendar *trk_calset_get(trk_calset *set, const char *jur)
{
    trk_calendar *cal = find(set, jur);
    return cal ? cal : add(set, jur);
}

void trk_calset_free(trk_calset *set)
{
    if (!set)
        return;
    for (int i = 0; i < set->n; i++)
        trk_calendar_free(set->cals[i]);
    free(set->cals);
    set->cals = NULL;
    set->n = set->cap = 0;
}




int trk_calendar_horizon_warn(trk_db *db, int days)
{
    /* once per command (process): a command that checks twice warns once */
    static bool warned;
    if (warned)
        return 0;
    warned = true;
    trk_date today;
    char t[TRK_DATE_STRLEN], n[16];
    if (trk_date_today(&today) != 0)
        return 0;
    trk_date_format(today, t);
    snprintf(n, sizeof n, "%d", days);
    const char *p[] = {t, n};
    trk_res *r = trk_db_try_query(
        db,
        "SELECT y.jurisdiction, max(y.year) AS last,"
        " make_date(max(y.year), 12, 31) - $1::date AS days_left"
        " FROM calendar_year y"
        " WHERE EXISTS (SELECT 1 FROM legal_case c WHERE c.jurisdiction = y.jurisdiction)"
        " GROUP BY y.jurisdiction HAVING make_date(max(y.year), 12, 31) - $1::date < $2::int"
        " ORDER BY 1",
        2, p);
    if (!r)
        return 0;
    int rows = trk_res_rows(r);
    for (int i = 0; i < rows; i++) {
        const char *j = trk_res_val(r, i, "jurisdiction");
        long long last = trk_res_int(r, i, "last"), left = trk_res_int(r, i, "days_left");
        if (left >= 0)
            trk_warn("the %s working-day calendar ends on %lld-12-31, in %lld day%s: deadlines "
                     "that reach into %lld cannot be computed until its %lld calendar is added",
                     j, last, left, left == 1 ? "" : "s", last + 1, last + 1);
        else
            trk_warn("the %s working-day calendar ended on %lld-12-31: deadlines that reach "
                     "past it cannot be computed until later years are added",
                     j, last);
    }
    if (rows > 0)
        trk_hint("add the official calendar as a migration (scripts/gen-calendars), or meanwhile "
                 "'tracker calendar add-year J YEAR --source TEXT' and 'tracker calendar close' "
                 "for each holiday");
    trk_res_free(r);
    return rows;
}
