# A ruling's life (CoAO): appeal period -> entry into force (art. 31.1) -> payment deadline
# (art. 32.2(1), counted by art. 4.8) -> non-payment (art. 20.25(1), 32.2(5)), end to end through
# the CLI: before the facts (the conditional chain in case show), without an appeal, after an
# appeal that is upheld, and the payment meeting the payment deadline.
# Dates worked out by hand from the RU 2024 production calendar (2024-05-09 Victory Day and
# 2024-05-10 a transferred day off, 05-11/12 the weekend; 2024-06-12 Russia Day).
source "$(dirname "$0")/lib.sh"
migrate
export TRACKER_TODAY=2026-11-24

dl() { sql "SELECT concat_ws('|', d.due_on, d.status, coalesce(d.met_on::text, ''), r.code) FROM deadline d LEFT JOIN rule r ON r.id = d.rule_id WHERE d.trigger_event_id = $1 AND d.kind = '$2'"; }

# ---- 1. ruling -> no appeal -> in force -> payment due -> paid --------------------------------
run case add --title "Fined, not appealed" --jurisdiction RU --procedure administrative_offence \
  --body "Magistrate of court district 1" --party "defendant:Somebody LLC"
expect_rc 0
C1=$OUT
# Ruling on Tue 2024-02-27, copy received Wed 2024-02-28: 10 сутки (CoAO 30.3(1) before 364-FZ)
# -> day 10 is Sat 2024-03-09, сутки never roll. In force the next day, Sun 2024-03-10
# (art. 31.1(1)). Payment: 60 days from 03-10, day 1 = 03-11 (art. 4.8(1)): 21 days of March,
# 30 of April, day 60 = Thu 2024-05-09, Victory Day; 05-10 is a transferred day off, 05-11/12 the
# weekend -> Mon 2024-05-13 (art. 4.8(3)). Non-payment from the day after: 2024-05-14.
run event add "$C1" --type ruling --date 2024-02-27 --received-on 2024-02-28 --title "Fined 5,000 rubles" \
  --fine 5000 --currency RUB
expect_rc 0
R1=$(sql "SELECT max(id) FROM event")
F1=$(sql "SELECT id FROM fine WHERE event_id = $R1")
expect_err_has "payment due 2024-05-13"
expect_eq "2024-03-09|open||ru-coao-30.3-appeal-sutki" "$(dl "$R1" appeal)" "appeal deadline"
expect_eq "2024-03-10|open||ru-coao-31.1-in-force" "$(dl "$R1" in_force)" "in force after the appeal period"
expect_eq "2024-05-13|open||ru-coao-32.2-payment" "$(dl "$R1" payment)" "payment: 60 days, rolled over the May holidays"
expect_eq "2024-05-14|open||ru-coao-20.25-nonpayment" "$(dl "$R1" enforcement)" "non-payment alert"

# Before the facts: the conditional chain, with the dates that can be known.
run case show "$C1" --as-of 2024-03-01
expect_rc 0
expect_out_has "procedure:     administrative offence"
expect_out_has "What the rules say comes next"
expect_out_has "if not appealed by 2024-03-09: in force 2024-03-10, payment due 2024-05-13, if unpaid, from 2024-05-14:"
expect_out_has "[RU CoAO art. 32.2(1) as amended by Federal Law 49-FZ"
expect_out_has "if the appeal is decided (rejected or upheld): Ruling in force (upheld on appeal), on the day of the decision"
expect_out_has "once in force: Fine payment deadline, 60 day(s) later"
run case show "$C1" --as-of 2024-03-01 --json
printf '%s' "$OUT" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
c = d["conditional"]
assert len(c) == 1, c
assert c[0]["if_not_appealed_by"] == "2024-03-09" and c[0]["appeal_period_over"] is False, c[0]
assert [(l["kind"], l["due_on"]) for l in c[0]["chain"]] == [("in_force", "2024-03-10"), ("payment", "2024-05-13"), ("enforcement", "2024-05-14")], c[0]["chain"]
assert d["procedure"] == "administrative_offence", d["procedure"]
' && pass || fail "conditional chain in case show --json"
# Once the appeal period is over with no appeal recorded, the chain is no longer an "if".
run case show "$C1" --as-of 2024-04-01
expect_out_has "not appealed by 2024-03-09 (no appeal recorded): in force 2024-03-10, payment due 2024-05-13"
# An entry into force is a date, not something to do: never shown as missed.
run deadline list --case "$C1" --as-of 2024-04-01 --json
printf '%s' "$OUT" | /usr/bin/python3 -c '
import json, sys
d = {x["kind"]: x["status"] for x in json.load(sys.stdin)["deadlines"]}
assert d == {"appeal": "missed", "in_force": "open", "payment": "open", "enforcement": "open"}, d
' && pass || fail "display statuses as of 2024-04-01"
D1=$(sql "SELECT id FROM deadline WHERE trigger_event_id = $R1 AND kind = 'payment'")
run deadline explain "$D1"
expect_rc 0
expect_eq "due 2024-05-13" "$(printf '%s\n' "$OUT" | head -1)" "explain first line"
expect_out_has "chained: follows the in_force deadline of the same event (due 2024-03-10)"
expect_out_has "day 60 (the last day of the period) is 2024-05-09 (Thursday"
expect_out_has "moved forward to 2024-05-13 (Monday)"
expect_out_lacks "procedure not recorded"

# Paid on the last day: the payment deadline is met on that date, the alert superseded.
run fine edit "$F1" --paid-on 2024-05-13
expect_rc 0
expect_eq "2024-05-13|met|2024-05-13|ru-coao-32.2-payment" "$(dl "$R1" payment)" "paid on the last day: met"
expect_eq "superseded" "$(sql "SELECT status FROM deadline WHERE trigger_event_id = $R1 AND kind = 'enforcement'")" "non-payment superseded"
expect_eq "2" "$(sql "SELECT revision FROM deadline WHERE id = $D1")" "payment: revision 2"
expect_eq "1|open" "$(sql "SELECT revision, status FROM deadline_revision WHERE deadline_id = $D1")" "history of the payment deadline"
run deadline show "$D1"
expect_out_has "met on 2024-05-13"
run case show "$C1" --as-of 2024-05-20
expect_out_has "payment due 2024-05-13 (paid on 2024-05-13)"
# Paid a day late: not met, the alert is back.
run fine edit "$F1" --paid-on 2024-05-14
expect_rc 0
expect_eq "2024-05-13|open||ru-coao-32.2-payment" "$(dl "$R1" payment)" "paid late: not met"
expect_eq "open" "$(sql "SELECT status FROM deadline WHERE trigger_event_id = $R1 AND kind = 'enforcement'")" "non-payment open again"
run deadline list --case "$C1" --as-of 2024-06-01 --status missed
expect_out_has "payment"
# Paid early (any time before the last day counts).
run fine edit "$F1" --paid-on 2024-03-01
expect_eq "2024-05-13|met|2024-03-01|ru-coao-32.2-payment" "$(dl "$R1" payment)" "paid before the entry into force: met"
run fine edit "$F1" --unpaid
expect_eq "2024-05-13|open||ru-coao-32.2-payment" "$(dl "$R1" payment)" "unpaid again: open"
# Bad input: nothing written.
snap=$(snapshot)
run fine edit "$F1" --paid-on 2024-13-01
expect_rc 2
run fine edit "$F1" --paid-on 2024-05-01 --unpaid
expect_rc 2
expect_eq "$snap" "$(snapshot)" "bad fine edits wrote nothing"

# ---- 2. ruling -> appeal filed -> upheld -> in force -> payment due -> paid -------------------
run case add --title "Fined, appealed" --jurisdiction RU --procedure administrative_offence
C2=$OUT
run event add "$C2" --type ruling --date 2024-02-27 --received-on 2024-02-28 --title "Fined 30,000 rubles" \
  --fine 30000 --currency RUB
R2=$(sql "SELECT max(id) FROM event")
F2=$(sql "SELECT id FROM fine WHERE event_id = $R2")
run event add "$C2" --type appeal_filed --date 2024-03-05 --title "Complaint filed"
expect_rc 0
A2=$(sql "SELECT max(id) FROM event")
expect_eq "2024-03-09|met|2024-03-05|ru-coao-30.3-appeal-sutki" "$(dl "$R2" appeal)" "appeal filed in time: met on its date"
expect_eq "superseded superseded superseded" \
  "$(sql "SELECT string_agg(status, ' ' ORDER BY kind) FROM deadline WHERE trigger_event_id = $R2 AND kind IN ('in_force', 'payment', 'enforcement')")" \
  "appealed: the if-not-appealed chain is superseded"
expect_eq "$A2" "$(sql "SELECT met_by_event_id FROM deadline WHERE trigger_event_id = $R2 AND kind = 'appeal'")" "met by the appeal"
run case show "$C2" --as-of 2024-03-20
expect_out_lacks "if not appealed by"
expect_out_has "if the appeal is decided (rejected or upheld): Ruling in force (upheld on appeal), on the day of the decision"
# Upheld on Wed 2024-04-17: in force that day (art. 31.1(3)); payment 60 days from it, day 60 is
# Sun 2024-06-16 -> Mon 2024-06-17; non-payment from 2024-06-18. (The grace rule of the Telegram
# chain takes its period from the order: a warning, no grace deadline.)
run event add "$C2" --type appeal_decided --date 2024-04-17 --outcome upheld --title "Regional court upholds the fine"
expect_rc 0
U2=$(sql "SELECT max(id) FROM event")
expect_eq "2024-04-17|open||ru-coao-31.1-in-force-on-decision" "$(dl "$U2" in_force)" "in force with the decision"
expect_eq "2024-06-17|open||ru-coao-32.2-payment" "$(dl "$U2" payment)" "payment due 60 days after the decision"
expect_eq "2024-06-18|open||ru-coao-20.25-nonpayment" "$(dl "$U2" enforcement)" "non-payment after the decision"
D2=$(sql "SELECT id FROM deadline WHERE trigger_event_id = $U2 AND kind = 'payment'")
run deadline explain "$D2"
expect_out_has "trigger: event $U2, appeal_decided on 2024-04-17"
expect_out_has "counted from the last day of the in_force deadline 2024-04-17"
run case show "$C2" --as-of 2024-04-20
expect_out_lacks "if the appeal is decided"
expect_out_has "payment deadline 2024-06-17 (open)"
run fine edit "$F2" --paid-on 2024-06-01
expect_rc 0
expect_eq "2024-06-17|met|2024-06-01|ru-coao-32.2-payment" "$(dl "$U2" payment)" "the ruling's fine paid: met"
expect_eq "superseded" "$(sql "SELECT status FROM deadline WHERE trigger_event_id = $U2 AND kind = 'enforcement'")" "non-payment superseded"

# ---- 3. decided on appeal with no appeal_filed recorded; vacated on appeal -------------------
run case add --title "Decided without a recorded complaint" --jurisdiction RU --procedure administrative_offence
C3=$OUT
run event add "$C3" --type ruling --date 2024-02-27 --received-on 2024-02-28 --title "Fined" --fine 1000 --currency RUB
R3=$(sql "SELECT max(id) FROM event")
run event add "$C3" --type appeal_decided --date 2024-04-17 --outcome rejected --title "Complaint rejected"
U3=$(sql "SELECT max(id) FROM event")
expect_eq "superseded" "$(sql "SELECT status FROM deadline WHERE trigger_event_id = $R3 AND kind = 'in_force'")" "decided on appeal: no entry into force by lapse"
expect_eq "the ruling was decided on appeal" "$(sql "SELECT h.reason FROM deadline_revision h JOIN deadline d ON d.id = h.deadline_id WHERE d.trigger_event_id = $R3 AND d.kind = 'in_force'")" "why"
expect_eq "2024-06-17|open||ru-coao-32.2-payment" "$(dl "$U3" payment)" "rejected complaint: the decision starts the chain"
run case add --title "Vacated on appeal" --jurisdiction RU --procedure administrative_offence
C4=$OUT
run event add "$C4" --type ruling --date 2024-02-27 --received-on 2024-02-28 --title "Fined" --fine 1000 --currency RUB
R4=$(sql "SELECT max(id) FROM event")
run event add "$C4" --type appeal_decided --date 2024-04-17 --outcome vacated --title "Ruling quashed"
U4=$(sql "SELECT max(id) FROM event")
expect_eq "vacated vacated vacated vacated" "$(sql "SELECT string_agg(status, ' ' ORDER BY kind) FROM deadline WHERE trigger_event_id = $R4")" "quashed: the whole chain vacated"
expect_eq "0" "$(sql "SELECT count(*) FROM deadline WHERE trigger_event_id = $U4")" "a quashing decision starts no chain"

# ---- 4. no fine, no chain; a fine added later starts it; the law's dates -------------------------
run case add --title "Warning only" --jurisdiction RU --procedure administrative_offence
C5=$OUT
run event add "$C5" --type ruling --date 2024-02-27 --received-on 2024-02-28 --title "Warning"
R5=$(sql "SELECT max(id) FROM event")
expect_eq "appeal" "$(sql "SELECT string_agg(kind, ' ') FROM deadline WHERE trigger_event_id = $R5")" "a ruling without a fine: its appeal deadline only"
run fine add "$R5" --amount 500 --currency RUB
expect_rc 0
expect_eq "2024-05-13|open||ru-coao-32.2-payment" "$(dl "$R5" payment)" "the fine added later starts the chain"
# Before Federal Law 49-FZ (in force 2013-05-09) the period was 30 days: a ruling of Fri
# 2013-03-01, received that day: 10 сутки -> Mon 2013-03-11; in force Tue 03-12; 30 days ->
# Thu 2013-04-11.
run event add "$C5" --type ruling --date 2013-03-01 --received-on 2013-03-01 --title "Old fine" --fine 100 --currency RUB
R6=$(sql "SELECT max(id) FROM event")
expect_eq "2013-04-11|open||ru-coao-32.2-payment-30d" "$(dl "$R6" payment)" "30-day payment before 49-FZ"

# ---- 5. the Telegram demo: an administrative-offence case, its deadlines keep their dates -----
run import "$TRACKER_SRC/examples/telegram.json" --quiet
expect_rc 0
expect_eq "2017-09-14 2017-10-26" "$(sql "SELECT string_agg(d.due_on::text, ' ' ORDER BY d.due_on) FROM deadline d JOIN legal_case c ON c.id = d.case_id WHERE c.external_id = 'telegram-fsb-keys-2017' AND d.kind IN ('response', 'appeal')")" "demo deadlines keep their dates"
run case show telegram-fsb-keys-2017 --as-of 2017-10-20
expect_out_has "procedure:     administrative offence"
# 10 сутки from 2017-10-16 -> 2017-10-26; in force Fri 2017-10-27; payment: day 60 from 10-27 is
# Tue 2017-12-26, a working day.
expect_out_has "if not appealed by 2017-10-26: in force 2017-10-27, payment due 2017-12-26, if unpaid, from 2017-12-27:"
finish
