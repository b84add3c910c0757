"""test_webhooks_admin.py: the owner's side of webhooks (issue 17, item 1, 4, 5):
endpoints through the set-up pages and the API, the secret shown once and rotated,
the URL rule against SSRF with its negative control, the limit per restaurant under
concurrency, test events, the delivery log and replays, and who may touch what."""

import glob
import json
import os
import re
import subprocess
import threading

from stolik_test import (PGHOST, VAR, Browser, cgi, check, count, csrf_of, eq,
                         post_json, psql, request)

DEMO = "stolik-demo"
TZ = "Europe/Warsaw"
A = "whk-a"            # owner@stolik.test's
B = "whk-b"            # owner2@stolik.test's
C = "whk-c"            # owner@stolik.test's, for the limit
D = "whk-d"            # owner@stolik.test's, the limit's negative control
# a loopback port nothing listens on: the stack's stolik-webhooks, which
# delivers what these tests queue, never reaches past this machine
PUBLIC = "https://127.0.0.1:9/hooks/stolik"
EVENTS = ["reservation.created", "reservation.cancelled"]

ids = {}
SECRETS = []           # every secret an answer gave: none may show up again


def setup_module():
    psql("""
    INSERT INTO restaurants (owner_id, slug, name, city, timezone, status)
    SELECT u.id, v.slug, v.slug, 'Warszawa', :'tz', 'active'
    FROM (VALUES (:'a', 'owner@stolik.test'), (:'b', 'owner2@stolik.test'),
                 (:'c', 'owner@stolik.test'), (:'d', 'owner@stolik.test'))
        v(slug, who) JOIN users u ON u.email = v.who;
    """, tz=TZ, a=A, b=B, c=C, d=D)
    for k, s in (("a", A), ("b", B), ("c", C), ("d", D)):
        ids[k] = psql("SELECT id FROM restaurants WHERE slug = :'s'", s=s)


def teardown_module():
    psql("DELETE FROM restaurants WHERE slug IN (:'a', :'b', :'c', :'d')",
         a=A, b=B, c=C, d=D)


# --- helpers -----------------------------------------------------------------------

def signed_in(email):
    b = Browser()
    page = b.get("/login")
    r = b.post("/login", {"csrf": csrf_of(page.text), "email": email,
                          "password": DEMO})
    eq(r.status, 303, "login " + email)
    return b


_tokens = {}


def bearer(email):
    if email not in _tokens:
        r = post_json("/api/v1/auth/token", {"grant_type": "password",
                                             "email": email, "password": DEMO})
        eq(r.status, 200, r.text)
        _tokens[email] = {"Authorization": "Bearer " + r.json()["access_token"]}
    return _tokens[email]


def owner():
    return bearer("owner@stolik.test")


def api(method, path, headers, body=None):
    h = dict(headers, **{"Content-Type": "application/json"})
    return request(method, "/api/v1" + path, headers=h,
                   body=json.dumps(body) if body is not None else None)


def hooks(rid=None):
    return "/owner/restaurants/%s/webhooks" % (rid or ids["a"])


def create(url=PUBLIC, events=None, rid=None, headers=None, extra=None):
    h = dict(headers or owner(), **(extra or {}))
    r = api("POST", hooks(rid), h, {"url": url, "events": events or EVENTS,
                                    "description": "test endpoint"})
    if r.status == 201:
        SECRETS.append(r.json()["secret"])
    return r


def fresh():
    """A's endpoints gone (with their deliveries), so no test meets the limit."""
    psql("DELETE FROM webhook_endpoints WHERE restaurant_id = :'r'", r=ids["a"])


def endpoints(rid):
    return count("SELECT count(*) FROM webhook_endpoints WHERE restaurant_id = :'r'",
                 r=rid)


def audited(action, rid=None):
    return count("SELECT count(*) FROM audit_log WHERE action = :'a' AND target = :'t'",
                 a=action, t="restaurant:%s" % (rid or ids["a"]))


def failed_delivery(wid, minutes_ago, excerpt="", error=None, code=500):
    """A delivery of a test event to wid that failed minutes_ago, with one attempt."""
    return psql("""
    WITH e AS (INSERT INTO webhook_events (restaurant_id, type, data)
        SELECT restaurant_id, 'webhook.test', '{}' FROM webhook_endpoints
        WHERE id = :'w' RETURNING id),
    d AS (INSERT INTO webhook_deliveries (endpoint_id, event_id, status, attempts,
        finished_at, created_at, last_code)
        SELECT :'w', e.id, 'failed', 1, now() - make_interval(mins => :'m'::int),
            now() - make_interval(mins => :'m'::int), :'c'::int FROM e
        RETURNING id, public_id),
    a AS (INSERT INTO webhook_attempts (delivery_id, endpoint_id, attempt, at,
        status_code, duration_ms, error, excerpt)
        SELECT d.id, :'w', 1, now() - make_interval(mins => :'m'::int), :'c'::int,
            37, nullif(:'err', ''), :'x' FROM d)
    SELECT public_id FROM d""", w=wid, m=minutes_ago, x=excerpt,
                err=error or "", c=code).split()[0]


class Listener:
    """A psql session LISTENing on the job's channel. notified() makes round
    trips to the server and tells whether a NOTIFY came before them, so no
    waiting is involved."""

    def __init__(self, channel="webhooks"):
        self.p = subprocess.Popen(
            ["psql", "-X", "-q", "-At", "-h", PGHOST, "-U", "stolik", "-d", "stolik"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, bufsize=1)
        self.n = 0
        self.send("LISTEN %s;" % channel)
        self.notified()

    def send(self, sql):
        self.p.stdin.write(sql + "\n")
        self.p.stdin.flush()

    def notified(self):
        """True if a notification came since the last call. psql prints one
        after the answer of the command that met it, so two round trips."""
        self.n += 1
        first, mark = "first-%d" % self.n, "mark-%d" % self.n
        self.send("SELECT '%s';" % first)
        self.send("SELECT '%s';" % mark)
        seen = False
        for line in self.p.stdout:
            if "Asynchronous notification" in line:
                seen = True
            if line.strip() == mark:
                return seen
        raise AssertionError("psql ended")

    def close(self):
        self.p.stdin.close()
        self.p.wait()


# --- create, and the secret shown once ---------------------------------------------

def test_api_create_shows_the_secret_once():
    fresh()
    before = endpoints(ids["a"])
    r = create()
    eq(r.status, 201, r.text)
    o = r.json()
    secret = o["secret"]
    check(re.fullmatch(r"whsec_[A-Za-z0-9_-]{43}", secret), "a whsec_ secret: " + secret)
    eq(o["url"], PUBLIC, "url")
    eq(o["events"], EVENTS, "events")
    eq(o["enabled"], True, "on")
    eq(o["secret_hint"], "whsec_…" + secret[-4:], "the hint")
    eq(r.header("cache-control").startswith("private, no-store") or
       "no-store" in r.header("cache-control"), True, "not cached")
    eq(endpoints(ids["a"]), before + 1, "one row")
    wid = o["id"]
    # never again: the item, the list, the row itself
    g = api("GET", hooks() + "/%d" % wid, owner())
    eq(g.status, 200, g.text)
    check("secret" not in g.json(), "no secret field on GET")
    check(secret not in g.text, "GET leaks the secret")
    eq(g.json()["secret_hint"], "whsec_…" + secret[-4:], "the hint again")
    lst = api("GET", hooks(), owner())
    eq(lst.status, 200, lst.text)
    check(secret not in lst.text, "the list leaks the secret")
    check(any(i["id"] == wid for i in lst.json()["items"]), "listed")
    eq(count("SELECT count(*) FROM webhook_endpoints w WHERE strpos(w::text, :'s') > 0",
             s=secret), 0, "stored only sealed")
    eq(count("SELECT count(*) FROM webhook_endpoints WHERE id = :'w' AND "
             "secret_sealed <> '' AND old_secret_sealed IS NULL", w=wid), 1, "sealed")
    check(audited("webhook_create") >= 1, "audited")
    eq(count("SELECT count(*) FROM audit_log WHERE strpos(detail::text, :'s') > 0",
             s=secret), 0, "not in the audit log")
    # the owner's pages do not show it either
    b = signed_in("owner@stolik.test")
    for path in ("/owner/r/%s/webhooks" % ids["a"],
                 "/owner/r/%s/webhooks/%d" % (ids["a"], wid)):
        p = b.get(path)
        eq(p.status, 200, path)
        check(secret not in p.text, "%s leaks the secret" % path)
        check("whsec_…" + secret[-4:] in p.text, "%s shows the hint" % path)


def test_page_create_shows_the_secret_once():
    fresh()
    b = signed_in("owner@stolik.test")
    page = b.get("/owner/r/%s/webhooks" % ids["a"])
    eq(page.status, 200, "the webhooks page")
    check('name="ev_reservation_created"' in page.text, "a checkbox per event")
    check('<label for="n-url">' in page.text, "labelled fields")
    # linked from the set-up
    check('href="/owner/r/%s/webhooks"' % ids["a"] in
          b.get("/owner/r/%s/setup" % ids["a"]).text, "linked from the set-up")
    before = endpoints(ids["a"])
    r = b.post("/owner/r/%s/webhooks" % ids["a"], {
        "csrf": csrf_of(page.text), "url": PUBLIC + "/page", "description": "from the page",
        "events_sent": "1", "ev_reservation_created": "1", "ev_review_created": "1"})
    eq(r.status, 200, r.text[:300])
    m = re.search(r'<code class="secret">(whsec_[A-Za-z0-9_-]{43})</code>', r.text)
    check(m, "the secret on the page")
    secret = m.group(1)
    SECRETS.append(secret)
    check("will not be shown again" in r.text, "says so")
    check("no-store" in r.header("cache-control", ""), "the page is not cached")
    eq(endpoints(ids["a"]), before + 1, "one row")
    wid = psql("SELECT max(id) FROM webhook_endpoints WHERE restaurant_id = :'r'",
               r=ids["a"])
    eq(psql("SELECT array_to_string(events, ',') || '|' || description FROM "
            "webhook_endpoints WHERE id = :'w'", w=wid),
       "reservation.created,review.created|from the page", "stored")
    for path in ("/owner/r/%s/webhooks" % ids["a"],
                 "/owner/r/%s/webhooks/%s" % (ids["a"], wid)):
        check(secret not in b.get(path).text, "%s shows the secret again" % path)
    check(secret not in api("GET", hooks() + "/" + wid, owner()).text, "API GET")


# --- rotation -------------------------------------------------------------------------

def test_rotate_keeps_the_old_secret_for_a_day():
    fresh()
    r = create()
    eq(r.status, 201, r.text)
    wid, first = r.json()["id"], r.json()["secret"]
    sealed = psql("SELECT secret_sealed FROM webhook_endpoints WHERE id = :'w'", w=wid)
    r = api("POST", hooks() + "/%d/rotate-secret" % wid, owner())
    eq(r.status, 200, r.text)
    o = r.json()
    second = o["secret"]
    SECRETS.append(second)
    check(second != first and second.startswith("whsec_"), "a new secret")
    check(o["previous_secret_valid_until"], "says until when the old one signs")
    eq(o["secret_hint"], "whsec_…" + second[-4:], "the hint is the new one's")
    eq(psql("SELECT old_secret_sealed FROM webhook_endpoints WHERE id = :'w'", w=wid),
       sealed, "the old secret kept beside the new")
    eq(count("SELECT count(*) FROM webhook_endpoints WHERE id = :'w' AND "
             "abs(extract(epoch FROM old_secret_until - now()) - 86400) < 120", w=wid),
       1, "until 24 hours from now")
    check(second not in api("GET", hooks() + "/%d" % wid, owner()).text, "once")
    check(audited("webhook_rotate") >= 1, "audited")
    # the page: the new secret once, and the 24 hours said
    b = signed_in("owner@stolik.test")
    page = b.get("/owner/r/%s/webhooks/%d" % (ids["a"], wid))
    check("signed with the previous secret too" in page.text, "the window is shown")
    r = b.post("/owner/r/%s/webhooks/%d/rotate-secret" % (ids["a"], wid),
               {"csrf": csrf_of(page.text)})
    eq(r.status, 200, r.text[:300])
    m = re.search(r'<code class="secret">(whsec_[A-Za-z0-9_-]{43})</code>', r.text)
    check(m, "the new secret on the page")
    SECRETS.append(m.group(1))
    check(m.group(1) != second, "another one")
    check("old secret as well as" in r.text, "the page says the old one still signs")
    check(m.group(1) not in b.get("/owner/r/%s/webhooks/%d" % (ids["a"], wid)).text,
          "shown once")


# --- validation -------------------------------------------------------------------------

def test_api_refuses_bad_input_without_writing():
    fresh()
    before = endpoints(ids["a"])
    bad = [
        ({"url": PUBLIC, "events": []}, "events", "required"),
        ({"url": PUBLIC}, "events", "required"),
        ({"url": PUBLIC, "events": ["reservation.eaten"]}, "events", "unknown_event"),
        ({"url": PUBLIC, "events": ["webhook.test"]}, "events", "unknown_event"),
        ({"url": PUBLIC, "events": [42]}, "events", "unknown_event"),
        ({"url": PUBLIC, "events": "reservation.created"}, "events", "invalid"),
        ({"events": EVENTS}, "url", "required"),
        ({"url": "ftp://93.184.216.34/x", "events": EVENTS}, "url", "url_scheme"),
        ({"url": "http://93.184.216.34/x", "events": EVENTS}, "url", "url_scheme"),
        ({"url": "not a url at all", "events": EVENTS}, "url", "url_invalid"),
        ({"url": "https://user:pw@93.184.216.34/x", "events": EVENTS}, "url",
         "url_invalid"),
        ({"url": "https://93.184.216.34/x" + "a" * 2000, "events": EVENTS}, "url",
         "too_long"),
        ({"url": PUBLIC, "events": EVENTS, "description": "d" * 201}, "description",
         "too_long"),
    ]
    for body, field, code in bad:
        r = api("POST", hooks(), owner(), body)
        eq(r.status, 422, "%r: %s" % (body, r.text[:200]))
        eq(r.header("content-type"), "application/problem+json", "a problem")
        eq(r.json()["errors"].get(field), code, "%r: %s" % (body, r.text[:200]))
    eq(api("POST", hooks(), owner(), None).status, 400, "no body")
    eq(endpoints(ids["a"]), before, "nothing written")
    # a PATCH is checked the same way, and writes nothing either
    r = create()
    wid = r.json()["id"]
    row = psql("SELECT w::text FROM webhook_endpoints w WHERE id = :'w'", w=wid)
    for body, field, code in (({"events": []}, "events", "required"),
                              ({"url": "https://10.1.2.3/"}, "url", "url_not_public"),
                              ({"enabled": "yes"}, "enabled", "invalid")):
        r = api("PATCH", hooks() + "/%d" % wid, owner(), body)
        eq(r.status, 422, r.text)
        eq(r.json()["errors"].get(field), code, r.text)
    eq(psql("SELECT w::text FROM webhook_endpoints w WHERE id = :'w'", w=wid), row,
       "unchanged")
    r = api("PATCH", hooks() + "/%d" % wid, owner(),
            {"description": "changed", "events": ["review.created"]})
    eq(r.status, 200, r.text)
    eq((r.json()["description"], r.json()["events"], r.json()["url"]),
       ("changed", ["review.created"], PUBLIC), "only what was given changed")


def test_page_field_errors():
    fresh()
    b = signed_in("owner@stolik.test")
    page = b.get("/owner/r/%s/webhooks" % ids["a"])
    before = endpoints(ids["a"])
    r = b.post("/owner/r/%s/webhooks" % ids["a"], {
        "csrf": csrf_of(page.text), "url": "https://10.0.0.7/typed", "events_sent": "1"})
    eq(r.status, 422, "refused")
    check('id="n-url" name="url"' in r.text and 'value="https://10.0.0.7/typed"' in r.text,
          "what was typed is shown again")
    check(re.search(r'id="n-url"[^>]*aria-invalid="true"', r.text), "the url is marked")
    check("not on the public internet" in r.text, "the SSRF reason, in words")
    check("This field is required." in r.text, "events: at least one")
    check('aria-describedby="n-events-error"' in r.text, "the events error tied")
    eq(endpoints(ids["a"]), before, "nothing written")


# --- SSRF -----------------------------------------------------------------------------

NOT_PUBLIC = [
    "https://10.0.0.1/h", "https://172.16.5.4/h", "https://192.168.1.1/h",
    "https://169.254.169.254/latest/meta-data", "https://100.64.0.1/h",
    "https://224.0.0.1/h", "https://0.0.0.0/h", "https://[::ffff:10.0.0.1]/h",
    "https://[fe80::1]/h", "https://[fc00::1]/h",
    "https://198.18.0.1/h", "https://192.0.2.1/h",
]


def test_ssrf_refused_at_save_and_the_control():
    fresh()
    before = endpoints(ids["a"])
    for url in NOT_PUBLIC:
        r = create(url=url)
        eq(r.status, 422, "%s: %s" % (url, r.text[:200]))
        eq(r.json()["errors"].get("url"), "url_not_public", url)
    eq(endpoints(ids["a"]), before, "none saved")
    # negative control: with the check off, the very same addresses are saved
    for url in NOT_PUBLIC[:4] + ["https://[::ffff:10.0.0.1]/h"]:
        r = create(url=url, extra={"X-Stolik-Test-Unsafe": "ssrf"})
        eq(r.status, 201, "%s with the check off: %s" % (url, r.text[:200]))
        eq(r.json()["url"], url, "saved as given")
    eq(endpoints(ids["a"]), before + 5, "saved with the check off")
    psql("DELETE FROM webhook_endpoints WHERE restaurant_id = :'r' AND url ~ "
         "'^https://(10\\.|172\\.16|192\\.168|169\\.254|\\[::ffff)'", r=ids["a"])


def test_loopback_only_in_development():
    """Loopback passes with Webhooks.Development (the test stack's), not without."""
    fresh()
    tok = owner()["Authorization"]

    def post(url, conf=""):
        body = json.dumps({"url": url, "events": EVENTS}).encode()
        env = {"HTTP_AUTHORIZATION": tok, "CONTENT_TYPE": "application/json",
               "CONTENT_LENGTH": str(len(body)), "REMOTE_ADDR": "127.0.0.1"}
        return cgi(hooks().replace("/owner", "/api/v1/owner", 1), method="POST",
                   env=env, stdin=body, extra_conf=conf)

    for url in ("https://127.0.0.1:9/h", "http://127.0.0.1:9/h", "https://localhost/h",
                "https://[::1]/h", "https://[::ffff:127.0.0.1]/h"):
        r = post(url, "Webhooks.Development = 0")
        eq(r.status, 422, "%s outside development: %r" % (url, r.body[:200]))
        eq(json.loads(r.body)["errors"]["url"],
           "url_scheme" if url.startswith("http:") else "url_not_public", url)
    r = post("http://127.0.0.1:9/h")
    eq(r.status, 201, "development: %r" % r.body[:200])
    SECRETS.append(json.loads(r.body)["secret"])
    r = post("http://10.0.0.1/h")
    eq(r.status, 422, "plain http to another address, even in development")
    psql("DELETE FROM webhook_endpoints WHERE restaurant_id = :'r' AND url LIKE "
         "'http://127.0.0.1:9/%'", r=ids["a"])


# --- the limit --------------------------------------------------------------------------

def parallel(n, fn):
    out = [None] * n
    barrier = threading.Barrier(n)

    def run(i):
        barrier.wait()
        out[i] = fn(i)
    ts = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return out


def test_limit_holds_under_concurrency():
    h = owner()
    res = parallel(20, lambda i: create(url=PUBLIC + "/%d" % i, rid=ids["c"],
                                        headers=h))
    codes = sorted(r.status for r in res)
    eq(endpoints(ids["c"]), 10, "never more than the limit")
    eq(codes, [201] * 10 + [409] * 10, "ten made, ten refused")
    r = [x for x in res if x.status == 409][0]
    eq(r.json()["errors"], {"endpoints": "webhook_limit"}, "says why")
    check("at most 10" in r.json()["detail"], "in words")
    # the page says so too
    b = signed_in("owner@stolik.test")
    page = b.get("/owner/r/%s/webhooks" % ids["c"])
    check("the most it can have" in page.text, "the page says it is full")
    r = b.post("/owner/r/%s/webhooks" % ids["c"], {
        "csrf": csrf_of(page.text), "url": PUBLIC, "events_sent": "1",
        "ev_reservation_created": "1"})
    eq(r.status, 422, "refused on the page")
    check("at most 10 endpoints" in r.text, "with the reason")
    eq(endpoints(ids["c"]), 10, "still ten")


def test_limit_without_the_lock_goes_red():
    """Negative control: count-then-insert without the lock lets a burst through."""
    h = dict(owner(), **{"X-Stolik-Test-Unsafe": "webhook-limit"})
    parallel(20, lambda i: create(url=PUBLIC + "/%d" % i, rid=ids["d"], headers=h))
    n = endpoints(ids["d"])
    check(n > 10, "without the lock the limit breaks: %d endpoints" % n)


# --- enable, disable, delete ----------------------------------------------------------

def test_enable_disable_and_delete():
    fresh()
    wid = create().json()["id"]
    r = api("PATCH", hooks() + "/%d" % wid, owner(), {"enabled": False})
    eq(r.status, 200, r.text)
    eq((r.json()["enabled"], r.json()["disabled_reason"]), (False, "owner"), "off")
    check(r.json()["disabled_at"], "since when")
    check(audited("webhook_disable") >= 1, "audited")
    # the job turned it off after failures; the owner turns it on from the page
    psql("UPDATE webhook_endpoints SET failures = 7, disabled_reason = "
         "'<b>7 failures</b> in a row' WHERE id = :'w'", w=wid)
    b = signed_in("owner@stolik.test")
    page = b.get("/owner/r/%s/webhooks/%d" % (ids["a"], wid))
    check("&lt;b&gt;7 failures&lt;/b&gt; in a row" in page.text, "the reason, escaped")
    r = b.post("/owner/r/%s/webhooks/%d/enable" % (ids["a"], wid),
               {"csrf": csrf_of(page.text)})
    eq(r.status, 303, r.text[:200])
    eq(psql("SELECT enabled || '|' || failures || '|' || coalesce(disabled_reason, '-')"
            " || '|' || coalesce(disabled_at::text, '-') FROM webhook_endpoints "
            "WHERE id = :'w'", w=wid), "true|0|-|-", "on, failures and reason cleared")
    check(audited("webhook_enable") >= 1, "audited")
    r = b.post("/owner/r/%s/webhooks/%d/disable" % (ids["a"], wid),
               {"csrf": csrf_of(page.text)})
    eq(r.status, 303, "off from the page")
    eq(psql("SELECT enabled FROM webhook_endpoints WHERE id = :'w'", w=wid), "f", "off")
    # delete: the API, then the page
    eq(api("DELETE", hooks() + "/%d" % wid, owner()).status, 204, "deleted")
    eq(count("SELECT count(*) FROM webhook_endpoints WHERE id = :'w'", w=wid), 0, "gone")
    eq(api("DELETE", hooks() + "/%d" % wid, owner()).status, 404, "twice: 404")
    eq(api("GET", hooks() + "/%d" % wid, owner()).status, 404, "GET after delete")
    wid2 = create().json()["id"]
    r = b.post("/owner/r/%s/webhooks/%d/delete" % (ids["a"], wid2),
               {"csrf": csrf_of(page.text)})
    eq(r.status, 303, "deleted from the page")
    eq(r.header("location"), "/owner/r/%s/webhooks?done=deleted" % ids["a"], "to the list")
    eq(count("SELECT count(*) FROM webhook_endpoints WHERE id = :'w'", w=wid2), 0, "gone")
    check(audited("webhook_delete") >= 2, "audited")


# --- test events ------------------------------------------------------------------------

def test_test_event_goes_to_that_endpoint_only():
    fresh()
    one = create().json()["id"]
    other = create().json()["id"]
    job = Listener()
    eq(job.notified(), False, "quiet before")
    r = api("POST", hooks() + "/%d/test" % one, owner())
    eq(r.status, 202, r.text)
    eq(job.notified(), True, "the job was woken (NOTIFY webhooks)")
    job.close()
    o = r.json()
    check(o["event"].startswith("evt_") and o["delivery"].startswith("whd_"), "ids")
    eq(psql("SELECT type || '|' || (data->>'endpoint') || '|' || (data->>'restaurant')"
            " FROM webhook_events WHERE public_id = :'e'", e=o["event"]),
       "webhook.test|%d|%s" % (one, A), "the event's data")
    check("test" in psql("SELECT data->>'message' FROM webhook_events "
                         "WHERE public_id = :'e'", e=o["event"]), "says it is a test")
    eq(psql("SELECT string_agg(d.endpoint_id || ':' || d.status || ':' || d.public_id,"
            " ',') FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id"
            " WHERE e.public_id = :'e'", e=o["event"]),
       "%d:queued:%s" % (one, o["delivery"]), "one delivery, to that endpoint only")
    eq(count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = :'w'",
             w=other), 0, "the other endpoint gets nothing")
    check(audited("webhook_test") >= 1, "audited")
    # from the page
    b = signed_in("owner@stolik.test")
    page = b.get("/owner/r/%s/webhooks/%d" % (ids["a"], one))
    r = b.post("/owner/r/%s/webhooks/%d/test" % (ids["a"], one),
               {"csrf": csrf_of(page.text)})
    eq(r.status, 303, r.text[:200])
    check("done=test" in r.header("location"), "back with a notice")
    check("A test event is on its way" in b.get(r.header("location")).text, "notice")
    eq(count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = :'w'",
             w=one), 2, "two test deliveries")
    # not to an endpoint that is off
    api("PATCH", hooks() + "/%d" % other, owner(), {"enabled": False})
    r = api("POST", hooks() + "/%d/test" % other, owner())
    eq(r.status, 409, r.text)
    eq(r.json()["errors"], {"endpoint": "endpoint_disabled"}, "says why")
    eq(count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = :'w'",
             w=other), 0, "nothing queued")


# --- the delivery log and replays -------------------------------------------------------

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_delivery_log_escapes_what_receivers_answer():
    fresh()
    wid = create().json()["id"]
    old = failed_delivery(wid, 30, excerpt="plain answer")
    bad = failed_delivery(wid, 5, excerpt=HOSTILE, error="<b>boom</b>", code=502)
    b = signed_in("owner@stolik.test")
    page = b.get("/owner/r/%s/webhooks/%d" % (ids["a"], wid))
    eq(page.status, 200, "the log")
    check(HOSTILE not in page.text and "<script>alert" not in page.text,
          "the excerpt is not raw")
    check('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x '
          'onerror=alert(1)&gt;' in page.text, "it is escaped")
    check("&lt;b&gt;boom&lt;/b&gt;" in page.text, "the error too")
    check("<b>boom" not in page.text, "never raw")
    check(page.text.index(bad) < page.text.index(old), "newest first")
    for s in ("HTTP 502", "37 ms", "webhook.test", "failed", "Attempt 1"):
        check(s in page.text, "the log shows %r" % s)
    # the API: the same, as JSON, paged
    r = api("GET", hooks() + "/%d/deliveries?page_size=1" % wid, owner())
    eq(r.status, 200, r.text)
    o = r.json()
    eq((o["total"], o["page"], o["page_size"], len(o["items"])), (2, 1, 1, 1), "paged")
    it = o["items"][0]
    eq((it["id"], it["status"], it["last_status_code"], it["event"]["type"]),
       (bad, "failed", 502, "webhook.test"), "the newest first")
    eq(it["log"][0]["excerpt"], HOSTILE, "the excerpt as it came")
    eq((it["log"][0]["status_code"], it["log"][0]["duration_ms"]), (502, 37), "attempt")
    r2 = api("GET", hooks() + "/%d/deliveries?page=2&page_size=1" % wid, owner())
    eq(r2.json()["items"][0]["id"], old, "page 2")
    eq(api("GET", hooks() + "/%d/deliveries?page_size=1000" % wid, owner()).status, 400,
       "page_size over 100")


def test_replay_one_and_all_failed_since():
    fresh()
    wid = create().json()["id"]
    d_old = failed_delivery(wid, 180)
    d1 = failed_delivery(wid, 50)
    d2 = failed_delivery(wid, 40)
    psql("UPDATE webhook_deliveries SET status = 'delivered', last_code = 200 "
         "WHERE public_id = :'d'", d=failed_delivery(wid, 30))
    # one
    job = Listener()
    eq(job.notified(), False, "quiet before")
    r = api("POST", hooks() + "/%d/deliveries/%s/replay" % (wid, d1), owner())
    eq(r.status, 202, r.text)
    eq(job.notified(), True, "a replay wakes the job")
    new = r.json()["delivery"]
    eq(r.json()["replay_of"], d1, "names the old one")
    # due at once: not attempted yet, or the stack's stolik-webhooks --watch
    # (woken by the replay) has tried it already
    eq(psql("SELECT (n.event_id = o.event_id) || '|' || (n.replay_of = o.id) || '|' "
            "|| ((n.status = 'queued' AND n.attempts = 0 AND n.next_attempt_at "
            "<= now()) OR n.attempts > 0) FROM webhook_deliveries n, "
            "webhook_deliveries o WHERE n.public_id = :'n' AND o.public_id = :'o'",
            n=new, o=d1), "true|true|true",
       "a new delivery of the same event, queued now")
    check(audited("webhook_replay") >= 1, "audited")
    eq(api("POST", hooks() + "/%d/deliveries/whd_%s/replay" % (wid, "f" * 32),
           owner()).status, 404, "no such delivery")
    eq(api("POST", hooks() + "/%d/deliveries/nonsense/replay" % wid, owner()).status,
       404, "not a delivery id")
    # all failed since an hour ago: d2 only (d1 has its replay, the delivered one
    # did not fail, d_old is older)
    since = psql("SELECT to_char((now() - interval '1 hour') AT TIME ZONE 'UTC', "
                 "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")
    r = api("POST", hooks() + "/%d/replay" % wid, owner(), {"since": since})
    eq(r.status, 202, r.text)
    eq(r.json()["replayed"], 1, "one more")
    eq(job.notified(), True, "so does replaying all failed")
    job.close()
    eq(count("SELECT count(*) FROM webhook_deliveries n JOIN webhook_deliveries o ON "
             "o.id = n.replay_of WHERE o.public_id = :'d'",
             d=d2), 1, "d2 replayed")
    r = api("POST", hooks() + "/%d/replay" % wid, owner(), {"since": since})
    eq(r.json()["replayed"], 0, "each failed delivery is replayed once")
    for bad in ({}, {"since": "yesterday"}, {"since": "2026-12-07T10:00"}):
        r = api("POST", hooks() + "/%d/replay" % wid, owner(), bad)
        eq(r.status, 422, "%r: %s" % (bad, r.text))
    check(audited("webhook_replay_failed") >= 2, "audited")
    # the page: a local time in the restaurant's zone, four hours back
    local = psql("SELECT to_char(now() AT TIME ZONE :'tz' - interval '4 hours', "
                 "'YYYY-MM-DD\"T\"HH24:MI')", tz=TZ)
    b = signed_in("owner@stolik.test")
    page = b.get("/owner/r/%s/webhooks/%d" % (ids["a"], wid))
    check('type="datetime-local"' in page.text, "a local date-time field")
    r = b.post("/owner/r/%s/webhooks/%d/replay" % (ids["a"], wid),
               {"csrf": csrf_of(page.text), "since": local})
    eq(r.status, 303, r.text[:300])
    check(r.header("location").endswith("done=replayed&n=1"), r.header("location"))
    check("One delivery is queued again" in b.get(r.header("location")).text, "notice")
    eq(count("SELECT count(*) FROM webhook_deliveries n JOIN webhook_deliveries o ON "
             "o.id = n.replay_of WHERE o.public_id = :'d'", d=d_old), 1,
       "d_old, three hours back, replayed from the page")
    r = b.post("/owner/r/%s/webhooks/%d/replay" % (ids["a"], wid),
               {"csrf": csrf_of(page.text), "since": "soon"})
    eq(r.status, 422, "a bad time")
    check("Give a date and time" in r.text, "the field says why")
    # one, from the page
    r = b.post("/owner/r/%s/webhooks/%d/deliveries/%s/replay" % (ids["a"], wid, d2),
               {"csrf": csrf_of(page.text)})
    eq(r.status, 303, r.text[:200])
    eq(count("SELECT count(*) FROM webhook_deliveries n JOIN webhook_deliveries o ON "
             "o.id = n.replay_of WHERE o.public_id = :'d'", d=d2), 2, "replayed again")


# --- who may touch what -----------------------------------------------------------------

def test_other_owners_get_404():
    fresh()
    wid = create().json()["id"]
    did = failed_delivery(wid, 10)
    row = psql("SELECT w::text FROM webhook_endpoints w WHERE id = :'w'", w=wid)
    n = count("SELECT count(*) FROM webhook_deliveries")
    h2 = bearer("owner2@stolik.test")
    base = hooks() + "/%d" % wid
    # B's own restaurant with A's endpoint id: not B's either
    mixed = hooks(ids["b"]) + "/%d" % wid
    for m, path, body in (("GET", hooks(), None), ("POST", hooks(), {"url": PUBLIC,
                                                                     "events": EVENTS}),
                          ("GET", base, None), ("PATCH", base, {"enabled": False}),
                          ("DELETE", base, None), ("POST", base + "/rotate-secret", {}),
                          ("POST", base + "/test", {}), ("GET", base + "/deliveries", None),
                          ("POST", base + "/deliveries/%s/replay" % did, {}),
                          ("POST", base + "/replay", {"since": "2020-01-01T00:00:00Z"}),
                          ("GET", mixed, None), ("PATCH", mixed, {"enabled": False}),
                          ("POST", mixed + "/test", {}),
                          ("POST", mixed + "/deliveries/%s/replay" % did, {})):
        r = api(m, path, h2, body)
        eq(r.status, 404, "%s %s as owner B: %s" % (m, path, r.text[:200]))
        check(PUBLIC not in r.text, "no leak")
    # the diner: refused as on other owner routes
    hd = bearer("diner@stolik.test")
    for m, path in (("GET", hooks()), ("GET", base), ("POST", base + "/test")):
        check(api(m, path, hd, {} if m == "POST" else None).status in (403, 404),
              "diner %s %s" % (m, path))
    # the pages
    b2 = signed_in("owner2@stolik.test")
    tok = csrf_of(b2.get("/account").text)
    pbase = "/owner/r/%s/webhooks/%d" % (ids["a"], wid)
    eq(b2.get(pbase).status, 404, "the page")
    eq(b2.get("/owner/r/%s/webhooks" % ids["a"]).status, 404, "the list")
    eq(b2.get("/owner/r/%s/webhooks/%d" % (ids["b"], wid)).status, 404, "mixed ids")
    for path in ("", "/enable", "/disable", "/delete", "/rotate-secret", "/test",
                 "/replay", "/deliveries/%s/replay" % did):
        r = b2.post(pbase + path, {"csrf": tok, "url": PUBLIC, "events_sent": "1",
                                   "since": "2020-01-01T00:00"})
        eq(r.status, 404, "POST %s as owner B" % (pbase + path))
    eq(psql("SELECT w::text FROM webhook_endpoints w WHERE id = :'w'", w=wid), row,
       "untouched")
    eq(count("SELECT count(*) FROM webhook_deliveries"), n, "nothing queued")
    # control: the owner does reach it
    eq(api("GET", base, owner()).status, 200, "the owner's own")


def test_api_key_scopes():
    fresh()
    keys = {}
    for scope in ("setup:read", "setup:write", "reservations:read"):
        r = post_json("/api/v1/me/api-keys", {"name": "whk " + scope, "scopes": [scope]},
                      headers=owner())
        eq(r.status, 201, r.text)
        keys[scope] = {"Authorization": "Bearer " + r.json()["key"]}
    wid = create().json()["id"]
    eq(api("GET", hooks(), keys["setup:read"]).status, 200, "read with setup:read")
    eq(api("GET", hooks() + "/%d/deliveries" % wid, keys["setup:read"]).status, 200,
       "the log with setup:read")
    eq(create(headers=keys["setup:read"]).status, 403, "no write with setup:read")
    eq(api("POST", hooks() + "/%d/rotate-secret" % wid, keys["setup:read"]).status, 403,
       "no rotation with setup:read")
    eq(api("GET", hooks(), keys["reservations:read"]).status, 403, "another scope")
    r = create(headers=keys["setup:write"])
    eq(r.status, 201, "setup:write creates: " + r.text[:200])
    psql("DELETE FROM api_keys WHERE name LIKE 'whk %'")


def test_page_posts_need_csrf():
    fresh()
    wid = create().json()["id"]
    b = signed_in("owner@stolik.test")
    good = csrf_of(b.get("/owner/r/%s/webhooks" % ids["a"]).text)
    before = endpoints(ids["a"])
    r = b.post("/owner/r/%s/webhooks" % ids["a"], {"url": PUBLIC, "events_sent": "1",
                                                    "ev_reservation_created": "1"})
    eq(r.status, 403, "create without a token")
    r = b.post("/owner/r/%s/webhooks" % ids["a"], {"csrf": "x" * 64, "url": PUBLIC,
                                                    "events_sent": "1",
                                                    "ev_reservation_created": "1"})
    eq(r.status, 403, "a wrong token")
    eq(endpoints(ids["a"]), before, "nothing made")
    for path in ("/delete", "/rotate-secret", "/test", "/disable"):
        r = b.post("/owner/r/%s/webhooks/%d%s" % (ids["a"], wid, path), {})
        eq(r.status, 403, path + " without a token")
    r = b.post("/owner/r/%s/webhooks/%d/test" % (ids["a"], wid), {"csrf": good},
               headers={"Origin": "https://evil.example"})
    eq(r.status, 403, "a foreign origin")
    eq(count("SELECT count(*) FROM webhook_endpoints WHERE id = :'w' AND enabled",
             w=wid), 1, "still there, still on")
    eq(count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = :'w'", w=wid),
       0, "no test sent")


def test_zz_no_secret_in_the_logs():
    """Last: no secret any answer gave is in the stack's logs or the audit log."""
    check(len(SECRETS) >= 5, "secrets seen: %d" % len(SECRETS))
    logs = glob.glob(os.path.join(VAR, "log", "*"))
    check(logs, "the stack's logs")
    for path in logs:
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            data = f.read()
        for s in SECRETS:
            check(s.encode() not in data, "%s holds a secret" % path)
    for s in SECRETS:
        eq(count("SELECT count(*) FROM audit_log a WHERE strpos(a::text, :'s') > 0",
                 s=s), 0, "audit log")
