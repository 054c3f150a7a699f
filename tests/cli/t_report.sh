# tracker report: golden files for every report on the Telegram fixture and on a generated one,
# each JSON output valid against its JSON Schema, currency grouping, CSV/table, errors.
# UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
source "$(dirname "$0")/lib.sh"
GOLD="$TRACKER_SRC/tests/golden/reports"
GEN="$TRACKER_SRC/scripts/gen-fixture"
export TRACKER_TODAY=2017-10-20
migrate

# golden NAME ARGS...: run `tracker report ARGS`, compare stdout with $GOLD/NAME.
golden() {
  local name=$1; shift
  run report "$@"
  expect_rc 0
  if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
    mkdir -p "$(dirname "$GOLD/$name")"
    printf '%s\n' "$OUT" >"$GOLD/$name"
  fi
  if [ "$OUT" = "$(cat "$GOLD/$name" 2>/dev/null)" ]; then pass; else
    fail "$name differs from its golden file"
    diff <(printf '%s\n' "$OUT") "$GOLD/$name" | head -20
  fi
  case "$name" in *.json) validate "$1" ;; esac
}

# validate REPORT: the last JSON output is valid against reports/REPORT.schema.json.
validate() {
  printf '%s\n' "$OUT" >"$TEST_TMP/report.json"
  "$TRACKER_BIN" report "$1" --schema >"$TEST_TMP/schema.json"
  # Debian's python3-jsonschema (scripts/lib.sh installs it): a missing checker is a failure.
  /usr/bin/python3 - "$TEST_TMP/report.json" "$TEST_TMP/schema.json" <<'PY'
import json, sys, jsonschema
doc, schema = (json.load(open(p)) for p in sys.argv[1:3])
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
PY
  expect_eq 0 $? "$1 output valid against its JSON Schema"
}

run import "$TRACKER_SRC/examples/telegram.json"
expect_rc 0
golden telegram/timeline.json timeline --param case=telegram-fsb-keys-2017
golden telegram/fines.json fines
golden telegram/deadlines.json deadlines --param as_of=2017-10-20
golden telegram/case.json case --param case=telegram-fsb-keys-2017
golden telegram/fines.csv fines --section totals --format csv
golden telegram/deadlines.table deadlines --format table
expect_out_has " upcoming | 4"
expect_out_has " overdue  | 1"

# Money: decimal strings with their currency, never numbers.
run report fines --section largest
expect_out_has '"amount": "800000.00"'
expect_out_has '"currency": "RUB"'

# A larger generated fixture: several jurisdictions and currencies.
python3 "$GEN" 60 --events 10 --seed 7 -o "$TEST_TMP/gen.json"
run import "$TEST_TMP/gen.json"
expect_rc 0
golden gen/fines.json fines --param limit=3
golden gen/fines-ru.json fines --param jurisdiction=RU --param from=2016-01-01 --param to=2022-12-31
golden gen/deadlines.json deadlines --param as_of=2020-06-01 --param from=2015-01-01 --param to=2030-12-31
golden gen/timeline-tag.json timeline --param tag=batch-3 --param from=2018-01-01
golden gen/case.json case --param case=case:7

# Currency grouping: one row per currency, each total equal to the sum in that currency alone.
run report fines --section totals --format csv
want=$(sql "SELECT string_agg(currency || ',' || n || ',' || s, ' ' ORDER BY currency) FROM (SELECT currency, count(*) AS n, sum(amount) AS s FROM fine GROUP BY currency) x")
got=$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1-3 | tr '\n' ' ' | sed 's/ $//')
expect_eq "$want" "$got" "totals per currency"
expect_eq "$(sql "SELECT count(DISTINCT currency) FROM fine")" "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" "one row per currency"
jpy=$(sql "SELECT count(*) FROM fine WHERE currency = 'JPY'")
if [ "$jpy" -gt 0 ]; then
  printf '%s\n' "$OUT" | grep '^JPY,' | cut -d, -f3 | grep -q '^[0-9]*$'
  expect_eq 0 $? "JPY totals have no minor unit"
fi
# Converted totals only from recorded equivalents: USD = USD fines + fines with a USD equivalent.
run report fines --section in_currency --format csv
want=$(sql "SELECT sum(a) FROM (SELECT amount AS a FROM fine WHERE currency = 'USD' UNION ALL SELECT q.amount FROM fine_equivalent q WHERE q.currency = 'USD') s")
expect_eq "$want" "$(printf '%s\n' "$OUT" | grep '^USD,' | cut -d, -f5)" "USD total including recorded equivalents"

# Output options.
run report fines --param jurisdiction=RU -o "$TEST_TMP/f.json"
expect_rc 0
expect_eq "" "$OUT" "nothing on stdout with -o"
python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$TEST_TMP/f.json"
expect_eq 0 $? "-o writes valid JSON"
run report list
expect_rc 0
expect_out_has "fines"
expect_out_has "--param case=case (required)"
run report list --json
expect_rc 0
expect_out_has '"name": "deadlines"'
run report --help
expect_rc 0
expect_out_has "timeline"

# Errors.
run report nosuch
expect_rc 2
run report fines --param colour=red
expect_rc 2
expect_err_has 'report "fines" has no parameter "colour"'
expect_err_has "HINT: its parameters: jurisdiction, from, to, limit, case"
run report fines --param from=2017-02-30
expect_rc 2
expect_err_has 'invalid date "2017-02-30"'
run report fines --param limit=-1
expect_rc 2
run report fines --param nonsense
expect_rc 2
run report case
expect_rc 2
expect_err_has 'needs --param case=VALUE'
run report case --param case=nope
expect_rc 1
expect_err_has 'case "nope" does not exist'
run report fines --format xml
expect_rc 2
run report fines --section nope
expect_rc 2
finish
