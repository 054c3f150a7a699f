# Import memory (issue 13 item 8): a JSON document is never parsed as a whole; the pre-scan counts
# the values of each record and refuses oversized ones unparsed, a non-object document is refused
# before parsing, and peak memory stays near the input's size (docs/interchange.md, "Limits").
# Before: 20 MB of [0,0,...] took 812 MB of RSS, 300,000 parties in 20 MB about 180 MB.
source "$(dirname "$0")/lib.sh"
migrate
# The build without sanitizers measures best; the ASan build works too (its allocator keeps no
# quarantine here, so freed trees are given back).
BIN=${TRACKER_PLAIN_BIN:-$TRACKER_BIN}
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:detect_leaks=0"
MB=$((1024 * 1024))

# peak FILE [ARGS]: import FILE, leaving stderr in $ERR, the exit code in $RC, peak RSS (KiB) in
# $PEAK and the seconds taken in $SECS.
peak() {
  local f=$1; shift
  read -r RC PEAK SECS < <(/usr/bin/python3 - "$BIN" import "$f" "$@" 2>"$TEST_TMP/err" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "%.1f" % (time.monotonic() - t))
PY
)
  ERR=$(cat "$TEST_TMP/err")
  OUT=""
}
# within WHAT FILE EXTRA_MB: the last peak is at most the file's size plus EXTRA_MB.
within() {
  local size bound
  size=$(stat -c %s "$2")
  bound=$(( (size + $3 * MB) / 1024 ))
  if [ "$PEAK" -le "$bound" ]; then pass; else fail "$1: peak RSS ${PEAK} KiB above ${bound} KiB (input $((size / 1024)) KiB)"; fi
  echo "  $1: input $((size / 1024)) KiB, peak RSS $PEAK KiB, $SECS s"
}

/usr/bin/python3 - "$TEST_TMP" <<'PY'
import sys
d = sys.argv[1]
open(d + "/zeros.json", "w").write("[" + ",".join(["0"] * 10_000_000) + "]")
open(d + "/bigcase.json", "w").write(
    '{"format": "tracker-interchange", "version": 1, "cases": [{"id": "x", "title": "t",'
    ' "jurisdiction": "US", "tags": [' + ",".join(["0"] * 3_000_000) + "]}]}")
open(d + "/nonrecords.json", "w").write(
    '{"format": "tracker-interchange", "version": 1, "cases": [' + ",".join(["0"] * 3_000_000) + "]}")
with open(d + "/parties.json", "w") as f:
    f.write('{"format": "tracker-interchange", "version": 1, "parties": [')
    f.write(",".join('{"id": "p:%d", "name": "Party %d", "kind": "organisation"}' % (i, i)
                     for i in range(300_000)))
    f.write("]}")
PY

before=$(snapshot)
peak "$TEST_TMP/zeros.json"
expect_eq 1 "$RC" "20 MB of [0,0,...]: refused"
expect_err_has '$: expected an object, got an array'
within "[0,0,...]" "$TEST_TMP/zeros.json" 48

peak "$TEST_TMP/bigcase.json"
expect_eq 1 "$RC" "a case of 3,000,000 values: refused"
expect_err_has '$.cases[0]: record too large (3000005 values, at most 1000000 in one record)'
expect_err_has 'HINT: use JSON Lines'
within "one oversized record" "$TEST_TMP/bigcase.json" 48

peak "$TEST_TMP/nonrecords.json"
expect_eq 1 "$RC" "3,000,000 non-records: refused"
expect_err_has '$.cases[0]: expected an object, got a number'
expect_err_has '... and more errors (listing stops after 50)'
within "3,000,000 bad records" "$TEST_TMP/nonrecords.json" 48
expect_eq "$before" "$(snapshot)" "nothing written by the refused imports"

peak "$TEST_TMP/parties.json"
expect_eq 0 "$RC" "300,000 parties in one document: imported"
within "300,000 parties" "$TEST_TMP/parties.json" 48
expect_eq 300000 "$(count party)" "every party imported"
finish
