/* fuzz_form.c: query strings and urlencoded bodies through req.c, then the fields a page reads. */
#include "fuzz.h"

static struct app	 app;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_app_init(&app);
	return 0;
}

/* Line 1: the query string; line 2: the request path; the rest: the body. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "q", "city", "date", "time",
	    "party", "csrf", "name", "email", "a.b", "_0", "", NULL };
	struct fz_io	 m;
	struct req	 r;
	struct when	 w;
	const char	*qs, *path;
	size_t		 qlen, plen;
	char		 cl[32];
	int		 status, i;

	memset(&m, 0, sizeof m);
	qs = fz_line(&data, &size, &qlen);
	path = fz_line(&data, &size, &plen);
	fz_env_s(&m, "REQUEST_METHOD", "POST");
	fz_env(&m, "QUERY_STRING", qs, qlen);
	fz_env(&m, "DOCUMENT_URI", path, plen);
	fz_env(&m, "REQUEST_URI", path, plen);
	fz_env_s(&m, "CONTENT_TYPE", "application/x-www-form-urlencoded; charset=UTF-8");
	snprintf(cl, sizeof cl, "%zu", size);
	fz_env_s(&m, "CONTENT_LENGTH", cl);
	fz_io_ready(&m, (const char *)data, size);

	status = fz_request(&app, &m, &r, ROUTE_FORM);
	if (status == 0 && r.hdf != NULL) {
		for (i = 0; names[i] != NULL; i++) {
			const char	*v = req_field(&r, names[i]);

			/* what passed the checks is short, valid UTF-8 */
			if (v != NULL && (strlen(v) > REQ_FIELD_MAX ||
			    !utf8_valid(v, strlen(v))))
				abort();
		}
		when_parse(&r, "date", "time", "party", 0, &w);
		if (w.bad == NULL && (w.minute < 0 || w.minute >= 1440 ||
		    w.party < 1 || w.party > 100))
			abort();
	}
	req_free(&r);
	fz_io_free(&m);
	return 0;
}
