/*
 * fuzz_amount.c: exact decimal amounts. The first byte picks a currency (exponents 0, 2, 3, 4
 * and unknown codes), the rest is the amount text. Properties:
 *   - trk_amount_parse accepts exactly the plain decimals a reference check accepts (digits, an
 *     optional point followed by digits, no more significant fraction digits than the currency
 *     has, at most 18 integer digits after leading zeros), and never an unknown currency;
 *   - the normalized output has exactly the currency's minor-unit digits, the same value, and
 *     re-parses to itself; trk_amount_format leaves it unchanged;
 *   - trk_amount_human groups the same digits by three with commas, drops a zero fraction, and
 *     refuses (never truncates) a buffer too small;
 *   - trk_rate_parse: a normalized rate re-parses to itself and is positive.
 */
#include "fuzz_common.h"
#include "money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const currencies[] = {"RUB", "USD", "JPY", "KWD", "EUR", "CLF", "BHD",
                                         "XXX", "rub", "US",  "",    "EURO"};

/* Reference: split into integer/fraction digit runs; false when not a plain decimal. */
static bool ref_split(const char *s, const char **ip, size_t *il, const char **fp, size_t *fl)
{
    const char *p = s;
    *ip = p;
    while (*p >= '0' && *p <= '9')
        p++;
    *il = (size_t)(p - s);
    *fp = p;
    *fl = 0;
    if (*p == '.') {
        *fp = ++p;
        while (*p >= '0' && *p <= '9')
            p++;
        *fl = (size_t)(p - *fp);
        if (*fl == 0)
            return false;
    }
    return *p == '\0' && *il > 0;
}

/* Compare the values of two plain decimals digit by digit. */
static bool same_value(const char *a, const char *b)
{
    const char *ai, *af, *bi, *bf;
    size_t ail, afl, bil, bfl;
    FUZZ_CHECK(ref_split(a, &ai, &ail, &af, &afl) && ref_split(b, &bi, &bil, &bf, &bfl));
    while (ail > 0 && *ai == '0')
        ai++, ail--;
    while (bil > 0 && *bi == '0')
        bi++, bil--;
    while (afl > 0 && af[afl - 1] == '0')
        afl--;
    while (bfl > 0 && bf[bfl - 1] == '0')
        bfl--;
    return ail == bil && memcmp(ai, bi, ail) == 0 && afl == bfl && memcmp(af, bf, afl) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *cur = currencies[data[0] % (sizeof currencies / sizeof currencies[0])];
    char *s = fuzz_strdup(data + 1, size - 1);
    int exp = trk_currency_exponent(cur);
    FUZZ_CHECK(exp >= -1 && exp <= 4);

    char out[TRK_AMOUNT_STRLEN], again[TRK_AMOUNT_STRLEN];
    const char *why = NULL;
    int rc = trk_amount_parse(s, cur, out, &why);

    const char *ip, *fp;
    size_t il, fl;
    bool want = exp >= 0 && ref_split(s, &ip, &il, &fp, &fl);
    if (want) {
        while (fl > 0 && fp[fl - 1] == '0')
            fl--;
        while (il > 1 && *ip == '0')
            ip++, il--;
        want = fl <= (size_t)exp && il <= TRK_AMOUNT_MAX_DIGITS;
    }
    FUZZ_CHECK((rc == 0) == want);
    if (rc != 0) {
        FUZZ_CHECK(why != NULL && *why != '\0');
    } else {
        /* Shape: digits, then '.' and exactly exp digits when exp > 0; no leading zeros. */
        size_t n = strlen(out);
        const char *dot = strchr(out, '.');
        FUZZ_CHECK(n > 0 && n < TRK_AMOUNT_STRLEN);
        if (exp == 0)
            FUZZ_CHECK(dot == NULL);
        else
            FUZZ_CHECK(dot != NULL && strlen(dot + 1) == (size_t)exp && dot > out);
        FUZZ_CHECK(!(out[0] == '0' && out[1] >= '0' && out[1] <= '9'));
        for (const char *p = out; *p; p++)
            FUZZ_CHECK((*p >= '0' && *p <= '9') || p == dot);
        FUZZ_CHECK(same_value(s, out));
        FUZZ_CHECK(trk_amount_parse(out, cur, again, &why) == 0 && strcmp(out, again) == 0);
        FUZZ_CHECK(trk_amount_format(out, cur, again, sizeof again) == 0 && strcmp(out, again) == 0);
        /* The human form: the same digits with commas every three, the fraction only when not
         * zero, then " CUR"; removing the commas and the code gives the same value. */
        char human[TRK_AMOUNT_HUMAN_STRLEN], plain[TRK_AMOUNT_HUMAN_STRLEN];
        FUZZ_CHECK(trk_amount_human(out, cur, human, sizeof human) == 0);
        size_t hn = strlen(human), k = 0;
        FUZZ_CHECK(hn > 4 && human[hn - 4] == ' ' && strcmp(human + hn - 3, cur) == 0);
        const char *hdot = strchr(human, '.');
        size_t hint = hdot ? (size_t)(hdot - human) : hn - 4;
        for (size_t j = 0; j < hint; j++)
            if (human[j] == ',')
                FUZZ_CHECK((hint - j) % 4 == 0 && j > 0); /* ",ddd" groups from the right */
        for (size_t j = 0; j < hn - 4; j++)
            if (human[j] != ',')
                plain[k++] = human[j];
        plain[k] = '\0';
        FUZZ_CHECK(same_value(out, plain));
        char small[6];
        FUZZ_CHECK(trk_amount_human(out, cur, small, sizeof small) == (hn < sizeof small ? 0 : -1));
    }

    /* Formatting whatever PostgreSQL might send back: never overflows, and a success is valid. */
    char fmt[8];
    if (exp >= 0 && trk_amount_format(s, cur, fmt, sizeof fmt) == 0)
        FUZZ_CHECK(strlen(fmt) < sizeof fmt && trk_amount_parse(fmt, cur, again, &why) == 0);

    char rate[64], rate2[64];
    if (trk_rate_parse(s, rate, sizeof rate, &why) == 0) {
        FUZZ_CHECK(same_value(s, rate));
        FUZZ_CHECK(trk_rate_parse(rate, rate2, sizeof rate2, &why) == 0 && strcmp(rate, rate2) == 0);
        bool nonzero = false;
        for (const char *p = rate; *p; p++)
            nonzero |= *p >= '1' && *p <= '9';
        FUZZ_CHECK(nonzero);
    }
    free(s);
    return 0;
}
