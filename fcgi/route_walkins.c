/* route_walkins.c: the owner's same-day walk-in list: its page, the day sheet's forms and the API. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

static NEOERR	*list_show(struct req *, struct resp *);
static NEOERR	*add_submit(struct req *, struct resp *);
static NEOERR	*notify_submit(struct req *, struct resp *);
static NEOERR	*seat_submit(struct req *, struct resp *);
static NEOERR	*end_submit(struct req *, struct resp *);
static NEOERR	*api_list(struct req *, struct resp *);
static NEOERR	*api_create(struct req *, struct resp *);
static NEOERR	*api_get(struct req *, struct resp *);
static NEOERR	*api_patch(struct req *, struct resp *);

#define P	(ROUTE_FORM | ROUTE_CSRF | ROUTE_OWNER)
#define A	(ROUTE_JSON | ROUTE_OWNER)
#define PW	"/owner/r/:id/walkins"
#define AW	"/api/v1/owner/restaurants/:id/walkins"

const struct route walkin_routes[] = {
	{ HTTP_GET, PW, ROUTE_OWNER, list_show, SCOPE_NONE },
	{ HTTP_POST, PW, P, add_submit, SCOPE_NONE },
	{ HTTP_POST, PW "/:entry/notify", P, notify_submit, SCOPE_NONE },
	{ HTTP_POST, PW "/:entry/seat", P, seat_submit, SCOPE_NONE },
	{ HTTP_POST, PW "/:entry/end", P, end_submit, SCOPE_NONE },
	{ HTTP_GET, AW, A, api_list, "reservations:read" },
	{ HTTP_POST, AW, A, api_create, "reservations:write" },
	{ HTTP_GET, AW "/:entry", A, api_get, "reservations:read" },
	{ HTTP_PATCH, AW "/:entry", A, api_patch, "reservations:write" },
	{ 0, NULL, 0, NULL, NULL }
};

#undef P
#undef A
#undef PW
#undef AW

/* What the owner may do to an entry. */
enum wl_action {
	WL_NOTIFY,
	WL_SEAT,
	WL_LEAVE,
	WL_CANCEL,
	WL__MAX
};

static const char *const action_names[] = {
	"notify", "seat", "leave", "cancel", NULL
};

/* The Query.walkin notice of each action done. */
static const char *const action_done[WL__MAX] = {
	[WL_NOTIFY] = "notified", [WL_SEAT] = "seated",
	[WL_LEAVE] = "left", [WL_CANCEL] = "cancelled",
};

/* ------------------------------------------------------------------ */
/* common                                                               */
/* ------------------------------------------------------------------ */

/* The entry id of the path; false if malformed. */
static bool
entry_id(struct req *r, int64_t *id)
{
	long long	 n;

	if (!parse_int(req_param(r, 1), 1, INT64_MAX, &n))
		return false;
	*id = n;
	return true;
}

/* The fields of a new entry (form or JSON); errors into errs. */
static void
entry_parse(struct req *r, json_t *j, const struct owner_restaurant *cur,
    struct walkin_in *in, json_t *errs)
{
	long long	 n;

	memset(in, 0, sizeof *in);
	in->day = cur->today_day;
	in->name = in_text(r, j, "name", 100, true, errs, false);
	if (in_int(r, j, "party", 1, 100, true, errs, &n))
		in->party = (int)n;
	in->phone = in_text(r, j, "phone", 30, false, errs, false);
	in->email = in_text(r, j, "email", 254, false, errs, false);
	if (*in->phone != '\0' && !phone_ok(in->phone))
		json_object_set_new(errs, "phone", json_string("invalid_phone"));
	if (*in->email != '\0' && !email_ok(in->email))
		json_object_set_new(errs, "email", json_string("invalid_email"));
	in->quoted = -1;	/* none given: the estimate */
	if (in_int(r, j, "quoted", 0, 600, false, errs, &n))
		in->quoted = (int)n;
}

/*
 * Each error of errs as Page.WalkinErrors.<field>: apart from the day
 * sheet's Form.Errors, which belong to its booking form.
 */
static NEOERR *
errors_put(struct req *r, json_t *errs)
{
	const char	*k;
	json_t		*v;
	NEOERR		*err;

	json_object_foreach(errs, k, v)
		if (json_is_string(v) && (err = hdf_set_valuef(r->hdf,
		    "Page.WalkinErrors.%s=%s", k, json_string_value(v))) !=
		    STATUS_OK)
			return nerr_pass(err);
	return STATUS_OK;
}

/* The actor of this request, for the audit log. */
static void
actor_of(struct req *r, struct actor *by)
{
	by->user = r->user_id;
	by->ip = req_header(r, "REMOTE_ADDR");
}

/* Add in to the list of cur. */
static NEOERR *
add_run(struct req *r, const struct owner_restaurant *cur,
    const struct walkin_in *in, struct book_out *out)
{
	struct book_env		 env;
	struct actor		 by;
	NEOERR			*err;

	actor_of(r, &by);
	book_env_init(r, &env);
	err = walkin_add(&env, cur->id, r->user_id, in, &by, out);
	book_env_done(&env);
	return nerr_pass(err);
}

/*
 * Run action act on entry id of cur (table for a seat, 0: any): out as
 * the core left it, code the booking's of a seat.
 */
static NEOERR *
act_run(struct req *r, const struct owner_restaurant *cur, int64_t id,
    enum wl_action act, int64_t table, struct book_out *out)
{
	const struct setup	*s = NULL;
	struct book_env		 env;
	struct actor		 by;
	NEOERR			*err;

	memset(out, 0, sizeof *out);
	actor_of(r, &by);
	if (act == WL_SEAT) {
		if ((err = setup_get(r->app->setups, r->app->db, cur->id, NULL,
		    &s)) != STATUS_OK)
			return nerr_pass(err);
		if (s == NULL)
			return nerr_raise(NERR_ASSERT, "restaurant %lld has no "
			    "set-up", (long long)cur->id);
	}
	book_env_init(r, &env);
	switch (act) {
	case WL_NOTIFY:
		err = walkin_notify(&env, cur->id, r->user_id, id, &by, out);
		break;
	case WL_SEAT:
		err = walkin_seat(&env, s, r->user_id, id, table, &by, out);
		break;
	case WL_LEAVE:
		err = walkin_end(&env, cur->id, r->user_id, id, "left", &by, out);
		break;
	default:
		err = walkin_end(&env, cur->id, r->user_id, id, "cancelled", &by,
		    out);
		break;
	}
	book_env_done(&env);
	return nerr_pass(err);
}

/*
 * What went wrong with an action, as a field and its Lang.Error code;
 * the HTTP status (404 for an entry that is not the owner's).
 */
static int
act_failure(const struct book_out *out, int64_t table, const char **field,
    const char **code)
{
	switch (out->res) {
	case BOOK_GONE:
		*field = "entry";
		*code = "walkin_gone";
		return 404;
	case BOOK_STATE:
		*field = "entry";
		*code = "walkin_state";
		return 409;
	case BOOK_NO_TABLE:
		*field = "table";
		*code = "unknown";
		return 422;
	default:
		/* the exclusion constraint said no (or DST skips this minute) */
		*field = "table";
		*code = table != 0 ? "table_taken_now" : "no_table_now";
		return 409;
	}
}

/* ------------------------------------------------------------------ */
/* pages                                                                */
/* ------------------------------------------------------------------ */

/* The list's own page of cur with status (a form shown again, or not). */
static NEOERR *
list_page(struct req *r, struct resp *w, const struct owner_restaurant *cur,
    int party, int status)
{
	const struct setup	*s = NULL;
	size_t			 i;
	NEOERR			*err;

	if ((err = setup_get(r->app->setups, r->app->db, cur->id, NULL, &s)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if ((err = owner_put_restaurant(r->hdf, cur)) != STATUS_OK ||
	    (err = walkins_put(r, cur, cur->today_day, party)) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Date", cur->today)) != STATUS_OK)
		return nerr_pass(err);
	for (i = 0; s != NULL && i < s->ntables; i++)
		if (s->tables[i].active && ((err = hdf_set_valuef(r->hdf,
		    "Page.Tables.%zu.Id=%lld", i, (long long)s->tables[i].id)) !=
		    STATUS_OK || (err = hdf_set_valuef(r->hdf,
		    "Page.Tables.%zu.Label=%s", i, s->tables[i].label)) !=
		    STATUS_OK || (err = hdf_set_valuef(r->hdf,
		    "Page.Tables.%zu.Seats=%d–%d", i, s->tables[i].seats_min,
		    s->tables[i].seats_max)) != STATUS_OK))
			return nerr_pass(err);
	return nerr_pass(session_page(r, w, "owner/walkins.cs", status));
}

/* GET /owner/r/{id}/walkins?party=: today's list, the add form. 200; 404. */
static NEOERR *
list_show(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	long long		 party = 0;
	NEOERR			*err;

	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	/* ?party=N: the form comes back with N's estimate as the quote */
	if (!parse_int(req_field(r, "party"), 1, 100, &party))
		party = 0;
	err = list_page(r, w, cur, (int)party, 200);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* Where a page action goes back to: the day sheet or the list's page. */
static NEOERR *
back(struct req *r, struct resp *w, const struct owner_restaurant *cur,
    const char *done, const char *code)
{
	const char	*b = req_field(r, "back");
	char		 loc[160];

	snprintf(loc, sizeof loc, "/owner/r/%lld/%s?walkin=%s%s%s%s",
	    (long long)cur->id, b != NULL && strcmp(b, "day") == 0 ? "day" :
	    "walkins", done, code != NULL ? "&code=" : "",
	    code != NULL ? code : "",
	    b != NULL && strcmp(b, "day") == 0 ? "#walkins" : "");
	return nerr_pass(resp_redirect(w, 303, loc));
}

/* POST /owner/r/{id}/walkins: a party joins the list. 303; 422. */
static NEOERR *
add_submit(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	struct walkin_in	 in;
	struct book_out		 out;
	json_t			*errs = json_object();
	NEOERR			*err;

	memset(&out, 0, sizeof out);
	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		goto out;
	entry_parse(r, NULL, cur, &in, errs);
	if (json_object_size(errs) > 0) {
		if ((err = errors_put(r, errs)) == STATUS_OK)
			err = list_page(r, w, cur, in.party, 422);
		goto out;
	}
	if ((err = add_run(r, cur, &in, &out)) != STATUS_OK)
		goto out;
	if (out.res != BOOK_OK)
		err = resp_error(r, w, 404);
	else
		err = back(r, w, cur, "added", NULL);
out:
	json_decref(errs);
	book_out_free(&out);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/*
 * The page side of an action on the path's entry (WL__MAX: the end the
 * "to" field names). 303; 404; 409; 422.
 */
static NEOERR *
act_submit(struct req *r, struct resp *w, enum wl_action act)
{
	struct owner_restaurant	*cur = NULL;
	struct book_out		 out;
	const char		*tb, *field, *code;
	long long		 n;
	int64_t			 id, table = 0;
	int			 status;
	NEOERR			*err;

	memset(&out, 0, sizeof out);
	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if (!entry_id(r, &id)) {
		err = resp_error(r, w, 404);
		goto out;
	}
	if (act == WL__MAX) {
		/* .../end: the party left, or the entry is cancelled */
		tb = req_field(r, "to");
		if (tb != NULL && strcmp(tb, "left") == 0)
			act = WL_LEAVE;
		else if (tb != NULL && strcmp(tb, "cancelled") == 0)
			act = WL_CANCEL;
		else {
			err = resp_error(r, w, 422);
			goto out;
		}
	}
	if (act == WL_SEAT) {
		tb = req_field(r, "table");
		if (tb != NULL && *tb != '\0' && strcmp(tb, "auto") != 0) {
			if (!parse_int(tb, 1, INT64_MAX, &n)) {
				if ((err = hdf_set_value(r->hdf,
				    "Page.WalkinErrors.table", "invalid")) ==
				    STATUS_OK)
					err = list_page(r, w, cur, 0, 422);
				goto out;
			}
			table = n;
		}
	}
	if ((err = act_run(r, cur, id, act, table, &out)) != STATUS_OK)
		goto out;
	if (out.res == BOOK_OK) {
		err = back(r, w, cur, action_done[act], act == WL_SEAT ?
		    out.code : NULL);
		goto out;
	}
	status = act_failure(&out, table, &field, &code);
	if (status == 404) {
		err = resp_error(r, w, 404);
		goto out;
	}
	if ((err = hdf_set_valuef(r->hdf, "Page.WalkinErrors.%s=%s", field,
	    code)) == STATUS_OK)
		err = list_page(r, w, cur, 0, status);
out:
	sodium_memzero(out.token, sizeof out.token);
	book_out_free(&out);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* POST /owner/r/{id}/walkins/{entry}/notify: "table ready". 303; 404; 409. */
static NEOERR *
notify_submit(struct req *r, struct resp *w)
{
	return nerr_pass(act_submit(r, w, WL_NOTIFY));
}

/* POST .../walkins/{entry}/seat {table}: a seated walk-in. 303; 404; 409; 422. */
static NEOERR *
seat_submit(struct req *r, struct resp *w)
{
	return nerr_pass(act_submit(r, w, WL_SEAT));
}

/* POST .../walkins/{entry}/end {to: left|cancelled}. 303; 404; 409; 422. */
static NEOERR *
end_submit(struct req *r, struct resp *w)
{
	/* which end is read once the restaurant is known to be the owner's */
	return nerr_pass(act_submit(r, w, WL__MAX));
}

/* ------------------------------------------------------------------ */
/* the API                                                              */
/* ------------------------------------------------------------------ */

/* One entry of cur (or the day's list, id 0) as JSON with estimates. */
static NEOERR *
entries_json(struct req *r, const struct owner_restaurant *cur, int day,
    int64_t id, json_t **out)
{
	PGresult		*rows = NULL;
	struct walkin_est	*q = NULL;
	size_t			 n = 0;
	NEOERR			*err;

	*out = NULL;
	if ((err = walkin_list(r->app->db, cur->id, r->user_id, false, day, id,
	    &rows)) != STATUS_OK)
		return nerr_pass(err);
	if (day == cur->today_day && (err = walkin_estimate(r->app->db,
	    cur->id, r->user_id, day, (int64_t)req_now(r), NULL, 0, &q, &n,
	    NULL)) != STATUS_OK)
		goto out;
	if ((*out = walkins_json(rows, q, n)) == NULL)
		err = nerr_raise(NERR_NOMEM, "walk-in list");
out:
	free(q);
	PQclear(rows);
	return nerr_pass(err);
}

/* Entry id of cur as the answer, with status. */
static NEOERR *
entry_send(struct req *r, struct resp *w, const struct owner_restaurant *cur,
    int64_t id, int status)
{
	json_t	*a = NULL;
	NEOERR	*err;

	if ((err = entries_json(r, cur, cur->today_day, id, &a)) != STATUS_OK)
		return nerr_pass(err);
	if (json_array_size(a) != 1) {
		json_decref(a);
		return nerr_pass(resp_error(r, w, 404));
	}
	err = json_send(w, status, json_incref(json_array_get(a, 0)));
	json_decref(a);
	return nerr_pass(err);
}

/*
 * GET /api/v1/owner/restaurants/{id}/walkins?date=&party=: the day's list
 * with estimates; party: the wait a new party would be quoted. 200; 400.
 */
static NEOERR *
api_list(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	struct walkin_est	*q = NULL, *x = NULL;
	const char		*d = req_field(r, "date"), *pp = req_field(r, "party");
	json_t			*items = NULL, *o;
	long long		 party = 0;
	size_t			 n = 0;
	int			 day, extra;
	char			 date[11];
	NEOERR			*err = STATUS_OK;

	if (!session_scope_or_403(r, w, "reservations:read", &err))
		return nerr_pass(err);
	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	day = cur->today_day;
	if (d != NULL && *d != '\0' && !date_parse(d, &day)) {
		err = json_problem(r, w, 400, NULL, json_pack("{s:s}", "date",
		    "invalid_date"));
		goto out;
	}
	if (pp != NULL && *pp != '\0' && !parse_int(pp, 1, 100, &party)) {
		err = json_problem(r, w, 400, NULL, json_pack("{s:s}", "party",
		    "out_of_range"));
		goto out;
	}
	if ((err = entries_json(r, cur, day, 0, &items)) != STATUS_OK)
		goto out;
	date_format(day, date);
	o = json_pack("{s:s,s:o}", "date", date, "items", items);
	items = NULL;
	if (o != NULL && party > 0 && day == cur->today_day) {
		extra = (int)party;
		if ((err = walkin_estimate(r->app->db, cur->id, r->user_id, day,
		    (int64_t)req_now(r), &extra, 1, &q, &n, &x)) != STATUS_OK) {
			json_decref(o);
			goto out;
		}
		json_object_set_new(o, "estimate", json_pack("{s:i,s:o}",
		    "party", extra, "wait", x[0].wait >= 0 ?
		    json_integer(x[0].wait) : json_null()));
	}
	err = json_send(w, 200, o);
out:
	json_decref(items);
	free(q);
	free(x);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/*
 * POST /api/v1/owner/restaurants/{id}/walkins {name, party, phone, email,
 * quoted}: a party joins today's list (quoted: the estimate if absent).
 * 201; 422.
 */
static NEOERR *
api_create(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	struct walkin_in	 in;
	struct book_out		 out;
	json_t			*errs;
	NEOERR			*err = STATUS_OK;

	if (!session_scope_or_403(r, w, "reservations:write", &err))
		return nerr_pass(err);
	if (r->json == NULL || !json_is_object(r->json))
		return nerr_pass(resp_error(r, w, 400));
	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	memset(&out, 0, sizeof out);
	errs = json_object();
	entry_parse(r, r->json, cur, &in, errs);
	if (json_object_size(errs) > 0) {
		err = json_problem(r, w, 422, NULL, errs);
		goto out;
	}
	json_decref(errs);
	if ((err = add_run(r, cur, &in, &out)) != STATUS_OK)
		goto out;
	if (out.res != BOOK_OK)
		err = resp_error(r, w, 404);
	else
		err = entry_send(r, w, cur, out.id, 201);
out:
	book_out_free(&out);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* GET /api/v1/owner/restaurants/{id}/walkins/{entry}. 200; 404. */
static NEOERR *
api_get(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	int64_t			 id;
	NEOERR			*err = STATUS_OK;

	if (!session_scope_or_403(r, w, "reservations:read", &err))
		return nerr_pass(err);
	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if (!entry_id(r, &id))
		err = resp_error(r, w, 404);
	else
		err = entry_send(r, w, cur, id, 200);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/*
 * PATCH /api/v1/owner/restaurants/{id}/walkins/{entry} {action: notify |
 * seat | leave | cancel, table}: 200 with the entry (a seat's booking in
 * "booking"); 404; 409 (not waiting, the table taken); 422.
 */
static NEOERR *
api_patch(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	struct book_out		 out;
	const char		*act, *field, *code;
	char			 lang[64];
	json_t			*errs, *t;
	int64_t			 id, table = 0;
	int			 i, status;
	NEOERR			*err = STATUS_OK;

	if (!session_scope_or_403(r, w, "reservations:write", &err))
		return nerr_pass(err);
	if (r->json == NULL || !json_is_object(r->json))
		return nerr_pass(resp_error(r, w, 400));
	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	memset(&out, 0, sizeof out);
	if (!entry_id(r, &id)) {
		err = resp_error(r, w, 404);
		goto out;
	}
	errs = json_object();
	act = in_choice(r, r->json, "action", action_names, true, errs);
	t = json_object_get(r->json, "table");
	if (t != NULL && !json_is_null(t)) {
		if (!json_is_integer(t) || json_integer_value(t) < 1)
			json_object_set_new(errs, "table", json_string("invalid"));
		else
			table = json_integer_value(t);
	}
	if (json_object_size(errs) > 0) {
		err = json_problem(r, w, 422, NULL, errs);
		goto out;
	}
	json_decref(errs);
	for (i = 0; i < WL__MAX && strcmp(action_names[i], act) != 0; i++)
		;
	if ((err = act_run(r, cur, id, (enum wl_action)i, table, &out)) !=
	    STATUS_OK)
		goto out;
	if (out.res == BOOK_OK) {
		err = entry_send(r, w, cur, id, 200);
		goto out;
	}
	status = act_failure(&out, table, &field, &code);
	snprintf(lang, sizeof lang, "Error.%s", code);
	err = json_problem(r, w, status, render_text(r, lang),
	    json_pack("{s:s}", field, code));
out:
	sodium_memzero(out.token, sizeof out.token);
	book_out_free(&out);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}
