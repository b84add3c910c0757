/* route_home.c: the home page and the health check. */
#include "app.h"

static NEOERR	*home(struct req *, struct resp *);
static NEOERR	*healthz(struct req *, struct resp *);

const struct route home_routes[] = {
	{ HTTP_GET, "/", 0, home, SCOPE_NONE },
	{ HTTP_GET, "/healthz", 0, healthz, SCOPE_NONE },
	{ HTTP_GET, "/metrics", 0, metrics_page, SCOPE_NONE },
	{ 0, NULL, 0, NULL, NULL }
};

#define HOME_FEATURED	6

/*
 * GET /: the search form with cities and cuisines, and a few restaurants.
 * 200.
 */
static NEOERR *
home(struct req *r, struct resp *w)
{
	const struct facets	*f = NULL;
	const struct restaurant_list *l = NULL;
	struct search_query	 q = { "", "", "", 1, HOME_FEATURED, false, 0, 0, 0 };
	NEOERR			*err;

	if ((err = db_facets_cached(r->app->db,
	    setup_cache_changes(r->app->setups), &f)) != STATUS_OK)
		goto out;
	if ((err = db_restaurant_search_cached(r->app->db,
	    setup_cache_changes(r->app->setups), &q, &l)) != STATUS_OK)
		goto out;
	if ((err = hdf_put_facets(r->hdf, f)) != STATUS_OK ||
	    (err = hdf_put_results(r->hdf, "Page.Featured", l)) != STATUS_OK ||
	    (err = hdf_set_valuef(r->hdf, "Page.Total=%lld", l->total)) != STATUS_OK)
		goto out;
	err = render_page(r, w, "diner/home.cs");
out:
	return nerr_pass(err);
}

/*
 * GET /healthz: 200 {"status":"ok"} when the database answers, else 503
 * with Retry-After. Never cached.
 */
static NEOERR *
healthz(struct req *r, struct resp *w)
{
	bool	 up;

	up = db_ping(r->app->db);
	if (!up)
		resp_header(w, "Retry-After", "5");
	return nerr_pass(json_send(w, up ? 200 : 503, json_pack("{s:s,s:s,s:s}",
	    "status", up ? "ok" : "unavailable", "database", up ? "ok" : "down",
	    "version", STOLIK_VERSION)));
}
