# Two analysts editing the same case at once (optimistic locking, `case edit --expect-version`):
#   - of two editors holding the same version, exactly one wins; the other gets the conflict
#     error (exit 1) and changes nothing; the loser re-reads and re-applies, so no update is lost;
#   - tested with the two edits queued behind a row lock (so they really collide inside
#     PostgreSQL) and as a plain race, repeatedly;
#   - a stale version is refused; every successful edit bumps the version by exactly one and
#     leaves one audit row.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
migrate
run case add --title "Telegram fined for refusing FSB keys" --jurisdiction RU --summary "start" --json
expect_rc 0
cid=$($PY -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$OUT")
field() { run case show "$cid" --json; $PY -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]], end="")' "$1" <<<"$OUT"; }
audits() { sql "SELECT count(*) FROM audit WHERE table_name = 'legal_case' AND row_id = $cid AND op = 'UPDATE'"; }

# edit_bg NAME VERSION ARGS...: start `case edit` in the background; results in $TEST_TMP/NAME.*
edit_bg() {
  local name=$1 ver=$2; shift 2
  ( "$TRACKER_BIN" case edit "$cid" --expect-version "$ver" "$@" >"$TEST_TMP/$name.out" 2>"$TEST_TMP/$name.err"
    echo $? >"$TEST_TMP/$name.rc" ) &
}
rc_of() { cat "$TEST_TMP/$1.rc"; }

# one_round MODE: two editors at the current version, A sets the title, B the summary.
one_round() {
  local mode=$1 v a0 winner loser
  v=$(field version)
  a0=$(audits)
  if [ "$mode" = locked ]; then
    # Hold the row so both UPDATEs queue behind the lock, then release it.
    psql -X -q -d "$TEST_DB" >/dev/null 2>&1 <<SQL &
BEGIN;
SELECT id FROM legal_case WHERE id = $cid FOR UPDATE;
SELECT pg_sleep(1.0);
COMMIT;
SQL
    local locker=$!
    sleep 0.3
  fi
  edit_bg A "$v" --title "title from A, round at v$v"
  edit_bg B "$v" --summary "summary from B, round at v$v"
  wait $(jobs -p) 2>/dev/null
  local ra rb
  ra=$(rc_of A) rb=$(rc_of B)
  if [ "$ra" = 0 ] && [ "$rb" = 1 ]; then winner=A loser=B
  elif [ "$ra" = 1 ] && [ "$rb" = 0 ]; then winner=B loser=A
  else fail "$mode round at v$v: exit codes A=$ra B=$rb (expected one 0 and one 1)"; return; fi
  pass
  grep -q "changed by someone else" "$TEST_TMP/$loser.err" && pass ||
    fail "$mode: the loser's error does not name the conflict: $(cat "$TEST_TMP/$loser.err")"
  expect_eq $((v + 1)) "$(field version)" "$mode: one edit applied"
  expect_eq $((a0 + 1)) "$(audits)" "$mode: one audit row for the one edit"
  if [ $winner = A ]; then
    expect_eq "title from A, round at v$v" "$(field title)" "$mode: A's title"
    [ "$(field summary)" != "summary from B, round at v$v" ] && pass || fail "$mode: B's summary applied although B lost"
    # B re-reads and re-applies its change on the new version.
    run case edit "$cid" --expect-version $((v + 1)) --summary "summary from B, round at v$v"
  else
    expect_eq "summary from B, round at v$v" "$(field summary)" "$mode: B's summary"
    [ "$(field title)" != "title from A, round at v$v" ] && pass || fail "$mode: A's title applied although A lost"
    run case edit "$cid" --expect-version $((v + 1)) --title "title from A, round at v$v"
  fi
  expect_rc 0
  # No lost update: both changes are there.
  expect_eq "title from A, round at v$v" "$(field title)" "$mode: A's change kept"
  expect_eq "summary from B, round at v$v" "$(field summary)" "$mode: B's change kept"
  expect_eq $((v + 2)) "$(field version)" "$mode: two edits, two versions"
}
for i in 1 2 3; do one_round locked; done
for i in 1 2 3 4 5 6 7 8; do one_round race; done

# A stale version is refused and changes nothing.
v=$(field version)
before=$(snapshot)
run case edit "$cid" --expect-version $((v - 1)) --title "stale"
expect_rc 1
expect_err_has "changed by someone else"
expect_err_has "tracker case show $cid"
expect_eq "$before" "$(snapshot)" "stale edit wrote nothing"
expect_eq "$v" "$(field version)" "version unchanged by a refused edit"
# Bad --expect-version values are usage errors.
for bad in 0 -1 abc 99999999999; do
  run case edit "$cid" --expect-version "$bad" --title x
  expect_rc 2
done
finish
