# The JSON API (tracker serve --app) against the real server and PostgreSQL, through curl and
# node's fetch: the Telegram ruling recorded entirely through the API (appeal deadline with its
# explanation; a new date recomputes it with a new revision), ETag / If-Match (412, 428, two
# concurrent PATCHes with one ETag), Idempotency-Key, keyset pagination over 1,000 cases, every
# error code, bad bodies writing nothing, the audit naming the account, tokens kept out of the
# log, CORS, the authorization matrix generated from docs/openapi.json, and every response
# checked against docs/openapi.json (tests/api/check.mjs).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"

API_JS="$TRACKER_SRC/tests/api"
[ -d "$API_JS/node_modules/ajv" ] ||
  { echo "FAIL: tests/api is not installed (scripts/test-deps runs npm ci in tests/api)"; exit 1; }
migrate

# Accounts and tokens (tracker user / tracker token, the accounts helper's CLI).
for u in vi:viewer ed:editor ad:admin; do
  tracker user add "${u%%:*}" --role "${u#*:}" --password-stdin <<<"a long enough password" >/dev/null ||
    fail "user add $u"
done
tok() { tracker token create --user "$1" --scope "$2" | sed -n 's/^token: //p'; }
VIW=$(tok vi write); EDR=$(tok ed read); EDW=$(tok ed write); ADR=$(tok ad read); ADW=$(tok ad write)
[ -n "$EDW" ] && [ -n "$ADW" ] || { fail "no tokens"; finish; }

WRITE_DB="$TRACKER_DB user=tracker_api"
rm -f "$TEST_TMP/serve.log"
start_server --app --write-db "$WRITE_DB" --rate-limit 100000 --auth-failures 100000
API=$BASE/api/v1
LOG=$TEST_TMP/responses.log
: >"$LOG"
N=0

# api NAME METHOD PATH [curl args...]: the request; body in $TEST_TMP/NAME.body, headers in
# .hdr, status in CODE, the body in BODY; logged for check.mjs.
api() {
  local n=$1 m=$2 p=$3
  shift 3
  CODE=$(curl -s -X "$m" -o "$TEST_TMP/$n.body" -D "$TEST_TMP/$n.hdr" -w '%{http_code}' --max-time 30 "$@" "$API$p")
  BODY=$(cat "$TEST_TMP/$n.body")
  printf '%s\t%s\t%s\t%s\t%s\n' "$m" "/api/v1$p" "$CODE" "$(hdr "$n" Content-Type)" "$TEST_TMP/$n.body" >>"$LOG"
}
AUTH=(-H "Authorization: Bearer $EDW")
JSON=(-H "Content-Type: application/json")
MERGE=(-H "Content-Type: application/merge-patch+json")
# jq-like: jv NAME EXPR: a Python expression on the JSON body of NAME (d).
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
count() { sql "SELECT count(*) FROM $1"; }

# ---- /me, openapi.json ----
api me GET /me "${AUTH[@]}"
expect_code 200 "GET /me"
expect_eq "ed" "$(jv me 'd["login"]')" "me login"
expect_eq "editor" "$(jv me 'd["role"]')" "me role"
api oa GET /openapi.json
expect_code 200 "openapi.json without credentials"
cmp -s "$TEST_TMP/oa.body" "$TRACKER_SRC/docs/openapi.json" && pass || fail "served openapi.json differs from docs/openapi.json"

# The route table (tracker/http/api_res.c) and the document list the same operations.
routes=$(sed -n 's/^    {"\(\/[^"]*\)", \(API_[A-Z_ |]*\),.*/\1 \2/p' "$TRACKER_SRC/tracker/http/api_res.c" |
  while read -r path methods; do
    for m in GET POST PATCH DELETE; do case "$methods" in *API_$m*) echo "$m $path" ;; esac; done
  done | sort)
documented=$(/usr/bin/python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
for p, ops in d["paths"].items():
    for m in ops: print(m.upper(), p)' "$TRACKER_SRC/docs/openapi.json" | sort)
expect_eq "$routes" "$documented" "route table vs openapi.json"
[ "$(printf '%s\n' "$routes" | wc -l)" -ge 30 ] && pass || fail "route table parse: $(printf '%s\n' "$routes" | wc -l) routes"

# ---- the Telegram ruling, entirely through the API ----
api party POST /parties "${AUTH[@]}" "${JSON[@]}" \
  -d '{"id":"party:telegram","name":"Telegram Messenger LLP","kind":"organisation"}'
expect_code 201 "POST /parties"
api court POST /bodies "${AUTH[@]}" "${JSON[@]}" \
  -d '{"id":"body:meshchansky-court","name":"Meshchansky District Court of Moscow","kind":"court","jurisdiction":"RU"}'
expect_code 201 "POST /bodies"
api src POST /sources "${AUTH[@]}" "${JSON[@]}" \
  -d '{"id":"src:afp","url":"https://phys.org/news/2017-10-russian-court-fines-telegram.html","publisher":"AFP","published_on":"2017-10-16"}'
expect_code 201 "POST /sources"
api case POST /cases "${AUTH[@]}" "${JSON[@]}" -d '{"id":"telegram-fsb-keys-2017",
  "title":"Telegram fined for refusing to hand the FSB its encryption keys","jurisdiction":"RU",
  "body":"body:meshchansky-court","procedure":"administrative_offence","tags":["encryption","telegram"],
  "parties":[{"party":"party:telegram","role":"defendant"}]}'
expect_code 201 "POST /cases"
CASE=$(jv case 'd["db_id"]')
expect_eq "/api/v1/cases/$CASE" "$(hdr case Location)" "Location of the case"
[ -n "$(hdr case ETag)" ] && pass || fail "no ETag on the new case"
api ruling POST "/cases/telegram-fsb-keys-2017/events" "${AUTH[@]}" "${JSON[@]}" -d '{
  "id":"telegram-2017:ruling","type":"ruling","date":"2017-10-16",
  "title":"Meshchansky court fines Telegram 800,000 roubles","body":"body:meshchansky-court",
  "party":"party:telegram","sources":["src:afp"],
  "fine":{"amount":"800000.00","currency":"RUB","equivalents":[{"amount":"14000.00","currency":"USD","as_of":"2017-10-16","note":"about $14,000, as reported by AFP"}]},
  "deadlines":[{"kind":"appeal","title":"Appeal deadline","period":{"count":10,"unit":"sutki","roll":"none"}}]}'
expect_code 201 "POST ruling"
EV=$(jv ruling 'd["db_id"]')
expect_eq "/api/v1/events/$EV" "$(hdr ruling Location)" "Location of the event"
expect_eq "2017-10-26" "$(jv ruling '[x["due_on"] for x in d["produced_deadlines"] if x["kind"] == "appeal"][0]')" "appeal deadline produced"
api dl GET "/deadlines?case=telegram-fsb-keys-2017&kind=appeal" "${AUTH[@]}"
expect_code 200 "GET /deadlines?case="
AP=$(jv dl 'd["items"][0]["id"]')
expect_eq "2017-10-26" "$(jv dl 'd["items"][0]["due_on"]')" "appeal deadline listed"
api dlj GET "/deadlines?jurisdiction=RU&tag=telegram&procedure=administrative_offence&kind=appeal" "${AUTH[@]}"
expect_eq "$AP" "$(jv dlj '",".join(str(i["id"]) for i in d["items"])')" "deadlines by the case's jurisdiction, tag, procedure"
api dlj2 GET "/deadlines?jurisdiction=US" "${AUTH[@]}"
expect_eq "0" "$(jv dlj2 'len(d["items"])')" "no US deadlines"
api apd GET "/deadlines/$AP" "${AUTH[@]}"
expect_code 200 "GET /deadlines/ID"
expect_eq "1" "$(jv apd 'd["revision"]')" "revision 1"
expect_eq "due 2017-10-26" "$(jv apd 'd["explanation"]["result"]')" "explanation result"
case "$(jv apd 'd["explanation"]["lines"]')" in *"10 сутки"*) pass ;; *) fail "explanation lacks the period: $(jv apd 'd["explanation"]')" ;; esac
api fines GET "/fines?case=telegram-fsb-keys-2017" "${AUTH[@]}"
expect_eq "800000.00 RUB 14000.00" "$(jv fines '" ".join([d["items"][0]["amount"], d["items"][0]["currency"], d["items"][0]["equivalents"][0]["amount"]])')" "fine with its equivalent"
FINE=$(jv fines 'd["items"][0]["id"]')

# Edit the date: the deadline is recomputed with a new revision.
api ev GET "/events/$EV" "${AUTH[@]}"
ET=$(hdr ev ETag)
api ev2 PATCH "/events/$EV" "${AUTH[@]}" "${MERGE[@]}" -H "If-Match: $ET" -d '{"date":"2017-10-17"}'
expect_code 200 "PATCH the ruling's date"
expect_eq "2017-10-17" "$(jv ev2 'd["date"]')" "new date"
[ "$(hdr ev2 ETag)" != "$ET" ] && pass || fail "ETag unchanged after PATCH"
api apd2 GET "/deadlines/$AP" "${AUTH[@]}"
expect_eq "2017-10-27 2" "$(jv apd2 'd["due_on"] + " " + str(d["revision"])')" "recomputed, revision 2"
expect_eq "2017-10-26" "$(jv apd2 '[h["due_on"] for h in d["history"] if h["revision"] == 1][0]')" "revision 1 kept in the history"

# The same stale ETag again: 412; no If-Match: 428; nothing changed.
api stale PATCH "/events/$EV" "${AUTH[@]}" "${MERGE[@]}" -H "If-Match: $ET" -d '{"date":"2017-10-18"}'
expect_code 412 "stale If-Match"
api noif PATCH "/events/$EV" "${AUTH[@]}" "${MERGE[@]}" -d '{"date":"2017-10-18"}'
expect_code 428 "no If-Match"
expect_eq "2017-10-17" "$(sql "SELECT date FROM event WHERE id = $EV")" "date after 412/428"

# Two PATCHes at once with the same ETag: one 200, one 412, never a lost update.
api ev3 GET "/events/$EV" "${AUTH[@]}"
ET3=$(hdr ev3 ETag)
for i in 1 2; do
  curl -s -o "$TEST_TMP/conc$i.body" -w '%{http_code}' -X PATCH "${AUTH[@]}" "${MERGE[@]}" \
    -H "If-Match: $ET3" -d "{\"title\":\"concurrent edit $i\"}" "$API/events/$EV" >"$TEST_TMP/conc$i.code" &
  pids="${pids:-} $!"
done
wait $pids
codes=$( (cat "$TEST_TMP/conc1.code"; echo; cat "$TEST_TMP/conc2.code"; echo) | sort | tr '\n' ' ')
expect_eq "200 412 " "$codes" "concurrent PATCHes"
winner=$(grep -l '^200' "$TEST_TMP"/conc?.code | sed 's/.*conc\([12]\).code/\1/')
expect_eq "concurrent edit $winner" "$(sql "SELECT title FROM event WHERE id = $EV")" "the 200's edit is the one kept"

# Mark the fine paid (PATCH /fines/ID).
api fine GET "/fines/$FINE" "${AUTH[@]}"
api fine2 PATCH "/fines/$FINE" "${AUTH[@]}" "${MERGE[@]}" -H "If-Match: $(hdr fine ETag)" -d '{"paid":true,"paid_on":"2017-12-20"}'
expect_code 200 "PATCH fine paid"
expect_eq "t 2017-12-20" "$(sql "SELECT paid || ' ' || paid_on FROM fine WHERE id = $FINE" | sed 's/^true/t/')" "fine paid in the database"

# PATCH a case; read-only fields and the id cannot change.
api c1 GET "/cases/$CASE" "${AUTH[@]}"
api c2 PATCH "/cases/$CASE" "${AUTH[@]}" "${MERGE[@]}" -H "If-Match: $(hdr c1 ETag)" -d '{"status":"appealed","docket":"5-1234/2017"}'
expect_code 200 "PATCH case"
expect_eq "appealed 5-1234/2017" "$(sql "SELECT status || ' ' || docket FROM legal_case WHERE id = $CASE")" "case patched"
expect_eq "1" "$(sql "SELECT count(*) FROM case_party WHERE case_id = $CASE")" "parties kept"
api c3 PATCH "/cases/$CASE" "${AUTH[@]}" "${MERGE[@]}" -H "If-Match: $(hdr c2 ETag)" -d '{"version":7,"id":"other"}'
expect_code 400 "PATCH read-only fields"
expect_eq '$.id $.version' "$(jv c3 '" ".join(sorted(e["path"] for e in d["errors"]))')" "read-only fields named"

# History and the audit trail name the account.
api hist GET "/cases/$CASE/history" "${AUTH[@]}"
expect_code 200 "GET history"
expect_eq '["ed"]' "$(jv hist 'sorted(set(i["account"] for i in d["items"]))')" "history names the account"
expect_eq "ed" "$(sql "SELECT string_agg(DISTINCT account, ',') FROM audit WHERE table_name IN ('event', 'legal_case', 'fine', 'deadline')")" "audit rows name the account"
expect_eq "0" "$(sql "SELECT count(*) FROM audit WHERE cause LIKE '%write-db%' OR cause LIKE '%trk_%'")" "no server command line or token in the audit"
api chg GET "/changes?limit=5" "${AUTH[@]}"
expect_code 200 "GET /changes"
expect_eq "5" "$(jv chg 'len(d["items"])')" "changes page"

# ---- Idempotency-Key ----
before=$(count party)
icodes=""
for i in 1 2; do
  api idem$i POST /parties "${AUTH[@]}" "${JSON[@]}" -H "Idempotency-Key: k-123" -d '{"name":"Roskomnadzor","kind":"authority"}'
  icodes="$icodes$CODE "
done
expect_eq "201 201 " "$icodes" "a retried POST"
cmp -s "$TEST_TMP/idem1.body" "$TEST_TMP/idem2.body" && pass || fail "a retried POST got another answer"
expect_eq "$(hdr idem1 Location)" "$(hdr idem2 Location)" "same Location"
expect_eq "$((before + 1))" "$(count party)" "one record for two POSTs with one key"
api idem3 POST /parties "${AUTH[@]}" "${JSON[@]}" -H "Idempotency-Key: k-123" -d '{"name":"Someone else"}'
expect_code 409 "same key, another body"

# ---- pagination over 1,000 cases ----
/usr/bin/python3 - "$TEST_TMP/many.json" <<'PY'
import json, sys
cases = [{"id": "bulk-%04d" % i, "title": "Bulk case %d" % i, "jurisdiction": "RU"} for i in range(1000)]
json.dump({"format": "tracker-interchange", "version": 1, "cases": cases}, open(sys.argv[1], "w"))
PY
api imp POST /import "${AUTH[@]}" "${JSON[@]}" --data-binary "@$TEST_TMP/many.json"
expect_code 200 "POST /import of 1,000 cases"
expect_eq "1000" "$(jv imp 'd["counts"]["cases"]["inserted"]')" "imported"
cursor=""
: >"$TEST_TMP/seen"
pages=0
while :; do
  api pg GET "/cases?limit=37${cursor:+&cursor=$cursor}" "${AUTH[@]}"
  [ "$CODE" = 200 ] || { fail "page $pages: $CODE $BODY"; break; }
  jv pg '"\n".join(str(i["id"]) for i in d["items"])' >>"$TEST_TMP/seen"
  echo >>"$TEST_TMP/seen"
  cursor=$(jv pg 'd["next_cursor"] or ""')
  pages=$((pages + 1))
  [ -z "$cursor" ] && break
  [ "$pages" -gt 100 ] && { fail "too many pages"; break; }
done
total=$(count legal_case)
expect_eq "$total" "$(grep -c . "$TEST_TMP/seen")" "every case once"
expect_eq "$total" "$(grep . "$TEST_TMP/seen" | sort -u | wc -l)" "no repeats"
expect_eq "$(sql "SELECT string_agg(id::text, ',' ORDER BY id) FROM legal_case")" "$(grep . "$TEST_TMP/seen" | paste -sd,)" "in id order, no gaps"
expect_eq "$(( (total + 36) / 37 ))" "$pages" "pages"
api pgq GET "/cases?q=bulk%20case%2099&limit=500" "${AUTH[@]}"
expect_eq "11" "$(jv pgq 'len(d["items"])')" "?q= filter (99, 990-999)"

# ---- bad input: 400 naming the field, nothing written ----
snap() { sql "SELECT (SELECT count(*) FROM audit) || ':' || (SELECT count(*) FROM event) || ':' || (SELECT count(*) FROM legal_case)"; }
S0=$(snap)
api unk POST /cases "${AUTH[@]}" "${JSON[@]}" -d '{"title":"x","jurisdiction":"RU","colour":"red"}'
expect_code 400 "unknown field"
expect_eq '$.colour' "$(jv unk 'd["errors"][0]["path"]')" "unknown field named"
api money POST "/cases/$CASE/events" "${AUTH[@]}" "${JSON[@]}" -d '{"type":"fine","date":"2018-01-01","title":"t","fine":{"amount":800000,"currency":"RUB"}}'
expect_code 400 "number for money"
expect_eq '$.fine.amount' "$(jv money 'd["errors"][0]["path"]')" "money field named"
api baddate POST "/cases/$CASE/events" "${AUTH[@]}" "${JSON[@]}" -d '{"type":"ruling","date":"2017-02-30","title":"t"}'
expect_code 400 "impossible date"
expect_eq '$.date' "$(jv baddate 'd["errors"][0]["path"]')" "date named"
printf '{"title":"caf\xe9","jurisdiction":"RU"}' >"$TEST_TMP/latin1.json"
api utf POST /cases "${AUTH[@]}" "${JSON[@]}" --data-binary "@$TEST_TMP/latin1.json"
expect_code 400 "invalid UTF-8"
case "$BODY" in *"invalid UTF-8"*) pass ;; *) fail "invalid UTF-8 not said: $BODY" ;; esac
printf '{"title":"a\0b","jurisdiction":"RU"}' >"$TEST_TMP/nul.json"
api nul POST /cases "${AUTH[@]}" "${JSON[@]}" --data-binary "@$TEST_TMP/nul.json"
expect_code 400 "NUL byte"
api nul2 POST /cases "${AUTH[@]}" "${JSON[@]}" -d '{"title":"a\u0000b","jurisdiction":"RU"}'
expect_code 400 "escaped NUL"
expect_eq '$.title' "$(jv nul2 'd["errors"][0]["path"]')" "NUL field named"
api dup POST /cases "${AUTH[@]}" "${JSON[@]}" -d '{"title":"a","title":"b","jurisdiction":"RU"}'
expect_code 400 "duplicate key"
api deep POST /cases "${AUTH[@]}" "${JSON[@]}" -d "$(printf '%.0s[' $(seq 30))$(printf '%.0s]' $(seq 30))"
expect_code 400 "nesting"
api notjson POST /cases "${AUTH[@]}" "${JSON[@]}" -d '{"title": '
expect_code 400 "invalid JSON"
api q400 GET "/cases?colour=red" "${AUTH[@]}"
expect_code 400 "unknown query parameter"
expect_eq 'colour' "$(jv q400 'd["errors"][0]["path"]')" "query parameter named"
api lim GET "/cases?limit=501" "${AUTH[@]}"
expect_code 400 "limit out of range"
api jsonl POST /import "${AUTH[@]}" -H "Content-Type: application/x-ndjson" --data-binary $'{"record":"case","id":"l1","title":"ok","jurisdiction":"RU"}\n{"record":"case","id":"l2","title":"bad","jurisdiction":"RU","status":"nope"}\n'
expect_code 400 "JSON Lines with an error"
expect_eq '$.status' "$(jv jsonl 'd["errors"][0]["path"]')" "JSON Lines error path"
case "$BODY" in *"request:2: "*) pass ;; *) fail "JSON Lines error without its line: $BODY" ;; esac
expect_eq "$S0" "$(snap)" "nothing written by the bad requests"

# ---- every other error code ----
api e401 GET /cases
expect_code 401 "no token"
api e401b GET /cases -H "Authorization: Bearer trk_${EDW:4:10}AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
expect_code 401 "bad token"
cmp -s "$TEST_TMP/e401.body" "$TEST_TMP/e401b.body" && pass || fail "401 answers differ"
api e403 POST /cases -H "Authorization: Bearer $VIW" "${JSON[@]}" -d '{"title":"x","jurisdiction":"RU"}'
expect_code 403 "viewer writes"
api e403s POST /cases -H "Authorization: Bearer $EDR" "${JSON[@]}" -d '{"title":"x","jurisdiction":"RU"}'
expect_code 403 "read scope writes"
api e404 GET /cases/999999 "${AUTH[@]}"
expect_code 404 "no such case"
api e404b GET /nothing "${AUTH[@]}"
expect_code 404 "no such route"
api e405 DELETE /cases "${AUTH[@]}"
expect_code 405 "DELETE /cases"
expect_eq "GET, HEAD, POST, OPTIONS" "$(hdr e405 Allow)" "Allow"
api e409 POST /cases "${AUTH[@]}" "${JSON[@]}" -d '{"id":"telegram-fsb-keys-2017","title":"again","jurisdiction":"RU"}'
expect_code 409 "existing id"
head -c 1100000 /dev/zero | tr '\0' ' ' >"$TEST_TMP/big.json"
api e413 POST /cases "${AUTH[@]}" "${JSON[@]}" --data-binary "@$TEST_TMP/big.json"
expect_code 413 "body over 1 MiB"
api e415 POST /cases "${AUTH[@]}" -H "Content-Type: text/plain" -d '{"title":"x","jurisdiction":"RU"}'
expect_code 415 "text/plain body"
expect_eq "$S0" "$(snap)" "nothing written by 401-415"
# An all-digit id is an external id like any other: the new case is answered, not the case whose
# database id those digits are.
api digits POST /cases "${AUTH[@]}" "${JSON[@]}" -d "{\"id\":\"$CASE\",\"title\":\"Digits\",\"jurisdiction\":\"RU\"}"
expect_code 201 "POST /cases with an all-digit id"
expect_eq "$CASE Digits" "$(jv digits 'd["id"] + " " + d["title"]')" "the new case, not case $CASE"
DIG=$(jv digits 'd["db_id"]')
expect_eq "/api/v1/cases/$(sql "SELECT id FROM legal_case WHERE external_id = '$CASE'")" "$(hdr digits Location)" "Location of the all-digit case"
[ "$DIG" != "$CASE" ] && pass || fail "the all-digit case answered as case $CASE"
api digev POST "/cases/$DIG/events" "${AUTH[@]}" "${JSON[@]}" -d "{\"id\":\"$EV\",\"type\":\"hearing\",\"date\":\"2018-01-10\",\"title\":\"Digits hearing\"}"
expect_code 201 "POST an event with an all-digit id"
expect_eq "$EV Digits hearing $CASE" "$(jv digev 'd["id"] + " " + d["title"] + " " + d["case"]')" "the new event, not event $EV"
api digp POST /parties "${AUTH[@]}" "${JSON[@]}" -d '{"id":"777777","name":"Digits party"}'
expect_code 201 "POST /parties with an all-digit id"
expect_eq "777777 Digits party" "$(jv digp 'd["id"] + " " + d["name"]')" "the new party"
P1=$(sql "SELECT min(id) FROM party")
api digp2 POST /parties "${AUTH[@]}" "${JSON[@]}" -d "{\"id\":\"$P1\",\"name\":\"Digits party two\"}"
expect_code 201 "POST /parties with the digits of another party's database id"
expect_eq "$P1 Digits party two" "$(jv digp2 'd["id"] + " " + d["name"]')" "the new party, not party $P1"
S1=$(sql "SELECT min(id) FROM source")
api digs POST /sources "${AUTH[@]}" "${JSON[@]}" -d "{\"id\":\"$S1\",\"title\":\"Digits source\",\"url\":\"https://example.org/digits\"}"
expect_code 201 "POST /sources with the digits of another source's database id"
api digp3 POST /parties "${AUTH[@]}" "${JSON[@]}" -d "{\"id\":\"$P1\",\"name\":\"Again\"}"
expect_code 409 "the same external id again is taken"

# ---- reports, export, reference data ----
api reps GET /reports "${AUTH[@]}"
expect_code 200 "GET /reports"
REP=$(jv reps 'd["items"][0]["name"]')
api rep GET "/reports/$REP" "${AUTH[@]}"
expect_code 200 "GET /reports/$REP"
api exp GET "/export?case=telegram-fsb-keys-2017" "${AUTH[@]}"
expect_code 200 "GET /export"
expect_eq "telegram-2017:ruling" "$(jv exp 'd["cases"][0]["events"][0]["id"]')" "export has the ruling"
api jur GET /jurisdictions "${AUTH[@]}"
expect_code 200 "GET /jurisdictions"
api cal GET /calendars/RU/2017 "${AUTH[@]}"
expect_code 200 "GET /calendars/RU/2017"
expect_eq "247" "$(jv cal 'd["working_days"]')" "RU 2017 working days (as tracker calendar show)"
run calendar show RU 2017 --json --all
expect_eq "$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), sort_keys=True))')" \
  "$(/usr/bin/python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), sort_keys=True))' "$TEST_TMP/cal.body")" \
  "GET /calendars/RU/2017 is tracker calendar show RU 2017 --json --all"
api cal2 GET /calendars/RU/1901 "${AUTH[@]}"
expect_code 404 "a year without calendar data"

# ---- the web session cookie: reads with it, writes also with its X-CSRF-Token ----
DRV="${TRACKER_BUILD:-$(dirname "$TRACKER_BIN")/..}/bin/db_sessions"
if [ -x "$DRV" ]; then
  "$DRV" create ed 3600 >"$TEST_TMP/sess" || fail "db_sessions create"
  SESS=$(sed -n 's/^token //p' "$TEST_TMP/sess"); CSRF=$(sed -n 's/^csrf //p' "$TEST_TMP/sess")
  # mangle S: S with its last character changed
  mangle() { case "$1" in *x) printf '%sy' "${1%?}" ;; *) printf '%sx' "${1%?}" ;; esac; }
  api sme GET /me -H "Cookie: tracker_session=$SESS"
  expect_eq "ed" "$(jv sme 'd["login"]')" "a session reads"
  api snocsrf POST /parties -H "Cookie: tracker_session=$SESS" "${JSON[@]}" -d '{"name":"Session party"}'
  expect_code 403 "a session's write without X-CSRF-Token"
  api sbadcsrf POST /parties -H "Cookie: tracker_session=$SESS" -H "X-CSRF-Token: $(mangle "$CSRF")" "${JSON[@]}" -d '{"name":"Session party"}'
  expect_code 403 "a session's write with a wrong X-CSRF-Token"
  api scsrf POST /parties -H "Cookie: tracker_session=$SESS" -H "X-CSRF-Token: $CSRF" "${JSON[@]}" -d '{"name":"Session party"}'
  expect_code 201 "a session's write with its X-CSRF-Token"
  api sbad GET /me -H "Cookie: tracker_session=$(mangle "$SESS")"
  expect_code 401 "a wrong session cookie"
else
  fail "no $DRV (built with the tests)"
fi

# ---- corrections: a date set by hand, deleting an event ----
api ov POST "/deadlines/$AP/override" "${AUTH[@]}" "${JSON[@]}" -d '{"date":"2017-10-30","reason":"the court extended it"}'
expect_code 200 "override"
expect_eq "2017-10-30" "$(jv ov 'd["due_on"]')" "overridden date"
api ovbad POST "/deadlines/$AP/override" "${AUTH[@]}" "${JSON[@]}" -d '{"date":"2017-10-30"}'
expect_code 400 "override without reason"
expect_eq '$.reason' "$(jv ovbad 'd["errors"][0]["path"]')" "reason named"
api ov2 DELETE "/deadlines/$AP/override" "${AUTH[@]}"
expect_code 200 "clear override"
expect_eq "2017-10-27" "$(jv ov2 'd["due_on"]')" "computed date again"
api st POST "/cases/$CASE/events" "${AUTH[@]}" "${JSON[@]}" -d '{"type":"statement","date":"2017-10-18","title":"Telegram says it will appeal"}'
expect_code 201 "POST statement"
ST=$(jv st 'd["db_id"]')
api del DELETE "/events/$ST" "${AUTH[@]}"
expect_code 204 "DELETE event"
api del2 GET "/events/$ST" "${AUTH[@]}"
expect_code 404 "deleted event"
api del3 DELETE "/events/$EV" "${AUTH[@]}"
expect_code 409 "DELETE an event with dependants"
case "$BODY" in *cascade*) pass ;; *) fail "409 without the way out: $BODY" ;; esac

# ---- users and tokens (admin) ----
ADM=(-H "Authorization: Bearer $ADW")
api nu POST /users "${ADM[@]}" "${JSON[@]}" -d '{"login":"newbie","role":"viewer","name":"New Analyst"}'
expect_code 201 "POST /users"
[ "$(jv nu 'len(d["password"])')" -ge 12 ] && pass || fail "no generated password"
api nu403 POST /users "${AUTH[@]}" "${JSON[@]}" -d '{"login":"other","role":"admin"}'
expect_code 403 "an editor creates a user"
api nt POST /tokens "${ADM[@]}" "${JSON[@]}" -d '{"user":"newbie","scope":"read","name":"script"}'
expect_code 201 "POST /tokens"
NT=$(jv nt 'd["token"]'); NTID=$(jv nt 'd["id"]')
api nme GET /me -H "Authorization: Bearer $NT"
expect_eq "newbie viewer" "$(jv nme 'd["login"] + " " + d["role"]')" "the new token works"
api nl GET /tokens "${ADM[@]}"
case "$BODY" in *"$NT"*) fail "GET /tokens shows a token" ;; *) pass ;; esac
api nu2 GET /users/newbie "${ADM[@]}"
api nu3 PATCH /users/newbie "${ADM[@]}" "${MERGE[@]}" -H "If-Match: $(hdr nu2 ETag)" -d '{"disabled":true}'
expect_code 200 "disable a user"
api nme2 GET /me -H "Authorization: Bearer $NT"
expect_code 401 "a disabled user's token"
api nrv DELETE "/tokens/$NTID" "${ADM[@]}"
expect_code 204 "revoke a token"

# ---- a case's parties, timeline and calendar; feeds beside the API ----
api fsb POST /parties "${AUTH[@]}" "${JSON[@]}" -d '{"id":"party:fsb","name":"Federal Security Service","kind":"authority"}'
expect_code 201 "POST party FSB"
api cp POST "/cases/$CASE/parties" "${AUTH[@]}" "${JSON[@]}" -d '{"party":"party:fsb","role":"complainant"}'
expect_code 201 "link a party to the case"
api cpl GET "/cases/$CASE/parties" "${AUTH[@]}"
expect_eq "complainant defendant" "$(jv cpl '" ".join(sorted(p["role"] for p in d["items"]))')" "the case's parties"
api cpbad POST "/cases/$CASE/parties" "${AUTH[@]}" "${JSON[@]}" -d '{"party":"party:nobody","role":"defendant"}'
expect_code 400 "link an unknown party"
expect_eq '$.party' "$(jv cpbad 'd["errors"][0]["path"]')" "unknown party named"
api fsb2 GET /parties/party:fsb "${AUTH[@]}"
api fsb3 PATCH /parties/party:fsb "${AUTH[@]}" "${MERGE[@]}" -H "If-Match: $(hdr fsb2 ETag)" -d '{"name":"FSB of Russia"}'
expect_code 200 "PATCH a party"
expect_eq "FSB of Russia" "$(sql "SELECT name FROM party WHERE external_id = 'party:fsb'")" "party renamed"
api fsb4 PATCH /parties/party:fsb "${AUTH[@]}" "${MERGE[@]}" -H "If-Match: $(hdr fsb2 ETag)" -d '{"name":"Other"}'
expect_code 412 "PATCH a party with a stale ETag"
api tl GET "/cases/$CASE/timeline" "${AUTH[@]}"
expect_code 200 "timeline"
[ "$(jv tl 'len(d["events"]) > 0')" = "true" ] && pass || fail "timeline without events"
api tlh GET "/cases/$CASE/timeline?format=html" "${AUTH[@]}"
case "$(hdr tlh Content-Type)" in text/html*) pass ;; *) fail "timeline html: $(hdr tlh Content-Type)" ;; esac
api ics GET "/cases/$CASE/calendar.ics" "${AUTH[@]}"
expect_code 200 "calendar.ics"
case "$BODY" in *BEGIN:VCALENDAR*20171027*) pass ;; *) fail "calendar lacks the appeal deadline" ;; esac
# Unknown keys and a body that is not an object: 400 naming each, nothing written.
F0=$(count feed)
api fbad POST /feeds "${ADM[@]}" "${JSON[@]}" -d '{"case":"telegram-fsb-keys-2017","colour":"red","size":1}'
expect_code 400 "POST /feeds with unknown keys"
expect_eq '["$.colour", "$.size"]' "$(jv fbad '[e["path"] for e in d["errors"]]')" "each unknown key named"
api fbad2 POST /feeds "${ADM[@]}" "${JSON[@]}" -d '["case"]'
expect_code 400 "POST /feeds with an array"
expect_eq '["$"]' "$(jv fbad2 '[e["path"] for e in d["errors"]]')" "not an object"
expect_eq "$F0" "$(count feed)" "no feed written by bad bodies"
api feed POST /feeds "${ADM[@]}" "${JSON[@]}" -d '{"case":"telegram-fsb-keys-2017","reminders":"7d"}'
expect_code 201 "POST /feeds"
FPATH=$(jv feed 'd["path"]'); FID=$(jv feed 'd["id"]')
fetch fics "$BASE$FPATH"
expect_eq 200 "$CODE" "the new feed is served"
api feeds GET /feeds "${ADM[@]}"
case "$BODY" in *"${FPATH:7:43}"*) fail "GET /feeds shows a token" ;; *) pass ;; esac
api frv DELETE "/feeds/$FID" "${ADM[@]}"
expect_code 204 "revoke the feed"
gone() { fetch fics2 "$BASE$FPATH"; [ "$CODE" = 404 ]; }
wait_for gone && pass || fail "a revoked feed still answers $CODE"

# ---- hook test and redeliver queue a delivery (202), for check.mjs's schema check ----
QH=$(sql "INSERT INTO hook (url, events, secret, owner_account_id) VALUES ('https://hooks.example.com/q', '{deadline.created}', 'queue-secret-0123456789', (SELECT id FROM app_account WHERE login = 'ed')) RETURNING id")
api qt POST "/hooks/$QH/test" "${AUTH[@]}"
expect_code 202 "hook test queued"
expect_eq "/api/v1/hooks/$QH/deliveries pending" "$(hdr qt Location) $(jv qt 'd["state"]')" "Location and state of the queued test"
api qr POST "/hooks/$QH/deliveries/$(jv qt 'd["id"]')/redeliver" "${AUTH[@]}" "${JSON[@]}" -d '{}'
expect_code 202 "redeliver queued"

# ---- the authorization matrix (every operation of openapi.json x 7 credentials) ----
# A hook of the editor "ed" (an editor reads only their own hooks; an admin all). Disabled, so
# that its test and redeliver routes answer 409 and queue nothing (the matrix writes nothing).
HOOK=$(sql "INSERT INTO hook (url, events, secret, owner_account_id, disabled_at, disabled_reason) VALUES ('https://hooks.example.com/m', '{deadline.created}', 'matrix-secret-0123456789', (SELECT id FROM app_account WHERE login = 'ed'), now(), 'matrix') RETURNING id")
PARTY=$(sql "SELECT min(id) FROM party"); BODYID=$(sql "SELECT min(id) FROM body"); SRC=$(sql "SELECT min(id) FROM source")
cat >"$TEST_TMP/creds.json" <<EOF
{"viewer_write":"$VIW","editor_read":"$EDR","editor_write":"$EDW","admin_read":"$ADR","admin_write":"$ADW",
 "ids":{"case":"$CASE","event":"$EV","fine":"$FINE","deadline":"$AP","party":"$PARTY","body":"$BODYID","source":"$SRC","hook":"$HOOK","delivery":"999999","report":"$REP","user":"vi"}}
EOF
mkdir -p "$TEST_TMP/m"
S1=$(snap)
if node "$API_JS/matrix.mjs" "$BASE" "$TRACKER_SRC/docs/openapi.json" "$TEST_TMP/creds.json" "$LOG" "$TEST_TMP/m" >"$TEST_TMP/matrix.out" 2>&1; then pass
else fail "authorization matrix: $(grep -v '^authorization' "$TEST_TMP/matrix.out" | head -20)"; fi
grep '^authorization matrix' "$TEST_TMP/matrix.out"
expect_eq "$S1" "$(snap)" "the matrix wrote nothing"

# ---- the log: no token, no password ----
for t in "$EDW" "$VIW" "$ADW" "trk_"; do
  grep -qF -- "$t" "$SERVER_LOG" && fail "the server log holds a token" || pass
done
stop_server
grep -q Sanitizer "$SERVER_LOG" && fail "sanitizer: $(grep -A15 Sanitizer "$SERVER_LOG" | head -30)" || pass

# ---- rate limits (429 with Retry-After), CORS ----
rm -f "$TEST_TMP/serve.log"
start_server --app --write-db "$WRITE_DB" --auth-failures 3 --rate-limit 100000 --cors-origin https://news.example.org
API=$BASE/api/v1
for i in 1 2 3; do api f$i GET /me -H "Authorization: Bearer trk_nope$i"; done
expect_code 401 "third bad token"
api f4 GET /me -H "Authorization: Bearer $EDW"
expect_code 429 "after 3 failures, even a good token waits"
[ -n "$(hdr f4 Retry-After)" ] && pass || fail "no Retry-After"
stop_server
grep -q Sanitizer "$SERVER_LOG" && fail "sanitizer: $(grep -A15 Sanitizer "$SERVER_LOG" | head -30)" || pass
rm -f "$TEST_TMP/serve.log"
start_server --app --write-db "$WRITE_DB" --rate-limit 2 --cors-origin https://news.example.org
API=$BASE/api/v1
codes=""
for i in $(seq 1 12); do api r$i GET /me "${AUTH[@]}"; codes="$codes $CODE"; done
case "$codes" in *429*) pass ;; *) fail "no 429 at 12 requests with --rate-limit 2: $codes" ;; esac
sleep 2
api cors GET /openapi.json -H "Origin: https://news.example.org"
expect_eq "https://news.example.org" "$(hdr cors Access-Control-Allow-Origin)" "CORS for the origin given"
api cors2 GET /openapi.json -H "Origin: https://evil.example"
expect_eq "" "$(hdr cors2 Access-Control-Allow-Origin)" "no CORS for another origin"
api pre OPTIONS /cases -H "Origin: https://news.example.org" -H "Access-Control-Request-Method: POST"
expect_code 204 "preflight"
case "$(hdr pre Access-Control-Allow-Headers)" in *If-Match*) pass ;; *) fail "preflight headers" ;; esac
stop_server
grep -q Sanitizer "$SERVER_LOG" && fail "sanitizer: $(grep -A15 Sanitizer "$SERVER_LOG" | head -30)" || pass

# --app needs a writer; the writer may not be the schema's owner.
run serve --app --listen 127.0.0.1:0
expect_rc 2
expect_err_has "--write-db"
TRACKER_DB=$(serve_db) run serve --app --listen 127.0.0.1:0 --write-db "$TRACKER_DB"
expect_rc 1
expect_err_has "refusing to write through the API"

# ---- every response against openapi.json ----
if (cd "$API_JS" && node check.mjs "$TRACKER_SRC/docs/openapi.json" "$LOG") >"$TEST_TMP/check.out" 2>&1; then pass
else fail "responses vs openapi.json: $(grep FAIL "$TEST_TMP/check.out" | head -20)"; fi
grep -E '^(checked|openapi)' "$TEST_TMP/check.out"

finish
