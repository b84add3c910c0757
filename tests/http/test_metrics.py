"""test_metrics.py: /metrics parses and counts; the access log; the history partitions."""

import json
import os
import re

from stolik_test import (BASE, Browser, VAR, cgi, check, count, csrf_of, eq, get,
                         job, psql, token_hash)

LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*"'
                  r'(,[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*")*)?\})? '
                  r'(-?[0-9.e+-]+|\+Inf|NaN)$')


def scrape():
    r = get("/metrics")
    eq(r.status, 200, "metrics")
    check(r.header("content-type").startswith("text/plain; version=0.0.4"), "type")
    samples = {}
    for line in r.text.splitlines():
        if line.startswith("#"):
            check(re.match(r"^# (HELP|TYPE) [a-z_]+ ", line), "comment: " + line)
            continue
        m = LINE.match(line)
        check(m, "a sample: %r" % line)
        samples[line.rsplit(" ", 1)[0]] = float(line.rsplit(" ", 1)[1])
    return samples


def test_metrics_parse_and_count():
    before = scrape()
    for _ in range(3):
        eq(get("/r/borshch-i-vyshnia").status, 200, "page")
    eq(get("/r/no-such-place").status, 404, "a 404")
    after = scrape()
    key = 'stolik_requests_total{route="/r/:slug",code="2xx"}'
    eq(after[key] - before.get(key, 0), 3, "counted across workers")
    check(after['stolik_requests_total{route="/r/:slug",code="4xx"}'] >= 1, "the 404")
    b = 'stolik_request_duration_seconds_bucket{route="/r/:slug",le="+Inf"}'
    c = 'stolik_request_duration_seconds_count{route="/r/:slug"}'
    eq(after[b], after[c], "the +Inf bucket is the count")
    for k in ("stolik_db_errors_total", "stolik_db_reconnects_total",
              'stolik_outbox_messages{status="dead"}', "stolik_workers_started_total"):
        check(k in after, "has " + k)
    check(any(k.startswith("stolik_reservations_upcoming") for k in after), "bookings")


def test_shared_cache_counts():
    """A page one worker read, the others copy from the shared cache."""
    before = scrape()
    # a restaurant no test shows, in a fresh minute of its page data: one
    # worker reads it from the database, the ones after find it shared
    for _ in range(12):
        eq(get("/api/v1/restaurants/mtsvane-kitchen").status, 200, "profile")
    after = scrape()

    def moved(k):
        return after.get(k, 0) - before.get(k, 0)
    stores = moved('stolik_shared_cache_stores_total{kind="page"}')
    hits = moved('stolik_shared_cache_lookups_total{kind="page",result="hit"}')
    check(stores >= 1, "stored: %s" % stores)
    check(hits >= 1, "found by another worker: %s" % hits)
    check(after["stolik_shared_cache_bytes"] > 0, "its size")
    eq(after["stolik_shared_cache_resets_total"], 0, "no worker died holding it")


def test_metrics_only_for_this_host():
    r = cgi("/metrics", env={"REMOTE_ADDR": "10.1.2.3"})
    eq(r.status, 404, "not for other hosts")
    conf = open(os.path.join(VAR, "nginx", "site.conf")).read()
    check(re.search(r"location = /metrics \{[^}]*allow 127\.0\.0\.1;[^}]*deny all;",
                    conf, re.S), "nginx allows only this host")


def test_access_log_lines():
    get("/search?q=kyiv&secret=abc")
    found = None
    for _ in range(30):
        with open(os.path.join(VAR, "log", "stolik.log"), errors="replace") as f:
            for line in f:
                if '"type":"access"' in line and '"/search"' in line:
                    found = json.loads(line)
        if found:
            break
        import time
        time.sleep(0.1)
        get("/")        # a request flushes a second-old buffer
    check(found is not None, "an access line")
    eq(set(found) >= {"ts", "method", "path", "status", "us", "bytes", "pid"}, True,
       "fields")
    check("secret" not in json.dumps(found), "no query string")


def test_history_partitions():
    psql("""
    INSERT INTO reservations (code, restaurant_id, table_id, guest_name, guest_email,
        party_size, starts_at, ends_at, status, source)
    SELECT 'HIST' || lpad(g::text, 6, '0'), r.id,
        (SELECT min(id) FROM dining_tables t WHERE t.restaurant_id = r.id),
        'Old Guest', 'diner@stolik.test', 2,
        now() - make_interval(days => 100 + g * 40),
        now() - make_interval(days => 100 + g * 40) + interval '90 minutes',
        CASE WHEN g % 2 = 0 THEN 'finished' ELSE 'cancelled' END::reservation_status,
        'web'
    FROM restaurants r, generate_series(1, 6) g WHERE r.slug = 'trattoria-castagna';
    INSERT INTO reviews (reservation_id, restaurant_id, rating, body)
    SELECT id, restaurant_id, 5, 'Archived but remembered' FROM reservations
    WHERE code = 'HIST000002';
    """)
    rc, lines, err = job("sweep")
    eq(rc, 0, err)
    done = [x for x in lines if x.get("msg") == "done"][0]
    check(done["archived"] >= 6, "moved: %r" % done)
    eq(count("SELECT count(*) FROM reservations WHERE code LIKE 'HIST%%'"), 0, "gone")
    eq(count("SELECT count(*) FROM reservations_history WHERE code LIKE 'HIST%%'"), 6,
       "in the history")
    parts = psql("SELECT string_agg(c.relname, ' ') FROM pg_inherits i JOIN pg_class c "
                 "ON c.oid = i.inhrelid WHERE i.inhparent = "
                 "'reservations_history'::regclass")
    check(re.search(r"reservations_history_\d{6}", parts), "monthly partitions: " + parts)
    eq(count("SELECT count(*) FROM reservations_history_default"), 0, "none by default")
    # the account, the reviews and the owner's export read both
    b = Browser()
    p = b.get("/login")
    b.post("/login", {"csrf": csrf_of(p.text), "email": "diner@stolik.test",
                      "password": "stolik-demo"})
    check("HIST000002" in b.get("/account").text, "the account lists archived visits")
    check("Archived but remembered" in get("/r/trattoria-castagna/reviews").text,
          "the review stays")
    o = Browser()
    p = o.get("/login")
    o.post("/login", {"csrf": csrf_of(p.text), "email": "owner@stolik.test",
                      "password": "stolik-demo"})
    rid = psql("SELECT id FROM restaurants WHERE slug = 'trattoria-castagna'")
    frm = psql("SELECT (now() - interval '400 days')::date")
    csv = o.get("/owner/r/%s/export.csv?from=%s&to=%s" % (
        rid, frm, psql("SELECT current_date"))).text
    eq(csv.count("HIST0000"), 6, "the export has them")
    rc, lines, err = job("sweep")
    eq([x for x in lines if x.get("msg") == "done"][0]["archived"], 0, "once")
