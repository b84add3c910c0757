/* job.c: the frame of every batch job (DESIGN §7). */
#include "job.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

static void
usage(const struct job *j, unsigned opts, const char *help)
{
	fprintf(stderr, "usage: %s [-n] [-c config]%s%s\n%s", j->prog,
	    opts & JOB_WATCH ? " [--watch | --once]" : "",
	    opts & JOB_LIMIT ? " [--limit N]" : "", help);
	fprintf(stderr,
	    "  -c, --config FILE  configuration (default $STOLIK_CONFIG or "
	    SYSCONFDIR "/stolik/stolik.hdf)\n"
	    "  -n, --dry-run      show what would be done and change nothing\n");
	exit(2);
}

#ifdef STOLIK_TEST_HOOKS
/* --now: seconds since the epoch, or YYYY-MM-DDTHH:MM:SSZ. */
static bool
parse_now(const char *s, int64_t *out)
{
	struct tm	 tm;
	long long	 n;
	const char	*end;

	if (parse_int(s, 0, 4102444800LL, &n)) {
		*out = n;
		return true;
	}
	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0')
		return false;
	*out = (int64_t)timegm(&tm);
	return true;
}
#endif

int
job_start(struct job *j, const char *prog, const char *name, unsigned opts,
    const char *help, int argc, char *argv[], bool lock)
{
	static const struct option longopts[] = {
		{ "config",	required_argument,	NULL, 'c' },
		{ "dry-run",	no_argument,		NULL, 'n' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "watch",	no_argument,		NULL, 'w' },
		{ "once",	no_argument,		NULL, 'o' },
		{ "limit",	required_argument,	NULL, 'l' },
		{ "now",	required_argument,	NULL, 'T' },
		{ NULL,		0,			NULL, 0 }
	};
	PGresult	*res = NULL;
	NEOERR		*err;
	const char	*cfile = NULL, *p[1];
	long long	 n;
	int		 ch;

	memset(j, 0, sizeof *j);
	j->prog = prog;
	j->name = name;
	while ((ch = getopt_long(argc, argv, "c:nh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			cfile = optarg;
			break;
		case 'n':
			j->dry_run = true;
			break;
		case 'w':
		case 'o':
			if (!(opts & JOB_WATCH))
				usage(j, opts, help);
			j->watch = ch == 'w';
			break;
		case 'l':
			if (!(opts & JOB_LIMIT) || !parse_int(optarg, 1, 100000000,
			    &n))
				usage(j, opts, help);
			j->limit = (long)n;
			break;
		case 'T':
#ifdef STOLIK_TEST_HOOKS
			if (!parse_now(optarg, &j->now))
				usage(j, opts, help);
			j->fixed_now = true;
			break;
#endif
		default:
			usage(j, opts, help);
		}
	}
	if (optind != argc)
		usage(j, opts, help);
	if (!j->fixed_now)
		j->now = (int64_t)time(NULL);
	log_init(prog, LOGL_INFO);
	if ((err = err_init()) != STATUS_OK || !sec_init())
		return job_fail(j, &err);
	if ((err = conf_load(conf_path(cfile), &j->conf)) != STATUS_OK)
		return job_fail(j, &err);
	log_init(prog, log_level_parse(hdf_get_value(j->conf, "App.LogLevel",
	    "info")));
	if ((err = sec_load(hdf_get_value(j->conf, "App.SecretsFile",
	    SYSCONFDIR "/stolik/secrets.hdf"))) != STATUS_OK)
		return job_fail(j, &err);
	j->base_url = hdf_get_value(j->conf, "App.BaseUrl", "http://localhost");
	outbox_domain(j->base_url, j->domain, sizeof j->domain);
	if ((err = db_open(hdf_get_value(j->conf, "DB.Conninfo", ""), true,
	    &j->db)) != STATUS_OK || (err = db_connect(j->db)) != STATUS_OK)
		return job_fail(j, &err);
	if (!lock)
		return JOB_GO;
	/* a session lock: it goes with the connection, even on kill -9 */
	p[0] = name;
	if ((err = db_exec(j->db, STMT_JOB_LOCK, 1, p, &res)) != STATUS_OK)
		return job_fail(j, &err);
	if (!db_bool(res, 0, 0)) {
		PQclear(res);
		log_info("another %s is running; leaving the work to it", prog);
		job_end(j);
		return 0;
	}
	PQclear(res);
	return JOB_GO;
}

void
job_tick(struct job *j)
{
	if (!j->fixed_now)
		j->now = (int64_t)time(NULL);
}

int
job_fail(struct job *j, NEOERR **err)
{
	log_nerr(__func__, "failed", err);
	fprintf(stderr, "%s: failed; see the log line above\n", j->prog);
	job_end(j);
	return 1;
}

void
job_end(struct job *j)
{
	db_close(j->db);
	j->db = NULL;
	hdf_destroy(&j->conf);
}

void
job_log(struct job *j, const char *msg, json_t *obj)
{
	if (obj == NULL)
		obj = json_object();
	if (j->dry_run)
		json_object_set_new(obj, "dry_run", json_true());
	log_event(LOGL_INFO, j->name, msg, obj);
	json_decref(obj);
}

void
job_wait(struct job *j, double seconds)
{
	if (mono_now() - j->woke_at < JOB_BUSY_WINDOW && seconds > JOB_BUSY_POLL)
		seconds = JOB_BUSY_POLL;
	if (db_wait(j->db, seconds))
		j->woke_at = mono_now();
}

int
job_backoff_ms(int first, int cap, int attempts)
{
	double	 d = first * 1000.0, c = cap * 1000.0;
	int	 i;

	for (i = 1; i < attempts && d < c; i++)
		d *= 2;
	if (d > c)
		d = c;
	return (int)(d / 2 + randombytes_uniform((uint32_t)(d / 2) + 1));
}
