# Event types of a case's life after the decision (issue 12 item 4): block resolves block
# possible, block_lifted / payment / settlement are recorded, payment meets a payment deadline,
# the help says what each type does and rule list --trigger lists the rules a type triggers.
source "$(dirname "$0")/lib.sh"
migrate

# The Telegram sequel, by hand: the Supreme Court's rejection (a first-instance ruling of a higher
# court), Roskomnadzor's order with 15 days to comply, the block order, the block, its lifting.
run case add --title "Telegram: blocking in Russia" --jurisdiction RU --external-id tg-block
expect_rc 0
C=$OUT
run event add tg-block --type ruling --date 2018-03-20 --outcome rejected \
  --body "Supreme Court of the Russian Federation" --title "Supreme Court rejects Telegram's claim"
expect_rc 0
run event add tg-block --type order --date 2018-03-20 --body Roskomnadzor --body-kind regulator \
  --title "Roskomnadzor gives Telegram 15 days to hand over the keys" --deadline grace:15d
expect_rc 0
ORDER=$OUT
expect_err_has "grace due 2018-04-04"
expect_err_has "block_possible due 2018-04-05"
BP=$(sql "SELECT id FROM deadline WHERE trigger_event_id = $ORDER AND kind = 'block_possible'")
expect_eq "open" "$(sql "SELECT status FROM deadline WHERE id = $BP")" "block possible before the block"
run event add tg-block --type ruling --date 2018-04-13 --body "Tagansky District Court" \
  --title "Tagansky District Court orders Telegram blocked"
expect_rc 0
run event add tg-block --type block --date 2018-04-16 --title "Roskomnadzor starts blocking Telegram"
expect_rc 0
BLOCK=$OUT
expect_eq "met $BLOCK" "$(sql "SELECT status || ' ' || met_by_event_id FROM deadline WHERE id = $BP")" \
  "a recorded block resolves block possible (met by the block, 11 days after its date)"
expect_eq "open" "$(sql "SELECT status FROM deadline WHERE trigger_event_id = $ORDER AND kind = 'grace'")" \
  "the grace period itself is not met by the block"
run deadline show "$BP"
expect_rc 0
expect_out_has "met"
run event add tg-block --type block_lifted --date 2020-06-18 --title "Roskomnadzor lifts the block"
expect_rc 0
LIFT=$OUT
expect_eq "block_lifted" "$(sql "SELECT type FROM event WHERE id = $LIFT")" "block_lifted recorded"
expect_eq "0" "$(sql "SELECT count(*) FROM deadline WHERE trigger_event_id = $LIFT")" \
  "block_lifted makes no deadline"
run event list tg-block
expect_out_has "block_lifted"
run export timeline --case tg-block --as-of 2020-07-01
expect_rc 0
expect_out_has "Roskomnadzor lifts the block"

# A vacated block resolves nothing: block possible is open again; undone, the block meets it.
run event edit "$BLOCK" --vacated
expect_rc 0
expect_eq "open" "$(sql "SELECT status FROM deadline WHERE id = $BP")" "a vacated block resolves nothing"
run event edit "$BLOCK" --not-vacated
expect_eq "met $BLOCK" "$(sql "SELECT status || ' ' || met_by_event_id FROM deadline WHERE id = $BP")" \
  "the block again"
# Deleting the block says what depends on it (the met block possible) and refuses without --cascade.
run event delete "$BLOCK"
expect_rc 1
expect_err_has "deadline $BP (block_possible, due 2018-04-05) is met by this event"
# A grace period met by compliance supersedes block possible; the block then changes nothing.
run event add tg-block --type compliance --date 2018-04-01 --title "Telegram complies (hypothetical)"
CMP=$OUT
expect_eq "superseded" "$(sql "SELECT status FROM deadline WHERE id = $BP")" "grace met: block possible superseded"
run event edit "$CMP" --vacated
expect_eq "met $BLOCK" "$(sql "SELECT status || ' ' || met_by_event_id FROM deadline WHERE id = $BP")" \
  "compliance vacated: the block meets block possible again"

# payment meets a payment deadline on time, not a late one; settlement is recorded.
run case add --title "NetzDG fine" --jurisdiction EU
P=$OUT
run event add "$P" --type fine --date 2019-07-02 --title "Fine of 2 million euros" \
  --fine 2000000 --currency EUR --deadline payment:2019-08-01
expect_rc 0
FINE=$OUT
PD=$(sql "SELECT id FROM deadline WHERE trigger_event_id = $FINE AND kind = 'payment'")
run event add "$P" --type payment --date 2019-08-05 --title "Paid late"
LATE=$OUT
expect_eq "open" "$(sql "SELECT status FROM deadline WHERE id = $PD")" "a late payment does not meet it"
run event add "$P" --type payment --date 2019-07-30 --title "Fine paid"
PAID=$OUT
expect_eq "met $PAID" "$(sql "SELECT status || ' ' || met_by_event_id FROM deadline WHERE id = $PD")" \
  "a payment on time meets the payment deadline"
run event add "$P" --type settlement --date 2019-09-01 --title "Settlement"
expect_rc 0
expect_eq "settlement" "$(sql "SELECT type FROM event WHERE case_id = $P ORDER BY id DESC LIMIT 1")" "settlement recorded"

# An unknown type: exit 2, nothing written; the message lists the new words.
n=$(count event)
run event add "$P" --type block_lifed --date 2019-09-01
expect_rc 2
expect_err_has "block_lifted"
expect_eq "$n" "$(count event)" "nothing written"
# The database refuses an unknown type too (migration 014's CHECK).
expect_eq "rejected" "$(sql "INSERT INTO event (case_id, type, date, title) VALUES ($P, 'lifted', '2020-01-01', 'x')" 2>/dev/null && echo accepted || echo rejected)" "CHECK refuses an unknown type"

# Help: every type with its effect; rule list --trigger TYPE lists what the type triggers.
run event add --help
expect_out_has "block           access restricted; meets (resolves) the case's block_possible deadline"
expect_out_has "payment         a payment made; meets the case's payment deadline when on time"
expect_out_has "tracker rule list --trigger TYPE"
run rule list --trigger appeal_decided
expect_rc 0
expect_out_has "ru-grace-compliance"
expect_out_lacks "ru-coao-30.3"
run rule list --trigger block
expect_rc 0
expect_out_lacks "ru-"
run rule list --trigger blok
expect_rc 2
expect_err_has 'invalid value for --trigger: "blok"'
# A rule may trigger on a new type.
run rule add --code de-test-settlement --jurisdiction EU --trigger settlement --kind other \
  --title "Report the settlement" --days 30 --basis "test rule"
expect_rc 0
run rule list --trigger settlement
expect_out_has "de-test-settlement"
# The interchange format carries the new types; an imported block resolves block possible too.
cat >"$TEST_TMP/seq.json" <<'J'
{"format": "tracker-interchange", "version": 1,
 "cases": [{"id": "tg-import", "title": "Telegram sequel (imported)", "jurisdiction": "RU",
   "events": [
     {"id": "tgi:order", "type": "order", "date": "2018-03-20", "title": "15 days to comply",
      "deadlines": [{"kind": "grace", "period": {"count": 15, "unit": "calendar_days"}}]},
     {"id": "tgi:block", "type": "block", "date": "2018-04-16", "title": "Blocked"},
     {"id": "tgi:lifted", "type": "block_lifted", "date": "2020-06-18", "title": "Unblocked"},
     {"id": "tgi:paid", "type": "payment", "date": "2018-05-01", "title": "Fine paid"},
     {"id": "tgi:settled", "type": "settlement", "date": "2020-06-19", "title": "Settled"}]}]}
J
# first without the block (block possible open), then the file again with it: the block alone is
# new, and the importer hands it to the engine
grep -v '"tgi:block"' "$TEST_TMP/seq.json" >"$TEST_TMP/seq1.json"
run import "$TEST_TMP/seq1.json"
expect_rc 0
expect_eq "open" "$(sql "SELECT status FROM deadline WHERE kind = 'block_possible' AND trigger_event_id = (SELECT id FROM event WHERE external_id = 'tgi:order')")" "block possible open before the block is imported"
run import "$TEST_TMP/seq.json"
expect_rc 0
expect_eq "met|tgi:block" "$(sql "SELECT d.status || '|' || e.external_id FROM deadline d JOIN event e ON e.id = d.met_by_event_id WHERE d.kind = 'block_possible' AND d.trigger_event_id = (SELECT id FROM event WHERE external_id = 'tgi:order')")" \
  "an imported block meets block possible"
run export json --case tg-import
expect_rc 0
expect_out_has '"type": "block_lifted"'
expect_out_has '"type": "settlement"'
finish
