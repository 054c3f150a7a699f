# The main CLI paths under valgrind memcheck: any leak or invalid access fails the test.
source "$(dirname "$0")/../cli/lib.sh"
VG=("$VALGRIND" --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect
    --errors-for-leak-kinds=definite,indirect --suppressions="$(dirname "$0")/tracker.supp")
vg() {
  "${VG[@]}" "$TRACKER_BIN" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
  RC=$?
  OUT=$(cat "$TEST_TMP/out"); ERR=$(cat "$TEST_TMP/err")
  if [ "$RC" = 99 ]; then fail "valgrind errors in: tracker $*"; cat "$TEST_TMP/err"; else pass; fi
}
vg db migrate
vg case add --title "Telegram fined" --jurisdiction RU --external-id tg --party "defendant:Telegram" --tag x
vg event add tg --type ruling --date 2017-10-16 --fine 800000 --currency RUB --equivalent 14000:USD --appeal-sutki 10 --source https://example.org/a
vg event add tg --type request --date 2017-07 --deadline response:2017-09-14
vg event edit 1 --date 2017-10-17
vg case show tg
vg case show tg --json
vg case list --json
vg event list --json
vg fine list
vg case edit tg --add-tag y --expect-version 1
vg case add --title X --jurisdiction XX
vg event add tg --type ruling --date 2017-02-30
vg --db "host=/nonexistent port=1" case list
vg db status --json
for f in "$TRACKER_SRC"/tests/valgrind/extra_*.sh; do [ -f "$f" ] && source "$f"; done
finish
