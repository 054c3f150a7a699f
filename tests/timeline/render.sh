# tests/timeline/render.sh: helpers for the timeline and HTML tests (sourced after tests/cli/lib.sh).
# chromium_run ARGS...: headless Chromium with a fresh profile and no background traffic.
# Sets CHROMIUM (empty when Chromium is not installed).
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
TIMELINEJS_DIST="$TRACKER_SRC/tests/timeline/node_modules/@knight-lab/timelinejs/dist"

chromium_run() {
  timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-dev-shm-usage --user-data-dir="$TEST_TMP/chrome-profile" \
    --allow-file-access-from-files "$@" 2>>"$TEST_TMP/chromium.log"
}
