/*
 * cmd_deadline.c: tracker deadline (not built yet).
 */
#include "commands.h"

int trk_cmd_deadline(trk_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    trk_error("\"tracker deadline\" is not available in this build yet");
    return TRK_EXIT_RUNTIME;
}
