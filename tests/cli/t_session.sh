# Web sessions and the account in the audit (store/accounts.h, migration 015), driven through
# tests/db/db_sessions.c against the real PostgreSQL: the cookie and CSRF tokens, kept as a
# digest and never audited; expiry, revocation, a disabled user and a new password end a
# session; the read-only role authenticates sessions; trk_db_set_account names the account in
# the audit rows of the changes made next, and clearing it stops that.
source "$(dirname "$0")/lib.sh"
migrate
DRV="$TRACKER_BUILD/bin/db_sessions"
[ -x "$DRV" ] || { fail "no $DRV (built with the tests)"; finish; }
drv() { "$DRV" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"; RC=$?; OUT=$(cat "$TEST_TMP/out"); ERR=$(cat "$TEST_TMP/err"); }
sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

run user add ann --role editor
expect_rc 0
run user add vic --role viewer
expect_rc 0

# ---- create: two 43-character base64url secrets, only the cookie's digest stored ----
drv create ann 3600
expect_rc 0
S1=$(printf '%s\n' "$OUT" | sed -n 's/^token //p')
C1=$(printf '%s\n' "$OUT" | sed -n 's/^csrf //p')
expect_eq 43 "${#S1}" "session token length"
expect_eq 43 "${#C1}" "csrf token length"
case "$S1$C1" in *[!A-Za-z0-9_-]*) fail "not base64url" ;; *) pass ;; esac
[ "$S1" != "$C1" ] && pass || fail "session and csrf token are the same"
expect_eq "$(sha "$S1")" "$(sql "SELECT token_sha256 FROM web_session WHERE id = 1")" "stored digest"
expect_eq 0 "$(sql "SELECT count(*) FROM web_session WHERE token_sha256 = '$S1'")" "the cookie itself not stored"
expect_eq "t" "$(sql "SELECT expires_at BETWEEN now() + interval '59 minutes' AND now() + interval '61 minutes' FROM web_session WHERE id = 1")" "expires after the ttl"

drv auth "$S1"
expect_rc 0
expect_eq "ok ann editor 1 write $C1" "$OUT" "the session's principal and csrf token"
drv auth "${S1%?}A"
[ "${S1: -1}" = A ] || expect_rc 3
drv auth "$(sha "$S1")"
expect_rc 3
drv auth ""
expect_rc 3
drv auth "$C1"
expect_rc 3
drv create nobody 3600
expect_rc 3
drv create ann 0
expect_rc 1
expect_eq 1 "$(count web_session)" "no session from bad arguments"

# ---- the read-only role authenticates a session and slides last_seen_at ----
sql "UPDATE web_session SET last_seen_at = now() - interval '1 hour' WHERE id = 1" >/dev/null
TRACKER_DB="dbname=$TEST_DB user=tracker_feed_reader" drv auth "$S1"
expect_rc 0
expect_eq "t" "$(sql "SELECT last_seen_at > now() - interval '1 minute' FROM web_session WHERE id = 1")" "the reader touched last_seen_at"
TRACKER_DB="dbname=$TEST_DB user=tracker_feed_reader" drv create ann 3600
expect_rc 1
expect_err_has "permission denied"

# ---- expiry ----
drv create vic 3600
S2=$(printf '%s\n' "$OUT" | sed -n 's/^token //p')
drv auth "$S2"
expect_rc 0
expect_out_has "ok vic viewer 2 write"
sql "UPDATE web_session SET expires_at = now() - interval '1 second', created_at = now() - interval '1 hour' WHERE id = 2" >/dev/null
drv auth "$S2"
expect_rc 3

# ---- revocation (sign out), twice ----
drv create ann 3600
S3=$(printf '%s\n' "$OUT" | sed -n 's/^token //p')
drv revoke "$S3"
expect_rc 0
drv auth "$S3"
expect_rc 3
drv revoke "$S3"
expect_rc 0
drv auth "$S1"
expect_rc 0

# ---- a disabled user's sessions stop at once; no new ones ----
run user disable ann
drv auth "$S1"
expect_rc 3
drv create ann 3600
expect_rc 4
run user enable ann
drv auth "$S1"
expect_rc 0

# ---- a new password signs the user's sessions out ----
drv create ann 3600
S4=$(printf '%s\n' "$OUT" | sed -n 's/^token //p')
run user passwd ann
expect_rc 0
drv auth "$S1"
expect_rc 3
drv auth "$S4"
expect_rc 3

# ---- the audit names the account of the session, and only while it is set ----
run case add --title "Session audit" --jurisdiction RU
C=$OUT
drv create vic 3600
S5=$(printf '%s\n' "$OUT" | sed -n 's/^token //p')
drv audit "$S5" "$C" "changed through the API"
expect_rc 0
expect_eq "2|vic|changed through the API
||changed through the API (cli)" \
  "$(sql "SELECT coalesce(account_id::text, '') || '|' || coalesce(account, '') || '|' || (new_row->>'summary') FROM audit WHERE table_name = 'legal_case' AND row_id = $C AND op = 'UPDATE' ORDER BY id")" \
  "account in the audit, then cleared"
# tracker history (and the API's history, from the same query) shows the account.
run history "$C"
expect_rc 0
expect_out_has "test (account vic)  case $C changed: Session audit"
run history "$C" --json
expect_eq "None vic None" "$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); rows=d["changes"] if isinstance(d, dict) else d; print(*[r.get("account") for r in rows])')" "history --json: the account of each change"

# ---- no secret of a session in the audit or a dump ----
expect_eq 0 "$(sql "SELECT count(*) FROM audit WHERE table_name = 'web_session' AND coalesce(old_row::text, '') || coalesce(new_row::text, '') ~ 'token_sha256|csrf_token|last_seen_at'")" "session audit rows without secrets"
expect_eq "INSERT UPDATE" "$(sql "SELECT string_agg(op, ' ' ORDER BY id) FROM audit WHERE table_name = 'web_session' AND row_id = 3")" "session 3: created, revoked"
DUMP="$TEST_TMP/dump.sql"
pg_dump -d "$TEST_DB" >"$DUMP" || fail "pg_dump failed"
for s in "$S1" "$S2" "$S3" "$S4" "$S5"; do grep -qF -- "$s" "$DUMP" && fail "a session token is in the dump" || pass; done
finish
