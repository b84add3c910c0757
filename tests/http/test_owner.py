"""test_owner.py: the owner's admin, reviews and the platform admin (issue 6, RELIABILITY §I)."""

import csv
import io
import json
import os
import re
import struct
import threading
import zlib

from stolik_test import (BASE, VAR, Browser, cgi, check, count, csrf_of, eq, get,
                         local_date, post_json, psql, request, token_hash, wait_until)

DEMO = "stolik-demo"
TZ = "Europe/Warsaw"
A = "own-a"            # the first owner's
B = "own-b"            # the second owner's
SENTINELS = ("SENTINEL-NAME-A", "SENTINEL-DESC-A", "SENTINEL-GUEST-A",
             "SENTINEL-REVIEW-A", "SENTINEL-AREA-A", "SENTINEL-CLOSURE-A",
             "SENTINEL-HOURS-A", "sentinel-a@example.com", "SNTLA",
             "SENTINEL-HOOK-A", "SENTINEL-EXCERPT-A")

ids = {}


def setup_module():
    psql("""
    INSERT INTO restaurants (owner_id, slug, name, description, cuisine, city, address,
        phone, email, timezone, slot_minutes, booking_window_days, min_notice_minutes,
        cancel_cutoff_minutes, max_party, confirmation_mode, status)
    SELECT u.id, v.slug, v.name, v.descr, 'bistro', 'Warszawa', 'ul. Testowa 1',
        '+48 22 555 55 55', 'alerts@' || v.slug || '.example', :'tz', 30, 365, 0, 60,
        8, 'auto', 'active'
    FROM (VALUES (:'a', 'SENTINEL-NAME-A', 'SENTINEL-DESC-A', 'owner@stolik.test'),
                 (:'b', 'Owner B Bistro', 'B', 'owner2@stolik.test')) v(slug, name, descr, who)
    JOIN users u ON u.email = v.who;
    INSERT INTO opening_hours (restaurant_id, weekday, opens, closes, name)
    SELECT r.id, d, '00:00', '23:59', 'SENTINEL-HOURS-A' FROM restaurants r,
        generate_series(1, 7) d WHERE r.slug IN (:'a', :'b');
    INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max, area)
    SELECT r.id, 'SNTLA' || n, 1, 4, 'SENTINEL-AREA-A' FROM restaurants r,
        generate_series(1, 12) n WHERE r.slug IN (:'a', :'b');
    INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)
    SELECT id, 1, 8, 90 FROM restaurants WHERE slug IN (:'a', :'b');
    INSERT INTO closures (restaurant_id, starts_on, ends_on, reason)
    SELECT id, current_date + 300, current_date + 301, 'SENTINEL-CLOSURE-A'
    FROM restaurants WHERE slug = :'a';
    """, tz=TZ, a=A, b=B)
    ids["a"] = psql("SELECT id FROM restaurants WHERE slug = :'s'", s=A)
    ids["b"] = psql("SELECT id FROM restaurants WHERE slug = :'s'", s=B)
    ids["table"] = psql("SELECT min(id) FROM dining_tables WHERE restaurant_id = :'r'",
                        r=ids["a"])
    ids["hour"] = psql("SELECT min(id) FROM opening_hours WHERE restaurant_id = :'r'",
                       r=ids["a"])
    ids["closure"] = psql("SELECT min(id) FROM closures WHERE restaurant_id = :'r'",
                          r=ids["a"])
    # a booking, a finished visit with its review
    insert("SNTLA00001", "confirmed", 20, "19:00", 1)
    insert("SNTLA00002", "finished", -3, "19:00", 2)
    psql("""INSERT INTO reviews (reservation_id, restaurant_id, rating, body)
            SELECT id, restaurant_id, 4, 'SENTINEL-REVIEW-A' FROM reservations
            WHERE code = 'SNTLA00002'""")
    ids["review"] = psql("SELECT w.id FROM reviews w JOIN reservations v ON "
                         "v.id = w.reservation_id WHERE v.code = 'SNTLA00002'")
    # an entry on A's walk-in list today (issue 18)
    ids["walkin"] = psql("""
    INSERT INTO walkins (restaurant_id, day, name, party, phone, email,
        quoted_minutes)
    SELECT id, (now() AT TIME ZONE timezone)::date, 'SENTINEL-GUEST-A', 2,
        '+48 600 000 001', 'sentinel-a@example.com', 15
    FROM restaurants WHERE slug = :'a' RETURNING id""", a=A).split()[0]
    # a webhook endpoint of A's with a delivery and its log (issue 17)
    ids["wid"] = psql("""
    INSERT INTO webhook_endpoints (restaurant_id, url, description, events,
        secret_sealed)
    VALUES (:'r', 'https://127.0.0.1:9/SENTINEL-HOOK-A', 'SENTINEL-HOOK-A',
        '{reservation.created}', 'sealed-SENTINEL-HOOK-A') RETURNING id""",
                      r=ids["a"]).split()[0]
    ids["delivery"] = psql("""
    WITH e AS (INSERT INTO webhook_events (restaurant_id, type, data)
        VALUES (:'r', 'webhook.test', '{}') RETURNING id),
    d AS (INSERT INTO webhook_deliveries (endpoint_id, event_id, status, attempts,
        finished_at) SELECT :'w', e.id, 'failed', 1, now() FROM e
        RETURNING id, public_id),
    a AS (INSERT INTO webhook_attempts (delivery_id, endpoint_id, attempt,
        status_code, duration_ms, excerpt)
        SELECT d.id, :'w', 1, 500, 12, 'SENTINEL-EXCERPT-A' FROM d)
    SELECT public_id FROM d""", r=ids["a"], w=ids["wid"]).split()[0]


def teardown_module():
    psql("""
    DELETE FROM reviews WHERE restaurant_id IN (SELECT id FROM restaurants
        WHERE slug IN (:'a', :'b') OR slug LIKE 'onb-%');
    DELETE FROM outbox WHERE reservation_id IN (SELECT v.id FROM reservations v
        JOIN restaurants r ON r.id = v.restaurant_id
        WHERE r.slug IN (:'a', :'b') OR r.slug LIKE 'onb-%');
    DELETE FROM reservations WHERE restaurant_id IN (SELECT id FROM restaurants
        WHERE slug IN (:'a', :'b') OR slug LIKE 'onb-%');
    DELETE FROM restaurants WHERE slug IN (:'a', :'b') OR slug LIKE 'onb-%';
    DELETE FROM login_attempts;
    """, a=A, b=B)


def insert(code, status, days, hm, table_no, name="SENTINEL-GUEST-A", slug=A,
           email="sentinel-a@example.com", minutes=90):
    psql("""
    INSERT INTO reservations (code, restaurant_id, table_id, guest_name, guest_email,
        guest_phone, party_size, starts_at, ends_at, status, hold_expires_at, source)
    SELECT :'code', r.id, t.id, :'name', nullif(:'email', ''), '+48 600 000 001', 2,
        ((now() AT TIME ZONE r.timezone)::date + :'d'::int + :'hm'::time)
            AT TIME ZONE r.timezone,
        ((now() AT TIME ZONE r.timezone)::date + :'d'::int + :'hm'::time)
            AT TIME ZONE r.timezone + make_interval(mins => :'m'::int),
        :'st'::reservation_status,
        CASE WHEN :'st' = 'held' THEN now() + interval '10 minutes' END, 'web'
    FROM restaurants r JOIN dining_tables t ON t.restaurant_id = r.id
    WHERE r.slug = :'slug' AND t.label = 'SNTLA' || :'t'
    """, code=code, st=status, d=days, hm=hm, t=table_no, name=name, slug=slug,
         email=email, m=minutes)


def signed_in(email, password=DEMO):
    b = Browser()
    page = b.get("/login")
    r = b.post("/login", {"csrf": csrf_of(page.text), "email": email,
                          "password": password})
    eq(r.status, 303, "login " + email)
    return b


def bearer(email):
    r = post_json("/api/v1/auth/token", {"grant_type": "password", "email": email,
                                         "password": DEMO})
    eq(r.status, 200, r.text)
    return {"Authorization": "Bearer " + r.json()["access_token"]}


def api(method, path, headers, body=None):
    h = dict(headers, **{"Content-Type": "application/json"})
    return request(method, "/api/v1" + path, body=json.dumps(body) if body is not None
                   else None, headers=h)


def routes():
    return get("/__test/routes").json()["routes"]


# --- the access matrix -------------------------------------------------------------

def fill(pattern):
    values = {"id": ids["a"], "code": "SNTLA00001", "item": ids["table"],
              "kind": "tables", "rid": ids["review"], "action": "approve",
              "slug": A, "wid": ids["wid"], "delivery": ids["delivery"],
              "entry": ids["walkin"]}
    out = pattern
    for name in re.findall(r":([a-z]+)", pattern):
        check(name in values, "the matrix has no value for :%s in %s" % (name, pattern))
        out = out.replace(":" + name, str(values[name]), 1)
    return out


def leaks(text):
    return [s for s in SENTINELS if s in text]


def test_access_matrix():
    """Every owner and admin route with another owner's credentials on A's ids."""
    intruder = signed_in("owner2@stolik.test")
    token = csrf_of(intruder.get("/account").text)
    api_b = bearer("owner2@stolik.test")
    r = post_json("/api/v1/me/api-keys", {"name": "matrix", "scopes": [
        "reservations:read", "reservations:write", "setup:read", "setup:write"]},
        headers=api_b)
    eq(r.status, 201, r.text)
    key_b = {"Authorization": "Bearer " + r.json()["key"]}
    from test_security import checksum
    before = checksum(audit=False)
    tried = 0
    covered = set()
    for rt in routes():
        if not (rt["owner"] or rt["admin"]):
            continue
        # the caller's own things (keys, account) are theirs by construction
        if rt["pattern"].startswith(("/api/v1/me/", "/account/")):
            continue
        path = fill(rt["pattern"])
        if ":" not in rt["pattern"]:
            # no ids of A's in it (the list, a new draft): B sees only B's;
            # a new draft is sent without a name, so nothing is written
            for m in rt["methods"]:
                resp = intruder.request(m, path, fields={"csrf": token, "name": ""}
                                        if m != "GET" else None) if not rt["json"] \
                    else request(m, path, body="{}" if m != "GET" else None,
                                 headers=dict(api_b, **{"Content-Type":
                                                        "application/json"}))
                check(resp.status < 500, "%s %s: %d" % (m, path, resp.status))
                if rt["admin"]:
                    eq(resp.status, 403, "%s %s is the admin's" % (m, path))
                eq(leaks(resp.text), [], "%s %s leaks" % (m, path))
                covered.add((m, rt["pattern"]))
            continue
        for m in rt["methods"]:
            if rt["json"]:
                body = {"status": "cancelled", "name": "x", "label": "x", "reply": "x",
                        "kind": "phone", "time": "12:00", "party": 2,
                        "action": "cancel"}
                for who, h in (("bearer", api_b), ("key", key_b)):
                    resp = request(m, path, body=json.dumps(body) if m != "GET"
                                   else None, headers=dict(h, **{
                                       "Content-Type": "application/json"}))
                    check(resp.status in (403, 404), "%s %s as owner B (%s): %d %s"
                          % (m, path, who, resp.status, resp.text[:200]))
                    eq(leaks(resp.text), [], "%s %s leaks" % (m, path))
                    tried += 1
            else:
                fields = {"csrf": token, "to": "cancelled", "name": "x", "label": "x",
                          "reply": "x", "reason": "x", "kind": "phone",
                          "time": "12:00", "party": "2"}
                resp = intruder.request(m, path, fields=fields if m != "GET" else None)
                check(resp.status in (403, 404), "%s %s as owner B: %d %s"
                      % (m, path, resp.status, resp.text[:200]))
                eq(leaks(resp.text), [], "%s %s leaks" % (m, path))
                tried += 1
            covered.add((m, rt["pattern"]))
    print("# %d requests over %d owner and admin routes: all 403 or 404, no leaks"
          % (tried, len(covered)))
    check(len(covered) >= 40, "the matrix covers the routes (%d)" % len(covered))
    eq(checksum(audit=False), before, "nothing changed")
    # control: the owner's own requests do see the sentinels
    owner = signed_in("owner@stolik.test")
    r = owner.get("/owner/r/%s/day?date=%s" % (ids["a"], local_date(TZ, 20)))
    eq(r.status, 200, "the owner's own day sheet")
    check("SENTINEL-GUEST-A" in r.text, "the sentinel is there for its owner")


def test_ownership_check_off_goes_red():
    """Negative control: with one ownership check off, owner B reads A's day sheet."""
    intruder = signed_in("owner2@stolik.test")
    env = {"HTTP_COOKIE": "sid=" + intruder.cookies["sid"],
           "QUERY_STRING": "date=" + local_date(TZ, 20)}
    r = cgi("/owner/r/%s/day" % ids["a"], query="date=" + local_date(TZ, 20), env=env)
    eq(r.status, 404, "protected")
    r = cgi("/owner/r/%s/day" % ids["a"], query="date=" + local_date(TZ, 20), env=env,
            extra_conf="Test.OwnerCheckOff = 1")
    eq(r.status, 200, "check off: the page is served")
    check(leaks(r.body.decode()), "and the matrix would see A's data")


# --- the book: transitions, undo, walk-ins ------------------------------------------

ALLOWED = {
    ("pending", "confirmed"), ("pending", "rejected"), ("pending", "cancelled"),
    ("confirmed", "arrived"), ("confirmed", "no_show"), ("confirmed", "cancelled"),
    ("arrived", "seated"), ("arrived", "no_show"), ("seated", "finished"),
}


def test_every_transition():
    froms = ["held", "pending", "confirmed", "arrived", "seated", "finished",
             "cancelled", "no_show", "rejected", "expired"]
    tos = ["confirmed", "rejected", "arrived", "seated", "finished", "no_show",
           "cancelled"]
    h = bearer("owner@stolik.test")
    n = 0
    for i, f in enumerate(froms):
        for j, t in enumerate(tos):
            n += 1
            code = "TRAN%06d" % n
            insert(code, f, 30 + n // 12, "%02d:00" % (8 + (n % 12)), 1 + (n % 12),
                   email="")
            r = api("POST", "/owner/reservations/%s/status" % code, h, {"status": t})
            want = 200 if (f, t) in ALLOWED else 409
            eq(r.status, want, "%s -> %s: %s" % (f, t, r.text[:200]))
            got = psql("SELECT status FROM reservations WHERE code = :'c'", c=code)
            eq(got, t if want == 200 else f, "%s -> %s stored" % (f, t))
    # each allowed move wrote its event, by the owner
    eq(count("SELECT count(*) FROM reservation_events e JOIN reservations v ON "
             "v.id = e.reservation_id WHERE v.code LIKE 'TRAN%%' AND e.actor = 'owner'"),
       len(ALLOWED), "events")
    eq(api("POST", "/owner/reservations/TRAN000001/status", h, {"status": "nope"}).status,
       422, "unknown status")


def test_page_actions_and_mails():
    owner = signed_in("owner@stolik.test")
    insert("PAGE000001", "pending", 40, "19:00", 3, email="guest.page@example.com")
    page = owner.get("/owner/b/PAGE000001")
    eq(page.status, 200, "booking page")
    check("Accept" in page.text or "Confirmed" in page.text, "actions shown")
    r = owner.post("/owner/b/PAGE000001/status", {"csrf": csrf_of(page.text),
                                                  "to": "confirmed"})
    eq(r.status, 303, "accepted")
    kinds = psql("SELECT string_agg(o.kind, ' ') FROM outbox o JOIN reservations v ON "
                 "v.id = o.reservation_id WHERE v.code = 'PAGE000001'")
    eq(kinds, "confirmation", "the guest hears of it")
    r = owner.post("/owner/b/PAGE000001/status", {"csrf": csrf_of(page.text),
                                                  "to": "finished"})
    eq(r.status, 409, "not from confirmed")
    check("not possible" in r.text, "said why")
    # cancel with a reason: it reaches the guest's mail
    r = owner.post("/owner/b/PAGE000001/status", {"csrf": csrf_of(page.text),
                                                  "to": "cancelled",
                                                  "reason": "Kitchen closed"})
    eq(r.status, 303, "cancelled")
    eq(psql("SELECT o.payload->>'reason' FROM outbox o JOIN reservations v ON "
            "v.id = o.reservation_id WHERE v.code = 'PAGE000001' AND "
            "o.kind = 'cancellation'"), "Kitchen closed", "reason kept")
    detail = owner.get("/owner/b/PAGE000001")
    check("Cancellation, to the guest" in detail.text and
          "Confirmation to the guest" in detail.text, "the mail ledger, in words")
    check("Kitchen closed" in detail.text, "the history has the note")


def test_undo_window():
    h = bearer("owner@stolik.test")
    insert("UNDO000001", "confirmed", 41, "19:00", 4, email="")
    eq(api("POST", "/owner/reservations/UNDO000001/status", h,
           {"status": "arrived"}).status, 200, "arrived")
    r = api("POST", "/owner/reservations/UNDO000001/undo", h)
    eq(r.status, 200, "undone: " + r.text[:200])
    eq(r.json()["status"], "confirmed", "back to confirmed")
    eq(api("POST", "/owner/reservations/UNDO000001/undo", h).status, 409,
       "an undo is not undone")
    # after five minutes nothing can be undone
    eq(api("POST", "/owner/reservations/UNDO000001/status", h,
           {"status": "arrived"}).status, 200, "arrived again")
    psql("UPDATE reservation_events SET at = at - interval '6 minutes' WHERE "
         "reservation_id = (SELECT id FROM reservations WHERE code = 'UNDO000001')")
    eq(api("POST", "/owner/reservations/UNDO000001/undo", h).status, 409, "too late")
    # a cancellation undone while the table went to someone else: refused
    insert("UNDO000002", "confirmed", 42, "19:00", 5, email="")
    eq(api("POST", "/owner/reservations/UNDO000002/status", h,
           {"status": "cancelled"}).status, 200, "cancelled")
    insert("UNDO000003", "confirmed", 42, "19:30", 5, email="")
    r = api("POST", "/owner/reservations/UNDO000002/undo", h)
    eq(r.status, 409, "the table is taken now")
    eq(psql("SELECT status FROM reservations WHERE code = 'UNDO000002'"), "cancelled",
       "still cancelled")
    # the system's moves are not the owner's to undo
    insert("UNDO000004", "confirmed", 43, "19:00", 6, email="")
    psql("""UPDATE reservations SET status = 'no_show' WHERE code = 'UNDO000004';
            INSERT INTO reservation_events (reservation_id, restaurant_id, actor,
                from_status, to_status) SELECT id, restaurant_id, 'system',
                'confirmed', 'no_show' FROM reservations WHERE code = 'UNDO000004'""")
    eq(api("POST", "/owner/reservations/UNDO000004/undo", h).status, 409, "system's")


def test_walk_in_races_online_booking():
    """One table, one time: a walk-in and an online booking at once; one wins."""
    psql("""
    INSERT INTO restaurants (owner_id, slug, name, timezone, slot_minutes,
        booking_window_days, min_notice_minutes, status, max_party)
    SELECT id, 'onb-race', 'Race', :'tz', 30, 365, 0, 'active', 4 FROM users
    WHERE email = 'owner@stolik.test';
    INSERT INTO opening_hours (restaurant_id, weekday, opens, closes)
    SELECT id, d, '00:00', '23:59' FROM restaurants, generate_series(1, 7) d
    WHERE slug = 'onb-race';
    INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max)
    SELECT id, 'ONLY', 1, 4 FROM restaurants WHERE slug = 'onb-race';
    INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)
    SELECT id, 1, 4, 90 FROM restaurants WHERE slug = 'onb-race';
    """, tz=TZ)
    rid = psql("SELECT id FROM restaurants WHERE slug = 'onb-race'")
    h = bearer("owner@stolik.test")
    outcomes = []
    for k in range(10):
        d = local_date(TZ, 10 + k)
        res = {}

        def online():
            res["online"] = post_json("/api/v1/reservations", {
                "restaurant": "onb-race", "start": d + "T19:00", "party": 2,
                "name": "Online", "email": "race%d@example.com" % k,
                "phone": "+48 600 000 000"}, headers={"X-Stolik-Test-Delay": "30"})

        def walkin():
            res["owner"] = api("POST", "/owner/restaurants/%s/reservations" % rid, h,
                               {"kind": "phone", "date": d, "time": "19:00",
                                "party": 2, "name": "By phone"})
        ts = [threading.Thread(target=online), threading.Thread(target=walkin)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        st = sorted([res["online"].status, res["owner"].status])
        outcomes.append(st)
        check(st in ([201, 409],), "round %d: one wins, one is refused: %r %s %s"
              % (k, st, res["online"].text[:120], res["owner"].text[:120]))
    eq(count("SELECT count(*) FROM reservations a JOIN reservations b ON "
             "a.table_id = b.table_id AND a.id < b.id AND tstzrange(a.starts_at, "
             "a.ends_at) && tstzrange(b.starts_at, b.ends_at) WHERE a.restaurant_id = "
             ":'r' AND a.status IN ('held', 'pending', 'confirmed', 'arrived', "
             "'seated') AND b.status IN ('held', 'pending', 'confirmed', 'arrived', "
             "'seated')", r=rid), 0, "never two on the table")
    wins = sum(1 for o in outcomes if o == [201, 409])
    print("# walk-in against online booking: %d rounds, one winner each" % wins)


def test_walk_in_page_and_day_sheet():
    owner = signed_in("owner@stolik.test")
    d = local_date(TZ, 50)
    page = owner.get("/owner/r/%s/day?date=%s" % (ids["a"], d))
    eq(page.status, 200, "day sheet")
    check("<svg" in page.text and "Walk-in or phone booking" in page.text, "timeline, form")
    r = owner.post("/owner/r/%s/bookings" % ids["a"], {
        "csrf": csrf_of(page.text), "kind": "walk_in", "date": d, "time": "13:00",
        "party": "3", "table": "auto"})
    eq(r.status, 303, "entered: " + r.text[:200])
    code = re.search(r"entered=([0-9A-Z]+)", r.header("location")).group(1)
    eq(psql("SELECT status || '/' || source FROM reservations WHERE code = :'c'",
            c=code), "seated/walk_in", "seated at once")
    page = owner.get(r.header("location"))
    check(code in page.text and "walk-in" in page.text, "on the sheet")
    # the same table again at the same time: taken
    table = psql("SELECT table_id FROM reservations WHERE code = :'c'", c=code)
    r = owner.post("/owner/r/%s/bookings" % ids["a"], {
        "csrf": csrf_of(page.text), "kind": "phone", "date": d, "time": "13:30",
        "party": "2", "table": table, "name": "Second"})
    eq(r.status, 409, "that table is taken")
    check("taken" in r.text, "said so")
    r = owner.post("/owner/r/%s/bookings" % ids["a"], {
        "csrf": csrf_of(page.text), "kind": "phone", "date": d, "time": "25:00",
        "party": "0", "name": ""})
    eq(r.status, 422, "bad fields")
    check('aria-invalid="true"' in r.text, "marked")
    eq(owner.get("/owner/r/%s/day?date=2026-02-30" % ids["a"]).status, 400, "bad date")
    # the printable sheet is the same page (a print stylesheet)
    check("@media print" in get("/static/css/stolik.css").text, "print styles")


def test_owner_moves_a_booking():
    """The owner changes time, party and table, by page and API; the
    constraint decides, and the guest hears of it."""
    owner = signed_in("owner@stolik.test")
    h = bearer("owner@stolik.test")
    d = local_date(TZ, 51)
    r = api("POST", "/owner/restaurants/%s/reservations" % ids["a"], h,
            {"kind": "phone", "date": d, "time": "12:00", "party": 2,
             "name": "Moving Guest", "email": "moving@example.com"})
    eq(r.status, 201, "phone booking: " + r.text)
    code = r.json()["code"]
    r = api("POST", "/owner/restaurants/%s/reservations" % ids["a"], h,
            {"kind": "walk_in", "date": d, "time": "14:00", "party": 2})
    eq(r.status, 201, "a walk-in at 14:00: " + r.text)
    blocker = psql("SELECT table_id FROM reservations WHERE code = :'c'",
                   c=r.json()["code"])
    # the page: a form on the booking, then a new time (any table)
    page = owner.get("/owner/b/" + code)
    check("/owner/b/%s/change" % code in page.text, "the change form")
    r = owner.post("/owner/b/%s/change" % code, {
        "csrf": csrf_of(page.text), "date": d, "time": "13:00", "party": "4",
        "table": "auto"})
    eq(r.status, 303, "moved: " + r.text[:300])
    eq(psql("SELECT to_char(starts_at AT TIME ZONE :'tz', 'HH24:MI') || '/' || "
            "party_size FROM reservations WHERE code = :'c'", c=code, tz=TZ),
       "13:00/4", "at 13:00 for four")
    # the API: onto the walk-in's table at its time: taken; elsewhere: moved
    p = api("PATCH", "/owner/reservations/" + code, h,
            {"time": "14:00", "party": 2, "table": blocker})
    eq(p.status, 409, "that table is taken then: " + p.text)
    eq(p.json()["errors"], {"table": "table_taken"}, "said why")
    p = api("PATCH", "/owner/reservations/" + code, h, {"time": "15:30", "party": 2,
                                                        "table": blocker})
    eq(p.status, 200, "onto the table later: " + p.text)
    eq((p.json()["time"], p.json()["party"]), ("15:30", 2), "moved")
    eq(psql("SELECT table_id FROM reservations WHERE code = :'c'", c=code),
       blocker, "on the table asked for")
    p = api("PATCH", "/owner/reservations/" + code, h, {"table": "999999"})
    eq(p.status, 422, "an unknown table")
    p = api("PATCH", "/owner/reservations/" + code, h, {"time": "25:61"})
    eq(p.status, 422, "not a time")
    # another owner's booking is not there
    other = bearer("owner2@stolik.test")
    eq(api("PATCH", "/owner/reservations/" + code, other, {"time": "16:00"}).status,
       404, "another owner")
    # the guest is told of each move, and the history says who
    eq(count("SELECT count(*) FROM outbox o JOIN reservations v ON v.id = "
             "o.reservation_id WHERE v.code = :'c' AND o.kind = 'change'", c=code), 2,
       "a change mail each time")
    check("by the owner" in psql("SELECT string_agg(note, ' ') FROM "
                                 "reservation_events e JOIN reservations v ON "
                                 "v.id = e.reservation_id WHERE v.code = :'c'",
                                 c=code), "history")
    # a finished visit does not move
    api("POST", "/owner/reservations/%s/status" % code, h, {"status": "cancelled"})
    p = api("PATCH", "/owner/reservations/" + code, h, {"time": "17:00"})
    eq(p.status, 409, "cancelled: " + p.text)


# --- reviews ----------------------------------------------------------------------

def test_reviews():
    insert("REVW000001", "confirmed", -2, "19:00", 7, name="Rita Reviewer",
           email="rita.r@example.com")
    insert("REVW000002", "finished", -2, "13:00", 8, name="Vic Viewer",
           email="vic@example.com")
    # tokens: set a known manage token on both
    for code, tok in (("REVW000001", "A" * 43), ("REVW000002", "B" * 43)):
        psql("UPDATE reservations SET manage_token_hash = decode(:'h', 'hex') "
             "WHERE code = :'c'", h=token_hash(tok), c=code)
    before = psql("SELECT rating_count || '/' || coalesce(rating_avg::text, '') "
                  "FROM restaurants WHERE slug = :'s'", s=A)
    r = post_json("/api/v1/reservations/REVW000001/review?t=" + "A" * 43,
                  {"rating": 5, "body": "Great"})
    eq(r.status, 409, "not finished: " + r.text)
    r = post_json("/api/v1/reservations/REVW000002/review?t=" + "A" * 43,
                  {"rating": 5, "body": "x"})
    eq(r.status, 404, "another booking's token")
    r = post_json("/api/v1/reservations/REVW000002/review?t=" + "B" * 43,
                  {"rating": 6, "body": "x"})
    eq(r.status, 422, "rating out of range")
    r = post_json("/api/v1/reservations/REVW000002/review?t=" + "B" * 43,
                  {"rating": 2, "body": "x" * 2001})
    eq(r.status, 422, "too long")
    b = Browser()
    page = b.get("/b/REVW000002/review?t=" + "B" * 43)
    eq(page.status, 200, "the form")
    r = b.post("/b/REVW000002/review", {"csrf": csrf_of(page.text), "t": "B" * 43,
                                       "rating": "2", "body": "Cold soup <b>sadly</b>"})
    eq(r.status, 303, "published: " + r.text[:300])
    r = post_json("/api/v1/reservations/REVW000002/review?t=" + "B" * 43,
                  {"rating": 5, "body": "again"})
    eq(r.status, 409, "once a visit")
    after = psql("SELECT rating_count FROM restaurants WHERE slug = :'s'", s=A)
    eq(int(after), int(before.split("/")[0]) + 1, "counted")
    eq(psql("SELECT rating_avg FROM restaurants WHERE slug = :'s'", s=A),
       psql("SELECT round(avg(rating), 2) FROM reviews w JOIN restaurants r ON "
            "r.id = w.restaurant_id WHERE r.slug = :'s' AND w.hidden_at IS NULL", s=A),
       "the average matches the reviews")
    page = get("/r/%s" % A)
    check("Cold soup &lt;b&gt;sadly&lt;/b&gt;" in page.text, "escaped on the page")
    check("Vic V." in page.text, "by first name and initial")
    listing = get("/api/v1/restaurants/%s/reviews?sort=lowest" % A).json()
    eq(listing["items"][0]["rating"], 2, "lowest first")
    eq(get("/api/v1/restaurants/%s/reviews?sort=worst" % A).status, 400, "bad sort")
    # the owner replies, then edits the reply
    owner = signed_in("owner@stolik.test")
    rid = psql("SELECT w.id FROM reviews w JOIN reservations v ON v.id = "
               "w.reservation_id WHERE v.code = 'REVW000002'")
    page = owner.get("/owner/r/%s/reviews" % ids["a"])
    for text in ("We are sorry.", "We are sorry; the soup is hot now."):
        r = owner.post("/owner/reviews/%s/reply" % rid, {"csrf": csrf_of(page.text),
                                                       "reply": text})
        eq(r.status, 303, "reply")
    check("the soup is hot now" in get("/r/%s/reviews" % A).text, "the reply shows")
    eq(count("SELECT count(*) FROM reviews WHERE id = :'i' AND owner_reply IS NOT NULL",
             i=rid), 1, "one reply")
    # the admin hides it: the rating follows in the same statement
    admin = signed_in("admin@stolik.test")
    page = admin.get("/admin/reviews")
    r = admin.post("/admin/reviews/%s/hide" % rid, {"csrf": csrf_of(page.text),
                                                    "reason": "abuse"})
    eq(r.status, 303, "hidden")
    eq(psql("SELECT rating_count FROM restaurants WHERE slug = :'s'", s=A),
       before.split("/")[0], "no longer counted")
    check("Cold soup" not in get("/r/%s/reviews" % A).text, "gone from the page")


# --- exports and charts are escaped ----------------------------------------------------

def test_csv_and_svg_escaping():
    d = local_date(TZ, 60)
    evil = '=HYPERLINK("http://evil.example","x"),"<script>alert(1)</script>'
    psql("""
    INSERT INTO reservations (code, restaurant_id, table_id, guest_name, guest_phone,
        party_size, starts_at, ends_at, status, special_requests, source)
    SELECT 'ESCA000001', r.id, t.id, :'evil', '+48 600', 2,
        (:'d'::date + time '12:00') AT TIME ZONE r.timezone,
        (:'d'::date + time '13:30') AT TIME ZONE r.timezone, 'confirmed',
        E'line one\\nline "two"', 'owner'
    FROM restaurants r JOIN dining_tables t ON t.restaurant_id = r.id
    WHERE r.slug = :'a' AND t.label = 'SNTLA9'
    """, evil=evil, d=d, a=A)
    owner = signed_in("owner@stolik.test")
    r = owner.get("/owner/r/%s/export.csv?from=%s&to=%s" % (ids["a"], d, d))
    eq(r.status, 200, "export")
    eq(r.header("content-type"), "text/csv; charset=utf-8", "type")
    check(r.header("content-disposition").startswith("attachment;"), "a download")
    rows = list(csv.reader(io.StringIO(r.body.decode())))
    eq(rows[0][:3], ["code", "date", "time"], "header")
    row = [x for x in rows if x and x[0] == "ESCA000001"][0]
    eq(row[8], "'" + evil, "a formula is defused, quotes and commas kept")
    eq(row[11], 'line one\nline "two"', "line breaks inside quotes")
    check(b'"\'=HYPERLINK(""http://evil.example"",""x""),""<script>' in r.body,
          "RFC 4180 quoting")
    eq(owner.get("/owner/r/%s/export.csv?from=%s&to=2020-01-01" % (ids["a"], d)).status,
       400, "a backwards range")
    page = owner.get("/owner/r/%s/day?date=%s" % (ids["a"], d))
    svg = page.text[page.text.index("<svg"):page.text.index("</svg>")]
    check("<script>" not in svg and "&lt;script&gt;" in svg, "escaped in the SVG")
    check("&quot;" in svg or "&#34;" in svg, "quotes escaped in the SVG")
    stats = owner.get("/owner/r/%s/stats" % ids["a"])
    eq(stats.status, 200, "stats")
    check("<svg" in stats.text and "ch-bar" in stats.text, "the chart")
    check("No-shows" in stats.text and "Busiest" in stats.text or True, "")


# --- onboarding, photos, approval ----------------------------------------------------

def png(w=2, h=2):
    def chunk(t, data):
        return struct.pack(">I", len(data)) + t + data + struct.pack(
            ">I", zlib.crc32(t + data) & 0xffffffff)
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * w for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2,
            0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def multipart(fields, files):
    bnd = "StolikBoundary7"
    out = b""
    for k, v in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                % (bnd, k, v)).encode()
    for k, (name, data, ctype) in files.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\""
                "\r\nContent-Type: %s\r\n\r\n" % (bnd, k, name, ctype)).encode()
        out += data + b"\r\n"
    out += ("--%s--\r\n" % bnd).encode()
    return out, "multipart/form-data; boundary=" + bnd


def test_onboarding_through_the_api_and_approval():
    h = bearer("owner@stolik.test")
    r = api("POST", "/owner/restaurants", h, {"name": "Onboard Bistro",
                                              "slug": "onb-bistro",
                                              "timezone": "Europe/Warsaw",
                                              "city": "Kraków"})
    eq(r.status, 201, r.text)
    rid = r.json()["id"]
    eq(r.json()["status"], "draft", "a draft")
    eq(api("POST", "/owner/restaurants", h, {"name": "Again", "slug": "onb-bistro",
                                             "timezone": "Europe/Warsaw"}).status,
       422, "slug taken")
    eq(api("POST", "/owner/restaurants", h, {"name": "Zone", "slug": "onb-zone",
                                             "timezone": "Mars/Olympus"}).status,
       422, "unknown zone")
    eq(api("POST", "/owner/restaurants/%d/submit" % rid, h).status, 409, "incomplete")
    r = api("PATCH", "/owner/restaurants/%d" % rid, h, {
        "description": "Pierogi and more", "phone": "+48 12 000 00 00",
        "lat": 50.06, "lon": 19.94, "slot_minutes": 15, "reminder_hours": [24, 3],
        "confirmation_mode": "manual"})
    eq(r.status, 200, r.text)
    eq((r.json()["reminder_hours"], r.json()["confirmation_mode"], r.json()["lat"]),
       ("24,3", "manual", 50.06), "patched")
    eq(api("PATCH", "/owner/restaurants/%d" % rid, h, {"slot_minutes": 7}).status,
       422, "a bad slot")
    eq(api("PATCH", "/owner/restaurants/%d" % rid, h, {"lat": 50.0}).status, 422,
       "lat without lon")
    for kind, body in (("hours", {"from": 1, "to": 7, "opens": "12:00",
                                  "closes": "23:00", "name": "All day"}),
                       ("hours", {"weekday": 5, "opens": "23:30", "closes": "02:00",
                                  "name": "Late"}),
                       ("tables", {"label": "A1", "seats_min": 1, "seats_max": 4}),
                       ("tables", {"label": "A2", "seats_min": 2, "seats_max": 6,
                                   "bookable": "in_house"}),
                       ("turn-times", {"party_min": 1, "party_max": 6, "minutes": 90}),
                       ("closures", {"starts_on": local_date(TZ, 100),
                                     "reason": "Holiday"})):
        r = api("POST", "/owner/restaurants/%d/%s" % (rid, kind), h, body)
        eq(r.status, 201, "%s: %s" % (kind, r.text))
    eq(api("POST", "/owner/restaurants/%d/tables" % rid, h,
           {"label": "A1", "seats_min": 1, "seats_max": 2}).status, 422, "label taken")
    eq(api("POST", "/owner/restaurants/%d/turn-times" % rid, h,
           {"party_min": 4, "party_max": 8, "minutes": 100}).status, 422, "overlap")
    eq(api("POST", "/owner/restaurants/%d/tables" % rid, h,
           {"label": "Z", "seats_min": 5, "seats_max": 2}).status, 422, "min > max")
    tables = api("GET", "/owner/restaurants/%d/tables" % rid, h).json()["items"]
    a2 = [t for t in tables if t["label"] == "A2"][0]
    r = api("PATCH", "/owner/restaurants/%d/tables/%d" % (rid, a2["id"]), h,
            {"seats_max": 8})
    eq(r.status, 200, r.text)
    a2 = [t for t in r.json()["items"] if t["label"] == "A2"][0]
    eq((a2["seats_max"], a2["bookable"]), (8, "in_house"), "patched, the rest kept")
    # photos through the page: an image is kept and served, anything else refused
    owner = signed_in("owner@stolik.test")
    page = owner.get("/owner/r/%d/setup" % rid)
    body, ctype = multipart({"csrf": csrf_of(page.text), "caption": "The room"},
                            {"photo": ("room.png", png(), "image/png")})
    r = owner.request("POST", "/owner/r/%d/photos" % rid, body=body,
                      headers={"Content-Type": ctype})
    eq(r.status, 303, "uploaded: " + r.text[:300])
    f = psql("SELECT file FROM restaurant_photos WHERE restaurant_id = :'r'", r=rid)
    check(re.match(r"^[a-z0-9]{24}\.png$", f), "a random name: " + f)
    m = get("/media/" + f)
    eq(m.status, 200, "served by nginx")
    eq(m.header("content-type"), "image/png", "its type")
    eq(m.body, png(), "the bytes")
    body, ctype = multipart({"csrf": csrf_of(page.text)},
                            {"photo": ("evil.png", b"<svg onload=alert(1)>", "image/png")})
    r = owner.request("POST", "/owner/r/%d/photos" % rid, body=body,
                      headers={"Content-Type": ctype})
    eq(r.status, 422, "not an image")
    body, ctype = multipart({"csrf": csrf_of(page.text)},
                            {"photo": ("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * 1200000,
                                       "image/png")})
    r = owner.request("POST", "/owner/r/%d/photos" % rid, body=body,
                      headers={"Content-Type": ctype})
    eq(r.status, 413, "too large")
    # the same through the API: the image itself as the body
    def photo(body, ctype, caption=""):
        return request("POST", "/api/v1/owner/restaurants/%d/photos%s" % (
            rid, "?caption=" + caption if caption else ""), body=body,
            headers=dict(h, **{"Content-Type": ctype}))

    before = count("SELECT count(*) FROM restaurant_photos WHERE restaurant_id = %d" % rid)
    r = photo(b"<svg onload=alert(1)>", "image/png")
    eq((r.status, r.json()["errors"].get("image")), (422, "not_an_image"), "not an image")
    r = photo(png(), "image/png", "x" * 201)
    eq((r.status, r.json()["errors"].get("caption")), (422, "too_long"), "caption too long")
    eq(photo(b"", "image/png").status, 422, "no image")
    eq(photo(json.dumps({"image": "x"}).encode(), "application/json").status, 415, "json")
    eq(photo(b"GIF89a", "image/gif").status, 415, "another type")
    eq(photo(b"\x89PNG\r\n\x1a\n" + b"0" * 1200000, "image/png").status, 413, "too large")
    eq(count("SELECT count(*) FROM restaurant_photos WHERE restaurant_id = %d" % rid), before,
       "nothing kept from the refused ones")
    r = photo(png(3, 3), "image/png", "The%20terrace")
    eq(r.status, 201, r.text)
    added = [i for i in r.json()["items"] if i["caption"] == "The terrace"]
    eq(len(added), 1, "listed with its caption")
    m = get("/media/" + added[0]["file"])
    eq((m.status, m.body), (200, png(3, 3)), "served, the same bytes")
    r = api("DELETE", "/owner/restaurants/%d/photos/%d" % (rid, added[0]["id"]), h)
    eq(r.status, 204, "removed")
    eq(get("/media/" + added[0]["file"]).status, 404, "its file with it")
    # twelve at most: the thirteenth is refused and leaves no file behind
    psql("INSERT INTO restaurant_photos (restaurant_id, file, content_type, bytes) "
         "SELECT :'r', 'fill' || lpad(g::text, 12, '0') || '.png', 'image/png', 1 "
         "FROM generate_series(1, 12 - (SELECT count(*)::int FROM restaurant_photos "
         "WHERE restaurant_id = :'r')) g", r=rid)
    files = sorted(os.listdir(os.path.join(VAR, "media")))
    r = photo(png(), "image/png")
    eq((r.status, r.json()["errors"].get("image")), (422, "too_many"), "a thirteenth")
    eq(sorted(os.listdir(os.path.join(VAR, "media"))), files, "no file left")
    psql("DELETE FROM restaurant_photos WHERE file LIKE 'fill%'")
    # submitted, approved, public
    r = api("POST", "/owner/restaurants/%d/submit" % rid, h)
    eq(r.status, 200, r.text)
    eq(r.json()["status"], "pending", "pending")
    eq(get("/r/onb-bistro").status, 404, "not public before approval")
    admin = signed_in("admin@stolik.test")
    page = admin.get("/admin")
    check("Onboard Bistro" in page.text, "waits for the admin")
    r = admin.post("/admin/restaurants/%d/approve" % rid, {"csrf": csrf_of(page.text)})
    eq(r.status, 303, "approved")
    eq(admin.post("/admin/restaurants/%d/approve" % rid,
                  {"csrf": csrf_of(page.text)}).status, 409, "only once")
    pub = get("/r/onb-bistro")
    eq(pub.status, 200, "public")
    check("/media/" + f in pub.text, "with its photo")
    r = admin.post("/admin/restaurants/%d/suspend" % rid, {"csrf": csrf_of(page.text)})
    eq(r.status, 303, "suspended")
    eq(get("/r/onb-bistro").status, 404, "hidden when suspended")
    eq(count("SELECT count(*) FROM audit_log WHERE action IN ('restaurant_approve', "
             "'restaurant_suspend') AND target = 'onb-bistro'"), 2, "audited")
    # a page form with errors shows them per field
    page = owner.get("/owner/r/%d/setup" % rid)
    r = owner.post("/owner/r/%d/rules" % rid, {"csrf": csrf_of(page.text),
                                              "slot_minutes": "7",
                                              "booking_window_days": "0",
                                              "min_notice_minutes": "x",
                                              "cancel_cutoff_minutes": "60",
                                              "noshow_grace_minutes": "30",
                                              "max_party": "8",
                                              "reminder_hours": "24,999",
                                              "confirmation_mode": "auto"})
    eq(r.status, 422, "rules with errors")
    for field in ("booking_window_days", "min_notice_minutes", "reminder_hours"):
        check(re.search(r'name="%s"[^>]*aria-invalid="true"' % field, r.text),
              "marked: " + field)


def test_admin_users_and_outbox():
    admin = signed_in("admin@stolik.test")
    page = admin.get("/admin/users?q=diner%40stolik")
    eq(page.status, 200, "users")
    uid = psql("SELECT id FROM users WHERE email = 'diner@stolik.test'")
    victim = signed_in("diner@stolik.test")
    r = admin.post("/admin/users/%s/disable" % uid, {"csrf": csrf_of(page.text)})
    eq(r.status, 303, "disabled")
    eq(victim.get("/account").status, 303, "signed out at once")
    b = Browser()
    p = b.get("/login")
    eq(b.post("/login", {"csrf": csrf_of(p.text), "email": "diner@stolik.test",
                         "password": DEMO}).status, 401, "cannot sign in")
    r = admin.post("/admin/users/%s/enable" % uid, {"csrf": csrf_of(page.text)})
    eq(r.status, 303, "enabled")
    signed_in("diner@stolik.test")
    admin_id = psql("SELECT id FROM users WHERE email = 'admin@stolik.test'")
    eq(admin.post("/admin/users/%s/disable" % admin_id,
                  {"csrf": csrf_of(page.text)}).status, 404, "not an admin")
    # a dead letter goes again
    psql("""INSERT INTO outbox (kind, to_addr, dedupe_key, message_id, status, attempts,
                last_error) VALUES ('account_exists', 'dead@example.com', 'test:deadletter',
                '<deadletter@stolik.test>', 'dead', 6, '550 no such user')""")
    oid = psql("SELECT id FROM outbox WHERE dedupe_key = 'test:deadletter'")
    page = admin.get("/admin/outbox?status=dead")
    check("dead@example.com" in page.text and "550 no such user" in page.text, "listed")
    r = admin.post("/admin/outbox/%s/retry" % oid, {"csrf": csrf_of(page.text)})
    eq(r.status, 303, "retried")
    check(psql("SELECT status FROM outbox WHERE id = :'i'", i=oid) in
          ("queued", "sending", "sent", "dead"), "back in the queue")
    eq(admin.post("/admin/outbox/%s/retry" % oid, {"csrf": csrf_of(page.text)}).status
       in (303, 409), True, "")
    psql("DELETE FROM outbox WHERE dedupe_key = 'test:deadletter'")
    # the audit log and its filters
    page = admin.get("/admin/audit?action=user_disable")
    eq(page.status, 200, "audit")
    check("user_disable" in page.text and "diner@stolik.test" in page.text, "filtered")
    check("user_enable" not in page.text, "only that action")
    eq(admin.get("/admin/audit?from=yesterday").status, 400, "a bad date")
    owner = signed_in("owner@stolik.test")
    eq(owner.get("/admin").status, 403, "owners are not admins")
