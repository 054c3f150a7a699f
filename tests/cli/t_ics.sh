# tracker export ics: values read back by ical.js and python3-icalendar, UID stability, SEQUENCE
# after a recompute, CANCELLED after a vacate, alarms and reminder events, filters, bad options.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"
migrate
H=$(uid_host)

run case add --title "Telegram fined for refusing FSB keys" --jurisdiction RU --tag privacy \
  --tag messaging --external-id telegram
expect_rc 0
CASE=$OUT
run event add telegram --type ruling --date 2017-10-16 --title "Meshchansky court fines Telegram" \
  --appeal-sutki 10 --source https://example.org/telegram-fined
expect_rc 0
DL=$(sql "SELECT id FROM deadline WHERE case_id = $CASE")
EV=$(sql "SELECT id FROM event WHERE case_id = $CASE")

# 1. The Telegram appeal deadline, read back by both parsers.
run export ics --case telegram --output "$TEST_TMP/a.ics"
expect_rc 0
parse_ics "$TEST_TMP/a.ics" a
expect_j a 'd["calendar"]["version"]' "2.0"
expect_j a 'd["calendar"]["method"]' "PUBLISH"
expect_j a 'd["calendar"]["calscale"]' "GREGORIAN"
expect_j a 'd["calendar"]["name"]' "tracker: Telegram fined for refusing FSB keys"
expect_j a 'd["x_wr_calname"]' "tracker: Telegram fined for refusing FSB keys"
expect_j a 'd["calendar"]["refresh_interval"]' "PT1H"
expect_j a 'd["x_published_ttl"]' "PT1H"
expect_j a 'len(d["events"])' 1
E="d[\"events\"][\"deadline-$DL@$H\"]"
expect_j a "$E[\"start\"]" "2017-10-26"
expect_j a "$E[\"end\"]" "2017-10-27"
expect_j a "$E[\"sequence\"]" 1
expect_j a "$E[\"status\"]" "CONFIRMED"
expect_j a "$E[\"summary\"]" "Appeal deadline: Telegram fined for refusing FSB keys (RU)"
expect_j a "$E[\"url\"]" "https://example.org/telegram-fined"
expect_j a "$E[\"categories\"]" '["appeal", "RU", "messaging", "privacy"]'
expect_j a "[a[\"minutes_before\"] for a in $E[\"alarms\"]]" '[10080, 1440]'
expect_j a "[a[\"action\"] for a in $E[\"alarms\"]]" '["DISPLAY", "DISPLAY"]'
expect_j a "'Trigger: Meshchansky court fines Telegram (ruling) on 2017-10-16' in $E[\"description\"]" true
expect_j a "'Period: 10 sutki, roll none' in $E[\"description\"]" true
expect_j a "'https://example.org/telegram-fined' in $E[\"description\"]" true
grep -q $'\r$' "$TEST_TMP/a.ics" && pass || fail "no CRLF line endings"

# 2. UIDs do not change between exports; nothing changes when nothing changed.
run export ics --case "$CASE" --output "$TEST_TMP/a2.ics"
expect_rc 0
cmp -s "$TEST_TMP/a.ics" "$TEST_TMP/a2.ics" && pass || fail "a second export differs"
run export ics --case telegram -o "$TEST_TMP/a3.ics"
expect_rc 0
cmp -s "$TEST_TMP/a.ics" "$TEST_TMP/a3.ics" && pass || fail "-o FILE differs from --output FILE"

# 3. Correcting the ruling's date recomputes the deadline: same UID, SEQUENCE 2, new date.
run event edit "$EV" --date 2017-10-17
expect_rc 0
run export ics --case telegram --output "$TEST_TMP/b.ics"
expect_rc 0
parse_ics "$TEST_TMP/b.ics" b
expect_j b 'list(d["events"])' "[\"deadline-$DL@$H\"]"
expect_j b "$E[\"sequence\"]" 2
expect_j b "$E[\"start\"]" "2017-10-27"
expect_j b "$E[\"status\"]" "CONFIRMED"

# 4. Vacating the ruling cancels the deadline: kept with STATUS:CANCELLED and no alarms.
run event edit "$EV" --vacated
expect_rc 0
run export ics --case telegram --output "$TEST_TMP/c.ics"
expect_rc 0
parse_ics "$TEST_TMP/c.ics" c
expect_j c "$E[\"status\"]" "CANCELLED"
expect_j c "$E[\"alarms\"]" "[]"
expect_j c "$E[\"sequence\"] > 2" true
run export ics --case telegram --include-events --output "$TEST_TMP/c2.ics"
expect_rc 0
parse_ics "$TEST_TMP/c2.ics" c2
expect_j c2 "d[\"events\"][\"event-$EV@$H\"][\"status\"]" "CANCELLED"
run event edit "$EV" --not-vacated
expect_rc 0

# 5. Text that needs escaping and folding round-trips exactly through both parsers.
LONG=$(printf 'Очень длинное название дела, с запятыми; точками с запятой \\ и эмодзи 😀%.0s' 1 2 3 4 5)
sql "INSERT INTO legal_case (title, jurisdiction, tags) VALUES (\$\$$LONG\$\$, 'US', '{weird,тег}')"
sql "INSERT INTO deadline (case_id, kind, title, due_on, due_time, time_zone, status, revision)
     SELECT id, 'response', E'Reply, now; \\\\ back\\nslash \"quoted\" 😀\\r\\nCRLF', '2024-03-10',
            '17:30', 'America/New_York', 'open', 3 FROM legal_case WHERE jurisdiction = 'US'"
WD=$(sql "SELECT id FROM deadline WHERE kind = 'response'")
run export ics --jurisdiction US --alarms 2h,30m --output "$TEST_TMP/d.ics"
expect_rc 0
parse_ics "$TEST_TMP/d.ics" d
W="d[\"events\"][\"deadline-$WD@$H\"]"
WANT=$(printf 'Reply, now; \\ back\nslash "quoted" 😀\nCRLF: %s (US)' "$LONG")
expect_j d "$W[\"summary\"]" "$WANT"
# 17:30 in New York on 2024-03-10 (the day DST began) is 21:30 UTC.
expect_j d "$W[\"start\"]" "2024-03-10T21:30:00Z"
expect_j d "$W[\"end\"]" "null"
expect_j d "$W[\"sequence\"]" 3
expect_j d "[a[\"minutes_before\"] for a in $W[\"alarms\"]]" '[120, 30]'
expect_j d "$W[\"categories\"]" '["response", "US", "weird", "тег"]'
expect_j d "'$LONG' in $W[\"description\"]" true
# The Telegram case is not in the US calendar.
expect_j d 'len(d["events"])' 1

# 6. Per-case alarms, reminder events with their own stable UIDs, and dated events.
run feed case-alarms telegram 3d
expect_rc 0
run export ics --case telegram --reminders 7d,1d --include-events --output "$TEST_TMP/e.ics"
expect_rc 0
parse_ics "$TEST_TMP/e.ics" e
expect_j e "[a[\"minutes_before\"] for a in $E[\"alarms\"]]" '[4320]'
R7="d[\"events\"][\"reminder-7d-deadline-$DL@$H\"]"
expect_j e "$R7[\"start\"]" "2017-10-20"
expect_j e "$R7[\"summary\"]" "7 days until: Appeal deadline: Telegram fined for refusing FSB keys (RU)"
expect_j e "$R7[\"alarms\"]" "[]"
expect_j e "d[\"events\"][\"reminder-1d-deadline-$DL@$H\"][\"start\"]" "2017-10-26"
expect_j e "d[\"events\"][\"event-$EV@$H\"][\"start\"]" "2017-10-17"
expect_j e "d[\"events\"][\"event-$EV@$H\"][\"categories\"][0]" "ruling"
expect_j e 'len(d["events"])' 4
run export ics --case telegram --alarms none --output "$TEST_TMP/f.ics"
expect_rc 0
parse_ics "$TEST_TMP/f.ics" f
expect_j f "$E[\"alarms\"]" "[]"
run feed case-alarms telegram default
expect_rc 0

# 6b. An uncertain trigger date: shown on the earliest date, the range named; met deadlines keep
# CONFIRMED without alarms; superseded ones are CANCELLED.
sql "INSERT INTO legal_case (title, jurisdiction, tags) VALUES ('Range case', 'GB', '{}')"
sql "INSERT INTO deadline (case_id, kind, title, due_on, earliest_on, latest_on, status)
     SELECT id, 'appeal', 'Appeal deadline', '2025-01-10', '2025-01-10', '2025-01-20', 'open'
     FROM legal_case WHERE title = 'Range case'"
sql "INSERT INTO deadline (case_id, kind, title, due_on, status)
     SELECT id, 'payment', 'Payment deadline', '2025-02-01', 'met' FROM legal_case WHERE title = 'Range case'"
sql "INSERT INTO deadline (case_id, kind, title, due_on, status)
     SELECT id, 'grace', 'Grace period ends', '2025-03-01', 'superseded' FROM legal_case WHERE title = 'Range case'"
RG=$(sql "SELECT id FROM deadline WHERE earliest_on IS NOT NULL")
MET=$(sql "SELECT id FROM deadline WHERE status = 'met'")
SUP=$(sql "SELECT id FROM deadline WHERE status = 'superseded'")
run export ics --jurisdiction GB --reminders 1d --output "$TEST_TMP/g.ics"
expect_rc 0
parse_ics "$TEST_TMP/g.ics" g
expect_j g "d[\"events\"][\"deadline-$RG@$H\"][\"start\"]" "2025-01-10"
expect_j g "d[\"events\"][\"deadline-$RG@$H\"][\"summary\"]" "Appeal deadline (earliest date; latest 2025-01-20): Range case (GB)"
expect_j g "'Range: between 2025-01-10 and 2025-01-20' in d[\"events\"][\"deadline-$RG@$H\"][\"description\"]" true
expect_j g "d[\"events\"][\"deadline-$MET@$H\"][\"status\"]" "CONFIRMED"
expect_j g "d[\"events\"][\"deadline-$MET@$H\"][\"alarms\"]" "[]"
expect_j g "d[\"events\"][\"reminder-1d-deadline-$MET@$H\"][\"status\"]" "CANCELLED"
expect_j g "d[\"events\"][\"deadline-$SUP@$H\"][\"status\"]" "CANCELLED"
expect_j g "d[\"events\"][\"reminder-1d-deadline-$RG@$H\"][\"status\"]" "CONFIRMED"

# 7. Filters: by tag, everything; stdout by default.
run export ics --tag privacy
expect_rc 0
expect_out_has "deadline-$DL@$H"
expect_out_lacks "deadline-$WD@$H"
printf '%s\r\n' "$OUT" >/dev/null
run export ics
expect_rc 0
expect_out_has "deadline-$WD@$H"

# 8. Usage errors: exit 2, nothing written.
run export ics --case 1 --tag x
expect_rc 2
run export ics --alarms 7x
expect_rc 2
expect_err_has "invalid value for --alarms"
run export ics --reminders 2h
expect_rc 2
expect_err_has "whole days"
run export ics --tag "Bad Tag"
expect_rc 2
run export ics --jurisdiction XX
expect_rc 2
run export ics --case 999999
expect_rc 1
expect_err_has "does not exist"
run export ics --case telegram --output "$TEST_TMP/nodir/x.ics"
expect_rc 1
finish
