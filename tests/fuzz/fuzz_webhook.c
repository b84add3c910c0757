/* fuzz_webhook.c: the gateway's Stripe-Signature header (pay_signature_ok). */
#include "fuzz.h"

#include <sodium.h>

#include <ctype.h>

#define NOW		1796644800LL	/* 2026-12-07 */
#define TOLERANCE	300

static const unsigned char secret[] = "whsec_fuzz_webhook_secret";

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (err_init() != STATUS_OK || sodium_init() < 0)
		abort();
	return 0;
}

/* The lower-case hex HMAC-SHA256 of "ts.body" (out: 65 bytes). */
static void
mac_hex(const char *ts, size_t tslen, const char *body, size_t len,
    char *out)
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256_init(&st, secret, sizeof secret - 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, tslen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, 65, mac, sizeof mac);
}

/*
 * The oracle, written apart from the parser: a header may verify only if
 * one of its "t=" items is within the tolerance and one of its "v1=" items
 * is the MAC of that timestamp and the body (hex, any case).
 */
static bool
has_right_mac(const char *h, const char *body, size_t len)
{
	const char	*p, *e, *q, *qe;
	char		 want[65];
	long long	 t;
	size_t		 n, k;

	for (p = h; *p != '\0'; p = *e == ',' ? e + 1 : e) {
		e = p + strcspn(p, ",");
		n = (size_t)(e - p);
		if (n < 3 || strncmp(p, "t=", 2) != 0 || n - 2 > 12 ||
		    strspn(p + 2, "0123456789") < n - 2)
			continue;
		t = strtoll(p + 2, NULL, 10);
		if (t < NOW - TOLERANCE || t > NOW + TOLERANCE)
			continue;
		mac_hex(p + 2, n - 2, body, len, want);
		for (q = h; *q != '\0'; q = *qe == ',' ? qe + 1 : qe) {
			qe = q + strcspn(q, ",");
			if ((size_t)(qe - q) != 3 + 64 || strncmp(q, "v1=", 3))
				continue;
			for (k = 0; k < 64; k++)
				if (tolower((unsigned char)q[3 + k]) != want[k])
					break;
			if (k == 64)
				return true;
		}
	}
	return false;
}

/*
 * Byte 0 picks: even, a fuzzed header (the bytes up to the first newline)
 * and body (the rest): it verifies only with the right MAC in it; odd, a
 * header we sign over the fuzzed body at an offset from byte 1 within the
 * tolerance, after up to 7 wrong v1 values (rotation) from byte 2: it
 * verifies, and no longer once one hex digit of its MAC is changed.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*h, *body, mac[65], ts[24], *hdr;
	const char	*nl;
	size_t		 hl, bl, n, i, extra;
	long long	 t;
	bool		 ok;

	if (size < 3)
		return 0;
	if ((data[0] & 1) == 0) {
		nl = memchr(data + 1, '\n', size - 1);
		hl = nl != NULL ? (size_t)(nl - (const char *)data - 1) : size - 1;
		bl = nl != NULL ? size - 2 - hl : 0;
		if ((h = malloc(hl + 1)) == NULL || (body = malloc(bl + 1)) == NULL)
			abort();
		memcpy(h, data + 1, hl);
		h[hl] = '\0';
		if (bl > 0)
			memcpy(body, nl + 1, bl);
		ok = pay_signature_ok(h, body, bl, secret, sizeof secret - 1, NOW,
		    TOLERANCE);
		/* (a header cut at a NUL, as the request's would be) */
		if (ok && !has_right_mac(h, body, bl))
			abort();
		free(h);
		free(body);
		return 0;
	}
	t = NOW + (long long)(data[1] % (2 * TOLERANCE + 1)) - TOLERANCE;
	extra = data[2] % 8;
	bl = size - 3;
	if ((body = malloc(bl + 1)) == NULL)
		abort();
	memcpy(body, data + 3, bl);
	n = (size_t)snprintf(ts, sizeof ts, "%lld", t);
	mac_hex(ts, n, body, bl, mac);
	if ((hdr = malloc(32 + 68 * (extra + 1))) == NULL)
		abort();
	n = (size_t)snprintf(hdr, 32, "t=%s", ts);
	for (i = 0; i < extra; i++) {
		/* someone else's secret: a MAC that is not ours */
		memcpy(hdr + n, ",v1=", 4);
		memset(hdr + n + 4, "0123456789abcdef"[(i + data[2]) % 16], 64);
		n += 68;
	}
	memcpy(hdr + n, ",v1=", 4);
	memcpy(hdr + n + 4, mac, 65);
	if (!pay_signature_ok(hdr, body, bl, secret, sizeof secret - 1, NOW,
	    TOLERANCE))
		abort();
	/* a changed digit of the MAC: no longer ours */
	i = n + 4 + data[1] % 64;
	hdr[i] = hdr[i] == '0' ? '1' : '0';
	if (pay_signature_ok(hdr, body, bl, secret, sizeof secret - 1, NOW,
	    TOLERANCE))
		abort();
	/* the timestamp past the tolerance: refused */
	hdr[i] = mac[i - n - 4];
	if (pay_signature_ok(hdr, body, bl, secret, sizeof secret - 1,
	    NOW + 2 * TOLERANCE + 1, TOLERANCE))
		abort();
	free(hdr);
	free(body);
	return 0;
}
