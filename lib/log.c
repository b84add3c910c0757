/* log.c: JSON lines on stderr, one per event, for the journal or a file. */
#include "stolik.h"

#include <stdio.h>
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
	line = json_pack("{s:s,s:s,s:s,s:i,s:s,s:s}", "ts", ts,
	    "level", level_names[level], "prog", log_prog,
	    "pid", (int)getpid(), "func", func, "msg", msg);
	if (line == NULL)
		return;
	if (obj != NULL)
		json_object_update_missing(line, obj);
	/* invalid UTF-8 in msg makes json_pack fail above; nothing is lost silently */
	s = json_dumps(line, JSON_COMPACT | JSON_ENSURE_ASCII);
	if (s != NULL) {
		fprintf(stderr, "%s\n", s);
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
	if (!utf8_valid(buf, strlen(buf))) {
		log_event(level, func, "(message with invalid UTF-8)", NULL);
		return;
	}
	log_event(level, func, buf, NULL);
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
	o = json_pack("{s:s}", "traceback", s.buf != NULL &&
	    utf8_valid(s.buf, (size_t)s.len) ? s.buf : "");
	log_event(LOGL_ERR, func, what, o);
	json_decref(o);
	string_clear(&s);
	nerr_ignore(err);
}
