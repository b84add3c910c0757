#!/usr/bin/python3
"""fake_webhook_receiver.py: a local endpoint for stolik-webhooks to deliver to.

A real HTTP server (Python standard library only) that records every
request it gets (method, path, headers, raw body, the time it arrived and
the time it was answered) and answers as told. It verifies nothing itself:
the tests check the signatures with the endpoint's secret.

  POST /__mode      JSON, sets how requests under a path are answered:
                    {"path": "/hook/a",   the prefix it applies to ("" all)
                     "match": "evt_...",  only to bodies that contain this
                     "status": 503,       the status (default 200)
                     "count": 3,          for the next N requests only, then
                                          the rule is gone (null: until reset)
                     "delay": 7,          seconds to wait before answering
                     "redirect": "URL",   a Location header (use a 3xx status)
                     "retry_after": "2",  a Retry-After header
                     "big_body": true,    a 4 MiB body instead of "ok"
                     "body": "text",      this body instead of "ok"
                     "close": true}       close the connection, no answer
                    Rules are tried newest first; the first that matches
                    answers. {"clear": true} forgets the rules, {"reset":
                    true} the rules and what was received.
  GET /__received   JSON list of the requests so far (?path=PREFIX to
                    filter), oldest first; bodies as text and base64.
  anything else     recorded, then answered by the rules (default 200 "ok").
"""

import argparse
import base64
import json
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
RECEIVED = []
RULES = []          # newest last


def rule_for(path, body):
    """The rule that answers path and body (its count taken), or None."""
    with LOCK:
        for r in reversed(RULES):
            if not path.startswith(r.get("path") or ""):
                continue
            if r.get("match") and r["match"].encode() not in body:
                continue
            if r.get("count") is not None:
                r["count"] -= 1
                if r["count"] <= 0:
                    RULES.remove(r)
            return dict(r)
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body are two writes: without this, Nagle and the client's
    # delayed ACK hold each answer of a kept-alive connection for 40 ms
    disable_nagle_algorithm = True
    server_version = "FakeReceiver"
    sys_version = ""

    def log_message(self, fmt, *args):
        sys.stderr.write("receiver: " + (fmt % args) + "\n")

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def send(self, status, raw=b"", ctype="text/plain", extra=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(raw)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        if u.path == "/__received":
            prefix = urllib.parse.parse_qs(u.query).get("path", [""])[0]
            with LOCK:
                out = [r for r in RECEIVED if r["path"].startswith(prefix)]
                raw = json.dumps(out).encode()
            self.send(200, raw, "application/json")
            return
        self.hook(b"")

    def do_POST(self):
        raw = self.body()
        if self.path == "/__mode":
            try:
                m = json.loads(raw or b"{}")
            except ValueError:
                self.send(400, b"bad json")
                return
            with LOCK:
                if m.get("reset") or m.get("clear"):
                    RULES.clear()
                    if m.get("reset"):
                        RECEIVED.clear()
                else:
                    RULES.append(m)
            self.send(200, b"{}", "application/json")
            return
        self.hook(raw)

    def hook(self, raw):
        rec = {
            "method": self.command,
            "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": raw.decode("utf-8", "replace"),
            "body_b64": base64.b64encode(raw).decode(),
            "at": time.time(),
        }
        with LOCK:
            RECEIVED.append(rec)
        r = rule_for(self.path, raw) or {}
        if r.get("delay"):
            time.sleep(float(r["delay"]))
        if r.get("close"):
            self.close_connection = True
            self.connection.close()
            rec["answered"] = None
            return
        status = int(r.get("status") or 200)
        extra = {}
        if r.get("redirect"):
            extra["Location"] = r["redirect"]
        if r.get("retry_after") is not None:
            extra["Retry-After"] = str(r["retry_after"])
        if r.get("big_body"):
            body = b"x" * (4 * 1024 * 1024)
        else:
            body = str(r.get("body", "ok")).encode()
        rec["answered"] = time.time()
        rec["status"] = status
        try:
            self.send(status, body, extra=extra)
        except OSError:
            pass        # the client stopped reading (a capped body)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=12112)
    args = ap.parse_args()
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.allow_reuse_address = True
    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(
        target=srv.shutdown, daemon=True).start())
    sys.stderr.write("fake webhook receiver on http://127.0.0.1:%d\n" % args.port)
    srv.serve_forever()


if __name__ == "__main__":
    main()
