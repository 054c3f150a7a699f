# tracker serve under hostile traffic: thousands of random and mutated requests, pipelining,
# half-sent requests, many idle connections. It must keep answering, never crash, exit 0 on
# SIGTERM with no sanitizer report, and never log a token.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"
migrate
run case add --title "Fuzz case" --jurisdiction RU --external-id fuzz
run event add fuzz --type ruling --date 2017-10-16 --appeal-sutki 10
start_server --threads 2 --drain-seconds 1
run feed create --all --base-url "$BASE"
URL=$(printf '%s\n' "$OUT" | sed -n 's/^url: //p')
TOKEN=${URL#"$BASE/feeds/"}
TOKEN=${TOKEN%.ics}

"$ICS_PY" - "$PORT" "$TOKEN" >"$TEST_TMP/fuzz.out" 2>&1 <<'PY'
import random, socket, sys, time
port, token = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(4242)
good = ("GET /feeds/%s.ics HTTP/1.1\r\nHost: x\r\n\r\n" % token).encode()
pieces = [b"GET", b"HEAD", b"POST", b"G\x00T", b" ", b"/", b"/feeds/", token.encode(), b".ics",
          b"HTTP/1.1", b"HTTP/1.0", b"HTTP/9.9", b"\r\n", b"\n", b"\r", b":", b"Host: x",
          b"If-None-Match: ", b"\"", b"W/", b"*", b",", b"If-Modified-Since: ", b"Mon, 32 Foo 99",
          b"Content-Length: ", b"-1", b"99999999999999999999", b"Transfer-Encoding: chunked",
          b"0\r\n\r\n", b"zz\r\n", b"%00", b"%", b"..", b"\xff\xfe", "ж😀".encode(), b"?a=b&c",
          b"#frag", b"\t", b"X" * 300, b"Connection: close", b"Expect: 100-continue"]
def send(item):
    data, read = item
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(data)
        if read:
            s.settimeout(0.3)
            try:
                s.recv(65536)
            except OSError:
                pass
        s.close()
    except OSError:
        pass
items = []
for i in range(1500):
    kind = rnd.random()
    if kind < 0.45:
        items.append((b"".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 25))), True))
    elif kind < 0.8:
        b = bytearray(good)
        for _ in range(rnd.randint(1, 6)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        items.append((bytes(b), True))
    elif kind < 0.9:
        items.append((good[: rnd.randrange(len(good))], False))  # half a request, then close
    else:
        items.append((good * rnd.randint(2, 20), True))  # pipelined
from concurrent.futures import ThreadPoolExecutor
with ThreadPoolExecutor(32) as pool:
    list(pool.map(send, items))
n = len(items)
# 300 idle connections at once, then a normal request must still be answered.
idle = []
for _ in range(300):
    try:
        idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
    except OSError:
        break
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(good)
resp = s.recv(200)
for c in idle:
    c.close()
print("sent", n, "idle", len(idle), "status", resp.split(b"\r\n")[0].decode("latin-1"))
PY
grep -q "status HTTP/1.1 200 OK" "$TEST_TMP/fuzz.out" && pass || fail "no 200 while 300 connections were idle: $(cat "$TEST_TMP/fuzz.out")"
kill -0 "$SERVER_PID" 2>/dev/null && pass || fail "server died"
fetch a "$URL"
expect_eq 200 "$CODE" "feed after the fuzzing"
parse_ics "$TEST_TMP/a.body" a
fetch z "$BASE/healthz"
expect_eq 200 "$CODE" "healthz after the fuzzing"
stop_server
expect_eq 0 "$SERVER_RC" "exit code after SIGTERM"
grep -q "Sanitizer\|runtime error" "$SERVER_LOG" && fail "sanitizer report: $(grep -m1 -A8 'Sanitizer\|runtime error' "$SERVER_LOG")" || pass
grep -q "$TOKEN" "$SERVER_LOG" && fail "token in the log" || pass
finish
