/*
 * breaker.c: the payment gateway's circuit breaker, in memory the master
 * maps before it forks, so that all workers share one state.
 *
 * The state and the moment it was entered are one 64-bit word (the time in
 * milliseconds above two bits of state), so every transition is a single
 * compare-and-swap: of many workers seeing the cool-down end at once,
 * exactly one becomes the half-open probe.
 */
#include "stolik.h"

#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

struct breaker {
	_Atomic uint64_t	 word;		/* since_ms << 2 | state */
	_Atomic uint32_t	 failures;	/* consecutive */
	_Atomic uint32_t	 threshold;
	_Atomic int64_t		 cooldown_ms;
	_Atomic uint64_t	 opens;
	_Atomic uint64_t	 calls[BRK_COUNT__MAX];
	_Atomic uint64_t	 requests;
};

#define WORD(state, ms)	(((uint64_t)(ms) << 2) | (uint64_t)(state))
#define W_STATE(w)	((enum brk_state)((w) & 3))
#define W_SINCE(w)	((int64_t)((w) >> 2))

int64_t
brk_now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct breaker *
brk_create(unsigned threshold, int64_t cooldown_ms)
{
	struct breaker	*b;
	void		*p;

	p = mmap(NULL, sizeof *b, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	b = p;		/* zero-filled: no counts */
	atomic_store(&b->word, WORD(BRK_CLOSED, brk_now_ms()));
	brk_configure(b, threshold, cooldown_ms);
	return b;
}

void
brk_destroy(struct breaker *b)
{
	if (b != NULL)
		munmap(b, sizeof *b);
}

void
brk_configure(struct breaker *b, unsigned threshold, int64_t cooldown_ms)
{
	if (b == NULL)
		return;
	atomic_store(&b->threshold, threshold > 0 ? threshold : BRK_FAILURES);
	atomic_store(&b->cooldown_ms, cooldown_ms > 0 ? cooldown_ms :
	    BRK_COOLDOWN_MS);
}

void
brk_reset(struct breaker *b, int64_t now_ms)
{
	int	 i;

	if (b == NULL)
		return;
	atomic_store(&b->word, WORD(BRK_CLOSED, now_ms));
	atomic_store(&b->failures, 0);
	atomic_store(&b->opens, 0);
	atomic_store(&b->requests, 0);
	for (i = 0; i < BRK_COUNT__MAX; i++)
		atomic_store(&b->calls[i], 0);
}

enum brk_verdict
brk_allow(struct breaker *b, int64_t now_ms)
{
	uint64_t	 w;
	int64_t		 cool;

	if (b == NULL)
		return BRK_PASS;
	w = atomic_load(&b->word);
	cool = atomic_load(&b->cooldown_ms);
	switch (W_STATE(w)) {
	case BRK_CLOSED:
		return BRK_PASS;
	case BRK_OPEN:
	case BRK_HALF_OPEN:
		/*
		 * Open past its cool-down, or half-open with a probe that has
		 * not reported for a whole cool-down more (its worker died):
		 * the one caller whose swap succeeds is the probe.
		 */
		if (now_ms - W_SINCE(w) < (W_STATE(w) == BRK_OPEN ? cool :
		    2 * cool))
			return BRK_REJECT;
		if (atomic_compare_exchange_strong(&b->word, &w,
		    WORD(BRK_HALF_OPEN, now_ms))) {
			log_info("payment gateway breaker half-open: one probe");
			return BRK_PROBE;
		}
		return BRK_REJECT;
	}
	return BRK_REJECT;
}

void
brk_record(struct breaker *b, bool failed, bool probe, int64_t now_ms)
{
	uint64_t	 w;
	uint32_t	 n;

	if (b == NULL)
		return;
	w = atomic_load(&b->word);
	if (!failed) {
		atomic_store(&b->failures, 0);
		/* only the probe closes; a late success of an old call does not */
		if (probe && W_STATE(w) == BRK_HALF_OPEN &&
		    atomic_compare_exchange_strong(&b->word, &w,
		    WORD(BRK_CLOSED, now_ms)))
			log_info("payment gateway breaker closed: the probe "
			    "succeeded");
		return;
	}
	n = atomic_fetch_add(&b->failures, 1) + 1;
	if (probe) {
		if (W_STATE(w) == BRK_HALF_OPEN &&
		    atomic_compare_exchange_strong(&b->word, &w,
		    WORD(BRK_OPEN, now_ms))) {
			atomic_fetch_add(&b->opens, 1);
			log_warn("payment gateway breaker open again: the probe "
			    "failed");
		}
		return;
	}
	if (W_STATE(w) == BRK_CLOSED && n >= atomic_load(&b->threshold) &&
	    atomic_compare_exchange_strong(&b->word, &w, WORD(BRK_OPEN,
	    now_ms))) {
		atomic_fetch_add(&b->opens, 1);
		log_warn("payment gateway breaker open after %u consecutive "
		    "failures", (unsigned)n);
	}
}

void
brk_count(struct breaker *b, enum brk_count c, unsigned requests)
{
	if (b == NULL || c < 0 || c >= BRK_COUNT__MAX)
		return;
	atomic_fetch_add_explicit(&b->calls[c], 1, memory_order_relaxed);
	if (requests > 0)
		atomic_fetch_add_explicit(&b->requests, requests,
		    memory_order_relaxed);
}

void
brk_stats(const struct breaker *cb, struct brk_stats *st)
{
	struct breaker	*b = (struct breaker *)cb;	/* atomic loads only */
	uint64_t	 w;
	int		 i;

	memset(st, 0, sizeof *st);
	if (b == NULL) {
		st->threshold = BRK_FAILURES;
		st->cooldown_ms = BRK_COOLDOWN_MS;
		return;
	}
	w = atomic_load(&b->word);
	st->state = W_STATE(w);
	st->since_ms = W_SINCE(w);
	st->failures = atomic_load(&b->failures);
	st->opens = atomic_load(&b->opens);
	for (i = 0; i < BRK_COUNT__MAX; i++)
		st->calls[i] = atomic_load(&b->calls[i]);
	st->requests = atomic_load(&b->requests);
	st->threshold = atomic_load(&b->threshold);
	st->cooldown_ms = atomic_load(&b->cooldown_ms);
}

const char *
brk_state_name(enum brk_state s)
{
	switch (s) {
	case BRK_CLOSED:
		return "closed";
	case BRK_OPEN:
		return "open";
	case BRK_HALF_OPEN:
		return "half_open";
	}
	return "unknown";
}
