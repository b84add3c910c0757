/* availability.c: the slot grid and free start times, a pure function of set-up and bookings. */
#include "stolik.h"

#include <stdlib.h>
#include <string.h>

bool
clock_instant(const struct day_clock *c, int minute, int64_t *out)
{
	int	 h = minute / 60;

	if (minute < 0 || h >= CLOCK_HOURS || !c->exists[h])
		return false;
	*out = c->hour[h] + (int64_t)(minute % 60) * 60;
	return true;
}

/* The instant of a closing time; a gap closes at PostgreSQL's reading. */
static int64_t
clock_close(const struct day_clock *c, int minute)
{
	int	 h = minute / 60;

	if (h >= CLOCK_HOURS)
		h = CLOCK_HOURS - 1;
	return c->hour[h] + (int64_t)(minute % 60) * 60;
}

int
turn_minutes(const struct setup *s, int party)
{
	size_t	 i;

	for (i = 0; i < s->nturns; i++)
		if (party >= s->turns[i].party_min && party <= s->turns[i].party_max)
			return s->turns[i].minutes;
	return 0;
}

bool
setup_closed(const struct setup *s, int day)
{
	size_t	 i;

	for (i = 0; i < s->nclosures; i++)
		if (day >= s->closures[i].from && day <= s->closures[i].to)
			return true;
	return false;
}

static bool
overlaps(int64_t a0, int64_t a1, int64_t b0, int64_t b1)
{
	return a0 < b1 && b0 < a1;
}

/* The tables fitting party free for [start, end), online ones only or any. */
static size_t
fitting(const struct setup *s, int party, int64_t start, int64_t end,
    const struct booked *b, size_t nb, int64_t exclude, bool online,
    int64_t *out, size_t max)
{
	const struct dtable	*t;
	size_t			 i, j, n = 0;
	bool			 busy;

	for (i = 0; i < s->ntables && n < max; i++) {
		t = &s->tables[i];
		if ((online ? !t->online : !t->active) || party < t->seats_min ||
		    party > t->seats_max)
			continue;
		for (busy = false, j = 0; j < nb && !busy; j++)
			busy = b[j].table_id == t->id && b[j].id != exclude &&
			    overlaps(start, end, b[j].start, b[j].end);
		if (!busy)
			out[n++] = t->id;
	}
	return n;
}

size_t
free_tables(const struct setup *s, int party, int64_t start, int64_t end,
    const struct booked *b, size_t nb, int64_t exclude, int64_t *out, size_t max)
{
	return fitting(s, party, start, end, b, nb, exclude, true, out, max);
}

size_t
free_tables_any(const struct setup *s, int party, int64_t start, int64_t end,
    const struct booked *b, size_t nb, int64_t *out, size_t max)
{
	return fitting(s, party, start, end, b, nb, 0, false, out, max);
}

/* Covers of reservations starting in [from, to). */
static int
covers_starting(const struct avail_query *q, int64_t from, int64_t to)
{
	size_t	 i;
	int	 sum = 0;

	for (i = 0; i < q->nbooked; i++)
		if (q->booked[i].id != q->exclude && q->booked[i].start >= from &&
		    q->booked[i].start < to)
			sum += q->booked[i].party;
	return sum;
}

/* Consider one start minute of a service closing at close_min. */
static void
consider(const struct avail_query *q, int minute, int close_min, int turn,
    struct slot *out, size_t *n, size_t max)
{
	const struct setup	*s = q->s;
	int64_t			 start, end, close, tid;
	size_t			 i;

	if (*n >= max || minute < 0 || minute >= 24 * 60)
		return;		/* only starts on the date itself */
	if (!clock_instant(q->clock, minute, &start))
		return;		/* a wall-clock time that does not exist */
	for (i = 0; i < *n; i++)
		if (out[i].start == start)
			return;	/* an ambiguous hour or overlapping services */
	end = start + (int64_t)turn * 60;
	close = clock_close(q->clock, close_min);
	if (end > close)
		return;
	if (start < q->now + (int64_t)s->min_notice_minutes * 60 ||
	    start > q->now + (int64_t)s->booking_window_days * 86400)
		return;
	if (s->pacing > 0 && covers_starting(q, start,
	    start + (int64_t)s->slot_minutes * 60) + q->party > s->pacing)
		return;
	if (free_tables(s, q->party, start, end, q->booked, q->nbooked,
	    q->exclude, &tid, 1) == 0)
		return;
	out[*n].minute = minute;
	out[*n].start = start;
	out[*n].end = end;
	(*n)++;
}

static int
by_start(const void *a, const void *b)
{
	const struct slot	*x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

size_t
availability(const struct avail_query *q, struct slot *out, size_t max)
{
	const struct setup	*s = q->s;
	const struct opening	*o;
	int			 turn, weekday, yesterday, close, m, step;
	size_t			 i, n = 0;

	if (!s->active || q->party < 1 || q->party > s->max_party)
		return 0;
	if ((turn = turn_minutes(s, q->party)) <= 0)
		return 0;
	step = s->slot_minutes > 0 ? s->slot_minutes : 15;
	weekday = date_weekday(q->day);
	yesterday = weekday == 1 ? 7 : weekday - 1;
	for (i = 0; i < s->nhours; i++) {
		o = &s->hours[i];
		close = o->closes <= o->opens ? o->closes + 24 * 60 : o->closes;
		/* today's services, and yesterday's that run past midnight */
		if (o->weekday == weekday && !setup_closed(s, q->day))
			for (m = o->opens; m < close; m += step)
				consider(q, m, close, turn, out, &n, max);
		if (o->weekday == yesterday && o->closes <= o->opens &&
		    !setup_closed(s, q->day - 1))
			for (m = o->opens - 24 * 60; m < o->closes; m += step)
				consider(q, m, o->closes, turn, out, &n, max);
	}
	qsort(out, n, sizeof *out, by_start);
	return n;
}

static int	 near_target;

static int
by_distance(const void *a, const void *b)
{
	const struct slot	*x = a, *y = b;
	int			 dx = abs(x->minute - near_target);
	int			 dy = abs(y->minute - near_target);

	if (dx != dy)
		return dx - dy;
	return x->minute - y->minute;
}

size_t
slots_nearest(struct slot *v, size_t n, int minute, size_t k)
{
	near_target = minute;
	qsort(v, n, sizeof *v, by_distance);
	if (n > k)
		n = k;
	qsort(v, n, sizeof *v, by_start);
	return n;
}
