/* check_router.c: unit tests of fcgi/router.c: matching, parameters, 404/405. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

/* Find the route for method and path; params land in r. */
static const struct route *
find(struct req *r, enum http_method m, const char *path, unsigned *allow)
{
	memset(r, 0, sizeof *r);
	r->method = m;
	r->path = strdup(path);
	return route_find(r, allow);
}

static void
done(struct req *r)
{
	int	 i;

	for (i = 0; i < r->nparams; i++)
		free(r->params[i]);
	free(r->path);
}

START_TEST(test_static_paths)
{
	struct req		 r;
	const struct route	*rt;
	unsigned		 allow;

	rt = find(&r, HTTP_GET, "/", &allow);
	ck_assert_ptr_nonnull(rt);
	ck_assert_str_eq(rt->pattern, "/");
	done(&r);
	rt = find(&r, HTTP_GET, "/search", &allow);
	ck_assert_ptr_nonnull(rt);
	ck_assert_str_eq(rt->pattern, "/search");
	done(&r);
	/* HEAD is served by the GET route */
	rt = find(&r, HTTP_HEAD, "/healthz", &allow);
	ck_assert_ptr_nonnull(rt);
	ck_assert_str_eq(rt->pattern, "/healthz");
	done(&r);
}
END_TEST

START_TEST(test_params)
{
	struct req		 r;
	const struct route	*rt;
	unsigned		 allow;

	rt = find(&r, HTTP_GET, "/r/borshch-i-vyshnia", &allow);
	ck_assert_ptr_nonnull(rt);
	ck_assert_str_eq(rt->pattern, "/r/:slug");
	ck_assert_int_eq(r.nparams, 1);
	ck_assert_str_eq(req_param(&r, 0), "borshch-i-vyshnia");
	ck_assert_str_eq(req_param(&r, 1), "");
	done(&r);
	rt = find(&r, HTTP_GET, "/api/v1/restaurants/x", &allow);
	ck_assert_ptr_nonnull(rt);
	ck_assert_uint_ne(rt->flags & ROUTE_JSON, 0);
	ck_assert_str_eq(req_param(&r, 0), "x");
	done(&r);
}
END_TEST

START_TEST(test_not_found)
{
	struct req	 r;
	unsigned	 allow;

	ck_assert_ptr_null(find(&r, HTTP_GET, "/nope", &allow));
	ck_assert_uint_eq(allow, 0);
	done(&r);
	/* a parameter never matches an empty or extra segment */
	ck_assert_ptr_null(find(&r, HTTP_GET, "/r/", &allow));
	done(&r);
	ck_assert_ptr_null(find(&r, HTTP_GET, "/r/a/b", &allow));
	done(&r);
	ck_assert_ptr_null(find(&r, HTTP_GET, "/r", &allow));
	done(&r);
	ck_assert_ptr_null(find(&r, HTTP_GET, "//search", &allow));
	done(&r);
	ck_assert_ptr_null(find(&r, HTTP_GET, "/searchx", &allow));
	done(&r);
	ck_assert_ptr_null(find(&r, HTTP_GET, "/search/", &allow));
	done(&r);
}
END_TEST

/* An id in a path is a canonical number a bigint holds (issue 15, finding 7). */
START_TEST(test_id_params)
{
	static const char *const bad[] = {
		"0", "-1", "00001", "01", "1e3", "+1", " 1", "1 ", "0x10", "1.0",
		"9223372036854775808", "99999999999999999999",
		"18446744073709551617", "abc", "%31",
	};
	static const char *const good[] = {
		"1", "42", "2147483647", "2147483648", "9999999999",
		"9223372036854775807",
	};
	struct req	 r;
	unsigned	 allow;
	char		 path[128];
	size_t		 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_msg(!route_id_segment(bad[i], strlen(bad[i])), "%s",
		    bad[i]);
		snprintf(path, sizeof path,
		    "/api/v1/owner/restaurants/1/turn-times/%s", bad[i]);
		ck_assert_msg(find(&r, HTTP_DELETE, path, &allow) == NULL,
		    "%s", path);
		ck_assert_uint_eq(allow, 0);		/* a 404, not a 405 */
		done(&r);
		snprintf(path, sizeof path, "/owner/r/%s/setup", bad[i]);
		ck_assert_msg(find(&r, HTTP_GET, path, &allow) == NULL,
		    "%s", path);
		done(&r);
	}
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		ck_assert_msg(route_id_segment(good[i], strlen(good[i])), "%s",
		    good[i]);
		snprintf(path, sizeof path,
		    "/api/v1/owner/restaurants/%s/turn-times/%s", good[i],
		    good[i]);
		ck_assert_msg(find(&r, HTTP_DELETE, path, &allow) != NULL,
		    "%s", path);
		ck_assert_str_eq(req_param(&r, 2), good[i]);
		done(&r);
	}
	/* other parameters are not numbers */
	ck_assert_ptr_nonnull(find(&r, HTTP_GET, "/r/0", &allow));
	done(&r);
}
END_TEST

START_TEST(test_method_not_allowed)
{
	struct req	 r;
	unsigned	 allow;

	ck_assert_ptr_null(find(&r, HTTP_POST, "/", &allow));
	ck_assert_uint_eq(allow, HTTP_GET);
	done(&r);
	ck_assert_ptr_null(find(&r, HTTP_DELETE, "/api/v1/restaurants/x", &allow));
	ck_assert_uint_eq(allow, HTTP_GET);
	done(&r);
	ck_assert_ptr_null(find(&r, HTTP_OTHER, "/search", &allow));
	ck_assert_uint_eq(allow, HTTP_GET);
	done(&r);
}
END_TEST

/* The route tables themselves: well-formed, no duplicates. */
START_TEST(test_tables)
{
	const struct route	*a, *b;
	size_t			 i = 0, j, n = 0;

	while ((a = route_next(&i)) != NULL) {
		n++;
		ck_assert_msg(a->pattern[0] == '/', "%s", a->pattern);
		ck_assert_ptr_nonnull(a->fn);
		ck_assert_uint_ne(a->methods, 0);
		/* unsafe methods on HTML routes need CSRF or are API routes */
		if (a->methods & (HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE) &&
		    strncmp(a->pattern, "/__test/", 8) != 0)
			ck_assert_msg(a->flags & (ROUTE_CSRF | ROUTE_JSON),
			    "%s has an unsafe method without CSRF", a->pattern);
		/* keys reach only the API, and each route names what it needs */
		if (!(a->flags & ROUTE_JSON))
			ck_assert_msg(a->scope == SCOPE_NONE,
			    "page %s takes API keys", a->pattern);
		else if (a->scope != SCOPE_NONE)
			ck_assert_msg(strcmp(a->scope, SCOPE_PUBLIC) == 0 ||
			    strcmp(a->scope, "reservations:read") == 0 ||
			    strcmp(a->scope, "reservations:write") == 0 ||
			    strcmp(a->scope, "setup:read") == 0 ||
			    strcmp(a->scope, "setup:write") == 0,
			    "%s: unknown scope %s", a->pattern, a->scope);
		/* a key that only reads never writes */
		if (a->scope != SCOPE_NONE && strstr(a->scope, ":read") != NULL)
			ck_assert_msg(!(a->methods & (HTTP_POST | HTTP_PUT |
			    HTTP_PATCH | HTTP_DELETE)), "%s writes with %s",
			    a->pattern, a->scope);
		j = i;
		while ((b = route_next(&j)) != NULL)
			ck_assert_msg(strcmp(a->pattern, b->pattern) != 0 ||
			    (a->methods & b->methods) == 0, "duplicate %s",
			    a->pattern);
	}
	ck_assert_uint_ge(n, 6);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("router");
	TCase	*tc = tcase_create("Core");
	SRunner	*sr;
	int	 nf;

	tcase_add_test(tc, test_static_paths);
	tcase_add_test(tc, test_params);
	tcase_add_test(tc, test_not_found);
	tcase_add_test(tc, test_method_not_allowed);
	tcase_add_test(tc, test_id_params);
	tcase_add_test(tc, test_tables);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
