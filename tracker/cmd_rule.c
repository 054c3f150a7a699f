/*
 * cmd_rule.c: tracker rule (not built yet).
 */
#include "commands.h"

int trk_cmd_rule(trk_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    trk_error("\"tracker rule\" is not available in this build yet");
    return TRK_EXIT_RUNTIME;
}
