/* session.c: the browser-id cookie, CSRF tokens bound to it, and login sessions. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BID_COOKIE	"bid"
#define SID_COOKIE	"sid"
#define BID_MAX_AGE	(400L * 24 * 3600)	/* browsers cap at 400 days */

/* True for a value sec_token could have made. */
static bool
token_shaped(const char *v)
{
	return v != NULL && strlen(v) == SEC_TOKEN_B64 - 1 &&
	    strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_") == SEC_TOKEN_B64 - 1;
}

/* This visitor's browser id, from the cookie; NULL if none or malformed. */
static const char *
bid_of(struct req *r)
{
	char		 name[64];
	const char	*v;

	if (r->bid != NULL)
		return r->bid;
	cookie_name(r, BID_COOKIE, name, sizeof name);
	v = req_cookie(r, name);
	if (!token_shaped(v))
		return NULL;
	r->bid = strdup(v);
	return r->bid;
}

NEOERR *
session_csrf(struct req *r, struct resp *w)
{
	char		 tok[SEC_TOKEN_B64], mac[SEC_TOKEN_B64];
	const char	*bid;

	if ((bid = bid_of(r)) == NULL) {
		sec_token(tok);
		if ((r->bid = strdup(tok)) == NULL)
			return nerr_raise(NERR_NOMEM, "bid");
		resp_cookie(w, r, BID_COOKIE, tok, BID_MAX_AGE);
		bid = r->bid;
	}
	sec_mac("csrf", bid, strlen(bid), mac);
	return nerr_pass(hdf_set_value(r->hdf, "Session.Csrf", mac));
}

/* scheme://host[:port] of a URL, for comparing origins. */
static size_t
origin_len(const char *url)
{
	const char	*p;

	if ((p = strstr(url, "://")) == NULL)
		return 0;
	p += 3;
	return (size_t)(p - url) + strcspn(p, "/?#");
}

/* True if the Origin header names this site (or is absent). */
static bool
origin_ok(struct req *r)
{
	const char	*o, *host, *base = r->app->base_url;
	char		 self[300];

	if ((o = req_header(r, "HTTP_ORIGIN")) == NULL)
		return true;
	if (strlen(o) == origin_len(base) && strncasecmp(o, base, strlen(o)) == 0)
		return true;
	/* the host the browser itself addressed */
	if ((host = req_header(r, "HTTP_HOST")) != NULL) {
		snprintf(self, sizeof self, "%s://%s", r->https ? "https" : "http",
		    host);
		if (strcasecmp(o, self) == 0)
			return true;
	}
	return false;
}

bool
session_csrf_ok(struct req *r)
{
	const char	*site, *bid, *tok;

#ifdef STOLIK_TEST_HOOKS
	/* negative control for the CSRF tests: never in a release build */
	if (hdf_get_int_value(r->app->conf, "Test.CsrfOff", 0))
		return true;
#endif
	/*
	 * Browsers say where a request comes from. Sec-Fetch-Site cannot be
	 * set by a page, so when present it decides; older clients are held
	 * to their Origin header instead (a privacy-mode "null" included).
	 */
	site = req_header(r, "HTTP_SEC_FETCH_SITE");
	if (site != NULL) {
		if (strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
			return false;
	} else if (!origin_ok(r))
		return false;
	if ((bid = bid_of(r)) == NULL)
		return false;
	tok = req_field(r, "csrf");
	if (tok == NULL)
		tok = req_header(r, "HTTP_X_CSRF_TOKEN");
	if (tok == NULL && r->json != NULL)
		tok = json_string_value(json_object_get(r->json, "csrf"));
	return tok != NULL && sec_mac_verify("csrf", bid, strlen(bid), tok);
}

NEOERR *
session_load(struct req *r)
{
	char		 name[64], hex[2 + 64 + 1];
	const char	*sid, *p[1];
	unsigned char	 h[32];
	PGresult	*res = NULL;
	NEOERR		*err;
	size_t		 i;

	r->user_id = 0;
	cookie_name(r, SID_COOKIE, name, sizeof name);
	sid = req_cookie(r, name);
	if (!token_shaped(sid))
		return STATUS_OK;
	sec_token_hash(sid, h);
	hex[0] = '\\';
	hex[1] = 'x';
	for (i = 0; i < sizeof h; i++)
		snprintf(hex + 2 + 2 * i, 3, "%02x", h[i]);
	p[0] = hex;
	if ((err = db_exec(r->app->db, STMT_SESSION_GET, 1, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) == 1)
		r->user_id = db_int(res, 0, 0);
	PQclear(res);
	return STATUS_OK;
}
