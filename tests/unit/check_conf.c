/* check_conf.c: unit tests of lib/conf.c. */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

static char	 path[64];

/* Write text to a fresh configuration file at path. */
static void
write_conf(const char *text)
{
	FILE	*f;
	int	 fd;

	snprintf(path, sizeof path, "/tmp/stolik-conf.XXXXXX");
	ck_assert_int_ge(fd = mkstemp(path), 0);
	ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
	fputs(text, f);
	fclose(f);
}

static void
setup(void)
{
	ck_assert_ptr_null(err_init());
}

static void
teardown(void)
{
	unlink(path);
}

/* conf_load must fail with ERR_CONFIG on text. */
static void
refused(const char *text)
{
	HDF	*h = NULL;
	NEOERR	*err;

	write_conf(text);
	err = conf_load(path, &h);
	ck_assert_ptr_nonnull(err);
	ck_assert_ptr_null(h);
	ck_assert_msg(nerr_match(err, ERR_CONFIG), "wrong error type for: %s", text);
	nerr_ignore(&err);
	unlink(path);
}

START_TEST(test_good)
{
	HDF	*h = NULL;

	write_conf("App.BaseUrl = https://x.example\nApp.Workers = 8\n"
	    "DB.Conninfo = dbname=stolik\n");
	ck_assert_ptr_null(conf_load(path, &h));
	ck_assert_ptr_nonnull(h);
	ck_assert_str_eq(hdf_get_value(h, "DB.Conninfo", ""), "dbname=stolik");
	ck_assert_int_eq(conf_int(h, "App.Workers", 4, 1, 64), 8);
	ck_assert_int_eq(conf_int(h, "App.Missing", 4, 1, 64), 4);
	hdf_destroy(&h);
}
END_TEST

START_TEST(test_refused)
{
	refused("App.BaseUrl = https://x.example\n");		/* no conninfo */
	refused("App.BaseUrl = ftp://x\nDB.Conninfo = x\n");
	refused("App.BaseUrl = https://x.example/\nDB.Conninfo = x\n");
	refused("App.BaseUrl = https://x\"y\nDB.Conninfo = x\n");
	refused("App.BaseUrl = https://x\nDB.Conninfo = x\nApp.Workers = 0\n");
	refused("App.BaseUrl = https://x\nDB.Conninfo = x\nApp.Workers = many\n");
	refused("App.BaseUrl = https://x\nDB.Conninfo = x\nApp.MaxBody = 10\n");
	refused("App.BaseUrl = https://x\nDB.Conninfo = x\nApp.SharedCacheMB = 5000\n");
	refused("App.BaseUrl = https://x\nDB.Conninfo = x\nApp.SharedCacheMB = -1\n");
	/* links, which ClearSilver follows round a loop until the stack ends */
	refused("App.BaseUrl = https://x\nDB.Conninfo = x\nA : B\nB : A\n");
	refused("App {\n  BaseUrl = https://x\n}\nDB.Conninfo : App.BaseUrl\n");
}
END_TEST

START_TEST(test_missing_file)
{
	HDF	*h = NULL;
	NEOERR	*err;

	err = conf_load("/nonexistent/stolik.hdf", &h);
	ck_assert_ptr_nonnull(err);
	ck_assert_ptr_null(h);
	nerr_ignore(&err);
}
END_TEST

START_TEST(test_path)
{
	setenv("STOLIK_CONFIG", "/from/env.hdf", 1);
	ck_assert_str_eq(conf_path("/from/arg.hdf"), "/from/arg.hdf");
	ck_assert_str_eq(conf_path(NULL), "/from/env.hdf");
	unsetenv("STOLIK_CONFIG");
	ck_assert_str_eq(conf_path(NULL), SYSCONFDIR "/stolik/stolik.hdf");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("conf");
	TCase	*tc = tcase_create("Core");
	SRunner	*sr;
	int	 nf;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_good);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_path);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
