# tracker digest: subscriptions (bad input: exit 2, nothing written), digests sent by the worker
# through an SMTP sink (Debian's python3-aiosmtpd, Maildir): STARTTLS required unless plain SMTP
# is asked for to a loopback host; plain text and HTML parts with overdue, due-soon and changed
# deadlines, user text escaped in the HTML, links to the web app, a signed unsubscribe link; one
# digest per period, across worker restarts.
source "$(dirname "$0")/lib.sh"
migrate

PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
MAILDIR="$TEST_TMP/mail"
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$PORT" -c aiosmtpd.handlers.Mailbox "$MAILDIR" \
  2>"$TEST_TMP/smtp.err" &
SMTP_PID=$!
trap 'kill $SMTP_PID 2>/dev/null; wait 2>/dev/null; cleanup' EXIT
ready() { /usr/bin/python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1)" 2>/dev/null; }
for _ in $(seq 1 100); do ready && break; sleep 0.05; done
SMTP="smtp://127.0.0.1:$PORT"
nmail() { /usr/bin/python3 -c "import mailbox; print(len(mailbox.Maildir('$MAILDIR', create=True)))"; }

TITLE='Telegram <script>alert(1)</script> & "keys"'
run case add --title "$TITLE" --jurisdiction RU --external-id telegram
run case add --title "Elsewhere" --jurisdiction US --external-id other
run event add telegram --type ruling --date 2017-10-16 --appeal-sutki 10 --title "Old ruling"
D=$(date -u -d '-9 days' +%F)
run event add telegram --type ruling --date "$D" --appeal-sutki 10 --title "Recent ruling"
expect_rc 0

# ---- bad input ----
before=$(snapshot)
run digest add rep@example.org --every month
expect_rc 2
run digest add rep@example.org --every day --at 25:00
expect_rc 2
run digest add rep@example.org --every day --zone Mars/Olympus_Mons
expect_rc 2
expect_err_has "IANA time zone"
run digest add "not an address" --every day
expect_rc 2
run digest add "a@b>c" --every day
expect_rc 2
run digest add rep@example.org --every day --case nosuchcase
expect_rc 1
expect_eq "$before" "$(snapshot)" "nothing written by bad digest add"
run notify --once --smtp smtp://mail.example.org:25 --smtp-plain-localhost
expect_rc 2
expect_err_has "not a loopback host"
printf 'no colon here\n' >"$TEST_TMP/auth"
run notify --once --smtp "$SMTP" --smtp-auth-file "$TEST_TMP/auth"
expect_rc 2

run digest add rep@example.org --every day --at 00:00 --zone Europe/Moscow --case telegram
expect_rc 0
expect_out_has "created digest 1: rep@example.org every day at 00:00 Europe/Moscow"
run digest list
expect_out_has "filter: case 1; last sent: never"
# a worker without --smtp says that it will not send the subscribed digests
run notify --once
expect_rc 0
expect_err_has "1 digest subscription, and no --smtp: digests are not sent"
expect_eq 0 "$(sql "SELECT count(*) FROM digest_sent")" "nothing recorded as sent without SMTP"

# ---- STARTTLS is required by default: the sink offers none, so nothing is sent ----
run notify --once --smtp "$SMTP"
expect_rc 0
expect_err_has "not sent"
expect_err_has "STARTTLS"
expect_eq 0 "$(nmail)" "no mail without STARTTLS"
expect_eq 0 "$(count digest_sent)" "no period recorded for an unsent digest"

# ---- sent once per period ----
run notify --once --smtp "$SMTP" --smtp-plain-localhost --base-url https://tracker.example.org/
expect_rc 0
expect_eq 1 "$(nmail)" "one digest"
expect_eq "$(TZ=Europe/Moscow date +%F)" "$(sql "SELECT period_start FROM digest_sent")" "period: today in Moscow"
SECRET=$(sql "SELECT secret FROM alert_secret")
/usr/bin/python3 - "$MAILDIR" "$SECRET" >"$TEST_TMP/check" <<'PY'
import hashlib, hmac, html, mailbox, re, sys
msgs = list(mailbox.Maildir(sys.argv[1]))
m = msgs[0]
print("to", m["To"])
print("subject", m["Subject"])
print("multipart", m.get_content_type())
parts = {p.get_content_type(): p.get_payload(decode=True).decode() for p in m.walk() if not p.is_multipart()}
print("parts", " ".join(sorted(parts)))
t, h = parts["text/plain"], parts["text/html"]
print("text-overdue", "Overdue:" in t and "2017-10-26  Appeal deadline" in t)
print("text-duesoon", "Due soon:" in t)
print("text-changed", "Changed since the last digest:" in t)
print("text-title", 'Telegram <script>alert(1)</script> & "keys"' in t)
print("html-escaped", "Telegram &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;keys&quot;" in h and "<script>" not in h)
print("link", "https://tracker.example.org/app/#/cases/1" in t and 'href="https://tracker.example.org/app/#/cases/1"' in h)
u = re.search(r"https://tracker\.example\.org/unsubscribe\?d=1&t=([0-9a-f]{64})", t)
want = hmac.new(sys.argv[2].encode(), b"unsubscribe:1:rep@example.org", hashlib.sha256).hexdigest()
print("unsubscribe-token", bool(u) and u.group(1) == want)
print("unsubscribe-html", bool(u) and html.escape("https://tracker.example.org/unsubscribe?d=1&t=" + want) in h)
print("list-unsubscribe", m["List-Unsubscribe"] == "<https://tracker.example.org/unsubscribe?d=1&t=%s>" % want)
PY
check() { grep -qx -- "$1" "$TEST_TMP/check" && pass || fail "mail: $1 (got: $(grep -- "^${1%% *}" "$TEST_TMP/check"))"; }
check "to <rep@example.org>"
check "multipart multipart/alternative"
check "parts text/html text/plain"
check "text-overdue True"
check "text-duesoon True"
check "text-changed True"
check "text-title True"
check "html-escaped True"
check "link True"
check "unsubscribe-token True"
check "unsubscribe-html True"
check "list-unsubscribe True"
grep -q "^subject tracker digest $(TZ=Europe/Moscow date +%F): 1 overdue, 1 due soon, 2 changed" "$TEST_TMP/check" && pass || fail "subject: $(grep ^subject "$TEST_TMP/check")"

# A worker restart (two more runs) sends nothing more in the same period.
run notify --once --smtp "$SMTP" --smtp-plain-localhost
run notify --once --smtp "$SMTP" --smtp-plain-localhost
expect_eq 1 "$(nmail)" "still one digest in the period after restarts"
run digest list
expect_out_has "last sent: $(TZ=Europe/Moscow date +%F)"

# The next period (the recorded one moved back a day, as tomorrow would): sent again, once; the
# changed deadlines are those changed since the last digest (none).
sql "UPDATE digest_sent SET period_start = period_start - 1, sent_at = sent_at - interval '1 day'" >/dev/null
run notify --once --smtp "$SMTP" --smtp-plain-localhost
run notify --once --smtp "$SMTP" --smtp-plain-localhost
expect_eq 2 "$(nmail)" "one more digest in the next period"
expect_eq 2 "$(count digest_sent)" "two periods recorded"

# Weekly digests start on Mondays at --at.
run digest add editor@example.org --every week --at 09:30 --zone UTC
run notify --once --smtp "$SMTP" --smtp-plain-localhost
expect_eq 1 "$(sql "SELECT extract(isodow FROM period_start) FROM digest_sent WHERE digest_id = 2")" "weekly period starts on a Monday"
expect_eq 3 "$(nmail)" "the weekly digest"
# Its filter is every case: both cases' deadlines are listed; unsubscribed digests are not sent.
sql "UPDATE digest SET unsubscribed_at = now() WHERE id = 2" >/dev/null
sql "DELETE FROM digest_sent WHERE digest_id = 2" >/dev/null
run notify --once --smtp "$SMTP" --smtp-plain-localhost
expect_eq 3 "$(nmail)" "nothing to an unsubscribed address"
run digest delete 2
expect_rc 0
run digest delete 2
expect_rc 1
finish
