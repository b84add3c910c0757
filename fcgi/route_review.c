/* route_review.c: reviews of finished visits: writing, reading, the owner's reply. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static NEOERR	*review_form(struct req *, struct resp *);
static NEOERR	*review_submit(struct req *, struct resp *);
static NEOERR	*reviews_page(struct req *, struct resp *);
static NEOERR	*reviews_api(struct req *, struct resp *);
static NEOERR	*review_api(struct req *, struct resp *);
static NEOERR	*owner_reviews(struct req *, struct resp *);
static NEOERR	*reply_submit(struct req *, struct resp *);
static NEOERR	*reply_api(struct req *, struct resp *);

const struct route review_routes[] = {
	{ HTTP_GET, "/b/:code/review", 0, review_form, SCOPE_NONE },
	{ HTTP_POST, "/b/:code/review", ROUTE_FORM | ROUTE_CSRF, review_submit,
	    SCOPE_NONE },
	{ HTTP_GET, "/r/:slug/reviews", 0, reviews_page, SCOPE_NONE },
	{ HTTP_GET, "/api/v1/restaurants/:slug/reviews", ROUTE_JSON,
	    reviews_api, SCOPE_PUBLIC },
	{ HTTP_POST, "/api/v1/reservations/:code/review", ROUTE_JSON,
	    review_api, SCOPE_NONE },
	{ HTTP_GET, "/owner/r/:id/reviews", ROUTE_OWNER, owner_reviews,
	    SCOPE_NONE },
	{ HTTP_POST, "/owner/reviews/:rid/reply",
	    ROUTE_FORM | ROUTE_CSRF | ROUTE_OWNER, reply_submit, SCOPE_NONE },
	{ HTTP_POST, "/api/v1/owner/reviews/:rid/reply",
	    ROUTE_JSON | ROUTE_OWNER, reply_api, "setup:write" },
	{ 0, NULL, 0, NULL, NULL }
};

#define BODY_MAX	2000
#define REPLY_MAX	2000
#define PAGE_SIZE	10

static const char *const sorts[] = { "newest", "highest", "lowest", NULL };

/* Columns of STMT_OWNER_REVIEWS (view_restaurant.c has the page's). */
static const char *const owner_cols[] = {
	"id", "rating", "body", "reply", "date", "name", "code", "hidden", NULL
};

/* ------------------------------------------------------------------ */
/* the restaurant's reviews                                             */
/* ------------------------------------------------------------------ */

/* A page of restaurant rid's visible reviews into *res; *total of all. */
static NEOERR *
page_of(struct req *r, int64_t rid, const char *sort, int page, int size,
    PGresult **res, int *total)
{
	char		 id[24], lim[16], off[16];
	const char	*p[4];
	NEOERR		*err;

	snprintf(id, sizeof id, "%lld", (long long)rid);
	snprintf(lim, sizeof lim, "%d", size);
	snprintf(off, sizeof off, "%d", (page - 1) * size);
	p[0] = id;
	p[1] = sort;
	p[2] = lim;
	p[3] = off;
	if ((err = db_exec(r->app->db, STMT_REVIEWS_PAGE, 4, p, res)) != STATUS_OK)
		return nerr_pass(err);
	*total = PQntuples(*res) > 0 ? (int)db_int(*res, 0, 7) : 0;
	return STATUS_OK;
}

/* The ?sort= and ?page= of a list; false if either is malformed. */
static bool
list_args(struct req *r, const char **sort, int *page, int *size)
{
	const char	*s = req_field(r, "sort"), *p = req_field(r, "page");
	const char	*z = req_field(r, "page_size");
	long long	 n;
	size_t		 i;

	*sort = "newest";
	*page = 1;
	*size = PAGE_SIZE;
	if (s != NULL && *s != '\0') {
		for (i = 0; sorts[i] != NULL && strcmp(sorts[i], s) != 0; i++)
			;
		if (sorts[i] == NULL)
			return false;
		*sort = sorts[i];
	}
	if (p != NULL && *p != '\0') {
		if (!parse_int(p, 1, 10000, &n))
			return false;
		*page = (int)n;
	}
	if (z != NULL && *z != '\0') {
		if (!parse_int(z, 1, 100, &n))
			return false;
		*size = (int)n;
	}
	return true;
}

/* GET /r/{slug}/reviews?sort=&page=: the reviews, paged. 200; 400; 404. */
static NEOERR *
reviews_page(struct req *r, struct resp *w)
{
	struct restaurant	*rs = NULL;
	PGresult		*res = NULL;
	const char		*sort;
	int			 page, size, total;
	NEOERR			*err;

	if (!list_args(r, &sort, &page, &size))
		return nerr_pass(resp_error(r, w, 400));
	if ((err = db_restaurant_get_by_slug(r->app->db, req_param(r, 0), &rs)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if (rs == NULL)
		return nerr_pass(resp_error(r, w, 404));
	if ((err = page_of(r, rs->id, sort, page, size, &res, &total)) != STATUS_OK)
		goto out;
	if ((err = hdf_put_rows(r->hdf, "Page.Reviews", res, page_review_cols)) !=
	    STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.R.Slug", rs->slug)) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.R.Name", rs->name)) != STATUS_OK ||
	    (err = hdf_set_num(r->hdf, "Page.R.Rating", rs->rating_avg, 1)) !=
	    STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.R.RatingCount",
	    rs->rating_count)) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Sort", sort)) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Page", page)) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.PrevPage", page - 1)) !=
	    STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.NextPage",
	    page * size < total ? page + 1 : 0)) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Total", total)) != STATUS_OK)
		goto out;
	/* for anonymous readers; a signed-in one's copy is personal (router.c) */
	w->cache = "public, max-age=60";
	err = render_page(r, w, "diner/reviews.cs");
out:
	PQclear(res);
	db_restaurant_free(rs);
	return nerr_pass(err);
}

/* GET /api/v1/restaurants/{slug}/reviews?sort=&page=&page_size=. 200; 400. */
static NEOERR *
reviews_api(struct req *r, struct resp *w)
{
	struct restaurant	*rs = NULL;
	PGresult		*res = NULL;
	const char		*sort;
	int			 page, size, total;
	NEOERR			*err;

	if (!list_args(r, &sort, &page, &size))
		return nerr_pass(json_problem(r, w, 400, NULL, json_pack("{s:s}",
		    "sort", "invalid")));
	if ((err = db_restaurant_get_by_slug(r->app->db, req_param(r, 0), &rs)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if (rs == NULL)
		return nerr_pass(resp_error(r, w, 404));
	if ((err = page_of(r, rs->id, sort, page, size, &res, &total)) == STATUS_OK)
		err = json_send(w, 200, json_pack("{s:i,s:i,s:i,s:o,s:o}", "page", page,
		    "page_size", size, "total", total, "rating",
		    json_pack("{s:o,s:i}", "average", rs->rating_count > 0 ?
		    json_real(rs->rating_avg) : json_null(), "count",
		    rs->rating_count), "items", json_rows(res, page_review_cols)));
	PQclear(res);
	db_restaurant_free(rs);
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* writing one                                                          */
/* ------------------------------------------------------------------ */

/* The review of rv so far, into *res (no row if none). */
static NEOERR *
existing(struct req *r, const struct reservation *rv, PGresult **res)
{
	char		 id[24];
	const char	*p[1] = { id };

	snprintf(id, sizeof id, "%lld", (long long)rv->id);
	return nerr_pass(db_exec(r->app->db, STMT_REVIEW_OF, 1, p, res));
}

static NEOERR *
form_render(struct req *r, struct resp *w, const struct reservation *rv,
    const char *token, int status)
{
	PGresult	*res = NULL;
	NEOERR		*err;

	resp_private(w);
	if ((err = existing(r, rv, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) == 1 && ((err = hdf_set_value(r->hdf,
	    "Page.Review.Rating", db_str(res, 0, 1))) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Review.Body", db_str(res, 0, 2))) !=
	    STATUS_OK || (err = hdf_set_value(r->hdf, "Page.Review.Reply",
	    db_str(res, 0, 3))) != STATUS_OK)) {
		PQclear(res);
		return nerr_pass(err);
	}
	PQclear(res);
	if ((err = hdf_put_reservation(r->hdf, rv, token)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(session_page(r, w, "diner/review.cs", status));
}

/* Who writes rv's review on this request: the signed-in diner, else the booking's. */
static void
review_who(struct req *r, const struct reservation *rv, struct review_in *in)
{
	memset(in, 0, sizeof *in);
	/* the diner's account, whether signed in now or when they booked */
	in->user_id = r->user_id != 0 ? r->user_id : rv->user_id;
	in->user_email = r->user_id != 0 ? r->user_email : NULL;
}

/* The problem code of a review that may not be written, or NULL. */
static const char *
review_refusal(enum review_res res, int *status)
{
	switch (res) {
	case REVIEW_OWN:
		*status = 403;
		return "own_restaurant";
	case REVIEW_REFUSED:
		*status = 403;
		return "not_allowed";
	case REVIEW_NOT_FINISHED:
		*status = 409;
		return "not_finished";
	case REVIEW_DONE:
		*status = 409;
		return "reviewed";
	default:
		*status = 0;
		return NULL;
	}
}

/*
 * GET /b/{code}/review?t=: the form (or the review already given).
 * 200; 403 the restaurant's own owner; 404.
 */
static NEOERR *
review_form(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	struct book_env		 env;
	struct review_in	 in;
	enum review_res		 res;
	const char		*token;
	NEOERR			*err;

	if ((err = book_load(r, &rv, &token)) != STATUS_OK)
		return nerr_pass(err);
	if (rv == NULL)
		return nerr_pass(resp_error(r, w, 404));
	review_who(r, rv, &in);
	book_env_init(r, &env);
	if ((err = booking_review_check(&env, rv, &in, &res)) == STATUS_OK)
		err = res != REVIEW_OK ? resp_error(r, w, 403) :
		    form_render(r, w, rv, token, 200);
	db_reservation_free(rv);
	return nerr_pass(err);
}

/*
 * Write rv's review from the fields of a form or JSON j through the
 * booking core: *status 0 when made, 403 not to be written by this
 * writer, 409 not finished or already reviewed, 422; errs says why.
 */
static NEOERR *
review_write(struct req *r, json_t *j, const struct reservation *rv,
    json_t *errs, int *status, int64_t *id)
{
	struct book_env		 env;
	struct review_in	 in;
	enum review_res		 res;
	long long		 rating = 0;
	const char		*why;
	NEOERR			*err;

	*status = 422;
	*id = 0;
	in_int(r, j, "rating", 1, 5, true, errs, &rating);
	review_who(r, rv, &in);
	in.body = in_text(r, j, "body", BODY_MAX, false, errs, true);
	in.rating = (int)rating;
	if (json_object_size(errs) > 0)
		return STATUS_OK;
	book_env_init(r, &env);
	if ((err = booking_review(&env, rv, &in, &res, id)) != STATUS_OK)
		return nerr_pass(err);
	if ((why = review_refusal(res, status)) != NULL)
		json_object_set_new(errs, "reservation", json_string(why));
	return STATUS_OK;
}

/* POST /b/{code}/review {t, rating, body}. 303; 403; 404; 409; 422. */
static NEOERR *
review_submit(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	const char		*token;
	json_t			*errs = json_object();
	char			 loc[160];
	int64_t			 id;
	int			 status;
	NEOERR			*err;

	if ((err = book_load(r, &rv, &token)) != STATUS_OK)
		goto out;
	if (rv == NULL) {
		err = resp_error(r, w, 404);
		goto out;
	}
	if ((err = review_write(r, NULL, rv, errs, &status, &id)) != STATUS_OK)
		goto out;
	if (status == 403) {
		err = resp_error(r, w, 403);
		goto out;
	}
	if (status != 0) {
		if ((err = in_errors_to_form(r, errs)) == STATUS_OK)
			err = form_render(r, w, rv, token, status);
		goto out;
	}
	snprintf(loc, sizeof loc, "/r/%s/reviews?thanks=1", rv->slug);
	err = resp_redirect(w, 303, loc);
out:
	json_decref(errs);
	db_reservation_free(rv);
	return nerr_pass(err);
}

/*
 * POST /api/v1/reservations/{code}/review?t= {rating, body}.
 * 201; 403 {reservation: own_restaurant}; 404; 409; 422.
 */
static NEOERR *
review_api(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	PGresult		*res = NULL;
	const char		*token;
	json_t			*errs;
	int64_t			 id;
	int			 status;
	NEOERR			*err;

	if (r->json == NULL || !json_is_object(r->json))
		return nerr_pass(resp_error(r, w, 400));
	if ((err = book_load(r, &rv, &token)) != STATUS_OK)
		return nerr_pass(err);
	if (rv == NULL)
		return nerr_pass(resp_error(r, w, 404));
	errs = json_object();
	if ((err = review_write(r, r->json, rv, errs, &status, &id)) != STATUS_OK) {
		json_decref(errs);
		db_reservation_free(rv);
		return nerr_pass(err);
	}
	if (status != 0) {
		db_reservation_free(rv);
		return nerr_pass(json_problem(r, w, status, status == 403 ?
		    "Nobody reviews their own restaurant." : NULL, errs));
	}
	json_decref(errs);
	if ((err = existing(r, rv, &res)) == STATUS_OK)
		err = json_send(w, 201, json_pack("{s:I,s:s,s:I,s:s}", "id",
		    (json_int_t)db_int(res, 0, 0), "reservation", rv->code,
		    "rating", (json_int_t)db_int(res, 0, 1), "body", db_str(res, 0, 2)));
	PQclear(res);
	db_reservation_free(rv);
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* the owner's side                                                     */
/* ------------------------------------------------------------------ */

/* GET /owner/r/{id}/reviews: every review with a reply form. 200; 404. */
static NEOERR *
owner_reviews(struct req *r, struct resp *w)
{
	struct owner_restaurant *cur = NULL;
	PGresult	*res = NULL;
	NEOERR		*err;

	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if ((err = owner_rows(r, STMT_OWNER_REVIEWS, cur->id, 0, NULL,
	    &res)) == STATUS_OK &&
	    (err = owner_put_restaurant(r->hdf, cur)) == STATUS_OK &&
	    (err = hdf_put_rows(r->hdf, "Page.Reviews", res, owner_cols)) ==
	    STATUS_OK)
		err = session_page(r, w, "owner/reviews.cs", 200);
	PQclear(res);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* Set the owner's reply of review :rid; *found false if it is not theirs. */
static NEOERR *
reply_write(struct req *r, const char *reply, bool *found, int64_t *rid)
{
	PGresult	*res = NULL;
	char		 uid[24];
	const char	*p[3];
	long long	 id;
	NEOERR		*err;

	*found = false;
	if (!parse_int(req_param(r, 0), 1, INT64_MAX, &id))
		return STATUS_OK;
	snprintf(uid, sizeof uid, "%lld", (long long)r->user_id);
	p[0] = req_param(r, 0);
	p[1] = uid;
	p[2] = reply;
	if ((err = db_exec(r->app->db, STMT_OWNER_REVIEW_REPLY, 3, p, &res)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if ((*found = PQntuples(res) == 1))
		*rid = db_int(res, 0, 1);
	PQclear(res);
	if (*found)
		err = audit(r->app->db, r->user_id, "review_reply", req_param(r, 0),
		    req_header(r, "REMOTE_ADDR"), NULL);
	return nerr_pass(err);
}

/* POST /owner/reviews/{id}/reply {reply}: set or change it. 303; 404; 422. */
static NEOERR *
reply_submit(struct req *r, struct resp *w)
{
	json_t		*errs = json_object();
	const char	*reply;
	char		 loc[64];
	int64_t		 rid = 0;
	bool		 found;
	NEOERR		*err = STATUS_OK;

	reply = in_text(r, NULL, "reply", REPLY_MAX, false, errs, true);
	if (json_object_size(errs) > 0)
		err = resp_error(r, w, 422);
	else if ((err = reply_write(r, reply, &found, &rid)) == STATUS_OK) {
		if (!found)
			err = resp_error(r, w, 404);
		else {
			snprintf(loc, sizeof loc, "/owner/r/%lld/reviews#v-%s",
			    (long long)rid, req_param(r, 0));
			err = resp_redirect(w, 303, loc);
		}
	}
	json_decref(errs);
	return nerr_pass(err);
}

/* POST /api/v1/owner/reviews/{id}/reply {reply}. 200; 404; 422. */
static NEOERR *
reply_api(struct req *r, struct resp *w)
{
	json_t		*errs;
	const char	*reply;
	int64_t		 rid = 0;
	bool		 found;
	NEOERR		*err;

	if (!session_scope(r, "setup:write"))
		return nerr_pass(resp_error(r, w, 403));
	if (r->json == NULL || !json_is_object(r->json))
		return nerr_pass(resp_error(r, w, 400));
	errs = json_object();
	reply = in_text(r, r->json, "reply", REPLY_MAX, false, errs, true);
	if (json_object_size(errs) > 0)
		return nerr_pass(json_problem(r, w, 422, NULL, errs));
	json_decref(errs);
	if ((err = reply_write(r, reply, &found, &rid)) != STATUS_OK)
		return nerr_pass(err);
	if (!found)
		return nerr_pass(resp_error(r, w, 404));
	return nerr_pass(json_send(w, 200, json_pack("{s:s,s:s}", "id",
	    req_param(r, 0), "reply", reply)));
}
