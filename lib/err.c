/* err.c: the NEOERR types Stolik adds to ClearSilver's. */
#include "stolik.h"

NERR_TYPE ERR_DB = -1;
NERR_TYPE ERR_DB_DOWN = -1;
NERR_TYPE ERR_DB_RETRY = -1;
NERR_TYPE ERR_CONFIG = -1;

NEOERR *
err_init(void)
{
	NEOERR	*err;

	if ((err = nerr_init()) != STATUS_OK)
		return nerr_pass(err);
	if (ERR_DB != -1)
		return STATUS_OK;
	if ((err = nerr_register(&ERR_DB, "DatabaseError")) != STATUS_OK)
		return nerr_pass(err);
	if ((err = nerr_register(&ERR_DB_DOWN, "DatabaseUnavailable")) != STATUS_OK)
		return nerr_pass(err);
	if ((err = nerr_register(&ERR_DB_RETRY, "DatabaseConflict")) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(nerr_register(&ERR_CONFIG, "ConfigError"));
}
