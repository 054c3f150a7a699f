# The bulk engine path through the importer: explicit specs from the file (sutki, fixed date),
# idempotent re-import (no duplicates, no revision bumps), an edited file recomputes with history.
source "$(dirname "$0")/lib.sh"
migrate
export TRACKER_TODAY=2026-11-24

run import "$TRACKER_SRC/examples/telegram.json" --quiet
expect_rc 0
expect_eq "2017-09-14|response|telegram-2017:fsb-request:response|1 2017-10-26|appeal|telegram-2017:ruling:appeal|1" \
  "$(sql "SELECT string_agg(due_on || '|' || kind || '|' || external_id || '|' || revision, ' ' ORDER BY due_on) FROM deadline")" "telegram deadlines"
D=$(sql "SELECT id FROM deadline WHERE kind = 'appeal'")
run deadline explain "$D"
expect_eq "due 2017-10-26" "$(printf '%s\n' "$OUT" | head -1)" "explain"
expect_out_has "10 сутки, roll none"

# Same file again: nothing changes.
run import "$TRACKER_SRC/examples/telegram.json" --quiet
expect_rc 0
expect_eq "2|2" "$(sql "SELECT count(*), sum(revision) FROM deadline")" "idempotent import"
expect_eq "0" "$(sql "SELECT count(*) FROM deadline_revision")" "no history"

# An edited file (the appeal period changed to 10 days with roll): revision 2, history kept.
sed 's/"period": {"count": 10, "unit": "sutki", "roll": "none"}/"period": {"count": 12, "unit": "calendar_days", "roll": "forward"}/' \
  "$TRACKER_SRC/examples/telegram.json" > "$TEST_TMP/edited.json"
run import "$TEST_TMP/edited.json" --quiet
expect_rc 0
expect_eq "2017-10-30|2|calendar_days" "$(sql "SELECT due_on, revision, period_unit FROM deadline WHERE id = $D")" "edited period (Sat 28 Oct rolls to Mon 30)"
expect_eq "1|2017-10-26" "$(sql "SELECT revision, due_on FROM deadline_revision WHERE deadline_id = $D")" "history"
run import "$TEST_TMP/edited.json" --quiet
expect_eq "2" "$(sql "SELECT revision FROM deadline WHERE id = $D")" "edited file again: no bump"

# FRCP 6(d): the mail rule applies when the event was served by mail.
run case add --title "US mail" --jurisdiction US
C=$OUT
run event add "$C" --type complaint --date 2024-06-07
E=$(sql "SELECT max(id) FROM event")
expect_eq "2024-06-28|us-frcp-12a-answer" "$(sql "SELECT d.due_on, r.code FROM deadline d JOIN rule r ON r.id = d.rule_id WHERE trigger_event_id = $E")" "21 days"
sql "UPDATE event SET service_method = 'mail' WHERE id = $E" >/dev/null
run deadline recompute --event "$E"
expect_rc 0
expect_out_has "1 revision added"
expect_eq "2024-07-01|us-frcp-12a-answer-mail|2" "$(sql "SELECT d.due_on, r.code, d.revision FROM deadline d JOIN rule r ON r.id = d.rule_id WHERE trigger_event_id = $E")" "21 + 3 days (Fri 28 Jun + 3 = Mon 1 Jul)"
run deadline recompute --event 99999999
expect_rc 1
run deadline recompute
expect_rc 2
finish
