/* secret.c: libsodium behind a small interface: tokens, MACs, passwords. */
#include "stolik.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

static unsigned char	*server_key;	/* sodium_malloc'd, read-only */

bool
sec_init(void)
{
	return sodium_init() >= 0;
}

bool
sec_ready(void)
{
	return server_key != NULL;
}

NEOERR *
sec_load(const char *path)
{
	HDF		*h = NULL;
	NEOERR		*err;
	const char	*b64;
	unsigned char	 raw[128];
	size_t		 rawlen = 0;
	struct stat	 st;

	if ((err = hdf_init(&h)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = hdf_read_file(h, path)) != STATUS_OK) {
		err = nerr_pass_ctx(err, "reading secrets file %s", path);
		goto out;
	}
	if (stat(path, &st) == 0 && (st.st_mode & S_IROTH))
		log_warn("%s is readable by everyone; chmod 0640 it", path);
	b64 = hdf_get_value(h, "Secret.Key", "");
	if (sodium_base642bin(raw, sizeof raw, b64, strlen(b64), NULL, &rawlen,
	    NULL, sodium_base64_VARIANT_ORIGINAL) != 0 &&
	    sodium_base642bin(raw, sizeof raw, b64, strlen(b64), NULL, &rawlen,
	    NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		rawlen = 0;
	if (rawlen < SEC_KEYBYTES) {
		err = nerr_raise(ERR_CONFIG, "%s: Secret.Key must be the base64 "
		    "of at least %d random bytes", path, SEC_KEYBYTES);
		goto out;
	}
	if (server_key == NULL &&
	    (server_key = sodium_malloc(SEC_KEYBYTES)) == NULL) {
		err = nerr_raise(NERR_NOMEM, "sodium_malloc");
		goto out;
	}
	sodium_mprotect_readwrite(server_key);
	/* fold longer keys to 32 bytes so every use has a fixed-size key */
	crypto_generichash(server_key, SEC_KEYBYTES, raw, rawlen, NULL, 0);
	sodium_mprotect_readonly(server_key);
out:
	sodium_memzero(raw, sizeof raw);
	hdf_destroy(&h);
	return nerr_pass(err);
}

void
sec_token(char out[SEC_TOKEN_B64])
{
	unsigned char	 raw[SEC_TOKENBYTES];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, SEC_TOKEN_B64, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

void
sec_token_hash(const char *token, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token, strlen(token),
	    server_key, server_key != NULL ? SEC_KEYBYTES : 0);
}

void
sec_token_hash_hex(const char *token, char out[67])
{
	unsigned char	 h[32];

	sec_token_hash(token, h);
	out[0] = '\\';
	out[1] = 'x';
	sodium_bin2hex(out + 2, 65, h, sizeof h);
}

void
sec_code(char *out, size_t n)
{
	static const char	 alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	unsigned char		 raw[64];
	size_t			 i;

	if (n > sizeof raw)
		n = sizeof raw;
	randombytes_buf(raw, n);
	for (i = 0; i < n; i++)
		out[i] = alphabet[raw[i] % 32];	/* 256 is a multiple of 32 */
	out[n] = '\0';
}

/* The sealing key: the server key hashed with a fixed context. */
static void
seal_key(unsigned char k[crypto_secretbox_KEYBYTES])
{
	crypto_generichash(k, crypto_secretbox_KEYBYTES,
	    (const unsigned char *)"stolik-seal", 11, server_key,
	    server_key != NULL ? SEC_KEYBYTES : 0);
}

char *
sec_seal(const char *msg)
{
	unsigned char	 k[crypto_secretbox_KEYBYTES], *buf;
	size_t		 len = strlen(msg), blen, olen;
	char		*out;

	blen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
	if ((buf = malloc(blen)) == NULL)
		return NULL;
	olen = sodium_base64_ENCODED_LEN(blen,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	if ((out = malloc(olen)) == NULL) {
		free(buf);
		return NULL;
	}
	seal_key(k);
	randombytes_buf(buf, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(buf + crypto_secretbox_NONCEBYTES,
	    (const unsigned char *)msg, len, buf, k);
	sodium_bin2base64(out, olen, buf, blen,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(k, sizeof k);
	free(buf);
	return out;
}

char *
sec_open(const char *sealed)
{
	unsigned char	 k[crypto_secretbox_KEYBYTES], *buf;
	size_t		 slen = strlen(sealed), blen = 0;
	char		*out = NULL;

	if ((buf = malloc(slen + 1)) == NULL)
		return NULL;
	if (sodium_base642bin(buf, slen + 1, sealed, slen, NULL, &blen, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    blen < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		goto out;
	blen -= crypto_secretbox_NONCEBYTES;
	if ((out = malloc(blen - crypto_secretbox_MACBYTES + 1)) == NULL)
		goto out;
	seal_key(k);
	if (crypto_secretbox_open_easy((unsigned char *)out,
	    buf + crypto_secretbox_NONCEBYTES, blen, buf, k) != 0) {
		free(out);
		out = NULL;
	} else
		out[blen - crypto_secretbox_MACBYTES] = '\0';
	sodium_memzero(k, sizeof k);
out:
	free(buf);
	return out;
}

/* Raw HMAC-SHA256 of purpose NUL msg under the server key. */
static void
mac_raw(const char *purpose, const char *msg, size_t len,
    unsigned char out[crypto_auth_hmacsha256_BYTES])
{
	crypto_auth_hmacsha256_state	 st;

	crypto_auth_hmacsha256_init(&st, server_key,
	    server_key != NULL ? SEC_KEYBYTES : 0);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)purpose,
	    strlen(purpose) + 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, len);
	crypto_auth_hmacsha256_final(&st, out);
}

void
sec_mac(const char *purpose, const char *msg, size_t len, char out[SEC_TOKEN_B64])
{
	unsigned char	 m[crypto_auth_hmacsha256_BYTES];

	mac_raw(purpose, msg, len, m);
	sodium_bin2base64(out, SEC_TOKEN_B64, m, sizeof m,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool
sec_mac_verify(const char *purpose, const char *msg, size_t len, const char *mac)
{
	unsigned char	 want[crypto_auth_hmacsha256_BYTES];
	unsigned char	 got[crypto_auth_hmacsha256_BYTES];
	size_t		 gotlen = 0;

	if (mac == NULL || sodium_base642bin(got, sizeof got, mac, strlen(mac),
	    NULL, &gotlen, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    gotlen != sizeof got)
		return false;
	mac_raw(purpose, msg, len, want);
	return crypto_verify_32(want, got) == 0;
}

void
sec_mac_masked(const char *purpose, const char *msg, size_t len,
    char out[SEC_MASKED_B64])
{
	unsigned char	 m[crypto_auth_hmacsha256_BYTES];
	unsigned char	 b[2 * crypto_auth_hmacsha256_BYTES];
	size_t		 i;

	mac_raw(purpose, msg, len, m);
	randombytes_buf(b, sizeof m);
	for (i = 0; i < sizeof m; i++)
		b[sizeof m + i] = m[i] ^ b[i];
	sodium_bin2base64(out, SEC_MASKED_B64, b, sizeof b,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(m, sizeof m);
}

bool
sec_mac_verify_masked(const char *purpose, const char *msg, size_t len,
    const char *tok)
{
	unsigned char	 want[crypto_auth_hmacsha256_BYTES];
	unsigned char	 b[2 * crypto_auth_hmacsha256_BYTES];
	size_t		 n = 0, i;
	bool		 ok;

	if (tok == NULL)
		return false;
	if (strlen(tok) < SEC_TOKEN_B64)	/* an unmasked one */
		return sec_mac_verify(purpose, msg, len, tok);
	if (sodium_base642bin(b, sizeof b, tok, strlen(tok), NULL, &n, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || n != sizeof b)
		return false;
	for (i = 0; i < sizeof want; i++)
		b[i] ^= b[sizeof want + i];
	mac_raw(purpose, msg, len, want);
	ok = crypto_verify_32(want, b) == 0;
	sodium_memzero(b, sizeof b);
	return ok;
}

/* The message a signed link covers: code NUL arg NUL expiry. */
static void
link_msg(const char *code, const char *arg, int64_t exp, char *buf, size_t sz,
    size_t *len)
{
	int	 n;

	n = snprintf(buf, sz, "%s%c%s%c%lld", code, '\0', arg, '\0', (long long)exp);
	*len = n < 0 ? 0 : (size_t)n < sz ? (size_t)n : sz - 1;
}

void
link_sign(const char *purpose, const char *code, const char *arg, int64_t exp,
    char out[SEC_TOKEN_B64])
{
	char	 msg[256];
	size_t	 len;

	link_msg(code, arg, exp, msg, sizeof msg, &len);
	sec_mac(purpose, msg, len, out);
}

bool
link_verify(const char *purpose, const char *code, const char *arg, int64_t exp,
    int64_t now, const char *sig)
{
	char	 msg[256];
	size_t	 len;

	if (exp < now || sig == NULL)
		return false;
	link_msg(code, arg, exp, msg, sizeof msg, &len);
	return sec_mac_verify(purpose, msg, len, sig);
}

void
sec_digest_hex(const void *buf, size_t len, char out[65])
{
	unsigned char	 h[32];

	crypto_generichash(h, sizeof h, buf, len, NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

void
sec_hs256(const void *msg, size_t len, unsigned char out[32])
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 k[32];

	crypto_generichash(k, sizeof k, (const unsigned char *)"stolik-jwt", 10,
	    server_key, server_key != NULL ? SEC_KEYBYTES : 0);
	crypto_auth_hmacsha256_init(&st, k, sizeof k);
	crypto_auth_hmacsha256_update(&st, msg, len);
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(k, sizeof k);
	sodium_memzero(&st, sizeof st);
}

bool
sec_password_needs_rehash(const char *hash)
{
	char	 h[crypto_pwhash_STRBYTES];

	memset(h, 0, sizeof h);
	if (strlen(hash) >= sizeof h)
		return true;
	memcpy(h, hash, strlen(hash));
	return crypto_pwhash_str_needs_rehash(h, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

/* The descriptor of the slot file; kept open for the process's life (closing
 * any descriptor of it would drop every lock this process holds there). */
static int	 slot_fd = -1;
static char	 slot_path[512];

int
sec_hash_slot_get(const char *lockfile, int slots, int timeout_ms)
{
	struct flock	 fl;
	struct timespec	 pause = { 0, 5 * 1000 * 1000 };
	int		 i, waited = 0;

	if (slot_fd < 0 || strcmp(slot_path, lockfile) != 0) {
		if (slot_fd >= 0)
			close(slot_fd);
		slot_fd = open(lockfile, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		snprintf(slot_path, sizeof slot_path, "%s", lockfile);
		if (slot_fd < 0)
			return -1;
	}
	for (;;) {
		for (i = 0; i < slots; i++) {
			memset(&fl, 0, sizeof fl);
			fl.l_type = F_WRLCK;
			fl.l_whence = SEEK_SET;
			fl.l_start = i;
			fl.l_len = 1;
			if (fcntl(slot_fd, F_SETLK, &fl) == 0)
				return i;
		}
		if (waited >= timeout_ms)
			return -1;
		nanosleep(&pause, NULL);
		waited += 5;
	}
}

void
sec_hash_slot_put(int slot)
{
	struct flock	 fl;

	if (slot < 0 || slot_fd < 0)
		return;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_UNLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = slot;
	fl.l_len = 1;
	fcntl(slot_fd, F_SETLK, &fl);
}

bool
sec_password_hash(const char *pw, char out[128])
{
	return crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

bool
sec_password_verify(const char *hash, const char *pw)
{
	char	 h[crypto_pwhash_STRBYTES];

	memset(h, 0, sizeof h);
	if (strlen(hash) >= sizeof h)
		return false;
	memcpy(h, hash, strlen(hash));
	return crypto_pwhash_str_verify(h, pw, strlen(pw)) == 0;
}
