# tracker event add|list|show|edit: sources, fines, explicit deadlines, corrections, atomicity.
source "$(dirname "$0")/lib.sh"
migrate
case_id=$(tracker case add --title "Telegram fined for refusing FSB keys" --jurisdiction RU --external-id tg)

# The Telegram ruling: 10 sutki appeal window from 2017-10-16 -> 2017-10-26.
run event add tg --type ruling --date 2017-10-16 --title "Court fines Telegram" \
  --body "Meshchansky District Court of Moscow" --party "Telegram Messenger LLP" \
  --source https://phys.org/news/2017-10-russia-fines-telegram-backdoor-access.html \
  --fine 800000 --currency RUB --equivalent 14000:USD:2017-10-16 --equivalent 12000:EUR:2017-10-16 \
  --appeal-sutki 10
expect_rc 0
ruling=$OUT
expect_err_has "appeal due 2017-10-26"
expect_eq "2017-10-26|open|sutki|none" "$(sql "SELECT due_on, status, period_unit, coalesce(roll, 'none') FROM deadline WHERE trigger_event_id = $ruling AND kind = 'appeal'")" "Telegram appeal deadline"
expect_eq "800000.00|RUB" "$(sql "SELECT amount, currency FROM fine WHERE event_id = $ruling")" "fine stored exactly"
expect_eq "EUR:12000.00,USD:14000.00" "$(sql "SELECT string_agg(currency || ':' || amount, ',' ORDER BY currency) FROM fine_equivalent")" "equivalents"
expect_eq 1 "$(sql "SELECT count(*) FROM event_source WHERE event_id = $ruling")" "source linked"

# A fixed deadline set by the source, and month precision.
run event add tg --type request --date 2017-07 --title "FSB demands decryption keys" --deadline response:2017-09-14
expect_rc 0
req=$OUT
expect_eq "2017-07-01|month" "$(sql "SELECT date, date_precision FROM event WHERE id = $req")" "month precision"
expect_eq "2017-09-14" "$(sql "SELECT due_on FROM deadline WHERE trigger_event_id = $req")" "fixed deadline"

# --appeal-days N: calendar days that roll forward past non-working days.
# 2017-10-28 (Sat) + 2 days = 2017-10-30 (Mon), a working day; +1 day = Sun 2017-10-29 -> Mon 30.
run event add tg --type ruling --date 2017-10-28 --title "Weekend ruling" --appeal-days 1
expect_rc 0
expect_eq "2017-10-30" "$(sql "SELECT due_on FROM deadline WHERE trigger_event_id = $OUT")" "days roll forward"

run event list --case tg
expect_rc 0
expect_out_has "FSB demands decryption keys"
run event list --case tg --json
/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); assert [e["date"] for e in d]==sorted(e["date"] for e in d); assert d[1]["fine"]["amount"]=="800000.00"' <<<"$OUT" && pass || fail "event list --json"
run event show "$ruling"
expect_rc 0
expect_out_has "Meshchansky District Court of Moscow"

# Correcting the trigger date recomputes the dependent deadline in one transaction.
run event edit "$ruling" --date 2017-10-17
expect_rc 0
expect_eq "2017-10-27" "$(sql "SELECT due_on FROM deadline WHERE trigger_event_id = $ruling AND kind = 'appeal'")" "recomputed after correction"
expect_eq "2" "$(sql "SELECT revision FROM deadline WHERE trigger_event_id = $ruling AND kind = 'appeal'")" "revision bumped"
expect_eq "2017-10-26" "$(sql "SELECT r.due_on FROM deadline_revision r JOIN deadline d ON d.id = r.deadline_id WHERE d.trigger_event_id = $ruling AND d.kind = 'appeal' AND r.revision = 1")" "history kept"

# Bad input: clear message, exit 2, nothing written.
before=$(snapshot)
run event add tg --type ruling --date 2017-02-30
expect_rc 2
expect_err_has 'invalid date "2017-02-30"'
run event add tg --type verdict --date 2017-10-16
expect_rc 2
expect_err_has 'invalid event type "verdict"'
run event add tg --type ruling --date 2017-10-16 --fine -5 --currency RUB
expect_rc 2
expect_err_has 'negative amount'
run event add tg --type ruling --date 2017-10-16 --fine 12,5 --currency RUB
expect_rc 2
expect_err_has 'malformed amount'
run event add tg --type ruling --date 2017-10-16 --fine 100 --currency RUR
expect_rc 2
expect_err_has 'unknown currency "RUR"'
run event add tg --type ruling --date 2017-10-16 --fine 100
expect_rc 2
expect_err_has '--fine needs --currency'
run event add tg --type ruling --date 2017-10-16 --deadline appeal:ten-days
expect_rc 2
run event add tg --type ruling --date 2017-10-16 --time 25:00 --tz Europe/Moscow
expect_rc 2
run event add tg --type ruling --date 2017-10-16 --time 10:00 --tz Mars/Olympus
expect_rc 2
expect_err_has 'unknown time zone'
run event add tg --type ruling --date 2017-10-16 --time 10:00
expect_rc 2
run event add tg --type statement --date 2017-10-16 --outcome rejected
expect_rc 2
run event add tg --type ruling --date 2017-10-16 --received-on 2017-10-01
expect_rc 2
run event add tg --type ruling --date 2017-10-16 --source "not a url"
expect_rc 2
run event add 424242 --type ruling --date 2017-10-16
expect_rc 1
expect_err_has 'case "424242" does not exist'
run event add tg --date 2017-10-16
expect_rc 2
expect_err_has "missing required option --type"
run event edit "$ruling" --received-on 2017-01-01
expect_rc 2
expect_eq "$before" "$(snapshot)" "failed commands wrote nothing"
run event show 999999
expect_rc 1

# The case shows the chain the rules foresee (appeal -> grace period -> block possible) until an
# appeal decision is recorded; then the engine makes the real deadlines instead.
run case show tg --as-of 2017-10-20
expect_out_has "What the rules say comes next"
expect_out_has "if the appeal is decided (rejected or upheld): Grace period to comply, period set by the order"
expect_out_has "if the grace deadline is missed: Block possible (grace period missed), 1 day(s) later"
run case show tg --json
/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); assert [r["kind"] for r in d["next_by_rules"]]==["grace","in_force","block_possible","payment","enforcement"], d["next_by_rules"]' <<<"$OUT" && pass || fail "next_by_rules in JSON"
run event add tg --type appeal_decided --date 2017-12-20 --outcome rejected --deadline grace:15d
expect_rc 0
# 2017-12-20 + 15 days = 2018-01-04, inside the New Year holidays (Jan 1-8): rolls to Tue 2018-01-09
expect_err_has "grace due 2018-01-09"
run case show tg --as-of 2017-12-21
expect_out_lacks "if the appeal is decided"
expect_out_has "grace deadline 2018-01-09 (open)"

# A fine added to an event that already has one is refused and the first stays.
run fine add "$ruling" --amount 1 --currency RUB
expect_rc 2
expect_err_has "already has a fine"
expect_eq 1 "$(count fine)" "one fine"
finish
