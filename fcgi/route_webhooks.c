/* route_webhooks.c: a restaurant's webhook endpoints, their secrets, test events, delivery log and replays, as pages and API (issue 17). */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

static NEOERR	*page_list(struct req *, struct resp *);
static NEOERR	*page_create(struct req *, struct resp *);
static NEOERR	*page_show(struct req *, struct resp *);
static NEOERR	*page_update(struct req *, struct resp *);
static NEOERR	*page_enable(struct req *, struct resp *);
static NEOERR	*page_delete(struct req *, struct resp *);
static NEOERR	*page_rotate(struct req *, struct resp *);
static NEOERR	*page_test(struct req *, struct resp *);
static NEOERR	*page_replay(struct req *, struct resp *);
static NEOERR	*page_replay_since(struct req *, struct resp *);
static NEOERR	*api_list(struct req *, struct resp *);
static NEOERR	*api_create(struct req *, struct resp *);
static NEOERR	*api_get(struct req *, struct resp *);
static NEOERR	*api_patch(struct req *, struct resp *);
static NEOERR	*api_delete(struct req *, struct resp *);
static NEOERR	*api_rotate(struct req *, struct resp *);
static NEOERR	*api_test(struct req *, struct resp *);
static NEOERR	*api_deliveries(struct req *, struct resp *);
static NEOERR	*api_replay(struct req *, struct resp *);
static NEOERR	*api_replay_since(struct req *, struct resp *);

#define P	(ROUTE_FORM | ROUTE_CSRF | ROUTE_OWNER)
#define A	(ROUTE_JSON | ROUTE_OWNER)
#define PW	"/owner/r/:id/webhooks"
#define AW	"/api/v1/owner/restaurants/:id/webhooks"

const struct route webhook_routes[] = {
	{ HTTP_GET, PW, ROUTE_OWNER, page_list, SCOPE_NONE },
	{ HTTP_POST, PW, P, page_create, SCOPE_NONE },
	{ HTTP_GET, PW "/:wid", ROUTE_OWNER, page_show, SCOPE_NONE },
	{ HTTP_POST, PW "/:wid", P, page_update, SCOPE_NONE },
	{ HTTP_POST, PW "/:wid/enable", P, page_enable, SCOPE_NONE },
	{ HTTP_POST, PW "/:wid/disable", P, page_enable, SCOPE_NONE },
	{ HTTP_POST, PW "/:wid/delete", P, page_delete, SCOPE_NONE },
	{ HTTP_POST, PW "/:wid/rotate-secret", P, page_rotate, SCOPE_NONE },
	{ HTTP_POST, PW "/:wid/test", P, page_test, SCOPE_NONE },
	{ HTTP_POST, PW "/:wid/replay", P, page_replay_since, SCOPE_NONE },
	{ HTTP_POST, PW "/:wid/deliveries/:delivery/replay", P, page_replay,
	    SCOPE_NONE },
	{ HTTP_GET, AW, A, api_list, "setup:read" },
	{ HTTP_POST, AW, A, api_create, "setup:write" },
	{ HTTP_GET, AW "/:wid", A, api_get, "setup:read" },
	{ HTTP_PATCH, AW "/:wid", A, api_patch, "setup:write" },
	{ HTTP_DELETE, AW "/:wid", A, api_delete, "setup:write" },
	{ HTTP_POST, AW "/:wid/rotate-secret", A, api_rotate, "setup:write" },
	{ HTTP_POST, AW "/:wid/test", A, api_test, "setup:write" },
	{ HTTP_GET, AW "/:wid/deliveries", A, api_deliveries, "setup:read" },
	{ HTTP_POST, AW "/:wid/deliveries/:delivery/replay", A, api_replay,
	    "setup:write" },
	{ HTTP_POST, AW "/:wid/replay", A, api_replay_since, "setup:write" },
	{ 0, NULL, 0, NULL, NULL }
};

#undef P
#undef A
#undef PW
#undef AW

#define PAGE_SIZE	25	/* deliveries a page shows; the API's default */
#define EVENTS_TEXT	(32 * 24)	/* "{a,b,...}" of every type */

/* ------------------------------------------------------------------ */
/* what the handlers share                                              */
/* ------------------------------------------------------------------ */

/* The endpoint's id in the path (the router took 1..INT64_MAX). */
static int64_t
path_endpoint(struct req *r)
{
	long long	 id = 0;

	(void)parse_int(req_param(r, 1), 1, INT64_MAX, &id);
	return id;
}

/* A delivery's public id as the schema makes them: "whd_" and 32 hex digits. */
static bool
delivery_id_ok(const char *s)
{
	return s != NULL && strlen(s) == 36 && strncmp(s, "whd_", 4) == 0 &&
	    strspn(s + 4, "0123456789abcdef") == 32;
}

static NEOERR *
audit_wh(struct req *r, const char *action, int64_t rid, int64_t eid,
    json_t *detail)
{
	char	 target[32];

	snprintf(target, sizeof target, "restaurant:%lld", (long long)rid);
	if (detail == NULL)
		detail = json_object();
	if (detail != NULL)
		json_object_set_new(detail, "endpoint", json_integer(eid));
	return nerr_pass(audit(r->app->db, r->user_id, action, target,
	    req_header(r, "REMOTE_ADDR"), detail));
}

/* Test builds: the negative controls' switches (X-Stolik-Test-Unsafe). */
static bool
unsafe(struct req *r, const char *what)
{
#ifdef STOLIK_TEST_HOOKS
	const char	*u = req_header(r, "HTTP_X_STOLIK_TEST_UNSAFE");

	return u != NULL && strcmp(u, what) == 0;
#else
	(void)r;
	(void)what;
	return false;
#endif
}

/* The form's checkbox of an event type: "ev_" and the name with _ for '.'. */
static void
event_field(const char *type, char *buf, size_t sz)
{
	char	*p;

	snprintf(buf, sz, "ev_%s", type);
	for (p = buf; *p != '\0'; p++)
		if (*p == '.')
			*p = '_';
}

/* A new endpoint or a change: what was sent, checked. */
struct wh_in {
	const char	*url;
	const char	*description;
	char		 events[EVENTS_TEXT];	/* a text[] literal */
	bool		 enabled;
	bool		 has_enabled;		/* PATCH: enabled was given */
};

/*
 * Read url, description and events from a form or JSON (j); with cur (a
 * row of STMT_WH_GET) only what is given changes. Errors by field.
 */
static void
wh_parse(struct req *r, json_t *j, const PGresult *cur, struct wh_in *in,
    json_t *errs)
{
	struct webhook_target	 t;
	enum webhook_url	 v;
	json_t			*ev, *e;
	char			 field[64];
	size_t			 i, k, n = 0;
	bool			 seen[64];

	memset(seen, 0, sizeof seen);
	if (cur != NULL && !in_given(r, j, "url"))
		in->url = db_str(cur, 0, WH_URL);
	else if (*(in->url = in_text(r, j, "url", 2000, true, errs, false)) !=
	    '\0' && !unsafe(r, "ssrf")) {
		v = webhook_url_check(in->url, hdf_get_int_value(r->app->conf,
		    "Webhooks.Development", 0) != 0, &t);
		if (v != WH_URL_OK)
			json_object_set_new(errs, "url",
			    json_string(webhook_url_why(v)));
	}
	if (cur != NULL && !in_given(r, j, "description"))
		in->description = db_str(cur, 0, WH_DESCRIPTION);
	else
		in->description = in_text(r, j, "description", 200, false, errs,
		    false);
	in->has_enabled = j != NULL && json_object_get(j, "enabled") != NULL;
	if (in->has_enabled) {
		if (!json_is_boolean(json_object_get(j, "enabled")))
			json_object_set_new(errs, "enabled",
			    json_string("invalid"));
		in->enabled = json_is_true(json_object_get(j, "enabled"));
	}
	/* events: the checkboxes, or a JSON array of names */
	if (cur != NULL && ((j != NULL && json_object_get(j, "events") == NULL) ||
	    (j == NULL && !in_given(r, NULL, "events_sent")))) {
		json_error_t	 jerr;
		json_t		*a = json_loads(db_str(cur, 0, WH_EVENTS), 0, &jerr);

		snprintf(in->events, sizeof in->events, "{");
		json_array_foreach(a, i, e)
			snprintf(in->events + strlen(in->events), sizeof in->events -
			    strlen(in->events), "%s%s", i > 0 ? "," : "",
			    json_string_value(e));
		snprintf(in->events + strlen(in->events), sizeof in->events -
		    strlen(in->events), "}");
		json_decref(a);
		return;
	}
	if (j != NULL) {
		ev = json_object_get(j, "events");
		if (!json_is_array(ev)) {
			json_object_set_new(errs, "events", json_string(
			    ev == NULL ? "required" : "invalid"));
			return;
		}
		json_array_foreach(ev, i, e) {
			if (!json_is_string(e) ||
			    !webhook_type_ok(json_string_value(e))) {
				json_object_set_new(errs, "events",
				    json_string("unknown_event"));
				return;
			}
			for (k = 0; webhook_types[k] != NULL && k < 64; k++)
				if (strcmp(webhook_types[k],
				    json_string_value(e)) == 0)
					seen[k] = true;
		}
	} else
		for (k = 0; webhook_types[k] != NULL && k < 64; k++) {
			event_field(webhook_types[k], field, sizeof field);
			seen[k] = in_bool(r, NULL, field);
		}
	snprintf(in->events, sizeof in->events, "{");
	for (k = 0; webhook_types[k] != NULL && k < 64; k++)
		if (seen[k]) {
			snprintf(in->events + strlen(in->events),
			    sizeof in->events - strlen(in->events), "%s%s",
			    n++ > 0 ? "," : "", webhook_types[k]);
		}
	snprintf(in->events + strlen(in->events), sizeof in->events -
	    strlen(in->events), "}");
	if (n == 0)
		json_object_set_new(errs, "events", json_string("required"));
}

/* A form field's value, "" when it was not sent. */
static const char *
field(struct req *r, const char *name)
{
	const char	*v = req_field(r, name);

	return v != NULL ? v : "";
}

/* "whsec_...abcd": the last four characters of the sealed secret. */
static void
secret_hint(const char *sealed, char hint[16])
{
	char	*s = sec_open(sealed);
	size_t	 n;

	if (s == NULL) {
		snprintf(hint, 16, "?");
		return;
	}
	n = strlen(s);
	snprintf(hint, 16, "whsec_…%s", n > 4 ? s + n - 4 : "");
	sodium_memzero(s, n);
	free(s);
}

/* Row i of an endpoint result as the API shows it (never the secret). */
static json_t *
wh_json(const PGresult *res, int i)
{
	json_error_t	 jerr;
	json_t		*o;
	char		 hint[16];
	const char	*reason = db_str(res, i, WH_REASON);

	secret_hint(db_str(res, i, WH_SEALED), hint);
	o = json_pack("{s:I,s:s,s:s,s:o,s:b,s:I,s:s,s:s,s:s,s:I}",
	    "id", (json_int_t)db_int(res, i, WH_ID),
	    "url", db_str(res, i, WH_URL),
	    "description", db_str(res, i, WH_DESCRIPTION),
	    "events", json_loads(db_str(res, i, WH_EVENTS), 0, &jerr),
	    "enabled", db_bool(res, i, WH_ENABLED),
	    "failures", (json_int_t)db_int(res, i, WH_FAILURES),
	    "secret_hint", hint,
	    "created_at", db_str(res, i, WH_CREATED),
	    "updated_at", db_str(res, i, WH_UPDATED),
	    "queued", (json_int_t)db_int(res, i, WH_QUEUED));
	if (o == NULL)
		return NULL;
	json_object_set_new(o, "disabled_reason", *reason != '\0' ?
	    json_string(reason) : json_null());
	json_object_set_new(o, "disabled_at", *db_str(res, i, WH_DISABLED_AT) !=
	    '\0' ? json_string(db_str(res, i, WH_DISABLED_AT)) : json_null());
	json_object_set_new(o, "previous_secret_valid_until",
	    *db_str(res, i, WH_OLD_UNTIL) != '\0' ?
	    json_string(db_str(res, i, WH_OLD_UNTIL)) : json_null());
	return o;
}

/* Row i of an endpoint result under prefix, for the pages. */
static NEOERR *
wh_hdf(HDF *hdf, const char *prefix, const PGresult *res, int i)
{
	json_error_t	 jerr;
	json_t		*a, *e;
	char		 hint[16], name[96], list[EVENTS_TEXT];
	size_t		 k;
	NEOERR		*err;

	secret_hint(db_str(res, i, WH_SEALED), hint);
	list[0] = '\0';
	a = json_loads(db_str(res, i, WH_EVENTS), 0, &jerr);
	json_array_foreach(a, k, e)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
		    k > 0 ? ", " : "", json_string_value(e));
	json_decref(a);
#define SET(n, v) do { \
	snprintf(name, sizeof name, "%s.%s", prefix, n); \
	if ((err = hdf_set_value(hdf, name, v)) != STATUS_OK) \
		return nerr_pass(err); \
} while (0)
	SET("id", db_str(res, i, WH_ID));
	SET("url", db_str(res, i, WH_URL));
	SET("description", db_str(res, i, WH_DESCRIPTION));
	SET("events", list);
	SET("enabled", db_bool(res, i, WH_ENABLED) ? "1" : "0");
	SET("reason", db_str(res, i, WH_REASON));
	SET("failures", db_str(res, i, WH_FAILURES));
	SET("hint", hint);
	SET("old_until", db_str(res, i, WH_OLD_UNTIL_LOCAL));
	SET("queued", db_str(res, i, WH_QUEUED));
#undef SET
	return STATUS_OK;
}

/*
 * The event checkboxes as Page.Types.N.{name,field,checked}: checked from
 * the literal events ("{a,b}") or, with typed, from what the form sent.
 */
static NEOERR *
types_hdf(struct req *r, const char *events, bool typed)
{
	char	 field[64], name[64], want[80];
	size_t	 k;
	bool	 on;
	NEOERR	*err;

	for (k = 0; webhook_types[k] != NULL; k++) {
		event_field(webhook_types[k], field, sizeof field);
		snprintf(want, sizeof want, "%s", webhook_types[k]);
		if (typed)
			on = in_bool(r, NULL, field);
		else {
			/* a name in "{a,b}" between delimiters */
			const char	*p = events;
			size_t		 n = strlen(want);

			on = false;
			while (p != NULL && (p = strstr(p, want)) != NULL) {
				if (p > events && (p[-1] == '{' || p[-1] == ',') &&
				    (p[n] == '}' || p[n] == ',')) {
					on = true;
					break;
				}
				p += n;
			}
		}
		snprintf(name, sizeof name, "Page.Types.%zu", k);
		if ((err = hdf_set_valuef(r->hdf, "%s.name=%s", name,
		    webhook_types[k])) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.field=%s", name, field)) !=
		    STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.checked=%d", name, on)) !=
		    STATUS_OK)
			return nerr_pass(err);
	}
	return STATUS_OK;
}

/* A new secret and its sealed form (free() it); the plain one wiped by the caller. */
static NEOERR *
secret_make(char secret[WEBHOOK_SECRET_LEN], char **sealed)
{
	webhook_secret_new(secret);
	if ((*sealed = sec_seal(secret)) == NULL) {
		sodium_memzero(secret, WEBHOOK_SECRET_LEN);
		return nerr_raise(NERR_NOMEM, "webhook secret");
	}
	return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* the pages                                                            */
/* ------------------------------------------------------------------ */

/*
 * The list of cur's endpoints and the form for a new one (typed: as the
 * form sent it back), with status; secret (or NULL) is shown once.
 */
static NEOERR *
list_render(struct req *r, struct resp *w, struct owner_restaurant *cur,
    int status, bool typed, const char *secret, int64_t new_id)
{
	PGresult	*res = NULL;
	char		 prefix[32];
	int		 i;
	NEOERR		*err;

	if ((err = owner_put_restaurant(r->hdf, cur)) != STATUS_OK ||
	    (err = db_webhook_list(r->app->db, cur->id, r->user_id, 0, &res)) !=
	    STATUS_OK)
		return nerr_pass(err);
	for (i = 0; i < PQntuples(res); i++) {
		snprintf(prefix, sizeof prefix, "Page.Endpoints.%d", i);
		if ((err = wh_hdf(r->hdf, prefix, res, i)) != STATUS_OK)
			goto out;
	}
	if ((err = hdf_set_int_value(r->hdf, "Page.Max",
	    WEBHOOK_MAX_ENDPOINTS)) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Full", PQntuples(res) >=
	    WEBHOOK_MAX_ENDPOINTS)) != STATUS_OK ||
	    (err = types_hdf(r, typed ? "" : "{}", typed)) != STATUS_OK)
		goto out;
	if (typed && ((err = hdf_set_value(r->hdf, "Page.Form.url",
	    field(r, "url"))) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Form.description",
	    field(r, "description"))) != STATUS_OK))
		goto out;
	if (secret != NULL && ((err = hdf_set_value(r->hdf, "Page.Secret",
	    secret)) != STATUS_OK || (err = hdf_set_valuef(r->hdf,
	    "Page.NewId=%lld", (long long)new_id)) != STATUS_OK))
		goto out;
	err = session_page(r, w, "owner/webhooks.cs", status);
out:
	PQclear(res);
	return nerr_pass(err);
}

/* GET /owner/r/{id}/webhooks: the endpoints and a form. 200; 404. */
static NEOERR *
page_list(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	NEOERR			*err;

	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	err = list_render(r, w, cur, 200, false, NULL, 0);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* Create from a form or JSON; *id the new endpoint, errs the refusals. */
static NEOERR *
create(struct req *r, json_t *j, struct owner_restaurant *cur, json_t *errs,
    char secret[WEBHOOK_SECRET_LEN], int64_t *id, bool *full)
{
	struct wh_in	 in;
	enum wh_outcome	 o;
	char		*sealed = NULL;
	NEOERR		*err;

	*id = 0;
	*full = false;
	memset(&in, 0, sizeof in);
	wh_parse(r, j, NULL, &in, errs);
	if (json_object_size(errs) > 0)
		return STATUS_OK;
	if ((err = secret_make(secret, &sealed)) != STATUS_OK)
		return nerr_pass(err);
	err = db_webhook_insert(r->app->db, cur->id, r->user_id, in.url,
	    in.description, in.events, sealed, unsafe(r, "webhook-limit"), &o,
	    id);
	free(sealed);
	if (err == STATUS_OK && o == WH_FULL) {
		*full = true;
		json_object_set_new(errs, "endpoints",
		    json_string("webhook_limit"));
	} else if (err == STATUS_OK && o != WH_DONE)
		json_object_set_new(errs, "restaurant", json_string("unknown"));
	if (err == STATUS_OK && *id != 0)
		err = audit_wh(r, "webhook_create", cur->id, *id,
		    json_pack("{s:s}", "events", in.events));
	if (err != STATUS_OK || *id == 0)
		sodium_memzero(secret, WEBHOOK_SECRET_LEN);
	return nerr_pass(err);
}

/*
 * POST /owner/r/{id}/webhooks: a new endpoint. 200 the list with the
 * secret, shown this once; 404; 422 the form with messages (the limit too).
 */
static NEOERR *
page_create(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	json_t			*errs = json_object();
	char			 secret[WEBHOOK_SECRET_LEN];
	int64_t			 id = 0;
	bool			 full;
	NEOERR			*err;

	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL) {
		json_decref(errs);
		return nerr_pass(err);
	}
	if ((err = create(r, NULL, cur, errs, secret, &id, &full)) ==
	    STATUS_OK) {
		if (json_object_size(errs) > 0) {
			if ((err = in_errors_to_form(r, errs)) == STATUS_OK)
				err = list_render(r, w, cur, 422, true, NULL, 0);
		} else
			err = list_render(r, w, cur, 200, false, secret, id);
	}
	sodium_memzero(secret, sizeof secret);
	json_decref(errs);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* The replay form's time as it was sent, shown again. */
static NEOERR *
since_typed(struct req *r)
{
	if (req_field(r, "since") != NULL)
		return nerr_pass(hdf_set_value(r->hdf, "Page.Since",
		    req_field(r, "since")));
	return STATUS_OK;
}

/*
 * One endpoint's page: its settings, actions and delivery log (?page=),
 * with status; typed shows the form as sent; secret (or NULL) once. 404
 * when it is not cur's.
 */
static NEOERR *
show_render(struct req *r, struct resp *w, struct owner_restaurant *cur,
    int64_t eid, int status, bool typed, const char *secret,
    const char *until)
{
	PGresult	*res = NULL, *log = NULL;
	json_error_t	 jerr;
	json_t		*a, *e;
	const char	*pg = req_field(r, "page");
	char		 prefix[48], name[96];
	long long	 page = 1;
	int		 i;
	size_t		 k;
	NEOERR		*err;

	if (pg != NULL && *pg != '\0' && !parse_int(pg, 1, 100000, &page))
		page = 1;
	if ((err = db_webhook_list(r->app->db, cur->id, r->user_id, eid,
	    &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) != 1) {
		PQclear(res);
		return nerr_pass(resp_error(r, w, 404));
	}
	if ((err = owner_put_restaurant(r->hdf, cur)) != STATUS_OK ||
	    (err = wh_hdf(r->hdf, "Page.E", res, 0)) != STATUS_OK ||
	    (typed && (err = types_hdf(r, "", true)) != STATUS_OK))
		goto out;
	/* the stored events are JSON; types_hdf wants "{a,b}" */
	if (!typed) {
		char	 lit[EVENTS_TEXT];

		snprintf(lit, sizeof lit, "{");
		a = json_loads(db_str(res, 0, WH_EVENTS), 0, &jerr);
		json_array_foreach(a, k, e)
			snprintf(lit + strlen(lit), sizeof lit - strlen(lit),
			    "%s%s", k > 0 ? "," : "", json_string_value(e));
		json_decref(a);
		snprintf(lit + strlen(lit), sizeof lit - strlen(lit), "}");
		if ((err = types_hdf(r, lit, false)) != STATUS_OK)
			goto out;
	}
	if (typed && ((err = hdf_set_value(r->hdf, "Page.E.url",
	    field(r, "url"))) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.E.description",
	    field(r, "description"))) != STATUS_OK))
		goto out;
	if (secret != NULL && ((err = hdf_set_value(r->hdf, "Page.Secret",
	    secret)) != STATUS_OK || (err = hdf_set_value(r->hdf,
	    "Page.OldUntil", until)) != STATUS_OK))
		goto out;
	if ((err = since_typed(r)) != STATUS_OK)
		goto out;
	/* the delivery log */
	if ((err = db_webhook_deliveries(r->app->db, cur->id, r->user_id, eid,
	    (int)page, PAGE_SIZE, &log)) != STATUS_OK)
		goto out;
	for (i = 0; i < PQntuples(log); i++) {
		snprintf(prefix, sizeof prefix, "Page.Log.%d", i);
#define SET(n, col) do { \
	snprintf(name, sizeof name, "%s.%s", prefix, n); \
	if ((err = hdf_set_value(r->hdf, name, db_str(log, i, col))) != \
	    STATUS_OK) \
		goto out; \
} while (0)
		SET("id", WHD_ID);
		SET("event", WHD_EVENT);
		SET("type", WHD_TYPE);
		SET("status", WHD_STATUS);
		SET("attempts", WHD_ATTEMPTS);
		SET("created", WHD_CREATED_LOCAL);
		SET("replay_of", WHD_REPLAY_OF);
		SET("last_code", WHD_LAST_CODE);
		SET("last_error", WHD_LAST_ERROR);
#undef SET
		a = json_loads(db_str(log, i, WHD_LOG), 0, &jerr);
		json_array_foreach(a, k, e) {
			const char	*f[] = { "at_local", "error", "excerpt" };
			size_t		 x;

			snprintf(name, sizeof name, "%s.Attempts.%zu.attempt",
			    prefix, k);
			if ((err = hdf_set_int_value(r->hdf, name,
			    (int)json_integer_value(json_object_get(e,
			    "attempt")))) != STATUS_OK)
				break;
			snprintf(name, sizeof name, "%s.Attempts.%zu.duration_ms",
			    prefix, k);
			if ((err = hdf_set_int_value(r->hdf, name,
			    (int)json_integer_value(json_object_get(e,
			    "duration_ms")))) != STATUS_OK)
				break;
			if (json_is_integer(json_object_get(e, "status_code"))) {
				snprintf(name, sizeof name,
				    "%s.Attempts.%zu.status_code", prefix, k);
				if ((err = hdf_set_int_value(r->hdf, name,
				    (int)json_integer_value(json_object_get(e,
				    "status_code")))) != STATUS_OK)
					break;
			}
			for (x = 0; x < sizeof f / sizeof f[0]; x++) {
				const char *v = json_string_value(
				    json_object_get(e, f[x]));

				snprintf(name, sizeof name, "%s.Attempts.%zu.%s",
				    prefix, k, f[x]);
				if (v != NULL && (err = hdf_set_value(r->hdf,
				    name, v)) != STATUS_OK)
					break;
			}
			if (err != STATUS_OK)
				break;
		}
		json_decref(a);
		if (err != STATUS_OK)
			goto out;
	}
	if ((err = hdf_set_int_value(r->hdf, "Page.Page", (int)page)) !=
	    STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Total", PQntuples(log) > 0 ?
	    (int)db_int(log, 0, WHD_TOTAL) : 0)) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.HasNext", PQntuples(log) > 0 &&
	    page * PAGE_SIZE < db_int(log, 0, WHD_TOTAL))) != STATUS_OK)
		goto out;
	err = session_page(r, w, "owner/webhook.cs", status);
out:
	PQclear(log);
	PQclear(res);
	return nerr_pass(err);
}

/* Load the path's restaurant; *cur NULL when a 404 was answered. */
static NEOERR *
page_load(struct req *r, struct resp *w, struct owner_restaurant **cur,
    int64_t *eid)
{
	*eid = path_endpoint(r);
	return nerr_pass(owner_restaurant(r, w, cur));
}

/* After a page action: back to the endpoint's page with a notice. */
static NEOERR *
back(struct resp *w, struct owner_restaurant *cur, int64_t eid,
    const char *done, long long n)
{
	char	 loc[160];

	if (n >= 0)
		snprintf(loc, sizeof loc, "/owner/r/%lld/webhooks/%lld?done=%s&n=%lld",
		    (long long)cur->id, (long long)eid, done, n);
	else
		snprintf(loc, sizeof loc, "/owner/r/%lld/webhooks/%lld?done=%s",
		    (long long)cur->id, (long long)eid, done);
	return nerr_pass(resp_redirect(w, 303, loc));
}

/* GET /owner/r/{id}/webhooks/{wid}: one endpoint and its log. 200; 404. */
static NEOERR *
page_show(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	int64_t			 eid;
	NEOERR			*err;

	if ((err = page_load(r, w, &cur, &eid)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	err = show_render(r, w, cur, eid, 200, false, NULL, NULL);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* Change url, description, events from a form or JSON; *found false: 404. */
static NEOERR *
update(struct req *r, json_t *j, struct owner_restaurant *cur, int64_t eid,
    json_t *errs, bool *found)
{
	PGresult	*res = NULL;
	struct wh_in	 in;
	enum wh_outcome	 o = WH_DONE;
	NEOERR		*err;

	*found = false;
	if ((err = db_webhook_list(r->app->db, cur->id, r->user_id, eid,
	    &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) != 1)
		goto out;
	*found = true;
	memset(&in, 0, sizeof in);
	wh_parse(r, j, res, &in, errs);
	if (json_object_size(errs) > 0)
		goto out;
	/* a PATCH of enabled alone changes nothing else */
	if ((j == NULL || !in.has_enabled || json_object_size(j) > 1) &&
	    ((err = db_webhook_update(r->app->db, cur->id, r->user_id, eid,
	    in.url, in.description, in.events, &o)) != STATUS_OK ||
	    (o == WH_DONE && (err = audit_wh(r, "webhook_update", cur->id, eid,
	    NULL)) != STATUS_OK)))
		goto out;
	/* the API's PATCH may turn it on or off too */
	if (o == WH_DONE && in.has_enabled && in.enabled !=
	    db_bool(res, 0, WH_ENABLED) && (err = db_webhook_enable(r->app->db,
	    cur->id, r->user_id, eid, in.enabled, &o)) == STATUS_OK &&
	    o == WH_DONE)
		err = audit_wh(r, in.enabled ? "webhook_enable" :
		    "webhook_disable", cur->id, eid, NULL);
	*found = o == WH_DONE;
out:
	PQclear(res);
	return nerr_pass(err);
}

/* POST /owner/r/{id}/webhooks/{wid}: url, description, events. 303; 404; 422. */
static NEOERR *
page_update(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	json_t			*errs = json_object();
	int64_t			 eid;
	bool			 found;
	NEOERR			*err;

	if ((err = page_load(r, w, &cur, &eid)) != STATUS_OK || cur == NULL) {
		json_decref(errs);
		return nerr_pass(err);
	}
	if ((err = update(r, NULL, cur, eid, errs, &found)) == STATUS_OK) {
		if (!found)
			err = resp_error(r, w, 404);
		else if (json_object_size(errs) > 0) {
			if ((err = in_errors_to_form(r, errs)) == STATUS_OK)
				err = show_render(r, w, cur, eid, 422, true, NULL,
				    NULL);
		} else
			err = back(w, cur, eid, "saved", -1);
	}
	json_decref(errs);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/*
 * POST /owner/r/{id}/webhooks/{wid}/enable and .../disable: turning it on
 * clears the failures and the reason. 303; 404.
 */
static NEOERR *
page_enable(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	enum wh_outcome		 o;
	int64_t			 eid;
	bool			 on;
	NEOERR			*err;

	on = strlen(r->path) > 7 &&
	    strcmp(r->path + strlen(r->path) - 7, "/enable") == 0;
	if ((err = page_load(r, w, &cur, &eid)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if ((err = db_webhook_enable(r->app->db, cur->id, r->user_id, eid, on,
	    &o)) == STATUS_OK) {
		if (o != WH_DONE)
			err = resp_error(r, w, 404);
		else if ((err = audit_wh(r, on ? "webhook_enable" :
		    "webhook_disable", cur->id, eid, NULL)) == STATUS_OK)
			err = back(w, cur, eid, on ? "enabled" : "disabled", -1);
	}
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* POST /owner/r/{id}/webhooks/{wid}/delete. 303 to the list; 404. */
static NEOERR *
page_delete(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	enum wh_outcome		 o;
	int64_t			 eid;
	char			 loc[96];
	NEOERR			*err;

	if ((err = page_load(r, w, &cur, &eid)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if ((err = db_webhook_delete(r->app->db, cur->id, r->user_id, eid,
	    &o)) == STATUS_OK) {
		if (o != WH_DONE)
			err = resp_error(r, w, 404);
		else if ((err = audit_wh(r, "webhook_delete", cur->id, eid,
		    NULL)) == STATUS_OK) {
			snprintf(loc, sizeof loc,
			    "/owner/r/%lld/webhooks?done=deleted",
			    (long long)cur->id);
			err = resp_redirect(w, 303, loc);
		}
	}
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* A new secret for eid: *o, the plain secret and when the old one stops. */
static NEOERR *
rotate(struct req *r, struct owner_restaurant *cur, int64_t eid,
    enum wh_outcome *o, char secret[WEBHOOK_SECRET_LEN], char until[32])
{
	char	*sealed = NULL;
	NEOERR	*err;

	if ((err = secret_make(secret, &sealed)) != STATUS_OK)
		return nerr_pass(err);
	err = db_webhook_rotate(r->app->db, cur->id, r->user_id, eid, sealed,
	    o, until);
	free(sealed);
	if (err == STATUS_OK && *o == WH_DONE)
		err = audit_wh(r, "webhook_rotate", cur->id, eid, NULL);
	return nerr_pass(err);
}

/*
 * POST /owner/r/{id}/webhooks/{wid}/rotate-secret: 200 the endpoint's page
 * with the new secret, shown this once, and until when the old one signs
 * too; 404.
 */
static NEOERR *
page_rotate(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	enum wh_outcome		 o;
	char			 secret[WEBHOOK_SECRET_LEN], until[32];
	int64_t			 eid;
	NEOERR			*err;

	if ((err = page_load(r, w, &cur, &eid)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if ((err = rotate(r, cur, eid, &o, secret, until)) == STATUS_OK)
		err = o != WH_DONE ? resp_error(r, w, 404) :
		    show_render(r, w, cur, eid, 200, false, secret, until);
	sodium_memzero(secret, sizeof secret);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/*
 * Whether endpoint eid of cur exists (*found) and is on (*on); test events
 * and replays wait for an endpoint that is on.
 */
static NEOERR *
endpoint_state(struct req *r, struct owner_restaurant *cur, int64_t eid,
    bool *found, bool *on)
{
	PGresult	*res = NULL;
	NEOERR		*err;

	*found = *on = false;
	if ((err = db_webhook_list(r->app->db, cur->id, r->user_id, eid,
	    &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) == 1) {
		*found = true;
		*on = db_bool(res, 0, WH_ENABLED);
	}
	PQclear(res);
	return STATUS_OK;
}

/* Send a test event to eid; *status 404, 409 (off) or 0 with the ids. */
static NEOERR *
send_test(struct req *r, struct owner_restaurant *cur, int64_t eid,
    int *status, char event[48], char delivery[48])
{
	enum wh_outcome	 o;
	bool		 found, on;
	NEOERR		*err;

	if ((err = endpoint_state(r, cur, eid, &found, &on)) != STATUS_OK)
		return nerr_pass(err);
	*status = !found ? 404 : !on ? 409 : 0;
	if (*status != 0)
		return STATUS_OK;
	if ((err = db_webhook_test(r->app->db, cur->id, r->user_id, eid,
	    /* event data, like the API's: the default language */
	    render_lang(r->app, "Webhooks.TestMessage"), &o, event,
	    delivery)) != STATUS_OK)
		return nerr_pass(err);
	if (o != WH_DONE) {
		*status = 404;
		return STATUS_OK;
	}
	return nerr_pass(audit_wh(r, "webhook_test", cur->id, eid,
	    json_pack("{s:s}", "delivery", delivery)));
}

/* POST /owner/r/{id}/webhooks/{wid}/test. 303; 404; 409 when it is off. */
static NEOERR *
page_test(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	char			 ev[48], d[48];
	int64_t			 eid;
	int			 status;
	NEOERR			*err;

	if ((err = page_load(r, w, &cur, &eid)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if ((err = send_test(r, cur, eid, &status, ev, d)) == STATUS_OK) {
		if (status == 404)
			err = resp_error(r, w, 404);
		else if (status == 409) {
			if ((err = hdf_set_value(r->hdf, "Form.Errors.test",
			    "endpoint_disabled")) == STATUS_OK)
				err = show_render(r, w, cur, eid, 409, false,
				    NULL, NULL);
		} else
			err = back(w, cur, eid, "test", -1);
	}
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* Replay delivery did of eid; *status 404, 409 (off) or 0 with *out. */
static NEOERR *
replay(struct req *r, struct owner_restaurant *cur, int64_t eid,
    const char *did, int *status, char out[48])
{
	enum wh_outcome	 o;
	bool		 found, on;
	NEOERR		*err;

	out[0] = '\0';
	if (!delivery_id_ok(did)) {
		*status = 404;
		return STATUS_OK;
	}
	if ((err = endpoint_state(r, cur, eid, &found, &on)) != STATUS_OK)
		return nerr_pass(err);
	*status = !found ? 404 : !on ? 409 : 0;
	if (*status != 0)
		return STATUS_OK;
	if ((err = db_webhook_replay(r->app->db, cur->id, r->user_id, eid, did,
	    &o, out)) != STATUS_OK)
		return nerr_pass(err);
	if (o != WH_DONE) {
		*status = 404;
		return STATUS_OK;
	}
	return nerr_pass(audit_wh(r, "webhook_replay", cur->id, eid,
	    json_pack("{s:s,s:s}", "delivery", did, "replay", out)));
}

/* POST /owner/r/{id}/webhooks/{wid}/deliveries/{did}/replay. 303; 404; 409. */
static NEOERR *
page_replay(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	char			 out[48];
	int64_t			 eid;
	int			 status;
	NEOERR			*err;

	if ((err = page_load(r, w, &cur, &eid)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if ((err = replay(r, cur, eid, req_param(r, 2), &status, out)) ==
	    STATUS_OK) {
		if (status == 404)
			err = resp_error(r, w, 404);
		else if (status == 409) {
			if ((err = hdf_set_value(r->hdf, "Form.Errors.replay",
			    "endpoint_disabled")) == STATUS_OK)
				err = show_render(r, w, cur, eid, 409, false,
				    NULL, NULL);
		} else
			err = back(w, cur, eid, "replayed", 1);
	}
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/*
 * A local date-time as a form sends it ("YYYY-MM-DDTHH:MM", a space for
 * the T, ":SS" allowed) into "YYYY-MM-DD HH:MM:SS"; false if malformed.
 */
static bool
local_parse(const char *v, char out[20])
{
	int	 day;
	char	 date[11];
	size_t	 n = v != NULL ? strlen(v) : 0;

	if (n != 16 && n != 19)
		return false;
	memcpy(date, v, 10);
	date[10] = '\0';
	if (!date_parse(date, &day) || (v[10] != 'T' && v[10] != ' ') ||
	    v[11] < '0' || v[11] > '2' || v[12] < '0' || v[12] > '9' ||
	    v[13] != ':' || v[14] < '0' || v[14] > '5' || v[15] < '0' ||
	    v[15] > '9' || (v[11] - '0') * 10 + (v[12] - '0') > 23)
		return false;
	if (n == 19 && (v[16] != ':' || v[17] < '0' || v[17] > '5' ||
	    v[18] < '0' || v[18] > '9'))
		return false;
	snprintf(out, 20, "%.10s %.5s:%.2s", v, v + 11, n == 19 ? v + 17 : "00");
	return true;
}

/*
 * Replay every failed delivery of eid since since (an instant) or local
 * (the restaurant's wall clock); *status 404, 409 or 0 with *n.
 */
static NEOERR *
replay_since(struct req *r, struct owner_restaurant *cur, int64_t eid,
    double since, const char *local, int *status, long long *n)
{
	bool	 found, on;
	NEOERR	*err;

	*n = 0;
	if ((err = endpoint_state(r, cur, eid, &found, &on)) != STATUS_OK)
		return nerr_pass(err);
	*status = !found ? 404 : !on ? 409 : 0;
	if (*status != 0)
		return STATUS_OK;
	if ((err = db_webhook_replay_since(r->app->db, cur->id, r->user_id, eid,
	    since, local, n)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(audit_wh(r, "webhook_replay_failed", cur->id, eid,
	    json_pack("{s:I}", "count", (json_int_t)*n)));
}

/*
 * POST /owner/r/{id}/webhooks/{wid}/replay {since: the restaurant's local
 * date-time}: every delivery that failed since then. 303 with the count;
 * 404; 409 off; 422 a bad time.
 */
static NEOERR *
page_replay_since(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	char			 local[20];
	long long		 n;
	int64_t			 eid;
	int			 status;
	NEOERR			*err;

	if ((err = page_load(r, w, &cur, &eid)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if (!local_parse(req_field(r, "since"), local)) {
		if ((err = hdf_set_value(r->hdf, "Form.Errors.since",
		    "invalid_since")) == STATUS_OK)
			err = show_render(r, w, cur, eid, 422, false, NULL, NULL);
	} else if ((err = replay_since(r, cur, eid, 0, local, &status, &n)) ==
	    STATUS_OK) {
		if (status == 404)
			err = resp_error(r, w, 404);
		else if (status == 409) {
			if ((err = hdf_set_value(r->hdf, "Form.Errors.since",
			    "endpoint_disabled")) == STATUS_OK)
				err = show_render(r, w, cur, eid, 409, false,
				    NULL, NULL);
		} else
			err = back(w, cur, eid, "replayed", n);
	}
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* the API                                                              */
/* ------------------------------------------------------------------ */

/* The scope, then the path's restaurant; *cur NULL when answered. */
static NEOERR *
api_load(struct req *r, struct resp *w, const char *scope, bool body,
    struct owner_restaurant **cur, int64_t *eid)
{
	NEOERR	*err = STATUS_OK;

	*cur = NULL;
	*eid = r->nparams > 1 ? path_endpoint(r) : 0;
	if (!session_scope_or_403(r, w, scope, &err))
		return nerr_pass(err);
	if (body && (r->json == NULL || !json_is_object(r->json)))
		return nerr_pass(resp_error(r, w, 400));
	return nerr_pass(owner_restaurant(r, w, cur));
}

/* Endpoint eid as the API shows it, with status (and the secret, once). */
static NEOERR *
send_endpoint(struct req *r, struct resp *w, struct owner_restaurant *cur,
    int64_t eid, int status, const char *secret)
{
	PGresult	*res = NULL;
	json_t		*o;
	NEOERR		*err;

	if ((err = db_webhook_list(r->app->db, cur->id, r->user_id, eid,
	    &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) != 1) {
		PQclear(res);
		return nerr_pass(resp_error(r, w, 404));
	}
	o = wh_json(res, 0);
	PQclear(res);
	if (o != NULL && secret != NULL)
		json_object_set_new(o, "secret", json_string(secret));
	w->cache = "no-store";
	w->personal = true;	/* a secret, or what only its owner may see */
	return nerr_pass(json_send(w, status, o));
}

/* GET /api/v1/owner/restaurants/{id}/webhooks. 200 {items, max}; 403; 404. */
static NEOERR *
api_list(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	PGresult		*res = NULL;
	json_t			*items;
	int64_t			 eid;
	int			 i;
	NEOERR			*err;

	if ((err = api_load(r, w, "setup:read", false, &cur, &eid)) !=
	    STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if ((err = db_webhook_list(r->app->db, cur->id, r->user_id, 0, &res)) ==
	    STATUS_OK) {
		items = json_array();
		for (i = 0; i < PQntuples(res); i++)
			json_array_append_new(items, wh_json(res, i));
		err = json_send(w, 200, json_pack("{s:o,s:i}", "items", items,
		    "max", WEBHOOK_MAX_ENDPOINTS));
	}
	PQclear(res);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/*
 * POST /api/v1/owner/restaurants/{id}/webhooks {url, events, description}:
 * 201 the endpoint with its secret, given this once; 400; 403; 404; 409
 * the restaurant has WEBHOOK_MAX_ENDPOINTS; 422 by field (url: url_invalid,
 * url_scheme, url_unresolved, url_not_public; events: required,
 * unknown_event), nothing written.
 */
static NEOERR *
api_create(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	json_t			*errs = json_object();
	char			 secret[WEBHOOK_SECRET_LEN], detail[96];
	int64_t			 eid, id;
	bool			 full;
	NEOERR			*err;

	if ((err = api_load(r, w, "setup:write", true, &cur, &eid)) !=
	    STATUS_OK || cur == NULL) {
		json_decref(errs);
		return nerr_pass(err);
	}
	if ((err = create(r, r->json, cur, errs, secret, &id, &full)) ==
	    STATUS_OK) {
		if (full) {
			snprintf(detail, sizeof detail, "A restaurant has at "
			    "most %d endpoints; delete one first.",
			    WEBHOOK_MAX_ENDPOINTS);
			err = json_problem(r, w, 409, detail, errs);
			errs = NULL;
		} else if (json_object_size(errs) > 0) {
			err = json_problem(r, w, 422, NULL, errs);
			errs = NULL;
		} else
			err = send_endpoint(r, w, cur, id, 201, secret);
	}
	sodium_memzero(secret, sizeof secret);
	json_decref(errs);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* GET /api/v1/owner/restaurants/{id}/webhooks/{wid}. 200; 403; 404. */
static NEOERR *
api_get(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	int64_t			 eid;
	NEOERR			*err;

	if ((err = api_load(r, w, "setup:read", false, &cur, &eid)) !=
	    STATUS_OK || cur == NULL)
		return nerr_pass(err);
	err = send_endpoint(r, w, cur, eid, 200, NULL);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/*
 * PATCH /api/v1/owner/restaurants/{id}/webhooks/{wid} {url, events,
 * description, enabled}: what is given changes; enabled true clears the
 * failures. 200; 400; 403; 404; 422 by field.
 */
static NEOERR *
api_patch(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	json_t			*errs = json_object();
	int64_t			 eid;
	bool			 found;
	NEOERR			*err;

	if ((err = api_load(r, w, "setup:write", true, &cur, &eid)) !=
	    STATUS_OK || cur == NULL) {
		json_decref(errs);
		return nerr_pass(err);
	}
	if ((err = update(r, r->json, cur, eid, errs, &found)) == STATUS_OK) {
		if (!found)
			err = resp_error(r, w, 404);
		else if (json_object_size(errs) > 0) {
			err = json_problem(r, w, 422, NULL, errs);
			errs = NULL;
		} else
			err = send_endpoint(r, w, cur, eid, 200, NULL);
	}
	json_decref(errs);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* DELETE /api/v1/owner/restaurants/{id}/webhooks/{wid}. 204; 403; 404. */
static NEOERR *
api_delete(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	enum wh_outcome		 o;
	int64_t			 eid;
	NEOERR			*err;

	if ((err = api_load(r, w, "setup:write", false, &cur, &eid)) !=
	    STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if ((err = db_webhook_delete(r->app->db, cur->id, r->user_id, eid,
	    &o)) == STATUS_OK) {
		if (o != WH_DONE)
			err = resp_error(r, w, 404);
		else if ((err = audit_wh(r, "webhook_delete", cur->id, eid,
		    NULL)) == STATUS_OK)
			w->status = 204;
	}
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/*
 * POST /api/v1/owner/restaurants/{id}/webhooks/{wid}/rotate-secret: 200
 * the endpoint with the new secret (given this once) and
 * previous_secret_valid_until, 24 hours on; 403; 404.
 */
static NEOERR *
api_rotate(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	enum wh_outcome		 o;
	char			 secret[WEBHOOK_SECRET_LEN], until[32];
	int64_t			 eid;
	NEOERR			*err;

	if ((err = api_load(r, w, "setup:write", false, &cur, &eid)) !=
	    STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if ((err = rotate(r, cur, eid, &o, secret, until)) == STATUS_OK)
		err = o != WH_DONE ? resp_error(r, w, 404) :
		    send_endpoint(r, w, cur, eid, 200, secret);
	sodium_memzero(secret, sizeof secret);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/*
 * POST /api/v1/owner/restaurants/{id}/webhooks/{wid}/test: a webhook.test
 * event to this endpoint only. 202 {event, delivery}; 403; 404; 409 off.
 */
static NEOERR *
api_test(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	char			 ev[48], d[48];
	int64_t			 eid;
	int			 status;
	NEOERR			*err;

	if ((err = api_load(r, w, "setup:write", false, &cur, &eid)) !=
	    STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if ((err = send_test(r, cur, eid, &status, ev, d)) == STATUS_OK) {
		if (status == 404)
			err = resp_error(r, w, 404);
		else if (status == 409)
			err = json_problem(r, w, 409, "The endpoint is turned "
			    "off; turn it on first.", json_pack("{s:s}",
			    "endpoint", "endpoint_disabled"));
		else
			err = json_send(w, 202, json_pack("{s:s,s:s,s:s}",
			    "event", ev, "type", "webhook.test", "delivery", d));
	}
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* One delivery of a STMT_WH_DELIVERIES result as the API shows it. */
static json_t *
delivery_json(const PGresult *res, int i)
{
	json_error_t	 jerr;
	json_t		*o, *log, *e;
	size_t		 k;

#define OPT(col) (*db_str(res, i, col) != '\0' ? \
	json_string(db_str(res, i, col)) : json_null())
	log = json_loads(db_str(res, i, WHD_LOG), 0, &jerr);
	json_array_foreach(log, k, e)
		json_object_del(e, "at_local");
	o = json_pack("{s:s,s:{s:s,s:s},s:s,s:I,s:s,s:o,s:o,s:o,s:o,s:o,s:o}",
	    "id", db_str(res, i, WHD_ID),
	    "event", "id", db_str(res, i, WHD_EVENT),
	    "type", db_str(res, i, WHD_TYPE),
	    "status", db_str(res, i, WHD_STATUS),
	    "attempts", (json_int_t)db_int(res, i, WHD_ATTEMPTS),
	    "created_at", db_str(res, i, WHD_CREATED),
	    "finished_at", OPT(WHD_FINISHED),
	    "next_attempt_at", OPT(WHD_NEXT),
	    "last_status_code", db_null(res, i, WHD_LAST_CODE) ? json_null() :
	    json_integer(db_int(res, i, WHD_LAST_CODE)),
	    "last_error", OPT(WHD_LAST_ERROR),
	    "replay_of", OPT(WHD_REPLAY_OF),
	    "log", log != NULL ? log : json_array());
#undef OPT
	return o;
}

/*
 * GET /api/v1/owner/restaurants/{id}/webhooks/{wid}/deliveries?page=&
 * page_size=: newest first, each with its last attempts. 200 {items,
 * page, page_size, total}; 400 bad paging; 403; 404.
 */
static NEOERR *
api_deliveries(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	PGresult		*res = NULL;
	json_t			*items;
	const char		*p = req_field(r, "page"), *z = req_field(r,
				    "page_size");
	long long		 page = 1, size = PAGE_SIZE;
	int64_t			 eid;
	bool			 found, on;
	int			 i;
	NEOERR			*err;

	if ((err = api_load(r, w, "setup:read", false, &cur, &eid)) !=
	    STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if ((p != NULL && *p != '\0' && !parse_int(p, 1, 100000, &page)) ||
	    (z != NULL && *z != '\0' && !parse_int(z, 1, 100, &size))) {
		err = json_problem(r, w, 400, NULL, json_pack("{s:s}",
		    "page", "invalid"));
		goto out;
	}
	if ((err = endpoint_state(r, cur, eid, &found, &on)) != STATUS_OK)
		goto out;
	if (!found) {
		err = resp_error(r, w, 404);
		goto out;
	}
	if ((err = db_webhook_deliveries(r->app->db, cur->id, r->user_id, eid,
	    (int)page, (int)size, &res)) != STATUS_OK)
		goto out;
	items = json_array();
	for (i = 0; i < PQntuples(res); i++)
		json_array_append_new(items, delivery_json(res, i));
	w->cache = "no-store";
	err = json_send(w, 200, json_pack("{s:o,s:i,s:i,s:I}", "items", items,
	    "page", (int)page, "page_size", (int)size, "total",
	    (json_int_t)(PQntuples(res) > 0 ? db_int(res, 0, WHD_TOTAL) : 0)));
out:
	PQclear(res);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/*
 * POST /api/v1/owner/restaurants/{id}/webhooks/{wid}/deliveries/{did}/replay:
 * a new delivery of the same event, queued now. 202 {delivery, replay_of};
 * 403; 404; 409 off.
 */
static NEOERR *
api_replay(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	char			 out[48];
	int64_t			 eid;
	int			 status;
	NEOERR			*err;

	if ((err = api_load(r, w, "setup:write", false, &cur, &eid)) !=
	    STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if ((err = replay(r, cur, eid, req_param(r, 2), &status, out)) ==
	    STATUS_OK) {
		if (status == 404)
			err = resp_error(r, w, 404);
		else if (status == 409)
			err = json_problem(r, w, 409, "The endpoint is turned "
			    "off; turn it on first.", json_pack("{s:s}",
			    "endpoint", "endpoint_disabled"));
		else
			err = json_send(w, 202, json_pack("{s:s,s:s}",
			    "delivery", out, "replay_of", req_param(r, 2)));
	}
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/*
 * POST /api/v1/owner/restaurants/{id}/webhooks/{wid}/replay {since: an
 * RFC 3339 instant}: every delivery that failed since then and has no
 * replay yet, replayed once. 202 {replayed}; 400; 403; 404; 409 off;
 * 422 since.
 */
static NEOERR *
api_replay_since(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	struct start		 st;
	const char		*v;
	long long		 n;
	int64_t			 eid;
	int			 status;
	NEOERR			*err;

	if ((err = api_load(r, w, "setup:write", true, &cur, &eid)) !=
	    STATUS_OK || cur == NULL)
		return nerr_pass(err);
	v = json_string_value(json_object_get(r->json, "since"));
	if (v == NULL || !start_parse(v, &st) || !st.instant) {
		err = json_problem(r, w, 422, NULL, json_pack("{s:s}", "since",
		    v == NULL ? "required" : "invalid_since"));
	} else if ((err = replay_since(r, cur, eid, (double)st.t, NULL,
	    &status, &n)) == STATUS_OK) {
		if (status == 404)
			err = resp_error(r, w, 404);
		else if (status == 409)
			err = json_problem(r, w, 409, "The endpoint is turned "
			    "off; turn it on first.", json_pack("{s:s}",
			    "endpoint", "endpoint_disabled"));
		else
			err = json_send(w, 202, json_pack("{s:I}", "replayed",
			    (json_int_t)n));
	}
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}
