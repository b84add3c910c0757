/* resp.c: the response: status with reason, security headers, cookies, body. */
#include "app.h"

#include <stdio.h>
#include <string.h>

/*
 * Sent with every response, whatever its type. nginx adds the same set to
 * the answers it makes itself (errors, static files), and only to those.
 */
static const char csp_head[] =
    "Content-Security-Policy: default-src 'self'; script-src 'self'; "
    "style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'";
static const char security_headers[] =
    "; frame-ancestors 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "X-Frame-Options: DENY\r\n"
    "Permissions-Policy: geolocation=(self), camera=(), microphone=(), "
    "payment=()\r\n"
    "Cross-Origin-Opener-Policy: same-origin\r\n";

/* An origin fit for a CSP source list: scheme://host[:port], nothing else. */
static bool
origin_ok(const char *o)
{
	return o != NULL && (strncmp(o, "https://", 8) == 0 ||
	    strncmp(o, "http://", 7) == 0) && strlen(o) < 256 &&
	    strspn(o, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:/[]") == strlen(o);
}

void
resp_init(struct resp *w)
{
	memset(w, 0, sizeof *w);
	w->status = 200;
	string_init(&w->head);
	string_init(&w->body);
}

void
resp_free(struct resp *w)
{
	string_clear(&w->head);
	string_clear(&w->body);
}

void
resp_reset(struct resp *w)
{
	string_clear(&w->head);
	string_clear(&w->body);
	string_init(&w->head);
	string_init(&w->body);
	w->status = 200;
	w->ctype = NULL;
	w->cache = NULL;
	w->referrer = NULL;
	/* w->personal stays: the request still came from the same someone */
}

const char *
http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 308: return "Permanent Redirect";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "Unknown";
	}
}

bool
resp_header(struct resp *w, const char *name, const char *value)
{
	if (strpbrk(name, "\r\n: ") != NULL || strpbrk(value, "\r\n") != NULL)
		return false;
	string_appendf(&w->head, "%s: %s\r\n", name, value);
	return true;
}

void
cookie_name(const struct req *r, const char *name, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s%s", r->https ? "__Host-" : "", name);
}

bool
resp_cookie(struct resp *w, const struct req *r, const char *name,
    const char *value, long max_age)
{
	char	 full[128], age[48];
	size_t	 i;

	for (i = 0; value[i] != '\0'; i++)
		if ((unsigned char)value[i] <= ' ' || value[i] == ';' ||
		    value[i] == ',' || value[i] == '"' || value[i] == '\\' ||
		    (unsigned char)value[i] >= 0x7f)
			return false;
	w->personal = true;
	cookie_name(r, name, full, sizeof full);
	age[0] = '\0';
	if (max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	string_appendf(&w->head, "Set-Cookie: %s=%s; Path=/%s; HttpOnly; "
	    "SameSite=Lax%s\r\n", full, value, age, r->https ? "; Secure" : "");
	return true;
}

NEOERR *
resp_redirect(struct resp *w, int status, const char *location)
{
	w->status = status;
	if (!resp_header(w, "Location", location))
		return nerr_raise(NERR_ASSERT, "bad redirect target");
	return STATUS_OK;
}

NEOERR *
resp_send(struct resp *w, struct req *r)
{
	STRING		 h;
	NEOERR		*err;
	const char	*cache, *vary = "";
	bool		 personal = w->personal;
	int		 n;

	if (w->sent)
		return STATUS_OK;
	w->sent = true;
#ifdef STOLIK_TEST_HOOKS
	/* negative control for the cache tests: never in a release build */
	if (r->app != NULL && r->app->conf != NULL &&
	    hdf_get_int_value(r->app->conf, "Test.PrivateOff", 0))
		personal = false;
#endif
	cache = personal ? "private, no-store" :
	    w->cache != NULL ? w->cache : "no-cache";
	/* a page is in the language of the cookie or of Accept-Language */
	if (!r->want_json && (w->ctype == NULL ||
	    strncmp(w->ctype, "text/html", 9) == 0))
		vary = "Vary: Accept-Language, Cookie\r\n";
	else if (strncmp(cache, "public", 6) == 0)
		vary = r->want_json ? "Vary: Authorization\r\n" : "Vary: Cookie\r\n";
	string_init(&h);
	err = string_appendf(&h, "Status: %d %s\r\n", w->status,
	    http_reason(w->status));
	if (err == STATUS_OK && w->status != 204 && w->status != 304)
		err = string_appendf(&h, "Content-Type: %s\r\n"
		    "Content-Length: %d\r\n", w->ctype != NULL ? w->ctype :
		    "text/html; charset=utf-8", w->body.len);
	if (err == STATUS_OK)
		err = string_appendf(&h, "Cache-Control: %s\r\n%s%s%s%s%s"
		    "Referrer-Policy: %s\r\n", cache, vary, csp_head,
		    origin_ok(w->form_action) ? " " : "",
		    origin_ok(w->form_action) ? w->form_action : "",
		    security_headers,
		    w->referrer != NULL ? w->referrer :
		    "strict-origin-when-cross-origin");
	if (err == STATUS_OK && r->https)
		err = string_append(&h, "Strict-Transport-Security: "
		    "max-age=63072000; includeSubDomains\r\n");
	if (err == STATUS_OK && w->head.len > 0)
		err = string_append(&h, w->head.buf);
	if (err == STATUS_OK)
		err = string_append(&h, "\r\n");
	if (err != STATUS_OK) {
		string_clear(&h);
		return nerr_pass(err);
	}
	n = r->io->write(r->io->ctx, h.buf, h.len);
	if (n == h.len && w->body.len > 0 && r->method != HTTP_HEAD)
		n = r->io->write(r->io->ctx, w->body.buf, w->body.len);
	string_clear(&h);
	/* a client gone away is not our failure; nothing to log */
	return STATUS_OK;
}

NEOERR *
resp_error(struct req *r, struct resp *w, int status)
{
	NEOERR	*err;
	char	 key[32];

	w->status = status;
	if (status == 503)
		resp_header(w, "Retry-After", "5");
	if (r->want_json || r->hdf == NULL)
		return nerr_pass(json_problem(r, w, status, NULL, NULL));
	snprintf(key, sizeof key, "%d", status);
	if ((err = hdf_set_value(r->hdf, "Page.Error.Status", key)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = hdf_set_value(r->hdf, "Page.Error.Reason",
	    http_reason(status))) != STATUS_OK)
		return nerr_pass(err);
	if ((err = render_page(r, w, "error/error.cs")) != STATUS_OK)
		return nerr_pass(err);
	w->status = status;
	return STATUS_OK;
}

void
resp_private(struct resp *w)
{
	w->cache = "no-store";
	w->personal = true;
	w->referrer = "same-origin";
}

/* ------------------------------------------------------------------ */
/* JSON answers and application/problem+json                           */
/* ------------------------------------------------------------------ */

/* json_dump_callback's writer: onto a STRING. */
static int
append_json(const char *buf, size_t n, void *data)
{
	NEOERR	*err = string_appendn(data, buf, (int)n);

	if (err == STATUS_OK)
		return 0;
	nerr_ignore(&err);
	return -1;
}

NEOERR *
json_send(struct resp *w, int status, json_t *obj)
{
	NEOERR	*err;
	int	 rc;

	if (obj == NULL)
		return nerr_raise(NERR_NOMEM, "json object");
	string_clear(&w->body);
	string_init(&w->body);
	/* straight into the body; "</" never appears raw, whatever a string holds */
	rc = json_dump_callback(obj, append_json, &w->body, JSON_COMPACT |
	    JSON_ESCAPE_SLASH);
	json_decref(obj);
	if (rc != 0)
		return nerr_raise(NERR_NOMEM, "json_dump");
	err = string_append_char(&w->body, '\n');
	w->status = status;
	if (w->ctype == NULL || strncmp(w->ctype, "application/", 12) != 0)
		w->ctype = "application/json";
	if (w->cache == NULL)
		w->cache = "no-store";
	resp_header(w, "Content-Disposition", "attachment; filename=\"api.json\"");
	return nerr_pass(err);
}

NEOERR *
json_problem(struct req *r, struct resp *w, int status, const char *detail,
    json_t *errors)
{
	json_t		*o;
	char		 key[48];
	const char	*text;

	o = json_pack("{s:s,s:s,s:i}", "type", "about:blank",
	    "title", http_reason(status), "status", status);
	if (o == NULL) {
		json_decref(errors);
		return nerr_raise(NERR_NOMEM, "problem");
	}
	if (detail == NULL) {
		snprintf(key, sizeof key, "Problem.%d", status);
		text = render_text(r, key);
		if (*text != '\0')
			detail = text;
	}
	if (detail != NULL)
		json_object_set_new(o, "detail", json_string(detail));
	if (errors != NULL)
		json_object_set_new(o, "errors", errors);
	w->ctype = "application/problem+json";
	return nerr_pass(json_send(w, status, o));
}
