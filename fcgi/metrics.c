/* metrics.c: request counters and latency histograms shared by all workers, /metrics, the access log. */
#include "app.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MET_ROUTES	192	/* more than the router has; the last slot is "no route" */
#define MET_BUCKETS	12

/* Upper bounds of the latency buckets, in microseconds (the last is +Inf). */
static const uint64_t bounds[MET_BUCKETS - 1] = {
	500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000,
};
static const char *const bound_names[MET_BUCKETS] = {
	"0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1",
	"0.25", "0.5", "1", "+Inf",
};

struct met_route {
	_Atomic uint64_t	 status[6];	/* by first digit: 1xx .. 5xx, [0] other */
	_Atomic uint64_t	 sum_us;
	_Atomic uint64_t	 buckets[MET_BUCKETS];
};

/* One page of shared memory the master maps before it forks. */
struct metrics {
	_Atomic uint64_t	 db_errors;
	_Atomic uint64_t	 db_reconnects;
	_Atomic uint64_t	 db_retries;
	_Atomic uint64_t	 workers_started;
	_Atomic uint64_t	 reads[READ__MAX];	/* by enum read_target */
	_Atomic uint64_t	 replica_lag_ms;	/* as last read */
	_Atomic uint64_t	 replica_lag_max_ms;	/* the most seen */
	uint64_t		 started;	/* the master's start, epoch seconds */
	struct met_route	 route[MET_ROUTES];
};

static struct metrics	*shared;

/* This worker's access log: whole lines, written at most every second. */
#define ALOG_PATH	1024	/* escaped, at most 6 KB of a line */
static char		 alog[8192];
static size_t		 alog_len;
static double		 alog_flushed;
static bool		 alog_on;

bool
metrics_init(HDF *conf)
{
	void	*p;

	p = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return false;
	shared = p;
	memset(shared, 0, sizeof *shared);
	shared->started = (uint64_t)time(NULL);
	alog_on = hdf_get_int_value(conf, "App.AccessLog", 1) != 0;
	return true;
}

void
metrics_configure(HDF *conf)
{
	alog_on = shared != NULL && hdf_get_int_value(conf, "App.AccessLog", 1) != 0;
}

void
metrics_worker_started(void)
{
	if (shared != NULL)
		atomic_fetch_add_explicit(&shared->workers_started, 1,
		    memory_order_relaxed);
}

void
metrics_db(unsigned long errors, unsigned long reconnects)
{
	if (shared == NULL)
		return;
	if (errors > 0)
		atomic_fetch_add_explicit(&shared->db_errors, errors,
		    memory_order_relaxed);
	if (reconnects > 0)
		atomic_fetch_add_explicit(&shared->db_reconnects, reconnects,
		    memory_order_relaxed);
}

void
metrics_read(int target)
{
	if (shared != NULL && target >= 0 && target < READ__MAX)
		atomic_fetch_add_explicit(&shared->reads[target], 1,
		    memory_order_relaxed);
}

void
metrics_replica_lag(double seconds)
{
	uint64_t	 ms, max;

	if (shared == NULL)
		return;
	ms = seconds > 0 ? (uint64_t)(seconds * 1000.0) : 0;
	atomic_store_explicit(&shared->replica_lag_ms, ms, memory_order_relaxed);
	max = atomic_load_explicit(&shared->replica_lag_max_ms,
	    memory_order_relaxed);
	while (ms > max && !atomic_compare_exchange_weak(
	    &shared->replica_lag_max_ms, &max, ms))
		;
}

void
metrics_retries(unsigned long n)
{
	if (shared != NULL && n > 0)
		atomic_fetch_add_explicit(&shared->db_retries, n,
		    memory_order_relaxed);
}

void
metrics_flush(bool force)
{
	double		 now = mono_now();
	ssize_t		 n;

	if (alog_len == 0 || (!force && now - alog_flushed < 1.0 &&
	    alog_len < sizeof alog / 2))
		return;
	/* whole lines in one write below PIPE_BUF: workers never interleave */
	n = write(STDERR_FILENO, alog, alog_len);
	(void)n;
	alog_len = 0;
	alog_flushed = now;
}

void
metrics_record(int route, const char *method, const char *path, int status,
    uint64_t us, size_t bytes)
{
	struct met_route	*m;
	struct timeval		 tv;
	struct tm		 tm;
	json_t			*o;
	char			 head[64], ts[96], *p, *line;
	size_t			 n;
	int			 b;

	if (shared != NULL) {
		if (route < 0 || route >= MET_ROUTES - 1)
			route = MET_ROUTES - 1;
		m = &shared->route[route];
		atomic_fetch_add_explicit(&m->status[status >= 100 && status < 600 ?
		    status / 100 : 0], 1, memory_order_relaxed);
		atomic_fetch_add_explicit(&m->sum_us, us, memory_order_relaxed);
		for (b = 0; b < MET_BUCKETS - 1 && us > bounds[b]; b++)
			;
		atomic_fetch_add_explicit(&m->buckets[b], 1, memory_order_relaxed);
	}
	if (!alog_on)
		return;
	/*
	 * One JSON line, ASCII only, whatever bytes the path has; the path
	 * only (query strings carry tokens), and at most ALOG_PATH bytes of it.
	 */
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(head, sizeof head, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(ts, sizeof ts, "%s.%03dZ", head, (int)(tv.tv_usec / 1000));
	if (path == NULL)
		path = "";
	n = strlen(path);
	if ((p = strndup(path, n > ALOG_PATH ? ALOG_PATH : n)) == NULL)
		return;
	o = json_pack("{s:s,s:s,s:i,s:o,s:o,s:i,s:I,s:I}", "ts", ts,
	    "type", "access", "pid", (int)getpid(), "method", log_str(method),
	    "path", log_str(p), "status", status, "us", (json_int_t)us,
	    "bytes", (json_int_t)bytes);
	free(p);
	if (o == NULL)
		return;
	line = log_line(o);
	json_decref(o);
	if (line == NULL)
		return;
	n = strlen(line);
	if (alog_len + n > sizeof alog)
		metrics_flush(true);
	if (alog_len + n <= sizeof alog) {
		memcpy(alog + alog_len, line, n);
		alog_len += n;
	}
	free(line);
	metrics_flush(false);
}

/* ------------------------------------------------------------------ */
/* GET /metrics                                                          */
/* ------------------------------------------------------------------ */

/* The workers' shared cache of restaurants (none: no lines). */
static void
shared_cache(const struct shc *c, STRING *s)
{
	static const char *const kinds[SHC_KINDS] = { "setup", "page", "slug",
	    "booked" };
	struct shc_stats	 st;
	int			 k;

	if (c == NULL)
		return;
	shc_stats(c, &st);
	string_append(s, "# HELP stolik_shared_cache_lookups_total Lookups in the "
	    "workers' shared cache after a worker's own missed.\n"
	    "# TYPE stolik_shared_cache_lookups_total counter\n");
	for (k = 0; k < SHC_KINDS; k++)
		string_appendf(s, "stolik_shared_cache_lookups_total{kind=\"%s\","
		    "result=\"hit\"} %llu\n"
		    "stolik_shared_cache_lookups_total{kind=\"%s\","
		    "result=\"miss\"} %llu\n", kinds[k],
		    (unsigned long long)st.hits[k], kinds[k],
		    (unsigned long long)st.misses[k]);
	string_append(s, "# HELP stolik_shared_cache_stores_total Entries read "
	    "from the database and stored for every worker.\n"
	    "# TYPE stolik_shared_cache_stores_total counter\n");
	for (k = 0; k < SHC_KINDS; k++)
		string_appendf(s, "stolik_shared_cache_stores_total{kind=\"%s\"} "
		    "%llu\n", kinds[k], (unsigned long long)st.stores[k]);
	string_appendf(s, "# HELP stolik_shared_cache_resets_total Times the "
	    "cache was emptied because a worker died holding its lock.\n"
	    "# TYPE stolik_shared_cache_resets_total counter\n"
	    "stolik_shared_cache_resets_total %llu\n"
	    "# HELP stolik_shared_cache_bytes Size of the shared cache.\n"
	    "# TYPE stolik_shared_cache_bytes gauge\n"
	    "stolik_shared_cache_bytes %llu\n",
	    (unsigned long long)st.resets, (unsigned long long)st.bytes);
}

/* The payment gateway's breaker, shared by the workers (none: no lines). */
static void
payments(STRING *s)
{
	static const char *const outcomes[BRK_COUNT__MAX] = {
		"ok", "declined", "unavailable", "rejected",
	};
	struct brk_stats	 st;
	int			 i;

	if (gw_breaker() == NULL)
		return;
	brk_stats(gw_breaker(), &st);
	string_appendf(s, "# HELP stolik_payments_breaker_state The payment "
	    "gateway's circuit breaker: 0 closed, 1 open, 2 half-open.\n"
	    "# TYPE stolik_payments_breaker_state gauge\n"
	    "stolik_payments_breaker_state %d\n"
	    "# HELP stolik_payments_breaker_failures Consecutive failed calls "
	    "to the gateway.\n"
	    "# TYPE stolik_payments_breaker_failures gauge\n"
	    "stolik_payments_breaker_failures %u\n"
	    "# HELP stolik_payments_breaker_opens_total Times the breaker "
	    "opened.\n"
	    "# TYPE stolik_payments_breaker_opens_total counter\n"
	    "stolik_payments_breaker_opens_total %llu\n"
	    "# HELP stolik_payments_gateway_requests_total HTTP requests made "
	    "to the gateway, retries included.\n"
	    "# TYPE stolik_payments_gateway_requests_total counter\n"
	    "stolik_payments_gateway_requests_total %llu\n"
	    "# HELP stolik_payments_gateway_calls_total Calls to the gateway "
	    "by outcome (rejected: failed fast by the open breaker).\n"
	    "# TYPE stolik_payments_gateway_calls_total counter\n",
	    (int)st.state, st.failures, (unsigned long long)st.opens,
	    (unsigned long long)st.requests);
	for (i = 0; i < BRK_COUNT__MAX; i++)
		string_appendf(s, "stolik_payments_gateway_calls_total{outcome="
		    "\"%s\"} %llu\n", outcomes[i],
		    (unsigned long long)st.calls[i]);
}

static NEOERR *
counts(struct req *r, STRING *s)
{
	static const char *const outbox[] = { "queued", "sending", "dead" };
	PGresult	*res = NULL;
	NEOERR		*err;
	size_t		 i;
	int		 k;

	if ((err = db_exec(r->app->db, STMT_METRICS_OUTBOX, 0, NULL, &res)) !=
	    STATUS_OK)
		return nerr_pass(err);
	string_append(s, "# HELP stolik_outbox_messages Mails waiting, being sent, "
	    "or given up on.\n# TYPE stolik_outbox_messages gauge\n");
	for (i = 0; i < sizeof outbox / sizeof outbox[0]; i++)
		string_appendf(s, "stolik_outbox_messages{status=\"%s\"} %lld\n",
		    outbox[i], (long long)db_int(res, 0, (int)i));
	PQclear(res);
	if ((err = db_exec(r->app->db, STMT_METRICS_RESERVATIONS, 0, NULL, &res)) !=
	    STATUS_OK)
		return nerr_pass(err);
	string_append(s, "# HELP stolik_reservations_upcoming Bookings from today "
	    "on, by status.\n# TYPE stolik_reservations_upcoming gauge\n");
	for (k = 0; k < PQntuples(res); k++)
		string_appendf(s, "stolik_reservations_upcoming{status=\"%s\"} %lld\n",
		    db_str(res, k, 0), (long long)db_int(res, k, 1));
	PQclear(res);
	return STATUS_OK;
}

/* GET /metrics: Prometheus text, to localhost only. 200; 404 elsewhere. */
NEOERR *
metrics_page(struct req *r, struct resp *w)
{
	const struct route	*rt;
	const char		*ip = req_header(r, "REMOTE_ADDR");
	struct met_route	*m;
	STRING			 s;
	uint64_t		 cum, total;
	size_t			 it = 0;
	int			 id = 0, b, c;
	NEOERR			*err;

	/* nginx allows only 127.0.0.1 too; this holds behind any front */
	if (ip == NULL || (strcmp(ip, "127.0.0.1") != 0 && strcmp(ip, "::1") != 0) ||
	    shared == NULL)
		return nerr_pass(resp_error(r, w, 404));
	string_init(&s);
	string_append(&s, "# HELP stolik_requests_total Requests answered, by "
	    "route and status class.\n# TYPE stolik_requests_total counter\n");
	for (it = 0, id = 0; (rt = route_next(&it)) != NULL; id++) {
		m = &shared->route[id];
		for (c = 1; c < 6; c++)
			if (atomic_load(&m->status[c]) > 0)
				string_appendf(&s, "stolik_requests_total{route=\"%s\","
				    "code=\"%dxx\"} %llu\n", rt->pattern, c,
				    (unsigned long long)atomic_load(&m->status[c]));
	}
	m = &shared->route[MET_ROUTES - 1];
	for (c = 1; c < 6; c++)
		if (atomic_load(&m->status[c]) > 0)
			string_appendf(&s, "stolik_requests_total{route=\"(none)\","
			    "code=\"%dxx\"} %llu\n", c,
			    (unsigned long long)atomic_load(&m->status[c]));
	string_append(&s, "# HELP stolik_request_duration_seconds Time from the "
	    "request to the answer, by route.\n"
	    "# TYPE stolik_request_duration_seconds histogram\n");
	for (it = 0, id = 0; (rt = route_next(&it)) != NULL; id++) {
		m = &shared->route[id];
		for (total = 0, b = 0; b < MET_BUCKETS; b++)
			total += atomic_load(&m->buckets[b]);
		if (total == 0)
			continue;
		for (cum = 0, b = 0; b < MET_BUCKETS; b++) {
			cum += atomic_load(&m->buckets[b]);
			string_appendf(&s, "stolik_request_duration_seconds_bucket{route="
			    "\"%s\",le=\"%s\"} %llu\n", rt->pattern, bound_names[b],
			    (unsigned long long)cum);
		}
		string_appendf(&s, "stolik_request_duration_seconds_sum{route=\"%s\"} "
		    "%.6f\n", rt->pattern, atomic_load(&m->sum_us) / 1e6);
		string_appendf(&s, "stolik_request_duration_seconds_count{route=\"%s\"} "
		    "%llu\n", rt->pattern, (unsigned long long)total);
	}
	string_appendf(&s, "# HELP stolik_db_errors_total Requests that failed on "
	    "the database.\n# TYPE stolik_db_errors_total counter\n"
	    "stolik_db_errors_total %llu\n"
	    "# HELP stolik_db_reconnects_total Database connections made again.\n"
	    "# TYPE stolik_db_reconnects_total counter\n"
	    "stolik_db_reconnects_total %llu\n"
	    "# HELP stolik_db_retries_total Transactions run again after a "
	    "deadlock or serialization failure.\n"
	    "# TYPE stolik_db_retries_total counter\n"
	    "stolik_db_retries_total %llu\n"
	    "# HELP stolik_workers_started_total Worker processes started.\n"
	    "# TYPE stolik_workers_started_total counter\n"
	    "stolik_workers_started_total %llu\n"
	    "# HELP stolik_start_time_seconds When the master started.\n"
	    "# TYPE stolik_start_time_seconds gauge\n"
	    "stolik_start_time_seconds %llu\n",
	    (unsigned long long)atomic_load(&shared->db_errors),
	    (unsigned long long)atomic_load(&shared->db_reconnects),
	    (unsigned long long)atomic_load(&shared->db_retries),
	    (unsigned long long)atomic_load(&shared->workers_started),
	    (unsigned long long)shared->started);
	string_appendf(&s, "# HELP stolik_reads_total Requests whose reads may "
	    "be a little behind, by where they went and why.\n"
	    "# TYPE stolik_reads_total counter\n"
	    "stolik_reads_total{target=\"replica\",reason=\"\"} %llu\n"
	    "stolik_reads_total{target=\"primary\",reason=\"marker\"} %llu\n"
	    "stolik_reads_total{target=\"primary\",reason=\"lag\"} %llu\n"
	    "stolik_reads_total{target=\"primary\",reason=\"down\"} %llu\n"
	    "# HELP stolik_replica_lag_seconds The read replica's lag as a "
	    "worker last read it.\n# TYPE stolik_replica_lag_seconds gauge\n"
	    "stolik_replica_lag_seconds %.3f\n"
	    "# HELP stolik_replica_lag_max_seconds The most lag read since "
	    "the start.\n# TYPE stolik_replica_lag_max_seconds gauge\n"
	    "stolik_replica_lag_max_seconds %.3f\n",
	    (unsigned long long)atomic_load(&shared->reads[READ_REPLICA]),
	    (unsigned long long)atomic_load(&shared->reads[READ_PRIMARY_MARKER]),
	    (unsigned long long)atomic_load(&shared->reads[READ_PRIMARY_LAG]),
	    (unsigned long long)atomic_load(&shared->reads[READ_PRIMARY_DOWN]),
	    atomic_load(&shared->replica_lag_ms) / 1000.0,
	    atomic_load(&shared->replica_lag_max_ms) / 1000.0);
	shared_cache(r->app->shared, &s);
	payments(&s);
	if ((err = counts(r, &s)) != STATUS_OK) {
		string_clear(&s);
		return nerr_pass(err);
	}
	string_clear(&w->body);
	w->body = s;
	w->status = 200;
	w->ctype = "text/plain; version=0.0.4; charset=utf-8";
	w->cache = "no-store";
	return STATUS_OK;
}
