/* db.c: one PGconn, every statement prepared once, reconnect after a restart. */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <poll.h>

/* Seconds between reconnect attempts while the server is down. */
#define DB_RETRY_INTERVAL	0.25

#define LOCAL_CACHE_SQL	"SET stolik.local_cache = on"

static void	(*booked_hook)(const int64_t *, int);

/* The LISTEN command for one of our channels; NULL for any other name. */
static const char *
listen_sql(const char *channel)
{
	if (channel == NULL)
		return NULL;
	if (strcmp(channel, SETUP_CHANNEL) == 0)
		return "LISTEN " SETUP_CHANNEL;
	if (strcmp(channel, OUTBOX_CHANNEL) == 0)
		return "LISTEN " OUTBOX_CHANNEL;
	if (strcmp(channel, WEBHOOK_CHANNEL) == 0)
		return "LISTEN " WEBHOOK_CHANNEL;
	if (strcmp(channel, BOOKED_CHANNEL) == 0)
		return "LISTEN " BOOKED_CHANNEL;
	return NULL;
}

/* How many channels db listens on. */
static int
nlisten(const struct db *db)
{
	return (db->listen[0] != NULL) + (db->listen[1] != NULL);
}

/* Prepared statements are named after their enum value. */
static void
stmt_name(enum stmt s, char buf[16])
{
	snprintf(buf, 16, "s%d", (int)s);
}

/* The first line of libpq's error message, for logs. */
static const char *
first_line(const char *msg, char *buf, size_t sz)
{
	size_t	 n;

	n = strcspn(msg, "\n");
	if (n >= sz)
		n = sz - 1;
	memcpy(buf, msg, n);
	buf[n] = '\0';
	return buf;
}

/*
 * Session settings and every statement, sent in one pipeline so a
 * (re)connect costs one round trip. ERR_DB if any of it fails.
 */
static NEOERR *
db_setup(struct db *db)
{
	PGconn		*c = db->conn;
	PGresult	*r;
	NEOERR		*err = STATUS_OK;
	char		 name[16], line[256];
	int		 i, want, sent = 0, got = 0, nl = nlisten(db);
	ExecStatusType	 st;

	want = 1 + nl + (db->prepare ? STMT__MAX : 0) + db->local_cache;
	for (i = 0; db->prepare && i < STMT__MAX; i++)
		if (db_stmts[i] == NULL)
			return nerr_raise(ERR_DB, "statement %d has no SQL", i);
	if (PQenterPipelineMode(c) != 1)
		return nerr_raise(ERR_DB, "pipeline mode: %s", PQerrorMessage(c));
	if (PQsendQueryParams(c, "SET TimeZone TO 'UTC'", 0, NULL, NULL,
	    NULL, NULL, 0) == 1)
		sent++;
	if (db->local_cache && PQsendQueryParams(c, LOCAL_CACHE_SQL, 0, NULL,
	    NULL, NULL, NULL, 0) == 1)
		sent++;
	/* the channel names are ours, fixed identifiers */
	for (i = 0; i < nl; i++)
		if (PQsendQueryParams(c, listen_sql(db->listen[i]), 0, NULL,
		    NULL, NULL, NULL, 0) == 1)
			sent++;
	for (i = 0; db->prepare && i < STMT__MAX &&
	    sent == i + 1 + nl + db->local_cache; i++) {
		stmt_name((enum stmt)i, name);
		if (PQsendPrepare(c, name, db_stmts[i], 0, NULL) == 1)
			sent++;
	}
	if (sent != want || PQpipelineSync(c) != 1)
		err = nerr_raise(ERR_DB_DOWN, "sending statements: %s",
		    first_line(PQerrorMessage(c), line, sizeof line));
	/* each query gives one result then NULL; the sync comes last */
	while (err == STATUS_OK) {
		if ((r = PQgetResult(c)) == NULL) {
			if (PQstatus(c) == CONNECTION_BAD)
				err = nerr_raise(ERR_DB_DOWN, "connection lost "
				    "while preparing");
			continue;
		}
		st = PQresultStatus(r);
		if (st == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			break;
		}
		if (st == PGRES_FATAL_ERROR)
			/* the SET (and LISTEN) came first */
			err = nerr_raise(ERR_DB, "preparing statement %d: %s",
			    got - 1 - nl - db->local_cache,
			    first_line(PQresultErrorMessage(r), line, sizeof line));
		got++;
		PQclear(r);
	}
	if (err != STATUS_OK) {
		/* the pipeline is in an unknown state: start over next time */
		PQfinish(db->conn);
		db->conn = NULL;
		return err;
	}
	PQexitPipelineMode(c);
	return STATUS_OK;
}

/* Server notices ("relation exists, skipping") go to the debug log. */
static void
notice_cb(void *arg, const char *msg)
{
	char	 line[256];

	log_debug("postgres: %s", first_line(msg, line, sizeof line));
}

NEOERR *
db_connect(struct db *db)
{
	static const char *const keys[] = {
		"connect_timeout", "keepalives", "keepalives_idle",
		"fallback_application_name", "dbname", NULL
	};
	const char	*vals[6];
	char		 line[256];
	double		 now;
	bool		 again;
	NEOERR		*err;

	if (db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK)
		return STATUS_OK;
	if (db->in_tx) {
		db->in_tx = false;
		return nerr_raise(ERR_DB_DOWN, "connection lost inside a transaction");
	}
	now = mono_now();
	if (now < db->retry_at)
		return nerr_raise(ERR_DB_DOWN, "database unavailable");
	again = db->conn != NULL;
	if (db->conn != NULL) {
		PQreset(db->conn);
	} else {
		/* defaults first: the configured conninfo overrides them */
		vals[0] = "5";
		vals[1] = "1";
		vals[2] = "30";
		vals[3] = "stolik";
		vals[4] = db->conninfo;
		vals[5] = NULL;
		db->conn = PQconnectdbParams(keys, vals, 1);
	}
	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK) {
		db->retry_at = now + DB_RETRY_INTERVAL;
		err = nerr_raise(ERR_DB_DOWN, "cannot connect: %s", db->conn ?
		    first_line(PQerrorMessage(db->conn), line, sizeof line) :
		    "out of memory");
		return err;
	}
	PQsetNoticeProcessor(db->conn, notice_cb, NULL);
	if ((err = db_setup(db)) != STATUS_OK) {
		db->retry_at = now + DB_RETRY_INTERVAL;
		return nerr_pass(err);
	}
	db->retry_at = 0;
	if (again) {
		db->reconnects++;
		log_info("reconnected to the database");
	}
	return STATUS_OK;
}

NEOERR *
db_open(const char *conninfo, bool prepare, struct db **out)
{
	struct db	*db;
	NEOERR		*err;

	*out = NULL;
	if ((db = calloc(1, sizeof *db)) == NULL ||
	    (db->conninfo = strdup(conninfo)) == NULL) {
		free(db);
		return nerr_raise(NERR_NOMEM, "db_open");
	}
	db->prepare = prepare;
	err = db_connect(db);
	if (err != STATUS_OK && !nerr_match(err, ERR_DB_DOWN)) {
		db_close(db);
		return nerr_pass(err);
	}
	if (err != STATUS_OK)
		log_nerr(__func__, "database not reachable yet", &err);
	*out = db;
	return STATUS_OK;
}

void
db_listen(struct db *db, const char *channel)
{
	NEOERR	*err;

	if (listen_sql(channel) == NULL) {
		log_err("not one of our channels: %s", channel);
		return;
	}
	if ((db->listen[0] != NULL && strcmp(db->listen[0], channel) == 0) ||
	    (db->listen[1] != NULL && strcmp(db->listen[1], channel) == 0))
		return;
	if (db->listen[0] == NULL)
		db->listen[0] = channel;
	else if (db->listen[1] == NULL)
		db->listen[1] = channel;
	else {
		log_err("too many channels: %s", channel);
		return;
	}
	/* connected already: listen now; later connects do it in db_setup */
	if (db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK) {
		PGresult *r = PQexecParams(db->conn, listen_sql(channel), 0,
		    NULL, NULL, NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			err = nerr_raise(ERR_DB, "LISTEN: %s", PQresultErrorMessage(r));
			log_nerr(__func__, "cannot listen", &err);
		}
		PQclear(r);
	}
}

bool
db_wait(struct db *db, double seconds)
{
	struct pollfd	 pfd;
	PGnotify	*n;
	NEOERR		*err;
	bool		 woke = false;
	int		 ms;

	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK) {
		/* reconnecting listens again; what was sent meanwhile is lost */
		if ((err = db_connect(db)) != STATUS_OK) {
			nerr_ignore(&err);
			ms = (int)(DB_RETRY_INTERVAL * 1000);
			poll(NULL, 0, ms);
		}
		return true;
	}
	ms = seconds <= 0 ? 0 : seconds > 3600 ? 3600000 : (int)(seconds * 1000);
	pfd.fd = PQsocket(db->conn);
	pfd.events = POLLIN;
	if (poll(&pfd, 1, ms) <= 0)
		return false;
	if (PQconsumeInput(db->conn) != 1)
		return true;	/* the connection broke: the caller looks again */
	while ((n = PQnotifies(db->conn)) != NULL) {
		woke = true;
		PQfreemem(n);
	}
	return woke;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->conn != NULL)
		PQfinish(db->conn);
	free(db->conninfo);
	free(db);
}

enum db_conflict
db_conflict_of(const char *state)
{
	if (strcmp(state, "23505") == 0)
		return DB_UNIQUE;
	if (strcmp(state, "23P01") == 0)
		return DB_EXCLUSION;
	if (strcmp(state, "23503") == 0)
		return DB_FOREIGN_KEY;
	if (strcmp(state, "23514") == 0 || strcmp(state, "23502") == 0 ||
	    strncmp(state, "22", 2) == 0)
		return DB_CHECK;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
		return DB_RETRY;
	if (strcmp(state, "55P03") == 0)
		return DB_LOCKED;
	return DB_OK;
}

/* SQLSTATEs that mean "the server is not available" rather than a bug. */
static bool
unavailable(const char *state)
{
	return strncmp(state, "08", 2) == 0 || strncmp(state, "53", 2) == 0 ||
	    strncmp(state, "57P0", 4) == 0 || strcmp(state, "57014") == 0;
}

/* The NEOERR type of a statement that failed with state. */
static NERR_TYPE
error_type(const char *state)
{
	if (unavailable(state))
		return ERR_DB_DOWN;
	if (db_conflict_of(state) == DB_RETRY)
		return ERR_DB_RETRY;
	return ERR_DB;
}

/* Run a prepared statement (s >= 0) or literal sql; see db_exec. */
static NEOERR *
run(struct db *db, int s, const char *sql, int n, const char *const *params,
    PGresult **res, enum db_conflict *c)
{
	PGresult	*r;
	NEOERR		*err;
	ExecStatusType	 st;
	const char	*state, *cons;
	char		 name[16], line[256];
	int		 attempt;

	if (res != NULL)
		*res = NULL;
	if (c != NULL)
		*c = DB_OK;
	for (attempt = 0; ; attempt++) {
		if ((err = db_connect(db)) != STATUS_OK)
			return nerr_pass(err);
		if (s >= 0) {
			stmt_name((enum stmt)s, name);
			r = PQexecPrepared(db->conn, name, n, params, NULL, NULL, 0);
		} else
			r = PQexecParams(db->conn, sql, n, NULL, params, NULL,
			    NULL, 0);
		st = PQresultStatus(r);
		if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
			if (res != NULL)
				*res = r;
			else
				PQclear(r);
			return STATUS_OK;
		}
		if (PQstatus(db->conn) == CONNECTION_BAD) {
			PQclear(r);
			if (db->in_tx || attempt > 0) {
				db->in_tx = false;
				return nerr_raise(ERR_DB_DOWN, "connection lost");
			}
			continue;	/* reconnect and run it again */
		}
		state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		cons = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
		snprintf(db->sqlstate, sizeof db->sqlstate, "%s",
		    state != NULL ? state : "XX000");
		snprintf(db->constraint, sizeof db->constraint, "%s",
		    cons != NULL ? cons : "");
		if (c != NULL && (*c = db_conflict_of(db->sqlstate)) != DB_OK) {
			PQclear(r);
			return STATUS_OK;
		}
		err = nerr_raise(error_type(db->sqlstate), "statement %d: %s %s", s,
		    db->sqlstate, first_line(PQresultErrorMessage(r), line,
		    sizeof line));
		PQclear(r);
		return err;
	}
}

NEOERR *
db_exec(struct db *db, enum stmt s, int n, const char *const *params,
    PGresult **res)
{
	return nerr_pass(run(db, (int)s, NULL, n, params, res, NULL));
}

NEOERR *
db_try(struct db *db, enum stmt s, int n, const char *const *params,
    PGresult **res, enum db_conflict *c)
{
	return nerr_pass(run(db, (int)s, NULL, n, params, res, c));
}

NEOERR *
db_exec_sql(struct db *db, const char *sql, int n, const char *const *params,
    PGresult **res)
{
	return nerr_pass(run(db, -1, sql, n, params, res, NULL));
}

NEOERR *
db_exec_script(struct db *db, const char *script)
{
	PGresult	*r;
	NEOERR		*err;
	const char	*pos;
	char		 line[256];
	int		 lineno;

	if ((err = db_connect(db)) != STATUS_OK)
		return nerr_pass(err);
	/* the simple query protocol is the one that runs several statements */
	if (PQsendQuery(db->conn, script) != 1)
		return nerr_raise(ERR_DB_DOWN, "sending script: %s",
		    first_line(PQerrorMessage(db->conn), line, sizeof line));
	while ((r = PQgetResult(db->conn)) != NULL) {
		if (PQresultStatus(r) == PGRES_FATAL_ERROR && err == STATUS_OK) {
			lineno = 1;
			pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
			if (pos != NULL) {
				long i, at = strtol(pos, NULL, 10);
				for (i = 0; i < at - 1 && script[i] != '\0'; i++)
					lineno += script[i] == '\n';
			}
			err = nerr_raise(ERR_DB, "line %d: %s", lineno,
			    first_line(PQresultErrorMessage(r), line,
			    sizeof line));
		}
		PQclear(r);
	}
	if (err == STATUS_OK && PQstatus(db->conn) == CONNECTION_BAD)
		err = nerr_raise(ERR_DB_DOWN, "connection lost");
	return err;
}

/* Run a transaction-control command; the connection must be up. */
static NEOERR *
tx_command(struct db *db, const char *cmd)
{
	PGresult	*r;
	const char	*state;
	char		 line[256];
	NEOERR		*err = STATUS_OK;

	r = PQexecParams(db->conn, cmd, 0, NULL, NULL, NULL, NULL, 0);
	state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	/* a COMMIT may meet a serialization failure: a retry, as a statement */
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		err = nerr_raise(PQstatus(db->conn) == CONNECTION_BAD ?
		    ERR_DB_DOWN : error_type(state != NULL ? state : "XX000"),
		    "%s: %s", cmd, first_line(PQresultErrorMessage(r), line,
		    sizeof line));
	PQclear(r);
	return err;
}

NEOERR *
db_begin(struct db *db)
{
	NEOERR	*err;

	if ((err = db_connect(db)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = tx_command(db, "BEGIN")) != STATUS_OK)
		return nerr_pass(err);
	db->in_tx = true;
	db->wake_ = false;
	db->nbooked_ = 0;
	return STATUS_OK;
}

void
db_booked_hook(void (*fn)(const int64_t *, int))
{
	booked_hook = fn;
}

/* Tell the hook what the transaction changed (committed or not known). */
static void
booked_fire(struct db *db)
{
	if (db->nbooked_ != 0 && booked_hook != NULL)
		booked_hook(db->booked_, db->nbooked_);
	db->nbooked_ = 0;
}

void
db_booked(struct db *db, int64_t id)
{
	int	 i;

	if (booked_hook == NULL)
		return;
	if (!db->in_tx) {
		booked_hook(&id, 1);
		return;
	}
	for (i = 0; i < db->nbooked_; i++)
		if (db->booked_[i] == id)
			return;
	if (db->nbooked_ < 0)
		return;
	if (db->nbooked_ < (int)(sizeof db->booked_ / sizeof db->booked_[0]))
		db->booked_[db->nbooked_++] = id;
	else
		db->nbooked_ = -1;
}

void
db_local_cache(struct db *db)
{
	PGresult	*r;

	if (db->local_cache)
		return;
	db->local_cache = true;
	if (db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK) {
		r = PQexecParams(db->conn, LOCAL_CACHE_SQL, 0, NULL, NULL,
		    NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			log_err("%s: %s", LOCAL_CACHE_SQL,
			    PQresultErrorMessage(r));
		PQclear(r);
	}
}

NEOERR *
db_commit(struct db *db)
{
	NEOERR	*err;

	if (!db->in_tx || db->conn == NULL)
		return nerr_raise(ERR_DB, "commit outside a transaction");
	db->in_tx = false;
	err = tx_command(db, "COMMIT");
	if (err == STATUS_OK &&
	    PQtransactionStatus(db->conn) != PQTRANS_IDLE)
		err = nerr_raise(ERR_DB, "commit left the transaction open");
	/* the mail it queued: the mailer hears of it now */
	if (err == STATUS_OK && db->wake_)
		outbox_queued(db);
	db->wake_ = false;
	/* committed, or not known: the caches forget what may have changed */
	booked_fire(db);
	return nerr_pass(err);
}

void
db_rollback(struct db *db)
{
	NEOERR	*err;

	db->in_tx = false;
	db->wake_ = false;
	db->nbooked_ = 0;
	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK ||
	    PQtransactionStatus(db->conn) == PQTRANS_IDLE)
		return;
	if ((err = tx_command(db, "ROLLBACK")) != STATUS_OK)
		log_nerr(__func__, "rollback failed", &err);
}

bool
db_reset_request(struct db *db)
{
	PGTransactionStatusType	 ts;

	if (db == NULL || db->conn == NULL)
		return true;
	ts = PQtransactionStatus(db->conn);
	if (ts == PQTRANS_IDLE || ts == PQTRANS_UNKNOWN) {
		db->in_tx = false;
		return true;
	}
	log_err("request left a transaction open (status %d); rolling back",
	    (int)ts);
	db->in_tx = true;
	db_rollback(db);
	return false;
}

bool
db_ping(struct db *db)
{
	PGresult	*r = NULL;
	NEOERR		*err;
	bool		 ok;

	err = db_exec(db, STMT_PING, 0, NULL, &r);
	ok = err == STATUS_OK && PQntuples(r) == 1;
	nerr_ignore(&err);
	PQclear(r);
	return ok;
}

const char *
db_str(const PGresult *r, int row, int col)
{
	return PQgetvalue(r, row, col);
}

bool
db_null(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) != 0;
}

long long
db_int(const PGresult *r, int row, int col)
{
	return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

double
db_double(const PGresult *r, int row, int col)
{
	return strtod(PQgetvalue(r, row, col), NULL);
}

bool
db_bool(const PGresult *r, int row, int col)
{
	return PQgetvalue(r, row, col)[0] == 't';
}

struct db_rows *
db_rows_copy(const PGresult *res, size_t *bytes)
{
	struct db_rows	*rs;
	size_t		 n, head, text = 0, len, i;
	char		*p;
	int		 nrows = PQntuples(res), ncols = PQnfields(res), row, col;

	n = (size_t)nrows * (size_t)ncols;
	for (row = 0; row < nrows; row++)
		for (col = 0; col < ncols; col++)
			text += (size_t)PQgetlength(res, row, col) + 1;
	head = sizeof *rs + n * sizeof rs->v[0];
	if ((rs = malloc(head + text)) == NULL)
		return NULL;
	rs->nrows = nrows;
	rs->ncols = ncols;
	p = (char *)rs + head;
	for (i = 0, row = 0; row < nrows; row++)
		for (col = 0; col < ncols; col++, i++) {
			len = (size_t)PQgetlength(res, row, col);
			memcpy(p, PQgetvalue(res, row, col), len);
			p[len] = '\0';
			rs->v[i] = p;
			p += len + 1;
		}
	*bytes = head + text;
	return rs;
}

struct db_rows *
db_rows_pack(const struct db_rows *src, void *dst, size_t *bytes)
{
	struct db_rows	*rs = dst;
	size_t		 n, head, text = 0, len, i;
	char		*p;

	n = (size_t)src->nrows * (size_t)src->ncols;
	for (i = 0; i < n; i++)
		text += strlen(src->v[i]) + 1;
	head = sizeof *rs + n * sizeof rs->v[0];
	*bytes = head + text;
	if (rs == NULL)
		return NULL;
	rs->nrows = src->nrows;
	rs->ncols = src->ncols;
	p = (char *)rs + head;
	for (i = 0; i < n; i++) {
		len = strlen(src->v[i]) + 1;
		memcpy(p, src->v[i], len);
		rs->v[i] = p;
		p += len;
	}
	return rs;
}
