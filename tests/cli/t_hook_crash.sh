# kill -9 of the worker in the middle of a batch of 10,000 changes: after a restart every change
# is delivered, and the only duplicates are deliveries sent and not yet recorded at the kill (same
# event id): at most two batches, the one being recorded and the one in flight (docs/alerts.md).
# Also: two workers at once never send the same delivery twice at the same time.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hooks_lib.sh"
migrate
IMPORT_BIN=${TRACKER_PLAIN_BIN:-$TRACKER_BIN}
[ -x "$IMPORT_BIN" ] || IMPORT_BIN=$TRACKER_BIN

start_receiver r
run hook add "$RECV_URL" --events deadline.created --allow-private --secret-stdin <"$TEST_TMP/secret"
expect_rc 0
# One import: 3,900 cases, 39,000 events, a little over 10,000 deadlines.
/usr/bin/python3 "$TRACKER_SRC/scripts/gen-fixture" 3900 --events 10 -o "$TEST_TMP/fx.json"
"$IMPORT_BIN" import "$TEST_TMP/fx.json" >/dev/null 2>"$TEST_TMP/import.err"
expect_eq 0 $? "import"
TOTAL=$(count outbox)
expect_eq True "$([ "$TOTAL" -ge 10000 ] && echo True || echo "False ($TOTAL)")" "at least 10,000 changes"
expect_eq "$TOTAL" "$(sql "SELECT count(*) FROM delivery")" "one delivery per change"

BATCH=100
start_worker --batch $BATCH --parallel 8
some() { [ "$(lines "$RECV_LOG")" -ge 2500 ]; }
WAIT_S=120 wait_until some && pass || fail "worker delivered too little before the kill"
kill -KILL "$WORKER_PID"
wait "$WORKER_PID" 2>/dev/null
WORKER_PID=""
sleep 0.5 # requests in flight at the kill are logged by now
AT_KILL=$(lines "$RECV_LOG")
DONE_AT_KILL=$(sql "SELECT count(*) FROM delivery WHERE state = 'delivered'")
expect_eq True "$([ "$DONE_AT_KILL" -lt "$TOTAL" ] && echo True || echo False)" "killed in the middle"

# Restart: two workers at once, claiming with FOR UPDATE SKIP LOCKED.
start_worker --batch $BATCH --parallel 8
W1=$WORKER_PID
start_worker --batch $BATCH --parallel 8
W2=$WORKER_PID
all() { [ "$(sql "SELECT count(*) FROM delivery WHERE state = 'delivered'")" = "$TOTAL" ]; }
WAIT_S=240 wait_until all && pass || fail "not every change delivered after the restart"
kill -TERM "$W1" "$W2"
wait "$W1" "$W2" 2>/dev/null
WORKER_PID=""

RECEIVED=$(lines "$RECV_LOG")
UNIQUE=$(jq_log "$RECV_LOG" "len(set(r['id'] for r in recs))")
DUPS=$((RECEIVED - UNIQUE))
echo "crash test: $TOTAL changes; received $AT_KILL before kill -9 ($DONE_AT_KILL recorded delivered); after restart: $RECEIVED requests, $UNIQUE distinct event ids, $DUPS duplicates"
expect_eq "$TOTAL" "$UNIQUE" "every change delivered (distinct event ids)"
expect_eq True "$(jq_log "$RECV_LOG" "all(r['valid'] for r in recs)")" "every signature valid"
# Duplicates are exactly deliveries that were sent and not recorded at the kill: received before
# it but not recorded as delivered, at most two batches (2 x 100 = 200). No delivery went out
# twice after the restart with two workers.
expect_eq True "$([ "$DUPS" -le $((AT_KILL - DONE_AT_KILL)) ] && [ "$DUPS" -le $((2 * BATCH)) ] && [ "$DUPS" -le 200 ] && echo True || echo "False ($DUPS)")" "duplicates only from the two batches sent and not recorded"
sql "SELECT o.event_id FROM outbox o" | sort >"$TEST_TMP/want"
jq_log "$RECV_LOG" "'\n'.join(sorted(set(r['id'] for r in recs)))" >"$TEST_TMP/got"
cmp -s "$TEST_TMP/want" "$TEST_TMP/got" && pass || fail "received ids differ from the outbox"
AFTER_DUPS=$(jq_log "$RECV_LOG" "(lambda a: len(a) - len(set(a)))([r['id'] for r in recs[$AT_KILL:]])")
expect_eq 0 "$AFTER_DUPS" "no duplicates between the two workers after the restart"
finish
