/* deposit.c: deposit policies as pure functions, and money as integer minor units. */
#include "stolik.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const kind_names[DEPOSIT__MAX] = {
	[DEPOSIT_NONE] = "none",
	[DEPOSIT_PER_GUEST] = "per_guest",
	[DEPOSIT_PER_BOOKING] = "per_booking",
};

const char *
deposit_kind_name(enum deposit_kind k)
{
	return (unsigned int)k < DEPOSIT__MAX ? kind_names[k] : "none";
}

enum deposit_kind
deposit_kind_of(const char *s)
{
	int	 k;

	for (k = 0; s != NULL && k < DEPOSIT__MAX; k++)
		if (strcmp(s, kind_names[k]) == 0)
			return (enum deposit_kind)k;
	return DEPOSIT__MAX;
}

/* ------------------------------------------------------------------ */
/* whether a deposit is due, and the refund                             */
/* ------------------------------------------------------------------ */

static bool
has_date(const struct deposit_policy *p, int day)
{
	size_t	 lo = 0, hi = p->ndates, mid;

	/* ascending: a binary search */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (p->dates[mid] == day)
			return true;
		if (p->dates[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static bool
has_service(const struct deposit_policy *p, const char *service)
{
	size_t	 i;

	if (p->nservices == 0)
		return true;	/* every service */
	for (i = 0; i < p->nservices && service != NULL; i++)
		if (p->services[i] != NULL &&
		    strcasecmp(p->services[i], service) == 0)
			return true;
	return false;
}

int
deposit_due(const struct deposit_policy *p, const struct deposit_when *w,
    int party, struct deposit_due *out)
{
	bool	 on;

	memset(out, 0, sizeof *out);
	if (p == NULL || p->kind == DEPOSIT_NONE || party < p->min_party ||
	    party < 1)
		return 0;
	on = has_date(p, w->day) ||
	    (w->weekday >= 1 && w->weekday <= 7 &&
	    (p->weekdays & (1u << (w->weekday - 1))) != 0 &&
	    has_service(p, w->service));
	if (!on)
		return 0;
	if (p->amount < 1 || p->amount > MONEY_MAX)
		return -1;
	out->each = p->amount;
	switch (p->kind) {
	case DEPOSIT_PER_GUEST:
		/* party <= 100 and amount <= MONEY_MAX: far inside int64 */
		if (p->amount > MONEY_MAX / party)
			goto bad;
		out->amount = p->amount * party;
		break;
	case DEPOSIT_PER_BOOKING:
		out->amount = p->amount;
		break;
	default:
		goto bad;
	}
	memcpy(out->currency, p->currency, sizeof out->currency);
	out->currency[3] = '\0';
	out->exponent = p->exponent;
	return 1;
bad:
	memset(out, 0, sizeof *out);
	return -1;
}

int64_t
deposit_refund(const struct deposit_policy *p, int64_t paid, int64_t start,
    int64_t cancelled)
{
	int64_t	 pct;

	if (paid <= 0)
		return 0;
	/* refund_hours <= 8760: no overflow for any start the clock gives */
	if (p->refund_hours >= 0 && start > INT64_MIN + 8760LL * 3600 &&
	    cancelled <= start - (int64_t)p->refund_hours * 3600)
		return paid;
	pct = p->late_refund_percent;
	if (pct <= 0)
		return 0;
	if (pct >= 100)
		return paid;
	/* floor(paid * pct / 100) without the product: paid = 100q + r */
	return (paid / 100) * pct + (paid % 100) * pct / 100;
}

void
deposit_when_of(const struct setup *s, int day, int minute,
    struct deposit_when *w)
{
	const struct opening	*o;
	int			 wd = date_weekday(day);
	int			 yesterday = wd == 1 ? 7 : wd - 1;
	int			 close;
	size_t			 i;

	w->day = day;
	w->weekday = wd;
	w->service = "";
	for (i = 0; i < s->nhours; i++) {
		o = &s->hours[i];
		close = o->closes <= o->opens ? o->closes + 24 * 60 : o->closes;
		if (o->weekday == wd && minute >= o->opens && minute < close) {
			w->service = o->name != NULL ? o->name : "";
			return;
		}
	}
	for (i = 0; i < s->nhours; i++) {
		o = &s->hours[i];
		if (o->weekday == yesterday && o->closes <= o->opens &&
		    minute < o->closes) {
			w->day = day - 1;
			w->weekday = yesterday;
			w->service = o->name != NULL ? o->name : "";
			return;
		}
	}
}

/* ------------------------------------------------------------------ */
/* money                                                                */
/* ------------------------------------------------------------------ */

bool
money_parse(const char *s, int exponent, int64_t *out)
{
	int64_t	 v = 0;
	int	 frac = 0, i;
	bool	 digits = false, point = false;

	*out = 0;
	if (s == NULL || exponent < 0 || exponent > 3)
		return false;
	for (; *s != '\0'; s++) {
		if (*s == '.' && !point && digits && exponent > 0) {
			point = true;
			continue;
		}
		if (*s < '0' || *s > '9')
			return false;
		if (point && ++frac > exponent)
			return false;	/* more decimals than the currency has */
		/* v * 10 + d stays below MONEY_MAX * 10 + 9: no overflow */
		v = v * 10 + (*s - '0');
		if (v > MONEY_MAX)
			return false;
		digits = true;
	}
	if (!digits || (point && frac == 0))
		return false;
	for (i = frac; i < exponent; i++) {
		v *= 10;
		if (v > MONEY_MAX)
			return false;
	}
	*out = v;
	return true;
}

int
money_format(int64_t minor, int exponent, char *buf, size_t sz)
{
	uint64_t	 m, unit = 1;
	int		 i;
	const char	*sign = minor < 0 ? "-" : "";

	/* the magnitude without negating INT64_MIN */
	m = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	if (exponent < 0 || exponent > 18)
		exponent = 0;
	for (i = 0; i < exponent; i++)
		unit *= 10;
	if (exponent == 0)
		return snprintf(buf, sz, "%s%llu", sign, (unsigned long long)m);
	return snprintf(buf, sz, "%s%llu.%0*llu", sign,
	    (unsigned long long)(m / unit), exponent,
	    (unsigned long long)(m % unit));
}

void
money_text(const char *pattern, int64_t minor, const char *code,
    int exponent, char *buf, size_t sz)
{
	money_text_local(pattern, minor, code, exponent, NULL, NULL, buf, sz);
}

void
money_text_local(const char *pattern, int64_t minor, const char *code,
    int exponent, const char *decimal, const char *group, char *buf, size_t sz)
{
	char		 raw[32], num[96];
	const char	*p, *add;
	size_t		 len = 0, n;

	if (sz == 0)
		return;
	money_format(minor, exponent, raw, sizeof raw);
	num_localize(raw, decimal, group, num, sizeof num);
	for (p = pattern != NULL ? pattern : "{amount} {currency}"; *p != '\0';
	    p += n) {
		if (strncmp(p, "{amount}", 8) == 0) {
			add = num;
			n = 8;
		} else if (strncmp(p, "{currency}", 10) == 0) {
			add = code != NULL ? code : "";
			n = 10;
		} else {
			add = p;
			n = 1;
		}
		if (n == 1) {
			if (len + 1 < sz)
				buf[len++] = *p;
			continue;
		}
		for (; *add != '\0' && len + 1 < sz; add++)
			buf[len++] = *add;
	}
	buf[len] = '\0';
}

/* ------------------------------------------------------------------ */
/* the policy's JSON from the database                                  */
/* ------------------------------------------------------------------ */

bool
deposit_from_json(const json_t *j, struct deposit_policy *p, int *dates)
{
	const json_t	*sv, *dv, *e;
	const char	*cur;
	size_t		 i;

	memset(p, 0, sizeof *p);
	if (!json_is_array(j) || json_array_size(j) != 10)
		return false;
	p->kind = deposit_kind_of(json_string_value(json_array_get(j, 0)));
	if (p->kind == DEPOSIT__MAX)
		return false;
	p->amount = (int64_t)json_integer_value(json_array_get(j, 1));
	cur = json_string_value(json_array_get(j, 2));
	if (cur == NULL || strlen(cur) != 3)
		return false;
	memcpy(p->currency, cur, 4);
	p->exponent = (int)json_integer_value(json_array_get(j, 3));
	p->min_party = (int)json_integer_value(json_array_get(j, 4));
	p->weekdays = (unsigned int)json_integer_value(json_array_get(j, 5)) &
	    0x7fu;
	sv = json_array_get(j, 6);
	json_array_foreach(sv, i, e) {
		if (i >= DEPOSIT_SERVICES || !json_is_string(e))
			return false;
		p->services[i] = json_string_value(e);
		p->nservices = i + 1;
	}
	p->refund_hours = (int)json_integer_value(json_array_get(j, 7));
	p->late_refund_percent = (int)json_integer_value(json_array_get(j, 8));
	dv = json_array_get(j, 9);
	json_array_foreach(dv, i, e) {
		if (i >= DEPOSIT_DATES || !json_is_integer(e))
			return false;
		dates[i] = (int)json_integer_value(e);
		p->ndates = i + 1;
	}
	p->dates = dates;
	return true;
}
