/* route_home.c: the home page and the health check. */
#include "app.h"

static NEOERR	*home(struct req *, struct resp *);
static NEOERR	*healthz(struct req *, struct resp *);
static NEOERR	*lang_form(struct req *, struct resp *);
static NEOERR	*lang_set(struct req *, struct resp *);

const struct route home_routes[] = {
	{ HTTP_GET, "/", 0, home, SCOPE_NONE },
	{ HTTP_GET, "/healthz", 0, healthz, SCOPE_NONE },
	{ HTTP_GET, "/metrics", 0, metrics_page, SCOPE_NONE },
	{ HTTP_GET, "/lang", 0, lang_form, SCOPE_NONE },
	{ HTTP_POST, "/lang", ROUTE_FORM | ROUTE_CSRF, lang_set, SCOPE_NONE },
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

/* ------------------------------------------------------------------ */
/* the language switcher                                                */
/* ------------------------------------------------------------------ */

#define LANG_MAX_AGE	(400L * 24 * 3600)	/* browsers cap at 400 days */

/* The next field if it is a local path (as sign-in takes it), else "/". */
static const char *
lang_next(struct req *r)
{
	const char	*n = req_field(r, "next");

	return local_path_ok(n) ? n : "/";
}

/*
 * GET /lang[?lang=&next=]: the switcher as a page of its own, for the
 * pages that carry no CSRF token (public, cacheable ones): their switcher
 * links here, and this page's buttons post. 200.
 */
static NEOERR *
lang_form(struct req *r, struct resp *w)
{
	const char	*want = req_field(r, "lang");
	NEOERR		*err;

	if ((err = hdf_set_value(r->hdf, "Page.Next", lang_next(r))) !=
	    STATUS_OK)
		return nerr_pass(err);
	if (render_lang_index(r->app, want) >= 0 &&
	    (err = hdf_set_value(r->hdf, "Page.Want", want)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(session_page(r, w, "layout/lang.cs", 200));
}

/*
 * POST /lang (lang, next): this browser's language from now on (a cookie
 * for 400 days) and, when someone is signed in, their account's (the
 * language of their mails). 303 to next (a local path) or to /; 400 for a
 * language that is not one of App.Languages.
 */
static NEOERR *
lang_set(struct req *r, struct resp *w)
{
	const char	*lang;
	int		 i;
	NEOERR		*err;

	if ((i = render_lang_index(r->app, req_field(r, "lang"))) < 0)
		return nerr_pass(resp_error(r, w, 400));
	lang = render_lang_code(r->app, i);
	if (r->user_id != 0 && (err = db_user_set_language(r->app->db,
	    r->user_id, lang)) != STATUS_OK)
		return nerr_pass(err);
	resp_cookie(w, r, LANG_COOKIE, lang, LANG_MAX_AGE);
	resp_private(w);
	return nerr_pass(resp_redirect(w, 303, lang_next(r)));
}
