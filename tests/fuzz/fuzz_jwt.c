/* fuzz_jwt.c: the JWT parser and verifier, and the other signed tokens (links, manage tokens, MACs). */
#include "fuzz.h"

#include <sodium.h>

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (err_init() != STATUS_OK || !sec_init())
		abort();
	fz_key_load();
	return 0;
}

/* A token signed with the server key over the fuzzed payload bytes. */
static char *
signed_token(const uint8_t *payload, size_t len)
{
	static const char hdr[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
	unsigned char	 mac[32];
	size_t		 hn = sodium_base64_ENCODED_LEN(sizeof hdr - 1,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	size_t		 pn = sodium_base64_ENCODED_LEN(len,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	size_t		 sn = sodium_base64_ENCODED_LEN(sizeof mac,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char		*t, *p;

	if ((t = malloc(hn + pn + sn + 2)) == NULL)
		return NULL;
	sodium_bin2base64(t, hn, (const unsigned char *)hdr, sizeof hdr - 1,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	p = t + strlen(t);
	*p++ = '.';
	sodium_bin2base64(p, pn, payload, len,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sec_hs256(t, strlen(t), mac);
	p = t + strlen(t);
	*p++ = '.';
	sodium_bin2base64(p, sn, mac, sizeof mac,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return t;
}

/*
 * Byte 0 picks: 0 a raw token; 1 a token we sign over the rest (what a
 * valid signature lets through to the claims); 2 a manage token and a
 * MAC; 3 a signed link.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t		*claims = NULL;
	char		*s, *tok;
	enum jwt_result	 res;

	if (size < 1)
		return 0;
	if ((s = malloc(size)) == NULL)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	switch (data[0] & 3) {
	case 0:
		res = jwt_verify(s, 1700000000, &claims);
		if ((res == JWT_OK) != (claims != NULL))
			abort();
		break;
	case 1:
		if ((tok = signed_token(data + 1, size - 1)) == NULL)
			break;
		res = jwt_verify(tok, 1700000000, &claims);
		if (res == JWT_OK && (!json_is_object(claims) ||
		    !json_is_integer(json_object_get(claims, "exp"))))
			abort();
		free(tok);
		break;
	case 2:
		if (rsv_signed_token_ok("ABCDEF", s, 1700000000))
			abort();
		if (sec_mac_verify("csrf", "subject", 7, s))
			abort();
		break;
	case 3:
		if (link_verify("verify", "code", s, 1800000000, 1700000000, s))
			abort();
		break;
	}
	json_decref(claims);
	free(s);
	return 0;
}
