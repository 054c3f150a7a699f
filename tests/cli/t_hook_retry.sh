# Delivery failures: a receiver answering 500 three times then 200 is retried with growing delays
# (exponential backoff with jitter, base --retry-base-ms); 429 with Retry-After is honoured; a 404
# is not retried; a slow receiver is timed out and retried; a hook failing longer than
# --disable-after is disabled with its reason; the worker exits 0 on SIGTERM.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hooks_lib.sh"
migrate
run case add --title "Telegram" --jurisdiction RU --external-id telegram

add_hook() { # URL EVENTS -> HOOK
  run hook add "$1" --events "$2" --allow-private --secret-stdin <"$TEST_TMP/secret"
  [ "$RC" = 0 ] || fail "hook add $1"
  HOOK=$(printf '%s' "$OUT" | sed -n 's/^created hook \([0-9]*\).*/\1/p')
}
attempts() { sql "SELECT string_agg(t.outcome || coalesce(':' || t.response_code, ''), ',' ORDER BY t.attempt) FROM delivery_attempt t JOIN delivery d ON d.id = t.delivery_id WHERE d.hook_id = $1"; }
delivered() { [ "$(sql "SELECT count(*) FROM delivery WHERE hook_id = $1 AND state = 'delivered'")" = "${2:-1}" ]; }

# ---- 500, 500, 500, then 200: retried with growing delays ----
start_receiver r500 --fail-first 3
add_hook "$RECV_URL" case.changed
H500=$HOOK
start_worker --retry-base-ms 200 --sweep 1
run case edit telegram --status appealed
WAIT_S=30 wait_until delivered "$H500" && pass || fail "500s then 200 not delivered"
expect_eq "http_error:500,http_error:500,http_error:500,ok:200" "$(attempts "$H500")" "attempts"
# gaps between attempts grow (base 200 ms doubled each time, +-25%): ~200, ~400, ~800 ms
GAPS=$(jq_log "$RECV_LOG" "' '.join(str(int((recs[i+1]['recv']-recs[i]['recv'])*1000)) for i in range(len(recs)-1))")
echo "retry gaps (ms): $GAPS"
expect_eq "True" "$(/usr/bin/python3 -c "g=[int(x) for x in '$GAPS'.split()]; print(len(g)==3 and g[0]>=140 and g[0]<g[1]<g[2] and g[2]>=550)")" "growing delays ($GAPS)"
expect_eq 1 "$(jq_log "$RECV_LOG" "len(set(r['id'] for r in recs))")" "one event id across the retries"
expect_eq "1 2 3 4" "$(jq_log "$RECV_LOG" "' '.join(r['attempt'] for r in recs)")" "Tracker-Attempt"
run hook deliveries "$H500"
expect_out_has "attempt 4"
expect_out_has "http_error 500"
stop_worker
expect_eq 0 "$WORKER_RC" "worker exit code after SIGTERM"
run hook delete "$H500"

# ---- 429 with Retry-After: 2 -> the next try waits 2 s (not the 200 ms base) ----
start_receiver r429 --fail-first 1 --status-first 429 --retry-after 2
add_hook "$RECV_URL" case.changed
H429=$HOOK
start_worker --retry-base-ms 200 --sweep 1
run case edit telegram --status open
WAIT_S=30 wait_until delivered "$H429" && pass || fail "429 then 200 not delivered"
expect_eq "http_error:429,ok:200" "$(attempts "$H429")" "429 attempts"
GAP=$(jq_log "$RECV_LOG" "int((recs[1]['recv']-recs[0]['recv'])*1000)")
expect_eq "True" "$([ "$GAP" -ge 1900 ] && echo True || echo "False ($GAP ms)")" "Retry-After honoured"
stop_worker
run hook delete "$H429"

# ---- 404: not retried ----
start_receiver r404 --fail-first 100 --status-first 404
add_hook "$RECV_URL" case.changed
H404=$HOOK
run case edit telegram --status appealed
run notify --once --retry-base-ms 100
sleep 0.5
run notify --once --retry-base-ms 100
expect_eq "http_error:404" "$(attempts "$H404")" "404 tried once"
expect_eq failed "$(sql "SELECT state FROM delivery WHERE hook_id = $H404")" "404 delivery failed for good"
expect_eq 1 "$(lines "$RECV_LOG")" "the receiver saw one request"
run hook delete "$H404"

# ---- slow receiver: timed out, then retried ----
start_receiver rslow --slow-first 1 --slow-ms 3000
add_hook "$RECV_URL" case.changed
HS=$HOOK
start_worker --retry-base-ms 200 --timeout-ms 700 --sweep 1
run case edit telegram --status open
WAIT_S=30 wait_until delivered "$HS" && pass || fail "slow receiver: not delivered after the timeout"
expect_eq "timeout,ok:200" "$(attempts "$HS")" "timeout then ok"
LAT=$(sql "SELECT latency_ms FROM delivery_attempt t JOIN delivery d ON d.id = t.delivery_id WHERE d.hook_id = $HS AND t.attempt = 1")
expect_eq True "$([ "$LAT" -ge 600 ] && [ "$LAT" -lt 2500 ] && echo True || echo "False ($LAT)")" "timed out at about 700 ms"
stop_worker
run hook delete "$HS"

# ---- a hook failing for longer than --disable-after is disabled with its reason ----
start_receiver rdown --fail-first 100000 --status-first 503
add_hook "$RECV_URL" case.changed
HD=$HOOK
start_worker --retry-base-ms 200 --disable-after 2 --sweep 1
run case edit telegram --status appealed
disabled() { [ -n "$(sql "SELECT disabled_at FROM hook WHERE id = $HD")" ]; }
WAIT_S=30 wait_until disabled && pass || fail "failing hook not disabled"
run hook list
expect_out_has "DISABLED"
expect_out_has "HTTP 503"
grep -q "disabled hook $HD" "$TEST_TMP/worker.log" && pass || fail "no 'disabled hook' log line"
n=$(lines "$RECV_LOG")
sleep 1.5
expect_eq "$n" "$(lines "$RECV_LOG")" "no more attempts once disabled"
expect_eq pending "$(sql "SELECT state FROM delivery WHERE hook_id = $HD")" "its delivery waits"
stop_worker
finish
