/* test_model.c: the vocabularies of core/model.c. */
#include "model.h"
#include "test.h"

int main(void)
{
    /* every event type says what it does (event add --help is generated from it) */
    int n = 0;
    for (const char *const *t = trk_event_types; *t; t++, n++) {
        const char *eff = trk_event_type_effect(*t);
        CHECK(eff != NULL && eff[0] != '\0');
        if (!eff)
            fprintf(stderr, "event type %s has no effect text\n", *t);
    }
    CHECK_INT(16, n);
    CHECK(trk_word_in("block_lifted", trk_event_types));
    CHECK(trk_word_in("payment", trk_event_types));
    CHECK(trk_word_in("settlement", trk_event_types));
    CHECK(trk_event_type_effect("nope") == NULL);
    CHECK(trk_event_type_effect(NULL) == NULL);
    CHECK(strstr(trk_event_type_effect("block"), "block_possible") != NULL);
    CHECK(strstr(trk_event_type_effect("payment"), "payment deadline") != NULL);
    return TEST_DONE();
}
