# Slow clients (issue 13, item 3): a client that drips its request head (a header line every
# half second, never idle long enough for the 30 s idle timeout) is cut off once --head-timeout
# seconds have passed, while other addresses are served as usual; one address cannot hold more
# than --max-per-address connections. Only loopback addresses (127.0.0.1-3) are used.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"
migrate
# T_SLOW_DEFAULT=1: the server's defaults (10 s, 512) instead of small values, e.g. against a
# server without these options (TRACKER_SERVE_BIN).
if [ -n "${T_SLOW_DEFAULT:-}" ]; then HT=10; PER=512; start_server
else HT=2; PER=4; start_server --head-timeout "$HT" --max-per-address "$PER"; fi

"$ICS_PY" - "$PORT" "$HT" "$PER" >"$TEST_TMP/slow.out" 2>&1 <<'PY'
import socket, threading, time, sys
port, ht, per = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
cap = ht + 6
req = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
def conn(src, timeout=2):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((src, 0))
    s.settimeout(timeout)
    s.connect(("127.0.0.1", port))
    return s
def status(s):
    try:
        d = s.recv(4096)
    except OSError:
        return "closed"
    return d.split(b"\r\n")[0].decode("latin-1") if d else "closed"

# The dripping client, on 127.0.0.1.
life = {}
def drip():
    s = conn("127.0.0.1", 0.5)
    t0 = time.time()
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    while time.time() - t0 < cap:
        try:
            s.sendall(b"X-Drip: 1\r\n")
            if s.recv(100) == b"":
                break
        except socket.timeout:
            continue
        except OSError:
            break
    else:
        life["t"] = None
        return
    life["t"] = time.time() - t0
t = threading.Thread(target=drip)
t.start()
# Meanwhile another address is served, and fast.
served = slow = tries = 0
while t.is_alive():
    tries += 1
    t1 = time.time()
    s = conn("127.0.0.2")
    s.sendall(req)
    if status(s).startswith("HTTP/1.1 200"):
        served += 1
    if time.time() - t1 > 0.5:
        slow += 1
    s.close()
    time.sleep(0.25)
t.join()
lt = life["t"]
print("drip", "alive" if lt is None else "%.1f" % lt)
print("served %d/%d slow %d" % (served, tries, slow))

# Per-address limit: `per` idle connections from 127.0.0.3, then one more from it is closed
# unanswered while 127.0.0.2 is still served.
idle = [conn("127.0.0.3") for _ in range(per)]
time.sleep(0.2)
extra = conn("127.0.0.3")
try:
    extra.sendall(req)
except OSError:
    pass
print("extra", "closed" if not status(extra).startswith("HTTP/") else "answered")
other = conn("127.0.0.2")
other.sendall(req)
print("other", status(other))
for s in idle:
    s.close()

# Keep-alive: a pause between requests shorter than the deadline is fine.
k = conn("127.0.0.2")
k.sendall(req)
a = status(k)
time.sleep(ht / 2)
k.sendall(req)
print("keepalive", a.split(" ")[1] if " " in a else a, status(k).split(" ")[1])
PY
cat "$TEST_TMP/slow.out"
life=$(sed -n 's/^drip //p' "$TEST_TMP/slow.out")
case "$life" in
  alive | "") fail "the dripping client was never cut off ($(head -3 "$TEST_TMP/slow.out"))" ;;
  *) awk -v l="$life" -v h="$HT" 'BEGIN { exit !(l >= h - 0.5 && l <= h + 2) }' && pass ||
       fail "dripping client lived $life s (head timeout $HT s)" ;;
esac
served=$(sed -n 's/^served \([0-9]*\)\/\([0-9]*\) slow \([0-9]*\)/\1 \2 \3/p' "$TEST_TMP/slow.out")
set -- $served
[ "${2:-0}" -gt 0 ] && [ "$1" = "$2" ] && pass || fail "another address was not always served: $served"
expect_eq 0 "${3:-x}" "another address served within 0.5 s"
if [ -z "${T_SLOW_DEFAULT:-}" ]; then
  expect_eq "extra closed" "$(grep '^extra' "$TEST_TMP/slow.out")" "connection $((PER + 1)) from one address"
  expect_eq "other HTTP/1.1 200 OK" "$(grep '^other' "$TEST_TMP/slow.out")" "another address meanwhile"
fi
expect_eq "keepalive 200 200" "$(grep '^keepalive' "$TEST_TMP/slow.out")" "keep-alive within the deadline"
grep -q "http: closing a connection from 127.0.0.1: no complete request head within $HT s" "$SERVER_LOG" && pass ||
  fail "no log line for the cut connection"
fetch z "$BASE/healthz"
expect_eq 200 "$CODE" "healthz afterwards"
stop_server
expect_eq 0 "$SERVER_RC" "exit code after SIGTERM"
grep -q "Sanitizer\|runtime error" "$SERVER_LOG" && fail "sanitizer report: $(grep -m1 -A8 'Sanitizer\|runtime error' "$SERVER_LOG")" || pass
finish
