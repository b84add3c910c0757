/* conf.c: the configuration file (HDF), read once at start and on SIGHUP. */
#include "stolik.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

const char *
conf_path(const char *arg)
{
	const char	*env;

	if (arg != NULL && *arg != '\0')
		return arg;
	if ((env = getenv("STOLIK_CONFIG")) != NULL && *env != '\0')
		return env;
	return SYSCONFDIR "/stolik/stolik.hdf";
}

int
conf_int(HDF *conf, const char *name, int def, int min, int max)
{
	const char	*v;
	long long	 n;

	v = hdf_get_value(conf, name, NULL);
	if (v == NULL || !parse_int(v, min, max, &n))
		return def;
	return (int)n;
}

/* Check an optional integer key; ERR_CONFIG if present and out of range. */
static NEOERR *
check_int(HDF *conf, const char *name, long long min, long long max)
{
	const char	*v;
	long long	 n;

	v = hdf_get_value(conf, name, NULL);
	if (v == NULL || parse_int(v, min, max, &n))
		return STATUS_OK;
	return nerr_raise(ERR_CONFIG, "%s must be an integer from %lld to %lld",
	    name, min, max);
}

/*
 * Refuse HDF links ("Name : Other.Name"): the configuration needs none, and
 * ClearSilver follows a loop of them until the stack runs out (fuzz_conf
 * found one). A line's name, spaces, then a colon that is not ":=".
 */
static NEOERR *
no_links(const char *path)
{
	char		*text = NULL, *p;
	size_t		 n, line = 1;
	NEOERR		*err;

	if ((err = ne_load_file(path, &text)) != STATUS_OK)
		return nerr_pass_ctx(err, "reading configuration %s", path);
	for (p = text; *p != '\0'; line++) {
		p += strspn(p, " \t");
		n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789_.*-");
		if (n > 0) {
			p += n;
			p += strspn(p, " \t");
			if (p[0] == ':' && p[1] != '=') {
				free(text);
				return nerr_raise(ERR_CONFIG, "%s:%zu: links "
				    "(name : other.name) are not allowed",
				    path, line);
			}
		}
		if ((p = strchr(p, '\n')) == NULL)
			break;
		p++;
	}
	free(text);
	return STATUS_OK;
}

NEOERR *
conf_load(const char *path, HDF **out)
{
	HDF		*conf = NULL;
	NEOERR		*err;
	const char	*url;
	size_t		 len;

	*out = NULL;
	if ((err = no_links(path)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = hdf_init(&conf)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = hdf_read_file(conf, path)) != STATUS_OK) {
		err = nerr_pass_ctx(err, "reading configuration %s", path);
		goto out;
	}
	if (hdf_get_value(conf, "DB.Conninfo", NULL) == NULL) {
		err = nerr_raise(ERR_CONFIG, "%s: DB.Conninfo is not set", path);
		goto out;
	}
	url = hdf_get_value(conf, "App.BaseUrl", "");
	len = strlen(url);
	if ((strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) ||
	    url[len - 1] == '/' || strpbrk(url, " \t\r\n\"'<>") != NULL) {
		err = nerr_raise(ERR_CONFIG, "%s: App.BaseUrl must be an http(s) "
		    "URL without a trailing slash", path);
		goto out;
	}
	if ((err = check_int(conf, "App.Workers", 1, 256)) != STATUS_OK ||
	    (err = check_int(conf, "App.MaxBody", 1024, 64 << 20)) != STATUS_OK ||
	    (err = check_int(conf, "App.SharedCacheMB", 0, 4096)) != STATUS_OK)
		goto out;
	*out = conf;
	conf = NULL;
out:
	hdf_destroy(&conf);
	return nerr_pass(err);
}
