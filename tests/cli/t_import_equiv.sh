# The import's fast paths compute exactly what its general path computes. The same generated
# file (400 cases, 4,000 events, RU and US rules, explicit deadlines) goes
#   A: into an empty database, default engine batches: the plain-INSERT path, all events new;
#   B: into a database that already holds one of its cases (so the ON CONFLICT upserts and the
#      change detection run), with the engine called every 37 events;
# and then an edited copy (re-dated events, dropped explicit deadlines, vacated rulings, new
# appeals and statements) is imported on top of both. After each step the two databases must
# hold the same deadlines (by the external ids of their events), the same revision history and
# the same number of audit rows per table and operation; and recomputing everything afterwards
# must change nothing. A third database C receives the edited file alone and must agree with A
# on the current state of every deadline of those cases that is still in force.
source "$(dirname "$0")/lib.sh"
GEN="$TRACKER_SRC/scripts/gen-fixture"
export TRACKER_TODAY=2026-11-24
migrate
DB_A=$TEST_DB
DB_B="${TEST_DB}_b"
DB_C="${TEST_DB}_c"
cleanup_more() {
  for d in "$DB_B" "$DB_C"; do
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$d\" WITH (FORCE)" >/dev/null 2>&1
  done
  cleanup
}
trap cleanup_more EXIT
for d in "$DB_B" "$DB_C"; do
  psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE \"$d\"" >/dev/null
  TRACKER_DB="dbname=$d" tracker db migrate >/dev/null || fail "migrate $d"
done

python3 "$GEN" 400 --events 10 -o "$TEST_TMP/base.json"
python3 - "$TEST_TMP/base.json" "$TEST_TMP/seed.json" "$TEST_TMP/edit.json" <<'PY'
import datetime, json, random, sys
d = json.load(open(sys.argv[1]))
# seed: the parties, bodies and sources, and case 5 alone
seed = dict(d)
seed["cases"] = [d["cases"][5]]
json.dump(seed, open(sys.argv[2], "w"))
# edit: a deterministic set of corrections to the first 250 cases
random.seed(11)
e = json.loads(json.dumps(d))
e["cases"] = e["cases"][:250]
for i, c in enumerate(e["cases"]):
    evs = c["events"]
    for ev in evs:
        r = random.random()
        if r < 0.06:
            day = datetime.date.fromisoformat(ev["date"]) + datetime.timedelta(days=random.choice([-3, 1, 2, 9]))
            ev["date"] = day.isoformat()
            ev.pop("received_on", None)
        elif r < 0.09 and "deadlines" in ev:
            del ev["deadlines"]
        elif r < 0.11 and ev["type"] == "ruling":
            ev["vacated"] = True
        elif r < 0.13 and ev["type"] == "hearing":
            ev["type"] = "compliance"
    if i % 7 == 0:
        evs.append({"id": c["id"] + ":extra", "type": "appeal_filed", "date": evs[2]["date"],
                    "title": "extra appeal"})
    if i % 11 == 0:
        evs.append({"id": c["id"] + ":extra2", "type": "statement", "date": evs[1]["date"],
                    "title": "extra statement"})
json.dump(e, open(sys.argv[3], "w"))
PY

qa() { psql -X -q -tA -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
# Every deadline by its trigger's external id and kind, with its state, the event that met it
# (by external id) and the computation (the explanation's steps: its other parts name row ids).
STATE="SELECT string_agg(concat_ws('|', t.external_id, d.kind, d.title, d.due_on, d.earliest_on,
         d.latest_on, d.period_count, d.period_unit, d.roll, d.extra_days, d.status, m.external_id,
         d.revision, r.code, d.external_id, d.explanation->'steps', d.explanation->'latest_steps',
         d.explanation->>'source'), E'\n' ORDER BY t.external_id, d.kind)
       FROM deadline d JOIN event t ON t.id = d.trigger_event_id
       LEFT JOIN event m ON m.id = d.met_by_event_id LEFT JOIN rule r ON r.id = d.rule_id"
HIST="SELECT string_agg(concat_ws('|', t.external_id, d.kind, h.revision, h.due_on, h.status,
         h.reason), E'\n' ORDER BY t.external_id, d.kind, h.revision)
      FROM deadline_revision h JOIN deadline d ON d.id = h.deadline_id
      JOIN event t ON t.id = d.trigger_event_id"
# The current state of the deadlines in force of cases 0-249 (those of the edited file).
CUR="SELECT string_agg(concat_ws('|', t.external_id, d.kind, d.title, d.due_on, d.earliest_on,
       d.latest_on, d.status, m.external_id, d.explanation->'steps'), E'\n'
       ORDER BY t.external_id, d.kind)
     FROM deadline d JOIN event t ON t.id = d.trigger_event_id
     LEFT JOIN event m ON m.id = d.met_by_event_id
     WHERE d.status <> 'superseded' AND split_part(t.external_id, ':', 2)::int < 250"
AUDIT="SELECT string_agg(table_name || ' ' || op || ' ' || n, ', ' ORDER BY table_name, op)
       FROM (SELECT table_name, op, count(*) AS n FROM audit WHERE table_name <> 'rule'
             GROUP BY 1, 2) a"

# same_as WANT GOT WHAT: like expect_eq, but a failure shows the first lines that differ.
same_as() {
  if [ "$1" = "$2" ]; then pass; return; fi
  printf '%s\n' "$1" >"$TEST_TMP/want"
  printf '%s\n' "$2" >"$TEST_TMP/got"
  fail "$3 differ: $(diff "$TEST_TMP/want" "$TEST_TMP/got" | head -8)"
}

# A: empty database, default batches.
run import "$TEST_TMP/base.json"
expect_rc 0
# B: one case already there, then the whole file in batches of 37 events.
TRACKER_DB="dbname=$DB_B" tracker import --quiet "$TEST_TMP/seed.json" || fail "seed import"
TRACKER_IMPORT_ENGINE_BATCH=37 TRACKER_DB="dbname=$DB_B" tracker import --quiet "$TEST_TMP/base.json" ||
  fail "import into B"

n=$(qa "$DB_A" "SELECT count(*) FROM deadline")
[ "$n" -gt 500 ] && pass || fail "expected more than 500 deadlines, got $n"
same_as "$(qa "$DB_A" "$STATE")" "$(qa "$DB_B" "$STATE")" "deadlines after the first import (A vs B)"
expect_eq "$n" "$(qa "$DB_A" "SELECT count(*) FROM audit WHERE table_name = 'deadline' AND op = 'INSERT'")" \
  "one audit row per new deadline (A)"
expect_eq "4000" "$(qa "$DB_A" "SELECT count(*) FROM audit WHERE table_name = 'event' AND op = 'INSERT'")" \
  "one audit row per new event (A)"
# (B's seed case was written by the seed import: the same rows, counted the same way)
same_as "$(qa "$DB_A" "$AUDIT")" "$(qa "$DB_B" "$AUDIT")" "audit rows (A vs B)"

# The edited file on top of both, and alone into C.
run import "$TEST_TMP/edit.json"
expect_rc 0
TRACKER_IMPORT_ENGINE_BATCH=37 TRACKER_DB="dbname=$DB_B" tracker import --quiet "$TEST_TMP/edit.json" ||
  fail "edit import into B"
TRACKER_DB="dbname=$DB_C" tracker import --quiet "$TEST_TMP/edit.json" || fail "edit import into C"
revs=$(qa "$DB_A" "SELECT count(*) FROM deadline_revision")
[ "$revs" -gt 50 ] && pass || fail "expected the edits to recompute deadlines, got $revs revisions"
same_as "$(qa "$DB_A" "$STATE")" "$(qa "$DB_B" "$STATE")" "deadlines after the edit (A vs B)"
same_as "$(qa "$DB_A" "$HIST")" "$(qa "$DB_B" "$HIST")" "revision history (A vs B)"
same_as "$(qa "$DB_A" "$AUDIT")" "$(qa "$DB_B" "$AUDIT")" "audit rows after the edit (A vs B)"
same_as "$(qa "$DB_A" "$CUR")" "$(qa "$DB_C" "$CUR")" "deadlines in force after the edit (A vs C)"
upd=$(qa "$DB_A" "SELECT count(*) FROM audit WHERE table_name = 'deadline' AND op = 'UPDATE'")
expect_eq "$revs" "$upd" "one deadline audit UPDATE row per revision"
expect_eq "0" "$(qa "$DB_A" "SELECT count(*) FROM audit a JOIN deadline_revision h ON h.deadline_id = a.row_id
                              AND (a.old_row->>'revision')::int = h.revision
                              WHERE a.table_name = 'deadline' AND a.op = 'UPDATE'
                              AND (a.old_row->>'due_on')::date IS DISTINCT FROM h.due_on")" \
  "audit old rows agree with the revision history"

# Nothing left to do: recomputing everything changes nothing in either database.
run deadline recompute --all
expect_rc 0
expect_out_has "0 deadlines created, 0 revisions added"
TRACKER_DB="dbname=$DB_B" tracker deadline recompute --all >"$TEST_TMP/rb" 2>/dev/null
expect_eq "0 deadlines created, 0 revisions added" "$(head -1 "$TEST_TMP/rb")" "recompute on B"
finish
