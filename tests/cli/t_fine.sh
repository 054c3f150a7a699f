# tracker fine add|list|edit: exact amounts, currencies, equivalents, payment.
source "$(dirname "$0")/lib.sh"
migrate
tracker case add --title "Case" --jurisdiction RU --external-id c >/dev/null
ev=$(tracker event add c --type fine --date 2018-01-10 --title "Fine imposed" 2>/dev/null)
run fine add "$ev" --amount 1234567890123.45 --currency RUB --equivalent 20000000000:USD
expect_rc 0
fine=$OUT
expect_eq "1234567890123.45" "$(sql "SELECT amount FROM fine WHERE id = $fine")" "no float rounding"
run fine list --json
/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[0]["amount"]=="1234567890123.45" and isinstance(d[0]["amount"], str); assert d[0]["equivalents"][0]["amount"]=="20000000000.00"' <<<"$OUT" && pass || fail "fine list json amounts are decimal strings"
ev2=$(tracker event add c --type fine --date 2018-02-01 2>/dev/null)
run fine add "$ev2" --amount 5000 --currency JPY
expect_rc 0
expect_eq "5000" "$(sql "SELECT amount FROM fine WHERE id = $OUT")" "JPY has no minor unit"
run fine add "$ev2" --amount 1 --currency JPY
expect_rc 2
run fine list --unpaid
expect_rc 0
expect_out_has "1234567890123.45"
run fine edit "$fine" --paid-on 2018-03-01
expect_rc 0
expect_eq "t|2018-03-01" "$(sql "SELECT paid, paid_on FROM fine WHERE id = $fine")" "paid"
run fine edit "$fine" --unpaid
expect_eq "f|" "$(sql "SELECT paid, paid_on FROM fine WHERE id = $fine")" "unpaid clears the date"
run fine edit "$fine" --add-equivalent 18000000000:EUR:2018-01-10
expect_rc 0
expect_eq 2 "$(sql "SELECT count(*) FROM fine_equivalent WHERE fine_id = $fine")" "equivalent added"
before=$(snapshot)
run fine add "$ev" --amount 1.001 --currency USD
expect_rc 2
expect_err_has "more fraction digits"
run fine add "$ev" --amount 10 --currency usd
expect_rc 2
run fine add 99999 --amount 10 --currency USD
expect_rc 1
expect_err_has "event 99999 does not exist"
run fine edit "$fine" --paid --unpaid
expect_rc 2
run fine edit 99999 --paid
expect_rc 1
run fine add "$ev" --amount 10 --currency USD --equivalent 5:XYZ
expect_rc 2
expect_eq "$before" "$(snapshot)" "nothing written by failures"
finish
