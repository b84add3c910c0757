"""test_audit2_access.py: the access findings of the second audit (issue 15, items 3-5):
idempotent replays bound to the credential, no reviews of one's own restaurant, and
the API keys' scopes checked by the router for every route."""

import json
import urllib.parse

from stolik_test import (Browser, cgi, check, count, csrf_of, eq, get, local_date,
                         post_json, psql, request, token_hash)

DEMO = "stolik-demo"
TZ = "Europe/Warsaw"
R = "aud2-bistro"
ids = {}


def setup_module():
    psql("""
    INSERT INTO restaurants (owner_id, slug, name, cuisine, city, address, phone,
        email, timezone, slot_minutes, booking_window_days, min_notice_minutes,
        cancel_cutoff_minutes, max_party, confirmation_mode, status)
    SELECT id, :'s', 'Audit Two Bistro', 'bistro', 'Testville', 'Test street 2',
        '+48 22 555 55 56', 'alerts@aud2.example', :'tz', 30, 365, 0, 60, 8, 'auto',
        'active'
    FROM users WHERE email = 'owner@stolik.test';
    INSERT INTO opening_hours (restaurant_id, weekday, opens, closes, name)
    SELECT r.id, d, '00:00', '23:59', 'All day' FROM restaurants r,
        generate_series(1, 7) d WHERE r.slug = :'s';
    INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max)
    SELECT r.id, 'AUD' || n, 1, 4 FROM restaurants r, generate_series(1, 30) n
    WHERE r.slug = :'s';
    INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)
    SELECT id, 1, 8, 90 FROM restaurants WHERE slug = :'s';
    """, s=R, tz=TZ)
    ids["r"] = psql("SELECT id FROM restaurants WHERE slug = :'s'", s=R)
    ids["owner"] = psql("SELECT id FROM users WHERE email = 'owner@stolik.test'")
    ids["diner"] = psql("SELECT id FROM users WHERE email = 'diner@stolik.test'")


def teardown_module():
    psql("""
    DELETE FROM reviews WHERE restaurant_id = (SELECT id FROM restaurants
        WHERE slug = :'s');
    DELETE FROM outbox WHERE reservation_id IN (SELECT v.id FROM reservations v
        JOIN restaurants r ON r.id = v.restaurant_id WHERE r.slug = :'s');
    DELETE FROM reservations WHERE restaurant_id IN (SELECT id FROM restaurants
        WHERE slug = :'s');
    DELETE FROM restaurants WHERE slug = :'s';
    DELETE FROM api_keys WHERE name LIKE 'aud2-%';
    """, s=R)


def bearer(email):
    r = post_json("/api/v1/auth/token", {"grant_type": "password", "email": email,
                                         "password": DEMO})
    eq(r.status, 200, r.text)
    return {"Authorization": "Bearer " + r.json()["access_token"]}


def signed_in(email):
    b = Browser()
    page = b.get("/login")
    r = b.post("/login", {"csrf": csrf_of(page.text), "email": email,
                          "password": DEMO})
    eq(r.status, 303, "login " + email)
    return b


def api(method, path, headers=None, body=None):
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    return request(method, path, body=json.dumps(body) if body is not None else None,
                   headers=h)


_slot = [0]


def start(days=30):
    """A free start: every call takes another half hour."""
    _slot[0] += 1
    n = _slot[0]
    return "%sT%02d:%02d" % (local_date(TZ, days + n // 40), 1 + (n % 40) // 2,
                             30 * (n % 2))


def book(name="Ann Guest", email="ann.aud2@example.com", headers=None, key=None):
    h = dict(headers or {})
    if key:
        h["Idempotency-Key"] = key
    r = api("POST", "/api/v1/reservations", h, {
        "restaurant": R, "start": start(), "party": 2, "name": name,
        "email": email, "phone": "+48 600 100 200"})
    eq(r.status, 201, r.text)
    return r.json()


# --- 3: idempotent replays belong to the credential ---------------------------------

def test_idempotent_cancel_without_the_token_is_no_replay():
    """The audit's attack: cancel with ?t= and a key, then the same key without ?t=."""
    b = book(name="Ida Private", email="ida.private@example.com")
    code, tok = b["code"], b["token"]
    h = {"Idempotency-Key": "aud2-cancel-" + code}
    r = api("POST", "/api/v1/reservations/%s/cancel?t=%s" % (code, tok), h, {})
    eq(r.status, 200, r.text)
    eq(r.json()["status"], "cancelled", "cancelled")
    r2 = api("POST", "/api/v1/reservations/%s/cancel" % code, h, {})
    check(r2.status in (401, 403, 404), "no token: refused, got %d %s"
          % (r2.status, r2.text[:300]))
    eq(r2.header("idempotent-replayed"), None, "not a replay")
    for secret in ("ida.private@example.com", "Ida Private", "600 100 200", tok):
        check(secret not in r2.text, "the refusal leaks %r" % secret)
    # the same credential replays as before (the token in the address again)
    r3 = api("POST", "/api/v1/reservations/%s/cancel?t=%s" % (code, tok), h, {})
    eq(r3.status, 200, r3.text)
    eq(r3.header("idempotent-replayed"), "true", "the same credential replays")
    eq(r3.body, r.body, "the same answer")


def test_another_credential_gets_no_replay():
    """Two accounts with the same Idempotency-Key and body: each its own answer."""
    diner, other = bearer("diner@stolik.test"), bearer("owner2@stolik.test")
    body = {"restaurant": R, "start": start(), "party": 2, "name": "Kay Same",
            "email": "kay.same@example.com", "phone": "+48 600 100 201"}
    h = {"Idempotency-Key": "aud2-shared-key"}
    r1 = api("POST", "/api/v1/reservations", dict(diner, **h), body)
    eq(r1.status, 201, r1.text)
    r2 = api("POST", "/api/v1/reservations", dict(other, **h), body)
    eq(r2.header("idempotent-replayed"), None, "another account: no replay")
    check(r1.json()["token"] not in r2.text, "the first booking's token is not given")
    check(r2.status != 201 or r2.json()["code"] != r1.json()["code"],
          "not the first booking")
    # the same account again: the first answer, token and link included
    r3 = api("POST", "/api/v1/reservations", dict(diner, **h), body)
    eq(r3.status, 201, r3.text)
    eq(r3.header("idempotent-replayed"), "true", "the same account replays")
    eq(r3.body, r1.body, "byte for byte")
    # anonymous callers are told apart from both
    r4 = api("POST", "/api/v1/reservations", h, body)
    eq(r4.header("idempotent-replayed"), None, "anonymous: no replay")


def test_stored_answers_keep_no_token():
    """The kept answers hold no manage token in plain text."""
    b = book(name="Tom Kept", email="tom.kept@example.com", key="aud2-kept-create")
    tok, code = b["token"], b["code"]
    r = api("POST", "/api/v1/reservations/%s/cancel?t=%s" % (code, tok),
            {"Idempotency-Key": "aud2-kept-cancel"}, {})
    eq(r.status, 200, r.text)
    hold_body = {"restaurant": R, "start": start(), "party": 2}
    h = api("POST", "/api/v1/holds", {"Idempotency-Key": "aud2-kept-hold"}, hold_body)
    eq(h.status, 201, h.text)
    eq(count("SELECT count(*) FROM idempotency_keys WHERE key LIKE 'aud2-kept-%' "
             "AND status IS NOT NULL"), 3, "three answers kept")
    for t in (tok, h.json()["token"]):
        eq(count("SELECT count(*) FROM idempotency_keys i "
                 "WHERE strpos(i::text, :'t') > 0", t=t), 0,
           "no plain token in the kept rows")
    # yet a replay gives the same caller its token back
    r = api("POST", "/api/v1/holds", {"Idempotency-Key": "aud2-kept-hold"}, hold_body)
    eq(r.status, 201, r.text)
    eq(r.header("idempotent-replayed"), "true", "replayed")
    eq(r.body, h.body, "with the token")


# --- 4: no reviews of one's own restaurant ------------------------------------------

def walk_in(headers, name, email, time):
    r = api("POST", "/api/v1/owner/restaurants/%s/reservations" % ids["r"], headers,
            {"kind": "walk_in", "name": name, "email": email, "party": 2,
             "date": local_date(TZ, 0), "time": time})
    eq(r.status, 201, r.text)
    code = r.json()["code"]
    r = api("POST", "/api/v1/owner/reservations/%s/status" % code, headers,
            {"status": "finished"})
    eq(r.status, 200, r.text)
    return code


def test_owner_cannot_review_own_restaurant():
    owner = bearer("owner@stolik.test")
    before = psql("SELECT rating_count FROM restaurants WHERE slug = :'s'", s=R)
    code = walk_in(owner, "Glowing Fan", "owner@stolik.test", "00:00")
    r = api("POST", "/api/v1/reservations/%s/review" % code, owner,
            {"rating": 5, "body": "Best place in town"})
    check(r.status in (403, 422), "refused: %d %s" % (r.status, r.text[:300]))
    eq(r.header("content-type"), "application/problem+json", "a problem")
    eq(r.json()["errors"]["reservation"], "own_restaurant", "says why")
    eq(count("SELECT count(*) FROM reviews w JOIN reservations v ON "
             "v.id = w.reservation_id WHERE v.code = :'c'", c=code), 0, "no review")
    # the page route too
    b = signed_in("owner@stolik.test")
    code2 = walk_in(owner, "Second Fan", "owner@stolik.test", "00:30")
    page = b.get("/b/%s/review" % code2)
    eq(page.status, 403, "no form for the owner")
    csrf = csrf_of(b.get("/account").text)
    r = b.post("/b/%s/review" % code2, {"csrf": csrf, "rating": "5", "body": "wow"})
    eq(r.status, 403, "the page refuses it: " + r.text[:200])
    eq(count("SELECT count(*) FROM reviews w JOIN reservations v ON "
             "v.id = w.reservation_id WHERE v.code = :'c'", c=code2), 0, "no review")
    eq(psql("SELECT rating_count FROM restaurants WHERE slug = :'s'", s=R), before,
       "the rating is untouched")
    # nor through the database directly
    try:
        psql("INSERT INTO reviews (reservation_id, restaurant_id, user_id, rating) "
             "SELECT id, restaurant_id, :'u', 5 FROM reservations WHERE code = :'c'",
             u=ids["owner"], c=code)
        ok = False
    except Exception:
        ok = True
    check(ok, "the database refuses the owner's review of their own restaurant")


def test_real_diners_still_review():
    diner = bearer("diner@stolik.test")
    owner = bearer("owner@stolik.test")
    # an online booking of the diner's own
    b = book(name="Dina Diner", email="diner@stolik.test", headers=diner)
    psql("UPDATE reservations SET status = 'finished' WHERE code = :'c'", c=b["code"])
    r = api("POST", "/api/v1/reservations/%s/review?t=%s" % (b["code"], b["token"]),
            {}, {"rating": 4, "body": "Nice"})
    eq(r.status, 201, r.text)
    # the owner entered a phone guest's booking with an invented name: the guest's
    # verified account writes it, under the account's name
    code = walk_in(owner, "Invented Name", "diner@stolik.test", "01:00")
    r = api("POST", "/api/v1/reservations/%s/review" % code, diner,
            {"rating": 3, "body": "Fine"})
    eq(r.status, 201, r.text)
    name = psql("SELECT name FROM users WHERE email = 'diner@stolik.test'")
    author = psql("SELECT author FROM reviews w JOIN reservations v ON "
                  "v.id = w.reservation_id WHERE v.code = :'c'", c=code)
    eq(author.split(" ")[0], name.split(" ")[0], "by the account's name")
    check("Invented" not in author, "not the typed name")


def test_no_invitation_for_the_owner():
    owner = bearer("owner@stolik.test")
    own = walk_in(owner, "Self", "owner@stolik.test", "02:00")
    guest = walk_in(owner, "Real Guest", "real.guest.aud2@example.com", "02:30")
    # the visits ended three hours ago, their lengths kept: before 05:00
    # local, a walk-in at 02:00 today has not even begun three hours ago
    psql("UPDATE reservations SET starts_at = now() - interval '3 hours' - "
         "(ends_at - starts_at), ends_at = now() - interval '3 hours', "
         "updated_at = now() - interval '3 hours' WHERE code IN (:'a', :'b')",
         a=own, b=guest)
    from stolik_test import job
    rc, _, err = job("sweep")
    eq(rc, 0, err)
    n = "SELECT count(*) FROM outbox o JOIN reservations v ON v.id = o.reservation_id " \
        "WHERE o.kind = 'review_invitation' AND v.code = :'c'"
    eq(count(n, c=own), 0, "no invitation to the owner's own address")
    eq(count(n, c=guest), 1, "a real guest is invited")


def test_review_check_off_goes_red():
    """Negative control: with the core's check off, only the database stops it."""
    owner = bearer("owner@stolik.test")
    code = walk_in(owner, "Control Fan", "owner@stolik.test", "03:00")
    env = {"HTTP_AUTHORIZATION": owner["Authorization"],
           "CONTENT_TYPE": "application/json", "REMOTE_ADDR": "127.0.0.1"}
    body = b'{"rating": 5, "body": "x"}'
    env["CONTENT_LENGTH"] = str(len(body))
    r = cgi("/api/v1/reservations/%s/review" % code, method="POST", env=env,
            stdin=body)
    eq(r.status, 403, r.body[:300])
    eq(json.loads(r.body)["errors"]["reservation"], "own_restaurant", "the core")
    r = cgi("/api/v1/reservations/%s/review" % code, method="POST", env=env,
            stdin=body, extra_conf="Test.ReviewCheckOff = 1")
    eq(r.status, 403, r.body[:300])
    eq(json.loads(r.body)["errors"]["reservation"], "not_allowed",
       "check off: the core lets it through and the database refuses it")
    eq(count("SELECT count(*) FROM reviews w JOIN reservations v ON "
             "v.id = w.reservation_id WHERE v.code = :'c'", c=code), 0, "no review")


# --- 5: API key scopes, for every route ---------------------------------------------

SCOPES = ["reservations:read", "reservations:write", "setup:read", "setup:write"]


def make_key(scopes):
    owner = bearer("owner@stolik.test")
    if scopes:
        r = api("POST", "/api/v1/me/api-keys", owner,
                {"name": "aud2-" + ",".join(scopes), "scopes": scopes})
        eq(r.status, 201, r.text)
        return r.json()["key"]
    # a key with no scope at all (the API asks for one): straight into the table
    key = "sk_aud2none_" + "N" * 43
    psql("INSERT INTO api_keys (owner_id, name, prefix, key_hash, scopes) "
         "VALUES (:'o', 'aud2-none', 'aud2none', decode(:'h', 'hex'), '{}')",
         o=ids["owner"], h=token_hash(key))
    return key


def scope_refused(r):
    """True if the router refused the key for its scope (RFC 6750 3.1)."""
    return r.status == 403 and "insufficient_scope" in r.header("www-authenticate", "")


def test_every_api_route_checks_the_key_scope():
    routes = [rt for rt in get("/__test/routes").json()["routes"]
              if rt["pattern"].startswith("/api/v1/")]
    check(len(routes) >= 30, "the router's API routes (%d)" % len(routes))
    for rt in routes:
        check("scope" in rt, "%s declares a scope" % rt["pattern"])
    values = {"id": "999999999", "code": "ZZZZZZZZZZ", "item": "999999999",
              "kind": "tables", "rid": "999999999", "slug": "no-such-place",
              "wid": "999999999", "delivery": "whd_" + "0" * 32,
              "entry": "999999999"}
    keys = {s: make_key([s]) for s in SCOPES}
    keys[""] = make_key([])
    tried = 0
    for scope, key in keys.items():
        h = {"Authorization": "Bearer " + key}
        for rt in routes:
            path = rt["pattern"]
            for name, v in values.items():
                path = path.replace(":" + name, v)
            for m in rt["methods"]:
                r = api(m, path, h, {} if m != "GET" else None)
                check(r.status < 500, "%s %s: %d" % (m, path, r.status))
                want = rt["scope"] == "public" or (scope != "" and
                                                   rt["scope"] == scope)
                if want:
                    check(not scope_refused(r), "%s %s with %r: refused %s"
                          % (m, path, scope, r.text[:200]))
                else:
                    check(scope_refused(r), "%s %s with %r: %d %s"
                          % (m, path, scope, r.status, r.text[:200]))
                    eq(r.header("content-type"), "application/problem+json",
                       "a problem")
                tried += 1
    print("# %d requests: each key passes only the routes of its scope" % tried)


def personal_booking():
    b = book(name="Owen Owner", email="owner@stolik.test",
             headers=bearer("owner@stolik.test"))
    psql("UPDATE reservations SET user_id = :'u' WHERE code = :'c'",
         u=ids["owner"], c=b["code"])
    return b["code"]


def test_setup_key_cannot_touch_a_personal_booking():
    code = personal_booking()
    h = {"Authorization": "Bearer " + make_key(["setup:read"])}
    eq(api("GET", "/api/v1/reservations/" + code, h).status, 403, "GET")
    eq(api("PATCH", "/api/v1/reservations/" + code, h, {"party": 3}).status, 403,
       "PATCH")
    eq(api("POST", "/api/v1/reservations/%s/cancel" % code, h, {}).status, 403,
       "cancel")
    eq(psql("SELECT status || '/' || party_size FROM reservations WHERE code = :'c'",
            c=code), "confirmed/2", "untouched")
    # the owner's own sign-in still reaches it
    eq(api("GET", "/api/v1/reservations/" + code,
           bearer("owner@stolik.test")).status, 200, "the owner's token")


def test_scope_check_off_goes_red():
    """Negative control: with the router's scope check off, a setup:read key reads
    its owner's personal booking."""
    code = personal_booking()
    env = {"HTTP_AUTHORIZATION": "Bearer " + make_key(["setup:read"]),
           "REMOTE_ADDR": "127.0.0.1"}
    r = cgi("/api/v1/reservations/" + code, env=env)
    eq(r.status, 403, r.body[:200])
    r = cgi("/api/v1/reservations/" + code, env=env, extra_conf="Test.ScopeCheckOff = 1")
    eq(r.status, 200, "check off: the key reaches the diner's booking")
    check(b"owner@stolik.test" in r.body, "and reads it")
