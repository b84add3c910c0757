"""test_booking.py: availability, holds, the three steps, manage links and the API."""

import json
import re
import threading
import urllib.parse

from stolik_test import (Browser, cgi, check, count, csrf_of, eq, get, local_date,
                         post_json, psql, request, times_of)

TZ = "Europe/Kyiv"
R = "test-bistro"


def setup_module():
    psql("""
    INSERT INTO restaurants (owner_id, slug, name, cuisine, city, address, phone,
        email, timezone, slot_minutes, booking_window_days, min_notice_minutes,
        cancel_cutoff_minutes, max_party, confirmation_mode, status)
    SELECT id, s, n, 'bistro', 'Testville', 'Test street 1', '+380 44 000 00 00',
        'owner@' || s || '.example', :'tz', 30, 60, 0, 120, 6, m::confirmation_mode,
        'active'
    FROM users, (VALUES ('test-bistro', 'Test Bistro', 'auto'),
                        ('test-manual', 'Test Manual', 'manual')) v(s, n, m)
    WHERE email = 'owner@stolik.test';
    INSERT INTO opening_hours (restaurant_id, weekday, opens, closes, name)
    SELECT r.id, d, '10:00', '23:00', 'All day' FROM restaurants r,
        generate_series(1, 7) d WHERE r.slug IN ('test-bistro', 'test-manual');
    INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max)
    SELECT r.id, t.label, t.lo, t.hi FROM restaurants r,
        (VALUES ('T1', 1, 2), ('T2', 2, 4), ('T3', 4, 6)) t(label, lo, hi)
    WHERE r.slug IN ('test-bistro', 'test-manual');
    INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max, bookable)
    SELECT id, 'IN', 1, 8, 'in_house' FROM restaurants WHERE slug = 'test-bistro';
    INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)
    SELECT r.id, t.lo, t.hi, t.m FROM restaurants r,
        (VALUES (1, 2, 90), (3, 6, 120)) t(lo, hi, m)
    WHERE r.slug IN ('test-bistro', 'test-manual');
    """, tz=TZ)


def teardown_module():
    psql("""
    DELETE FROM outbox WHERE reservation_id IN (SELECT v.id FROM reservations v
        JOIN restaurants r ON r.id = v.restaurant_id
        WHERE r.slug IN ('test-bistro', 'test-manual'));
    DELETE FROM reservations WHERE restaurant_id IN (SELECT id FROM restaurants
        WHERE slug IN ('test-bistro', 'test-manual'));
    DELETE FROM restaurants WHERE slug IN ('test-bistro', 'test-manual');
    """)


def events_of(code):
    """The moves of booking code, oldest first: '->held held>confirmed'."""
    return psql("SELECT string_agg(coalesce(from_status::text, '-') || '>' || "
                "to_status, ' ' ORDER BY e.id) FROM reservation_events e JOIN "
                "reservations v ON v.id = e.reservation_id WHERE v.code = :'c'", c=code)


def mails_of(code):
    """The kinds of mail queued for booking code, in order."""
    return psql("SELECT string_agg(kind, ' ' ORDER BY o.id) FROM outbox o JOIN "
                "reservations v ON v.id = o.reservation_id WHERE v.code = :'c'", c=code)


def rows():
    return count("SELECT count(*) FROM reservations")


def hold(b, slug, date, time, party):
    """Choose a time on the restaurant page; the answer to the hold POST."""
    page = b.get("/r/%s?date=%s&party=%d" % (slug, date, party))
    eq(page.status, 200, "restaurant page")
    return b.post("/r/%s/hold" % slug, {"csrf": csrf_of(page.text), "date": date,
                                        "time": time, "party": str(party)})


def book(b, slug, date, time, party, email="ann@example.com"):
    """The whole web flow; returns the manage path."""
    r = hold(b, slug, date, time, party)
    eq(r.status, 303, "hold: %s" % r.text[:300])
    details = r.header("location")
    page = b.get(details)
    eq(page.status, 200, "details page")
    code, token = re.match(r"/b/([0-9A-Z]+)/details\?t=(.+)", details).groups()
    r = b.post("/b/%s/details" % code, {"csrf": csrf_of(page.text), "t": token,
                                        "name": "Ann Test", "email": email,
                                        "phone": "+380 50 123 45 67"})
    eq(r.status, 303, "confirm: %s" % r.text[:300])
    return r.header("location").split("&")[0], code, token


# --- the pages -----------------------------------------------------------------

def test_picker_shows_times():
    d = local_date(TZ, 3)
    r = get("/r/%s?date=%s&party=2" % (R, d))
    eq(r.status, 200, "status")
    t = times_of(r.text)
    eq(t[0], "10:00", "first")
    eq(t[-1], "21:30", "last: 90 minutes before 23:00")
    eq(len(t), 24, "every half hour")
    check('type="date"' in r.text and 'name="party"' in r.text, "picker")
    # party 5 turns for two hours
    eq(times_of(get("/r/%s?date=%s&party=5" % (R, d)).text)[-1], "21:00", "party 5")
    # a bad date in the picker is a 400 with the form, not a 500
    r = get("/r/%s?date=2026-02-30&party=2" % R)
    eq(r.status, 400, "bad date")
    check("YYYY-MM-DD" in r.text, "message")


def test_web_flow():
    b = Browser()
    d = local_date(TZ, 4)
    before = rows()
    r = hold(b, R, d, "19:00", 2)
    eq(r.status, 303, "hold")
    details = r.header("location")
    page = b.get(details)
    eq(page.status, 200, "details")
    check('data-countdown="' in page.text and 'class="countdown"' in page.text,
          "countdown")
    eq(page.header("referrer-policy"), "same-origin", "token pages leak no referer")
    eq(page.header("cache-control"), "private, no-store", "token pages are not cached")
    code, token = re.match(r"/b/([0-9A-Z]+)/details\?t=(.+)", details).groups()
    eq(psql("SELECT status FROM reservations WHERE code = :'c'", c=code), "held",
       "held row")
    # every field checked, a message each, entered values kept
    r = b.post("/b/%s/details" % code, {"csrf": csrf_of(page.text), "t": token,
                                        "name": "", "email": "not-an-email",
                                        "phone": "12", "requests": "x" * 501})
    eq(r.status, 422, "invalid details")
    check(r.text.count('class="field-error"') == 4, "four messages")
    check('value="not-an-email"' in r.text, "value kept")
    r = b.post("/b/%s/details" % code, {"csrf": csrf_of(page.text), "t": token,
                                        "name": "Ann <Test>", "email": "ann@example.com",
                                        "phone": "+380 50 123 45 67",
                                        "requests": "Window, please"})
    eq(r.status, 303, "confirmed")
    manage = r.header("location")
    check(manage.startswith("/b/%s?t=%s" % (code, token)), manage)
    page = b.get(manage)
    check("You're booked!" in page.text, "confirmation")
    check(code in page.text and d in page.text and "19:00" in page.text, "details")
    check("Europe/Kyiv" in page.text, "zone shown")
    check("Ann &lt;Test&gt;" in page.text, "escaped name")
    ics = b.get("/b/%s/ics?t=%s" % (code, token))
    eq(ics.status, 200, "ics")
    check(ics.header("content-type").startswith("text/calendar"), "ics type")
    check("BEGIN:VEVENT" in ics.text and "UID:%s@" % code in ics.text, "ics body")
    # change: free times for another day, then take one
    page = b.get("/b/%s?t=%s&date=%s&party=3" % (code, token, local_date(TZ, 5)))
    check("20:00" in times_of(page.text), "times to change to")
    r = b.post("/b/%s/change" % code, {"csrf": csrf_of(page.text), "t": token,
                                      "date": local_date(TZ, 5), "time": "20:00",
                                      "party": "3"})
    eq(r.status, 303, "changed")
    eq(psql("SELECT to_char(starts_at AT TIME ZONE :'tz', 'HH24:MI') || ' ' || "
            "party_size FROM reservations WHERE code = :'c'", tz=TZ, c=code),
       "20:00 3", "moved")
    page = b.get("/b/%s?t=%s" % (code, token))
    # the page's Cancel asks first (a step of its own, without scripts too)
    check('name="step" value="ask"' in page.text, "cancel asks first")
    ask = b.post("/b/%s/cancel" % code, {"csrf": csrf_of(page.text), "t": token,
                                         "step": "ask"})
    eq(ask.status, 200, "are you sure?")
    check("Yes, cancel the booking" in ask.text, "the confirming button")
    eq(get("/b/%s/cancel?t=%s" % (code, token)).status, 200, "the same by a link")
    eq(psql("SELECT status FROM reservations WHERE code = :'c'", c=code),
       "confirmed", "asking cancels nothing")
    page = ask
    r = b.post("/b/%s/cancel" % code, {"csrf": csrf_of(page.text), "t": token})
    eq(r.status, 303, "cancelled")
    eq(psql("SELECT status FROM reservations WHERE code = :'c'", c=code),
       "cancelled", "status")
    check("has been cancelled" in b.get(r.header("location")).text, "cancel page")
    eq(rows(), before + 1, "one row for the whole story")
    eq(events_of(code),
       "->held held>confirmed confirmed>confirmed confirmed>cancelled", "events")
    eq(mails_of(code),
       "confirmation owner_new change owner_change cancellation owner_cancel",
       "mails queued with each event")
    # the manage link of the mail is sealed, not stored in the clear
    payload = psql("SELECT payload::text FROM outbox o JOIN reservations v ON "
                   "v.id = o.reservation_id WHERE v.code = :'c' AND kind = "
                   "'confirmation'", c=code)
    check(token not in payload and "manage_link" in payload, "sealed link")


def test_manual_confirmation():
    b = Browser()
    path, code, token = book(b, "test-manual", local_date(TZ, 4), "13:00", 2)
    page = b.get(path + "&new=1")
    check("Request received" in page.text, "request page")
    eq(psql("SELECT status FROM reservations WHERE code = :'c'", c=code), "pending",
       "pending")
    eq(psql("SELECT string_agg(kind, ' ' ORDER BY o.id) FROM outbox o JOIN "
            "reservations v ON v.id = o.reservation_id WHERE v.code = :'c'", c=code),
       "request_received owner_request", "mails")


# --- every error path: a clear answer, no 500, no stray row --------------------

def test_hold_errors():
    b = Browser()
    page = b.get("/r/%s" % R)
    tok = csrf_of(page.text)
    d = local_date(TZ, 6)
    psql("INSERT INTO closures (restaurant_id, starts_on, ends_on, reason) "
         "SELECT id, :'d'::date, :'d'::date, 'Private event' FROM restaurants "
         "WHERE slug = :'r'", d=local_date(TZ, 8), r=R)
    cases = [
        ({"date": local_date(TZ, -1), "time": "12:00", "party": "2"}, 422, "already passed"),
        ({"date": local_date(TZ, 100), "time": "12:00", "party": "2"}, 422, "that far ahead"),
        ({"date": d, "time": "03:00", "party": "2"}, 422, "does not seat guests"),
        ({"date": d, "time": "22:30", "party": "2"}, 422, "does not seat guests"),
        ({"date": local_date(TZ, 8), "time": "12:00", "party": "2"}, 422, "closed that day"),
        ({"date": d, "time": "12:00", "party": "7"}, 422, "No table here seats"),
        ({"date": d, "time": "12:00", "party": "0"}, 400, "party size"),
        ({"date": d, "time": "12:00", "party": "-1"}, 400, "party size"),
        ({"date": d, "time": "12:00", "party": "two"}, 400, "party size"),
        ({"date": d, "time": "12:00", "party": "99999999999999999999"}, 400, "party size"),
        ({"date": "2026-02-30", "time": "12:00", "party": "2"}, 400, "YYYY-MM-DD"),
        ({"date": "tomorrow", "time": "12:00", "party": "2"}, 400, "YYYY-MM-DD"),
        ({"date": d, "time": "25:00", "party": "2"}, 400, "HH:MM"),
        ({"date": d, "time": "12:07", "party": "2"}, 422, "does not seat guests"),
        ({"date": d, "party": "2"}, 400, "required"),
        ({"time": "12:00", "party": "2"}, 400, "required"),
    ]
    before = rows()
    for fields, status, words in cases:
        fields["csrf"] = tok
        r = b.post("/r/%s/hold" % R, fields)
        eq(r.status, status, repr(fields))
        check(words in r.text, "%r: message %r" % (fields, words))
    eq(b.post("/r/no-such-place/hold", {"csrf": tok, "date": d, "time": "12:00",
                                        "party": "2"}).status, 404, "unknown restaurant")
    eq(b.post("/r/%s/hold" % R, {"date": d, "time": "12:00", "party": "2"}).status,
       403, "no CSRF token")
    eq(rows(), before, "no stray rows")


def test_taken_gives_409_with_alternatives():
    d = local_date(TZ, 9)
    book(Browser(), R, d, "19:00", 6)        # the only table for six
    before = rows()
    r = hold(Browser(), R, d, "19:00", 6)
    eq(r.status, 409, "taken")
    check("just taken" in r.text, "message")
    alts = times_of(r.text.split("Nearby free times")[1])
    check(alts and "19:00" not in alts, "alternatives %r" % alts)
    eq(rows(), before, "no stray row")
    api = post_json("/api/v1/holds", {"restaurant": R, "start": d + "T19:00",
                                      "party": 6})
    eq(api.status, 409, "api")
    check(len(api.json()["alternatives"]) > 0, "api alternatives")


def test_expired_hold_never_blocks():
    d = local_date(TZ, 10)
    b = Browser()
    r = hold(b, R, d, "12:00", 5)
    eq(r.status, 303, "hold")
    code = re.search(r"/b/([0-9A-Z]+)/", r.header("location")).group(1)
    token = r.header("location").split("t=")[1]
    # time passes: the hold runs out
    psql("UPDATE reservations SET hold_expires_at = now() - interval '1 minute' "
         "WHERE code = :'c'", c=code)
    avail = get("/api/v1/restaurants/%s/availability?date=%s&party=5" % (R, d)).json()
    check("12:00" in [s["time"] for s in avail["slots"]], "free again")
    r = hold(Browser(), R, d, "12:00", 5)
    eq(r.status, 303, "someone else holds it")
    eq(psql("SELECT status FROM reservations WHERE code = :'c'", c=code), "expired",
       "the old hold gave way")
    eq(psql("SELECT updated_at > now() - interval '1 minute' FROM reservations "
            "WHERE code = :'c'", c=code), "t", "stamped when it gave way")
    eq(psql("SELECT note FROM reservation_events e JOIN reservations v "
            "ON v.id = e.reservation_id WHERE v.code = :'c' AND e.to_status = 'expired'",
            c=code), "released for a new booking", "its event")
    # its owner sees a clear page, and cannot confirm it any more
    page = b.get("/b/%s/details?t=%s" % (code, token))
    eq(page.status, 410, "expired page")
    check("expired" in page.text, "message")
    check('name="email"' not in page.text, "no form to fill in")
    r = b.post("/b/%s/details" % code, {"csrf": csrf_of(b.get("/r/" + R).text),
                                        "t": token,
                                        "name": "Late", "email": "late@example.com",
                                        "phone": "123456789"})
    eq(r.status, 410, "too late to confirm")
    eq(psql("SELECT status FROM reservations WHERE code = :'c'", c=code), "expired",
       "still expired")


def test_wrong_token_is_a_plain_404():
    path, code, token = book(Browser(), R, local_date(TZ, 11), "12:30", 2)
    unknown = get("/b/ZZZZZZZZZZ?t=" + token)
    eq(unknown.status, 404, "unknown code")
    # without its token a link is explained as incomplete, the same for any code
    bare = get("/b/ZZZZZZZZZZ")
    eq(bare.status, 404, "unknown code, no token")
    check("link is incomplete" in bare.text, "says the link is incomplete")
    eq(get("/b/%s" % code).body, bare.body, "reveals nothing without a token")
    for p in ("/b/%s?t=%s" % (code, "A" * 43),
              "/b/%s?t=short" % code, "/b/%s/ics?t=%s" % (code, "B" * 43),
              "/b/%s/details?t=%s" % (code, "C" * 43)):
        r = get(p)
        eq(r.status, 404, p)
        eq(r.body, unknown.body, "reveals nothing: " + p)
    eq(get("/api/v1/reservations/%s?t=%s" % (code, "A" * 43)).status, 404, "api")
    b = Browser()
    page = b.get("/r/" + R)
    eq(b.post("/b/%s/cancel" % code, {"csrf": csrf_of(page.text), "t": "A" * 43}).status,
       404, "cancel with a wrong token")
    eq(psql("SELECT status FROM reservations WHERE code = :'c'", c=code), "confirmed",
       "untouched")


def test_change_and_cancel_after_cutoff():
    b = Browser()
    path, code, token = book(b, R, local_date(TZ, 2), "14:00", 2)
    psql("UPDATE restaurants SET cancel_cutoff_minutes = 10080 WHERE slug = :'r'", r=R)
    try:
        page = b.get(path)
        check("too late to change or cancel online" in page.text, "page says so")
        check("+380 44 000 00 00" in page.text, "restaurant's phone")
        check('action="/b/%s/cancel"' % code not in page.text, "no cancel button")
        page = b.get("/r/" + R)     # a form anywhere gives this browser's token
        r = b.post("/b/%s/cancel" % code, {"csrf": csrf_of(page.text), "t": token})
        eq(r.status, 409, "cancel refused")
        check("call the restaurant" in r.text and "+380 44 000 00 00" in r.text,
              "phone on the refusal")
        r = b.post("/b/%s/change" % code, {"csrf": csrf_of(page.text), "t": token,
                                          "date": local_date(TZ, 3), "time": "15:00",
                                          "party": "2"})
        eq(r.status, 409, "change refused")
        api = request("POST", "/api/v1/reservations/%s/cancel?t=%s" % (code, token))
        eq(api.status, 409, "api cancel refused")
        eq(api.json()["code"], "too_late", "api code")
        eq(psql("SELECT status FROM reservations WHERE code = :'c'", c=code),
           "confirmed", "untouched")
    finally:
        psql("UPDATE restaurants SET cancel_cutoff_minutes = 120 WHERE slug = :'r'", r=R)


def test_hold_limit_per_browser():
    b = Browser()
    d = local_date(TZ, 12)
    eq(hold(b, R, d, "12:00", 2).status, 303, "first")
    eq(hold(b, R, d, "13:00", 2).status, 303, "second")
    r = hold(b, R, d, "14:00", 2)
    eq(r.status, 429, "third")
    check("already holding" in r.text, "message")
    eq(hold(Browser(), R, d, "14:00", 2).status, 303, "another browser may")


def test_hold_limit_per_address():
    """Three holds per address in a CGI run with that limit; the fourth is refused."""
    d = local_date(TZ, 13)
    codes = []
    for i, want in enumerate((201, 201, 201, 429)):
        body = json.dumps({"restaurant": R, "start": "%sT1%d:00" % (d, i + 2),
                           "party": 2}).encode()
        r = cgi("/api/v1/holds", method="POST", extra_conf="App.HoldsPerAddress = 3",
                env={"CONTENT_TYPE": "application/json",
                     "CONTENT_LENGTH": str(len(body)), "REMOTE_ADDR": "10.9.9.9"},
                stdin=body)
        eq(r.status, want, "hold %d" % (i + 1))
        if r.status == 201:
            codes.append(json.loads(r.body)["code"])
    eq(count("SELECT count(*) FROM reservations WHERE client_ip = '10.9.9.9'"), 3,
       "three rows")


def test_guest_limit_holds_under_concurrency():
    """Eight bookings at once for one guest, each at a time of its own: the
    guest's lock serialises them and the count after it sees the ones
    before, so exactly three are made. (Its own day: other tests here want
    the times of theirs free.)"""
    d = local_date(TZ, 41)
    times = ["%02d:00" % h for h in range(12, 20)]
    got = [None] * len(times)
    barrier = threading.Barrier(len(times))

    def one(i):
        body = {"restaurant": R, "start": "%sT%s" % (d, times[i]), "party": 2,
                "name": "Eager", "email": "eager@example.com",
                "phone": "+48 600 000 000"}
        barrier.wait()
        got[i] = post_json("/api/v1/reservations", body,
                           headers={"X-Stolik-Test-Delay": "50"}).status

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(times))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    eq(sorted(got), [201] * 3 + [429] * 5, "statuses")
    eq(count("SELECT count(*) FROM reservations WHERE guest_email = "
             "'eager@example.com' AND status IN ('pending', 'confirmed')"), 3,
       "three bookings")


def test_guest_limit():
    d = local_date(TZ, 14)
    for t in ("12:00", "13:00", "14:00"):
        book(Browser(), R, d, t, 2, email="busy@example.com")
    b = Browser()
    r = hold(b, R, d, "15:00", 2)
    page = b.get(r.header("location"))
    code, token = re.match(r"/b/([0-9A-Z]+)/details\?t=(.+)",
                           r.header("location")).groups()
    r = b.post("/b/%s/details" % code, {"csrf": csrf_of(page.text), "t": token,
                                        "name": "Busy", "email": "BUSY@example.com",
                                        "phone": "123456789"})
    eq(r.status, 429, "fourth booking for one guest")
    check("most bookings" in r.text, "message")
    eq(psql("SELECT status FROM reservations WHERE code = :'c'", c=code), "held",
       "not confirmed")


# --- the API -------------------------------------------------------------------

def test_api_flow():
    d = local_date(TZ, 15)
    a = get("/api/v1/restaurants/%s/availability?date=%s&party=4" % (R, d))
    eq(a.status, 200, "availability")
    o = a.json()
    eq(o["timezone"], TZ, "zone")
    check(o["slots"][0]["time"] == "10:00" and o["slots"][0]["start"].endswith("Z"),
          "slots")
    h = post_json("/api/v1/holds", {"restaurant": R, "start": d + "T19:00", "party": 4})
    eq(h.status, 201, "hold: " + h.text)
    hj = h.json()
    eq(hj["status"], "held", "held")
    check("hold_expires_at" in hj and len(hj["token"]) == 43, "hold fields")
    r = post_json("/api/v1/reservations", {"name": "Api User",
                                           "email": "api@example.com",
                                           "phone": "555 000 1234",
                                           "hold": {"code": hj["code"],
                                                    "token": hj["token"]}})
    eq(r.status, 201, "confirm the hold: " + r.text)
    eq(r.json()["status"], "confirmed", "confirmed")
    code, token = hj["code"], hj["token"]
    g = get("/api/v1/reservations/%s?t=%s" % (code, token))
    eq(g.status, 200, "read")
    eq(g.json()["local"]["time"], "19:00", "local time")
    p = request("PATCH", "/api/v1/reservations/%s?t=%s" % (code, token),
                body=json.dumps({"start": d + "T20:30"}),
                headers={"Content-Type": "application/json"})
    eq(p.status, 200, "change: " + p.text)
    eq(p.json()["local"]["time"], "20:30", "moved")
    eq(p.json()["party"], 4, "party kept")
    p = request("PATCH", "/api/v1/reservations/%s?t=%s" % (code, token),
                body=json.dumps({"start": d + "T03:00"}),
                headers={"Content-Type": "application/json"})
    eq(p.status, 422, "not offered")
    c = request("POST", "/api/v1/reservations/%s/cancel?t=%s" % (code, token))
    eq(c.status, 200, "cancel")
    eq(c.json()["status"], "cancelled", "cancelled")
    c = request("POST", "/api/v1/reservations/%s/cancel?t=%s" % (code, token))
    eq(c.status, 409, "twice")


def test_api_direct_booking_and_errors():
    d = local_date(TZ, 16)
    body = {"restaurant": R, "start": d + "T12:00", "party": 2, "name": "Direct",
            "email": "direct@example.com", "phone": "555 000 1234"}
    r = post_json("/api/v1/reservations", body)
    eq(r.status, 201, "book: " + r.text)
    check(r.json()["manage_url"].endswith(r.json()["token"]), "manage url")
    before = rows()
    bad = [
        (dict(body, party="2"), 400), (dict(body, party=0), 400),
        (dict(body, party=7), 422), (dict(body, start="tomorrow"), 400),
        (dict(body, start=d + "T12:00+05:00"), 422),
        (dict(body, restaurant="nope"), 404), (dict(body, email="x"), 422),
        (dict(body, name=""), 422), (dict(body, start=local_date(TZ, -2) + "T12:00"), 422),
    ]
    for b, status in bad:
        r = post_json("/api/v1/reservations", b)
        eq(r.status, status, repr(b))
        eq(r.header("content-type"), "application/problem+json", "problem")
    r = post_json("/api/v1/reservations", dict(body, email="x", phone=""))
    errs = r.json()["errors"]
    check(set(errs) == {"email", "phone"}, "errors per field %r" % errs)
    eq(post_json("/api/v1/reservations", "[1, 2]").status, 400, "not an object")
    eq(rows(), before, "no stray rows")
    # an offset that matches the zone is fine; the API gives it in availability
    slot = [x for x in get("/api/v1/restaurants/%s/availability?date=%s&party=2"
                           % (R, d)).json()["slots"] if x["time"] == "15:00"][0]
    utc_hour = int(slot["start"][11:13])
    offset = "+%02d:00" % ((15 - utc_hour) % 24)
    r = post_json("/api/v1/holds", {"restaurant": R, "party": 2,
                                    "start": d + "T15:00" + offset})
    eq(r.status, 201, "matching offset: " + r.text)


def test_instants_round_trip():
    """Every time the API gives can be sent back as it is, in any offset."""
    from datetime import datetime, timedelta, timezone
    d = local_date(TZ, 25)
    v = get("/api/v1/restaurants/%s/availability?date=%s&party=2" % (R, d)).json()
    slots = {s["time"]: s for s in v["slots"]}
    s = slots["12:00"]
    # Kyiv in winter: +02:00; the local form names the same instant
    eq(s["start_local"], d + "T12:00:00+02:00", "start_local")
    eq(s["start"], d + "T10:00:00Z", "start (UTC)")
    eq(s["end_local"], d + "T13:30:00+02:00", "end_local")

    def forms(slot):
        t = datetime.strptime(slot["start"], "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=timezone.utc)
        ny = t.astimezone(timezone(timedelta(hours=-5)))
        return [("utc", slot["start"]), ("local", slot["start_local"]),
                ("wall clock", d + "T" + slot["time"]),
                ("another offset", ny.strftime("%Y-%m-%dT%H:%M:%S-05:00")),
                ("with a fraction", slot["start"][:-1] + ".000Z")]

    made = []
    for k, hm in enumerate(("12:00", "13:00", "14:00", "15:00", "16:00")):
        name, start = forms(slots[hm])[k]
        r = post_json("/api/v1/reservations", {
            "restaurant": R, "start": start, "party": 2, "name": "Instant",
            "email": "instant%d@example.com" % k, "phone": "555 000 1234"})
        eq(r.status, 201, "%s %s: %s" % (name, start, r.text))
        eq(r.json()["start"], slots[hm]["start"], "%s: the instant it named" % name)
        eq(r.json()["local"]["time"], hm, "%s: the local time" % name)
        made.append(r.json())
    # when the time is taken, what the API offers instead is bookable as given
    for k in range(3):
        r = post_json("/api/v1/reservations", {
            "restaurant": R, "start": slots["12:00"]["start"], "party": 2,
            "name": "Late", "email": "late%d@example.com" % k, "phone": "555 000 1234"})
        if r.status == 409:
            break
    eq(r.status, 409, "12:00 full")
    alt = r.json()["alternatives"][0]
    for k, start in enumerate((alt["start"], alt["start_local"])):
        r = post_json("/api/v1/reservations", {
            "restaurant": R, "start": start, "party": 2, "name": "Alt",
            "email": "alt%d@example.com" % k, "phone": "555 000 1234"})
        check(r.status == 201 or (k > 0 and r.status == 409),
              "an alternative sent back: " + r.text)
        if r.status == 201:
            eq(r.json()["start"], alt["start"], "the alternative's instant")
    # a booking's own times go back too: a change to where it is
    b = made[0]
    eq(b["start_local"], d + "T12:00:00+02:00", "the booking's start_local")
    for start in (b["start"], b["start_local"]):
        p = request("PATCH", "/api/v1/reservations/%s?t=%s" % (b["code"], b["token"]),
                    body=json.dumps({"start": start}),
                    headers={"Content-Type": "application/json"})
        eq(p.status, 200, "PATCH with %s: %s" % (start, p.text))
        eq(p.json()["start"], b["start"], "unchanged")
    # not on the grid, or not a time at all
    for start, status, code in ((d + "T10:00:30Z", 422, "not_offered"),
                                (d + "T10:15:00Z", 422, "outside_hours"),
                                (d + "T10:00:00+25:00", 400, "invalid_start"),
                                (d + "T1000Z", 400, "invalid_start")):
        r = post_json("/api/v1/holds", {"restaurant": R, "start": start, "party": 2})
        eq((r.status, r.json().get("code") or list(r.json()["errors"].values())[0]),
           (status, code), start)


def test_api_direct_booking_in_one_step():
    """Without a hold the API books in one step: the row, its trail, its mails and limits."""
    d = local_date(TZ, 18)
    body = {"restaurant": R, "start": d + "T12:00", "party": 2, "name": "One Step",
            "email": "onestep@example.com", "phone": "555 000 1234",
            "requests": "window"}
    r = post_json("/api/v1/reservations", body)
    eq(r.status, 201, "book: " + r.text)
    code = r.json()["code"]
    eq(psql("SELECT concat_ws('|', status, guest_name, guest_email, guest_phone, "
            "special_requests, source, hold_expires_at IS NULL, hold_owner IS NULL, "
            "user_id IS NULL, client_ip IS NOT NULL, length(manage_token_hash)) "
            "FROM reservations WHERE code = :'c'", c=code),
       "confirmed|One Step|onestep@example.com|555 000 1234|window|api|t|t|t|t|32",
       "the row as a confirmed hold would be")
    eq(events_of(code), "->confirmed", "one event")
    eq(psql("SELECT actor || ' ' || note FROM reservation_events e JOIN reservations v "
            "ON v.id = e.reservation_id WHERE v.code = :'c'", c=code), "diner api",
       "by the diner, through the API")
    eq(mails_of(code), "confirmation owner_new", "the guest's and the owner's mail")
    g = get("/api/v1/reservations/%s?t=%s" % (code, r.json()["token"]))
    eq(g.json()["status"], "confirmed", "its token works")
    # a restaurant that confirms by hand gets a request
    r = post_json("/api/v1/reservations", dict(body, restaurant="test-manual"))
    eq(r.status, 201, "manual: " + r.text)
    eq(r.json()["status"], "pending", "pending")
    eq(mails_of(r.json()["code"]), "request_received owner_request", "request mails")
    # the guest limit holds here too, and leaves nothing behind
    for t in ("13:00", "14:00"):
        eq(post_json("/api/v1/reservations", dict(body, start=d + "T" + t)).status,
           201, t)
    before = rows()
    r = post_json("/api/v1/reservations", dict(body, start=d + "T15:00",
                                               email="ONESTEP@example.com"))
    eq(r.status, 429, "fourth for one guest")
    check("email" in r.json()["errors"], "on the email field: " + r.text)
    eq(rows(), before, "no row")
    # and when the guest confirms a hold through the API
    h = post_json("/api/v1/holds", {"restaurant": R, "start": d + "T16:00", "party": 2})
    eq(h.status, 201, "hold: " + h.text)
    r = post_json("/api/v1/reservations", dict(body, hold={"code": h.json()["code"],
                                                           "token": h.json()["token"]}))
    eq(r.status, 429, "confirming a fourth")
    check("email" in r.json()["errors"], "on the email field: " + r.text)
    eq(psql("SELECT status FROM reservations WHERE code = :'c'", c=h.json()["code"]),
       "held", "the hold stays a hold")
    # so does the limit of holds per address
    d = local_date(TZ, 19)
    ip = {"CONTENT_TYPE": "application/json", "REMOTE_ADDR": "10.9.9.8"}
    for i in range(2):
        h = json.dumps({"restaurant": R, "start": "%sT1%d:30" % (d, i + 2),
                        "party": 2}).encode()
        eq(cgi("/api/v1/holds", method="POST", extra_conf="App.HoldsPerAddress = 2",
               env=dict(ip, CONTENT_LENGTH=str(len(h))), stdin=h).status, 201, "hold")
    b = json.dumps(dict(body, start=d + "T18:00", email="other@example.com")).encode()
    r = cgi("/api/v1/reservations", method="POST", extra_conf="App.HoldsPerAddress = 2",
            env=dict(ip, CONTENT_LENGTH=str(len(b))), stdin=b)
    eq(r.status, 429, "address holding too much")
    check("start" in json.loads(r.body)["errors"], "on the start field")
    eq(count("SELECT count(*) FROM reservations WHERE client_ip = '10.9.9.8'"), 2,
       "only the holds")


def test_idempotency_key():
    d = local_date(TZ, 17)
    body = json.dumps({"restaurant": R, "start": d + "T18:00", "party": 2,
                       "name": "Idem", "email": "idem@example.com",
                       "phone": "555 000 1234"})
    h = {"Content-Type": "application/json", "Idempotency-Key": "key-%s" % d}
    out = []

    def send():
        out.append(request("POST", "/api/v1/reservations", body=body, headers=h))

    threads = [threading.Thread(target=send) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for _ in range(5):
        send()
    eq(sorted(set(r.status for r in out)), [201], "all answered 201")
    eq(len(set(r.body for r in out)), 1, "all identical")
    eq(count("SELECT count(*) FROM reservations WHERE guest_email = "
             "'idem@example.com'"), 1, "one booking")
    r = request("POST", "/api/v1/reservations",
                body=body.replace("18:00", "18:30"), headers=h)
    eq(r.status, 422, "same key, another body")


def test_openapi_matches_router():
    doc = get("/api/v1/openapi.json")
    eq(doc.status, 200, "served")
    spec = doc.json()
    documented = set()
    for path, ops in spec["paths"].items():
        for m in ops:
            documented.add((m.upper(), path))
    routed = set()
    for rt in get("/__test/routes").json()["routes"]:
        if not rt["pattern"].startswith("/api/v1/"):
            continue
        path = re.sub(r":([a-z]+)", r"{\1}", rt["pattern"][len("/api/v1"):])
        for m in rt["methods"]:
            routed.add((m, path))
    eq(sorted(routed - documented), [], "routes missing from the document")
    eq(sorted(documented - routed), [], "documented routes that do not exist")


def test_search_with_times():
    d = local_date(TZ, 18)
    r = get("/search?q=test+bistro&date=%s&time=19:00&party=2" % d)
    eq(r.status, 200, "status")
    card = r.text.split('href="/r/test-bistro?')[1].split("</li>")[0]
    eq(times_of(card), ["18:00", "18:30", "19:00", "19:30", "20:00"], "five near 19:00")
    o = get("/api/v1/restaurants?q=test+bistro&date=%s&time=19:00&party=2" % d).json()
    item = [i for i in o["items"] if i["slug"] == R][0]
    eq([t["time"] for t in item["times"]], ["18:00", "18:30", "19:00", "19:30", "20:00"],
       "api times")
    eq(get("/search?q=x&date=2026-13-01&time=19:00").status, 400, "bad date")


# --- daylight saving time ------------------------------------------------------

def test_dst_days():
    psql("""
    INSERT INTO restaurants (owner_id, slug, name, timezone, slot_minutes,
        booking_window_days, min_notice_minutes, max_party, status)
    SELECT id, s, s, tz, 15, 365, 0, 4, 'active' FROM users,
        (VALUES ('dst-kyiv', 'Europe/Kyiv'), ('dst-ny', 'America/New_York')) v(s, tz)
    WHERE email = 'owner@stolik.test';
    INSERT INTO opening_hours (restaurant_id, weekday, opens, closes)
    SELECT r.id, d, '00:00', '06:00' FROM restaurants r, generate_series(1, 7) d
    WHERE r.slug IN ('dst-kyiv', 'dst-ny');
    INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max)
    SELECT id, 'T1', 1, 4 FROM restaurants WHERE slug IN ('dst-kyiv', 'dst-ny');
    INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)
    SELECT id, 1, 4, 60 FROM restaurants WHERE slug IN ('dst-kyiv', 'dst-ny');
    """)
    try:
        def slots(slug, date):
            r = get("/api/v1/restaurants/%s/availability?date=%s&party=2" % (slug, date))
            eq(r.status, 200, slug + date)
            return r.json()["slots"]

        def instants_ok(v):
            from datetime import datetime
            ts = [datetime.strptime(s["start"], "%Y-%m-%dT%H:%M:%SZ") for s in v]
            es = [datetime.strptime(s["end"], "%Y-%m-%dT%H:%M:%SZ") for s in v]
            check(all(e - s == (es[0] - ts[0]) for s, e in zip(ts, es)) and
                  (es[0] - ts[0]).seconds == 3600, "every turn is 60 real minutes")
            check(ts == sorted(set(ts)), "each instant once")

        # Kyiv springs forward on 2027-03-28: 03:00-03:59 do not exist
        v = slots("dst-kyiv", "2027-03-28")
        times = [s["time"] for s in v]
        check("02:45" in times and "04:00" in times, "around the gap")
        check(not [t for t in times if t.startswith("03:")], "no 03:xx")
        instants_ok(v)
        # and falls back on 2027-10-31: 03:xx happens twice, offered once
        v = slots("dst-kyiv", "2027-10-31")
        times = [s["time"] for s in v]
        eq(times.count("03:00"), 1, "03:00 once")
        eq(times.count("03:45"), 1, "03:45 once")
        instants_ok(v)
        # New York: 2027-03-14 has no 02:xx; 2027-11-07 has 01:xx twice
        times = [s["time"] for s in slots("dst-ny", "2027-03-14")]
        check(not [t for t in times if t.startswith("02:")], "no 02:xx")
        check("01:45" in times and "03:00" in times, "around the gap")
        v = slots("dst-ny", "2027-11-07")
        eq([s["time"] for s in v].count("01:30"), 1, "01:30 once")
        instants_ok(v)
        # a booking across the change lasts its turn time
        r = post_json("/api/v1/holds", {"restaurant": "dst-ny",
                                        "start": "2027-11-07T01:30", "party": 2})
        eq(r.status, 201, "hold across the change: " + r.text)
        eq((r.json()["start"], r.json()["end"]),
           ("2027-11-07T06:30:00Z", "2027-11-07T07:30:00Z"), "EST instants")
        r = post_json("/api/v1/holds", {"restaurant": "dst-kyiv",
                                        "start": "2027-03-28T03:30", "party": 2})
        eq(r.status, 422, "a time that does not exist")
    finally:
        psql("DELETE FROM reservations WHERE restaurant_id IN (SELECT id FROM "
             "restaurants WHERE slug IN ('dst-kyiv', 'dst-ny')); DELETE FROM "
             "restaurants WHERE slug IN ('dst-kyiv', 'dst-ny')")
