/* tmpl.c: ClearSilver templates parsed once per process and rendered many times. */
#include "stolik.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tmpl {
	char	*key;		/* the files, joined by spaces */
	CSPARSE	*cs;
};

struct tmpl_cache {
	HDF		*parse;		/* Config.VarEscapeMode and the load path */
	HDF		*site;		/* borrowed: Lang.*, Site.* for every render */
	struct tmpl	*v;
	size_t		 n;
};

NEOERR *
tmpl_cache_new(const char *dir, const char *escape, HDF *site,
    struct tmpl_cache **out)
{
	struct tmpl_cache	*c;
	NEOERR			*err;

	*out = NULL;
	if ((c = calloc(1, sizeof *c)) == NULL)
		return nerr_raise(NERR_NOMEM, "template cache");
	c->site = site;
	/* the escape mode is read when a template is parsed: it is fixed here */
	if ((err = hdf_init(&c->parse)) != STATUS_OK ||
	    (err = hdf_set_value(c->parse, "hdf.loadpaths.0", dir)) != STATUS_OK ||
	    (err = hdf_set_value(c->parse, "Config.VarEscapeMode", escape)) !=
	    STATUS_OK) {
		tmpl_cache_free(c);
		return nerr_pass(err);
	}
	*out = c;
	return STATUS_OK;
}

void
tmpl_cache_free(struct tmpl_cache *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		cs_destroy(&c->v[i].cs);
		free(c->v[i].key);
	}
	free(c->v);
	hdf_destroy(&c->parse);
	free(c);
}

/* The parsed concatenation of files (NULL-terminated), parsed on first use. */
static NEOERR *
lookup(struct tmpl_cache *c, const char *const *files, CSPARSE **out)
{
	struct tmpl	*tmp;
	CSPARSE		*cs = NULL;
	NEOERR		*err;
	STRING		 key;
	size_t		 i;

	string_init(&key);
	for (i = 0; files[i] != NULL; i++) {
		string_append(&key, files[i]);
		string_append_char(&key, ' ');
	}
	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, key.buf) == 0) {
			string_clear(&key);
			*out = c->v[i].cs;
			return STATUS_OK;
		}
	if ((err = cs_init(&cs, c->parse)) != STATUS_OK)
		goto fail;
	if ((err = cgi_register_strfuncs(cs)) != STATUS_OK)
		goto fail;
	for (i = 0; files[i] != NULL; i++)
		if ((err = cs_parse_file(cs, files[i])) != STATUS_OK) {
			err = nerr_pass_ctx(err, "parsing %s", files[i]);
			goto fail;
		}
	if ((tmp = realloc(c->v, (c->n + 1) * sizeof *c->v)) == NULL) {
		err = nerr_raise(NERR_NOMEM, "template cache");
		goto fail;
	}
	c->v = tmp;
	c->v[c->n].key = key.buf;
	c->v[c->n++].cs = cs;
	*out = cs;
	return STATUS_OK;
fail:
	cs_destroy(&cs);
	string_clear(&key);
	return nerr_pass(err);
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
tmpl_render(struct tmpl_cache *c, const char *const *files, HDF *data,
    STRING *out)
{
	CSPARSE	*cs = NULL;
	NEOERR	*err;

	if ((err = lookup(c, files, &cs)) != STATUS_OK)
		return nerr_pass(err);
	/* the request's data first, the site's (Lang, Site) underneath */
	cs->hdf = data;
	cs->global_hdf = c->site;
	err = cs_render(cs, out, append_cb);
	cs->hdf = c->parse;
	cs->global_hdf = NULL;
	if (err != STATUS_OK)
		return nerr_pass_ctx(err, "rendering %s", files[0]);
	trim_leading(out);
	return STATUS_OK;
}

static int
hdf_file(const struct dirent *e)
{
	size_t	 n = strlen(e->d_name);

	return e->d_name[0] != '.' && n > 4 &&
	    strcmp(e->d_name + n - 4, ".hdf") == 0;
}

/*
 * Language lang's strings into site: dir/lang/LANG.hdf (Lang.Code, the
 * strings C and several templates share), then each dir/lang/LANG/AREA.hdf
 * in name order (the strings of one area's templates). A missing area
 * directory is no error; a file that doesn't parse is.
 */
NEOERR *
lang_read(HDF *site, const char *dir, const char *lang)
{
	struct dirent	**v = NULL;
	NEOERR		 *err;
	char		  path[4096];
	int		  i, n;

	if (lang[0] == '\0' ||
	    strspn(lang, "abcdefghijklmnopqrstuvwxyz-") != strlen(lang))
		return nerr_raise(NERR_ASSERT, "a language is like en or pt-br");
	snprintf(path, sizeof path, "%s/lang/%s.hdf", dir, lang);
	if ((err = hdf_read_file(site, path)) != STATUS_OK)
		return nerr_pass(err);
	snprintf(path, sizeof path, "%s/lang/%s", dir, lang);
	if ((n = scandir(path, &v, hdf_file, alphasort)) < 0)
		return STATUS_OK;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/lang/%s/%s", dir, lang,
		    v[i]->d_name);
		if (err == STATUS_OK)
			err = hdf_read_file(site, path);
		free(v[i]);
	}
	free(v);
	return nerr_pass(err);
}
