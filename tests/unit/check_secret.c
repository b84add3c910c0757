/* check_secret.c: unit tests of lib/secret.c. */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include <check.h>
#include <sodium.h>

static void
setup(void)
{
	ck_assert_ptr_null(err_init());
	ck_assert(sec_init());
}

/* Write a secrets file with the given key line; returns its path (static). */
static const char *
secrets_file(const char *line)
{
	static char	 path[64];
	FILE		*f;
	int		 fd;

	snprintf(path, sizeof path, "/tmp/stolik-secret.XXXXXX");
	ck_assert_int_ge(fd = mkstemp(path), 0);
	ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
	fprintf(f, "%s\n", line);
	fclose(f);
	return path;
}

START_TEST(test_token)
{
	char	 a[SEC_TOKEN_B64], b[SEC_TOKEN_B64];

	sec_token(a);
	sec_token(b);
	ck_assert_uint_eq(strlen(a), 43);
	ck_assert_uint_eq(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 43);
	ck_assert_str_ne(a, b);
}
END_TEST

START_TEST(test_load)
{
	const char	*p;
	NEOERR		*err;

	p = secrets_file("Secret.Key = c2hvcnQ=");	/* "short" */
	err = sec_load(p);
	ck_assert_ptr_nonnull(err);
	ck_assert(nerr_match(err, ERR_CONFIG));
	nerr_ignore(&err);
	unlink(p);
	p = secrets_file("Secret.Key = MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
	ck_assert_ptr_null(sec_load(p));
	ck_assert(sec_ready());
	unlink(p);
}
END_TEST

START_TEST(test_mac)
{
	char		 m[SEC_TOKEN_B64], m2[SEC_TOKEN_B64];
	const char	*p;

	p = secrets_file("Secret.Key = MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
	ck_assert_ptr_null(sec_load(p));
	unlink(p);
	sec_mac("csrf", "browser-a", 9, m);
	ck_assert(sec_mac_verify("csrf", "browser-a", 9, m));
	/* another message, another purpose, a tampered MAC: all refused */
	ck_assert(!sec_mac_verify("csrf", "browser-b", 9, m));
	ck_assert(!sec_mac_verify("link", "browser-a", 9, m));
	memcpy(m2, m, sizeof m);
	m2[0] = m2[0] == 'A' ? 'B' : 'A';
	ck_assert(!sec_mac_verify("csrf", "browser-a", 9, m2));
	ck_assert(!sec_mac_verify("csrf", "browser-a", 9, ""));
	ck_assert(!sec_mac_verify("csrf", "browser-a", 9, NULL));
	ck_assert(!sec_mac_verify("csrf", "browser-a", 9, "!!!!"));
	/* a different key gives a different MAC */
	p = secrets_file("Secret.Key = OTg3NjU0MzIxMGFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
	ck_assert_ptr_null(sec_load(p));
	unlink(p);
	ck_assert(!sec_mac_verify("csrf", "browser-a", 9, m));
}
END_TEST

/* CSRF tokens masked per answer (BREACH): never the same twice, all good */
START_TEST(test_mac_masked)
{
	char		 a[SEC_MASKED_B64], b[SEC_MASKED_B64], m[SEC_TOKEN_B64];
	const char	*p;

	p = secrets_file("Secret.Key = MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
	ck_assert_ptr_null(sec_load(p));
	unlink(p);
	sec_mac_masked("csrf", "browser-a", 9, a);
	sec_mac_masked("csrf", "browser-a", 9, b);
	ck_assert_uint_eq(strlen(a), 86);
	ck_assert_str_ne(a, b);
	ck_assert(sec_mac_verify_masked("csrf", "browser-a", 9, a));
	ck_assert(sec_mac_verify_masked("csrf", "browser-a", 9, b));
	/* the plain MAC appears in neither */
	sec_mac("csrf", "browser-a", 9, m);
	ck_assert_ptr_null(strstr(a, m));
	ck_assert(sec_mac_verify_masked("csrf", "browser-a", 9, m));
	/* another subject or purpose, a changed byte of either half: refused */
	ck_assert(!sec_mac_verify_masked("csrf", "browser-b", 9, a));
	ck_assert(!sec_mac_verify_masked("csrf-session", "browser-a", 9, a));
	a[3] = a[3] == 'A' ? 'B' : 'A';
	ck_assert(!sec_mac_verify_masked("csrf", "browser-a", 9, a));
	b[60] = b[60] == 'A' ? 'B' : 'A';
	ck_assert(!sec_mac_verify_masked("csrf", "browser-a", 9, b));
	ck_assert(!sec_mac_verify_masked("csrf", "browser-a", 9, NULL));
	ck_assert(!sec_mac_verify_masked("csrf", "browser-a", 9, ""));
	b[85] = '\0';
	ck_assert(!sec_mac_verify_masked("csrf", "browser-a", 9, b));
}
END_TEST

START_TEST(test_token_hash)
{
	unsigned char	 a[32], b[32];

	sec_token_hash("one", a);
	sec_token_hash("one", b);
	ck_assert_mem_eq(a, b, 32);
	sec_token_hash("two", b);
	ck_assert(memcmp(a, b, 32) != 0);
}
END_TEST

START_TEST(test_password)
{
	char	 h[128];

	ck_assert(sec_password_hash("correct horse", h));
	ck_assert_str_eq(strncmp(h, "$argon2id$", 10) == 0 ? "ok" : h, "ok");
	ck_assert(sec_password_verify(h, "correct horse"));
	ck_assert(!sec_password_verify(h, "correct horse!"));
	ck_assert(!sec_password_verify("not a hash", "x"));
}
END_TEST

START_TEST(test_rehash)
{
	char	 h[128], weak[crypto_pwhash_STRBYTES];

	ck_assert(sec_password_hash("correct horse", h));
	ck_assert(!sec_password_needs_rehash(h));
	/* a hash made with other limits is redone at the next login */
	ck_assert_int_eq(crypto_pwhash_str(weak, "correct horse", 13,
	    crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN), 0);
	ck_assert(sec_password_needs_rehash(weak));
	ck_assert(sec_password_verify(weak, "correct horse"));
	ck_assert(sec_password_needs_rehash("not a hash"));
}
END_TEST

/* A process that takes one slot, says so on p, and keeps it until q speaks. */
static void
holder(const char *path, int p, int q)
{
	pid_t	 pid;
	char	 c;

	ck_assert_int_ge(pid = fork(), 0);
	if (pid == 0) {
		c = sec_hash_slot_get(path, 2, 100) >= 0 ? 'y' : 'n';
		if (write(p, &c, 1) != 1 || read(q, &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
}

START_TEST(test_hash_slots)
{
	char	 path[] = "/tmp/stolik-slots.XXXXXX", c;
	int	 fd, a, p[2], q[2];

	/* record locks belong to processes, as the workers are: two holders */
	ck_assert_int_ge(fd = mkstemp(path), 0);
	close(fd);
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(pipe(q), 0);
	holder(path, p[1], q[0]);
	ck_assert_int_eq(read(p[0], &c, 1), 1);
	ck_assert_int_eq(c, 'y');
	holder(path, p[1], q[0]);
	ck_assert_int_eq(read(p[0], &c, 1), 1);
	ck_assert_int_eq(c, 'y');
	/* both taken elsewhere: this one waits its time out and gets none */
	ck_assert_int_eq(sec_hash_slot_get(path, 2, 100), -1);
	/* one holder goes (a dead process's locks go with it) */
	ck_assert_int_eq(write(q[1], "x", 1), 1);
	ck_assert_int_gt(wait(NULL), 0);
	ck_assert_int_ge(a = sec_hash_slot_get(path, 2, 100), 0);
	sec_hash_slot_put(a);
	ck_assert_int_eq(write(q[1], "x", 1), 1);
	ck_assert_int_gt(wait(NULL), 0);
	unlink(path);
}
END_TEST

START_TEST(test_digest)
{
	char	 a[65], b[65];

	sec_digest_hex("abc", 3, a);
	sec_digest_hex("abd", 3, b);
	ck_assert_uint_eq(strlen(a), 64);
	ck_assert_str_ne(a, b);
	/* BLAKE2b-256("abc") */
	ck_assert_str_eq(a, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("secret");
	TCase	*tc = tcase_create("Core");
	SRunner	*sr;
	int	 nf;

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_token);
	tcase_add_test(tc, test_load);
	tcase_add_test(tc, test_mac);
	tcase_add_test(tc, test_mac_masked);
	tcase_add_test(tc, test_token_hash);
	tcase_add_test(tc, test_password);
	tcase_add_test(tc, test_digest);
	tcase_add_test(tc, test_rehash);
	tcase_add_test(tc, test_hash_slots);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
