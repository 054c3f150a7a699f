#!/usr/bin/env bash
# bench/bench_feeds.sh: `tracker serve` against nginx serving the same bytes as a static file, in
# one run, with wrk on loopback. Reports requests/s for 200 responses and for 304 revalidations,
# the ratios to nginx (goals: 200 >= 0.5, 304 >= 0.8), and the server's RSS over 100,000+
# requests. Installs nginx and wrk from Debian when missing; builds an optimized binary in
# build-bench/; uses the private cluster (started if needed, stopped again if it started it).
#   bench/bench_feeds.sh            (BENCH_SECONDS=10 BENCH_CONNECTIONS=64 BENCH_DEADLINES=500)
# BENCH_SERVER=PATH serves with another tracker binary (e.g. an older build), side by side.
source "$(dirname "$0")/../scripts/lib.sh"
cd "$TRACKER_ROOT"
SECONDS_EACH=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
NDEADLINES=${BENCH_DEADLINES:-500}
THREADS=${BENCH_SERVER_THREADS:-2}

ensure_packages $BUILD_PACKAGES nginx wrk
log "building an optimized binary (RelWithDebInfo, no sanitizers) in build-bench/"
bench_build
SERVER=${BENCH_SERVER:-$TRACKER}
cluster_start
cluster_env

WORK=$(mktemp -d /tmp/tracker-bench.XXXXXX)
chmod 755 "$WORK"
DB=bench_feeds
SERVER_PID= NGINX_PID=
finish_bench() {
  [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null && sleep 0.5
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$WORK"
  if [ "$CLUSTER_STARTED_HERE" = 1 ]; then cluster_stop; fi
}
trap finish_bench EXIT

log "loading $NDEADLINES deadlines into database $DB"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
export TRACKER_DB="dbname=$DB"
"$TRACKER" db migrate >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -v n="$NDEADLINES" <<'SQL' >/dev/null
INSERT INTO legal_case (title, jurisdiction, tags)
  SELECT 'Case ' || g || ': regulator v. messaging company, fined for refusing to hand over keys',
         'RU', ARRAY['bench', 'privacy']
  FROM generate_series(1, 50) g;
INSERT INTO event (case_id, type, date, title)
  SELECT 1 + (g % 50), 'ruling', date '2017-01-01' + g, 'Ruling ' || g
  FROM generate_series(1, :n) g;
INSERT INTO deadline (case_id, trigger_event_id, kind, title, due_on, period_count, period_unit,
                      roll, explanation)
  SELECT e.case_id, e.id, 'appeal', 'Appeal deadline', e.date + 10, 10, 'sutki', 'none',
         jsonb_build_object('lines', jsonb_build_array('due ' || (e.date + 10),
           'trigger: ruling on ' || e.date, 'period: 10 сутки, roll none (сутки never roll)'))
  FROM event e;
SQL
OUT=$("$TRACKER" feed create --tag bench --reminders 7d --base-url http://127.0.0.1:1)
TOKEN=$(printf '%s\n' "$OUT" | sed -n 's#^url: http://127.0.0.1:1/feeds/\(.*\)\.ics$#\1#p')
FEEDPATH=/feeds/$TOKEN.ics

TRACKER_DB="dbname=$DB user=tracker_feed_reader" "$SERVER" serve --listen 127.0.0.1:0 --threads "$THREADS" 2>"$WORK/serve.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  TPORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/serve.log")
  [ -n "$TPORT" ] && break
  sleep 0.1
done
[ -n "$TPORT" ] || die "tracker serve did not start: $(cat "$WORK/serve.log")"
TURL=http://127.0.0.1:$TPORT$FEEDPATH

# nginx serves the very same bytes from a file at the same path, logging like tracker does.
mkdir -p "$WORK/www/feeds" "$WORK/nginx"
curl -sf -o "$WORK/www$FEEDPATH" "$TURL" || die "could not fetch the feed from tracker serve"
chmod -R a+rX "$WORK/www"
NPORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes $THREADS;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 4096; }
http {
  types { text/calendar ics; }
  charset utf-8;
  access_log $WORK/nginx/access.log;
  client_body_temp_path $WORK/nginx;
  proxy_temp_path $WORK/nginx;
  fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx;
  scgi_temp_path $WORK/nginx;
  server {
    listen 127.0.0.1:$NPORT;
    root $WORK/www;
    add_header Cache-Control "private, max-age=300";
  }
}
CONF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
NGINX_PID=$!
NURL=http://127.0.0.1:$NPORT$FEEDPATH
for _ in $(seq 1 50); do curl -sf -o /dev/null "$NURL" && break; sleep 0.1; done
cmp -s "$WORK/www$FEEDPATH" <(curl -sf "$NURL") || die "nginx does not serve the same bytes"
BYTES=$(stat -c %s "$WORK/www$FEEDPATH")
TETAG=$(curl -sI "$TURL" | sed -n 's/^ETag: //Ip' | tr -d '\r')
NETAG=$(curl -sI "$NURL" | sed -n 's/^ETag: //Ip' | tr -d '\r')
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $TETAG" "$TURL")" = 304 ] || die "tracker: no 304"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $NETAG" "$NURL")" = 304 ] || die "nginx: no 304"

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; }
served() { grep -c ' access ' "$WORK/serve.log"; }
# wrk_rate URL [headers...]: requests/s of one wrk run.
wrk_rate() {
  local url=$1 out
  shift
  out=$(wrk -t2 -c"$CONNS" -d"${SECONDS_EACH}s" "$@" "$url")
  printf '%s\n' "$out" >>"$WORK/wrk.log"
  if printf '%s' "$out" | grep -q 'Non-2xx or 3xx'; then die "errors in wrk run against $url: $out"; fi
  printf '%s' "$out" | awk '/^Requests\/sec:/ {print $2}'
}

log "feed: $NDEADLINES deadlines + reminders, $BYTES bytes; wrk -t2 -c$CONNS -d${SECONDS_EACH}s per run"
wrk -t1 -c4 -d1s "$TURL" >/dev/null
wrk -t1 -c4 -d1s "$NURL" >/dev/null
RSS0=$(rss_kb)
T200=$(wrk_rate "$TURL")
N200=$(wrk_rate "$NURL")
T304=$(wrk_rate "$TURL" -H "If-None-Match: $TETAG")
N304=$(wrk_rate "$NURL" -H "If-None-Match: $NETAG")
RSS1=$(rss_kb)
L1=$(served)
# Memory over 100,000 more requests (200s and 304s alternating), after the measured runs.
while [ $(( $(served) - L1 )) -lt 100000 ]; do
  wrk_rate "$TURL" >/dev/null
  wrk_rate "$TURL" -H "If-None-Match: $TETAG" >/dev/null
done
RSS2=$(rss_kb)
MORE=$(( $(served) - L1 ))
R200=$(awk -v a="$T200" -v b="$N200" 'BEGIN {printf "%.2f", a / b}')
R304=$(awk -v a="$T304" -v b="$N304" 'BEGIN {printf "%.2f", a / b}')

cat <<REPORT

feed benchmark ($(nproc) cores, tracker serve --threads $THREADS, nginx worker_processes $THREADS)
  feed size                  $BYTES bytes ($NDEADLINES deadlines, 7-day reminders)
                             tracker serve    nginx (static file)   ratio   goal
  200 responses, req/s       $(printf '%-16s %-21s %-7s' "$T200" "$N200" "$R200") >= 0.5
  304 revalidations, req/s   $(printf '%-16s %-21s %-7s' "$T304" "$N304" "$R304") >= 0.8
  tracker RSS                ${RSS0} kB after warm-up, ${RSS1} kB after the runs above ($L1 requests),
                             ${RSS2} kB after $MORE more
REPORT
ok=1
awk -v r="$R200" 'BEGIN {exit !(r >= 0.5)}' || { echo "  200 ratio below goal"; ok=0; }
awk -v r="$R304" 'BEGIN {exit !(r >= 0.8)}' || { echo "  304 ratio below goal"; ok=0; }
[ "$ok" = 1 ] && echo "  goals met"
