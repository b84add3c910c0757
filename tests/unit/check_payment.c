/*
 * check_payment.c: unit tests of lib/payment.c: the webhook's
 * Stripe-Signature check (HMAC-SHA256 of "TS.BODY", several v1 values,
 * the timestamp's tolerance, malformed headers).
 */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <sodium.h>

static const unsigned char secret[] = "whsec_unit_test_secret";
#define SLEN	(sizeof secret - 1)
static const char body[] = "{\"id\":\"evt_1\",\"type\":\"checkout.session."
    "completed\"}";
#define NOW	1780000000LL

static void
setup(void)
{
	ck_assert_ptr_null(err_init());
	ck_assert_int_ge(sodium_init(), 0);
}

/* "t=ts,v1=hex" signed with key (of klen bytes) over "ts.body". */
static void
sign(const unsigned char *key, size_t klen, long long ts, char *hex)
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 mac[crypto_auth_hmacsha256_BYTES];
	char				 t[24];

	snprintf(t, sizeof t, "%lld.", ts);
	crypto_auth_hmacsha256_init(&st, key, klen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)t, strlen(t));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body,
	    strlen(body));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(hex, 65, mac, sizeof mac);
}

static bool
ok(const char *header)
{
	return pay_signature_ok(header, body, strlen(body), secret, SLEN, NOW,
	    300);
}

START_TEST(test_good)
{
	char	 good[65], h[200];

	sign(secret, SLEN, NOW, good);
	snprintf(h, sizeof h, "t=%lld,v1=%s", NOW, good);
	ck_assert(ok(h));
	/* at the edges of the tolerance, either way */
	sign(secret, SLEN, NOW - 300, good);
	snprintf(h, sizeof h, "t=%lld,v1=%s", NOW - 300, good);
	ck_assert(ok(h));
	sign(secret, SLEN, NOW + 300, good);
	snprintf(h, sizeof h, "t=%lld,v1=%s", NOW + 300, good);
	ck_assert(ok(h));
	/* upper-case hex, and an unknown scheme alongside */
	sign(secret, SLEN, NOW, good);
	for (size_t i = 0; good[i] != '\0'; i++)
		if (good[i] >= 'a' && good[i] <= 'f')
			good[i] = (char)(good[i] - 'a' + 'A');
	snprintf(h, sizeof h, "t=%lld,v0=abc,v1=%s", NOW, good);
	ck_assert(ok(h));
}
END_TEST

START_TEST(test_rotation)
{
	const unsigned char	 old[] = "whsec_the_old_one";
	char			 a[65], b[65], h[300];

	sign(old, sizeof old - 1, NOW, a);
	sign(secret, SLEN, NOW, b);
	/* the new secret's among several */
	snprintf(h, sizeof h, "t=%lld,v1=%s,v1=%s", NOW, a, b);
	ck_assert(ok(h));
	snprintf(h, sizeof h, "t=%lld,v1=%s,v1=%s", NOW, b, a);
	ck_assert(ok(h));
	/* only the old one: no */
	snprintf(h, sizeof h, "t=%lld,v1=%s", NOW, a);
	ck_assert(!ok(h));
}
END_TEST

START_TEST(test_refused)
{
	char	 good[65], h[300];

	sign(secret, SLEN, NOW, good);
	ck_assert(!ok(NULL));
	ck_assert(!ok(""));
	snprintf(h, sizeof h, "v1=%s", good);
	ck_assert(!ok(h));				/* no timestamp */
	snprintf(h, sizeof h, "t=%lld", NOW);
	ck_assert(!ok(h));				/* no signature */
	snprintf(h, sizeof h, "t=%lld,v1=%s", NOW + 1, good);
	ck_assert(!ok(h));				/* another timestamp */
	snprintf(h, sizeof h, "t=-%lld,v1=%s", NOW, good);
	ck_assert(!ok(h));
	snprintf(h, sizeof h, "t=%lld,v1=%.63s", NOW, good);
	ck_assert(!ok(h));				/* short */
	snprintf(h, sizeof h, "t=%lld,v1=%.63sg", NOW, good);
	ck_assert(!ok(h));				/* not hex */
	/* too old, too far ahead */
	sign(secret, SLEN, NOW - 301, good);
	snprintf(h, sizeof h, "t=%lld,v1=%s", NOW - 301, good);
	ck_assert(!ok(h));
	sign(secret, SLEN, NOW + 301, good);
	snprintf(h, sizeof h, "t=%lld,v1=%s", NOW + 301, good);
	ck_assert(!ok(h));
	/* the body changed */
	sign(secret, SLEN, NOW, good);
	snprintf(h, sizeof h, "t=%lld,v1=%s", NOW, good);
	ck_assert(!pay_signature_ok(h, body, strlen(body) - 1, secret, SLEN, NOW,
	    300));
	/* no secret */
	ck_assert(!pay_signature_ok(h, body, strlen(body), NULL, 0, NOW, 300));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("payment");
	TCase	*tc = tcase_create("Signature");
	SRunner	*sr;
	int	 nf;

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_good);
	tcase_add_test(tc, test_rotation);
	tcase_add_test(tc, test_refused);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
