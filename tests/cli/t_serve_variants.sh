# The cache is bounded per token (issue 13, item 1): query parameters (?from=, ?limit=, ?state=)
# can take any number of values, so a token (a newsroom page's, public) could fill the cache with
# variants of its reports. At most 16 parametrized variants per token are kept, the oldest
# dropped first; answers without parameters, timelines and the calendar are not affected. Which
# answers are in memory is seen by holding an exclusive lock on the feed table: a cached answer
# is served at once, one that needs the database waits. (RSS under 50,000 distinct URLs is
# measured by bench/cache_rss.sh, see docs/hardening.md.)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"
export TRACKER_TODAY=2017-10-20
migrate
run case add --title "Variants case" --jurisdiction RU --external-id vc
run event add vc --type ruling --date 2017-10-16 --appeal-sutki 10 --fine 1000 --currency RUB
expect_rc 0
start_server
run feed create --case vc --base-url "$BASE"
URL=$(printf '%s\n' "$OUT" | sed -n 's/^url: //p')
R=${URL%.ics}/reports
from() { printf '2017-01-%02d' "$1"; }
LOCKER=
lock_feed() {
  psql -X -q -d "$TEST_DB" -c "BEGIN; LOCK TABLE feed IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(5); COMMIT;" >/dev/null 2>&1 &
  LOCKER=$!
  locked() { [ "$(sql "SELECT count(*) FROM pg_locks WHERE relation = 'feed'::regclass AND mode = 'AccessExclusiveLock' AND granted")" = 1 ]; }
  wait_for locked || fail "could not lock the feed table"
}
quick() { curl -s -o /dev/null -w '%{http_code}' --max-time 1.5 "$1"; }

for u in "$URL" "$R/fines.json" "$R/fines.csv" "${URL%.ics}/timeline.json"; do
  fetch w "$u"
  expect_eq 200 "$CODE" "warm $u"
done
# 17 variants of one report for one token: the first is dropped when the 17th comes.
for i in $(seq 1 17); do
  fetch v "$R/fines.json?from=$(from "$i")"
  expect_eq 200 "$CODE" "variant $i"
done
lock_feed
expect_eq 200 "$(quick "$R/fines.json?from=$(from 17)")" "the newest variant is cached"
expect_eq 200 "$(quick "$R/fines.json?from=$(from 2)")" "the 16th newest variant is cached"
expect_eq 200 "$(quick "$R/fines.json")" "the report without parameters is cached"
expect_eq 200 "$(quick "$R/fines.csv")" "the csv is cached"
expect_eq 200 "$(quick "$URL")" "the calendar is cached"
expect_eq 200 "$(quick "${URL%.ics}/timeline.json")" "the timeline is cached"
expect_eq 000 "$(quick "$R/fines.json?from=$(from 1)")" "the oldest variant was dropped"
wait "$LOCKER" 2>/dev/null
# Served again (re-rendered), whole.
fetch v1 "$R/fines.json?from=$(from 1)"
expect_eq 200 "$CODE" "the dropped variant is rendered again"
run report fines --param case=vc --param from="$(from 1)" --output "$TEST_TMP/cli.json"
cmp -s "$TEST_TMP/v1.body" "$TEST_TMP/cli.json" && pass || fail "re-rendered variant differs from tracker report"
stop_server
expect_eq 0 "$SERVER_RC" "exit code after SIGTERM"
grep -q "Sanitizer\|runtime error" "$SERVER_LOG" && fail "sanitizer report: $(grep -m1 -A8 'Sanitizer\|runtime error' "$SERVER_LOG")" || pass
finish
