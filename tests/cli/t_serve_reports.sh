# tracker serve: timelines and reports over HTTP, scoped by the feed's token. The same bytes as
# `tracker export timeline|html` and `tracker report`, restricted to the feed's case, jurisdiction
# or tag (never wider), 404 where a route cannot be restricted, 400 for bad query parameters,
# ETag/304/HEAD like the calendars, changes visible within a few polls, no token in the log.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"
# Fixed "today" for the server and the CLI alike: the deadlines report counts from it.
export TRACKER_TODAY=2017-10-20
migrate
run import "$TRACKER_SRC/examples/telegram.json"
expect_rc 0
TG=telegram-fsb-keys-2017
# A second case, in another jurisdiction, with a fine of its own: nothing of it may show through
# a feed of the Telegram case.
run case add --title "Other case in the US" --jurisdiction US --external-id other-case --tag other
expect_rc 0
run event add other-case --type ruling --date 2017-10-18 --title "Other court fines OtherCorp" \
  --fine 5000 --currency JPY --deadline appeal:2017-11-17
expect_rc 0

start_server --threads 3
token_of() { printf '%s\n' "$1" | sed -n 's/^url: .*\/feeds\/\(.*\)\.ics$/\1/p'; }
run feed create --case "$TG" --base-url "$BASE"
C=$(token_of "$OUT")
run feed create --jurisdiction RU --base-url "$BASE"
J=$(token_of "$OUT")
run feed create --tag encryption --base-url "$BASE"
G=$(token_of "$OUT")
run feed create --all --base-url "$BASE"
A=$(token_of "$OUT")
run feed create --case other-case --base-url "$BASE"
O=$(token_of "$OUT")
for t in "$C" "$J" "$G" "$A" "$O"; do [ ${#t} = 43 ] && pass || fail "token [$t]"; done
F=$BASE/feeds

# py FILE EXPR: evaluate a Python expression on the JSON document in FILE (d); print the result.
py() {
  "$ICS_PY" - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
v = eval(sys.argv[2], {"d": d})
print(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False), end="")
PY
}
# same NAME FILE WHAT: the body of response NAME equals FILE byte for byte.
same() { cmp -s "$TEST_TMP/$1.body" "$2" && pass || fail "$3: served bytes differ ($(cmp "$TEST_TMP/$1.body" "$2" 2>&1 | head -1))"; }

# ---- timeline of a case feed: TimelineJS3 JSON and the HTML page ----
fetch tl "$F/$C/timeline.json"
expect_eq 200 "$CODE" "timeline.json"
expect_eq "application/json; charset=utf-8" "$(hdr tl Content-Type)" "timeline.json content type"
expect_eq "private, max-age=300" "$(hdr tl Cache-Control)" "timeline.json cache control"
expect_eq "*" "$(hdr tl Access-Control-Allow-Origin)" "timeline.json readable by a page on another origin"
TL_ETAG=$(hdr tl ETag)
TL_LM=$(hdr tl Last-Modified)
case "$TL_ETAG" in \"*\") pass ;; *) fail "ETag [$TL_ETAG]" ;; esac
case "$TL_LM" in *GMT) pass ;; *) fail "Last-Modified [$TL_LM]" ;; esac
run export timeline --case "$TG" --output "$TEST_TMP/export_tl.json"
expect_rc 0
same tl "$TEST_TMP/export_tl.json" "timeline.json vs tracker export timeline"
expect_eq "$TG" "$(py "$TEST_TMP/tl.body" 'd["title"]["unique_id"]')" "timeline case"
expect_eq 13 "$(py "$TEST_TMP/tl.body" 'len(d["events"])')" "8 events and 5 deadlines"
expect_eq true "$(py "$TEST_TMP/tl.body" 'any("800,000 rubles" in e["text"]["headline"] for e in d["events"])')" "the ruling"
expect_eq '["Appeal deadline window", "FSB deadline to provide decryption information window", "Fine payment deadline window", "Fine unpaid: double fine and enforcement possible window", "Ruling in force if not appealed window"]' \
  "$(py "$TEST_TMP/tl.body" 'sorted(e["text"]["headline"] for e in d["eras"])')" "deadline windows"
expect_eq '{"year": "2017", "month": "10", "day": "26"}' \
  "$(py "$TEST_TMP/tl.body" '[e for e in d["eras"] if e["unique_id"] == "telegram-2017:ruling:appeal"][0]["end_date"]')" "appeal due 2017-10-26"
grep -q "OtherCorp" "$TEST_TMP/tl.body" && fail "other case in the timeline" || pass

fetch th "$F/$C/timeline.html"
expect_eq 200 "$CODE" "timeline.html"
expect_eq "text/html; charset=utf-8" "$(hdr th Content-Type)" "timeline.html content type"
expect_eq "no-referrer" "$(hdr th Referrer-Policy)" "timeline.html keeps its URL (the token) out of Referer"
expect_eq "" "$(hdr th Access-Control-Allow-Origin)" "no CORS header on the HTML page"
case "$(hdr th Content-Security-Policy)" in "default-src 'none'"*) pass ;; *) fail "CSP [$(hdr th Content-Security-Policy)]" ;; esac
run export html --case "$TG" --output "$TEST_TMP/export.html"
expect_rc 0
same th "$TEST_TMP/export.html" "timeline.html vs tracker export html"
[ "$(hdr th ETag)" != "$TL_ETAG" ] && pass || fail "html and json share an ETag"

# The other case's feed shows only the other case.
fetch tlo "$F/$O/timeline.json"
expect_eq 200 "$CODE" "other case timeline"
expect_eq other-case "$(py "$TEST_TMP/tlo.body" 'd["title"]["unique_id"]')" "other timeline case"
grep -q "Telegram" "$TEST_TMP/tlo.body" && fail "Telegram in the other case's timeline" || pass

# Timelines are of one case: jurisdiction, tag and --all feeds get the plain 404.
norm() { grep -iv '^date:' "$TEST_TMP/$1.hdr"; cat "$TEST_TMP/$1.body"; }
fetch n404 "$BASE/nope"
for t in "$J" "$G" "$A"; do
  for r in timeline.json timeline.html; do
    fetch nt "$F/$t/$r"
    expect_eq 404 "$CODE" "$r of a feed that is not one case"
    expect_eq "$(norm n404)" "$(norm nt)" "$r of a non-case feed looks like any 404"
  done
done

# ---- reports over a case feed: the bytes of tracker report NAME --param case=X ----
for name in timeline fines deadlines case; do
  fetch "rj_$name" "$F/$C/reports/$name.json"
  expect_eq 200 "$CODE" "report $name.json"
  expect_eq "application/json; charset=utf-8" "$(hdr "rj_$name" Content-Type)" "$name.json content type"
  expect_eq "private, max-age=300" "$(hdr "rj_$name" Cache-Control)" "$name.json cache control"
  run report "$name" --param case="$TG" --format json --output "$TEST_TMP/cli_$name.json"
  expect_rc 0
  same "rj_$name" "$TEST_TMP/cli_$name.json" "report $name.json vs tracker report"
  fetch "rc_$name" "$F/$C/reports/$name.csv"
  expect_eq 200 "$CODE" "report $name.csv"
  expect_eq "text/csv; charset=utf-8" "$(hdr "rc_$name" Content-Type)" "$name.csv content type"
  run report "$name" --param case="$TG" --format csv --output "$TEST_TMP/cli_$name.csv"
  same "rc_$name" "$TEST_TMP/cli_$name.csv" "report $name.csv vs tracker report --format csv"
  [ "$(hdr "rj_$name" ETag)" != "$(hdr "rc_$name" ETag)" ] && pass || fail "$name: json and csv share an ETag"
done
# What they contain: the Telegram fine and deadlines, nothing of the other case.
expect_eq '[["RUB", 1, "800000.00"]]' \
  "$(py "$TEST_TMP/rj_fines.body" '[[t["currency"], t["fines"], t["total_amount"]] for t in d["sections"]["totals"]]')" "fines totals of the case"
expect_eq '["telegram-fsb-keys-2017"]' \
  "$(py "$TEST_TMP/rj_timeline.body" 'sorted(set(i["case_id"] for i in d["sections"]["items"]))')" "timeline report: one case"
expect_eq 13 "$(py "$TEST_TMP/rj_timeline.body" 'len(d["sections"]["items"])')" "timeline report items"
expect_eq '[["2017-09-14", "overdue"], ["2017-10-26", "upcoming"], ["2017-10-27", "upcoming"], ["2017-12-26", "upcoming"], ["2017-12-27", "upcoming"]]' \
  "$(py "$TEST_TMP/rj_deadlines.body" '[[x["due_on"], x["state"]] for x in d["sections"]["deadlines"]]')" "deadlines as of TRACKER_TODAY"
expect_eq "$TG" "$(py "$TEST_TMP/rj_case.body" 'd["sections"]["case"][0]["id"]')" "case report"
for f in "$TEST_TMP"/rj_*.body "$TEST_TMP"/rc_*.body; do
  grep -q "OtherCorp\|other-case\|JPY" "$f" && fail "other case in $(basename "$f")" || pass
done
# The other case's feed: its own fine only.
fetch ro "$F/$O/reports/fines.json"
expect_eq "*" "$(hdr ro Access-Control-Allow-Origin)" "reports readable by a page on another origin"
expect_eq '[["JPY", 1, "5000"]]' \
  "$(py "$TEST_TMP/ro.body" '[[t["currency"], t["fines"], t["total_amount"]] for t in d["sections"]["totals"]]')" "fines of the other case"

# ---- reports over jurisdiction, tag and --all feeds ----
check_report() { # NAME TOKEN REPORT.EXT WANT_FILE WHAT
  fetch "$1" "$F/$2/reports/$3"
  expect_eq 200 "$CODE" "$5"
  same "$1" "$4" "$5"
}
run report timeline --param jurisdiction=RU --output "$TEST_TMP/cli_j_tl.json"
check_report j_tl "$J" timeline.json "$TEST_TMP/cli_j_tl.json" "timeline report of a jurisdiction feed"
run report fines --param jurisdiction=RU --output "$TEST_TMP/cli_j_fines.json"
check_report j_fines "$J" fines.json "$TEST_TMP/cli_j_fines.json" "fines of a jurisdiction feed"
grep -q 'JPY\|OtherCorp' "$TEST_TMP/j_fines.body" && fail "US fine in the RU feed" || pass
run report deadlines --param jurisdiction=RU --format csv --output "$TEST_TMP/cli_j_dl.csv"
check_report j_dl "$J" deadlines.csv "$TEST_TMP/cli_j_dl.csv" "deadlines of a jurisdiction feed"
run report timeline --param tag=encryption --output "$TEST_TMP/cli_g_tl.json"
check_report g_tl "$G" timeline.json "$TEST_TMP/cli_g_tl.json" "timeline report of a tag feed"
run report fines --output "$TEST_TMP/cli_a_fines.json"
check_report a_fines "$A" fines.json "$TEST_TMP/cli_a_fines.json" "fines of an --all feed"
expect_eq '["JPY", "RUB"]' "$(py "$TEST_TMP/a_fines.body" '[t["currency"] for t in d["sections"]["totals"]]')" "--all sees every case"
# Reports that cannot be restricted to the feed's scope, or need a case it does not have: 404.
for tr in "$G fines.json" "$G deadlines.json" "$G case.json" "$J case.csv" "$A case.json"; do
  set -- $tr
  fetch nr "$F/$1/reports/$2"
  expect_eq 404 "$CODE" "report $2 not available through this feed"
  expect_eq "$(norm n404)" "$(norm nr)" "unavailable report looks like any 404"
done

# ---- query parameters: checked as tracker report checks them; never the scope ----
run report fines --param case="$TG" --param from=2017-10-17 --output "$TEST_TMP/cli_from.json"
fetch qf "$F/$C/reports/fines.json?from=2017-10-17"
expect_eq 200 "$CODE" "from= accepted"
same qf "$TEST_TMP/cli_from.json" "fines?from= vs tracker report --param from="
expect_eq 0 "$(py "$TEST_TMP/qf.body" 'len(d["sections"]["totals"])')" "the window leaves the fine out"
run report deadlines --param case="$TG" --param as_of=2017-10-27 --param state=overdue --output "$TEST_TMP/cli_asof.json"
fetch qa "$F/$C/reports/deadlines.json?as_of=2017-10-27&state=overdue"
same qa "$TEST_TMP/cli_asof.json" "deadlines?as_of=&state= vs tracker report"
expect_eq '["2017-09-14", "2017-10-26"]' "$(py "$TEST_TMP/qa.body" '[x["due_on"] for x in d["sections"]["deadlines"]]')" "both overdue as of 2017-10-27"
bad() { # QUERY REASON-SUBSTRING
  fetch bq "$F/$C/reports/fines.json?$1"
  expect_eq 400 "$CODE" "bad query $1"
  expect_eq "text/plain; charset=utf-8" "$(hdr bq Content-Type)" "400 content type"
  case "$(cat "$TEST_TMP/bq.body")" in *"$2"*) pass ;; *) fail "400 reason for $1: [$(cat "$TEST_TMP/bq.body")]" ;; esac
}
bad "from=2017-13-01" 'invalid value for parameter from: invalid date "2017-13-01" (expected YYYY-MM-DD)'
bad "limit=-1" 'invalid value for parameter limit: "-1" (expected a whole number)'
bad "limit=ten" "expected a whole number"
bad "nope=1" 'report "fines" has no parameter "nope"'
bad "from=2017-01-01&from=2017-02-01" "parameter from given more than once"
bad "from" "parameter from needs a value"
# The scope comes from the feed only: no case=, jurisdiction= or tag= from the query.
bad "case=other-case" "parameter case is set by the feed"
bad "jurisdiction=US" "parameter jurisdiction is set by the feed"
fetch bq "$F/$J/reports/timeline.json?tag=other"
expect_eq 400 "$CODE" "tag= on a jurisdiction feed"
fetch bq "$F/$A/reports/fines.json?case=$TG"
expect_eq 400 "$CODE" "case= on an --all feed"
# The reason is the CLI's message.
run report fines --param from=2017-13-01
expect_eq "$(printf '%s\n' "$ERR" | head -1 | sed 's/^tracker: error: //')" \
  "$(fetch bq "$F/$C/reports/fines.json?from=2017-13-01"; cat "$TEST_TMP/bq.body")" "400 reason = tracker report's message"

# ---- 404: unknown and revoked tokens, unknown reports and routes: all the same ----
UNK=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
for p in "$UNK/timeline.json" "$UNK/timeline.html" "$UNK/reports/fines.json" "$UNK/reports/case.csv" \
         "$C/reports/nope.json" "$C/reports/fines.xml" "$C/reports/fines" "$C/reports/.json" \
         "$C/timeline.ics" "$C/timeline" "$C/" "$C/reports/fines.json/x" "short/reports/fines.json"; do
  fetch nn "$F/$p"
  expect_eq 404 "$CODE" "404 for /feeds/$p"
  expect_eq "$(norm n404)" "$(norm nn)" "/feeds/$p looks like any 404"
done
# other methods: 405 as for calendars
fetch m "$F/$C/reports/fines.json" -X POST
expect_eq 405 "$CODE" "POST to a report"
expect_eq "GET, HEAD" "$(hdr m Allow)" "Allow"

# ---- 304, HEAD ----
R_ETAG=$(hdr rj_fines ETag)
R_LM=$(hdr rj_fines Last-Modified)
fetch c1 "$F/$C/reports/fines.json" -H "If-None-Match: $R_ETAG"
expect_eq 304 "$CODE" "report If-None-Match"
[ -s "$TEST_TMP/c1.body" ] && fail "304 with a body" || pass
expect_eq "$R_ETAG" "$(hdr c1 ETag)" "304 ETag"
fetch c2 "$F/$C/reports/fines.json" -H "If-Modified-Since: $R_LM"
expect_eq 304 "$CODE" "report If-Modified-Since"
fetch c3 "$F/$C/timeline.json" -H "If-None-Match: W/$TL_ETAG"
expect_eq 304 "$CODE" "timeline weak If-None-Match"
fetch c4 "$F/$C/timeline.html" -H "If-None-Match: $TL_ETAG"
expect_eq 200 "$CODE" "the json's ETag is not the page's"
fetch c5 "$F/$C/reports/fines.json?from=2017-10-17" -H "If-None-Match: $R_ETAG"
expect_eq 200 "$CODE" "other parameters, other answer"
fetch hd "$F/$C/reports/fines.csv" -I
expect_eq 200 "$CODE" "HEAD report"
expect_eq "$(stat -c %s "$TEST_TMP/rc_fines.body")" "$(hdr hd Content-Length)" "HEAD Content-Length"
expect_eq "$(hdr rc_fines ETag)" "$(hdr hd ETag)" "HEAD ETag"
# HEAD on the wire: headers, then nothing (Connection: close makes the server end the stream).
head_bytes() {
  "$ICS_PY" - "$PORT" "$1" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(("HEAD %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % sys.argv[2]).encode())
buf = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    buf += chunk
head, _, body = buf.partition(b"\r\n\r\n")
print(head.split(b"\r\n")[0].decode(), len(body))
PY
}
expect_eq "HTTP/1.1 200 OK 0" "$(head_bytes "/feeds/$C/timeline.html")" "HEAD timeline.html: no body"
expect_eq "HTTP/1.1 200 OK 0" "$(head_bytes "/feeds/$C/reports/case.json")" "HEAD case.json: no body"

# Concurrent clients on a report: every body whole and identical.
seq 1 120 | xargs -P 20 -I{} curl -s -o "$TEST_TMP/par.{}" -w '%{http_code}\n' --max-time 30 "$F/$J/reports/timeline.json" >"$TEST_TMP/par.codes"
expect_eq 120 "$(grep -c '^200$' "$TEST_TMP/par.codes")" "concurrent 200s"
expect_eq 1 "$(md5sum "$TEST_TMP"/par.* | grep -v codes | cut -d' ' -f1 | sort -u | wc -l)" "identical bodies"
rm -f "$TEST_TMP"/par.*

# ---- a change shows up within a few polls (--poll-ms 100), with a new ETag ----
t0=$(date +%s%N)
run event add "$TG" --type statement --date 2017-10-19 --title "Telegram files its appeal NEWEVENT" \
  --source https://example.org/appeal-filed
expect_rc 0
tl_moved() { fetch tl2 "$F/$C/timeline.json" -H "If-None-Match: $TL_ETAG"; [ "$CODE" = 200 ]; }
wait_for tl_moved && pass || fail "timeline did not change after event add"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$ms" -le 3000 ] && pass || fail "change took ${ms} ms to show"
grep -q NEWEVENT "$TEST_TMP/tl2.body" && pass || fail "new event not in the timeline"
[ "$(hdr tl2 ETag)" != "$TL_ETAG" ] && pass || fail "same ETag after a change"
run export timeline --case "$TG" --output "$TEST_TMP/export_tl2.json"
same tl2 "$TEST_TMP/export_tl2.json" "timeline after the change vs export"
fetch rt2 "$F/$C/reports/timeline.json" -H "If-None-Match: $(hdr rj_timeline ETag)"
expect_eq 200 "$CODE" "timeline report after the change"
expect_eq 14 "$(py "$TEST_TMP/rt2.body" 'len(d["sections"]["items"])')" "timeline report has the new event"
run report timeline --param case="$TG" --output "$TEST_TMP/cli_tl2.json"
same rt2 "$TEST_TMP/cli_tl2.json" "timeline report after the change vs tracker report"
# Nothing changed for the fines: a re-render keeps the ETag and Last-Modified, so 304.
fetch c6 "$F/$C/reports/fines.json" -H "If-None-Match: $R_ETAG"
expect_eq 304 "$CODE" "unchanged report keeps its ETag"
expect_eq "$R_LM" "$(hdr c6 Last-Modified)" "unchanged report keeps Last-Modified"
# A change to the fine: new ETag, later Last-Modified.
run fine list --json
FINE=$(py "$TEST_TMP/out" '[f["id"] for f in d if f["currency"] == "RUB"][0]')
run fine edit "$FINE" --paid-on 2017-11-01
expect_rc 0
fines_moved() { fetch rf2 "$F/$C/reports/fines.json" -H "If-None-Match: $R_ETAG"; [ "$CODE" = 200 ]; }
wait_for fines_moved && pass || fail "fines report did not change after fine edit"
expect_eq 1 "$(py "$TEST_TMP/rf2.body" 'd["sections"]["totals"][0]["paid_fines"]')" "the fine is paid"
[ "$(date -d "$(hdr rf2 Last-Modified)" +%s)" -gt "$(date -d "$R_LM" +%s)" ] && pass || fail "Last-Modified did not move"

# ---- revoked: 404 from the next poll on, like any 404 ----
FEED_C=$(sql "SELECT id FROM feed WHERE case_id = (SELECT id FROM legal_case WHERE external_id = '$TG')")
run feed revoke "$FEED_C"
expect_rc 0
gone() { fetch rv "$F/$C/reports/fines.json"; [ "$CODE" = 404 ]; }
wait_for gone && pass || fail "revoked feed's report still served"
for r in timeline.json timeline.html reports/case.json reports/timeline.csv; do
  fetch rv "$F/$C/$r" -H "If-None-Match: $R_ETAG"
  expect_eq 404 "$CODE" "revoked: $r"
  expect_eq "$(norm n404)" "$(norm rv)" "revoked $r looks like any 404"
done

# ---- the read-only role can read everything the routes need ----
grep -q "database: reading as role tracker_feed_reader, read-only" "$SERVER_LOG" && pass ||
  fail "not reading as tracker_feed_reader: $(grep -m1 'database:' "$SERVER_LOG")"
for t in legal_case jurisdiction body party case_party event source event_source fine \
         fine_equivalent deadline rule change_marker feed; do
  expect_eq t "$(sql "SELECT has_table_privilege('tracker_feed_reader', '$t', 'SELECT')")" "tracker_feed_reader reads $t"
done

# ---- the access log: route shapes, never a token ----
fetch lg "$F/$O/reports/abcdefghijklmnopqrstuvwxyz.json"
fetch lg "$F/$O/reports/$O.json"
fetch lg "$F/$O/$O/x"
for t in "$C" "$J" "$G" "$A" "$O"; do
  grep -qF "$t" "$SERVER_LOG" && fail "token in the access log" || pass
done
for l in '"GET /feeds/[token]/timeline.json" 200' '"GET /feeds/[token]/timeline.html" 200' \
         '"GET /feeds/[token]/reports/fines.json" 304' '"GET /feeds/[token]/reports/case.csv" 200' \
         '"HEAD /feeds/[token]/reports/fines.csv" 200' '"GET /feeds/[token]/reports/fines.json" 400' \
         '"GET /feeds/[token]/reports/nope.json" 404' '"GET /feeds/[token]/reports/[token].json" 404' \
         '"GET /feeds/[token][...]" 404' '"POST /feeds/[token]/reports/fines.json" 405'; do
  grep -qF "$l" "$SERVER_LOG" && pass || fail "no access line $l"
done
grep -q 'reports/fines.json" 200 [0-9]* feed=[0-9]' "$SERVER_LOG" && pass || fail "no feed id in report access lines"
grep -q 'from=\|as_of=' "$SERVER_LOG" && fail "query string in the access log" || pass

stop_server
expect_eq 0 "$SERVER_RC" "exit code after SIGTERM"
grep -q "ERROR: \(Address\|Leak\)Sanitizer\|runtime error" "$SERVER_LOG" && fail "sanitizer report: $(grep -m3 -A5 'Sanitizer\|runtime error' "$SERVER_LOG")" || pass
grep -q "tracker: error" "$SERVER_LOG" && fail "errors in the server log: $(grep -m3 'tracker: error' "$SERVER_LOG")" || pass
finish
