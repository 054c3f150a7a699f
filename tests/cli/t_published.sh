# What published outputs say (issue 12 items 6, 7, 8), with golden files in tests/golden/published:
# deadline statuses as of the export (default today, or --as-of), vacated and deleted items left
# out of timelines unless --include-vacated (then marked), "Cancelled: " before the SUMMARY of a
# cancelled calendar event (STATUS and SEQUENCE kept), the fine as people write it with its
# equivalents, no developer text, and what a deadline range does not know.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"
GOLD="$TRACKER_SRC/tests/golden/published"
golden() { # golden FILE NAME: compare (or with UPDATE_GOLDEN=1 write) tests/golden/published/NAME
  [ "${UPDATE_GOLDEN:-0}" = 1 ] && cp "$1" "$GOLD/$2"
  cmp -s "$1" "$GOLD/$2"
  expect_eq 0 $? "$2 equals tests/golden/published/$2 (diff: $(diff "$GOLD/$2" "$1" 2>&1 | head -5))"
}
export TRACKER_TODAY=2018-04-01
migrate
run import "$TRACKER_SRC/examples/telegram.json" --quiet
expect_rc 0
H=$(uid_host)
TG=telegram-fsb-keys-2017
# A mistyped ruling, marked vacated (the bare "ruling" card of the issue), with its appeal deadline.
run event add $TG --type ruling --date 2017-12-20
expect_rc 0
BARE=$OUT
run event edit "$BARE" --vacated
expect_rc 0
BARE_DL=$(sql "SELECT id FROM deadline WHERE trigger_event_id = $BARE")
expect_eq "vacated" "$(sql "SELECT status FROM deadline WHERE id = $BARE_DL")" "its deadline is vacated"
# A wrong order with a grace period, deleted: its deadline stays, cancelled ("deadline · vacated").
run event add $TG --type order --date 2018-01-10 --title "Wrong order" --deadline grace:15d
WRONG=$OUT
WRONG_DL=$(sql "SELECT id FROM deadline WHERE trigger_event_id = $WRONG AND kind = 'grace'")
run event delete "$WRONG" --cascade
expect_rc 0
expect_eq "vacated" "$(sql "SELECT status FROM deadline WHERE id = $WRONG_DL")" "the deleted event's deadline is cancelled"
# A ruling whose receipt date is not known: its appeal deadline is a range.
run case add --title "Range: receipt unknown" --jurisdiction RU --external-id rng
run event add rng --type ruling --date 2018-03-01 --title "Ruling, receipt not recorded" \
  --fine 100000 --currency RUB --equivalent 1750:USD:2018-03-01
expect_rc 0

# 6. Statuses as of today ($TRACKER_TODAY = 2018-04-01): both Telegram deadlines have passed.
run export timeline --case $TG -o "$TEST_TMP/tl.json"
expect_rc 0
golden "$TEST_TMP/tl.json" telegram.timelinejs.json
python3 - "$TEST_TMP/tl.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
heads = [e["text"]["headline"] for e in d["events"]]
assert "FSB deadline to provide decryption information (missed)" in heads, heads
assert "Appeal deadline (missed)" in heads, heads
assert "Fine payment deadline (missed)" in heads, heads
# the one open item is the entry into force (an in_force date is never "missed")
assert [h for h in heads if "open)" in h] == ["Ruling in force if not appealed (open)"], heads
# 7. the vacated ruling and the deleted order's grace period are left out
assert "Ruling" not in heads, heads
assert not any("vacated" in h or "Grace" in h or "Wrong order" in h for h in heads), heads
assert len(d["events"]) == 13, len(d["events"])  # 8 events, 5 deadlines (3 of the fine's life)
assert not any("vacated" in (e["text"]["headline"]) for e in d.get("eras", []))
# 8. the fine as people write it
ruling = [e for e in d["events"] if e["unique_id"] == "telegram-2017:ruling"][0]
assert "<p>Fine: 800,000 RUB, unpaid. Equivalent to 12,000 EUR as of 16 October 2017 (about 12,000 euros, as reported by AFP); 14,000 USD as of 16 October 2017 (about $14,000, as reported by AFP).</p>" in ruling["text"]["text"], ruling["text"]["text"]
PY
expect_eq 0 $? "timeline: statuses as of today, vacated left out, fine in words"
run case show $TG
expect_out_has "missed"
# every output alike: plain JSON, HTML, .ics
run export timeline --case $TG --format json
expect_rc 0
printf '%s\n' "$OUT" >"$TEST_TMP/plain.json"
python3 - "$TEST_TMP/plain.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
st = {i["id"]: i["status"] for i in d["items"] if i["item"] == "deadline"}
assert st == {"telegram-2017:fsb-request:response": "missed", "telegram-2017:ruling:appeal": "missed",
              "local:deadline:3": "open", "local:deadline:4": "missed", "local:deadline:5": "missed"}, st
assert d["as_of"] == "2018-04-01"
assert not any(i.get("vacated") for i in d["items"])
PY
expect_eq 0 $? "plain timeline: the same statuses, as_of, nothing vacated"
run export html --case $TG -o "$TEST_TMP/page.html"
expect_rc 0
golden "$TEST_TMP/page.html" telegram.html
grep -c 'deadline &middot; missed as of 1 April 2018' "$TEST_TMP/page.html" | grep -qx 4
expect_eq 0 $? "HTML: the four passed deadlines (FSB, appeal, payment, non-payment) missed as of 1 April 2018"
grep -q 'class="[a-z_ -]*vacated"\|(vacated)\|Wrong order\|<h2>Ruling</h2>' "$TEST_TMP/page.html" && fail "HTML shows a vacated item" || pass
grep -q 'TimelineJS3\|script id' "$TEST_TMP/page.html" && fail "developer text on the page" || pass
# --as-of: the day before the FSB deadline both are open
run export html --case $TG --as-of 2017-09-13
expect_out_lacks "missed"
expect_out_has "deadline &middot; open as of 13 September 2017"

# 7. --include-vacated shows them, marked.
run export html --case $TG --include-vacated -o "$TEST_TMP/vac.html"
expect_rc 0
golden "$TEST_TMP/vac.html" telegram-include-vacated.html
grep -q "<li class=\"event type-ruling vacated\" id=\"local:event:$BARE\">" "$TEST_TMP/vac.html"
expect_eq 0 $? "the vacated ruling is shown, marked"
grep -q '<h2>Ruling (vacated)</h2>' "$TEST_TMP/vac.html"
expect_eq 0 $? "its headline says vacated"
grep -q "<li class=\"deadline vacated\" id=\"local:deadline:$WRONG_DL\">" "$TEST_TMP/vac.html"
expect_eq 0 $? "the deleted order's grace period is shown, marked"
run export timeline --case $TG --include-vacated
expect_out_has '"headline": "Ruling (vacated)"'
expect_out_has '"headline": "Grace period to comply (vacated)"'
expect_out_has '<p>Vacated (marked so in the record).</p>'

# 7. Calendars: a cancelled event's SUMMARY starts with "Cancelled: ", STATUS and SEQUENCE kept.
run export ics --case $TG --include-events --reminders 1d --as-of 2018-04-01 -o "$TEST_TMP/tg.ics"
expect_rc 0
sed -e 's/^DTSTAMP:.*/DTSTAMP:(normalized)/' -e 's/^LAST-MODIFIED:.*/LAST-MODIFIED:(normalized)/' -e "s/@$H/@HOST/g" "$TEST_TMP/tg.ics" >"$TEST_TMP/tg.norm.ics"
golden "$TEST_TMP/tg.norm.ics" telegram.ics
parse_ics "$TEST_TMP/tg.ics" tg
W="d[\"events\"][\"deadline-$WRONG_DL@$H\"]"
expect_j tg "$W[\"summary\"]" "Cancelled: Grace period to comply: Telegram fined for refusing FSB keys (RU)"
expect_j tg "$W[\"status\"]" "CANCELLED"
expect_j tg "$W[\"sequence\"]" "$(sql "SELECT revision FROM deadline WHERE id = $WRONG_DL")"
expect_j tg "d[\"events\"][\"deadline-$BARE_DL@$H\"][\"summary\"].startswith('Cancelled: ')" true
expect_j tg "d[\"events\"][\"event-$BARE@$H\"][\"summary\"]" "Cancelled: Ruling: Telegram fined for refusing FSB keys (RU)"
expect_j tg "d[\"events\"][\"event-$BARE@$H\"][\"status\"]" "CANCELLED"
expect_j tg "d[\"events\"][\"reminder-1d-deadline-$WRONG_DL@$H\"][\"summary\"]" "Cancelled: 1 day until: Grace period to comply: Telegram fined for refusing FSB keys (RU)"
AP=$(sql "SELECT id FROM deadline WHERE external_id = 'telegram-2017:ruling:appeal'")
expect_j tg "d[\"events\"][\"deadline-$AP@$H\"][\"summary\"]" "Appeal deadline: Telegram fined for refusing FSB keys (RU)"
expect_j tg "d[\"events\"][\"deadline-$AP@$H\"][\"status\"]" "CONFIRMED"
expect_j tg "'Status: missed (as of 2018-04-01; revision 1)' in d[\"events\"][\"deadline-$AP@$H\"][\"description\"]" true
run export ics --case $TG --as-of 2017-10-20 -o "$TEST_TMP/early.ics"
expect_rc 0
parse_ics "$TEST_TMP/early.ics" early
expect_j early "'Status: open (as of 2017-10-20; revision 1)' in d[\"events\"][\"deadline-$AP@$H\"][\"description\"]" true
run export ics --case $TG --as-of 2017-10-32
expect_rc 2
expect_err_has 'invalid date for --as-of: "2017-10-32"'

# 8. The range says what is not known: the receipt date, not "the trigger date".
run export ics --case rng --include-events -o "$TEST_TMP/rng.ics"
expect_rc 0
parse_ics "$TEST_TMP/rng.ics" rng
RD=$(sql "SELECT d.id FROM deadline d JOIN legal_case c ON c.id = d.case_id WHERE c.external_id = 'rng' AND d.kind = 'appeal'")
expect_j rng "'(the date its trigger was received (served) is not known; shown on the earliest date)' in d[\"events\"][\"deadline-$RD@$H\"][\"description\"]" true
expect_j rng "'uncertain' in d[\"events\"][\"deadline-$RD@$H\"][\"description\"]" false
RE=$(sql "SELECT e.id FROM event e JOIN legal_case c ON c.id = e.case_id WHERE c.external_id = 'rng'")
expect_j rng "'Fine: 100,000 RUB, unpaid. Equivalent to 1,750 USD as of 1 March 2018.' in d[\"events\"][\"event-$RE@$H\"][\"description\"]" true
run export html --case rng
expect_out_has "(the receipt date is not known).</p>"
expect_out_has "Fine: 100,000 RUB, unpaid. Equivalent to 1,750 USD as of 1 March 2018."
# a paid fine says when
run fine edit "$(sql "SELECT id FROM fine WHERE event_id = $RE")" --paid-on 2018-03-20
expect_rc 0
run export timeline --case rng
expect_out_has "Fine: 100,000 RUB, paid on 20 March 2018."
finish
