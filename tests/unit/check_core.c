/* check_core.c: the booking core (lib/booking.c, lib/offer.c) against a real database, without HTTP. */
#include "pgtest.h"
#include "testkey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

static const char		*dsn;
static struct db		*db;
static struct setup_cache	*cache;
static struct book_env		 env;
static const struct setup	*s;
static int			 today;		/* the restaurant's local date */

#define SLUG	"core-test"

/* Once for the whole program: the schema and one restaurant. */
static void
setup_once(void)
{
	testkey_load();
	dsn = pgtest_createdb("t_core");
	pgtest_migrate(dsn, false);
	pgtest_sql(dsn, "INSERT INTO users (email, role)"
	    " VALUES ('core@example.com', 'owner')");
	pgtest_sql(dsn, "INSERT INTO restaurants (owner_id, slug, name, timezone,"
	    " slot_minutes, booking_window_days, min_notice_minutes,"
	    " cancel_cutoff_minutes, max_party, status, email)"
	    " SELECT id, '" SLUG "', 'Core', 'Europe/Warsaw', 30, 365, 0, 60, 6,"
	    " 'active', 'core-restaurant@example.com' FROM users");
	pgtest_sql(dsn, "INSERT INTO opening_hours (restaurant_id, weekday, opens,"
	    " closes) SELECT r.id, d, '10:00', '23:00' FROM restaurants r,"
	    " generate_series(1, 7) d");
	pgtest_sql(dsn, "INSERT INTO dining_tables (restaurant_id, label,"
	    " seats_min, seats_max) SELECT id, t, 1, s FROM restaurants,"
	    " (VALUES ('T2', 2), ('T4', 4)) x(t, s)");
	pgtest_sql(dsn, "INSERT INTO dining_tables (restaurant_id, label,"
	    " seats_min, seats_max, bookable) SELECT id, 'BAR', 1, 2, 'walk_in'"
	    " FROM restaurants");
	pgtest_sql(dsn, "INSERT INTO turn_times (restaurant_id, party_min,"
	    " party_max, minutes) SELECT id, 1, 6, 60 FROM restaurants");
}

static void
setup(void)
{
	char	 buf[16];

	ck_assert_ptr_null(err_init());
	ck_assert_ptr_null(db_open(dsn, true, &db));
	ck_assert_ptr_nonnull(cache = setup_cache_new(NULL));
	memset(&env, 0, sizeof env);
	env.db = db;
	env.setups = cache;
	env.base_url = "https://stolik.example";
	env.now = (int64_t)time(NULL);
	env.hold_minutes = 5;
	env.holds_per_browser = 3;
	env.holds_per_ip = 10;
	env.bookings_per_guest = 3;
	ck_assert_ptr_null(setup_get(cache, db, 0, SLUG, &s));
	ck_assert_ptr_nonnull(s);
	ck_assert(date_parse(pgtest_value(dsn, "SELECT (now() AT TIME ZONE "
	    "'Europe/Warsaw')::date", buf, sizeof buf), &today));
}

static void
teardown(void)
{
	setup_cache_free(cache);
	db_close(db);
}

static int
count(const char *fmt, ...)
{
	char	 sql[512], buf[32];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	return atoi(pgtest_value(dsn, sql, buf, sizeof buf));
}

static struct guest
guest(const char *email)
{
	struct guest	 g = { "Ada Lovelace", email, "+48 600 100 200", "", 0 };

	return g;
}

static const struct client web = { "web", NULL, "10.1.1.1" };

/* A booking made at once for email at day, HH:MM, party; its outcome. */
static enum book_result
direct(int day, const char *hm, int party, const char *email,
    struct book_out *out)
{
	struct want	 w;
	struct guest	 g = guest(email);

	w.day = today + day;
	ck_assert(hm_parse(hm, &w.minute));
	w.party = party;
	ck_assert_ptr_null(booking_direct(&env, s, &w, &web, &g, out));
	return out->res;
}

static struct reservation *
load(const char *code)
{
	struct reservation	*rv = NULL;

	ck_assert_ptr_null(db_reservation_get(db, code, NULL, &rv));
	ck_assert_ptr_nonnull(rv);
	return rv;
}

START_TEST(test_direct_until_taken)
{
	struct book_out	 a, b, c;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	memset(&c, 0, sizeof c);
	ck_assert_int_eq(direct(3, "19:00", 2, "one@example.com", &a), BOOK_OK);
	ck_assert_int_eq(a.status, RSV_CONFIRMED);
	ck_assert_uint_eq(strlen(a.code), 10);
	ck_assert_uint_eq(strlen(a.token), SEC_TOKEN_B64 - 1);
	/* the guest's mail and the restaurant's, and the event, with it */
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE reservation_id"
	    " = %lld AND kind IN ('confirmation', 'owner_new')", (long long)a.id), 2);
	ck_assert_int_eq(count("SELECT count(*) FROM reservation_events WHERE"
	    " reservation_id = %lld AND to_status = 'confirmed'", (long long)a.id), 1);
	/* the smallest fitting table first, then the next; the walk-in table never */
	ck_assert_int_eq(direct(3, "19:00", 2, "two@example.com", &b), BOOK_OK);
	ck_assert_int_eq(direct(3, "19:00", 2, "three@example.com", &c),
	    BOOK_TAKEN);
	ck_assert_int_eq(c.offer.why, OFFER_TAKEN);
	ck_assert_uint_gt(c.offer.nnear, 0);
	ck_assert_str_eq(c.code, "");
	ck_assert_int_eq(count("SELECT count(*) FROM reservations WHERE code = '%s'"
	    " AND table_id = (SELECT id FROM dining_tables WHERE label = 'T2')",
	    a.code), 1);
	book_out_free(&a);
	book_out_free(&b);
	book_out_free(&c);
}
END_TEST

START_TEST(test_not_offered)
{
	struct book_out	 o;

	memset(&o, 0, sizeof o);
	ck_assert_int_eq(direct(-1, "19:00", 2, "x@example.com", &o),
	    BOOK_NOT_OFFERED);
	ck_assert_int_eq(o.offer.why, OFFER_PAST);
	ck_assert_int_eq(direct(4, "19:10", 2, "x@example.com", &o),
	    BOOK_NOT_OFFERED);
	ck_assert_int_eq(o.offer.why, OFFER_OUTSIDE_HOURS);
	ck_assert_int_eq(direct(4, "09:00", 2, "x@example.com", &o),
	    BOOK_NOT_OFFERED);
	ck_assert_int_eq(o.offer.why, OFFER_OUTSIDE_HOURS);
	ck_assert_int_eq(direct(4, "19:00", 5, "x@example.com", &o),
	    BOOK_NOT_OFFERED);
	ck_assert_int_eq(o.offer.why, OFFER_PARTY_TOO_LARGE);
	ck_assert_int_eq(direct(400, "19:00", 2, "x@example.com", &o),
	    BOOK_NOT_OFFERED);
	ck_assert_int_eq(o.offer.why, OFFER_BEYOND_WINDOW);
	ck_assert_str_eq(offer_why_code(OFFER_TOO_SOON), "too_soon");
	ck_assert_int_eq(count("SELECT count(*) FROM reservations WHERE"
	    " guest_email = 'x@example.com'"), 0);
}
END_TEST

START_TEST(test_guest_limit)
{
	struct book_out	 o;
	const char	*t[] = { "12:00", "13:00", "14:00", "15:00" };
	int		 i;

	memset(&o, 0, sizeof o);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(direct(5, t[i], 2, "many@example.com", &o), BOOK_OK);
	ck_assert_int_eq(direct(5, t[3], 2, "MANY@example.com", &o),
	    BOOK_GUEST_LIMIT);
	ck_assert_int_eq(count("SELECT count(*) FROM reservations WHERE"
	    " guest_email = 'many@example.com'"), 3);
}
END_TEST

START_TEST(test_hold_then_confirm)
{
	struct reservation	*rv;
	struct book_out		 h, c;
	struct client		 cl = { "web", "browser-id-of-the-test-0000000000000000000", NULL };
	struct guest		 g = guest("held@example.com");
	struct want		 w;
	char			 token[SEC_TOKEN_B64];

	memset(&h, 0, sizeof h);
	memset(&c, 0, sizeof c);
	w.day = today + 6;
	w.minute = 20 * 60;
	w.party = 3;
	ck_assert_ptr_null(booking_hold(&env, s, &w, &cl, &h));
	ck_assert_int_eq(h.res, BOOK_OK);
	ck_assert_int_gt(h.expires, env.now);
	ck_assert_int_le(h.expires, env.now + 5 * 60 + 5);
	/* a hold mails nobody; it is on the four-seat table */
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE reservation_id"
	    " = %lld", (long long)h.id), 0);
	rv = load(h.code);
	ck_assert_int_eq(rv->status, RSV_HELD);
	ck_assert_str_eq(rv->table_label, "T4");
	memcpy(token, h.token, sizeof token);
	ck_assert_ptr_null(booking_confirm(&env, rv, token, &g, &c));
	ck_assert_int_eq(c.res, BOOK_OK);
	ck_assert_int_eq(c.status, RSV_CONFIRMED);
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE reservation_id"
	    " = %lld", (long long)h.id), 2);
	/* once is all */
	ck_assert_ptr_null(booking_confirm(&env, rv, token, &g, &c));
	ck_assert_int_eq(c.res, BOOK_GONE);
	/* a wrong token confirms nothing */
	ck_assert_ptr_null(booking_confirm(&env, rv,
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &g, &c));
	ck_assert_int_eq(c.res, BOOK_GONE);
	db_reservation_free(rv);
}
END_TEST

START_TEST(test_hold_limit_per_browser)
{
	struct client	 cl = { "web", "another-browser-0000000000000000000000000", NULL };
	struct book_out	 o;
	struct want	 w;
	int		 i;

	memset(&o, 0, sizeof o);
	w.day = today + 7;
	w.party = 2;
	for (i = 0; i < 4; i++) {
		w.minute = (12 + i) * 60;
		ck_assert_ptr_null(booking_hold(&env, s, &w, &cl, &o));
		ck_assert_int_eq(o.res, i < 3 ? BOOK_OK : BOOK_LIMIT);
	}
}
END_TEST

START_TEST(test_change_and_cancel)
{
	struct reservation	*rv;
	struct book_out		 o, x, y;
	struct change		 c;

	memset(&o, 0, sizeof o);
	memset(&x, 0, sizeof x);
	memset(&y, 0, sizeof y);
	ck_assert_int_eq(direct(8, "12:00", 2, "mover@example.com", &o), BOOK_OK);
	ck_assert_int_eq(direct(8, "14:00", 2, "block1@example.com", &x), BOOK_OK);
	ck_assert_int_eq(direct(8, "14:00", 2, "block2@example.com", &y), BOOK_OK);
	rv = load(o.code);
	memset(&c, 0, sizeof c);
	c.who = ACTOR_DINER;
	c.want.day = today + 8;
	c.want.minute = 13 * 60;
	c.want.party = 4;
	ck_assert_ptr_null(booking_change(&env, rv, &c, o.token, &o));
	ck_assert_int_eq(o.res, BOOK_OK);
	ck_assert_int_eq(count("SELECT count(*) FROM reservations v JOIN"
	    " dining_tables t ON t.id = v.table_id WHERE v.id = %lld AND"
	    " v.party_size = 4 AND t.label = 'T4' AND to_char(v.starts_at AT TIME"
	    " ZONE 'Europe/Warsaw', 'HH24:MI') = '13:00'", (long long)rv->id), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE reservation_id"
	    " = %lld AND kind IN ('change', 'owner_change')", (long long)rv->id), 2);
	/* 14:00 is full: the nearest free times come back */
	db_reservation_free(rv);
	rv = load(o.code);
	c.want.minute = 14 * 60;
	c.want.party = 2;
	ck_assert_ptr_null(booking_change(&env, rv, &c, NULL, &o));
	ck_assert_int_eq(o.res, BOOK_TAKEN);
	ck_assert_uint_gt(o.offer.nnear, 0);
	/* cancelled once, then nothing more */
	ck_assert_ptr_null(booking_cancel(&env, rv, NULL, &o));
	ck_assert_int_eq(o.res, BOOK_OK);
	ck_assert_int_eq(o.was, RSV_CONFIRMED);
	ck_assert_ptr_null(booking_cancel(&env, rv, NULL, &o));
	ck_assert_int_eq(o.res, BOOK_STATE);
	db_reservation_free(rv);
	book_out_free(&x);
	book_out_free(&y);
}
END_TEST

START_TEST(test_cutoff)
{
	struct reservation	*rv;
	struct book_out		 o;
	struct change		 c;

	memset(&o, 0, sizeof o);
	ck_assert_int_eq(direct(9, "12:00", 2, "late@example.com", &o), BOOK_OK);
	rv = load(o.code);
	/* an hour's cutoff: thirty minutes before is too late */
	env.now = rv->start - 30 * 60;
	rv->now = env.now;
	memset(&c, 0, sizeof c);
	c.who = ACTOR_DINER;
	c.want.day = today + 9;
	c.want.minute = 13 * 60;
	c.want.party = 2;
	ck_assert_ptr_null(booking_change(&env, rv, &c, NULL, &o));
	ck_assert_int_eq(o.res, BOOK_TOO_LATE);
	ck_assert_ptr_null(booking_cancel(&env, rv, NULL, &o));
	ck_assert_int_eq(o.res, BOOK_TOO_LATE);
	/* the owner is not bound by it */
	c.who = ACTOR_OWNER;
	ck_assert_ptr_null(booking_change(&env, rv, &c, NULL, &o));
	ck_assert_int_eq(o.res, BOOK_OK);
	db_reservation_free(rv);
}
END_TEST

START_TEST(test_owner_moves_and_undo)
{
	struct reservation	*rv;
	struct book_out		 o;
	struct actor		 by = { 0, "10.0.0.1" };
	char			 buf[32];

	by.user = atoll(pgtest_value(dsn, "SELECT id FROM users WHERE email ="
	    " 'core@example.com'", buf, sizeof buf));
	memset(&o, 0, sizeof o);
	ck_assert_int_eq(direct(10, "18:00", 2, "owner-moves@example.com", &o),
	    BOOK_OK);
	rv = load(o.code);
	ck_assert_ptr_null(booking_owner_status(&env, rv, RSV_ARRIVED, "", &by, &o));
	ck_assert_int_eq(o.res, BOOK_OK);
	ck_assert_int_eq(o.was, RSV_CONFIRMED);
	/* not a move the status machine has */
	ck_assert_ptr_null(booking_owner_status(&env, rv, RSV_PENDING, "", &by, &o));
	ck_assert_int_eq(o.res, BOOK_STATE);
	ck_assert_ptr_null(booking_undo(&env, rv, &by, &o));
	ck_assert_int_eq(o.res, BOOK_OK);
	ck_assert_int_eq(o.status, RSV_CONFIRMED);
	/* an undo is not undone */
	ck_assert_ptr_null(booking_undo(&env, rv, &by, &o));
	ck_assert_int_eq(o.res, BOOK_STATE);
	ck_assert_int_eq(count("SELECT count(*) FROM audit_log WHERE target = '%s'",
	    rv->code), 2);
	db_reservation_free(rv);
}
END_TEST

START_TEST(test_walk_in_and_phone)
{
	struct book_out	 o;
	struct entry	 e;
	char		 buf[32];

	memset(&o, 0, sizeof o);
	memset(&e, 0, sizeof e);
	e.walk_in = true;
	e.want.day = today + 11;
	e.want.minute = 21 * 60;
	e.want.party = 2;
	e.guest = guest("");
	e.table = atoll(pgtest_value(dsn, "SELECT id FROM dining_tables WHERE"
	    " label = 'BAR'", buf, sizeof buf));
	/* the owner seats anyone at a table not booked online */
	ck_assert_ptr_null(booking_enter(&env, s, &e, NULL, &o));
	ck_assert_int_eq(o.res, BOOK_OK);
	ck_assert_int_eq(o.status, RSV_SEATED);
	ck_assert_ptr_null(booking_enter(&env, s, &e, NULL, &o));
	ck_assert_int_eq(o.res, BOOK_TAKEN);
	e.table = 999999;
	ck_assert_ptr_null(booking_enter(&env, s, &e, NULL, &o));
	ck_assert_int_eq(o.res, BOOK_NO_TABLE);
	/* by phone, with an address: its confirmation */
	e.walk_in = false;
	e.table = 0;
	e.guest = guest("phone@example.com");
	ck_assert_ptr_null(booking_enter(&env, s, &e, NULL, &o));
	ck_assert_int_eq(o.res, BOOK_OK);
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE reservation_id"
	    " = %lld AND kind = 'confirmation'", (long long)o.id), 1);
}
END_TEST

/* A hook whose first transaction meets a deadlock. */
static int	 hook_calls;

static NEOERR *
flaky_begin(void *arg, bool *stop)
{
	(void)arg;
	*stop = false;
	if (hook_calls++ == 0)
		return nerr_raise(ERR_DB_RETRY, "deadlock detected (test)");
	return STATUS_OK;
}

static NEOERR *
flaky_commit(void *arg, const struct book_out *out)
{
	(void)arg;
	ck_assert_int_eq(out->res, BOOK_OK);
	return STATUS_OK;
}

START_TEST(test_retried_from_the_start)
{
	struct book_hook hook = { flaky_begin, flaky_commit, NULL };
	struct book_out	 o;
	NEOERR		*err;

	memset(&o, 0, sizeof o);
	env.hook = &hook;
	hook_calls = 0;
	ck_assert_int_eq(direct(12, "19:00", 2, "retry@example.com", &o), BOOK_OK);
	ck_assert_int_eq(hook_calls, 2);
	ck_assert_uint_eq(env.retries, 1);
	ck_assert_int_eq(count("SELECT count(*) FROM reservations WHERE"
	    " guest_email = 'retry@example.com'"), 1);
	/* the negative control: not retried, it is a failure */
	hook_calls = 0;
	env.unsafe = BOOK_NO_RETRY;
	err = booking_direct(&env, s, &(struct want){ today + 12, 20 * 60, 2 },
	    &web, &(struct guest){ "N", "noretry@example.com", "+48 600 100 200",
	    "", 0 }, &o);
	ck_assert_ptr_nonnull(err);
	ck_assert(nerr_match(err, ERR_DB));
	nerr_ignore(&err);
	ck_assert_int_eq(count("SELECT count(*) FROM reservations WHERE"
	    " guest_email = 'noretry@example.com'"), 0);
	env.hook = NULL;
	env.unsafe = 0;
}
END_TEST

/* A booking of SLUG's day (today + day) at 19:00 for an hour on table label, written behind the core's back. */
static void
book_behind(const char *code, int day, const char *label, const char *status)
{
	char	 sql[1024];

	snprintf(sql, sizeof sql, "INSERT INTO reservations (code,"
	    " restaurant_id, table_id, party_size, starts_at, ends_at, status,"
	    " source, guest_name) SELECT '%s', t.restaurant_id, t.id, 2,"
	    " x.s, x.s + interval '1 hour', '%s', 'owner', 'Behind'"
	    " FROM dining_tables t, (SELECT ((now() AT TIME ZONE"
	    " 'Europe/Warsaw')::date + %d + time '19:00') AT TIME ZONE"
	    " 'Europe/Warsaw' AS s) x WHERE t.label = '%s'", code, status, day,
	    label);
	pgtest_sql(dsn, sql);
}

static int64_t
table_id(const char *label)
{
	return count("SELECT id FROM dining_tables WHERE label = '%s'", label);
}

/*
 * The fitting tables that the kept copy of the day shows free are tried
 * first, in their order, without a look at the bookings; a copy that is
 * behind costs that look, never a booking, and never a double one.
 */
START_TEST(test_seen_first)
{
	struct shc		*c = shc_create(1 << 20);
	struct setup_cache	*shared;
	struct slot		 v[64];
	struct book_out		 a, b, x, none;
	size_t			 n;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	memset(&x, 0, sizeof x);
	memset(&none, 0, sizeof none);
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_nonnull(shared = setup_cache_new(c));
	env.setups = shared;

	/* without a copy: nothing seen, every fitting table to look among */
	ck_assert_int_eq(direct(20, "12:00", 2, "seen0@example.com", &none),
	    BOOK_OK);
	ck_assert_uint_eq(none.offer.nseen, 0);
	ck_assert_uint_eq(none.offer.ntables, 2);

	/* the day kept by a look at it; then T2 taken behind its back */
	ck_assert_ptr_null(offer_times(&env, s, today + 21, 2, 0, v, 64,
	    &n));
	ck_assert_uint_gt(n, 0);
	book_behind("SEENBEHIND1", 21, "T2", "confirmed");
	/* both seen free; T2 is met in the constraint, T4 is taken */
	ck_assert_int_eq(direct(21, "19:00", 2, "seen1@example.com", &a),
	    BOOK_OK);
	ck_assert_uint_eq(a.offer.nseen, 2);
	ck_assert_int_eq(a.offer.tables[0], table_id("T2"));
	ck_assert_int_eq(count("SELECT table_id FROM reservations WHERE"
	    " code = '%s'", a.code), table_id("T4"));
	/* the copy still shows both free: both met, then the look finds none */
	ck_assert_int_eq(direct(21, "19:00", 2, "seen2@example.com", &b),
	    BOOK_TAKEN);
	ck_assert_int_eq(count("SELECT count(*) FROM reservations WHERE"
	    " guest_email = 'seen2@example.com'"), 0);

	/*
	 * A copy behind the other way: it shows T4 taken by a booking
	 * cancelled since, and T2 free, taken since. Only T2 is seen; it is
	 * met, and the look finds T4. (Day 28: a week of its own, read
	 * afresh; a copy holds a week.)
	 */
	book_behind("SEENBEHIND2", 28, "T4", "confirmed");
	ck_assert_ptr_null(offer_times(&env, s, today + 28, 2, 0, v, 64,
	    &n));
	book_behind("SEENBEHIND3", 28, "T2", "confirmed");
	pgtest_sql(dsn, "UPDATE reservations SET status = 'cancelled'"
	    " WHERE code = 'SEENBEHIND2'");
	ck_assert_int_eq(direct(28, "19:00", 2, "seen3@example.com", &x),
	    BOOK_OK);
	ck_assert_uint_eq(x.offer.nseen, 1);
	ck_assert_uint_eq(x.offer.ntables, 2);
	ck_assert_int_eq(x.offer.tables[0], table_id("T2"));
	ck_assert_int_eq(x.offer.tables[1], table_id("T4"));
	ck_assert_int_eq(count("SELECT table_id FROM reservations WHERE"
	    " code = '%s'", x.code), table_id("T4"));

	/* never two active bookings on a table at once */
	ck_assert_int_eq(count("SELECT count(*) FROM reservations a"
	    " JOIN reservations b ON a.table_id = b.table_id AND a.id < b.id"
	    " AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at,"
	    " b.ends_at) WHERE a.status IN ('held', 'pending', 'confirmed',"
	    " 'arrived', 'seated') AND b.status IN ('held', 'pending',"
	    " 'confirmed', 'arrived', 'seated')"), 0);
	book_out_free(&none);
	book_out_free(&a);
	book_out_free(&b);
	book_out_free(&x);
	env.setups = cache;
	setup_cache_free(shared);
	shc_destroy(c);
}
END_TEST

/* Instants and the restaurant's wall clock, across the clock changes. */
START_TEST(test_local_of_instants)
{
	int	 day, minute, d0, d1, m1;
	bool	 ok, ok1;

	/* 2026-10-25: Warsaw goes from +02:00 back to +01:00 at 03:00 */
	ck_assert(date_parse("2026-10-25", &d0));
	/* 2026-10-24T22:00:00Z is 00:00 +02:00 */
	ck_assert_ptr_null(offer_local(&env, "Europe/Warsaw", 1792886400 - 7200,
	    &day, &minute, &ok));
	ck_assert(ok);
	ck_assert_int_eq(day, d0);
	ck_assert_int_eq(minute, 0);
	/* 02:30 comes twice (00:30Z and 01:30Z): one of them names it */
	ck_assert_ptr_null(offer_local(&env, "Europe/Warsaw", 1792886400 + 1800,
	    &day, &minute, &ok));
	ck_assert_ptr_null(offer_local(&env, "Europe/Warsaw", 1792886400 + 5400,
	    &d1, &m1, &ok1));
	ck_assert(ok != ok1);
	ck_assert_int_eq(ok ? minute : m1, 2 * 60 + 30);
	ck_assert_int_eq(ok ? day : d1, d0);
	/* a second past the minute names no start */
	ck_assert_ptr_null(offer_local(&env, "America/New_York", 1792886400 + 1,
	    &day, &minute, &ok));
	ck_assert(!ok);
	/* an evening in New York is the next UTC day */
	ck_assert_ptr_null(offer_local(&env, "America/New_York",
	    1792886400 + 3600, &day, &minute, &ok));
	ck_assert(ok);
	ck_assert_int_eq(day, d0 - 1);
	ck_assert_int_eq(minute, 21 * 60);
}
END_TEST

static Suite *
suite(void)
{
	Suite	*su = suite_create("core");
	TCase	*tc = tcase_create("Core");

	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_direct_until_taken);
	tcase_add_test(tc, test_not_offered);
	tcase_add_test(tc, test_guest_limit);
	tcase_add_test(tc, test_hold_then_confirm);
	tcase_add_test(tc, test_hold_limit_per_browser);
	tcase_add_test(tc, test_change_and_cancel);
	tcase_add_test(tc, test_cutoff);
	tcase_add_test(tc, test_owner_moves_and_undo);
	tcase_add_test(tc, test_walk_in_and_phone);
	tcase_add_test(tc, test_retried_from_the_start);
	tcase_add_test(tc, test_local_of_instants);
	tcase_add_test(tc, test_seen_first);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	pgtest_require();
	sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
