/* payment.c: webhook signatures and settling a payment by asking the gateway. */
#include "stolik.h"

#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIG_MAX_V1	8

/* The hex digit's value, or -1. */
static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool
pay_signature_ok(const char *header, const char *body, size_t len,
    const unsigned char *secret, size_t secret_len, int64_t now,
    int tolerance)
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 mac[crypto_auth_hmacsha256_BYTES];
	unsigned char			 got[crypto_auth_hmacsha256_BYTES];
	const char			*p, *e, *v1[SIG_MAX_V1];
	char				 ts[24];
	long long			 t = -1;
	size_t				 nv = 0, i, k, n;
	bool				 ok = false;
	int				 hi, lo;

	if (header == NULL || secret == NULL || secret_len == 0 ||
	    strlen(header) > 2048)
		return false;
	ts[0] = '\0';
	for (p = header; *p != '\0'; p = *e == ',' ? e + 1 : e) {
		e = p + strcspn(p, ",");
		n = (size_t)(e - p);
		if (n > 2 && strncmp(p, "t=", 2) == 0 && n - 2 < sizeof ts &&
		    ts[0] == '\0') {
			memcpy(ts, p + 2, n - 2);
			ts[n - 2] = '\0';
			if (strspn(ts, "0123456789") != n - 2 || n - 2 > 12)
				return false;
			t = strtoll(ts, NULL, 10);
		} else if (n == 3 + 2 * sizeof mac && strncmp(p, "v1=", 3) == 0 &&
		    nv < SIG_MAX_V1)
			v1[nv++] = p + 3;
	}
	if (t < 0 || nv == 0 || t < now - tolerance || t > now + tolerance)
		return false;
	crypto_auth_hmacsha256_init(&st, secret, secret_len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts,
	    strlen(ts));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	for (i = 0; i < nv; i++) {
		for (k = 0; k < sizeof got; k++) {
			hi = hexval(v1[i][2 * k]);
			lo = hexval(v1[i][2 * k + 1]);
			if (hi < 0 || lo < 0)
				break;
			got[k] = (unsigned char)(hi << 4 | lo);
		}
		/* every candidate compared in full: no early exit on a match */
		if (k == sizeof got && sodium_memcmp(got, mac, sizeof mac) == 0)
			ok = true;
	}
	sodium_memzero(&st, sizeof st);
	sodium_memzero(mac, sizeof mac);
	return ok;
}

NEOERR *
pay_reconcile(struct db *db, const char *session, const char *domain,
    char out[16], int64_t *rid)
{
	struct gw_result	 g;
	const struct gw_object	*o = &g.obj;

	*rid = 0;
	if (gw_checkout_get(session, &g) != GW_OK) {
		snprintf(out, 16, "unavailable");
		return STATUS_OK;
	}
	if (strcmp(o->status, "complete") == 0 &&
	    strcmp(o->payment_status, "paid") == 0)
		return nerr_pass(db_payment_settle(db, session, o->payment_intent,
		    "paid", o->amount, o->currency, NULL, NULL, domain, out,
		    rid));
	if (strcmp(o->status, "expired") == 0)
		return nerr_pass(db_payment_settle(db, session, o->payment_intent,
		    "expired", o->amount, o->currency, NULL, NULL, domain, out,
		    rid));
	snprintf(out, 16, "open");
	return STATUS_OK;
}
