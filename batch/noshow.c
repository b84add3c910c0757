/* noshow.c: stolik-noshow: flag bookings nobody came to (DESIGN §7). */
#include "job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Marks confirmed or arrived bookings as no_show once their start plus the\n"
    "restaurant's grace period has passed without the guest being seated,\n"
    "and tells guest and restaurant. Run it every 5 minutes.\n";

/* Rows a round. */
#define BATCH	100

int
main(int argc, char *argv[])
{
	struct job	 j;
	struct book_env	 env;
	struct book_out	 out;
	PGresult	*res = NULL;
	NEOERR		*err;
	const char	*p[2];
	char		 now[24], lim[16];
	int		 rc, i, n, round, marked = 0;

	if ((rc = job_start(&j, "stolik-noshow", "noshow", 0, help, argc, argv,
	    true)) != JOB_GO)
		return rc;
	memset(&env, 0, sizeof env);
	env.db = j.db;
	env.base_url = j.base_url;
	env.now = j.now;
	memset(&out, 0, sizeof out);
	snprintf(now, sizeof now, "%lld", (long long)j.now);
	snprintf(lim, sizeof lim, "%d", BATCH);
	p[0] = now;
	p[1] = lim;
	do {
		if ((err = db_exec(j.db, STMT_NOSHOW_DUE, 2, p, &res)) != STATUS_OK)
			goto fail;
		n = PQntuples(res);
		for (round = i = 0; i < n; i++) {
			/* each its own transaction, as the owner's moves are */
			if (!j.dry_run && (err = booking_noshow(&env,
			    db_int(res, i, 0), db_bool(res, i, 5), &out)) !=
			    STATUS_OK)
				goto fail;
			/* the row may have moved on (seated) since we read it */
			if (!j.dry_run && out.res != BOOK_OK)
				continue;
			round++;
			job_log(&j, "no-show", json_pack("{s:I,s:s,s:s,s:b}",
			    "reservation_id", (json_int_t)db_int(res, i, 0),
			    "code", db_str(res, i, 2), "from", db_str(res, i, 1),
			    "notified", db_bool(res, i, 5)));
		}
		marked += round;
		PQclear(res);
		res = NULL;
	} while (n == BATCH && round > 0 && !j.dry_run);
	job_log(&j, "done", json_pack("{s:i}", "marked", marked));
	job_end(&j);
	return 0;
fail:
	PQclear(res);
	return job_fail(&j, &err);
}
