/* app.h: the FastCGI program's types: the process, a request, its response, routes. */
#ifndef STOLIK_APP_H
#define STOLIK_APP_H

#include "stolik.h"

/* Request methods as bits, so a route can allow several. */
enum http_method {
	HTTP_GET = 1 << 0,
	HTTP_HEAD = 1 << 1,
	HTTP_POST = 1 << 2,
	HTTP_PUT = 1 << 3,
	HTTP_PATCH = 1 << 4,
	HTTP_DELETE = 1 << 5,
	HTTP_OPTIONS = 1 << 6,
	HTTP_OTHER = 1 << 7,
};

/* Bytes of a single form or JSON value, and of a field name. */
#define REQ_FIELD_MAX	16384
#define REQ_NAME_MAX	128
/* Form fields, query parameters and cookies together. */
#define REQ_FIELDS_MAX	512
#define ROUTE_MAXPARAMS	4

/*
 * Where a request comes from and where its answer goes: a FastCGI request,
 * the CGI environment, or memory in the unit tests.
 */
#define IO_ENV_INDEX	96	/* variables whose name lengths are kept */

struct io {
	char *const	*envp;		/* "NAME=value" strings */
	int		(*read)(void *ctx, char *buf, int len);	/* 0 at EOF */
	int		(*write)(void *ctx, const char *buf, int len);	/* len or -1 */
	void		*ctx;
	/* private: the length of each name (255: look at the string) */
	unsigned char	 keylen_[IO_ENV_INDEX];
	size_t		 nkeys_;
};

struct render;

/* Process-wide state; main.c owns it. */
/*
 * Tell the other hosts (BOOKED_CHANNEL) what this host's workers noted of
 * changed bookings: at most every BOOKED_TELL_MS across the workers, or
 * now with force. main.c.
 */
#define BOOKED_TELL_MS	50
struct app;
void	 booked_tell(struct app *, bool force);

struct app {
	HDF		*conf;		/* the configuration file */
	struct db	*db;		/* this worker's connection */
	struct render	*render;	/* parsed templates, site HDF */
	struct setup_cache *setups;	/* restaurants' set-ups and clocks */
	struct shc	*shared;	/* what the workers share of them */
	bool		 booked_quiet;	/* test builds: this request's writes
					   leave the caches of bookings be */
	const char	*base_url;	/* App.BaseUrl, no trailing slash */
	bool		 https;		/* base_url is https: */
	size_t		 max_body;	/* App.MaxBody */
	const char	*tmp_dir;	/* uploads are spooled here */
	double		 clock_offset;	/* test builds: seconds added to now */
	int		 hold_minutes;	/* App.HoldMinutes */
	int		 holds_per_browser;
	int		 holds_per_ip;
	int		 bookings_per_guest;
	int		 test_booking_delay_ms;	/* test builds: widen the race */
	int		 session_idle_minutes;
	int		 session_max_hours;
	const char	*hash_lock;	/* lock file of the password-hash slots */
	int		 hash_slots;
	char		 dummy_hash[128];	/* verified for unknown emails */
	char		*openapi;	/* docs/openapi.json, read at start */
	/* the read replica (DB.ReadConninfo; NULL: none), fcgi/readdb.c */
	struct db	*rdb;
	double		 rdb_max_lag;	/* DB.ReadMaxLagSeconds */
	long		 rdb_marker_age;	/* DB.ReadAfterSeconds */
	double		 rdb_checked;	/* when its state was last read */
	double		 rdb_down_until;	/* skipped until then */
	uint64_t	 rdb_replay;	/* its replay position (LSN, bytes) */
	double		 rdb_lag;	/* seconds behind, as last read */
};

struct route;

/* One request; everything in it is freed by req_free. */
struct req {
	struct app	*app;
	struct io	*io;
	enum http_method method;
	const char	*method_name;
	char		*path;		/* decoded path, no query */
	CGI		*cgi;		/* ClearSilver's view; owns hdf */
	HDF		*hdf;		/* CGI.*, Query.*, Cookie.*, Page.* */
	const struct route *route;
	char		*params[ROUTE_MAXPARAMS];	/* :name path segments */
	int		 nparams;
	char		*body;		/* raw body, NUL-terminated */
	size_t		 bodylen;
	char		 gw_origin[256];	/* resp form_action's storage */
	size_t		 bodyoff;	/* read position for cgi_parse */
	json_t		*json;		/* parsed JSON body */
	bool		 want_json;	/* answer errors as problem+json */
	bool		 https;
	/* browser id cookie: anonymous CSRF binding, hold ownership */
	char		*bid;
	/* who asks: a login session (pages) or a Bearer token (API) */
	int64_t		 user_id;	/* 0: nobody signed in */
	enum role	 role;
	char		*user_email;
	char		*user_name;
	bool		 verified;
	char		*sid;		/* the valid session cookie's token */
	char		*csrf_key;	/* the session's CSRF secret (hex) */
	char		*scopes;	/* an API key's scopes; NULL for users */
	/* the language of the answer's pages and of the mails it queues */
	const char	*lang;		/* a code of App.Languages (borrowed) */
	bool		 lang_cookie;	/* chosen by the switcher's cookie */
	char		*user_lang;	/* the signed-in user's saved one, or NULL */
	/* where this request's stale-tolerant reads go (readdb_choose); NULL:
	 * the primary, app->db */
	struct db	*rdb;
	bool		 rdb_forced;	/* test builds: the replica by force,
					   past the shared copies too */
};

/* A response being built; sent once by resp_send. */
struct resp {
	int		 status;
	const char	*ctype;
	const char	*cache;		/* Cache-Control value */
	bool		 personal;	/* depends on who asks: private, no-store */
	const char	*referrer;	/* Referrer-Policy value */
	const char	*form_action;	/* an origin besides 'self' that forms
					   may send to (a redirect's target
					   counts): the payment gateway's */
	STRING		 head;		/* extra header lines, CRLF-terminated */
	STRING		 body;
	bool		 sent;
};

/* ------------------------------------------------------------------ */
/* owner.c: the owner's restaurant of a request                          */
/* ------------------------------------------------------------------ */

/*
 * The restaurant of path parameter 0 if it is the signed-in owner's (the
 * owner_id check is in the SQL); else a 404 is answered and *out is NULL.
 */
NEOERR	*owner_restaurant(struct req *, struct resp *,
	    struct owner_restaurant **out);
/* Its columns by name (NULL-terminated), as Page.R.<name>, as JSON. */
extern const char *const owner_restaurant_cols[];
NEOERR	*owner_put_restaurant(HDF *, const struct owner_restaurant *);
json_t	*owner_restaurant_json(const struct owner_restaurant *);
/* Run an owner statement: $1 restaurant, $2 the user, then extra. */
NEOERR	*owner_rows(struct req *, enum stmt, int64_t restaurant, int nextra,
	    const char *const *extra, PGresult **res);

/* ------------------------------------------------------------------ */
/* metrics.c: counters shared by the workers, /metrics, the access log   */
/* ------------------------------------------------------------------ */

/* Map the shared counters (the master, before it forks); false on failure. */
bool	 metrics_init(HDF *conf);
/* Pick up App.AccessLog again (a reload). */
void	 metrics_configure(HDF *conf);
void	 metrics_worker_started(void);
/* One answered request: its route's index (-1: none), status, time, size. */
void	 metrics_record(int route, const char *method, const char *path,
	    int status, uint64_t us, size_t bytes);
/* Database failures and reconnects of this worker since the last call. */
void	 metrics_db(unsigned long errors, unsigned long reconnects);
/* Transactions the booking core ran again after a deadlock. */
void	 metrics_retries(unsigned long n);
/* Write the buffered access-log lines (always with force, else once a second). */
void	 metrics_flush(bool force);
NEOERR	*metrics_page(struct req *, struct resp *);
/* Where a stale-tolerant request's reads went (enum read_target). */
void	 metrics_read(int target);
/* The replica's lag as a worker last read it, in milliseconds. */
void	 metrics_replica_lag(double seconds);

/* ------------------------------------------------------------------ */
/* readdb.c: reads from the replica, read-your-writes (issue 20)         */
/* ------------------------------------------------------------------ */

enum read_target {
	READ_REPLICA,		/* the replica */
	READ_PRIMARY_MARKER,	/* the client's own write is not replayed yet */
	READ_PRIMARY_LAG,	/* the replica is too far behind */
	READ_PRIMARY_DOWN,	/* the replica is unreachable or failed */
	READ__MAX
};

/* Open the replica's connection if DB.ReadConninfo is set (lazily: a
 * replica that is down is no error). */
NEOERR	*readdb_open(struct app *);
void	 readdb_close(struct app *);
/*
 * Decide where the reads of r (a ROUTE_STALE route) go: r->rdb becomes the
 * replica when one is configured, reachable, at most DB.ReadMaxLagSeconds
 * behind, and past the client's read-your-writes marker; else the primary.
 */
void	 readdb_choose(struct req *r);
/* The connection for r's stale-tolerant reads. */
struct db *req_rdb(const struct req *r);
/*
 * After r's write was answered with success (w->status < 400): give the
 * client the primary's WAL position as a signed marker, a cookie for pages
 * and a Stolik-Read-After header for the API. Only with a replica.
 */
void	 readdb_mark(struct req *r, struct resp *w);
/*
 * A stale-tolerant read failed on the replica (not for a reason of the
 * request's): mark it down and send r's reads to the primary. True if the
 * caller should run the read again there.
 */
bool	 readdb_failed(struct req *r, NEOERR **err);
/*
 * The restaurant's set-up (by id, or by slug with id 0) and its public
 * page data for r's stale-tolerant reads: cache hits as ever; on a miss,
 * with r on the replica, what it reads is r's alone (never kept in the
 * worker's or the shared cache), else read from the primary and kept.
 */
NEOERR	*readdb_setup(struct req *r, int64_t id, const char *slug,
	    const struct setup **out);
NEOERR	*readdb_page(struct req *r, const char *slug,
	    const struct restaurant_page **out);
/* offer_times on r's stale-tolerant connection (env->db is put back). */
NEOERR	*readdb_offer_times(struct req *r, struct book_env *env,
	    const struct setup *s, int day, int party, struct slot *out,
	    size_t max, size_t *n);
/* The position of rt among all routes (the metrics' index). */
int	 route_id(const struct route *rt);

/* ------------------------------------------------------------------ */
/* input.c: fields of a form or a JSON body (j), errors by field in errs */
/* ------------------------------------------------------------------ */

/* True if name was sent at all (PATCH: only what is given changes). */
bool	 in_given(struct req *, json_t *j, const char *name);
/* Text of at most max characters without control characters; "" if none. */
const char *in_text(struct req *, json_t *j, const char *name, size_t max,
	    bool required, json_t *errs, bool multiline);
/* An integer in [min, max] (a JSON number in the API); false if none or bad. */
bool	 in_int(struct req *, json_t *j, const char *name, long long min,
	    long long max, bool required, json_t *errs, long long *out);
/* A decimal number in [min, max]; false if none or bad. */
bool	 in_number(struct req *, json_t *j, const char *name, double min,
	    double max, json_t *errs, double *out);
/* One of choices (NULL-terminated); NULL if none or another. */
const char *in_choice(struct req *, json_t *j, const char *name,
	    const char *const *choices, bool required, json_t *errs);
/* A checkbox or a JSON true. */
bool	 in_bool(struct req *, json_t *j, const char *name);
bool	 email_ok(const char *);
bool	 phone_ok(const char *);
/* Each error as Form.Errors.<field>, for the form shown again. */
NEOERR	*in_errors_to_form(struct req *, json_t *errs);

/* A booking request's date, time and party, validated. */
struct when {
	int		 day;		/* local date, day number */
	int		 minute;	/* local time, or -1 if none was given */
	int		 party;
	const char	*bad;		/* field that failed, or NULL */
	const char	*why;		/* its Lang.Error code */
};

/*
 * Read date, time and party fields (names given; a NULL name is optional)
 * into *w. A missing date defaults to today_day, a missing party to 2.
 */
void	 when_parse(struct req *, const char *date, const char *time,
	    const char *party, int today_day, struct when *w);
/* The guest's name, email, phone and requests (and who is signed in). */
void	 in_guest(struct req *, json_t *j, struct guest *g, json_t *errs);

/* The API's start of a booking: the restaurant's wall clock, or an instant. */
struct start {
	int		 day;		/* as written */
	int		 minute;
	bool		 instant;	/* it had an offset: t is the instant */
	int64_t		 t;
	bool		 off_grid;	/* seconds or a fraction: no slot's */
};

/*
 * Parse RFC 3339 "2026-12-08T19:30", with ":SS" and a fraction, and with
 * an offset ("Z", "+01:00", "-05:00") naming an instant; false if malformed.
 */
bool	 start_parse(const char *v, struct start *);

/* ------------------------------------------------------------------ */
/* req.c                                                                */
/* ------------------------------------------------------------------ */

/* Install ClearSilver's I/O callbacks; once per process. */
void	 req_global_init(void);
/* An io reading and writing a FastCGI request (an FCGX_Request *). */
void	 req_io_fcgi(struct io *, void *fcgx_request);
/* Use envp (NULL-terminated "NAME=value") as the request's environment. */
void	 req_io_set_env(struct io *, char *const *envp);
/* An io over environ, stdin and stdout (CGI mode). */
void	 req_io_cgi(struct io *);
/*
 * Set up r for the request on io: method, path, query string, cookies.
 * *status is non-zero for a request to refuse at once (400). r is always
 * safe to pass to req_free afterwards.
 */
NEOERR	*req_init(struct req *r, struct app *, struct io *, int *status);
/*
 * Read and parse the body the route accepts (ROUTE_FORM, ROUTE_JSON;
 * ROUTE_IMAGE bodies stay as read, in r->body).
 * *status: 400 malformed, 413 too large, 415 wrong type.
 */
NEOERR	*req_read_body(struct req *r, unsigned flags, int *status);
/* Value of a query or form field (last one wins), or NULL. Borrowed. */
const char *req_field(struct req *r, const char *name);
/* Value of the HTTP header whose CGI name is given ("HTTP_ORIGIN"). */
const char *req_header(struct req *r, const char *cgi_name);
/* Value of a cookie, or NULL. */
const char *req_cookie(struct req *r, const char *name);
/* Path parameter i of the matched route. */
const char *req_param(struct req *r, int i);
/* Drain what is left of the body so the connection stays in step. */
void	 req_drain(struct req *r);
void	 req_free(struct req *r);
/* Checks shared with the tests: 0 or 400. */
int	 req_check_fields(HDF *top);
bool	 req_has_nul_escape(const char *s, size_t len);
/*
 * False if a urlencoded query or body names a field HDF cannot hold: a
 * name (decoded) that starts or ends with '.' or has ".." in it.
 */
bool	 req_form_names_ok(const char *s, size_t len);
/* True if a multipart body must be refused: no boundary as ClearSilver
 * reads it (it would crash), a part head it would leak memory over, or a
 * NUL in a text field or a part's head. */
bool	 req_multipart_has_nul(const char *ctype, const char *body, size_t len);
/* Seconds since the epoch, shifted by the test clock override. */
double	 req_now(const struct req *r);

/* ------------------------------------------------------------------ */
/* resp.c                                                               */
/* ------------------------------------------------------------------ */

void	 resp_init(struct resp *);
void	 resp_free(struct resp *);
/*
 * Forget headers and body (before an error page replaces a half answer);
 * an answer marked personal stays so (the error page shows the same user).
 */
void	 resp_reset(struct resp *);
/* The reason phrase of a status code. */
const char *http_reason(int status);
/* Add a header; false (and nothing added) if name or value has CR or LF. */
bool	 resp_header(struct resp *, const char *name, const char *value);
/*
 * Set a cookie: HttpOnly, SameSite=Lax, Path=/; Secure and the __Host-
 * prefix under HTTPS. max_age < 0 makes a session cookie, 0 deletes.
 * Marks the answer personal: no cache may keep a Set-Cookie.
 */
bool	 resp_cookie(struct resp *, const struct req *, const char *name,
	    const char *value, long max_age);
/* The name a cookie has on this request (with __Host- under HTTPS). */
void	 cookie_name(const struct req *, const char *name, char *buf, size_t sz);
/* A redirect (303 after a POST, 301/308 for canonical URLs). */
NEOERR	*resp_redirect(struct resp *, int status, const char *location);
/*
 * Write status, headers and body to the client; once. A personal answer
 * (a session's, a CSRF token's or a cookie's) is sent "private, no-store"
 * whatever w->cache says; a public one varies by Cookie (pages) or by
 * Authorization (the API), which say who asks.
 */
NEOERR	*resp_send(struct resp *, struct req *);
/*
 * Answer status as an HTML error page or, for API routes, as
 * application/problem+json. 405 needs the Allow header set by the caller.
 */
NEOERR	*resp_error(struct req *, struct resp *, int status);
/*
 * Pages with a token in their address: never cached (personal), and never
 * named in a Referer to another site (same-origin keeps the browser's
 * Origin header, which no-referrer would turn into "null").
 */
void	 resp_private(struct resp *);

/* resp.c: JSON answers */

/* Answer obj (taken over) as application/json with status. */
NEOERR	*json_send(struct resp *, int status, json_t *obj);
/*
 * Answer a problem+json document: status, its title, detail (may be NULL)
 * and per-field errors (an object, taken over, may be NULL).
 */
NEOERR	*json_problem(struct req *, struct resp *, int status,
	    const char *detail, json_t *errors);
/* True if every string in v is at most REQ_FIELD_MAX bytes. */
bool	 json_strings_ok(const json_t *v);

/* ------------------------------------------------------------------ */
/* render.c                                                             */
/* ------------------------------------------------------------------ */

/* Load the language file and site settings; parse templates lazily. */
NEOERR	*render_init(struct app *);
void	 render_free(struct render *);
/* nginx's own error answers (App.ErrorPageDir): pages and problems. */
NEOERR	*render_error_pages(struct app *);
/* Settings every request HDF needs before cgi_init (escaping first). */
NEOERR	*render_prepare_hdf(struct app *, HDF *);
/* Render templates/<name> alone (no layout) over data, appending to out. */
NEOERR	*render_part(struct app *, const char *name, HDF *data, STRING *out);
/* Render templates/<name> inside the layout into w with status 200. */
NEOERR	*render_page(struct req *, struct resp *, const char *name);
/*
 * Columns of a result under prefix (row i of many as prefix.i), named by
 * names (one per column, "" to skip, ending early at NULL); NULL as "".
 */
NEOERR	*hdf_put_row(HDF *, const char *prefix, const PGresult *, int row,
	    const char *const *names);
NEOERR	*hdf_put_rows(HDF *, const char *prefix, const PGresult *,
	    const char *const *names);
/* The same from a cached copy. */
NEOERR	*hdf_put_db_rows(HDF *, const char *prefix, const struct db_rows *,
	    const char *const *names);
/* The same as JSON: numbers, booleans and null by the column's type. */
json_t	*json_row(const PGresult *, int row, const char *const *names);
json_t	*json_rows(const PGresult *, const char *const *names);
/*
 * A booking under Page.Rv (code, status, guest, times, restaurant), with
 * its manage token when given (NULL for the owner's pages).
 */
NEOERR	*hdf_put_reservation(HDF *, const struct reservation *,
	    const char *token);
/*
 * Look up Lang.<name> in the default language (App.Language: the API's,
 * problem+json details included); "" if missing.
 */
/* The site HDF (Lang.*) of the request's language, for words set from C. */
HDF	*render_site(struct req *);
const char *render_lang(struct app *, const char *name);
/*
 * v with prec decimals as hdf's key, written as the language of hdf's
 * Req.Lang writes numbers (Lang.Number: "4,5" in Russian).
 */
NEOERR	*hdf_set_num(HDF *, const char *key, double v, int prec);
/* The same in the request's language (pages); the default's if missing. */
const char *render_text(struct req *, const char *name);
/* The cookie the language switcher sets (__Host- under https). */
#define LANG_COOKIE	"lang"
/*
 * The request's language into r->lang and Req.Lang: the lang cookie if it
 * names a language of App.Languages, else the signed-in user's saved one,
 * else the best of Accept-Language, else the default (App.Language).
 */
NEOERR	*render_pick_lang(struct req *);
/* The index of code among App.Languages (0: the default); -1 if absent. */
int	 render_lang_index(struct app *, const char *code);
/* The code of language i (the default's if i is out of range). */
const char *render_lang_code(struct app *, int i);

/* ------------------------------------------------------------------ */
/* router.c                                                             */
/* ------------------------------------------------------------------ */

typedef NEOERR *(*route_fn)(struct req *, struct resp *);

/* Route flags, checked by the router before the handler runs. */
#define ROUTE_FORM	(1u << 0)	/* accepts a form body */
#define ROUTE_JSON	(1u << 1)	/* API: JSON body, problem+json errors */
#define ROUTE_CSRF	(1u << 2)	/* unsafe methods need the CSRF token */
#define ROUTE_AUTH	(1u << 3)	/* a signed-in user is required */
#define ROUTE_OWNER	(1u << 4)	/* ... who is an owner (or admin) */
#define ROUTE_ADMIN	(1u << 5)	/* ... who is an admin */
#define ROUTE_IMAGE	(1u << 6)	/* accepts a JPEG, PNG or WebP body, kept raw */
#define ROUTE_STALE	(1u << 7)	/* its reads may come from the replica */

/*
 * What an owner's API key needs for a route: one of the keys' scopes
 * ("setup:read", "reservations:write", ...), SCOPE_PUBLIC for a route
 * anyone may use (a key needs no scope for it), or SCOPE_NONE for a route
 * API keys may not use at all (the diner's booking, the account's keys,
 * and every page). The router checks it before the handler runs.
 */
#define SCOPE_PUBLIC	"public"
#define SCOPE_NONE	NULL

struct route {
	unsigned	 methods;	/* enum http_method bits */
	const char	*pattern;	/* "/r/:slug" */
	unsigned	 flags;
	route_fn	 fn;
	const char	*scope;		/* an API key's: see SCOPE_PUBLIC */
};

/* The route tables, each ending with an all-zero entry. */
extern const struct route home_routes[];
extern const struct route restaurant_routes[];
extern const struct route book_routes[];
extern const struct route account_routes[];
extern const struct route setup_routes[];
extern const struct route sheet_routes[];
extern const struct route review_routes[];
extern const struct route admin_routes[];
extern const struct route payments_routes[];
extern const struct route webhook_routes[];
extern const struct route waitlist_routes[];
extern const struct route walkin_routes[];
#ifdef STOLIK_TEST_HOOKS
extern const struct route test_routes[];
#endif

/*
 * Find the route for method and path, filling r->params. NULL if none:
 * *allow then has the methods the path does accept (0 for a 404).
 */
const struct route *route_find(struct req *r, unsigned *allow);
/* Every route of every table, for tests and the OpenAPI check. */
const struct route *route_next(size_t *iter);
/* True if the len bytes at s are an id: decimal, 1..INT64_MAX, canonical. */
bool	 route_id_segment(const char *s, size_t len);
/* Route r: method, flags (body, CSRF, auth), then the handler. */
NEOERR	*route_dispatch(struct req *r, struct resp *w);

/* ------------------------------------------------------------------ */
/* pay.c: the deposit payment as pages and the API show it               */
/* ------------------------------------------------------------------ */

/* The breaker's state and whether payments are configured, as the API says it. */
json_t	*payments_status_json(void);
/* The same under prefix (State, Since, Failures, Opens, Configured). */
NEOERR	*payments_status_hdf(HDF *, const char *prefix);
/* Seconds until an open breaker lets a probe by; 0 if it lets calls by. */
int64_t	 breaker_wait(void);

/* ------------------------------------------------------------------ */
/* serve.c                                                              */
/* ------------------------------------------------------------------ */

/*
 * Serve the request on io from start to end. A failure anywhere becomes a
 * 500 (or a 503 when the database is down or a deadlock keeps coming
 * back), logged with its traceback; nothing of this request survives
 * into the next one.
 */
void	 serve_request(struct app *, struct io *);

/* ------------------------------------------------------------------ */
/* view.c: what the route files share                                   */
/* ------------------------------------------------------------------ */

/* The booking core's frame for this request (test builds: its headers). */
void	 book_env_init(struct req *, struct book_env *);
/* Count what the core did again (retries) once the action is over. */
void	 book_env_done(const struct book_env *);
/*
 * The HTTP status of an action that did not work, and its Lang.Error code
 * in *code; state is the code of a status that forbids it.
 */
int	 book_failure(const struct book_out *, const char *state,
	    const char **code);
/*
 * The booking of the path's code, if the request may see it: its manage
 * token (?t= or the form's t, or a signed link) or the signed-in diner's
 * own. *out NULL otherwise; *token what stood for the access.
 */
NEOERR	*book_load(struct req *, struct reservation **out, const char **token);
/* Put times into HDF prefix.N.Time for the templates. */
NEOERR	*hdf_put_times(HDF *, const char *prefix, const struct slot *, size_t n);
/*
 * Slots of day in zone tz as the API gives them: time, start and end as
 * UTC instants and as local times with their offset, each of which the
 * API takes back. *out is a new array.
 */
NEOERR	*slots_json(struct book_env *, const char *tz, int day,
	    const struct slot *, size_t n, json_t **out);
/*
 * minor units of currency code with exponent digits as the language file
 * writes that currency (Lang.Money.<code>, else Lang.Money.Default) into
 * buf: "€25.00", "25.00 PLN".
 */
void	 money_lang(struct req *, int64_t minor, const char *code,
	    int exponent, char *buf, size_t sz);
/*
 * Confirming held rv for g (token its manage token): when it owes a
 * deposit, start its payment and answer (*done): 303 to the gateway's
 * checkout page (API: 202 {status: awaiting_payment, checkout_url}), 503
 * with Retry-After while the gateway is unavailable or its breaker open,
 * API 410 when the hold is gone. *done false: no deposit is owed (or, for
 * a page, the hold is gone), the caller confirms as usual.
 */
/* The details form of hold rv (or its hold-expired page), with status. */
NEOERR	*details_render(struct req *, struct resp *,
	    const struct reservation *rv, const char *token, int status);
NEOERR	*pay_checkout(struct req *, struct resp *, const struct reservation *rv,
	    const char *token, const struct guest *g, bool *done);
/*
 * A held rv whose payment is under way: 303 to its payment page (*done),
 * not the details form again.
 */
NEOERR	*pay_under_way(struct req *, struct resp *, const struct reservation *rv,
	    const char *token, bool *done);
/*
 * o's "payment" ({status, amount, currency, refunded, checkout_url}, or
 * null), and "status" awaiting_payment for a hold whose payment is open.
 */
NEOERR	*pay_json(struct req *, const struct reservation *rv, json_t *o);
/*
 * Whether the held booking rv owes a deposit under its restaurant's policy
 * as it stands: *due with *d, and the set-up (borrowed) in *s. Bookings
 * past the hold never do here: what they owe is the payment flow's.
 */
NEOERR	*rv_deposit(struct req *, const struct reservation *rv,
	    const struct setup **s, struct deposit_due *d, bool *due);
/* The deposit d under p as prefix.Amount, .Required, .Terms, .NoShow. */
NEOERR	*hdf_put_deposit(struct req *, const char *prefix,
	    const struct deposit_policy *p, const struct deposit_due *d);
/* The same for the API: amount, currency, exponent, refund terms, text. */
json_t	*deposit_json(struct req *, const struct deposit_policy *p,
	    const struct deposit_due *d);
/* Cities and cuisines with their counts; a list of restaurants. */
NEOERR	*hdf_put_facets(HDF *, const struct facets *);
NEOERR	*hdf_put_results(HDF *, const char *prefix, const struct restaurant_list *);

/* ------------------------------------------------------------------ */
/* view_restaurant.c: a restaurant's page                                */
/* ------------------------------------------------------------------ */

/* Columns of STMT_REVIEWS_PAGE. */
extern const char *const page_review_cols[];
/*
 * Render the restaurant page of slug with its picker (and whatever
 * Page.Book.* the caller set) under the given status.
 */
NEOERR	*restaurant_render(struct req *, struct resp *, const char *slug,
	    int status);

/* ------------------------------------------------------------------ */
/* idem.c: Idempotency-Key on API POSTs                                  */
/* ------------------------------------------------------------------ */

struct idem {
	bool		 on;		/* a key was sent */
	char		 scope[80];
	char		 key[256];
	char		 hash[65];
};

/*
 * Inside the caller's transaction, claim the request's Idempotency-Key for
 * the credential the request presents (call it after the access check).
 * *replayed is true when w now holds the first answer (or a 422 for a key
 * reused with another body); the caller then rolls back and sends w.
 */
NEOERR	*idem_begin(struct req *, struct resp *, struct idem *, bool *replayed);
/*
 * Keep w's answer for the key, in the same transaction. token is the manage
 * token the answer shows (or NULL): it is kept only sealed, and a replay to
 * the same caller gets it back.
 */
NEOERR	*idem_finish(struct req *, struct resp *, struct idem *,
	    const char *token);

/* ------------------------------------------------------------------ */
/* session.c                                                            */
/* ------------------------------------------------------------------ */

/*
 * The CSRF token for this visitor into Session.Csrf for templates: bound to
 * the login session, or for anonymous visitors to the browser-id cookie
 * (set here when new). Call before rendering a form.
 */
NEOERR	*session_csrf(struct req *, struct resp *);
/* True if an unsafe request carries a valid token and a same-site origin. */
bool	 session_csrf_ok(struct req *);
/* Pages: who the session cookie names (r->user_id 0 if nobody). */
NEOERR	*session_load(struct req *);
/* API: who the Authorization: Bearer token names; cookies never count. */
NEOERR	*session_bearer(struct req *);
/*
 * Sign user in: a new session and cookie (any earlier session of this
 * browser ends, so a planted id is useless).
 */
NEOERR	*session_start(struct req *, struct resp *, int64_t user_id);
/* Sign out: end the session and clear its cookie. */
NEOERR	*session_end(struct req *, struct resp *);
/* True if the caller may act with scope (users may; API keys if granted). */
bool	 session_scope(struct req *, const char *scope);
/* As session_scope, else *err is the 403 answer already sent into w. */
bool	 session_scope_or_403(struct req *, struct resp *, const char *scope,
	    NEOERR **err);
/*
 * A page for a signed-in user or a form: never cached, with the CSRF
 * token in Session.Csrf, rendered from templates/<name> with status.
 */
NEOERR	*session_page(struct req *, struct resp *, const char *name,
	    int status);


/* ------------------------------------------------------------------ */
/* walkins.c: the walk-in list as pages and the API show it             */
/* ------------------------------------------------------------------ */

/*
 * The walk-in list of cur on day as Page.Walkins.* (walkin_cols, and
 * estimate: minutes, -1 for none, on today's waiting entries),
 * Page.WalkinToday, Page.WalkinDate (today), and today the estimates for
 * a few party sizes (Page.WalkinWait.N.Party, .Wait) and for party when
 * > 0 (Page.WalkinEstimate). For the day sheet and the list's own page.
 */
NEOERR	*walkins_put(struct req *, const struct owner_restaurant *cur, int day,
	    int party);
/* Rows of walkin_list with their estimates (q[0..n)) as a JSON array. */
json_t	*walkins_json(const PGresult *rows, const struct walkin_est *q,
	    size_t n);

#endif
