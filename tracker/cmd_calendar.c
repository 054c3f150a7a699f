/*
 * cmd_calendar.c: tracker calendar (not built yet).
 */
#include "commands.h"

int trk_cmd_calendar(trk_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    trk_error("\"tracker calendar\" is not available in this build yet");
    return TRK_EXIT_RUNTIME;
}
