/* check_jwt.c: unit tests of lib/jwt.c. */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <sodium.h>

#include "testkey.h"


static char *
token(int64_t exp)
{
	json_t	*c;
	char	*t;

	c = json_pack("{s:s,s:I,s:I}", "sub", "42", "iat", (json_int_t)1000,
	    "exp", (json_int_t)exp);
	ck_assert_ptr_nonnull(c);
	t = jwt_sign(c);
	json_decref(c);
	ck_assert_ptr_nonnull(t);
	return t;
}

static char *
b64(const char *s)
{
	size_t	 n = sodium_base64_ENCODED_LEN(strlen(s),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char	*out = malloc(n);

	ck_assert_ptr_nonnull(out);
	sodium_bin2base64(out, n, (const unsigned char *)s, strlen(s),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

START_TEST(test_roundtrip)
{
	json_t	*c = NULL;
	char	*t = token(2000);

	ck_assert_int_eq(jwt_verify(t, 1500, &c), JWT_OK);
	ck_assert_str_eq(json_string_value(json_object_get(c, "sub")), "42");
	json_decref(c);
	c = NULL;
	ck_assert_int_eq(jwt_verify(t, 2000, &c), JWT_EXPIRED);
	ck_assert_ptr_null(c);
	free(t);
}
END_TEST

START_TEST(test_tampered)
{
	char	*t = token(2000), *h, *p, buf[1024];
	json_t	*c = NULL;
	size_t	 n;

	/* a flipped signature byte, a changed payload, a cut token */
	snprintf(buf, sizeof buf, "%s", t);
	n = strlen(buf);
	buf[n - 2] = buf[n - 2] == 'A' ? 'B' : 'A';
	ck_assert_int_eq(jwt_verify(buf, 1500, &c), JWT_BAD);
	p = b64("{\"exp\":2000,\"iat\":1000,\"sub\":\"1\"}");
	snprintf(buf, sizeof buf, "%.*s.%s%s", (int)(strchr(t, '.') - t), t, p,
	    strrchr(t, '.'));
	ck_assert_int_eq(jwt_verify(buf, 1500, &c), JWT_BAD);
	snprintf(buf, sizeof buf, "%.*s", (int)(strrchr(t, '.') - t), t);
	ck_assert_int_eq(jwt_verify(buf, 1500, &c), JWT_BAD);
	/* alg none, with and without a signature part */
	h = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
	snprintf(buf, sizeof buf, "%s.%s.", h, strchr(t, '.') + 1);
	*strrchr(buf, '.') = '\0';
	snprintf(buf + strlen(buf), sizeof buf - strlen(buf), ".");
	ck_assert_int_eq(jwt_verify(buf, 1500, &c), JWT_BAD);
	snprintf(buf, sizeof buf, "%s.%s", h, p);
	ck_assert_int_eq(jwt_verify(buf, 1500, &c), JWT_BAD);
	ck_assert_int_eq(jwt_verify("", 1500, &c), JWT_BAD);
	ck_assert_int_eq(jwt_verify("a.b.c", 1500, &c), JWT_BAD);
	ck_assert_ptr_null(c);
	free(h);
	free(p);
	free(t);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("jwt");
	TCase	*tc = tcase_create("Core");
	SRunner	*sr;
	int	 nf;

	tcase_add_checked_fixture(tc, testkey_load, NULL);
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_tampered);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
