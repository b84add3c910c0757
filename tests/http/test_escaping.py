"""test_escaping.py: hostile restaurant data renders escaped on every page and in JSON."""

import json
import urllib.parse

from stolik_test import Browser, cgi, check, csrf_of, eq, get, psql

XSS = "<script>alert(1)</script>"
QUOTES = "Tom's \"Bar\" & Grill <b>"
CITY = "Gdańsk & \"Sopot\" <i>"
CUISINE = "<svg onload=alert(2)>fusion"
WEB = 'https://evil.example/"onmouseover="alert(4)'
DESC = "</textarea><img src=x onerror=alert(3)> 'single' \"double\" & more"

# the audit's alt: finding (issue 15): owner/day.cs echoed ?date= and ?party=
META = '"><meta http-equiv=refresh content="0;url=https://evil.example/">'
META_RAW = "<meta http-equiv=refresh"
META_ESC = "&quot;&gt;&lt;meta http-equiv=refresh"

# strings that must never reach a page raw
RAW = ["<script>alert(1)", "<svg onload", "<img src=x", "<b>", "<i>",
       '"onmouseover="']


def setup_module():
    psql("""
        INSERT INTO restaurants (owner_id, slug, name, cuisine, city, address,
            description, website, phone, timezone, status)
        SELECT id, 'xss-script', :'xss', :'cuisine', :'city', :'xss',
            :'desc', :'web', :'quotes', 'Europe/Warsaw', 'active'
        FROM users WHERE email = 'owner@stolik.test';
        INSERT INTO restaurants (owner_id, slug, name, cuisine, city, address,
            description, timezone, status)
        SELECT id, 'xss-quotes', :'quotes', :'cuisine', :'city', :'quotes',
            :'desc', 'Europe/Warsaw', 'active'
        FROM users WHERE email = 'owner@stolik.test';
        INSERT INTO opening_hours (restaurant_id, weekday, opens, closes, name)
        SELECT id, 1, '12:00', '15:00', :'xss' FROM restaurants
        WHERE slug = 'xss-script';
        INSERT INTO closures (restaurant_id, starts_on, ends_on, reason)
        SELECT id, current_date + 1, current_date + 2, :'xss' FROM restaurants
        WHERE slug = 'xss-script';
    """, xss=XSS, quotes=QUOTES, city=CITY, cuisine=CUISINE, desc=DESC, web=WEB)


def teardown_module():
    psql("DELETE FROM restaurants WHERE slug IN ('xss-script', 'xss-quotes')")


def assert_escaped(body, where):
    for s in RAW:
        check(s not in body, "%s shows %r unescaped" % (where, s))


PAGES = [
    "/",
    "/r/xss-script",
    "/r/xss-quotes",
    "/search?q=" + urllib.parse.quote("alert script"),
    "/search?q=grill",
    "/search?city=" + urllib.parse.quote(CITY),
    "/search?cuisine=" + urllib.parse.quote(CUISINE),
    "/search?q=" + urllib.parse.quote(XSS),
]


def test_pages_escape():
    shown = 0
    for p in PAGES:
        r = get(p)
        eq(r.status, 200, p)
        assert_escaped(r.text, p)
        shown += "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    check(shown >= 3, "the hostile name is on the pages, escaped (%d)" % shown)
    r = get("/r/xss-quotes")
    check("Tom&#39;s &quot;Bar&quot; &amp; Grill &lt;b&gt;" in r.text, "quotes")
    check("Gda\u0144sk &amp; &quot;Sopot&quot; &lt;i&gt;" in r.text, "city")


def test_website_neutralised():
    r = get("/r/xss-script")
    check('href="https://evil.example/&quot;onmouseover=&quot;alert(4)"' in r.text,
          "website attribute escaped")
    # the database refuses other schemes outright
    try:
        psql("UPDATE restaurants SET website = 'javascript:alert(5)' "
             "WHERE slug = 'xss-script'")
    except AssertionError:
        return
    raise AssertionError("a javascript: website was stored")


def test_json_escapes():
    for p in ("/api/v1/restaurants/xss-script", "/api/v1/restaurants?q=alert",
              "/api/v1/restaurants?q=grill"):
        r = get(p)
        eq(r.status, 200, p)
        eq(r.header("content-type"), "application/json", p)
        eq(r.header("x-content-type-options"), "nosniff", p)
        check(b"</" not in r.body, "%s has a raw </" % p)
        json.loads(r.body)
    o = get("/api/v1/restaurants/xss-script").json()
    eq(o["name"], XSS, "round trip")
    eq(o["description"], DESC, "round trip")
    items = get("/api/v1/restaurants?q=grill").json()["items"]
    check(any(i["name"] == QUOTES for i in items), "quotes round trip")


def test_negative_control():
    """With escaping off (test builds only) the same checks must fail."""
    r = cgi("/r/xss-script", extra_conf="Test.EscapeMode = none")
    eq(r.status, 200, "cgi status")
    try:
        assert_escaped(r.body.decode(), "unescaped build")
    except AssertionError:
        return
    raise AssertionError("the escaping check did not notice escaping was off")


def owner_day_queries():
    """The owner's day sheet with hostile ?date= and ?party= values."""
    q = urllib.parse.quote(META, safe="")
    return ["date=" + q, "party=" + q, "date=2030-01-01&party=" + q,
            "date=%s&party=%s" % (q, q)]


def signed_in_owner():
    b = Browser()
    r = b.post("/login", {"csrf": csrf_of(b.get("/login").text),
                          "email": "owner@stolik.test", "password": "stolik-demo"})
    eq(r.status, 303, "owner login")
    return b


def test_alt_values_escaped():
    """alt: prints raw: a request value the day sheet echoes must come out escaped."""
    owner = signed_in_owner()
    rid = psql("SELECT id FROM restaurants WHERE slug = 'xss-script'")
    for q in owner_day_queries():
        r = owner.get("/owner/r/%s/day?%s" % (rid, q))
        check(r.status in (200, 400), "%s: status %d" % (q, r.status))
        check(META_RAW not in r.text, "%s: the <meta> tag is in the page" % q)
        check(META_ESC in r.text, "%s: the value is shown, escaped" % q)
        assert_escaped(r.text, q)


def test_alt_negative_control():
    """With escaping off (test builds only) the day sheet check must fail."""
    owner = signed_in_owner()
    rid = psql("SELECT id FROM restaurants WHERE slug = 'xss-script'")
    q = owner_day_queries()[0]
    env = {"HTTP_COOKIE": "sid=" + owner.cookies["sid"]}
    r = cgi("/owner/r/%s/day" % rid, query=q, env=env)
    check(r.status in (200, 400), "protected: status %d" % r.status)
    check(META_RAW not in r.body.decode(), "protected: escaped")
    r = cgi("/owner/r/%s/day" % rid, query=q, env=env,
            extra_conf="Test.EscapeMode = none")
    check(r.status in (200, 400), "escaping off: status %d" % r.status)
    check(META_RAW in r.body.decode(),
          "the day sheet check did not notice escaping was off")
