/* route_restaurant.c: search and the restaurant page, as HTML and as /api/v1 JSON. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static NEOERR	*search_page(struct req *, struct resp *);
static NEOERR	*restaurant_page(struct req *, struct resp *);
static NEOERR	*search_api(struct req *, struct resp *);
static NEOERR	*restaurant_api(struct req *, struct resp *);

const struct route restaurant_routes[] = {
	{ HTTP_GET, "/search", ROUTE_STALE, search_page, SCOPE_NONE },
	{ HTTP_GET, "/r/:slug", ROUTE_STALE, restaurant_page, SCOPE_NONE },
	{ HTTP_GET, "/api/v1/restaurants", ROUTE_JSON | ROUTE_STALE, search_api,
	    SCOPE_PUBLIC },
	{ HTTP_GET, "/api/v1/restaurants/:slug", ROUTE_JSON, restaurant_api,
	    SCOPE_PUBLIC },
	{ 0, NULL, 0, NULL, NULL }
};

#define SEARCH_Q_MAX		100	/* characters */

/*
 * The search's reads may be a little behind (its per-process cache keeps
 * results a while anyway): the replica when the router chose it, the
 * primary again if the replica fails.
 */
static NEOERR *
facets(struct req *r, const struct facets **f)
{
	NEOERR	*err;

	err = db_facets_cached(req_rdb(r), setup_cache_changes(r->app->setups), f);
	if (readdb_failed(r, &err))
		err = db_facets_cached(req_rdb(r),
		    setup_cache_changes(r->app->setups), f);
	return nerr_pass(err);
}

static NEOERR *
search(struct req *r, const struct search_query *q,
    const struct restaurant_list **l)
{
	NEOERR	*err;

	err = db_restaurant_search_cached(req_rdb(r),
	    setup_cache_changes(r->app->setups), q, l);
	if (readdb_failed(r, &err))
		err = db_restaurant_search_cached(req_rdb(r),
		    setup_cache_changes(r->app->setups), q, l);
	return nerr_pass(err);
}
#define SEARCH_FILTER_MAX	80
#define SEARCH_PAGE_MAX		500
#define PAGE_SIZE_HTML		20
#define PAGE_SIZE_MAX		100
#define RADIUS_KM_DEFAULT	5
#define RADIUS_KM_MAX		50

/* A rejected parameter: the field and an error code (Lang.Error.<code>). */
struct field_error {
	const char	*field;
	const char	*code;
};

/* ------------------------------------------------------------------ */
/* shared by pages and API                                              */
/* ------------------------------------------------------------------ */

/* A text parameter of at most max characters; "" if absent. */
static const char *
text_param(struct req *r, const char *name, size_t max,
    struct field_error *e, int *ne)
{
	const char	*v = req_field(r, name);

	if (v == NULL)
		return "";
	if (utf8_len(v) > max) {
		e[*ne].field = name;
		e[(*ne)++].code = "too_long";
		return "";
	}
	return v;
}

/* An integer parameter in [min, max]; def if absent or empty. */
static int
int_param(struct req *r, const char *name, int def, int min, int max,
    struct field_error *e, int *ne)
{
	const char	*v = req_field(r, name);
	long long	 n;

	if (v == NULL || *v == '\0')
		return def;
	if (!parse_int(v, min, max, &n)) {
		e[*ne].field = name;
		e[(*ne)++].code = "out_of_range";
		return def;
	}
	return (int)n;
}

/*
 * A decimal parameter in [min, max] into *out: 1 if given and good, 0 if
 * absent or empty, -1 (and code in e) if not a number in range.
 */
static int
real_param(struct req *r, const char *name, double min, double max,
    const char *code, double *out, struct field_error *e, int *ne)
{
	const char	*v = req_field(r, name);
	char		*end;

	if (v == NULL || *v == '\0')
		return 0;
	*out = strtod(v, &end);
	if (end == v || *end != '\0' || strlen(v) > 32 ||
	    !(*out >= min && *out <= max)) {
		e[*ne].field = name;
		e[(*ne)++].code = code;
		return -1;
	}
	return 1;
}

/*
 * Near me: lat, lng (or lon) and radius_km (default RADIUS_KM_DEFAULT)
 * into q; both coordinates or neither, and a radius only with them. Adds
 * at most two errors to e.
 */
static void
near_parse(struct req *r, struct search_query *q, struct field_error *e,
    int *ne)
{
	const char	*lng = req_field(r, "lng") != NULL ? "lng" : "lon";
	double		 km = RADIUS_KM_DEFAULT;
	int		 la, lo, ra;

	q->near = false;
	la = real_param(r, "lat", -90, 90, "invalid_lat", &q->lat, e, ne);
	lo = real_param(r, lng, -180, 180, "invalid_lng", &q->lon, e, ne);
	if (la >= 0 && lo >= 0 && la != lo) {
		e[*ne].field = la ? "lng" : "lat";
		e[(*ne)++].code = "geo_both";
		return;
	}
	ra = real_param(r, "radius_km", 0.1, RADIUS_KM_MAX, "invalid_radius",
	    &km, e, ne);
	if (ra > 0 && la == 0) {
		e[*ne].field = "lat";
		e[(*ne)++].code = "geo_both";
		return;
	}
	if (la > 0 && lo > 0 && ra >= 0) {
		q->near = true;
		q->radius_m = km * 1000;
	}
}

/*
 * The search parameters of a page or API call into *q; the number of
 * rejected ones, described in e (room for 7).
 */
static int
search_parse(struct req *r, struct search_query *q, int page_size,
    struct field_error *e)
{
	int	 ne = 0;

	q->q = text_param(r, "q", SEARCH_Q_MAX, e, &ne);
	q->city = text_param(r, "city", SEARCH_FILTER_MAX, e, &ne);
	q->cuisine = text_param(r, "cuisine", SEARCH_FILTER_MAX, e, &ne);
	q->page = int_param(r, "page", 1, 1, SEARCH_PAGE_MAX, e, &ne);
	q->page_size = page_size > 0 ? page_size :
	    int_param(r, "page_size", PAGE_SIZE_HTML, 1, PAGE_SIZE_MAX, e, &ne);
	near_parse(r, q, e, &ne);
	return ne;
}

/* ------------------------------------------------------------------ */
/* HTML                                                                 */
/* ------------------------------------------------------------------ */

#define NEAR_TIMES	5

/*
 * With date, time and party asked for, up to NEAR_TIMES free times near
 * that time for every hit: one range scan for the whole page. *times
 * (free() it) holds NEAR_TIMES slots per hit, *counts how many each.
 */
static NEOERR *
search_times(struct req *r, const struct restaurant_list *l,
    const struct when *wh, struct slot **times, size_t **counts)
{
	const struct setup	**s;
	struct book_env		 env;
	int64_t			*ids;
	size_t			 i;
	NEOERR			*err;

	*times = NULL;
	*counts = NULL;
	s = calloc(l->n + 1, sizeof *s);
	ids = calloc(l->n + 1, sizeof *ids);
	*times = calloc(l->n * NEAR_TIMES + 1, sizeof **times);
	*counts = calloc(l->n + 1, sizeof **counts);
	if (s == NULL || ids == NULL || *times == NULL || *counts == NULL) {
		err = nerr_raise(NERR_NOMEM, "search times");
		goto out;
	}
	for (i = 0; i < l->n; i++)
		ids[i] = l->v[i].id;
	if ((err = setup_get_many(r->app->setups, r->app->db, ids, l->n, s)) !=
	    STATUS_OK)
		goto out;
	book_env_init(r, &env);
	err = offer_times_many(&env, s, l->n, wh->day, wh->minute, wh->party,
	    NEAR_TIMES, *times, *counts);
out:
	free(ids);
	free(s);
	return nerr_pass(err);
}

/*
 * Read the optional date, time and party of a search; *asked if both a
 * date and a time are given and usable. *note names what the page says
 * instead of times: "need_time", "need_date" or "past" (else "").
 */
static void
search_when(struct req *r, struct when *wh, bool *asked, const char **note,
    struct field_error *e, int *ne)
{
	const char	*d = req_field(r, "date"), *t = req_field(r, "time");
	bool		 hd = d != NULL && *d != '\0', ht = t != NULL && *t != '\0';
	int		 today;

	*note = "";
	*asked = hd && ht;
	when_parse(r, "date", *asked ? "time" : NULL, "party", 0, wh);
	if (wh->bad == NULL && ht && !hd && !hm_parse(t, &today)) {
		wh->bad = "time";
		wh->why = "invalid_time";
	}
	if (wh->bad != NULL) {
		e[*ne].field = wh->bad;
		e[(*ne)++].code = wh->why;
		*asked = false;
		return;
	}
	if (hd != ht)
		*note = hd ? "need_time" : "need_date";
	/* the day before yesterday (UTC) is past in every time zone */
	today = (int)((req_now(r) - 946684800.0) / 86400.0);
	if (hd && wh->day < today - 1) {
		*note = "past";
		*asked = false;
	}
}

/*
 * GET /search?q=&city=&cuisine=&page=[&date=&time=&party=]
 * [&lat=&lng=&radius_km=]: ranked results, 20 a page, with free times near
 * the time asked for; with coordinates, those within the radius, nearest
 * first, with their distance.
 * 200; 400 with the form and a message per bad field.
 */
static NEOERR *
search_page(struct req *r, struct resp *w)
{
	struct search_query	 q;
	struct field_error	 e[10];
	const struct restaurant_list *l = NULL;
	const struct facets	*f = NULL;
	struct slot		*times = NULL;
	struct when		 wh;
	size_t			*counts = NULL, j;
	char			 key[48];
	NEOERR			*err;
	int			 ne, i;
	long long		 pages;
	bool			 asked;
	const char		*note;

	ne = search_parse(r, &q, PAGE_SIZE_HTML, e);
	search_when(r, &wh, &asked, &note, e, &ne);
	for (i = 0; i < ne; i++)
		if ((err = hdf_set_valuef(r->hdf, "Form.Errors.%s=%s", e[i].field,
		    e[i].code)) != STATUS_OK)
			return nerr_pass(err);
	/* the form shows what was typed, valid or not */
	if ((err = hdf_set_value(r->hdf, "Page.Query.q",
	    req_field(r, "q") != NULL ? req_field(r, "q") : "")) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Query.city",
	    req_field(r, "city") != NULL ? req_field(r, "city") : "")) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Query.cuisine",
	    req_field(r, "cuisine") != NULL ? req_field(r, "cuisine") : "")) != STATUS_OK)
		return nerr_pass(err);
	if (q.near && ((err = hdf_set_valuef(r->hdf, "Page.Query.lat=%.5f",
	    q.lat)) != STATUS_OK || (err = hdf_set_valuef(r->hdf,
	    "Page.Query.lng=%.5f", q.lon)) != STATUS_OK ||
	    (err = hdf_set_valuef(r->hdf, "Page.Query.radius_km=%g",
	    q.radius_m / 1000)) != STATUS_OK))
		return nerr_pass(err);
	if ((err = facets(r, &f)) != STATUS_OK)
		goto out;
	if ((err = hdf_put_facets(r->hdf, f)) != STATUS_OK)
		goto out;
	if (ne == 0) {
		if ((err = search(r, &q, &l)) != STATUS_OK)
			goto out;
		pages = (l->total + PAGE_SIZE_HTML - 1) / PAGE_SIZE_HTML;
		if ((err = hdf_put_results(r->hdf, "Page.Results", l)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "Page.Total=%lld",
		    l->total)) != STATUS_OK ||
		    (err = hdf_set_int_value(r->hdf, "Page.Page",
		    q.page)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "Page.Pages=%lld",
		    pages)) != STATUS_OK)
			goto out;
		if (q.page > 1 && (err = hdf_set_int_value(r->hdf,
		    "Page.PrevPage", q.page - 1)) != STATUS_OK)
			goto out;
		if (q.page < pages && (err = hdf_set_int_value(r->hdf,
		    "Page.NextPage", q.page + 1)) != STATUS_OK)
			goto out;
		if (asked && l->n > 0) {
			if ((err = search_times(r, l, &wh, &times, &counts)) !=
			    STATUS_OK || (err = session_csrf(r, w)) != STATUS_OK ||
			    (err = hdf_set_value(r->hdf, "Page.Asked", "1")) != STATUS_OK)
				goto out;
			for (j = 0; j < l->n && err == STATUS_OK; j++) {
				snprintf(key, sizeof key, "Page.Results.%zu.Times", j);
				err = hdf_put_times(r->hdf, key, times + j * NEAR_TIMES,
				    counts[j]);
			}
			if (err != STATUS_OK)
				goto out;
		}
	}
	if ((err = hdf_set_value(r->hdf, "Page.Query.date",
	    req_field(r, "date") != NULL ? req_field(r, "date") : "")) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Query.time",
	    req_field(r, "time") != NULL ? req_field(r, "time") : "")) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Query.party", wh.party)) !=
	    STATUS_OK || (err = hdf_set_value(r->hdf, "Page.WhenNote", note)) !=
	    STATUS_OK)
		goto out;
	err = render_page(r, w, "diner/search.cs");
	if (err == STATUS_OK && ne > 0)
		w->status = 400;
out:
	free(times);
	free(counts);
	return nerr_pass(err);
}

/*
 * GET /r/{slug}: the restaurant's profile and hours in its local time.
 * 200; 404 for an unknown, malformed or non-public slug.
 */
static NEOERR *
restaurant_page(struct req *r, struct resp *w)
{
	if (!slug_valid(req_param(r, 0)))
		return nerr_pass(resp_error(r, w, 404));
	return nerr_pass(restaurant_render(r, w, req_param(r, 0), 200));
}

/* ------------------------------------------------------------------ */
/* JSON                                                                 */
/* ------------------------------------------------------------------ */

/* The API's absolute URL of a restaurant page. */
static json_t *
restaurant_url(struct req *r, const char *slug)
{
	char	 buf[512];

	snprintf(buf, sizeof buf, "%s/r/%s", r->app->base_url, slug);
	return json_string(buf);
}

static json_t *
rating_json(double avg, int count)
{
	return json_pack("{s:o,s:i}", "average", count > 0 ?
	    json_real((double)(long)(avg * 100 + 0.5) / 100) : json_null(),
	    "count", count);
}

/* A hit's first photo: {url, width, height, alt}, or null. */
static json_t *
photo_json(struct req *r, const struct restaurant_brief *b)
{
	char	 buf[512];

	if (*b->photo == '\0')
		return json_null();
	snprintf(buf, sizeof buf, "%s/media/%s", r->app->base_url, b->photo);
	return json_pack("{s:s,s:o,s:o,s:s}", "url", buf,
	    "width", b->photo_width > 0 ? json_integer(b->photo_width) :
	    json_null(), "height", b->photo_height > 0 ?
	    json_integer(b->photo_height) : json_null(),
	    "alt", *b->photo_caption != '\0' ? b->photo_caption : b->name);
}

/* A problem+json 400 listing each rejected parameter. */
static NEOERR *
field_problem(struct req *r, struct resp *w, const struct field_error *e, int ne)
{
	json_t	*errs;
	char	 key[64];
	int	 i;

	if ((errs = json_object()) == NULL)
		return nerr_raise(NERR_NOMEM, "errors");
	for (i = 0; i < ne; i++) {
		snprintf(key, sizeof key, "Error.%s", e[i].code);
		json_object_set_new(errs, e[i].field,
		    json_string(render_text(r, key)));
	}
	return nerr_pass(json_problem(r, w, 400, NULL, errs));
}

/*
 * GET /api/v1/restaurants?q=&city=&cuisine=&page=&page_size=
 * [&lat=&lng=&radius_km=]: the search; with coordinates only restaurants
 * within the radius (5 km by default, at most 50), nearest first, each with
 * distance_m. 200 {items, page, page_size, total}; 400 problem+json per bad
 * field.
 */
static NEOERR *
search_api(struct req *r, struct resp *w)
{
	struct search_query	 q;
	struct field_error	 e[10];
	const struct restaurant_list *l = NULL;
	const struct restaurant_brief *b;
	struct slot		*times = NULL, *t;
	struct when		 wh;
	size_t			*counts = NULL, k;
	json_t			*items, *out, *item, *tj;
	char			 hm[6], iso[32];
	NEOERR			*err;
	size_t			 i;
	int			 ne;
	bool			 asked;
	const char		*note;

	ne = search_parse(r, &q, 0, e);
	search_when(r, &wh, &asked, &note, e, &ne);
	if (ne > 0)
		return nerr_pass(field_problem(r, w, e, ne));
	if ((err = search(r, &q, &l)) != STATUS_OK)
		return nerr_pass(err);
	if (asked && l->n > 0 &&
	    (err = search_times(r, l, &wh, &times, &counts)) != STATUS_OK)
		return nerr_pass(err);
	items = json_array();
	for (i = 0; i < l->n; i++) {
		b = &l->v[i];
		item = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o}",
		    "slug", b->slug, "name", b->name, "cuisine", b->cuisine,
		    "city", b->city, "address", b->address,
		    "rating", rating_json(b->rating_avg, b->rating_count),
		    "photo", photo_json(r, b), "url", restaurant_url(r, b->slug));
		if (q.near && item != NULL)
			json_object_set_new(item, "distance_m",
			    json_integer((json_int_t)(b->distance_m + 0.5)));
		if (asked && item != NULL) {
			tj = json_array();
			for (k = 0; k < counts[i]; k++) {
				t = &times[i * NEAR_TIMES + k];
				hm_format(t->minute, hm);
				iso_utc(t->start, iso);
				json_array_append_new(tj, json_pack("{s:s,s:s}",
				    "time", hm, "start", iso));
			}
			json_object_set_new(item, "times", tj);
		}
		json_array_append_new(items, item);
	}
	free(times);
	free(counts);
	out = json_pack("{s:o,s:i,s:i,s:I}", "items", items, "page", q.page,
	    "page_size", q.page_size, "total", (json_int_t)l->total);
	return nerr_pass(json_send(w, 200, out));
}

static json_t *
restaurant_json(struct req *r, const struct restaurant *kept)
{
	/* the wall clock as of this request */
	struct restaurant	 now = restaurant_at(kept, (int64_t)req_now(r));
	const struct restaurant	*rs = &now;
	json_t		*hours, *closures, *loc;
	char		 a[6], b[6], off[8];
	size_t		 i;

	hours = json_array();
	for (i = 0; i < rs->nhours; i++) {
		hm_format(rs->hours[i].opens, a);
		hm_format(rs->hours[i].closes, b);
		json_array_append_new(hours, json_pack("{s:i,s:s,s:s,s:s,s:b}",
		    "weekday", rs->hours[i].weekday, "opens", a, "closes", b,
		    "name", rs->hours[i].name,
		    "overnight", rs->hours[i].closes <= rs->hours[i].opens));
	}
	closures = json_array();
	for (i = 0; i < rs->nclosures; i++)
		json_array_append_new(closures, json_pack("{s:s,s:s,s:s}",
		    "starts_on", rs->closures[i].starts_on,
		    "ends_on", rs->closures[i].ends_on,
		    "reason", rs->closures[i].reason));
	loc = rs->has_geo ? json_pack("{s:f,s:f}", "lat", rs->lat, "lon", rs->lon) :
	    json_null();
	offset_format(rs->utc_offset, off);
	hm_format(rs->local_minutes, a);
	return json_pack("{s:s,s:s,s:s,s:s,s:{s:s,s:s,s:s,s:s},s:s,s:s,s:s,"
	    "s:o,s:s,s:{s:s,s:s,s:s,s:b},s:o,s:{s:i,s:i,s:i,s:i,s:i,s:s},"
	    "s:o,s:o,s:o}",
	    "slug", rs->slug, "name", rs->name, "description", rs->description,
	    "cuisine", rs->cuisine,
	    "address", "street", rs->address, "city", rs->city,
	    "postal_code", rs->postal_code, "country", rs->country,
	    "phone", rs->phone, "email", rs->email, "website", rs->website,
	    "location", loc, "timezone", rs->timezone,
	    "local", "date", rs->local_date, "time", a, "utc_offset", off,
	    "open_now", restaurant_open_now(rs),
	    "rating", rating_json(rs->rating_avg, rs->rating_count),
	    "booking", "slot_minutes", rs->slot_minutes,
	    "booking_window_days", rs->booking_window_days,
	    "min_notice_minutes", rs->min_notice_minutes,
	    "cancel_cutoff_minutes", rs->cancel_cutoff_minutes,
	    "max_party", rs->max_party,
	    "confirmation", rs->manual_confirm ? "manual" : "auto",
	    "hours", hours, "closures", closures,
	    "url", restaurant_url(r, rs->slug));
}

/*
 * GET /api/v1/restaurants/{slug}: profile, hours, rating.
 * 200; 404 problem+json.
 */
static NEOERR *
restaurant_api(struct req *r, struct resp *w)
{
	const struct restaurant_page	*pg = NULL;
	NEOERR				*err;

	if (!slug_valid(req_param(r, 0)))
		return nerr_pass(resp_error(r, w, 404));
	if ((err = restaurant_page_get(r->app->setups, r->app->db,
	    req_param(r, 0), &pg)) != STATUS_OK)
		return nerr_pass(err);
	if (pg == NULL)
		return nerr_pass(resp_error(r, w, 404));
	return nerr_pass(json_send(w, 200, restaurant_json(r, pg->r)));
}
