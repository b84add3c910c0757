/* idem.c: Idempotency-Key on API POSTs: the same caller, key and body get the same answer. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

/*
 * Whom the key belongs to: the credential the request presents (the manage
 * token of ?t= or X-Manage-Token, an API key, or the signed-in user), or
 * with none at all the client's address. Only a keyed hash of it is kept,
 * so the table names no token.
 */
static void
idem_scope(struct req *r, char out[80])
{
	const char	*t, *auth, *ip;
	char		 h[67];
	STRING		 s;

	t = req_field(r, "t");
	if (t == NULL)
		t = req_header(r, "HTTP_X_MANAGE_TOKEN");
	auth = req_header(r, "HTTP_AUTHORIZATION");
	ip = req_header(r, "REMOTE_ADDR");
	string_init(&s);
	string_appendf(&s, "idem-scope\nt=%s\n", t != NULL ? t : "");
	if (r->scopes != NULL && auth != NULL)
		string_appendf(&s, "key=%s\n", auth);	/* this key, not its owner */
	else if (r->user_id != 0)
		string_appendf(&s, "user=%lld\n", (long long)r->user_id);
	else if (t == NULL)
		string_appendf(&s, "ip=%s\n", ip != NULL ? ip : "-");
	sec_token_hash_hex(s.buf != NULL ? s.buf : "", h);
	if (s.buf != NULL)
		sodium_memzero(s.buf, (size_t)s.len);
	string_clear(&s);
	snprintf(out, 80, "c:%s", h + 2);
}

/*
 * A kept answer holds no secret: its "token" is emptied and its
 * "manage_url" loses the token at its end. *changed false if there was
 * none (body stays as it is); else *out is the new text.
 */
static NEOERR *
strip_token(const char *body, const char *token, char **out, bool *changed)
{
	json_t		*o, *u;
	const char	*url;
	size_t		 ul, tl = strlen(token);
	char		*cut;

	*out = NULL;
	*changed = false;
	if (tl == 0 || strstr(body, token) == NULL)
		return STATUS_OK;
	if ((o = json_loads(body, 0, NULL)) == NULL || !json_is_object(o)) {
		json_decref(o);
		return nerr_raise(NERR_ASSERT, "an answer with a token is not JSON");
	}
	if (json_object_get(o, "token") != NULL)
		json_object_set_new(o, "token", json_string(""));
	u = json_object_get(o, "manage_url");
	if ((url = json_string_value(u)) != NULL && (ul = strlen(url)) >= tl &&
	    strcmp(url + ul - tl, token) == 0) {
		if ((cut = strndup(url, ul - tl)) == NULL) {
			json_decref(o);
			return nerr_raise(NERR_NOMEM, "manage_url");
		}
		json_object_set_new(o, "manage_url", json_string(cut));
		free(cut);
	}
	*out = json_dumps(o, JSON_COMPACT | JSON_ESCAPE_SLASH);
	json_decref(o);
	if (*out == NULL)
		return nerr_raise(NERR_NOMEM, "json_dumps");
	if (strstr(*out, token) != NULL) {
		/* somewhere else too: keep nothing rather than the token */
		free(*out);
		*out = NULL;
		return nerr_raise(NERR_ASSERT, "a kept answer would hold a token");
	}
	*changed = true;
	return STATUS_OK;
}

/*
 * The kept answer kept into out, its token put back from the sealed copy
 * (the caller's scope matched, so it is the caller's own credential). An
 * answer whose seal does not open goes out without the token.
 */
static NEOERR *
replay_body(STRING *out, const char *kept, const char *sealed)
{
	json_t		*o;
	const char	*url;
	char		*tok, *s, *full;
	NEOERR		*err;
	size_t		 ul;

	if (sealed == NULL || *sealed == '\0' || (tok = sec_open(sealed)) == NULL)
		return nerr_pass(string_append(out, kept));
	if ((o = json_loads(kept, 0, NULL)) == NULL) {
		sodium_memzero(tok, strlen(tok));
		free(tok);
		return nerr_pass(string_append(out, kept));
	}
	if (json_object_get(o, "token") != NULL)
		json_object_set_new(o, "token", json_string(tok));
	if ((url = json_string_value(json_object_get(o, "manage_url"))) != NULL &&
	    (ul = strlen(url)) >= 3 && strcmp(url + ul - 3, "?t=") == 0 &&
	    (full = malloc(ul + strlen(tok) + 1)) != NULL) {
		memcpy(full, url, ul);
		memcpy(full + ul, tok, strlen(tok) + 1);
		json_object_set_new(o, "manage_url", json_string(full));
		free(full);
	}
	sodium_memzero(tok, strlen(tok));
	free(tok);
	/* as json_send writes it, so a replay is the first answer's bytes */
	s = json_dumps(o, JSON_COMPACT | JSON_ESCAPE_SLASH);
	json_decref(o);
	if (s == NULL)
		return nerr_raise(NERR_NOMEM, "json_dumps");
	if ((err = string_append(out, s)) == STATUS_OK)
		err = string_append_char(out, '\n');
	free(s);
	return nerr_pass(err);
}

NEOERR *
idem_begin(struct req *r, struct resp *w, struct idem *id, bool *replayed)
{
	const char	*key, *p[4];
	PGresult	*res = NULL;
	NEOERR		*err;
	STRING		 s;

	*replayed = false;
	memset(id, 0, sizeof *id);
	if ((key = req_header(r, "HTTP_IDEMPOTENCY_KEY")) == NULL)
		return STATUS_OK;
	if (*key == '\0' || strlen(key) >= sizeof id->key ||
	    !utf8_valid(key, strlen(key))) {
		*replayed = true;
		return nerr_pass(json_problem(r, w, 400,
		    "Idempotency-Key must be 1 to 255 characters.", NULL));
	}
	idem_scope(r, id->scope);
	snprintf(id->key, sizeof id->key, "%s", key);
	string_init(&s);
	string_appendf(&s, "%s %s\n", r->method_name, r->path);
	if (r->body != NULL)
		string_appendn(&s, r->body, (int)r->bodylen);
	sec_digest_hex(s.buf != NULL ? s.buf : "", (size_t)s.len, id->hash);
	string_clear(&s);
	id->on = true;
	p[0] = id->scope;
	p[1] = id->key;
	p[2] = id->hash;
	/* a concurrent twin waits here until the first one commits */
	if ((err = db_exec(r->app->db, STMT_IDEM_CLAIM, 3, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(res) == 1) {
		PQclear(res);
		return STATUS_OK;	/* the first call with this key */
	}
	PQclear(res);
	if ((err = db_exec(r->app->db, STMT_IDEM_GET, 2, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	*replayed = true;
	id->on = false;
	if (PQntuples(res) != 1 || db_null(res, 0, 1)) {
		PQclear(res);
		return nerr_pass(json_problem(r, w, 409,
		    "A request with this Idempotency-Key is still in progress.",
		    NULL));
	}
	if (strcmp(db_str(res, 0, 0), id->hash) != 0) {
		PQclear(res);
		return nerr_pass(json_problem(r, w, 422,
		    "This Idempotency-Key was used with a different request.",
		    NULL));
	}
	string_clear(&w->body);
	string_init(&w->body);
	err = replay_body(&w->body, db_str(res, 0, 2), db_null(res, 0, 3) ?
	    NULL : db_str(res, 0, 3));
	w->status = (int)db_int(res, 0, 1);
	w->ctype = w->status >= 400 ? "application/problem+json" :
	    "application/json";
	w->cache = "no-store";
	resp_header(w, "Idempotent-Replayed", "true");
	PQclear(res);
	return nerr_pass(err);
}

NEOERR *
idem_finish(struct req *r, struct resp *w, struct idem *id, const char *token)
{
	char		 st[16], *stripped = NULL, *sealed = NULL;
	const char	*p[5];
	bool		 changed;
	NEOERR		*err;

	if (!id->on)
		return STATUS_OK;
	if ((err = strip_token(w->body.buf != NULL ? w->body.buf : "",
	    token != NULL ? token : "", &stripped, &changed)) != STATUS_OK)
		return nerr_pass(err);
	if (changed && (sealed = sec_seal(token)) == NULL) {
		free(stripped);
		return nerr_raise(NERR_NOMEM, "seal");
	}
	snprintf(st, sizeof st, "%d", w->status);
	p[0] = id->scope;
	p[1] = id->key;
	p[2] = st;
	p[3] = changed ? stripped : w->body.buf != NULL ? w->body.buf : "";
	p[4] = sealed;
	err = db_exec(r->app->db, STMT_IDEM_STORE, 5, p, NULL);
	free(stripped);
	free(sealed);
	return nerr_pass(err);
}
