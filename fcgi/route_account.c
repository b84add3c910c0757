/* route_account.c: sign-up, sign-in, links by mail, the account page, API tokens and keys. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

static NEOERR	*logout_form(struct req *, struct resp *);
static NEOERR	*login_form(struct req *, struct resp *);
static NEOERR	*login_submit(struct req *, struct resp *);
static NEOERR	*logout(struct req *, struct resp *);
static NEOERR	*signup_form(struct req *, struct resp *);
static NEOERR	*signup_submit(struct req *, struct resp *);
static NEOERR	*verify_form(struct req *, struct resp *);
static NEOERR	*verify_submit(struct req *, struct resp *);
static NEOERR	*verify_resend(struct req *, struct resp *);
static NEOERR	*forgot_form(struct req *, struct resp *);
static NEOERR	*forgot_submit(struct req *, struct resp *);
static NEOERR	*reset_form(struct req *, struct resp *);
static NEOERR	*reset_submit(struct req *, struct resp *);
static NEOERR	*account_page(struct req *, struct resp *);
static NEOERR	*password_change(struct req *, struct resp *);
static NEOERR	*email_change(struct req *, struct resp *);
static NEOERR	*email_confirm_form(struct req *, struct resp *);
static NEOERR	*email_confirm(struct req *, struct resp *);
static NEOERR	*key_create(struct req *, struct resp *);
static NEOERR	*key_revoke(struct req *, struct resp *);
static NEOERR	*token_api(struct req *, struct resp *);
static NEOERR	*my_reservations_api(struct req *, struct resp *);
static NEOERR	*key_create_api(struct req *, struct resp *);
static NEOERR	*key_revoke_api(struct req *, struct resp *);

const struct route account_routes[] = {
	{ HTTP_GET, "/login", 0, login_form, SCOPE_NONE },
	{ HTTP_POST, "/login", ROUTE_FORM | ROUTE_CSRF, login_submit,
	    SCOPE_NONE },
	{ HTTP_GET, "/logout", 0, logout_form, SCOPE_NONE },
	{ HTTP_POST, "/logout", ROUTE_FORM | ROUTE_CSRF, logout, SCOPE_NONE },
	{ HTTP_GET, "/signup", 0, signup_form, SCOPE_NONE },
	{ HTTP_POST, "/signup", ROUTE_FORM | ROUTE_CSRF, signup_submit,
	    SCOPE_NONE },
	{ HTTP_GET, "/verify", 0, verify_form, SCOPE_NONE },
	{ HTTP_POST, "/verify", ROUTE_FORM | ROUTE_CSRF, verify_submit,
	    SCOPE_NONE },
	{ HTTP_POST, "/account/verify", ROUTE_FORM | ROUTE_CSRF | ROUTE_AUTH,
	    verify_resend, SCOPE_NONE },
	{ HTTP_GET, "/forgot", 0, forgot_form, SCOPE_NONE },
	{ HTTP_POST, "/forgot", ROUTE_FORM | ROUTE_CSRF, forgot_submit,
	    SCOPE_NONE },
	{ HTTP_GET, "/reset", 0, reset_form, SCOPE_NONE },
	{ HTTP_POST, "/reset", ROUTE_FORM | ROUTE_CSRF, reset_submit,
	    SCOPE_NONE },
	{ HTTP_GET, "/account", ROUTE_AUTH, account_page, SCOPE_NONE },
	{ HTTP_POST, "/account/password", ROUTE_FORM | ROUTE_CSRF | ROUTE_AUTH,
	    password_change, SCOPE_NONE },
	{ HTTP_POST, "/account/email", ROUTE_FORM | ROUTE_CSRF | ROUTE_AUTH,
	    email_change, SCOPE_NONE },
	{ HTTP_GET, "/confirm-email", 0, email_confirm_form, SCOPE_NONE },
	{ HTTP_POST, "/confirm-email", ROUTE_FORM | ROUTE_CSRF, email_confirm,
	    SCOPE_NONE },
	{ HTTP_POST, "/account/api-keys", ROUTE_FORM | ROUTE_CSRF | ROUTE_OWNER,
	    key_create, SCOPE_NONE },
	{ HTTP_POST, "/account/api-keys/:id/revoke",
	    ROUTE_FORM | ROUTE_CSRF | ROUTE_OWNER, key_revoke, SCOPE_NONE },
	{ HTTP_POST, "/api/v1/auth/token", ROUTE_JSON, token_api, SCOPE_NONE },
	{ HTTP_GET, "/api/v1/me/reservations", ROUTE_JSON | ROUTE_AUTH,
	    my_reservations_api, "reservations:read" },
	{ HTTP_POST, "/api/v1/me/api-keys", ROUTE_JSON | ROUTE_OWNER,
	    key_create_api, SCOPE_NONE },
	{ HTTP_DELETE, "/api/v1/me/api-keys/:id", ROUTE_JSON | ROUTE_OWNER,
	    key_revoke_api, SCOPE_NONE },
	{ 0, NULL, 0, NULL, NULL }
};

#define PASSWORD_MIN	12	/* characters; ASVS 2.1.1 */
#define PASSWORD_MAX	128
#define LOGIN_WINDOW	15	/* minutes of failures that count */
#define LOGIN_PER_EMAIL	10
#define LOGIN_PER_IP	50
#define VERIFY_MINUTES	(48 * 60)
#define RESET_MINUTES	60
#define ACCESS_SECONDS	900
#define REFRESH_DAYS	30

static const char *const key_scopes[] = {
	"reservations:read", "reservations:write", "setup:read", "setup:write",
};

/* ------------------------------------------------------------------ */
/* helpers                                                              */
/* ------------------------------------------------------------------ */

static const char *
ip_of(struct req *r)
{
	return req_header(r, "REMOTE_ADDR");
}

static const char *
field(struct req *r, const char *name)
{
	const char	*v = req_field(r, name);

	return v != NULL ? v : "";
}

/*
 * A local path to go to after signing in (local_path_ok: never "//x",
 * "/\t/x", "/\\x" or a URL), else "" (see home_of).
 */
static const char *
next_path(struct req *r)
{
	const char	*n = req_field(r, "next");

	return local_path_ok(n) ? n : "";
}

/* Where a user without a next path starts: their own part of the site. */
static const char *
home_of(enum role role)
{
	return role == ROLE_ADMIN ? "/admin" : role == ROLE_OWNER ? "/owner" :
	    "/account";
}

/* A page that says one thing (Lang.Account.<key>.Title and .Text). */
static NEOERR *
message(struct req *r, struct resp *w, const char *key, int status)
{
	NEOERR	*err;

	if ((err = hdf_set_value(r->hdf, "Page.Message", key)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(session_page(r, w, "account/message.cs", status));
}

static NEOERR *
form_error(struct req *r, const char *name, const char *code)
{
	return nerr_pass(hdf_set_valuef(r->hdf, "Form.Errors.%s=%s", name, code));
}

/* "required", "too_long", "invalid_email" or NULL for an email field. */
static const char *
email_problem(const char *e)
{
	const char	*at = strchr(e, '@');

	if (*e == '\0')
		return "required";
	if (strlen(e) > 254)
		return "too_long";
	if (at == NULL || at == e || strchr(at + 1, '@') != NULL ||
	    strchr(at + 1, '.') == NULL || at[1] == '.' ||
	    e[strlen(e) - 1] == '.' || strpbrk(e, " \t\r\n<>()[],;:\\\"") != NULL)
		return "invalid_email";
	return NULL;
}

static const char *
password_problem(const char *pw, const char *email)
{
	size_t	 n = utf8_len(pw);

	if (n == 0)
		return "required";
	if (n < PASSWORD_MIN)
		return "password_short";
	if (n > PASSWORD_MAX)
		return "too_long";
	if (strcasecmp(pw, email) == 0)
		return "password_is_email";
	return NULL;
}

/*
 * One of the machine's password-hash slots into *slot; false when none
 * came free in time (the caller answers 503 with Retry-After).
 */
static bool
slot_get(struct req *r, int *slot)
{
	*slot = sec_hash_slot_get(r->app->hash_lock, r->app->hash_slots, 3000);
	return *slot >= 0;
}

/* Verify pw for u (or against a dummy, so unknown emails take as long). */
static bool
check_password(struct req *r, const struct user *u, const char *pw)
{
	if (r->app->dummy_hash[0] == '\0' &&
	    !sec_password_hash("no user has this password", r->app->dummy_hash))
		return false;
	if (u == NULL || *u->password_hash == '\0') {
#ifdef STOLIK_TEST_HOOKS
		/* negative control for the enumeration tests */
		if (hdf_get_int_value(r->app->conf, "Test.NoDummyHash", 0))
			return false;
#endif
		sec_password_verify(r->app->dummy_hash, pw);
		return false;
	}
	return sec_password_verify(u->password_hash, pw);
}

/* Queue a mail carrying a one-time link (sealed: the DB never holds it). */
static NEOERR *
link_mail(struct req *r, const char *kind, const char *to, const char *path,
    const char *token, const char *name, const char *dedupe)
{
	char	 url[512], dkey[200];
	char	*sealed;
	NEOERR	*err;

	snprintf(url, sizeof url, "%s%s%s", r->app->base_url, path,
	    token != NULL ? token : "");
	if ((sealed = sec_seal(url)) == NULL)
		return nerr_raise(NERR_NOMEM, "seal");
	sodium_memzero(url, sizeof url);
	if (dedupe != NULL)
		snprintf(dkey, sizeof dkey, "%s:%s", kind, dedupe);
	else {
		/* one mail per link */
		dkey[0] = '\0';
		snprintf(dkey, sizeof dkey, "%s:", kind);
		sec_code(dkey + strlen(dkey), 16);
	}
	/* in the language they asked in (their account's choice comes first) */
	err = outbox_add(r->app->db, kind, 0, to, dkey, json_pack("{s:s,s:s,s:s}",
	    "link", sealed, "name", name != NULL ? name : "", "lang",
	    r->lang != NULL ? r->lang : ""),
	    r->app->base_url);
	free(sealed);
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* sign in and out                                                      */
/* ------------------------------------------------------------------ */

/* GET /login[?next=]: the sign-in form. 200. */
static NEOERR *
login_form(struct req *r, struct resp *w)
{
	NEOERR	*err;

	if ((err = hdf_set_value(r->hdf, "Page.Next", next_path(r))) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(session_page(r, w, "account/login.cs", 200));
}

/*
 * Check email and password with throttling per account and per address;
 * *u is the user on success. Unknown and known emails take the same path.
 * *status is 0 on success, else 401 (wrong), 429 (throttled) or 503 (busy).
 */
static NEOERR *
authenticate(struct req *r, const char *email, const char *pw,
    struct user **out, int *status)
{
	struct user	*u = NULL;
	long long	 by_email, by_ip;
	int64_t		 now = (int64_t)req_now(r);
	char		 hash[128];
	NEOERR		*err;
	int		 slot;
	bool		 ok;

	*out = NULL;
	*status = 401;
	if (strlen(email) > 254 || strlen(pw) > 1024 || *email == '\0')
		return STATUS_OK;
	if ((err = db_login_failures(r->app->db, email, ip_of(r), now,
	    LOGIN_WINDOW, &by_email, &by_ip)) != STATUS_OK)
		return nerr_pass(err);
#ifdef STOLIK_TEST_HOOKS
	/* negative control for the throttling tests: never in a release build */
	if (hdf_get_int_value(r->app->conf, "Test.ThrottleOff", 0))
		by_email = by_ip = 0;
#endif
	if (by_email >= LOGIN_PER_EMAIL || by_ip >= LOGIN_PER_IP) {
		*status = 429;
		return nerr_pass(audit(r->app->db, 0, "login_throttled", email,
		    ip_of(r), json_pack("{s:I,s:I}", "failures_email",
		    (json_int_t)by_email, "failures_ip", (json_int_t)by_ip)));
	}
	if ((err = db_user_get(r->app->db, 0, email, &u)) != STATUS_OK)
		return nerr_pass(err);
	if (!slot_get(r, &slot)) {
		db_user_free(u);
		*status = 503;
		return STATUS_OK;
	}
	ok = check_password(r, u, pw) && !u->disabled;
	/* new limits since it was stored: store it again while we have it */
	if (ok && sec_password_needs_rehash(u->password_hash) &&
	    sec_password_hash(pw, hash)) {
		err = db_user_set_hash(r->app->db, u->id, hash, false);
		sodium_memzero(hash, sizeof hash);
	}
	sec_hash_slot_put(slot);
	if (err == STATUS_OK)
		err = db_login_record(r->app->db, email, ip_of(r), ok, now);
	if (err == STATUS_OK && !ok)
		err = audit(r->app->db, u != NULL ? u->id : 0, "login_failed",
		    email, ip_of(r), NULL);
	if (err != STATUS_OK || !ok) {
		db_user_free(u);
		return nerr_pass(err);
	}
	*status = 0;
	*out = u;
	return STATUS_OK;
}

/*
 * POST /login: sign in.
 * 303 to next (or /owner, /admin or /account by role); 401 the form again, the same for an unknown
 * email as for a wrong password; 429 throttled; 503 too many at once.
 */
static NEOERR *
login_submit(struct req *r, struct resp *w)
{
	struct user	*u = NULL;
	const char	*email = field(r, "email");
	NEOERR		*err;
	int		 status;

	if ((err = hdf_set_value(r->hdf, "Page.Next", next_path(r))) != STATUS_OK)
		return nerr_pass(err);
	if ((err = authenticate(r, email, field(r, "password"), &u, &status)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if (status != 0) {
		if (status == 503)
			resp_header(w, "Retry-After", "2");
		if ((err = hdf_set_value(r->hdf, "Page.LoginError",
		    status == 401 ? "wrong" : status == 429 ? "throttled" :
		    "busy")) != STATUS_OK)
			return nerr_pass(err);
		return nerr_pass(session_page(r, w, "account/login.cs", status));
	}
	if ((err = session_start(r, w, u->id)) == STATUS_OK)
		err = audit(r->app->db, u->id, "login", u->email, ip_of(r), NULL);
	if (err == STATUS_OK)
		err = resp_redirect(w, 303, *next_path(r) != '\0' ?
		    next_path(r) : home_of(u->role));
	db_user_free(u);
	return nerr_pass(err);
}

/*
 * GET /logout: a small page with the Sign out button (signing out takes a
 * POST with the CSRF token); signed out already, it says so. 200.
 */
static NEOERR *
logout_form(struct req *r, struct resp *w)
{
	NEOERR	*err;

	if (r->user_id == 0)
		return nerr_pass(message(r, w, "SignedOut", 200));
	if ((err = hdf_set_value(r->hdf, "Page.Action", "/logout")) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(message(r, w, "SignOut", 200));
}

/* POST /logout: end this session. 303 home. */
static NEOERR *
logout(struct req *r, struct resp *w)
{
	NEOERR	*err;

	if (r->user_id != 0 && (err = audit(r->app->db, r->user_id, "logout",
	    r->user_email, ip_of(r), NULL)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = session_end(r, w)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(resp_redirect(w, 303, "/"));
}

/* ------------------------------------------------------------------ */
/* sign up, verify                                                      */
/* ------------------------------------------------------------------ */

/* GET /signup: the form. 200. */
static NEOERR *
signup_form(struct req *r, struct resp *w)
{
	return nerr_pass(session_page(r, w, "account/signup.cs", 200));
}

/*
 * POST /signup: create an account and mail a verification link.
 * 200 "check your mail" whether or not the address had an account (the
 * owner of an existing one gets a notice instead); 422 the form with a
 * message per field; 503 too many at once.
 */
static NEOERR *
signup_submit(struct req *r, struct resp *w)
{
	const char	*name = field(r, "name"), *email = field(r, "email");
	const char	*pw = field(r, "password"), *why;
	char		 hash[128], tok[SEC_TOKEN_B64], hour[32], dedupe[180];
	int64_t		 id;
	NEOERR		*err = STATUS_OK;
	int		 slot, bad = 0;

	if (*name == '\0' || utf8_len(name) > 100)
		bad++, err = form_error(r, "name", *name == '\0' ? "required" : "too_long");
	if (err == STATUS_OK && (why = email_problem(email)) != NULL)
		bad++, err = form_error(r, "email", why);
	if (err == STATUS_OK && (why = password_problem(pw, email)) != NULL)
		bad++, err = form_error(r, "password", why);
	if (err != STATUS_OK)
		return nerr_pass(err);
	if (bad > 0)
		return nerr_pass(session_page(r, w, "account/signup.cs", 422));
	/* the same work either way: the hash is made even for a taken address */
	if (!slot_get(r, &slot)) {
		resp_header(w, "Retry-After", "2");
		return nerr_pass(message(r, w, "Busy", 503));
	}
	if (!sec_password_hash(pw, hash)) {
		sec_hash_slot_put(slot);
		return nerr_raise(NERR_NOMEM, "password hash");
	}
	sec_hash_slot_put(slot);
	if ((err = db_user_create(r->app->db, email, name, hash, &id)) != STATUS_OK)
		goto out;
	if (id != 0) {
		if ((err = db_email_token_create(r->app->db, id, "verify", NULL,
		    VERIFY_MINUTES, tok)) == STATUS_OK &&
		    (err = link_mail(r, "verify_email", email, "/verify?t=", tok, name,
		    NULL)) == STATUS_OK)
			err = audit(r->app->db, id, "signup", email, ip_of(r), NULL);
	} else {
		/* at most one such notice an hour, whoever keeps trying */
		snprintf(hour, sizeof hour, "%lld", (long long)req_now(r) / 3600);
		snprintf(dedupe, sizeof dedupe, "%.150s:%s", email, hour);
		err = link_mail(r, "account_exists", email, "/forgot", NULL, "",
		    dedupe);
		if (err == STATUS_OK)
			err = audit(r->app->db, 0, "signup_existing", email, ip_of(r),
			    json_pack("{s:s}", "hour", hour));
	}
out:
	sodium_memzero(hash, sizeof hash);
	sodium_memzero(tok, sizeof tok);
	if (err != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(message(r, w, "CheckMail", 200));
}

/* GET /verify?t=: a button to confirm the address (mail scanners only GET). */
static NEOERR *
verify_form(struct req *r, struct resp *w)
{
	const char	*t = field(r, "t");
	NEOERR		*err;
	bool		 ok = false;

	if (strlen(t) == SEC_TOKEN_B64 - 1 && (err = db_email_token_peek(
	    r->app->db, t, "verify", &ok)) != STATUS_OK)
		return nerr_pass(err);
	if (!ok)
		return nerr_pass(message(r, w, "LinkGone", 410));
	w->referrer = "same-origin";
	if ((err = hdf_set_value(r->hdf, "Page.Token", t)) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Action", "/verify")) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(message(r, w, "VerifyConfirm", 200));
}

/* POST /verify: use the link. 200 verified; 410 used or expired. */
static NEOERR *
verify_submit(struct req *r, struct resp *w)
{
	const char	*t = field(r, "t");
	int64_t		 uid = 0;
	NEOERR		*err;

	if (strlen(t) == SEC_TOKEN_B64 - 1 && (err = db_email_token_use(r->app->db,
	    t, "verify", &uid, NULL)) != STATUS_OK)
		return nerr_pass(err);
	if (uid == 0)
		return nerr_pass(message(r, w, "LinkGone", 410));
	if ((err = db_user_verify(r->app->db, uid)) != STATUS_OK ||
	    (err = audit(r->app->db, uid, "email_verified", "", ip_of(r), NULL)) !=
	    STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(message(r, w, "Verified", 200));
}

/* POST /account/verify: mail a new verification link. 303 /account. */
static NEOERR *
verify_resend(struct req *r, struct resp *w)
{
	char	 tok[SEC_TOKEN_B64];
	NEOERR	*err;

	if (!r->verified) {
		if ((err = db_email_token_create(r->app->db, r->user_id, "verify",
		    NULL, VERIFY_MINUTES, tok)) != STATUS_OK ||
		    (err = link_mail(r, "verify_email", r->user_email, "/verify?t=",
		    tok, r->user_name, NULL)) != STATUS_OK)
			return nerr_pass(err);
	}
	return nerr_pass(resp_redirect(w, 303, "/account?sent=1"));
}

/* ------------------------------------------------------------------ */
/* forgotten passwords                                                  */
/* ------------------------------------------------------------------ */

/* GET /forgot: the form. 200. */
static NEOERR *
forgot_form(struct req *r, struct resp *w)
{
	return nerr_pass(session_page(r, w, "account/forgot.cs", 200));
}

/*
 * POST /forgot: mail a reset link (valid an hour, once) if the address has
 * an account. 200 with the same words either way; 422 a malformed address.
 */
static NEOERR *
forgot_submit(struct req *r, struct resp *w)
{
	struct user	*u = NULL;
	const char	*email = field(r, "email"), *why;
	char		 tok[SEC_TOKEN_B64];
	NEOERR		*err;

	if ((why = email_problem(email)) != NULL) {
		if ((err = form_error(r, "email", why)) != STATUS_OK)
			return nerr_pass(err);
		return nerr_pass(session_page(r, w, "account/forgot.cs", 422));
	}
	if ((err = db_user_get(r->app->db, 0, email, &u)) != STATUS_OK)
		return nerr_pass(err);
	if (u != NULL && !u->disabled) {
		if ((err = db_email_token_create(r->app->db, u->id, "reset", NULL,
		    RESET_MINUTES, tok)) == STATUS_OK &&
		    (err = link_mail(r, "password_reset", u->email, "/reset?t=", tok,
		    u->name, NULL)) == STATUS_OK)
			err = audit(r->app->db, u->id, "password_reset_request",
			    u->email, ip_of(r), NULL);
		sodium_memzero(tok, sizeof tok);
	} else
		/* a write as well, so both answers take about as long */
		err = audit(r->app->db, 0, "password_reset_unknown", email,
		    ip_of(r), NULL);
	db_user_free(u);
	if (err != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(message(r, w, "ResetSent", 200));
}

/* GET /reset?t=: the new-password form. 200; 410 used or expired. */
static NEOERR *
reset_form(struct req *r, struct resp *w)
{
	const char	*t = field(r, "t");
	NEOERR		*err;
	bool		 ok = false;

	if (strlen(t) == SEC_TOKEN_B64 - 1 && (err = db_email_token_peek(
	    r->app->db, t, "reset", &ok)) != STATUS_OK)
		return nerr_pass(err);
	if (!ok)
		return nerr_pass(message(r, w, "LinkGone", 410));
	w->referrer = "same-origin";
	if ((err = hdf_set_value(r->hdf, "Page.Token", t)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(session_page(r, w, "account/reset.cs", 200));
}

/*
 * POST /reset: set a new password with the link (once); every session of
 * the account ends. 303 to sign in; 410 used or expired; 422 weak password.
 */
static NEOERR *
reset_submit(struct req *r, struct resp *w)
{
	const char	*t = field(r, "t"), *pw = field(r, "password"), *why;
	char		 hash[128];
	int64_t		 uid = 0;
	NEOERR		*err = STATUS_OK;
	int		 slot;

	if ((why = password_problem(pw, "")) != NULL) {
		if ((err = form_error(r, "password", why)) != STATUS_OK ||
		    (err = hdf_set_value(r->hdf, "Page.Token", t)) != STATUS_OK)
			return nerr_pass(err);
		return nerr_pass(session_page(r, w, "account/reset.cs", 422));
	}
	if (strlen(t) != SEC_TOKEN_B64 - 1)
		return nerr_pass(message(r, w, "LinkGone", 410));
	if (!slot_get(r, &slot)) {
		resp_header(w, "Retry-After", "2");
		return nerr_pass(message(r, w, "Busy", 503));
	}
	if (!sec_password_hash(pw, hash)) {
		sec_hash_slot_put(slot);
		return nerr_raise(NERR_NOMEM, "password hash");
	}
	sec_hash_slot_put(slot);
	if ((err = db_begin(r->app->db)) != STATUS_OK)
		goto out;
	if ((err = db_email_token_use(r->app->db, t, "reset", &uid, NULL)) !=
	    STATUS_OK || uid == 0)
		goto out;
	/* the link proved the mailbox, so the address counts as verified */
	if ((err = db_user_set_hash(r->app->db, uid, hash, true)) != STATUS_OK ||
	    (err = db_user_verify(r->app->db, uid)) != STATUS_OK ||
	    (err = db_session_delete_user(r->app->db, uid, NULL)) != STATUS_OK ||
	    (err = db_refresh_revoke_user(r->app->db, uid)) != STATUS_OK ||
	    (err = audit(r->app->db, uid, "password_reset", "", ip_of(r), NULL)) !=
	    STATUS_OK)
		goto out;
	err = db_commit(r->app->db);
out:
	sodium_memzero(hash, sizeof hash);
	if (err != STATUS_OK || uid == 0) {
		db_rollback(r->app->db);
		if (err != STATUS_OK)
			return nerr_pass(err);
		return nerr_pass(message(r, w, "LinkGone", 410));
	}
	return nerr_pass(resp_redirect(w, 303, "/login?reset=1"));
}

/* ------------------------------------------------------------------ */
/* the account                                                          */
/* ------------------------------------------------------------------ */

/* One row of STMT_MY_RESERVATIONS under prefix, for the account page. */
static NEOERR *
hdf_put_booking_row(HDF *hdf, const char *prefix, const PGresult *res, int i)
{
	static const char *const names[] = {
		"Code", "Status", "Slug", "Restaurant", "Date", "Time", "Timezone",
		"Party",
	};
	NEOERR	*err = STATUS_OK;
	int	 c;

	for (c = 0; c < 8 && err == STATUS_OK; c++)
		err = hdf_set_valuef(hdf, "%s.%s=%s", prefix, names[c],
		    db_str(res, i, c));
	return nerr_pass(err);
}

/* Bookings of user id (and guest bookings under its verified address). */
static NEOERR *
my_reservations(struct req *r, PGresult **res)
{
	char		 uid[24];
	const char	*p[1] = { uid };

	snprintf(uid, sizeof uid, "%lld", (long long)r->user_id);
	return nerr_pass(db_exec(r->app->db, STMT_MY_RESERVATIONS, 1, p, res));
}

/* GET /account: profile, bookings, password and email forms, API keys. 200. */
static NEOERR *
account_page(struct req *r, struct resp *w)
{
	PGresult	*res = NULL;
	NEOERR		*err;
	const char	*p[1];
	char		 uid[24], k[32];
	int		 i, n, up = 0, past = 0;

	if ((err = my_reservations(r, &res)) != STATUS_OK)
		return nerr_pass(err);
	n = PQntuples(res);
	for (i = n - 1; i >= 0 && err == STATUS_OK; i--) {
		/* upcoming soonest first, past latest first */
		if (!db_bool(res, i, 8))
			continue;
		snprintf(k, sizeof k, "Page.Upcoming.%d", up++);
		err = hdf_put_booking_row(r->hdf, k, res, i);
	}
	for (i = 0; i < n && err == STATUS_OK; i++) {
		if (db_bool(res, i, 8))
			continue;
		snprintf(k, sizeof k, "Page.Past.%d", past++);
		err = hdf_put_booking_row(r->hdf, k, res, i);
	}
	PQclear(res);
	res = NULL;
	if (err == STATUS_OK && (r->role == ROLE_OWNER || r->role == ROLE_ADMIN)) {
		snprintf(uid, sizeof uid, "%lld", (long long)r->user_id);
		p[0] = uid;
		if ((err = db_exec(r->app->db, STMT_API_KEY_LIST, 1, p, &res)) ==
		    STATUS_OK) {
			for (i = 0; i < PQntuples(res) && err == STATUS_OK; i++)
				if ((err = hdf_set_valuef(r->hdf, "Page.Keys.%d.Id=%s", i,
				    db_str(res, i, 0))) != STATUS_OK ||
				    (err = hdf_set_valuef(r->hdf, "Page.Keys.%d.Name=%s", i,
				    db_str(res, i, 1))) != STATUS_OK ||
				    (err = hdf_set_valuef(r->hdf, "Page.Keys.%d.Prefix=%s", i,
				    db_str(res, i, 2))) != STATUS_OK ||
				    (err = hdf_set_valuef(r->hdf, "Page.Keys.%d.Scopes=%s", i,
				    db_str(res, i, 3))) != STATUS_OK ||
				    (err = hdf_set_valuef(r->hdf, "Page.Keys.%d.Created=%s", i,
				    db_str(res, i, 4))) != STATUS_OK ||
				    (err = hdf_set_valuef(r->hdf, "Page.Keys.%d.Used=%s", i,
				    db_str(res, i, 5))) != STATUS_OK)
					break;
				else
					err = hdf_set_valuef(r->hdf,
					    "Page.Keys.%d.Revoked=%d", i,
					    db_bool(res, i, 6));
		}
		PQclear(res);
	}
	if (err == STATUS_OK)
		err = hdf_set_int_value(r->hdf, "Page.Verified", r->verified);
	if (err != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(session_page(r, w, "account/account.cs", 200));
}

/*
 * POST /account/password: change it (current one required); every other
 * session ends. 303 /account; 422 wrong current or weak new password.
 */
static NEOERR *
password_change(struct req *r, struct resp *w)
{
	struct user	*u = NULL;
	const char	*pw = field(r, "new_password"), *why;
	char		 hash[128];
	NEOERR		*err;
	int		 slot;
	bool		 ok;

	if ((why = password_problem(pw, r->user_email)) != NULL) {
		if ((err = form_error(r, "new_password", why)) != STATUS_OK ||
		    (err = account_page(r, w)) != STATUS_OK)
			return nerr_pass(err);
		w->status = 422;
		return STATUS_OK;
	}
	if ((err = db_user_get(r->app->db, r->user_id, NULL, &u)) != STATUS_OK)
		return nerr_pass(err);
	if (!slot_get(r, &slot)) {
		db_user_free(u);
		resp_header(w, "Retry-After", "2");
		return nerr_pass(message(r, w, "Busy", 503));
	}
	ok = check_password(r, u, field(r, "password")) &&
	    sec_password_hash(pw, hash);
	sec_hash_slot_put(slot);
	if (!ok) {
		db_user_free(u);
		if ((err = audit(r->app->db, r->user_id, "password_change_failed",
		    r->user_email, ip_of(r), NULL)) != STATUS_OK ||
		    (err = form_error(r, "password", "wrong_password")) != STATUS_OK ||
		    (err = account_page(r, w)) != STATUS_OK)
			return nerr_pass(err);
		w->status = 422;
		return STATUS_OK;
	}
	db_user_free(u);
	if ((err = db_begin(r->app->db)) == STATUS_OK &&
	    (err = db_user_set_hash(r->app->db, r->user_id, hash, true)) ==
	    STATUS_OK &&
	    (err = db_session_delete_user(r->app->db, r->user_id, r->sid)) ==
	    STATUS_OK &&
	    (err = db_refresh_revoke_user(r->app->db, r->user_id)) == STATUS_OK &&
	    (err = audit(r->app->db, r->user_id, "password_change", r->user_email,
	    ip_of(r), NULL)) == STATUS_OK)
		err = db_commit(r->app->db);
	sodium_memzero(hash, sizeof hash);
	if (err != STATUS_OK) {
		db_rollback(r->app->db);
		return nerr_pass(err);
	}
	return nerr_pass(resp_redirect(w, 303, "/account?password=1"));
}

/*
 * POST /account/email: start moving to a new address (current password
 * required): a link goes to the new one, a notice to the old one.
 * 303 /account; 422 bad address or wrong password.
 */
static NEOERR *
email_change(struct req *r, struct resp *w)
{
	struct user	*u = NULL;
	const char	*email = field(r, "new_email"), *why;
	char		 tok[SEC_TOKEN_B64];
	NEOERR		*err;
	int		 slot;
	bool		 ok;

	if ((why = email_problem(email)) != NULL) {
		if ((err = form_error(r, "new_email", why)) != STATUS_OK ||
		    (err = account_page(r, w)) != STATUS_OK)
			return nerr_pass(err);
		w->status = 422;
		return STATUS_OK;
	}
	if ((err = db_user_get(r->app->db, r->user_id, NULL, &u)) != STATUS_OK)
		return nerr_pass(err);
	if (!slot_get(r, &slot)) {
		db_user_free(u);
		resp_header(w, "Retry-After", "2");
		return nerr_pass(message(r, w, "Busy", 503));
	}
	ok = check_password(r, u, field(r, "password"));
	sec_hash_slot_put(slot);
	db_user_free(u);
	if (!ok) {
		if ((err = form_error(r, "email_password", "wrong_password")) !=
		    STATUS_OK || (err = account_page(r, w)) != STATUS_OK)
			return nerr_pass(err);
		w->status = 422;
		return STATUS_OK;
	}
	if ((err = db_email_token_create(r->app->db, r->user_id, "email", email,
	    RESET_MINUTES, tok)) != STATUS_OK ||
	    (err = link_mail(r, "email_change", email, "/confirm-email?t=", tok,
	    r->user_name, NULL)) != STATUS_OK ||
	    (err = link_mail(r, "email_change_notice", r->user_email, "/account",
	    NULL, r->user_name, NULL)) != STATUS_OK ||
	    (err = audit(r->app->db, r->user_id, "email_change_request",
	    r->user_email, ip_of(r), json_pack("{s:s}", "new_email", email))) !=
	    STATUS_OK)
		return nerr_pass(err);
	sodium_memzero(tok, sizeof tok);
	return nerr_pass(resp_redirect(w, 303, "/account?email=1"));
}

/* GET /confirm-email?t=: a button to confirm the new address. 200; 410. */
static NEOERR *
email_confirm_form(struct req *r, struct resp *w)
{
	const char	*t = field(r, "t");
	NEOERR		*err;
	bool		 ok = false;

	if (strlen(t) == SEC_TOKEN_B64 - 1 && (err = db_email_token_peek(
	    r->app->db, t, "email", &ok)) != STATUS_OK)
		return nerr_pass(err);
	if (!ok)
		return nerr_pass(message(r, w, "LinkGone", 410));
	w->referrer = "same-origin";
	if ((err = hdf_set_value(r->hdf, "Page.Token", t)) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Action", "/confirm-email")) !=
	    STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(message(r, w, "EmailConfirm", 200));
}

/* POST /confirm-email: move to the new address. 200; 409 taken; 410. */
static NEOERR *
email_confirm(struct req *r, struct resp *w)
{
	const char	*t = field(r, "t");
	char		*email = NULL;
	int64_t		 uid = 0;
	bool		 taken = false;
	NEOERR		*err;

	if (strlen(t) != SEC_TOKEN_B64 - 1)
		return nerr_pass(message(r, w, "LinkGone", 410));
	if ((err = db_begin(r->app->db)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = db_email_token_use(r->app->db, t, "email", &uid, &email)) !=
	    STATUS_OK || uid == 0)
		goto out;
	if ((err = db_user_set_email(r->app->db, uid, email, &taken)) != STATUS_OK ||
	    taken)
		goto out;
	if ((err = audit(r->app->db, uid, "email_change", email, ip_of(r), NULL)) !=
	    STATUS_OK)
		goto out;
	err = db_commit(r->app->db);
out:
	free(email);
	if (err != STATUS_OK || uid == 0 || taken) {
		db_rollback(r->app->db);
		if (err != STATUS_OK)
			return nerr_pass(err);
		return nerr_pass(message(r, w, taken ? "EmailTaken" : "LinkGone",
		    taken ? 409 : 410));
	}
	return nerr_pass(message(r, w, "EmailChanged", 200));
}

/* ------------------------------------------------------------------ */
/* API keys                                                             */
/* ------------------------------------------------------------------ */

/* The scopes asked for, comma-separated and checked; false on one unknown. */
static bool
scopes_parse(json_t *list, struct req *r, char *out, size_t sz)
{
	const char	*v;
	size_t		 i, j;
	bool		 known;

	out[0] = '\0';
	for (j = 0; j < sizeof key_scopes / sizeof key_scopes[0]; j++) {
		v = NULL;
		if (list != NULL) {
			json_t	*e;

			json_array_foreach(list, i, e)
				if (json_is_string(e) && strcmp(json_string_value(e),
				    key_scopes[j]) == 0)
					v = key_scopes[j];
		} else {
			char	 name[64];

			snprintf(name, sizeof name, "scope_%zu", j);
			if (req_field(r, name) != NULL)
				v = key_scopes[j];
		}
		if (v != NULL)
			snprintf(out + strlen(out), sz - strlen(out), "%s%s",
			    out[0] != '\0' ? "," : "", v);
	}
	/* anything in the list that is not a scope we know is refused */
	if (list != NULL) {
		json_t	*e;

		json_array_foreach(list, i, e) {
			for (known = false, j = 0;
			    j < sizeof key_scopes / sizeof key_scopes[0]; j++)
				known |= json_is_string(e) &&
				    strcmp(json_string_value(e), key_scopes[j]) == 0;
			if (!known)
				return false;
		}
	}
	return out[0] != '\0';
}

/* POST /account/api-keys: a new key, shown once. 200 page; 422. */
static NEOERR *
key_create(struct req *r, struct resp *w)
{
	const char	*name = field(r, "name");
	char		 scopes[256], key[64];
	int64_t		 id;
	NEOERR		*err;

	if (*name == '\0' || utf8_len(name) > 80 ||
	    !scopes_parse(NULL, r, scopes, sizeof scopes)) {
		if ((err = form_error(r, "key", *name == '\0' ? "key_name" :
		    "key_scopes")) != STATUS_OK || (err = account_page(r, w)) !=
		    STATUS_OK)
			return nerr_pass(err);
		w->status = 422;
		return STATUS_OK;
	}
	if ((err = db_api_key_create(r->app->db, r->user_id, name, scopes, key,
	    &id)) != STATUS_OK ||
	    (err = audit(r->app->db, r->user_id, "api_key_create", name, ip_of(r),
	    json_pack("{s:I,s:s}", "key_id", (json_int_t)id, "scopes", scopes))) !=
	    STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.NewKey", key)) != STATUS_OK)
		return nerr_pass(err);
	sodium_memzero(key, sizeof key);
	return nerr_pass(account_page(r, w));
}

/* POST /account/api-keys/{id}/revoke: only the owner's own. 303; 404. */
static NEOERR *
key_revoke(struct req *r, struct resp *w)
{
	long long	 id;
	bool		 done = false;
	NEOERR		*err;

	if (!parse_int(req_param(r, 0), 1, INT64_MAX, &id))
		return nerr_pass(resp_error(r, w, 404));
	if ((err = db_api_key_revoke(r->app->db, r->user_id, id, &done)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if (!done)
		return nerr_pass(resp_error(r, w, 404));
	if ((err = audit(r->app->db, r->user_id, "api_key_revoke", req_param(r, 0),
	    ip_of(r), NULL)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(resp_redirect(w, 303, "/account#api-keys"));
}

/* ------------------------------------------------------------------ */
/* API                                                                  */
/* ------------------------------------------------------------------ */

/* Access and refresh tokens for user u as the token endpoint's answer. */
static NEOERR *
issue_tokens(struct req *r, struct resp *w, const struct user *u,
    const char *family)
{
	char		 jti[SEC_TOKEN_B64], refresh[SEC_TOKEN_B64], sub[24], *access;
	json_t		*claims;
	int64_t		 now = (int64_t)req_now(r);
	NEOERR		*err;

	sec_token(jti);
	snprintf(sub, sizeof sub, "%lld", (long long)u->id);
	/* pwc: the password it was issued under; a new one voids the token */
	claims = json_pack("{s:s,s:s,s:s,s:I,s:I,s:s,s:I}", "sub", sub,
	    "role", role_name(u->role), "email", u->email, "iat", (json_int_t)now,
	    "exp", (json_int_t)(now + ACCESS_SECONDS), "jti", jti,
	    "pwc", (json_int_t)u->password_changed);
	access = claims != NULL ? jwt_sign(claims) : NULL;
	json_decref(claims);
	if (access == NULL)
		return nerr_raise(NERR_NOMEM, "token");
	if ((err = db_refresh_issue(r->app->db, u->id, family, REFRESH_DAYS,
	    refresh)) != STATUS_OK) {
		free(access);
		return nerr_pass(err);
	}
	err = json_send(w, 200, json_pack("{s:s,s:s,s:i,s:s}", "access_token",
	    access, "token_type", "Bearer", "expires_in", ACCESS_SECONDS,
	    "refresh_token", refresh));
	sodium_memzero(refresh, sizeof refresh);
	free(access);
	return nerr_pass(err);
}

/* A 401 with the OAuth-style error code, the same for every wrong reason. */
static NEOERR *
grant_refused(struct req *r, struct resp *w)
{
	return nerr_pass(json_problem(r, w, 401, "The credentials were not "
	    "accepted.", json_pack("{s:s}", "grant", "invalid_grant")));
}

/*
 * POST /api/v1/auth/token: {grant_type: "password", email, password} or
 * {grant_type: "refresh_token", refresh_token}. 200 {access_token (JWT,
 * 15 minutes), refresh_token (used once)}; 400; 401; 429; 503.
 */
static NEOERR *
token_api(struct req *r, struct resp *w)
{
	struct user	*u = NULL;
	const char	*grant, *email, *pw, *rt;
	char		 family[40];
	int64_t		 uid;
	enum refresh_result res;
	NEOERR		*err;
	int		 status;

	grant = json_string_value(json_object_get(r->json, "grant_type"));
	if (grant == NULL)
		return nerr_pass(json_problem(r, w, 400, "grant_type is required.",
		    json_pack("{s:s}", "grant_type", "required")));
	if (strcmp(grant, "password") == 0) {
		email = json_string_value(json_object_get(r->json, "email"));
		pw = json_string_value(json_object_get(r->json, "password"));
		if (email == NULL || pw == NULL)
			return nerr_pass(json_problem(r, w, 400, "email and "
			    "password are required.", NULL));
		if ((err = authenticate(r, email, pw, &u, &status)) != STATUS_OK)
			return nerr_pass(err);
		if (status == 401)
			return nerr_pass(grant_refused(r, w));
		if (status != 0) {
			if (status == 503)
				resp_header(w, "Retry-After", "2");
			return nerr_pass(resp_error(r, w, status));
		}
		err = audit(r->app->db, u->id, "api_token", u->email, ip_of(r), NULL);
		if (err == STATUS_OK)
			err = issue_tokens(r, w, u, NULL);
		db_user_free(u);
		return nerr_pass(err);
	}
	if (strcmp(grant, "refresh_token") != 0)
		return nerr_pass(json_problem(r, w, 400, "Unknown grant_type.",
		    json_pack("{s:s}", "grant_type", "unsupported")));
	rt = json_string_value(json_object_get(r->json, "refresh_token"));
	if (rt == NULL || strlen(rt) != SEC_TOKEN_B64 - 1)
		return nerr_pass(grant_refused(r, w));
	if ((err = db_begin(r->app->db)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = db_refresh_use(r->app->db, rt, &uid, family, &res)) != STATUS_OK)
		goto fail;
	if (res == REFRESH_REUSED) {
		/* someone else has this token too: nobody keeps the family */
		if ((err = audit(r->app->db, uid, "refresh_reuse", family, ip_of(r),
		    NULL)) != STATUS_OK || (err = db_commit(r->app->db)) != STATUS_OK)
			goto fail;
		return nerr_pass(grant_refused(r, w));
	}
	if (res != REFRESH_OK) {
		db_rollback(r->app->db);
		return nerr_pass(grant_refused(r, w));
	}
	if ((err = db_user_get(r->app->db, uid, NULL, &u)) != STATUS_OK)
		goto fail;
	if (u == NULL || u->disabled) {
		db_user_free(u);
		db_rollback(r->app->db);
		return nerr_pass(grant_refused(r, w));
	}
	if ((err = issue_tokens(r, w, u, family)) == STATUS_OK)
		err = db_commit(r->app->db);
	db_user_free(u);
	if (err != STATUS_OK)
		goto fail;
	return STATUS_OK;
fail:
	db_rollback(r->app->db);
	resp_reset(w);
	return nerr_pass(err);
}

/* GET /api/v1/me/reservations: the account's bookings. 200; 401; 403. */
static NEOERR *
my_reservations_api(struct req *r, struct resp *w)
{
	PGresult	*res = NULL;
	json_t		*items;
	NEOERR		*err;
	int		 i;

	if (!session_scope(r, "reservations:read"))
		return nerr_pass(resp_error(r, w, 403));
	if ((err = my_reservations(r, &res)) != STATUS_OK)
		return nerr_pass(err);
	items = json_array();
	for (i = 0; i < PQntuples(res); i++)
		json_array_append_new(items, json_pack("{s:s,s:s,s:{s:s,s:s,s:s},"
		    "s:{s:s,s:s},s:i,s:b}", "code", db_str(res, i, 0),
		    "status", db_str(res, i, 1),
		    "restaurant", "slug", db_str(res, i, 2), "name", db_str(res, i, 3),
		    "timezone", db_str(res, i, 6),
		    "local", "date", db_str(res, i, 4), "time", db_str(res, i, 5),
		    "party", (int)db_int(res, i, 7), "upcoming", db_bool(res, i, 8)));
	PQclear(res);
	return nerr_pass(json_send(w, 200, json_pack("{s:o}", "items", items)));
}

/*
 * POST /api/v1/me/api-keys {name, scopes}: an owner's new key, shown once.
 * 201 {id, key, scopes}; 403 for a key (keys do not make keys); 422.
 */
static NEOERR *
key_create_api(struct req *r, struct resp *w)
{
	const char	*name;
	char		 scopes[256], key[64];
	int64_t		 id;
	NEOERR		*err;

	if (r->scopes != NULL)
		return nerr_pass(resp_error(r, w, 403));
	name = json_string_value(json_object_get(r->json, "name"));
	if (name == NULL || *name == '\0' || utf8_len(name) > 80)
		return nerr_pass(json_problem(r, w, 422, NULL,
		    json_pack("{s:s}", "name", "required")));
	if (!json_is_array(json_object_get(r->json, "scopes")) ||
	    !scopes_parse(json_object_get(r->json, "scopes"), NULL, scopes,
	    sizeof scopes))
		return nerr_pass(json_problem(r, w, 422, NULL,
		    json_pack("{s:s}", "scopes", "invalid")));
	if ((err = db_api_key_create(r->app->db, r->user_id, name, scopes, key,
	    &id)) != STATUS_OK ||
	    (err = audit(r->app->db, r->user_id, "api_key_create", name, ip_of(r),
	    json_pack("{s:I,s:s}", "key_id", (json_int_t)id, "scopes", scopes))) !=
	    STATUS_OK)
		return nerr_pass(err);
	err = json_send(w, 201, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id,
	    "key", key, "scopes", scopes));
	sodium_memzero(key, sizeof key);
	return nerr_pass(err);
}

/* DELETE /api/v1/me/api-keys/{id}: revoke one's own. 204; 403; 404. */
static NEOERR *
key_revoke_api(struct req *r, struct resp *w)
{
	long long	 id;
	bool		 done = false;
	NEOERR		*err;

	if (r->scopes != NULL)
		return nerr_pass(resp_error(r, w, 403));
	if (!parse_int(req_param(r, 0), 1, INT64_MAX, &id))
		return nerr_pass(resp_error(r, w, 404));
	if ((err = db_api_key_revoke(r->app->db, r->user_id, id, &done)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if (!done)
		return nerr_pass(resp_error(r, w, 404));
	if ((err = audit(r->app->db, r->user_id, "api_key_revoke", req_param(r, 0),
	    ip_of(r), NULL)) != STATUS_OK)
		return nerr_pass(err);
	w->status = 204;
	w->cache = "no-store";
	return STATUS_OK;
}
