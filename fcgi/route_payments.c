/*
 * route_payments.c: the payment gateway's state as the workers share it,
 * the deposit's checkout, the diner's return from it, and its webhooks.
 */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static NEOERR	*payments_status(struct req *, struct resp *);
static NEOERR	*payments_webhook(struct req *, struct resp *);
static NEOERR	*payment_show(struct req *, struct resp *);

const struct route payments_routes[] = {
	{ HTTP_GET, "/api/v1/payments/status", ROUTE_JSON, payments_status,
	    SCOPE_PUBLIC },
	/* its own authentication: the gateway's signature */
	{ HTTP_POST, "/api/v1/payments/webhook", ROUTE_JSON, payments_webhook,
	    SCOPE_PUBLIC },
	{ HTTP_GET, "/b/:code/payment", 0, payment_show, SCOPE_NONE },
	{ 0, NULL, 0, NULL, NULL }
};

/* Seconds a webhook's timestamp may be away from our clock. */
#define WEBHOOK_TOLERANCE	300

/*
 * When the breaker entered its state, as epoch seconds (the breaker keeps
 * the monotonic clock), and the seconds until an open one lets a probe by.
 */
static void
breaker_times(const struct brk_stats *st, int64_t *since, int64_t *retry_in)
{
	int64_t	 now = brk_now_ms(), left;

	*since = (int64_t)time(NULL) - (now - st->since_ms) / 1000;
	*retry_in = 0;
	if (st->state == BRK_OPEN) {
		left = st->since_ms + st->cooldown_ms - now;
		*retry_in = left > 0 ? (left + 999) / 1000 : 0;
	}
}

json_t *
payments_status_json(void)
{
	struct brk_stats	 st;
	int64_t			 since, retry_in;
	char			 iso[32];

	brk_stats(gw_breaker(), &st);
	breaker_times(&st, &since, &retry_in);
	iso_utc(since, iso);
	return json_pack("{s:b,s:s,s:s,s:i,s:i,s:I,s:I,s:I}",
	    "configured", gw_configured(),
	    "state", brk_state_name(st.state),
	    "since", iso,
	    "failures", (int)st.failures,
	    "threshold", (int)st.threshold,
	    "cooldown_seconds", (json_int_t)(st.cooldown_ms / 1000),
	    "retry_after", (json_int_t)retry_in,
	    "opens", (json_int_t)st.opens);
}

NEOERR *
payments_status_hdf(HDF *hdf, const char *prefix)
{
	struct brk_stats	 st;
	int64_t			 since, retry_in;
	char			 iso[32];
	NEOERR			*err;

	brk_stats(gw_breaker(), &st);
	breaker_times(&st, &since, &retry_in);
	iso_utc(since, iso);
	if ((err = hdf_set_valuef(hdf, "%s.Configured=%d", prefix,
	    gw_configured() ? 1 : 0)) != STATUS_OK ||
	    (err = hdf_set_valuef(hdf, "%s.State=%s", prefix,
	    brk_state_name(st.state))) != STATUS_OK ||
	    (err = hdf_set_valuef(hdf, "%s.Since=%s", prefix, iso)) != STATUS_OK ||
	    (err = hdf_set_valuef(hdf, "%s.Failures=%u", prefix, st.failures)) !=
	    STATUS_OK ||
	    (err = hdf_set_valuef(hdf, "%s.Opens=%llu", prefix,
	    (unsigned long long)st.opens)) != STATUS_OK)
		return nerr_pass(err);
	return STATUS_OK;
}

/*
 * GET /api/v1/payments/status: whether payments are configured, and the
 * breaker's state, since when, its consecutive failures, and when an open
 * one lets a probe by. Public, no secrets; cached for 5 seconds. 200.
 */
static NEOERR *
payments_status(struct req *r, struct resp *w)
{
	(void)r;
	w->cache = "public, max-age=5";
	return nerr_pass(json_send(w, 200, payments_status_json()));
}

/* ------------------------------------------------------------------ */
/* the checkout                                                         */
/* ------------------------------------------------------------------ */

/* Seconds until an open breaker lets a probe by; 0 if it lets calls by. */
static int64_t
breaker_wait(void)
{
	struct brk_stats	 st;
	int64_t			 since, retry_in;

	if (gw_breaker() == NULL)
		return 0;
	brk_stats(gw_breaker(), &st);
	breaker_times(&st, &since, &retry_in);
	return st.state == BRK_OPEN ? retry_in : 0;
}

/*
 * Payments cannot be taken now: 503 with Retry-After, the page naming the
 * restaurant's phone, or a problem for the API.
 */
static NEOERR *
pay_unavailable(struct req *r, struct resp *w, const struct reservation *rv,
    const char *token, int64_t wait)
{
	char	 ra[24];
	NEOERR	*err;

	snprintf(ra, sizeof ra, "%lld", (long long)(wait > 0 ? wait : 30));
	w->status = 503;
	if (r->want_json) {
		resp_header(w, "Retry-After", ra);
		return nerr_pass(json_problem(r, w, 503,
		    "Payments are unavailable right now; try again in a minute, "
		    "or call the restaurant.", json_pack("{s:s,s:s}", "payment",
		    "unavailable", "restaurant_phone", rv->phone)));
	}
	resp_private(w);
	if ((err = hdf_put_reservation(r->hdf, rv, token)) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Pay.Unavailable", "1")) !=
	    STATUS_OK)
		return nerr_pass(err);
	err = session_page(r, w, "diner/payment.cs", 503);
	resp_header(w, "Retry-After", ra);
	return nerr_pass(err);
}

/* base/b/CODE/payment?t=SIGNED[&cancelled=1]: where the gateway sends the diner. */
static void
return_url(struct req *r, const struct reservation *rv, int64_t exp,
    bool cancelled, char *out, size_t sz)
{
	char	 signed_[RSV_SIGNED_MAX];

	/* a signed link that ends, never the manage token: the gateway keeps it */
	rsv_signed_token(rv->code, exp, signed_);
	snprintf(out, sz, "%s/b/%s/payment?t=%s%s", r->app->base_url, rv->code,
	    signed_, cancelled ? "&cancelled=1" : "");
}

NEOERR *
pay_checkout(struct req *r, struct resp *w, const struct reservation *rv,
    const char *token, const struct guest *g, bool *done)
{
	const struct setup	*s;
	struct deposit_due	 d;
	struct book_env		 env;
	struct payment		 p;
	struct gw_checkout	 c;
	struct gw_result	 gr;
	enum pay_start_res	 res;
	char			 ok_url[512], cancel_url[512], idem[64], name[200];
	const char		*meta[] = { "booking", rv->code, NULL };
	int64_t			 wait;
	NEOERR			*err;
	bool			 due;

	*done = false;
	if ((err = rv_deposit(r, rv, &s, &d, &due)) != STATUS_OK || !due)
		return nerr_pass(err);
	*done = true;
	/* while the breaker is open: at once, without touching anything */
	if (!gw_configured() || (wait = breaker_wait()) > 0)
		return nerr_pass(pay_unavailable(r, w, rv, token,
		    gw_configured() ? breaker_wait() : 60));
	book_env_init(r, &env);
	err = booking_pay_start(&env, rv, token, g, d.amount, d.currency,
	    conf_int(r->app->conf, "Payments.HoldMinutes", 15, 1, 60), &res, &p);
	book_env_done(&env);
	if (err != STATUS_OK)
		return nerr_pass(err);
	if (res == PAY_START_GONE) {
		if (r->want_json)
			return nerr_pass(json_problem(r, w, 410, NULL,
			    json_pack("{s:s}", "hold", "hold_expired")));
		*done = false;	/* the caller shows the hold as expired */
		return STATUS_OK;
	}
	/* the guest's limit of bookings, as when a hold is confirmed */
	if (res == PAY_START_GUEST_LIMIT) {
		if (r->want_json)
			return nerr_pass(json_problem(r, w, 429, render_lang(r->app,
			    "Error.guest_limit"), json_pack("{s:s}", "email",
			    "guest_limit")));
		if ((err = hdf_set_value(r->hdf, "Form.Errors.email",
		    "guest_limit")) != STATUS_OK)
			return nerr_pass(err);
		return nerr_pass(details_render(r, w, rv, token, 429));
	}
	if (res == PAY_START_NEW || (res == PAY_START_OPEN &&
	    p.session_id[0] == '\0')) {
		return_url(r, rv, p.expires_at + 86400, false, ok_url,
		    sizeof ok_url);
		return_url(r, rv, p.expires_at + 86400, true, cancel_url,
		    sizeof cancel_url);
		snprintf(idem, sizeof idem, "checkout:%s", rv->code);
		snprintf(name, sizeof name, "Deposit: %s, %s %s",
		    rv->restaurant, rv->local_date, rv->local_time);
		memset(&c, 0, sizeof c);
		c.amount = p.amount;
		c.currency = p.currency;
		c.name = name;
		c.success_url = ok_url;
		c.cancel_url = cancel_url;
		c.client_reference = rv->code;
		c.meta = meta;
		if (gw_checkout_create(&c, idem, &gr) != GW_OK) {
			log_warn("checkout of %s: %s %d %s", rv->code,
			    gw_outcome_name(gr.outcome), gr.http_status,
			    gr.error_code);
			return nerr_pass(pay_unavailable(r, w, rv, token,
			    breaker_wait()));
		}
		if ((err = db_payment_session_set(r->app->db, p.id, gr.obj.id,
		    gr.obj.url, gr.obj.payment_intent)) != STATUS_OK)
			return nerr_pass(err);
		snprintf(p.session_id, sizeof p.session_id, "%s", gr.obj.id);
		snprintf(p.checkout_url, sizeof p.checkout_url, "%s", gr.obj.url);
	}
	if (r->want_json) {
		char	 exp[32];

		iso_utc(p.expires_at, exp);
		return nerr_pass(json_send(w, res == PAY_START_PAID ? 200 : 202,
		    json_pack("{s:s,s:s,s:s,s:s,s:I,s:s,s:s}", "code", rv->code,
		    "status", res == PAY_START_PAID ? "paid" : "awaiting_payment",
		    "checkout_url", p.checkout_url, "hold_expires_at", exp,
		    "amount", (json_int_t)p.amount, "currency", p.currency,
		    "token", token)));
	}
	if (res == PAY_START_PAID) {
		snprintf(ok_url, sizeof ok_url, "/b/%s?t=%s", rv->code, token);
		return nerr_pass(resp_redirect(w, 303, ok_url));
	}
	return nerr_pass(resp_redirect(w, 303, p.checkout_url));
}

NEOERR *
pay_under_way(struct req *r, struct resp *w, const struct reservation *rv,
    const char *token, bool *done)
{
	struct payment	 p;
	char		 loc[200];
	bool		 found;
	NEOERR		*err;

	*done = false;
	if ((err = db_payment_get(r->app->db, rv->id, &p, &found)) != STATUS_OK ||
	    !found || strcmp(p.status, "open") != 0)
		return nerr_pass(err);
	*done = true;
	snprintf(loc, sizeof loc, "/b/%s/payment?t=%s", rv->code, token);
	return nerr_pass(resp_redirect(w, 303, loc));
}

NEOERR *
pay_json(struct req *r, const struct reservation *rv, json_t *o)
{
	struct payment	 p;
	bool		 found;
	NEOERR		*err;

	if (o == NULL)
		return STATUS_OK;
	if ((err = db_payment_get(r->app->db, rv->id, &p, &found)) != STATUS_OK)
		return nerr_pass(err);
	if (!found) {
		json_object_set_new(o, "payment", json_null());
		return STATUS_OK;
	}
	if (rv->status == RSV_HELD && strcmp(p.status, "open") == 0)
		json_object_set_new(o, "status", json_string("awaiting_payment"));
	json_object_set_new(o, "payment", json_pack("{s:s,s:I,s:s,s:I,s:s?}",
	    "status", p.status, "amount", (json_int_t)p.amount, "currency",
	    p.currency, "refunded", (json_int_t)p.refunded, "checkout_url",
	    strcmp(p.status, "open") == 0 && p.checkout_url[0] != '\0' ?
	    p.checkout_url : NULL));
	return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* the diner's return                                                   */
/* ------------------------------------------------------------------ */

/*
 * GET /b/{code}/payment?t=[&cancelled=1]: where the gateway sends the
 * diner back. A payment still open is asked about at the gateway (the
 * diner may be back before the webhook); paid: 303 to the booking. Else
 * 200, the booking awaiting its payment with a link back to the checkout
 * (or 410 once the hold is gone). 404 wrong code or token.
 */
static NEOERR *
payment_show(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	struct payment		 p;
	const char		*token;
	char			 res[16], domain[256], loc[200], money[64];
	int64_t			 rid;
	bool			 found = false;
	NEOERR			*err;
	int			 status = 200;

	if ((err = book_load(r, &rv, &token)) != STATUS_OK)
		return nerr_pass(err);
	if (rv == NULL || (err = db_payment_get(r->app->db, rv->id, &p,
	    &found)) != STATUS_OK || !found) {
		if (err == STATUS_OK)
			err = resp_error(r, w, 404);
		goto out;
	}
	if (strcmp(p.status, "open") == 0 && p.session_id[0] != '\0' &&
	    req_field(r, "cancelled") == NULL && breaker_wait() == 0) {
		outbox_domain(r->app->base_url, domain, sizeof domain);
		if ((err = pay_reconcile(r->app->db, p.session_id, domain, res,
		    &rid)) != STATUS_OK)
			goto out;
		if (strcmp(res, "confirmed") == 0)
			outbox_queued(r->app->db);
	}
	/*
	 * As they are now, the payment read before the booking: pay_settle
	 * changes both in one transaction, so a settled payment read here
	 * always comes with its booking's new status (the other order could
	 * pair a paid payment with the hold it was).
	 */
	rid = rv->id;
	if ((err = db_payment_get(r->app->db, rid, &p, &found)) != STATUS_OK)
		goto out;
	db_reservation_free(rv);
	rv = NULL;
	if ((err = book_load(r, &rv, &token)) != STATUS_OK)
		goto out;
	if (rv == NULL || !found) {
		err = resp_error(r, w, 404);
		goto out;
	}
	if (rv->status != RSV_HELD && rv->status != RSV_EXPIRED) {
		snprintf(loc, sizeof loc, "/b/%s?t=%s%s", rv->code, token,
		    strcmp(p.status, "paid") == 0 ? "&new=1" : "");
		err = resp_redirect(w, 303, loc);
		goto out;
	}
	resp_private(w);
	money_lang(r, p.amount, p.currency, p.exponent, money, sizeof money);
	if (rv->status == RSV_EXPIRED || rv->hold_expires <= rv->now ||
	    strcmp(p.status, "open") != 0) {
		rv->hold_expires = rv->now;
		status = 410;
	}
	if ((err = hdf_put_reservation(r->hdf, rv, token)) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Pay.Status", status == 410 ?
	    "expired" : "awaiting_payment")) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Pay.Url", p.checkout_url)) !=
	    STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Pay.Cancelled",
	    req_field(r, "cancelled") != NULL ? "1" : "0")) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Pay.Amount", money)) != STATUS_OK)
		goto out;
	err = session_page(r, w, "diner/payment.cs", status);
out:
	db_reservation_free(rv);
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* webhooks                                                             */
/* ------------------------------------------------------------------ */

/*
 * POST /api/v1/payments/webhook: an event from the gateway, signed in
 * Stripe-Signature (t=TS,v1=HEX...; HMAC-SHA256 of "TS.BODY" with
 * Payments.WebhookSecret, within 300 s). checkout.session.completed
 * (paid), checkout.session.expired and payment_intent.payment_failed
 * settle the payment (pay_settle), once per event id; others are
 * ignored. 200 once the change is committed (a repeated event: 200, no
 * change); 400 a bad or old signature, an amount or currency that is not
 * the payment's, or no event; 503 payments not configured.
 */
static NEOERR *
payments_webhook(struct req *r, struct resp *w)
{
	const unsigned char	*secret;
	const json_t		*o;
	const char		*id, *type, *session = NULL, *intent = NULL,
				*outcome = NULL, *cur = "", *ps;
	char			 res[16], domain[256];
	json_int_t		 amount = 0;
	int64_t			 rid;
	size_t			 slen;
	bool			 verify = true;
	NEOERR			*err;

	secret = gw_webhook_secret(&slen);
#ifdef STOLIK_TEST_HOOKS
	{
		const char	*u = req_header(r, "HTTP_X_STOLIK_TEST_UNSAFE");

		/* the negative control: never in a release build */
		if (u != NULL && strcmp(u, "webhook-signature") == 0)
			verify = false;
	}
#endif
	if (secret == NULL)
		return nerr_pass(resp_error(r, w, 503));
	if (verify && !pay_signature_ok(req_header(r, "HTTP_STRIPE_SIGNATURE"),
	    r->body != NULL ? r->body : "", r->bodylen, secret, slen,
	    (int64_t)time(NULL), WEBHOOK_TOLERANCE)) {
		log_warn("webhook: bad or old signature");
		return nerr_pass(json_problem(r, w, 400,
		    "The signature is missing, wrong or too old.", NULL));
	}
	id = json_string_value(json_object_get(r->json, "id"));
	type = json_string_value(json_object_get(r->json, "type"));
	o = json_object_get(json_object_get(r->json, "data"), "object");
	if (id == NULL || type == NULL || !json_is_object(o) || strlen(id) > 255)
		return nerr_pass(json_problem(r, w, 400, "Not an event.", NULL));
	if (strcmp(type, "checkout.session.completed") == 0) {
		session = json_string_value(json_object_get(o, "id"));
		intent = json_string_value(json_object_get(o, "payment_intent"));
		amount = json_integer_value(json_object_get(o, "amount_total"));
		cur = json_string_value(json_object_get(o, "currency"));
		if ((ps = json_string_value(json_object_get(o,
		    "payment_status"))) != NULL && strcmp(ps, "paid") == 0)
			outcome = "paid";
	} else if (strcmp(type, "checkout.session.expired") == 0) {
		session = json_string_value(json_object_get(o, "id"));
		outcome = "expired";
	} else if (strcmp(type, "payment_intent.payment_failed") == 0) {
		session = json_string_value(json_object_get(o,
		    "checkout_session"));
		intent = json_string_value(json_object_get(o, "id"));
		outcome = "failed";
	}
	if (outcome == NULL || (session == NULL && intent == NULL))
		return nerr_pass(json_send(w, 200, json_pack("{s:b}", "ignored",
		    1)));
	outbox_domain(r->app->base_url, domain, sizeof domain);
	if ((err = db_begin(r->app->db)) != STATUS_OK)
		return nerr_pass(err);
	err = db_payment_settle(r->app->db, session, intent, outcome,
	    (int64_t)amount, cur != NULL ? cur : "", id, type, domain, res,
	    &rid);
	if (err != STATUS_OK) {
		db_rollback(r->app->db);
		return nerr_pass(err);
	}
	if (strcmp(res, "mismatch") == 0) {
		db_rollback(r->app->db);
		log_warn("webhook %s: amount or currency not the payment's", id);
		return nerr_pass(json_problem(r, w, 400,
		    "The amount or currency is not the payment's.", NULL));
	}
	if ((err = db_commit(r->app->db)) != STATUS_OK)
		return nerr_pass(err);
	if (strcmp(res, "confirmed") == 0)
		outbox_queued(r->app->db);
	log_info("webhook %s %s: %s (booking %lld)", id, type, res,
	    (long long)rid);
	return nerr_pass(json_send(w, 200, json_pack("{s:s}", "result", res)));
}
