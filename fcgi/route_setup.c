/* route_setup.c: an owner's restaurants and their set-up, as pages and API. */
#include "app.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sodium.h>

static NEOERR	*owner_home(struct req *, struct resp *);
static NEOERR	*restaurant_create(struct req *, struct resp *);
static NEOERR	*setup_show(struct req *, struct resp *);
static NEOERR	*profile_save(struct req *, struct resp *);
static NEOERR	*rules_save(struct req *, struct resp *);
static NEOERR	*hours_add(struct req *, struct resp *);
static NEOERR	*closures_add(struct req *, struct resp *);
static NEOERR	*tables_add(struct req *, struct resp *);
static NEOERR	*tables_update(struct req *, struct resp *);
static NEOERR	*turns_add(struct req *, struct resp *);
static NEOERR	*item_delete(struct req *, struct resp *);
static NEOERR	*photo_add(struct req *, struct resp *);
static NEOERR	*submit(struct req *, struct resp *);
static NEOERR	*deposit_save(struct req *, struct resp *);
static NEOERR	*api_deposit(struct req *, struct resp *);
static NEOERR	*api_deposit_put(struct req *, struct resp *);
static NEOERR	*api_restaurants(struct req *, struct resp *);
static NEOERR	*api_restaurant_create(struct req *, struct resp *);
static NEOERR	*api_restaurant(struct req *, struct resp *);
static NEOERR	*api_restaurant_patch(struct req *, struct resp *);
static NEOERR	*api_submit(struct req *, struct resp *);
static NEOERR	*api_list(struct req *, struct resp *);
static NEOERR	*api_add(struct req *, struct resp *);
static NEOERR	*api_photo_add(struct req *, struct resp *);
static NEOERR	*api_table_patch(struct req *, struct resp *);
static NEOERR	*api_delete(struct req *, struct resp *);

#define P	(ROUTE_FORM | ROUTE_CSRF | ROUTE_OWNER)
#define A	(ROUTE_JSON | ROUTE_OWNER)

const struct route setup_routes[] = {
	{ HTTP_GET, "/owner", ROUTE_OWNER, owner_home, SCOPE_NONE },
	{ HTTP_POST, "/owner/restaurants", P, restaurant_create, SCOPE_NONE },
	{ HTTP_GET, "/owner/r/:id/setup", ROUTE_OWNER, setup_show, SCOPE_NONE },
	{ HTTP_POST, "/owner/r/:id/profile", P, profile_save, SCOPE_NONE },
	{ HTTP_POST, "/owner/r/:id/rules", P, rules_save, SCOPE_NONE },
	{ HTTP_POST, "/owner/r/:id/hours", P, hours_add, SCOPE_NONE },
	{ HTTP_POST, "/owner/r/:id/hours/:item/delete", P, item_delete,
	    SCOPE_NONE },
	{ HTTP_POST, "/owner/r/:id/closures", P, closures_add, SCOPE_NONE },
	{ HTTP_POST, "/owner/r/:id/closures/:item/delete", P, item_delete,
	    SCOPE_NONE },
	{ HTTP_POST, "/owner/r/:id/tables", P, tables_add, SCOPE_NONE },
	{ HTTP_POST, "/owner/r/:id/tables/:item", P, tables_update,
	    SCOPE_NONE },
	{ HTTP_POST, "/owner/r/:id/tables/:item/delete", P, item_delete,
	    SCOPE_NONE },
	{ HTTP_POST, "/owner/r/:id/turn-times", P, turns_add, SCOPE_NONE },
	{ HTTP_POST, "/owner/r/:id/turn-times/:item/delete", P, item_delete,
	    SCOPE_NONE },
	{ HTTP_POST, "/owner/r/:id/photos", P, photo_add, SCOPE_NONE },
	{ HTTP_POST, "/owner/r/:id/photos/:item/delete", P, item_delete,
	    SCOPE_NONE },
	{ HTTP_POST, "/owner/r/:id/submit", P, submit, SCOPE_NONE },
	{ HTTP_POST, "/owner/r/:id/deposit", P, deposit_save, SCOPE_NONE },
	{ HTTP_GET, "/api/v1/owner/restaurants", A, api_restaurants,
	    "setup:read" },
	{ HTTP_POST, "/api/v1/owner/restaurants", A, api_restaurant_create,
	    "setup:write" },
	{ HTTP_GET, "/api/v1/owner/restaurants/:id", A, api_restaurant,
	    "setup:read" },
	{ HTTP_PATCH, "/api/v1/owner/restaurants/:id", A, api_restaurant_patch,
	    "setup:write" },
	{ HTTP_POST, "/api/v1/owner/restaurants/:id/submit", A, api_submit,
	    "setup:write" },
	{ HTTP_POST, "/api/v1/owner/restaurants/:id/photos", A | ROUTE_IMAGE,
	    api_photo_add, "setup:write" },
	{ HTTP_GET, "/api/v1/owner/restaurants/:id/deposit-policy", A,
	    api_deposit, "setup:read" },
	{ HTTP_PUT, "/api/v1/owner/restaurants/:id/deposit-policy", A,
	    api_deposit_put, "setup:write" },
	{ HTTP_GET, "/api/v1/owner/restaurants/:id/:kind", A, api_list,
	    "setup:read" },
	{ HTTP_POST, "/api/v1/owner/restaurants/:id/:kind", A, api_add,
	    "setup:write" },
	{ HTTP_PATCH, "/api/v1/owner/restaurants/:id/tables/:item", A,
	    api_table_patch, "setup:write" },
	{ HTTP_DELETE, "/api/v1/owner/restaurants/:id/:kind/:item", A,
	    api_delete, "setup:write" },
	{ 0, NULL, 0, NULL, NULL }
};

#undef P
#undef A

static const char *const list_cols[] = {
	"id", "slug", "name", "city", "status", "timezone", "rating_avg",
	"rating_count", "today", "bookings_today", NULL
};
static const char *const hour_cols[] = {
	"id", "weekday", "opens", "closes", "name", "overnight", NULL
};
static const char *const closure_cols[] = {
	"id", "starts_on", "ends_on", "reason", NULL
};
static const char *const table_cols[] = {
	"id", "label", "seats_min", "seats_max", "area", "bookable", "active", NULL
};
static const char *const turn_cols[] = {
	"party_min", "party_max", "minutes", NULL
};
static const char *const photo_cols[] = {
	"id", "file", "caption", "bytes", NULL
};

/*
 * The kinds of set-up rows: path word, list, add, delete, columns, and
 * the range of the column an item in a path names (the router has
 * already taken only 1..INT64_MAX): a bigint id, or for turn times the
 * integer party_min.
 */
static const struct kind {
	const char		*word;		/* in paths */
	const char		*hdf;		/* Page.<hdf> */
	enum stmt		 list;
	enum stmt		 del;
	const char *const	*cols;
	long long		 item_max;
} kinds[] = {
	{ "hours", "Hours", STMT_OWNER_HOURS, STMT_OWNER_HOURS_DELETE, hour_cols,
	    INT64_MAX },
	{ "closures", "Closures", STMT_OWNER_CLOSURES, STMT_OWNER_CLOSURES_DELETE,
	    closure_cols, INT64_MAX },
	{ "tables", "Tables", STMT_OWNER_TABLES, STMT_OWNER_TABLES_DELETE,
	    table_cols, INT64_MAX },
	{ "turn-times", "Turns", STMT_OWNER_TURNS, STMT_OWNER_TURNS_DELETE,
	    turn_cols, INT32_MAX },
	{ "photos", "Photos", STMT_OWNER_PHOTOS, STMT_OWNER_PHOTOS_DELETE,
	    photo_cols, INT64_MAX },
};

static const struct kind *
kind_of(const char *word)
{
	size_t	 i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].word, word) == 0)
			return &kinds[i];
	return NULL;
}

/* The path segment after /r/:id/ in a page route: "hours", "tables"... */
static const char *
page_kind(struct req *r)
{
	const char	*p = r->path, *s;
	static char	 word[32];
	size_t		 n;

	/* /owner/r/<id>/<word>/... */
	if ((s = strchr(p + strlen("/owner/r/"), '/')) == NULL)
		return "";
	n = strcspn(s + 1, "/");
	if (n >= sizeof word)
		n = sizeof word - 1;
	memcpy(word, s + 1, n);
	word[n] = '\0';
	return word;
}

static const char *
ip(struct req *r)
{
	return req_header(r, "REMOTE_ADDR");
}

/* ------------------------------------------------------------------ */
/* checks of the set-up fields (forms and JSON alike)                   */
/* ------------------------------------------------------------------ */

struct profile {
	const char	*name, *description, *cuisine, *address, *city;
	const char	*postal_code, *country, *phone, *email, *website, *timezone;
	char		 lat[32], lon[32];
};

/* The profile; only what is given changes when patch is set. */
static void
profile_parse(struct req *r, json_t *j, struct owner_restaurant *cur, bool patch,
    struct profile *p, json_t *errs)
{
	double	 lat = 0, lon = 0;
	bool	 has_lat, has_lon;

#define TEXT(f, max, req, multi) \
	p->f = patch && !in_given(r, j, #f) ? cur->f : \
	    in_text(r, j, #f, max, req, errs, multi)
	TEXT(name, 120, true, false);
	TEXT(description, 4000, false, true);
	TEXT(cuisine, 60, false, false);
	TEXT(address, 200, false, false);
	TEXT(city, 80, false, false);
	TEXT(postal_code, 20, false, false);
	TEXT(country, 2, false, false);
	TEXT(phone, 40, false, false);
	TEXT(email, 254, false, false);
	TEXT(website, 300, false, false);
	TEXT(timezone, 64, true, false);
#undef TEXT
	if (*p->country != '\0' && (strlen(p->country) != 2 ||
	    strspn(p->country, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 2))
		json_object_set_new(errs, "country", json_string("invalid"));
	if (*p->email != '\0' && !email_ok(p->email))
		json_object_set_new(errs, "email", json_string("invalid_email"));
	if (*p->phone != '\0' && !phone_ok(p->phone))
		json_object_set_new(errs, "phone", json_string("invalid_phone"));
	if (*p->website != '\0' && strncmp(p->website, "https://", 8) != 0 &&
	    strncmp(p->website, "http://", 7) != 0)
		json_object_set_new(errs, "website", json_string("invalid_url"));
	if (strspn(p->timezone, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789/_+-") != strlen(p->timezone))
		json_object_set_new(errs, "timezone", json_string("invalid_timezone"));
	if (patch && !in_given(r, j, "lat") && !in_given(r, j, "lon")) {
		snprintf(p->lat, sizeof p->lat, "%s", cur->lat);
		snprintf(p->lon, sizeof p->lon, "%s", cur->lon);
		return;
	}
	has_lat = in_number(r, j, "lat", -90, 90, errs, &lat);
	has_lon = in_number(r, j, "lon", -180, 180, errs, &lon);
	p->lat[0] = p->lon[0] = '\0';
	/* out of range: say which range */
	if (json_object_get(errs, "lat") != NULL)
		json_object_set_new(errs, "lat", json_string("invalid_lat"));
	if (json_object_get(errs, "lon") != NULL)
		json_object_set_new(errs, "lon", json_string("invalid_lng"));
	if (has_lat != has_lon && json_object_get(errs, "lat") == NULL &&
	    json_object_get(errs, "lon") == NULL)
		json_object_set_new(errs, has_lat ? "lon" : "lat",
		    json_string("geo_both"));
	if (has_lat && has_lon) {
		snprintf(p->lat, sizeof p->lat, "%.7f", lat);
		snprintf(p->lon, sizeof p->lon, "%.7f", lon);
	}
}

struct rules {
	char	 slot[8], window[8], notice[8], cutoff[8], grace[8], party[8];
	char	 pacing[8], reminders[40], claim[8];
	const char *mode;
};

static void
rules_parse(struct req *r, json_t *j, struct owner_restaurant *cur, bool patch,
    struct rules *u, json_t *errs)
{
	static const char *const modes[] = { "auto", "manual", NULL };
	const char	*v;
	long long	 n, h;
	char		*end, buf[40];
	const char	*q;
	int		 k = 0;

#define INT(f, name, min, max) do { \
	if (patch && !in_given(r, j, #name)) \
		snprintf(u->f, sizeof u->f, "%d", cur->name); \
	else if (in_int(r, j, #name, min, max, true, errs, &n)) \
		snprintf(u->f, sizeof u->f, "%lld", n); \
} while (0)
	INT(slot, slot_minutes, 5, 60);
	INT(window, booking_window_days, 1, 365);
	INT(notice, min_notice_minutes, 0, 10080);
	INT(cutoff, cancel_cutoff_minutes, 0, 10080);
	INT(grace, noshow_grace_minutes, 0, 240);
	INT(party, max_party, 1, 100);
#undef INT
	/* the waitlist's claim window: kept when not sent (older clients) */
	if (!in_given(r, j, "waitlist_claim_minutes"))
		snprintf(u->claim, sizeof u->claim, "%d",
		    cur->waitlist_claim_minutes);
	else if (in_int(r, j, "waitlist_claim_minutes", 5, 120, true, errs, &n))
		snprintf(u->claim, sizeof u->claim, "%lld", n);
	if (strcmp(u->slot, "5") != 0 && strcmp(u->slot, "10") != 0 &&
	    strcmp(u->slot, "15") != 0 && strcmp(u->slot, "20") != 0 &&
	    strcmp(u->slot, "30") != 0 && strcmp(u->slot, "60") != 0 &&
	    json_object_get(errs, "slot_minutes") == NULL)
		json_object_set_new(errs, "slot_minutes", json_string("invalid"));
	u->mode = patch && !in_given(r, j, "confirmation_mode") ?
	    (cur->manual ? "manual" : "auto") :
	    in_choice(r, j, "confirmation_mode", modes, true, errs);
	/* pacing: empty for none */
	u->pacing[0] = '\0';
	if (patch && !in_given(r, j, "pacing"))
		/* "%.0d" writes nothing for 0: no pacing */
		snprintf(u->pacing, sizeof u->pacing, "%.0d", cur->pacing);
	else if ((j == NULL || !json_is_null(json_object_get(j, "pacing"))) &&
	    in_int(r, j, "pacing", 1, 1000, false, errs, &n))
		snprintf(u->pacing, sizeof u->pacing, "%lld", n);
	/* reminder hours: "24,2" (a form) or [24, 2] (JSON) */
	if (patch && !in_given(r, j, "reminder_hours")) {
		snprintf(buf, sizeof buf, "%s", cur->reminder_hours);
		v = buf;
	} else if (j != NULL && json_is_array(json_object_get(j,
	    "reminder_hours"))) {
		json_t	*e;
		size_t	 i;

		buf[0] = '\0';
		json_array_foreach(json_object_get(j, "reminder_hours"), i, e) {
			if (!json_is_integer(e) || i >= 4) {
				json_object_set_new(errs, "reminder_hours",
				    json_string("invalid"));
				break;
			}
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
			    "%s%lld", i > 0 ? "," : "", (long long)json_integer_value(e));
		}
		v = buf;
	} else
		v = in_text(r, j, "reminder_hours", 30, false, errs, false);
	snprintf(u->reminders, sizeof u->reminders, "{");
	for (q = v; *q != '\0' && json_object_get(errs, "reminder_hours") == NULL;
	    q = *end == ',' ? end + 1 : end) {
		while (*q == ' ')
			q++;
		h = strtoll(q, &end, 10);
		while (*end == ' ')
			end++;
		if (end == q || h < 1 || h > 168 || ++k > 4 ||
		    (*end != ',' && *end != '\0')) {
			json_object_set_new(errs, "reminder_hours",
			    json_string("invalid_hours"));
			break;
		}
		snprintf(u->reminders + strlen(u->reminders),
		    sizeof u->reminders - strlen(u->reminders), "%s%lld",
		    k > 1 ? "," : "", h);
	}
	snprintf(u->reminders + strlen(u->reminders),
	    sizeof u->reminders - strlen(u->reminders), "}");
}

/* ------------------------------------------------------------------ */
/* the pages                                                            */
/* ------------------------------------------------------------------ */

/* GET /owner: the owner's restaurants and a form for a new one. 200. */
static NEOERR *
owner_home(struct req *r, struct resp *w)
{
	PGresult	*res = NULL;
	char		 uid[24];
	const char	*p[1];
	NEOERR		*err;

	snprintf(uid, sizeof uid, "%lld", (long long)r->user_id);
	p[0] = uid;
	if ((err = db_exec(r->app->db, STMT_OWNER_RESTAURANTS, 1, p, &res)) !=
	    STATUS_OK)
		return nerr_pass(err);
	err = hdf_put_rows(r->hdf, "Page.Restaurants", res, list_cols);
	PQclear(res);
	if (err != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(session_page(r, w, "owner/index.cs", w->status ? w->status : 200));
}

static NEOERR	*deposit_render(struct req *, struct owner_restaurant *, bool);

/* Everything the set-up page shows of restaurant cur. */
static NEOERR *
setup_render(struct req *r, struct resp *w, struct owner_restaurant *cur, int status)
{
	PGresult	*res = NULL;
	NEOERR		*err;
	const char	*sec;
	size_t		 i;
	char		 prefix[32];
	int		 ready = 0;

	if ((err = owner_put_restaurant(r->hdf, cur)) != STATUS_OK)
		return nerr_pass(err);
	/* a form sent back with errors shows what was typed, not what is stored */
	sec = hdf_get_value(r->hdf, "Page.Section", "");
	for (i = 0; status == 422 && (strcmp(sec, "profile") == 0 ||
	    strcmp(sec, "rules") == 0) && owner_restaurant_cols[i] != NULL; i++)
		if (strcmp(owner_restaurant_cols[i], "id") != 0 &&
		    strcmp(owner_restaurant_cols[i], "status") != 0 &&
		    req_field(r, owner_restaurant_cols[i]) != NULL &&
		    (err = hdf_set_valuef(r->hdf, "Page.R.%s=%s",
		    owner_restaurant_cols[i], req_field(r,
		    owner_restaurant_cols[i]))) != STATUS_OK)
			return nerr_pass(err);
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if ((err = owner_rows(r, kinds[i].list, cur->id, 0, NULL,
		    &res)) != STATUS_OK)
			return nerr_pass(err);
		snprintf(prefix, sizeof prefix, "Page.%s", kinds[i].hdf);
		err = hdf_put_rows(r->hdf, prefix, res, kinds[i].cols);
		if (i != 1 && i != 4 && PQntuples(res) > 0)
			ready++;
		PQclear(res);
		if (err != STATUS_OK)
			return nerr_pass(err);
	}
	if ((err = hdf_set_int_value(r->hdf, "Page.Ready", ready == 3)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if ((err = deposit_render(r, cur, status == 422 &&
	    strcmp(sec, "deposit") == 0)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(session_page(r, w, "owner/setup.cs", status));
}

/* GET /owner/r/{id}/setup: profile, rules, hours, tables... 200; 404. */
static NEOERR *
setup_show(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	NEOERR		*err;

	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	err = setup_render(r, w, cur, 200);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* After a write from a page: back to its section, or the form with errors. */
static NEOERR *
after(struct req *r, struct resp *w, struct owner_restaurant *cur, json_t *errs,
    const char *section)
{
	char	 loc[96];
	NEOERR	*err;

	if (json_object_size(errs) > 0) {
		if ((err = in_errors_to_form(r, errs)) != STATUS_OK ||
		    (err = hdf_set_value(r->hdf, "Page.Section", section)) !=
		    STATUS_OK)
			return nerr_pass(err);
		return nerr_pass(setup_render(r, w, cur, 422));
	}
	snprintf(loc, sizeof loc, "/owner/r/%lld/setup?saved=%s#%s",
	    (long long)cur->id, section, section);
	return nerr_pass(resp_redirect(w, 303, loc));
}

/* Write an owner's change; constraint failures become field errors. */
static NEOERR *
write_row(struct req *r, enum stmt s, int64_t rid, int n, const char *const *v,
    json_t *errs, const char *field, const char *taken, PGresult **out)
{
	PGresult	*res = NULL;
	enum db_conflict c;
	char		 id[24], uid[24];
	const char	*p[16];
	NEOERR		*err;
	int		 i;

	if (out != NULL)
		*out = NULL;
	snprintf(id, sizeof id, "%lld", (long long)rid);
	snprintf(uid, sizeof uid, "%lld", (long long)r->user_id);
	p[0] = id;
	p[1] = uid;
	for (i = 0; i < n && i < 14; i++)
		p[2 + i] = v[i];
	if ((err = db_try(r->app->db, s, 2 + i, p, &res, &c)) != STATUS_OK)
		return nerr_pass(err);
	if (c == DB_UNIQUE || c == DB_EXCLUSION) {
		json_object_set_new(errs, field, json_string(taken));
		return STATUS_OK;
	}
	if (c != DB_OK) {
		json_object_set_new(errs, field, json_string("invalid"));
		return STATUS_OK;
	}
	if (out != NULL)
		*out = res;
	else
		PQclear(res);
	return STATUS_OK;
}

static NEOERR *
audit_owner(struct req *r, const char *action, int64_t rid, json_t *detail)
{
	char	 target[32];

	snprintf(target, sizeof target, "restaurant:%lld", (long long)rid);
	return nerr_pass(audit(r->app->db, r->user_id, action, target, ip(r),
	    detail));
}

/* A new draft: its name, zone and city; the slug from the name if none. */
static NEOERR *
create_parse(struct req *r, json_t *j, json_t *errs, int64_t *id)
{
	PGresult	*res = NULL;
	enum db_conflict c;
	const char	*name, *tz, *city, *slug, *p[5];
	char		 gen[81], uid[24];
	NEOERR		*err;

	*id = 0;
	name = in_text(r, j, "name", 120, true, errs, false);
	tz = in_text(r, j, "timezone", 64, true, errs, false);
	city = in_text(r, j, "city", 80, false, errs, false);
	slug = in_text(r, j, "slug", 80, false, errs, false);
	if (*slug == '\0' && *name != '\0') {
		slugify(name, gen, sizeof gen);
		slug = gen;
	}
	if (*name != '\0' && !slug_valid(slug))
		json_object_set_new(errs, "slug", json_string("invalid_slug"));
	if (json_object_size(errs) > 0)
		return STATUS_OK;
	snprintf(uid, sizeof uid, "%lld", (long long)r->user_id);
	p[0] = uid;
	p[1] = slug;
	p[2] = name;
	p[3] = tz;
	p[4] = city;
	if ((err = db_try(r->app->db, STMT_OWNER_CREATE, 5, p, &res, &c)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if (c == DB_UNIQUE)
		json_object_set_new(errs, "slug", json_string("slug_taken"));
	else if (c != DB_OK)
		json_object_set_new(errs, "timezone", json_string("invalid_timezone"));
	else
		*id = db_int(res, 0, 0);
	PQclear(res);
	if (*id != 0)
		err = audit_owner(r, "restaurant_create", *id,
		    json_pack("{s:s}", "slug", slug));
	return nerr_pass(err);
}

/* POST /owner/restaurants: a new draft. 303 to its set-up; 422 the form. */
static NEOERR *
restaurant_create(struct req *r, struct resp *w)
{
	json_t	*errs = json_object();
	char	 loc[64];
	int64_t	 id;
	NEOERR	*err;

	if ((err = create_parse(r, NULL, errs, &id)) == STATUS_OK) {
		if (id != 0) {
			snprintf(loc, sizeof loc, "/owner/r/%lld/setup",
			    (long long)id);
			err = resp_redirect(w, 303, loc);
		} else if ((err = in_errors_to_form(r, errs)) == STATUS_OK) {
			w->status = 422;
			err = owner_home(r, w);
		}
	}
	json_decref(errs);
	return nerr_pass(err);
}

/* Save the profile of cur; errors into errs. */
static NEOERR *
profile_write(struct req *r, json_t *j, struct owner_restaurant *cur, bool patch, json_t *errs)
{
	struct profile	 f;
	const char	*v[13];

	profile_parse(r, j, cur, patch, &f, errs);
	if (json_object_size(errs) > 0)
		return STATUS_OK;
	v[0] = f.name;
	v[1] = f.description;
	v[2] = f.cuisine;
	v[3] = f.address;
	v[4] = f.city;
	v[5] = f.postal_code;
	v[6] = f.country;
	v[7] = f.phone;
	v[8] = f.email;
	v[9] = f.website;
	v[10] = *f.lat != '\0' ? f.lat : NULL;
	v[11] = *f.lon != '\0' ? f.lon : NULL;
	v[12] = f.timezone;
	return nerr_pass(write_row(r, STMT_OWNER_PROFILE, cur->id, 13, v,
	    errs, "timezone", "invalid_timezone", NULL));
}

static NEOERR *
rules_write(struct req *r, json_t *j, struct owner_restaurant *cur, bool patch, json_t *errs)
{
	struct rules	 u;
	const char	*v[10];

	memset(&u, 0, sizeof u);
	rules_parse(r, j, cur, patch, &u, errs);
	if (json_object_size(errs) > 0)
		return STATUS_OK;
	v[0] = u.slot;
	v[1] = u.window;
	v[2] = u.notice;
	v[3] = u.cutoff;
	v[4] = u.mode;
	v[5] = *u.pacing != '\0' ? u.pacing : NULL;
	v[6] = u.grace;
	v[7] = u.reminders;
	v[8] = u.party;
	v[9] = u.claim;
	return nerr_pass(write_row(r, STMT_OWNER_RULES, cur->id, 10, v,
	    errs, "reminder_hours", "invalid", NULL));
}

/* A page POST: load the restaurant, run fn, audit, answer. */
static NEOERR *
page_write(struct req *r, struct resp *w, const char *section,
    NEOERR *(*fn)(struct req *, json_t *, struct owner_restaurant *, bool,
    json_t *))
{
	struct owner_restaurant	*cur = NULL;
	json_t		*errs = json_object();
	char		 action[48];
	NEOERR		*err;

	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL) {
		json_decref(errs);
		return nerr_pass(err);
	}
	if ((err = fn(r, NULL, cur, false, errs)) == STATUS_OK &&
	    json_object_size(errs) == 0) {
		snprintf(action, sizeof action, "setup_%s", section);
		err = audit_owner(r, action, cur->id, NULL);
	}
	if (err == STATUS_OK)
		err = after(r, w, cur, errs, section);
	json_decref(errs);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* POST /owner/r/{id}/profile. 303; 404; 422 the form with messages. */
static NEOERR *
profile_save(struct req *r, struct resp *w)
{
	return nerr_pass(page_write(r, w, "profile", profile_write));
}

/* POST /owner/r/{id}/rules. 303; 404; 422. */
static NEOERR *
rules_save(struct req *r, struct resp *w)
{
	return nerr_pass(page_write(r, w, "rules", rules_write));
}

/* ------------------------------------------------------------------ */
/* rows: hours, closures, tables, turn times, photos                    */
/* ------------------------------------------------------------------ */

static NEOERR *
hours_write(struct req *r, json_t *j, struct owner_restaurant *cur, bool patch, json_t *errs)
{
	const char	*opens, *closes, *name, *v[4];
	long long	 from = 0, to = 0, d;
	char		 day[4];
	int		 o, c;
	NEOERR		*err;

	(void)patch;
	opens = in_text(r, j, "opens", 5, true, errs, false);
	closes = in_text(r, j, "closes", 5, true, errs, false);
	name = in_text(r, j, "name", 40, false, errs, false);
	if (in_given(r, j, "weekday")) {
		if (in_int(r, j, "weekday", 1, 7, true, errs, &from))
			to = from;
	} else if (in_int(r, j, "from", 1, 7, true, errs, &from) &&
	    in_int(r, j, "to", 1, 7, true, errs, &to) && to < from)
		json_object_set_new(errs, "to", json_string("invalid"));
	if (*opens != '\0' && !hm_parse(opens, &o))
		json_object_set_new(errs, "opens", json_string("invalid_time"));
	if (*closes != '\0' && !hm_parse(closes, &c))
		json_object_set_new(errs, "closes", json_string("invalid_time"));
	if (json_object_size(errs) == 0 && strcmp(opens, closes) == 0)
		json_object_set_new(errs, "closes", json_string("same_time"));
	if (json_object_size(errs) > 0)
		return STATUS_OK;
	/* a range of days is one service a day, all or none */
	v[1] = opens;
	v[2] = closes;
	v[3] = name;
	if ((err = db_begin(r->app->db)) != STATUS_OK)
		return nerr_pass(err);
	for (d = from; d <= to && json_object_size(errs) == 0; d++) {
		snprintf(day, sizeof day, "%lld", d);
		v[0] = day;
		if ((err = write_row(r, STMT_OWNER_HOURS_ADD, cur->id, 4, v,
		    errs, "opens", "hours_taken", NULL)) != STATUS_OK) {
			db_rollback(r->app->db);
			return nerr_pass(err);
		}
	}
	if (json_object_size(errs) > 0) {
		db_rollback(r->app->db);
		return STATUS_OK;
	}
	return nerr_pass(db_commit(r->app->db));
}

static NEOERR *
closures_write(struct req *r, json_t *j, struct owner_restaurant *cur, bool patch,
    json_t *errs)
{
	const char	*from, *to, *v[3];
	int		 a, b;

	(void)patch;
	from = in_text(r, j, "starts_on", 10, true, errs, false);
	to = in_text(r, j, "ends_on", 10, false, errs, false);
	v[2] = in_text(r, j, "reason", 200, false, errs, false);
	if (*to == '\0')
		to = from;
	if (*from != '\0' && !date_parse(from, &a))
		json_object_set_new(errs, "starts_on", json_string("invalid_date"));
	else if (*to != '\0' && !date_parse(to, &b))
		json_object_set_new(errs, "ends_on", json_string("invalid_date"));
	else if (*from != '\0' && b < a)
		json_object_set_new(errs, "ends_on", json_string("before_start"));
	if (json_object_size(errs) > 0)
		return STATUS_OK;
	v[0] = from;
	v[1] = to;
	return nerr_pass(write_row(r, STMT_OWNER_CLOSURES_ADD, cur->id, 3,
	    v, errs, "starts_on", "invalid", NULL));
}

static const char *const bookables[] = { "online", "in_house", "walk_in", NULL };

/*
 * A table's fields; with row, an update of that table. A form gives every
 * field; the API may give some, the rest coming from row oi of old.
 */
static NEOERR *
table_fields(struct req *r, json_t *j, int64_t rid, const char *row,
    PGresult *old, int oi, json_t *errs)
{
	const char	*v[7], *b;
	long long	 lo = 0, hi = 0;
	char		 smin[8], smax[8];

#define GIVEN(n)	(old == NULL || in_given(r, j, n))
	v[0] = GIVEN("label") ? in_text(r, j, "label", 20, true, errs, false) :
	    db_str(old, oi, 1);
	if (GIVEN("seats_min"))
		in_int(r, j, "seats_min", 1, 100, true, errs, &lo);
	else
		lo = db_int(old, oi, 2);
	if (GIVEN("seats_max"))
		in_int(r, j, "seats_max", 1, 100, true, errs, &hi);
	else
		hi = db_int(old, oi, 3);
	v[3] = GIVEN("area") ? in_text(r, j, "area", 40, false, errs, false) :
	    db_str(old, oi, 4);
	b = GIVEN("bookable") ? in_choice(r, j, "bookable", bookables, false, errs) :
	    db_str(old, oi, 5);
	v[4] = b != NULL ? b : "online";
	/* a new table is in use; a form's checkbox is off when absent */
	if (row == NULL)
		v[5] = "true";
	else if (j == NULL)
		v[5] = in_bool(r, j, "active") ? "true" : "false";
	else if (in_given(r, j, "active"))
		v[5] = in_bool(r, j, "active") ? "true" : "false";
	else
		v[5] = db_bool(old, oi, 6) ? "true" : "false";
#undef GIVEN
	if (lo > hi && json_object_size(errs) == 0)
		json_object_set_new(errs, "seats_max", json_string("below_min"));
	if (json_object_size(errs) > 0)
		return STATUS_OK;
	snprintf(smin, sizeof smin, "%lld", lo);
	snprintf(smax, sizeof smax, "%lld", hi);
	v[1] = smin;
	v[2] = smax;
	if (row == NULL)
		return nerr_pass(write_row(r, STMT_OWNER_TABLES_ADD, rid, 5, v,
		    errs, "label", "label_taken", NULL));
	{
		const char *u[7] = { row, v[0], v[1], v[2], v[3], v[4], v[5] };
		PGresult   *res = NULL;
		NEOERR	   *err;

		if ((err = write_row(r, STMT_OWNER_TABLES_UPDATE, rid, 7, u, errs,
		    "label", "label_taken", &res)) != STATUS_OK)
			return nerr_pass(err);
		if (res != NULL && PQntuples(res) == 0)
			json_object_set_new(errs, "table", json_string("unknown"));
		PQclear(res);
	}
	return STATUS_OK;
}

static NEOERR *
tables_write(struct req *r, json_t *j, struct owner_restaurant *cur, bool patch, json_t *errs)
{
	(void)patch;
	return nerr_pass(table_fields(r, j, cur->id, NULL, NULL, 0,
	    errs));
}

static NEOERR *
turns_write(struct req *r, json_t *j, struct owner_restaurant *cur, bool patch, json_t *errs)
{
	long long	 lo = 0, hi = 0, m = 0;
	char		 a[8], b[8], c[8];
	const char	*v[3] = { a, b, c };

	(void)patch;
	in_int(r, j, "party_min", 1, 100, true, errs, &lo);
	in_int(r, j, "party_max", 1, 100, true, errs, &hi);
	in_int(r, j, "minutes", 15, 720, true, errs, &m);
	if (json_object_size(errs) == 0 && lo > hi)
		json_object_set_new(errs, "party_max", json_string("below_min"));
	if (json_object_size(errs) > 0)
		return STATUS_OK;
	snprintf(a, sizeof a, "%lld", lo);
	snprintf(b, sizeof b, "%lld", hi);
	snprintf(c, sizeof c, "%lld", m);
	return nerr_pass(write_row(r, STMT_OWNER_TURNS_ADD, cur->id, 3, v,
	    errs, "party_min", "turn_overlap", NULL));
}

static NEOERR *
hours_add(struct req *r, struct resp *w)
{
	return nerr_pass(page_write(r, w, "hours", hours_write));
}

static NEOERR *
closures_add(struct req *r, struct resp *w)
{
	return nerr_pass(page_write(r, w, "closures", closures_write));
}

static NEOERR *
tables_add(struct req *r, struct resp *w)
{
	return nerr_pass(page_write(r, w, "tables", tables_write));
}

static NEOERR *
turns_add(struct req *r, struct resp *w)
{
	return nerr_pass(page_write(r, w, "turn-times", turns_write));
}

/* POST /owner/r/{id}/tables/{table}: edit a table. 303; 404; 422. */
static NEOERR *
tables_update(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	json_t		*errs = json_object();
	long long	 tid;
	NEOERR		*err;

	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL) {
		json_decref(errs);
		return nerr_pass(err);
	}
	if (!parse_int(req_param(r, 1), 1, INT64_MAX, &tid))
		err = resp_error(r, w, 404);
	else if ((err = table_fields(r, NULL, cur->id, req_param(r, 1),
	    NULL, 0, errs)) == STATUS_OK) {
		if (json_object_get(errs, "table") != NULL)
			err = resp_error(r, w, 404);
		else if (json_object_size(errs) == 0 &&
		    (err = audit_owner(r, "setup_table_update", cur->id,
		    json_pack("{s:I}", "table", (json_int_t)tid))) != STATUS_OK)
			;
		else
			err = after(r, w, cur, errs, "tables");
	}
	json_decref(errs);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* Remove row item of kind k from cur; *found false if it is not there. */
static NEOERR *
remove_item(struct req *r, const struct kind *k, struct owner_restaurant *cur,
    const char *item, bool *found)
{
	PGresult	*res = NULL;
	const char	*p[1] = { item };
	char		 path[4096];
	long long	 n;
	NEOERR		*err;

	*found = false;
	if (!parse_int(item, 1, k->item_max, &n))
		return STATUS_OK;
	if ((err = owner_rows(r, k->del, cur->id, 1, p, &res)) !=
	    STATUS_OK)
		return nerr_pass(err);
	*found = PQntuples(res) > 0;
	/* a photo's file goes with its row */
	if (*found && k->list == STMT_OWNER_PHOTOS) {
		snprintf(path, sizeof path, "%s/%s", hdf_get_value(r->app->conf,
		    "App.MediaDir", LOCALSTATEDIR "/lib/stolik/media"),
		    db_str(res, 0, 0));
		if (unlink(path) != 0 && errno != ENOENT)
			log_warn("cannot remove %s: %s", path, strerror(errno));
	}
	PQclear(res);
	if (*found)
		err = audit_owner(r, "setup_delete", cur->id,
		    json_pack("{s:s,s:s}", "kind", k->word, "item", item));
	return nerr_pass(err);
}

/* POST /owner/r/{id}/{kind}/{item}/delete. 303; 404. */
static NEOERR *
item_delete(struct req *r, struct resp *w)
{
	const struct kind	*k = kind_of(page_kind(r));
	struct owner_restaurant		*cur = NULL;
	json_t			*errs = json_object();
	bool			 found;
	NEOERR			*err;

	if (k == NULL) {
		json_decref(errs);
		return nerr_pass(resp_error(r, w, 404));
	}
	if ((err = owner_restaurant(r, w, &cur)) == STATUS_OK && cur != NULL &&
	    (err = remove_item(r, k, cur, req_param(r, 1), &found)) == STATUS_OK)
		err = found ? after(r, w, cur, errs, k->word) :
		    resp_error(r, w, 404);
	json_decref(errs);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* photos                                                               */
/* ------------------------------------------------------------------ */

/*
 * Keep the n bytes of buf as a photo of the restaurant cur with caption:
 * a file under a random name, then its row. Problems go into errs under
 * field (not one whole image, its size, too many photos).
 */
static NEOERR *
photo_save(struct req *r, struct owner_restaurant *cur, const unsigned char *buf, size_t n,
    const char *caption, const char *field, json_t *errs)
{
	struct image_info info;
	const char	*type, *ext, *v[6];
	char		 name[64], path[4096], tmp[4200], bytes[24];
	char		 wd[16], ht[16];
	PGresult	*res = NULL;
	FILE		*out;
	NEOERR		*err;

	/* one whole image and nothing else, of a size a page can show */
	switch (image_check(buf, n, &info)) {
	case IMAGE_OK:
		break;
	case IMAGE_BAD_SIZE:
		json_object_set_new(errs, field, json_string("bad_dimensions"));
		return STATUS_OK;
	default:
		json_object_set_new(errs, field, json_string("not_an_image"));
		return STATUS_OK;
	}
	type = image_mime(info.type);
	ext = image_ext(info.type);
	/* a random name: nothing of the upload's own name reaches the disk */
	sec_code(name, 24);
	for (size_t i = 0; name[i] != '\0'; i++)
		if (name[i] >= 'A' && name[i] <= 'Z')
			name[i] = (char)(name[i] - 'A' + 'a');
	snprintf(name + 24, sizeof name - 24, ".%s", ext);
	snprintf(path, sizeof path, "%s/%s", hdf_get_value(r->app->conf,
	    "App.MediaDir", LOCALSTATEDIR "/lib/stolik/media"), name);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if ((out = fopen(tmp, "wx")) == NULL)
		return nerr_raise_errno(NERR_IO, "cannot create %s", tmp);
	if (fwrite(buf, 1, n, out) != n || fclose(out) != 0) {
		unlink(tmp);
		return nerr_raise_errno(NERR_IO, "cannot write %s", tmp);
	}
	snprintf(bytes, sizeof bytes, "%zu", n);
	v[0] = name;
	v[1] = type;
	v[2] = bytes;
	v[3] = caption;
	snprintf(wd, sizeof wd, "%u", (unsigned)info.width);
	snprintf(ht, sizeof ht, "%u", (unsigned)info.height);
	v[4] = wd;
	v[5] = ht;
	if ((err = write_row(r, STMT_OWNER_PHOTOS_ADD, cur->id, 6, v,
	    errs, field, "invalid", &res)) != STATUS_OK ||
	    json_object_size(errs) > 0 || PQntuples(res) == 0) {
		if (err == STATUS_OK && res != NULL && PQntuples(res) == 0)
			json_object_set_new(errs, field, json_string("too_many"));
		PQclear(res);
		unlink(tmp);
		return nerr_pass(err);
	}
	PQclear(res);
	if (rename(tmp, path) != 0) {
		unlink(tmp);
		return nerr_raise_errno(NERR_IO, "cannot rename %s", tmp);
	}
	return nerr_pass(audit_owner(r, "setup_photo", cur->id,
	    json_pack("{s:s,s:I}", "file", name, "bytes", (json_int_t)n)));
}

/* Store the uploaded photo of field "photo"; errors into errs. */
static NEOERR *
photo_store(struct req *r, struct owner_restaurant *cur, json_t *errs)
{
	FILE		*f;
	unsigned char	*buf;
	const char	*caption;
	size_t		 n, max = r->app->max_body;
	NEOERR		*err;

	caption = in_text(r, NULL, "caption", 200, false, errs, false);
	if ((f = cgi_filehandle(r->cgi, "photo")) == NULL) {
		json_object_set_new(errs, "photo", json_string("required"));
		return STATUS_OK;
	}
	if ((buf = malloc(max + 1)) == NULL)
		return nerr_raise(NERR_NOMEM, "photo");
	rewind(f);
	n = fread(buf, 1, max + 1, f);
	if (n == 0 || n > max)
		json_object_set_new(errs, "photo", json_string(n == 0 ? "required" :
		    "too_large"));
	err = json_object_size(errs) > 0 ? STATUS_OK :
	    photo_save(r, cur, buf, n, caption, "photo", errs);
	free(buf);
	return nerr_pass(err);
}

/* POST /owner/r/{id}/photos (multipart). 303; 404; 422 not one whole image or a bad size. */
static NEOERR *
photo_add(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	json_t		*errs = json_object();
	NEOERR		*err;

	if ((err = owner_restaurant(r, w, &cur)) == STATUS_OK && cur != NULL &&
	    (err = photo_store(r, cur, errs)) == STATUS_OK)
		err = after(r, w, cur, errs, "photos");
	json_decref(errs);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* POST /owner/r/{id}/submit: a complete draft goes to the admin. */
static NEOERR *
submit(struct req *r, struct resp *w)
{
	struct owner_restaurant *cur = NULL;
	PGresult	*res = NULL;
	json_t		*errs = json_object();
	NEOERR		*err;

	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL) {
		json_decref(errs);
		return nerr_pass(err);
	}
	if ((err = owner_rows(r, STMT_OWNER_SUBMIT, cur->id, 0, NULL,
	    &res)) == STATUS_OK) {
		if (PQntuples(res) == 0)
			json_object_set_new(errs, "submit", json_string(strcmp(
			    cur->status, "draft") == 0 ? "incomplete" :
			    "not_draft"));
		else
			err = audit_owner(r, "restaurant_submit", cur->id,
			    NULL);
		if (err == STATUS_OK)
			err = after(r, w, cur, errs, "submit");
	}
	PQclear(res);
	db_owner_restaurant_free(cur);
	json_decref(errs);
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* the deposit policy                                                   */
/* ------------------------------------------------------------------ */

#define SERVICES_TEXT	(DEPOSIT_SERVICES * 42)	/* "Dinner, Lunch" */
#define DATES_TEXT	(DEPOSIT_DATES * 12)	/* one per line */

/* A policy read from a form or a JSON body, with what it borrows. */
struct deposit_in {
	struct deposit_policy p;
	int		 dates[DEPOSIT_DATES];
	char		 services[SERVICES_TEXT * 4 + 1];	/* split in place */
};

static int
by_day(const void *a, const void *b)
{
	int	 x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

/* A service of the restaurant's opening hours named like name. */
static bool
service_known(const struct setup *s, const char *name)
{
	size_t	 i;

	for (i = 0; s != NULL && i < s->nhours; i++)
		if (s->hours[i].name != NULL &&
		    strcasecmp(s->hours[i].name, name) == 0)
			return true;
	return false;
}

/* Add service name (trimmed) to d; false with an error in errs. */
static bool
service_add(struct deposit_in *d, const struct setup *s, const char *name,
    json_t *errs)
{
	size_t	 i;

	if (*name == '\0' || utf8_len(name) > 40) {
		json_object_set_new(errs, "services", json_string("invalid"));
		return false;
	}
	for (i = 0; name[i] != '\0'; i++)
		if ((unsigned char)name[i] < 0x20) {
			json_object_set_new(errs, "services",
			    json_string("invalid"));
			return false;
		}
	if (!service_known(s, name)) {
		json_object_set_new(errs, "services",
		    json_string("unknown_service"));
		return false;
	}
	for (i = 0; i < d->p.nservices; i++)
		if (strcasecmp(d->p.services[i], name) == 0)
			return true;	/* named twice */
	if (d->p.nservices == DEPOSIT_SERVICES) {
		json_object_set_new(errs, "services",
		    json_string("too_many_services"));
		return false;
	}
	d->p.services[d->p.nservices++] = name;
	return true;
}

/* Add date text (YYYY-MM-DD) to d; false with an error in errs. */
static bool
date_add(struct deposit_in *d, const char *text, json_t *errs)
{
	int	 day;
	size_t	 i;

	if (!date_parse(text, &day)) {
		json_object_set_new(errs, "dates", json_string("invalid_date"));
		return false;
	}
	for (i = 0; i < d->p.ndates; i++)
		if (d->dates[i] == day)
			return true;
	if (d->p.ndates == DEPOSIT_DATES) {
		json_object_set_new(errs, "dates", json_string("too_many_dates"));
		return false;
	}
	d->dates[d->p.ndates++] = day;
	return true;
}

/*
 * The amount: minor units as a JSON integer, or decimal text in a form
 * ("25.00") parsed by the currency's exponent, never through a double.
 */
static void
amount_parse(struct req *r, json_t *j, struct deposit_in *d, int exponent,
    json_t *errs)
{
	json_t		*v;
	const char	*t, *dot;
	size_t		 k;

	d->p.amount = 0;
	if (j != NULL) {
		v = json_object_get(j, "amount");
		if (v == NULL || json_is_null(v)) {
			if (d->p.kind != DEPOSIT_NONE)
				json_object_set_new(errs, "amount",
				    json_string("required"));
			return;
		}
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			json_object_set_new(errs, "amount",
			    json_string("invalid_amount"));
		else if (json_integer_value(v) > MONEY_MAX)
			json_object_set_new(errs, "amount",
			    json_string("amount_too_large"));
		else
			d->p.amount = (int64_t)json_integer_value(v);
	} else {
		t = in_text(r, NULL, "amount", 24, d->p.kind != DEPOSIT_NONE,
		    errs, false);
		if (*t == '\0' || json_object_get(errs, "amount") != NULL)
			return;
		if (exponent < 0)
			return;	/* the currency is wrong already */
		if (!money_parse(t, exponent, &d->p.amount)) {
			/* say which: decimals, size, or not a number at all */
			k = strspn(t, "0123456789");
			dot = t + k + 1;
			if (k == 0)
				v = json_string("invalid_amount");
			else if (t[k] == '\0')
				v = json_string("amount_too_large");
			else if (t[k] == '.' && *dot != '\0' &&
			    strspn(dot, "0123456789") == strlen(dot))
				v = json_string(strlen(dot) > (size_t)exponent ?
				    "too_many_decimals" : "amount_too_large");
			else
				v = json_string("invalid_amount");
			json_object_set_new(errs, "amount", v);
			return;
		}
	}
	if (d->p.kind == DEPOSIT_NONE)
		d->p.amount = 0;	/* no amount without a deposit */
	else if (d->p.amount == 0 && json_object_get(errs, "amount") == NULL)
		json_object_set_new(errs, "amount",
		    json_string("amount_positive"));
}

/*
 * The whole policy from a form (j NULL) or a JSON object: every field
 * given or its default. Errors per field into errs.
 */
static NEOERR *
deposit_parse(struct req *r, json_t *j, struct owner_restaurant *cur,
    struct deposit_in *d, json_t *errs)
{
	static const char *const kinds_[] = { "none", "per_guest",
	    "per_booking", NULL };
	const struct setup	*s = NULL;
	struct currency		*cs = NULL;
	const char		*k, *cur_code, *t;
	json_t			*v, *e;
	char			*q, *next, key[16];
	long long		 n;
	size_t			 i, ncs = 0;
	int			 exponent = -1, wd;
	NEOERR			*err;

	memset(d, 0, sizeof *d);
	d->p.dates = d->dates;
	if ((err = db_currency_list(r->app->db, &cs, &ncs)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = setup_get(r->app->setups, r->app->db, cur->id, NULL, &s)) !=
	    STATUS_OK) {
		free(cs);
		return nerr_pass(err);
	}
	k = in_choice(r, j, "kind", kinds_, true, errs);
	d->p.kind = k != NULL ? deposit_kind_of(k) : DEPOSIT_NONE;
	/* the currency: one of the table's, EUR when none is given */
	cur_code = in_text(r, j, "currency", 3, false, errs, false);
	if (*cur_code == '\0' && json_object_get(errs, "currency") == NULL)
		cur_code = "EUR";
	for (i = 0; i < ncs; i++)
		if (strcmp(cs[i].code, cur_code) == 0) {
			exponent = cs[i].exponent;
			memcpy(d->p.currency, cs[i].code, sizeof d->p.currency);
			d->p.exponent = exponent;
		}
	if (exponent < 0)
		json_object_set_new(errs, "currency",
		    json_string("unknown_currency"));
	free(cs);
	amount_parse(r, j, d, exponent, errs);
	d->p.min_party = 1;
	if (in_int(r, j, "min_party", 1, 100, false, errs, &n))
		d->p.min_party = (int)n;
	d->p.refund_hours = 48;
	if (in_int(r, j, "refund_hours", 0, 8760, false, errs, &n))
		d->p.refund_hours = (int)n;
	if (in_int(r, j, "late_refund_percent", 0, 100, false, errs, &n))
		d->p.late_refund_percent = (int)n;
	/* weekdays: [5, 6] or the form's checkboxes weekday_5, weekday_6 */
	if (j != NULL) {
		v = json_object_get(j, "weekdays");
		if (v != NULL && !json_is_array(v))
			json_object_set_new(errs, "weekdays", json_string("invalid"));
		json_array_foreach(v, i, e) {
			if (!json_is_integer(e) || json_integer_value(e) < 1 ||
			    json_integer_value(e) > 7) {
				json_object_set_new(errs, "weekdays",
				    json_string("invalid"));
				break;
			}
			d->p.weekdays |= 1u << (json_integer_value(e) - 1);
		}
	} else
		for (wd = 1; wd <= 7; wd++) {
			snprintf(key, sizeof key, "weekday_%d", wd);
			if (in_bool(r, NULL, key))
				d->p.weekdays |= 1u << (wd - 1);
		}
	/* services: ["Dinner"] or the form's "Dinner, Lunch" */
	if (j != NULL) {
		v = json_object_get(j, "services");
		if (v != NULL && !json_is_array(v))
			json_object_set_new(errs, "services", json_string("invalid"));
		json_array_foreach(v, i, e)
			if (!json_is_string(e)) {
				json_object_set_new(errs, "services",
				    json_string("invalid"));
				break;
			} else if (!service_add(d, s, json_string_value(e), errs))
				break;
	} else {
		t = in_text(r, NULL, "services", SERVICES_TEXT, false, errs,
		    false);
		snprintf(d->services, sizeof d->services, "%s", t);
		for (q = d->services; q != NULL && *q != '\0'; q = next) {
			if ((next = strchr(q, ',')) != NULL)
				*next++ = '\0';
			while (*q == ' ')
				q++;
			for (i = strlen(q); i > 0 && q[i - 1] == ' '; i--)
				q[i - 1] = '\0';
			if (*q != '\0' && !service_add(d, s, q, errs))
				break;
		}
	}
	/* dates: ["2026-12-31"] or the form's lines (or commas, spaces) */
	if (j != NULL) {
		v = json_object_get(j, "dates");
		if (v != NULL && !json_is_array(v))
			json_object_set_new(errs, "dates", json_string("invalid"));
		json_array_foreach(v, i, e)
			if (!json_is_string(e)) {
				json_object_set_new(errs, "dates",
				    json_string("invalid_date"));
				break;
			} else if (!date_add(d, json_string_value(e), errs))
				break;
	} else {
		char	 buf[DATES_TEXT + 1], *tok, *save = NULL;

		t = in_text(r, NULL, "dates", DATES_TEXT, false, errs, true);
		snprintf(buf, sizeof buf, "%s", t);
		for (tok = strtok_r(buf, " ,;\t\r\n", &save); tok != NULL;
		    tok = strtok_r(NULL, " ,;\t\r\n", &save))
			if (!date_add(d, tok, errs))
				break;
	}
	qsort(d->dates, d->p.ndates, sizeof d->dates[0], by_day);
	return STATUS_OK;
}

/* Save the policy of cur from a form or JSON; errors into errs. */
static NEOERR *
deposit_write(struct req *r, json_t *j, struct owner_restaurant *cur,
    bool patch, json_t *errs)
{
	struct deposit_in	*d;
	enum db_conflict	 c;
	bool			 found;
	NEOERR			*err;

	(void)patch;
	if ((d = calloc(1, sizeof *d)) == NULL)
		return nerr_raise(NERR_NOMEM, "deposit");
	if ((err = deposit_parse(r, j, cur, d, errs)) != STATUS_OK ||
	    json_object_size(errs) > 0) {
		free(d);
		return nerr_pass(err);
	}
	if ((err = db_deposit_put(r->app->db, cur->id, r->user_id, &d->p, &c,
	    &found)) == STATUS_OK && c != DB_OK)
		/* the schema's last word: nothing was written */
		json_object_set_new(errs, c == DB_FOREIGN_KEY ? "currency" :
		    "amount", json_string(c == DB_FOREIGN_KEY ?
		    "unknown_currency" : "invalid_amount"));
	else if (err == STATUS_OK && !found)
		json_object_set_new(errs, "restaurant", json_string("unknown"));
	else if (err == STATUS_OK)
		/* every worker's next look reads it again, NOTIFY or not yet */
		setup_changed(r->app->setups, cur->id);
	free(d);
	return nerr_pass(err);
}

/* The policy as the API shows it. */
static json_t *
deposit_policy_json(struct req *r, const struct deposit_row *d)
{
	const struct deposit_policy *p = &d->p;
	json_t	*o, *wd, *sv, *dt;
	char	 date[11], money[64];
	size_t	 i;
	int	 k;

	wd = json_array();
	sv = json_array();
	dt = json_array();
	for (k = 1; k <= 7; k++)
		if (p->weekdays & (1u << (k - 1)))
			json_array_append_new(wd, json_integer(k));
	for (i = 0; i < p->nservices; i++)
		json_array_append_new(sv, json_string(p->services[i]));
	for (i = 0; i < p->ndates; i++) {
		date_format(p->dates[i], date);
		json_array_append_new(dt, json_string(date));
	}
	money_lang(r, p->amount, p->currency, p->exponent, money, sizeof money);
	o = json_pack("{s:s,s:I,s:s,s:i,s:s,s:i,s:o,s:o,s:o,s:i,s:i,s:i}",
	    "kind", deposit_kind_name(p->kind), "amount", (json_int_t)p->amount,
	    "currency", p->currency, "exponent", p->exponent,
	    "amount_text", money, "min_party", p->min_party,
	    "weekdays", wd, "services", sv, "dates", dt,
	    "refund_hours", p->refund_hours,
	    "late_refund_percent", p->late_refund_percent,
	    "noshow_refund_percent", 0);
	if (o != NULL)
		json_object_set_new(o, "updated_at", *d->updated_at != '\0' ?
		    json_string(d->updated_at) : json_null());
	return o;
}

/*
 * The deposit section of the set-up page: the stored policy as
 * Page.Deposit.*, or with typed what the form sent back; the currencies
 * and the restaurant's service names for the choices.
 */
static NEOERR *
deposit_render(struct req *r, struct owner_restaurant *cur, bool typed)
{
	struct deposit_row	*d = NULL;
	struct currency		*cs = NULL;
	const struct setup	*s = NULL;
	const struct deposit_policy *p;
	char			 money[32], date[11], key[16];
	STRING			 sv, dt;
	size_t			 i, j, ncs = 0, nsv = 0;
	int			 k;
	NEOERR			*err;

	string_init(&sv);
	string_init(&dt);
	if ((err = db_deposit_get(r->app->db, cur->id, r->user_id, &d)) !=
	    STATUS_OK || d == NULL ||
	    (err = db_currency_list(r->app->db, &cs, &ncs)) != STATUS_OK ||
	    (err = setup_get(r->app->setups, r->app->db, cur->id, NULL, &s)) !=
	    STATUS_OK)
		goto out;
	p = &d->p;
	money_format(p->amount, p->exponent, money, sizeof money);
	for (i = 0; i < p->nservices; i++)
		string_appendf(&sv, "%s%s", i > 0 ? ", " : "", p->services[i]);
	for (i = 0; i < p->ndates; i++) {
		date_format(p->dates[i], date);
		string_appendf(&dt, "%s%s", i > 0 ? "\n" : "", date);
	}
	if ((err = hdf_set_value(r->hdf, "Page.Deposit.kind",
	    deposit_kind_name(p->kind))) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Deposit.amount",
	    p->kind != DEPOSIT_NONE ? money : "")) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Deposit.currency",
	    p->currency)) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Deposit.min_party",
	    p->min_party)) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Deposit.services",
	    sv.buf != NULL ? sv.buf : "")) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Deposit.dates",
	    dt.buf != NULL ? dt.buf : "")) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Deposit.refund_hours",
	    p->refund_hours)) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Deposit.late_refund_percent",
	    p->late_refund_percent)) != STATUS_OK)
		goto out;
	for (k = 1; k <= 7; k++)
		if ((err = hdf_set_valuef(r->hdf, "Page.Deposit.weekday_%d=%d", k,
		    (p->weekdays & (1u << (k - 1))) != 0)) != STATUS_OK)
			goto out;
	/* a form sent back with errors shows what was typed */
	if (typed) {
		static const char *const f[] = { "kind", "amount", "currency",
		    "min_party", "services", "dates", "refund_hours",
		    "late_refund_percent", NULL };

		for (i = 0; f[i] != NULL; i++)
			if ((err = hdf_set_valuef(r->hdf, "Page.Deposit.%s=%s",
			    f[i], req_field(r, f[i]) != NULL ? req_field(r, f[i]) :
			    "")) != STATUS_OK)
				goto out;
		for (k = 1; k <= 7; k++) {
			snprintf(key, sizeof key, "weekday_%d", k);
			if ((err = hdf_set_valuef(r->hdf,
			    "Page.Deposit.weekday_%d=%d", k, in_bool(r, NULL,
			    key))) != STATUS_OK)
				goto out;
		}
	}
	for (i = 0; i < ncs; i++)
		if ((err = hdf_set_valuef(r->hdf, "Page.Currencies.%zu=%s", i,
		    cs[i].code)) != STATUS_OK)
			goto out;
	/* the restaurant's service names, each once */
	for (i = 0; s != NULL && i < s->nhours; i++) {
		if (s->hours[i].name == NULL || *s->hours[i].name == '\0')
			continue;
		for (j = 0; j < i && (s->hours[j].name == NULL ||
		    strcasecmp(s->hours[j].name, s->hours[i].name) != 0); j++)
			;
		if (j == i && (err = hdf_set_valuef(r->hdf,
		    "Page.ServiceNames.%zu=%s", nsv++, s->hours[i].name)) !=
		    STATUS_OK)
			goto out;
	}
out:
	string_clear(&sv);
	string_clear(&dt);
	free(cs);
	db_deposit_free(d);
	return nerr_pass(err);
}

/* POST /owner/r/{id}/deposit: the deposit policy. 303; 404; 422. */
static NEOERR *
deposit_save(struct req *r, struct resp *w)
{
	return nerr_pass(page_write(r, w, "deposit", deposit_write));
}

/* ------------------------------------------------------------------ */
/* the API                                                              */
/* ------------------------------------------------------------------ */

/* GET /api/v1/owner/restaurants. 200 {items}. */
static NEOERR *
api_restaurants(struct req *r, struct resp *w)
{
	PGresult	*res = NULL;
	char		 uid[24];
	const char	*p[1];
	NEOERR		*err = STATUS_OK;

	if (!session_scope_or_403(r, w, "setup:read", &err))
		return nerr_pass(err);
	snprintf(uid, sizeof uid, "%lld", (long long)r->user_id);
	p[0] = uid;
	if ((err = db_exec(r->app->db, STMT_OWNER_RESTAURANTS, 1, p, &res)) !=
	    STATUS_OK)
		return nerr_pass(err);
	err = json_send(w, 200, json_pack("{s:o}", "items",
	    json_rows(res, list_cols)));
	PQclear(res);
	return nerr_pass(err);
}

/* The restaurant with its set-up rows, as the API shows it. */
static NEOERR *
restaurant_json(struct req *r, struct owner_restaurant *cur, json_t **out)
{
	PGresult	*res = NULL;
	json_t		*o;
	NEOERR		*err;
	size_t		 i;

	*out = NULL;
	if ((o = owner_restaurant_json(cur)) == NULL)
		return nerr_raise(NERR_NOMEM, "json");
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if ((err = owner_rows(r, kinds[i].list, cur->id, 0, NULL,
		    &res)) != STATUS_OK) {
			json_decref(o);
			return nerr_pass(err);
		}
		json_object_set_new(o, kinds[i].word, json_rows(res, kinds[i].cols));
		PQclear(res);
	}
	*out = o;
	return STATUS_OK;
}

static NEOERR *
send_restaurant(struct req *r, struct resp *w, int status)
{
	struct owner_restaurant	*cur = NULL;
	json_t		*o = NULL;
	NEOERR		*err;

	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if ((err = restaurant_json(r, cur, &o)) == STATUS_OK)
		err = json_send(w, status, o);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* POST /api/v1/owner/restaurants {name, timezone, city?, slug?}. 201; 422. */
static NEOERR *
api_restaurant_create(struct req *r, struct resp *w)
{
	json_t	*errs = json_object();
	int64_t	 id;
	char	 ids[24];
	NEOERR	*err = STATUS_OK;

	if (!session_scope_or_403(r, w, "setup:write", &err) || r->json == NULL ||
	    !json_is_object(r->json)) {
		json_decref(errs);
		return nerr_pass(err != STATUS_OK ? err : resp_error(r, w, 400));
	}
	if ((err = create_parse(r, r->json, errs, &id)) != STATUS_OK) {
		json_decref(errs);
		return nerr_pass(err);
	}
	if (id == 0)
		return nerr_pass(json_problem(r, w, 422, NULL, errs));
	json_decref(errs);
	snprintf(ids, sizeof ids, "%lld", (long long)id);
	/* answer as GET would, with the new id as the path's */
	free(r->params[0]);
	r->params[0] = strdup(ids);
	r->nparams = 1;
	return nerr_pass(send_restaurant(r, w, 201));
}

/* GET /api/v1/owner/restaurants/{id}: profile, rules, set-up. 200; 404. */
static NEOERR *
api_restaurant(struct req *r, struct resp *w)
{
	NEOERR	*err = STATUS_OK;

	if (!session_scope_or_403(r, w, "setup:read", &err))
		return nerr_pass(err);
	return nerr_pass(send_restaurant(r, w, 200));
}

/* PATCH /api/v1/owner/restaurants/{id}: profile and rule fields. 200; 422. */
static NEOERR *
api_restaurant_patch(struct req *r, struct resp *w)
{
	static const char *const rule_fields[] = { "slot_minutes",
	    "booking_window_days", "min_notice_minutes", "cancel_cutoff_minutes",
	    "confirmation_mode", "pacing", "noshow_grace_minutes",
	    "reminder_hours", "max_party", "waitlist_claim_minutes", NULL };
	struct owner_restaurant	*cur = NULL;
	json_t		*errs;
	NEOERR		*err = STATUS_OK;
	bool		 rules = false;
	size_t		 i;

	if (!session_scope_or_403(r, w, "setup:write", &err))
		return nerr_pass(err);
	if (r->json == NULL || !json_is_object(r->json))
		return nerr_pass(resp_error(r, w, 400));
	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	errs = json_object();
	for (i = 0; rule_fields[i] != NULL; i++)
		rules = rules || in_given(r, r->json, rule_fields[i]);
	if ((err = db_begin(r->app->db)) == STATUS_OK &&
	    (err = profile_write(r, r->json, cur, true, errs)) == STATUS_OK &&
	    (!rules || (err = rules_write(r, r->json, cur, true, errs)) ==
	    STATUS_OK)) {
		if (json_object_size(errs) > 0) {
			db_rollback(r->app->db);
			db_owner_restaurant_free(cur);
			return nerr_pass(json_problem(r, w, 422, NULL, errs));
		}
		if ((err = audit_owner(r, "setup_patch", cur->id, NULL)) ==
		    STATUS_OK)
			err = db_commit(r->app->db);
	}
	json_decref(errs);
	db_owner_restaurant_free(cur);
	if (err != STATUS_OK) {
		db_rollback(r->app->db);
		return nerr_pass(err);
	}
	return nerr_pass(send_restaurant(r, w, 200));
}

/* POST /api/v1/owner/restaurants/{id}/submit. 200; 409 incomplete. */
static NEOERR *
api_submit(struct req *r, struct resp *w)
{
	struct owner_restaurant *cur = NULL;
	PGresult	*res = NULL;
	NEOERR		*err = STATUS_OK;
	bool		 done;

	if (!session_scope_or_403(r, w, "setup:write", &err))
		return nerr_pass(err);
	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if ((err = owner_rows(r, STMT_OWNER_SUBMIT, cur->id, 0, NULL,
	    &res)) != STATUS_OK) {
		db_owner_restaurant_free(cur);
		return nerr_pass(err);
	}
	done = PQntuples(res) == 1;
	PQclear(res);
	if (!done) {
		err = json_problem(r, w, 409, render_text(r,
		    strcmp(cur->status, "draft") == 0 ? "Error.incomplete" :
		    "Error.not_draft"), NULL);
		db_owner_restaurant_free(cur);
		return nerr_pass(err);
	}
	if ((err = audit_owner(r, "restaurant_submit", cur->id, NULL)) ==
	    STATUS_OK)
		err = send_restaurant(r, w, 200);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* GET /api/v1/owner/restaurants/{id}/{kind}. 200 {items}; 404. */
static NEOERR *
api_list(struct req *r, struct resp *w)
{
	const struct kind	*k = kind_of(req_param(r, 1));
	struct owner_restaurant *cur = NULL;
	PGresult	*res = NULL;
	NEOERR			*err = STATUS_OK;

	if (k == NULL)
		return nerr_pass(resp_error(r, w, 404));
	if (!session_scope_or_403(r, w, "setup:read", &err))
		return nerr_pass(err);
	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if ((err = owner_rows(r, k->list, cur->id, 0, NULL, &res)) ==
	    STATUS_OK)
		err = json_send(w, 200, json_pack("{s:o}", "items",
		    json_rows(res, k->cols)));
	PQclear(res);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* POST /api/v1/owner/restaurants/{id}/{kind}: add a row. 201; 404; 422. */
static NEOERR *
api_add(struct req *r, struct resp *w)
{
	static NEOERR *(*const fns[])(struct req *, json_t *,
	    struct owner_restaurant *, bool,
	    json_t *) = { hours_write, closures_write, tables_write, turns_write };
	const struct kind	*k = kind_of(req_param(r, 1));
	struct owner_restaurant *cur = NULL;
	PGresult	*res = NULL;
	json_t			*errs;
	NEOERR			*err = STATUS_OK;

	if (k == NULL || k->list == STMT_OWNER_PHOTOS)
		return nerr_pass(resp_error(r, w, 404));
	if (!session_scope_or_403(r, w, "setup:write", &err))
		return nerr_pass(err);
	if (r->json == NULL || !json_is_object(r->json))
		return nerr_pass(resp_error(r, w, 400));
	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	errs = json_object();
	err = fns[k - kinds](r, r->json, cur, false, errs);
	if (err == STATUS_OK && json_object_size(errs) > 0) {
		db_owner_restaurant_free(cur);
		return nerr_pass(json_problem(r, w, 422, NULL, errs));
	}
	json_decref(errs);
	if (err == STATUS_OK && (err = audit_owner(r, "setup_add", cur->id,
	    json_pack("{s:s}", "kind", k->word))) == STATUS_OK &&
	    (err = owner_rows(r, k->list, cur->id, 0, NULL, &res)) ==
	    STATUS_OK)
		err = json_send(w, 201, json_pack("{s:o}", "items",
		    json_rows(res, k->cols)));
	PQclear(res);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/*
 * POST /api/v1/owner/restaurants/{id}/photos?caption=: the page's upload
 * for the API, the image itself as the body (image/jpeg, image/png or
 * image/webp). 201 the photos now; 404; 413 over App.MaxBody; 415 another
 * body; 422 per field (image: required, not_an_image, bad_dimensions,
 * too_many; caption).
 */
static NEOERR *
api_photo_add(struct req *r, struct resp *w)
{
	const struct kind	*k = kind_of("photos");
	struct owner_restaurant *cur = NULL;
	PGresult	*res = NULL;
	json_t			*errs;
	const char		*caption;
	NEOERR			*err = STATUS_OK;

	if (!session_scope_or_403(r, w, "setup:write", &err))
		return nerr_pass(err);
	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if (r->json != NULL) {
		db_owner_restaurant_free(cur);
		return nerr_pass(json_problem(r, w, 415, NULL, NULL));
	}
	errs = json_object();
	caption = in_text(r, NULL, "caption", 200, false, errs, false);
	if (r->body == NULL || r->bodylen == 0)
		json_object_set_new(errs, "image", json_string("required"));
	if (json_object_size(errs) == 0)
		err = photo_save(r, cur, (const unsigned char *)r->body,
		    r->bodylen, caption, "image", errs);
	if (err == STATUS_OK && json_object_size(errs) > 0) {
		db_owner_restaurant_free(cur);
		return nerr_pass(json_problem(r, w, 422, NULL, errs));
	}
	json_decref(errs);
	if (err == STATUS_OK && (err = owner_rows(r, k->list, cur->id,
	    0, NULL, &res)) == STATUS_OK)
		err = json_send(w, 201, json_pack("{s:o}", "items",
		    json_rows(res, k->cols)));
	PQclear(res);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* PATCH /api/v1/owner/restaurants/{id}/tables/{table}. 200; 404; 422. */
static NEOERR *
api_table_patch(struct req *r, struct resp *w)
{
	struct owner_restaurant *cur = NULL;
	PGresult	*old = NULL;
	json_t		*errs;
	long long	 tid;
	NEOERR		*err = STATUS_OK;
	int		 i;

	if (!session_scope_or_403(r, w, "setup:write", &err))
		return nerr_pass(err);
	if (r->json == NULL || !json_is_object(r->json))
		return nerr_pass(resp_error(r, w, 400));
	if (!parse_int(req_param(r, 1), 1, INT64_MAX, &tid))
		return nerr_pass(resp_error(r, w, 404));
	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if ((err = owner_rows(r, STMT_OWNER_TABLES, cur->id, 0, NULL,
	    &old)) != STATUS_OK) {
		db_owner_restaurant_free(cur);
		return nerr_pass(err);
	}
	/* the table as it is, for the fields not given */
	for (i = 0; i < PQntuples(old) && db_int(old, i, 0) != tid; i++)
		;
	if (i == PQntuples(old)) {
		PQclear(old);
		db_owner_restaurant_free(cur);
		return nerr_pass(resp_error(r, w, 404));
	}
	errs = json_object();
	err = table_fields(r, r->json, cur->id, req_param(r, 1), old, i,
	    errs);
	PQclear(old);
	if (err == STATUS_OK && json_object_size(errs) > 0) {
		db_owner_restaurant_free(cur);
		return nerr_pass(json_problem(r, w, 422, NULL, errs));
	}
	json_decref(errs);
	if (err == STATUS_OK && (err = audit_owner(r, "setup_table_update",
	    cur->id, json_pack("{s:I}", "table", (json_int_t)tid))) ==
	    STATUS_OK) {
		free(r->params[1]);
		r->params[1] = strdup("tables");
		err = api_list(r, w);
	}
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* DELETE /api/v1/owner/restaurants/{id}/{kind}/{item}. 204; 404. */
static NEOERR *
api_delete(struct req *r, struct resp *w)
{
	const struct kind	*k = kind_of(req_param(r, 1));
	struct owner_restaurant		*cur = NULL;
	bool			 found = false;
	NEOERR			*err = STATUS_OK;

	if (k == NULL)
		return nerr_pass(resp_error(r, w, 404));
	if (!session_scope_or_403(r, w, "setup:write", &err))
		return nerr_pass(err);
	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if ((err = remove_item(r, k, cur, req_param(r, 2), &found)) == STATUS_OK) {
		if (found)
			w->status = 204;
		else
			err = resp_error(r, w, 404);
	}
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* The policy of cur as the API answers it, with status. */
static NEOERR *
send_deposit(struct req *r, struct resp *w, struct owner_restaurant *cur,
    int status)
{
	struct deposit_row	*d = NULL;
	NEOERR			*err;

	if ((err = db_deposit_get(r->app->db, cur->id, r->user_id, &d)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if (d == NULL)
		return nerr_pass(resp_error(r, w, 404));
	err = json_send(w, status, deposit_policy_json(r, d));
	db_deposit_free(d);
	return nerr_pass(err);
}

/*
 * GET /api/v1/owner/restaurants/{id}/deposit-policy: the policy (kind
 * none when there is none). 200; 403 scope; 404 not the caller's.
 */
static NEOERR *
api_deposit(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	NEOERR			*err = STATUS_OK;

	if (!session_scope_or_403(r, w, "setup:read", &err))
		return nerr_pass(err);
	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	err = send_deposit(r, w, cur, 200);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/*
 * PUT /api/v1/owner/restaurants/{id}/deposit-policy {kind, amount,
 * currency, min_party, weekdays, services, dates, refund_hours,
 * late_refund_percent}: replace the policy; amounts are integers in minor
 * units. 200 the policy; 400 not a JSON object; 403 scope; 404; 422 per
 * field, nothing written.
 */
static NEOERR *
api_deposit_put(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	json_t			*errs;
	NEOERR			*err = STATUS_OK;

	if (!session_scope_or_403(r, w, "setup:write", &err))
		return nerr_pass(err);
	if (r->json == NULL || !json_is_object(r->json))
		return nerr_pass(resp_error(r, w, 400));
	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	errs = json_object();
	if ((err = deposit_write(r, r->json, cur, false, errs)) == STATUS_OK &&
	    json_object_size(errs) > 0) {
		db_owner_restaurant_free(cur);
		return nerr_pass(json_problem(r, w, 422, NULL, errs));
	}
	json_decref(errs);
	if (err == STATUS_OK && (err = audit_owner(r, "setup_deposit", cur->id,
	    NULL)) == STATUS_OK)
		err = send_deposit(r, w, cur, 200);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}
