/* db_restaurant.c: restaurants for the public pages: one by slug, search, facets. */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Column order of STMT_RESTAURANT_GET_BY_SLUG. */
enum {
	C_ID, C_OWNER, C_SLUG, C_NAME, C_DESC, C_CUISINE, C_ADDRESS, C_CITY,
	C_POSTAL, C_COUNTRY, C_PHONE, C_EMAIL, C_WEBSITE, C_TZ, C_LAT, C_LON,
	C_SLOT, C_WINDOW, C_NOTICE, C_CUTOFF, C_MAXPARTY, C_MANUAL,
	C_RCOUNT, C_RAVG, C_LDATE, C_LDOW, C_LMIN, C_OFFSET, C_HOURS,
	C_CLOSURES, C_CLOSED_TODAY, C_READ_MINUTE, C_UNTIL, C__MAX
};

/* Fill hours and closures from the two JSON columns. */
static NEOERR *
unpack_calendar(struct restaurant *r, const char *hours, const char *closures)
{
	json_t		*h, *c, *e;
	json_error_t	 jerr;
	size_t		 i;

	r->json_ = json_pack("{s:o,s:o}",
	    "h", json_loads(hours, 0, &jerr), "c", json_loads(closures, 0, &jerr));
	if (r->json_ == NULL)
		return nerr_raise(ERR_DB, "bad calendar JSON: %s", jerr.text);
	h = json_object_get(r->json_, "h");
	c = json_object_get(r->json_, "c");
	if (!json_is_array(h) || !json_is_array(c))
		return nerr_raise(ERR_DB, "calendar JSON is not arrays");
	r->nhours = json_array_size(h);
	r->nclosures = json_array_size(c);
	r->hours = calloc(r->nhours + 1, sizeof *r->hours);
	r->closures = calloc(r->nclosures + 1, sizeof *r->closures);
	if (r->hours == NULL || r->closures == NULL)
		return nerr_raise(NERR_NOMEM, "calendar");
	json_array_foreach(h, i, e) {
		r->hours[i].weekday = (int)json_integer_value(json_array_get(e, 0));
		r->hours[i].opens = (int)json_integer_value(json_array_get(e, 1));
		r->hours[i].closes = (int)json_integer_value(json_array_get(e, 2));
		r->hours[i].name = json_string_value(json_array_get(e, 3));
		if (r->hours[i].name == NULL)
			r->hours[i].name = "";
	}
	json_array_foreach(c, i, e) {
		r->closures[i].starts_on = json_string_value(json_array_get(e, 0));
		r->closures[i].ends_on = json_string_value(json_array_get(e, 1));
		r->closures[i].reason = json_string_value(json_array_get(e, 2));
		if (r->closures[i].starts_on == NULL || r->closures[i].ends_on == NULL)
			return nerr_raise(ERR_DB, "closure without dates");
		if (r->closures[i].reason == NULL)
			r->closures[i].reason = "";
	}
	return STATUS_OK;
}

NEOERR *
db_restaurant_get_by_slug(struct db *db, const char *slug, struct restaurant **out)
{
	const char		*p[1] = { slug };
	PGresult		*res = NULL;
	struct restaurant	*r = NULL;
	NEOERR			*err;

	*out = NULL;
	if ((err = db_exec(db, STMT_RESTAURANT_GET_BY_SLUG, 1, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) != 1 || PQnfields(res) != C__MAX) {
		PQclear(res);
		return STATUS_OK;
	}
	if ((r = calloc(1, sizeof *r)) == NULL) {
		PQclear(res);
		return nerr_raise(NERR_NOMEM, "restaurant");
	}
	r->res_ = res;
	r->id = db_int(res, 0, C_ID);
	r->owner_id = db_int(res, 0, C_OWNER);
	r->slug = db_str(res, 0, C_SLUG);
	r->name = db_str(res, 0, C_NAME);
	r->description = db_str(res, 0, C_DESC);
	r->cuisine = db_str(res, 0, C_CUISINE);
	r->address = db_str(res, 0, C_ADDRESS);
	r->city = db_str(res, 0, C_CITY);
	r->postal_code = db_str(res, 0, C_POSTAL);
	r->country = db_str(res, 0, C_COUNTRY);
	r->phone = db_str(res, 0, C_PHONE);
	r->email = db_str(res, 0, C_EMAIL);
	r->website = db_str(res, 0, C_WEBSITE);
	r->timezone = db_str(res, 0, C_TZ);
	r->has_geo = !db_null(res, 0, C_LAT);
	r->lat = db_double(res, 0, C_LAT);
	r->lon = db_double(res, 0, C_LON);
	r->slot_minutes = (int)db_int(res, 0, C_SLOT);
	r->booking_window_days = (int)db_int(res, 0, C_WINDOW);
	r->min_notice_minutes = (int)db_int(res, 0, C_NOTICE);
	r->cancel_cutoff_minutes = (int)db_int(res, 0, C_CUTOFF);
	r->max_party = (int)db_int(res, 0, C_MAXPARTY);
	r->manual_confirm = db_bool(res, 0, C_MANUAL);
	r->rating_count = (int)db_int(res, 0, C_RCOUNT);
	r->rating_avg = db_double(res, 0, C_RAVG);
	r->local_date = db_str(res, 0, C_LDATE);
	r->local_weekday = (int)db_int(res, 0, C_LDOW);
	r->local_minutes = (int)db_int(res, 0, C_LMIN);
	r->utc_offset = (int)db_int(res, 0, C_OFFSET);
	r->closed_today = db_bool(res, 0, C_CLOSED_TODAY);
	r->read_minute = db_int(res, 0, C_READ_MINUTE);
	r->clock_until = db_int(res, 0, C_UNTIL);
	err = unpack_calendar(r, db_str(res, 0, C_HOURS),
	    db_str(res, 0, C_CLOSURES));
	if (err != STATUS_OK) {
		db_restaurant_free(r);
		return nerr_pass(err);
	}
	*out = r;
	return STATUS_OK;
}

void
db_restaurant_free(struct restaurant *r)
{
	if (r == NULL)
		return;
	free(r->hours);
	free(r->closures);
	json_decref(r->json_);
	PQclear(r->res_);
	free(r);
}

/* Every string of r through str_pack. */
static void
restaurant_strings(struct restaurant *r, struct str_pack *sp)
{
	size_t	 i;

	str_pack(sp, &r->slug);
	str_pack(sp, &r->name);
	str_pack(sp, &r->description);
	str_pack(sp, &r->cuisine);
	str_pack(sp, &r->address);
	str_pack(sp, &r->city);
	str_pack(sp, &r->postal_code);
	str_pack(sp, &r->country);
	str_pack(sp, &r->phone);
	str_pack(sp, &r->email);
	str_pack(sp, &r->website);
	str_pack(sp, &r->timezone);
	str_pack(sp, &r->local_date);
	for (i = 0; i < r->nhours; i++)
		str_pack(sp, &r->hours[i].name);
	for (i = 0; i < r->nclosures; i++) {
		str_pack(sp, &r->closures[i].starts_on);
		str_pack(sp, &r->closures[i].ends_on);
		str_pack(sp, &r->closures[i].reason);
	}
}

struct restaurant *
restaurant_pack(const struct restaurant *r, void *dst, size_t *bytes)
{
	struct restaurant	 sized = *r, *d = dst;
	struct str_pack		 sp = { NULL, 0 };
	size_t			 head;

	head = sizeof *d + r->nhours * sizeof *d->hours +
	    r->nclosures * sizeof *d->closures;
	restaurant_strings(&sized, &sp);	/* counts only: nothing moves */
	*bytes = head + sp.size;
	if (d == NULL)
		return NULL;
	*d = *r;
	d->res_ = NULL;
	d->json_ = NULL;
	d->hours = (struct opening *)(d + 1);
	d->closures = (struct closure *)(d->hours + r->nhours);
	if (r->nhours > 0)
		memcpy(d->hours, r->hours, r->nhours * sizeof *d->hours);
	if (r->nclosures > 0)
		memcpy(d->closures, r->closures,
		    r->nclosures * sizeof *d->closures);
	sp.buf = (char *)(d->closures + r->nclosures);
	sp.size = 0;
	restaurant_strings(d, &sp);
	return d;
}

struct restaurant *
restaurant_dup(const struct restaurant *r, size_t *bytes)
{
	void	*d;

	restaurant_pack(r, NULL, bytes);
	if ((d = malloc(*bytes)) == NULL)
		return NULL;
	return restaurant_pack(r, d, bytes);
}

bool
restaurant_open_now(const struct restaurant *r)
{
	const struct opening	*o;
	int			 yesterday;
	size_t			 i;

	if (r->closed_today)
		return false;
	yesterday = r->local_weekday == 1 ? 7 : r->local_weekday - 1;
	for (i = 0; i < r->nhours; i++) {
		o = &r->hours[i];
		if (o->weekday == r->local_weekday && r->local_minutes >= o->opens &&
		    (o->closes <= o->opens || r->local_minutes < o->closes))
			return true;
		/* yesterday's service running past midnight */
		if (o->weekday == yesterday && o->closes <= o->opens &&
		    r->local_minutes < o->closes)
			return true;
	}
	return false;
}

struct restaurant
restaurant_at(const struct restaurant *r, int64_t now)
{
	struct restaurant	 t = *r;
	int64_t			 m = r->local_minutes + now / 60 - r->read_minute;

	/* the date holds until clock_until: a read near midnight stays in it */
	if (m > 24 * 60 - 1)
		m = 24 * 60 - 1;
	if (m > r->local_minutes)
		t.local_minutes = (int)m;
	return t;
}

NEOERR *
db_restaurant_search(struct db *db, const struct search_query *q,
    struct restaurant_list **out)
{
	struct restaurant_list	*l;
	PGresult		*res = NULL;
	NEOERR			*err;
	char			 lim[16], off[24], la[32], lo[32], rad[32];
	const char		*p[8];
	int			 i, n;

	*out = NULL;
	snprintf(lim, sizeof lim, "%d", q->page_size);
	snprintf(off, sizeof off, "%lld", (long long)(q->page - 1) * q->page_size);
	p[0] = q->q;
	p[1] = q->city;
	p[2] = q->cuisine;
	p[3] = lim;
	p[4] = off;
	if (q->near) {
		snprintf(la, sizeof la, "%.7f", q->lat);
		snprintf(lo, sizeof lo, "%.7f", q->lon);
		snprintf(rad, sizeof rad, "%.1f", q->radius_m);
		p[5] = la;
		p[6] = lo;
		p[7] = rad;
	}
	if ((err = db_exec(db, q->near ? STMT_RESTAURANT_NEARBY :
	    STMT_RESTAURANT_SEARCH, q->near ? 8 : 5, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	n = PQntuples(res);
	if ((l = calloc(1, sizeof *l)) == NULL ||
	    (l->v = calloc((size_t)n + 1, sizeof *l->v)) == NULL) {
		free(l);
		PQclear(res);
		return nerr_raise(NERR_NOMEM, "search");
	}
	l->res_ = res;
	l->n = (size_t)n;
	for (i = 0; i < n; i++) {
		l->v[i].slug = db_str(res, i, 0);
		l->v[i].name = db_str(res, i, 1);
		l->v[i].cuisine = db_str(res, i, 2);
		l->v[i].city = db_str(res, i, 3);
		l->v[i].address = db_str(res, i, 4);
		l->v[i].rating_avg = db_double(res, i, 5);
		l->v[i].rating_count = (int)db_int(res, i, 6);
		l->total = db_int(res, i, 7);
		l->v[i].id = db_int(res, i, 8);
		l->v[i].distance_m = PQgetisnull(res, i, 9) ? -1 :
		    db_double(res, i, 9);
		l->v[i].photo = db_str(res, i, 10);
		l->v[i].photo_caption = db_str(res, i, 11);
		l->v[i].photo_width = (int)db_int(res, i, 12);
		l->v[i].photo_height = (int)db_int(res, i, 13);
		l->v[i].photo_srcset = db_str(res, i, 14);
	}
	*out = l;
	return STATUS_OK;
}

void
db_restaurant_list_free(struct restaurant_list *l)
{
	if (l == NULL)
		return;
	free(l->v);
	PQclear(l->res_);
	free(l);
}

NEOERR *
db_restaurant_facets(struct db *db, struct facets **out)
{
	struct facets	*f;
	PGresult	*res = NULL;
	NEOERR		*err;
	struct facet	*e;
	int		 i, n;

	*out = NULL;
	if ((err = db_exec(db, STMT_RESTAURANT_FACETS, 0, NULL, &res)) != STATUS_OK)
		return nerr_pass(err);
	n = PQntuples(res);
	if ((f = calloc(1, sizeof *f)) == NULL ||
	    (f->cities = calloc((size_t)n + 1, sizeof *f->cities)) == NULL ||
	    (f->cuisines = calloc((size_t)n + 1, sizeof *f->cuisines)) == NULL) {
		if (f != NULL)
			free(f->cities);
		free(f);
		PQclear(res);
		return nerr_raise(NERR_NOMEM, "facets");
	}
	f->res_ = res;
	for (i = 0; i < n; i++) {
		e = strcmp(db_str(res, i, 0), "city") == 0 ?
		    &f->cities[f->ncities++] : &f->cuisines[f->ncuisines++];
		e->value = db_str(res, i, 1);
		e->count = (int)db_int(res, i, 2);
	}
	*out = f;
	return STATUS_OK;
}

/* Seconds a worker keeps the counts of cities and cuisines, and searches. */
#define FACETS_TTL	60
#define SEARCH_TTL	30
#define SEARCH_SLOTS	64
#define NEAR_SLOTS	8	/* near-me searches rarely repeat: their own few */

NEOERR *
db_facets_cached(struct db *db, unsigned long changes,
    const struct facets **out)
{
	static struct facets	*cache;
	static double		 at;
	static unsigned long	 seen;
	struct facets		*f;
	double			 now = mono_now();
	NEOERR			*err;

	if (cache == NULL || now - at > FACETS_TTL || changes != seen) {
		if ((err = db_restaurant_facets(db, &f)) != STATUS_OK)
			return nerr_pass(err);
		db_facets_free(cache);
		cache = f;
		at = now;
		seen = changes;
	}
	*out = cache;
	return STATUS_OK;
}

struct search_entry {
	char			*key;	/* the query's fields, \x1f between */
	struct restaurant_list	*list;
	double			 at;
	unsigned long		 changes;
};

NEOERR *
db_restaurant_search_cached(struct db *db, unsigned long changes,
    const struct search_query *q, const struct restaurant_list **out)
{
	static struct search_entry	 all[SEARCH_SLOTS], near[NEAR_SLOTS];
	static size_t			 all_next, near_next;
	struct search_entry		*e = NULL, *cache = q->near ? near : all;
	size_t				*next = q->near ? &near_next : &all_next;
	size_t				 slots = q->near ? NEAR_SLOTS : SEARCH_SLOTS;
	struct restaurant_list		*l;
	double				 now = mono_now();
	char				*key;
	STRING				 k;
	size_t				 i;
	NEOERR				*err;

	*out = NULL;
	string_init(&k);
	if ((err = string_appendf(&k, "%s\x1f%s\x1f%s\x1f%d\x1f%d", q->q,
	    q->city, q->cuisine, q->page, q->page_size)) != STATUS_OK ||
	    (q->near && (err = string_appendf(&k, "\x1f%.7f\x1f%.7f\x1f%.1f",
	    q->lat, q->lon, q->radius_m)) != STATUS_OK)) {
		string_clear(&k);
		return nerr_pass(err);
	}
	key = k.buf;
	for (i = 0; i < slots; i++)
		if (cache[i].key != NULL && strcmp(cache[i].key, key) == 0) {
			e = &cache[i];
			break;
		}
	if (e != NULL && e->changes == changes && now - e->at <= SEARCH_TTL) {
		free(key);
		*out = e->list;
		return STATUS_OK;
	}
	if ((err = db_restaurant_search(db, q, &l)) != STATUS_OK) {
		free(key);
		return nerr_pass(err);
	}
	if (e == NULL) {
		e = &cache[*next];
		*next = (*next + 1) % slots;
	}
	free(e->key);
	db_restaurant_list_free(e->list);
	e->key = key;
	e->list = l;
	e->at = now;
	e->changes = changes;
	*out = l;
	return STATUS_OK;
}

void
db_facets_free(struct facets *f)
{
	if (f == NULL)
		return;
	free(f->cities);
	free(f->cuisines);
	PQclear(f->res_);
	free(f);
}
