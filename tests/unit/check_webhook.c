/*
 * check_webhook.c: unit tests of lib/webhook.c: which addresses count as
 * public (v4, v6, v4-mapped, NAT64, 6to4, metadata, CGNAT...), the URL
 * rule with and without development, the signature against a vector made
 * with Python's hmac, the secrets, and the log excerpt.
 */
#include "stolik.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <check.h>
#include <sodium.h>

static void
setup(void)
{
	ck_assert_ptr_null(err_init());
	ck_assert_int_ge(sodium_init(), 0);
}

/* Whether the textual address a is public (and loopback into *lo). */
static bool
pub(const char *a, bool *lo)
{
	struct sockaddr_in	 v4;
	struct sockaddr_in6	 v6;
	bool			 l;

	memset(&v4, 0, sizeof v4);
	memset(&v6, 0, sizeof v6);
	if (inet_pton(AF_INET, a, &v4.sin_addr) == 1) {
		v4.sin_family = AF_INET;
		l = webhook_addr_loopback((struct sockaddr *)&v4);
		if (lo != NULL)
			*lo = l;
		return webhook_addr_public((struct sockaddr *)&v4);
	}
	ck_assert_msg(inet_pton(AF_INET6, a, &v6.sin6_addr) == 1, "%s", a);
	v6.sin6_family = AF_INET6;
	l = webhook_addr_loopback((struct sockaddr *)&v6);
	if (lo != NULL)
		*lo = l;
	return webhook_addr_public((struct sockaddr *)&v6);
}

START_TEST(test_addresses)
{
	static const char *const no[] = {
		"0.0.0.0", "0.1.2.3", "127.0.0.1", "127.255.0.9", "10.1.2.3",
		"172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
		"169.254.0.1", "100.64.0.1", "100.127.255.254", "192.0.0.8",
		"192.0.2.1", "198.18.0.1", "198.51.100.7", "203.0.113.9",
		"224.0.0.1", "239.1.2.3", "240.0.0.1", "255.255.255.255",
		"192.88.99.1",
		"::", "::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
		"::ffff:169.254.169.254", "::127.0.0.1", "64:ff9b::7f00:1",
		"64:ff9b::a9fe:a9fe", "64:ff9b::a00:1", "2002:7f00:1::1",
		"2002:a9fe:a9fe::1", "2002:c0a8:101::", "fc00::1", "fd12:3456::1",
		"fe80::1", "fec0::1", "ff02::1", "2001:db8::1", "2001::1",
		"100::1",
	};
	static const char *const yes[] = {
		"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1",
		"100.128.0.1", "169.255.0.1", "192.169.0.1", "11.0.0.1",
		"2606:4700:4700::1111", "2a00:1450:4001::200e",
		"::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1",
	};
	size_t	 i;
	bool	 lo;

	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		ck_assert_msg(!pub(no[i], NULL), "%s counted as public", no[i]);
	for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
		ck_assert_msg(pub(yes[i], NULL), "%s not counted as public",
		    yes[i]);
	/* loopback, the one class development lets through */
	pub("127.0.0.1", &lo);
	ck_assert(lo);
	pub("127.3.2.1", &lo);
	ck_assert(lo);
	pub("::1", &lo);
	ck_assert(lo);
	pub("::ffff:127.0.0.1", &lo);
	ck_assert(lo);
	pub("10.0.0.1", &lo);
	ck_assert(!lo);
	pub("169.254.169.254", &lo);
	ck_assert(!lo);
	pub("0.0.0.0", &lo);
	ck_assert(!lo);
}
END_TEST

START_TEST(test_urls)
{
	struct webhook_target	 t;

	/* plain http: only in development, only to this machine */
	ck_assert_int_eq(webhook_url_check("http://127.0.0.1:9/x", false, &t),
	    WH_URL_SCHEME);
	ck_assert_int_eq(webhook_url_check("http://127.0.0.1:9/x", true, &t),
	    WH_URL_OK);
	ck_assert_str_eq(t.resolve, "127.0.0.1:9:127.0.0.1");
	ck_assert_str_eq(t.addr, "127.0.0.1");
	ck_assert_int_eq(webhook_url_check("http://[::1]:9/x", true, &t),
	    WH_URL_OK);
	ck_assert_str_eq(t.resolve, "[::1]:9:[::1]");
	ck_assert_int_eq(webhook_url_check("http://8.8.8.8/x", true, &t),
	    WH_URL_SCHEME);
	/* https to a non-public address: refused, development or not */
	ck_assert_int_eq(webhook_url_check("https://127.0.0.1/x", false, &t),
	    WH_URL_PRIVATE);
	ck_assert_int_eq(webhook_url_check("https://127.0.0.1/x", true, &t),
	    WH_URL_OK);
	ck_assert_int_eq(webhook_url_check("https://10.0.0.1/x", true, &t),
	    WH_URL_PRIVATE);
	ck_assert_int_eq(webhook_url_check("https://169.254.169.254/latest",
	    true, &t), WH_URL_PRIVATE);
	ck_assert_int_eq(webhook_url_check("https://0.0.0.0/", false, &t),
	    WH_URL_PRIVATE);
	ck_assert_int_eq(webhook_url_check("https://[::ffff:10.0.0.1]/",
	    false, &t), WH_URL_PRIVATE);
	ck_assert_int_eq(webhook_url_check("https://[64:ff9b::a9fe:a9fe]/",
	    false, &t), WH_URL_PRIVATE);
	ck_assert_int_eq(webhook_url_check("https://[2002:7f00:1::1]/",
	    false, &t), WH_URL_PRIVATE);
	ck_assert_int_eq(webhook_url_check("https://100.64.1.1/", false, &t),
	    WH_URL_PRIVATE);
	/* a public literal passes, pinned to itself */
	ck_assert_int_eq(webhook_url_check("https://8.8.8.8/hook", false, &t),
	    WH_URL_OK);
	ck_assert_str_eq(t.resolve, "8.8.8.8:443:8.8.8.8");
	ck_assert_int_eq(webhook_url_check("https://[2606:4700:4700::1111]:8443/",
	    false, &t), WH_URL_OK);
	ck_assert_str_eq(t.resolve,
	    "[2606:4700:4700::1111]:8443:[2606:4700:4700::1111]");
	/* localhost is loopback */
	ck_assert_int_eq(webhook_url_check("https://localhost/x", false, &t),
	    WH_URL_PRIVATE);
	/* syntax and scheme */
	ck_assert_int_eq(webhook_url_check("ftp://8.8.8.8/x", true, &t),
	    WH_URL_SCHEME);
	ck_assert_int_eq(webhook_url_check("gopher://8.8.8.8/", true, &t),
	    WH_URL_SCHEME);
	ck_assert_int_eq(webhook_url_check("https://user:pw@8.8.8.8/", false,
	    &t), WH_URL_SYNTAX);
	ck_assert_int_eq(webhook_url_check("https://8.8.8.8/#frag", false, &t),
	    WH_URL_SYNTAX);
	ck_assert_int_eq(webhook_url_check("https://8.8.8.8/a b", false, &t),
	    WH_URL_SYNTAX);
	ck_assert_int_eq(webhook_url_check("not a url", false, &t),
	    WH_URL_SYNTAX);
	ck_assert_int_eq(webhook_url_check(NULL, false, &t), WH_URL_SYNTAX);
	ck_assert_int_eq(webhook_url_check("https://no-such-host.invalid/",
	    false, &t), WH_URL_RESOLVE);
	ck_assert_str_eq(webhook_url_why(WH_URL_PRIVATE), "url_not_public");
	ck_assert_str_eq(webhook_url_why(WH_URL_SCHEME), "url_scheme");
}
END_TEST

START_TEST(test_signature)
{
	char	 hex[65];
	/*
	 * python3 -c 'import hmac,hashlib; print(hmac.new(
	 *   b"whsec_test-secret-0123456789",
	 *   b"1700000000.{\"id\":\"evt_1\"}", hashlib.sha256).hexdigest())'
	 */
	static const char want[] =
	    "da0dc2eca9039032acff70d0f96d841d809e16135e541743c34896da4beee165";
	static const char body[] = "{\"id\":\"evt_1\"}";

	webhook_sign("whsec_test-secret-0123456789", 1700000000, body,
	    strlen(body), hex);
	ck_assert_str_eq(hex, want);
	/* another time, body or secret: another signature */
	webhook_sign("whsec_test-secret-0123456789", 1700000001, body,
	    strlen(body), hex);
	ck_assert_str_ne(hex, want);
	webhook_sign("whsec_test-secret-0123456789", 1700000000, body,
	    strlen(body) - 1, hex);
	ck_assert_str_ne(hex, want);
	webhook_sign("whsec_test-secret-012345678", 1700000000, body,
	    strlen(body), hex);
	ck_assert_str_ne(hex, want);
}
END_TEST

START_TEST(test_secrets)
{
	char	 a[WEBHOOK_SECRET_LEN], b[WEBHOOK_SECRET_LEN];

	webhook_secret_new(a);
	webhook_secret_new(b);
	ck_assert_int_eq(strncmp(a, "whsec_", 6), 0);
	ck_assert_uint_eq(strlen(a), 6 + 43);
	ck_assert_uint_eq(strspn(a + 6, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
	    "klmnopqrstuvwxyz0123456789-_"), 43);
	ck_assert_str_ne(a, b);
}
END_TEST

START_TEST(test_excerpt)
{
	char	 out[4 * 10 + 1], big[5000];
	size_t	 i;

	webhook_excerpt("ok", 2, 10, out, sizeof out);
	ck_assert_str_eq(out, "ok");
	/* invalid UTF-8 and NUL become U+FFFD, controls spaces */
	webhook_excerpt("a\xff" "b\0c\x01\n", 7, 10, out, sizeof out);
	ck_assert_str_eq(out, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c \n");
	/* characters, not bytes */
	webhook_excerpt("\xc3\xa9\xc3\xa9\xc3\xa9", 6, 2, out, sizeof out);
	ck_assert_str_eq(out, "\xc3\xa9\xc3\xa9");
	/* a cut sequence at the end */
	webhook_excerpt("ab\xe2\x82", 4, 10, out, sizeof out);
	ck_assert_str_eq(out, "ab\xef\xbf\xbd\xef\xbf\xbd");
	/* capped */
	for (i = 0; i < sizeof big; i++)
		big[i] = 'x';
	webhook_excerpt(big, sizeof big, 10, out, sizeof out);
	ck_assert_uint_eq(strlen(out), 10);
	utf8_valid(out, strlen(out));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("webhook");
	TCase	*tc = tcase_create("Core");
	SRunner	*sr;
	int	 nf;

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_addresses);
	tcase_add_test(tc, test_urls);
	tcase_add_test(tc, test_signature);
	tcase_add_test(tc, test_secrets);
	tcase_add_test(tc, test_excerpt);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
