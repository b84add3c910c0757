/* walkin.c: the owner's same-day walk-in list: the wait estimate and the list's actions. */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Columns of STMT_WALKIN_LIST and STMT_WALKIN_GET. */
const char *const walkin_cols[] = {
	"id", "name", "party", "phone", "email", "quoted", "status", "added",
	"notified", "seated", "booking", "table", "waited", "day", "open", NULL
};

/* ------------------------------------------------------------------ */
/* the wait estimate                                                    */
/* ------------------------------------------------------------------ */

/*
 * How long a party waits, estimated.
 *
 * The inputs are the restaurant's active tables, the spans its live
 * bookings keep them (held, pending, confirmed, arrived, seated: from
 * start to ends_at, the turn time the booking was made with), and the
 * list: the entries still waiting or notified, in the order they came.
 * The list is seated in that order, as a host would: each party goes on
 * the table that fits it (seats_min <= party <= seats_max) and is free
 * soonest, at now or later, for the party's whole turn time without
 * running into a booking; ties go to the smallest table. That span is
 * then taken, so the parties behind it that fit the same tables wait for
 * the next one. A new party is estimated as if it joined the end of the
 * list. The wait is the minutes from now to that start, to the nearest
 * minute and then rounded up to five (what a host would say); a party no
 * table fits, or that no table takes within WALKIN_HORIZON, gets -1 ("no
 * table today").
 *
 * It is an estimate: guests finish early or late, and a table the list
 * does not use is not kept for it. It needs nothing but the rows (one
 * range scan of the day's bookings), and the same rows make every
 * estimate of the list at once.
 */

/* The first time at or after from when table is free for len seconds. */
static int64_t
free_from(const struct walkin_busy *b, size_t nb, int64_t table, int64_t from,
    int64_t len)
{
	size_t	 i;
	bool	 moved;

	do {
		moved = false;
		for (i = 0; i < nb; i++)
			if (b[i].table == table && b[i].start < from + len &&
			    b[i].end > from) {
				from = b[i].end;
				moved = true;
			}
	} while (moved);
	return from;
}

/* Estimate one party e over t and b; true if a table takes it. */
static bool
place(const struct walkin_table *t, size_t nt, const struct walkin_busy *b,
    size_t nb, struct walkin_est *e, int64_t now)
{
	int64_t	 len = (int64_t)(e->minutes > 0 ? e->minutes : 120) * 60, c;
	size_t	 i;

	e->at = 0;
	e->table = 0;
	e->wait = -1;
	for (i = 0; i < nt; i++) {
		if (e->party < t[i].seats_min || e->party > t[i].seats_max)
			continue;
		c = free_from(b, nb, t[i].id, now, len);
		if (c > now + WALKIN_HORIZON)
			continue;
		if (e->table == 0 || c < e->at) {
			e->at = c;
			e->table = t[i].id;
		}
	}
	if (e->table == 0)
		return false;
	/*
	 * To the nearest minute, then up to five: a booking's end read to the
	 * second (rounded by ::bigint) may lie a second past a whole number of
	 * minutes, which is no reason to quote five minutes more.
	 */
	e->wait = (int)(((e->at - now + 30) / 60 + 4) / 5 * 5);
	return true;
}

void
walkin_plan(const struct walkin_table *t, size_t nt, struct walkin_busy *b,
    size_t *nb, struct walkin_est *q, size_t nq, struct walkin_est *x,
    size_t nx, int64_t now)
{
	size_t	 i;

	for (i = 0; i < nq; i++) {
		if (!place(t, nt, b, *nb, &q[i], now))
			continue;
		b[*nb].table = q[i].table;
		b[*nb].start = q[i].at;
		b[*nb].end = q[i].at + (int64_t)(q[i].minutes > 0 ?
		    q[i].minutes : 120) * 60;
		(*nb)++;
	}
	for (i = 0; i < nx; i++)
		place(t, nt, b, *nb, &x[i], now);
}

NEOERR *
walkin_estimate(struct db *db, int64_t rid, int64_t owner, int day,
    int64_t now, const int *extra, size_t nextra, struct walkin_est **out,
    size_t *n, struct walkin_est **xout)
{
	PGresult		*tr = NULL, *br = NULL, *qr = NULL, *xr = NULL;
	struct walkin_table	*t = NULL;
	struct walkin_busy	*b = NULL;
	struct walkin_est	*q = NULL, *x = NULL;
	char			 id[24], uid[24], when[24], date[11], party[16];
	const char		*p[3];
	size_t			 i, nt, nb, nq;
	NEOERR			*err;

	*out = NULL;
	*n = 0;
	if (xout != NULL)
		*xout = NULL;
	snprintf(id, sizeof id, "%lld", (long long)rid);
	snprintf(uid, sizeof uid, "%lld", (long long)owner);
	snprintf(when, sizeof when, "%lld", (long long)now);
	date_format(day, date);
	p[0] = id;
	p[1] = uid;
	p[2] = when;
	if ((err = db_exec(db, STMT_WALKIN_TABLES, 2, p, &tr)) != STATUS_OK ||
	    (err = db_exec(db, STMT_WALKIN_BUSY, 3, p, &br)) != STATUS_OK)
		goto out;
	p[2] = date;
	if ((err = db_exec(db, STMT_WALKIN_QUEUE, 3, p, &qr)) != STATUS_OK)
		goto out;
	nt = (size_t)PQntuples(tr);
	nb = (size_t)PQntuples(br);
	nq = (size_t)PQntuples(qr);
	if ((t = calloc(nt + 1, sizeof *t)) == NULL ||
	    (b = calloc(nb + nq + 1, sizeof *b)) == NULL ||
	    (q = calloc(nq + 1, sizeof *q)) == NULL ||
	    (x = calloc(nextra + 1, sizeof *x)) == NULL) {
		err = nerr_raise(NERR_NOMEM, "walk-in estimate");
		goto out;
	}
	for (i = 0; i < nt; i++) {
		t[i].id = db_int(tr, (int)i, 0);
		t[i].seats_min = (int)db_int(tr, (int)i, 1);
		t[i].seats_max = (int)db_int(tr, (int)i, 2);
	}
	for (i = 0; i < nb; i++) {
		b[i].table = db_int(br, (int)i, 0);
		b[i].start = db_int(br, (int)i, 1);
		b[i].end = db_int(br, (int)i, 2);
	}
	for (i = 0; i < nq; i++) {
		q[i].id = db_int(qr, (int)i, 0);
		q[i].party = (int)db_int(qr, (int)i, 1);
		q[i].minutes = (int)db_int(qr, (int)i, 2);
	}
	for (i = 0; i < nextra; i++) {
		x[i].party = extra[i];
		snprintf(party, sizeof party, "%d", extra[i]);
		p[2] = party;
		PQclear(xr);
		xr = NULL;
		if ((err = db_exec(db, STMT_WALKIN_TURN, 3, p, &xr)) != STATUS_OK)
			goto out;
		x[i].minutes = PQntuples(xr) == 1 ? (int)db_int(xr, 0, 0) : 120;
	}
	walkin_plan(t, nt, b, &nb, q, nq, x, nextra, now);
	*out = q;
	*n = nq;
	q = NULL;
	if (xout != NULL) {
		*xout = x;
		x = NULL;
	}
out:
	PQclear(tr);
	PQclear(br);
	PQclear(qr);
	PQclear(xr);
	free(t);
	free(b);
	free(q);
	free(x);
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* the list                                                             */
/* ------------------------------------------------------------------ */

NEOERR *
walkin_list(struct db *db, int64_t rid, int64_t owner, bool unchecked, int day,
    int64_t id, PGresult **res)
{
	char		 r[24], u[24], x[24], date[11];
	const char	*p[3];

	snprintf(r, sizeof r, "%lld", (long long)rid);
	snprintf(u, sizeof u, "%lld", (long long)owner);
	p[0] = r;
	p[1] = u;
	if (id > 0) {
		snprintf(x, sizeof x, "%lld", (long long)id);
		p[2] = x;
		return nerr_pass(db_exec(db, STMT_WALKIN_GET, 3, p, res));
	}
	date_format(day, date);
	p[2] = date;
	return nerr_pass(db_exec(db, unchecked ? STMT_WALKIN_LIST_UNCHECKED :
	    STMT_WALKIN_LIST, 3, p, res));
}

/* ------------------------------------------------------------------ */
/* the actions                                                          */
/* ------------------------------------------------------------------ */

struct wl_act {
	int64_t			 rid;
	int64_t			 owner;
	int64_t			 id;
	const char		*to;		/* walkin_end */
	const struct walkin_in	*in;		/* walkin_add */
	const struct setup	*s;		/* walkin_seat */
	int64_t			 table;
	const struct actor	*by;
};

static NEOERR *
wl_audit(struct book_env *env, const struct wl_act *a, const char *action,
    int64_t id, json_t *detail)
{
	char	 target[40];

	if (a->by == NULL) {
		json_decref(detail);
		return STATUS_OK;
	}
	snprintf(target, sizeof target, "walkin:%lld", (long long)id);
	return nerr_pass(audit(env->db, a->by->user, action, target, a->by->ip,
	    detail));
}

/* After a statement found nothing to change: gone, or not waiting. */
static NEOERR *
wl_why(struct book_env *env, const struct wl_act *a, struct book_out *out)
{
	PGresult	*res = NULL;
	NEOERR		*err;

	if ((err = walkin_list(env->db, a->rid, a->owner, false, 0, a->id,
	    &res)) != STATUS_OK)
		return nerr_pass(err);
	out->res = PQntuples(res) == 1 ? BOOK_STATE : BOOK_GONE;
	PQclear(res);
	return STATUS_OK;
}

static void
wl_params(const struct wl_act *a, char r[24], char u[24], char x[24],
    const char **p)
{
	snprintf(r, 24, "%lld", (long long)a->rid);
	snprintf(u, 24, "%lld", (long long)a->owner);
	snprintf(x, 24, "%lld", (long long)a->id);
	p[0] = r;
	p[1] = u;
	p[2] = x;
}

static NEOERR *
add_body(struct book_env *env, const void *arg, struct book_out *out)
{
	const struct wl_act	*a = arg;
	const struct walkin_in	*in = a->in;
	struct walkin_est	*q = NULL, *x = NULL;
	PGresult		*res = NULL;
	char			 r[24], u[24], party[16], quoted[16], by[24];
	const char		*p[8];
	size_t			 nq;
	int			 minutes = in->quoted;
	NEOERR			*err;

	snprintf(r, sizeof r, "%lld", (long long)a->rid);
	snprintf(u, sizeof u, "%lld", (long long)a->owner);
	if (minutes < 0) {
		/* no quote given: the estimate for the end of today's list */
		if ((err = walkin_estimate(env->db, a->rid, a->owner, in->day,
		    env->now, &in->party, 1, &q, &nq, &x)) != STATUS_OK)
			return nerr_pass(err);
		minutes = x != NULL && x[0].wait >= 0 ? x[0].wait : 0;
		free(q);
		free(x);
	}
	if (minutes > 600)
		minutes = 600;
	snprintf(party, sizeof party, "%d", in->party);
	snprintf(quoted, sizeof quoted, "%d", minutes);
	snprintf(by, sizeof by, "%lld", (long long)(a->by != NULL ?
	    a->by->user : 0));
	p[0] = r;
	p[1] = u;
	p[2] = in->name;
	p[3] = party;
	p[4] = in->phone;
	p[5] = *in->email != '\0' ? in->email : NULL;
	p[6] = quoted;
	p[7] = a->by != NULL && a->by->user > 0 ? by : NULL;
	if ((err = db_exec(env->db, STMT_WALKIN_INSERT, 8, p, &res)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) != 1) {
		PQclear(res);
		out->res = BOOK_GONE;
		return STATUS_OK;
	}
	out->id = db_int(res, 0, 0);
	PQclear(res);
	out->res = BOOK_OK;
	return nerr_pass(wl_audit(env, a, "walkin_add", out->id,
	    json_pack("{s:i,s:i}", "party", in->party, "quoted", minutes)));
}

NEOERR *
walkin_add(struct book_env *env, int64_t rid, int64_t owner,
    const struct walkin_in *in, const struct actor *by, struct book_out *out)
{
	struct wl_act	 a;

	memset(&a, 0, sizeof a);
	a.rid = rid;
	a.owner = owner;
	a.in = in;
	a.by = by;
	return nerr_pass(booking_run(env, add_body, &a, out));
}

static NEOERR *
notify_body(struct book_env *env, const void *arg, struct book_out *out)
{
	const struct wl_act	*a = arg;
	PGresult		*res = NULL;
	char			 r[24], u[24], x[24], dedupe[64];
	const char		*p[3], *email;
	bool			 mailed = false;
	NEOERR			*err;

	wl_params(a, r, u, x, p);
	if ((err = db_exec(env->db, STMT_WALKIN_NOTIFY, 3, p, &res)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) != 1) {
		PQclear(res);
		return nerr_pass(wl_why(env, a, out));
	}
	out->id = a->id;
	email = db_str(res, 0, 1);
	if (*email != '\0') {
		/* once an entry, however often the host presses the button */
		snprintf(dedupe, sizeof dedupe, "walkin_ready:%lld",
		    (long long)a->id);
		err = outbox_add(env->db, "walkin_ready", 0, email, dedupe,
		    json_pack("{s:s,s:{s:s,s:i,s:s}}", "name", db_str(res, 0, 2),
		    "walkin", "restaurant", db_str(res, 0, 4), "party",
		    (int)db_int(res, 0, 3), "phone", db_str(res, 0, 5)),
		    env->base_url);
		mailed = true;
	}
	PQclear(res);
	if (err != STATUS_OK)
		return nerr_pass(err);
	out->res = BOOK_OK;
	return nerr_pass(wl_audit(env, a, "walkin_notify", a->id,
	    json_pack("{s:b}", "mail", mailed)));
}

NEOERR *
walkin_notify(struct book_env *env, int64_t rid, int64_t owner, int64_t id,
    const struct actor *by, struct book_out *out)
{
	struct wl_act	 a;

	memset(&a, 0, sizeof a);
	a.rid = rid;
	a.owner = owner;
	a.id = id;
	a.by = by;
	return nerr_pass(booking_run(env, notify_body, &a, out));
}

static NEOERR *
end_body(struct book_env *env, const void *arg, struct book_out *out)
{
	const struct wl_act	*a = arg;
	PGresult		*res = NULL;
	char			 r[24], u[24], x[24];
	const char		*p[4];
	NEOERR			*err;

	wl_params(a, r, u, x, p);
	p[3] = a->to;
	if ((err = db_exec(env->db, STMT_WALKIN_END, 4, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) != 1) {
		PQclear(res);
		return nerr_pass(wl_why(env, a, out));
	}
	PQclear(res);
	out->id = a->id;
	out->res = BOOK_OK;
	return nerr_pass(wl_audit(env, a, "walkin_end", a->id,
	    json_pack("{s:s}", "to", a->to)));
}

NEOERR *
walkin_end(struct book_env *env, int64_t rid, int64_t owner, int64_t id,
    const char *to, const struct actor *by, struct book_out *out)
{
	struct wl_act	 a;

	if (strcmp(to, "left") != 0 && strcmp(to, "cancelled") != 0)
		return nerr_raise(NERR_ASSERT, "walk-in entry to %s", to);
	memset(&a, 0, sizeof a);
	a.rid = rid;
	a.owner = owner;
	a.id = id;
	a.to = to;
	a.by = by;
	return nerr_pass(booking_run(env, end_body, &a, out));
}

static NEOERR *
seat_body(struct book_env *env, const void *arg, struct book_out *out)
{
	const struct wl_act	*a = arg;
	PGresult		*res = NULL, *up = NULL;
	struct entry		 e;
	char			 r[24], u[24], x[24], rv[24], note[64];
	const char		*p[4];
	bool			 ok;
	NEOERR			*err;

	wl_params(a, r, u, x, p);
	/* the entry first (locked): the booking's locks come after it */
	if ((err = db_exec(env->db, STMT_WALKIN_LOCK, 3, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) != 1) {
		PQclear(res);
		out->res = BOOK_GONE;
		return STATUS_OK;
	}
	if (!db_bool(res, 0, 5)) {
		PQclear(res);
		out->res = BOOK_STATE;
		return STATUS_OK;
	}
	memset(&e, 0, sizeof e);
	e.walk_in = true;
	e.table = a->table;
	e.want.party = (int)db_int(res, 0, 2);
	e.guest.name = db_str(res, 0, 1);
	e.guest.phone = db_str(res, 0, 3);
	e.guest.email = db_str(res, 0, 4);
	e.guest.requests = "";
	/* seated now: the restaurant's local date and minute */
	if ((err = offer_local(env, a->s->timezone, env->now, &e.want.day,
	    &e.want.minute, &ok)) != STATUS_OK)
		goto out;
	if ((err = booking_enter_within(env, a->s, &e, a->by, out)) !=
	    STATUS_OK || out->res != BOOK_OK)
		goto out;
	snprintf(rv, sizeof rv, "%lld", (long long)out->id);
	p[3] = rv;
	if ((err = db_exec(env->db, STMT_WALKIN_SEATED, 4, p, &up)) !=
	    STATUS_OK)
		goto out;
	if (PQntuples(up) != 1) {
		/* locked above: can't happen; nothing is kept */
		out->res = BOOK_STATE;
		goto out;
	}
	/* the booking's history says where it came from */
	snprintf(note, sizeof note, "walk_in: from the walk-in list (%lld)",
	    (long long)a->id);
	p[2] = rv;
	p[3] = note;
	if ((err = db_exec(env->db, STMT_WALKIN_EVENT_NOTE, 4, p, NULL)) !=
	    STATUS_OK)
		goto out;
	err = wl_audit(env, a, "walkin_seat", a->id, json_pack("{s:s,s:i}",
	    "booking", out->code, "party", e.want.party));
out:
	PQclear(res);
	PQclear(up);
	return nerr_pass(err);
}

NEOERR *
walkin_seat(struct book_env *env, const struct setup *s, int64_t owner,
    int64_t id, int64_t table, const struct actor *by, struct book_out *out)
{
	struct wl_act	 a;

	memset(&a, 0, sizeof a);
	a.rid = s->id;
	a.owner = owner;
	a.id = id;
	a.s = s;
	a.table = table;
	a.by = by;
	return nerr_pass(booking_run(env, seat_body, &a, out));
}
