"""test_webhooks_delivery.py: stolik-webhooks against a real receiver.

A restaurant of its own with endpoints inserted as rows (the secret sealed
by `stolik-admin seal`, as the app stores it), tools/fake_webhook_receiver.py
as the far end (it records and answers as told; the signatures are checked
here), the job binary run as cron would (or as --watch), and PostgreSQL to
see the queue. The first test uses the stack's own `stolik-webhooks --watch`;
the others stop it and run their own.
"""

import base64
import hashlib
import hmac
import json
import os
import re
import signal
import subprocess
import tempfile
import time

from stolik_test import (BUILD, RECEIVER, TOP, Failure, VAR, check, config_path,
                         count, eq, get, job, job_cmd, local_date, mails,
                         post_json, psql, receiver, seal, wait_mails, wait_until,
                         webhooks_start, webhooks_stop)

TZ = "Europe/Kyiv"
R = "wh-bistro"
SECRET = "whsec_" + base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")
ALL = ["reservation.created", "reservation.confirmed", "reservation.changed",
       "reservation.cancelled", "reservation.arrived", "reservation.seated",
       "reservation.no_show", "reservation.finished", "review.created"]


def setup_module():
    psql("""
    INSERT INTO restaurants (owner_id, slug, name, cuisine, city, address, phone,
        email, timezone, slot_minutes, booking_window_days, min_notice_minutes,
        cancel_cutoff_minutes, max_party, confirmation_mode, status)
    SELECT id, :'r', 'Webhook Bistro', 'bistro', 'Testville', 'Hook street 1',
        '+380 44 000 00 00', 'owner@wh-bistro.example', :'tz', 30, 60, 0, 120,
        6, 'auto', 'active'
    FROM users WHERE email = 'owner@stolik.test';
    INSERT INTO opening_hours (restaurant_id, weekday, opens, closes, name)
    SELECT r.id, d, '10:00', '23:00', 'All day' FROM restaurants r,
        generate_series(1, 7) d WHERE r.slug = :'r';
    INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max)
    SELECT r.id, 'T' || g, 1, 4 FROM restaurants r, generate_series(1, 6) g
    WHERE r.slug = :'r';
    INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)
    SELECT r.id, 1, 6, 90 FROM restaurants r WHERE r.slug = :'r';
    """, r=R, tz=TZ)
    receiver("POST", "/__mode", {"reset": True})
    # the tests run their own jobs; the first starts the stack's again
    webhooks_stop()


def teardown_module():
    psql("""
    DELETE FROM webhook_endpoints WHERE restaurant_id =
        (SELECT id FROM restaurants WHERE slug = :'r');
    DELETE FROM webhook_events WHERE restaurant_id =
        (SELECT id FROM restaurants WHERE slug = :'r');
    DELETE FROM outbox WHERE kind = 'webhook_disabled'
        OR reservation_id IN (SELECT v.id FROM reservations v
        JOIN restaurants r ON r.id = v.restaurant_id WHERE r.slug = :'r');
    DELETE FROM reviews WHERE restaurant_id =
        (SELECT id FROM restaurants WHERE slug = :'r');
    DELETE FROM reservations WHERE restaurant_id =
        (SELECT id FROM restaurants WHERE slug = :'r');
    DELETE FROM restaurants WHERE slug = :'r';
    """, r=R)
    receiver("POST", "/__mode", {"reset": True})
    webhooks_start()


# --- helpers ---------------------------------------------------------------------

def rid():
    return int(psql("SELECT id FROM restaurants WHERE slug = :'r'", r=R))


def endpoint(path, events=None, url=None, secret=SECRET, only=True):
    """A new enabled endpoint of the restaurant at RECEIVER + path; its id.
    With only, the restaurant's other endpoints are turned off first (their
    deliveries stay queued, untouched): each test sees its own."""
    if only:
        psql("UPDATE webhook_endpoints SET enabled = false"
             " WHERE restaurant_id = :'rid'", rid=rid())
    return int(psql(
        "INSERT INTO webhook_endpoints (restaurant_id, url, events, secret_sealed)"
        " VALUES (:'rid', :'url', string_to_array(:'ev', ','), :'s') RETURNING id",
        rid=rid(), url=url or RECEIVER + path, ev=",".join(events or ALL),
        s=seal(secret)))


def emit(key, etype="reservation.changed", data=None):
    """An event about booking key (any number) queued for the endpoints
    that want it, as the triggers do; its public id."""
    eid = psql("SELECT webhook_emit(:'rid', :'k', :'t', :'d'::jsonb)",
               rid=rid(), k=key, t=etype, d=json.dumps(data or {"n": key}))
    check(eid != "", "no endpoint wants %s" % etype)
    return psql("SELECT public_id FROM webhook_events WHERE id = :'i'", i=eid)


def got(path):
    return receiver("GET", "/__received?path=" + path)


def mode(**rule):
    receiver("POST", "/__mode", rule)


def clear():
    receiver("POST", "/__mode", {"clear": True})


def verify(secret, headers, body):
    """The check a receiver makes (docs/webhooks.md), in plain Python."""
    ts = headers["stolik-webhook-timestamp"]
    mac = hmac.new(secret.encode(), ts.encode() + b"." + body,
                   hashlib.sha256).hexdigest()
    return any(v.startswith("v1=") and hmac.compare_digest(v[3:], mac)
               for v in headers["stolik-webhook-signature"].split())


def raw(rec):
    return base64.b64decode(rec["body_b64"])


def conf_with(extra):
    """A configuration file: the stack's plus extra lines."""
    with open(config_path()) as f:
        base = f.read()
    fd, path = tempfile.mkstemp(prefix="wh-", suffix=".hdf",
                                dir=os.path.join(VAR, "etc"))
    with os.fdopen(fd, "w") as f:
        f.write(base + "\n" + extra + "\n")
    return path


def run(*args, conf=None):
    """stolik-webhooks --once (and args); (status, JSON lines)."""
    cmd = [os.path.join(BUILD, "batch", "stolik-webhooks"), "-c",
           conf or config_path()] + list(args)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    lines = []
    for line in p.stderr.splitlines():
        try:
            lines.append(json.loads(line))
        except ValueError:
            pass
    if p.returncode != 0:
        raise Failure("stolik-webhooks failed: %s" % p.stderr[-2000:])
    return lines


def attempts_of(lines):
    return [x for x in lines if x.get("msg") == "webhook"]


def status_of(ep):
    return psql("SELECT string_agg(status::text, ',' ORDER BY id) FROM "
                "webhook_deliveries WHERE endpoint_id = :'e'", e=ep)


def run_until(pred, conf=None, timeout=30.0):
    """Run the job until pred() (the retries come due as the clock runs)."""
    end = time.time() + timeout
    lines = []
    while time.time() < end:
        lines += run(conf=conf)
        if pred():
            return lines
        time.sleep(0.3)
    raise Failure("not reached within %.0f s" % timeout)


def book(d, hm, name="Web Hook"):
    r = post_json("/api/v1/reservations", {
        "restaurant": R, "start": d + "T" + hm, "party": 2, "name": name,
        "email": "webhook@example.com", "phone": "555 000 1234",
        "requests": "window seat"})
    eq(r.status, 201, "book: " + r.text)
    return r.json()


# --- tests -----------------------------------------------------------------------

def test_booking_events_signed_and_equal_to_the_api():
    """A real booking through the API reaches the receiver (the stack's
    --watch job) as reservation.created then .confirmed, signed with the
    endpoint's secret, its data the API's representation of the booking."""
    endpoint("/hook/e2e")
    webhooks_start()
    try:
        d = local_date(TZ, 20)
        b = book(d, "13:00")
        code, token = b["code"], b["token"]
        recs = wait_until(lambda: len(got("/hook/e2e")) >= 2 and got("/hook/e2e"),
                          20, 0.1)
        check(recs, "no delivery within 20 s")
        eq([json.loads(raw(x))["type"] for x in recs],
           ["reservation.created", "reservation.confirmed"], "the events, in order")
        api = get("/api/v1/reservations/%s?t=%s" % (code, token)).json()
        seen = set()
        for rec in recs:
            h, body = rec["headers"], raw(rec)
            eq(rec["method"], "POST", "method")
            eq(h["content-type"], "application/json", "content type")
            eq(h["user-agent"], "Stolik-Webhooks/1", "user agent")
            check(re.fullmatch(r"whd_[0-9a-f]{32}", h["stolik-webhook-id"]),
                  "delivery id %r" % h["stolik-webhook-id"])
            check(abs(int(h["stolik-webhook-timestamp"]) - time.time()) < 300,
                  "timestamp")
            check(re.fullmatch(r"v1=[0-9a-f]{64}", h["stolik-webhook-signature"]),
                  "one signature: %r" % h["stolik-webhook-signature"])
            check(verify(SECRET, h, body), "the signature verifies")
            # negative controls: another secret, one byte changed
            check(not verify(SECRET + "x", h, body), "another secret verifies")
            check(not verify(SECRET, h, body.replace(b"Web Hook", b"Web Hoox")),
                  "a changed body verifies")
            seen.add(h["stolik-webhook-id"])
            ev = json.loads(body)
            eq(sorted(ev), ["created", "data", "id", "type"], "envelope")
            check(re.fullmatch(r"evt_[0-9a-f]{32}", ev["id"]), "event id")
            check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", ev["created"]),
                  "created: %r" % ev["created"])
            data = ev["data"]
            shared = (set(data) & set(api)) - {"manage_url", "deposit"}
            check(len(shared) >= 12, "keys shared with the API: %s" % sorted(shared))
            for k in sorted(shared):
                eq(data[k], api[k], "data.%s against the API" % k)
            eq(data["change"]["to_status"], "confirmed", "change")
            check("manage_url" not in data and token not in body.decode(),
                  "no manage link or token in the event")
        eq(len(seen), 2, "one delivery id each")
        print("# example: " + raw(recs[1]).decode())
        # an owner's move that queues no mail wakes the job too
        t = post_json("/api/v1/auth/token", {"grant_type": "password",
                                             "email": "owner@stolik.test",
                                             "password": "stolik-demo"}).json()
        r = post_json("/api/v1/owner/reservations/%s/status" % code,
                      {"status": "arrived"},
                      headers={"Authorization": "Bearer " + t["access_token"]})
        eq(r.status, 200, "arrived: " + r.text)
        recs = wait_until(lambda: len(got("/hook/e2e")) >= 3 and got("/hook/e2e"),
                          20, 0.1)
        check(recs, "reservation.arrived not delivered")
        ev = json.loads(raw(recs[2]))
        eq(ev["type"], "reservation.arrived", "third event")
        eq(ev["data"]["status"], "arrived", "its data")
        eq(psql("SELECT string_agg(d.status || '/' || d.attempts, ',' ORDER BY d.id)"
                " FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id"
                " WHERE e.data->>'code' = :'c'", c=code),
           "delivered/1,delivered/1,delivered/1", "the queue")
        eq(count("SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d"
                 " ON d.id = a.delivery_id JOIN webhook_events e ON e.id = d.event_id"
                 " WHERE e.data->>'code' = :'c' AND a.status_code = 200"
                 " AND a.excerpt = 'ok'", c=code), 3, "the delivery log")
    finally:
        # the others run their own jobs
        webhooks_stop()
        psql("UPDATE webhook_endpoints SET enabled = false WHERE restaurant_id ="
             " :'rid'", rid=rid())


def test_rollback_sends_nothing():
    """An event is written by the change's transaction: rolled back, no
    event and no delivery; committed (the control), both."""
    v = book(local_date(TZ, 21), "13:00")["code"]
    ep = endpoint("/hook/rb")
    vid = psql("SELECT id FROM reservations WHERE code = :'c'", c=v)
    ins = ("INSERT INTO reservation_events (reservation_id, restaurant_id, actor,"
           " from_status, to_status, note) VALUES (:'v', :'rid', 'owner',"
           " 'confirmed', 'arrived', 'rollback test');")
    n = "SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = :'e';"
    inside = psql("BEGIN;" + ins + n + "ROLLBACK;", v=vid, rid=rid(), e=ep)
    eq(inside, "1", "inside the transaction the delivery exists (the trigger ran)")
    eq(count(n, e=ep), 0, "rolled back: no delivery")
    eq(count("SELECT count(*) FROM webhook_events WHERE restaurant_id = :'rid'"
             " AND data->'change'->>'note' = 'rollback test'", rid=rid()), 0,
       "rolled back: no event")
    run()
    eq(got("/hook/rb"), [], "nothing sent")
    psql("BEGIN;" + ins + "COMMIT;", v=vid, rid=rid())
    eq(count(n, e=ep), 1, "committed: one delivery")
    run()
    eq(len(got("/hook/rb")), 1, "committed: sent")


def test_outage_then_each_event_delivered_once():
    """The receiver answers 503 for a while, then its port is closed: the
    deliveries are retried with backoff; once it is back every event
    arrives, each delivery answered 200 exactly once, every attempt logged."""
    ep = endpoint("/hook/out")
    ids = [emit(k) for k in (101, 102, 103, 101, 104)]
    mode(path="/hook/out", status=503, retry_after="1")
    t0 = time.time()
    lines = []
    # three rounds of 503s: every due delivery is tried and put back
    for _ in range(3):
        lines += run_until(lambda: True)
        time.sleep(1.2)
    tries = attempts_of(lines)
    check(len(tries) >= 4, "attempts during the outage: %d" % len(tries))
    check(all(x["result"] == "retry" and x["status"] == 503 for x in tries),
          "503s are retried: %s" % tries[:3])
    eq(status_of(ep), ",".join(["queued"] * 5), "still queued")
    check(all(x["retry_in_ms"] >= 1000 for x in tries), "Retry-After honoured")
    # then nothing listens at all: a closed port is a retry too
    psql("UPDATE webhook_endpoints SET url = 'http://127.0.0.1:9/hook/out'"
         " WHERE id = :'e'", e=ep)
    psql("UPDATE webhook_deliveries SET next_attempt_at = now()"
         " WHERE endpoint_id = :'e'", e=ep)
    closed = attempts_of(run())
    check(closed and all(x["result"] == "retry" and x["status"] == 0
                         for x in closed), "refused: %s" % closed[:2])
    # back
    clear()
    psql("UPDATE webhook_endpoints SET url = :'u' WHERE id = :'e'",
         u=RECEIVER + "/hook/out", e=ep)
    lines += closed + run_until(lambda: status_of(ep) == ",".join(["delivered"] * 5))
    took = time.time() - t0
    recs = got("/hook/out")
    ok = {}
    for rec in recs:
        if rec.get("status") == 200:
            wid = rec["headers"]["stolik-webhook-id"]
            ok[wid] = ok.get(wid, 0) + 1
    eq(sorted(ok.values()), [1] * 5, "each delivery answered 200 once")
    eq(sorted(json.loads(raw(r))["id"] for r in recs if r.get("status") == 200),
       sorted(ids), "every event")
    n_tries = count("SELECT count(*) FROM webhook_attempts WHERE endpoint_id = :'e'",
                    e=ep)
    eq(n_tries, len(attempts_of(lines)), "every attempt in the log")
    eq(count("SELECT count(*) FROM webhook_attempts WHERE endpoint_id = :'e'"
             " AND status_code IS NULL AND error <> ''", e=ep), len(closed),
       "the refused ones logged without a status")
    print("# outage: 5 events, %d attempts (%d answered 503, %d refused), "
          "all delivered once %.1f s after the outage began"
          % (n_tries, len([x for x in lines if x.get("status") == 503]),
             len(closed), took))


def test_kill_mid_delivery_is_at_least_once():
    """While the receiver holds the first attempt's answer a second job
    leaves the delivery alone (its lease); the control, a test build's
    claim that ignores leases, sends it again at once. kill -9 of the jobs
    leaves it queued, and once the lease is over the next job sends it
    again with the same delivery id: at least once, nothing lost."""
    # (attempts that would wait a minute for the answer: the kill comes first)
    held = conf_with("Webhooks.TimeoutSeconds = 60\nWebhooks.LeaseSeconds = 120")
    unleased = conf_with("Webhooks.TimeoutSeconds = 60\nWebhooks.LeaseSeconds = 120"
                         "\nWebhooks.TestUnleased = 1")
    ep = endpoint("/hook/kill")
    eid = emit(201)
    mode(path="/hook/kill", delay=60, count=2)
    bin_ = os.path.join(BUILD, "batch", "stolik-webhooks")
    ps = []
    try:
        ps.append(subprocess.Popen([bin_, "-c", held, "--once"],
                                   stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL))
        check(wait_until(lambda: len(got("/hook/kill")) == 1, 20),
              "the first attempt never arrived")
        eq(attempts_of(run()), [], "no second attempt while one is in flight")
        eq(len(got("/hook/kill")), 1, "the receiver got one")
        # the control: without the lease a second attempt goes out at once
        ps.append(subprocess.Popen([bin_, "-c", unleased, "--once"],
                                   stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL))
        check(wait_until(lambda: len(got("/hook/kill")) == 2, 20),
              "the control: the unleased claim did not send it again")
        for p in ps:
            os.kill(p.pid, signal.SIGKILL)
    finally:
        for p in ps:
            p.wait()
        os.unlink(held)
        os.unlink(unleased)
    eq(psql("SELECT status || '/' || attempts || '/' || (locked_until > now())"
            " FROM webhook_deliveries WHERE endpoint_id = :'e'", e=ep),
       "queued/2/true", "queued, leased to a dead job")
    eq(attempts_of(run()), [], "still nothing while leased")
    # the lease runs out (as 120 s would)
    psql("UPDATE webhook_deliveries SET locked_until = now() - interval '1 second'"
         " WHERE endpoint_id = :'e'", e=ep)
    lines = run_until(lambda: status_of(ep) == "delivered", timeout=30)
    recs = got("/hook/kill")
    eq(len(recs), 3, "sent three times")
    eq(len({r["headers"]["stolik-webhook-id"] for r in recs}), 1,
       "the same delivery id")
    eq(len({raw(r) for r in recs}), 1, "the same body bytes")
    eq(json.loads(raw(recs[2]))["id"], eid, "the event")
    eq([x["attempt"] for x in attempts_of(lines)], [3], "the third attempt")
    eq(psql("SELECT string_agg(attempt || ':' || status_code, ',') FROM"
            " webhook_attempts WHERE endpoint_id = :'e'", e=ep), "3:200",
       "the log has the attempt that finished")


def order_round(path, conf=None):
    """Booking A's three events and booking B's two, A's first answered
    503 three times; one job run. (endpoint, A, B, the events sent)."""
    ep = endpoint(path)
    a = [emit(301, data={"e": "a%d" % i}) for i in (1, 2, 3)]
    b = [emit(302, data={"e": "b%d" % i}) for i in (1, 2)]
    mode(path=path, match=a[0], status=503, count=3)
    run(conf=conf)
    return ep, a, b, [json.loads(raw(r))["id"] for r in got(path)]


def test_order_per_booking_under_retries():
    """The first event of booking A gets 503s: A's later events wait behind
    it and arrive after it, in order; booking B's events go on meanwhile.
    The control: a test build's claim without the order sends them."""
    conf = conf_with("Webhooks.TestUnordered = 1")
    try:
        _, a, _, first = order_round("/hook/unord", conf)
        check(a[1] in first, "the control: without the order A's second event "
              "goes out while the first waits: %s" % first)
    finally:
        os.unlink(conf)
    ep, a, b, first = order_round("/hook/ord")
    eq([x for x in first if x != a[0]], b, "B went out while A's first waits")
    check(a[1] not in first and a[2] not in first, "A's later events wait")
    run_until(lambda: status_of(ep) == ",".join(["delivered"] * 5), timeout=40)
    recs = got("/hook/ord")
    okays = [json.loads(raw(r))["id"] for r in recs if r.get("status") == 200]
    eq([x for x in okays if x in a], a, "A in order")
    eq([x for x in okays if x in b], b, "B in order")
    eq(len([r for r in recs if json.loads(raw(r))["id"] == a[0]]), 4,
       "A's first: three 503s then a 200")
    done_a1 = max(r["answered"] for r in recs if json.loads(raw(r))["id"] == a[0])
    check(all(r["at"] >= done_a1 for r in recs if json.loads(raw(r))["id"] in a[1:]),
          "A's later events only after A's first was answered 200")


def test_4xx_3xx_big_body_and_timeout():
    """410 fails at once; a 302 is not followed; a huge answer is read up to
    the cap and its excerpt kept short; a timeout is retried."""
    ep = endpoint("/hook/x")
    gone = emit(401)
    moved = emit(402)
    big = emit(403)
    slow = emit(404)
    mode(path="/hook/x", match=gone, status=410)
    mode(path="/hook/x", match=moved, status=302, redirect=RECEIVER + "/hook/elsewhere")
    mode(path="/hook/x", match=big, big_body=True)
    mode(path="/hook/x", match=slow, delay=4, count=1)
    lines = attempts_of(run())
    by = {x["event"]: x for x in lines}
    eq((by[gone]["result"], by[gone]["status"]), ("failed", 410), "410")
    eq((by[moved]["result"], by[moved]["status"]), ("failed", 302), "302")
    eq(got("/hook/elsewhere"), [], "the redirect was not followed")
    eq((by[big]["result"], by[big]["status"]), ("delivered", 200), "big answer")
    eq((by[slow]["result"], by[slow].get("error")), ("retry", "timeout"), "timeout")
    eq(psql("SELECT length(excerpt) || ' ' || (error LIKE 'answer over 64 KiB%')"
            " FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id"
            " JOIN webhook_events e ON e.id = d.event_id WHERE e.public_id = :'b'",
            b=big), "1000 true", "the excerpt is 1,000 characters, the cap logged")
    run_until(lambda: psql("SELECT d.status FROM webhook_deliveries d JOIN"
                           " webhook_events e ON e.id = d.event_id"
                           " WHERE e.public_id = :'s'", s=slow) == "delivered")
    before = len(got("/hook/x"))
    time.sleep(2.5)
    run()
    eq(len(got("/hook/x")), before, "the failed ones are not tried again")
    eq(psql("SELECT string_agg(d.status || '/' || d.attempts, ',' ORDER BY e.id)"
            " FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id"
            " WHERE d.endpoint_id = :'e'", e=ep),
       "failed/1,failed/1,delivered/1,delivered/2", "the queue")


def test_ssrf_refused_at_delivery():
    """Outside development an endpoint on this machine is refused before
    every attempt, whatever was saved: nothing connects. The control: the
    same endpoint with Webhooks.Development = 1 is delivered."""
    prod = conf_with("Webhooks.Development = 0")
    dev = conf_with("Webhooks.Development = 1")
    try:
        plain = endpoint("/hook/ssrf")
        tls = endpoint(None, url=RECEIVER.replace("http:", "https:") + "/hook/ssrf-tls",
                       only=False)
        emit(501)
        lines = attempts_of(run(conf=prod))
        errors = sorted((x["endpoint_id"], x["result"], x.get("error")) for x in lines)
        eq(errors, [(plain, "failed", "url_scheme"), (tls, "failed", "url_not_public")],
           "both refused")
        eq(got("/hook/ssrf"), [], "the receiver got nothing")
        eq(count("SELECT count(*) FROM webhook_attempts WHERE endpoint_id IN"
                 " (:'a', :'b') AND status_code IS NULL", a=plain, b=tls), 2,
           "the refusals logged, no answer")
        # the control: development lets loopback by, and it arrives
        emit(502)
        lines = attempts_of(run(conf=dev))
        mine = [x for x in lines if x["endpoint_id"] == plain]
        eq([(x["result"], x["status"]) for x in mine], [("delivered", 200)],
           "delivered in development")
        eq(len(got("/hook/ssrf")), 1, "the receiver got it")
    finally:
        os.unlink(prod)
        os.unlink(dev)


def test_disable_after_failures_mails_once_and_resumes_in_order():
    """At DisableAfter failures in a row the endpoint is turned off and its
    owner mailed once; its deliveries wait and, enabled again, go out in
    order per booking."""
    conf = conf_with("Webhooks.DisableAfter = 4")
    try:
        ep = endpoint("/hook/dis")
        evs = [emit(k, data={"i": i}) for i, k in enumerate((601, 602, 601, 602, 601))]
        mode(path="/hook/dis", status=500)
        run_until(lambda: psql("SELECT enabled FROM webhook_endpoints WHERE"
                               " id = :'e'", e=ep) == "f", conf=conf, timeout=30)
        eq(psql("SELECT failures || ' ' || (disabled_at IS NOT NULL) || ' ' ||"
                " disabled_reason FROM webhook_endpoints WHERE id = :'e'", e=ep),
           "4 true disabled after 4 failed attempts in a row", "disabled")
        tried = len(got("/hook/dis"))
        eq(tried, 4, "four attempts")
        # disabled: nothing more is tried, nothing more is mailed
        time.sleep(2.5)
        run(conf=conf)
        eq(len(got("/hook/dis")), tried, "no attempt while disabled")
        eq(status_of(ep), ",".join(["queued"] * 5), "the deliveries wait")
        eq(count("SELECT count(*) FROM outbox WHERE kind = 'webhook_disabled'"
                 " AND to_addr = 'owner@stolik.test'"), 1, "one mail queued")
        m = wait_mails(lambda m: "Webhook endpoint turned off" in str(m["subject"]))
        eq(len(m), 1, "one mail")
        eq(str(m[0][1]["to"]).split("<")[-1].rstrip(">"), "owner@stolik.test", "to")
        text = m[0][1].get_body(("plain",)).get_content()
        check(RECEIVER + "/hook/dis" in text and "Webhook Bistro" in text,
              "the mail names the endpoint: %s" % text)
        # on again: the queued ones go, in order per booking
        clear()
        psql("UPDATE webhook_endpoints SET enabled = true, failures = 0,"
             " disabled_at = NULL, disabled_reason = NULL WHERE id = :'e'", e=ep)
        psql("UPDATE webhook_deliveries SET next_attempt_at = now()"
             " WHERE endpoint_id = :'e'", e=ep)
        run_until(lambda: status_of(ep) == ",".join(["delivered"] * 5), conf=conf)
        okays = [json.loads(raw(r))["id"] for r in got("/hook/dis")
                 if r.get("status") == 200]
        eq(sorted(okays), sorted(evs), "all of them")
        eq([x for x in okays if x in (evs[0], evs[2], evs[4])],
           [evs[0], evs[2], evs[4]], "booking 601 in order")
        eq([x for x in okays if x in (evs[1], evs[3])], [evs[1], evs[3]],
           "booking 602 in order")
        eq(len(mails(lambda m: "Webhook endpoint turned off" in str(m["subject"]))),
           1, "still one mail")
    finally:
        os.unlink(conf)


def test_two_jobs_on_a_backlog_no_doubles():
    """Two jobs at once on 200 deliveries: each is attempted once."""
    ep = endpoint("/hook/two")
    psql("SELECT webhook_emit(:'rid', 700 + g % 40, 'reservation.changed',"
         " jsonb_build_object('g', g)) FROM generate_series(1, 200) g", rid=rid())
    ps = [subprocess.Popen(job_cmd("webhooks", "--once"), stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120)[1] for p in ps]
    eq([p.returncode for p in ps], [0, 0], "both ran")
    run()   # what a job left behind it (a booking's next event)
    recs = got("/hook/two")
    ids = [r["headers"]["stolik-webhook-id"] for r in recs]
    eq(len(ids), 200, "200 requests")
    eq(len(set(ids)), 200, "no delivery twice")
    eq(status_of(ep), ",".join(["delivered"] * 200), "all delivered")
    eq(count("SELECT count(*) FROM webhook_attempts WHERE endpoint_id = :'e'", e=ep),
       200, "one attempt each")
    per = [sum(1 for line in o.splitlines() if '"msg":"webhook"' in line)
           for o in outs]
    print("# two jobs on 200 deliveries: %s attempts each" % per)


def test_throughput_figure():
    """A figure, not a limit: 2,000 queued deliveries (500 bookings, four
    events each) through one job to the receiver. STOLIK_WEBHOOKS_BIN may
    name another build of the job (an optimised one) to time."""
    ep = endpoint("/hook/fig")
    psql("SELECT webhook_emit(:'rid', 10000 + g % 500, 'reservation.changed',"
         " jsonb_build_object('g', g, 'pad', repeat('x', 600)))"
         " FROM generate_series(1, 2000) g", rid=rid())
    binary = os.environ.get("STOLIK_WEBHOOKS_BIN") or os.path.join(
        BUILD, "batch", "stolik-webhooks")
    t0 = time.time()
    p = subprocess.run([binary, "-c", config_path(), "--once"],
                       capture_output=True, text=True, timeout=600)
    took = time.time() - t0
    eq(p.returncode, 0, "the job: " + p.stderr[-500:])
    eq(status_of(ep), ",".join(["delivered"] * 2000), "all delivered")
    http = sum(json.loads(x).get("ms", 0) for x in p.stderr.splitlines()
               if '"msg":"webhook"' in x) / 1000.0
    print("# throughput: 2000 deliveries in %.2f s by one job (%s): %.0f/s; "
          "%.2f s of it in HTTP attempts" % (took, binary, 2000 / took, http))


def test_expiry_and_retention():
    """A delivery past MaxAgeHours fails unattempted; events past KeepDays
    go with their deliveries and log."""
    ep = endpoint("/hook/old")
    old = emit(801)
    ancient = emit(802)
    psql("UPDATE webhook_deliveries d SET created_at = now() - interval '25 hours'"
         " FROM webhook_events e WHERE e.id = d.event_id AND e.public_id = :'o'", o=old)
    psql("UPDATE webhook_events SET created_at = now() - interval '31 days'"
         " WHERE public_id = :'a'", a=ancient)
    psql("UPDATE webhook_deliveries d SET status = 'delivered'"
         " FROM webhook_events e WHERE e.id = d.event_id AND e.public_id = :'a'",
         a=ancient)
    lines = run()
    hk = [x for x in lines if x.get("msg") == "housekeeping"]
    check(hk and hk[0]["expired"] >= 1 and hk[0]["events_deleted"] >= 1, "logged: %s" % hk)
    eq(psql("SELECT d.status || ' ' || d.attempts || ' ' || d.last_error FROM"
            " webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id"
            " WHERE e.public_id = :'o'", o=old),
       "failed 0 not delivered within 24 hours", "expired")
    eq(count("SELECT count(*) FROM webhook_events WHERE public_id = :'a'", a=ancient),
       0, "the old event is gone")
    eq(got("/hook/old"), [], "nothing sent")
    eq(count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = :'e'",
             e=ep), 1, "one delivery left")


def test_rotated_secret_signs_twice():
    """After a rotation the old secret signs too until old_secret_until:
    two v1 values, one per secret; past that time, one."""
    old = SECRET + "-old"
    ep = endpoint("/hook/rot")
    psql("UPDATE webhook_endpoints SET old_secret_sealed = :'s',"
         " old_secret_until = now() + interval '1 hour' WHERE id = :'e'",
         s=seal(old), e=ep)
    emit(950)
    run()
    rec = got("/hook/rot")[-1]
    h, body = rec["headers"], raw(rec)
    sigs = h["stolik-webhook-signature"].split()
    eq(len(sigs), 2, "two signatures: %r" % sigs)
    for i, secret in enumerate((SECRET, old)):
        one = dict(h, **{"stolik-webhook-signature": sigs[i]})
        check(verify(secret, one, body), "signature %d by its secret" % i)
    psql("UPDATE webhook_endpoints SET old_secret_until = now() - interval '1 second'"
         " WHERE id = :'e'", e=ep)
    emit(951)
    run()
    rec = got("/hook/rot")[-1]
    eq(len(rec["headers"]["stolik-webhook-signature"].split()), 1,
       "the old secret's time is over")
    check(verify(SECRET, rec["headers"], raw(rec)), "the new one signs")


def snippet(kind):
    with open(os.path.join(TOP, "docs", "webhooks.md")) as f:
        doc = f.read()
    m = re.search(r"<!-- verify: %s -->\s*```\w+\n(.*?)```" % kind, doc, re.S)
    check(m, "no %s snippet in docs/webhooks.md" % kind)
    return m.group(1)


def test_docs_snippets_verify_a_real_delivery():
    """The Python and Node snippets of docs/webhooks.md accept a delivery
    the receiver got and refuse it with a byte of the body changed, with
    another secret, or five minutes and more later."""
    endpoint("/hook/docs")
    emit(901, "reservation.confirmed", {"code": "DOCS", "status": "confirmed"})
    run()
    rec = got("/hook/docs")[0]
    h, body = rec["headers"], raw(rec)
    ts, sig = h["stolik-webhook-timestamp"], h["stolik-webhook-signature"]
    bad = body.replace(b"DOCS", b"DOCT")
    cases = [(SECRET, ts, body, True), (SECRET, ts, bad, False),
             (SECRET + "x", ts, body, False),
             (SECRET, str(int(ts) - 301), body, False)]
    with tempfile.TemporaryDirectory() as d:
        py = os.path.join(d, "v.py")
        with open(py, "w") as f:
            f.write(snippet("python") + """
import base64, json, sys
for c in json.load(sys.stdin):
    print(verify(c[0], c[1], c[2], base64.b64decode(c[3])))
""")
        js = os.path.join(d, "v.js")
        with open(js, "w") as f:
            f.write(snippet("node") + """
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
for (const c of cases) console.log(verify(c[0], c[1], c[2], Buffer.from(c[3], "base64")) ? "True" : "False");
""")
        # a stale timestamp is signed anew, or the signature alone refuses it
        inp = []
        for secret, t, b, _ in cases:
            s = sig if t == ts else "v1=" + hmac.new(
                secret.encode(), t.encode() + b"." + b, hashlib.sha256).hexdigest()
            inp.append([secret, t, s, base64.b64encode(b).decode()])
        want = "\n".join(str(c[3]) for c in cases)
        for cmd in (["python3", py], ["node", js]):
            p = subprocess.run(cmd, input=json.dumps(inp), capture_output=True,
                               text=True, timeout=60)
            eq(p.returncode, 0, "%s: %s" % (cmd[0], p.stderr))
            eq(p.stdout.strip(), want, "%s verdicts" % cmd[0])
        # a rotated secret: two values in the header, either may match
        two = "v1=%s %s" % ("0" * 64, sig)
        p = subprocess.run(["node", js], input=json.dumps([[SECRET, ts, two,
                           base64.b64encode(body).decode()]]),
                           capture_output=True, text=True, timeout=60)
        eq(p.stdout.strip(), "True", "node: the second v1")
