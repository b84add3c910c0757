/* setup.c: restaurants' set-ups and local clocks, cached per worker, dropped on NOTIFY. */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SETUP_SLOTS	512	/* cached set-ups; the oldest is replaced */
#define SETUP_MAX_AGE	600.0	/* seconds; a safety net under NOTIFY */
#define CLOCK_SLOTS	512	/* (zone, day) pairs: a few zones × the booking window */

struct clock_entry {
	char		 tz[64];
	int		 day;
	bool		 used;
	struct day_clock c;
};

struct setup_cache {
	struct setup	*v[SETUP_SLOTS];
	size_t		 next;		/* round-robin victim */
	unsigned long	 gen;		/* the request being served */
	struct clock_entry clocks[CLOCK_SLOTS];
	size_t		 next_clock;
	unsigned long	 reconnects;	/* of the db when last synced */
	unsigned long	 changes;	/* notifications and reconnects seen */
};

/* Column order of STMT_SETUP_GET. */
enum {
	S_ID, S_SLUG, S_NAME, S_TZ, S_PHONE, S_EMAIL, S_ADDRESS, S_CITY, S_SLOT,
	S_WINDOW, S_NOTICE, S_CUTOFF, S_PACING, S_MAXPARTY, S_MANUAL, S_ACTIVE,
	S_HOURS, S_CLOSURES, S_TURNS, S_TABLES, S__MAX
};

static void
setup_free(struct setup *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	free(s->hours);
	free(s->closures);
	free(s->turns);
	free(s->tables);
	for (i = 0; i < sizeof s->strings_ / sizeof s->strings_[0]; i++)
		free(s->strings_[i]);
	json_decref(s->json_);
	free(s);
}

unsigned long
setup_cache_changes(const struct setup_cache *c)
{
	return c->changes;
}

struct setup_cache *
setup_cache_new(void)
{
	return calloc(1, sizeof(struct setup_cache));
}

void
setup_cache_free(struct setup_cache *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < SETUP_SLOTS; i++)
		setup_free(c->v[i]);
	free(c);
}

static void
drop_all(struct setup_cache *c)
{
	size_t	 i;

	for (i = 0; i < SETUP_SLOTS; i++) {
		setup_free(c->v[i]);
		c->v[i] = NULL;
	}
}

void
setup_cache_sync(struct setup_cache *c, struct db *db)
{
	PGnotify	*n;
	int64_t		 id;
	size_t		 i;
	double		 now = mono_now();

	c->gen++;
	for (i = 0; i < SETUP_SLOTS; i++)
		if (c->v[i] != NULL && now - c->v[i]->loaded_at > SETUP_MAX_AGE) {
			setup_free(c->v[i]);
			c->v[i] = NULL;
		}
	if (db->reconnects != c->reconnects) {
		/* notifications sent while we were away are lost */
		drop_all(c);
		c->reconnects = db->reconnects;
		c->changes++;
	}
	if (db->conn == NULL || PQconsumeInput(db->conn) != 1)
		return;
	while ((n = PQnotifies(db->conn)) != NULL) {
		c->changes++;
		id = strtoll(n->extra, NULL, 10);
		for (i = 0; i < SETUP_SLOTS; i++)
			if (c->v[i] != NULL && c->v[i]->id == id) {
				setup_free(c->v[i]);
				c->v[i] = NULL;
			}
		PQfreemem(n);
	}
}

/* A copy of a column kept in s->strings_[i]; "" on out of memory. */
static const char *
keep(struct setup *s, size_t i, const PGresult *res, int row, int col)
{
	s->strings_[i] = strdup(db_str(res, row, col));
	return s->strings_[i] != NULL ? s->strings_[i] : "";
}

/* Parse one row of STMT_SETUP_GET into a new setup. */
static NEOERR *
setup_parse(const PGresult *res, int row, struct setup **out)
{
	struct setup	*s;
	json_error_t	 jerr;
	json_t		*h, *cl, *tu, *ta, *e;
	size_t		 i;

	*out = NULL;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return nerr_raise(NERR_NOMEM, "setup");
	s->id = db_int(res, row, S_ID);
	s->slug = keep(s, 0, res, row, S_SLUG);
	s->name = keep(s, 1, res, row, S_NAME);
	s->timezone = keep(s, 2, res, row, S_TZ);
	s->phone = keep(s, 3, res, row, S_PHONE);
	s->email = keep(s, 4, res, row, S_EMAIL);
	s->address = keep(s, 5, res, row, S_ADDRESS);
	s->city = keep(s, 6, res, row, S_CITY);
	s->slot_minutes = (int)db_int(res, row, S_SLOT);
	s->booking_window_days = (int)db_int(res, row, S_WINDOW);
	s->min_notice_minutes = (int)db_int(res, row, S_NOTICE);
	s->cancel_cutoff_minutes = (int)db_int(res, row, S_CUTOFF);
	s->pacing = (int)db_int(res, row, S_PACING);
	s->max_party = (int)db_int(res, row, S_MAXPARTY);
	s->manual = db_bool(res, row, S_MANUAL);
	s->active = db_bool(res, row, S_ACTIVE);
	s->json_ = json_pack("{s:o,s:o,s:o,s:o}",
	    "h", json_loads(db_str(res, row, S_HOURS), 0, &jerr),
	    "c", json_loads(db_str(res, row, S_CLOSURES), 0, &jerr),
	    "u", json_loads(db_str(res, row, S_TURNS), 0, &jerr),
	    "t", json_loads(db_str(res, row, S_TABLES), 0, &jerr));
	if (s->json_ == NULL) {
		setup_free(s);
		return nerr_raise(ERR_DB, "set-up JSON");
	}
	h = json_object_get(s->json_, "h");
	cl = json_object_get(s->json_, "c");
	tu = json_object_get(s->json_, "u");
	ta = json_object_get(s->json_, "t");
	s->hours = calloc(json_array_size(h) + 1, sizeof *s->hours);
	s->closures = calloc(json_array_size(cl) + 1, sizeof *s->closures);
	s->turns = calloc(json_array_size(tu) + 1, sizeof *s->turns);
	s->tables = calloc(json_array_size(ta) + 1, sizeof *s->tables);
	if (s->hours == NULL || s->closures == NULL || s->turns == NULL ||
	    s->tables == NULL) {
		setup_free(s);
		return nerr_raise(NERR_NOMEM, "setup");
	}
	json_array_foreach(h, i, e) {
		s->hours[i].weekday = (int)json_integer_value(json_array_get(e, 0));
		s->hours[i].opens = (int)json_integer_value(json_array_get(e, 1));
		s->hours[i].closes = (int)json_integer_value(json_array_get(e, 2));
		s->hours[i].name = json_string_value(json_array_get(e, 3));
	}
	s->nhours = json_array_size(h);
	json_array_foreach(cl, i, e) {
		s->closures[i].from = (int)json_integer_value(json_array_get(e, 0));
		s->closures[i].to = (int)json_integer_value(json_array_get(e, 1));
	}
	s->nclosures = json_array_size(cl);
	json_array_foreach(tu, i, e) {
		s->turns[i].party_min = (int)json_integer_value(json_array_get(e, 0));
		s->turns[i].party_max = (int)json_integer_value(json_array_get(e, 1));
		s->turns[i].minutes = (int)json_integer_value(json_array_get(e, 2));
	}
	s->nturns = json_array_size(tu);
	json_array_foreach(ta, i, e) {
		s->tables[i].id = json_integer_value(json_array_get(e, 0));
		s->tables[i].seats_min = (int)json_integer_value(json_array_get(e, 1));
		s->tables[i].seats_max = (int)json_integer_value(json_array_get(e, 2));
		s->tables[i].online = json_is_true(json_array_get(e, 3));
		s->tables[i].label = json_string_value(json_array_get(e, 4));
		s->tables[i].area = json_string_value(json_array_get(e, 5));
		s->tables[i].active = json_is_true(json_array_get(e, 6));
	}
	s->ntables = json_array_size(ta);
	s->loaded_at = mono_now();
	*out = s;
	return STATUS_OK;
}

/*
 * Keep s in the cache. When full, replace an entry the current request
 * has not been handed (those stay valid until the next sync).
 */
static void
cache_put(struct setup_cache *c, struct setup *s)
{
	size_t	 i, k;

	s->gen_ = c->gen;
	for (i = 0; i < SETUP_SLOTS; i++)
		if (c->v[i] == NULL) {
			c->v[i] = s;
			return;
		}
	for (i = 0; i < SETUP_SLOTS; i++) {
		k = (c->next + i) % SETUP_SLOTS;
		if (c->v[k]->gen_ != c->gen) {
			setup_free(c->v[k]);
			c->v[k] = s;
			c->next = (k + 1) % SETUP_SLOTS;
			return;
		}
	}
	setup_free(s);	/* a request using every slot: serve it uncached */
}

static struct setup *
cache_find(struct setup_cache *c, int64_t id, const char *slug)
{
	size_t	 i;

	for (i = 0; i < SETUP_SLOTS; i++) {
		if (c->v[i] == NULL)
			continue;
		if ((id != 0 && c->v[i]->id == id) ||
		    (id == 0 && slug != NULL && strcmp(c->v[i]->slug, slug) == 0)) {
			c->v[i]->gen_ = c->gen;
			return c->v[i];
		}
	}
	return NULL;
}

/* "{1,2,3}": ids as a PostgreSQL array literal into s (initialised here). */
static void
id_array(STRING *s, const int64_t *ids, size_t n)
{
	size_t	 i;

	string_init(s);
	string_append_char(s, '{');
	for (i = 0; i < n; i++)
		string_appendf(s, "%s%lld", i > 0 ? "," : "", (long long)ids[i]);
	string_append_char(s, '}');
}

/* Load the given ids (and/or slug) from the database into the cache. */
static NEOERR *
load(struct setup_cache *c, struct db *db, const int64_t *ids, size_t n,
    const char *slug)
{
	STRING		 arr;
	PGresult	*res = NULL;
	NEOERR		*err;
	struct setup	*s;
	const char	*p[2];
	int		 row, rows;

	id_array(&arr, ids, n);
	p[0] = arr.buf;
	p[1] = slug != NULL ? slug : "";
	err = db_exec(db, STMT_SETUP_GET, 2, p, &res);
	string_clear(&arr);
	if (err != STATUS_OK)
		return nerr_pass(err);
	rows = PQntuples(res);
	for (row = 0; row < rows && err == STATUS_OK; row++)
		if ((err = setup_parse(res, row, &s)) == STATUS_OK)
			cache_put(c, s);
	PQclear(res);
	return nerr_pass(err);
}

NEOERR *
setup_get(struct setup_cache *c, struct db *db, int64_t id, const char *slug,
    const struct setup **out)
{
	NEOERR	*err;

	if ((*out = cache_find(c, id, slug)) != NULL)
		return STATUS_OK;
	if ((err = load(c, db, &id, id != 0 ? 1 : 0, id == 0 ? slug : NULL)) !=
	    STATUS_OK)
		return nerr_pass(err);
	*out = cache_find(c, id, slug);
	return STATUS_OK;
}

NEOERR *
setup_get_many(struct setup_cache *c, struct db *db, const int64_t *ids,
    size_t n, const struct setup **out)
{
	int64_t		*missing;
	size_t		 i, m = 0;
	NEOERR		*err = STATUS_OK;

	if ((missing = calloc(n + 1, sizeof *missing)) == NULL)
		return nerr_raise(NERR_NOMEM, "setup ids");
	for (i = 0; i < n; i++)
		if ((out[i] = cache_find(c, ids[i], NULL)) == NULL)
			missing[m++] = ids[i];
	if (m > 0 && (err = load(c, db, missing, m, NULL)) == STATUS_OK)
		for (i = 0; i < n; i++)
			if (out[i] == NULL)
				out[i] = cache_find(c, ids[i], NULL);
	free(missing);
	return nerr_pass(err);
}

NEOERR *
clock_get(struct setup_cache *c, struct db *db, const char *tz, int day,
    const struct day_clock **out)
{
	struct clock_entry	*e;
	PGresult		*res = NULL;
	NEOERR			*err;
	const char		*p[2];
	char			 date[11];
	size_t			 i;
	int			 h;

	for (i = 0; i < CLOCK_SLOTS; i++) {
		e = &c->clocks[i];
		if (e->used && e->day == day && strcmp(e->tz, tz) == 0) {
			*out = &e->c;
			return STATUS_OK;
		}
	}
	if (strlen(tz) >= sizeof e->tz)
		return nerr_raise(ERR_DB, "time zone name too long: %s", tz);
	date_format(day, date);
	p[0] = tz;
	p[1] = date;
	if ((err = db_exec(db, STMT_DAY_CLOCK, 2, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) != CLOCK_HOURS) {
		PQclear(res);
		return nerr_raise(ERR_DB, "day clock of %s %s", tz, date);
	}
	e = &c->clocks[c->next_clock];
	c->next_clock = (c->next_clock + 1) % CLOCK_SLOTS;
	for (h = 0; h < CLOCK_HOURS; h++) {
		e->c.hour[h] = db_int(res, h, 0);
		e->c.exists[h] = db_bool(res, h, 1);
	}
	PQclear(res);
	snprintf(e->tz, sizeof e->tz, "%s", tz);
	e->day = day;
	e->used = true;
	*out = &e->c;
	return STATUS_OK;
}

NEOERR *
db_booked_list(struct db *db, const int64_t *ids, size_t n, int64_t from,
    int64_t to, struct booked **out, size_t *nout)
{
	STRING		 arr;
	PGresult	*res = NULL;
	NEOERR		*err;
	char		 f[24], t[24];
	const char	*p[3];
	int		 row, rows;

	*out = NULL;
	*nout = 0;
	id_array(&arr, ids, n);
	snprintf(f, sizeof f, "%lld", (long long)from);
	snprintf(t, sizeof t, "%lld", (long long)to);
	p[0] = arr.buf;
	p[1] = f;
	p[2] = t;
	err = db_exec(db, STMT_BOOKED_RANGE, 3, p, &res);
	string_clear(&arr);
	if (err != STATUS_OK)
		return nerr_pass(err);
	rows = PQntuples(res);
	if ((*out = calloc((size_t)rows + 1, sizeof **out)) == NULL) {
		PQclear(res);
		return nerr_raise(NERR_NOMEM, "booked");
	}
	for (row = 0; row < rows; row++) {
		(*out)[row].id = db_int(res, row, 0);
		(*out)[row].restaurant_id = db_int(res, row, 1);
		(*out)[row].table_id = db_int(res, row, 2);
		(*out)[row].start = db_int(res, row, 3);
		(*out)[row].end = db_int(res, row, 4);
		(*out)[row].party = (int)db_int(res, row, 5);
	}
	*nout = (size_t)rows;
	PQclear(res);
	return STATUS_OK;
}
