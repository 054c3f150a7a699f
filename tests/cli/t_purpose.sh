# Day kinds with their effect per purpose (migration 009), and contested days: two dates, the
# safe one first. Every expected date worked out by hand (comments give the sources).
source "$(dirname "$0")/lib.sh"
migrate
export TRACKER_TODAY=2024-12-01

# --- deadline calc: court periods (procedural, the default) and employment -------------------
# The issue's case: 10 days from Fri 2020-03-27. Day 10 is Mon 2020-04-06, a day of decree 239
# (2 April 2020). Supreme Court of Russia, Review No. 1 of 21 April 2020: such days do not extend
# procedural periods, so the period ends on 2020-04-06 itself (it was 2020-05-12).
run deadline calc --jurisdiction RU --from 2020-03-27 --days 10 --explain
expect_rc 0
expect_eq "2020-04-06" "$(printf '%s\n' "$OUT" | head -1)" "RU 10 days over the decree days, court periods"
expect_out_has "2020-04-06 is a working day for court periods: non-working by decree 239, which does not extend procedural periods (Supreme Court of Russia, Review No. 1, 21 April 2020)"
expect_out_lacks "may be later"
# For employment the decree days are days off (with pay): 6-30 Apr (239), 1-5 May (holiday and
# transferred days), 6-8 May (294), 9-11 May (Victory Day and its transfer) -> Tue 2020-05-12.
run deadline calc --jurisdiction RU --from 2020-03-27 --days 10 --purpose employment
expect_rc 0
expect_eq "2020-05-12" "$(printf '%s\n' "$OUT" | head -1)" "RU 10 days for employment"
run deadline calc --jurisdiction RU --from 2020-03-27 --days 10 --json
expect_out_has '"due_on":	"2020-04-06"'
expect_out_has '"purpose":	"procedural"'
expect_out_has '"later_on":	null'
# 2021: decree 242 (4-7 May) per the Presidium's answer of 28 April 2021: Thu 2021-05-06 works.
run deadline calc --jurisdiction RU --from 2021-04-26 --days 10
expect_eq "2021-05-06" "$(printf '%s\n' "$OUT" | head -1)" "decree 242 day, court periods"
run deadline calc --jurisdiction RU --from 2021-04-26 --days 10 --purpose employment
expect_eq "2021-05-11" "$(printf '%s\n' "$OUT" | head -1)" "decree 242 days off, then 8-10 May"

# --- contested: two dates, the safe one first -----------------------------------------------
# FRCP 12(a)(1)(A)(i): 21 days from 2024-12-03 end Tue 2024-12-24, when federal offices were
# closed by executive order. FRCP 6(a)(6)(B) counts "any day declared a holiday by the
# President"; whether a closure order is one is disputed. Counted as working: 2024-12-24; as a
# holiday: 24 Dec, 25 Dec (Christmas) -> Thu 2024-12-26.
run deadline calc --jurisdiction US --from 2024-12-03 --days 21
expect_rc 0
expect_eq "2024-12-24" "$(printf '%s\n' "$OUT" | sed -n 1p)" "contested: the safe date first"
expect_eq "may be later: 2024-12-26, if the closure of 2024-12-24 counts as a holiday" "$(printf '%s\n' "$OUT" | sed -n 2p)" "contested: the later date after it"
run deadline calc --jurisdiction US --from 2024-12-03 --days 21 --json
expect_out_has '"due_on":	"2024-12-24"'
expect_out_has '"later_on":	"2024-12-26"'
expect_out_has '"later_reason":	"if the closure of 2024-12-24 counts as a holiday"'
run deadline calc --jurisdiction US --from 2024-12-03 --days 21 --explain
expect_out_has "2024-12-24 is contested for court periods"
expect_out_has "the other reading, if the closure of 2024-12-24 counts as a holiday:"
expect_out_has "  due 2024-12-26 (Thursday)"
# For employment the closure is a day off: one date.
run deadline calc --jurisdiction US --from 2024-12-03 --days 21 --purpose employment
expect_eq "2024-12-26" "$OUT" "employment: closed offices, one date"
# RU 24 June 2020 (decree 345): no court answer found, contested. 4 days from Sat 20 June end
# Wed 24 June; as a day off -> Thu 25 June.
run deadline calc --jurisdiction RU --from 2020-06-20 --days 4
expect_eq "2020-06-24" "$(printf '%s\n' "$OUT" | sed -n 1p)" "24 June 2020 contested: safe date"
expect_out_has "may be later: 2020-06-25"

# --- bad input: exit 2, nothing written ------------------------------------------------------
snap=$(snapshot)
run deadline calc --jurisdiction RU --from 2020-03-27 --days 10 --purpose tax
expect_rc 2
expect_err_has 'invalid value for --purpose: "tax" (expected one of procedural, employment)'
run calendar close US 2024-12-23 --name "Closed" --kind closure
expect_rc 2
expect_err_has "a day kind or effect given by hand needs its source"
run calendar close US 2024-12-23 --name "Closed" --purpose procedural=contested
expect_rc 2
expect_err_has "needs its source"
run calendar close US 2024-12-23 --name "Closed" --kind closure --purpose procedural=maybe --source s
expect_rc 2
expect_err_has 'invalid value for --purpose: "procedural=maybe"'
run calendar close US 2024-12-23 --name "Closed" --kind weekend --source s
expect_rc 2
expect_err_has 'invalid value for --kind: "weekend"'
run calendar add-year GB 2031 --source "test" --kind holiday
expect_rc 2
run rule add --code us-test-nopurpose --jurisdiction US --trigger order --kind compliance --title T --days 5 --basis b
expect_rc 2
expect_err_has "the rule names no calendar purpose, and US has days whose effect depends on it"
expect_err_has "HINT: add --purpose procedural"
run rule add --code us-test-badpurpose --jurisdiction US --trigger order --kind compliance --title T --days 5 --basis b --purpose tax
expect_rc 2
expect_eq "$snap" "$(snapshot)" "refused input wrote nothing"
# A jurisdiction without day effects may leave the purpose out; a rule names it where needed.
run rule add --code gb-test-nopurpose --jurisdiction GB --trigger order --kind compliance --title T --days 5 --basis b
expect_rc 0
run rule add --code ru-test-employment --jurisdiction RU --trigger order --kind compliance --title "Staff notice" --working-days 5 --basis "test" --purpose employment
expect_rc 0
run rule show ru-test-employment
expect_out_has "employment (days as they count for employment purposes)"

# --- a rule's purpose decides the calendar ---------------------------------------------------
# An order of Fri 2020-03-27: 5 working days for employment -> 12, 13, 14, 15, 18 May 2020
# (the decree and May days off; 16-17 May a weekend).
run case add --title "Order" --jurisdiction RU
CO=$OUT
run event add "$CO" --type order --date 2020-03-27
expect_eq "2020-05-18" "$(sql "SELECT due_on FROM deadline WHERE case_id = $CO")" "employment rule on the employment calendar"
# The same rule for court periods: 30, 31 Mar, 1, 2, 3 Apr 2020 (decree 206 days count).
run rule edit ru-test-employment --purpose procedural --apply
expect_rc 0
expect_out_has "2020-05-18 -> 2020-04-03"
expect_eq "2020-04-03|2" "$(sql "SELECT due_on || '|' || revision FROM deadline WHERE case_id = $CO")" "rule edit --purpose recomputes"
run rule edit ru-test-employment --purpose tax
expect_rc 2

# --- stored deadlines: show, list, explain, json, ics, timeline, report -----------------------
run case add --title "US closure case" --jurisdiction US
CU=$OUT
run event add "$CU" --type complaint --date 2024-12-03
D=$(sql "SELECT id FROM deadline WHERE case_id = $CU AND kind = 'response'")
expect_eq "2024-12-24|2024-12-26|if the closure of 2024-12-24 counts as a holiday" "$(sql "SELECT due_on || '|' || later_on || '|' || later_reason FROM deadline WHERE id = $D")" "stored: safe due date and the later one"
run deadline show "$D"
expect_out_has "due          2024-12-24*"
expect_out_has "may be later: 2024-12-26, if the closure of 2024-12-24 counts as a holiday"
run deadline show "$D" --json
expect_out_has '"later_on":	"2024-12-26"'
run deadline explain "$D"
expect_eq "due 2024-12-24" "$(printf '%s\n' "$OUT" | head -1)" "explain: the due date first"
expect_eq "may be later: 2024-12-26, if the closure of 2024-12-24 counts as a holiday" "$(printf '%s\n' "$OUT" | sed -n 2p)" "explain: then the later one"
run deadline explain "$D" --json
expect_out_has '"later_on":	"2024-12-26"'
expect_out_has '"later_steps":'
run deadline list --case "$CU"
expect_out_has "2024-12-24*"
expect_out_has "* may be later: 2024-12-26"
run deadline list --case "$CU" --json
expect_out_has '"later_reason":	"if the closure of 2024-12-24 counts as a holiday"'
run export ics --case "$CU" --output "$TEST_TMP/c.ics"
expect_rc 0
ics=$(tr -d '\r' <"$TEST_TMP/c.ics" | sed ':a;N;$!ba;s/\n //g')
case "$ics" in *"DTSTART;VALUE=DATE:20241224"*) pass ;; *) fail "the VEVENT is not on the safe date" ;; esac
case "$ics" in *"May be later: 2024-12-26\, if the closure of 2024-12-24 counts as a holiday"*) pass ;; *) fail "DESCRIPTION lacks the later date" ;; esac
run export timeline --case "$CU" --output "$TEST_TMP/tl.json"
expect_rc 0
grep -q "May be later: 2024-12-26, if the closure of 2024-12-24 counts as a holiday" "$TEST_TMP/tl.json" && pass || fail "timeline text lacks the later date"
run export html --case "$CU" --output "$TEST_TMP/tl.html"
grep -q "<p>May be later: 2024-12-26, if the closure of 2024-12-24 counts as a holiday.</p>" "$TEST_TMP/tl.html" && pass || fail "html timeline lacks the later date"
run report deadlines --param case=$CU --param as_of=2024-12-01
expect_out_has '"later_on": "2024-12-26"'
expect_out_has '"later_reason": "if the closure of 2024-12-24 counts as a holiday"'

# --- changing a day's effect recomputes, with a revision --------------------------------------
# A court holds that the closure counts as a holiday: recorded for this jurisdiction, the
# deadline moves to 2024-12-26 and no longer has a later date.
run calendar close US 2024-12-24 --name "Christmas Eve (closed by executive order)" --kind closure --purpose procedural=non-working --purpose employment=non-working --source "test: a holding that the closure is a holiday"
expect_rc 0
expect_out_has "1 deadline revision"
expect_eq "2024-12-26||2" "$(sql "SELECT due_on || '|' || coalesce(later_on::text, '') || '|' || revision FROM deadline WHERE id = $D")" "closure now a holiday for courts"
expect_eq "2024-12-24|2024-12-26" "$(sql "SELECT due_on || '|' || later_on FROM deadline_revision WHERE deadline_id = $D AND revision = 1")" "history keeps the two dates"
run calendar show US 2024
expect_out_has "2024-12-24 Tue  non-working closure              Christmas Eve (closed by executive order)  [court periods: non-working; employment: non-working]"
expect_eq "0" "$(sql "SELECT count(*) FROM calendar_change")" "close recomputed: nothing pending"

# A change by a later migration (here: the same SQL a migration would run) is recomputed by
# `tracker db migrate`. RU: 10 days from Sat 2020-03-28 end Tue 2020-04-07 (decree 239, working
# for courts); if that day were a day off for courts, the deadline would be Wed 2020-04-08.
run case add --title "RU decree days" --jurisdiction RU
CR=$OUT
run event add "$CR" --type ruling --date 2020-03-28 --appeal-days 10
DR=$(sql "SELECT id FROM deadline WHERE case_id = $CR AND kind = 'appeal'")
expect_eq "2020-04-07|1" "$(sql "SELECT due_on || '|' || revision FROM deadline WHERE id = $DR")" "decree day counts for the court period"
run deadline explain "$DR"
expect_out_has "2020-04-07 is a working day for court periods: non-working by decree 239"
sql "UPDATE calendar_day_effect SET effect = 'non_working', source = 'test' WHERE jurisdiction = 'RU' AND day = '2020-04-07' AND purpose = 'procedural'" >/dev/null
run db migrate
expect_rc 0
expect_eq "2020-04-08|2" "$(sql "SELECT due_on || '|' || revision FROM deadline WHERE id = $DR")" "migrate recomputed the changed calendar"
expect_eq "recomputed after a change of the working-day calendar" "$(sql "SELECT reason FROM deadline_revision WHERE deadline_id = $DR AND revision = 1")" "revision reason"
expect_eq "0" "$(sql "SELECT count(*) FROM calendar_change")" "nothing pending after migrate"
run db migrate
expect_eq "2" "$(sql "SELECT revision FROM deadline WHERE id = $DR")" "a second migrate changes nothing"

# Days users add: a closure contested for court periods gives two dates.
run calendar close RU 2024-06-13 --name "Regional closure (test)" --kind decree_non_working --purpose procedural=contested --purpose employment=non-working --source "test decree"
expect_rc 0
run deadline calc --jurisdiction RU --from 2024-06-03 --days 10
expect_eq "2024-06-13" "$(printf '%s\n' "$OUT" | sed -n 1p)" "user-added contested day: safe date"
expect_out_has "may be later: 2024-06-14, if the decree's non-working day 2024-06-13 counts as a day off"
run calendar show RU 2024
expect_out_has "court periods: contested; source: test decree"
# add-year with days of a kind and their effects
run calendar add-year GB 2031 --source "test" --day "2031-01-01=New Year's Day" --day "2031-01-02=Closure" --kind court_closure --purpose employment=working
expect_rc 0
expect_eq "court_closure|employment|working" "$(sql "SELECT d.kind || '|' || e.purpose || '|' || e.effect FROM calendar_day d JOIN calendar_day_effect e USING (jurisdiction, day) WHERE d.jurisdiction = 'GB' AND d.day = '2031-01-02'")" "add-year --day with kind and effect"
run calendar add-year GB 2032 --source "test" --day 2031-05-05
expect_rc 2
finish
