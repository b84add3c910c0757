/* check_availability.c: unit tests of lib/availability.c and lib/calendar.c, DST days included. */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

/* ------------------------------------------------------------------ */
/* fixtures                                                             */
/* ------------------------------------------------------------------ */

/* Midnight UTC of day as seconds since the epoch. */
static int64_t
utc_midnight(int day)
{
	return ((int64_t)day + 10957) * 86400;
}

/*
 * The clock PostgreSQL gives for a date in a zone whose offset changes at
 * local hour T (minutes east of UTC before and after). A spring change
 * (gap) makes hour T not exist; in an autumn change the repeated hour maps
 * to the later, standard offset, as PostgreSQL resolves it.
 */
static void
make_clock(struct day_clock *c, int day, int before, int after, int T, bool gap)
{
	int	 h, off;

	for (h = 0; h < CLOCK_HOURS; h++) {
		off = h < T ? before : after;
		c->exists[h] = true;
		if (gap && h == T) {
			off = before;	/* PostgreSQL reads a gap with the old offset */
			c->exists[h] = false;
		}
		c->hour[h] = utc_midnight(day) + (int64_t)h * 3600 - (int64_t)off * 60;
	}
}

static void
plain_clock(struct day_clock *c, int day, int offset)
{
	make_clock(c, day, offset, offset, 99, false);
}

static struct opening	 hours[8];
static struct turn_time	 turns[3] = {
	{ 1, 2, 90 }, { 3, 4, 120 }, { 5, 8, 150 },
};
static struct dtable	 tables[3] = {
	{ 101, 1, 2, true, "T1", "", true },
	{ 102, 2, 4, true, "T2", "", true },
	{ 103, 4, 8, true, "T3", "", true },
};
static struct day_range	 closures[1];
static struct setup	 S;

static void
setup(void)
{
	memset(&S, 0, sizeof S);
	memset(hours, 0, sizeof hours);
	S.id = 1;
	S.slot_minutes = 30;
	S.booking_window_days = 60;
	S.min_notice_minutes = 0;
	S.max_party = 8;
	S.active = true;
	S.hours = hours;
	S.turns = turns;
	S.nturns = 3;
	S.tables = tables;
	S.ntables = 3;
	S.closures = closures;
	tables[0].online = tables[1].online = tables[2].online = true;
}

static int	 day;		/* 2026-12-02, a Wednesday */
static struct day_clock	 clock0;

/* Free times on day for party with bookings b, now = noon the day before. */
static size_t
times(int party, const struct booked *b, size_t nb, struct slot *out)
{
	struct avail_query	 q;

	memset(&q, 0, sizeof q);
	q.s = &S;
	q.clock = &clock0;
	q.day = day;
	q.now = utc_midnight(day) - 12 * 3600;
	q.party = party;
	q.booked = b;
	q.nbooked = nb;
	return availability(&q, out, 256);
}

static bool
has(const struct slot *v, size_t n, int minute)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (v[i].minute == minute)
			return true;
	return false;
}

#define HM(h, m)	((h) * 60 + (m))

static void
dinner(int weekday, int opens, int closes)
{
	hours[S.nhours].weekday = weekday;
	hours[S.nhours].opens = opens;
	hours[S.nhours].closes = closes;
	hours[S.nhours].name = "";
	S.nhours++;
}

/* ------------------------------------------------------------------ */
/* calendar                                                             */
/* ------------------------------------------------------------------ */

START_TEST(test_calendar)
{
	char	 buf[11];
	int	 d, m;

	ck_assert(date_parse("2000-01-01", &d) && d == 0);
	ck_assert_int_eq(date_weekday(0), 6);		/* a Saturday */
	ck_assert(date_parse("2026-11-22", &d));
	ck_assert_int_eq(date_weekday(d), 7);		/* a Sunday */
	date_format(d, buf);
	ck_assert_str_eq(buf, "2026-11-22");
	ck_assert(date_parse("2028-02-29", &d));
	date_format(d + 1, buf);
	ck_assert_str_eq(buf, "2028-03-01");
	ck_assert(!date_parse("2027-02-29", &d));
	ck_assert(!date_parse("2026-02-30", &d));
	ck_assert(!date_parse("2026-13-01", &d));
	ck_assert(!date_parse("2026-1-01", &d));
	ck_assert(!date_parse("26-11-22xx", &d));
	ck_assert(!date_parse("1999-12-31", &d));
	ck_assert(!date_parse("", &d));
	ck_assert(hm_parse("00:00", &m) && m == 0);
	ck_assert(hm_parse("23:59", &m) && m == 1439);
	ck_assert(!hm_parse("24:00", &m));
	ck_assert(!hm_parse("7:30", &m));
	ck_assert(!hm_parse("12:60", &m));
	ck_assert(!hm_parse("12-30", &m));
	hm_format(1500, buf);
	ck_assert_str_eq(buf, "01:00");
}
END_TEST

/* ------------------------------------------------------------------ */
/* the slot grid                                                        */
/* ------------------------------------------------------------------ */

/* iso_utc and iso_local against gmtime and strftime, over years of instants. */
START_TEST(test_iso_instants)
{
	static const int	 offs[] = { 0, 60, 120, -300, 330, -570, 765, -720 };
	char			 got[32], want[48], stamp[24], off[8];
	struct tm		 tm;
	time_t			 tt;
	int64_t			 t;
	size_t			 k;

	for (t = -86400LL * 400; t < 86400LL * 365 * 80; t += 86400 * 3 + 3671) {
		tt = (time_t)t;
		gmtime_r(&tt, &tm);
		strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
		iso_utc(t, got);
		ck_assert_str_eq(got, want);
		k = (size_t)(t / 86400 % 8 + 8) % 8;
		tt = (time_t)(t + offs[k] * 60);
		gmtime_r(&tt, &tm);
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
		offset_format(offs[k], off);
		snprintf(want, sizeof want, "%s%s", stamp, off);
		iso_local(t, offs[k], got);
		ck_assert_str_eq(got, want);
	}
	iso_utc(1765152000, got);	/* 2025-12-08 00:00 */
	ck_assert_str_eq(got, "2025-12-08T00:00:00Z");
	iso_local(1772323199, -300, got);	/* 2026-02-28 23:59:59 UTC */
	ck_assert_str_eq(got, "2026-02-28T18:59:59-05:00");
}
END_TEST

START_TEST(test_grid_and_turn)
{
	struct slot	 v[256];
	size_t		 n;

	dinner(3, HM(18, 0), HM(23, 0));
	n = times(2, NULL, 0, v);
	/* 18:00 .. 21:30: the last start leaves a 90-minute turn before 23:00 */
	ck_assert_uint_eq(n, 8);
	ck_assert_int_eq(v[0].minute, HM(18, 0));
	ck_assert_int_eq(v[n - 1].minute, HM(21, 30));
	ck_assert_int_eq(v[0].end - v[0].start, 90 * 60);
	/* a party of 5 turns for 150 minutes: last start 20:30 */
	n = times(5, NULL, 0, v);
	ck_assert_int_eq(v[n - 1].minute, HM(20, 30));
	ck_assert_int_eq(v[0].end - v[0].start, 150 * 60);
	/* another weekday: nothing */
	S.hours[0].weekday = 4;
	ck_assert_uint_eq(times(2, NULL, 0, v), 0);
}
END_TEST

START_TEST(test_two_services)
{
	struct slot	 v[256];
	size_t		 n;

	dinner(3, HM(12, 0), HM(15, 0));
	dinner(3, HM(18, 0), HM(22, 0));
	n = times(2, NULL, 0, v);
	ck_assert(has(v, n, HM(12, 0)));
	ck_assert(has(v, n, HM(13, 30)));
	ck_assert(!has(v, n, HM(14, 0)));	/* 14:00 + 90 min passes 15:00 */
	ck_assert(!has(v, n, HM(16, 0)));
	ck_assert(has(v, n, HM(20, 30)));
	ck_assert(!has(v, n, HM(21, 0)));
}
END_TEST

START_TEST(test_past_midnight)
{
	struct slot	 v[256];
	size_t		 n;

	/* Wednesday 20:00 - 02:00, and Tuesday's service also ran to 02:00 */
	dinner(3, HM(20, 0), HM(2, 0));
	dinner(2, HM(20, 0), HM(2, 0));
	n = times(2, NULL, 0, v);
	ck_assert(has(v, n, HM(20, 0)));
	ck_assert(has(v, n, HM(23, 30)));	/* ends 01:00 Thursday */
	ck_assert(has(v, n, HM(0, 0)));		/* Tuesday's service, on Wednesday */
	ck_assert(has(v, n, HM(0, 30)));	/* ends 02:00 */
	ck_assert(!has(v, n, HM(1, 0)));
	/* starts belong to the date: none after midnight into Thursday */
	ck_assert(v[n - 1].minute < 24 * 60);
	/* Tuesday closed: its night service does not happen */
	closures[0].from = closures[0].to = day - 1;
	S.nclosures = 1;
	n = times(2, NULL, 0, v);
	ck_assert(!has(v, n, HM(0, 0)));
	ck_assert(has(v, n, HM(20, 0)));
}
END_TEST

START_TEST(test_closure_notice_window)
{
	struct avail_query	 q;
	struct slot		 v[256];
	size_t			 n;

	dinner(3, HM(18, 0), HM(23, 0));
	closures[0].from = day - 1;
	closures[0].to = day + 1;
	S.nclosures = 1;
	ck_assert_uint_eq(times(2, NULL, 0, v), 0);
	S.nclosures = 0;
	/* notice: now is 18:10 local (offset 0), 60 minutes' notice */
	memset(&q, 0, sizeof q);
	q.s = &S;
	q.clock = &clock0;
	q.day = day;
	q.party = 2;
	q.now = utc_midnight(day) + HM(18, 10) * 60;
	S.min_notice_minutes = 60;
	n = availability(&q, v, 256);
	ck_assert_int_eq(v[0].minute, HM(19, 30));
	/* the window: 1 day ahead of a now three days before */
	S.min_notice_minutes = 0;
	S.booking_window_days = 1;
	q.now = utc_midnight(day) - 3 * 86400;
	ck_assert_uint_eq(availability(&q, v, 256), 0);
	S.booking_window_days = 4;	/* three days and 18 hours ahead */
	n = availability(&q, v, 256);
	ck_assert_uint_gt(n, 0);
}
END_TEST

START_TEST(test_tables_and_party)
{
	struct slot	 v[256];
	struct booked	 b[3];
	int64_t		 start = utc_midnight(day) + HM(19, 0) * 60;
	int64_t		 ids[4];
	size_t		 n;

	dinner(3, HM(18, 0), HM(23, 0));
	ck_assert_uint_eq(times(9, NULL, 0, v), 0);	/* beyond max party */
	ck_assert_uint_eq(times(0, NULL, 0, v), 0);
	/* party 2 fits T1 (1-2) and T2 (2-4): both busy at 19:00 */
	memset(b, 0, sizeof b);
	b[0].id = 1; b[0].table_id = 101; b[0].start = start; b[0].end = start + 5400; b[0].party = 2;
	b[1].id = 2; b[1].table_id = 102; b[1].start = start; b[1].end = start + 5400; b[1].party = 3;
	n = times(2, b, 2, v);
	ck_assert(!has(v, n, HM(19, 0)));
	ck_assert(!has(v, n, HM(18, 0)));	/* 18:00-19:30 overlaps */
	ck_assert(has(v, n, HM(20, 30)));	/* back to back is fine */
	/* moving booking 1 itself: its own table does not block it */
	ck_assert_uint_eq(free_tables(&S, 2, start, start + 5400, b, 2, 1, ids, 4), 1);
	ck_assert_int_eq(ids[0], 101);
	/* smallest fitting table first */
	ck_assert_uint_eq(free_tables(&S, 2, start + 86400, start + 86400 + 5400,
	    b, 2, 0, ids, 4), 2);
	ck_assert_int_eq(ids[0], 101);
	ck_assert_int_eq(ids[1], 102);
	/* a table that is not bookable online never counts */
	tables[0].online = false;
	tables[1].online = false;
	n = times(2, NULL, 0, v);
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(test_pacing)
{
	struct slot	 v[256];
	struct booked	 b[2];
	int64_t		 start = utc_midnight(day) + HM(19, 0) * 60;
	size_t		 n;

	dinner(3, HM(18, 0), HM(23, 0));
	S.pacing = 6;
	memset(b, 0, sizeof b);
	b[0].id = 1; b[0].table_id = 103; b[0].start = start; b[0].end = start + 7200; b[0].party = 4;
	n = times(2, b, 1, v);
	ck_assert(has(v, n, HM(19, 0)));	/* 4 + 2 <= 6 */
	n = times(3, b, 1, v);
	ck_assert(!has(v, n, HM(19, 0)));	/* 4 + 3 > 6 */
	ck_assert(has(v, n, HM(19, 30)));	/* another slot */
}
END_TEST

START_TEST(test_nearest)
{
	struct slot	 v[256];
	size_t		 n;

	dinner(3, HM(12, 0), HM(23, 0));
	n = times(2, NULL, 0, v);
	n = slots_nearest(v, n, HM(19, 10), 5);
	ck_assert_uint_eq(n, 5);
	ck_assert_int_eq(v[0].minute, HM(18, 0));
	ck_assert_int_eq(v[4].minute, HM(20, 0));
	ck_assert(v[1].start < v[2].start);
}
END_TEST

/* ------------------------------------------------------------------ */
/* daylight saving time                                                 */
/* ------------------------------------------------------------------ */

/* A restaurant open 00:00-06:00 every day, 15-minute slots, 60-minute turn. */
static void
night_owl(void)
{
	static struct turn_time	 t = { 1, 8, 60 };
	int			 d;

	S.slot_minutes = 15;
	S.turns = &t;
	S.nturns = 1;
	for (d = 1; d <= 7; d++)
		dinner(d, HM(0, 0), HM(6, 0));
}

static size_t
dst_times(const struct day_clock *c, int d, struct slot *v)
{
	struct avail_query	 q;

	memset(&q, 0, sizeof q);
	q.s = &S;
	q.clock = c;
	q.day = d;
	q.now = utc_midnight(d) - 2 * 86400;
	q.party = 2;
	return availability(&q, v, 256);
}

/* No two free times share an instant; every booking lasts the turn time. */
static void
check_instants(const struct slot *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		ck_assert_int_eq(v[i].end - v[i].start, 3600);
		if (i > 0)
			ck_assert(v[i].start > v[i - 1].start);
	}
}

START_TEST(test_dst_kyiv_spring)
{
	struct day_clock	 c;
	struct slot		 v[256];
	size_t			 n;
	int			 d;

	/* Europe/Kyiv, 2026-03-29: 03:00 EET becomes 04:00 EEST */
	night_owl();
	ck_assert(date_parse("2026-03-29", &d));
	make_clock(&c, d, 120, 180, 3, true);
	n = dst_times(&c, d, v);
	ck_assert(has(v, n, HM(2, 45)));
	ck_assert(!has(v, n, HM(3, 0)));	/* 03:00-03:59 do not exist */
	ck_assert(!has(v, n, HM(3, 45)));
	ck_assert(has(v, n, HM(4, 0)));
	check_instants(v, n);
	/* 02:45 EET is 00:45Z; 04:00 EEST is 01:00Z, a quarter hour later */
	ck_assert_int_eq(v[11].minute, HM(2, 45));
	ck_assert_int_eq(v[12].minute, HM(4, 0));
	ck_assert_int_eq(v[12].start - v[11].start, 15 * 60);
	/* the last start leaves a real hour before 06:00 EEST */
	ck_assert_int_eq(v[n - 1].minute, HM(5, 0));
}
END_TEST

START_TEST(test_dst_kyiv_autumn)
{
	struct day_clock	 c;
	struct slot		 v[256];
	size_t			 n, i, at3 = 0;
	int			 d;

	/* Europe/Kyiv, 2026-10-25: 04:00 EEST becomes 03:00 EET again */
	night_owl();
	ck_assert(date_parse("2026-10-25", &d));
	make_clock(&c, d, 180, 120, 3, false);
	n = dst_times(&c, d, v);
	for (i = 0; i < n; i++)
		at3 += v[i].minute == HM(3, 0);
	ck_assert_uint_eq(at3, 1);		/* offered once */
	ck_assert(has(v, n, HM(3, 30)));
	check_instants(v, n);
	/* 02:45 EEST (23:45Z) to 03:00 EET (01:00Z): 75 real minutes */
	for (i = 1; i < n; i++)
		if (v[i].minute == HM(3, 0))
			ck_assert_int_eq(v[i].start - v[i - 1].start, 75 * 60);
	/* a turn crossing the change still lasts 60 real minutes */
	ck_assert_int_eq(v[0].end - v[0].start, 3600);
}
END_TEST

START_TEST(test_dst_new_york)
{
	struct day_clock	 c;
	struct slot		 v[256];
	size_t			 n, i, at1 = 0;
	int			 d;

	night_owl();
	/* 2026-03-08: 02:00 EST becomes 03:00 EDT */
	ck_assert(date_parse("2026-03-08", &d));
	make_clock(&c, d, -300, -240, 2, true);
	n = dst_times(&c, d, v);
	ck_assert(has(v, n, HM(1, 45)));
	ck_assert(!has(v, n, HM(2, 0)));
	ck_assert(!has(v, n, HM(2, 30)));
	ck_assert(has(v, n, HM(3, 0)));
	check_instants(v, n);
	/* 2026-11-01: 02:00 EDT becomes 01:00 EST; 01:xx happens twice */
	ck_assert(date_parse("2026-11-01", &d));
	make_clock(&c, d, -240, -300, 1, false);
	n = dst_times(&c, d, v);
	for (i = 0; i < n; i++)
		at1 += v[i].minute == HM(1, 30);
	ck_assert_uint_eq(at1, 1);
	check_instants(v, n);
}
END_TEST

START_TEST(test_clock_instant)
{
	struct day_clock	 c;
	int64_t			 t;

	make_clock(&c, 0, 120, 180, 3, true);
	ck_assert(clock_instant(&c, HM(2, 30), &t));
	ck_assert_int_eq(t, utc_midnight(0) + HM(0, 30) * 60);
	ck_assert(!clock_instant(&c, HM(3, 30), &t));
	ck_assert(clock_instant(&c, HM(4, 0), &t));
	ck_assert_int_eq(t, utc_midnight(0) + HM(1, 0) * 60);
	ck_assert(!clock_instant(&c, -1, &t));
	ck_assert(!clock_instant(&c, CLOCK_HOURS * 60, &t));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("availability");
	TCase	*tc = tcase_create("Core");
	TCase	*td = tcase_create("DST");
	SRunner	*sr;
	int	 nf;

	if (!date_parse("2026-12-02", &day))
		return EXIT_FAILURE;
	plain_clock(&clock0, day, 0);
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_calendar);
	tcase_add_test(tc, test_iso_instants);
	tcase_add_test(tc, test_grid_and_turn);
	tcase_add_test(tc, test_two_services);
	tcase_add_test(tc, test_past_midnight);
	tcase_add_test(tc, test_closure_notice_window);
	tcase_add_test(tc, test_tables_and_party);
	tcase_add_test(tc, test_pacing);
	tcase_add_test(tc, test_nearest);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(td, setup, NULL);
	tcase_add_test(td, test_dst_kyiv_spring);
	tcase_add_test(td, test_dst_kyiv_autumn);
	tcase_add_test(td, test_dst_new_york);
	tcase_add_test(td, test_clock_instant);
	suite_add_tcase(s, td);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
