"""test_limits.py: request limits and input validation through nginx."""

import json
import os
import secrets
import signal

from stolik_test import (HOST, PORT, app_restart, cgi, check, cookie_of, eq,
                         expect_5xx, get, master_pid, post_form, post_json, psql,
                         request, token_hash, wait_until)


def test_oversized_body_413():
    r = post_form("/__test/echo", b"a=" + b"x" * (1024 * 1024 + 10))
    eq(r.status, 413, "status")


def test_nul_rejected():
    for path in ("/search?q=a%00b", "/r/x%00y", "/search?%00=1"):
        eq(get(path).status, 400, path)
    eq(post_form("/__test/echo", "a=%00").status, 400, "escaped NUL in form")
    eq(post_form("/__test/echo", b"a=b\x00c").status, 400, "raw NUL in form")
    eq(post_json("/__test/json", '{"a": "x\\u0000"}').status, 400, "NUL in JSON")
    eq(get("/", headers={"Cookie": "bid=a%00b"}).status, 400, "NUL in cookie")


def test_invalid_utf8_rejected():
    for q in ("%C3%28", "%ED%A0%80", "%C0%AF", "%FF", "%F4%90%80%80"):
        eq(get("/search?q=" + q).status, 400, q)
    eq(post_form("/__test/echo", "a=%FF").status, 400, "form")
    eq(post_json("/__test/json", b'{"a": "\xff"}').status, 400, "json")


def test_bad_input_gets_a_page_not_a_500():
    r = get("/search?q=%FF")
    eq(r.status, 400, "status")
    check("Bad Request" in r.text and "<html" in r.text, "html error page")
    r = get("/api/v1/restaurants?q=%FF")
    eq(r.status, 400, "api status")
    eq(r.header("content-type"), "application/problem+json", "api type")


def test_over_long_fields():
    eq(post_form("/__test/echo", {"a": "x" * 16385}).status, 400, "16385 bytes")
    eq(post_form("/__test/echo", {"a": "x" * 16384}).status, 200, "16384 bytes")
    eq(post_form("/__test/echo", {"n" * 200: "1"}).status, 400, "long name")
    many = "&".join("f%d=1" % i for i in range(600))
    eq(post_form("/__test/echo", many).status, 400, "too many fields")
    eq(post_json("/__test/json", {"a": "x" * 16385}).status, 400, "json string")


def test_form_with_charset_is_parsed():
    body = "name=Ol%C3%A9&party=4"
    for ctype in ("application/x-www-form-urlencoded; charset=UTF-8",
                  "application/x-www-form-urlencoded;charset=utf-8",
                  "application/x-www-form-urlencoded"):
        r = post_form("/__test/echo", body, ctype=ctype)
        eq(r.status, 200, ctype)
        eq(r.json()["form"], {"name": "Olé", "party": "4"}, ctype)


def test_multipart_form():
    b = (b"--B0\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n"
         b"Caf\xc3\xa9\r\n--B0\r\nContent-Disposition: form-data; name=\"f\"; "
         b"filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
         b"\x00\x01\x02\r\n--B0--\r\n")
    r = request("POST", "/__test/echo", body=b,
                headers={"Content-Type": "multipart/form-data; boundary=B0"})
    eq(r.status, 200, "status")
    eq(r.json()["form"]["title"], "Café", "field")
    bad = b.replace(b"Caf\xc3\xa9", b"Ca\x00f")
    r = request("POST", "/__test/echo", body=bad,
                headers={"Content-Type": "multipart/form-data; boundary=B0"})
    eq(r.status, 400, "NUL in a text part")
    # a boundary ClearSilver cannot find crashed the worker (fuzz_multipart)
    for ctype in ("multipart/form-data; xboundary=B0", "multipart/form-data; boundary",
                  "multipart/form-data"):
        r = request("POST", "/__test/echo", body=b, headers={"Content-Type": ctype})
        eq(r.status, 400, ctype)
    # a part's own Content-Encoding ClearSilver does not take was a 500 (fuzz_multipart)
    enc = b.replace(b"name=\"title\"\r\n", b"name=\"title\"\r\nContent-Encoding: base64\r\n")
    r = request("POST", "/__test/echo", body=enc,
                headers={"Content-Type": "multipart/form-data; boundary=B0"})
    eq(r.status, 400, "Content-Encoding: base64 in a part")


def test_content_types():
    eq(request("POST", "/__test/echo", body="a",
               headers={"Content-Type": "text/plain"}).status, 415, "text/plain")
    eq(post_json("/__test/echo", {"a": 1}).status, 415, "json to a form route")
    eq(post_form("/__test/json", {"a": 1}).status, 415, "form to a json route")
    r = post_json("/__test/json", '{"a": 1,')
    eq(r.status, 400, "malformed json")
    eq(r.header("content-type"), "application/problem+json", "problem")
    eq(post_json("/__test/json", '{"a": 1, "a": 2}').status, 400, "duplicate keys")
    eq(post_json("/__test/json", "[" * 5000).status, 400, "deep nesting")
    r = post_json("/__test/json", {"party": 4})
    eq(r.json(), {"json": {"party": 4}}, "echo")


def test_search_parameter_errors():
    r = get("/search?q=" + "x" * 101)
    eq(r.status, 400, "long q")
    check("This is too long" in r.text, "message per field")
    check('aria-invalid="true"' in r.text, "field marked")
    check('value="' + "x" * 101 + '"' in r.text, "entered value kept")
    r = get("/search?page=abc")
    eq(r.status, 400, "bad page")
    check("whole number" in r.text, "page message")
    r = get("/api/v1/restaurants?page=0&page_size=101")
    eq(r.status, 400, "api")
    errs = r.json()["errors"]
    check("page" in errs and "page_size" in errs, "errors per field: %r" % errs)


# --- CSRF and sign-in flags of the router -------------------------------------

def _token():
    r = get("/__test/form")
    bid = cookie_of(r, "bid")
    check(bid, "bid cookie set")
    sc = r.headers["set-cookie"][0]
    check("HttpOnly" in sc and "SameSite=Lax" in sc and "Path=/" in sc, sc)
    return bid, r.json()["csrf"]


def test_csrf_flag():
    bid, tok = _token()
    cookie = {"Cookie": "bid=" + bid}
    eq(post_form("/__test/echo-csrf", {"csrf": tok, "a": "1"}, headers=cookie).status,
       200, "valid token")
    eq(post_form("/__test/echo-csrf", {"a": "1"}, headers=cookie).status, 403,
       "no token")
    bid2, tok2 = _token()
    eq(post_form("/__test/echo-csrf", {"csrf": tok2}, headers=cookie).status, 403,
       "another browser's token")
    eq(post_form("/__test/echo-csrf", {"csrf": tok}).status, 403, "no cookie")
    h = dict(cookie, Origin="https://evil.example")
    eq(post_form("/__test/echo-csrf", {"csrf": tok}, headers=h).status, 403,
       "foreign origin")
    h = dict(cookie, Origin="null")
    eq(post_form("/__test/echo-csrf", {"csrf": tok}, headers=h).status, 403,
       "opaque origin without Sec-Fetch-Site")
    h = dict(cookie, Origin="https://evil.example", **{"Sec-Fetch-Site": "same-origin"})
    eq(post_form("/__test/echo-csrf", {"csrf": tok}, headers=h).status, 200,
       "Sec-Fetch-Site decides when a browser sends it")
    h = dict(cookie, **{"Sec-Fetch-Site": "cross-site"})
    eq(post_form("/__test/echo-csrf", {"csrf": tok}, headers=h).status, 403,
       "cross-site fetch")
    h = dict(cookie, Origin="http://%s:%d" % (HOST, PORT),
             **{"Sec-Fetch-Site": "same-origin"})
    eq(post_form("/__test/echo-csrf", {"csrf": tok}, headers=h).status, 200,
       "same origin")
    h = dict(cookie, **{"X-CSRF-Token": tok})
    eq(post_form("/__test/echo-csrf", {"a": "1"}, headers=h).status, 200,
       "token in a header")


def test_csrf_negative_control():
    """With the check switched off the forged request goes through."""
    env = {"CONTENT_TYPE": "application/x-www-form-urlencoded",
           "CONTENT_LENGTH": "0", "HTTP_ORIGIN": "https://evil.example"}
    r = cgi("/__test/echo-csrf", method="POST", env=env)
    eq(r.status, 403, "protected")
    r = cgi("/__test/echo-csrf", method="POST", env=env,
            extra_conf="Test.CsrfOff = 1")
    eq(r.status, 200, "protection off: the test must see the difference")


def test_auth_flag():
    r = get("/__test/auth")
    eq(r.status, 303, "no session: to the login page")
    eq(r.header("location"), "/login?next=%2F__test%2Fauth", "and back after")
    tok = secrets.token_urlsafe(32)
    eq(len(tok), 43, "token shape")
    uid = psql("SELECT id FROM users WHERE email = 'diner@stolik.test'")
    psql("INSERT INTO sessions (token_hash, user_id, csrf_secret, expires_at) "
         "VALUES (decode(:'h', 'hex'), :'u', sha256('x'), "
         "now() + interval '1 hour')", h=token_hash(tok), u=uid)
    r = get("/__test/auth", headers={"Cookie": "sid=" + tok})
    eq(r.status, 200, "valid session")
    eq(str(r.json()["user_id"]), uid, "user")
    psql("UPDATE sessions SET created_at = now() - interval '2 hours', "
         "expires_at = now() - interval '1 hour' WHERE token_hash = "
         "decode(:'h', 'hex')", h=token_hash(tok))
    eq(get("/__test/auth", headers={"Cookie": "sid=" + tok}).status, 303, "expired")
    eq(get("/__test/auth", headers={"Cookie": "sid=forged"}).status, 303, "forged")
    psql("DELETE FROM sessions WHERE token_hash = decode(:'h', 'hex')",
         h=token_hash(tok))


def _from(addr, method, path, body=None, headers=None):
    """A request from another loopback address: limits of its own, so that
    exhausting them here throttles no later test."""
    import http.client
    conn = http.client.HTTPConnection(HOST, PORT, timeout=30,
                                      source_address=(addr, 0))
    try:
        conn.request(method, path, body=body, headers=dict(headers or {}))
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def _problem(status, hdrs, body, want):
    eq(status, want, "status")
    eq(hdrs.get("content-type"), "application/problem+json", "type of %d" % want)
    p = json.loads(body)
    eq(p["status"], want, "problem status")
    check(p.get("title") and p.get("detail"), "title and detail: %r" % p)
    check("nosniff" in hdrs.get("x-content-type-options", ""), "security headers")


def _page(status, hdrs, body, want):
    eq(status, want, "status")
    check(hdrs.get("content-type", "").startswith("text/html"), "a page")
    text = body.decode()
    check('class="error-page"' in text and "site-header" in text,
          "the branded error page for %d" % want)
    check("nginx" not in text, "nginx's own page")
    check("frame-ancestors" in hdrs.get("content-security-policy", ""),
          "security headers")


def test_nginx_answers_are_problems_and_pages():
    """The answers nginx makes itself (413, 429, 502, 503, 504) are
    problem+json under /api/ and the branded page elsewhere, written by the
    app from its templates."""
    big = b"x" * (1024 * 1024 + 10)
    ctype = {"Content-Type": "application/json"}
    _problem(*_from("127.0.0.1", "POST", "/api/v1/reservations", big, ctype), 413)
    _page(*_from("127.0.0.1", "POST", "/login", big,
                 {"Content-Type": "application/x-www-form-urlencoded"}), 413)
    # 429: a test-stack location limited to one a minute, burst 1
    got = [_from("127.0.0.1", "GET", "/api/__test/limited") for _ in range(3)]
    _problem(*got[2], 429)
    eq(got[2][1].get("retry-after"), "5", "Retry-After")
    got = [_from("127.0.0.1", "GET", "/__test/limited") for _ in range(3)]
    _page(*got[2], 429)
    # 503 and 504: test-stack locations (nginx's return, a 1 s read timeout)
    _problem(*_from("127.0.0.1", "GET", "/api/__test/nginx-503"), 503)
    _page(*_from("127.0.0.1", "GET", "/__test/nginx-503"), 503)
    expect_5xx("/__test/slow")
    _problem(*_from("127.0.0.1", "GET", "/api/__test/slow?ms=2500"), 504)
    _page(*_from("127.0.0.1", "GET", "/__test/slow?ms=2500"), 504)
    # 502: the app stopped
    expect_5xx('"stolik-test app-down"')
    ua = {"User-Agent": "stolik-test app-down"}
    os.kill(master_pid(), signal.SIGTERM)
    try:
        check(wait_until(lambda: get("/healthz", ua).status == 502, 45),
              "app stopped")
        _problem(*_from("127.0.0.1", "GET", "/api/v1/restaurants", None, ua), 502)
        _page(*_from("127.0.0.1", "GET", "/r/borshch-i-vyshnia", None, ua), 502)
    finally:
        app_restart()
    check(wait_until(lambda: get("/healthz").status == 200, 10), "app back")
