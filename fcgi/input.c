/* input.c: fields from a form or a JSON body, checked the same way for pages and API. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The raw value of name: a JSON string (or number, as text) or a form field. */
static const char *
raw(struct req *r, json_t *j, const char *name, char *buf, size_t sz)
{
	json_t	*v;

	if (j == NULL)
		return req_field(r, name);
	v = json_object_get(j, name);
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, sz, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	if (json_is_real(v)) {
		snprintf(buf, sz, "%.7f", json_real_value(v));
		return buf;
	}
	if (json_is_boolean(v)) {
		snprintf(buf, sz, "%s", json_is_true(v) ? "1" : "0");
		return buf;
	}
	return NULL;
}

static void
bad(json_t *errs, const char *name, const char *code)
{
	if (json_object_get(errs, name) == NULL)
		json_object_set_new(errs, name, json_string(code));
}

bool
in_given(struct req *r, json_t *j, const char *name)
{
	const char	*v;

	if (j != NULL)
		return json_object_get(j, name) != NULL;
	v = req_field(r, name);
	return v != NULL;
}

const char *
in_text(struct req *r, json_t *j, const char *name, size_t max, bool required,
    json_t *errs, bool multiline)
{
	const char	*v;
	char		 buf[64];
	size_t		 i;

	v = raw(r, j, name, buf, sizeof buf);
	if (v == buf)
		v = NULL;	/* a number where text belongs */
	if (j != NULL && json_object_get(j, name) != NULL && v == NULL) {
		bad(errs, name, "invalid");
		return "";
	}
	if (v == NULL || *v == '\0') {
		if (required)
			bad(errs, name, "required");
		return "";
	}
	if (utf8_len(v) > max) {
		bad(errs, name, "too_long");
		return "";
	}
	for (i = 0; v[i] != '\0'; i++)
		if ((unsigned char)v[i] < 0x20 && !(multiline &&
		    (v[i] == '\n' || v[i] == '\r' || v[i] == '\t'))) {
			bad(errs, name, "invalid");
			return "";
		}
	return v;
}

bool
in_int(struct req *r, json_t *j, const char *name, long long min, long long max,
    bool required, json_t *errs, long long *out)
{
	const char	*v;
	char		 buf[64];

	v = raw(r, j, name, buf, sizeof buf);
	if (j != NULL && v != NULL && v != buf) {
		/* the API takes numbers as numbers */
		bad(errs, name, "invalid");
		return false;
	}
	if (v == NULL || *v == '\0') {
		if (required)
			bad(errs, name, "required");
		return false;
	}
	if (!parse_int(v, min, max, out)) {
		bad(errs, name, "out_of_range");
		return false;
	}
	return true;
}

bool
in_number(struct req *r, json_t *j, const char *name, double min, double max,
    json_t *errs, double *out)
{
	const char	*v;
	char		 buf[64], *end;

	v = raw(r, j, name, buf, sizeof buf);
	if (v == NULL || *v == '\0')
		return false;
	*out = strtod(v, &end);
	if (end == v || *end != '\0' || !(*out >= min && *out <= max)) {
		bad(errs, name, "out_of_range");
		return false;
	}
	return true;
}

const char *
in_choice(struct req *r, json_t *j, const char *name,
    const char *const *choices, bool required, json_t *errs)
{
	const char	*v;
	char		 buf[64];
	size_t		 i;

	v = raw(r, j, name, buf, sizeof buf);
	if (v == NULL || *v == '\0') {
		if (required)
			bad(errs, name, "required");
		return NULL;
	}
	for (i = 0; choices[i] != NULL; i++)
		if (strcmp(v, choices[i]) == 0)
			return choices[i];
	bad(errs, name, "invalid");
	return NULL;
}

bool
in_bool(struct req *r, json_t *j, const char *name)
{
	const char	*v;
	char		 buf[64];

	if (j != NULL)
		return json_is_true(json_object_get(j, name));
	v = raw(r, j, name, buf, sizeof buf);
	return v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "on") == 0 ||
	    strcmp(v, "true") == 0);
}

bool
email_ok(const char *e)
{
	const char	*at = strchr(e, '@');

	return at != NULL && at > e && strchr(at + 1, '@') == NULL &&
	    strchr(at + 1, '.') != NULL && at[1] != '.' &&
	    e[strlen(e) - 1] != '.' && strpbrk(e, " \t\r\n<>()[],;:\\\"") == NULL;
}

bool
phone_ok(const char *p)
{
	size_t	 digits = 0, i;

	for (i = 0; p[i] != '\0'; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			digits++;
		else if (strchr(" +-().", p[i]) == NULL)
			return false;
	}
	return digits >= 6;
}

NEOERR *
in_errors_to_form(struct req *r, json_t *errs)
{
	const char	*k;
	json_t		*v;
	NEOERR		*err;

	json_object_foreach(errs, k, v)
		if ((err = hdf_set_valuef(r->hdf, "Form.Errors.%s=%s", k,
		    json_string_value(v))) != STATUS_OK)
			return nerr_pass(err);
	return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* a booking's date, time, party and guest                              */
/* ------------------------------------------------------------------ */

#define NAME_MAX_CHARS	100
#define PHONE_MAX	30
#define EMAIL_MAX	254
#define REQUESTS_MAX	500

void
when_parse(struct req *r, const char *dname, const char *tname,
    const char *pname, int today, struct when *w)
{
	const char	*d, *t, *p;
	long long	 n;

	memset(w, 0, sizeof *w);
	w->day = today;
	w->minute = -1;
	w->party = 2;
	d = dname != NULL ? req_field(r, dname) : NULL;
	t = tname != NULL ? req_field(r, tname) : NULL;
	p = pname != NULL ? req_field(r, pname) : NULL;
	if (d != NULL && *d != '\0' && !date_parse(d, &w->day)) {
		w->bad = "date";
		w->why = "invalid_date";
	} else if (t != NULL && *t != '\0' && !hm_parse(t, &w->minute)) {
		w->bad = "time";
		w->why = "invalid_time";
	} else if (p != NULL && *p != '\0' && !parse_int(p, 1, 100, &n)) {
		w->bad = "party";
		w->why = "party_range";
	} else if (p != NULL && *p != '\0')
		w->party = (int)n;
	if (w->bad == NULL && tname != NULL && w->minute < 0) {
		w->bad = "time";
		w->why = "required";
	}
}

void
in_guest(struct req *r, json_t *j, struct guest *g, json_t *errs)
{
	memset(g, 0, sizeof *g);
	g->name = in_text(r, j, "name", NAME_MAX_CHARS, true, errs, false);
	g->email = in_text(r, j, "email", EMAIL_MAX, true, errs, false);
	g->phone = in_text(r, j, "phone", PHONE_MAX, true, errs, false);
	g->requests = in_text(r, j, "requests", REQUESTS_MAX, false, errs, true);
	if (*g->email != '\0' && !email_ok(g->email))
		bad(errs, "email", "invalid_email");
	if (*g->phone != '\0' && !phone_ok(g->phone))
		bad(errs, "phone", "invalid_phone");
	g->user_id = r->user_id;
}

/* Two decimal digits at s into *v. */
static bool
two(const char *s, int *v)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return false;
	*v = (s[0] - '0') * 10 + (s[1] - '0');
	return true;
}

bool
start_parse(const char *v, struct start *st)
{
	char	 d[11];
	int	 h, m, sec = 0, oh, om;

	memset(st, 0, sizeof *st);
	if (v == NULL || strlen(v) < 16 || strchr("Tt ", v[10]) == NULL)
		return false;
	memcpy(d, v, 10);
	d[10] = '\0';
	if (!date_parse(d, &st->day) || !two(v + 11, &h) || v[13] != ':' ||
	    !two(v + 14, &m) || h > 23 || m > 59)
		return false;
	st->minute = h * 60 + m;
	v += 16;
	if (*v == ':') {
		if (!two(v + 1, &sec) || sec > 60)
			return false;
		v += 3;
		/* a fraction of a second: an instant no slot starts at */
		if (*v == '.') {
			if (v[1] < '0' || v[1] > '9')
				return false;
			for (v++; *v >= '0' && *v <= '9'; v++)
				if (*v != '0')
					st->off_grid = true;
		}
	}
	st->off_grid = st->off_grid || sec != 0;
	if (*v == '\0')
		return true;	/* the restaurant's wall clock */
	st->instant = true;
	if (strcmp(v, "Z") == 0 || strcmp(v, "z") == 0)
		oh = om = 0;
	else if (strlen(v) != 6 || (v[0] != '+' && v[0] != '-') ||
	    !two(v + 1, &oh) || v[3] != ':' || !two(v + 4, &om) || oh > 23 ||
	    om > 59)
		return false;
	st->t = (int64_t)(st->day + 10957) * 86400 + (int64_t)st->minute * 60 +
	    sec - (v[0] == '-' ? -1 : 1) * (int64_t)(oh * 60 + om) * 60;
	return true;
}
