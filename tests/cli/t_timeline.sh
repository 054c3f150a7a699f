# tracker export timeline: TimelineJS3 JSON checked against the TimelineJS3 structure (a JSON
# Schema written from Knight Lab's format documentation), a golden file, and TimelineJS itself
# (from npm, tests/timeline) loading it unchanged in headless Chromium; plus the plain JSON form.
source "$(dirname "$0")/lib.sh"
source "$TRACKER_SRC/tests/timeline/render.sh"
GOLD="$TRACKER_SRC/tests/golden/timeline"
migrate
run import "$TRACKER_SRC/examples/telegram.json"
expect_rc 0

# The golden file is as of 2017-10-20: the FSB's 14 September deadline has passed (missed), the
# appeal deadline of 26 October has not (open).
run export timeline --case telegram-fsb-keys-2017 --as-of 2017-10-20
expect_rc 0
printf '%s\n' "$OUT" >"$TEST_TMP/tl.json"
[ "${UPDATE_GOLDEN:-0}" = 1 ] && cp "$TEST_TMP/tl.json" "$GOLD/telegram.timelinejs.json"
cmp -s "$TEST_TMP/tl.json" "$GOLD/telegram.timelinejs.json"
expect_eq 0 $? "TimelineJS export equals tests/golden/timeline/telegram.timelinejs.json"

# Structure: schema, unique ids, every event and deadline present, eras for the windows.
python3 - "$TEST_TMP/tl.json" "$TRACKER_SRC/tests/timeline/timelinejs3.schema.json" <<'PY'
import json, sys
doc, schema = (json.load(open(p)) for p in sys.argv[1:3])
try:
    import jsonschema
    jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
except ImportError:
    pass
ids = [e["unique_id"] for e in doc["events"]] + [e["unique_id"] for e in doc.get("eras", [])]
assert len(ids) == len(set(ids)), "unique_id values repeat"
heads = [e["text"]["headline"] for e in doc["events"]]
assert "Meshchansky District Court fines Telegram 800,000 rubles" in heads
assert "Appeal deadline (open)" in heads
assert "FSB deadline to provide decryption information (missed)" in heads, heads
assert doc["title"]["text"]["headline"] == "Telegram fined for refusing FSB keys"
ruling = [e for e in doc["events"] if e["unique_id"] == "telegram-2017:ruling"][0]
assert ruling["start_date"] == {"year": "2017", "month": "10", "day": "16"}, ruling["start_date"]
assert ruling["media"]["url"].startswith("https://phys.org/"), ruling["media"]
assert ruling["group"] == "Telegram Messenger LLP"
assert "Fine: 800,000 RUB, unpaid. Equivalent to 12,000 EUR as of 16 October 2017" in ruling["text"]["text"]
assert "800000" not in ruling["text"]["text"]
fsb = [e for e in doc["events"] if e["unique_id"] == "telegram-2017:fsb-request"][0]
assert fsb["start_date"] == {"year": "2017", "month": "7"}, "month precision keeps the day out"
eras = {e["unique_id"]: e for e in doc["eras"]}
appeal = eras["telegram-2017:ruling:appeal"]
assert appeal["start_date"] == {"year": "2017", "month": "10", "day": "16"}
assert appeal["end_date"] == {"year": "2017", "month": "10", "day": "26"}
assert len(doc["events"]) == 13, len(doc["events"])  # 8 events, 5 deadlines
PY
expect_eq 0 $? "TimelineJS3 structure"

# HTML in descriptions is escaped: a title with markup stays text.
cat >"$TEST_TMP/x.json" <<'J'
{"format": "tracker-interchange", "version": 1,
 "cases": [{"id": "x", "title": "<b>Bold</b> & co", "jurisdiction": "US",
   "events": [{"id": "x:1", "type": "statement", "date": "2020-05-01", "date_precision": "year",
               "title": "Says <script>alert(1)</script>", "description": "a < b & \"c\""}]}]}
J
run import "$TEST_TMP/x.json"
run export timeline --case x
expect_rc 0
expect_out_has '"text": "<p>a &lt; b &amp; &quot;c&quot;</p>"'
expect_out_has '"start_date": {
        "year": "2020"
      }'

# TimelineJS itself renders the export: one slide per event and deadline plus the title slide,
# one marker each, an era per deadline window, and no script errors.
if [ -n "$CHROMIUM" ] && [ -f "$TIMELINEJS_DIST/js/timeline.js" ]; then
  {
    printf '<!DOCTYPE html><html><head><meta charset="utf-8">\n'
    printf '<link rel="stylesheet" href="file://%s/css/timeline.css">\n' "$TIMELINEJS_DIST"
    printf '<script src="file://%s/js/timeline.js"></script></head>\n' "$TIMELINEJS_DIST"
    printf '<body><div id="tl" style="width:1200px;height:700px"></div><script>\n'
    printf 'window.__errors = [];\n'
    printf 'window.addEventListener("error", function (e) { window.__errors.push(String(e.message)); });\n'
    printf 'var data = '; cat "$TEST_TMP/tl.json"; printf ';\n'
    cat <<'JS'
try { new TL.Timeline('tl', data, {hash_bookmark: false}); } catch (e) { window.__errors.push(String(e)); }
setTimeout(function () {
  var r = document.createElement('pre'); r.id = 'result';
  r.textContent = JSON.stringify({
    slides: document.querySelectorAll('.tl-slide').length,
    headlines: Array.from(document.querySelectorAll('.tl-slide .tl-headline')).map(function (h) { return h.textContent; }),
    markers: document.querySelectorAll('.tl-timemarker').length,
    eras: document.querySelectorAll('.tl-timeera').length,
    errors: window.__errors});
  document.body.appendChild(r);
}, 3000);
</script></body></html>
JS
  } >"$TEST_TMP/tljs.html"
  chromium_run --virtual-time-budget=15000 --dump-dom "file://$TEST_TMP/tljs.html" >"$TEST_TMP/dom.html"
  python3 - "$TEST_TMP/dom.html" <<'PY'
import html, json, re, sys
m = re.search(r'<pre id="result">(.*?)</pre>', open(sys.argv[1]).read(), re.S)
assert m, "TimelineJS did not finish rendering"
r = json.loads(html.unescape(m.group(1)))
assert r["errors"] == [], r["errors"]
assert r["slides"] == 14, r
assert r["markers"] == 13, r
assert r["eras"] == 5, r
assert "Meshchansky District Court fines Telegram 800,000 rubles" in r["headlines"], r["headlines"]
assert "Appeal deadline (open)" in r["headlines"]
PY
  expect_eq 0 $? "TimelineJS renders the export in headless Chromium"
else
  echo "SKIP: TimelineJS rendering (needs chromium and tests/timeline/node_modules: scripts/test installs both)"
fi

# Hostile text (issue 13 item 10): every field TimelineJS puts into the page as HTML (headline,
# text, media caption and credit, group, era headline) carries markup as text; a media URL cannot
# break out of the attribute TimelineJS pastes it into (PDF and Google Docs media build
# <iframe src='URL'> by string concatenation).
P='<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=1\">'
cat >"$TEST_TMP/h.json" <<J
{"format": "tracker-interchange", "version": 1,
 "parties": [{"id": "p:h", "name": "Party $P"}],
 "sources": [{"id": "s:pdf", "url": "https://example.org/a'onload='window.__pwned=2'.pdf",
              "title": "Caption $P", "publisher": "Credit $P"},
             {"id": "s:gd", "url": "https://drive.google.com/open?id=x'onload='window.__pwned=3'",
              "title": "Doc $P"}],
 "cases": [{"id": "h", "title": "Case $P", "jurisdiction": "US", "summary": "Summary $P",
   "parties": [{"party": "p:h", "role": "defendant"}],
   "events": [{"id": "h:1", "type": "ruling", "date": "2020-05-01", "title": "Event $P",
               "description": "Text $P", "party": "p:h", "sources": ["s:pdf"],
               "deadlines": [{"kind": "appeal", "title": "Deadline $P", "due_on": "2020-05-20"}]},
              {"id": "h:2", "type": "statement", "date": "2020-06-01", "title": "Second $P",
               "sources": ["s:gd"]}]}]}
J
run import "$TEST_TMP/h.json"
expect_rc 0
run export timeline --case h --as-of 2020-05-10 --output "$TEST_TMP/h.tl.json"
expect_rc 0
python3 - "$TEST_TMP/h.tl.json" <<'PY'
import html, json, sys
doc = json.load(open(sys.argv[1]))
P = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
fields = [("title.headline", doc["title"]["text"]["headline"]), ("title.text", doc["title"]["text"]["text"])]
for e in doc["events"] + doc["eras"]:
    fields.append((e["unique_id"] + ".headline", e["text"]["headline"]))
    if "text" in e["text"]:
        fields.append((e["unique_id"] + ".text", e["text"]["text"]))
    for k in ("caption", "credit"):
        if k in e.get("media", {}):
            fields.append((e["unique_id"] + ".media." + k, e["media"][k]))
    if "group" in e:
        fields.append((e["unique_id"] + ".group", e["group"]))
hostile = [name for name, v in fields if "pwned" in v]
assert len(hostile) == 12, hostile
for name, v in fields:
    assert "<script" not in v and "<img" not in v, (name, v)
    if "pwned" not in v:
        continue
    if name.endswith(".text"):
        assert html.escape(P, quote=True).replace("&#x27;", "&#39;") in v, (name, v)
    elif name.endswith(".group"):
        # TimelineJS strips markup from a group (one level of entities) before using it as HTML
        assert '"' not in v and P in html.unescape(html.unescape(v)), (name, v)
    else:
        assert '"' not in v and P in html.unescape(v), (name, v)
assert doc["title"]["text"]["headline"] == html.escape("Case " + P), doc["title"]["text"]["headline"]
for e in doc["events"]:
    for k in ("url", "link"):
        if k in e.get("media", {}):
            assert not set("'\"<>`\\") & set(e["media"][k]), e["media"][k]
ev = [e for e in doc["events"] if e["unique_id"] == "h:1"][0]
assert ev["media"]["url"] == "https://example.org/a%27onload=%27window.__pwned=2%27.pdf", ev["media"]
PY
expect_eq 0 $? "TimelineJS fields rendered as HTML are escaped, media URLs cannot break out"

# ... and TimelineJS itself, showing every slide in turn: no script runs, no element is made from
# the text, the text shows literally.
if [ -n "$CHROMIUM" ] && [ -f "$TIMELINEJS_DIST/js/timeline.js" ]; then
  {
    printf '<!DOCTYPE html><html><head><meta charset="utf-8">\n'
    printf '<link rel="stylesheet" href="file://%s/css/timeline.css">\n' "$TIMELINEJS_DIST"
    printf '<script src="file://%s/js/timeline.js"></script></head>\n' "$TIMELINEJS_DIST"
    printf '<body><div id="tl" style="width:1200px;height:700px"></div><script>\n'
    printf 'window.__errors = [];\n'
    printf 'window.addEventListener("error", function (e) { window.__errors.push(String(e.message)); });\n'
    # (a "</" in the data would end this page's own script: written as "<\/" here)
    printf 'var data = '; sed 's#</#<\\/#g' "$TEST_TMP/h.tl.json"; printf ';\n'
    cat <<'JS'
var tl = null;
try { tl = new TL.Timeline('tl', data, {hash_bookmark: false}); } catch (e) { window.__errors.push(String(e)); }
var n = data.events.length + 1, i = 0;
function step() {
  if (tl && i < n) { try { tl.goTo(i); } catch (e) { window.__errors.push(String(e)); } i++; setTimeout(step, 700); return; }
  setTimeout(function () {
    function texts(sel) { return Array.from(document.querySelectorAll(sel)).map(function (h) { return h.textContent; }); }
    var root = document.getElementById('tl');
    var r = document.createElement('pre'); r.id = 'result';
    r.textContent = JSON.stringify({
      pwned: window.__pwned === undefined ? null : window.__pwned,
      scripts: root.querySelectorAll('script').length,
      imgx: Array.from(root.querySelectorAll('img')).filter(function (m) { return m.getAttribute('src') === 'x'; }).length,
      onload: Array.from(root.querySelectorAll('[onload],[onerror]')).length,
      iframes: Array.from(root.querySelectorAll('iframe')).map(function (f) { return f.getAttribute('src'); }),
      headlines: texts('.tl-slide .tl-headline'),
      captions: texts('.tl-caption'), credits: texts('.tl-credit'),
      groups: texts('.tl-timegroup-message'), markers: texts('.tl-timemarker-text'),
      eras: texts('.tl-timeera-text'), text: texts('.tl-slide .tl-text-content'),
      errors: window.__errors});
    document.body.appendChild(r);
  }, 1500);
}
setTimeout(step, 1000);
</script></body></html>
JS
  } >"$TEST_TMP/h.html"
  chromium_run --virtual-time-budget=30000 --dump-dom "file://$TEST_TMP/h.html" >"$TEST_TMP/h.dom.html"
  python3 - "$TEST_TMP/h.dom.html" <<'PY'
import html, json, re, sys
m = re.search(r'<pre id="result">(.*?)</pre>', open(sys.argv[1]).read(), re.S)
assert m, "TimelineJS did not finish rendering"
r = json.loads(html.unescape(m.group(1)))
P = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
assert r["errors"] == [], r["errors"]
assert r["pwned"] is None, ("a script ran", r)
assert r["scripts"] == 0 and r["imgx"] == 0 and r["onload"] == 0, r
assert len(r["iframes"]) == 2, r["iframes"]
for src in r["iframes"]:
    assert "'" not in src, src
for want, got in [("Case " + P, "headlines"), ("Event " + P, "headlines"), ("Second " + P, "headlines"),
                  ("Deadline " + P + " (open)", "headlines"), ("Caption " + P, "captions"),
                  ("Credit " + P, "credits"), ("Doc " + P, "captions"), ("Party " + P, "groups"),
                  ("Event " + P, "markers"), ("Deadline " + P + " window", "eras")]:
    assert want in r[got], (want, got, r[got])
assert any(("Text " + P) in t for t in r["text"]), r["text"]
assert any(("Summary " + P) in t for t in r["text"]), r["text"]
PY
  expect_eq 0 $? "TimelineJS in Chromium: the hostile text shows literally, no script runs"
else
  echo "SKIP: TimelineJS hostile rendering (needs chromium and tests/timeline/node_modules)"
fi

# The plain JSON form: events and deadlines merged in date order.
run export timeline --case telegram-fsb-keys-2017 --format json
expect_rc 0
printf '%s\n' "$OUT" >"$TEST_TMP/plain.json"
python3 - "$TEST_TMP/plain.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
items = d["items"]
dates = [i["date"] for i in items]
assert dates == sorted(dates), dates
assert [i["item"] for i in items].count("deadline") == 5
assert d["case"]["id"] == "telegram-fsb-keys-2017"
fine = [i for i in items if i.get("fine")][0]["fine"]
assert fine == {"amount": "800000.00", "currency": "RUB", "paid": False}, fine
PY
expect_eq 0 $? "plain timeline JSON"

run export timeline --case telegram-fsb-keys-2017 --as-of 2017-10-20 --output "$TEST_TMP/o.json"
expect_rc 0
cmp -s "$TEST_TMP/o.json" "$TEST_TMP/tl.json"
expect_eq 0 $? "--output writes the same bytes"
# Without --as-of the statuses are today's ($TRACKER_TODAY in tests), as case show says them.
TRACKER_TODAY=2017-10-27 run export timeline --case telegram-fsb-keys-2017
expect_rc 0
expect_out_has '"headline": "Appeal deadline (missed)"'
expect_out_has 'status as of 27 October 2017: missed.'
TRACKER_TODAY=2017-10-27 run case show telegram-fsb-keys-2017
expect_out_has "missed"
run export timeline --case telegram-fsb-keys-2017 --as-of 2017-02-30
expect_rc 2
expect_err_has 'invalid date for --as-of: "2017-02-30"'
run export timeline --case nope
expect_rc 1
expect_err_has 'case "nope" does not exist'
run export timeline
expect_rc 2
run export timeline --case 1 --format svg
expect_rc 2
finish
