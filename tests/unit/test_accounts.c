/* test_accounts.c: the pure parts of accounts: logins (core/model.c), roles and their order, the
 * password rules (store/accounts.c; no database needed for these). */
#include "accounts.h"
#include "model.h"
#include "test.h"

#include <string.h>

int main(void)
{
    /* logins: 1..64 of a-z 0-9 . _ - */
    CHECK(trk_login_valid("alice"));
    CHECK(trk_login_valid("newsroom-bot.v2_x"));
    CHECK(trk_login_valid("0"));
    char l64[66];
    memset(l64, 'a', 64);
    l64[64] = '\0';
    CHECK(trk_login_valid(l64));
    l64[64] = 'a';
    l64[65] = '\0';
    CHECK(!trk_login_valid(l64));
    CHECK(!trk_login_valid(""));
    CHECK(!trk_login_valid(NULL));
    CHECK(!trk_login_valid("Alice"));
    CHECK(!trk_login_valid("al ice"));
    CHECK(!trk_login_valid("al@ice"));
    CHECK(!trk_login_valid("al\nice"));
    CHECK(!trk_login_valid("\xd0\xb0")); /* Cyrillic a */
    CHECK(!trk_login_valid("alice'--"));

    /* roles: the vocabulary's order is the enum's, each name round-trips */
    int n = 0;
    for (const char *const *w = trk_account_roles; *w; w++, n++) {
        CHECK_INT(n + 1, (int)trk_role_from_name(*w));
        CHECK_STR(*w, trk_role_name(trk_role_from_name(*w)));
    }
    CHECK_INT(3, n);
    CHECK_INT(TRK_ROLE_VIEWER, trk_role_from_name("viewer"));
    CHECK_INT(TRK_ROLE_EDITOR, trk_role_from_name("editor"));
    CHECK_INT(TRK_ROLE_ADMIN, trk_role_from_name("admin"));
    CHECK(TRK_ROLE_VIEWER < TRK_ROLE_EDITOR && TRK_ROLE_EDITOR < TRK_ROLE_ADMIN);
    CHECK_INT(0, trk_role_from_name("Admin"));
    CHECK_INT(0, trk_role_from_name(""));
    CHECK_INT(0, trk_role_from_name(NULL));
    CHECK(trk_role_name((trk_role)0) == NULL);
    CHECK(trk_role_name((trk_role)4) == NULL);
    CHECK(trk_word_in("read", trk_token_scopes) && trk_word_in("write", trk_token_scopes));
    CHECK(!trk_word_in("admin", trk_token_scopes));

    /* passwords: 12..1024 bytes, no NUL; the problem never quotes the password */
    CHECK(trk_password_problem("twelve bytes", 12) == NULL);
    CHECK_STR("is shorter than 12 bytes", trk_password_problem("eleven byte", 11));
    CHECK_STR("is empty", trk_password_problem("", 0));
    CHECK_STR("is empty", trk_password_problem(NULL, 0));
    CHECK_STR("contains a NUL byte", trk_password_problem("twelve\0bytes", 12));
    char big[1026];
    memset(big, 'x', sizeof big);
    CHECK(trk_password_problem(big, 1024) == NULL);
    CHECK_STR("is longer than 1024 bytes", trk_password_problem(big, 1025));
    /* any other bytes are allowed: UTF-8, spaces, control characters */
    CHECK(trk_password_problem("пароль пароль", strlen("пароль пароль")) == NULL);
    CHECK(trk_password_problem("  \t spaces  ", 12) == NULL);
    return TEST_DONE();
}
