/* admin.c: stolik-admin: create users, set passwords, make a secrets file. */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

static void
usage(void)
{
	fprintf(stderr,
	    "usage: stolik-admin [-c config] create-user [-r role] [-n name] [-p] email\n"
	    "       stolik-admin [-c config] set-password email\n"
	    "       stolik-admin gen-secret\n"
	    "       stolik-admin [-c config] seal\n"
	    "Passwords are read from the first line of standard input.\n"
	    "seal prints the first line of standard input sealed with the\n"
	    "server key (App.SecretsFile), as the app stores secrets such as\n"
	    "a webhook endpoint's signing secret.\n");
	exit(2);
}

/* The first line of stdin, without its newline; false if empty. */
static bool
read_password(char *buf, size_t sz)
{
	size_t	 n;

	if (fgets(buf, (int)sz, stdin) == NULL)
		return false;
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	return n >= 8 && utf8_valid(buf, n);
}

/* Print a new secrets file: 32 random bytes for Secret.Key. */
static int
gen_secret(void)
{
	unsigned char	 key[SEC_KEYBYTES];
	char		 b64[sodium_base64_ENCODED_LEN(SEC_KEYBYTES,
			    sodium_base64_VARIANT_ORIGINAL)];

	randombytes_buf(key, sizeof key);
	sodium_bin2base64(b64, sizeof b64, key, sizeof key,
	    sodium_base64_VARIANT_ORIGINAL);
	printf("# Stolik secrets: keep this file private (chmod 0640)\n"
	    "Secret.Key = %s\n", b64);
	sodium_memzero(key, sizeof key);
	sodium_memzero(b64, sizeof b64);
	return 0;
}

/* Print the first line of stdin sealed with the server key (sec_seal). */
static int
seal(const char *cfile)
{
	HDF	*conf = NULL;
	NEOERR	*err;
	char	 line[1024], *out;
	size_t	 n;

	if (fgets(line, sizeof line, stdin) == NULL) {
		fprintf(stderr, "stolik-admin: nothing to seal on standard input\n");
		return 2;
	}
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	if (n == 0 || !utf8_valid(line, n)) {
		fprintf(stderr, "stolik-admin: nothing to seal on standard input\n");
		return 2;
	}
	if ((err = conf_load(conf_path(cfile), &conf)) != STATUS_OK ||
	    (err = sec_load(hdf_get_value(conf, "App.SecretsFile",
	    SYSCONFDIR "/stolik/secrets.hdf"))) != STATUS_OK) {
		sodium_memzero(line, sizeof line);
		log_nerr(__func__, "stolik-admin failed", &err);
		hdf_destroy(&conf);
		return 1;
	}
	out = sec_seal(line);
	sodium_memzero(line, sizeof line);
	hdf_destroy(&conf);
	if (out == NULL) {
		fprintf(stderr, "stolik-admin: out of memory\n");
		return 1;
	}
	printf("%s\n", out);
	free(out);
	return 0;
}

int
main(int argc, char *argv[])
{
	HDF		*conf = NULL;
	struct db	*db = NULL;
	NEOERR		*err = STATUS_OK;
	const char	*cfile = NULL, *cmd, *role = "diner", *name = "", *email;
	char		 pw[256];
	bool		 with_pw = false, ok = false;
	int		 ch;

	while ((ch = getopt(argc, argv, "+c:")) != -1) {
		if (ch != 'c')
			usage();
		cfile = optarg;
	}
	if (optind >= argc)
		usage();
	cmd = argv[optind];
	argc -= optind;
	argv += optind;
	optind = 1;
	log_init("stolik-admin", LOGL_INFO);
	if ((err = err_init()) != STATUS_OK || !sec_init())
		goto fail;
	if (strcmp(cmd, "gen-secret") == 0)
		return gen_secret();
	if (strcmp(cmd, "seal") == 0)
		return seal(cfile);
	if (strcmp(cmd, "create-user") == 0) {
		while ((ch = getopt(argc, argv, "r:n:p")) != -1) {
			if (ch == 'r')
				role = optarg;
			else if (ch == 'n')
				name = optarg;
			else if (ch == 'p')
				with_pw = true;
			else
				usage();
		}
	} else if (strcmp(cmd, "set-password") == 0) {
		with_pw = true;
	} else
		usage();
	if (optind != argc - 1)
		usage();
	email = argv[optind];
	if (strcmp(role, "diner") != 0 && strcmp(role, "owner") != 0 &&
	    strcmp(role, "admin") != 0) {
		fprintf(stderr, "stolik-admin: role must be diner, owner or admin\n");
		return 2;
	}
	if (with_pw && !read_password(pw, sizeof pw)) {
		fprintf(stderr, "stolik-admin: a password of at least 8 "
		    "characters is expected on standard input\n");
		return 2;
	}
	if ((err = conf_load(conf_path(cfile), &conf)) != STATUS_OK)
		goto fail;
	if ((err = db_open(hdf_get_value(conf, "DB.Conninfo", ""), true,
	    &db)) != STATUS_OK || (err = db_connect(db)) != STATUS_OK)
		goto fail;
	if (strcmp(cmd, "create-user") == 0) {
		err = db_user_insert(db, email, name, role, with_pw ? pw : NULL,
		    &ok);
		if (err == STATUS_OK)
			log_info("%s %s (%s)", ok ? "created" : "already exists:",
			    email, role);
	} else {
		err = db_user_set_password(db, email, pw, &ok);
		if (err == STATUS_OK && !ok)
			fprintf(stderr, "stolik-admin: no user %s\n", email);
		if (err == STATUS_OK && ok)
			log_info("password set for %s", email);
	}
	sodium_memzero(pw, sizeof pw);
	if (err != STATUS_OK)
		goto fail;
	db_close(db);
	hdf_destroy(&conf);
	return ok || strcmp(cmd, "create-user") == 0 ? 0 : 1;
fail:
	sodium_memzero(pw, sizeof pw);
	log_nerr(__func__, "stolik-admin failed", &err);
	fprintf(stderr, "stolik-admin: failed; see the log line above\n");
	db_close(db);
	hdf_destroy(&conf);
	return 1;
}
