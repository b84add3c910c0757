/* render.c: ClearSilver templates parsed once per worker, rendered per request. */
#include "app.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAYOUT	"layout/layout.cs"

struct tmpl {
	char	*name;
	CSPARSE	*cs;
};

struct render {
	HDF		*site;		/* Config, load path, Lang.*, Site.* */
	struct tmpl	*v;
	size_t		 n;
	const char	*escape;	/* Config.VarEscapeMode */
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
	char		 path[4096];

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
	snprintf(path, sizeof path, "%s/lang/%s.hdf", dir, lang);
	if ((err = hdf_init(&rd->site)) != STATUS_OK ||
	    (err = hdf_set_value(rd->site, "hdf.loadpaths.0", dir)) != STATUS_OK ||
	    (err = hdf_set_value(rd->site, "Config.VarEscapeMode",
	    rd->escape)) != STATUS_OK ||
	    (err = hdf_read_file(rd->site, path)) != STATUS_OK ||
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

void
render_free(struct render *rd)
{
	size_t	 i;

	if (rd == NULL)
		return;
	for (i = 0; i < rd->n; i++) {
		cs_destroy(&rd->v[i].cs);
		free(rd->v[i].name);
	}
	free(rd->v);
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

/* The parsed page template plus the layout, parsed on first use. */
static NEOERR *
template_get(struct render *rd, const char *name, CSPARSE **out)
{
	struct tmpl	*tmp;
	CSPARSE		*cs = NULL;
	NEOERR		*err;
	size_t		 i;

	for (i = 0; i < rd->n; i++)
		if (strcmp(rd->v[i].name, name) == 0) {
			*out = rd->v[i].cs;
			return STATUS_OK;
		}
	if ((err = cs_init(&cs, rd->site)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = cgi_register_strfuncs(cs)) != STATUS_OK ||
	    (err = cs_parse_file(cs, name)) != STATUS_OK ||
	    (err = cs_parse_file(cs, LAYOUT)) != STATUS_OK) {
		cs_destroy(&cs);
		return nerr_pass_ctx(err, "parsing %s", name);
	}
	if ((tmp = realloc(rd->v, (rd->n + 1) * sizeof *rd->v)) == NULL) {
		cs_destroy(&cs);
		return nerr_raise(NERR_NOMEM, "template cache");
	}
	rd->v = tmp;
	if ((rd->v[rd->n].name = strdup(name)) == NULL) {
		cs_destroy(&cs);
		return nerr_raise(NERR_NOMEM, "template cache");
	}
	rd->v[rd->n++].cs = cs;
	*out = cs;
	return STATUS_OK;
}

static NEOERR *
append_cb(void *ctx, char *s)
{
	return nerr_pass(string_append((STRING *)ctx, s));
}

/* Drop the blank lines that template comments and definitions leave on top. */
static void
trim_leading(STRING *s)
{
	int	 i = 0;

	while (i < s->len && (s->buf[i] == '\n' || s->buf[i] == ' ' ||
	    s->buf[i] == '\t' || s->buf[i] == '\r'))
		i++;
	if (i == 0)
		return;
	memmove(s->buf, s->buf + i, (size_t)(s->len - i + 1));
	s->len -= i;
}

NEOERR *
render_page(struct req *r, struct resp *w, const char *name)
{
	struct render	*rd = r->app->render;
	CSPARSE		*cs = NULL;
	NEOERR		*err;

	if ((err = template_get(rd, name, &cs)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = hdf_set_value(r->hdf, "Req.Path", r->path)) != STATUS_OK)
		return nerr_pass(err);
	string_clear(&w->body);
	string_init(&w->body);
	/* the request's data first, the site's (Lang, Site) underneath */
	cs->hdf = r->hdf;
	cs->global_hdf = rd->site;
	err = cs_render(cs, &w->body, append_cb);
	cs->hdf = rd->site;
	cs->global_hdf = NULL;
	if (err != STATUS_OK)
		return nerr_pass_ctx(err, "rendering %s", name);
	trim_leading(&w->body);
	w->ctype = "text/html; charset=utf-8";
	return STATUS_OK;
}
