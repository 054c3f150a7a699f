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
readme_commands "README tour"
# the tour has its sections: the Telegram case, recording and correcting by hand, rules, JSON
[ "$TOUR_OK" -ge 15 ] && pass || fail "expected at least 15 tour commands to pass, got $TOUR_OK"
grep -q '^ok .*tracker event delete' "$TOUR_OUT" && pass || fail "the tour deletes an event"
grep -q '^ok .*tracker history' "$TOUR_OUT" && pass || fail "the tour shows a history"
finish
