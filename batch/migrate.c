/* migrate.c: stolik-migrate: apply the numbered SQL migrations. */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void
usage(void)
{
	fprintf(stderr, "usage: stolik-migrate [-n] [-c config] [-d dir]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	HDF		*conf = NULL;
	struct db	*db = NULL;
	NEOERR		*err;
	const char	*cfile = NULL, *dir = NULL, *conninfo;
	bool		 dry_run = false;
	int		 ch, applied = 0;

	while ((ch = getopt(argc, argv, "c:d:n")) != -1) {
		switch (ch) {
		case 'c':
			cfile = optarg;
			break;
		case 'd':
			dir = optarg;
			break;
		case 'n':
			dry_run = true;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	log_init("stolik-migrate", LOGL_INFO);
	if ((err = err_init()) != STATUS_OK || !sec_init())
		goto fail;
	if ((err = conf_load(conf_path(cfile), &conf)) != STATUS_OK)
		goto fail;
	if (dir == NULL)
		dir = hdf_get_value(conf, "Migrations.Dir", PKGDATADIR "/sql");
	/* migrations may need a more privileged role than the app */
	conninfo = hdf_get_value(conf, "DB.MigrateConninfo",
	    hdf_get_value(conf, "DB.Conninfo", ""));
	if ((err = db_open(conninfo, false, &db)) != STATUS_OK ||
	    (err = db_connect(db)) != STATUS_OK)
		goto fail;
	if ((err = migrate_run(db, dir, dry_run, &applied)) != STATUS_OK)
		goto fail;
	log_info("%d migration%s %s", applied, applied == 1 ? "" : "s",
	    dry_run ? "pending" : "applied");
	db_close(db);
	hdf_destroy(&conf);
	return 0;
fail:
	log_nerr(__func__, "stolik-migrate failed", &err);
	fprintf(stderr, "stolik-migrate: failed; see the log line above\n");
	db_close(db);
	hdf_destroy(&conf);
	return 1;
}
