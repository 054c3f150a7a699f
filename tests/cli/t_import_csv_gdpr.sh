#!/usr/bin/env bash
# A real published fines table through a shipped mapping: the GDPR fines Privacy Affairs published,
# as TidyTuesday 2020-04-21 ships them (examples/gdpr-violations.tsv, the first 24 rows verbatim;
# source and licence in examples/gdpr-violations.README.md), imported with
# examples/gdpr-violations.map.json. tracker report fines totals by authority must equal the
# sheet's own sums, computed here independently from the TSV by Python.
. "$(dirname "$0")/lib.sh"
migrate
EX="$TRACKER_SRC/examples"
TSV="$EX/gdpr-violations.tsv"
MAP="$EX/gdpr-violations.map.json"

run import --format tsv "$TSV" --map "$MAP"
expect_rc 0
expect_out_has "imported $TSV: 173 inserted, 0 updated, 0 unchanged"
expect_eq "24|24|22" "$(sql "SELECT (SELECT count(*) FROM legal_case), (SELECT count(*) FROM event), (SELECT count(*) FROM fine)")" "cases, events, fines"
# price 0 ("not yet final": Marriott, British Airways): the event is kept, no fine recorded
expect_eq "2" "$(sql "SELECT count(*) FROM event e JOIN body b ON b.id = e.body_id WHERE b.name = 'Information Commissioner (ICO)' AND NOT EXISTS (SELECT 1 FROM fine f WHERE f.event_id = e.id)")" "ICO: events without fines"
# HTML entities decoded, articles split on | into tags, the country mapped
expect_eq "Due to technical errors, the personal data of 8.000 customers wasn’t deleted upon request" \
  "$(sql "SELECT summary FROM legal_case WHERE external_id = 'gdpr-pa:8'")" "summary cleaned"
expect_eq "EU|{gdpr,art-21-3-gdpr,art-25-gdpr,country:greece}" \
  "$(sql "SELECT jurisdiction, tags FROM legal_case WHERE external_id = 'gdpr-pa:8'")" "tags"
expect_eq "2019-08-20|18630.00|EUR" \
  "$(sql "SELECT e.date, f.amount, f.currency FROM fine f JOIN event e ON e.id = f.event_id WHERE e.external_id = 'gdpr-pa:18:decision'")" "a fine"

# report fines by authority = the sheet's own sums
want=$(/usr/bin/python3 - "$TSV" <<'PY'
import csv, sys
from decimal import Decimal
sums = {}
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    for r in csv.DictReader(f, delimiter="\t"):
        a = Decimal(r["price"])
        if a:
            n, s = sums.get(r["authority"], (0, Decimal(0)))
            sums[r["authority"]] = (n + 1, s + a)
for k in sorted(sums):
    print("%s,EUR,%d,%.2f" % (k, sums[k][0], sums[k][1]))
PY
)
expect_eq 11 "$(printf '%s\n' "$want" | wc -l)" "the sheet's authorities with fines"
got=$(tracker report fines --section by_authority --format csv | tail -n +2 | cut -d, -f1-4 | LC_ALL=C sort)
expect_eq "$(printf '%s\n' "$want" | LC_ALL=C sort)" "$got" "report fines by authority = the sheet's sums"
total=$(/usr/bin/python3 -c 'import csv,sys; from decimal import Decimal; print("%.2f" % sum(Decimal(r["price"]) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"), delimiter="\t")))' "$TSV")
expect_eq "$total" "$(sql "SELECT sum(amount) FROM fine")" "total of the sheet"

# idempotent
AUD=$(count audit)
run import --format tsv "$TSV" --map "$MAP"
expect_rc 0
expect_out_has "0 inserted, 0 updated, 173 unchanged"
expect_eq "$AUD" "$(count audit)" "re-import wrote nothing"
finish
