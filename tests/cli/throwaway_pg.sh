# tests/cli/throwaway_pg.sh: a PostgreSQL cluster of a test's own (never the shared one), for
# tests that stop and restart it. Source after lib.sh, then `throwaway_pg PORT`: a cluster on a
# Unix socket in a temp folder (PGD) with a database t, TRACKER_DB pointing at it; pg_stop and
# pg_start stop and start it; the test's EXIT trap must call `pg_stop; rm -rf "$PGD"`.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -1)
PGD=""
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u "${TRACKER_PG_OS_USER:-trackerpg}" -- "$@"; else "$@"; fi; }
pg_stop() { as_pg "$PGBIN/pg_ctl" -D "$PGD/data" -m fast -w stop >/dev/null 2>&1; }
pg_start() { as_pg "$PGBIN/pg_ctl" -D "$PGD/data" -l "$PGD/log" -w -t 60 start >/dev/null; }
throwaway_pg() {
  local port=$1
  [ -x "$PGBIN/initdb" ] || { fail "PostgreSQL server programs not found"; finish; }
  PGD=$(mktemp -d /tmp/trk_pgrestart.XXXXXX)
  chmod 755 "$PGD"
  [ "$(id -u)" = 0 ] && chown "${TRACKER_PG_OS_USER:-trackerpg}" "$PGD"
  as_pg "$PGBIN/initdb" -D "$PGD/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PGD/initdb.log" 2>&1 ||
    { fail "initdb failed: $(tail -5 "$PGD/initdb.log")"; finish; }
  as_pg mkdir -p "$PGD/sock"
  cat >>"$PGD/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$PGD/sock'
port = $port
fsync = off
CONF
  pg_start || { fail "throwaway cluster did not start: $(tail -5 "$PGD/log")"; finish; }
  psql -X -q -h "$PGD/sock" -p "$port" -U postgres -d postgres -c "CREATE DATABASE t" >/dev/null
  export TRACKER_DB="host=$PGD/sock port=$port user=postgres dbname=t"
}
