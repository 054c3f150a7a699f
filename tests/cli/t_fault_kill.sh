# kill -9 of `tracker import` at random points of a large import, repeated: afterwards the
# database holds either none or all of that import (counted per import by external id prefix),
# earlier imports are untouched, and running the import again completes it.
# Each round imports its own document: 100 cases x 200 events = 20,000 events and 1,000 fines.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
ROUNDS=${FAULT_KILL_ROUNDS:-10}
migrate

gen() { # ROUND FILE
  $PY - "$1" "$2" <<'PYEOF'
import json, sys
r, out = sys.argv[1], sys.argv[2]
cases = []
for c in range(100):
    events = []
    for e in range(200):
        ev = {"id": "r%s-ev:%d:%d" % (r, c, e), "type": "statement",
              "date": "2017-%02d-%02d" % (1 + e % 12, 1 + e % 28),
              "title": "event %d of case %d" % (e, c), "description": "round %s 'quoted' \\ text" % r}
        if e % 20 == 0:
            ev["type"] = "fine"
            ev["fine"] = {"amount": "%d.50" % (1000 + e), "currency": "RUB"}
        events.append(ev)
    cases.append({"id": "r%s-case:%d" % (r, c), "title": "case %d of round %s" % (c, r),
                  "jurisdiction": "RU", "events": events})
json.dump({"format": "tracker-interchange", "version": 1, "cases": cases}, open(out, "w"))
PYEOF
}
# state ROUND: "cases events fines" of that round's import.
state() {
  sql "SELECT (SELECT count(*) FROM legal_case WHERE external_id LIKE 'r$1-%') || ' ' ||
              (SELECT count(*) FROM event WHERE external_id LIKE 'r$1-%') || ' ' ||
              (SELECT count(*) FROM fine f JOIN event e ON e.id = f.event_id WHERE e.external_id LIKE 'r$1-%')"
}
FULL="100 20000 1000"
NONE="0 0 0"
# The server may still be finishing a killed client's transaction: wait until no other session
# of this database is left before counting.
wait_idle() {
  for _ in $(seq 200); do
    [ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
               AND pid <> pg_backend_pid() AND backend_type = 'client backend'")" = 0 ] && return 0
    sleep 0.05
  done
  fail "a killed import's session is still there after 10 s"
}

# Calibrate: how long does a whole import take here (dry run: everything but COMMIT)?
gen 0 "$TEST_TMP/r0.json"
t0=$(date +%s%N)
run import "$TEST_TMP/r0.json" --dry-run --quiet
expect_rc 0
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$ms" -gt 50 ] || ms=50
echo "calibration: a 20,000-event import takes ${ms} ms"

killed_none=0 killed_all=0
for r in $(seq 1 "$ROUNDS"); do
  gen "$r" "$TEST_TMP/r$r.json"
  before_others=$(snapshot)
  # A random point from the start to a little after the expected end.
  delay_ms=$(( RANDOM % (ms * 11 / 10 + 1) ))
  "$TRACKER_BIN" import "$TEST_TMP/r$r.json" --quiet >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  wait_idle
  st=$(state "$r")
  case "$st" in
    "$NONE") killed_none=$((killed_none + 1)); pass ;;
    "$FULL") killed_all=$((killed_all + 1)); pass ;;
    *) fail "round $r killed after ${delay_ms} ms left a partial import: $st (cases events fines)" ;;
  esac
  echo "round $r: killed after ${delay_ms} ms: $([ "$st" = "$FULL" ] && echo all || echo none) of it"
  for q in $(seq 1 $((r - 1))); do
    expect_eq "$FULL" "$(state "$q")" "round $q untouched by round $r"
  done
  # Running it again completes it (or changes nothing when it had finished).
  run import "$TEST_TMP/r$r.json" --quiet
  expect_rc 0
  expect_eq "$FULL" "$(state "$r")" "round $r complete after a re-run"
done
echo "kills: $killed_none left nothing, $killed_all came after the commit"
# No staging leftovers, nothing half-done in the catalog.
expect_eq 0 "$(sql "SELECT count(*) FROM pg_class WHERE relpersistence = 't'")" "no temporary tables left"
expect_eq 0 "$(sql "SELECT count(*) FROM pg_prepared_xacts")" "no prepared transactions"
finish
