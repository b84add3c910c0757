/* booking.c: the status machine and every change to a reservation, with its events and mails. */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

/* ------------------------------------------------------------------ */
/* the status machine (DESIGN §5)                                       */
/* ------------------------------------------------------------------ */

static const char *const status_names[RSV__MAX] = {
	[RSV_HELD] = "held",
	[RSV_PENDING] = "pending",
	[RSV_CONFIRMED] = "confirmed",
	[RSV_ARRIVED] = "arrived",
	[RSV_SEATED] = "seated",
	[RSV_FINISHED] = "finished",
	[RSV_CANCELLED] = "cancelled",
	[RSV_NO_SHOW] = "no_show",
	[RSV_REJECTED] = "rejected",
	[RSV_EXPIRED] = "expired",
};

#define D	(1u << ACTOR_DINER)
#define O	(1u << ACTOR_OWNER)
#define S	(1u << ACTOR_SYSTEM)

/*
 * Who may make each move; every pair not listed is forbidden. A diner
 * confirms a hold (confirmed, or pending in manual mode) and may cancel
 * (a hold is the diner's own: the owner books through its own path);
 * the owner runs the evening; the batch jobs expire holds, flag no-shows
 * and finish seated tables.
 */
static const unsigned moves[RSV__MAX][RSV__MAX] = {
	[RSV_HELD] = {
		[RSV_CONFIRMED] = D, [RSV_PENDING] = D,
		[RSV_EXPIRED] = S, [RSV_CANCELLED] = D | S,
	},
	[RSV_PENDING] = {
		[RSV_CONFIRMED] = O, [RSV_REJECTED] = O, [RSV_CANCELLED] = D | O,
	},
	[RSV_CONFIRMED] = {
		[RSV_ARRIVED] = O, [RSV_NO_SHOW] = O | S, [RSV_CANCELLED] = D | O,
	},
	[RSV_ARRIVED] = {
		[RSV_SEATED] = O, [RSV_NO_SHOW] = O | S,
	},
	[RSV_SEATED] = {
		[RSV_FINISHED] = O | S,
	},
};

#undef D
#undef O
#undef S

const char *
rsv_status_name(enum rsv_status s)
{
	return s < RSV__MAX ? status_names[s] : "unknown";
}

bool
rsv_status_parse(const char *name, enum rsv_status *out)
{
	int	 i;

	for (i = 0; name != NULL && i < RSV__MAX; i++)
		if (strcmp(name, status_names[i]) == 0) {
			*out = (enum rsv_status)i;
			return true;
		}
	return false;
}

bool
rsv_can(enum rsv_status from, enum rsv_status to, enum rsv_actor who)
{
	if (from >= RSV__MAX || to >= RSV__MAX)
		return false;
	return (moves[from][to] & (1u << who)) != 0;
}

const char *
rsv_actor_name(enum rsv_actor who)
{
	switch (who) {
	case ACTOR_DINER:
		return "diner";
	case ACTOR_OWNER:
		return "owner";
	default:
		return "system";
	}
}

/* ------------------------------------------------------------------ */
/* small helpers                                                        */
/* ------------------------------------------------------------------ */

/* Run s with params; the result's first value as a number, or -1. */
static NEOERR *
scalar(struct db *db, enum stmt s, int n, const char *const *p, long long *out)
{
	PGresult	*res = NULL;
	NEOERR		*err;

	*out = -1;
	if ((err = db_exec(db, s, n, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) > 0 && PQnfields(res) > 0)
		*out = db_int(res, 0, 0);
	PQclear(res);
	return STATUS_OK;
}

/* A transaction lock named "kind:a:b". */
static NEOERR *
lock_key(struct db *db, const char *kind, const char *a, const char *b)
{
	char		 key[512];
	const char	*p[1] = { key };

	snprintf(key, sizeof key, "%s:%s:%s", kind, a, b);
	return nerr_pass(db_exec(db, STMT_LOCK_KEY, 1, p, NULL));
}

static NEOERR *
event(struct db *db, int64_t id, enum rsv_actor who, const char *from,
    enum rsv_status to, const char *note)
{
	char		 ids[24];
	const char	*p[5];

	snprintf(ids, sizeof ids, "%lld", (long long)id);
	p[0] = ids;
	p[1] = rsv_actor_name(who);
	p[2] = from;
	p[3] = rsv_status_name(to);
	p[4] = note != NULL ? note : "";
	return nerr_pass(db_exec(db, STMT_EVENT_INSERT, 5, p, NULL));
}

/*
 * Queue kind to the diner (with the sealed manage link; with a NULL token
 * the mailer signs one) and, when owner_kind is set, its counterpart to the
 * restaurant. tag makes the dedupe keys of repeatable events (changes)
 * unique.
 */
static NEOERR *
mails(struct db *db, int64_t id, const char *code, const char *guest,
    const char *restaurant_email, const char *kind, const char *owner_kind,
    const char *token, const char *base_url, const char *tag)
{
	char	 link[512], dedupe[200];
	char	*sealed = NULL;
	NEOERR	*err = STATUS_OK;

	if (guest != NULL && *guest != '\0' && token == NULL) {
		/* the mailer signs a link itself */
		snprintf(dedupe, sizeof dedupe, "%s:%lld%s", kind, (long long)id, tag);
		err = outbox_add(db, kind, id, guest, dedupe, json_object(),
		    base_url);
	} else if (guest != NULL && *guest != '\0') {
		/* without a token (changed from the account) the link needs a login */
		if (*token != '\0')
			snprintf(link, sizeof link, "%s/b/%s?t=%s", base_url, code,
			    token);
		else
			snprintf(link, sizeof link, "%s/b/%s", base_url, code);
		if ((sealed = sec_seal(link)) == NULL)
			return nerr_raise(NERR_NOMEM, "seal");
		snprintf(dedupe, sizeof dedupe, "%s:%lld%s", kind, (long long)id, tag);
		err = outbox_add(db, kind, id, guest, dedupe,
		    json_pack("{s:s?}", "manage_link", sealed), base_url);
		sodium_memzero(link, sizeof link);
		free(sealed);
	}
	if (err == STATUS_OK && owner_kind != NULL && restaurant_email != NULL &&
	    *restaurant_email != '\0') {
		snprintf(dedupe, sizeof dedupe, "%s:%lld%s", owner_kind,
		    (long long)id, tag);
		err = outbox_add(db, owner_kind, id, restaurant_email, dedupe,
		    json_object(), base_url);
	}
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* operations                                                           */
/* ------------------------------------------------------------------ */

NEOERR *
rsv_transition(struct db *db, int64_t id, enum rsv_status from,
    enum rsv_status to, enum rsv_actor who, const char *note, bool *done)
{
	PGresult	*res = NULL;
	NEOERR		*err;
	char		 ids[24];
	const char	*p[3];

	*done = false;
	if (!rsv_can(from, to, who))
		return STATUS_OK;
	snprintf(ids, sizeof ids, "%lld", (long long)id);
	p[0] = ids;
	p[1] = rsv_status_name(from);
	p[2] = rsv_status_name(to);
	if ((err = db_exec(db, STMT_RESERVATION_STATUS, 3, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	*done = PQntuples(res) == 1;
	PQclear(res);
	if (!*done)
		return STATUS_OK;
	return nerr_pass(event(db, id, who, rsv_status_name(from), to, note));
}

/* Check the hold limits of the client; *ok false when one is reached. */
static NEOERR *
hold_limits(struct db *db, const struct hold_req *h, const char *owner_hex,
    bool *ok)
{
	const char	*p[1];
	long long	 n;
	NEOERR		*err;

	*ok = true;
	/* the locks make the count and the insert one step per client */
	if (owner_hex != NULL) {
		if ((err = lock_key(db, "hold-owner", owner_hex, "")) != STATUS_OK)
			return nerr_pass(err);
		p[0] = owner_hex;
		if ((err = scalar(db, STMT_HOLDS_BY_OWNER, 1, p, &n)) != STATUS_OK)
			return nerr_pass(err);
		if (n >= h->max_per_owner) {
			*ok = false;
			return STATUS_OK;
		}
	}
	if (h->ip != NULL) {
		if ((err = lock_key(db, "hold-ip", h->ip, "")) != STATUS_OK)
			return nerr_pass(err);
		p[0] = h->ip;
		if ((err = scalar(db, STMT_HOLDS_BY_IP, 1, p, &n)) != STATUS_OK)
			return nerr_pass(err);
		if (n >= h->max_per_ip)
			*ok = false;
	}
	return STATUS_OK;
}

/* Pacing: the covers starting in start's slot, under a lock for that slot. */
static NEOERR *
pacing_ok(struct db *db, const struct setup *s, int64_t start, int party,
    int64_t exclude, bool *ok)
{
	char		 rid[24], from[24], to[24], ex[24], slot[48];
	const char	*p[4];
	long long	 covers;
	NEOERR		*err;

	*ok = true;
	if (s->pacing <= 0)
		return STATUS_OK;
	snprintf(rid, sizeof rid, "%lld", (long long)s->id);
	snprintf(slot, sizeof slot, "%lld", (long long)start);
	if ((err = lock_key(db, "pacing", rid, slot)) != STATUS_OK)
		return nerr_pass(err);
	snprintf(from, sizeof from, "%lld", (long long)start);
	snprintf(to, sizeof to, "%lld", (long long)(start + s->slot_minutes * 60));
	snprintf(ex, sizeof ex, "%lld", (long long)exclude);
	p[0] = rid;
	p[1] = from;
	p[2] = to;
	p[3] = ex;
	if ((err = scalar(db, STMT_PACING_COVERS, 4, p, &covers)) != STATUS_OK)
		return nerr_pass(err);
	*ok = covers + party <= s->pacing;
	return STATUS_OK;
}

/* Expired holds on table that overlap [start, end) give way (held → expired). */
static NEOERR *
release_stale(struct db *db, int64_t table, int64_t start, int64_t end)
{
	char		 t[24], f[24], e[24];
	const char	*p[3] = { t, f, e };

	if (!rsv_can(RSV_HELD, RSV_EXPIRED, ACTOR_SYSTEM))
		return STATUS_OK;
	snprintf(t, sizeof t, "%lld", (long long)table);
	snprintf(f, sizeof f, "%lld", (long long)start);
	snprintf(e, sizeof e, "%lld", (long long)end);
	return nerr_pass(db_exec(db, STMT_EXPIRE_STALE_HOLDS, 3, p, NULL));
}

/*
 * Statement s (which writes a row on table) under a savepoint, after the
 * stale holds on table for [start, end) gave way. *taken when the exclusion
 * constraint (or, once in 2^50, the unique booking code) refused it, with
 * the savepoint rolled back; else *out is the statement's result.
 */
static NEOERR *
on_table(struct db *db, int64_t table, int64_t start, int64_t end,
    enum stmt s, int n, const char *const *p, PGresult **out, bool *taken)
{
	enum db_conflict c;
	NEOERR		*err;

	*taken = false;
	if ((err = db_exec(db, STMT_SAVEPOINT, 0, NULL, NULL)) != STATUS_OK ||
	    (err = release_stale(db, table, start, end)) != STATUS_OK ||
	    (err = db_try(db, s, n, p, out, &c)) != STATUS_OK)
		return nerr_pass(err);
	if (c == DB_EXCLUSION || c == DB_UNIQUE) {
		*taken = true;
		return nerr_pass(db_exec(db, STMT_ROLLBACK_TO, 0, NULL, NULL));
	}
	if (c != DB_OK)
		return nerr_raise(ERR_DB, "statement %d: SQLSTATE %s", (int)s,
		    db->sqlstate);
	if ((err = db_exec(db, STMT_RELEASE, 0, NULL, NULL)) != STATUS_OK) {
		PQclear(*out);
		*out = NULL;
	}
	return nerr_pass(err);
}

/*
 * One guest cannot book out an evening: *ok false when the guest already
 * has max bookings to come at restaurant s. The lock makes the count and
 * the write that follows one step per guest.
 */
static NEOERR *
guest_ok(struct db *db, const struct setup *s, const char *email, int max,
    bool *ok)
{
	char		 rid[24], ex[24] = "0";
	const char	*p[3] = { rid, email, ex };
	long long	 n;
	NEOERR		*err;

	*ok = false;
	snprintf(rid, sizeof rid, "%lld", (long long)s->id);
	if ((err = lock_key(db, "guest", rid, email)) != STATUS_OK ||
	    (err = scalar(db, STMT_GUEST_ACTIVE_COUNT, 3, p, &n)) != STATUS_OK)
		return nerr_pass(err);
	*ok = n < max;
	return STATUS_OK;
}

/*
 * Take the first of h's tables the constraint lets us have: a hold when g
 * is NULL, else at once a booking for g (status as a confirmed hold would
 * get), with its mails.
 */
static NEOERR *
take(struct db *db, const struct hold_req *h, const struct guest *g,
    int max_per_guest, const char *base_url, struct hold *out,
    enum rsv_status status, enum book_result *res)
{
	PGresult	*r = NULL;
	NEOERR		*err;
	bool		 taken, ok;
	char		 rid[24], tid[24], party[16], start[24], end[24];
	char		 mins[16], uid[24], token_hex[67], owner_hex[67];
	const char	*p[15];
	enum stmt	 st;
	int		 n;
	size_t		 i;

	*res = BOOK_TAKEN;
	memset(out, 0, sizeof *out);
	if (h->owner != NULL)
		sec_token_hash_hex(h->owner, owner_hex);
	if ((err = hold_limits(db, h, h->owner != NULL ? owner_hex : NULL,
	    &ok)) != STATUS_OK)
		return nerr_pass(err);
	if (!ok) {
		*res = BOOK_LIMIT;
		return STATUS_OK;
	}
	if (g != NULL) {
		if ((err = guest_ok(db, h->s, g->email, max_per_guest, &ok)) !=
		    STATUS_OK)
			return nerr_pass(err);
		if (!ok) {
			*res = BOOK_GUEST_LIMIT;
			return STATUS_OK;
		}
	}
	if ((err = pacing_ok(db, h->s, h->start, h->party, 0, &ok)) != STATUS_OK)
		return nerr_pass(err);
	if (!ok)
		return STATUS_OK;
	sec_token(out->token);
	sec_token_hash_hex(out->token, token_hex);
	snprintf(rid, sizeof rid, "%lld", (long long)h->s->id);
	snprintf(party, sizeof party, "%d", h->party);
	snprintf(start, sizeof start, "%lld", (long long)h->start);
	snprintf(end, sizeof end, "%lld", (long long)h->end);
	p[0] = out->code;
	p[1] = rid;
	p[2] = tid;
	p[3] = party;
	p[4] = start;
	p[5] = end;
	if (g == NULL) {
		snprintf(mins, sizeof mins, "%d", h->hold_minutes);
		p[6] = h->source;
		p[7] = mins;
		p[8] = token_hex;
		p[9] = h->owner != NULL ? owner_hex : NULL;
		p[10] = h->ip;
		st = STMT_HOLD_INSERT;
		n = 11;
	} else {
		snprintf(uid, sizeof uid, "%lld", (long long)g->user_id);
		p[6] = rsv_status_name(status);
		p[7] = h->source;
		p[8] = g->name;
		p[9] = g->email;
		p[10] = g->phone;
		p[11] = g->requests;
		p[12] = token_hex;
		p[13] = g->user_id > 0 ? uid : NULL;
		p[14] = h->ip;
		st = STMT_DIRECT_INSERT;
		n = 15;
	}
	/* the constraint decides: a table someone else just took is skipped */
	for (i = 0; i < h->ntables; i++) {
		snprintf(tid, sizeof tid, "%lld", (long long)h->tables[i]);
		sec_code(out->code, 10);
		if ((err = on_table(db, h->tables[i], h->start, h->end, st, n, p,
		    &r, &taken)) != STATUS_OK)
			return nerr_pass(err);
		if (taken)
			continue;
		out->id = db_int(r, 0, 0);
		if (g == NULL)
			out->expires = db_int(r, 0, 1);
		PQclear(r);
		if ((err = event(db, out->id, ACTOR_DINER, NULL, status,
		    h->source)) != STATUS_OK)
			return nerr_pass(err);
		if (g != NULL && (err = mails(db, out->id, out->code, g->email,
		    h->s->email, h->s->manual ? "request_received" :
		    "confirmation", h->s->manual ? "owner_request" : "owner_new",
		    out->token, base_url, "")) != STATUS_OK)
			return nerr_pass(err);
		*res = BOOK_OK;
		return STATUS_OK;
	}
	memset(out->token, 0, sizeof out->token);
	return STATUS_OK;
}

NEOERR *
booking_hold(struct db *db, const struct hold_req *h, struct hold *out,
    enum book_result *res)
{
	return nerr_pass(take(db, h, NULL, 0, NULL, out, RSV_HELD, res));
}

NEOERR *
booking_direct(struct db *db, const struct hold_req *h, const struct guest *g,
    int max_per_guest, const char *base_url, struct hold *out,
    enum rsv_status *status, enum book_result *res)
{
	*status = h->s->manual ? RSV_PENDING : RSV_CONFIRMED;
	/* the moves a hold would make, in one step */
	if (!rsv_can(RSV_HELD, *status, ACTOR_DINER))
		return nerr_raise(NERR_ASSERT, "held cannot become %s",
		    rsv_status_name(*status));
	return nerr_pass(take(db, h, g, max_per_guest, base_url, out, *status,
	    res));
}

NEOERR *
booking_confirm(struct db *db, const struct setup *s, const char *code,
    const char *token, const struct guest *g, int max_per_guest,
    const char *base_url, enum rsv_status *status, enum book_result *res)
{
	PGresult	*r = NULL;
	NEOERR		*err;
	char		 hash[67], uid[24];
	const char	*p[8];
	int64_t		 id;
	bool		 ok;

	*res = BOOK_GONE;
	*status = s->manual ? RSV_PENDING : RSV_CONFIRMED;
	if (!rsv_can(RSV_HELD, *status, ACTOR_DINER))
		return nerr_raise(NERR_ASSERT, "held cannot become %s",
		    rsv_status_name(*status));
	if ((err = guest_ok(db, s, g->email, max_per_guest, &ok)) != STATUS_OK)
		return nerr_pass(err);
	if (!ok) {
		*res = BOOK_GUEST_LIMIT;
		return STATUS_OK;
	}
	sec_token_hash_hex(token, hash);
	p[0] = code;
	p[1] = hash;
	p[2] = rsv_status_name(*status);
	p[3] = g->name;
	p[4] = g->email;
	p[5] = g->phone;
	p[6] = g->requests;
	snprintf(uid, sizeof uid, "%lld", (long long)g->user_id);
	p[7] = g->user_id > 0 ? uid : NULL;
	if ((err = db_exec(db, STMT_RESERVATION_CONFIRM, 8, p, &r)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(r) != 1) {
		PQclear(r);
		return STATUS_OK;	/* no such live hold */
	}
	id = db_int(r, 0, 0);
	PQclear(r);
	if ((err = event(db, id, ACTOR_DINER, "held", *status, "")) != STATUS_OK)
		return nerr_pass(err);
	err = mails(db, id, code, g->email, s->email, s->manual ?
	    "request_received" : "confirmation", s->manual ? "owner_request" :
	    "owner_new", token, base_url, "");
	if (err == STATUS_OK)
		*res = BOOK_OK;
	return nerr_pass(err);
}

bool
rsv_before_cutoff(const struct reservation *r)
{
	return r->now < r->start - (int64_t)r->cancel_cutoff_minutes * 60;
}

void
rsv_signed_token(const char *code, int64_t exp, char out[RSV_SIGNED_MAX])
{
	char	 sig[SEC_TOKEN_B64];

	link_sign("manage", code, "", exp, sig);
	snprintf(out, RSV_SIGNED_MAX, "s%lld.%s", (long long)exp, sig);
}

bool
rsv_signed_token_ok(const char *code, const char *token, int64_t now)
{
	const char	*dot;
	long long	 e;
	char		*end;

	if (token == NULL || token[0] != 's' || (dot = strchr(token, '.')) == NULL ||
	    strlen(dot + 1) != SEC_TOKEN_B64 - 1)
		return false;
	e = strtoll(token + 1, &end, 10);
	if (end != dot || e <= 0)
		return false;
	return link_verify("manage", code, "", e, now, dot + 1);
}

/* Lock the reservation row and read its current status. */
static NEOERR *
lock_row(struct db *db, int64_t id, enum rsv_status *status, bool *found)
{
	PGresult	*r = NULL;
	NEOERR		*err;
	char		 ids[24];
	const char	*p[1] = { ids };

	*found = false;
	snprintf(ids, sizeof ids, "%lld", (long long)id);
	if ((err = db_exec(db, STMT_RESERVATION_LOCK, 1, p, &r)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(r) == 1)
		*found = rsv_status_parse(db_str(r, 0, 0), status);
	PQclear(r);
	return STATUS_OK;
}

NEOERR *
booking_change(struct db *db, const struct setup *s,
    const struct reservation *rv, int64_t start, int64_t end, int party,
    const int64_t *tables, size_t ntables, const char *token,
    const char *base_url, enum book_result *res)
{
	PGresult	*r = NULL;
	NEOERR		*err;
	bool		 taken;
	enum rsv_status	 st;
	char		 ids[24], tid[24], f[24], t[24], pa[16], note[160], tag[40];
	const char	*p[5];
	size_t		 i;
	bool		 found, ok;

	*res = BOOK_GONE;
	if ((err = lock_row(db, rv->id, &st, &found)) != STATUS_OK)
		return nerr_pass(err);
	if (!found)
		return STATUS_OK;
	if (st != RSV_PENDING && st != RSV_CONFIRMED) {
		*res = BOOK_STATE;
		return STATUS_OK;
	}
	if (!rsv_before_cutoff(rv)) {
		*res = BOOK_TOO_LATE;
		return STATUS_OK;
	}
	*res = BOOK_TAKEN;
	if ((err = pacing_ok(db, s, start, party, rv->id, &ok)) != STATUS_OK)
		return nerr_pass(err);
	if (!ok)
		return STATUS_OK;
	snprintf(ids, sizeof ids, "%lld", (long long)rv->id);
	snprintf(f, sizeof f, "%lld", (long long)start);
	snprintf(t, sizeof t, "%lld", (long long)end);
	snprintf(pa, sizeof pa, "%d", party);
	p[0] = ids;
	p[1] = tid;
	p[2] = f;
	p[3] = t;
	p[4] = pa;
	for (i = 0; i < ntables; i++) {
		snprintf(tid, sizeof tid, "%lld", (long long)tables[i]);
		if ((err = on_table(db, tables[i], start, end,
		    STMT_RESERVATION_MOVE, 5, p, &r, &taken)) != STATUS_OK)
			return nerr_pass(err);
		if (taken)
			continue;
		PQclear(r);
		snprintf(note, sizeof note, "moved from %s %s, party %d",
		    rv->local_date, rv->local_time, rv->party);
		/* every change is its own mail */
		tag[0] = ':';
		sec_code(tag + 1, 12);
		if ((err = event(db, rv->id, ACTOR_DINER, rsv_status_name(st), st,
		    note)) != STATUS_OK ||
		    (err = mails(db, rv->id, rv->code, rv->guest_email, s->email,
		    "change", "owner_change", token, base_url, tag)) != STATUS_OK)
			return nerr_pass(err);
		*res = BOOK_OK;
		return STATUS_OK;
	}
	return STATUS_OK;
}

NEOERR *
booking_cancel(struct db *db, const struct reservation *rv, enum rsv_actor who,
    const char *token, const char *base_url, enum book_result *res)
{
	enum rsv_status	 st;
	NEOERR		*err;
	bool		 found, done;

	*res = BOOK_GONE;
	if ((err = lock_row(db, rv->id, &st, &found)) != STATUS_OK)
		return nerr_pass(err);
	if (!found)
		return STATUS_OK;
	if (!rsv_can(st, RSV_CANCELLED, who)) {
		*res = BOOK_STATE;
		return STATUS_OK;
	}
	if (who == ACTOR_DINER && st != RSV_HELD && !rsv_before_cutoff(rv)) {
		*res = BOOK_TOO_LATE;
		return STATUS_OK;
	}
	if ((err = rsv_transition(db, rv->id, st, RSV_CANCELLED, who,
	    who == ACTOR_DINER ? "cancelled by the guest" : "", &done)) != STATUS_OK)
		return nerr_pass(err);
	if (!done) {
		*res = BOOK_STATE;
		return STATUS_OK;
	}
	/* a hold nobody confirmed needs no mail */
	if (st != RSV_HELD && (err = mails(db, rv->id, rv->code, rv->guest_email,
	    rv->restaurant_email, "cancellation", "owner_cancel", token, base_url,
	    "")) != STATUS_OK)
		return nerr_pass(err);
	*res = BOOK_OK;
	return STATUS_OK;
}

NEOERR *
booking_noshow(struct db *db, int64_t id, enum rsv_status from,
    const char *code, const char *guest, const char *restaurant_email,
    bool notify, const char *base_url, bool *done)
{
	NEOERR	*err;

	if ((err = rsv_transition(db, id, from, RSV_NO_SHOW, ACTOR_SYSTEM,
	    "not seated within the grace period", done)) != STATUS_OK)
		return nerr_pass(err);
	if (!*done || !notify)
		return STATUS_OK;
	return nerr_pass(mails(db, id, code, guest, restaurant_email, "noshow",
	    "owner_noshow", NULL, base_url, ""));
}

/* ------------------------------------------------------------------ */
/* the owner's book                                                     */
/* ------------------------------------------------------------------ */

/* A mail to the guest about an owner's move; reason (may be "") goes along. */
static NEOERR *
guest_notice(struct db *db, const struct reservation *rv, const char *kind,
    const char *reason, const char *base_url)
{
	char	 dedupe[200];

	if (*rv->guest_email == '\0')
		return STATUS_OK;
	/* a move may be undone and made again: each gets its mail */
	snprintf(dedupe, sizeof dedupe, "%s:%lld:%lld", kind, (long long)rv->id,
	    (long long)rv->now);
	return nerr_pass(outbox_add(db, kind, rv->id, rv->guest_email, dedupe,
	    json_pack("{s:s}", "reason", reason != NULL ? reason : ""), base_url));
}

NEOERR *
booking_owner_status(struct db *db, const struct reservation *rv,
    enum rsv_status to, const char *note, const char *base_url,
    enum book_result *res)
{
	enum rsv_status	 st;
	NEOERR		*err;
	const char	*kind = NULL;
	bool		 found, done;

	*res = BOOK_GONE;
	if ((err = lock_row(db, rv->id, &st, &found)) != STATUS_OK)
		return nerr_pass(err);
	if (!found)
		return STATUS_OK;
	*res = BOOK_STATE;
	if (!rsv_can(st, to, ACTOR_OWNER))
		return STATUS_OK;
	if ((err = rsv_transition(db, rv->id, st, to, ACTOR_OWNER, note, &done)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if (!done)
		return STATUS_OK;
	switch (to) {
	case RSV_CONFIRMED:
		kind = st == RSV_PENDING ? "confirmation" : NULL;
		break;
	case RSV_REJECTED:
		kind = "declined";
		break;
	case RSV_CANCELLED:
		kind = "cancellation";
		break;
	case RSV_NO_SHOW:
		kind = "noshow";
		break;
	default:
		break;
	}
	if (kind != NULL && (err = guest_notice(db, rv, kind, note, base_url)) !=
	    STATUS_OK)
		return nerr_pass(err);
	*res = BOOK_OK;
	return STATUS_OK;
}

NEOERR *
booking_undo(struct db *db, const struct reservation *rv, const char *base_url,
    enum book_result *res, enum rsv_status *back)
{
	PGresult	*r = NULL;
	enum rsv_status	 st, from, to;
	enum db_conflict c;
	NEOERR		*err;
	char		 ids[24];
	const char	*p[2];
	bool		 found, ok;

	*res = BOOK_GONE;
	if ((err = lock_row(db, rv->id, &st, &found)) != STATUS_OK)
		return nerr_pass(err);
	if (!found)
		return STATUS_OK;
	snprintf(ids, sizeof ids, "%lld", (long long)rv->id);
	p[0] = ids;
	if ((err = db_exec(db, STMT_LAST_EVENT, 1, p, &r)) != STATUS_OK)
		return nerr_pass(err);
	/* only the owner's own last move, within five minutes, not an undo */
	*res = BOOK_STATE;
	ok = PQntuples(r) == 1 && strcmp(db_str(r, 0, 1), "owner") == 0 &&
	    db_bool(r, 0, 5) && strcmp(db_str(r, 0, 4), "undo") != 0 &&
	    rsv_status_parse(db_str(r, 0, 2), &from) &&
	    rsv_status_parse(db_str(r, 0, 3), &to) && to == st &&
	    from != RSV_HELD;
	PQclear(r);
	r = NULL;
	if (!ok)
		return STATUS_OK;
	p[1] = rsv_status_name(from);
	/* back to an active status: the table may have gone meanwhile */
	if ((err = db_exec(db, STMT_SAVEPOINT, 0, NULL, NULL)) != STATUS_OK ||
	    (err = db_try(db, STMT_RESERVATION_SET_STATUS, 2, p, &r, &c)) !=
	    STATUS_OK)
		return nerr_pass(err);
	PQclear(r);
	if (c == DB_EXCLUSION) {
		*res = BOOK_TAKEN;
		return nerr_pass(db_exec(db, STMT_ROLLBACK_TO, 0, NULL, NULL));
	}
	if (c != DB_OK)
		return nerr_raise(ERR_DB, "undo: SQLSTATE %s", db->sqlstate);
	if ((err = db_exec(db, STMT_RELEASE, 0, NULL, NULL)) != STATUS_OK ||
	    (err = event(db, rv->id, ACTOR_OWNER, rsv_status_name(st), from,
	    "undo")) != STATUS_OK)
		return nerr_pass(err);
	/* a guest told of a cancellation or refusal hears it is back on */
	if ((st == RSV_CANCELLED || st == RSV_REJECTED || st == RSV_NO_SHOW) &&
	    (from == RSV_CONFIRMED || from == RSV_ARRIVED) &&
	    (err = guest_notice(db, rv, "confirmation", "", base_url)) != STATUS_OK)
		return nerr_pass(err);
	*back = from;
	*res = BOOK_OK;
	return STATUS_OK;
}

NEOERR *
booking_owner_create(struct db *db, const struct owner_booking *b,
    const char *base_url, char code[16], char token[SEC_TOKEN_B64],
    enum book_result *res)
{
	PGresult	*r = NULL;
	NEOERR		*err;
	bool		 taken;
	char		 rid[24], tid[24], party[16], start[24], end[24], hash[67];
	const char	*p[13];
	int64_t		 id;
	size_t		 i;

	*res = BOOK_TAKEN;
	code[0] = '\0';
	sec_token(token);
	sec_token_hash_hex(token, hash);
	snprintf(rid, sizeof rid, "%lld", (long long)b->s->id);
	snprintf(party, sizeof party, "%d", b->party);
	snprintf(start, sizeof start, "%lld", (long long)b->start);
	snprintf(end, sizeof end, "%lld", (long long)b->end);
	p[0] = code;
	p[1] = rid;
	p[2] = tid;
	p[3] = party;
	p[4] = start;
	p[5] = end;
	p[6] = rsv_status_name(b->status);
	p[7] = b->source;
	p[8] = b->guest->name;
	p[9] = b->guest->email != NULL ? b->guest->email : "";
	p[10] = b->guest->phone != NULL ? b->guest->phone : "";
	p[11] = b->guest->requests != NULL ? b->guest->requests : "";
	p[12] = hash;
	/* the same constraint as online bookings: a taken table is skipped */
	for (i = 0; i < b->ntables; i++) {
		snprintf(tid, sizeof tid, "%lld", (long long)b->tables[i]);
		sec_code(code, 10);
		if ((err = on_table(db, b->tables[i], b->start, b->end,
		    STMT_OWNER_BOOKING_INSERT, 13, p, &r, &taken)) != STATUS_OK)
			return nerr_pass(err);
		if (taken)
			continue;
		id = db_int(r, 0, 0);
		PQclear(r);
		if ((err = event(db, id, ACTOR_OWNER, NULL, b->status,
		    b->source)) != STATUS_OK)
			return nerr_pass(err);
		/* a phone booking with an address gets its confirmation */
		if (b->status == RSV_CONFIRMED && b->guest->email != NULL &&
		    *b->guest->email != '\0' && (err = mails(db, id, code,
		    b->guest->email, NULL, "confirmation", NULL, token, base_url,
		    "")) != STATUS_OK)
			return nerr_pass(err);
		*res = BOOK_OK;
		return STATUS_OK;
	}
	code[0] = '\0';
	return STATUS_OK;
}
