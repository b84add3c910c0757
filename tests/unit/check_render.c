/* check_render.c: every template that prints user data, fed hostile values. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* ------------------------------------------------------------------ */
/* languages (issue 19)                                                  */
/* ------------------------------------------------------------------ */

/* Render tpl (a template text that may include layout/macros.cs) over r. */
static char *
render_text_tpl(const char *tpl)
{
	char	 path[] = "/tmp/check_render_XXXXXX.cs";
	STRING	 out;
	char	*res;
	FILE	*f;
	int	 fd;

	ck_assert_int_ge(fd = mkstemps(path, 3), 0);
	ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
	fputs(tpl, f);
	fclose(f);
	string_init(&out);
	ck_assert_ptr_null(render_part(&app, path, r.hdf, &out));
	unlink(path);
	res = strdup(out.buf != NULL ? out.buf : "");
	string_clear(&out);
	return res;
}

/* plural(n, forms): one/few/many in Russian and Ukrainian, one/other in English. */
START_TEST(test_plural_forms)
{
	static const struct {
		const char	*lang;
		int		 n;
		const char	*form;
	} cases[] = {
		{ "ru", 1, "one" }, { "ru", 2, "few" }, { "ru", 5, "many" },
		{ "ru", 11, "many" }, { "ru", 12, "many" }, { "ru", 14, "many" },
		{ "ru", 21, "one" }, { "ru", 22, "few" }, { "ru", 25, "many" },
		{ "ru", 0, "many" }, { "ru", 101, "one" }, { "ru", 111, "many" },
		{ "uk", 1, "one" }, { "uk", 3, "few" }, { "uk", 11, "many" },
		{ "uk", 21, "one" }, { "uk", 24, "few" }, { "uk", 25, "many" },
		{ "en", 1, "one" }, { "en", 0, "other" }, { "en", 2, "other" },
		{ "en", 21, "other" },
	};
	size_t	 i;
	char	*got;

	begin(NULL);
	put("F.one", "one");
	put("F.few", "few");
	put("F.many", "many");
	put("F.other", "other");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		put("Req.Lang", cases[i].lang);
		ck_assert_ptr_null(hdf_set_int_value(r.hdf, "N", cases[i].n));
		got = render_text_tpl("<?cs include:\"layout/macros.cs\" ?>"
		    "[<?cs call:plural(N, F) ?>]");
		ck_assert_msg(strstr(got, cases[i].form) != NULL &&
		    strstr(got, "[") != NULL, "%s %d: %s, want %s", cases[i].lang,
		    cases[i].n, got, cases[i].form);
		free(got);
	}
	end();
}
END_TEST

/* hdate (the template) and lang_date (C, for mails) write dates alike. */
START_TEST(test_dates)
{
	static const struct {
		const char	*lang, *want;
	} cases[] = {
		{ "en", "Tue 8 Dec 2026" },
		{ "ru", "вт, 8 дек. 2026" },
		{ "uk", "вт, 8 груд. 2026" },
	};
	char	 buf[64], *got, want[80];
	HDF	*h = NULL;
	size_t	 i;

	begin(NULL);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		put("Req.Lang", cases[i].lang);
		got = render_text_tpl("<?cs include:\"layout/macros.cs\" ?>"
		    "[<?cs call:hdate(\"2026-12-08\") ?>]");
		snprintf(want, sizeof want, "[%s]", cases[i].want);
		ck_assert_msg(strstr(got, want) != NULL, "%s: %s", cases[i].lang,
		    got);
		free(got);
		/* and the mailer's C twin, over the language's strings */
		ck_assert_ptr_null(hdf_init(&h));
		ck_assert_ptr_null(lang_read(h, hdf_get_value(app.conf,
		    "App.TemplateDir", ""), cases[i].lang));
		lang_date(h, "2026-12-08", buf, sizeof buf);
		ck_assert_str_eq(buf, cases[i].want);
		hdf_destroy(&h);
	}
	end();
}
END_TEST

START_TEST(test_accept_language)
{
	static const char *const langs[] = { "en", "ru", "uk" };

	ck_assert_int_eq(lang_accept("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7",
	    langs, 3), 1);
	ck_assert_int_eq(lang_accept("uk", langs, 3), 2);
	ck_assert_int_eq(lang_accept("uk-UA", langs, 3), 2);
	ck_assert_int_eq(lang_accept("en;q=0.5, uk;q=0.9", langs, 3), 2);
	ck_assert_int_eq(lang_accept("de-DE,de;q=0.9", langs, 3), -1);
	ck_assert_int_eq(lang_accept("de, ru;q=0.3", langs, 3), 1);
	ck_assert_int_eq(lang_accept("ru;q=0", langs, 3), -1);
	ck_assert_int_eq(lang_accept("*", langs, 3), -1);
	ck_assert_int_eq(lang_accept("", langs, 3), -1);
	ck_assert_int_eq(lang_accept(NULL, langs, 3), -1);
	ck_assert_int_eq(lang_accept("RU", langs, 3), 1);
	ck_assert_int_eq(lang_accept("russian", langs, 3), -1);
	ck_assert_int_eq(lang_accept("ru;q=0.1,uk;q=0.1", langs, 3), 1);
	ck_assert_int_eq(lang_accept(",,;q=,ru;q=x", langs, 3), -1);
}
END_TEST

START_TEST(test_numbers)
{
	char	 b[64];

	num_localize("1234.5", ",", "\xc2\xa0", b, sizeof b);
	ck_assert_str_eq(b, "1\xc2\xa0" "234,5");
	num_localize("1234567.25", ".", ",", b, sizeof b);
	ck_assert_str_eq(b, "1,234,567.25");
	num_localize("-4.0", ",", " ", b, sizeof b);
	ck_assert_str_eq(b, "-4,0");
	num_localize("999", ",", " ", b, sizeof b);
	ck_assert_str_eq(b, "999");
	num_localize("4.5", NULL, NULL, b, sizeof b);
	ck_assert_str_eq(b, "4.5");
	num_localize("123456", ",", ",", b, 4);
	ck_assert_str_eq(b, "123");
	money_text_local("{amount}\xc2\xa0€", 125050, "EUR", 2, ",", "\xc2\xa0",
	    b, sizeof b);
	ck_assert_str_eq(b, "1\xc2\xa0" "250,50\xc2\xa0€");
	/* the same through the language files, as pages get them */
	begin(NULL);
	put("Req.Lang", "ru");
	ck_assert_ptr_null(hdf_set_num(r.hdf, "X", 1234.5, 1));
	ck_assert_str_eq(hdf_get_value(r.hdf, "X", ""), "1\xc2\xa0" "234,5");
	put("Req.Lang", "uk");
	ck_assert_ptr_null(hdf_set_num(r.hdf, "X", 4, 1));
	ck_assert_str_eq(hdf_get_value(r.hdf, "X", ""), "4,0");
	put("Req.Lang", "en");
	ck_assert_ptr_null(hdf_set_num(r.hdf, "X", 1234.5, 1));
	ck_assert_str_eq(hdf_get_value(r.hdf, "X", ""), "1,234.5");
	end();
}
END_TEST

/* The request's language: cookie, then Accept-Language, then the default. */
START_TEST(test_pick_lang)
{
	static const struct {
		const char	*al, *cookie, *want;
	} cases[] = {
		{ "HTTP_ACCEPT_LANGUAGE=ru-RU,ru;q=0.9", NULL, "ru" },
		{ "HTTP_ACCEPT_LANGUAGE=uk", NULL, "uk" },
		{ "HTTP_ACCEPT_LANGUAGE=de", NULL, "en" },
		{ "HTTP_ACCEPT_LANGUAGE=ru", "HTTP_COOKIE=lang=uk", "uk" },
		{ "HTTP_ACCEPT_LANGUAGE=ru", "HTTP_COOKIE=lang=xx", "ru" },
		{ "HTTP_X=1", "HTTP_COOKIE=lang=ru", "ru" },
	};
	const char	*env[5];
	char		 want[40];
	size_t		 i;
	int		 status;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		env[0] = "REQUEST_METHOD=GET";
		env[1] = "DOCUMENT_URI=/x";
		env[2] = cases[i].al;
		env[3] = cases[i].cookie;
		env[4] = NULL;
		test_app_init(&app, NULL);
		memio_init(&m, env, NULL, 0);
		ck_assert_ptr_null(req_init(&r, &app, &m.io, &status));
		resp_init(&w);
		ck_assert_str_eq(r.lang, cases[i].want);
		put("Page.Error.Status", "404");
		ck_assert_ptr_null(render_page(&r, &w, "error/error.cs"));
		snprintf(want, sizeof want, "<html lang=\"%s\">", cases[i].want);
		ck_assert_msg(strstr(w.body.buf, want) != NULL, "%s", want);
		end();
	}
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
	tcase_add_test(tc, test_plural_forms);
	tcase_add_test(tc, test_dates);
	tcase_add_test(tc, test_accept_language);
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_pick_lang);
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
