# Database roles (issue 13, item 6): the roles are made by the administrator, the application
# role cannot create roles (so it cannot grant itself pg_execute_server_program), the feed
# server logs in as the read-only role itself (no SET ROLE to undo), and `tracker serve` refuses
# a session user that is a superuser, has CREATEROLE or owns the schema.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"
migrate
run case add --title "Roles case" --jurisdiction RU --external-id rc
run event add rc --type ruling --date 2017-10-16 --appeal-sutki 10
expect_rc 0
CR="t_createrole_$$"
OWN="t_ownermember_$$"
admin() { psql -X -q -tA -v ON_ERROR_STOP=1 -U postgres -d "$TEST_DB" -c "$1"; }
drop_roles() { psql -X -q -U postgres -d postgres -c "DROP ROLE IF EXISTS \"$CR\"" -c "DROP ROLE IF EXISTS \"$OWN\"" >/dev/null 2>&1; }
trap 'cleanup; drop_roles' EXIT

# ---- the roles scripts/lib.sh made ----
expect_eq "f|f|t" "$(admin "SELECT rolsuper, rolcreaterole, rolcanlogin FROM pg_roles WHERE rolname = 'tracker'")" "tracker: no superuser, no CREATEROLE"
expect_eq "f|f|t" "$(admin "SELECT rolsuper, rolcreaterole, rolcanlogin FROM pg_roles WHERE rolname = 'tracker_feed_reader'")" "tracker_feed_reader: a plain login role"
expect_eq 0 "$(admin "SELECT count(*) FROM pg_class WHERE relowner = 'tracker_feed_reader'::regrole")" "tracker_feed_reader owns nothing"
expect_eq 0 "$(admin "SELECT count(*) FROM pg_database WHERE datdba = 'tracker_feed_reader'::regrole")" "tracker_feed_reader owns no database"
expect_eq 0 "$(admin "SELECT count(*) FROM pg_auth_members WHERE member = 'tracker_feed_reader'::regrole")" "tracker_feed_reader is a member of no role"

# ---- the application role cannot reach the operating system ----
as_tracker() { psql -X -q -tA -v ON_ERROR_STOP=1 -d "$TEST_DB" -c "$1" 2>&1; }
out=$(as_tracker "GRANT pg_execute_server_program TO tracker")
case "$out" in *"permission denied"* | *"must have admin option"*) pass ;; *) fail "tracker granted itself pg_execute_server_program: [$out]"; as_tracker "REVOKE pg_execute_server_program FROM tracker" >/dev/null ;; esac
out=$(as_tracker "CREATE ROLE t_should_not_exist_$$")
case "$out" in *"permission denied"*) pass ;; *) fail "tracker created a role: [$out]"; admin "DROP ROLE IF EXISTS t_should_not_exist_$$" ;; esac
out=$(as_tracker "COPY (SELECT 1) TO PROGRAM 'true'")
case "$out" in *"permission denied"* | *"must be superuser"* | *"pg_execute_server_program"*) pass ;; *) fail "COPY TO PROGRAM as tracker: [$out]" ;; esac

# ---- the read-only role: reads, and RESET ROLE gives it nothing more ----
as_reader() { psql -X -q -tA -v ON_ERROR_STOP=1 -U tracker_feed_reader -d "$TEST_DB" -c "$1" 2>&1; }
expect_eq 1 "$(as_reader "SELECT count(*) FROM legal_case")" "the reader reads"
out=$(as_reader "RESET ROLE; INSERT INTO legal_case (title, jurisdiction) VALUES ('x', 'RU')")
case "$out" in *"permission denied"*) pass ;; *) fail "reader wrote after RESET ROLE: [$out]" ;; esac
out=$(as_reader "RESET ROLE; UPDATE change_marker SET generation = generation + 1")
case "$out" in *"permission denied"*) pass ;; *) fail "reader moved the change marker: [$out]" ;; esac
out=$(as_reader "COPY (SELECT 1) TO PROGRAM 'true'")
case "$out" in *"permission denied"* | *"must be superuser"* | *"pg_execute_server_program"*) pass ;; *) fail "COPY TO PROGRAM as the reader: [$out]" ;; esac

# ---- serve refuses roles that can do more than read ----
serve_as() { # CONNINFO ARGS...: run serve (bounded), capture rc and stderr
  local db=$1; shift
  : >"$TEST_TMP/sv.err" # emptied before the start, so that no earlier run's line is read
  TRACKER_DB=$db "${TRACKER_SERVE_BIN:-$TRACKER_BIN}" serve --listen 127.0.0.1:0 "$@" \
    >"$TEST_TMP/sv.out" 2>"$TEST_TMP/sv.err" &
  local pid=$!
  # A watchdog, not `timeout`: SIGTERM must reach the server itself (through `timeout` the
  # server's exit status was sometimes 143).
  (sleep 20; kill -KILL "$pid" 2>/dev/null) &
  local dog=$!
  # A server that starts is stopped once it says so; one that refuses exits by itself.
  for _ in $(seq 1 100); do
    grep -q "listening on" "$TEST_TMP/sv.err" && { kill -TERM "$pid"; break; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  wait "$pid"
  RC=$?
  kill "$dog" 2>/dev/null
  wait "$dog" 2>/dev/null
  ERR=$(cat "$TEST_TMP/sv.err")
  OUT=
}
serve_as "dbname=$TEST_DB user=tracker"
expect_rc 1
expect_err_has "refusing to serve feeds as the role \"tracker\", which owns the schema \"public\""
expect_err_has "HINT: log in as the read-only role tracker_feed_reader"
expect_err_lacks "listening on"
admin "CREATE ROLE \"$CR\" LOGIN CREATEROLE IN ROLE tracker_feed_reader" >/dev/null
serve_as "dbname=$TEST_DB user=$CR"
expect_rc 1
expect_err_has "refusing to serve feeds as the role \"$CR\", which has CREATEROLE"
admin "CREATE ROLE \"$OWN\" LOGIN IN ROLE tracker" >/dev/null
serve_as "dbname=$TEST_DB user=$OWN"
expect_rc 1
expect_err_has "which owns the schema"
serve_as "dbname=$TEST_DB user=postgres"
expect_rc 1
expect_err_has "refusing to serve feeds as the superuser \"postgres\""
# --allow-superuser lets such a role serve, with a warning.
serve_as "dbname=$TEST_DB user=tracker" --allow-superuser
expect_rc 0
expect_err_has "database: warning: connected as the owner of the schema (--allow-superuser)"

# ---- the server's own sessions are the reader's, not SET ROLE on top of another login ----
start_server
grep -q "database: reading as role tracker_feed_reader, read-only" "$SERVER_LOG" && pass || fail "not reading as tracker_feed_reader: $(cat "$SERVER_LOG")"
run feed create --case rc --base-url "$BASE"
URL=$(printf '%s\n' "$OUT" | sed -n 's/^url: //p')
fetch a "$URL"
expect_eq 200 "$CODE" "feed served by the reader"
expect_eq "tracker_feed_reader" \
  "$(admin "SELECT string_agg(DISTINCT usename, ',') FROM pg_stat_activity WHERE datname = '$TEST_DB' AND pid <> pg_backend_pid() AND usename <> 'tracker'")" \
  "the server's sessions log in as tracker_feed_reader"
stop_server
expect_eq 0 "$SERVER_RC" "exit code after SIGTERM"
finish
