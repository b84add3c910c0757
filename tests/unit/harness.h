/* harness.h: what the unit tests of fcgi/ share: requests in memory, a test app. */
#ifndef STOLIK_HARNESS_H
#define STOLIK_HARNESS_H

#include "app.h"

/* A request whose environment, body and answer live in memory. */
struct memio {
	struct io	 io;
	char		*env[64];
	int		 nenv;
	const char	*in;
	size_t		 inlen;
	size_t		 inoff;
	STRING		 out;
};

/* env: "NAME=value" strings ending with NULL; body may be NULL. */
void	 memio_init(struct memio *, const char *const *env, const char *body,
	    size_t bodylen);
void	 memio_free(struct memio *);

/*
 * An app with configuration from TEST_SRCDIR (templates, static) and the
 * given extra HDF text; with_db opens $STOLIK_TEST_PGDSN, else no database.
 */
void	 test_app_init(struct app *, const char *extra_conf);
void	 test_app_free(struct app *);

/* Serve one request through route_serve; the raw answer is m->out. */
const char *test_serve(struct app *, struct memio *m);
/* The status code of a raw answer. */
int	 answer_status(const char *raw);
/* The body of a raw answer (after the blank line). */
const char *answer_body(const char *raw);
/* A header's value in a raw answer, copied into buf; NULL if absent. */
const char *answer_header(const char *raw, const char *name, char *buf,
	    size_t sz);

#endif
