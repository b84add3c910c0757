/* walkins.c: the walk-in list as the day sheet, its own page and the API show it (view helpers). */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The party sizes the list's "wait now" line shows an estimate for. */
static const int walkin_sizes[] = { 2, 4, 6 };
#define NSIZES	(sizeof walkin_sizes / sizeof walkin_sizes[0])

/* The list statement without its owner check: the access tests' control. */
static bool
unchecked(struct req *r)
{
#ifdef STOLIK_TEST_HOOKS
	return hdf_get_int_value(r->app->conf, "Test.OwnerCheckOff", 0) != 0;
#else
	(void)r;
	return false;
#endif
}

/* The estimate of entry id among q[0..n), or NULL. */
static const struct walkin_est *
est_of(const struct walkin_est *q, size_t n, int64_t id)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (q[i].id == id)
			return &q[i];
	return NULL;
}

NEOERR *
walkins_put(struct req *r, const struct owner_restaurant *cur, int day,
    int party)
{
	PGresult		*rows = NULL;
	struct walkin_est	*q = NULL, *x = NULL;
	const struct walkin_est	*e;
	int			 sizes[NSIZES + 1];
	size_t			 n = 0, i, nx = 0;
	char			 date[11];
	NEOERR			*err;
	bool			 today = day == cur->today_day;

	if ((err = walkin_list(r->app->db, cur->id, r->user_id, unchecked(r),
	    day, 0, &rows)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = hdf_put_rows(r->hdf, "Page.Walkins", rows, walkin_cols)) !=
	    STATUS_OK)
		goto out;
	date_format(cur->today_day, date);
	if ((err = hdf_set_int_value(r->hdf, "Page.WalkinToday", today)) !=
	    STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.WalkinDate", date)) != STATUS_OK)
		goto out;
	if (!today)
		goto out;
	for (i = 0; i < NSIZES; i++)
		sizes[nx++] = walkin_sizes[i];
	if (party > 0)
		sizes[nx++] = party;
	if ((err = walkin_estimate(r->app->db, cur->id, r->user_id, day,
	    (int64_t)req_now(r), sizes, nx, &q, &n, &x)) != STATUS_OK)
		goto out;
	for (i = 0; i < (size_t)PQntuples(rows); i++) {
		e = est_of(q, n, db_int(rows, (int)i, 0));
		if (e != NULL && (err = hdf_set_valuef(r->hdf,
		    "Page.Walkins.%zu.estimate=%d", i, e->wait)) != STATUS_OK)
			goto out;
	}
	for (i = 0; i < NSIZES; i++)
		if ((err = hdf_set_valuef(r->hdf, "Page.WalkinWait.%zu.Party=%d",
		    i, x[i].party)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "Page.WalkinWait.%zu.Wait=%d",
		    i, x[i].wait)) != STATUS_OK)
			goto out;
	if (party > 0 && ((err = hdf_set_int_value(r->hdf, "Page.WalkinParty",
	    party)) != STATUS_OK || (err = hdf_set_int_value(r->hdf,
	    "Page.WalkinEstimate", x[NSIZES].wait)) != STATUS_OK))
		goto out;
out:
	free(q);
	free(x);
	PQclear(rows);
	return nerr_pass(err);
}

json_t *
walkins_json(const PGresult *rows, const struct walkin_est *q, size_t n)
{
	const struct walkin_est	*e;
	json_t			*a, *o;
	int			 i;

	if ((a = json_array()) == NULL)
		return NULL;
	for (i = 0; i < PQntuples(rows); i++) {
		if ((o = json_row(rows, i, walkin_cols)) == NULL)
			continue;
		e = est_of(q, n, db_int(rows, i, 0));
		/* minutes from now, or null: not waiting, or no table today */
		json_object_set_new(o, "estimate", e != NULL && e->wait >= 0 ?
		    json_integer(e->wait) : json_null());
		json_array_append_new(a, o);
	}
	return a;
}
