"""test_walkins.py: the owner's same-day walk-in list (issue 18, part 3): add, estimate,
"table ready", seat, leave; its access control, CSRF and escaping."""

import json
import re

from stolik_test import (Browser, cgi, check, count, csrf_of, eq, mails, post_json,
                         psql, request, token_hash, wait_mails, wait_until)

DEMO = "stolik-demo"
TZ = "Europe/Warsaw"
R = "walkin-bistro"        # owner@stolik.test's, two tables of 1 to 4
BUSY = "walkin-busy"       # both tables taken from now for two hours
SEAT = "walkin-seat"       # for seating
ids = {}


def restaurant(slug, tables=2):
    psql("""
    INSERT INTO restaurants (owner_id, slug, name, city, address, phone, email,
        timezone, slot_minutes, booking_window_days, min_notice_minutes,
        cancel_cutoff_minutes, max_party, confirmation_mode, status)
    SELECT id, :'s', 'Walk-in ' || :'s', 'Warszawa', 'ul. Kolejki 1',
        '+48 22 111 22 33', 'host@' || :'s' || '.example', :'tz', 30, 60, 0, 60,
        8, 'auto', 'active'
    FROM users WHERE email = 'owner@stolik.test';
    INSERT INTO opening_hours (restaurant_id, weekday, opens, closes)
    SELECT r.id, d, '00:00', '23:59' FROM restaurants r, generate_series(1, 7) d
    WHERE r.slug = :'s';
    INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max)
    SELECT r.id, 'W' || n, 1, 4 FROM restaurants r, generate_series(1, :'n'::int) n
    WHERE r.slug = :'s';
    INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)
    SELECT id, 1, 8, 90 FROM restaurants WHERE slug = :'s';
    """, s=slug, tz=TZ, n=tables)
    return psql("SELECT id FROM restaurants WHERE slug = :'s'", s=slug)


def busy(slug, label, minutes=120, code=None):
    """A seated booking on table label from a minute ago for minutes."""
    code = code or ("WB" + slug.upper().replace("-", "")[:6] + label)[:12].ljust(8, "0")
    psql("""
    INSERT INTO reservations (code, restaurant_id, table_id, guest_name, guest_phone,
        party_size, starts_at, ends_at, status, source)
    SELECT :'c', r.id, t.id, 'Busy', '', 2, now() - interval '1 minute',
        now() + make_interval(mins => :'m'::int), 'seated', 'walk_in'
    FROM restaurants r JOIN dining_tables t ON t.restaurant_id = r.id
    WHERE r.slug = :'s' AND t.label = :'l'""", c=code, s=slug, l=label, m=minutes)


def setup_module():
    ids["r"] = restaurant(R)
    ids["busy"] = restaurant(BUSY)
    ids["seat"] = restaurant(SEAT)
    busy(BUSY, "W1", code="WBBUSY0001")
    busy(BUSY, "W2", code="WBBUSY0002")


def teardown_module():
    psql("""
    DELETE FROM outbox WHERE kind = 'walkin_ready' OR reservation_id IN (SELECT v.id
        FROM reservations v JOIN restaurants r ON r.id = v.restaurant_id
        WHERE r.slug LIKE 'walkin-%');
    DELETE FROM reservations WHERE restaurant_id IN (SELECT id FROM restaurants
        WHERE slug LIKE 'walkin-%');
    DELETE FROM restaurants WHERE slug LIKE 'walkin-%';
    """)


def signed_in(email):
    b = Browser()
    page = b.get("/login")
    r = b.post("/login", {"csrf": csrf_of(page.text), "email": email, "password": DEMO})
    eq(r.status, 303, "login " + email)
    return b


def bearer(email):
    r = post_json("/api/v1/auth/token", {"grant_type": "password", "email": email,
                                         "password": DEMO})
    eq(r.status, 200, r.text)
    return {"Authorization": "Bearer " + r.json()["access_token"]}


def api(method, path, headers, body=None, extra=None):
    h = dict(headers, **{"Content-Type": "application/json"})
    if extra:
        h.update(extra)
    return request(method, "/api/v1" + path, body=json.dumps(body) if body is not None
                   else None, headers=h)


def walkins_path(rid):
    return "/owner/restaurants/%s/walkins" % rid


def entry_of(rid, name):
    return psql("SELECT id FROM walkins WHERE restaurant_id = :'r' AND name = :'n'",
                r=rid, n=name)


# --- add, list, estimate ---------------------------------------------------------------

def test_add_list_and_estimate():
    owner = signed_in("owner@stolik.test")
    page = owner.get("/owner/r/%s/day" % ids["r"])
    eq(page.status, 200, "day sheet")
    check('id="walkins"' in page.text, "the day sheet has the walk-in list")
    check("Nobody on the walk-in list" in page.text, "empty at first")
    check("2 guests <strong>0 min</strong>" in page.text, "an empty room: no wait")
    r = owner.post("/owner/r/%s/walkins" % ids["r"], {
        "csrf": csrf_of(page.text), "back": "day", "name": "Kowalski", "party": "3",
        "phone": "+48 600 100 200", "quoted": ""})
    eq(r.status, 303, r.text[:300])
    check(r.header("location").startswith("/owner/r/%s/day?walkin=added" % ids["r"]),
          r.header("location"))
    eq(psql("SELECT status || ' ' || quoted_minutes || ' ' || party || ' ' || "
            "(day = (now() AT TIME ZONE :'tz')::date) FROM walkins WHERE "
            "restaurant_id = :'r'", r=ids["r"], tz=TZ), "waiting 0 3 true",
       "stored, quoted the estimate (0), today's date")
    page = owner.get(r.header("location"))
    check("Kowalski" in page.text and "Added to the list." in page.text, "listed")
    h = bearer("owner@stolik.test")
    got = api("GET", walkins_path(ids["r"]) + "?party=2", h)
    eq(got.status, 200, got.text)
    o = got.json()
    eq([(i["name"], i["party"], i["status"], i["estimate"]) for i in o["items"]],
       [("Kowalski", 3, "waiting", 0)], "the list with its estimate")
    eq(o["estimate"], {"party": 2, "wait": 0}, "a second table is still free")
    # the API adds too, with a quote of the host's own
    got = api("POST", walkins_path(ids["r"]), h, {"name": "Nowak", "party": 2,
                                                  "quoted": 25})
    eq(got.status, 201, got.text)
    eq((got.json()["name"], got.json()["quoted"], got.json()["estimate"]),
       ("Nowak", 25, 0), "created")
    got = api("GET", walkins_path(ids["r"]) + "?party=4", h)
    eq(got.json()["estimate"]["wait"], 90, "both tables go to the list: a turn's wait")
    eq(api("GET", "%s/%s" % (walkins_path(ids["r"]), o["items"][0]["id"]), h).json()
       ["name"], "Kowalski", "one entry")
    # the audit log has the owner's additions
    eq(count("SELECT count(*) FROM audit_log WHERE action = 'walkin_add' AND "
             "target IN (SELECT 'walkin:' || id FROM walkins WHERE restaurant_id = :'r')",
             r=ids["r"]), 2, "audited")


def test_estimate_busy_tables_and_parties_ahead():
    """All tables taken for two hours: 120 minutes; two parties ahead: a turn more."""
    h = bearer("owner@stolik.test")
    o = api("GET", walkins_path(ids["busy"]) + "?party=2", h).json()
    eq(o["estimate"]["wait"], 120, "until the tables come free")
    for name in ("Ahead One", "Ahead Two"):
        r = api("POST", walkins_path(ids["busy"]), h, {"name": name, "party": 2})
        eq(r.status, 201, r.text)
        eq(r.json()["quoted"], 120, "quoted the estimate")
    o = api("GET", walkins_path(ids["busy"]) + "?party=2", h).json()
    eq([i["estimate"] for i in o["items"]], [120, 120], "each ahead gets a table at once")
    eq(o["estimate"]["wait"], 210, "the third waits for a turn more")
    # a party too large for any table has no estimate
    eq(api("GET", walkins_path(ids["busy"]) + "?party=9", h).json()["estimate"]["wait"],
       None, "no table today")
    # the page shows the same, and prefills the quote with it
    owner = signed_in("owner@stolik.test")
    page = owner.get("/owner/r/%s/walkins?party=2" % ids["busy"])
    eq(page.status, 200, "the list's page")
    check(re.search(r'id="w-quoted"[^>]*value="210"', page.text), "prefilled quote")
    check("estimate now <strong>120 min</strong>" in page.text, "per entry")


def test_bad_input_no_row():
    owner = signed_in("owner@stolik.test")
    page = owner.get("/owner/r/%s/walkins" % ids["r"])
    before = count("SELECT count(*) FROM walkins")
    r = owner.post("/owner/r/%s/walkins" % ids["r"], {
        "csrf": csrf_of(page.text), "name": "", "party": "0", "email": "not-an-address",
        "quoted": "9999"})
    eq(r.status, 422, "the form again")
    for field in ("w-name", "w-party", "w-email", "w-quoted"):
        check(re.search(r'id="%s"[^>]*aria-invalid="true"' % field, r.text),
              "%s marked" % field)
    check("Please correct the fields marked below." in r.text, "said so")
    h = bearer("owner@stolik.test")
    got = api("POST", walkins_path(ids["r"]), h, {"name": "x" * 101, "party": "two"})
    eq(got.status, 422, got.text)
    eq(sorted(got.json()["errors"]), ["name", "party"], "per field")
    got = api("PATCH", "%s/%s" % (walkins_path(ids["r"]), entry_of(ids["r"], "Nowak")), h,
              {"action": "dance"})
    eq(got.status, 422, "an unknown action")
    eq(count("SELECT count(*) FROM walkins"), before, "nothing written")


# --- "table ready" ---------------------------------------------------------------------

def test_table_ready_mails_once():
    owner = signed_in("owner@stolik.test")
    page = owner.get("/owner/r/%s/day" % ids["r"])
    r = owner.post("/owner/r/%s/walkins" % ids["r"], {
        "csrf": csrf_of(page.text), "name": "Ready <Guest>", "party": "2",
        "email": "ready.guest@example.com", "quoted": "10"})
    eq(r.status, 303, r.text[:300])
    wid = entry_of(ids["r"], "Ready <Guest>")
    page = owner.get("/owner/r/%s/day" % ids["r"])
    for _ in range(2):
        r = owner.post("/owner/r/%s/walkins/%s/notify" % (ids["r"], wid),
                       {"csrf": csrf_of(page.text), "back": "day"})
        eq(r.status, 303, r.text[:300])
    eq(psql("SELECT status FROM walkins WHERE id = :'w'", w=wid), "notified", "status")
    eq(count("SELECT count(*) FROM outbox WHERE kind = 'walkin_ready' AND "
             "dedupe_key = 'walkin_ready:' || :'w'", w=wid), 1, "one mail queued")
    got = wait_mails(lambda m: "ready.guest@example.com" in str(m["to"]))
    m = got[0][1]
    check("table is ready" in m["subject"].lower(), m["subject"])
    check("Walk-in walkin-bistro" in m["subject"], "names the restaurant")
    text = m.get_body(("plain",)).get_content()
    check("Ready" in text and "table for 2 at" in text, text)
    html = m.get_body(("html",)).get_content()
    check("Ready &lt;Guest&gt;" in html and "<Guest>" not in html, "escaped in HTML")
    check(wait_until(lambda: psql("SELECT status FROM outbox WHERE dedupe_key = "
                                  "'walkin_ready:' || :'w'", w=wid) == "sent", 15),
          "sent")
    eq(len(mails(lambda m: "ready.guest@example.com" in str(m["to"]))), 1,
       "once, though pressed twice")
    # an entry without an address is only marked
    h = bearer("owner@stolik.test")
    nid = entry_of(ids["r"], "Kowalski")
    got = api("PATCH", "%s/%s" % (walkins_path(ids["r"]), nid), h, {"action": "notify"})
    eq(got.status, 200, got.text)
    eq(got.json()["status"], "notified", "marked")
    eq(count("SELECT count(*) FROM outbox WHERE dedupe_key = 'walkin_ready:' || :'w'",
             w=nid), 0, "no mail without an address")
    # the mail ledger (the admin's outbox) lists it
    admin = signed_in("admin@stolik.test")
    ledger = admin.get("/admin/outbox")
    eq(ledger.status, 200, "ledger")
    check("walkin_ready" in ledger.text and "ready.guest@example.com" in ledger.text,
          "in the mail ledger")
    eq(count("SELECT count(*) FROM audit_log WHERE action = 'walkin_notify' AND "
             "target = 'walkin:' || :'w'", w=wid), 2, "each press audited")


# --- seat ------------------------------------------------------------------------------

def test_seat_creates_a_seated_walk_in():
    h = bearer("owner@stolik.test")
    got = api("POST", walkins_path(ids["seat"]), h, {"name": "Seat Me", "party": 2,
                                                     "phone": "+48 600 300 400"})
    eq(got.status, 201, got.text)
    wid = got.json()["id"]
    owner = signed_in("owner@stolik.test")
    page = owner.get("/owner/r/%s/day" % ids["seat"])
    check('action="/owner/r/%s/walkins/%s/seat"' % (ids["seat"], wid) in page.text,
          "a seat form on the day sheet")
    r = owner.post("/owner/r/%s/walkins/%s/seat" % (ids["seat"], wid),
                   {"csrf": csrf_of(page.text), "back": "day", "table": "auto"})
    eq(r.status, 303, r.text[:300])
    code = re.search(r"code=([0-9A-Z]+)", r.header("location")).group(1)
    row = psql("SELECT v.status || ' ' || v.source || ' ' || v.party_size || ' ' || "
               "v.guest_name || ' ' || t.label FROM reservations v JOIN dining_tables t "
               "ON t.id = v.table_id WHERE v.code = :'c'", c=code)
    eq(row, "seated walk_in 2 Seat Me W1", "a seated walk-in on the first free table")
    eq(psql("SELECT w.status || ' ' || (w.reservation_id = v.id) || ' ' || "
            "(w.seated_at IS NOT NULL) FROM walkins w, reservations v "
            "WHERE w.id = :'w' AND v.code = :'c'", w=wid, c=code), "seated true true",
       "the entry links it")
    note = psql("SELECT note FROM reservation_events e JOIN reservations v ON "
                "v.id = e.reservation_id WHERE v.code = :'c'", c=code)
    check("walk-in list" in note, "the history says where it came from: %r" % note)
    b = owner.get("/owner/b/" + code)
    check("walk-in list" in b.text, "on the booking's page")
    got = api("GET", "%s/%s" % (walkins_path(ids["seat"]), wid), h).json()
    eq((got["status"], got["booking"], got["table"], got["estimate"]),
       ("seated", code, "W1", None), "the API shows the link")
    eq(count("SELECT count(*) FROM audit_log WHERE action = 'walkin_seat' AND "
             "target = 'walkin:' || :'w'", w=wid), 1, "audited")
    # seated already: a second seat is refused and changes nothing
    n = count("SELECT count(*) FROM reservations")
    got = api("PATCH", "%s/%s" % (walkins_path(ids["seat"]), wid), h, {"action": "seat"})
    eq(got.status, 409, got.text)
    eq(got.json()["errors"], {"entry": "walkin_state"}, "not waiting")
    eq(count("SELECT count(*) FROM reservations"), n, "no second booking")


def test_seat_on_an_occupied_table():
    h = bearer("owner@stolik.test")
    w2 = psql("SELECT t.id FROM dining_tables t JOIN restaurants r ON "
              "r.id = t.restaurant_id WHERE r.slug = :'s' AND t.label = 'W2'", s=SEAT)
    busy(SEAT, "W2", code="WBSEAT0002")
    got = api("POST", walkins_path(ids["seat"]), h, {"name": "Occupied", "party": 2})
    wid = got.json()["id"]
    n = count("SELECT count(*) FROM reservations")
    got = api("PATCH", "%s/%s" % (walkins_path(ids["seat"]), wid), h,
              {"action": "seat", "table": int(w2)})
    eq(got.status, 409, got.text)
    eq(got.json()["errors"], {"table": "table_taken_now"}, "said which")
    check("taken now" in got.json()["detail"], got.json()["detail"])
    owner = signed_in("owner@stolik.test")
    page = owner.get("/owner/r/%s/walkins" % ids["seat"])
    r = owner.post("/owner/r/%s/walkins/%s/seat" % (ids["seat"], wid),
                   {"csrf": csrf_of(page.text), "table": w2})
    eq(r.status, 409, "the page again")
    check("That table is taken now" in r.text, "a clear message")
    eq(count("SELECT count(*) FROM reservations"), n, "no booking written")
    eq(psql("SELECT status || ' ' || (reservation_id IS NULL) FROM walkins "
            "WHERE id = :'w'", w=wid), "waiting true", "still waiting")
    # both tables taken (W1 by Seat Me, W2 here): any table is none
    got = api("PATCH", "%s/%s" % (walkins_path(ids["seat"]), wid), h, {"action": "seat"})
    eq((got.status, got.json()["errors"]), (409, {"table": "no_table_now"}), "none free")
    # the party leaves: ended, and nothing more can happen to it
    got = api("PATCH", "%s/%s" % (walkins_path(ids["seat"]), wid), h, {"action": "leave"})
    eq((got.status, got.json()["status"]), (200, "left"), got.text)
    got = api("PATCH", "%s/%s" % (walkins_path(ids["seat"]), wid), h, {"action": "notify"})
    eq(got.status, 409, "not waiting any more")
    # yesterday's list is over: no table ready, no seat; ending it still works
    old = psql("""INSERT INTO walkins (restaurant_id, day, name, party, quoted_minutes,
        created_at) SELECT id, (now() AT TIME ZONE timezone)::date - 1, 'Yesterday', 2,
        0, now() - interval '1 day' FROM restaurants WHERE slug = :'s' RETURNING id""",
                s=SEAT).split()[0]
    n = count("SELECT count(*) FROM reservations")
    for act in ("notify", "seat"):
        got = api("PATCH", "%s/%s" % (walkins_path(ids["seat"]), old), h, {"action": act})
        eq((got.status, got.json()["errors"]), (409, {"entry": "walkin_state"}), act)
    eq(count("SELECT count(*) FROM reservations"), n, "no booking")
    got = api("PATCH", "%s/%s" % (walkins_path(ids["seat"]), old), h, {"action": "cancel"})
    eq((got.status, got.json()["status"]), (200, "cancelled"), got.text)


def test_deadlocks_are_retried_then_503():
    h = bearer("owner@stolik.test")
    got = api("POST", walkins_path(ids["r"]), h, {"name": "Retry", "party": 2},
              extra={"X-Stolik-Test-Conflicts": "2"})
    eq(got.status, 201, "two made-up deadlocks, then it works: " + got.text)
    n = count("SELECT count(*) FROM walkins")
    got = api("POST", walkins_path(ids["r"]), h, {"name": "Never", "party": 2},
              extra={"X-Stolik-Test-Conflicts": "99"})
    eq(got.status, 503, got.text)
    check(got.header("retry-after"), "Retry-After")
    eq(count("SELECT count(*) FROM walkins"), n, "nothing written")


# --- who may -----------------------------------------------------------------------------

def test_another_owner_cannot_see_or_act():
    wid = entry_of(ids["r"], "Nowak")
    intruder = signed_in("owner2@stolik.test")
    token = csrf_of(intruder.get("/account").text)
    before = psql("SELECT md5(string_agg(w::text, '|' ORDER BY id)) FROM walkins w")
    outbox = count("SELECT count(*) FROM outbox")
    eq(intruder.get("/owner/r/%s/walkins" % ids["r"]).status, 404, "the page")
    for act, fields in (("notify", {}), ("seat", {"table": "auto"}),
                        ("end", {"to": "left"})):
        r = intruder.post("/owner/r/%s/walkins/%s/%s" % (ids["r"], wid, act),
                          dict(fields, csrf=token))
        eq(r.status, 404, act)
    r = intruder.post("/owner/r/%s/walkins" % ids["r"], {"csrf": token, "name": "In",
                                                          "party": "2"})
    eq(r.status, 404, "adding to another's list")
    h = bearer("owner2@stolik.test")
    eq(api("GET", walkins_path(ids["r"]), h).status, 404, "API list")
    r = api("GET", "%s/%s" % (walkins_path(ids["r"]), wid), h)
    eq(r.status, 404, "API entry")
    check("Nowak" not in r.text, "no leak")
    for act in ("notify", "seat", "leave", "cancel"):
        eq(api("PATCH", "%s/%s" % (walkins_path(ids["r"]), wid), h,
               {"action": act}).status, 404, "API " + act)
    eq(api("POST", walkins_path(ids["r"]), h, {"name": "In", "party": 2}).status, 404,
       "API add")
    # even B's own restaurant id with A's entry id: the entry is A's restaurant's
    b_rid = psql("SELECT min(r.id) FROM restaurants r JOIN users u ON u.id = r.owner_id "
                 "WHERE u.email = 'owner2@stolik.test'")
    eq(api("PATCH", "%s/%s" % (walkins_path(b_rid), wid), h, {"action": "cancel"}).status,
       404, "another restaurant's entry")
    eq(psql("SELECT md5(string_agg(w::text, '|' ORDER BY id)) FROM walkins w"), before,
       "nothing changed")
    eq(count("SELECT count(*) FROM outbox"), outbox, "no mail")


def test_ownership_check_off_goes_red():
    """Negative control: with the ownership checks off, owner B reads A's list."""
    intruder = signed_in("owner2@stolik.test")
    env = {"HTTP_COOKIE": "sid=" + intruder.cookies["sid"]}
    r = cgi("/owner/r/%s/walkins" % ids["r"], env=env)
    eq(r.status, 404, "protected")
    r = cgi("/owner/r/%s/walkins" % ids["r"], env=env, extra_conf="Test.OwnerCheckOff = 1")
    eq(r.status, 200, "check off: the page is served")
    check("Nowak" in r.body.decode(), "and A's walk-in list is in it")


def test_csrf_refused():
    owner = signed_in("owner@stolik.test")
    other = signed_in("owner2@stolik.test")
    their = csrf_of(other.get("/account").text)
    wid = entry_of(ids["r"], "Nowak")
    before = psql("SELECT md5(string_agg(w::text, '|' ORDER BY id)) FROM walkins w")
    for path, fields in (("/owner/r/%s/walkins" % ids["r"], {"name": "Forged",
                                                             "party": "2"}),
                         ("/owner/r/%s/walkins/%s/notify" % (ids["r"], wid), {}),
                         ("/owner/r/%s/walkins/%s/seat" % (ids["r"], wid), {}),
                         ("/owner/r/%s/walkins/%s/end" % (ids["r"], wid),
                          {"to": "cancelled"})):
        eq(owner.post(path, fields).status, 403, "no token: " + path)
        eq(owner.post(path, dict(fields, csrf=their)).status, 403,
           "another session's token: " + path)
    eq(psql("SELECT md5(string_agg(w::text, '|' ORDER BY id)) FROM walkins w"), before,
       "nothing changed")
    # control: with its own token the same request goes through
    page = owner.get("/owner/r/%s/walkins" % ids["r"])
    r = owner.post("/owner/r/%s/walkins/%s/end" % (ids["r"], wid),
                   {"csrf": csrf_of(page.text), "to": "cancelled"})
    eq(r.status, 303, "genuine")
    eq(psql("SELECT status FROM walkins WHERE id = :'w'", w=wid), "cancelled", "changed")


def test_name_is_escaped_on_the_day_sheet():
    h = bearer("owner@stolik.test")
    evil = '<script>alert("w")</script>&amp;\'x'
    got = api("POST", walkins_path(ids["r"]), h, {"name": evil, "party": 2})
    eq(got.status, 201, got.text)
    owner = signed_in("owner@stolik.test")
    for path in ("/owner/r/%s/day" % ids["r"], "/owner/r/%s/walkins" % ids["r"]):
        page = owner.get(path)
        eq(page.status, 200, path)
        check('<script>alert("w")' not in page.text, "raw name on " + path)
        check("&lt;script&gt;alert(&quot;w&quot;)&lt;/script&gt;&amp;amp;&#39;x"
              in page.text or "&lt;script&gt;alert(&quot;w&quot;)&lt;/script&gt;&amp;amp;"
              "&#x27;x" in page.text, "escaped on " + path)
