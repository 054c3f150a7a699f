/*
 * cmd_serve.c: tracker serve (not built yet).
 */
#include "commands.h"

int trk_cmd_serve(trk_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    trk_error("\"tracker serve\" is not available in this build yet");
    return TRK_EXIT_RUNTIME;
}
