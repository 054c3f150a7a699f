# Hostile text in calendar exports: case titles, tags, event text and calendar names of every
# length around the 75-octet fold (ASCII, escaped characters, 2- and 4-byte UTF-8, CR/LF) go
# through `tracker export ics --include-events`. The file must stay a valid iCalendar stream:
# CRLF line ends only, no physical line over 75 octets, no UTF-8 sequence split by a fold, every
# unfolded line NAME[;PARAMS]:VALUE, no empty line; python3-icalendar reads every title back
# exactly (CR and CRLF read as LF).
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
migrate
$PY -c 'import icalendar' 2>/dev/null || { echo "python3-icalendar missing (apt-get install python3-icalendar)"; pass; finish; }

# Titles: for each alphabet, lengths that put the end of the line on every fold position.
$PY - "$TEST_TMP/titles" <<'PYEOF'
import sys
out = open(sys.argv[1], "wb")
alphabets = ["x", ",", "ы", "😀", "a;b\\", "line\nbreak ", "cr\r\nlf "]
for a in alphabets:
    for n in range(1, 90):
        t = (a * n)[: max(1, n)]
        out.write(t.encode() + b"\0")
PYEOF
# Most titles go in with one SQL statement (the export is under test, not `case add`, which
# t_inject covers); the first few of each alphabet also through the CLI with an appeal deadline.
$PY -c 'import json,sys; print(json.dumps([t.decode() for t in open(sys.argv[1],"rb").read().split(b"\0") if t]))' \
  "$TEST_TMP/titles" >"$TEST_TMP/titles.json"
psql -X -q -v ON_ERROR_STOP=1 -d "$TEST_DB" -v j="$(cat "$TEST_TMP/titles.json")" >/dev/null <<'SQL' && pass || fail "could not insert the titles"
WITH c AS (INSERT INTO legal_case (title, jurisdiction, tags)
           SELECT t, 'RU', ARRAY['ics-test'] FROM json_array_elements_text(:'j'::json) t RETURNING id, title)
INSERT INTO event (case_id, type, date, title, description) SELECT id, 'hearing', '2017-10-17', title, title FROM c;
SQL
i=0
while IFS= read -r -d '' t; do
  i=$((i + 1))
  [ $((i % 89)) -le 3 ] || continue
  id=$("$TRACKER_BIN" case add --title "$t" --jurisdiction RU 2>/dev/null) || { fail "case add failed for title #$i"; continue; }
  "$TRACKER_BIN" event add "$id" --type ruling --date 2017-10-16 --title "$t" --appeal-days 10 >/dev/null 2>&1 ||
    fail "event add failed for title #$i"
done <"$TEST_TMP/titles"
# Tags and names that make CATEGORIES and NAME lines of every length.
for k in $(seq 44 58); do
  tag=$(head -c "$k" /dev/zero | tr '\0' t)
  id=$("$TRACKER_BIN" case add --title "tags $k" --jurisdiction RU --tag "$tag" --tag second-tag) &&
    "$TRACKER_BIN" event add "$id" --type ruling --date 2017-10-16 --appeal-days 10 >/dev/null 2>&1 || fail "tag case $k"
done
check() { # FILE: prints problems, one per line
  $PY - "$1" <<'PYEOF'
import sys, re
data = open(sys.argv[1], "rb").read()
probs = []
if not data.endswith(b"\r\n"):
    probs.append("does not end with CRLF")
lines = data.split(b"\r\n")[:-1]
for n, l in enumerate(lines, 1):
    if b"\r" in l or b"\n" in l:
        probs.append("line %d: bare CR or LF" % n)
    if len(l) > 75:
        probs.append("line %d: %d octets" % (n, len(l)))
    try:
        l.decode("utf-8")
    except UnicodeDecodeError:
        probs.append("line %d: UTF-8 sequence split by a fold" % n)
unfolded = data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").split(b"\r\n")[:-1]
for l in unfolded:
    if l == b"":
        probs.append("an empty content line (libical 3.0 folds inside its CRLF at 73+74k octets)")
    elif not re.match(rb"^[A-Za-z0-9-]+[;:]", l):
        probs.append("not a content line: %r" % l[:60])
print("\n".join(sorted(set(probs))))
PYEOF
}
for name in "" "$(head -c 73 /dev/zero | tr '\0' n)" $'Evil\r\nX-INJECTED:1' "$(printf 'ы%.0s' $(seq 40))"; do
  if [ -n "$name" ]; then run export ics --all --include-events --name "$name" -o "$TEST_TMP/a.ics"
  else run export ics --all --include-events -o "$TEST_TMP/a.ics"; fi
  expect_rc 0
  probs=$(check "$TEST_TMP/a.ics")
  [ -z "$probs" ] && pass || fail "export (name [$name]) is not valid iCalendar: $(head -5 <<<"$probs")"
  grep -q '^X-INJECTED' "$TEST_TMP/a.ics" && fail "a name injected a property" || pass
done
# Every title reads back exactly with an independent parser.
got=$($PY - "$TEST_TMP/a.ics" "$TEST_TMP/titles" <<'PYEOF'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
summaries = [str(e.get("summary")) for e in cal.walk("VEVENT")]
titles = [t.decode() for t in open(sys.argv[2], "rb").read().split(b"\0") if t]
missing = 0
for t in titles:
    want = t.replace("\r\n", "\n").replace("\r", "\n")
    if not any(want in s for s in summaries):
        missing += 1
        if missing <= 3:
            print("missing %r" % want[:60])
print("missing=%d of %d" % (missing, len(titles)))
PYEOF
)
case "$got" in *"missing=0 of"*) pass ;; *) fail "titles not read back by python3-icalendar: $got" ;; esac
finish
