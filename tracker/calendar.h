/*
 * calendar.h: working-day calendars (pure). See calendar.c.
 */
#ifndef TRK_CALENDAR_H
#define TRK_CALENDAR_H
#endif
