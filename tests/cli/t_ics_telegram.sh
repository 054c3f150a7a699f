# The Telegram demo (examples/telegram.json) as a calendar: the 2017-10-26 appeal deadline and
# the case's events, read back by ical.js and python3-icalendar; a repeated import changes nothing.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"
migrate
run import "$TRACKER_SRC/examples/telegram.json" --quiet
expect_rc 0
H=$(uid_host)
CASE=$(sql "SELECT id FROM legal_case WHERE external_id = 'telegram-fsb-keys-2017'")
AP=$(sql "SELECT id FROM deadline WHERE case_id = $CASE AND kind = 'appeal'")
RULING=$(sql "SELECT id FROM event WHERE case_id = $CASE AND type = 'ruling'")

run export ics --case telegram-fsb-keys-2017 --include-events --reminders 7d,1d --output "$TEST_TMP/tg.ics"
expect_rc 0
parse_ics "$TEST_TMP/tg.ics" tg
A="d[\"events\"][\"deadline-$AP@$H\"]"
expect_j tg "$A[\"start\"]" "2017-10-26"
expect_j tg "$A[\"end\"]" "2017-10-27"
expect_j tg "$A[\"summary\"]" "Appeal deadline: Telegram fined for refusing FSB keys (RU)"
expect_j tg "$A[\"status\"]" "CONFIRMED"
expect_j tg "$A[\"sequence\"]" 1
expect_j tg "$A[\"url\"].startswith('https://')" true
expect_j tg "'Period: 10 sutki, roll none' in $A[\"description\"]" true
expect_j tg "'on 2017-10-16' in $A[\"description\"]" true
expect_j tg "[a[\"minutes_before\"] for a in $A[\"alarms\"]]" '[10080, 1440]'
expect_j tg "d[\"events\"][\"reminder-7d-deadline-$AP@$H\"][\"start\"]" "2017-10-19"
expect_j tg "d[\"events\"][\"reminder-1d-deadline-$AP@$H\"][\"start\"]" "2017-10-25"
expect_j tg "d[\"events\"][\"event-$RULING@$H\"][\"start\"]" "2017-10-16"
expect_j tg "'Fine: 800,000 RUB, unpaid. Equivalent to 12,000 EUR as of 16 October 2017' in d[\"events\"][\"event-$RULING@$H\"][\"description\"]" true
expect_j tg "len([u for u in d['events'] if u.startswith('event-')])" \
  "$(sql "SELECT count(*) FROM event WHERE case_id = $CASE")"

# Importing the same file again changes nothing: the same calendar, byte for byte.
run import "$TRACKER_SRC/examples/telegram.json" --quiet
expect_rc 0
run export ics --case telegram-fsb-keys-2017 --include-events --reminders 7d,1d --output "$TEST_TMP/tg2.ics"
expect_rc 0
cmp -s "$TEST_TMP/tg.ics" "$TEST_TMP/tg2.ics" && pass || fail "calendar changed after a repeated import"
finish
