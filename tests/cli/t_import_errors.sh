# tracker import: every validation error path names its JSON path, all errors are listed (up to
# a limit), the exit code is 1 (2 for bad options), and nothing is written.
source "$(dirname "$0")/lib.sh"
EX="$TRACKER_SRC/examples/telegram.json"
migrate
run import "$EX"
expect_rc 0
snap=$(snapshot)
audit=$(sql "SELECT count(*) FROM audit")

# Each case: a mutation of the Telegram example (Python, d = the document, c = its case,
# e = its ruling event) and the message expected on stderr.
python3 - "$EX" "$TEST_TMP" <<'PY'
import copy, json, sys
src, out = sys.argv[1], sys.argv[2]
base = json.load(open(src))
cases = [
 ("d['version'] = 2", "$.version: unsupported version"),
 ("del d['version']", "$.version: missing required field"),
 ("d['format'] = 'other'", '$.format: expected "tracker-interchange", got "other"'),
 ("d['extra'] = 1", '$: unknown key "extra"'),
 ("d['parties'] = {}", "$.parties: expected an array, got an object"),
 ("d['parties'][0]['id'] = 'has\ttab'", '$.parties[0].id: invalid id "has?tab": control characters are not allowed'),
 ("del d['parties'][1]['id']", "$.parties[1].id: missing required field"),
 ("d['parties'][0]['kind'] = 'robot'", '$.parties[0].kind: unknown party kind "robot"'),
 ("d['parties'][0]['name'] = 7", "$.parties[0].name: expected a string, got a number"),
 ("d['parties'][0]['name'] = ''", "$.parties[0].name: must not be empty"),
 ("d['parties'][0]['name'] = 'x' * 1001", "$.parties[0].name: too long (1001 bytes, at most 1000)"),
 ("d['bodies'][0]['jurisdiction'] = 'ru'", '$.bodies[0].jurisdiction: invalid jurisdiction "ru"'),
 ("d['bodies'][0]['jurisdiction'] = 'ZZ'", '$.bodies[0].jurisdiction: unknown jurisdiction "ZZ"'),
 ("d['sources'][0]['url'] = 'ftp://x'", '$.sources[0].url: invalid URL "ftp://x"'),
 ("d['sources'][0]['published_on'] = '2017-13-01'", '$.sources[0].published_on: invalid date "2017-13-01"'),
 ("d['sources'].append(dict(d['sources'][0]))", '$.sources[2].id: duplicate id "src:afp-phys-2017-10-16" (first used at $.sources[0])'),
 ("del c['title']", "$.cases[0].title: missing required field"),
 ("c['docket'] = 'two\\nlines'", "$.cases[0].docket: line breaks are not allowed here"),
 ("c['title'] = None", "$.cases[0].title: must not be null"),
 ("c['status'] = 'pending'", '$.cases[0].status: unknown case status "pending"'),
 ("c['tags'] = ['Bad Tag']", '$.cases[0].tags[0]: invalid tag "Bad Tag"'),
 ("c['tags'] = ['a', 'a']", '$.cases[0].tags[1]: duplicate tag "a"'),
 ("c['jurisdiction'] = 'XX'", '$.cases[0].jurisdiction: unknown jurisdiction "XX"'),
 ("c['body'] = 'body:nowhere'", '$.cases[0].body: unknown body "body:nowhere"'),
 ("c['parties'][0]['role'] = 'villain'", '$.cases[0].parties[0].role: unknown role "villain"'),
 ("c['parties'][1]['party'] = 'party:ghost'", '$.cases[0].parties[1].party: unknown party "party:ghost"'),
 ("c['events'][1]['date'] = '2017-02-30'", '$.cases[0].events[1].date: invalid date "2017-02-30"'),
 ("c['events'][1]['date'] = 20170601", '$.cases[0].events[1].date: expected a string, got a number'),
 ("c['events'][2]['type'] = 'party'", '$.cases[0].events[2].type: unknown event type "party"'),
 ("c['events'][2]['date_precision'] = 'week'", '$.cases[0].events[2].date_precision: unknown date precision "week"'),
 ("e['time'] = '25:00'; e['time_zone'] = 'Europe/Moscow'", '$.cases[0].events[5].time: invalid time "25:00"'),
 ("e['time'] = '10:00'", '$.cases[0].events[5]: "time" and "time_zone" go together'),
 ("e['time'] = '10:00'; e['time_zone'] = 'Mars/Olympus'", '$.cases[0].events[5].time_zone: unknown time zone "Mars/Olympus"'),
 ("e['received_on'] = '2017-10-01'", '$.cases[0].events[5].received_on: the receipt date 2017-10-01 is before the event date 2017-10-16'),
 ("c['events'][0]['outcome'] = 'granted'", '$.cases[0].events[0].outcome: an outcome is only allowed on'),
 ("e['outcome'] = 'won'", '$.cases[0].events[5].outcome: unknown outcome "won"'),
 ("e['service_method'] = 'pigeon'", '$.cases[0].events[5].service_method: unknown service method "pigeon"'),
 ("e['vacated'] = 'yes'", '$.cases[0].events[5].vacated: expected true or false, got a string'),
 ("e['sources'] = ['src:missing']", '$.cases[0].events[5].sources[0]: unknown source "src:missing"'),
 ("e['sources'] = [1]", '$.cases[0].events[5].sources[0]: expected a source id (a string), got a number'),
 ("e['sources'] = ['src:bitcoinnews-2017-10', 'src:bitcoinnews-2017-10']", '$.cases[0].events[5].sources[1]: duplicate source'),
 ("e['body'] = 'body:x'", '$.cases[0].events[5].body: unknown body "body:x"'),
 ("e['party'] = 'party:x'", '$.cases[0].events[5].party: unknown party "party:x"'),
 ("c['events'].append(dict(e))", '$.cases[0].events[8].id: duplicate id "telegram-2017:ruling" (first used at $.cases[0].events[5])'),
 ("e['fine']['amount'] = 800000", '$.cases[0].events[5].fine.amount: amounts must be JSON strings'),
 ("e['fine']['amount'] = '-5'", '$.cases[0].events[5].fine.amount: invalid amount "-5" for RUB'),
 ("e['fine']['amount'] = '1.234'", '$.cases[0].events[5].fine.amount: invalid amount "1.234" for RUB: more fraction digits'),
 ("e['fine']['amount'] = '8e5'", '$.cases[0].events[5].fine.amount: invalid amount "8e5"'),
 ("e['fine']['currency'] = 'ABC'", '$.cases[0].events[5].fine.currency: unknown currency "ABC"'),
 ("e['fine']['paid_on'] = '2018-01-01'", '$.cases[0].events[5].fine.paid_on: a payment date needs "paid": true'),
 ("e['fine']['equivalents'][0]['currency'] = 'RUB'", '$.cases[0].events[5].fine.equivalents[0].currency: an equivalent must be in another currency'),
 ("e['fine']['equivalents'][0]['rate'] = 0.0175", '$.cases[0].events[5].fine.equivalents[0].rate: rates must be JSON strings'),
 ("e['fine']['equivalents'][0]['rate'] = '0'", '$.cases[0].events[5].fine.equivalents[0].rate: invalid rate "0"'),
 ("e['fine']['equivalents'][1]['currency'] = 'USD'", '$.cases[0].events[5].fine.equivalents[1].currency: duplicate equivalent in USD'),
 ("e['fine']['payer'] = 'party:x'", '$.cases[0].events[5].fine.payer: unknown party "party:x"'),
 ("e['fine']['authority'] = 'body:x'", '$.cases[0].events[5].fine.authority: unknown body "body:x"'),
 ("e['deadlines'][0]['kind'] = 'nap'", '$.cases[0].events[5].deadlines[0].kind: unknown deadline kind "nap"'),
 ("e['deadlines'][0]['due_on'] = '2017-11-01'", '$.cases[0].events[5].deadlines[0]: give either "period" or "due_on", not both'),
 ("del e['deadlines'][0]['period']", '$.cases[0].events[5].deadlines[0]: a deadline needs "period" or "due_on"'),
 ("e['deadlines'][0]['period']['count'] = 0", '$.cases[0].events[5].deadlines[0].period.count: expected a whole number from 1 to 10000'),
 ("e['deadlines'][0]['period']['count'] = 2.5", '$.cases[0].events[5].deadlines[0].period.count: expected a whole number'),
 ("e['deadlines'][0]['period']['unit'] = 'weeks'", '$.cases[0].events[5].deadlines[0].period.unit: unknown period unit "weeks"'),
 ("e['deadlines'][0]['period']['roll'] = 'sideways'", '$.cases[0].events[5].deadlines[0].period.roll: unknown roll "sideways"'),
 ("e['deadlines'][0]['period']['every'] = 1", '$.cases[0].events[5].deadlines[0].period: unknown key "every"'),
 ("e['deadlines'].append(dict(e['deadlines'][0]))", '$.cases[0].events[5].deadlines[1].id: duplicate id "telegram-2017:ruling:appeal"'),
 ("d['parties'].append({'id': 'party:other', 'name': 'Pavel Durov'})", '$.parties[5].name: party name "Pavel Durov" is also used by $.parties[3]'),
 ("d['parties'][3]['id'] = 'party:durov2'; c['events'][3]['party'] = 'party:durov2'; c['events'][6]['party'] = 'party:durov2'", '$.parties[3].name: party name "Pavel Durov" is already used by party "party:pavel-durov"'),
 ("d['sources'][1]['id'] = 'src:new'; [ev.__setitem__('sources', ['src:afp-phys-2017-10-16']) for ev in c['events']]", '$.sources[1].url: URL is already used by source "src:bitcoinnews-2017-10"'),
 ("d['cases'].append({'id': 'other-case', 'title': 'Other', 'jurisdiction': 'RU', 'events': [dict(c['events'][0])]}); d['cases'].pop(0)", '$.cases[0].events[0].case: event "telegram-2017:rkn-threat" already belongs to case "telegram-fsb-keys-2017"'),
]
with open(out + "/cases.tsv", "w") as f:
    for i, (code, msg) in enumerate(cases):
        d = copy.deepcopy(base)
        c = d["cases"][0]
        e = c["events"][5]
        exec(code)
        json.dump(d, open("%s/bad%02d.json" % (out, i), "w"), ensure_ascii=False)
        f.write("%s/bad%02d.json\t%s\n" % (out, i, msg))
# Several errors at once: all listed, in document order.
d = copy.deepcopy(base)
d["cases"][0]["events"][1]["date"] = "2017-02-30"
d["cases"][0]["events"][3]["type"] = "nope"
d["cases"][0]["events"][5]["fine"]["amount"] = 1
d["cases"][0]["jurisdiction"] = "XX"
json.dump(d, open(out + "/many.json", "w"))
# 60 errors: the list stops at the limit.
d = copy.deepcopy(base)
d["cases"][0]["events"] = [dict(d["cases"][0]["events"][0], id="x%d" % i, date="2017-02-30") for i in range(60)]
json.dump(d, open(out + "/sixty.json", "w"))
PY

while IFS=$'\t' read -r file msg; do
  run import "$file"
  expect_rc 1
  expect_err_has "$msg"
  expect_err_has "nothing was imported"
done <"$TEST_TMP/cases.tsv"
expect_eq "$snap" "$(snapshot)" "row counts after the failed imports"
expect_eq "$audit" "$(sql "SELECT count(*) FROM audit")" "audit rows after the failed imports"

run import "$TEST_TMP/many.json"
expect_rc 1
expect_eq 'tracker: error: $.cases[0].events[1].date: invalid date "2017-02-30" (expected YYYY-MM-DD)' "$(sed -n 1p "$TEST_TMP/err")" "first error"
expect_err_has '$.cases[0].events[3].type: unknown event type "nope"'
expect_err_has '$.cases[0].events[5].fine.amount: amounts must be JSON strings'
expect_err_has '$.cases[0].jurisdiction: unknown jurisdiction "XX"'
expect_err_has "DETAIL: 4 errors in"

run import "$TEST_TMP/sixty.json"
expect_rc 1
expect_eq 50 "$(grep -c 'invalid date' "$TEST_TMP/err")" "errors listed up to the default limit"
expect_err_has "and more errors (listing stops after 50)"
run import --max-errors 3 "$TEST_TMP/sixty.json"
expect_eq 3 "$(grep -c 'invalid date' "$TEST_TMP/err")" "errors listed up to --max-errors"

# A NUL character cannot be stored: refused, not cut short.
printf '{"format":"tracker-interchange","version":1,"cases":[{"id":"n","title":"a\\u0000b","jurisdiction":"RU"}]}' >"$TEST_TMP/nul.json"
run import "$TEST_TMP/nul.json"
expect_rc 1
expect_err_has 'a NUL character (\u0000) at line 1, column'

# Syntax, encoding, size and nesting limits.
printf '{"format": "tracker-interchange",\n "version": 1,\n "cases": [}\n' >"$TEST_TMP/syntax.json"
run import "$TEST_TMP/syntax.json"
expect_rc 1
expect_err_has "invalid JSON at line 3"
printf '{"format": "tracker-interchange", "version": 1, "version": 1}' >"$TEST_TMP/dupkey.json"
run import "$TEST_TMP/dupkey.json"
expect_rc 1
expect_err_has '$: duplicate key "version"'
printf '{"format": "tracker-interchange", "version": 1, "cases": [{"id": "x", "title": "caf\xe9", "jurisdiction": "RU"}]}' >"$TEST_TMP/latin1.json"
run import "$TEST_TMP/latin1.json"
expect_rc 1
expect_err_has "not valid UTF-8"
python3 -c "print('{\"a\":' * 30 + '1' + '}' * 30)" >"$TEST_TMP/deep.json"
run import "$TEST_TMP/deep.json"
expect_rc 1
expect_err_has "nesting too deep at byte 101 (at most 20 levels"
python3 -c "print('[' + ' ' * (2 * 1024 * 1024) + ']')" >"$TEST_TMP/big.json"
run import --max-size 1 "$TEST_TMP/big.json"
expect_rc 1
expect_err_has "input too large (more than 1048576 bytes)"
expect_err_has "HINT: use JSON Lines"
echo '[]' >"$TEST_TMP/array.json"
run import "$TEST_TMP/array.json"
expect_rc 1
expect_err_has '$: expected an object, got an array'

# JSON Lines errors carry the line number.
{
  echo '{"record": "party", "id": "p1", "name": "P1"}'
  echo '{"record": "header", "format": "tracker-interchange", "version": 1}'
  echo '{"record": "robot"}'
  echo '{"id": "no-record"}'
  echo '{"record": "event", "id": "e1", "type": "ruling", "date": "2020-01-01", "title": "T"}'
  echo '{"record": "event", "case": "nope", "id": "e2", "type": "ruling", "date": "2020-01-01", "title": "T"}'
  echo '{not json'
  python3 -c "print('{\"record\": \"party\", \"id\": \"p2\", \"name\": \"' + 'x' * (1024 * 1024) + '\"}')"
  echo '{"record": "party", "id": "p1", "name": "P1 again"}'
} >"$TEST_TMP/bad.jsonl"
run import "$TEST_TMP/bad.jsonl"
expect_rc 1
expect_err_has "bad.jsonl:2: \$.record: a header is only allowed on the first line"
expect_err_has 'bad.jsonl:3: $.record: unknown record type "robot"'
expect_err_has 'bad.jsonl:4: $.record: expected a record type'
expect_err_has 'bad.jsonl:5: $.case: missing required field'
expect_err_has 'bad.jsonl:6: $.case: unknown case "nope"'
expect_err_has 'bad.jsonl:7: invalid JSON at column'
expect_err_has 'bad.jsonl:8: record too long (more than 1048576 bytes)'
expect_err_has 'bad.jsonl:9: $.id: duplicate id "p1" (first used at'

# Files and options.
run import "$TEST_TMP/none.json"
expect_rc 1
expect_err_has "could not open"
run import "$TEST_TMP"
expect_rc 1
expect_err_has "is a directory"
run import --format xml "$EX"
expect_rc 2
expect_err_has 'invalid value for --format: "xml"'
run import
expect_rc 2
run import --max-errors 0 "$EX"
expect_rc 2
expect_eq "$snap" "$(snapshot)" "row counts at the end"
finish
