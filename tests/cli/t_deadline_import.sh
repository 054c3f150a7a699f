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
expect_eq "5|5" "$(sql "SELECT count(*), sum(revision) FROM deadline")" "idempotent import"
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

# The file lists an event's explicit deadlines: dropping them from it supersedes the fixed
# response date (no rule makes one), and the ruling's appeal deadline goes back to the rule in
# force on its date (10 сутки from an unknown receipt: a range), on the same row, revision + 1.
python3 - "$TEST_TMP/edited.json" "$TEST_TMP/dropped.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["cases"]:
    for e in c["events"]:
        e.pop("deadlines", None)
json.dump(d, open(sys.argv[2], "w"))
PY
RESP=$(sql "SELECT id FROM deadline WHERE kind = 'response'")
run import "$TEST_TMP/dropped.json" --quiet
expect_rc 0
expect_eq "superseded|2" "$(sql "SELECT status, revision FROM deadline WHERE id = $RESP")" "dropped fixed date superseded"
expect_eq "ru-coao-30.3-appeal-sutki|3|2017-10-26|2017-11-05||10" \
  "$(sql "SELECT r.code, d.revision, d.earliest_on, d.latest_on, coalesce(d.external_id, ''), d.period_count FROM deadline d JOIN rule r ON r.id = d.rule_id WHERE d.id = $D")" \
  "dropped appeal period: the rule's deadline on the same row, without the file's id"
run export json --all
expect_rc 0
expect_out_lacks '"deadlines"'
run import "$TEST_TMP/dropped.json" --quiet
expect_eq "3|2" "$(sql "SELECT (SELECT revision FROM deadline WHERE id = $D), (SELECT revision FROM deadline WHERE id = $RESP)")" "dropped file again: no bump"
run deadline recompute --all
expect_out_has "0 deadlines created, 0 revisions added"
# Listing them again brings both back.
run import "$TRACKER_SRC/examples/telegram.json" --quiet
expect_rc 0
expect_eq "open|2017-10-26|telegram-2017:ruling:appeal|" \
  "$(sql "SELECT status, due_on, external_id, coalesce(rule_id::text, '') FROM deadline WHERE id = $D")" \
  "explicit appeal deadline again"
expect_eq "2017-09-14|telegram-2017:fsb-request:response" \
  "$(sql "SELECT due_on, external_id FROM deadline WHERE id = $RESP AND status <> 'superseded'")" "response date again"

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
