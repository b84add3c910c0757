"""test_race.py: many clients for the last free table; exactly one may win.

Through nginx against the real stack, 20 concurrent requests a round for 50
rounds, each round a new evening. The negative control runs the same race
against a copy of the schema without the exclusion constraint (CGI processes
of the same binary, with the check-to-insert gap widened and the
restaurant-day locks off) and must see a double booking: if it does not,
the race is not a race and proves nothing.
"""

import json
import os
import subprocess
import threading

from stolik_test import (BUILD, PGHOST, cgi, check, config_path, count, eq,
                         local_date, psql, request)

TZ = "Europe/Warsaw"
ROUNDS = 50
CLIENTS = 20

RESTAURANT_SQL = """
INSERT INTO users (email, role) VALUES ('race-owner@stolik.test', 'owner')
    ON CONFLICT DO NOTHING;
INSERT INTO restaurants (owner_id, slug, name, timezone, slot_minutes,
    booking_window_days, min_notice_minutes, max_party, status)
SELECT id, 'race-test', 'Race Test', 'Europe/Warsaw', 30, 365, 0, 4, 'active'
FROM users WHERE email = 'race-owner@stolik.test';
INSERT INTO opening_hours (restaurant_id, weekday, opens, closes)
SELECT r.id, d, '10:00', '22:00' FROM restaurants r, generate_series(1, 7) d
WHERE r.slug = 'race-test';
INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max)
SELECT id, 'ONLY', 1, 4 FROM restaurants WHERE slug = 'race-test';
INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)
SELECT id, 1, 4, 60 FROM restaurants WHERE slug = 'race-test';
"""

OVERLAPS = """
SELECT count(*) FROM reservations a JOIN reservations b
  ON a.table_id = b.table_id AND a.id < b.id
 AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
WHERE a.status IN ('held', 'pending', 'confirmed', 'arrived', 'seated')
  AND b.status IN ('held', 'pending', 'confirmed', 'arrived', 'seated')
"""


def setup_module():
    psql(RESTAURANT_SQL)


def body(date, k):
    return json.dumps({"restaurant": "race-test", "start": date + "T19:00",
                       "party": 2, "name": "Racer %d" % k,
                       "email": "racer-%s-%d@example.com" % (date, k),
                       "phone": "555 000 %04d" % k})


def race(send):
    """CLIENTS threads released together; the statuses they got."""
    barrier = threading.Barrier(CLIENTS)
    out = []
    lock = threading.Lock()

    def run(k):
        barrier.wait()
        s = send(k)
        with lock:
            out.append(s)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def test_race_for_the_last_table():
    wins = conflicts = 0
    for i in range(ROUNDS):
        d = local_date(TZ, 1 + i)

        def send(k):
            return request("POST", "/api/v1/reservations", body=body(d, k),
                           headers={"Content-Type": "application/json",
                                    "X-Stolik-Test-Delay": "25"}).status

        got = race(send)
        eq(got.count(201), 1, "round %d winners (%r)" % (i, got))
        eq(got.count(409), CLIENTS - 1, "round %d conflicts (%r)" % (i, got))
        wins += 1
        conflicts += got.count(409)
    eq(count(OVERLAPS), 0, "overlapping active bookings")
    eq(count("SELECT count(*) FROM reservations v JOIN restaurants r ON "
             "r.id = v.restaurant_id WHERE r.slug = 'race-test' AND "
             "v.status = 'confirmed'"), ROUNDS, "one booking per round")
    print("# race: %d rounds, %d requests, %d successes, %d conflicts, "
          "0 overlapping rows" % (ROUNDS, ROUNDS * CLIENTS, wins, conflicts))


def test_race_negative_control():
    db = "stolik_noguard"
    psql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % db, db="postgres")
    psql("CREATE DATABASE %s" % db, db="postgres")
    conf = config_path() + ".noguard"
    with open(config_path()) as f:
        text = f.read().replace("dbname=stolik ", "dbname=%s " % db)
    with open(conf, "w") as f:
        f.write(text)
    try:
        m = subprocess.run([os.path.join(BUILD, "batch", "stolik-migrate"), "-c",
                            conf], capture_output=True, text=True)
        eq(m.returncode, 0, "migrate: " + m.stderr)
        psql("ALTER TABLE reservations DROP CONSTRAINT reservations_no_overlap;" +
             RESTAURANT_SQL, db=db)
        doubles = 0
        for i in range(3):
            d = local_date(TZ, 1 + i)

            def send(k):
                b = body(d, k).encode()
                return cgi("/api/v1/reservations", method="POST",
                           extra_conf=text + "\nTest.BookingDelayMs = 400\n",
                           env={"CONTENT_TYPE": "application/json",
                                "CONTENT_LENGTH": str(len(b)),
                                "REMOTE_ADDR": "10.0.0.%d" % k,
                                # the restaurant-day lock guards the check
                                # too: without the constraint, without it
                                "HTTP_X_STOLIK_TEST_UNSAFE": "locks"},
                           stdin=b).status

            got = race(send)
            check(set(got) <= {201, 409}, "statuses %r" % got)
            doubles += got.count(201) > 1
        overlaps = count(OVERLAPS, db=db)
        print("# negative control: %d of 3 rounds double-booked, %d overlapping "
              "pairs" % (doubles, overlaps))
        check(doubles >= 1 and overlaps > 0,
              "without the constraint the race must double-book")
    finally:
        os.unlink(conf)
        psql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % db, db="postgres")
