/* render.c: ClearSilver templates parsed once per worker, rendered per request. */
#include "app.h"

#include <sys/stat.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LAYOUT	"layout/layout.cs"

struct render {
	HDF			*site;		/* the default language's Lang.*, Site.* */
	HDF			*sites[TMPL_LANGS];	/* each language's; [0] = site */
	char			 codes[TMPL_LANGS][LANG_CODE_MAX];
	const char		*langs[TMPL_LANGS];	/* codes; [0] the default */
	int			 nlangs;
	struct tmpl_cache	*pages;
	const char		*escape;	/* Config.VarEscapeMode */
};

/* This process's render, for the number formats of hdf_set_num. */
static struct render	*current;

/* Collects the static files for the asset version digest. */
static STRING	*walk_buf;

static int
walk_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	char	*data = NULL;

	if (flag != FTW_F)
		return 0;
	if (ne_load_file(path, &data) != STATUS_OK)
		return 0;	/* unreadable: nginx cannot serve it either */
	string_append(walk_buf, path);
	string_append(walk_buf, data);
	free(data);
	return 0;
}

/* A short digest of everything under static/, for cache-busting URLs. */
static NEOERR *
asset_version(const char *dir, HDF *site)
{
	STRING	 s;
	char	 hex[65];
	NEOERR	*err;

	string_init(&s);
	walk_buf = &s;
	nftw(dir, walk_one, 16, FTW_PHYS);
	walk_buf = NULL;
	sec_digest_hex(s.buf != NULL ? s.buf : "", (size_t)s.len, hex);
	string_clear(&s);
	hex[12] = '\0';
	err = hdf_set_value(site, "Site.AssetVersion", hex);
	return nerr_pass(err);
}

/* One language's site HDF: its strings and the site's settings. */
static NEOERR *
site_new(struct app *app, const char *dir, const char *lang, HDF **out)
{
	NEOERR	*err;

	*out = NULL;
	if ((err = hdf_init(out)) != STATUS_OK ||
	    (err = lang_read(*out, dir, lang)) != STATUS_OK ||
	    (err = hdf_set_value(*out, "Site.Name",
	    hdf_get_value(app->conf, "App.SiteName", "Stolik"))) != STATUS_OK ||
	    (err = hdf_set_value(*out, "Site.BaseUrl",
	    app->base_url)) != STATUS_OK ||
	    (err = hdf_set_value(*out, "Site.Version",
	    STOLIK_VERSION)) != STATUS_OK)
		return nerr_pass_ctx(err, "language %s", lang);
	return STATUS_OK;
}

NEOERR *
render_init(struct app *app)
{
	struct render	*rd;
	NEOERR		*err;
	const char	*dir;
	int		 i;

	if ((rd = calloc(1, sizeof *rd)) == NULL)
		return nerr_raise(NERR_NOMEM, "render");
	app->render = rd;
	current = rd;
	rd->escape = "html";
#ifdef STOLIK_TEST_HOOKS
	/* negative control for the escaping tests: never in a release build */
	rd->escape = hdf_get_value(app->conf, "Test.EscapeMode", "html");
#endif
	dir = hdf_get_value(app->conf, "App.TemplateDir", PKGDATADIR "/templates");
	/* the default (App.Language) first, then the others of App.Languages */
	if ((err = lang_config(app->conf, rd->codes, &rd->nlangs)) != STATUS_OK)
		return nerr_pass(err);
	for (i = 0; i < rd->nlangs; i++)
		rd->langs[i] = rd->codes[i];
	for (i = 0; i < rd->nlangs; i++)
		if ((err = site_new(app, dir, rd->langs[i], &rd->sites[i])) !=
		    STATUS_OK)
			return nerr_pass(err);
	/* the switcher's choices, in the order of App.Languages */
	for (i = 0; i < rd->nlangs * rd->nlangs; i++)
		if ((err = hdf_set_valuef(rd->sites[i / rd->nlangs],
		    "Site.Languages.%d=%s", i % rd->nlangs,
		    rd->langs[i % rd->nlangs])) != STATUS_OK)
			return nerr_pass(err);
	rd->site = rd->sites[0];
	if ((err = tmpl_cache_new(dir, rd->escape, rd->site, &rd->pages)) !=
	    STATUS_OK)
		return nerr_pass(err);
	for (i = 1; i < rd->nlangs; i++)
		if ((err = tmpl_cache_lang(rd->pages, rd->langs[i],
		    rd->sites[i])) != STATUS_OK)
			return nerr_pass(err);
	err = asset_version(hdf_get_value(app->conf, "App.StaticDir",
	    PKGDATADIR "/static"), rd->site);
	for (i = 1; err == STATUS_OK && i < rd->nlangs; i++)
		err = hdf_set_value(rd->sites[i], "Site.AssetVersion",
		    hdf_get_value(rd->site, "Site.AssetVersion", ""));
	return nerr_pass(err);
}

/* Write path with len bytes of buf whole, or not at all. */
static NEOERR *
write_whole(const char *path, const char *buf, size_t len)
{
	char	 tmp[4096];
	FILE	*f;
	bool	 ok;

	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL)
		return nerr_raise_errno(NERR_IO, "cannot write %s", tmp);
	ok = fwrite(buf, 1, len, f) == len;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return nerr_raise_errno(NERR_IO, "cannot write %s", path);
	}
	return STATUS_OK;
}

/*
 * The answers nginx makes itself when the app can't (413, 429, 502, 503,
 * 504), from the same templates and language file as the app's own:
 * S.html, a branded page, and S.json, a problem for /api/ paths. The master
 * writes them into App.ErrorPageDir at start and at each reload.
 */
NEOERR *
render_error_pages(struct app *app)
{
	static const int	 codes[] = { 413, 429, 502, 503, 504 };
	const char		*files[] = { "error/error.cs", LAYOUT, NULL };
	const char		*dir;
	char			 path[4096], key[32], *js;
	HDF			*hdf = NULL;
	STRING			 page;
	json_t			*o;
	NEOERR			*err = STATUS_OK;
	size_t			 i;
	int			 c, l;

	dir = hdf_get_value(app->conf, "App.ErrorPageDir",
	    LOCALSTATEDIR "/lib/stolik/errors");
	if (*dir == '\0')
		return STATUS_OK;
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return nerr_raise_errno(NERR_IO, "cannot create %s", dir);
	/* S.html in the default language, S.LANG.html in each (nginx picks) */
	for (i = 0; i < sizeof codes / sizeof codes[0] * (size_t)(1 +
	    app->render->nlangs) && err == STATUS_OK; i++) {
		l = (int)(i / (sizeof codes / sizeof codes[0])) - 1;
		c = codes[i % (sizeof codes / sizeof codes[0])];
		snprintf(key, sizeof key, "%d", c);
		string_init(&page);
		if ((err = hdf_init(&hdf)) == STATUS_OK &&
		    (err = render_prepare_hdf(app, hdf)) == STATUS_OK &&
		    (err = hdf_set_value(hdf, "Req.Lang",
		    render_lang_code(app, l))) == STATUS_OK &&
		    (err = hdf_set_value(hdf, "Req.Path", "/")) == STATUS_OK &&
		    (err = hdf_set_value(hdf, "Page.Error.Status", key)) ==
		    STATUS_OK &&
		    (err = hdf_set_value(hdf, "Page.Error.Reason",
		    http_reason(c))) == STATUS_OK &&
		    (err = tmpl_render(app->render->pages, files, hdf, &page)) ==
		    STATUS_OK) {
			if (l < 0)
				snprintf(path, sizeof path, "%s/%d.html", dir, c);
			else
				snprintf(path, sizeof path, "%s/%d.%s.html", dir, c,
				    render_lang_code(app, l));
			err = write_whole(path, page.buf, (size_t)page.len);
		}
		string_clear(&page);
		hdf_destroy(&hdf);
		if (err != STATUS_OK || l >= 0)
			continue;
		/* the API's problem, in the default language */
		snprintf(key, sizeof key, "Problem.%d", c);
		o = json_pack("{s:s,s:s,s:i,s:s}", "type", "about:blank",
		    "title", http_reason(c), "status", c,
		    "detail", render_lang(app, key));
		js = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;
		json_decref(o);
		if (js == NULL)
			return nerr_raise(NERR_NOMEM, "problem");
		snprintf(path, sizeof path, "%s/%d.json", dir, c);
		err = write_whole(path, js, strlen(js));
		free(js);
	}
	return nerr_pass(err);
}

void
render_free(struct render *rd)
{
	int	 i;

	if (rd == NULL)
		return;
	if (current == rd)
		current = NULL;
	tmpl_cache_free(rd->pages);
	for (i = 0; i < rd->nlangs; i++)
		hdf_destroy(&rd->sites[i]);
	free(rd);
}

NEOERR *
render_prepare_hdf(struct app *app, HDF *hdf)
{
	NEOERR	*err;

	if ((err = hdf_set_value(hdf, "Config.VarEscapeMode",
	    app->render != NULL ? app->render->escape : "html")) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Config.Upload.TmpDir",
	    app->tmp_dir)) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(hdf_set_value(hdf, "Config.Upload.Unlink", "1"));
}

const char *
render_lang(struct app *app, const char *name)
{
	const char	*v;

	if (app->render == NULL)
		return "";
	v = hdf_get_valuef(app->render->site, "Lang.%s", name);
	return v != NULL ? v : "";
}

/* The site of language lang (the default's if unknown or NULL). */
static HDF *
site_of(struct render *rd, const char *lang)
{
	int	 i;

	for (i = 0; lang != NULL && i < rd->nlangs; i++)
		if (strcmp(rd->langs[i], lang) == 0)
			return rd->sites[i];
	return rd->site;
}

/* The site HDF of the request's language. */
static HDF *
req_site(struct req *r)
{
	return site_of(r->app->render, r->lang);
}

HDF *
render_site(struct req *r)
{
	return r->app->render != NULL ? req_site(r) : r->hdf;
}

NEOERR *
hdf_set_num(HDF *hdf, const char *key, double v, int prec)
{
	char		 raw[64], out[96];
	HDF		*site;

	snprintf(raw, sizeof raw, "%.*f", prec, v);
	if (current == NULL)
		return nerr_pass(hdf_set_value(hdf, key, raw));
	site = site_of(current, hdf_get_value(hdf, "Req.Lang", NULL));
	num_localize(raw, hdf_get_value(site, "Lang.Number.Decimal", "."),
	    hdf_get_value(site, "Lang.Number.Group", ""), out, sizeof out);
	return nerr_pass(hdf_set_value(hdf, key, out));
}

const char *
render_text(struct req *r, const char *name)
{
	const char	*v;

	if (r->app->render == NULL)
		return "";
	/* the API speaks the default language */
	if (r->want_json)
		return render_lang(r->app, name);
	v = hdf_get_valuef(req_site(r), "Lang.%s", name);
	if (v == NULL)	/* a key missing in a translation: the default's */
		v = hdf_get_valuef(r->app->render->site, "Lang.%s", name);
	return v != NULL ? v : "";
}

int
render_lang_index(struct app *app, const char *code)
{
	struct render	*rd = app->render;

	if (rd == NULL || code == NULL)
		return -1;
	return lang_find(rd->langs, rd->nlangs, code,
	    strlen(code));
}

const char *
render_lang_code(struct app *app, int i)
{
	struct render	*rd = app->render;

	if (rd == NULL || rd->nlangs == 0)
		return "en";
	return i >= 0 && i < rd->nlangs ? rd->langs[i] : rd->langs[0];
}

NEOERR *
render_pick_lang(struct req *r)
{
	struct render	*rd = r->app->render;
	char		 name[64];
	int		 i = -1;

	if (rd == NULL || r->hdf == NULL)
		return STATUS_OK;
	/* the switcher's cookie; the account's choice; the browser's */
	cookie_name(r, LANG_COOKIE, name, sizeof name);
	r->lang_cookie = false;
	if ((i = render_lang_index(r->app, req_cookie(r, name))) >= 0)
		r->lang_cookie = true;
	if (i < 0 && r->user_lang != NULL)
		i = render_lang_index(r->app, r->user_lang);
	if (i < 0)
		i = lang_accept(req_header(r, "HTTP_ACCEPT_LANGUAGE"),
		    rd->langs, rd->nlangs);
	r->lang = render_lang_code(r->app, i);
	return nerr_pass(hdf_set_value(r->hdf, "Req.Lang", r->lang));
}

NEOERR *
render_page(struct req *r, struct resp *w, const char *name)
{
	const char	*files[] = { name, LAYOUT, NULL };
	NEOERR		*err;
	const char	*qs = req_header(r, "QUERY_STRING");

	if ((err = hdf_set_value(r->hdf, "Req.Path", r->path)) != STATUS_OK)
		return nerr_pass(err);
	/*
	 * Where the language switcher comes back to: this page, with its
	 * query if a GET; the home page from an error page, which must not
	 * tell one unknown address from another (test_booking)
	 */
	if ((err = hdf_set_value(r->hdf, "Req.Here", w->status >= 400 ? "/" :
	    r->path)) != STATUS_OK ||
	    (w->status < 400 && r->method == HTTP_GET && qs != NULL &&
	    *qs != '\0' &&
	    strlen(qs) < 1024 && (err = hdf_set_valuef(r->hdf, "Req.Here=%s?%s",
	    r->path, qs)) != STATUS_OK))
		return nerr_pass(err);
	string_clear(&w->body);
	string_init(&w->body);
	if ((err = tmpl_render(r->app->render->pages, files, r->hdf, &w->body)) !=
	    STATUS_OK)
		return nerr_pass(err);
	w->ctype = "text/html; charset=utf-8";
	return STATUS_OK;
}

NEOERR *
render_part(struct app *app, const char *name, HDF *data, STRING *out)
{
	const char	*files[] = { name, NULL };

	return nerr_pass(tmpl_render(app->render->pages, files, data, out));
}

/* ------------------------------------------------------------------ */
/* rows of a result as HDF (pages) and JSON (API)                       */
/* ------------------------------------------------------------------ */

/* A value of a PGresult or of a db_rows, for put_row. */
typedef const char *(*cell_fn)(const void *, int row, int col);

static const char *
pg_cell(const void *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? "" : PQgetvalue(res, row, col);
}

static const char *
rows_cell(const void *rs, int row, int col)
{
	return DB_ROWS_GET((const struct db_rows *)rs, row, col);
}

/* Row row of src as prefix.<name>, for each column with a non-empty name. */
static NEOERR *
put_row(HDF *hdf, const char *prefix, const void *src, cell_fn cell,
    int ncols, int row, const char *const *names)
{
	NEOERR	*err;
	int	 i;

	for (i = 0; i < ncols && names[i] != NULL; i++) {
		if (*names[i] == '\0')
			continue;
		if ((err = hdf_set_valuef(hdf, "%s.%s=%s", prefix, names[i],
		    cell(src, row, i))) != STATUS_OK)
			return nerr_pass(err);
	}
	return STATUS_OK;
}

/* Every row of src as prefix.<i>.<name>. */
static NEOERR *
put_rows(HDF *hdf, const char *prefix, const void *src, cell_fn cell,
    int nrows, int ncols, const char *const *names)
{
	char	 p[128];
	NEOERR	*err;
	int	 i;

	for (i = 0; i < nrows; i++) {
		snprintf(p, sizeof p, "%s.%d", prefix, i);
		if ((err = put_row(hdf, p, src, cell, ncols, i, names)) !=
		    STATUS_OK)
			return nerr_pass(err);
	}
	return STATUS_OK;
}

NEOERR *
hdf_put_row(HDF *hdf, const char *prefix, const PGresult *res, int row,
    const char *const *names)
{
	return nerr_pass(put_row(hdf, prefix, res, pg_cell, PQnfields(res), row,
	    names));
}

NEOERR *
hdf_put_rows(HDF *hdf, const char *prefix, const PGresult *res,
    const char *const *names)
{
	return nerr_pass(put_rows(hdf, prefix, res, pg_cell, PQntuples(res),
	    PQnfields(res), names));
}

NEOERR *
hdf_put_db_rows(HDF *hdf, const char *prefix, const struct db_rows *rs,
    const char *const *names)
{
	return nerr_pass(put_rows(hdf, prefix, rs, rows_cell, rs->nrows,
	    rs->ncols, names));
}

/* PostgreSQL type OIDs (pg_type.h) the API gives as JSON numbers and booleans. */
#define OID_BOOL	16
#define OID_INT8	20
#define OID_INT2	21
#define OID_INT4	23
#define OID_FLOAT8	701
#define OID_NUMERIC	1700

json_t *
json_row(const PGresult *res, int row, const char *const *names)
{
	json_t		*o = json_object(), *v;
	const char	*s;
	int		 i;

	for (i = 0; o != NULL && i < PQnfields(res) && names[i] != NULL; i++) {
		if (*names[i] == '\0')
			continue;
		s = PQgetvalue(res, row, i);
		if (PQgetisnull(res, row, i))
			v = json_null();
		else switch (PQftype(res, i)) {
		case OID_BOOL:
			v = json_boolean(*s == 't');
			break;
		case OID_INT2:
		case OID_INT4:
		case OID_INT8:
			v = json_integer(strtoll(s, NULL, 10));
			break;
		case OID_FLOAT8:
		case OID_NUMERIC:
			v = json_real(strtod(s, NULL));
			break;
		default:
			v = json_string(s);
		}
		json_object_set_new(o, names[i], v);
	}
	return o;
}

json_t *
json_rows(const PGresult *res, const char *const *names)
{
	json_t	*a = json_array();
	int	 i;

	for (i = 0; a != NULL && i < PQntuples(res); i++)
		json_array_append_new(a, json_row(res, i, names));
	return a;
}

NEOERR *
hdf_put_reservation(HDF *hdf, const struct reservation *rv, const char *token)
{
	char	 off[8], iso[32], dial[48];
	int	 day;
	NEOERR	*err;

	phone_dial(rv->phone, dial, sizeof dial);
	offset_format(rv->utc_offset, off);
	iso_utc(rv->start, iso);
	if (token != NULL &&
	    (err = hdf_set_value(hdf, "Page.Rv.Token", token)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = hdf_set_value(hdf, "Page.Rv.Code", rv->code)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.Rv.Status",
	    rsv_status_name(rv->status))) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.Rv.Name", rv->guest_name)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.Rv.Email", rv->guest_email)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.Rv.Phone", rv->guest_phone)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.Rv.Requests", rv->requests)) != STATUS_OK ||
	    (err = hdf_set_int_value(hdf, "Page.Rv.Party", rv->party)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.Rv.Date", rv->local_date)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.Rv.Time", rv->local_time)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.Rv.EndTime", rv->local_end)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.Rv.UtcOffset", off)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.Rv.Start", iso)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.Rv.Slug", rv->slug)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.Rv.Restaurant", rv->restaurant)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.Rv.RPhone", rv->phone)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.Rv.RPhoneDial", dial)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.Rv.Address", rv->address)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.Rv.City", rv->city)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.Rv.Timezone", rv->timezone)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Page.Rv.Answer", rv->reminder_answer)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if (rv->status == RSV_HELD && (err = hdf_set_valuef(hdf,
	    "Page.Rv.HoldSeconds=%lld", (long long)(rv->hold_expires > rv->now ?
	    rv->hold_expires - rv->now : 0))) != STATUS_OK)
		return nerr_pass(err);
	if (date_parse(rv->local_date, &day) && (err = hdf_set_int_value(hdf,
	    "Page.Rv.Weekday", date_weekday(day))) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(hdf_set_int_value(hdf, "Page.Rv.BeforeCutoff",
	    rsv_before_cutoff(rv)));
}
