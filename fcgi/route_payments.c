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
