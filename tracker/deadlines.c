/*
 * deadlines.c: deadline creation and recomputation in the database (not built yet).
 */
#include "deadlines.h"

int trk_deadlines_on_event(trk_db *db, long long event_id, const trk_deadline_spec *specs, int n)
{
    (void)db;
    (void)event_id;
    (void)specs;
    (void)n;
    return 0;
}

int trk_deadlines_bulk_prepare(trk_db *db)
{
    (void)db;
    return 0;
}

int trk_deadlines_on_events_bulk(trk_db *db)
{
    (void)db;
    return 0;
}
