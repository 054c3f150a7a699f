/*
 * export_json.c: tracker export json|timeline|html (not built yet).
 */
#include "export.h"

static int not_yet(trk_ctx *ctx, trk_args *a)
{
    (void)ctx;
    (void)a;
    trk_error("this export is not available in this build yet");
    return TRK_EXIT_RUNTIME;
}

const trk_cmd trk_export_json_cmd = {"json", NULL, "export cases in the interchange format", NULL, 0, 0, not_yet, NULL};
const trk_cmd trk_export_timeline_cmd = {"timeline", NULL, "export a TimelineJS timeline", NULL, 0, 0, not_yet, NULL};
const trk_cmd trk_export_html_cmd = {"html", NULL, "export a self-contained timeline page", NULL, 0, 0, not_yet, NULL};
