/*
 * users: the staff's accounts (table staff_user) and their sign-in.
 *
 * An account has a name (USERS_NAME_MAX characters at most: a-z first,
 * then a-z, 0-9, '.', '_', '-'), a role (roles.h), and, once enrolled, a
 * password (its Argon2id hash, auth.h) and the secret of an
 * authenticator app. An account is made, or its second factor reset,
 * with a one-time enrolment token valid USERS_ENROL_TTL seconds, of
 * which only the SHA-256 is stored: the token's holder sets the password
 * and confirms a first code of the app (users_enrol()), and so enrols.
 * A reset clears the password and the second factor and ends the
 * account's sessions until it enrols again; a disabled account can no
 * longer sign in and its sessions end.
 *
 * Sign-in (users_signin()) takes the name, the password and a code of
 * the app; a code is accepted once (the last step used is kept). Failed
 * sign-ins are counted for USERS_THROTTLE_WINDOW seconds by the name as
 * typed (whether or not it is an account) and by the client (a SHA-256
 * of what the caller gives, e.g. the address; rows older than the window
 * are deleted), and once USERS_ACCOUNT_LIMIT of a name or
 * USERS_CLIENT_LIMIT of a client are counted, sign-ins are refused
 * without being checked (throttled) until the oldest fall out of the
 * window. The failures of a name are also kept, until its next sign-in
 * or for USERS_FAILURE_MEMORY seconds, and once USERS_ACCOUNT_MAX of
 * them are kept the name is throttled until an admin resets the account
 * (NIST SP 800-63B 5.2.2: no more than 100 failed attempts on an
 * account). An unknown name, a disabled or unenrolled account, a wrong
 * password and a wrong or reused code all answer alike
 * (USERS_SIGNIN_REFUSED) at the cost of one password check.
 *
 * Every change, sign-in and refusal goes into the audit trail (audit.h)
 * in the name of the person acting. Times come from the store's clock
 * (store_set_clock()). Functions return as db.h says: -1 with a message
 * appended to err on failure.
 */
#ifndef WASL_USERS_H
#define WASL_USERS_H

#include <stddef.h>
#include <stdint.h>

#include "auth.h"
#include "buf.h"
#include "store.h"

#define USERS_NAME_MAX		32
#define USERS_ENROL_TTL		(24 * 3600)	/* seconds */
#define USERS_THROTTLE_WINDOW	(15 * 60)	/* seconds */
#define USERS_ACCOUNT_LIMIT	5	/* failures of one name in the window */
#define USERS_CLIENT_LIMIT	20	/* failures of one client */
#define USERS_ACCOUNT_MAX	100	/* failures of a name since its last
					 * sign-in */
#define USERS_FAILURE_MEMORY	(30 * 24 * 3600)	/* seconds */

/* 1 when name is a valid account name (as stored: lower case). */
int	 users_name_valid(const char *name);

/*
 * Make the account name with role (enum role) and a new enrolment token,
 * written to token (the only copy: the caller hands it on). actor is who
 * acts, as the trail names them. Returns 0, or -1 with err (the name is
 * invalid or taken, the role unknown).
 */
int	 users_add(struct store *s, const char *actor, const char *name,
	    int role, char token[AUTH_TOKEN_LEN + 1], struct buf *err);
/* Disable the account name and end its sessions. Returns 0, or -1 with
 * err (no such account, or already disabled). */
int	 users_disable(struct store *s, const char *actor, const char *name,
	    struct buf *err);
/* Clear the password and second factor of name, end its sessions, forget
 * its failed sign-ins and make a new enrolment token (written to token).
 * A disabled account is refused. Returns 0, or -1 with err. */
int	 users_reset(struct store *s, const char *actor, const char *name,
	    char token[AUTH_TOKEN_LEN + 1], struct buf *err);

/* One account as the list shows it. */
struct users_entry {
	char	 name[USERS_NAME_MAX + 1];
	int	 role;			/* enum role */
	int	 enrolled, disabled;
	int	 enrolling;		/* holds an unexpired enrolment token */
	char	 created_at[21];	/* UTC */
	char	 last_signin[21];	/* UTC; "" when never */
};
struct users_list {
	struct users_entry	*v;
	size_t			 n;
};
/* Every account, by name, into out (free with users_list_free(); a
 * zeroed one is empty). Returns 0, or -1 with err. */
int	 users_list(struct store *s, struct users_list *out, struct buf *err);
void	 users_list_free(struct users_list *l);

/* The account an enrolment token is for, with the secret its app is to
 * take (shown once, as a QR code, to the token's holder). */
struct users_enrolment {
	char	 name[USERS_NAME_MAX + 1];
	int	 role;
	char	 secret[AUTH_SECRET_LEN + 1];
};
/* Returns 1 with *e filled when token is an unexpired enrolment token of
 * an account that is not disabled; 0 when not; -1 with err. */
int	 users_enrolment(struct store *s, const char *token,
	    struct users_enrolment *e, struct buf *err);

enum users_enrol {
	USERS_ENROLLED,		/* the password set, the code confirmed */
	USERS_ENROL_TOKEN,	/* no such token, or expired */
	USERS_ENROL_PASSWORD,	/* refused by the rule: *why */
	USERS_ENROL_CODE	/* not the app's code now */
};
/*
 * Enrol with token: set password (checked against the rule with the
 * list common, which may be NULL) and confirm code, a code of the
 * account's secret (which then serves no more). The token then serves no
 * more. Returns an enum users_enrol (*why is set for
 * USERS_ENROL_PASSWORD), or -1 with err.
 */
int	 users_enrol(struct store *s, const struct auth_common *common,
	    const char *token, const char *password, const char *code,
	    enum auth_pw *why, struct buf *err);

/* Who signed in. */
struct users_who {
	int64_t	 id;
	char	 name[USERS_NAME_MAX + 1];
	int	 role;			/* enum role */
};

enum users_signin {
	USERS_SIGNIN_OK,
	USERS_SIGNIN_REFUSED,
	USERS_SIGNIN_THROTTLED
};
/*
 * Check a sign-in: name as typed (ASCII case ignored), password, code,
 * and client (what tells clients apart for throttling, e.g. the address;
 * "" for none). Returns an enum users_signin, with *who filled for
 * USERS_SIGNIN_OK, or -1 with err. Audited either way.
 */
int	 users_signin(struct store *s, const char *name, const char *password,
	    const char *code, const char *client, struct users_who *who,
	    struct buf *err);

/*
 * The second factor asked again of who (a live session's account) before
 * purpose (a few words for the trail: "reveal", "export", "erase"): 1
 * when code is a code of its app not used before (the step is then
 * taken: it serves once), 0 when refused (audited as a refused sign-in
 * and counted with the name's failures, which throttle it as they do
 * sign-ins), -1 with err.
 */
int	 users_confirm(struct store *s, const struct users_who *who,
	    const char *code, const char *purpose, struct buf *err);

#endif
