# tracker rule list|show|add|edit|retire: starter rules, previews, --apply.
source "$(dirname "$0")/lib.sh"
migrate
export TRACKER_TODAY=2026-11-24

run rule list
expect_rc 0
expect_out_has "ru-coao-30.3-appeal-sutki"
expect_out_has "ru-coao-30.3-appeal-days"
expect_out_has "ru-apc-259-appeal"
expect_out_has "ru-grace-compliance"
expect_out_has "ru-block-possible"
expect_out_has "us-frcp-12a-answer-mail"
run rule show ru-coao-30.3-appeal-sutki
expect_rc 0
expect_out_has "to 2024-10-28"
expect_out_has "RU CoAO art. 30.3(1)"
run rule list --json --jurisdiction US
expect_rc 0
expect_out_has '"code":	"us-frap-4a1a-appeal"'
expect_out_lacks '"RU"'
run rule show nosuchrule
expect_rc 1
expect_err_has 'rule "nosuchrule" does not exist'

# APC one month applies to cases tagged procedure:apc (more specific than CoAO).
run case add --title "Arbitrazh" --jurisdiction RU --tag procedure:apc
CA=$OUT
run event add "$CA" --type ruling --date 2024-10-04
expect_eq "2024-11-05|ru-apc-259-appeal" "$(sql "SELECT d.due_on, r.code FROM deadline d JOIN rule r ON r.id = d.rule_id WHERE d.case_id = $CA AND d.kind = 'appeal'")" "APC month"

run case add --title "CoAO" --jurisdiction RU
CC=$OUT
run event add "$CC" --type ruling --date 2026-11-02 --received-on 2026-11-02
D=$(sql "SELECT id FROM deadline WHERE case_id = $CC")
expect_eq "2026-11-12|1" "$(sql "SELECT due_on, revision FROM deadline WHERE id = $D")" "before edit"

# edit without --apply: the rule changes, the deadline does not (listed as would-change).
run rule edit ru-coao-30.3-appeal-days --days 15
expect_rc 0
expect_out_has "deadline $D (case $CC"
expect_out_has "2026-11-12 -> 2026-11-17"
expect_out_has "not applied"
expect_eq "2026-11-12|1" "$(sql "SELECT due_on, revision FROM deadline WHERE id = $D")" "unchanged without --apply"
expect_eq "15" "$(sql "SELECT period_count FROM rule WHERE code = 'ru-coao-30.3-appeal-days'")" "rule changed"
run rule edit ru-coao-30.3-appeal-days --days 15 --apply
expect_rc 0
expect_eq "2026-11-17|2" "$(sql "SELECT due_on, revision FROM deadline WHERE id = $D")" "changed with --apply"
run deadline explain "$D"
expect_out_has "10 days"   # basis text is the rule's; period line shows 15
expect_out_has "period: 15 calendar days"

# retire: with --apply, its open deadlines are superseded.
run rule retire ru-coao-30.3-appeal-days
expect_rc 0
expect_out_has "open -> superseded"
expect_eq "open" "$(sql "SELECT status FROM deadline WHERE id = $D")" "retire without apply"
run rule retire ru-coao-30.3-appeal-days
expect_rc 1
expect_err_has "already retired"

# add: a new rule; bad input is a usage error and writes nothing.
# (--purpose: required for RU since migration 009, whose days differ per purpose)
run rule add --code ru-test-order --jurisdiction RU --trigger order --kind compliance \
  --title "Comply with the order" --working-days 5 --basis "test basis" --purpose procedural
expect_rc 0
run case add --title "Order" --jurisdiction RU
CO=$OUT
run event add "$CO" --type order --date 2024-04-26
expect_eq "2024-05-07|ru-test-order" "$(sql "SELECT d.due_on, r.code FROM deadline d JOIN rule r ON r.id = d.rule_id WHERE d.case_id = $CO")" "5 working days over the May holidays"
snap=$(snapshot)
run rule add --code bad --jurisdiction RU --trigger ruling --kind appeal --title T --sutki 5 --roll forward --basis b
expect_rc 2; expect_err_has "сутки never roll"
run rule add --code bad --jurisdiction RU --trigger ruling --kind appeal --title T --days 0 --basis b
expect_rc 2
run rule add --code bad --jurisdiction RU --trigger nonsense --kind appeal --title T --days 3 --basis b
expect_rc 2
run rule add --code bad --jurisdiction RU --trigger ruling --kind appeal --title T --basis b
expect_rc 2; expect_err_has "give a period"
run rule add --code ru-test-order --jurisdiction RU --trigger ruling --kind appeal --title T --days 3 --basis b
expect_rc 2
run rule add --code bad2 --jurisdiction ZZ --trigger ruling --kind appeal --title T --days 3 --basis b
expect_rc 2
run rule add --code bad3 --jurisdiction RU --trigger ruling --kind appeal --title T --days 3 --basis b --valid-from 2025-01-01 --valid-to 2024-01-01
expect_rc 2
expect_eq "$snap" "$(snapshot)" "failed adds wrote nothing"
finish
