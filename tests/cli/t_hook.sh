# tracker hook: the CLI (checks, nothing written on bad input), every event type fires through the
# outbox with the right payload and a signature that the Python and the C recipes accept, filters,
# due_soon once per deadline and offset, a rolled-back import fires nothing, and a private
# address is refused at delivery time unless the hook allows it.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hooks_lib.sh"
migrate

# ---- bad input: exit 2, nothing written ----
before=$(snapshot)
for url in http://127.0.0.1:9/x "http://[::1]/x" http://10.1.2.3/x http://169.254.169.254/latest \
           "http://[fd00::1]/x" "http://[fe80::1]/x" "http://[::ffff:127.0.0.1]/x" http://localhost/x \
           http://192.168.1.1/x http://100.64.0.1/x; do
  run hook add "$url" --events deadline.created
  expect_rc 2
done
expect_err_has "refusing a private address"
expect_err_has "--allow-private"
run hook add ftp://example.com/x --events deadline.created
expect_rc 2
for url in https://bot:hunter2@hooks.example.com/x https://bot@hooks.example.com/x; do
  run hook add "$url" --events deadline.created
  expect_rc 2
  expect_err_has "a user name or password in the URL is not allowed"
  expect_err_lacks "hunter2"
done
run hook add https://hooks.example.com/x --events deadline.moved
expect_rc 2
expect_err_has 'invalid event type "deadline.moved"'
run hook add https://hooks.example.com/x --events deadline.created --due-soon 7d
expect_rc 2
expect_err_has "needs deadline.due_soon"
run hook add https://hooks.example.com/x --events deadline.created --case 1 --tag x
expect_rc 2
echo short | "$TRACKER_BIN" hook add https://hooks.example.com/x --events all --secret-stdin \
  >/dev/null 2>&1
expect_eq 2 $? "short secret"
expect_eq "$before" "$(snapshot)" "nothing written by bad hook add"

# A public URL is accepted; the secret is made and shown once.
run hook add https://hooks.example.com/x --events deadline.created --json
expect_rc 0
PUB=$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["id"], d["secret"][:6], len(d["secret"]))')
expect_eq "1 whsec_ 49" "$PUB" "generated secret"
GEN_SECRET=$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
run hook delete 1
expect_rc 0

# ---- the receiver and the hooks ----
start_receiver r --c-verifier "$VERIFY_C" --c-checks 1000 --keep-body
run case add --title "Telegram fined for refusing FSB keys" --jurisdiction RU --external-id telegram
run case add --title "Other case" --jurisdiction RU --external-id other
run hook add "$RECV_URL" --events all --due-soon 7d,1d --allow-private --secret-stdin <"$TEST_TMP/secret"
expect_rc 0
ALL=$(printf '%s' "$OUT" | sed -n 's/^created hook \([0-9]*\).*/\1/p')
run hook add "$RECV_URL?only=other" --events all --case other --allow-private --secret-stdin <"$TEST_TMP/secret"
expect_rc 0
OTHER=$(printf '%s' "$OUT" | sed -n 's/^created hook \([0-9]*\).*/\1/p')
run hook add "$RECV_URL?only=tag" --events deadline.created --tag nosuchtag --allow-private --secret-stdin <"$TEST_TMP/secret"
expect_rc 0
run hook list --json
expect_rc 0
expect_eq "True" "$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); h=d[0]; print(h["events"][:2] == ["deadline.created", "deadline.changed"] and h["due_soon"] == "7d,1d" and h["enabled"] and "secret" not in h and h["deliveries"] == {"pending": 0, "delivered": 0, "failed": 0})')" "hook list --json: the API's shape (events array, due_soon text, no secret)"
expect_out_lacks "$HOOK_SECRET"
run hook list
expect_out_has "events: deadline.created,deadline.changed,deadline.cancelled,deadline.due_soon,event.created,case.changed; filter: all; due soon: 7d,1d"
expect_out_has "filter: case 2"
expect_out_lacks "$HOOK_SECRET"

# event.created + deadline.created
run event add telegram --type ruling --date 2017-10-16 --appeal-sutki 10 \
  --source https://example.org/telegram-ruling --title "Meshchansky court fines Telegram"
expect_rc 0
EV=$(sql "SELECT id FROM event WHERE title LIKE 'Meshchansky%'")
# deadline.changed: the ruling's date corrected
run event edit "$EV" --date 2017-10-17
expect_rc 0
# case.changed
run case edit telegram --status appealed
expect_rc 0
# deadline.cancelled: the event deleted with its deadline
run event delete "$EV" --cascade
expect_rc 0
run notify --once
expect_rc 0
got() { jq_log "$RECV_LOG" "sorted(r['type'] for r in recs if r['body']['hook_id'] == $ALL)"; }
expect_eq "['case.changed', 'deadline.cancelled', 'deadline.changed', 'deadline.created', 'event.created']" "$(got)" "event types delivered"
expect_eq "True" "$(jq_log "$RECV_LOG" "all(r['valid'] for r in recs) and all(r['valid_c'] for r in recs)")" "signatures (Python and C)"
expect_eq 5 "$(jq_log "$RECV_LOG" "len(recs)")" "no delivery to the other case's or the tag's hook"
expect_eq 5 "$(jq_log "$RECV_LOG" "len(set(r['id'] for r in recs))")" "distinct event ids"
# Payloads: the full deadline, with case, rule, dates, explanation and sources.
P="[r['body'] for r in recs if r['type']=='deadline.created'][0]['data']['deadline']"
expect_eq "2017-10-26 telegram RU appeal missed open" "$(jq_log "$RECV_LOG" "' '.join([$P['due_on'], $P['case']['external_id'], $P['case']['jurisdiction'], $P['kind'], $P['status'], $P['stored_status']])")" "deadline.created payload: the status shown (a 2017 deadline not met is missed) and the stored one, as deadline show --json"
expect_eq "missed open" "$(jq_log "$RECV_LOG" "[r['body'] for r in recs if r['type']=='deadline.changed'][0]['data']['previous']['status'] + ' ' + [r['body'] for r in recs if r['type']=='deadline.changed'][0]['data']['previous']['stored_status']")" "previous: the shown and the stored status"
expect_eq "['https://example.org/telegram-ruling']" "$(jq_log "$RECV_LOG" "[s['url'] for s in $P['sources']]")" "sources in the payload"
expect_eq "True" "$(jq_log "$RECV_LOG" "'due 2017-10-26' in $P['explanation']['lines'] and 'later_on' in $P and 'rule' in $P")" "explanation, later_on and rule in the payload"
C="[r['body'] for r in recs if r['type']=='deadline.changed'][0]['data']"
expect_eq "2017-10-27 2017-10-26 2" "$(jq_log "$RECV_LOG" "' '.join([$C['deadline']['due_on'], $C['previous']['due_on'], str($C['deadline']['revision'])])")" "deadline.changed payload"
K="[r['body'] for r in recs if r['type']=='case.changed'][0]['data']"
expect_eq "appealed open" "$(jq_log "$RECV_LOG" "$K['case']['status'] + ' ' + $K['previous']['status']")" "case.changed payload"
E="[r['body'] for r in recs if r['type']=='event.created'][0]['data']['event']"
expect_eq "ruling 2017-10-16 telegram 1" "$(jq_log "$RECV_LOG" "' '.join([$E['type'], $E['date'], $E['case']['external_id'], str(len($E['deadlines']))])")" "event.created payload (with its deadlines)"
X="[r['body'] for r in recs if r['type']=='deadline.cancelled'][0]['data']['deadline']"
expect_eq "2017-10-27" "$(jq_log "$RECV_LOG" "$X['due_on']")" "deadline.cancelled payload (the deleted deadline)"
expect_eq "True" "$(jq_log "$RECV_LOG" "all(set(r['body']) == {'id','type','time','hook_id','data'} for r in recs)")" "envelope"

# ---- hook deliveries, redeliver (same event id), test ----
run hook deliveries "$ALL"
expect_rc 0
expect_out_has "attempt 1"
expect_out_has "ok 200"
D1=$(sql "SELECT min(d.id) FROM delivery d WHERE d.hook_id = $ALL")
ID1=$(sql "SELECT o.event_id FROM delivery d JOIN outbox o ON o.id = d.outbox_id WHERE d.id = $D1")
run hook redeliver "$D1"
expect_rc 0
expect_out_has "HTTP 200"
expect_eq 2 "$(jq_log "$RECV_LOG" "sum(1 for r in recs if r['id'] == '$ID1')")" "redelivered with the same event id"
run hook test "$ALL"
expect_rc 0
expect_eq "hook.test" "$(jq_log "$RECV_LOG" "recs[-1]['type']")" "hook test"

# ---- due_soon: once per deadline and offset, across worker runs ----
D=$(date -u -d '-9 days' +%F)
run event add telegram --type ruling --date "$D" --appeal-sutki 10 --title "Due tomorrow"
expect_rc 0
run notify --once
n_due() { jq_log "$RECV_LOG" "sum(1 for r in recs if r['type']=='deadline.due_soon')"; }
expect_eq 1 "$(n_due)" "due_soon fired once (the smallest open offset)"
expect_eq 1440 "$(jq_log "$RECV_LOG" "[r['body']['data']['offset_minutes'] for r in recs if r['type']=='deadline.due_soon'][0]")" "due_soon offset"
expect_eq 2 "$(sql "SELECT count(*) FROM due_soon_sent")" "both offsets recorded"
run notify --once
run notify --once
expect_eq 1 "$(n_due)" "due_soon not repeated by later worker runs"

# ---- a rolled-back import fires nothing ----
/usr/bin/python3 "$TRACKER_SRC/scripts/gen-fixture" 20 --events 5 --bad-at 60 -o "$TEST_TMP/bad.json"
nout=$(count outbox)
run import "$TEST_TMP/bad.json"
expect_rc 1
expect_err_has "nothing was imported"
expect_eq "$nout" "$(count outbox)" "no outbox rows from a rolled-back import"
n=$(lines "$RECV_LOG")
run notify --once
expect_eq "$n" "$(lines "$RECV_LOG")" "nothing delivered after the rolled-back import"
# ... and a good import fires, in its own transaction.
/usr/bin/python3 "$TRACKER_SRC/scripts/gen-fixture" 20 --events 5 -o "$TEST_TMP/good.json"
run import "$TEST_TMP/good.json"
expect_rc 0
run notify --once
expect_eq "$(sql "SELECT count(*) FROM deadline d JOIN legal_case c ON c.id = d.case_id WHERE c.external_id NOT IN ('telegram','other') AND d.status NOT IN ('vacated','superseded')")" \
  "$(jq_log "$RECV_LOG" "sum(1 for r in recs if r['type']=='deadline.created' and r['body']['data']['deadline']['case']['external_id'] not in ('telegram','other'))")" \
  "one deadline.created per deadline of the import"

# ---- a private address is refused when the hook does not allow it (checked after resolution) ----
sql "INSERT INTO hook (url, events, secret) VALUES ('$RECV_URL?private', '{case.changed}', '$HOOK_SECRET')" >/dev/null
PRIV=$(sql "SELECT max(id) FROM hook")
n=$(lines "$RECV_LOG")
run case edit other --status closed
run notify --once
expect_eq "refused failed" "$(sql "SELECT t.outcome || ' ' || d.state FROM delivery d JOIN delivery_attempt t ON t.delivery_id = d.id WHERE d.hook_id = $PRIV")" "private address refused, not retried"
expect_eq "True" "$(jq_log "$RECV_LOG" "not any('private' in str(r) for r in recs[$n:])")" "the receiver got nothing for the private hook"
PRIV_FAILING=$(sql "SELECT failing_since IS NOT NULL FROM hook WHERE id = $PRIV")
run hook deliveries "$PRIV"
expect_out_has "refused: address 127.0.0.1 is private"
# The other case's hook got the case.changed.
expect_eq 1 "$(jq_log "$RECV_LOG" "sum(1 for r in recs if r['type']=='case.changed' and r['body']['hook_id']==$OTHER)")" "case filter"

# ---- disable / enable / delete ----
run hook disable "$ALL" --reason "maintenance"
expect_rc 0
run case edit telegram --status open
expect_eq 0 "$(sql "SELECT count(*) FROM delivery WHERE hook_id = $ALL AND state = 'pending'")" "a disabled hook gets no new deliveries"
run hook list
expect_out_has "DISABLED"
expect_out_has "maintenance"
run hook edit "$ALL" --enable
expect_rc 0
run hook edit "$ALL" --url http://127.0.0.1:1/x
expect_rc 0
run hook edit "$ALL" --url http://127.0.0.1:1/x --no-allow-private
expect_rc 2
run hook delete 999
expect_rc 1
run hook delete "$PRIV"
expect_rc 0
expect_eq 0 "$(sql "SELECT count(*) FROM delivery WHERE hook_id = $PRIV")" "deliveries deleted with the hook"
# ---- the audit trail: every hook and digest change, never a secret (migration 022) ----
ops() { sql "SELECT string_agg(op, ' ' ORDER BY id) FROM audit WHERE table_name = '$1' AND row_id = $2"; }
expect_eq "INSERT DELETE" "$(ops hook 1)" "hook add and delete audited"
expect_eq "INSERT DELETE" "$(ops hook "$PRIV")" "the worker's failing_since bookkeeping writes no audit row"
expect_eq "t" "$PRIV_FAILING" "(the worker did set that hook's failing_since)"
expect_eq "maintenance ${TRACKER_ACTOR:-$(id -un)}" "$(sql "SELECT new_row->>'disabled_reason' || ' ' || actor FROM audit WHERE table_name = 'hook' AND row_id = $ALL AND new_row->>'disabled_reason' IS NOT NULL AND old_row->>'disabled_reason' IS NULL")" "hook disable audited with the actor"
expect_eq "http://127.0.0.1:1/x" "$(sql "SELECT new_row->>'url' FROM audit WHERE table_name = 'hook' AND row_id = $ALL ORDER BY id DESC LIMIT 1")" "hook edit audited"
ROTATED="rotated-secret-$$-abcdefghijklmnop"
printf '%s\n' "$ROTATED" | "$TRACKER_BIN" hook edit "$ALL" --secret-stdin >/dev/null
expect_eq 0 $? "hook edit --secret-stdin"
expect_eq "$ROTATED" "$(sql "SELECT secret FROM hook WHERE id = $ALL")" "the secret replaced"
expect_eq "true" "$(sql "SELECT new_row->>'secret_changed' FROM audit WHERE table_name = 'hook' AND row_id = $ALL ORDER BY id DESC LIMIT 1")" "a secret change shows as secret_changed"
run digest add ann@example.org --every day
expect_rc 0
DG=$(sql "SELECT max(id) FROM digest")
run digest delete "$DG"
expect_rc 0
expect_eq "INSERT DELETE" "$(ops digest "$DG")" "digest add and delete audited"
expect_eq "ann@example.org" "$(sql "SELECT old_row->>'address' FROM audit WHERE table_name = 'digest' AND row_id = $DG AND op = 'DELETE'")" "the deleted digest in the audit"
run hook delete "$ALL"
expect_rc 0
expect_eq "DELETE" "$(sql "SELECT op FROM audit WHERE table_name = 'hook' AND row_id = $ALL ORDER BY id DESC LIMIT 1")" "the last hook delete audited"
run history --hook "$ALL"
expect_rc 0
expect_out_has "hook $ALL added"
expect_out_has "hook $ALL deleted"
expect_out_has "maintenance"
expect_out_has "secret_changed"
expect_out_has "delivery $D1 changed" # hook redeliver, asked for by hand
expect_out_has "command: hook test $ALL" # the test delivery
expect_out_lacks "$HOOK_SECRET"
expect_out_lacks "$ROTATED"
run history --digest "$DG"
expect_rc 0
expect_out_has "digest $DG added"
expect_out_has "ann@example.org"
run history --hook 999999
expect_rc 1
run history --hook 1 --digest 1
expect_rc 2
sql "SELECT a::text FROM audit a" >"$TEST_TMP/audit.dump"
[ -s "$TEST_TMP/audit.dump" ] && grep -q '"table_name":"hook"\|hook' "$TEST_TMP/audit.dump" && pass || fail "no audit dump"
for sec in "$HOOK_SECRET" "$GEN_SECRET" "$ROTATED"; do
  grep -qF -- "$sec" "$TEST_TMP/audit.dump" && fail "a hook secret is in the audit trail" || pass
done
expect_eq 0 "$(sql "SELECT count(*) FROM audit WHERE table_name = 'hook' AND (old_row ? 'secret' OR new_row ? 'secret')")" "no secret key in any hook image"

run hook --help
expect_out_has "redeliver"
finish
