#!/usr/bin/env bash
# bench/bench_import.sh: speed of tracker import and tracker report against PostgreSQL's own
# tools, in one run, on the private cluster (a benchmark, not a test: minutes, not seconds).
#
#   bench/bench_import.sh [EVENTS [FINES [JSONL_BIG]]]   defaults: 100000 1000000 1000000
#
# 1. import: `tracker import` of EVENTS events (EVENTS/10 cases, fines, sources, parties,
#    explicit deadlines) into an empty database, against psql \copy of the same rows as CSV into
#    the same tables. Goal: import rate >= 0.7 x the \copy rate. Two references, both reported:
#    - the same rows: every row the import leaves in the database, that is the input rows
#      (parties, bodies, sources, cases, case parties, events, event sources, fines,
#      equivalents) and the deadline rows the engine computes from them (with explanations);
#    - the input rows only (\copy then writes no deadlines at all).
#    tracker's figure includes what \copy does not do: validation, staging, reference checks,
#    upsert matching and computing the deadlines. Three interleaved rounds; medians reported.
# 2. report: `tracker report fines` over FINES fines against the same aggregation as one
#    hand-written SQL query in psql. Goal: within 1.5 x.
# 3. memory: peak RSS of `tracker import` of JSON Lines with 10,000 and JSONL_BIG records.
#
# Uses a Release build in build-bench/ and databases bench_* that it drops at the end.
source "$(dirname "$0")/../scripts/lib.sh"
cd "$TRACKER_ROOT"
EVENTS=${1:-100000}
FINES=${2:-1000000}
BIG=${3:-1000000}
BUILD=${TRACKER_BENCH_BUILD:-$TRACKER_ROOT/build-bench}
WORK=$(mktemp -d)
log "building (Release) in $BUILD"
build "$BUILD" -DCMAKE_BUILD_TYPE=Release
T=$BUILD/bin/tracker
cluster_start
cleanup() {
  for d in bench_import bench_copy bench_noengine bench_report bench_rss; do
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
  if [ "$CLUSTER_STARTED_HERE" = 1 ]; then cluster_stop; fi
}
trap cleanup EXIT
cluster_env

now() { date +%s.%N; }
secs() { python3 -c "print('%.2f' % ($2 - $1))"; }
fresh_db() {
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null
  psql -X -q -d postgres -c "CREATE DATABASE $1" >/dev/null
  TRACKER_DB="dbname=$1" "$T" db migrate >/dev/null
}
# peak_rss CMD...: run CMD, print its peak resident set size in MiB.
peak_rss() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
if r.returncode:
    sys.exit("command failed: %d" % r.returncode)
print("%.1f" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0))
PY
}

echo "tracker benchmark: $(nproc) CPUs, PostgreSQL $(psql -X -tA -d postgres -c 'SHOW server_version'), $(date -u +%Y-%m-%dT%H:%MZ)"

# ---- 1. import vs \copy ----
CASES=$((EVENTS / 10))
log "generating $CASES cases with $EVENTS events"
scripts/gen-fixture "$CASES" --events 10 --csv "$WORK/csv" -o "$WORK/fixture.json"
scripts/gen-fixture "$CASES" --events 10 --jurisdictions GB,EU -o "$WORK/fixture-norules.json"
rows=0
for f in "$WORK"/csv/*.csv; do rows=$((rows + $(wc -l <"$f"))); done

cat >"$WORK/copy.sql" <<SQL
\\copy party (id, name, kind, external_id) FROM '$WORK/csv/party.csv' CSV
\\copy body (id, name, kind, jurisdiction, external_id) FROM '$WORK/csv/body.csv' CSV
\\copy source (id, url, publisher, title, published_on, retrieved_on, external_id) FROM '$WORK/csv/source.csv' CSV
\\copy legal_case (id, title, jurisdiction, body_id, docket, status, summary, tags, external_id) FROM '$WORK/csv/legal_case.csv' CSV
\\copy case_party (case_id, party_id, role) FROM '$WORK/csv/case_party.csv' CSV
\\copy event (id, case_id, type, date, title, description, body_id, party_id, outcome, external_id) FROM '$WORK/csv/event.csv' CSV
\\copy event_source (event_id, source_id) FROM '$WORK/csv/event_source.csv' CSV
\\copy fine (id, event_id, amount, currency, paid, paid_on, external_id) FROM '$WORK/csv/fine.csv' CSV
\\copy fine_equivalent (fine_id, amount, currency, as_of, note) FROM '$WORK/csv/fine_equivalent.csv' CSV
SQL
{ cat "$WORK/copy.sql"
  echo "\\copy deadline (id, case_id, trigger_event_id, rule_id, kind, title, due_on, earliest_on, latest_on, period_count, period_unit, roll, extra_days, status, met_by_event_id, explanation, external_id) FROM '$WORK/deadline.csv' CSV"
} >"$WORK/copy_all.sql"

# Three rounds, interleaved (import, \copy of the input rows, \copy of every row the import
# writes), so that drift of this shared machine hits both sides alike; the medians are reported.
ROUNDS=${TRACKER_BENCH_ROUNDS:-3}
: >"$WORK/rounds.txt"
for round in $(seq 1 "$ROUNDS"); do
  fresh_db bench_import
  t0=$(now)
  TRACKER_IMPORT_TIMING=1 TRACKER_DB="dbname=bench_import" "$T" import --quiet "$WORK/fixture.json" \
    2>"$WORK/timing.txt"
  t1=$(now)
  import_s=$(secs "$t0" "$t1")
  engine_s=$(awk '/deadline engine/ {print $(NF-1)}' "$WORK/timing.txt")
  if [ "$round" = 1 ]; then
    deadlines=$(psql -X -tA -d bench_import -c "SELECT count(*) FROM deadline")
    # The deadline rows the import computed, as CSV: the ids of a fresh database are the ids
    # of the CSV files (both number the records in file order), so they load into bench_copy.
    psql -X -q -d bench_import -c "\\copy (SELECT id, case_id, trigger_event_id, rule_id, kind, title, due_on, earliest_on, latest_on, period_count, period_unit, roll, extra_days, status, met_by_event_id, explanation, external_id FROM deadline ORDER BY id) TO '$WORK/deadline.csv' CSV"
  fi
  fresh_db bench_copy
  t0=$(now)
  psql -X -q -1 -v ON_ERROR_STOP=1 -d bench_copy -f "$WORK/copy.sql"
  t1=$(now)
  copy_s=$(secs "$t0" "$t1")
  fresh_db bench_copy
  t0=$(now)
  psql -X -q -1 -v ON_ERROR_STOP=1 -d bench_copy -f "$WORK/copy_all.sql"
  t1=$(now)
  copy_all_s=$(secs "$t0" "$t1")
  echo "$import_s $copy_s $copy_all_s $engine_s" >>"$WORK/rounds.txt"
done
t0=$(now)
TRACKER_DB="dbname=bench_import" "$T" import --quiet "$WORK/fixture.json"
t1=$(now)
reimport_s=$(secs "$t0" "$t1")

fresh_db bench_noengine
t0=$(now)
TRACKER_DB="dbname=bench_noengine" "$T" import --quiet "$WORK/fixture-norules.json"
t1=$(now)
noengine_s=$(secs "$t0" "$t1")
deadlines_norules=$(psql -X -tA -d bench_noengine -c "SELECT count(*) FROM deadline")

python3 - "$EVENTS" "$rows" "$deadlines" "$deadlines_norules" "$noengine_s" "$reimport_s" "$WORK/rounds.txt" <<'PY'
import statistics, sys
ev, rows, dls = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
dls_norules, noeng, re = sys.argv[4], float(sys.argv[5]), float(sys.argv[6])
runs = [tuple(map(float, l.split())) for l in open(sys.argv[7]) if l.strip()]
print("\n1. import of %d events (%d input rows in 9 tables; the engine adds %d deadline rows)" % (ev, rows, dls))
print("   round  tracker import  \\copy input rows  \\copy all rows  ratio(input)  ratio(all)  engine")
for i, (imp, cp, cpa, eng) in enumerate(runs, 1):
    print("   %5d  %12.2f s  %14.2f s  %12.2f s  %10.2f x  %8.2f x  %5.2f s" % (i, imp, cp, cpa, cp / imp, cpa / imp, eng))
med = lambda k: statistics.median(r[k] for r in runs)
imp, cp, cpa, eng = med(0), med(1), med(2), med(3)
ri = statistics.median(r[1] / r[0] for r in runs)
ra = statistics.median(r[2] / r[0] for r in runs)
print("   median: import %.2f s (%.0f events/s); \\copy of the input rows %.2f s; \\copy of every row the import writes %.2f s" % (imp, ev / imp, cp, cpa))
print("   ratio import/\\copy rate, same rows (input rows + the %d deadline rows): %.2f x (goal >= 0.7)" % (dls, ra))
print("   ratio import/\\copy rate, input rows only (\\copy skips the deadline rows):  %.2f x" % ri)
print("   of the import, the deadline engine (computing and writing %d deadlines): %.2f s" % (dls, eng))
print("   GB/EU fixture (no rules: %s deadlines): import %.2f s, %.2f x the input \\copy" % (dls_norules, noeng, cp / noeng))
print("   re-import of the same file (nothing changes): %.2f s" % re)
PY

# ---- 2. report over FINES fines vs one hand-written query ----
log "loading $FINES fines for the report benchmark"
fresh_db bench_report
psql -X -q -v ON_ERROR_STOP=1 -d bench_report <<SQL
ALTER TABLE event DISABLE TRIGGER USER;
ALTER TABLE fine DISABLE TRIGGER USER;
ALTER TABLE legal_case DISABLE TRIGGER USER;
INSERT INTO body (id, name, kind, jurisdiction)
  SELECT g, 'Authority ' || g, 'regulator', (ARRAY['RU','US','GB','EU'])[1 + g % 4] FROM generate_series(1, 50) g;
INSERT INTO legal_case (id, title, jurisdiction, body_id)
  SELECT g, 'Case ' || g, (ARRAY['RU','US','GB','EU'])[1 + g % 4], 1 + g % 50 FROM generate_series(1, 10000) g;
INSERT INTO event (id, case_id, type, date, title)
  SELECT g, 1 + g % 10000, 'fine', date '2010-01-01' + (g % 5000), 'Fine ' || g FROM generate_series(1, $FINES) g;
INSERT INTO fine (event_id, amount, currency, paid)
  SELECT g, round(((g::bigint * 7919) % 1000000)::numeric + (g % 100) / 100.0, 2),
         (ARRAY['RUB','USD','EUR','GBP','JPY'])[1 + g % 5], g % 3 = 0
    FROM generate_series(1, $FINES) g;
UPDATE fine SET amount = round(amount) WHERE currency = 'JPY';
INSERT INTO fine_equivalent (fine_id, amount, currency, as_of)
  SELECT id, round(amount / 80, 2), 'USD', date '2020-01-01' FROM fine WHERE currency <> 'USD' AND id % 3 = 0;
ALTER TABLE event ENABLE TRIGGER USER;
ALTER TABLE fine ENABLE TRIGGER USER;
ALTER TABLE legal_case ENABLE TRIGGER USER;
VACUUM ANALYZE body, legal_case, event, fine, fine_equivalent;
SQL
HAND="SELECT f.currency, count(*), sum(f.amount), count(*) FILTER (WHERE f.paid), sum(f.amount) FILTER (WHERE f.paid), count(*) FILTER (WHERE NOT f.paid), sum(f.amount) FILTER (WHERE NOT f.paid) FROM fine f JOIN event e ON e.id = f.event_id JOIN legal_case c ON c.id = e.case_id GROUP BY f.currency ORDER BY f.currency"
HAND_ALL="$HAND;
SELECT c.jurisdiction, f.currency, count(*), sum(f.amount), count(*) FILTER (WHERE NOT f.paid), sum(f.amount) FILTER (WHERE NOT f.paid) FROM fine f JOIN event e ON e.id = f.event_id JOIN legal_case c ON c.id = e.case_id GROUP BY 1, 2 ORDER BY 1, 2;
SELECT coalesce(a.name, eb.name, cb.name), f.currency, count(*), sum(f.amount), count(*) FILTER (WHERE NOT f.paid), sum(f.amount) FILTER (WHERE NOT f.paid) FROM fine f JOIN event e ON e.id = f.event_id JOIN legal_case c ON c.id = e.case_id LEFT JOIN body a ON a.id = f.authority_id LEFT JOIN body eb ON eb.id = e.body_id LEFT JOIN body cb ON cb.id = c.body_id GROUP BY 1, 2 ORDER BY 1, 2;
SELECT extract(year FROM e.date)::int, f.currency, count(*), sum(f.amount), count(*) FILTER (WHERE NOT f.paid), sum(f.amount) FILTER (WHERE NOT f.paid) FROM fine f JOIN event e ON e.id = f.event_id GROUP BY 1, 2 ORDER BY 1, 2;
SELECT currency, count(*), sum(amount) FROM (SELECT f.currency, f.amount FROM fine f UNION ALL SELECT q.currency, q.amount FROM fine_equivalent q) t GROUP BY 1 ORDER BY 1;
SELECT * FROM (SELECT f.currency, f.amount, row_number() OVER (PARTITION BY f.currency ORDER BY f.amount DESC, e.date, f.id) AS rank FROM fine f JOIN event e ON e.id = f.event_id) r WHERE rank <= 10 ORDER BY 1, 3"
# best of 3 wall-clock runs
best() {
  local b=999999 t0 t1 s
  for _ in 1 2 3; do
    t0=$(now); "$@" >/dev/null; t1=$(now)
    s=$(secs "$t0" "$t1"); b=$(python3 -c "print(min($b, $s))")
  done
  echo "$b"
}
r_tot=$(best env TRACKER_DB="dbname=bench_report" "$T" report fines --section totals)
h_tot=$(best psql -X -q -d bench_report -c "$HAND")
r_all=$(best env TRACKER_DB="dbname=bench_report" "$T" report fines)
h_all=$(best psql -X -q -d bench_report -c "$HAND_ALL")
r_csv=$(best env TRACKER_DB="dbname=bench_report" "$T" report fines --format csv)
python3 - "$FINES" "$r_tot" "$h_tot" "$r_all" "$h_all" "$r_csv" <<'PY'
import sys
n = int(sys.argv[1]); rt, ht, ra, ha, rc = map(float, sys.argv[2:])
print("\n2. fines report over %d fines (best of 3)" % n)
print("   totals by currency: tracker report %.2f s, hand-written SQL in psql %.2f s: %.2f x (goal <= 1.5)" % (rt, ht, rt / ht))
print("   whole report (6 sections), JSON: tracker %.2f s, the same 6 aggregations in psql %.2f s: %.2f x" % (ra, ha, ra / ha))
print("   whole report as CSV: %.2f s" % rc)
PY

# ---- 3. peak memory of JSON Lines imports ----
echo
echo "3. peak RSS of tracker import (JSON Lines, streamed)"
for n in 10000 "$BIG"; do
  cases=$((n / 11))
  scripts/gen-fixture "$cases" --events 10 --format jsonl -o "$WORK/rss.jsonl"
  recs=$(wc -l <"$WORK/rss.jsonl")
  fresh_db bench_rss
  t0=$(now)
  rss=$(TRACKER_DB="dbname=bench_rss" peak_rss "$T" import --quiet "$WORK/rss.jsonl")
  t1=$(now)
  printf '   %8d records (%s MiB file): peak RSS %s MiB, %s s\n' "$recs" \
    "$(( $(stat -c %s "$WORK/rss.jsonl") / 1048576 ))" "$rss" "$(secs "$t0" "$t1")"
done
rm -f "$WORK/rss.jsonl"
scripts/gen-fixture $((10000 / 10)) --events 10 -o "$WORK/doc.json"
fresh_db bench_rss
rss=$(TRACKER_DB="dbname=bench_rss" peak_rss "$T" import --quiet "$WORK/doc.json")
printf '   (for comparison, one JSON document with 10,000 events: peak RSS %s MiB)\n' "$rss"
