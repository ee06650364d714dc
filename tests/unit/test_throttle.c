/*
 * test_throttle: the failed-lookup limit per client: the budget, its
 * window, and who counts as one client (an IPv4 address; an IPv6 /64,
 * through which one host can rotate; an IPv4-mapped address as its IPv4
 * address).
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "throttle.h"

#define FAILS	3
#define WINDOW	900

/* Use up addr's budget at time now. */
static void
S_exhaust(struct throttle *t, const char *addr, time_t now)
{
	int	 i;

	for (i = 0; i < FAILS; i++)
		throttle_fail(t, addr, now);
}

static void
t_client(void)
{
	static const struct {
		const char	*addr, *want;
	} cases[] = {
		{ "192.0.2.7", "192.0.2.7" },
		{ "::ffff:192.0.2.7", "192.0.2.7" },
		{ "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64" },
		{ "2001:DB8:1:2::1", "2001:db8:1:2::/64" },
		{ "2001:db8::1", "2001:db8::/64" },
		{ "::1", "::/64" },
		{ "unix:", "unix:" },
		{ "", "" },
	};
	char	 out[THROTTLE_CLIENT_MAX], name[128];
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(name, sizeof(name), "client of [%s]", cases[i].addr);
		check_str(throttle_client(cases[i].addr, out), cases[i].want,
		    name);
	}
	check_str(throttle_client(NULL, out), "", "client of no address");
}

int
main(void)
{
	struct throttle	*t = throttle_new(FAILS, WINDOW);
	time_t		 now = 1700000000;
	int		 i;

	if (!check(t != NULL, "a table is made", "throttle_new failed"))
		return check_exit();
	t_client();

	/* IPv4: one address, one budget. */
	for (i = 0; i < FAILS - 1; i++)
		throttle_fail(t, "192.0.2.7", now);
	check(!throttle_blocked(t, "192.0.2.7", now),
	    "IPv4: not refused before its budget is used", NULL);
	throttle_fail(t, "192.0.2.7", now);
	check(throttle_blocked(t, "192.0.2.7", now),
	    "IPv4: refused once its budget is used", NULL);
	check(!throttle_blocked(t, "192.0.2.8", now),
	    "IPv4: the next address has its own budget", NULL);
	check(throttle_blocked(t, "::ffff:192.0.2.7", now),
	    "IPv4-mapped IPv6 counts as its IPv4 address", NULL);
	check(!throttle_blocked(t, "192.0.2.7", now + WINDOW),
	    "IPv4: the budget comes back after the window", NULL);

	/* IPv6: a /64 is one client, however its host part rotates. */
	throttle_fail(t, "2001:db8:1:2::1", now);
	throttle_fail(t, "2001:db8:1:2::2", now);
	throttle_fail(t, "2001:db8:1:2:ffff:ffff:ffff:fffe", now);
	check(throttle_blocked(t, "2001:db8:1:2:1234::99", now),
	    "IPv6: addresses in one /64 share a budget", NULL);
	check(!throttle_blocked(t, "2001:db8:1:3::1", now),
	    "IPv6: another /64 has its own budget", NULL);
	S_exhaust(t, "2001:db8:1:3::1", now);
	check(throttle_blocked(t, "2001:db8:1:3::abcd", now),
	    "IPv6: the other /64 is refused once its own budget is used",
	    NULL);
	check(!throttle_blocked(t, "2001:db8:1:4::1", now),
	    "IPv6: a third /64 is untouched", NULL);
	check(!throttle_blocked(NULL, "192.0.2.7", now),
	    "no table: never refused", NULL);
	throttle_free(t);
	return check_exit();
}
