/* outbox.c: mails are queued in the transaction that causes them (DESIGN §6). */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The host of base_url, for Message-IDs: "https://a.example:8443" → "a.example". */
static void
domain_of(const char *base_url, char *out, size_t sz)
{
	const char	*p = strstr(base_url, "://");
	size_t		 n;

	p = p != NULL ? p + 3 : base_url;
	n = strcspn(p, ":/");
	if (n == 0 || n >= sz) {
		snprintf(out, sz, "stolik.invalid");
		return;
	}
	memcpy(out, p, n);
	out[n] = '\0';
}

NEOERR *
outbox_add(struct db *db, const char *kind, int64_t reservation_id,
    const char *to, const char *dedupe, json_t *payload, const char *base_url)
{
	PGresult	*res = NULL;
	NEOERR		*err;
	char		 rid[24], domain[256], *body;
	const char	*p[6];

	if (payload == NULL)
		return nerr_raise(NERR_NOMEM, "outbox payload");
	body = json_dumps(payload, JSON_COMPACT);
	json_decref(payload);
	if (body == NULL)
		return nerr_raise(NERR_NOMEM, "outbox payload");
	snprintf(rid, sizeof rid, "%lld", (long long)reservation_id);
	domain_of(base_url, domain, sizeof domain);
	p[0] = kind;
	p[1] = reservation_id > 0 ? rid : NULL;
	p[2] = to;
	p[3] = dedupe;
	p[4] = body;
	p[5] = domain;
	err = db_exec(db, STMT_OUTBOX_INSERT, 6, p, &res);
	PQclear(res);
	free(body);
	return nerr_pass(err);
}
