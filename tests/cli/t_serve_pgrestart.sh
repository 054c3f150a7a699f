# tracker serve survives a PostgreSQL restart: it keeps serving cached feeds while the database
# is down (healthz says 503), reconnects by itself, and picks up changes made after the restart.
# Uses a throwaway cluster of its own (never the shared one), on a Unix socket in a temp folder.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"

source "$(dirname "$0")/throwaway_pg.sh"
cleanup_pg() { pg_stop; rm -rf "$PGD"; cleanup; }
trap cleanup_pg EXIT
throwaway_pg 5433

migrate
run case add --title "Telegram fined for refusing FSB keys" --jurisdiction RU --external-id telegram
run event add telegram --type ruling --date 2017-10-16 --appeal-sutki 10
expect_rc 0
EV=$(psql -X -tA -h "$PGD/sock" -p 5433 -U postgres -d t -c "SELECT id FROM event")

# The server re-arms its own exit trap: keep the cluster's cleanup in it.
start_server --allow-superuser
trap 'kill -TERM $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; cleanup_pg' EXIT
run feed create --case telegram --base-url "$BASE"
URL=$(printf '%s\n' "$OUT" | sed -n 's/^url: //p')
fetch a "$URL"
expect_eq 200 "$CODE" "feed before the restart"
ETAG=$(hdr a ETag)

pg_stop
down() { fetch z "$BASE/healthz"; [ "$CODE" = 503 ]; }
wait_for down && pass || fail "healthz did not report the database down"
# Cached feeds are still served, whole; an unknown token cannot be checked: 503, not 404.
fetch b "$URL"
expect_eq 200 "$CODE" "cached feed while the database is down"
cmp -s "$TEST_TMP/a.body" "$TEST_TMP/b.body" && pass || fail "cached body differs"
fetch b "$URL" -H "If-None-Match: $ETAG"
expect_eq 304 "$CODE" "304 while the database is down"
fetch u "$BASE/feeds/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics"
expect_eq 503 "$CODE" "unknown token while the database is down"
expect_eq 30 "$(hdr u Retry-After)" "Retry-After"
grep -q "database: unavailable" "$SERVER_LOG" && pass || fail "no 'unavailable' log line"

pg_start || { fail "restart failed"; finish; }
up() { fetch z "$BASE/healthz"; [ "$CODE" = 200 ]; }
wait_for up && pass || fail "healthz did not recover"
grep -q "database: reachable again" "$SERVER_LOG" && pass || fail "no 'reachable again' log line"

# A change after the restart reaches the feed (the render connection reconnects too).
run event edit "$EV" --date 2017-10-17
expect_rc 0
moved() { fetch c "$URL" -H "If-None-Match: $ETAG"; [ "$CODE" = 200 ]; }
wait_for moved && pass || fail "change after the restart not served"
parse_ics "$TEST_TMP/c.body" c
expect_j c '[e["sequence"] for e in d["events"].values()]' "[2]"
expect_j c '[e["start"] for e in d["events"].values()]' '["2017-10-27"]'
fetch u "$BASE/feeds/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics"
expect_eq 404 "$CODE" "unknown token once the database is back"

stop_server
trap cleanup_pg EXIT
expect_eq 0 "$SERVER_RC" "exit code after SIGTERM"
finish
