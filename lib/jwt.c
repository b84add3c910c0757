/* jwt.c: compact JWTs signed with HS256 (RFC 7519), for API access tokens. */
#include "stolik.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

/* The only header we issue and the only one we accept, byte for byte. */
static const char header_json[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

static char *
b64url(const void *buf, size_t len)
{
	size_t	 n = sodium_base64_ENCODED_LEN(len,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char	*out;

	if ((out = malloc(n)) == NULL)
		return NULL;
	sodium_bin2base64(out, n, buf, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

char *
jwt_sign(json_t *claims)
{
	char		*payload = NULL, *h = NULL, *p = NULL, *sig = NULL, *out = NULL;
	unsigned char	 mac[32];
	STRING		 s;

	string_init(&s);
	if ((payload = json_dumps(claims, JSON_COMPACT | JSON_SORT_KEYS)) == NULL ||
	    (h = b64url(header_json, sizeof header_json - 1)) == NULL ||
	    (p = b64url(payload, strlen(payload))) == NULL)
		goto out;
	if (string_appendf(&s, "%s.%s", h, p) != STATUS_OK)
		goto out;
	sec_hs256(s.buf, (size_t)s.len, mac);
	if ((sig = b64url(mac, sizeof mac)) == NULL ||
	    string_appendf(&s, ".%s", sig) != STATUS_OK)
		goto out;
	out = s.buf;
	s.buf = NULL;
out:
	free(payload);
	free(h);
	free(p);
	free(sig);
	string_clear(&s);
	return out;
}

enum jwt_result
jwt_verify(const char *token, int64_t now, json_t **claims)
{
	const char	*dot1, *dot2;
	unsigned char	 want[32], got[64], hdr[128];
	unsigned char	*body = NULL;
	size_t		 len = strlen(token), n = 0, hn = 0, bn = 0;
	json_error_t	 jerr;
	json_t		*c = NULL, *exp;
	enum jwt_result	 res = JWT_BAD;

	*claims = NULL;
	if (len > 4096 || (dot1 = strchr(token, '.')) == NULL ||
	    (dot2 = strchr(dot1 + 1, '.')) == NULL || strchr(dot2 + 1, '.') != NULL)
		return JWT_BAD;
	/* the algorithm is ours to choose: any other header ("none") is refused */
	if (sodium_base642bin(hdr, sizeof hdr, token, (size_t)(dot1 - token), NULL,
	    &hn, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    hn != sizeof header_json - 1 || memcmp(hdr, header_json, hn) != 0)
		return JWT_BAD;
	if (sodium_base642bin(got, sizeof got, dot2 + 1, strlen(dot2 + 1), NULL, &n,
	    NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || n != 32)
		return JWT_BAD;
	sec_hs256(token, (size_t)(dot2 - token), want);
	if (crypto_verify_32(want, got) != 0)
		return JWT_BAD;
	if ((body = malloc((size_t)(dot2 - dot1))) == NULL)
		return JWT_BAD;
	if (sodium_base642bin(body, (size_t)(dot2 - dot1), dot1 + 1,
	    (size_t)(dot2 - dot1 - 1), NULL, &bn, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    (c = json_loadb((const char *)body, bn, JSON_REJECT_DUPLICATES,
	    &jerr)) == NULL || !json_is_object(c))
		goto out;
	exp = json_object_get(c, "exp");
	if (!json_is_integer(exp))
		goto out;
	if (json_integer_value(exp) <= now) {
		res = JWT_EXPIRED;
		goto out;
	}
	*claims = c;
	c = NULL;
	res = JWT_OK;
out:
	json_decref(c);
	free(body);
	return res;
}
