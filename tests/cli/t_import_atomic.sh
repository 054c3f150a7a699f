# tracker import is one transaction: one bad record among 10,000 events writes nothing, whether
# the problem is found while reading, by the reference checks, or by the deadline engine.
source "$(dirname "$0")/lib.sh"
GEN="$TRACKER_SRC/scripts/gen-fixture"
migrate
snap=$(snapshot)

# A bad date in event 7,777 of 10,000.
python3 "$GEN" 1000 --events 10 --bad-at 7777 -o "$TEST_TMP/bad.json"
run import "$TEST_TMP/bad.json"
expect_rc 1
expect_err_has '$.cases[777].events[7].date: invalid date "2017-02-30"'
expect_err_has "1 error in"
expect_eq "$snap" "$(snapshot)" "nothing written after a bad date"

# The same as JSON Lines.
python3 "$GEN" 1000 --events 10 --bad-at 7777 --format jsonl -o "$TEST_TMP/bad.jsonl"
run import "$TEST_TMP/bad.jsonl"
expect_rc 1
expect_err_has 'invalid date "2017-02-30"'
expect_eq "$snap" "$(snapshot)" "nothing written after a bad JSON Lines record"

# A dangling reference in the last event: found by the set-based checks after staging.
python3 - "$TEST_TMP/bad.json" "$TEST_TMP/ref.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["cases"][777]["events"][7]["date"] = "2017-02-28"
d["cases"][-1]["events"][-1]["sources"] = ["s:nowhere"]
json.dump(d, open(sys.argv[2], "w"))
PY
run import "$TEST_TMP/ref.json"
expect_rc 1
expect_err_has '$.cases[999].events[9].sources[0]: unknown source "s:nowhere"'
expect_eq "$snap" "$(snapshot)" "nothing written after a dangling reference"

# A failure inside the deadline engine (no calendar for the jurisdiction and year) rolls back
# the rows already upserted in the same transaction.
python3 - "$TEST_TMP/ref.json" "$TEST_TMP/engine.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["cases"][-1]["events"][-1]["sources"] = ["s:1"]
ev = d["cases"][-1]["events"][-1]
ev["date"] = "1990-01-10"
ev["deadlines"] = [{"kind": "other", "period": {"count": 5, "unit": "working_days"}}]
d["cases"][-1]["events"].sort(key=lambda e: e["date"])
json.dump(d, open(sys.argv[2], "w"))
PY
run import "$TEST_TMP/engine.json"
expect_rc 1
expect_err_has "nothing was imported"
expect_eq "$snap" "$(snapshot)" "nothing written after an engine error"

# The corrected file imports; importing it again changes nothing.
python3 "$GEN" 1000 --events 10 -o "$TEST_TMP/good.json"
TRACKER_IMPORT_ENGINE_BATCH=1500 run import "$TEST_TMP/good.json"
expect_rc 0
expect_eq 10000 "$(count event)" "events"
# The engine ran over every batch of cases (1,500 events per call here): each RU ruling has its
# appeal deadline, each explicit spec its deadline.
expect_eq 0 "$(sql "SELECT count(*) FROM event e JOIN legal_case c ON c.id = e.case_id
  WHERE c.jurisdiction = 'RU' AND e.type = 'ruling'
  AND NOT EXISTS (SELECT 1 FROM deadline d WHERE d.trigger_event_id = e.id AND d.kind = 'appeal')")" "rulings without an appeal deadline"
expect_eq "$(grep -c '"kind": "grace"' "$TEST_TMP/good.json")" "$(sql "SELECT count(*) FROM deadline WHERE kind = 'grace'")" "grace deadlines from explicit specs"
audit=$(sql "SELECT count(*) FROM audit")
snap2=$(snapshot)
run import "$TEST_TMP/good.json"
expect_rc 0
expect_out_has "0 inserted, 0 updated"
expect_eq "$audit" "$(sql "SELECT count(*) FROM audit")" "audit rows after re-import"
expect_eq "$snap2" "$(snapshot)" "row counts after re-import"
# Two imports at the same time: the second waits for the first (advisory lock), then finds
# everything in place; both succeed and nothing is written twice.
python3 "$GEN" 30 --events 5 --seed 9 -o "$TEST_TMP/c.json"
"$TRACKER_BIN" import --quiet "$TEST_TMP/c.json" 2>"$TEST_TMP/c1.err" &
pid=$!
"$TRACKER_BIN" import --quiet "$TEST_TMP/c.json" 2>"$TEST_TMP/c2.err"
rc2=$?
wait "$pid"
rc1=$?
expect_eq "0 0" "$rc1 $rc2" "concurrent imports both succeed"
run import "$TEST_TMP/c.json"
expect_rc 0
expect_out_has "0 inserted, 0 updated"
finish
