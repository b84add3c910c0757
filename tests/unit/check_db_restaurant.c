/* check_db_restaurant.c: unit tests of lib/db_restaurant.c over the demo data. */
#include "pgtest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

static const char	*dsn;
static struct db	*db;

/* Once for the whole program: a database with the schema and demo data. */
static void
setup_once(void)
{
	ck_assert_ptr_null(err_init());
	dsn = pgtest_createdb("t_restaurant");
	pgtest_migrate(dsn, true);
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

static int
count(const char *sql)
{
	char	 buf[32];

	return atoi(pgtest_value(dsn, sql, buf, sizeof buf));
}

START_TEST(test_get_by_slug)
{
	struct restaurant	*r = NULL;
	size_t			 i;

	ck_assert_ptr_null(db_restaurant_get_by_slug(db, "borshch-i-vyshnia", &r));
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->slug, "borshch-i-vyshnia");
	ck_assert_str_eq(r->city, "Kyiv");
	ck_assert_str_eq(r->timezone, "Europe/Kyiv");
	ck_assert(r->utc_offset == 120 || r->utc_offset == 180);
	ck_assert_int_ge(r->local_weekday, 1);
	ck_assert_int_le(r->local_weekday, 7);
	ck_assert_int_lt(r->local_minutes, 24 * 60);
	ck_assert_uint_eq(strlen(r->local_date), 10);
	/* read this minute; the clock holds to local midnight (or, on a day
	 * the offset changes, to the next minute) */
	ck_assert_int_le(llabs((long long)(r->read_minute - time(NULL) / 60)), 1);
	ck_assert(r->clock_until - r->read_minute * 60 ==
	    (24 * 60 - r->local_minutes) * 60 ||
	    r->clock_until - r->read_minute * 60 == 60);
	ck_assert_uint_gt(r->nhours, 0);
	for (i = 0; i < r->nhours; i++) {
		ck_assert_int_ge(r->hours[i].weekday, 1);
		ck_assert_int_le(r->hours[i].weekday, 7);
		ck_assert_int_lt(r->hours[i].opens, 24 * 60);
		ck_assert_ptr_nonnull(r->hours[i].name);
		if (i > 0)
			ck_assert_int_le(r->hours[i - 1].weekday, r->hours[i].weekday);
	}
	ck_assert_int_gt(r->max_party, 0);
	db_restaurant_free(r);
}
END_TEST

START_TEST(test_other_zone_and_overnight)
{
	struct restaurant	*r = NULL;
	size_t			 i;
	bool			 overnight = false;

	ck_assert_ptr_null(db_restaurant_get_by_slug(db, "la-milpa-taqueria", &r));
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->timezone, "America/New_York");
	ck_assert(r->utc_offset == -300 || r->utc_offset == -240);
	for (i = 0; i < r->nhours; i++)
		overnight |= r->hours[i].closes <= r->hours[i].opens;
	ck_assert(overnight);
	db_restaurant_free(r);
}
END_TEST

START_TEST(test_not_public)
{
	struct restaurant	*r = (void *)1;

	ck_assert_ptr_null(db_restaurant_get_by_slug(db, "no-such-place", &r));
	ck_assert_ptr_null(r);
	/* a draft is not shown */
	ck_assert_ptr_null(db_restaurant_get_by_slug(db, "piekarnia-swit", &r));
	ck_assert_ptr_null(r);
}
END_TEST

static struct restaurant_list *
search(const char *q, const char *city, const char *cuisine, int page, int size)
{
	struct search_query	 sq = { q, city, cuisine, page, size, false, 0, 0, 0 };
	struct restaurant_list	*l = NULL;

	ck_assert_ptr_null(db_restaurant_search(db, &sq, &l));
	ck_assert_ptr_nonnull(l);
	return l;
}

/* Near me: within the radius of the point, nearest first, with metres. */
START_TEST(test_search_near)
{
	struct search_query	 sq = { "", "", "", 1, 20, true, 50.4501, 30.5234,
				    1300 };
	struct restaurant_list	*l = NULL, *p2 = NULL;
	size_t			 i;

	ck_assert_ptr_null(db_restaurant_search(db, &sq, &l));
	ck_assert_int_eq(l->total, count("SELECT count(*) FROM restaurants"
	    " WHERE status = 'active' AND earth_distance(ll_to_earth(lat, lon),"
	    " ll_to_earth(50.4501, 30.5234)) <= 1300"));
	ck_assert_uint_ge(l->n, 3);
	for (i = 0; i < l->n; i++) {
		ck_assert_str_eq(l->v[i].city, "Kyiv");
		ck_assert(l->v[i].distance_m >= 0 && l->v[i].distance_m <= 1300);
		if (i > 0)
			ck_assert(l->v[i].distance_m >= l->v[i - 1].distance_m);
	}
	/* the second page of one goes on from the first */
	sq.page_size = 1;
	sq.page = 2;
	ck_assert_ptr_null(db_restaurant_search(db, &sq, &p2));
	ck_assert_uint_eq(p2->n, 1);
	ck_assert_str_eq(p2->v[0].slug, l->v[1].slug);
	db_restaurant_list_free(p2);
	db_restaurant_list_free(l);
	/* the mid-Atlantic: nothing */
	sq.page = 1;
	sq.page_size = 20;
	sq.lat = 40;
	sq.lon = -40;
	sq.radius_m = 50000;
	ck_assert_ptr_null(db_restaurant_search(db, &sq, &l));
	ck_assert_int_eq(l->total, 0);
	db_restaurant_list_free(l);
	/* a plain search has no distance */
	l = search("", "Kyiv", "", 1, 20);
	ck_assert(l->v[0].distance_m < 0);
	db_restaurant_list_free(l);
}
END_TEST

START_TEST(test_search)
{
	struct restaurant_list	*l;
	size_t			 i;
	int			 active;

	active = count("SELECT count(*) FROM restaurants WHERE status = 'active'");
	l = search("", "", "", 1, 100);
	ck_assert_int_eq(l->total, active);
	ck_assert_uint_eq(l->n, (size_t)active);
	db_restaurant_list_free(l);
	/* by a word of the name: it ranks first */
	l = search("castagna", "", "", 1, 20);
	ck_assert_uint_ge(l->n, 1);
	ck_assert_str_eq(l->v[0].slug, "trattoria-castagna");
	db_restaurant_list_free(l);
	/* by cuisine, stemmed: "italians" finds "italian" */
	l = search("italians", "", "", 1, 20);
	ck_assert_int_eq(l->total, count("SELECT count(*) FROM restaurants WHERE "
	    "status = 'active' AND cuisine = 'italian'"));
	for (i = 0; i < l->n; i++)
		ck_assert_str_eq(l->v[i].cuisine, "italian");
	db_restaurant_list_free(l);
	/* by city */
	l = search("lviv", "", "", 1, 20);
	ck_assert_int_eq(l->total, count("SELECT count(*) FROM restaurants WHERE "
	    "status = 'active' AND city = 'Lviv'"));
	db_restaurant_list_free(l);
	/* filters, case-insensitive */
	l = search("", "new york", "", 1, 20);
	ck_assert_int_eq(l->total, count("SELECT count(*) FROM restaurants WHERE "
	    "status = 'active' AND city = 'New York'"));
	for (i = 0; i < l->n; i++)
		ck_assert_str_eq(l->v[i].city, "New York");
	db_restaurant_list_free(l);
	l = search("", "Kyiv", "ITALIAN", 1, 20);
	ck_assert_int_eq(l->total, count("SELECT count(*) FROM restaurants WHERE "
	    "status = 'active' AND city = 'Kyiv' AND cuisine = 'italian'"));
	db_restaurant_list_free(l);
	/* nothing matches */
	l = search("zzzqqq", "", "", 1, 20);
	ck_assert_int_eq(l->total, 0);
	ck_assert_uint_eq(l->n, 0);
	db_restaurant_list_free(l);
	/* a draft is never found */
	l = search("piekarnia", "", "", 1, 20);
	for (i = 0; i < l->n; i++)
		ck_assert_str_ne(l->v[i].slug, "piekarnia-swit");
	db_restaurant_list_free(l);
}
END_TEST

START_TEST(test_search_pages)
{
	struct restaurant_list	*a, *b, *all;
	size_t			 i;

	all = search("", "", "", 1, 100);
	a = search("", "", "", 1, 5);
	b = search("", "", "", 2, 5);
	ck_assert_uint_eq(a->n, 5);
	ck_assert_uint_eq(b->n, 5);
	ck_assert_int_eq(a->total, all->total);
	for (i = 0; i < 5; i++) {
		ck_assert_str_eq(a->v[i].slug, all->v[i].slug);
		ck_assert_str_eq(b->v[i].slug, all->v[i + 5].slug);
	}
	db_restaurant_list_free(a);
	db_restaurant_list_free(b);
	/* past the end: no rows, and the total is unknown (0) */
	a = search("", "", "", 50, 5);
	ck_assert_uint_eq(a->n, 0);
	db_restaurant_list_free(a);
	db_restaurant_list_free(all);
}
END_TEST

START_TEST(test_search_odd_input)
{
	struct restaurant_list	*l;

	/* websearch syntax never errors, whatever the words */
	l = search("\"unclosed or -- !!! ( & | :*", "", "", 1, 20);
	db_restaurant_list_free(l);
	l = search("the", "", "", 1, 20);	/* a stop word */
	db_restaurant_list_free(l);
	l = search("'; DROP TABLE restaurants; --", "", "", 1, 20);
	ck_assert_int_eq(l->total, 0);
	db_restaurant_list_free(l);
	ck_assert_int_gt(count("SELECT count(*) FROM restaurants"), 0);
}
END_TEST

START_TEST(test_facets)
{
	struct facets	*f = NULL;
	size_t		 i;
	int		 sum = 0;

	ck_assert_ptr_null(db_restaurant_facets(db, &f));
	ck_assert_uint_eq(f->ncities, 4);
	for (i = 0; i < f->ncities; i++) {
		sum += f->cities[i].count;
		if (i > 0)
			ck_assert_int_ge(f->cities[i - 1].count, f->cities[i].count);
	}
	ck_assert_int_eq(sum, count("SELECT count(*) FROM restaurants WHERE "
	    "status = 'active'"));
	ck_assert_uint_ge(f->ncuisines, 8);
	db_facets_free(f);
}
END_TEST

/* open_now is pure: a hand-made restaurant, no database. */
START_TEST(test_open_now)
{
	struct opening		 h[] = {
		{ 1, 12 * 60, 15 * 60, "Lunch" },	/* Monday 12-15 */
		{ 6, 18 * 60, 2 * 60, "Late" },		/* Saturday 18-02 */
		{ 7, 8 * 60, 0, "All day" },		/* Sunday 08-24 */
	};
	struct restaurant	 r;

	memset(&r, 0, sizeof r);
	r.hours = h;
	r.nhours = 3;
#define AT(d, hh, mm) (r.local_weekday = (d), r.local_minutes = (hh) * 60 + (mm), \
	restaurant_open_now(&r))
	ck_assert(!AT(1, 11, 59));
	ck_assert(AT(1, 12, 0));
	ck_assert(AT(1, 14, 59));
	ck_assert(!AT(1, 15, 0));
	ck_assert(AT(6, 23, 30));
	ck_assert(AT(7, 1, 59));	/* Saturday's service, after midnight */
	ck_assert(!AT(7, 2, 0));
	ck_assert(AT(7, 23, 59));	/* closes at midnight */
	ck_assert(!AT(1, 0, 30));	/* Sunday's ended at midnight */
	ck_assert(!AT(2, 13, 0));
	r.closed_today = true;
	ck_assert(!AT(1, 13, 0));
#undef AT
}
END_TEST

/* The wall clock moves on from the read, within its day. */
START_TEST(test_at)
{
	struct restaurant	 r, t;

	memset(&r, 0, sizeof r);
	r.local_minutes = 20 * 60;
	r.read_minute = 1000000;
	t = restaurant_at(&r, 1000000 * 60 + 59);
	ck_assert_int_eq(t.local_minutes, 20 * 60);
	t = restaurant_at(&r, 1000000 * 60 + 61);
	ck_assert_int_eq(t.local_minutes, 20 * 60 + 1);
	t = restaurant_at(&r, (1000000 + 3 * 60 + 59) * 60);
	ck_assert_int_eq(t.local_minutes, 23 * 60 + 59);
	t = restaurant_at(&r, (1000000 + 5 * 60) * 60);	/* never the next day */
	ck_assert_int_eq(t.local_minutes, 23 * 60 + 59);
	t = restaurant_at(&r, 999999 * 60);		/* nor back in time */
	ck_assert_int_eq(t.local_minutes, 20 * 60);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("db_restaurant");
	TCase	*tc = tcase_create("Core");
	SRunner	*sr;
	int	 nf;

	pgtest_require();
	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_get_by_slug);
	tcase_add_test(tc, test_other_zone_and_overnight);
	tcase_add_test(tc, test_not_public);
	tcase_add_test(tc, test_search);
	tcase_add_test(tc, test_search_near);
	tcase_add_test(tc, test_search_pages);
	tcase_add_test(tc, test_search_odd_input);
	tcase_add_test(tc, test_facets);
	tcase_add_test(tc, test_open_now);
	tcase_add_test(tc, test_at);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
