/* text.c: validation of untrusted text and numbers. */
#include "stolik.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The length of the well-formed UTF-8 sequence at s (before end); 0 if none. */
static size_t
utf8_seq(const unsigned char *s, const unsigned char *end)
{
	unsigned int	 c = s[0];
	size_t		 n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 1;
	else if (c >= 0xe0 && c <= 0xef)
		n = 2;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 3;
	else
		return 0;
	if ((size_t)(end - s) < n + 1)
		return 0;
	/* overlongs, surrogates and code points past U+10FFFF */
	if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f) ||
	    (c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
		return 0;
	for (i = 1; i <= n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n + 1;
}

bool
utf8_valid(const char *buf, size_t len)
{
	const unsigned char	*s = (const unsigned char *)buf;
	const unsigned char	*end = s + len;
	size_t			 n;

	while (s < end) {
		if ((n = utf8_seq(s, end)) == 0)
			return false;
		s += n;
	}
	return true;
}

char *
utf8_scrub(const char *buf, size_t len)
{
	const unsigned char	*s = (const unsigned char *)buf;
	const unsigned char	*end = s + len;
	char			*out, *o;
	size_t			 n;

	/* each bad byte grows to three: U+FFFD is EF BF BD */
	if (len > (SIZE_MAX - 1) / 3 || (out = malloc(len * 3 + 1)) == NULL)
		return NULL;
	for (o = out; s < end; s += n) {
		if ((n = utf8_seq(s, end)) == 0) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			n = 1;
			continue;
		}
		memcpy(o, s, n);
		o += n;
	}
	*o = '\0';
	return out;
}

size_t
utf8_len(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

bool
slug_valid(const char *s)
{
	size_t	 i, len = strlen(s);

	if (len == 0 || len > 80 || s[0] == '-' || s[len - 1] == '-')
		return false;
	for (i = 0; i < len; i++) {
		if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))
			continue;
		if (s[i] == '-' && s[i + 1] != '-')
			continue;
		return false;
	}
	return true;
}

void
slugify(const char *name, char *out, size_t sz)
{
	size_t	 n = 0;
	bool	 dash = false;

	for (; *name != '\0' && n + 2 < sz && n < 60; name++) {
		char	 c = *name;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && n > 0)
				out[n++] = '-';
			out[n++] = c;
			dash = false;
		} else
			dash = true;
	}
	out[n] = '\0';
	/* nothing Latin in the name: a neutral one the owner may change */
	if (n == 0 && sz > 16) {
		snprintf(out, sz, "restaurant-");
		sec_code(out + 11, 4);
		for (n = 11; out[n] != '\0'; n++)
			if (out[n] >= 'A' && out[n] <= 'Z')
				out[n] = (char)(out[n] - 'A' + 'a');
	}
}

bool
parse_int(const char *s, long long min, long long max, long long *out)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0' || strlen(s) > 20)
		return false;
	if (!(*s == '-' || (*s >= '0' && *s <= '9')))
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* True if the n bytes at seg are a dot segment: ".", ".." or %2e of them. */
static bool
dot_segment(const char *seg, size_t n)
{
	size_t	 dots = 0, i = 0;

	while (i < n) {
		if (seg[i] == '.')
			i++;
		else if (n - i >= 3 && seg[i] == '%' && seg[i + 1] == '2' &&
		    (seg[i + 2] == 'e' || seg[i + 2] == 'E'))
			i += 3;
		else
			return false;
		dots++;
	}
	return dots == 1 || dots == 2;
}

bool
local_path_ok(const char *s)
{
	size_t	 i, seg, len;

	/* one slash, then not a second one nor a backslash: not "//host" */
	if (s == NULL || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return false;
	if ((len = strlen(s)) > LOCAL_PATH_MAX)
		return false;
	for (i = 0; i < len; i++) {
		unsigned char	 c = (unsigned char)s[i];

		/*
		 * Browsers drop tab, CR and LF anywhere in a URL and read a
		 * backslash as a slash, so "/\t/x" and "/\\x" are "//x";
		 * other controls and bytes past ASCII (lookalikes of '/')
		 * have no place in a path of ours either.
		 */
		if (c < 0x20 || c >= 0x7f || c == '\\')
			return false;
	}
	/*
	 * The path itself (before any query or fragment) is a plain one, as
	 * nginx hands it to us: no empty segment and no dot segment, which
	 * a browser would fold ("/.//x" is "//x" once the dot is gone).
	 */
	len = strcspn(s, "?#");
	for (i = 1, seg = 1; i <= len; i++) {
		if (i < len && s[i] != '/')
			continue;
		if ((i == seg && i < len) || dot_segment(s + seg, i - seg))
			return false;
		seg = i + 1;
	}
	return true;
}

void
phone_dial(const char *in, char *out, size_t sz)
{
	size_t	 n = 0;

	for (; *in != '\0' && n + 1 < sz; in++)
		if ((*in >= '0' && *in <= '9') || (*in == '+' && n == 0))
			out[n++] = *in;
	out[n] = '\0';
}

void
str_pack(struct str_pack *sp, const char **field)
{
	size_t	 len;

	if (*field == NULL)
		return;
	len = strlen(*field) + 1;
	if (sp->buf != NULL) {
		memcpy(sp->buf + sp->size, *field, len);
		*field = sp->buf + sp->size;
	}
	sp->size += len;
}

void
num_localize(const char *in, const char *decimal, const char *group,
    char *out, size_t sz)
{
	size_t		 len = 0, digits, i;
	const char	*p = in, *add;

	if (sz == 0)
		return;
#define OUT(c)	do { if (len + 1 < sz) out[len++] = (c); } while (0)
	if (*p == '-' || *p == '+')
		OUT(*p++);
	digits = strspn(p, "0123456789");
	for (i = 0; i < digits; i++) {
		/* a separator before each group of three, but the first */
		if (i > 0 && (digits - i) % 3 == 0 && group != NULL)
			for (add = group; *add != '\0'; add++)
				OUT(*add);
		OUT(p[i]);
	}
	for (p += digits; *p != '\0'; p++)
		if (*p == '.' && decimal != NULL)
			for (add = decimal; *add != '\0'; add++)
				OUT(*add);
		else
			OUT(*p);
#undef OUT
	out[len] = '\0';
}
