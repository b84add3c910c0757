/* idem.c: Idempotency-Key on API POSTs: the same key and body get the same answer. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

NEOERR *
idem_begin(struct req *r, struct resp *w, struct idem *id, bool *replayed)
{
	const char	*key, *ip, *p[4];
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
	/* keys belong to a client: here its address (API keys come later) */
	ip = req_header(r, "REMOTE_ADDR");
	snprintf(id->scope, sizeof id->scope, "ip:%s", ip != NULL ? ip : "-");
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
	err = string_append(&w->body, db_str(res, 0, 2));
	w->status = (int)db_int(res, 0, 1);
	w->ctype = w->status >= 400 ? "application/problem+json" :
	    "application/json";
	w->cache = "no-store";
	resp_header(w, "Idempotent-Replayed", "true");
	PQclear(res);
	return nerr_pass(err);
}

NEOERR *
idem_finish(struct req *r, struct resp *w, struct idem *id)
{
	char		 st[16];
	const char	*p[4];
	NEOERR		*err;

	if (!id->on)
		return STATUS_OK;
	snprintf(st, sizeof st, "%d", w->status);
	p[0] = id->scope;
	p[1] = id->key;
	p[2] = st;
	p[3] = w->body.buf != NULL ? w->body.buf : "";
	err = db_exec(r->app->db, STMT_IDEM_STORE, 4, p, NULL);
	return nerr_pass(err);
}
