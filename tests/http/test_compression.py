"""test_compression.py: nginx compresses pages, CSS, JS and JSON for clients
that ask; static files come from their precompressed .gz; CSRF tokens are
masked per answer, so compressed pages do not leak them (BREACH)."""

import gzip
import json
import os
import re

from stolik_test import (TOP, Browser, check, csrf_of, eq, get, local_date, psql,
                         request)

GZ = {"Accept-Encoding": "gzip"}


def unmask(html):
    """The page with its per-answer CSRF tokens taken out."""
    return re.sub(r'name="csrf" value="[^"]+"', 'name="csrf" value=""', html)


def vary(r):
    return ",".join(r.headers.get("vary", [])).lower()


def test_pages_and_json_compressed():
    for path in ("/", "/search?city=Kyiv", "/r/trattoria-castagna",
                 "/api/v1/restaurants?city=Kyiv", "/api/v1/restaurants/trattoria-castagna"):
        plain = get(path)
        eq(plain.status, 200, path)
        eq(plain.header("content-encoding"), None, "%s: nothing unasked" % path)
        z = get(path, GZ)
        eq((z.status, z.header("content-encoding")), (200, "gzip"), path)
        check("accept-encoding" in vary(z), "%s: Vary %r" % (path, vary(z)))
        body = gzip.decompress(z.body)
        check(len(z.body) < len(body) / 2, "%s: %d of %d bytes" % (path, len(z.body), len(body)))
        if path.startswith("/api/"):
            eq(body, plain.body, "%s: the same JSON" % path)
        else:
            eq(unmask(body.decode()), unmask(plain.text), "%s: the same page" % path)


def test_small_and_binary_not_compressed():
    r = get("/healthz", GZ)
    eq(r.header("content-encoding"), None, "under gzip_min_length")
    img = re.search(r'<img class="card-photo" src="([^"]+)"', get("/search?city=Kyiv").text)
    r = get(img.group(1), GZ)
    eq((r.status, r.header("content-encoding")), (200, None), "WebP as it is")


def test_static_from_gz():
    for rel, ctype in (("css/stolik.css", "text/css"), ("js/stolik.js", "application/javascript")):
        src = os.path.join(TOP, "static", rel)
        with open(src + ".gz", "rb") as f:
            gz = f.read()
        with open(src, "rb") as f:
            raw = f.read()
        r = get("/static/" + rel, GZ)
        eq((r.status, r.header("content-encoding")), (200, "gzip"), rel)
        check(r.header("content-type", "").startswith(ctype), r.header("content-type"))
        # byte for byte the file made at build time (gzip -9 -n), not nginx's
        # own compression at level 5
        eq(r.body, gz, "%s: served from %s.gz" % (rel, rel))
        eq(r.header("content-length"), str(len(gz)), "a file's length")
        check("accept-encoding" in vary(r), "Vary")
        eq(gzip.decompress(r.body), raw, "decodes to the file")
        r = get("/static/" + rel)
        eq((r.header("content-encoding"), r.body), (None, raw), "%s: plain" % rel)


def test_csrf_masked_per_answer():
    b = Browser()
    one = csrf_of(b.get("/login").text)
    two = csrf_of(b.get("/login").text)
    check(one != two, "a new mask each time")
    eq(len(one), 86, "32 random bytes and the token XOR them, base64url")
    # both are good: a wrong password is a 4xx of its own, not the CSRF 403
    for tok in (one, two):
        r = b.post("/login", {"csrf": tok, "email": "nobody@stolik.test",
                              "password": "wrong password 123"})
        check(r.status != 403, "token accepted (%d)" % r.status)
    # a changed byte is not
    bad = ("A" if one[5] != "A" else "B").join((one[:5], one[6:]))
    eq(b.post("/login", {"csrf": bad, "email": "nobody@stolik.test",
                         "password": "wrong password 123"}).status, 403, "tampered")


def test_sizes_of_the_largest_answers():
    """Bytes on the wire without and with gzip, printed as a table (a
    figure, not a timing: the test only asks that each shrinks)."""
    owner = Browser()
    page = owner.get("/login")
    eq(owner.post("/login", {"csrf": csrf_of(page.text), "email": "owner@stolik.test",
                             "password": "stolik-demo"}).status, 303, "login")
    rid = psql("SELECT r.id FROM restaurants r JOIN users u ON u.id = r.owner_id"
               " WHERE u.email = 'owner@stolik.test' AND r.slug = 'trattoria-castagna'")
    day = local_date("Europe/Kyiv", 1)
    rows = (("home", get, "/"),
            ("search, all", get, "/search"),
            ("search, near me", get, "/search?lat=50.4501&lng=30.5234&radius_km=20"),
            ("restaurant page", get, "/r/trattoria-castagna?date=%s&party=2" % day),
            ("owner day sheet", owner.get, "/owner/r/%s/day?date=%s" % (rid, day)),
            ("availability JSON", get,
             "/api/v1/restaurants/trattoria-castagna/availability?date=%s&party=2" % day),
            ("search API", get, "/api/v1/restaurants?page_size=100"),
            ("stolik.css", get, "/static/css/stolik.css"))
    print("# %-18s %9s %9s %6s" % ("answer", "identity", "gzip", "ratio"))
    for name, fetch, path in rows:
        plain, z = fetch(path), fetch(path, GZ)
        eq((plain.status, z.status), (200, 200), path)
        eq(z.header("content-encoding"), "gzip", path)
        print("# %-18s %9d %9d %5.0f%%" % (name, len(plain.body), len(z.body),
                                         100.0 * len(z.body) / len(plain.body)))
        check(len(z.body) < len(plain.body) / 2, "%s shrinks" % name)


def test_idempotent_replay_under_gzip():
    """An Idempotency-Key replay is the first answer again, compressed or not."""
    day = local_date("Europe/Warsaw", 25)
    slots = get("/api/v1/restaurants/osteria-wislana/availability?date=%s&party=2"
                % day).json()["slots"]
    check(slots, "free times")
    body = json.dumps({"restaurant": "osteria-wislana", "start": slots[-1]["start"],
                       "party": 2, "name": "Gus Zip", "email": "gus.zip@example.com",
                       "phone": "+48 600 300 400"})
    h = dict(GZ, **{"Content-Type": "application/json",
                    "Idempotency-Key": "gzip-replay-1"})
    a = request("POST", "/api/v1/reservations", body, h)
    eq(a.status, 201, a.text)
    b = request("POST", "/api/v1/reservations", body, h)
    eq((b.status, b.header("idempotent-replayed")), (201, "true"), "replayed")
    plain = gzip.decompress(a.body) if a.header("content-encoding") == "gzip" else a.body
    again = gzip.decompress(b.body) if b.header("content-encoding") == "gzip" else b.body
    eq(again, plain, "the same answer")
    c = request("POST", "/api/v1/reservations", body,
                {"Content-Type": "application/json", "Idempotency-Key": "gzip-replay-1"})
    eq((c.header("content-encoding"), c.body), (None, plain), "and without gzip")
    eq(psql("SELECT count(*) FROM reservations WHERE guest_email = 'gus.zip@example.com'"),
       "1", "one booking")
