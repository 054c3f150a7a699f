# The README tour runs as printed right after scripts/demo: its commands are taken from README.md
# (tests/cli/readme_tour.py), run on a database prepared as scripts/demo prepares it, and each must
# exit 0 and print every line the README shows for it (lines with "..." are elisions).
source "$(dirname "$0")/lib.sh"
migrate
# scripts/demo's data: the same import (checked, so that this test follows the demo)
grep -q '"$TRACKER" import examples/telegram.json' "$TRACKER_SRC/scripts/demo" && pass ||
  fail "scripts/demo no longer imports examples/telegram.json: update this test"
run import "$TRACKER_SRC/examples/telegram.json"
expect_rc 0
# The README's explanations were printed on 2026-11-24, by an analyst.
export TRACKER_TODAY=2026-11-24 TRACKER_ACTOR=analyst
mkdir -p "$TEST_TMP/bin"
ln -s "$TRACKER_BIN" "$TEST_TMP/bin/tracker"
/usr/bin/python3 "$TRACKER_SRC/tests/cli/readme_tour.py" "$TRACKER_SRC/README.md" "$TEST_TMP/bin" \
  >"$TEST_TMP/tour" 2>&1
n=0
while IFS= read -r line; do
  case "$line" in
    ok\ *) pass; n=$((n + 1)) ;;
    *) OUT="" ERR=""; fail "README tour: $line" ;;
  esac
done <"$TEST_TMP/tour"
# the tour has its sections: the Telegram case, recording and correcting by hand, rules, JSON
[ "$n" -ge 15 ] && pass || fail "expected at least 15 tour commands to pass, got $n"
grep -q '^ok .*tracker event delete' "$TEST_TMP/tour" && pass || fail "the tour deletes an event"
grep -q '^ok .*tracker history' "$TEST_TMP/tour" && pass || fail "the tour shows a history"
finish
