# The main CLI paths under valgrind memcheck: any leak or invalid access fails the test.
source "$(dirname "$0")/../cli/lib.sh"
source "$(dirname "$0")/vg_lib.sh"
vg db migrate
vg case add --title "Telegram fined" --jurisdiction RU --external-id tg --party "defendant:Telegram" --tag x
vg event add tg --type ruling --date 2017-10-16 --fine 800000 --currency RUB --equivalent 14000:USD --appeal-sutki 10 --source https://example.org/a
vg event add tg --type request --date 2017-07 --deadline response:2017-09-14
vg event edit 1 --date 2017-10-17
vg case show tg
vg case show tg --json
vg case list --json
vg event list --json
vg fine list
vg party list
vg case edit tg --add-tag y --expect-version 1
vg case add --title X --jurisdiction XX
vg event add tg --type ruling --date 2017-02-30
vg --db "host=/nonexistent port=1" case list
vg db status --json
# The other command families: import/export, engine, calendars, reports, feeds.
vg import "$TRACKER_SRC/examples/telegram.json"
expect_rc 0
vg import "$TRACKER_SRC/examples/telegram.json"
expect_out_has "0 inserted, 0 updated, 36 unchanged"
vg deadline list --json
vg deadline explain 1
vg deadline explain 1 --json
vg deadline calc --jurisdiction RU --from 2024-04-26 --working-days 3 --explain --json
vg deadline calc --jurisdiction RU --from 2030-01-01 --days 3
vg rule list
vg calendar show RU 2024
vg export ics --all --include-events --reminders 7d,1d -o "$TEST_TMP/all.ics"
grep -q "DTSTART;VALUE=DATE:20171026" "$TEST_TMP/all.ics" && pass || fail "export ics under valgrind"
vg export json --all -o "$TEST_TMP/all.json"
vg export timeline --case telegram-fsb-keys-2017
vg export html --case telegram-fsb-keys-2017 -o "$TEST_TMP/t.html"
vg report fines --format table
vg report case --param case=telegram-fsb-keys-2017 --format json
vg feed create --case telegram-fsb-keys-2017 --reminders 7d
vg feed list --json
printf '{"format":"tracker-interchange","version":1,"cases":[{"id":"x","title":"t","jurisdiction":"RU","events":[{"id":"e","type":"ruling","date":"2017-02-30","title":"x"}]}]}' >"$TEST_TMP/bad.json"
vg import "$TEST_TMP/bad.json"
# CourtListener dockets: both shapes, bad input, a bad pattern list
vg import --format courtlistener "$TRACKER_SRC/examples/courtlistener/ca1_46307.json"
expect_rc 0
vg import --format courtlistener "$TRACKER_SRC/examples/courtlistener/v4-ca1_46307.json"
expect_rc 0
printf '{"court_id": "ca1", "case_name": 7, "docket_entries": [{"date_filed": "2020-02-30"}], "parties": {"x": 1}}' >"$TEST_TMP/badcl.json"
vg import --format courtlistener "$TEST_TMP/badcl.json"
expect_rc 2
printf '{"appellate_courts": "(", "entries": [{"match": "x", "type": "nope"}], "deadlines": []}' >"$TEST_TMP/badpat.json"
vg import --format courtlistener "$TRACKER_SRC/examples/courtlistener/ca1_46307.json" --patterns "$TEST_TMP/badpat.json"
expect_rc 2
finish
