/* harness.c: requests served from memory against a test app, for the unit tests. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <check.h>

static int
mem_read(void *ctx, char *buf, int len)
{
	struct memio	*m = ctx;
	size_t		 n = m->inlen - m->inoff;

	if (n > (size_t)len)
		n = (size_t)len;
	memcpy(buf, m->in + m->inoff, n);
	m->inoff += n;
	return (int)n;
}

static int
mem_write(void *ctx, const char *buf, int len)
{
	struct memio	*m = ctx;

	return string_appendn(&m->out, buf, len) == STATUS_OK ? len : -1;
}

void
memio_init(struct memio *m, const char *const *env, const char *body,
    size_t bodylen)
{
	memset(m, 0, sizeof *m);
	for (; env != NULL && *env != NULL && m->nenv < 63; env++)
		m->env[m->nenv++] = strdup(*env);
	m->env[m->nenv] = NULL;
	m->in = body != NULL ? body : "";
	m->inlen = body != NULL ? bodylen : 0;
	req_io_set_env(&m->io, m->env);
	m->io.read = mem_read;
	m->io.write = mem_write;
	m->io.ctx = m;
	string_init(&m->out);
}

void
memio_free(struct memio *m)
{
	int	 i;

	for (i = 0; i < m->nenv; i++)
		free(m->env[i]);
	string_clear(&m->out);
}

void
test_app_init(struct app *a, const char *extra)
{
	const char	*src = getenv("TEST_SRCDIR");
	char		 buf[4096];
	NEOERR		*err;

	ck_assert_ptr_nonnull(src);
	memset(a, 0, sizeof *a);
	ck_assert_ptr_null(err_init());
	ck_assert(sec_init());
	ck_assert_ptr_null(hdf_init(&a->conf));
	snprintf(buf, sizeof buf,
	    "App.BaseUrl = http://stolik.test\n"
	    "App.TemplateDir = %s/templates\n"
	    "App.StaticDir = %s/static\n"
	    "DB.Conninfo = %s\n%s\n", src, src,
	    getenv("STOLIK_TEST_PGDSN") != NULL ? getenv("STOLIK_TEST_PGDSN") :
	    "host=/nonexistent/socket dbname=none connect_timeout=1",
	    extra != NULL ? extra : "");
	ck_assert_ptr_null(hdf_read_string(a->conf, buf));
	a->base_url = "http://stolik.test";
	a->max_body = 1 << 20;
	a->tmp_dir = "/tmp";
	err = db_open(hdf_get_value(a->conf, "DB.Conninfo", ""),
	    getenv("STOLIK_TEST_PGDSN") != NULL &&
	    hdf_get_int_value(a->conf, "Test.Prepare", 0), &a->db);
	ck_assert_ptr_null(err);
	ck_assert_ptr_nonnull(a->setups = setup_cache_new(NULL));
	err = render_init(a);
	if (err != STATUS_OK)
		nerr_log_error(err);
	ck_assert_ptr_null(err);
	req_global_init();
}

void
test_app_free(struct app *a)
{
	render_free(a->render);
	setup_cache_free(a->setups);
	db_close(a->db);
	hdf_destroy(&a->conf);
}

const char *
test_serve(struct app *a, struct memio *m)
{
	serve_request(a, &m->io);
	return m->out.buf != NULL ? m->out.buf : "";
}

int
answer_status(const char *raw)
{
	if (strncmp(raw, "Status: ", 8) != 0)
		return -1;
	return atoi(raw + 8);
}

const char *
answer_body(const char *raw)
{
	const char	*p = strstr(raw, "\r\n\r\n");

	return p != NULL ? p + 4 : "";
}

const char *
answer_header(const char *raw, const char *name, char *buf, size_t sz)
{
	const char	*p = raw, *end = strstr(raw, "\r\n\r\n");
	size_t		 len = strlen(name), n;

	while (p != NULL && p < end) {
		if (strncasecmp(p, name, len) == 0 && p[len] == ':') {
			p += len + 1;
			while (*p == ' ')
				p++;
			n = strcspn(p, "\r\n");
			if (n >= sz)
				n = sz - 1;
			memcpy(buf, p, n);
			buf[n] = '\0';
			return buf;
		}
		p = strstr(p, "\r\n");
		if (p != NULL)
			p += 2;
	}
	return NULL;
}
