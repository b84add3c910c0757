"""test_basics.py: pages, API, errors and headers through nginx."""

import json
import re

from stolik_test import (assert_security_headers, check, eq, get, post_form,
                         psql, request, worker_pids)

SLUG = "borshch-i-vyshnia"


def test_home():
    r = get("/")
    eq(r.status, 200, "status")
    eq(r.header("content-type"), "text/html; charset=utf-8", "type")
    assert_security_headers(r, "/")
    t = r.text
    check(t.startswith("<!DOCTYPE html>"), "doctype first")
    check('action="/search"' in t and 'name="q"' in t, "search form")
    check('name="city"' in t and 'name="cuisine"' in t, "filters")
    check("Kyiv" in t and "New York" in t, "cities listed")
    check("/static/css/stolik.css?v=" in t, "versioned stylesheet")
    # only the deferred stolik.js (the "Near me" button); the button's box
    # stays hidden without it and the form works alone
    scripts = re.findall(r"<script([^>]*)>", t)
    check(all('src="/static/js/stolik.js?v=' in s and "defer" in s for s in scripts),
          "no inline script: %r" % scripts)
    check('<div class="field field-near" hidden>' in t, "Near me hidden without JS")


def test_head_has_no_body():
    r = request("HEAD", "/")
    eq(r.status, 200, "status")
    eq(r.body, b"", "body")


def test_restaurant_page():
    r = get("/r/" + SLUG)
    eq(r.status, 200, "status")
    t = r.text
    name = psql("SELECT name FROM restaurants WHERE slug = :'s'", s=SLUG)
    check(name in t, "name shown")
    check("Opening hours" in t and "Monday" in t and "Sunday" in t, "hours")
    check("Kyiv time (UTC+0" in t, "local time zone shown")
    check('class="today"' in t, "today marked")
    check(psql("SELECT address FROM restaurants WHERE slug = :'s'", s=SLUG) in t,
          "address")


def _shown_time(text):
    m = re.search(r"· (\d\d):(\d\d) Kyiv time", text)
    check(m is not None, "the status line shows the local time")
    return int(m.group(1)) * 60 + int(m.group(2))


def test_restaurant_clock_moves_on():
    """The page's data is kept for the day; its clock is the request's own."""
    local = psql("SELECT to_char(now() AT TIME ZONE timezone, 'HH24:MI')"
                 " FROM restaurants WHERE slug = :'s'", s=SLUG)
    now = int(local[:2]) * 60 + int(local[3:])
    shown = _shown_time(get("/r/" + SLUG).text)
    check(abs(shown - now) <= 1, "local time %d vs %d" % (shown, now))
    if shown >= 23 * 60 + 50:
        return          # the kept page's day ends before the step below
    # the same kept page, five minutes on (the test clock of this request)
    later = _shown_time(get("/r/" + SLUG, headers={"X-Test-Clock-Offset": "300"}).text)
    check(later - shown in (5, 6), "moved on five minutes: %d -> %d" % (shown, later))
    body = json.loads(get("/api/v1/restaurants/" + SLUG,
                          headers={"X-Test-Clock-Offset": "300"}).body)
    api = body["local"]["time"]
    check(int(api[:2]) * 60 + int(api[3:]) - shown in (5, 6), "the API's too: " + api)


def test_overnight_hours():
    r = get("/r/la-milpa-taqueria")
    eq(r.status, 200, "status")
    check("18:00–01:00" in r.text and "(next day)" in r.text, "overnight service")
    check("New York time (UTC-0" in r.text, "zone")


def test_restaurant_not_found():
    for path in ("/r/no-such-place", "/r/Bad_Slug", "/r/piekarnia-swit",
                 "/r/%3Cscript%3E"):
        r = get(path)
        eq(r.status, 404, path)
        check("Not Found" in r.text, "404 page for " + path)
        assert_security_headers(r, path)


def test_404_html_and_json():
    r = get("/no/such/page")
    eq(r.status, 404, "html status")
    eq(r.header("content-type"), "text/html; charset=utf-8", "html type")
    check("There is nothing at this address" in r.text, "message")
    r = get("/api/v1/nothing")
    eq(r.status, 404, "json status")
    eq(r.header("content-type"), "application/problem+json", "problem type")
    p = r.json()
    eq(p["status"], 404, "problem status")
    eq(p["title"], "Not Found", "problem title")
    assert_security_headers(r, "/api 404")


def test_405_html_and_json():
    r = post_form("/", {"a": "1"})
    eq(r.status, 405, "html status")
    eq(r.header("allow"), "GET, HEAD", "allow")
    check("<html" in r.text, "html page")
    r = request("DELETE", "/api/v1/restaurants/" + SLUG)
    eq(r.status, 405, "json status")
    eq(r.header("allow"), "GET, HEAD", "allow")
    eq(r.json()["status"], 405, "problem")


def test_trailing_slash_redirects():
    r = get("/search/?q=pizza")
    eq(r.status, 308, "status")
    eq(r.header("location"), "/search?q=pizza", "location")


def test_api_restaurant():
    r = get("/api/v1/restaurants/" + SLUG)
    eq(r.status, 200, "status")
    eq(r.header("content-type"), "application/json", "type")
    eq(r.header("cache-control"), "no-store", "cache")
    assert_security_headers(r, "api")
    o = r.json()
    eq(o["slug"], SLUG, "slug")
    eq(o["timezone"], "Europe/Kyiv", "timezone")
    eq(o["address"]["city"], "Kyiv", "city")
    check(len(o["hours"]) >= 7, "hours")
    h = o["hours"][0]
    check(set(h) >= {"weekday", "opens", "closes", "name", "overnight"}, "hour fields")
    check(o["url"].endswith("/r/" + SLUG), "url")
    check(o["booking"]["max_party"] > 0, "booking rules")
    avg, n = psql("SELECT coalesce(rating_avg::text, ''), rating_count FROM restaurants "
                  "WHERE slug = :'s'", s=SLUG).split("|")
    eq(o["rating"]["count"], int(n), "rating count")
    check(o["rating"]["average"] == (float(avg) if avg else None), "rating")
    eq(get("/api/v1/restaurants/no-such-place").status, 404, "unknown slug")


def test_healthz():
    r = get("/healthz")
    eq(r.status, 200, "status")
    eq(r.json()["database"], "ok", "db")
    eq(r.header("cache-control"), "no-store", "cache")


def test_static_files_from_nginx():
    r = get("/static/css/stolik.css?v=abc")
    eq(r.status, 200, "status")
    check(r.header("content-type").startswith("text/css"), "type")
    eq(r.header("cache-control"), "public, max-age=31536000, immutable", "cache")
    assert_security_headers(r, "static")
    r = get("/static/css/stolik.css")
    eq(r.header("cache-control"), "public, max-age=300", "unversioned cache")
    eq(get("/static/nope.css").status, 404, "missing static file")


def test_nginx_errors_carry_headers():
    r = request("POST", "/search", body=b"x" * (2 * 1024 * 1024),
                headers={"Content-Type": "application/x-www-form-urlencoded"})
    eq(r.status, 413, "nginx 413")
    assert_security_headers(r, "nginx 413")
    r = get("/search?q=" + "a" * 20000)
    check(r.status in (414, 400), "long URI: %d" % r.status)
    assert_security_headers(r, "long URI")


def test_failing_request_is_contained():
    before = worker_pids()
    r = get("/__test/fail")
    eq(r.status, 500, "status")
    check("deliberate failure" not in r.text, "no traceback to the client")
    check("fail.c" not in r.text and "route_test" not in r.text, "no file names")
    check("Something went wrong" in r.text, "friendly page")
    # every worker keeps serving, and nothing of that request survives
    for _ in range(3 * len(before)):
        p = get("/__test/pid").json()
        check(not p["secret_leaked"], "request data leaked into the next request")
    eq(worker_pids(), before, "workers")


def test_open_transaction_is_rolled_back():
    for _ in range(8):
        eq(get("/__test/leak-tx").status, 200, "leak")
    n = psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
             "'stolik' AND state LIKE 'idle in transaction%'")
    eq(n, "0", "idle-in-transaction connections")
    eq(get("/r/" + SLUG).status, 200, "later requests")
