/*
 * setup.c: restaurants' set-ups, public page data and local clocks, cached
 * per worker, dropped on NOTIFY.
 */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#define SETUP_SLOTS	1024	/* cached set-ups; the oldest is replaced */
/*
 * The shared cache's owner for a restaurant's bookings: apart from the
 * restaurant's own (its set-up and page), so that a booking leaves those.
 */
#define BOOKED_OWNER(id)	((int64_t)(id) + ((int64_t)1 << 48))
#define SETUP_MAX_AGE	600.0	/* seconds; a safety net under NOTIFY */
/*
 * Each read counts as up to half of that older than it is, so that what was
 * read together (after a start) does not end together, and a burst of
 * reads does not come back every ten minutes.
 */
#define AGE_JITTER()	((double)randombytes_uniform((uint32_t)SETUP_MAX_AGE / 2))
#define CLOCK_SLOTS	512	/* (zone, day) pairs: a few zones × the booking window */
#define PAGE_SLOTS	1024	/* restaurants' public page data */
#define PAGE_BYTES	(4u << 20)	/* and at most this much of it */
#define PENDING_MAX	8	/* pages read in one request, shared at the next sync */

/* One restaurant's page data and what it cost. */
struct page_entry {
	struct restaurant_page p;	/* first: a page is its entry */
	uint32_t	 hash;		/* of the slug */
	unsigned long	 gen;		/* request that last used it */
	size_t		 bytes;
	uint64_t	 stamp;		/* shared cache's, before the read */
	bool		 transient;	/* read from a replica: never kept */
};

struct clock_entry {
	char		 tz[64];
	int		 day;
	bool		 used;
	struct day_clock c;
};

struct setup_cache {
	struct setup	*v[SETUP_SLOTS];
	int64_t		 ids[SETUP_SLOTS];	/* of v[i], scanned without it */
	size_t		 next;		/* round-robin victim */
	unsigned long	 gen;		/* the request being served */
	struct clock_entry clocks[CLOCK_SLOTS];
	size_t		 next_clock;
	unsigned long	 reconnects;	/* of the db when last synced */
	unsigned long	 changes;	/* notifications and reconnects seen */
	double		 swept_at;	/* last look for old set-ups */
	struct page_entry *pages[PAGE_SLOTS];
	uint32_t	 hashes[PAGE_SLOTS];	/* of pages[i], likewise */
	size_t		 next_page;
	size_t		 page_bytes;
	struct shc	*shared;	/* the workers' common store, or NULL */
	struct page_entry *pending[PENDING_MAX];	/* to store there */
	size_t		 npending;
	/*
	 * What this request read from a replica: its own, in neither this
	 * worker's cache nor the shared one, freed at the next sync.
	 */
	struct setup	**tsetups;
	size_t		 ntsetups;
	struct page_entry **tpages;
	size_t		 ntpages;
};

/* Column order of SETUP_SELECT (db_stmts.c). */
enum {
	S_ID, S_SLUG, S_NAME, S_TZ, S_PHONE, S_EMAIL, S_ADDRESS, S_CITY, S_SLOT,
	S_WINDOW, S_NOTICE, S_CUTOFF, S_PACING, S_MAXPARTY, S_MANUAL, S_ACTIVE,
	S_HOURS, S_CLOSURES, S_TURNS, S_TABLES, S_DEPOSIT, S__MAX
};

/* A kept set-up is one allocation (setup_pack). */
static void
setup_free(struct setup *s)
{
	free(s);
}

static void
entry_free(struct page_entry *e)
{
	int	 i;

	for (i = 0; i < PAGE_FRAGMENTS; i++)
		free((void *)e->p.frag[i]);
	free((void *)e->p.r);
	free((void *)e->p.reviews);
	free((void *)e->p.photos);
	free(e);
}

/* Free what the last request read from a replica. */
static void
transient_free(struct setup_cache *c)
{
	size_t	 i;

	for (i = 0; i < c->ntsetups; i++)
		setup_free(c->tsetups[i]);
	for (i = 0; i < c->ntpages; i++)
		entry_free(c->tpages[i]);
	c->ntsetups = c->ntpages = 0;
}

static void
page_free(struct setup_cache *c, size_t i)
{
	if (c->pages[i] == NULL)
		return;
	c->page_bytes -= c->pages[i]->bytes;
	entry_free(c->pages[i]);
	c->pages[i] = NULL;
}

unsigned long
setup_cache_changes(const struct setup_cache *c)
{
	return c->changes;
}

struct setup_cache *
setup_cache_new(struct shc *shared)
{
	struct setup_cache	*c;

	if ((c = calloc(1, sizeof *c)) != NULL)
		c->shared = shared;
	return c;
}

void
setup_cache_free(struct setup_cache *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < SETUP_SLOTS; i++)
		setup_free(c->v[i]);
	for (i = 0; i < PAGE_SLOTS; i++)
		page_free(c, i);
	transient_free(c);
	free(c->tsetups);
	free(c->tpages);
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
	for (i = 0; i < PAGE_SLOTS; i++)
		page_free(c, i);
}

static void	share_page(struct setup_cache *, struct page_entry *);

void
setup_cache_idle(struct setup_cache *c)
{
	size_t	 i;

	/*
	 * Pages the request read, with what it rendered of them: still in
	 * the cache (only the next request may drop them).
	 */
	for (i = 0; i < c->npending; i++)
		share_page(c, c->pending[i]);
	c->npending = 0;
}

/*
 * A notification of changed bookings: "ID" from a writer that is not a
 * worker, "HOST:ID,ID..." or "HOST:*" from another host's workers; this
 * host's own were dropped before they were sent.
 */
static void
booked_notified(struct setup_cache *c, const char *msg)
{
	const char	*p = msg, *colon = strchr(msg, ':');
	char		*end;
	long long	 id;

	if (c->shared == NULL)
		return;
	if (colon != NULL) {
		if (strtoull(msg, &end, 16) == shc_host(c->shared) &&
		    end == colon)
			return;
		p = colon + 1;
	}
	if (*p == '*') {
		shc_drop_all(c->shared);
		return;
	}
	while (*p != '\0') {
		id = strtoll(p, &end, 10);
		if (end == p)
			break;
		if (id > 0)
			shc_drop(c->shared, BOOKED_OWNER(id));
		p = *end == ',' ? end + 1 : end;
	}
}

void
setup_cache_sync(struct setup_cache *c, struct db *db)
{
	PGnotify	*n;
	int64_t		 id;
	size_t		 i;
	double		 now = mono_now();

	setup_cache_idle(c);
	if (c->ntsetups > 0 || c->ntpages > 0)
		transient_free(c);
	c->gen++;
	if (now - c->swept_at >= 1.0) {
		c->swept_at = now;
		for (i = 0; i < SETUP_SLOTS; i++)
			if (c->v[i] != NULL &&
			    now - c->v[i]->loaded_at > SETUP_MAX_AGE) {
				setup_free(c->v[i]);
				c->v[i] = NULL;
			}
	}
	if (db->reconnects != c->reconnects) {
		/* notifications sent while we were away are lost */
		drop_all(c);
		shc_drop_all(c->shared);
		c->reconnects = db->reconnects;
		c->changes++;
	}
	if (db->conn == NULL || PQconsumeInput(db->conn) != 1)
		return;
	while ((n = PQnotifies(db->conn)) != NULL) {
		if (strcmp(n->relname, BOOKED_CHANNEL) == 0) {
			booked_notified(c, n->extra);
			PQfreemem(n);
			continue;
		}
		c->changes++;
		id = strtoll(n->extra, NULL, 10);
		shc_drop(c->shared, id);
		for (i = 0; i < SETUP_SLOTS; i++)
			if (c->v[i] != NULL && c->v[i]->id == id) {
				setup_free(c->v[i]);
				c->v[i] = NULL;
			}
		for (i = 0; i < PAGE_SLOTS; i++)
			if (c->pages[i] != NULL && c->pages[i]->p.r->id == id)
				page_free(c, i);
		PQfreemem(n);
	}
}

/* Every string of s through str_pack. */
static void
setup_strings(struct setup *s, struct str_pack *sp)
{
	size_t	 i;

	str_pack(sp, &s->slug);
	str_pack(sp, &s->name);
	str_pack(sp, &s->timezone);
	str_pack(sp, &s->phone);
	str_pack(sp, &s->email);
	str_pack(sp, &s->address);
	str_pack(sp, &s->city);
	for (i = 0; i < s->nhours; i++)
		str_pack(sp, &s->hours[i].name);
	for (i = 0; i < s->ntables; i++) {
		str_pack(sp, &s->tables[i].label);
		str_pack(sp, &s->tables[i].area);
	}
	for (i = 0; i < s->deposit.nservices; i++)
		str_pack(sp, &s->deposit.services[i]);
}

/*
 * s in one piece at dst, its pointers into that piece, taking *bytes (with
 * dst NULL, only *bytes is set). Arrays of 8-byte alignment come first.
 */
static struct setup *
setup_pack(const struct setup *s, void *dst, size_t *bytes)
{
	struct setup	 sized = *s, *d = dst;
	struct str_pack	 sp = { NULL, 0 };
	size_t		 head;

	head = sizeof *d + s->nhours * sizeof *d->hours +
	    s->ntables * sizeof *d->tables + s->nclosures * sizeof *d->closures +
	    s->nturns * sizeof *d->turns +
	    s->deposit.ndates * sizeof *d->deposit.dates;
	setup_strings(&sized, &sp);	/* counts only */
	*bytes = head + sp.size;
	if (d == NULL)
		return NULL;
	*d = *s;
	d->hours = (struct opening *)(d + 1);
	d->tables = (struct dtable *)(d->hours + s->nhours);
	d->closures = (struct day_range *)(d->tables + s->ntables);
	d->turns = (struct turn_time *)(d->closures + s->nclosures);
	if (s->nhours > 0)
		memcpy(d->hours, s->hours, s->nhours * sizeof *d->hours);
	if (s->ntables > 0)
		memcpy(d->tables, s->tables, s->ntables * sizeof *d->tables);
	if (s->nclosures > 0)
		memcpy(d->closures, s->closures,
		    s->nclosures * sizeof *d->closures);
	if (s->nturns > 0)
		memcpy(d->turns, s->turns, s->nturns * sizeof *d->turns);
	d->deposit.dates = (const int *)(d->turns + s->nturns);
	if (s->deposit.ndates > 0)
		memcpy((int *)(d->turns + s->nturns), s->deposit.dates,
		    s->deposit.ndates * sizeof *d->deposit.dates);
	sp.buf = (char *)(d->deposit.dates + s->deposit.ndates);
	sp.size = 0;
	setup_strings(d, &sp);
	return d;
}

/* A copy of s in one allocation (setup_free() it); NULL if out of memory. */
static struct setup *
setup_dup(const struct setup *s)
{
	size_t	 bytes;
	void	*d;

	setup_pack(s, NULL, &bytes);
	if ((d = malloc(bytes)) == NULL)
		return NULL;
	return setup_pack(s, d, &bytes);
}

/* Parse one row of SETUP_SELECT into a new setup. */
static NEOERR *
setup_parse(const PGresult *res, int row, struct setup **out)
{
	struct setup	 s;
	json_error_t	 jerr;
	json_t		*json, *h, *cl, *tu, *ta, *e, *dep = NULL;
	int		 dates[DEPOSIT_DATES];
	size_t		 i;

	*out = NULL;
	memset(&s, 0, sizeof s);
	s.id = db_int(res, row, S_ID);
	s.slug = db_str(res, row, S_SLUG);
	s.name = db_str(res, row, S_NAME);
	s.timezone = db_str(res, row, S_TZ);
	s.phone = db_str(res, row, S_PHONE);
	s.email = db_str(res, row, S_EMAIL);
	s.address = db_str(res, row, S_ADDRESS);
	s.city = db_str(res, row, S_CITY);
	s.slot_minutes = (int)db_int(res, row, S_SLOT);
	s.booking_window_days = (int)db_int(res, row, S_WINDOW);
	s.min_notice_minutes = (int)db_int(res, row, S_NOTICE);
	s.cancel_cutoff_minutes = (int)db_int(res, row, S_CUTOFF);
	s.pacing = (int)db_int(res, row, S_PACING);
	s.max_party = (int)db_int(res, row, S_MAXPARTY);
	s.manual = db_bool(res, row, S_MANUAL);
	s.active = db_bool(res, row, S_ACTIVE);
	json = json_pack("{s:o,s:o,s:o,s:o}",
	    "h", json_loads(db_str(res, row, S_HOURS), 0, &jerr),
	    "c", json_loads(db_str(res, row, S_CLOSURES), 0, &jerr),
	    "u", json_loads(db_str(res, row, S_TURNS), 0, &jerr),
	    "t", json_loads(db_str(res, row, S_TABLES), 0, &jerr));
	if (json == NULL)
		return nerr_raise(ERR_DB, "set-up JSON");
	h = json_object_get(json, "h");
	cl = json_object_get(json, "c");
	tu = json_object_get(json, "u");
	ta = json_object_get(json, "t");
	s.hours = calloc(json_array_size(h) + 1, sizeof *s.hours);
	s.closures = calloc(json_array_size(cl) + 1, sizeof *s.closures);
	s.turns = calloc(json_array_size(tu) + 1, sizeof *s.turns);
	s.tables = calloc(json_array_size(ta) + 1, sizeof *s.tables);
	if (s.hours == NULL || s.closures == NULL || s.turns == NULL ||
	    s.tables == NULL)
		goto out;
	json_array_foreach(h, i, e) {
		s.hours[i].weekday = (int)json_integer_value(json_array_get(e, 0));
		s.hours[i].opens = (int)json_integer_value(json_array_get(e, 1));
		s.hours[i].closes = (int)json_integer_value(json_array_get(e, 2));
		s.hours[i].name = json_string_value(json_array_get(e, 3));
	}
	s.nhours = json_array_size(h);
	json_array_foreach(cl, i, e) {
		s.closures[i].from = (int)json_integer_value(json_array_get(e, 0));
		s.closures[i].to = (int)json_integer_value(json_array_get(e, 1));
	}
	s.nclosures = json_array_size(cl);
	json_array_foreach(tu, i, e) {
		s.turns[i].party_min = (int)json_integer_value(json_array_get(e, 0));
		s.turns[i].party_max = (int)json_integer_value(json_array_get(e, 1));
		s.turns[i].minutes = (int)json_integer_value(json_array_get(e, 2));
	}
	s.nturns = json_array_size(tu);
	json_array_foreach(ta, i, e) {
		s.tables[i].id = json_integer_value(json_array_get(e, 0));
		s.tables[i].seats_min = (int)json_integer_value(json_array_get(e, 1));
		s.tables[i].seats_max = (int)json_integer_value(json_array_get(e, 2));
		s.tables[i].online = json_is_true(json_array_get(e, 3));
		s.tables[i].label = json_string_value(json_array_get(e, 4));
		s.tables[i].area = json_string_value(json_array_get(e, 5));
		s.tables[i].active = json_is_true(json_array_get(e, 6));
	}
	s.ntables = json_array_size(ta);
	/* the deposit policy: none without a row */
	s.deposit.kind = DEPOSIT_NONE;
	if (!PQgetisnull(res, row, S_DEPOSIT)) {
		dep = json_loads(db_str(res, row, S_DEPOSIT), 0, &jerr);
		if (!deposit_from_json(dep, &s.deposit, dates)) {
			log_warn("restaurant %lld: unreadable deposit policy",
			    (long long)s.id);
			memset(&s.deposit, 0, sizeof s.deposit);
			s.deposit.kind = DEPOSIT_NONE;
		}
	}
	s.loaded_at = mono_now() - AGE_JITTER();
	/* one piece: a parsed JSON tree costs several times what it holds */
	*out = setup_dup(&s);
out:
	free(s.hours);
	free(s.closures);
	free(s.turns);
	free(s.tables);
	json_decref(json);
	json_decref(dep);
	if (*out == NULL)
		return nerr_raise(NERR_NOMEM, "setup");
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
			c->ids[i] = s->id;
			return;
		}
	for (i = 0; i < SETUP_SLOTS; i++) {
		k = (c->next + i) % SETUP_SLOTS;
		if (c->v[k]->gen_ != c->gen) {
			setup_free(c->v[k]);
			c->v[k] = s;
			c->ids[k] = s->id;
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
		if ((id != 0 && c->ids[i] != id) || c->v[i] == NULL)
			continue;
		if (id != 0 ||
		    (slug != NULL && strcmp(c->v[i]->slug, slug) == 0)) {
			/*
			 * changed since it was read (another worker committed
			 * and its NOTIFY is on the way): read it again, unless
			 * this request holds it already
			 */
			if (c->v[i]->gen_ != c->gen && !shc_fresh(c->shared,
			    c->v[i]->id, c->v[i]->stamp_)) {
				setup_free(c->v[i]);
				c->v[i] = NULL;
				return NULL;
			}
			c->v[i]->gen_ = c->gen;
			return c->v[i];
		}
	}
	return NULL;
}

void
setup_changed(struct setup_cache *c, int64_t id)
{
	size_t	 i;

	shc_drop(c->shared, id);
	for (i = 0; i < SETUP_SLOTS; i++)
		if (c->v[i] != NULL && c->v[i]->id == id &&
		    c->v[i]->gen_ != c->gen) {
			setup_free(c->v[i]);
			c->v[i] = NULL;
		}
}

/* shc_put's packer of a set-up. */
static void
pack_setup(void *dst, void *arg)
{
	size_t	 bytes;

	setup_pack(arg, dst, &bytes);
}

/* shc_get's unpacker of a set-up: a copy, or NULL if it is too old. */
static void *
unpack_setup(const void *blob, size_t len, void *arg)
{
	const struct setup	*s = blob;

	(void)len;
	(void)arg;
	if (mono_now() - s->loaded_at > SETUP_MAX_AGE)
		return NULL;
	return setup_dup(s);
}

/* A slug's restaurant, kept beside the set-ups for lookups by slug. */
struct slug_blob {
	int64_t		 id;
	char		 slug[];
};

struct slug_find {
	const char	*slug;
	int64_t		 id;
};

static void
pack_slug(void *dst, void *arg)
{
	const struct setup	*s = arg;
	struct slug_blob	*b = dst;

	b->id = s->id;
	memcpy(b->slug, s->slug, strlen(s->slug) + 1);
}

/* shc_get's unpacker of a slug: its id into arg, if the slug is arg's. */
static void *
unpack_slug(const void *blob, size_t len, void *arg)
{
	const struct slug_blob	*b = blob;
	struct slug_find	*f = arg;

	(void)len;
	if (strcmp(b->slug, f->slug) != 0)
		return NULL;	/* another slug of the same hash */
	f->id = b->id;
	return f;
}

/* FNV-1a of s: the shared cache's key of a slug (the low half, a page's). */
static uint64_t
hash64_str(const char *s)
{
	uint64_t	 h = 14695981039346656037ull;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* Offer s, read after stamp, to the other workers, by id and by slug. */
static void
share_setup(struct setup_cache *c, const struct setup *s, uint64_t stamp)
{
	size_t	 bytes;

	setup_pack(s, NULL, &bytes);
	if (shc_put(c->shared, SHC_SETUP, (uint64_t)s->id, s->id, stamp, 0,
	    bytes, pack_setup, (void *)s))
		shc_put(c->shared, SHC_SLUG, hash64_str(s->slug), s->id, stamp,
		    0, sizeof(struct slug_blob) + strlen(s->slug) + 1, pack_slug,
		    (void *)s);
}

/*
 * The set-up of id (or, with id 0, of slug) as another worker read it, now
 * in the cache; or NULL.
 */
static struct setup *
shared_find(struct setup_cache *c, int64_t id, const char *slug)
{
	struct setup		*s;
	struct slug_find	 f = { slug, 0 };

	if (c->shared == NULL)
		return NULL;
	if (id == 0) {
		if (slug == NULL || shc_get(c->shared, SHC_SLUG,
		    hash64_str(slug), 0, unpack_slug, &f) == NULL)
			return NULL;
		if ((s = cache_find(c, f.id, NULL)) != NULL)
			return s;
		id = f.id;
	}
	if ((s = shc_get(c->shared, SHC_SETUP, (uint64_t)id, 0, unpack_setup,
	    NULL)) == NULL)
		return NULL;
	cache_put(c, s);
	return cache_find(c, id, NULL);
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

/* Read the set-up of restaurant slug, or else of the given ids. */
static NEOERR *
load_query(struct db *db, const int64_t *ids, size_t n, const char *slug,
    PGresult **res)
{
	STRING		 arr;
	NEOERR		*err;
	const char	*p[1];
	char		 one[24];

	if (slug != NULL) {
		p[0] = slug;
		err = db_exec(db, STMT_SETUP_BY_SLUG, 1, p, res);
	} else if (n == 1) {
		snprintf(one, sizeof one, "%lld", (long long)ids[0]);
		p[0] = one;
		err = db_exec(db, STMT_SETUP_BY_ID, 1, p, res);
	} else {
		id_array(&arr, ids, n);
		p[0] = arr.buf;
		err = db_exec(db, STMT_SETUP_BY_IDS, 1, p, res);
		string_clear(&arr);
	}
	return nerr_pass(err);
}

/* Load the restaurant slug, or else the given ids, into the cache. */
static NEOERR *
load(struct setup_cache *c, struct db *db, const int64_t *ids, size_t n,
    const char *slug)
{
	PGresult	*res = NULL;
	NEOERR		*err;
	struct setup	*s;
	int		 row, rows;
	uint64_t	 stamp = shc_stamp(c->shared);	/* before the read */

	if ((err = load_query(db, ids, n, slug, &res)) != STATUS_OK)
		return nerr_pass(err);
	rows = PQntuples(res);
	for (row = 0; row < rows && err == STATUS_OK; row++)
		if ((err = setup_parse(res, row, &s)) == STATUS_OK) {
			s->stamp_ = stamp;
			share_setup(c, s, stamp);
			cache_put(c, s);
		}
	PQclear(res);
	return nerr_pass(err);
}

NEOERR *
setup_get(struct setup_cache *c, struct db *db, int64_t id, const char *slug,
    const struct setup **out)
{
	NEOERR	*err;

	if ((*out = cache_find(c, id, slug)) != NULL ||
	    (*out = shared_find(c, id, slug)) != NULL)
		return STATUS_OK;
	if ((err = load(c, db, &id, id != 0 ? 1 : 0, id == 0 ? slug : NULL)) !=
	    STATUS_OK)
		return nerr_pass(err);
	*out = cache_find(c, id, slug);
	return STATUS_OK;
}

/* Keep p (an array of *n pointers) one longer for x; false if out of memory. */
static bool
transient_add(void ***p, size_t *n, void *x)
{
	void	**v;

	if ((v = realloc(*p, (*n + 1) * sizeof *v)) == NULL)
		return false;
	v[(*n)++] = x;
	*p = v;
	return true;
}

NEOERR *
setup_get_uncached(struct setup_cache *c, struct db *db, int64_t id,
    const char *slug, const struct setup **out)
{
	PGresult	*res = NULL;
	struct setup	*s = NULL;
	NEOERR		*err;

	if ((*out = cache_find(c, id, slug)) != NULL ||
	    (*out = shared_find(c, id, slug)) != NULL)
		return STATUS_OK;
	if ((err = load_query(db, &id, id != 0 ? 1 : 0, id == 0 ? slug : NULL,
	    &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) > 0 && (err = setup_parse(res, 0, &s)) == STATUS_OK &&
	    !transient_add((void ***)&c->tsetups, &c->ntsetups, s)) {
		setup_free(s);
		err = nerr_raise(NERR_NOMEM, "set-up");
	}
	PQclear(res);
	if (err == STATUS_OK)
		*out = s;
	return nerr_pass(err);
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
		if ((out[i] = cache_find(c, ids[i], NULL)) == NULL &&
		    (out[i] = shared_find(c, ids[i], NULL)) == NULL)
			missing[m++] = ids[i];
	if (m > 0 && (err = load(c, db, missing, m, NULL)) == STATUS_OK)
		for (i = 0; i < n; i++)
			if (out[i] == NULL)
				out[i] = cache_find(c, ids[i], NULL);
	free(missing);
	return nerr_pass(err);
}

/*
 * Keep e in a free slot, making room within PAGE_BYTES by dropping entries
 * in the order they were placed; those the current request holds stay
 * (they may take the cache over PAGE_BYTES for a while). False if every
 * slot is held by the current request.
 */
static bool
page_put(struct setup_cache *c, struct page_entry *e)
{
	size_t	 i, k, slot = PAGE_SLOTS;

	for (i = 0; i < PAGE_SLOTS && slot == PAGE_SLOTS; i++)
		if (c->pages[i] == NULL)
			slot = i;
	for (i = 0; i < PAGE_SLOTS && (slot == PAGE_SLOTS ||
	    c->page_bytes + e->bytes > PAGE_BYTES); i++) {
		k = (c->next_page + i) % PAGE_SLOTS;
		if (c->pages[k] == NULL || c->pages[k]->gen == c->gen)
			continue;
		page_free(c, k);
		c->next_page = (k + 1) % PAGE_SLOTS;
		if (slot == PAGE_SLOTS)
			slot = k;
	}
	if (slot == PAGE_SLOTS)
		return false;
	c->pages[slot] = e;
	c->hashes[slot] = e->hash;
	c->page_bytes += e->bytes;
	return true;
}

#define BLOB_ALIGN(n)	(((n) + 15) & ~(size_t)15)

/* Where the parts of a page entry lie in its shared blob. */
struct page_blob {
	size_t		 r;
	size_t		 reviews;
	size_t		 photos;
	size_t		 frag[PAGE_FRAGMENTS];	/* 0: not rendered yet */
	int		 review_total;
};

/* The layout of e's blob into *b; its size. */
static size_t
page_layout(const struct page_entry *e, struct page_blob *b)
{
	size_t	 n, off;
	int	 i;

	memset(b, 0, sizeof *b);
	b->review_total = e->p.review_total;
	b->r = off = BLOB_ALIGN(sizeof *b);
	restaurant_pack(e->p.r, NULL, &n);
	b->reviews = off = BLOB_ALIGN(off + n);
	db_rows_pack(e->p.reviews, NULL, &n);
	b->photos = off = BLOB_ALIGN(off + n);
	db_rows_pack(e->p.photos, NULL, &n);
	off += n;
	for (i = 0; i < PAGE_FRAGMENTS; i++)
		if (e->p.frag[i] != NULL) {
			b->frag[i] = off;
			off += strlen(e->p.frag[i]) + 1;
		}
	return off;
}

/* shc_put's packer of a page entry. */
static void
pack_page(void *dst, void *arg)
{
	const struct page_entry	*e = arg;
	struct page_blob	 b;
	unsigned char		*p = dst;
	size_t			 n;
	int			 i;

	page_layout(e, &b);
	memcpy(p, &b, sizeof b);
	restaurant_pack(e->p.r, p + b.r, &n);
	db_rows_pack(e->p.reviews, p + b.reviews, &n);
	db_rows_pack(e->p.photos, p + b.photos, &n);
	for (i = 0; i < PAGE_FRAGMENTS; i++)
		if (b.frag[i] != 0)
			memcpy(p + b.frag[i], e->p.frag[i],
			    strlen(e->p.frag[i]) + 1);
}

static struct db_rows *
rows_dup(const struct db_rows *src, size_t *bytes)
{
	void	*d;

	db_rows_pack(src, NULL, bytes);
	if ((d = malloc(*bytes)) == NULL)
		return NULL;
	return db_rows_pack(src, d, bytes);
}

/*
 * shc_get's unpacker of a page: a new entry, or NULL if the blob is
 * another slug's (their hashes met) or memory ran out.
 */
static void *
unpack_page(const void *blob, size_t len, void *arg)
{
	const unsigned char	*p = blob;
	const struct restaurant	*r;
	struct page_blob	 b;
	struct page_entry	*e;
	size_t			 b1 = 0, b2 = 0, b3 = 0;
	int			 i;
	bool			 ok = true;

	(void)len;
	memcpy(&b, p, sizeof b);
	r = (const struct restaurant *)(const void *)(p + b.r);
	if (strcmp(r->slug, arg) != 0 || (e = calloc(1, sizeof *e)) == NULL)
		return NULL;
	e->p.r = restaurant_dup(r, &b1);
	e->p.reviews = rows_dup((const struct db_rows *)(const void *)
	    (p + b.reviews), &b2);
	e->p.photos = rows_dup((const struct db_rows *)(const void *)
	    (p + b.photos), &b3);
	e->p.review_total = b.review_total;
	e->bytes = sizeof *e + b1 + b2 + b3;
	for (i = 0; i < PAGE_FRAGMENTS; i++) {
		if (b.frag[i] == 0)
			continue;
		if ((e->p.frag[i] = strdup((const char *)p + b.frag[i])) ==
		    NULL)
			ok = false;
		else
			e->bytes += strlen(e->p.frag[i]) + 1;
	}
	if (!ok || e->p.r == NULL || e->p.reviews == NULL ||
	    e->p.photos == NULL) {
		entry_free(e);
		return NULL;
	}
	return e;
}

/* Offer e to the other workers, with the fragments it has so far. */
static void
share_page(struct setup_cache *c, struct page_entry *e)
{
	struct page_blob	 b;

	shc_put(c->shared, SHC_PAGE, hash64_str(e->p.r->slug), e->p.r->id,
	    e->stamp, (long long)e->p.r->clock_until, page_layout(e, &b),
	    pack_page, e);
}

/*
 * Share e when this request has rendered what it will of it
 * (setup_cache_idle): one store a page.
 */
static void
page_pend(struct setup_cache *c, struct page_entry *e)
{
	size_t	 i;

	if (c->shared == NULL)
		return;
	for (i = 0; i < c->npending; i++)
		if (c->pending[i] == e)
			return;
	if (c->npending < PENDING_MAX)
		c->pending[c->npending++] = e;
	else
		share_page(c, e);
}

/* Read restaurant slug's page data from the database into a new *out. */
static NEOERR *
page_load(struct db *db, const char *slug, struct page_entry **out)
{
	struct restaurant	*rs = NULL;
	struct page_entry	*e;
	PGresult		*rv = NULL, *ph = NULL;
	char			 id[24], lim[16];
	const char		*p[4] = { id, "newest", lim, "0" };
	size_t			 b1 = 0, b2 = 0, b3 = 0;
	int64_t			 until;
	NEOERR			*err;

	*out = NULL;
	if ((err = db_restaurant_get_by_slug(db, slug, &rs)) != STATUS_OK ||
	    rs == NULL)
		return nerr_pass(err);
	/* kept while its date and offset hold, but not past the safety net */
	until = rs->read_minute * 60 + (int64_t)(SETUP_MAX_AGE - AGE_JITTER());
	if (rs->clock_until > until)
		rs->clock_until = until;
	snprintf(id, sizeof id, "%lld", (long long)rs->id);
	snprintf(lim, sizeof lim, "%d", PAGE_REVIEWS);
	if ((err = db_exec(db, STMT_REVIEWS_PAGE, 4, p, &rv)) != STATUS_OK ||
	    (err = db_exec(db, STMT_PHOTOS, 1, p, &ph)) != STATUS_OK)
		goto out;
	if ((e = calloc(1, sizeof *e)) == NULL) {
		err = nerr_raise(NERR_NOMEM, "page entry");
		goto out;
	}
	e->p.r = restaurant_dup(rs, &b1);
	e->p.reviews = db_rows_copy(rv, &b2);
	e->p.photos = db_rows_copy(ph, &b3);
	e->p.review_total = PQntuples(rv) > 0 ? (int)db_int(rv, 0, 7) : 0;
	e->bytes = sizeof *e + b1 + b2 + b3;
	if (e->p.r == NULL || e->p.reviews == NULL || e->p.photos == NULL) {
		entry_free(e);
		err = nerr_raise(NERR_NOMEM, "page entry");
		goto out;
	}
	*out = e;
out:
	PQclear(rv);
	PQclear(ph);
	db_restaurant_free(rs);
	return nerr_pass(err);
}

/* A page from the cache, or else read from db and kept only if keep. */
static NEOERR *
page_get(struct setup_cache *c, struct db *db, const char *slug, bool keep,
    const struct restaurant_page **out)
{
	struct page_entry	*e;
	uint64_t		 key = hash64_str(slug);
	uint32_t		 h = (uint32_t)key;
	long long		 now = (long long)time(NULL);
	uint64_t		 stamp;
	size_t			 i;
	NEOERR			*err;
	bool			 loaded = false;

	*out = NULL;
	for (i = 0; i < PAGE_SLOTS; i++) {
		if (c->hashes[i] != h || (e = c->pages[i]) == NULL ||
		    strcmp(e->p.r->slug, slug) != 0)
			continue;
		/*
		 * kept while the restaurant's date and offset hold (the page
		 * moves its clock on by itself); what this request was handed
		 * stays as it was
		 */
		if (now < e->p.r->clock_until || e->gen == c->gen) {
			e->gen = c->gen;
			*out = &e->p;
			return STATUS_OK;
		}
		page_free(c, i);
		break;
	}
	stamp = shc_stamp(c->shared);	/* before either read */
	if (c->shared == NULL || (e = shc_get(c->shared, SHC_PAGE, key, now,
	    unpack_page, (void *)slug)) == NULL) {
		if ((err = page_load(db, slug, &e)) != STATUS_OK || e == NULL)
			return nerr_pass(err);
		loaded = true;
		if (!keep) {
			/* this request's alone */
			e->transient = true;
			if (!transient_add((void ***)&c->tpages, &c->ntpages,
			    e)) {
				entry_free(e);
				return nerr_raise(NERR_NOMEM, "page entry");
			}
			*out = &e->p;
			return STATUS_OK;
		}
	}
	e->stamp = stamp;
	e->hash = h;
	e->gen = c->gen;
	if (!page_put(c, e)) {
		/* never: a request reads one page or two */
		entry_free(e);
		return nerr_raise(NERR_ASSERT, "page cache full in one request");
	}
	if (loaded)
		page_pend(c, e);
	*out = &e->p;
	return STATUS_OK;
}

NEOERR *
restaurant_page_get(struct setup_cache *c, struct db *db, const char *slug,
    const struct restaurant_page **out)
{
	return nerr_pass(page_get(c, db, slug, true, out));
}

NEOERR *
restaurant_page_get_uncached(struct setup_cache *c, struct db *db,
    const char *slug, const struct restaurant_page **out)
{
	return nerr_pass(page_get(c, db, slug, false, out));
}

void
restaurant_page_keep(struct setup_cache *c, const struct restaurant_page *pg,
    int i, char *s)
{
	/* a page handed out this request is in the cache until the next sync */
	struct page_entry	*e = (struct page_entry *)(void *)pg;
	size_t			 len;
	int			 k;

	if (i < 0 || i >= PAGE_FRAGMENTS) {
		free(s);
		return;
	}
	if (e->transient) {
		/* rendered for this request only, like the data */
		free((void *)e->p.frag[i]);
		e->p.frag[i] = s;
		return;
	}
	if (e->p.frag[i] != NULL) {
		len = strlen(e->p.frag[i]) + 1;
		e->bytes -= len;
		c->page_bytes -= len;
		free((void *)e->p.frag[i]);
	}
	len = s != NULL ? strlen(s) + 1 : 0;
	e->p.frag[i] = s;
	e->bytes += len;
	c->page_bytes += len;
	/* with a language's parts all there, the others may have them */
	for (k = i - i % PAGE_PARTS; k < i - i % PAGE_PARTS + PAGE_PARTS &&
	    e->p.frag[k] != NULL; k++)
		;
	if (k == i - i % PAGE_PARTS + PAGE_PARTS)
		page_pend(c, e);
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

/*
 * The rows of STMT_BOOKED_ONE or _RANGE into a new array; *holds, if
 * asked, a new array of the second each row's hold runs out (INT64_MAX:
 * not a hold).
 */
static NEOERR *
booked_rows(PGresult *res, struct booked **out, size_t *nout, int64_t **holds)
{
	int	 row, rows = PQntuples(res);

	*out = calloc((size_t)rows + 1, sizeof **out);
	if (holds != NULL && (*holds = calloc((size_t)rows + 1,
	    sizeof **holds)) == NULL) {
		free(*out);
		*out = NULL;
	}
	if (*out == NULL)
		return nerr_raise(NERR_NOMEM, "booked");
	for (row = 0; row < rows; row++) {
		(*out)[row].id = db_int(res, row, 0);
		(*out)[row].restaurant_id = db_int(res, row, 1);
		(*out)[row].table_id = db_int(res, row, 2);
		(*out)[row].start = db_int(res, row, 3);
		(*out)[row].end = db_int(res, row, 4);
		(*out)[row].party = (int)db_int(res, row, 5);
		if (holds != NULL)
			(*holds)[row] = db_null(res, row, 6) ? INT64_MAX :
			    db_int(res, row, 6);
	}
	*nout = (size_t)rows;
	return STATUS_OK;
}

/* STMT_BOOKED_ONE of restaurant id over [from, to). */
static NEOERR *
booked_one(struct db *db, int64_t id, int64_t from, int64_t to,
    struct booked **out, size_t *nout, int64_t **holds)
{
	PGresult	*res = NULL;
	NEOERR		*err;
	char		 f[24], t[24], one[24];
	const char	*p[3];

	snprintf(one, sizeof one, "%lld", (long long)id);
	snprintf(f, sizeof f, "%lld", (long long)from);
	snprintf(t, sizeof t, "%lld", (long long)to);
	p[0] = one;
	p[1] = f;
	p[2] = t;
	if ((err = db_exec(db, STMT_BOOKED_ONE, 3, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	err = booked_rows(res, out, nout, holds);
	PQclear(res);
	return nerr_pass(err);
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

	*out = NULL;
	*nout = 0;
	/* one restaurant (its page, availability, a booking): see db_stmts.c */
	if (n == 1)
		return nerr_pass(booked_one(db, ids[0], from, to, out, nout,
		    NULL));
	snprintf(f, sizeof f, "%lld", (long long)from);
	snprintf(t, sizeof t, "%lld", (long long)to);
	id_array(&arr, ids, n);
	p[0] = arr.buf;
	p[1] = f;
	p[2] = t;
	err = db_exec(db, STMT_BOOKED_RANGE, 3, p, &res);
	string_clear(&arr);
	if (err != STATUS_OK)
		return nerr_pass(err);
	err = booked_rows(res, out, nout, NULL);
	PQclear(res);
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* a restaurant-day's bookings, shared by the workers (issue 21)        */
/* ------------------------------------------------------------------ */


/* A kept restaurant-day: the range it covers, then its rows. */
struct booked_blob {
	int64_t		 from, to;
	uint32_t	 n, pad_;
};

struct booked_row {
	int64_t		 id, table_id, start;
	int32_t		 len;		/* seconds */
	int32_t		 party;
};

struct booked_arg {
	int64_t		 restaurant_id, from, to;
	const struct booked *v;
	size_t		 n;
	struct booked	*out;		/* unpacked */
	size_t		 nout;
	bool		 nomem;
};

static void	booked_keep(struct shc *, uint64_t, int64_t, int, int64_t,
		    int64_t, int64_t, int64_t, const struct booked *, size_t);

/* A restaurant's week of day: days since the epoch in sevens. */
static int
booked_week(int day)
{
	return day >= 0 ? day / 7 : -((-day + 6) / 7);
}

/*
 * The range of a restaurant's week of day, from day's own [from, to):
 * stretched to the week's first and last days, with three hours to spare
 * for a change of offset; a reader takes the rows of its own range.
 */
static int64_t
week_lo(int day, int64_t from)
{
	return from - (int64_t)(day - booked_week(day) * 7) * 86400 - 10800;
}

static int64_t
week_hi(int day, int64_t to)
{
	return to + (int64_t)(booked_week(day) * 7 + 6 - day) * 86400 + 10800;
}

/* A kept blob holds a restaurant's week: the days day / 7 * 7 onward. */
static uint64_t
booked_key(int64_t id, int day)
{
	return ((uint64_t)id << 20) ^ (uint64_t)(uint32_t)booked_week(day);
}

static void
booked_pack(void *dst, void *arg)
{
	struct booked_arg	*a = arg;
	struct booked_blob	 h;
	struct booked_row	 r;
	unsigned char		*p = dst;
	size_t			 i;

	memset(&h, 0, sizeof h);
	h.from = a->from;
	h.to = a->to;
	h.n = (uint32_t)a->n;
	memcpy(p, &h, sizeof h);
	p += sizeof h;
	for (i = 0; i < a->n; i++) {
		r.id = a->v[i].id;
		r.table_id = a->v[i].table_id;
		r.start = a->v[i].start;
		r.len = (int32_t)(a->v[i].end - a->v[i].start);
		r.party = a->v[i].party;
		memcpy(p, &r, sizeof r);
		p += sizeof r;
	}
}

/* A copy of the rows, if the blob covers the range asked for. */
static void *
booked_unpack(const void *blob, size_t len, void *arg)
{
	struct booked_arg	*a = arg;
	struct booked_blob	 h;
	struct booked_row	 r;
	const unsigned char	*p = blob;
	size_t			 i;

	if (len < sizeof h)
		return NULL;
	memcpy(&h, p, sizeof h);
	p += sizeof h;
	/* the week it holds must cover the range asked for (its offsets) */
	if (h.from > a->from || h.to < a->to ||
	    len < sizeof h + (size_t)h.n * sizeof r)
		return NULL;
	if ((a->out = calloc((size_t)h.n + 1, sizeof *a->out)) == NULL) {
		a->nomem = true;
		return NULL;
	}
	for (a->nout = 0, i = 0; i < h.n; i++) {
		memcpy(&r, p, sizeof r);
		p += sizeof r;
		if (r.start < a->from || r.start >= a->to)
			continue;
		a->out[a->nout].id = r.id;
		a->out[a->nout].restaurant_id = a->restaurant_id;
		a->out[a->nout].table_id = r.table_id;
		a->out[a->nout].start = r.start;
		a->out[a->nout].end = r.start + r.len;
		a->out[a->nout].party = r.party;
		a->nout++;
	}
	return a->out;
}

NEOERR *
booked_get(struct setup_cache *c, struct db *db, bool keep, int64_t id,
    int day, int64_t from, int64_t to, int64_t now, struct booked **out,
    size_t *nout)
{
	struct shc		*sh = c != NULL ? c->shared : NULL;
	struct booked		*rows = NULL, *v;
	uint64_t		 stamp;
	int64_t			*holds = NULL, first, f, t;
	size_t			 i, n, nrows = 0;
	bool			 hit;
	NEOERR			*err;

	if ((err = booked_peek(c, id, day, from, to, now, out, nout, &hit)) !=
	    STATUS_OK || hit)
		return nerr_pass(err);
	if ((stamp = keep ? shc_stamp(sh) : 0) == 0)	/* before the read */
		return nerr_pass(booked_one(db, id, from, to, out, nout, NULL));
	/*
	 * The whole week of day, in the same range scan: a diner looks at the
	 * next days, and a week's bookings cost little more to read than a
	 * day's (week_lo, week_hi; a reader's own rows: booked_unpack).
	 */
	f = week_lo(day, from);
	t = week_hi(day, to);
	if ((err = booked_one(db, id, f, t, &rows, &nrows, &holds)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if ((v = calloc(nrows + 1, sizeof *v)) == NULL) {
		free(rows);
		free(holds);
		return nerr_raise(NERR_NOMEM, "booked");
	}
	first = INT64_MAX;
	for (n = 0, i = 0; i < nrows; i++) {
		if (holds[i] < first)
			first = holds[i];
		if (rows[i].start >= from && rows[i].start < to)
			v[n++] = rows[i];
	}
	booked_keep(sh, stamp, id, day, f, t, now, first, rows, nrows);
	*out = v;
	*nout = n;
	free(rows);
	free(holds);
	return STATUS_OK;
}

NEOERR *
booked_peek(struct setup_cache *c, int64_t id, int day, int64_t from,
    int64_t to, int64_t now, struct booked **out, size_t *nout, bool *hit)
{
	struct booked_arg	 a;

	*out = NULL;
	*nout = 0;
	*hit = false;
	if (c == NULL || c->shared == NULL)
		return STATUS_OK;
	memset(&a, 0, sizeof a);
	a.restaurant_id = id;
	a.from = from;
	a.to = to;
	if (shc_get(c->shared, SHC_BOOKED, booked_key(id, day), (long long)now,
	    booked_unpack, &a) == NULL)
		return a.nomem ? nerr_raise(NERR_NOMEM, "booked") : STATUS_OK;
	*out = a.out;
	*nout = a.nout;
	*hit = true;
	return STATUS_OK;
}

/* Keep restaurant id's rows v of day, read after stamp, until the first hold ends. */
static void
booked_keep(struct shc *sh, uint64_t stamp, int64_t id, int day, int64_t from,
    int64_t to, int64_t now, int64_t first_hold, const struct booked *v,
    size_t n)
{
	struct booked_arg	 a;
	int64_t			 until = now + BOOKED_MAX_AGE;

	if (sh == NULL || stamp == 0)
		return;
	if (first_hold < until)
		until = first_hold;
	if (until <= now)
		return;
	memset(&a, 0, sizeof a);
	a.restaurant_id = id;
	a.from = from;
	a.to = to;
	a.v = v;
	a.n = n;
	shc_put(sh, SHC_BOOKED, booked_key(id, day), BOOKED_OWNER(id), stamp,
	    (long long)until, sizeof(struct booked_blob) +
	    n * sizeof(struct booked_row), booked_pack, &a);
}

NEOERR *
booked_get_many(struct setup_cache *c, struct db *db, bool keep,
    const int64_t *ids, size_t n, int day, const int64_t *from,
    const int64_t *to, int64_t now, struct booked **out, size_t *nout)
{
	struct shc		*sh = c != NULL ? c->shared : NULL;
	struct booked		*rows = NULL, *mine, *week;
	PGresult		*res = NULL;
	STRING			 arr;
	NEOERR			*err = STATUS_OK;
	int64_t			*miss, *holds = NULL, lo = INT64_MAX, hi = INT64_MIN;
	int64_t			 f0, t0, first;
	uint64_t		 stamp;
	size_t			 i, j, k, nw, nmiss = 0, nrows = 0;
	char			 f[24], t[24];
	const char		*p[3];
	bool			 hit;

	/* all set before any can fail: a failure frees them all */
	for (i = 0; i < n; i++) {
		out[i] = NULL;
		nout[i] = 0;
	}
	if ((miss = calloc(n + 1, sizeof *miss)) == NULL)
		return nerr_raise(NERR_NOMEM, "booked");
	for (i = 0; i < n; i++) {
		if (ids[i] <= 0)
			continue;
		if ((err = booked_peek(c, ids[i], day, from[i], to[i], now,
		    &out[i], &nout[i], &hit)) != STATUS_OK)
			goto done;
		if (hit)
			continue;
		miss[nmiss++] = (int64_t)i;
		/* each one's week, as booked_get reads it */
		if (week_lo(day, from[i]) < lo)
			lo = week_lo(day, from[i]);
		if (week_hi(day, to[i]) > hi)
			hi = week_hi(day, to[i]);
	}
	if (nmiss == 0)
		goto done;
	stamp = keep ? shc_stamp(sh) : 0;	/* before the read */
	string_init(&arr);
	for (j = 0; j < nmiss; j++)
		string_appendf(&arr, "%s%lld", j == 0 ? "{" : ",",
		    (long long)ids[miss[j]]);
	string_append(&arr, "}");
	snprintf(f, sizeof f, "%lld", (long long)lo);
	snprintf(t, sizeof t, "%lld", (long long)hi);
	p[0] = arr.buf;
	p[1] = f;
	p[2] = t;
	err = db_exec(db, STMT_BOOKED_RANGE, 3, p, &res);
	string_clear(&arr);
	if (err != STATUS_OK || (err = booked_rows(res, &rows, &nrows,
	    &holds)) != STATUS_OK)
		goto done;
	for (j = 0; j < nmiss; j++) {
		i = (size_t)miss[j];
		if ((mine = calloc(nrows + 1, sizeof *mine)) == NULL) {
			err = nerr_raise(NERR_NOMEM, "booked");
			goto done;
		}
		if ((week = calloc(nrows + 1, sizeof *week)) == NULL) {
			free(mine);
			err = nerr_raise(NERR_NOMEM, "booked");
			goto done;
		}
		f0 = week_lo(day, from[i]);
		t0 = week_hi(day, to[i]);
		first = INT64_MAX;
		for (nw = 0, k = 0; k < nrows; k++) {
			if (rows[k].restaurant_id != ids[i] ||
			    rows[k].start < f0 || rows[k].start >= t0)
				continue;
			week[nw++] = rows[k];
			if (holds[k] < first)
				first = holds[k];
			if (rows[k].start >= from[i] && rows[k].start < to[i])
				mine[nout[i]++] = rows[k];
		}
		out[i] = mine;
		booked_keep(sh, stamp, ids[i], day, f0, t0, now, first, week,
		    nw);
		free(week);
	}
done:
	PQclear(res);
	free(rows);
	free(holds);
	free(miss);
	if (err != STATUS_OK)
		for (i = 0; i < n; i++) {
			free(out[i]);
			out[i] = NULL;
			nout[i] = 0;
		}
	return nerr_pass(err);
}

void
setup_booked_changed(struct setup_cache *c, const int64_t *ids, int n)
{
	int	 i;

	if (c == NULL || c->shared == NULL)
		return;
	if (n < 0) {
		shc_drop_all(c->shared);
		shc_note(c->shared, -1);
		return;
	}
	for (i = 0; i < n; i++) {
		shc_drop(c->shared, BOOKED_OWNER(ids[i]));
		shc_note(c->shared, ids[i]);
	}
}
