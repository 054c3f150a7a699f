#!/usr/bin/env python3
"""Verify a tracker webhook delivery (docs/alerts.md).

Tracker-Signature: t=TIMESTAMP,v1=HEX where HEX is the HMAC-SHA256, keyed with the hook's secret,
of the bytes TIMESTAMP + "." + BODY (the raw request body, before any JSON parsing). Reject
timestamps older than the tolerance (replays) and compare in constant time.

    python3 verify_webhook.py SECRET_FILE HEADER BODY_FILE   # exit 0 when valid
"""
import hashlib
import hmac
import sys
import time


def verify(secret: bytes, header: str, body: bytes, tolerance: int = 300, now=None) -> bool:
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        t = int(parts["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - t) > tolerance:
        return False
    want = hmac.new(secret, str(t).encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(want, parts.get("v1", ""))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: verify_webhook.py SECRET_FILE HEADER BODY_FILE")
    secret = open(sys.argv[1], "rb").read().strip()
    body = open(sys.argv[3], "rb").read()
    ok = verify(secret, sys.argv[2], body)
    print("valid" if ok else "INVALID")
    sys.exit(0 if ok else 1)
