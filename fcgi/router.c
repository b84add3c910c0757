/* router.c: the route tables of every route_*.c, matching and the flag checks. */
#include "app.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct route *const tables[] = {
	home_routes,
	restaurant_routes,
	book_routes,
	account_routes,
	/* before the set-up's /owner/restaurants/:id/:kind */
	sheet_routes,
	/* before the set-up's /owner/restaurants/:id/:kind too */
	webhook_routes,
	waitlist_routes,
	/* and the walk-in list's /api/v1/owner/restaurants/:id/walkins */
	walkin_routes,
	setup_routes,
	review_routes,
	admin_routes,
	payments_routes,
#ifdef STOLIK_TEST_HOOKS
	test_routes,
#endif
};

#define NTABLES	(sizeof tables / sizeof tables[0])

const struct route *
route_next(size_t *iter)
{
	size_t	 t = *iter >> 16, i = *iter & 0xffff;

	while (t < NTABLES) {
		if (tables[t][i].pattern != NULL) {
			*iter = (t << 16) | (i + 1);
			return &tables[t][i];
		}
		t++;
		i = 0;
	}
	*iter = t << 16;
	return NULL;
}

/*
 * Parameters that name a row by its id: a bigint identity column (every
 * id in the migrations under sql/ is one). A segment for them is a plain decimal number
 * in [1, INT64_MAX], no sign, no leading zero, else the route does not
 * match (404): nothing past the column's range reaches SQL. A handler
 * whose column is narrower checks that range too (route_setup.c kinds).
 */
static const char *const id_params[] = { "id", "item", "rid", "wid" };

bool
route_id_segment(const char *s, size_t len)
{
	long long	 v = 0;
	size_t		 i;

	if (len == 0 || len > 19 || s[0] == '0')
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (v > (INT64_MAX - (s[i] - '0')) / 10)
			return false;
		v = v * 10 + (s[i] - '0');
	}
	return true;
}

static bool
is_id_param(const char *name, size_t len)
{
	size_t	 i;

	for (i = 0; i < sizeof id_params / sizeof id_params[0]; i++)
		if (strlen(id_params[i]) == len &&
		    strncmp(id_params[i], name, len) == 0)
			return true;
	return false;
}

/*
 * Match path against pattern segment by segment; ":name" takes one
 * non-empty segment (an id for the names in id_params). Captures go to
 * r->params (freed by req_free).
 */
static bool
match(const char *pattern, const char *path, struct req *r)
{
	const char	*p = pattern, *s = path, *pe, *se;
	int		 n = 0;
	size_t		 plen, slen;

	while (*p == '/' && *s == '/') {
		p++;
		s++;
		pe = p + strcspn(p, "/");
		se = s + strcspn(s, "/");
		plen = (size_t)(pe - p);
		slen = (size_t)(se - s);
		if (*p == ':') {
			if (slen == 0 || n >= ROUTE_MAXPARAMS)
				return false;
			if (is_id_param(p + 1, plen - 1) &&
			    !route_id_segment(s, slen))
				return false;
			if (r != NULL &&
			    (r->params[n] = strndup(s, slen)) == NULL)
				return false;
			n++;
			if (r != NULL)
				r->nparams = n;
		} else if (plen != slen || strncmp(p, s, plen) != 0)
			return false;
		p = pe;
		s = se;
	}
	return *p == '\0' && *s == '\0';
}

static void
clear_params(struct req *r)
{
	int	 i;

	for (i = 0; i < r->nparams; i++) {
		free(r->params[i]);
		r->params[i] = NULL;
	}
	r->nparams = 0;
}

const struct route *
route_find(struct req *r, unsigned *allow)
{
	const struct route	*rt;
	size_t			 it = 0;
	unsigned		 m;

	*allow = 0;
	/* HEAD is GET without the body */
	m = r->method == HTTP_HEAD ? HTTP_GET : r->method;
	while ((rt = route_next(&it)) != NULL) {
		if (!match(rt->pattern, r->path, NULL))
			continue;
		if (rt->methods & m) {
			clear_params(r);
			if (!match(rt->pattern, r->path, r))
				return NULL;	/* out of memory */
			return rt;
		}
		*allow |= rt->methods;
	}
	return NULL;
}

/* "GET, HEAD, POST" for the Allow header. */
static void
allow_header(struct resp *w, unsigned allow)
{
	static const struct {
		unsigned	 bit;
		const char	*name;
	} names[] = {
		{ HTTP_GET, "GET, HEAD" }, { HTTP_POST, "POST" },
		{ HTTP_PUT, "PUT" }, { HTTP_PATCH, "PATCH" },
		{ HTTP_DELETE, "DELETE" },
	};
	char	 buf[128];
	size_t	 i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(allow & names[i].bit))
			continue;
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
		    len > 0 ? ", " : "", names[i].name);
	}
	resp_header(w, "Allow", buf);
}

/* A path with a trailing slash whose slashless form exists: 308 there. */
static NEOERR *
slash_redirect(struct req *r, struct resp *w, bool *done)
{
	size_t		 len = strlen(r->path);
	unsigned	 allow;
	char		*loc;
	const char	*qs;
	STRING		 s;
	NEOERR		*err;

	*done = false;
	if (len < 2 || r->path[len - 1] != '/')
		return STATUS_OK;
	r->path[len - 1] = '\0';
	if (route_find(r, &allow) == NULL) {
		r->path[len - 1] = '/';
		return STATUS_OK;
	}
	string_init(&s);
	qs = req_header(r, "QUERY_STRING");
	/* the path came decoded; a redirect only ever drops one slash */
	loc = r->path;
	err = string_appendf(&s, "%s%s%s", loc, qs != NULL && *qs != '\0' ?
	    "?" : "", qs != NULL ? qs : "");
	if (err == STATUS_OK && local_path_ok(s.buf)) {
		err = resp_redirect(w, 308, s.buf);
		*done = err == STATUS_OK;
	}
	string_clear(&s);
	return nerr_pass(err);
}

/* Nobody signed in: the API says 401, a page sends the browser to sign in. */
static NEOERR *
auth_required(struct req *r, struct resp *w)
{
	STRING	 s;
	NEOERR	*err;
	char	*esc = NULL;

	if (r->want_json) {
		resp_header(w, "WWW-Authenticate", "Bearer realm=\"stolik\"");
		return nerr_pass(resp_error(r, w, 401));
	}
	if (r->method != HTTP_GET && r->method != HTTP_HEAD)
		return nerr_pass(resp_error(r, w, 401));
	if ((err = cgi_url_escape(r->path, &esc)) != STATUS_OK)
		return nerr_pass(err);
	string_init(&s);
	err = string_appendf(&s, "/login?next=%s", esc);
	free(esc);
	if (err == STATUS_OK)
		err = resp_redirect(w, 303, s.buf);
	string_clear(&s);
	return nerr_pass(err);
}

/*
 * An API key (r->scopes) may use rt only if the route is public or names a
 * scope the key has; SCOPE_NONE routes take no keys at all.
 */
static bool
key_may(struct req *r, const struct route *rt)
{
	if (r->scopes == NULL)
		return true;	/* a user's sign-in, or nobody: not a key */
#ifdef STOLIK_TEST_HOOKS
	/* negative control for the scope tests: never in a release build */
	if (hdf_get_int_value(r->app->conf, "Test.ScopeCheckOff", 0))
		return true;
#endif
	if (rt->scope == SCOPE_NONE)
		return false;
	if (strcmp(rt->scope, SCOPE_PUBLIC) == 0)
		return true;
	return session_scope(r, rt->scope);
}

/* A key without the route's scope: 403, said as RFC 6750 says it. */
static NEOERR *
key_refused(struct req *r, struct resp *w, const struct route *rt)
{
	char	 h[160];

	if (rt->scope != SCOPE_NONE)
		snprintf(h, sizeof h, "Bearer realm=\"stolik\", "
		    "error=\"insufficient_scope\", scope=\"%s\"", rt->scope);
	else
		snprintf(h, sizeof h, "Bearer realm=\"stolik\", "
		    "error=\"insufficient_scope\"");
	resp_header(w, "WWW-Authenticate", h);
	return nerr_pass(json_problem(r, w, 403, rt->scope != SCOPE_NONE ?
	    "This API key does not have the scope this request needs." :
	    "API keys may not make this request; sign in instead.",
	    json_pack("{s:s,s:s?}", "authorization", "insufficient_scope",
	    "scope", rt->scope)));
}

int
route_id(const struct route *rt)
{
	const struct route	*x;
	size_t			 it = 0;
	int			 id = 0;

	if (rt == NULL)
		return -1;
	while ((x = route_next(&it)) != NULL) {
		if (x == rt)
			return id;
		id++;
	}
	return -1;
}

NEOERR *
route_dispatch(struct req *r, struct resp *w)
{
	const struct route	*rt;
	unsigned		 allow;
	int			 status;
	bool			 done;
	NEOERR			*err;

	if ((rt = route_find(r, &allow)) == NULL) {
		if (allow != 0) {
			allow_header(w, allow);
			return nerr_pass(resp_error(r, w, 405));
		}
		if ((err = slash_redirect(r, w, &done)) != STATUS_OK || done)
			return nerr_pass(err);
		return nerr_pass(resp_error(r, w, 404));
	}
	r->route = rt;
	r->want_json = (rt->flags & ROUTE_JSON) != 0;
	if ((err = req_read_body(r, rt->flags, &status)) != STATUS_OK)
		return nerr_pass(err);
	if (status != 0)
		return nerr_pass(resp_error(r, w, status));
	/* the API knows only Bearer tokens; pages only the session cookie */
	if ((err = (rt->flags & ROUTE_JSON) ? session_bearer(r) :
	    session_load(r)) != STATUS_OK)
		return nerr_pass(err);
	/* a signed-in user's saved language, unless the switcher's cookie says */
	if (r->user_lang != NULL && !r->lang_cookie &&
	    (err = render_pick_lang(r)) != STATUS_OK)
		return nerr_pass(err);
	/* an API key gets only as far as its scopes take it */
	if (!key_may(r, rt))
		return nerr_pass(key_refused(r, w, rt));
	/* whatever a handler says of caching later, this answer is someone's */
	if (r->user_id != 0)
		w->personal = true;
	if (r->user_id != 0 && !(rt->flags & ROUTE_JSON)) {
		w->cache = "no-store";
		if ((err = session_csrf(r, w)) != STATUS_OK ||
		    (err = hdf_set_value(r->hdf, "Session.User.Name",
		    r->user_name)) != STATUS_OK ||
		    (err = hdf_set_value(r->hdf, "Session.User.Email",
		    r->user_email)) != STATUS_OK ||
		    (err = hdf_set_value(r->hdf, "Session.User.Role",
		    role_name(r->role))) != STATUS_OK)
			return nerr_pass(err);
	}
	if ((rt->flags & ROUTE_CSRF) &&
	    (r->method & (HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE)) &&
	    !session_csrf_ok(r))
		return nerr_pass(resp_error(r, w, 403));
	if ((rt->flags & (ROUTE_AUTH | ROUTE_OWNER | ROUTE_ADMIN)) &&
	    r->user_id == 0)
		return nerr_pass(auth_required(r, w));
	if (((rt->flags & ROUTE_OWNER) && r->role != ROLE_OWNER &&
	    r->role != ROLE_ADMIN) ||
	    ((rt->flags & ROUTE_ADMIN) && r->role != ROLE_ADMIN))
		return nerr_pass(resp_error(r, w, 403));
	return nerr_pass(rt->fn(r, w));
}
