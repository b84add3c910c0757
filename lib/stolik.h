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
/*
 * PostgreSQL aborted the transaction to break a deadlock or a serialization
 * failure (40P01, 40001): run it again from its start; a 503 if it escapes.
 */
extern NERR_TYPE ERR_DB_RETRY;
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
/*
 * Log an event whose fields are in obj (borrowed) plus the usual ones. Every
 * line is JSON in ASCII: non-ASCII text is \u-escaped, bytes that are not
 * UTF-8 (in msg) show as U+FFFD.
 */
void	 log_event(enum log_level, const char *func, const char *msg, json_t *obj);
/*
 * A JSON string of untrusted bytes for a log line: invalid UTF-8 becomes
 * U+FFFD (json_string would refuse it). New reference; NULL if out of memory.
 */
json_t	*log_str(const char *s);
/* One JSON line of obj (borrowed), ASCII only, with its '\n'; caller frees. */
char	*log_line(const json_t *obj);
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
/*
 * A copy of buf[0..len) that is well-formed UTF-8: each byte that starts no
 * valid sequence becomes U+FFFD. The caller frees it; NULL if out of memory.
 */
char	*utf8_scrub(const char *buf, size_t len);
/* Number of code points in a valid UTF-8 string. */
size_t	 utf8_len(const char *s);
/* True if s is a syntactically valid slug: [a-z0-9]+(-[a-z0-9]+)*, <= 80. */
bool	 slug_valid(const char *s);
/* A slug made from a name: Latin letters and digits, dashes between words. */
void	 slugify(const char *name, char *out, size_t sz);
/* A phone number for a tel: link: only its digits and a leading '+'. */
void	 phone_dial(const char *in, char *out, size_t sz);
/*
 * True if s, already decoded once, is a path on this site that a browser
 * cannot read as another origin: "/" then neither '/' nor '\\', no
 * control character, no backslash, ASCII only, at most LOCAL_PATH_MAX
 * bytes, and a path part (before '?' or '#') without empty or dot
 * segments. For every return address taken from a request ("next").
 */
#define LOCAL_PATH_MAX	500
bool	 local_path_ok(const char *s);
/* Parse a decimal integer in [min, max]; false on anything else. */
bool	 parse_int(const char *s, long long min, long long max, long long *out);

/*
 * Strings gathered into one block, in two passes over the same fields:
 * with buf NULL, str_pack only adds up their sizes; then, with buf that
 * big and size back at 0, it copies each one there and points the field
 * at the copy. A NULL field stays NULL.
 */
struct str_pack {
	char	*buf;
	size_t	 size;
};
void	 str_pack(struct str_pack *, const char **field);

/* ------------------------------------------------------------------ */
/* image.c: uploads are whole images, decoded as far as their headers   */
/* ------------------------------------------------------------------ */

#define IMAGE_MAX_SIDE	8000	/* pixels, each way */

enum image_type { IMAGE_NONE, IMAGE_JPEG, IMAGE_PNG, IMAGE_WEBP };

enum image_verdict {
	IMAGE_OK,
	IMAGE_NOT_IMAGE,	/* not one whole JPEG, PNG or WebP file */
	IMAGE_BAD_SIZE,		/* a width or height of 0 or past the limit */
};

struct image_info {
	enum image_type	 type;
	unsigned	 width, height;
};

/*
 * Check that the n bytes at b are exactly one image and nothing else:
 * PNG: signature, IHDR first, every chunk's CRC, IDAT, IEND last with
 * nothing after it. JPEG: SOI, segments with their lengths to one frame
 * header (its size), scans (their entropy-coded data), EOI as the last
 * two bytes. WebP: the RIFF size is the file's, chunks fill it exactly,
 * one VP8, VP8L or (after VP8X) animation frame holds the image. *out
 * gets the type and size found. Pure: no allocation, no I/O.
 */
enum image_verdict image_check(const unsigned char *b, size_t n,
	    struct image_info *out);
/* "image/png" and "png" of a type; NULL for IMAGE_NONE. */
const char	*image_mime(enum image_type);
const char	*image_ext(enum image_type);

/* ------------------------------------------------------------------ */
/* calendar.c: dates as day numbers; no time zones here                */
/* ------------------------------------------------------------------ */

/* Seconds on the monotonic clock (for ages and intervals, never dates). */
double	 mono_now(void);

/* Days since 2000-01-01 of a valid "YYYY-MM-DD" (years 2000-2199). */
bool	 date_parse(const char *s, int *day);
/* "YYYY-MM-DD" of a day number. */
void	 date_format(int day, char out[11]);
/* ISO weekday (1 = Monday) of a day number. */
int	 date_weekday(int day);
/* Minutes after midnight of a valid "HH:MM" (00:00-23:59). */
bool	 hm_parse(const char *s, int *minutes);
/* "HH:MM" of minutes (taken modulo a day). */
void	 hm_format(int minutes, char out[6]);
/* "+02:00" of an offset in minutes east of UTC. */
void	 offset_format(int minutes, char out[8]);
/* "2026-11-22T18:30:00Z" of an instant (seconds since the epoch). */
void	 iso_utc(int64_t t, char out[32]);
/* t as RFC 3339 local time at offset minutes east of UTC: ...T19:30:00+01:00 */
void	 iso_local(int64_t t, int offset, char out[32]);

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
/* base64url of 64 bytes and a NUL */
#define SEC_MASKED_B64	88
/*
 * sec_mac masked afresh on every call (BREACH): 32 random bytes, then the
 * MAC XOR those bytes, as base64url. Each answer carries other bytes for
 * the same MAC, so a compressed page does not give it away.
 */
void	 sec_mac_masked(const char *purpose, const char *msg, size_t len,
	    char out[SEC_MASKED_B64]);
/* Constant-time check of a token from sec_mac_masked (or plain sec_mac). */
bool	 sec_mac_verify_masked(const char *purpose, const char *msg, size_t len,
	    const char *tok);
/* Hex of the keyed token hash, "\\x..." ready for a bytea parameter. */
void	 sec_token_hash_hex(const char *token, char out[67]);
/*
 * Encrypt msg with a key derived from the server key (XSalsa20-Poly1305)
 * into a new base64 string (free() it); for secrets the mailer needs.
 */
char	*sec_seal(const char *msg);
/* Decrypt what sec_seal made; a new string or NULL if forged. */
char	*sec_open(const char *sealed);
/* An unguessable code of n characters from [0-9A-Z] minus I, L, O, U. */
void	 sec_code(char *out, size_t n);
/*
 * Signed links for mails sent after the fact (reminders, notices): the
 * signature of purpose, code, arg and expiry, and its check at now.
 */
void	 link_sign(const char *purpose, const char *code, const char *arg,
	    int64_t exp, char out[SEC_TOKEN_B64]);
bool	 link_verify(const char *purpose, const char *code, const char *arg,
	    int64_t exp, int64_t now, const char *sig);
/* BLAKE2b-256 of buf as 64 hex digits plus NUL (not keyed; for file digests). */
void	 sec_digest_hex(const void *buf, size_t len, char out[65]);
/* HMAC-SHA256 under a key derived for JWTs (a plain, standard HS256). */
void	 sec_hs256(const void *msg, size_t len, unsigned char out[32]);
/* True if hash was made with other limits than the current ones. */
bool	 sec_password_needs_rehash(const char *hash);
/*
 * One of slots machine-wide permits to hash a password (Argon2id takes
 * 64 MiB): a lock on a byte of lockfile, waited for up to timeout_ms. The
 * kernel drops it if the process dies. Returns the slot to pass to
 * sec_hash_slot_put, or -1 if all stayed busy.
 */
int	 sec_hash_slot_get(const char *lockfile, int slots, int timeout_ms);
void	 sec_hash_slot_put(int slot);
/* Argon2id hash at interactive limits into out; false on out-of-memory. */
bool	 sec_password_hash(const char *pw, char out[128]);
/* True if pw matches hash (a crypto_pwhash_str string). */
bool	 sec_password_verify(const char *hash, const char *pw);

/* ------------------------------------------------------------------ */
/* db.c and db_stmts.c: one connection, prepared statements by enum      */
/* ------------------------------------------------------------------ */

enum stmt {
	STMT_PING,
	STMT_REPLICA_STATE,
	STMT_WAL_LSN,
	STMT_RESTAURANT_GET_BY_SLUG,
	STMT_RESTAURANT_SEARCH,
	STMT_RESTAURANT_NEARBY,
	STMT_RESTAURANT_FACETS,
	STMT_USER_SET_PASSWORD,
	STMT_USER_INSERT,
	STMT_SESSION_GET,
	STMT_SETUP_BY_IDS,
	STMT_SETUP_BY_ID,
	STMT_SETUP_BY_SLUG,
	STMT_DAY_CLOCK,
	STMT_BOOKED_RANGE,
	STMT_BOOKED_ONE,
	STMT_BOOKED_NOTIFY,
	STMT_RSV_TAKE,
	STMT_RSV_CONFIRM,
	STMT_RSV_LOCK,
	STMT_RSV_MOVE,
	STMT_EVENT_INSERT,
	STMT_RESERVATION_GET,
	STMT_RESERVATION_BY_ID,
	STMT_RESERVATION_STATUS,
	STMT_OUTBOX_WAKE,
	STMT_OUTBOX_INSERT,
	STMT_SAVEPOINT,
	STMT_ROLLBACK_TO,
	STMT_RELEASE,
	STMT_IDEM_CLAIM,
	STMT_IDEM_GET,
	STMT_IDEM_STORE,
	STMT_USER_GET_BY_EMAIL,
	STMT_USER_GET,
	STMT_USER_CREATE,
	STMT_USER_SET_HASH,
	STMT_USER_VERIFY,
	STMT_USER_SET_EMAIL,
	STMT_SESSION_CREATE,
	STMT_SESSION_TOUCH,
	STMT_SESSION_DELETE,
	STMT_SESSION_DELETE_USER,
	STMT_EMAIL_TOKEN_CREATE,
	STMT_EMAIL_TOKEN_USE,
	STMT_EMAIL_TOKEN_PEEK,
	STMT_LOGIN_RECORD,
	STMT_LOGIN_FAILURES,
	STMT_REFRESH_ISSUE,
	STMT_REFRESH_USE,
	STMT_REFRESH_LOOKUP,
	STMT_REFRESH_REVOKE_FAMILY,
	STMT_REFRESH_REVOKE_USER,
	STMT_API_KEY_CREATE,
	STMT_API_KEY_GET,
	STMT_API_KEY_LIST,
	STMT_API_KEY_REVOKE,
	STMT_AUDIT_INSERT,
	STMT_MY_RESERVATIONS,
	STMT_OUTBOX_CLAIM,
	STMT_OUTBOX_DUE,
	STMT_OUTBOX_SENT,
	STMT_OUTBOX_FAILED,
	STMT_OUTBOX_NEXT_DUE,
	STMT_OWNER_RESTAURANTS,
	STMT_OWNER_RESTAURANT,
	STMT_OWNER_RESTAURANT_UNCHECKED,
	STMT_OWNER_CREATE,
	STMT_OWNER_PROFILE,
	STMT_OWNER_RULES,
	STMT_OWNER_SUBMIT,
	STMT_OWNER_HOURS,
	STMT_OWNER_HOURS_ADD,
	STMT_OWNER_HOURS_DELETE,
	STMT_OWNER_CLOSURES,
	STMT_OWNER_CLOSURES_ADD,
	STMT_OWNER_CLOSURES_DELETE,
	STMT_OWNER_TABLES,
	STMT_OWNER_TABLES_ADD,
	STMT_OWNER_TABLES_UPDATE,
	STMT_OWNER_TABLES_DELETE,
	STMT_OWNER_TURNS,
	STMT_OWNER_TURNS_ADD,
	STMT_OWNER_TURNS_DELETE,
	STMT_OWNER_PHOTOS,
	STMT_OWNER_PHOTOS_ADD,
	STMT_OWNER_PHOTOS_DELETE,
	STMT_OWNER_DEPOSIT,
	STMT_OWNER_DEPOSIT_PUT,
	STMT_OWNER_DEPOSIT_DATES,
	/* webhook endpoints (db_webhook.c) */
	STMT_WH_LIST,
	STMT_WH_GET,
	STMT_WH_LOCK,
	STMT_WH_INSERT,
	STMT_WH_UPDATE,
	STMT_WH_ENABLE,
	STMT_WH_DELETE,
	STMT_WH_ROTATE,
	STMT_WH_TEST,
	STMT_WH_DELIVERIES,
	STMT_WH_REPLAY_ONE,
	STMT_WH_REPLAY_SINCE,
	STMT_WH_WAKE,
	STMT_CURRENCIES,
	STMT_PHOTOS,
	STMT_OWNER_DAY,
	STMT_OWNER_RESERVATION,
	STMT_RESERVATION_EVENTS,
	STMT_RESERVATION_MAILS,
	STMT_LAST_EVENT,
	STMT_RESERVATION_SET_STATUS,
	STMT_OWNER_COVERS,
	STMT_OWNER_RATES,
	STMT_OWNER_EXPORT,
	STMT_REVIEW_CREATE,
	STMT_REVIEW_OF,
	STMT_REVIEW_OWNER,
	STMT_REVIEWS_PAGE,
	STMT_OWNER_REVIEWS,
	STMT_OWNER_REVIEW_REPLY,
	STMT_ADMIN_RESTAURANTS,
	STMT_ADMIN_RESTAURANT_STATUS,
	STMT_ADMIN_USERS,
	STMT_ADMIN_USER_DISABLE,
	STMT_ADMIN_AUDIT,
	STMT_ADMIN_OUTBOX,
	STMT_ADMIN_OUTBOX_DEAD,
	STMT_ADMIN_OUTBOX_RETRY,
	STMT_ADMIN_REVIEW_HIDE,
	STMT_ADMIN_REVIEWS,
	STMT_METRICS_OUTBOX,
	STMT_METRICS_RESERVATIONS,
	STMT_JOB_LOCK,
	STMT_REMIND_QUEUE,
	STMT_NOSHOW_DUE,
	STMT_SWEEP_HOLDS,
	STMT_SWEEP_FINISH,
	STMT_SWEEP_REVIEWS,
	STMT_SWEEP_HISTORY,
	STMT_SWEEP_SESSIONS,
	STMT_SWEEP_TOKENS,
	STMT_SWEEP_LOGS,
	STMT_REMINDER_ANSWER,
	STMT_PAY_START,
	STMT_PAY_SESSION_SET,
	STMT_PAY_SETTLE,
	STMT_PAY_GET,
	STMT_PAY_LEDGER,
	STMT_PAY_STALE,
	STMT_PAY_QUEUED,
	STMT_PAY_QUEUED_DONE,
	STMT_PAY_REFUND_QUEUE,
	STMT_SWEEP_PAYMENTS,
	/* stolik-webhooks (lib/db_webhook_job.c) */
	STMT_WH_CLAIM,
	STMT_WH_CLAIM_UNORDERED,
	STMT_WH_CLAIM_UNLEASED,
	STMT_WH_DUE,
	STMT_WH_RESULT,
	STMT_WH_RELEASE,
	STMT_WH_EXPIRE,
	STMT_WH_PURGE,
	/* the waitlist (lib/db_waitlist.c, sql/0017) */
	STMT_WL_ENTER,
	STMT_WL_GET,
	STMT_WL_CONFIRM,
	STMT_WL_LEAVE,
	STMT_WL_LOCK,
	STMT_WL_OFFERED,
	STMT_WL_WAKE_TAKE,
	STMT_WL_WAKE_PEEK,
	STMT_WL_LINE,
	STMT_WL_EXPIRE_OFFERS,
	STMT_WL_EXPIRE_ENTRIES,
	STMT_WL_DAY,
	/* the owner's walk-in list (lib/walkin.c) */
	STMT_WALKIN_LIST,
	STMT_WALKIN_LIST_UNCHECKED,
	STMT_WALKIN_GET,
	STMT_WALKIN_INSERT,
	STMT_WALKIN_NOTIFY,
	STMT_WALKIN_END,
	STMT_WALKIN_LOCK,
	STMT_WALKIN_SEATED,
	STMT_WALKIN_EVENT_NOTE,
	STMT_WALKIN_TABLES,
	STMT_WALKIN_BUSY,
	STMT_WALKIN_QUEUE,
	STMT_WALKIN_TURN,
	STMT_USER_SET_LANGUAGE,
	STMT_MAIL_LANG,
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
	const char	*listen[2];	/* LISTEN on these channels after connecting */
	bool		 in_tx;		/* between db_begin and commit/rollback */
	bool		 wake_;		/* mail queued in it: wake the mailer */
	double		 retry_at;	/* no reconnect attempt before this */
	char		 sqlstate[6];	/* of the last failed statement */
	char		 constraint[64];/* its constraint, if any */
	unsigned long	 reconnects;	/* successful reconnects */
	bool		 local_cache;	/* SET stolik.local_cache (db_local_cache) */
	int		 nbooked_;	/* restaurants whose bookings the open */
	int64_t		 booked_[8];	/* transaction changed; -1: too many */
};

/*
 * Make a handle for conninfo and try to connect. With prepare, every
 * statement of db_stmts is prepared on each (re)connect. A database that is
 * down is not an error here: the first statement tries again.
 */
NEOERR	*db_open(const char *conninfo, bool prepare, struct db **out);
void	 db_close(struct db *);
/*
 * LISTEN on channel now and after every reconnect (one of ours only; up
 * to two channels a connection).
 */
void	 db_listen(struct db *, const char *channel);
/*
 * Wait up to seconds for a notification on the channel listened to (they
 * are drained). True if one came or the connection was lost and made
 * again, so the caller should look at the tables.
 */
bool	 db_wait(struct db *, double seconds);
/*
 * The bookings of restaurant id change in db's transaction, or changed in
 * the statement just run outside one: the hook (db_booked_hook; one a
 * process) hears of it once the change is committed, or at once. n is
 * -1 for "any restaurant". Rolled back: not at all.
 */
void	 db_booked(struct db *, int64_t id);
void	 db_booked_hook(void (*fn)(const int64_t *ids, int n));
/*
 * This connection's writers tell the caches of bookings themselves
 * (db_booked): sql/0022's trigger leaves their changes to them. Set now
 * and after every reconnect.
 */
void	 db_local_cache(struct db *);
/* Connect now if not connected; ERR_DB_DOWN if that fails. */
NEOERR	*db_connect(struct db *);
/*
 * Run statement s with text parameters (NULL for SQL NULL). *res is set to
 * the result (the caller PQclear()s it); with res NULL the result is
 * dropped. Any failure is a NEOERR: ERR_DB_DOWN
 * when the server is gone, ERR_DB_RETRY for a deadlock or serialization
 * failure, ERR_DB otherwise. A statement outside a
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

/* A result's values copied into one allocation, for caches. */
struct db_rows {
	int		 nrows;
	int		 ncols;
	const char	*v[];		/* row by row; "" for NULL */
};
#define DB_ROWS_GET(rs, row, col)	((rs)->v[(row) * (rs)->ncols + (col)])

/* The copy (free() it) and its size in *bytes; NULL if out of memory. */
struct db_rows *db_rows_copy(const PGresult *, size_t *bytes);
/*
 * A copy of src packed at dst (its pointers point into it), taking *bytes;
 * with dst NULL only *bytes is set, and NULL returned.
 */
struct db_rows *db_rows_pack(const struct db_rows *src, void *dst,
	    size_t *bytes);

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
	int64_t		 read_minute;	/* since the epoch, of the read */
	int64_t		 clock_until;	/* date and offset hold until then */
	struct opening	*hours;
	size_t		 nhours;
	struct closure	*closures;	/* today and later, by date */
	size_t		 nclosures;
	bool		 closed_today;
	/* private: what the strings point into */
	PGresult	*res_;
	json_t		*json_;
};

#define PAGE_REVIEWS	5	/* the newest reviews a page shows */
#define PAGE_PARTS	4	/* rendered parts kept with a page's data */
#define PAGE_LANGS	3	/* ... in each of so many languages */
#define PAGE_FRAGMENTS	(PAGE_PARTS * PAGE_LANGS)	/* [lang * parts + part] */

/*
 * What a restaurant's public page shows that changes only when the owner,
 * a diner's review or the restaurant's date does: kept per worker (its
 * clock moves on through restaurant_at).
 */
struct restaurant_page {
	const struct restaurant	*r;
	const struct db_rows	*reviews;	/* STMT_REVIEWS_PAGE, newest first */
	int			 review_total;	/* visible reviews */
	const struct db_rows	*photos;	/* STMT_PHOTOS */
	const char		*frag[PAGE_FRAGMENTS];	/* restaurant_page_keep */
};

/* A search hit. */
struct restaurant_brief {
	int64_t		 id;
	const char	*slug;
	const char	*name;
	const char	*cuisine;
	const char	*city;
	const char	*address;
	double		 rating_avg;
	int		 rating_count;
	double		 distance_m;	/* from the point asked about; -1 none */
	const char	*photo;		/* first photo's file; "" none */
	const char	*photo_caption;
	const char	*photo_srcset;	/* "" when it has no sizes */
	int		 photo_width;	/* 0 unknown */
	int		 photo_height;
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
	bool		 near;		/* lat, lon and radius_m given: nearest first */
	double		 lat, lon;	/* degrees */
	double		 radius_m;	/* metres */
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
 * r as its wall clock reads at now (before r->clock_until): local_minutes
 * moved on by the minutes since the read, in the same day.
 */
struct restaurant restaurant_at(const struct restaurant *r, int64_t now);
/*
 * Ranked full-text search over active restaurants; never NULL on success.
 * Free with db_restaurant_list_free.
 */
NEOERR	*db_restaurant_search(struct db *, const struct search_query *,
	    struct restaurant_list **out);
void	 db_restaurant_list_free(struct restaurant_list *);
/*
 * A copy of r in one allocation (free() it; no res_ or json_), its size in
 * *bytes; NULL if out of memory.
 */
struct restaurant *restaurant_dup(const struct restaurant *, size_t *bytes);
/* r packed at dst as restaurant_dup packs it; dst NULL: only *bytes. */
struct restaurant *restaurant_pack(const struct restaurant *r, void *dst,
	    size_t *bytes);
/* Cities and cuisines of active restaurants, most common first. */
NEOERR	*db_restaurant_facets(struct db *, struct facets **out);
/*
 * The same kept by this process for a minute, or until changes (from
 * setup_cache_changes) moves: a scan of every active restaurant is too much
 * for each search page. Borrowed until the next call.
 */
NEOERR	*db_facets_cached(struct db *, unsigned long changes,
	    const struct facets **out);
/*
 * db_restaurant_search through a small per-process cache of recent queries,
 * kept as db_facets_cached keeps the facets; borrowed until the next call.
 */
NEOERR	*db_restaurant_search_cached(struct db *, unsigned long changes,
	    const struct search_query *, const struct restaurant_list **out);
void	 db_facets_free(struct facets *);

/* ------------------------------------------------------------------ */
/* availability.c: free start times, a pure function (DESIGN §5)         */
/* ------------------------------------------------------------------ */

/*
 * The wall clock of one local date D in a restaurant's zone, as PostgreSQL
 * reads it: the instant of each local hour D 00:00 .. D+2 00:00. An hour
 * inside a DST gap does not exist; an hour that occurs twice maps once.
 */
#define CLOCK_HOURS	49
struct day_clock {
	int64_t		 hour[CLOCK_HOURS];	/* seconds since the epoch */
	bool		 exists[CLOCK_HOURS];
};

/* Local minute m of D (0 .. 48 * 60) as an instant; false in a gap. */
bool	 clock_instant(const struct day_clock *, int minute, int64_t *out);

struct turn_time {
	int		 party_min;
	int		 party_max;
	int		 minutes;
};

struct dtable {
	int64_t		 id;
	int		 seats_min;
	int		 seats_max;
	bool		 online;	/* active and bookable online */
	const char	*label;
	const char	*area;
	bool		 active;	/* in use (the owner may seat anyone here) */
};

struct day_range {
	int		 from;		/* day numbers, inclusive */
	int		 to;
};

struct setup;

/* ------------------------------------------------------------------ */
/* deposit.c: deposit policies, money as integer minor units             */
/* ------------------------------------------------------------------ */

#define MONEY_MAX	999999999999LL	/* minor units; the schema's bound */
#define DEPOSIT_SERVICES 8	/* named services a policy may list */
#define DEPOSIT_DATES	64	/* special dates a policy may list */

enum deposit_kind {
	DEPOSIT_NONE,
	DEPOSIT_PER_GUEST,	/* amount times the party */
	DEPOSIT_PER_BOOKING,	/* amount once */
	DEPOSIT__MAX
};

/*
 * A restaurant's deposit policy. It applies to a party of at least
 * min_party whose service is on one of weekdays and (if nservices > 0)
 * one of services, or whose date is one of dates. Strings and dates are
 * borrowed from whoever made the policy (the set-up, or a deposit_row).
 */
struct deposit_policy {
	enum deposit_kind kind;
	int64_t		 amount;	/* minor units; > 0 unless DEPOSIT_NONE */
	char		 currency[4];	/* ISO 4217 */
	int		 exponent;	/* minor-unit digits: 2 for EUR, 0 JPY */
	int		 min_party;
	unsigned int	 weekdays;	/* bit (d - 1) for ISO weekday d */
	const char	*services[DEPOSIT_SERVICES];
	size_t		 nservices;
	const int	*dates;		/* day numbers, ascending */
	size_t		 ndates;
	int		 refund_hours;	/* full refund until this long before */
	int		 late_refund_percent;	/* 0..100 after that */
};

/*
 * When a booking starts, as the caller resolved it in the restaurant's
 * zone: the date and weekday of its service (a start after midnight in a
 * service that began the evening before belongs to that evening) and the
 * service's name ("" when the start is in none).
 */
struct deposit_when {
	int		 day;		/* day number (date_parse) */
	int		 weekday;	/* ISO: 1 = Monday */
	const char	*service;
};

/* What a booking owes. */
struct deposit_due {
	int64_t		 amount;	/* minor units */
	int64_t		 each;		/* per guest, or the amount once */
	char		 currency[4];
	int		 exponent;
};

/*
 * Whether policy p asks a deposit of a party of party starting at w: 1
 * with *out filled, 0 when none is due (*out zeroed), -1 when the policy
 * cannot give an amount (an amount out of 1..MONEY_MAX or a product past
 * MONEY_MAX: never with a policy the schema accepted). Services compare
 * without regard to ASCII case. Pure: no clock, no database.
 */
int	 deposit_due(const struct deposit_policy *p,
	    const struct deposit_when *w, int party, struct deposit_due *out);

/*
 * The refund of paid minor units under p's terms for a booking starting
 * at start, cancelled at cancelled (Unix seconds): all of paid when
 * cancelled is at least refund_hours before start (exactly that is still
 * in time), else floor(paid * late_refund_percent / 100): the refund is
 * rounded down to the minor unit, so an odd fraction stays with the
 * restaurant. A no-show is not a cancellation and refunds nothing. 0 for
 * a negative paid. Integer arithmetic, no overflow for any int64_t paid.
 */
int64_t	 deposit_refund(const struct deposit_policy *p, int64_t paid,
	    int64_t start, int64_t cancelled);

/*
 * The service of s that a start at local date day, minute (0..1439) falls
 * in, as deposit_due wants it: today's services first, then yesterday's
 * that run past midnight (w->day is then the day before). With none,
 * w->service is "" and the day is the start's own. w->service is
 * borrowed from s.
 */
void	 deposit_when_of(const struct setup *s, int day, int minute,
	    struct deposit_when *w);

/*
 * Decimal text such as "25.00" as minor units of a currency with exponent
 * digits: digits, then optionally a point and 1..exponent digits (so
 * "25", "25.5" and "25.50" are 2550 for EUR, "1.5" is refused for JPY).
 * No sign, exponent, spaces or grouping. False if s is not such text or
 * is above MONEY_MAX. Exact: never through floating point.
 */
bool	 money_parse(const char *s, int exponent, int64_t *out);

/*
 * minor as a plain decimal into buf ("25.00", "-0.05", "3000" for JPY):
 * no grouping, a point before the exponent digits, locale-free. Returns
 * what snprintf would (the length wanted).
 */
int	 money_format(int64_t minor, int exponent, char *buf, size_t sz);

/*
 * pattern with "{amount}" replaced by money_format of minor and
 * "{currency}" by code, into buf (cut to fit, always terminated):
 * "€{amount}" gives "€25.00", "{amount} {currency}" gives "25.00 PLN".
 */
void	 money_text(const char *pattern, int64_t minor, const char *code,
	    int exponent, char *buf, size_t sz);
/* The same with the language's decimal mark and thousands separator. */
void	 money_text_local(const char *pattern, int64_t minor, const char *code,
	    int exponent, const char *decimal, const char *group, char *buf,
	    size_t sz);
/*
 * A C-formatted number in ("-1234.5") as a language writes it, into out
 * (cut to fit, always terminated): decimal (NULL: ".") for the point and
 * group (NULL or "": none) between thousands ("1 234,5" in Russian,
 * "1,234.5" in English).
 */
void	 num_localize(const char *in, const char *decimal, const char *group,
	    char *out, size_t sz);

/* "none", "per_guest", "per_booking"; and back (DEPOSIT__MAX if none). */
const char	*deposit_kind_name(enum deposit_kind);
enum deposit_kind deposit_kind_of(const char *);

/* ------------------------------------------------------------------ */
/* db_deposit.c: a restaurant's deposit policy as its owner edits it     */
/* ------------------------------------------------------------------ */

struct currency {
	char		 code[4];
	int		 exponent;
};

/* A policy read for its owner, with what it borrows from. */
struct deposit_row {
	struct deposit_policy p;
	bool		 stored;	/* false: no row, the defaults */
	char		 updated_at[32];	/* RFC 3339 UTC, or "" */
	void		*json_;
	int		*dates_;
};

/*
 * The policy of restaurant rid if owner owns it into *out (defaults when
 * it has none: kind none, EUR, weekdays none, 48 h, 0 %), with its dates
 * from 30 days ago on; *out NULL if the restaurant is not owner's.
 */
NEOERR	*db_deposit_get(struct db *, int64_t rid, int64_t owner,
	    struct deposit_row **out);
void	 db_deposit_free(struct deposit_row *);

/*
 * Replace restaurant rid's policy with p (its dates included) if owner
 * owns it, in one transaction. *c is DB_OK, or the conflict that refused
 * it (DB_CHECK, DB_FOREIGN_KEY: nothing written); *found false if the
 * restaurant is not owner's.
 */
NEOERR	*db_deposit_put(struct db *, int64_t rid, int64_t owner,
	    const struct deposit_policy *p, enum db_conflict *c, bool *found);

/* Every currency a policy may name, by code, into *out (free() it). */
NEOERR	*db_currency_list(struct db *, struct currency **out, size_t *n);

/*
 * The policy as JSON into p from the set-up's and the owner's queries:
 * [kind, amount, currency, exponent, min_party, weekday mask, [services],
 * refund_hours, late_refund_percent, [day numbers]]. Strings borrowed from
 * j; the day numbers into dates (DEPOSIT_DATES of them at most). False if
 * j is not of that shape.
 */
bool	 deposit_from_json(const json_t *j, struct deposit_policy *p,
	    int *dates);

/* A restaurant's set-up: what availability and booking need. */
struct setup {
	int64_t		 id;
	const char	*slug;
	const char	*name;
	const char	*timezone;
	const char	*phone;
	const char	*email;		/* for owner alerts */
	const char	*address;
	const char	*city;
	int		 slot_minutes;
	int		 booking_window_days;
	int		 min_notice_minutes;
	int		 cancel_cutoff_minutes;
	int		 pacing;	/* covers per slot; 0 for none */
	int		 max_party;
	bool		 manual;	/* requests need the owner's answer */
	bool		 active;	/* public and bookable */
	struct opening	*hours;
	size_t		 nhours;
	struct day_range *closures;
	size_t		 nclosures;
	struct turn_time *turns;
	size_t		 nturns;
	struct dtable	*tables;	/* smallest first */
	size_t		 ntables;
	struct deposit_policy deposit;	/* kind DEPOSIT_NONE without one */
	/* private */
	double		 loaded_at;
	uint64_t	 stamp_;	/* shared cache's, before the read */
	unsigned long	 gen_;		/* request that last used it */
};

/* An active reservation as availability sees it. */
struct booked {
	int64_t		 id;
	int64_t		 restaurant_id;
	int64_t		 table_id;
	int64_t		 start;
	int64_t		 end;
	int		 party;
};

struct avail_query {
	const struct setup	*s;
	const struct day_clock	*clock;		/* of day */
	int			 day;		/* the local date asked for */
	int64_t			 now;
	int			 party;
	const struct booked	*booked;	/* this restaurant's, any order */
	size_t			 nbooked;
	int64_t			 exclude;	/* a reservation being changed */
};

/* A free start time. */
struct slot {
	int		 minute;	/* local minutes after D 00:00 */
	int64_t		 start;
	int64_t		 end;
};

/* Turn time for party in minutes; 0 if no rule covers it. */
int	 turn_minutes(const struct setup *, int party);
/* True if the date is inside one of the closures. */
bool	 setup_closed(const struct setup *, int day);
/*
 * The free start times of q's date into out (at most max), in time order;
 * returns how many. Applies hours (with services past midnight), closures,
 * notice, window, turn time, table fit and pacing.
 */
size_t	 availability(const struct avail_query *q, struct slot *out, size_t max);
/*
 * The online tables fitting party that are free for [start, end), smallest
 * first, into out; returns how many.
 */
size_t	 free_tables(const struct setup *, int party, int64_t start, int64_t end,
	    const struct booked *, size_t nbooked, int64_t exclude,
	    int64_t *out, size_t max);
/* The same over every active table, as the owner books them. */
size_t	 free_tables_any(const struct setup *, int party, int64_t start,
	    int64_t end, const struct booked *, size_t nbooked, int64_t *out,
	    size_t max);
/*
 * Of n slots, the (at most) k whose minutes are nearest to minute, in time
 * order, moved to the front; returns how many.
 */
size_t	 slots_nearest(struct slot *v, size_t n, int minute, size_t k);

/* ------------------------------------------------------------------ */
/* shcache.c: packed blobs shared by the workers                         */
/* ------------------------------------------------------------------ */

enum shc_kind {
	SHC_SETUP,		/* a restaurant's set-up, by id */
	SHC_PAGE,		/* a restaurant's public page data, by slug */
	SHC_SLUG,		/* a restaurant's id, by slug */
	SHC_BOOKED,		/* a restaurant-day's active bookings */
	SHC_KINDS
};

struct shc;

struct shc_stats {
	uint64_t	 hits[SHC_KINDS];
	uint64_t	 misses[SHC_KINDS];
	uint64_t	 stores[SHC_KINDS];
	uint64_t	 resets;	/* emptied: a worker died holding the lock */
	uint64_t	 bytes;		/* of the ring */
};

/*
 * A cache whose ring holds this many bytes, mapped shared: create it
 * before fork(). NULL if it cannot be mapped.
 */
struct shc *shc_create(size_t bytes);
void	 shc_destroy(struct shc *);
/* Take before reading what will be stored; 0 if the cache is unusable. */
uint64_t shc_stamp(struct shc *);
/*
 * Store a blob of len bytes that pack(dst, arg) writes, under (kind, key),
 * for owner (a restaurant id), read from the database after stamp was
 * taken; with until other than 0, served only before that second (of the
 * epoch). False if not kept: too big, or owner dropped since the stamp.
 */
bool	 shc_put(struct shc *, int kind, uint64_t key, int64_t owner,
	    uint64_t stamp, long long until, size_t len,
	    void (*pack)(void *dst, void *arg), void *arg);
/*
 * What unpack(blob, len, arg) makes of the blob kept under (kind, key),
 * called with the cache locked; NULL if none is kept, it is out of date,
 * or unpack returned NULL. now, in seconds of the epoch, is held against
 * the until of shc_put.
 */
void	*shc_get(struct shc *, int kind, uint64_t key, long long now,
	    void *(*unpack)(const void *blob, size_t len, void *arg), void *arg);
/* Owner changed: its blobs stored from reads before now are never served. */
void	 shc_drop(struct shc *, int64_t owner);
/*
 * Whether what was read from the database after stamp about owner is still
 * good: no shc_drop(owner) or shc_drop_all since. True when c is NULL or
 * stamp 0 (no answer: the NOTIFY that follows every change still drops it).
 */
bool	 shc_fresh(struct shc *, int64_t owner, uint64_t stamp);
/* Notifications may have been missed: nothing stored so far is served. */
void	 shc_drop_all(struct shc *);
void	 shc_stats(const struct shc *, struct shc_stats *);
/*
 * Changes to tell the other hosts (issue 21): shc_note(owner) after the
 * change is committed; shc_take hands out what was noted, at most once
 * per gap_ms across the processes that share c, as owners (returns their
 * count) or -1 for "too many: all of them". shc_pending: anything noted.
 * shc_host is this cache's random mark (never 0), so that a host knows
 * its own notifications.
 */
#define SHC_PENDING_MAX	64
void	 shc_note(struct shc *, int64_t owner);
int	 shc_take(struct shc *, long long now_ms, long long gap_ms,
	    int64_t out[SHC_PENDING_MAX]);
bool	 shc_pending(struct shc *);
uint64_t shc_host(const struct shc *);

/* ------------------------------------------------------------------ */
/* setup.c: the per-worker cache of set-ups and clocks                   */
/* ------------------------------------------------------------------ */

#define SETUP_CHANNEL	"stolik_setup"
/* NOTIFY of each new outbox row (sql/0001_init.sql). */
#define OUTBOX_CHANNEL	"outbox"
/*
 * NOTIFY of changed bookings (issue 21): "ID" from sql/0022's trigger
 * (writers that are not workers), "HOST:ID,ID..." or "HOST:*" from the
 * workers of one host (HOST their shared cache's mark, in hex).
 */
#define BOOKED_CHANNEL	"stolik_booked"

struct setup_cache;

/* shared may be NULL: nothing is shared between workers then. */
struct setup_cache *setup_cache_new(struct shc *shared);
void	 setup_cache_free(struct setup_cache *);
/*
 * Drop the set-ups named by pending notifications (all of them after a
 * reconnect). Call at the start of a request; pointers handed out before
 * are invalid afterwards.
 */
void	 setup_cache_sync(struct setup_cache *, struct db *);
/*
 * Offer the page data the request read, and what it rendered of it, to
 * the other workers: call when the request has been answered (the next
 * sync does it otherwise).
 */
void	 setup_cache_idle(struct setup_cache *);
/*
 * A count that moves whenever any restaurant may have changed (a
 * notification or a reconnect): what caches derived from many restaurants
 * compare against.
 */
unsigned long setup_cache_changes(const struct setup_cache *);
/*
 * The set-up of restaurant id (or, with id 0, of the restaurant with this
 * slug, active or not) into *out, borrowed until the next sync; NULL if none.
 */
/*
 * Restaurant id's set-up changed and the change is committed: no worker
 * serves what it read before, from the next lookup on (not only once the
 * NOTIFY reaches it). What the current request holds stays as it was.
 */
void	 setup_changed(struct setup_cache *, int64_t id);
NEOERR	*setup_get(struct setup_cache *, struct db *, int64_t id,
	    const char *slug, const struct setup **out);
/*
 * As setup_get, but what a miss reads from db (a replica) is kept neither
 * here nor in the shared cache: this request's alone, until the next sync.
 * Hits are served from the caches as setup_get serves them.
 */
NEOERR	*setup_get_uncached(struct setup_cache *, struct db *, int64_t id,
	    const char *slug, const struct setup **out);
/* Several at once (search pages): out[i] for ids[i], NULL if missing. */
NEOERR	*setup_get_many(struct setup_cache *, struct db *, const int64_t *ids,
	    size_t n, const struct setup **out);
/*
 * The public page data of the active restaurant with this slug into *out,
 * borrowed until the next sync; NULL if none. Kept until a notification
 * names the restaurant, or the minute of the restaurant's clock turns.
 */
NEOERR	*restaurant_page_get(struct setup_cache *, struct db *, const char *slug,
	    const struct restaurant_page **out);
/*
 * As restaurant_page_get, but a miss read from db (a replica) is kept
 * neither here nor in the shared cache, nor are the fragments rendered
 * from it: this request's alone, until the next sync.
 */
NEOERR	*restaurant_page_get_uncached(struct setup_cache *, struct db *,
	    const char *slug, const struct restaurant_page **out);
/*
 * Keep s (malloc'ed, the cache's from now on) as fragment i of pg, a page
 * from restaurant_page_get in this request: what is made from the page
 * data alone lives and ends with it.
 */
void	 restaurant_page_keep(struct setup_cache *,
	    const struct restaurant_page *pg, int i, char *s);
/* The clock of local date day in zone tz, borrowed until the next sync. */
NEOERR	*clock_get(struct setup_cache *, struct db *, const char *tz, int day,
	    const struct day_clock **out);
/*
 * Active reservations of the restaurants in ids starting in [from, to) into
 * a new array *out (free() it); expired holds are left out.
 */
NEOERR	*db_booked_list(struct db *, const int64_t *ids, size_t n, int64_t from,
	    int64_t to, struct booked **out, size_t *nout);
/*
 * As db_booked_list for restaurant id and local date day (whose clock
 * gives from and to), through the workers' shared cache: kept until a
 * writer on this host drops it after its commit (setup_booked_changed), a
 * notification names the restaurant, its first hold runs out, or
 * BOOKED_MAX_AGE. A miss reads and keeps the whole week of day (days
 * since the epoch in sevens). keep false: a miss is read from db (a replica) and not
 * kept.
 */
#define BOOKED_MAX_AGE	30	/* seconds; the backstop under the drops */
NEOERR	*booked_get(struct setup_cache *, struct db *, bool keep, int64_t id,
	    int day, int64_t from, int64_t to, int64_t now, struct booked **out,
	    size_t *nout);
/*
 * booked_get's kept copy alone, never a read: *hit false when there is
 * none (the rows are then NULL and 0).
 */
NEOERR	*booked_peek(struct setup_cache *, int64_t id, int day, int64_t from,
	    int64_t to, int64_t now, struct booked **out, size_t *nout,
	    bool *hit);
/*
 * As booked_get for several restaurants (ids[i] 0: none) of one day, whose
 * misses' weeks are read in one range scan: out[i] (free() each), nout[i].
 */
NEOERR	*booked_get_many(struct setup_cache *, struct db *, bool keep,
	    const int64_t *ids, size_t n, int day, const int64_t *from,
	    const int64_t *to, int64_t now, struct booked **out, size_t *nout);
/*
 * The bookings of these restaurants changed and the change is committed
 * (n -1: any restaurant): no worker on this host serves what it read
 * before, and the change is noted for the other hosts (shc_note).
 */
void	 setup_booked_changed(struct setup_cache *, const int64_t *ids, int n);

/* ------------------------------------------------------------------ */
/* booking.c: the booking core. One function per action (DESIGN §5): the  */
/* pages, the API and the batch jobs make the same call                  */
/* ------------------------------------------------------------------ */

enum rsv_status {
	RSV_HELD,
	RSV_PENDING,
	RSV_CONFIRMED,
	RSV_ARRIVED,
	RSV_SEATED,
	RSV_FINISHED,
	RSV_CANCELLED,
	RSV_NO_SHOW,
	RSV_REJECTED,
	RSV_EXPIRED,
	RSV__MAX
};

enum rsv_actor {
	ACTOR_DINER,
	ACTOR_OWNER,
	ACTOR_SYSTEM,
};

const char *rsv_status_name(enum rsv_status);
bool	 rsv_status_parse(const char *, enum rsv_status *);
/* True if who may move a reservation from one status to the other. */
bool	 rsv_can(enum rsv_status from, enum rsv_status to, enum rsv_actor who);
const char *rsv_actor_name(enum rsv_actor);

/* A reservation with its restaurant, as the manage pages show it. */
struct reservation {
	int64_t		 id;
	int64_t		 restaurant_id;
	int64_t		 table_id;
	int64_t		 user_id;	/* 0 for a guest booking */
	const char	*code;
	enum rsv_status	 status;
	const char	*guest_name;
	const char	*guest_email;
	const char	*guest_phone;
	const char	*requests;
	const char	*source;
	int		 party;
	int64_t		 start;
	int64_t		 end;
	int64_t		 hold_expires;	/* 0 when not held */
	int64_t		 now;		/* the server's clock when read */
	const char	*table_label;
	/* the restaurant, and the start in its zone */
	const char	*slug;
	const char	*restaurant;
	const char	*restaurant_email;	/* for owner alerts */
	const char	*phone;
	const char	*address;
	const char	*city;
	const char	*timezone;
	int		 cancel_cutoff_minutes;
	const char	*local_date;	/* YYYY-MM-DD */
	const char	*local_time;	/* HH:MM */
	const char	*local_end;	/* HH:MM */
	int		 utc_offset;	/* minutes east of UTC at the start */
	int		 end_offset;	/* the same at the end */
	int		 events;	/* status changes so far (.ics SEQUENCE) */
	const char	*reminder_answer;	/* "", "coming" or "late" */
	PGresult	*res_;
	char		 text_[48];	/* code and local times of one made here */
};

/*
 * The reservation with this code whose manage token hashes to token_hash
 * (any token if NULL) into *out; NULL if none.
 */
NEOERR	*db_reservation_get(struct db *, const char *code, const char *token,
	    struct reservation **out);
/* A booking of one of owner's restaurants (the check is in the SQL). */
NEOERR	*db_reservation_get_owned(struct db *, const char *code, int64_t owner,
	    struct reservation **out);
/* The same by id, with no token check (batch jobs, mail). */
NEOERR	*db_reservation_get_by_id(struct db *, int64_t id, struct reservation **out);
/* The one row of a RESERVATION_SELECT result as a reservation, taking res. */
NEOERR	*db_reservation_of(PGresult *res, struct reservation **out);
void	 db_reservation_free(struct reservation *);
/*
 * Manage links in mails sent after the booking (reminders, notices) carry
 * no stored token: "s<expiry>.<signature of the code>" stands in for it.
 */
#define RSV_SIGNED_MAX	72
void	 rsv_signed_token(const char *code, int64_t exp, char out[RSV_SIGNED_MAX]);
bool	 rsv_signed_token_ok(const char *code, const char *token, int64_t now);
/* True if the cancellation cutoff of r has not passed. */
bool	 rsv_before_cutoff(const struct reservation *r);

struct book_out;

/*
 * What an API call adds to an action's transaction (Idempotency-Key): begin
 * runs after BEGIN, and *stop ends the action there with nothing done (its
 * answer was replayed); commit runs before COMMIT when the action worked.
 * Both run again when the transaction is retried.
 */
struct book_hook {
	NEOERR	*(*begin)(void *arg, bool *stop);
	NEOERR	*(*commit)(void *arg, const struct book_out *);
	void	*arg;
};

/* Test builds: the protections against deadlock, switched off. */
#define BOOK_NO_RETRY	0x1	/* a deadlock ends the request (a 500) */
#define BOOK_NO_LOCKS	0x2	/* writes take no restaurant-day locks */
#define BOOK_NO_REVIEW_CHECK 0x4 /* the owner may review (the SQL still says no) */

/*
 * What every action works with: this process's connection and caches, the
 * site's settings and the request's clock. The caller fills it; the core
 * writes back only retries.
 */
struct book_env {
	struct db		*db;
	struct setup_cache	*setups;
	const char		*base_url;	/* manage links in mails */
	const char		*lang;		/* the guest's language (its mails'),
						   or NULL: the mailer's default */
	int64_t			 now;		/* the request's clock */
	int			 hold_minutes;
	int			 holds_per_browser;
	int			 holds_per_ip;
	int			 bookings_per_guest;
	bool			 read_back;	/* out->rv: the booking as it is now */
	bool			 replica;	/* db is a replica: offers read
						   from it are not kept */
	bool			 uncached;	/* test builds: offers read from db
						   alone, past the shared copies */
	const struct book_hook	*hook;		/* or NULL */
	int			 delay_ms;	/* test builds: widen check-to-write */
	unsigned		 unsafe;	/* test builds: BOOK_NO_* */
	int			 conflicts;	/* test builds: attempts that meet a
						   made-up deadlock */
	unsigned		 retries;	/* out: transactions run again */
};

/* ------------------------------------------------------------------ */
/* offer.c: what a restaurant offers a party on a day                    */
/* ------------------------------------------------------------------ */

/* Why a time is not offered (the codes are Lang.Error.<code>). */
enum offer_why {
	OFFER_OK,
	OFFER_TAKEN,		/* on the grid, but no table is free */
	OFFER_PARTY_TOO_LARGE,
	OFFER_CLOSED,
	OFFER_NO_SUCH_TIME,	/* a local time the DST change skips */
	OFFER_PAST,
	OFFER_TOO_SOON,		/* inside the minimum notice */
	OFFER_BEYOND_WINDOW,
	OFFER_OUTSIDE_HOURS,
	OFFER__MAX
};

const char *offer_why_code(enum offer_why);

/* A time asked for: the restaurant's local date and minute, a party. */
struct want {
	int		 day;
	int		 minute;
	int		 party;
};

#define OFFER_TABLES	64
#define OFFER_NEAR	5

/* The answer for a wanted time: its slot and free tables, or why not. */
struct offer {
	enum offer_why	 why;
	struct slot	 slot;			/* when offered */
	int64_t		 tables[OFFER_TABLES];	/* free fitting ones, in order */
	size_t		 ntables;
	size_t		 nseen;		/* the first ones seen free (a hint) */
	struct slot	 near[OFFER_NEAR];	/* the nearest free times */
	size_t		 nnear;
};

/*
 * The free times of s on day for party (leaving reservation exclude out)
 * into out; *n how many. The day's bookings come from one range scan.
 */
NEOERR	*offer_times(struct book_env *, const struct setup *, int day,
	    int party, int64_t exclude, struct slot *out, size_t max, size_t *n);
/*
 * For each of n restaurants (s[i] NULL: none), up to k free times near
 * minute into out + i * k, counts[i] how many: one range scan for all.
 */
NEOERR	*offer_times_many(struct book_env *, const struct setup *const *s,
	    size_t n, int day, int minute, int party, size_t k, struct slot *out,
	    size_t *counts);
/*
 * Check w at s by the rules alone, without reading the bookings: *o has
 * its slot and every fitting table, smallest first, for a write that
 * lets the database find the free one; or why it is not offered.
 */
NEOERR	*offer_slot(struct book_env *, const struct setup *,
	    const struct want *w, struct offer *o);
/* Check w at s (moving reservation exclude, if any) into *o. */
NEOERR	*offer_check(struct book_env *, const struct setup *,
	    const struct want *w, int64_t exclude, struct offer *o);
/*
 * The local date and minute of instant t in zone tz; *ok false when no
 * local time names it once (a DST overlap's second pass).
 */
NEOERR	*offer_local(struct book_env *, const char *tz, int64_t t, int *day,
	    int *minute, bool *ok);

/* ------------------------------------------------------------------ */
/* booking.c: the actions                                                */
/* ------------------------------------------------------------------ */

/* What an action came to, when it was not a system failure. */
enum book_result {
	BOOK_OK,
	BOOK_NOT_OFFERED,	/* the time is not offered (offer.why): 422 */
	BOOK_TAKEN,		/* no fitting table left, or pacing full: 409 */
	BOOK_LIMIT,		/* too many holds from this client: 429 */
	BOOK_GUEST_LIMIT,	/* too many bookings to come for this guest: 429 */
	BOOK_GONE,		/* no such live hold or booking */
	BOOK_TOO_LATE,		/* past the cancellation cutoff: 409 */
	BOOK_STATE,		/* its status does not allow it: 409 */
	BOOK_NO_TABLE,		/* owner: no such active table: 422 */
};

struct book_out {
	enum book_result	 res;
	struct offer		 offer;		/* the time asked for */
	int64_t			 id;
	char			 code[16];
	char			 token[SEC_TOKEN_B64];	/* the manage token, once */
	int64_t			 expires;	/* a hold's end */
	enum rsv_status		 status;	/* after the action */
	enum rsv_status		 was;		/* before it */
	struct reservation	*rv;		/* env->read_back: the booking */
	bool			 replayed;	/* the hook answered for it */
};

/* Free what an action left in out (its rv); out may be used again. */
void	 book_out_free(struct book_out *);

/* Who asks for a hold or a booking online. */
struct client {
	const char	*source;	/* "web" or "api" */
	const char	*browser;	/* browser id (hold limits), or NULL */
	const char	*ip;		/* address (hold limits), or NULL */
};

struct guest {
	const char	*name;
	const char	*email;
	const char	*phone;
	const char	*requests;
	int64_t		 user_id;	/* the signed-in diner, or 0 */
};

/* The owner who acts, for the audit log. */
struct actor {
	int64_t		 user;
	const char	*ip;
};

/*
 * Each action runs in its own transaction (the hook's work included), and
 * runs it again after a deadlock or serialization failure; when it keeps
 * failing, the ERR_DB_RETRY escapes (a 503). out->res says how it went;
 * a NEOERR is a system failure.
 */

/* A hold on w for env->hold_minutes: out code, token, expires. */
NEOERR	*booking_hold(struct book_env *, const struct setup *,
	    const struct want *w, const struct client *, struct book_out *out);
/* A booking for g at once (confirmed, or pending in manual mode). */
NEOERR	*booking_direct(struct book_env *, const struct setup *,
	    const struct want *w, const struct client *, const struct guest *g,
	    struct book_out *out);
/* The live hold rv (token its manage token) booked for g; BOOK_GONE if it expired. */
NEOERR	*booking_confirm(struct book_env *, const struct reservation *rv,
	    const char *token, const struct guest *g, struct book_out *out);

/* A change: a new time and party, and for the owner a table (0: any). */
struct change {
	struct want	 want;
	int64_t		 table;
	enum rsv_actor	 who;
	const struct actor *by;		/* the owner, for the audit log */
};

/*
 * Move rv: the diner's before the cutoff to an offered time, the owner's
 * to any time and table; the new time is taken as the old one is given up.
 */
NEOERR	*booking_change(struct book_env *, const struct reservation *rv,
	    const struct change *, const char *token, struct book_out *out);
/* The diner cancels rv (a hold, or before the cutoff); the owner moves it. */
NEOERR	*booking_cancel(struct book_env *, const struct reservation *rv,
	    const char *token, struct book_out *out);
/* The diner's answer to a reminder: "coming" or "late" ("cancel" cancels). */
NEOERR	*booking_reply(struct book_env *, const struct reservation *rv,
	    const char *answer, const char *token, struct book_out *out);
/*
 * The owner moves rv (accept, reject, arrived, seated, finished, no-show,
 * cancel) with a note; the guest hears of what concerns them.
 */
NEOERR	*booking_owner_status(struct book_env *, const struct reservation *rv,
	    enum rsv_status to, const char *note, const struct actor *,
	    struct book_out *out);
/*
 * Undo the owner's last move within five minutes: BOOK_STATE if there is
 * none, BOOK_TAKEN if the table went meanwhile; out->status what came back.
 */
NEOERR	*booking_undo(struct book_env *, const struct reservation *rv,
	    const struct actor *, struct book_out *out);

/* A booking the owner enters: a walk-in (seated) or by phone (confirmed). */
struct entry {
	bool		 walk_in;
	struct want	 want;
	int		 minutes;	/* 0: the turn time */
	int64_t		 table;		/* 0: the smallest free that fits */
	struct guest	 guest;
};

/* Enter e at s: out code (BOOK_NOT_OFFERED: a time DST skips). */
NEOERR	*booking_enter(struct book_env *, const struct setup *,
	    const struct entry *e, const struct actor *, struct book_out *out);
/*
 * The same inside a transaction booking_run already runs (the walk-in
 * list seats an entry and links it in one).
 */
NEOERR	*booking_enter_within(struct book_env *, const struct setup *,
	    const struct entry *e, const struct actor *, struct book_out *out);

/* An action's body: its statements, out->res BOOK_OK to commit. */
typedef NEOERR *(*book_body_fn)(struct book_env *, const void *arg,
	    struct book_out *);
/*
 * Run body as one explicit transaction the way every action here runs:
 * committed when out->res is BOOK_OK, else rolled back; run again from
 * its start after a deadlock or serialization failure (then ERR_DB_RETRY).
 */
NEOERR	*booking_run(struct book_env *, book_body_fn body, const void *arg,
	    struct book_out *out);
/*
 * The no-show job's move of booking id (confirmed or arrived) as the
 * system, with notices to guest and restaurant when notify is set.
 */
NEOERR	*booking_noshow(struct book_env *, int64_t id, bool notify,
	    struct book_out *out);

/* ---- the waitlist (sql/0017) ---- */

/*
 * Offer a table to waitlist entry id, if it still waits and a table fits
 * its party in its window: a hold for the restaurant's claim window that
 * names the entry and is claimed with the entry's token, and the offer's
 * mail, in one transaction. BOOK_OK (out->id the hold), BOOK_TAKEN (no
 * table free in the window) or BOOK_GONE (the entry no longer waits, or
 * another job has it).
 */
NEOERR	*booking_waitlist_offer(struct book_env *, int64_t id,
	    struct book_out *out);

/* ---- reviews ---- */

/* Whether a review may be written, and what became of it. */
enum review_res {
	REVIEW_OK,
	REVIEW_NOT_FINISHED,	/* only after a finished visit: 409 */
	REVIEW_DONE,		/* one a visit, and it is there: 409 */
	REVIEW_OWN,		/* the restaurant's owner: 403 */
	REVIEW_REFUSED,		/* the database refused it: 403 */
};

/* Who writes a review, and what. */
struct review_in {
	int64_t		 user_id;	/* the writer's account, or 0 */
	const char	*user_email;	/* the signed-in account's, or NULL */
	int		 rating;	/* 1..5 */
	const char	*body;
};

/*
 * May the writer of in (rating and body not looked at) review rv? Nobody
 * reviews their own restaurant: not its owner's account, and no booking
 * under the owner's account or address. *res REVIEW_OK or REVIEW_OWN.
 */
NEOERR	*booking_review_check(struct book_env *, const struct reservation *rv,
	    const struct review_in *in, enum review_res *res);
/*
 * Write rv's review after the check above, once a visit and only once it
 * is finished. The author shown is the booking's guest, or for a booking
 * the owner entered the guest's verified account (sql/0012). *id is the
 * new review's when *res is REVIEW_OK.
 */
NEOERR	*booking_review(struct book_env *, const struct reservation *rv,
	    const struct review_in *in, enum review_res *res, int64_t *id);

/* ------------------------------------------------------------------ */
/* db_owner.c: a restaurant as its owner edits it                        */
/* ------------------------------------------------------------------ */

struct owner_restaurant {
	int64_t		 id;
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
	const char	*lat;		/* as stored; "" when not set */
	const char	*lon;
	const char	*timezone;
	int		 slot_minutes;
	int		 booking_window_days;
	int		 min_notice_minutes;
	int		 cancel_cutoff_minutes;
	bool		 manual;	/* confirmation_mode manual */
	int		 pacing;	/* covers per slot; 0 for none */
	int		 noshow_grace_minutes;
	const char	*reminder_hours;	/* "24,2" */
	int		 max_party;
	const char	*status;	/* draft, active, suspended */
	const char	*today;		/* its local date, YYYY-MM-DD */
	int		 today_day;	/* the same as a day number */
	double		 rating_avg;
	int		 rating_count;
	int		 waitlist_claim_minutes;	/* an offer's hold */
	PGresult	*res_;		/* the row (OWNER_RESTAURANT_SELECT) */
};

/*
 * Restaurant id if owner owns it (unchecked: whoever owns it; the negative
 * control of the access tests) into *out; NULL if not.
 */
NEOERR	*db_owner_restaurant_get(struct db *, int64_t id, int64_t owner,
	    bool unchecked, struct owner_restaurant **out);
void	 db_owner_restaurant_free(struct owner_restaurant *);

/* ------------------------------------------------------------------ */
/* tmpl.c: parsed templates, cached                                     */
/* ------------------------------------------------------------------ */

struct tmpl_cache;

/*
 * A cache of templates under dir parsed with escape mode escape ("html"
 * or "none"); site (borrowed, outliving the cache) lies under every render.
 */
NEOERR	*lang_read(HDF *site, const char *dir, const char *lang);
NEOERR	*tmpl_cache_new(const char *dir, const char *escape, HDF *site,
	    struct tmpl_cache **out);
void	 tmpl_cache_free(struct tmpl_cache *);
#define TMPL_LANGS	8	/* languages a cache can render in */
#define LANG_CODE_MAX	16	/* a language code's bytes, with the NUL */
/*
 * Another language's site HDF (borrowed, outliving the cache): data whose
 * Req.Lang is lang renders over it instead of the default site.
 */
NEOERR	*tmpl_cache_lang(struct tmpl_cache *, const char *lang, HDF *site);
/*
 * Render files (NULL-terminated, parsed as one) with data into out, over
 * the site of data's Req.Lang (the default site if none or unknown).
 */
NEOERR	*tmpl_render(struct tmpl_cache *, const char *const *files, HDF *data,
	    STRING *out);
/*
 * The languages of conf into langs, *n of them: App.Language (the default,
 * en if unset) first, then the others App.Languages names ("en ru uk").
 * ERR_CONFIG for a malformed code or more than TMPL_LANGS.
 */
NEOERR	*lang_config(HDF *conf, char (*langs)[LANG_CODE_MAX], int *n);
/*
 * The ISO date iso as site's language writes it (the hdate macro's rule,
 * Lang.Date): "Tue 8 Dec 2026", "вт, 8 дек. 2026"; anything else as given.
 */
void	 lang_date(HDF *site, const char *iso, char *buf, size_t sz);
/*
 * The word of forms (an HDF node of one/few/many/other) for n in site's
 * language, by the plural macro's rule (layout/macros.cs); "" if none.
 */
const char *lang_plural(HDF *site, long n, const char *forms);
/* The index in langs (n codes) of code's first len bytes, any case; -1. */
int	 lang_find(const char *const *langs, int n, const char *code, size_t len);
/*
 * The index in langs of the language an Accept-Language header prefers
 * (its q-values; ru-RU counts as ru; q=0 refuses); -1 if none of them.
 */
int	 lang_accept(const char *header, const char *const *langs, int n);

/* ------------------------------------------------------------------ */
/* ical.c                                                               */
/* ------------------------------------------------------------------ */

/*
 * Append an iCalendar (RFC 5545) object with one event for r to out:
 * method PUBLISH, REQUEST or CANCEL, sequence counting its updates, url
 * the manage link; base_url names the UID's domain.
 */
NEOERR	*ical_event(STRING *out, const struct reservation *r, const char *method,
	    int sequence, const char *url, const char *base_url,
	    const char *organizer, const char *attendee);

/* ------------------------------------------------------------------ */
/* mail.c: outbox rows as MIME messages, sent over SMTP                  */
/* ------------------------------------------------------------------ */

struct mailer;

/* A queued mail as the mailer claims it. */
struct outbox_row {
	int64_t		 id;
	const char	*kind;
	int64_t		 reservation_id;	/* 0 for account mail */
	const char	*to;
	const char	*payload;	/* JSON */
	const char	*message_id;
	int		 attempts;	/* including this one */
};

/* A composed mail. */
struct mail_msg {
	char		 to[256];
	char		 to_name[200];
	char		 reply_to[256];
	STRING		 subject;	/* plain; encoded when sent */
	STRING		 text;
	STRING		 html;
	STRING		 ics;		/* empty when there is no invitation */
	const char	*ics_method;
	const char	*message_id;
	char		 lang[LANG_CODE_MAX];	/* its language: Content-Language */
};

/*
 * A mailer: templates from App.TemplateDir/mail, SMTP.* settings, one curl
 * handle so a run reuses one connection.
 */
NEOERR	*mailer_new(HDF *conf, struct mailer **out);
void	 mailer_free(struct mailer *);
void	 mail_msg_init(struct mail_msg *);
void	 mail_msg_free(struct mail_msg *);
/*
 * Compose row into m: templates mail/<kind>.cs for subject, text and HTML,
 * the booking's details, links and (where it belongs) an .ics invitation.
 * *fatal is set with an error when the row can never be sent (unknown
 * kind, bad address, booking gone); *skip when it no longer makes sense
 * (a reminder for a cancelled booking).
 */
NEOERR	*mail_compose(struct mailer *, struct db *, const struct outbox_row *,
	    struct mail_msg *m, bool *fatal, bool *skip);
/*
 * Send m. *code is the SMTP answer (0 when the connection failed); errbuf
 * says what went wrong. A NEOERR only for a system failure.
 */
NEOERR	*mail_send(struct mailer *, const struct mail_msg *, int *code,
	    char *errbuf, size_t errsz);
/* New SMTP connections the last mail_send opened (0 when one was reused). */
long	 mailer_new_connections(struct mailer *);
/* "=?UTF-8?B?...?=" words for a header value with non-ASCII; CR, LF and
 * other control characters never pass. */
void	 mail_header_value(const char *in, STRING *out);

/* ------------------------------------------------------------------ */
/* outbox.c                                                             */
/* ------------------------------------------------------------------ */

/* The host of base_url, for Message-IDs: "https://a.example:8443" → "a.example". */
void	 outbox_domain(const char *base_url, char *out, size_t sz);
/*
 * Mail was queued: the mailer (LISTEN outbox) is woken once it is
 * committed, by a NOTIFY of its own; a NOTIFY inside the writing
 * transaction would hold PostgreSQL's notification lock through its
 * commit and make every such commit wait for the one before.
 */
void	 outbox_queued(struct db *);
/*
 * Processes that write often (the FastCGI workers) share one wake: a
 * NOTIFY costs a commit of its own (PostgreSQL gives the notifying
 * transaction an id and flushes its commit), so at most one is sent per
 * OUTBOX_WAKE_MS across the processes that share the clock, and the jobs
 * keep looking at their tables for a while after each wake (job_wait).
 * outbox_wake_clock maps the clock (before the workers fork);
 * outbox_share_wake makes this process use it (NULL: wake every time).
 */
#define OUTBOX_WAKE_MS	50
struct wake_clock;
struct wake_clock *outbox_wake_clock(void);
void	 outbox_share_wake(struct wake_clock *);
/*
 * Queue one mail in the caller's transaction. dedupe makes it once-only;
 * payload (taken over) holds what the mailer needs; base_url names the
 * Message-ID's domain.
 */
NEOERR	*outbox_add(struct db *, const char *kind, int64_t reservation_id,
	    const char *to, const char *dedupe, json_t *payload,
	    const char *base_url);
/*
 * Claim up to limit due rows (FOR UPDATE SKIP LOCKED) for lease seconds:
 * they are "sending" and counted as an attempt. *rows (free() it) point
 * into *res (PQclear it).
 */
NEOERR	*outbox_claim(struct db *, int limit, int lease,
	    struct outbox_row **rows, size_t *n, PGresult **res);
/* The same rows without claiming them (a dry run). */
NEOERR	*outbox_due(struct db *, int limit, struct outbox_row **rows, size_t *n,
	    PGresult **res);
NEOERR	*outbox_sent(struct db *, int64_t id);
enum outbox_end {
	OUTBOX_RETRY,	/* back to the queue in delay milliseconds */
	OUTBOX_DEAD,	/* never to be sent */
	OUTBOX_SKIPPED,	/* no longer wanted (a reminder for a cancelled booking) */
};

/* A claimed row that was not sent, with why. */
NEOERR	*outbox_failed(struct db *, int64_t id, enum outbox_end, int delay,
	    const char *error);
/* Seconds until the next row is due (-1 if none). */
NEOERR	*outbox_next_due(struct db *, double *seconds);

/* ------------------------------------------------------------------ */
/* db_user.c: accounts, sessions, one-time links, API credentials        */
/* ------------------------------------------------------------------ */

enum role {
	ROLE_NONE,
	ROLE_DINER,
	ROLE_OWNER,
	ROLE_ADMIN,
};

enum role role_parse(const char *);
const char *role_name(enum role);

struct user {
	int64_t		 id;
	const char	*email;
	const char	*name;
	const char	*phone;
	enum role	 role;
	const char	*password_hash;	/* "" when none is set */
	bool		 verified;
	bool		 disabled;
	int64_t		 password_changed;	/* microseconds since the epoch */
	PGresult	*res_;
};

/* The user with this email (or id, with email NULL); NULL if none. */
NEOERR	*db_user_get(struct db *, int64_t id, const char *email, struct user **out);
void	 db_user_free(struct user *);
/*
 * Create a user (role diner, owner or admin) with an optional password,
 * email verified (operators vouch). *created is false if the email is taken.
 */
NEOERR	*db_user_insert(struct db *, const char *email, const char *name,
	    const char *role, const char *password, bool *created);
/* Sign-up: an unverified diner with this password hash; 0 id if taken. */
NEOERR	*db_user_create(struct db *, const char *email, const char *name,
	    const char *hash, int64_t *id);
/* Set a user's password; *found is false if there is no such email. */
NEOERR	*db_user_set_password(struct db *, const char *email,
	    const char *password, bool *found);
/* Store a new hash; with changed, the password itself changed now. */
NEOERR	*db_user_set_hash(struct db *, int64_t id, const char *hash, bool changed);
NEOERR	*db_user_verify(struct db *, int64_t id);
/* Move to a new (verified) address; *taken if another account has it. */
NEOERR	*db_user_set_email(struct db *, int64_t id, const char *email, bool *taken);

/* A live login session, with its user. */
/* Keep lang (a code of App.Languages) as user_id's language (sql/0021). */
NEOERR	*db_user_set_language(struct db *, int64_t user_id, const char *lang);

struct session {
	int64_t		 user_id;
	enum role	 role;
	const char	*email;
	const char	*name;
	bool		 verified;
	const char	*csrf;		/* hex of the session's CSRF secret */
	const char	*language;	/* the user's saved language, or NULL */
	PGresult	*res_;
};

/*
 * A new session for user_id, ending at the latest max_hours after now;
 * its token (shown once, kept only hashed) into token.
 */
NEOERR	*db_session_create(struct db *, int64_t user_id, const char *ip,
	    const char *user_agent, int64_t now, int max_hours,
	    char token[SEC_TOKEN_B64]);
/*
 * The session of token at now, unless it ended or sat idle longer than
 * idle_minutes (its last use is moved up when it is a minute old).
 */
NEOERR	*db_session_get(struct db *, const char *token, int64_t now,
	    int idle_minutes, struct session **out);
void	 db_session_free(struct session *);
NEOERR	*db_session_delete(struct db *, const char *token);
/* End every session of user_id but the one of keep (NULL: all). */
NEOERR	*db_session_delete_user(struct db *, int64_t user_id, const char *keep);

/* A one-time email link (verify, reset, email) valid for minutes. */
NEOERR	*db_email_token_create(struct db *, int64_t user_id, const char *purpose,
	    const char *new_email, int minutes, char token[SEC_TOKEN_B64]);
/*
 * Use a link once: *user_id (0 if unknown, used or expired) and, for a new
 * address, a copy in *new_email (free() it).
 */
NEOERR	*db_email_token_use(struct db *, const char *token, const char *purpose,
	    int64_t *user_id, char **new_email);
/* True in *ok if the link is still good (without using it). */
NEOERR	*db_email_token_peek(struct db *, const char *token, const char *purpose,
	    bool *ok);

NEOERR	*db_login_record(struct db *, const char *email, const char *ip,
	    bool success, int64_t now);
/* Failed sign-ins in the last minutes for email and for ip. */
NEOERR	*db_login_failures(struct db *, const char *email, const char *ip,
	    int64_t now, int minutes, long long *by_email, long long *by_ip);

enum refresh_result {
	REFRESH_OK,
	REFRESH_UNKNOWN,	/* not ours, expired or revoked */
	REFRESH_REUSED,		/* used before: the family is now revoked */
};

/* A refresh token for user_id in family (a new family if NULL). */
NEOERR	*db_refresh_issue(struct db *, int64_t user_id, const char *family,
	    int days, char token[SEC_TOKEN_B64]);
/* Spend a refresh token; its user and family on success. */
NEOERR	*db_refresh_use(struct db *, const char *token, int64_t *user_id,
	    char family[40], enum refresh_result *res);

/* Revoke every refresh token of user_id (the password changed). */
NEOERR	*db_refresh_revoke_user(struct db *, int64_t user_id);
/* An API key for owner with scopes; the key (shown once) into key. */
NEOERR	*db_api_key_create(struct db *, int64_t owner, const char *name,
	    const char *scopes, char key[64], int64_t *id);
/* The owner and scopes of a live key; *owner 0 if none. */
NEOERR	*db_api_key_get(struct db *, const char *key, int64_t *owner,
	    char scopes[256]);
/* Revoke one of owner's keys; *done false if it is not theirs. */
NEOERR	*db_api_key_revoke(struct db *, int64_t owner, int64_t id, bool *done);

/* Write an audit row; detail (taken over, may be NULL) holds no secrets. */
NEOERR	*audit(struct db *, int64_t actor, const char *action, const char *target,
	    const char *ip, json_t *detail);

/* ------------------------------------------------------------------ */
/* jwt.c: HS256 access tokens                                           */
/* ------------------------------------------------------------------ */

enum jwt_result {
	JWT_OK,
	JWT_BAD,	/* malformed, another algorithm, or a wrong signature */
	JWT_EXPIRED,
};

/* Sign claims (borrowed) as a compact JWT; a new string or NULL. */
char	*jwt_sign(json_t *claims);
/* Check token at now; the claims (new reference) into *claims on JWT_OK. */
enum jwt_result jwt_verify(const char *token, int64_t now, json_t **claims);

/* ------------------------------------------------------------------ */
/* breaker.c: the payment gateway's circuit breaker, in shared memory   */
/* ------------------------------------------------------------------ */

/*
 * One breaker for every worker: the master maps it before it forks
 * (brk_create), so a failure seen by one worker counts for all.
 *
 * Closed: calls go through; BRK_FAILURES consecutive failures (timeouts,
 * connection errors, 429 and 5xx after retries, unreadable answers) open
 * it. A success, including a decline (the gateway answered), sets the
 * count back to 0. Open: every call fails fast without touching the
 * network until the cool-down has passed; then the first caller to
 * notice wins a compare-and-swap to half-open and is the one probe, and
 * every other caller still fails fast. The probe's success closes the
 * breaker; its failure opens it again for another cool-down. A probe
 * whose worker died without reporting is replaced after another
 * cool-down. State and the time it was entered are one atomic word, so
 * each transition is a single compare-and-swap.
 *
 * Times are milliseconds on a monotonic clock passed in by the caller
 * (brk_now_ms() in production, any clock in the unit tests).
 */
#define BRK_FAILURES		5
#define BRK_COOLDOWN_MS		30000

enum brk_state {
	BRK_CLOSED,
	BRK_OPEN,
	BRK_HALF_OPEN,
};

/* What the breaker says to a call about to be made. */
enum brk_verdict {
	BRK_PASS,	/* closed: go */
	BRK_PROBE,	/* go, as the one half-open probe; report with probe=true */
	BRK_REJECT,	/* open (or a probe is out): fail fast */
};

/* Calls by outcome, as /metrics counts them. */
enum brk_count {
	BRK_COUNT_OK,
	BRK_COUNT_DECLINED,
	BRK_COUNT_UNAVAILABLE,
	BRK_COUNT_REJECTED,	/* failed fast, no request made */
	BRK_COUNT__MAX
};

struct breaker;

struct brk_stats {
	enum brk_state	 state;
	int64_t		 since_ms;	/* when it entered state (monotonic) */
	unsigned	 failures;	/* consecutive */
	uint64_t	 opens;
	uint64_t	 calls[BRK_COUNT__MAX];
	uint64_t	 requests;	/* HTTP attempts, retries included */
	unsigned	 threshold;
	int64_t		 cooldown_ms;
};

/* Map a breaker in shared memory, closed; NULL on failure. */
struct breaker *brk_create(unsigned threshold, int64_t cooldown_ms);
void	 brk_destroy(struct breaker *);
/* Change the threshold and cool-down (a reload); the state stays. */
void	 brk_configure(struct breaker *, unsigned threshold, int64_t cooldown_ms);
/* Back to closed with no failures and no counts (tests). */
void	 brk_reset(struct breaker *, int64_t now_ms);
/* May a call go now? */
enum brk_verdict brk_allow(struct breaker *, int64_t now_ms);
/* Report a call let through: failed or not, and whether it was the probe. */
void	 brk_record(struct breaker *, bool failed, bool probe, int64_t now_ms);
/* Count a call by its outcome, and HTTP attempts made. */
void	 brk_count(struct breaker *, enum brk_count, unsigned requests);
void	 brk_stats(const struct breaker *, struct brk_stats *);
/* "closed", "open", "half_open". */
const char *brk_state_name(enum brk_state);
/* The monotonic clock in milliseconds. */
int64_t	 brk_now_ms(void);

/* ------------------------------------------------------------------ */
/* gateway.c: a Stripe-compatible payment gateway over libcurl          */
/* ------------------------------------------------------------------ */

/*
 * The subset of Stripe's REST API Stolik calls: checkout sessions
 * (create, retrieve, expire), payment intents (retrieve) and refunds
 * (create). Bodies are form-encoded as Stripe takes them; answers are
 * JSON, read into struct gw_object. Money is int64 minor units with an
 * ISO 4217 currency, never a float.
 *
 * Every call goes through the breaker (gw_set_breaker). Each HTTP attempt
 * has a connect limit (Payments.ConnectTimeoutMs, 2 s) and a total limit
 * (Payments.TimeoutMs, 5 s), and a whole call, retries included, ends
 * within Payments.DeadlineMs (8 s). Only calls that are safe to repeat
 * are retried (GETs, and POSTs with an Idempotency-Key), only after a
 * connection error, a timeout, a 429 or a 5xx, at most Payments.Retries
 * times, after a jittered exponential backoff (Payments.BackoffMs). The
 * secret key is sent as a Bearer token and never logged.
 */

enum gw_outcome {
	GW_OK,			/* a 2xx answer, read */
	GW_DECLINED,		/* a 4xx: the gateway said no (error_code) */
	GW_UNAVAILABLE,		/* no usable answer, or the breaker is open */
	GW__MAX
};

#define GW_ID_MAX	256

/* What the gateway answered about a checkout session, intent or refund. */
struct gw_object {
	char		 object[32];	/* "checkout.session", "payment_intent", "refund" */
	char		 id[GW_ID_MAX];
	char		 status[32];	/* open|complete|expired; succeeded|...; */
	char		 payment_status[32];	/* sessions: paid|unpaid */
	int64_t		 amount;	/* amount_total of a session */
	char		 currency[4];	/* lower case, as Stripe writes it */
	char		 payment_intent[GW_ID_MAX];	/* "" if none yet */
	char		 client_reference[64];	/* client_reference_id */
	char		 url[2048];	/* a session's hosted checkout page */
};

struct gw_result {
	enum gw_outcome	 outcome;
	int		 http_status;	/* of the last attempt; 0: none */
	char		 error_code[64];	/* a decline's error.code (or type) */
	char		 error_message[256];
	unsigned	 attempts;	/* HTTP requests made (0: failed fast) */
	bool		 rejected;	/* the breaker was open */
	struct gw_object obj;
};

/* A checkout session to create. */
struct gw_checkout {
	int64_t		 amount;	/* minor units, > 0 */
	const char	*currency;	/* ISO 4217, "EUR" or "eur" */
	const char	*name;		/* the line item's name */
	const char	*success_url;
	const char	*cancel_url;
	const char	*client_reference;	/* the booking's code */
	const char *const *meta;	/* key, value, key, value, ..., NULL */
	int		 expires_in;	/* seconds; 0: the gateway's default */
};

/*
 * Read Payments.* from conf and Payments.SecretKey and
 * Payments.WebhookSecret from the secrets file (App.SecretsFile). An
 * unset base URL or key leaves payments unconfigured (not an error); a
 * base URL that is neither https:// nor http:// on this host is an
 * ERR_CONFIG. The secrets live in locked memory; once per load.
 */
NEOERR	*gw_load(HDF *conf);
/* True once gw_load found a base URL and a secret key. */
bool	 gw_configured(void);
/* The webhook secret (NULL if none) and its length; borrowed. */
const unsigned char *gw_webhook_secret(size_t *len);
/* The gateway's origin (scheme://host[:port]) into out; false if unset. */
bool	 gw_origin(char *out, size_t sz);
/* The breaker every call goes through (NULL: none); borrowed. */
void	 gw_set_breaker(struct breaker *);
struct breaker *gw_breaker(void);
/*
 * The form body of a checkout session into out (appended), every key and
 * value escaped by curl_easy_escape. False if c is invalid (amount <= 0,
 * a currency that is not three letters, a missing URL or reference).
 */
bool	 gw_checkout_form(const struct gw_checkout *c, STRING *out);
/*
 * Read a gateway's JSON answer (len bytes at body) into *o. False if it
 * is not a JSON object with a string "id" or the fields have the wrong
 * types or sizes (a number that is not an integer, a currency that is not
 * three letters).
 */
bool	 gw_parse_object(const char *body, size_t len, struct gw_object *o);
/* A decline's error.code (or error.type) and message into *res. */
void	 gw_parse_error(const char *body, size_t len, struct gw_result *res);
/*
 * True if an attempt that ended so may be made again: curl's code (a
 * connection error or timeout), else the HTTP status (429, 5xx), and only
 * if the call is safe to repeat (a GET, or a POST with a key).
 */
bool	 gw_retryable(int curl_code, int http_status, bool is_post,
	    bool has_key);
/* The pause before retry n (1, 2, ...): base·2^(n-1), jittered to 50-100 %. */
int	 gw_backoff_ms(int base_ms, int n);

/*
 * The calls. idem_key is the POST's Idempotency-Key (e.g. "checkout:" and
 * the booking's code): always give one; a POST without it is never
 * retried. Ids are the gateway's ([A-Za-z0-9_]); another is a decline
 * ("invalid_id") without a request. *res tells the outcome; the return
 * value is res->outcome.
 */
enum gw_outcome gw_checkout_create(const struct gw_checkout *,
	    const char *idem_key, struct gw_result *res);
enum gw_outcome gw_checkout_get(const char *id, struct gw_result *res);
enum gw_outcome gw_checkout_expire(const char *id, const char *idem_key,
	    struct gw_result *res);
enum gw_outcome gw_intent_get(const char *id, struct gw_result *res);
/* A refund of amount minor units of payment_intent; 0: the whole amount. */
enum gw_outcome gw_refund_create(const char *payment_intent, int64_t amount,
	    const char *idem_key, struct gw_result *res);
/* "ok", "declined", "unavailable". */
const char *gw_outcome_name(enum gw_outcome);

/* ------------------------------------------------------------------ */
/* db_payment.c and payment.c: a booking's deposit payment              */
/* ------------------------------------------------------------------ */

/*
 * A booking that owes a deposit stays `held` while the diner pays (sql/0014):
 * its payment is open, and the API and pages call it awaiting_payment.
 */
struct payment {
	int64_t		 id;
	int64_t		 reservation_id;
	char		 code[33];
	int64_t		 amount;	/* minor units */
	char		 currency[4];
	char		 status[12];	/* open|paid|expired|cancelled */
	char		 session_id[GW_ID_MAX];	/* "" before the gateway's */
	char		 checkout_url[2048];
	char		 intent_id[GW_ID_MAX];
	int64_t		 refunded;
	int64_t		 expires_at;	/* Unix seconds: the hold's bound */
	int		 exponent;	/* the currency's minor-unit digits */
};

/* One line of a payment's ledger. */
struct payment_entry {
	char		 kind[16];	/* authorised|captured|failed|... */
	int64_t		 amount;
	char		 currency[4];
	char		 gateway_id[GW_ID_MAX];
	char		 note[128];
	char		 at[32];	/* ISO 8601 UTC */
	bool		 sent;		/* a queued call: made */
};

/* What pay_start said (sql/0014). */
enum pay_start_res {
	PAY_START_GONE,		/* no live hold of that code and token */
	PAY_START_NEW,		/* a new payment: create its session */
	PAY_START_OPEN,		/* one under way (session "" if none yet) */
	PAY_START_PAID,		/* already paid */
	PAY_START_GUEST_LIMIT	/* the guest has the most active bookings */
};

/*
 * Start or find the payment of held booking rid, code (token: its manage
 * token's hash in hex): the guest's details go on the row, a new payment
 * extends the hold once to now + minutes. mails is the JSON of the mails
 * its confirmation sends (sealed links). The payment into *p. Deadlocks
 * retried; NEOERR on system failure.
 */
NEOERR	*db_payment_start(struct db *, int64_t rid, const char *code, const char *hash_hex,
	    const char *name, const char *email, const char *phone,
	    const char *requests, int64_t user_id, int64_t amount,
	    const char *currency, const char *confirm_status, const char *mails,
	    int minutes, int max_guest, enum pay_start_res *res,
	    struct payment *p);
/* Record the gateway's session of payment id (only if it has none). */
NEOERR	*db_payment_session_set(struct db *, int64_t id, const char *session,
	    const char *url, const char *intent);
/*
 * Settle the payment of session (sql/0014 pay_settle): outcome "paid",
 * "failed" or "expired"; amount and currency as the gateway said them;
 * event and type a webhook's (NULL: a status query). The function's
 * answer ("confirmed", "replay", "mismatch", ...) into res (16 bytes),
 * the booking's id into *rid (0 if none). Deadlocks retried. A mismatch is
 * rolled back by the caller (call inside db_begin when it matters).
 */
NEOERR	*db_payment_settle(struct db *, const char *session, const char *intent,
	    const char *outcome, int64_t amount, const char *currency,
	    const char *event, const char *type, const char *domain,
	    char res[16], int64_t *rid);
/* The payment of booking rid into *p; *found false if none. */
NEOERR	*db_payment_get(struct db *, int64_t rid, struct payment *p,
	    bool *found);
/* Up to max ledger lines of booking rid's payment, oldest first; *n. */
NEOERR	*db_payment_ledger(struct db *, int64_t rid, struct payment_entry *v,
	    size_t max, size_t *n);
/*
 * Queue a refund of amount of booking rid's paid payment under key (in the
 * caller's transaction); *queued the amount queued (0: nothing to refund).
 */
NEOERR	*db_payment_refund_queue(struct db *, int64_t rid, int64_t amount,
	    const char *key, const char *note, int64_t *queued);

/*
 * The live hold rv (token its manage token) that owes amount of currency
 * starts its payment for g (db_payment_start): the guest's details are
 * kept on the held row, the hold is extended once by minutes, and the
 * confirmation's mails wait in the payment for pay_settle.
 */
NEOERR	*booking_pay_start(struct book_env *, const struct reservation *rv,
	    const char *token, const struct guest *g, int64_t amount,
	    const char *currency, int minutes, enum pay_start_res *res,
	    struct payment *p);
/*
 * Check a Stripe-Signature header (t=TS,v1=HEX[,v1=HEX...]) over
 * "TS.BODY" with secret (HMAC-SHA256, libsodium), in constant time,
 * against now within tolerance seconds. True if one v1 matches.
 */
bool	 pay_signature_ok(const char *header, const char *body, size_t len,
	    const unsigned char *secret, size_t secret_len, int64_t now,
	    int tolerance);
/*
 * Ask the gateway about session and settle its payment by the answer:
 * paid, expired, or nothing yet (res "open"); res "unavailable" when the
 * gateway did not answer. Outcome of db_payment_settle otherwise.
 */
NEOERR	*pay_reconcile(struct db *, const char *session, const char *domain,
	    char res[16], int64_t *rid);

/* ------------------------------------------------------------------ */
/* webhook.c: outgoing webhooks (issue 17)                              */
/* ------------------------------------------------------------------ */

struct sockaddr;

/* The event types an endpoint may ask for; NULL-terminated. */
extern const char *const webhook_types[];
bool	 webhook_type_ok(const char *type);

enum webhook_url {
	WH_URL_OK,
	WH_URL_SYNTAX,		/* not an absolute URL we take */
	WH_URL_SCHEME,		/* not https (http: only to loopback, in dev) */
	WH_URL_RESOLVE,		/* the host has no address */
	WH_URL_PRIVATE,		/* an address is not public */
};

/* Where a checked URL goes: the host, port and the one address to use. */
struct webhook_target {
	char	 host[256];	/* bare, IPv6 without brackets */
	char	 port[8];
	char	 addr[46];	/* the address connected to (INET6_ADDRSTRLEN) */
	char	 resolve[330];	/* CURLOPT_RESOLVE's "host:port:address" */
	bool	 https;
	bool	 ipv6_literal;
};

/*
 * Check url for a webhook endpoint and resolve it once: https (plain http
 * only when dev, and only to localhost, 127.0.0.0/8 or [::1]), no user
 * or fragment, and every address the host resolves to public (loopback
 * too when dev). t->resolve pins the connection to t->addr, so a name
 * that resolves again to another address (DNS rebinding) can't move it.
 */
enum webhook_url webhook_url_check(const char *url, bool dev,
	    struct webhook_target *t);
/* The problem code of a verdict: "url_invalid", "url_not_public", ... */
const char *webhook_url_why(enum webhook_url);
/* Whether an address is public (not loopback, private, link-local, ...). */
bool	 webhook_addr_public(const struct sockaddr *);
bool	 webhook_addr_loopback(const struct sockaddr *);

/* "whsec_" and 43 characters of base64url: 32 random bytes. */
#define WEBHOOK_SECRET_LEN	64
void	 webhook_secret_new(char out[WEBHOOK_SECRET_LEN]);
/*
 * The hex HMAC-SHA256 of "TS.BODY" keyed with the secret as the owner
 * sees it (the whole "whsec_..." string).
 */
void	 webhook_sign(const char *secret, int64_t ts, const char *body,
	    size_t len, char out[65]);
/*
 * The log excerpt of a response body: at most max characters of buf
 * (len bytes) as valid UTF-8, invalid bytes and NULs replaced by U+FFFD
 * and other control characters but tab and newline by spaces; into out
 * (sz bytes, at least 4 * max + 1 for the whole excerpt), NUL-terminated.
 */
void	 webhook_excerpt(const char *buf, size_t len, size_t max, char *out,
	    size_t sz);

/* ------------------------------------------------------------------ */
/* db_webhook_job.c: the queue of stolik-webhooks                        */
/* ------------------------------------------------------------------ */

/*
 * Webhook events were written in the caller's transaction (or just now):
 * stolik-webhooks (LISTEN outbox and webhooks) hears of it after the
 * commit through the mailer's wake (outbox_queued: one NOTIFY shared by
 * the workers per OUTBOX_WAKE_MS, the jobs looking again meanwhile).
 */
void	 webhook_queued(struct db *);

/* One claimed delivery; the strings point into the claim's PGresult. */
struct wh_delivery {
	int64_t		 id;
	int64_t		 endpoint_id;
	int		 attempt;	/* this attempt, from 1 */
	double		 age;		/* seconds since the delivery was made */
	const char	*public_id;	/* "whd_...": the receiver's dedupe key */
	const char	*event_id;	/* "evt_..." */
	const char	*type;
	const char	*created;	/* the event's time, RFC 3339 UTC */
	const char	*data;		/* the event's data, JSON */
	const char	*url;
	const char	*secret_sealed;
	const char	*old_secret_sealed;	/* NULL: none, or past its time */
	int64_t		 order_key;	/* the booking, 0 if none */
};

/*
 * Claim up to limit due deliveries for lease seconds (FOR UPDATE SKIP
 * LOCKED): queued, due, not leased to another job, their endpoint
 * enabled, and no earlier queued delivery of the same booking to the same
 * endpoint (the order per booking). Each claim counts as an attempt.
 * *rows (free() it) point into *res (PQclear it).
 */
NEOERR	*wh_claim(struct db *, int limit, int lease, struct wh_delivery **rows,
	    size_t *n, PGresult **res);
/* Test builds' negative controls: the same claim without the order, or
 * without regard to other jobs' leases. */
NEOERR	*wh_claim_unordered(struct db *, int limit, int lease,
	    struct wh_delivery **rows, size_t *n, PGresult **res);
NEOERR	*wh_claim_unleased(struct db *, int limit, int lease,
	    struct wh_delivery **rows, size_t *n, PGresult **res);
/* The same deliveries without claiming them (a dry run). */
NEOERR	*wh_due(struct db *, int limit, struct wh_delivery **rows, size_t *n,
	    PGresult **res);

enum wh_end {
	WH_DELIVERED,
	WH_RETRY,
	WH_FAILED,
};

/* The outcome of one attempt. */
struct wh_result {
	enum wh_end	 end;
	int		 status_code;	/* 0: no answer */
	int		 duration_ms;
	int		 delay_ms;	/* WH_RETRY: until the next attempt */
	const char	*error;		/* NULL or a short reason */
	const char	*excerpt;	/* of the response body, "" if none */
	char		 addr[46];	/* the address connected to, "" if none */
};

/*
 * Record attempt d in the delivery log and the delivery's new state in
 * one statement; on a failure count it against the endpoint and, at
 * disable_after consecutive failures, disable the endpoint and queue one
 * "webhook_disabled" mail to its restaurant's owner (domain: for its
 * Message-ID); a success resets the count. *recorded is false when the
 * claim was no longer ours (its lease ran out and another job took it);
 * *disabled true when this attempt disabled the endpoint.
 */
NEOERR	*wh_record(struct db *, const struct wh_delivery *d,
	    const struct wh_result *r, int disable_after, const char *domain,
	    bool *recorded, bool *disabled);
/* Give back a claimed delivery without an attempt (the job stops). */
NEOERR	*wh_release(struct db *, const struct wh_delivery *d);
/*
 * Queued deliveries older than max_age_hours fail without another
 * attempt; *n how many.
 */
NEOERR	*wh_expire(struct db *, int max_age_hours, long *n);
/* Delete events (their deliveries and attempts) older than days; *n. */
NEOERR	*wh_purge(struct db *, int days, long *n);

/* ------------------------------------------------------------------ */
/* db_webhook.c: a restaurant's webhook endpoints, as its owner edits   */
/* them (every statement checks the owner in its SQL)                   */
/* ------------------------------------------------------------------ */

/* The channel stolik-webhooks listens on. */
#define WEBHOOK_CHANNEL		"webhooks"
/* The most endpoints one restaurant may have. */
#define WEBHOOK_MAX_ENDPOINTS	10

/* Column order of STMT_WH_LIST / STMT_WH_GET. */
enum wh_col {
	WH_ID, WH_URL, WH_DESCRIPTION, WH_EVENTS, WH_SEALED, WH_ENABLED,
	WH_REASON, WH_DISABLED_AT, WH_FAILURES, WH_OLD_UNTIL, WH_CREATED,
	WH_UPDATED, WH_OLD_UNTIL_LOCAL, WH_QUEUED, WH__MAX
};
/* Column order of STMT_WH_DELIVERIES. */
enum whd_col {
	WHD_ID, WHD_EVENT, WHD_TYPE, WHD_STATUS, WHD_ATTEMPTS, WHD_CREATED,
	WHD_CREATED_LOCAL, WHD_FINISHED, WHD_NEXT, WHD_LAST_CODE, WHD_LAST_ERROR,
	WHD_REPLAY_OF, WHD_LOG, WHD_TOTAL, WHD__MAX
};

/* What a write found: done, no such endpoint of the owner's, or full. */
enum wh_outcome {
	WH_DONE,
	WH_NOT_FOUND,
	WH_FULL,		/* WEBHOOK_MAX_ENDPOINTS already */
};

/*
 * Endpoints of restaurant rid if owner owns it (all, or the one of id
 * eid when eid > 0): *res (the caller PQclear()s it) in enum wh_col order.
 */
NEOERR	*db_webhook_list(struct db *, int64_t rid, int64_t owner, int64_t eid,
	    PGresult **res);
/*
 * A new endpoint: lock the restaurant, count its endpoints, insert; one
 * transaction, so parallel creates never pass WEBHOOK_MAX_ENDPOINTS.
 * events is a text[] literal; sealed the sec_seal()ed secret. With
 * unlocked (test builds' negative control) the lock is left out.
 */
NEOERR	*db_webhook_insert(struct db *, int64_t rid, int64_t owner,
	    const char *url, const char *description, const char *events,
	    const char *sealed, bool unlocked, enum wh_outcome *o, int64_t *id);
NEOERR	*db_webhook_update(struct db *, int64_t rid, int64_t owner, int64_t eid,
	    const char *url, const char *description, const char *events,
	    enum wh_outcome *o);
NEOERR	*db_webhook_enable(struct db *, int64_t rid, int64_t owner, int64_t eid,
	    bool on, enum wh_outcome *o);
NEOERR	*db_webhook_delete(struct db *, int64_t rid, int64_t owner, int64_t eid,
	    enum wh_outcome *o);
/* Rotate to sealed; *until ("...Z", 21 bytes) when the old one stops. */
NEOERR	*db_webhook_rotate(struct db *, int64_t rid, int64_t owner, int64_t eid,
	    const char *sealed, enum wh_outcome *o, char until[32]);
/*
 * A webhook.test event with one delivery to endpoint eid only; its ids
 * (evt_..., whd_...). Wakes stolik-webhooks.
 */
NEOERR	*db_webhook_test(struct db *, int64_t rid, int64_t owner, int64_t eid,
	    const char *message, enum wh_outcome *o, char event[48],
	    char delivery[48]);
/* A page of eid's deliveries, newest first (enum whd_col order). */
NEOERR	*db_webhook_deliveries(struct db *, int64_t rid, int64_t owner,
	    int64_t eid, int page, int size, PGresult **res);
/* Replay delivery did (public id) of eid: *out the new delivery's id. */
NEOERR	*db_webhook_replay(struct db *, int64_t rid, int64_t owner, int64_t eid,
	    const char *did, enum wh_outcome *o, char out[48]);
/*
 * Replay every delivery of eid that failed since the instant since (epoch
 * seconds; local NULL) or the restaurant's wall-clock time local
 * ("YYYY-MM-DD HH:MM") and has no replay yet; *n how many.
 */
NEOERR	*db_webhook_replay_since(struct db *, int64_t rid, int64_t owner,
	    int64_t eid, double since, const char *local, long long *n);
/* NOTIFY stolik-webhooks (after the commit; a failure is only logged). */
void	 webhook_wake(struct db *);

/* ------------------------------------------------------------------ */
/* db_waitlist.c: waitlist entries ("notify me", sql/0017)              */
/* ------------------------------------------------------------------ */

/* Live entries an address, and a client address, may have at once (the
 * defaults of Waitlist.EntriesPerEmail and Waitlist.EntriesPerAddress). */
#define WL_MAX_PER_EMAIL	5
#define WL_MAX_PER_IP		20

/* An entry as its diner sees it; strings borrowed from res_. */
struct wl_entry {
	int64_t		 id;
	int64_t		 restaurant_id;
	int64_t		 user_id;
	int64_t		 window_start;	/* epoch seconds, both included */
	int64_t		 window_end;
	int64_t		 offer_expires;	/* the live offer's deadline, or 0 */
	int64_t		 now;		/* the database's clock */
	int		 party;
	int		 offers;	/* made so far */
	int		 position;	/* in line, while waiting */
	const char	*code;
	const char	*slug;
	const char	*restaurant;
	const char	*date;		/* YYYY-MM-DD */
	const char	*from;		/* HH:MM, local */
	const char	*to;
	const char	*name;
	const char	*email;
	const char	*status;	/* waitlist_status */
	const char	*timezone;
	const char	*offer_code;	/* the live offer's hold, or "" */
	const char	*offer_time;	/* its local start, or "" */
	const char	*offer_until;	/* its local deadline, or "" */
	const char	*created;
	const char	*token_sealed;	/* the manage token, sealed */
	void		*res_;
};

/* A new entry (the limits are counted in the SQL, under locks). */
struct wl_new {
	int64_t		 restaurant_id;
	const char	*date;		/* YYYY-MM-DD */
	int		 party;
	const char	*name;
	const char	*email;
	int64_t		 user_id;	/* 0 for a guest */
	const char	*ip;		/* or NULL */
	bool		 confirmed;	/* the signed-in diner's own address */
	const char	*restaurant;	/* for the confirmation mail */
	const char	*from_hm;	/* HH:MM, local */
	const char	*to_hm;
	int		 max_email;	/* live entries of the address, at most */
	int		 max_ip;	/* of the client address */
};

enum wl_result {
	WL_OK,
	WL_LIMIT_EMAIL,
	WL_LIMIT_IP,
};

/*
 * Insert n; on WL_OK, code (16 bytes) and token (the manage token, once)
 * are set, and an unconfirmed entry's confirmation mail (with its link on
 * base_url) is queued in the same transaction: the caller's, if one is
 * open (the caller then commits or rolls back), else one of its own.
 */
NEOERR	*db_waitlist_insert(struct db *, const struct wl_new *n,
	    const char *base_url, enum wl_result *res, char code[16],
	    char token[SEC_TOKEN_B64]);
/*
 * The entry code names with token (or, token NULL, the signed-in user's
 * own); *out NULL if none. Free with db_waitlist_free.
 */
NEOERR	*db_waitlist_get(struct db *, const char *code, const char *token,
	    int64_t user_id, struct wl_entry **out);
void	 db_waitlist_free(struct wl_entry *);
/* A guest's entry joins the line; *done false if it was not waiting to. */
NEOERR	*db_waitlist_confirm(struct db *, int64_t id, bool *done);
/* The diner leaves (a live offer gives way); *done false if it had ended. */
NEOERR	*db_waitlist_leave(struct db *, int64_t id, bool *done);
/*
 * The owner's day sheet: the entries of restaurant on date (the owner
 * check is in the SQL), copied; *out NULL for none. free() it.
 */
NEOERR	*db_waitlist_day(struct db *, int64_t restaurant, int64_t owner,
	    const char *date, struct db_rows **out);
extern const char *const db_waitlist_day_cols[];
/* walkin.c: the owner's same-day walk-in list (sql/0018)                */
/* ------------------------------------------------------------------ */

/* A table as the wait estimate sees it. */
struct walkin_table {
	int64_t		 id;
	int		 seats_min;
	int		 seats_max;
};

/* A span a table is taken: a booking, or a party the estimate seated. */
struct walkin_busy {
	int64_t		 table;
	int64_t		 start;
	int64_t		 end;
};

/* One party of the list (or a new one, id 0) and its estimate. */
struct walkin_est {
	int64_t		 id;		/* the entry; 0: a party not on the list */
	int		 party;
	int		 minutes;	/* its turn time */
	int64_t		 at;		/* when a table should be free; 0: none */
	int64_t		 table;		/* which */
	int		 wait;		/* minutes from now, up to a 5; -1: none */
};

#define WALKIN_HORIZON	(12 * 3600)	/* how far ahead the estimate looks */

/*
 * The estimate itself, without a database: seat the parties q[0..nq) in
 * order at now or later, each on the fitting table of t that is free for
 * its turn time soonest, beside the spans of b (*nb of them; b has room
 * for *nb + nq, and each party seated is added). Sets at, table and wait
 * of each; then the parties x[0..nx) (may be NULL) are each estimated as
 * if next in the list, and not added. See the comment in walkin.c.
 */
void	 walkin_plan(const struct walkin_table *t, size_t nt,
	    struct walkin_busy *b, size_t *nb, struct walkin_est *q, size_t nq,
	    struct walkin_est *x, size_t nx, int64_t now);
/*
 * The estimates of the list of restaurant rid (when owner owns it) on the
 * local date day at now: the waiting and notified entries in their order
 * (*out, *n; free() it), then one for each party of extra[0..nextra) as
 * if it joined the list now (*xout: nextra of them, free() it; may be
 * NULL when nextra is 0). Not the owner's: *n 0.
 */
NEOERR	*walkin_estimate(struct db *, int64_t rid, int64_t owner, int day,
	    int64_t now, const int *extra, size_t nextra,
	    struct walkin_est **out, size_t *n, struct walkin_est **xout);

/* The fields of a new entry, validated by the caller. */
struct walkin_in {
	const char	*name;
	int		 party;
	const char	*phone;		/* "" if none */
	const char	*email;		/* "" if none */
	int		 quoted;	/* minutes; -1: the estimate */
	int		 day;		/* today's local date (the estimate's) */
};

/*
 * The actions: each one transaction (booking_run: retried after a
 * deadlock), checked against owner in its SQL, in the audit log as the
 * owner's. out->res is BOOK_OK, BOOK_GONE (no such entry of the owner's)
 * or BOOK_STATE (it is no longer waiting); out->id is the entry's.
 */
NEOERR	*walkin_add(struct book_env *, int64_t rid, int64_t owner,
	    const struct walkin_in *, const struct actor *, struct book_out *out);
/*
 * "Table ready": the entry is notified, and a walkin_ready mail is queued
 * when it has an address (once: its dedupe key is the entry's).
 */
NEOERR	*walkin_notify(struct book_env *, int64_t rid, int64_t owner,
	    int64_t id, const struct actor *, struct book_out *out);
/* The party left, or the entry was a mistake: to = "left" or "cancelled". */
NEOERR	*walkin_end(struct book_env *, int64_t rid, int64_t owner, int64_t id,
	    const char *to, const struct actor *, struct book_out *out);
/*
 * Seat the entry now on table (0: the smallest free that fits) as a
 * walk-in booking through booking_enter_within, linked to the entry and
 * noted in the booking's history, in one transaction. out->res as
 * booking_enter's too (BOOK_TAKEN: the table is not free); out->code and
 * out->id are the booking's.
 */
NEOERR	*walkin_seat(struct book_env *, const struct setup *, int64_t owner,
	    int64_t id, int64_t table, const struct actor *, struct book_out *out);
/*
 * The day's list of rid as owner sees it (unchecked: the access tests'
 * negative control only), or one entry (id > 0): columns as
 * walkin_cols. *res to PQclear().
 */
NEOERR	*walkin_list(struct db *, int64_t rid, int64_t owner, bool unchecked,
	    int day, int64_t id, PGresult **res);
extern const char *const walkin_cols[];

#endif
