"""test_payments_flow.py: collecting a deposit (issue 16, items 2, 4, 5, 6):
the checkout through the pages and the API against tools/fake_gateway.py,
verified webhooks, reconciliation, the hold's expiry, the breaker's 503,
and a payment racing the hold's end."""

import hashlib
import hmac
import json
import threading
import time
import urllib.parse

from stolik_test import (Browser, check, count, csrf_of, eq, get, job, mail_text,
                         post_json, psql, request, wait_mails, wait_until)
from test_payments_gateway import (GW, control, fake, fresh, gw, secrets,
                                   state)

TZ = "Europe/Warsaw"
A = "pay-a"     # EUR 25.00 a booking for parties of 4 or more, every day
ids = {}
AMOUNT = 2500


def setup_module():
    psql("""
    INSERT INTO restaurants (owner_id, slug, name, city, phone, timezone,
        slot_minutes, booking_window_days, min_notice_minutes,
        cancel_cutoff_minutes, max_party, confirmation_mode, status)
    SELECT u.id, :'a', 'Pay Bistro', 'Warszawa', '+48 22 555 01 02', :'tz', 30,
        365, 0, 60, 12, 'auto', 'active'
    FROM users u WHERE u.email = 'owner@stolik.test';
    INSERT INTO opening_hours (restaurant_id, weekday, opens, closes, name)
    SELECT r.id, d, '12:00', '23:00', 'All day' FROM restaurants r,
        generate_series(1, 7) d WHERE r.slug = :'a';
    INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max)
    SELECT r.id, 'P' || n, 1, 12 FROM restaurants r, generate_series(1, 30) n
    WHERE r.slug = :'a';
    INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)
    SELECT id, 1, 12, 90 FROM restaurants WHERE slug = :'a';
    INSERT INTO deposit_policies (restaurant_id, kind, amount, currency,
        min_party, weekdays, refund_hours, late_refund_percent)
    SELECT id, 'per_booking', :'amt', 'EUR', 4, '{1,2,3,4,5,6,7}', 48, 50
    FROM restaurants WHERE slug = :'a';
    """, tz=TZ, a=A, amt=AMOUNT)
    ids["a"] = psql("SELECT id FROM restaurants WHERE slug = :'s'", s=A)
    fresh()


def teardown_module():
    try:
        fresh()
    except Exception:
        pass
    psql("""
    DELETE FROM outbox WHERE reservation_id IN (SELECT id FROM reservations
        WHERE restaurant_id = :'r');
    DELETE FROM payments WHERE restaurant_id = :'r';
    DELETE FROM reservations WHERE restaurant_id = :'r';
    DELETE FROM restaurants WHERE id = :'r';
    """, r=ids["a"])


# --- helpers -----------------------------------------------------------------------

SLOT = [0]


def next_start():
    """A fresh start time: day 3.., 12:00 .. 21:00 by half hours."""
    n = SLOT[0]
    SLOT[0] += 1
    day = psql("SELECT ((now() AT TIME ZONE :'tz')::date + :'d'::int)::text",
               tz=TZ, d=3 + n // 18)
    m = 12 * 60 + (n % 18) * 30
    return day, "%02d:%02d" % (m // 60, m % 60)


def hold(party=4, at=None):
    day, t = at or next_start()
    r = post_json("/api/v1/holds", {"restaurant": A, "start": day + "T" + t,
                                    "party": party})
    eq(r.status, 201, "hold: " + r.text[:300])
    return r.json()


def guest(o, **extra):
    body = {"restaurant": A, "name": "Pat Payer", "email":
            "pat.%s@example.com" % o["code"].lower(), "phone": "+48 600 100 200",
            "hold": {"code": o["code"], "token": o["token"]}}
    body.update(extra)
    return body


def confirm_api(o, **extra):
    return post_json("/api/v1/reservations", guest(o, **extra))


def show(o):
    r = get("/api/v1/reservations/%s?t=%s" % (o["code"], o["token"]))
    eq(r.status, 200, r.text[:300])
    return r.json()


def session_of(url):
    return urllib.parse.urlsplit(url).path.rsplit("/", 1)[1]


def pay(url, action="pay"):
    """Press Pay or Decline on the fake's page: where it sends the diner."""
    st, loc, body = fake("POST", "/pay/%s/%s" % (session_of(url), action))
    eq(st, 303, "fake %s: %s" % (action, body[:200]))
    return loc


def local(url):
    u = urllib.parse.urlsplit(url)
    return u.path + ("?" + u.query if u.query else "")


def rsv(code):
    return psql("SELECT status FROM reservations WHERE code = :'c'", c=code)


def pay_row(code):
    return psql("SELECT status || '|' || amount || '|' || refunded FROM payments "
                "WHERE code = :'c'", c=code)


def ledger(code):
    out = psql("SELECT string_agg(l.kind || ':' || l.amount, ',' ORDER BY l.id) "
               "FROM payment_ledger l JOIN payments y ON y.id = l.payment_id "
               "WHERE y.code = :'c'", c=code)
    return out.split(",") if out else []


def outbox_count(code, kind):
    return count("SELECT count(*) FROM outbox o JOIN reservations v "
                 "ON v.id = o.reservation_id WHERE v.code = :'c' AND o.kind = :'k'",
                 c=code, k=kind)


def whsec():
    return secrets()["Payments.WebhookSecret"]


def sign(body, ts=None, secret=None):
    ts = int(time.time()) if ts is None else ts
    mac = hmac.new((secret or whsec()).encode(), b"%d." % ts + body,
                   hashlib.sha256).hexdigest()
    return ts, mac


def webhook(event, header=None, extra=None):
    body = json.dumps(event, separators=(",", ":")).encode()
    if header is None:
        ts, mac = sign(body)
        header = "t=%d,v1=%s" % (ts, mac)
    h = {"Content-Type": "application/json"}
    if header != "":
        h["Stripe-Signature"] = header
    h.update(extra or {})
    return request("POST", "/api/v1/payments/webhook", body=body, headers=h)


def completed(sid, amount=AMOUNT, currency="eur", evt=None):
    sess = state()["sessions"].get(sid, {})
    obj = dict(sess, id=sid, object="checkout.session", status="complete",
               payment_status="paid", amount_total=amount, currency=currency)
    return {"id": evt or "evt_test_%d" % time.monotonic_ns(), "object": "event",
            "type": "checkout.session.completed", "data": {"object": obj}}


def started(at=None):
    """A hold owing a deposit whose payment is under way: (hold, 202 body)."""
    o = hold(at=at)
    r = confirm_api(o)
    eq(r.status, 202, "confirm: " + r.text[:300])
    return o, r.json()


# --- the flow --------------------------------------------------------------------

def test_pay_through_the_pages():
    fresh()
    b = Browser()
    day, t = next_start()
    page = b.get("/r/%s?date=%s&party=4" % (A, day))
    eq(page.status, 200, "restaurant page")
    r = b.post("/r/%s/hold" % A, {"csrf": csrf_of(page.text), "date": day,
                                  "time": t, "party": "4"})
    eq(r.status, 303, "hold")
    details = r.header("location")
    d = b.get(details)
    eq(d.status, 200, "details")
    check("€25.00" in d.text, "the amount shown before confirming")
    # the form's answer is a redirect to the gateway: CSP form-action must allow
    # it, or Chromium stops there (the e2e tests show it)
    csp = d.header("content-security-policy")
    check("form-action 'self' http://%s:%d;" % (GW.hostname, GW.port) in csp, csp)
    code = details.split("/")[2]
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(details).query)["t"][0]
    # an amount in the form is ignored: the server computes it
    r = b.post("/b/%s/details" % code, {
        "csrf": csrf_of(d.text), "t": token, "name": "Pat Page",
        "email": "pat.page@example.com", "phone": "+48 600 100 201",
        "amount": "1", "deposit": "1"})
    eq(r.status, 303, "to the checkout: " + r.text[:300])
    checkout = r.header("location")
    check(checkout.startswith("http://%s:%d/pay/cs_" % (GW.hostname, GW.port)),
          checkout)
    sess = state()["sessions"][session_of(checkout)]
    eq((sess["amount_total"], sess["currency"], sess["client_reference_id"]),
       (AMOUNT, "eur", code), "the session's amount is the policy's")
    check(token not in sess["success_url"], "no manage token at the gateway")
    eq(state()["requests"][-1]["key"], "checkout:" + code, "Idempotency-Key")
    eq(rsv(code), "held", "held while paying")
    eq(show({"code": code, "token": token})["status"], "awaiting_payment",
       "the API calls it awaiting_payment")
    # the details page now leads to the payment, not the form again
    r = b.get(details)
    eq(r.status, 303, "details while paying")
    check("/payment?" in r.header("location"), r.header("location"))
    back = pay(checkout)
    r = b.get(local(back))
    eq(r.status, 303, "back from the checkout: " + r.text[:300])
    check("new=1" in r.header("location"), r.header("location"))
    eq(rsv(code), "confirmed", "confirmed once paid")
    eq(pay_row(code), "paid|%d|0" % AMOUNT, "payment")
    m = b.get(r.header("location"))
    eq(m.status, 200, "manage page")
    # the webhook comes too: still one confirmation, one mail
    wait_until(lambda: any(w["object"] == session_of(checkout) and
                           w["status"] == 200 for w in state()["webhooks"]), 10)
    eq(ledger(code), ["captured:%d" % AMOUNT], "one capture")
    eq(outbox_count(code, "confirmation"), 1, "one confirmation mail")
    eq(count("SELECT count(*) FROM reservation_events e JOIN reservations v ON "
             "v.id = e.reservation_id WHERE v.code = :'c' AND e.to_status = "
             "'confirmed'", c=code), 1, "one confirmation event")


def test_return_while_the_webhook_lands():
    """The diner back at the success URL while the webhook commits: always
    the booking (303), never the "ran out" page (a payment read as paid with
    its booking read as it was held, before the fix)."""
    fresh()
    for i in range(15):
        o, j = started()
        back = pay(j["checkout_url"])
        r = get(local(back))
        eq(r.status, 303, "round %d: %s" % (i, r.text[:200]))
        check("new=1" in r.header("location"), r.header("location"))


def test_api_flow_and_a_repeated_webhook():
    fresh()
    control(webhooks="duplicate")
    o = hold()
    before = psql("SELECT extract(epoch FROM hold_expires_at)::bigint FROM "
                  "reservations WHERE code = :'c'", c=o["code"])
    r = confirm_api(o, amount=1, deposit={"amount": 1})
    eq(r.status, 202, r.text[:300])
    j = r.json()
    eq((j["status"], j["amount"], j["currency"]), ("awaiting_payment", AMOUNT, "EUR"),
       "202 awaiting_payment; amounts in JSON ignored")
    after = psql("SELECT extract(epoch FROM hold_expires_at)::bigint FROM "
                 "reservations WHERE code = :'c'", c=o["code"])
    check(int(after) > int(before), "the hold extended")
    check(int(after) - time.time() <= 15 * 60 + 5, "within the 15-minute bound")
    # asking again: the same checkout, the hold not extended again
    r2 = confirm_api(o)
    eq((r2.status, r2.json()["checkout_url"]), (202, j["checkout_url"]), "again")
    eq(psql("SELECT extract(epoch FROM hold_expires_at)::bigint FROM reservations "
            "WHERE code = :'c'", c=o["code"]), after, "extended once")
    g = show(o)
    eq((g["status"], g["payment"]["status"], g["payment"]["checkout_url"]),
       ("awaiting_payment", "open", j["checkout_url"]), "GET while paying")
    pay(j["checkout_url"])
    wait_until(lambda: show(o)["status"] == "confirmed", 10)
    # this session's events only: a webhook of an earlier test may land late
    sid = session_of(j["checkout_url"])

    def ours():
        return [w for w in state()["webhooks"] if w["object"] == sid and
                w["type"] == "checkout.session.completed"]
    wait_until(lambda: len(ours()) == 2, 10)
    eq([w["status"] for w in ours()], [200, 200], "both answered 200")
    eq(count("SELECT count(*) FROM payment_events WHERE event_id = :'e'",
             e=ours()[0]["id"]), 1, "one event kept")
    eq(outbox_count(o["code"], "confirmation"), 1, "one mail")
    eq(ledger(o["code"]), ["captured:%d" % AMOUNT], "one capture")
    eq(show(o)["payment"]["status"], "paid", "paid")


def test_decline_keeps_the_hold():
    fresh()
    o, j = started()
    back = pay(j["checkout_url"], "decline")
    check("cancelled=1" in back, back)
    r = get(local(back))
    eq(r.status, 200, "the page after a decline")
    check('id="pay-cancelled"' in r.text and 'id="pay-again"' in r.text,
          "says so, and offers to pay again")
    wait_until(lambda: "failed:0" in ledger(o["code"]), 10)
    eq(rsv(o["code"]), "held", "still held")
    eq(show(o)["status"], "awaiting_payment", "still awaiting payment")
    # a second try pays
    pay(j["checkout_url"])
    wait_until(lambda: rsv(o["code"]) == "confirmed", 10)


def test_abandoned_until_the_hold_expires():
    fresh()
    o, j = started()
    sid = session_of(j["checkout_url"])
    psql("UPDATE reservations SET hold_expires_at = now() - interval '1 second' "
         "WHERE code = :'c'", c=o["code"])
    rc, lines, err = job("sweep")
    eq(rc, 0, err)
    eq(rsv(o["code"]), "expired", "the table released")
    eq(pay_row(o["code"]).split("|")[0], "cancelled", "payment cancelled")
    rc, lines, err = job("payments")
    eq(rc, 0, err)
    check(any(x.get("msg") == "session expired" and x.get("outcome") == "ok"
              for x in lines), "logged: %s" % lines)
    eq(state()["sessions"][sid]["status"], "expired", "expired at the gateway")
    rc, lines, err = job("payments")
    check(not any(x.get("msg") == "session expired" for x in lines), "only once")
    eq(len([q for q in state()["requests"] if q["path"].endswith("/expire")]), 1,
       "one expire call")
    eq(show(o)["status"], "expired", "the API says expired")
    r = get("/b/%s/payment?t=%s" % (o["code"], o["token"]))
    eq(r.status, 410, "the payment page says it ran out")


def test_reconciliation_settles_a_lost_webhook():
    fresh()
    control(webhooks="never")
    o, j = started()
    pay(j["checkout_url"])
    time.sleep(0.3)
    eq(rsv(o["code"]), "held", "no webhook, not confirmed yet")
    rc, lines, err = job("payments")
    eq(rc, 0, err)
    eq(rsv(o["code"]), "held", "left alone while recent")
    psql("UPDATE payments SET updated_at = now() - interval '10 minutes' "
         "WHERE code = :'c'", c=o["code"])
    rc, lines, err = job("payments")
    eq(rc, 0, err)
    check(any(x.get("msg") == "payment reconciled" and x.get("result") ==
              "confirmed" for x in lines), "logged: %s" % lines)
    eq(rsv(o["code"]), "confirmed", "confirmed by the status query")
    eq(outbox_count(o["code"], "confirmation"), 1, "its mail")


# --- the owner's pages ----------------------------------------------------------------

def test_owner_sees_the_ledger_and_deposit_paid():
    from test_deposits import signed_in
    fresh()
    day = psql("SELECT ((now() AT TIME ZONE :'tz')::date + 30)::text", tz=TZ)
    o, j = paid(at=(day, "19:00"))
    sid = session_of(j["checkout_url"])
    intent = state()["sessions"][sid]["payment_intent"]
    b = signed_in("owner@stolik.test")
    r = b.get("/owner/b/%s" % o["code"])
    eq(r.status, 200, "the booking's page")
    check('id="ledger"' in r.text and "Captured" in r.text and "€25.00" in r.text,
          "the ledger")
    check(sid in r.text and intent in r.text, "the gateway's ids")
    r = b.get("/owner/r/%s/day?date=%s" % (ids["a"], day))
    eq(r.status, 200, "day sheet")
    row = r.text.split('id="b-%s"' % o["code"])[1].split("</tr>")[0]
    check("deposit paid" in row, "deposit paid on the day sheet")


# --- refunds and mails ----------------------------------------------------------------

def paid(at=None):
    o, j = started(at)
    pay(j["checkout_url"])
    wait_until(lambda: rsv(o["code"]) == "confirmed", 10)
    return o, j


def refunds_at_fake(j):
    intent = state()["sessions"][session_of(j["checkout_url"])]["payment_intent"]
    return [r["amount"] for r in state()["refunds"].values()
            if r["payment_intent"] == intent]


def to_guest(o, words):
    addr = "pat.%s@example.com" % o["code"].lower()
    return lambda m: m["To"] is not None and addr in m["To"] and words in mail_text(m)


def test_deposit_receipt_with_the_confirmation():
    fresh()
    o, j = paid()
    m = wait_mails(to_guest(o, "Deposit received"))
    eq(len(m), 1, "one confirmation")
    check("Deposit received: €25.00." in mail_text(m[0][1]), "the amount as money")


def test_refund_by_the_terms_on_cancellation():
    fresh()
    # in time (three days ahead, 48 hours refundable): all of it
    o, j = paid()
    r = post_json("/api/v1/reservations/%s/cancel?t=%s" % (o["code"], o["token"]),
                  {})
    eq(r.status, 200, r.text[:300])
    eq(ledger(o["code"])[-1], "refund_queued:%d" % AMOUNT, "queued with the cancel")
    rc, lines, err = job("payments")
    eq(rc, 0, err)
    check(any(x.get("msg") == "refund" and x.get("amount") == AMOUNT and
              x.get("outcome") == "ok" for x in lines), "logged: %s" % lines)
    eq(refunds_at_fake(j), [AMOUNT], "refunded at the gateway")
    eq(pay_row(o["code"]), "paid|%d|%d" % (AMOUNT, AMOUNT), "refunded in the row")
    eq(ledger(o["code"])[-1], "refunded:%d" % AMOUNT, "ledger")
    rc, lines, err = job("payments")
    eq(refunds_at_fake(j), [AMOUNT], "once, however often the job runs")
    m = wait_mails(to_guest(o, "is refunded"))
    check("Your deposit: €25.00 is refunded" in mail_text(m[0][1]), "refund notice")
    # a crash between the gateway's answer and the commit: the call again,
    # under the same key, and the gateway gives its first answer
    psql("""DELETE FROM payment_ledger WHERE kind = 'refunded' AND payment_id =
            (SELECT id FROM payments WHERE code = :'c');
            UPDATE payment_ledger SET sent_at = NULL WHERE kind = 'refund_queued'
            AND payment_id = (SELECT id FROM payments WHERE code = :'c');
            UPDATE payments SET refunded = 0 WHERE code = :'c'""", c=o["code"])
    rc, lines, err = job("payments")
    eq(rc, 0, err)
    eq(refunds_at_fake(j), [AMOUNT], "still one refund at the gateway")
    eq(pay_row(o["code"]), "paid|%d|%d" % (AMOUNT, AMOUNT), "settled again")

    # late (within 48 hours of the start): 50 %
    day = psql("SELECT ((now() AT TIME ZONE :'tz')::date + 1)::text", tz=TZ)
    o, j = paid(at=(day, "21:00"))
    r = post_json("/api/v1/reservations/%s/cancel?t=%s" % (o["code"], o["token"]),
                  {})
    eq(r.status, 200, r.text[:300])
    eq(ledger(o["code"])[-1], "refund_queued:%d" % (AMOUNT // 2), "half")
    job("payments")
    eq(refunds_at_fake(j), [AMOUNT // 2], "half at the gateway")
    m = wait_mails(to_guest(o, "is refunded"))
    check("€12.50" in mail_text(m[0][1]), "the half in the notice")


def test_noshow_keeps_the_deposit():
    fresh()
    o, j = paid()
    rid = psql("SELECT id FROM reservations WHERE code = :'c'", c=o["code"])
    psql("UPDATE reservations SET status = 'no_show' WHERE id = :'r'", r=rid)
    job("payments")
    eq(refunds_at_fake(j), [], "no refund")
    eq(pay_row(o["code"]), "paid|%d|0" % AMOUNT, "kept")


def owner_api(path, body=None):
    from test_deposits import bearer
    return post_json("/api/v1/owner/reservations/" + path, body or {},
                     bearer("owner@stolik.test"))


def test_owner_cancel_refunds_in_full_once():
    fresh()
    # late by the diner's terms (within 48 hours: they would get half back),
    # but the restaurant cancels: all of it goes back
    day = psql("SELECT ((now() AT TIME ZONE :'tz')::date + 1)::text", tz=TZ)
    o, j = paid(at=(day, "20:30"))
    r = owner_api(o["code"] + "/status", {"status": "cancelled",
                                         "note": "Kitchen flooded"})
    eq(r.status, 200, r.text[:300])
    eq(ledger(o["code"])[-1], "refund_queued:%d" % AMOUNT, "queued with the move")
    eq(psql("SELECT l.idem_key FROM payment_ledger l JOIN payments y ON "
            "y.id = l.payment_id WHERE y.code = :'c' AND l.kind = 'refund_queued'",
            c=o["code"]), "refund:%s:owner" % o["code"], "its key")
    # the rule: a cancellation that queued a refund is not undone
    r = owner_api(o["code"] + "/undo")
    eq(r.status, 409, "no undo once the refund is queued: " + r.text[:300])
    eq(rsv(o["code"]), "cancelled", "still cancelled")
    rc, lines, err = job("payments")
    eq(rc, 0, err)
    check(any(x.get("msg") == "refund" and x.get("amount") == AMOUNT and
              x.get("outcome") == "ok" for x in lines), "logged: %s" % lines)
    eq(refunds_at_fake(j), [AMOUNT], "the whole deposit at the gateway")
    job("payments")
    r = owner_api(o["code"] + "/status", {"status": "cancelled"})
    eq(r.status, 409, "cancelled already")
    job("payments")
    eq(refunds_at_fake(j), [AMOUNT], "exactly once")
    eq(pay_row(o["code"]), "paid|%d|%d" % (AMOUNT, AMOUNT), "refunded in the row")
    # the guest's cancellation mail says the whole deposit comes back
    m = wait_mails(to_guest(o, "is refunded"))
    check("Your deposit: €25.00 is refunded" in mail_text(m[0][1]),
          "the refund in the restaurant's cancellation mail")


def test_owner_decline_of_a_paid_booking_refunds():
    fresh()
    psql("UPDATE restaurants SET confirmation_mode = 'manual' WHERE id = :'r'",
         r=ids["a"])
    try:
        o, j = started()
        pay(j["checkout_url"])
        wait_until(lambda: rsv(o["code"]) == "pending", 10)
    finally:
        psql("UPDATE restaurants SET confirmation_mode = 'auto' WHERE id = :'r'",
             r=ids["a"])
    r = owner_api(o["code"] + "/status", {"status": "rejected"})
    eq(r.status, 200, r.text[:300])
    job("payments")
    eq(refunds_at_fake(j), [AMOUNT], "declined: the whole deposit back")
    m = wait_mails(to_guest(o, "refunded to your card in full"))
    check("Your deposit: €25.00 is refunded to your card in full" in
          mail_text(m[0][1]), "the refund in the refusal mail")


def test_owner_undo_without_a_refund_still_works():
    fresh()
    o, j = paid()
    r = owner_api(o["code"] + "/status", {"status": "arrived"})
    eq(r.status, 200, r.text[:300])
    r = owner_api(o["code"] + "/undo")
    eq(r.status, 200, "a move without a refund is undone: " + r.text[:300])
    eq(ledger(o["code"])[-1], "captured:%d" % AMOUNT, "nothing queued")


# --- the per-guest limit of bookings ----------------------------------------------------

def booked_without_deposit(email, n):
    for _ in range(n):
        o = hold(party=2)
        r = confirm_api(o, email=email)
        eq(r.status, 201, "no deposit below 4: " + r.text[:300])


def test_guest_limit_before_the_checkout():
    fresh()
    email = "limit.%d@example.com" % time.monotonic_ns()
    booked_without_deposit(email, 3)
    o = hold()
    before = len(state()["sessions"])
    r = confirm_api(o, email=email)
    eq(r.status, 429, "a fourth booking, with a deposit: " + r.text[:300])
    check("email" in r.json()["errors"], "on the email field: " + r.text)
    eq(count("SELECT count(*) FROM payments WHERE code = :'c'", c=o["code"]), 0,
       "no payment")
    eq(len(state()["sessions"]), before, "no checkout at the gateway")
    eq(rsv(o["code"]), "held", "the hold stays a hold")
    # the pages too
    b = Browser()
    d = b.get("/b/%s/details?t=%s" % (o["code"], o["token"]))
    eq(d.status, 200, "details")
    r = b.post("/b/%s/details" % o["code"], {
        "csrf": csrf_of(d.text), "t": o["token"], "name": "Pat Payer",
        "email": email, "phone": "+48 600 100 200"})
    eq(r.status, 429, "the details page: %d %s" % (r.status, r.text[:200]))
    check("most bookings" in r.text, "says why")
    eq(len(state()["sessions"]), before, "still no checkout")


def test_guest_limit_again_when_the_payment_settles():
    fresh()
    email = "limit.%d@example.com" % time.monotonic_ns()
    booked_without_deposit(email, 2)
    o = hold()
    r = confirm_api(o, email=email)
    eq(r.status, 202, "two active: the checkout starts: " + r.text[:300])
    j = r.json()
    booked_without_deposit(email, 1)   # the third, while the diner pays
    pay(j["checkout_url"])
    wait_until(lambda: rsv(o["code"]) == "expired", 10)
    check("refund_queued:%d" % AMOUNT in ledger(o["code"]), "all of it queued back")
    job("payments")
    eq(refunds_at_fake(j), [AMOUNT], "refunded at the gateway")
    eq(count("SELECT count(*) FROM reservations WHERE guest_email = :'e' AND "
             "status IN ('pending', 'confirmed')", e=email), 3, "three, not four")


# --- webhooks ----------------------------------------------------------------------

def test_webhook_signatures():
    fresh()
    control(webhooks="never")
    o, j = started()
    sid = session_of(j["checkout_url"])
    ev = completed(sid)
    body = json.dumps(ev, separators=(",", ":")).encode()
    ts, good = sign(body)
    _, wrong = sign(body, secret="whsec_not_it")
    for what, header in (("no header", ""), ("wrong secret", "t=%d,v1=%s" % (ts, wrong)),
                         ("no timestamp", "v1=%s" % good),
                         ("old", "t=%d,v1=%s" % ((ts - 303),
                                                 sign(body, ts - 303)[1])),
                         ("future", "t=%d,v1=%s" % ((ts + 310),
                                                    sign(body, ts + 310)[1])),
                         ("not hex", "t=%d,v1=%s" % (ts, "z" * 64))):
        r = webhook(ev, header=header)
        eq(r.status, 400, what)
        eq(rsv(o["code"]), "held", "no change: " + what)
    eq(count("SELECT count(*) FROM payment_events WHERE event_id = :'e'",
             e=ev["id"]), 0, "no event kept")
    # the body changed after signing
    r = request("POST", "/api/v1/payments/webhook", body=body.replace(b"2500", b"2501"),
                headers={"Content-Type": "application/json",
                         "Stripe-Signature": "t=%d,v1=%s" % (ts, good)})
    eq(r.status, 400, "tampered body")
    # the negative control: with verification off (test builds) a forgery passes
    forged = completed(sid)
    r = webhook(forged, header="t=%d,v1=%s" % (ts, wrong),
                extra={"X-Stolik-Test-Unsafe": "webhook-signature"})
    eq((r.status, r.json().get("result")), (200, "confirmed"),
       "verification off lets it through")
    # ... so put it back and check the good one, among several v1 values
    psql("""UPDATE reservations SET status = 'held', hold_expires_at = now() +
            interval '10 minutes' WHERE code = :'c';
            UPDATE payments SET status = 'open' WHERE code = :'c';
            DELETE FROM payment_ledger WHERE payment_id = (SELECT id FROM payments
                WHERE code = :'c');
            DELETE FROM outbox WHERE reservation_id = (SELECT id FROM reservations
                WHERE code = :'c')""", c=o["code"])
    r = webhook(ev, header="t=%d,v1=%s,v1=%s" % (ts, wrong, good))
    eq((r.status, r.json().get("result")), (200, "confirmed"), "rotation: 2nd v1")
    r = webhook(ev)
    eq((r.status, r.json().get("result")), (200, "replay"), "the same event again")
    eq(outbox_count(o["code"], "confirmation"), 1, "one mail")


def test_webhook_amount_order_and_unknown_types():
    fresh()
    control(webhooks="never")
    o, j = started()
    sid = session_of(j["checkout_url"])
    r = webhook(completed(sid, amount=AMOUNT - 1))
    eq(r.status, 400, "another amount")
    r = webhook(completed(sid, currency="usd"))
    eq(r.status, 400, "another currency")
    eq((rsv(o["code"]), ledger(o["code"])), ("held", []), "no change")
    r = webhook({"id": "evt_other_%d" % time.monotonic_ns(), "type":
                 "customer.created", "data": {"object": {"id": "cus_1"}}})
    eq((r.status, r.json()), (200, {"ignored": True}), "unknown type ignored")
    eq(webhook(completed(sid)).json()["result"], "confirmed", "paid")
    late = {"id": "evt_late_%d" % time.monotonic_ns(),
            "type": "payment_intent.payment_failed",
            "data": {"object": {"id": j.get("intent", "pi_x"), "object":
                                "payment_intent", "checkout_session": sid}}}
    r = webhook(late)
    eq((r.status, r.json()["result"]), (200, "final"), "late failure after success")
    eq((rsv(o["code"]), pay_row(o["code"]).split("|")[0]), ("confirmed", "paid"),
       "unchanged")
    exp = {"id": "evt_exp_%d" % time.monotonic_ns(),
           "type": "checkout.session.expired",
           "data": {"object": {"id": sid, "object": "checkout.session"}}}
    eq(webhook(exp).json()["result"], "final", "a late expiry changes nothing")
    eq(rsv(o["code"]), "confirmed", "still confirmed")


def test_webhook_route_needs_no_session_or_csrf():
    r = webhook({"id": "evt_x", "type": "x", "data": {"object": {}}}, header="")
    eq(r.status, 400, "the signature is its only authentication")
    r = request("GET", "/api/v1/payments/webhook")
    eq(r.status, 405, "POST only")


# --- the breaker ---------------------------------------------------------------------

def test_breaker_open_503_for_deposits_only():
    fresh()
    o = hold()                   # owes a deposit (party 4)
    free = hold(party=2)         # owes none
    control(fail="500")
    for i in range(12):
        c = gw("create", amount=100, currency="EUR", reference="BRKF%d" % i, key=None)
        if c["rejected"]:
            break
    check(c["rejected"], "the breaker opened")
    t = time.monotonic()
    r = confirm_api(o)
    fast = time.monotonic() - t
    eq(r.status, 503, "deposit booking while open: " + r.text[:300])
    check(r.header("retry-after") is not None and int(r.header("retry-after")) >= 1,
          "Retry-After %r" % r.header("retry-after"))
    check(fast < 1.0, "fast: %.3f s" % fast)
    eq(r.json()["errors"]["restaurant_phone"], "+48 22 555 01 02", "the phone")
    r = confirm_api(free)
    eq(r.status, 201, "a booking without a deposit is not affected: " + r.text[:300])
    d = get("/b/%s/details?t=%s" % (free["code"], free["token"]))
    check("form-action 'self';" in d.header("content-security-policy"),
          "no other origin where no deposit is owed")
    eq(rsv(free["code"]), "confirmed", "confirmed")
    # the page says it in words, with the phone
    b = Browser()
    day, tm = next_start()
    page = b.get("/r/%s?date=%s&party=4" % (A, day))
    h = b.post("/r/%s/hold" % A, {"csrf": csrf_of(page.text), "date": day,
                                  "time": tm, "party": "4"})
    d = b.get(h.header("location"))
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(
        h.header("location")).query)["t"][0]
    gw("create", amount=100, currency="EUR", reference="BRKG", key=None)
    st = gw("breaker")
    if st["state"] != "open":
        for i in range(12):
            if gw("create", amount=100, currency="EUR", reference="BRKH%d" % i,
                  key=None)["rejected"]:
                break
    r = b.post(h.header("location").split("?")[0], {
        "csrf": csrf_of(d.text), "t": token, "name": "Pat Page",
        "email": "pat.brk@example.com", "phone": "+48 600 100 209"})
    eq(r.status, 503, "the page's 503")
    check("Payments are unavailable right now" in r.text and
          "+48 22 555 01 02" in r.text, "names the phone")
    check(r.header("retry-after") is not None, "Retry-After on the page")
    fresh()
    time.sleep(0.1)
    r = confirm_api(o)
    eq(r.status, 202, "after recovery: " + r.text[:300])


# --- the race ----------------------------------------------------------------------

def test_payment_racing_the_hold_expiry():
    """The Pay press and the sweep at once: one outcome; never a paid booking
    without a table (the money goes back), never a table held without a
    booking."""
    outcomes = set()
    for i in range(6):
        fresh()
        o, j = started()
        # the hold has just run out; the sweep has not seen it yet
        psql("UPDATE reservations SET hold_expires_at = now() - interval '1 s' "
             "WHERE code = :'c'", c=o["code"])
        errs = []

        def sweeper():
            rc, _, err = job("sweep")
            if rc != 0:
                errs.append(err)

        th = threading.Thread(target=sweeper)
        th.start()
        if i % 3 == 0:
            th.join()            # the sweep first: the late-money path
        pay(j["checkout_url"])
        th.join()
        eq(errs, [], "sweep")
        wait_until(lambda: any(w["type"] == "checkout.session.completed" and
                               w["status"] == 200 for w in state()["webhooks"]), 10)
        st = rsv(o["code"])
        ps = pay_row(o["code"]).split("|")[0]
        led = ledger(o["code"])
        if st == "confirmed":
            eq(ps, "paid", "a confirmed booking is paid")
            check(not any(x.startswith("refund") for x in led), "no refund")
        else:
            eq(st, "expired", "else the hold expired")
            eq(count("SELECT count(*) FROM reservations WHERE code = :'c' AND "
                     "status IN ('held', 'pending', 'confirmed')", c=o["code"]), 0,
               "no table held")
            eq(ps, "paid", "the money came")
            check("refund_queued:%d" % AMOUNT in led, "all of it goes back: %s" % led)
            rc, lines, err = job("payments")
            eq(rc, 0, err)
            intent = state()["sessions"][session_of(j["checkout_url"])]["payment_intent"]
            eq(sum(r["amount"] for r in state()["refunds"].values()
                   if r["payment_intent"] == intent), AMOUNT, "refunded at the fake")
        outcomes.add(st)
    check("expired" in outcomes, "the refund path ran: %s" % outcomes)
    print("# race outcomes: %s" % sorted(outcomes))
