/* noshow.c: stolik-noshow: flag bookings nobody came to (DESIGN §7). */
#include "job.h"

#include <stdio.h>
#include <stdlib.h>

static const char help[] =
    "Marks confirmed or arrived bookings as no_show once their start plus the\n"
    "restaurant's grace period has passed without the guest being seated,\n"
    "and tells guest and restaurant. Run it every 5 minutes.\n";

/* Rows per transaction: short transactions keep the owner's clicks fast. */
#define BATCH	100

int
main(int argc, char *argv[])
{
	struct job	 j;
	PGresult	*res = NULL;
	NEOERR		*err;
	enum rsv_status	 from;
	const char	*p[2];
	char		 now[24], lim[16];
	bool		 done;
	int		 rc, i, n, marked = 0;

	if ((rc = job_start(&j, "stolik-noshow", "noshow", 0, help, argc, argv,
	    true)) != JOB_GO)
		return rc;
	snprintf(now, sizeof now, "%lld", (long long)j.now);
	snprintf(lim, sizeof lim, "%d", BATCH);
	p[0] = now;
	p[1] = lim;
	do {
		if ((err = db_begin(j.db)) != STATUS_OK ||
		    (err = db_exec(j.db, STMT_NOSHOW_DUE, 2, p, &res)) != STATUS_OK)
			goto fail;
		n = PQntuples(res);
		for (i = 0; i < n; i++) {
			if (!rsv_status_parse(db_str(res, i, 1), &from))
				continue;
			/* the row may have moved on (seated) since we read it */
			if ((err = booking_noshow(j.db, db_int(res, i, 0), from,
			    db_str(res, i, 2), db_str(res, i, 3),
			    db_str(res, i, 4), db_bool(res, i, 5), j.base_url,
			    &done)) != STATUS_OK)
				goto fail;
			if (!done)
				continue;
			marked++;
			job_log(&j, "no-show", json_pack("{s:I,s:s,s:s,s:b}",
			    "reservation_id", (json_int_t)db_int(res, i, 0),
			    "code", db_str(res, i, 2), "from", db_str(res, i, 1),
			    "notified", db_bool(res, i, 5)));
		}
		PQclear(res);
		res = NULL;
		if (j.dry_run)
			db_rollback(j.db);
		else if ((err = db_commit(j.db)) != STATUS_OK)
			goto fail;
	} while (n == BATCH && !j.dry_run);
	job_log(&j, "done", json_pack("{s:i}", "marked", marked));
	job_end(&j);
	return 0;
fail:
	PQclear(res);
	if (j.db != NULL)
		db_rollback(j.db);
	return job_fail(&j, &err);
}
