/*
 * model.c: closed vocabularies of the data model.
 */
#include "model.h"

#include <string.h>

const char *const trk_event_types[] = {
    "request",    "complaint", "hearing",      "ruling",       "fine",      "appeal_filed",
    "appeal_decided", "order", "compliance",   "block",        "block_lifted", "payment",
    "settlement", "registration", "statement", "other",        NULL};

/* What each type does by itself (the engine's code, store/deadlines.c); the rules that a type
 * triggers are data: tracker rule list --trigger TYPE. Same order as trk_event_types. */
static const struct {
    const char *type, *effect;
} event_effects[] = {
    {"request", "a demand; give its deadline with it (--deadline response:2017-09-14)"},
    {"complaint", "a claim or complaint filed; rules: e.g. the US answer deadline"},
    {"hearing", "recorded on the timeline"},
    {"ruling", "a first-instance decision; rules: the appeal deadline (RU CoAO, APC, US FRAP)"},
    {"fine", "a fine imposed on its own (a ruling's fine is --fine on the ruling)"},
    {"appeal_filed", "meets the case's appeal deadline when filed on time"},
    {"appeal_decided", "a higher body's decision on the latest ruling (appeal, cassation, "
                       "supervisory review); rejected/upheld starts the RU grace period (give it: "
                       "--deadline grace:15d), vacated vacates the ruling's deadlines"},
    {"order", "an order or a regulator's demand; may carry a period (--deadline grace:15d)"},
    {"compliance", "meets the case's compliance, grace and response deadlines when on time"},
    {"block", "access restricted; meets (resolves) the case's block_possible deadline"},
    {"block_lifted", "the restriction lifted; recorded on the timeline"},
    {"payment", "a payment made; meets the case's payment deadline when on time"},
    {"settlement", "the parties settled; recorded (set the case: case edit --status settled)"},
    {"registration", "recorded on the timeline"},
    {"statement", "recorded on the timeline"},
    {"other", "recorded on the timeline"},
};

const char *trk_event_type_effect(const char *type)
{
    for (size_t i = 0; type && i < sizeof event_effects / sizeof event_effects[0]; i++)
        if (strcmp(type, event_effects[i].type) == 0)
            return event_effects[i].effect;
    return NULL;
}
const char *const trk_event_outcomes[] = {"granted",  "rejected",  "partly_granted", "vacated",
                                          "remanded", "dismissed", "upheld",         NULL};
const char *const trk_case_statuses[] = {"open",    "appealed",  "stayed", "closed",
                                         "settled", "dismissed", NULL};
const char *const trk_party_roles[] = {
    "defendant", "plaintiff", "complainant", "regulator",   "respondent", "appellant",
    "prosecutor", "claimant", "third_party", "other",       NULL};
const char *const trk_party_kinds[] = {"organisation", "person", "authority", NULL};
const char *const trk_body_kinds[] = {"court", "regulator", "agency", "legislature", "other", NULL};
const char *const trk_deadline_kinds[] = {"appeal",     "grace",          "compliance", "response",
                                          "payment",    "limitation",     "block_possible",
                                          "in_force",   "enforcement",    "other",      NULL};
const char *const trk_procedures[] = {"administrative_offence", "civil",    "arbitrazh",
                                      "administrative",         "criminal", "regulator_decision",
                                      "unknown",                NULL};

const char *trk_procedure_label(const char *p)
{
    static const struct {
        const char *word, *label;
    } t[] = {{"administrative_offence", "administrative offence"},
             {"civil", "civil"},
             {"arbitrazh", "arbitrazh (commercial court)"},
             {"administrative", "administrative (judicial review)"},
             {"criminal", "criminal"},
             {"regulator_decision", "regulator's decision"},
             {"unknown", "not recorded"}};
    for (size_t i = 0; p && i < sizeof t / sizeof t[0]; i++)
        if (strcmp(p, t[i].word) == 0)
            return t[i].label;
    return p ? p : "not recorded";
}
const char *const trk_deadline_statuses[] = {"open", "met", "missed", "vacated", "superseded", NULL};
const char *const trk_date_precisions[] = {"day", "month", "year", NULL};
const char *const trk_account_roles[] = {"viewer", "editor", "admin", NULL};
const char *const trk_token_scopes[] = {"read", "write", NULL};

bool trk_login_valid(const char *s)
{
    size_t len = s ? strlen(s) : 0;
    if (len == 0 || len > 64)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
              *p == '-'))
            return false;
    return true;
}

bool trk_word_in(const char *s, const char *const *words)
{
    if (!s)
        return false;
    for (; *words; words++)
        if (strcmp(s, *words) == 0)
            return true;
    return false;
}

char *trk_words_join(const char *const *words, char *buf, unsigned size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (; *words && size > 0; words++) {
        size_t len = strlen(*words);
        if (n + len + 3 > size)
            break;
        if (n) {
            memcpy(buf + n, ", ", 2);
            n += 2;
        }
        memcpy(buf + n, *words, len);
        n += len;
        buf[n] = '\0';
    }
    return buf;
}

bool trk_tag_valid(const char *s)
{
    size_t len = strlen(s);
    if (len == 0 || len > 64)
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
            *p == '_' || *p == ':')
            continue;
        return false;
    }
    return true;
}

bool trk_jurisdiction_syntax(const char *s)
{
    size_t len = strlen(s);
    if (len != 2 && (len < 4 || len > 6))
        return false;
    if (!(s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'))
        return false;
    if (len == 2)
        return true;
    if (s[2] != '-')
        return false;
    for (size_t i = 3; i < len; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
            return false;
    return true;
}
