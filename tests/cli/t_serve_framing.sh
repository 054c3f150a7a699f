# tracker serve refuses ambiguous HTTP framing (issue 13, item 4) with 400 and closes the
# connection, so that nothing pipelined behind such a request is answered: Content-Length with
# Transfer-Encoding (RFC 9112 6.1), differing Content-Length headers, white space before a
# header's colon, a NUL in a header, an escaped NUL (%00) in the path or a query parameter.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"
migrate
run case add --title "Framing case" --jurisdiction RU --external-id fr
run event add fr --type ruling --date 2017-10-16 --appeal-sutki 10 --fine 1000 --currency RUB
expect_rc 0
start_server
run feed create --case fr --base-url "$BASE"
URL=$(printf '%s\n' "$OUT" | sed -n 's/^url: //p')
TOKEN=${URL#"$BASE/feeds/"}
TOKEN=${TOKEN%.ics}

# exchange BYTES: send raw bytes (printf-style escapes) on a fresh connection with a GET /healthz
# pipelined behind them; read until the server closes or goes quiet, and when it is still open
# send one more GET /healthz. Print the statuses answered and whether the connection was closed.
exchange() {
  "$ICS_PY" - "$PORT" "$1" <<'PY'
import re, socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1.5)
data = sys.argv[2].encode("latin-1").decode("unicode_escape").encode("latin-1")
follow = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
def read():
    buf = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return buf, True
            buf += chunk
    except socket.timeout:
        return buf, False
    except OSError:
        return buf, True
try:
    s.sendall(data + follow)
except OSError:
    pass
buf, closed = read()
if not closed:
    try:
        s.sendall(follow)
        more, closed = read()
        buf += more
    except OSError:
        closed = True
codes = re.findall(rb"HTTP/1\.[01] (\d{3}) ", buf)
print(" ".join(c.decode() for c in codes) or "none", "closed" if closed else "open")
PY
}
H='Host: x\r\n'

# Controls: a clean request is answered and the connection stays open for the next ones.
case "$(exchange "GET /healthz HTTP/1.1\\r\\n$H\\r\\n")" in "200 200"*open) pass ;; *) fail "clean requests: $(exchange "GET /healthz HTTP/1.1\\r\\n$H\\r\\n")" ;; esac
case "$(exchange "GET /feeds/$TOKEN.ics HTTP/1.1\\r\\n$H\\r\\n")" in "200 200"*open) pass ;; *) fail "feed, then healthz" ;; esac

# Both Content-Length and Transfer-Encoding: 400, closed, the pipelined request never answered.
expect_eq "400 closed" "$(exchange "GET /healthz HTTP/1.1\\r\\n${H}Content-Length: 5\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n")" "Content-Length with Transfer-Encoding"
expect_eq "400 closed" "$(exchange "GET /healthz HTTP/1.1\\r\\n${H}Transfer-Encoding: chunked\\r\\nContent-Length: 0\\r\\n\\r\\n0\\r\\n\\r\\n")" "Transfer-Encoding with Content-Length"
# Two differing Content-Length headers.
expect_eq "400 closed" "$(exchange "GET /healthz HTTP/1.1\\r\\n${H}Content-Length: 0\\r\\nContent-Length: 36\\r\\n\\r\\n")" "differing Content-Length"
# White space before the colon.
expect_eq "400 closed" "$(exchange "GET /healthz HTTP/1.1\\r\\n${H}Transfer-Encoding : chunked\\r\\n\\r\\n0\\r\\n\\r\\n")" "space before the colon"
expect_eq "400 closed" "$(exchange "GET /healthz HTTP/1.1\\r\\n${H}X-Thing\\t: 1\\r\\n\\r\\n")" "tab before the colon"
# A NUL inside a header value.
expect_eq "400 closed" "$(exchange "GET /healthz HTTP/1.1\\r\\n${H}X-Thing: a\\x00b\\r\\n\\r\\n")" "NUL in a header value"
# An escaped NUL cutting the path or a parameter value.
expect_eq "400 closed" "$(exchange "GET /feeds/$TOKEN.ics%00junk HTTP/1.1\\r\\n$H\\r\\n")" "%00 in the path"
expect_eq "400 closed" "$(exchange "GET /feeds/$TOKEN/reports/fines.json?from=2017-01-01%00x HTTP/1.1\\r\\n$H\\r\\n")" "%00 in a parameter"
expect_eq "400 closed" "$(exchange "GET /feeds/$TOKEN/reports/fines.json?fr%00om=2017-01-01 HTTP/1.1\\r\\n$H\\r\\n")" "%00 in a parameter name"
# ... but an escaped percent sign is only text (404: no such route), and the next request works.
case "$(exchange "GET /feeds/$TOKEN.ics%2500 HTTP/1.1\\r\\n$H\\r\\n")" in "404 200"*open) pass ;; *) fail "%2500 is not a NUL" ;; esac
case "$(exchange "GET /feeds/$TOKEN/reports/fines.json?from=2017-01-01 HTTP/1.1\\r\\n$H\\r\\n")" in "200 200"*open) pass ;; *) fail "a clean parameter" ;; esac
# A space inside the request target (libmicrohttpd's strict mode).
case "$(exchange "GET /feeds/$TOKEN .ics HTTP/1.1\\r\\n$H\\r\\n")" in 4??\ closed | none\ closed) pass ;; *) fail "space in the path: $(exchange "GET /feeds/$TOKEN .ics HTTP/1.1\\r\\n$H\\r\\n")" ;; esac

# The 400 says why, and the access log has the line without the token.
fetch r "$URL" -H "Content-Length: 1" -H "Content-Length: 2"
expect_eq 400 "$CODE" "curl: differing Content-Length"
expect_eq "close" "$(hdr r Connection)" "Connection: close"
fetch z "$BASE/healthz"
expect_eq 200 "$CODE" "still serving"
grep -qF "$TOKEN" "$SERVER_LOG" && fail "token in the log" || pass
grep -q '"GET /feeds/\[token\].ics" 400' "$SERVER_LOG" && pass || fail "no 400 access line"
stop_server
expect_eq 0 "$SERVER_RC" "exit code after SIGTERM"
grep -q "Sanitizer\|runtime error" "$SERVER_LOG" && fail "sanitizer report: $(grep -m1 -A8 'Sanitizer\|runtime error' "$SERVER_LOG")" || pass
finish
