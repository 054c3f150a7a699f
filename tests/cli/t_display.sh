# Terminal escapes (issue 13 item 9): text holding control characters (OSC 52 writes the clipboard,
# ESC [ 2 J clears the screen, C1 CSI, CR overwrites a line) is stored verbatim and comes back
# verbatim in JSON, but every text output of the CLI (lists, show, tables, messages) shows it
# visibly: C0 controls and DEL as \xHH, C1 controls as \u00HH (core/text.h trk_text_display).
source "$(dirname "$0")/lib.sh"
migrate
HOSTILE=$'T \e]52;c;aGk=\a\e[2J\r\x7f\xc2\x9b1m end'   # titles and descriptions (CR allowed)
SHOWN='T \x1b]52;c;aGk=\x07\x1b[2J\x0d\x7f\u009b1m end'
ONE=$'O \e]52;c;aGk=\a\e[2J\x7f\xc2\x9b1m end'             # one-line fields (names, dockets)
ONE_SHOWN='O \x1b]52;c;aGk=\x07\x1b[2J\x7f\u009b1m end'

# no_raw WHAT: the last run's stdout and stderr hold no control character but LF.
no_raw() {
  if LC_ALL=C grep -qP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$TEST_TMP/out" "$TEST_TMP/err"; then
    fail "$1: raw control characters in the output"
  else
    pass
  fi
}

run rule add --code hostile --jurisdiction US --kind response --trigger complaint --days 21 --purpose procedural \
  --title "R$ONE" --basis "B$ONE"
expect_rc 0
run party add "P$ONE" --kind person
expect_rc 0
run case add --title "$HOSTILE" --jurisdiction US --summary $'line one\nline two \e[31mred' \
  --docket "D$ONE" --party "defendant:P$ONE"
expect_rc 0
CASE=$OUT
run source add "https://example.org/s" --title "S$HOSTILE" --publisher "Pub$ONE"
expect_rc 0
run event add "$CASE" --type complaint --date 2026-03-02 --title "E$HOSTILE" \
  --description "Desc$HOSTILE" --source https://example.org/s
expect_rc 0
EVENT=$(sql "SELECT id FROM event")
run fine add "$EVENT" --amount 100 --currency USD
expect_rc 0

# Stored verbatim.
expect_eq "$HOSTILE" "$(sql "SELECT title FROM legal_case")" "the title is stored verbatim"

run case list
expect_rc 0
expect_out_has "$SHOWN"
no_raw "case list"
run case show "$CASE"
expect_rc 0
expect_out_has "Case $CASE: $SHOWN"
expect_out_has "D$ONE_SHOWN"
expect_out_has "P$ONE_SHOWN"
expect_out_has "E$SHOWN"
expect_out_has "S$SHOWN"
expect_out_has "Pub$ONE_SHOWN"
expect_out_has $'    line one\n    line two \\x1b[31mred'
no_raw "case show"
# command|what it shows
while IFS='|' read -r cmd want; do
  run $cmd
  expect_rc 0
  expect_out_has "$want"
  no_raw "$cmd"
done <<L
event list|E$SHOWN
event show $EVENT|Desc$SHOWN
party list|P$ONE_SHOWN
source list|S$SHOWN
fine list|$SHOWN
deadline list|$SHOWN
rule list|B$ONE_SHOWN
rule show hostile|R$ONE_SHOWN
report case --param case=$CASE --format table|E${SHOWN/\\x0d/ }
report timeline --format table|E${SHOWN/\\x0d/ }
L

# (a table cell is one line: CR, LF and TAB become spaces there, as before)

# Messages carry user text too.
run case show "x$HOSTILE"
expect_rc 1
expect_err_has "x$SHOWN"
no_raw "an error message"

# JSON is unchanged: the exact text, control characters as JSON escapes (C1 and DEL raw, as JSON
# allows).
run case list --json
expect_rc 0
printf '%s' "$HOSTILE" >"$TEST_TMP/want"
python3 - "$TEST_TMP/out" "$TEST_TMP/want" <<'PY'
import json, sys
got = json.load(open(sys.argv[1], encoding="utf-8"))[0]["title"]
want = open(sys.argv[2], encoding="utf-8", newline="").read()
assert got == want, (got, want)
PY
expect_eq 0 $? "case list --json gives the title verbatim"
run export json --all
expect_rc 0
case "$OUT" in *'"T \u001b]52;c;aGk=\u0007\u001b[2J\r\u007f'$'\xc2\x9b''1m end"'*) pass ;; *) fail "export json keeps the text" ;; esac

# The same text through an import (\u001b in JSON).
cat >"$TEST_TMP/i.json" <<'J'
{"format": "tracker-interchange", "version": 1,
 "cases": [{"id": "imp", "title": "Imported \u001b]0;owned\u0007 \u009b2J", "jurisdiction": "US"}]}
J
run import "$TEST_TMP/i.json"
expect_rc 0
run case list
expect_out_has 'Imported \x1b]0;owned\x07 \u009b2J'
no_raw "case list after an import"
finish
