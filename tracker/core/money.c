/*
 * money.c: ISO 4217 table and exact decimal parsing/formatting.
 */
#include "money.h"

#include <stdio.h>
#include <string.h>

/* Active ISO 4217 codes with their minor-unit exponents (list of 2024). */
static const struct {
    char code[4];
    signed char exp;
} currencies[] = {
    {"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"ANG", 2}, {"AOA", 2}, {"ARS", 2}, {"AUD", 2},
    {"AWG", 2}, {"AZN", 2}, {"BAM", 2}, {"BBD", 2}, {"BDT", 2}, {"BGN", 2}, {"BHD", 3}, {"BIF", 0},
    {"BMD", 2}, {"BND", 2}, {"BOB", 2}, {"BRL", 2}, {"BSD", 2}, {"BTN", 2}, {"BWP", 2}, {"BYN", 2},
    {"BZD", 2}, {"CAD", 2}, {"CDF", 2}, {"CHF", 2}, {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"CRC", 2},
    {"CUP", 2}, {"CVE", 2}, {"CZK", 2}, {"DJF", 0}, {"DKK", 2}, {"DOP", 2}, {"DZD", 2}, {"EGP", 2},
    {"ERN", 2}, {"ETB", 2}, {"EUR", 2}, {"FJD", 2}, {"FKP", 2}, {"GBP", 2}, {"GEL", 2}, {"GHS", 2},
    {"GIP", 2}, {"GMD", 2}, {"GNF", 0}, {"GTQ", 2}, {"GYD", 2}, {"HKD", 2}, {"HNL", 2}, {"HTG", 2},
    {"HUF", 2}, {"IDR", 2}, {"ILS", 2}, {"INR", 2}, {"IQD", 3}, {"IRR", 2}, {"ISK", 0}, {"JMD", 2},
    {"JOD", 3}, {"JPY", 0}, {"KES", 2}, {"KGS", 2}, {"KHR", 2}, {"KMF", 0}, {"KPW", 2}, {"KRW", 0},
    {"KWD", 3}, {"KYD", 2}, {"KZT", 2}, {"LAK", 2}, {"LBP", 2}, {"LKR", 2}, {"LRD", 2}, {"LSL", 2},
    {"LYD", 3}, {"MAD", 2}, {"MDL", 2}, {"MGA", 2}, {"MKD", 2}, {"MMK", 2}, {"MNT", 2}, {"MOP", 2},
    {"MRU", 2}, {"MUR", 2}, {"MVR", 2}, {"MWK", 2}, {"MXN", 2}, {"MYR", 2}, {"MZN", 2}, {"NAD", 2},
    {"NGN", 2}, {"NIO", 2}, {"NOK", 2}, {"NPR", 2}, {"NZD", 2}, {"OMR", 3}, {"PAB", 2}, {"PEN", 2},
    {"PGK", 2}, {"PHP", 2}, {"PKR", 2}, {"PLN", 2}, {"PYG", 0}, {"QAR", 2}, {"RON", 2}, {"RSD", 2},
    {"RUB", 2}, {"RWF", 0}, {"SAR", 2}, {"SBD", 2}, {"SCR", 2}, {"SDG", 2}, {"SEK", 2}, {"SGD", 2},
    {"SHP", 2}, {"SLE", 2}, {"SOS", 2}, {"SRD", 2}, {"SSP", 2}, {"STN", 2}, {"SVC", 2}, {"SYP", 2},
    {"SZL", 2}, {"THB", 2}, {"TJS", 2}, {"TMT", 2}, {"TND", 3}, {"TOP", 2}, {"TRY", 2}, {"TTD", 2},
    {"TWD", 2}, {"TZS", 2}, {"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"UYU", 2}, {"UZS", 2}, {"VES", 2},
    {"VND", 0}, {"VUV", 0}, {"WST", 2}, {"XAF", 0}, {"XCD", 2}, {"XOF", 0}, {"XPF", 0}, {"YER", 2},
    {"ZAR", 2}, {"ZMW", 2}, {"ZWL", 2},
};

int trk_currency_exponent(const char *code)
{
    if (!code || strlen(code) != 3)
        return -1;
    size_t lo = 0, hi = sizeof currencies / sizeof currencies[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(code, currencies[mid].code);
        if (c == 0)
            return currencies[mid].exp;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

bool trk_currency_known(const char *code)
{
    return trk_currency_exponent(code) >= 0;
}

/* Split a plain decimal into integer and fraction digit runs. */
static int split_decimal(const char *s, const char **ip, size_t *il, const char **fp, size_t *fl,
                         const char **why)
{
    if (!s || !*s) {
        *why = "empty amount";
        return -1;
    }
    if (*s == '-') {
        *why = "negative amount";
        return -1;
    }
    const char *p = s;
    *ip = p;
    while (*p >= '0' && *p <= '9')
        p++;
    *il = (size_t)(p - *ip);
    *fp = p;
    *fl = 0;
    if (*p == '.') {
        p++;
        *fp = p;
        while (*p >= '0' && *p <= '9')
            p++;
        *fl = (size_t)(p - *fp);
        if (*fl == 0) {
            *why = "malformed amount (digits expected after the decimal point)";
            return -1;
        }
    }
    if (*p || *il == 0) {
        *why = "malformed amount (expected digits with an optional decimal point, e.g. 800000.00)";
        return -1;
    }
    return 0;
}

static int normalize(const char *ip, size_t il, const char *fp, size_t fl, int exp, char *out,
                     size_t outsz, const char **why)
{
    while (il > 1 && *ip == '0') {
        ip++;
        il--;
    }
    if (il > TRK_AMOUNT_MAX_DIGITS) {
        *why = "amount too large";
        return -1;
    }
    if (il + (size_t)exp + 2 > outsz) {
        *why = "amount too large";
        return -1;
    }
    size_t n = 0;
    memcpy(out, ip, il);
    n = il;
    if (exp > 0) {
        out[n++] = '.';
        for (int i = 0; i < exp; i++)
            out[n++] = (size_t)i < fl ? fp[i] : '0';
    }
    out[n] = '\0';
    return 0;
}

int trk_amount_parse(const char *s, const char *currency, char *out, const char **why)
{
    const char *ip, *fp;
    size_t il, fl;
    int exp = trk_currency_exponent(currency);
    if (exp < 0) {
        *why = "unknown currency";
        return -1;
    }
    if (split_decimal(s, &ip, &il, &fp, &fl, why) != 0)
        return -1;
    /* Trailing zeros beyond the minor unit are harmless ("5.000" USD); others are not. */
    while (fl > (size_t)exp && fp[fl - 1] == '0')
        fl--;
    if (fl > (size_t)exp) {
        *why = exp == 0 ? "this currency has no minor unit: no fraction digits allowed"
                        : "more fraction digits than the currency's minor unit";
        return -1;
    }
    return normalize(ip, il, fp, fl, exp, out, TRK_AMOUNT_STRLEN, why);
}

int trk_rate_parse(const char *s, char *out, size_t outsz, const char **why)
{
    const char *ip, *fp;
    size_t il, fl;
    if (split_decimal(s, &ip, &il, &fp, &fl, why) != 0)
        return -1;
    while (fl > 0 && fp[fl - 1] == '0')
        fl--;
    if (fl > 12) {
        *why = "rate has more than 12 fraction digits";
        return -1;
    }
    if (normalize(ip, il, fp, fl, (int)fl, out, outsz, why) != 0)
        return -1;
    bool nonzero = false;
    for (const char *p = out; *p; p++)
        if (*p >= '1' && *p <= '9')
            nonzero = true;
    if (!nonzero) {
        *why = "rate must be positive";
        return -1;
    }
    return 0;
}

int trk_amount_format(const char *s, const char *currency, char *out, size_t outsz)
{
    const char *ip, *fp, *why;
    size_t il, fl;
    int exp = trk_currency_exponent(currency);
    if (exp < 0)
        exp = 2;
    if (split_decimal(s, &ip, &il, &fp, &fl, &why) != 0)
        return -1;
    if (fl > (size_t)exp) {
        /* Stored values never exceed the exponent but numeric may pad with zeros. */
        for (size_t i = (size_t)exp; i < fl; i++)
            if (fp[i] != '0')
                return -1;
        fl = (size_t)exp;
    }
    return normalize(ip, il, fp, fl, exp, out, outsz, &why);
}

int trk_amount_human(const char *s, const char *currency, char *out, size_t outsz)
{
    char norm[TRK_AMOUNT_STRLEN];
    if (!currency || trk_amount_format(s, currency, norm, sizeof norm) != 0)
        return -1;
    const char *point = strchr(norm, '.');
    size_t il = point ? (size_t)(point - norm) : strlen(norm);
    bool whole = true;
    for (const char *p = point ? point + 1 : ""; *p; p++)
        if (*p != '0')
            whole = false;
    char buf[TRK_AMOUNT_STRLEN * 2];
    size_t n = 0;
    for (size_t i = 0; i < il; i++) {
        if (i > 0 && (il - i) % 3 == 0)
            buf[n++] = ',';
        buf[n++] = norm[i];
    }
    if (point && !whole)
        for (const char *p = point; *p; p++)
            buf[n++] = *p;
    buf[n] = '\0';
    int w = snprintf(out, outsz, "%s %s", buf, currency);
    return w < 0 || (size_t)w >= outsz ? -1 : 0;
}
