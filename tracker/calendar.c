/* calendar.c: working-day calendars (pure). */
#include "calendar.h"
typedef int trk_calendar_placeholder_;
