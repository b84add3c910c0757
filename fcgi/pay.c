/*
 * pay.c: a booking's deposit payment as the pages and the API show it:
 * the gateway's state, the checkout, a payment under way, the payment in
 * a booking's JSON. Shared by route_book.c, route_payments.c, route_admin.c
 * and route_test.c, which don't call one another.
 */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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


/* ------------------------------------------------------------------ */
/* the checkout                                                         */
/* ------------------------------------------------------------------ */

/* Seconds until an open breaker lets a probe by; 0 if it lets calls by. */
int64_t
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
			return nerr_pass(json_problem(r, w, 429, render_text(r,
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
