# The webhook worker's HTTP rules (docs/alerts.md, "Outgoing HTTP"): TLS certificates are
# verified (a self-signed receiver gets nothing and the delivery is retried, not marked
# delivered); redirects are never followed (a 302 fails the delivery for good and its target is
# never reached); a huge response body is not read (the worker stops after 4 KB); proxy
# variables of the environment are ignored.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hooks_lib.sh"
migrate
run case add --title "HTTP rules" --jurisdiction RU --external-id http
expect_rc 0
start_server() { # NAME [options]: PORT_NAME
  rm -f "$TEST_TMP/$1.port"
  local name=$1
  shift
  /usr/bin/python3 "$TRACKER_SRC/tests/cli/http_modes_server.py" --port-file "$TEST_TMP/$name.port" \
    --log "$TEST_TMP/$name.log" "$@" 2>"$TEST_TMP/$name.err" &
  RECV_PIDS="$RECV_PIDS $!"
  for _ in $(seq 1 100); do [ -s "$TEST_TMP/$name.port" ] && break; sleep 0.05; done
  : >>"$TEST_TMP/$name.log"
}
start_server plain
PLAIN=$(cat "$TEST_TMP/plain.port")
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$TEST_TMP/key.pem" -out "$TEST_TMP/cert.pem" \
  >/dev/null 2>&1 && pass || fail "openssl made a certificate"
start_server tls --cert "$TEST_TMP/cert.pem" --key "$TEST_TMP/key.pem"
TLS=$(cat "$TEST_TMP/tls.port")
add() { run hook add "$1" --events case.changed --allow-private --secret-stdin <"$TEST_TMP/secret"; expect_rc 0; }
add "https://127.0.0.1:$TLS/ok"
add "http://127.0.0.1:$PLAIN/redirect"
add "http://127.0.0.1:$PLAIN/big"
add "http://127.0.0.1:$PLAIN/ok"
run case edit http --docket D-1
expect_rc 0
# A proxy in the environment must not be used (it does not exist: using it would fail).
http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 \
  ALL_PROXY=http://127.0.0.1:9 run notify --once --verbose
expect_rc 0
state() { sql "SELECT d.state || ' ' || (SELECT string_agg(a.outcome || coalesce(':' || a.response_code, ''), ',' ORDER BY a.attempt) FROM delivery_attempt a WHERE a.delivery_id = d.id) FROM delivery d JOIN hook h ON h.id = d.hook_id WHERE h.url LIKE '%$1'"; }
# TLS: the self-signed certificate is refused, nothing reaches the server's handler, retried later.
expect_eq "pending network" "$(state "$TLS/ok")" "self-signed certificate: not delivered, to be retried"
expect_eq "" "$(cat "$TEST_TMP/tls.log")" "the TLS receiver's handler got nothing"
expect_eq t "$(sql "SELECT bool_or(error ILIKE '%certificate%' OR error ILIKE '%SSL%') FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id JOIN hook h ON h.id = d.hook_id WHERE h.url LIKE '%$TLS/ok'")" "the attempt names the certificate problem"
# Redirect: failed for good, the target never reached.
expect_eq "failed http_error:302" "$(state "$PLAIN/redirect")" "302: failed, not followed"
expect_eq 0 "$(grep -c '^/target' "$TEST_TMP/plain.log")" "the redirect target was never reached"
# A 16 MiB answer: delivered, and the worker stopped reading long before the end.
expect_eq "delivered ok:200" "$(state "$PLAIN/big")" "a huge answer still counts as delivered"
wait_until grep -q '^big sent=' "$TEST_TMP/plain.log" && pass || fail "the big answer finished"
SENT=$(sed -n 's/^big sent=//p' "$TEST_TMP/plain.log")
expect_eq True "$([ "$SENT" -lt $((16 << 20)) ] && echo True || echo "False ($SENT)")" "the worker closed the connection before the 16 MiB were sent"
# The plain one, through the proxy variables, arrived directly.
expect_eq "delivered ok:200" "$(state "$PLAIN/ok")" "proxy variables ignored: delivered directly"
finish
