# One owner per vocabulary: the words in core/ (tracker db vocab prints them) are the words the
# database's CHECK constraints, the interchange JSON Schema and the CLI's help accept.
source "$(dirname "$0")/lib.sh"
migrate
PY=/usr/bin/python3
run db vocab --json
expect_rc 0
VOCAB=$OUT

# The database: each column's CHECK (col IN (...)) list equals its vocabulary.
checks=$(sql "SELECT conrelid::regclass || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
              WHERE contype = 'c' AND connamespace = 'public'::regnamespace ORDER BY 1")
cmp=$("$PY" - "$VOCAB" "$checks" <<'PYEOF'
import json, re, sys
vocab = json.loads(sys.argv[1])
cols = {('event', 'type'): 'event_type', ('event', 'outcome'): 'event_outcome',
        ('legal_case', 'status'): 'case_status', ('case_party', 'role'): 'party_role',
        ('party', 'kind'): 'party_kind', ('body', 'kind'): 'body_kind',
        ('deadline', 'kind'): 'deadline_kind', ('rule', 'kind'): 'deadline_kind',
        ('deadline', 'status'): 'deadline_status', ('event', 'date_precision'): 'date_precision',
        ('deadline', 'period_unit'): 'period_unit', ('rule', 'period_unit'): 'period_unit',
        ('deadline', 'roll'): 'roll', ('rule', 'roll'): 'roll',
        ('app_account', 'role'): 'account_role', ('api_token', 'scope'): 'token_scope'}
found = {}
for line in sys.argv[2].splitlines():
    table, _, cdef = line.partition(' ')
    for col, arr in re.findall(r'\(\(?(\w+) = ANY \(\(?ARRAY\[([^\]]*)\]', cdef):
        words = re.findall(r"'([^']*)'::text", arr)
        found[(table, col)] = words
out = []
for key, name in sorted(cols.items()):
    if key not in found:
        out.append(f'{key[0]}.{key[1]}: no CHECK list found')
    elif sorted(found[key]) != sorted(vocab[name]):
        out.append(f'{key[0]}.{key[1]}: CHECK {sorted(found[key])} != {name} {sorted(vocab[name])}')
print('\n'.join(out) if out else 'same')
PYEOF
)
expect_eq "same" "$cmp" "CHECK constraints against the vocabularies"
# Accounts (migration 015): roles in the order of their rights, the scopes of API tokens.
expect_eq '["viewer", "editor", "admin"]|["read", "write"]' \
  "$("$PY" -c 'import json,sys; v=json.loads(sys.argv[1]); print(json.dumps(v["account_role"]) + "|" + json.dumps(v["token_scope"]))' "$VOCAB")" \
  "account roles and token scopes"
# The CLI's help names every role and scope, and refuses other words.
run user add --help
for w in viewer editor admin; do expect_out_has "$w"; done
run token create --help
for w in read write; do expect_out_has "$w"; done
run user add someone --role superuser
expect_rc 2
expect_err_has 'invalid role "superuser": expected one of viewer, editor, admin'
run token create --user someone --scope delete
expect_rc 2
expect_err_has 'invalid scope "delete": expected one of read, write'

# The interchange JSON Schema: every vocabulary the format carries is one of its enums.
cmp=$("$PY" - "$VOCAB" "$TRACKER_SRC/docs/interchange.schema.json" <<'PYEOF'
import json, sys
vocab = json.loads(sys.argv[1])
enums = []
def walk(x):
    if isinstance(x, dict):
        if 'enum' in x:
            enums.append(sorted(v for v in x['enum'] if v is not None))
        for v in x.values():
            walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)
walk(json.load(open(sys.argv[2])))
names = ['event_type', 'event_outcome', 'case_status', 'party_role', 'party_kind', 'body_kind',
         'deadline_kind', 'date_precision', 'period_unit', 'roll']
out = [n for n in names if sorted(vocab[n]) not in enums]
print('same' if not out else 'not in the JSON Schema as an enum: ' + ', '.join(out))
PYEOF
)
expect_eq "same" "$cmp" "JSON Schema enums against the vocabularies"

# The CLI: every unit's option and spec suffix works, and help lists the words.
run rule add --help
for o in days working-days sutki months years; do expect_out_has "--$o N"; done
run deadline calc --help
for o in days working-days sutki months years; do expect_out_has "--$o N"; done
run event add --help
expect_out_has "--appeal-days N"
expect_out_has "--appeal-sutki N"
expect_out_has "--appeal-working-days N"
for w in $("$PY" -c 'import json,sys; print(" ".join(json.loads(sys.argv[1])["event_type"]))' "$VOCAB"); do
  expect_out_has "$w"
done
run case add --title "Vocabulary" --jurisdiction RU
C=$OUT
for spec in 10d 10days 5wd 5working-days 3sutki 1m 1months 1y 1years; do
  run event add "$C" --type order --date 2024-03-01 --title "Order $spec" --deadline "other:$spec"
  expect_rc 0
done
run event add "$C" --type order --date 2024-03-01 --deadline other:10q
expect_rc 2
expect_err_has 'invalid --deadline "other:10q"'
expect_eq "calendar_days months sutki working_days years" \
  "$(sql "SELECT string_agg(DISTINCT period_unit, ' ' ORDER BY period_unit) FROM deadline WHERE case_id = $C")" \
  "every spec suffix reaches its unit"
finish
