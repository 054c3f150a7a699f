# The README's alerts section runs as printed right after scripts/demo: every "$ " line of
# "## Alerts: signed webhooks and e-mail digests" (the example receiver and mail sink, a hook,
# the Telegram import, a correction, a digest) run in order in one shell by
# tests/cli/readme_tour.py --section; each must exit as shown and print every line the README
# shows for it. Ports, the scratch folder and the database name are this test's own.
source "$(dirname "$0")/lib.sh"
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
HOOK_PORT=$(free_port)
SMTP_PORT=$(free_port)
readme_commands "README alerts" --section "## Alerts: signed webhooks and e-mail digests" \
  --drop 'eval "$(scripts/db env)"' --subst "8099=$HOOK_PORT" --subst "2525=$SMTP_PORT" \
  --subst "/tmp/tracker-tour=$TEST_TMP/tour" --subst "tracker_alerts=$TEST_DB"
[ "$TOUR_OK" -ge 15 ] && pass || fail "expected at least 15 commands of the alerts section to pass, got $TOUR_OK"
for want in 'tracker import examples/telegram.json' 'sort .*hooks.log' 'tracker notify --once --smtp' 'cat .*mail.log'; do
  grep -q "^ok .*$want" "$TOUR_OUT" && pass || fail "the alerts section runs: $want"
done
finish
