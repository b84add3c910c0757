/* migrate.c: forward-only numbered migrations, one transaction per file. */
#include "stolik.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Serialises concurrent stolik-migrate runs (an arbitrary constant). */
#define MIGRATE_LOCK	"7301746873"

struct migration {
	int	 version;
	char	 name[128];	/* file name */
	char	*sql;		/* contents */
	char	 sum[65];	/* hex BLAKE2b-256 of the contents */
};

/* True for NNNN_name.sql with name in [a-z0-9_]. */
static bool
migration_name(const char *f, int *version)
{
	size_t	 i, len = strlen(f);

	if (len < 10 || len >= 128 || strcmp(f + len - 4, ".sql") != 0)
		return false;
	for (i = 0; i < 4; i++)
		if (f[i] < '0' || f[i] > '9')
			return false;
	if (f[4] != '_')
		return false;
	for (i = 5; i < len - 4; i++)
		if (!((f[i] >= 'a' && f[i] <= 'z') || (f[i] >= '0' && f[i] <= '9') ||
		    f[i] == '_'))
			return false;
	*version = atoi(f);
	return *version > 0;
}

static int
by_version(const void *a, const void *b)
{
	return ((const struct migration *)a)->version -
	    ((const struct migration *)b)->version;
}

static void
migrations_free(struct migration *m, size_t n)
{
	size_t	 i;

	for (i = 0; m != NULL && i < n; i++)
		free(m[i].sql);
	free(m);
}

/* Read every migration file in dir, sorted by version. */
static NEOERR *
migrations_read(const char *dir, struct migration **out, size_t *nout)
{
	DIR			*d;
	struct dirent		*e;
	struct migration	*m = NULL, *tmp;
	size_t			 n = 0, i;
	char			 path[4096];
	NEOERR			*err = STATUS_OK;
	int			 v;

	*out = NULL;
	*nout = 0;
	if ((d = opendir(dir)) == NULL)
		return nerr_raise_errno(ERR_CONFIG, "opening migrations in %s", dir);
	while (err == STATUS_OK && (e = readdir(d)) != NULL) {
		if (!migration_name(e->d_name, &v))
			continue;
		if ((tmp = realloc(m, (n + 1) * sizeof *m)) == NULL) {
			err = nerr_raise(NERR_NOMEM, "migrations");
			break;
		}
		m = tmp;
		memset(&m[n], 0, sizeof m[n]);
		m[n].version = v;
		snprintf(m[n].name, sizeof m[n].name, "%s", e->d_name);
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		n++;
		if ((err = ne_load_file(path, &m[n - 1].sql)) != STATUS_OK)
			break;
		sec_digest_hex(m[n - 1].sql, strlen(m[n - 1].sql), m[n - 1].sum);
	}
	closedir(d);
	if (err != STATUS_OK) {
		migrations_free(m, n);
		return nerr_pass(err);
	}
	qsort(m, n, sizeof *m, by_version);
	for (i = 1; i < n; i++)
		if (m[i].version == m[i - 1].version) {
			err = nerr_raise(ERR_CONFIG, "%s and %s share a number",
			    m[i - 1].name, m[i].name);
			migrations_free(m, n);
			return err;
		}
	*out = m;
	*nout = n;
	return STATUS_OK;
}

/* Apply one migration in its own transaction. */
static NEOERR *
apply(struct db *db, const struct migration *m)
{
	char		 ver[16];
	const char	*p[3];
	PGresult	*res = NULL;
	NEOERR		*err;

	snprintf(ver, sizeof ver, "%d", m->version);
	p[0] = ver;
	p[1] = m->name;
	p[2] = m->sum;
	if ((err = db_begin(db)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = db_exec_script(db, m->sql)) != STATUS_OK) {
		err = nerr_pass_ctx(err, "applying %s", m->name);
		goto out;
	}
	if (PQtransactionStatus(db->conn) != PQTRANS_INTRANS) {
		err = nerr_raise(ERR_CONFIG, "%s ended the transaction itself; "
		    "migrations must not contain BEGIN, COMMIT or ROLLBACK",
		    m->name);
		goto out;
	}
	err = db_exec_sql(db, "INSERT INTO schema_migrations (version, name, "
	    "checksum) VALUES ($1::int, $2, $3)", 3, p, &res);
	PQclear(res);
	if (err == STATUS_OK)
		err = db_commit(db);
out:
	if (err != STATUS_OK)
		db_rollback(db);
	return nerr_pass(err);
}

NEOERR *
migrate_run(struct db *db, const char *dir, bool dry_run, int *applied)
{
	struct migration	*m = NULL;
	size_t			 n = 0, i;
	PGresult		*res = NULL, *lock = NULL;
	NEOERR			*err;
	const char		*lp[1] = { MIGRATE_LOCK };
	int			 row, rows, v;
	bool			 known;

	*applied = 0;
	if ((err = migrations_read(dir, &m, &n)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = db_exec_sql(db, "SELECT pg_advisory_lock($1::bigint)", 1, lp,
	    &lock)) != STATUS_OK)
		goto out;
	if ((err = db_exec_sql(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    " version integer PRIMARY KEY, name text NOT NULL,"
	    " checksum text NOT NULL,"
	    " applied_at timestamptz NOT NULL DEFAULT now())", 0, NULL,
	    &res)) != STATUS_OK)
		goto out;
	PQclear(res);
	if ((err = db_exec_sql(db, "SELECT version, name, checksum FROM "
	    "schema_migrations ORDER BY version", 0, NULL, &res)) != STATUS_OK)
		goto out;
	/* what is applied must still be there, unchanged */
	rows = PQntuples(res);
	for (row = 0; row < rows; row++) {
		v = (int)db_int(res, row, 0);
		for (known = false, i = 0; i < n && !known; i++) {
			if (m[i].version != v)
				continue;
			known = true;
			if (strcmp(m[i].sum, db_str(res, row, 2)) != 0) {
				err = nerr_raise(ERR_CONFIG, "%s changed after it "
				    "was applied; add a new migration instead",
				    m[i].name);
				goto out;
			}
		}
		if (!known) {
			err = nerr_raise(ERR_CONFIG, "applied migration %s is "
			    "missing from %s", db_str(res, row, 1), dir);
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		for (known = false, row = 0; row < rows && !known; row++)
			known = db_int(res, row, 0) == m[i].version;
		if (known)
			continue;
		log_info("%s %s", dry_run ? "would apply" : "applying", m[i].name);
		if (!dry_run && (err = apply(db, &m[i])) != STATUS_OK)
			goto out;
		(*applied)++;
	}
out:
	PQclear(res);
	PQclear(lock);
	migrations_free(m, n);
	return nerr_pass(err);
}
