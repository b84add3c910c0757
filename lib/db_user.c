/* db_user.c: accounts, login sessions, one-time links, API credentials, audit rows. */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

/* ------------------------------------------------------------------ */
/* helpers                                                              */
/* ------------------------------------------------------------------ */

static void
num(char buf[24], long long v)
{
	snprintf(buf, 24, "%lld", v);
}

enum role
role_parse(const char *s)
{
	if (s == NULL)
		return ROLE_NONE;
	if (strcmp(s, "admin") == 0)
		return ROLE_ADMIN;
	if (strcmp(s, "owner") == 0)
		return ROLE_OWNER;
	if (strcmp(s, "diner") == 0)
		return ROLE_DINER;
	return ROLE_NONE;
}

const char *
role_name(enum role r)
{
	switch (r) {
	case ROLE_ADMIN:
		return "admin";
	case ROLE_OWNER:
		return "owner";
	case ROLE_DINER:
		return "diner";
	default:
		return "";
	}
}

/* ------------------------------------------------------------------ */
/* users                                                                */
/* ------------------------------------------------------------------ */

NEOERR *
db_user_get(struct db *db, int64_t id, const char *email, struct user **out)
{
	struct user	*u;
	PGresult	*res = NULL;
	NEOERR		*err;
	char		 ids[24];
	const char	*p[1];

	*out = NULL;
	num(ids, id);
	p[0] = email != NULL ? email : ids;
	err = db_exec(db, email != NULL ? STMT_USER_GET_BY_EMAIL : STMT_USER_GET,
	    1, p, &res);
	if (err != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) != 1) {
		PQclear(res);
		return STATUS_OK;
	}
	if ((u = calloc(1, sizeof *u)) == NULL) {
		PQclear(res);
		return nerr_raise(NERR_NOMEM, "user");
	}
	u->res_ = res;
	u->id = db_int(res, 0, 0);
	u->email = db_str(res, 0, 1);
	u->name = db_str(res, 0, 2);
	u->phone = db_str(res, 0, 3);
	u->role = role_parse(db_str(res, 0, 4));
	u->password_hash = db_str(res, 0, 5);
	u->verified = db_bool(res, 0, 6);
	u->disabled = db_bool(res, 0, 7);
	u->password_changed = db_int(res, 0, 8);
	*out = u;
	return STATUS_OK;
}

void
db_user_free(struct user *u)
{
	if (u == NULL)
		return;
	PQclear(u->res_);
	free(u);
}

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
db_user_create(struct db *db, const char *email, const char *name,
    const char *hash, int64_t *id)
{
	const char	*p[3] = { email, name, hash };
	PGresult	*res = NULL;
	NEOERR		*err;

	*id = 0;
	err = db_exec(db, STMT_USER_CREATE, 3, p, &res);
	if (err == STATUS_OK && PQntuples(res) == 1)
		*id = db_int(res, 0, 0);
	PQclear(res);
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

NEOERR *
db_user_set_hash(struct db *db, int64_t id, const char *hash, bool changed)
{
	char		 ids[24];
	const char	*p[3];

	num(ids, id);
	p[0] = ids;
	p[1] = hash;
	p[2] = changed ? "true" : "false";
	return nerr_pass(db_exec(db, STMT_USER_SET_HASH, 3, p, NULL));
}

NEOERR *
db_user_verify(struct db *db, int64_t id)
{
	char		 ids[24];
	const char	*p[1] = { ids };

	num(ids, id);
	return nerr_pass(db_exec(db, STMT_USER_VERIFY, 1, p, NULL));
}

NEOERR *
db_user_set_email(struct db *db, int64_t id, const char *email, bool *taken)
{
	char		 ids[24];
	const char	*p[2] = { ids, email };
	PGresult	*res = NULL;
	enum db_conflict c;
	NEOERR		*err;

	num(ids, id);
	err = db_try(db, STMT_USER_SET_EMAIL, 2, p, &res, &c);
	PQclear(res);
	*taken = c == DB_UNIQUE;
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* sessions                                                             */
/* ------------------------------------------------------------------ */

NEOERR *
db_session_create(struct db *db, int64_t user_id, const char *ip,
    const char *user_agent, int64_t now, int max_hours, char token[SEC_TOKEN_B64])
{
	unsigned char	 secret[32];
	char		 hash[67], csrf[67], uid[24], nows[24], hours[16];
	const char	*p[7];

	sec_token(token);
	sec_token_hash_hex(token, hash);
	randombytes_buf(secret, sizeof secret);
	csrf[0] = '\\';
	csrf[1] = 'x';
	sodium_bin2hex(csrf + 2, 65, secret, sizeof secret);
	sodium_memzero(secret, sizeof secret);
	num(uid, user_id);
	num(nows, now);
	snprintf(hours, sizeof hours, "%d", max_hours);
	p[0] = hash;
	p[1] = uid;
	p[2] = csrf;
	p[3] = nows;
	p[4] = hours;
	p[5] = ip;
	p[6] = user_agent != NULL ? user_agent : "";
	return nerr_pass(db_exec(db, STMT_SESSION_CREATE, 7, p, NULL));
}

NEOERR *
db_session_get(struct db *db, const char *token, int64_t now, int idle_minutes,
    struct session **out)
{
	struct session	*s;
	PGresult	*res = NULL;
	NEOERR		*err;
	char		 hash[67], nows[24], idle[16];
	const char	*p[3];

	*out = NULL;
	sec_token_hash_hex(token, hash);
	num(nows, now);
	snprintf(idle, sizeof idle, "%d", idle_minutes);
	p[0] = hash;
	p[1] = nows;
	p[2] = idle;
	if ((err = db_exec(db, STMT_SESSION_GET, 3, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) != 1) {
		PQclear(res);
		return STATUS_OK;
	}
	/* a write at most once a minute keeps idle expiry honest and cheap */
	if (db_bool(res, 0, 6) &&
	    (err = db_exec(db, STMT_SESSION_TOUCH, 2, p, NULL)) != STATUS_OK) {
		PQclear(res);
		return nerr_pass(err);
	}
	if ((s = calloc(1, sizeof *s)) == NULL) {
		PQclear(res);
		return nerr_raise(NERR_NOMEM, "session");
	}
	s->res_ = res;
	s->user_id = db_int(res, 0, 0);
	s->role = role_parse(db_str(res, 0, 1));
	s->email = db_str(res, 0, 2);
	s->name = db_str(res, 0, 3);
	s->verified = db_bool(res, 0, 4);
	s->csrf = db_str(res, 0, 5);
	s->language = PQgetisnull(res, 0, 7) ? NULL : db_str(res, 0, 7);
	*out = s;
	return STATUS_OK;
}

void
db_session_free(struct session *s)
{
	if (s == NULL)
		return;
	PQclear(s->res_);
	free(s);
}

NEOERR *
db_session_delete(struct db *db, const char *token)
{
	char		 hash[67];
	const char	*p[1] = { hash };

	sec_token_hash_hex(token, hash);
	return nerr_pass(db_exec(db, STMT_SESSION_DELETE, 1, p, NULL));
}

NEOERR *
db_session_delete_user(struct db *db, int64_t user_id, const char *keep)
{
	char		 uid[24], hash[67];
	const char	*p[2];

	num(uid, user_id);
	p[0] = uid;
	p[1] = NULL;
	if (keep != NULL) {
		sec_token_hash_hex(keep, hash);
		p[1] = hash;
	}
	return nerr_pass(db_exec(db, STMT_SESSION_DELETE_USER, 2, p, NULL));
}

/* ------------------------------------------------------------------ */
/* one-time email links                                                 */
/* ------------------------------------------------------------------ */

NEOERR *
db_email_token_create(struct db *db, int64_t user_id, const char *purpose,
    const char *new_email, int minutes, char token[SEC_TOKEN_B64])
{
	char		 hash[67], uid[24], mins[16];
	const char	*p[5];

	sec_token(token);
	sec_token_hash_hex(token, hash);
	num(uid, user_id);
	snprintf(mins, sizeof mins, "%d", minutes);
	p[0] = hash;
	p[1] = uid;
	p[2] = purpose;
	p[3] = new_email;
	p[4] = mins;
	return nerr_pass(db_exec(db, STMT_EMAIL_TOKEN_CREATE, 5, p, NULL));
}

NEOERR *
db_email_token_use(struct db *db, const char *token, const char *purpose,
    int64_t *user_id, char **new_email)
{
	char		 hash[67];
	const char	*p[2] = { hash, purpose };
	PGresult	*res = NULL;
	NEOERR		*err;

	*user_id = 0;
	if (new_email != NULL)
		*new_email = NULL;
	sec_token_hash_hex(token, hash);
	if ((err = db_exec(db, STMT_EMAIL_TOKEN_USE, 2, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) == 1) {
		*user_id = db_int(res, 0, 0);
		if (new_email != NULL && (*new_email = strdup(db_str(res, 0, 1))) ==
		    NULL) {
			PQclear(res);
			return nerr_raise(NERR_NOMEM, "email");
		}
	}
	PQclear(res);
	return STATUS_OK;
}

NEOERR *
db_email_token_peek(struct db *db, const char *token, const char *purpose,
    bool *ok)
{
	char		 hash[67];
	const char	*p[2] = { hash, purpose };
	PGresult	*res = NULL;
	NEOERR		*err;

	sec_token_hash_hex(token, hash);
	err = db_exec(db, STMT_EMAIL_TOKEN_PEEK, 2, p, &res);
	*ok = err == STATUS_OK && PQntuples(res) == 1;
	PQclear(res);
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* sign-in attempts                                                     */
/* ------------------------------------------------------------------ */

NEOERR *
db_login_record(struct db *db, const char *email, const char *ip, bool success,
    int64_t now)
{
	char		 nows[24];
	const char	*p[4];

	num(nows, now);
	p[0] = email;
	p[1] = ip;
	p[2] = success ? "true" : "false";
	p[3] = nows;
	return nerr_pass(db_exec(db, STMT_LOGIN_RECORD, 4, p, NULL));
}

NEOERR *
db_login_failures(struct db *db, const char *email, const char *ip, int64_t now,
    int minutes, long long *by_email, long long *by_ip)
{
	char		 nows[24], mins[16];
	const char	*p[4];
	PGresult	*res = NULL;
	NEOERR		*err;

	*by_email = *by_ip = 0;
	num(nows, now);
	snprintf(mins, sizeof mins, "%d", minutes);
	p[0] = email;
	p[1] = ip;
	p[2] = nows;
	p[3] = mins;
	if ((err = db_exec(db, STMT_LOGIN_FAILURES, 4, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) == 1) {
		*by_email = db_int(res, 0, 0);
		*by_ip = db_int(res, 0, 1);
	}
	PQclear(res);
	return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* API refresh tokens and keys                                          */
/* ------------------------------------------------------------------ */

NEOERR *
db_refresh_issue(struct db *db, int64_t user_id, const char *family, int days,
    char token[SEC_TOKEN_B64])
{
	char		 hash[67], uid[24], d[16];
	const char	*p[4];

	sec_token(token);
	sec_token_hash_hex(token, hash);
	num(uid, user_id);
	snprintf(d, sizeof d, "%d", days);
	p[0] = hash;
	p[1] = uid;
	p[2] = family;
	p[3] = d;
	return nerr_pass(db_exec(db, STMT_REFRESH_ISSUE, 4, p, NULL));
}

NEOERR *
db_refresh_revoke_user(struct db *db, int64_t user_id)
{
	char		 id[24];
	const char	*p[1];

	snprintf(id, sizeof id, "%lld", (long long)user_id);
	p[0] = id;
	return nerr_pass(db_exec(db, STMT_REFRESH_REVOKE_USER, 1, p, NULL));
}

NEOERR *
db_refresh_use(struct db *db, const char *token, int64_t *user_id,
    char family[40], enum refresh_result *res)
{
	char		 hash[67];
	const char	*p[1] = { hash };
	PGresult	*r = NULL;
	NEOERR		*err;

	*user_id = 0;
	*res = REFRESH_UNKNOWN;
	family[0] = '\0';
	sec_token_hash_hex(token, hash);
	if ((err = db_exec(db, STMT_REFRESH_USE, 1, p, &r)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(r) == 1) {
		*user_id = db_int(r, 0, 0);
		snprintf(family, 40, "%s", db_str(r, 0, 1));
		*res = REFRESH_OK;
		PQclear(r);
		return STATUS_OK;
	}
	PQclear(r);
	/* a token used before is a stolen or replayed one: end its family */
	if ((err = db_exec(db, STMT_REFRESH_LOOKUP, 1, p, &r)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(r) == 1 && db_bool(r, 0, 1)) {
		snprintf(family, 40, "%s", db_str(r, 0, 0));
		*user_id = db_int(r, 0, 2);
		*res = REFRESH_REUSED;
		p[0] = family;
		err = db_exec(db, STMT_REFRESH_REVOKE_FAMILY, 1, p, NULL);
	}
	PQclear(r);
	return nerr_pass(err);
}

NEOERR *
db_api_key_create(struct db *db, int64_t owner, const char *name,
    const char *scopes, char key[64], int64_t *id)
{
	char		 prefix[12], tok[SEC_TOKEN_B64], hash[67], uid[24];
	const char	*p[5];
	PGresult	*res = NULL;
	NEOERR		*err;

	*id = 0;
	sec_code(prefix, 8);
	sec_token(tok);
	snprintf(key, 64, "sk_%s_%s", prefix, tok);
	sodium_memzero(tok, sizeof tok);
	sec_token_hash_hex(key, hash);
	num(uid, owner);
	p[0] = uid;
	p[1] = name;
	p[2] = prefix;
	p[3] = hash;
	p[4] = scopes;
	if ((err = db_exec(db, STMT_API_KEY_CREATE, 5, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) == 1)
		*id = db_int(res, 0, 0);
	PQclear(res);
	return STATUS_OK;
}

NEOERR *
db_api_key_get(struct db *db, const char *key, int64_t *owner, char scopes[256])
{
	char		 hash[67];
	const char	*p[1] = { hash };
	PGresult	*res = NULL;
	NEOERR		*err;

	*owner = 0;
	scopes[0] = '\0';
	sec_token_hash_hex(key, hash);
	if ((err = db_exec(db, STMT_API_KEY_GET, 1, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) == 1) {
		*owner = db_int(res, 0, 0);
		snprintf(scopes, 256, "%s", db_str(res, 0, 1));
	}
	PQclear(res);
	return STATUS_OK;
}

NEOERR *
db_api_key_revoke(struct db *db, int64_t owner, int64_t id, bool *done)
{
	char		 o[24], i[24];
	const char	*p[2] = { o, i };
	PGresult	*res = NULL;
	NEOERR		*err;

	num(o, owner);
	num(i, id);
	err = db_exec(db, STMT_API_KEY_REVOKE, 2, p, &res);
	*done = err == STATUS_OK && PQntuples(res) == 1;
	PQclear(res);
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* audit                                                                */
/* ------------------------------------------------------------------ */

NEOERR *
audit(struct db *db, int64_t actor, const char *action, const char *target,
    const char *ip, json_t *detail)
{
	char		 a[24], *d;
	const char	*p[5];
	json_t		*o = detail != NULL ? detail : json_object();
	NEOERR		*err;

	d = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	num(a, actor);
	p[0] = actor > 0 ? a : NULL;
	p[1] = action;
	p[2] = target != NULL ? target : "";
	p[3] = ip;
	p[4] = d != NULL ? d : "{}";
	err = db_exec(db, STMT_AUDIT_INSERT, 5, p, NULL);
	free(d);
	return nerr_pass(err);
}

NEOERR *
db_user_set_language(struct db *db, int64_t user_id, const char *lang)
{
	char		 uid[24];
	const char	*p[2];

	snprintf(uid, sizeof uid, "%lld", (long long)user_id);
	p[0] = uid;
	p[1] = lang;
	return nerr_pass(db_exec(db, STMT_USER_SET_LANGUAGE, 2, p, NULL));
}
