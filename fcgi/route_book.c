/* route_book.c: holds, the details form, confirmation, manage links and .ics, as pages and API. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static NEOERR	*hold_create(struct req *, struct resp *);
static NEOERR	*details_show(struct req *, struct resp *);
static NEOERR	*details_submit(struct req *, struct resp *);
static NEOERR	*manage_show(struct req *, struct resp *);
static NEOERR	*manage_change(struct req *, struct resp *);
static NEOERR	*manage_cancel(struct req *, struct resp *);
static NEOERR	*ics_show(struct req *, struct resp *);
static NEOERR	*reply_show(struct req *, struct resp *);
static NEOERR	*reply_submit(struct req *, struct resp *);
static NEOERR	*availability_api(struct req *, struct resp *);
static NEOERR	*hold_api(struct req *, struct resp *);
static NEOERR	*reservation_create_api(struct req *, struct resp *);
static NEOERR	*reservation_get_api(struct req *, struct resp *);
static NEOERR	*reservation_patch_api(struct req *, struct resp *);
static NEOERR	*reservation_cancel_api(struct req *, struct resp *);
static NEOERR	*reservation_reply_api(struct req *, struct resp *);
static NEOERR	*openapi_doc(struct req *, struct resp *);

const struct route book_routes[] = {
	{ HTTP_POST, "/r/:slug/hold", ROUTE_FORM | ROUTE_CSRF, hold_create },
	{ HTTP_GET, "/b/:code/details", 0, details_show },
	{ HTTP_POST, "/b/:code/details", ROUTE_FORM | ROUTE_CSRF, details_submit },
	{ HTTP_GET, "/b/:code", 0, manage_show },
	{ HTTP_POST, "/b/:code/change", ROUTE_FORM | ROUTE_CSRF, manage_change },
	{ HTTP_POST, "/b/:code/cancel", ROUTE_FORM | ROUTE_CSRF, manage_cancel },
	{ HTTP_GET, "/b/:code/ics", 0, ics_show },
	{ HTTP_GET, "/b/:code/reply", 0, reply_show },
	{ HTTP_POST, "/b/:code/reply", ROUTE_FORM | ROUTE_CSRF, reply_submit },
	{ HTTP_GET, "/api/v1/restaurants/:slug/availability", ROUTE_JSON,
	    availability_api },
	{ HTTP_POST, "/api/v1/holds", ROUTE_JSON, hold_api },
	{ HTTP_POST, "/api/v1/reservations", ROUTE_JSON, reservation_create_api },
	{ HTTP_GET, "/api/v1/reservations/:code", ROUTE_JSON, reservation_get_api },
	{ HTTP_PATCH, "/api/v1/reservations/:code", ROUTE_JSON,
	    reservation_patch_api },
	{ HTTP_POST, "/api/v1/reservations/:code/cancel", ROUTE_JSON,
	    reservation_cancel_api },
	{ HTTP_POST, "/api/v1/reservations/:code/reply", ROUTE_JSON,
	    reservation_reply_api },
	{ HTTP_GET, "/api/v1/openapi.json", ROUTE_JSON, openapi_doc },
	{ 0, NULL, 0, NULL }
};

#define MAX_SLOTS	256
#define NEAREST		5
#define NAME_MAX_CHARS	100
#define PHONE_MAX	30
#define EMAIL_MAX	254
#define REQUESTS_MAX	500

/* ------------------------------------------------------------------ */
/* parameters                                                           */
/* ------------------------------------------------------------------ */

void
when_parse(struct req *r, const char *dname, const char *tname,
    const char *pname, int today, struct when *w)
{
	const char	*d, *t, *p;
	long long	 n;

	memset(w, 0, sizeof *w);
	w->day = today;
	w->minute = -1;
	w->party = 2;
	d = dname != NULL ? req_field(r, dname) : NULL;
	t = tname != NULL ? req_field(r, tname) : NULL;
	p = pname != NULL ? req_field(r, pname) : NULL;
	if (d != NULL && *d != '\0' && !date_parse(d, &w->day)) {
		w->bad = "date";
		w->why = "invalid_date";
	} else if (t != NULL && *t != '\0' && !hm_parse(t, &w->minute)) {
		w->bad = "time";
		w->why = "invalid_time";
	} else if (p != NULL && *p != '\0' && !parse_int(p, 1, 100, &n)) {
		w->bad = "party";
		w->why = "party_range";
	} else if (p != NULL && *p != '\0')
		w->party = (int)n;
	if (w->bad == NULL && tname != NULL && w->minute < 0) {
		w->bad = "time";
		w->why = "required";
	}
}

/* The guest fields from a form or JSON object; codes per field into errs. */
static void
guest_parse(struct req *r, json_t *j, struct guest *g, json_t *errs)
{
	g->name = in_text(r, j, "name", NAME_MAX_CHARS, true, errs, false);
	g->email = in_text(r, j, "email", EMAIL_MAX, true, errs, false);
	g->phone = in_text(r, j, "phone", PHONE_MAX, true, errs, false);
	g->requests = in_text(r, j, "requests", REQUESTS_MAX, false, errs, true);
	if (*g->email != '\0' && !email_ok(g->email))
		json_object_set_new(errs, "email", json_string("invalid_email"));
	if (*g->phone != '\0' && !phone_ok(g->phone))
		json_object_set_new(errs, "phone", json_string("invalid_phone"));
}

/* ------------------------------------------------------------------ */
/* availability                                                         */
/* ------------------------------------------------------------------ */

/* The clock of day and the active bookings that can touch it. */
static NEOERR *
day_state(struct req *r, const struct setup *s, int day,
    const struct day_clock **clock, struct booked **b, size_t *nb)
{
	NEOERR	*err;

	*b = NULL;
	*nb = 0;
	if ((err = clock_get(r->app->setups, r->app->db, s->timezone, day,
	    clock)) != STATUS_OK)
		return nerr_pass(err);
	/* a booking that started up to a day before can still be seated */
	return nerr_pass(db_booked_list(r->app->db, &s->id, 1,
	    (*clock)->hour[0] - 86400, (*clock)->hour[CLOCK_HOURS - 1], b, nb));
}

NEOERR *
book_times(struct req *r, const struct setup *s, int day, int party,
    int64_t exclude, struct slot *out, size_t max, size_t *n)
{
	const struct day_clock	*clock;
	struct avail_query	 q;
	struct booked		*b = NULL;
	size_t			 nb = 0;
	NEOERR			*err;

	*n = 0;
	if ((err = day_state(r, s, day, &clock, &b, &nb)) != STATUS_OK)
		return nerr_pass(err);
	memset(&q, 0, sizeof q);
	q.s = s;
	q.clock = clock;
	q.day = day;
	q.now = (int64_t)req_now(r);
	q.party = party;
	q.booked = b;
	q.nbooked = nb;
	q.exclude = exclude;
	*n = availability(&q, out, max);
	free(b);
	return STATUS_OK;
}

NEOERR *
book_times_many(struct req *r, const struct setup *const *s, size_t n, int day,
    int minute, int party, size_t k, struct slot *out, size_t *counts)
{
	const struct day_clock	**clocks;
	struct avail_query	 q;
	struct booked		*b = NULL, *mine;
	struct slot		 tmp[MAX_SLOTS];
	int64_t			*ids, from = INT64_MAX, to = 0;
	size_t			 i, j, nb = 0, nm, m;
	NEOERR			*err = STATUS_OK;

	clocks = calloc(n + 1, sizeof *clocks);
	ids = calloc(n + 1, sizeof *ids);
	mine = NULL;
	if (clocks == NULL || ids == NULL) {
		err = nerr_raise(NERR_NOMEM, "times");
		goto out;
	}
	for (i = 0; i < n; i++) {
		counts[i] = 0;
		ids[i] = s[i] != NULL ? s[i]->id : 0;
		if (s[i] == NULL)
			continue;
		if ((err = clock_get(r->app->setups, r->app->db, s[i]->timezone,
		    day, &clocks[i])) != STATUS_OK)
			goto out;
		if (clocks[i]->hour[0] - 86400 < from)
			from = clocks[i]->hour[0] - 86400;
		if (clocks[i]->hour[CLOCK_HOURS - 1] > to)
			to = clocks[i]->hour[CLOCK_HOURS - 1];
	}
	/* one range scan for the whole page */
	if ((err = db_booked_list(r->app->db, ids, n, from, to, &b, &nb)) !=
	    STATUS_OK)
		goto out;
	if ((mine = calloc(nb + 1, sizeof *mine)) == NULL) {
		err = nerr_raise(NERR_NOMEM, "times");
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == NULL)
			continue;
		for (nm = 0, j = 0; j < nb; j++)
			if (b[j].restaurant_id == s[i]->id)
				mine[nm++] = b[j];
		memset(&q, 0, sizeof q);
		q.s = s[i];
		q.clock = clocks[i];
		q.day = day;
		q.now = (int64_t)req_now(r);
		q.party = party;
		q.booked = mine;
		q.nbooked = nm;
		m = availability(&q, tmp, MAX_SLOTS);
		m = slots_nearest(tmp, m, minute, k);
		memcpy(out + i * k, tmp, m * sizeof *tmp);
		counts[i] = m;
	}
out:
	free(mine);
	free(b);
	free(ids);
	free(clocks);
	return nerr_pass(err);
}

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

/*
 * Why minute of day cannot be booked for party, leaving other bookings
 * aside; NULL if it could be (so someone else has it).
 */
static NEOERR *
unavailable_reason(struct req *r, const struct setup *s, int day, int minute,
    int party, const char **why)
{
	const struct day_clock	*clock;
	struct setup		 open = *s;
	struct avail_query	 q;
	struct slot		 v[MAX_SLOTS];
	int64_t			 start, now = (int64_t)req_now(r);
	size_t			 i, n;
	int			 seats = 0;
	NEOERR			*err;

	*why = NULL;
	for (i = 0; i < s->ntables; i++)
		if (s->tables[i].online && s->tables[i].seats_max > seats)
			seats = s->tables[i].seats_max;
	if (party > s->max_party || party > seats || turn_minutes(s, party) == 0) {
		*why = "party_too_large";
		return STATUS_OK;
	}
	if (setup_closed(s, day)) {
		*why = "closed";
		return STATUS_OK;
	}
	if ((err = clock_get(r->app->setups, r->app->db, s->timezone, day,
	    &clock)) != STATUS_OK)
		return nerr_pass(err);
	if (!clock_instant(clock, minute, &start)) {
		*why = "no_such_time";
		return STATUS_OK;
	}
	if (start < now) {
		*why = "past";
		return STATUS_OK;
	}
	if (start < now + (int64_t)s->min_notice_minutes * 60) {
		*why = "too_soon";
		return STATUS_OK;
	}
	if (start > now + (int64_t)s->booking_window_days * 86400) {
		*why = "beyond_window";
		return STATUS_OK;
	}
	/* an empty restaurant without pacing: is the time on the grid at all? */
	open.pacing = 0;
	memset(&q, 0, sizeof q);
	q.s = &open;
	q.clock = clock;
	q.day = day;
	q.now = now;
	q.party = party;
	n = availability(&q, v, MAX_SLOTS);
	for (i = 0; i < n; i++)
		if (v[i].minute == minute)
			return STATUS_OK;
	*why = "outside_hours";
	return STATUS_OK;
}

/* What a booking attempt needs about its time: slot, tables, or why not. */
struct attempt {
	struct slot	 slot;
	int64_t		 tables[64];
	size_t		 ntables;
	struct slot	 near[NEAREST];	/* alternatives when it fails */
	size_t		 nnear;
	const char	*why;		/* NULL, or why the time is not offered */
	bool		 taken;		/* offered, but no table is free */
};

/* Check minute of day for party (moving reservation exclude, if any). */
static NEOERR *
attempt_check(struct req *r, const struct setup *s, const struct when *w,
    int64_t exclude, struct attempt *a)
{
	const struct day_clock	*clock;
	struct avail_query	 q;
	struct booked		*b = NULL;
	struct slot		 v[MAX_SLOTS];
	size_t			 i, n, nb = 0;
	NEOERR			*err;

	memset(a, 0, sizeof *a);
	if ((err = day_state(r, s, w->day, &clock, &b, &nb)) != STATUS_OK)
		return nerr_pass(err);
	memset(&q, 0, sizeof q);
	q.s = s;
	q.clock = clock;
	q.day = w->day;
	q.now = (int64_t)req_now(r);
	q.party = w->party;
	q.booked = b;
	q.nbooked = nb;
	q.exclude = exclude;
	n = availability(&q, v, MAX_SLOTS);
	for (i = 0; i < n; i++)
		if (v[i].minute == w->minute) {
			a->slot = v[i];
			a->ntables = free_tables(s, w->party, v[i].start, v[i].end,
			    b, nb, exclude, a->tables, 64);
			free(b);
			return STATUS_OK;
		}
	free(b);
	a->nnear = slots_nearest(v, n, w->minute, NEAREST);
	memcpy(a->near, v, a->nnear * sizeof *v);
	if ((err = unavailable_reason(r, s, w->day, w->minute, w->party,
	    &a->why)) != STATUS_OK)
		return nerr_pass(err);
	a->taken = a->why == NULL;
	return STATUS_OK;
}

#ifdef STOLIK_TEST_HOOKS
/* Test builds may widen the gap between check and insert (race tests). */
static void
race_window(struct req *r)
{
	long long	 ms = r->app->test_booking_delay_ms;
	long long	 h;

	if (parse_int(req_header(r, "HTTP_X_STOLIK_TEST_DELAY"), 0, 5000, &h) &&
	    h > ms)
		ms = h;
	if (ms > 0)
		usleep((useconds_t)ms * 1000);
}
#else
#define race_window(r)	do { } while (0)
#endif

/* ------------------------------------------------------------------ */
/* pages                                                                */
/* ------------------------------------------------------------------ */

NEOERR *
book_picker(struct req *r, struct resp *w, const struct setup *s,
    const char *local_today)
{
	struct slot	 v[MAX_SLOTS];
	struct when	 wh;
	char		 date[11];
	NEOERR		*err;
	size_t		 n = 0;
	int		 today, party;

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
	if (wh.day < today)
		return nerr_pass(hdf_set_value(r->hdf, "Page.Book.Past", "1"));
	if (wh.day > today + s->booking_window_days)
		return nerr_pass(hdf_set_value(r->hdf, "Page.Book.Beyond", "1"));
	if ((err = book_times(r, s, wh.day, party, 0, v, MAX_SLOTS, &n)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(hdf_put_times(r->hdf, "Page.Book.Times", v, n));
}

/* Put a failed attempt's message and alternatives for the page. */
static NEOERR *
attempt_hdf(struct req *r, const struct attempt *a, const struct when *w)
{
	char	 hm[6];
	NEOERR	*err;

	hm_format(w->minute, hm);
	if ((err = hdf_set_value(r->hdf, "Page.Book.Error", a->taken ? "taken" :
	    a->why)) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Book.Wanted", hm)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(hdf_put_times(r->hdf, "Page.Book.Near", a->near, a->nnear));
}

/*
 * POST /r/{slug}/hold: take a hold on date, time, party; see the details form.
 * 303 to /b/{code}/details; 400 malformed; 404 unknown restaurant; 409 taken
 * (with the nearest free times); 422 not offered; 429 too many holds.
 */
static NEOERR *
hold_create(struct req *r, struct resp *w)
{
	const struct setup	*s = NULL;
	struct attempt		 a;
	struct hold_req		 h;
	struct hold		 hold;
	struct when		 wh;
	enum book_result	 res;
	char			 loc[128];
	NEOERR			*err;
	int			 status;

	if (!slug_valid(req_param(r, 0)))
		return nerr_pass(resp_error(r, w, 404));
	if ((err = setup_get(r->app->setups, r->app->db, 0, req_param(r, 0),
	    &s)) != STATUS_OK)
		return nerr_pass(err);
	if (s == NULL || !s->active)
		return nerr_pass(resp_error(r, w, 404));
	when_parse(r, "date", "time", "party", -1, &wh);
	if (wh.bad == NULL && wh.day < 0) {
		wh.bad = "date";
		wh.why = "required";
	}
	if (wh.bad != NULL) {
		if ((err = hdf_set_value(r->hdf, "Page.Book.Error", wh.why)) != STATUS_OK)
			return nerr_pass(err);
		return nerr_pass(restaurant_render(r, w, s->slug, 400));
	}
	if ((err = attempt_check(r, s, &wh, 0, &a)) != STATUS_OK)
		return nerr_pass(err);
	if (a.why != NULL || a.taken || a.ntables == 0) {
		a.taken = a.why == NULL;
		if ((err = attempt_hdf(r, &a, &wh)) != STATUS_OK)
			return nerr_pass(err);
		return nerr_pass(restaurant_render(r, w, s->slug,
		    a.taken ? 409 : 422));
	}
	race_window(r);
	memset(&h, 0, sizeof h);
	h.s = s;
	h.start = a.slot.start;
	h.end = a.slot.end;
	h.party = wh.party;
	h.tables = a.tables;
	h.ntables = a.ntables;
	h.source = "web";
	if ((err = session_csrf(r, w)) != STATUS_OK)
		return nerr_pass(err);
	h.owner = r->bid;
	h.ip = req_header(r, "REMOTE_ADDR");
	h.hold_minutes = r->app->hold_minutes;
	h.max_per_owner = r->app->holds_per_browser;
	h.max_per_ip = r->app->holds_per_ip;
	if ((err = db_begin(r->app->db)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = booking_hold(r->app->db, &h, &hold, &res)) != STATUS_OK) {
		db_rollback(r->app->db);
		return nerr_pass(err);
	}
	if (res != BOOK_OK) {
		db_rollback(r->app->db);
		status = res == BOOK_LIMIT ? 429 : 409;
		a.taken = true;
		a.why = NULL;
		if (res == BOOK_TAKEN && (err = attempt_check(r, s, &wh, 0, &a)) !=
		    STATUS_OK)
			return nerr_pass(err);
		a.taken = true;
		if ((err = attempt_hdf(r, &a, &wh)) != STATUS_OK ||
		    (res == BOOK_LIMIT && (err = hdf_set_value(r->hdf,
		    "Page.Book.Error", "hold_limit")) != STATUS_OK))
			return nerr_pass(err);
		return nerr_pass(restaurant_render(r, w, s->slug, status));
	}
	if ((err = db_commit(r->app->db)) != STATUS_OK)
		return nerr_pass(err);
	snprintf(loc, sizeof loc, "/b/%s/details?t=%s", hold.code, hold.token);
	return nerr_pass(resp_redirect(w, 303, loc));
}

/*
 * The reservation named by the path and its token (?t=, or the form field t
 * on POSTs). Without a token, a signed-in diner reaches their own bookings:
 * theirs by account, or made as a guest under their verified address.
 */
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

/* The details form (or the hold-expired page) for rv. */
static NEOERR *
details_render(struct req *r, struct resp *w, const struct reservation *rv,
    const char *token, int status)
{
	NEOERR	*err;

	resp_private(w);
	if ((err = hdf_put_reservation(r->hdf, rv, token)) != STATUS_OK)
		return nerr_pass(err);
	if (rv->hold_expires <= rv->now) {
		if ((err = hdf_set_value(r->hdf, "Page.Rv.Expired", "1")) != STATUS_OK)
			return nerr_pass(err);
		status = 410;
	}
	return nerr_pass(session_page(r, w, "diner/details.cs", status));
}

static NEOERR *
to_manage(struct resp *w, const struct reservation *rv, const char *token,
    const char *flag)
{
	char	 loc[160];

	snprintf(loc, sizeof loc, "/b/%s?t=%s%s%s", rv->code, token,
	    flag != NULL ? "&" : "", flag != NULL ? flag : "");
	if (*token == '\0')
		snprintf(loc, sizeof loc, "/b/%s%s%s", rv->code, flag != NULL ?
		    "?" : "", flag != NULL ? flag : "");
	return nerr_pass(resp_redirect(w, 303, loc));
}

/*
 * GET /b/{code}/details?t=: the hold's countdown and the details form.
 * 200; 303 to the manage page once confirmed; 404 wrong code or token;
 * 410 the hold expired.
 */
static NEOERR *
details_show(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	const char		*token;
	NEOERR			*err;

	if ((err = book_load(r, &rv, &token)) != STATUS_OK)
		return nerr_pass(err);
	if (rv == NULL)
		err = resp_error(r, w, 404);
	else if (rv->status == RSV_HELD || rv->status == RSV_EXPIRED) {
		if (rv->status == RSV_EXPIRED)
			rv->hold_expires = rv->now;
		err = details_render(r, w, rv, token, 200);
	} else
		err = to_manage(w, rv, token, NULL);
	db_reservation_free(rv);
	return nerr_pass(err);
}

/* Field errors (JSON object of codes) into Form.Errors.* and values kept. */
static NEOERR *
form_errors(HDF *hdf, json_t *errs)
{
	const char	*k;
	json_t		*v;
	NEOERR		*err = STATUS_OK;

	json_object_foreach(errs, k, v)
		if (err == STATUS_OK)
			err = hdf_set_valuef(hdf, "Form.Errors.%s=%s", k,
			    json_string_value(v));
	return nerr_pass(err);
}

/*
 * POST /b/{code}/details: confirm the hold with the guest's details.
 * 303 to the manage page; 404 wrong code or token; 410 hold expired; 422
 * the form again with a message per field; 429 too many bookings.
 */
static NEOERR *
details_submit(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	const struct setup	*s = NULL;
	const char		*token;
	struct guest		 g;
	enum rsv_status		 st;
	enum book_result	 res;
	json_t			*errs = json_object();
	NEOERR			*err;

	if ((err = book_load(r, &rv, &token)) != STATUS_OK)
		goto out;
	if (rv == NULL) {
		err = resp_error(r, w, 404);
		goto out;
	}
	if (rv->status == RSV_EXPIRED || (rv->status == RSV_HELD &&
	    rv->hold_expires <= rv->now)) {
		rv->hold_expires = rv->now;
		err = details_render(r, w, rv, token, 410);
		goto out;
	}
	if (rv->status != RSV_HELD) {
		err = to_manage(w, rv, token, NULL);
		goto out;
	}
	guest_parse(r, NULL, &g, errs);
	g.user_id = r->user_id;
	if (json_object_size(errs) > 0) {
		if ((err = form_errors(r->hdf, errs)) == STATUS_OK)
			err = details_render(r, w, rv, token, 422);
		goto out;
	}
	if ((err = setup_get(r->app->setups, r->app->db, rv->restaurant_id, NULL,
	    &s)) != STATUS_OK)
		goto out;
	if (s == NULL) {
		err = resp_error(r, w, 404);
		goto out;
	}
	if ((err = db_begin(r->app->db)) != STATUS_OK)
		goto out;
	err = booking_confirm(r->app->db, s, rv->code, token, &g,
	    r->app->bookings_per_guest, r->app->base_url, &st, &res);
	if (err != STATUS_OK || res != BOOK_OK) {
		db_rollback(r->app->db);
		if (err != STATUS_OK)
			goto out;
		if (res == BOOK_GUEST_LIMIT) {
			if ((err = hdf_set_value(r->hdf, "Form.Errors.email",
			    "guest_limit")) == STATUS_OK)
				err = details_render(r, w, rv, token, 429);
		} else {
			rv->hold_expires = rv->now;	/* show it as expired */
			err = details_render(r, w, rv, token, 410);
		}
		goto out;
	}
	if ((err = db_commit(r->app->db)) != STATUS_OK)
		goto out;
	err = to_manage(w, rv, token, "new=1");
out:
	json_decref(errs);
	db_reservation_free(rv);
	return nerr_pass(err);
}

/* The manage page, with free times for a change when asked. */
static NEOERR *
manage_render(struct req *r, struct resp *w, const struct reservation *rv,
    const char *token, int status)
{
	const struct setup	*s = NULL;
	struct slot		 v[MAX_SLOTS];
	struct when		 wh;
	char			 date[11];
	size_t			 n = 0;
	int			 day;
	NEOERR			*err;

	resp_private(w);
	if ((err = hdf_put_reservation(r->hdf, rv, token)) != STATUS_OK)
		return nerr_pass(err);
	if (!date_parse(rv->local_date, &day))
		return nerr_raise(NERR_ASSERT, "bad date %s", rv->local_date);
	when_parse(r, "date", NULL, "party", day, &wh);
	if (wh.bad == NULL && !req_field(r, "party"))
		wh.party = rv->party;
	date_format(wh.day, date);
	if ((err = hdf_set_value(r->hdf, "Page.Change.Date", date)) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Change.Party",
	    wh.party)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = setup_get(r->app->setups, r->app->db, rv->restaurant_id, NULL,
	    &s)) != STATUS_OK)
		return nerr_pass(err);
	if (s != NULL && (err = hdf_set_int_value(r->hdf, "Page.Change.MaxParty",
	    s->max_party)) != STATUS_OK)
		return nerr_pass(err);
	/* free times for a change, when the diner asked for some */
	if (s != NULL && req_field(r, "date") != NULL && wh.bad == NULL &&
	    wh.party <= s->max_party && (rv->status == RSV_CONFIRMED ||
	    rv->status == RSV_PENDING)) {
		if ((err = book_times(r, s, wh.day, wh.party, rv->id, v, MAX_SLOTS,
		    &n)) != STATUS_OK ||
		    (err = hdf_put_times(r->hdf, "Page.Change.Times", v, n)) !=
		    STATUS_OK ||
		    (err = hdf_set_value(r->hdf, "Page.Change.Asked", "1")) != STATUS_OK)
			return nerr_pass(err);
	}
	return nerr_pass(session_page(r, w, "diner/booking.cs", status));
}

/*
 * GET /b/{code}?t=: the booking, to view, change or cancel.
 * 200; 303 to the details form while held; 404 wrong code or token.
 */
static NEOERR *
manage_show(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	const char		*token;
	NEOERR			*err;

	if ((err = book_load(r, &rv, &token)) != STATUS_OK)
		return nerr_pass(err);
	if (rv == NULL)
		err = resp_error(r, w, 404);
	else if (rv->status == RSV_HELD && rv->hold_expires > rv->now) {
		char	 loc[160];

		snprintf(loc, sizeof loc, "/b/%s/details?t=%s", rv->code, token);
		err = resp_redirect(w, 303, loc);
	} else
		err = manage_render(r, w, rv, token, 200);
	db_reservation_free(rv);
	return nerr_pass(err);
}

/*
 * POST /b/{code}/change: move the booking to date, time, party.
 * 303 back to it; 400 malformed; 404 wrong code or token; 409 taken (with
 * alternatives), past the cutoff, or not changeable; 422 not offered.
 */
static NEOERR *
manage_change(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	const struct setup	*s = NULL;
	const char		*token;
	struct attempt		 a;
	struct when		 wh;
	enum book_result	 res;
	NEOERR			*err;
	int			 status = 0;

	if ((err = book_load(r, &rv, &token)) != STATUS_OK)
		return nerr_pass(err);
	if (rv == NULL) {
		err = resp_error(r, w, 404);
		goto out;
	}
	if ((err = setup_get(r->app->setups, r->app->db, rv->restaurant_id, NULL,
	    &s)) != STATUS_OK)
		goto out;
	when_parse(r, "date", "time", "party", -1, &wh);
	if (wh.bad == NULL && wh.day < 0) {
		wh.bad = "date";
		wh.why = "required";
	}
	if (wh.bad != NULL) {
		if ((err = hdf_set_value(r->hdf, "Page.Book.Error", wh.why)) == STATUS_OK)
			err = manage_render(r, w, rv, token, 400);
		goto out;
	}
	if (rv->status != RSV_CONFIRMED && rv->status != RSV_PENDING) {
		if ((err = hdf_set_value(r->hdf, "Page.Book.Error", "not_changeable")) ==
		    STATUS_OK)
			err = manage_render(r, w, rv, token, 409);
		goto out;
	}
	if (!rsv_before_cutoff(rv)) {
		if ((err = hdf_set_value(r->hdf, "Page.Book.Error", "too_late")) ==
		    STATUS_OK)
			err = manage_render(r, w, rv, token, 409);
		goto out;
	}
	if (s == NULL || (err = attempt_check(r, s, &wh, rv->id, &a)) != STATUS_OK)
		goto out;
	if (a.why == NULL && !a.taken && a.ntables > 0) {
		race_window(r);
		if ((err = db_begin(r->app->db)) != STATUS_OK)
			goto out;
		err = booking_change(r->app->db, s, rv, a.slot.start, a.slot.end,
		    wh.party, a.tables, a.ntables, token, r->app->base_url, &res);
		if (err == STATUS_OK && res == BOOK_OK) {
			if ((err = db_commit(r->app->db)) == STATUS_OK)
				err = to_manage(w, rv, token, "changed=1");
			goto out;
		}
		db_rollback(r->app->db);
		if (err != STATUS_OK)
			goto out;
		a.taken = res == BOOK_TAKEN;
		a.why = res == BOOK_TOO_LATE ? "too_late" :
		    res == BOOK_TAKEN ? NULL : "not_changeable";
	} else
		a.taken = a.why == NULL;
	status = a.taken || (a.why != NULL && (strcmp(a.why, "too_late") == 0 ||
	    strcmp(a.why, "not_changeable") == 0)) ? 409 : 422;
	if ((err = attempt_hdf(r, &a, &wh)) == STATUS_OK)
		err = manage_render(r, w, rv, token, status);
out:
	db_reservation_free(rv);
	return nerr_pass(err);
}

/*
 * POST /b/{code}/cancel: cancel before the cutoff.
 * 303 back to the booking; 404 wrong code or token; 409 past the cutoff
 * (the page gives the restaurant's phone) or already over.
 */
static NEOERR *
manage_cancel(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	const char		*token;
	enum book_result	 res;
	NEOERR			*err;

	if ((err = book_load(r, &rv, &token)) != STATUS_OK)
		return nerr_pass(err);
	if (rv == NULL) {
		err = resp_error(r, w, 404);
		goto out;
	}
	if ((err = db_begin(r->app->db)) != STATUS_OK)
		goto out;
	err = booking_cancel(r->app->db, rv, ACTOR_DINER, token, r->app->base_url,
	    &res);
	if (err == STATUS_OK && res == BOOK_OK) {
		if ((err = db_commit(r->app->db)) == STATUS_OK)
			err = to_manage(w, rv, token, "cancelled=1");
		goto out;
	}
	db_rollback(r->app->db);
	if (err != STATUS_OK)
		goto out;
	if (res == BOOK_GONE) {
		err = resp_error(r, w, 404);
		goto out;
	}
	if ((err = hdf_set_value(r->hdf, "Page.Book.Error", res == BOOK_TOO_LATE ?
	    "too_late" : "not_cancellable")) == STATUS_OK)
		err = manage_render(r, w, rv, token, 409);
out:
	db_reservation_free(rv);
	return nerr_pass(err);
}

/* The answer a reminder's link carries; NULL if none of ours. */
static const char *
reply_answer(struct req *r)
{
	static const char *const answers[] = { "coming", "late", "cancel" };
	const char	*a = req_field(r, "a");
	size_t		 i;

	for (i = 0; a != NULL && i < sizeof answers / sizeof answers[0]; i++)
		if (strcmp(a, answers[i]) == 0)
			return answers[i];
	return NULL;
}

/*
 * GET /b/{code}/reply?a=coming|late|cancel&t=: the reminder's one-tap
 * answer as a page with one button. Following the link changes nothing
 * (mail scanners follow links); the button posts. 200; 400 unknown
 * answer; 404 wrong code or token.
 */
static NEOERR *
reply_show(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	const char		*token, *a = reply_answer(r);
	NEOERR			*err;

	if ((err = book_load(r, &rv, &token)) != STATUS_OK)
		return nerr_pass(err);
	if (rv == NULL) {
		err = resp_error(r, w, 404);
		goto out;
	}
	if (a == NULL) {
		err = resp_error(r, w, 400);
		goto out;
	}
	resp_private(w);
	if ((err = hdf_put_reservation(r->hdf, rv, token)) == STATUS_OK &&
	    (err = hdf_set_value(r->hdf, "Page.Reply.Answer", a)) == STATUS_OK)
		err = session_page(r, w, "diner/reply.cs", 200);
out:
	db_reservation_free(rv);
	return nerr_pass(err);
}

/*
 * POST /b/{code}/reply: apply the answer. "coming" and "late" are kept on
 * the booking for the restaurant; "cancel" cancels as the manage page
 * does. 303 to the booking; 400 unknown answer; 404 wrong code or token;
 * 409 when the booking is no longer upcoming or past the cutoff.
 */
static NEOERR *
reply_submit(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	PGresult		*res = NULL;
	const char		*token, *a = reply_answer(r), *p[2];
	char			 ids[24];
	NEOERR			*err;

	if (a != NULL && strcmp(a, "cancel") == 0)
		return nerr_pass(manage_cancel(r, w));
	if ((err = book_load(r, &rv, &token)) != STATUS_OK)
		return nerr_pass(err);
	if (rv == NULL) {
		err = resp_error(r, w, 404);
		goto out;
	}
	if (a == NULL) {
		err = resp_error(r, w, 400);
		goto out;
	}
	snprintf(ids, sizeof ids, "%lld", (long long)rv->id);
	p[0] = ids;
	p[1] = a;
	if ((err = db_exec(r->app->db, STMT_REMINDER_ANSWER, 2, p, &res)) !=
	    STATUS_OK)
		goto out;
	if (PQntuples(res) == 1) {
		err = to_manage(w, rv, token, strcmp(a, "late") == 0 ?
		    "answered=late" : "answered=coming");
		goto out;
	}
	if ((err = hdf_set_value(r->hdf, "Page.Book.Error", "not_answerable")) ==
	    STATUS_OK)
		err = manage_render(r, w, rv, token, 409);
out:
	PQclear(res);
	db_reservation_free(rv);
	return nerr_pass(err);
}

/*
 * GET /b/{code}/ics?t=: the booking as an iCalendar file.
 * 200 text/calendar; 404 wrong code or token.
 */
static NEOERR *
ics_show(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	const char		*token;
	char			 url[512], disp[96];
	NEOERR			*err;

	if ((err = book_load(r, &rv, &token)) != STATUS_OK)
		return nerr_pass(err);
	if (rv == NULL)
		return nerr_pass(resp_error(r, w, 404));
	resp_private(w);
	snprintf(url, sizeof url, "%s/b/%s?t=%s", r->app->base_url, rv->code, token);
	string_clear(&w->body);
	string_init(&w->body);
	err = ical_event(&w->body, rv, "PUBLISH", rv->events, url,
	    r->app->base_url, NULL, NULL);
	if (err == STATUS_OK) {
		w->ctype = "text/calendar; charset=utf-8";
		snprintf(disp, sizeof disp, "attachment; filename=\"stolik-%s.ics\"",
		    rv->code);
		resp_header(w, "Content-Disposition", disp);
	}
	db_reservation_free(rv);
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* API                                                                  */
/* ------------------------------------------------------------------ */

/* A problem+json naming one field. */
static NEOERR *
field_problem(struct req *r, struct resp *w, int status, const char *field,
    const char *code)
{
	char	 key[64];

	snprintf(key, sizeof key, "Error.%s", code);
	return nerr_pass(json_problem(r, w, status, render_lang(r->app, key),
	    json_pack("{s:s}", field, code)));
}

static json_t *
times_json(const struct slot *v, size_t n)
{
	json_t	*a = json_array();
	char	 hm[6], s[32], e[32];
	size_t	 i;

	for (i = 0; i < n; i++) {
		hm_format(v[i].minute, hm);
		iso_utc(v[i].start, s);
		iso_utc(v[i].end, e);
		json_array_append_new(a, json_pack("{s:s,s:s,s:s}", "time", hm,
		    "start", s, "end", e));
	}
	return a;
}

/* The API's answer for an attempt that failed (409 or 422). */
static NEOERR *
attempt_problem(struct req *r, struct resp *w, const struct attempt *a,
    const char *why)
{
	json_t	*o;
	char	 key[64];
	int	 status;

	status = why == NULL || strcmp(why, "too_late") == 0 ||
	    strcmp(why, "not_changeable") == 0 ||
	    strcmp(why, "not_cancellable") == 0 ? 409 : 422;
	snprintf(key, sizeof key, "Error.%s", why != NULL ? why : "taken");
	o = json_pack("{s:s,s:s,s:i,s:s,s:s,s:o}", "type", "about:blank",
	    "title", http_reason(status), "status", status,
	    "detail", render_lang(r->app, key), "code", why != NULL ? why : "taken",
	    "alternatives", times_json(a->near, a->nnear));
	w->ctype = "application/problem+json";
	return nerr_pass(json_send(w, status, o));
}

/* The restaurant of an API call: 404 problem when unknown or not public. */
static NEOERR *
api_setup(struct req *r, struct resp *w, const char *slug,
    const struct setup **s)
{
	NEOERR	*err;

	*s = NULL;
	if (slug == NULL || !slug_valid(slug))
		return nerr_pass(field_problem(r, w, 404, "restaurant", "unknown"));
	if ((err = setup_get(r->app->setups, r->app->db, 0, slug, s)) != STATUS_OK)
		return nerr_pass(err);
	if (*s == NULL || !(*s)->active) {
		*s = NULL;
		return nerr_pass(field_problem(r, w, 404, "restaurant", "unknown"));
	}
	return STATUS_OK;
}

/*
 * GET /api/v1/restaurants/{slug}/availability?date=&party=: free times.
 * 200 {restaurant, date, party, timezone, slots}; 400 malformed; 404.
 */
static NEOERR *
availability_api(struct req *r, struct resp *w)
{
	const struct setup	*s;
	struct slot		 v[MAX_SLOTS];
	struct when		 wh;
	char			 date[11];
	size_t			 n;
	NEOERR			*err;

	if ((err = api_setup(r, w, req_param(r, 0), &s)) != STATUS_OK || s == NULL)
		return nerr_pass(err);
	when_parse(r, "date", NULL, "party", -1, &wh);
	if (wh.bad == NULL && wh.day < 0) {
		wh.bad = "date";
		wh.why = "required";
	}
	if (wh.bad != NULL)
		return nerr_pass(field_problem(r, w, 400, wh.bad, wh.why));
	if (wh.party > s->max_party)
		return nerr_pass(field_problem(r, w, 422, "party", "party_too_large"));
	if ((err = book_times(r, s, wh.day, wh.party, 0, v, MAX_SLOTS, &n)) !=
	    STATUS_OK)
		return nerr_pass(err);
	date_format(wh.day, date);
	return nerr_pass(json_send(w, 200, json_pack("{s:s,s:s,s:i,s:s,s:b,s:o}",
	    "restaurant", s->slug, "date", date, "party", wh.party,
	    "timezone", s->timezone, "closed", setup_closed(s, wh.day),
	    "slots", times_json(v, n))));
}

/*
 * "2026-12-01T19:30" (the restaurant's wall clock), with optional ":SS"
 * and an optional offset that must then agree with the restaurant's zone.
 */
static bool
start_parse(const char *v, struct when *w, int *offset, bool *has_offset)
{
	char	 d[11], t[6];
	size_t	 len;
	int	 oh, om;

	*has_offset = false;
	if (v == NULL || (len = strlen(v)) < 16 || v[10] != 'T')
		return false;
	memcpy(d, v, 10);
	d[10] = '\0';
	memcpy(t, v + 11, 5);
	t[5] = '\0';
	if (!date_parse(d, &w->day) || !hm_parse(t, &w->minute))
		return false;
	v += 16;
	if (strncmp(v, ":00", 3) == 0)
		v += 3;
	if (*v == '\0')
		return true;
	*has_offset = true;
	if (strcmp(v, "Z") == 0) {
		*offset = 0;
		return true;
	}
	if (strlen(v) != 6 || (v[0] != '+' && v[0] != '-') || v[3] != ':' ||
	    v[1] < '0' || v[1] > '9' || v[2] < '0' || v[2] > '9' ||
	    v[4] < '0' || v[4] > '5' || v[5] < '0' || v[5] > '9')
		return false;
	oh = (v[1] - '0') * 10 + (v[2] - '0');
	om = (v[4] - '0') * 10 + (v[5] - '0');
	*offset = (v[0] == '-' ? -1 : 1) * (oh * 60 + om);
	return oh <= 14;
}

/*
 * The restaurant, start and party of an API booking body; NULL setup with a
 * problem already in w when something is wrong.
 */
static NEOERR *
api_when(struct req *r, struct resp *w, json_t *j, const struct setup **s,
    struct when *wh, struct attempt *a, int64_t exclude, bool *ok)
{
	const struct day_clock	*clock;
	json_t			*party;
	int64_t			 inst;
	int			 offset;
	bool			 has_offset;
	NEOERR			*err;

	*ok = false;
	memset(wh, 0, sizeof *wh);
	party = json_object_get(j, "party");
	if (!start_parse(json_string_value(json_object_get(j, "start")), wh,
	    &offset, &has_offset))
		return nerr_pass(field_problem(r, w, 400, "start", "invalid_start"));
	if (!json_is_integer(party) || json_integer_value(party) < 1 ||
	    json_integer_value(party) > 100)
		return nerr_pass(field_problem(r, w, 400, "party", "party_range"));
	wh->party = (int)json_integer_value(party);
	if (has_offset) {
		if ((err = clock_get(r->app->setups, r->app->db, (*s)->timezone,
		    wh->day, &clock)) != STATUS_OK)
			return nerr_pass(err);
		/* the wall-clock time plus its offset must be this zone's instant */
		if (!clock_instant(clock, wh->minute, &inst) ||
		    inst != (int64_t)(wh->day + 10957) * 86400 +
		    (int64_t)wh->minute * 60 - (int64_t)offset * 60)
			return nerr_pass(field_problem(r, w, 422, "start",
			    "offset_mismatch"));
	}
	if ((err = attempt_check(r, *s, wh, exclude, a)) != STATUS_OK)
		return nerr_pass(err);
	if (a->why != NULL || a->taken || a->ntables == 0)
		return nerr_pass(attempt_problem(r, w, a, a->why));
	*ok = true;
	return STATUS_OK;
}

/* A reservation as the API shows it. */
static json_t *
rv_json(struct req *r, const struct reservation *rv, const char *token)
{
	char	 s[32], e[32], h[32], url[512], off[8];
	json_t	*o;

	iso_utc(rv->start, s);
	iso_utc(rv->end, e);
	offset_format(rv->utc_offset, off);
	snprintf(url, sizeof url, "%s/b/%s?t=%s", r->app->base_url, rv->code,
	    token != NULL ? token : "");
	o = json_pack("{s:s,s:s,s:{s:s,s:s,s:s,s:s},s:s,s:s,"
	    "s:{s:s,s:s,s:s,s:s},s:i,s:{s:s,s:s,s:s},s:s,s:s}",
	    "code", rv->code, "status", rsv_status_name(rv->status),
	    "restaurant", "slug", rv->slug, "name", rv->restaurant,
	    "phone", rv->phone, "timezone", rv->timezone,
	    "start", s, "end", e,
	    "local", "date", rv->local_date, "time", rv->local_time,
	    "end", rv->local_end, "utc_offset", off,
	    "party", rv->party,
	    "guest", "name", rv->guest_name, "email", rv->guest_email,
	    "phone", rv->guest_phone,
	    "requests", rv->requests, "manage_url", url);
	if (o != NULL)
		json_object_set_new(o, "reminder_answer", *rv->reminder_answer !=
		    '\0' ? json_string(rv->reminder_answer) : json_null());
	if (o != NULL && rv->status == RSV_HELD && rv->hold_expires > 0) {
		iso_utc(rv->hold_expires, h);
		json_object_set_new(o, "hold_expires_at", json_string(h));
	}
	return o;
}

/* Send the reservation (code, token) as it is now, with status. */
static NEOERR *
send_rv(struct req *r, struct resp *w, const char *code, const char *token,
    int status, bool with_token)
{
	struct reservation	*rv = NULL;
	json_t			*o;
	NEOERR			*err;

	/* the caller checked the access: a signed link or a login has no hash */
	if ((err = db_reservation_get(r->app->db, code, token != NULL &&
	    strlen(token) == SEC_TOKEN_B64 - 1 ? token : NULL, &rv)) != STATUS_OK)
		return nerr_pass(err);
	if (rv == NULL)
		return nerr_raise(ERR_DB, "reservation %s vanished", code);
	o = rv_json(r, rv, token);
	if (o != NULL && with_token)
		json_object_set_new(o, "token", json_string(token));
	db_reservation_free(rv);
	return nerr_pass(json_send(w, status, o));
}

/*
 * End an API call begun with db_begin and idem_begin: a success is kept,
 * with its answer for the Idempotency-Key; anything else is rolled back,
 * so the key may be used again once the client has fixed its request.
 */
static NEOERR *
api_end(struct req *r, struct resp *w, struct idem *id, NEOERR *err, bool ok)
{
	if (err != STATUS_OK || !ok) {
		db_rollback(r->app->db);
		return nerr_pass(err);
	}
	if ((err = idem_finish(r, w, id)) != STATUS_OK ||
	    (err = db_commit(r->app->db)) != STATUS_OK) {
		db_rollback(r->app->db);
		/* the booking is not there: say nothing that looks like success */
		resp_reset(w);
		return nerr_pass(err);
	}
	return STATUS_OK;
}

/*
 * Take a hold for an API call, or with g book at once (no hold asked
 * for); problems land in w.
 */
static NEOERR *
api_take(struct req *r, struct resp *w, const struct setup *s,
    const struct when *wh, const struct attempt *a, const struct guest *g,
    struct hold *hold, bool *ok)
{
	struct hold_req		 h;
	struct attempt		 again;
	enum book_result	 res;
	enum rsv_status		 st;
	NEOERR			*err;

	*ok = false;
	race_window(r);
	memset(&h, 0, sizeof h);
	h.s = s;
	h.start = a->slot.start;
	h.end = a->slot.end;
	h.party = wh->party;
	h.tables = a->tables;
	h.ntables = a->ntables;
	h.source = "api";
	h.ip = req_header(r, "REMOTE_ADDR");
	h.hold_minutes = r->app->hold_minutes;
	h.max_per_ip = r->app->holds_per_ip;
	err = g == NULL ? booking_hold(r->app->db, &h, hold, &res) :
	    booking_direct(r->app->db, &h, g, r->app->bookings_per_guest,
	    r->app->base_url, hold, &st, &res);
	if (err != STATUS_OK)
		return nerr_pass(err);
	if (res == BOOK_LIMIT)
		return nerr_pass(field_problem(r, w, 429, "start", "hold_limit"));
	if (res == BOOK_GUEST_LIMIT)
		return nerr_pass(field_problem(r, w, 429, "email", "guest_limit"));
	if (res != BOOK_OK) {
		/* someone was quicker: offer what is left around that time */
		if ((err = attempt_check(r, s, wh, 0, &again)) != STATUS_OK)
			return nerr_pass(err);
		return nerr_pass(attempt_problem(r, w, &again, NULL));
	}
	*ok = true;
	return STATUS_OK;
}

/*
 * POST /api/v1/holds {restaurant, start, party}: hold a table for a while.
 * 201 {code, status, hold_expires_at, token, ...}; 400/422 per field; 404;
 * 409 {alternatives}; 429 too many holds. Idempotency-Key honoured.
 */
static NEOERR *
hold_api(struct req *r, struct resp *w)
{
	const struct setup	*s = NULL;
	struct attempt		 a;
	struct when		 wh;
	struct hold		 hold;
	struct idem		 id;
	bool			 replay, ok;
	NEOERR			*err;

	if (!json_is_object(r->json))
		return nerr_pass(json_problem(r, w, 400, "Send a JSON object.", NULL));
	if ((err = db_begin(r->app->db)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = idem_begin(r, w, &id, &replay)) != STATUS_OK || replay) {
		db_rollback(r->app->db);
		return nerr_pass(err);
	}
	err = api_setup(r, w, json_string_value(json_object_get(r->json,
	    "restaurant")), &s);
	if (err == STATUS_OK && s != NULL)
		err = api_when(r, w, r->json, &s, &wh, &a, 0, &ok);
	else
		ok = false;
	if (err == STATUS_OK && ok)
		err = api_take(r, w, s, &wh, &a, NULL, &hold, &ok);
	if (err == STATUS_OK && ok)
		err = send_rv(r, w, hold.code, hold.token, 201, true);
	return nerr_pass(api_end(r, w, &id, err, ok));
}

/*
 * POST /api/v1/reservations {restaurant, start, party, name, email, phone,
 * requests, hold?: {code, token}}: book (confirming a hold if given).
 * 201 {code, status, manage_url, token, ...}; 400/422 per field; 404; 409
 * {alternatives}; 410 the hold expired; 429 limits. Idempotency-Key honoured.
 */
static NEOERR *
reservation_create_api(struct req *r, struct resp *w)
{
	const struct setup	*s = NULL;
	struct reservation	*rv = NULL;
	struct attempt		 a;
	struct when		 wh;
	struct hold		 hold;
	struct guest		 g;
	struct idem		 id;
	enum rsv_status		 st;
	enum book_result	 res;
	json_t			*errs = NULL, *hj;
	const char		*hcode, *htoken;
	bool			 replay, ok = false;
	NEOERR			*err;

	if (!json_is_object(r->json))
		return nerr_pass(json_problem(r, w, 400, "Send a JSON object.", NULL));
	if ((err = db_begin(r->app->db)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = idem_begin(r, w, &id, &replay)) != STATUS_OK || replay) {
		db_rollback(r->app->db);
		return nerr_pass(err);
	}
	errs = json_object();
	guest_parse(r, r->json, &g, errs);
	g.user_id = r->user_id;
	if (json_object_size(errs) > 0) {
		err = json_problem(r, w, 422, NULL, errs);
		errs = NULL;
		goto out;
	}
	memset(&hold, 0, sizeof hold);
	if ((hj = json_object_get(r->json, "hold")) != NULL) {
		/* confirm a hold taken before */
		hcode = json_string_value(json_object_get(hj, "code"));
		htoken = json_string_value(json_object_get(hj, "token"));
		if (hcode != NULL && htoken != NULL && strlen(hcode) < 33 &&
		    strlen(htoken) == SEC_TOKEN_B64 - 1 &&
		    (err = db_reservation_get(r->app->db, hcode, htoken, &rv)) !=
		    STATUS_OK)
			goto out;
		if (rv == NULL || rv->status != RSV_HELD) {
			err = field_problem(r, w, rv == NULL ? 404 : 409, "hold",
			    rv == NULL ? "unknown" : "not_held");
			goto out;
		}
		if ((err = setup_get(r->app->setups, r->app->db, rv->restaurant_id,
		    NULL, &s)) != STATUS_OK)
			goto out;
		snprintf(hold.code, sizeof hold.code, "%s", rv->code);
		snprintf(hold.token, sizeof hold.token, "%s", htoken);
	} else {
		err = api_setup(r, w, json_string_value(json_object_get(r->json,
		    "restaurant")), &s);
		if (err != STATUS_OK || s == NULL)
			goto out;
		if ((err = api_when(r, w, r->json, &s, &wh, &a, 0, &ok)) !=
		    STATUS_OK || !ok)
			goto out;
		ok = false;
		/* no hold asked for: book in one step */
		if ((err = api_take(r, w, s, &wh, &a, &g, &hold, &ok)) ==
		    STATUS_OK && ok)
			err = send_rv(r, w, hold.code, hold.token, 201, true);
		goto out;
	}
	if (s == NULL) {
		err = field_problem(r, w, 404, "restaurant", "unknown");
		goto out;
	}
	if ((err = booking_confirm(r->app->db, s, hold.code, hold.token, &g,
	    r->app->bookings_per_guest, r->app->base_url, &st, &res)) != STATUS_OK)
		goto out;
	if (res == BOOK_GUEST_LIMIT)
		err = field_problem(r, w, 429, "email", "guest_limit");
	else if (res != BOOK_OK)
		err = field_problem(r, w, 410, "hold", "hold_expired");
	else {
		ok = true;
		err = send_rv(r, w, hold.code, hold.token, 201, true);
	}
out:
	json_decref(errs);
	db_reservation_free(rv);
	return nerr_pass(api_end(r, w, &id, err, ok));
}

/* The reservation of an API call by code and token: 404 problem if none. */
static NEOERR *
api_rv(struct req *r, struct resp *w, struct reservation **rv,
    const char **token)
{
	NEOERR	*err;

	if ((err = book_load(r, rv, token)) != STATUS_OK)
		return nerr_pass(err);
	if (*rv == NULL)
		return nerr_pass(resp_error(r, w, 404));
	return STATUS_OK;
}

/* GET /api/v1/reservations/{code}?t=: the booking. 200; 404. */
static NEOERR *
reservation_get_api(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	const char		*token;
	NEOERR			*err;

	if ((err = api_rv(r, w, &rv, &token)) != STATUS_OK || rv == NULL)
		return nerr_pass(err);
	err = json_send(w, 200, rv_json(r, rv, token));
	db_reservation_free(rv);
	return nerr_pass(err);
}

/*
 * PATCH /api/v1/reservations/{code}?t= {start?, party?}: change time or
 * party; the new time is taken before the old is released.
 * 200; 400/422 per field; 404; 409 taken {alternatives}, past the cutoff.
 */
static NEOERR *
reservation_patch_api(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	const struct setup	*s = NULL;
	const char		*token;
	struct attempt		 a;
	struct when		 wh;
	enum book_result	 res;
	json_t			*j = NULL;
	char			 start[24];
	bool			 ok = false;
	NEOERR			*err;

	if (!json_is_object(r->json))
		return nerr_pass(json_problem(r, w, 400, "Send a JSON object.", NULL));
	if ((err = api_rv(r, w, &rv, &token)) != STATUS_OK || rv == NULL)
		return nerr_pass(err);
	if ((err = setup_get(r->app->setups, r->app->db, rv->restaurant_id, NULL,
	    &s)) != STATUS_OK)
		goto out;
	if (rv->status != RSV_CONFIRMED && rv->status != RSV_PENDING) {
		memset(&a, 0, sizeof a);
		err = attempt_problem(r, w, &a, "not_changeable");
		goto out;
	}
	if (!rsv_before_cutoff(rv)) {
		memset(&a, 0, sizeof a);
		err = attempt_problem(r, w, &a, "too_late");
		goto out;
	}
	/* what is not given stays as it is */
	j = json_deep_copy(r->json);
	if (json_object_get(j, "start") == NULL) {
		snprintf(start, sizeof start, "%sT%s", rv->local_date, rv->local_time);
		json_object_set_new(j, "start", json_string(start));
	}
	if (json_object_get(j, "party") == NULL)
		json_object_set_new(j, "party", json_integer(rv->party));
	if (s == NULL || (err = api_when(r, w, j, &s, &wh, &a, rv->id, &ok)) !=
	    STATUS_OK || !ok)
		goto out;
	race_window(r);
	if ((err = db_begin(r->app->db)) != STATUS_OK)
		goto out;
	err = booking_change(r->app->db, s, rv, a.slot.start, a.slot.end, wh.party,
	    a.tables, a.ntables, token, r->app->base_url, &res);
	if (err != STATUS_OK || res != BOOK_OK) {
		db_rollback(r->app->db);
		if (err == STATUS_OK)
			err = attempt_problem(r, w, &a, res == BOOK_TAKEN ? NULL :
			    res == BOOK_TOO_LATE ? "too_late" : "not_changeable");
		goto out;
	}
	if ((err = db_commit(r->app->db)) == STATUS_OK)
		err = send_rv(r, w, rv->code, token, 200, false);
out:
	json_decref(j);
	db_reservation_free(rv);
	return nerr_pass(err);
}

/*
 * POST /api/v1/reservations/{code}/cancel?t=: cancel.
 * 200 with the booking; 404; 409 past the cutoff or already over.
 * Idempotency-Key honoured.
 */
static NEOERR *
reservation_cancel_api(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	struct attempt		 a;
	struct idem		 id;
	const char		*token;
	enum book_result	 res;
	bool			 replay, ok = false;
	NEOERR			*err;

	if ((err = db_begin(r->app->db)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = idem_begin(r, w, &id, &replay)) != STATUS_OK || replay) {
		db_rollback(r->app->db);
		return nerr_pass(err);
	}
	if ((err = api_rv(r, w, &rv, &token)) != STATUS_OK || rv == NULL)
		goto out;
	if ((err = booking_cancel(r->app->db, rv, ACTOR_DINER, token,
	    r->app->base_url, &res)) != STATUS_OK)
		goto out;
	if (res != BOOK_OK) {
		memset(&a, 0, sizeof a);
		err = res == BOOK_GONE ? resp_error(r, w, 404) :
		    attempt_problem(r, w, &a, res == BOOK_TOO_LATE ? "too_late" :
		    "not_cancellable");
		goto out;
	}
	ok = true;
	err = send_rv(r, w, rv->code, token, 200, false);
out:
	db_reservation_free(rv);
	return nerr_pass(api_end(r, w, &id, err, ok));
}

/*
 * POST /api/v1/reservations/{code}/reply?t= {answer}: the reminder's
 * answer, "coming" or "late" (cancel with /cancel). 200; 404; 409 when
 * the booking is no longer upcoming; 422 another answer.
 */
static NEOERR *
reservation_reply_api(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	PGresult		*res = NULL;
	const char		*token, *a, *p[2];
	char			 ids[24];
	NEOERR			*err;

	a = json_string_value(json_object_get(r->json, "answer"));
	if (a == NULL || (strcmp(a, "coming") != 0 && strcmp(a, "late") != 0))
		return nerr_pass(field_problem(r, w, 422, "answer", "invalid"));
	if ((err = api_rv(r, w, &rv, &token)) != STATUS_OK || rv == NULL)
		return nerr_pass(err);
	snprintf(ids, sizeof ids, "%lld", (long long)rv->id);
	p[0] = ids;
	p[1] = a;
	if ((err = db_exec(r->app->db, STMT_REMINDER_ANSWER, 2, p, &res)) !=
	    STATUS_OK)
		goto out;
	if (PQntuples(res) == 1)
		err = send_rv(r, w, rv->code, token, 200, false);
	else
		err = field_problem(r, w, 409, "answer", "not_answerable");
out:
	PQclear(res);
	db_reservation_free(rv);
	return nerr_pass(err);
}

/* GET /api/v1/openapi.json: the API's description. 200. */
static NEOERR *
openapi_doc(struct req *r, struct resp *w)
{
	NEOERR	*err;

	if (r->app->openapi == NULL)
		return nerr_pass(resp_error(r, w, 404));
	string_clear(&w->body);
	string_init(&w->body);
	err = string_append(&w->body, r->app->openapi);
	w->ctype = "application/json";
	w->cache = "public, max-age=300";
	return nerr_pass(err);
}
