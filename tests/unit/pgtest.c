/* pgtest.c: throwaway databases for the unit tests that need PostgreSQL. */
#include "pgtest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

void
pgtest_require(void)
{
	if (getenv("STOLIK_TEST_PGDSN") == NULL) {
		printf("1..0 # SKIP STOLIK_TEST_PGDSN is not set (run under with_pg.sh)\n");
		exit(0);
	}
}

void
pgtest_sql(const char *conninfo, const char *sql)
{
	PGconn		*c = PQconnectdb(conninfo);
	PGresult	*r;

	ck_assert_msg(PQstatus(c) == CONNECTION_OK, "%s", PQerrorMessage(c));
	r = PQexecParams(c, sql, 0, NULL, NULL, NULL, NULL, 0);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK ||
	    PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", sql,
	    PQresultErrorMessage(r));
	PQclear(r);
	PQfinish(c);
}

const char *
pgtest_value(const char *conninfo, const char *sql, char *buf, size_t sz)
{
	PGconn		*c = PQconnectdb(conninfo);
	PGresult	*r;

	ck_assert_msg(PQstatus(c) == CONNECTION_OK, "%s", PQerrorMessage(c));
	r = PQexecParams(c, sql, 0, NULL, NULL, NULL, NULL, 0);
	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1,
	    "%s: %s", sql, PQresultErrorMessage(r));
	snprintf(buf, sz, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	PQfinish(c);
	return buf;
}

const char *
pgtest_createdb(const char *name)
{
	static char	 conninfo[512];
	char		 sql[256];
	const char	*base = getenv("STOLIK_TEST_PGDSN");

	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	pgtest_sql(base, sql);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
	pgtest_sql(base, sql);
	/* a later dbname overrides the one in the base string */
	snprintf(conninfo, sizeof conninfo, "%s dbname=%s", base, name);
	return conninfo;
}

void
pgtest_migrate(const char *conninfo, bool demo)
{
	struct db	*db = NULL;
	NEOERR		*err;
	char		 dir[1024], *sql = NULL;
	int		 applied = 0;

	ck_assert_ptr_null(err_init());
	snprintf(dir, sizeof dir, "%s/sql", getenv("TEST_SRCDIR"));
	ck_assert_ptr_null(db_open(conninfo, false, &db));
	err = migrate_run(db, dir, false, &applied);
	if (err != STATUS_OK)
		nerr_log_error(err);
	ck_assert_ptr_null(err);
	ck_assert_int_gt(applied, 0);
	if (demo) {
		snprintf(dir, sizeof dir, "%s/sql/demo.sql", getenv("TEST_SRCDIR"));
		ck_assert_ptr_null(ne_load_file(dir, &sql));
		ck_assert_ptr_null(db_begin(db));
		err = db_exec_script(db, sql);
		if (err != STATUS_OK)
			nerr_log_error(err);
		ck_assert_ptr_null(err);
		ck_assert_ptr_null(db_commit(db));
		free(sql);
	}
	db_close(db);
}

int
pgtest_ctl(const char *args)
{
	char	 cmd[1024];

	snprintf(cmd, sizeof cmd, "%s %s >/dev/null 2>&1", getenv("STOLIK_TEST_PGCTL"),
	    args);
	return system(cmd);
}
