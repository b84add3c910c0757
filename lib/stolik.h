/* stolik.h: the one internal header of lib/, shared by fcgi/, batch/ and tests/. */
#ifndef STOLIK_H
#define STOLIK_H

#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <libpq-fe.h>

#include "neo.h"

#define PRINTF_LIKE(f, a)	__attribute__((format(printf, f, a)))

/* ------------------------------------------------------------------ */
/* err.c: NEOERR types of our own                                      */
/* ------------------------------------------------------------------ */

extern NERR_TYPE ERR_DB;	/* a statement failed unexpectedly: 500 */
extern NERR_TYPE ERR_DB_DOWN;	/* the database cannot be reached: 503 */
extern NERR_TYPE ERR_CONFIG;	/* bad or missing configuration */

/*
 * Initialise ClearSilver's error registry and register our types.
 * Call once per process before anything else; safe to call again.
 */
NEOERR	*err_init(void);

/* ------------------------------------------------------------------ */
/* log.c: one JSON line per event on stderr                             */
/* ------------------------------------------------------------------ */

enum log_level {
	LOGL_ERR,
	LOGL_WARN,
	LOGL_INFO,
	LOGL_DEBUG,
};

/* Set the program name printed in every line and the lowest level kept. */
void	 log_init(const char *prog, enum log_level level);
/* Parse "err", "warn", "info" or "debug"; LOGL_INFO for anything else. */
enum log_level log_level_parse(const char *name);
void	 log_msg(enum log_level, const char *func, const char *fmt, ...)
	    PRINTF_LIKE(3, 4);
/* Log an event whose fields are in obj (borrowed) plus the usual ones. */
void	 log_event(enum log_level, const char *func, const char *msg, json_t *obj);
/* Log err with its traceback, then free it and set *err to NULL. */
void	 log_nerr(const char *func, const char *what, NEOERR **err);

#define log_err(...)	log_msg(LOGL_ERR, __func__, __VA_ARGS__)
#define log_warn(...)	log_msg(LOGL_WARN, __func__, __VA_ARGS__)
#define log_info(...)	log_msg(LOGL_INFO, __func__, __VA_ARGS__)
#define log_debug(...)	log_msg(LOGL_DEBUG, __func__, __VA_ARGS__)

/* ------------------------------------------------------------------ */
/* conf.c: the HDF configuration file                                   */
/* ------------------------------------------------------------------ */

/*
 * The configuration path: the argument if not NULL, else $STOLIK_CONFIG,
 * else SYSCONFDIR/stolik/stolik.hdf. Borrowed, static storage.
 */
const char *conf_path(const char *arg);
/*
 * Read and validate the configuration file into a new HDF (*out, owned by
 * the caller). ERR_CONFIG names the key at fault.
 */
NEOERR	*conf_load(const char *path, HDF **out);
/* Integer key clamped to [min, max]; def when missing or not a number. */
int	 conf_int(HDF *conf, const char *name, int def, int min, int max);

/* ------------------------------------------------------------------ */
/* text.c: input validation helpers                                    */
/* ------------------------------------------------------------------ */

/* True if buf[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
bool	 utf8_valid(const char *buf, size_t len);
/* Number of code points in a valid UTF-8 string. */
size_t	 utf8_len(const char *s);
/* True if s is a syntactically valid slug: [a-z0-9]+(-[a-z0-9]+)*, <= 80. */
bool	 slug_valid(const char *s);
/* Parse a decimal integer in [min, max]; false on anything else. */
bool	 parse_int(const char *s, long long min, long long max, long long *out);

/* ------------------------------------------------------------------ */
/* secret.c: libsodium wrappers                                         */
/* ------------------------------------------------------------------ */

#define SEC_KEYBYTES	32
#define SEC_TOKENBYTES	32
/* base64url of 32 bytes without padding, plus NUL */
#define SEC_TOKEN_B64	44

/* sodium_init(); false on failure. */
bool	 sec_init(void);
/*
 * Load the server key from the secrets file (HDF with Secret.Key, base64
 * of at least 32 bytes). Kept in locked memory for the process lifetime.
 */
NEOERR	*sec_load(const char *path);
/* True once a key is loaded. */
bool	 sec_ready(void);
/* 32 random bytes as base64url (no padding) into out. */
void	 sec_token(char out[SEC_TOKEN_B64]);
/* BLAKE2b-256 of a token keyed with the server key, for storage and lookup. */
void	 sec_token_hash(const char *token, unsigned char out[32]);
/*
 * HMAC-SHA256 with the server key of "purpose" NUL "msg", base64url into
 * out. Purpose separates uses (csrf, links, ...).
 */
void	 sec_mac(const char *purpose, const char *msg, size_t len,
	    char out[SEC_TOKEN_B64]);
/* Constant-time check of a base64url MAC produced by sec_mac. */
bool	 sec_mac_verify(const char *purpose, const char *msg, size_t len,
	    const char *mac);
/* BLAKE2b-256 of buf as 64 hex digits plus NUL (not keyed; for file digests). */
void	 sec_digest_hex(const void *buf, size_t len, char out[65]);
/* Argon2id hash at interactive limits into out; false on out-of-memory. */
bool	 sec_password_hash(const char *pw, char out[128]);
/* True if pw matches hash (a crypto_pwhash_str string). */
bool	 sec_password_verify(const char *hash, const char *pw);

/* ------------------------------------------------------------------ */
/* db.c and db_stmts.c: one connection, prepared statements by enum      */
/* ------------------------------------------------------------------ */

enum stmt {
	STMT_PING,
	STMT_RESTAURANT_GET_BY_SLUG,
	STMT_RESTAURANT_SEARCH,
	STMT_RESTAURANT_FACETS,
	STMT_USER_SET_PASSWORD,
	STMT_USER_INSERT,
	STMT_SESSION_GET,
	STMT__MAX
};

extern const char *const db_stmts[STMT__MAX];

/* Outcomes of a statement that callers may expect, instead of a NEOERR. */
enum db_conflict {
	DB_OK = 0,
	DB_UNIQUE,		/* 23505 unique_violation */
	DB_EXCLUSION,		/* 23P01 exclusion_violation (double booking) */
	DB_FOREIGN_KEY,		/* 23503 */
	DB_CHECK,		/* 23514, 22xxx: invalid value */
	DB_RETRY,		/* 40001, 40P01: serialise and retry */
	DB_LOCKED,		/* 55P03 lock_not_available */
};

struct db {
	PGconn		*conn;
	char		*conninfo;
	bool		 prepare;	/* prepare db_stmts on (re)connect */
	bool		 in_tx;		/* between db_begin and commit/rollback */
	double		 retry_at;	/* no reconnect attempt before this */
	char		 sqlstate[6];	/* of the last failed statement */
	char		 constraint[64];/* its constraint, if any */
	unsigned long	 reconnects;	/* successful reconnects */
};

/*
 * Make a handle for conninfo and try to connect. With prepare, every
 * statement of db_stmts is prepared on each (re)connect. A database that is
 * down is not an error here: the first statement tries again.
 */
NEOERR	*db_open(const char *conninfo, bool prepare, struct db **out);
void	 db_close(struct db *);
/* Connect now if not connected; ERR_DB_DOWN if that fails. */
NEOERR	*db_connect(struct db *);
/*
 * Run statement s with text parameters (NULL for SQL NULL). *res is set to
 * the result (the caller PQclear()s it). Any failure is a NEOERR: ERR_DB_DOWN
 * when the server is gone, ERR_DB otherwise. A statement outside a
 * transaction is retried once after a reconnect.
 */
NEOERR	*db_exec(struct db *, enum stmt s, int n, const char *const *params,
	    PGresult **res);
/*
 * As db_exec, but the conflicts of enum db_conflict come back in *c with
 * *res NULL instead of as a NEOERR.
 */
NEOERR	*db_try(struct db *, enum stmt s, int n, const char *const *params,
	    PGresult **res, enum db_conflict *c);
/* Run one literal SQL text with parameters (migrations, admin tools). */
NEOERR	*db_exec_sql(struct db *, const char *sql, int n,
	    const char *const *params, PGresult **res);
/*
 * Run a trusted multi-statement script from a file of ours (a migration)
 * through the simple query protocol. ERR_DB names the failing line.
 */
NEOERR	*db_exec_script(struct db *, const char *script);
NEOERR	*db_begin(struct db *);
NEOERR	*db_commit(struct db *);
/* Roll back if a transaction is open; never fails (logs instead). */
void	 db_rollback(struct db *);
/*
 * Put the connection back to a clean state between requests: roll back an
 * open transaction (a bug, logged). Returns false if it had to.
 */
bool	 db_reset_request(struct db *);
/* True if the server answers a trivial query now. */
bool	 db_ping(struct db *);

/* The expected conflict a SQLSTATE stands for, or DB_OK if none. */
enum db_conflict db_conflict_of(const char *sqlstate);

/* Small accessors over a PGresult. */
const char *db_str(const PGresult *, int row, int col);	/* "" for NULL */
bool	 db_null(const PGresult *, int row, int col);
long long db_int(const PGresult *, int row, int col);
double	 db_double(const PGresult *, int row, int col);
bool	 db_bool(const PGresult *, int row, int col);

/* ------------------------------------------------------------------ */
/* migrate.c: forward-only numbered migrations                          */
/* ------------------------------------------------------------------ */

/*
 * Apply every sql/NNNN_name.sql in dir not yet in schema_migrations, in
 * order, one transaction each. Refuses (ERR_CONFIG) if an applied file
 * changed or disappeared. *applied gets the number applied (or that would
 * be, with dry_run).
 */
NEOERR	*migrate_run(struct db *, const char *dir, bool dry_run, int *applied);

/* ------------------------------------------------------------------ */
/* db_restaurant.c                                                      */
/* ------------------------------------------------------------------ */

struct opening {
	int		 weekday;	/* ISO: 1 = Monday */
	int		 opens;		/* minutes after local midnight */
	int		 closes;	/* <= opens: past midnight */
	const char	*name;
};

struct closure {
	const char	*starts_on;	/* YYYY-MM-DD */
	const char	*ends_on;
	const char	*reason;
};

/* One restaurant with everything its public page shows. */
struct restaurant {
	int64_t		 id;
	int64_t		 owner_id;
	const char	*slug;
	const char	*name;
	const char	*description;
	const char	*cuisine;
	const char	*address;
	const char	*city;
	const char	*postal_code;
	const char	*country;
	const char	*phone;
	const char	*email;
	const char	*website;
	const char	*timezone;
	bool		 has_geo;
	double		 lat;
	double		 lon;
	int		 slot_minutes;
	int		 booking_window_days;
	int		 min_notice_minutes;
	int		 cancel_cutoff_minutes;
	int		 max_party;
	bool		 manual_confirm;
	int		 rating_count;
	double		 rating_avg;	/* 0 without ratings */
	/* the restaurant's wall clock when the row was read */
	const char	*local_date;	/* YYYY-MM-DD */
	int		 local_weekday;	/* ISO */
	int		 local_minutes;	/* since local midnight */
	int		 utc_offset;	/* minutes east of UTC */
	struct opening	*hours;
	size_t		 nhours;
	struct closure	*closures;	/* today and later, by date */
	size_t		 nclosures;
	bool		 closed_today;
	/* private: what the strings point into */
	PGresult	*res_;
	json_t		*json_;
};

/* A search hit. */
struct restaurant_brief {
	const char	*slug;
	const char	*name;
	const char	*cuisine;
	const char	*city;
	const char	*address;
	double		 rating_avg;
	int		 rating_count;
};

struct restaurant_list {
	struct restaurant_brief	*v;
	size_t		 n;
	long long	 total;		/* matches over all pages */
	PGresult	*res_;
};

struct search_query {
	const char	*q;		/* words; "" for all */
	const char	*city;		/* exact, case-insensitive; "" for any */
	const char	*cuisine;	/* likewise */
	int		 page;		/* from 1 */
	int		 page_size;	/* 1..100 */
};

/* A distinct value and how many active restaurants have it. */
struct facet {
	const char	*value;
	int		 count;
};

struct facets {
	struct facet	*cities;
	size_t		 ncities;
	struct facet	*cuisines;
	size_t		 ncuisines;
	PGresult	*res_;
};

/*
 * The active restaurant with this slug into *out (NULL if none). The caller
 * frees it with db_restaurant_free.
 */
NEOERR	*db_restaurant_get_by_slug(struct db *, const char *slug,
	    struct restaurant **out);
void	 db_restaurant_free(struct restaurant *);
/* True if the restaurant is open at its local_weekday/local_minutes. */
bool	 restaurant_open_now(const struct restaurant *);
/*
 * Ranked full-text search over active restaurants; never NULL on success.
 * Free with db_restaurant_list_free.
 */
NEOERR	*db_restaurant_search(struct db *, const struct search_query *,
	    struct restaurant_list **out);
void	 db_restaurant_list_free(struct restaurant_list *);
/* Cities and cuisines of active restaurants, most common first. */
NEOERR	*db_restaurant_facets(struct db *, struct facets **out);
void	 db_facets_free(struct facets *);

/* ------------------------------------------------------------------ */
/* db_user.c                                                            */
/* ------------------------------------------------------------------ */

/*
 * Create a user (role diner, owner or admin) with an optional password.
 * *created is false if the email is taken.
 */
NEOERR	*db_user_insert(struct db *, const char *email, const char *name,
	    const char *role, const char *password, bool *created);
/* Set a user's password; *found is false if there is no such email. */
NEOERR	*db_user_set_password(struct db *, const char *email,
	    const char *password, bool *found);

#endif
