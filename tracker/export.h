/*
 * export.h: the subcommands of `tracker export`, each defined in its own module.
 */
#ifndef TRK_EXPORT_H
#define TRK_EXPORT_H

#include "cli.h"

extern const trk_cmd trk_export_ics_cmd;      /* export_ics.c */
extern const trk_cmd trk_export_json_cmd;     /* export_json.c */
extern const trk_cmd trk_export_timeline_cmd; /* export_json.c */
extern const trk_cmd trk_export_html_cmd;     /* export_json.c */

#endif
