/*
 * check_gateway.c: unit tests of lib/gateway.c (form bodies, answers, the
 * retry rules) and lib/breaker.c (the state machine on a clock of our own).
 */
#include "stolik.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>
#include <curl/curl.h>
#include <sodium.h>

static void
setup(void)
{
	ck_assert_ptr_null(err_init());
	ck_assert_int_ge(sodium_init(), 0);
}

/* ------------------------------------------------------------------ */
/* form bodies                                                          */
/* ------------------------------------------------------------------ */

START_TEST(test_form_checkout)
{
	const char		*meta[] = { "booking", "AB12&x=1", NULL };
	struct gw_checkout	 c = { 2500, "EUR", "Deposit for 4",
	    "https://stolik.test/pay/ok?b=AB12&s={CHECKOUT_SESSION_ID}",
	    "https://stolik.test/pay/cancel", "AB12", meta, 0 };
	STRING			 s;

	string_init(&s);
	ck_assert(gw_checkout_form(&c, &s));
	ck_assert_str_eq(s.buf,
	    "mode=payment"
	    "&line_items%5B0%5D%5Bquantity%5D=1"
	    "&line_items%5B0%5D%5Bprice_data%5D%5Bcurrency%5D=eur"
	    "&line_items%5B0%5D%5Bprice_data%5D%5Bunit_amount%5D=2500"
	    "&line_items%5B0%5D%5Bprice_data%5D%5Bproduct_data%5D%5Bname%5D="
	    "Deposit%20for%204"
	    "&success_url=https%3A%2F%2Fstolik.test%2Fpay%2Fok%3Fb%3DAB12%26s%3D"
	    "%7BCHECKOUT_SESSION_ID%7D"
	    "&cancel_url=https%3A%2F%2Fstolik.test%2Fpay%2Fcancel"
	    "&client_reference_id=AB12"
	    "&payment_intent_data%5Bmetadata%5D%5Bbooking%5D=AB12"
	    "&metadata%5Bbooking%5D=AB12%26x%3D1");
	string_clear(&s);
}
END_TEST

START_TEST(test_form_refused)
{
	struct gw_checkout	 ok = { 100, "usd", NULL, "https://a/ok",
	    "https://a/no", "CODE", NULL, 0 };
	struct gw_checkout	 c;
	STRING			 s;

	string_init(&s);
	ck_assert(gw_checkout_form(&ok, &s));
	ck_assert_ptr_nonnull(strstr(s.buf, "currency%5D=usd&"));
	ck_assert_ptr_nonnull(strstr(s.buf, "%5Bname%5D=Deposit&"));
	string_clear(&s);
	c = ok;
	c.amount = 0;
	ck_assert(!gw_checkout_form(&c, &s));
	c = ok;
	c.amount = -5;
	ck_assert(!gw_checkout_form(&c, &s));
	c = ok;
	c.currency = "EU";
	ck_assert(!gw_checkout_form(&c, &s));
	c.currency = "E1R";
	ck_assert(!gw_checkout_form(&c, &s));
	c.currency = "EURO";
	ck_assert(!gw_checkout_form(&c, &s));
	c = ok;
	c.success_url = "";
	ck_assert(!gw_checkout_form(&c, &s));
	c = ok;
	c.client_reference = NULL;
	ck_assert(!gw_checkout_form(&c, &s));
	string_clear(&s);
}
END_TEST

/* ------------------------------------------------------------------ */
/* answers                                                              */
/* ------------------------------------------------------------------ */

START_TEST(test_parse_session)
{
	static const char	 j[] = "{\"id\":\"cs_test_1\",\"object\":"
	    "\"checkout.session\",\"status\":\"open\",\"payment_status\":"
	    "\"unpaid\",\"amount_total\":9007199254740993,\"currency\":\"EUR\","
	    "\"payment_intent\":\"pi_1\",\"client_reference_id\":\"AB12\","
	    "\"url\":\"https://pay.test/cs_test_1\",\"metadata\":{\"x\":1}}";
	struct gw_object	 o;

	ck_assert(gw_parse_object(j, sizeof j - 1, &o));
	ck_assert_str_eq(o.id, "cs_test_1");
	ck_assert_str_eq(o.object, "checkout.session");
	ck_assert_str_eq(o.status, "open");
	ck_assert_str_eq(o.payment_status, "unpaid");
	ck_assert(o.amount == 9007199254740993LL);	/* past a double's 2^53 */
	ck_assert_str_eq(o.currency, "eur");
	ck_assert_str_eq(o.payment_intent, "pi_1");
	ck_assert_str_eq(o.client_reference, "AB12");
	ck_assert_str_eq(o.url, "https://pay.test/cs_test_1");
}
END_TEST

START_TEST(test_parse_others)
{
	static const char	 pi[] = "{\"id\":\"pi_1\",\"object\":"
	    "\"payment_intent\",\"status\":\"succeeded\",\"amount\":2500,"
	    "\"currency\":\"uah\",\"payment_intent\":null}";
	static const char	 exp[] = "{\"id\":\"cs_2\",\"payment_intent\":"
	    "{\"id\":\"pi_2\",\"status\":\"succeeded\"}}";
	struct gw_object	 o;

	ck_assert(gw_parse_object(pi, sizeof pi - 1, &o));
	ck_assert_str_eq(o.object, "payment_intent");
	ck_assert(o.amount == 2500);
	ck_assert_str_eq(o.currency, "uah");
	ck_assert_str_eq(o.payment_intent, "");
	ck_assert(gw_parse_object(exp, sizeof exp - 1, &o));
	ck_assert_str_eq(o.payment_intent, "pi_2");
}
END_TEST

START_TEST(test_parse_refused)
{
	static const char *const bad[] = {
		"",
		"{\"id\": \"cs_1\", \"status\": ",	/* cut short */
		"[]",
		"{}",
		"{\"id\":17}",
		"{\"id\":\"\"}",
		"{\"id\":\"cs_1\",\"amount_total\":25.5}",	/* never a float */
		"{\"id\":\"cs_1\",\"amount_total\":\"2500\"}",
		"{\"id\":\"cs_1\",\"amount_total\":-1}",
		"{\"id\":\"cs_1\",\"currency\":\"euro\"}",
		"{\"id\":\"cs_1\",\"status\":[]}",
		"{\"id\":\"cs_1\",\"id\":\"cs_2\"}",		/* duplicate keys */
		"{\"id\":\"cs_1\",\"status\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}",
		"{\"id\":\"cs_\\u0000x\"}",			/* a NUL inside */
		NULL
	};
	struct gw_object	 o;
	int			 i;

	for (i = 0; bad[i] != NULL; i++) {
		ck_assert_msg(!gw_parse_object(bad[i], strlen(bad[i]), &o),
		    "accepted %s", bad[i]);
		ck_assert_str_eq(o.id, "");
	}
	ck_assert(!gw_parse_object(NULL, 0, &o));
}
END_TEST

START_TEST(test_parse_error)
{
	static const char	 e1[] = "{\"error\":{\"type\":\"card_error\","
	    "\"code\":\"card_declined\",\"message\":\"Your card was declined.\"}}";
	static const char	 e2[] = "{\"error\":{\"type\":\"idempotency_error\"}}";
	struct gw_result	 r;

	memset(&r, 0, sizeof r);
	gw_parse_error(e1, sizeof e1 - 1, &r);
	ck_assert_str_eq(r.error_code, "card_declined");
	ck_assert_str_eq(r.error_message, "Your card was declined.");
	gw_parse_error(e2, sizeof e2 - 1, &r);
	ck_assert_str_eq(r.error_code, "idempotency_error");
	r.http_status = 418;
	gw_parse_error("<html>", 6, &r);
	ck_assert_str_eq(r.error_code, "http_418");
}
END_TEST

/* ------------------------------------------------------------------ */
/* retries                                                              */
/* ------------------------------------------------------------------ */

START_TEST(test_retryable)
{
	/* GETs: connection errors, timeouts, 429 and 5xx */
	ck_assert(gw_retryable(CURLE_COULDNT_CONNECT, 0, false, false));
	ck_assert(gw_retryable(CURLE_OPERATION_TIMEDOUT, 0, false, false));
	ck_assert(gw_retryable(CURLE_RECV_ERROR, 0, false, false));
	ck_assert(gw_retryable(CURLE_GOT_NOTHING, 0, false, false));
	ck_assert(gw_retryable(CURLE_OK, 429, false, false));
	ck_assert(gw_retryable(CURLE_OK, 500, false, false));
	ck_assert(gw_retryable(CURLE_OK, 503, false, false));
	ck_assert(!gw_retryable(CURLE_OK, 200, false, false));
	ck_assert(!gw_retryable(CURLE_OK, 400, false, false));
	ck_assert(!gw_retryable(CURLE_OK, 404, false, false));
	ck_assert(!gw_retryable(CURLE_OK, 409, false, false));
	ck_assert(!gw_retryable(CURLE_WRITE_ERROR, 0, false, false));
	ck_assert(!gw_retryable(CURLE_PEER_FAILED_VERIFICATION, 0, false, false));
	/* a POST only with a key */
	ck_assert(gw_retryable(CURLE_OK, 502, true, true));
	ck_assert(gw_retryable(CURLE_OPERATION_TIMEDOUT, 0, true, true));
	ck_assert(!gw_retryable(CURLE_OK, 502, true, false));
	ck_assert(!gw_retryable(CURLE_OPERATION_TIMEDOUT, 0, true, false));
	ck_assert(!gw_retryable(CURLE_COULDNT_CONNECT, 0, true, false));
}
END_TEST

START_TEST(test_backoff)
{
	int	 i, d;

	for (i = 0; i < 200; i++) {
		d = gw_backoff_ms(200, 1);
		ck_assert_int_ge(d, 100);
		ck_assert_int_le(d, 200);
		d = gw_backoff_ms(200, 3);
		ck_assert_int_ge(d, 400);
		ck_assert_int_le(d, 800);
		d = gw_backoff_ms(200, 40);
		ck_assert_int_le(d, 60000);
	}
}
END_TEST

/* Unconfigured: every call is unavailable at once, without a request. */
START_TEST(test_unconfigured)
{
	struct gw_result	 r;

	ck_assert(!gw_configured());
	ck_assert_int_eq(gw_checkout_get("cs_1", &r), GW_UNAVAILABLE);
	ck_assert_str_eq(r.error_code, "not_configured");
	ck_assert_uint_eq(r.attempts, 0);
	ck_assert_int_eq(gw_checkout_get("../x", &r), GW_DECLINED);
	ck_assert_str_eq(r.error_code, "invalid_id");
	ck_assert_int_eq(gw_refund_create("pi_1", -1, "k", &r), GW_DECLINED);
}
END_TEST

/* ------------------------------------------------------------------ */
/* the breaker, on a clock of our own                                   */
/* ------------------------------------------------------------------ */

START_TEST(test_breaker_opens)
{
	struct breaker	*b = brk_create(5, 30000);
	struct brk_stats st;
	int		 i;

	ck_assert_ptr_nonnull(b);
	brk_reset(b, 1000);
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(brk_allow(b, 1000 + i), BRK_PASS);
		brk_record(b, true, false, 1000 + i);
	}
	/* a success sets the count back */
	brk_record(b, false, false, 1010);
	brk_stats(b, &st);
	ck_assert_int_eq(st.state, BRK_CLOSED);
	ck_assert_uint_eq(st.failures, 0);
	for (i = 0; i < 5; i++) {
		ck_assert_int_eq(brk_allow(b, 2000), BRK_PASS);
		brk_record(b, true, false, 2000 + i);
	}
	brk_stats(b, &st);
	ck_assert_int_eq(st.state, BRK_OPEN);
	ck_assert(st.since_ms == 2004);
	ck_assert_uint_eq(st.opens, 1);
	ck_assert_str_eq(brk_state_name(st.state), "open");
	/* open: nothing goes until the cool-down has passed */
	ck_assert_int_eq(brk_allow(b, 2004), BRK_REJECT);
	ck_assert_int_eq(brk_allow(b, 2004 + 29999), BRK_REJECT);
	/* late failures of calls already made do not open it twice */
	brk_record(b, true, false, 2100);
	brk_stats(b, &st);
	ck_assert_uint_eq(st.opens, 1);
	/* a late success does not close it either */
	brk_record(b, false, false, 2200);
	brk_stats(b, &st);
	ck_assert_int_eq(st.state, BRK_OPEN);
	brk_destroy(b);
}
END_TEST

START_TEST(test_breaker_half_open)
{
	struct breaker	*b = brk_create(3, 1000);
	struct brk_stats st;
	int		 i;

	brk_reset(b, 0);
	for (i = 0; i < 3; i++)
		brk_record(b, true, false, 10);
	ck_assert_int_eq(brk_allow(b, 500), BRK_REJECT);
	/* after the cool-down, one probe; everyone else still fails fast */
	ck_assert_int_eq(brk_allow(b, 1010), BRK_PROBE);
	for (i = 0; i < 10; i++)
		ck_assert_int_eq(brk_allow(b, 1011 + i), BRK_REJECT);
	brk_stats(b, &st);
	ck_assert_int_eq(st.state, BRK_HALF_OPEN);
	/* the probe fails: open again for a whole cool-down */
	brk_record(b, true, true, 1200);
	brk_stats(b, &st);
	ck_assert_int_eq(st.state, BRK_OPEN);
	ck_assert_uint_eq(st.opens, 2);
	ck_assert_int_eq(brk_allow(b, 2199), BRK_REJECT);
	ck_assert_int_eq(brk_allow(b, 2200), BRK_PROBE);
	/* the probe succeeds: closed, count cleared */
	brk_record(b, false, true, 2300);
	brk_stats(b, &st);
	ck_assert_int_eq(st.state, BRK_CLOSED);
	ck_assert_uint_eq(st.failures, 0);
	ck_assert(st.since_ms == 2300);
	ck_assert_int_eq(brk_allow(b, 2301), BRK_PASS);
	brk_destroy(b);
}
END_TEST

/* A probe whose worker never reports is replaced after another cool-down. */
START_TEST(test_breaker_lost_probe)
{
	struct breaker	*b = brk_create(1, 1000);

	brk_reset(b, 0);
	brk_record(b, true, false, 0);
	ck_assert_int_eq(brk_allow(b, 1000), BRK_PROBE);
	ck_assert_int_eq(brk_allow(b, 2999), BRK_REJECT);
	ck_assert_int_eq(brk_allow(b, 3000), BRK_PROBE);
	ck_assert_int_eq(brk_allow(b, 3001), BRK_REJECT);
	brk_destroy(b);
}
END_TEST

/*
 * Shared by processes: children forked after the map race for the probe,
 * and exactly one wins it; the counts add up in the parent.
 */
START_TEST(test_breaker_shared)
{
	struct breaker	*b = brk_create(2, 100);
	struct brk_stats st;
	int		 i, status, probes = 0;
	pid_t		 pid;

	brk_reset(b, 0);
	brk_record(b, true, false, 0);
	brk_record(b, true, false, 0);
	for (i = 0; i < 16; i++) {
		if ((pid = fork()) == 0) {
			brk_count(b, BRK_COUNT_REJECTED, 0);
			_exit(brk_allow(b, 500) == BRK_PROBE ? 1 : 0);
		}
		ck_assert_int_gt(pid, 0);
	}
	while (wait(&status) > 0)
		probes += WEXITSTATUS(status);
	ck_assert_int_eq(probes, 1);
	brk_stats(b, &st);
	ck_assert_int_eq(st.state, BRK_HALF_OPEN);
	ck_assert(st.calls[BRK_COUNT_REJECTED] == 16);
	brk_destroy(b);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("gateway");
	TCase	*tc = tcase_create("Core"), *tb = tcase_create("Breaker");
	SRunner	*sr;
	int	 nf;

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_form_checkout);
	tcase_add_test(tc, test_form_refused);
	tcase_add_test(tc, test_parse_session);
	tcase_add_test(tc, test_parse_others);
	tcase_add_test(tc, test_parse_refused);
	tcase_add_test(tc, test_parse_error);
	tcase_add_test(tc, test_retryable);
	tcase_add_test(tc, test_backoff);
	tcase_add_test(tc, test_unconfigured);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(tb, setup, NULL);
	tcase_add_test(tb, test_breaker_opens);
	tcase_add_test(tb, test_breaker_half_open);
	tcase_add_test(tb, test_breaker_lost_probe);
	tcase_add_test(tb, test_breaker_shared);
	suite_add_tcase(s, tb);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
