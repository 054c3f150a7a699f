# tracker user add|list|edit|disable|enable|passwd|check (issue 14, accounts): Argon2id hashes
# only, passwords never stored, printed in errors or audited; bad input refused with exit 2 and
# nothing written; a disabled user cannot sign in; the read-only role never sees a hash; the
# audit names the account when tracker.account is set.
source "$(dirname "$0")/lib.sh"
migrate
PY=/usr/bin/python3

# run_in INPUT CMD...: as run, with INPUT (printf %s, so give the newline) on standard input.
run_in() {
  local input=$1
  shift
  printf '%s' "$input" | "$TRACKER_BIN" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
  RC=$?
  OUT=$(cat "$TEST_TMP/out")
  ERR=$(cat "$TEST_TMP/err")
}

# ---- add with a generated password: printed once, 43 base64url characters ----
run user add alice --role admin --name "Alice Analyst"
expect_rc 0
expect_out_has "created user alice (admin), id 1"
expect_out_has "The password is shown only now"
GEN=$(printf '%s\n' "$OUT" | sed -n 's/^password: //p')
expect_eq 43 "${#GEN}" "generated password length (256 bits, base64url)"
case "$GEN" in *[!A-Za-z0-9_-]*) fail "generated password not base64url: [$GEN]" ;; *) pass ;; esac
HASH=$(sql "SELECT password_hash FROM app_account WHERE login = 'alice'")
case "$HASH" in '$argon2id$v=19$m=65536,t=2,p=1$'*) pass ;; *) fail "not an Argon2id hash: [$HASH]" ;; esac
run_in "$GEN"$'\n' user check alice --password-stdin
expect_rc 0
expect_out_has "ok: user alice (id 1), role admin"

# ---- add with --password-stdin: one trailing newline removed, nothing else ----
PW='correct horse battery staple '
run_in "$PW"$'\n' user add bob --role viewer --password-stdin
expect_rc 0
expect_out_has "created user bob (viewer), id 2"
expect_out_lacks "password:"
run_in "$PW" user check bob --password-stdin
expect_rc 0
expect_out_has "ok: user bob (id 2), role viewer"
run_in "${PW% }"$'\n' user check bob --password-stdin
expect_rc 1
expect_err_has "authentication failed"
run_in "$PW"$'\r\n' user check bob --password-stdin
expect_rc 0
# Two users with the same password get different hashes (random salts).
run_in "$PW"$'\n' user add carol --role editor --password-stdin --json
expect_rc 0
expect_eq "3 carol editor" "$(printf '%s' "$OUT" | $PY -c 'import json,sys; o=json.load(sys.stdin); print(o["id"], o["login"], o["role"], *(["password!"] if "password" in o else []))')" "add --json (no password key with --password-stdin)"
expect_eq 2 "$(sql "SELECT count(DISTINCT password_hash) FROM app_account WHERE login IN ('bob', 'carol')")" "salted hashes"

# ---- bad input: exit 2, nothing written, the password never in a message ----
before=$(snapshot)
bad_add() { # WHAT INPUT ARGS...
  local what=$1 input=$2
  shift 2
  run_in "$input" user add "$@"
  expect_rc 2
  [ "${#input}" -ge 8 ] && expect_err_lacks "${input%$'\n'}"
  expect_eq "$before" "$(snapshot)" "nothing written: $what"
}
bad_add "empty password" $'\n' dave --role viewer --password-stdin
expect_err_has "the password is empty"
bad_add "no input" "" dave --role viewer --password-stdin
expect_err_has "the password is empty"
bad_add "short password" $'elevenbytes\n' dave --role viewer --password-stdin
expect_err_has "the password is shorter than 12 bytes"
LONG=$(head -c 1025 /dev/zero | tr '\0' 'x')
bad_add "long password" "$LONG"$'\n' dave --role viewer --password-stdin
expect_err_has "the password is longer than 1024 bytes"
printf 'twelve bytes\0and more\n' | "$TRACKER_BIN" user add dave --role viewer --password-stdin \
  >"$TEST_TMP/out" 2>"$TEST_TMP/err"
RC=$? ERR=$(cat "$TEST_TMP/err")
expect_rc 2
expect_err_has "the password contains a NUL byte"
expect_eq "$before" "$(snapshot)" "nothing written: NUL in password"
run user add Dave --role viewer
expect_rc 2
expect_err_has 'invalid login "Dave": expected 1 to 64 of a-z, 0-9'
run user add "da ve" --role viewer
expect_rc 2
run user add "$(printf 'a%.0s' $(seq 65))" --role viewer
expect_rc 2
run user add "" --role viewer
expect_rc 2
run user add dave --role root
expect_rc 2
expect_err_has 'invalid role "root": expected one of viewer, editor, admin'
run user add dave
expect_rc 2
expect_err_has "--role"
run user add dave --role viewer --name ""
expect_rc 2
run user add dave --role viewer --name $'two\nlines'
expect_rc 2
run_in "$PW"$'\n' user add bob --role admin --password-stdin
expect_rc 2
expect_err_has 'user "bob" already exists'
expect_err_lacks "$PW"
expect_eq "$before" "$(snapshot)" "nothing written by the bad adds"
expect_eq "viewer" "$(sql "SELECT role FROM app_account WHERE login = 'bob'")" "duplicate left bob alone"
# Exactly 1024 bytes and exactly 12 are accepted.
run_in "$(head -c 1024 /dev/zero | tr '\0' 'y')"$'\n' user add max.len --role viewer --password-stdin
expect_rc 0
run_in $'twelve bytes\n' user add min_len --role viewer --password-stdin
expect_rc 0
run_in $'twelve bytes' user check min_len --password-stdin
expect_rc 0

# ---- list: never a hash ----
run user list
expect_rc 0
expect_out_has "alice"
expect_out_has "Alice Analyst"
expect_out_lacks "argon2"
run user list --json
expect_rc 0
expect_out_lacks "argon2"
expect_out_lacks "password_hash"
expect_eq "alice:admin:False bob:viewer:False carol:editor:False max.len:viewer:False min_len:viewer:False" \
  "$(printf '%s' "$OUT" | $PY -c 'import json,sys; print(" ".join("%s:%s:%s" % (u["login"], u["role"], u["disabled"]) for u in json.load(sys.stdin)))')" \
  "user list --json"

# ---- edit ----
run user edit bob --role editor --name "Bob Builder"
expect_rc 0
expect_out_has "user bob: role editor, name Bob Builder"
expect_eq "editor|Bob Builder" "$(sql "SELECT role || '|' || name FROM app_account WHERE login = 'bob'")" "edited"
run user edit bob --name ""
expect_rc 0
expect_eq "editor|" "$(sql "SELECT role || '|' || coalesce(name, '') FROM app_account WHERE login = 'bob'")" "name removed"
before=$(snapshot)
run user edit bob
expect_rc 2
expect_err_has "nothing to change"
run user edit bob --role owner
expect_rc 2
run user edit nobody --role viewer
expect_rc 2
expect_err_has 'user "nobody" does not exist'
run user edit BOB --role viewer
expect_rc 2
expect_eq "$before" "$(snapshot)" "nothing written by the bad edits"

# ---- disable / enable: a disabled user cannot sign in, whatever the password ----
run user disable bob
expect_rc 0
expect_out_has "disabled user bob"
run_in "$PW" user check bob --password-stdin
expect_rc 1
expect_err_has "authentication failed"
DISABLED_ERR=$ERR
run user disable bob
expect_rc 0
expect_out_has "user bob was already disabled"
run user disable nobody
expect_rc 2
expect_err_has 'user "nobody" does not exist'
run user enable bob
expect_rc 0
expect_out_has "enabled user bob"
run_in "$PW" user check bob --password-stdin
expect_rc 0
run user enable bob
expect_out_has "user bob was already enabled"

# The same answer for a wrong password, an unknown login and a disabled user.
run_in "wrong password here" user check bob --password-stdin
expect_rc 1
expect_eq "$DISABLED_ERR" "$ERR" "wrong password answers as a disabled user"
run_in "wrong password here" user check nobody --password-stdin
expect_rc 1
expect_eq "$DISABLED_ERR" "$ERR" "unknown login answers as a disabled user"
run_in "wrong password here" user check "Not A Login" --password-stdin
expect_rc 1
expect_eq "$DISABLED_ERR" "$ERR" "malformed login answers as a disabled user"
run user check bob
expect_rc 2

# An unknown login costs an Argon2id verification too (the dummy hash): three checks of an
# unknown login take at least half as long as three of a known one.
ms() { date +%s%N | cut -c1-13; }
t0=$(ms)
for i in 1 2 3; do printf 'wrong password here' | "$TRACKER_BIN" user check bob --password-stdin 2>/dev/null; done
t1=$(ms)
for i in 1 2 3; do printf 'wrong password here' | "$TRACKER_BIN" user check nobody --password-stdin 2>/dev/null; done
t2=$(ms)
known=$((t1 - t0)) unknown=$((t2 - t1))
[ $((unknown * 2)) -ge "$known" ] && pass || fail "unknown login ${unknown} ms vs known ${known} ms"

# ---- passwd ----
NEW='a brand new passphrase'
run_in "$NEW"$'\n' user passwd bob --password-stdin
expect_rc 0
expect_out_has "changed the password of user bob"
run_in "$PW" user check bob --password-stdin
expect_rc 1
run_in "$NEW" user check bob --password-stdin
expect_rc 0
run user passwd carol
expect_rc 0
GEN2=$(printf '%s\n' "$OUT" | sed -n 's/^password: //p')
expect_eq 43 "${#GEN2}" "generated new password"
run_in "$GEN2" user check carol --password-stdin
expect_rc 0
before=$(snapshot)
run_in $'short\n' user passwd bob --password-stdin
expect_rc 2
expect_err_has "shorter than 12 bytes"
run_in "$NEW"$'\n' user passwd nobody --password-stdin
expect_rc 2
expect_err_has 'user "nobody" does not exist'
expect_eq "$before" "$(snapshot)" "nothing written by the bad passwd"
run_in "$NEW" user check bob --password-stdin
expect_rc 0

# ---- no password anywhere: not in the database (a full dump), not in the audit ----
DUMP="$TEST_TMP/dump.sql"
pg_dump -d "$TEST_DB" >"$DUMP" || fail "pg_dump failed"
for secret in "$GEN" "$PW" "$NEW" "$GEN2"; do
  grep -qF -- "$secret" "$DUMP" && fail "a password is in the database dump" || pass
done
expect_eq 0 "$(sql "SELECT count(*) FROM audit WHERE coalesce(old_row::text, '') || coalesce(new_row::text, '') ~ 'argon2|password_hash'")" "no hash in the audit"
# The audit records each account change, a password change as password_changed_at.
expect_eq "INSERT UPDATE UPDATE UPDATE UPDATE UPDATE" \
  "$(sql "SELECT string_agg(op, ' ' ORDER BY id) FROM audit WHERE table_name = 'app_account' AND row_id = 2")" \
  "bob's audit rows: add, edit, edit, disable, enable, passwd"
expect_eq "t" "$(sql "SELECT (new_row->>'password_changed_at') <> (old_row->>'password_changed_at') FROM audit WHERE table_name = 'app_account' AND row_id = 2 ORDER BY id DESC LIMIT 1")" "passwd audited as password_changed_at"

# ---- the read-only role: authenticates tokens elsewhere, but never reads a hash ----
RO="dbname=$TEST_DB user=tracker_feed_reader"
out=$(psql -X -q -tA -d "$RO" -c "SELECT password_hash FROM app_account" 2>&1)
case "$out" in *"permission denied"*) pass ;; *) fail "the reader read password hashes: [$out]" ;; esac
expect_eq "alice bob carol max.len min_len" "$(psql -X -q -tA -d "$RO" -c "SELECT string_agg(login, ' ' ORDER BY login) FROM app_account")" "the reader reads logins"
run_in "$NEW" --db "$RO" user check bob --password-stdin
expect_rc 1
expect_err_has "permission denied"

# ---- the audit names the account when tracker.account(_id) is set (as the API does) ----
run case add --title "Audited case" --jurisdiction RU
C=$OUT
sql "SELECT set_config('tracker.account_id', '1', false), set_config('tracker.account', 'alice', false);
     UPDATE legal_case SET summary = 'set by alice' WHERE id = $C" >/dev/null
expect_eq "1|alice" "$(sql "SELECT account_id || '|' || account FROM audit WHERE table_name = 'legal_case' AND row_id = $C AND op = 'UPDATE'")" "audit names the account"
expect_eq "|" "$(sql "SELECT coalesce(account_id::text, '') || '|' || coalesce(account, '') FROM audit WHERE table_name = 'legal_case' AND row_id = $C AND op = 'INSERT'")" "the CLI's own change names no account"

run user --help
expect_rc 0
for s in add list edit disable enable passwd check; do expect_out_has "$s"; done
run user add --help
expect_out_has "--password-stdin"
finish
