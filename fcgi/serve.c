/* serve.c: one request from start to end: parse, route, answer, count. */
#include "app.h"

#include <string.h>
#include <time.h>

void
serve_request(struct app *a, struct io *io)
{
	struct req	 r;
	struct resp	 w;
	struct timespec	 t0, t1;
	NEOERR		*err, *err2;
	unsigned long	 db_failed = 0, reconnects;
	static unsigned long last_reconnects;
	int		 status, code;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	resp_init(&w);
	if (a->setups != NULL)
		setup_cache_sync(a->setups, a->db);
	err = req_init(&r, a, io, &status);
#ifdef STOLIK_TEST_HOOKS
	{
		const char *k = err == STATUS_OK ?
		    req_header(&r, "HTTP_X_STOLIK_TEST_BOOKED") : NULL;

		a->booked_quiet = k != NULL && strcmp(k, "keep") == 0;
	}
#endif
	if (err == STATUS_OK && status != 0)
		err = resp_error(&r, &w, status);
	else if (err == STATUS_OK)
		err = route_dispatch(&r, &w);
	if (err != STATUS_OK) {
		/* down, or a deadlock that kept coming back: try again later */
		code = nerr_match(err, ERR_DB_DOWN) ||
		    nerr_match(err, ERR_DB_RETRY) ? 503 : 500;
		db_failed = nerr_match(err, ERR_DB_DOWN) ||
		    nerr_match(err, ERR_DB_RETRY) || nerr_match(err, ERR_DB);
		log_nerr(__func__, nerr_match(err, ERR_DB_RETRY) ?
		    "database conflict" : code == 503 ? "database unavailable" :
		    "request failed", &err);
		/* rendering in a transaction that failed would fail too */
		db_reset_request(a->db);
		resp_reset(&w);
		if ((err2 = resp_error(&r, &w, code)) != STATUS_OK) {
			log_nerr(__func__, "error page failed", &err2);
			resp_reset(&w);
			w.status = code;
			w.ctype = "text/plain; charset=utf-8";
			string_append(&w.body, http_reason(code));
			string_append(&w.body, "\n");
		}
	}
	/* the client's next reads wait for this write on the replica */
	readdb_mark(&r, &w);
	if ((err = resp_send(&w, &r)) != STATUS_OK)
		log_nerr(__func__, "sending the response failed", &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	metrics_record(route_id(r.route), r.method_name, r.path, w.status,
	    (uint64_t)((t1.tv_sec - t0.tv_sec) * 1000000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000), (size_t)w.body.len);
	reconnects = a->db != NULL ? a->db->reconnects : 0;
	metrics_db(db_failed, reconnects - last_reconnects);
	last_reconnects = reconnects;
	req_drain(&r);
	db_reset_request(a->db);
	db_reset_request(a->rdb);
	req_free(&r);
	resp_free(&w);
	a->booked_quiet = false;
}
