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
