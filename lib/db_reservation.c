/* db_reservation.c: one reservation with its restaurant, for the manage pages and API. */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Column order of RESERVATION_SELECT (STMT_RESERVATION_GET and _BY_ID). */
enum {
	R_ID, R_RID, R_TABLE, R_CODE, R_STATUS, R_NAME, R_EMAIL, R_PHONE,
	R_REQUESTS, R_SOURCE, R_PARTY, R_START, R_END, R_HOLD, R_NOW, R_LABEL,
	R_SLUG, R_RNAME, R_RPHONE, R_RADDRESS, R_RCITY, R_TZ, R_CUTOFF,
	R_REMAIL, R_LDATE, R_LTIME, R_LEND, R_OFFSET, R_END_OFFSET, R_USER, R_EVENTS,
	R_ANSWER,
	R__MAX
};

NEOERR *
db_reservation_of(PGresult *res, struct reservation **out)
{
	struct reservation	*r;

	*out = NULL;
	if (PQntuples(res) != 1 || PQnfields(res) != R__MAX) {
		PQclear(res);
		return STATUS_OK;
	}
	if ((r = calloc(1, sizeof *r)) == NULL) {
		PQclear(res);
		return nerr_raise(NERR_NOMEM, "reservation");
	}
	r->res_ = res;
	r->id = db_int(res, 0, R_ID);
	r->restaurant_id = db_int(res, 0, R_RID);
	r->table_id = db_int(res, 0, R_TABLE);
	r->code = db_str(res, 0, R_CODE);
	if (!rsv_status_parse(db_str(res, 0, R_STATUS), &r->status))
		r->status = RSV_EXPIRED;
	r->guest_name = db_str(res, 0, R_NAME);
	r->guest_email = db_str(res, 0, R_EMAIL);
	r->guest_phone = db_str(res, 0, R_PHONE);
	r->requests = db_str(res, 0, R_REQUESTS);
	r->source = db_str(res, 0, R_SOURCE);
	r->party = (int)db_int(res, 0, R_PARTY);
	r->start = db_int(res, 0, R_START);
	r->end = db_int(res, 0, R_END);
	r->hold_expires = db_int(res, 0, R_HOLD);
	r->now = db_int(res, 0, R_NOW);
	r->table_label = db_str(res, 0, R_LABEL);
	r->slug = db_str(res, 0, R_SLUG);
	r->restaurant = db_str(res, 0, R_RNAME);
	r->phone = db_str(res, 0, R_RPHONE);
	r->address = db_str(res, 0, R_RADDRESS);
	r->city = db_str(res, 0, R_RCITY);
	r->timezone = db_str(res, 0, R_TZ);
	r->cancel_cutoff_minutes = (int)db_int(res, 0, R_CUTOFF);
	r->restaurant_email = db_str(res, 0, R_REMAIL);
	r->local_date = db_str(res, 0, R_LDATE);
	r->local_time = db_str(res, 0, R_LTIME);
	r->local_end = db_str(res, 0, R_LEND);
	r->utc_offset = (int)db_int(res, 0, R_OFFSET);
	r->end_offset = (int)db_int(res, 0, R_END_OFFSET);
	r->user_id = db_int(res, 0, R_USER);
	r->events = (int)db_int(res, 0, R_EVENTS);
	r->reminder_answer = db_str(res, 0, R_ANSWER);
	*out = r;
	return STATUS_OK;
}

NEOERR *
db_reservation_get(struct db *db, const char *code, const char *token,
    struct reservation **out)
{
	PGresult	*res = NULL;
	NEOERR		*err;
	char		 hash[67];
	const char	*p[2];

	*out = NULL;
	p[0] = code;
	p[1] = NULL;
	if (token != NULL) {
		sec_token_hash_hex(token, hash);
		p[1] = hash;
	}
	if ((err = db_exec(db, STMT_RESERVATION_GET, 2, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(db_reservation_of(res, out));
}

NEOERR *
db_reservation_get_owned(struct db *db, const char *code, int64_t owner,
    struct reservation **out)
{
	PGresult	*res = NULL;
	NEOERR		*err;
	char		 uid[24];
	const char	*p[2];

	*out = NULL;
	if (strlen(code) < 8 || strlen(code) > 32)
		return STATUS_OK;
	snprintf(uid, sizeof uid, "%lld", (long long)owner);
	p[0] = code;
	p[1] = uid;
	if ((err = db_exec(db, STMT_OWNER_RESERVATION, 2, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(db_reservation_of(res, out));
}

NEOERR *
db_reservation_get_by_id(struct db *db, int64_t id, struct reservation **out)
{
	PGresult	*res = NULL;
	NEOERR		*err;
	char		 sid[24];
	const char	*p[1];

	*out = NULL;
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	p[0] = sid;
	if ((err = db_exec(db, STMT_RESERVATION_BY_ID, 1, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(db_reservation_of(res, out));
}

void
db_reservation_free(struct reservation *r)
{
	if (r == NULL)
		return;
	PQclear(r->res_);
	free(r);
}
