"""tests/py/check_ics.py: parse a tracker calendar with Debian's python3-icalendar and print what
it read as canonical JSON (the shape tests/js/check_ics.mjs prints). Also checks the raw text:
CRLF endings, content lines of at most 75 octets, folds never inside a UTF-8 sequence.
Run with /usr/bin/python3 (Debian's modules).
    /usr/bin/python3 tests/py/check_ics.py FILE.ics
"""
import datetime
import json
import sys

import icalendar


def raw_checks(data):
    data.decode("utf-8")  # valid UTF-8 as a whole
    if not data.endswith(b"\r\n"):
        raise SystemExit("calendar does not end with CRLF")
    lines = data[:-2].split(b"\r\n")
    for n, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            raise SystemExit(f"line {n}: bare CR or LF")
        if not line:
            raise SystemExit(f"line {n}: empty content line")
        if len(line) > 75:
            raise SystemExit(f"line {n}: {len(line)} octets (more than 75)")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as e:
            raise SystemExit(f"line {n}: fold inside a UTF-8 sequence ({e})")


def time_text(v):
    if v is None:
        return None
    if isinstance(v, datetime.datetime):
        if v.utcoffset() != datetime.timedelta(0):
            raise SystemExit(f"time not in UTC: {v!r}")
        return v.strftime("%Y-%m-%dT%H:%M:%SZ")
    return v.isoformat()


def s(v):
    return None if v is None else str(v)


def main():
    data = open(sys.argv[1], "rb").read()
    raw_checks(data)
    cal = icalendar.Calendar.from_ical(data)
    ri = cal.get("refresh-interval")
    out = {
        "calendar": {
            "version": s(cal.get("version")),
            "prodid": s(cal.get("prodid")),
            "method": s(cal.get("method")),
            "calscale": s(cal.get("calscale")),
            "name": s(cal.get("name")),
            "refresh_interval": None if ri is None else ri.to_ical().decode(),
        },
        "x_wr_calname": s(cal.get("x-wr-calname")),
        "x_published_ttl": s(cal.get("x-published-ttl")),
        "events": {},
    }
    for ev in cal.walk("VEVENT"):
        uid = str(ev.get("uid"))
        if uid in out["events"]:
            raise SystemExit(f"duplicate UID {uid}")
        cats = []
        c = ev.get("categories")
        for item in (c if isinstance(c, list) else [c] if c is not None else []):
            cats.extend(str(x) for x in item.cats)
        alarms = []
        for a in ev.walk("VALARM"):
            td = a.decoded("trigger")
            alarms.append({
                "minutes_before": int(-td.total_seconds() // 60),
                "action": s(a.get("action")),
                "description": s(a.get("description")),
            })
        out["events"][uid] = {
            "summary": s(ev.get("summary")),
            "description": s(ev.get("description")),
            "start": time_text(ev.decoded("dtstart") if "dtstart" in ev else None),
            "end": time_text(ev.decoded("dtend") if "dtend" in ev else None),
            "sequence": int(ev.get("sequence")) if "sequence" in ev else None,
            "status": s(ev.get("status")),
            "url": s(ev.get("url")),
            "categories": cats,
            "alarms": alarms,
        }
    print(json.dumps(out, indent=1, ensure_ascii=False))


main()
