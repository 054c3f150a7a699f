# tracker jurisdiction add|list|edit: a new jurisdiction with and without calendar years; bad input
# (an existing code, an unknown time zone or parent) exits 2 with nothing written; audited.
source "$(dirname "$0")/lib.sh"
migrate
export TRACKER_TODAY=2019-08-01

# --- bad input: exit 2, nothing written ----------------------------------------------------------
before=$(snapshot)
run jurisdiction add RU --name "Russia again" --tz Europe/Moscow
expect_rc 2; expect_err_has "jurisdiction RU already exists"
run jurisdiction add DE --name Germany --tz Europe/Bonn
expect_rc 2; expect_err_has 'unknown time zone "Europe/Bonn"'
run jurisdiction add DE --name Germany --tz "Europe/Berlin'; DROP TABLE event; --"
expect_rc 2; expect_err_has "unknown time zone"
run jurisdiction add DE --name Germany --tz Europe/Berlin --parent XX
expect_rc 2; expect_err_has 'unknown parent jurisdiction "XX"'
run jurisdiction add de --name Germany --tz Europe/Berlin
expect_rc 2; expect_err_has 'invalid jurisdiction code "de"'
run jurisdiction add DEU --name Germany --tz Europe/Berlin
expect_rc 2
run jurisdiction add DE --name "" --tz Europe/Berlin
expect_rc 2
run jurisdiction add DE --name Germany --tz Europe/Berlin --calendar-years 2019-2020
expect_rc 2; expect_err_has "needs --calendar-source"
run jurisdiction add DE --name Germany --tz Europe/Berlin --calendar-years 2020-2019 --calendar-source x
expect_rc 2
run jurisdiction add DE --name Germany
expect_rc 2; expect_err_has "missing required option --tz"
expect_eq "$before" "$(snapshot)" "bad input writes nothing"
expect_eq 0 "$(sql "SELECT count(*) FROM jurisdiction WHERE code = 'DE'")" "no DE"

# --- without a calendar: deadlines that need it are refused until years are added ---------------
run jurisdiction add DE --name Germany --tz Europe/Berlin --parent EU
expect_rc 0
expect_out_has "jurisdiction DE added: Germany, time zone Europe/Berlin, under EU"
expect_out_has "calendar: no years known"
expect_eq "Germany|Europe/Berlin|EU" "$(sql "SELECT name, time_zone, parent FROM jurisdiction WHERE code = 'DE'")" "stored"
expect_eq "INSERT|DE|jurisdiction add DE --name Germany --tz Europe/Berlin --parent EU" "$(sql "SELECT op, row_key, cause FROM audit WHERE table_name = 'jurisdiction'")" "audited with its key and cause"
run jurisdiction list
expect_rc 0
expect_out_has "DE      EU      Europe/Berlin        unknown"
run jurisdiction list --json
/usr/bin/python3 -c 'import json,sys; d={j["code"]: j for j in json.load(sys.stdin)}; assert d["DE"]["parent"]=="EU" and d["DE"]["calendar_years"]==0; assert d["RU"]["calendar_first"]==2013' <<<"$OUT" && pass || fail "jurisdiction list --json"
run case add --title "NetzDG: Facebook fined" --jurisdiction DE --external-id netzdg
expect_rc 0
case_de=$OUT
before=$(snapshot)
run event add netzdg --type ruling --date 2019-07-02 --title "BfJ fines Facebook 2 million euros" --deadline appeal:14d
expect_rc 1
expect_err_has "no working-day calendar data for DE"
expect_eq "$before" "$(snapshot)" "a refused deadline writes nothing (not even the event)"
# a date set by the source needs no calendar
run event add netzdg --type ruling --date 2019-07-02 --title "BfJ fines Facebook 2 million euros" --deadline appeal:2019-07-16
expect_rc 0
expect_err_has "appeal due 2019-07-16"

# --- edit: calendar years added, then the period can be computed -------------------------------
run jurisdiction edit DE --calendar-years 2019-2020 --calendar-source "Mon-Fri week (example; no holidays yet)"
expect_rc 0
expect_out_has "calendar: 2019-2020 (2 years"
expect_eq 2 "$(sql "SELECT count(*) FROM calendar_year WHERE jurisdiction = 'DE'")" "two years"
expect_eq 2 "$(sql "SELECT count(*) FROM audit WHERE table_name = 'calendar_year' AND row_key LIKE 'DE:%'")" "calendar years audited"
run event add netzdg --type order --date 2019-07-05 --title "Order to report" --deadline response:14d
expect_rc 0
expect_err_has "response due 2019-07-19"
run deadline calc --jurisdiction DE --from 2020-12-20 --days 14
expect_rc 1; expect_err_has "DE"
run jurisdiction edit DE --calendar-years 2020 --calendar-source again
expect_rc 2; expect_err_has "already has calendar data"
# other edits
run jurisdiction edit DE --name "Federal Republic of Germany" --tz Europe/Busingen
expect_rc 0
expect_eq "Federal Republic of Germany|Europe/Busingen" "$(sql "SELECT name, time_zone FROM jurisdiction WHERE code = 'DE'")" "edited"
expect_eq "Germany|Federal Republic of Germany" "$(sql "SELECT old_row->>'name', new_row->>'name' FROM audit WHERE table_name = 'jurisdiction' AND op = 'UPDATE'")" "edit audited old -> new"
before=$(snapshot)
run jurisdiction edit EU --parent DE
expect_rc 2; expect_err_has "cannot be under DE"
run jurisdiction edit DE --parent DE
expect_rc 2
run jurisdiction edit DE --tz Mars/Olympus
expect_rc 2
run jurisdiction edit XX --name x
expect_rc 2; expect_err_has 'unknown jurisdiction "XX"'
run jurisdiction edit DE
expect_rc 2; expect_err_has "nothing to change"
expect_eq "$before" "$(snapshot)" "refused edits write nothing"
run jurisdiction edit DE --no-parent
expect_rc 0
expect_eq "" "$(sql "SELECT parent FROM jurisdiction WHERE code = 'DE'")" "parent removed"
# a child of a new jurisdiction, with its calendar from the start
run jurisdiction add DE-BY --name Bavaria --tz Europe/Berlin --parent DE --calendar-years 2019 --calendar-source "example"
expect_rc 0
expect_out_has "calendar: 2019-2019 (1 year;"
run calendar years DE-BY
expect_out_has "2019-2019"
run jurisdiction --help
expect_out_has "add"
run jurisdiction add --help
expect_out_has "pg_timezone_names"
finish
