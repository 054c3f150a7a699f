/*
 * cmd_event.c: tracker event (not built yet).
 */
#include "commands.h"

int trk_cmd_event(trk_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    trk_error("\"tracker event\" is not available in this build yet");
    return TRK_EXIT_RUNTIME;
}
