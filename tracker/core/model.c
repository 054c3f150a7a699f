/*
 * model.c: closed vocabularies of the data model.
 */
#include "model.h"

#include <string.h>

const char *const trk_event_types[] = {
    "request", "complaint", "hearing", "ruling",       "fine",      "appeal_filed", "appeal_decided",
    "order",   "compliance", "block",  "registration", "statement", "other",        NULL};
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
