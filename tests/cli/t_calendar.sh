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
expect_err_has "covers 2013-2027"
run calendar show ZZ 2024
expect_rc 2
expect_err_has 'unknown jurisdiction "ZZ"'
run calendar show RU 20x4
expect_rc 2
run calendar years
expect_rc 0
expect_out_has "RU    2013-2027 (15 years)"
expect_out_has "US    2013-2030 (18 years)"
expect_out_has "GB    no calendar data"
expect_err_lacks "warning" # no case yet: no calendar matters

# US federal holidays 2027-2030 (migration 007, computed from 5 U.S.C. 6103).
run calendar show US 2027
expect_rc 0
expect_out_has "2027-06-18 Fri  non-working observed_holiday     Juneteenth National Independence Day (observed)"
expect_out_has "2027-07-05 Mon  non-working observed_holiday     Independence Day (observed)"
expect_out_has "2027-12-31 Fri  non-working observed_holiday     New Year's Day (observed)"
expect_out_has "2027-11-25 Thu  non-working holiday              Thanksgiving Day"
run deadline calc --jurisdiction US --from 2026-12-20 --days 14
expect_rc 0
expect_eq "2027-01-04" "$(printf '%s\n' "$OUT" | head -1)" "US deadline into 2027 (Sun 3 Jan rolls to Mon 4 Jan)"
run deadline calc --jurisdiction US --from 2028-11-01 --working-days 8
expect_eq "2028-11-14" "$(printf '%s\n' "$OUT" | head -1)" "8 working days over Veterans Day observed (Fri 10 Nov 2028)"
run calendar show US 2031
expect_rc 1
expect_err_has "covers 2013-2030"

# The end of a calendar is announced ahead: jurisdictions with cases, within 60 days.
run case add --title "Horizon" --jurisdiction RU
run calendar years
expect_err_lacks "warning" # RU 2027 is known (migration 008): nothing ends within 60 days of 2026-11-24
export TRACKER_TODAY=2027-11-24
run calendar years
expect_err_has "warning: the RU working-day calendar ends on 2027-12-31, in 37 days: deadlines that reach into 2028 cannot be computed until its 2028 calendar is added"
expect_err_has "HINT: add the official calendar as a migration"
expect_err_lacks "the US working-day calendar"
run deadline list
expect_rc 0
expect_err_has "the RU working-day calendar ends on 2027-12-31, in 37 days"
run db status
expect_rc 0
expect_err_has "the RU working-day calendar ends on 2027-12-31"
TRACKER_TODAY=2027-06-01 run deadline list
expect_err_lacks "warning"
TRACKER_TODAY=2028-02-01 run deadline list
expect_err_has "warning: the RU working-day calendar ended on 2027-12-31: deadlines that reach past it cannot be computed"
export TRACKER_TODAY=2026-11-24

# RU 2027 (migration 008, generated from schema/calendars/ru/2027.xml): the transfers of 2027.
run calendar show RU 2027
expect_rc 0
expect_out_has "2027-02-20 Sat  working     shortened"
expect_out_has "2027-02-22 Mon  non-working transferred_day_off  Transferred day off (from 2027-02-20)"
expect_out_has "2027-05-03 Mon  non-working transferred_day_off  Transferred day off (from 2027-05-01)"
expect_out_has "2027-05-10 Mon  non-working transferred_day_off  Transferred day off (from 2027-05-09)"
expect_out_has "2027-06-14 Mon  non-working transferred_day_off  Transferred day off (from 2027-06-12)"
expect_out_has "2027-11-05 Fri  non-working transferred_day_off  Transferred day off (from 2027-01-02)"
expect_out_has "2027-12-31 Fri  non-working transferred_day_off  Transferred day off (from 2027-01-03)"
# 2027: 365 days, 104 weekend days less the working Saturday 20 Feb, 14 non-working weekdays.
expect_out_has "RU 2027: 247 working days, 118 non-working days"
# Periods that cross from 2026 into 2027.
run deadline calc --jurisdiction RU --from 2026-12-25 --days 10
expect_rc 0
expect_eq "2027-01-11" "$(printf '%s\n' "$OUT" | head -1)" "10 days from 2026-12-25 end on Mon 4 Jan 2027 (a holiday) and roll past the New Year holidays to Mon 11 Jan"
run deadline calc --jurisdiction RU --from 2026-12-25 --working-days 5
expect_eq "2027-01-12" "$(printf '%s\n' "$OUT" | head -1)" "5 working days: 28, 29, 30 Dec 2026 (31 Dec is a day off), then 11 and 12 Jan 2027"
run deadline calc --jurisdiction RU --from 2027-02-19 --working-days 1
expect_eq "2027-02-20" "$(printf '%s\n' "$OUT" | head -1)" "Saturday 20 Feb 2027 is a working day"
run deadline calc --jurisdiction RU --from 2027-12-25 --days 10
expect_rc 1
expect_err_has "no working-day calendar for RU in 2028"

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
run calendar close GB 2024-01-11 --name "Bank holiday (test)" --kind holiday --source "test" # (--source: required with --kind since migration 009)
expect_rc 0
run deadline calc --jurisdiction GB --from 2024-01-01 --days 10
expect_rc 0
expect_eq "2024-01-12" "$(printf '%s\n' "$OUT" | head -1)" "GB with added holiday"
run calendar add-year GB 2024 --source "again"
expect_rc 2
finish
