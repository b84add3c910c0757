#!/usr/bin/python3
"""smtp_sink.py: a local SMTP server that keeps every message as a file.

Each accepted message is written atomically to DIR/<time>-<n>.eml with the
envelope in X-Sink-Mail-From / X-Sink-Rcpt-To header lines on top. For the
tests, the file DIR/.mode may hold a failure mode read on every message:
  tempfail   answer 451 to DATA (the sender should retry later)
  permfail   answer 550 to DATA (the sender should give up)
  drop       close the connection after the final dot, before the reply
Runs under Debian's /usr/bin/python3 with python3-aiosmtpd.
"""

import argparse
import asyncio
import itertools
import os
import signal
import time

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, directory):
        self.dir = directory
        self.seq = itertools.count(1)

    def mode(self):
        try:
            with open(os.path.join(self.dir, ".mode")) as f:
                return f.read().strip()
        except OSError:
            return ""

    async def handle_DATA(self, server, session, envelope):
        mode = self.mode()
        if mode == "tempfail":
            return "451 4.3.0 Try again later"
        if mode == "permfail":
            return "550 5.1.1 Mailbox unavailable"
        name = "%.6f-%d.eml" % (time.time(), next(self.seq))
        head = "X-Sink-Mail-From: %s\r\n" % envelope.mail_from
        for rcpt in envelope.rcpt_tos:
            head += "X-Sink-Rcpt-To: %s\r\n" % rcpt
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        tmp = os.path.join(self.dir, "." + name)
        with open(tmp, "wb") as f:
            f.write(head.encode("ascii", "replace") + data)
        os.rename(tmp, os.path.join(self.dir, name))
        if mode == "drop":
            # the message is kept but the sender never hears 250
            server.transport.close()
            return "421 4.3.0 closing"
        return "250 2.0.0 OK"


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    sink = Sink(args.dir)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="stolik-sink", decode_data=False,
                     data_size_limit=10 * 1024 * 1024),
        host=args.host, port=args.port)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print("smtp sink on %s:%d writing to %s" % (args.host, args.port, args.dir),
          flush=True)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
