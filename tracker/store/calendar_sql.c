/*
 * calendar_sql.c: the query behind `tracker calendar show JUR YEAR` and the API's
 * GET /calendars/{jurisdiction}/{year} (parameters: see calset.h).
 */
#include "calset.h"

const char trk_sql_calendar_year[] =
    "SELECT g.day::date::text AS day, to_char(g.day, 'Dy') AS weekday,"
    " coalesce(cd.working, extract(isodow FROM g.day) < 6) AS working,"
    " coalesce(cd.kind, 'weekend') AS kind, cd.name, cd.name_local,"
    " cd.transferred_from::text AS transferred_from, cd.source,"
    " ep.effect AS procedural, ep.source AS procedural_source,"
    " ee.effect AS employment, ee.source AS employment_source"
    " FROM generate_series(make_date($2::int, 1, 1), make_date($2::int, 12, 31),"
    "  interval '1 day') AS g(day)"
    " LEFT JOIN calendar_day cd ON cd.jurisdiction = $1 AND cd.day = g.day::date"
    " LEFT JOIN calendar_day_effect ep ON ep.jurisdiction = $1 AND ep.day = cd.day"
    "  AND ep.purpose = 'procedural'"
    " LEFT JOIN calendar_day_effect ee ON ee.jurisdiction = $1 AND ee.day = cd.day"
    "  AND ee.purpose = 'employment'"
    " WHERE cd.day IS NOT NULL OR extract(isodow FROM g.day) >= 6"
    " ORDER BY g.day";
