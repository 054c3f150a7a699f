# Issue 12, item 5: event list CASE; fine list shows equivalents and the payment date; a date
# that does not exist says so; the same event twice is refused unless --allow-duplicate; rule list
# pads by display width; the calendar-ends warning once per command; where event add's lines go.
source "$(dirname "$0")/lib.sh"
migrate
tracker case add --title "Telegram v FSB" --jurisdiction RU --external-id tg >/dev/null
tracker case add --title "Other" --jurisdiction US --external-id other >/dev/null
ruling=$(tracker event add tg --type ruling --date 2017-10-16 --title "Court fines Telegram" \
  --fine 800000 --currency RUB --equivalent 14000:USD:2017-10-16 --equivalent 12000:EUR \
  --appeal-sutki 10 2>/dev/null)
tracker event add other --type complaint --date 2020-01-06 --title "A complaint" >/dev/null 2>&1

# --- event list takes the case as an argument, like event add; --case still works --------------
run event list tg
expect_rc 0
expect_out_has "Court fines Telegram"
expect_out_lacks "A complaint"
by_arg=$OUT
run event list --case tg
expect_eq "$by_arg" "$OUT" "event list CASE = event list --case CASE"
run event list tg --case other
expect_rc 2; expect_err_has "two cases given"
run event list tg --case tg
expect_rc 0
run event list nosuch
expect_rc 1

# --- event edit takes explicit periods, as event add does ---------------------------------------
appeal_dl=$(sql "SELECT id FROM deadline WHERE trigger_event_id = $ruling AND kind = 'appeal'")
run event edit "$ruling" --appeal-days 15
expect_rc 0
expect_out_has "deadline $appeal_dl: appeal due 2017-10-31 (missed, revision 2)" # shown as deadline list shows it
TRACKER_TODAY=2017-10-20 run event edit "$ruling" --appeal-days 15
expect_out_has "deadline $appeal_dl: appeal due 2017-10-31 (open, revision 2)" # before its day: open
expect_eq "15|calendar_days|2" "$(sql "SELECT period_count, period_unit, revision FROM deadline WHERE id = $appeal_dl")" "edit --appeal-days"
run event edit "$ruling" --appeal-working-days 5 --deadline appeal:10d
expect_rc 2; expect_err_has 'two deadlines of kind "appeal"'
run event edit "$ruling" --deadline appeal:10x
expect_rc 2; expect_err_has "invalid --deadline"
run event edit "$ruling" --deadline response:2017-11-15
expect_rc 0
expect_out_has "response due 2017-11-15"
run event edit "$ruling" --appeal-sutki 10
expect_rc 0
expect_eq "2017-10-26|sutki" "$(sql "SELECT due_on, period_unit FROM deadline WHERE id = $appeal_dl")" "back to 10 sutki"

# --- fine list: equivalents and the payment date -------------------------------------------------
fine=$(sql "SELECT id FROM fine")
tracker fine edit "$fine" --paid-on 2017-11-01 >/dev/null
run fine list
expect_rc 0
expect_out_has "paid 2017-11-01"
expect_out_has "= 12000.00 EUR, 14000.00 USD (2017-10-16)"
run fine list --json
/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin)[0]; assert d["paid_on"]=="2017-11-01" and [e["currency"] for e in d["equivalents"]]==["EUR","USD"]' <<<"$OUT" && pass || fail "fine list --json"

# --- a day that does not exist ------------------------------------------------------------------
before=$(snapshot)
run event add tg --type ruling --date 2018-02-30
expect_rc 2; expect_err_has 'invalid date "2018-02-30": there is no such day (February 2018 has 28 days)'
expect_err_lacks "expected YYYY-MM-DD"
run event add tg --type ruling --date 2018-13
expect_rc 2; expect_err_has 'invalid date "2018-13": there is no month 13'
run event add tg --type ruling --date 2018-2-3
expect_rc 2; expect_err_has "expected YYYY-MM-DD"
run event add tg --type ruling --date 2018-02-10 --received-on 2018-02-29
expect_rc 2; expect_err_has 'invalid date for --received-on: "2018-02-29": there is no such day (February 2018 has 28 days)'
run event add tg --type request --date 2018-02-10 --deadline response:2018-04-31
expect_rc 2; expect_err_has "2018-04-31: there is no such day (April 2018 has 30 days)"
run event edit "$ruling" --date 2017-11-31
expect_rc 2; expect_err_has "there is no such day (November 2017 has 30 days)"
run deadline list --as-of 2019-02-29
expect_rc 2; expect_err_has "there is no such day (February 2019 has 28 days)"
run deadline calc --jurisdiction RU --from 2018-02-30 --days 1
expect_rc 2; expect_err_has "there is no such day"
run calendar close RU 2018-06-31 --name x
expect_rc 2; expect_err_has "there is no such day (June 2018 has 30 days)"
run fine edit "$fine" --add-equivalent 1:GBP:2017-02-29
expect_rc 2; expect_err_has "there is no such day (February 2017 has 28 days)"
run rule edit ru-coao-30.3-appeal-days --valid-from 2024-09-31
expect_rc 2; expect_err_has "there is no such day (September 2024 has 30 days)"
run event add tg --type ruling --date 2016-02-29 --title "A leap day is a day"
expect_rc 0
expect_eq "$(( $(echo "$before" | sed 's/.* event=\([0-9]*\).*/\1/') + 1 ))" "$(count event)" "only the real day was written"

# --- the same event twice -----------------------------------------------------------------------
before=$(snapshot)
run event add tg --type ruling --date 2017-10-16 --title "court fines telegram"
expect_rc 2
expect_err_has "the case already has this event: event $ruling, ruling on 2017-10-16"
expect_err_has "--allow-duplicate"
expect_eq "$before" "$(snapshot)" "a refused duplicate writes nothing"
run event add tg --type ruling --date 2017-10-16 --title "court fines telegram" --allow-duplicate
expect_rc 0
run event add tg --type ruling --date 2017-10-17 --title "Court fines Telegram"
expect_rc 0     # another day is another event
run event add other --type ruling --date 2017-10-16 --title "Court fines Telegram"
expect_rc 0     # another case too
run event add --help
expect_out_has "--allow-duplicate"
# where the lines go: the id to stdout, "deadline N: ..." to stderr (documented in --help)
expect_out_has "the new event's id alone on stdout"
expect_out_has "on stderr"
id=$(tracker event add tg --type ruling --date 2017-12-01 --title "Another ruling" 2>"$TEST_TMP/e")
case "$id" in *[!0-9]*|"") fail "stdout should be the id alone: [$id]" ;; *) pass ;; esac
grep -q "^deadline [0-9]*: appeal due" "$TEST_TMP/e" && pass || fail "deadline line on stderr"

# --- rule list pads by display width ------------------------------------------------------------
run rule list
expect_rc 0
/usr/bin/python3 -c '
import sys
rows = [l for l in sys.stdin.read().split("\n") if l[:2] in ("1 ", "2 ")]
assert len(rows) == 2, rows
col = [r.find("..2024") if r.find("..2024") >= 0 else r.find("2024-10-29..") for r in rows]
assert col[0] == col[1], (col, rows)   # characters, not bytes: "10 сутки" pads like "10 calendar days"
assert "сутки" in rows[0]
' <<<"$OUT" && pass || fail "rule list columns align by characters"

# --- the calendar-ends warning: once per command ------------------------------------------------
TRACKER_TODAY=2027-11-15 run deadline list
expect_rc 0
expect_eq 1 "$(printf '%s\n' "$ERR" | grep -c "working-day calendar ends")" "one calendar-ends warning"
expect_eq 1 "$(printf '%s\n' "$ERR" | grep -c "^HINT: add the official calendar")" "one hint"
TRACKER_TODAY=2027-11-15 run calendar years
expect_eq 1 "$(printf '%s\n' "$ERR" | grep -c "working-day calendar ends")" "once for calendar years"
finish
