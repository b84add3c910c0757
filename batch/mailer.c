/* mailer.c: stolik-mailer: send the outbox over SMTP (DESIGN §6). */
#include "job.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

static const char help[] =
    "Sends the mails that are due, then exits; with --watch it stays and\n"
    "sends each new mail as soon as it is committed.\n"
    "  --watch            wait for new mails (LISTEN/NOTIFY) until stopped\n"
    "  --once             one pass over what is due (the default)\n"
    "  --limit N          send at most N mails\n";

static volatile sig_atomic_t stopping;

static void
on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

struct settings {
	int	 batch;		/* rows per claim */
	int	 lease;		/* seconds a claim is ours */
	int	 backoff;	/* first retry delay, seconds */
	int	 cap;		/* longest delay */
	int	 max_attempts;
	double	 poll;		/* --watch looks at the table at least this often */
};

struct tally {
	long	 sent, retried, dead, skipped;
	long	 connections;
};

/* Compose and (unless dry) send one claimed row, then record the outcome. */
static NEOERR *
deliver(struct job *j, struct mailer *mr, const struct settings *s,
    const struct outbox_row *row, struct tally *t)
{
	struct mail_msg	 m;
	NEOERR		*err, *cerr;
	enum outbox_end	 end = OUTBOX_RETRY;
	const char	*result;
	char		 why[CURL_ERROR_SIZE + 64];
	bool		 fatal, skip;
	int		 code = 0, delay = 0;	/* ms */
	double		 t0 = mono_now();
	json_t		*o;

	mail_msg_init(&m);
	why[0] = '\0';
	cerr = mail_compose(mr, j->db, row, &m, &fatal, &skip);
	if (cerr != STATUS_OK && !fatal) {
		/* the database or memory failed: leave the row to its lease */
		mail_msg_free(&m);
		return nerr_pass(cerr);
	}
	if (cerr != STATUS_OK) {
		STRING	 e;

		string_init(&e);
		nerr_error_string(cerr, &e);
		snprintf(why, sizeof why, "cannot compose: %s", e.buf != NULL ?
		    e.buf : "");
		string_clear(&e);
		nerr_ignore(&cerr);
		end = OUTBOX_DEAD;
		result = "dead";
	} else if (skip) {
		snprintf(why, sizeof why, "no longer wanted: the booking moved on");
		end = OUTBOX_SKIPPED;
		result = "skipped";
	} else if (j->dry_run) {
		result = "would_send";
	} else {
		if ((err = mail_send(mr, &m, &code, why, sizeof why)) != STATUS_OK) {
			mail_msg_free(&m);
			return nerr_pass(err);
		}
		t->connections += mailer_new_connections(mr);
		if (code >= 200 && code < 300)
			result = "sent";
		else if (code >= 500) {
			end = OUTBOX_DEAD;
			result = "dead";
		} else if (row->attempts >= s->max_attempts) {
			end = OUTBOX_DEAD;
			result = "dead";
		} else {
			delay = job_backoff_ms(s->backoff, s->cap, row->attempts);
			result = "retry";
		}
	}
	err = STATUS_OK;
	if (!j->dry_run) {
		if (strcmp(result, "sent") == 0)
			err = outbox_sent(j->db, row->id);
		else
			err = outbox_failed(j->db, row->id, end, delay, why);
	}
	if (strcmp(result, "sent") == 0)
		t->sent++;
	else if (strcmp(result, "retry") == 0)
		t->retried++;
	else if (strcmp(result, "dead") == 0)
		t->dead++;
	else if (strcmp(result, "skipped") == 0)
		t->skipped++;
	o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:i,s:i,s:i}", "outbox_id",
	    (json_int_t)row->id, "kind", row->kind, "to", row->to,
	    "message_id", row->message_id, "result", result,
	    "attempt", row->attempts, "smtp", code,
	    "ms", (int)((mono_now() - t0) * 1000));
	if (o != NULL && *why != '\0')
		json_object_set_new(o, "error", json_string(why));
	if (o != NULL && strcmp(result, "retry") == 0)
		json_object_set_new(o, "retry_in_ms", json_integer(delay));
	if (strcmp(result, "dead") == 0)
		/* an operator should see these: the platform admin lists them */
		log_event(LOGL_WARN, j->name, "mail", o);
	else if (o != NULL && j->dry_run) {
		json_object_set_new(o, "subject", json_string(m.subject.buf != NULL ?
		    m.subject.buf : ""));
		job_log(j, "mail", json_incref(o));
	} else
		job_log(j, "mail", json_incref(o));
	json_decref(o);
	mail_msg_free(&m);
	return nerr_pass(err);
}

/* One claim's worth; *n how many rows it had. */
static NEOERR *
round_once(struct job *j, struct mailer *mr, const struct settings *s,
    struct tally *t, size_t *n)
{
	struct outbox_row	*rows = NULL;
	PGresult		*res = NULL;
	NEOERR			*err;
	size_t			 i;
	int			 want = j->dry_run ? 1000 : s->batch;

	if (j->limit > 0) {
		long left = j->limit - (t->sent + t->retried + t->dead + t->skipped);
		if (left < want)
			want = (int)left;
	}
	*n = 0;
	if (want <= 0)
		return STATUS_OK;
	if (j->dry_run)
		err = outbox_due(j->db, want, &rows, n, &res);
	else
		err = outbox_claim(j->db, want, s->lease, &rows, n, &res);
	if (err != STATUS_OK)
		return nerr_pass(err);
	for (i = 0; i < *n && err == STATUS_OK; i++) {
		/* a stop request finishes the mail under way; the rest of
		 * the claim goes back when its lease runs out */
		if (stopping)
			break;
		err = deliver(j, mr, s, &rows[i], t);
	}
	free(rows);
	PQclear(res);
	return nerr_pass(err);
}

int
main(int argc, char *argv[])
{
	struct job	 j;
	struct mailer	*mr = NULL;
	struct settings	 s;
	struct tally	 t;
	struct sigaction sa;
	NEOERR		*err = STATUS_OK;
	size_t		 n;
	double		 wait, t0;
	int		 rc;

	if ((rc = job_start(&j, "stolik-mailer", "mailer", JOB_WATCH | JOB_LIMIT,
	    help, argc, argv, false)) != JOB_GO)
		return rc;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	s.batch = conf_int(j.conf, "Mailer.Batch", 20, 1, 1000);
	s.lease = conf_int(j.conf, "Mailer.LeaseSeconds", 300, 1, 86400);
	s.backoff = conf_int(j.conf, "Mailer.BackoffSeconds", 60, 1, 86400);
	s.cap = conf_int(j.conf, "Mailer.BackoffCap", 14400, 1, 604800);
	s.max_attempts = conf_int(j.conf, "Mailer.MaxAttempts", 10, 1, 100);
	s.poll = conf_int(j.conf, "Mailer.PollSeconds", 30, 1, 3600);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "stolik-mailer: curl_global_init failed\n");
		job_end(&j);
		return 1;
	}
	if ((err = mailer_new(j.conf, &mr)) != STATUS_OK)
		goto fail;
	/* several mailers may run at once: SKIP LOCKED gives each its own rows */
	if (j.watch)
		db_listen(j.db, OUTBOX_CHANNEL);
	memset(&t, 0, sizeof t);
	t0 = mono_now();
	while (!stopping) {
		err = round_once(&j, mr, &s, &t, &n);
		if (err != STATUS_OK && j.watch && nerr_match(err, ERR_DB_DOWN)) {
			log_nerr(__func__, "database unavailable; waiting", &err);
			db_wait(j.db, 1);
			continue;
		}
		if (err != STATUS_OK)
			goto fail;
		if (n > 0 && !j.dry_run)
			continue;
		if (!j.watch || (j.limit > 0 && t.sent + t.retried + t.dead +
		    t.skipped >= j.limit))
			break;
		/* nothing due now: sleep until a NOTIFY, the next retry or a poll */
		if ((err = outbox_next_due(j.db, &wait)) != STATUS_OK) {
			log_nerr(__func__, "cannot read the queue; waiting", &err);
			wait = 1;
		}
		if (wait < 0 || wait > s.poll)
			wait = s.poll;
		job_wait(&j, wait);
	}
	if (t.sent + t.retried + t.dead + t.skipped > 0 || !j.watch)
		job_log(&j, "done", json_pack("{s:i,s:i,s:i,s:i,s:i,s:f}",
		    "sent", (int)t.sent, "retried", (int)t.retried, "dead",
		    (int)t.dead, "skipped", (int)t.skipped,
		    "connections", (int)t.connections,
		    "seconds", mono_now() - t0));
	mailer_free(mr);
	job_end(&j);
	curl_global_cleanup();
	return 0;
fail:
	mailer_free(mr);
	curl_global_cleanup();
	return job_fail(&j, &err);
}
