// tests/js/check_ics.mjs: parse a tracker calendar with Mozilla's ical.js and print what it read
// as canonical JSON (the same shape as tests/py/check_ics.py prints), so that a test can compare
// both parsers and check the values.
//   node tests/js/check_ics.mjs FILE.ics
import fs from 'node:fs';
import ICAL from 'ical.js';

// ical.js 2.2 does not know RFC 7986's NAME and would leave its escapes in: declare it TEXT.
ICAL.design.icalendar.property.name = { defaultType: 'text' };

const text = fs.readFileSync(process.argv[2], 'utf8');
const root = new ICAL.Component(ICAL.parse(text));
if (root.name !== 'vcalendar') throw new Error('not a VCALENDAR: ' + root.name);

function timeText(t) {
  if (!t) return null;
  if (t.isDate) return t.toString();
  // toString() gives 2017-11-01T15:00:00Z for UTC times
  const s = t.toString();
  if (!s.endsWith('Z')) throw new Error('time not in UTC: ' + s);
  return s;
}
function str(v) { return v === null || v === undefined ? null : String(v); }

const out = {
  calendar: {
    version: str(root.getFirstPropertyValue('version')),
    prodid: str(root.getFirstPropertyValue('prodid')),
    method: str(root.getFirstPropertyValue('method')),
    calscale: str(root.getFirstPropertyValue('calscale')),
    name: str(root.getFirstPropertyValue('name')),
    refresh_interval: str(root.getFirstPropertyValue('refresh-interval')),
  },
  events: {},
};
for (const ev of root.getAllSubcomponents('vevent')) {
  const uid = str(ev.getFirstPropertyValue('uid'));
  if (uid in out.events) throw new Error('duplicate UID ' + uid);
  const cats = [];
  for (const p of ev.getAllProperties('categories')) for (const v of p.getValues()) cats.push(String(v));
  const alarms = ev.getAllSubcomponents('valarm').map((a) => {
    const tr = a.getFirstPropertyValue('trigger');
    return {
      minutes_before: -tr.toSeconds() / 60,
      action: str(a.getFirstPropertyValue('action')),
      description: str(a.getFirstPropertyValue('description')),
    };
  });
  out.events[uid] = {
    summary: str(ev.getFirstPropertyValue('summary')),
    description: str(ev.getFirstPropertyValue('description')),
    start: timeText(ev.getFirstPropertyValue('dtstart')),
    end: timeText(ev.getFirstPropertyValue('dtend')),
    sequence: ev.getFirstPropertyValue('sequence'),
    status: str(ev.getFirstPropertyValue('status')),
    url: str(ev.getFirstPropertyValue('url')),
    categories: cats,
    alarms,
  };
}
process.stdout.write(JSON.stringify(out, Object.keys(out).sort ? undefined : undefined, 1) + '\n');
