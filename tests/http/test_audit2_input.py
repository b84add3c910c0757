"""test_audit2_input.py: the second audit's input findings (issue 15): return
addresses after sign-in, field names HDF cannot hold, ids past their column's
range, and uploads that are more than an image.
"""

import json
import os
import re
import struct
import urllib.parse
import zlib

from stolik_test import (VAR, Browser, check, count, csrf_of, eq, get, post_json,
                         psql, request)

DEMO = "stolik-demo"
OWNER = "owner@stolik.test"
SLUG = "borshch-i-vyshnia"      # the demo restaurant of owner@stolik.test


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


def restaurant_id():
    return psql("SELECT id FROM restaurants WHERE slug = :'s'", s=SLUG)


def multipart(fields, files=None, bnd="AuditBoundary15"):
    """fields: (name, value) pairs, sent as they are, names included."""
    out = b""
    for k, v in fields:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                % (bnd, k, v)).encode()
    for k, (name, data, ctype) in (files or {}).items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\""
                "\r\nContent-Type: %s\r\n\r\n" % (bnd, k, name, ctype)).encode()
        out += data + b"\r\n"
    out += ("--%s--\r\n" % bnd).encode()
    return out, "multipart/form-data; boundary=" + bnd


# --- finding 2: the address after sign-in stays on this site -------------------------

def browser_target(location):
    """Where a browser goes for a Location header, the WHATWG way: tab, CR
    and LF are dropped, a backslash is a slash, and "//x" or "scheme:" leaves
    this origin. None if it leaves; else the path."""
    loc = re.sub(r"[\t\r\n]", "", location).strip("\x00 ").replace("\\", "/")
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", loc) or loc.startswith("//") \
            or not loc.startswith("/"):
        return None
    return loc


# next= values as they stand in a query string or a form body, raw
BYPASSES = [
    "/%09/evil.example", "/%09%5Cevil.example", "/%5C%09%5Cevil.example",
    "%09//evil.example", "/%0D%0A/evil.example", "/%0A/evil.example",
    "/%0D/evil.example", "/%5Cevil.example", "/%5C%5Cevil.example",
    "%5C%5Cevil.example", "%2F%2Fevil.example", "//evil.example",
    "///evil.example", "/%2F/evil.example", "/%2F%2Fevil.example",
    "/.//evil.example", "/.%2F/evil.example", "/%2e//evil.example",
    "/..//evil.example", "/%09%09/evil.example", "/%0B/evil.example",
    "/%7F/evil.example",
    "javascript:alert(document.domain)", "javascript%3Aalert(1)",
    "JaVaScRiPt:alert(1)", "http://evil.example", "https://evil.example/",
    "https:evil.example", "https:/evil.example", "http:%2F%2Fevil.example",
    "%68ttp://evil.example", "data:text/html,x", " //evil.example",
    "/%EF%BC%8F/evil.example",      # U+FF0F fullwidth solidus
    "/%E2%88%95evil.example",        # U+2215 division slash
    "%E2%81%84%E2%81%84evil.example",   # U+2044 fraction slash twice
    "/%E3%80%B1evil.example",        # U+3031
    "/\u2215evil.example",           # sent raw as UTF-8
    "evil.example", "",
]


def login_with_next(raw):
    """Sign in as a browser would from /login?next=raw: the form's hidden
    field carries it. Returns (hidden field value, Location)."""
    b = Browser()
    page = b.get("/login?next=" + urllib.parse.quote(raw, safe="%/:\\.?=&"))
    eq(page.status, 200, "the form for %r" % raw)
    m = re.search(r'name="next" value="([^"]*)"', page.text)
    check(m, "a next field")
    hidden = m.group(1).replace("&amp;", "&")
    body = "csrf=%s&email=%s&password=%s&next=%s" % (
        urllib.parse.quote(csrf_of(page.text)), urllib.parse.quote(OWNER), DEMO,
        urllib.parse.quote(hidden))
    r = b.request("POST", "/login", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    eq(r.status, 303, "sign-in with next %r" % raw)
    return hidden, r.header("location")


def test_next_bypasses_land_on_the_account():
    """A bypass is dropped: the form carries no next, and the owner lands
    where owners start (/owner; a diner would land on /account)."""
    for raw in BYPASSES:
        hidden, loc = login_with_next(raw)
        eq(hidden, "", "the form's next for %r" % raw)
        eq(loc, "/owner", "where %r leads" % raw)
        check(browser_target(loc) == "/owner", "a browser's view of %r" % loc)


def test_forged_next_in_the_body_lands_on_the_account():
    """A page elsewhere may post the sign-in form with any next it likes."""
    for raw in BYPASSES:
        b = Browser()
        page = b.get("/login")
        body = "csrf=%s&email=%s&password=%s&next=%s" % (
            urllib.parse.quote(csrf_of(page.text)), urllib.parse.quote(OWNER), DEMO,
            raw.replace(" ", "+").replace("\u2215", "%E2%88%95"))
        r = b.request("POST", "/login", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        eq(r.status, 303, "sign-in with next %r" % raw)
        eq(r.header("location"), "/owner", "where %r leads (the owner's start)" % raw)


def test_nul_in_next_is_400():
    eq(get("/login?next=/%00/evil.example").status, 400, "a NUL in the query")
    b = Browser()
    page = b.get("/login")
    r = b.request("POST", "/login", body="csrf=%s&email=%s&password=%s&next=/%%00/x" % (
        urllib.parse.quote(csrf_of(page.text)), urllib.parse.quote(OWNER), DEMO),
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    eq(r.status, 400, "a NUL in the body")


def test_good_next_still_works():
    for raw, want in (("/account?x=1", "/account?x=1"),
                      ("%2Faccount%3Fx%3D1", "/account?x=1"),
                      ("/owner", "/owner"),
                      ("/r/%s?date=2030-01-01" % SLUG, "/r/%s?date=2030-01-01" % SLUG),
                      # decoded once, still one path of this site
                      ("/%252F%252Fevil.example", "/%2F%2Fevil.example")):
        _, loc = login_with_next(raw)
        eq(loc, want, "where %r leads" % raw)
        check(browser_target(loc) == want, "a browser's view of %r" % loc)


def test_sign_in_from_a_protected_page_returns_there():
    b = Browser()
    r = b.get("/account")
    eq(r.status, 303, "to sign in")
    page = b.get(r.header("location"))
    m = re.search(r'name="next" value="([^"]*)"', page.text)
    eq(m.group(1), "/account", "the way back")


# --- finding 6: field names HDF cannot hold are bad input ----------------------------

BAD_NAMES = ["", ".", "a.", "a..b", "..", ".hidden", "a.b."]

TABLES = ("SELECT (SELECT count(*) FROM users) || '/' || (SELECT count(*) FROM "
          "login_attempts) || '/' || (SELECT count(*) FROM sessions) || '/' || "
          "(SELECT count(*) FROM opening_hours) || '/' || (SELECT count(*) FROM "
          "audit_log)")


def test_bad_field_names_in_a_body_are_400():
    owner = signed_in(OWNER)
    rid = restaurant_id()
    csrf = csrf_of(owner.get("/owner/r/%s/setup" % rid).text)
    before = psql(TABLES)
    targets = [("/login", None), ("/signup", None),
               ("/owner/r/%s/hours" % rid, owner)]
    for path, who in targets:
        for name in BAD_NAMES:
            # never enough for the route to act, were the name taken
            fields = [(name, "x"), ("email", OWNER), ("password", DEMO),
                      ("csrf", csrf)]
            send = who.request if who else (lambda m, p, headers, body: request(
                m, p, body=body, headers=headers))
            body, ctype = multipart(fields)
            r = send("POST", path, headers={"Content-Type": ctype}, body=body)
            eq(r.status, 400, "multipart name %r on %s" % (name, path))
            body = "&".join("%s=%s" % (urllib.parse.quote(k, safe="."),
                                       urllib.parse.quote(v)) for k, v in fields)
            r = send("POST", path, headers={
                "Content-Type": "application/x-www-form-urlencoded"}, body=body)
            # an empty name is ClearSilver's Query._0: not an error, so
            # the route decides (a bad CSRF token, a wrong form...)
            if name == "":
                check(r.status < 500, "urlencoded name %r on %s: %d"
                      % (name, path, r.status))
            else:
                eq(r.status, 400, "urlencoded name %r on %s" % (name, path))
            # percent-encoded, the name is the same once decoded
            if name:
                body = "%s=x&%s" % (urllib.parse.quote(name, safe="").replace(
                    ".", "%2E"), body)
                r = send("POST", path, headers={
                    "Content-Type": "application/x-www-form-urlencoded"}, body=body)
                eq(r.status, 400, "encoded name %r on %s" % (name, path))
    # nothing written: no user, no session, no attempt, no hours, no audit
    # beyond the owner's own sign-in above (already counted)
    eq(psql(TABLES), before, "rows after refused bodies")


def test_bad_field_names_in_a_query_are_400():
    for path in ("/search", "/login", "/api/v1/restaurants"):
        for name in BAD_NAMES:
            if name == "":
                continue
            r = get("%s?%s=x&q=1" % (path, urllib.parse.quote(name, safe=".")))
            eq(r.status, 400, "query name %r on %s" % (name, path))
    # a cookie HDF cannot name is dropped, not an error
    r = get("/login", headers={"Cookie": "a.=1; ..=2; .x=3"})
    eq(r.status, 200, "odd cookie names")


# --- finding 7: ids past their column's range never reach SQL ----------------------

BAD_IDS = ["9999999999", "2147483648", "-1", "0", "1e3", "00001",
           "99999999999999999999", "9223372036854775808", "1.0", "0x1", "+1"]


def routes():
    return get("/__test/routes").json()["routes"]


def test_audit_examples_are_404():
    h = bearer(OWNER)
    rid = restaurant_id()
    r = request("DELETE", "/api/v1/owner/restaurants/%s/turn-times/9999999999" % rid,
                headers=h)
    eq(r.status, 404, r.text)
    owner = signed_in(OWNER)
    csrf = csrf_of(owner.get("/owner/r/%s/setup" % rid).text)
    for item in ("9999999999", "2147483648", "2147483647"):
        r = owner.post("/owner/r/%s/turn-times/%s/delete" % (rid, item), {"csrf": csrf})
        eq(r.status, 404, "turn time %s" % item)


def test_id_crawl_never_500():
    """Every route with an id in its path, every out-of-range spelling, as
    nobody, as the owner (page session and API token) and as the admin."""
    owner = signed_in(OWNER)
    admin = signed_in("admin@stolik.test")
    rid = restaurant_id()
    owner_csrf = csrf_of(owner.get("/owner/r/%s/setup" % rid).text)
    admin_csrf = csrf_of(admin.get("/admin").text)
    h = bearer(OWNER)
    code = psql("SELECT code FROM reservations WHERE restaurant_id = :'r' "
                "ORDER BY id LIMIT 1", r=rid)
    good = {"id": rid, "item": "1", "rid": "1", "code": code or "NOPE",
            "kind": "turn-times", "action": "approve", "slug": SLUG, "wid": "1",
            "delivery": "whd_" + "0" * 32, "entry": "1"}
    seen = 0
    failures = []
    for rt in routes():
        params = re.findall(r":([a-z]+)", rt["pattern"])
        ids = [p for p in params if p in ("id", "item", "rid", "wid", "entry")]
        if not ids:
            continue
        for which in ids:
            for bad in BAD_IDS:
                vals = dict(good, **{which: bad})
                path = re.sub(r":([a-z]+)", lambda m: vals[m.group(1)], rt["pattern"])
                for method in rt["methods"]:
                    tries = []
                    if rt["json"]:
                        tries = [("anon", lambda m, p: request(
                            m, p, body="{}" if m != "GET" else None, headers={
                                "Content-Type": "application/json"})),
                            ("owner", lambda m, p: request(
                                m, p, body="{}" if m != "GET" else None,
                                headers=dict(h, **{"Content-Type": "application/json"})))]
                    else:
                        for who, b, tok in (("owner", owner, owner_csrf),
                                            ("admin", admin, admin_csrf)):
                            tries.append((who, lambda m, p, b=b, tok=tok: b.request(
                                m, p, fields={"csrf": tok} if m == "POST" else None,
                                headers={"Sec-Fetch-Site": "same-origin"})))
                    for who, send in tries:
                        r = send(method, path)
                        seen += 1
                        if r.status >= 500:
                            failures.append("%s %s as %s: %d" % (method, path, who,
                                                                r.status))
    check(seen > 200, "the crawl reached %d requests" % seen)
    check(not failures, "server errors:\n" + "\n".join(failures[:20]))


# --- finding 10: an upload is one whole image and nothing else ---------------------

def png(w=2, h=2):
    def chunk(t, data):
        return struct.pack(">I", len(data)) + t + data + struct.pack(
            ">I", zlib.crc32(t + data) & 0xffffffff)
    raw = b"".join(b"\x00" + b"\x80\x40\x20" * w for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2,
            0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def jpeg8():
    """An 8 x 8 grey baseline JPEG: one block, DC difference 0, end of block."""
    soi = b"\xff\xd8"
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    dqt = b"\xff\xdb\x00\x43\x00" + b"\x01" * 64
    sof = b"\xff\xc0\x00\x0b\x08\x00\x08\x00\x08\x01\x01\x11\x00"
    one_code = b"\x01" + b"\x00" * 15 + b"\x00"
    dht = b"\xff\xc4\x00\x14\x00" + one_code + b"\xff\xc4\x00\x14\x10" + one_code
    sos = b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00"
    return soi + app0 + dqt + sof + dht + sos + b"\x3f" + b"\xff\xd9"


HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"

REFUSED = [
    ("jpeg-signature-then-html", b"\xff\xd8\xff\xe0" + HTML, "image/jpeg"),
    ("jpeg-signature-then-html-2", b"\xff\xd8\xff" + HTML, "image/jpeg"),
    ("jpeg-then-html", jpeg8() + HTML, "image/jpeg"),
    ("png-then-html", png() + HTML, "image/png"),
    ("png-then-a-byte", png() + b"\x00", "image/png"),
    ("png-bad-crc", png()[:-5] + bytes([png()[-5] ^ 1]) + png()[-4:], "image/png"),
    ("png-cut-short", png()[:-12], "image/png"),
    ("png-signature-then-html", b"\x89PNG\r\n\x1a\n" + HTML, "image/png"),
    ("webp-signature-then-html", b"RIFF\x40\x00\x00\x00WEBP" + HTML[:56], "image/webp"),
]


def media_files():
    d = os.path.join(VAR, "media")
    return sorted(os.listdir(d)) if os.path.isdir(d) else []


def test_uploads_are_whole_images():
    owner = signed_in(OWNER)
    rid = restaurant_id()
    h = bearer(OWNER)
    csrf = csrf_of(owner.get("/owner/r/%s/setup" % rid).text)
    photos = "SELECT count(*) FROM restaurant_photos WHERE restaurant_id = %s" % rid
    before, files = count(photos), media_files()
    for what, data, ctype in REFUSED:
        body, mct = multipart([("csrf", csrf), ("caption", what)],
                              {"photo": (what + ".jpg", data, ctype)})
        r = owner.request("POST", "/owner/r/%s/photos" % rid, body=body,
                          headers={"Content-Type": mct})
        eq(r.status, 422, "page upload of " + what)
        check("Upload a JPEG, PNG or WebP image." in r.text, "the field's message")
        r = request("POST", "/api/v1/owner/restaurants/%s/photos" % rid, body=data,
                    headers=dict(h, **{"Content-Type": ctype}))
        eq(r.status, 422, "API upload of " + what)
        eq(r.json()["errors"]["image"], "not_an_image", "the API's reason")
    eq(count(photos), before, "no row for a refused upload")
    eq(media_files(), files, "no file for a refused upload")
    # a real image of each kind is taken, stored under its own type
    added = []
    for data, ctype in ((png(3, 2), "image/png"), (jpeg8(), "image/jpeg")):
        r = request("POST", "/api/v1/owner/restaurants/%s/photos" % rid, body=data,
                    headers=dict(h, **{"Content-Type": ctype}))
        eq(r.status, 201, r.text)
        item = max(r.json()["items"], key=lambda i: int(i["id"]))
        m = get("/media/" + item["file"])
        eq(m.status, 200, "served")
        eq(m.header("content-type"), ctype, "its type")
        eq(m.body, data, "its bytes")
        added.append(item["id"])
    body, mct = multipart([("csrf", csrf), ("caption", "page")],
                          {"photo": ("p.jpg", jpeg8(), "image/jpeg")})
    r = owner.request("POST", "/owner/r/%s/photos" % rid, body=body,
                      headers={"Content-Type": mct})
    eq(r.status, 303, "page upload of a JPEG")
    added.append(psql("SELECT max(id) FROM restaurant_photos WHERE restaurant_id = %s"
                      % rid))
    for pid in added:
        r = request("DELETE", "/api/v1/owner/restaurants/%s/photos/%s" % (rid, pid),
                    headers=h)
        check(r.status in (200, 204), "clean up photo %s: %d" % (pid, r.status))
    eq(count(photos), before, "back as it was")


def test_upload_sizes_are_checked():
    rid = restaurant_id()
    h = bearer(OWNER)
    for w, hh in ((8001, 1), (1, 8001), (0, 5)):
        r = request("POST", "/api/v1/owner/restaurants/%s/photos" % rid,
                    body=png(w, hh) if w * hh < 100000 else _big_png(w, hh),
                    headers=dict(h, **{"Content-Type": "image/png"}))
        eq(r.status, 422, "a %dx%d image" % (w, hh))
        eq(r.json()["errors"]["image"], "bad_dimensions", json.dumps(r.json()))


def _big_png(w, h):
    """A PNG header claiming w x h over a little data: only the size matters."""
    def chunk(t, data):
        return struct.pack(">I", len(data)) + t + data + struct.pack(
            ">I", zlib.crc32(t + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0,
            0, 0, 0)) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))
