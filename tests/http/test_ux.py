"""test_ux.py: issue 19, what a new user tripped over: search paging and
messages, closing days, requests, sign-in and sign-out pages, incomplete
links, field errors tied to their fields, mail wording."""

import html
import re

from stolik_test import (Browser, check, csrf_of, eq, get, local_date, mail_text,
                         psql, wait_mails)
from test_owner import signed_in

TZ = "Europe/Kyiv"
AUTO, MANUAL, SHUT = "ux-auto", "ux-manual", "ux-mondays"


def setup_module():
    psql("""
    INSERT INTO restaurants (owner_id, slug, name, cuisine, city, address, phone,
        email, timezone, slot_minutes, booking_window_days, min_notice_minutes,
        cancel_cutoff_minutes, max_party, confirmation_mode, status)
    SELECT id, s, n, 'bistro', 'Uxville', 'Ux street 1', '+380 44 000 00 19',
        'owner@' || s || '.example', :'tz', 30, 60, 0, 60, 6, m::confirmation_mode,
        'active'
    FROM users, (VALUES (:'a', 'Ux Auto', 'auto'), (:'m', 'Ux Manual', 'manual'),
                        (:'s', 'Ux Mondays', 'auto')) v(s, n, m)
    WHERE email = 'owner@stolik.test';
    -- every day, except that ux-mondays never opens on a Monday
    INSERT INTO opening_hours (restaurant_id, weekday, opens, closes, name)
    SELECT r.id, d, '10:00', '23:00', 'All day' FROM restaurants r,
        generate_series(1, 7) d
    WHERE r.slug IN (:'a', :'m') OR (r.slug = :'s' AND d <> 1);
    INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max)
    SELECT r.id, t.label, t.lo, t.hi FROM restaurants r,
        (VALUES ('T1', 1, 2), ('T2', 2, 4), ('T10', 2, 6)) t(label, lo, hi)
    WHERE r.slug IN (:'a', :'m', :'s');
    INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)
    SELECT id, 1, 6, 90 FROM restaurants WHERE slug IN (:'a', :'m', :'s');
    """, tz=TZ, a=AUTO, m=MANUAL, s=SHUT)


def teardown_module():
    psql("""
    DELETE FROM outbox WHERE reservation_id IN (SELECT v.id FROM reservations v
        JOIN restaurants r ON r.id = v.restaurant_id WHERE r.slug LIKE 'ux-%');
    DELETE FROM reservations WHERE restaurant_id IN (SELECT id FROM restaurants
        WHERE slug LIKE 'ux-%');
    DELETE FROM restaurants WHERE slug LIKE 'ux-%';
    DELETE FROM outbox WHERE dedupe_key LIKE 'ux-page:%';
    DELETE FROM login_attempts;
    """)


def hold(b, slug, date, time, party):
    page = b.get("/r/%s?date=%s&party=%d" % (slug, date, party))
    return b.post("/r/%s/hold" % slug, {"csrf": csrf_of(page.text), "date": date,
                                        "time": time, "party": str(party)})


def book(b, slug, date, time, party, email="ux@example.com"):
    r = hold(b, slug, date, time, party)
    eq(r.status, 303, "hold: %s" % r.text[:300])
    details = r.header("location")
    page = b.get(details)
    code, token = re.match(r"/b/([0-9A-Z]+)/details\?t=(.+)", details).groups()
    r = b.post("/b/%s/details" % code, {"csrf": csrf_of(page.text), "t": token,
                                        "name": "Uma Ux", "email": email,
                                        "phone": "+380 50 000 19 19"})
    eq(r.status, 303, "confirm: %s" % r.text[:300])
    return code, token


def monday(days_at_least):
    return psql("SELECT d::date::text FROM generate_series((now() AT TIME ZONE :'tz')"
                "::date + :'n'::int, (now() AT TIME ZONE :'tz')::date + :'n'::int + 6,"
                " '1 day') d WHERE extract(isodow FROM d) = 1", tz=TZ, n=days_at_least)


# --- 1, 2: search -------------------------------------------------------------------

def test_search_paging_keeps_date_time_and_party():
    d = local_date(TZ, 9)
    r = get("/search?date=%s&time=19:00&party=3" % d)
    eq(r.status, 200, "status")
    nxt = re.search(r'rel="next" href="([^"]+)"', r.text)
    check(nxt, "a second page")
    link = html.unescape(nxt.group(1))
    for part in ("date=" + d, "time=19%3A00", "party=3", "page=2"):
        check(part in link, "next link keeps %s: %s" % (part, link))
    page2 = get(link)
    eq(page2.status, 200, "page 2")
    check('rel="prev"' in page2.text and "time=19%3A00" in page2.text,
          "and the way back keeps them too")
    # the cards take them to the restaurant's page
    check('href="/r/%s?date=%s&amp;party=3&amp;time=19%%3A00#book"' % (AUTO, d)
          in get("/search?q=ux+auto&date=%s&time=19:00&party=3" % d).text,
          "the card's link carries date, party and time")
    # control: without a date the links stay bare
    check('href="/r/%s"' % AUTO in get("/search?q=ux+auto").text, "bare card link")


def test_search_date_or_time_alone_and_past_dates():
    d = local_date(TZ, 9)
    r = get("/search?q=ux&date=%s" % d)
    eq(r.status, 200, "a date alone")
    check("Add a time as well" in r.text, "asks for the time: " + r.text[-1500:])
    r = get("/search?q=ux&time=19:00")
    eq(r.status, 200, "a time alone")
    check("Add a date as well" in r.text, "asks for the date")
    r = get("/search?q=ux&date=2024-03-05&time=19:00&party=2")
    eq(r.status, 200, "a past date")
    check("That date has passed" in r.text, "says the date has passed")
    check("No free table near that time" not in r.text, "not 'no free table' per card")
    # control: date and time together show times and no such message
    r = get("/search?q=ux+auto&date=%s&time=19:00&party=2" % d)
    check("Add a" not in r.text and "has passed" not in r.text, "no message")
    check('name="time" value="19:00"' in r.text, "times shown")


# --- 3: a weekly closing day ------------------------------------------------------------

def test_weekly_closing_day_says_closed_on_mondays():
    mon = monday(3)
    r = get("/r/%s?date=%s&party=2" % (SHUT, mon))
    eq(r.status, 200, "status")
    check("Closed on Mondays" in r.text, "closed on Mondays: " + r.text[-2500:])
    check("No free tables on" not in r.text, "not 'no free tables'")
    # control: the same day at a restaurant open on Mondays has times
    r = get("/r/%s?date=%s&party=2" % (AUTO, mon))
    check("Closed on" not in r.text and 'name="time"' in r.text, "open on Mondays")


# --- 6, 7: the details form ---------------------------------------------------------------

def test_manual_restaurant_says_send_request():
    d = local_date(TZ, 10)
    for slug, want, not_want in ((MANUAL, "Send request", "Confirm booking"),
                                 (AUTO, "Confirm booking", "Send request")):
        b = Browser()
        r = hold(b, slug, d, "12:00", 2)
        eq(r.status, 303, "hold")
        page = b.get(r.header("location"))
        check(want in page.text and not_want not in page.text,
              "%s: %s, not %s" % (slug, want, not_want))
    b = Browser()
    page = b.get(hold(b, MANUAL, d, "13:00", 2).header("location"))
    check("This is a request" in page.text, "explained before submit")


def test_signed_in_diner_details_are_filled_in():
    d = local_date(TZ, 11)
    b = signed_in("diner@stolik.test")
    name, phone = psql("SELECT name || '|' || coalesce(phone, '') FROM users "
                       "WHERE email = 'diner@stolik.test'").split("|")
    page = b.get(hold(b, AUTO, d, "12:00", 2).header("location"))
    eq(page.status, 200, "details")
    check('value="diner@stolik.test"' in page.text, "email filled in")
    check('value="%s"' % html.escape(name) in page.text, "name filled in")
    if phone:
        check('value="%s"' % html.escape(phone) in page.text, "phone filled in")
    # control: nobody signed in, nothing filled in
    a = Browser()
    page = a.get(hold(a, AUTO, d, "13:00", 2).header("location"))
    check('value="diner@stolik.test"' not in page.text, "empty for a guest")


# --- 13: field errors ---------------------------------------------------------------------

def test_field_errors_are_tied_to_their_fields():
    d = local_date(TZ, 12)
    b = Browser()
    r = hold(b, AUTO, d, "12:00", 2)
    details = r.header("location")
    page = b.get(details)
    code, token = re.match(r"/b/([0-9A-Z]+)/details\?t=(.+)", details).groups()
    r = b.post("/b/%s/details" % code, {"csrf": csrf_of(page.text), "t": token,
                                        "name": "Uma", "email": "not-an-email",
                                        "phone": "+380 50 000 19 19"})
    eq(r.status, 422, "field error")
    check(re.search(r'id="f-email"[^>]*aria-invalid="true" aria-describedby="f-email-err"',
                    r.text), "the field names its message")
    check('<p class="field-error" id="f-email-err"' in r.text, "the message has the id")
    check('aria-describedby="f-name-err"' not in r.text, "only the bad field")
    check("/static/js/stolik.js" in r.text, "the script that moves focus is there")


# --- 8: owners ----------------------------------------------------------------------------

def test_owner_change_onto_a_taken_table_says_so():
    owner = signed_in("owner@stolik.test")
    d = local_date(TZ, 14)
    rid = psql("SELECT id FROM restaurants WHERE slug = :'s'", s=AUTO)
    a, _ = book(Browser(), AUTO, d, "12:00", 2, email="ux.a@example.com")
    b, _ = book(Browser(), AUTO, d, "19:00", 2, email="ux.b@example.com")
    table_b = psql("SELECT table_id FROM reservations WHERE code = :'c'", c=b)
    page = owner.get("/owner/b/" + a)
    eq(page.status, 200, "the owner's booking page")
    check('action="/owner/b/%s/change"' % a in page.text, "the change form")
    # onto b's table at b's time: refused by the constraint, and said clearly
    r = owner.post("/owner/b/%s/change" % a, {"csrf": csrf_of(page.text), "date": d,
                                              "time": "19:00", "party": "2",
                                              "table": table_b})
    eq(r.status, 409, "taken")
    check("That table is taken then." in r.text, "says why")
    eq(psql("SELECT to_char(starts_at AT TIME ZONE :'tz', 'HH24:MI') FROM "
            "reservations WHERE code = :'c'", c=a, tz=TZ), "12:00", "not moved")
    # the same table later, and a bigger party: moved
    r = owner.post("/owner/b/%s/change" % a, {"csrf": csrf_of(page.text), "date": d,
                                              "time": "21:00", "party": "4",
                                              "table": table_b})
    eq(r.status, 303, "moved: " + r.text[:300])
    eq(psql("SELECT to_char(starts_at AT TIME ZONE :'tz', 'HH24:MI') || '/' || "
            "party_size || '/' || table_id FROM reservations WHERE code = :'c'",
            c=a, tz=TZ), "21:00/4/" + table_b, "time, party and table")
    check(rid, "restaurant")


# --- 14: pages that said too little ----------------------------------------------------

def test_get_logout_shows_a_sign_out_button():
    b = signed_in("diner@stolik.test")
    r = b.get("/logout")
    eq(r.status, 200, "a page, not a 405")
    form = re.search(r'<main.*?<form method="post" action="/logout">(.*?)</form>',
                     r.text, re.S)
    check(form, "a POST form to /logout in the page")
    check('name="csrf"' in form.group(1) and "Sign out" in form.group(1),
          "with its CSRF token and a Sign out button")
    eq(b.get("/account").status, 200, "GET signs nobody out")
    r = b.post("/logout", {"csrf": csrf_of(form.group(1))})
    eq(r.status, 303, "the button signs out")
    eq(b.get("/account").status, 303, "signed out")
    r = b.get("/logout")
    eq(r.status, 200, "signed out already")
    check("You are signed out" in r.text, "says so")


def test_incomplete_manage_link_is_explained():
    code, token = book(Browser(), AUTO, local_date(TZ, 15), "14:00", 2)
    r = get("/b/%s" % code)
    eq(r.status, 404, "no token: still not found")
    check("link is incomplete" in r.text and "confirmation email" in r.text,
          "explains what is missing")
    # control: a wrong token is a plain 404 that says nothing of the sort
    r = get("/b/%s?t=%s" % (code, "A" * 43))
    eq(r.status, 404, "wrong token")
    check("link is incomplete" not in r.text, "plain")
    eq(get("/b/%s?t=%s" % (code, token)).status, 200, "the whole link works")


# --- 15: mail wording ---------------------------------------------------------------------

def test_change_mail_says_what_changed():
    d = local_date(TZ, 16)
    b = Browser()
    code, token = book(b, AUTO, d, "12:00", 2, email="ux.mail@example.com")
    to_me = lambda m: any(a.addr_spec == "ux.mail@example.com"
                          for a in m["to"].addresses)
    conf = wait_mails(to_me, timeout=60)[0][1]
    check("Your table is booked." in mail_text(conf), "starts with a capital")
    page = b.get("/b/%s?t=%s&date=%s&party=3" % (code, token, d))
    r = b.post("/b/%s/change" % code, {"csrf": csrf_of(page.text), "t": token,
                                       "date": d, "party": "3", "time": "13:30"})
    eq(r.status, 303, "changed")
    got = wait_mails(lambda m: to_me(m) and "is now" in m["subject"], timeout=60)
    text = mail_text(got[0][1])
    check("What changed:" in text, "lists the changes: " + text)
    check(re.search(r"Time:\s+12:00 -> 13:30", text), "old -> new time")
    check(re.search(r"Guests:\s+2 -> 3", text), "old -> new party")
    check(not re.search(r"Date:\s+\S+ ->", text), "the date did not change")
    check("Your booking has been changed." in text, "capital letter")


# --- 16: the admin's pages ------------------------------------------------------------------

def test_admin_preview_of_a_pending_restaurant():
    psql("""
    INSERT INTO restaurants (owner_id, slug, name, description, cuisine, city,
        timezone, status)
    SELECT id, 'ux-pending', 'Ux Pending Place', 'UX-PREVIEW-DESCRIPTION', 'bistro',
        'Uxville', :'tz', 'pending' FROM users WHERE email = 'owner2@stolik.test'
    """, tz=TZ)
    rid = psql("SELECT id FROM restaurants WHERE slug = 'ux-pending'")
    path = "/admin/restaurants/%s/preview" % rid
    eq(get("/r/ux-pending").status, 404, "not public yet")
    admin = signed_in("admin@stolik.test")
    r = admin.get(path)
    eq(r.status, 200, "the admin previews it")
    check("UX-PREVIEW-DESCRIPTION" in r.text and "Approve" in r.text,
          "with its description and the Approve button")
    check('href="%s"' % path in admin.get("/admin").text, "linked from the list")
    # access control: an owner (even the restaurant's own), a diner, nobody
    for who in ("owner2@stolik.test", "owner@stolik.test", "diner@stolik.test"):
        got = signed_in(who).get(path)
        check(got.status in (403, 404), "%s: %d" % (who, got.status))
        check("UX-PREVIEW-DESCRIPTION" not in got.text, "%s sees nothing" % who)
    anon = get(path)
    check(anon.status in (303, 401, 403, 404), "nobody: %d" % anon.status)
    check("UX-PREVIEW-DESCRIPTION" not in anon.text, "nobody sees it")
    eq(admin.get("/admin/restaurants/999999999/preview").status, 404, "unknown")


def test_admin_outbox_pages():
    psql("""
    INSERT INTO outbox (kind, to_addr, dedupe_key, status, payload, message_id)
    SELECT 'owner_new', 'ux-page-' || g || '@example.com', 'ux-page:' || g, 'skipped',
        '{}', '<ux-page-' || g || '@stolik.test>' FROM generate_series(1, 120) g
    """)
    admin = signed_in("admin@stolik.test")
    first = admin.get("/admin/outbox?status=skipped")
    eq(first.status, 200, "page 1")
    rows = lambda t: len(re.findall(r"ux-page-\d+@example.com", t))
    eq(rows(first.text), 50, "50 a page")
    check('rel="next"' in first.text and "page=2" in first.text, "a next page")
    check("New booking, to the restaurant" in first.text and ">owner_new<" not in first.text,
          "the kind in words")
    third = admin.get("/admin/outbox?status=skipped&page=3")
    check(rows(third.text) >= 20, "page 3 has the rest")
    check('rel="prev"' in third.text, "and a way back")
    eq(admin.get("/admin/outbox?page=nope").status, 400, "a bad page")


def test_admin_audit_details_as_key_value():
    admin = signed_in("admin@stolik.test")
    psql("""INSERT INTO audit_log (actor_id, action, target, detail)
            SELECT id, 'ux_probe', 'ux', '{"reason": "UX-KV-REASON", "n": 3}'
            FROM users WHERE email = 'admin@stolik.test'""")
    r = admin.get("/admin/audit?action=ux_probe")
    eq(r.status, 200, "audit")
    check(re.search(r"<dt>reason</dt><dd>UX-KV-REASON</dd>", r.text), "key and value")
    check(re.search(r"<dt>n</dt><dd>3</dd>", r.text), "numbers too")
    check("{&quot;reason&quot;" not in r.text, "no raw JSON")
