/*
 * openloop.c: an open-loop HTTP/1.1 load generator for the bench's latency
 * passes. Request i is due at start + i / RATE, evenly spaced, whatever
 * happened to the ones before it; its latency runs from that due time to
 * the end of its response, so a stall shows in every request it delays
 * (no coordinated omission). Keep-alive connections are reused; when none
 * is idle a new one is opened, up to MAXCONN, after which requests wait in
 * line (and their wait counts). A request whose connection the server
 * closes counts as an error and is not sent again.
 *
 *   openloop HOST PORT RATE SECONDS REQUESTS
 *
 * REQUESTS holds raw requests, each as a line with its length in bytes and
 * then the bytes; they are sent in order (and again from the first, should
 * the file hold fewer than RATE * SECONDS). Responses must carry a
 * Content-Length, as every answer of nginx in front of stolik.fcgi does.
 * Prints one line: OPENLOOP {json}.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define MAXCONN		256	/* nginx needs two connections for each */
#define RBUF		65536
#define DRAIN_SECONDS	10.0
#define TIMER		UINT32_MAX	/* epoll data of the timerfd */

struct req {
	const char	*buf;
	size_t		 len;
};

struct conn {
	int		 fd;
	int		 busy;		/* a request is on it */
	long		 job;		/* which one (index into due times) */
	size_t		 sent;
	size_t		 got;		/* bytes of the response so far */
	size_t		 need;		/* header + body, once the header is in */
	int		 close_after;
	char		 rbuf[RBUF];
};

static struct sockaddr_in	 addr;
static int			 ep;
static struct req		*reqs;
static size_t			 nreqs;
static struct conn		*conns[MAXCONN];
static int			 nconns;
static int			 idle[MAXCONN], nidle;
static double			*lat;		/* per job, ms; < 0 when failed */
static int			*status;
static long			*line;		/* jobs waiting for a connection */
static long			 line_head, line_tail;
static double			 start, rate;
static long			 errors, finished;

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
die(const char *what)
{
	perror(what);
	exit(1);
}

static void
load(const char *path)
{
	FILE		*f;
	char		*all, *p, *end;
	long		 size;
	size_t		 cap = 1024;

	if ((f = fopen(path, "rb")) == NULL)
		die(path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	if ((all = malloc((size_t)size + 1)) == NULL ||
	    fread(all, 1, (size_t)size, f) != (size_t)size)
		die("read requests");
	fclose(f);
	if ((reqs = malloc(cap * sizeof *reqs)) == NULL)
		die("malloc");
	for (p = all, end = all + size; p < end; ) {
		char	*nl;
		long	 n = strtol(p, &nl, 10);

		if (*nl != '\n' || n <= 0 || nl + 1 + n > end) {
			fprintf(stderr, "openloop: bad request file at %ld\n",
			    (long)(p - all));
			exit(1);
		}
		if (nreqs == cap && (reqs = realloc(reqs,
		    (cap *= 2) * sizeof *reqs)) == NULL)
			die("realloc");
		reqs[nreqs].buf = nl + 1;
		reqs[nreqs++].len = (size_t)n;
		p = nl + 1 + n;
	}
	if (nreqs == 0) {
		fprintf(stderr, "openloop: no requests\n");
		exit(1);
	}
}

static void
sock_new(int i)
{
	struct conn		*c = conns[i];
	struct epoll_event	 ev;
	int			 one = 1;

	if ((c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) == -1)
		die("socket");
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) == -1 &&
	    errno != EINPROGRESS)
		die("connect");
	/* edge-triggered: reads and writes go on until EAGAIN */
	ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
	ev.data.u32 = (uint32_t)i;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) == -1)
		die("epoll_ctl");
}

static void
sock_renew(int i)
{
	epoll_ctl(ep, EPOLL_CTL_DEL, conns[i]->fd, NULL);
	close(conns[i]->fd);
	sock_new(i);
}

static int
conn_open(void)
{
	if (nconns == MAXCONN)
		return -1;
	if ((conns[nconns] = calloc(1, sizeof *conns[nconns])) == NULL)
		die("calloc");
	sock_new(nconns);
	return nconns++;
}

/* The next connection to use: an idle one, else a new one, else -1. */
static int
conn_get(void)
{
	if (nidle > 0)
		return idle[--nidle];
	return conn_open();
}

static void	try_write(int);

/* Put job on connection i and start writing it. */
static void
conn_start(int i, long job)
{
	struct conn	*c = conns[i];

	c->busy = 1;
	c->job = job;
	c->sent = c->got = c->need = 0;
	c->close_after = 0;
	try_write(i);
}

/* Connection i is free again: the next job in line, or the idle stack. */
static void
conn_free(int i)
{
	conns[i]->busy = 0;
	if (conns[i]->close_after)
		sock_renew(i);
	if (line_head < line_tail)
		conn_start(i, line[line_head++]);
	else
		idle[nidle++] = i;
}

static void
job_end(struct conn *c, double ms)
{
	lat[c->job] = ms;
	finished++;
	if (ms < 0)
		errors++;
}

static void
try_write(int i)
{
	struct conn		*c = conns[i];
	const struct req	*r;
	ssize_t			 n;

	if (!c->busy)
		return;
	r = &reqs[c->job % (long)nreqs];
	while (c->sent < r->len) {
		n = write(c->fd, r->buf + c->sent, r->len - c->sent);
		if (n > 0)
			c->sent += (size_t)n;
		else if (n == -1 && errno == EINTR)
			continue;
		else if (n == -1 && errno == EAGAIN)
			return;
		else {
			/* closed under us: counted as failed, never sent again */
			job_end(c, -1);
			c->close_after = 1;
			conn_free(i);
			return;
		}
	}
}

/* Parse the header in c->rbuf, if complete: status and total length. */
static int
parse_head(struct conn *c)
{
	char	*end, *p, *cl = NULL;
	size_t	 hl;

	c->rbuf[c->got] = '\0';
	if ((end = strstr(c->rbuf, "\r\n\r\n")) == NULL)
		return c->got < RBUF - 1 ? 0 : -1;
	hl = (size_t)(end - c->rbuf) + 4;
	status[c->job] = atoi(c->rbuf + 9);
	*end = '\0';
	for (p = c->rbuf; (p = strstr(p, "\r\n")) != NULL; p += 2) {
		if (strncasecmp(p + 2, "content-length:", 15) == 0)
			cl = p + 17;
		else if (strncasecmp(p + 2, "connection: close", 17) == 0)
			c->close_after = 1;
	}
	if (cl == NULL)
		return -1;
	c->need = hl + strtoul(cl, NULL, 10);
	return 1;
}

static void
try_read(int i, double t)
{
	struct conn	*c = conns[i];
	ssize_t		 n;

	for (;;) {
		/* the header is kept until parsed; the body only counted */
		if (c->need == 0)
			n = read(c->fd, c->rbuf + c->got, RBUF - 1 - c->got);
		else
			n = read(c->fd, c->rbuf, RBUF - 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return;
		if (n > 0 && !c->busy)
			continue;		/* nothing was asked: ignored */
		if (n > 0) {
			c->got += (size_t)n;
			if (c->need == 0 && parse_head(c) < 0) {
				job_end(c, -1);
				c->close_after = 1;
				conn_free(i);
				return;
			}
			if (c->need > 0 && c->got >= c->need) {
				job_end(c, (t - (start + c->job / rate)) * 1e3);
				conn_free(i);
				return;
			}
			continue;
		}
		/*
		 * the server closed it: a request on it failed (a retry would
		 * add load just when the server cannot keep up); an idle one
		 * is opened again
		 */
		if (c->busy) {
			job_end(c, -1);
			c->close_after = 1;
			conn_free(i);
		} else
			sock_renew(i);
		return;
	}
}

static int
cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char *argv[])
{
	struct epoll_event	 evs[256];
	double			 seconds, t, due, *ok;
	long			 total, next = 0, i, n, non2xx = 0, cls[6] = { 0 };
	struct epoll_event	 tev;
	struct itimerspec	 its;
	uint64_t		 ticks;
	int			 k, ci, tfd;

	if (argc != 6) {
		fprintf(stderr, "usage: openloop HOST PORT RATE SECONDS "
		    "REQUESTS\n");
		return 2;
	}
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)atoi(argv[2]));
	if (inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1) {
		fprintf(stderr, "openloop: %s: not an IPv4 address\n", argv[1]);
		return 2;
	}
	rate = atof(argv[3]);
	seconds = atof(argv[4]);
	if (rate <= 0 || seconds <= 0) {
		fprintf(stderr, "openloop: rate and seconds must be > 0\n");
		return 2;
	}
	load(argv[5]);
	total = (long)(rate * seconds);
	if ((lat = malloc((size_t)total * sizeof *lat)) == NULL ||
	    (status = calloc((size_t)total, sizeof *status)) == NULL ||
	    (line = malloc((size_t)total * sizeof *line)) == NULL ||
	    (ok = malloc((size_t)total * sizeof *ok)) == NULL)
		die("malloc");
	for (i = 0; i < total; i++)
		lat[i] = -2;		/* not answered */
	if ((ep = epoll_create1(0)) == -1)
		die("epoll_create1");
	/* the next due time, to the nanosecond: no spinning in between */
	if ((tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK)) == -1)
		die("timerfd_create");
	tev.events = EPOLLIN;
	tev.data.u32 = TIMER;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &tev) == -1)
		die("epoll_ctl");
	for (k = 0; k < 8; k++)		/* a few ready at the start */
		idle[nidle++] = conn_open();
	start = now() + 0.05;
	for (;;) {
		t = now();
		while (next < total && (due = start + next / rate) <= t) {
			if (line_head < line_tail || (ci = conn_get()) < 0)
				line[line_tail++] = next;
			else
				conn_start(ci, next);
			next++;
		}
		if (next == total && (finished == total ||
		    t > start + seconds + DRAIN_SECONDS))
			break;
		if (next < total) {
			due = start + next / rate;
			memset(&its, 0, sizeof its);
			its.it_value.tv_sec = (time_t)due;
			its.it_value.tv_nsec = (long)((due - (double)(time_t)due) * 1e9);
			if (timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL) == -1)
				die("timerfd_settime");
		}
		n = epoll_wait(ep, evs, 256, next < total ? -1 : 100);
		t = now();
		for (k = 0; k < n; k++) {
			if (evs[k].data.u32 == TIMER) {
				(void)read(tfd, &ticks, sizeof ticks);
				continue;
			}
			ci = (int)evs[k].data.u32;
			if (evs[k].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP |
			    EPOLLERR))
				try_read(ci, t);
			if (evs[k].events & EPOLLOUT)
				try_write(ci);
		}
	}
	t = now();
	for (i = 0, n = 0; i < total; i++) {
		if (lat[i] >= 0)
			ok[n++] = lat[i];
		else if (lat[i] == -2)
			errors++;	/* no answer in time */
		if (lat[i] >= 0 && (status[i] < 200 || status[i] >= 300))
			non2xx++;
		if (lat[i] >= 0 && status[i] >= 100 && status[i] < 600)
			cls[status[i] / 100]++;
	}
	qsort(ok, (size_t)n, sizeof *ok, cmp);
#define PCT(q)	(n > 0 ? ok[(long)((n - 1) * (q))] : 0.0)
	printf("OPENLOOP {\"offered\": %.0f, \"achieved\": %.1f, "
	    "\"p50_ms\": %.3f, \"p90_ms\": %.3f, \"p99_ms\": %.3f, "
	    "\"p99_9_ms\": %.3f, \"max_ms\": %.3f, \"non2xx\": %ld, "
	    "\"errors\": %ld, \"connections\": %d, "
	    "\"statuses\": {\"2xx\": %ld, \"3xx\": %ld, \"4xx\": %ld, "
	    "\"5xx\": %ld}}\n",
	    rate, n / seconds, PCT(0.5), PCT(0.9), PCT(0.99), PCT(0.999),
	    n > 0 ? ok[n - 1] : 0.0, non2xx, errors, nconns,
	    cls[2], cls[3], cls[4], cls[5]);
	return 0;
}
