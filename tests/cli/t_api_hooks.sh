# /api/v1/hooks against the real server and PostgreSQL through curl: an editor manages only the
# hooks they own (another editor's is 404 and absent from the list), an admin all, a viewer 403;
# allow_private only for an admin; the secret never answered (nor logged); bad bodies 400 with
# JSON paths and the CLI's words, writing nothing; ETag / If-Match on PATCH and DELETE;
# pagination; Idempotency-Key; the owner as a foreign key; and a hook made through the API
# receiving a signed delivery from `tracker notify --once` (the alerts tests' receiver).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"
source "$(dirname "$0")/hooks_lib.sh"
migrate

for u in vi:viewer ed:editor ed2:editor ad:admin; do
  tracker user add "${u%%:*}" --role "${u#*:}" --password-stdin <<<"a long enough password" >/dev/null ||
    fail "user add $u"
done
tok() { tracker token create --user "$1" --scope "$2" | sed -n 's/^token: //p'; }
VIW=$(tok vi write); EDW=$(tok ed write); ED2=$(tok ed2 write); EDR=$(tok ed read); ADW=$(tok ad write)
[ -n "$EDW" ] && [ -n "$ADW" ] || { fail "no tokens"; finish; }

start_server --app --write-db "$TRACKER_DB user=tracker_api" --rate-limit 100000 --auth-failures 100000
# start_server's trap stops the server; the receiver's (hooks_lib.sh) must run too.
trap 'kill -TERM $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; hooks_cleanup' EXIT
API=$BASE/api/v1
api() {
  local n=$1 m=$2 p=$3
  shift 3
  CODE=$(curl -s -X "$m" -o "$TEST_TMP/$n.body" -D "$TEST_TMP/$n.hdr" -w '%{http_code}' --max-time 30 "$@" "$API$p")
  BODY=$(cat "$TEST_TMP/$n.body")
}
jv() {
  /usr/bin/python3 - "$TEST_TMP/$1.body" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
try:
    v = eval(sys.argv[2], {"d": d})
except Exception as e:
    v = "<error: %s>" % e
print(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False), end="")
PY
}
expect_code() { expect_eq "$1" "$CODE" "${2:-status}: $(printf '%s' "$BODY" | head -c 300)"; }
as() { case $1 in ed) echo "Authorization: Bearer $EDW" ;; ed2) echo "Authorization: Bearer $ED2" ;;
  ad) echo "Authorization: Bearer $ADW" ;; vi) echo "Authorization: Bearer $VIW" ;; edr) echo "Authorization: Bearer $EDR" ;; esac; }
JSON=(-H "Content-Type: application/json")
MERGE=(-H "Content-Type: application/merge-patch+json")
SECRET=$HOOK_SECRET

run case add --title "Telegram fined for refusing FSB keys" --jurisdiction RU --external-id telegram
expect_rc 0

# ---- bad input: 400 with paths, nothing written ----
before=$(snapshot)
api b1 POST /hooks -H "$(as ed)" "${JSON[@]}" -d '{"url":"ftp://example.com/x","events":["deadline.moved"],"secret":"short","colour":1}'
expect_code 400 "unknown key"
expect_eq '["$.colour"]' "$(jv b1 '[e["path"] for e in d["errors"]]')" "unknown key named first"
api b2 POST /hooks -H "$(as ed)" "${JSON[@]}" -d '{"url":"ftp://example.com/x","events":["deadline.moved"],"secret":"short","due_soon":"7d","case_id":"nosuch"}'
expect_code 400 "bad fields"
expect_eq '["$.case_id", "$.due_soon", "$.events", "$.secret", "$.url"]' "$(jv b2 'sorted(e["path"] for e in d["errors"])')" "every bad field with its path"
expect_eq 'invalid event type "deadline.moved"' "$(jv b2 '[e["message"] for e in d["errors"] if e["path"] == "$.events"][0][:35]')" "the CLI's words for events"
expect_eq 'application/problem+json' "$(hdr b2 Content-Type)" "problem+json"
api b3 POST /hooks -H "$(as ed)" "${JSON[@]}" -d "{\"url\":\"http://127.0.0.1:9/x\",\"events\":\"all\",\"secret\":\"$SECRET\"}"
expect_code 400 "private address"
expect_eq "refusing a private address: 127.0.0.1" "$(jv b3 '[e["message"] for e in d["errors"] if e["path"] == "$.url"][0][:37]')" "private address refused"
api b4 POST /hooks -H "$(as ed)" "${JSON[@]}" -d "{\"url\":\"http://127.0.0.1:9/x\",\"events\":\"all\",\"secret\":\"$SECRET\",\"allow_private\":true}"
expect_code 400 "allow_private by an editor"
expect_eq "only an admin may allow private addresses" "$(jv b4 '[e["message"] for e in d["errors"] if e["path"] == "$.allow_private"][0]')" "allow_private is the admin's"
api b5 POST /hooks -H "$(as ed)" "${JSON[@]}" -d '{"url":"https://hooks.example.com/x","events":"deadline.created","secret":"0123456789abcdef","jurisdiction":"RU","tag":"x"}'
expect_code 400 "two filters"
expect_eq '["$"]' "$(jv b5 '[e["path"] for e in d["errors"]]')" "one filter only"
api b9 POST /hooks -H "$(as ed)" "${JSON[@]}" -d "{\"url\":\"https://bot:hunter2@hooks.example.com/x\",\"events\":\"all\",\"secret\":\"$SECRET\"}"
expect_code 400 "credentials in the URL"
expect_eq "a user name or password in the URL is not allowed" "$(jv b9 '[e["message"] for e in d["errors"] if e["path"] == "$.url"][0][:49]')" "the CLI's words for credentials in a URL"
api b6 POST /hooks -H "$(as ed)" "${JSON[@]}" -d '[1]'
expect_code 400 "not an object"
api b7 POST /hooks -H "$(as vi)" "${JSON[@]}" -d "{\"url\":\"https://hooks.example.com/x\",\"events\":\"all\",\"secret\":\"$SECRET\"}"
expect_code 403 "viewer may not add"
api b8 POST /hooks -H "$(as edr)" "${JSON[@]}" -d "{\"url\":\"https://hooks.example.com/x\",\"events\":\"all\",\"secret\":\"$SECRET\"}"
expect_code 403 "read-scope token may not add"
api b9 GET /hooks -H "$(as vi)"
expect_code 403 "viewer may not list hooks"
api b10 GET /hooks
expect_code 401 "no credentials"
expect_eq "$before" "$(snapshot)" "nothing written by bad requests"

# ---- create: the editor's own, the secret never answered ----
api c1 POST /hooks -H "$(as ed)" "${JSON[@]}" -H "Idempotency-Key: k1" \
  -d "{\"url\":\"https://hooks.example.com/ed\",\"events\":[\"deadline.created\",\"deadline.due_soon\"],\"case_id\":\"telegram\",\"secret\":\"$SECRET\",\"description\":\"ed's\"}"
expect_code 201 "editor adds a hook"
H1=$(jv c1 'd["id"]')
expect_eq "/api/v1/hooks/$H1" "$(hdr c1 Location)" "Location"
expect_eq "ed 7d,1d" "$(jv c1 'd["owner"] + " " + d["due_soon"]')" "owner and default offsets"
expect_eq "$(sql "SELECT id FROM legal_case WHERE external_id = 'telegram'")" "$(jv c1 'd["case_id"]')" "case resolved from its external id"
expect_eq "$(sql "SELECT id FROM app_account WHERE login = 'ed'")" "$(sql "SELECT owner_account_id FROM hook WHERE id = $H1")" "owner_account_id is the caller's account"
expect_eq "$SECRET" "$(sql "SELECT secret FROM hook WHERE id = $H1")" "the secret stored"
case "$BODY" in *"$SECRET"*|*secret*) fail "the answer to POST holds the secret" ;; *) pass ;; esac
api c1b POST /hooks -H "$(as ed)" "${JSON[@]}" -H "Idempotency-Key: k1" \
  -d "{\"url\":\"https://hooks.example.com/ed\",\"events\":[\"deadline.created\",\"deadline.due_soon\"],\"case_id\":\"telegram\",\"secret\":\"$SECRET\",\"description\":\"ed's\"}"
expect_code 201 "replayed POST"
expect_eq "$H1" "$(jv c1b 'd["id"]')" "same hook for the same Idempotency-Key"
expect_eq 1 "$(sql "SELECT count(*) FROM hook")" "one hook after the replay"
api c2 POST /hooks -H "$(as ed2)" "${JSON[@]}" -d "{\"url\":\"https://hooks.example.com/ed2\",\"events\":\"all\",\"secret\":\"$SECRET\"}"
expect_code 201 "another editor adds one"
H2=$(jv c2 'd["id"]')
api c3 POST /hooks -H "$(as ad)" "${JSON[@]}" -d "{\"url\":\"http://127.0.0.1:9/admin\",\"events\":\"all\",\"secret\":\"$SECRET\",\"allow_private\":true}"
expect_code 201 "admin may allow private addresses"
H3=$(jv c3 'd["id"]')
expect_eq "True 7d,1d" "$(jv c3 'str(d["allow_private"]) + " " + str(d["due_soon"])')" "allow_private set, default offsets with all"

# ---- who sees what ----
api l1 GET /hooks -H "$(as ed)"
expect_code 200 "editor lists"
expect_eq "[$H1]" "$(jv l1 '[h["id"] for h in d["items"]]')" "an editor lists only their own"
api l2 GET /hooks -H "$(as ad)"
expect_eq "[$H1, $H2, $H3]" "$(jv l2 '[h["id"] for h in d["items"]]')" "an admin lists all"
case "$(cat "$TEST_TMP/l2.body")" in *"$SECRET"*|*'"secret"'*) fail "a list holds a secret" ;; *) pass ;; esac
api l3 GET "/hooks?limit=2" -H "$(as ad)"
expect_eq "[$H1, $H2] $H2" "$(jv l3 'str([h["id"] for h in d["items"]]) + " " + str(d["next_cursor"])')" "first page"
api l4 GET "/hooks?limit=2&cursor=$H2" -H "$(as ad)"
expect_eq "[$H3] None" "$(jv l4 'str([h["id"] for h in d["items"]]) + " " + str(d["next_cursor"])')" "second page"
api l5 GET "/hooks?limit=0" -H "$(as ad)"
expect_code 400 "bad limit"
expect_eq '["limit"]' "$(jv l5 '[e["path"] for e in d["errors"]]')" "limit named"
api g1 GET "/hooks/$H2" -H "$(as ed)"
expect_code 404 "another editor's hook is not found"
api g2 GET "/hooks/$H2/deliveries" -H "$(as ed)"
expect_code 404 "nor its deliveries"
api g3 GET "/hooks/$H1" -H "$(as edr)"
expect_code 200 "the owner reads with a read token"
ETAG=$(hdr g3 ETag)
[ -n "$ETAG" ] && pass || fail "no ETag"
api g4 GET "/hooks/$H1" -H "$(as ad)"
expect_code 200 "the admin reads another's hook"

# ---- PATCH / DELETE with If-Match ----
api p0 PATCH "/hooks/$H2" -H "$(as ed)" "${MERGE[@]}" -H "If-Match: $ETAG" -d '{"description":"mine now"}'
expect_code 404 "editor may not patch another's hook"
api p1 PATCH "/hooks/$H1" -H "$(as ed)" "${MERGE[@]}" -d '{"description":"x"}'
expect_code 428 "PATCH without If-Match"
api p2 PATCH "/hooks/$H1" -H "$(as ed)" "${MERGE[@]}" -H 'If-Match: "stale"' -d '{"description":"x"}'
expect_code 412 "PATCH with a stale ETag"
before=$(snapshot); bh=$(sql "SELECT updated_at FROM hook WHERE id = $H1")
api p3 PATCH "/hooks/$H1" -H "$(as ed)" "${MERGE[@]}" -H "If-Match: $ETAG" -d '{"url":"http://10.0.0.1/x","due_soon":"0d","events":[]}'
expect_code 400 "bad patch"
expect_eq '["$.due_soon", "$.events", "$.url"]' "$(jv p3 'sorted(set(e["path"] for e in d["errors"]))')" "bad patch paths"
api p4 PATCH "/hooks/$H1" -H "$(as ed)" "${MERGE[@]}" -H "If-Match: $ETAG" -d '{"allow_private":true}'
expect_code 400 "editor may not set allow_private"
expect_eq "$bh" "$(sql "SELECT updated_at FROM hook WHERE id = $H1")" "bad patches change nothing"
api p5 PATCH "/hooks/$H1" -H "$(as ed)" "${MERGE[@]}" -H "If-Match: $ETAG" \
  -d '{"due_soon":"3d","case_id":null,"jurisdiction":"RU","description":null,"enabled":false,"secret":"another-secret-0123456789"}'
expect_code 200 "owner patches"
expect_eq "3d RU None None False" "$(jv p5 '" ".join(str(v) for v in [d["due_soon"], d["jurisdiction"], d["case_id"], d["description"], d["enabled"]])')" "patched fields"
expect_eq "another-secret-0123456789 {4320} disabled through the API" "$(sql "SELECT secret || ' ' || due_soon::text || ' ' || disabled_reason FROM hook WHERE id = $H1")" "stored"
case "$(cat "$TEST_TMP/p5.body")" in *another-secret*) fail "PATCH answered the secret" ;; *) pass ;; esac
ETAG2=$(hdr p5 ETag)
[ "$ETAG2" != "$ETAG" ] && pass || fail "ETag did not change"
api p6 PATCH "/hooks/$H1" -H "$(as ed)" "${MERGE[@]}" -H "If-Match: $ETAG2" -d '{"enabled":true,"url":"https://hooks.example.com/ed2"}'
expect_code 200 "enable again"
expect_eq "True https://hooks.example.com/ed2" "$(jv p6 'str(d["enabled"]) + " " + d["url"]')" "enabled, new URL"
api d0 DELETE "/hooks/$H2" -H "$(as ed)" -H "If-Match: $ETAG2"
expect_code 404 "editor may not delete another's hook"
api d1 DELETE "/hooks/$H2" -H "$(as ad)"
expect_code 428 "DELETE without If-Match"
api g5 GET "/hooks/$H2" -H "$(as ad)"
api d2 DELETE "/hooks/$H2" -H "$(as ad)" -H "If-Match: $(hdr g5 ETag)"
expect_code 204 "admin deletes another's hook"
expect_eq 0 "$(sql "SELECT count(*) FROM hook WHERE id = $H2")" "deleted"
api d3 DELETE "/hooks/$H3" -H "$(as vi)" -H "If-Match: x"
expect_code 403 "viewer may not delete"


# The foreign key of 020: the owner must be an account.
sql "UPDATE hook SET owner_account_id = 999999 WHERE id = $H1" >/dev/null 2>&1
expect_eq "$(sql "SELECT id FROM app_account WHERE login = 'ed'")" "$(sql "SELECT owner_account_id FROM hook WHERE id = $H1")" "owner_account_id references app_account"

# ---- a hook made through the API receives a delivery from tracker notify --once ----
start_receiver r --keep-body
api r1 POST /hooks -H "$(as ad)" "${JSON[@]}" \
  -d "{\"url\":\"$RECV_URL\",\"events\":[\"event.created\",\"deadline.created\"],\"case_id\":\"telegram\",\"secret\":\"$SECRET\",\"allow_private\":true}"
expect_code 201 "a hook on the receiver"
HR=$(jv r1 'd["id"]')
run event add telegram --type ruling --date 2017-10-16 --appeal-sutki 10
expect_rc 0
run notify --once
expect_rc 0
expect_eq "['deadline.created', 'event.created']" "$(jq_log "$RECV_LOG" "sorted(r['type'] for r in recs if r['body'].get('hook_id') == $HR)")" "the API's hook got its deliveries"
expect_eq "True" "$(jq_log "$RECV_LOG" "bool(recs) and all(r['valid'] for r in recs)")" "signed with the secret given to POST"
api r2 GET "/hooks/$HR/deliveries" -H "$(as ad)"
expect_code 200 "deliveries"
expect_eq "delivered delivered ok" "$(jv r2 '" ".join([h["state"] for h in d["items"]] + [d["items"][0]["attempt_log"][0]["outcome"]])')" "every delivery with its attempts"
api r3 GET "/hooks/$HR/deliveries?limit=1" -H "$(as ad)"
NC=$(jv r3 'd["next_cursor"]')
api r4 GET "/hooks/$HR/deliveries?limit=1&cursor=$NC" -H "$(as ad)"
expect_eq "1 1 None" "$(jv r3 'len(d["items"])') $(jv r4 'len(d["items"])') $(jv r4 'str(d["next_cursor"])')" "deliveries paginate"
api r5 GET "/hooks/$HR" -H "$(as ad)"
expect_eq 2 "$(jv r5 'd["deliveries"]["delivered"]')" "counts in the hook"

# ---- POST /hooks/{id}/test and .../deliveries/{d}/redeliver: queued (202), tracker notify sends ----
nd() { sql "SELECT count(*) FROM delivery WHERE hook_id = $1"; }
before=$(nd "$H1"); ab=$(sql "SELECT count(*) FROM audit WHERE table_name = 'delivery'")
api t0 POST "/hooks/$H1/test" -H "$(as ed2)"
expect_code 404 "another editor may not test ed's hook"
api t0b POST "/hooks/$H1/test" -H "$(as vi)"
expect_code 403 "a viewer may not test"
api t0c POST "/hooks/$H1/test" -H "$(as edr)"
expect_code 403 "a read-scope token may not test"
api t0d POST "/hooks/$H1/test"
expect_code 401 "no credentials"
api t0e POST "/hooks/$H1/test" -H "$(as ed)" "${JSON[@]}" -d '{"colour":1}'
expect_code 400 "a body with keys"
expect_eq "$before" "$(nd "$H1")" "nothing queued for them"
api t1 POST "/hooks/$H1/test" -H "$(as ed)"
expect_code 202 "the owner queues a test"
expect_eq "/api/v1/hooks/$H1/deliveries hook.test pending 0" "$(hdr t1 Location) $(jv t1 '" ".join(str(d[k]) for k in ["type", "state", "attempts"])')" "Location, type, state of the queued test"
expect_eq "pending hook.test" "$(sql "SELECT d.state || ' ' || o.type FROM delivery d JOIN outbox o ON o.id = d.outbox_id WHERE d.id = $(jv t1 'd["id"]') AND d.next_attempt_at <= now()")" "queued due now"
api t2 POST "/hooks/$H1/test" -H "$(as ad)" "${JSON[@]}" -d '{}'
expect_code 202 "an admin queues a test of another's hook"
expect_eq $((before + 2)) "$(nd "$H1")" "two tests queued"
expect_eq "ed ad" "$(sql "SELECT string_agg(account, ' ' ORDER BY id) FROM audit WHERE table_name = 'delivery' AND id > $ab")" "each queued test audited with its account"
# Idempotency-Key: the same answer, nothing more queued; the key on another path is 409.
api t3 POST "/hooks/$H1/test" -H "$(as ed)" -H "Idempotency-Key: test-1"
api t3b POST "/hooks/$H1/test" -H "$(as ed)" -H "Idempotency-Key: test-1"
expect_code 202 "replayed test"
expect_eq "$(jv t3 'd["id"]')" "$(jv t3b 'd["id"]')" "same delivery for the same Idempotency-Key"
expect_eq $((before + 3)) "$(nd "$H1")" "one delivery for the replayed key"
api t3c POST "/hooks/$HR/test" -H "$(as ed)" -H "Idempotency-Key: test-1"
expect_code 409 "the key reused on another path"
# Bad ids.
api t4 POST "/hooks/abc/test" -H "$(as ad)"
expect_code 404 "a hook id that is not a number"
api t4b POST "/hooks/999999/test" -H "$(as ad)"
expect_code 404 "no such hook"
# A disabled hook's deliveries wait: 409, nothing queued.
sql "UPDATE hook SET disabled_at = now(), disabled_reason = 'test' WHERE id = $H3" >/dev/null
n3=$(nd "$H3")
api t5 POST "/hooks/$H3/test" -H "$(as ad)"
expect_code 409 "test of a disabled hook"
expect_eq "$n3" "$(nd "$H3")" "nothing queued for a disabled hook"
sql "UPDATE hook SET disabled_at = NULL, disabled_reason = NULL WHERE id = $H3" >/dev/null
# H1 and H3 point nowhere useful: their queued tests are failed by hand so that the worker below
# sends only the receiver's.
sql "UPDATE delivery SET state = 'failed' WHERE hook_id IN ($H1, $H3) AND state = 'pending'" >/dev/null

# The worker sends a queued test to the receiver, signed: woken by the NOTIFY (its sweep is 10
# minutes, so only the NOTIFY can wake it in time).
nrecv=$(lines "$RECV_LOG")
start_worker --sweep 600
sleep 0.5
api t6 POST "/hooks/$HR/test" -H "$(as ad)"
expect_code 202 "test of the receiver's hook"
DT=$(jv t6 'd["id"]')
got_test() { [ "$(jq_log "$RECV_LOG" "len([r for r in recs if r['type'] == 'hook.test'])")" -ge 1 ]; }
WAIT_S=10 wait_until got_test && pass || fail "the queued test did not reach the receiver"
expect_eq "True $HR $DT 1" "$(jq_log "$RECV_LOG" "' '.join(str(x) for r in recs if r['type'] == 'hook.test' for x in [r['valid'], r['body']['hook_id'], r['delivery'], r['attempt']])")" "signed, the hook's, the delivery, attempt 1"
EV1=$(jq_log "$RECV_LOG" "[r['id'] for r in recs if r['type'] == 'hook.test'][0]")
recorded() { [ "$(sql "SELECT state FROM delivery WHERE id = $DT")" = delivered ]; }
WAIT_S=10 wait_until recorded && pass || fail "the test delivery is not recorded delivered"
# Redeliver: same event id, the next attempt.
api r6 POST "/hooks/$HR/deliveries/$DT/redeliver" -H "$(as ad)"
expect_code 202 "redeliver"
expect_eq "pending $(jv t6 'd["event_id"]')" "$(jv r6 'd["state"] + " " + d["event_id"]')" "pending again, same event id"
got_two() { [ "$(jq_log "$RECV_LOG" "len([r for r in recs if r['type'] == 'hook.test'])")" -ge 2 ]; }
WAIT_S=10 wait_until got_two && pass || fail "the redelivery did not reach the receiver"
expect_eq "$EV1 $EV1 True 2" "$(jq_log "$RECV_LOG" "' '.join([r['id'] for r in recs if r['type'] == 'hook.test'] + [str(all(r['valid'] for r in recs)), [r['attempt'] for r in recs if r['type'] == 'hook.test'][1]])")" "the redelivery repeats the event id, attempt 2, signed"
stop_worker
expect_eq "$EV1" "$(jv t6 'd["event_id"]')" "the answer's event_id is the one delivered"
# Redeliver: who may, and bad ids.
DH1=$(sql "SELECT max(id) FROM delivery WHERE hook_id = $H1")
st() { sql "SELECT state || ' ' || attempts FROM delivery WHERE id = $1"; }
s1=$(st "$DH1")
api r7 POST "/hooks/$H1/deliveries/$DH1/redeliver" -H "$(as ed2)"
expect_code 404 "another editor may not redeliver ed's delivery"
api r7b POST "/hooks/$H1/deliveries/$DH1/redeliver" -H "$(as vi)"
expect_code 403 "a viewer may not redeliver"
api r7c POST "/hooks/$HR/deliveries/$DH1/redeliver" -H "$(as ad)"
expect_code 404 "a delivery of another hook"
api r7d POST "/hooks/$HR/deliveries/abc/redeliver" -H "$(as ad)"
expect_code 400 "a delivery id that is not a number"
expect_eq '["delivery_id"]' "$(jv r7d '[e["path"] for e in d["errors"]]')" "delivery_id named"
api r7e POST "/hooks/$HR/deliveries/999999/redeliver" -H "$(as ad)"
expect_code 404 "no such delivery"
expect_eq "$s1" "$(st "$DH1")" "nothing changed by refused redeliveries"
api r8 POST "/hooks/$H1/deliveries/$DH1/redeliver" -H "$(as ed)"
expect_code 202 "the owner redelivers"
expect_eq "pending" "$(sql "SELECT state FROM delivery WHERE id = $DH1")" "pending again"
sql "UPDATE delivery SET state = 'failed' WHERE hook_id = $H1 AND state = 'pending'" >/dev/null

# ---- the audit trail of the API's hook writes: the account, never the secret (migration 022) ----
aud() { sql "SELECT string_agg(op || ':' || coalesce(account, '-') || ':' || coalesce(account_id::text, '-'), ' ' ORDER BY id) FROM audit WHERE table_name = 'hook' AND row_id = $1"; }
EDID=$(sql "SELECT id FROM app_account WHERE login = 'ed'"); ADID=$(sql "SELECT id FROM app_account WHERE login = 'ad'")
expect_eq "INSERT:ed:$EDID UPDATE:ed:$EDID UPDATE:ed:$EDID" "$(aud "$H1")" "POST and PATCHes of ed's hook audited with ed's account (the refused ones not)"
expect_eq "INSERT:ed2:$(sql "SELECT id FROM app_account WHERE login = 'ed2'") DELETE:ad:$ADID" "$(aud "$H2")" "the admin's DELETE audited with the admin's account"
expect_eq "api DELETE /api/v1/hooks/$H2" "$(sql "SELECT cause FROM audit WHERE table_name = 'hook' AND row_id = $H2 AND op = 'DELETE'")" "the cause of the DELETE"
expect_eq "true [4320]" "$(sql "SELECT (new_row->>'secret_changed') || ' ' || (new_row->>'due_soon') FROM audit WHERE table_name = 'hook' AND row_id = $H1 AND new_row ? 'secret_changed'")" "the PATCH that replaced the secret says so"
api ch1 GET "/changes?limit=500" -H "$(as ed)"
expect_code 200 "an editor's /changes"
expect_eq "[]" "$(jv ch1 'sorted({c["table_name"] for c in d["items"]} & {"hook", "digest", "delivery", "app_account", "api_token", "web_session"})')" "no hook, delivery, account or token audit rows in an editor's /changes"
api ch0 GET "/changes?limit=500" -H "$(as vi)"
expect_eq "[]" "$(jv ch0 'sorted({c["table_name"] for c in d["items"]} & {"hook", "digest", "delivery", "app_account", "api_token", "web_session"})')" "nor in a viewer's"
expect_eq "true" "$(jv ch0 'any(c["table_name"] == "legal_case" for c in d["items"])')" "a viewer's /changes has the case changes"
api ch2 GET "/changes?limit=500" -H "$(as ad)"
expect_eq '["api_token", "app_account", "delivery", "hook"]' "$(jv ch2 'sorted({c["table_name"] for c in d["items"]} & {"hook", "digest", "delivery", "app_account", "api_token", "web_session"})')" "an admin's /changes has them"
case "$(cat "$TEST_TMP/ch2.body")" in *"$SECRET"*|*another-secret*) fail "a secret in /changes" ;; *) pass ;; esac
run history --hook "$H1"
expect_rc 0
expect_out_has "ed (account ed)  hook $H1 added"
expect_out_has "api PATCH /api/v1/hooks/$H1)"
expect_out_has "ad (account ad)  delivery" # the admin's queued test of ed's hook
expect_out_lacks "$SECRET"
sql "SELECT a::text FROM audit a" >"$TEST_TMP/audit.dump"
grep -q "hooks.example.com/ed" "$TEST_TMP/audit.dump" && pass || fail "the hooks are not in the audit dump"
for sec in "$SECRET" another-secret-0123456789; do
  grep -qF -- "$sec" "$TEST_TMP/audit.dump" && fail "a hook secret is in the audit trail" || pass
done

# Never a secret in the server's log.
grep -q -- "$SECRET" "$SERVER_LOG" && fail "the secret is in the server log" || pass
finish
