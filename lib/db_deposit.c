/* db_deposit.c: a restaurant's deposit policy and the currencies, as its owner edits them. */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Column order of STMT_OWNER_DEPOSIT (db_stmts.c). */
enum { D_POLICY, D_UPDATED, D__MAX };

NEOERR *
db_deposit_get(struct db *db, int64_t rid, int64_t owner,
    struct deposit_row **out)
{
	struct deposit_row	*d;
	PGresult		*res = NULL;
	json_error_t		 jerr;
	char			 id[24], uid[24];
	const char		*p[2] = { id, uid };
	NEOERR			*err;

	*out = NULL;
	snprintf(id, sizeof id, "%lld", (long long)rid);
	snprintf(uid, sizeof uid, "%lld", (long long)owner);
	if ((err = db_exec(db, STMT_OWNER_DEPOSIT, 2, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) != 1 || PQnfields(res) != D__MAX) {
		PQclear(res);
		return STATUS_OK;
	}
	if ((d = calloc(1, sizeof *d)) == NULL ||
	    (d->dates_ = calloc(DEPOSIT_DATES, sizeof *d->dates_)) == NULL) {
		free(d);
		PQclear(res);
		return nerr_raise(NERR_NOMEM, "deposit policy");
	}
	snprintf(d->updated_at, sizeof d->updated_at, "%s",
	    db_str(res, 0, D_UPDATED));
	if (db_null(res, 0, D_POLICY)) {
		/* the defaults of the schema */
		d->p.kind = DEPOSIT_NONE;
		memcpy(d->p.currency, "EUR", 4);
		d->p.exponent = 2;
		d->p.min_party = 1;
		d->p.refund_hours = 48;
		d->p.dates = d->dates_;
	} else {
		d->stored = true;
		d->json_ = json_loads(db_str(res, 0, D_POLICY), 0, &jerr);
		if (!deposit_from_json(d->json_, &d->p, d->dates_)) {
			err = nerr_raise(ERR_DB, "restaurant %lld: deposit policy",
			    (long long)rid);
			PQclear(res);
			db_deposit_free(d);
			return err;
		}
	}
	PQclear(res);
	*out = d;
	return STATUS_OK;
}

void
db_deposit_free(struct deposit_row *d)
{
	if (d == NULL)
		return;
	json_decref(d->json_);
	free(d->dates_);
	free(d);
}

/* "{a,b}" of p's weekdays, services ("{"x","y"}") or dates into s. */
static void
arrays(const struct deposit_policy *p, STRING *wd, STRING *sv, STRING *dt)
{
	const char	*c;
	char		 date[11];
	size_t		 i;
	int		 d, n = 0;

	string_append_char(wd, '{');
	for (d = 1; d <= 7; d++)
		if (p->weekdays & (1u << (d - 1)))
			string_appendf(wd, "%s%d", n++ > 0 ? "," : "", d);
	string_append_char(wd, '}');
	/* array literal elements quoted, with \ and " escaped */
	string_append_char(sv, '{');
	for (i = 0; i < p->nservices; i++) {
		string_append(sv, i > 0 ? ",\"" : "\"");
		for (c = p->services[i]; *c != '\0'; c++) {
			if (*c == '"' || *c == '\\')
				string_append_char(sv, '\\');
			string_append_char(sv, *c);
		}
		string_append_char(sv, '"');
	}
	string_append_char(sv, '}');
	string_append_char(dt, '{');
	for (i = 0; i < p->ndates; i++) {
		date_format(p->dates[i], date);
		string_appendf(dt, "%s%s", i > 0 ? "," : "", date);
	}
	string_append_char(dt, '}');
}

NEOERR *
db_deposit_put(struct db *db, int64_t rid, int64_t owner,
    const struct deposit_policy *p, enum db_conflict *c, bool *found)
{
	PGresult	*res = NULL;
	STRING		 wd, sv, dt;
	char		 id[24], uid[24], amount[24], party[8], hours[8], pct[8];
	const char	*v[10];
	NEOERR		*err;

	*c = DB_OK;
	*found = false;
	string_init(&wd);
	string_init(&sv);
	string_init(&dt);
	arrays(p, &wd, &sv, &dt);
	snprintf(id, sizeof id, "%lld", (long long)rid);
	snprintf(uid, sizeof uid, "%lld", (long long)owner);
	snprintf(amount, sizeof amount, "%lld", (long long)p->amount);
	snprintf(party, sizeof party, "%d", p->min_party);
	snprintf(hours, sizeof hours, "%d", p->refund_hours);
	snprintf(pct, sizeof pct, "%d", p->late_refund_percent);
	v[0] = id;
	v[1] = uid;
	v[2] = deposit_kind_name(p->kind);
	v[3] = amount;
	v[4] = p->currency;
	v[5] = party;
	v[6] = wd.buf != NULL ? wd.buf : "{}";
	v[7] = sv.buf != NULL ? sv.buf : "{}";
	v[8] = hours;
	v[9] = pct;
	if ((err = db_begin(db)) != STATUS_OK)
		goto out;
	if ((err = db_try(db, STMT_OWNER_DEPOSIT_PUT, 10, v, &res, c)) !=
	    STATUS_OK || *c != DB_OK)
		goto out;
	*found = PQntuples(res) == 1;
	PQclear(res);
	res = NULL;
	if (!*found)
		goto out;
	v[2] = dt.buf != NULL ? dt.buf : "{}";
	if ((err = db_try(db, STMT_OWNER_DEPOSIT_DATES, 3, v, NULL, c)) !=
	    STATUS_OK || *c != DB_OK)
		goto out;
	err = db_commit(db);
out:
	if (err != STATUS_OK || *c != DB_OK || !*found)
		db_rollback(db);
	PQclear(res);
	string_clear(&wd);
	string_clear(&sv);
	string_clear(&dt);
	return nerr_pass(err);
}

NEOERR *
db_currency_list(struct db *db, struct currency **out, size_t *n)
{
	PGresult	*res = NULL;
	NEOERR		*err;
	int		 i, rows;

	*out = NULL;
	*n = 0;
	if ((err = db_exec(db, STMT_CURRENCIES, 0, NULL, &res)) != STATUS_OK)
		return nerr_pass(err);
	rows = PQntuples(res);
	if ((*out = calloc((size_t)rows + 1, sizeof **out)) == NULL) {
		PQclear(res);
		return nerr_raise(NERR_NOMEM, "currencies");
	}
	for (i = 0; i < rows; i++) {
		snprintf((*out)[i].code, sizeof (*out)[i].code, "%s",
		    db_str(res, i, 0));
		(*out)[i].exponent = (int)db_int(res, i, 1);
	}
	*n = (size_t)rows;
	PQclear(res);
	return STATUS_OK;
}
