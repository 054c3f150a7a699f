# tracker deadline override: a date set by hand with a required reason, kept in the audit and
# shown by explain and show; recomputations (event edits, rule and calendar changes, recompute)
# keep it and warn when the computed date moves; --clear returns to the computed date.
source "$(dirname "$0")/lib.sh"
migrate
export TRACKER_TODAY=2018-03-25
tracker case add --title "Telegram v Roskomnadzor" --jurisdiction RU --external-id tg >/dev/null
dec=$(tracker event add tg --type appeal_decided --date 2018-03-20 --outcome rejected \
  --title "Supreme Court rejects the appeal" --deadline grace:15d 2>/dev/null)
grace=$(sql "SELECT id FROM deadline WHERE trigger_event_id = $dec AND kind = 'grace'")
block=$(sql "SELECT id FROM deadline WHERE trigger_event_id = $dec AND kind = 'block_possible'")
expect_eq "2018-04-04|2018-04-05" "$(sql "SELECT (SELECT due_on FROM deadline WHERE id = $grace), (SELECT due_on FROM deadline WHERE id = $block)")" "computed grace and block dates"

# --- bad input: exit 2, nothing written --------------------------------------------------------
before=$(snapshot)
run deadline override "$grace" --due 2018-04-06
expect_rc 2; expect_err_has "needs --reason"
run deadline override "$grace" --due 2018-04-31 --reason "x"
expect_rc 2; expect_err_has '"2018-04-31": there is no such day (April 2018 has 30 days)'
run deadline override "$grace" --due 2018-04-06 --reason ""
expect_rc 2
run deadline override "$grace" --due 2018-04-06 --reason "$(printf 'two\nlines')"
expect_rc 2; expect_err_has "line breaks"
run deadline override "$grace" --clear --due 2018-04-06
expect_rc 2
run deadline override "$grace"
expect_rc 2
run deadline override 999 --due 2018-04-06 --reason "x"
expect_rc 1; expect_err_has "deadline 999 does not exist"
expect_eq "$before" "$(snapshot)" "bad overrides write nothing"

# --- set by hand, with its reason --------------------------------------------------------------
run deadline override "$grace" --due 2018-04-06 --reason "the order's copy says 6 April"
expect_rc 0
expect_out_has "deadline $grace: due 2018-04-06 (set by hand; computed: due 2018-04-04), revision 2"
expect_eq "2018-04-06|2018-04-06|the order's copy says 6 April|test|2" "$(sql "SELECT due_on, override_due, override_reason, override_by, revision FROM deadline WHERE id = $grace")" "override stored"
expect_eq "set by hand to 2018-04-06: the order's copy says 6 April" "$(sql "SELECT reason FROM deadline_revision WHERE deadline_id = $grace AND revision = 1")" "revision reason"
# the chained block alert counts from the date set by hand
expect_eq "2018-04-07" "$(sql "SELECT due_on FROM deadline WHERE id = $block")" "block follows the override"
# kept in the audit, with the command
expect_eq "the order's copy says 6 April" "$(sql "SELECT new_row->>'override_reason' FROM audit WHERE table_name = 'deadline' AND row_id = $grace AND cause LIKE 'deadline override%' ORDER BY id LIMIT 1")" "reason in the audit"
# explained
run deadline explain "$grace"
expect_rc 0
expect_eq "due 2018-04-06 (set by hand: the order's copy says 6 April)" "$(printf '%s\n' "$OUT" | head -1)" "explain's first line states the result"
expect_out_has "computed: due 2018-04-04"
expect_out_has "day 15 (the last day of the period) is 2018-04-04"
expect_out_has "set by hand by test at "
expect_out_has "reason: the order's copy says 6 April"
run deadline explain "$grace" --json
/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); o=d["override"]; assert o["due_on"]=="2018-04-06" and o["reason"]=="the order'"'"'s copy says 6 April" and o["by"]=="test"; assert d["due_on"]=="2018-04-04"' <<<"$OUT" && pass || fail "explain --json override"
run deadline show "$grace"
expect_out_has "set by hand  2018-04-06 by test"
expect_out_has "(computed: due 2018-04-04)"
run deadline list --case tg
expect_out_has "2018-04-06"

# --- recomputations keep it ----------------------------------------------------------------------
run deadline recompute --case tg
expect_rc 0
expect_eq "2018-04-06" "$(sql "SELECT due_on FROM deadline WHERE id = $grace")" "recompute keeps the override"
expect_err_lacks "keeps its date set by hand"   # the computed date did not move: no warning
# an event edit that moves the computed date: kept, and said so
run event edit "$dec" --deadline grace:20d
expect_rc 0
expect_err_has "deadline $grace keeps its date set by hand, 2018-04-06; the computed date is now 2018-04-09"
expect_err_has "override $grace --clear"
expect_out_has "deadline $grace: grace due 2018-04-06"
expect_eq "2018-04-06|20" "$(sql "SELECT due_on, period_count FROM deadline WHERE id = $grace")" "edit keeps the override"
run deadline explain "$grace"
expect_out_has "computed: due 2018-04-09"
# the next recompute does not warn again (the computed date is stored)
run deadline recompute --case tg
expect_err_lacks "keeps its date"
# a calendar change (a closure on the computed day) recomputes and keeps it
run calendar close RU 2018-04-09 --name "Court closed (example)"
expect_rc 0
expect_eq "2018-04-06" "$(sql "SELECT due_on FROM deadline WHERE id = $grace")" "calendar change keeps the override"
expect_err_has "the computed date is now 2018-04-10"

# --- clear: back to the computed date ------------------------------------------------------------
run deadline override "$grace" --clear
expect_rc 0
expect_out_has "deadline $grace: due 2018-04-10 (computed)"
expect_eq "2018-04-10||" "$(sql "SELECT due_on, override_due, override_reason FROM deadline WHERE id = $grace")" "cleared"
expect_eq "2018-04-11" "$(sql "SELECT due_on FROM deadline WHERE id = $block")" "block follows the computed date again"
run deadline explain "$grace"
expect_out_lacks "set by hand"
run deadline override --help
expect_out_has "reason"
finish
