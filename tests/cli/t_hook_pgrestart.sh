# tracker notify survives a PostgreSQL restart: it says the database is unavailable, reconnects
# by itself (LISTEN again), delivers what was committed before the stop and what is committed
# after the restart. Uses a throwaway cluster of its own, as t_serve_pgrestart.sh does.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hooks_lib.sh"

source "$(dirname "$0")/throwaway_pg.sh"
trap 'hooks_cleanup; pg_stop; rm -rf "$PGD"' EXIT
throwaway_pg 5434
psql2() { psql -X -tA -h "$PGD/sock" -p 5434 -U postgres -d t -c "$1"; }

migrate
run case add --title "Telegram" --jurisdiction RU --external-id telegram
start_receiver r
run hook add "$RECV_URL" --events case.changed,event.created --allow-private --secret-stdin <"$TEST_TMP/secret"
expect_rc 0
start_worker --sweep 1 --retry-base-ms 200
run case edit telegram --status appealed
one() { [ "$(lines "$RECV_LOG")" -ge 1 ]; }
WAIT_S=20 wait_until one && pass || fail "first delivery"

pg_stop
down() { grep -q "database: unavailable" "$TEST_TMP/worker.log"; }
WAIT_S=20 wait_until down && pass || fail "no 'unavailable' log line"
kill -0 "$WORKER_PID" 2>/dev/null && pass || fail "worker exited while the database was down"
pg_start || { fail "restart failed"; finish; }
up() { grep -q "database: reachable again" "$TEST_TMP/worker.log"; }
WAIT_S=30 wait_until up && pass || fail "no 'reachable again' log line"

# Committed after the restart: delivered through the new connection's LISTEN (or the sweep).
run event add telegram --type ruling --date 2017-10-16 --title "After the restart"
expect_rc 0
two() { [ "$(lines "$RECV_LOG")" -ge 2 ]; }
WAIT_S=20 wait_until two && pass || fail "change after the restart not delivered"
expect_eq "case.changed event.created" "$(jq_log "$RECV_LOG" "' '.join(r['type'] for r in recs)")" "deliveries"
expect_eq 0 "$(psql2 "SELECT count(*) FROM delivery WHERE state <> 'delivered'")" "nothing left pending"
stop_worker
expect_eq 0 "$WORKER_RC" "worker exit code"
[ "$FAILS" = 0 ] || sed "s/^/  worker: /" "$TEST_TMP/worker.log"
finish
