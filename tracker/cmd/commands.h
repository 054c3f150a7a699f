/*
 * commands.h: the entry point of each command family (tracker FAMILY ...). Each lives in its own
 * cmd_FAMILY.c and receives argv starting at the subcommand name.
 */
#ifndef TRK_COMMANDS_H
#define TRK_COMMANDS_H

#include "cli.h"

#include <stdbool.h>

int trk_cmd_db(trk_ctx *ctx, int argc, char **argv);
int trk_cmd_case(trk_ctx *ctx, int argc, char **argv);
int trk_cmd_party(trk_ctx *ctx, int argc, char **argv);
int trk_cmd_event(trk_ctx *ctx, int argc, char **argv);
int trk_cmd_fine(trk_ctx *ctx, int argc, char **argv);
int trk_cmd_source(trk_ctx *ctx, int argc, char **argv);
int trk_cmd_deadline(trk_ctx *ctx, int argc, char **argv);
int trk_cmd_rule(trk_ctx *ctx, int argc, char **argv);
int trk_cmd_calendar(trk_ctx *ctx, int argc, char **argv);
int trk_cmd_export(trk_ctx *ctx, int argc, char **argv);
int trk_cmd_import(trk_ctx *ctx, int argc, char **argv);
int trk_cmd_report(trk_ctx *ctx, int argc, char **argv);
int trk_cmd_feed(trk_ctx *ctx, int argc, char **argv);
int trk_cmd_serve(trk_ctx *ctx, int argc, char **argv);
int trk_cmd_history(trk_ctx *ctx, int argc, char **argv);
int trk_cmd_jurisdiction(trk_ctx *ctx, int argc, char **argv);
int trk_cmd_user(trk_ctx *ctx, int argc, char **argv);
int trk_cmd_token(trk_ctx *ctx, int argc, char **argv);

/* Who a credential authenticates, for user check and token check (cmd_user.c). */
struct trk_principal;
void trk_print_principal(const struct trk_principal *p, bool json);
/* user check (a password of login) and token check (login NULL: an API token): read the secret
 * from standard input, authenticate with it and print who it is (cmd_user.c). */
int trk_check_secret(trk_ctx *ctx, trk_args *a, const char *login);
/* A login argument's syntax (TRK_OK, else exit 2), and the error for an unknown login (returns
 * TRK_ERR_USAGE), for tracker user and tracker token (cmd_user.c). */
int trk_login_arg_check(const trk_args *a, const char *login);
int trk_no_such_user(const char *login);
int trk_cmd_hook(trk_ctx *ctx, int argc, char **argv);
int trk_cmd_digest(trk_ctx *ctx, int argc, char **argv);
int trk_cmd_notify(trk_ctx *ctx, int argc, char **argv);

#endif
