# tracker feed create|list|revoke|case-alarms: tokens from the OS, only their hash stored, never
# listed; names with CR/LF; bad options.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"
migrate
run case add --title "Telegram fined for refusing FSB keys" --jurisdiction RU --tag privacy \
  --external-id telegram
expect_rc 0

run feed create --case telegram --alarms 7d,1d --reminders 7d --base-url https://feeds.example.org/
expect_rc 0
expect_out_has "created feed 1"
URL=$(printf '%s\n' "$OUT" | sed -n 's/^url: //p')
TOKEN=$(printf '%s' "$URL" | sed -n 's#^https://feeds.example.org/feeds/\([A-Za-z0-9_-]*\)\.ics$#\1#p')
expect_eq 43 "${#TOKEN}" "token length (256 bits, base64url)"
expect_out_has "webcal: webcal://feeds.example.org/feeds/$TOKEN.ics"
# Only the SHA-256 of the token is stored.
expect_eq "$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)" \
  "$(sql "SELECT token_sha256 FROM feed WHERE id = 1")" "stored hash"
expect_eq 0 "$(sql "SELECT count(*) FROM feed WHERE token_sha256 LIKE '%$TOKEN%' OR name LIKE '%$TOKEN%'")" "token not stored"
expect_eq "tracker: Telegram fined for refusing FSB keys" "$(sql "SELECT name FROM feed WHERE id = 1")" "default name"
expect_eq "{10080,1440}|{10080}" "$(sql "SELECT alarms::text || '|' || reminders::text FROM feed WHERE id = 1")" "stored offsets"

# Two feeds never share a token.
run feed create --all --json
expect_rc 0
T2=$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
expect_eq 43 "${#T2}" "json token length"
[ "$T2" != "$TOKEN" ] && pass || fail "two feeds got the same token"
expect_out_has '"url":	"http://127.0.0.1:8080/feeds/'

# A name with CR/LF, quotes and emoji is stored verbatim and listed on one line.
run feed create --jurisdiction RU --name $'Line one\r\nline "two" 😀' --include-events
expect_rc 0
expect_eq $'Line one\r\nline "two" 😀' "$(sql "SELECT name FROM feed WHERE id = 3")" "name verbatim"

run feed list
expect_rc 0
expect_out_has "tracker: Telegram fined for refusing FSB keys"
expect_out_has "filter: case 1; alarms: 7d,1d; reminders: 7d"
expect_out_has 'Line one  line "two" 😀'
expect_out_has "filter: jurisdiction RU with events; alarms: per case; reminders: none"
expect_out_lacks "$TOKEN"
expect_out_lacks "$T2"
run feed list --json
expect_rc 0
expect_out_lacks "$TOKEN"
expect_out_lacks "$(sql "SELECT token_sha256 FROM feed WHERE id = 1")"
expect_out_has '"alarms":	"7d,1d"'

run feed revoke 2
expect_rc 0
expect_out_has "revoked feed 2"
run feed revoke 2
expect_rc 0
expect_out_has "already revoked"
run feed list
expect_out_lacks "all deadlines"
run feed list --all
expect_out_has "REVOKED"
run feed revoke 99
expect_rc 1
expect_err_has "feed 99 does not exist"
run feed revoke abc
expect_rc 2

# Bad options: exit 2 and nothing written.
before=$(count feed)
run feed create
expect_rc 2
expect_err_has "give one of --case, --jurisdiction, --tag or --all"
run feed create --all --tag x
expect_rc 2
run feed create --all --alarms 1y
expect_rc 2
run feed create --all --reminders 36h
expect_rc 2
run feed create --all --name ""
expect_rc 2
run feed create --all --base-url ftp://x
expect_rc 2
run feed create --case nosuch
expect_rc 1
run feed create --jurisdiction ZZ
expect_rc 2
expect_eq "$before" "$(count feed)" "nothing written by failed creates"

# Per-case alarms.
run feed case-alarms telegram 2d,4h
expect_rc 0
expect_eq "{2880,240}" "$(sql "SELECT alarms::text FROM case_alarm")" "case alarms"
run feed case-alarms telegram none
expect_rc 0
expect_eq "{}" "$(sql "SELECT alarms::text FROM case_alarm")" "no case alarms"
run feed case-alarms telegram default
expect_rc 0
expect_eq 0 "$(count case_alarm)" "case alarms reset"
run feed case-alarms telegram 5q
expect_rc 2
run feed case-alarms nosuch 1d
expect_rc 1

# Every change to what a calendar can show moves the change marker.
g1=$(sql "SELECT generation FROM change_marker")
run event add telegram --type ruling --date 2017-10-16 --appeal-sutki 10
expect_rc 0
g2=$(sql "SELECT generation FROM change_marker")
[ "$g2" -gt "$g1" ] && pass || fail "change marker did not move ($g1 -> $g2)"
finish
