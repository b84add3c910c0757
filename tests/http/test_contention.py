"""test_contention.py: every kind of write aimed at one start time at once.

Each round of the main test is a new evening of a six-table restaurant: two
tables are booked at 19:00 and sixteen bookings sit at other times. Then 40
clients released together go for 19:00 through the API and the pages:
bookings made at once, holds confirmed at once, holds from the restaurant
page, moves of the other bookings (PATCH and the manage page),
cancellations of the two (API and page) and the owner's walk-ins. After
every round: no answer of 500 or more, no two active bookings of a table
overlapping, and every booking acknowledged with a 2xx is in the database
as it was told. A second test sends 40 writers at the same first table of a
24-table restaurant, with and without the protections (a test build's
X-Stolik-Test-Unsafe header), and reports the deadlocks PostgreSQL broke.

Deadlocks need two writers to meet within microseconds, so the negative
control makes one on purpose: another session holds a row the move must
wait for, then waits for the move. With the retries the move answers 200;
without them (and without the lock order) it answers 500. Made-up
deadlocks that keep coming end in a 503 with Retry-After.
"""

import collections
import json
import os
import re
import subprocess
import threading

from stolik_test import (PGHOST, Browser, VAR, check, count, csrf_of, eq,
                         expect_5xx, get, local_date, mailer_start, mailer_stop,
                         post_json, psql, request, wait_until)

TZ = "Europe/Warsaw"
SLUG = "mix-race"
ROUNDS = 30
CLIENTS = 40
T = "19:00"
OTHER = ("11:00", "12:00", "13:00", "14:00")
DELAY = {"X-Stolik-Test-Delay": "20"}

ACTIVE = "('held', 'pending', 'confirmed', 'arrived', 'seated')"


def setup_module():
    # thousands of mails come of this; the tests after need the mailer free
    mailer_stop()
    psql("""
    INSERT INTO restaurants (owner_id, slug, name, timezone, slot_minutes,
        booking_window_days, min_notice_minutes, cancel_cutoff_minutes,
        max_party, status)
    SELECT id, 'mix-race', 'Mixed Race', 'Europe/Warsaw', 30, 365, 0, 0, 4,
        'active' FROM users WHERE email = 'owner@stolik.test';
    INSERT INTO opening_hours (restaurant_id, weekday, opens, closes)
    SELECT r.id, d, '10:00', '23:00' FROM restaurants r, generate_series(1, 7) d
    WHERE r.slug = 'mix-race';
    INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max)
    SELECT id, t, 1, 4 FROM restaurants,
        unnest(ARRAY['A', 'B', 'C', 'D', 'E', 'F']) t
    WHERE slug = 'mix-race';
    INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)
    SELECT id, 1, 4, 60 FROM restaurants WHERE slug = 'mix-race';
    INSERT INTO restaurants (owner_id, slug, name, timezone, slot_minutes,
        booking_window_days, min_notice_minutes, cancel_cutoff_minutes,
        max_party, status)
    SELECT id, 'mix-wide', 'Wide Race', 'Europe/Warsaw', 30, 365, 0, 0, 4,
        'active' FROM users WHERE email = 'owner@stolik.test';
    INSERT INTO opening_hours (restaurant_id, weekday, opens, closes)
    SELECT r.id, d, '10:00', '23:00' FROM restaurants r, generate_series(1, 7) d
    WHERE r.slug = 'mix-wide';
    INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max)
    SELECT id, 'W' || n, 1, 4 FROM restaurants, generate_series(1, 24) n
    WHERE slug = 'mix-wide';
    INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)
    SELECT id, 1, 4, 60 FROM restaurants WHERE slug = 'mix-wide';
    INSERT INTO restaurants (owner_id, slug, name, timezone, slot_minutes,
        booking_window_days, min_notice_minutes, cancel_cutoff_minutes,
        max_party, status)
    SELECT id, 'mix-one', 'One Table', 'Europe/Warsaw', 30, 365, 0, 0, 4,
        'active' FROM users WHERE email = 'owner@stolik.test';
    INSERT INTO opening_hours (restaurant_id, weekday, opens, closes)
    SELECT r.id, d, '10:00', '23:00' FROM restaurants r, generate_series(1, 7) d
    WHERE r.slug = 'mix-one';
    INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max)
    SELECT id, 'ONE', 1, 4 FROM restaurants WHERE slug = 'mix-one';
    INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)
    SELECT id, 1, 4, 60 FROM restaurants WHERE slug = 'mix-one';
    """)


def teardown_module():
    psql("UPDATE outbox SET status = 'skipped' WHERE status = 'queued' AND"
         " reservation_id IN (SELECT v.id FROM reservations v JOIN restaurants r"
         " ON r.id = v.restaurant_id WHERE r.slug LIKE 'mix-%')")
    mailer_start()


def owner_bearer():
    r = post_json("/api/v1/auth/token", {"grant_type": "password",
                                         "email": "owner@stolik.test",
                                         "password": "stolik-demo"})
    eq(r.status, 200, r.text)
    return "Bearer " + r.json()["access_token"]


def guest(tag):
    return {"name": "Guest " + tag, "email": "%s@mix.example" % tag,
            "phone": "+48 600 000 000"}


def book(date, hm, tag, hdr=None):
    r = post_json("/api/v1/reservations", dict(guest(tag), restaurant=SLUG,
                                               start=date + "T" + hm, party=2),
                  headers=hdr)
    eq(r.status, 201, "setting up %s %s: %s" % (date, hm, r.text))
    return r.json()["code"], r.json()["token"]


def booking(code):
    """(status, local time) of a booking, or None."""
    v = psql("SELECT v.status || ' ' || to_char(v.starts_at AT TIME ZONE "
             "'Europe/Warsaw', 'HH24:MI') FROM reservations v WHERE v.code = :'c'",
             c=code)
    return tuple(v.split()) if v else None


def overlaps():
    return count("SELECT count(*) FROM reservations a JOIN reservations b"
                 " ON a.table_id = b.table_id AND a.id < b.id"
                 " AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at,"
                 " b.ends_at) JOIN restaurants r ON r.id = a.restaurant_id"
                 " WHERE r.slug = 'mix-race' AND a.status IN " + ACTIVE +
                 " AND b.status IN " + ACTIVE)


def metric(name):
    m = re.search(r"^%s (\d+)$" % name, get("/metrics").text, re.M)
    return int(m.group(1)) if m else 0


def deadlocks():
    """Deadlocks PostgreSQL has broken so far (its log)."""
    path = os.path.join(VAR, "pg", "log", "server.log")
    try:
        with open(path, errors="replace") as f:
            return sum(1 for line in f if "deadlock detected" in line)
    except OSError:
        return 0


def code_of(location):
    m = re.search(r"/b/([0-9A-Z]+)", location or "")
    return m.group(1) if m else None


def one_round(day, rid, bearer, unsafe=None):
    """One round; a list of (kind, status, code or None, expected state)."""
    date = local_date(TZ, day)
    hdr = dict(DELAY)
    if unsafe:
        hdr["X-Stolik-Test-Unsafe"] = unsafe
    quiet = {k: v for k, v in hdr.items() if k != "X-Stolik-Test-Delay"}
    at_t = [book(date, T, "t%d-%d" % (day, k), quiet) for k in range(2)]
    movers = [book(date, OTHER[k % 4], "m%d-%d" % (day, k), quiet)
              for k in range(16)]
    # the pages' clients get their cookies and CSRF tokens first
    holders = []
    for k in range(4):
        b = Browser()
        holders.append((b, csrf_of(b.get("/r/%s?date=%s" % (SLUG, date)).text)))
    changers = []
    for code, token in movers[6:10]:
        b = Browser()
        page = b.get("/b/%s?t=%s" % (code, token))
        changers.append((b, csrf_of(page.text), code, token))
    canceller = Browser()
    ccsrf = csrf_of(canceller.get("/b/%s?t=%s" % at_t[1]).text)

    jobs = []
    for k in range(10):
        jobs.append(("direct", lambda k=k: post_json(
            "/api/v1/reservations", dict(guest("d%d-%d" % (day, k)),
                                         restaurant=SLUG, start=date + "T" + T,
                                         party=2), headers=hdr)))
    for k in range(5):
        jobs.append(("hold+confirm", lambda k=k: hold_confirm(date, day, k, hdr)))
    for code, token in movers[:6] + movers[10:]:
        jobs.append(("patch", lambda code=code, token=token: request(
            "PATCH", "/api/v1/reservations/%s?t=%s" % (code, token),
            body=json.dumps({"start": date + "T" + T}),
            headers=dict(hdr, **{"Content-Type": "application/json"}))))
    jobs.append(("cancel", lambda: post_json(
        "/api/v1/reservations/%s/cancel?t=%s" % at_t[0], {}, headers=hdr)))
    for b, csrf in holders:
        jobs.append(("page-hold", lambda b=b, csrf=csrf: b.post(
            "/r/%s/hold" % SLUG, {"csrf": csrf, "date": date, "time": T,
                                  "party": "2"}, headers=hdr)))
    for b, csrf, code, token in changers:
        jobs.append(("page-change", lambda b=b, csrf=csrf, code=code, token=token:
                     b.post("/b/%s/change" % code, {"csrf": csrf, "t": token,
                                                    "date": date, "time": T,
                                                    "party": "2"}, headers=hdr)))
    jobs.append(("page-cancel", lambda: canceller.post(
        "/b/%s/cancel" % at_t[1][0], {"csrf": ccsrf, "t": at_t[1][1]},
        headers=hdr)))
    for k in range(3):
        jobs.append(("walk-in", lambda k=k: request(
            "POST", "/api/v1/owner/restaurants/%s/reservations" % rid,
            body=json.dumps({"kind": "walk_in", "date": date, "time": T,
                             "party": 2, "name": "Walk-in %d" % k}),
            headers=dict(hdr, **{"Content-Type": "application/json",
                                 "Authorization": bearer}))))
    check(len(jobs) >= CLIENTS, "%d clients" % len(jobs))

    barrier = threading.Barrier(len(jobs))
    got = [None] * len(jobs)

    def run(i):
        barrier.wait()
        got[i] = jobs[i][1]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    out = []
    for (kind, _), r in zip(jobs, got):
        if kind == "hold+confirm":
            out.extend(r)
            continue
        code, want = None, None
        if kind in ("direct", "walk-in") and r.status == 201:
            code, want = r.json()["code"], ("confirmed" if kind == "direct"
                                            else "seated", T)
        elif kind == "patch" and r.status == 200:
            code, want = r.json()["code"], ("confirmed", T)
        elif kind == "cancel" and r.status == 200:
            code, want = r.json()["code"], ("cancelled", T)
        elif kind == "page-hold" and r.status == 303:
            code, want = code_of(r.header("location")), ("held", T)
        elif kind == "page-change" and r.status == 303:
            code, want = code_of(r.header("location")), ("confirmed", T)
        elif kind == "page-cancel" and r.status == 303:
            code, want = at_t[1][0], ("cancelled", T)
        out.append((kind, r.status, code, want))
    return out


def hold_confirm(date, day, k, hdr):
    """A hold, then its confirmation at once: both answers."""
    h = post_json("/api/v1/holds", {"restaurant": SLUG, "start": date + "T" + T,
                                    "party": 2}, headers=hdr)
    if h.status != 201:
        return [("hold", h.status, None, None)]
    code, token = h.json()["code"], h.json()["token"]
    c = post_json("/api/v1/reservations", dict(guest("h%d-%d" % (day, k)),
                                               hold={"code": code, "token": token}),
                  headers=hdr)
    return [("hold", h.status, code, ("held", T) if c.status != 201 else None),
            ("confirm", c.status, code if c.status == 201 else None,
             ("confirmed", T) if c.status == 201 else None)]


def rounds(n, first_day, unsafe=None, stop_at_5xx=False):
    """n rounds; (answers by kind and status, 5xx count, lost, overlaps)."""
    rid = psql("SELECT id FROM restaurants WHERE slug = :'s'", s=SLUG)
    bearer = owner_bearer()
    seen = collections.Counter()
    bad = lost = over = 0
    for i in range(n):
        out = one_round(first_day + i, rid, bearer, unsafe)
        for kind, status, code, want in out:
            seen[(kind, status)] += 1
            if status >= 500:
                bad += 1
            elif code is not None and want is not None:
                if booking(code) != want:
                    lost += 1
                    if unsafe is None:
                        check(False, "round %d: %s %s acknowledged %d but the "
                              "database has %r, not %r" % (i, kind, code, status,
                                                           booking(code), want))
        o = overlaps()
        over += o
        if unsafe is None:
            eq(o, 0, "round %d: overlapping active bookings" % i)
            check(bad == 0, "round %d: answers of 500 or more: %r" % (i, sorted(
                k for k in seen.items() if k[0][1] >= 500)))
        if stop_at_5xx and bad > 0:
            break
    return seen, bad, lost, over, i + 1


def summary(seen):
    return ", ".join("%s %d: %d" % (k[0], k[1], v) for k, v in sorted(seen.items()))


def test_mixed_writes_at_one_time():
    r0, d0 = metric("stolik_db_retries_total"), deadlocks()
    seen, bad, lost, over, n = rounds(ROUNDS, 1)
    eq(bad, 0, "answers of 500 or more")
    total = sum(seen.values())
    check(total >= ROUNDS * CLIENTS, "%d requests" % total)
    ok = sum(v for k, v in seen.items() if 200 <= k[1] < 400)
    check(ok >= ROUNDS * 3, "some of them won: %d" % ok)
    print("# contention: %d rounds, %d requests (%s); 0 answers >= 500, "
          "0 overlapping, 0 lost; %d retries, %d deadlocks broken by PostgreSQL"
          % (n, total, summary(seen), metric("stolik_db_retries_total") - r0,
             deadlocks() - d0))


def wide_round(day, unsafe):
    """Every table free at 19:00, and 40 writers for it at once: bookings
    made at once and moves of bookings from other times. Statuses."""
    date = local_date(TZ, day)
    hdr = dict(DELAY)
    if unsafe:
        hdr["X-Stolik-Test-Unsafe"] = unsafe
    quiet = {k: v for k, v in hdr.items() if k != "X-Stolik-Test-Delay"}
    movers = []
    for k in range(20):
        r = post_json("/api/v1/reservations", dict(
            guest("w%d-%d" % (day, k)), restaurant="mix-wide",
            start=date + "T" + OTHER[k % 4], party=2), headers=quiet)
        eq(r.status, 201, "setting up: " + r.text)
        movers.append((r.json()["code"], r.json()["token"]))
    if unsafe:
        # with a protection off, PostgreSQL may break a deadlock with a 500:
        # a control's requests carry a mark (in the access log's user agent,
        # which logs no query) that test_zz_logs excuses
        hdr["User-Agent"] = "stolik-test control=" + unsafe
        expect_5xx('"stolik-test control=' + unsafe + '"')
    jobs = [lambda k=k: post_json("/api/v1/reservations", dict(
        guest("wd%d-%d" % (day, k)), restaurant="mix-wide", start=date + "T" + T,
        party=2), headers=hdr) for k in range(20)]
    jobs += [lambda c=c, t=t: request(
        "PATCH", "/api/v1/reservations/%s?t=%s" % (c, t),
        body=json.dumps({"start": date + "T" + T}),
        headers=dict(hdr, **{"Content-Type": "application/json"}))
        for c, t in movers]
    barrier = threading.Barrier(len(jobs))
    got = [None] * len(jobs)

    def run(i):
        barrier.wait()
        got[i] = jobs[i]().status

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return got


def wide(n, first_day, unsafe=None, stop_at_5xx=False):
    r0, d0 = metric("stolik_db_retries_total"), deadlocks()
    seen = collections.Counter()
    for i in range(n):
        seen.update(wide_round(first_day + i, unsafe))
        if stop_at_5xx and any(k >= 500 for k in seen):
            break
    bad = sum(v for k, v in seen.items() if k >= 500)
    o = count("SELECT count(*) FROM reservations a JOIN reservations b"
              " ON a.table_id = b.table_id AND a.id < b.id"
              " AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at,"
              " b.ends_at) JOIN restaurants r ON r.id = a.restaurant_id"
              " WHERE r.slug = 'mix-wide' AND a.status IN " + ACTIVE +
              " AND b.status IN " + ACTIVE)
    return (i + 1, dict(seen), bad, deadlocks() - d0,
            metric("stolik_db_retries_total") - r0, o)


def test_many_writers_on_one_table():
    """40 writers that all try the same first table, with the protections
    on, then measured with each switched off (no 500 is required there)."""
    n, seen, bad, dl, retries, over = wide(10, 200)
    print("# one table, 40 writers: %d rounds %r; %d deadlocks, %d retries, "
          "%d answers >= 500" % (n, seen, dl, retries, bad))
    eq(bad, 0, "answers of 500 or more")
    eq(over, 0, "overlapping")
    for k, unsafe in enumerate(("locks", "both")):
        n, seen, bad, dl, retries, over = wide(5, 220 + 10 * k, unsafe=unsafe)
        print("# the same with %s off: %d rounds, %d deadlocks, %d retries, "
              "%d answers >= 500" % ("the lock order" if unsafe == "locks" else
                                     "both", n, dl, retries, bad))
        eq(over, 0, "overlapping (the constraint holds regardless)")


def deadlocked_move(day, unsafe=None):
    """A move the database aborts to break a deadlock, made on purpose.

    Another session writes a row on the one table at 19:00 and keeps its
    transaction open; the booking's move onto that time then waits for it
    (the constraint's check); the session then updates the moving booking,
    which waits for the move: a circle, which PostgreSQL breaks by aborting
    the move after deadlock_timeout. The move's answer, and the deadlocks
    the server saw.
    """
    date = local_date(TZ, day)
    r = post_json("/api/v1/reservations", dict(guest("dl%d" % day),
                                               restaurant="mix-one",
                                               start=date + "T12:00", party=2))
    eq(r.status, 201, r.text)
    code, token = r.json()["code"], r.json()["token"]
    env = dict(os.environ, PGAPPNAME="deadlock-test")
    other = subprocess.Popen(["psql", "-X", "-q", "-h", PGHOST, "-U", "stolik",
                              "-d", "stolik"], stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True, env=env)
    other.stdin.write(
        "BEGIN;\n"
        "INSERT INTO reservations (code, restaurant_id, table_id, party_size,"
        " starts_at, ends_at, status, source, guest_name)"
        " SELECT 'DEADLOCK%d', r.id, t.id, 2,"
        " ('%s 19:00'::timestamp AT TIME ZONE r.timezone),"
        " ('%s 20:00'::timestamp AT TIME ZONE r.timezone), 'confirmed', 'owner',"
        " 'Other' FROM restaurants r JOIN dining_tables t ON t.restaurant_id = r.id"
        " WHERE r.slug = 'mix-one';\n" % (day, date, date))
    other.stdin.flush()
    idle = "SELECT count(*) FROM pg_stat_activity WHERE application_name =" \
        " 'deadlock-test' AND state = 'idle in transaction'"
    check(wait_until(lambda: count(idle) == 1, 10), "the other session waits")
    d0 = deadlocks()
    got = {}

    def move():
        h = {"Content-Type": "application/json"}
        if unsafe:
            h["X-Stolik-Test-Unsafe"] = unsafe
        got["r"] = request("PATCH", "/api/v1/reservations/%s?t=%s" % (code, token),
                           body=json.dumps({"start": date + "T" + T}), headers=h)

    if unsafe:
        expect_5xx("/api/v1/reservations/" + code)
    t = threading.Thread(target=move)
    t.start()
    waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event =" \
        " 'transactionid' AND application_name <> 'deadlock-test'"
    check(wait_until(lambda: count(waiting) >= 1, 10), "the move waits")
    other.stdin.write("UPDATE reservations SET updated_at = now() WHERE code ="
                      " '%s';\nROLLBACK;\n" % code)
    other.stdin.close()
    other.wait(30)
    t.join(30)
    return got["r"], deadlocks() - d0


def test_a_real_deadlock_is_retried():
    r0 = metric("stolik_db_retries_total")
    r, dl = deadlocked_move(300)
    eq(dl, 1, "deadlocks PostgreSQL broke")
    eq(r.status, 200, "the move, retried: " + r.text)
    eq(r.json()["local"]["time"], T, "moved")
    check(metric("stolik_db_retries_total") > r0, "counted as a retry")
    print("# a deadlock made on purpose: PostgreSQL aborted the move, which ran "
          "again and answered 200")


def test_negative_control_both_off():
    """Without the retries (and the lock order) the deadlock is a 500."""
    r, dl = deadlocked_move(301, unsafe="both")
    eq(dl, 1, "deadlocks PostgreSQL broke")
    eq(r.status, 500, "the move, not retried: " + r.text)
    print("# both off: the same deadlock answered 500")


def test_a_deadlock_that_keeps_coming_is_a_503():
    """Made-up deadlocks (a test build's header): retried, then 503."""
    date = local_date(TZ, 302)
    before = count("SELECT count(*) FROM reservations")
    r0 = metric("stolik_db_retries_total")
    body = dict(guest("again"), restaurant="mix-one", start=date + "T13:00",
                party=2)
    r = post_json("/api/v1/reservations", body,
                  headers={"X-Stolik-Test-Conflicts": "99"})
    eq(r.status, 503, "every attempt failed: " + r.text)
    check(r.header("retry-after"), "Retry-After")
    eq(r.header("content-type"), "application/problem+json", "a problem")
    eq(count("SELECT count(*) FROM reservations"), before, "nothing written")
    retried = metric("stolik_db_retries_total") - r0
    check(2 <= retried <= 10, "a few retries, not forever: %d" % retried)
    # a page gets its 503 page
    b = Browser()
    csrf = csrf_of(b.get("/r/mix-one?date=" + date).text)
    p = b.post("/r/mix-one/hold", {"csrf": csrf, "date": date, "time": "13:00",
                                   "party": "2"},
               headers={"X-Stolik-Test-Conflicts": "99"})
    eq(p.status, 503, "the page")
    check(p.header("retry-after"), "Retry-After on the page")
    # two in a row, then it works
    r = post_json("/api/v1/reservations", body,
                  headers={"X-Stolik-Test-Conflicts": "2"})
    eq(r.status, 201, "third time lucky: " + r.text)
    print("# deadlock after deadlock: %d retries, then 503 with Retry-After; "
          "two, then 201" % retried)
