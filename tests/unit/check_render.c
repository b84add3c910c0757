/* check_render.c: every template that prints user data, fed hostile values. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include <check.h>

static struct app	 app;
static struct memio	 m;
static struct req	 r;
static struct resp	 w;

static const char *const payloads[] = {
	"<script>alert(1)</script>",
	"\"><svg onload=alert(2)>",
	"' onmouseover='alert(3)",
	"</textarea><img src=x onerror=alert(4)>",
};

/* What must never appear raw in a page. */
static const char *const forbidden[] = {
	"<script>alert", "<svg", "onload=alert(2)>", "' onmouseover='",
	"<img src=x", "javascript:",
};

static void
begin(const char *extra)
{
	const char	*env[] = { "REQUEST_METHOD=GET", "DOCUMENT_URI=/x", NULL };
	int		 status;

	test_app_init(&app, extra);
	memio_init(&m, env, NULL, 0);
	ck_assert_ptr_null(req_init(&r, &app, &m.io, &status));
	ck_assert_int_eq(status, 0);
	resp_init(&w);
}

static void
end(void)
{
	resp_free(&w);
	req_free(&r);
	memio_free(&m);
	test_app_free(&app);
}

static void
put(const char *name, const char *value)
{
	ck_assert_ptr_null(hdf_set_value(r.hdf, name, value));
}

/* Fill every user-controlled value a page shows with payload i. */
static void
hostile_data(int i)
{
	const char	*p = payloads[i % 4];

	put("Page.Query.q", p);
	put("Page.Query.city", p);
	put("Page.Query.cuisine", p);
	put("Page.Cities.0.Value", p);
	put("Page.Cities.0.Count", "1");
	put("Page.Cuisines.0.Value", p);
	put("Page.Cuisines.0.Count", "1");
	put("Page.Results.0.Slug", "ok-slug");
	put("Page.Results.0.Name", p);
	put("Page.Results.0.Cuisine", p);
	put("Page.Results.0.City", p);
	put("Page.Results.0.Address", p);
	put("Page.Results.0.Rating", "4.5");
	put("Page.Results.0.RatingCount", "2");
	put("Page.Featured.0.Slug", "ok-slug");
	put("Page.Featured.0.Name", p);
	put("Page.Featured.0.Cuisine", p);
	put("Page.Featured.0.City", p);
	put("Page.Featured.0.Address", p);
	put("Page.Total", "1");
	put("Page.Page", "1");
	put("Page.Pages", "1");
	put("Page.R.Slug", "ok-slug");
	put("Page.R.Name", p);
	put("Page.R.Description", p);
	put("Page.R.Cuisine", p);
	put("Page.R.Address", p);
	put("Page.R.City", p);
	put("Page.R.PostalCode", p);
	put("Page.R.Country", p);
	put("Page.R.Phone", p);
	put("Page.R.Email", p);
	put("Page.R.Website", "javascript:alert(5)");
	put("Page.R.Timezone", p);
	put("Page.R.TzCity", p);
	put("Page.R.UtcOffset", "+02:00");
	put("Page.R.LocalTime", "12:00");
	put("Page.R.Days.1.Weekday", "1");
	put("Page.R.Days.1.Services.0.Opens", "12:00");
	put("Page.R.Days.1.Services.0.Closes", "15:00");
	put("Page.R.Days.1.Services.0.Name", p);
	put("Page.R.Closures.0.From", "2026-12-24");
	put("Page.R.Closures.0.To", "2026-12-26");
	put("Page.R.Closures.0.Reason", p);
	put("Page.Error.Status", "404");
	put("Page.Error.Reason", p);
}

/*
 * A restaurant page shows parts rendered apart (and kept by the worker):
 * render them from the data as the app does, as Page.Html.*.
 */
static void
put_parts(void)
{
	static const char *const parts[] = { "crumbs", "head", "info", "side" };
	STRING		 s;
	char		 key[32];
	size_t		 i;

	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		string_init(&s);
		put("Part", parts[i]);
		ck_assert_ptr_null(render_part(&app, "diner/restaurant_parts.cs",
		    r.hdf, &s));
		ck_assert_int_gt(s.len, 20);
		snprintf(key, sizeof key, "Page.Html.%s", parts[i]);
		put(key, s.buf);
		string_clear(&s);
	}
}

/* The rendered page has no raw payload and shows the escaped one. */
static void
assert_escaped(const char *tmpl, const char *out)
{
	size_t	 i;

	for (i = 0; i < sizeof forbidden / sizeof forbidden[0]; i++)
		ck_assert_msg(strstr(out, forbidden[i]) == NULL,
		    "%s shows \"%s\" unescaped", tmpl, forbidden[i]);
}

static const char *const templates[] = {
	"diner/home.cs", "diner/search.cs", "diner/restaurant.cs", "error/error.cs",
};

START_TEST(test_templates_escape)
{
	const char	*t = templates[_i / 4];

	begin(NULL);
	hostile_data(_i);
	if (strcmp(t, "diner/restaurant.cs") == 0)
		put_parts();
	ck_assert_ptr_null(render_page(&r, &w, t));
	ck_assert_int_gt(w.body.len, 100);
	assert_escaped(t, w.body.buf);
	/* the value itself is there, escaped */
	if (_i % 4 == 0 && strcmp(t, "error/error.cs") != 0)
		ck_assert_msg(strstr(w.body.buf,
		    "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL,
		    "%s lost the value", t);
	end();
}
END_TEST

START_TEST(test_website_href)
{
	begin(NULL);
	hostile_data(0);
	put_parts();
	ck_assert_ptr_null(render_page(&r, &w, "diner/restaurant.cs"));
	/* a javascript: URL is neutralised, an https one kept */
	ck_assert_ptr_null(strstr(w.body.buf, "href=\"javascript"));
	resp_free(&w);
	resp_init(&w);
	put("Page.R.Website", "https://example.org/?a=1&b=2");
	put_parts();
	ck_assert_ptr_null(render_page(&r, &w, "diner/restaurant.cs"));
	ck_assert_ptr_nonnull(strstr(w.body.buf,
	    "href=\"https://example.org/?a=1&amp;b=2\""));
	end();
}
END_TEST

START_TEST(test_lang_and_layout)
{
	begin(NULL);
	put("Page.Error.Status", "503");
	put("Page.Error.Reason", "Service Unavailable");
	ck_assert_ptr_null(render_page(&r, &w, "error/error.cs"));
	ck_assert_ptr_nonnull(strstr(w.body.buf, "<!DOCTYPE html>"));
	ck_assert(strncmp(w.body.buf, "<!DOCTYPE html>", 15) == 0);
	ck_assert_ptr_nonnull(strstr(w.body.buf, "briefly unavailable"));
	ck_assert_ptr_nonnull(strstr(w.body.buf, "/static/css/stolik.css?v="));
	ck_assert_str_eq(render_lang(&app, "Weekday.1"), "Monday");
	ck_assert_str_eq(render_lang(&app, "No.Such.Key"), "");
	end();
}
END_TEST

#ifdef STOLIK_TEST_HOOKS
/* Negative control: with escaping switched off the same check goes red. */
START_TEST(test_negative_control)
{
	begin("Test.EscapeMode = none");
	hostile_data(0);
	put_parts();
	ck_assert_ptr_null(render_page(&r, &w, "diner/restaurant.cs"));
	ck_assert_ptr_nonnull(strstr(w.body.buf, "<script>alert(1)</script>"));
	end();
}
END_TEST
#endif

int
main(void)
{
	Suite	*s = suite_create("render");
	TCase	*tc = tcase_create("Escaping");
	SRunner	*sr;
	int	 nf;

	tcase_add_loop_test(tc, test_templates_escape, 0, 16);
	tcase_add_test(tc, test_website_href);
	tcase_add_test(tc, test_lang_and_layout);
#ifdef STOLIK_TEST_HOOKS
	tcase_add_test(tc, test_negative_control);
#endif
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
