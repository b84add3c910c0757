/* owner.c: the owner's restaurant of a request's path, for the set-up, the book and the reviews. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const owner_restaurant_cols[] = {
	"id", "slug", "name", "description", "cuisine", "address", "city",
	"postal_code", "country", "phone", "email", "website", "lat", "lon",
	"timezone", "slot_minutes", "booking_window_days", "min_notice_minutes",
	"cancel_cutoff_minutes", "confirmation_mode", "pacing",
	"noshow_grace_minutes", "reminder_hours", "max_party", "status", "today",
	"rating_avg", "rating_count", "rating", "waitlist_claim_minutes", NULL
};

NEOERR *
owner_restaurant(struct req *r, struct resp *w, struct owner_restaurant **out)
{
	long long	 id;
	bool		 unchecked = false;
	NEOERR		*err;

	*out = NULL;
	/* another owner's restaurant does not exist, as far as they know */
	if (!parse_int(req_param(r, 0), 1, INT64_MAX, &id))
		return nerr_pass(resp_error(r, w, 404));
#ifdef STOLIK_TEST_HOOKS
	/* negative control of the access tests: one ownership check off */
	unchecked = hdf_get_int_value(r->app->conf, "Test.OwnerCheckOff", 0);
#endif
	if ((err = db_owner_restaurant_get(r->app->db, id, r->user_id, unchecked,
	    out)) != STATUS_OK)
		return nerr_pass(err);
	if (*out == NULL)
		return nerr_pass(resp_error(r, w, 404));
	return STATUS_OK;
}

NEOERR *
owner_put_restaurant(HDF *hdf, const struct owner_restaurant *cur)
{
	return nerr_pass(hdf_put_row(hdf, "Page.R", cur->res_, 0, owner_restaurant_cols));
}

json_t *
owner_restaurant_json(const struct owner_restaurant *cur)
{
	return json_row(cur->res_, 0, owner_restaurant_cols);
}

NEOERR *
owner_rows(struct req *r, enum stmt s, int64_t rid, int nextra,
    const char *const *extra, PGresult **res)
{
	char		 id[24], uid[24];
	const char	*p[8];
	int		 i;

	snprintf(id, sizeof id, "%lld", (long long)rid);
	snprintf(uid, sizeof uid, "%lld", (long long)r->user_id);
	p[0] = id;
	p[1] = uid;
	for (i = 0; i < nextra && i < 6; i++)
		p[2 + i] = extra[i];
	return nerr_pass(db_exec(r->app->db, s, 2 + i, p, res));
}
