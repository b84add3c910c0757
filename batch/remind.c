/* remind.c: stolik-remind: queue reminders before bookings (DESIGN §7). */
#include "job.h"

#include <stdio.h>
#include <stdlib.h>

static const char help[] =
    "Queues a reminder for every booking whose reminder time (the\n"
    "restaurant's reminder hours before the start) has come. Run it every\n"
    "5 minutes; the outbox's dedupe keys make every reminder go out once.\n";

int
main(int argc, char *argv[])
{
	struct job	 j;
	PGresult	*res = NULL;
	NEOERR		*err;
	const char	*p[2];
	char		 now[24];
	int		 rc, i, n;

	if ((rc = job_start(&j, "stolik-remind", "remind", 0, help, argc, argv,
	    true)) != JOB_GO)
		return rc;
	snprintf(now, sizeof now, "%lld", (long long)j.now);
	p[0] = now;
	p[1] = j.domain;
	/* a dry run does the same inside a transaction it rolls back */
	if ((err = db_begin(j.db)) != STATUS_OK ||
	    (err = db_exec(j.db, STMT_REMIND_QUEUE, 2, p, &res)) != STATUS_OK)
		goto fail;
	n = PQntuples(res);
	if (n > 0)
		outbox_queued(j.db);
	for (i = 0; i < n; i++)
		job_log(&j, "reminder queued", json_pack("{s:I,s:I,s:s}",
		    "outbox_id", (json_int_t)db_int(res, i, 0),
		    "reservation_id", (json_int_t)db_int(res, i, 1),
		    "dedupe_key", db_str(res, i, 2)));
	PQclear(res);
	res = NULL;
	if (j.dry_run)
		db_rollback(j.db);
	else if ((err = db_commit(j.db)) != STATUS_OK)
		goto fail;
	job_log(&j, "done", json_pack("{s:i}", "queued", n));
	job_end(&j);
	return 0;
fail:
	PQclear(res);
	return job_fail(&j, &err);
}
