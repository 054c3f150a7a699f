#!/usr/bin/env python3
"""A webhook receiver for the tests: checks every delivery's signature with the Python recipe
(examples/webhooks/verify_webhook.py) and, for the first --c-checks ones, with the C program too,
and appends one JSON line per request to --log.

Behaviour for tests: --fail-first N answers 500 (or --status-first CODE) to the first N requests;
--slow-first N sleeps --slow-ms before answering them; --retry-after S adds Retry-After."""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "examples", "webhooks"))
from verify_webhook import verify  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--port-file", required=True)
ap.add_argument("--log", required=True)
ap.add_argument("--secret-file", required=True)
ap.add_argument("--c-verifier")
ap.add_argument("--c-checks", type=int, default=0)
ap.add_argument("--fail-first", type=int, default=0)
ap.add_argument("--status-first", type=int, default=500)
ap.add_argument("--slow-first", type=int, default=0)
ap.add_argument("--slow-ms", type=int, default=0)
ap.add_argument("--retry-after")
ap.add_argument("--keep-body", action="store_true")
ap.add_argument("--host", default="127.0.0.1", help="the address to listen on")
ap.add_argument("--keep-raw", action="store_true")  # the body's bytes as received (UTF-8 text)
args = ap.parse_args()

lock = threading.Lock()
count = [0]
log = open(args.log, "a", buffering=1)


def secret():
    return open(args.secret_file, "rb").read().strip()


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        recv = time.time()
        with lock:
            count[0] += 1
            k = count[0]
        sig = self.headers.get("Tracker-Signature", "")
        ok = verify(secret(), sig, body)
        ok_c = None
        if args.c_verifier and k <= args.c_checks:
            with tempfile.NamedTemporaryFile(delete=False) as f:
                f.write(body)
            r = subprocess.run([args.c_verifier, args.secret_file, sig, f.name],
                               capture_output=True)
            os.unlink(f.name)
            ok_c = r.returncode == 0
        status = 200
        if k <= args.slow_first:
            time.sleep(args.slow_ms / 1000)
        if k <= args.fail_first:
            status = args.status_first
        try:
            doc = json.loads(body)
        except ValueError:
            doc = {}
        rec = {"n": k, "recv": recv, "id": doc.get("id"), "type": doc.get("type"),
               "time": doc.get("time"), "attempt": self.headers.get("Tracker-Attempt"),
               "delivery": self.headers.get("Tracker-Delivery"), "valid": ok, "valid_c": ok_c,
               "status": status, "path": self.path, "peer": self.client_address[1]}
        if args.keep_body:
            rec["body"] = doc
        if args.keep_raw:
            rec["raw"] = body.decode("utf-8", "surrogateescape")
        out = b"ok\n" if status == 200 else b"no\n"
        self.send_response(status)
        if args.retry_after and status != 200:
            self.send_header("Retry-After", args.retry_after)
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        try:
            self.wfile.write(out)
        except OSError:
            pass
        with lock:
            log.write(json.dumps(rec) + "\n")


ThreadingHTTPServer.daemon_threads = True
srv = ThreadingHTTPServer((args.host, 0), H)
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(args.port_file + ".tmp", args.port_file)
srv.serve_forever()
