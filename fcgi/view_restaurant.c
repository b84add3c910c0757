/* view_restaurant.c: a restaurant's page, for GET /r/{slug} and for a booking attempt that failed on it. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SLOTS	256

/* "Kyiv" from "Europe/Kyiv", "New York" from "America/New_York". */
static void
zone_city(const char *tz, char *buf, size_t sz)
{
	const char	*p = strrchr(tz, '/');
	size_t		 i;

	snprintf(buf, sz, "%s", p != NULL ? p + 1 : tz);
	for (i = 0; buf[i] != '\0'; i++)
		if (buf[i] == '_')
			buf[i] = ' ';
}

/*
 * The restaurant's wall clock as this request finds it: what turns with
 * the minute stays out of the kept parts.
 */
static NEOERR *
hdf_put_restaurant_clock(struct req *r, const struct restaurant *kept)
{
	struct restaurant	 rs = restaurant_at(kept, (int64_t)req_now(r));
	HDF			*hdf = r->hdf;
	NEOERR			*err;
	char			 a[6], off[8];

	offset_format(rs.utc_offset, off);
	hm_format(rs.local_minutes, a);
	if ((err = hdf_set_value(hdf, "Page.R.LocalTime", a)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.R.UtcOffset", off)) != STATUS_OK ||
	    (err = hdf_set_int_value(hdf, "Page.R.OpenNow",
	    restaurant_open_now(&rs))) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(hdf_set_int_value(hdf, "Page.R.ClosedToday",
	    rs.closed_today));
}

/*
 * The restaurant as diner/restaurant.cs itself shows it (its parts take
 * the rest, from hdf_put_restaurant).
 */
static NEOERR *
hdf_put_restaurant_brief(HDF *hdf, const struct restaurant *rs)
{
	NEOERR	*err;
	char	 city[64];

	zone_city(rs->timezone, city, sizeof city);
	if ((err = hdf_set_value(hdf, "Page.R.Slug", rs->slug)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.R.Name", rs->name)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.R.Cuisine", rs->cuisine)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.R.City", rs->city)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.R.Phone", rs->phone)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.R.TzCity", city)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(hdf_set_int_value(hdf, "Page.R.MaxParty", rs->max_party));
}

static NEOERR *
hdf_put_restaurant(HDF *hdf, const struct restaurant *rs)
{
	NEOERR			*err;
	const struct opening	*o;
	char			 a[6], b[6], off[8], dial[48];
	size_t			 i;
	int			 d, n[8] = { 0 };

	offset_format(rs->utc_offset, off);
	if ((err = hdf_put_restaurant_brief(hdf, rs)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.R.Description",
	    rs->description)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.R.Address", rs->address)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.R.PostalCode",
	    rs->postal_code)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.R.Country", rs->country)) != STATUS_OK ||
	    (phone_dial(rs->phone, dial, sizeof dial),
	    err = hdf_set_value(hdf, "Page.R.PhoneDial", dial)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.R.Email", rs->email)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.R.Website", rs->website)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.R.Timezone", rs->timezone)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.R.UtcOffset", off)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.R.LocalDate",
	    rs->local_date)) != STATUS_OK ||
	    (err = hdf_set_num(hdf, "Page.R.Rating", rs->rating_avg, 1)) !=
	    STATUS_OK ||
	    (err = hdf_set_int_value(hdf, "Page.R.RatingCount",
	    rs->rating_count)) != STATUS_OK)
		return nerr_pass(err);
	/* a row per weekday, Monday first, services in order */
	for (d = 1; d <= 7; d++) {
		if ((err = hdf_set_valuef(hdf, "Page.R.Days.%d.Weekday=%d", d,
		    d)) != STATUS_OK ||
		    (err = hdf_set_valuef(hdf, "Page.R.Days.%d.Today=%d", d,
		    d == rs->local_weekday)) != STATUS_OK)
			return nerr_pass(err);
	}
	for (i = 0; i < rs->nhours; i++) {
		o = &rs->hours[i];
		if (o->weekday < 1 || o->weekday > 7)
			continue;
		d = o->weekday;
		hm_format(o->opens, a);
		hm_format(o->closes, b);
		if ((err = hdf_set_valuef(hdf, "Page.R.Days.%d.Services.%d.Opens=%s",
		    d, n[d], a)) != STATUS_OK ||
		    (err = hdf_set_valuef(hdf, "Page.R.Days.%d.Services.%d.Closes=%s",
		    d, n[d], b)) != STATUS_OK ||
		    (err = hdf_set_valuef(hdf, "Page.R.Days.%d.Services.%d.Name=%s",
		    d, n[d], o->name)) != STATUS_OK ||
		    (err = hdf_set_valuef(hdf,
		    "Page.R.Days.%d.Services.%d.Overnight=%d", d, n[d],
		    o->closes <= o->opens)) != STATUS_OK)
			return nerr_pass(err);
		n[d]++;
	}
	for (i = 0; i < rs->nclosures; i++)
		if ((err = hdf_set_valuef(hdf, "Page.R.Closures.%zu.From=%s", i,
		    rs->closures[i].starts_on)) != STATUS_OK ||
		    (err = hdf_set_valuef(hdf, "Page.R.Closures.%zu.To=%s", i,
		    rs->closures[i].ends_on)) != STATUS_OK ||
		    (err = hdf_set_valuef(hdf, "Page.R.Closures.%zu.Reason=%s", i,
		    rs->closures[i].reason)) != STATUS_OK)
			return nerr_pass(err);
	return STATUS_OK;
}

const char *const page_review_cols[] = {
	"id", "rating", "body", "reply", "date", "author", "visited", "", NULL
};

/* The newest reviews and the photos of a restaurant's page into hdf. */
static NEOERR *
reviews_put(HDF *hdf, const struct restaurant_page *pg)
{
	static const char *const photo_cols[] = { "file", "caption", "width",
	    "height", "srcset", NULL };
	NEOERR	*err;

	if ((err = hdf_put_db_rows(hdf, "Page.Reviews", pg->reviews,
	    page_review_cols)) != STATUS_OK ||
	    (err = hdf_put_db_rows(hdf, "Page.Photos", pg->photos,
	    photo_cols)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(hdf_set_int_value(hdf, "Page.ReviewTotal",
	    pg->review_total));
}

/* Whether s opens at all on ISO weekday wd (a weekly closing day if not). */
static bool
open_on_weekday(const struct setup *s, int wd)
{
	size_t	 i;

	for (i = 0; i < s->nhours; i++)
		if (s->hours[i].weekday == wd)
			return true;
	return false;
}

/* The date and party picker of the page, with its free times. */
static NEOERR *
book_picker(struct req *r, struct resp *w, const struct setup *s,
    const char *local_today)
{
	struct book_env	 env;
	struct slot	 v[MAX_SLOTS];
	struct when	 wh;
	HDF		*site;
	char		 date[11], text[64];
	NEOERR		*err;
	size_t		 n = 0;
	int		 today, party, i;

	if (!date_parse(local_today, &today))
		return nerr_raise(NERR_ASSERT, "bad local date %s", local_today);
	when_parse(r, "date", NULL, "party", today, &wh);
	party = wh.party;
	if (wh.bad != NULL && (err = hdf_set_valuef(r->hdf, "Form.Errors.%s=%s",
	    wh.bad, wh.why)) != STATUS_OK)
		return nerr_pass(err);
	if (wh.bad != NULL) {
		w->status = 400;
		wh.day = today;
		party = 2;
	}
	if (party > s->max_party)
		party = s->max_party;
	date_format(wh.day, date);
	if ((err = session_csrf(r, w)) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Book.Date", date)) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Book.Today", local_today)) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Book.Party", party)) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Book.Closed",
	    setup_closed(s, wh.day))) != STATUS_OK)
		return nerr_pass(err);
	/* the words the template would work out per request (hdate, plural) */
	site = render_site(r);
	lang_date(site, date, text, sizeof text);
	if ((err = hdf_set_value(r->hdf, "Page.Book.DateText", text)) !=
	    STATUS_OK || (err = hdf_set_value(r->hdf, "Page.Book.PartyWord",
	    lang_plural(site, party, "Lang.Diner.Restaurant.Persons"))) !=
	    STATUS_OK)
		return nerr_pass(err);
	for (i = 1; i <= s->max_party; i++)
		if ((err = hdf_set_valuef(r->hdf, "Page.Book.Guests.%d=%s", i,
		    lang_plural(site, i, "Lang.Diner.Common.Guests"))) !=
		    STATUS_OK)
			return nerr_pass(err);
	if (!setup_closed(s, wh.day) && !open_on_weekday(s,
	    date_weekday(wh.day)) && (err = hdf_set_int_value(r->hdf,
	    "Page.Book.ClosedWeekday", date_weekday(wh.day))) != STATUS_OK)
		return nerr_pass(err);
	if (wh.day < today)
		return nerr_pass(hdf_set_value(r->hdf, "Page.Book.Past", "1"));
	if (wh.day > today + s->booking_window_days)
		return nerr_pass(hdf_set_value(r->hdf, "Page.Book.Beyond", "1"));
	book_env_init(r, &env);
	if ((err = readdb_offer_times(r, &env, s, wh.day, party, v, MAX_SLOTS,
	    &n)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(hdf_put_times(r->hdf, "Page.Book.Times", v, n));
}

/* The parts of diner/restaurant_parts.cs, in order, as Page.Html.<part>. */
static const char *const parts[PAGE_PARTS] = {
	"crumbs", "head", "info", "side"
};

/* Drop the newlines a template leaves at the end of s. */
static void
trim_newlines(STRING *s)
{
	while (s->len > 0 && s->buf[s->len - 1] == '\n')
		s->buf[--s->len] = '\0';
}

/*
 * The parts of a restaurant's page made from its kept data alone, as
 * Page.Html.*: rendered over a data set of their own the first time, and
 * kept with that data for the requests after.
 */
static NEOERR *
restaurant_parts(struct req *r, const struct restaurant_page *pg)
{
	HDF		*h = NULL;
	STRING		 s;
	NEOERR		*err = STATUS_OK;
	char		 key[32];
	int		 i, base;

	/* each language has its own slots: its words and numbers differ */
	if ((base = render_lang_index(r->app, r->lang)) < 0 ||
	    base >= PAGE_LANGS)
		base = 0;
	base *= PAGE_PARTS;
	for (i = 0; i < PAGE_PARTS && pg->frag[base + i] != NULL; i++)
		;
	if (i < PAGE_PARTS && ((err = hdf_init(&h)) != STATUS_OK ||
	    (err = hdf_set_value(h, "Req.Lang", r->lang)) != STATUS_OK ||
	    (err = hdf_put_restaurant(h, pg->r)) != STATUS_OK ||
	    (err = reviews_put(h, pg)) != STATUS_OK))
		goto out;
	for (i = 0; i < PAGE_PARTS; i++) {
		snprintf(key, sizeof key, "Page.Html.%s", parts[i]);
		if (h == NULL) {
			if ((err = hdf_set_value(r->hdf, key,
			    pg->frag[base + i])) != STATUS_OK)
				goto out;
			continue;
		}
		string_init(&s);
		if ((err = hdf_set_value(h, "Part", parts[i])) != STATUS_OK ||
		    (err = render_part(r->app, "diner/restaurant_parts.cs", h,
		    &s)) != STATUS_OK ||
		    (trim_newlines(&s), err = hdf_set_value(r->hdf, key,
		    s.buf != NULL ? s.buf : "")) != STATUS_OK) {
			string_clear(&s);
			goto out;
		}
		restaurant_page_keep(r->app->setups, pg, base + i,
		    s.buf != NULL ? s.buf : strdup(""));
	}
out:
	if (h != NULL)
		hdf_destroy(&h);
	return nerr_pass(err);
}

NEOERR *
restaurant_render(struct req *r, struct resp *w, const char *slug, int status)
{
	const struct restaurant_page	*pg = NULL;
	const struct setup		*s = NULL;
	NEOERR				*err;

	/* from the replica when r may read there (never kept, then) */
	if ((err = readdb_page(r, slug, &pg)) != STATUS_OK)
		return nerr_pass(err);
	if (pg == NULL)
		return nerr_pass(resp_error(r, w, 404));
	if ((err = readdb_setup(r, pg->r->id, NULL, &s)) != STATUS_OK ||
	    (err = restaurant_parts(r, pg)) != STATUS_OK ||
	    (err = hdf_put_restaurant_brief(r->hdf, pg->r)) != STATUS_OK ||
	    (err = hdf_put_restaurant_clock(r, pg->r)) != STATUS_OK)
		return nerr_pass(err);
	/* the picker and its free times, when the restaurant takes bookings */
	if (s != NULL && s->active && (err = book_picker(r, w, s,
	    pg->r->local_date)) != STATUS_OK)
		return nerr_pass(err);
	if (w->status >= 400 && status < 400)
		status = w->status;
	if ((err = render_page(r, w, "diner/restaurant.cs")) != STATUS_OK)
		return nerr_pass(err);
	w->status = status;
	return STATUS_OK;
}

