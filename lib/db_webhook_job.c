/* db_webhook_job.c: the delivery queue of stolik-webhooks (sql/0016). */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
webhook_queued(struct db *db)
{
	/* the mailer's wake: stolik-webhooks listens on its channel too */
	outbox_queued(db);
}

/* Column order of WH_COLS (db_stmts.c). */
enum { C_ID, C_PUBLIC, C_ENDPOINT, C_ATTEMPT, C_AGE, C_EVENT, C_TYPE,
	C_CREATED, C_DATA, C_URL, C_SECRET, C_OLD, C_ORDER };

static NEOERR *
rows_of(PGresult *res, struct wh_delivery **rows, size_t *n)
{
	struct wh_delivery	*v;
	int			 i, nt = PQntuples(res);

	*rows = NULL;
	*n = 0;
	if (nt == 0)
		return STATUS_OK;
	if ((v = calloc((size_t)nt, sizeof *v)) == NULL)
		return nerr_raise(NERR_NOMEM, "webhook deliveries");
	for (i = 0; i < nt; i++) {
		v[i].id = db_int(res, i, C_ID);
		v[i].public_id = db_str(res, i, C_PUBLIC);
		v[i].endpoint_id = db_int(res, i, C_ENDPOINT);
		v[i].attempt = (int)db_int(res, i, C_ATTEMPT);
		v[i].age = db_double(res, i, C_AGE);
		v[i].event_id = db_str(res, i, C_EVENT);
		v[i].type = db_str(res, i, C_TYPE);
		v[i].created = db_str(res, i, C_CREATED);
		v[i].data = db_str(res, i, C_DATA);
		v[i].url = db_str(res, i, C_URL);
		v[i].secret_sealed = db_str(res, i, C_SECRET);
		v[i].old_secret_sealed = db_null(res, i, C_OLD) ? NULL :
		    db_str(res, i, C_OLD);
		v[i].order_key = db_int(res, i, C_ORDER);
	}
	*rows = v;
	*n = (size_t)nt;
	return STATUS_OK;
}

static NEOERR *
fetch(struct db *db, enum stmt s, int limit, int lease,
    struct wh_delivery **rows, size_t *n, PGresult **res)
{
	NEOERR		*err;
	char		 lim[16], ls[16];
	const char	*p[2];

	*res = NULL;
	*rows = NULL;
	*n = 0;
	snprintf(lim, sizeof lim, "%d", limit);
	snprintf(ls, sizeof ls, "%d", lease);
	p[0] = lim;
	p[1] = ls;
	if ((err = db_exec(db, s, s == STMT_WH_DUE ? 1 : 2, p, res)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if ((err = rows_of(*res, rows, n)) != STATUS_OK) {
		PQclear(*res);
		*res = NULL;
	}
	return nerr_pass(err);
}

NEOERR *
wh_claim(struct db *db, int limit, int lease, struct wh_delivery **rows,
    size_t *n, PGresult **res)
{
	return nerr_pass(fetch(db, STMT_WH_CLAIM, limit, lease, rows, n, res));
}

NEOERR *
wh_claim_unordered(struct db *db, int limit, int lease,
    struct wh_delivery **rows, size_t *n, PGresult **res)
{
	return nerr_pass(fetch(db, STMT_WH_CLAIM_UNORDERED, limit, lease, rows,
	    n, res));
}

NEOERR *
wh_claim_unleased(struct db *db, int limit, int lease,
    struct wh_delivery **rows, size_t *n, PGresult **res)
{
	return nerr_pass(fetch(db, STMT_WH_CLAIM_UNLEASED, limit, lease, rows,
	    n, res));
}

NEOERR *
wh_due(struct db *db, int limit, struct wh_delivery **rows, size_t *n,
    PGresult **res)
{
	return nerr_pass(fetch(db, STMT_WH_DUE, limit, 0, rows, n, res));
}

NEOERR *
wh_record(struct db *db, const struct wh_delivery *d,
    const struct wh_result *r, int disable_after, const char *domain,
    bool *recorded, bool *disabled)
{
	PGresult	*res = NULL;
	NEOERR		*err;
	char		 id[24], ep[24], at[16], code[16], ms[16], delay[16],
			 off[16];
	const char	*p[11];

	*recorded = *disabled = false;
	snprintf(id, sizeof id, "%lld", (long long)d->id);
	snprintf(ep, sizeof ep, "%lld", (long long)d->endpoint_id);
	snprintf(at, sizeof at, "%d", d->attempt);
	snprintf(code, sizeof code, "%d", r->status_code);
	snprintf(ms, sizeof ms, "%d", r->duration_ms);
	snprintf(delay, sizeof delay, "%d", r->delay_ms);
	snprintf(off, sizeof off, "%d", disable_after);
	p[0] = id;
	p[1] = ep;
	p[2] = at;
	p[3] = r->status_code > 0 ? code : NULL;
	p[4] = ms;
	p[5] = r->error;
	p[6] = r->excerpt != NULL ? r->excerpt : "";
	p[7] = r->end == WH_DELIVERED ? "delivered" : r->end == WH_FAILED ?
	    "failed" : "queued";
	p[8] = delay;
	p[9] = off;
	p[10] = domain;
	if ((err = db_exec(db, STMT_WH_RESULT, 11, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) == 1) {
		*recorded = db_int(res, 0, 0) == 1;
		*disabled = db_bool(res, 0, 1);
		/* the owner's mail: the mailer hears of it after this commit */
		if (db_int(res, 0, 2) > 0)
			outbox_queued(db);
	}
	PQclear(res);
	return STATUS_OK;
}

NEOERR *
wh_release(struct db *db, const struct wh_delivery *d)
{
	char		 id[24], at[16];
	const char	*p[2];

	snprintf(id, sizeof id, "%lld", (long long)d->id);
	snprintf(at, sizeof at, "%d", d->attempt);
	p[0] = id;
	p[1] = at;
	return nerr_pass(db_exec(db, STMT_WH_RELEASE, 2, p, NULL));
}

/* Run s with one integer parameter; *n the rows it changed. */
static NEOERR *
count_of(struct db *db, enum stmt s, int arg, long *n)
{
	PGresult	*res = NULL;
	NEOERR		*err;
	char		 a[16];
	const char	*p[1];

	*n = 0;
	snprintf(a, sizeof a, "%d", arg);
	p[0] = a;
	if ((err = db_exec(db, s, 1, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	*n = strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return STATUS_OK;
}

NEOERR *
wh_expire(struct db *db, int max_age_hours, long *n)
{
	return nerr_pass(count_of(db, STMT_WH_EXPIRE, max_age_hours, n));
}

NEOERR *
wh_purge(struct db *db, int days, long *n)
{
	long	 k;
	NEOERR	*err;

	*n = 0;
	do {
		if ((err = count_of(db, STMT_WH_PURGE, days, &k)) != STATUS_OK)
			return nerr_pass(err);
		*n += k;
	} while (k == 5000);
	return STATUS_OK;
}
