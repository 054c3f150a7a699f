#!/usr/bin/env bash
# tracker import --format courtlistener: real published dockets (examples/courtlistener/, see its
# README for the sources): RECAP docket JSON and the CourtListener API v4 shapes; parties and
# roles, one event per entry, FRAP 4(a) computed from the district court's judgment and met by the
# notice of appeal, deadlines written in an entry's text, idempotence, a later version of the
# docket, an edited pattern list, bad input (exit 2, nothing written).
. "$(dirname "$0")/lib.sh"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"${TEST_DB}_v\" WITH (FORCE)" >/dev/null 2>&1; cleanup' EXIT
migrate
EX="$TRACKER_SRC/examples/courtlistener"
CA1="courtlistener:ca1:19-2244"
PY=/usr/bin/python3

# ---- the RECAP docket of Maravelias v. Coughlin, 1st Cir. 19-2244 ----
run import --format courtlistener "$EX/ca1_46307.json"
expect_rc 0
expect_out_has "docket $CA1 (RECAP docket JSON): 31 entries, 7 parties, 7 explicit deadlines"
expect_out_has "imported $EX/ca1_46307.json: 50 inserted, 0 updated, 0 unchanged"
expect_eq "Maravelias v. Coughlin|19-2244|US|civil|closed|{courtlistener}|U.S. Court of Appeals for the First Circuit" \
  "$(sql "SELECT c.title, c.docket, c.jurisdiction, c.procedure, c.status, c.tags, b.name FROM legal_case c JOIN body b ON b.id = c.body_id WHERE c.external_id = '$CA1'")" "case"
# parties and their roles ("Plaintiff - Appellant": appellant; "Defendant - Appellee": respondent)
expect_eq "7" "$(count party)" "parties"
expect_eq "appellant:1 respondent:6" \
  "$(sql "SELECT string_agg(role || ':' || n, ' ' ORDER BY role) FROM (SELECT role, count(*) AS n FROM case_party GROUP BY role) s")" "roles"
expect_eq "appellant" "$(sql "SELECT cp.role FROM case_party cp JOIN party p ON p.id = cp.party_id WHERE p.name = 'PAUL J. MARAVELIAS'")" "the appellant"
# one event per entry (31), plus the district court's judgment and notice of appeal
expect_eq "33" "$(count event)" "events"
expect_eq "appeal_decided:1 appeal_filed:1 order:4 other:20 request:2 ruling:1 statement:4" \
  "$(sql "SELECT string_agg(type || ':' || n, ' ' ORDER BY type) FROM (SELECT type, count(*) AS n FROM event GROUP BY type) s")" "event types"
expect_eq "ruling|2019-11-04|U.S. District Court for the District of New Hampshire" \
  "$(sql "SELECT e.type, e.date, b.name FROM event e JOIN body b ON b.id = e.body_id WHERE e.external_id = '$CA1:origin:judgment'")" "judgment"
expect_eq "appeal_filed|2019-12-02" \
  "$(sql "SELECT type, date FROM event WHERE external_id = '$CA1:origin:notice-of-appeal'")" "notice of appeal"
expect_eq "appeal_decided|upheld|2021-04-23" \
  "$(sql "SELECT type, outcome, date FROM event WHERE external_id = '$CA1:entry:107732654'")" "the appellate judgment"
expect_eq "request|MOTION for leave to file deferred appendix filed by Appellant Paul J. Maravelias" \
  "$(sql "SELECT type, title FROM event WHERE external_id = '$CA1:entry:107589059'")" "a motion"
# entries without a number keep their PACER sequence number as id
expect_eq "2020-01-16|AMENDED notice of appeal (doc. #55) filed by Appellant Paul Maravelias on 01/13/2020" \
  "$(sql "SELECT date, title FROM event WHERE external_id = '$CA1:seq:6310476'")" "unnumbered entry"
# FRAP 4(a)(1)(A): 30 days from the judgment of 2019-11-04 = 2019-12-04 (a Wednesday), met by the
# notice of appeal of 2019-12-02
expect_eq "2019-12-04|met|$CA1:origin:notice-of-appeal|us-frap-4a1a-appeal" \
  "$(sql "SELECT d.due_on, d.status, m.external_id, r.code FROM deadline d JOIN rule r ON r.id = d.rule_id LEFT JOIN event m ON m.id = d.met_by_event_id WHERE d.kind = 'appeal'")" "FRAP 4(a)(1)(A)"
run deadline list --case "$CA1"
expect_rc 0
expect_out_has "2019-12-04             appeal         met"
# deadlines the clerk wrote into the entries, each with its source entry
expect_eq "7" "$(sql "SELECT count(*) FROM deadline WHERE rule_id IS NULL")" "explicit deadlines"
expect_eq "2020-02-07|other|$CA1:entry:107535810|Next status report due 02/07/2020 for Paul Maravelias
2020-04-13|response|$CA1:entry:107559822|Brief and appendix due 04/13/2020 for appellant Paul Maravelias.Pursuant to F.R.A.P. 31(a), appellee's brief will be due 30 days following service of appellant's brief and appellant's reply brief will be due 21 days following service of
2020-05-13|other|$CA1:seq:6334256|Appendix due 05/13/2020 for appellant Paul J. Maravelias
2020-05-13|response|$CA1:seq:6334256|Brief due 05/13/2020 for appellant Paul J. Maravelias
2020-06-12|response|$CA1:entry:107589305|Brief due 06/12/2020 for APPELLEES Patricia Conway, John J. Coughlin, Gerald S. Lewis, Gordon J. MacDonald, Windham Police Department and Windham, NH
2020-07-27|response|$CA1:entry:107601270|Brief due 07/27/2020 for appellees Patricia Conway, John J. Coughlin, Gerald S. Lewis, Gordon J. MacDonald, Windham Police Department and Windham, NH
2020-08-17|response|$CA1:entry:107622125|Reply brief due 08/17/2020 for APPELLANT Paul J. Maravelias" \
  "$(sql "SELECT d.due_on, d.kind, e.external_id, d.title FROM deadline d JOIN event e ON e.id = d.trigger_event_id WHERE d.rule_id IS NULL ORDER BY d.due_on, d.kind")" "explicit deadlines"
run deadline show "$(sql "SELECT id FROM deadline WHERE title LIKE 'Reply brief%'")"
expect_rc 0
expect_out_has "trigger      event"
expect_out_has "APPELLEES' BRIEF filed by Appellees"

# ---- idempotent: the same docket again, and the same docket in the API v4 shapes ----
AUD=$(count audit)
run import --format courtlistener "$EX/ca1_46307.json"
expect_rc 0
expect_out_has "0 inserted, 0 updated, 50 unchanged"
run import --format courtlistener "$EX/v4-ca1_46307.json"
expect_rc 0
expect_out_has "docket $CA1 (CourtListener API v4 docket): 31 entries, 7 parties, 7 explicit deadlines"
expect_out_has "0 inserted, 0 updated, 50 unchanged"
expect_eq "$AUD" "$(count audit)" "re-imports wrote nothing"

# ---- a later version of the docket adds its new entries and changes nothing else ----
psql -X -q -d postgres -c "CREATE DATABASE \"${TEST_DB}_v\"" >/dev/null
V="dbname=${TEST_DB}_v"
"$PY" - "$EX/ca1_46307.json" "$TEST_TMP/early.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
# the docket as it stood on 2020-05-31: the entries filed by then, not yet terminated
d['docket_entries'] = [e for e in d['docket_entries'] if e['date_filed'] <= '2020-05-31']
d['date_terminated'] = None
json.dump(d, open(sys.argv[2], 'w', encoding='utf-8'))
EOF
run db migrate --db "$V"
expect_rc 0
run import --format courtlistener "$TEST_TMP/early.json" --db "$V"
expect_rc 0
expect_out_has "21 entries, 7 parties, 5 explicit deadlines"
EARLY=$(psql -X -q -tA -d "${TEST_DB}_v" -c "SELECT string_agg(external_id || '/' || updated_at || '/' || title, ' ' ORDER BY id) FROM event")
run import --format courtlistener "$EX/ca1_46307.json" --db "$V"
expect_rc 0
expect_out_has "  events            10 inserted, 0 updated, 23 unchanged"
expect_out_has "  cases             0 inserted, 1 updated, 0 unchanged"
expect_out_has "  parties           0 inserted, 0 updated, 7 unchanged"
expect_eq "$EARLY" "$(psql -X -q -tA -d "${TEST_DB}_v" -c "SELECT string_agg(external_id || '/' || updated_at || '/' || title, ' ' ORDER BY id) FROM event WHERE id <= 23")" "the earlier entries are untouched"
expect_eq "33|7|closed" "$(psql -X -q -tA -d "${TEST_DB}_v" -c "SELECT (SELECT count(*) FROM event), (SELECT count(*) FROM deadline WHERE rule_id IS NULL), (SELECT status FROM legal_case)")" "after the later version"
psql -X -q -d postgres -c "DROP DATABASE \"${TEST_DB}_v\" WITH (FORCE)" >/dev/null

# ---- FRAP 4(a)(1)(B): the United States a party (9th Cir. 17-15589, "civil, united states") ----
run import --format courtlistener "$EX/ca9_17-15589.json"
expect_rc 0
expect_out_has "docket courtlistener:ca9:17-15589 (RECAP docket JSON): 10 entries, 0 parties, 0 explicit deadlines"
expect_eq "{courtlistener,united-states-party}|civil" \
  "$(sql "SELECT tags, procedure FROM legal_case WHERE external_id = 'courtlistener:ca9:17-15589'")" "tag"
# 60 days from 2017-03-29 = Sunday 2017-05-28; Monday 2017-05-29 is Memorial Day: 2017-05-30
expect_eq "2017-05-30|met|us-frap-4a1b-appeal" \
  "$(sql "SELECT d.due_on, d.status, r.code FROM deadline d JOIN rule r ON r.id = d.rule_id JOIN legal_case c ON c.id = d.case_id WHERE c.external_id = 'courtlistener:ca9:17-15589' AND d.kind = 'appeal'")" "FRAP 4(a)(1)(B)"

# ---- the API v4 docket object of CourtListener's documentation (no entries, no parties) ----
run import --format courtlistener "$EX/v4-docket-4214664.json"
expect_rc 0
expect_out_has "docket courtlistener:dcd:1:16-cv-00745 (CourtListener API v4 docket): 0 entries, 0 parties, 0 explicit deadlines"
expect_eq "NATIONAL VETERANS LEGAL SERVICES PROGRAM v. United States|civil|open|{courtlistener,united-states-party}|U.S. District Court for the District of Columbia" \
  "$(sql "SELECT c.title, c.procedure, c.status, c.tags, b.name FROM legal_case c JOIN body b ON b.id = c.body_id WHERE c.external_id = 'courtlistener:dcd:1:16-cv-00745'")" "v4 docket"

# ---- an edited pattern list ----
"$PY" - "$EX/patterns.json" "$TEST_TMP/patterns.json" <<'EOF'
import json, sys
p = json.load(open(sys.argv[1], encoding='utf-8'))
p['entries'].insert(0, {"match": "^BRIEFING schedule", "type": "order"})
p['party_roles']['appellee'] = 'defendant'
json.dump(p, open(sys.argv[2], 'w', encoding='utf-8'))
EOF
run import --format courtlistener "$EX/ca1_46307.json" --patterns "$TEST_TMP/patterns.json" --dry-run
expect_rc 0
expect_out_has "order 6"
expect_out_has "  events            0 inserted, 2 updated, 31 unchanged"
expect_out_has "dry run: nothing was written"
expect_eq "respondent:6" "$(sql "SELECT role || ':' || count(*) FROM case_party cp JOIN legal_case c ON c.id = cp.case_id WHERE c.external_id = '$CA1' AND role <> 'appellant' GROUP BY role")" "dry run wrote nothing"

# ---- bad input: exit 2, the JSON path named, nothing written ----
SNAP=$(snapshot)
bad() { # NAME PYTHON-EDIT: write $TEST_TMP/NAME.json from ca1_46307.json edited by the code
  "$PY" - "$EX/ca1_46307.json" "$TEST_TMP/$1.json" "$2" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], 'w', encoding='utf-8'))
EOF
  run import --format courtlistener "$TEST_TMP/$1.json"
}
bad nodocket "del d['docket_number']"
expect_rc 2
expect_err_has "error: \$.docket_number: missing (needed to import the docket)"
expect_err_has "nothing was imported"
bad nocourt "del d['court_id']"
expect_rc 2
expect_err_has "error: \$.court_id: missing"
bad numname "d['case_name'] = 42"
expect_rc 2
expect_err_has "error: \$.case_name: expected a string, found a number"
expect_err_lacks "\$.case_name: missing"
# the same words for a JSON type as tracker import (formats/json_out.c): "a boolean"
bad boolname "d['case_name'] = True"
expect_rc 2
expect_err_has "error: \$.case_name: expected a string, found a boolean"
bad entrydate "d['docket_entries'][2]['date_filed'] = 20191210"
expect_rc 2
expect_err_has "error: \$.docket_entries[2].date_filed: expected a string, found a number"
bad nodate "del d['docket_entries'][4]['date_filed']; d['docket_entries'][7]['date_filed'] = '2020-02-30'"
expect_rc 2
expect_err_has "error: \$.docket_entries[4].date_filed: missing"
expect_err_has "error: \$.docket_entries[7].date_filed: invalid date \"2020-02-30\" (there is no such day"
expect_err_has "2 errors in"
bad ogdate "d['originating_court_information']['date_judgment_eod'] = '11/04/2019'"
expect_rc 2
expect_err_has "error: \$.originating_court_information.date_judgment_eod: invalid date \"11/04/2019\" (expected YYYY-MM-DD)"
bad parties "d['parties'] = {'count': 7}"
expect_rc 2
expect_err_has "error: \$.parties.results: missing"
bad partyname "d['parties'][3]['name'] = None"
expect_rc 2
expect_err_has "error: \$.parties[3].name: missing"
bad entries "d['docket_entries'] = 'none'"
expect_rc 2
expect_err_has "error: \$.docket_entries: expected an array (or a list response with \"results\"), found a string"
bad listresp "d = {'count': 1, 'next': None, 'results': [d]}"
expect_rc 2
expect_err_has "error: \$: a list response, not a docket"
printf '{"court_id": "ca1", "docket_number": "1",' >"$TEST_TMP/trunc.json"
run import --format courtlistener "$TEST_TMP/trunc.json"
expect_rc 2
expect_err_has "error: \$: not valid JSON (line 1, column"
printf '[1, 2]' >"$TEST_TMP/array.json"
run import --format courtlistener "$TEST_TMP/array.json"
expect_rc 2
expect_err_has "error: \$: expected a docket (an object), found an array"
# a bad pattern list
"$PY" - "$EX/patterns.json" "$TEST_TMP/badpat.json" <<'EOF'
import json, sys
p = json.load(open(sys.argv[1], encoding='utf-8'))
p['entries'][0]['match'] = '^(judgment'
p['entries'][1]['type'] = 'verdict'
p['party_roles']['appellee'] = 'winner'
json.dump(p, open(sys.argv[2], 'w', encoding='utf-8'))
EOF
run import --format courtlistener "$EX/ca1_46307.json" --patterns "$TEST_TMP/badpat.json"
expect_rc 2
expect_err_has "error: $TEST_TMP/badpat.json: \$.entries[0].match: invalid regular expression"
expect_err_has "error: $TEST_TMP/badpat.json: \$.entries[1].type: unknown event type \"verdict\""
expect_err_has "error: $TEST_TMP/badpat.json: \$.party_roles[\"appellee\"]: expected a role"
run import "$EX/ca1_46307.json" --patterns "$TEST_TMP/patterns.json"
expect_rc 2
expect_err_has "--patterns is for --format courtlistener"
run import --format courtlistener "$TEST_TMP/missing.json"
expect_rc 1
expect_err_has "could not open"
expect_eq "$SNAP" "$(snapshot)" "bad input wrote nothing"

# ---- help ----
run import --help
expect_rc 0
expect_out_has "json|jsonl|csv|tsv|courtlistener"
expect_out_has "--patterns FILE"
expect_out_has "docs/courtlistener.md"
finish
