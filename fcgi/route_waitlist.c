/* route_waitlist.c: "notify me": waitlist entries and their offers, as pages and API (issue 18). */
#include "app.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static NEOERR	*entry_create(struct req *, struct resp *);
static NEOERR	*entry_show(struct req *, struct resp *);
static NEOERR	*entry_confirm(struct req *, struct resp *);
static NEOERR	*entry_leave(struct req *, struct resp *);
static NEOERR	*claim_show(struct req *, struct resp *);
static NEOERR	*claim_submit(struct req *, struct resp *);
static NEOERR	*entry_create_api(struct req *, struct resp *);
static NEOERR	*entry_get_api(struct req *, struct resp *);
static NEOERR	*entry_leave_api(struct req *, struct resp *);
static NEOERR	*claim_gone(struct req *, struct resp *, const struct wl_entry *,
		    const char *);

const struct route waitlist_routes[] = {
	{ HTTP_POST, "/r/:slug/waitlist", ROUTE_FORM | ROUTE_CSRF, entry_create,
	    SCOPE_NONE },
	{ HTTP_GET, "/w/:code", 0, entry_show, SCOPE_NONE },
	{ HTTP_POST, "/w/:code/confirm", ROUTE_FORM | ROUTE_CSRF, entry_confirm,
	    SCOPE_NONE },
	{ HTTP_POST, "/w/:code/leave", ROUTE_FORM | ROUTE_CSRF, entry_leave,
	    SCOPE_NONE },
	{ HTTP_GET, "/w/:code/claim", 0, claim_show, SCOPE_NONE },
	{ HTTP_POST, "/w/:code/claim", ROUTE_FORM | ROUTE_CSRF, claim_submit,
	    SCOPE_NONE },
	{ HTTP_POST, "/api/v1/waitlist", ROUTE_JSON, entry_create_api,
	    SCOPE_NONE },
	{ HTTP_GET, "/api/v1/waitlist/:code", ROUTE_JSON, entry_get_api,
	    SCOPE_NONE },
	{ HTTP_POST, "/api/v1/waitlist/:code/leave", ROUTE_JSON,
	    entry_leave_api, SCOPE_NONE },
	{ 0, NULL, 0, NULL, NULL }
};

#define WL_SLOTS	256
#define WINDOW_MAX	(12 * 60)	/* minutes */

/* ------------------------------------------------------------------ */
/* input and loading                                                    */
/* ------------------------------------------------------------------ */

/* The form of a new entry, checked; errors by field into errs. */
struct wl_in {
	struct wl_new	 n;
	char		 date[11];
	char		 from[6];
	char		 to[6];
};

static void
wl_input(struct req *r, json_t *j, const struct setup *s, struct wl_in *in,
    json_t *errs)
{
	struct book_env	 env;
	const char	*d, *f, *t;
	long long	 party = 2;
	int		 day = -1, today = -2, fm = -1, tm = -1, now_min = 0;
	bool		 ok;

	memset(in, 0, sizeof *in);
	in->n.restaurant_id = s->id;
	in->n.restaurant = s->name;
	d = in_text(r, j, "date", 10, true, errs, false);
	f = in_text(r, j, "from", 5, true, errs, false);
	t = in_text(r, j, "to", 5, false, errs, false);
	in_int(r, j, "party", 1, s->max_party, true, errs, &party);
	in->n.party = (int)party;
	if (*d != '\0' && !date_parse(d, &day))
		json_object_set_new(errs, "date", json_string("invalid_date"));
	else if (*d != '\0') {
		/* a date the restaurant takes bookings for */
		book_env_init(r, &env);
		today = -1;
		if (offer_local(&env, s->timezone, env.now, &today, &now_min,
		    &ok) != STATUS_OK || today < 0)
			today = day;
		book_env_done(&env);
		if (day < today || day > today + s->booking_window_days ||
		    setup_closed(s, day))
			json_object_set_new(errs, "date",
			    json_string("waitlist_closed"));
		date_format(day, in->date);
	}
	if (*f != '\0' && !hm_parse(f, &fm))
		json_object_set_new(errs, "from", json_string("invalid_time"));
	if (*t != '\0' && !hm_parse(t, &tm))
		json_object_set_new(errs, "to", json_string("invalid_time"));
	/* no end given: two hours on, within the day */
	if (fm >= 0 && *t == '\0')
		tm = fm + 120 < 24 * 60 ? fm + 120 : 24 * 60 - 1;
	if (fm >= 0 && tm >= 0 && (tm < fm || tm - fm > WINDOW_MAX))
		json_object_set_new(errs, "to", json_string("waitlist_window"));
	/* today, a window already behind us would end at once */
	else if (tm >= 0 && *in->date != '\0' && day == today && tm < now_min)
		json_object_set_new(errs, "to", json_string("waitlist_past"));
	if (fm >= 0)
		hm_format(fm, in->from);
	if (tm >= 0)
		hm_format(tm, in->to);
	in->n.date = in->date;
	in->n.from_hm = in->from;
	in->n.to_hm = in->to;
	if (r->user_id > 0 && r->user_email != NULL) {
		/* a signed-in diner waits with the account's own address */
		in->n.email = r->user_email;
		in->n.name = r->user_name != NULL ? r->user_name : "";
		in->n.user_id = r->user_id;
		in->n.confirmed = r->verified;
	} else {
		in->n.name = in_text(r, j, "name", 100, true, errs, false);
		in->n.email = in_text(r, j, "email", 254, true, errs, false);
		if (*in->n.email != '\0' && !email_ok(in->n.email))
			json_object_set_new(errs, "email",
			    json_string("invalid_email"));
	}
	in->n.ip = req_header(r, "REMOTE_ADDR");
	in->n.max_email = conf_int(r->app->conf, "Waitlist.EntriesPerEmail",
	    WL_MAX_PER_EMAIL, 1, 1000);
	in->n.max_ip = conf_int(r->app->conf, "Waitlist.EntriesPerAddress",
	    WL_MAX_PER_IP, 1, 100000);
}

/* The entry of the path: with ?t= (or X-Manage-Token), or the diner's own. */
static NEOERR *
wl_load(struct req *r, struct wl_entry **e, const char **token)
{
	const char	*code = req_param(r, 0);
	size_t		 len = strlen(code);
	char		*opened;
	NEOERR		*err;

	*e = NULL;
	*token = req_field(r, "t");
	if (*token == NULL)
		*token = req_header(r, "HTTP_X_MANAGE_TOKEN");
	if (len < 8 || len > 32 || strspn(code,
	    "0123456789ABCDEFGHJKMNPQRSTVWXYZ") != len)
		return STATUS_OK;
	if (*token != NULL && strlen(*token) != SEC_TOKEN_B64 - 1)
		return STATUS_OK;
	if ((*token == NULL || **token == '\0') && r->user_id == 0)
		return STATUS_OK;
	if (*token != NULL && **token == '\0')
		*token = NULL;
	if ((err = db_waitlist_get(r->app->db, code, *token, r->user_id, e)) !=
	    STATUS_OK || *e == NULL || *token != NULL)
		return nerr_pass(err);
	/* the signed-in diner's own entry: its token, for its forms and claim */
	if ((opened = sec_open((*e)->token_sealed)) == NULL)
		return STATUS_OK;
	/* kept in the request's HDF, freed with it */
	if (strlen(opened) == SEC_TOKEN_B64 - 1 && (err = hdf_set_value(r->hdf,
	    "Page.W.OwnToken", opened)) == STATUS_OK)
		*token = hdf_get_value(r->hdf, "Page.W.OwnToken", NULL);
	sodium_memzero(opened, strlen(opened));
	free(opened);
	return nerr_pass(err);
}

static bool
offer_live(const struct wl_entry *e)
{
	return strcmp(e->status, "offered") == 0 && *e->offer_code != '\0';
}

static NEOERR *
wl_hdf(struct req *r, const struct wl_entry *e, const char *token)
{
	NEOERR	*err;

	if ((err = hdf_set_value(r->hdf, "Page.W.Code", e->code)) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.W.Token", token != NULL ? token :
	    "")) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.W.Status", e->status)) !=
	    STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.W.Restaurant", e->restaurant)) !=
	    STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.W.Slug", e->slug)) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.W.Date", e->date)) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.W.From", e->from)) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.W.To", e->to)) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.W.Party", e->party)) !=
	    STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.W.Email", e->email)) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.W.Position", e->position)) !=
	    STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.W.Live", offer_live(e))) !=
	    STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.W.OfferTime", e->offer_time)) !=
	    STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.W.OfferUntil", e->offer_until)) !=
	    STATUS_OK)
		return nerr_pass(err);
	return STATUS_OK;
}

static json_t *
wl_json(struct req *r, const struct wl_entry *e, const char *token)
{
	char	 url[512];

	snprintf(url, sizeof url, "%s/w/%s%s%s", r->app->base_url, e->code,
	    token != NULL ? "?t=" : "", token != NULL ? token : "");
	json_t	*o;

	o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:s,s:s,s:o,s:s}",
	    "code", e->code, "status", e->status, "restaurant", e->slug,
	    "date", e->date, "from", e->from, "to", e->to, "party", e->party,
	    "email", e->email, "created_at", e->created,
	    "offer", offer_live(e) ? json_pack("{s:s,s:s}", "time",
	    e->offer_time, "claim_by", e->offer_until) : json_null(),
	    "manage_url", url);
	/* its place in line, while it waits */
	if (o != NULL && strcmp(e->status, "waiting") == 0)
		json_object_set_new(o, "position", json_integer(e->position));
	return o;
}

/* ------------------------------------------------------------------ */
/* pages                                                                */
/* ------------------------------------------------------------------ */

static NEOERR *
to_entry(struct resp *w, const char *code, const char *token, const char *flag)
{
	char	 loc[200];

	snprintf(loc, sizeof loc, "/w/%s%s%s%s%s", code, token != NULL ?
	    "?t=" : "", token != NULL ? token : "", flag != NULL ?
	    (token != NULL ? "&" : "?") : "", flag != NULL ? flag : "");
	return nerr_pass(resp_redirect(w, 303, loc));
}

/*
 * POST /r/{slug}/waitlist: join the waitlist for date, party and a window
 * of start times. 303 to the entry; 404 unknown restaurant; 422 the
 * restaurant page again with a message per field; 429 too many entries.
 */
static NEOERR *
entry_create(struct req *r, struct resp *w)
{
	const struct setup	*s = NULL;
	struct wl_in		 in;
	enum wl_result		 res;
	char			 code[16], token[SEC_TOKEN_B64];
	json_t			*errs = json_object(), *v;
	const char		*k;
	NEOERR			*err;
	int			 status = 422;

	if (!slug_valid(req_param(r, 0))) {
		err = resp_error(r, w, 404);
		goto out;
	}
	if ((err = setup_get(r->app->setups, r->app->db, 0, req_param(r, 0),
	    &s)) != STATUS_OK)
		goto out;
	if (s == NULL || !s->active) {
		err = resp_error(r, w, 404);
		goto out;
	}
	wl_input(r, NULL, s, &in, errs);
	if (json_object_size(errs) == 0) {
		if ((err = db_waitlist_insert(r->app->db, &in.n, r->app->base_url,
		    &res, code, token)) != STATUS_OK)
			goto out;
		if (res == WL_OK) {
			err = to_entry(w, code, token, "new=1");
			goto out;
		}
		status = 429;
		json_object_set_new(errs, "email", json_string(res ==
		    WL_LIMIT_EMAIL ? "waitlist_limit" : "waitlist_limit_ip"));
	}
	/* the restaurant page again, the form open with its messages */
	json_object_foreach(errs, k, v)
		if ((err = hdf_set_valuef(r->hdf, "Form.Waitlist.%s=%s", k,
		    json_string_value(v))) != STATUS_OK)
			goto out;
	if ((err = hdf_set_value(r->hdf, "Page.Waitlist.Open", "1")) !=
	    STATUS_OK)
		goto out;
	err = restaurant_render(r, w, s->slug, status);
out:
	json_decref(errs);
	return nerr_pass(err);
}

/* The entry's page (diner/waitlist.cs), with claim for the claim page. */
static NEOERR *
entry_render(struct req *r, struct resp *w, const struct wl_entry *e,
    const char *token, bool claim, int status)
{
	NEOERR	*err;

	resp_private(w);
	if ((err = wl_hdf(r, e, token)) != STATUS_OK ||
	    (claim && (err = hdf_set_value(r->hdf, "Page.W.Claim", "1")) !=
	    STATUS_OK))
		return nerr_pass(err);
	return nerr_pass(session_page(r, w, "diner/waitlist.cs", status));
}

/*
 * GET /w/{code}?t=: the entry: where it stands, its offer, confirm (a
 * guest's), leave. 200; 404 wrong code or token.
 */
static NEOERR *
entry_show(struct req *r, struct resp *w)
{
	struct wl_entry	*e = NULL;
	const char	*token;
	NEOERR		*err;

	if ((err = wl_load(r, &e, &token)) != STATUS_OK)
		return nerr_pass(err);
	err = e == NULL ? resp_error(r, w, 404) :
	    entry_render(r, w, e, token, false, 200);
	db_waitlist_free(e);
	return nerr_pass(err);
}

/* Apply act to the path's entry: 303 back to it (with flag when it took). */
static NEOERR *
entry_act(struct req *r, struct resp *w,
    NEOERR *(*act)(struct db *, int64_t, bool *), const char *flag)
{
	struct wl_entry	*e = NULL;
	const char	*token;
	NEOERR		*err;
	bool		 done;

	if ((err = wl_load(r, &e, &token)) != STATUS_OK)
		return nerr_pass(err);
	if (e == NULL)
		err = resp_error(r, w, 404);
	else if ((err = act(r->app->db, e->id, &done)) == STATUS_OK)
		err = to_entry(w, e->code, token, done ? flag : NULL);
	db_waitlist_free(e);
	return nerr_pass(err);
}

/*
 * POST /w/{code}/confirm: a guest confirms the address; the entry joins
 * the line. 303 to the entry; 404 wrong code or token.
 */
static NEOERR *
entry_confirm(struct req *r, struct resp *w)
{
	return nerr_pass(entry_act(r, w, db_waitlist_confirm, "confirmed=1"));
}

/*
 * POST /w/{code}/leave: leave the line (an offer not yet claimed passes
 * on). 303 to the entry; 404 wrong code or token.
 */
static NEOERR *
entry_leave(struct req *r, struct resp *w)
{
	return nerr_pass(entry_act(r, w, db_waitlist_leave, "left=1"));
}

/*
 * GET /w/{code}/claim?t=: the offer's one-tap link as a page with one
 * button (following a link changes nothing: mail scanners follow links).
 * 200; 404 wrong code or token; 410 the offer has passed (with the free
 * times of the day).
 */
static NEOERR *
claim_show(struct req *r, struct resp *w)
{
	struct wl_entry	*e = NULL;
	const char	*token;
	NEOERR		*err;

	if ((err = wl_load(r, &e, &token)) != STATUS_OK)
		return nerr_pass(err);
	if (e == NULL)
		err = resp_error(r, w, 404);
	else if (!offer_live(e))
		err = claim_gone(r, w, e, token);
	else
		err = entry_render(r, w, e, token, true, 200);
	db_waitlist_free(e);
	return nerr_pass(err);
}

/* The offer has passed: say so, with the day's free times. 410. */
static NEOERR *
claim_gone(struct req *r, struct resp *w, const struct wl_entry *e,
    const char *token)
{
	const struct setup	*s = NULL;
	struct book_env		 env;
	struct slot		*v = NULL;
	size_t			 n = 0;
	int			 day;
	NEOERR			*err;

	if ((err = hdf_set_value(r->hdf, "Page.W.Error",
	    strcmp(e->status, "claimed") == 0 ? "waitlist_ended" :
	    "waitlist_gone")) != STATUS_OK)
		return nerr_pass(err);
	if ((err = setup_get(r->app->setups, r->app->db, e->restaurant_id, NULL,
	    &s)) != STATUS_OK)
		return nerr_pass(err);
	if (s != NULL && s->active && date_parse(e->date, &day)) {
		if ((v = calloc(WL_SLOTS, sizeof *v)) == NULL)
			return nerr_raise(NERR_NOMEM, "slots");
		book_env_init(r, &env);
		err = offer_times(&env, s, day, e->party, 0, v, WL_SLOTS, &n);
		book_env_done(&env);
		if (err == STATUS_OK)
			err = hdf_put_times(r->hdf, "Page.W.Times", v, n);
		free(v);
		if (err != STATUS_OK)
			return nerr_pass(err);
	}
	return nerr_pass(entry_render(r, w, e, token, true, 410));
}

/*
 * POST /w/{code}/claim: take the offered table: the hold becomes a
 * booking (pending in a manual-confirm restaurant) with the entry's
 * details, through the confirm core as any hold. 303 to the booking (or
 * the deposit's checkout); 404 wrong code or token; 410 the offer has
 * passed (with the day's free times); 429 the guest's booking limit.
 */
static NEOERR *
claim_submit(struct req *r, struct resp *w)
{
	struct wl_entry		*e = NULL;
	struct reservation	*rv = NULL;
	struct book_env		 env;
	struct book_out		 out;
	struct guest		 g;
	const char		*token;
	char			 loc[200];
	NEOERR			*err;
	bool			 paying;

	memset(&out, 0, sizeof out);
	if ((err = wl_load(r, &e, &token)) != STATUS_OK)
		goto out;
	if (e == NULL) {
		err = resp_error(r, w, 404);
		goto out;
	}
	/* the hold is claimed with the entry's token: a link is needed */
	if (token == NULL || !offer_live(e)) {
		err = token == NULL ? resp_error(r, w, 404) :
		    claim_gone(r, w, e, token);
		goto out;
	}
	if ((err = db_reservation_get(r->app->db, e->offer_code, token,
	    &rv)) != STATUS_OK)
		goto out;
	if (rv == NULL || rv->status != RSV_HELD) {
		err = claim_gone(r, w, e, token);
		goto out;
	}
	memset(&g, 0, sizeof g);
	g.name = e->name;
	g.email = e->email;
	g.phone = "";
	g.requests = "";
	g.user_id = e->user_id;
	/* a deposit: confirmed once paid, as any hold */
	if ((err = pay_checkout(r, w, rv, token, &g, &paying)) != STATUS_OK ||
	    paying)
		goto out;
	book_env_init(r, &env);
	err = booking_confirm(&env, rv, token, &g, &out);
	book_env_done(&env);
	if (err != STATUS_OK)
		goto out;
	if (out.res == BOOK_OK) {
		snprintf(loc, sizeof loc, "/b/%s?t=%s&new=1", rv->code, token);
		err = resp_redirect(w, 303, loc);
	} else if (out.res == BOOK_GUEST_LIMIT) {
		if ((err = hdf_set_value(r->hdf, "Page.W.Error", "guest_limit")) ==
		    STATUS_OK)
			err = entry_render(r, w, e, token, true, 429);
	} else
		err = claim_gone(r, w, e, token);
out:
	book_out_free(&out);
	db_reservation_free(rv);
	db_waitlist_free(e);
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* API                                                                  */
/* ------------------------------------------------------------------ */

/*
 * POST /api/v1/waitlist {restaurant, date, from, to?, party, name, email}:
 * join the waitlist (a signed-in diner's own address; a guest's waits for
 * the confirmation mail's link). 201 {code, status, token, manage_url};
 * 400; 404 unknown restaurant; 422 per field; 429 too many entries.
 * Idempotency-Key honoured.
 */
static NEOERR *
entry_create_api(struct req *r, struct resp *w)
{
	const struct setup	*s = NULL;
	struct wl_entry		*e = NULL;
	struct wl_in		 in;
	enum wl_result		 res;
	struct idem		 id;
	const char		*slug;
	char			 code[16], token[SEC_TOKEN_B64];
	json_t			*errs, *o;
	NEOERR			*err;
	bool			 replayed, committed = false;

	if (!json_is_object(r->json))
		return nerr_pass(json_problem(r, w, 400, "Send a JSON object.",
		    NULL));
	slug = json_string_value(json_object_get(r->json, "restaurant"));
	if (slug == NULL || !slug_valid(slug))
		return nerr_pass(json_problem(r, w, 422, NULL, json_pack("{s:s}",
		    "restaurant", "required")));
	if ((err = setup_get(r->app->setups, r->app->db, 0, slug, &s)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if (s == NULL || !s->active)
		return nerr_pass(resp_error(r, w, 404));
	errs = json_object();
	wl_input(r, r->json, s, &in, errs);
	if (json_object_size(errs) > 0)
		return nerr_pass(json_problem(r, w, 422, NULL, errs));
	json_decref(errs);
	/* the entry and its Idempotency-Key's answer in one transaction */
	if ((err = db_begin(r->app->db)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = idem_begin(r, w, &id, &replayed)) != STATUS_OK || replayed)
		goto out;
	if ((err = db_waitlist_insert(r->app->db, &in.n, r->app->base_url, &res,
	    code, token)) != STATUS_OK)
		goto out;
	if (res != WL_OK) {
		err = json_problem(r, w, 429, render_lang(r->app,
		    res == WL_LIMIT_EMAIL ? "Error.waitlist_limit" :
		    "Error.waitlist_limit_ip"), json_pack("{s:s}", "email",
		    res == WL_LIMIT_EMAIL ? "waitlist_limit" :
		    "waitlist_limit_ip"));
		goto out;
	}
	if ((err = db_waitlist_get(r->app->db, code, token, 0, &e)) !=
	    STATUS_OK)
		goto out;
	if (e == NULL) {
		err = nerr_raise(ERR_DB, "waitlist entry %s not read back", code);
		goto out;
	}
	o = wl_json(r, e, token);
	json_object_set_new(o, "token", json_string(token));
	if ((err = json_send(w, 201, o)) != STATUS_OK ||
	    (err = idem_finish(r, w, &id, token)) != STATUS_OK)
		goto out;
	if ((err = db_commit(r->app->db)) != STATUS_OK)
		goto out;
	committed = true;
out:
	if (!committed)
		db_rollback(r->app->db);
	db_waitlist_free(e);
	sodium_memzero(token, sizeof token);
	return nerr_pass(err);
}

/* GET /api/v1/waitlist/{code}?t=: the entry. 200; 404. */
static NEOERR *
entry_get_api(struct req *r, struct resp *w)
{
	struct wl_entry	*e = NULL;
	const char	*token;
	NEOERR		*err;

	if ((err = wl_load(r, &e, &token)) != STATUS_OK)
		return nerr_pass(err);
	err = e == NULL ? resp_error(r, w, 404) :
	    json_send(w, 200, wl_json(r, e, token));
	db_waitlist_free(e);
	return nerr_pass(err);
}

/*
 * POST /api/v1/waitlist/{code}/leave?t=: leave the line (an unclaimed
 * offer passes on). 200 with the entry; 404; 409 it had ended.
 */
static NEOERR *
entry_leave_api(struct req *r, struct resp *w)
{
	struct wl_entry	*e = NULL, *after = NULL;
	const char	*token;
	NEOERR		*err;
	bool		 done;

	if ((err = wl_load(r, &e, &token)) != STATUS_OK)
		return nerr_pass(err);
	if (e == NULL)
		return nerr_pass(resp_error(r, w, 404));
	if ((err = db_waitlist_leave(r->app->db, e->id, &done)) != STATUS_OK)
		goto out;
	if (!done) {
		err = json_problem(r, w, 409, render_lang(r->app,
		    "Error.not_waiting"), json_pack("{s:s}", "status",
		    "not_waiting"));
		goto out;
	}
	if ((err = db_waitlist_get(r->app->db, e->code, token, r->user_id,
	    &after)) != STATUS_OK)
		goto out;
	err = after == NULL ? resp_error(r, w, 404) :
	    json_send(w, 200, wl_json(r, after, token));
out:
	db_waitlist_free(after);
	db_waitlist_free(e);
	return nerr_pass(err);
}
