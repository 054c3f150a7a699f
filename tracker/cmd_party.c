/*
 * cmd_party.c: tracker party (not built yet).
 */
#include "commands.h"

int trk_cmd_party(trk_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    trk_error("\"tracker party\" is not available in this build yet");
    return TRK_EXIT_RUNTIME;
}
