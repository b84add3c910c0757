/* check_migrate.c: unit tests of lib/migrate.c. */
#include "pgtest.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

static const char	*dsn;
static struct db	*db;
static char		 dir[64];

/* Write a migration file into the scratch directory. */
static void
put_file(const char *name, const char *text)
{
	char	 path[256];
	FILE	*f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

static void
setup(void)
{
	ck_assert_ptr_null(err_init());
	ck_assert(sec_init());
	dsn = pgtest_createdb("t_migrate");
	ck_assert_ptr_null(db_open(dsn, false, &db));
	snprintf(dir, sizeof dir, "/tmp/stolik-mig.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	put_file("0001_first.sql", "CREATE TABLE one (id int);\n");
	put_file("0002_second.sql", "CREATE TABLE two (id int);\nINSERT INTO two VALUES (2);\n");
	put_file("README", "not a migration\n");
}

static void
teardown(void)
{
	char	 cmd[128];

	db_close(db);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static int
run(bool dry, NEOERR **errp)
{
	int	 applied = -1;

	*errp = migrate_run(db, dir, dry, &applied);
	return applied;
}

static int
count(const char *sql)
{
	char	 buf[32];

	return atoi(pgtest_value(dsn, sql, buf, sizeof buf));
}

/* migrate_run must fail with ERR_CONFIG mentioning what. */
static void
refused(const char *what)
{
	NEOERR	*err;
	STRING	 s;

	run(false, &err);
	ck_assert_ptr_nonnull(err);
	string_init(&s);
	nerr_error_string(err, &s);
	ck_assert_msg(strstr(s.buf, what) != NULL, "error \"%s\" lacks \"%s\"",
	    s.buf, what);
	string_clear(&s);
	nerr_ignore(&err);
}

START_TEST(test_apply_once)
{
	NEOERR	*err;

	ck_assert_int_eq(run(false, &err), 2);
	ck_assert_ptr_null(err);
	ck_assert_int_eq(count("SELECT count(*) FROM schema_migrations"), 2);
	ck_assert_int_eq(count("SELECT id FROM two"), 2);
	/* a second run changes nothing */
	ck_assert_int_eq(run(false, &err), 0);
	ck_assert_ptr_null(err);
	ck_assert_int_eq(count("SELECT count(*) FROM schema_migrations"), 2);
	/* a new file is applied on its own */
	put_file("0003_third.sql", "ALTER TABLE one ADD COLUMN name text;\n");
	ck_assert_int_eq(run(false, &err), 1);
	ck_assert_ptr_null(err);
	ck_assert_int_eq(count("SELECT max(version) FROM schema_migrations"), 3);
}
END_TEST

START_TEST(test_dry_run)
{
	NEOERR	*err;

	ck_assert_int_eq(run(true, &err), 2);
	ck_assert_ptr_null(err);
	ck_assert_int_eq(count("SELECT count(*) FROM schema_migrations"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM pg_tables WHERE tablename = 'one'"), 0);
}
END_TEST

START_TEST(test_changed_file)
{
	NEOERR	*err;

	run(false, &err);
	ck_assert_ptr_null(err);
	put_file("0001_first.sql", "CREATE TABLE one (id int); -- edited\n");
	refused("0001_first.sql changed");
}
END_TEST

START_TEST(test_missing_file)
{
	char	 path[256];
	NEOERR	*err;

	run(false, &err);
	ck_assert_ptr_null(err);
	snprintf(path, sizeof path, "%s/0002_second.sql", dir);
	unlink(path);
	refused("0002_second.sql is missing");
}
END_TEST

START_TEST(test_failure_rolls_back)
{
	put_file("0003_broken.sql", "CREATE TABLE three (id int);\nSELEC oops;\n");
	refused("line 2");
	/* 0001 and 0002 stay applied, nothing of 0003 remains */
	ck_assert_int_eq(count("SELECT count(*) FROM schema_migrations"), 2);
	ck_assert_int_eq(count("SELECT count(*) FROM pg_tables WHERE tablename = 'three'"), 0);
}
END_TEST

START_TEST(test_no_own_transactions)
{
	put_file("0003_commits.sql", "CREATE TABLE three (id int);\nCOMMIT;\n");
	refused("must not contain BEGIN, COMMIT");
}
END_TEST

START_TEST(test_duplicate_number)
{
	put_file("0002_other.sql", "SELECT 1;\n");
	refused("share a number");
}
END_TEST

/* The real migrations apply to an empty database, and twice is a no-op. */
START_TEST(test_real_migrations)
{
	char	 real[1024];
	int	 applied;
	NEOERR	*err;

	snprintf(real, sizeof real, "%s/sql", getenv("TEST_SRCDIR"));
	err = migrate_run(db, real, false, &applied);
	ck_assert_ptr_null(err);
	ck_assert_int_gt(applied, 0);
	err = migrate_run(db, real, false, &applied);
	ck_assert_ptr_null(err);
	ck_assert_int_eq(applied, 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("migrate");
	TCase	*tc = tcase_create("Core");
	SRunner	*sr;
	int	 nf;

	pgtest_require();
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_apply_once);
	tcase_add_test(tc, test_dry_run);
	tcase_add_test(tc, test_changed_file);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_failure_rolls_back);
	tcase_add_test(tc, test_no_own_transactions);
	tcase_add_test(tc, test_duplicate_number);
	tcase_add_test(tc, test_real_migrations);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
