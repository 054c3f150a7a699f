# Serving feeds from a streaming replica (issue 6, "beyond one machine"): a primary and a
# pg_basebackup -R replica on loopback Unix sockets; the CLI writes to the primary, two
# `tracker serve` processes read through libpq multi-host conninfo that prefers the standby.
# A deadline recorded on the primary must appear in both feeds within a bounded time; when the
# replica stops, the servers fail over to the primary by themselves.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -1)
[ -x "$PGBIN/pg_basebackup" ] || { fail "PostgreSQL server programs not found"; finish; }
PGD=$(mktemp -d /tmp/trk_replica.XXXXXX)
chmod 755 "$PGD"
PG_USER=${TRACKER_PG_OS_USER:-trackerpg}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown "$PG_USER" "$PGD"
SERVERS=()
cleanup_all() {
  for p in "${SERVERS[@]}"; do kill -TERM "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  as_pg "$PGBIN/pg_ctl" -D "$PGD/replica" -m immediate -w stop >/dev/null 2>&1
  as_pg "$PGBIN/pg_ctl" -D "$PGD/primary" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$PGD"
  cleanup
}
trap cleanup_all EXIT

# Primary: Unix socket only; initdb's pg_hba trusts local replication connections.
as_pg "$PGBIN/initdb" -D "$PGD/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PGD/initdb.log" 2>&1 ||
  { fail "initdb failed: $(tail -5 "$PGD/initdb.log")"; finish; }
as_pg mkdir -p "$PGD/psock" "$PGD/rsock"
cat >>"$PGD/primary/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$PGD/psock'
port = 5433
fsync = off
wal_level = replica
max_wal_senders = 5
CONF
as_pg "$PGBIN/pg_ctl" -D "$PGD/primary" -l "$PGD/primary.log" -w -t 60 start >/dev/null ||
  { fail "primary did not start: $(tail -5 "$PGD/primary.log")"; finish; }
P="host=$PGD/psock port=5433"
psql -X -q -h "$PGD/psock" -p 5433 -U postgres -d postgres \
  -c "CREATE ROLE tracker LOGIN" -c "CREATE ROLE tracker_writer NOLOGIN" -c "CREATE ROLE tracker_feed_reader LOGIN" -c "CREATE DATABASE t OWNER tracker" >/dev/null

# The CLI writes to the primary as the non-superuser application role.
export TRACKER_DB="$P user=tracker dbname=t"
migrate

# Replica: a base backup with -R (standby.signal + primary_conninfo), its own socket folder.
as_pg "$PGBIN/pg_basebackup" -h "$PGD/psock" -p 5433 -U postgres -D "$PGD/replica" -R -X stream -c fast >/dev/null 2>"$PGD/bb.log" ||
  { fail "pg_basebackup failed: $(tail -5 "$PGD/bb.log")"; finish; }
sed -i "s|^unix_socket_directories = .*|unix_socket_directories = '$PGD/rsock'|" "$PGD/replica/postgresql.conf"
as_pg "$PGBIN/pg_ctl" -D "$PGD/replica" -l "$PGD/replica.log" -w -t 60 start >/dev/null ||
  { fail "replica did not start: $(tail -5 "$PGD/replica.log")"; finish; }
R="host=$PGD/rsock port=5433"
expect_eq t "$(psql -X -tA -h "$PGD/rsock" -p 5433 -U postgres -d t -c 'SELECT pg_is_in_recovery()')" "replica is a standby"

run case add --title "Telegram fined for refusing FSB keys" --jurisdiction RU --external-id telegram
expect_rc 0

# Two stateless servers, both pointed at the replica first and the primary as the fallback.
SERVE_DB="host=$PGD/rsock,$PGD/psock port=5433,5433 user=tracker_feed_reader dbname=t target_session_attrs=prefer-standby"
PORTS=()
for i in 1 2; do
  log=$TEST_TMP/serve$i.log
  TRACKER_DB="$SERVE_DB" "$TRACKER_BIN" serve --listen 127.0.0.1:0 --poll-ms 100 2>"$log" &
  SERVERS+=($!)
  port=
  for _ in $(seq 1 200); do
    port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || { fail "server $i did not start: $(cat "$log")"; finish; }
  PORTS+=("$port")
done

# The feed is created on the primary; its token row reaches the replica by replication.
run feed create --case telegram --base-url http://127.0.0.1:${PORTS[0]}
expect_rc 0
TOKEN_PATH=$(printf '%s\n' "$OUT" | sed -n 's|^url: http://[^/]*||p')
[ -n "$TOKEN_PATH" ] && pass || fail "no feed URL"

# Both servers read from the standby: the replica's pg_stat_activity shows their sessions.
standby_sessions() {
  psql -X -tA -h "$PGD/rsock" -p 5433 -U postgres -d t \
    -c "SELECT count(*) >= 2 FROM pg_stat_activity WHERE usename = 'tracker_feed_reader' AND application_name = 'tracker'"
}
on_standby() { [ "$(standby_sessions)" = t ]; }
wait_for on_standby && pass || fail "servers are not connected to the standby"

# Record a deadline on the primary and time how long each server's feed takes to show it.
run event add telegram --type ruling --date 2017-10-16 --appeal-sutki 10
expect_rc 0
DID=$(psql -X -tA -h "$PGD/psock" -p 5433 -U postgres -d t -c "SELECT id FROM deadline")
t0=$(date +%s%N)
for i in 0 1; do
  shows() { fetch f$i "http://127.0.0.1:${PORTS[$i]}$TOKEN_PATH"; [ "$CODE" = 200 ] && grep -q "UID:deadline-$DID@" "$TEST_TMP/f$i.body"; }
  wait_for shows && pass || fail "server $((i + 1)) did not show the new deadline within 10 s"
done
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "replica: new deadline visible in both feeds after ${ms} ms (bound 10000 ms)"
grep -q "DTSTART;VALUE=DATE:20171026" "$TEST_TMP/f0.body" && pass || fail "appeal deadline date in the replica's feed"

# The standby is read-only: the CLI pointed at it refuses to write, with nothing partial.
TRACKER_DB="$R user=tracker dbname=t" run case add --title "on the standby" --jurisdiction RU
expect_rc 1
expect_err_has "read-only"

# Fail over: stop the replica; the servers reconnect to the primary by their conninfo.
as_pg "$PGBIN/pg_ctl" -D "$PGD/replica" -m immediate -w stop >/dev/null
t0=$(date +%s%N)
for i in 0 1; do
  healthy() { fetch h$i "http://127.0.0.1:${PORTS[$i]}/healthz"; [ "$CODE" = 200 ]; }
  served() { fetch g$i "http://127.0.0.1:${PORTS[$i]}$TOKEN_PATH"; [ "$CODE" = 200 ] && grep -q "UID:deadline-$DID@" "$TEST_TMP/g$i.body"; }
  # wait_for polls 10 s; allow three rounds for libpq's connect attempts to the dead host.
  (wait_for healthy || wait_for healthy || wait_for healthy) && pass || fail "server $((i + 1)) did not recover after the replica stopped"
  wait_for served && pass || fail "server $((i + 1)) does not serve the feed from the primary"
done
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "replica: both servers serving from the primary ${ms} ms after the replica stopped"
# And changes made now (on the primary) reach the feeds.
EV=$(psql -X -tA -h "$PGD/psock" -p 5433 -U postgres -d t -c "SELECT id FROM event")
run event edit "$EV" --date 2017-10-17
expect_rc 0
for i in 0 1; do
  moved() { fetch m$i "http://127.0.0.1:${PORTS[$i]}$TOKEN_PATH"; grep -q "DTSTART;VALUE=DATE:20171027" "$TEST_TMP/m$i.body"; }
  wait_for moved && pass || fail "server $((i + 1)) does not show changes after fail-over"
done
for p in "${SERVERS[@]}"; do
  kill -TERM "$p"; wait "$p"; expect_eq 0 "$?" "server exit code after SIGTERM"
done
SERVERS=()
finish
