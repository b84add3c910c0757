/* session.c: who is asking (session cookie or Bearer token) and CSRF tokens bound to it. */
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

/* What a CSRF token is bound to: the session's secret, or the browser id. */
static const char *
csrf_subject(struct req *r, const char **purpose)
{
	if (r->csrf_key != NULL) {
		*purpose = "csrf-session";
		return r->csrf_key;
	}
	*purpose = "csrf";
	return bid_of(r);
}

NEOERR *
session_csrf(struct req *r, struct resp *w)
{
	char		 tok[SEC_TOKEN_B64], mac[SEC_MASKED_B64];
	const char	*subject, *purpose;

	w->personal = true;	/* the token is this browser's or session's */
	if ((subject = csrf_subject(r, &purpose)) == NULL) {
		sec_token(tok);
		if ((r->bid = strdup(tok)) == NULL)
			return nerr_raise(NERR_NOMEM, "bid");
		resp_cookie(w, r, BID_COOKIE, tok, BID_MAX_AGE);
		subject = r->bid;
	}
	/* masked afresh for every answer: pages are compressed (BREACH) */
	sec_mac_masked(purpose, subject, strlen(subject), mac);
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
	const char	*site, *subject, *purpose, *tok;

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
	if ((subject = csrf_subject(r, &purpose)) == NULL)
		return false;
	tok = req_field(r, "csrf");
	if (tok == NULL)
		tok = req_header(r, "HTTP_X_CSRF_TOKEN");
	return tok != NULL &&
	    sec_mac_verify_masked(purpose, subject, strlen(subject), tok);
}

/* Copy the signed-in user into r. */
static NEOERR *
set_user(struct req *r, int64_t id, enum role role, const char *email,
    const char *name, bool verified)
{
	r->user_id = id;
	r->role = role;
	r->verified = verified;
	free(r->user_email);
	free(r->user_name);
	r->user_email = strdup(email);
	r->user_name = strdup(name);
	if (r->user_email == NULL || r->user_name == NULL)
		return nerr_raise(NERR_NOMEM, "user");
	return STATUS_OK;
}

NEOERR *
session_load(struct req *r)
{
	struct session	*s = NULL;
	char		 name[64];
	const char	*sid;
	NEOERR		*err;

	cookie_name(r, SID_COOKIE, name, sizeof name);
	sid = req_cookie(r, name);
	if (!token_shaped(sid))
		return STATUS_OK;
	if ((err = db_session_get(r->app->db, sid, (int64_t)req_now(r),
	    r->app->session_idle_minutes, &s)) != STATUS_OK)
		return nerr_pass(err);
	if (s == NULL)
		return STATUS_OK;	/* ended, expired or forged: anonymous */
	err = set_user(r, s->user_id, s->role, s->email, s->name, s->verified);
	if (err == STATUS_OK && s->language != NULL &&
	    (r->user_lang = strdup(s->language)) == NULL)
		err = nerr_raise(NERR_NOMEM, "session");
	if (err == STATUS_OK && ((r->sid = strdup(sid)) == NULL ||
	    (r->csrf_key = strdup(s->csrf)) == NULL))
		err = nerr_raise(NERR_NOMEM, "session");
	db_session_free(s);
	return nerr_pass(err);
}

NEOERR *
session_bearer(struct req *r)
{
	const char	*h, *tok, *sub;
	struct user	*u = NULL;
	json_t		*claims = NULL;
	char		 scopes[256];
	int64_t		 owner;
	long long	 id;
	NEOERR		*err;

	if ((h = req_header(r, "HTTP_AUTHORIZATION")) == NULL ||
	    strncasecmp(h, "Bearer ", 7) != 0)
		return STATUS_OK;
	tok = h + 7;
	if (strncmp(tok, "sk_", 3) == 0) {
		/* an owner's API key: its scopes limit what it may do */
		if (strlen(tok) > 80)
			return STATUS_OK;
		if ((err = db_api_key_get(r->app->db, tok, &owner, scopes)) !=
		    STATUS_OK || owner == 0)
			return nerr_pass(err);
		if ((err = db_user_get(r->app->db, owner, NULL, &u)) != STATUS_OK)
			return nerr_pass(err);
		if (u != NULL && !u->disabled && (r->scopes = strdup(scopes)) != NULL)
			err = set_user(r, u->id, u->role, u->email, u->name, u->verified);
		db_user_free(u);
		return nerr_pass(err);
	}
	/*
	 * An access token: signed by us and still fresh. Its user must still
	 * be there, enabled, with the password it was issued under (pwc); a
	 * primary-key lookup, so a password change or a disabled account
	 * stops it at once rather than after 15 minutes.
	 */
	if (jwt_verify(tok, (int64_t)req_now(r), &claims) != JWT_OK)
		return STATUS_OK;
	sub = json_string_value(json_object_get(claims, "sub"));
	err = STATUS_OK;
	if (sub != NULL && parse_int(sub, 1, INT64_MAX, &id) &&
	    json_is_integer(json_object_get(claims, "pwc")) &&
	    (err = db_user_get(r->app->db, id, NULL, &u)) == STATUS_OK &&
	    u != NULL && !u->disabled && u->password_changed ==
	    json_integer_value(json_object_get(claims, "pwc")))
		err = set_user(r, u->id, u->role, u->email, u->name, u->verified);
	db_user_free(u);
	json_decref(claims);
	return nerr_pass(err);
}

bool
session_scope(struct req *r, const char *scope)
{
	const char	*p;
	size_t		 n = strlen(scope);

	if (r->user_id == 0)
		return false;
	if (r->scopes == NULL)
		return true;
	for (p = r->scopes; (p = strstr(p, scope)) != NULL; p += n)
		if ((p == r->scopes || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

NEOERR *
session_start(struct req *r, struct resp *w, int64_t user_id)
{
	char	 tok[SEC_TOKEN_B64];
	NEOERR	*err;

	/* whatever session this browser had ends: a planted id buys nothing */
	if (r->sid != NULL && (err = db_session_delete(r->app->db, r->sid)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if ((err = db_session_create(r->app->db, user_id,
	    req_header(r, "REMOTE_ADDR"), req_header(r, "HTTP_USER_AGENT"),
	    (int64_t)req_now(r), r->app->session_max_hours, tok)) != STATUS_OK)
		return nerr_pass(err);
	resp_cookie(w, r, SID_COOKIE, tok, (long)r->app->session_max_hours * 3600);
	free(r->sid);
	r->sid = strdup(tok);
	return STATUS_OK;
}

NEOERR *
session_end(struct req *r, struct resp *w)
{
	NEOERR	*err = STATUS_OK;

	if (r->sid != NULL)
		err = db_session_delete(r->app->db, r->sid);
	resp_cookie(w, r, SID_COOKIE, "", 0);
	return nerr_pass(err);
}

bool
session_scope_or_403(struct req *r, struct resp *w, const char *scope,
    NEOERR **err)
{
	if (session_scope(r, scope))
		return true;
	*err = resp_error(r, w, 403);
	return false;
}

NEOERR *
session_page(struct req *r, struct resp *w, const char *name, int status)
{
	NEOERR	*err;

	w->cache = "no-store";
	if ((err = session_csrf(r, w)) != STATUS_OK ||
	    (err = render_page(r, w, name)) != STATUS_OK)
		return nerr_pass(err);
	w->status = status;
	return STATUS_OK;
}
