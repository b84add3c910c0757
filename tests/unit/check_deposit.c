/* check_deposit.c: unit tests of lib/deposit.c (deposit policies and money). */
#include "stolik.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#define FRI	(1u << 4)
#define SAT	(1u << 5)

/* 2026-12-04 is a Friday. */
static int
day_of(const char *s)
{
	int	 d = 0;

	ck_assert(date_parse(s, &d));
	return d;
}

/* The demo's policy: Friday and Saturday dinner, 6 or more, 20.00 EUR each. */
static struct deposit_policy
demo(void)
{
	struct deposit_policy	 p;

	memset(&p, 0, sizeof p);
	p.kind = DEPOSIT_PER_GUEST;
	p.amount = 2000;
	memcpy(p.currency, "EUR", 4);
	p.exponent = 2;
	p.min_party = 6;
	p.weekdays = FRI | SAT;
	p.services[0] = "Dinner";
	p.nservices = 1;
	p.refund_hours = 48;
	p.late_refund_percent = 0;
	return p;
}

static struct deposit_when
when(const char *date, const char *service)
{
	struct deposit_when	 w;

	w.day = day_of(date);
	w.weekday = date_weekday(w.day);
	w.service = service;
	return w;
}

/* ------------------------------------------------------------------ */
/* deposit_due                                                          */
/* ------------------------------------------------------------------ */

START_TEST(test_due_party_boundary)
{
	struct deposit_policy	 p = demo();
	struct deposit_when	 w = when("2026-12-04", "Dinner");
	struct deposit_due	 d;

	ck_assert_int_eq(date_weekday(w.day), 5);
	ck_assert_int_eq(deposit_due(&p, &w, 5, &d), 0);
	ck_assert_int_eq(d.amount, 0);
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 1);
	ck_assert_int_eq(d.amount, 12000);
	ck_assert_int_eq(d.each, 2000);
	ck_assert_str_eq(d.currency, "EUR");
	ck_assert_int_eq(d.exponent, 2);
	ck_assert_int_eq(deposit_due(&p, &w, 7, &d), 1);
	ck_assert_int_eq(d.amount, 14000);
	ck_assert_int_eq(deposit_due(&p, &w, 100, &d), 1);
	ck_assert_int_eq(d.amount, 200000);
	/* min_party 1: everyone; a party of 0 never */
	p.min_party = 1;
	ck_assert_int_eq(deposit_due(&p, &w, 1, &d), 1);
	ck_assert_int_eq(d.amount, 2000);
	ck_assert_int_eq(deposit_due(&p, &w, 0, &d), 0);
	ck_assert_int_eq(deposit_due(&p, &w, -3, &d), 0);
}
END_TEST

START_TEST(test_due_weekdays)
{
	static const struct { const char *date; int weekday, due; } t[] = {
		{ "2026-11-30", 1, 0 }, { "2026-12-01", 2, 0 },
		{ "2026-12-02", 3, 0 }, { "2026-12-03", 4, 0 },
		{ "2026-12-04", 5, 1 }, { "2026-12-05", 6, 1 },
		{ "2026-12-06", 7, 0 }, { "2026-12-11", 5, 1 },
	};
	struct deposit_policy	 p = demo();
	struct deposit_when	 w;
	struct deposit_due	 d;
	size_t			 i;
	int			 k;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		w = when(t[i].date, "Dinner");
		ck_assert_int_eq(w.weekday, t[i].weekday);
		ck_assert_int_eq(deposit_due(&p, &w, 8, &d), t[i].due);
	}
	/* every single day on its own, Monday to Sunday */
	for (k = 1; k <= 7; k++) {
		p.weekdays = 1u << (k - 1);
		for (i = 0; i < 7; i++) {
			w = when(t[i].date, "Dinner");
			ck_assert_int_eq(deposit_due(&p, &w, 8, &d),
			    t[i].weekday == k);
		}
	}
	/* no weekday: only the special dates */
	p.weekdays = 0;
	w = when("2026-12-04", "Dinner");
	ck_assert_int_eq(deposit_due(&p, &w, 8, &d), 0);
	/* a weekday out of range is no weekday */
	p.weekdays = 0x7f;
	w.weekday = 0;
	ck_assert_int_eq(deposit_due(&p, &w, 8, &d), 0);
	w.weekday = 8;
	ck_assert_int_eq(deposit_due(&p, &w, 8, &d), 0);
}
END_TEST

START_TEST(test_due_services)
{
	struct deposit_policy	 p = demo();
	struct deposit_when	 w;
	struct deposit_due	 d;

	w = when("2026-12-05", "Dinner");
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 1);
	w.service = "dinner";	/* ASCII case does not matter */
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 1);
	w.service = "Lunch";
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 0);
	w.service = "";		/* in no service */
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 0);
	w.service = NULL;
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 0);
	w.service = "Dinner ";	/* names compare whole */
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 0);
	/* two services */
	p.services[1] = "Lunch";
	p.nservices = 2;
	w.service = "Lunch";
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 1);
	/* none listed: every service, and starts in none */
	p.nservices = 0;
	w.service = "Brunch";
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 1);
	w.service = "";
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 1);
}
END_TEST

START_TEST(test_due_special_dates)
{
	struct deposit_policy	 p = demo();
	struct deposit_when	 w;
	struct deposit_due	 d;
	int			 dates[3];

	dates[0] = day_of("2026-12-24");	/* Thursday */
	dates[1] = day_of("2026-12-31");	/* Thursday */
	dates[2] = day_of("2027-02-14");	/* Sunday */
	p.dates = dates;
	p.ndates = 3;
	/* on a date: any weekday, any service */
	w = when("2026-12-31", "Lunch");
	ck_assert_int_eq(w.weekday, 4);
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 1);
	ck_assert_int_eq(d.amount, 12000);
	w = when("2026-12-24", "");
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 1);
	w = when("2027-02-14", "Dinner");
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 1);
	/* the days either side are ordinary days */
	w = when("2026-12-30", "Dinner");	/* Wednesday */
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 0);
	w = when("2027-01-01", "Lunch");	/* Friday, not dinner */
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 0);
	w = when("2027-02-13", "Lunch");	/* Saturday, not dinner */
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 0);
	w = when("2027-02-15", "Dinner");
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 0);
	/* the party size still counts on a date */
	w = when("2026-12-31", "Dinner");
	ck_assert_int_eq(deposit_due(&p, &w, 5, &d), 0);
	/* one date only, the first and the last of a list */
	p.ndates = 1;
	w = when("2026-12-24", "Lunch");
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 1);
	w = when("2026-12-31", "Lunch");
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 0);
}
END_TEST

START_TEST(test_due_kinds)
{
	struct deposit_policy	 p = demo();
	struct deposit_when	 w = when("2026-12-04", "Dinner");
	struct deposit_due	 d;

	p.kind = DEPOSIT_PER_BOOKING;
	p.amount = 5000;
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), 1);
	ck_assert_int_eq(d.amount, 5000);
	ck_assert_int_eq(deposit_due(&p, &w, 12, &d), 1);
	ck_assert_int_eq(d.amount, 5000);
	p.kind = DEPOSIT_NONE;
	ck_assert_int_eq(deposit_due(&p, &w, 12, &d), 0);
	ck_assert_int_eq(deposit_due(NULL, &w, 12, &d), 0);
	/* an amount the schema refuses gives no amount */
	p.kind = DEPOSIT_PER_BOOKING;
	p.amount = 0;
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), -1);
	p.amount = -100;
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), -1);
	p.amount = MONEY_MAX + 1;
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), -1);
	ck_assert_int_eq(d.amount, 0);
}
END_TEST

START_TEST(test_due_big_amounts)
{
	struct deposit_policy	 p = demo();
	struct deposit_when	 w = when("2026-12-04", "Dinner");
	struct deposit_due	 d;

	/* the largest per-booking amount */
	p.kind = DEPOSIT_PER_BOOKING;
	p.amount = MONEY_MAX;
	ck_assert_int_eq(deposit_due(&p, &w, 100, &d), 1);
	ck_assert(d.amount == MONEY_MAX);
	/* per guest: a product up to MONEY_MAX, and not past it */
	p.kind = DEPOSIT_PER_GUEST;
	p.amount = MONEY_MAX / 100;
	ck_assert_int_eq(deposit_due(&p, &w, 100, &d), 1);
	ck_assert(d.amount == (MONEY_MAX / 100) * 100);
	p.amount = MONEY_MAX / 100 + 1;
	ck_assert_int_eq(deposit_due(&p, &w, 100, &d), -1);
	ck_assert(d.amount == 0);
	p.amount = MONEY_MAX;
	ck_assert_int_eq(deposit_due(&p, &w, 6, &d), -1);
	/* JPY, exponent 0 */
	p.amount = 5000;
	memcpy(p.currency, "JPY", 4);
	p.exponent = 0;
	ck_assert_int_eq(deposit_due(&p, &w, 7, &d), 1);
	ck_assert_int_eq(d.amount, 35000);
	ck_assert_str_eq(d.currency, "JPY");
	ck_assert_int_eq(d.exponent, 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* deposit_refund                                                       */
/* ------------------------------------------------------------------ */

START_TEST(test_refund_boundary)
{
	struct deposit_policy	 p = demo();
	int64_t			 start = 1796400000;	/* any instant */
	int64_t			 h48 = 48 * 3600;

	/* exactly H hours before: still in time */
	ck_assert_int_eq(deposit_refund(&p, 12000, start, start - h48), 12000);
	ck_assert_int_eq(deposit_refund(&p, 12000, start, start - h48 - 1),
	    12000);
	ck_assert_int_eq(deposit_refund(&p, 12000, start, start - 30 * 86400),
	    12000);
	/* one second later: the late terms (none) */
	ck_assert_int_eq(deposit_refund(&p, 12000, start, start - h48 + 1), 0);
	ck_assert_int_eq(deposit_refund(&p, 12000, start, start - 60), 0);
	ck_assert_int_eq(deposit_refund(&p, 12000, start, start), 0);
	ck_assert_int_eq(deposit_refund(&p, 12000, start, start + 3600), 0);
	/* H = 0: in time up to the start itself */
	p.refund_hours = 0;
	ck_assert_int_eq(deposit_refund(&p, 12000, start, start), 12000);
	ck_assert_int_eq(deposit_refund(&p, 12000, start, start + 1), 0);
	/* the largest H */
	p.refund_hours = 8760;
	ck_assert_int_eq(deposit_refund(&p, 100, start,
	    start - 8760LL * 3600), 100);
	ck_assert_int_eq(deposit_refund(&p, 100, start,
	    start - 8760LL * 3600 + 1), 0);
}
END_TEST

START_TEST(test_refund_percentages)
{
	struct deposit_policy	 p = demo();
	int64_t			 start = 1796400000, late = start - 3600;

	p.late_refund_percent = 0;
	ck_assert_int_eq(deposit_refund(&p, 12000, start, late), 0);
	p.late_refund_percent = 50;
	ck_assert_int_eq(deposit_refund(&p, 12000, start, late), 6000);
	/* rounded down to the minor unit: 0.5 of 1 cent is 0 */
	ck_assert_int_eq(deposit_refund(&p, 1, start, late), 0);
	ck_assert_int_eq(deposit_refund(&p, 3, start, late), 1);
	ck_assert_int_eq(deposit_refund(&p, 12001, start, late), 6000);
	p.late_refund_percent = 100;
	ck_assert_int_eq(deposit_refund(&p, 12001, start, late), 12001);
	p.late_refund_percent = 33;
	ck_assert_int_eq(deposit_refund(&p, 100, start, late), 33);
	ck_assert_int_eq(deposit_refund(&p, 199, start, late), 65); /* 65.67 */
	ck_assert_int_eq(deposit_refund(&p, 99, start, late), 32);  /* 32.67 */
	p.late_refund_percent = 1;
	ck_assert_int_eq(deposit_refund(&p, 99, start, late), 0);
	ck_assert_int_eq(deposit_refund(&p, 100, start, late), 1);
	/* nothing paid, or a negative amount: nothing back */
	p.late_refund_percent = 50;
	ck_assert_int_eq(deposit_refund(&p, 0, start, late), 0);
	ck_assert_int_eq(deposit_refund(&p, -500, start, start - 86400 * 30),
	    0);
}
END_TEST

START_TEST(test_refund_exhaustive_small)
{
	struct deposit_policy	 p = demo();
	int64_t			 paid, start = 1796400000;
	int			 pct;

	/* against the obvious formula where it cannot overflow */
	for (pct = 0; pct <= 100; pct++) {
		p.late_refund_percent = pct;
		for (paid = 0; paid <= 1000; paid++)
			ck_assert_int_eq(deposit_refund(&p, paid, start, start),
			    paid * pct / 100);
	}
}
END_TEST

START_TEST(test_refund_big)
{
	struct deposit_policy	 p = demo();
	int64_t			 start = 1796400000;

	p.late_refund_percent = 50;
	ck_assert(deposit_refund(&p, INT64_MAX, start, start) ==
	    INT64_MAX / 2);	/* 4611686018427387903.5 down */
	p.late_refund_percent = 99;
	/* floor(INT64_MAX * 99 / 100), computed by hand */
	ck_assert(deposit_refund(&p, INT64_MAX, start, start) ==
	    9131138316486228048LL);
	ck_assert(deposit_refund(&p, INT64_MAX, start, start - 49 * 3600) ==
	    INT64_MAX);
	p.late_refund_percent = 100;
	ck_assert(deposit_refund(&p, MONEY_MAX, start, start) == MONEY_MAX);
	/* JPY 35000 at 50 %: whole yen */
	p.late_refund_percent = 50;
	ck_assert_int_eq(deposit_refund(&p, 35001, start, start), 17500);
	/* instants near the ends of int64 */
	ck_assert_int_eq(deposit_refund(&p, 100, INT64_MAX, 0), 100);
	ck_assert_int_eq(deposit_refund(&p, 100, INT64_MIN + 1, 0), 50);
}
END_TEST

/* ------------------------------------------------------------------ */
/* deposit_when_of: the service of a start                              */
/* ------------------------------------------------------------------ */

START_TEST(test_when_of)
{
	struct opening	 h[] = {
		{ 5, 12 * 60, 15 * 60, "Lunch" },
		{ 5, 18 * 60, 60, "Dinner" },		/* Fri 18:00-01:00 */
		{ 6, 18 * 60, 23 * 60, "Dinner" },
	};
	struct setup	 s;
	struct deposit_when w;
	int		 fri = day_of("2026-12-04");

	memset(&s, 0, sizeof s);
	s.hours = h;
	s.nhours = 3;
	deposit_when_of(&s, fri, 12 * 60, &w);
	ck_assert_str_eq(w.service, "Lunch");
	ck_assert_int_eq(w.day, fri);
	ck_assert_int_eq(w.weekday, 5);
	deposit_when_of(&s, fri, 15 * 60, &w);	/* closing time: none */
	ck_assert_str_eq(w.service, "");
	deposit_when_of(&s, fri, 23 * 60 + 45, &w);
	ck_assert_str_eq(w.service, "Dinner");
	/* Saturday 00:30 is Friday's dinner */
	deposit_when_of(&s, fri + 1, 30, &w);
	ck_assert_str_eq(w.service, "Dinner");
	ck_assert_int_eq(w.day, fri);
	ck_assert_int_eq(w.weekday, 5);
	deposit_when_of(&s, fri + 1, 60, &w);
	ck_assert_str_eq(w.service, "");
	ck_assert_int_eq(w.day, fri + 1);
	ck_assert_int_eq(w.weekday, 6);
	deposit_when_of(&s, fri + 1, 19 * 60, &w);
	ck_assert_str_eq(w.service, "Dinner");
	ck_assert_int_eq(w.weekday, 6);
	/* Thursday: closed */
	deposit_when_of(&s, fri - 1, 19 * 60, &w);
	ck_assert_str_eq(w.service, "");
	ck_assert_int_eq(w.weekday, 4);
}
END_TEST

/* ------------------------------------------------------------------ */
/* money                                                                */
/* ------------------------------------------------------------------ */

START_TEST(test_money_parse)
{
	static const struct { const char *s; int e; bool ok; int64_t v; } t[] = {
		{ "25.00", 2, true, 2500 },
		{ "25", 2, true, 2500 },
		{ "25.5", 2, true, 2550 },
		{ "0.01", 2, true, 1 },
		{ "0", 2, true, 0 },
		{ "007.10", 2, true, 710 },
		{ "25.001", 2, false, 0 },
		{ "25.", 2, false, 0 },
		{ ".5", 2, false, 0 },
		{ "-3", 2, false, 0 },
		{ "+3", 2, false, 0 },
		{ "1e3", 2, false, 0 },
		{ " 25", 2, false, 0 },
		{ "25 ", 2, false, 0 },
		{ "2,50", 2, false, 0 },
		{ "1.000.00", 2, false, 0 },
		{ "", 2, false, 0 },
		{ "abc", 2, false, 0 },
		{ "0x10", 2, false, 0 },
		{ "NaN", 2, false, 0 },
		{ "inf", 2, false, 0 },
		{ "5000", 0, true, 5000 },
		{ "1.5", 0, false, 0 },
		{ "1.0", 0, false, 0 },
		{ "1.", 0, false, 0 },
		{ "1.234", 3, true, 1234 },
		{ "1.2345", 3, false, 0 },
		{ "1", 3, true, 1000 },
		/* the bounds: MONEY_MAX minor units and no more */
		{ "9999999999.99", 2, true, 999999999999LL },
		{ "10000000000.00", 2, false, 0 },
		{ "10000000000", 2, false, 0 },
		{ "999999999999", 0, true, 999999999999LL },
		{ "1000000000000", 0, false, 0 },
		{ "99999999999999999999999999", 2, false, 0 },
		{ "9223372036854775807", 0, false, 0 },
		{ "18446744073709551617", 0, false, 0 },
	};
	int64_t	 v;
	size_t	 i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		ck_assert_msg(money_parse(t[i].s, t[i].e, &v) == t[i].ok,
		    "%s (exponent %d)", t[i].s, t[i].e);
		ck_assert_msg(v == t[i].v, "%s: %lld", t[i].s, (long long)v);
	}
	ck_assert(!money_parse(NULL, 2, &v));
	ck_assert(!money_parse("1", -1, &v));
	ck_assert(!money_parse("1", 4, &v));
}
END_TEST

START_TEST(test_money_format)
{
	char	 b[64];

	money_format(2500, 2, b, sizeof b);
	ck_assert_str_eq(b, "25.00");
	money_format(5, 2, b, sizeof b);
	ck_assert_str_eq(b, "0.05");
	money_format(0, 2, b, sizeof b);
	ck_assert_str_eq(b, "0.00");
	money_format(-5, 2, b, sizeof b);
	ck_assert_str_eq(b, "-0.05");
	money_format(123456789, 2, b, sizeof b);
	ck_assert_str_eq(b, "1234567.89");
	money_format(3000, 0, b, sizeof b);
	ck_assert_str_eq(b, "3000");
	money_format(1234, 3, b, sizeof b);
	ck_assert_str_eq(b, "1.234");
	money_format(MONEY_MAX, 2, b, sizeof b);
	ck_assert_str_eq(b, "9999999999.99");
	money_format(INT64_MAX, 2, b, sizeof b);
	ck_assert_str_eq(b, "92233720368547758.07");
	money_format(INT64_MIN, 2, b, sizeof b);
	ck_assert_str_eq(b, "-92233720368547758.08");
	/* round trip */
	{
		int64_t	 v, x;

		for (x = 0; x < 100000; x += 37) {
			money_format(x, 2, b, sizeof b);
			ck_assert(money_parse(b, 2, &v));
			ck_assert(v == x);
		}
	}
}
END_TEST

START_TEST(test_money_text)
{
	char	 b[64], small[6];

	money_text("€{amount}", 5000, "EUR", 2, b, sizeof b);
	ck_assert_str_eq(b, "€50.00");
	money_text("{amount} {currency}", 2550, "PLN", 2, b, sizeof b);
	ck_assert_str_eq(b, "25.50 PLN");
	money_text("¥{amount}", 35000, "JPY", 0, b, sizeof b);
	ck_assert_str_eq(b, "¥35000");
	money_text(NULL, 100, "CHF", 2, b, sizeof b);
	ck_assert_str_eq(b, "1.00 CHF");
	money_text("{amount", 100, "CHF", 2, b, sizeof b);
	ck_assert_str_eq(b, "{amount");
	/* cut to fit, terminated */
	money_text("{amount} {currency}", 123456, "EUR", 2, small, sizeof small);
	ck_assert_str_eq(small, "1234.");
}
END_TEST

START_TEST(test_kind_names)
{
	ck_assert_str_eq(deposit_kind_name(DEPOSIT_NONE), "none");
	ck_assert_str_eq(deposit_kind_name(DEPOSIT_PER_GUEST), "per_guest");
	ck_assert_str_eq(deposit_kind_name(DEPOSIT_PER_BOOKING), "per_booking");
	ck_assert_int_eq(deposit_kind_of("per_guest"), DEPOSIT_PER_GUEST);
	ck_assert_int_eq(deposit_kind_of("per_booking"), DEPOSIT_PER_BOOKING);
	ck_assert_int_eq(deposit_kind_of("none"), DEPOSIT_NONE);
	ck_assert_int_eq(deposit_kind_of("PER_GUEST"), DEPOSIT__MAX);
	ck_assert_int_eq(deposit_kind_of(NULL), DEPOSIT__MAX);
}
END_TEST

START_TEST(test_from_json)
{
	struct deposit_policy	 p;
	int			 dates[DEPOSIT_DATES];
	json_error_t		 e;
	json_t			*j;

	j = json_loads("[\"per_guest\", 2000, \"EUR\", 2, 6, 48, [\"Dinner\"],"
	    " 48, 0, [9834, 9835]]", 0, &e);
	ck_assert(deposit_from_json(j, &p, dates));
	ck_assert_int_eq(p.kind, DEPOSIT_PER_GUEST);
	ck_assert_int_eq(p.amount, 2000);
	ck_assert_str_eq(p.currency, "EUR");
	ck_assert_uint_eq(p.weekdays, FRI | SAT);
	ck_assert_str_eq(p.services[0], "Dinner");
	ck_assert_uint_eq(p.nservices, 1);
	ck_assert_uint_eq(p.ndates, 2);
	ck_assert_int_eq(p.dates[1], 9835);
	json_decref(j);
	j = json_loads("[\"nope\", 1, \"EUR\", 2, 1, 0, [], 0, 0, []]", 0, &e);
	ck_assert(!deposit_from_json(j, &p, dates));
	json_decref(j);
	j = json_loads("[\"none\", 0, \"EUR\"]", 0, &e);
	ck_assert(!deposit_from_json(j, &p, dates));
	json_decref(j);
	ck_assert(!deposit_from_json(NULL, &p, dates));
}
END_TEST

static Suite *
suite(void)
{
	Suite	*s = suite_create("deposit");
	TCase	*due = tcase_create("Due");
	TCase	*refund = tcase_create("Refund");
	TCase	*money = tcase_create("Money");

	tcase_add_test(due, test_due_party_boundary);
	tcase_add_test(due, test_due_weekdays);
	tcase_add_test(due, test_due_services);
	tcase_add_test(due, test_due_special_dates);
	tcase_add_test(due, test_due_kinds);
	tcase_add_test(due, test_due_big_amounts);
	tcase_add_test(due, test_when_of);
	tcase_add_test(due, test_from_json);
	suite_add_tcase(s, due);
	tcase_add_test(refund, test_refund_boundary);
	tcase_add_test(refund, test_refund_percentages);
	tcase_add_test(refund, test_refund_exhaustive_small);
	tcase_add_test(refund, test_refund_big);
	suite_add_tcase(s, refund);
	tcase_add_test(money, test_money_parse);
	tcase_add_test(money, test_money_format);
	tcase_add_test(money, test_money_text);
	tcase_add_test(money, test_kind_names);
	suite_add_tcase(s, money);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
