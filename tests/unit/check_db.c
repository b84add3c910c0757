/* check_db.c: unit tests of lib/db.c against a throwaway PostgreSQL cluster. */
#include "pgtest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

static const char	*dsn;
static struct db	*db;

static void
setup(void)
{
	ck_assert_ptr_null(err_init());
	dsn = pgtest_createdb("t_db");
	pgtest_migrate(dsn, false);
	ck_assert_ptr_null(db_open(dsn, true, &db));
	ck_assert_ptr_nonnull(db->conn);
}

static void
teardown(void)
{
	db_close(db);
	db = NULL;
}

/* Kill this handle's backend from another connection, as a restart would. */
static void
kill_backend(void)
{
	char	 sql[128];

	snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%d)",
	    PQbackendPID(db->conn));
	pgtest_sql(dsn, sql);
	usleep(100 * 1000);
}

static void
ping_ok(void)
{
	PGresult	*r = NULL;
	NEOERR		*err;

	err = db_exec(db, STMT_PING, 0, NULL, &r);
	if (err != STATUS_OK)
		nerr_log_error(err);
	ck_assert_ptr_null(err);
	ck_assert_str_eq(db_str(r, 0, 0), "1");
	PQclear(r);
}

START_TEST(test_exec)
{
	const char	*p[1] = { "41" };
	PGresult	*r = NULL;

	ck_assert_ptr_null(db_exec_sql(db, "SELECT $1::int + 1, NULL::text, "
	    "true, 2.5::float8", 1, p, &r));
	ck_assert_int_eq(db_int(r, 0, 0), 42);
	ck_assert(db_null(r, 0, 1));
	ck_assert_str_eq(db_str(r, 0, 1), "");
	ck_assert(db_bool(r, 0, 2));
	ck_assert(db_double(r, 0, 3) == 2.5);
	PQclear(r);
	ping_ok();
	ck_assert(db_ping(db));
}
END_TEST

START_TEST(test_down)
{
	struct db	*d = NULL;
	PGresult	*r = NULL;
	NEOERR		*err;

	/* a server that is not there: the handle exists, statements say "down" */
	ck_assert_ptr_null(db_open("host=/nonexistent dbname=x connect_timeout=1",
	    true, &d));
	ck_assert(d->conn == NULL || PQstatus(d->conn) != CONNECTION_OK);
	err = db_exec(d, STMT_PING, 0, NULL, &r);
	ck_assert_ptr_nonnull(err);
	ck_assert(nerr_match(err, ERR_DB_DOWN));
	ck_assert_ptr_null(r);
	nerr_ignore(&err);
	ck_assert(!db_ping(d));
	db_close(d);
}
END_TEST

START_TEST(test_reconnect)
{
	ping_ok();
	kill_backend();
	/* outside a transaction the statement is retried on a new connection,
	 * with every statement prepared again */
	ping_ok();
	ck_assert_uint_eq(db->reconnects, 1);
}
END_TEST

START_TEST(test_no_retry_in_transaction)
{
	PGresult	*r = NULL;
	NEOERR		*err;

	ck_assert_ptr_null(db_begin(db));
	kill_backend();
	err = db_exec(db, STMT_PING, 0, NULL, &r);
	ck_assert_ptr_nonnull(err);
	ck_assert(nerr_match(err, ERR_DB_DOWN));
	nerr_ignore(&err);
	ck_assert(!db->in_tx);
	usleep(300 * 1000);	/* past the reconnect pause */
	ping_ok();
}
END_TEST

START_TEST(test_server_restart)
{
	PGresult	*r = NULL;
	NEOERR		*err;

	ping_ok();
	ck_assert_int_eq(pgtest_ctl("stop -m fast -w"), 0);
	err = db_exec(db, STMT_PING, 0, NULL, &r);
	ck_assert_ptr_nonnull(err);
	ck_assert(nerr_match(err, ERR_DB_DOWN));
	nerr_ignore(&err);
	ck_assert_int_eq(pgtest_ctl("start -w -t 60 -l /dev/null"), 0);
	usleep(300 * 1000);
	ping_ok();
	ck_assert_uint_ge(db->reconnects, 1);
}
END_TEST

START_TEST(test_sql_errors)
{
	PGresult	*r = NULL;
	NEOERR		*err;

	err = db_exec_sql(db, "SELECT nonsense FROM nowhere", 0, NULL, &r);
	ck_assert_ptr_nonnull(err);
	ck_assert(nerr_match(err, ERR_DB));
	ck_assert_str_eq(db->sqlstate, "42P01");
	nerr_ignore(&err);
	ping_ok();	/* the connection is still fine */
	err = db_exec_script(db, "SELECT 1;\nSELEC 2;\n");
	ck_assert_ptr_nonnull(err);
	{
		STRING	 s;

		string_init(&s);
		nerr_error_string(err, &s);
		ck_assert_ptr_nonnull(strstr(s.buf, "line 2"));
		string_clear(&s);
	}
	nerr_ignore(&err);
}
END_TEST

/* The schema's exclusion constraint is what refuses a double booking. */
START_TEST(test_exclusion_constraint)
{
	PGresult	*r = NULL;
	NEOERR		*err;
	static const char *booking =
	    "INSERT INTO reservations (code, restaurant_id, table_id, party_size,"
	    " starts_at, ends_at, status) SELECT $1, t.restaurant_id, t.id, 2,"
	    " $2::timestamptz, $2::timestamptz + interval '2 hours', 'confirmed'"
	    " FROM dining_tables t WHERE t.label = 'T1'";
	const char	*p1[2] = { "AAAAAAAA", "2030-01-01 19:00Z" };
	const char	*p2[2] = { "BBBBBBBB", "2030-01-01 20:00Z" };
	const char	*p3[2] = { "CCCCCCCC", "2030-01-01 21:00Z" };

	pgtest_sql(dsn, "INSERT INTO users (email, role) VALUES ('o@x.test', 'owner')");
	pgtest_sql(dsn, "INSERT INTO restaurants (owner_id, slug, name, timezone)"
	    " SELECT id, 'r', 'R', 'Europe/Kyiv' FROM users");
	pgtest_sql(dsn, "INSERT INTO dining_tables (restaurant_id, label, seats_min,"
	    " seats_max) SELECT id, 'T1', 1, 4 FROM restaurants");
	ck_assert_ptr_null(db_exec_sql(db, booking, 2, p1, &r));
	PQclear(r);
	err = db_exec_sql(db, booking, 2, p2, &r);
	ck_assert_ptr_nonnull(err);
	ck_assert_str_eq(db->sqlstate, "23P01");
	ck_assert_str_eq(db->constraint, "reservations_no_overlap");
	ck_assert_int_eq(db_conflict_of(db->sqlstate), DB_EXCLUSION);
	nerr_ignore(&err);
	/* back to back is fine: ranges are [start, end) */
	ck_assert_ptr_null(db_exec_sql(db, booking, 2, p3, &r));
	PQclear(r);
}
END_TEST

START_TEST(test_conflict_map)
{
	ck_assert_int_eq(db_conflict_of("23505"), DB_UNIQUE);
	ck_assert_int_eq(db_conflict_of("23P01"), DB_EXCLUSION);
	ck_assert_int_eq(db_conflict_of("23503"), DB_FOREIGN_KEY);
	ck_assert_int_eq(db_conflict_of("23514"), DB_CHECK);
	ck_assert_int_eq(db_conflict_of("22P02"), DB_CHECK);
	ck_assert_int_eq(db_conflict_of("40001"), DB_RETRY);
	ck_assert_int_eq(db_conflict_of("40P01"), DB_RETRY);
	ck_assert_int_eq(db_conflict_of("55P03"), DB_LOCKED);
	ck_assert_int_eq(db_conflict_of("42P01"), DB_OK);
}
END_TEST

START_TEST(test_reset_request)
{
	ck_assert(db_reset_request(db));
	ck_assert_ptr_null(db_begin(db));
	/* a request that forgot its transaction: rolled back, reported */
	ck_assert(!db_reset_request(db));
	ck_assert_int_eq(PQtransactionStatus(db->conn), PQTRANS_IDLE);
	ck_assert(db_reset_request(db));
	ck_assert_ptr_null(db_begin(db));
	ck_assert_ptr_null(db_commit(db));
	ck_assert(db_reset_request(db));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("db");
	TCase	*tc = tcase_create("Core");
	SRunner	*sr;
	int	 nf;

	pgtest_require();
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_exec);
	tcase_add_test(tc, test_down);
	tcase_add_test(tc, test_reconnect);
	tcase_add_test(tc, test_no_retry_in_transaction);
	tcase_add_test(tc, test_server_restart);
	tcase_add_test(tc, test_sql_errors);
	tcase_add_test(tc, test_exclusion_constraint);
	tcase_add_test(tc, test_conflict_map);
	tcase_add_test(tc, test_reset_request);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
