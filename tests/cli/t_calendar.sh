# tracker calendar show|years|close|add-year.
source "$(dirname "$0")/lib.sh"
migrate
export TRACKER_TODAY=2026-11-24

run calendar show RU 2024
expect_rc 0
expect_out_has "RU 2024: 248 working days, 118 non-working days"
expect_out_has "2024-04-27 Sat  working     working_weekend"
expect_out_has "2024-04-29 Mon  non-working transferred_day_off  Transferred day off (from 2024-04-27)"
expect_out_has "2024-11-04 Mon  non-working holiday              Unity Day"
run calendar show RU 2017 --json
expect_rc 0
expect_out_has '"working_days":	247'
run calendar show US 2022
expect_out_has "Juneteenth National Independence Day (observed)"
run calendar show RU 2030
expect_rc 1
expect_err_has "no working-day calendar for RU in 2030"
expect_err_has "covers 2013-2026"
run calendar show ZZ 2024
expect_rc 2
expect_err_has 'unknown jurisdiction "ZZ"'
run calendar show RU 20x4
expect_rc 2
run calendar years
expect_rc 0
expect_out_has "RU    2013-2026 (14 years)"
expect_out_has "GB    no calendar data"

# A court closure moves a deadline that ended on it, in one transaction, with a revision.
run case add --title "Closure" --jurisdiction RU
C=$OUT
run event add "$C" --type ruling --date 2024-06-03 --appeal-days 10
D=$(sql "SELECT id FROM deadline WHERE case_id = $C")
expect_eq "2024-06-13|1" "$(sql "SELECT due_on, revision FROM deadline WHERE id = $D")" "before closure"
run calendar close RU 2024-06-13 --name "Court closed (flood)"
expect_rc 0
expect_out_has "1 deadline revision"
expect_eq "2024-06-14|2" "$(sql "SELECT due_on, revision FROM deadline WHERE id = $D")" "after closure"
run deadline explain "$D"
expect_out_has "Court closed (flood)"
run calendar close RU 2030-01-10 --name x
expect_rc 1
expect_err_has "no working-day calendar for RU in 2030"

# add-year makes a year usable (default week), then closures can be added.
run deadline calc --jurisdiction GB --from 2024-01-01 --days 10
expect_rc 1
run calendar add-year GB 2024 --source "test"
expect_rc 0
run calendar close GB 2024-01-11 --name "Bank holiday (test)" --kind holiday
expect_rc 0
run deadline calc --jurisdiction GB --from 2024-01-01 --days 10
expect_rc 0
expect_eq "2024-01-12" "$(printf '%s\n' "$OUT" | head -1)" "GB with added holiday"
run calendar add-year GB 2024 --source "again"
expect_rc 2
finish
