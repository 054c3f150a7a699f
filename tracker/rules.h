/*
 * rules.h: periods, counting, rolling and explanations (pure). See rules.c.
 */
#ifndef TRK_RULES_H
#define TRK_RULES_H
#endif
