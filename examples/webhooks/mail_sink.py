#!/usr/bin/python3
"""A local SMTP sink for trying tracker's e-mail digests (docs/alerts.md): it accepts every mail
on 127.0.0.1 (plain SMTP, no TLS: use `tracker notify --smtp-plain-localhost`) and prints its
envelope, main headers and decoded text/plain part; --maildir DIR also keeps each whole mail.

    /usr/bin/python3 examples/webhooks/mail_sink.py --port 2525 [--maildir DIR]

Needs Debian's python3-aiosmtpd (scripts/demo and scripts/test install it). Stops on SIGTERM or
Ctrl-C.
"""
import argparse
import asyncio
import mailbox
import signal
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


class Printer:
    def __init__(self, maildir):
        self.box = mailbox.Maildir(maildir) if maildir else None

    async def handle_DATA(self, server, session, envelope):
        msg = message_from_bytes(envelope.content, policy=policy.default)
        if self.box is not None:
            self.box.add(envelope.content)
        print("mail from %s to %s" % (envelope.mail_from, ", ".join(envelope.rcpt_tos)))
        for h in ("Subject", "List-Unsubscribe", "Content-Type"):
            if msg[h]:
                print("%s: %s" % (h, msg[h]))
        text = msg.get_body(preferencelist=("plain",))
        parts = [p.get_content_type() for p in msg.walk() if not p.is_multipart()]
        print("parts: %s" % ", ".join(parts))
        print()
        if text is not None:
            print(text.get_content().rstrip("\n"))
        print("-- end of mail", flush=True)
        return "250 OK"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--port", type=int, required=True, help="TCP port on 127.0.0.1")
    ap.add_argument("--maildir", help="also keep every mail in this Maildir")
    args = ap.parse_args()
    ctl = Controller(Printer(args.maildir), hostname="127.0.0.1", port=args.port)
    ctl.start()
    print("SMTP sink on smtp://127.0.0.1:%d" % args.port, flush=True)
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.run_until_complete(stop.wait())
    ctl.stop()


if __name__ == "__main__":
    main()
