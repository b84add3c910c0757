/* route_admin.c: the platform admin: restaurants, users, the audit log, the outbox, reviews. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static NEOERR	*admin_home(struct req *, struct resp *);
static NEOERR	*restaurants(struct req *, struct resp *);
static NEOERR	*restaurant_status(struct req *, struct resp *);
static NEOERR	*restaurant_preview(struct req *, struct resp *);
static NEOERR	*users(struct req *, struct resp *);
static NEOERR	*user_disable(struct req *, struct resp *);
static NEOERR	*audit_page(struct req *, struct resp *);
static NEOERR	*outbox(struct req *, struct resp *);
static NEOERR	*outbox_retry(struct req *, struct resp *);
static NEOERR	*reviews(struct req *, struct resp *);
static NEOERR	*review_hide(struct req *, struct resp *);

#define P	(ROUTE_FORM | ROUTE_CSRF | ROUTE_ADMIN)

const struct route admin_routes[] = {
	{ HTTP_GET, "/admin", ROUTE_ADMIN, admin_home, SCOPE_NONE },
	{ HTTP_GET, "/admin/restaurants", ROUTE_ADMIN, restaurants,
	    SCOPE_NONE },
	{ HTTP_GET, "/admin/restaurants/:id/preview", ROUTE_ADMIN,
	    restaurant_preview, SCOPE_NONE },
	{ HTTP_POST, "/admin/restaurants/:id/:action", P, restaurant_status,
	    SCOPE_NONE },
	{ HTTP_GET, "/admin/users", ROUTE_ADMIN, users, SCOPE_NONE },
	{ HTTP_POST, "/admin/users/:id/:action", P, user_disable, SCOPE_NONE },
	{ HTTP_GET, "/admin/audit", ROUTE_ADMIN, audit_page, SCOPE_NONE },
	{ HTTP_GET, "/admin/outbox", ROUTE_ADMIN, outbox, SCOPE_NONE },
	{ HTTP_POST, "/admin/outbox/:id/retry", P, outbox_retry, SCOPE_NONE },
	{ HTTP_GET, "/admin/reviews", ROUTE_ADMIN, reviews, SCOPE_NONE },
	{ HTTP_POST, "/admin/reviews/:id/:action", P, review_hide, SCOPE_NONE },
	{ 0, NULL, 0, NULL, NULL }
};

#undef P

static const char *const restaurant_cols[] = {
	"id", "slug", "name", "city", "status", "owner", "updated", "tables", NULL
};
static const char *const user_cols[] = {
	"id", "email", "name", "role", "verified", "disabled", "created", NULL
};
static const char *const audit_cols[] = {
	"at", "actor", "action", "target", "ip", "detail", NULL
};
static const char *const outbox_cols[] = {
	"id", "kind", "to", "status", "attempts", "created", "error", "code", NULL
};
static const char *const review_cols[] = {
	"id", "restaurant", "rating", "body", "name", "date", "hidden", NULL
};

static NEOERR *
admin_audit(struct req *r, const char *action, const char *target,
    json_t *detail)
{
	return nerr_pass(audit(r->app->db, r->user_id, action, target,
	    req_header(r, "REMOTE_ADDR"), detail));
}

/* A list page: stmt with one parameter into Page.<name>. */
static NEOERR *
list(struct req *r, struct resp *w, enum stmt s, const char *arg,
    const char *name, const char *const *cols, const char *tmpl)
{
	PGresult	*res = NULL;
	const char	*p[1] = { arg };
	NEOERR		*err;

	if ((err = db_exec(r->app->db, s, 1, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	err = hdf_put_rows(r->hdf, name, res, cols);
	PQclear(res);
	if (err != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(session_page(r, w, tmpl, 200));
}

/*
 * GET /admin: what waits for approval, the dead letters, and the payment
 * gateway's breaker. 200.
 */
static NEOERR *
admin_home(struct req *r, struct resp *w)
{
	PGresult	*res = NULL;
	NEOERR		*err;

	if ((err = db_exec(r->app->db, STMT_ADMIN_OUTBOX_DEAD, 0, NULL, &res)) !=
	    STATUS_OK)
		return nerr_pass(err);
	err = hdf_set_int_value(r->hdf, "Page.DeadLetters", (int)db_int(res, 0, 0));
	PQclear(res);
	if (err == STATUS_OK)
		err = payments_status_hdf(r->hdf, "Page.Payments");
	if (err != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(list(r, w, STMT_ADMIN_RESTAURANTS, "pending",
	    "Page.Restaurants", restaurant_cols, "admin/index.cs"));
}

/*
 * GET /admin/restaurants/{id}/preview: what a restaurant (pending, say)
 * will show diners, for the admin to look at before approving it.
 * 200; 404 unknown (non-admins never reach it: ROUTE_ADMIN).
 */
static NEOERR *
restaurant_preview(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	long long		 id;
	NEOERR			*err;

	if (!parse_int(req_param(r, 0), 1, INT64_MAX, &id))
		return nerr_pass(resp_error(r, w, 404));
	if ((err = db_owner_restaurant_get(r->app->db, id, r->user_id, true,
	    &cur)) != STATUS_OK)
		return nerr_pass(err);
	if (cur == NULL)
		return nerr_pass(resp_error(r, w, 404));
	if ((err = owner_put_restaurant(r->hdf, cur)) == STATUS_OK)
		err = session_page(r, w, "admin/preview.cs", 200);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

static const char *
status_arg(struct req *r, const char *const *allowed)
{
	const char	*s = req_field(r, "status");
	size_t		 i;

	for (i = 0; s != NULL && allowed[i] != NULL; i++)
		if (strcmp(s, allowed[i]) == 0)
			return allowed[i];
	return NULL;
}

/* GET /admin/restaurants?status=. 200. */
static NEOERR *
restaurants(struct req *r, struct resp *w)
{
	static const char *const st[] = { "draft", "pending", "active",
	    "suspended", NULL };
	const char	*s = status_arg(r, st);
	NEOERR		*err;

	if ((err = hdf_set_value(r->hdf, "Page.Status", s != NULL ? s : "")) !=
	    STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(list(r, w, STMT_ADMIN_RESTAURANTS, s, "Page.Restaurants",
	    restaurant_cols, "admin/restaurants.cs"));
}

/*
 * POST /admin/restaurants/{id}/{approve|reject|suspend|reinstate}: move a
 * restaurant along pending → active ⇄ suspended (reject: back to draft).
 * 303; 404; 409 not in the status it must be in.
 */
static NEOERR *
restaurant_status(struct req *r, struct resp *w)
{
	static const struct {
		const char	*action, *from, *to;
	} moves[] = {
		{ "approve", "pending", "active" },
		{ "reject", "pending", "draft" },
		{ "suspend", "active", "suspended" },
		{ "reinstate", "suspended", "active" },
	};
	PGresult	*res = NULL;
	const char	*p[3], *a = req_param(r, 1);
	char		 act[40];
	long long	 id;
	size_t		 i;
	NEOERR		*err;

	for (i = 0; i < sizeof moves / sizeof moves[0]; i++)
		if (strcmp(a, moves[i].action) == 0)
			break;
	if (i == sizeof moves / sizeof moves[0] ||
	    !parse_int(req_param(r, 0), 1, INT64_MAX, &id))
		return nerr_pass(resp_error(r, w, 404));
	p[0] = req_param(r, 0);
	p[1] = moves[i].from;
	p[2] = moves[i].to;
	if ((err = db_exec(r->app->db, STMT_ADMIN_RESTAURANT_STATUS, 3, p, &res)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) != 1) {
		PQclear(res);
		return nerr_pass(resp_error(r, w, 409));
	}
	snprintf(act, sizeof act, "restaurant_%s", moves[i].action);
	err = admin_audit(r, act, db_str(res, 0, 0), NULL);
	PQclear(res);
	if (err != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(resp_redirect(w, 303, "/admin/restaurants?done=1"));
}

/* GET /admin/users?q=. 200. */
static NEOERR *
users(struct req *r, struct resp *w)
{
	const char	*q = req_field(r, "q");

	if (q == NULL || strlen(q) > 100)
		q = "";
	return nerr_pass(list(r, w, STMT_ADMIN_USERS, q, "Page.Users", user_cols,
	    "admin/users.cs"));
}

/* POST /admin/users/{id}/{disable|enable}. 303; 404 (admins are not). */
static NEOERR *
user_disable(struct req *r, struct resp *w)
{
	PGresult	*res = NULL;
	const char	*a = req_param(r, 1), *p[2];
	long long	 id;
	bool		 off;
	NEOERR		*err;

	if ((strcmp(a, "disable") != 0 && strcmp(a, "enable") != 0) ||
	    !parse_int(req_param(r, 0), 1, INT64_MAX, &id))
		return nerr_pass(resp_error(r, w, 404));
	off = strcmp(a, "disable") == 0;
	p[0] = req_param(r, 0);
	p[1] = off ? "true" : "false";
	if ((err = db_begin(r->app->db)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = db_exec(r->app->db, STMT_ADMIN_USER_DISABLE, 2, p, &res)) !=
	    STATUS_OK)
		goto fail;
	if (PQntuples(res) != 1) {
		PQclear(res);
		db_rollback(r->app->db);
		return nerr_pass(resp_error(r, w, 404));
	}
	/* a disabled account is signed out everywhere at once */
	if ((off && (err = db_session_delete_user(r->app->db, id, NULL)) !=
	    STATUS_OK) || (off && (err = db_refresh_revoke_user(r->app->db, id)) !=
	    STATUS_OK) ||
	    (err = admin_audit(r, off ? "user_disable" : "user_enable",
	    db_str(res, 0, 0), NULL)) != STATUS_OK ||
	    (err = db_commit(r->app->db)) != STATUS_OK)
		goto fail;
	PQclear(res);
	return nerr_pass(resp_redirect(w, 303, "/admin/users?done=1"));
fail:
	PQclear(res);
	db_rollback(r->app->db);
	return nerr_pass(err);
}

/*
 * Each row's detail (a JSON object, column 5) as Page.Rows.<i>.Kv.<j>.K
 * and .V: strings as they are, anything else as compact JSON.
 */
static NEOERR *
audit_details(HDF *hdf, PGresult *res)
{
	json_t		*o, *v;
	const char	*k;
	char		*dump, name[64];
	int		 i, j, n = PQntuples(res);
	NEOERR		*err = STATUS_OK;

	for (i = 0; i < n && i < 100 && err == STATUS_OK; i++) {
		if ((o = json_loads(db_str(res, i, 5), 0, NULL)) == NULL)
			continue;
		j = 0;
		json_object_foreach(o, k, v) {
			dump = json_is_string(v) ? NULL : json_dumps(v,
			    JSON_COMPACT | JSON_ENCODE_ANY);
			snprintf(name, sizeof name, "Page.Rows.%d.Kv.%d.K", i, j);
			if ((err = hdf_set_value(hdf, name, k)) == STATUS_OK) {
				snprintf(name, sizeof name, "Page.Rows.%d.Kv.%d.V",
				    i, j);
				err = hdf_set_value(hdf, name, json_is_string(v) ?
				    json_string_value(v) : dump != NULL ? dump : "");
			}
			free(dump);
			if (err != STATUS_OK)
				break;
			j++;
		}
		json_decref(o);
	}
	return nerr_pass(err);
}

/* GET /admin/audit?actor=&action=&from=&to=&page=. 200; 400. */
static NEOERR *
audit_page(struct req *r, struct resp *w)
{
	PGresult	*res = NULL;
	const char	*actor = req_field(r, "actor"), *action = req_field(r, "action");
	const char	*from = req_field(r, "from"), *to = req_field(r, "to");
	const char	*pg = req_field(r, "page"), *p[5];
	char		 off[16];
	long long	 n = 1;
	int		 d;
	NEOERR		*err;

	if (actor == NULL || strlen(actor) > 254)
		actor = "";
	if (action == NULL || strlen(action) > 60)
		action = "";
	if ((from != NULL && *from != '\0' && !date_parse(from, &d)) ||
	    (to != NULL && *to != '\0' && !date_parse(to, &d)) ||
	    (pg != NULL && *pg != '\0' && !parse_int(pg, 1, 100000, &n)))
		return nerr_pass(resp_error(r, w, 400));
	snprintf(off, sizeof off, "%lld", (n - 1) * 100);
	p[0] = actor;
	p[1] = action;
	p[2] = from != NULL && *from != '\0' ? from : NULL;
	p[3] = to != NULL && *to != '\0' ? to : NULL;
	p[4] = off;
	if ((err = db_exec(r->app->db, STMT_ADMIN_AUDIT, 5, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = hdf_put_rows(r->hdf, "Page.Rows", res, audit_cols)) ==
	    STATUS_OK && (err = audit_details(r->hdf, res)) == STATUS_OK &&
	    (err = hdf_set_int_value(r->hdf, "Page.Page", (int)n)) == STATUS_OK &&
	    (err = hdf_set_int_value(r->hdf, "Page.More", PQntuples(res) > 100)) ==
	    STATUS_OK)
		err = session_page(r, w, "admin/audit.cs", 200);
	PQclear(res);
	return nerr_pass(err);
}

#define OUTBOX_PAGE	50

/* GET /admin/outbox?status=&page=: 50 mails a page, newest first. 200; 400. */
static NEOERR *
outbox(struct req *r, struct resp *w)
{
	static const char *const st[] = { "queued", "sending", "sent", "dead",
	    "skipped", NULL };
	const char	*s = status_arg(r, st), *pg = req_field(r, "page"), *p[2];
	PGresult	*res = NULL;
	char		 off[24];
	long long	 n = 1;
	NEOERR		*err;

	if (pg != NULL && *pg != '\0' && !parse_int(pg, 1, 100000, &n))
		return nerr_pass(resp_error(r, w, 400));
	snprintf(off, sizeof off, "%lld", (n - 1) * OUTBOX_PAGE);
	p[0] = s;
	p[1] = off;
	if ((err = hdf_set_value(r->hdf, "Page.Status", s != NULL ? s : "")) !=
	    STATUS_OK)
		return nerr_pass(err);
	if ((err = db_exec(r->app->db, STMT_ADMIN_OUTBOX, 2, p, &res)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if ((err = hdf_put_rows(r->hdf, "Page.Mails", res, outbox_cols)) ==
	    STATUS_OK &&
	    (err = hdf_set_int_value(r->hdf, "Page.Page", (int)n)) == STATUS_OK &&
	    (err = hdf_set_int_value(r->hdf, "Page.More",
	    PQntuples(res) > OUTBOX_PAGE)) == STATUS_OK)
		err = session_page(r, w, "admin/outbox.cs", 200);
	PQclear(res);
	return nerr_pass(err);
}

/* POST /admin/outbox/{id}/retry: a dead letter goes again. 303; 409. */
static NEOERR *
outbox_retry(struct req *r, struct resp *w)
{
	PGresult	*res = NULL;
	const char	*p[1] = { req_param(r, 0) };
	long long	 id;
	bool		 done;
	NEOERR		*err;

	if (!parse_int(p[0], 1, INT64_MAX, &id))
		return nerr_pass(resp_error(r, w, 404));
	if ((err = db_exec(r->app->db, STMT_ADMIN_OUTBOX_RETRY, 1, p, &res)) !=
	    STATUS_OK)
		return nerr_pass(err);
	done = PQntuples(res) == 1;
	PQclear(res);
	if (!done)
		return nerr_pass(resp_error(r, w, 409));
	if ((err = admin_audit(r, "outbox_retry", p[0], NULL)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(resp_redirect(w, 303, "/admin/outbox?status=dead&retried=1"));
}

/* GET /admin/reviews. 200. */
static NEOERR *
reviews(struct req *r, struct resp *w)
{
	PGresult	*res = NULL;
	NEOERR		*err;

	if ((err = db_exec(r->app->db, STMT_ADMIN_REVIEWS, 0, NULL, &res)) !=
	    STATUS_OK)
		return nerr_pass(err);
	err = hdf_put_rows(r->hdf, "Page.Reviews", res, review_cols);
	PQclear(res);
	if (err != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(session_page(r, w, "admin/reviews.cs", 200));
}

/* POST /admin/reviews/{id}/{hide|show} {reason}. 303; 404. */
static NEOERR *
review_hide(struct req *r, struct resp *w)
{
	PGresult	*res = NULL;
	const char	*a = req_param(r, 1), *p[4], *reason;
	json_t		*errs = json_object();
	char		 uid[24];
	long long	 id;
	bool		 hide, found;
	NEOERR		*err;

	reason = in_text(r, NULL, "reason", 200, false, errs, false);
	json_decref(errs);
	if ((strcmp(a, "hide") != 0 && strcmp(a, "show") != 0) ||
	    !parse_int(req_param(r, 0), 1, INT64_MAX, &id))
		return nerr_pass(resp_error(r, w, 404));
	hide = strcmp(a, "hide") == 0;
	snprintf(uid, sizeof uid, "%lld", (long long)r->user_id);
	p[0] = req_param(r, 0);
	p[1] = uid;
	p[2] = reason;
	p[3] = hide ? "true" : "false";
	/* the trigger keeps the restaurant's rating right in this statement */
	if ((err = db_exec(r->app->db, STMT_ADMIN_REVIEW_HIDE, 4, p, &res)) !=
	    STATUS_OK)
		return nerr_pass(err);
	found = PQntuples(res) == 1;
	PQclear(res);
	if (!found)
		return nerr_pass(resp_error(r, w, 404));
	if ((err = admin_audit(r, hide ? "review_hide" : "review_show", p[0],
	    *reason != '\0' ? json_pack("{s:s}", "reason", reason) : NULL)) !=
	    STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(resp_redirect(w, 303, "/admin/reviews?done=1"));
}
