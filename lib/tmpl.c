/* tmpl.c: ClearSilver templates parsed once per process and rendered many times. */
#include "stolik.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct tmpl {
	char	*key;		/* the files, joined by spaces */
	CSPARSE	*cs;
};

struct tmpl_cache {
	HDF		*parse;		/* Config.VarEscapeMode and the load path */
	HDF		*site;		/* borrowed: Lang.*, Site.* for every render */
	/* borrowed: the sites of other languages, picked by data's Req.Lang */
	char		 langs[TMPL_LANGS][LANG_CODE_MAX];
	HDF		*sites[TMPL_LANGS];
	size_t		 nsites;
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

NEOERR *
tmpl_cache_lang(struct tmpl_cache *c, const char *lang, HDF *site)
{
	if (c->nsites == TMPL_LANGS || strlen(lang) >= LANG_CODE_MAX)
		return nerr_raise(NERR_ASSERT, "too many languages");
	snprintf(c->langs[c->nsites], LANG_CODE_MAX, "%s", lang);
	c->sites[c->nsites++] = site;
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
	CSPARSE		*cs = NULL;
	NEOERR		*err;
	HDF		*site = c->site;
	const char	*lang;
	size_t		 i;

	if ((err = lookup(c, files, &cs)) != STATUS_OK)
		return nerr_pass(err);
	/* the language the data asks for (Req.Lang), else the default */
	if ((lang = hdf_get_value(data, "Req.Lang", NULL)) != NULL)
		for (i = 0; i < c->nsites; i++)
			if (strcmp(c->langs[i], lang) == 0) {
				site = c->sites[i];
				break;
			}
	/* the request's data first, the site's (Lang, Site) underneath */
	cs->hdf = data;
	cs->global_hdf = site;
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

/* ------------------------------------------------------------------ */
/* choosing a language                                                  */
/* ------------------------------------------------------------------ */

int
lang_find(const char *const *langs, int n, const char *code, size_t len)
{
	int	 i;

	if (code == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strlen(langs[i]) == len && strncasecmp(langs[i], code, len) == 0)
			return i;
	return -1;
}

/* The q-value of an Accept-Language item's parameters p (to end): 0..1000. */
static int
qvalue(const char *p, const char *end)
{
	int	 q = 1000, scale = 100;

	while (p < end) {
		while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
			p++;
		if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
			p += 2;
			if (p < end && *p == '1')
				return 1000;
			if (p >= end || *p != '0')
				return 0;	/* malformed: not acceptable */
			q = 0;
			p++;
			if (p < end && *p == '.')
				for (p++; p < end && *p >= '0' && *p <= '9' &&
				    scale > 0; p++, scale /= 10)
					q += (*p - '0') * scale;
			return q;
		}
		while (p < end && *p != ';')
			p++;
	}
	return q;
}

int
lang_accept(const char *header, const char *const *langs, int n)
{
	const char	*p, *end, *tag;
	size_t		 len;
	int		 best = -1, bestq = 0, i, q;

	if (header == NULL)
		return -1;
	for (p = header; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, ",");
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		tag = p;
		/* the primary subtag: ru of ru-RU, uk of uk_UA */
		len = strcspn(tag, "-_;, \t");
		if (tag + len > end)
			len = (size_t)(end - tag);
		if ((i = lang_find(langs, n, tag, len)) < 0)
			continue;
		q = qvalue(tag + len, end);
		if (q > bestq) {
			bestq = q;
			best = i;
		}
	}
	return best;
}

/* Add the len bytes of lang to langs (*n of them) unless there already. */
static NEOERR *
lang_add(char (*langs)[LANG_CODE_MAX], int *n, const char *lang, size_t len)
{
	int	 i;

	if (len == 0 || len >= LANG_CODE_MAX || strspn(lang,
	    "abcdefghijklmnopqrstuvwxyz-") < len)
		return nerr_raise(ERR_CONFIG,
		    "App.Languages: a language is like en or pt-br");
	for (i = 0; i < *n; i++)
		if (strlen(langs[i]) == len && strncmp(langs[i], lang, len) == 0)
			return STATUS_OK;
	if (*n == TMPL_LANGS)
		return nerr_raise(ERR_CONFIG, "App.Languages: at most %d",
		    TMPL_LANGS);
	memcpy(langs[*n], lang, len);
	langs[(*n)++][len] = '\0';
	return STATUS_OK;
}

NEOERR *
lang_config(HDF *conf, char (*langs)[LANG_CODE_MAX], int *n)
{
	const char	*p;
	size_t		 len;
	NEOERR		*err;

	*n = 0;
	p = hdf_get_value(conf, "App.Language", "en");
	if (strspn(p, "abcdefghijklmnopqrstuvwxyz-") != strlen(p))
		return nerr_raise(ERR_CONFIG, "App.Language must be like en or pt-br");
	if ((err = lang_add(langs, n, p, strlen(p))) != STATUS_OK)
		return nerr_pass(err);
	for (p = hdf_get_value(conf, "App.Languages", "en ru uk"); *p != '\0'; p += len) {
		p += strspn(p, " ,\t");
		if ((len = strcspn(p, " ,\t")) > 0 &&
		    (err = lang_add(langs, n, p, len)) != STATUS_OK)
			return nerr_pass(err);
	}
	return STATUS_OK;
}

const char *
lang_plural(HDF *site, long n, const char *forms)
{
	const char	*code = hdf_get_value(site, "Lang.Code", "en"), *form;
	char		 k[96];
	long		 m10 = n % 10, m100 = n % 100;

	if (strcmp(code, "ru") == 0 || strcmp(code, "uk") == 0)
		form = m10 == 1 && m100 != 11 ? "one" : m10 >= 2 && m10 <= 4 &&
		    (m100 < 12 || m100 > 14) ? "few" : "many";
	else
		form = n == 1 ? "one" : "other";
	snprintf(k, sizeof k, "%s.%s", forms, form);
	return hdf_get_value(site, k, "");
}

void
lang_date(HDF *site, const char *iso, char *buf, size_t sz)
{
	const char	*wd, *mon, *wp, *dp;
	char		 k[40];
	int		 day, y, m, d;

	if (!date_parse(iso, &day) || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3) {
		snprintf(buf, sz, "%s", iso);
		return;
	}
	snprintf(k, sizeof k, "Lang.WeekdayShort.%d", date_weekday(day));
	wd = hdf_get_value(site, k, "");
	snprintf(k, sizeof k, "Lang.MonthShort.%d", m);
	mon = hdf_get_value(site, k, "");
	wp = hdf_get_value(site, "Lang.Date.weekday_punct", "");
	dp = hdf_get_value(site, "Lang.Date.day_punct", "");
	if (hdf_get_int_value(site, "Lang.Date.MonthFirst", 0))
		snprintf(buf, sz, "%s%s %s %d%s %d", wd, wp, mon, d, dp, y);
	else
		snprintf(buf, sz, "%s%s %d %s %d", wd, wp, d, mon, y);
}
