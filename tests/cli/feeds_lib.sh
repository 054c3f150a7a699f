# tests/cli/feeds_lib.sh: helpers for the calendar tests (t_ics*, t_feed*, t_serve*). Source it
# after lib.sh. Every calendar is parsed by two parsers tracker does not ship: Mozilla's ical.js
# (tests/js, npm) and Debian's python3-icalendar (/usr/bin/python3).

ICS_PY=/usr/bin/python3
ICS_JS_DIR="$TRACKER_SRC/tests/js"
[ -d "$ICS_JS_DIR/node_modules/ical.js" ] ||
  { echo "FAIL: ical.js is not installed (scripts/test-deps runs npm ci in tests/js)"; exit 1; }
"$ICS_PY" -c 'import icalendar' 2>/dev/null ||
  { echo "FAIL: python3-icalendar is not installed for /usr/bin/python3"; exit 1; }

# parse_ics FILE NAME: parse FILE with both parsers into $TEST_TMP/NAME.{py,js}.json and check
# that they read the same values. Counts one pass/fail per parser and one for the agreement.
parse_ics() {
  local f=$1 n=$2
  if "$ICS_PY" "$TRACKER_SRC/tests/py/check_ics.py" "$f" >"$TEST_TMP/$n.py.json" 2>"$TEST_TMP/$n.py.err"; then pass
  else fail "python3-icalendar rejected $n: $(head -5 "$TEST_TMP/$n.py.err")"; fi
  if node "$ICS_JS_DIR/check_ics.mjs" "$f" >"$TEST_TMP/$n.js.json" 2>"$TEST_TMP/$n.js.err"; then pass
  else fail "ical.js rejected $n: $(head -5 "$TEST_TMP/$n.js.err")"; fi
  local d
  d=$("$ICS_PY" - "$TEST_TMP/$n.py.json" "$TEST_TMP/$n.js.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
a.pop("x_wr_calname", None); a.pop("x_published_ttl", None)
if a != b:
    for k in sorted(set(a["events"]) | set(b["events"])):
        if a["events"].get(k) != b["events"].get(k):
            print("event", k, "python:", a["events"].get(k), "ical.js:", b["events"].get(k)); break
    else:
        print("calendar python:", a["calendar"], "ical.js:", b["calendar"])
PY
)
  if [ -z "$d" ]; then pass; else fail "parsers disagree on $n: $d"; fi
}

# jget NAME EXPR: evaluate a Python expression on what python3-icalendar read (d) for NAME;
# strings print as they are, anything else as JSON.
jget() {
  "$ICS_PY" - "$TEST_TMP/$1.py.json" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
try:
    v = eval(sys.argv[2], {"d": d})
except (KeyError, IndexError, TypeError) as e:
    v = "<missing: %s>" % e
print(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False), end="")
PY
}

# expect_j NAME EXPR WANT: jget equals WANT.
expect_j() { expect_eq "$3" "$(jget "$1" "$2")" "$1: $2"; }

# uid_host: the host part of this database's calendar UIDs.
uid_host() { sql "SELECT uid_host FROM tracker_instance"; }

# serve_db: the conninfo `tracker serve` logs in with: $TRACKER_DB as the read-only role
# tracker_feed_reader (scripts/lib.sh makes it a login role), unless $TRACKER_DB names a user.
serve_db() {
  case " $TRACKER_DB " in
    *" user="*) printf '%s' "$TRACKER_DB" ;;
    *) printf '%s user=tracker_feed_reader' "$TRACKER_DB" ;;
  esac
}

# start_server [ARGS...]: run `tracker serve` on a free loopback port (port 0, read back from its
# log) as serve_db; sets SERVER_PID, PORT, BASE and SERVER_LOG. The server is stopped when the
# test exits. $TRACKER_SERVE_BIN, when set, is the binary that serves (the CLI stays
# $TRACKER_BIN): for running a serve test against an older server, to see it fail before a fix.
start_server() {
  SERVER_LOG=$TEST_TMP/serve.log
  TRACKER_DB=$(serve_db) "${TRACKER_SERVE_BIN:-$TRACKER_BIN}" serve --listen 127.0.0.1:0 --poll-ms 100 "$@" 2>"$SERVER_LOG" &
  SERVER_PID=$!
  PORT=
  for _ in $(seq 1 $((${SERVER_START_S:-10} * 20))); do
    PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$SERVER_LOG")
    [ -n "$PORT" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.05
  done
  [ -n "$PORT" ] || { fail "server did not start: $(cat "$SERVER_LOG")"; finish; }
  BASE=http://127.0.0.1:$PORT
  trap 'kill -TERM $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; cleanup' EXIT
}

# stop_server [SIGNAL]: SIGTERM (or SIGNAL), wait; SERVER_RC is its exit code.
stop_server() {
  kill -"${1:-TERM}" "$SERVER_PID"
  wait "$SERVER_PID"
  SERVER_RC=$?
  trap cleanup EXIT
}

# fetch NAME URL [curl args...]: GET into $TEST_TMP/NAME.body and .hdr; CODE gets the status.
fetch() {
  local n=$1 u=$2
  shift 2
  CODE=$(curl -s -o "$TEST_TMP/$n.body" -D "$TEST_TMP/$n.hdr" -w '%{http_code}' --max-time 20 "$@" "$u")
}
# hdr NAME HEADER: a response header's value (case-insensitive name, CR stripped).
hdr() { sed -n "s/^$2: //Ip" "$TEST_TMP/$1.hdr" | tr -d '\r' | head -1; }

# raw_status BYTES...: send raw bytes (printf format) on a fresh connection, print the status line.
raw_status() {
  "$ICS_PY" - "$PORT" "$1" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
data = sys.argv[2].encode("latin-1").decode("unicode_escape").encode("latin-1")
try:
    s.sendall(data)
except OSError:
    pass
buf = b""
try:
    while b"\r\n" not in buf:
        chunk = s.recv(4096)
        if not chunk:
            break
        buf += chunk
except OSError:
    pass
print(buf.split(b"\r\n")[0].decode("latin-1") or "(connection closed)")
PY
}

# wait_for COND_CMD...: poll (up to 10 s) until the command succeeds.
wait_for() {
  for _ in $(seq 1 200); do "$@" && return 0; sleep 0.05; done
  return 1
}
