/* test_money.c: exact amounts and ISO 4217 currencies. */
#include "money.h"
#include "test.h"

static void ok(const char *in, const char *cur, const char *want)
{
    char out[TRK_AMOUNT_STRLEN];
    const char *why = NULL;
    int rc = trk_amount_parse(in, cur, out, &why);
    CHECK_INT(0, rc);
    if (rc == 0)
        CHECK_STR(want, out);
    else
        fprintf(stderr, "  (%s %s: %s)\n", in, cur, why);
}

static void bad(const char *in, const char *cur, const char *reason_start)
{
    char out[TRK_AMOUNT_STRLEN];
    const char *why = "";
    CHECK_INT(-1, trk_amount_parse(in, cur, out, &why));
    CHECK(strncmp(why, reason_start, strlen(reason_start)) == 0);
}

int main(void)
{
    CHECK_INT(2, trk_currency_exponent("RUB"));
    CHECK_INT(2, trk_currency_exponent("USD"));
    CHECK_INT(0, trk_currency_exponent("JPY"));
    CHECK_INT(3, trk_currency_exponent("BHD"));
    CHECK_INT(-1, trk_currency_exponent("XXX"));
    CHECK_INT(-1, trk_currency_exponent("rub"));
    CHECK_INT(-1, trk_currency_exponent("RUBL"));
    CHECK_INT(-1, trk_currency_exponent(""));
    CHECK(trk_currency_known("EUR"));
    CHECK(!trk_currency_known("ABC"));

    ok("800000", "RUB", "800000.00");
    ok("800000.00", "RUB", "800000.00");
    ok("800000.5", "RUB", "800000.50");
    ok("0", "USD", "0.00");
    ok("007", "USD", "7.00");
    ok("5.000", "USD", "5.00"); /* zeros past the minor unit are harmless */
    ok("1000", "JPY", "1000");
    ok("1000.0", "JPY", "1000");
    ok("1.234", "BHD", "1.234");
    ok("999999999999999999", "RUB", "999999999999999999.00");

    bad("-5", "RUB", "negative");
    bad("1e5", "RUB", "malformed");
    bad("1,000", "RUB", "malformed");
    bad(" 100", "RUB", "malformed");
    bad("100 ", "RUB", "malformed");
    bad("", "RUB", "empty");
    bad(".5", "RUB", "malformed");
    bad("5.", "RUB", "malformed");
    bad("0x10", "RUB", "malformed");
    bad("1.001", "RUB", "more fraction digits");
    bad("1.5", "JPY", "this currency has no minor unit");
    bad("100", "XYZ", "unknown currency");
    bad("1000000000000000000", "RUB", "amount too large");
    bad("NaN", "RUB", "malformed");
    bad("+5", "RUB", "malformed");

    char out[64];
    const char *why;
    CHECK_INT(0, trk_rate_parse("0.0175", out, sizeof out, &why));
    CHECK_STR("0.0175", out);
    CHECK_INT(-1, trk_rate_parse("0", out, sizeof out, &why));
    CHECK_INT(-1, trk_rate_parse("-1", out, sizeof out, &why));

    CHECK_INT(0, trk_amount_format("800000", "RUB", out, sizeof out));
    CHECK_STR("800000.00", out);
    CHECK_INT(0, trk_amount_format("800000.0000", "RUB", out, sizeof out));
    CHECK_STR("800000.00", out);
    CHECK_INT(0, trk_amount_format("12", "JPY", out, sizeof out));
    CHECK_STR("12", out);
    CHECK_INT(-1, trk_amount_format("1.234", "RUB", out, sizeof out));
    /* trk_amount_human: as people write amounts on published pages */
    {
        char h[TRK_AMOUNT_HUMAN_STRLEN];
        static const char *const cases[][3] = {
            {"800000.00", "RUB", "800,000 RUB"},     {"800000", "RUB", "800,000 RUB"},
            {"14000.0000", "USD", "14,000 USD"},     {"1234.50", "EUR", "1,234.50 EUR"},
            {"0.05", "EUR", "0.05 EUR"},             {"999", "EUR", "999 EUR"},
            {"1000", "JPY", "1,000 JPY"},            {"5", "JPY", "5 JPY"},
            {"100000", "EUR", "100,000 EUR"},        {"1234567.891", "BHD", "1,234,567.891 BHD"},
            {"000123456", "GBP", "123,456 GBP"},     {"0", "RUB", "0 RUB"},
            {"999999999999999999.99", "USD", "999,999,999,999,999,999.99 USD"},
        };
        for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
            CHECK_INT(0, trk_amount_human(cases[k][0], cases[k][1], h, sizeof h));
            CHECK_STR(cases[k][2], h);
        }
        CHECK_INT(-1, trk_amount_human("1.5e3", "EUR", h, sizeof h));
        CHECK_INT(-1, trk_amount_human("-5", "EUR", h, sizeof h));
        CHECK_INT(-1, trk_amount_human("1.234", "EUR", h, sizeof h)); /* more digits than cents */
        CHECK_INT(-1, trk_amount_human("800000", "RUB", h, 8));     /* does not fit */
        CHECK_INT(-1, trk_amount_human("800000", NULL, h, sizeof h));
    }
    return TEST_DONE();
}
