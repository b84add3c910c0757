"""test_deposits.py: the deposit policy of a restaurant (issue 16, item 1):
its set-up form and API, and what a diner sees of it before confirming."""

import json
import re

from stolik_test import (Browser, check, count, csrf_of, eq, post_json, psql,
                         request)

DEMO = "stolik-demo"
TZ = "Europe/Warsaw"
A = "dep-a"            # owner@stolik.test's
B = "dep-b"            # owner2@stolik.test's

ids = {}


def setup_module():
    psql("""
    INSERT INTO restaurants (owner_id, slug, name, city, timezone, slot_minutes,
        booking_window_days, min_notice_minutes, cancel_cutoff_minutes, max_party,
        confirmation_mode, status)
    SELECT u.id, v.slug, v.slug, 'Warszawa', :'tz', 30, 365, 0, 60, 12, 'auto',
        'active'
    FROM (VALUES (:'a', 'owner@stolik.test'), (:'b', 'owner2@stolik.test'))
        v(slug, who) JOIN users u ON u.email = v.who;
    INSERT INTO opening_hours (restaurant_id, weekday, opens, closes, name)
    SELECT r.id, d, s.o::time, s.c::time, s.n FROM restaurants r,
        generate_series(1, 7) d,
        (VALUES ('12:00', '15:00', 'Lunch'), ('18:00', '23:00', 'Dinner')) s(o, c, n)
    WHERE r.slug IN (:'a', :'b');
    INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max)
    SELECT r.id, 'D' || n, 1, 12 FROM restaurants r, generate_series(1, 20) n
    WHERE r.slug IN (:'a', :'b');
    INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)
    SELECT id, 1, 12, 90 FROM restaurants WHERE slug IN (:'a', :'b');
    """, tz=TZ, a=A, b=B)
    ids["a"] = psql("SELECT id FROM restaurants WHERE slug = :'s'", s=A)
    ids["b"] = psql("SELECT id FROM restaurants WHERE slug = :'s'", s=B)


def teardown_module():
    psql("""
    DELETE FROM outbox WHERE reservation_id IN (SELECT v.id FROM reservations v
        JOIN restaurants r ON r.id = v.restaurant_id WHERE r.slug IN (:'a', :'b'));
    DELETE FROM reservations WHERE restaurant_id IN (SELECT id FROM restaurants
        WHERE slug IN (:'a', :'b'));
    DELETE FROM restaurants WHERE slug IN (:'a', :'b');
    DELETE FROM login_attempts;
    """, a=A, b=B)


# --- helpers -----------------------------------------------------------------------

def signed_in(email):
    b = Browser()
    page = b.get("/login")
    r = b.post("/login", {"csrf": csrf_of(page.text), "email": email,
                          "password": DEMO})
    eq(r.status, 303, "login " + email)
    return b


def bearer(email):
    r = post_json("/api/v1/auth/token", {"grant_type": "password", "email": email,
                                         "password": DEMO})
    eq(r.status, 200, r.text)
    return {"Authorization": "Bearer " + r.json()["access_token"]}


def api(method, path, headers, body=None, raw=None):
    h = dict(headers, **{"Content-Type": "application/json"})
    if raw is None and body is not None:
        raw = json.dumps(body)
    return request(method, "/api/v1" + path, body=raw, headers=h)


def policy_path(rid=None):
    return "/owner/restaurants/%s/deposit-policy" % (rid or ids["a"])


def put_policy(h, body, rid=None):
    return api("PUT", policy_path(rid), h, body)


def stored():
    """The stored policy of A as one line of text (or '' if none)."""
    return psql("SELECT coalesce((SELECT concat_ws('|', kind, amount, currency, "
                "min_party, weekdays, services, refund_hours, late_refund_percent, "
                "(SELECT string_agg(day::text, ',' ORDER BY day) FROM deposit_dates d "
                " WHERE d.restaurant_id = p.restaurant_id)) "
                "FROM deposit_policies p WHERE restaurant_id = :'r'), '')", r=ids["a"])


def day_with(isodow, ahead=3):
    """The first date at least `ahead` days away in TZ that is that ISO weekday."""
    return psql("SELECT d::date::text FROM generate_series("
                "(now() AT TIME ZONE :'tz')::date + :'n'::int,"
                "(now() AT TIME ZONE :'tz')::date + :'n'::int + 6, '1 day') d "
                "WHERE extract(isodow FROM d) = :'w' LIMIT 1",
                tz=TZ, n=ahead, w=isodow)


def release_holds():
    psql("DELETE FROM reservations WHERE restaurant_id = :'r'", r=ids["a"])


FRIDAY_DINNER = {"kind": "per_guest", "amount": 2000, "currency": "EUR",
                 "min_party": 6, "weekdays": [5, 6], "services": ["Dinner"],
                 "refund_hours": 48, "late_refund_percent": 50}


def hold_page(date, time, party):
    """Take a hold through the pages; the details page that follows."""
    b = Browser()
    page = b.get("/r/%s?date=%s&party=%d" % (A, date, party))
    eq(page.status, 200, "restaurant page")
    r = b.post("/r/%s/hold" % A, {"csrf": csrf_of(page.text), "date": date,
                                  "time": time, "party": str(party)})
    eq(r.status, 303, "hold %s %s %d: %s" % (date, time, party, r.text[:300]))
    d = b.get(r.header("location"))
    eq(d.status, 200, "details page")
    return d.text


def hold_api(date, time, party):
    r = post_json("/api/v1/holds", {"restaurant": A, "start": date + "T" + time,
                                    "party": party})
    eq(r.status, 201, "api hold: " + r.text[:300])
    return r.json()


SENTENCE = ("A deposit of €%s (€20.00 per guest) is required for this booking.")
TERMS_50 = ("Full refund if you cancel at least 48 hours before; after that, "
            "50 % is refunded.")
NOSHOW = "No-shows forfeit the deposit."


# --- the API -----------------------------------------------------------------------

def test_api_default_and_round_trip():
    h = bearer("owner@stolik.test")
    r = api("GET", policy_path(), h)
    eq(r.status, 200, r.text)
    o = r.json()
    eq(o["kind"], "none", "no policy yet")
    eq(o["currency"], "EUR", "default currency")
    eq(o["amount"], 0, "no amount")
    eq(o["updated_at"], None, "never stored")
    r = put_policy(h, dict(FRIDAY_DINNER, dates=["2027-12-31", "2027-02-14",
                                                 "2027-12-31"]))
    eq(r.status, 200, r.text)
    o = r.json()
    eq(o["kind"], "per_guest", "kind")
    eq(o["amount"], 2000, "minor units")
    eq(o["exponent"], 2, "exponent")
    eq(o["amount_text"], "€20.00", "formatted")
    eq(o["weekdays"], [5, 6], "weekdays")
    eq(o["services"], ["Dinner"], "services")
    eq(o["dates"], ["2027-02-14", "2027-12-31"], "dates sorted, each once")
    eq(o["refund_hours"], 48, "hours")
    eq(o["late_refund_percent"], 50, "percent")
    eq(o["noshow_refund_percent"], 0, "a no-show keeps it")
    check(o["updated_at"], "stored")
    eq(api("GET", policy_path(), h).json(), o, "GET gives what PUT answered")
    eq(stored(), "per_guest|2000|EUR|6|{5,6}|{Dinner}|48|50|2027-02-14,2027-12-31",
       "the row")
    eq(count("SELECT count(*) FROM audit_log WHERE action = 'setup_deposit' AND "
             "target = :'t'", t="restaurant:%s" % ids["a"]) >= 1, True, "audited")
    # JPY, exponent 0; a flat amount; the dates go when not given
    r = put_policy(h, {"kind": "per_booking", "amount": 5000, "currency": "JPY",
                       "weekdays": [1], "late_refund_percent": 100})
    eq(r.status, 200, r.text)
    eq(r.json()["amount_text"], "¥5000", "yen")
    eq(r.json()["exponent"], 0, "yen exponent")
    eq(stored(), "per_booking|5000|JPY|1|{1}|{}|48|100", "defaults for the rest")
    # a currency without a symbol of its own
    r = put_policy(h, {"kind": "per_booking", "amount": 2550, "currency": "PLN"})
    eq(r.json()["amount_text"], "25.50 PLN", "code after the number")
    # none: no amount stored, whatever was sent
    r = put_policy(h, {"kind": "none", "amount": 123})
    eq(r.status, 200, r.text)
    eq(r.json()["amount"], 0, "no amount without a deposit")
    # the largest amount
    r = put_policy(h, {"kind": "per_booking", "amount": 999999999999})
    eq(r.status, 200, r.text)
    eq(r.json()["amount_text"], "€9999999999.99", "largest")
    put_policy(h, {"kind": "none"})


def test_api_refuses_bad_input_without_writing():
    h = bearer("owner@stolik.test")
    eq(put_policy(h, FRIDAY_DINNER).status, 200, "a good one first")
    before = stored()
    bad = [
        ({"kind": "per_guest", "amount": "25.00"}, "amount", "invalid_amount"),
        ({"kind": "per_guest", "amount": 25.5}, "amount", "invalid_amount"),
        ({"kind": "per_guest", "amount": -3}, "amount", "invalid_amount"),
        ({"kind": "per_guest", "amount": 10 ** 12}, "amount", "amount_too_large"),
        ({"kind": "per_guest", "amount": 10 ** 30}, "amount", None),
        ({"kind": "per_guest", "amount": 0}, "amount", "amount_positive"),
        ({"kind": "per_guest"}, "amount", "required"),
        ({"kind": "maybe", "amount": 100}, "kind", "invalid"),
        ({"amount": 100}, "kind", "required"),
        ({"kind": "per_guest", "amount": 100, "currency": "XXX"}, "currency",
         "unknown_currency"),
        ({"kind": "per_guest", "amount": 100, "currency": "eur"}, "currency",
         "unknown_currency"),
        ({"kind": "per_guest", "amount": 100, "min_party": 0}, "min_party",
         "out_of_range"),
        ({"kind": "per_guest", "amount": 100, "min_party": "6"}, "min_party",
         "invalid"),
        ({"kind": "per_guest", "amount": 100, "weekdays": [0]}, "weekdays", "invalid"),
        ({"kind": "per_guest", "amount": 100, "weekdays": [8]}, "weekdays", "invalid"),
        ({"kind": "per_guest", "amount": 100, "weekdays": "5"}, "weekdays", "invalid"),
        ({"kind": "per_guest", "amount": 100, "services": ["Brunch"]}, "services",
         "unknown_service"),
        ({"kind": "per_guest", "amount": 100, "services": [5]}, "services", "invalid"),
        ({"kind": "per_guest", "amount": 100, "dates": ["2027-02-30"]}, "dates",
         "invalid_date"),
        ({"kind": "per_guest", "amount": 100,
          "dates": ["2028-%02d-%02d" % (1 + i // 28, 1 + i % 28) for i in range(65)]},
         "dates", "too_many_dates"),
        ({"kind": "per_guest", "amount": 100, "refund_hours": -1}, "refund_hours",
         "out_of_range"),
        ({"kind": "per_guest", "amount": 100, "refund_hours": 8761}, "refund_hours",
         "out_of_range"),
        ({"kind": "per_guest", "amount": 100, "late_refund_percent": 101},
         "late_refund_percent", "out_of_range"),
        ({"kind": "per_guest", "amount": 100, "late_refund_percent": -1},
         "late_refund_percent", "out_of_range"),
    ]
    for body, field, code in bad:
        r = put_policy(h, body)
        if code is None:
            # a number jansson cannot hold as an integer: refused either way
            check(r.status in (400, 422), "%r: %d" % (body, r.status))
            continue
        eq(r.status, 422, "%r: %s" % (body, r.text[:200]))
        eq(r.json()["errors"].get(field), code, "%r" % body)
        eq(stored(), before, "nothing written for %r" % body)
    eq(api("PUT", policy_path(), h, raw="[1]").status, 400, "not an object")
    eq(api("PUT", policy_path(), h, raw="{").status, 400, "not JSON")
    eq(stored(), before, "nothing written")


def test_other_owner_cannot_read_or_write():
    h2 = bearer("owner2@stolik.test")
    before = stored()
    eq(api("GET", policy_path(), h2).status, 404, "read")
    eq(put_policy(h2, FRIDAY_DINNER).status, 404, "write")
    eq(api("GET", policy_path(999999999), h2).status, 404, "no such restaurant")
    eq(api("GET", "/owner/restaurants/x/deposit-policy", h2).status, 404, "bad id")
    eq(stored(), before, "unchanged")
    # their own is theirs
    eq(api("GET", policy_path(ids["b"]), h2).status, 200, "own")
    # and a diner is no owner
    hd = bearer("diner@stolik.test")
    check(api("GET", policy_path(), hd).status in (403, 404), "diner read")
    check(put_policy(hd, FRIDAY_DINNER).status in (403, 404), "diner write")
    # no credentials at all
    eq(request("GET", "/api/v1" + policy_path()).status, 401, "anonymous")
    # the page of another owner's restaurant
    b = signed_in("owner2@stolik.test")
    page = b.get("/owner")
    r = b.post("/owner/r/%s/deposit" % ids["a"],
               {"csrf": csrf_of(page.text), "kind": "none"})
    eq(r.status, 404, "page write")
    eq(stored(), before, "unchanged by the page")


def test_api_key_scopes():
    owner = bearer("owner@stolik.test")
    keys = {}
    for scope in ("setup:read", "reservations:read"):
        r = post_json("/api/v1/me/api-keys", {"name": "dep " + scope,
                                              "scopes": [scope]}, headers=owner)
        eq(r.status, 201, r.text)
        keys[scope] = {"Authorization": "Bearer " + r.json()["key"]}
    eq(api("GET", policy_path(), keys["setup:read"]).status, 200, "read with read")
    eq(put_policy(keys["setup:read"], FRIDAY_DINNER).status, 403,
       "write needs setup:write")
    eq(api("GET", policy_path(), keys["reservations:read"]).status, 403,
       "read needs setup:read")


# --- the set-up page ---------------------------------------------------------------

def test_page_round_trip_and_errors():
    h = bearer("owner@stolik.test")
    put_policy(h, {"kind": "none"})
    b = signed_in("owner@stolik.test")
    page = b.get("/owner/r/%s/setup" % ids["a"])
    eq(page.status, 200, "set-up page")
    check('id="deposit"' in page.text, "a deposit section")
    check("Your services: Lunch, Dinner" in page.text or
          "Your services: Dinner, Lunch" in page.text, "services listed")
    tok = csrf_of(page.text)
    form = {"csrf": tok, "kind": "per_guest", "amount": "20", "currency": "EUR",
            "min_party": "6", "weekday_5": "1", "weekday_6": "1",
            "services": "dinner", "dates": "2027-12-31\n2027-02-14, 2027-12-31",
            "refund_hours": "48", "late_refund_percent": "0"}
    r = b.post("/owner/r/%s/deposit" % ids["a"], form)
    eq(r.status, 303, r.text[:300])
    check(r.header("location").endswith("saved=deposit#deposit"), "back to it")
    eq(stored(), "per_guest|2000|EUR|6|{5,6}|{dinner}|48|0|2027-02-14,2027-12-31",
       "the row")
    page = b.get(r.header("location"))
    check("Deposit policy saved." in page.text, "saved")
    check('name="amount" maxlength="24" value="20.00"' in page.text, "amount shown")
    check('name="weekday_5" value="1" checked' in page.text, "Friday ticked")
    check('name="weekday_1" value="1" checked' not in page.text, "Monday not")
    check('<option value="EUR" selected>' in page.text, "currency chosen")
    check("2027-02-14\n2027-12-31</textarea>" in page.text, "dates shown")
    eq(count("SELECT count(*) FROM audit_log WHERE action = 'setup_deposit' AND "
             "target = :'t'", t="restaurant:%s" % ids["a"]) >= 2, True, "audited")
    before = stored()
    # per-field errors, the form as typed, nothing written
    cases = [
        ({"amount": "25.001"}, "amount", "fewer decimal places"),
        ({"amount": "-3"}, "amount", "Enter an amount such as 25.00"),
        ({"amount": "1e3"}, "amount", "Enter an amount such as 25.00"),
        ({"amount": "99999999999999999999"}, "amount", "too large"),
        ({"amount": "25,00"}, "amount", "Enter an amount such as 25.00"),
        ({"amount": ""}, "amount", "This field is required"),
        ({"amount": "0.00"}, "amount", "above zero"),
        ({"amount": "1.5", "currency": "JPY"}, "amount", "fewer decimal places"),
        ({"currency": "ZZZ"}, "currency", "listed currencies"),
        ({"min_party": "0"}, "min_party", "allowed range"),
        ({"services": "Dinner, Brunch"}, "services", "as the opening hours do"),
        ({"dates": "2027-13-01"}, "dates", "YYYY-MM-DD"),
        ({"late_refund_percent": "150"}, "late_refund_percent", "allowed range"),
    ]
    for change, field, words in cases:
        r = b.post("/owner/r/%s/deposit" % ids["a"], dict(form, **change))
        eq(r.status, 422, "%r" % change)
        check("Please correct the fields marked below." in r.text, "banner %r" % change)
        check(words in r.text, "%r: the message (%s)" % (change, words))
        sent = change[field]
        if field in ("amount", "services", "min_party", "late_refund_percent"):
            check('value="%s"' % sent in r.text, "%r: typed value kept" % change)
        eq(stored(), before, "nothing written for %r" % change)
    # the form's kind none: no amount needed
    r = b.post("/owner/r/%s/deposit" % ids["a"], dict(form, kind="none", amount=""))
    eq(r.status, 303, r.text[:300])
    check(stored().startswith("none|0|EUR|6|"), "none stored: " + stored())


def test_page_needs_csrf():
    b = signed_in("owner@stolik.test")
    before = stored()
    r = b.post("/owner/r/%s/deposit" % ids["a"], {"kind": "per_booking",
                                                  "amount": "10.00"})
    eq(r.status, 403, "no token")
    r = b.post("/owner/r/%s/deposit" % ids["a"], {"csrf": "x" * 43,
                                                  "kind": "per_booking",
                                                  "amount": "10.00"})
    eq(r.status, 403, "a wrong token")
    eq(stored(), before, "nothing written")
    # and signed out: the login page, nothing written
    r = Browser().post("/owner/r/%s/deposit" % ids["a"], {"kind": "none"})
    check(r.status in (303, 401, 403), "anonymous: %d" % r.status)
    eq(stored(), before, "nothing written")


# --- what the diner sees -----------------------------------------------------------

def test_diner_sees_deposit_exactly_when_it_applies():
    h = bearer("owner@stolik.test")
    fri, sat, sun = day_with(5), day_with(6), day_with(7)
    special = day_with(3, 10)   # a Wednesday
    r = put_policy(h, dict(FRIDAY_DINNER, dates=[special]))
    eq(r.status, 200, r.text)
    release_holds()
    try:
        # Friday dinner, 6: 6 x 20.00
        page = hold_page(fri, "19:00", 6)
        check(SENTENCE % "120.00" in page, "the amount on the page")
        check(TERMS_50 in page, "the terms on the page")
        check(NOSHOW in page, "the no-show rule")
        check("Confirm booking" in page, "still confirmable")
        o = hold_api(sat, "20:00", 7)
        dep = o["deposit"]
        check(dep is not None, "the hold's JSON has it")
        eq(dep["amount"], 14000, "7 x 20.00")
        eq(dep["currency"], "EUR", "currency")
        eq(dep["exponent"], 2, "exponent")
        eq(dep["per_guest"], 2000, "per guest")
        eq(dep["amount_text"], "€140.00", "formatted")
        eq(dep["refund"], {"full_until_hours_before": 48, "late_percent": 50,
                           "noshow_percent": 0}, "terms")
        eq(dep["collected"], False, "not collected yet")
        check(NOSHOW in dep["text"] and "€140.00" in dep["text"], "text")
        # the same booking read back while held
        g = request("GET", "/api/v1/reservations/%s?t=%s" % (o["code"], o["token"]))
        eq(g.json()["deposit"]["amount"], 14000, "GET shows it while held")
        # not: a party of 5, a Friday lunch, a Sunday dinner
        eq(hold_api(fri, "20:00", 5)["deposit"], None, "party of 5")
        eq(hold_api(fri, "12:30", 8)["deposit"], None, "lunch")
        eq(hold_api(sun, "19:00", 8)["deposit"], None, "Sunday")
        page = hold_page(sun, "19:30", 8)
        check("deposit" not in page.lower(), "no deposit text on Sunday")
        # the special date: any service, whatever the weekday
        eq(hold_api(special, "12:00", 6)["deposit"]["amount"], 12000, "special lunch")
        eq(hold_api(special, "12:00", 5)["deposit"], None, "special, party of 5")
        # confirming it starts the payment (test_payments_flow has the rest)
        o = hold_api(fri, "21:00", 6)
        r = post_json("/api/v1/reservations", {
            "restaurant": A, "start": fri + "T21:00", "party": 6,
            "name": "Ann Deposit", "email": "ann.deposit@example.com",
            "phone": "+48 600 000 000", "hold": {"code": o["code"],
                                                  "token": o["token"]}})
        eq(r.status, 202, r.text[:300])
        eq((r.json()["status"], r.json()["amount"]), ("awaiting_payment", 12000),
           "awaiting its payment")
    finally:
        release_holds()


def test_flat_amount_and_terms_variants():
    h = bearer("owner@stolik.test")
    fri = day_with(5)
    release_holds()
    try:
        eq(put_policy(h, {"kind": "per_booking", "amount": 5000, "currency": "EUR",
                          "min_party": 1, "weekdays": [5], "refund_hours": 24,
                          "late_refund_percent": 0}).status, 200, "flat")
        o = hold_api(fri, "19:00", 2)
        eq(o["deposit"]["amount"], 5000, "flat, any party")
        check("per_guest" not in o["deposit"], "no per-guest figure")
        page = hold_page(fri, "19:30", 3)
        check("A deposit of €50.00 is required for this booking." in page, "sentence")
        check("at least 24 hours before; after that, nothing is refunded." in page,
              "no late refund")
        eq(put_policy(h, {"kind": "per_booking", "amount": 5000, "currency": "GBP",
                          "weekdays": [5], "late_refund_percent": 100}).status, 200,
           "all refunded")
        page = hold_page(fri, "20:00", 2)
        check("A deposit of £50.00 is required" in page, "pounds")
        check("Full refund whenever you cancel." in page, "always refunded")
    finally:
        release_holds()
        put_policy(h, {"kind": "none"})


def test_change_takes_effect_at_once():
    """The set-up is cached per worker and in shared memory: a policy change
    must drop it, so the very next page shows the new terms."""
    h = bearer("owner@stolik.test")
    fri = day_with(5)
    release_holds()
    try:
        put_policy(h, {"kind": "none"})
        # warm every worker's cache with the policy-less set-up
        for _ in range(8):
            eq(hold_api(fri, "19:00", 6)["deposit"], None, "none yet")
            release_holds()
        # the page form, then at once a hold
        b = signed_in("owner@stolik.test")
        page = b.get("/owner/r/%s/setup" % ids["a"])
        r = b.post("/owner/r/%s/deposit" % ids["a"], {
            "csrf": csrf_of(page.text), "kind": "per_guest", "amount": "20.00",
            "currency": "EUR", "min_party": "6", "weekday_5": "1",
            "services": "Dinner", "refund_hours": "48", "late_refund_percent": "50"})
        eq(r.status, 303, r.text[:300])
        for i in range(8):
            eq(hold_api(fri, "19:00", 6)["deposit"]["amount"], 12000,
               "the new policy, at once (%d)" % i)
            release_holds()
        # and by the API, back to none: gone at once
        eq(put_policy(h, {"kind": "none"}).status, 200, "none")
        for i in range(8):
            eq(hold_api(fri, "19:00", 6)["deposit"], None, "gone at once (%d)" % i)
            release_holds()
        # a special date added alone drops the cache too
        put_policy(h, dict(FRIDAY_DINNER, weekdays=[]))
        eq(hold_api(fri, "19:00", 6)["deposit"], None, "no weekday")
        release_holds()
        put_policy(h, dict(FRIDAY_DINNER, weekdays=[], dates=[fri]))
        for i in range(4):
            eq(hold_api(fri, "12:00", 6)["deposit"]["amount"], 12000,
               "the date, at once (%d)" % i)
            release_holds()
    finally:
        release_holds()
        put_policy(h, {"kind": "none"})


def test_cache_negative_control():
    """Two things keep the cached set-ups exact: the committing worker moves
    the restaurant's mark in shared memory (setup_changed), and the trigger's
    NOTIFY reaches the others. With the triggers gone, a change behind the
    app's back stays unseen; one through the app is still seen at once."""
    h = bearer("owner@stolik.test")
    fri = day_with(5)
    release_holds()
    put_policy(h, {"kind": "none"})
    for _ in range(4):
        hold_api(fri, "19:00", 6)
        release_holds()
    psql("DROP TRIGGER deposit_policies_setup ON deposit_policies;"
         "DROP TRIGGER deposit_dates_setup ON deposit_dates")
    try:
        psql("UPDATE deposit_policies SET kind = 'per_guest', amount = 2000, "
             "min_party = 6, weekdays = '{5}', services = '{Dinner}' "
             "WHERE restaurant_id = :'r'", r=ids["a"])
        # (a worker's copy may still be dropped for other reasons: its age,
        # a slot reused, another restaurant's change sharing its mark; the
        # control needs to see the stale copy, not that nothing else drops it)
        stale = 0
        for _ in range(8):
            stale += hold_api(fri, "19:00", 6)["deposit"] is None
            release_holds()
        check(stale >= 1, "without NOTIFY a cached set-up stays as it was: "
              "%d of 8 reads stale" % stale)
        eq(put_policy(h, dict(FRIDAY_DINNER, amount=2500)).status, 200, "stored")
        for i in range(4):
            eq(hold_api(fri, "19:00", 6)["deposit"]["amount"], 15000,
               "through the app: at once, NOTIFY or not (%d)" % i)
            release_holds()
    finally:
        psql("""
        CREATE TRIGGER deposit_policies_setup AFTER INSERT OR UPDATE OR DELETE
            ON deposit_policies FOR EACH ROW EXECUTE FUNCTION setup_notify();
        CREATE TRIGGER deposit_dates_setup AFTER INSERT OR UPDATE OR DELETE
            ON deposit_dates FOR EACH ROW EXECUTE FUNCTION setup_notify();
        SELECT pg_notify('stolik_setup', :'r')""", r=ids["a"])
        release_holds()
        put_policy(h, {"kind": "none"})


def test_schema_refuses_what_the_app_would():
    """The database is the last line: the same rules as CHECKs and FKs."""
    bad = [
        "INSERT INTO deposit_policies (restaurant_id, kind, amount) "
        "VALUES (%s, 'per_guest', 0)",
        "INSERT INTO deposit_policies (restaurant_id, kind, amount) "
        "VALUES (%s, 'none', 100)",
        "INSERT INTO deposit_policies (restaurant_id, kind, amount) "
        "VALUES (%s, 'per_guest', -5)",
        "INSERT INTO deposit_policies (restaurant_id, kind, amount) "
        "VALUES (%s, 'per_guest', 1000000000000)",
        "INSERT INTO deposit_policies (restaurant_id, kind, amount, currency) "
        "VALUES (%s, 'per_guest', 100, 'XXX')",
        "INSERT INTO deposit_policies (restaurant_id, kind, amount, weekdays) "
        "VALUES (%s, 'per_guest', 100, '{8}')",
        "INSERT INTO deposit_policies (restaurant_id, kind, amount, "
        "late_refund_percent) VALUES (%s, 'per_guest', 100, 101)",
        "INSERT INTO deposit_policies (restaurant_id, kind, amount, refund_hours) "
        "VALUES (%s, 'per_guest', 100, -1)",
        "INSERT INTO deposit_policies (restaurant_id, kind, amount, min_party) "
        "VALUES (%s, 'per_guest', 100, 0)",
    ]
    psql("DELETE FROM deposit_policies WHERE restaurant_id = :'r'", r=ids["b"])
    for sql in bad:
        out = psql("DO $$ BEGIN " + (sql % ids["b"]) + ";"
                   " EXCEPTION WHEN others THEN NULL; END $$;\n"
                   "SELECT count(*) FROM deposit_policies WHERE restaurant_id = "
                   + str(ids["b"]))
        eq(out.strip(), "0", sql)
    eq(psql("SELECT exponent FROM currencies WHERE code = 'JPY'"), "0", "JPY")
    eq(psql("SELECT exponent FROM currencies WHERE code = 'HUF'"), "2", "HUF")


def test_demo_restaurant_has_a_policy():
    h = bearer("owner@stolik.test")
    rid = psql("SELECT id FROM restaurants WHERE slug = 'trattoria-castagna'")
    r = api("GET", policy_path(rid), h)
    eq(r.status, 200, r.text)
    o = r.json()
    eq((o["kind"], o["amount"], o["currency"], o["min_party"], o["weekdays"],
        o["services"], o["refund_hours"], o["late_refund_percent"]),
       ("per_guest", 2000, "EUR", 6, [5, 6], ["Dinner"], 48, 0), "the demo policy")
