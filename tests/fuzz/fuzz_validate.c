/* fuzz_validate.c: the validators of e-mail, phone, slug, names, money and UTF-8, and what derives from them. */
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (err_init() != STATUS_OK || !sec_init())
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s, slug[81], dial[32];
	size_t	 i;
	bool	 valid;

	valid = utf8_valid((const char *)data, size);
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	if (valid && memchr(data, '\0', size) == NULL &&
	    utf8_len(s) > strlen(s))
		abort();
	if (email_ok(s) && (strchr(s, '@') == NULL || strpbrk(s, "\r\n<>") != NULL))
		abort();
	if (phone_ok(s)) {
		phone_dial(s, dial, sizeof dial);
		for (i = 0; dial[i] != '\0'; i++)
			if (!(dial[i] >= '0' && dial[i] <= '9') &&
			    !(dial[i] == '+' && i == 0))
				abort();
	}
	if (slug_valid(s) && (strlen(s) > 80 || strpbrk(s, "/.%? ") != NULL))
		abort();
	slugify(s, slug, sizeof slug);
	if (!slug_valid(slug))
		abort();
	/* money: what parses is in range and formats back to itself */
	for (i = 0; i < 4; i++) {
		static const int	 exps[] = { 0, 2, 3, 2 };
		int64_t		 v, v2;
		char		 buf[64];

		if (!money_parse(s, exps[i], &v))
			continue;
		if (v < 0 || v > MONEY_MAX)
			abort();
		if (money_format(v, exps[i], buf, sizeof buf) >= (int)sizeof buf ||
		    !money_parse(buf, exps[i], &v2) || v2 != v)
			abort();
	}
	/* a pattern of any text (templates give it) fills a buffer safely */
	money_text(s, 123456, "EUR", 2, slug, sizeof slug);
	if (strlen(slug) >= sizeof slug)
		abort();
	(void)role_parse(s);
	(void)log_level_parse(s);
	free(s);
	return 0;
}
