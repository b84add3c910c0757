"""test_zy_log_json.py: every line of the app's logs is JSON, whatever the
requests held (issue 15, finding 9). Runs after the other modules (and just
before test_zz_logs), so it reads what all of them made the app log.
"""

import json
import os
import signal
import socket
import urllib.parse

from stolik_test import (HOST, PORT, VAR, Browser, check, csrf_of, eq, master_pid,
                         request, wait_until)

MARK = "zylog"
# (what, path after /r/, the path the log must show)
PATHS = [
    ("invalid byte", "%ff", "\ufffd"),
    ("overlong /", "%c0%af", "\ufffd\ufffd"),
    ("lone surrogate", "%ed%a0%80", "\ufffd\ufffd\ufffd"),
    ("truncated", "%e2%82", "\ufffd\ufffd"),
    ("controls", "%01%1b%7f", "\x01\x1b\x7f"),
    ("quote and backslash", "%22%5c", "\"\\"),
    ("good UTF-8", "%d0%b1%f0%9f%8d%9d", "\u0431\U0001f35d"),
]
BAD = b"\xff\xc0\xaf\xed\xa0\x80\x01"


def raw(request_bytes):
    """Send bytes as they are (http.client refuses non-ASCII); the status."""
    s = socket.create_connection((HOST, PORT), timeout=10)
    try:
        s.sendall(request_bytes)
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        return int(data.split(b" ")[1]) if data.startswith(b"HTTP/") else 0
    finally:
        s.close()


def log_files():
    return [os.path.join(VAR, "log", n) for n in ("stolik.log", "mailer.log")
            if os.path.exists(os.path.join(VAR, "log", n))]


def bad_lines():
    """The lines of the app's logs that a JSON reader refuses."""
    bad = []
    for path in log_files():
        with open(path, "rb") as f:
            for i, line in enumerate(f, 1):
                try:
                    o = json.loads(line.decode("utf-8"))
                    check(isinstance(o, dict), "an object")
                except (ValueError, AssertionError) as e:
                    bad.append("%s:%d: %s: %r" % (os.path.basename(path), i, e,
                                                  line[:200]))
    return bad


def access_paths():
    out = []
    with open(os.path.join(VAR, "log", "stolik.log"), "rb") as f:
        for line in f:
            if MARK.encode() in line:
                try:
                    o = json.loads(line.decode("utf-8"))
                except ValueError:
                    continue
                if o.get("type") == "access":
                    out.append(o["path"])
    return out


def test_bad_bytes_logged_as_json():
    # percent-encoded in the path (nginx decodes them for the app)
    for what, p, _ in PATHS:
        r = request("GET", "/r/%s%s" % (MARK, p))
        check(r.status in (400, 404), "%s: %d" % (what, r.status))
    eq(request("GET", "/r/%s%%00x" % MARK).status in (400, 404), True, "%00")
    # raw bytes in the request line and in headers
    for ua in (BAD, b"ok"):
        st = raw(b"GET /r/" + MARK.encode() + b"-raw" + BAD[:3] +
                 b"?q=" + BAD + b" HTTP/1.1\r\nHost: x\r\nUser-Agent: " + ua +
                 b"\r\nReferer: http://x/" + BAD + b"\r\nCookie: sid=" + BAD +
                 b"\r\nConnection: close\r\n\r\n")
        check(st in (400, 404), "raw request: %d" % st)
    # names ClearSilver's form parser cannot store: it warns (on stderr,
    # the log) with the name and the value, a forged line after a newline
    forged = urllib.parse.quote('\n{"level":"info","msg":"forged"}\n\xff')
    for qs in (".=1", "a.=", "a..b=1", "a.%s=%s" % (forged, forged)):
        check(request("GET", "/search?" + qs).status < 500, qs)
        b = Browser()
        r = b.request("POST", "/login", body=qs + "&csrf=x", headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        check(r.status < 500, "POST " + qs)
    # in the query and in form fields that may be logged
    q = urllib.parse.quote_from_bytes(BAD)
    check(request("GET", "/search?q=" + q).status in (200, 400), "query")
    b = Browser()
    csrf = csrf_of(b.get("/login").text)
    for fields in ("email=%s&password=%s&csrf=%s" % (q, q, csrf),
                   "name=%s&email=%s%%40x.example&password=%s&csrf=%s" % (q, q, q, csrf)):
        for path in ("/login", "/signup"):
            r = b.request("POST", path, body=fields, headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "User-Agent": "zylog"})
            check(r.status < 500, "%s: %d" % (path, r.status))
    r = request("POST", "/api/v1/auth/token", body=b'{"email": "' + BAD + b'"}',
                headers={"Content-Type": "application/json"})
    check(r.status in (400, 401, 422), "JSON body: %d" % r.status)

    # the workers keep their access lines up to a second: replacing them
    # (a reload) makes each write what it has
    os.kill(master_pid(), signal.SIGHUP)
    want = len(PATHS)
    got = wait_until(lambda: len(access_paths()) >= want and access_paths(), 15)
    check(got, "the access lines of the marked requests (%r)" % access_paths())
    for what, _, shown in PATHS:
        check("/r/" + MARK + shown in got, "%s: logged as %r (%r)"
              % (what, "/r/" + MARK + shown, got))
    bad = bad_lines()
    check(not bad, "log lines that are not JSON:\n" + "\n".join(bad[:10]))
    with open(os.path.join(VAR, "log", "stolik.log"), "rb") as f:
        forged = [json.loads(x) for x in f if b'"forged"' in x]
    check(all(o.get("msg") != "forged" for o in forged),
          "a request wrote a log line of its own: %r" % forged)
