/* main.c: stolik.fcgi: a prefork master, its FastCGI workers, and CGI mode. */
#include "app.h"

#include <errno.h>
#include <grp.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <fcgiapp.h>

#define MAX_WORKERS	512
#define STOP_TIMEOUT	30.0	/* seconds before a stopping worker is killed */
#define TERM_REPEAT	1.0	/* resend SIGTERM this often until it exits */

struct worker {
	pid_t		 pid;
	unsigned	 gen;		/* configuration generation */
	double		 started;
	double		 term_first;	/* when we first asked it to stop */
	double		 term_last;
};

static struct app		 app;
static const char		*conf_file;
static volatile sig_atomic_t	 worker_stop;

/* ------------------------------------------------------------------ */
/* configuration                                                        */
/* ------------------------------------------------------------------ */

/* The payment breaker's threshold and cool-down (none in CGI mode). */
static void
app_configure_breaker(HDF *conf)
{
	brk_configure(gw_breaker(), (unsigned)conf_int(conf,
	    "Payments.BreakerFailures", BRK_FAILURES, 1, 1000),
	    (int64_t)conf_int(conf, "Payments.BreakerCooldownSeconds",
	    BRK_COOLDOWN_MS / 1000, 1, 86400) * 1000);
}

/* Point the app's settings into conf (which it then owns). */
static void
app_configure(struct app *a, HDF *conf)
{
	hdf_destroy(&a->conf);
	a->conf = conf;
	a->base_url = hdf_get_value(conf, "App.BaseUrl", "http://localhost");
	a->https = strncmp(a->base_url, "https://", 8) == 0;
	a->max_body = (size_t)conf_int(conf, "App.MaxBody", 1 << 20, 1024, 64 << 20);
	a->tmp_dir = hdf_get_value(conf, "App.TmpDir", "/tmp");
	metrics_configure(conf);
	app_configure_breaker(conf);
	/* photos go here; systemd's StateDirectory makes its parent */
	if (mkdir(hdf_get_value(conf, "App.MediaDir",
	    LOCALSTATEDIR "/lib/stolik/media"), 0755) != 0 && errno != EEXIST)
		log_warn("cannot create App.MediaDir: %s", strerror(errno));
	a->hold_minutes = conf_int(conf, "App.HoldMinutes", 5, 1, 60);
	a->holds_per_browser = conf_int(conf, "App.HoldsPerBrowser", 2, 1, 100);
	a->holds_per_ip = conf_int(conf, "App.HoldsPerAddress", 20, 1, 10000);
	a->bookings_per_guest = conf_int(conf, "App.BookingsPerGuest", 3, 1, 100);
	a->session_idle_minutes = conf_int(conf, "App.SessionIdleMinutes", 60, 5,
	    10080);
	a->session_max_hours = conf_int(conf, "App.SessionMaxHours", 12, 1, 720);
	a->hash_lock = hdf_get_value(conf, "App.PasswordLock", "/tmp/stolik-pwhash.lock");
	a->hash_slots = conf_int(conf, "App.PasswordHashes", 2, 1, 64);
	log_init("stolik.fcgi", log_level_parse(hdf_get_value(conf,
	    "App.LogLevel", "info")));
#ifdef STOLIK_TEST_HOOKS
	a->clock_offset = conf_int(conf, "Test.ClockOffset", 0, -100000000,
	    100000000);
	a->test_booking_delay_ms = conf_int(conf, "Test.BookingDelayMs", 0, 0, 5000);
#endif
}

/* Read configuration and secrets; on failure nothing changes. */
static NEOERR *
load_config(struct app *a)
{
	HDF	*conf = NULL;
	NEOERR	*err;

	if ((err = conf_load(conf_file, &conf)) != STATUS_OK)
		return nerr_pass(err);
	err = sec_load(hdf_get_value(conf, "App.SecretsFile",
	    SYSCONFDIR "/stolik/secrets.hdf"));
	if (err == STATUS_OK)
		err = gw_load(conf);
	if (err != STATUS_OK) {
		hdf_destroy(&conf);
		return nerr_pass(err);
	}
	app_configure(a, conf);
	return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* worker                                                               */
/* ------------------------------------------------------------------ */

static void
on_term(int sig)
{
	worker_stop = 1;
	FCGX_ShutdownPending();
}

/* ------------------------------------------------------------------ */
/* the caches of bookings (issue 21)                                    */
/* ------------------------------------------------------------------ */

/* NOTIFY BOOKED_CHANNEL of ids (n -1: any restaurant). */
static void
tell(struct app *a, const int64_t *ids, int n)
{
	STRING		 s;
	NEOERR		*err;
	const char	*p[1];
	int		 i;

	string_init(&s);
	string_appendf(&s, "%llx:", (unsigned long long)shc_host(a->shared));
	if (n < 0)
		string_append(&s, "*");
	for (i = 0; i < n; i++)
		string_appendf(&s, "%s%lld", i > 0 ? "," : "", (long long)ids[i]);
	p[0] = s.buf;
	/* the other hosts' copies then live out their age: not a failure */
	if ((err = db_exec(a->db, STMT_BOOKED_NOTIFY, 1, p, NULL)) != STATUS_OK)
		log_nerr(__func__, "cannot tell the other hosts of a booking",
		    &err);
	string_clear(&s);
}

void
booked_tell(struct app *a, bool force)
{
	int64_t		 ids[SHC_PENDING_MAX];
	int		 n;

	if (a->db == NULL || a->db->in_tx ||
	    (n = shc_take(a->shared, (long long)(mono_now() * 1000),
	    force ? 0 : BOOKED_TELL_MS, ids)) == 0)
		return;
	tell(a, ids, n);
}

/*
 * db_booked's hook in a worker: a change to these restaurants' bookings is
 * committed. This host's copies go now, before the writer answers, and
 * the other hosts hear of it within BOOKED_TELL_MS.
 */
static void
booked_changed(const int64_t *ids, int n)
{
#ifdef STOLIK_TEST_HOOKS
	if (app.booked_quiet)	/* the negative control: stale copies stay */
		return;
#endif
	if (app.shared == NULL) {
		/* nothing kept here to drop; the other hosts hear of it now */
		tell(&app, ids, n);
		return;
	}
	setup_booked_changed(app.setups, ids, n);
	booked_tell(&app, false);
}

/* Per-process state a worker or CGI run needs: connection, templates. */
static NEOERR *
worker_setup(struct app *a)
{
	NEOERR	*err;

	const char	*api;

#if defined(M_MXFAST) && !defined(STOLIK_MIMALLOC)
	/*
	 * A request makes thousands of small allocations (HDF nodes) and a
	 * few large ones; glibc consolidates its fastbins before each large
	 * one. Without fastbins the per-thread cache still serves the small
	 * sizes, and the consolidation (a few % of a worker) is gone.
	 */
	mallopt(M_MXFAST, 0);
#endif
	if ((err = db_open(hdf_get_value(a->conf, "DB.Conninfo", ""), true,
	    &a->db)) != STATUS_OK)
		return nerr_pass(err);
	db_listen(a->db, SETUP_CHANNEL);
	db_listen(a->db, BOOKED_CHANNEL);
	/* this worker's writes drop the copies themselves (sql/0022) */
	db_local_cache(a->db);
	db_booked_hook(booked_changed);
	if ((err = readdb_open(a)) != STATUS_OK)
		return nerr_pass(err);
	if ((a->setups = setup_cache_new(a->shared)) == NULL)
		return nerr_raise(NERR_NOMEM, "setup cache");
	if ((err = render_init(a)) != STATUS_OK)
		return nerr_pass(err);
	api = hdf_get_value(a->conf, "App.OpenApiFile", PKGDATADIR "/docs/openapi.json");
	if ((err = ne_load_file(api, &a->openapi)) != STATUS_OK) {
		log_nerr(__func__, "no OpenAPI document", &err);
		a->openapi = NULL;
	}
	req_global_init();
	return STATUS_OK;
}

static void
worker_cleanup(struct app *a)
{
	render_free(a->render);
	a->render = NULL;
	setup_cache_free(a->setups);
	a->setups = NULL;
	free(a->openapi);
	a->openapi = NULL;
	readdb_close(a);
	db_close(a->db);
	a->db = NULL;
}

/*
 * A worker: accept and serve requests until SIGTERM, which lets the
 * request in progress finish. Returns the exit status.
 */
static int
worker_main(int fd)
{
	FCGX_Request		 fr;
	struct io		 io;
	struct sigaction	 sa;
	sigset_t		 busy, none;
	NEOERR			*err;
	unsigned long		 served = 0;
	int			 rc;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_term;	/* no SA_RESTART: interrupt accept() */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* while serving, a stop request waits: no EINTR in the middle of a write */
	sigemptyset(&busy);
	sigaddset(&busy, SIGTERM);
	sigaddset(&busy, SIGINT);

	if ((err = worker_setup(&app)) != STATUS_OK) {
		log_nerr(__func__, "worker cannot start", &err);
		return 1;
	}
	metrics_worker_started();
	if (FCGX_InitRequest(&fr, fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		log_err("FCGX_InitRequest failed");
		return 1;
	}
	while (!worker_stop) {
		/*
		 * Changes noted for the other hosts and not yet told: told
		 * once BOOKED_TELL_MS has passed, if no request comes first.
		 */
		if (shc_pending(app.shared)) {
			struct pollfd	 pfd = { .fd = fd, .events = POLLIN };

			if (poll(&pfd, 1, BOOKED_TELL_MS) == 0) {
				booked_tell(&app, false);
				continue;
			}
		}
		rc = FCGX_Accept_r(&fr);
		if (rc < 0) {
			if (worker_stop)
				break;
			if (rc == -EINTR || errno == EINTR)
				continue;
			log_err("accept failed (%d)", rc);
			break;
		}
		sigprocmask(SIG_BLOCK, &busy, NULL);
		req_io_fcgi(&io, &fr);
		serve_request(&app, &io);
		FCGX_Finish_r(&fr);
		setup_cache_idle(app.setups);	/* the client has its answer */
		booked_tell(&app, false);
		served++;
		sigprocmask(SIG_UNBLOCK, &busy, NULL);
	}
	FCGX_Free(&fr, 0);
	metrics_flush(true);
	worker_cleanup(&app);
	log_debug("worker exiting after %lu requests", served);
	return 0;
}

/* ------------------------------------------------------------------ */
/* master                                                               */
/* ------------------------------------------------------------------ */

static pid_t
spawn(int fd, struct worker *w, unsigned gen)
{
	pid_t	 pid;

	if ((pid = fork()) < 0) {
		log_err("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0)
		_exit(worker_main(fd));
	w->pid = pid;
	w->gen = gen;
	w->started = mono_now();
	w->term_first = w->term_last = 0;
	return pid;
}

/* Ask a worker to stop, again every second, by force after the timeout. */
static void
retire(struct worker *w, double now)
{
	if (w->term_first == 0)
		w->term_first = now;
	if (now - w->term_first > STOP_TIMEOUT) {
		kill(w->pid, SIGKILL);
		return;
	}
	if (now - w->term_last >= TERM_REPEAT) {
		kill(w->pid, SIGTERM);
		w->term_last = now;
	}
}

/* Reap exited workers; a current-generation one that died too soon slows respawns. */
static void
reap(struct worker *ws, unsigned gen, double *respawn_at, double *backoff)
{
	pid_t	 pid;
	int	 st, i;
	double	 now = mono_now();

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		for (i = 0; i < MAX_WORKERS && ws[i].pid != pid; i++)
			;
		if (i == MAX_WORKERS)
			continue;
		if (ws[i].gen == gen && ws[i].term_first == 0) {
			if (WIFSIGNALED(st))
				log_warn("worker %d killed by signal %d; respawning",
				    (int)pid, WTERMSIG(st));
			else
				log_warn("worker %d exited with status %d; "
				    "respawning", (int)pid, WEXITSTATUS(st));
			if (now - ws[i].started < 1.0) {
				*backoff = *backoff < 0.1 ? 0.1 : *backoff * 2;
				if (*backoff > 5.0)
					*backoff = 5.0;
				*respawn_at = now + *backoff;
			} else
				*backoff = 0;
		}
		ws[i].pid = 0;
	}
}

/* nginx's own error answers; without them nginx falls back to its own. */
static void
error_pages(struct app *a)
{
	NEOERR	*err;

	if ((err = render_error_pages(a)) != STATUS_OK)
		log_nerr(__func__, "cannot write the error pages", &err);
}

static int
master(int fd)
{
	struct worker	 ws[MAX_WORKERS];
	sigset_t	 set;
	siginfo_t	 info;
	struct timespec	 tick = { 0, 250 * 1000 * 1000 };
	unsigned	 gen = 1;
	double		 now, respawn_at = 0, backoff = 0;
	NEOERR		*err;
	int		 i, sig, want, live, current;
	bool		 stopping = false;

	memset(ws, 0, sizeof ws);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGQUIT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	log_info("master %d starting %d workers", (int)getpid(),
	    conf_int(app.conf, "App.Workers", 4, 1, MAX_WORKERS / 2));

	for (;;) {
		now = mono_now();
		want = conf_int(app.conf, "App.Workers", 4, 1, MAX_WORKERS / 2);
		for (live = current = 0, i = 0; i < MAX_WORKERS; i++) {
			if (ws[i].pid == 0)
				continue;
			live++;
			if (stopping || ws[i].gen != gen)
				retire(&ws[i], now);
			else
				current++;
		}
		if (stopping && live == 0)
			break;
		for (i = 0; !stopping && current < want && now >= respawn_at &&
		    i < MAX_WORKERS; i++)
			if (ws[i].pid == 0 && spawn(fd, &ws[i], gen) > 0)
				current++;
		sig = sigtimedwait(&set, &info, &tick);
		switch (sig) {
		case SIGTERM:
		case SIGINT:
		case SIGQUIT:
			if (!stopping)
				log_info("stopping: letting requests finish");
			stopping = true;
			break;
		case SIGHUP:
			if ((err = load_config(&app)) != STATUS_OK) {
				log_nerr(__func__, "reload refused; keeping the "
				    "running configuration", &err);
				break;
			}
			gen++;
			if ((err = render_init(&app)) == STATUS_OK)
				error_pages(&app);
			else
				log_nerr(__func__, "error pages not rewritten", &err);
			render_free(app.render);
			app.render = NULL;
			/* the database may be another: what was kept from it goes */
			shc_drop_all(app.shared);
			log_info("reloaded configuration; replacing workers");
			break;
		default:
			break;
		}
		reap(ws, gen, &respawn_at, &backoff);
	}
	log_info("master %d stopped", (int)getpid());
	return 0;
}

/* ------------------------------------------------------------------ */
/* listening socket                                                     */
/* ------------------------------------------------------------------ */

/*
 * Bind the unix socket at path, mode and group from the configuration.
 * A stale socket file is replaced; a live one (another master) is not.
 */
static int
listen_unix(const char *path)
{
	struct sockaddr_un	 sun;
	struct stat		 st;
	struct group		*gr;
	const char		*group;
	long			 mode;
	int			 fd, probe;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun.sun_path) {
		log_err("socket path too long: %s", path);
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			log_err("%s exists and is not a socket", path);
			return -1;
		}
		probe = socket(AF_UNIX, SOCK_STREAM, 0);
		if (probe >= 0 && connect(probe, (struct sockaddr *)&sun,
		    sizeof sun) == 0) {
			close(probe);
			log_err("%s is in use by another process", path);
			return -1;
		}
		if (probe >= 0)
			close(probe);
		unlink(path);
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    bind(fd, (struct sockaddr *)&sun, sizeof sun) < 0) {
		log_err("bind %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	mode = strtol(hdf_get_value(app.conf, "App.SocketMode", "0660"), NULL, 8);
	if (chmod(path, (mode_t)(mode & 0777)) < 0)
		log_warn("chmod %s: %s", path, strerror(errno));
	group = hdf_get_value(app.conf, "App.SocketGroup", NULL);
	if (group != NULL && *group != '\0') {
		if ((gr = getgrnam(group)) == NULL ||
		    chown(path, (uid_t)-1, gr->gr_gid) < 0)
			log_warn("cannot give %s to group %s", path, group);
	}
	if (listen(fd, 1024) < 0) {
		log_err("listen %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* ------------------------------------------------------------------ */
/* CGI mode and main                                                    */
/* ------------------------------------------------------------------ */

/* Serve the one request in the CGI environment (tests, plain CGI). */
static int
cgi_main(void)
{
	struct io	 io;
	NEOERR		*err;

	if ((err = worker_setup(&app)) != STATUS_OK) {
		log_nerr(__func__, "cannot start", &err);
		printf("Status: 500 Internal Server Error\r\n"
		    "Content-Type: text/plain\r\n\r\nInternal Server Error\n");
		return 1;
	}
	req_io_cgi(&io);
	serve_request(&app, &io);
	fflush(stdout);
	worker_cleanup(&app);
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: stolik.fcgi [-tV] [-c config]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	NEOERR		*err;
	const char	*lfds, *lpid;
	struct breaker	*breaker;
	struct wake_clock *wake;
	char		*sock;
	int		 ch, fd, rc, shared_mb;
	bool		 check = false, own_socket = false;

	while ((ch = getopt(argc, argv, "c:tV")) != -1) {
		switch (ch) {
		case 'c':
			conf_file = optarg;
			break;
		case 't':
			check = true;
			break;
		case 'V':
			printf("stolik.fcgi %s\n", STOLIK_VERSION);
			return 0;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	conf_file = conf_path(conf_file);
	log_init("stolik.fcgi", LOGL_INFO);
	if ((err = err_init()) != STATUS_OK) {
		log_nerr(__func__, "ClearSilver init", &err);
		return 1;
	}
	if (!sec_init()) {
		log_err("libsodium cannot initialise");
		return 1;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_err("libcurl cannot initialise");
		return 1;
	}
	if ((err = load_config(&app)) != STATUS_OK) {
		log_nerr(__func__, "cannot load the configuration", &err);
		return 1;
	}
	/* templates and language file load, or workers would die at once */
	if ((err = render_init(&app)) != STATUS_OK) {
		log_nerr(__func__, "cannot load the templates", &err);
		return 1;
	}
	if (!check && getenv("GATEWAY_INTERFACE") == NULL)
		error_pages(&app);
	render_free(app.render);
	app.render = NULL;
	if (check) {
		printf("%s: configuration OK\n", conf_file);
		return 0;
	}
	if (FCGX_Init() != 0) {
		log_err("FCGX_Init failed");
		return 1;
	}
	if ((sock = strdup(hdf_get_value(app.conf, "App.Socket", ""))) == NULL)
		return 1;
	lfds = getenv("LISTEN_FDS");
	lpid = getenv("LISTEN_PID");
	if (getenv("GATEWAY_INTERFACE") != NULL && FCGX_IsCGI())
		return cgi_main();
	if (lfds != NULL && strcmp(lfds, "1") == 0 && lpid != NULL &&
	    atol(lpid) == (long)getpid())
		fd = 3;			/* systemd socket activation */
	else if (*sock != '\0') {
		if ((fd = listen_unix(sock)) < 0)
			return 1;
		own_socket = true;
	} else if (!FCGX_IsCGI())
		fd = 0;			/* spawn-fcgi and the like */
	else
		return cgi_main();
	if (!metrics_init(app.conf))
		log_warn("no shared memory for /metrics: %s", strerror(errno));
	/* the gateway's breaker: one for all workers, mapped before they fork */
	if ((breaker = brk_create(BRK_FAILURES, BRK_COOLDOWN_MS)) == NULL)
		log_warn("no shared memory for the payment breaker: %s",
		    strerror(errno));
	gw_set_breaker(breaker);
	app_configure_breaker(app.conf);
	/* the workers wake the mailer and the webhooks job once per 50 ms */
	if ((wake = outbox_wake_clock()) == NULL)
		log_warn("no shared memory for the mailer's wake: %s",
		    strerror(errno));
	outbox_share_wake(wake);
	/* mapped before the workers fork: all of them see the same bytes */
	shared_mb = conf_int(app.conf, "App.SharedCacheMB", 32, 0, 4096);
	if (shared_mb > 0 &&
	    (app.shared = shc_create((size_t)shared_mb << 20)) == NULL)
		log_warn("no shared memory for the workers' cache: %s",
		    strerror(errno));
	rc = master(fd);
	gw_set_breaker(NULL);
	brk_destroy(breaker);
	shc_destroy(app.shared);
	if (own_socket)
		unlink(sock);
	free(sock);
	hdf_destroy(&app.conf);
	return rc;
}
