/* fuzz_json.c: JSON bodies through req.c, the field readers of input.c and the routes' body readers. */
#include "fuzz.h"

/*
 * The routes' readers are static: the route files are compiled in here
 * (tools/dev leaves their objects out of this target's link).
 */
#include "../../fcgi/route_account.c"
#include "../../fcgi/route_setup.c"
#include "../../fcgi/route_sheet.c"

static struct app	 app;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_app_init(&app);
	return 0;
}

static void
readers(struct req *r, json_t *j)
{
	static const char *const modes[] = { "auto", "manual", NULL };
	struct owner_restaurant	 cur;
	struct reservation	 rv;
	struct profile		 p;
	struct rules		 u;
	struct entry		 e;
	struct change		 c;
	struct guest		 g;
	struct start		 st;
	json_t			*errs = json_object();
	const char		*v;
	char			 scopes[256];
	long long		 n;
	double			 d;

	v = in_text(r, j, "name", 100, true, errs, false);
	if (utf8_len(v) > 100 || strpbrk(v, "\r\n\t") != NULL)
		abort();
	(void)in_text(r, j, "requests", 500, false, errs, true);
	if (in_int(r, j, "party", 1, 100, true, errs, &n) && (n < 1 || n > 100))
		abort();
	if (in_number(r, j, "lat", -90, 90, errs, &d) && !(d >= -90 && d <= 90))
		abort();
	(void)in_choice(r, j, "confirmation_mode", modes, false, errs);
	(void)in_bool(r, j, "notify");
	(void)in_given(r, j, "pacing");
	in_guest(r, j, &g, errs);
	if (start_parse(json_string_value(json_object_get(j, "start")), &st) &&
	    (st.minute < 0 || st.minute >= 1440))
		abort();

	memset(&cur, 0, sizeof cur);
	cur.name = cur.description = cur.cuisine = cur.address = cur.city = "";
	cur.postal_code = cur.country = cur.phone = cur.email = "";
	cur.website = cur.lat = cur.lon = "";
	cur.timezone = "Europe/Warsaw";
	cur.reminder_hours = "24,2";
	cur.today = "2026-05-01";
	cur.slot_minutes = 15;
	profile_parse(r, j, &cur, false, &p, errs);
	profile_parse(r, j, &cur, true, &p, errs);
	rules_parse(r, j, &cur, false, &u, errs);
	rules_parse(r, j, &cur, true, &u, errs);
	entry_parse(r, j, &cur, &e, errs);
	memset(&rv, 0, sizeof rv);
	rv.party = 2;
	rv.local_date = "2026-05-01";
	rv.local_time = "19:00";
	change_parse(r, j, &rv, &c, errs);
	(void)scopes_parse(json_object_get(j, "scopes"), r, scopes, sizeof scopes);
	json_decref(errs);
}

/* The body, as a JSON API call with a body sends it. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_io	 m;
	struct req	 r;
	char		 cl[32];
	int		 status;

	memset(&m, 0, sizeof m);
	fz_env_s(&m, "REQUEST_METHOD", "POST");
	fz_env_s(&m, "DOCUMENT_URI", "/api/v1/owner/restaurants/1");
	fz_env_s(&m, "CONTENT_TYPE", "application/json");
	snprintf(cl, sizeof cl, "%zu", size);
	fz_env_s(&m, "CONTENT_LENGTH", cl);
	fz_io_ready(&m, (const char *)data, size);

	status = fz_request(&app, &m, &r, ROUTE_JSON);
	if (status == 0 && json_is_object(r.json))
		readers(&r, r.json);
	req_free(&r);
	fz_io_free(&m);
	return 0;
}
