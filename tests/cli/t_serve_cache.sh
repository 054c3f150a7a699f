# tracker serve with a cache smaller than its feeds: feeds are evicted and rendered again, every
# answer stays whole and correct, ETags stay the same, memory stays bounded.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"
migrate
# 700 deadlines (fixtures by SQL): each feed below is well over 1 MB.
sql "INSERT INTO legal_case (title, jurisdiction, tags)
     SELECT 'Case ' || g || ' with a long enough title to make the feed large', 'RU', '{bulk}'
     FROM generate_series(1, 7) g"
sql "INSERT INTO event (case_id, type, date, title)
     SELECT 1 + (g % 7), 'ruling', date '2017-01-01' + g, 'Ruling ' || g FROM generate_series(1, 700) g"
sql "INSERT INTO deadline (case_id, trigger_event_id, kind, title, due_on)
     SELECT case_id, id, 'appeal', 'Appeal deadline', date + 10 FROM event"
start_server --cache-mb 1
urls=()
for args in "--all" "--tag bulk" "--jurisdiction RU"; do
  run feed create $args --reminders 7d,1d --base-url "$BASE"
  expect_rc 0
  urls+=("$(printf '%s\n' "$OUT" | sed -n 's/^url: //p')")
done
fetch first "${urls[0]}"
expect_eq 200 "$CODE" "first feed"
[ "$(stat -c %s "$TEST_TMP/first.body")" -gt 1048576 ] && pass || fail "feed smaller than the cache"
ETAG=$(hdr first ETag)
parse_ics "$TEST_TMP/first.body" first
expect_j first 'len(d["events"])' 2100
# Round and round: each request evicts another feed; answers stay whole and identical.
for round in 1 2 3; do
  for i in 0 1 2; do
    fetch "r$i" "${urls[$i]}"
    expect_eq 200 "$CODE" "round $round feed $i"
  done
  cmp -s "$TEST_TMP/first.body" "$TEST_TMP/r0.body" && pass || fail "feed 0 changed after eviction"
done
fetch again "${urls[0]}" -H "If-None-Match: $ETAG"
expect_eq 304 "$CODE" "ETag survives eviction and re-rendering"
RSS=$(awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
stop_server INT
expect_eq 0 "$SERVER_RC" "exit code after SIGINT"
grep -q "received SIGINT: draining connections" "$SERVER_LOG" && pass || fail "no SIGINT drain line"
grep -q "Sanitizer\|runtime error" "$SERVER_LOG" && fail "sanitizer report: $(grep -m1 -A8 'Sanitizer\|runtime error' "$SERVER_LOG")" || pass
echo "server RSS at the end: $RSS kB"
finish
