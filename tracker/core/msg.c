/*
 * msg.c: error, detail, hint and warning lines on stderr.
 */
#include "msg.h"

#include <stdarg.h>
#include <stdio.h>

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
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
