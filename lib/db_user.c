/* db_user.c: user rows for the admin tool (accounts come with the Accounts issue). */
#include "stolik.h"

#include <string.h>

#include <sodium.h>

NEOERR *
db_user_insert(struct db *db, const char *email, const char *name,
    const char *role, const char *password, bool *created)
{
	char		 hash[128];
	const char	*p[4];
	PGresult	*res = NULL;
	NEOERR		*err;

	*created = false;
	if (password != NULL && !sec_password_hash(password, hash))
		return nerr_raise(NERR_NOMEM, "password hash");
	p[0] = email;
	p[1] = name;
	p[2] = role;
	p[3] = password != NULL ? hash : NULL;
	err = db_exec(db, STMT_USER_INSERT, 4, p, &res);
	if (err == STATUS_OK)
		*created = PQntuples(res) == 1;
	PQclear(res);
	sodium_memzero(hash, sizeof hash);
	return nerr_pass(err);
}

NEOERR *
db_user_set_password(struct db *db, const char *email, const char *password,
    bool *found)
{
	char		 hash[128];
	const char	*p[2];
	PGresult	*res = NULL;
	NEOERR		*err;

	*found = false;
	if (!sec_password_hash(password, hash))
		return nerr_raise(NERR_NOMEM, "password hash");
	p[0] = email;
	p[1] = hash;
	err = db_exec(db, STMT_USER_SET_PASSWORD, 2, p, &res);
	if (err == STATUS_OK)
		*found = PQntuples(res) == 1;
	PQclear(res);
	sodium_memzero(hash, sizeof hash);
	return nerr_pass(err);
}
