/* db_owner.c: a restaurant as its owner sees and edits it, checked against the owner in the SQL. */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Column order of OWNER_RESTAURANT_SELECT (db_stmts.c). */
enum {
	O_ID, O_SLUG, O_NAME, O_DESCRIPTION, O_CUISINE, O_ADDRESS, O_CITY,
	O_POSTAL_CODE, O_COUNTRY, O_PHONE, O_EMAIL, O_WEBSITE, O_LAT, O_LON,
	O_TIMEZONE, O_SLOT, O_WINDOW, O_NOTICE, O_CUTOFF, O_MODE, O_PACING,
	O_GRACE, O_REMINDERS, O_MAX_PARTY, O_STATUS, O_TODAY, O_RATING,
	O_RATING_COUNT, O_RATING_TEXT, O_CLAIM, O__MAX
};

NEOERR *
db_owner_restaurant_get(struct db *db, int64_t id, int64_t owner,
    bool unchecked, struct owner_restaurant **out)
{
	struct owner_restaurant	*o;
	PGresult		*res = NULL;
	NEOERR			*err;
	char			 rid[24], uid[24];
	const char		*p[2];

	*out = NULL;
	snprintf(rid, sizeof rid, "%lld", (long long)id);
	snprintf(uid, sizeof uid, "%lld", (long long)owner);
	p[0] = rid;
	p[1] = uid;
	if ((err = db_exec(db, unchecked ? STMT_OWNER_RESTAURANT_UNCHECKED :
	    STMT_OWNER_RESTAURANT, 2, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) != 1 || PQnfields(res) != O__MAX) {
		PQclear(res);
		return STATUS_OK;
	}
	if ((o = calloc(1, sizeof *o)) == NULL) {
		PQclear(res);
		return nerr_raise(NERR_NOMEM, "owner restaurant");
	}
	o->res_ = res;
	o->id = db_int(res, 0, O_ID);
	o->slug = db_str(res, 0, O_SLUG);
	o->name = db_str(res, 0, O_NAME);
	o->description = db_str(res, 0, O_DESCRIPTION);
	o->cuisine = db_str(res, 0, O_CUISINE);
	o->address = db_str(res, 0, O_ADDRESS);
	o->city = db_str(res, 0, O_CITY);
	o->postal_code = db_str(res, 0, O_POSTAL_CODE);
	o->country = db_str(res, 0, O_COUNTRY);
	o->phone = db_str(res, 0, O_PHONE);
	o->email = db_str(res, 0, O_EMAIL);
	o->website = db_str(res, 0, O_WEBSITE);
	o->lat = db_str(res, 0, O_LAT);
	o->lon = db_str(res, 0, O_LON);
	o->timezone = db_str(res, 0, O_TIMEZONE);
	o->slot_minutes = (int)db_int(res, 0, O_SLOT);
	o->booking_window_days = (int)db_int(res, 0, O_WINDOW);
	o->min_notice_minutes = (int)db_int(res, 0, O_NOTICE);
	o->cancel_cutoff_minutes = (int)db_int(res, 0, O_CUTOFF);
	o->manual = strcmp(db_str(res, 0, O_MODE), "manual") == 0;
	o->pacing = db_null(res, 0, O_PACING) ? 0 : (int)db_int(res, 0, O_PACING);
	o->noshow_grace_minutes = (int)db_int(res, 0, O_GRACE);
	o->reminder_hours = db_str(res, 0, O_REMINDERS);
	o->max_party = (int)db_int(res, 0, O_MAX_PARTY);
	o->status = db_str(res, 0, O_STATUS);
	o->today = db_str(res, 0, O_TODAY);
	if (!date_parse(o->today, &o->today_day)) {
		err = nerr_raise(ERR_DB, "restaurant %lld: local date %s",
		    (long long)id, o->today);
		db_owner_restaurant_free(o);
		return err;
	}
	o->rating_avg = db_double(res, 0, O_RATING);
	o->rating_count = (int)db_int(res, 0, O_RATING_COUNT);
	o->waitlist_claim_minutes = (int)db_int(res, 0, O_CLAIM);
	*out = o;
	return STATUS_OK;
}

void
db_owner_restaurant_free(struct owner_restaurant *o)
{
	if (o == NULL)
		return;
	PQclear(o->res_);
	free(o);
}
