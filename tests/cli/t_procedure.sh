# The procedure decides the rule: a case records its procedure, rules apply by procedure, an
# unknown procedure rests on the jurisdiction's assumption (said in the deadline, with the
# alternatives), recording the procedure recomputes, and bad values write nothing.
# Dates worked out by hand on the RU and US calendars (RU: 2024-11-04 Unity Day; a month ends on
# the same day number, a non-working last day moves on, APC art. 114, CPC art. 108).
source "$(dirname "$0")/lib.sh"
migrate
export TRACKER_TODAY=2026-11-24

appeal() { sql "SELECT concat_ws('|', d.due_on, coalesce(d.earliest_on::text, ''), coalesce(d.latest_on::text, ''), d.period_count || ' ' || d.period_unit, r.code, d.revision) FROM deadline d JOIN rule r ON r.id = d.rule_id WHERE d.trigger_event_id = $1 AND d.kind = '$2'"; }

# ---- a district court's civil ruling: CPC art. 321, not CoAO art. 30.3 -----------------------
run case add --title "Civil claim" --jurisdiction RU --procedure civil --body "Tverskoy District Court of Moscow" \
  --party "plaintiff:A" --party "defendant:B"
expect_rc 0
CV=$OUT
# Fri 2024-04-12 + 1 month = Sun 2024-05-12 -> Mon 2024-05-13; in force the day after (CPC 209(1)).
run event add "$CV" --type ruling --date 2024-04-12 --title "Claim granted"
expect_rc 0
RV=$(sql "SELECT max(id) FROM event")
expect_eq "2024-05-13|||1 months|ru-cpc-321-appeal|1" "$(appeal "$RV" appeal)" "civil ruling: one month"
expect_eq "2024-05-14|||1 calendar_days|ru-cpc-209-in-force|1" "$(appeal "$RV" in_force)" "civil decision in force after the month"
expect_eq "0" "$(sql "SELECT count(*) FROM deadline WHERE trigger_event_id = $RV AND period_unit = 'sutki'")" "no сутки"
run case show "$CV"
expect_rc 0
expect_out_has "procedure:     civil"
expect_out_lacks "сутки"
expect_out_lacks "sutki"
expect_out_lacks "CoAO"
expect_out_has "Appeal deadline (civil procedure) [RU CPC art. 321(2)"
D=$(sql "SELECT id FROM deadline WHERE trigger_event_id = $RV AND kind = 'appeal'")
run deadline explain "$D"
expect_out_has "rule: ru-cpc-321-appeal (RU CPC art. 321(2)"
expect_out_lacks "procedure not recorded"
# An appeal ruling that leaves the decision unchanged: in force that day (CPC 329(5)); no payment.
run event add "$CV" --type appeal_decided --date 2024-07-03 --outcome rejected --title "Appeal rejected"
U=$(sql "SELECT max(id) FROM event")
expect_eq "2024-07-03|||1 calendar_days|ru-cpc-329-in-force-on-decision|1" "$(appeal "$U" in_force)" "civil appeal ruling in force on its day"
expect_eq "0" "$(sql "SELECT count(*) FROM deadline WHERE case_id = $CV AND kind IN ('payment', 'enforcement')")" "no CoAO payment in a civil case"

# ---- arbitrazh: APC art. 259 and 180 ------------------------------------------------------------
run case add --title "Arbitrazh" --jurisdiction RU --procedure arbitrazh
CA=$OUT
# Fri 2024-10-04 + 1 month = Mon 2024-11-04, Unity Day -> Tue 2024-11-05; in force Wed 11-06.
run event add "$CA" --type ruling --date 2024-10-04
RA=$(sql "SELECT max(id) FROM event")
expect_eq "2024-11-05|||1 months|ru-apc-259-appeal|1" "$(appeal "$RA" appeal)" "APC month over Unity Day"
expect_eq "2024-11-06|||1 calendar_days|ru-apc-180-in-force|1" "$(appeal "$RA" in_force)" "APC 180 entry into force"

# ---- criminal in RU: no starter rule, no guessed deadline ---------------------------------------
run case add --title "Criminal" --jurisdiction RU --procedure criminal
CC=$OUT
run event add "$CC" --type ruling --date 2024-10-04 --title "Verdict"
expect_rc 0
expect_eq "0" "$(sql "SELECT count(*) FROM deadline WHERE case_id = $CC")" "RU criminal: no CoAO deadline"

# ---- unknown procedure: the assumption, said, with the alternatives -----------------------------
run case add --title "Unknown" --jurisdiction RU
CU=$OUT
expect_eq "unknown" "$(sql "SELECT procedure FROM legal_case WHERE id = $CU")" "default procedure"
# 2025-10-16: CoAO 30.3 as amended by 364-FZ, 10 days from an unknown receipt: 2025-10-26 is a
# Sunday -> 2025-10-27, .. 2025-11-05 (receipt 10 days later at the latest).
run event add "$CU" --type ruling --date 2025-10-16 --title "A ruling"
RU_=$(sql "SELECT max(id) FROM event")
expect_eq "2025-10-27|2025-10-27|2025-11-05|10 calendar_days|ru-coao-30.3-appeal-days|1" "$(appeal "$RU_" appeal)" "assumed administrative offence"
D=$(sql "SELECT id FROM deadline WHERE trigger_event_id = $RU_ AND kind = 'appeal'")
run deadline explain "$D"
expect_rc 0
expect_out_has "procedure not recorded: assumed administrative offence (RU CoAO art. 30.3(1) as amended by Federal Law 364-FZ"
expect_out_has "record it with 'tracker case edit $CU --procedure P'"
expect_out_has "if the procedure is civil: ru-cpc-321-appeal, 1 month (RU CPC art. 321(2)"
expect_out_has "if the procedure is arbitrazh (commercial court): ru-apc-259-appeal, 1 month"
expect_out_has "if the procedure is administrative (judicial review): ru-kas-298-appeal, 1 month"
expect_out_has "if the procedure is criminal: no rule gives this appeal deadline"
run deadline explain "$D" --json
printf '%s' "$OUT" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
a = d["explanation"]["assumption"] if "explanation" in d else d["assumption"]
assert a["procedure"] == "administrative_offence", a
alt = {x["procedure"]: x["rule"] for x in a["alternatives"]}
assert alt == {"civil": "ru-cpc-321-appeal", "arbitrazh": "ru-apc-259-appeal", "administrative": "ru-kas-298-appeal", "criminal": None, "regulator_decision": None}, alt
' && pass || fail "assumption in explain --json"
run case show "$CU"
expect_out_has "procedure:     not recorded: rules assume administrative offence"
run case list --json
printf '%s' "$OUT" | /usr/bin/python3 -c '
import json, sys
p = {c["title"]: c["procedure"] for c in json.load(sys.stdin)}
assert p["Civil claim"] == "civil" and p["Unknown"] == "unknown" and p["Arbitrazh"] == "arbitrazh", p
' && pass || fail "case list --json has the procedure"

# Recording the procedure recomputes at once: 2025-10-16 + 1 month = Sun 2025-11-16 -> Mon 11-17.
run case edit "$CU" --procedure civil
expect_rc 0
expect_out_has "its deadlines were recomputed"
expect_eq "2025-11-17|||1 months|ru-cpc-321-appeal|2" "$(appeal "$RU_" appeal)" "civil now: one month, revision 2"
expect_eq "1|2025-10-27" "$(sql "SELECT revision, due_on FROM deadline_revision WHERE deadline_id = $D")" "history kept"
run deadline explain "$D"
expect_out_lacks "procedure not recorded"
run case edit "$CU" --title "Unknown, now civil"
expect_out_lacks "recomputed"
expect_eq "2" "$(sql "SELECT revision FROM deadline WHERE id = $D")" "an edit that changes no rule input recomputes nothing"

# The old tag procedure:apc still means arbitrazh when no procedure is recorded (no assumption).
run case add --title "Tagged APC" --jurisdiction RU --tag procedure:apc
CT=$OUT
run event add "$CT" --type ruling --date 2024-10-04
RT=$(sql "SELECT max(id) FROM event")
expect_eq "2024-11-05|||1 months|ru-apc-259-appeal|1" "$(appeal "$RT" appeal)" "tag procedure:apc"
D=$(sql "SELECT id FROM deadline WHERE trigger_event_id = $RT AND kind = 'appeal'")
run deadline explain "$D"
expect_out_lacks "procedure not recorded"

# ---- US: FRAP 4(a)(1)(A) / (B) (the United States a party: tag united-states-party), 4(b) ----
run case add --title "US civil" --jurisdiction US --procedure civil
CUS=$OUT
# Fri 2024-05-10 + 30 days = Sun 2024-06-09 -> Mon 06-10.
run event add "$CUS" --type ruling --date 2024-05-10
RUS=$(sql "SELECT max(id) FROM event")
expect_eq "2024-06-10|||30 calendar_days|us-frap-4a1a-appeal|1" "$(appeal "$RUS" appeal)" "FRAP 4(a)(1)(A)"
# The United States becomes a party: 60 days, Tue 2024-07-09 (July 4 is the Thursday before).
run case edit "$CUS" --add-tag united-states-party
expect_out_has "its deadlines were recomputed"
expect_eq "2024-07-09|||60 calendar_days|us-frap-4a1b-appeal|2" "$(appeal "$RUS" appeal)" "FRAP 4(a)(1)(B)"
D=$(sql "SELECT id FROM deadline WHERE trigger_event_id = $RUS AND kind = 'appeal'")
run deadline explain "$D"
expect_out_has "rule: us-frap-4a1b-appeal (FRAP 4(a)(1)(B)"
run case add --title "US criminal" --jurisdiction US --procedure criminal
CUC=$OUT
run event add "$CUC" --type ruling --date 2024-05-10 --title "Judgment of conviction"
RUC=$(sql "SELECT max(id) FROM event")
expect_eq "2024-05-24|||14 calendar_days|us-frap-4b1a-appeal|1" "$(appeal "$RUC" appeal)" "FRAP 4(b)(1)(A): 14 days"
expect_eq "appeal" "$(sql "SELECT string_agg(kind, ' ') FROM deadline WHERE trigger_event_id = $RUC")" "no FRCP 59 motion in a criminal case"
# Unknown US procedure: assumed civil, said so.
run case add --title "US unknown" --jurisdiction US
CUU=$OUT
run event add "$CUU" --type ruling --date 2024-05-10
D=$(sql "SELECT d.id FROM deadline d JOIN event e ON e.id = d.trigger_event_id WHERE e.case_id = $CUU AND d.kind = 'appeal'")
run deadline explain "$D"
expect_out_has "procedure not recorded: assumed civil (FRAP 4(a)(1)(A)"
expect_out_has "if the procedure is criminal: us-frap-4b1a-appeal, 14 calendar days"

# ---- the interchange files carry the procedure ---------------------------------------------------
run export json --case "$CV" -o "$TEST_TMP/civil.json"
expect_rc 0
expect_eq "civil" "$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cases"][0]["procedure"])' "$TEST_TMP/civil.json")" "export has the procedure"
run export json --case "$CT" -o "$TEST_TMP/tagged.json"
expect_eq "False" "$(/usr/bin/python3 -c 'import json,sys; print("procedure" in json.load(open(sys.argv[1]))["cases"][0])' "$TEST_TMP/tagged.json")" "not recorded: left out"
/usr/bin/python3 - "$TEST_TMP/civil.json" "$TEST_TMP/admin.json" "$TEST_TMP/bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = d["cases"][0]
c["id"] = "imported-case"; c["title"] = "Imported"; c["procedure"] = "administrative_offence"
for i, e in enumerate(c["events"]):
    e["id"] = "imported-event-%d" % i
json.dump(d, open(sys.argv[2], "w"))
c["procedure"] = "maritime"
json.dump(d, open(sys.argv[3], "w"))
PY
run import "$TEST_TMP/admin.json" --quiet
expect_rc 0
expect_eq "administrative_offence" "$(sql "SELECT procedure FROM legal_case WHERE external_id = 'imported-case'")" "imported procedure"
expect_eq "ru-coao-30.3-appeal-sutki" "$(sql "SELECT r.code FROM deadline d JOIN rule r ON r.id = d.rule_id JOIN legal_case c ON c.id = d.case_id WHERE c.external_id = 'imported-case' AND d.kind = 'appeal' AND d.trigger_event_id = (SELECT id FROM event WHERE external_id = 'imported-event-0')")" "the imported procedure chooses the rule"
# The same file with the procedure changed to civil: the import recomputes the unchanged events.
sed 's/"administrative_offence"/"civil"/' "$TEST_TMP/admin.json" >"$TEST_TMP/admin-civil.json"
run import "$TEST_TMP/admin-civil.json" --quiet
expect_rc 0
expect_eq "ru-cpc-321-appeal" "$(sql "SELECT r.code FROM deadline d JOIN rule r ON r.id = d.rule_id WHERE d.kind = 'appeal' AND d.status <> 'superseded' AND d.trigger_event_id = (SELECT id FROM event WHERE external_id = 'imported-event-0')")" "re-import with another procedure recomputes"

# ---- bad input: exit 2, nothing written -----------------------------------------------------------
snap=$(snapshot)
run case add --title "Bad" --jurisdiction RU --procedure maritime
expect_rc 2
expect_err_has 'invalid procedure "maritime": expected one of administrative_offence, civil, arbitrazh'
run case edit "$CV" --procedure maritime
expect_rc 2
expect_err_has 'invalid procedure "maritime"'
# (an invalid file is refused like any other invalid value in a file: exit 1, as for an unknown
# case status, see t_import_errors)
run import "$TEST_TMP/bad.json"
expect_rc 1
expect_err_has '$.cases[0].procedure: unknown procedure "maritime"'
expect_eq "$snap" "$(snapshot)" "bad procedures wrote nothing"
expect_eq "civil" "$(sql "SELECT procedure FROM legal_case WHERE id = $CV")" "procedure unchanged"
run case add --help
expect_out_has "--procedure"
finish
