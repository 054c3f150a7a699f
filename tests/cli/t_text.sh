# Text with quotes, newlines, emoji and SQL fragments is stored and shown back verbatim;
# invalid UTF-8 and oversized values are refused with nothing written.
source "$(dirname "$0")/lib.sh"
migrate
title=$'Robert\'); DROP TABLE legal_case;-- "quoted" \\ back\nsecond line 📅 Мещанский суд'
run case add --title "$title" --jurisdiction RU --summary "$title" --json
expect_rc 0
id=$(/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$OUT")
run case show "$id" --json
got=$(/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["title"] == d["summary"] and d["title"], end="")' <<<"$OUT")
expect_eq "$title" "$got" "title round-trips verbatim through JSON"
expect_eq "$title" "$(sql "SELECT title FROM legal_case WHERE id = $id")" "stored verbatim"
run case show "$id"
expect_out_has "second line 📅 Мещанский суд"
expect_eq 1 "$(count legal_case)" "legal_case still exists"

before=$(snapshot)
run case add --title $'bad \xff utf8' --jurisdiction RU
expect_rc 2
expect_err_has "not valid UTF-8"
big=$(head -c 1100 /dev/zero | tr '\0' x)
run case add --title "$big" --jurisdiction RU
expect_rc 2
expect_err_has "too long"
run event add "$id" --type statement --date 2017-10-16 --description "$(head -c 110000 /dev/zero | tr '\0' y)"
expect_rc 2
expect_err_has "too long"
expect_eq "$before" "$(snapshot)" "nothing written"
finish
