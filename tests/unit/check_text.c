/* check_text.c: unit tests of lib/text.c. */
#include "stolik.h"

#include <stdlib.h>
#include <string.h>

#include <check.h>

START_TEST(test_utf8_valid)
{
	ck_assert(utf8_valid("", 0));
	ck_assert(utf8_valid("plain ascii", 11));
	ck_assert(utf8_valid("Борщ і Вишня", strlen("Борщ і Вишня")));
	ck_assert(utf8_valid("Złota Łyżka", strlen("Złota Łyżka")));
	ck_assert(utf8_valid("\xf0\x9f\x8d\x9d", 4));		/* U+1F35D */
	ck_assert(utf8_valid("\xf4\x8f\xbf\xbf", 4));		/* U+10FFFF */
}
END_TEST

START_TEST(test_utf8_invalid)
{
	ck_assert(!utf8_valid("\xc3\x28", 2));		/* bad continuation */
	ck_assert(!utf8_valid("\xc0\xaf", 2));		/* overlong '/' */
	ck_assert(!utf8_valid("\xe0\x80\xaf", 3));		/* overlong */
	ck_assert(!utf8_valid("\xed\xa0\x80", 3));		/* surrogate */
	ck_assert(!utf8_valid("\xf4\x90\x80\x80", 4));	/* past U+10FFFF */
	ck_assert(!utf8_valid("\xf5\x80\x80\x80", 4));
	ck_assert(!utf8_valid("\xe2\x82", 2));		/* truncated */
	ck_assert(!utf8_valid("\x80", 1));			/* lone continuation */
	ck_assert(!utf8_valid("\xff", 1));
}
END_TEST

/* utf8_scrub: every bad byte one U+FFFD, good text as it was. */
START_TEST(test_utf8_scrub)
{
	static const struct { const char *in, *out; } t[] = {
		{ "", "" },
		{ "/r/Борщ", "/r/Борщ" },
		{ "/r/\xff", "/r/\xef\xbf\xbd" },
		{ "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd" },		/* overlong */
		{ "a\xed\xa0\x80z", "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz" },
		{ "\xe2\x82", "\xef\xbf\xbd\xef\xbf\xbd" },		/* truncated */
		{ "\xf0\x9f\x8d\x9d\x80", "\xf0\x9f\x8d\x9d\xef\xbf\xbd" },
	};
	size_t	 i;
	char	*s;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		s = utf8_scrub(t[i].in, strlen(t[i].in));
		ck_assert_ptr_nonnull(s);
		ck_assert_str_eq(s, t[i].out);
		ck_assert(utf8_valid(s, strlen(s)));
		free(s);
	}
}
END_TEST

START_TEST(test_utf8_len)
{
	ck_assert_uint_eq(utf8_len(""), 0);
	ck_assert_uint_eq(utf8_len("abc"), 3);
	ck_assert_uint_eq(utf8_len("Борщ"), 4);
	ck_assert_uint_eq(utf8_len("\xf0\x9f\x8d\x9d!"), 2);
}
END_TEST

START_TEST(test_slug)
{
	ck_assert(slug_valid("borshch-i-vyshnia"));
	ck_assert(slug_valid("a"));
	ck_assert(slug_valid("r2d2"));
	ck_assert(!slug_valid(""));
	ck_assert(!slug_valid("-a"));
	ck_assert(!slug_valid("a-"));
	ck_assert(!slug_valid("a--b"));
	ck_assert(!slug_valid("A"));
	ck_assert(!slug_valid("a_b"));
	ck_assert(!slug_valid("a/b"));
	ck_assert(!slug_valid("ä"));
	ck_assert(slug_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
	ck_assert(!slug_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}
END_TEST

START_TEST(test_parse_int)
{
	long long	 v = -1;

	ck_assert(parse_int("0", 0, 10, &v) && v == 0);
	ck_assert(parse_int("10", 0, 10, &v) && v == 10);
	ck_assert(parse_int("-5", -10, 10, &v) && v == -5);
	ck_assert(!parse_int("11", 0, 10, &v));
	ck_assert(!parse_int("", 0, 10, &v));
	ck_assert(!parse_int(NULL, 0, 10, &v));
	ck_assert(!parse_int(" 1", 0, 10, &v));
	ck_assert(!parse_int("1 ", 0, 10, &v));
	ck_assert(!parse_int("+1", 0, 10, &v));
	ck_assert(!parse_int("1e3", 0, 10000, &v));
	ck_assert(!parse_int("0x10", 0, 100, &v));
	ck_assert(!parse_int("99999999999999999999999", 0, 10, &v));
	ck_assert(!parse_int("9223372036854775808", 0, 9223372036854775807LL, &v));
}
END_TEST

/* Return addresses: only a path on this site (issue 15, finding 2). */
START_TEST(test_local_path)
{
	static const char *const good[] = {
		"/", "/account", "/account?x=1", "/owner/r/12/day?date=2026-01-02",
		"/r/caf-e/reviews#top", "/a/", "/account?next=//x", "/x.csv",
		"/account?a=b/../c", "/%2F/evil",	/* decoded once: a path */
	};
	static const char *const bad[] = {
		NULL, "", "account", "//evil.example", "/\\evil.example",
		"/\t/evil.example", "/\t\\evil.example", "/\\\t\\evil",
		"\t//evil", "/\r\n/evil", "/\n/evil", "/\r/evil", "/a\tb",
		"///evil", "/.//evil", "/./evil", "/../evil", "/a/../b",
		"/a/./b", "/a//b", "/%2e//evil", "/%2E%2e/x", "/.%2e/x",
		"/a\\b", "/a?b\\c", "javascript:alert(1)", "http://evil",
		"https:evil", "https://evil", " /x", "/\x7f", "/\x01x",
		"/\xef\xbc\x8f/evil",		/* U+FF0F fullwidth solidus */
		"/\xe2\x88\x95" "evil",		/* U+2215 division slash */
		"/\xc2\xa0",			/* no-break space */
	};
	char	 big[LOCAL_PATH_MAX + 2];
	size_t	 i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		ck_assert_msg(local_path_ok(good[i]), "refused %s", good[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!local_path_ok(bad[i]), "took bad[%zu]", i);
	/* the length limit, exactly */
	memset(big, 'a', sizeof big);
	big[0] = '/';
	big[LOCAL_PATH_MAX] = '\0';
	ck_assert(local_path_ok(big));
	big[LOCAL_PATH_MAX] = 'a';
	big[LOCAL_PATH_MAX + 1] = '\0';
	ck_assert(!local_path_ok(big));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("text");
	TCase	*tc = tcase_create("Core");
	SRunner	*sr;
	int	 nf;

	tcase_add_test(tc, test_utf8_valid);
	tcase_add_test(tc, test_utf8_invalid);
	tcase_add_test(tc, test_utf8_scrub);
	tcase_add_test(tc, test_utf8_len);
	tcase_add_test(tc, test_slug);
	tcase_add_test(tc, test_parse_int);
	tcase_add_test(tc, test_local_path);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
