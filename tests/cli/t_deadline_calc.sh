# tracker deadline calc: first line is the ISO due date; errors for unknown jurisdictions, years
# without calendar data and impossible periods; writes nothing.
source "$(dirname "$0")/lib.sh"
migrate

calc() { run deadline calc "$@"; }
first() { printf '%s\n' "$OUT" | head -1; }

calc --jurisdiction RU --from 2017-10-16 --sutki 10
expect_rc 0; expect_eq 2017-10-26 "$(first)"
calc --jurisdiction RU --from 2024-10-25 --days 10
expect_eq 2024-11-05 "$(first)"
calc --jurisdiction RU --from 2024-10-25 --days 10 --roll none
expect_eq 2024-11-04 "$(first)"
calc --jurisdiction RU --from 2024-04-18 --days 10 --roll back
expect_eq 2024-04-27 "$(first)" "roll back to the working Saturday"
calc --jurisdiction RU --from 2024-04-26 --working-days 1
expect_eq 2024-04-27 "$(first)" "working Saturday"
calc --jurisdiction RU --from 2024-04-26 --working-days 2 --explain
expect_eq 2024-05-02 "$(first)"
expect_out_has "2024-04-29 (Monday) is not a working day: Transferred day off"
calc --jurisdiction RU --from 2024-12-21 --days 10
expect_eq 2025-01-09 "$(first)" "New Year holidays"
calc --jurisdiction RU --from 2024-01-31 --months 1
expect_eq 2024-02-29 "$(first)" "Jan 31 + 1 month, leap"
calc --jurisdiction RU --from 2023-01-31 --months 1 --explain
expect_eq 2023-02-28 "$(first)"
expect_out_has "2023-02 has no day 31"
calc --jurisdiction RU --from 2024-02-29 --years 1
expect_eq 2025-02-28 "$(first)"
calc --jurisdiction US --from 2024-05-10 --days 14 --mail --explain
expect_eq 2024-05-28 "$(first)" "FRCP 6(d) over Memorial Day"
expect_out_has "3 days added after the period expired"
calc --jurisdiction US --from 2022-05-22 --days 28 --json
expect_rc 0
expect_out_has '"due_on":	"2022-06-21"'

# errors
snap=$(snapshot)
calc --jurisdiction ZZ --from 2024-01-01 --days 10
expect_rc 2; expect_err_has 'unknown jurisdiction "ZZ"'
calc --jurisdiction RU --from 2030-01-01 --days 10
expect_rc 1; expect_err_has "no working-day calendar for RU in 2030"
calc --jurisdiction GB --from 2024-01-01 --days 10
expect_rc 1; expect_err_has "no working-day calendar data for GB"
calc --jurisdiction RU --from 2030-01-01 --sutki 10
expect_rc 0; expect_eq 2030-01-11 "$(first)" "сутки need no calendar"
calc --jurisdiction RU --from 2024-01-01 --days 0
expect_rc 2; expect_err_has "impossible period"
calc --jurisdiction RU --from 2024-01-01 --sutki 10 --roll forward
expect_rc 2; expect_err_has "сутки never roll"
calc --jurisdiction RU --from 2024-01-01 --months 5000
expect_rc 2; expect_err_has "impossible period"
calc --jurisdiction RU --from 2024-01-01
expect_rc 2; expect_err_has "give exactly one of"
calc --jurisdiction RU --from 2024-01-01 --days 3 --months 1
expect_rc 2
calc --jurisdiction RU --from 2017-02-30 --days 3
expect_rc 2; expect_err_has "invalid date for --from"
calc --jurisdiction RU --from 2024-01-01 --days 3 --roll sideways
expect_rc 2
calc --from 2024-01-01 --days 3
expect_rc 2; expect_err_has "missing required option --jurisdiction"
expect_eq "$snap" "$(snapshot)" "calc writes nothing"
finish
