# tests/cli/lib.sh: helpers for CLI/integration tests. Each test sources this, gets a fresh
# database of its own on the private cluster (so tests are independent and run in parallel),
# and drops it on exit.
set -uo pipefail

: "${TRACKER_BIN:?run through ctest (scripts/test)}"
: "${TRACKER_SRC:?}"
TEST_NAME=$(basename "$0" .sh)
TEST_DB="t_${TEST_NAME}_$$"
TEST_TMP=$(mktemp -d)
export TRACKER_DB="dbname=$TEST_DB"
export TRACKER_ACTOR="test"
FAILS=0
PASSES=0

cleanup() {
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$TEST_DB\" WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$TEST_TMP"
}
trap cleanup EXIT

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE \"$TEST_DB\"" >/dev/null ||
  { echo "FAIL: could not create database $TEST_DB (is the cluster running? scripts/test starts it)"; exit 1; }

# sql QUERY [ARGS...]: run a query in the test database, print unaligned tuples.
sql() { psql -X -q -tA -v ON_ERROR_STOP=1 -d "$TEST_DB" -c "$1"; }

tracker() { "$TRACKER_BIN" "$@"; }

# run CMD...: run tracker, capturing stdout in $OUT, stderr in $ERR and the exit code in $RC.
run() {
  "$TRACKER_BIN" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
  RC=$?
  OUT=$(cat "$TEST_TMP/out")
  ERR=$(cat "$TEST_TMP/err")
}

fail() {
  FAILS=$((FAILS + 1))
  printf 'FAIL %s:%s: %s\n' "$TEST_NAME" "${BASH_LINENO[1]:-?}" "$*"
  [ -n "${OUT:-}" ] && printf '  stdout: %s\n' "$(printf '%s' "$OUT" | head -20)"
  [ -n "${ERR:-}" ] && printf '  stderr: %s\n' "$(printf '%s' "$ERR" | head -20)"
  return 0
}
pass() { PASSES=$((PASSES + 1)); }

# expect_rc N: the last run exited with N.
expect_rc() { if [ "$RC" = "$1" ]; then pass; else fail "expected exit $1, got $RC"; fi; }
# expect_eq WANT GOT [what]
expect_eq() { if [ "$1" = "$2" ]; then pass; else fail "${3:-value}: expected [$1], got [$2]"; fi; }
# expect_out_has TEXT / expect_err_has TEXT: substring of stdout / stderr of the last run.
expect_out_has() { case "$OUT" in *"$1"*) pass ;; *) fail "stdout lacks [$1]" ;; esac; }
expect_err_has() { case "$ERR" in *"$1"*) pass ;; *) fail "stderr lacks [$1]" ;; esac; }
expect_out_lacks() { case "$OUT" in *"$1"*) fail "stdout has [$1]" ;; *) pass ;; esac; }
expect_err_lacks() { case "$ERR" in *"$1"*) fail "stderr has [$1]" ;; *) pass ;; esac; }

# migrate: bring the test database to the current schema.
migrate() { run db migrate; [ "$RC" = 0 ] || { fail "migrate failed"; finish; }; }

# count TABLE: rows in a table.
count() { sql "SELECT count(*) FROM $1"; }

# snapshot: row counts of every data table, to prove a failed command wrote nothing.
snapshot() {
  sql "SELECT string_agg(t || '=' || n, ' ' ORDER BY t) FROM (
         SELECT relname AS t, (xpath('/row/c/text()', query_to_xml('SELECT count(*) AS c FROM ' || quote_ident(relname), false, true, '')))[1]::text::int AS n
         FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace) s"
}

# readme_commands LABEL README_TOUR_ARGS...: run tests/cli/readme_tour.py (README commands as
# printed) with the build as `tracker`; a check per command. TOUR_OUT gets its output and
# TOUR_OK the number of commands that passed.
readme_commands() {
  local label=$1 line
  shift
  mkdir -p "$TEST_TMP/bin"
  ln -sf "$TRACKER_BIN" "$TEST_TMP/bin/tracker"
  TOUR_OUT="$TEST_TMP/tour.out"
  /usr/bin/python3 "$TRACKER_SRC/tests/cli/readme_tour.py" "$TRACKER_SRC/README.md" "$TEST_TMP/bin" \
    "$@" >"$TOUR_OUT" 2>&1
  TOUR_OK=0
  while IFS= read -r line; do
    case "$line" in
      ok\ *) pass; TOUR_OK=$((TOUR_OK + 1)) ;;
      *) OUT="" ERR=""; fail "$label: $line" ;;
    esac
  done <"$TOUR_OUT"
}

finish() {
  printf '%s: %d passed, %d failed\n' "$TEST_NAME" "$PASSES" "$FAILS"
  [ "$FAILS" = 0 ] && [ "$PASSES" -gt 0 ]
  exit $?
}
