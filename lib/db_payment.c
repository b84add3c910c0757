/* db_payment.c: a booking's deposit payment and its ledger (sql/0014). */
#include "stolik.h"

#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PAY_ATTEMPTS	5

/* Column order of PAY_COLS (db_stmts.c), from column off. */
enum { P_ID, P_RID, P_CODE, P_AMOUNT, P_CURRENCY, P_STATUS, P_SESSION, P_URL,
	P_INTENT, P_REFUNDED, P_EXPIRES, P_EXPONENT, P__MAX };

static void
payment_row(const PGresult *res, int row, int off, struct payment *p)
{
	memset(p, 0, sizeof *p);
	p->id = db_int(res, row, off + P_ID);
	p->reservation_id = db_int(res, row, off + P_RID);
	snprintf(p->code, sizeof p->code, "%s", db_str(res, row, off + P_CODE));
	p->amount = db_int(res, row, off + P_AMOUNT);
	snprintf(p->currency, sizeof p->currency, "%s",
	    db_str(res, row, off + P_CURRENCY));
	snprintf(p->status, sizeof p->status, "%s",
	    db_str(res, row, off + P_STATUS));
	snprintf(p->session_id, sizeof p->session_id, "%s",
	    db_str(res, row, off + P_SESSION));
	snprintf(p->checkout_url, sizeof p->checkout_url, "%s",
	    db_str(res, row, off + P_URL));
	snprintf(p->intent_id, sizeof p->intent_id, "%s",
	    db_str(res, row, off + P_INTENT));
	p->refunded = db_int(res, row, off + P_REFUNDED);
	p->expires_at = db_int(res, row, off + P_EXPIRES);
	p->exponent = (int)db_int(res, row, off + P_EXPONENT);
}

/* A short random pause before attempt n + 1 of a single statement. */
static void
pause_ms(unsigned n)
{
	struct timespec	 ts;

	ts.tv_sec = 0;
	ts.tv_nsec = (long)(1 + randombytes_uniform((2u << n) + 1)) * 1000000L;
	nanosleep(&ts, NULL);
}

/*
 * Run s (one statement, its own transaction unless the caller has one),
 * again after a deadlock or serialization failure when not in a caller's
 * transaction.
 */
static NEOERR *
exec_retry(struct db *db, enum stmt s, int n, const char *const *p,
    PGresult **res)
{
	NEOERR		*err;
	unsigned	 i;

	for (i = 0; ; i++) {
		err = db_exec(db, s, n, p, res);
		if (err == STATUS_OK || !nerr_match(err, ERR_DB_RETRY) ||
		    db->in_tx || i + 1 >= PAY_ATTEMPTS)
			return nerr_pass(err);
		nerr_ignore(&err);
		pause_ms(i);
	}
}

NEOERR *
db_payment_start(struct db *db, int64_t rid, const char *code, const char *hash_hex,
    const char *name, const char *email, const char *phone,
    const char *requests, int64_t user_id, int64_t amount,
    const char *currency, const char *confirm_status, const char *mails,
    int minutes, int max_guest, enum pay_start_res *out, struct payment *p)
{
	PGresult	*res = NULL;
	char		 uid[24], amt[24], min[16], lim[16];
	const char	*v[13];
	const char	*o;
	NEOERR		*err;
	bool		 found;

	*out = PAY_START_GONE;
	memset(p, 0, sizeof *p);
	snprintf(uid, sizeof uid, "%lld", (long long)user_id);
	snprintf(amt, sizeof amt, "%lld", (long long)amount);
	snprintf(min, sizeof min, "%d", minutes);
	v[0] = code;
	v[1] = hash_hex;
	v[2] = name;
	v[3] = email;
	v[4] = phone;
	v[5] = requests;
	v[6] = user_id > 0 ? uid : NULL;
	v[7] = amt;
	v[8] = currency;
	v[9] = confirm_status;
	v[10] = mails;
	v[11] = min;
	snprintf(lim, sizeof lim, "%d", max_guest);
	v[12] = max_guest > 0 ? lim : NULL;
	if ((err = exec_retry(db, STMT_PAY_START, 13, v, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) != 1) {
		PQclear(res);
		return nerr_raise(ERR_DB, "pay_start gave no answer");
	}
	o = db_str(res, 0, 0);
	if (strcmp(o, "new") == 0)
		*out = PAY_START_NEW;
	else if (strcmp(o, "open") == 0)
		*out = PAY_START_OPEN;
	else if (strcmp(o, "paid") == 0)
		*out = PAY_START_PAID;
	else if (strcmp(o, "guest_limit") == 0)
		*out = PAY_START_GUEST_LIMIT;
	PQclear(res);
	if (*out == PAY_START_GONE || *out == PAY_START_GUEST_LIMIT)
		return STATUS_OK;
	/* read after its commit: the function's insert is not in its snapshot */
	if ((err = db_payment_get(db, rid, p, &found)) != STATUS_OK)
		return nerr_pass(err);
	if (!found)
		return nerr_raise(ERR_DB, "payment of %lld gone", (long long)rid);
	return STATUS_OK;
}

NEOERR *
db_payment_session_set(struct db *db, int64_t id, const char *session,
    const char *url, const char *intent)
{
	char		 ids[24];
	const char	*p[4] = { ids, session, url, intent };

	snprintf(ids, sizeof ids, "%lld", (long long)id);
	return nerr_pass(exec_retry(db, STMT_PAY_SESSION_SET, 4, p, NULL));
}

NEOERR *
db_payment_settle(struct db *db, const char *session, const char *intent,
    const char *outcome, int64_t amount, const char *currency,
    const char *event, const char *type, const char *domain, char out[16],
    int64_t *rid)
{
	PGresult	*res = NULL;
	char		 amt[24];
	const char	*p[8];
	NEOERR		*err;

	snprintf(out, 16, "unknown");
	*rid = 0;
	snprintf(amt, sizeof amt, "%lld", (long long)amount);
	p[0] = session;
	p[1] = intent;
	p[2] = outcome;
	p[3] = amt;
	p[4] = currency;
	p[5] = event;
	p[6] = type;
	p[7] = domain;
	if ((err = exec_retry(db, STMT_PAY_SETTLE, 8, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	/* payment.* (and reservation.*) webhook events, after the commit */
	webhook_queued(db);
	if (PQntuples(res) == 1) {
		snprintf(out, 16, "%s", db_str(res, 0, 0));
		*rid = db_int(res, 0, 1);
		if (db_int(res, 0, 2) > 0)
			db_booked(db, db_int(res, 0, 2));
	}
	PQclear(res);
	return STATUS_OK;
}

NEOERR *
db_payment_get(struct db *db, int64_t rid, struct payment *p, bool *found)
{
	PGresult	*res = NULL;
	char		 ids[24];
	const char	*v[1] = { ids };
	NEOERR		*err;

	*found = false;
	memset(p, 0, sizeof *p);
	snprintf(ids, sizeof ids, "%lld", (long long)rid);
	if ((err = db_exec(db, STMT_PAY_GET, 1, v, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) == 1 && PQnfields(res) == P__MAX) {
		payment_row(res, 0, 0, p);
		*found = true;
	}
	PQclear(res);
	return STATUS_OK;
}

NEOERR *
db_payment_ledger(struct db *db, int64_t rid, struct payment_entry *e,
    size_t max, size_t *n)
{
	PGresult	*res = NULL;
	char		 ids[24], lim[16];
	const char	*v[2] = { ids, lim };
	NEOERR		*err;
	int		 i;

	*n = 0;
	snprintf(ids, sizeof ids, "%lld", (long long)rid);
	snprintf(lim, sizeof lim, "%zu", max);
	if ((err = db_exec(db, STMT_PAY_LEDGER, 2, v, &res)) != STATUS_OK)
		return nerr_pass(err);
	for (i = 0; i < PQntuples(res) && (size_t)i < max; i++) {
		memset(&e[i], 0, sizeof e[i]);
		snprintf(e[i].kind, sizeof e[i].kind, "%s", db_str(res, i, 0));
		e[i].amount = db_int(res, i, 1);
		snprintf(e[i].currency, sizeof e[i].currency, "%s",
		    db_str(res, i, 2));
		snprintf(e[i].gateway_id, sizeof e[i].gateway_id, "%s",
		    db_str(res, i, 3));
		snprintf(e[i].note, sizeof e[i].note, "%s", db_str(res, i, 4));
		snprintf(e[i].at, sizeof e[i].at, "%s", db_str(res, i, 5));
		e[i].sent = db_bool(res, i, 6);
	}
	*n = (size_t)i;
	PQclear(res);
	return STATUS_OK;
}

NEOERR *
db_payment_refund_queue(struct db *db, int64_t rid, int64_t amount,
    const char *key, const char *note, int64_t *queued)
{
	PGresult	*res = NULL;
	char		 ids[24], amt[24];
	const char	*v[4] = { ids, amt, key, note };
	NEOERR		*err;

	*queued = 0;
	snprintf(ids, sizeof ids, "%lld", (long long)rid);
	snprintf(amt, sizeof amt, "%lld", (long long)amount);
	if ((err = db_exec(db, STMT_PAY_REFUND_QUEUE, 4, v, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) == 1)
		*queued = db_int(res, 0, 0);
	PQclear(res);
	return STATUS_OK;
}
