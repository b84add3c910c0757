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
	HDF			*site;		/* Lang.*, Site.* */
	struct tmpl_cache	*pages;
	const char		*escape;	/* Config.VarEscapeMode */
};

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

NEOERR *
render_init(struct app *app)
{
	struct render	*rd;
	NEOERR		*err;
	const char	*dir, *lang;

	if ((rd = calloc(1, sizeof *rd)) == NULL)
		return nerr_raise(NERR_NOMEM, "render");
	app->render = rd;
	rd->escape = "html";
#ifdef STOLIK_TEST_HOOKS
	/* negative control for the escaping tests: never in a release build */
	rd->escape = hdf_get_value(app->conf, "Test.EscapeMode", "html");
#endif
	dir = hdf_get_value(app->conf, "App.TemplateDir", PKGDATADIR "/templates");
	lang = hdf_get_value(app->conf, "App.Language", "en");
	if (strspn(lang, "abcdefghijklmnopqrstuvwxyz-") != strlen(lang))
		return nerr_raise(ERR_CONFIG, "App.Language must be like en or pt-br");
	if ((err = hdf_init(&rd->site)) != STATUS_OK ||
	    (err = tmpl_cache_new(dir, rd->escape, rd->site, &rd->pages)) !=
	    STATUS_OK ||
	    (err = lang_read(rd->site, dir, lang)) != STATUS_OK ||
	    (err = hdf_set_value(rd->site, "Site.Name",
	    hdf_get_value(app->conf, "App.SiteName", "Stolik"))) != STATUS_OK ||
	    (err = hdf_set_value(rd->site, "Site.BaseUrl",
	    app->base_url)) != STATUS_OK ||
	    (err = hdf_set_value(rd->site, "Site.Version",
	    STOLIK_VERSION)) != STATUS_OK)
		return nerr_pass(err);
	err = asset_version(hdf_get_value(app->conf, "App.StaticDir",
	    PKGDATADIR "/static"), rd->site);
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

	dir = hdf_get_value(app->conf, "App.ErrorPageDir",
	    LOCALSTATEDIR "/lib/stolik/errors");
	if (*dir == '\0')
		return STATUS_OK;
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return nerr_raise_errno(NERR_IO, "cannot create %s", dir);
	for (i = 0; i < sizeof codes / sizeof codes[0] && err == STATUS_OK;
	    i++) {
		snprintf(key, sizeof key, "%d", codes[i]);
		string_init(&page);
		if ((err = hdf_init(&hdf)) == STATUS_OK &&
		    (err = render_prepare_hdf(app, hdf)) == STATUS_OK &&
		    (err = hdf_set_value(hdf, "Req.Path", "/")) == STATUS_OK &&
		    (err = hdf_set_value(hdf, "Page.Error.Status", key)) ==
		    STATUS_OK &&
		    (err = hdf_set_value(hdf, "Page.Error.Reason",
		    http_reason(codes[i]))) == STATUS_OK &&
		    (err = tmpl_render(app->render->pages, files, hdf, &page)) ==
		    STATUS_OK) {
			snprintf(path, sizeof path, "%s/%d.html", dir, codes[i]);
			err = write_whole(path, page.buf, (size_t)page.len);
		}
		string_clear(&page);
		hdf_destroy(&hdf);
		if (err != STATUS_OK)
			break;
		snprintf(key, sizeof key, "Problem.%d", codes[i]);
		o = json_pack("{s:s,s:s,s:i,s:s}", "type", "about:blank",
		    "title", http_reason(codes[i]), "status", codes[i],
		    "detail", render_lang(app, key));
		js = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;
		json_decref(o);
		if (js == NULL)
			return nerr_raise(NERR_NOMEM, "problem");
		snprintf(path, sizeof path, "%s/%d.json", dir, codes[i]);
		err = write_whole(path, js, strlen(js));
		free(js);
	}
	return nerr_pass(err);
}

void
render_free(struct render *rd)
{
	if (rd == NULL)
		return;
	tmpl_cache_free(rd->pages);
	hdf_destroy(&rd->site);
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
	if (app->render == NULL)
		return "";
	return hdf_get_valuef(app->render->site, "Lang.%s", name) != NULL ?
	    hdf_get_valuef(app->render->site, "Lang.%s", name) : "";
}

NEOERR *
render_page(struct req *r, struct resp *w, const char *name)
{
	const char	*files[] = { name, LAYOUT, NULL };
	NEOERR		*err;

	if ((err = hdf_set_value(r->hdf, "Req.Path", r->path)) != STATUS_OK)
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
