/* fuzz_conf.c: the HDF configuration reader (lib/conf.c) over a file of fuzzed bytes. */
#include "fuzz.h"

#include <unistd.h>

static char	 path[] = "/tmp/stolik-fuzz-conf.XXXXXX";
static int	 fd = -1;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (err_init() != STATUS_OK || (fd = mkstemp(path)) < 0)
		abort();
	return 0;
}

static void
cleanup(void) __attribute__((destructor));
static void
cleanup(void)
{
	if (fd >= 0)
		unlink(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	HDF	*conf = NULL;
	NEOERR	*err;

	/*
	 * "#include" reads another file: the administrator's choice, and a
	 * fuzzer would only wander the filesystem (/dev/zero never ends).
	 */
	if (memmem(data, size, "include", 7) != NULL)
		return 0;
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	err = conf_load(path, &conf);
	if (err == STATUS_OK) {
		(void)conf_int(conf, "App.Workers", 4, 1, 256);
		(void)log_level_parse(hdf_get_value(conf, "App.LogLevel", "info"));
		hdf_destroy(&conf);
	} else
		nerr_ignore(&err);
	return 0;
}
