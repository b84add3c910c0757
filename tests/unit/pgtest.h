/* pgtest.h: throwaway databases for the unit tests that need PostgreSQL. */
#ifndef STOLIK_PGTEST_H
#define STOLIK_PGTEST_H

#include "stolik.h"

/* Print a TAP skip and exit if there is no test cluster. */
void	 pgtest_require(void);
/* (Re)create database name; its conninfo (static storage until next call). */
const char *pgtest_createdb(const char *name);
/* Run one SQL statement on conninfo, failing the test on error. */
void	 pgtest_sql(const char *conninfo, const char *sql);
/* The first value of a one-row query, copied into buf. */
const char *pgtest_value(const char *conninfo, const char *sql, char *buf,
	    size_t sz);
/* Apply every migration of TEST_SRCDIR/sql, then optionally sql/demo.sql. */
void	 pgtest_migrate(const char *conninfo, bool demo);
/* Run pg_ctl with args against the test cluster; its exit status. */
int	 pgtest_ctl(const char *args);

#endif
