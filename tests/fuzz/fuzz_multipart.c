/* fuzz_multipart.c: multipart/form-data bodies through req.c's guard and ClearSilver's parser. */
#include "fuzz.h"

static struct app	 app;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_app_init(&app);
	return 0;
}

/* Line 1: the Content-Type's parameters ("boundary=..."); the rest: the body. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_io	 m;
	struct req	 r;
	const char	*params, *v;
	size_t		 plen;
	char		 ct[512], cl[32];
	int		 status;

	memset(&m, 0, sizeof m);
	params = fz_line(&data, &size, &plen);
	if (plen > 400)
		plen = 400;
	snprintf(ct, sizeof ct, "multipart/form-data; %.*s", (int)plen, params);
	fz_env_s(&m, "REQUEST_METHOD", "POST");
	fz_env_s(&m, "DOCUMENT_URI", "/owner/r/1/photos");
	fz_env_s(&m, "CONTENT_TYPE", ct);
	snprintf(cl, sizeof cl, "%zu", size);
	fz_env_s(&m, "CONTENT_LENGTH", cl);
	fz_io_ready(&m, (const char *)data, size);

	status = fz_request(&app, &m, &r, ROUTE_FORM);
	if (status == 0 && r.hdf != NULL) {
		v = req_field(&r, "name");
		if (v != NULL && !utf8_valid(v, strlen(v)))
			abort();
		(void)req_field(&r, "photo");
	}
	req_free(&r);
	fz_io_free(&m);
	return 0;
}
