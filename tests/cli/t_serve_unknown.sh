# Unknown tokens (issue 13, item 5): they are remembered, so that a phone polling a dead feed
# costs no database query, up to --max-unknown-tokens per change of the database; when the
# database changes the count starts again (it used to stay full for ever, and from then on every
# unknown token was a query under the render lock). Whether an answer came from memory is seen
# by holding an exclusive lock on the feed table: a remembered token is still answered at once,
# one that needs the database waits.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"
migrate
run case add --title "Unknown tokens" --jurisdiction RU --external-id ut
expect_rc 0
# T_UNKNOWN_DEFAULT=1 runs with the server's default count (10,000 requests) instead of a small
# one, e.g. against a server without --max-unknown-tokens (TRACKER_SERVE_BIN).
if [ -n "${T_UNKNOWN_DEFAULT:-}" ]; then N=10000; start_server
else N=20; start_server --max-unknown-tokens "$N"; fi

tok() { printf 'Unknown%036d' "$1"; } # 43 URL-safe characters, never a feed's
# many_404 FIRST LAST: request the unknown tokens FIRST..LAST on one keep-alive connection;
# print how many were answered 404.
many_404() {
  "$ICS_PY" - "$PORT" "$1" "$2" <<'PY'
import http.client, sys
port, first, last = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
n = 0
for i in range(first, last + 1):
    c.request("GET", "/feeds/Unknown%036d.ics" % i)
    r = c.getresponse()
    r.read()
    n += r.status == 404
print(n)
PY
}
# with_feed_locked CMD...: run CMD while another session holds an exclusive lock on feed.
LOCKER=
lock_feed() {
  psql -X -q -d "$TEST_DB" -c "BEGIN; LOCK TABLE feed IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(5); COMMIT;" >/dev/null 2>&1 &
  LOCKER=$!
  locked() { [ "$(sql "SELECT count(*) FROM pg_locks WHERE relation = 'feed'::regclass AND mode = 'AccessExclusiveLock' AND granted")" = 1 ]; }
  wait_for locked || fail "could not lock the feed table"
}
unlock_feed() { wait "$LOCKER" 2>/dev/null; }
quick() { curl -s -o /dev/null -w '%{http_code}' --max-time 1.5 "$BASE/feeds/$(tok "$1").ics"; }

# Fill the count, then one more: that one is answered 404 but not remembered.
expect_eq "$N" "$(many_404 1 "$N")" "unknown tokens answered 404"
expect_eq 1 "$(many_404 $((N + 1)) $((N + 1)))" "one more unknown token"
lock_feed
expect_eq 404 "$(quick 1)" "a remembered unknown token needs no database"
expect_eq 000 "$(quick $((N + 1)))" "the token beyond the count needs the database (control)"
unlock_feed

# A change of the database: the remembered tokens are stale, the count starts again.
gen0=$(sql "SELECT generation FROM change_marker")
run case add --title "A change" --jurisdiction RU
expect_rc 0
moved() { grep -q . "$SERVER_LOG" && [ "$(sql "SELECT generation FROM change_marker")" != "$gen0" ]; }
wait_for moved && pass || fail "change marker did not move"
sleep 0.5 # a few polls (--poll-ms 100)
expect_eq 1 "$(many_404 $((N + 2)) $((N + 2)))" "a new unknown token after the change"
lock_feed
expect_eq 404 "$(quick $((N + 2)))" "after a change of the database unknown tokens are remembered again"
unlock_feed
fetch z "$BASE/healthz"
expect_eq 200 "$CODE" "healthz"
stop_server
expect_eq 0 "$SERVER_RC" "exit code after SIGTERM"
grep -q "Sanitizer\|runtime error" "$SERVER_LOG" && fail "sanitizer report: $(grep -m1 -A8 'Sanitizer\|runtime error' "$SERVER_LOG")" || pass
finish
