/* check_req.c: unit tests of fcgi/req.c and the request path through serve_request. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

static struct app	 app;
static struct memio	 m;
static struct req	 r;

static void
setup(void)
{
	test_app_init(&app, NULL);
}

static void
teardown(void)
{
	test_app_free(&app);
}

/* req_init over env (and body); the early status. */
static int
start(const char *const *env, const char *body, size_t len)
{
	int	 status = -1;

	memio_init(&m, env, body, len);
	ck_assert_ptr_null(req_init(&r, &app, &m.io, &status));
	return status;
}

/* start, then req_read_body with flags; the body status. */
static int
start_body(const char *const *env, const char *body, size_t len, unsigned flags)
{
	int	 status = -1;

	ck_assert_int_eq(start(env, body, len), 0);
	ck_assert_ptr_null(req_read_body(&r, flags, &status));
	return status;
}

static void
finish(void)
{
	req_free(&r);
	memio_free(&m);
}

#define GET(qs) (const char *const []){ "REQUEST_METHOD=GET", \
	"DOCUMENT_URI=/search", "QUERY_STRING=" qs, NULL }

START_TEST(test_query)
{
	ck_assert_int_eq(start(GET("q=caf%C3%A9&city=Kyiv&n=1&n=2"), NULL, 0), 0);
	ck_assert_str_eq(req_field(&r, "q"), "café");
	ck_assert_str_eq(req_field(&r, "city"), "Kyiv");
	ck_assert_str_eq(req_field(&r, "n"), "2");
	ck_assert_ptr_null(req_field(&r, "missing"));
	ck_assert_str_eq(r.path, "/search");
	ck_assert_int_eq(r.method, HTTP_GET);
	finish();
}
END_TEST

START_TEST(test_query_rejects)
{
	/* a NUL, in any spelling, would silently cut a value short */
	ck_assert_int_eq(start(GET("q=a%00b"), NULL, 0), 400);
	finish();
	ck_assert_int_eq(start(GET("q=%C3%28"), NULL, 0), 400);
	finish();
	ck_assert_int_eq(start(GET("q=%ED%A0%80"), NULL, 0), 400);
	finish();
	ck_assert_int_eq(start(GET("q=%C0%AF"), NULL, 0), 400);
	finish();
	ck_assert_int_eq(start(GET("%FF=1"), NULL, 0), 400);
	finish();
}
END_TEST

/* "QUERY_STRING=" + n copies of "name=1&" style fields, built safely. */
static char *
query_env(const char *prefix, char fill, size_t n, const char *suffix)
{
	STRING	 s;

	string_init(&s);
	string_append(&s, "QUERY_STRING=");
	string_append(&s, prefix);
	while (n-- > 0)
		string_append_char(&s, fill);
	string_append(&s, suffix);
	return s.buf;
}

START_TEST(test_field_limits)
{
	STRING	 s;
	char	*qs, *env[4];
	size_t	 i, n;

	env[0] = "REQUEST_METHOD=GET";
	env[1] = "DOCUMENT_URI=/search";
	env[3] = NULL;
	/* exactly the limit passes, one byte more does not */
	for (n = REQ_FIELD_MAX; n <= REQ_FIELD_MAX + 1; n++) {
		env[2] = qs = query_env("q=", 'a', n, "");
		ck_assert_int_eq(start((const char *const *)env, NULL, 0),
		    n == REQ_FIELD_MAX ? 0 : 400);
		finish();
		free(qs);
	}
	/* too many fields */
	string_init(&s);
	string_append(&s, "QUERY_STRING=");
	for (i = 0; i < REQ_FIELDS_MAX + 10; i++)
		string_appendf(&s, "f%zu=1&", i);
	env[2] = s.buf;
	ck_assert_int_eq(start((const char *const *)env, NULL, 0), 400);
	finish();
	string_clear(&s);
	/* a field name past the limit */
	env[2] = qs = query_env("", 'n', REQ_NAME_MAX + 1, "=1");
	ck_assert_int_eq(start((const char *const *)env, NULL, 0), 400);
	finish();
	free(qs);
}
END_TEST

START_TEST(test_cookies_and_path)
{
	const char	*ok[] = { "REQUEST_METHOD=GET", "DOCUMENT_URI=/",
	    "HTTP_COOKIE=bid=abc; theme=dark", NULL };
	const char	*nul[] = { "REQUEST_METHOD=GET", "DOCUMENT_URI=/",
	    "HTTP_COOKIE=bid=a%00b", NULL };
	const char	*bad[] = { "REQUEST_METHOD=GET", "DOCUMENT_URI=/",
	    "HTTP_COOKIE=bid=\xff", NULL };
	const char	*path[] = { "REQUEST_METHOD=GET", "DOCUMENT_URI=/r/\xff", NULL };
	const char	*uri[] = { "REQUEST_METHOD=GET", "DOCUMENT_URI=/r/x",
	    "REQUEST_URI=/r/x%00y", NULL };

	ck_assert_int_eq(start(ok, NULL, 0), 0);
	ck_assert_str_eq(req_cookie(&r, "theme"), "dark");
	finish();
	ck_assert_int_eq(start(nul, NULL, 0), 400);
	finish();
	ck_assert_int_eq(start(bad, NULL, 0), 400);
	finish();
	ck_assert_int_eq(start(path, NULL, 0), 400);
	finish();
	ck_assert_int_eq(start(uri, NULL, 0), 400);
	finish();
}
END_TEST

/* Variables found by name, whatever their order, prefixes and oddities. */
START_TEST(test_env_lookup)
{
	const char	*env[] = { "HTTP_X=short", "HTTP_X_LONGER=long",
	    "NOEQUALS", "HTTP_EMPTY=", "REQUEST_METHOD=GET",
	    "DOCUMENT_URI=/r/x", "HTTP_X_L=mid", NULL };
	static char	 big[400];

	ck_assert_int_eq(start(env, NULL, 0), 0);
	ck_assert_str_eq(req_header(&r, "HTTP_X"), "short");
	ck_assert_str_eq(req_header(&r, "HTTP_X_LONGER"), "long");
	ck_assert_str_eq(req_header(&r, "HTTP_X_L"), "mid");
	ck_assert_str_eq(req_header(&r, "HTTP_EMPTY"), "");
	ck_assert_ptr_null(req_header(&r, "NOEQUALS"));
	ck_assert_ptr_null(req_header(&r, "HTTP_X_LONG"));
	ck_assert_ptr_null(req_header(&r, "HTTP"));
	ck_assert_str_eq(r.path, "/r/x");
	finish();

	/* a name longer than the index keeps: found by the string */
	memset(big, 'A', 300);
	memcpy(big + 300, "=v", 3);
	env[2] = big;
	ck_assert_int_eq(start(env, NULL, 0), 0);
	big[300] = '\0';
	ck_assert_str_eq(req_header(&r, big), "v");
	big[300] = '=';
	ck_assert_str_eq(req_header(&r, "HTTP_X_L"), "mid");
	finish();
}
END_TEST

#define POST(type, len) (const char *const []){ "REQUEST_METHOD=POST", \
	"DOCUMENT_URI=/x", "CONTENT_TYPE=" type, "CONTENT_LENGTH=" len, NULL }

START_TEST(test_form)
{
	const char	*b = "name=Ola&city=Kyi%C3%AFv";

	/* ClearSilver ignores a form with "; charset=..." unless we fix the type */
	ck_assert_int_eq(start_body(POST("application/x-www-form-urlencoded; charset=UTF-8",
	    "24"), b, 24, ROUTE_FORM), 0);
	ck_assert_str_eq(req_field(&r, "name"), "Ola");
	ck_assert_str_eq(req_field(&r, "city"), "Kyiïv");
	finish();
	ck_assert_int_eq(start_body(POST("application/x-www-form-urlencoded", "24"),
	    b, 24, ROUTE_FORM), 0);
	ck_assert_str_eq(req_field(&r, "name"), "Ola");
	finish();
	ck_assert_int_eq(start_body(POST("Application/X-WWW-Form-Urlencoded;charset=utf-8",
	    "24"), b, 24, ROUTE_FORM), 0);
	ck_assert_str_eq(req_field(&r, "name"), "Ola");
	finish();
}
END_TEST

START_TEST(test_form_rejects)
{
	ck_assert_int_eq(start_body(POST("application/x-www-form-urlencoded", "5"),
	    "a=%00", 5, ROUTE_FORM), 400);
	finish();
	ck_assert_int_eq(start_body(POST("application/x-www-form-urlencoded", "5"),
	    "a=b\0c", 5, ROUTE_FORM), 400);
	finish();
	ck_assert_int_eq(start_body(POST("application/x-www-form-urlencoded", "5"),
	    "a=%FF", 5, ROUTE_FORM), 400);
	finish();
	/* shorter than announced */
	ck_assert_int_eq(start_body(POST("application/x-www-form-urlencoded", "10"),
	    "a=1", 3, ROUTE_FORM), 400);
	finish();
	ck_assert_int_eq(start_body(POST("application/x-www-form-urlencoded", "ten"),
	    "a=1", 3, ROUTE_FORM), 400);
	finish();
}
END_TEST

START_TEST(test_too_large)
{
	char	 len[32];
	const char *env[] = { "REQUEST_METHOD=POST", "DOCUMENT_URI=/x",
	    "CONTENT_TYPE=application/x-www-form-urlencoded", len, NULL };

	snprintf(len, sizeof len, "CONTENT_LENGTH=%zu", app.max_body + 1);
	ck_assert_int_eq(start_body(env, "a=1", 3, ROUTE_FORM), 413);
	ck_assert_uint_eq(m.inoff, 0);		/* nothing was read */
	finish();
	snprintf(len, sizeof len, "CONTENT_LENGTH=99999999999999");
	ck_assert_int_eq(start_body(env, "a=1", 3, ROUTE_FORM), 413);
	finish();
}
END_TEST

START_TEST(test_content_types)
{
	ck_assert_int_eq(start_body(POST("text/plain", "3"), "a=1", 3, ROUTE_FORM), 415);
	finish();
	ck_assert_int_eq(start_body(POST("application/json", "2"), "{}", 2, ROUTE_FORM), 415);
	finish();
	ck_assert_int_eq(start_body(POST("application/x-www-form-urlencoded", "3"),
	    "a=1", 3, ROUTE_JSON), 415);
	finish();
	ck_assert_int_eq(start_body(POST("", "3"), "a=1", 3, ROUTE_FORM), 415);
	finish();
	/* an image body only where the route takes one, and kept as sent */
	ck_assert_int_eq(start_body(POST("image/png", "4"), "\x89P\0G", 4, ROUTE_JSON),
	    415);
	finish();
	ck_assert_int_eq(start_body(POST("image/gif", "4"), "GIF8", 4,
	    ROUTE_JSON | ROUTE_IMAGE), 415);
	finish();
	ck_assert_int_eq(start_body(POST("Image/PNG; x=1", "4"), "\x89P\0G", 4,
	    ROUTE_JSON | ROUTE_IMAGE), 0);
	ck_assert_uint_eq(r.bodylen, 4);
	ck_assert_int_eq(memcmp(r.body, "\x89P\0G", 4), 0);
	ck_assert_ptr_null(r.json);
	finish();
	/* cgi_parse would spin on a PUT: forms are POST only */
	{
		const char *put[] = { "REQUEST_METHOD=PUT", "DOCUMENT_URI=/x",
		    "CONTENT_TYPE=application/x-www-form-urlencoded",
		    "CONTENT_LENGTH=3", NULL };
		ck_assert_int_eq(start_body(put, "a=1", 3, ROUTE_FORM), 415);
		finish();
	}
}
END_TEST

static const char multipart[] =
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
    "Caf\xc3\xa9\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"photo\"; filename=\"p.bin\"\r\n"
    "Content-Type: application/octet-stream\r\n\r\n"
    "\x00\x01\x02\r\n"
    "--XyZ--\r\n";

START_TEST(test_multipart)
{
	char		 len[32], body[512];
	size_t		 n = sizeof multipart - 1;
	const char	*env[] = { "REQUEST_METHOD=POST", "DOCUMENT_URI=/x",
	    "CONTENT_TYPE=multipart/form-data; boundary=XyZ", len, NULL };
	char		*p;

	snprintf(len, sizeof len, "CONTENT_LENGTH=%zu", n);
	ck_assert_int_eq(start_body(env, multipart, n, ROUTE_FORM), 0);
	ck_assert_str_eq(req_field(&r, "title"), "Café");
	ck_assert_str_eq(req_field(&r, "photo"), "p.bin");
	finish();
	/* a NUL in a text field is refused; in a file it was fine above */
	memcpy(body, multipart, n);
	p = memmem(body, n, "Caf", 3);
	p[1] = '\0';
	ck_assert_int_eq(start_body(env, body, n, ROUTE_FORM), 400);
	finish();
	/* the boundary is the parameter ClearSilver finds, quoted or not */
	env[2] = "CONTENT_TYPE=multipart/form-data; x=\"a;b\"; boundary=\"XyZ\"";
	ck_assert_int_eq(start_body(env, multipart, n, ROUTE_FORM), 0);
	ck_assert_str_eq(req_field(&r, "title"), "Caf\xc3\xa9");
	finish();
	/* none that it finds: cgi_parse took strlen(NULL) (found by fuzz_multipart) */
	env[2] = "CONTENT_TYPE=multipart/form-data; xboundary=XyZ";
	ck_assert_int_eq(start_body(env, multipart, n, ROUTE_FORM), 400);
	finish();
	env[2] = "CONTENT_TYPE=multipart/form-data; boundary";
	ck_assert_int_eq(start_body(env, multipart, n, ROUTE_FORM), 400);
	finish();
	env[2] = "CONTENT_TYPE=multipart/form-data; boundary=";
	ck_assert_int_eq(start_body(env, multipart, n, ROUTE_FORM), 400);
	finish();
	/* a part's Content-Encoding cgi_parse refuses is the client's fault */
	env[2] = "CONTENT_TYPE=multipart/form-data; boundary=XyZ";
	n = (size_t)snprintf(body, sizeof body, "--XyZ\r\nContent-Disposition: "
	    "form-data; name=\"a\"\r\nContent-Encoding: base64\r\n\r\nQQ==\r\n"
	    "--XyZ--\r\n");
	snprintf(len, sizeof len, "CONTENT_LENGTH=%zu", n);
	ck_assert_int_eq(start_body(env, body, n, ROUTE_FORM), 400);
	finish();
}
END_TEST

/*
 * Field names HDF cannot hold ("" after the dot, a trailing dot, two dots
 * in a row): ClearSilver refuses them with an error that is not I/O or
 * parse, so each is the client's bad input, in every place a name comes
 * from (issue 15, finding 6).
 */
static const char *const bad_names[] = { ".", "a.", "a..b", "..", "a.b.",
	"" };

/* A multipart body with one text field called name, and its length. */
static size_t
multipart_named(const char *name, char *buf, size_t sz)
{
	int	 n;

	n = snprintf(buf, sz, "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"%s\"\r\n\r\n"
	    "x\r\n--XyZ--\r\n", name);
	ck_assert(n > 0 && (size_t)n < sz);
	return (size_t)n;
}

START_TEST(test_bad_names)
{
	char		 body[256], len[32], qs[128];
	const char	*mp[] = { "REQUEST_METHOD=POST", "DOCUMENT_URI=/x",
	    "CONTENT_TYPE=multipart/form-data; boundary=XyZ", len, NULL };
	const char	*ue[] = { "REQUEST_METHOD=POST", "DOCUMENT_URI=/x",
	    "CONTENT_TYPE=application/x-www-form-urlencoded", len, NULL };
	const char	*get[] = { "REQUEST_METHOD=GET", "DOCUMENT_URI=/x", qs,
	    NULL };
	size_t		 i, n;
	int		 status, want;

	for (i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
		/* "" is ClearSilver's Query._0 in a query or form, not an error */
		want = *bad_names[i] == '\0' ? 0 : 400;
		/* multipart */
		n = multipart_named(bad_names[i], body, sizeof body);
		snprintf(len, sizeof len, "CONTENT_LENGTH=%zu", n);
		status = start_body(mp, body, n, ROUTE_FORM);
		ck_assert_msg(status == 400,
		    "multipart name \"%s\": %d", bad_names[i], status);
		finish();
		/* urlencoded */
		n = (size_t)snprintf(body, sizeof body, "%s=x&email=a",
		    bad_names[i]);
		snprintf(len, sizeof len, "CONTENT_LENGTH=%zu", n);
		status = start_body(ue, body, n, ROUTE_FORM);
		ck_assert_msg(status == want,
		    "urlencoded name \"%s\": %d", bad_names[i], status);
		finish();
		/* query string */
		snprintf(qs, sizeof qs, "QUERY_STRING=%s=x&q=1", bad_names[i]);
		status = start(get, NULL, 0);
		ck_assert_msg(status == want,
		    "query name \"%s\": %d", bad_names[i], status);
		finish();
	}
}
END_TEST

START_TEST(test_form_names)
{
#define OK(s) ck_assert_msg(req_form_names_ok(s, strlen(s)), "%s", s)
#define BAD(s) ck_assert_msg(!req_form_names_ok(s, strlen(s)), "%s", s)
	OK("");
	OK("a=1&b.c=2&=3&&d");
	OK("a=..&b=.");			/* values may hold anything */
	OK("x%2Ey=1");
	BAD(".=1");
	BAD("a=1&a.=2");
	BAD("a..b=1");
	BAD("a%2E=1");			/* decoded first */
	BAD("%2E%2E");
	BAD("a.%2e");
	BAD(".hidden=1");
#undef OK
#undef BAD
}
END_TEST

/* A cookie HDF cannot name is dropped, not an error. */
START_TEST(test_cookie_bad_name)
{
	const char	*env[] = { "REQUEST_METHOD=GET", "DOCUMENT_URI=/x",
	    "HTTP_COOKIE=a.=1; ..=2; sid=abc", NULL };

	ck_assert_int_eq(start(env, NULL, 0), 0);
	ck_assert_str_eq(req_cookie(&r, "sid"), "abc");
	finish();
}
END_TEST

/* The same names as a whole request: never a 500. */
START_TEST(test_serve_bad_names)
{
	char		 body[256], len[32];
	const char	*mp[] = { "REQUEST_METHOD=POST", "DOCUMENT_URI=/login",
	    "CONTENT_TYPE=multipart/form-data; boundary=XyZ", len, NULL };
	const char	*out;
	size_t		 i, n;

	for (i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
		n = multipart_named(bad_names[i], body, sizeof body);
		snprintf(len, sizeof len, "CONTENT_LENGTH=%zu", n);
		memio_init(&m, mp, body, n);
		out = test_serve(&app, &m);
		ck_assert_msg(answer_status(out) != 500,
		    "multipart name \"%s\" answered 500", bad_names[i]);
		memio_free(&m);
	}
}
END_TEST

START_TEST(test_json)
{
	static const char deep_open[] = "[";
	char	*deep;
	char	 len[32];
	const char *env[] = { "REQUEST_METHOD=POST", "DOCUMENT_URI=/api/x",
	    "CONTENT_TYPE=application/json; charset=utf-8", len, NULL };
	size_t	 i;

#define JSON(s, want) do { \
	snprintf(len, sizeof len, "CONTENT_LENGTH=%zu", sizeof(s) - 1); \
	ck_assert_int_eq(start_body(env, s, sizeof(s) - 1, ROUTE_JSON), want); \
	finish(); } while (0)

	JSON("{\"party\": 4, \"name\": \"Ola\"}", 0);
	JSON("{\"party\": 4,", 400);
	JSON("{\"a\": 1, \"a\": 2}", 400);		/* duplicate key */
	JSON("{\"a\": \"x\\u0000y\"}", 400);		/* NUL */
	JSON("{\"a\": \"\xff\"}", 400);			/* invalid UTF-8 */
	JSON("{\"a\": \"\\ud800\"}", 400);		/* lone surrogate */
	/* nesting deeper than jansson's limit */
	deep = malloc(20001);
	for (i = 0; i < 20000; i++)
		deep[i] = deep_open[0];
	deep[20000] = '\0';
	snprintf(len, sizeof len, "CONTENT_LENGTH=%d", 20000);
	ck_assert_int_eq(start_body(env, deep, 20000, ROUTE_JSON), 400);
	finish();
	free(deep);
	/* the parsed value is there for the handler */
	snprintf(len, sizeof len, "CONTENT_LENGTH=%d", 10);
	ck_assert_int_eq(start_body(env, "{\"p\": 12}\n", 10, ROUTE_JSON), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "p")), 12);
	finish();
#undef JSON
}
END_TEST

/* ------------------------------------------------------------------ */
/* whole requests through serve_request (no database here)                */
/* ------------------------------------------------------------------ */

static const char *
serve(const char *const *env)
{
	memio_init(&m, env, NULL, 0);
	return test_serve(&app, &m);
}

START_TEST(test_serve_404)
{
	const char	*env[] = { "REQUEST_METHOD=GET", "DOCUMENT_URI=/nope", NULL };
	const char	*api[] = { "REQUEST_METHOD=GET",
	    "DOCUMENT_URI=/api/v1/nope", NULL };
	const char	*out;
	char		 h[256];

	out = serve(env);
	ck_assert_int_eq(answer_status(out), 404);
	ck_assert_str_eq(answer_header(out, "Content-Type", h, sizeof h),
	    "text/html; charset=utf-8");
	ck_assert_ptr_nonnull(answer_header(out, "Content-Security-Policy", h, sizeof h));
	ck_assert_str_eq(answer_header(out, "X-Content-Type-Options", h, sizeof h),
	    "nosniff");
	ck_assert_ptr_nonnull(strstr(answer_body(out), "Not Found"));
	ck_assert_ptr_nonnull(strstr(out, "Status: 404 Not Found\r\n"));
	memio_free(&m);
	out = serve(api);
	ck_assert_int_eq(answer_status(out), 404);
	ck_assert_str_eq(answer_header(out, "Content-Type", h, sizeof h),
	    "application/problem+json");
	ck_assert_ptr_nonnull(strstr(answer_body(out), "\"status\":404"));
	memio_free(&m);
}
END_TEST

START_TEST(test_serve_405)
{
	const char	*env[] = { "REQUEST_METHOD=POST", "DOCUMENT_URI=/",
	    "CONTENT_LENGTH=0", NULL };
	const char	*out;
	char		 h[256];

	out = serve(env);
	ck_assert_int_eq(answer_status(out), 405);
	ck_assert_str_eq(answer_header(out, "Allow", h, sizeof h), "GET, HEAD");
	memio_free(&m);
}
END_TEST

START_TEST(test_serve_bad_input)
{
	const char	*env[] = { "REQUEST_METHOD=GET", "DOCUMENT_URI=/search",
	    "QUERY_STRING=q=%FF", NULL };
	const char	*out;

	out = serve(env);
	ck_assert_int_eq(answer_status(out), 400);
	ck_assert_ptr_nonnull(strstr(answer_body(out), "<html"));
	memio_free(&m);
}
END_TEST

START_TEST(test_serve_db_down)
{
	const char	*page[] = { "REQUEST_METHOD=GET", "DOCUMENT_URI=/r/somewhere", NULL };
	const char	*health[] = { "REQUEST_METHOD=GET", "DOCUMENT_URI=/healthz", NULL };
	const char	*out;
	char		 h[64];

	/* the database is unreachable here: 503 with Retry-After, never 500 */
	out = serve(page);
	ck_assert_int_eq(answer_status(out), 503);
	ck_assert_str_eq(answer_header(out, "Retry-After", h, sizeof h), "5");
	ck_assert_ptr_nonnull(strstr(answer_body(out), "briefly unavailable"));
	memio_free(&m);
	out = serve(health);
	ck_assert_int_eq(answer_status(out), 503);
	ck_assert_ptr_nonnull(strstr(answer_body(out), "\"database\":\"down\""));
	memio_free(&m);
}
END_TEST

START_TEST(test_serve_head_and_slash)
{
	const char	*head[] = { "REQUEST_METHOD=HEAD", "DOCUMENT_URI=/nope", NULL };
	const char	*slash[] = { "REQUEST_METHOD=GET", "DOCUMENT_URI=/search/",
	    "QUERY_STRING=q=x", NULL };
	const char	*out;
	char		 h[64];

	out = serve(head);
	ck_assert_int_eq(answer_status(out), 404);
	ck_assert_str_eq(answer_body(out), "");
	ck_assert_str_ne(answer_header(out, "Content-Length", h, sizeof h), "0");
	memio_free(&m);
	out = serve(slash);
	ck_assert_int_eq(answer_status(out), 308);
	ck_assert_str_eq(answer_header(out, "Location", h, sizeof h), "/search?q=x");
	memio_free(&m);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("req");
	TCase	*tc = tcase_create("Parse");
	TCase	*ts = tcase_create("Serve");
	SRunner	*sr;
	int	 nf;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_query);
	tcase_add_test(tc, test_query_rejects);
	tcase_add_test(tc, test_field_limits);
	tcase_add_test(tc, test_cookies_and_path);
	tcase_add_test(tc, test_env_lookup);
	tcase_add_test(tc, test_form);
	tcase_add_test(tc, test_form_rejects);
	tcase_add_test(tc, test_too_large);
	tcase_add_test(tc, test_content_types);
	tcase_add_test(tc, test_multipart);
	tcase_add_test(tc, test_bad_names);
	tcase_add_test(tc, test_form_names);
	tcase_add_test(tc, test_cookie_bad_name);
	tcase_add_test(tc, test_json);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(ts, setup, teardown);
	tcase_add_test(ts, test_serve_404);
	tcase_add_test(ts, test_serve_405);
	tcase_add_test(ts, test_serve_bad_input);
	tcase_add_test(ts, test_serve_db_down);
	tcase_add_test(ts, test_serve_head_and_slash);
	tcase_add_test(ts, test_serve_bad_names);
	suite_add_tcase(s, ts);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
