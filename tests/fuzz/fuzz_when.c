/* fuzz_when.c: the date, time and RFC 3339 parsers, and the number and status parsers. */
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (err_init() != STATUS_OK)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct start	 st;
	enum rsv_status	 rs;
	long long	 n;
	char		*s, out[11], hm[6];
	int		 day, min;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	/* what parses formats back to the same text */
	if (date_parse(s, &day)) {
		date_format(day, out);
		if (strcmp(out, s) != 0)
			abort();
		if (date_weekday(day) < 1 || date_weekday(day) > 7)
			abort();
	}
	if (hm_parse(s, &min)) {
		hm_format(min, hm);
		if (min < 0 || min >= 1440 || strcmp(hm, s) != 0)
			abort();
	}
	if (start_parse(s, &st)) {
		if (st.minute < 0 || st.minute >= 1440)
			abort();
		date_format(st.day, out);
		if (strncmp(out, s, 10) != 0)
			abort();
	}
	if (parse_int(s, -1000, 1000, &n) && (n < -1000 || n > 1000))
		abort();
	(void)parse_int(s, INT64_MIN, INT64_MAX, &n);
	if (rsv_status_parse(s, &rs) && strcmp(rsv_status_name(rs), s) != 0)
		abort();
	free(s);
	return 0;
}
