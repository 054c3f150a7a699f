# tracker import: the Telegram example, idempotency, edits, stdin, JSON Lines, dry run.
source "$(dirname "$0")/lib.sh"
EX="$TRACKER_SRC/examples/telegram.json"
migrate

run import "$EX"
expect_rc 0
expect_out_has "imported $EX: 36 inserted, 0 updated, 0 unchanged"
expect_eq 1 "$(count legal_case)" "cases"
expect_eq 8 "$(count event)" "events"
expect_eq 1 "$(count fine)" "fines"
expect_eq 2 "$(count fine_equivalent)" "equivalents"
expect_eq 5 "$(count party)" "parties"
expect_eq 11 "$(count event_source)" "event sources"
expect_eq "800000.00|RUB|f" "$(sql "SELECT amount, currency, paid FROM fine")" "fine"
expect_eq "2017-07-01|month" "$(sql "SELECT date, date_precision FROM event WHERE external_id = 'telegram-2017:fsb-request'")" "month precision"
expect_eq "{encryption,messaging,telegram,fsb,surveillance}" "$(sql "SELECT tags FROM legal_case")" "tags"
# the explicit deadlines reach the engine: appeal 2017-10-26 (10 сутки, no roll), FSB 2017-09-14
expect_eq "2017-10-26" "$(sql "SELECT due_on FROM deadline WHERE external_id = 'telegram-2017:ruling:appeal'")" "appeal deadline"
expect_eq "2017-09-14" "$(sql "SELECT due_on FROM deadline WHERE external_id = 'telegram-2017:fsb-request:response'")" "response deadline"

# Idempotent: a second import changes nothing (no audit rows, no updated_at, no version bump).
audit1=$(sql "SELECT count(*) FROM audit")
upd1=$(sql "SELECT max(updated_at) FROM (SELECT updated_at FROM event UNION ALL SELECT updated_at FROM legal_case UNION ALL SELECT updated_at FROM fine UNION ALL SELECT updated_at FROM deadline UNION ALL SELECT updated_at FROM party) s")
snap1=$(snapshot)
run import "$EX"
expect_rc 0
expect_out_has "0 inserted, 0 updated, 36 unchanged"
expect_eq "$audit1" "$(sql "SELECT count(*) FROM audit")" "audit rows after re-import"
expect_eq "$snap1" "$(snapshot)" "row counts after re-import"
expect_eq "$upd1" "$(sql "SELECT max(updated_at) FROM (SELECT updated_at FROM event UNION ALL SELECT updated_at FROM legal_case UNION ALL SELECT updated_at FROM fine UNION ALL SELECT updated_at FROM deadline UNION ALL SELECT updated_at FROM party) s")" "updated_at after re-import"
expect_eq 1 "$(sql "SELECT version FROM legal_case")" "case version after re-import"

# From stdin, same result.
"$TRACKER_BIN" import - <"$EX" >"$TEST_TMP/o" 2>&1
expect_eq 0 $? "stdin import exit"
expect_eq "$audit1" "$(sql "SELECT count(*) FROM audit")" "audit rows after stdin import"

# An edited file updates what it names: the fine is paid, a title changes, the case status too.
python3 - "$EX" "$TEST_TMP/edited.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = d["cases"][0]
c["status"] = "appealed"
ev = [e for e in c["events"] if e["id"] == "telegram-2017:ruling"][0]
ev["fine"]["paid"] = True
ev["fine"]["paid_on"] = "2018-01-15"
ev["title"] = "Court fines Telegram 800,000 rubles"
ev["sources"] = ev["sources"][:1]
ev["fine"]["equivalents"] = ev["fine"]["equivalents"][:1]
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
run import "$TEST_TMP/edited.json"
expect_rc 0
expect_out_has "cases             0 inserted, 1 updated, 0 unchanged"
expect_out_has "fines             0 inserted, 1 updated, 0 unchanged"
expect_eq "appealed|2" "$(sql "SELECT status, version FROM legal_case")" "case updated, version bumped"
expect_eq "t|2018-01-15" "$(sql "SELECT paid, paid_on FROM fine")" "fine paid"
expect_eq "Court fines Telegram 800,000 rubles" "$(sql "SELECT title FROM event WHERE external_id = 'telegram-2017:ruling'")" "event title"
expect_eq 1 "$(sql "SELECT count(*) FROM event_source es JOIN event e ON e.id = es.event_id WHERE e.external_id = 'telegram-2017:ruling'")" "sources replaced"
expect_eq 1 "$(count fine_equivalent)" "equivalents replaced"
expect_eq 8 "$(count event)" "no event added"
expect_eq 1 "$(sql "SELECT count(*) FROM audit WHERE table_name = 'legal_case' AND op = 'UPDATE'")" "one audited case update"

# A party recorded by hand (no external id) is adopted by name instead of duplicated.
sql "INSERT INTO party (name, kind) VALUES ('Hand Made Ltd', 'organisation')" >/dev/null
cat >"$TEST_TMP/adopt.json" <<'J'
{"format": "tracker-interchange", "version": 1,
 "parties": [{"id": "party:hand", "name": "Hand Made Ltd", "kind": "organisation"}]}
J
run import "$TEST_TMP/adopt.json"
expect_rc 0
expect_eq "1|party:hand" "$(sql "SELECT count(*), max(external_id) FROM party WHERE name = 'Hand Made Ltd'")" "adopted party"

# JSON Lines: records one per line, events as records of their own, streamed.
cat >"$TEST_TMP/a.jsonl" <<'J'
{"record": "header", "format": "tracker-interchange", "version": 1}
{"record": "party", "id": "p:acme", "name": "Acme Corp", "kind": "organisation"}
{"record": "case", "id": "acme-1", "title": "Acme v. FTC", "jurisdiction": "US", "parties": [{"party": "p:acme", "role": "defendant"}]}

{"record": "event", "case": "acme-1", "id": "acme-1:ruling", "type": "ruling", "date": "2020-03-02", "title": "Ruling", "service_method": "mail", "fine": {"amount": "1500000.50", "currency": "USD"}}
{"record": "event", "case": "telegram-fsb-keys-2017", "id": "telegram-2017:extra", "type": "statement", "date": "2018-04-13", "title": "Quotes \"x\" 🚫; DROP TABLE event; --", "description": "Text with \"quotes\", a newline\nand emoji 🚫; DROP TABLE event; --"}
J
run import "$TEST_TMP/a.jsonl"
expect_rc 0
expect_out_has "events            2 inserted"
expect_eq "mail" "$(sql "SELECT service_method FROM event WHERE external_id = 'acme-1:ruling'")" "service method"
expect_eq "1500000.50|USD" "$(sql "SELECT f.amount, f.currency FROM fine f JOIN event e ON e.id = f.event_id WHERE e.external_id = 'acme-1:ruling'")" "jsonl fine"
expect_eq 'Text with "quotes", a newline
and emoji 🚫; DROP TABLE event; --' "$(sql "SELECT description FROM event WHERE external_id = 'telegram-2017:extra'")" "verbatim text"
expect_eq 'Quotes "x" 🚫; DROP TABLE event; --' "$(sql "SELECT title FROM event WHERE external_id = 'telegram-2017:extra'")" "verbatim title"
run import --format jsonl - <"$TEST_TMP/a.jsonl"
run import --format jsonl "$TEST_TMP/a.jsonl"
expect_rc 0
expect_out_has "0 inserted, 0 updated"

# A UTF-8 byte order mark is accepted (document and JSON Lines).
{ printf '\xef\xbb\xbf'; cat "$EX"; } >"$TEST_TMP/bom.json"
run import "$TEST_TMP/bom.json"
expect_rc 0
expect_out_has "0 inserted, 0 updated"
{ printf '\xef\xbb\xbf'; cat "$TEST_TMP/a.jsonl"; } >"$TEST_TMP/bom.jsonl"
run import "$TEST_TMP/bom.jsonl"
expect_rc 0

# What the CLI accepts, the importer accepts (so every export imports again): multi-line
# titles, external ids with spaces.
cat >"$TEST_TMP/ml.json" <<'J'
{"format": "tracker-interchange", "version": 1,
 "sources": [{"id": "my source", "url": "https://example.org/ml", "title": "Two\nlines"}],
 "cases": [{"id": "my case 1", "title": "Line 1\nLine 2", "jurisdiction": "RU",
   "events": [{"id": "my event", "type": "statement", "date": "2020-01-01", "title": "A\nB", "sources": ["my source"]}]}]}
J
run import "$TEST_TMP/ml.json"
expect_rc 0
expect_eq "Line 1
Line 2" "$(sql "SELECT title FROM legal_case WHERE external_id = 'my case 1'")" "multi-line case title"

# Dry run: checks everything, writes nothing.
snap=$(snapshot)
scripts_fixture="$TRACKER_SRC/scripts/gen-fixture"
python3 "$scripts_fixture" 20 --events 5 -o "$TEST_TMP/gen.json"
run import --dry-run "$TEST_TMP/gen.json"
expect_rc 0
expect_out_has "would import"
expect_out_has "dry run: nothing was written"
expect_eq "$snap" "$(snapshot)" "dry run wrote nothing"

# No progress bar when stderr is not a terminal; --quiet prints nothing.
run import --quiet "$TEST_TMP/gen.json"
expect_rc 0
expect_eq "" "$OUT" "quiet output"
expect_eq "" "$ERR" "no progress on a pipe"
expect_eq 100 "$(sql "SELECT count(*) FROM event WHERE external_id LIKE 'case:%'")" "generated events"

# On a terminal, a progress bar is drawn on stderr (and erased); --no-progress turns it off.
command -v script >/dev/null || fail "script(1) is not installed (Debian's bsdutils)"
script -qec "$TRACKER_BIN import $TEST_TMP/gen.json" /dev/null >"$TEST_TMP/tty.out" 2>&1
grep -q 'import: staging' "$TEST_TMP/tty.out"
expect_eq 0 $? "progress bar on a terminal"
grep -q 'imported' "$TEST_TMP/tty.out"
expect_eq 0 $? "summary after the progress bar"
script -qec "$TRACKER_BIN import --no-progress $TEST_TMP/gen.json" /dev/null >"$TEST_TMP/tty2.out" 2>&1
grep -q 'import: staging' "$TEST_TMP/tty2.out"
expect_eq 1 $? "no progress bar with --no-progress"

run import --help
expect_rc 0
expect_out_has "usage: tracker import FILE"
finish
