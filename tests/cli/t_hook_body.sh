# The body a delivery POSTs is built by the worker from the payload's text rendered at commit
# (outbox.payload_text, migration 021): it must be, byte for byte, what
# jsonb_build_object('id', .., 'type', .., 'time', .., 'hook_id', .., 'data', payload)::text
# makes, for rows with the text, rows without it (written before 021, `hook test`, due_soon) and
# rows whose payload was changed afterwards (the text is then cleared, never sent stale).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hooks_lib.sh"
migrate

start_receiver r --keep-raw
run case add --title 'Telegram "FSB keys" \ ключи шифрования' --jurisdiction RU --external-id telegram
expect_rc 0
run hook add "$RECV_URL" --events all --allow-private --secret-stdin <"$TEST_TMP/secret"
expect_rc 0
HOOK=$(printf '%s' "$OUT" | sed -n 's/^created hook \([0-9]*\).*/\1/p')
run event add telegram --type ruling --date 2017-10-16 --appeal-sutki 10 \
  --source https://example.org/telegram-ruling --title 'Meshchansky court: "fine" \ штраф'
expect_rc 0
run case edit telegram --status appealed
expect_rc 0

N=$(sql "SELECT count(*) FROM outbox")
expect_eq True "$([ "$N" -ge 3 ] && echo True || echo "False ($N)")" "outbox rows written"
expect_eq "$N" "$(sql "SELECT count(*) FROM outbox WHERE payload_text = payload::text")" \
  "payload text rendered at commit for every row"

# A row as written before migration 021 (no text) and a row whose payload changed after commit.
NOTEXT=$(sql "SELECT min(id) FROM outbox")
CHANGED=$(sql "SELECT max(id) FROM outbox")
sql "UPDATE outbox SET payload_text = NULL WHERE id = $NOTEXT"
sql "UPDATE outbox SET payload = payload || '{\"note\": \"changed after commit\"}' WHERE id = $CHANGED"
expect_eq "" "$(sql "SELECT payload_text FROM outbox WHERE id = $CHANGED")" \
  "changing the payload clears its text"
expect_eq "changed after commit" "$(sql "SELECT payload->>'note' FROM outbox WHERE id = $CHANGED")" \
  "the changed payload"

run notify --once
expect_rc 0
run hook test "$HOOK"
expect_rc 0
expect_eq "$((N + 1))" "$(lines "$RECV_LOG")" "every delivery received"

sql "SELECT json_build_object('delivery', d.id::text, 'body', jsonb_build_object('id', o.event_id,
  'type', o.type, 'time', to_char(o.committed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),
  'hook_id', d.hook_id, 'data', o.payload)::text) FROM delivery d JOIN outbox o ON o.id = d.outbox_id
  ORDER BY d.id" >"$TEST_TMP/want.jsonl"
compare() { # PYEXPR over want (delivery id -> expected body) and got (delivery id -> raw body)
  /usr/bin/python3 - "$TEST_TMP/want.jsonl" "$RECV_LOG" "$1" <<'PY'
import json, sys
want = {w["delivery"]: w["body"] for w in map(json.loads, open(sys.argv[1]))}
got = {r["delivery"]: r["raw"] for r in map(json.loads, open(sys.argv[2]))}
print(eval(sys.argv[3]))
PY
}
expect_eq "$((N + 1))" "$(compare "len(want)")" "expected bodies"
expect_eq "True" "$(compare "sorted(want) == sorted(got)")" "the same deliveries"
expect_eq "[]" "$(compare "[k for k in want if want[k] != got.get(k)]")" \
  "every body byte-identical to jsonb_build_object(...)::text"
D_NOTEXT=$(sql "SELECT id FROM delivery WHERE outbox_id = $NOTEXT")
D_CHANGED=$(sql "SELECT id FROM delivery WHERE outbox_id = $CHANGED")
expect_eq "True True" "$(compare "' '.join(str(want[k] == got[k]) for k in ['$D_NOTEXT', '$D_CHANGED'])")" \
  "rows without the text: the payload itself"
expect_eq "True" "$(compare "'changed after commit' in got['$D_CHANGED'] and 'штраф' in ''.join(got.values()) and '\\\\\\\\' in ''.join(got.values())")" \
  "the changed payload, non-ASCII and escapes sent"
expect_eq True "$(jq_log "$RECV_LOG" "all(r['valid'] for r in recs)")" "every signature valid"
finish
