#!/usr/bin/env bash
# bench/bench_web.sh: the web application's page budgets (issue 15: "loaded" within 1 s, at most
# 200 KB over the wire) on a generated dataset of BENCH_CASES (10,000) cases x BENCH_EVENTS (10)
# events (scripts/gen-fixture), served by an optimized `tracker serve --app` on the private
# cluster. bench/web_load.mjs loads the dashboard and a case page (the busiest: the case in the
# middle of the data) LOADS (10) times each in headless Chromium, cache disabled, and reports the
# median and max time to "loaded" and the bytes per page. Figures: docs/web.md.
#   bench/bench_web.sh     (BENCH_CASES=10000 BENCH_EVENTS=10 LOADS=10)
source "$(dirname "$0")/../scripts/lib.sh"
cd "$TRACKER_ROOT"
NCASES=${BENCH_CASES:-10000}
NEVENTS=${BENCH_EVENTS:-10}
ensure_packages $BUILD_PACKAGES chromium
ensure_node
source "$TRACKER_ROOT/scripts/test-deps-web" tests
log "building an optimized binary (RelWithDebInfo, no sanitizers) in build-bench/"
bench_build
cluster_start
cluster_env
WORK=$(mktemp -d /tmp/tracker-bench-web.XXXXXX)
DB=bench_web
SERVER_PID=
finish_bench() {
  [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  [ "${BENCH_KEEP:-0}" = 1 ] || psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$WORK"
  if [ "$CLUSTER_STARTED_HERE" = 1 ]; then cluster_stop; fi
}
trap finish_bench EXIT

export TRACKER_DB="dbname=$DB"
if [ "${BENCH_REUSE:-0}" = 1 ] && psql -X -tA -d "$DB" -c "SELECT 1 FROM app_account WHERE login = 'bench'" 2>/dev/null | grep -q 1; then
  log "reusing database $DB (BENCH_REUSE=1)"
else
  log "generating $NCASES cases x $NEVENTS events and importing them into database $DB"
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
  "$TRACKER" db migrate >/dev/null
  /usr/bin/python3 scripts/gen-fixture "$NCASES" --events "$NEVENTS" --format jsonl -o "$WORK/data.jsonl"
  "$TRACKER" import --format jsonl "$WORK/data.jsonl" >/dev/null || die "import failed"
  psql -X -q -d "$DB" -c "VACUUM ANALYZE" >/dev/null 2>&1
  "$TRACKER" user add bench --role editor --password-stdin <<<"benchmark password" >/dev/null
fi
log "$(psql -X -tA -d "$DB" -c "SELECT (SELECT count(*) FROM legal_case) || ' cases, ' || (SELECT count(*) FROM event) || ' events, ' || (SELECT count(*) FROM deadline) || ' deadlines'")"
CASE=$(psql -X -tA -d "$DB" -c "SELECT id FROM legal_case ORDER BY id OFFSET $((NCASES / 2)) LIMIT 1")
"$TRACKER" serve --app --listen 127.0.0.1:0 --db "dbname=$DB user=tracker_feed_reader" \
  --write-db "dbname=$DB user=tracker_api" 2>"$WORK/serve.log" &
SERVER_PID=$!
PORT=
for _ in $(seq 1 100); do
  PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/serve.log")
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "$PORT" ] || die "the server did not start: $(cat "$WORK/serve.log")"
log "loading the dashboard and case $CASE ${LOADS:-10} times each in headless Chromium"
BASE=http://127.0.0.1:$PORT LOGIN=bench PASSWORD="benchmark password" CASE=$CASE LOADS=${LOADS:-10} \
  node bench/web_load.mjs
# The API calls behind the pages, slowest first (median ms per path shape, from the access log).
log "API calls during the loads (path with ids as N: count, median ms, max ms)"
sed -n 's/.*"GET \(\/api\/v1[^" ]*\)" [0-9]* [0-9]* feed=- \([0-9.]*\)ms$/\1 \2/p' "$WORK/serve.log" |
  sed -E 's#/[0-9]+(/| |$)#/N\1#g' |
  sort | awk '{k=$1; v[k]=v[k]" "$2; n[k]++} END {for (k in n) print k, n[k], v[k]}' |
  while read -r path count times; do
    printf '%s %s %s\n' "$path" "$count" "$(printf '%s\n' $times | sort -n | awk '{a[NR]=$1} END {printf "%.1f %.1f", a[int((NR+1)/2)], a[NR]}')"
  done | sort -k3 -n -r | column -t
