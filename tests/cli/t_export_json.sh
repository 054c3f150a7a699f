# tracker export json: the interchange format, deterministic; export -> import into an empty
# database -> export gives the same bytes (Telegram, a generated fixture, CLI-made records).
source "$(dirname "$0")/lib.sh"
EX="$TRACKER_SRC/examples/telegram.json"
GEN="$TRACKER_SRC/scripts/gen-fixture"
DB2="${TEST_DB}_b"
psql -X -q -d postgres -c "CREATE DATABASE \"$DB2\"" >/dev/null
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$DB2\" WITH (FORCE)" >/dev/null 2>&1; cleanup' EXIT
migrate
TRACKER_DB="dbname=$DB2" "$TRACKER_BIN" db migrate >/dev/null

run import "$EX"
expect_rc 0
run export json --case telegram-fsb-keys-2017 --output "$TEST_TMP/t1.json"
expect_rc 0
expect_eq "" "$OUT" "nothing on stdout with --output"
expect_eq "" "$(ls "$TEST_TMP" | grep '\.tmp\.')" "no temporary file left"
# Same facts as the example (sources may be listed in another order).
python3 - "$EX" "$TEST_TMP/t1.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    for c in d["cases"]:
        for e in c["events"]:
            e["sources"] = sorted(e.get("sources", []))
            if "fine" in e:
                e["fine"]["equivalents"].sort(key=lambda q: q["currency"])
sys.exit(0 if a == b else 1)
PY
expect_eq 0 $? "export holds the same facts as examples/telegram.json"
run export json --case 1
expect_rc 0
expect_eq "$(cat "$TEST_TMP/t1.json")" "$OUT" "by id and by external id, stdout and file"
expect_out_lacks '"created_at"'
expect_out_lacks '"updated_at"'

# Round trip through an empty database.
TRACKER_DB="dbname=$DB2" "$TRACKER_BIN" import "$TEST_TMP/t1.json" >/dev/null
TRACKER_DB="dbname=$DB2" "$TRACKER_BIN" export json --case telegram-fsb-keys-2017 --output "$TEST_TMP/t2.json"
cmp -s "$TEST_TMP/t1.json" "$TEST_TMP/t2.json"
expect_eq 0 $? "Telegram round trip is byte-identical"
expect_eq "$(sql "SELECT string_agg(due_on::text || kind, ',' ORDER BY due_on) FROM deadline")" \
  "$(psql -X -q -tA -d "$DB2" -c "SELECT string_agg(due_on::text || kind, ',' ORDER BY due_on) FROM deadline")" \
  "deadlines recomputed the same in the second database"

# Generated fixture plus records made with the CLI (no external ids), --all.
python3 "$GEN" 40 --events 6 -o "$TEST_TMP/gen.json"
run import "$TEST_TMP/gen.json"
expect_rc 0
cid=$("$TRACKER_BIN" case add --title "Hand-made case" --jurisdiction US --party "defendant:Hand Co" --tag manual 2>/dev/null | grep -o '[0-9]\+' | head -1)
if [ -n "$cid" ]; then
  "$TRACKER_BIN" event add "$cid" --type ruling --date 2021-05-04 --title "A ruling" \
    --fine 1000 --currency USD --source https://example.org/hand >/dev/null 2>&1
fi
run export json --all --output "$TEST_TMP/a1.json"
expect_rc 0
psql -X -q -d "$DB2" -c "TRUNCATE legal_case, party, body, source, audit CASCADE" >/dev/null
TRACKER_DB="dbname=$DB2" "$TRACKER_BIN" import "$TEST_TMP/a1.json" >"$TEST_TMP/o" 2>&1
expect_eq 0 $? "import of --all export"
TRACKER_DB="dbname=$DB2" "$TRACKER_BIN" export json --all --output "$TEST_TMP/a2.json"
cmp -s "$TEST_TMP/a1.json" "$TEST_TMP/a2.json"
expect_eq 0 $? "--all round trip is byte-identical"
expect_eq 42 "$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['cases']))" "$TEST_TMP/a1.json")" "cases in --all"
grep -q '"Hand-made case"' "$TEST_TMP/a1.json"
expect_eq 0 $? "CLI-made case exported"

# Several --case, only the records they use.
run export json --case telegram-fsb-keys-2017 --case case:3
expect_rc 0
expect_out_has '"id": "case:3"'
expect_out_lacks '"id": "case:4"'

# The example, the exports and a generated fixture are valid against docs/interchange.schema.json;
# its JSON Lines records against $defs/line.
python3 "$GEN" 5 --events 4 --format jsonl -o "$TEST_TMP/gen.jsonl"
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null ||
  fail "python3-jsonschema is not installed (scripts/test installs it)"
/usr/bin/python3 - "$TRACKER_SRC/docs/interchange.schema.json" "$TRACKER_SRC/examples/telegram.json" \
  "$TEST_TMP/t1.json" "$TEST_TMP/a1.json" "$TEST_TMP/gen.json" "$TEST_TMP/gen.jsonl" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
V = jsonschema.Draft202012Validator
V.check_schema(schema)
for f in sys.argv[2:6]:
  V(schema).validate(json.load(open(f)))
line = {k: v for k, v in schema.items() if k not in ("properties", "required", "additionalProperties")}
line["$ref"] = "#/$defs/line"
for l in open(sys.argv[6]):
  V(line).validate(json.loads(l))
# and it rejects what the importer rejects
bad = json.load(open(sys.argv[2]))
bad["cases"][0]["events"][5]["fine"]["amount"] = 800000
assert not V(schema).is_valid(bad), "a JSON number for money must be invalid"
PY
expect_eq 0 $? "documents valid against docs/interchange.schema.json"

# Errors: nothing half-written, clear messages.
run export json
expect_rc 2
expect_err_has "give --case ID (repeatable) or --all"
run export json --all --case 1
expect_rc 2
run export json --case no-such-case
expect_rc 1
expect_err_has 'case "no-such-case" does not exist'
echo "keep" >"$TEST_TMP/keep.json"
run export json --case no-such-case --output "$TEST_TMP/keep.json"
expect_rc 1
expect_eq "keep" "$(cat "$TEST_TMP/keep.json")" "existing file untouched on error"
run export json --all --output "$TEST_TMP/no/such/dir/x.json"
expect_rc 1
expect_err_has "could not"
finish
