# A kept-alive connection is never reused for a hook that may not reach private addresses
# (net.c's CURLOPT_PREREQFUNCTION check; the socket-open check does not run for a reused
# connection). Three hooks to the SAME host:port, a name that resolves to a private or loopback
# address: two added with --allow-private, one without. The worker (one request at a time) sends
# the two allowed ones first over one connection (the receiver sees the same client port: libcurl
# did reuse it), then the third would go over that connection: it must be `refused` and never
# reach the receiver.
#
# The name: the first of this machine's host name and the names in /etc/hosts that is not
# localhost and resolves to private addresses the receiver can listen on ("vm" -> 127.0.0.1
# here; on Docker's default network a container's host name -> its 172.17.0.x, not tried).
# When there is none (no such /etc/hosts entry), that variant says so and is skipped; the
# second variant always
# runs: a name under .localhost, which libcurl itself resolves to 127.0.0.1 and ::1 (RFC 6761; no
# resolver, no network). `hook add` refuses such a name without --allow-private, so that hook is
# made with SQL, as the delivery-time tests of t_hook.sh do.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hooks_lib.sh"
migrate
run case add --title "Reuse" --jurisdiction RU --external-id reuse
expect_rc 0

# name_here: "NAME ADDRESS" of a usable name, or nothing.
name_here() {
  /usr/bin/python3 - <<'PY'
import ipaddress, socket
names = [socket.gethostname(), socket.getfqdn()]
try:
    for line in open("/etc/hosts"):
        f = line.split("#")[0].split()
        names += f[1:]
except OSError:
    pass
for n in names:
    if not n or n == "localhost" or n.endswith(".localhost") or n.startswith("ip6-"):
        continue
    try:
        ipaddress.ip_address(n)
        continue  # a literal
    except ValueError:
        pass
    try:
        addrs = sorted({a[4][0] for a in socket.getaddrinfo(n, 80, socket.AF_INET, socket.SOCK_STREAM)})
        every = {a[4][0] for a in socket.getaddrinfo(n, 80, 0, socket.SOCK_STREAM)}
    except OSError:
        continue
    ips = [ipaddress.ip_address(a.split("%")[0]) for a in every]
    if not addrs or not all(ip.is_private or ip.is_loopback for ip in ips):
        continue
    s = socket.socket()
    try:
        s.bind((addrs[0], 0))
    except OSError:
        continue
    finally:
        s.close()
    print(n, addrs[0])
    break
PY
}

# reuse_check NAME ADDRESS cli|sql
reuse_check() {
  local name=$1 addr=$2 how=$3 tag="$1/$3"
  local log="$TEST_TMP/reuse-$how.log" port
  rm -f "$TEST_TMP/reuse-$how.port"
  : >"$log"
  /usr/bin/python3 "$TRACKER_SRC/tests/cli/hook_receiver.py" --host "$addr" \
    --port-file "$TEST_TMP/reuse-$how.port" --log "$log" --secret-file "$TEST_TMP/secret" \
    --keep-body 2>"$TEST_TMP/reuse-$how.err" &
  RECV_PIDS="$RECV_PIDS $!"
  for _ in $(seq 1 100); do [ -s "$TEST_TMP/reuse-$how.port" ] && break; sleep 0.05; done
  port=$(cat "$TEST_TMP/reuse-$how.port")
  local url="http://$name:$port/hook"
  sql "DELETE FROM hook" >/dev/null
  run hook add "$url?a1" --events case.changed --allow-private --secret-stdin <"$TEST_TMP/secret"
  expect_rc 0
  local a1 a2 n
  a1=$(sql "SELECT max(id) FROM hook")
  run hook add "$url?a2" --events case.changed --allow-private --secret-stdin <"$TEST_TMP/secret"
  a2=$(sql "SELECT max(id) FROM hook")
  if [ "$how" = cli ]; then
    run hook add "$url?n" --events case.changed --secret-stdin <"$TEST_TMP/secret"
    expect_rc 0 # a name: accepted at add, checked at delivery
  else
    sql "INSERT INTO hook (url, events, secret) VALUES ('$url?n', '{case.changed}', '$HOOK_SECRET')" >/dev/null
  fi
  n=$(sql "SELECT max(id) FROM hook")
  run case edit reuse --status "$( [ "$how" = cli ] && echo appealed || echo closed)"
  expect_rc 0
  expect_eq 3 "$(sql "SELECT count(*) FROM delivery WHERE state = 'pending'")" "$tag: three deliveries"
  # The order of sending: a1, a2, then the one that may not reach private addresses.
  sql "UPDATE delivery SET next_attempt_at = now() - CASE hook_id WHEN $a1 THEN interval '3 min'
       WHEN $a2 THEN interval '2 min' ELSE interval '1 min' END WHERE state = 'pending'" >/dev/null
  run notify --once --parallel 1
  expect_rc 0
  expect_eq "/hook?a1 /hook?a2" "$(jq_log "$log" "' '.join(r['path'] for r in recs)")" "$tag: the receiver got the two allowed ones only"
  expect_eq "True" "$(jq_log "$log" "len(recs) == 2 and recs[0]['peer'] == recs[1]['peer']")" "$tag: libcurl reused the connection (one client port) - else this test proves nothing"
  expect_eq "delivered delivered failed refused" \
    "$(sql "SELECT string_agg(d.state, ' ' ORDER BY d.hook_id) || ' ' || (SELECT t.outcome FROM delivery_attempt t JOIN delivery x ON x.id = t.delivery_id WHERE x.hook_id = $n) FROM delivery d")" \
    "$tag: the third refused on the reused connection, not retried"
  run hook deliveries "$n"
  expect_out_has "refused: address $addr is private"
}

found=$(name_here)
if [ -n "$found" ]; then
  echo "t_hook_reuse: the name ${found% *} resolves to ${found#* }"
  reuse_check ${found% *} ${found#* } cli
else
  echo "t_hook_reuse: no name of this machine resolves to a private address: the 'hook add' variant is skipped"
fi
reuse_check hooks.localhost 127.0.0.1 sql
finish
