#!/usr/bin/python3
"""An SMTP server for tests (Debian's python3-aiosmtpd): accepts every message on
127.0.0.1:PORT and writes each to DIR/<n>.json as it arrives:

    {"mail_from": ..., "rcpt_tos": [...], "message_id": ..., "subject": ..., "to": ...,
     "text": <the decoded text/plain part>, "html": <the decoded text/html part or "">,
     "data": <the raw message>}

Usage: smtp_sink.py PORT DIR. Prints "ready PORT" once it listens; stops on SIGTERM/SIGINT.
"""
import email
import email.policy
import json
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "message_id": message.get("Message-ID", ""),
            "subject": str(message.get("Subject", "")),
            "to": str(message.get("To", "")),
            "text": text.get_content() if text is not None else "",
            "html": html.get_content() if html is not None else "",
            "data": raw.decode("utf-8", "replace"),
        }
        with self.lock:
            self.count += 1
            name = "%04d.json" % self.count
        temporary = os.path.join(self.directory, "." + name + ".tmp")
        with open(temporary, "w", encoding="utf-8") as out:
            json.dump(record, out)
        os.rename(temporary, os.path.join(self.directory, name))
        return "250 OK"


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    controller = Controller(Handler(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready %d" % port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
