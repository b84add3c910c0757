/* outbox.c: mails are queued in the transaction that causes them (DESIGN §6). */
#include "stolik.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* The workers' shared record of the last wake (outbox_share_wake). */
struct wake_clock {
	_Atomic int_least64_t	 last_ms;	/* CLOCK_MONOTONIC, 0: none */
};

static struct wake_clock *shared_wake;

void
outbox_domain(const char *base_url, char *out, size_t sz)
{
	const char	*p = strstr(base_url, "://");
	size_t		 n;

	p = p != NULL ? p + 3 : base_url;
	n = strcspn(p, ":/");
	if (n == 0 || n >= sz) {
		snprintf(out, sz, "stolik.invalid");
		return;
	}
	memcpy(out, p, n);
	out[n] = '\0';
}

NEOERR *
outbox_add(struct db *db, const char *kind, int64_t reservation_id,
    const char *to, const char *dedupe, json_t *payload, const char *base_url)
{
	NEOERR		*err;
	char		 rid[24], domain[256], *body;
	const char	*p[6];

	if (payload == NULL)
		return nerr_raise(NERR_NOMEM, "outbox payload");
	body = json_dumps(payload, JSON_COMPACT);
	json_decref(payload);
	if (body == NULL)
		return nerr_raise(NERR_NOMEM, "outbox payload");
	snprintf(rid, sizeof rid, "%lld", (long long)reservation_id);
	outbox_domain(base_url, domain, sizeof domain);
	p[0] = kind;
	p[1] = reservation_id > 0 ? rid : NULL;
	p[2] = to;
	p[3] = dedupe;
	p[4] = body;
	p[5] = domain;
	err = db_exec(db, STMT_OUTBOX_INSERT, 6, p, NULL);
	free(body);
	if (err == STATUS_OK)
		outbox_queued(db);
	return nerr_pass(err);
}

struct wake_clock *
outbox_wake_clock(void)
{
	void	*p;

	p = mmap(NULL, sizeof(struct wake_clock), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;	/* zero-filled: no wake yet */
}

void
outbox_share_wake(struct wake_clock *c)
{
	shared_wake = c;
}

/*
 * Whether this process may leave the wake to another: one that began
 * within OUTBOX_WAKE_MS did so after the caller's commit (the caller read
 * the clock after it), or the jobs it woke are still looking at their
 * tables every JOB_BUSY_POLL (batch/job.c) and will see the commit.
 */
static bool
wake_taken(void)
{
	int_least64_t	 now, last;

	if (shared_wake == NULL)
		return false;
	now = brk_now_ms();
	last = atomic_load(&shared_wake->last_ms);
	if (last > 0 && now >= last && now - last < OUTBOX_WAKE_MS)
		return true;
	/* lost the race: the winner's NOTIFY comes after this commit */
	return !atomic_compare_exchange_strong(&shared_wake->last_ms, &last,
	    now);
}

void
outbox_queued(struct db *db)
{
	NEOERR	*err;

	if (db->in_tx) {
		db->wake_ = true;
		return;
	}
	db->wake_ = false;
	if (wake_taken())
		return;
	/* a late mail is the mailer's poll away; not the writer's failure */
	if ((err = db_exec(db, STMT_OUTBOX_WAKE, 0, NULL, NULL)) != STATUS_OK) {
		log_nerr(__func__, "cannot wake the mailer", &err);
		if (shared_wake != NULL)	/* the next one tries again */
			atomic_store(&shared_wake->last_ms, 0);
	}
}

/* The rows of a claim or due query as outbox_rows. */
static NEOERR *
rows_of(PGresult *res, struct outbox_row **rows, size_t *n)
{
	struct outbox_row	*v;
	int			 i, nt = PQntuples(res);

	*rows = NULL;
	*n = 0;
	if (nt == 0)
		return STATUS_OK;
	if ((v = calloc((size_t)nt, sizeof *v)) == NULL)
		return nerr_raise(NERR_NOMEM, "outbox rows");
	for (i = 0; i < nt; i++) {
		v[i].id = db_int(res, i, 0);
		v[i].kind = db_str(res, i, 1);
		v[i].reservation_id = db_int(res, i, 2);
		v[i].to = db_str(res, i, 3);
		v[i].payload = db_str(res, i, 4);
		v[i].message_id = db_str(res, i, 5);
		v[i].attempts = (int)db_int(res, i, 6);
	}
	*rows = v;
	*n = (size_t)nt;
	return STATUS_OK;
}

static NEOERR *
fetch(struct db *db, enum stmt s, int limit, int lease,
    struct outbox_row **rows, size_t *n, PGresult **res)
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
	if ((err = db_exec(db, s, s == STMT_OUTBOX_CLAIM ? 2 : 1, p, res)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if ((err = rows_of(*res, rows, n)) != STATUS_OK) {
		PQclear(*res);
		*res = NULL;
	}
	return nerr_pass(err);
}

NEOERR *
outbox_claim(struct db *db, int limit, int lease, struct outbox_row **rows,
    size_t *n, PGresult **res)
{
	return nerr_pass(fetch(db, STMT_OUTBOX_CLAIM, limit, lease, rows, n, res));
}

NEOERR *
outbox_due(struct db *db, int limit, struct outbox_row **rows, size_t *n,
    PGresult **res)
{
	return nerr_pass(fetch(db, STMT_OUTBOX_DUE, limit, 0, rows, n, res));
}

NEOERR *
outbox_sent(struct db *db, int64_t id)
{
	NEOERR		*err;
	char		 sid[24];
	const char	*p[1];

	snprintf(sid, sizeof sid, "%lld", (long long)id);
	p[0] = sid;
	err = db_exec(db, STMT_OUTBOX_SENT, 1, p, NULL);
	return nerr_pass(err);
}

NEOERR *
outbox_failed(struct db *db, int64_t id, enum outbox_end end, int delay,
    const char *error)
{
	NEOERR		*err;
	char		 sid[24], sdelay[16];
	const char	*p[4];

	snprintf(sid, sizeof sid, "%lld", (long long)id);
	snprintf(sdelay, sizeof sdelay, "%d", delay);
	p[0] = sid;
	p[1] = end == OUTBOX_DEAD ? "dead" : end == OUTBOX_SKIPPED ? "skipped" :
	    "queued";
	p[2] = sdelay;
	p[3] = error;
	err = db_exec(db, STMT_OUTBOX_FAILED, 4, p, NULL);
	return nerr_pass(err);
}

NEOERR *
outbox_next_due(struct db *db, double *seconds)
{
	PGresult	*res = NULL;
	NEOERR		*err;

	*seconds = -1;
	if ((err = db_exec(db, STMT_OUTBOX_NEXT_DUE, 0, NULL, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) == 1 && !db_null(res, 0, 0)) {
		*seconds = db_double(res, 0, 0);
		if (*seconds < 0)
			*seconds = 0;
	}
	PQclear(res);
	return STATUS_OK;
}
