/* fuzz_cookie.c: the Cookie header, Origin/Host/Sec-Fetch-Site and the CSRF check that reads them. */
#include "fuzz.h"

static struct app	 app;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_app_init(&app);
	fz_key_load();
	return 0;
}

/* Lines: Cookie, Origin, Host, Sec-Fetch-Site ("-": absent), the query string. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const hdrs[] = { "HTTP_COOKIE", "HTTP_ORIGIN",
	    "HTTP_HOST", "HTTP_SEC_FETCH_SITE", "QUERY_STRING", NULL };
	struct fz_io	 m;
	struct req	 r;
	const char	*v;
	size_t		 len;
	char		 name[64];
	int		 status, i;

	memset(&m, 0, sizeof m);
	fz_env_s(&m, "REQUEST_METHOD", "POST");
	fz_env_s(&m, "DOCUMENT_URI", "/login");
	for (i = 0; hdrs[i] != NULL; i++) {
		v = fz_line(&data, &size, &len);
		if (!(len == 1 && v[0] == '-'))
			fz_env(&m, hdrs[i], v, len);
	}
	fz_io_ready(&m, NULL, 0);

	status = fz_request(&app, &m, &r, ROUTE_FORM);
	if (status == 0 && r.hdf != NULL) {
		cookie_name(&r, "sid", name, sizeof name);
		v = req_cookie(&r, name);
		if (v != NULL && !utf8_valid(v, strlen(v)))
			abort();
		cookie_name(&r, "bid", name, sizeof name);
		(void)req_cookie(&r, name);
		/* no token here was signed with the key: nothing may pass */
		if (session_csrf_ok(&r))
			abort();
	}
	req_free(&r);
	fz_io_free(&m);
	return 0;
}
