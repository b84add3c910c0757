/* readdb.c: reads that may be a little behind go to the read replica, except a client's own writes (issue 20). */
#include "app.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RA_COOKIE	"stolik_ra"
#define RA_PURPOSE	"read-after"
#define RDB_CHECK_EVERY	1.0	/* seconds between looks at the replica */
#define RDB_RECHECK	0.02	/* ... or this, for a marker just ahead */
#define RDB_DOWN_FOR	2.0	/* a failed replica is skipped this long */

/*
 * The replica's conninfo: ours first, so that DB.ReadConninfo overrides
 * them: a dead replica costs at most a second's connect, once per
 * RDB_DOWN_FOR, and pg_stat_activity names the connection.
 */
NEOERR *
readdb_open(struct app *a)
{
	const char	*ci = hdf_get_value(a->conf, "DB.ReadConninfo", "");
	STRING		 s;
	NEOERR		*err;

	a->rdb = NULL;
	a->rdb_checked = 0;
	a->rdb_down_until = 0;
	a->rdb_replay = 0;
	a->rdb_lag = 0;
	if (ci[0] == '\0')
		return STATUS_OK;
	a->rdb_max_lag = hdf_get_int_value(a->conf, "DB.ReadMaxLagSeconds", 10);
	a->rdb_marker_age = hdf_get_int_value(a->conf, "DB.ReadAfterSeconds", 300);
	string_init(&s);
	if ((err = string_appendf(&s, "connect_timeout=1 "
	    "application_name=stolik-read %s", ci)) != STATUS_OK) {
		string_clear(&s);
		return nerr_pass(err);
	}
	err = db_open(s.buf, true, &a->rdb);
	string_clear(&s);
	return nerr_pass(err);
}

void
readdb_close(struct app *a)
{
	db_close(a->rdb);
	a->rdb = NULL;
}

struct db *
req_rdb(const struct req *r)
{
	return r->rdb != NULL ? r->rdb : r->app->db;
}

/* Mark the replica down for a while. */
static void
rdb_down(struct app *a, const char *why, NEOERR **err)
{
	double	 now = mono_now();

	if (now >= a->rdb_down_until)
		log_nerr(__func__, why, err);
	else
		nerr_ignore(err);
	a->rdb_down_until = now + RDB_DOWN_FOR;
	a->rdb_checked = 0;
}

/* Read the replica's replay position and lag; false if it failed. */
static bool
rdb_check(struct app *a)
{
	PGresult	*res = NULL;
	NEOERR		*err;
	bool		 ok = false;

	if ((err = db_exec(a->rdb, STMT_REPLICA_STATE, 0, NULL, &res)) !=
	    STATUS_OK) {
		rdb_down(a, "read replica unavailable", &err);
		return false;
	}
	if (PQntuples(res) == 1 && !db_null(res, 0, 0)) {
		a->rdb_replay = strtoull(db_str(res, 0, 0), NULL, 10);
		a->rdb_lag = db_double(res, 0, 1);
		a->rdb_checked = mono_now();
		metrics_replica_lag(a->rdb_lag);
		ok = true;
	} else {
		/* promoted, or pointed at a primary: not a replica of ours */
		err = nerr_raise(ERR_DB, "DB.ReadConninfo is not a standby");
		rdb_down(a, "read replica", &err);
	}
	PQclear(res);
	return ok;
}

/*
 * The client's read-your-writes marker, "LSN.EXPIRES.MAC" (LSN in bytes,
 * EXPIRES epoch seconds), from the Stolik-Read-After header (the API) or
 * the cookie (pages); 0 if none, forged or expired.
 */
static uint64_t
marker_of(struct req *r)
{
	const char	*v, *mac;
	char		 buf[80], name[64], *end;
	uint64_t	 lsn;
	long long	 exp;
	size_t		 n;

	cookie_name(r, RA_COOKIE, name, sizeof name);
	if ((v = req_header(r, "HTTP_STOLIK_READ_AFTER")) == NULL &&
	    (v = req_cookie(r, name)) == NULL)
		return 0;
	if ((mac = strrchr(v, '.')) == NULL || (n = (size_t)(mac - v)) == 0 ||
	    n >= sizeof buf)
		return 0;
	memcpy(buf, v, n);
	buf[n] = '\0';
	if (!sec_mac_verify(RA_PURPOSE, buf, n, mac + 1))
		return 0;
	lsn = strtoull(buf, &end, 10);
	if (*end != '.')
		return 0;
	exp = strtoll(end + 1, &end, 10);
	if (*end != '\0' || exp < (long long)time(NULL))
		return 0;
	return lsn;
}

void
readdb_choose(struct req *r)
{
	struct app	*a = r->app;
	double		 now;
	uint64_t	 want;
	enum read_target t;

	r->rdb = NULL;
	r->rdb_forced = false;
	if (a->rdb == NULL)
		return;
#ifdef STOLIK_TEST_HOOKS
	{
		/* the negative control: the replica, marker or not */
		const char *f = req_header(r, "HTTP_X_STOLIK_TEST_READ");

		if (f != NULL && strcmp(f, "replica") == 0) {
			r->rdb = a->rdb;
			r->rdb_forced = true;
			metrics_read(READ_REPLICA);
			return;
		}
	}
#endif
	now = mono_now();
	want = marker_of(r);
	if (now < a->rdb_down_until)
		t = READ_PRIMARY_DOWN;
	else if (now - a->rdb_checked > RDB_CHECK_EVERY && !rdb_check(a))
		t = READ_PRIMARY_DOWN;
	else if (a->rdb_lag > a->rdb_max_lag)
		t = READ_PRIMARY_LAG;
	else if (want <= a->rdb_replay)
		t = READ_REPLICA;
	else if (now - a->rdb_checked >= RDB_RECHECK && !rdb_check(a))
		t = READ_PRIMARY_DOWN;
	else
		/* the client's write is replayed, or not yet (after a fresh look) */
		t = want <= a->rdb_replay ? READ_REPLICA : READ_PRIMARY_MARKER;
	if (t == READ_REPLICA)
		r->rdb = a->rdb;
	metrics_read(t);
}

bool
readdb_failed(struct req *r, NEOERR **err)
{
	if (r->rdb == NULL || r->rdb == r->app->db || *err == STATUS_OK)
		return false;
	/* a conflict with recovery, a lost connection: the primary, now */
	db_rollback(r->rdb);
	rdb_down(r->app, "read on the replica failed", err);
	r->rdb = NULL;
	metrics_read(READ_PRIMARY_DOWN);
	return true;
}

void
readdb_mark(struct req *r, struct resp *w)
{
	PGresult	*res = NULL;
	NEOERR		*err;
	char		 msg[64], mac[SEC_TOKEN_B64], tok[64 + SEC_TOKEN_B64 + 2];
	uint64_t	 lsn;

	if (r->app->rdb == NULL || w->status >= 400 || r->route == NULL ||
	    !(r->method & (HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE)))
		return;
	if ((err = db_exec(r->app->db, STMT_WAL_LSN, 0, NULL, &res)) !=
	    STATUS_OK) {
		log_nerr(__func__, "no WAL position for read-your-writes", &err);
		return;
	}
	lsn = PQntuples(res) == 1 ? strtoull(db_str(res, 0, 0), NULL, 10) : 0;
	PQclear(res);
	if (lsn == 0)
		return;
	snprintf(msg, sizeof msg, "%" PRIu64 ".%lld", lsn,
	    (long long)time(NULL) + r->app->rdb_marker_age);
	sec_mac(RA_PURPOSE, msg, strlen(msg), mac);
	snprintf(tok, sizeof tok, "%s.%s", msg, mac);
	if (r->want_json)
		string_appendf(&w->head, "Stolik-Read-After: %s\r\n", tok);
	else
		resp_cookie(w, r, RA_COOKIE, tok, r->app->rdb_marker_age);
}

/*
 * Test builds: X-Stolik-Test-Fill-Cache: 1 lets reads from the replica
 * fill the caches (the negative control of test_scale.py); never otherwise.
 */
static bool
fill_cache(struct req *r)
{
#ifdef STOLIK_TEST_HOOKS
	const char	*f = req_header(r, "HTTP_X_STOLIK_TEST_FILL_CACHE");

	return f != NULL && strcmp(f, "1") == 0;
#else
	(void)r;
	return false;
#endif
}

/* Whether r's stale-tolerant reads go to the replica. */
static bool
on_replica(const struct req *r)
{
	return r->rdb != NULL && r->rdb != r->app->db;
}

NEOERR *
readdb_setup(struct req *r, int64_t id, const char *slug,
    const struct setup **out)
{
	NEOERR	*err;

	if (!on_replica(r))
		return nerr_pass(setup_get(r->app->setups, r->app->db, id, slug,
		    out));
	err = fill_cache(r) ? setup_get(r->app->setups, r->rdb, id, slug, out) :
	    setup_get_uncached(r->app->setups, r->rdb, id, slug, out);
	if (readdb_failed(r, &err))
		err = setup_get(r->app->setups, r->app->db, id, slug, out);
	return nerr_pass(err);
}

NEOERR *
readdb_page(struct req *r, const char *slug,
    const struct restaurant_page **out)
{
	NEOERR	*err;

	if (!on_replica(r))
		return nerr_pass(restaurant_page_get(r->app->setups, r->app->db,
		    slug, out));
	err = fill_cache(r) ? restaurant_page_get(r->app->setups, r->rdb, slug,
	    out) : restaurant_page_get_uncached(r->app->setups, r->rdb, slug,
	    out);
	if (readdb_failed(r, &err))
		err = restaurant_page_get(r->app->setups, r->app->db, slug, out);
	return nerr_pass(err);
}

NEOERR *
readdb_offer_times(struct req *r, struct book_env *env, const struct setup *s,
    int day, int party, struct slot *out, size_t max, size_t *n)
{
	struct db	*db = env->db;
	NEOERR		*err;

	if (!on_replica(r))
		return nerr_pass(offer_times(env, s, day, party, 0, out, max, n));
	/* a miss is read where r reads, and then not kept */
	env->db = r->rdb;
	env->replica = !fill_cache(r);
	env->uncached = r->rdb_forced;
	err = offer_times(env, s, day, party, 0, out, max, n);
	env->replica = false;
	env->uncached = false;
	env->db = db;
	if (readdb_failed(r, &err))
		err = offer_times(env, s, day, party, 0, out, max, n);
	return nerr_pass(err);
}
