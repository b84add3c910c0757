/*
 * webhook.c: what outgoing webhooks share between the owner's set-up and
 * stolik-webhooks (issue 17): the event names, the URL rule (no SSRF), the
 * secret and the signature.
 */
#include "stolik.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <curl/curl.h>
#include <sodium.h>

const char *const webhook_types[] = {
	"reservation.created",
	"reservation.confirmed",
	"reservation.changed",
	"reservation.cancelled",
	"reservation.no_show",
	"reservation.arrived",
	"reservation.seated",
	"reservation.finished",
	"review.created",
	"payment.authorised",
	"payment.captured",
	"payment.failed",
	"payment.expired",
	"payment.cancelled",
	"payment.refunded",
	NULL
};

bool
webhook_type_ok(const char *type)
{
	size_t	 i;

	if (type == NULL)
		return false;
	for (i = 0; webhook_types[i] != NULL; i++)
		if (strcmp(type, webhook_types[i]) == 0)
			return true;
	return false;
}

/* a within prefix/bits of the 32-bit address v (host order) */
static bool
in4(uint32_t v, uint32_t prefix, int bits)
{
	uint32_t	 mask = bits == 0 ? 0 : 0xffffffffu << (32 - bits);

	return (v & mask) == (prefix & mask);
}

static bool
v4_public(uint32_t v)
{
	static const struct {
		uint32_t	 prefix;
		int		 bits;
	} no[] = {
		{ 0x00000000, 8 },	/* "this network" */
		{ 0x0a000000, 8 },	/* 10/8 private */
		{ 0x64400000, 10 },	/* 100.64/10 carrier-grade NAT */
		{ 0x7f000000, 8 },	/* loopback */
		{ 0xa9fe0000, 16 },	/* 169.254/16 link-local, cloud metadata */
		{ 0xac100000, 12 },	/* 172.16/12 private */
		{ 0xc0000000, 24 },	/* 192.0.0/24 protocol assignments */
		{ 0xc0000200, 24 },	/* 192.0.2/24 documentation */
		{ 0xc0586300, 24 },	/* 192.88.99/24 6to4 relay */
		{ 0xc0a80000, 16 },	/* 192.168/16 private */
		{ 0xc6120000, 15 },	/* 198.18/15 benchmarking */
		{ 0xc6336400, 24 },	/* 198.51.100/24 documentation */
		{ 0xcb007100, 24 },	/* 203.0.113/24 documentation */
		{ 0xe0000000, 4 },	/* multicast */
		{ 0xf0000000, 4 },	/* reserved, broadcast */
	};
	size_t	 i;

	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		if (in4(v, no[i].prefix, no[i].bits))
			return false;
	return true;
}

static uint32_t
v4_at(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

bool
webhook_addr_public(const struct sockaddr *sa)
{
	const unsigned char	*b;
	static const unsigned char zero[10];

	if (sa->sa_family == AF_INET)
		return v4_public(ntohl(((const struct sockaddr_in *)
		    (const void *)sa)->sin_addr.s_addr));
	if (sa->sa_family != AF_INET6)
		return false;
	b = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
	/* ::ffff:a.b.c.d and the old ::a.b.c.d carry an IPv4 address */
	if (memcmp(b, zero, 10) == 0 && ((b[10] == 0xff && b[11] == 0xff) ||
	    (b[10] == 0 && b[11] == 0)))
		return v4_public(v4_at(b + 12));	/* :: and ::1 fall in 0/8 */
	/* NAT64 64:ff9b::/96 reaches the IPv4 address it embeds */
	if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b &&
	    memcmp(b + 4, zero, 8) == 0)
		return v4_public(v4_at(b + 12));
	if (b[0] == 0x20 && b[1] == 0x02)	/* 6to4 2002::/16 */
		return v4_public(v4_at(b + 2));
	if ((b[0] & 0xfe) == 0xfc)		/* fc00::/7 unique local */
		return false;
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)	/* fe80::/10 */
		return false;
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)	/* fec0::/10 site-local */
		return false;
	if (b[0] == 0xff)			/* multicast */
		return false;
	if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
		return false;			/* 2001:db8::/32 documentation */
	if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00)
		return false;			/* 2001::/32 Teredo */
	if (b[0] == 0x01 && memcmp(b + 1, zero, 7) == 0)
		return false;			/* 100::/64 discard */
	return (b[0] & 0xe0) == 0x20;		/* global unicast 2000::/3 */
}

bool
webhook_addr_loopback(const struct sockaddr *sa)
{
	const unsigned char	*b;
	static const unsigned char lo6[16] = { [15] = 1 };
	static const unsigned char map[12] = { [10] = 0xff, [11] = 0xff };

	if (sa->sa_family == AF_INET)
		return in4(ntohl(((const struct sockaddr_in *)(const void *)sa)->
		    sin_addr.s_addr), 0x7f000000, 8);
	if (sa->sa_family != AF_INET6)
		return false;
	b = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
	return memcmp(b, lo6, 16) == 0 || (memcmp(b, map, 12) == 0 &&
	    b[12] == 127);
}

const char *
webhook_url_why(enum webhook_url v)
{
	switch (v) {
	case WH_URL_OK:
		return "ok";
	case WH_URL_SYNTAX:
		return "url_invalid";
	case WH_URL_SCHEME:
		return "url_scheme";
	case WH_URL_RESOLVE:
		return "url_unresolved";
	case WH_URL_PRIVATE:
		return "url_not_public";
	}
	return "url_invalid";
}

/* The parts of url we keep, or WH_URL_SYNTAX / WH_URL_SCHEME. */
static enum webhook_url
parse(const char *url, bool dev, struct webhook_target *t)
{
	CURLU		*u;
	char		*scheme = NULL, *host = NULL, *port = NULL, *user = NULL,
			*frag = NULL;
	enum webhook_url v = WH_URL_SYNTAX;
	size_t		 n;

	if (url == NULL || strlen(url) < 8 || strlen(url) > 2000 ||
	    !utf8_valid(url, strlen(url)) || strpbrk(url, " \t\r\n") != NULL)
		return WH_URL_SYNTAX;
	if ((u = curl_url()) == NULL)
		return WH_URL_SYNTAX;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) !=
	    CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
	    CURLUE_OK)
		goto out;
	/* no credentials in the URL, no fragment */
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_FRAGMENT, &frag, 0) == CURLUE_OK)
		goto out;
	t->https = strcasecmp(scheme, "https") == 0;
	if (!t->https && strcasecmp(scheme, "http") != 0) {
		v = WH_URL_SCHEME;
		goto out;
	}
	/* plain http only to this machine, and only in development */
	if (!t->https && (!dev || (strcasecmp(host, "localhost") != 0 &&
	    strncmp(host, "127.", 4) != 0 && strcmp(host, "[::1]") != 0))) {
		v = WH_URL_SCHEME;
		goto out;
	}
	/* curl gives an IPv6 host in brackets; getaddrinfo wants it bare */
	n = strlen(host);
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		if (n - 2 >= sizeof t->host)
			goto out;
		memcpy(t->host, host + 1, n - 2);
		t->host[n - 2] = '\0';
		t->ipv6_literal = true;
	} else {
		if (n >= sizeof t->host || n == 0)
			goto out;
		memcpy(t->host, host, n + 1);
		t->ipv6_literal = false;
	}
	if (strlen(port) >= sizeof t->port)
		goto out;
	memcpy(t->port, port, strlen(port) + 1);
	v = WH_URL_OK;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(user);
	curl_free(frag);
	curl_url_cleanup(u);
	return v;
}

enum webhook_url
webhook_url_check(const char *url, bool dev, struct webhook_target *t)
{
	struct addrinfo	 hints, *res = NULL, *ai;
	enum webhook_url v;
	char		 a[INET6_ADDRSTRLEN];
	const void	*bin;
	bool		 any = false;

	memset(t, 0, sizeof *t);
	if ((v = parse(url, dev, t)) != WH_URL_OK)
		return v;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_ADDRCONFIG;
	if (getaddrinfo(t->host, t->port, &hints, &res) != 0 || res == NULL) {
		/* AI_ADDRCONFIG hides ::1 on a host with IPv4 loopback only */
		hints.ai_flags = 0;
		if (getaddrinfo(t->host, t->port, &hints, &res) != 0 ||
		    res == NULL)
			return WH_URL_RESOLVE;
	}
	/* every address must pass, or a name could mix a good one with a bad */
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
			continue;
		if (!webhook_addr_public(ai->ai_addr) &&
		    !(dev && webhook_addr_loopback(ai->ai_addr))) {
			freeaddrinfo(res);
			return WH_URL_PRIVATE;
		}
		if (any)
			continue;
		bin = ai->ai_family == AF_INET ?
		    (const void *)&((struct sockaddr_in *)(void *)ai->ai_addr)->
		    sin_addr :
		    (const void *)&((struct sockaddr_in6 *)(void *)ai->ai_addr)->
		    sin6_addr;
		if (inet_ntop(ai->ai_family, bin, a, sizeof a) == NULL)
			continue;
		/* CURLOPT_RESOLVE's "host:port:address", IPv6 in brackets */
		snprintf(t->resolve, sizeof t->resolve, "%s%s%s:%s:%s%s%s",
		    t->ipv6_literal ? "[" : "", t->host,
		    t->ipv6_literal ? "]" : "", t->port,
		    ai->ai_family == AF_INET6 ? "[" : "", a,
		    ai->ai_family == AF_INET6 ? "]" : "");
		snprintf(t->addr, sizeof t->addr, "%s", a);
		any = true;
	}
	freeaddrinfo(res);
	return any ? WH_URL_OK : WH_URL_RESOLVE;
}

void
webhook_secret_new(char out[WEBHOOK_SECRET_LEN])
{
	unsigned char	 k[32];

	randombytes_buf(k, sizeof k);
	memcpy(out, "whsec_", 6);
	sodium_bin2base64(out + 6, WEBHOOK_SECRET_LEN - 6, k, sizeof k,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(k, sizeof k);
}

void
webhook_sign(const char *secret, int64_t ts, const char *body, size_t len,
    char out[65])
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 mac[crypto_auth_hmacsha256_BYTES];
	char				 t[24];
	int				 n;

	n = snprintf(t, sizeof t, "%lld.", (long long)ts);
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret,
	    strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)t, (size_t)n);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, 65, mac, sizeof mac);
}

void
webhook_excerpt(const char *buf, size_t len, size_t max, char *out, size_t sz)
{
	const unsigned char	*s = (const unsigned char *)buf;
	size_t			 i = 0, o = 0, chars = 0, k, n;

	if (sz == 0)
		return;
	while (i < len && chars < max) {
		/* the well-formed sequence here: 1 to 4 bytes, or none */
		for (n = 0, k = 1; k <= 4 && i + k <= len; k++)
			if (utf8_valid((const char *)s + i, k)) {
				n = k;
				break;
			}
		if (n == 0 || s[i] == '\0') {
			if (o + 3 >= sz)
				break;
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		} else if (n == 1 && (s[i] < 0x20 || s[i] == 0x7f) &&
		    s[i] != '\t' && s[i] != '\n') {
			if (o + 1 >= sz)
				break;
			out[o++] = ' ';
			i++;
		} else {
			if (o + n >= sz)
				break;
			memcpy(out + o, s + i, n);
			o += n;
			i += n;
		}
		chars++;
	}
	out[o] = '\0';
}
