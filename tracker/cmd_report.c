/*
 * cmd_report.c: tracker report (not built yet).
 */
#include "commands.h"

int trk_cmd_report(trk_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    trk_error("\"tracker report\" is not available in this build yet");
    return TRK_EXIT_RUNTIME;
}
