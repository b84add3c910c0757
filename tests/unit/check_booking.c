/* check_booking.c: the status machine (every move, allowed and forbidden) and the .ics writer. */
#include "stolik.h"

#include <stdlib.h>
#include <string.h>

#include <check.h>

/* The moves DESIGN §5 allows, written out independently of booking.c. */
static const struct {
	enum rsv_status	 from;
	enum rsv_status	 to;
	const char	*who;	/* d(iner), o(wner), s(ystem) */
} allowed[] = {
	{ RSV_HELD, RSV_CONFIRMED, "d" },
	{ RSV_HELD, RSV_PENDING, "d" },
	{ RSV_HELD, RSV_EXPIRED, "s" },
	{ RSV_HELD, RSV_CANCELLED, "ds" },
	{ RSV_PENDING, RSV_CONFIRMED, "o" },
	{ RSV_PENDING, RSV_REJECTED, "o" },
	{ RSV_PENDING, RSV_CANCELLED, "do" },
	{ RSV_CONFIRMED, RSV_ARRIVED, "o" },
	{ RSV_CONFIRMED, RSV_NO_SHOW, "os" },
	{ RSV_CONFIRMED, RSV_CANCELLED, "do" },
	{ RSV_ARRIVED, RSV_SEATED, "o" },
	{ RSV_ARRIVED, RSV_NO_SHOW, "os" },
	{ RSV_SEATED, RSV_FINISHED, "os" },
};

static bool
expected(enum rsv_status from, enum rsv_status to, enum rsv_actor who)
{
	const char	 c = who == ACTOR_DINER ? 'd' : who == ACTOR_OWNER ? 'o' : 's';
	size_t		 i;

	for (i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
		if (allowed[i].from == from && allowed[i].to == to)
			return strchr(allowed[i].who, c) != NULL;
	return false;
}

/* One test per (from, to) pair: 100 pairs, three actors each. */
START_TEST(test_every_move)
{
	enum rsv_status	 from = (enum rsv_status)(_i / RSV__MAX);
	enum rsv_status	 to = (enum rsv_status)(_i % RSV__MAX);
	enum rsv_actor	 who;

	for (who = ACTOR_DINER; who <= ACTOR_SYSTEM; who++)
		ck_assert_msg(rsv_can(from, to, who) == expected(from, to, who),
		    "%s -> %s by %s", rsv_status_name(from), rsv_status_name(to),
		    rsv_actor_name(who));
}
END_TEST

START_TEST(test_final_states)
{
	enum rsv_status	 to;
	enum rsv_actor	 who;
	const enum rsv_status final[] = { RSV_FINISHED, RSV_CANCELLED,
	    RSV_NO_SHOW, RSV_REJECTED, RSV_EXPIRED };
	size_t		 i;

	for (i = 0; i < sizeof final / sizeof final[0]; i++)
		for (to = 0; to < RSV__MAX; to++)
			for (who = ACTOR_DINER; who <= ACTOR_SYSTEM; who++)
				ck_assert(!rsv_can(final[i], to, who));
	ck_assert(!rsv_can(RSV__MAX, RSV_HELD, ACTOR_OWNER));
}
END_TEST

START_TEST(test_names)
{
	enum rsv_status	 s, back;

	for (s = 0; s < RSV__MAX; s++) {
		ck_assert(rsv_status_parse(rsv_status_name(s), &back));
		ck_assert_int_eq(back, s);
	}
	ck_assert(!rsv_status_parse("lost", &back));
	ck_assert(!rsv_status_parse(NULL, &back));
	ck_assert_str_eq(rsv_status_name(RSV_NO_SHOW), "no_show");
}
END_TEST

START_TEST(test_ical)
{
	struct reservation	 r;
	STRING			 s;
	char			*line, *save = NULL;
	size_t			 len;

	memset(&r, 0, sizeof r);
	r.code = "ABCDEFGH12";
	r.status = RSV_CONFIRMED;
	r.party = 4;
	r.start = 1795000000;
	r.end = 1795007200;
	r.restaurant = "Smith & Sons', Grill; \"Best\"\nNew line";
	r.address = "Street 1";
	r.city = "Kyiv";
	r.phone = "+380 1";
	string_init(&s);
	ck_assert_ptr_null(ical_event(&s, &r, "REQUEST", 2,
	    "https://x.example/b/ABCDEFGH12?t=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaa", "https://x.example:8443", "no-reply@x.example",
	    "guest@example.com"));
	ck_assert_ptr_nonnull(strstr(s.buf, "METHOD:REQUEST\r\n"));
	ck_assert_ptr_nonnull(strstr(s.buf, "UID:ABCDEFGH12@x.example\r\n"));
	ck_assert_ptr_nonnull(strstr(s.buf, "SEQUENCE:2\r\n"));
	ck_assert_ptr_nonnull(strstr(s.buf, "STATUS:CONFIRMED\r\n"));
	ck_assert_ptr_nonnull(strstr(s.buf, "ATTENDEE;"));
	ck_assert_ptr_nonnull(strstr(s.buf, "mailto:no-reply@x.example"));
	ck_assert_ptr_nonnull(strstr(s.buf, "Smith & Sons'\\, Grill\\; \"Best\"\\nNew line"));
	/* every line ends in CRLF and holds at most 75 octets */
	for (line = strtok_r(s.buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		len = strlen(line);
		ck_assert_msg(len >= 1 && line[len - 1] == '\r', "no CR: %s", line);
		ck_assert_msg(len - 1 <= 75, "long line: %s", line);
	}
	string_clear(&s);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("booking");
	TCase	*tc = tcase_create("Core");
	SRunner	*sr;
	int	 nf;

	tcase_add_loop_test(tc, test_every_move, 0, RSV__MAX * RSV__MAX);
	tcase_add_test(tc, test_final_states);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_ical);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
