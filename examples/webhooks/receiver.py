#!/usr/bin/env python3
"""A small webhook receiver for trying tracker's hooks (docs/alerts.md): it verifies every
delivery's Tracker-Signature with verify_webhook.py, drops repeats by event id (deliveries are
at least once), prints one line per delivery and answers 200 (401 to a bad signature).

    python3 examples/webhooks/receiver.py --port 8099 --secret-file SECRET_FILE [--bodies DIR]

--bodies DIR also writes each body as DIR/N.json. Stops on SIGTERM or Ctrl-C. Standard library
only; for production use your framework's raw request body and the five steps of the recipe.
"""
import argparse
import json
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from verify_webhook import verify  # noqa: E402


def describe(doc):
    """One line for a delivery: its type and what it is about."""
    data = doc.get("data") or {}
    kind = doc.get("type", "?")
    d = data.get("deadline")
    if d:
        line = "%s deadline %s %s due %s (%s)" % (kind, d.get("id"), d.get("kind"),
                                                   d.get("due_on"), d.get("status"))
        prev = data.get("previous") or {}
        if "due_on" in prev and prev["due_on"] != d.get("due_on"):
            line += ", was %s" % prev["due_on"]
        if "offset_minutes" in data:
            line += ", %s minutes ahead" % data["offset_minutes"]
        return line + ": " + (d.get("title") or "")
    e = data.get("event")
    if e:
        return "%s event %s %s on %s: %s" % (kind, e.get("id"), e.get("type"), e.get("date"),
                                            e.get("title") or "")
    c = data.get("case")
    if c:
        return "%s case %s: %s" % (kind, c.get("id"), c.get("title") or "")
    return "%s %s" % (kind, data.get("message", ""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--port", type=int, required=True, help="TCP port on 127.0.0.1")
    ap.add_argument("--secret-file", required=True, help="the hook's secret (one line)")
    ap.add_argument("--bodies", help="also write each body to this folder as N.json")
    args = ap.parse_args()
    secret = open(args.secret_file, "rb").read().strip()
    if args.bodies:
        os.makedirs(args.bodies, exist_ok=True)
    lock = threading.Lock()
    seen = set()
    count = [0]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def answer(self, status):
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_POST(self):
            try:
                n = int(self.headers.get("Content-Length", "0"))
            except ValueError:
                return self.answer(400)
            body = self.rfile.read(n)
            if not verify(secret, self.headers.get("Tracker-Signature", ""), body):
                print("rejected: bad or old signature", flush=True)
                return self.answer(401)
            try:
                doc = json.loads(body)
            except ValueError:
                return self.answer(400)
            with lock:
                repeat = doc.get("id") in seen
                seen.add(doc.get("id"))
                count[0] += 1
                k = count[0]
                if args.bodies:
                    with open(os.path.join(args.bodies, "%d.json" % k), "wb") as f:
                        f.write(body)
                print("%s%s (signature ok)" % ("repeat, ignored: " if repeat else "",
                                               describe(doc)), flush=True)
            self.answer(200)

    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=srv.shutdown).start())
    print("receiving on http://127.0.0.1:%d/hook" % args.port, flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    srv.server_close()


if __name__ == "__main__":
    main()
