/*
 * export_ics.c: tracker export ics (not built yet).
 */
#include "export.h"

static int not_yet(trk_ctx *ctx, trk_args *a)
{
    (void)ctx;
    (void)a;
    trk_error("\"tracker export ics\" is not available in this build yet");
    return TRK_EXIT_RUNTIME;
}

const trk_cmd trk_export_ics_cmd = {"ics", NULL, "export deadlines as an iCalendar file", NULL, 0, 0, not_yet, NULL};
