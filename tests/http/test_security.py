"""test_security.py: CSRF over the router's table, headers on every kind of answer,
nginx's own limits (issue 4, RELIABILITY §J, §K).
"""

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.parse

from stolik_test import (BASE, HOST, PORT, TOP, VAR, Browser, Failure, assert_security_headers,
                         cgi, check, count, csrf_of, eq, get, local_date, post_form,
                         post_json, psql, request, token_hash, wait_until)

DEMO = "stolik-demo"

# Everything a request could change, without what moves by itself (the
# mailer's progress, a session's last use).
CHECKSUM = """
SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
  SELECT 'r' || md5(v::text) x FROM reservations v
  UNION ALL SELECT 'e' || md5(e::text) FROM reservation_events e
  UNION ALL SELECT 'u' || md5(u::text) FROM users u
  UNION ALL SELECT 's' || md5(row(token_hash, user_id, expires_at)::text) FROM sessions
  UNION ALL SELECT 'o' || md5(row(id, kind, to_addr, dedupe_key)::text) FROM outbox
  UNION ALL SELECT 't' || md5(t::text) FROM email_tokens t
  UNION ALL SELECT 'f' || md5(f::text) FROM refresh_tokens f
  UNION ALL SELECT 'k' || md5(row(id, owner_id, name, key_hash, scopes, revoked_at)::text)
    FROM api_keys
  UNION ALL SELECT 'a' || md5(a::text) FROM audit_log a
  UNION ALL SELECT 'l' || md5(l::text) FROM login_attempts l
  UNION ALL SELECT 'i' || md5(i::text) FROM idempotency_keys i
  UNION ALL SELECT 'x' || md5(x::text) FROM restaurants x
  UNION ALL SELECT 'w' || md5(row(id, restaurant_id, url, description, events,
    secret_sealed, old_secret_sealed, enabled)::text) FROM webhook_endpoints
  UNION ALL SELECT 'd' || md5(row(id, endpoint_id, event_id, replay_of)::text)
    FROM webhook_deliveries
  UNION ALL SELECT 'v' || md5(row(id, type)::text) FROM webhook_events
  UNION ALL SELECT 'n' || md5(wl::text) FROM walkins wl
) q
"""


def checksum(audit=True):
    """With audit False, the audit log is left out: reading an export is
    audited on purpose, and a log of reads is not a change of state."""
    sql = CHECKSUM if audit else CHECKSUM.replace(
        "UNION ALL SELECT 'a' || md5(a::text) FROM audit_log a\n", "")
    return psql(sql)


def signed_in(email):
    b = Browser()
    page = b.get("/login")
    r = b.post("/login", {"csrf": csrf_of(page.text), "email": email,
                          "password": DEMO})
    eq(r.status, 303, "login " + email)
    return b


def routes():
    return get("/__test/routes").json()["routes"]


def fill(pattern, ctx):
    """A concrete path for a route pattern, with ids the owner may use."""
    def sub(m):
        return ctx[m.group(1)]
    return re.sub(r":([a-z]+)", sub, pattern)


def make_context(owner):
    d = local_date("Europe/Kyiv", 12)
    r = post_json("/api/v1/reservations", {
        "restaurant": "borshch-i-vyshnia", "start": d + "T12:30", "party": 2,
        "name": "Csrf Target", "email": "owner@stolik.test", "phone": "+380 50 000 00 02"})
    eq(r.status, 201, r.text)
    code, token = r.json()["code"], r.json()["token"]
    acct = owner.get("/account")
    owner.post("/account/api-keys", {"csrf": csrf_of(acct.text), "name": "csrf-key",
                                     "scope_0": "1"})
    kid = psql("SELECT max(id) FROM api_keys WHERE owner_id = (SELECT id FROM users "
               "WHERE email = 'owner@stolik.test')")
    check(kid != "", "a key to aim at")
    rid = psql("SELECT id FROM restaurants WHERE slug = 'borshch-i-vyshnia'")
    return {"code": code, "token": token, "slug": "borshch-i-vyshnia", "id": rid,
            "key": kid, "date": d, "item": "1", "kind": "tables",
            "action": "approve", "rid": "1", "wid": "1",
            "delivery": "whd_" + "0" * 32, "entry": "1"}


def form_for(pattern, ctx):
    """Fields that would make each route act, were the request genuine."""
    f = {"t": ctx["token"], "name": "Forged", "email": "forged@example.com",
         "phone": "+380 50 000 00 03", "date": ctx["date"], "time": "15:00",
         "party": "2", "a": "coming", "password": DEMO, "new_password": "x" * 20,
         "new_email": "forged@example.com", "scope_0": "1"}
    return f


def test_every_unsafe_route_is_csrf_checked():
    """RELIABILITY J: no token, another session's token, a foreign origin: 403, no change."""
    owner = signed_in("owner@stolik.test")
    other = signed_in("owner2@stolik.test")
    ctx = make_context(owner)
    unsafe = [(m, rt) for rt in routes() for m in rt["methods"]
              if m in ("POST", "PUT", "PATCH", "DELETE")
              and not rt["pattern"].startswith("/__test/")]
    pages = [(m, rt) for m, rt in unsafe if not rt["json"]]
    # a page route that changes things cannot leave the check out
    for m, rt in pages:
        check(rt["csrf"], "%s %s has no CSRF flag" % (m, rt["pattern"]))
    check(len(pages) >= 15, "the table has the routes: %d" % len(pages))
    own_token = csrf_of(owner.get("/account").text)
    their_token = csrf_of(other.get("/account").text)
    evil = {"Origin": "https://evil.example"}
    before = checksum()
    tried = 0
    for m, rt in pages:
        path = fill(rt["pattern"], ctx)
        fields = form_for(rt["pattern"], ctx)
        cases = [
            ("no token", fields, {}),
            ("another session's token", dict(fields, csrf=their_token), {}),
            ("foreign Origin", dict(fields, csrf=own_token), evil),
            ("cross-site fetch", dict(fields, csrf=own_token),
             {"Sec-Fetch-Site": "cross-site"}),
        ]
        for what, f, h in cases:
            r = owner.request(m, path, fields=f, headers=h)
            eq(r.status, 403, "%s %s with %s" % (m, path, what))
            tried += 1
    eq(checksum(), before, "nothing in the database changed")
    print("# %d forged requests over %d page routes, all 403" % (tried, len(pages)))
    # the API takes no cookie: an owner's cookie on its unsafe routes is nobody
    for m, rt in unsafe:
        if rt["json"] and rt["auth"]:
            r = owner.request(m, fill(rt["pattern"], ctx), body="{}",
                              headers={"Content-Type": "application/json"})
            eq(r.status, 401, "%s %s with a cookie" % (m, rt["pattern"]))
    for m, rt in unsafe:
        if rt["json"] and rt["pattern"].startswith("/api/v1/me/"):
            r = owner.request(m, fill(rt["pattern"], ctx), body="{}",
                              headers={"Content-Type": "application/json"})
            eq(r.status, 401, "%s %s with a cookie" % (m, rt["pattern"]))
    eq(checksum(), before, "still nothing changed")
    # control: the same kind of request, genuine, does change the database
    acct = owner.get("/account")
    r = owner.post("/account/api-keys", {"csrf": csrf_of(acct.text), "name": "genuine",
                                         "scope_0": "1"})
    eq(r.status, 200, "a genuine request: the page shows the new key")
    check(checksum() != before, "the checksum sees a change")


def test_csrf_off_lets_a_forged_request_through():
    """Negative control: with the check switched off a forged logout ends the session."""
    b = signed_in("diner@stolik.test")
    sid = b.cookies["sid"]
    env = {"CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": "0",
           "HTTP_ORIGIN": "https://evil.example", "HTTP_COOKIE": "sid=" + sid}
    r = cgi("/logout", method="POST", env=env)
    eq(r.status, 403, "protected")
    eq(count("SELECT count(*) FROM sessions WHERE token_hash = decode(:'h', 'hex')",
             h=token_hash(sid)), 1, "session kept")
    r = cgi("/logout", method="POST", env=env, extra_conf="Test.CsrfOff = 1")
    eq(r.status, 303, "protection off: the forged request goes through")
    eq(count("SELECT count(*) FROM sessions WHERE token_hash = decode(:'h', 'hex')",
             h=token_hash(sid)), 0, "and changed the database")


def test_get_crawl_changes_nothing():
    owner = signed_in("owner@stolik.test")
    ctx = make_context(owner)
    before = checksum(audit=False)
    n = 0
    for rt in routes():
        if "GET" not in rt["methods"] or rt["pattern"].startswith("/__test/"):
            continue
        path = fill(rt["pattern"], ctx)
        q = "?" + urllib.parse.urlencode({"t": ctx["token"], "a": "coming",
                                          "date": ctx["date"], "party": "2"})
        for b in (owner, Browser()):
            r = b.get(path + q)
            check(r.status < 500, "GET %s: %d" % (path, r.status))
            n += 1
    eq(checksum(audit=False), before,
       "a GET of every route changed nothing (%d requests)" % n)


# --- headers on every kind of answer ----------------------------------------------

def _free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Nginx:
    """An nginx of its own, from the repository's site file, beside the stack's."""

    def __init__(self, name, sock, strict="5000r/s", headers=None):
        self.dir = os.path.join(VAR, "nginx-" + name)
        for d in ("run", "log", "nginx/body", "nginx/fastcgi", "nginx/proxy",
                  "nginx/scgi", "nginx/uwsgi"):
            os.makedirs(os.path.join(self.dir, d), exist_ok=True)
        self.port = _free_port()
        hdrs = headers or os.path.join(TOP, "etc", "nginx", "security-headers.conf")
        with open(os.path.join(TOP, "etc", "nginx", "stolik.conf.in")) as f:
            site = f.read()
        for k, v in {"@SOCKET@": sock, "@STATIC_DIR@": os.path.join(TOP, "static"),
                     "@LISTEN@": "127.0.0.1:%d" % self.port,
                     "@RATE_GENERAL@": "5000r/s", "@RATE_STRICT@": strict,
                     "@SECURITY_HEADERS@": hdrs,
                     "@MEDIA_DIR@": os.path.join(VAR, "media"),
                     "@ERRORS_DIR@": os.path.join(VAR, "errors"),
                     "@ACCESS_LOG@": os.path.join(self.dir, "log", "access.log")}.items():
            site = site.replace(k, v)
        with open(os.path.join(self.dir, "nginx", "site.conf"), "w") as f:
            f.write(site)
        with open(os.path.join(TOP, "tools", "nginx-dev.conf.in")) as f:
            main = f.read()
        main = (main.replace("@VAR@", self.dir)
                .replace("@USER@", "user root root;" if os.geteuid() == 0 else "")
                .replace("@NGINX_WORKERS@", "1")
                .replace("@ACCESS_LOG@", os.path.join(self.dir, "log", "access.log")))
        self.conf = os.path.join(self.dir, "nginx", "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(main)
        subprocess.run(["nginx", "-p", self.dir, "-c", self.conf, "-e",
                        os.path.join(self.dir, "log", "error.log")], check=True)

        def up():
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return True
            except OSError:
                return False
        if not wait_until(up, 10):
            raise Failure("extra nginx did not start")

    def request(self, method, path, body=None, headers=None):
        import http.client
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        from stolik_test import Resp
        hdrs = {}
        for k, v in r.getheaders():
            hdrs.setdefault(k.lower(), []).append(v)
        resp = Resp(r.status, hdrs, r.read())
        c.close()
        return resp

    def stop(self):
        subprocess.run(["nginx", "-p", self.dir, "-c", self.conf, "-e",
                        os.path.join(self.dir, "log", "error.log"), "-s", "stop"],
                       stderr=subprocess.DEVNULL)
        time.sleep(0.2)
        shutil.rmtree(self.dir, ignore_errors=True)


def check_headers(r, where):
    assert_security_headers(r, where)
    eq(r.header("x-frame-options"), "DENY", where + ": X-Frame-Options")
    eq(r.header("x-content-type-options"), "nosniff", where + ": nosniff")
    csp = r.header("content-security-policy")
    for d in ("object-src 'none'", "base-uri", "form-action 'self'"):
        check(d in csp, "%s: CSP has %s" % (where, d))
    check("unsafe-eval" not in csp, where + ": no unsafe-eval")
    check(r.header("referrer-policy") in ("no-referrer", "same-origin",
                                          "strict-origin-when-cross-origin"),
          where + ": Referrer-Policy %r" % r.header("referrer-policy"))
    ct = r.header("content-type") or ""
    # (JSON is UTF-8 by definition, RFC 8259: no charset parameter)
    if ct.startswith("text/"):
        check("charset=utf-8" in ct.lower(), "%s: charset in %r" % (where, ct))


def test_headers_on_every_kind_of_answer():
    """RELIABILITY K: the app's pages, JSON and errors, and nginx's own answers."""
    owner = signed_in("owner@stolik.test")
    answers = {
        "page": get("/"),
        "restaurant": get("/r/borshch-i-vyshnia"),
        "json": get("/api/v1/restaurants"),
        "problem 404": get("/api/v1/restaurants/nope"),
        "page 404": get("/nope"),
        "page 400": get("/r/borshch-i-vyshnia?date=2026-02-30"),
        "405": request("PUT", "/"),
        "403 CSRF": post_form("/logout", {}),
        "401 API": get("/api/v1/me/reservations"),
        "redirect": get("/account"),
        "signed-in page": owner.get("/account"),
        "static": get("/static/css/stolik.css"),
        "static 404": get("/static/nope.css"),
        "nginx 413": request("POST", "/search", body=b"x" * (2 * 1024 * 1024),
                             headers={"Content-Type": "application/x-www-form-urlencoded"}),
        "openapi": get("/api/v1/openapi.json"),
        "healthz": get("/healthz"),
    }
    eq(answers["signed-in page"].header("cache-control"), "private, no-store",
       "authenticated pages are not cached")
    eq(answers["nginx 413"].status, 413, "413")
    # nginx's 429 and 502, from instances of the same site file
    limited = Nginx("limited", os.path.join(VAR, "run", "stolik.sock"), strict="1r/m")
    dead = Nginx("dead", os.path.join(VAR, "run", "no-such.sock"))
    try:
        statuses = [limited.request("POST", "/login", body="email=a&password=b",
                                    headers={"Content-Type":
                                             "application/x-www-form-urlencoded"}).status
                    for _ in range(25)]
        check(429 in statuses, "limit_req on the login post: %r" % statuses)
        eq(statuses.count(429), 25 - 21, "burst of 20, then 429")
        answers["nginx 429"] = limited.request("POST", "/login", body="x=1", headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        eq(answers["nginx 429"].status, 429, "429")
        # GETs of the same pages are not held to the strict limit
        eq(limited.request("GET", "/login").status, 200, "GET /login is not limited")
        answers["nginx 502"] = dead.request("GET", "/")
        eq(answers["nginx 502"].status, 502, "502")
    finally:
        limited.stop()
        dead.stop()
    for name, r in answers.items():
        check_headers(r, name)
    print("# security headers on %d kinds of answers" % len(answers))


def test_header_check_can_fail():
    """Negative control: nginx without the header include answers without them."""
    empty = os.path.join(VAR, "empty-headers.conf")
    with open(empty, "w") as f:
        f.write("# nothing\n")
    bare = Nginx("bare", os.path.join(VAR, "run", "no-such.sock"), headers=empty)
    try:
        r = bare.request("GET", "/")
        eq(r.status, 502, "502")
        try:
            check_headers(r, "bare 502")
        except Failure:
            return
        raise Failure("the header check passed an answer without the headers")
    finally:
        bare.stop()


# --- caching: an answer for someone is nobody else's (issue 15, finding 8) ---------

CACHE_PAGES = ["/", "/search?q=pizza", "/r/borshch-i-vyshnia",
               "/r/borshch-i-vyshnia/reviews", "/r/borshch-i-vyshnia/reviews?page=1",
               "/login", "/api/v1/restaurants", "/api/v1/restaurants/borshch-i-vyshnia",
               "/api/v1/openapi.json", "/nope"]


def assert_cache_fits(r, where, someone):
    """A cache may keep an answer for everyone only if it is everyone's:
    someone's (a session, a bearer, a CSRF token, a Set-Cookie) is private."""
    cc = r.header("cache-control", "")
    mine = someone or r.header("set-cookie") is not None or 'name="csrf"' in r.text
    if mine:
        eq(cc, "private, no-store", "%s: Cache-Control of a personal answer" % where)
    if "public" in cc:
        vary = ", ".join(r.headers.get("vary", []))
        want = "Authorization" if "/api/" in where else "Cookie"
        check(want in vary, "%s: public without Vary: %s (%r)" % (where, want, vary))


def test_cache_control_by_who_asks():
    owner = signed_in("owner@stolik.test")
    tok = post_json("/api/v1/auth/token", {"grant_type": "password",
                                           "email": "owner@stolik.test",
                                           "password": DEMO})
    eq(tok.status, 200, "token")
    bearer = {"Authorization": "Bearer " + tok.json()["access_token"]}
    public = set()
    for p in CACHE_PAGES:
        r = get(p)
        check(r.status in (200, 404), "%s: %d" % (p, r.status))
        assert_cache_fits(r, p, False)
        if "public" in r.header("cache-control", ""):
            public.add(p.split("?")[0])
        r = owner.get(p)
        # the API never reads the session cookie, and an unknown path's
        # 404 is answered before it is read: those are nobody's
        shown = 'action="/logout"' in r.text
        eq(shown, not p.startswith("/api/") and p != "/nope", "%s shows the user" % p)
        assert_cache_fits(r, p + " (signed in)", shown)
        if p.startswith("/api/"):
            assert_cache_fits(get(p, headers=bearer), p + " (bearer)", True)
    # the pages that are public for anonymous readers are still public
    eq(public, {"/r/borshch-i-vyshnia/reviews", "/api/v1/openapi.json"},
       "public answers")
    # a browser with a CSRF cookie reading the reviews: nothing of its own there
    b = Browser()
    b.get("/r/borshch-i-vyshnia")
    check(b.cookies, "the restaurant page gave the browser its id")
    r = b.get("/r/borshch-i-vyshnia/reviews")
    eq(r.header("cache-control"), "public, max-age=60", "anonymous reviews")
    check('name="csrf"' not in r.text and r.header("set-cookie") is None,
          "nothing per browser on the public reviews page")
    # the audit's case: the signed-in reader's name and token are not public
    r = owner.get("/r/borshch-i-vyshnia/reviews")
    check(csrf_of(r.text), "the signed-in page has its sign-out token")
    eq(r.header("cache-control"), "private, no-store", "signed-in reviews")


def test_cache_control_negative_control():
    """With the personal mark ignored (test builds only) the check goes red."""
    owner = signed_in("owner@stolik.test")
    env = {"HTTP_COOKIE": "sid=" + owner.cookies["sid"]}
    r = cgi("/r/borshch-i-vyshnia/reviews", env=env)
    eq(r.status, 200, "cgi")
    assert_cache_fits(r, "/r/borshch-i-vyshnia/reviews (cgi)", True)
    r = cgi("/r/borshch-i-vyshnia/reviews", env=env, extra_conf="Test.PrivateOff = 1")
    eq(r.status, 200, "cgi, personal mark off")
    try:
        assert_cache_fits(r, "/r/borshch-i-vyshnia/reviews (mark off)", True)
    except AssertionError:
        return
    raise AssertionError("the cache check did not notice a public signed-in page")
