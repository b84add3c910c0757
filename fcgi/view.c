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
	env->lang = r->lang;
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
	json_t	*a, *o;
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
		/* ASCII made here: no UTF-8 check, no format to parse */
		if ((o = json_object()) == NULL ||
		    json_array_append_new(a, o) != 0 ||
		    json_object_set_new_nocheck(o, "time",
		    json_stringn_nocheck(hm, 5)) != 0 ||
		    json_object_set_new_nocheck(o, "start",
		    json_string_nocheck(s)) != 0 ||
		    json_object_set_new_nocheck(o, "end",
		    json_string_nocheck(e)) != 0 ||
		    json_object_set_new_nocheck(o, "start_local",
		    json_string_nocheck(sl)) != 0 ||
		    json_object_set_new_nocheck(o, "end_local",
		    json_string_nocheck(el)) != 0)
			return nerr_raise(NERR_NOMEM, "slots");
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
	char				 rating[16], key[48], full[160];

	if (l->n == 0)
		return STATUS_OK;
	if ((err = hdf_get_node(hdf, prefix, &node)) != STATUS_OK)
		return nerr_pass(err);
#define PUT(field, value)	(snprintf(key, sizeof key, "%zu." field, i),	\
	hdf_set_value(node, key, (value)))
	for (i = 0; i < l->n; i++) {
		b = &l->v[i];
		/* numbers as the page's language writes them: 4,5 in ru */
		snprintf(full, sizeof full, "%s.%zu.Rating", prefix, i);
		if ((err = PUT("Slug", b->slug)) != STATUS_OK ||
		    (err = PUT("Name", b->name)) != STATUS_OK ||
		    (err = PUT("Cuisine", b->cuisine)) != STATUS_OK ||
		    (err = PUT("City", b->city)) != STATUS_OK ||
		    (err = PUT("Address", b->address)) != STATUS_OK ||
		    (err = hdf_set_num(hdf, full, b->rating_avg, 1)) != STATUS_OK)
			return nerr_pass(err);
		snprintf(rating, sizeof rating, "%d", b->rating_count);
		if ((err = PUT("RatingCount", rating)) != STATUS_OK)
			return nerr_pass(err);
		if (b->distance_m >= 0) {
			/* metres under 1 km, else km with one decimal */
			snprintf(rating, sizeof rating, "%.0f", b->distance_m);
			if ((err = PUT("DistanceM", rating)) != STATUS_OK)
				return nerr_pass(err);
			snprintf(full, sizeof full, "%s.%zu.DistanceKm", prefix,
			    i);
			if ((err = hdf_set_num(hdf, full, b->distance_m / 1000,
			    1)) != STATUS_OK)
				return nerr_pass(err);
		}
		if (*b->photo != '\0' &&
		    ((err = PUT("Photo.File", b->photo)) != STATUS_OK ||
		    (err = PUT("Photo.Caption", b->photo_caption)) != STATUS_OK ||
		    (err = PUT("Photo.Srcset", b->photo_srcset)) != STATUS_OK))
			return nerr_pass(err);
		if (*b->photo != '\0' && b->photo_width > 0) {
			snprintf(rating, sizeof rating, "%d", b->photo_width);
			if ((err = PUT("Photo.Width", rating)) != STATUS_OK)
				return nerr_pass(err);
			snprintf(rating, sizeof rating, "%d", b->photo_height);
			if ((err = PUT("Photo.Height", rating)) != STATUS_OK)
				return nerr_pass(err);
		}
	}
#undef PUT
	return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* deposits: what a booking would owe, in the restaurant's currency    */
/* ------------------------------------------------------------------ */

/*
 * pattern with each "{key}" of keys replaced by the value beside it, into
 * buf (cut to fit, always terminated).
 */
static void
fill(const char *pattern, const char *const *kv, char *buf, size_t sz)
{
	const char	*p, *add;
	size_t		 len = 0, klen, i, n;

	for (p = pattern; *p != '\0' && sz > 0; p += n) {
		add = NULL;
		n = 1;
		for (i = 0; *p == '{' && kv[i] != NULL; i += 2) {
			klen = strlen(kv[i]);
			if (strncmp(p + 1, kv[i], klen) == 0 && p[1 + klen] == '}') {
				add = kv[i + 1];
				n = klen + 2;
				break;
			}
		}
		if (add == NULL) {
			if (len + 1 < sz)
				buf[len++] = *p;
			continue;
		}
		for (; *add != '\0' && len + 1 < sz; add++)
			buf[len++] = *add;
	}
	if (sz > 0)
		buf[len] = '\0';
}

void
money_lang(struct req *r, int64_t minor, const char *code, int exponent,
    char *buf, size_t sz)
{
	char		 key[32];
	const char	*pattern;

	snprintf(key, sizeof key, "Money.%s", code);
	if (*(pattern = render_text(r, key)) == '\0')
		pattern = render_text(r, "Money.Default");
	/* the API's amounts stay as they were: 9999.99, no separators */
	money_text_local(*pattern != '\0' ? pattern : NULL, minor, code,
	    exponent, r->want_json ? NULL : render_text(r, "Number.Decimal"),
	    r->want_json ? NULL : render_text(r, "Number.Group"), buf, sz);
}

NEOERR *
rv_deposit(struct req *r, const struct reservation *rv,
    const struct setup **s, struct deposit_due *d, bool *due)
{
	struct deposit_when	 wh;
	int			 day, minute;
	NEOERR			*err;

	*due = false;
	*s = NULL;
	memset(d, 0, sizeof *d);
	if (rv->status != RSV_HELD)
		return STATUS_OK;
	if ((err = setup_get(r->app->setups, r->app->db, rv->restaurant_id,
	    NULL, s)) != STATUS_OK)
		return nerr_pass(err);
	if (*s == NULL || (*s)->deposit.kind == DEPOSIT_NONE ||
	    !date_parse(rv->local_date, &day) || !hm_parse(rv->local_time,
	    &minute))
		return STATUS_OK;
	deposit_when_of(*s, day, minute, &wh);
	*due = deposit_due(&(*s)->deposit, &wh, rv->party, d) == 1;
	return STATUS_OK;
}

/* The sentences of the terms: the amount, then the refunds. */
static void
deposit_sentences(struct req *r, const struct deposit_policy *p,
    const struct deposit_due *d, char *amount, char *terms, size_t sz)
{
	char		 total[64], each[64], hours[16], pct[8];
	const char	*kv[] = { "amount", total, "each", each, "hours", hours,
	    "percent", pct, NULL };
	const char	*t;

	money_lang(r, d->amount, d->currency, d->exponent, total, sizeof total);
	money_lang(r, d->each, d->currency, d->exponent, each, sizeof each);
	snprintf(hours, sizeof hours, "%d", p->refund_hours);
	snprintf(pct, sizeof pct, "%d", p->late_refund_percent);
	fill(render_text(r, p->kind == DEPOSIT_PER_GUEST ?
	    "Deposit.RequiredPerGuest" : "Deposit.Required"), kv, amount, sz);
	if (p->late_refund_percent >= 100)
		t = "Deposit.RefundAlways";
	else if (p->late_refund_percent > 0)
		t = "Deposit.RefundPart";
	else
		t = "Deposit.RefundNone";
	fill(render_text(r, t), kv, terms, sz);
}

NEOERR *
hdf_put_deposit(struct req *r, const char *prefix,
    const struct deposit_policy *p, const struct deposit_due *d)
{
	char	 amount[512], terms[512], money[64];
	NEOERR	*err;

	deposit_sentences(r, p, d, amount, terms, sizeof amount);
	money_lang(r, d->amount, d->currency, d->exponent, money, sizeof money);
	if ((err = hdf_set_valuef(r->hdf, "%s.Amount=%s", prefix, money)) !=
	    STATUS_OK ||
	    (err = hdf_set_valuef(r->hdf, "%s.Required=%s", prefix, amount)) !=
	    STATUS_OK ||
	    (err = hdf_set_valuef(r->hdf, "%s.Terms=%s", prefix, terms)) !=
	    STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(hdf_set_valuef(r->hdf, "%s.NoShow=%s", prefix,
	    render_text(r, "Deposit.NoShow")));
}

json_t *
deposit_json(struct req *r, const struct deposit_policy *p,
    const struct deposit_due *d)
{
	char	 amount[512], terms[512], money[64], text[1600];
	json_t	*o;

	deposit_sentences(r, p, d, amount, terms, sizeof amount);
	money_lang(r, d->amount, d->currency, d->exponent, money, sizeof money);
	snprintf(text, sizeof text, "%s %s %s", amount, terms,
	    render_text(r, "Deposit.NoShow"));
	o = json_pack("{s:I,s:s,s:i,s:s,s:s,s:{s:i,s:i,s:i},s:s,s:b}",
	    "amount", (json_int_t)d->amount, "currency", d->currency,
	    "exponent", d->exponent, "kind", deposit_kind_name(p->kind),
	    "amount_text", money,
	    "refund", "full_until_hours_before", p->refund_hours,
	    "late_percent", p->late_refund_percent, "noshow_percent", 0,
	    "text", text, "collected", 0);
	if (o != NULL && p->kind == DEPOSIT_PER_GUEST)
		json_object_set_new(o, "per_guest", json_integer(d->each));
	return o;
}

/* Query.name, email and phone from the signed-in user's account. */
static NEOERR *
details_prefill(struct req *r)
{
	struct user	*u = NULL;
	NEOERR		*err;

	if ((err = db_user_get(r->app->db, r->user_id, NULL, &u)) != STATUS_OK)
		return nerr_pass(err);
	if (u != NULL && ((err = hdf_set_value(r->hdf, "Query.name",
	    u->name)) != STATUS_OK || (err = hdf_set_value(r->hdf, "Query.email",
	    u->email)) != STATUS_OK || (err = hdf_set_value(r->hdf, "Query.phone",
	    u->phone != NULL ? u->phone : "")) != STATUS_OK)) {
		db_user_free(u);
		return nerr_pass(err);
	}
	db_user_free(u);
	return STATUS_OK;
}

/* The details form (or the hold-expired page) for rv. */
NEOERR *
details_render(struct req *r, struct resp *w, const struct reservation *rv,
    const char *token, int status)
{
	const struct setup	*s;
	struct deposit_due	 d;
	NEOERR			*err;
	bool			 due;

	resp_private(w);
	if ((err = hdf_put_reservation(r->hdf, rv, token)) != STATUS_OK)
		return nerr_pass(err);
	/* the deposit and its terms, before the guest confirms */
	if ((err = rv_deposit(r, rv, &s, &d, &due)) != STATUS_OK ||
	    (due && (err = hdf_put_deposit(r, "Page.Deposit", &s->deposit,
	    &d)) != STATUS_OK))
		return nerr_pass(err);
	/* the form's answer sends the browser on to the gateway's checkout */
	if (due && gw_origin(r->gw_origin, sizeof r->gw_origin))
		w->form_action = r->gw_origin;
	/* a restaurant that answers by hand gets a request, said so before */
	if (s == NULL && (err = setup_get(r->app->setups, r->app->db,
	    rv->restaurant_id, NULL, &s)) != STATUS_OK)
		return nerr_pass(err);
	if (s != NULL && s->manual && (err = hdf_set_value(r->hdf,
	    "Page.Rv.Manual", "1")) != STATUS_OK)
		return nerr_pass(err);
	/* a signed-in diner's own details fill the empty form */
	if (r->user_id != 0 && req_field(r, "name") == NULL &&
	    (err = details_prefill(r)) != STATUS_OK)
		return nerr_pass(err);
	if (rv->hold_expires <= rv->now) {
		if ((err = hdf_set_value(r->hdf, "Page.Rv.Expired", "1")) != STATUS_OK)
			return nerr_pass(err);
		status = 410;
	}
	return nerr_pass(session_page(r, w, "diner/details.cs", status));
}
