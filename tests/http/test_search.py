"""test_search.py: full-text search by name, cuisine and city, pages and API."""

import re
import time
import urllib.parse

from stolik_test import check, eq, get, psql, wait_until


def slugs(html):
    return re.findall(r'<h3><a href="/r/([a-z0-9-]+)">', html)


def db_slugs(where, **params):
    out = psql("SELECT slug FROM restaurants WHERE status = 'active' AND (%s) "
               "ORDER BY slug" % where, **params)
    return out.split("\n") if out else []


def test_by_name():
    r = get("/search?q=castagna")
    eq(r.status, 200, "status")
    found = slugs(r.text)
    check(found and found[0] == "trattoria-castagna", "first hit: %r" % found)
    found = slugs(get("/search?q=" + urllib.parse.quote("Smith & Sons")).text)
    eq(found[:1], ["smith-and-sons-grill"], "name with an ampersand")


def test_by_cuisine():
    want = db_slugs("cuisine = 'italian'")
    check(len(want) >= 2, "demo data has italian places")
    got = sorted(slugs(get("/search?q=italian").text))
    eq(got, want, "italian")
    # stemmed: "pizzas" finds pizza places
    want = db_slugs("cuisine = 'pizza'")
    got = sorted(slugs(get("/search?q=pizzas").text))
    check(set(want) <= set(got), "pizzas: %r vs %r" % (got, want))


def test_by_city():
    want = db_slugs("city = 'Lviv'")
    got = sorted(slugs(get("/search?q=lviv").text))
    eq(got, want, "lviv")
    got = sorted(slugs(get("/search?city=Warsaw").text))
    eq(got, db_slugs("city = 'Warsaw'"), "city filter")


def test_filters_combine():
    got = sorted(slugs(get("/search?city=kyiv&cuisine=Italian").text))
    eq(got, db_slugs("city = 'Kyiv' AND cuisine = 'italian'"), "city + cuisine")
    r = get("/search?q=zzqqxx")
    eq(r.status, 200, "no match status")
    check("No restaurant matches" in r.text, "empty state")


def test_pages_of_20():
    total = int(psql("SELECT count(*) FROM restaurants WHERE status = 'active'"))
    check(total > 20, "enough demo restaurants to page")
    a = slugs(get("/search").text)
    b = slugs(get("/search?page=2").text)
    eq(len(a), 20, "first page")
    eq(len(b), total - 20, "second page")
    check(not set(a) & set(b), "pages overlap")
    t = get("/search").text
    check('rel="next"' in t and "page=2" in t, "next link")
    check('rel="prev"' in get("/search?page=2").text, "prev link")


def test_api_search():
    r = get("/api/v1/restaurants?q=italian")
    eq(r.status, 200, "status")
    o = r.json()
    eq(sorted(i["slug"] for i in o["items"]), db_slugs("cuisine = 'italian'"), "items")
    eq(o["total"], len(o["items"]), "total")
    eq(o["page"], 1, "page")
    eq(o["page_size"], 20, "page size")
    i = o["items"][0]
    check(set(i) >= {"slug", "name", "cuisine", "city", "address", "rating", "url"},
          "item fields")
    o = get("/api/v1/restaurants?page_size=5&page=2").json()
    eq(len(o["items"]), 5, "page_size")
    o = get("/api/v1/restaurants?city=New%20York").json()
    eq(sorted(i["slug"] for i in o["items"]), db_slugs("city = 'New York'"), "city")


def test_drafts_hidden():
    check("piekarnia-swit" not in get("/search?q=piekarnia").text, "draft in search")
    items = get("/api/v1/restaurants?q=piekarnia").json()["items"]
    check(all(i["slug"] != "piekarnia-swit" for i in items), "draft in API")


def test_injection_is_just_text():
    r = get("/search?q=" + urllib.parse.quote("'; DROP TABLE restaurants; --"))
    eq(r.status, 200, "status")
    check(int(psql("SELECT count(*) FROM restaurants")) > 20, "table intact")
    r = get("/search?q=" + urllib.parse.quote('"unclosed ( & | :* !'))
    eq(r.status, 200, "tsquery syntax characters")


def test_changes_show_at_once():
    """Workers keep recent searches; a change to a restaurant ends them."""
    def hits():
        return "trattoria-castagna" in slugs(get("/search?q=zanzibar").text)

    def everywhere():
        # enough requests to meet every worker
        return all(hits() for _ in range(12))

    old = psql("SELECT description FROM restaurants WHERE slug = 'trattoria-castagna'")
    try:
        check(not any(hits() for _ in range(12)), "no match before")
        # control: a change that tells nobody (triggers off, so no NOTIFY)
        # goes unseen by the workers that keep the answer, so what follows is
        # the notification's doing
        psql("SET session_replication_role = replica; "
             "UPDATE restaurants SET description = description || ' zanzibar' "
             "WHERE slug = 'trattoria-castagna'")
        check(not all(hits() for _ in range(12)), "control: a kept answer served")
        psql("UPDATE restaurants SET updated_at = now() WHERE slug = 'trattoria-castagna'")
        check(wait_until(everywhere, 3), "the change is found on every worker")
        eq(get("/api/v1/restaurants?q=zanzibar").json()["items"][0]["slug"],
           "trattoria-castagna", "API")
    finally:
        psql("UPDATE restaurants SET description = :'d' WHERE slug = 'trattoria-castagna'",
             d=old)
    check(wait_until(lambda: not any(hits() for _ in range(12)), 3), "gone again")


def test_restaurant_page_changes_show_at_once():
    """Workers keep a restaurant's page data; any change to it ends them."""
    slug = "trattoria-castagna"

    def page():
        return get("/r/" + slug).text

    def everywhere(text):
        # enough requests to meet every worker
        return lambda: all(text in page() for _ in range(12))

    # the kept data also ends when the minute turns: start early in one
    while int(psql("SELECT extract(second FROM clock_timestamp())::int")) > 45:
        time.sleep(1)
    old = psql("SELECT description FROM restaurants WHERE slug = :'s'", s=slug)
    review = psql("SELECT w.id FROM reviews w JOIN restaurants r ON r.id = w.restaurant_id "
                  "WHERE r.slug = :'s' AND w.owner_reply IS NULL ORDER BY w.id LIMIT 1",
                  s=slug)
    check(review != "", "demo data has a review without a reply")
    try:
        check(all("Quokka" not in page() for _ in range(12)), "warm, and not there before")
        # control: a change that tells nobody (triggers off, so no NOTIFY)
        # goes unseen by the workers that keep the page, so what follows is
        # the notification's doing
        psql("SET session_replication_role = replica; "
             "UPDATE restaurants SET description = description || ' Quokka' "
             "WHERE slug = :'s'", s=slug)
        check(not everywhere("Quokka")(), "control: a kept page served")
        psql("UPDATE restaurants SET updated_at = now() WHERE slug = :'s'", s=slug)
        check(wait_until(everywhere("Quokka"), 3), "the profile change on every worker")
        eq(get("/api/v1/restaurants/" + slug).json()["description"], old + " Quokka", "API")

        # an owner's reply changes no restaurant row: the review tells
        psql("UPDATE reviews SET owner_reply = 'Grazie, Wombat!' WHERE id = :'i'", i=review)
        check(wait_until(everywhere("Grazie, Wombat!"), 3), "the reply on every worker")
        # a photo likewise
        psql("INSERT INTO restaurant_photos (restaurant_id, file, content_type, bytes, caption) "
             "SELECT id, 'numbat0000000000.png', 'image/png', 10, 'Numbat terrace' "
             "FROM restaurants WHERE slug = :'s'", s=slug)
        check(wait_until(everywhere("Numbat terrace"), 3), "the photo on every worker")
    finally:
        psql("DELETE FROM restaurant_photos WHERE file = 'numbat0000000000.png'")
        psql("UPDATE reviews SET owner_reply = NULL WHERE id = :'i'", i=review)
        psql("UPDATE restaurants SET description = :'d' WHERE slug = :'s'", d=old, s=slug)
    check(wait_until(lambda: all("Quokka" not in page() and "Wombat" not in page()
                                 and "Numbat" not in page() for _ in range(12)), 3),
          "gone again")
