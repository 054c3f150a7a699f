/*
 * msg.c: error, detail, hint and warning lines on stderr.
 */
#include "msg.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local trk_msg_sink sink;
static _Thread_local void *sink_ctx;

void trk_msg_capture(trk_msg_sink fn, void *ctx)
{
    sink = fn;
    sink_ctx = ctx;
}

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
    if (sink) {
        char buf[2048];
        vsnprintf(buf, sizeof buf, fmt, ap);
        sink(sink_ctx, prefix[0] == 'D' ? 'D' : prefix[0] == 'H' ? 'H' : prefix[9] == 'w' ? 'W' : 'E', buf);
        return;
    }
    fputs(prefix, stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

#define TRK_MSG_FN(name, prefix)                                                                   \
    void name(const char *fmt, ...)                                                                \
    {                                                                                              \
        va_list ap;                                                                                \
        va_start(ap, fmt);                                                                         \
        vmsg(prefix, fmt, ap);                                                                     \
        va_end(ap);                                                                                \
    }

TRK_MSG_FN(trk_error, "tracker: error: ")
TRK_MSG_FN(trk_detail, "DETAIL: ")
TRK_MSG_FN(trk_hint, "HINT: ")
TRK_MSG_FN(trk_warn, "tracker: warning: ")
