"""stolik_test.py: helpers for the black-box HTTP tests, which go through nginx.

tools/dev test starts a stack and passes its coordinates in the environment:
STOLIK_BASE_URL, STOLIK_VAR, STOLIK_BUILD, STOLIK_TOP, STOLIK_PGHOST,
STOLIK_PG_CTL and STOLIK_DEV. Only the Python standard library is used.
"""

import hashlib
import http.client
import json
import os
import re
import shlex
import subprocess
import threading
import time
import urllib.parse

BASE = os.environ.get("STOLIK_BASE_URL", "http://127.0.0.1:8080")
VAR = os.environ.get("STOLIK_VAR", "")
BUILD = os.environ.get("STOLIK_BUILD", "")
TOP = os.environ.get("STOLIK_TOP", "")
PGHOST = os.environ.get("STOLIK_PGHOST", "")
_u = urllib.parse.urlsplit(BASE)
HOST, PORT = _u.hostname, _u.port

SECURITY_HEADERS = {
    "content-security-policy", "x-content-type-options", "x-frame-options",
    "referrer-policy",
}


class Failure(AssertionError):
    pass


def check(cond, msg="check failed"):
    if not cond:
        raise Failure(msg)


def _short(v, n=300):
    r = repr(v)
    return r if len(r) <= n else r[:n] + "...(%d chars)" % len(r)


def eq(got, want, what="value"):
    if got != want:
        raise Failure("%s: got %s, want %s" % (what, _short(got), _short(want)))


class Resp:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers          # lower-case name -> list of values
        self.body = body                # bytes

    def header(self, name, default=None):
        v = self.headers.get(name.lower())
        return v[0] if v else default

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return "<Resp %d %s %r>" % (self.status, self.header("content-type"),
                                     self.body[:200])


def request(method, path, body=None, headers=None, timeout=30):
    """One request on its own connection; never follows redirects."""
    conn = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    h = {"Host": "%s:%d" % (HOST, PORT)}
    if headers:
        h.update(headers)
    if isinstance(body, str):
        body = body.encode("utf-8")
    try:
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        hdrs = {}
        for k, v in r.getheaders():
            hdrs.setdefault(k.lower(), []).append(v)
        return Resp(r.status, hdrs, data)
    finally:
        conn.close()


def get(path, headers=None):
    return request("GET", path, headers=headers)


def post_form(path, fields, headers=None, ctype="application/x-www-form-urlencoded"):
    h = {"Content-Type": ctype}
    if headers:
        h.update(headers)
    body = fields if isinstance(fields, (bytes, str)) else urllib.parse.urlencode(fields)
    return request("POST", path, body=body, headers=h)


def post_json(path, obj, headers=None):
    h = {"Content-Type": "application/json"}
    if headers:
        h.update(headers)
    body = obj if isinstance(obj, (bytes, str)) else json.dumps(obj)
    return request("POST", path, body=body, headers=h)


def assert_security_headers(r, where=""):
    for h in SECURITY_HEADERS:
        check(r.header(h), "%s: missing %s on %d" % (where, h, r.status))
        eq(len(r.headers[h]), 1, "%s: copies of %s" % (where, h))
    csp = r.header("content-security-policy")
    check("'unsafe-inline'" not in csp.split("script-src")[-1].split(";")[0],
          "unsafe-inline in script-src")
    check("frame-ancestors 'none'" in csp, "frame-ancestors")
    server = r.header("server", "")
    check(not re.search(r"\d", server), "server version leaked: %r" % server)


def expect_5xx(path):
    """A test's request will answer 5xx on purpose (a negative control):
    test_zz_logs leaves out access-log lines that contain path (a path, or
    a mark the test put in its requests' user agent)."""
    with open(os.path.join(VAR, "log", "expected-5xx"), "a") as f:
        f.write(path + "\n")


def psql(sql, db="stolik", **params):
    """Run sql on the stack's database; :'name' in sql takes params[name]."""
    cmd = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", PGHOST,
           "-U", "stolik", "-d", db]
    for k, v in params.items():
        cmd += ["-v", "%s=%s" % (k, v)]
    p = subprocess.run(cmd, input=sql, capture_output=True, text=True)
    if p.returncode != 0:
        raise Failure("psql failed: %s" % p.stderr.strip())
    return p.stdout.strip()


def pg_ctl(*args):
    cmd = shlex.split(os.environ["STOLIK_PG_CTL"]) + list(args)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def master_pid():
    with open(os.path.join(VAR, "run", "stolik.pid")) as f:
        return int(f.read().strip())


def worker_pids():
    """The master's children, sorted."""
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master_pid())],
                         capture_output=True, text=True).stdout
    return sorted(int(x) for x in out.split())


def wait_until(pred, timeout=10.0, step=0.05):
    end = time.time() + timeout
    while time.time() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


def app_restart():
    subprocess.run([os.environ["STOLIK_DEV"], "_app-restart", VAR, BUILD],
                   check=True, stdout=subprocess.DEVNULL)


def config_path():
    return os.path.join(VAR, "etc", "stolik.hdf")


def cgi(path, query="", method="GET", extra_conf="", env=None, stdin=None):
    """Run stolik.fcgi once in CGI mode; returns (status, headers, body)."""
    conf = config_path()
    if extra_conf:
        conf = os.path.join(VAR, "etc", "cgi-%d-%d.hdf" % (
            os.getpid(), threading.get_ident()))
        with open(config_path()) as f:
            base = f.read()
        with open(conf, "w") as g:
            # extra_conf may be a whole configuration of its own
            g.write((extra_conf if "DB.Conninfo" in extra_conf or
                     "Conninfo =" in extra_conf else base + "\n" + extra_conf) + "\n")
    e = dict(os.environ)
    e.update({"GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": method,
              "PATH_INFO": path, "QUERY_STRING": query,
              "SERVER_PROTOCOL": "HTTP/1.1"})
    if env:
        e.update(env)
    p = subprocess.run([os.path.join(BUILD, "fcgi", "stolik.fcgi"), "-c", conf],
                       env=e, capture_output=True,
                       input=stdin if stdin is not None else b"")
    head, _, body = p.stdout.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and lines[0].startswith("Status:") else -1
    hdrs = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        hdrs.setdefault(k.strip().lower(), []).append(v.strip())
    return Resp(status, hdrs, body)


def secret_key():
    """The server key as sec_load derives it (for computing token hashes)."""
    with open(os.path.join(VAR, "etc", "secrets.hdf")) as f:
        for line in f:
            if line.startswith("Secret.Key"):
                import base64
                raw = base64.b64decode(line.split("=", 1)[1].strip())
                return hashlib.blake2b(raw, digest_size=32).digest()
    raise Failure("no Secret.Key")


def token_hash(token):
    return hashlib.blake2b(token.encode(), key=secret_key(), digest_size=32).hexdigest()


def cookie_of(r, name):
    for v in r.headers.get("set-cookie", []):
        k, _, rest = v.partition("=")
        if k == name:
            return rest.split(";", 1)[0]
    return None


class Browser:
    """A client that keeps cookies, like a browser."""

    def __init__(self):
        self.cookies = {}

    def request(self, method, path, fields=None, headers=None, body=None):
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if fields is not None:
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
            body = urllib.parse.urlencode(fields)
        r = request(method, path, body=body, headers=h)
        for v in r.headers.get("set-cookie", []):
            k, _, rest = v.partition("=")
            self.cookies[k] = rest.split(";", 1)[0]
        return r

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, fields, headers=None):
        return self.request("POST", path, fields=fields, headers=headers)


def csrf_of(html):
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    if not m:
        raise Failure("no CSRF token on the page")
    return m.group(1)


def times_of(html):
    """The free times offered as buttons on a page."""
    return re.findall(r'name="time" value="(\d\d:\d\d)"', html)


def local_date(tz, days):
    """The date days ahead of today in time zone tz, as YYYY-MM-DD."""
    return psql("SELECT ((now() AT TIME ZONE :'tz')::date + :'n'::int)::text",
                tz=tz, n=days)


def one_table_restaurant(slug, name, tz):
    """An active restaurant of the demo owner with one table for 1-4, open
    10:00-23:00 every day, 90-minute turns: a booking takes its time (and
    the 90 minutes around it) off its pages."""
    psql("""
    INSERT INTO restaurants (owner_id, slug, name, cuisine, city, address, phone,
        email, timezone, slot_minutes, booking_window_days, min_notice_minutes,
        cancel_cutoff_minutes, max_party, confirmation_mode, status)
    SELECT id, :'s', :'n', 'bistro', 'Testville', 'Test street 2',
        '+380 44 000 00 00', 'owner@' || :'s' || '.example', :'tz', 30, 60, 0,
        120, 4, 'auto', 'active'
    FROM users WHERE email = 'owner@stolik.test';
    INSERT INTO opening_hours (restaurant_id, weekday, opens, closes, name)
    SELECT r.id, d, '10:00', '23:00', 'All day' FROM restaurants r,
        generate_series(1, 7) d WHERE r.slug = :'s';
    INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max)
    SELECT id, 'T1', 1, 4 FROM restaurants WHERE slug = :'s';
    INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)
    SELECT id, 1, 4, 90 FROM restaurants WHERE slug = :'s';
    """, s=slug, n=name, tz=tz)


def drop_restaurant(slug):
    """A test restaurant, its bookings and their mails, gone."""
    psql("""
    DELETE FROM outbox WHERE reservation_id IN (SELECT v.id FROM reservations v
        JOIN restaurants r ON r.id = v.restaurant_id WHERE r.slug = :'s');
    DELETE FROM reservations WHERE restaurant_id IN (SELECT id FROM restaurants
        WHERE slug = :'s');
    DELETE FROM restaurants WHERE slug = :'s';
    """, s=slug)


def count(sql, db="stolik", **params):
    return int(psql(sql, db=db, **params))


# --- mail and batch jobs ---------------------------------------------------------

MAILDIR = os.path.join(VAR, "mail")
SMTP_PORT = int(os.environ.get("STOLIK_SMTP_PORT", "2525"))


def mail_files():
    """The messages in the sink, oldest first."""
    try:
        names = [n for n in os.listdir(MAILDIR) if n.endswith(".eml")
                 and not n.startswith(".")]
    except FileNotFoundError:
        return []
    names.sort(key=lambda n: float(n.split("-")[0]))
    return [os.path.join(MAILDIR, n) for n in names]


def parse_mail(path):
    import email
    import email.policy
    with open(path, "rb") as f:
        return email.message_from_bytes(f.read(), policy=email.policy.default)


# The sink's messages, each parsed once: the sink writes a message whole
# (a rename) and never changes it, and after test_mail it holds thousands,
# which re-parsing on every poll of wait_mails took minutes to read.
_parsed = {}


def mails(pred=None, since=None):
    """(path, message) of the sink's messages, optionally filtered."""
    out = []
    for p in mail_files():
        if since is not None and p in since:
            continue
        m = _parsed.get(p)
        if m is None:
            m = _parsed[p] = parse_mail(p)
        if pred is None or pred(m):
            out.append((p, m))
    return out


def wait_mails(pred, n=1, timeout=15.0):
    """Wait until at least n messages match pred; returns them."""
    got = wait_until(lambda: len(mails(pred)) >= n and mails(pred), timeout,
                     step=0.1)
    if not got:
        raise Failure("expected %d mail(s), found %d" % (n, len(mails(pred))))
    return got


def mail_text(m):
    return m.get_body(("plain",)).get_content()


def mail_html(m):
    return m.get_body(("html",)).get_content()


def links_of(text):
    """The URLs in a text or HTML part (entities decoded, as a reader does)."""
    import html
    return [html.unescape(u) for u in re.findall(r"https?://[^\s\"'<>]+", text)]


def smtp_mode(mode):
    """Make the sink fail: tempfail, permfail, drop; "" for normal."""
    with open(os.path.join(MAILDIR, ".mode"), "w") as f:
        f.write(mode)


def smtp_stop():
    path = os.path.join(VAR, "run", "smtp.pid")
    with open(path) as f:
        pid = int(f.read().strip())
    os.kill(pid, 15)
    wait_until(lambda: not _alive(pid), 10)


def smtp_start():
    log = open(os.path.join(VAR, "log", "smtp.log"), "a")
    p = subprocess.Popen(["/usr/bin/python3", os.path.join(TOP, "tools", "smtp_sink.py"),
                          "--port", str(SMTP_PORT), "--dir", MAILDIR],
                         stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                         start_new_session=True)
    with open(os.path.join(VAR, "run", "smtp.pid"), "w") as f:
        f.write(str(p.pid))
    import socket

    def up():
        try:
            socket.create_connection(("127.0.0.1", SMTP_PORT), 0.2).close()
            return True
        except OSError:
            return False
    if not wait_until(up, 10):
        raise Failure("the SMTP sink did not start")


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is gone for our purposes
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def mailer_stop():
    """Stop the stack's mailer (--watch) so a test runs its own."""
    subprocess.run([os.environ["STOLIK_DEV"], "_mailer", "stop", VAR, BUILD],
                   check=True, stdout=subprocess.DEVNULL)


def mailer_start():
    subprocess.run([os.environ["STOLIK_DEV"], "_mailer", "start", VAR, BUILD],
                   check=True, stdout=subprocess.DEVNULL)


def job_cmd(name, *args):
    return [os.path.join(BUILD, "batch", "stolik-" + name), "-c", config_path()] + \
        list(args)


def job(name, *args, timeout=120):
    """Run a batch program; (exit status, its JSON log lines, stderr)."""
    p = subprocess.run(job_cmd(name, *args), capture_output=True, text=True,
                       timeout=timeout)
    lines = []
    for line in p.stderr.splitlines():
        try:
            lines.append(json.loads(line))
        except ValueError:
            pass
    return p.returncode, lines, p.stderr


# --- webhooks ----------------------------------------------------------------------

RECEIVER = os.environ.get("STOLIK_RECEIVER_URL", "http://127.0.0.1:12112")


def webhooks_stop():
    """Stop the stack's stolik-webhooks --watch so a test runs its own."""
    subprocess.run([os.environ["STOLIK_DEV"], "_webhooks", "stop", VAR, BUILD],
                   check=True, stdout=subprocess.DEVNULL)


def webhooks_start():
    subprocess.run([os.environ["STOLIK_DEV"], "_webhooks", "start", VAR, BUILD],
                   check=True, stdout=subprocess.DEVNULL)


def receiver(method, path, obj=None):
    """A request to the fake webhook receiver; its JSON answer."""
    u = urllib.parse.urlsplit(RECEIVER)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    try:
        body = json.dumps(obj) if obj is not None else None
        conn.request(method, path, body=body,
                     headers={"Content-Type": "application/json"} if body else {})
        r = conn.getresponse()
        return json.loads(r.read() or b"null")
    finally:
        conn.close()


def seal(value):
    """value sealed with the server key, as the app stores secrets."""
    p = subprocess.run([os.path.join(BUILD, "batch", "stolik-admin"), "-c",
                        config_path(), "seal"], input=value + "\n",
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise Failure("stolik-admin seal: %s" % p.stderr.strip())
    return p.stdout.strip()


# --- waitlist -----------------------------------------------------------------------


def waitlist_stop():
    """Stop the stack's stolik-waitlist --watch so a test runs its own."""
    subprocess.run([os.environ["STOLIK_DEV"], "_waitlist", "stop", VAR, BUILD],
                   check=True, stdout=subprocess.DEVNULL)


def waitlist_start():
    subprocess.run([os.environ["STOLIK_DEV"], "_waitlist", "start", VAR, BUILD],
                   check=True, stdout=subprocess.DEVNULL)
