/*
 * sessions: the staff console's sessions (table staff_session).
 *
 * A session is made at each sign-in (sessions_create(): a new random
 * token of 256 bits, auth.h, given to the caller for the cookie and
 * stored only as its SHA-256) and holds a per-session token against
 * cross-site requests (csrf). It lasts while used: it ends
 * SESSIONS_IDLE seconds after it was last looked up, SESSIONS_MAX_AGE
 * seconds after it was made whatever happens, when its account is
 * disabled or reset (users.h), and at sign-out (sessions_end()). Times
 * come from the store's clock (store_set_clock()). Functions return as
 * db.h says.
 */
#ifndef WASL_SESSIONS_H
#define WASL_SESSIONS_H

#include "auth.h"
#include "buf.h"
#include "store.h"
#include "users.h"

#define SESSIONS_IDLE		(15 * 60)	/* seconds */
#define SESSIONS_MAX_AGE	(8 * 3600)	/* seconds */

/* A live session. */
struct session {
	struct users_who	 who;		/* the account, its role now */
	char			 csrf[AUTH_TOKEN_LEN + 1];
	char			 created_at[21];	/* UTC */
};

/*
 * Make a session for who (as users_signin() gave it), ending the one of
 * old first when old is not NULL (the session the client held before
 * signing in: never kept across a sign-in). Writes the new session's
 * token to token and its csrf token to csrf. Returns 0, or -1 with err.
 */
int	 sessions_create(struct store *s, const struct users_who *who,
	    const char *old, char token[AUTH_TOKEN_LEN + 1],
	    char csrf[AUTH_TOKEN_LEN + 1], struct buf *err);
/*
 * The session of token: 1 with *out filled when it is live (and then
 * counted as used now), 0 when there is none (an unknown, idle, too old
 * or disabled one, which is deleted), -1 with err.
 */
int	 sessions_lookup(struct store *s, const char *token,
	    struct session *out, struct buf *err);
/* Sign-out: end the session of token, audited in its account's name.
 * Returns 1 when one was ended, 0 when there was none, -1 with err. */
int	 sessions_end(struct store *s, const char *token, struct buf *err);

#endif
