/* payments.c: stolik-payments: reconciliation with the payment gateway. */
#include "job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Settles payments left open past Payments.ReconcileSeconds by asking the\n"
    "gateway (webhooks get lost), then makes the queued gateway calls once\n"
    "each under their idempotency keys: refunds of cancelled bookings and the\n"
    "expiry of checkout sessions whose hold ran out. One JSON line an action.\n"
    "Run it every minute.\n";

#define BATCH	50

/* Open payments nobody heard of for a while: ask, and settle. */
static NEOERR *
settle_stale(struct job *j, int after, long *n)
{
	PGresult	*res = NULL;
	char		 secs[16], lim[16], out[16];
	const char	*p[2] = { secs, lim };
	char		**ids = NULL;
	int64_t		 rid;
	int		 i, rows;
	NEOERR		*err;

	*n = 0;
	snprintf(secs, sizeof secs, "%d", after);
	snprintf(lim, sizeof lim, "%d", BATCH);
	/* claim them: a second copy skips what this one reads */
	if ((err = db_begin(j->db)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = db_exec(j->db, STMT_PAY_STALE, 2, p, &res)) != STATUS_OK)
		goto fail;
	rows = PQntuples(res);
	if ((ids = calloc((size_t)rows + 1, sizeof *ids)) == NULL) {
		err = nerr_raise(NERR_NOMEM, "ids");
		goto fail;
	}
	for (i = 0; i < rows; i++)
		if ((ids[i] = strdup(db_str(res, i, 0))) == NULL) {
			err = nerr_raise(NERR_NOMEM, "id");
			goto fail;
		}
	PQclear(res);
	res = NULL;
	db_rollback(j->db);
	for (i = 0; i < rows; i++) {
		if (j->dry_run) {
			job_log(j, "payment to settle", json_pack("{s:s}",
			    "session", ids[i]));
			continue;
		}
		if ((err = pay_reconcile(j->db, ids[i], j->domain, out, &rid)) !=
		    STATUS_OK)
			goto out;
		if (strcmp(out, "confirmed") == 0)
			outbox_queued(j->db);
		if (strcmp(out, "open") != 0)
			(*n)++;
		job_log(j, "payment reconciled", json_pack("{s:s,s:s,s:I}",
		    "session", ids[i], "result", out, "reservation_id",
		    (json_int_t)rid));
	}
	goto out;
fail:
	PQclear(res);
	db_rollback(j->db);
out:
	for (i = 0; ids != NULL && ids[i] != NULL; i++)
		free(ids[i]);
	free(ids);
	return nerr_pass(err);
}

/*
 * The queued calls, one a transaction: the row is held (SKIP LOCKED for
 * others) while its call is made, and marked made in the same
 * transaction. A crash between the call and the commit makes the call
 * again under the same Idempotency-Key, which the gateway answers with
 * its first answer: exactly once.
 */
static NEOERR *
send_queued(struct job *j, long *sent, long *failed)
{
	PGresult		*res = NULL;
	struct gw_result	 g;
	enum gw_outcome		 o;
	char			 lid[24], kind[16], key[256], intent[GW_ID_MAX],
				 session[GW_ID_MAX], out[16];
	const char		*p[3];
	int64_t			 amount, rid;
	bool			 done;
	NEOERR			*err;

	*sent = *failed = 0;
	for (;;) {
		if ((err = db_begin(j->db)) != STATUS_OK)
			return nerr_pass(err);
		if ((err = db_exec(j->db, STMT_PAY_QUEUED, 0, NULL, &res)) !=
		    STATUS_OK)
			goto fail;
		if (PQntuples(res) != 1) {
			PQclear(res);
			db_rollback(j->db);
			return STATUS_OK;
		}
		snprintf(lid, sizeof lid, "%s", db_str(res, 0, 0));
		snprintf(kind, sizeof kind, "%s", db_str(res, 0, 1));
		amount = db_int(res, 0, 2);
		snprintf(key, sizeof key, "%s", db_str(res, 0, 3));
		snprintf(intent, sizeof intent, "%s", db_str(res, 0, 5));
		snprintf(session, sizeof session, "%s", db_str(res, 0, 6));
		rid = db_int(res, 0, 7);
		PQclear(res);
		res = NULL;
		if (j->dry_run) {
			job_log(j, "queued call", json_pack("{s:s,s:I,s:s}",
			    "kind", kind, "amount", (json_int_t)amount, "key", key));
			db_rollback(j->db);
			return STATUS_OK;	/* the same row again otherwise */
		}
		if (strcmp(kind, "refund_queued") == 0)
			o = gw_refund_create(intent, amount, key, &g);
		else
			o = gw_checkout_expire(session, key, &g);
		/* a session no longer open: it was paid or expired meanwhile */
		done = o == GW_OK || (o == GW_DECLINED &&
		    strcmp(kind, "cancelled") == 0);
		p[0] = lid;
		p[1] = done ? "true" : "false";
		p[2] = o == GW_OK ? g.obj.id : "";
		/* a refund made is a payment.refunded webhook event */
		if (done)
			webhook_queued(j->db);
		if ((err = db_exec(j->db, STMT_PAY_QUEUED_DONE, 3, p, NULL)) !=
		    STATUS_OK ||
		    (err = db_commit(j->db)) != STATUS_OK)
			goto fail;
		job_log(j, strcmp(kind, "refund_queued") == 0 ? "refund" :
		    "session expired", json_pack("{s:I,s:s,s:I,s:s,s:s,s:i,s:s}",
		    "reservation_id", (json_int_t)rid, "key", key,
		    "amount", (json_int_t)amount, "outcome", gw_outcome_name(o),
		    "gateway_id", o == GW_OK ? g.obj.id : "",
		    "http_status", g.http_status, "error", g.error_code));
		if (done)
			(*sent)++;
		else
			(*failed)++;
		/* a session the diner paid at the last moment: settle it now */
		if (o == GW_DECLINED && strcmp(kind, "cancelled") == 0 &&
		    (err = pay_reconcile(j->db, session, j->domain, out, &rid)) !=
		    STATUS_OK)
			return nerr_pass(err);
		if (o == GW_UNAVAILABLE)
			return STATUS_OK;	/* the next run tries again */
	}
fail:
	PQclear(res);
	db_rollback(j->db);
	return nerr_pass(err);
}

int
main(int argc, char *argv[])
{
	struct job	 j;
	NEOERR		*err;
	long		 settled = 0, sent = 0, failed = 0;
	int		 rc, after;

	if ((rc = job_start(&j, "stolik-payments", "payments", 0, help, argc,
	    argv, true)) != JOB_GO)
		return rc;
	if ((err = gw_load(j.conf)) != STATUS_OK)
		goto fail;
	if (!gw_configured()) {
		job_log(&j, "payments not configured", json_object());
		job_end(&j);
		return 0;
	}
	after = conf_int(j.conf, "Payments.ReconcileSeconds", 300, 0, 86400);
	if ((err = settle_stale(&j, after, &settled)) != STATUS_OK ||
	    (err = send_queued(&j, &sent, &failed)) != STATUS_OK)
		goto fail;
	job_log(&j, "done", json_pack("{s:I,s:I,s:I}", "settled",
	    (json_int_t)settled, "calls_made", (json_int_t)sent,
	    "calls_failed", (json_int_t)failed));
	job_end(&j);
	return 0;
fail:
	return job_fail(&j, &err);
}
