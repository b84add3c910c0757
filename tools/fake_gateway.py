#!/usr/bin/python3
"""fake_gateway.py: a local stand-in for a Stripe-compatible payment gateway.

A real HTTP server (Python standard library only) with the subset of the
API Stolik calls:

  POST /v1/checkout/sessions              create (form-encoded, like Stripe)
  GET  /v1/checkout/sessions/{id}         retrieve
  POST /v1/checkout/sessions/{id}/expire  expire an open session
  GET  /v1/payment_intents/{id}           retrieve
  POST /v1/refunds                        refund all or part of an intent

Every /v1 request needs "Authorization: Bearer <Payments.SecretKey>". POSTs
honour Idempotency-Key as Stripe does: the same key with the same body gets
the first answer again (Idempotent-Replayed: true), with another body a 400
(idempotency_error).

The hosted checkout page GET /pay/{session} has Pay and Decline buttons
(plain form POSTs). Each redirects to the session's success or cancel URL
and sends a signed webhook (Stripe-Signature: t=TS,v1=HMAC-SHA256 of
"TS.BODY" with Payments.WebhookSecret) to --webhook-url: the events are
checkout.session.completed, checkout.session.expired,
payment_intent.payment_failed and charge.refunded.

Faults, set by flags or at run time with POST /__control (JSON, merged):
  delay_ms       wait this long before answering /v1 requests
  fail           "500", "reset" (close the connection with RST),
                 "malformed" (a 200 with broken JSON), or null
  fail_count     only the next N /v1 requests fail (null: all of them)
  webhooks       "normal", "duplicate" (each sent twice), "out_of_order"
                 (each held back and sent after the next one), "never"
  webhook_url    where events go
  reset          true: forget sessions, requests and faults
GET /__state dumps sessions, intents, refunds, the requests seen (method,
path, idempotency key, status) and the webhooks sent, for the tests.
The secrets are read from the secrets file (--secrets), never from the
command line, which others can see.
"""

import argparse
import hashlib
import hmac
import html
import itertools
import json
import os
import secrets
import signal
import socket
import struct
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.RLock()    # emit() runs under it too
SEQ = itertools.count(1)


def new_id(prefix):
    return "%s_%s%04d" % (prefix, secrets.token_hex(8), next(SEQ))


class State:
    def __init__(self, args):
        self.key = args.secret_key
        self.whsec = args.webhook_secret
        self.base = args.public_url
        self.faults = {"delay_ms": args.delay_ms, "fail": args.fail,
                       "fail_count": None, "webhooks": args.webhooks,
                       "webhook_url": args.webhook_url}
        self.clear()

    def clear(self):
        self.sessions = {}
        self.intents = {}
        self.refunds = {}
        self.idem = {}          # key -> (digest, status, body)
        self.requests = []      # what /v1 saw
        self.webhooks = []      # what was sent, and the answer
        self.held = []          # out_of_order: waiting for the next event

    def dump(self):
        return {"sessions": self.sessions, "intents": self.intents,
                "refunds": self.refunds, "requests": self.requests,
                "webhooks": self.webhooks, "faults": self.faults}


ST = None


# --- webhooks ------------------------------------------------------------------

def sign(body, ts=None):
    ts = int(time.time()) if ts is None else ts
    mac = hmac.new(ST.whsec.encode(), b"%d." % ts + body, hashlib.sha256)
    return "t=%d,v1=%s" % (ts, mac.hexdigest())


def deliver(event):
    url = ST.faults.get("webhook_url")
    body = json.dumps(event, separators=(",", ":")).encode()
    status = None
    if url:
        req = urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": "application/json",
            "Stripe-Signature": sign(body),
            "User-Agent": "fake-gateway"})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                status = r.status
        except urllib.error.HTTPError as e:
            status = e.code
        except OSError as e:
            status = "error: %s" % e
    with LOCK:
        ST.webhooks.append({"id": event["id"], "type": event["type"],
                            "object": event["data"]["object"].get("id"),
                            "status": status, "at": time.time()})


def emit(etype, obj):
    """Send an event for obj (a copy) in the background, by the webhook mode."""
    event = {"id": new_id("evt"), "object": "event", "type": etype,
             "created": int(time.time()), "livemode": False,
             "data": {"object": json.loads(json.dumps(obj))}}
    mode = ST.faults.get("webhooks") or "normal"
    if mode == "never":
        with LOCK:
            ST.webhooks.append({"id": event["id"], "type": etype,
                                "object": obj.get("id"), "status": "withheld",
                                "at": time.time()})
        return
    if mode == "out_of_order":
        # hold this one; a held one goes after the next event
        with LOCK:
            held, ST.held = ST.held, ([] if ST.held else [event])
        if not held:
            return
        batch = [event] + held
    elif mode == "duplicate":
        batch = [event, event]
    else:
        batch = [event]

    def run():
        for e in batch:
            deliver(e)
    threading.Thread(target=run, daemon=True).start()


def flush_held():
    with LOCK:
        held, ST.held = ST.held, []
    for e in held:
        threading.Thread(target=deliver, args=(e,), daemon=True).start()


# --- the API ---------------------------------------------------------------------

def error(status, etype, message, code=None, param=None):
    e = {"type": etype, "message": message}
    if code:
        e["code"] = code
    if param:
        e["param"] = param
    return status, {"error": e}


def form_int(form, name):
    v = form.get(name)
    if v is None or not v.isdigit() or len(v) > 15:
        return None
    return int(v)


def create_session(form):
    amount = form_int(form, "line_items[0][price_data][unit_amount]")
    qty = form_int(form, "line_items[0][quantity]") or 1
    cur = form.get("line_items[0][price_data][currency]", "")
    if amount is None or amount <= 0:
        return error(400, "invalid_request_error", "Invalid integer: unit_amount",
                     "parameter_invalid_integer",
                     "line_items[0][price_data][unit_amount]")
    if len(cur) != 3 or not cur.isalpha() or cur != cur.lower():
        return error(400, "invalid_request_error", "Invalid currency",
                     "parameter_invalid", "line_items[0][price_data][currency]")
    for need in ("success_url", "cancel_url"):
        if not form.get(need):
            return error(400, "invalid_request_error", "Missing " + need,
                         "parameter_missing", need)
    if form.get("mode") != "payment":
        return error(400, "invalid_request_error", "mode must be payment",
                     "parameter_invalid", "mode")
    sid = new_id("cs_test")
    pi = new_id("pi")
    meta = {k[9:-1]: v for k, v in form.items()
            if k.startswith("metadata[") and k.endswith("]")}
    s = {"id": sid, "object": "checkout.session", "status": "open",
         "payment_status": "unpaid", "amount_total": amount * qty,
         "currency": cur, "payment_intent": pi,
         "client_reference_id": form.get("client_reference_id"),
         "success_url": form["success_url"], "cancel_url": form["cancel_url"],
         "metadata": meta, "created": int(time.time()),
         "expires_at": form_int(form, "expires_at") or int(time.time()) + 86400,
         "url": "%s/pay/%s" % (ST.base, sid),
         "line_item_name": form.get(
             "line_items[0][price_data][product_data][name]", "")}
    ST.sessions[sid] = s
    ST.intents[pi] = {"id": pi, "object": "payment_intent",
                      "status": "requires_payment_method",
                      "amount": amount * qty, "amount_received": 0,
                      "amount_refunded": 0, "currency": cur,
                      "metadata": {k[len("payment_intent_data[metadata]["):-1]: v
                                   for k, v in form.items() if k.startswith(
                                       "payment_intent_data[metadata][")},
                      "checkout_session": sid}
    return 200, s


def expire_session(sid):
    s = ST.sessions.get(sid)
    if s is None:
        return error(404, "invalid_request_error", "No such checkout.session",
                     "resource_missing", "id")
    if s["status"] != "open":
        return error(400, "invalid_request_error",
                     "Only open sessions can be expired", "checkout_session_expired"
                     if s["status"] == "expired" else "session_not_open")
    s["status"] = "expired"
    ST.intents[s["payment_intent"]]["status"] = "canceled"
    emit("checkout.session.expired", s)
    return 200, s


def create_refund(form):
    pi = ST.intents.get(form.get("payment_intent", ""))
    if pi is None:
        return error(404, "invalid_request_error", "No such payment_intent",
                     "resource_missing", "payment_intent")
    if pi["status"] != "succeeded":
        return error(400, "invalid_request_error", "This intent has no charge",
                     "charge_not_succeeded", "payment_intent")
    left = pi["amount_received"] - pi["amount_refunded"]
    amount = form_int(form, "amount") if "amount" in form else left
    if amount is None or amount <= 0 or amount > left:
        return error(400, "invalid_request_error",
                     "Refund amount is greater than what is left",
                     "amount_too_large" if amount and amount > left
                     else "parameter_invalid_integer", "amount")
    r = {"id": new_id("re"), "object": "refund", "status": "succeeded",
         "amount": amount, "currency": pi["currency"], "payment_intent": pi["id"],
         "created": int(time.time())}
    ST.refunds[r["id"]] = r
    pi["amount_refunded"] += amount
    emit("charge.refunded", {"id": new_id("ch"), "object": "charge",
                             "payment_intent": pi["id"], "amount": pi["amount"],
                             "amount_refunded": pi["amount_refunded"],
                             "currency": pi["currency"],
                             "refunded": pi["amount_refunded"] == pi["amount"]})
    return 200, r


def api(method, path, form):
    """(status, JSON object) of an API request; the lock is held."""
    parts = path.strip("/").split("/")
    if method == "POST" and parts == ["v1", "checkout", "sessions"]:
        return create_session(form)
    if method == "GET" and len(parts) == 4 and parts[:3] == ["v1", "checkout", "sessions"]:
        s = ST.sessions.get(parts[3])
        return (200, s) if s else error(404, "invalid_request_error",
                                         "No such checkout.session",
                                         "resource_missing", "id")
    if method == "POST" and len(parts) == 5 and parts[:3] == ["v1", "checkout", "sessions"] \
            and parts[4] == "expire":
        return expire_session(parts[3])
    if method == "GET" and len(parts) == 3 and parts[:2] == ["v1", "payment_intents"]:
        p = ST.intents.get(parts[2])
        return (200, p) if p else error(404, "invalid_request_error",
                                         "No such payment_intent",
                                         "resource_missing", "id")
    if method == "POST" and parts == ["v1", "refunds"]:
        return create_refund(form)
    return error(404, "invalid_request_error", "Unrecognized request URL",
                 "resource_missing")


# --- the hosted checkout page -------------------------------------------------

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fake gateway: pay</title></head>
<body>
<h1>Fake payment gateway</h1>
<p>%(name)s: <strong id="amount">%(amount)s %(currency)s</strong> for booking
<span id="reference">%(ref)s</span>. Status: <span id="status">%(status)s</span>.</p>
<form method="post" action="/pay/%(sid)s/pay"><button type="submit" id="pay">Pay</button></form>
<form method="post" action="/pay/%(sid)s/decline"><button type="submit" id="decline">Decline</button></form>
</body></html>
"""


def pay_page(sid):
    s = ST.sessions.get(sid)
    if s is None:
        return 404, "text/plain", b"no such session\n", None
    body = PAGE % {"name": html.escape(s["line_item_name"] or "Deposit"),
                   "amount": "%d.%02d" % divmod(s["amount_total"], 100),
                   "currency": html.escape(s["currency"].upper()),
                   "ref": html.escape(s["client_reference_id"] or ""),
                   "status": html.escape(s["status"]), "sid": html.escape(sid)}
    return 200, "text/html; charset=utf-8", body.encode(), None


def pay_action(sid, action):
    s = ST.sessions.get(sid)
    if s is None:
        return 404, "text/plain", b"no such session\n", None
    if s["status"] != "open":
        return 409, "text/plain", b"this session is not open\n", None
    pi = ST.intents[s["payment_intent"]]
    if action == "pay":
        s["status"] = "complete"
        s["payment_status"] = "paid"
        pi["status"] = "succeeded"
        pi["amount_received"] = pi["amount"]
        emit("checkout.session.completed", s)
        url = s["success_url"]
    else:
        pi["status"] = "requires_payment_method"
        pi["last_payment_error"] = {"code": "card_declined",
                                    "decline_code": "generic_decline"}
        emit("payment_intent.payment_failed", pi)
        url = s["cancel_url"]
    url = url.replace("{CHECKOUT_SESSION_ID}", sid)
    return 303, "text/plain", b"", url


# --- HTTP ------------------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-gateway"

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (time.strftime("%H:%M:%S"), fmt % args))

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def send(self, status, obj=None, ctype="application/json", raw=None,
             extra=None):
        data = raw if raw is not None else (json.dumps(obj, indent=2) + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def reset(self):
        """Close with RST: what a crashed or overloaded peer does."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                   struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def route(self, method):
        path = urllib.parse.urlsplit(self.path).path
        raw = self.body() if method == "POST" else b""
        if path == "/__state" and method == "GET":
            with LOCK:
                return self.send(200, ST.dump())
        if path == "/__control" and method == "POST":
            return self.control(raw)
        if path.startswith("/pay/"):
            return self.pay(method, path, raw)
        if path.startswith("/v1/"):
            return self.v1(method, path, raw)
        return self.send(*error(404, "invalid_request_error", "Unrecognized request URL"))

    def control(self, raw):
        try:
            c = json.loads(raw or b"{}")
            assert isinstance(c, dict)
        except (ValueError, AssertionError):
            return self.send(400, {"error": "JSON object expected"})
        with LOCK:
            if c.pop("reset", False):
                ST.clear()
                ST.faults.update({"delay_ms": 0, "fail": None,
                                  "fail_count": None, "webhooks": "normal"})
            flush = c.pop("flush_webhooks", False)
            for k in ("delay_ms", "fail", "fail_count", "webhooks", "webhook_url"):
                if k in c:
                    ST.faults[k] = c.pop(k)
            faults = dict(ST.faults)
        if flush:
            flush_held()
        if c:
            return self.send(400, {"error": "unknown switches", "switches": sorted(c)})
        return self.send(200, faults)

    def pay(self, method, path, raw):
        parts = path.strip("/").split("/")
        with LOCK:
            if method == "GET" and len(parts) == 2:
                status, ctype, data, loc = pay_page(parts[1])
            elif method == "POST" and len(parts) == 3 and parts[2] in ("pay", "decline"):
                status, ctype, data, loc = pay_action(parts[1], parts[2])
            else:
                status, ctype, data, loc = 404, "text/plain", b"not found\n", None
        self.send(status, ctype=ctype, raw=data,
                  extra={"Location": loc} if loc else None)

    def fault(self):
        """The fault to play on this request, if any; counts fail_count down."""
        with LOCK:
            f = ST.faults.get("fail")
            n = ST.faults.get("fail_count")
            if not f or n == 0:
                return None
            if n is not None:
                ST.faults["fail_count"] = n - 1
            return f

    def v1(self, method, path, raw):
        key = self.headers.get("Idempotency-Key")
        rec = {"method": method, "path": path, "key": key, "at": time.time(),
               "status": None}
        with LOCK:
            ST.requests.append(rec)
        auth = self.headers.get("Authorization", "")
        if not hmac.compare_digest(auth.encode(), ("Bearer " + ST.key).encode()):
            rec["status"] = 401
            return self.send(*error(401, "invalid_request_error",
                                    "Invalid API Key provided", "api_key_invalid"))
        delay = ST.faults.get("delay_ms") or 0
        if delay:
            time.sleep(delay / 1000.0)
        f = self.fault()
        if f == "reset":
            rec["status"] = "reset"
            return self.reset()
        if f == "500":
            rec["status"] = 500
            return self.send(*error(500, "api_error", "Something went wrong"))
        if f == "malformed":
            rec["status"] = "malformed"
            return self.send(200, raw=b'{"id": "cs_broken", "status": ')
        form = dict(urllib.parse.parse_qsl(raw.decode("utf-8", "replace"),
                                           keep_blank_values=True))
        digest = hashlib.sha256(("%s %s " % (method, path)).encode() + raw).hexdigest()
        with LOCK:
            if method == "POST" and key:
                kept = ST.idem.get(key)
                if kept is not None:
                    if kept[0] != digest:
                        status, obj = error(400, "idempotency_error",
                                            "Keys for idempotent requests can only "
                                            "be used with the same parameters they "
                                            "were first used with.",
                                            "idempotency_key_in_use")
                        rec["status"] = status
                        return self.send(status, obj)
                    rec["status"] = kept[1]
                    rec["replayed"] = True
                    return self.send(kept[1], kept[2],
                                     extra={"Idempotent-Replayed": "true"})
            status, obj = api(method, path, form)
            if method == "POST" and key and status < 500:
                ST.idem[key] = (digest, status, obj)
            obj = json.loads(json.dumps(obj))   # a copy taken under the lock
        rec["status"] = status
        self.send(status, obj, extra={"Request-Id": new_id("req")})


def read_secrets(path):
    """Payments.SecretKey and Payments.WebhookSecret of an HDF secrets file."""
    found = {}
    with open(path) as f:
        for line in f:
            k, sep, v = line.partition("=")
            if sep:
                found[k.strip()] = v.strip()
    return found.get("Payments.SecretKey"), found.get("Payments.WebhookSecret")


def main():
    global ST
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=12111)
    ap.add_argument("--secrets", help="HDF file with Payments.SecretKey and "
                    "Payments.WebhookSecret")
    ap.add_argument("--webhook-url", default="")
    ap.add_argument("--public-url", help="this server's address as browsers "
                    "reach it (default http://127.0.0.1:PORT)")
    ap.add_argument("--delay-ms", type=int, default=0)
    ap.add_argument("--fail", choices=["500", "reset", "malformed"])
    ap.add_argument("--webhooks", default="normal",
                    choices=["normal", "duplicate", "out_of_order", "never"])
    args = ap.parse_args()
    args.secret_key, args.webhook_secret = (read_secrets(args.secrets)
                                            if args.secrets else (None, None))
    args.secret_key = args.secret_key or "sk_test_fake"
    args.webhook_secret = args.webhook_secret or "whsec_fake"
    args.public_url = (args.public_url or "http://127.0.0.1:%d" % args.port).rstrip("/")
    ST = State(args)
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.allow_reuse_address = True
    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(
        target=srv.shutdown, daemon=True).start())
    sys.stderr.write("fake gateway on http://127.0.0.1:%d\n" % args.port)
    srv.serve_forever()


if __name__ == "__main__":
    main()
