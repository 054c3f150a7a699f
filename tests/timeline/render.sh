# tests/timeline/render.sh: helpers for the timeline and HTML tests (sourced after tests/cli/lib.sh).
# chromium_run ARGS...: headless Chromium with a fresh profile and no background traffic.
# Sets CHROMIUM. A missing Chromium or TimelineJS is a failure, never a skip: scripts/test
# installs both (Debian's chromium; TimelineJS from npm, pinned in tests/timeline).
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
TIMELINEJS_DIST="$TRACKER_SRC/tests/timeline/node_modules/@knight-lab/timelinejs/dist"
[ -n "$CHROMIUM" ] || fail "Chromium is not installed (apt-get install chromium; scripts/test does)"
[ -f "$TIMELINEJS_DIST/js/timeline.js" ] ||
  fail "TimelineJS is not installed (npm ci in tests/timeline; scripts/test does)"

chromium_run() {
  timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-dev-shm-usage --user-data-dir="$TEST_TMP/chrome-profile" \
    --allow-file-access-from-files "$@" 2>>"$TEST_TMP/chromium.log"
}
