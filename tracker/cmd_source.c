/*
 * cmd_source.c: tracker source (not built yet).
 */
#include "commands.h"

int trk_cmd_source(trk_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    trk_error("\"tracker source\" is not available in this build yet");
    return TRK_EXIT_RUNTIME;
}
