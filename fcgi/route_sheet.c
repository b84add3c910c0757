/* route_sheet.c: the owner's book: day sheet, bookings, walk-ins, stats, export; pages and API. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

static NEOERR	*day_show(struct req *, struct resp *);
static NEOERR	*entry_submit(struct req *, struct resp *);
static NEOERR	*booking_show(struct req *, struct resp *);
static NEOERR	*status_change(struct req *, struct resp *);
static NEOERR	*undo(struct req *, struct resp *);
static NEOERR	*change_submit(struct req *, struct resp *);
static NEOERR	*booking_json(struct req *, struct resp *, const char *, int);
static NEOERR	*api_change(struct req *, struct resp *);
static NEOERR	*stats_show(struct req *, struct resp *);
static NEOERR	*export_csv(struct req *, struct resp *);
static NEOERR	*api_booking(struct req *, struct resp *);
static NEOERR	*api_status(struct req *, struct resp *);
static NEOERR	*api_undo(struct req *, struct resp *);
static NEOERR	*owner_book_api(struct req *, struct resp *);
static NEOERR	*owner_book_create_api(struct req *, struct resp *);

#define P	(ROUTE_FORM | ROUTE_CSRF | ROUTE_OWNER)
#define A	(ROUTE_JSON | ROUTE_OWNER)

const struct route sheet_routes[] = {
	{ HTTP_GET, "/owner/r/:id/day", ROUTE_OWNER, day_show, SCOPE_NONE },
	{ HTTP_POST, "/owner/r/:id/bookings", P, entry_submit, SCOPE_NONE },
	{ HTTP_GET, "/owner/b/:code", ROUTE_OWNER, booking_show, SCOPE_NONE },
	{ HTTP_POST, "/owner/b/:code/status", P, status_change, SCOPE_NONE },
	{ HTTP_POST, "/owner/b/:code/undo", P, undo, SCOPE_NONE },
	{ HTTP_POST, "/owner/b/:code/change", P, change_submit, SCOPE_NONE },
	{ HTTP_GET, "/owner/r/:id/stats", ROUTE_OWNER, stats_show, SCOPE_NONE },
	{ HTTP_GET, "/owner/r/:id/export.csv", ROUTE_OWNER, export_csv,
	    SCOPE_NONE },
	{ HTTP_GET, "/api/v1/owner/restaurants/:id/reservations", A,
	    owner_book_api, "reservations:read" },
	{ HTTP_POST, "/api/v1/owner/restaurants/:id/reservations", A,
	    owner_book_create_api, "reservations:write" },
	{ HTTP_GET, "/api/v1/owner/reservations/:code", A, api_booking,
	    "reservations:read" },
	{ HTTP_POST, "/api/v1/owner/reservations/:code/status", A, api_status,
	    "reservations:write" },
	{ HTTP_POST, "/api/v1/owner/reservations/:code/undo", A, api_undo,
	    "reservations:write" },
	{ HTTP_PATCH, "/api/v1/owner/reservations/:code", A, api_change,
	    "reservations:write" },
	{ 0, NULL, 0, NULL, NULL }
};

#undef P
#undef A

/* Columns of STMT_OWNER_DAY. */
static const char *const day_cols[] = {
	"code", "status", "name", "phone", "email", "party", "table_id", "table",
	"time", "end", "start_epoch", "end_epoch", "answer", "requests", "source",
	"active", "undoable", "deposit_paid", NULL
};
static const char *const event_cols[] = {
	"at", "actor", "from", "to", "note", NULL
};
static const char *const mail_cols[] = {
	"kind", "to", "status", "attempts", "queued", "sent", "error", NULL
};

/* What the owner may move a booking to, from the status machine. */
static const enum rsv_status owner_targets[] = {
	RSV_CONFIRMED, RSV_REJECTED, RSV_ARRIVED, RSV_SEATED, RSV_FINISHED,
	RSV_NO_SHOW, RSV_CANCELLED,
};

#define NOTE_MAX	300

/* The local date asked for (?date=), today's by default; false if malformed. */
static bool
asked_day(struct req *r, struct owner_restaurant *cur, int *day)
{
	const char	*d = req_field(r, "date");

	date_parse(cur->today, day);
	if (d == NULL || *d == '\0')
		return true;
	return date_parse(d, day);
}

/* ------------------------------------------------------------------ */
/* the day sheet                                                        */
/* ------------------------------------------------------------------ */

#define TL_LEFT		90	/* the table labels */
#define TL_HOUR		64	/* pixels an hour */
#define TL_ROW		30
#define TL_TOP		24	/* the hour labels */

/* Minutes after the day's midnight of a local "HH:MM", later than from. */
static int
minute_of(const char *hm, int from)
{
	int	 m = 0;

	hm_parse(hm, &m);
	while (m < from)
		m += 1440;
	return m;
}

/*
 * The timeline: a row per active table, a block per booking, over the
 * hours of the day's services and bookings. All geometry is computed
 * here; the template only draws it (an SVG, no script or inline style).
 */
static NEOERR *
timeline(struct req *r, const struct setup *s, int day, PGresult *rows)
{
	char		 p[80], hm[6];
	size_t		 i, nt = 0;
	int		 from = 24 * 60, to = 0, wd, m, e, y, k, row;
	NEOERR		*err;

	wd = date_weekday(day);
	for (i = 0; i < s->nhours; i++) {
		if (s->hours[i].weekday != wd)
			continue;
		if (s->hours[i].opens < from)
			from = s->hours[i].opens;
		e = s->hours[i].closes <= s->hours[i].opens ?
		    s->hours[i].closes + 1440 : s->hours[i].closes;
		if (e > to)
			to = e;
	}
	for (k = 0; k < PQntuples(rows); k++) {
		hm_parse(db_str(rows, k, 8), &m);
		if (m < from)
			from = m;
		e = minute_of(db_str(rows, k, 9), m);
		if (e > to)
			to = e;
	}
	if (to <= from) {
		from = 11 * 60;
		to = 23 * 60;
	}
	from -= from % 60;
	to += (60 - to % 60) % 60;
	/* the rows: active tables, in the set-up's order */
	for (i = 0; i < s->ntables; i++) {
		if (!s->tables[i].active)
			continue;
		snprintf(p, sizeof p, "Page.Timeline.Rows.%zu", nt);
		if ((err = hdf_set_valuef(r->hdf, "%s.Y=%d", p,
		    TL_TOP + (int)nt * TL_ROW)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.TextY=%d", p,
		    TL_TOP + (int)nt * TL_ROW + 19)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.Label=%s", p,
		    s->tables[i].label)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.Seats=%d–%d", p,
		    s->tables[i].seats_min, s->tables[i].seats_max)) != STATUS_OK)
			return nerr_pass(err);
		nt++;
	}
	for (m = from, k = 0; m <= to; m += 60, k++) {
		hm_format(m, hm);
		snprintf(p, sizeof p, "Page.Timeline.Hours.%d", k);
		if ((err = hdf_set_valuef(r->hdf, "%s.X=%d", p,
		    TL_LEFT + (m - from) * TL_HOUR / 60)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.Label=%s", p, hm)) != STATUS_OK)
			return nerr_pass(err);
	}
	for (k = 0; k < PQntuples(rows); k++) {
		/* the row of its table (an inactive one has none: left out) */
		for (i = 0, row = -1; i < s->ntables; i++) {
			if (s->tables[i].active)
				row++;
			if (s->tables[i].id == db_int(rows, k, 6))
				break;
		}
		if (i == s->ntables || !s->tables[i].active)
			continue;
		hm_parse(db_str(rows, k, 8), &m);
		e = minute_of(db_str(rows, k, 9), m);
		y = TL_TOP + row * TL_ROW + 3;
		snprintf(p, sizeof p, "Page.Timeline.Blocks.%d", k);
		if ((err = hdf_set_valuef(r->hdf, "%s.X=%d", p,
		    TL_LEFT + (m - from) * TL_HOUR / 60)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.Y=%d", p, y)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.TextX=%d", p,
		    TL_LEFT + (m - from) * TL_HOUR / 60 + 4)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.TextY=%d", p, y + 16)) !=
		    STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.W=%d", p,
		    (e - m) * TL_HOUR / 60 - 2)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.Code=%s", p,
		    db_str(rows, k, 0))) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.Status=%s", p,
		    db_str(rows, k, 1))) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.Name=%s", p,
		    db_str(rows, k, 2))) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.Party=%s", p,
		    db_str(rows, k, 5))) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.Time=%s", p,
		    db_str(rows, k, 8))) != STATUS_OK)
			return nerr_pass(err);
	}
	if ((err = hdf_set_int_value(r->hdf, "Page.Timeline.Width",
	    TL_LEFT + (to - from) * TL_HOUR / 60 + 24)) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Timeline.Height",
	    TL_TOP + (int)nt * TL_ROW + 6)) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Timeline.Bottom",
	    TL_TOP + (int)nt * TL_ROW)) != STATUS_OK)
		return nerr_pass(err);
	return STATUS_OK;
}

/* The day's rows of cur (filtered by ?status=) into *res. */
static NEOERR *
day_rows(struct req *r, struct owner_restaurant *cur, int day, const char *status,
    PGresult **res)
{
	char		 date[11];
	const char	*extra[2];

	date_format(day, date);
	extra[0] = date;
	extra[1] = status;
	return nerr_pass(owner_rows(r, STMT_OWNER_DAY, cur->id, 2, extra,
	    res));
}

/* Render the day sheet of cur for day (with status for a failed form). */
static NEOERR *
day_render(struct req *r, struct resp *w, struct owner_restaurant *cur, int day, int status)
{
	const struct setup	*s = NULL;
	PGresult		*rows = NULL;
	struct db_rows		*wl = NULL;
	const char		*f = req_field(r, "status");
	char			 date[11];
	enum rsv_status		 st;
	int			 i, covers = 0, booked = 0, pending = 0, today;
	NEOERR			*err;

	if (f != NULL && (*f == '\0' || !rsv_status_parse(f, &st)))
		f = NULL;
	if ((err = setup_get(r->app->setups, r->app->db, cur->id, NULL,
	    &s)) != STATUS_OK)
		return nerr_pass(err);
	if (s == NULL)
		return nerr_pass(resp_error(r, w, 404));
	if ((err = day_rows(r, cur, day, f, &rows)) != STATUS_OK)
		return nerr_pass(err);
	for (i = 0; i < PQntuples(rows); i++) {
		if (strcmp(db_str(rows, i, 1), "pending") == 0)
			pending++;
		if (strcmp(db_str(rows, i, 1), "cancelled") == 0 ||
		    strcmp(db_str(rows, i, 1), "rejected") == 0 ||
		    strcmp(db_str(rows, i, 1), "no_show") == 0)
			continue;
		booked++;
		covers += (int)db_int(rows, i, 5);
	}
	date_parse(cur->today, &today);
	if ((err = owner_put_restaurant(r->hdf, cur)) != STATUS_OK ||
	    (err = hdf_put_rows(r->hdf, "Page.Bookings", rows, day_cols)) !=
	    STATUS_OK ||
	    (err = timeline(r, s, day, rows)) != STATUS_OK)
		goto out;
	date_format(day, date);
	if ((err = hdf_set_value(r->hdf, "Page.Date", date)) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Weekday", date_weekday(day))) !=
	    STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.IsToday", day == today)) !=
	    STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Total.Bookings", booked)) !=
	    STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Total.Covers", covers)) !=
	    STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Total.Pending", pending)) !=
	    STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Filter", f != NULL ? f : "")) !=
	    STATUS_OK)
		goto out;
	date_format(day - 1, date);
	if ((err = hdf_set_value(r->hdf, "Page.Prev", date)) != STATUS_OK)
		goto out;
	date_format(day + 1, date);
	if ((err = hdf_set_value(r->hdf, "Page.Next", date)) != STATUS_OK)
		goto out;
	for (i = 0; i < (int)s->ntables; i++)
		if (s->tables[i].active && ((err = hdf_set_valuef(r->hdf,
		    "Page.Tables.%d.Id=%lld", i, (long long)s->tables[i].id)) !=
		    STATUS_OK || (err = hdf_set_valuef(r->hdf,
		    "Page.Tables.%d.Label=%s", i, s->tables[i].label)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "Page.Tables.%d.Seats=%d–%d", i,
		    s->tables[i].seats_min, s->tables[i].seats_max)) != STATUS_OK))
			goto out;
	/* the walk-in list (route_walkins.c has its actions) */
	if ((err = walkins_put(r, cur, day, 0)) != STATUS_OK)
		goto out;
	/* the day's waitlist and its offers (owner/day_waitlist.cs) */
	date_format(day, date);
	if ((err = db_waitlist_day(r->app->db, cur->id, r->user_id, date,
	    &wl)) != STATUS_OK || (wl != NULL && (err = hdf_put_db_rows(r->hdf,
	    "Page.Waitlist", wl, db_waitlist_day_cols)) != STATUS_OK))
		goto out;
	err = session_page(r, w, "owner/day.cs", status);
out:
	free(wl);
	PQclear(rows);
	return nerr_pass(err);
}

/* GET /owner/r/{id}/day?date=&status=: the day sheet. 200; 400; 404. */
static NEOERR *
day_show(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	int		 day;
	NEOERR		*err;

	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if (!asked_day(r, cur, &day)) {
		date_parse(cur->today, &day);
		if ((err = hdf_set_value(r->hdf, "Form.Errors.date", "invalid_date")) ==
		    STATUS_OK)
			err = day_render(r, w, cur, day, 400);
	} else
		err = day_render(r, w, cur, day, 200);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* a booking the owner enters                                           */
/* ------------------------------------------------------------------ */

static const char *const entry_kinds[] = { "walk_in", "phone", NULL };

/* The fields of a walk-in or phone booking; errors into errs. */
static void
entry_parse(struct req *r, json_t *j, struct owner_restaurant *cur, struct entry *e,
    json_t *errs)
{
	const char	*kind, *d, *t, *tb;
	long long	 n;

	memset(e, 0, sizeof e[0]);
	kind = in_choice(r, j, "kind", entry_kinds, true, errs);
	e->walk_in = kind != NULL && strcmp(kind, "walk_in") == 0;
	e->guest.name = in_text(r, j, "name", 100, kind != NULL &&
	    strcmp(kind, "phone") == 0, errs, false);
	e->guest.phone = in_text(r, j, "phone", 30, false, errs, false);
	e->guest.email = in_text(r, j, "email", 254, false, errs, false);
	e->guest.requests = in_text(r, j, "requests", 500, false, errs, true);
	if (*e->guest.email != '\0' && !email_ok(e->guest.email))
		json_object_set_new(errs, "email", json_string("invalid_email"));
	if (*e->guest.phone != '\0' && !phone_ok(e->guest.phone))
		json_object_set_new(errs, "phone", json_string("invalid_phone"));
	if (*e->guest.name == '\0')
		e->guest.name = render_text(r, "Owner.WalkIn");
	d = in_text(r, j, "date", 10, false, errs, false);
	date_parse(cur->today, &e->want.day);
	if (*d != '\0' && !date_parse(d, &e->want.day))
		json_object_set_new(errs, "date", json_string("invalid_date"));
	t = in_text(r, j, "time", 5, true, errs, false);
	if (*t != '\0' && !hm_parse(t, &e->want.minute))
		json_object_set_new(errs, "time", json_string("invalid_time"));
	if (in_int(r, j, "party", 1, 100, true, errs, &n))
		e->want.party = (int)n;
	if (in_int(r, j, "minutes", 15, 720, false, errs, &n))
		e->minutes = (int)n;
	tb = in_text(r, j, "table", 20, false, errs, false);
	if (*tb != '\0' && strcmp(tb, "auto") != 0) {
		if (parse_int(tb, 1, INT64_MAX, &n))
			e->table = n;
		else
			json_object_set_new(errs, "table", json_string("invalid"));
	}
}

/*
 * Enter e at restaurant cur: the same constraint as online bookings
 * decides. What went wrong goes into errs by field; code is the new
 * booking's.
 */
static NEOERR *
entry_book(struct req *r, struct owner_restaurant *cur, struct entry *e, json_t *errs,
    char code[16])
{
	const struct setup	*s = NULL;
	struct book_env		 env;
	struct book_out		 out;
	struct actor		 by;
	NEOERR			*err;

	code[0] = '\0';
	if ((err = setup_get(r->app->setups, r->app->db, cur->id, NULL,
	    &s)) != STATUS_OK)
		return nerr_pass(err);
	if (s == NULL)
		return nerr_raise(NERR_ASSERT, "restaurant %lld has no set-up",
		    (long long)cur->id);
	by.user = r->user_id;
	by.ip = req_header(r, "REMOTE_ADDR");
	book_env_init(r, &env);
	memset(&out, 0, sizeof out);
	err = booking_enter(&env, s, e, &by, &out);
	book_env_done(&env);
	if (err != STATUS_OK)
		return nerr_pass(err);
	switch (out.res) {
	case BOOK_OK:
		snprintf(code, 16, "%s", out.code);
		break;
	case BOOK_NOT_OFFERED:
		json_object_set_new(errs, "time", json_string("no_such_time"));
		break;
	case BOOK_NO_TABLE:
		json_object_set_new(errs, "table", json_string("unknown"));
		break;
	default:
		json_object_set_new(errs, "table", json_string(e->table != 0 ?
		    "table_taken" : "no_table"));
		break;
	}
	sodium_memzero(out.token, sizeof out.token);
	book_out_free(&out);
	return STATUS_OK;
}

/* POST /owner/r/{id}/bookings: a walk-in or phone booking. 303; 409; 422. */
static NEOERR *
entry_submit(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	struct entry	 e;
	json_t		*errs = json_object();
	char		 code[16], loc[96], date[11];
	NEOERR		*err;

	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL) {
		json_decref(errs);
		return nerr_pass(err);
	}
	entry_parse(r, NULL, cur, &e, errs);
	if (json_object_size(errs) == 0 &&
	    (err = entry_book(r, cur, &e, errs, code)) != STATUS_OK)
		goto out;
	if (json_object_size(errs) > 0) {
		const char *t = json_string_value(json_object_get(errs, "table"));

		if ((err = in_errors_to_form(r, errs)) == STATUS_OK &&
		    (err = hdf_set_value(r->hdf, "Page.EntryOpen", "1")) == STATUS_OK)
			err = day_render(r, w, cur, e.want.day, t != NULL &&
			    (strcmp(t, "no_table") == 0 ||
			    strcmp(t, "table_taken") == 0) ? 409 : 422);
		goto out;
	}
	date_format(e.want.day, date);
	snprintf(loc, sizeof loc, "/owner/r/%lld/day?date=%s&entered=%s",
	    (long long)cur->id, date, code);
	err = resp_redirect(w, 303, loc);
out:
	json_decref(errs);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* one booking                                                          */
/* ------------------------------------------------------------------ */

/* The deposit's payment of rv and its ledger, as Page.Payment.* */
static NEOERR *
payment_hdf(struct req *r, const struct reservation *rv)
{
	struct payment_entry	 e[32];
	struct payment		 p;
	char			 money[64];
	size_t			 n, i;
	bool			 found;
	NEOERR			*err;

	if ((err = db_payment_get(r->app->db, rv->id, &p, &found)) != STATUS_OK ||
	    !found)
		return nerr_pass(err);
	if ((err = db_payment_ledger(r->app->db, rv->id, e, 32, &n)) != STATUS_OK)
		return nerr_pass(err);
	money_lang(r, p.amount, p.currency, p.exponent, money, sizeof money);
	if ((err = hdf_set_value(r->hdf, "Page.Payment.Status", p.status)) !=
	    STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Payment.Amount", money)) !=
	    STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Payment.Session", p.session_id)) !=
	    STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Payment.Intent", p.intent_id)) !=
	    STATUS_OK)
		return nerr_pass(err);
	money_lang(r, p.refunded, p.currency, p.exponent, money, sizeof money);
	if ((err = hdf_set_value(r->hdf, "Page.Payment.Refunded", money)) !=
	    STATUS_OK)
		return nerr_pass(err);
	for (i = 0; i < n; i++) {
		money_lang(r, e[i].amount, e[i].currency, p.exponent, money,
		    sizeof money);
		if ((err = hdf_set_valuef(r->hdf, "Page.Ledger.%zu.Kind=%s", i,
		    e[i].kind)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "Page.Ledger.%zu.Amount=%s", i,
		    money)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "Page.Ledger.%zu.GatewayId=%s", i,
		    e[i].gateway_id)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "Page.Ledger.%zu.Note=%s", i,
		    e[i].note)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "Page.Ledger.%zu.At=%s", i,
		    e[i].at)) != STATUS_OK)
			return nerr_pass(err);
	}
	return STATUS_OK;
}

/* The owner's booking named by the path, or a 404 answered. */
static NEOERR *
owned_booking(struct req *r, struct resp *w, struct reservation **rv)
{
	NEOERR	*err;

	if ((err = db_reservation_get_owned(r->app->db, req_param(r, 0),
	    r->user_id, rv)) != STATUS_OK)
		return nerr_pass(err);
	if (*rv == NULL)
		return nerr_pass(resp_error(r, w, 404));
	return STATUS_OK;
}

static NEOERR *
history(struct req *r, const struct reservation *rv, PGresult **ev,
    PGresult **ml, bool *undoable)
{
	PGresult	*last = NULL;
	char		 id[24];
	const char	*p[1] = { id };
	NEOERR		*err;

	*ev = *ml = NULL;
	snprintf(id, sizeof id, "%lld", (long long)rv->id);
	if ((err = db_exec(r->app->db, STMT_RESERVATION_EVENTS, 1, p, ev)) !=
	    STATUS_OK ||
	    (err = db_exec(r->app->db, STMT_RESERVATION_MAILS, 1, p, ml)) !=
	    STATUS_OK ||
	    (err = db_exec(r->app->db, STMT_LAST_EVENT, 1, p, &last)) != STATUS_OK)
		return nerr_pass(err);
	*undoable = PQntuples(last) == 1 && strcmp(db_str(last, 0, 1), "owner") ==
	    0 && db_bool(last, 0, 5) && strcmp(db_str(last, 0, 4), "undo") != 0 &&
	    *db_str(last, 0, 2) != '\0' && strcmp(db_str(last, 0, 2), "held") != 0;
	PQclear(last);
	return STATUS_OK;
}

static NEOERR *
booking_render(struct req *r, struct resp *w, const struct reservation *rv,
    int status)
{
	const struct setup	*s = NULL;
	PGresult	*ev = NULL, *ml = NULL;
	bool		 undoable;
	size_t		 i;
	int		 n = 0;
	NEOERR		*err;

	if ((err = history(r, rv, &ev, &ml, &undoable)) != STATUS_OK)
		goto out;
	if ((err = hdf_put_rows(r->hdf, "Page.Events", ev, event_cols)) !=
	    STATUS_OK ||
	    (err = hdf_put_rows(r->hdf, "Page.Mails", ml, mail_cols)) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Undoable", undoable)) !=
	    STATUS_OK ||
	    (err = hdf_put_reservation(r->hdf, rv, NULL)) != STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Rv.Source", rv->source)) !=
	    STATUS_OK ||
	    (err = hdf_set_value(r->hdf, "Page.Rv.Table", rv->table_label)) !=
	    STATUS_OK ||
	    (err = hdf_set_valuef(r->hdf, "Page.Rv.RestaurantId=%lld",
	    (long long)rv->restaurant_id)) != STATUS_OK ||
	    (err = hdf_set_valuef(r->hdf, "Page.Rv.TableId=%lld",
	    (long long)rv->table_id)) != STATUS_OK)
		goto out;
	/* a booking still to come or at its table can move */
	if (rv->status == RSV_PENDING || rv->status == RSV_CONFIRMED ||
	    rv->status == RSV_ARRIVED || rv->status == RSV_SEATED) {
		if ((err = setup_get(r->app->setups, r->app->db, rv->restaurant_id,
		    NULL, &s)) != STATUS_OK ||
		    (err = hdf_set_value(r->hdf, "Page.Changeable", "1")) != STATUS_OK)
			goto out;
		for (i = 0; s != NULL && i < s->ntables; i++)
			if (s->tables[i].active && ((err = hdf_set_valuef(r->hdf,
			    "Page.Tables.%zu.Id=%lld", i,
			    (long long)s->tables[i].id)) != STATUS_OK ||
			    (err = hdf_set_valuef(r->hdf, "Page.Tables.%zu.Label=%s", i,
			    s->tables[i].label)) != STATUS_OK ||
			    (err = hdf_set_valuef(r->hdf, "Page.Tables.%zu.Seats=%d–%d",
			    i, s->tables[i].seats_min, s->tables[i].seats_max)) !=
			    STATUS_OK))
				goto out;
	}
	for (i = 0; i < sizeof owner_targets / sizeof owner_targets[0]; i++)
		if (rsv_can(rv->status, owner_targets[i], ACTOR_OWNER) &&
		    (err = hdf_set_valuef(r->hdf, "Page.Actions.%d=%s", n++,
		    rsv_status_name(owner_targets[i]))) != STATUS_OK)
			goto out;
	if ((err = payment_hdf(r, rv)) != STATUS_OK)
		goto out;
	err = session_page(r, w, "owner/booking.cs", status);
out:
	PQclear(ev);
	PQclear(ml);
	return nerr_pass(err);
}

/* GET /owner/b/{code}: a booking, its history and its mails. 200; 404. */
static NEOERR *
booking_show(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	NEOERR			*err;

	if ((err = owned_booking(r, w, &rv)) != STATUS_OK || rv == NULL)
		return nerr_pass(err);
	err = booking_render(r, w, rv, 200);
	db_reservation_free(rv);
	return nerr_pass(err);
}

/* Where a page action returns: the day sheet of the booking, or its page. */
static NEOERR *
back(struct req *r, struct resp *w, const struct reservation *rv,
    const char *flag)
{
	char	 loc[160];

	if (req_field(r, "back") != NULL && strcmp(req_field(r, "back"), "day") ==
	    0)
		snprintf(loc, sizeof loc, "/owner/r/%lld/day?date=%s&%s=%s#b-%s",
		    (long long)rv->restaurant_id, rv->local_date, flag, rv->code,
		    rv->code);
	else
		snprintf(loc, sizeof loc, "/owner/b/%s?%s=1", rv->code, flag);
	return nerr_pass(resp_redirect(w, 303, loc));
}

/* Apply the owner's move to rv (undo when to is RSV__MAX). */
static NEOERR *
move(struct req *r, const struct reservation *rv, enum rsv_status to,
    const char *note, struct book_out *out)
{
	struct book_env	 env;
	struct actor	 by;
	NEOERR		*err;

	by.user = r->user_id;
	by.ip = req_header(r, "REMOTE_ADDR");
	book_env_init(r, &env);
	memset(out, 0, sizeof *out);
	err = to == RSV__MAX ? booking_undo(&env, rv, &by, out) :
	    booking_owner_status(&env, rv, to, note, &by, out);
	book_env_done(&env);
	return nerr_pass(err);
}

/*
 * POST /owner/b/{code}/status {to, reason}: accept, reject, arrived, seated,
 * finished, no-show, cancel. 303 back; 404; 409 not from this status; 422.
 */
static NEOERR *
status_change(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	enum rsv_status		 to;
	struct book_out		 out;
	json_t			*errs = json_object();
	const char		*note;
	NEOERR			*err;

	memset(&out, 0, sizeof out);
	if ((err = owned_booking(r, w, &rv)) != STATUS_OK || rv == NULL)
		goto out;
	note = in_text(r, NULL, "reason", NOTE_MAX, false, errs, true);
	if (!rsv_status_parse(req_field(r, "to"), &to) || to == RSV_HELD) {
		err = resp_error(r, w, 422);
		goto out;
	}
	if (json_object_size(errs) > 0) {
		if ((err = in_errors_to_form(r, errs)) == STATUS_OK)
			err = booking_render(r, w, rv, 422);
		goto out;
	}
	if ((err = move(r, rv, to, note, &out)) != STATUS_OK)
		goto out;
	if (out.res == BOOK_OK)
		err = back(r, w, rv, "done");
	else if (out.res == BOOK_GONE)
		err = resp_error(r, w, 404);
	else if ((err = hdf_set_value(r->hdf, "Page.Error", "not_allowed")) ==
	    STATUS_OK)
		err = booking_render(r, w, rv, 409);
out:
	book_out_free(&out);
	json_decref(errs);
	db_reservation_free(rv);
	return nerr_pass(err);
}

/* POST /owner/b/{code}/undo: the last move, within 5 minutes. 303; 409. */
static NEOERR *
undo(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	struct book_out		 out;
	NEOERR			*err;

	if ((err = owned_booking(r, w, &rv)) != STATUS_OK || rv == NULL)
		return nerr_pass(err);
	if ((err = move(r, rv, RSV__MAX, NULL, &out)) == STATUS_OK) {
		if (out.res == BOOK_OK)
			err = back(r, w, rv, "undone");
		else if ((err = hdf_set_value(r->hdf, "Page.Error", out.res ==
		    BOOK_TAKEN ? "undo_taken" : "undo_gone")) == STATUS_OK)
			err = booking_render(r, w, rv, 409);
	}
	book_out_free(&out);
	db_reservation_free(rv);
	return nerr_pass(err);
}

/*
 * The owner's change of rv: date, time, party and table, from a form or
 * JSON; what is not given stays as it is (a table not given: the one it
 * has if it is free, else the smallest free that fits).
 */
static void
change_parse(struct req *r, json_t *j, const struct reservation *rv,
    struct change *c, json_t *errs)
{
	const char	*d, *t, *tb;
	long long	 n;

	memset(c, 0, sizeof *c);
	c->who = ACTOR_OWNER;
	c->want.party = rv->party;
	d = in_text(r, j, "date", 10, false, errs, false);
	if (!date_parse(*d != '\0' ? d : rv->local_date, &c->want.day))
		json_object_set_new(errs, "date", json_string("invalid_date"));
	t = in_text(r, j, "time", 5, false, errs, false);
	if (!hm_parse(*t != '\0' ? t : rv->local_time, &c->want.minute))
		json_object_set_new(errs, "time", json_string("invalid_time"));
	if (in_given(r, j, "party") && in_int(r, j, "party", 1, 100, true, errs,
	    &n))
		c->want.party = (int)n;
	tb = in_text(r, j, "table", 20, false, errs, false);
	if (*tb != '\0' && strcmp(tb, "auto") != 0) {
		if (parse_int(tb, 1, INT64_MAX, &n))
			c->table = n;
		else
			json_object_set_new(errs, "table", json_string("invalid"));
	}
}

/* The owner's change of rv through the core; the codes go into errs. */
static NEOERR *
change_apply(struct req *r, const struct reservation *rv, struct change *c,
    struct book_out *out)
{
	struct book_env	 env;
	struct actor	 by;
	NEOERR		*err;

	by.user = r->user_id;
	by.ip = req_header(r, "REMOTE_ADDR");
	c->by = &by;
	book_env_init(r, &env);
	memset(out, 0, sizeof *out);
	err = booking_change(&env, rv, c, NULL, out);
	book_env_done(&env);
	return nerr_pass(err);
}

/* An owner's change that did not work: its field, code and status. */
static int
change_failure(const struct book_out *out, const struct change *c,
    const char **field, const char **code)
{
	*field = "table";
	switch (out->res) {
	case BOOK_NOT_OFFERED:
		*field = "time";
		*code = "no_such_time";
		return 422;
	case BOOK_NO_TABLE:
		*code = "unknown";
		return 422;
	case BOOK_TAKEN:
		*code = c->table != 0 ? "table_taken" : "no_table";
		return 409;
	case BOOK_GONE:
		*code = "unknown";
		return 404;
	default:
		*field = "status";
		*code = "not_allowed";
		return 409;
	}
}

/*
 * POST /owner/b/{code}/change {date, time, party, table}: move a booking.
 * 303 back; 404; 409 no table or the status forbids it; 422 per field.
 */
static NEOERR *
change_submit(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	struct book_out		 out;
	struct change		 c;
	json_t			*errs = json_object();
	const char		*field, *code;
	NEOERR			*err;
	int			 status;

	memset(&out, 0, sizeof out);
	if ((err = owned_booking(r, w, &rv)) != STATUS_OK || rv == NULL)
		goto out;
	change_parse(r, NULL, rv, &c, errs);
	if (json_object_size(errs) == 0) {
		if ((err = change_apply(r, rv, &c, &out)) != STATUS_OK)
			goto out;
		if (out.res == BOOK_OK) {
			err = back(r, w, rv, "done");
			goto out;
		}
		status = change_failure(&out, &c, &field, &code);
		if (status == 404) {
			err = resp_error(r, w, 404);
			goto out;
		}
		json_object_set_new(errs, field, json_string(code));
	} else
		status = 422;
	if ((err = in_errors_to_form(r, errs)) == STATUS_OK &&
	    (err = hdf_set_value(r->hdf, "Page.ChangeOpen", "1")) == STATUS_OK)
		err = booking_render(r, w, rv, status);
out:
	book_out_free(&out);
	json_decref(errs);
	db_reservation_free(rv);
	return nerr_pass(err);
}

/*
 * PATCH /api/v1/owner/reservations/{code} {date?, time?, party?, table?}:
 * move a booking. 200; 404; 409 no table, or its status; 422 per field.
 */
static NEOERR *
api_change(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	struct book_out		 out;
	struct change		 c;
	json_t			*errs;
	const char		*field, *code;
	NEOERR			*err = STATUS_OK;
	int			 status;

	if (!session_scope_or_403(r, w, "reservations:write", &err))
		return nerr_pass(err);
	if (r->json == NULL || !json_is_object(r->json))
		return nerr_pass(resp_error(r, w, 400));
	if ((err = owned_booking(r, w, &rv)) != STATUS_OK || rv == NULL)
		return nerr_pass(err);
	memset(&out, 0, sizeof out);
	errs = json_object();
	change_parse(r, r->json, rv, &c, errs);
	if (json_object_size(errs) > 0) {
		err = json_problem(r, w, 422, NULL, errs);
		errs = NULL;
	} else if ((err = change_apply(r, rv, &c, &out)) == STATUS_OK) {
		if (out.res == BOOK_OK)
			err = booking_json(r, w, rv->code, 200);
		else {
			status = change_failure(&out, &c, &field, &code);
			err = status == 404 ? resp_error(r, w, 404) :
			    json_problem(r, w, status, NULL, json_pack("{s:s}",
			    field, code));
		}
	}
	json_decref(errs);
	book_out_free(&out);
	db_reservation_free(rv);
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* statistics and export                                                */
/* ------------------------------------------------------------------ */

#define CH_W	720	/* the chart's drawing area */
#define CH_H	200
#define CH_LEFT	40
#define CH_TOP	10

/* GET /owner/r/{id}/stats: 30 days of covers, rates, busiest hours. 200. */
static NEOERR *
stats_show(struct req *r, struct resp *w)
{
	struct owner_restaurant *cur = NULL;
	PGresult	*cv = NULL, *rt = NULL;
	const char	*days[1] = { "30" };
	char		 p[64], *hours = NULL, *save, *tok;
	int		 i, n, max = 0, bw, h, total, k;
	NEOERR		*err;

	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if ((err = owner_rows(r, STMT_OWNER_COVERS, cur->id, 1, days,
	    &cv)) != STATUS_OK ||
	    (err = owner_rows(r, STMT_OWNER_RATES, cur->id, 1, days,
	    &rt)) != STATUS_OK ||
	    (err = owner_put_restaurant(r->hdf, cur)) != STATUS_OK)
		goto out;
	n = PQntuples(cv);
	for (i = 0; i < n; i++)
		if (db_int(cv, i, 1) > max)
			max = (int)db_int(cv, i, 1);
	/* a round top for the axis */
	for (k = 10; k < max; k = k < 50 ? k + 10 : k * 2)
		;
	max = k;
	bw = n > 0 ? CH_W / n : CH_W;
	for (i = 0; i < n; i++) {
		h = (int)(db_int(cv, i, 1) * CH_H / max);
		snprintf(p, sizeof p, "Page.Chart.Bars.%d", i);
		if ((err = hdf_set_valuef(r->hdf, "%s.X=%d", p, CH_LEFT + i * bw + 1)) !=
		    STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.Y=%d", p, CH_TOP + CH_H - h)) !=
		    STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.W=%d", p, bw - 2)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.H=%d", p, h)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.Date=%s", p, db_str(cv, i, 0))) !=
		    STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.Label=%.5s", p,
		    db_str(cv, i, 0) + 5)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.LabelX=%d", p,
		    CH_LEFT + i * bw + bw / 2)) != STATUS_OK ||
		    (err = hdf_set_valuef(r->hdf, "%s.Covers=%s", p,
		    db_str(cv, i, 1))) != STATUS_OK ||
		    (err = hdf_set_int_value(r->hdf, "Page.Chart.Max", max)) !=
		    STATUS_OK)
			goto out;
	}
	if ((err = hdf_set_int_value(r->hdf, "Page.Chart.Width",
	    CH_LEFT + CH_W + 10)) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Chart.Height",
	    CH_TOP + CH_H + 30)) != STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Chart.Base", CH_TOP + CH_H)) !=
	    STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Chart.Top", CH_TOP)) !=
	    STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Chart.Mid", CH_TOP + CH_H / 2)) !=
	    STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Chart.Half", max / 2)) !=
	    STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Chart.Right", CH_LEFT + CH_W)) !=
	    STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Chart.Left", CH_LEFT)) !=
	    STATUS_OK ||
	    (err = hdf_set_int_value(r->hdf, "Page.Chart.LabelY",
	    CH_TOP + CH_H + 16)) != STATUS_OK)
		goto out;
	if (PQntuples(rt) == 1) {
		total = (int)db_int(rt, 0, 0);
		if ((err = hdf_set_int_value(r->hdf, "Page.Stats.Bookings", total)) !=
		    STATUS_OK ||
		    (err = hdf_set_num(r->hdf, "Page.Stats.NoShowRate",
		    total > 0 ? 100.0 * (double)db_int(rt, 0, 1) / total : 0.0,
		    1)) != STATUS_OK ||
		    (err = hdf_set_num(r->hdf, "Page.Stats.CancelRate",
		    total > 0 ? 100.0 * (double)db_int(rt, 0, 2) / total : 0.0,
		    1)) != STATUS_OK ||
		    (err = hdf_set_value(r->hdf, "Page.Stats.LeadHours",
		    db_str(rt, 0, 3))) != STATUS_OK)
			goto out;
		if ((hours = strdup(db_str(rt, 0, 4))) == NULL) {
			err = nerr_raise(NERR_NOMEM, "stats");
			goto out;
		}
		for (i = 0, tok = strtok_r(hours, ",", &save); tok != NULL;
		    tok = strtok_r(NULL, ",", &save), i++) {
			int	 hr = atoi(tok);
			char	 hm[6];

			hm_format(hr * 60, hm);
			if ((err = hdf_set_valuef(r->hdf, "Page.Stats.Busiest.%d.Hour=%s",
			    i, hm)) != STATUS_OK ||
			    (err = hdf_set_valuef(r->hdf,
			    "Page.Stats.Busiest.%d.Covers=%s", i,
			    strchr(tok, ':') != NULL ? strchr(tok, ':') + 1 : "0")) !=
			    STATUS_OK)
				goto out;
		}
	}
	err = session_page(r, w, "owner/stats.cs", 200);
out:
	free(hours);
	PQclear(rt);
	PQclear(cv);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/*
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line
 * break; one that a spreadsheet would take for a formula gets a leading
 * apostrophe (OWASP "CSV injection").
 */
static NEOERR *
csv_field(STRING *s, const char *v)
{
	NEOERR	*err;
	bool	 quote = strpbrk(v, ",\"\r\n") != NULL;

	if (quote && (err = string_append_char(s, '"')) != STATUS_OK)
		return nerr_pass(err);
	if (strchr("=+-@\t\r", *v) != NULL && *v != '\0' &&
	    (err = string_append_char(s, '\'')) != STATUS_OK)
		return nerr_pass(err);
	for (; *v != '\0'; v++) {
		if (*v == '"' && (err = string_append_char(s, '"')) != STATUS_OK)
			return nerr_pass(err);
		if ((err = string_append_char(s, *v)) != STATUS_OK)
			return nerr_pass(err);
	}
	if (quote && (err = string_append_char(s, '"')) != STATUS_OK)
		return nerr_pass(err);
	return STATUS_OK;
}

/* GET /owner/r/{id}/export.csv?from=&to=: the bookings. 200; 400; 404. */
static NEOERR *
export_csv(struct req *r, struct resp *w)
{
	static const char *const head[] = { "code", "date", "time", "end", "party",
	    "table", "status", "source", "name", "email", "phone", "requests",
	    "reminder_answer", "booked_at", NULL };
	struct owner_restaurant *cur = NULL;
	PGresult	*res = NULL;
	const char	*from = req_field(r, "from"), *to = req_field(r, "to");
	const char	*p[2];
	char		 disp[160];
	int		 a, b, i, j, today;
	NEOERR		*err = STATUS_OK;

	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	date_parse(cur->today, &today);
	if (from == NULL || *from == '\0')
		from = cur->today;
	if (to == NULL || *to == '\0')
		to = from;
	if (!date_parse(from, &a) || !date_parse(to, &b) || b < a || b - a > 3660) {
		db_owner_restaurant_free(cur);
		return nerr_pass(resp_error(r, w, 400));
	}
	p[0] = from;
	p[1] = to;
	if ((err = owner_rows(r, STMT_OWNER_EXPORT, cur->id, 2, p, &res)) !=
	    STATUS_OK)
		goto out;
	string_clear(&w->body);
	for (j = 0; head[j] != NULL && err == STATUS_OK; j++)
		err = string_append(&w->body, j > 0 ? "," : "") == STATUS_OK ?
		    csv_field(&w->body, head[j]) : nerr_raise(NERR_NOMEM, "csv");
	if (err == STATUS_OK)
		err = string_append(&w->body, "\r\n");
	for (i = 0; i < PQntuples(res) && err == STATUS_OK; i++) {
		for (j = 0; j < PQnfields(res) && err == STATUS_OK; j++)
			if ((j == 0 || (err = string_append_char(&w->body, ',')) ==
			    STATUS_OK))
				err = csv_field(&w->body, db_str(res, i, j));
		if (err == STATUS_OK)
			err = string_append(&w->body, "\r\n");
	}
	if (err != STATUS_OK)
		goto out;
	w->status = 200;
	w->ctype = "text/csv; charset=utf-8";
	w->cache = "no-store";
	snprintf(disp, sizeof disp, "attachment; filename=\"%s-%s-%s.csv\"",
	    cur->slug, from, to);
	resp_header(w, "Content-Disposition", disp);
	err = audit(r->app->db, r->user_id, "export", cur->slug,
	    req_header(r, "REMOTE_ADDR"), json_pack("{s:s,s:s,s:i}", "from", from,
	    "to", to, "rows", PQntuples(res)));
	(void)today;
out:
	PQclear(res);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* the API                                                              */
/* ------------------------------------------------------------------ */

/* GET /api/v1/owner/restaurants/{id}/reservations?date=&status=. 200; 404. */
static NEOERR *
owner_book_api(struct req *r, struct resp *w)
{
	struct owner_restaurant *cur = NULL;
	PGresult	*rows = NULL;
	const char	*f = req_field(r, "status");
	enum rsv_status	 st;
	int		 day;
	char		 date[11];
	NEOERR		*err = STATUS_OK;

	if (!session_scope_or_403(r, w, "reservations:read", &err))
		return nerr_pass(err);
	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	if (!asked_day(r, cur, &day))
		err = json_problem(r, w, 400, NULL, json_pack("{s:s}", "date",
		    "invalid_date"));
	else if (f != NULL && *f != '\0' && !rsv_status_parse(f, &st))
		err = json_problem(r, w, 400, NULL, json_pack("{s:s}", "status",
		    "invalid"));
	else if ((err = day_rows(r, cur, day, f != NULL && *f != '\0' ? f : NULL,
	    &rows)) == STATUS_OK) {
		date_format(day, date);
		err = json_send(w, 200, json_pack("{s:s,s:o}", "date", date,
		    "items", json_rows(rows, day_cols)));
	}
	PQclear(rows);
	db_owner_restaurant_free(cur);
	return nerr_pass(err);
}

/* The owner's view of a booking: the reservation, history, mails. */
static NEOERR *
booking_json(struct req *r, struct resp *w, const char *code, int status)
{
	struct reservation	*rv = NULL;
	PGresult		*ev = NULL, *ml = NULL;
	bool			 undoable;
	json_t			*o;
	char			 s[32], e[32];
	NEOERR			*err;

	if ((err = db_reservation_get_owned(r->app->db, code, r->user_id, &rv)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if (rv == NULL)
		return nerr_pass(resp_error(r, w, 404));
	if ((err = history(r, rv, &ev, &ml, &undoable)) == STATUS_OK) {
		iso_utc(rv->start, s);
		iso_utc(rv->end, e);
		o = json_pack("{s:s,s:s,s:I,s:s,s:s,s:s,s:i,s:s,s:s,s:s,s:s,s:s,"
		    "s:s,s:s,s:s,s:b,s:o,s:o}",
		    "code", rv->code, "status", rsv_status_name(rv->status),
		    "restaurant_id", (json_int_t)rv->restaurant_id,
		    "name", rv->guest_name, "email", rv->guest_email,
		    "phone", rv->guest_phone, "party", rv->party,
		    "start", s, "end", e, "date", rv->local_date,
		    "time", rv->local_time, "table", rv->table_label,
		    "source", rv->source, "requests", rv->requests,
		    "reminder_answer", rv->reminder_answer, "undoable", undoable,
		    "events", json_rows(ev, event_cols),
		    "mails", json_rows(ml, mail_cols));
		err = json_send(w, status, o);
	}
	PQclear(ev);
	PQclear(ml);
	db_reservation_free(rv);
	return nerr_pass(err);
}

/* POST /api/v1/owner/restaurants/{id}/reservations: walk-in or phone. 201. */
static NEOERR *
owner_book_create_api(struct req *r, struct resp *w)
{
	struct owner_restaurant	*cur = NULL;
	struct entry	 e;
	json_t		*errs;
	const char	*t;
	char		 code[16];
	NEOERR		*err = STATUS_OK;

	if (!session_scope_or_403(r, w, "reservations:write", &err))
		return nerr_pass(err);
	if (r->json == NULL || !json_is_object(r->json))
		return nerr_pass(resp_error(r, w, 400));
	if ((err = owner_restaurant(r, w, &cur)) != STATUS_OK || cur == NULL)
		return nerr_pass(err);
	errs = json_object();
	entry_parse(r, r->json, cur, &e, errs);
	if (json_object_size(errs) == 0 &&
	    (err = entry_book(r, cur, &e, errs, code)) != STATUS_OK) {
		json_decref(errs);
		db_owner_restaurant_free(cur);
		return nerr_pass(err);
	}
	db_owner_restaurant_free(cur);
	if (json_object_size(errs) > 0) {
		t = json_string_value(json_object_get(errs, "table"));
		return nerr_pass(json_problem(r, w, t != NULL &&
		    (strcmp(t, "no_table") == 0 || strcmp(t, "table_taken") == 0) ?
		    409 : 422, NULL, errs));
	}
	json_decref(errs);
	return nerr_pass(booking_json(r, w, code, 201));
}

/* GET /api/v1/owner/reservations/{code}. 200; 404. */
static NEOERR *
api_booking(struct req *r, struct resp *w)
{
	NEOERR	*err = STATUS_OK;

	if (!session_scope_or_403(r, w, "reservations:read", &err))
		return nerr_pass(err);
	return nerr_pass(booking_json(r, w, req_param(r, 0), 200));
}

/* POST /api/v1/owner/reservations/{code}/status {status, note}. 200; 409. */
static NEOERR *
api_status(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	enum rsv_status		 to;
	struct book_out		 out;
	json_t			*errs;
	const char		*note;
	NEOERR			*err = STATUS_OK;

	if (!session_scope_or_403(r, w, "reservations:write", &err))
		return nerr_pass(err);
	if (r->json == NULL || !json_is_object(r->json))
		return nerr_pass(resp_error(r, w, 400));
	if ((err = owned_booking(r, w, &rv)) != STATUS_OK || rv == NULL)
		return nerr_pass(err);
	errs = json_object();
	note = in_text(r, r->json, "note", NOTE_MAX, false, errs, true);
	if (!rsv_status_parse(json_string_value(json_object_get(r->json,
	    "status")), &to) || to == RSV_HELD)
		json_object_set_new(errs, "status", json_string("invalid"));
	if (json_object_size(errs) > 0) {
		db_reservation_free(rv);
		return nerr_pass(json_problem(r, w, 422, NULL, errs));
	}
	json_decref(errs);
	if ((err = move(r, rv, to, note, &out)) == STATUS_OK) {
		if (out.res == BOOK_OK)
			err = booking_json(r, w, rv->code, 200);
		else
			err = json_problem(r, w, out.res == BOOK_GONE ? 404 : 409,
			    render_text(r, "Error.not_allowed"),
			    json_pack("{s:s}", "status", "not_allowed"));
	}
	book_out_free(&out);
	db_reservation_free(rv);
	return nerr_pass(err);
}

/* POST /api/v1/owner/reservations/{code}/undo. 200; 409. */
static NEOERR *
api_undo(struct req *r, struct resp *w)
{
	struct reservation	*rv = NULL;
	struct book_out		 out;
	NEOERR			*err = STATUS_OK;

	if (!session_scope_or_403(r, w, "reservations:write", &err))
		return nerr_pass(err);
	if ((err = owned_booking(r, w, &rv)) != STATUS_OK || rv == NULL)
		return nerr_pass(err);
	if ((err = move(r, rv, RSV__MAX, NULL, &out)) == STATUS_OK) {
		if (out.res == BOOK_OK)
			err = booking_json(r, w, rv->code, 200);
		else
			err = json_problem(r, w, 409, render_text(r, out.res ==
			    BOOK_TAKEN ? "Error.undo_taken" : "Error.undo_gone"),
			    NULL);
	}
	book_out_free(&out);
	db_reservation_free(rv);
	return nerr_pass(err);
}
