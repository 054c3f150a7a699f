#!/usr/bin/python3
"""A receiver with one bad behaviour per path, for tests/cli/t_hook_http.sh:
  /redirect  302 to /target (which records a hit: it must never be reached)
  /big       200 with a 16 MiB body, logging how many bytes the client took before closing
  /ok        200 (over TLS with --cert/--key: a self-signed certificate)
Appends one line per request to --log: "PATH" or "big sent=N"."""
import argparse
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ap = argparse.ArgumentParser()
ap.add_argument("--port-file", required=True)
ap.add_argument("--log", required=True)
ap.add_argument("--cert")
ap.add_argument("--key")
args = ap.parse_args()
lock = threading.Lock()


def note(line):
    with lock, open(args.log, "a") as f:
        f.write(line + "\n")


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(n)
        path = self.path.split("?")[0]
        if path == "/redirect":
            note("/redirect")
            self.send_response(302)
            self.send_header("Location", "/target")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/big":
            total = 16 << 20
            self.send_response(200)
            self.send_header("Content-Length", str(total))
            self.end_headers()
            sent = 0
            chunk = b"x" * 65536
            try:
                while sent < total:
                    self.wfile.write(chunk)
                    sent += len(chunk)
                self.wfile.flush()
            except OSError:
                pass
            note("big sent=%d" % sent)
            self.close_connection = True
        else:
            note(path)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")


srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
if args.cert:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
import os  # noqa: E402
os.replace(args.port_file + ".tmp", args.port_file)
srv.serve_forever()
