/*
 * money.h: exact decimal amounts and ISO 4217 currencies. Pure; never uses floating point.
 *
 * Amounts travel as normalized decimal strings ("800000.00"): digits, then a point and exactly
 * the currency's minor-unit digits (none for JPY). PostgreSQL stores them as numeric.
 */
#ifndef TRK_MONEY_H
#define TRK_MONEY_H

#include <stdbool.h>
#include <stddef.h>

#define TRK_AMOUNT_MAX_DIGITS 18 /* integer digits accepted */
#define TRK_AMOUNT_STRLEN 32

/* Minor-unit exponent of an active ISO 4217 code (2 for RUB, 0 for JPY), or -1 when unknown. */
int trk_currency_exponent(const char *code);
bool trk_currency_known(const char *code);

/*
 * Parse a non-negative decimal amount ("800000", "800000.5", "800000.50") for `currency` into the
 * normalized form in out (TRK_AMOUNT_STRLEN bytes). Rejects signs, exponents, separators, spaces,
 * and more fraction digits than the currency has. On failure returns -1 and sets *why to a static
 * reason ("negative amount", "malformed amount", ...).
 */
int trk_amount_parse(const char *s, const char *currency, char *out, const char **why);

/* Parse a positive exchange rate (plain decimal, up to 12 fraction digits); normalized copy. */
int trk_rate_parse(const char *s, char *out, size_t outsz, const char **why);

/* Reformat a numeric value from PostgreSQL ("800000", "800000.0000") with exactly the currency's
 * minor-unit digits. Returns -1 if s is not a plain non-negative decimal. */
int trk_amount_format(const char *s, const char *currency, char *out, size_t outsz);

/* An amount as people write it, for published pages: thousands grouped with commas, the fraction
 * only when it is not zero, then the code: "800,000 RUB", "1,234.50 EUR", "5 JPY". Exact (the
 * digits of the stored decimal). Returns -1 if s is not a plain non-negative decimal or the
 * result does not fit in outsz (TRK_AMOUNT_HUMAN_STRLEN is always enough). */
#define TRK_AMOUNT_HUMAN_STRLEN 48
int trk_amount_human(const char *s, const char *currency, char *out, size_t outsz);

#endif
