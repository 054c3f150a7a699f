/*
 * cmd_import.c: tracker import (not built yet).
 */
#include "commands.h"

int trk_cmd_import(trk_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    trk_error("\"tracker import\" is not available in this build yet");
    return TRK_EXIT_RUNTIME;
}
