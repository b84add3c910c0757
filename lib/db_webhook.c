/* db_webhook.c: a restaurant's webhook endpoints, deliveries and replays, as its owner manages them (the owner checked in the SQL). */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* p[0], p[1], p[2]: restaurant, owner and endpoint as text. */
struct ids {
	char	 rid[24], uid[24], eid[24];
};

static void
ids_set(struct ids *i, int64_t rid, int64_t owner, int64_t eid)
{
	snprintf(i->rid, sizeof i->rid, "%lld", (long long)rid);
	snprintf(i->uid, sizeof i->uid, "%lld", (long long)owner);
	snprintf(i->eid, sizeof i->eid, "%lld", (long long)eid);
}

NEOERR *
db_webhook_list(struct db *db, int64_t rid, int64_t owner, int64_t eid,
    PGresult **res)
{
	struct ids	 i;
	const char	*p[3];

	ids_set(&i, rid, owner, eid);
	p[0] = i.rid;
	p[1] = i.uid;
	p[2] = i.eid;
	return nerr_pass(db_exec(db, eid > 0 ? STMT_WH_GET : STMT_WH_LIST,
	    eid > 0 ? 3 : 2, p, res));
}

NEOERR *
db_webhook_insert(struct db *db, int64_t rid, int64_t owner, const char *url,
    const char *description, const char *events, const char *sealed,
    bool unlocked, enum wh_outcome *o, int64_t *id)
{
	PGresult	*res = NULL;
	struct ids	 i;
	char		 max[16];
	const char	*p[7];
	NEOERR		*err;

	*o = WH_NOT_FOUND;
	*id = 0;
	ids_set(&i, rid, owner, 0);
	snprintf(max, sizeof max, "%d", WEBHOOK_MAX_ENDPOINTS);
	p[0] = i.rid;
	p[1] = i.uid;
	p[2] = url;
	p[3] = description;
	p[4] = events;
	p[5] = sealed;
	p[6] = max;
	if ((err = db_begin(db)) != STATUS_OK)
		return nerr_pass(err);
	if (!unlocked) {
		if ((err = db_exec(db, STMT_WH_LOCK, 2, p, &res)) != STATUS_OK)
			goto out;
		if (PQntuples(res) != 1)
			goto out;		/* not the owner's: nothing */
		PQclear(res);
		res = NULL;
	} else {
#ifdef STOLIK_TEST_HOOKS
		/*
		 * The negative control of the limit's test: count, wait, then
		 * insert without a limit, as code without the lock would.
		 */
		if ((err = db_exec_sql(db, "SELECT count(*) FROM webhook_endpoints"
		    " WHERE restaurant_id = $1::bigint", 1, p, &res)) != STATUS_OK)
			goto out;
		if (db_int(res, 0, 0) >= WEBHOOK_MAX_ENDPOINTS) {
			*o = WH_FULL;
			goto out;
		}
		PQclear(res);
		res = NULL;
		if ((err = db_exec_sql(db, "SELECT pg_sleep(0.2)", 0, NULL,
		    NULL)) != STATUS_OK)
			goto out;
		snprintf(max, sizeof max, "%d", 1000000);
#endif
	}
	if ((err = db_exec(db, STMT_WH_INSERT, 7, p, &res)) != STATUS_OK)
		goto out;
	if (PQntuples(res) != 1) {
		*o = WH_FULL;
		goto out;
	}
	*id = db_int(res, 0, 0);
	*o = WH_DONE;
out:
	PQclear(res);
	if (err == STATUS_OK && *o == WH_DONE)
		err = db_commit(db);
	else
		db_rollback(db);
	if (err != STATUS_OK) {
		*o = WH_NOT_FOUND;
		*id = 0;
	}
	return nerr_pass(err);
}

/* Run an owner's write of endpoint eid with extra parameters; one row or none. */
static NEOERR *
write1(struct db *db, enum stmt s, int64_t rid, int64_t owner, int64_t eid,
    int n, const char *const *extra, enum wh_outcome *o, PGresult **out)
{
	PGresult	*res = NULL;
	struct ids	 i;
	const char	*p[8];
	NEOERR		*err;
	int		 k;

	*o = WH_NOT_FOUND;
	ids_set(&i, rid, owner, eid);
	p[0] = i.rid;
	p[1] = i.uid;
	p[2] = i.eid;
	for (k = 0; k < n && k < 5; k++)
		p[3 + k] = extra[k];
	if ((err = db_exec(db, s, 3 + k, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) >= 1)
		*o = WH_DONE;
	if (out != NULL)
		*out = res;
	else
		PQclear(res);
	return STATUS_OK;
}

NEOERR *
db_webhook_update(struct db *db, int64_t rid, int64_t owner, int64_t eid,
    const char *url, const char *description, const char *events,
    enum wh_outcome *o)
{
	const char	*v[3] = { url, description, events };

	return nerr_pass(write1(db, STMT_WH_UPDATE, rid, owner, eid, 3, v, o,
	    NULL));
}

NEOERR *
db_webhook_enable(struct db *db, int64_t rid, int64_t owner, int64_t eid,
    bool on, enum wh_outcome *o)
{
	const char	*v[1] = { on ? "true" : "false" };

	return nerr_pass(write1(db, STMT_WH_ENABLE, rid, owner, eid, 1, v, o,
	    NULL));
}

NEOERR *
db_webhook_delete(struct db *db, int64_t rid, int64_t owner, int64_t eid,
    enum wh_outcome *o)
{
	return nerr_pass(write1(db, STMT_WH_DELETE, rid, owner, eid, 0, NULL, o,
	    NULL));
}

NEOERR *
db_webhook_rotate(struct db *db, int64_t rid, int64_t owner, int64_t eid,
    const char *sealed, enum wh_outcome *o, char until[32])
{
	PGresult	*res = NULL;
	const char	*v[1] = { sealed };
	NEOERR		*err;

	until[0] = '\0';
	if ((err = write1(db, STMT_WH_ROTATE, rid, owner, eid, 1, v, o,
	    &res)) != STATUS_OK)
		return nerr_pass(err);
	if (*o == WH_DONE)
		snprintf(until, 32, "%s", db_str(res, 0, 0));
	PQclear(res);
	return STATUS_OK;
}

void
webhook_wake(struct db *db)
{
	NEOERR	*err;

	/* a late delivery is the job's poll away; not the writer's failure */
	if ((err = db_exec(db, STMT_WH_WAKE, 0, NULL, NULL)) != STATUS_OK)
		log_nerr(__func__, "cannot wake stolik-webhooks", &err);
}

NEOERR *
db_webhook_test(struct db *db, int64_t rid, int64_t owner, int64_t eid,
    const char *message, enum wh_outcome *o, char event[48], char delivery[48])
{
	PGresult	*res = NULL;
	const char	*v[1] = { message };
	NEOERR		*err;

	event[0] = delivery[0] = '\0';
	if ((err = write1(db, STMT_WH_TEST, rid, owner, eid, 1, v, o, &res)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if (*o == WH_DONE) {
		snprintf(event, 48, "%s", db_str(res, 0, 0));
		snprintf(delivery, 48, "%s", db_str(res, 0, 1));
	}
	PQclear(res);
	/* one statement, committed: the job may look now */
	if (*o == WH_DONE)
		webhook_wake(db);
	return STATUS_OK;
}

NEOERR *
db_webhook_deliveries(struct db *db, int64_t rid, int64_t owner, int64_t eid,
    int page, int size, PGresult **res)
{
	struct ids	 i;
	char		 lim[16], off[24];
	const char	*p[5];

	ids_set(&i, rid, owner, eid);
	snprintf(lim, sizeof lim, "%d", size);
	snprintf(off, sizeof off, "%lld", (long long)(page - 1) * size);
	p[0] = i.rid;
	p[1] = i.uid;
	p[2] = i.eid;
	p[3] = lim;
	p[4] = off;
	return nerr_pass(db_exec(db, STMT_WH_DELIVERIES, 5, p, res));
}

NEOERR *
db_webhook_replay(struct db *db, int64_t rid, int64_t owner, int64_t eid,
    const char *did, enum wh_outcome *o, char out[48])
{
	PGresult	*res = NULL;
	const char	*v[1] = { did };
	NEOERR		*err;

	out[0] = '\0';
	if ((err = write1(db, STMT_WH_REPLAY_ONE, rid, owner, eid, 1, v, o,
	    &res)) != STATUS_OK)
		return nerr_pass(err);
	if (*o == WH_DONE)
		snprintf(out, 48, "%s", db_str(res, 0, 0));
	PQclear(res);
	if (*o == WH_DONE)
		webhook_wake(db);
	return STATUS_OK;
}

NEOERR *
db_webhook_replay_since(struct db *db, int64_t rid, int64_t owner, int64_t eid,
    double since, const char *local, long long *n)
{
	PGresult	*res = NULL;
	enum wh_outcome	 o;
	char		 t[32];
	const char	*v[2];
	NEOERR		*err;

	*n = 0;
	snprintf(t, sizeof t, "%.0f", since);
	v[0] = local == NULL ? t : NULL;
	v[1] = local;
	if ((err = write1(db, STMT_WH_REPLAY_SINCE, rid, owner, eid, 2, v, &o,
	    &res)) != STATUS_OK)
		return nerr_pass(err);
	if (o == WH_DONE)
		*n = db_int(res, 0, 0);
	PQclear(res);
	if (*n > 0)
		webhook_wake(db);
	return STATUS_OK;
}
