# The unsubscribe link of a digest mail, served by `tracker serve --app` without signing in:
# GET shows a confirmation page and changes nothing (mail scanners fetch links); POST with the
# link's d and t unsubscribes; a tampered token, another digest's token, an unknown id or a
# malformed form changes nothing and gets a 404 page; the token never reaches the access log.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"
migrate

tracker digest add ann@example.org --every day >/dev/null || fail "digest add 1"
tracker digest add bob@example.org --every week >/dev/null || fail "digest add 2"
D1=$(sql "SELECT id FROM digest WHERE address = 'ann@example.org'")
D2=$(sql "SELECT id FROM digest WHERE address = 'bob@example.org'")
SECRET=abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ_0123456789
sql "INSERT INTO alert_secret (secret) VALUES ('$SECRET') ON CONFLICT (singleton) DO UPDATE SET secret = EXCLUDED.secret"
# The token as the digest mail makes it: hex HMAC-SHA256("unsubscribe:ID:ADDRESS") with the secret.
mac() { /usr/bin/python3 -c 'import hmac,hashlib,sys; print(hmac.new(sys.argv[1].encode(), ("unsubscribe:%s:%s" % (sys.argv[2], sys.argv[3])).encode(), hashlib.sha256).hexdigest())' "$SECRET" "$1" "$2"; }
T1=$(mac "$D1" ann@example.org)
T2=$(mac "$D2" bob@example.org)

start_server --app --write-db "$TRACKER_DB user=tracker_api"
U=$BASE/unsubscribe
state() { sql "SELECT (unsubscribed_at IS NOT NULL)::text FROM digest WHERE id = $1"; }

# GET: a page with a form, nothing changed; strict headers.
fetch g "$U?d=$D1&t=$T1"
expect_eq 200 "$CODE" "GET with a good link"
grep -q 'Unsubscribe from this digest' "$TEST_TMP/g.body" && pass || fail "no confirmation page"
grep -q "name=\"t\" value=\"$T1\"" "$TEST_TMP/g.body" && pass || fail "form lacks the token"
grep -qi '^content-security-policy:.*frame-ancestors' "$TEST_TMP/g.hdr" && pass || fail "no CSP"
grep -qi '^content-type: text/html' "$TEST_TMP/g.hdr" && pass || fail "not html"
expect_eq false "$(state "$D1")" "GET changes nothing"
fetch h "$U?d=$D1&t=$T1" -I
expect_eq false "$(state "$D1")" "HEAD changes nothing"

# Bad links: 404 page, nothing changed.
BAD=${T1%?}0; [ "$BAD" = "$T1" ] && BAD=${T1%?}1
for q in "d=$D1&t=$BAD" "d=$D1&t=$T2" "d=$D2&t=$T1" "d=999999&t=$T1" "d=$D1" "t=$T1" "d=x&t=$T1" "d=$D1&t=${T1}00"; do
  fetch b "$U?$q"
  expect_eq 404 "$CODE" "GET $q"
  CODE=$(curl -s -o /dev/null -w '%{http_code}' --data "$q" "$U")
  expect_eq 404 "$CODE" "POST $q"
done
CODE=$(curl -s -o /dev/null -w '%{http_code}' --data "d=$D1&t=$T1&x=<script>" "$U")
expect_eq 200 "$CODE" "an extra field is ignored"
expect_eq true "$(state "$D1")" "...and the good token worked"
sql "UPDATE digest SET unsubscribed_at = NULL WHERE id = $D1"
CODE=$(curl -s -o /dev/null -w '%{http_code}' --data "d=$D1&t=$T1%27" "$U")
expect_eq 404 "$CODE" "token with a quote"
expect_eq false "$(state "$D1")" "bad links change nothing (1)"
expect_eq false "$(state "$D2")" "bad links change nothing (2)"
CODE=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$U")
expect_eq 405 "$CODE" "DELETE"

# POST with the link's values: unsubscribed; again: already.
CODE=$(curl -s -o "$TEST_TMP/p.body" -w '%{http_code}' --data "d=$D1&t=$T1" "$U")
expect_eq 200 "$CODE" "POST good link"
grep -q 'Unsubscribed' "$TEST_TMP/p.body" && pass || fail "no done page: $(cat "$TEST_TMP/p.body")"
expect_eq true "$(state "$D1")" "digest 1 unsubscribed"
expect_eq false "$(state "$D2")" "digest 2 untouched"
CODE=$(curl -s -o "$TEST_TMP/p2.body" -w '%{http_code}' --data "d=$D1&t=$T1" "$U")
expect_eq 200 "$CODE" "POST again"
grep -q 'Already unsubscribed' "$TEST_TMP/p2.body" && pass || fail "not 'already'"
run digest list
expect_out_has "UNSUBSCRIBED"
# RFC 8058 one-click: the mail client POSTs List-Unsubscribe=One-Click to the header's URL.
CODE=$(curl -s -o /dev/null -w '%{http_code}' --data "List-Unsubscribe=One-Click" "$U?d=$D2&t=$T1")
expect_eq 404 "$CODE" "one-click with another digest's token"
expect_eq false "$(state "$D2")" "digest 2 still subscribed"
CODE=$(curl -s -o /dev/null -w '%{http_code}' --data "List-Unsubscribe=One-Click" "$U?d=$D2&t=$T2")
expect_eq 200 "$CODE" "one-click POST"
expect_eq true "$(state "$D2")" "digest 2 unsubscribed by one-click"

stop_server
grep -q "$T1" "$SERVER_LOG" && fail "the token reached the log" || pass
grep -q "digest $D1 unsubscribed" "$SERVER_LOG" && pass || fail "no log line"
finish
