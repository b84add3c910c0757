/* db_waitlist.c: waitlist entries ("notify me", sql/0017): insert, read, confirm, leave. */
#include "stolik.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tries at a free entry code (a clash is once in 2^50). */
#define CODE_TRIES	4

const char *const db_waitlist_day_cols[] = {
	"code", "status", "party", "name", "email", "from", "to", "created",
	"offers", "offer_code", "offer_time", "offer_until", "offer_status",
	"table", NULL
};

NEOERR *
db_waitlist_insert(struct db *db, const struct wl_new *n, const char *base_url,
    enum wl_result *res, char code[16], char token[SEC_TOKEN_B64])
{
	PGresult	*r = NULL;
	NEOERR		*err = STATUS_OK;
	char		 rid[24], party[16], uid[24], hash[67];
	char		 lim_e[16], lim_ip[16], link[512], dedupe[64];
	char		*sealed = NULL, *sealed_link = NULL;
	const char	*p[15], *out;
	int		 i;
	bool		 tx = false, own = !db->in_tx;

	*res = WL_OK;
	snprintf(rid, sizeof rid, "%lld", (long long)n->restaurant_id);
	snprintf(party, sizeof party, "%d", n->party);
	snprintf(uid, sizeof uid, "%lld", (long long)n->user_id);
	snprintf(lim_e, sizeof lim_e, "%d", n->max_email);
	snprintf(lim_ip, sizeof lim_ip, "%d", n->max_ip);
	p[0] = rid;
	p[1] = n->date;
	p[2] = n->from_hm;
	p[3] = n->to_hm;
	p[4] = party;
	p[5] = n->name != NULL ? n->name : "";
	p[6] = n->email;
	p[7] = n->user_id > 0 ? uid : NULL;
	p[8] = n->ip;
	p[9] = n->confirmed ? "waiting" : "pending_confirm";
	p[12] = lim_e;
	p[13] = lim_ip;
	/* its own transaction, or the caller's (Idempotency-Key) */
	if (own && (err = db_begin(db)) != STATUS_OK)
		return nerr_pass(err);
	tx = own;
	for (i = 0; i < CODE_TRIES; i++) {
		sec_code(code, 10);
		sec_token(token);
		sec_token_hash_hex(token, hash);
		free(sealed);
		if ((sealed = sec_seal(token)) == NULL) {
			err = nerr_raise(NERR_NOMEM, "seal");
			goto out;
		}
		p[10] = code;
		p[11] = hash;
		p[14] = sealed;
		PQclear(r);
		r = NULL;
		if ((err = db_exec(db, STMT_WL_ENTER, 15, p, &r)) != STATUS_OK)
			goto out;
		if (PQntuples(r) != 1) {
			err = nerr_raise(ERR_DB, "waitlist_enter gave no answer");
			goto out;
		}
		if (strcmp(db_str(r, 0, 0), "code") != 0)
			break;
	}
	out = db_str(r, 0, 0);
	if (strcmp(out, "limit_email") == 0)
		*res = WL_LIMIT_EMAIL;
	else if (strcmp(out, "limit_ip") == 0)
		*res = WL_LIMIT_IP;
	else if (strcmp(out, "ok") != 0) {
		err = nerr_raise(ERR_DB, "no free waitlist code");
		goto out;
	}
	if (*res != WL_OK) {
		if (tx)
			db_rollback(db);
		tx = false;
		goto out;
	}
	if (!n->confirmed) {
		/* the guest confirms the address by the entry's own link */
		snprintf(link, sizeof link, "%s/w/%s?t=%s", base_url, code, token);
		if ((sealed_link = sec_seal(link)) == NULL) {
			err = nerr_raise(NERR_NOMEM, "seal");
			goto out;
		}
		sodium_memzero(link, sizeof link);
		snprintf(dedupe, sizeof dedupe, "waitlist_confirm:%s", code);
		if ((err = outbox_add(db, "waitlist_confirm", 0, n->email, dedupe,
		    json_pack("{s:s,s:s,s:{s:s,s:s,s:s,s:s,s:i}}", "link",
		    sealed_link, "name", n->name != NULL ? n->name : "",
		    "waitlist", "restaurant", n->restaurant, "date", n->date,
		    "from", n->from_hm, "to", n->to_hm, "party", n->party),
		    base_url)) != STATUS_OK)
			goto out;
	}
	if (tx && (err = db_commit(db)) != STATUS_OK)
		goto out;
	tx = false;
	/* a wake now, or at the caller's commit */
	if (!n->confirmed)
		outbox_queued(db);
out:
	if (tx)
		db_rollback(db);
	if (err != STATUS_OK || *res != WL_OK) {
		sodium_memzero(token, SEC_TOKEN_B64);
		code[0] = '\0';
	}
	free(sealed);
	free(sealed_link);
	PQclear(r);
	return nerr_pass(err);
}

NEOERR *
db_waitlist_get(struct db *db, const char *code, const char *token,
    int64_t user_id, struct wl_entry **out)
{
	PGresult	*r = NULL;
	struct wl_entry	*e;
	NEOERR		*err;
	char		 hash[67], uid[24];
	const char	*p[3];

	*out = NULL;
	if (code == NULL || strlen(code) < 8 || strlen(code) > 32)
		return STATUS_OK;
	if (token != NULL && strlen(token) != SEC_TOKEN_B64 - 1)
		return STATUS_OK;
	if (token == NULL && user_id <= 0)
		return STATUS_OK;
	if (token != NULL)
		sec_token_hash_hex(token, hash);
	snprintf(uid, sizeof uid, "%lld", (long long)user_id);
	p[0] = code;
	p[1] = token != NULL ? hash : NULL;
	p[2] = uid;
	if ((err = db_exec(db, STMT_WL_GET, 3, p, &r)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(r) != 1) {
		PQclear(r);
		return STATUS_OK;
	}
	if ((e = calloc(1, sizeof *e)) == NULL) {
		PQclear(r);
		return nerr_raise(NERR_NOMEM, "waitlist entry");
	}
	e->res_ = r;
	e->id = db_int(r, 0, 0);
	e->code = db_str(r, 0, 1);
	e->restaurant_id = db_int(r, 0, 2);
	e->slug = db_str(r, 0, 3);
	e->restaurant = db_str(r, 0, 4);
	e->date = db_str(r, 0, 5);
	e->window_start = db_int(r, 0, 6);
	e->window_end = db_int(r, 0, 7);
	e->party = (int)db_int(r, 0, 8);
	e->name = db_str(r, 0, 9);
	e->email = db_str(r, 0, 10);
	e->status = db_str(r, 0, 11);
	e->user_id = db_int(r, 0, 12);
	e->timezone = db_str(r, 0, 13);
	e->from = db_str(r, 0, 14);
	e->to = db_str(r, 0, 15);
	e->offer_code = db_str(r, 0, 16);
	e->offer_time = db_str(r, 0, 17);
	e->offer_expires = db_int(r, 0, 18);
	e->offers = (int)db_int(r, 0, 19);
	e->position = (int)db_int(r, 0, 20);
	e->created = db_str(r, 0, 21);
	e->offer_until = db_str(r, 0, 22);
	e->now = db_int(r, 0, 23);
	e->token_sealed = db_str(r, 0, 24);
	*out = e;
	return STATUS_OK;
}

void
db_waitlist_free(struct wl_entry *e)
{
	if (e == NULL)
		return;
	PQclear(e->res_);
	free(e);
}

/*
 * Run s on the entry id; *done whether it returned a row (a true one), and
 * *rid its second column, if s has one (the entry's restaurant).
 */
static NEOERR *
by_id_rid(struct db *db, enum stmt s, int64_t id, bool *done, int64_t *rid)
{
	PGresult	*r = NULL;
	NEOERR		*err;
	char		 ids[24];
	const char	*p[1];
	int		 i;

	snprintf(ids, sizeof ids, "%lld", (long long)id);
	p[0] = ids;
	*done = false;
	/* one statement: run again after a deadlock (a claim at that instant) */
	for (i = 0; (err = db_exec(db, s, 1, p, &r)) != STATUS_OK; i++) {
		if (!nerr_match(err, ERR_DB_RETRY) || i >= 2)
			return nerr_pass(err);
		nerr_ignore(&err);
	}
	*done = PQntuples(r) > 0 && strcmp(db_str(r, 0, 0), "f") != 0;
	if (rid != NULL)
		*rid = PQntuples(r) > 0 && PQnfields(r) > 1 ? db_int(r, 0, 1) : 0;
	PQclear(r);
	return STATUS_OK;
}

static NEOERR *
by_id(struct db *db, enum stmt s, int64_t id, bool *done)
{
	return nerr_pass(by_id_rid(db, s, id, done, NULL));
}

NEOERR *
db_waitlist_confirm(struct db *db, int64_t id, bool *done)
{
	return nerr_pass(by_id(db, STMT_WL_CONFIRM, id, done));
}

NEOERR *
db_waitlist_leave(struct db *db, int64_t id, bool *done)
{
	NEOERR	*err;
	int64_t	 rid;

	/* its offer, a hold, ends with it */
	if ((err = by_id_rid(db, STMT_WL_LEAVE, id, done, &rid)) ==
	    STATUS_OK && *done && rid > 0)
		db_booked(db, rid);
	return nerr_pass(err);
}

NEOERR *
db_waitlist_day(struct db *db, int64_t restaurant, int64_t owner,
    const char *date, struct db_rows **out)
{
	PGresult	*r = NULL;
	NEOERR		*err;
	char		 rid[24], uid[24];
	const char	*p[3];
	size_t		 bytes;

	*out = NULL;
	snprintf(rid, sizeof rid, "%lld", (long long)restaurant);
	snprintf(uid, sizeof uid, "%lld", (long long)owner);
	p[0] = rid;
	p[1] = uid;
	p[2] = date;
	if ((err = db_exec(db, STMT_WL_DAY, 3, p, &r)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(r) > 0 && (*out = db_rows_copy(r, &bytes)) == NULL)
		err = nerr_raise(NERR_NOMEM, "waitlist rows");
	PQclear(r);
	return nerr_pass(err);
}
