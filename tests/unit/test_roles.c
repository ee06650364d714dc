/*
 * test_roles: the roles and the permission table (lib/model/roles.h):
 * names both ways, the table cell by cell, who may move a request to
 * which status, and out-of-range values refused.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "roles.h"

int
main(void)
{
	/* The table of roles.h, row by row: officer, committee, manager,
	 * admin, secretary, chair. */
	static const char *const table[PERM__MAX] = {
		[PERM_QUEUE] = "xxx---", [PERM_CASE] = "xxx---",
		[PERM_REVEAL] = "xx----", [PERM_STUDY] = "x-----",
		[PERM_DECIDE] = "-x----", [PERM_EXPORT] = "--x---",
		[PERM_REPORT] = "--x---", [PERM_PRIVACY] = "--x---",
		[PERM_AUDIT] = "--xx--", [PERM_USERS] = "---x--",
		[PERM_DRAFT] = "----x-", [PERM_PUBLISH] = "----xx",
	};
	char	 d[64];
	int	 r, p, ok = 1;

	check(role_index("officer") == ROLE_OFFICER &&
	    role_index("committee") == ROLE_COMMITTEE &&
	    role_index("manager") == ROLE_MANAGER &&
	    role_index("admin") == ROLE_ADMIN &&
	    role_index("secretary") == ROLE_SECRETARY &&
	    role_index("chair") == ROLE_CHAIR && role_index("Admin") == -1 &&
	    role_index("") == -1 && role_index(NULL) == -1,
	    "roles: the six names, exactly", NULL);
	for (r = 0; r < ROLE__MAX; r++)
		if (role_index(role_name(r)) != r)
			ok = 0;
	check(ok && role_name(-1) == NULL && role_name(ROLE__MAX) == NULL &&
	    role_names[ROLE__MAX] == NULL, "roles: names both ways", NULL);
	ok = 1;
	for (p = 0; p < PERM__MAX; p++) {
		if (perm_index(perm_names[p]) != p)
			ok = 0;
		for (r = 0; r < ROLE__MAX; r++)
			if (role_may(r, p) != (table[p][r] == 'x')) {
				snprintf(d, sizeof(d), "%s may %s", role_name(r),
				    perm_names[p]);
				check(0, "roles: the permission table", d);
				ok = 0;
			}
	}
	check(ok, "roles: the permission table, cell by cell", NULL);
	check(!role_may(-1, PERM_QUEUE) && !role_may(ROLE__MAX, PERM_QUEUE) &&
	    !role_may(ROLE_ADMIN, -1) && !role_may(ROLE_ADMIN, PERM__MAX),
	    "roles: out of range may nothing", NULL);
	check(role_may_move(ROLE_OFFICER, "under-study") &&
	    role_may_move(ROLE_OFFICER, "needs-info") &&
	    role_may_move(ROLE_OFFICER, "received") &&
	    !role_may_move(ROLE_OFFICER, "accepted") &&
	    !role_may_move(ROLE_OFFICER, "rejected"),
	    "roles: the officer studies and asks for information", NULL);
	check(role_may_move(ROLE_COMMITTEE, "accepted") &&
	    role_may_move(ROLE_COMMITTEE, "rejected") &&
	    !role_may_move(ROLE_COMMITTEE, "under-study"),
	    "roles: the committee decides", NULL);
	check(!role_may_move(ROLE_MANAGER, "accepted") &&
	    !role_may_move(ROLE_ADMIN, "under-study") &&
	    !role_may_move(ROLE_SECRETARY, "accepted") &&
	    !role_may_move(ROLE_CHAIR, "received") &&
	    !role_may_move(ROLE_COMMITTEE, "closed") &&
	    !role_may_move(ROLE_COMMITTEE, NULL),
	    "roles: the manager and admin move nothing; no unknown status",
	    NULL);
	return check_exit();
}
