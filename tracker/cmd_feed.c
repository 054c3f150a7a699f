/*
 * cmd_feed.c: tracker feed (not built yet).
 */
#include "commands.h"

int trk_cmd_feed(trk_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    trk_error("\"tracker feed\" is not available in this build yet");
    return TRK_EXIT_RUNTIME;
}
