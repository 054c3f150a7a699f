# The web application (tracker serve --app) in a real browser: tests/web/web.test.mjs drives
# Debian's chromium with playwright-core against a real server on this test's database and
# checks the issue's list (sign in, forms, deadlines and explanations, revisions and history,
# roles, CSRF, hostile text, conflicts, feeds, import, phone layout, axe-core on every page).
# Here: the headers every answer carries, then the browser run. Screenshots of every page at
# 1280 and 390 px go to $TRACKER_BUILD/web-artifacts/.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"
WEB_TESTS=$TRACKER_SRC/tests/web
[ -f "$WEB_TESTS/node_modules/playwright-core/package.json" ] ||
  { fail "playwright-core is not installed (npm ci in tests/web; scripts/test does)"; finish; }
command -v chromium >/dev/null || { fail "chromium is not installed (scripts/test installs it)"; finish; }
migrate
run import "$TRACKER_SRC/examples/telegram.json"
expect_rc 0
CASE=$(sql "SELECT id FROM legal_case WHERE external_id = 'telegram-fsb-keys-2017'")

# Accounts (passwords from stdin) and the writer role the server signs in and writes through.
PW_ADMIN="admin-password-$$-x"; PW_EDITOR="editor-password-$$-x"; PW_VIEWER="viewer-password-$$-x"
printf '%s\n' "$PW_ADMIN" | run user add ada --role admin --name "Ada Admin" --password-stdin
expect_rc 0
printf '%s\n' "$PW_EDITOR" | run user add eddie --role editor --password-stdin
expect_rc 0
printf '%s\n' "$PW_VIEWER" | run user add vera --role viewer --password-stdin
expect_rc 0
W="t_webwriter_$$"
psql -X -q -v ON_ERROR_STOP=1 -U postgres -d "$TEST_DB" -c "CREATE ROLE \"$W\" LOGIN IN ROLE tracker_writer" >/dev/null ||
  { fail "could not create the writer role"; finish; }
drop_role() { psql -X -q -U postgres -d postgres -c "DROP ROLE IF EXISTS \"$W\"" >/dev/null 2>&1; }
start_server --app --write-db "dbname=$TEST_DB user=$W" --threads 4
trap 'kill -TERM $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; cleanup; drop_role' EXIT

# / and /app go to /app/; the page and every file carry the security headers.
fetch r "$BASE/"
expect_eq 302 "$CODE" "GET /"
expect_eq "/app/" "$(hdr r Location)" "/ redirects to the app"
fetch p "$BASE/app/"
expect_eq 200 "$CODE" "GET /app/"
CSP=$(hdr p Content-Security-Policy)
case "$CSP" in *"script-src 'self';"*) pass ;; *) fail "script-src [$CSP]" ;; esac
case "$CSP" in *"frame-ancestors 'none'"*) pass ;; *) fail "frame-ancestors [$CSP]" ;; esac
printf '%s' "$CSP" | grep -q "script-src[^;]*unsafe" && fail "unsafe script source [$CSP]" || pass
expect_eq "DENY" "$(hdr p X-Frame-Options)" "X-Frame-Options"
expect_eq "nosniff" "$(hdr p X-Content-Type-Options)" "nosniff"
expect_eq "same-origin" "$(hdr p Referrer-Policy)" "Referrer-Policy"
ETAG=$(hdr p ETag)
fetch p2 "$BASE/app/" -H "If-None-Match: $ETAG"
expect_eq 304 "$CODE" "revalidated with the ETag"
fetch j "$BASE/app/js/app.js"
expect_eq "text/javascript; charset=utf-8" "$(hdr j Content-Type)" "JavaScript content type"
expect_eq "DENY" "$(hdr j X-Frame-Options)" "files too"
# The embed page alone may be framed (a newsroom's article), still without inline scripts.
fetch e "$BASE/app/embed.html"
expect_eq 200 "$CODE" "embed page"
expect_eq "" "$(hdr e X-Frame-Options)" "embed page frameable"
case "$(hdr e Content-Security-Policy)" in *frame-ancestors*) fail "embed CSP refuses framing" ;; *"script-src 'self';"*) pass ;; *) fail "embed CSP" ;; esac
expect_eq "no-referrer" "$(hdr e Referrer-Policy)" "embed Referrer-Policy"
fetch t "$BASE/app/vendor/timelinejs/js/timeline.js"
expect_eq 200 "$CODE" "TimelineJS is compiled in"
for bad in "/app/../etc/passwd" "/app/js/../../x" "/app/nope.js" "/app//js/app.js"; do
  fetch x "$BASE$bad" --path-as-is
  expect_eq 404 "$CODE" "$bad"
done
# Sign-in: the cookie's attributes, a wrong password and a non-JSON body.
fetch s "$BASE/app/session" -X POST -H 'Content-Type: application/json' \
  --data-binary "{\"login\":\"ada\",\"password\":\"$PW_ADMIN\"}"
expect_eq 200 "$CODE" "sign in"
COOKIE=$(hdr s Set-Cookie)
case "$COOKIE" in "tracker_session="*"; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax") pass ;; *) fail "cookie [$COOKIE]" ;; esac
case "$(cat "$TEST_TMP/s.body")" in *'"csrf":"'*) pass ;; *) fail "no csrf token in [$(cat "$TEST_TMP/s.body")]" ;; esac
expect_eq 1 "$(sql "SELECT count(*) FROM web_session WHERE revoked_at IS NULL")" "one session in PostgreSQL"
fetch s "$BASE/app/session" -X POST -H 'Content-Type: application/json' --data-binary '{"login":"ada","password":"wrong password here"}'
expect_eq 401 "$CODE" "wrong password"
fetch s "$BASE/app/session" -X POST -H 'Content-Type: text/plain' --data-binary "{\"login\":\"ada\",\"password\":\"$PW_ADMIN\"}"
expect_eq 415 "$CODE" "a cross-site form's content type"

# A feed of the Telegram case (made with the CLI): the embed page draws its timeline.
run feed create --case "$CASE" --base-url "$BASE"
expect_rc 0
FEED_URL=$(printf '%s\n' "$OUT" | sed -n 's/^url: //p')
FEED_TOKEN=${FEED_URL#"$BASE/feeds/"}
FEED_TOKEN=${FEED_TOKEN%.ics}

# The browser run.
ARTIFACTS=${TRACKER_BUILD:-$TEST_TMP}/web-artifacts
rm -rf "$ARTIFACTS"
BASE=$BASE ADMIN="ada:$PW_ADMIN" EDITOR="eddie:$PW_EDITOR" VIEWER="vera:$PW_VIEWER" CASE=$CASE \
  FEED_TOKEN=$FEED_TOKEN TEST_DB=$TEST_DB ARTIFACTS=$ARTIFACTS IMPORT_BAD=$WEB_TESTS/fixtures/import_bad.json \
  timeout 600 node "$WEB_TESTS/web.test.mjs" >"$TEST_TMP/web.out" 2>&1
NODE_RC=$?
cat "$TEST_TMP/web.out"
SUMMARY=$(sed -n 's/^web: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$TEST_TMP/web.out")
if [ -z "$SUMMARY" ]; then
  fail "the browser tests did not finish (exit $NODE_RC)"
else
  read -r P F <<<"$SUMMARY"
  PASSES=$((PASSES + P))
  [ "$F" = 0 ] || FAILS=$((FAILS + F))
  [ "$NODE_RC" = 0 ] && pass || fail "web.test.mjs exited $NODE_RC"
fi
# Sign-in failures are limited (last: the address is then refused for a while): 10 at once, then
# 429 with Retry-After, even for the right password from that address.
for i in $(seq 1 12); do
  fetch rl "$BASE/app/session" -X POST -H 'Content-Type: application/json' --data-binary '{"login":"nobody","password":"not a password at all"}'
  [ "$CODE" = 429 ] && break
done
expect_eq 429 "$CODE" "too many failed sign-ins"
case "$(hdr rl Retry-After)" in [1-9]*) pass ;; *) fail "Retry-After [$(hdr rl Retry-After)]" ;; esac
fetch rl "$BASE/app/session" -X POST -H 'Content-Type: application/json' --data-binary "{\"login\":\"ada\",\"password\":\"$PW_ADMIN\"}"
expect_eq 429 "$CODE" "the address is limited for every login"
grep -q "app: ada signed in" "$SERVER_LOG" && pass || fail "no sign-in line in the log"
grep -q "$PW_ADMIN" "$SERVER_LOG" && fail "a password in the server log" || pass
finish
