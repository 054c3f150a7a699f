# tracker case add|list|show|edit, parties, tags, optimistic locking, audit trail.
source "$(dirname "$0")/lib.sh"
migrate

run case add --title "Telegram fined for refusing FSB keys" --jurisdiction RU \
  --body "Meshchansky District Court of Moscow" --tag encryption --tag telegram --tag encryption \
  --party "defendant:Telegram Messenger LLP" --party "complainant:FSB" --party "regulator:Roskomnadzor" \
  --summary "Fined 800,000 rubles" --external-id tg-2017
expect_rc 0
id=$OUT
expect_eq 1 "$(sql "SELECT count(*) FROM legal_case WHERE id = $id")" "case row"
expect_eq "{encryption,telegram}" "$(sql "SELECT tags FROM legal_case WHERE id = $id")" "tags deduplicated"
expect_eq 3 "$(sql "SELECT count(*) FROM case_party WHERE case_id = $id")" "parties linked"
expect_eq 1 "$(sql "SELECT count(*) FROM body WHERE name = 'Meshchansky District Court of Moscow' AND jurisdiction = 'RU'")" "body"

run case show tg-2017
expect_rc 0
expect_out_has "Case $id: Telegram fined for refusing FSB keys"
expect_out_has "defendant    Telegram Messenger LLP"
expect_out_has "court:         Meshchansky District Court of Moscow"
run case show "$id" --json
expect_rc 0
expect_out_has '"title":	"Telegram fined for refusing FSB keys"'
expect_out_has '"role":	"complainant"'
/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["tags"]==["encryption","telegram"], d["tags"]; assert len(d["parties"])==3' <<<"$OUT" && pass || fail "case show --json shape"

run case list
expect_rc 0
expect_out_has "Telegram fined for refusing FSB keys"
run case list --external-id tg-2017 --ids
expect_eq "$id" "$OUT" "list --ids by external id"
run case list --tag nosuchtag --ids
expect_eq "" "$OUT" "tag filter"
run case list --json --jurisdiction RU
/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d)==1 and d[0]["events"]==0' <<<"$OUT" && pass || fail "case list --json"

# edit: fields, tags, parties; each edit bumps the version
run case edit "$id" --status appealed --add-tag fsb --remove-tag telegram --remove-party "regulator:Roskomnadzor"
expect_rc 0
expect_eq "appealed|{encryption,fsb}|2" "$(sql "SELECT status, tags, version FROM legal_case WHERE id = $id")" "after edit"
expect_eq 2 "$(sql "SELECT count(*) FROM case_party WHERE case_id = $id")" "party removed"

# optimistic locking: a writer holding an old version gets a conflict, nothing changes
run case edit "$id" --title "Stale edit" --expect-version 1
expect_rc 1
expect_err_has "changed by someone else"
expect_eq "Telegram fined for refusing FSB keys" "$(sql "SELECT title FROM legal_case WHERE id = $id")" "stale edit refused"
run case edit "$id" --title "Fresh edit" --expect-version 2
expect_rc 0
expect_eq "Fresh edit|3" "$(sql "SELECT title, version FROM legal_case WHERE id = $id")" "fresh edit applied"

# audit trail: insert and updates recorded with old and new rows and the actor
expect_eq 3 "$(sql "SELECT count(*) FROM audit WHERE table_name = 'legal_case' AND row_id = $id")" "audit rows"
expect_eq "Telegram fined for refusing FSB keys|Fresh edit|test" \
  "$(sql "SELECT old_row->>'title', new_row->>'title', actor FROM audit WHERE table_name = 'legal_case' AND row_id = $id ORDER BY id DESC LIMIT 1")" "audit old/new"

# errors
run case show 999999
expect_rc 1
expect_err_has 'case "999999" does not exist'
run case show no-such-case
expect_rc 1
run case add --title X --jurisdiction XX
expect_rc 2
expect_err_has 'unknown jurisdiction "XX"'
run case add --title X --jurisdiction russia
expect_rc 2
expect_err_has 'invalid jurisdiction'
run case add --jurisdiction RU
expect_rc 2
expect_err_has "missing required option --title"
run case add --title X --jurisdiction RU --status pending
expect_rc 2
expect_err_has 'invalid status "pending"'
run case add --title X --jurisdiction RU --party "judge:Somebody"
expect_rc 2
expect_err_has 'invalid party role "judge"'
run case add --title X --jurisdiction RU --tag "Bad Tag"
expect_rc 2
run case add --title X --jurisdiction RU --external-id tg-2017
expect_rc 2
expect_err_has 'already exists'
expect_eq 1 "$(count legal_case)" "no case written by failed adds"
run case edit "$id" --add-party "judge:X"
expect_rc 2
run case list --bogus
expect_rc 2
expect_err_has 'unknown option "--bogus"'
run case add --help
expect_rc 0
expect_out_has "usage: tracker case add --title TEXT --jurisdiction CODE"
run case
expect_rc 2
run case help
expect_rc 0
expect_out_has "commands:"
finish
