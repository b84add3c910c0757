/* route_payments.c: the payment gateway's state as the workers share it. */
#include "app.h"

#include <time.h>

static NEOERR	*payments_status(struct req *, struct resp *);

const struct route payments_routes[] = {
	{ HTTP_GET, "/api/v1/payments/status", ROUTE_JSON, payments_status,
	    SCOPE_PUBLIC },
	{ 0, NULL, 0, NULL, NULL }
};

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
