"""test_fastpath.py: a page of free times needs no query (issue 21).

The workers keep each restaurant-day's active bookings in the memory their
master maps. These tests hold the promise that makes that safe: once a
booking is acknowledged, no worker of the host shows its time as free; a
writer that is not a worker (a batch job, psql) is heard of through
sql/0022's NOTIFY; another host's workers tell theirs in one NOTIFY. Each
has its negative control: with the drop switched off (test builds only:
X-Stolik-Test-Booked: keep), or the writer's session claiming the cache as
its own (stolik.local_cache), the stale time does show.
"""

import re
import subprocess
import threading
import time

from stolik_test import (check, drop_restaurant, eq, get, local_date,
                         one_table_restaurant, post_json, psql, wait_until,
                         worker_pids)

TZ = "Europe/Warsaw"
READERS = 16
# A restaurant of its own for each test: every worker hears each
# notification and the first to hear it drops the copy; another worker that
# was idle drops it again when it next serves (a read more, never a stale
# one), which would blur a control that waits for a copy to stay stale.
RS = ["fast-%d" % i for i in range(1, 7)]
R = RS[0]


def setup_module():
    for s in RS:
        one_table_restaurant(s, "Fast Bistro", TZ)


def teardown_module():
    for s in RS:
        drop_restaurant(s)


def rid():
    return psql("SELECT id FROM restaurants WHERE slug = :'s'", s=R)


def free(d):
    """The free local times of day d, from the API."""
    r = get("/api/v1/restaurants/%s/availability?date=%s&party=2" % (R, d))
    eq(r.status, 200, "availability")
    return [s["time"] for s in r.json()["slots"]]


def page_free(d):
    r = get("/r/%s?date=%s&party=2" % (R, d))
    eq(r.status, 200, "restaurant page")
    return re.findall(r'name="time" value="(\d\d:\d\d)"', r.text)


def booked_counts():
    """The shared cache's lookups and stores of bookings, from /metrics."""
    text = get("/metrics").text
    out = {}
    for k in ("hit", "miss"):
        m = re.search(r'^stolik_shared_cache_lookups_total\{kind="booked",'
                      r'result="%s"\} (\d+)$' % k, text, re.M)
        out[k] = int(m.group(1)) if m else 0
    m = re.search(r'^stolik_shared_cache_stores_total\{kind="booked"\} (\d+)$',
                  text, re.M)
    out["store"] = int(m.group(1)) if m else 0
    return out


def book(d, t, headers=None, email="fast@example.com"):
    return post_json("/api/v1/reservations", {
        "restaurant": R, "start": "%sT%s" % (d, t), "party": 2,
        "name": "Fast Guest", "email": email, "phone": "+48 600 000 000"},
        headers=headers)


def read_all_at_once(d):
    """READERS reads of day d at once, half the API and half the page, over
    as many connections (so every worker answers some): the free times each
    saw."""
    seen = [None] * READERS
    go = threading.Event()

    def one(i):
        go.wait()
        seen[i] = free(d) if i % 2 == 0 else page_free(d)

    th = [threading.Thread(target=one, args=(i,)) for i in range(READERS)]
    for t in th:
        t.start()
    go.set()
    for t in th:
        t.join()
    return seen


def use(k):
    global R
    R = RS[k]


def test_page_views_come_from_the_shared_copy():
    use(0)
    d = local_date(TZ, 3)
    free(d)			# read once, kept
    before = booked_counts()
    for _ in range(20):
        free(d)
        page_free(d)
    after = booked_counts()
    print("# 40 reads of a kept day: %r -> %r" % (before, after))
    eq(after["store"] - before["store"], 0, "days read again from the database")
    check(after["hit"] - before["hit"] >= 40, "reads answered from the copy")


def test_a_booking_is_seen_by_every_worker_at_once():
    """Book through one worker, then read through all of them at once, ten
    times over: the time is never offered again once the 201 is in."""
    use(1)
    check(len(worker_pids()) >= 2, "several workers")
    times = ["10:00", "12:00", "14:00", "16:00", "18:00"]
    for k in range(10):
        d = local_date(TZ, 4 + k // len(times))
        t = times[k % len(times)]
        read_all_at_once(d)	# every worker has the day now
        check(t in free(d), "%s free before" % t)
        r = book(d, t, email="fast%d@example.com" % k)
        eq(r.status, 201, "booked %s" % t)
        for i, seen in enumerate(read_all_at_once(d)):
            check(t not in seen, "%s offered after its booking was "
                  "acknowledged (reader %d): %r" % (t, i, seen))


def test_control_without_the_drop_the_time_stays_free():
    """The negative control: the same booking with the writer's drop
    switched off (test build), and the copy kept from before offers the
    time it no longer has."""
    use(2)
    d = local_date(TZ, 5)
    t = "19:00"
    read_all_at_once(d)
    check(t in free(d), "free before")
    r = book(d, t, headers={"X-Stolik-Test-Booked": "keep"},
             email="fast-control@example.com")
    eq(r.status, 201, "booked")
    stale = sum(1 for seen in read_all_at_once(d) if t in seen)
    print("# control: %d of %d readers offered the booked %s" % (stale,
                                                                READERS, t))
    check(stale > 0, "the control shows the stale copy")
    # a notification from elsewhere drops it
    psql("SELECT pg_notify('stolik_booked', :'id')", id=rid())
    check(wait_until(lambda: t not in free(d), timeout=5),
          "dropped after the notification")


def cancel_in_sql(code, local_cache):
    psql(("SET stolik.local_cache = on;" if local_cache else "") +
         "UPDATE reservations SET status = 'cancelled', updated_at = now()"
         " WHERE code = :'c'", c=code)


def test_other_writers_are_heard_through_notify():
    """A change made outside the workers (psql here, a batch job in life)
    reaches every worker's copy through sql/0022's trigger; the control
    makes the same change from a session that says it tells the caches
    itself, and the copy stays as it was until its age runs out."""
    use(3)
    d = local_date(TZ, 6)
    r = book(d, "12:00", email="fast-sql1@example.com")
    eq(r.status, 201, "booked")
    code = r.json()["code"]
    check("12:00" not in free(d), "taken")
    cancel_in_sql(code, local_cache=False)
    check(wait_until(lambda: all("12:00" in x for x in read_all_at_once(d)),
                     timeout=5), "free again on every worker after the cancel")
    # the control, on a restaurant no notification has named
    use(4)
    free(d)
    r = book(d, "15:00", email="fast-sql2@example.com")
    eq(r.status, 201, "booked")
    code = r.json()["code"]
    check("15:00" not in free(d), "taken")
    cancel_in_sql(code, local_cache=True)
    time.sleep(1.5)
    check(all("15:00" not in x for x in read_all_at_once(d)),
          "control: without the NOTIFY the copy is kept")
    psql("SELECT pg_notify('stolik_booked', :'id')", id=rid())
    check(wait_until(lambda: "15:00" in free(d), timeout=5),
          "free once told")


def listen(seconds):
    """Start psql LISTENing on stolik_booked for seconds; returns a function
    that waits and gives the payloads heard."""
    p = subprocess.Popen(
        ["psql", "-X", "-q", "-At", "-h", psql_host(), "-U", "stolik", "-d",
         "stolik"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    p.stdin.write("LISTEN stolik_booked;\nSELECT 'listening';\n")
    p.stdin.flush()
    # wait until the LISTEN is in place
    line = p.stdout.readline()
    check("listening" in line, "psql listens: %r" % line)

    def done():
        p.stdin.write("SELECT pg_sleep(%f);\nSELECT 1;\n" % seconds)
        p.stdin.close()
        out = p.stdout.read()
        p.wait()
        return re.findall(r'notification "stolik_booked" with payload "([^"]*)"',
                          out)
    return done


def psql_host():
    import os
    from stolik_test import VAR
    return os.path.join(VAR, "pg", "run")


def test_other_hosts_are_told():
    """The workers' own writes are told to the other hosts: one NOTIFY
    "HOST:ID,..." (at most every 50 ms), which this host's workers know as
    their own and another host's drop their copies on."""
    use(5)
    d = local_date(TZ, 7)
    heard = listen(0.5)
    r = book(d, "13:00", email="fast-host@example.com")
    eq(r.status, 201, "booked")
    got = heard()
    print("# heard: %r" % got)
    mine = [g for g in got if g.endswith(":" + rid()) or
            ("," + rid()) in g or (":" + rid() + ",") in g]
    check(mine, "a NOTIFY naming the restaurant: %r" % got)
    host = mine[0].split(":")[0]
    check(re.fullmatch(r"[0-9a-f]+", host) is not None, "host mark %r" % host)
    # another host's word drops this host's copy: cancel quietly, then say
    # it as another host would
    code = r.json()["code"]
    free(d)
    cancel_in_sql(code, local_cache=True)
    time.sleep(0.3)
    check("13:00" not in free(d), "the copy still has it (no word yet)")
    # this host's own mark is ignored...
    psql("SELECT pg_notify('stolik_booked', :'p')", p="%s:%s" % (host, rid()))
    time.sleep(0.5)
    check("13:00" not in free(d), "its own word is not taken again")
    # ...another's is heard
    other = "%x" % (int(host, 16) ^ 1)
    psql("SELECT pg_notify('stolik_booked', :'p')", p="%s:7,%s" % (other, rid()))
    check(wait_until(lambda: "13:00" in free(d), timeout=5),
          "another host's word drops the copy")
