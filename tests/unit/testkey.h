/* testkey.h: load a fixed server key, for the unit tests of what signs and seals. */
#ifndef STOLIK_TESTKEY_H
#define STOLIK_TESTKEY_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <check.h>

/* err_init, sec_init and Secret.Key from a throwaway secrets file. */
static inline void
testkey_load(void)
{
	char	 path[] = "/tmp/stolik-key.XXXXXX";
	FILE	*f;
	int	 fd;

	ck_assert_ptr_null(err_init());
	ck_assert(sec_init());
	ck_assert_int_ge(fd = mkstemp(path), 0);
	ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
	fprintf(f, "Secret.Key = MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n");
	fclose(f);
	ck_assert_ptr_null(sec_load(path));
	unlink(path);
}

#endif
