# tracker serve: 200/304/404/405/HEAD/healthz, ETag and Last-Modified, re-render only after a
# change, revoked and unknown tokens, malformed and oversized requests, concurrent clients,
# access log without tokens, SIGTERM drains and exits 0.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"
migrate
run case add --title "Telegram fined for refusing FSB keys" --jurisdiction RU --tag privacy \
  --external-id telegram
CASE=$OUT
run event add telegram --type ruling --date 2017-10-16 --title "Meshchansky court fines Telegram" \
  --appeal-sutki 10 --source https://example.org/telegram-fined
expect_rc 0
EV=$(sql "SELECT id FROM event WHERE case_id = $CASE")
DL=$(sql "SELECT id FROM deadline WHERE case_id = $CASE")
H=$(uid_host)

start_server --threads 4
run feed create --case telegram --reminders 7d --base-url "$BASE"
expect_rc 0
URL=$(printf '%s\n' "$OUT" | sed -n 's/^url: //p')
TOKEN=${URL#"$BASE/feeds/"}
TOKEN=${TOKEN%.ics}

# 200 with the calendar: same bytes as the export with the same options, read back by both parsers.
fetch a "$URL"
expect_eq 200 "$CODE" "GET feed"
expect_eq "text/calendar; charset=utf-8" "$(hdr a Content-Type)" "content type"
expect_eq "private, max-age=300" "$(hdr a Cache-Control)" "cache control"
ETAG=$(hdr a ETag)
LM=$(hdr a Last-Modified)
case "$ETAG" in \"*\") pass ;; *) fail "ETag [$ETAG]" ;; esac
case "$LM" in *GMT) pass ;; *) fail "Last-Modified [$LM]" ;; esac
run export ics --case telegram --reminders 7d --output "$TEST_TMP/export.ics"
cmp -s "$TEST_TMP/a.body" "$TEST_TMP/export.ics" && pass || fail "served bytes differ from the export"
parse_ics "$TEST_TMP/a.body" a
expect_j a "d[\"events\"][\"deadline-$DL@$H\"][\"start\"]" "2017-10-26"
expect_j a "d[\"events\"][\"deadline-$DL@$H\"][\"sequence\"]" 1
expect_j a "d[\"events\"][\"reminder-7d-deadline-$DL@$H\"][\"start\"]" "2017-10-19"

# 304: If-None-Match (exact, weak, in a list, *), If-Modified-Since; no body.
fetch b "$URL" -H "If-None-Match: $ETAG"
expect_eq 304 "$CODE" "If-None-Match"
[ -s "$TEST_TMP/b.body" ] && fail "304 with a body" || pass
expect_eq "$ETAG" "$(hdr b ETag)" "304 ETag"
fetch b "$URL" -H "If-None-Match: \"x\", W/$ETAG"
expect_eq 304 "$CODE" "weak ETag in a list"
fetch b "$URL" -H "If-None-Match: *"
expect_eq 304 "$CODE" "If-None-Match *"
fetch b "$URL" -H "If-None-Match: \"other\""
expect_eq 200 "$CODE" "other ETag"
fetch b "$URL" -H "If-Modified-Since: $LM"
expect_eq 304 "$CODE" "If-Modified-Since = Last-Modified"
fetch b "$URL" -H "If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT"
expect_eq 200 "$CODE" "If-Modified-Since in the past"
fetch b "$URL" -H "If-None-Match: \"other\"" -H "If-Modified-Since: $LM"
expect_eq 200 "$CODE" "If-None-Match wins over If-Modified-Since"
fetch b "$URL" -H "If-Modified-Since: garbage"
expect_eq 200 "$CODE" "bad If-Modified-Since ignored"

# HEAD: headers of the GET, no body.
fetch h "$URL" -I
expect_eq 200 "$CODE" "HEAD"
expect_eq "$(stat -c %s "$TEST_TMP/a.body")" "$(hdr h Content-Length)" "HEAD Content-Length"
expect_eq "$ETAG" "$(hdr h ETag)" "HEAD ETag"

# A change moves the ETag, the deadline's SEQUENCE and date; the old ETag gets a 200.
run event edit "$EV" --date 2017-10-17
expect_rc 0
etag_moved() { fetch c "$URL" -H "If-None-Match: $ETAG"; [ "$CODE" = 200 ]; }
wait_for etag_moved && pass || fail "ETag did not change after the recompute"
[ "$(hdr c ETag)" != "$ETAG" ] && pass || fail "same ETag after a change"
parse_ics "$TEST_TMP/c.body" c
expect_j c "d[\"events\"][\"deadline-$DL@$H\"][\"sequence\"]" 2
expect_j c "d[\"events\"][\"deadline-$DL@$H\"][\"start\"]" "2017-10-27"
ETAG2=$(hdr c ETag)
# An unrelated change (another case) re-renders but keeps the ETag: clients get 304.
run case add --title "Unrelated" --jurisdiction US
sleep 0.4
fetch d "$URL" -H "If-None-Match: $ETAG2"
expect_eq 304 "$CODE" "unrelated change keeps the ETag"

# 404 for an unknown token, an unknown path and (below) a revoked token: the same response.
norm() { grep -iv '^date:' "$TEST_TMP/$1.hdr"; cat "$TEST_TMP/$1.body"; }
fetch n1 "$BASE/feeds/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics"
expect_eq 404 "$CODE" "unknown token"
fetch n2 "$BASE/nope"
expect_eq 404 "$CODE" "unknown path"
fetch n3 "$BASE/feeds/short.ics"
expect_eq 404 "$CODE" "malformed token"
fetch n4 "$URL?x=1" -H "If-None-Match: *"
expect_eq 304 "$CODE" "query string ignored"
expect_eq "$(norm n1)" "$(norm n2)" "unknown token and unknown path look alike"
expect_eq "$(norm n1)" "$(norm n3)" "malformed token and unknown path look alike"

# 405 for other methods, with Allow.
for m in POST PUT DELETE PATCH OPTIONS; do
  fetch m "$URL" -X "$m"
  expect_eq 405 "$CODE" "$m"
done
expect_eq "GET, HEAD" "$(hdr m Allow)" "Allow"
fetch m "$URL" -X POST --data-binary 'x=1'
expect_eq 405 "$CODE" "POST with a body"

# A second server on the same port: a clear error, exit 1.
TRACKER_DB=$(serve_db) run serve --listen "127.0.0.1:$PORT"
expect_rc 1
expect_err_has "could not listen on 127.0.0.1:$PORT"

# healthz.
fetch z "$BASE/healthz"
expect_eq 200 "$CODE" "healthz"
expect_eq "ok" "$(cat "$TEST_TMP/z.body")" "healthz body"

# Malformed and oversized requests: 4xx, never a crash.
case "$(raw_status 'GARBAGE\r\n\r\n')" in HTTP/1.?\ 4* | "(connection closed)") pass ;; *) fail "garbage request: $(raw_status 'GARBAGE\r\n\r\n')" ;; esac
case "$(raw_status 'GET /healthz HTTP/1.1\r\n\r\n')" in HTTP/1.1\ 400*) pass ;; *) fail "HTTP/1.1 without Host" ;; esac
big=$(head -c 40000 /dev/zero | tr '\0' a)
case "$(raw_status "GET /healthz HTTP/1.1\\r\\nHost: x\\r\\nX-Big: $big\\r\\n\\r\\n")" in HTTP/1.1\ 4*) pass ;; *) fail "oversized header not refused" ;; esac
case "$(raw_status "GET /$big HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")" in HTTP/1.1\ 4*) pass ;; *) fail "oversized URL not refused" ;; esac
case "$(raw_status 'GET /feeds/\x00\x01.ics HTTP/1.1\r\nHost: x\r\n\r\n')" in HTTP/1.1\ 4*) pass ;; *) fail "control bytes in the path" ;; esac
case "$(raw_status 'GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello')" in HTTP/1.1\ 400*) pass ;; *) fail "GET with a body" ;; esac
case "$(raw_status 'GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n')" in HTTP/1.1\ 4*) pass ;; *) fail "bad Content-Length" ;; esac
fetch z "$BASE/healthz"
expect_eq 200 "$CODE" "still serving after bad requests"

# Concurrent clients: 400 requests from 40 at a time, every body whole and identical.
seq 1 400 | xargs -P 40 -I{} curl -s -o "$TEST_TMP/par.{}" -w '%{http_code}\n' --max-time 30 "$URL" >"$TEST_TMP/par.codes"
expect_eq 400 "$(grep -c '^200$' "$TEST_TMP/par.codes")" "concurrent 200s"
expect_eq 1 "$(md5sum "$TEST_TMP"/par.* | grep -v codes | cut -d' ' -f1 | sort -u | wc -l)" "identical bodies"
rm -f "$TEST_TMP"/par.*

# A feed whose name holds CR/LF: the calendar stays valid, headers untouched.
run feed create --jurisdiction RU --name $'Evil\r\nX-Injected: 1\r\n\r\nname' --base-url "$BASE"
URL2=$(printf '%s\n' "$OUT" | sed -n 's/^url: //p')
fetch e "$URL2"
expect_eq 200 "$CODE" "feed with CR/LF in its name"
grep -qi '^X-Injected' "$TEST_TMP/e.hdr" && fail "header injected" || pass
parse_ics "$TEST_TMP/e.body" e
expect_j e 'd["calendar"]["name"]' $'Evil\nX-Injected: 1\n\nname'

# Revoking: 404 from the next poll on, the same 404 as an unknown path.
run feed revoke 1
expect_rc 0
gone() { fetch r "$URL"; [ "$CODE" = 404 ]; }
wait_for gone && pass || fail "revoked feed still served"
expect_eq "$(norm n2)" "$(norm r)" "revoked token and unknown path look alike"
fetch r "$URL" -H "If-None-Match: $ETAG2"
expect_eq 404 "$CODE" "revoked feed with a cached ETag"

# The server reads through the read-only role made by migration 004.
grep -q "database: reading as role tracker_feed_reader, read-only" "$SERVER_LOG" && pass ||
  fail "not reading as tracker_feed_reader: $(grep -m1 'database:' "$SERVER_LOG")"

# The access log: a line per request, never a token.
grep -q "$TOKEN" "$SERVER_LOG" && fail "token in the access log" || pass
grep -q 'access 127.0.0.1 "GET /feeds/\[token\].ics" 304 0 feed=1' "$SERVER_LOG" && pass || fail "no 304 access line"
grep -q 'access 127.0.0.1 "POST /feeds/\[token\].ics" 405' "$SERVER_LOG" && pass || fail "no 405 access line"

# SIGTERM with an idle keep-alive connection open: drains (bounded) and exits 0.
"$ICS_PY" -c "
import socket, time
s = socket.create_connection(('127.0.0.1', $PORT)); s.sendall(b'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'); s.recv(4096); time.sleep(30)" &
IDLE=$!
sleep 0.3
t0=$(date +%s)
stop_server
kill "$IDLE" 2>/dev/null
wait "$IDLE" 2>/dev/null
expect_eq 0 "$SERVER_RC" "exit code after SIGTERM"
[ $(( $(date +%s) - t0 )) -le 8 ] && pass || fail "drain took too long"
grep -q "received SIGTERM: draining connections" "$SERVER_LOG" && pass || fail "no drain line"
grep -q "stopped" "$SERVER_LOG" && pass || fail "no stopped line"
grep -q "ERROR: \(Address\|Leak\)Sanitizer\|runtime error" "$SERVER_LOG" && fail "sanitizer report: $(grep -m3 -A5 Sanitizer "$SERVER_LOG")" || pass

# Usage errors.
run serve --listen nowhere
expect_rc 2
run serve --listen 127.0.0.1:99999
expect_rc 2
run serve --threads 0
expect_rc 2
finish
