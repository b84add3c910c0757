"""test_nearby.py: near-me search by coordinates and radius (pages and API),
the owner's coordinates, and the restaurants' photos on cards and pages."""

import html as htmllib
import json
import re
import urllib.parse

from stolik_test import check, eq, get, post_json, psql, request, Browser, csrf_of

DEMO = "stolik-demo"
# Khreshchatyk, Kyiv: several demo restaurants within 2 km, Lviv 470 km away
KYIV = (50.4501, 30.5234)


def slugs(html):
    return re.findall(r'<h3><a href="/r/([a-z0-9-]+)">', html)


def near_db(lat, lng, km):
    """Active restaurants within km of the point, nearest first, with metres."""
    out = psql("SELECT slug || ' ' || round(earth_distance(ll_to_earth(lat, lon),"
               " ll_to_earth(:'la'::float8, :'lo'::float8)))"
               " FROM restaurants WHERE status = 'active' AND lat IS NOT NULL"
               " AND earth_distance(ll_to_earth(lat, lon),"
               "  ll_to_earth(:'la'::float8, :'lo'::float8)) <= :'m'::float8"
               " ORDER BY earth_distance(ll_to_earth(lat, lon),"
               "  ll_to_earth(:'la'::float8, :'lo'::float8)), name, id",
               la=str(lat), lo=str(lng), m=str(km * 1000))
    return [(s.split()[0], int(s.split()[1])) for s in out.split("\n")] if out else []


def q(**kw):
    return urllib.parse.urlencode(kw)


def test_radius_filters_and_orders():
    want = near_db(KYIV[0], KYIV[1], 1.3)
    check(3 <= len(want) < 8, "demo data: a few Kyiv places within 1.3 km: %r" % want)
    r = get("/search?" + q(lat=KYIV[0], lng=KYIV[1], radius_km=1.3))
    eq(r.status, 200, "status")
    eq(slugs(r.text), [s for s, _ in want], "within 1.3 km, nearest first")
    # a wider circle takes in all of Kyiv and nothing from Lviv
    wide = [s for s, _ in near_db(KYIV[0], KYIV[1], 20)]
    eq(slugs(get("/search?" + q(lat=KYIV[0], lng=KYIV[1], radius_km=20)).text), wide,
       "within 20 km")
    kyiv = psql("SELECT string_agg(slug, ' ' ORDER BY slug) FROM restaurants"
                " WHERE status = 'active' AND city = 'Kyiv'").split()
    eq(sorted(wide), kyiv, "20 km around Khreshchatyk is Kyiv")
    # the default radius is 5 km; filters still apply
    five = near_db(KYIV[0], KYIV[1], 5)
    eq(slugs(get("/search?" + q(lat=KYIV[0], lng=KYIV[1])).text), [s for s, _ in five],
       "default radius")
    italian = psql("SELECT slug FROM restaurants WHERE status = 'active'"
                   " AND city = 'Kyiv' AND cuisine = 'italian'").split()
    eq(slugs(get("/search?" + q(lat=KYIV[0], lng=KYIV[1], radius_km=20,
                                cuisine="italian")).text), italian, "with a cuisine")
    # the middle of the Atlantic: nothing, and the page says so
    r = get("/search?" + q(lat=40, lng=-40, radius_km=50))
    eq((r.status, slugs(r.text)), (200, []), "nothing near")
    check("No restaurant matches" in r.text, "empty state")


def test_distance_on_cards():
    want = near_db(KYIV[0], KYIV[1], 3)
    page = get("/search?" + q(lat=KYIV[0], lng=KYIV[1], radius_km=3)).text
    shown = re.findall(r'<span class="distance">([^<]+)</span>', page)
    eq(len(shown), len(want), "a distance on every card")
    for (slug, m), text in zip(want, shown):
        expect = "%d m away" % m if m < 1000 else "%.1f km away" % (m / 1000)
        eq(text, expect, slug)
    check("within 3 km, nearest first" in page, "the count says how")
    # paging keeps the point
    check('name="lat" value="50.45010"' in page, "the form keeps lat")
    # no coordinates: no distances
    check('class="distance"' not in get("/search?city=Kyiv").text, "plain search")


def test_invalid_coordinates():
    for params, field in ((dict(lat=91, lng=30), "lat"),
                          (dict(lat=-90.5, lng=30), "lat"),
                          (dict(lat=50, lng=180.01), "lng"),
                          (dict(lat="abc", lng=30), "lat"),
                          (dict(lat="nan", lng=30), "lat"),
                          (dict(lat=50, lng="1e999"), "lng"),
                          (dict(lat=50), "lng"),
                          (dict(lng=30), "lat"),
                          (dict(radius_km=3), "lat"),
                          (dict(lat=50, lng=30, radius_km=0), "radius_km"),
                          (dict(lat=50, lng=30, radius_km=51), "radius_km"),
                          (dict(lat=50, lng=30, radius_km="far"), "radius_km")):
        r = get("/search?" + q(**params))
        eq(r.status, 400, "page %r" % params)
        check('class="field-error" role="alert">Near me:' in r.text,
              "a message on the page for %r" % params)
        r = get("/api/v1/restaurants?" + q(**params))
        eq(r.status, 400, "API %r" % params)
        eq(r.header("content-type"), "application/problem+json", "problem")
        check(field in r.json().get("errors", {}), "%r names %s: %s" % (params, field, r.text))
    r = get("/api/v1/restaurants?" + q(lat=91, lng=30))
    check("-90 to 90" in r.json()["errors"]["lat"], "says the range: %s" % r.text)
    r = get("/search?" + q(lat=50))
    check("both latitude and longitude" in r.text, "says both")


def test_api_shape():
    want = near_db(KYIV[0], KYIV[1], 3)
    r = get("/api/v1/restaurants?" + q(lat=KYIV[0], lng=KYIV[1], radius_km=3))
    eq(r.status, 200, r.text)
    j = r.json()
    eq(j["total"], len(want), "total")
    eq([(i["slug"], i["distance_m"]) for i in j["items"]], want, "slugs and metres")
    for i in j["items"]:
        check(set(i) >= {"slug", "name", "distance_m", "photo", "url", "rating"},
              "fields: %r" % sorted(i))
    # lon is the API's other name for lng (the profile's location says lon)
    eq(get("/api/v1/restaurants?" + q(lat=KYIV[0], lon=KYIV[1], radius_km=3)).json()["total"],
       len(want), "lon")
    # paged: the second page goes on where the first stopped
    a = get("/api/v1/restaurants?" + q(lat=KYIV[0], lng=KYIV[1], radius_km=20,
                                        page_size=3)).json()["items"]
    b = get("/api/v1/restaurants?" + q(lat=KYIV[0], lng=KYIV[1], radius_km=20,
                                        page_size=3, page=2)).json()["items"]
    eq([i["slug"] for i in a + b], [s for s, _ in near_db(KYIV[0], KYIV[1], 20)][:6],
       "pages")
    # without coordinates there is no distance
    check("distance_m" not in get("/api/v1/restaurants?city=Kyiv").json()["items"][0],
          "no distance without a point")


def test_index_serves_the_query():
    plan = psql("SET enable_seqscan = off; EXPLAIN SELECT id FROM restaurants r"
                " WHERE r.status = 'active' AND r.lat IS NOT NULL"
                " AND earth_box(ll_to_earth(50.45, 30.52), 2000) @> ll_to_earth(r.lat, r.lon)")
    check("restaurants_earth" in plan, "GiST index used: %s" % plan)


def bearer(email):
    r = post_json("/api/v1/auth/token", {"grant_type": "password", "email": email,
                                         "password": DEMO})
    eq(r.status, 200, r.text)
    return {"Authorization": "Bearer " + r.json()["access_token"],
            "Content-Type": "application/json"}


def test_setup_validates_coordinates():
    h = bearer("owner2@stolik.test")
    r = request("POST", "/api/v1/owner/restaurants", json.dumps(
        {"name": "Geo Test", "slug": "geo-test-bistro", "timezone": "Europe/Warsaw"}), h)
    eq(r.status, 201, r.text)
    rid = r.json()["id"]
    path = "/api/v1/owner/restaurants/%d" % rid
    # the set-up API names each error by its code (Lang.Error.<code>)
    for body, field, code in (({"lat": 91, "lon": 20}, "lat", "invalid_lat"),
                              ({"lat": 52, "lon": -180.5}, "lon", "invalid_lng"),
                              ({"lat": 52}, "lon", "geo_both"),
                              ({"lon": 21}, "lat", "geo_both"),
                              ({"lat": "north", "lon": 21}, "lat", "invalid_lat")):
        r = request("PATCH", path, json.dumps(body), h)
        eq(r.status, 422, "%r" % body)
        eq(r.json()["errors"], {field: code}, "%r" % body)
    r = request("PATCH", path, json.dumps({"lat": 52.2297, "lon": 21.0122}), h)
    eq(r.status, 200, r.text)
    eq((r.json()["lat"], r.json()["lon"]), (52.2297, 21.0122), "kept")
    # the set-up page says the same, and keeps nothing of a bad post
    b = Browser()
    page = b.get("/login")
    eq(b.post("/login", {"csrf": csrf_of(page.text), "email": "owner2@stolik.test",
                         "password": DEMO}).status, 303, "login")
    page = b.get("/owner/r/%d/setup" % rid)
    fields = {"csrf": csrf_of(page.text), "name": "Geo Test", "timezone": "Europe/Warsaw",
              "lat": "52.2", "lon": ""}
    r = b.post("/owner/r/%d/profile" % rid, fields)
    eq(r.status, 422, "lat alone")
    check("Give both latitude and longitude, or neither." in htmllib.unescape(r.text),
          "message on the page")
    eq(psql("SELECT lat || ',' || lon FROM restaurants WHERE id = %d" % rid),
       "52.2297,21.0122", "unchanged")


# --- photos ---------------------------------------------------------------------

def test_cards_show_photos():
    page = get("/search?city=Kyiv").text
    imgs = re.findall(r'<img class="card-photo"[^>]*>', page)
    check(len(imgs) >= 5, "photos on Kyiv's cards: %d" % len(imgs))
    for tag in imgs:
        for attr in ("srcset=", "sizes=", 'width="1280"', 'height="960"', "alt="):
            check(attr in tag, "%s in %s" % (attr, tag))
        check(re.search(r'alt="[^"]{10,}"', tag), "a meaningful alt: %s" % tag)
    check("loading=\"lazy\"" not in imgs[0] and "loading=\"lazy\"" in imgs[-1],
          "the first load at once, the rest lazily")
    # a restaurant without a photo: the drawn placeholder, no broken image
    none = psql("SELECT r.city FROM restaurants r WHERE r.status = 'active' AND NOT EXISTS"
                " (SELECT 1 FROM restaurant_photos p WHERE p.restaurant_id = r.id) LIMIT 1")
    check(none, "demo data has a restaurant without photos")
    check('class="card-photo card-photo-none"' in get("/search?" + q(city=none)).text,
          "placeholder")
    # the home page's cards too
    check('<img class="card-photo"' in get("/").text, "home cards")


def test_photo_files_and_page():
    page = get("/search?city=Kyiv").text
    tag = re.findall(r'<img class="card-photo"[^>]*>', page)[0]
    srcset = re.search(r'srcset="([^"]+)"', tag).group(1)
    urls = [u.strip().split()[0] for u in srcset.split(",")]
    eq([u.strip().split()[1] for u in srcset.split(",")], ["320w", "640w", "1280w"], "sizes")
    for u in urls:
        r = get(u)
        eq((r.status, r.header("content-type")), (200, "image/webp"), u)
        check("immutable" in r.header("cache-control", ""), "cache: %s" % r.header("cache-control"))
        check(r.body[:4] == b"RIFF" and r.body[8:12] == b"WEBP", "a WebP")
    check(len(get(urls[0]).body) < len(get(urls[2]).body), "320 is smaller than 1280")
    slug = psql("SELECT r.slug FROM restaurants r JOIN restaurant_photos p"
                " ON p.restaurant_id = r.id WHERE r.status = 'active' LIMIT 1")
    page = get("/r/" + slug).text
    hero = re.search(r'<img class="photo-hero"[^>]*>', page)
    check(hero, "the restaurant page's photo")
    for attr in ("srcset=", "sizes=", 'width="1280"', 'height="960"', "alt="):
        check(attr in hero.group(0), "%s in %s" % (attr, hero.group(0)))
    check("lazy" not in hero.group(0), "the large photo loads at once")
    j = get("/api/v1/restaurants?city=Kyiv").json()["items"]
    p = [i["photo"] for i in j if i["photo"]][0]
    eq((p["width"], p["height"]), (1280, 960), "API photo size")
    check(p["url"].endswith(".webp") and len(p["alt"]) > 10, "API photo: %r" % p)
