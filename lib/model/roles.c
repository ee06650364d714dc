/*
 * roles: the staff's roles and the permission table (see roles.h).
 */
#include <stddef.h>
#include <string.h>

#include "roles.h"
#include "workflow.h"

const char *const role_names[ROLE__MAX + 1] = {
	"officer", "committee", "manager", "admin", "secretary", "chair",
	NULL
};

const char *const perm_names[PERM__MAX + 1] = {
	"queue", "case", "reveal", "study", "decide", "export", "report",
	"privacy", "audit", "users", "draft", "publish", NULL
};

#define P(p)	(1u << (p))

/* The table of roles.h: one bit per permission. */
static const unsigned may[ROLE__MAX] = {
	[ROLE_OFFICER] = P(PERM_QUEUE) | P(PERM_CASE) | P(PERM_REVEAL) |
	    P(PERM_STUDY),
	[ROLE_COMMITTEE] = P(PERM_QUEUE) | P(PERM_CASE) | P(PERM_REVEAL) |
	    P(PERM_DECIDE),
	[ROLE_MANAGER] = P(PERM_QUEUE) | P(PERM_CASE) | P(PERM_EXPORT) |
	    P(PERM_REPORT) | P(PERM_PRIVACY) | P(PERM_AUDIT),
	[ROLE_ADMIN] = P(PERM_AUDIT) | P(PERM_USERS),
	[ROLE_SECRETARY] = P(PERM_DRAFT) | P(PERM_PUBLISH),
	[ROLE_CHAIR] = P(PERM_PUBLISH),
};

_Static_assert(PERM__MAX <= 32, "one bit per permission");

static int
S_index(const char *const *names, const char *s)
{
	int	 i;

	if (s == NULL)
		return -1;
	for (i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

int
role_index(const char *s)
{
	return S_index(role_names, s);
}

const char *
role_name(int r)
{
	return r >= 0 && r < ROLE__MAX ? role_names[r] : NULL;
}

int
perm_index(const char *s)
{
	return S_index(perm_names, s);
}

int
role_may(int r, int p)
{
	if (r < 0 || r >= ROLE__MAX || p < 0 || p >= PERM__MAX)
		return 0;
	return (may[r] & P(p)) != 0;
}

int
role_may_move(int r, const char *to)
{
	switch (wf_status_index(to)) {
	case WF_RECEIVED:
	case WF_UNDER_STUDY:
	case WF_NEEDS_INFO:
		return role_may(r, PERM_STUDY);
	case WF_ACCEPTED:
	case WF_REJECTED:
		return role_may(r, PERM_DECIDE);
	default:
		return 0;
	}
}
