"""test_waitlist.py: "notify me", sequential offers and claims (issue 18).

The stack's stolik-waitlist --watch is stopped for this module: each test runs
the job once (--once) where it wants the offers made, so what happens when is
the test's to say, not a clock's. The mailer keeps running. Nothing is timed:
an offer's deadline is moved into the past in the database, not waited for.
"""

import json
import os
import re
import subprocess
import threading
import time
import urllib.parse

from stolik_test import (BUILD, Browser, Failure, cgi, check, config_path,
                         count,
                         csrf_of, eq, job, job_cmd, links_of, local_date,
                         mail_files, mail_text, parse_mail, post_json, psql,
                         request, seal, times_of, wait_until, waitlist_start,
                         waitlist_stop)

TZ = "Europe/Warsaw"
SLUG = "wl-test"

# Two services an evening (18:00 and 19:00, an hour each) and one table: a
# booking at 19:00 fills the time the entries wait for; 18:00 stays free
# (the "next free times" of a claim that came too late).
RESTAURANT_SQL = """
INSERT INTO users (email, role) VALUES ('wl-owner@stolik.test', 'owner')
    ON CONFLICT DO NOTHING;
INSERT INTO restaurants (owner_id, slug, name, timezone, slot_minutes,
    booking_window_days, min_notice_minutes, max_party, status, email)
SELECT id, :'slug', 'Waitlist Test', 'Europe/Warsaw', 60, 365, 0, 4, 'active',
    'wl-restaurant@example.com'
FROM users WHERE email = 'wl-owner@stolik.test';
INSERT INTO opening_hours (restaurant_id, weekday, opens, closes)
SELECT r.id, d, '18:00', '20:00' FROM restaurants r, generate_series(1, 7) d
WHERE r.slug = :'slug';
INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max)
SELECT r.id, 'T' || n, 1, 4 FROM restaurants r, generate_series(1, :'tables'::int) n
WHERE r.slug = :'slug';
INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)
SELECT id, 1, 4, 60 FROM restaurants WHERE slug = :'slug';
"""

ACTIVE = "('held', 'pending', 'confirmed', 'arrived', 'seated')"

OVERLAPS = """
SELECT count(*) FROM reservations a JOIN reservations b
  ON a.table_id = b.table_id AND a.id < b.id
 AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
WHERE a.status IN %s AND b.status IN %s
  AND (a.status <> 'held' OR a.hold_expires_at > now())
  AND (b.status <> 'held' OR b.hold_expires_at > now())
""" % (ACTIVE, ACTIVE)

# an entry with two live offers, or two entries offered one table at once
DOUBLE_OFFERS = """
SELECT (SELECT count(*) FROM (SELECT waitlist_entry_id FROM reservations
         WHERE waitlist_entry_id IS NOT NULL AND status = 'held'
         GROUP BY 1 HAVING count(*) > 1) x)
     + (SELECT count(*) FROM reservations a JOIN reservations b
         ON a.table_id = b.table_id AND a.id < b.id
        AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
        WHERE a.waitlist_entry_id IS NOT NULL AND b.waitlist_entry_id IS NOT NULL
          AND a.status = 'held' AND b.status = 'held'
          AND a.hold_expires_at > now() AND b.hold_expires_at > now())
"""


# The sink's messages, each parsed once: after the mail tests it holds
# thousands, too many to parse again on every look.
_before = set()
_parsed = {}


def my_mails(pred):
    out = []
    for p in mail_files():
        if p in _before:
            continue
        if p not in _parsed:
            _parsed[p] = parse_mail(p)
        if pred(_parsed[p]):
            out.append(_parsed[p])
    return out


def wait_mail(pred, n=1, timeout=60.0):
    """At least n of this module's messages matching pred; they."""
    if not wait_until(lambda: len(my_mails(pred)) >= n, timeout, step=0.1):
        raise Failure("expected %d mail(s), found %d" % (n, len(my_mails(pred))))
    return my_mails(pred)


def setup_module():
    _before.update(mail_files())
    waitlist_stop()
    psql(RESTAURANT_SQL, slug=SLUG, tables=1)
    psql(RESTAURANT_SQL, slug="wl-many", tables=10)


def teardown_module():
    waitlist_start()


def api(method, path, body=None, headers=None):
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    return request(method, path, body=json.dumps(body) if body is not None
                   else None, headers=h)


def book(date, k, slug=SLUG, hm="19:00"):
    r = api("POST", "/api/v1/reservations", {
        "restaurant": slug, "start": date + "T" + hm, "party": 2,
        "name": "Booker %d" % k, "email": "wl-booker-%s-%d@example.com" % (date, k),
        "phone": "555 100 %04d" % k})
    eq(r.status, 201, "booking: " + r.text)
    return r.json()


def cancel(b):
    r = api("POST", "/api/v1/reservations/%s/cancel?t=%s" % (b["code"], b["token"]))
    eq(r.status, 200, "cancel: " + r.text)


def enter(date, email, slug=SLUG, frm="19:00", to="19:00", name="Waiter"):
    """A guest's entry through the API, confirmed in the database (the
    confirmation link has its own test): the line order is the order of
    these calls."""
    r = api("POST", "/api/v1/waitlist", {
        "restaurant": slug, "date": date, "from": frm, "to": to, "party": 2,
        "name": name, "email": email})
    eq(r.status, 201, "entry: " + r.text)
    e = r.json()
    eq(e["status"], "pending_confirm", "a guest's entry waits for the link")
    psql("UPDATE waitlist_entries SET status = 'waiting', "
         "waiting_since = clock_timestamp() WHERE code = :'c'", c=e["code"])
    return e


def entry_status(code):
    return psql("SELECT status FROM waitlist_entries WHERE code = :'c'", c=code)


def run_job():
    rc, lines, err = job("waitlist", "--once")
    eq(rc, 0, "stolik-waitlist: " + err)
    return lines


def offer_mails(to):
    return my_mails(lambda m: m["To"] is not None and to in m["To"]
                    and "claim it by" in m["Subject"])


# ---------------------------------------------------------------------------
# notify -> offer -> claim, as a guest through the pages
# ---------------------------------------------------------------------------

def test_notify_offer_claim_pages():
    d = local_date(TZ, 3)
    taken = book(d, 1)
    b = Browser()
    page = b.get("/r/%s?date=%s&party=2" % (SLUG, d))
    eq(page.status, 200, "restaurant page")
    check('id="notify"' in page.text, "the notify-me form is on the page")
    check("19:00" not in times_of(page.text), "19:00 is full")
    email = "wl-guest-%s@example.com" % d
    r = b.post("/r/%s/waitlist" % SLUG, {
        "csrf": csrf_of(page.text), "date": d, "party": "2", "from": "19:00",
        "to": "19:00", "name": "Gina <Guest>", "email": email})
    eq(r.status, 303, "joined: " + r.text[:300])
    loc = r.header("location")
    check(loc.startswith("/w/") and "t=" in loc, loc)
    code = loc.split("/")[2].split("?")[0]
    eq(entry_status(code), "pending_confirm", "a guest confirms first")
    # the confirmation mail's link opens the entry; a POST confirms it
    m = wait_mail(lambda m: m["To"] is not None and email in m["To"] and
                   "Confirm your place" in m["Subject"])[0]
    link = [u for u in links_of(mail_text(m)) if "/w/" + code in u][0]
    path = urllib.parse.urlsplit(link)
    page = b.get(path.path + "?" + path.query)
    eq(page.status, 200, "entry page")
    check("Gina &lt;Guest&gt;" not in page.text or "<Guest>" not in page.text,
          "escaped")
    token = urllib.parse.parse_qs(path.query)["t"][0]
    r = b.post("/w/%s/confirm" % code, {"csrf": csrf_of(page.text), "t": token})
    eq(r.status, 303, "confirmed")
    eq(entry_status(code), "waiting", "in line")
    # nothing is free: the job offers nothing
    run_job()
    eq(entry_status(code), "waiting", "still waiting")
    # the booking is cancelled: the table is offered to the entry
    cancel(taken)
    run_job()
    eq(entry_status(code), "offered", "offered")
    eq(count("SELECT count(*) FROM reservations v JOIN waitlist_entries e ON "
             "e.id = v.waitlist_entry_id WHERE e.code = :'c' AND v.status = 'held' "
             "AND v.hold_expires_at > now() + interval '14 minutes'", c=code), 1,
       "the offer is a hold for the claim window (15 minutes)")
    m = wait_mail(lambda m: m["To"] is not None and email in m["To"] and
                   "claim it by" in m["Subject"])[0]
    claim = [u for u in links_of(mail_text(m)) if "/claim" in u][0]
    cp = urllib.parse.urlsplit(claim)
    # following the link changes nothing: a page with one button
    page = b.get(cp.path + "?" + cp.query)
    eq(page.status, 200, "claim page")
    check('id="claim"' in page.text, "the claim button")
    eq(entry_status(code), "offered", "GET claims nothing")
    r = b.post(cp.path, {"csrf": csrf_of(page.text), "t": token})
    eq(r.status, 303, "claimed: " + r.text[:300])
    check(r.header("location").startswith("/b/"), r.header("location"))
    eq(entry_status(code), "claimed", "claimed")
    eq(count("SELECT count(*) FROM reservations v JOIN waitlist_entries e ON "
             "e.id = v.waitlist_entry_id WHERE e.code = :'c' AND v.status = "
             "'confirmed' AND v.guest_email = :'m'", c=code, m=email), 1,
       "a confirmed booking with the entry's details")
    # history: the hold's events, and the mails in the outbox
    eq(count("SELECT count(*) FROM reservation_events ev JOIN reservations v ON "
             "v.id = ev.reservation_id JOIN waitlist_entries e ON "
             "e.id = v.waitlist_entry_id WHERE e.code = :'c'", c=code), 2,
       "held, then confirmed, in the booking's history")
    eq(count("SELECT count(*) FROM outbox o JOIN reservations v ON "
             "v.id = o.reservation_id JOIN waitlist_entries e ON "
             "e.id = v.waitlist_entry_id WHERE e.code = :'c' AND "
             "o.kind = 'waitlist_offer'", c=code), 1, "one offer mail")
    wait_mail(lambda m: m["To"] is not None and email in m["To"] and
               "Confirm" not in m["Subject"] and "claim" not in m["Subject"])
    eq(count(OVERLAPS), 0, "overlaps")


# ---------------------------------------------------------------------------
# an offer not claimed passes to the next; a claim after it passed
# ---------------------------------------------------------------------------

def test_offer_passes_to_next_and_late_claim():
    d = local_date(TZ, 4)
    taken = book(d, 1)
    a = enter(d, "wl-first-%s@example.com" % d, name="First")
    bb = enter(d, "wl-second-%s@example.com" % d, name="Second")
    cancel(taken)
    run_job()
    eq(entry_status(a["code"]), "offered", "the first in line is offered")
    eq(entry_status(bb["code"]), "waiting", "the second waits")
    wait_mail(lambda m: m["To"] is not None and a["email"] in m["To"] and
               "claim it by" in m["Subject"])
    # the claim window passes (moved, not waited for)
    psql("UPDATE reservations v SET hold_expires_at = now() - interval '1 second' "
         "FROM waitlist_entries e WHERE e.id = v.waitlist_entry_id "
         "AND e.code = :'c' AND v.status = 'held'", c=a["code"])
    run_job()
    eq(entry_status(a["code"]), "expired", "the first's entry ended")
    eq(entry_status(bb["code"]), "offered", "the hold passed to the second")
    wait_mail(lambda m: m["To"] is not None and bb["email"] in m["To"] and
               "claim it by" in m["Subject"])
    # again: nothing new is offered or mailed
    run_job()
    eq(count("SELECT count(*) FROM outbox WHERE kind = 'waitlist_offer' AND "
             "to_addr IN (:'a', :'b')", a=a["email"], b=bb["email"]), 2,
       "one offer mail each")
    eq(count("SELECT count(*) FROM outbox WHERE kind = 'waitlist_offer' AND "
             "to_addr IN (:'a', :'b') AND status = 'queued'", a=a["email"],
             b=bb["email"]), 0, "both sent")
    eq(len(offer_mails(a["email"])), 1, "the first got one offer mail")
    eq(len(offer_mails(bb["email"])), 1, "the second got one offer mail")
    eq(count(DOUBLE_OFFERS), 0, "double offers")
    # the first claims too late: a clear message and the day's free times
    b = Browser()
    r = b.get("/w/%s/claim?t=%s" % (a["code"], a["token"]))
    eq(r.status, 410, "the GET says it passed")
    r = b.post("/w/%s/claim" % a["code"], {"csrf": csrf_of(r.text),
                                          "t": a["token"]})
    eq(r.status, 410, "a late claim")
    check("This offer has passed" in r.text, "the message")
    eq(times_of(r.text), ["18:00"], "the next free times")
    eq(entry_status(bb["code"]), "offered", "the second's offer stands")
    # the API says the same
    r = api("GET", "/api/v1/waitlist/%s?t=%s" % (a["code"], a["token"]))
    eq(r.status, 200, r.text)
    eq(r.json()["status"], "expired", "the API's view")
    eq(r.json()["offer"], None, "no live offer")
    # the second leaves: the table is free again, for nobody
    r = api("POST", "/api/v1/waitlist/%s/leave?t=%s" % (bb["code"], bb["token"]))
    eq(r.status, 200, r.text)
    eq(r.json()["status"], "left", "left")
    eq(count("SELECT count(*) FROM reservations v JOIN waitlist_entries e ON "
             "e.id = v.waitlist_entry_id WHERE e.code = :'c' AND v.status = "
             "'held'", c=bb["code"]), 0, "the offer gave way")
    r = api("POST", "/api/v1/waitlist/%s/leave?t=%s" % (bb["code"], bb["token"]))
    eq(r.status, 409, "leaving twice")


# ---------------------------------------------------------------------------
# the race: a freed table, new bookings, holds and an offer
# ---------------------------------------------------------------------------

ROUNDS = 20
CLIENTS = 12
ROUNDS_CONTROL = 6


def race_round(d, send, job_argv, stagger=0.0, job_delay=0.0):
    """CLIENTS senders and the job, released together (the senders after
    k * stagger seconds each, so the job starts first now and then: it is
    a process of its own, slower off the mark); statuses and rc."""
    barrier = threading.Barrier(CLIENTS + 1)
    out, lock = [], threading.Lock()
    rc = []

    def run(k):
        barrier.wait()
        if stagger:
            time.sleep(stagger * (k + 1))
        s = send(k)
        with lock:
            out.append(s)

    def run_job_t():
        barrier.wait()
        if job_delay:
            time.sleep(job_delay)
        p = subprocess.run(job_argv, capture_output=True, text=True)
        rc.append((p.returncode, p.stderr))

    ts = [threading.Thread(target=run, args=(k,)) for k in range(CLIENTS)]
    ts.append(threading.Thread(target=run_job_t))
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return out, rc


def test_race_freed_table():
    requests = fives = offers = bookings = holds = 0
    for i in range(ROUNDS):
        d = local_date(TZ, 20 + i)
        taken = book(d, 0)
        e = enter(d, "wl-race-%s@example.com" % d)
        cancel(taken)

        def send(k):
            if k % 2 == 0:
                r = api("POST", "/api/v1/reservations", {
                    "restaurant": SLUG, "start": d + "T19:00", "party": 2,
                    "name": "Racer %d" % k,
                    "email": "wl-racer-%s-%d@example.com" % (d, k),
                    "phone": "555 200 %04d" % k},
                    headers={"X-Stolik-Test-Delay": "10"})
            else:
                r = api("POST", "/api/v1/holds", {
                    "restaurant": SLUG, "start": d + "T19:00", "party": 2},
                    headers={"X-Stolik-Test-Delay": "10"})
            return (k % 2, r.status)

        got, rc = race_round(d, send, job_cmd("waitlist", "--once"),
                             stagger=0.05 * (i % 5))
        eq(rc[0][0], 0, "job: " + rc[0][1])
        requests += len(got)
        fives += sum(1 for _, s in got if s >= 500)
        wins = sum(1 for _, s in got if s == 201)
        offered = entry_status(e["code"]) == "offered"
        check(set(s for _, s in got) <= {201, 409},
              "round %d statuses %r" % (i, got))
        eq(wins + int(offered), 1, "round %d: one taker (%r, offered %s)" %
           (i, got, offered))
        offers += int(offered)
        bookings += sum(1 for kind, s in got if s == 201 and kind == 0)
        holds += sum(1 for kind, s in got if s == 201 and kind == 1)
    overlaps = count(OVERLAPS)
    doubles = count(DOUBLE_OFFERS)
    print("# waitlist race: %d rounds, %d requests + %d job runs; the table "
          "went to %d bookings, %d holds, %d offers; %d overlaps, %d double "
          "offers, %d 5xx" % (ROUNDS, requests, ROUNDS, bookings, holds, offers,
                              overlaps, doubles, fives))
    eq(overlaps, 0, "overlapping active rows")
    eq(doubles, 0, "double offers")
    eq(fives, 0, "5xx")


def test_race_negative_control():
    """The same race on a copy of the schema without the exclusion
    constraint (the bookings' day locks off, their check-to-insert gap
    widened): an offer and a booking must end up on one table at once."""
    db = "stolik_wl_noguard"
    psql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % db, db="postgres")
    psql("CREATE DATABASE %s" % db, db="postgres")
    conf = config_path() + ".wl-noguard"
    with open(config_path()) as f:
        text = f.read().replace("dbname=stolik ", "dbname=%s " % db)
    with open(conf, "w") as f:
        f.write(text)
    try:
        m = subprocess.run([os.path.join(BUILD, "batch", "stolik-migrate"), "-c",
                            conf], capture_output=True, text=True)
        eq(m.returncode, 0, "migrate: " + m.stderr)
        psql("ALTER TABLE reservations DROP CONSTRAINT reservations_no_overlap;",
             db=db)
        psql(RESTAURANT_SQL, db=db, slug=SLUG, tables=1)
        doubled = 0
        sealed = seal("x" * 43)
        for i in range(ROUNDS_CONTROL):
            d = psql("SELECT ((now() AT TIME ZONE 'Europe/Warsaw')::date + %d)"
                     "::text" % (5 + i), db=db)
            psql("""
INSERT INTO waitlist_entries (code, restaurant_id, day, window_start,
    window_end, party_size, email, status, manage_token_hash, token_sealed,
    waiting_since)
SELECT 'WLCTRL' || :'n', r.id, :'d'::date,
    (:'d'::date + time '19:00') AT TIME ZONE r.timezone,
    (:'d'::date + time '19:00') AT TIME ZONE r.timezone, 2,
    'wl-ctrl@example.com', 'waiting', sha256(convert_to('x' || :'n', 'UTF8')),
    :'sealed', now()
FROM restaurants r WHERE r.slug = :'slug';
INSERT INTO waitlist_wake (restaurant_id, day)
SELECT id, :'d'::date FROM restaurants WHERE slug = :'slug';
""", db=db, d=d, n=str(100 + i), slug=SLUG, sealed=sealed)

            def send(k):
                b = json.dumps({"restaurant": SLUG, "start": d + "T19:00",
                                "party": 2, "name": "Racer %d" % k,
                                "email": "wl-c-%s-%d@example.com" % (d, k),
                                "phone": "555 300 %04d" % k}).encode()
                return (0, cgi("/api/v1/reservations", method="POST",
                               extra_conf=text + "\nTest.BookingDelayMs = 600\n",
                               env={"CONTENT_TYPE": "application/json",
                                    "CONTENT_LENGTH": str(len(b)),
                                    "REMOTE_ADDR": "10.0.1.%d" % k,
                                    "HTTP_X_STOLIK_TEST_UNSAFE": "locks"},
                               stdin=b).status)

            # the job a little after the bookings' check, inside the gap
            # they were given before their write
            got, rc = race_round(d, send, [os.path.join(
                BUILD, "batch", "stolik-waitlist"), "-c", conf, "--once"],
                job_delay=0.2)
            offered = count("SELECT count(*) FROM waitlist_entries WHERE code = "
                            "'WLCTRL' || :'n' AND status = 'offered'", db=db,
                            n=str(100 + i))
            wins = sum(1 for _, s in got if s == 201)
            doubled += int(offered + wins > 1)
        with_offer = count("""
SELECT count(*) FROM reservations a JOIN reservations b
  ON a.table_id = b.table_id AND a.id <> b.id
 AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
WHERE a.waitlist_entry_id IS NOT NULL AND a.status = 'held'
  AND b.status IN ('held', 'confirmed')""", db=db)
        print("# negative control: %d of %d rounds gave the table to more than "
              "one; %d overlaps with an offer" % (doubled, ROUNDS_CONTROL,
                                                 with_offer))
        check(doubled >= 1 and with_offer > 0,
              "without the constraint an offer and a booking must overlap")
    finally:
        psql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % db, db="postgres")
        os.unlink(conf)


# ---------------------------------------------------------------------------
# many tables free at once
# ---------------------------------------------------------------------------

def test_many_freed_at_once():
    d = local_date(TZ, 60)
    booked = [book(d, k, slug="wl-many") for k in range(10)]
    entries = [enter(d, "wl-many-%d-%s@example.com" % (k, d), slug="wl-many")
               for k in range(10)]
    barrier = threading.Barrier(10)

    def c(b):
        barrier.wait()
        cancel(b)
    ts = [threading.Thread(target=c, args=(b,)) for b in booked]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    t0 = time.monotonic()
    run_job()
    took = time.monotonic() - t0
    st = [entry_status(e["code"]) for e in entries]
    tables = count("SELECT count(DISTINCT v.table_id) FROM reservations v JOIN "
                   "waitlist_entries e ON e.id = v.waitlist_entry_id WHERE "
                   "e.day = :'d' AND v.status = 'held'", d=d)
    print("# 10 bookings cancelled at once, 10 waiting: %d offers on %d tables "
          "in one job run of %.2f s; %d double offers" % (
              st.count("offered"), tables, took, count(DOUBLE_OFFERS)))
    eq(st.count("offered"), 10, "every entry offered")
    eq(tables, 10, "on ten different tables")
    eq(count(DOUBLE_OFFERS), 0, "double offers")
    # the same with the job as the stack runs it (--watch, woken by the
    # cancellations' commits): how long until the tenth offer (a figure,
    # not an assertion: the poll below waits as long as it takes)
    d = local_date(TZ, 61)
    booked = [book(d, k, slug="wl-many") for k in range(10)]
    entries = [enter(d, "wl-watch-%d-%s@example.com" % (k, d), slug="wl-many")
               for k in range(10)]
    waitlist_start()
    try:
        barrier = threading.Barrier(10)
        ts = [threading.Thread(target=c, args=(b,)) for b in booked]
        t0 = time.monotonic()
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        codes = ",".join("'%s'" % e["code"] for e in entries)

        def offered():
            return count("SELECT count(*) FROM waitlist_entries WHERE code IN "
                         "(%s) AND status = 'offered'" % codes) == 10
        # (a generous cap against a hang, not a time limit under test)
        wait_until(offered, 120, step=0.02)
        took = time.monotonic() - t0
        check(offered(), "all ten offered")
    finally:
        waitlist_stop()
    print("# the same with stolik-waitlist --watch: all 10 offered %.2f s after "
          "the cancellations began; %d double offers" % (took,
                                                       count(DOUBLE_OFFERS)))
    eq(count(DOUBLE_OFFERS), 0, "double offers")


# ---------------------------------------------------------------------------
# access, CSRF, input, limits
# ---------------------------------------------------------------------------

def test_access_to_another_entry():
    d = local_date(TZ, 5)
    a = enter(d, "wl-acc-a-%s@example.com" % d)
    b = enter(d, "wl-acc-b-%s@example.com" % d)
    # control: its own token opens it
    eq(api("GET", "/api/v1/waitlist/%s?t=%s" % (a["code"], a["token"])).status,
       200, "own token")
    eq(api("GET", "/api/v1/waitlist/%s?t=%s" % (a["code"], b["token"])).status,
       404, "another's token")
    eq(api("GET", "/api/v1/waitlist/%s" % a["code"]).status, 404, "no token")
    eq(request("GET", "/w/%s?t=%s" % (a["code"], b["token"])).status, 404,
       "page, another's token")
    eq(api("POST", "/api/v1/waitlist/%s/leave?t=%s" % (a["code"],
           b["token"])).status, 404, "leave with another's token")
    eq(entry_status(a["code"]), "waiting", "untouched")


def test_csrf():
    d = local_date(TZ, 6)
    a = enter(d, "wl-csrf-%s@example.com" % d)
    br = Browser()
    page = br.get("/w/%s?t=%s" % (a["code"], a["token"]))
    eq(page.status, 200, "entry page")
    r = br.post("/w/%s/leave" % a["code"], {"t": a["token"]})
    eq(r.status, 403, "no CSRF token")
    r = br.post("/w/%s/leave" % a["code"], {"t": a["token"], "csrf": "x" * 43})
    eq(r.status, 403, "a wrong CSRF token")
    eq(entry_status(a["code"]), "waiting", "untouched")
    # control: the same request with the page's token goes through
    r = br.post("/w/%s/leave" % a["code"], {"t": a["token"],
                                           "csrf": csrf_of(page.text)})
    eq(r.status, 303, "with the token")
    eq(entry_status(a["code"]), "left", "left")
    routes = request("GET", "/__test/routes").json()["routes"]
    for rt in routes:
        if "POST" in rt["methods"] and not rt["json"] and (
                rt["pattern"].startswith("/w/") or
                rt["pattern"].endswith("/waitlist")):
            check(rt["csrf"], "%s has CSRF" % rt["pattern"])


def test_bad_input_and_limits():
    d = local_date(TZ, 7)
    n0 = count("SELECT count(*) FROM waitlist_entries")
    for body, field in [
            ({"date": d, "from": "20:00", "to": "19:00"}, "to"),
            ({"date": "2020-01-01", "from": "19:00"}, "date"),
            ({"date": d, "from": "25:00"}, "from"),
            ({"date": d, "from": "19:00", "email": "nope"}, "email"),
            ({"date": d, "from": "19:00", "party": 99}, "party")]:
        b = {"restaurant": SLUG, "party": 2, "name": "X",
             "email": "wl-bad@example.com"}
        b.update(body)
        r = api("POST", "/api/v1/waitlist", b)
        eq(r.status, 422, "%r: %s" % (body, r.text))
        check(field in r.json().get("errors", r.json()), "%s named: %s" %
              (field, r.text))
    # today, a window that is already behind us (the restaurant's clock)
    now_hm = psql("SELECT to_char((now() AT TIME ZONE :'tz') - interval "
                  "'2 minutes', 'HH24:MI')", tz=TZ)
    today = local_date(TZ, 0)
    from_hm = psql("SELECT to_char((now() AT TIME ZONE :'tz') - interval "
                   "'3 hours', 'HH24:MI')", tz=TZ)
    if psql("SELECT (now() AT TIME ZONE :'tz')::time >= '03:05'", tz=TZ) == "t":
        r = api("POST", "/api/v1/waitlist", {
            "restaurant": SLUG, "date": today, "from": from_hm, "to": now_hm,
            "party": 2, "name": "X", "email": "wl-bad@example.com"})
        eq(r.status, 422, "a window behind us: " + r.text)
        eq(r.json()["errors"]["to"], "waitlist_past", r.text)
    eq(api("POST", "/api/v1/waitlist", {"restaurant": "no-such-place",
                                        "date": d, "from": "19:00", "party": 2,
                                        "name": "X", "email": "x@example.com"}
           ).status, 404, "unknown restaurant")
    eq(count("SELECT count(*) FROM waitlist_entries"), n0, "no half-written row")
    # the form: the restaurant page again with a message by the field
    br = Browser()
    page = br.get("/r/%s?date=%s&party=2" % (SLUG, d))
    r = br.post("/r/%s/waitlist" % SLUG, {
        "csrf": csrf_of(page.text), "date": d, "party": "2", "from": "20:00",
        "to": "19:00", "name": "X", "email": "wl-form@example.com"})
    eq(r.status, 422, "form again")
    check("Choose a window of start times" in r.text, "the message")
    # five live entries an address; the sixth is refused (in the SQL)
    email = "wl-limit-%s@example.com" % d
    got = []
    for k in range(6):
        got.append(api("POST", "/api/v1/waitlist", {
            "restaurant": SLUG, "date": d, "from": "19:00", "party": 2,
            "name": "L", "email": email}).status)
    eq(got, [201] * 5 + [429], "per address")
    # per client address, configured low for this check (a CGI run)
    b = json.dumps({"restaurant": SLUG, "date": d, "from": "19:00", "party": 2,
                    "name": "I", "email": "wl-ip-%s@example.com" % d}).encode()
    got = []
    for k in range(3):
        bk = b.replace(b"wl-ip-", b"wl-ip%d-" % k)
        got.append(cgi("/api/v1/waitlist", method="POST",
                       extra_conf="Waitlist.EntriesPerAddress = 2\n",
                       env={"CONTENT_TYPE": "application/json",
                            "CONTENT_LENGTH": str(len(bk)),
                            "REMOTE_ADDR": "10.9.9.9"}, stdin=bk).status)
    eq(got, [201, 201, 429], "per client address")


def test_signed_in_diner_waits_at_once():
    r = post_json("/api/v1/auth/token", {"grant_type": "password",
                                         "email": "diner@stolik.test",
                                         "password": "stolik-demo"})
    eq(r.status, 200, r.text)
    h = {"Authorization": "Bearer " + r.json()["access_token"]}
    d = local_date(TZ, 8)
    r = api("POST", "/api/v1/waitlist", {"restaurant": SLUG, "date": d,
                                         "from": "18:00", "to": "19:00",
                                         "party": 2, "email": "other@example.com"},
            headers=h)
    eq(r.status, 201, r.text)
    eq(r.json()["email"], "diner@stolik.test", "the account's own address")
    eq(r.json()["status"], "waiting", "no confirmation needed")
    eq(r.json()["position"], 1, "first in line")
    code = r.json()["code"]
    # the account's own entry without its token: through the API, and on
    # the page (its forms carry the token); another account sees nothing
    eq(api("GET", "/api/v1/waitlist/" + code, headers=h).status, 200, "own")
    b = Browser()
    page = b.get("/login")
    eq(b.post("/login", {"csrf": csrf_of(page.text), "email": "diner@stolik.test",
                         "password": "stolik-demo"}).status, 303, "login")
    page = b.get("/w/" + code)
    eq(page.status, 200, "the entry page, signed in")
    check('name="t" value="%s"' % r.json()["token"] in page.text,
          "its forms carry the token")
    r2 = post_json("/api/v1/auth/token", {"grant_type": "password",
                                          "email": "owner2@stolik.test",
                                          "password": "stolik-demo"})
    eq(api("GET", "/api/v1/waitlist/" + code, headers={
        "Authorization": "Bearer " + r2.json()["access_token"]}).status, 404,
       "another account")


def owner_browser(email):
    b = Browser()
    page = b.get("/login")
    r = b.post("/login", {"csrf": csrf_of(page.text), "email": email,
                          "password": "stolik-demo"})
    eq(r.status, 303, "login " + email)
    return b


def test_owner_day_sheet():
    slug, rid, tz = psql("SELECT r.slug, r.id, r.timezone FROM restaurants r "
                         "JOIN users u ON u.id = r.owner_id WHERE u.email = "
                         "'owner@stolik.test' AND r.status = 'active' ORDER BY "
                         "r.id LIMIT 1").split("|")
    d = local_date(tz, 9)
    hm = psql("SELECT to_char(opens, 'HH24:MI') FROM opening_hours WHERE "
              "restaurant_id = :'r' ORDER BY opens LIMIT 1", r=rid)
    e = enter(d, "wl-sheet-%s@example.com" % d, slug=slug, frm=hm, to=hm,
              name="Sheet <b>Waiter</b>")
    page = owner_browser("owner@stolik.test").get(
        "/owner/r/%s/day?date=%s" % (rid, d))
    eq(page.status, 200, "the day sheet")
    check('id="w-%s"' % e["code"] in page.text, "the entry is listed")
    check("Sheet <b>Waiter</b>" not in page.text, "escaped")
    # control: another owner sees neither the sheet nor the entry
    page = owner_browser("owner2@stolik.test").get(
        "/owner/r/%s/day?date=%s" % (rid, d))
    check(page.status == 404 and e["code"] not in page.text,
          "another owner: %d" % page.status)


def test_search_results_notify_link():
    d = local_date(TZ, 10)
    book(d, 1, hm="18:00")
    book(d, 2, hm="19:00")
    r = request("GET", "/search?q=waitlist+test&date=%s&time=19:00&party=2" % d)
    eq(r.status, 200, "search")
    card = r.text.split('href="/r/%s' % SLUG, 1)[1].split("</li>")[0]
    eq(times_of(card), [], "no free time near 19:00")
    m = re.search(r'class="notify-link" href="([^"]+)"', card)
    check(m is not None, "a Notify me link: " + card)
    href = m.group(1).replace("&amp;", "&")
    check("date=%s" % d in href and "party=2" in href and "time=19%3A00" in href
          and "notify=1" in href, href)
    page = request("GET", href.split("#")[0])
    eq(page.status, 200, "the restaurant page")
    check(re.search(r'<details class="waitlist-form" id="notify"[^>]* open', page.text),
          "the form is open")
    check('name="from" value="19:00"' in page.text, "the time prefilled")


def test_claim_window_setting():
    r = post_json("/api/v1/auth/token", {"grant_type": "password",
                                         "email": "owner@stolik.test",
                                         "password": "stolik-demo"})
    h = {"Authorization": "Bearer " + r.json()["access_token"]}
    rid = psql("SELECT r.id FROM restaurants r JOIN users u ON u.id = r.owner_id "
               "WHERE u.email = 'owner@stolik.test' ORDER BY r.id LIMIT 1")
    path = "/api/v1/owner/restaurants/%s" % rid
    eq(api("GET", path, headers=h).json()["waitlist_claim_minutes"], 15,
       "the default")
    for bad in (4, 121, "x"):
        r = api("PATCH", path, {"waitlist_claim_minutes": bad}, headers=h)
        eq(r.status, 422, "%r: %s" % (bad, r.text))
    r = api("PATCH", path, {"waitlist_claim_minutes": 30}, headers=h)
    eq(r.status, 200, r.text)
    eq(r.json()["waitlist_claim_minutes"], 30, "set")
    eq(api("PATCH", path, {"waitlist_claim_minutes": 15}, headers=h).status, 200,
       "back")
    # the job holds an offer for the restaurant's window
    psql("UPDATE restaurants SET waitlist_claim_minutes = 45 WHERE slug = :'s'",
         s=SLUG)
    try:
        d = local_date(TZ, 11)
        b = book(d, 1)
        e = enter(d, "wl-window-%s@example.com" % d)
        cancel(b)
        run_job()
        eq(count("SELECT count(*) FROM reservations v JOIN waitlist_entries e ON "
                 "e.id = v.waitlist_entry_id WHERE e.code = :'c' AND v.status = "
                 "'held' AND v.hold_expires_at > now() + interval '44 minutes' AND "
                 "v.hold_expires_at <= now() + interval '45 minutes'",
                 c=e["code"]), 1, "held for 45 minutes")
    finally:
        psql("UPDATE restaurants SET waitlist_claim_minutes = 15 WHERE slug = :'s'",
             s=SLUG)


def test_api_idempotency_key():
    d = local_date(TZ, 12)
    body = {"restaurant": SLUG, "date": d, "from": "19:00", "party": 2,
            "name": "Idem", "email": "wl-idem-%s@example.com" % d}
    h = {"Idempotency-Key": "wl-idem-" + d}
    r1 = api("POST", "/api/v1/waitlist", body, headers=h)
    eq(r1.status, 201, r1.text)
    r2 = api("POST", "/api/v1/waitlist", body, headers=h)
    eq(r2.status, 201, r2.text)
    eq(r2.header("idempotent-replayed"), "true", "replayed")
    eq(r2.json()["code"], r1.json()["code"], "the same entry")
    eq(r2.json()["token"], r1.json()["token"], "its token again, to its caller")
    eq(count("SELECT count(*) FROM waitlist_entries WHERE email = :'e'",
             e=body["email"]), 1, "one row")
    eq(count("SELECT count(*) FROM outbox WHERE kind = 'waitlist_confirm' AND "
             "to_addr = :'e'", e=body["email"]), 1, "one confirmation mail")
    body["party"] = 3
    eq(api("POST", "/api/v1/waitlist", body, headers=h).status, 422,
       "the key with another body")
