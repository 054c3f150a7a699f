# Webhooks fire for every path that changes a deadline, not only event edits (issue 17: "CLI,
# import, API, recomputation after a rule or calendar change alike"): a calendar closure, a rule
# edit with --apply, a rule retired with --apply, a deadline overridden by hand and cleared, and an
# import that changes an event. Each delivery carries the deadline as committed and the previous
# values; a calendar or rule change that alters nothing sends nothing.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hooks_lib.sh"
migrate
run import "$TRACKER_SRC/examples/telegram.json"
expect_rc 0
start_receiver r --keep-body
run hook add "$RECV_URL" --events deadline.changed,deadline.cancelled --allow-private --secret-stdin <"$TEST_TMP/secret"
expect_rc 0
PAY=$(sql "SELECT id FROM deadline WHERE kind = 'payment'")
ENF=$(sql "SELECT id FROM deadline WHERE kind = 'enforcement'")
expect_eq "2017-12-26 2017-12-27" "$(sql "SELECT string_agg(due_on::text, ' ' ORDER BY due_on) FROM deadline WHERE id IN ($PAY, $ENF)")" "the Telegram fine's deadlines before"

# changes: "TYPE deadline-id previous-due -> due" of the receiver's records since record N
changes() {
  jq_log "$RECV_LOG" "' '.join('%s:%s:%s->%s' % (r['type'].split('.')[1], r['body']['data']['deadline']['id'], (r['body']['data'].get('previous') or {}).get('due_on'), r['body']['data']['deadline']['due_on']) for r in sorted(recs[$1:], key=lambda r: (r['body']['data']['deadline']['id'], r['n'])))"
}
delivered() { lines "$RECV_LOG"; }

# 1. A court closure on the payment's last day: the payment rolls to the next working day, and
#    the enforcement alert that follows it moves too.
run calendar close RU 2017-12-26 --name "Court closed (flood)"
expect_rc 0
run notify --once
expect_rc 0
expect_eq "changed:$PAY:2017-12-26->2017-12-27 changed:$ENF:2017-12-27->2017-12-28" "$(changes 0)" "calendar closure: deadline.changed with previous values"
expect_eq True "$(jq_log "$RECV_LOG" "all(r['valid'] for r in recs)")" "signatures"
expect_eq True "$(jq_log "$RECV_LOG" "all(r['body']['data']['deadline']['revision'] == 2 for r in recs)")" "revision 2 in the payload"

# 2. A rule edited with --apply: the enforcement alert's period changes.
N=$(delivered)
run rule edit ru-coao-20.25-nonpayment --days 3 --apply
expect_rc 0
run notify --once
expect_rc 0
NEW=$(sql "SELECT due_on FROM deadline WHERE id = $ENF")
expect_eq "changed:$ENF:2017-12-28->$NEW" "$(changes "$N")" "rule edit --apply: deadline.changed"
# the same edit again alters nothing and sends nothing
N=$(delivered)
run rule edit ru-coao-20.25-nonpayment --days 3 --apply
expect_rc 0
run notify --once
expect_eq "$N" "$(delivered)" "a rule edit that changes nothing sends nothing"

# 3. A deadline set by hand, then cleared.
N=$(delivered)
run deadline override "$PAY" --due 2018-01-15 --reason "Court order extends payment"
expect_rc 0
run notify --once
expect_eq "changed:$PAY:2017-12-27->2018-01-15" "$(jq_log "$RECV_LOG" "' '.join('%s:%s:%s->%s' % (r['type'].split('.')[1], r['body']['data']['deadline']['id'], r['body']['data']['previous'].get('due_on'), r['body']['data']['deadline']['due_on']) for r in recs[$N:] if r['body']['data']['deadline']['id'] == $PAY)")" "override: deadline.changed of the payment"
expect_eq "Court order extends payment" "$(jq_log "$RECV_LOG" "[r['body']['data']['deadline'].get('override_reason') for r in recs[$N:] if r['body']['data']['deadline']['id'] == $PAY][0]")" "override reason in the payload"
N=$(delivered)
run deadline override "$PAY" --clear
expect_rc 0
run notify --once
expect_eq True "$(jq_log "$RECV_LOG" "any(r['body']['data']['deadline']['id'] == $PAY and r['body']['data']['deadline']['due_on'] == '2017-12-27' for r in recs[$N:])")" "override cleared: deadline.changed back to the computed date"

# 4. A rule retired with --apply: its open deadlines are cancelled.
N=$(delivered)
run rule retire ru-coao-20.25-nonpayment --apply
expect_rc 0
run notify --once
expect_eq "cancelled:$ENF" "$(jq_log "$RECV_LOG" "' '.join('%s:%s' % (r['type'].split('.')[1], r['body']['data']['deadline']['id']) for r in recs[$N:])")" "rule retire --apply: deadline.cancelled"

# 5. An import that moves the ruling's date: deadline.changed for what the ruling drives.
N=$(delivered)
/usr/bin/python3 - "$TRACKER_SRC/examples/telegram.json" "$TEST_TMP/telegram-moved.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for c in doc["cases"]:
    for e in c["events"]:
        if e["id"] == "telegram-2017:ruling":
            e["date"] = "2017-10-18"
json.dump(doc, open(sys.argv[2], "w"))
PY
grep -q '"2017-10-18"' "$TEST_TMP/telegram-moved.json" && pass || fail "the fixture edit applies"
run import "$TEST_TMP/telegram-moved.json"
expect_rc 0
run notify --once
APPEAL=$(sql "SELECT id FROM deadline WHERE kind = 'appeal'")
expect_eq "changed:$APPEAL:2017-10-26->2017-10-28" "$(jq_log "$RECV_LOG" "' '.join('%s:%s:%s->%s' % (r['type'].split('.')[1], r['body']['data']['deadline']['id'], r['body']['data']['previous'].get('due_on'), r['body']['data']['deadline']['due_on']) for r in recs[$N:] if r['body']['data']['deadline']['id'] == $APPEAL)")" "re-import: the appeal deadline moves"
expect_eq 0 "$(sql "SELECT count(*) FROM delivery WHERE state <> 'delivered'")" "every delivery delivered"
finish
