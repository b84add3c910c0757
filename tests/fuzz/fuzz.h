/* fuzz.h: what the libFuzzer targets share: an app without a database, requests from bytes. */
#ifndef STOLIK_FUZZ_H
#define STOLIK_FUZZ_H

#include "app.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int	 LLVMFuzzerInitialize(int *, char ***);
int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A request whose environment and body are in memory; answers go nowhere. */
struct fz_io {
	struct io	 io;
	char		*env[16];
	int		 nenv;
	const char	*in;
	size_t		 inlen;
	size_t		 inoff;
};

static inline int
fz_read(void *ctx, char *buf, int len)
{
	struct fz_io	*m = ctx;
	size_t		 n = m->inlen - m->inoff;

	if (n > (size_t)len)
		n = (size_t)len;
	memcpy(buf, m->in + m->inoff, n);
	m->inoff += n;
	return (int)n;
}

static inline int
fz_write(void *ctx, const char *buf, int len)
{
	return len;
}

/* Add NAME=value, value being len bytes (cut at a NUL, as FastCGI would). */
static inline void
fz_env(struct fz_io *m, const char *name, const char *v, size_t len)
{
	char	*s;
	size_t	 nl = strlen(name);

	if (m->nenv >= 15)
		abort();
	if (memchr(v, '\0', len) != NULL)
		len = strlen(v);
	if ((s = malloc(nl + len + 2)) == NULL)
		abort();
	memcpy(s, name, nl);
	s[nl] = '=';
	memcpy(s + nl + 1, v, len);
	s[nl + 1 + len] = '\0';
	m->env[m->nenv++] = s;
	m->env[m->nenv] = NULL;
}

static inline void
fz_env_s(struct fz_io *m, const char *name, const char *v)
{
	fz_env(m, name, v, strlen(v));
}

/* Ready the io: call after the last fz_env. */
static inline void
fz_io_ready(struct fz_io *m, const char *body, size_t len)
{
	m->in = body;
	m->inlen = len;
	m->inoff = 0;
	req_io_set_env(&m->io, m->env);
	m->io.read = fz_read;
	m->io.write = fz_write;
	m->io.ctx = m;
}

static inline void
fz_io_free(struct fz_io *m)
{
	int	 i;

	for (i = 0; i < m->nenv; i++)
		free(m->env[i]);
	m->nenv = 0;
	m->env[0] = NULL;
}

/* The app the request code needs: no database, no templates. */
static inline void
fz_app_init(struct app *a)
{
	memset(a, 0, sizeof *a);
	if (err_init() != STATUS_OK || !sec_init() || hdf_init(&a->conf) !=
	    STATUS_OK)
		abort();
	a->base_url = "http://stolik.test";
	a->max_body = 1 << 20;
	a->tmp_dir = getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp";
	a->session_idle_minutes = 60;
	a->session_max_hours = 24;
	req_global_init();
}

/* A fixed server key, for what signs and verifies. */
static inline void
fz_key_load(void)
{
	char	 path[] = "/tmp/stolik-fuzz-key.XXXXXX";
	FILE	*f;
	int	 fd;

	if ((fd = mkstemp(path)) < 0 || (f = fdopen(fd, "w")) == NULL)
		abort();
	fprintf(f, "Secret.Key = MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n");
	fclose(f);
	if (sec_load(path) != STATUS_OK)
		abort();
	unlink(path);
}

/*
 * req_init and req_read_body over m, as serve_request calls them; the
 * status they give (0: go on). A NEOERR is a finding: abort.
 */
static inline int
fz_request(struct app *a, struct fz_io *m, struct req *r, unsigned flags)
{
	NEOERR	*err;
	int	 status = 0;

	if ((err = req_init(r, a, &m->io, &status)) != STATUS_OK) {
		nerr_log_error(err);
		abort();
	}
	if (status != 0)
		return status;
	if ((err = req_read_body(r, flags, &status)) != STATUS_OK) {
		nerr_log_error(err);
		abort();
	}
	return status;
}

/* The next line of data (up to '\n'), advancing *p and *n. */
static inline const char *
fz_line(const uint8_t **p, size_t *n, size_t *len)
{
	const char	*s = (const char *)*p;
	const char	*nl = memchr(s, '\n', *n);

	*len = nl != NULL ? (size_t)(nl - s) : *n;
	*p += nl != NULL ? *len + 1 : *len;
	*n -= nl != NULL ? *len + 1 : *len;
	return s;
}

#endif
