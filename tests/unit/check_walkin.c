/* check_walkin.c: unit tests of lib/walkin.c: the walk-in list's wait estimate, on constructed days in a real database. */
#include "pgtest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#define DAY	"2030-06-03"	/* a Monday; the restaurants keep UTC */

static const char	*dsn;
static struct db	*db;
static int64_t		 owner, other, now;	/* now: DAY 18:00 */
static int		 day;

static long long
value(const char *sql)
{
	char	 buf[64];

	return atoll(pgtest_value(dsn, sql, buf, sizeof buf));
}

/* A restaurant of owner's with ntables tables of 1 to 4 seats; its id. */
static int64_t
restaurant(const char *slug, int ntables)
{
	char	 sql[800];

	snprintf(sql, sizeof sql, "INSERT INTO restaurants (owner_id, slug,"
	    " name, timezone, slot_minutes, booking_window_days,"
	    " min_notice_minutes, cancel_cutoff_minutes, max_party, status)"
	    " VALUES (%lld, '%s', '%s', 'UTC', 30, 365, 0, 60, 8, 'active')",
	    (long long)owner, slug, slug);
	pgtest_sql(dsn, sql);
	snprintf(sql, sizeof sql, "INSERT INTO dining_tables (restaurant_id,"
	    " label, seats_min, seats_max) SELECT r.id, 'T' || n, 1, 4"
	    " FROM restaurants r, generate_series(1, %d) n WHERE r.slug = '%s'",
	    ntables, slug);
	pgtest_sql(dsn, sql);
	snprintf(sql, sizeof sql, "INSERT INTO turn_times (restaurant_id,"
	    " party_min, party_max, minutes) SELECT id, 1, 8, 90"
	    " FROM restaurants WHERE slug = '%s'", slug);
	pgtest_sql(dsn, sql);
	snprintf(sql, sizeof sql, "SELECT id FROM restaurants WHERE slug = '%s'",
	    slug);
	return value(sql);
}

/* A live booking of table label at slug on DAY from HH:MM to HH:MM (a
 * random code: each test runs in a process of its own). */
static void
booking(const char *slug, const char *label, const char *from, const char *to)
{
	char		 sql[900];

	snprintf(sql, sizeof sql, "INSERT INTO reservations (code,"
	    " restaurant_id, table_id, guest_name, guest_phone, party_size,"
	    " starts_at, ends_at, status, source)"
	    " SELECT 'WL' || upper(substr(md5(random()::text), 1, 8)), r.id, t.id, 'Guest', '', 2,"
	    " '" DAY " %s+00', '" DAY " %s+00', 'confirmed', 'web'"
	    " FROM restaurants r JOIN dining_tables t ON t.restaurant_id = r.id"
	    " WHERE r.slug = '%s' AND t.label = '%s'", from, to, slug,
	    label);
	pgtest_sql(dsn, sql);
}

/* An entry of party at slug's list, added at HH:MM of DAY. */
static void
entry(const char *slug, int party, const char *added)
{
	char	 sql[600];

	snprintf(sql, sizeof sql, "INSERT INTO walkins (restaurant_id, day,"
	    " name, party, quoted_minutes, created_at) SELECT id, '" DAY "',"
	    " 'Party of %d', %d, 0, '" DAY " %s+00' FROM restaurants"
	    " WHERE slug = '%s'", party, party, added, slug);
	pgtest_sql(dsn, sql);
}

static void
setup_once(void)
{
	ck_assert_ptr_null(err_init());
	dsn = pgtest_createdb("t_walkin");
	pgtest_migrate(dsn, false);
	pgtest_sql(dsn, "INSERT INTO users (email, role) VALUES"
	    " ('walkin@example.com', 'owner'), ('other@example.com', 'owner')");
	owner = value("SELECT id FROM users WHERE email = 'walkin@example.com'");
	other = value("SELECT id FROM users WHERE email = 'other@example.com'");
	now = value("SELECT extract(epoch FROM timestamptz '" DAY
	    " 18:00+00')::bigint");
	ck_assert(date_parse(DAY, &day));
}

static void
setup(void)
{
	ck_assert_ptr_null(err_init());
	ck_assert_ptr_null(db_open(dsn, true, &db));
}

static void
teardown(void)
{
	db_close(db);
}

/* The estimate for a new party of party at rid, as owner; its entries'. */
static struct walkin_est
estimate(int64_t rid, int64_t as, int party, struct walkin_est **q,
    size_t *n)
{
	struct walkin_est	*x = NULL, e;
	struct walkin_est	*own = NULL;
	size_t			 k = 0;

	ck_assert_ptr_null(walkin_estimate(db, rid, as, day, now, &party, 1,
	    q != NULL ? q : &own, n != NULL ? n : &k, &x));
	ck_assert_ptr_nonnull(x);
	e = x[0];
	free(x);
	free(own);
	return e;
}

START_TEST(test_empty_restaurant)
{
	int64_t			 rid = restaurant("wl-empty", 2);
	struct walkin_est	 e;

	e = estimate(rid, owner, 2, NULL, NULL);
	ck_assert_int_eq(e.wait, 0);
	ck_assert(e.at == now);
	ck_assert(e.table != 0);
	/* a party no table fits has no wait to quote */
	e = estimate(rid, owner, 6, NULL, NULL);
	ck_assert_int_eq(e.wait, -1);
	ck_assert(e.table == 0);
}
END_TEST

START_TEST(test_all_busy_until_20)
{
	int64_t			 rid = restaurant("wl-busy", 2);
	struct walkin_est	 e;

	booking("wl-busy", "T1", "17:00", "20:00");
	booking("wl-busy", "T2", "17:30", "20:00");
	e = estimate(rid, owner, 2, NULL, NULL);
	ck_assert_int_eq(e.wait, 120);
	ck_assert(e.at == now + 2 * 3600);
}
END_TEST

START_TEST(test_gap_too_short)
{
	int64_t			 rid = restaurant("wl-gap", 2);
	struct walkin_est	 e;

	/* T1 is free 20:00 to 20:30 only: too short for a 90-minute turn */
	booking("wl-gap", "T1", "17:00", "20:00");
	booking("wl-gap", "T1", "20:30", "22:00");
	booking("wl-gap", "T2", "17:00", "20:10");
	e = estimate(rid, owner, 2, NULL, NULL);
	ck_assert_int_eq(e.wait, 130);
	/* a booking later than the turn needs leaves now free */
	booking("wl-gap", "T2", "23:00", "23:30");
	e = estimate(rid, owner, 2, NULL, NULL);
	ck_assert_int_eq(e.wait, 130);
}
END_TEST

START_TEST(test_two_parties_ahead)
{
	int64_t			 rid = restaurant("wl-ahead", 2);
	struct walkin_est	 e, *q = NULL;
	size_t			 n = 0;

	booking("wl-ahead", "T1", "17:00", "20:00");
	booking("wl-ahead", "T2", "17:00", "20:00");
	entry("wl-ahead", 2, "17:40");
	entry("wl-ahead", 4, "17:50");
	entry("wl-ahead", 8, "17:55");	/* fits no table: delays nobody */
	e = estimate(rid, owner, 2, &q, &n);
	ck_assert_uint_eq(n, 3);
	/* in the list's order: the two ahead take both tables at 20:00 */
	ck_assert_int_eq(q[0].party, 2);
	ck_assert_int_eq(q[0].wait, 120);
	ck_assert_int_eq(q[1].party, 4);
	ck_assert_int_eq(q[1].wait, 120);
	ck_assert(q[0].table != q[1].table);
	ck_assert_int_eq(q[2].wait, -1);
	/* so the new party waits for the first of them to finish */
	ck_assert_int_eq(e.wait, 210);
	free(q);
	/* one of them leaves: one party ahead, 20:00 again */
	pgtest_sql(dsn, "UPDATE walkins SET status = 'left', ended_at = now()"
	    " WHERE party = 4 AND restaurant_id = (SELECT id FROM restaurants"
	    " WHERE slug = 'wl-ahead')");
	e = estimate(rid, owner, 2, NULL, NULL);
	ck_assert_int_eq(e.wait, 120);
}
END_TEST

START_TEST(test_another_owner)
{
	int64_t			 rid = restaurant("wl-mine", 2);
	struct walkin_est	 e, *q = NULL;
	size_t			 n = 9;

	entry("wl-mine", 2, "17:45");
	/* not theirs: no tables, no list, nothing estimated */
	e = estimate(rid, other, 2, &q, &n);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(e.wait, -1);
	free(q);
	e = estimate(rid, owner, 2, &q, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(e.wait, 0);	/* two tables, one party ahead */
	free(q);
}
END_TEST

/* The plan alone: ties go to the smallest table that fits. */
START_TEST(test_plan_smallest_table)
{
	struct walkin_table	 t[2] = { { 1, 1, 2 }, { 2, 1, 6 } };
	struct walkin_busy	 b[4];
	struct walkin_est	 q[2], x[1];
	size_t			 nb = 0;

	memset(q, 0, sizeof q);
	memset(x, 0, sizeof x);
	q[0].party = 2;
	q[0].minutes = 60;
	q[1].party = 2;
	q[1].minutes = 60;
	x[0].party = 5;
	x[0].minutes = 60;
	walkin_plan(t, 2, b, &nb, q, 2, x, 1, 1000);
	ck_assert(q[0].table == 1);
	ck_assert_int_eq(q[0].wait, 0);
	ck_assert(q[1].table == 2);
	ck_assert_int_eq(q[1].wait, 0);
	ck_assert_uint_eq(nb, 2);
	/* the big table is taken by the second party for an hour */
	ck_assert(x[0].table == 2);
	ck_assert_int_eq(x[0].wait, 60);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("walkin");
	TCase	*tc = tcase_create("Estimate");
	TCase	*tp = tcase_create("Plan");
	SRunner	*sr;
	int	 nf;

	pgtest_require();
	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_empty_restaurant);
	tcase_add_test(tc, test_all_busy_until_20);
	tcase_add_test(tc, test_gap_too_short);
	tcase_add_test(tc, test_two_parties_ahead);
	tcase_add_test(tc, test_another_owner);
	suite_add_tcase(s, tc);
	tcase_add_test(tp, test_plan_smallest_table);
	suite_add_tcase(s, tp);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
