/* check_mail.c: unit tests of lib/mail.c's header encoding and signed booking links. */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <sodium.h>

#include "testkey.h"


/* Decode "=?UTF-8?B?...?=" words separated by spaces back into out. */
static void
decode_words(const char *in, char *out, size_t sz)
{
	const char	*p = in, *end;
	size_t		 n = 0, got;

	while (*p != '\0') {
		ck_assert_msg(strncmp(p, "=?UTF-8?B?", 10) == 0, "word at %s", p);
		p += 10;
		ck_assert_ptr_nonnull(end = strstr(p, "?="));
		ck_assert_int_eq(sodium_base642bin((unsigned char *)out + n,
		    sz - n - 1, p, (size_t)(end - p), NULL, &got, NULL,
		    sodium_base64_VARIANT_ORIGINAL), 0);
		/* an encoded word is at most 75 characters */
		ck_assert_int_le(end + 2 - (p - 10), 75);
		n += got;
		p = end + 2;
		if (*p == ' ')
			p++;
	}
	out[n] = '\0';
}

static char *
value(const char *in)
{
	static char	 buf[2048];
	STRING		 s;

	string_init(&s);
	mail_header_value(in, &s);
	snprintf(buf, sizeof buf, "%s", s.buf != NULL ? s.buf : "");
	string_clear(&s);
	return buf;
}

START_TEST(test_ascii)
{
	ck_assert_str_eq(value("Your table at Roma"), "Your table at Roma");
	/* no CR or LF ever passes: they and other controls become one space */
	ck_assert_str_eq(value("Hi\r\nBcc: x@example.com"), "Hi Bcc: x@example.com");
	ck_assert_str_eq(value("a\tb\x01\x7f" "c  d "), "a b c d");
	ck_assert_str_eq(value(""), "");
}
END_TEST

START_TEST(test_encoded)
{
	char		 back[1024];
	const char	*v;

	v = value("Stolik: Żaneta at Кузьменко");
	ck_assert(strncmp(v, "=?UTF-8?B?", 10) == 0);
	ck_assert_ptr_null(strpbrk(v, "\r\n"));
	decode_words(v, back, sizeof back);
	ck_assert_str_eq(back, "Stolik: Żaneta at Кузьменко");
	/* something that looks like an encoded word is encoded itself */
	v = value("=?UTF-8?B?QmNjOg==?=");
	decode_words(v, back, sizeof back);
	ck_assert_str_eq(back, "=?UTF-8?B?QmNjOg==?=");
}
END_TEST

START_TEST(test_long)
{
	char		 in[2000], back[1024];
	const char	*v;
	size_t		 i;

	/* 2-byte characters: the cut never splits one */
	for (i = 0; i + 2 < sizeof in; i += 2)
		memcpy(in + i, "\xc5\xbb", 2);
	in[i] = '\0';
	v = value(in);
	decode_words(v, back, sizeof back);
	ck_assert_uint_le(strlen(back), 300);
	ck_assert(utf8_valid(back, strlen(back)));
	ck_assert_uint_eq(strlen(back) % 2, 0);
	/* a 3-byte character cut at the limit goes as a whole */
	memset(in, 'a', 299);
	memcpy(in + 299, "\xe2\x80\x93", 4);
	v = value(in);
	ck_assert_uint_eq(strlen(v), 299);
}
END_TEST

START_TEST(test_signed_links)
{
	char	 tok[RSV_SIGNED_MAX], bad[RSV_SIGNED_MAX];

	rsv_signed_token("ABCD2345", 2000000000, tok);
	ck_assert(tok[0] == 's');
	ck_assert(rsv_signed_token_ok("ABCD2345", tok, 1900000000));
	/* another booking, too late, or changed in any way: refused */
	ck_assert(!rsv_signed_token_ok("ABCD2346", tok, 1900000000));
	ck_assert(!rsv_signed_token_ok("ABCD2345", tok, 2000000001));
	snprintf(bad, sizeof bad, "s2100000000%s", strchr(tok, '.'));
	ck_assert(!rsv_signed_token_ok("ABCD2345", bad, 1900000000));
	snprintf(bad, sizeof bad, "%s", tok);
	bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == 'A' ? 'B' : 'A';
	ck_assert(!rsv_signed_token_ok("ABCD2345", bad, 1900000000));
	ck_assert(!rsv_signed_token_ok("ABCD2345", "s.", 0));
	ck_assert(!rsv_signed_token_ok("ABCD2345", "", 0));
	ck_assert(!rsv_signed_token_ok("ABCD2345", NULL, 0));
	ck_assert(!rsv_signed_token_ok("ABCD2345", "sx2000000000.abc", 0));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("mail");
	TCase	*tc = tcase_create("Core");
	SRunner	*sr;
	int	 nf;

	tcase_add_checked_fixture(tc, testkey_load, NULL);
	tcase_add_test(tc, test_ascii);
	tcase_add_test(tc, test_encoded);
	tcase_add_test(tc, test_long);
	tcase_add_test(tc, test_signed_links);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
