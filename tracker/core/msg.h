/*
 * msg.h: messages on stderr in PostgreSQL's style (lowercase, no final period; DETAIL and HINT on
 * lines of their own), and the one result convention of every helper below main().
 *
 * Helpers return TRK_OK (0) or a negative code after reporting the problem themselves:
 * TRK_ERR for a runtime failure (database, I/O, conflict), TRK_ERR_USAGE for bad input from the
 * user. Only cmd/ turns a result into an exit code (trk_exit_code in cli.h). Booleans are bool.
 */
#ifndef TRK_MSG_H
#define TRK_MSG_H

enum { TRK_OK = 0, TRK_ERR = -1, TRK_ERR_USAGE = -2 };

void trk_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void trk_detail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void trk_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void trk_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Messages of the calling thread go to `fn` instead of stderr while it is set (NULL: stderr
 * again). The HTTP API collects a request's messages this way to answer them in the CLI's
 * words. kind: 'E' error, 'D' detail, 'H' hint, 'W' warning; text without prefix or newline. */
typedef void (*trk_msg_sink)(void *ctx, char kind, const char *text);
void trk_msg_capture(trk_msg_sink fn, void *ctx);

#endif
