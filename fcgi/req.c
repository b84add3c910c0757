/* req.c: request parsing through ClearSilver's cgi kit, with the guards it lacks. */
#include "app.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <unistd.h>

#include <fcgiapp.h>

extern char **environ;

/*
 * ClearSilver's cgiwrap keeps one global set of I/O callbacks, so the
 * request being served is one global too: set in req_init, cleared in
 * req_free. Only one request is in a process at a time.
 */
static struct req	*wrap_req;

/* ------------------------------------------------------------------ */
/* io back ends                                                         */
/* ------------------------------------------------------------------ */

static int
fcgi_read(void *ctx, char *buf, int len)
{
	return FCGX_GetStr(buf, len, ((FCGX_Request *)ctx)->in);
}

static int
fcgi_write(void *ctx, const char *buf, int len)
{
	return FCGX_PutStr(buf, len, ((FCGX_Request *)ctx)->out) == len ? len : -1;
}

/*
 * Note the length of each variable's name: ClearSilver's cgi_init asks for
 * some forty variables, each a scan of the environment.
 */
void
req_io_set_env(struct io *io, char *const *envp)
{
	const char	*eq;
	size_t		 i;

	io->envp = envp;
	for (i = 0; io->envp != NULL && io->envp[i] != NULL &&
	    i < IO_ENV_INDEX; i++) {
		eq = strchr(io->envp[i], '=');
		io->keylen_[i] = eq != NULL && eq - io->envp[i] < 255 ?
		    (unsigned char)(eq - io->envp[i]) : 255;
	}
	io->nkeys_ = i;
}

void
req_io_fcgi(struct io *io, void *fcgx_request)
{
	FCGX_Request	*f = fcgx_request;

	req_io_set_env(io, f->envp);
	io->read = fcgi_read;
	io->write = fcgi_write;
	io->ctx = f;
}

static int
stdio_read(void *ctx, char *buf, int len)
{
	size_t	 n;

	n = fread(buf, 1, (size_t)len, stdin);
	return (int)n;
}

static int
stdio_write(void *ctx, const char *buf, int len)
{
	return fwrite(buf, 1, (size_t)len, stdout) == (size_t)len ? len : -1;
}

void
req_io_cgi(struct io *io)
{
	req_io_set_env(io, environ);
	io->read = stdio_read;
	io->write = stdio_write;
	io->ctx = NULL;
}

/* The value of NAME in the request's environment, or NULL. */
static const char *
env_get(const struct io *io, const char *name)
{
	char *const	*e = io->envp;
	size_t		 len = strlen(name), i;

	for (i = 0; e != NULL && e[i] != NULL; i++) {
		if (i < io->nkeys_ && io->keylen_[i] != 255) {
			if (io->keylen_[i] == len && memcmp(e[i], name, len) == 0)
				return e[i] + len + 1;
		} else if (strncmp(e[i], name, len) == 0 && e[i][len] == '=')
			return e[i] + len + 1;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* cgiwrap callbacks                                                    */
/* ------------------------------------------------------------------ */

/* cgi_parse reads the body we already buffered. */
static int
wrap_read(void *data, char *buf, int len)
{
	struct req	*r = wrap_req;
	size_t		 n;

	if (r == NULL || r->body == NULL)
		return 0;
	n = r->bodylen - r->bodyoff;
	if (n > (size_t)len)
		n = (size_t)len;
	memcpy(buf, r->body + r->bodyoff, n);
	r->bodyoff += n;
	return (int)n;
}

static int
wrap_writef(void *data, const char *fmt, va_list ap)
{
	char	 buf[1024];
	int	 n;

	if (wrap_req == NULL)
		return -1;
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	if (n < 0)
		return -1;
	if ((size_t)n >= sizeof buf)
		n = sizeof buf - 1;
	return wrap_req->io->write(wrap_req->io->ctx, buf, n) == n ? 0 : -1;
}

static int
wrap_write(void *data, const char *buf, int len)
{
	if (wrap_req == NULL)
		return -1;
	return wrap_req->io->write(wrap_req->io->ctx, buf, len);
}

/*
 * The variables cgi_init and cgi_parse are shown: those they read back
 * (the query string, cookies, a body's method, type and length). cgi_init
 * asks for some sixty and copies each it gets into the request's HDF as
 * CGI.* and HTTP.*, which nothing here reads (req_header reads the
 * environment itself): an HDF node, a copy and a lookup each, per request.
 */
static bool
cgi_wanted(const char *name)
{
	static const char *const wanted[] = { "QUERY_STRING", "HTTP_COOKIE",
	    "REQUEST_METHOD", "CONTENT_TYPE", "CONTENT_LENGTH", NULL };
	int	 i;

	for (i = 0; wanted[i] != NULL; i++)
		if (strcmp(name, wanted[i]) == 0)
			return true;
	return false;
}

/*
 * ClearSilver 0.10.5 only parses a form whose type is exactly
 * "application/x-www-form-urlencoded", so drop parameters such as
 * "; charset=UTF-8". CONTENT_LENGTH is what we buffered.
 */
static char *
wrap_getenv(void *data, const char *name)
{
	const char	*v;
	char		 len[32];
	static const char form[] = "application/x-www-form-urlencoded";

	if (wrap_req == NULL || !cgi_wanted(name))
		return NULL;
	if (strcmp(name, "CONTENT_LENGTH") == 0 && wrap_req->body != NULL) {
		snprintf(len, sizeof len, "%zu", wrap_req->bodylen);
		return strdup(len);
	}
	v = env_get(wrap_req->io, name);
	if (v != NULL && strcmp(name, "CONTENT_TYPE") == 0 &&
	    strncasecmp(v, form, sizeof form - 1) == 0 &&
	    (v[sizeof form - 1] == ';' || v[sizeof form - 1] == ' '))
		return strdup(form);
	return v != NULL ? strdup(v) : NULL;
}

static int
wrap_putenv(void *data, const char *k, const char *v)
{
	return 0;
}

static int
wrap_iterenv(void *data, int n, char **k, char **v)
{
	char *const	*envp;
	const char	*eq;
	int		 i;

	*k = *v = NULL;
	if (wrap_req == NULL)
		return 0;
	envp = wrap_req->io->envp;
	for (i = 0; i < n && envp[i] != NULL; i++)
		;
	if (envp[i] == NULL || (eq = strchr(envp[i], '=')) == NULL)
		return 0;
	*k = strndup(envp[i], (size_t)(eq - envp[i]));
	*v = strdup(eq + 1);
	if (*k == NULL || *v == NULL) {
		free(*k);
		free(*v);
		*k = *v = NULL;
		return 1;
	}
	return 0;
}

void
req_global_init(void)
{
	cgiwrap_init_emu(NULL, wrap_read, wrap_writef, wrap_write,
	    wrap_getenv, wrap_putenv, wrap_iterenv);
}

/* ------------------------------------------------------------------ */
/* validation                                                           */
/* ------------------------------------------------------------------ */

bool
req_has_nul_escape(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\0')
			return true;
		if (s[i] == '%' && i + 2 < len && s[i + 1] == '0' &&
		    s[i + 2] == '0')
			return true;
	}
	return false;
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool
req_form_names_ok(const char *s, size_t len)
{
	size_t	 i = 0, n;
	int	 c, prev, hi, lo;

	while (i < len) {
		/* one name, decoded the way cgi_url_unescape does */
		for (n = 0, prev = 0; i < len && s[i] != '&' && s[i] != '=';
		    n++, prev = c) {
			c = (unsigned char)s[i];
			if (c == '%' && i + 2 < len &&
			    (hi = hex_value(s[i + 1])) >= 0 &&
			    (lo = hex_value(s[i + 2])) >= 0) {
				c = hi * 16 + lo;
				i += 3;
			} else {
				if (c == '+')
					c = ' ';
				i++;
			}
			/* an empty component of Query.<name> */
			if (c == '.' && (n == 0 || prev == '.'))
				return false;
		}
		if (n > 0 && prev == '.')
			return false;
		while (i < len && s[i] != '&')
			i++;
		i++;
	}
	return true;
}

/* Count and check every node under top; -1 on a bad one. */
static int
check_tree(HDF *node, int depth, int *count)
{
	const char	*name, *value;
	HDF		*c;

	for (; node != NULL; node = hdf_obj_next(node)) {
		if (++*count > REQ_FIELDS_MAX || depth > 8)
			return -1;
		name = hdf_obj_name(node);
		value = hdf_obj_value(node);
		if (name != NULL && (strlen(name) > REQ_NAME_MAX ||
		    !utf8_valid(name, strlen(name))))
			return -1;
		if (value != NULL && (strlen(value) > REQ_FIELD_MAX ||
		    !utf8_valid(value, strlen(value))))
			return -1;
		if ((c = hdf_obj_child(node)) != NULL &&
		    check_tree(c, depth + 1, count) < 0)
			return -1;
	}
	return 0;
}

int
req_check_fields(HDF *top)
{
	int	 count = 0;
	HDF	*q;

	if ((q = hdf_get_obj(top, "Query")) != NULL &&
	    check_tree(hdf_obj_child(q), 0, &count) < 0)
		return 400;
	if ((q = hdf_get_obj(top, "Cookie")) != NULL &&
	    check_tree(hdf_obj_child(q), 0, &count) < 0)
		return 400;
	return 0;
}

/*
 * The boundary parameter of a Content-Type, found as ClearSilver's
 * _header_attr finds it (rfc2388.c): parameters after the first ';',
 * names up to a space, ';' or '=', a value quoted or up to a space or ';'.
 * NULL if it has none: cgi_parse would then strlen(NULL) and crash.
 */
static const char *
multipart_boundary(const char *ct, size_t *len)
{
	const char	*p, *k, *v;
	size_t		 vl;
	bool		 found;

	*len = 0;
	if ((p = strchr(ct, ';')) == NULL)
		return NULL;
	for (p++; *p != '\0'; ) {
		while (*p != '\0' && isspace((unsigned char)*p))
			p++;
		k = p;
		while (*p != '\0' && !isspace((unsigned char)*p) && *p != ';' &&
		    *p != '=')
			p++;
		if (*p == '\0')
			return NULL;
		found = p - k == 8 && strncasecmp(k, "boundary", 8) == 0;
		while (*p != '\0' && isspace((unsigned char)*p))
			p++;
		if (*p != ';' && *p != '=')
			return NULL;
		if (*p == ';') {
			if (found)
				return p;	/* empty */
		} else if (*++p == '"') {
			v = ++p;
			while (*p != '\0' && *p != '"')
				p++;
			vl = (size_t)(p - v);
			if (*p != '\0')
				p++;
			if (found) {
				*len = vl;
				return v;
			}
		} else {
			v = p;
			while (*p != '\0' && !isspace((unsigned char)*p) &&
			    *p != ';')
				p++;
			if (found) {
				*len = (size_t)(p - v);
				return v;
			}
		}
		if (*p != '\0')
			p++;
	}
	return NULL;
}

/*
 * True if the head of the part whose delimiter ends at p repeats its
 * Content-Disposition or Content-Type: ClearSilver's _read_part keeps the
 * last and leaks the others (a worker grew with every such request). The
 * head is read as _read_header_line reads it: lines after the delimiter's,
 * a line starting with a space or tab continuing the one before, the first
 * other line starting with white space ending it. Its buffer holds 4096
 * bytes: a longer line would be cut where we cannot follow, so refused.
 */
static bool
part_head_bad(const char *p, const char *end)
{
	const char	*eol, *colon;
	size_t		 l;
	int		 cd = 0, ct = 0;
	bool		 first = true;

	if ((p = memchr(p, '\n', (size_t)(end - p))) == NULL)
		return false;
	for (p++; p < end; p = eol != NULL ? eol + 1 : end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		l = eol != NULL ? (size_t)(eol - p) : (size_t)(end - p);
		if (l > 4000)
			return true;
		if (*p == ' ' || *p == '\t') {
			if (first)
				break;
			continue;
		}
		if (isspace((unsigned char)*p))
			break;
		first = false;
		if ((colon = memchr(p, ':', l)) == NULL)
			continue;
		if (colon - p == 19 && strncasecmp(p, "content-disposition", 19) == 0)
			cd++;
		else if (colon - p == 12 && strncasecmp(p, "content-type", 12) == 0)
			ct++;
	}
	return cd > 1 || ct > 1;
}

bool
req_multipart_has_nul(const char *ctype, const char *body, size_t len)
{
	const char	*b, *p, *end = body + len, *hdr_end, *next;
	char		 delim[80];
	size_t		 blen;
	int		 n;

	/* the boundary cgi_parse will use, 1 to 70 characters (RFC 2046) */
	if ((b = multipart_boundary(ctype, &blen)) == NULL || blen == 0 ||
	    blen > 70)
		return true;
	n = snprintf(delim, sizeof delim, "--%.*s", (int)blen, b);
	/* every place cgi_parse may take for a part's start */
	for (p = body; p < end && (p = memmem(p, (size_t)(end - p), delim,
	    (size_t)n)) != NULL; ) {
		p += n;
		if (part_head_bad(p, end))
			return true;
	}
	for (p = body; p < end; p = next) {
		if ((p = memmem(p, (size_t)(end - p), delim, (size_t)n)) == NULL)
			return false;
		p += n;
		if ((hdr_end = memmem(p, (size_t)(end - p), "\r\n\r\n", 4)) == NULL)
			return false;
		next = memmem(hdr_end, (size_t)(end - hdr_end), delim, (size_t)n);
		if (next == NULL)
			next = end;
		/* a file part may hold any bytes; a text field may not */
		if (memmem(p, (size_t)(hdr_end - p), "filename=", 9) == NULL &&
		    memchr(hdr_end, '\0', (size_t)(next - hdr_end)) != NULL)
			return true;
		if (memchr(p, '\0', (size_t)(hdr_end - p)) != NULL)
			return true;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* the request                                                          */
/* ------------------------------------------------------------------ */

static enum http_method
method_of(const char *m)
{
	static const struct {
		const char		*name;
		enum http_method	 m;
	} tab[] = {
		{ "GET", HTTP_GET }, { "HEAD", HTTP_HEAD }, { "POST", HTTP_POST },
		{ "PUT", HTTP_PUT }, { "PATCH", HTTP_PATCH },
		{ "DELETE", HTTP_DELETE }, { "OPTIONS", HTTP_OPTIONS },
	};
	size_t	 i;

	for (i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (strcmp(m, tab[i].name) == 0)
			return tab[i].m;
	return HTTP_OTHER;
}

/* The request path: nginx's decoded DOCUMENT_URI, else PATH_INFO (CGI). */
/*
 * ClearSilver's form parser warns on stderr, the log, in lines of its own
 * ("[time] Unable to set Query value: name = value: ...") that are not JSON
 * and carry the request's bytes raw. Around its calls stderr is a memory
 * stream; what it wrote is logged afterwards as warn events of ours.
 */
struct cs_quiet {
	FILE	*saved, *mem;
	char	*buf;
	size_t	 len;
};

static void
cs_quiet_begin(struct cs_quiet *q)
{
	memset(q, 0, sizeof *q);
	fflush(stderr);
	if ((q->mem = open_memstream(&q->buf, &q->len)) == NULL)
		return;		/* then its lines go out as they are */
	q->saved = stderr;
	stderr = q->mem;
}

static void
cs_quiet_end(struct cs_quiet *q)
{
	char	*line, *next;
	json_t	*o;

	if (q->mem == NULL)
		return;
	stderr = q->saved;
	fclose(q->mem);
	for (line = q->buf; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (*line == '\0')
			continue;
		o = json_pack("{s:o}", "warning", log_str(line));
		log_event(LOGL_WARN, "clearsilver", "request parsing", o);
		json_decref(o);
	}
	free(q->buf);
}

static const char *
path_of(const struct io *io)
{
	const char	*p;

	if ((p = env_get(io, "DOCUMENT_URI")) != NULL && *p == '/')
		return p;
	if ((p = env_get(io, "PATH_INFO")) != NULL && *p == '/')
		return p;
	return "/";
}

NEOERR *
req_init(struct req *r, struct app *app, struct io *io, int *status)
{
	HDF		*hdf = NULL;
	NEOERR		*err;
	const char	*m, *path, *qs, *uri, *cookie;
	struct cs_quiet	 quiet;

	memset(r, 0, sizeof *r);
	r->app = app;
	r->io = io;
	*status = 0;
	wrap_req = r;
	m = env_get(io, "REQUEST_METHOD");
	r->method_name = m != NULL ? m : "GET";
	r->method = method_of(r->method_name);
	r->https = app->https;
	path = path_of(io);
	if ((r->path = strdup(path)) == NULL)
		return nerr_raise(NERR_NOMEM, "path");
	r->want_json = strncmp(path, "/api/", 5) == 0;

	if ((err = hdf_init(&hdf)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = render_prepare_hdf(app, hdf)) != STATUS_OK) {
		hdf_destroy(&hdf);
		return nerr_pass(err);
	}
	/* cgi_init owns hdf from here on, even when it fails */
	cs_quiet_begin(&quiet);
	err = cgi_init(&r->cgi, hdf);
	cs_quiet_end(&quiet);
	if (err != STATUS_OK) {
		r->cgi = NULL;
		return nerr_pass(err);
	}
	r->hdf = r->cgi->hdf;
	/* the language of the answer, even of a 400 (the account's: later) */
	if ((err = render_pick_lang(r)) != STATUS_OK)
		return nerr_pass(err);

	/* a %00 decodes to a NUL that would silently cut a value short */
	qs = env_get(io, "QUERY_STRING");
	uri = env_get(io, "REQUEST_URI");
	cookie = env_get(io, "HTTP_COOKIE");
	if ((qs != NULL && (req_has_nul_escape(qs, strlen(qs)) ||
	    !req_form_names_ok(qs, strlen(qs)))) ||
	    (uri != NULL && req_has_nul_escape(uri, strlen(uri))) ||
	    (cookie != NULL && req_has_nul_escape(cookie, strlen(cookie))) ||
	    !utf8_valid(path, strlen(path)) || strlen(path) > 2048) {
		*status = 400;
		return STATUS_OK;
	}
	*status = req_check_fields(r->hdf);
	return STATUS_OK;
}

/*
 * True if err, from ClearSilver parsing a query string, cookie or body,
 * is the client's bad input: anything but running out of memory or a
 * system call failing (a temporary file for an upload, say). HDF refuses
 * some field names ("", ".", "a.", "a..b") with NERR_ASSERT; those are
 * bad input like a short or malformed body (NERR_IO, NERR_PARSE).
 */
static bool
req_client_error(NEOERR *err)
{
	return !nerr_match(err, NERR_NOMEM) && !nerr_match(err, NERR_SYSTEM);
}

/* The media type of CONTENT_TYPE without parameters, lower case. */
static void
media_type(const char *ct, char *buf, size_t sz)
{
	size_t	 i;

	for (i = 0; ct != NULL && ct[i] != '\0' && ct[i] != ';' &&
	    ct[i] != ' ' && i + 1 < sz; i++)
		buf[i] = (ct[i] >= 'A' && ct[i] <= 'Z') ? ct[i] + 32 : ct[i];
	buf[i] = '\0';
}

NEOERR *
req_read_body(struct req *r, unsigned flags, int *status)
{
	const char	*cl, *ct;
	char		 type[64];
	long long	 len;
	size_t		 got = 0;
	json_error_t	 jerr;
	NEOERR		*err;
	struct cs_quiet	 quiet;
	int		 n;
	bool		 form, multipart, json, image;

	*status = 0;
	if (!(r->method & (HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE)))
		return STATUS_OK;
	cl = env_get(r->io, "CONTENT_LENGTH");
	if (cl == NULL || *cl == '\0' || strcmp(cl, "0") == 0)
		return STATUS_OK;
	if (strspn(cl, "0123456789") != strlen(cl)) {
		*status = 400;
		return STATUS_OK;
	}
	/* any length past the cap is refused, however many digits it has */
	if (strlen(cl) > 18 || !parse_int(cl, 0, INT64_MAX, &len))
		len = INT64_MAX;
	/* refuse before anything is allocated: cgi_parse itself has no cap */
	if ((size_t)len > r->app->max_body) {
		*status = 413;
		return STATUS_OK;
	}
	ct = env_get(r->io, "CONTENT_TYPE");
	media_type(ct, type, sizeof type);
	form = strcmp(type, "application/x-www-form-urlencoded") == 0;
	multipart = strcmp(type, "multipart/form-data") == 0;
	json = strcmp(type, "application/json") == 0;
	image = strcmp(type, "image/jpeg") == 0 || strcmp(type, "image/png") == 0 ||
	    strcmp(type, "image/webp") == 0;
	if (((form || multipart) && (!(flags & ROUTE_FORM) ||
	    r->method != HTTP_POST)) || (json && !(flags & ROUTE_JSON)) ||
	    (image && !(flags & ROUTE_IMAGE)) ||
	    (!form && !multipart && !json && !image)) {
		*status = 415;
		return STATUS_OK;
	}
	if ((r->body = malloc((size_t)len + 1)) == NULL)
		return nerr_raise(NERR_NOMEM, "body of %lld bytes", len);
	while (got < (size_t)len) {
		n = r->io->read(r->io->ctx, r->body + got,
		    (int)((size_t)len - got));
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	r->body[got] = '\0';
	r->bodylen = got;
	if (got != (size_t)len) {
		*status = 400;	/* shorter than announced */
		return STATUS_OK;
	}
	if (image)
		return STATUS_OK;	/* the handler looks at the bytes */
	if (json) {
		r->json = json_loadb(r->body, r->bodylen, JSON_REJECT_DUPLICATES,
		    &jerr);
		if (r->json == NULL || !json_strings_ok(r->json))
			*status = 400;
		return STATUS_OK;
	}
	if ((form && (req_has_nul_escape(r->body, r->bodylen) ||
	    !req_form_names_ok(r->body, r->bodylen))) ||
	    (multipart && req_multipart_has_nul(ct, r->body, r->bodylen))) {
		*status = 400;
		return STATUS_OK;
	}
	cs_quiet_begin(&quiet);
	err = cgi_parse(r->cgi);
	cs_quiet_end(&quiet);
	if (err != STATUS_OK) {
		if (!req_client_error(err))
			return nerr_pass(err);
		nerr_ignore(&err);
		*status = 400;
		return STATUS_OK;
	}
	*status = req_check_fields(r->hdf);
	return STATUS_OK;
}

const char *
req_field(struct req *r, const char *name)
{
	char	 key[REQ_NAME_MAX + 8];

	if (r->hdf == NULL)
		return NULL;
	snprintf(key, sizeof key, "Query.%s", name);
	return hdf_get_value(r->hdf, key, NULL);
}

const char *
req_header(struct req *r, const char *cgi_name)
{
	return env_get(r->io, cgi_name);
}

const char *
req_cookie(struct req *r, const char *name)
{
	char	 key[128];

	if (r->hdf == NULL)
		return NULL;
	snprintf(key, sizeof key, "Cookie.%s", name);
	return hdf_get_value(r->hdf, key, NULL);
}

const char *
req_param(struct req *r, int i)
{
	return i < r->nparams ? r->params[i] : "";
}

double
req_now(const struct req *r)
{
	struct timeval	 tv;

	double		 off = r->app->clock_offset;
#ifdef STOLIK_TEST_HOOKS
	const char	*h;
	long long	 n;

	/* the expiry tests move one request's clock instead of sleeping */
	h = env_get(r->io, "HTTP_X_TEST_CLOCK_OFFSET");
	if (h != NULL && parse_int(h, -1000000000LL, 1000000000LL, &n))
		off += (double)n;
#endif
	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + tv.tv_usec / 1e6 + off;
}

void
req_drain(struct req *r)
{
	char	 buf[4096];
	int	 i;

	/* nginx caps bodies; stop anyway after a bounded amount */
	for (i = 0; i < 4096; i++)
		if (r->io->read(r->io->ctx, buf, sizeof buf) <= 0)
			break;
}

/* cgi_destroy does not free the parse-callback list in 0.10.5. */
static void
free_parse_cbs(CGI *cgi)
{
	struct _cgi_parse_cb	*p, *next;

	for (p = cgi->parse_callbacks; p != NULL; p = next) {
		next = p->next;
		free(p->method);
		free(p->ctype);
		free(p);
	}
	cgi->parse_callbacks = NULL;
}

void
req_free(struct req *r)
{
	int	 i;

	if (r->cgi != NULL) {
		free_parse_cbs(r->cgi);
		cgi_destroy(&r->cgi);	/* destroys r->hdf too */
	}
	r->hdf = NULL;
	for (i = 0; i < r->nparams; i++)
		free(r->params[i]);
	r->nparams = 0;
	json_decref(r->json);
	r->json = NULL;
	free(r->body);
	r->body = NULL;
	free(r->path);
	r->path = NULL;
	free(r->bid);
	r->bid = NULL;
	free(r->user_email);
	free(r->user_name);
	free(r->sid);
	free(r->csrf_key);
	free(r->scopes);
	free(r->user_lang);
	r->user_email = r->user_name = r->sid = r->csrf_key = r->scopes = NULL;
	r->user_id = 0;
	if (wrap_req == r)
		wrap_req = NULL;
}

bool
json_strings_ok(const json_t *v)
{
	const char	*k;
	json_t		*e;
	size_t		 i;

	switch (json_typeof(v)) {
	case JSON_STRING:
		return json_string_length(v) <= REQ_FIELD_MAX;
	case JSON_ARRAY:
		if (json_array_size(v) > REQ_FIELDS_MAX)
			return false;
		json_array_foreach((json_t *)v, i, e)
			if (!json_strings_ok(e))
				return false;
		return true;
	case JSON_OBJECT:
		if (json_object_size(v) > REQ_FIELDS_MAX)
			return false;
		json_object_foreach((json_t *)v, k, e)
			if (strlen(k) > REQ_NAME_MAX || !json_strings_ok(e))
				return false;
		return true;
	default:
		return true;
	}
}
