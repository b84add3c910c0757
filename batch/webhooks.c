/* webhooks.c: stolik-webhooks: deliver signed booking events (issue 17). */
#include "job.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

static const char help[] =
    "Delivers the webhook events that are due to the restaurants' endpoints,\n"
    "then exits; with --watch it stays and delivers each event as soon as it\n"
    "is committed. Several copies may run at once.\n"
    "  --watch            wait for new events (LISTEN/NOTIFY) until stopped\n"
    "  --once             one pass over what is due (the default)\n"
    "  --limit N          make at most N attempts\n";

/* What of an answer's body is read (the rest is not waited for). */
#define BODY_CAP	(64 * 1024)
/* Characters of it kept in the delivery log. */
#define EXCERPT_CHARS	1000

static volatile sig_atomic_t stopping;

static void
on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

struct settings {
	int	 batch;		/* deliveries per claim */
	int	 lease;		/* seconds a claim is ours */
	int	 timeout;	/* seconds an attempt may take */
	int	 backoff;	/* first retry delay, seconds */
	int	 cap;		/* longest delay, seconds */
	int	 max_age;	/* hours a delivery is tried */
	int	 disable_after;	/* failed attempts in a row */
	int	 keep_days;	/* retention of events and the log */
	double	 poll;		/* --watch looks at the queue at least this often */
	bool	 dev;		/* Webhooks.Development: http to loopback */
	bool	 unordered;	/* test builds: claim without the order */
	bool	 unleased;	/* test builds: claim what others hold */
};

struct tally {
	long	 delivered, retried, failed, attempts, disabled;
};

/* What one HTTP exchange left: the body read so far, a Retry-After. */
struct answer {
	char	*body;
	size_t	 len;
	bool	 capped;	/* more came than BODY_CAP */
	long	 retry_after;	/* seconds, -1 if none */
	char	 connect_to[INET6_ADDRSTRLEN];	/* the pinned address */
	bool	 wrong_addr;	/* curl was about to connect elsewhere */
};

/*
 * The delay in milliseconds before the attempt after attempt: doubling
 * from Webhooks.BackoffSeconds up to Webhooks.BackoffCap, half of it
 * random ("equal jitter") so the retries of one outage spread out. A
 * Retry-After (429, 503) is honoured within the cap.
 */
static int
backoff(const struct settings *s, int attempt, long retry_after)
{
	double	 d = job_backoff_ms(s->backoff, s->cap, attempt);

	if (retry_after >= 0 && retry_after * 1000.0 > d)
		d = retry_after > s->cap ? s->cap * 1000.0 : retry_after * 1000.0;
	return (int)d;
}

static size_t
on_body(char *p, size_t size, size_t nmemb, void *arg)
{
	struct answer	*a = arg;
	size_t		 n = size * nmemb, room;
	char		*b;

	if (a->len >= BODY_CAP) {
		/* enough: stop reading (the status line is in) */
		a->capped = true;
		return 0;
	}
	room = BODY_CAP - a->len;
	if (n > room)
		a->capped = true;
	if ((b = realloc(a->body, a->len + (n > room ? room : n) + 1)) == NULL)
		return 0;
	a->body = b;
	memcpy(a->body + a->len, p, n > room ? room : n);
	a->len += n > room ? room : n;
	a->body[a->len] = '\0';
	return a->capped ? 0 : n;
}

static size_t
on_header(char *p, size_t size, size_t nmemb, void *arg)
{
	struct answer	*a = arg;
	size_t		 n = size * nmemb;
	char		 v[128];
	long long	 secs;
	time_t		 when;
	size_t		 k;

	if (n > 12 && strncasecmp(p, "Retry-After:", 12) == 0) {
		k = n - 12 < sizeof v - 1 ? n - 12 : sizeof v - 1;
		memcpy(v, p + 12, k);
		v[k] = '\0';
		/* trim */
		v[strcspn(v, "\r\n")] = '\0';
		while (v[0] == ' ' || v[0] == '\t')
			memmove(v, v + 1, strlen(v));
		if (parse_int(v, 0, 86400 * 7, &secs))
			a->retry_after = (long)secs;
		else if ((when = curl_getdate(v, NULL)) > 0)
			a->retry_after = when > time(NULL) ?
			    (long)(when - time(NULL)) : 0;
	}
	return n;
}

/*
 * The last guard against a connection elsewhere than the address checked
 * and pinned: curl asks here for every new socket.
 */
static curl_socket_t
on_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *addr)
{
	struct answer	*a = arg;
	char		 got[INET6_ADDRSTRLEN];
	const void	*bin;

	if (purpose != CURLSOCKTYPE_IPCXN)
		return CURL_SOCKET_BAD;
	if (addr->family == AF_INET)
		bin = &((struct sockaddr_in *)(void *)&addr->addr)->sin_addr;
	else if (addr->family == AF_INET6)
		bin = &((struct sockaddr_in6 *)(void *)&addr->addr)->sin6_addr;
	else
		bin = NULL;
	if (bin == NULL || inet_ntop(addr->family, bin, got, sizeof got) ==
	    NULL || strcmp(got, a->connect_to) != 0) {
		a->wrong_addr = true;
		return CURL_SOCKET_BAD;
	}
	return socket(addr->family, addr->socktype, addr->protocol);
}

/* The JSON body of an event: the same bytes on every attempt. */
static char *
event_body(const struct wh_delivery *d)
{
	json_t		*data, *o;
	char		*s;

	if ((data = json_loads(d->data, JSON_DECODE_ANY, NULL)) == NULL)
		return NULL;
	o = json_pack("{s:s,s:s,s:s,s:o}", "id", d->event_id, "type", d->type,
	    "created", d->created, "data", data);
	if (o == NULL)
		return NULL;
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

/* "v1=HEX" with the secret, and " v1=HEX" with the old one if still valid. */
static bool
signature(const struct wh_delivery *d, int64_t ts, const char *body,
    size_t len, char *out, size_t sz)
{
	char	*secret, hex[65], hex2[65];

	if ((secret = sec_open(d->secret_sealed)) == NULL)
		return false;
	webhook_sign(secret, ts, body, len, hex);
	sodium_memzero(secret, strlen(secret));
	free(secret);
	if (d->old_secret_sealed == NULL ||
	    (secret = sec_open(d->old_secret_sealed)) == NULL) {
		snprintf(out, sz, "v1=%s", hex);
		return true;
	}
	webhook_sign(secret, ts, body, len, hex2);
	sodium_memzero(secret, strlen(secret));
	free(secret);
	snprintf(out, sz, "v1=%s v1=%s", hex, hex2);
	return true;
}

/* Whether an HTTP status is worth another attempt. */
static bool
retryable(long code)
{
	return code == 408 || code == 429 || code >= 500;
}

/*
 * One attempt of d: check the URL again and pin its address, POST, and
 * classify the answer into r (its strings in errbuf and excerpt).
 */
static void
attempt(CURL *c, const struct settings *s, const struct wh_delivery *d,
    struct wh_result *r, char *errbuf, size_t errsz, char *excerpt,
    size_t exsz)
{
	struct webhook_target	 t;
	struct curl_slist	*hdrs = NULL, *pin = NULL, *l;
	struct answer		 a;
	enum webhook_url	 v;
	char			*body = NULL, hdr[512], sig[160],
				 cerr[CURL_ERROR_SIZE];
	double			 t0 = mono_now();
	int64_t			 ts;
	long			 code = 0;
	CURLcode		 rc;
	bool			 ok = true;

	memset(r, 0, sizeof *r);
	memset(&a, 0, sizeof a);
	a.retry_after = -1;
	errbuf[0] = excerpt[0] = cerr[0] = '\0';
	r->excerpt = excerpt;
	/* the address now, not when the endpoint was saved (DNS rebinding) */
	if ((v = webhook_url_check(d->url, s->dev, &t)) != WH_URL_OK) {
		snprintf(errbuf, errsz, "%s", webhook_url_why(v));
		r->error = errbuf;
		/* a name that does not resolve may again; a refused one won't */
		r->end = v == WH_URL_RESOLVE ? WH_RETRY : WH_FAILED;
		goto out;
	}
	snprintf(a.connect_to, sizeof a.connect_to, "%s", t.addr);
	snprintf(r->addr, sizeof r->addr, "%s", t.addr);
	if ((body = event_body(d)) == NULL) {
		snprintf(errbuf, errsz, "cannot build the body");
		r->error = errbuf;
		r->end = WH_FAILED;
		goto out;
	}
	ts = (int64_t)time(NULL);
	if (!signature(d, ts, body, strlen(body), sig, sizeof sig)) {
		snprintf(errbuf, errsz, "the endpoint's secret does not open "
		    "(a new Secret.Key?)");
		r->error = errbuf;
		r->end = WH_FAILED;
		goto out;
	}
#define ADD(str) do {							\
	if ((l = curl_slist_append(hdrs, (str))) == NULL)		\
		ok = false;						\
	else								\
		hdrs = l;						\
} while (0)
	ADD("Content-Type: application/json");
	ADD("User-Agent: Stolik-Webhooks/1");
	ADD("Expect:");
	snprintf(hdr, sizeof hdr, "Stolik-Webhook-Id: %s", d->public_id);
	ADD(hdr);
	snprintf(hdr, sizeof hdr, "Stolik-Webhook-Timestamp: %lld",
	    (long long)ts);
	ADD(hdr);
	snprintf(hdr, sizeof hdr, "Stolik-Webhook-Signature: %s", sig);
	ADD(hdr);
#undef ADD
	if ((pin = curl_slist_append(NULL, t.resolve)) == NULL || !ok) {
		snprintf(errbuf, errsz, "out of memory");
		r->error = errbuf;
		r->end = WH_RETRY;
		goto out;
	}
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, d->url);
	curl_easy_setopt(c, CURLOPT_RESOLVE, pin);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, s->dev ? "https,http" :
	    "https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)s->timeout * 1000L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)(s->timeout < 5 ? s->timeout : 5) * 1000L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &a);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &a);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, on_socket);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &a);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	/* detach what is freed below */
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(c, CURLOPT_RESOLVE, NULL);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, NULL);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
	if (a.len > 0)
		webhook_excerpt(a.body, a.len, EXCERPT_CHARS, excerpt, exsz);
	if (a.wrong_addr) {
		snprintf(errbuf, errsz, "url_not_public: connection to an "
		    "address other than the one checked");
		r->error = errbuf;
		r->end = WH_FAILED;
		goto out;
	}
	/* an answer whose body we stopped reading is still an answer */
	if (code >= 100 && (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR &&
	    a.capped))) {
		r->status_code = (int)code;
		if (a.capped)
			snprintf(errbuf, errsz, "answer over %d KiB: the rest "
			    "was not read", BODY_CAP / 1024);
		if (code >= 200 && code < 300)
			r->end = WH_DELIVERED;
		else if (retryable(code)) {
			r->end = WH_RETRY;
			if (*errbuf == '\0')
				snprintf(errbuf, errsz, "HTTP %ld", code);
		} else {
			/* 3xx (never followed) and other 4xx: not again */
			r->end = WH_FAILED;
			if (*errbuf == '\0')
				snprintf(errbuf, errsz, code < 400 ?
				    "HTTP %ld: redirects are not followed" :
				    "HTTP %ld", code);
		}
		if (r->end == WH_RETRY && (code == 429 || code == 503))
			r->delay_ms = (int)(a.retry_after >= 0 ?
			    a.retry_after : -1);
		else
			r->delay_ms = -1;
	} else {
		/* no answer: timeout, refused, reset, TLS: worth another try */
		snprintf(errbuf, errsz, "%s", rc == CURLE_OPERATION_TIMEDOUT ?
		    "timeout" : *cerr != '\0' ? cerr : curl_easy_strerror(rc));
		r->end = WH_RETRY;
		r->delay_ms = -1;
	}
	if (*errbuf != '\0')
		r->error = errbuf;
out:
	r->duration_ms = (int)((mono_now() - t0) * 1000);
	if (r->end != WH_RETRY)
		r->delay_ms = 0;
	curl_slist_free_all(hdrs);
	curl_slist_free_all(pin);
	free(a.body);
	free(body);
}

static const char *
end_name(enum wh_end e)
{
	return e == WH_DELIVERED ? "delivered" : e == WH_FAILED ? "failed" :
	    "retry";
}

/* Attempt d, record it, log it. */
static NEOERR *
deliver(struct job *j, CURL *c, const struct settings *s,
    const struct wh_delivery *d, struct tally *t, bool *disabled)
{
	struct wh_result r;
	char		 errbuf[CURL_ERROR_SIZE + 128],
			 excerpt[EXCERPT_CHARS * 4 + 1];
	bool		 recorded;
	long		 retry_after;
	json_t		*o;
	NEOERR		*err;

	attempt(c, s, d, &r, errbuf, sizeof errbuf, excerpt, sizeof excerpt);
	t->attempts++;
	if (r.end == WH_RETRY) {
		retry_after = r.delay_ms;	/* -1 or a Retry-After */
		r.delay_ms = backoff(s, d->attempt, retry_after);
		/* past its age: this was the last attempt */
		if (d->age + r.delay_ms / 1000.0 > s->max_age * 3600.0) {
			r.end = WH_FAILED;
			r.delay_ms = 0;
		}
	}
	if ((err = wh_record(j->db, d, &r, s->disable_after, j->domain,
	    &recorded, disabled)) != STATUS_OK)
		return nerr_pass(err);
	if (recorded && r.end == WH_DELIVERED)
		t->delivered++;
	else if (recorded && r.end == WH_RETRY)
		t->retried++;
	else if (recorded)
		t->failed++;
	o = json_pack("{s:s,s:s,s:s,s:I,s:I,s:i,s:s,s:i,s:i}",
	    "delivery", d->public_id, "event", d->event_id, "type", d->type,
	    "endpoint_id", (json_int_t)d->endpoint_id,
	    "order_key", (json_int_t)d->order_key, "attempt", d->attempt,
	    "result", recorded ? end_name(r.end) : "lease_lost",
	    "status", r.status_code, "ms", r.duration_ms);
	if (o != NULL && r.addr[0] != '\0')
		json_object_set_new(o, "addr", json_string(r.addr));
	if (o != NULL && r.error != NULL)
		json_object_set_new(o, "error", json_string(r.error));
	if (o != NULL && r.end == WH_RETRY)
		json_object_set_new(o, "retry_in_ms", json_integer(r.delay_ms));
	if (r.end == WH_FAILED || !recorded)
		log_event(LOGL_WARN, j->name, "webhook", o);
	else
		job_log(j, "webhook", json_incref(o));
	json_decref(o);
	if (*disabled) {
		t->disabled++;
		log_event(LOGL_WARN, j->name, "endpoint disabled", json_pack(
		    "{s:I,s:i}", "endpoint_id", (json_int_t)d->endpoint_id,
		    "after_failures", s->disable_after));
	}
	return STATUS_OK;
}

/* One claim's worth; *n how many deliveries it had. */
static NEOERR *
round_once(struct job *j, CURL *c, const struct settings *s, struct tally *t,
    size_t *n)
{
	struct wh_delivery	*rows = NULL;
	PGresult		*res = NULL;
	NEOERR			*err;
	size_t			 i, k, noff = 0;
	double			 t0 = mono_now();
	int			 want = s->batch;
	int64_t			 off[16];	/* endpoints turned off now */
	bool			 disabled, skip;

	if (j->limit > 0 && j->limit - t->attempts < want)
		want = (int)(j->limit - t->attempts);
	*n = 0;
	if (want <= 0)
		return STATUS_OK;
	if (j->dry_run) {
		if ((err = wh_due(j->db, 1000, &rows, n, &res)) != STATUS_OK)
			return nerr_pass(err);
		for (i = 0; i < *n; i++)
			job_log(j, "webhook due", json_pack(
			    "{s:s,s:s,s:s,s:i,s:s}", "delivery",
			    rows[i].public_id, "event", rows[i].event_id,
			    "type", rows[i].type, "attempt", rows[i].attempt,
			    "url", rows[i].url));
		free(rows);
		PQclear(res);
		return STATUS_OK;
	}
	if (s->unordered)
		err = wh_claim_unordered(j->db, want, s->lease, &rows, n, &res);
	else if (s->unleased)
		err = wh_claim_unleased(j->db, want, s->lease, &rows, n, &res);
	else
		err = wh_claim(j->db, want, s->lease, &rows, n, &res);
	if (err != STATUS_OK)
		return nerr_pass(err);
	for (i = 0; i < *n && err == STATUS_OK; i++) {
		/*
		 * A stop, or too little of the lease left for another whole
		 * attempt: the rest go back now (not when the lease ends),
		 * so no attempt ever runs past its lease.
		 */
		if (stopping || mono_now() - t0 + s->timeout + 2 > s->lease) {
			for (; i < *n && err == STATUS_OK; i++)
				err = wh_release(j->db, &rows[i]);
			break;
		}
		/* an endpoint this batch turned off gets no more attempts */
		for (skip = false, k = 0; k < noff; k++)
			skip = skip || off[k] == rows[i].endpoint_id;
		if (skip) {
			err = wh_release(j->db, &rows[i]);
			continue;
		}
		disabled = false;
		err = deliver(j, c, s, &rows[i], t, &disabled);
		if (disabled && noff < sizeof off / sizeof off[0])
			off[noff++] = rows[i].endpoint_id;
	}
	free(rows);
	PQclear(res);
	return nerr_pass(err);
}

/* Fail what is past its age and delete what is past keeping. */
static NEOERR *
housekeeping(struct job *j, const struct settings *s)
{
	NEOERR	*err;
	long	 expired = 0, purged = 0;

	if (j->dry_run)
		return STATUS_OK;
	if ((err = wh_expire(j->db, s->max_age, &expired)) != STATUS_OK ||
	    (err = wh_purge(j->db, s->keep_days, &purged)) != STATUS_OK)
		return nerr_pass(err);
	if (expired > 0 || purged > 0)
		job_log(j, "housekeeping", json_pack("{s:I,s:I}",
		    "expired", (json_int_t)expired,
		    "events_deleted", (json_int_t)purged));
	return STATUS_OK;
}

int
main(int argc, char *argv[])
{
	struct job	 j;
	struct settings	 s;
	struct tally	 t;
	struct sigaction sa;
	CURL		*c = NULL;
	NEOERR		*err = STATUS_OK;
	size_t		 n;
	double		 t0, kept = 0;
	int		 rc;

	if ((rc = job_start(&j, "stolik-webhooks", "webhooks",
	    JOB_WATCH | JOB_LIMIT, help, argc, argv, false)) != JOB_GO)
		return rc;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	s.batch = conf_int(j.conf, "Webhooks.Batch", 10, 1, 1000);
	s.timeout = conf_int(j.conf, "Webhooks.TimeoutSeconds", 5, 1, 60);
	/* a claim outlives the attempts made under it, with room to spare */
	s.lease = conf_int(j.conf, "Webhooks.LeaseSeconds", 60,
	    s.timeout + 3, 3600);
	s.backoff = conf_int(j.conf, "Webhooks.BackoffSeconds", 30, 1, 86400);
	s.cap = conf_int(j.conf, "Webhooks.BackoffCap", 3600, 1, 86400);
	s.max_age = conf_int(j.conf, "Webhooks.MaxAgeHours", 24, 1, 720);
	s.disable_after = conf_int(j.conf, "Webhooks.DisableAfter", 50, 1,
	    100000);
	s.keep_days = conf_int(j.conf, "Webhooks.KeepDays", 30, 1, 3650);
	s.poll = conf_int(j.conf, "Webhooks.PollSeconds", 1, 1, 3600);
	s.dev = conf_int(j.conf, "Webhooks.Development", 0, 0, 1) == 1;
	s.unordered = s.unleased = false;
#ifdef STOLIK_TEST_HOOKS
	/* the negative controls of the order and the lease tests; release
	 * builds have no such keys */
	s.unordered = conf_int(j.conf, "Webhooks.TestUnordered", 0, 0, 1) == 1;
	s.unleased = conf_int(j.conf, "Webhooks.TestUnleased", 0, 0, 1) == 1;
#endif
	if (s.keep_days * 24 < s.max_age)
		s.keep_days = (s.max_age + 23) / 24;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (c = curl_easy_init()) == NULL) {
		fprintf(stderr, "stolik-webhooks: cannot start libcurl\n");
		job_end(&j);
		return 1;
	}
	/* several jobs may run at once: SKIP LOCKED gives each its own rows */
	if (j.watch) {
		db_listen(j.db, WEBHOOK_CHANNEL);
		db_listen(j.db, OUTBOX_CHANNEL);
	}
	memset(&t, 0, sizeof t);
	t0 = mono_now();
	while (!stopping) {
		/* at the start, then about hourly */
		if (kept == 0 || mono_now() - kept > 3600) {
			if ((err = housekeeping(&j, &s)) != STATUS_OK)
				goto round_err;
			kept = mono_now();
		}
		err = round_once(&j, c, &s, &t, &n);
round_err:
		if (err != STATUS_OK && j.watch && nerr_match(err, ERR_DB_DOWN)) {
			log_nerr(__func__, "database unavailable; waiting", &err);
			db_wait(j.db, 1);
			continue;
		}
		if (err != STATUS_OK)
			goto fail;
		if (n > 0 && !j.dry_run && (j.limit == 0 || t.attempts < j.limit))
			continue;
		if (!j.watch || (j.limit > 0 && t.attempts >= j.limit))
			break;
		/* nothing due now: sleep until a NOTIFY or the next poll (a
		 * twentieth of a second for a second after a wake: job_wait) */
		job_wait(&j, s.poll);
	}
	if (t.attempts > 0 || !j.watch)
		job_log(&j, "done", json_pack("{s:i,s:i,s:i,s:i,s:i,s:f}",
		    "attempts", (int)t.attempts, "delivered", (int)t.delivered,
		    "retried", (int)t.retried, "failed", (int)t.failed,
		    "disabled", (int)t.disabled, "seconds", mono_now() - t0));
	curl_easy_cleanup(c);
	job_end(&j);
	curl_global_cleanup();
	return 0;
fail:
	curl_easy_cleanup(c);
	curl_global_cleanup();
	return job_fail(&j, &err);
}
