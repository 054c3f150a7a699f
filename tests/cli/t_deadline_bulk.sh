# The bulk engine path (trk_deadlines_on_events_bulk) on a few thousand events: every rule-made
# deadline appears once, a second run changes nothing, a mass date correction recomputes with
# history, and date-precision ranges.
source "$(dirname "$0")/lib.sh"
migrate
export TRACKER_TODAY=2026-11-24

sql "INSERT INTO legal_case (title, jurisdiction) SELECT 'case ' || g, CASE WHEN g % 2 = 0 THEN 'RU' ELSE 'US' END
     FROM generate_series(1, 300) g" >/dev/null
sql "INSERT INTO event (case_id, type, date, title)
     SELECT 1 + g % 300, (ARRAY['ruling', 'order', 'complaint', 'appeal_filed', 'statement'])[1 + g % 5],
            DATE '2014-01-01' + (g * 7919) % 4300, 'event ' || g FROM generate_series(1, 4000) g" >/dev/null
# expected: RU ruling -> appeal; US ruling -> appeal + other; US complaint -> response
want=$(sql "SELECT sum(CASE WHEN c.jurisdiction = 'RU' AND e.type = 'ruling' THEN 1
                            WHEN c.jurisdiction = 'US' AND e.type = 'ruling' THEN 2
                            WHEN c.jurisdiction = 'US' AND e.type = 'complaint' THEN 1 ELSE 0 END)
            FROM event e JOIN legal_case c ON c.id = e.case_id")
run deadline recompute --all
expect_rc 0
expect_out_has "$want deadlines created, 0 revisions added"
expect_eq "$want" "$(sql "SELECT count(*) FROM deadline")" "deadline count"
expect_eq "0" "$(sql "SELECT count(*) FROM (SELECT trigger_event_id, kind FROM deadline GROUP BY 1, 2 HAVING count(*) > 1) d")" "no duplicates"
# appeals filed in the same case between a ruling and its deadline meet it
expect_eq "0" "$(sql "SELECT count(*) FROM deadline d JOIN event t ON t.id = d.trigger_event_id
                      WHERE d.kind = 'appeal' AND d.status = 'open' AND EXISTS (
                        SELECT 1 FROM event f WHERE f.case_id = d.case_id AND f.type = 'appeal_filed'
                        AND f.date BETWEEN t.date AND coalesce(d.latest_on, d.due_on))")" "met where filed in time"
expect_eq "0" "$(sql "SELECT count(*) FROM deadline d JOIN event f ON f.id = d.met_by_event_id
                      WHERE f.date > coalesce(d.latest_on, d.due_on)")" "never met late"

run deadline recompute --all
expect_out_has "0 deadlines created, 0 revisions added"

# Correct every ruling's date by one day: each of their deadlines moves (or keeps its date after a
# roll), history rows match the revisions added.
sql "UPDATE event SET date = date + 1 WHERE type = 'ruling'" >/dev/null
run deadline recompute --all
expect_rc 0
added=$(sql "SELECT sum(revision - 1) FROM deadline")
expect_eq "$added" "$(sql "SELECT count(*) FROM deadline_revision")" "history rows = revisions"
[ "$added" -gt 0 ] && pass || fail "no revisions after a mass correction"

# date known only to the month: a range from the first to the last possible day
run case add --title "US month" --jurisdiction US
C=$OUT
run event add "$C" --type ruling --date 2024-06
expect_rc 0
expect_eq "2024-07-01|2024-07-01|2024-07-30" "$(sql "SELECT due_on, earliest_on, latest_on FROM deadline WHERE case_id = $C AND kind = 'appeal'")" "month precision range"
finish
