/* log.c: JSON lines on stderr, one per event, for the journal or a file. */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const char	*log_prog = "stolik";
static enum log_level	 log_max = LOGL_INFO;

static const char *const level_names[] = {
	[LOGL_ERR] = "error",
	[LOGL_WARN] = "warn",
	[LOGL_INFO] = "info",
	[LOGL_DEBUG] = "debug",
};

void
log_init(const char *prog, enum log_level level)
{
	log_prog = prog;
	log_max = level;
}

enum log_level
log_level_parse(const char *name)
{
	if (name == NULL)
		return LOGL_INFO;
	if (strcmp(name, "err") == 0 || strcmp(name, "error") == 0)
		return LOGL_ERR;
	if (strcmp(name, "warn") == 0)
		return LOGL_WARN;
	if (strcmp(name, "debug") == 0)
		return LOGL_DEBUG;
	return LOGL_INFO;
}

json_t *
log_str(const char *s)
{
	json_t	*o;
	char	*c;

	if (s == NULL)
		s = "";
	if (utf8_valid(s, strlen(s)))
		return json_string(s);
	if ((c = utf8_scrub(s, strlen(s))) == NULL)
		return NULL;
	o = json_string(c);
	free(c);
	return o;
}

char *
log_line(const json_t *obj)
{
	char	*s, *line;
	size_t	 n;

	/* ASCII only: whatever reads the log need not know its encoding */
	if ((s = json_dumps(obj, JSON_COMPACT | JSON_ENSURE_ASCII)) == NULL)
		return NULL;
	n = strlen(s);
	if ((line = realloc(s, n + 2)) == NULL) {
		free(s);
		return NULL;
	}
	line[n] = '\n';
	line[n + 1] = '\0';
	return line;
}

void
log_event(enum log_level level, const char *func, const char *msg, json_t *obj)
{
	struct timeval	 tv;
	struct tm	 tm;
	char		 ts[64];
	json_t		*line;
	char		*s;

	if (level > log_max)
		return;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (int)(tv.tv_usec / 1000));
	line = json_pack("{s:s,s:s,s:s,s:i,s:o,s:o}", "ts", ts,
	    "level", level_names[level], "prog", log_prog,
	    "pid", (int)getpid(), "func", log_str(func), "msg", log_str(msg));
	if (line == NULL)
		return;
	if (obj != NULL)
		json_object_update_missing(line, obj);
	if ((s = log_line(line)) != NULL) {
		fputs(s, stderr);
		free(s);
	}
	json_decref(line);
}

void
log_msg(enum log_level level, const char *func, const char *fmt, ...)
{
	char	 buf[2048];
	va_list	 ap;

	if (level > log_max)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	log_event(level, func, buf, NULL);	/* which makes buf valid UTF-8 */
}

void
log_nerr(const char *func, const char *what, NEOERR **err)
{
	STRING	 s;
	json_t	*o;

	if (*err == STATUS_OK)
		return;
	string_init(&s);
	nerr_error_traceback(*err, &s);
	o = json_pack("{s:o}", "traceback", log_str(s.buf));
	log_event(LOGL_ERR, func, what, o);
	json_decref(o);
	string_clear(&s);
	nerr_ignore(err);
}
