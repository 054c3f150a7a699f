# tracker import --format csv|tsv --map: the shipped mappings (a privacy-fines table, a generic
# one-row-per-event sheet), idempotency, edits, dry run, and every bad input of issue 16 (exit 2,
# the row, column and value named, nothing written).
source "$(dirname "$0")/lib.sh"
EX="$TRACKER_SRC/examples"
FINES="$EX/privacy-fines.csv"
FMAP="$EX/privacy-fines.map.json"
EVENTS="$EX/events.csv"
EMAP="$EX/events.map.json"
migrate

# ---- the privacy-fines table ----
run import --format csv "$FINES" --map "$FMAP"
expect_rc 0
expect_out_has "imported $FINES: 51 inserted, 0 updated, 0 unchanged"
expect_eq 7 "$(count legal_case)" "cases (one per row)"
expect_eq 7 "$(count event)" "events (the 0 row keeps its event)"
expect_eq 6 "$(count fine)" "fines (an amount of 0 means no fine: fine.zero = no_fine)"
expect_eq 5 "$(count party)" "parties (Google and Vueling are staged once)"
expect_eq 5 "$(count body)" "authorities"
expect_eq "" "$(sql "SELECT f.id FROM fine f JOIN event e ON e.id = f.event_id WHERE e.external_id = 'gdpr-et:ETid-105:decision'")" "no fine for the 0 row"
# the BOM does not stick to the first column's name; thousands separators; the constant currency
expect_eq "27800000.00|EUR" "$(sql "SELECT f.amount, f.currency FROM fine f JOIN event e ON e.id = f.event_id WHERE e.external_id = 'gdpr-et:ETid-102:decision'")" "amount with thousands separators"
# the country's value map: the UK to GB, EU members to EU
expect_eq "GB" "$(sql "SELECT jurisdiction FROM legal_case WHERE external_id = 'gdpr-et:ETid-104'")" "value map GB"
expect_eq "EU" "$(sql "SELECT jurisdiction FROM legal_case WHERE external_id = 'gdpr-et:ETid-102'")" "value map EU"
# a date in the declared format %m/%d/%Y
expect_eq "2020-10-16" "$(sql "SELECT date FROM event WHERE external_id = 'gdpr-et:ETid-104:decision'")" "date format"
# HTML decoded (entities, tags, <br> as a line break), an embedded line break kept as LF, a tab kept
expect_eq "The airline's website set cookies before consent was given.
The AEPD fined it €30,000, reduced to €20,000 for prompt payment." "$(sql "SELECT summary FROM legal_case WHERE external_id = 'gdpr-et:ETid-101'")" "html cleaned"
expect_eq "Aggressive telemarketing: millions of calls to people who had not consented or had objected.
The Garante also ordered 20 corrective measures." "$(sql "SELECT summary FROM legal_case WHERE external_id = 'gdpr-et:ETid-102'")" "embedded line break"
expect_eq 1 "$(sql "SELECT count(*) FROM legal_case WHERE summary LIKE E'Fine:\t%\tAttackers%'")" "embedded tabs"
# articles -> tags (split, slugged), constants and prefixed tags
expect_eq "{gdpr,art-5-gdpr,art-6-gdpr,art-17-gdpr,art-21-gdpr,art-32-gdpr,country:italy,sector:media-telecoms}" "$(sql "SELECT tags FROM legal_case WHERE external_id = 'gdpr-et:ETid-102'")" "tags"
# parties with roles, the authority as the fine's authority and the event's body
expect_eq "Google LLC|defendant|2" "$(sql "SELECT p.name, cp.role, count(*) FROM case_party cp JOIN party p ON p.id = cp.party_id WHERE p.name = 'Google LLC' GROUP BY 1, 2")" "party role"
expect_eq "French Data Protection Authority (CNIL)|regulator|EU" "$(sql "SELECT DISTINCT b.name, b.kind, b.jurisdiction FROM fine f JOIN body b ON b.id = f.authority_id WHERE f.amount = 50000000")" "fine authority"
expect_eq "https://ico.org.uk/action-weve-taken/enforcement/british-airways/|Information Commissioner (ICO): decision on British Airways (ETid-104)" "$(sql "SELECT s.url, s.title FROM source s JOIN event_source es ON es.source_id = s.id JOIN event e ON e.id = es.event_id WHERE e.external_id = 'gdpr-et:ETid-104:decision'")" "source"

# tracker report fines by authority matches the sheet's own sums (computed here from the CSV)
want=$(/usr/bin/python3 - "$FINES" <<'PY'
import csv, sys
from decimal import Decimal
sums = {}
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    for r in csv.DictReader(f):
        a = Decimal(r["Fine [€]"].replace(",", ""))
        if a:
            n, s = sums.get(r["Authority"], (0, Decimal(0)))
            sums[r["Authority"]] = (n + 1, s + a)
for k in sorted(sums):
    print("%s,EUR,%d,%.2f" % (k, sums[k][0], sums[k][1]))
PY
)
got=$(tracker report fines --section by_authority --format csv | tail -n +2 | cut -d, -f1-4 | LC_ALL=C sort)
expect_eq "$(printf '%s\n' "$want" | LC_ALL=C sort)" "$got" "report fines by authority = the sheet's sums"

# ---- re-import changes nothing ----
audit1=$(sql "SELECT count(*) FROM audit")
snap1=$(snapshot)
run import --format csv "$FINES" --map "$FMAP"
expect_rc 0
expect_out_has "0 inserted, 0 updated, 51 unchanged"
expect_eq "$audit1" "$(sql "SELECT count(*) FROM audit")" "audit rows after re-import"
expect_eq "$snap1" "$(snapshot)" "row counts after re-import"

# ---- dry run of an edited row: says what would change, writes nothing ----
/usr/bin/python3 - "$FINES" "$TEST_TMP/edited.csv" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8-sig", newline="").read()
s = s.replace('"14,500,000",Deutsche Wohnen SE', '"14,550,000",Deutsche Wohnen SE')
s = s.replace("An archive system kept", "An archive system (edited) kept")
open(sys.argv[2], "w", encoding="utf-8", newline="").write(s)
PY
run import --format csv "$TEST_TMP/edited.csv" --map "$FMAP" --dry-run
expect_rc 0
expect_out_has "would import $TEST_TMP/edited.csv: 0 inserted, 2 updated, 49 unchanged"
expect_out_has "cases             0 inserted, 1 updated, 6 unchanged"
expect_out_has "fines             0 inserted, 1 updated, 5 unchanged"
expect_out_has "dry run: nothing was written"
expect_eq "$audit1" "$(sql "SELECT count(*) FROM audit")" "audit rows after dry run"
expect_eq "14500000.00" "$(sql "SELECT f.amount FROM fine f JOIN event e ON e.id = f.event_id WHERE e.external_id = 'gdpr-et:ETid-103:decision'")" "dry run left the amount"

# ---- an edited row updates its records ----
run import --format csv "$TEST_TMP/edited.csv" --map "$FMAP"
expect_rc 0
expect_out_has "imported $TEST_TMP/edited.csv: 0 inserted, 2 updated, 49 unchanged"
expect_eq "14550000.00" "$(sql "SELECT f.amount FROM fine f JOIN event e ON e.id = f.event_id WHERE e.external_id = 'gdpr-et:ETid-103:decision'")" "edited amount"
expect_eq 1 "$(sql "SELECT count(*) FROM legal_case WHERE summary LIKE 'An archive system (edited)%'")" "edited summary"
expect_eq 2 "$(sql "SELECT version FROM legal_case WHERE external_id = 'gdpr-et:ETid-103'")" "case version bumped"

# ---- the generic one-row-per-event sheet ----
run import "$EVENTS" --map "$EMAP"
expect_rc 0
expect_out_has "imported $EVENTS: 24 inserted, 0 updated, 0 unchanged"
expect_eq 3 "$(sql "SELECT count(*) FROM event e JOIN legal_case c ON c.id = e.case_id WHERE c.external_id = 'ru-linkedin-2016'")" "events of a case from three rows"
expect_eq "LinkedIn Corporation/appellant,LinkedIn Corporation/defendant" "$(sql "SELECT string_agg(p.name || '/' || cp.role, ',' ORDER BY cp.role) FROM case_party cp JOIN party p ON p.id = cp.party_id JOIN legal_case c ON c.id = cp.case_id WHERE c.external_id = 'ru-linkedin-2016'")" "case parties: the union of the rows"
expect_eq "Moscow City Court|upheld" "$(sql "SELECT b.name, e.outcome FROM event e JOIN body b ON b.id = e.body_id WHERE e.external_id = 'ru-linkedin-2016:appeal'")" "event body per row"
expect_eq "1500000.50|USD" "$(sql "SELECT f.amount, f.currency FROM fine f JOIN event e ON e.id = f.event_id WHERE e.external_id = 'us-ftc-acme-2021:settlement'")" "fine with the currency column"
expect_eq "{ftc,data-broker}" "$(sql "SELECT tags FROM legal_case WHERE external_id = 'us-ftc-acme-2021'")" "split tags"
# the ruling reaches the deadline engine (the RU appeal rule, from 2016-08-04)
expect_eq "2016-08-14" "$(sql "SELECT d.due_on FROM deadline d JOIN event e ON e.id = d.trigger_event_id WHERE e.external_id = 'ru-linkedin-2016:ruling' AND d.kind = 'appeal'")" "engine deadline"
run import "$EVENTS" --map "$EMAP"
expect_rc 0
expect_out_has "0 inserted, 0 updated, 24 unchanged"

# the same sheet as TSV (written by Python's csv module) is the same records
/usr/bin/python3 - "$EVENTS" "$TEST_TMP/events.tsv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""), delimiter="\t").writerows(rows)
PY
run import --format tsv "$TEST_TMP/events.tsv" --map "$EMAP"
expect_rc 0
expect_out_has "0 inserted, 0 updated, 24 unchanged"

# from stdin (a mapping without --format means CSV)
"$TRACKER_BIN" import - --map "$EMAP" <"$EVENTS" >"$TEST_TMP/stdin.out" 2>&1
expect_eq 0 $? "stdin import exit"
expect_eq "imported stdin: 0 inserted, 0 updated, 24 unchanged" "$(head -1 "$TEST_TMP/stdin.out")" "stdin import"

# a decimal comma with '.' for thousands, and a day-month-year date
cat >"$TEST_TMP/eu.csv" <<'EOF'
Az.;Titel;Datum;Betrag;Behörde
EU-1;Bußgeld gegen Beispiel GmbH;24.12.2020;"1.234.567,89";Landesbeauftragte
EU-2;Bußgeld gegen Muster AG;03.01.2021;"950,5";Landesbeauftragte
EOF
cat >"$TEST_TMP/eu.map.json" <<'EOF'
{"format": "tracker-csv-map", "version": 1, "delimiter": ";", "id_prefix": "de:",
 "case": {"id": {"column": "Az."}, "title": {"column": "Titel"}, "jurisdiction": {"const": "EU"}},
 "authority": {"name": {"column": "Behörde"}},
 "event": {"type": {"const": "fine"}, "date": {"column": "Datum", "format": "%d.%m.%Y"}, "title": {"column": "Titel"}},
 "fine": {"amount": {"column": "Betrag", "thousands": ".", "decimal": ","}, "currency": {"const": "EUR"}}}
EOF
run import --format csv "$TEST_TMP/eu.csv" --map "$TEST_TMP/eu.map.json"
expect_rc 0
expect_eq "1234567.89|2020-12-24" "$(sql "SELECT f.amount, e.date FROM fine f JOIN event e ON e.id = f.event_id WHERE e.external_id = 'de:EU-1:event'")" "decimal comma, %d.%m.%Y"
expect_eq "950.50" "$(sql "SELECT f.amount FROM fine f JOIN event e ON e.id = f.event_id WHERE e.external_id = 'de:EU-2:event'")" "decimal comma without thousands"

# ---- bad input: exit 2, the place named, nothing written ----
snap=$(snapshot)
audit=$(sql "SELECT count(*) FROM audit")
nothing_written() {
  expect_eq "$snap" "$(snapshot)" "nothing written ($1)"
  expect_eq "$audit" "$(sql "SELECT count(*) FROM audit")" "no audit rows ($1)"
}
# bad_map NAME PYTHON-EXPR: a copy of the privacy-fines mapping edited by the expression (m)
bad_map() {
  /usr/bin/python3 - "$FMAP" "$TEST_TMP/$1.map.json" "$2" <<'PY'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
exec(sys.argv[3])
json.dump(m, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
}
# bad_csv NAME PYTHON: a copy of the privacy-fines sheet edited by the code (s: its text)
bad_csv() {
  /usr/bin/python3 - "$FINES" "$TEST_TMP/$1.csv" "$2" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8-sig", newline="").read()
exec(sys.argv[3])
open(sys.argv[2], "wb").write(s.encode("utf-8", "surrogateescape") if isinstance(s, str) else s)
PY
}

# a mapping naming a column the file lacks
bad_map missing 'm["fine"]["amount"]["column"] = "Fine [USD]"'
run import --format csv "$FINES" --map "$TEST_TMP/missing.map.json"
expect_rc 2
expect_err_has 'missing.map.json: $.fine.amount names column "Fine [USD]", which '
expect_err_has "lacks (its header has: ETid, Country, Authority, Date of Decision, Fine [€],"
nothing_written "missing column"

# an unknown date format, and a date that does not match the declared one
bad_map datefmt 'm["event"]["date"]["format"] = "%d/%q/%Y"'
run import --format csv "$FINES" --map "$TEST_TMP/datefmt.map.json"
expect_rc 2
expect_err_has '$.event.date: unknown date format "%d/%q/%Y": unknown directive'
nothing_written "unknown date format"
bad_csv baddate 's = s.replace("10/16/2020", "2020-10-16")'
run import --format csv "$TEST_TMP/baddate.csv" --map "$FMAP"
expect_rc 2
expect_err_has 'baddate.csv: row 5, column Date of Decision: "2020-10-16" is not a date in the declared format %m/%d/%Y'
nothing_written "date not in format"
bad_csv feb30 's = s.replace("03/02/2021", "02/30/2021")'
run import --format csv "$TEST_TMP/feb30.csv" --map "$FMAP"
expect_rc 2
expect_err_has 'row 6, column Date of Decision: "02/30/2021" is not a date'

# an amount that does not parse in the declared format (groups of three, one decimal point)
bad_csv amount 's = s.replace("\"27,800,000\"", "\"27,80,000\"").replace("\"14,500,000\"", "\"14.500.000\"")'
run import --format csv "$TEST_TMP/amount.csv" --map "$FMAP"
expect_rc 2
expect_err_has 'amount.csv: row 3, column Fine [€]: "27,80,000" is not an amount in the declared format (decimal ".", thousands ",")'
expect_err_has 'amount.csv: row 4, column Fine [€]: "14.500.000" is not an amount in the declared format'
expect_err_has "DETAIL: 2 errors in $TEST_TMP/amount.csv; nothing was imported"
nothing_written "bad amount"
bad_csv cents 's = s.replace("\"20,000\"", "\"20,000.125\"")'
run import --format csv "$TEST_TMP/cents.csv" --map "$FMAP"
expect_rc 2
expect_err_has 'row 2, column Fine [€]: invalid amount "20,000.125" for EUR'

# a currency that is not ISO 4217 (a column, and a constant)
/usr/bin/python3 - "$EVENTS" "$TEST_TMP/cur.csv" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read().replace("1500000.50,USD", "1500000.50,US$")
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
run import --format csv "$TEST_TMP/cur.csv" --map "$EMAP"
expect_rc 2
expect_err_has 'cur.csv: row 5, column fine_currency: unknown currency "US$" (expected an ISO 4217 code'
nothing_written "bad currency column"
bad_map curconst 'm["fine"]["currency"]["const"] = "EURO"'
run import --format csv "$FINES" --map "$TEST_TMP/curconst.map.json"
expect_rc 2
expect_err_has 'row 2, mapping fine.currency: unknown currency "EURO"'
nothing_written "bad currency constant"

# a duplicate external id inside the file
bad_csv dup 'lines = s.rstrip("\r\n").split("\r\n"); lines.append(lines[-1].replace("Lack of", "Also lack of")); s = "\r\n".join(lines) + "\r\n"'
run import --format csv "$TEST_TMP/dup.csv" --map "$FMAP"
expect_rc 2
expect_err_has 'dup.csv: row 9, column ETid: duplicate external id "gdpr-et:ETid-107:decision" (first in row 8)'
nothing_written "duplicate id"

# a file that is not valid UTF-8: the row and column are named
bad_csv utf8 's = s.encode("utf-8").replace(b"Deutsche Wohnen SE,Real", b"Deutsche Wohnen SE\xff,Real")'
run import --format csv "$TEST_TMP/utf8.csv" --map "$FMAP"
expect_rc 2
expect_err_has 'utf8.csv: row 4, column Controller/Processor: not valid UTF-8 text'
nothing_written "invalid UTF-8"

# a value that the value map does not know; a code the database does not know
bad_csv narnia 's = s.replace("ETid-103,Germany", "ETid-103,Narnia")'
run import --format csv "$TEST_TMP/narnia.csv" --map "$FMAP"
expect_rc 2
expect_err_has 'narnia.csv: row 4, column Country: "Narnia" is not in the mapping'"'"'s value map for case.jurisdiction'
/usr/bin/python3 - "$EVENTS" "$TEST_TMP/jur.csv" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read().replace("FTC v. Acme Analytics,US,", "FTC v. Acme Analytics,XX,")
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
run import --format csv "$TEST_TMP/jur.csv" --map "$EMAP"
expect_rc 2
expect_err_has 'jur.csv: row 5, column jurisdiction: unknown jurisdiction "XX" (known: EU, GB, RU, US'
expect_err_has 'jur.csv: row 6, column jurisdiction: unknown jurisdiction "XX"'
nothing_written "unknown jurisdiction"

# required values, vocabularies, rows of a case that disagree, quoting, field counts
/usr/bin/python3 - "$EVENTS" "$TEST_TMP/many.csv" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().replace(",order,2021-03-15,", ",lawsuit,2021-03-15,").split("\n")
lines[2] = lines[2].replace("Roskomnadzor v. LinkedIn (data localisation)", "Roskomnadzor v. LinkedIn")
lines[3] = lines[3].replace(",appeal_decided,2016-11-10,Moscow City Court upholds the ruling,", ",appeal_decided,2016-11-10,,")
lines.insert(4, "only,three,fields")
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(lines))
PY
run import --format csv "$TEST_TMP/many.csv" --map "$EMAP"
expect_rc 2
expect_err_has 'many.csv: row 6, column event_type: unknown event type "lawsuit" (expected one of: request, complaint,'
expect_err_has 'many.csv: row 3, column case_id: case "ru-linkedin-2016" has other case values'
expect_err_has 'than in row 2'
expect_err_has 'many.csv: row 4, column event_title: empty value for the event title (required)'
expect_err_has 'many.csv: row 5: 3 fields, but the header has 25 columns'
expect_err_has "DETAIL: 4 errors in $TEST_TMP/many.csv; nothing was imported"
nothing_written "several errors"
run import --format csv "$TEST_TMP/many.csv" --map "$EMAP" --max-errors 2
expect_rc 2
expect_err_has "... and more errors (listing stops after 2)"
bad_map small 'm.clear(); m.update({"format": "tracker-csv-map", "version": 1, "case": {"id": {"column": "case_id"}, "title": {"column": "case_title"}, "jurisdiction": {"const": "EU"}}, "event": {"type": {"const": "fine"}, "date": {"const": "2020-01-01"}, "title": {"column": "case_title"}}})'
printf 'case_id,case_title\nx,"a "quoted" word"\n' >"$TEST_TMP/quote.csv"
run import --format csv "$TEST_TMP/quote.csv" --map "$TEST_TMP/small.map.json"
expect_rc 2
expect_err_has 'quote.csv: row 2: error parsing data while strict checking enabled'
printf 'case_id,case_title\nx,"never closed\n' >"$TEST_TMP/open.csv"
run import --format csv "$TEST_TMP/open.csv" --map "$TEST_TMP/small.map.json"
expect_rc 2
expect_err_has 'open.csv: row 2: a quoted field is not closed at the end of the file'
nothing_written "quoting"

# the mapping itself: unknown keys, a missing section, a bad cleaning, not JSON
bad_map keys 'm["case"]["titel"] = m["case"].pop("title"); del m["event"]; m["columns"]["Summary"]["clean"] = ["strip"]'
run import --format csv "$FINES" --map "$TEST_TMP/keys.map.json"
expect_rc 2
expect_err_has 'keys.map.json: $.case: unknown key "titel"'
expect_err_has 'keys.map.json: $.event: missing required section'
expect_err_has 'keys.map.json: $.columns.Summary[0]: unknown cleaning "strip"'
echo '{"format": ' >"$TEST_TMP/broken.map.json"
run import --format csv "$FINES" --map "$TEST_TMP/broken.map.json"
expect_rc 2
expect_err_has "broken.map.json: invalid JSON"
run import --format csv "$FINES"
expect_rc 2
expect_err_has "--format csv needs --map MAP.json"
run import "$EX/telegram.json" --map "$FMAP"
expect_rc 2
expect_err_has "--map is for --format csv or tsv"
nothing_written "mapping errors"

# --help documents the format and the mapping option
run import --help
expect_out_has "--map MAP.json"
expect_out_has "json|jsonl|csv|tsv"

# the shipped mappings are valid against the published JSON Schema
/usr/bin/python3 - "$TRACKER_SRC/docs/csv-map.schema.json" "$FMAP" "$EMAP" "$TEST_TMP/eu.map.json" <<'PY' >"$TEST_TMP/schema.out" 2>&1
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
for p in sys.argv[2:]:
    jsonschema.validate(json.load(open(p, encoding="utf-8")), schema, cls=jsonschema.Draft202012Validator)
bad = json.load(open(sys.argv[2], encoding="utf-8"))
bad["case"]["titel"] = bad["case"].pop("title")
try:
    jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)
    print("schema accepted a bad mapping")
    sys.exit(1)
except jsonschema.ValidationError:
    pass
print("ok")
PY
expect_eq "ok" "$(tail -1 "$TEST_TMP/schema.out")" "mappings valid against docs/csv-map.schema.json"

# ---- --format csv on the list commands, read back by the generic mapping ----
run event list --format csv
expect_rc 0
expect_eq "$(head -1 "$EVENTS")" "$(printf '%s\n' "$OUT" | head -1)" "event list --format csv: the header of examples/events.csv"
expect_out_has 'gdpr-et:ETid-102,TIM (telecommunications operator): Insufficient legal basis for data processing,EU,closed,,Italian Data Protection Authority (Garante),regulator,gdpr;art-5-gdpr;art-6-gdpr;art-17-gdpr;art-21-gdpr;art-32-gdpr;country:italy;sector:media-telecoms,"Aggressive telemarketing: millions of calls to people who had not consented or had objected.
The Garante also ordered 20 corrective measures.",Italian Data Protection Authority (Garante),regulator,TIM (telecommunications operator),organisation,defendant,gdpr-et:ETid-102:decision,fine,2020-01-15,'
expect_out_has ",1500000.50,USD,"
expect_out_has '"Civil penalty of $1,500,000.50; the company must delete'
printf '%s\n' "$OUT" >"$TEST_TMP/export1.csv"
# export -> import into an empty database with the shipped mapping -> export: the same bytes
RT_DB="${TEST_DB}_rt"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$RT_DB\" WITH (FORCE)" >/dev/null 2>&1; cleanup' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE \"$RT_DB\"" >/dev/null
TRACKER_DB="dbname=$RT_DB" "$TRACKER_BIN" db migrate >/dev/null
TRACKER_DB="dbname=$RT_DB" "$TRACKER_BIN" import --quiet "$TEST_TMP/export1.csv" --map "$EMAP" 2>"$TEST_TMP/rt.err"
expect_eq 0 $? "round trip: import of the export ($(head -3 "$TEST_TMP/rt.err"))"
TRACKER_DB="dbname=$RT_DB" "$TRACKER_BIN" event list --format csv >"$TEST_TMP/export2.csv"
if cmp -s "$TEST_TMP/export1.csv" "$TEST_TMP/export2.csv"; then pass; else fail "round trip: the second export differs: $(diff "$TEST_TMP/export1.csv" "$TEST_TMP/export2.csv" | head -5)"; fi
expect_eq "$(sql "SELECT count(*) FROM event")" "$(psql -X -tA -d "$RT_DB" -c "SELECT count(*) FROM event")" "round trip: events"
expect_eq "$(sql "SELECT sum(amount) FROM fine")" "$(psql -X -tA -d "$RT_DB" -c "SELECT sum(amount) FROM fine")" "round trip: fine total"
# importing the export into the database it came from changes nothing (the case's own body, the
# party's roles in the case, the ids of parties, bodies and sources are the same)
audit2=$(sql "SELECT count(*) FROM audit")
run import "$TEST_TMP/export1.csv" --map "$EMAP"
expect_rc 0
expect_out_has "imported $TEST_TMP/export1.csv: 0 inserted, 0 updated,"
expect_eq "$audit2" "$(sql "SELECT count(*) FROM audit")" "re-import of the export: no audit rows"
run fine list --format csv --currency USD
expect_rc 0
expect_out_has "us-ftc-acme-2021:settlement,order,2021-03-15,"
expect_out_lacks ",EUR,"
expect_out_lacks ":claim,"
# the export of the round-trip database, imported there again, changes nothing
TRACKER_DB="dbname=$RT_DB" "$TRACKER_BIN" import "$TEST_TMP/export2.csv" --map "$EMAP" >"$TEST_TMP/rt2.out" 2>&1
expect_eq "0 inserted, 0 updated" "$(head -1 "$TEST_TMP/rt2.out" | grep -o '0 inserted, 0 updated')" "round trip: re-import of the export"

run case list --format csv --jurisdiction GB
expect_rc 0
expect_eq "case_id,case_title,jurisdiction,status,docket,case_body,case_body_kind,tags
gdpr-et:ETid-104,British Airways: Insufficient technical and organisational measures to ensure information security,GB,closed,,Information Commissioner (ICO),regulator,gdpr;art-5-1-f-gdpr;art-32-gdpr;country:united-kingdom;sector:transportation-and-energy" "$OUT" "case list --format csv"
run deadline list --format csv --case ru-linkedin-2016
expect_rc 0
expect_out_has "id,case_id,case_title,trigger_event_id,kind,title,due_on,"
expect_out_has ",appeal,Appeal deadline,2016-08-14,"
run event list --format xml
expect_rc 2
expect_err_has 'invalid value for --format: "xml" (expected table, json or csv)'
run fine list --json --format csv
expect_rc 2
expect_err_has "--json and --format csv do not go together"

finish
