/*
 * cmd_export.c: tracker export ics|json|timeline|html.
 */
#include "commands.h"
#include "export.h"

int trk_cmd_export(trk_ctx *ctx, int argc, char **argv)
{
    const trk_cmd table[] = {trk_export_ics_cmd, trk_export_json_cmd, trk_export_timeline_cmd,
                             trk_export_html_cmd, {NULL}};
    return trk_dispatch(ctx, "export", "Export calendars (.ics), timelines and JSON.", table, argc,
                        argv);
}
