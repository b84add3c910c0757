/*
 * check_shcache.c: unit tests of lib/shcache.c, and of set-ups and pages
 * passed between two workers' caches through it (over the demo data).
 */
#include "pgtest.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#define SLUG	"borshch-i-vyshnia"

static const char	*dsn;

/* Once for the whole program: a database with the schema and demo data. */
static void
setup_once(void)
{
	ck_assert_ptr_null(err_init());
	dsn = pgtest_createdb("t_shcache");
	pgtest_migrate(dsn, true);
}

/* Blobs of these tests: a string, packed with its NUL. */
static void
pack_str(void *dst, void *arg)
{
	memcpy(dst, arg, strlen(arg) + 1);
}

static void *
unpack_str(const void *blob, size_t len, void *arg)
{
	(void)arg;
	ck_assert_uint_eq(strlen(blob) + 1, len);
	return strdup(blob);
}

static bool
put(struct shc *c, uint64_t key, int64_t owner, uint64_t stamp, const char *s)
{
	return shc_put(c, SHC_SETUP, key, owner, stamp, 0, strlen(s) + 1,
	    pack_str, (void *)s);
}

/* The string kept under key, or "" if none (for ck_assert_str_eq). */
static const char *
get(struct shc *c, uint64_t key)
{
	static char	 buf[4096];
	char		*s;

	if ((s = shc_get(c, SHC_SETUP, key, 0, unpack_str, NULL)) == NULL)
		return "";
	snprintf(buf, sizeof buf, "%s", s);
	free(s);
	return buf;
}

START_TEST(test_put_get)
{
	struct shc		*c = shc_create(1 << 20);
	struct shc_stats	 st;
	uint64_t		 s;

	ck_assert_ptr_nonnull(c);
	s = shc_stamp(c);
	ck_assert_uint_gt(s, 0);
	ck_assert_str_eq(get(c, 7), "");
	ck_assert(put(c, 7, 7, s, "seven"));
	ck_assert(put(c, 8, 8, s, "eight"));
	ck_assert_str_eq(get(c, 7), "seven");
	ck_assert_str_eq(get(c, 8), "eight");
	/* kinds do not meet */
	ck_assert_ptr_null(shc_get(c, SHC_PAGE, 7, 0, unpack_str, NULL));
	/* a new blob replaces the old */
	ck_assert(put(c, 7, 7, shc_stamp(c), "seven again"));
	ck_assert_str_eq(get(c, 7), "seven again");
	shc_stats(c, &st);
	ck_assert_uint_eq(st.hits[SHC_SETUP], 3);
	ck_assert_uint_eq(st.misses[SHC_SETUP], 1);
	ck_assert_uint_eq(st.misses[SHC_PAGE], 1);
	ck_assert_uint_eq(st.stores[SHC_SETUP], 3);
	/* no cache: nothing kept, nothing found */
	ck_assert_uint_eq(shc_stamp(NULL), 0);
	ck_assert(!put(NULL, 7, 7, 1, "x"));
	ck_assert_str_eq(get(NULL, 7), "");
	shc_destroy(c);
}
END_TEST

/*
 * A change drops what was read before it, and refuses what was read before
 * it but offered after: the race of two workers around one change.
 */
START_TEST(test_stamps)
{
	struct shc	*c = shc_create(1 << 20);
	uint64_t	 before, after;

	before = shc_stamp(c);
	ck_assert(put(c, 1, 42, before, "old"));
	shc_drop(c, 42);
	ck_assert_str_eq(get(c, 1), "");
	/* read before the change, offered after another worker dropped it */
	ck_assert(!put(c, 1, 42, before, "old"));
	ck_assert_str_eq(get(c, 1), "");
	after = shc_stamp(c);
	ck_assert(put(c, 1, 42, after, "new"));
	ck_assert_str_eq(get(c, 1), "new");
	/* another owner's change leaves it be (but for SHC_MARKS apart) */
	shc_drop(c, 43);
	ck_assert_str_eq(get(c, 1), "new");
	/* after a reconnect nothing so far is trusted */
	ck_assert(put(c, 2, 44, shc_stamp(c), "two"));
	before = shc_stamp(c);
	shc_drop_all(c);
	ck_assert_str_eq(get(c, 1), "");
	ck_assert_str_eq(get(c, 2), "");
	ck_assert(!put(c, 2, 44, before, "two"));
	ck_assert(put(c, 2, 44, shc_stamp(c), "two"));
	ck_assert_str_eq(get(c, 2), "two");
	shc_destroy(c);
}
END_TEST

/*
 * shc_fresh: what a worker read after a stamp is good until its owner is
 * dropped (setup_changed, or the NOTIFY) or everything is.
 */
START_TEST(test_fresh)
{
	struct shc	*c = shc_create(1 << 20);
	uint64_t	 s1, s2;

	s1 = shc_stamp(c);
	ck_assert(shc_fresh(c, 42, s1));
	shc_drop(c, 43);
	ck_assert(shc_fresh(c, 42, s1));	/* another owner */
	shc_drop(c, 42);
	ck_assert(!shc_fresh(c, 42, s1));
	s2 = shc_stamp(c);
	ck_assert(shc_fresh(c, 42, s2));
	shc_drop_all(c);
	ck_assert(!shc_fresh(c, 42, s2));
	ck_assert(shc_fresh(c, 42, shc_stamp(c)));
	/* no cache, or no stamp: nothing to say */
	ck_assert(shc_fresh(NULL, 42, 1));
	ck_assert(shc_fresh(c, 42, 0));
	shc_destroy(c);
}
END_TEST

/* A blob with an end is served before it, not from it on. */
START_TEST(test_until)
{
	struct shc	*c = shc_create(1 << 20);
	long long	 until = (long long)time(NULL) + 3600;
	char		*s;

	ck_assert(shc_put(c, SHC_PAGE, 5, 5, shc_stamp(c), until, 4, pack_str,
	    "abc"));
	s = shc_get(c, SHC_PAGE, 5, until - 1, unpack_str, NULL);
	ck_assert_str_eq(s, "abc");
	free(s);
	ck_assert_ptr_null(shc_get(c, SHC_PAGE, 5, until, unpack_str, NULL));
	/* an ended blob is no longer stored: a put takes its place */
	ck_assert(shc_put(c, SHC_PAGE, 5, 5, shc_stamp(c), until + 60, 4,
	    pack_str, "def"));
	s = shc_get(c, SHC_PAGE, 5, until, unpack_str, NULL);
	ck_assert_str_eq(s, "def");
	free(s);
	shc_destroy(c);
}
END_TEST

/* The ring comes round: the oldest go, the newest are intact. */
START_TEST(test_ring)
{
	struct shc	*c = shc_create(64 * 1024);
	char		 blob[2000];
	const char	*got;
	int		 i, kept = 0;

	for (i = 0; i < 200; i++) {
		memset(blob, 'a' + i % 26, sizeof blob - 1);
		blob[sizeof blob - 1] = '\0';
		snprintf(blob, 16, "%d:", i);
		blob[strlen(blob)] = 'x';
		ck_assert(put(c, (uint64_t)i, i, shc_stamp(c), blob));
	}
	ck_assert_str_eq(get(c, 0), "");
	for (i = 0; i < 200; i++) {
		if (*(got = get(c, (uint64_t)i)) == '\0')
			continue;
		kept++;
		ck_assert_int_eq(atoi(got), i);
		ck_assert_uint_eq(strlen(got), sizeof blob - 1);
		ck_assert_int_eq(got[sizeof blob - 2], 'a' + i % 26);
	}
	/* 64 kB holds about 30 of them: the last ones */
	ck_assert_int_gt(kept, 20);
	ck_assert_int_le(kept, 33);
	ck_assert_str_eq(get(c, 199) + 3, blob + 3);
	/* too big for the ring */
	memset(blob, 'z', sizeof blob - 1);
	ck_assert(!shc_put(c, SHC_SETUP, 1000, 1, shc_stamp(c), 0,
	    64 * 1024 / 4, pack_str, blob));
	shc_destroy(c);
}
END_TEST

/* What one process keeps, another finds: the mapping is shared. */
START_TEST(test_across_fork)
{
	struct shc	*c = shc_create(1 << 20);
	pid_t		 pid;
	int		 st;

	if ((pid = fork()) == 0)
		_exit(put(c, 9, 9, shc_stamp(c), "from the child") ? 0 : 1);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	ck_assert_str_eq(get(c, 9), "from the child");
	/* and a drop in the parent counts in a child */
	shc_drop(c, 9);
	if ((pid = fork()) == 0)
		_exit(*get(c, 9) == '\0' ? 0 : 1);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	shc_destroy(c);
}
END_TEST

/* A blob of the stress test: its key and a filler that checks itself. */
struct stress_blob {
	uint64_t	 key;
	uint32_t	 len;
	unsigned char	 fill[];
};

static void
pack_stress(void *dst, void *arg)
{
	const struct stress_blob	*b = arg;

	memcpy(dst, b, sizeof *b + b->len);
}

static char	 torn[] = "torn";

/* A copy if the blob is whole (its key and every byte agree), else torn. */
static void *
unpack_stress(const void *blob, size_t len, void *arg)
{
	const struct stress_blob	*b = blob;
	const uint64_t			*key = arg;
	uint32_t			 i;

	if (b->key != *key || sizeof *b + b->len != len)
		return torn;
	for (i = 0; i < b->len; i++)
		if (b->fill[i] != (unsigned char)(b->key + i))
			return torn;
	return strdup("whole");
}

/* Look key up: 1 if what came back was torn. */
static int
stress_get(struct shc *c, uint64_t key)
{
	char	*got = shc_get(c, SHC_PAGE, key, 0, unpack_stress, &key);

	if (got == torn)
		return 1;
	free(got);
	return 0;
}

/*
 * Four processes put, get and drop at once in a ring that comes round
 * many times: no blob is ever handed out torn, or under another key.
 */
START_TEST(test_stress)
{
	struct shc		*c = shc_create(64 * 1024);
	struct shc_stats	 st;
	pid_t			 pids[4];
	int			 i, status;

	for (i = 0; i < 4; i++) {
		if ((pids[i] = fork()) != 0)
			continue;
		{
			unsigned char	 buf[sizeof(struct stress_blob) + 3000];
			struct stress_blob *b = (struct stress_blob *)buf;
			unsigned	 seed = (unsigned)i + 1;
			uint64_t	 key;
			uint32_t	 k;
			int		 n, bad = 0;

			for (n = 0; n < 20000; n++) {
				key = (uint64_t)(rand_r(&seed) % 64);
				switch (rand_r(&seed) % 8) {
				case 0:
					shc_drop(c, (int64_t)key);
					break;
				case 1:
				case 2:
					b->key = key;
					b->len = (uint32_t)(rand_r(&seed) % 3000);
					for (k = 0; k < b->len; k++)
						b->fill[k] =
						    (unsigned char)(key + k);
					shc_put(c, SHC_PAGE, key, (int64_t)key,
					    shc_stamp(c), 0, sizeof *b + b->len,
					    pack_stress, b);
					break;
				default:
					bad += stress_get(c, key);
					break;
				}
			}
			_exit(bad > 0);
		}
	}
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(waitpid(pids[i], &status, 0), pids[i]);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	shc_stats(c, &st);
	ck_assert_uint_gt(st.stores[SHC_PAGE], 10000);
	ck_assert_uint_gt(st.hits[SHC_PAGE], 1000);
	ck_assert_uint_eq(st.resets, 0);
	shc_destroy(c);
}
END_TEST

static void
pack_and_die(void *dst, void *arg)
{
	(void)dst;
	(void)arg;
	_exit(0);
}

/* A worker that dies holding the lock leaves a usable, emptied cache. */
START_TEST(test_owner_died)
{
	struct shc		*c = shc_create(1 << 20);
	struct shc_stats	 st;
	pid_t			 pid;
	int			 status;

	ck_assert(put(c, 3, 3, shc_stamp(c), "three"));
	if ((pid = fork()) == 0) {
		shc_put(c, SHC_SETUP, 4, 4, shc_stamp(c), 0, 10, pack_and_die,
		    NULL);
		_exit(1);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_str_eq(get(c, 3), "");
	shc_stats(c, &st);
	ck_assert_uint_eq(st.resets, 1);
	ck_assert(put(c, 3, 3, shc_stamp(c), "three"));
	ck_assert_str_eq(get(c, 3), "three");
	shc_destroy(c);
}
END_TEST

/* Sync b until a notification has come, for up to two seconds. */
static void
await_change(struct setup_cache *b, struct db *db)
{
	unsigned long	 before = setup_cache_changes(b);
	int		 i;

	for (i = 0; i < 200 && setup_cache_changes(b) == before; i++) {
		usleep(10 * 1000);
		setup_cache_sync(b, db);
	}
	ck_assert_uint_ne(setup_cache_changes(b), before);
}

/*
 * Two workers' caches over one shared cache: what the first reads from the
 * database the second gets without it, until a notification names the
 * restaurant.
 */
START_TEST(test_between_workers)
{
	struct shc			*c = shc_create(4 << 20);
	struct setup_cache		*a, *b, *solo, *d, *e;
	struct db			*dba, *dbb;
	const struct restaurant_page	*pa, *pb;
	const struct setup		*sa, *sb;
	char				 name[256], buf[64];
	size_t				 i;

	/*
	 * on a day its zone's offset changes, page data ends when the
	 * minute turns: start early in one
	 */
	while (time(NULL) % 60 > 45)
		sleep(1);
	ck_assert_ptr_null(db_open(dsn, true, &dba));
	ck_assert_ptr_null(db_open(dsn, true, &dbb));
	db_listen(dba, SETUP_CHANNEL);
	db_listen(dbb, SETUP_CHANNEL);
	a = setup_cache_new(c);
	b = setup_cache_new(c);
	setup_cache_sync(a, dba);
	ck_assert_ptr_null(restaurant_page_get(a, dba, SLUG, &pa));
	ck_assert_ptr_nonnull(pa);
	snprintf(name, sizeof name, "%s", pa->r->name);
	ck_assert_ptr_null(setup_get(a, dba, pa->r->id, NULL, &sa));
	ck_assert_ptr_nonnull(sa);
	ck_assert_uint_gt(sa->ntables, 0);
	for (i = 0; i < PAGE_FRAGMENTS; i++) {
		snprintf(buf, sizeof buf, "<p>part %zu</p>", i);
		restaurant_page_keep(a, pa, (int)i, strdup(buf));
	}
	/* a's next request: it offers the page, as rendered, to the others */
	setup_cache_sync(a, dba);
	ck_assert_ptr_null(restaurant_page_get(a, dba, SLUG, &pa));
	ck_assert_ptr_null(setup_get(a, dba, pa->r->id, NULL, &sa));
	ck_assert_str_eq(pa->frag[PAGE_FRAGMENTS - 1], buf);

	/* a change that tells nobody (triggers off) */
	pgtest_sql(dsn, "CREATE TABLE kept AS SELECT id, name FROM restaurants "
	    "WHERE slug = '" SLUG "'");
	pgtest_sql(dsn, "DO $$ BEGIN SET LOCAL session_replication_role = replica; "
	    "UPDATE restaurants SET name = 'Quokka Bistro' WHERE slug = '" SLUG "'; "
	    "UPDATE dining_tables SET label = 'Q' || label FROM restaurants r "
	    "WHERE r.id = dining_tables.restaurant_id AND r.slug = '" SLUG "'; END $$");
	/* control: read afresh, it shows */
	solo = setup_cache_new(NULL);
	setup_cache_sync(solo, dba);
	ck_assert_ptr_null(restaurant_page_get(solo, dba, SLUG, &pb));
	ck_assert_str_eq(pb->r->name, "Quokka Bistro");
	setup_cache_free(solo);

	/* b has it from a, not from the database */
	setup_cache_sync(b, dbb);
	ck_assert_ptr_null(restaurant_page_get(b, dbb, SLUG, &pb));
	ck_assert_ptr_nonnull(pb);
	ck_assert_str_eq(pb->r->name, name);
	ck_assert_int_eq(pb->r->id, pa->r->id);
	ck_assert_uint_eq(pb->r->nhours, pa->r->nhours);
	for (i = 0; i < pb->r->nhours; i++) {
		ck_assert_int_eq(pb->r->hours[i].opens, pa->r->hours[i].opens);
		ck_assert_str_eq(pb->r->hours[i].name, pa->r->hours[i].name);
	}
	ck_assert_int_eq(pb->reviews->nrows, pa->reviews->nrows);
	if (pb->reviews->nrows > 0)
		ck_assert_str_eq(DB_ROWS_GET(pb->reviews, 0, 0),
		    DB_ROWS_GET(pa->reviews, 0, 0));
	ck_assert_int_eq(pb->review_total, pa->review_total);
	for (i = 0; i < PAGE_FRAGMENTS; i++) {
		snprintf(buf, sizeof buf, "<p>part %zu</p>", i);
		ck_assert_str_eq(pb->frag[i], buf);
	}
	ck_assert_ptr_null(setup_get(b, dbb, pa->r->id, NULL, &sb));
	ck_assert_ptr_nonnull(sb);
	ck_assert_str_eq(sb->name, name);
	ck_assert_uint_eq(sb->ntables, sa->ntables);
	for (i = 0; i < sb->ntables; i++) {
		ck_assert_int_eq(sb->tables[i].id, sa->tables[i].id);
		ck_assert_str_eq(sb->tables[i].label, sa->tables[i].label);
		ck_assert(sb->tables[i].label[0] != 'Q');
	}
	ck_assert_uint_eq(sb->nhours, sa->nhours);
	ck_assert_uint_eq(sb->nturns, sa->nturns);
	/* and by slug, as the availability API asks */
	e = setup_cache_new(c);
	setup_cache_sync(e, dbb);
	ck_assert_ptr_null(setup_get(e, dbb, 0, SLUG, &sb));
	ck_assert_ptr_nonnull(sb);
	ck_assert_str_eq(sb->name, name);
	ck_assert_int_eq(sb->id, sa->id);
	ck_assert_ptr_null(setup_get(e, dbb, 0, "no-such-restaurant", &sb));
	ck_assert_ptr_null(sb);
	setup_cache_free(e);

	/*
	 * the worker that committed a change says so at once (setup_changed):
	 * a reads it again on its next request, before any NOTIFY
	 */
	setup_cache_sync(b, dbb);
	setup_changed(b, pa->r->id);
	setup_cache_sync(a, dba);
	ck_assert_ptr_null(setup_get(a, dba, pa->r->id, NULL, &sa));
	ck_assert_ptr_nonnull(sa);
	ck_assert_str_eq(sa->name, "Quokka Bistro");

	/* the change told: b drops it for everyone */
	pgtest_sql(dsn, "UPDATE restaurants SET updated_at = now() "
	    "WHERE slug = '" SLUG "'");
	await_change(b, dbb);
	d = setup_cache_new(c);
	setup_cache_sync(d, dba);
	ck_assert_ptr_null(restaurant_page_get(d, dba, SLUG, &pb));
	ck_assert_str_eq(pb->r->name, "Quokka Bistro");
	ck_assert_ptr_null(setup_get(d, dba, pa->r->id, NULL, &sb));
	ck_assert_str_eq(sb->name, "Quokka Bistro");
	ck_assert(sb->tables[0].label[0] == 'Q');
	e = setup_cache_new(c);
	setup_cache_sync(e, dbb);
	ck_assert_ptr_null(setup_get(e, dbb, 0, SLUG, &sb));
	ck_assert_str_eq(sb->name, "Quokka Bistro");
	setup_cache_free(e);

	pgtest_sql(dsn, "DO $$ BEGIN SET LOCAL session_replication_role = replica; "
	    "UPDATE restaurants r SET name = k.name FROM kept k WHERE k.id = r.id; "
	    "UPDATE dining_tables SET label = substr(label, 2) FROM restaurants r "
	    "WHERE r.id = dining_tables.restaurant_id AND r.slug = '" SLUG "'; END $$");
	setup_cache_free(a);
	setup_cache_free(b);
	setup_cache_free(d);
	db_close(dba);
	db_close(dbb);
	shc_destroy(c);
}
END_TEST

/*
 * Page data read together does not end together: each read is kept for
 * five to ten minutes (less only near its local midnight or on a day its
 * zone changes offset).
 */
START_TEST(test_page_ends_spread)
{
	struct setup_cache		*solo;
	struct db			*db;
	struct restaurant		*r = NULL;
	const struct restaurant_page	*p;
	int64_t				 first = 0, kept, midnight;
	int				 i;
	bool				 differ = false;

	ck_assert_ptr_null(db_open(dsn, true, &db));
	ck_assert_ptr_null(db_restaurant_get_by_slug(db, SLUG, &r));
	ck_assert_ptr_nonnull(r);
	midnight = r->clock_until - r->read_minute * 60;
	db_restaurant_free(r);
	for (i = 0; i < 8; i++) {
		solo = setup_cache_new(NULL);
		setup_cache_sync(solo, db);
		ck_assert_ptr_null(restaurant_page_get(solo, db, SLUG, &p));
		ck_assert_ptr_nonnull(p);
		kept = p->r->clock_until - p->r->read_minute * 60;
		ck_assert_int_le(kept, 600);
		if (midnight > 600)
			ck_assert_int_gt(kept, 300);
		if (i == 0)
			first = p->r->clock_until;
		else if (p->r->clock_until != first)
			differ = true;
		setup_cache_free(solo);
	}
	/* one chance in 300^7 of eight equal draws */
	if (midnight > 600)
		ck_assert(differ);
	db_close(db);
}
END_TEST

START_TEST(test_note_take)
{
	struct shc	*c = shc_create(1 << 20);
	int64_t		 v[SHC_PENDING_MAX];
	int		 i;

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_ne(shc_host(c), 0);
	ck_assert(!shc_pending(c));
	shc_note(c, 5);
	shc_note(c, 7);
	shc_note(c, 5);		/* once */
	ck_assert(shc_pending(c));
	ck_assert_int_eq(shc_take(c, 1000, 50, v), 2);
	ck_assert_int_eq(v[0], 5);
	ck_assert_int_eq(v[1], 7);
	ck_assert(!shc_pending(c));
	/* within the gap: kept for later */
	shc_note(c, 9);
	ck_assert_int_eq(shc_take(c, 1020, 50, v), 0);
	ck_assert(shc_pending(c));
	ck_assert_int_eq(shc_take(c, 1050, 50, v), 1);
	ck_assert_int_eq(v[0], 9);
	/* more than fit: "all" */
	for (i = 0; i < SHC_PENDING_MAX + 1; i++)
		shc_note(c, 100 + i);
	ck_assert_int_eq(shc_take(c, 2000, 50, v), -1);
	ck_assert(!shc_pending(c));
	shc_note(c, -1);
	ck_assert_int_eq(shc_take(c, 3000, 50, v), -1);
	shc_destroy(c);
}
END_TEST

static struct setup_cache	*hooked;
static struct shc		*booked_shc;

static void
drop_hook(const int64_t *ids, int n)
{
	setup_booked_changed(hooked, ids, n);
}

/* What x reads of restaurant id's bookings in [from, to); *hit if kept. */
static size_t
booked_n(struct setup_cache *x, struct db *db, int64_t id, int64_t from,
    int64_t to, bool *hit)
{
	struct shc_stats	 st0, st1;
	struct booked		*v = NULL;
	size_t			 n = 0;

	shc_stats(booked_shc, &st0);
	ck_assert_ptr_null(booked_get(x, db, true, id, 20000, from, to,
	    (int64_t)time(NULL), &v, &n));
	shc_stats(booked_shc, &st1);
	*hit = st1.hits[SHC_BOOKED] > st0.hits[SHC_BOOKED];
	free(v);
	return n;
}

/*
 * A restaurant-day's bookings between two workers: what one read the
 * other is served; a commit that names the restaurant drops it, a
 * rollback does not; a writer that is not a worker is heard through
 * sql/0022's NOTIFY, one that says it tells the caches itself is not.
 */
START_TEST(test_booked_between_workers)
{
	struct db	*dba, *dbb;
	struct setup_cache *a, *b;
	char		 buf[64], sql[512];
	int64_t		 id, rv, from, to;
	size_t		 n0, n;
	bool		 hit;
	int		 i;

	booked_shc = shc_create(4 << 20);
	ck_assert_ptr_null(db_open(dsn, true, &dba));
	ck_assert_ptr_null(db_open(dsn, true, &dbb));
	db_listen(dbb, BOOKED_CHANNEL);
	db_local_cache(dba);
	a = setup_cache_new(booked_shc);
	b = setup_cache_new(booked_shc);
	hooked = a;
	db_booked_hook(drop_hook);
	/* a demo booking ahead, and the day around it */
	rv = strtoll(pgtest_value(dsn, "SELECT id FROM reservations WHERE status "
	    "IN ('confirmed', 'pending') ORDER BY "
	    "starts_at LIMIT 1", buf, sizeof buf), NULL, 10);
	ck_assert_int_gt(rv, 0);
	snprintf(sql, sizeof sql, "SELECT restaurant_id FROM reservations "
	    "WHERE id = %lld", (long long)rv);
	id = strtoll(pgtest_value(dsn, sql, buf, sizeof buf), NULL, 10);
	snprintf(sql, sizeof sql, "SELECT extract(epoch FROM starts_at)::bigint "
	    "FROM reservations WHERE id = %lld", (long long)rv);
	from = strtoll(pgtest_value(dsn, sql, buf, sizeof buf), NULL, 10) -
	    43200;
	to = from + 86400;

	setup_cache_sync(a, dba);
	setup_cache_sync(b, dbb);
	n0 = booked_n(a, dba, id, from, to, &hit);
	ck_assert(!hit);
	ck_assert_uint_gt(n0, 0);
	ck_assert_uint_eq(booked_n(b, dbb, id, from, to, &hit), n0);
	ck_assert(hit);

	/* cancelled by a session that tells the caches itself: kept as was */
	snprintf(sql, sizeof sql, "DO $$ BEGIN PERFORM set_config("
	    "'stolik.local_cache', 'on', true); UPDATE reservations SET "
	    "status = 'cancelled' WHERE id = %lld; END $$", (long long)rv);
	pgtest_sql(dsn, sql);
	usleep(200000);
	setup_cache_sync(b, dbb);
	ck_assert_uint_eq(booked_n(b, dbb, id, from, to, &hit), n0);
	ck_assert(hit);

	/* what a's transaction names goes only if it commits */
	ck_assert_ptr_null(db_begin(dba));
	db_booked(dba, id);
	db_rollback(dba);
	ck_assert_uint_eq(booked_n(b, dbb, id, from, to, &hit), n0);
	ck_assert(hit);
	ck_assert_ptr_null(db_begin(dba));
	db_booked(dba, id);
	ck_assert_uint_eq(booked_n(b, dbb, id, from, to, &hit), n0);
	ck_assert(hit);		/* not yet: before the commit */
	ck_assert_ptr_null(db_commit(dba));
	n = booked_n(b, dbb, id, from, to, &hit);
	ck_assert(!hit);
	ck_assert_uint_eq(n, n0 - 1);
	/* outside a transaction: at once */
	db_booked(dba, id);
	ck_assert_uint_eq(booked_n(b, dbb, id, from, to, &hit), n0 - 1);
	ck_assert(!hit);

	/* another writer (psql, a batch job): heard through the trigger */
	snprintf(sql, sizeof sql, "UPDATE reservations SET status = 'confirmed' "
	    "WHERE id = %lld", (long long)rv);
	pgtest_sql(dsn, sql);
	for (i = 0; i < 40; i++) {
		usleep(50000);
		setup_cache_sync(b, dbb);
		if ((n = booked_n(b, dbb, id, from, to, &hit)) == n0)
			break;
	}
	ck_assert_uint_eq(n, n0);
	ck_assert(!hit);

	db_booked_hook(NULL);
	setup_cache_free(a);
	setup_cache_free(b);
	db_close(dba);
	db_close(dbb);
	shc_destroy(booked_shc);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("shcache");
	TCase	*tc = tcase_create("Core");
	TCase	*tw = tcase_create("Workers");
	SRunner	*sr;
	int	 failed;

	/* page reads draw their kept time from libsodium's generator */
	if (!sec_init())
		return EXIT_FAILURE;
	tcase_add_test(tc, test_put_get);
	tcase_add_test(tc, test_stamps);
	tcase_add_test(tc, test_fresh);
	tcase_add_test(tc, test_until);
	tcase_add_test(tc, test_ring);
	tcase_add_test(tc, test_across_fork);
	tcase_add_test(tc, test_owner_died);
	tcase_add_test(tc, test_stress);
	tcase_add_test(tc, test_note_take);
	suite_add_tcase(s, tc);
	pgtest_require();
	tcase_add_unchecked_fixture(tw, setup_once, NULL);
	tcase_set_timeout(tw, 30);
	tcase_add_test(tw, test_between_workers);
	tcase_add_test(tw, test_page_ends_spread);
	tcase_add_test(tw, test_booked_between_workers);
	suite_add_tcase(s, tw);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
