/* view.c: what the route files share: the booking core's frame, free times and outcomes as pages and JSON, result lists. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ */
/* the booking core                                                     */
/* ------------------------------------------------------------------ */

void
book_env_init(struct req *r, struct book_env *env)
{
	memset(env, 0, sizeof *env);
	env->db = r->app->db;
	env->setups = r->app->setups;
	env->base_url = r->app->base_url;
	env->now = (int64_t)req_now(r);
	env->hold_minutes = r->app->hold_minutes;
	env->holds_per_browser = r->app->holds_per_browser;
	env->holds_per_ip = r->app->holds_per_ip;
	env->bookings_per_guest = r->app->bookings_per_guest;
#ifdef STOLIK_TEST_HOOKS
	{
		const char	*u = req_header(r, "HTTP_X_STOLIK_TEST_UNSAFE");
		long long	 h;

		/* the race tests widen the gap between check and write */
		env->delay_ms = r->app->test_booking_delay_ms;
		if (parse_int(req_header(r, "HTTP_X_STOLIK_TEST_DELAY"), 0, 5000,
		    &h) && h > env->delay_ms)
			env->delay_ms = (int)h;
		/* and switch the protections against deadlock off, to see them */
		if (u != NULL && (strcmp(u, "retry") == 0 || strcmp(u, "both") == 0))
			env->unsafe |= BOOK_NO_RETRY;
		if (u != NULL && (strcmp(u, "locks") == 0 || strcmp(u, "both") == 0))
			env->unsafe |= BOOK_NO_LOCKS;
		/* negative control of the review tests: the core's check off */
		if (hdf_get_int_value(r->app->conf, "Test.ReviewCheckOff", 0))
			env->unsafe |= BOOK_NO_REVIEW_CHECK;
		/* and make transactions meet deadlocks, to see what a client gets */
		if (parse_int(req_header(r, "HTTP_X_STOLIK_TEST_CONFLICTS"), 0, 100,
		    &h))
			env->conflicts = (int)h;
	}
#endif
}

void
book_env_done(const struct book_env *env)
{
	metrics_retries(env->retries);
}

int
book_failure(const struct book_out *out, const char *state, const char **code)
{
	switch (out->res) {
	case BOOK_NOT_OFFERED:
		*code = offer_why_code(out->offer.why);
		return 422;
	case BOOK_TAKEN:
		*code = "taken";
		return 409;
	case BOOK_LIMIT:
		*code = "hold_limit";
		return 429;
	case BOOK_GUEST_LIMIT:
		*code = "guest_limit";
		return 429;
	case BOOK_GONE:
		*code = "hold_expired";
		return 410;
	case BOOK_TOO_LATE:
		*code = "too_late";
		return 409;
	case BOOK_NO_TABLE:
		*code = "no_table";
		return 422;
	case BOOK_STATE:
	default:
		*code = state;
		return 409;
	}
}

NEOERR *
book_load(struct req *r, struct reservation **out, const char **token)
{
	const char	*code = req_param(r, 0);
	size_t		 len = strlen(code);
	NEOERR		*err;

	*out = NULL;
	*token = req_field(r, "t");
	if (*token == NULL)
		*token = req_header(r, "HTTP_X_MANAGE_TOKEN");
	/* a malformed code or token is simply not found */
	if (len < 8 || len > 32 || strspn(code, "0123456789ABCDEFGHJKMNPQRSTVWXYZ")
	    != len)
		return STATUS_OK;
	if (*token != NULL && strlen(*token) == SEC_TOKEN_B64 - 1)
		return nerr_pass(db_reservation_get(r->app->db, code, *token, out));
	/* a signed link from a later mail: good until it expires */
	if (*token != NULL && rsv_signed_token_ok(code, *token,
	    (int64_t)req_now(r)))
		return nerr_pass(db_reservation_get(r->app->db, code, NULL, out));
	*token = "";
	if (r->user_id == 0)
		return STATUS_OK;
	if ((err = db_reservation_get(r->app->db, code, NULL, out)) != STATUS_OK)
		return nerr_pass(err);
	if (*out != NULL && (*out)->user_id != r->user_id && !(r->verified &&
	    strcasecmp((*out)->guest_email, r->user_email) == 0)) {
		db_reservation_free(*out);
		*out = NULL;
	}
	return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* free times                                                           */
/* ------------------------------------------------------------------ */

NEOERR *
hdf_put_times(HDF *hdf, const char *prefix, const struct slot *v, size_t n)
{
	HDF	*node;
	char	 hm[6], key[40];
	NEOERR	*err;
	size_t	 i;

	if (n == 0)
		return STATUS_OK;
	if ((err = hdf_get_node(hdf, prefix, &node)) != STATUS_OK)
		return nerr_pass(err);
	for (i = 0; i < n; i++) {
		hm_format(v[i].minute, hm);
		snprintf(key, sizeof key, "%zu.Time", i);
		if ((err = hdf_set_value(node, key, hm)) != STATUS_OK)
			return nerr_pass(err);
	}
	return STATUS_OK;
}

NEOERR *
slots_json(struct book_env *env, const char *tz, int day, const struct slot *v,
    size_t n, json_t **out)
{
	json_t	*a;
	char	 hm[6], s[32], e[32], sl[32], el[32];
	int	 eday, emin, off, eoff;
	size_t	 i;
	bool	 ok;
	NEOERR	*err;

	if ((*out = a = json_array()) == NULL)
		return nerr_raise(NERR_NOMEM, "slots");
	for (i = 0; i < n; i++) {
		/* the offset of the wall clock at the start, and at the end */
		off = (int)(((int64_t)(day + 10957) * 86400 +
		    (int64_t)v[i].minute * 60 - v[i].start) / 60);
		eoff = off;
		if ((err = offer_local(env, tz, v[i].end, &eday, &emin, &ok)) !=
		    STATUS_OK)
			return nerr_pass(err);
		if (ok)
			eoff = (int)(((int64_t)(eday + 10957) * 86400 +
			    (int64_t)emin * 60 - v[i].end) / 60);
		hm_format(v[i].minute, hm);
		iso_utc(v[i].start, s);
		iso_utc(v[i].end, e);
		iso_local(v[i].start, off, sl);
		iso_local(v[i].end, eoff, el);
		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s,s:s}",
		    "time", hm, "start", s, "end", e, "start_local", sl,
		    "end_local", el));
	}
	return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* lists of restaurants (home and search pages)                         */
/* ------------------------------------------------------------------ */

NEOERR *
hdf_put_facets(HDF *hdf, const struct facets *f)
{
	NEOERR	*err = STATUS_OK;
	size_t	 i;

	for (i = 0; err == STATUS_OK && i < f->ncities; i++) {
		err = hdf_set_valuef(hdf, "Page.Cities.%zu.Value=%s", i,
		    f->cities[i].value);
		if (err == STATUS_OK)
			err = hdf_set_valuef(hdf, "Page.Cities.%zu.Count=%d", i,
			    f->cities[i].count);
	}
	for (i = 0; err == STATUS_OK && i < f->ncuisines; i++) {
		err = hdf_set_valuef(hdf, "Page.Cuisines.%zu.Value=%s", i,
		    f->cuisines[i].value);
		if (err == STATUS_OK)
			err = hdf_set_valuef(hdf, "Page.Cuisines.%zu.Count=%d", i,
			    f->cuisines[i].count);
	}
	return nerr_pass(err);
}

NEOERR *
hdf_put_results(HDF *hdf, const char *prefix, const struct restaurant_list *l)
{
	const struct restaurant_brief	*b;
	HDF				*node;
	NEOERR				*err;
	size_t				 i;
	char				 rating[16], key[48];

	if (l->n == 0)
		return STATUS_OK;
	if ((err = hdf_get_node(hdf, prefix, &node)) != STATUS_OK)
		return nerr_pass(err);
#define PUT(field, value)	(snprintf(key, sizeof key, "%zu." field, i),	\
	hdf_set_value(node, key, (value)))
	for (i = 0; i < l->n; i++) {
		b = &l->v[i];
		snprintf(rating, sizeof rating, "%.1f", b->rating_avg);
		if ((err = PUT("Slug", b->slug)) != STATUS_OK ||
		    (err = PUT("Name", b->name)) != STATUS_OK ||
		    (err = PUT("Cuisine", b->cuisine)) != STATUS_OK ||
		    (err = PUT("City", b->city)) != STATUS_OK ||
		    (err = PUT("Address", b->address)) != STATUS_OK ||
		    (err = PUT("Rating", rating)) != STATUS_OK)
			return nerr_pass(err);
		snprintf(rating, sizeof rating, "%d", b->rating_count);
		if ((err = PUT("RatingCount", rating)) != STATUS_OK)
			return nerr_pass(err);
	}
#undef PUT
	return STATUS_OK;
}
