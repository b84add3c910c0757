/*
 * shcache.c: a cache of packed blobs in memory the master maps before it
 * forks, so that every worker reads what any one of them loaded.
 *
 * The blobs live in a ring: each is written after the one before, and the
 * oldest are written over when the ring comes round. An index of small
 * sets, a few ways each, maps (kind, key) to a blob's place in the ring.
 * A blob is handed out by copying it while the lock is held; callers pack
 * and unpack through their own functions, so pointers inside a blob may
 * point into the ring (it is at the same address in every worker).
 *
 * Invalidation is by stamps. shc_stamp() is taken before the data is read
 * from the database; shc_drop(owner) moves the owner's mark past every
 * stamp taken so far. A blob is good while its stamp is not older than its
 * owner's mark, so a blob read before a change and stored after another
 * worker dropped it is never served.
 */
#include "stolik.h"

#include <sodium.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define SHC_WAYS	4
#define SHC_MARKS	16384	/* owners' marks, by a hash of the owner */
#define SHC_PENDING	SHC_PENDING_MAX	/* changed here, not yet told */
#define SHC_ALIGN	16

struct shc_entry {
	uint64_t	 key;
	int64_t		 owner;
	uint64_t	 stamp;
	long long	 until;		/* 0: does not end with the clock */
	uint64_t	 pos;		/* in the ring's byte stream */
	uint32_t	 len;
	uint8_t		 kind;
	uint8_t		 used;
};

struct shc {
	pthread_mutex_t	 lock;
	uint64_t	 seq;		/* the last stamp or mark handed out */
	uint64_t	 floor;		/* set by shc_drop_all */
	uint64_t	 head;		/* next byte of the ring's stream */
	size_t		 ring_size;
	size_t		 nsets;
	size_t		 mapped;
	unsigned char	*ring;
	struct shc_entry *sets;		/* nsets × SHC_WAYS */
	uint64_t	 marks[SHC_MARKS];
	_Atomic uint64_t hits[SHC_KINDS];
	_Atomic uint64_t misses[SHC_KINDS];
	_Atomic uint64_t stores[SHC_KINDS];
	_Atomic uint64_t resets;	/* a worker died holding the lock */
	/* shc_note/shc_take: changes to tell the other hosts, in one NOTIFY */
	uint64_t	 host;		/* random: this master's mark in them */
	long long	 told_ms;	/* when the last were taken */
	int64_t		 pending[SHC_PENDING];
	int		 npending;	/* -1: more than fit, "all" */
	_Atomic bool	 any_pending;	/* npending != 0, read without the lock */
};

/* The mark of owner: a hash, so that owners of other kinds (offsets of
 * restaurant ids) spread over the marks instead of sharing them. */
static size_t
mark_of(int64_t owner)
{
	return (size_t)(((uint64_t)owner * 0x9e3779b97f4a7c15ull) >> 50) %
	    SHC_MARKS;
}

static size_t
align_up(size_t n)
{
	return (n + SHC_ALIGN - 1) & ~(size_t)(SHC_ALIGN - 1);
}

struct shc *
shc_create(size_t bytes)
{
	pthread_mutexattr_t	 ma;
	struct shc		*c;
	size_t			 head, index, nsets;
	void			*p;

	if (bytes < 64 * 1024)
		bytes = 64 * 1024;
	/* an index way for every 2 kB of ring: blobs are a few kB */
	nsets = bytes / 2048 / SHC_WAYS;
	head = align_up(sizeof *c);
	index = align_up(nsets * SHC_WAYS * sizeof(struct shc_entry));
	p = mmap(NULL, head + index + bytes, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	c = p;		/* the mapping is zero-filled */
	c->mapped = head + index + bytes;
	c->sets = (struct shc_entry *)((unsigned char *)p + head);
	c->ring = (unsigned char *)p + head + index;
	c->ring_size = bytes;
	c->nsets = nsets;
	c->seq = 1;
	randombytes_buf(&c->host, sizeof c->host);
	c->host |= 1;		/* never 0 */
	if (pthread_mutexattr_init(&ma) != 0 ||
	    pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED) != 0 ||
	    pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST) != 0 ||
	    pthread_mutex_init(&c->lock, &ma) != 0) {
		munmap(p, c->mapped);
		return NULL;
	}
	pthread_mutexattr_destroy(&ma);
	return c;
}

void
shc_destroy(struct shc *c)
{
	if (c == NULL)
		return;
	pthread_mutex_destroy(&c->lock);
	munmap(c, c->mapped);
}

/*
 * Take the lock. A worker that died holding it may have left an entry
 * half-written: forget every entry then.
 */
static bool
shc_lock(struct shc *c)
{
	int	 rc = pthread_mutex_lock(&c->lock);

	if (rc == EOWNERDEAD) {
		memset(c->sets, 0, c->nsets * SHC_WAYS * sizeof *c->sets);
		c->floor = ++c->seq;
		atomic_fetch_add_explicit(&c->resets, 1, memory_order_relaxed);
		return pthread_mutex_consistent(&c->lock) == 0;
	}
	return rc == 0;
}

static struct shc_entry *
set_of(struct shc *c, int kind, uint64_t key)
{
	uint64_t	 h = (key ^ ((uint64_t)kind << 56)) * 0x9e3779b97f4a7c15ull;

	return &c->sets[(h >> 17) % c->nsets * SHC_WAYS];
}

/* Whether e's bytes are still in the ring and e may be served at now. */
static bool
live(const struct shc *c, const struct shc_entry *e, long long now)
{
	return e->used && c->head <= e->pos + c->ring_size &&
	    e->stamp >= c->floor && e->stamp >= c->marks[mark_of(e->owner)] &&
	    (e->until == 0 || now < e->until);
}

uint64_t
shc_stamp(struct shc *c)
{
	uint64_t	 s;

	if (c == NULL || !shc_lock(c))
		return 0;
	s = ++c->seq;
	pthread_mutex_unlock(&c->lock);
	return s;
}

void *
shc_get(struct shc *c, int kind, uint64_t key, long long now,
    void *(*unpack)(const void *, size_t, void *), void *arg)
{
	struct shc_entry	*e;
	void			*out = NULL;
	int			 w;

	if (c == NULL || kind < 0 || kind >= SHC_KINDS || !shc_lock(c))
		return NULL;
	e = set_of(c, kind, key);
	for (w = 0; w < SHC_WAYS; w++, e++)
		if (e->used && e->key == key && e->kind == kind) {
			if (live(c, e, now))
				out = unpack(c->ring + e->pos % c->ring_size,
				    e->len, arg);
			else
				e->used = 0;
			break;
		}
	pthread_mutex_unlock(&c->lock);
	atomic_fetch_add_explicit(out != NULL ? &c->hits[kind] :
	    &c->misses[kind], 1, memory_order_relaxed);
	return out;
}

bool
shc_put(struct shc *c, int kind, uint64_t key, int64_t owner, uint64_t stamp,
    long long until, size_t len, void (*pack)(void *, void *), void *arg)
{
	struct shc_entry	*set, *e = NULL;
	uint64_t		 off;
	long long		 now = (long long)time(NULL);
	int			 w;

	if (c == NULL || kind < 0 || kind >= SHC_KINDS || stamp == 0 ||
	    len == 0 || len > c->ring_size / 8 || !shc_lock(c))
		return false;
	/* dropped since the stamp: what the caller read may be old */
	if (stamp < c->floor || stamp < c->marks[mark_of(owner)]) {
		pthread_mutex_unlock(&c->lock);
		return false;
	}
	set = set_of(c, kind, key);
	for (w = 0; w < SHC_WAYS && e == NULL; w++)
		if (set[w].used && set[w].key == key && set[w].kind == kind)
			e = &set[w];
	for (w = 0; w < SHC_WAYS && e == NULL; w++)
		if (!live(c, &set[w], now))
			e = &set[w];
	if (e == NULL)		/* the oldest */
		for (e = set, w = 1; w < SHC_WAYS; w++)
			if (set[w].pos < e->pos)
				e = &set[w];
	/* a blob is never split at the ring's end */
	off = c->head % c->ring_size;
	if (off + align_up(len) > c->ring_size)
		c->head += c->ring_size - off;
	e->used = 0;
	pack(c->ring + c->head % c->ring_size, arg);
	e->key = key;
	e->owner = owner;
	e->stamp = stamp;
	e->until = until;
	e->pos = c->head;
	e->len = (uint32_t)len;
	e->kind = (uint8_t)kind;
	e->used = 1;
	c->head += align_up(len);
	pthread_mutex_unlock(&c->lock);
	atomic_fetch_add_explicit(&c->stores[kind], 1, memory_order_relaxed);
	return true;
}

void
shc_drop(struct shc *c, int64_t owner)
{
	if (c == NULL || !shc_lock(c))
		return;
	c->marks[mark_of(owner)] = ++c->seq;
	pthread_mutex_unlock(&c->lock);
}

bool
shc_fresh(struct shc *c, int64_t owner, uint64_t stamp)
{
	bool	 ok;

	if (c == NULL || stamp == 0 || !shc_lock(c))
		return true;	/* nothing to say: NOTIFY still will */
	ok = stamp >= c->floor && stamp >= c->marks[mark_of(owner)];
	pthread_mutex_unlock(&c->lock);
	return ok;
}

void
shc_drop_all(struct shc *c)
{
	if (c == NULL || !shc_lock(c))
		return;
	c->floor = ++c->seq;
	pthread_mutex_unlock(&c->lock);
}

void
shc_stats(const struct shc *c, struct shc_stats *st)
{
	int	 k;

	memset(st, 0, sizeof *st);
	if (c == NULL)
		return;
	for (k = 0; k < SHC_KINDS; k++) {
		st->hits[k] = atomic_load_explicit(&c->hits[k],
		    memory_order_relaxed);
		st->misses[k] = atomic_load_explicit(&c->misses[k],
		    memory_order_relaxed);
		st->stores[k] = atomic_load_explicit(&c->stores[k],
		    memory_order_relaxed);
	}
	st->resets = atomic_load_explicit(&c->resets, memory_order_relaxed);
	st->bytes = c->ring_size;
}

uint64_t
shc_host(const struct shc *c)
{
	return c != NULL ? c->host : 0;
}

void
shc_note(struct shc *c, int64_t owner)
{
	int	 i;

	if (c == NULL || !shc_lock(c))
		return;
	for (i = 0; i < c->npending && c->pending[i] != owner; i++)
		continue;
	if (owner < 0)
		c->npending = -1;
	else if (c->npending >= 0 && i == c->npending) {
		if (c->npending < SHC_PENDING)
			c->pending[c->npending++] = owner;
		else
			c->npending = -1;
	}
	atomic_store(&c->any_pending, true);
	pthread_mutex_unlock(&c->lock);
}

int
shc_take(struct shc *c, long long now_ms, long long gap_ms,
    int64_t out[SHC_PENDING_MAX])
{
	int	 n = 0;

	/* after every request: nothing noted is the common case, lock-free */
	if (c == NULL || !atomic_load(&c->any_pending) || !shc_lock(c))
		return 0;
	if (c->npending != 0 && now_ms - c->told_ms >= gap_ms) {
		n = c->npending;
		if (n > 0)
			memcpy(out, c->pending, (size_t)n * sizeof *out);
		c->npending = 0;
		c->told_ms = now_ms;
		atomic_store(&c->any_pending, false);
	}
	pthread_mutex_unlock(&c->lock);
	return n;
}

bool
shc_pending(struct shc *c)
{
	return c != NULL && atomic_load(&c->any_pending);
}
