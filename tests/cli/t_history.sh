# tracker history CASE | --event N | --deadline N [--json]: who changed what and when, old -> new
# per field, and what caused each recomputation (an event edit, a rule change, a calendar change).
source "$(dirname "$0")/lib.sh"
migrate
export TRACKER_TODAY=2025-03-01
tracker case add --title "A CoAO case" --jurisdiction RU --external-id c1 >/dev/null
ev=$(tracker event add c1 --type ruling --date 2025-03-03 --title "Ruling" --received-on 2025-03-05 \
  --fine 30000 --currency RUB 2>/dev/null)
dl=$(sql "SELECT id FROM deadline WHERE trigger_event_id = $ev AND kind = 'appeal'")
due0=$(sql "SELECT due_on FROM deadline WHERE id = $dl")

# --- an edit: old -> new per field, who, the command ---------------------------------------------
TRACKER_ACTOR=editor tracker event edit "$ev" --title "Ruling of the magistrate" --received-on 2025-03-10 >/dev/null
due1=$(sql "SELECT due_on FROM deadline WHERE id = $dl")
[ "$due0" != "$due1" ] && pass || fail "the edit should move the deadline ($due0)"
run history --event "$ev"
expect_rc 0
expect_out_has "History of event $ev:"
expect_out_has "editor  event $ev changed: Ruling of the magistrate"
expect_out_has "    cause: an edit of event $ev (command: event edit $ev --title 'Ruling of the magistrate' --received-on 2025-03-10)"
expect_out_has "    title: Ruling -> Ruling of the magistrate"
expect_out_has "    received_on: 2025-03-05 -> 2025-03-10"
expect_out_has "test  fine 1 added"      # the fine belongs to the event's history
expect_out_has "    amount: 30000"
# --- the recomputation it caused ------------------------------------------------------------------
run history --deadline "$dl"
expect_rc 0
expect_out_has "editor  deadline $dl changed: Appeal deadline"
expect_out_has "    recomputed after an edit of event $ev (command: event edit $ev"
expect_out_has "    due_on: $due0 -> $due1"
expect_out_has "    revision: 1 -> 2"
expect_out_has "    explanation: recomputed ('tracker deadline explain $dl')"
expect_out_has "    with it: event $ev changed: Ruling of the magistrate"
expect_out_has "      received_on: 2025-03-05 -> 2025-03-10"

# --- a rule change -----------------------------------------------------------------------------
rule=$(sql "SELECT rule_id FROM deadline WHERE id = $dl")
code=$(sql "SELECT code FROM rule WHERE id = $rule")
run rule edit "$code" --days 15 --apply
expect_rc 0
due2=$(sql "SELECT due_on FROM deadline WHERE id = $dl")
[ "$due1" != "$due2" ] && pass || fail "the rule change should move the deadline"
run history --deadline "$dl"
expect_out_has "    recomputed after a rule change (rule $rule, $code) (command: rule edit $code --days 15 --apply)"
expect_out_has "    due_on: $due1 -> $due2"
expect_out_has "    with it: rule $rule changed"
expect_out_has "      period_count: 10 -> 15"

# --- a calendar change -------------------------------------------------------------------------
run calendar close RU "$due2" --name "Court closed (example)"
expect_rc 0
due3=$(sql "SELECT due_on FROM deadline WHERE id = $dl")
[ "$due2" != "$due3" ] && pass || fail "the closure should move the deadline"
run history --deadline "$dl"
expect_out_has "    recomputed after a calendar change (command: calendar close RU $due2 --name 'Court closed (example)')"
expect_out_has "    due_on: $due2 -> $due3"

# --- a date set by hand, a change outside tracker, a deletion: the case's history --------------
tracker deadline override "$dl" --due 2025-04-01 --reason "example" >/dev/null 2>&1
sql "UPDATE event SET description = 'typed in psql' WHERE id = $ev" >/dev/null
run history c1
expect_rc 0
expect_out_has "    cause: a date set by hand (command: deadline override $dl --due 2025-04-01 --reason example)"
expect_out_has "    override_reason: (none) -> example"
expect_out_has "    cause: not recorded (a change made outside tracker"
expect_out_has "    description: (none) -> typed in psql"
expect_out_has "case 1 added: A CoAO case"
tracker event delete "$ev" --cascade >/dev/null
run history c1
expect_out_has "event $ev deleted: Ruling of the magistrate"
expect_out_has "fine 1 deleted"
run history --event "$ev"
expect_rc 0     # a deleted event keeps its history
expect_out_has "event $ev deleted"
# --json: one object per change with the fields, the command and its kind
run history --deadline "$dl" --json
expect_rc 0
/usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["scope"] == "deadline"
ch = d["changes"]
kinds = [c["cause_kind"] for c in ch]
assert kinds[0].startswith("a new event"), kinds
assert any(k.startswith("an edit of event") for k in kinds), kinds
assert any(k.startswith("a rule change") for k in kinds), kinds
assert "a calendar change" in kinds and "a date set by hand" in kinds, kinds
rc = [c for c in ch if c["cause_kind"].startswith("a rule change")][0]
f = {x["field"]: x for x in rc["changes"]}
assert "due_on" in f and int(f["revision"]["new"]) == int(f["revision"]["old"]) + 1, f
assert rc["related"][0]["table"] == "rule", rc["related"]
assert all(c["actor"] for c in ch) and all(c["at"].endswith("Z") for c in ch)
' <<<"$OUT" && pass || fail "history --json"

# --- bad input ----------------------------------------------------------------------------------
run history
expect_rc 2; expect_err_has "give exactly one of CASE, --event N and --deadline N"
run history c1 --event 1
expect_rc 2
run history --event x
expect_rc 2
run history nosuchcase
expect_rc 1; expect_err_has 'case "nosuchcase" does not exist'
run history --deadline 999
expect_rc 1; expect_err_has "deadline 999 has no recorded changes"
run history --help
expect_out_has "what caused"
finish
