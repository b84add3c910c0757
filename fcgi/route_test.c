/* route_test.c: routes that exist only in --enable-test-hooks builds, for the HTTP tests. */
#include "app.h"

#ifdef STOLIK_TEST_HOOKS

#include <string.h>
#include <unistd.h>

static NEOERR	*test_form(struct req *, struct resp *);
static NEOERR	*test_echo(struct req *, struct resp *);
static NEOERR	*test_auth(struct req *, struct resp *);
static NEOERR	*test_fail(struct req *, struct resp *);
static NEOERR	*test_leak_tx(struct req *, struct resp *);
static NEOERR	*test_pid(struct req *, struct resp *);
static NEOERR	*test_sleep(struct req *, struct resp *);
static NEOERR	*test_routes_list(struct req *, struct resp *);
static NEOERR	*test_gateway(struct req *, struct resp *);

const struct route test_routes[] = {
	{ HTTP_GET, "/__test/form", 0, test_form, SCOPE_NONE },
	{ HTTP_POST, "/__test/echo", ROUTE_FORM, test_echo, SCOPE_NONE },
	{ HTTP_POST, "/__test/echo-csrf", ROUTE_FORM | ROUTE_CSRF, test_echo,
	    SCOPE_NONE },
	{ HTTP_POST, "/__test/json", ROUTE_JSON, test_echo, SCOPE_PUBLIC },
	{ HTTP_GET, "/__test/auth", ROUTE_AUTH, test_auth, SCOPE_NONE },
	{ HTTP_GET, "/__test/fail", 0, test_fail, SCOPE_NONE },
	{ HTTP_GET, "/__test/leak-tx", 0, test_leak_tx, SCOPE_NONE },
	{ HTTP_GET, "/__test/pid", 0, test_pid, SCOPE_NONE },
	{ HTTP_GET, "/__test/sleep", 0, test_sleep, SCOPE_NONE },
	/* the test stack's nginx gives these a 1 s read timeout (504) */
	{ HTTP_GET, "/__test/slow", 0, test_sleep, SCOPE_NONE },
	{ HTTP_GET, "/api/__test/slow", 0, test_sleep, SCOPE_NONE },
	/* and these a limit of one a minute (429) */
	{ HTTP_GET, "/__test/limited", 0, test_pid, SCOPE_NONE },
	{ HTTP_GET, "/api/__test/limited", 0, test_pid, SCOPE_NONE },
	{ HTTP_GET, "/__test/routes", 0, test_routes_list, SCOPE_NONE },
	{ HTTP_POST, "/__test/gateway", ROUTE_JSON, test_gateway, SCOPE_NONE },
	{ 0, NULL, 0, NULL, NULL }
};

/* GET /__test/form: a CSRF token for this browser (sets the bid cookie). */
static NEOERR *
test_form(struct req *r, struct resp *w)
{
	NEOERR	*err;

	if ((err = session_csrf(r, w)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(json_send(w, 200, json_pack("{s:s}", "csrf",
	    hdf_get_value(r->hdf, "Session.Csrf", ""))));
}

/* POST /__test/echo: the top-level form fields (or the JSON body) back. */
static NEOERR *
test_echo(struct req *r, struct resp *w)
{
	json_t	*o;
	HDF	*q;

	if (r->json != NULL)
		return nerr_pass(json_send(w, 200, json_pack("{s:O}", "json",
		    r->json)));
	o = json_object();
	for (q = hdf_obj_child(hdf_get_obj(r->hdf, "Query")); q != NULL;
	    q = hdf_obj_next(q))
		if (hdf_obj_value(q) != NULL)
			json_object_set_new(o, hdf_obj_name(q),
			    json_string(hdf_obj_value(q)));
	return nerr_pass(json_send(w, 200, json_pack("{s:o}", "form", o)));
}

/* GET /__test/auth: which user the session cookie names. */
static NEOERR *
test_auth(struct req *r, struct resp *w)
{
	return nerr_pass(json_send(w, 200, json_pack("{s:I}", "user_id",
	    (json_int_t)r->user_id)));
}

/* GET /__test/fail: a system failure inside a handler (answers 500). */
static NEOERR *
test_fail(struct req *r, struct resp *w)
{
	hdf_set_value(r->hdf, "Page.Secret", "must not leak into the next request");
	return nerr_raise(ERR_DB, "deliberate failure at /__test/fail");
}

/* GET /__test/leak-tx: a buggy handler that leaves a transaction open. */
static NEOERR *
test_leak_tx(struct req *r, struct resp *w)
{
	NEOERR	*err;

	if ((err = db_begin(r->app->db)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(json_send(w, 200, json_pack("{s:b}", "open", 1)));
}

/* GET /__test/pid: which worker answered, and its reconnect count. */
static NEOERR *
test_pid(struct req *r, struct resp *w)
{
	return nerr_pass(json_send(w, 200, json_pack("{s:i,s:I,s:b}", "pid",
	    (int)getpid(), "reconnects", (json_int_t)r->app->db->reconnects,
	    "secret_leaked", hdf_get_value(r->hdf, "Page.Secret", NULL) != NULL)));
}

/* GET /__test/routes: the router's table, for the OpenAPI and CSRF checks. */
static NEOERR *
test_routes_list(struct req *r, struct resp *w)
{
	const struct route	*rt;
	json_t			*a = json_array(), *m;
	size_t			 it = 0;

	while ((rt = route_next(&it)) != NULL) {
		m = json_array();
		if (rt->methods & HTTP_GET)
			json_array_append_new(m, json_string("GET"));
		if (rt->methods & HTTP_POST)
			json_array_append_new(m, json_string("POST"));
		if (rt->methods & HTTP_PUT)
			json_array_append_new(m, json_string("PUT"));
		if (rt->methods & HTTP_PATCH)
			json_array_append_new(m, json_string("PATCH"));
		if (rt->methods & HTTP_DELETE)
			json_array_append_new(m, json_string("DELETE"));
		json_array_append_new(a, json_pack("{s:o,s:s,s:s?,s:b,s:b,s:b,s:b,s:b,"
		    "s:b}", "methods", m, "pattern", rt->pattern, "scope", rt->scope,
		    "json", (rt->flags & ROUTE_JSON) != 0,
		    "form", (rt->flags & ROUTE_FORM) != 0,
		    "csrf", (rt->flags & ROUTE_CSRF) != 0,
		    "auth", (rt->flags & ROUTE_AUTH) != 0,
		    "owner", (rt->flags & ROUTE_OWNER) != 0,
		    "admin", (rt->flags & ROUTE_ADMIN) != 0));
	}
	return nerr_pass(json_send(w, 200, json_pack("{s:o}", "routes", a)));
}

/* GET /__test/sleep?ms=N: a slow request, for graceful-stop tests. */
static NEOERR *
test_sleep(struct req *r, struct resp *w)
{
	long long	 ms = 0;

	if (!parse_int(req_field(r, "ms"), 0, 10000, &ms))
		return nerr_pass(resp_error(r, w, 400));
	usleep((useconds_t)ms * 1000);
	return nerr_pass(json_send(w, 200, json_pack("{s:I,s:i}", "slept",
	    (json_int_t)ms, "pid", (int)getpid())));
}

/* A string member of the body, or def when absent or not a string. */
static const char *
jstr(json_t *j, const char *name, const char *def)
{
	json_t	*v = json_object_get(j, name);

	return json_is_string(v) ? json_string_value(v) : def;
}

/*
 * POST /__test/gateway {action, ...}: one call of the gateway client
 * (lib/gateway.c) as the app would make it, and what came of it.
 * action: create {amount, currency, reference, success_url, cancel_url,
 * name, key}, get {id}, expire {id, key}, intent {id}, refund
 * {payment_intent, amount, key}, breaker (its state), breaker-reset.
 * "key": null sends a POST without an Idempotency-Key. 200; 400 for an
 * unknown action.
 */
static NEOERR *
test_gateway(struct req *r, struct resp *w)
{
	struct gw_result	 res;
	struct gw_checkout	 c;
	const char		*action = jstr(r->json, "action", "");
	const char		*key, *meta[] = { "booking", NULL, NULL };
	json_t			*k, *o;
	int64_t			 t0;

	memset(&res, 0, sizeof res);
	k = json_object_get(r->json, "key");
	key = k != NULL && json_is_null(k) ? NULL : jstr(r->json, "key",
	    "test-key");
	t0 = brk_now_ms();
	if (strcmp(action, "create") == 0) {
		memset(&c, 0, sizeof c);
		c.amount = json_integer_value(json_object_get(r->json, "amount"));
		c.currency = jstr(r->json, "currency", "EUR");
		c.name = jstr(r->json, "name", "Deposit");
		c.success_url = jstr(r->json, "success_url",
		    "http://127.0.0.1/pay/ok?session={CHECKOUT_SESSION_ID}");
		c.cancel_url = jstr(r->json, "cancel_url",
		    "http://127.0.0.1/pay/cancel");
		c.client_reference = jstr(r->json, "reference", "TESTCODE");
		meta[1] = c.client_reference;
		c.meta = meta;
		gw_checkout_create(&c, key, &res);
	} else if (strcmp(action, "get") == 0)
		gw_checkout_get(jstr(r->json, "id", ""), &res);
	else if (strcmp(action, "expire") == 0)
		gw_checkout_expire(jstr(r->json, "id", ""), key, &res);
	else if (strcmp(action, "intent") == 0)
		gw_intent_get(jstr(r->json, "id", ""), &res);
	else if (strcmp(action, "refund") == 0)
		gw_refund_create(jstr(r->json, "payment_intent", ""),
		    json_integer_value(json_object_get(r->json, "amount")), key,
		    &res);
	else if (strcmp(action, "breaker-reset") == 0) {
		brk_reset(gw_breaker(), brk_now_ms());
		return nerr_pass(json_send(w, 200, payments_status_json()));
	} else if (strcmp(action, "breaker") == 0)
		return nerr_pass(json_send(w, 200, payments_status_json()));
	else
		return nerr_pass(resp_error(r, w, 400));
	o = json_pack("{s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s}",
	    "object", res.obj.object, "id", res.obj.id,
	    "status", res.obj.status, "payment_status", res.obj.payment_status,
	    "amount", (json_int_t)res.obj.amount, "currency", res.obj.currency,
	    "payment_intent", res.obj.payment_intent,
	    "client_reference", res.obj.client_reference, "url", res.obj.url);
	return nerr_pass(json_send(w, 200, json_pack("{s:s,s:i,s:s,s:s,s:i,s:b,"
	    "s:I,s:i,s:o*}", "outcome", gw_outcome_name(res.outcome),
	    "http_status", res.http_status, "error_code", res.error_code,
	    "error_message", res.error_message, "attempts", (int)res.attempts,
	    "rejected", res.rejected, "elapsed_ms",
	    (json_int_t)(brk_now_ms() - t0), "pid", (int)getpid(),
	    "object", o)));
}

#endif
