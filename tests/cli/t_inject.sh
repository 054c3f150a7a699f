# SQL-injection and bad-text corpus through every text field of the CLI (case add/edit, event
# add/edit, party add, source add) and of `tracker import` (JSON documents and JSON Lines):
#   - valid text (quotes, comment markers, '; DROP TABLE ..., dollar quotes, backslashes, COPY
#     markers, format strings, control characters, RTL/zero-width/emoji, values of exactly the
#     maximum length, multi-line text with LF and CRLF) is stored and shown back verbatim: the
#     --json output is compared to the input byte for byte;
#   - invalid UTF-8 (bad bytes, overlongs, surrogates, truncated sequences), line breaks in
#     single-line fields, oversized values (argv up to 100 KB, import up to 4 MB through a file
#     and through stdin), NUL, bad URLs and bad tags are refused with one clear error naming the
#     field or JSON path, a non-zero exit (2 for the CLI), and nothing written;
#   - the schema is intact afterwards (pg_dump --schema-only fingerprint) and filters with
#     injected text match nothing.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
migrate

# (pg_dump 15.14+ writes a random \restrict key on every run: left out.)
fingerprint() {
  pg_dump --schema-only --no-owner --no-privileges -d "$TEST_DB" | grep -vE '^(--|\\(un)?restrict )' |
    md5sum | cut -d' ' -f1
}
fp_before=$(fingerprint)
[ -n "$fp_before" ] && pass || fail "could not fingerprint the schema"

# xfail DESCRIPTION COND...: a known, reported bug; counted apart so the suite stays green, and
# says XPASS once fixed (then turn it into a normal check).
XFAILS=0
xfail() {
  local what=$1; shift
  if "$@"; then printf 'XPASS %s: %s (known bug fixed: make this a normal check)\n' "$TEST_NAME" "$what"
  else XFAILS=$((XFAILS + 1)); printf 'XFAIL %s: %s (known bug, reported)\n' "$TEST_NAME" "$what"; fi
}

# ---- the corpus: one file per payload, exact bytes (read back with read -d '' to keep them) ----
P=$TEST_TMP/payload
mkdir -p "$P"
$PY - "$P" <<'PYEOF'
import sys, os
d = sys.argv[1]
single = [
    "'; DROP TABLE legal_case; --",
    "Robert'); DROP TABLE event;--",
    "\" OR 1=1 --",
    "' OR '1'='1' /* comment */ --",
    "/* */ SELECT pg_sleep(10); -- ",
    "$1 $$ $tag$ dollar $tag$ quotes $$",
    "E'\\\\x00' \\ back\\slash \\\\ \\' \\N \\.",
    "%s %n %x %99999999d {0} ${HOME} $(id) `id`",
    "{\"json\": \"in text\"} [1,2] null",
    "tab\there and \x01\x02\x1b[31m escape \x7f del",
    "📅 emoji, Мещанский суд, 中文, עברית \u202eRTL\u202c zero\u200bwidth \ufeffBOM",
    "\uffff \U0010ffff noncharacters",
    "   leading and trailing spaces   ",
    "x" * 1000,                     # exactly the short maximum
    "ы" * 500,                      # 1000 bytes of two-byte characters
    "a:b:c colons",
    ";,\\ ICS specials",
]
multi = [
    "line 1\nline 2\n\nline 4",
    "crlf\r\nline\r\n",
    "lone\rcr",
    "\\.\nCOPY end marker on its own line\n\\.",
    "trailing newline\n",
    "\nleading newline",
    "a\tb\tc\nd\te\tf",
]
for i, s in enumerate(single):
    open(os.path.join(d, "s%02d" % i), "wb").write(s.encode("utf-8"))
for i, s in enumerate(multi):
    open(os.path.join(d, "m%02d" % i), "wb").write(s.encode("utf-8"))
open(os.path.join(d, "long"), "wb").write(("z" * 99997 + "€").encode("utf-8"))  # exactly 100000 bytes
PYEOF

# jcheck FILE KEYPATH: the JSON in $OUT has, at KEYPATH (dots; numbers index arrays), exactly the
# bytes of FILE. Prints nothing on success, the difference otherwise.
jcheck() {
  local got
  got=$($PY - "$1" "$2" 3<<<"$OUT" <<'PYEOF'
import sys, json
want = open(sys.argv[1], "rb").read().decode("utf-8")
try:
    v = json.load(open(3))
    for k in sys.argv[2].split("."):
        v = v[int(k)] if k.isdigit() else v[k]
except Exception as e:
    print("no such value (%s)" % e.__class__.__name__); sys.exit(0)
if v != want:
    print("want %r got %r" % (want[:200], (v or "")[:200]))
PYEOF
)
  if [ -z "$got" ]; then pass; else fail "$2 not verbatim: $got"; fi
}
# jfind KEY VALUEFILE: from a JSON array in $OUT, the index of the element whose KEY equals FILE.
jfind() {
  $PY - "$1" "$2" 3<<<"$OUT" <<'PYEOF'
import sys, json
want = open(sys.argv[2], "rb").read().decode("utf-8")
try:
    rows = json.load(open(3))
except Exception:
    rows = []
for i, e in enumerate(rows):
    if e.get(sys.argv[1]) == want:
        print(i); break
PYEOF
}
urlq() { $PY -c 'import sys,urllib.parse; print(urllib.parse.quote(open(sys.argv[1],"rb").read()[:300], safe="/:;=&\x27\"\\,$!*()+@"), end="")' "$1"; }

# ---- valid text through the CLI ----
# pre PREFIX VALUE: PREFIX then VALUE, keeping values over 900 bytes at their length (the prefix
# replaces as many leading bytes: prefixes have an even length, the long payloads are ASCII or
# two-byte characters, so no character is cut).
pre() { local LC_ALL=C p=$1 v=$2; if [ ${#v} -gt 900 ]; then printf '%s%s' "$p" "${v:${#p}}"; else printf '%s%s' "$p" "$v"; fi; }
n=0
for f in "$P"/s*; do
  IFS= read -r -d '' v <"$f"
  n=$((n + 1))
  ext=$(pre "$(printf 'e%02d-' $n)" "$v")
  run case add --title "$v" --summary "$v" --docket "$v" --external-id "$ext" \
    --body "$v" --party "defendant:$v" --jurisdiction RU --json
  expect_rc 0
  id=$($PY -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$OUT" 2>/dev/null)
  [ -n "$id" ] || { fail "case add gave no id for $(basename "$f")"; continue; }
  printf '%s' "$ext" >"$TEST_TMP/ext"
  run case show "$id" --json
  expect_rc 0
  for k in title summary docket body parties.0.name; do jcheck "$f" "$k"; done
  jcheck "$TEST_TMP/ext" external_id
  # looked up by its external id, whatever it contains
  run case show "$ext" --json
  expect_rc 0
  jcheck "$f" title

  url="https://example.org/$n?q=$(urlq "$f")"
  printf '%s' "$url" >"$TEST_TMP/url"
  pv=$(pre p- "$v"); bv=$(pre b- "$v"); ev=$(pre "$(printf 'v%02d-' $n)" "$v")
  run event add "$id" --type statement --date 2017-10-16 --title "$v" --description "$v" \
    --party "$pv" --body "$bv" --external-id "$ev" --source "$url"
  expect_rc 0
  eid=$(printf '%s' "$OUT" | head -1 | tr -cd 0-9)
  run event show "$eid" --json
  expect_rc 0
  for k in title description; do jcheck "$f" "$k"; done
  printf '%s' "$pv" >"$TEST_TMP/pv"; jcheck "$TEST_TMP/pv" party
  printf '%s' "$bv" >"$TEST_TMP/bv"; jcheck "$TEST_TMP/bv" body
  printf '%s' "$ev" >"$TEST_TMP/ev"; jcheck "$TEST_TMP/ev" external_id
  jcheck "$TEST_TMP/url" sources.0.url

  run party add "$(pre q- "$v")" --external-id "$(pre "$(printf 'q%02d-' $n)" "$v")" --kind person
  expect_rc 0
  run source add "$url&s=1" --publisher "$v" --title "$v"
  expect_rc 0
done

run party list --json
for f in "$P"/s*; do
  IFS= read -r -d '' v <"$f"
  pre q- "$v" >"$TEST_TMP/qv"
  i=$(jfind name "$TEST_TMP/qv")
  if [ -n "$i" ]; then pass; else fail "party q-$(head -c 40 "$f") not listed verbatim"; fi
done
run source list --json
for f in "$P"/s*; do
  i=$(jfind publisher "$f")
  if [ -n "$i" ]; then pass; jcheck "$f" "$i.title"; else fail "source publisher $(head -c 40 "$f") not listed verbatim"; fi
done

# Multi-line text where it is allowed: titles, summaries, descriptions, source titles.
for f in "$P"/m* "$P"/long; do
  IFS= read -r -d '' v <"$f"
  short=$v; [ "$(basename "$f")" = long ] && short="long"
  run case add --title "$short" --summary "$v" --jurisdiction RU --json
  expect_rc 0
  id=$($PY -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$OUT" 2>/dev/null)
  run case show "$id" --json
  jcheck "$f" summary
  [ "$short" = "$v" ] && jcheck "$f" title
  run event add "$id" --type hearing --date 2017-10-16 --title "$short" --description "$v"
  expect_rc 0
  eid=$(printf '%s' "$OUT" | head -1 | tr -cd 0-9)
  run event show "$eid" --json
  jcheck "$f" description
  # and an edit with the same text
  run case edit "$id" --summary "$v" --title "edited $short"
  expect_rc 0
  run case show "$id" --json
  jcheck "$f" summary
done

# ---- invalid text through the CLI: exit 2, the field named, nothing written ----
before=$(snapshot)
cid=$(sql "SELECT min(id) FROM legal_case")
eid=$(sql "SELECT min(id) FROM event")
bad=($'bad \xff byte' $'overlong \xc0\xaf slash' $'surrogate \xed\xa0\x80' $'too big \xf4\x90\x80\x80' \
     $'truncated \xe2\x82' $'lone continuation \x80' $'five bytes \xf8\x88\x80\x80\x80')
for b in "${bad[@]}"; do
  run case add --jurisdiction RU --title "$b"; expect_rc 2; expect_err_has "--title"; expect_err_has "UTF-8"
  for opt in summary docket external-id; do
    run case add --title ok --jurisdiction RU "--$opt" "$b"
    expect_rc 2; expect_err_has "--$opt"; expect_err_has "UTF-8"
  done
  run case add --title ok --jurisdiction RU --body "$b"
  expect_rc 2; expect_err_has "court or authority name"; expect_err_has "UTF-8"
  run case add --title ok --jurisdiction RU --party "defendant:$b"; expect_rc 2; expect_err_has "UTF-8"
  run case edit "$cid" --title "$b"; expect_rc 2; expect_err_has "UTF-8"
  run case edit "$cid" --add-party "defendant:$b"; expect_rc 2; expect_err_has "UTF-8"
  for opt in title description external-id; do
    run event add "$cid" --type statement --date 2017-10-16 "--$opt" "$b"
    expect_rc 2; expect_err_has "--$opt"; expect_err_has "UTF-8"
  done
  for opt in party body; do
    run event add "$cid" --type statement --date 2017-10-16 "--$opt" "$b"
    expect_rc 2; expect_err_has "name"; expect_err_has "UTF-8"
  done
  run event edit "$eid" --description "$b"; expect_rc 2; expect_err_has "UTF-8"
  run party add "$b"; expect_rc 2; expect_err_has "UTF-8"
  run party add ok --external-id "$b"; expect_rc 2; expect_err_has "UTF-8"
  run source add "https://example.org/ok" --publisher "$b"; expect_rc 2; expect_err_has "UTF-8"
  run source add "https://example.org/ok" --title "$b"; expect_rc 2; expect_err_has "UTF-8"
done
# Line breaks in single-line fields.
for lb in $'a\nb' $'a\rb' $'a\r\nb'; do
  for opt in docket external-id; do
    run case add --title ok --jurisdiction RU "--$opt" "$lb"; expect_rc 2; expect_err_has "line break"
  done
  run case add --title ok --jurisdiction RU --body "$lb"; expect_rc 2; expect_err_has "line break"
  run case add --title ok --jurisdiction RU --party "defendant:$lb"; expect_rc 2; expect_err_has "line break"
  run party add "$lb"; expect_rc 2; expect_err_has "line break"
  run source add "https://example.org/ok" --publisher "$lb"; expect_rc 2; expect_err_has "line break"
  run event add "$cid" --type statement --date 2017-10-16 --source "https://example.org/$lb"; expect_rc 2
done
# Oversized values (argv carries up to 128 KB per argument).
s1001=$(head -c 1001 /dev/zero | tr '\0' s)
l100001=$(head -c 100001 /dev/zero | tr '\0' l)
u1002=$($PY -c 'print("ы"*501, end="")')
run case add --jurisdiction RU --title "$s1001"; expect_rc 2; expect_err_has "too long"
for opt in docket external-id; do
  run case add --title ok --jurisdiction RU "--$opt" "$s1001"; expect_rc 2; expect_err_has "too long"
done
run case add --title ok --jurisdiction RU --body "$s1001"; expect_rc 2; expect_err_has "too long"
run case add --title "$u1002" --jurisdiction RU; expect_rc 2; expect_err_has "too long"
run case add --title ok --jurisdiction RU --summary "$l100001"; expect_rc 2; expect_err_has "too long"
run event add "$cid" --type statement --date 2017-10-16 --description "$l100001"; expect_rc 2; expect_err_has "too long"
run party add "$s1001"; expect_rc 2; expect_err_has "too long"
run source add "https://example.org/ok" --title "$s1001"; expect_rc 2; expect_err_has "too long"
run source add "https://example.org/$(head -c 2100 /dev/zero | tr '\0' u)"; expect_rc 2
# Tags are a closed alphabet; URLs must be http(s) without spaces or control characters.
for t in "x'; DROP TABLE legal_case;--" "UPPER" "with space" $'nl\n' "" "$(head -c 65 /dev/zero | tr '\0' t)"; do
  run case add --title ok --jurisdiction RU --tag "$t"; expect_rc 2; expect_err_has "tag"
done
for u in "javascript:alert(1)" "file:///etc/passwd" "https://exa mple.org/" $'https://example.org/\x01' "https://" "ftp://example.org/x"; do
  run event add "$cid" --type statement --date 2017-10-16 --source "$u"; expect_rc 2
  run source add "$u"; expect_rc 2
done
expect_eq "$before" "$(snapshot)" "nothing written by refused CLI commands"

# Filters and lookups with injected text match nothing and change nothing.
for q in "x' OR '1'='1" "RU' OR 1=1--" "%" "_" "*"; do
  run case list --tag "$q"; expect_rc 0; expect_out_has "(no cases)"
  run case list --external-id "$q" --json; expect_rc 0; expect_eq "[]" "$(tr -d ' \n\t' <<<"$OUT")" "no case for external id [$q]"
done
run case show "1 OR 1=1"; [ "$RC" != 0 ] && pass || fail "case show '1 OR 1=1' succeeded"
run case show "'; DROP TABLE legal_case;--"; expect_rc 1; expect_err_has "does not exist"
expect_eq "$before" "$(snapshot)" "nothing written by lookups"

# ---- tracker import: the same corpus as JSON, then hostile documents ----
# Record ids are identifiers (no spaces, at most 200 bytes): the payloads go in the text fields.
# Party names must stay unique and within 1000 bytes: "i" replaces a payload's first character;
# the expected names are written next to the payloads (P/i*).
$PY - "$P" "$TEST_TMP/doc.json" "$TEST_TMP/doc.jsonl" <<'PYEOF'
import sys, os, json
d, out, outl = sys.argv[1:4]
names = sorted(f for f in os.listdir(d) if f.startswith("s"))
vals = [open(os.path.join(d, f), "rb").read().decode() for f in names]
multi = [open(os.path.join(d, f), "rb").read().decode() for f in sorted(os.listdir(d)) if f.startswith("m")]
doc = {"format": "tracker-interchange", "version": 1, "parties": [], "sources": [], "cases": []}
for i, v in enumerate(vals):
    pname = "i" + v[1:]
    open(os.path.join(d, "i" + names[i][1:]), "wb").write(pname.encode())
    doc["parties"].append({"id": "imp-party:%d" % i, "name": pname, "kind": "person"})
    doc["sources"].append({"id": "imp-src:%d" % i, "url": "https://example.net/%d" % i,
                           "publisher": v, "title": v})
    doc["cases"].append({"id": "imp-case:%d" % i, "title": v, "jurisdiction": "RU",
                         "docket": v, "summary": v, "tags": ["imported"],
                         "parties": [{"party": "imp-party:%d" % i, "role": "defendant"}],
                         "events": [{"id": "imp-ev:%d" % i, "type": "statement",
                                     "date": "2017-10-16", "title": v, "description": v,
                                     "sources": ["imp-src:%d" % i]}]})
for i, v in enumerate(multi):
    doc["cases"].append({"id": "imp-multi:%d" % i, "title": "multi %d" % i, "jurisdiction": "RU",
                         "summary": v, "events": [{"id": "imp-mev:%d" % i, "type": "hearing",
                                                   "date": "2017-10-17", "title": "hearing %d" % i, "description": v}]})
json.dump(doc, open(out, "w"), ensure_ascii=False)
with open(outl, "w") as f:
    f.write(json.dumps({"record": "header", "format": "tracker-interchange", "version": 1}) + "\n")
    for i, v in enumerate(vals):
        f.write(json.dumps({"record": "case", "id": "jl-case:%d" % i, "title": v,
                            "jurisdiction": "RU", "summary": v}, ensure_ascii=True) + "\n")
PYEOF
run import "$TEST_TMP/doc.json" --quiet
expect_rc 0
run import "$TEST_TMP/doc.jsonl" --format jsonl --quiet
expect_rc 0
i=0
for f in "$P"/s*; do
  run case show "imp-case:$i" --json
  expect_rc 0
  for k in title summary docket events.0.title events.0.description sources.0.publisher sources.0.title; do
    jcheck "$f" "$k"
  done
  jcheck "$P/i${f##*/s}" parties.0.name
  run case show "jl-case:$i" --json
  expect_rc 0
  jcheck "$f" title
  jcheck "$f" summary
  i=$((i + 1))
done
i=0
for f in "$P"/m*; do
  run case show "imp-multi:$i" --json
  expect_rc 0
  for k in summary events.0.description; do jcheck "$f" "$k"; done
  i=$((i + 1))
done
# The CLI stores multi-line titles, and so does the importer (so every export imports again).
mkdoc() { $PY -c "import json,sys; print(json.dumps({'format':'tracker-interchange','version':1,'cases':[$1]}))" >"$TEST_TMP/bad"; }
mkdoc "{'id':'ml-title','title':'line 1\\nline 2','jurisdiction':'RU'}"
run import "$TEST_TMP/bad" --quiet
expect_rc 0
expect_eq "$(printf 'line 1\nline 2')" "$(sql "SELECT title FROM legal_case WHERE external_id = 'ml-title'")" "multi-line title imported verbatim"
sql "DELETE FROM legal_case WHERE external_id = 'ml-title'" >/dev/null
# Importing the same file again changes nothing.
before=$(snapshot)
run import "$TEST_TMP/doc.json"
expect_rc 0
expect_out_has "0 inserted, 0 updated"
expect_eq "$before" "$(snapshot)" "re-import is a no-op"

# Hostile documents: each refused with the JSON path (or the position) named, nothing written.
bad_import() { # NAME EXPECTED-STDERR-TEXT [import options]: the document is in $TEST_TMP/bad
  local name=$1 want=$2; shift 2
  run import "$TEST_TMP/bad" "$@"
  if [ "$RC" = 1 ] || [ "$RC" = 2 ]; then pass; else fail "$name: expected exit 1 or 2, got $RC"; fi
  expect_err_has "$want"
  expect_eq "$before" "$(snapshot)" "$name: nothing written"
}
mkdoc "{'id':'b1','title':'x'*1001,'jurisdiction':'RU'}"; bad_import "1001-byte title" '$.cases[0].title: too long'
mkdoc "{'id':'b1','title':'ok','jurisdiction':'RU','summary':'y'*(4*1024*1024)}"
bad_import "4 MB summary (file)" '$.cases[0].summary: too long'
run import - <"$TEST_TMP/bad"
[ "$RC" != 0 ] && pass || fail "4 MB summary on stdin accepted"
expect_err_has '$.cases[0].summary: too long'
mkdoc "{'id':'b1','title':'x'*(4*1024*1024),'jurisdiction':'RU','events':[{'id':'e','type':'statement','date':'2017-10-16','description':'d'*(4*1024*1024)}]}"
bad_import "4 MB title and description" '$.cases[0].events[0].description: too long'
mkdoc "{'id':'b1','title':'ok','jurisdiction':'RU','docket':'a\nb'}"; bad_import "line break in docket" '$.cases[0].docket'
mkdoc "{'id':'b1','title':'ok','jurisdiction':'RU','tags':[\"x'; DROP TABLE legal_case;--\"]}"; bad_import "injected tag" '$.cases[0].tags[0]'
mkdoc "{'id':'b1','title':'ok','jurisdiction':\"RU'; DROP TABLE legal_case;--\"}"; bad_import "injected jurisdiction" 'jurisdiction'
mkdoc "{'id':'b1','title':'ok','jurisdiction':'RU','events':[{'id':'e','type':'statement','date':'2017-10-16','sources':['javascript:alert(1)']}]}"
bad_import "unknown source reference" 'sources'
printf '{"format":"tracker-interchange","version":1,"cases":[{"id":"b1","title":"a\xffb","jurisdiction":"RU"}]}' >"$TEST_TMP/bad"
bad_import "raw invalid UTF-8" 'UTF-8'
printf '{"format":"tracker-interchange","version":1,"cases":[{"id":"b1","title":"a\xed\xa0\x80b","jurisdiction":"RU"}]}' >"$TEST_TMP/bad"
bad_import "raw surrogate" 'UTF-8'
printf '{"format":"tracker-interchange","version":1,"cases":[{"id":"b1","title":"a\\ud800b","jurisdiction":"RU"}]}' >"$TEST_TMP/bad"
bad_import "escaped lone surrogate" 'invalid JSON'
printf '{"format":"tracker-interchange","version":1,"cases":[{"id":"b1","title":"a","title":"b","jurisdiction":"RU"}]}' >"$TEST_TMP/bad"
bad_import "duplicate key" 'duplicate key'
$PY -c 'print("[" * 100000)' >"$TEST_TMP/bad"; bad_import "deep nesting" 'nesting too deep'
$PY -c 'import json; print(json.dumps({"record":"case","id":"x","title":"ok","jurisdiction":"RU","summary":"s"*(1100*1024)}))' >"$TEST_TMP/bad"
bad_import "JSON Lines record over 1 MB" 'too long' --format jsonl
head -c 3000000 /dev/urandom >"$TEST_TMP/bad"; bad_import "random bytes" 'error'
mkdoc "{'id':'b1','title':'ok','jurisdiction':'RU','summary':'s'*90000,'events':[{'id':'e%d'%i,'type':'statement','date':'2017-10-16','description':'d'*90000} for i in range(20)]}"
bad_import "over --max-size 1 (MB)" 'too large' --max-size 1
# A NUL escaped in JSON must not silently cut the text ("a\u0000b" stored as "a").
printf '{"format":"tracker-interchange","version":1,"cases":[{"id":"nul-case","title":"a\\u0000b","jurisdiction":"RU"}]}' >"$TEST_TMP/bad"
run import "$TEST_TMP/bad" --quiet
expect_rc_nonzero() { if [ "$RC" != 0 ]; then pass; else fail "$1: expected a refusal"; fi; }
expect_rc_nonzero 'import of "a\u0000b"'
expect_eq 0 "$(sql "SELECT count(*) FROM legal_case WHERE external_id = 'nul-case'")" "NUL escape refused, nothing stored"
sql "DELETE FROM legal_case WHERE external_id = 'nul-case'" >/dev/null
before=$(snapshot)

# ---- the schema afterwards ----
expect_eq "$fp_before" "$(fingerprint)" "schema fingerprint unchanged"
for t in legal_case event party source fine deadline audit; do
  expect_eq 1 "$(sql "SELECT count(*) FROM pg_class WHERE relname = '$t' AND relkind = 'r'")" "table $t still exists"
done
[ "$(count audit)" -gt 0 ] && pass || fail "audit rows were written"
finish
