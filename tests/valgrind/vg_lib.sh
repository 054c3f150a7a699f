# tests/valgrind/vg_lib.sh: valgrind memcheck for the vg_*.sh tests (after tests/cli/lib.sh).
# vg ARGS...: run tracker under memcheck (standard input from $VG_STDIN when set); OUT, ERR and
# RC as `run` sets them; a memcheck error (exit 99) fails the test.
VG=("$VALGRIND" --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect
    --errors-for-leak-kinds=definite,indirect --suppressions="$(dirname "${BASH_SOURCE[0]}")/tracker.supp")
vg() {
  "${VG[@]}" "$TRACKER_BIN" "$@" <"${VG_STDIN:-/dev/null}" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
  RC=$?
  OUT=$(cat "$TEST_TMP/out"); ERR=$(cat "$TEST_TMP/err")
  if [ "$RC" = 99 ]; then fail "valgrind errors in: tracker $*"; cat "$TEST_TMP/err"; else pass; fi
}
# vg_in FILE ARGS...: vg with standard input from FILE.
vg_in() { local f=$1; shift; VG_STDIN=$f vg "$@"; }
