/* sweep.c: stolik-sweep: the minute's housekeeping (DESIGN §7). */
#include "job.h"

#include <stdio.h>
#include <stdlib.h>

static const char help[] =
    "Expires holds that ran out (and cancels their payments; stolik-payments\n"
    "expires their sessions at the gateway), finishes seated bookings past their end,\n"
    "queues review invitations for finished visits, moves old final bookings\n"
    "to the history, and deletes expired sessions, one-time links and old\n"
    "sign-in records. Run it every minute.\n";

/* Run s with p and log each returned reservation as msg; the count into *n. */
static NEOERR *
step(struct job *j, enum stmt s, int np, const char *const *p, const char *msg,
    long long *n)
{
	PGresult	*res = NULL;
	NEOERR		*err;
	int		 i;

	if ((err = db_exec(j->db, s, np, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (msg == NULL) {
		/* a count, or the rows a DELETE touched */
		*n = PQntuples(res) == 1 && PQnfields(res) == 1 ?
		    db_int(res, 0, 0) : strtoll(PQcmdTuples(res), NULL, 10);
		PQclear(res);
		return STATUS_OK;
	}
	*n = PQntuples(res);
	for (i = 0; i < PQntuples(res); i++)
		job_log(j, msg, json_pack("{s:I}", "reservation_id",
		    (json_int_t)db_int(res, i, PQnfields(res) - 1)));
	PQclear(res);
	return STATUS_OK;
}

int
main(int argc, char *argv[])
{
	struct job	 j;
	NEOERR		*err;
	const char	*p[3];
	char		 now[24], idle[16], delay[16], days[16];
	long long	 holds, payments, finished, reviews, sessions, tokens, logs, n;
	long long	 archived = 0;
	int		 rc;

	if ((rc = job_start(&j, "stolik-sweep", "sweep", 0, help, argc, argv,
	    true)) != JOB_GO)
		return rc;
	snprintf(now, sizeof now, "%lld", (long long)j.now);
	snprintf(idle, sizeof idle, "%d", conf_int(j.conf,
	    "App.SessionIdleMinutes", 60, 5, 10080));
	snprintf(delay, sizeof delay, "%d", conf_int(j.conf,
	    "Sweep.ReviewDelayMinutes", 120, 0, 60 * 24 * 6));
	snprintf(days, sizeof days, "%d", conf_int(j.conf, "Sweep.HistoryDays", 90,
	    30, 3650));
	p[0] = now;
	/* one transaction: a dry run rolls it all back */
	if ((err = db_begin(j.db)) != STATUS_OK ||
	    (err = step(&j, STMT_SWEEP_HOLDS, 1, p, "hold expired", &holds)) !=
	    STATUS_OK ||
	    (err = step(&j, STMT_SWEEP_PAYMENTS, 0, p, "payment cancelled",
	    &payments)) != STATUS_OK ||
	    (err = step(&j, STMT_SWEEP_FINISH, 1, p, "finished", &finished)) !=
	    STATUS_OK)
		goto fail;
	p[1] = j.domain;
	p[2] = delay;
	if ((err = step(&j, STMT_SWEEP_REVIEWS, 3, p, "review invitation queued",
	    &reviews)) != STATUS_OK)
		goto fail;
	if (reviews > 0)
		outbox_queued(j.db);
	/* a batch at a time: a first run over years of bookings stays short */
	p[1] = days;
	do {
		if ((err = step(&j, STMT_SWEEP_HISTORY, 2, p, NULL, &n)) != STATUS_OK)
			goto fail;
		archived += n;
	} while (n == 5000 && !j.dry_run);
	p[1] = idle;
	if ((err = step(&j, STMT_SWEEP_SESSIONS, 2, p, NULL, &sessions)) !=
	    STATUS_OK ||
	    (err = step(&j, STMT_SWEEP_TOKENS, 1, p, NULL, &tokens)) != STATUS_OK ||
	    (err = step(&j, STMT_SWEEP_LOGS, 1, p, NULL, &logs)) != STATUS_OK)
		goto fail;
	/* expiries, finished visits and cancelled payments are webhook events */
	if (holds + payments + finished > 0)
		webhook_queued(j.db);
	if (j.dry_run)
		db_rollback(j.db);
	else if ((err = db_commit(j.db)) != STATUS_OK)
		goto fail;
	job_log(&j, "done", json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
	    "holds_expired", (json_int_t)holds,
	    "payments_cancelled", (json_int_t)payments, "finished", (json_int_t)finished,
	    "archived", (json_int_t)archived,
	    "review_invitations", (json_int_t)reviews,
	    "sessions_deleted", (json_int_t)sessions,
	    "tokens_deleted", (json_int_t)tokens,
	    "records_deleted", (json_int_t)logs));
	job_end(&j);
	return 0;
fail:
	if (j.db != NULL)
		db_rollback(j.db);
	return job_fail(&j, &err);
}
