/* waitlist.c: stolik-waitlist: offer freed tables to the waitlist, one diner at a time (issue 18). */
#include "job.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Offers tables that free up to the diners waiting for them (sql/0017):\n"
    "the first entry in line that a free table fits gets a hold for the\n"
    "restaurant's claim window and a mail; an offer not claimed in time\n"
    "passes to the next in line; entries whose window has passed end.\n"
    "Run it every minute, or with --watch.\n";

/* Restaurant-days taken off the queue a round. */
#define WAKE_BATCH	20

static volatile sig_atomic_t stopping;

static void
on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

struct tally {
	int	 offered;
	int	 lapsed;
	int	 ended;
	int	 days;
};

/* Run a statement of no parameters; *n the rows it returned. */
static NEOERR *
exec_count(struct job *j, enum stmt s, int *n)
{
	PGresult	*res = NULL;
	NEOERR		*err;

	*n = 0;
	if (j->dry_run)
		return STATUS_OK;
	if ((err = db_exec(j->db, s, 0, NULL, &res)) != STATUS_OK)
		return nerr_pass(err);
	*n = PQntuples(res);
	PQclear(res);
	return STATUS_OK;
}

/* Offer what is free on one restaurant-day to its line, first first. */
static NEOERR *
day_once(struct job *j, struct book_env *env, const char *rid,
    const char *day, struct tally *t)
{
	PGresult	*res = NULL;
	struct book_out	 out;
	NEOERR		*err;
	const char	*p[2];
	int		 i;

	p[0] = rid;
	p[1] = day;
	if ((err = db_exec(j->db, STMT_WL_LINE, 2, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	memset(&out, 0, sizeof out);
	for (i = 0; i < PQntuples(res) && !j->dry_run; i++) {
		if ((err = booking_waitlist_offer(env, db_int(res, i, 0), &out)) !=
		    STATUS_OK)
			break;
		if (out.res != BOOK_OK)
			continue;
		t->offered++;
		job_log(j, "offer", json_pack("{s:I,s:I,s:s,s:s}", "entry_id",
		    (json_int_t)db_int(res, i, 0), "hold_id", (json_int_t)out.id,
		    "restaurant_id", rid, "day", day));
	}
	book_out_free(&out);
	PQclear(res);
	return nerr_pass(err);
}

/* One round: lapse offers, end entries, then the days woken. *n work done. */
static NEOERR *
round_once(struct job *j, struct tally *t, int *n)
{
	struct book_env	 env;
	PGresult	*res = NULL;
	NEOERR		*err;
	const char	*p[1];
	char		 lim[16];
	int		 lapsed, ended, i, before = t->offered;

	*n = 0;
	job_tick(j);
	if ((err = exec_count(j, STMT_WL_EXPIRE_OFFERS, &lapsed)) != STATUS_OK ||
	    (err = exec_count(j, STMT_WL_EXPIRE_ENTRIES, &ended)) != STATUS_OK)
		return nerr_pass(err);
	if (lapsed > 0)
		job_log(j, "offers lapsed", json_pack("{s:i}", "n", lapsed));
	if (ended > 0)
		job_log(j, "entries ended", json_pack("{s:i}", "n", ended));
	t->lapsed += lapsed;
	t->ended += ended;
	memset(&env, 0, sizeof env);
	env.db = j->db;
	env.base_url = j->base_url;
	env.now = j->now;
	/* a fresh cache a round: the owners' set-up changes are seen */
	if ((env.setups = setup_cache_new(NULL)) == NULL)
		return nerr_raise(NERR_NOMEM, "setup cache");
	snprintf(lim, sizeof lim, "%d", WAKE_BATCH);
	p[0] = lim;
	err = db_exec(j->db, j->dry_run ? STMT_WL_WAKE_PEEK : STMT_WL_WAKE_TAKE,
	    1, p, &res);
	for (i = 0; err == STATUS_OK && i < PQntuples(res); i++) {
		t->days++;
		err = day_once(j, &env, db_str(res, i, 0), db_str(res, i, 1), t);
	}
	*n = lapsed + (res != NULL ? PQntuples(res) : 0) + t->offered - before;
	PQclear(res);
	setup_cache_free(env.setups);
	return nerr_pass(err);
}

int
main(int argc, char *argv[])
{
	struct job	 j;
	struct tally	 t;
	struct sigaction sa;
	NEOERR		*err = STATUS_OK;
	double		 t0;
	int		 rc, n, poll;

	if ((rc = job_start(&j, "stolik-waitlist", "waitlist", JOB_WATCH, help,
	    argc, argv, true)) != JOB_GO)
		return rc;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	poll = conf_int(j.conf, "Waitlist.PollSeconds", 1, 1, 3600);
	/* the booking writes wake the mailer's channel; so are we woken */
	if (j.watch)
		db_listen(j.db, OUTBOX_CHANNEL);
	memset(&t, 0, sizeof t);
	t0 = mono_now();
	while (!stopping) {
		err = round_once(&j, &t, &n);
		if (err != STATUS_OK && j.watch && nerr_match(err, ERR_DB_DOWN)) {
			log_nerr(__func__, "database unavailable; waiting", &err);
			db_wait(j.db, 1);
			continue;
		}
		if (err != STATUS_OK)
			goto fail;
		if (n > 0 && !j.dry_run)
			continue;
		if (!j.watch)
			break;
		job_wait(&j, poll);
	}
	if (t.offered > 0 || t.lapsed > 0 || !j.watch)
		job_log(&j, "done", json_pack("{s:i,s:i,s:i,s:i,s:f}", "offered",
		    t.offered, "lapsed", t.lapsed, "ended", t.ended, "days", t.days,
		    "seconds", mono_now() - t0));
	job_end(&j);
	return 0;
fail:
	return job_fail(&j, &err);
}
