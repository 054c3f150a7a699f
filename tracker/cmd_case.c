/*
 * cmd_case.c: tracker case (not built yet).
 */
#include "commands.h"

int trk_cmd_case(trk_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    trk_error("\"tracker case\" is not available in this build yet");
    return TRK_EXIT_RUNTIME;
}
