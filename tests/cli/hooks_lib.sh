# tests/cli/hooks_lib.sh: a webhook receiver (tests/cli/hook_receiver.py) and a worker for the
# t_hook*.sh tests. Source after lib.sh.
HOOK_SECRET="test-secret-$$-0123456789abcdef"
printf '%s\n' "$HOOK_SECRET" >"$TEST_TMP/secret"
VERIFY_C="${TRACKER_BUILD:-$TRACKER_SRC/build}/bin/verify_webhook"
RECV_PIDS=""
WORKER_PID=""

# start_receiver NAME [receiver options]: RECV_URL_NAME... sets RECV_URL and RECV_LOG.
start_receiver() {
  local name=$1
  shift
  rm -f "$TEST_TMP/$name.port"
  : >"$TEST_TMP/$name.log"
  /usr/bin/python3 "$TRACKER_SRC/tests/cli/hook_receiver.py" --port-file "$TEST_TMP/$name.port" \
    --log "$TEST_TMP/$name.log" --secret-file "$TEST_TMP/secret" "$@" \
    2>"$TEST_TMP/$name.err" &
  RECV_PIDS="$RECV_PIDS $!"
  for _ in $(seq 1 100); do [ -s "$TEST_TMP/$name.port" ] && break; sleep 0.05; done
  RECV_URL="http://127.0.0.1:$(cat "$TEST_TMP/$name.port")/hook"
  RECV_LOG="$TEST_TMP/$name.log"
}

# start_worker [notify options]: tracker notify in the background (WORKER_PID, log in worker.log).
start_worker() {
  "$TRACKER_BIN" notify "$@" >>"$TEST_TMP/worker.log" 2>&1 &
  WORKER_PID=$!
}
stop_worker() {
  [ -n "$WORKER_PID" ] || return 0
  kill -TERM "$WORKER_PID" 2>/dev/null
  wait "$WORKER_PID" 2>/dev/null
  WORKER_RC=$?
  WORKER_PID=""
}
hooks_cleanup() {
  [ -n "$WORKER_PID" ] && kill -KILL "$WORKER_PID" 2>/dev/null
  for p in $RECV_PIDS; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  cleanup
}
trap hooks_cleanup EXIT

# lines FILE: number of lines.
lines() { wc -l <"$1" | tr -d ' '; }
# wait_until CMD...: retry for up to ${WAIT_S:-30} seconds.
wait_until() {
  local i
  for i in $(seq 1 $((${WAIT_S:-30} * 10))); do "$@" && return 0; sleep 0.1; done
  return 1
}
# jq_log LOG PYEXPR: evaluate a Python expression over recs (the receiver's records).
jq_log() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(eval(sys.argv[2]))
PY
}
