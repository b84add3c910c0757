/* calendar.c: civil dates as day numbers and wall-clock minutes; pure arithmetic. */
#include "stolik.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's method). */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
	long		 era;
	unsigned	 yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

#define EPOCH2000	10957	/* days_from_civil(2000, 1, 1) */

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool
date_parse(const char *s, int *day)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int	 y, m, d, i;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 2000 || y > 2199 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && leap(y)))
		return false;
	*day = (int)(days_from_civil(y, (unsigned)m, (unsigned)d) - EPOCH2000);
	return true;
}

/* The proleptic Gregorian date of days since 1970-01-01 (as gmtime). */
static void
civil_from_days(long days, long *yp, unsigned *mp_, unsigned *dp)
{
	long		 z = days + 719468, era, y;
	unsigned	 doe, yoe, doy, mp, d, m;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	*yp = y + (m <= 2);
	*mp_ = m;
	*dp = d;
}

void
date_format(int day, char out[11])
{
	long		 y;
	unsigned	 m, d;

	civil_from_days((long)day + EPOCH2000, &y, &m, &d);
	snprintf(out, 11, "%04lu-%02u-%02u", (unsigned long)(y < 0 ? 0 : y) % 10000,
	    m % 100, d % 100);
}

int
date_weekday(int day)
{
	/* 2000-01-01 was a Saturday (ISO 6) */
	int	 w = (day % 7 + 7) % 7;

	return (w + 5) % 7 + 1;
}

bool
hm_parse(const char *s, int *minutes)
{
	int	 h, m;

	if (s == NULL || strlen(s) != 5 || s[2] != ':' ||
	    s[0] < '0' || s[0] > '2' || s[1] < '0' || s[1] > '9' ||
	    s[3] < '0' || s[3] > '5' || s[4] < '0' || s[4] > '9')
		return false;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23)
		return false;
	*minutes = h * 60 + m;
	return true;
}

void
hm_format(int minutes, char out[6])
{
	unsigned int	 m = (unsigned int)(((minutes % 1440) + 1440) % 1440);

	snprintf(out, 6, "%02u:%02u", m / 60, m % 60);
}

void
offset_format(int minutes, char out[8])
{
	unsigned int	 a = (unsigned int)(minutes < 0 ? -minutes : minutes);

	snprintf(out, 8, "%c%02u:%02u", minutes < 0 ? '-' : '+', a / 60 % 24,
	    a % 60);
}

/* n as width decimal digits at p (n fits). */
static char *
digits(char *p, unsigned n, int width)
{
	int	 i;

	for (i = width - 1; i >= 0; i--, n /= 10)
		p[i] = (char)('0' + n % 10);
	return p + width;
}

/*
 * "YYYY-MM-DDTHH:MM:SS" of t seconds since the epoch, into p (19 bytes,
 * no NUL); the civil date by days since 1970-01-01 (proleptic Gregorian,
 * as gmtime). Years outside 0-9999 are clamped: no time here is near them.
 */
static char *
iso_stamp(char *p, int64_t t)
{
	int64_t		 days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t		 sec = t - days * 86400;
	long		 y;
	unsigned	 m, d;

	civil_from_days((long)days, &y, &m, &d);
	if (y < 0)
		y = 0;
	if (y > 9999)
		y = 9999;
	p = digits(p, (unsigned)y, 4);
	*p++ = '-';
	p = digits(p, m, 2);
	*p++ = '-';
	p = digits(p, d, 2);
	*p++ = 'T';
	p = digits(p, (unsigned)(sec / 3600), 2);
	*p++ = ':';
	p = digits(p, (unsigned)(sec / 60 % 60), 2);
	*p++ = ':';
	return digits(p, (unsigned)(sec % 60), 2);
}

void
iso_utc(int64_t t, char out[32])
{
	char	*p = iso_stamp(out, t);

	p[0] = 'Z';
	p[1] = '\0';
}

void
iso_local(int64_t t, int offset, char out[32])
{
	unsigned	 a = (unsigned)(offset < 0 ? -offset : offset);
	char		*p = iso_stamp(out, t + (int64_t)offset * 60);

	*p++ = offset < 0 ? '-' : '+';
	p = digits(p, a / 60 % 24, 2);
	*p++ = ':';
	p = digits(p, a % 60, 2);
	*p = '\0';
}

double
mono_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}
