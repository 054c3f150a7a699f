/*
 * cmd_fine.c: tracker fine (not built yet).
 */
#include "commands.h"

int trk_cmd_fine(trk_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    trk_error("\"tracker fine\" is not available in this build yet");
    return TRK_EXIT_RUNTIME;
}
