/*
 * workflow_cmds.h: subcommands that undo a mistake, defined in cmd_workflow.c and listed in the
 * tables of their families: `tracker event delete` (cmd_event.c) and `tracker deadline override`
 * (cmd_deadline.c).
 */
#ifndef TRK_WORKFLOW_CMDS_H
#define TRK_WORKFLOW_CMDS_H

#include "cli.h"

extern const trk_opt trk_event_delete_opts[];
int trk_event_delete_exec(trk_ctx *ctx, trk_args *a);
#define TRK_EVENT_DELETE_HELP                                                                      \
    "Refuses when other records depend on the event (its fine, a deadline it meets, a\n"          \
    "deadline of its that was met, a deadline its appeal decision vacated) and lists them;\n"     \
    "--cascade deletes the fine, cancels its met deadlines and recomputes the others, in one\n"   \
    "transaction. The event's other deadlines are kept and cancelled (status vacated), so\n"      \
    "calendar feeds send them as STATUS:CANCELLED; the event leaves case show, timelines and\n"   \
    "calendars. Every change is audited ('tracker history --event ID'). A missing event\n"        \
    "(deleted already) is an error: exit 1, as is a refusal."

extern const trk_opt trk_deadline_override_opts[];
int trk_deadline_override_exec(trk_ctx *ctx, trk_args *a);
#define TRK_DEADLINE_OVERRIDE_HELP                                                                 \
    "Sets the date by hand, with a reason (required), when the computed date is wrong for a\n"    \
    "reason tracker cannot know (an order that set another date, a court's closure). The\n"       \
    "computed explanation is kept: 'deadline explain' shows both and the reason, and the\n"       \
    "audit keeps who and when ('tracker history --deadline ID'). Recomputations (event edits,\n"  \
    "rule and calendar changes) keep the date set by hand and warn when the computed date\n"      \
    "differs; --clear returns the deadline to the computed date."

#endif
