# tracker token create|list|revoke|check (issue 14, accounts): tokens printed once and stored only
# as their SHA-256; revoked and expired tokens and the tokens of disabled users never
# authenticate; bad input refused with exit 2 and nothing written; the read-only role
# authenticates and records last use.
source "$(dirname "$0")/lib.sh"
migrate
PY=/usr/bin/python3

run_in() { # INPUT CMD...: as run, with INPUT on standard input
  local input=$1
  shift
  printf '%s' "$input" | "$TRACKER_BIN" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
  RC=$?
  OUT=$(cat "$TEST_TMP/out")
  ERR=$(cat "$TEST_TMP/err")
}
sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
TODAY=$(sql "SELECT to_char((now() AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD')")
TOMORROW=$(sql "SELECT to_char((now() AT TIME ZONE 'UTC')::date + 1, 'YYYY-MM-DD')")

run user add ed --role editor
expect_rc 0
run user add vi --role viewer --name "Viewer V"
expect_rc 0

# ---- create: printed once, "trk_" + 43 base64url characters, only the SHA-256 kept ----
run token create --user ed --scope write --name "newsroom import" --expires 2099-01-01
expect_rc 0
expect_out_has "created token 1 for user ed (scope write, expires 2099-01-01)"
expect_out_has "It is shown only now"
T1=$(printf '%s\n' "$OUT" | sed -n 's/^token: //p')
expect_eq 47 "${#T1}" "token length"
case "$T1" in trk_*) pass ;; *) fail "no trk_ prefix: [$T1]" ;; esac
case "${T1#trk_}" in *[!A-Za-z0-9_-]*) fail "not base64url: [$T1]" ;; *) pass ;; esac
expect_eq "$(sha "$T1")" "$(sql "SELECT token_sha256 FROM api_token WHERE id = 1")" "stored SHA-256 of the whole token"
expect_eq "write|newsroom import|2099-01-01|ed" \
  "$(sql "SELECT scope || '|' || t.name || '|' || expires_on || '|' || login FROM api_token t JOIN app_account a ON a.id = t.account_id WHERE t.id = 1")" "stored token row"

run token create --user vi --scope read --json
expect_rc 0
T2=$(printf '%s' "$OUT" | $PY -c 'import json,sys; print(json.load(sys.stdin)["token"])')
expect_eq "2 vi read None None" "$(printf '%s' "$OUT" | $PY -c 'import json,sys; o=json.load(sys.stdin); print(o["id"], o["user"], o["scope"], o["name"], o["expires_on"])')" "create --json"
[ "$T1" != "$T2" ] && pass || fail "two tokens are the same"
run token create --user vi --scope write --expires "$TOMORROW"
expect_rc 0
T3=$(printf '%s\n' "$OUT" | sed -n 's/^token: //p')

# ---- check: the principal ----
run_in "$T1"$'\n' token check --stdin
expect_rc 0
expect_out_has "ok: user ed (id 1), role editor, token 1, scope write"
run_in "$T2" token check --stdin --json
expect_rc 0
expect_eq "vi viewer False 2" "$(printf '%s' "$OUT" | $PY -c 'import json,sys; o=json.load(sys.stdin); print(o["login"], o["role"], o["can_write"], o["token_id"])')" "check --json"
# A write token of a viewer is still a viewer.
run_in "$T3" token check --stdin --json
expect_eq "viewer True" "$(printf '%s' "$OUT" | $PY -c 'import json,sys; o=json.load(sys.stdin); print(o["role"], o["can_write"])')" "viewer's write token"
expect_eq 1 "$(sql "SELECT count(*) FROM api_token WHERE id = 1 AND last_used_at > now() - interval '1 minute'")" "last_used_at recorded"

# Wrong tokens: one answer whatever the reason.
run_in "$T1" token check --stdin
GOOD_RC=$RC
run_in "trk_$(printf 'A%.0s' $(seq 43))" token check --stdin
expect_rc 1
expect_err_has "authentication failed"
FAIL_ERR=$ERR
expect_err_has "the token is unknown, revoked or expired, or its user is disabled"
run_in "$T1" token check
expect_rc 2
expect_err_has "give the token on standard input with --stdin"
run_in "${T1%?}" token check --stdin
expect_rc 1
expect_eq "$FAIL_ERR" "$ERR" "a cut token answers the same"
run_in "${T1#trk_}" token check --stdin
expect_rc 1
run_in "$(sha "$T1")" token check --stdin
expect_rc 1
expect_eq "$FAIL_ERR" "$ERR" "the stored hash is no token"
run_in "" token check --stdin
expect_rc 2
expect_err_has "the token is empty"
run token check
expect_rc 2
expect_eq 0 "$GOOD_RC" "the good token still works"

# ---- list: never the token or its hash ----
run token list
expect_rc 0
expect_out_has "newsroom import"
expect_out_has "2099-01-01"
for t in "$T1" "$T2" "$T3" "$(sha "$T1")" "$(sha "$T2")"; do expect_out_lacks "$t"; done
run token list --json
expect_rc 0
expect_out_lacks "token_sha256"
for t in "$T1" "$T2" "$T3" "$(sha "$T1")" "$(sha "$T2")"; do expect_out_lacks "$t"; done
expect_eq "1:ed:write:active 2:vi:read:active 3:vi:write:active" \
  "$(printf '%s' "$OUT" | $PY -c 'import json,sys; print(" ".join("%d:%s:%s:%s" % (t["id"], t["login"], t["scope"], t["state"]) for t in json.load(sys.stdin)))')" "token list --json"
run token list --user vi --json
expect_eq "2 3" "$(printf '%s' "$OUT" | $PY -c 'import json,sys; print(*[t["id"] for t in json.load(sys.stdin)])')" "token list --user"
run token list --user nobody
expect_rc 2
expect_err_has 'user "nobody" does not exist'

# ---- bad input: exit 2, nothing written ----
before=$(snapshot)
run token create --user ed --scope admin
expect_rc 2
expect_err_has 'invalid scope "admin": expected one of read, write'
run token create --user ed
expect_rc 2
run token create --scope read
expect_rc 2
run token create --user nobody --scope read
expect_rc 2
expect_err_has 'user "nobody" does not exist'
run token create --user "Ed" --scope read
expect_rc 2
expect_err_has 'invalid login "Ed"'
run token create --user ed --scope read --expires 2020-01-01
expect_rc 2
expect_err_has "2020-01-01 is not after today"
run token create --user ed --scope read --expires "$TODAY"
expect_rc 2
expect_err_has "is not after today"
run token create --user ed --scope read --expires 2099-02-30
expect_rc 2
expect_err_has "invalid date for --expires"
run token create --user ed --scope read --name ""
expect_rc 2
run token create --user ed --scope read --name $'a\nb'
expect_rc 2
run token revoke 99
expect_rc 2
expect_err_has "token 99 does not exist"
run token revoke abc
expect_rc 2
expect_eq "$before" "$(snapshot)" "nothing written by the bad commands"

# ---- expired: from the expiry date on (UTC) ----
sql "UPDATE api_token SET expires_on = (now() AT TIME ZONE 'UTC')::date WHERE id = 3" >/dev/null
run_in "$T3" token check --stdin
expect_rc 1
expect_eq "$FAIL_ERR" "$ERR" "an expired token answers the same"
run token list --user vi
expect_out_has "expired"
sql "UPDATE api_token SET expires_on = (now() AT TIME ZONE 'UTC')::date - 30 WHERE id = 3" >/dev/null
run_in "$T3" token check --stdin
expect_rc 1
sql "UPDATE api_token SET expires_on = (now() AT TIME ZONE 'UTC')::date + 1 WHERE id = 3" >/dev/null
run_in "$T3" token check --stdin
expect_rc 0

# ---- a disabled user's tokens stop at once, and work again when enabled ----
run user disable vi
run_in "$T2" token check --stdin
expect_rc 1
expect_eq "$FAIL_ERR" "$ERR" "a disabled user's token answers the same"
run_in "$T3" token check --stdin
expect_rc 1
run token list --user vi --json
expect_eq "account disabled account disabled" "$(printf '%s' "$OUT" | $PY -c 'import json,sys; print(*[t["state"] for t in json.load(sys.stdin)])')" "listed as disabled"
run token create --user vi --scope read
expect_rc 2
expect_err_has 'user "vi" is disabled'
expect_eq 3 "$(count api_token)" "no token for a disabled user"
run user enable vi
run_in "$T2" token check --stdin
expect_rc 0

# ---- revoke: at once, for ever ----
run token revoke 2
expect_rc 0
expect_out_has "revoked token 2"
run_in "$T2" token check --stdin
expect_rc 1
expect_eq "$FAIL_ERR" "$ERR" "a revoked token answers the same"
run token revoke 2
expect_rc 0
expect_out_has "token 2 was already revoked"
run token list --user vi
expect_out_has "revoked"
sql "UPDATE api_token SET expires_on = NULL WHERE id = 2" >/dev/null
run_in "$T2" token check --stdin
expect_rc 1

# ---- the read-only role (tracker serve) authenticates and records last use ----
RO="dbname=$TEST_DB user=tracker_feed_reader"
sql "UPDATE api_token SET last_used_at = now() - interval '1 day' WHERE id = 1" >/dev/null
run_in "$T1" --db "$RO" token check --stdin
expect_rc 0
expect_out_has "ok: user ed (id 1), role editor, token 1, scope write"
expect_eq 1 "$(sql "SELECT count(*) FROM api_token WHERE id = 1 AND last_used_at > now() - interval '1 minute'")" "the reader touched last_used_at"
out=$(psql -X -q -tA -d "$RO" -c "UPDATE api_token SET revoked_at = NULL WHERE id = 2" 2>&1)
case "$out" in *"permission denied"*) pass ;; *) fail "the reader could un-revoke a token: [$out]" ;; esac
out=$(psql -X -q -tA -d "$RO" -c "INSERT INTO api_token (account_id, scope, token_sha256) VALUES (1, 'write', repeat('a', 64))" 2>&1)
case "$out" in *"permission denied"*) pass ;; *) fail "the reader could create a token: [$out]" ;; esac
# A writer role (the CLI's analyst) creates and revokes tokens, and cannot delete them.
W="t_tokwriter_$$"
trap 'cleanup; psql -X -q -U postgres -d postgres -c "DROP ROLE IF EXISTS \"$W\"" >/dev/null 2>&1' EXIT
psql -X -q -U postgres -d "$TEST_DB" -c "CREATE ROLE \"$W\" LOGIN IN ROLE tracker_writer" >/dev/null ||
  fail "could not create the writer role"
run --db "dbname=$TEST_DB user=$W" token create --user ed --scope read --name "by the writer"
expect_rc 0
T4=$(printf '%s\n' "$OUT" | sed -n 's/^token: //p')
run --db "dbname=$TEST_DB user=$W" token revoke 4
expect_rc 0
out=$(psql -X -q -tA -d "dbname=$TEST_DB user=$W" -c "DELETE FROM api_token WHERE id = 4" 2>&1)
case "$out" in *"permission denied"*) pass ;; *) fail "the writer deleted a token: [$out]" ;; esac

# ---- no token anywhere: not in a dump of the database, no digest in the audit ----
DUMP="$TEST_TMP/dump.sql"
pg_dump -d "$TEST_DB" >"$DUMP" || fail "pg_dump failed"
for t in "$T1" "$T2" "$T3" "$T4"; do
  grep -qF -- "${t#trk_}" "$DUMP" && fail "a token is in the database dump" || pass
done
expect_eq 0 "$(sql "SELECT count(*) FROM audit WHERE coalesce(old_row::text, '') || coalesce(new_row::text, '') ~ 'token_sha256|$(sha "$T1")|last_used_at'")" "no digest or usage in the audit"
# Creation and revocation are audited; authentication (last_used_at) is not.
expect_eq "INSERT UPDATE" "$(sql "SELECT string_agg(op, ' ' ORDER BY id) FROM audit WHERE table_name = 'api_token' AND row_id = 2")" "token 2 audited: created, revoked"
expect_eq "INSERT UPDATE UPDATE UPDATE" "$(sql "SELECT string_agg(op, ' ' ORDER BY id) FROM audit WHERE table_name = 'api_token' AND row_id = 3")" "token 3: created, three expiry edits"
expect_eq "INSERT" "$(sql "SELECT string_agg(op, ' ' ORDER BY id) FROM audit WHERE table_name = 'api_token' AND row_id = 1")" "token 1: its uses are not audited"

run token --help
expect_rc 0
for s in create list revoke check; do expect_out_has "$s"; done
run token create --help
expect_out_has "--expires DATE"
finish
