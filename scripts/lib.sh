# scripts/lib.sh: shared by scripts/demo, scripts/test and scripts/db. Source it; do not run it.
# Installs what is missing (apt-get), builds with CMake, and runs a private PostgreSQL cluster
# under .tracker/ that listens only on a Unix socket in that folder.

set -euo pipefail

TRACKER_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TRACKER_STATE=${TRACKER_STATE:-$TRACKER_ROOT/.tracker}
PGDATA_DIR=$TRACKER_STATE/pgdata
PGSOCK_DIR=$TRACKER_STATE/sock
PGLOG=$TRACKER_STATE/postgres.log
PG_PORT=${TRACKER_PGPORT:-5433}
PG_OS_USER=${TRACKER_PG_OS_USER:-trackerpg}   # used only when running as root (initdb refuses root)
DB_ROLE=tracker
DB_NAME=tracker

# Debian packages: what building and running need, and what the tests add.
BUILD_PACKAGES="build-essential cmake pkg-config libpq-dev postgresql postgresql-contrib
  libical-dev libcjson-dev libmicrohttpd-dev libcsv-dev libsodium-dev libssl-dev libcurl4-openssl-dev curl ca-certificates"
TEST_PACKAGES="python3 python3-icalendar valgrind python3-jsonschema chromium python3-aiosmtpd"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root to run: $* (install sudo or run as root)"
  fi
}

# ensure_packages PKG...: installs the Debian packages that are not installed yet.
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# ensure_node: node and npm for the independent calendar checkers. Machines that already have a
# Node.js build with its own npm (NodeSource) keep it; Debian's packages otherwise.
ensure_node() {
  command -v node >/dev/null && command -v npm >/dev/null && return 0
  ensure_packages nodejs npm
}

# pg_bin TOOL: path of a PostgreSQL server program (initdb, pg_ctl, postgres).
pg_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/$1" ] && { echo "$d/$1"; return 0; }
  done
  command -v "$1" || die "PostgreSQL server program $1 not found (is the postgresql package installed?)"
}

# build DIR [cmake args...]: configure and build into DIR.
build() {
  local dir=$1; shift
  cmake -S "$TRACKER_ROOT" -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j "$(nproc)" >/dev/null || cmake --build "$dir" -j1
}

# bench_build: an optimized binary (RelWithDebInfo, no sanitizers) in build-bench/ for the
# benchmark scripts; prints the compiler's output and dies when the build fails. Sets TRACKER.
bench_build() {
  local dir=$TRACKER_ROOT/build-bench
  cmake -S "$TRACKER_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$dir" -j "$(nproc)" --target tracker >"$dir/build.log" 2>&1 ||
    { tail -30 "$dir/build.log"; die "build failed"; }
  TRACKER=$dir/bin/tracker
}

# Run a command as the cluster's OS user (ourselves unless we are root).
pg_run() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$PG_OS_USER" -- "$@"; else "$@"; fi
}

ensure_pg_user() {
  [ "$(id -u)" = 0 ] || return 0
  id "$PG_OS_USER" >/dev/null 2>&1 && return 0
  log "creating OS user $PG_OS_USER for the private cluster (initdb refuses root)"
  useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_OS_USER"
}

pg_running() {
  [ -f "$PGDATA_DIR/postmaster.pid" ] && pg_run "$(pg_bin pg_ctl)" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

# cluster_start: initdb on first use, then start; idempotent. Sets CLUSTER_STARTED_HERE=1 when
# this call started the server (so the caller knows to stop it).
CLUSTER_STARTED_HERE=0
cluster_start() {
  ensure_pg_user
  mkdir -p "$TRACKER_STATE"
  if [ "$(id -u)" = 0 ]; then
    # The cluster's user must reach the checkout; say so clearly rather than fail in initdb.
    runuser -u "$PG_OS_USER" -- test -x "$TRACKER_STATE" ||
      die "$PG_OS_USER cannot reach $TRACKER_STATE (a parent folder is not searchable); set TRACKER_STATE to a folder it can reach"
    chown "$PG_OS_USER" "$TRACKER_STATE"
  fi
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    log "initdb: private cluster in $PGDATA_DIR"
    rm -rf "$PGDATA_DIR"
    pg_run mkdir -p "$PGDATA_DIR" "$PGSOCK_DIR"
    pg_run "$(pg_bin initdb)" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 \
      --locale=C.UTF-8 >"$TRACKER_STATE/initdb.log" 2>&1 || { cat "$TRACKER_STATE/initdb.log" >&2; die "initdb failed"; }
    cat >>"$PGDATA_DIR/postgresql.conf" <<CONF
# tracker private cluster: Unix socket only, in the checkout.
listen_addresses = ''
unix_socket_directories = '$PGSOCK_DIR'
unix_socket_permissions = 0700
port = $PG_PORT
max_connections = 200
shared_buffers = 128MB
CONF
  fi
  pg_run mkdir -p "$PGSOCK_DIR"
  if ! pg_running; then
    log "starting PostgreSQL (socket $PGSOCK_DIR, port $PG_PORT)"
    # Private clusters trade crash durability for speed only when asked (the test suite).
    local opts=""
    [ "${TRACKER_PG_FAST:-0}" = 1 ] && opts="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    pg_run "$(pg_bin pg_ctl)" -D "$PGDATA_DIR" -l "$PGLOG" -w -t 60 -o "$opts" start >/dev/null ||
      { tail -20 "$PGLOG" >&2; die "PostgreSQL did not start"; }
    CLUSTER_STARTED_HERE=1
  fi
  cluster_roles
  psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1 ||
    psql_admin -qc "CREATE DATABASE $DB_NAME OWNER $DB_ROLE"
}

# cluster_roles: the roles, created by the administrator (postgres), never by the application:
#   tracker              logs in; owns the database and migrates it. CREATEDB only because every
#                        test makes a database of its own. No CREATEROLE: a role that can create
#                        roles can grant itself pg_execute_server_program and run programs as
#                        the cluster's OS user.
#   tracker_writer       (NOLOGIN) what an analyst's login role needs (migration 005 grants it).
#   tracker_feed_reader  logs in itself for `tracker serve`: SELECT only (migrations 004, 013),
#                        owns nothing, no CREATEROLE. Nothing to undo with RESET ROLE.
#   tracker_api          logs in for `tracker serve --app --write-db`: a member of tracker_writer
#                        and nothing more (the API writes data, never the schema).
# Idempotent, and it takes CREATEROLE away from a cluster made by an older version.
cluster_roles() {
  psql_admin -q <<SQL
DO \$\$
BEGIN
  IF to_regrole('$DB_ROLE') IS NULL THEN
    CREATE ROLE $DB_ROLE LOGIN CREATEDB;
  END IF;
  ALTER ROLE $DB_ROLE NOSUPERUSER NOCREATEROLE;
  IF to_regrole('tracker_writer') IS NULL THEN
    CREATE ROLE tracker_writer NOLOGIN;
  END IF;
  IF to_regrole('tracker_feed_reader') IS NULL THEN
    CREATE ROLE tracker_feed_reader LOGIN;
  END IF;
  ALTER ROLE tracker_feed_reader LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
  IF to_regrole('tracker_api') IS NULL THEN
    CREATE ROLE tracker_api LOGIN IN ROLE tracker_writer;
  END IF;
  ALTER ROLE tracker_api LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
END
\$\$;
SQL
}

cluster_stop() {
  if pg_running; then
    log "stopping PostgreSQL"
    pg_run "$(pg_bin pg_ctl)" -D "$PGDATA_DIR" -m fast -w stop >/dev/null
  fi
}

psql_admin() {
  psql -X -v ON_ERROR_STOP=1 -h "$PGSOCK_DIR" -p "$PG_PORT" -U postgres -d postgres "$@"
}

# Environment for clients of the private cluster.
cluster_env() {
  export PGHOST=$PGSOCK_DIR PGPORT=$PG_PORT PGUSER=$DB_ROLE PGDATABASE=$DB_NAME
  unset TRACKER_DB
}
