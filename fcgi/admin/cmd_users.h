/*
 * cmd_users: the staff console's accounts from the shell, over fcgi/db's
 * users.h: the first account is made here, and any account can be
 * listed, disabled or reset here as well as in the console.
 */
#ifndef WASL_CMD_USERS_H
#define WASL_CMD_USERS_H

#include "adm.h"

/*
 * user add NAME --role ROLE [--console-url URL]: make an account and
 * print its one-time enrolment link (valid 24 hours).
 * user list: every account, its role, state, when made and last signed
 * in.
 * user disable NAME: the account can no longer sign in; its sessions
 * end.
 * user reset NAME [--console-url URL]: its password and second factor
 * cleared, its sessions ended, a new enrolment link printed.
 * The link is URL/enrol?token=TOKEN, URL being --console-url or, without
 * it, the site's base_url (content/site.yaml) followed by /staff/.
 * Audited in the name of the operating-system user (adm_actor()).
 */
int	cmd_user(struct adm *a, const struct adm_opts *o, struct buf *err);

#endif
