/* offer.c: the free times a restaurant offers, and why a time is not among them. */
#include "stolik.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SLOTS	256

static const char *const why_codes[OFFER__MAX] = {
	[OFFER_OK] = "ok",
	[OFFER_TAKEN] = "taken",
	[OFFER_PARTY_TOO_LARGE] = "party_too_large",
	[OFFER_CLOSED] = "closed",
	[OFFER_NO_SUCH_TIME] = "no_such_time",
	[OFFER_PAST] = "past",
	[OFFER_TOO_SOON] = "too_soon",
	[OFFER_BEYOND_WINDOW] = "beyond_window",
	[OFFER_OUTSIDE_HOURS] = "outside_hours",
};

const char *
offer_why_code(enum offer_why w)
{
	return w < OFFER__MAX ? why_codes[w] : "unknown";
}

/*
 * The starts of the bookings that can touch a day of clock: a booking that
 * started up to a day before can still be seated.
 */
#define DAY_FROM(clock)	((clock)->hour[0] - 86400)
#define DAY_TO(clock)	((clock)->hour[CLOCK_HOURS - 1])

/* The clock of day and the active bookings that can touch it. */
static NEOERR *
day_state(struct book_env *env, const struct setup *s, int day,
    const struct day_clock **clock, struct booked **b, size_t *nb)
{
	NEOERR	*err;

	*b = NULL;
	*nb = 0;
	if ((err = clock_get(env->setups, env->db, s->timezone, day, clock)) !=
	    STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(booked_get(env->uncached ? NULL : env->setups,
	    env->db, !env->replica, s->id, day, DAY_FROM(*clock),
	    DAY_TO(*clock), env->now, b, nb));
}

/*
 * Put the tables of o that the kept copy of the day shows free first, in
 * their order, and count them in o->nseen: the write tries those at once
 * and reads the bookings only when each was taken after all. No copy, or
 * none seen free: o stays as it is, nseen 0.
 */
static NEOERR *
seen_first(struct book_env *env, const struct setup *s,
    const struct day_clock *clock, int day, int party, struct offer *o)
{
	struct booked	*b;
	int64_t		 seen[OFFER_TABLES], rest[OFFER_TABLES];
	size_t		 i, j, nb, ns, nr;
	bool		 hit;
	NEOERR		*err;

	if (env->uncached)
		return STATUS_OK;
	if ((err = booked_peek(env->setups, s->id, day, DAY_FROM(clock),
	    DAY_TO(clock), env->now, &b, &nb, &hit)) != STATUS_OK || !hit)
		return nerr_pass(err);
	ns = free_tables(s, party, o->slot.start, o->slot.end, b, nb, 0, seen,
	    OFFER_TABLES);
	free(b);
	for (nr = 0, i = 0; i < o->ntables; i++) {
		for (j = 0; j < ns && seen[j] != o->tables[i]; j++)
			continue;
		if (j == ns)
			rest[nr++] = o->tables[i];
	}
	if (ns + nr != o->ntables)	/* not the same fitting tables */
		return STATUS_OK;
	memcpy(o->tables, seen, ns * sizeof seen[0]);
	memcpy(o->tables + ns, rest, nr * sizeof rest[0]);
	o->nseen = ns;
	return STATUS_OK;
}

/* The availability question for s on day, over the bookings b. */
static void
query(struct avail_query *q, struct book_env *env, const struct setup *s,
    const struct day_clock *clock, int day, int party,
    const struct booked *b, size_t nb, int64_t exclude)
{
	memset(q, 0, sizeof *q);
	q->s = s;
	q->clock = clock;
	q->day = day;
	q->now = env->now;
	q->party = party;
	q->booked = b;
	q->nbooked = nb;
	q->exclude = exclude;
}

NEOERR *
offer_times(struct book_env *env, const struct setup *s, int day, int party,
    int64_t exclude, struct slot *out, size_t max, size_t *n)
{
	const struct day_clock	*clock;
	struct avail_query	 q;
	struct booked		*b = NULL;
	size_t			 nb = 0;
	NEOERR			*err;

	*n = 0;
	if ((err = day_state(env, s, day, &clock, &b, &nb)) != STATUS_OK)
		return nerr_pass(err);
	query(&q, env, s, clock, day, party, b, nb, exclude);
	*n = availability(&q, out, max);
	free(b);
	return STATUS_OK;
}

NEOERR *
offer_times_many(struct book_env *env, const struct setup *const *s, size_t n,
    int day, int minute, int party, size_t k, struct slot *out,
    size_t *counts)
{
	const struct day_clock	**clocks;
	struct avail_query	 q;
	struct booked		**b = NULL;
	struct slot		 tmp[MAX_SLOTS];
	int64_t			*ids, *from, *to;
	size_t			 i, m, *nb = NULL;
	NEOERR			*err = STATUS_OK;

	clocks = calloc(n + 1, sizeof *clocks);
	ids = calloc(n + 1, sizeof *ids);
	from = calloc(n + 1, sizeof *from);
	to = calloc(n + 1, sizeof *to);
	b = calloc(n + 1, sizeof *b);
	nb = calloc(n + 1, sizeof *nb);
	if (clocks == NULL || ids == NULL || from == NULL || to == NULL ||
	    b == NULL || nb == NULL) {
		err = nerr_raise(NERR_NOMEM, "times");
		goto out;
	}
	for (i = 0; i < n; i++) {
		counts[i] = 0;
		if (s[i] == NULL)
			continue;
		if ((err = clock_get(env->setups, env->db, s[i]->timezone, day,
		    &clocks[i])) != STATUS_OK)
			goto out;
		ids[i] = s[i]->id;
		from[i] = clocks[i]->hour[0] - 86400;
		to[i] = clocks[i]->hour[CLOCK_HOURS - 1];
	}
	/* the workers' shared copies, and one range scan for the rest */
	if ((err = booked_get_many(env->setups, env->db, !env->replica, ids, n,
	    day, from, to, env->now, b, nb)) != STATUS_OK)
		goto out;
	for (i = 0; i < n; i++) {
		if (s[i] == NULL)
			continue;
		query(&q, env, s[i], clocks[i], day, party, b[i], nb[i], 0);
		m = availability(&q, tmp, MAX_SLOTS);
		m = slots_nearest(tmp, m, minute, k);
		memcpy(out + i * k, tmp, m * sizeof *tmp);
		counts[i] = m;
	}
out:
	for (i = 0; b != NULL && i < n; i++)
		free(b[i]);
	free(b);
	free(nb);
	free(to);
	free(from);
	free(ids);
	free(clocks);
	return nerr_pass(err);
}

/*
 * The rules of DESIGN §5 that need no other booking, one by one: OFFER_OK
 * with w's slot when w is on the grid of an empty restaurant (pacing
 * aside), else the first rule it breaks.
 */
static enum offer_why
rules(struct book_env *env, const struct setup *s,
    const struct day_clock *clock, const struct want *w, struct slot *slot)
{
	struct setup		 open = *s;
	struct avail_query	 q;
	struct slot		 v[MAX_SLOTS];
	int64_t			 start;
	size_t			 i, n;
	int			 seats = 0;

	for (i = 0; i < s->ntables; i++)
		if (s->tables[i].online && s->tables[i].seats_max > seats)
			seats = s->tables[i].seats_max;
	if (w->party > s->max_party || w->party > seats ||
	    turn_minutes(s, w->party) == 0)
		return OFFER_PARTY_TOO_LARGE;
	if (setup_closed(s, w->day))
		return OFFER_CLOSED;
	if (!clock_instant(clock, w->minute, &start))
		return OFFER_NO_SUCH_TIME;
	if (start < env->now)
		return OFFER_PAST;
	if (start < env->now + (int64_t)s->min_notice_minutes * 60)
		return OFFER_TOO_SOON;
	if (start > env->now + (int64_t)s->booking_window_days * 86400)
		return OFFER_BEYOND_WINDOW;
	/* an empty restaurant without pacing: is the time on the grid at all? */
	open.pacing = 0;
	query(&q, env, &open, clock, w->day, w->party, NULL, 0, 0);
	n = availability(&q, v, MAX_SLOTS);
	for (i = 0; i < n; i++)
		if (v[i].minute == w->minute) {
			*slot = v[i];
			return OFFER_OK;
		}
	return OFFER_OUTSIDE_HOURS;
}

/*
 * Why w cannot be booked at s: a rule it breaks, or OFFER_TAKEN when it
 * could be, so others have it.
 */
static enum offer_why
why_not(struct book_env *env, const struct setup *s,
    const struct day_clock *clock, const struct want *w)
{
	struct slot	 slot;
	enum offer_why	 why;

	why = rules(env, s, clock, w, &slot);
	return why == OFFER_OK ? OFFER_TAKEN : why;
}

NEOERR *
offer_slot(struct book_env *env, const struct setup *s, const struct want *w,
    struct offer *o)
{
	const struct day_clock	*clock;
	NEOERR			*err;

	memset(o, 0, sizeof *o);
	if ((err = clock_get(env->setups, env->db, s->timezone, w->day,
	    &clock)) != STATUS_OK)
		return nerr_pass(err);
	if ((o->why = rules(env, s, clock, w, &o->slot)) != OFFER_OK)
		return STATUS_OK;
	/* every fitting table, smallest first: the database knows which are free */
	o->ntables = free_tables(s, w->party, o->slot.start, o->slot.end, NULL,
	    0, 0, o->tables, OFFER_TABLES);
	if (o->ntables == 0) {
		o->why = OFFER_PARTY_TOO_LARGE;
		return STATUS_OK;
	}
	return nerr_pass(seen_first(env, s, clock, w->day, w->party, o));
}

NEOERR *
offer_check(struct book_env *env, const struct setup *s, const struct want *w,
    int64_t exclude, struct offer *o)
{
	const struct day_clock	*clock;
	struct avail_query	 q;
	struct booked		*b = NULL;
	struct slot		 v[MAX_SLOTS];
	size_t			 i, n, nb = 0;
	NEOERR			*err;

	memset(o, 0, sizeof *o);
	if ((err = day_state(env, s, w->day, &clock, &b, &nb)) != STATUS_OK)
		return nerr_pass(err);
	query(&q, env, s, clock, w->day, w->party, b, nb, exclude);
	n = availability(&q, v, MAX_SLOTS);
	for (i = 0; i < n; i++)
		if (v[i].minute == w->minute) {
			o->slot = v[i];
			o->ntables = free_tables(s, w->party, v[i].start, v[i].end,
			    b, nb, exclude, o->tables, OFFER_TABLES);
			break;
		}
	free(b);
	if (o->ntables > 0)
		return STATUS_OK;
	o->nnear = slots_nearest(v, n, w->minute, OFFER_NEAR);
	memcpy(o->near, v, o->nnear * sizeof *v);
	o->why = why_not(env, s, clock, w);
	return STATUS_OK;
}

NEOERR *
offer_local(struct book_env *env, const char *tz, int64_t t, int *day,
    int *minute, bool *ok)
{
	const struct day_clock	*c;
	NEOERR			*err;
	int			 d, h, utc;

	*ok = false;
	/* the local date is the UTC date or a neighbour (offsets are < 1 day) */
	utc = (int)((t >= 0 ? t : t - 86399) / 86400) - 10957;
	for (d = utc - 1; d <= utc + 1; d++) {
		if ((err = clock_get(env->setups, env->db, tz, d, &c)) != STATUS_OK)
			return nerr_pass(err);
		for (h = 0; h < 24; h++)
			if (c->exists[h] && t >= c->hour[h] &&
			    t < c->hour[h] + 3600) {
				*day = d;
				*minute = h * 60 + (int)((t - c->hour[h]) / 60);
				*ok = (t - c->hour[h]) % 60 == 0;
				return STATUS_OK;
			}
	}
	return STATUS_OK;
}
