/*
 * test_report.c: report definition parsing (report.c), the deterministic JSON printer
 * (report_fmt.c), and that every compiled-in report parses and has a JSON Schema.
 */
#include "report.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

static void test_parse(void)
{
    const char *def = "-- description: First line\n"
                      "--   continued here.\n"
                      "-- param: case case required - the case\n"
                      "-- param: limit int default=10 - how many\n"
                      "-- param: from date - start\n"
                      "-- section: one\n"
                      "SELECT 1 AS a\n"
                      "  WHERE $1 IS NOT NULL\n"
                      "-- section: two requires=rule\n"
                      "SELECT 2 AS b\n";
    trk_report r;
    const char *why = NULL;
    CHECK_INT(0, trk_report_parse("demo", def, &r, &why));
    CHECK_STR("demo", r.name);
    CHECK_STR("First line continued here.", r.description);
    CHECK_INT(3, r.nparams);
    CHECK_STR("case", r.params[0].name);
    CHECK_STR("case", r.params[0].type);
    CHECK(r.params[0].required);
    CHECK_STR("the case", r.params[0].help);
    CHECK_STR("10", r.params[1].dflt);
    CHECK(!r.params[1].required);
    CHECK(r.params[2].dflt == NULL);
    CHECK_INT(2, r.nsections);
    CHECK_STR("one", r.sections[0].name);
    CHECK_STR("SELECT 1 AS a\n  WHERE $1 IS NOT NULL", r.sections[0].sql);
    CHECK(r.sections[0].requires == NULL);
    CHECK_STR("two", r.sections[1].name);
    CHECK_STR("rule", r.sections[1].requires);
    CHECK_STR("SELECT 2 AS b\n", r.sections[1].sql);
    trk_report_free(&r);
    trk_report_free(NULL);

    CHECK_INT(-1, trk_report_parse("x", "-- description: no sections\n", &r, &why));
    CHECK_STR("no sections", why);
    CHECK_INT(-1, trk_report_parse("x", "-- param: a float\n-- section: s\nSELECT 1\n", &r, &why));
    CHECK_STR("unknown param type", why);
    CHECK_INT(-1, trk_report_parse("x", "-- param: a int sometimes\n-- section: s\nSELECT 1\n", &r,
                                   &why));
    CHECK_STR("unknown param attribute", why);
}

static void test_builtin_reports(void)
{
    CHECK(trk_report_source_count >= 4);
    for (int i = 0; i < trk_report_source_count; i++) {
        trk_report r;
        const char *why = NULL;
        int rc = trk_report_parse(trk_report_sources[i].name, trk_report_sources[i].text, &r, &why);
        CHECK_INT(0, rc);
        if (rc == 0) {
            CHECK(strlen(r.description) > 10);
            for (int s = 0; s < r.nsections; s++)
                CHECK(strstr(r.sections[s].sql, "SELECT") != NULL);
            trk_report_free(&r);
        }
        CHECK(trk_report_sources[i].schema != NULL);
        cJSON *schema = trk_report_sources[i].schema ? cJSON_Parse(trk_report_sources[i].schema)
                                                     : NULL;
        CHECK(schema != NULL);
        cJSON_Delete(schema);
    }
}

static void test_find(void)
{
    trk_report *reps = trk_reports_load();
    CHECK(reps != NULL);
    int fines = -1;
    for (int i = 0; reps && i < trk_report_source_count; i++) {
        CHECK_STR(trk_report_sources[i].name, reps[i].name);
        if (strcmp(reps[i].name, "fines") == 0)
            fines = i;
    }
    CHECK(fines >= 0);
    if (fines >= 0)
        CHECK(trk_report_sources[fines].schema != NULL &&
              strstr(trk_report_sources[fines].schema, "\"const\": \"fines\"") != NULL);
    trk_reports_free(reps);
}

static void test_pretty(void)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "amount", "800000.00");
    cJSON_AddNumberToObject(o, "count", 10);
    cJSON_AddNumberToObject(o, "big", 9007199254740993.0);
    cJSON_AddBoolToObject(o, "paid", 0);
    cJSON_AddNullToObject(o, "note");
    cJSON_AddStringToObject(o, "text", "quote \" back\\ nl\n tab\t ctl\x01 ünï 🚫 </script>");
    cJSON_AddArrayToObject(o, "empty");
    cJSON *a = cJSON_AddArrayToObject(o, "list");
    cJSON_AddItemToArray(a, cJSON_CreateNumber(-1.5));
    cJSON_AddItemToArray(a, cJSON_CreateObject());
    trk_sb b = {0};
    trk_json_pretty(&b, o);
    CHECK(!b.oom);
    CHECK_STR("{\n"
              "  \"amount\": \"800000.00\",\n"
              "  \"count\": 10,\n"
              "  \"big\": 9007199254740992,\n"
              "  \"paid\": false,\n"
              "  \"note\": null,\n"
              "  \"text\": \"quote \\\" back\\\\ nl\\n tab\\t ctl\\u0001 ünï 🚫 </script>\",\n"
              "  \"empty\": [],\n"
              "  \"list\": [\n"
              "    -1.5,\n"
              "    {}\n"
              "  ]\n"
              "}\n",
              b.p);
    /* The output parses back to the same tree. */
    cJSON *back = cJSON_Parse(b.p);
    CHECK(back != NULL && cJSON_Compare(o, back, 1));
    cJSON_Delete(back);
    free(b.p);
    cJSON_Delete(o);

    trk_sb c = {0};
    trk_sb_printf(&c, "%s-%d", "x", 7);
    for (int i = 0; i < 1000; i++)
        trk_sb_puts(&c, "0123456789");
    CHECK_INT(10003, (long long)c.n);
    CHECK(strncmp(c.p, "x-7012", 6) == 0);
    free(c.p);
}

int main(void)
{
    test_parse();
    test_builtin_reports();
    test_find();
    test_pretty();
    return TEST_DONE();
}
