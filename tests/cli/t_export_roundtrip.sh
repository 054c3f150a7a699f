# Export -> import into the same database (issue 13 item 7): records made with the CLI (no
# external id) are exported with derived ids "local:KIND:N:FINGERPRINT"; importing the export back
# adopts them (no duplicates, the next export is the same and imports again), importing it into
# another database stores them as new records there without touching that database's own rows,
# and ids users write (--external-id, or ids in a file) never collide with derived ones.
source "$(dirname "$0")/lib.sh"
DB_B="${TEST_DB}_b"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$DB_B\" WITH (FORCE)" >/dev/null 2>&1; cleanup' EXIT
migrate
run case add --title "Acme v. Regulator" --jurisdiction US --body "District Court" \
  --party defendant:Acme --tag antitrust
expect_rc 0
run source add https://example.org/ruling --title "The ruling" --publisher Wire
expect_rc 0
run event add 1 --type ruling --date 2026-01-05 --title "Ruling" --party Acme \
  --source https://example.org/ruling
expect_rc 0
run fine add 1 --amount 5000 --currency USD
expect_rc 0
counts() { sql "SELECT (SELECT count(*) FROM legal_case) || ' ' || (SELECT count(*) FROM event) || ' '
  || (SELECT count(*) FROM party) || ' ' || (SELECT count(*) FROM body) || ' '
  || (SELECT count(*) FROM source) || ' ' || (SELECT count(*) FROM fine) || ' '
  || (SELECT count(*) FROM deadline)"; }
before=$(counts)

run export json --all --output "$TEST_TMP/a.json"
expect_rc 0
grep -q '"id": "local:case:1:[0-9a-f]\{12\}"' "$TEST_TMP/a.json"
expect_eq 0 $? "a CLI case is exported with a derived id"

# Into the database it came from: nothing duplicated, the next export is the same bytes.
run import "$TEST_TMP/a.json"
expect_rc 0
expect_eq "$before" "$(counts)" "importing the export back duplicates nothing (cases events parties bodies sources fines deadlines)"
run export json --all --output "$TEST_TMP/b.json"
expect_rc 0
cmp -s "$TEST_TMP/a.json" "$TEST_TMP/b.json"
expect_eq 0 $? "the next export is byte-identical"
run import "$TEST_TMP/b.json"
expect_rc 0
expect_out_has "0 inserted, 0 updated"
expect_eq "$before" "$(counts)" "and importing it again changes nothing"
expect_eq "$(sql "SELECT external_id FROM legal_case WHERE id = 1")" \
  "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cases"][0]["id"])' "$TEST_TMP/a.json")" \
  "the derived id was adopted as the case's external id"

# An edit in the exported file updates the record in place.
sed 's/"title": "Ruling"/"title": "Ruling (corrected)"/' "$TEST_TMP/a.json" >"$TEST_TMP/edit.json"
run import "$TEST_TMP/edit.json"
expect_rc 0
expect_eq "Ruling (corrected)|1" "$(sql "SELECT title || '|' || count(*) OVER () FROM event")" "an edited export updates the event in place"

# Into another database that has its own CLI records with the same database ids: they are left
# alone, the imported ones are new, and every export of that database imports again.
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE \"$DB_B\"" >/dev/null
B() { "$TRACKER_BIN" --db "dbname=$DB_B" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"; RC=$?; OUT=$(cat "$TEST_TMP/out"); ERR=$(cat "$TEST_TMP/err"); }
B db migrate
B case add --title "B's own case" --jurisdiction US --body "District Court" --party defendant:Acme
expect_rc 0
B event add 1 --type ruling --date 2026-02-01 --title "B's ruling"
expect_rc 0
B import "$TEST_TMP/a.json"
expect_rc 0
expect_eq "B's own case|2" "$(psql -X -q -tA -d "$DB_B" -c "SELECT title || '|' || (SELECT count(*) FROM legal_case) FROM legal_case WHERE id = 1")" \
  "another database's case 1 is not overwritten by the export's local:case:1"
expect_eq "B's ruling" "$(psql -X -q -tA -d "$DB_B" -c "SELECT title FROM event WHERE id = 1")" "nor its event 1"
B export json --all --output "$TEST_TMP/c.json"
expect_rc 0
python3 - "$TEST_TMP/c.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for kind in ("parties", "bodies", "sources", "cases"):
    ids = [r["id"] for r in d[kind]]
    assert len(ids) == len(set(ids)), (kind, ids)
ev = [e["id"] for c in d["cases"] for e in c["events"]]
assert len(ev) == len(set(ev)) == 2, ev
PY
expect_eq 0 $? "the other database's export has no duplicate ids"
B import "$TEST_TMP/c.json"
expect_rc 0
expect_eq 2 "$(psql -X -q -tA -d "$DB_B" -c "SELECT count(*) FROM legal_case")" "and imports into it without duplicating"
# ... and back into the first one: B's records are new there, ours are untouched.
run import "$TEST_TMP/c.json"
expect_rc 0
expect_eq "Acme v. Regulator|2" "$(sql "SELECT title || '|' || (SELECT count(*) FROM legal_case) FROM legal_case WHERE id = 1")" \
  "our case 1 keeps its title, B's case is added"

# Ids users write: the "local:" namespace is refused on the command line...
run case add --title t --jurisdiction US --external-id "local:case:9:0123456789ab"
expect_rc 2
expect_err_has 'reserved for the ids tracker derives'
run party add Someone --external-id local:party:1
expect_rc 2
# ... and an id in a file that looks like an old derived id ("local:case:1", an export before
# fingerprints) is stored as it is, and never equals the id our case 1 is exported with.
cat >"$TEST_TMP/old.json" <<'J'
{"format": "tracker-interchange", "version": 1,
 "cases": [{"id": "local:case:1", "title": "From an old export", "jurisdiction": "US"}]}
J
run import "$TEST_TMP/old.json"
expect_rc 0
run case add --title "CLI after" --jurisdiction US
expect_rc 0
run export json --all --output "$TEST_TMP/d.json"
expect_rc 0
python3 - "$TEST_TMP/d.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ids = [c["id"] for c in d["cases"]]
assert len(ids) == len(set(ids)) == 4, ids
assert "local:case:1" in ids, ids
PY
expect_eq 0 $? "every case has its own id in the export"
run import "$TEST_TMP/d.json"
expect_rc 0
expect_eq 4 "$(sql "SELECT count(*) FROM legal_case")" "which imports back without duplicating"

# A JSON Lines event naming a CLI case (not in the stream) by its derived id joins that case.
run case add --title "Another CLI case" --jurisdiction US
expect_rc 0
NEW=$OUT
run export json --case "$NEW" --output "$TEST_TMP/second.json"
expect_rc 0
SECOND=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cases"][0]["id"])' "$TEST_TMP/second.json")
case "$SECOND" in "local:case:$NEW:"*) pass ;; *) fail "second case exported as [$SECOND]" ;; esac
printf '{"record": "event", "case": "%s", "id": "e:jsonl", "type": "statement", "date": "2026-03-01", "title": "From JSON Lines"}\n' \
  "$SECOND" >"$TEST_TMP/ev.jsonl"
run import "$TEST_TMP/ev.jsonl"
expect_rc 0
expect_eq "$NEW|5" "$(sql "SELECT e.case_id || '|' || (SELECT count(*) FROM legal_case) FROM event e WHERE external_id = 'e:jsonl'")" \
  "a JSON Lines event naming a CLI case by its derived id joins that case"

finish
