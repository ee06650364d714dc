/*
 * roles: the staff's roles and what each may do, in one table that every
 * front end asks (the staff console, wasl-admin): a role sees and does
 * only what its work needs.
 *
 *   permission        officer  committee  manager  admin  secretary  chair
 *   queue                x         x          x
 *   case                 x         x          x
 *   reveal               x         x
 *   study                x
 *   decide                         x
 *   export                                    x
 *   report                                    x
 *   privacy                                   x
 *   audit                                     x        x
 *   users                                              x
 *   draft                                                     x
 *   publish                                                   x        x
 *
 * queue: the list of requests and its counts; case: one request, its
 * personal fields masked, and its history; reveal: a masked field shown
 * (with a reason, audited); study: a status change to under-study,
 * needs-info or back to received (the officer studies the request and
 * asks for information); decide: a decision, accepted or rejected (the
 * research committee); export: the CSV of a form; report: the
 * satisfaction report; privacy: the data-subject requests (find a
 * person, export their data, erase it); audit: the audit trail and the
 * sign-ins; users: add, disable and reset staff accounts; draft: a new
 * revision of a policy started and edited, the board's approval recorded
 * and the revision made ready to publish, and the association's details,
 * channels, services' pages and pages edited and published (the board's
 * secretary);
 * publish: a revision made ready by another person published, or the
 * site rolled back (a second secretary or the board's chair: no one
 * publishes alone). The admin manages accounts and reads the trail but
 * sees no request.
 */
#ifndef WASL_ROLES_H
#define WASL_ROLES_H

enum role {
	ROLE_OFFICER,
	ROLE_COMMITTEE,
	ROLE_MANAGER,
	ROLE_ADMIN,
	ROLE_SECRETARY,
	ROLE_CHAIR,
	ROLE__MAX
};

enum perm {
	PERM_QUEUE,
	PERM_CASE,
	PERM_REVEAL,
	PERM_STUDY,
	PERM_DECIDE,
	PERM_EXPORT,
	PERM_REPORT,
	PERM_PRIVACY,
	PERM_AUDIT,
	PERM_USERS,
	PERM_DRAFT,
	PERM_PUBLISH,
	PERM__MAX
};

/* The roles' names as stored and typed (officer, committee, manager,
 * admin, secretary, chair), by enum role, NULL-terminated. */
extern const char *const role_names[ROLE__MAX + 1];
/* The permissions' names (queue, case, ...), by enum perm,
 * NULL-terminated. */
extern const char *const perm_names[PERM__MAX + 1];

/* The enum role named s, or -1 when s is not a role. */
int		 role_index(const char *s);
/* The name of role r, or NULL when r is out of range. Static string. */
const char	*role_name(int r);
/* The enum perm named s, or -1. */
int		 perm_index(const char *s);
/* 1 when role r may do p; 0 otherwise, and for any r or p out of
 * range. */
int		 role_may(int r, int p);
/* 1 when role r may move a request to the status named to (a name of
 * workflow.h): study for received, under-study and needs-info, decide
 * for accepted and rejected; 0 otherwise (an unknown status too). */
int		 role_may_move(int r, const char *to);

#endif
