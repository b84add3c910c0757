/* json.c: JSON answers and application/problem+json errors through jansson. */
#include "app.h"

#include <stdlib.h>
#include <string.h>

NEOERR *
json_send(struct resp *w, int status, json_t *obj)
{
	char	*s;
	NEOERR	*err;

	if (obj == NULL)
		return nerr_raise(NERR_NOMEM, "json object");
	/* "</" never appears raw, whatever a string holds */
	s = json_dumps(obj, JSON_COMPACT | JSON_ESCAPE_SLASH);
	json_decref(obj);
	if (s == NULL)
		return nerr_raise(NERR_NOMEM, "json_dumps");
	string_clear(&w->body);
	string_init(&w->body);
	err = string_append(&w->body, s);
	if (err == STATUS_OK)
		err = string_append_char(&w->body, '\n');
	free(s);
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
		text = render_lang(r->app, key);
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
