# tracker event delete: dependants listed and refused, --cascade in one transaction, audited;
# deleting twice is "not found"; the event leaves case show, timelines and calendars while its
# deadlines stay, cancelled (STATUS:CANCELLED, SEQUENCE up).
source "$(dirname "$0")/lib.sh"
migrate
export TRACKER_TODAY=2018-03-01
tracker case add --title "Telegram v Roskomnadzor" --jurisdiction RU --external-id tg >/dev/null
ruling=$(tracker event add tg --type ruling --date 2017-10-16 --title "Court fines Telegram" \
  --fine 800000 --currency RUB --equivalent 14000:USD:2017-10-16 --appeal-sutki 10 2>/dev/null)
appeal_dl=$(sql "SELECT id FROM deadline WHERE trigger_event_id = $ruling AND kind = 'appeal'")
# a mistyped appeal decision (the wrong year) with its grace period and block alert
wrong=$(tracker event add tg --type appeal_decided --date 2019-03-20 --outcome rejected \
  --title "Supreme Court rejects the appeal" --deadline grace:15d 2>/dev/null)
expect_eq 2 "$(sql "SELECT count(*) FROM deadline WHERE trigger_event_id = $wrong AND kind IN ('grace', 'block_possible')")" "grace and block deadlines"
grace=$(sql "SELECT id FROM deadline WHERE trigger_event_id = $wrong AND kind = 'grace'")

# --- without dependants: deleted at once, its deadlines cancelled --------------------------------
run export ics --case tg -o "$TEST_TMP/before.ics"
expect_rc 0
seq_before=$(grep -A3 "UID:deadline-$grace@" "$TEST_TMP/before.ics" | tr -d "\r" | sed -n 's/^SEQUENCE:\([0-9]*\).*/\1/p')
run event delete "$wrong"
expect_rc 0
expect_out_has "event $wrong deleted"
expect_out_has "deadline $grace: grace cancelled (its trigger event was deleted)"
expect_eq 0 "$(sql "SELECT count(*) FROM event WHERE id = $wrong")" "event row gone"
expect_eq "vacated||2" "$(sql "SELECT status, coalesce(trigger_event_id::text, ''), revision FROM deadline WHERE id = $grace" | tr '\n' ' ' | sed 's/ $//' | sed 's/|/|/g')" "grace deadline kept, cancelled, revision up"
expect_eq "its trigger event $wrong was deleted" "$(sql "SELECT reason FROM deadline_revision WHERE deadline_id = $grace AND revision = 1")" "revision history says why"
# gone from case show, the timeline and the event list; the calendars send CANCELLED
run case show tg
expect_rc 0
expect_out_lacks "Supreme Court rejects the appeal"
run export timeline --case tg -o "$TEST_TMP/tl.json"
expect_rc 0
grep -q "Supreme Court rejects the appeal" "$TEST_TMP/tl.json" && fail "deleted event in the timeline" || pass
run event list tg
expect_out_lacks "Supreme Court rejects"
run export ics --case tg -o "$TEST_TMP/after.ics"
expect_rc 0
block=$(sed -n "/^UID:deadline-$grace@/,/^END:VEVENT/p" "$TEST_TMP/after.ics" | tr -d "\r")
case "$block" in *STATUS:CANCELLED*) pass ;; *) fail "cancelled deadline without STATUS:CANCELLED: $block" ;; esac
seq_after=$(printf '%s\n' "$block" | sed -n 's/^SEQUENCE:\([0-9]*\).*/\1/p')
[ "$seq_after" -gt "$seq_before" ] && pass || fail "SEQUENCE did not go up ($seq_before -> $seq_after)"
# audited, with the command as the cause
expect_eq "DELETE|event delete $wrong|test" "$(sql "SELECT op, cause, actor FROM audit WHERE table_name = 'event' AND row_id = $wrong AND op = 'DELETE'")" "delete audited with its cause"

run history --deadline "$grace"
expect_out_has "    cancelled after the deletion of event $wrong (command: event delete $wrong)"
expect_out_has "    status: open -> vacated"
run history --event "$wrong"
expect_rc 0
expect_out_has "event $wrong deleted: Supreme Court rejects the appeal"

# --- deleting twice: not found, exit 1 -----------------------------------------------------------
run event delete "$wrong"
expect_rc 1
expect_err_has "event $wrong does not exist"
run event delete 0
expect_rc 2

# --- with dependants: refused, saying what depends, nothing written ------------------------------
appeal=$(tracker event add tg --type appeal_filed --date 2017-10-20 --title "Telegram appeals" 2>/dev/null)
expect_eq "met|$appeal" "$(sql "SELECT status, met_by_event_id FROM deadline WHERE id = $appeal_dl")" "appeal deadline met"
before=$(snapshot); audit_before=$(count audit)
run event delete "$ruling"
expect_rc 1
expect_err_has "event $ruling has 2 records that depend on it"
expect_err_has "fine 1 (800000.00 RUB)"
expect_err_has "deadline $appeal_dl (appeal, due 2017-10-26) that this event triggered was met by event $appeal"
expect_err_has "--cascade"
run event delete "$appeal"
expect_rc 1
expect_err_has "deadline $appeal_dl (appeal, due 2017-10-26) is met by this event: it would reopen"
expect_eq "$before" "$(snapshot)" "refusals write nothing"
expect_eq "$audit_before" "$(count audit)" "refusals audit nothing"

# --cascade on the appeal: the deadline it met reopens (missed as of today), in one transaction
run event delete "$appeal" --cascade
expect_rc 0
expect_out_has "deadline $appeal_dl: recomputed"
expect_eq "open|" "$(sql "SELECT status, coalesce(met_by_event_id::text, '') FROM deadline WHERE id = $appeal_dl")" "deadline reopened"
run deadline list --case tg
expect_out_has "missed"
# --cascade on the ruling: its fine (and equivalents) deleted, its deadline cancelled, all audited
appeal=$(tracker event add tg --type appeal_filed --date 2017-10-20 --title "Telegram appeals" 2>/dev/null)
run event delete "$ruling" --cascade
expect_rc 0
expect_out_has "fine 1 deleted"
expect_out_has "deadline $appeal_dl: appeal cancelled"
expect_eq "0|0" "$(sql "SELECT (SELECT count(*) FROM fine), (SELECT count(*) FROM fine_equivalent)")" "fine and equivalents deleted"
expect_eq "vacated" "$(sql "SELECT status FROM deadline WHERE id = $appeal_dl")" "met deadline cancelled"
expect_eq 1 "$(sql "SELECT count(*) FROM audit WHERE table_name = 'fine' AND op = 'DELETE' AND cause = 'event delete $ruling --cascade'")" "fine deletion audited"
# one transaction: the event, fine and deadline changes share it
expect_eq 1 "$(sql "SELECT count(DISTINCT xact) FROM audit WHERE cause = 'event delete $ruling --cascade'")" "one transaction"
run event delete "$ruling" --cascade
expect_rc 1
expect_err_has "does not exist"

# a deleted event's cancelled deadlines stay cancelled when the case is recomputed
run deadline recompute --case tg
expect_rc 0
expect_eq "vacated" "$(sql "SELECT status FROM deadline WHERE id = $grace")" "still cancelled after recompute"
run event delete --help
expect_out_has "--cascade"
expect_out_has "STATUS:CANCELLED"
finish
