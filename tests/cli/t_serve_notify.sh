# tracker serve --app --notify: the delivery worker as a thread of the server, on the API's
# --write-db connection. A change made through the API and one made with the CLI are delivered
# (signed) with no `tracker notify` running; POST /hooks/{id}/test (202, queued) is sent by the
# server's own worker; SIGTERM stops both at once with exit 0; the worker's options are refused
# without --notify and --notify without --app (exit 2, nothing started).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"
source "$(dirname "$0")/hooks_lib.sh"
migrate

tracker user add ad --role admin --password-stdin <<<"a long enough password" >/dev/null || fail "user add"
TOK=$(tracker token create --user ad --scope write | sed -n 's/^token: //p')
[ -n "$TOK" ] || { fail "no token"; finish; }
AUTH="Authorization: Bearer $TOK"
WRITE_DB="$TRACKER_DB user=tracker_api"

# ---- bad invocations: exit 2 with the reason, no server ----
run serve --notify --listen 127.0.0.1:0
expect_rc 2
expect_err_has "--notify runs the delivery worker"
run serve --app --write-db "$WRITE_DB" --listen 127.0.0.1:0 --batch 10
expect_rc 2
expect_err_has "--batch is an option of the delivery worker: add --notify"
run serve --app --write-db "$WRITE_DB" --listen 127.0.0.1:0 --smtp smtp://127.0.0.1:2525
expect_rc 2
expect_err_has "--smtp is an option of the delivery worker"
run serve --app --write-db "$WRITE_DB" --listen 127.0.0.1:0 --notify --parallel 0
expect_rc 2
expect_err_has "parallel"
run serve --help
expect_out_has "--notify"

# ---- the server delivers ----
start_receiver r --keep-body
printf '%s\n' "$HOOK_SECRET" | tracker hook add "$RECV_URL" --events all --allow-private --secret-stdin >/dev/null ||
  fail "hook add"
HID=$(sql "SELECT id FROM hook")
start_server --app --notify --write-db "$WRITE_DB" --sweep 3600
trap 'kill -TERM $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; hooks_cleanup' EXIT
wait_until grep -q "notify: listening" "$SERVER_LOG" && pass || fail "the worker did not start with the server"

# A change through the API: a case, then its ruling (event.created and the deadlines it opens),
# delivered by the server's worker.
CODE=$(curl -s -o "$TEST_TMP/c.body" -w '%{http_code}' --max-time 20 -X POST -H "$AUTH" \
  -H "Content-Type: application/json" \
  -d '{"title":"Telegram fined for refusing FSB keys","jurisdiction":"RU","id":"telegram"}' "$BASE/api/v1/cases")
expect_eq 201 "$CODE" "case created through the API"
CODE=$(curl -s -o "$TEST_TMP/e.body" -w '%{http_code}' --max-time 20 -X POST -H "$AUTH" \
  -H "Content-Type: application/json" \
  -d '{"type":"ruling","date":"2017-10-16","title":"Meshchansky court fines Telegram","deadlines":[{"kind":"appeal","title":"Appeal deadline","period":{"count":10,"unit":"sutki","roll":"none"}}]}' \
  "$BASE/api/v1/cases/telegram/events")
expect_eq 201 "$CODE" "ruling added through the API: $(cat "$TEST_TMP/e.body")"
got_type() { [ "$(jq_log "$RECV_LOG" "sum(1 for r in recs if r['type'] == '$1')")" -ge "${2:-1}" ]; }
wait_until got_type event.created || fail "no event.created delivered by serve --notify: $(cat "$SERVER_LOG")"
wait_until got_type deadline.created || fail "no deadline.created delivered: $(tail -5 "$SERVER_LOG")"

# A change with the CLI (another process): its NOTIFY at commit wakes the server's worker.
run case edit telegram --docket 12-3456/2017
expect_rc 0
wait_until got_type case.changed || fail "no case.changed delivered: $(tail -5 "$SERVER_LOG")"
expect_eq "True" "$(jq_log "$RECV_LOG" "bool(recs) and all(r['valid'] for r in recs)")" "every delivery signed with the hook's secret"

# POST /hooks/{id}/test answers 202 (queued) and the server's worker sends it.
CODE=$(curl -s -o "$TEST_TMP/t.body" -w '%{http_code}' --max-time 20 -X POST -H "$AUTH" "$BASE/api/v1/hooks/$HID/test")
expect_eq 202 "$CODE" "test queued"
wait_until got_type hook.test || fail "the queued test was not sent"
expect_eq 0 "$(sql "SELECT count(*) FROM delivery WHERE state <> 'delivered'")" "every delivery recorded as delivered"
# Each delivered once (one worker).
expect_eq "True" "$(jq_log "$RECV_LOG" "len(recs) == len({r['body']['id'] for r in recs})")" "no delivery sent twice"

# ---- SIGTERM stops the server and its worker, exit 0, at once ----
t0=$(date +%s%N)
stop_server
ms=$((($(date +%s%N) - t0) / 1000000))
expect_eq 0 "$SERVER_RC" "exit 0 on SIGTERM"
[ "$ms" -lt 5000 ] || fail "stopping took $ms ms"
trap hooks_cleanup EXIT
finish
