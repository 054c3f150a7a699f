# tracker export html: one self-contained page (inline CSS, no external resources) that shows
# the timeline; rendered in headless Chromium: the DOM holds every event and deadline, and a
# screenshot shows the timeline's markers and cards.
source "$(dirname "$0")/lib.sh"
source "$TRACKER_SRC/tests/timeline/render.sh"
GOLD="$TRACKER_SRC/tests/golden/timeline"
migrate
run import "$TRACKER_SRC/examples/telegram.json"
expect_rc 0

run export html --case telegram-fsb-keys-2017 --as-of 2017-10-20 --output "$TEST_TMP/page.html"
expect_rc 0
[ "${UPDATE_GOLDEN:-0}" = 1 ] && cp "$TEST_TMP/page.html" "$GOLD/telegram.html"
cmp -s "$TEST_TMP/page.html" "$GOLD/telegram.html"
expect_eq 0 $? "page equals tests/golden/timeline/telegram.html"

# Self-contained: no scripts, stylesheets, images or fonts fetched from anywhere.
for pat in '<script src' '<link' '<img' '@import' 'url(' '<iframe'; do
  if grep -qi -- "$pat" "$TEST_TMP/page.html"; then fail "page loads an external resource ($pat)"; else pass; fi
done
grep -q '<script type="application/json" id="timeline-data">' "$TEST_TMP/page.html"
expect_eq 0 $? "TimelineJS data embedded"
python3 - "$TEST_TMP/page.html" <<'PY'
import json, re, sys
page = open(sys.argv[1]).read()
m = re.search(r'<script type="application/json" id="timeline-data">\n(.*?)</script>', page, re.S)
data = json.loads(m.group(1).replace('<\\/', '</'))
assert len(data["events"]) == 13  # 8 events, 5 deadlines
PY
expect_eq 0 $? "embedded TimelineJS data parses"

if [ -n "$CHROMIUM" ]; then
  chromium_run --dump-dom "file://$TEST_TMP/page.html" >"$TEST_TMP/dom.html"
  python3 - "$TEST_TMP/dom.html" <<'PY'
import html, re, sys
dom = open(sys.argv[1]).read()
events = re.findall(r'<li class="event type-[a-z_]+" id="([^"]+)">', dom)
deadlines = re.findall(r'<li class="deadline" id="([^"]+)">', dom)
assert len(events) == 8, events
assert deadlines == ["telegram-2017:fsb-request:response", "telegram-2017:ruling:appeal", "local:deadline:3", "local:deadline:4", "local:deadline:5"], deadlines
heads = [html.unescape(h) for h in re.findall(r'<h2>(.*?)</h2>', dom)]
assert "Meshchansky District Court fines Telegram 800,000 rubles" in heads, heads
assert heads.index("FSB deadline to provide decryption information") < heads.index("Meshchansky District Court fines Telegram 800,000 rubles") < heads.index("Appeal deadline")
assert "16 October 2017" in dom and "July 2017" in dom
PY
  expect_eq 0 $? "Chromium's DOM holds every event and deadline in date order"

  # 1200x2400 CSS pixels drawn at half scale: a 600x1200 image is quick to decode in Python.
  chromium_run --hide-scrollbars --window-size=1200,2400 --force-device-scale-factor=0.5 \
    --screenshot="$TEST_TMP/shot.png" \
    "file://$TEST_TMP/page.html" >/dev/null
  [ "${KEEP_SCREENSHOT:-}" ] && cp "$TEST_TMP/shot.png" "$KEEP_SCREENSHOT"
  python3 - "$TEST_TMP/shot.png" <<'PY'
import struct, sys, zlib
# A small PNG reader (8-bit RGB/RGBA, not interlaced), enough for Chromium's screenshots.
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        assert depth == 8 and ctype in (2, 6) and interlace == 0, (depth, ctype, interlace)
        bpp = 3 if ctype == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = w * bpp
rows, prev = [], bytearray(stride)
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line)
    prev = line
def count(rgb, tol=12):
    n = 0
    for line in rows:
        for x in range(0, stride, bpp):
            if all(abs(line[x + i] - rgb[i]) <= tol for i in range(3)):
                n += 1
    return n
header = count((0x1d, 0x35, 0x57))      # the title band
events = count((0xe6, 0x39, 0x46))      # event markers
deadlines = count((0xf4, 0xa2, 0x61))   # deadline markers
cards = count((0xff, 0xff, 0xff), 0)    # white event cards
def blobs(rgb, tol=12, min_size=20):
    """Connected areas of one colour: one per drawn marker."""
    pts = set()
    for y, line in enumerate(rows):
        for x in range(0, stride, bpp):
            if all(abs(line[x + i] - rgb[i]) <= tol for i in range(3)):
                pts.add((x // bpp, y))
    n = 0
    while pts:
        stack, size = [pts.pop()], 0
        while stack:
            x, y = stack.pop()
            size += 1
            for q in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                if q in pts:
                    pts.remove(q)
                    stack.append(q)
        n += size >= min_size
    return n
print("pixels: header %d, event markers %d, deadline markers %d, cards %d" % (header, events, deadlines, cards))
print("markers drawn: %d events, %d deadlines" % (blobs((0xe6, 0x39, 0x46)), blobs((0xf4, 0xa2, 0x61))))
assert blobs((0xe6, 0x39, 0x46)) == 8, "not 8 event markers"
assert blobs((0xf4, 0xa2, 0x61)) == 5, "not 5 deadline markers"
assert header > 5000, "the header is not drawn"
assert events > 8 * 35, "event markers are not drawn"
assert deadlines > 2 * 35, "deadline markers are not drawn"
assert cards > 25000, "event cards are not drawn"
PY
  expect_eq 0 $? "the screenshot shows the header, 8 event and 5 deadline markers and the cards"
else
  echo "SKIP: Chromium checks (install chromium; scripts/test does)"
fi

# No developer text for readers; the day the statuses are as of instead.
grep -q 'TimelineJS3 data\|script id' "$TEST_TMP/page.html" && fail "developer text in the footer" || pass
grep -q '<footer>Deadline statuses as of 20 October 2017.</footer>' "$TEST_TMP/page.html"
expect_eq 0 $? "footer names the as-of day"
grep -q 'deadline &middot; missed as of 20 October 2017' "$TEST_TMP/page.html"
expect_eq 0 $? "the 14 September deadline is missed as of 20 October"
grep -q 'Fine: 800,000 RUB, unpaid. Equivalent to 12,000 EUR as of 16 October 2017' "$TEST_TMP/page.html"
expect_eq 0 $? "the fine as people write it, with its equivalents"
run export html --case telegram-fsb-keys-2017
expect_rc 0
expect_out_has "<!DOCTYPE html>"
expect_out_has "<title>Telegram fined for refusing FSB keys</title>"
run export html --case nope
expect_rc 1
run export html
expect_rc 2
finish
