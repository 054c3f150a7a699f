# Slow renders (issue 13, item 2): a cache miss is rendered by a render thread while the
# request's connection is suspended, so /healthz and cached answers stay fast while renders
# hang; identical concurrent misses share one render; misses per token are bounded (429 beyond).
# Renders are made slow by holding an exclusive lock on the feed table (every render reads it).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"
export TRACKER_TODAY=2017-10-20
migrate
run case add --title "Slow renders" --jurisdiction RU --external-id sr
run event add sr --type ruling --date 2017-10-16 --appeal-sutki 10 --fine 1000 --currency RUB
expect_rc 0
start_server --threads 2
run feed create --case sr --base-url "$BASE"
A=$(printf '%s\n' "$OUT" | sed -n 's/^url: //p')
run feed create --jurisdiction RU --base-url "$BASE"
B=$(printf '%s\n' "$OUT" | sed -n 's/^url: //p')
R=${B%.ics}/reports
fetch a "$A"
expect_eq 200 "$CODE" "cached feed"
ETAG=$(hdr a ETag)

LOCKER=
lock_feed() { # SECONDS
  psql -X -q -d "$TEST_DB" -c "BEGIN; LOCK TABLE feed IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep($1); COMMIT;" >/dev/null 2>&1 &
  LOCKER=$!
  locked() { [ "$(sql "SELECT count(*) FROM pg_locks WHERE relation = 'feed'::regclass AND mode = 'AccessExclusiveLock' AND granted")" = 1 ]; }
  wait_for locked || fail "could not lock the feed table"
}
timed() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 5 "$@"; }
fast() { # WHAT CODE URL [curl args]: answered CODE within 0.5 s
  local what=$1 want=$2; shift 2
  local got; got=$(timed "$@")
  set -- $got
  expect_eq "$want" "$1" "$what"
  awk -v t="$2" 'BEGIN { exit !(t < 0.5) }' && pass || fail "$what took $2 s"
}

lock_feed 4
# Four slow renders (distinct misses on two tokens), more than the two server threads.
for i in 1 2 3 4; do
  curl -s -o "$TEST_TMP/slow$i.body" -w '%{http_code}\n' --max-time 15 "$R/fines.json?from=2017-01-0$i" >"$TEST_TMP/slow$i.code" &
done
sleep 0.5
fast "healthz during slow renders" 200 "$BASE/healthz"
fast "cached feed during slow renders" 200 "$A"
fast "cached 304 during slow renders" 304 "$A" -H "If-None-Match: $ETAG"
fast "healthz again" 200 "$BASE/healthz"
# Identical misses (on the other token: one render per token at a time, two render threads)
# wait for one render.
for i in 1 2 3; do
  curl -s -o "$TEST_TMP/same$i.body" -w '%{http_code}\n' --max-time 15 "${A%.ics}/reports/timeline.json" >"$TEST_TMP/same$i.code" &
done
# One token cannot queue more than 8 renders: the rest are told to come back at once.
codes=$(for i in $(seq 10 21); do timed "$R/deadlines.json?as_of=2017-10-$i" & done; wait)
n429=$(printf '%s\n' "$codes" | grep -c '^429 ')
[ "$n429" -ge 4 ] && pass || fail "no 429 beyond 8 renders per token: $codes"
printf '%s\n' "$codes" | awk '$1 == 429 && $2 >= 0.5 { bad = 1 } END { exit bad }' && pass || fail "429 not at once: $codes"
wait "$LOCKER"
wait_for test -s "$TEST_TMP/same3.code"
sleep 1
for i in 1 2 3 4; do expect_eq 200 "$(cat "$TEST_TMP/slow$i.code")" "slow render $i answered"; done
for i in 1 2 3; do expect_eq 200 "$(cat "$TEST_TMP/same$i.code")" "identical miss $i answered"; done
cmp -s "$TEST_TMP/same1.body" "$TEST_TMP/same3.body" && pass || fail "identical misses differ"
run report fines --param jurisdiction=RU --param from=2017-01-01 --output "$TEST_TMP/cli.json"
cmp -s "$TEST_TMP/slow1.body" "$TEST_TMP/cli.json" && pass || fail "slow render differs from tracker report"
grep -q 'render: /feeds/\[token\]/reports/timeline.json took [0-9]* ms, answered 3 requests' "$SERVER_LOG" && pass ||
  fail "identical misses not merged: $(grep 'render:' "$SERVER_LOG" | head -5)"
grep -q '"GET /feeds/\[token\]/reports/deadlines.json" 429' "$SERVER_LOG" && pass || fail "no 429 access line"
# SIGTERM while a render hangs: the waiting request is answered and the server exits 0.
lock_feed 3
curl -s -o /dev/null -w '%{http_code}\n' --max-time 15 "$R/fines.json?from=2017-02-01" >"$TEST_TMP/term.code" &
CURL=$!
sleep 0.5
stop_server
wait "$CURL"
expect_eq 0 "$SERVER_RC" "exit code after SIGTERM during a render"
case "$(cat "$TEST_TMP/term.code")" in 200 | 503) pass ;; *) fail "request during shutdown: $(cat "$TEST_TMP/term.code")" ;; esac
wait "$LOCKER"
grep -q "Sanitizer\|runtime error" "$SERVER_LOG" && fail "sanitizer report: $(grep -m1 -A8 'Sanitizer\|runtime error' "$SERVER_LOG")" || pass
finish
