# The team features under valgrind memcheck (any leak or invalid access fails): accounts and
# tokens, hooks and the delivery worker (a real receiver, a retry, a digest through an SMTP
# sink), and `tracker serve --app --notify` answering the JSON API, a web sign-in and the app's
# files, and delivering a queued test with its worker thread.
source "$(dirname "$0")/../cli/lib.sh"
source "$(dirname "$0")/../cli/hooks_lib.sh"
source "$(dirname "$0")/../cli/feeds_lib.sh"
trap hooks_cleanup EXIT
source "$(dirname "$0")/vg_lib.sh"
migrate
run import "$TRACKER_SRC/examples/telegram.json"
expect_rc 0

# accounts and tokens
printf 'a-long-enough-password-%s\n' $$ >"$TEST_TMP/pw"
vg_in "$TEST_TMP/pw" user add ada --role admin --password-stdin
expect_rc 0
vg user add eve --role editor
expect_rc 0
vg user list --json
expect_rc 0
vg_in "$TEST_TMP/pw" user check ada --password-stdin
expect_rc 0
vg token create --user ada --scope write --name vg
expect_rc 0
TOKEN=$(printf '%s\n' "$OUT" | grep -o 'trk_[A-Za-z0-9_-]*' | head -1)
vg token list --json
expect_rc 0
vg user add "bad login" --role admin
expect_rc 2

# hooks and the worker: one receiver failing once (a retry), a digest to an SMTP sink
start_receiver r --fail-first 1
vg_in "$TEST_TMP/secret" hook add "$RECV_URL" --events all --allow-private --secret-stdin
expect_rc 0
vg hook add http://10.0.0.1/x --events all
expect_rc 2
vg hook list --json
expect_rc 0
vg hook edit 1 --description "vg hook" --due-soon 7d,1d
expect_rc 0
run event edit 6 --date 2017-10-17
expect_rc 0
SMTP_PORT=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$TEST_TMP/mail" \
  2>"$TEST_TMP/smtp.err" &
RECV_PIDS="$RECV_PIDS $!"
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null && break; sleep 0.1; done
vg digest add desk@example.org --every day
expect_rc 0
vg notify --once --retry-base-ms 200 --smtp "smtp://127.0.0.1:$SMTP_PORT" --smtp-plain-localhost --verbose
expect_rc 0
expect_eq 0 "$(sql "SELECT count(*) FROM delivery WHERE state <> 'delivered'")" "every delivery delivered after a retry"
expect_eq 1 "$(ls "$TEST_TMP/mail/new" | wc -l)" "one digest mail"
vg hook deliveries 1 --limit 3
expect_rc 0
vg hook test 1
expect_rc 0
vg hook redeliver 1
vg hook disable 1
expect_rc 0
vg digest list
expect_rc 0

# the server: API, sign-in, the app's files; stopped with SIGTERM
W="vg_writer_$$"
psql -X -q -v ON_ERROR_STOP=1 -U postgres -d "$TEST_DB" -c "CREATE ROLE \"$W\" LOGIN IN ROLE tracker_writer" >/dev/null ||
  fail "could not create the writer role"
# start_server (feeds_lib.sh) with tracker under memcheck: a wrapper as the server binary.
printf '#!/bin/sh\nexec %s "$@"\n' "$(printf '%q ' "${VG[@]}" "$TRACKER_BIN")" >"$TEST_TMP/vg-tracker"
chmod +x "$TEST_TMP/vg-tracker"
run hook edit 1 --enable
expect_rc 0
TRACKER_SERVE_BIN=$TEST_TMP/vg-tracker SERVER_START_S=60 start_server --app --notify --write-db "dbname=$TEST_DB user=$W"
trap 'kill -TERM $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; hooks_cleanup' EXIT
B=http://127.0.0.1:$PORT
code() { curl -s -o "$TEST_TMP/body" -w '%{http_code}' --max-time 60 "$@"; }
expect_eq 200 "$(code -H "Authorization: Bearer $TOKEN" "$B/api/v1/cases")" "GET /cases"
expect_eq 200 "$(code -H "Authorization: Bearer $TOKEN" "$B/api/v1/deadlines?upcoming=30")" "GET /deadlines"
expect_eq 201 "$(code -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  --data-binary '{"title": "Valgrind case", "jurisdiction": "RU"}' "$B/api/v1/cases")" "POST /cases"
expect_eq 400 "$(code -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  --data-binary '{"title": 7, "nope": 1}' "$B/api/v1/cases")" "a bad POST"
expect_eq 401 "$(code -H "Authorization: Bearer trk_not_a_token" "$B/api/v1/cases")" "a bad token"
expect_eq 200 "$(code -H "Authorization: Bearer $TOKEN" "$B/api/v1/hooks")" "GET /hooks"
expect_eq 200 "$(code -H "Authorization: Bearer $TOKEN" "$B/api/v1/openapi.json")" "GET openapi.json"
expect_eq 200 "$(code -X POST -H 'Content-Type: application/json' --data-binary \
  "{\"login\": \"ada\", \"password\": \"$(cat "$TEST_TMP/pw")\"}" "$B/app/session")" "sign in"
expect_eq 200 "$(code "$B/app/js/app.js")" "an app file"
n0=$(lines "$RECV_LOG")
expect_eq 202 "$(code -X POST -H "Authorization: Bearer $TOKEN" "$B/api/v1/hooks/1/test")" "POST a hook test"
recv_grew() { [ "$(lines "$RECV_LOG")" -gt "$n0" ]; }
WAIT_S=90 wait_until recv_grew || fail "the server's worker did not send the test"
stop_server
trap hooks_cleanup EXIT
expect_eq 0 "$SERVER_RC" "the server under valgrind: no memcheck error (99), a clean stop"
[ "$SERVER_RC" = 0 ] || tail -40 "$SERVER_LOG"
psql -X -q -U postgres -d postgres -c "DROP OWNED BY \"$W\"" -d "$TEST_DB" >/dev/null 2>&1
psql -X -q -U postgres -d postgres -c "DROP ROLE IF EXISTS \"$W\"" >/dev/null 2>&1
finish
