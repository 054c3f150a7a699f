#!/usr/bin/env bash
# bench/bench_import_csv.sh: speed of tracker import --format csv against psql \copy of the same
# rows, in one run, on the private cluster (a benchmark, not a test).
#
#   bench/bench_import_csv.sh [FINES]        default 100000
#
# A sheet of FINES fines (none of 0) in the shape of examples/privacy-fines.csv (one row per fine: id,
# country, authority, date, amount with thousands separators, company, sector, articles, type,
# source URL, summary with HTML entities) is imported with examples/privacy-fines.map.json into an
# empty database. The rows that import leaves in the database (cases, events, fines, parties,
# authorities, sources, case parties, event sources) are then dumped as CSV and loaded with psql
# \copy, in one transaction, into another empty database: "the same rows". tracker's time includes
# what \copy does not do: parsing the sheet, cleaning, converting dates and amounts, validation,
# staging, reference checks, upsert matching and handing the events to the deadline engine.
# Goal: the import's rate >= 0.7 x the \copy rate. Three interleaved rounds; medians reported;
# then a re-import of the same sheet (nothing changes) and the import's peak RSS.
#
# Uses a Release build in build-bench/ and databases bench_csv_* that it drops at the end.
source "$(dirname "$0")/../scripts/lib.sh"
cd "$TRACKER_ROOT"
FINES=${1:-100000}
BUILD=${TRACKER_BENCH_BUILD:-$TRACKER_ROOT/build-bench}
WORK=$(mktemp -d)
log "building (Release) in $BUILD"
build "$BUILD" -DCMAKE_BUILD_TYPE=Release
T=$BUILD/bin/tracker
cluster_start
cleanup() {
  for d in bench_csv_import bench_csv_copy; do
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
  # WITH (FORCE) fails ("must be a member of the role whose process is being terminated") while an
  # autovacuum worker analyzes the database just loaded; a plain DROP waits for it: retry.
  local try
  for try in 1 2 3 4 5; do
    psql -X -q -d postgres -c "SET client_min_messages = warning" \
      -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null 2>&1 && break
    psql -X -q -d postgres -c "SET client_min_messages = warning" \
      -c "DROP DATABASE IF EXISTS $1" >/dev/null 2>&1 && break
    sleep 2
  done
  psql -X -q -d postgres -c "CREATE DATABASE $1" >/dev/null
  TRACKER_DB="dbname=$1" "$T" db migrate >/dev/null
}

echo "tracker CSV import benchmark: $(nproc) CPUs, PostgreSQL $(psql -X -tA -d postgres -c 'SHOW server_version'), $(date -u +%Y-%m-%dT%H:%MZ)"

log "generating a sheet of $FINES fines"
/usr/bin/python3 - "$FINES" "$WORK/fines.csv" <<'PY'
import csv, random, sys
n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(16)
countries = ["Spain", "Italy", "Germany", "France", "Romania", "Netherlands", "Poland", "Belgium",
             "Sweden", "Norway", "United Kingdom", "Greece", "Hungary", "Ireland", "Portugal"]
authorities = {c: ["%s Data Protection Authority" % c, "%s Regional Data Protection Office" % c]
               for c in countries}
sectors = ["Media & Telecoms", "Finance, Insurance and Consulting", "Health Care",
           "Transportation and Energy", "Public Sector and Education", "Real Estate",
           "Industry and Commerce", "Employment", "Individuals and Private Associations"]
articles = ["Art. 5 (1) a) GDPR", "Art. 5 (1) c) GDPR", "Art. 5 (1) f) GDPR", "Art. 6 GDPR",
            "Art. 12 GDPR", "Art. 13 GDPR", "Art. 15 GDPR", "Art. 17 GDPR", "Art. 21 GDPR",
            "Art. 25 GDPR", "Art. 32 GDPR", "Art. 33 GDPR"]
types = ["Insufficient legal basis for data processing",
         "Insufficient technical and organisational measures to ensure information security",
         "Non-compliance with general data processing principles",
         "Insufficient fulfilment of data subjects rights",
         "Insufficient fulfilment of information obligations"]
companies = ["Company %04d %s" % (i, rnd.choice(["S.A.", "S.p.A.", "GmbH", "SE", "Ltd", "B.V.", "AB"]))
             for i in range(max(1, n // 50))]
with open(out, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["ETid", "Country", "Authority", "Date of Decision", "Fine [€]", "Controller/Processor",
                "Sector", "Quoted Art.", "Type", "Source", "Summary"])
    for i in range(1, n + 1):
        c = rnd.choice(countries)
        amount = rnd.choice([rnd.randint(1, 500) * 1000] * 5 + [rnd.randint(1000, 30000000)])
        w.writerow(["ETid-%d" % i, c, rnd.choice(authorities[c]),
                    "%02d/%02d/%d" % (rnd.randint(1, 12), rnd.randint(1, 28), rnd.randint(2018, 2025)),
                    "{:,}".format(amount), rnd.choice(companies), rnd.choice(sectors),
                    ", ".join(rnd.sample(articles, rnd.randint(1, 3))), rnd.choice(types),
                    "https://dpa.example/%s/decisions/%d" % (c.lower().replace(" ", "-"), i),
                    "The authority found &quot;%s&quot; after a complaint of %d data subjects.<br>"
                    "The controller has to pay within %d days." % (rnd.choice(types).lower(),
                                                                   rnd.randint(1, 900), rnd.choice([14, 30]))])
PY
MB=$(( $(stat -c %s "$WORK/fines.csv") / 1048576 ))

# The tables and columns the import writes, in load order (for the dump and the \copy).
TABLES=(
  "party:id, name, kind, external_id"
  "body:id, name, kind, jurisdiction, external_id"
  "source:id, url, publisher, title, published_on, retrieved_on, external_id"
  "legal_case:id, title, jurisdiction, body_id, docket, status, summary, tags, external_id"
  "case_party:case_id, party_id, role"
  "event:id, case_id, type, date, date_precision, title, description, body_id, party_id, outcome, vacated, external_id"
  "event_source:event_id, source_id"
  "fine:id, event_id, amount, currency, paid, paid_on, payer_id, authority_id, external_id"
)

ROUNDS=${TRACKER_BENCH_ROUNDS:-3}
: >"$WORK/rounds.txt"
for round in $(seq 1 "$ROUNDS"); do
  fresh_db bench_csv_import
  t0=$(now)
  TRACKER_DB="dbname=bench_csv_import" "$T" import --quiet --format csv "$WORK/fines.csv" \
    --map examples/privacy-fines.map.json
  t1=$(now)
  import_s=$(secs "$t0" "$t1")
  if [ "$round" = 1 ]; then
    rows=0
    : >"$WORK/copy.sql"
    for spec in "${TABLES[@]}"; do
      t=${spec%%:*} cols=${spec#*:}
      psql -X -q -d bench_csv_import -c "\\copy (SELECT $cols FROM $t ORDER BY 1, 2) TO '$WORK/$t.csv' CSV"
      rows=$((rows + $(psql -X -tA -d bench_csv_import -c "SELECT count(*) FROM $t")))
      echo "\\copy $t ($cols) FROM '$WORK/$t.csv' CSV" >>"$WORK/copy.sql"
    done
    deadlines=$(psql -X -tA -d bench_csv_import -c "SELECT count(*) FROM deadline")
    fines_in=$(psql -X -tA -d bench_csv_import -c "SELECT count(*) FROM fine")
  fi
  fresh_db bench_csv_copy
  t0=$(now)
  psql -X -q -1 -v ON_ERROR_STOP=1 -d bench_csv_copy -f "$WORK/copy.sql"
  t1=$(now)
  copy_s=$(secs "$t0" "$t1")
  echo "$import_s $copy_s" >>"$WORK/rounds.txt"
done
t0=$(now)
TRACKER_DB="dbname=bench_csv_import" "$T" import --quiet --format csv "$WORK/fines.csv" \
  --map examples/privacy-fines.map.json
t1=$(now)
reimport_s=$(secs "$t0" "$t1")
fresh_db bench_csv_import
rss=$(TRACKER_DB="dbname=bench_csv_import" python3 - "$T" "$WORK/fines.csv" <<'PY'
import resource, subprocess, sys
r = subprocess.run([sys.argv[1], "import", "--quiet", "--format", "csv", sys.argv[2],
                    "--map", "examples/privacy-fines.map.json"], stdout=subprocess.DEVNULL)
if r.returncode:
    sys.exit("import failed: %d" % r.returncode)
print("%.1f" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0))
PY
)

python3 - "$FINES" "$MB" "$rows" "$fines_in" "$deadlines" "$reimport_s" "$rss" "$WORK/rounds.txt" <<'PY'
import statistics, sys
n, mb, rows, fines, dls = map(int, sys.argv[1:6])
re, rss = float(sys.argv[6]), float(sys.argv[7])
runs = [tuple(map(float, l.split())) for l in open(sys.argv[8]) if l.strip()]
print("\nimport of a sheet of %d fines (%d MiB of CSV): %d rows in 8 tables (%d fines), %d deadlines"
      % (n, mb, rows, fines, dls))
print("   round  tracker import --format csv  psql \\copy of the same rows  ratio")
for i, (imp, cp) in enumerate(runs, 1):
    print("   %5d  %24.2f s  %25.2f s  %5.2f x" % (i, imp, cp, cp / imp))
imp = statistics.median(r[0] for r in runs)
cp = statistics.median(r[1] for r in runs)
ratio = statistics.median(r[1] / r[0] for r in runs)
print("   median: import %.2f s (%.0f sheet rows/s), \\copy %.2f s (%.0f rows/s)" % (imp, n / imp, cp, rows / cp))
print("   ratio import/\\copy rate, same rows: %.2f x (goal >= 0.7)" % ratio)
print("   re-import of the same sheet (nothing changes): %.2f s" % re)
print("   peak RSS of the import: %.1f MiB" % rss)
PY
