"""test_payments_gateway.py: the gateway client (lib/gateway.c) and its breaker,
driven through POST /__test/gateway against tools/fake_gateway.py.

The test stack sets Payments.BreakerCooldownSeconds = 2 and keeps the other
limits at their defaults: connect 2 s, 5 s an attempt, 8 s a call, 2
retries, 5 consecutive failures open the breaker. Counts are taken at the
fake (GET /__state), times with the monotonic clock, with generous bounds.
"""

import hashlib
import hmac
import http.client
import json
import os
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from stolik_test import (VAR, Browser, csrf_of, check, eq, get, post_json,
                         wait_until)

GW = urllib.parse.urlsplit(os.environ.get("STOLIK_GATEWAY_URL",
                                          "http://127.0.0.1:12111"))
COOLDOWN = 2.0
THRESHOLD = 5
ATTEMPT_S = 5.0
DEADLINE_S = 8.0


def fake(method, path, obj=None):
    conn = http.client.HTTPConnection(GW.hostname, GW.port, timeout=30)
    try:
        body = json.dumps(obj) if obj is not None else None
        conn.request(method, path, body=body,
                     headers={"Content-Type": "application/json"} if body else {})
        r = conn.getresponse()
        data = r.read()
        return r.status, r.getheader("Location"), data
    finally:
        conn.close()


def control(**switches):
    status, _, data = fake("POST", "/__control", switches)
    eq(status, 200, "control: %s" % data)
    return json.loads(data)


def state():
    return json.loads(fake("GET", "/__state")[2])


def v1_requests():
    return [r for r in state()["requests"]]


def gw(action, **kw):
    kw["action"] = action
    r = post_json("/__test/gateway", kw, headers={"User-Agent": "payments-test"})
    eq(r.status, 200, "%s: %s" % (action, r.text))
    return r.json()


def status():
    r = get("/api/v1/payments/status")
    eq(r.status, 200, "status")
    return r.json()


def fresh():
    """A healthy fake with nothing in it, and a closed breaker."""
    control(reset=True)
    gw("breaker-reset")


def secrets():
    found = {}
    with open(os.path.join(VAR, "etc", "secrets.hdf")) as f:
        for line in f:
            k, sep, v = line.partition("=")
            if sep:
                found[k.strip()] = v.strip()
    return found


def create(ref, key=None, amount=2500, currency="EUR"):
    return gw("create", amount=amount, currency=currency, reference=ref,
              key=key if key is not None else "checkout:" + ref,
              success_url="http://127.0.0.1/pay/ok?s={CHECKOUT_SESSION_ID}",
              cancel_url="http://127.0.0.1/pay/cancel")


def teardown_module():
    try:
        fresh()
    except Exception:
        pass


# --- the calls -------------------------------------------------------------------

def test_round_trip():
    fresh()
    c = create("ROUND1")
    eq(c["outcome"], "ok", "create: %s" % c)
    o = c["object"]
    check(o["id"].startswith("cs_"), "a session id")
    eq((o["amount"], o["currency"], o["status"]), (2500, "eur", "open"), "session")
    eq(o["client_reference"], "ROUND1", "the booking code as client reference")
    check(o["url"].startswith("http://%s:%d/pay/" % (GW.hostname, GW.port)), o["url"])
    check(o["payment_intent"].startswith("pi_"), "an intent")
    sess = state()["sessions"][o["id"]]
    eq(sess["metadata"], {"booking": "ROUND1"}, "metadata")
    eq(v1_requests()[-1]["key"], "checkout:ROUND1", "the Idempotency-Key sent")

    g = gw("get", id=o["id"])
    eq((g["outcome"], g["object"]["status"]), ("ok", "open"), "retrieved")
    # the hosted page, and its Pay button
    st, _, page = fake("GET", "/pay/" + o["id"])
    eq(st, 200, "checkout page")
    check(b'id="pay"' in page and b'id="decline"' in page, "both buttons")
    st, loc, _ = fake("POST", "/pay/%s/pay" % o["id"])
    eq((st, loc), (303, "http://127.0.0.1/pay/ok?s=" + o["id"]), "to success_url")
    g = gw("get", id=o["id"])
    eq((g["object"]["status"], g["object"]["payment_status"]), ("complete", "paid"),
       "paid")
    i = gw("intent", id=o["payment_intent"])
    eq((i["outcome"], i["object"]["status"], i["object"]["amount"]),
       ("ok", "succeeded", 2500), "intent")

    r1 = gw("refund", payment_intent=o["payment_intent"], amount=1000,
            key="refund:ROUND1:1")
    eq((r1["outcome"], r1["object"]["amount"], r1["object"]["status"]),
       ("ok", 1000, "succeeded"), "partial refund")
    r2 = gw("refund", payment_intent=o["payment_intent"], amount=0,
            key="refund:ROUND1:2")
    eq((r2["outcome"], r2["object"]["amount"]), ("ok", 1500), "the rest")
    r3 = gw("refund", payment_intent=o["payment_intent"], amount=1,
            key="refund:ROUND1:3")
    eq((r3["outcome"], r3["http_status"], r3["error_code"]),
       ("declined", 400, "amount_too_large"), "nothing left to refund")

    e = create("ROUND2")
    x = gw("expire", id=e["object"]["id"], key="expire:ROUND2")
    eq((x["outcome"], x["object"]["status"]), ("ok", "expired"), "expired")
    x2 = gw("expire", id=e["object"]["id"], key="expire:ROUND2:again")
    eq((x2["outcome"], x2["http_status"]), ("declined", 400), "not open any more")
    nf = gw("get", id="cs_nosuch")
    eq((nf["outcome"], nf["error_code"], nf["attempts"]),
       ("declined", "resource_missing", 1), "a 404 is a decline, not retried")
    bad = gw("get", id="../v1/refunds")
    eq((bad["outcome"], bad["error_code"], bad["attempts"]),
       ("declined", "invalid_id", 0), "an id that is not one: no request")
    cur = create("ROUND3", currency="EU")
    eq((cur["outcome"], cur["attempts"]), ("declined", 0), "a bad currency")
    eq(status()["state"], "closed", "declines do not open the breaker")


def test_wrong_key_is_a_decline():
    fresh()
    # the fake checks the Bearer key: the app's is right, a guess is not
    conn = http.client.HTTPConnection(GW.hostname, GW.port, timeout=10)
    conn.request("GET", "/v1/checkout/sessions/cs_x",
                 headers={"Authorization": "Bearer sk_test_guess"})
    eq(conn.getresponse().status, 401, "a wrong key")
    conn.close()
    c = create("KEYOK")
    eq(c["outcome"], "ok", "the configured key")


def test_webhooks_signed():
    fresh()
    got = []

    class H(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append((self.headers.get("Stripe-Signature"), body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *a):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        control(webhook_url="http://127.0.0.1:%d/hook" % srv.server_port)
        c = create("HOOK1")["object"]
        fake("POST", "/pay/%s/pay" % c["id"])
        check(wait_until(lambda: len(got) >= 1, 10), "a webhook came")
        sig, body = got[0]
        parts = dict(p.split("=", 1) for p in sig.split(","))
        mac = hmac.new(secrets()["Payments.WebhookSecret"].encode(),
                       parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
        check(hmac.compare_digest(mac, parts["v1"]), "the signature verifies")
        check(abs(int(parts["t"]) - time.time()) < 60, "a fresh timestamp")
        ev = json.loads(body)
        eq((ev["type"], ev["data"]["object"]["id"]),
           ("checkout.session.completed", c["id"]), "the event")

        # duplicates: the same event twice
        got.clear()
        control(webhooks="duplicate")
        d = create("HOOK2")["object"]
        fake("POST", "/pay/%s/decline" % d["id"])
        check(wait_until(lambda: len(got) >= 2, 10), "two deliveries")
        a, b = (json.loads(x[1]) for x in got[:2])
        eq((a["id"], a["type"]), (b["id"], "payment_intent.payment_failed"),
           "one event, twice")

        # out of order: the first is held back until the next is sent
        got.clear()
        control(webhooks="out_of_order")
        e = create("HOOK3")["object"]
        fake("POST", "/pay/%s/pay" % e["id"])
        time.sleep(0.5)
        eq(len(got), 0, "held back")
        gw("refund", payment_intent=e["payment_intent"], amount=0, key="refund:HOOK3")
        check(wait_until(lambda: len(got) >= 2, 10), "both sent")
        eq([json.loads(x[1])["type"] for x in got[:2]],
           ["charge.refunded", "checkout.session.completed"], "newer first")

        # never: nothing is sent
        got.clear()
        control(webhooks="never")
        n = create("HOOK4")["object"]
        fake("POST", "/pay/%s/pay" % n["id"])
        time.sleep(0.5)
        eq(len(got), 0, "no webhook")
        check(any(w["status"] == "withheld" for w in state()["webhooks"]), "withheld")
    finally:
        srv.shutdown()
        srv.server_close()


def test_idempotency():
    fresh()
    a = create("IDEM1", key="checkout:IDEM1")
    b = create("IDEM1", key="checkout:IDEM1")
    eq((a["outcome"], b["outcome"]), ("ok", "ok"), "both answered")
    eq(a["object"]["id"], b["object"]["id"], "the same session")
    eq(len(state()["sessions"]), 1, "one session at the fake")
    c = create("IDEM1", key="checkout:IDEM1", amount=9900)
    eq((c["outcome"], c["http_status"], c["error_code"]),
       ("declined", 400, "idempotency_key_in_use"), "same key, another body")
    eq(len(state()["sessions"]), 1, "still one")


def test_timeout():
    fresh()
    control(delay_ms=6000)
    t = time.monotonic()
    c = create("SLOW1")
    took = time.monotonic() - t
    control(delay_ms=0)
    eq((c["outcome"], c["error_code"]), ("unavailable", "timeout"), "timed out")
    # the first attempt ends at 5 s; a retry gets what is left of 8 s
    check(ATTEMPT_S - 0.2 <= c["elapsed_ms"] / 1000.0 <= DEADLINE_S + 0.5,
          "within the call's deadline: %d ms" % c["elapsed_ms"])
    check(c["attempts"] >= 1, "attempts")
    n = len([r for r in v1_requests() if r["key"] == "checkout:SLOW1"])
    eq(n, c["attempts"], "every attempt reached the fake, with the same key")
    print("# gateway timeout: %d attempt(s), unavailable after %.2f s "
          "(limits: %.0f s an attempt, %.0f s a call)"
          % (c["attempts"], c["elapsed_ms"] / 1000.0, ATTEMPT_S, DEADLINE_S))
    check(took < DEADLINE_S + 5, "answered in time: %.1f s" % took)


def test_retries_only_where_safe():
    fresh()
    ok = create("RETRY0")["object"]
    control(fail="500")
    n0 = len(v1_requests())
    g = gw("get", id=ok["id"])
    eq((g["outcome"], g["attempts"], g["http_status"]), ("unavailable", 3, 500),
       "a GET: tried three times")
    k = create("RETRY1", key="checkout:RETRY1")
    eq((k["outcome"], k["attempts"]), ("unavailable", 3), "a POST with a key")
    gw("breaker-reset")
    nk = gw("create", amount=100, currency="EUR", reference="RETRY2", key=None)
    eq((nk["outcome"], nk["attempts"]), ("unavailable", 1), "a POST without a key")
    reqs = v1_requests()[n0:]
    eq(len(reqs), 7, "requests at the fake")
    eq([r["key"] for r in reqs if r["method"] == "POST"],
       ["checkout:RETRY1"] * 3 + [None], "the same key on each retry; none without")
    # a reset connection is retried too; broken JSON is not
    gw("breaker-reset")
    control(fail="reset")
    r = gw("get", id=ok["id"])
    eq((r["outcome"], r["attempts"], r["error_code"]),
       ("unavailable", 3, "connection_error"), "resets")
    control(fail="malformed")
    m = gw("get", id=ok["id"])
    eq((m["outcome"], m["attempts"], m["error_code"]),
       ("unavailable", 1, "malformed_answer"), "malformed JSON: once")
    # a fault that clears: the retry gets through
    gw("breaker-reset")
    control(fail="500", fail_count=1)
    s = gw("get", id=ok["id"])
    eq((s["outcome"], s["attempts"]), ("ok", 2), "the second attempt answered")
    control(fail=None, fail_count=None)


# --- the breaker -----------------------------------------------------------------

def burst(n, action="get", **kw):
    """n calls at once, each its own request (several workers answer)."""
    out = [None] * n

    def one(i):
        out[i] = gw(action, **kw)
    ts = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return out


def test_breaker_opens_and_closes():
    fresh()
    ok = create("BRK0")["object"]
    control(fail="500")
    n0 = len(v1_requests())
    t0 = time.monotonic()
    # POSTs without a key: one request a call, so calls = requests
    calls = 0
    while calls < 20:
        c = gw("create", amount=100, currency="EUR", reference="BRK%d" % calls,
               key=None)
        calls += 1
        if c["rejected"]:
            break
    t_open = time.monotonic() - t0
    eq(calls, THRESHOLD + 1, "open after %d failures" % THRESHOLD)
    eq(len(v1_requests()) - n0, THRESHOLD, "the sixth call made no request")
    st = status()
    eq((st["state"], st["failures"], st["opens"]), ("open", THRESHOLD, 1), "status")
    check(st["retry_after"] in (1, 2), "retry_after %r" % st["retry_after"])

    # every worker sees it: concurrent calls all fail fast, nothing reaches the fake
    n1 = len(v1_requests())
    t = time.monotonic()
    out = burst(10, id=ok["id"])
    fast = time.monotonic() - t
    check(all(o["rejected"] and o["attempts"] == 0 for o in out), "all rejected")
    eq(len(v1_requests()), n1, "no request while open")
    pids = {o["pid"] for o in out}
    states = {status()["state"] for _ in range(12)}
    eq(states, {"open"}, "the status agrees through every request")
    print("# breaker: open after %d failures in %.2f s; 10 calls while open "
          "failed fast in %.3f s (%d workers answered)"
          % (THRESHOLD, t_open, fast, len(pids)))

    # a failed probe opens it again for another cool-down
    opened = time.monotonic()
    check(wait_until(lambda: status()["retry_after"] == 0, COOLDOWN + 3, 0.05),
          "cool-down over")
    n2 = len(v1_requests())
    p = gw("get", id=ok["id"])
    eq((p["outcome"], p["attempts"]), ("unavailable", 1), "the probe: one request")
    st = status()
    eq((st["state"], st["opens"]), ("open", 2), "open again")
    eq(len(v1_requests()) - n2, 1, "one probe at the fake")

    # recovery: after the cool-down exactly one of 10 concurrent calls probes
    control(fail=None, delay_ms=1000)
    opened = time.monotonic()
    check(wait_until(lambda: status()["retry_after"] == 0, COOLDOWN + 3, 0.05),
          "cool-down over")
    t_cool = time.monotonic() - opened
    n3 = len(v1_requests())
    t = time.monotonic()
    out = burst(10, id=ok["id"])
    t_probe = time.monotonic() - t
    through = [o for o in out if not o["rejected"]]
    eq(len(through), 1, "one probe let through: %s" % [o["error_code"] for o in out])
    eq(through[0]["outcome"], "ok", "the probe succeeded")
    eq(len(v1_requests()) - n3, 1, "exactly one request reached the fake")
    control(delay_ms=0)
    st = status()
    eq((st["state"], st["failures"]), ("closed", 0), "closed after the probe")
    g = gw("get", id=ok["id"])
    eq((g["outcome"], g["attempts"]), ("ok", 1), "calls go through again")
    print("# breaker: half-open %.2f s after opening (cool-down %.0f s); one "
          "probe of 10 concurrent calls, closed %.2f s later (the fake took "
          "1 s to answer it)" % (t_cool, COOLDOWN, t_probe))


def test_status_metrics_and_admin():
    fresh()
    r = get("/api/v1/payments/status")
    eq(r.status, 200, "status")
    check("public" in r.header("cache-control") and "max-age=5" in
          r.header("cache-control"), r.header("cache-control"))
    st = r.json()
    eq((st["configured"], st["state"], st["failures"]), (True, "closed", 0), "fresh")
    check(st["since"].endswith("Z"), "since")
    s = secrets()
    for v in (s["Payments.SecretKey"], s["Payments.WebhookSecret"]):
        check(v not in r.text, "no secret in the status")
    control(fail="500")
    for i in range(THRESHOLD):
        gw("create", amount=100, currency="EUR", reference="MET%d" % i, key=None)
    gw("get", id="cs_x")        # rejected
    m = get("/metrics").text
    for k in (s["Payments.SecretKey"], s["Payments.WebhookSecret"]):
        check(k not in m, "no secret in /metrics")
    lines = dict(line.rsplit(" ", 1) for line in m.splitlines()
                 if line.startswith("stolik_payments_"))
    eq(lines["stolik_payments_breaker_state"], "1", "open on /metrics")
    eq(lines["stolik_payments_breaker_opens_total"], "1", "opens")
    eq(lines['stolik_payments_gateway_calls_total{outcome="unavailable"}'],
       str(THRESHOLD), "unavailable calls")
    eq(lines['stolik_payments_gateway_calls_total{outcome="rejected"}'], "1",
       "rejected")
    eq(lines["stolik_payments_gateway_requests_total"], str(THRESHOLD), "requests")
    # the platform admin sees it
    b = Browser()
    page = b.get("/login")
    eq(b.post("/login", {"csrf": csrf_of(page.text), "email": "admin@stolik.test",
                         "password": "stolik-demo"}).status, 303, "admin login")
    a = b.get("/admin")
    eq(a.status, 200, "admin")
    check('id="payments-breaker"' in a.text and "breaker open" in a.text,
          "the breaker's line")
    control(fail=None)
    gw("breaker-reset")
    check("breaker closed" in b.get("/admin").text, "closed again")
