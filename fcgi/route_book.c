/* route_book.c: holds, the details form, confirmation, manage links and .ics, as pages and API. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static NEOERR	*hold_create(struct req *, struct resp *);
static NEOERR	*details_show(struct req *, struct resp *);
static NEOERR	*details_submit(struct req *, struct resp *);
static NEOERR	*manage_show(struct req *, struct resp *);
static NEOERR	*manage_change(struct req *, struct resp *);
static NEOERR	*manage_cancel(struct req *, struct resp *);
static NEOERR	*manage_cancel_ask(struct req *, struct resp *);
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
	{ HTTP_POST, "/r/:slug/hold", ROUTE_FORM | ROUTE_CSRF, hold_create,
	    SCOPE_NONE },
	{ HTTP_GET, "/b/:code/details", 0, details_show, SCOPE_NONE },
	{ HTTP_POST, "/b/:code/details", ROUTE_FORM | ROUTE_CSRF,
	    details_submit, SCOPE_NONE },
	{ HTTP_GET, "/b/:code", 0, manage_show, SCOPE_NONE },
	{ HTTP_POST, "/b/:code/change", ROUTE_FORM | ROUTE_CSRF, manage_change,
	    SCOPE_NONE },
	{ HTTP_GET, "/b/:code/cancel", 0, manage_cancel_ask, SCOPE_NONE },
	{ HTTP_POST, "/b/:code/cancel", ROUTE_FORM | ROUTE_CSRF, manage_cancel,
	    SCOPE_NONE },
	{ HTTP_GET, "/b/:code/ics", 0, ics_show, SCOPE_NONE },
	{ HTTP_GET, "/b/:code/reply", 0, reply_show, SCOPE_NONE },
	{ HTTP_POST, "/b/:code/reply", ROUTE_FORM | ROUTE_CSRF, reply_submit,
	    SCOPE_NONE },
	{ HTTP_GET, "/api/v1/restaurants/:slug/availability",
	    ROUTE_JSON | ROUTE_STALE, availability_api, SCOPE_PUBLIC },
	{ HTTP_POST, "/api/v1/holds", ROUTE_JSON, hold_api, SCOPE_NONE },
	{ HTTP_POST, "/api/v1/reservations", ROUTE_JSON, reservation_create_api,
	    SCOPE_NONE },
	{ HTTP_GET, "/api/v1/reservations/:code", ROUTE_JSON,
	    reservation_get_api, SCOPE_NONE },
	{ HTTP_PATCH, "/api/v1/reservations/:code", ROUTE_JSON,
	    reservation_patch_api, SCOPE_NONE },
	{ HTTP_POST, "/api/v1/reservations/:code/cancel", ROUTE_JSON,
	    reservation_cancel_api, SCOPE_NONE },
	{ HTTP_POST, "/api/v1/reservations/:code/reply", ROUTE_JSON,
	    reservation_reply_api, SCOPE_NONE },
	{ HTTP_GET, "/api/v1/openapi.json", ROUTE_JSON, openapi_doc,
	    SCOPE_PUBLIC },
	{ 0, NULL, 0, NULL, NULL }
};

#define MAX_SLOTS	256

/* ------------------------------------------------------------------ */
/* pages                                                                */
/* ------------------------------------------------------------------ */

/* A failed attempt's message and the free times near it, for the page. */
static NEOERR *
failure_hdf(struct req *r, const struct book_out *out, const char *code,
    int minute)
{
	char	 hm[6];
	NEOERR	*err;

	hm_format(minute, hm);
	if ((err = hdf_set_value(r->hdf, "Page.Book.Error", code)) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Book.Wanted", hm)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(hdf_put_times(r->hdf, "Page.Book.Near", out->offer.near,
	    out->offer.nnear));
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
	struct book_env		 env;
	struct book_out		 out;
	struct client		 c;
	struct want		 want;
	struct when		 wh;
	const char		*code;
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
	/* the browser id the hold belongs to */
	if ((err = session_csrf(r, w)) != STATUS_OK)
		return nerr_pass(err);
	want.day = wh.day;
	want.minute = wh.minute;
	want.party = wh.party;
	c.source = "web";
	c.browser = r->bid;
	c.ip = req_header(r, "REMOTE_ADDR");
	book_env_init(r, &env);
	memset(&out, 0, sizeof out);
	err = booking_hold(&env, s, &want, &c, &out);
	book_env_done(&env);
	if (err != STATUS_OK)
		return nerr_pass(err);
	if (out.res == BOOK_OK) {
		snprintf(loc, sizeof loc, "/b/%s/details?t=%s", out.code, out.token);
		return nerr_pass(resp_redirect(w, 303, loc));
	}
	status = book_failure(&out, "taken", &code);
	if ((err = failure_hdf(r, &out, code, wh.minute)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(restaurant_render(r, w, s->slug, status));
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
	bool			 paying = false;

	if ((err = book_load(r, &rv, &token)) != STATUS_OK)
		return nerr_pass(err);
	if (rv == NULL)
		err = resp_error(r, w, 404);
	else if (rv->status == RSV_HELD && (err = pay_under_way(r, w, rv, token,
	    &paying)) != STATUS_OK)
		;
	else if (paying)
		;	/* its payment's page says where it stands */
	else if (rv->status == RSV_HELD || rv->status == RSV_EXPIRED) {
		if (rv->status == RSV_EXPIRED)
			rv->hold_expires = rv->now;
		err = details_render(r, w, rv, token, 200);
	} else
		err = to_manage(w, rv, token, NULL);
	db_reservation_free(rv);
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
	struct book_env		 env;
	struct book_out		 out;
	const char		*token;
	struct guest		 g;
	json_t			*errs = json_object();
	NEOERR			*err;
	bool			 paying;

	memset(&out, 0, sizeof out);
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
	in_guest(r, NULL, &g, errs);
	if (json_object_size(errs) > 0) {
		if ((err = in_errors_to_form(r, errs)) == STATUS_OK)
			err = details_render(r, w, rv, token, 422);
		goto out;
	}
	/* a deposit: confirmed once paid, on the gateway's checkout page */
	if ((err = pay_checkout(r, w, rv, token, &g, &paying)) != STATUS_OK ||
	    paying)
		goto out;
	book_env_init(r, &env);
	err = booking_confirm(&env, rv, token, &g, &out);
	book_env_done(&env);
	if (err != STATUS_OK)
		goto out;
	if (out.res == BOOK_OK)
		err = to_manage(w, rv, token, "new=1");
	else if (out.res == BOOK_GUEST_LIMIT) {
		if ((err = hdf_set_value(r->hdf, "Form.Errors.email",
		    "guest_limit")) == STATUS_OK)
			err = details_render(r, w, rv, token, 429);
	} else {
		rv->hold_expires = rv->now;	/* show it as expired */
		err = details_render(r, w, rv, token, 410);
	}
out:
	book_out_free(&out);
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
	struct book_env		 env;
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
		book_env_init(r, &env);
		if ((err = offer_times(&env, s, wh.day, wh.party, rv->id, v,
		    MAX_SLOTS, &n)) != STATUS_OK ||
		    (err = hdf_put_times(r->hdf, "Page.Change.Times", v, n)) !=
		    STATUS_OK ||
		    (err = hdf_set_value(r->hdf, "Page.Change.Asked", "1")) != STATUS_OK)
			return nerr_pass(err);
	}
	return nerr_pass(session_page(r, w, "diner/booking.cs", status));
}
/*
 * No booking for a manage link: a 404 that says, when the link came
 * without its token, that it is incomplete and where to find it whole.
 */
static NEOERR *
manage_missing(struct req *r, struct resp *w)
{
	const char	*t = req_field(r, "t");
	NEOERR		*err;

	if ((t == NULL || *t == '\0') && (err = hdf_set_value(r->hdf,
	    "Page.Error.Hint", "manage_link")) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(resp_error(r, w, 404));
}

/*
 * GET /b/{code}/cancel?t=: are you sure? The cancel form on its own
 * (the manage page links here; the POST does it).
 * 200; 404 wrong code or token (or no token: see manage_missing).
 */
static NEOERR *
manage_cancel_ask(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	const char		*token;
	NEOERR			*err;

	if ((err = book_load(r, &rv, &token)) != STATUS_OK)
		return nerr_pass(err);
	if (rv == NULL)
		err = manage_missing(r, w);
	else if ((err = hdf_set_value(r->hdf, "Page.CancelAsk", "1")) ==
	    STATUS_OK)
		err = manage_render(r, w, rv, token, 200);
	db_reservation_free(rv);
	return nerr_pass(err);
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
		err = manage_missing(r, w);
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
	struct book_env		 env;
	struct book_out		 out;
	struct change		 c;
	struct when		 wh;
	const char		*token, *code;
	NEOERR			*err;
	int			 status;

	memset(&out, 0, sizeof out);
	if ((err = book_load(r, &rv, &token)) != STATUS_OK)
		return nerr_pass(err);
	if (rv == NULL) {
		err = resp_error(r, w, 404);
		goto out;
	}
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
	memset(&c, 0, sizeof c);
	c.want.day = wh.day;
	c.want.minute = wh.minute;
	c.want.party = wh.party;
	c.who = ACTOR_DINER;
	book_env_init(r, &env);
	err = booking_change(&env, rv, &c, token, &out);
	book_env_done(&env);
	if (err != STATUS_OK)
		goto out;
	if (out.res == BOOK_OK) {
		err = to_manage(w, rv, token, "changed=1");
		goto out;
	}
	if (out.res == BOOK_GONE) {
		err = resp_error(r, w, 404);
		goto out;
	}
	status = book_failure(&out, "not_changeable", &code);
	if ((err = failure_hdf(r, &out, code, wh.minute)) == STATUS_OK)
		err = manage_render(r, w, rv, token, status);
out:
	book_out_free(&out);
	db_reservation_free(rv);
	return nerr_pass(err);
}

/*
 * Cancel rv as the diner, or record the reminder's answer: 303 back to
 * the booking with flag; 404 when it is gone; 409 past the cutoff or no
 * longer upcoming (state the page's code for that).
 */
static NEOERR *
diner_act(struct req *r, struct resp *w, const struct reservation *rv,
    const char *token, const char *answer, const char *flag,
    const char *state)
{
	struct book_env		 env;
	struct book_out		 out;
	const char		*code;
	NEOERR			*err;
	int			 status;

	memset(&out, 0, sizeof out);
	book_env_init(r, &env);
	err = answer != NULL ? booking_reply(&env, rv, answer, token, &out) :
	    booking_cancel(&env, rv, token, &out);
	book_env_done(&env);
	if (err == STATUS_OK && out.res == BOOK_OK)
		err = to_manage(w, rv, token, flag);
	else if (err == STATUS_OK && out.res == BOOK_GONE)
		err = resp_error(r, w, 404);
	else if (err == STATUS_OK) {
		status = book_failure(&out, state, &code);
		if ((err = hdf_set_value(r->hdf, "Page.Book.Error", code)) ==
		    STATUS_OK)
			err = manage_render(r, w, rv, token, status);
	}
	book_out_free(&out);
	return nerr_pass(err);
}

/*
 * POST /b/{code}/cancel: cancel before the cutoff; with step=ask, the
 * confirming question instead (200).
 * 303 back to the booking; 404 wrong code or token; 409 past the cutoff
 * (the page gives the restaurant's phone) or already over.
 */
static NEOERR *
manage_cancel(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	const char		*token;
	NEOERR			*err;

	if ((err = book_load(r, &rv, &token)) != STATUS_OK)
		return nerr_pass(err);
	if (rv == NULL)
		err = resp_error(r, w, 404);
	else if (req_field(r, "step") != NULL &&
	    strcmp(req_field(r, "step"), "ask") == 0) {
		/* the manage page's button: are you sure? */
		if ((err = hdf_set_value(r->hdf, "Page.CancelAsk", "1")) ==
		    STATUS_OK)
			err = manage_render(r, w, rv, token, 200);
	} else
		err = diner_act(r, w, rv, token, NULL, "cancelled=1",
		    "not_cancellable");
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
	const char		*token, *a = reply_answer(r);
	NEOERR			*err;

	if ((err = book_load(r, &rv, &token)) != STATUS_OK)
		return nerr_pass(err);
	if (rv == NULL)
		err = resp_error(r, w, 404);
	else if (a == NULL)
		err = resp_error(r, w, 400);
	else if (strcmp(a, "cancel") == 0)
		err = diner_act(r, w, rv, token, NULL, "cancelled=1",
		    "not_cancellable");
	else
		err = diner_act(r, w, rv, token, a, strcmp(a, "late") == 0 ?
		    "answered=late" : "answered=coming", "not_answerable");
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
	return nerr_pass(json_problem(r, w, status, render_text(r, key),
	    json_pack("{s:s}", field, code)));
}

/*
 * The API's answer for an action that did not work: its status, code and
 * the free times nearest to what was asked, each in the forms it takes.
 */
static NEOERR *
failure_problem(struct req *r, struct resp *w, struct book_env *env,
    const struct setup *s, int day, const struct book_out *out,
    const char *state)
{
	json_t		*o, *alts = NULL;
	const char	*code, *field;
	char		 key[64];
	int		 status;
	NEOERR		*err;

	status = book_failure(out, state, &code);
	if (s != NULL && (err = slots_json(env, s->timezone, day,
	    out->offer.near, out->offer.nnear, &alts)) != STATUS_OK)
		return nerr_pass(err);
	/* the field the client would change */
	field = out->res == BOOK_GUEST_LIMIT ? "email" :
	    out->res == BOOK_NO_TABLE ? "table" :
	    out->res == BOOK_NOT_OFFERED &&
	    out->offer.why == OFFER_PARTY_TOO_LARGE ? "party" : "start";
	snprintf(key, sizeof key, "Error.%s", code);
	o = json_pack("{s:s,s:s,s:i,s:s,s:s,s:{s:s},s:o}", "type",
	    "about:blank", "title", http_reason(status), "status", status,
	    "detail", render_text(r, key), "code", code, "errors", field,
	    code, "alternatives", alts != NULL ? alts : json_array());
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
	/* the replica's, never kept, on a GET that may read there */
	if ((err = readdb_setup(r, 0, slug, s)) != STATUS_OK)
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
	struct book_env		 env;
	struct slot		 v[MAX_SLOTS];
	struct when		 wh;
	json_t			*slots = NULL;
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
	book_env_init(r, &env);
	if ((err = readdb_offer_times(r, &env, s, wh.day, wh.party, v,
	    MAX_SLOTS, &n)) != STATUS_OK ||
	    (err = slots_json(&env, s->timezone, wh.day, v, n, &slots)) !=
	    STATUS_OK) {
		json_decref(slots);
		return nerr_pass(err);
	}
	date_format(wh.day, date);
	return nerr_pass(json_send(w, 200, json_pack("{s:s,s:s,s:i,s:s,s:b,s:o}",
	    "restaurant", s->slug, "date", date, "party", wh.party,
	    "timezone", s->timezone, "closed", setup_closed(s, wh.day),
	    "slots", slots)));
}

/*
 * The time an API body asks for at s: its start (the restaurant's wall
 * clock, or an instant in any offset) and party; *ok false with the
 * problem already in w.
 */
static NEOERR *
api_want(struct req *r, struct resp *w, struct book_env *env,
    const struct setup *s, json_t *j, struct want *want, bool *ok)
{
	struct start	 st;
	json_t		*party;
	NEOERR		*err;
	bool		 named;

	*ok = false;
	memset(want, 0, sizeof *want);
	party = json_object_get(j, "party");
	if (!start_parse(json_string_value(json_object_get(j, "start")), &st))
		return nerr_pass(field_problem(r, w, 400, "start", "invalid_start"));
	if (!json_is_integer(party) || json_integer_value(party) < 1 ||
	    json_integer_value(party) > 100)
		return nerr_pass(field_problem(r, w, 400, "party", "party_range"));
	want->party = (int)json_integer_value(party);
	want->day = st.day;
	want->minute = st.minute;
	/* an instant is the restaurant's local time it names */
	named = !st.off_grid;
	if (named && st.instant && (err = offer_local(env, s->timezone, st.t,
	    &want->day, &want->minute, &named)) != STATUS_OK)
		return nerr_pass(err);
	if (!named)
		return nerr_pass(field_problem(r, w, 422, "start", "not_offered"));
	*ok = true;
	return STATUS_OK;
}

/* A reservation as the API shows it. */
static json_t *
rv_json(struct req *r, const struct reservation *rv, const char *token)
{
	char	 s[32], e[32], sl[32], el[32], h[32], url[512], off[8];
	json_t	*o;

	iso_utc(rv->start, s);
	iso_utc(rv->end, e);
	iso_local(rv->start, rv->utc_offset, sl);
	iso_local(rv->end, rv->end_offset, el);
	offset_format(rv->utc_offset, off);
	snprintf(url, sizeof url, "%s/b/%s?t=%s", r->app->base_url, rv->code,
	    token != NULL ? token : "");
	o = json_pack("{s:s,s:s,s:{s:s,s:s,s:s,s:s},s:s,s:s,s:s,s:s,"
	    "s:{s:s,s:s,s:s,s:s},s:i,s:{s:s,s:s,s:s},s:s,s:s}",
	    "code", rv->code, "status", rsv_status_name(rv->status),
	    "restaurant", "slug", rv->slug, "name", rv->restaurant,
	    "phone", rv->phone, "timezone", rv->timezone,
	    "start", s, "end", e, "start_local", sl, "end_local", el,
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

/*
 * The deposit a held booking would owe under its restaurant's policy, as
 * o's "deposit" (null when none). Shown only: collecting it is the
 * payment flow's, still to come.
 */
static NEOERR *
rv_json_deposit(struct req *r, const struct reservation *rv, json_t *o)
{
	const struct setup	*s;
	struct deposit_due	 d;
	NEOERR			*err;
	bool			 due;

	if (o == NULL)
		return STATUS_OK;
	if ((err = rv_deposit(r, rv, &s, &d, &due)) != STATUS_OK)
		return nerr_pass(err);
	json_object_set_new(o, "deposit", due ? deposit_json(r, &s->deposit,
	    &d) : json_null());
	return STATUS_OK;
}

/*
 * An API call that changes a booking: its answer, and with an
 * Idempotency-Key the work the key adds to the action's transaction.
 */
struct api_call {
	struct req	*r;
	struct resp	*w;
	struct idem	 id;
	struct book_hook hook;
	const char	*token;		/* for the answer (NULL: the new one) */
	int		 status;	/* of a success */
	bool		 with_token;	/* show the manage token (new ones) */
	bool		 sent;		/* w has the answer */
};

/* The booking the action left, as the answer. */
static NEOERR *
api_answer(struct api_call *c, const struct book_out *out)
{
	const char	*token = c->token != NULL ? c->token : out->token;
	json_t		*o;
	NEOERR		*err;

	if (out->rv == NULL)
		return nerr_raise(NERR_ASSERT, "no booking to answer with");
	resp_reset(c->w);
	o = rv_json(c->r, out->rv, token);
	/* a booking this call made (it shows the new token) has no payment */
	if (o != NULL && c->with_token)
		json_object_set_new(o, "payment", json_null());
	if ((err = rv_json_deposit(c->r, out->rv, o)) != STATUS_OK ||
	    (!c->with_token && (err = pay_json(c->r, out->rv, o)) != STATUS_OK)) {
		json_decref(o);
		return nerr_pass(err);
	}
	if (o != NULL && c->with_token)
		json_object_set_new(o, "token", json_string(token));
	c->sent = true;
	return nerr_pass(json_send(c->w, c->status, o));
}

static NEOERR *
hook_begin(void *arg, bool *stop)
{
	struct api_call	*c = arg;

	return nerr_pass(idem_begin(c->r, c->w, &c->id, stop));
}

/* Inside the transaction: the answer, kept for the key. */
static NEOERR *
hook_commit(void *arg, const struct book_out *out)
{
	struct api_call	*c = arg;
	NEOERR		*err;

	if ((err = api_answer(c, out)) != STATUS_OK ||
	    (err = idem_finish(c->r, c->w, &c->id, c->token != NULL ? c->token :
	    out->token)) != STATUS_OK) {
		/* the booking is not there: say nothing that looks like success */
		resp_reset(c->w);
		c->sent = false;
	}
	return nerr_pass(err);
}

/* The frame of an API call: the booking read back, the key honoured. */
static void
api_begin(struct req *r, struct resp *w, struct api_call *c,
    struct book_env *env, int status, const char *token, bool with_token)
{
	memset(c, 0, sizeof *c);
	c->r = r;
	c->w = w;
	c->status = status;
	c->token = token;
	c->with_token = with_token;
	book_env_init(r, env);
	env->read_back = true;
	if (req_header(r, "HTTP_IDEMPOTENCY_KEY") != NULL) {
		c->hook.begin = hook_begin;
		c->hook.commit = hook_commit;
		c->hook.arg = c;
		env->hook = &c->hook;
	}
}

/* After the action: the answer, unless the hook gave it or replayed one. */
static NEOERR *
api_end(struct api_call *c, struct book_env *env, const struct setup *s,
    int day, const struct book_out *out, const char *state)
{
	if (out->replayed || c->sent)
		return STATUS_OK;
	if (out->res == BOOK_OK)
		return nerr_pass(api_answer(c, out));
	if (out->res == BOOK_GONE)
		return nerr_pass(resp_error(c->r, c->w, 404));
	return nerr_pass(failure_problem(c->r, c->w, env, s, day, out, state));
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
	struct book_env		 env;
	struct book_out		 out;
	struct api_call		 c;
	struct client		 cl;
	struct want		 want;
	NEOERR			*err;
	bool			 ok;

	if (!json_is_object(r->json))
		return nerr_pass(json_problem(r, w, 400, "Send a JSON object.", NULL));
	api_begin(r, w, &c, &env, 201, NULL, true);
	if ((err = api_setup(r, w, json_string_value(json_object_get(r->json,
	    "restaurant")), &s)) != STATUS_OK || s == NULL ||
	    (err = api_want(r, w, &env, s, r->json, &want, &ok)) != STATUS_OK ||
	    !ok)
		return nerr_pass(err);
	cl.source = "api";
	cl.browser = NULL;
	cl.ip = req_header(r, "REMOTE_ADDR");
	memset(&out, 0, sizeof out);
	err = booking_hold(&env, s, &want, &cl, &out);
	book_env_done(&env);
	if (err == STATUS_OK)
		err = api_end(&c, &env, s, want.day, &out, "taken");
	book_out_free(&out);
	return nerr_pass(err);
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
	struct book_env		 env;
	struct book_out		 out;
	struct api_call		 c;
	struct client		 cl;
	struct want		 want;
	struct guest		 g;
	json_t			*errs, *hj;
	const char		*hcode, *htoken;
	bool			 ok, paying;
	NEOERR			*err = STATUS_OK;

	if (!json_is_object(r->json))
		return nerr_pass(json_problem(r, w, 400, "Send a JSON object.", NULL));
	errs = json_object();
	in_guest(r, r->json, &g, errs);
	if (json_object_size(errs) > 0)
		return nerr_pass(json_problem(r, w, 422, NULL, errs));
	json_decref(errs);
	memset(&out, 0, sizeof out);
	if ((hj = json_object_get(r->json, "hold")) != NULL) {
		/* confirm a hold taken before */
		hcode = json_string_value(json_object_get(hj, "code"));
		htoken = json_string_value(json_object_get(hj, "token"));
		if (hcode != NULL && htoken != NULL && strlen(hcode) < 33 &&
		    strlen(htoken) == SEC_TOKEN_B64 - 1 &&
		    (err = db_reservation_get(r->app->db, hcode, htoken, &rv)) !=
		    STATUS_OK)
			return nerr_pass(err);
		if (rv == NULL || rv->status != RSV_HELD) {
			err = field_problem(r, w, rv == NULL ? 404 : 409, "hold",
			    rv == NULL ? "unknown" : "not_held");
			goto out;
		}
		/* a deposit: 202 with the checkout's address */
		if ((err = pay_checkout(r, w, rv, htoken, &g, &paying)) !=
		    STATUS_OK || paying)
			goto out;
		api_begin(r, w, &c, &env, 201, htoken, true);
		err = booking_confirm(&env, rv, htoken, &g, &out);
		book_env_done(&env);
		if (err != STATUS_OK)
			goto out;
		/* a hold that ran out is its own answer */
		if (out.res == BOOK_GONE && !out.replayed)
			err = field_problem(r, w, 410, "hold", "hold_expired");
		else
			err = api_end(&c, &env, NULL, 0, &out, "not_held");
		goto out;
	}
	api_begin(r, w, &c, &env, 201, NULL, true);
	if ((err = api_setup(r, w, json_string_value(json_object_get(r->json,
	    "restaurant")), &s)) != STATUS_OK || s == NULL ||
	    (err = api_want(r, w, &env, s, r->json, &want, &ok)) != STATUS_OK ||
	    !ok)
		goto out;
	/* no hold asked for: book in one step */
	cl.source = "api";
	cl.browser = NULL;
	cl.ip = req_header(r, "REMOTE_ADDR");
	err = booking_direct(&env, s, &want, &cl, &g, &out);
	book_env_done(&env);
	if (err == STATUS_OK)
		err = api_end(&c, &env, s, want.day, &out, "taken");
out:
	book_out_free(&out);
	db_reservation_free(rv);
	return nerr_pass(err);
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
	json_t			*o;
	NEOERR			*err;

	if ((err = api_rv(r, w, &rv, &token)) != STATUS_OK || rv == NULL)
		return nerr_pass(err);
	o = rv_json(r, rv, token);
	if ((err = rv_json_deposit(r, rv, o)) == STATUS_OK &&
	    (err = pay_json(r, rv, o)) == STATUS_OK)
		err = json_send(w, 200, o);
	else
		json_decref(o);
	db_reservation_free(rv);
	return nerr_pass(err);
}

/*
 * PATCH /api/v1/reservations/{code}?t= {start?, party?}: change time or
 * party; the new time is taken as the old is given up.
 * 200; 400/422 per field; 404; 409 taken {alternatives}, past the cutoff.
 */
static NEOERR *
reservation_patch_api(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	const struct setup	*s = NULL;
	struct book_env		 env;
	struct book_out		 out;
	struct api_call		 c;
	struct change		 ch;
	const char		*token;
	json_t			*j = NULL;
	char			 start[24];
	bool			 ok;
	NEOERR			*err;

	if (!json_is_object(r->json))
		return nerr_pass(json_problem(r, w, 400, "Send a JSON object.", NULL));
	if ((err = api_rv(r, w, &rv, &token)) != STATUS_OK || rv == NULL)
		return nerr_pass(err);
	memset(&out, 0, sizeof out);
	if ((err = setup_get(r->app->setups, r->app->db, rv->restaurant_id, NULL,
	    &s)) != STATUS_OK)
		goto out;
	if (s == NULL) {
		err = resp_error(r, w, 404);
		goto out;
	}
	api_begin(r, w, &c, &env, 200, token, false);
	/* what is not given stays as it is */
	j = json_deep_copy(r->json);
	if (json_object_get(j, "start") == NULL) {
		snprintf(start, sizeof start, "%sT%s", rv->local_date, rv->local_time);
		json_object_set_new(j, "start", json_string(start));
	}
	if (json_object_get(j, "party") == NULL)
		json_object_set_new(j, "party", json_integer(rv->party));
	if ((err = api_want(r, w, &env, s, j, &ch.want, &ok)) != STATUS_OK || !ok)
		goto out;
	ch.table = 0;
	ch.who = ACTOR_DINER;
	ch.by = NULL;
	err = booking_change(&env, rv, &ch, token, &out);
	book_env_done(&env);
	if (err == STATUS_OK)
		err = api_end(&c, &env, s, ch.want.day, &out, "not_changeable");
out:
	book_out_free(&out);
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
	struct book_env		 env;
	struct book_out		 out;
	struct api_call		 c;
	const char		*token;
	NEOERR			*err;

	if ((err = api_rv(r, w, &rv, &token)) != STATUS_OK || rv == NULL)
		return nerr_pass(err);
	memset(&out, 0, sizeof out);
	api_begin(r, w, &c, &env, 200, token, false);
	err = booking_cancel(&env, rv, token, &out);
	book_env_done(&env);
	if (err == STATUS_OK)
		err = out.res == BOOK_GONE && !out.replayed ?
		    resp_error(r, w, 404) :
		    api_end(&c, &env, NULL, 0, &out, "not_cancellable");
	book_out_free(&out);
	db_reservation_free(rv);
	return nerr_pass(err);
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
	struct book_env		 env;
	struct book_out		 out;
	struct api_call		 c;
	const char		*token, *a;
	NEOERR			*err;

	a = json_string_value(json_object_get(r->json, "answer"));
	if (a == NULL || (strcmp(a, "coming") != 0 && strcmp(a, "late") != 0))
		return nerr_pass(field_problem(r, w, 422, "answer", "invalid"));
	if ((err = api_rv(r, w, &rv, &token)) != STATUS_OK || rv == NULL)
		return nerr_pass(err);
	memset(&out, 0, sizeof out);
	api_begin(r, w, &c, &env, 200, token, false);
	err = booking_reply(&env, rv, a, token, &out);
	book_env_done(&env);
	if (err == STATUS_OK) {
		if (out.res == BOOK_STATE)
			err = field_problem(r, w, 409, "answer", "not_answerable");
		else
			err = out.res == BOOK_GONE ? resp_error(r, w, 404) :
			    api_end(&c, &env, NULL, 0, &out, "not_answerable");
	}
	book_out_free(&out);
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
