/*
 * audit: the audit trail (table audit): who did what, when, to which
 * submission. Append-only (the schema's triggers refuse any change but
 * an erasure's redaction, store.c). Every front end (wasl-admin, the
 * staff console) writes it through audit_add(), naming the person who
 * acts: the trail is the same whichever of them was used.
 */
#ifndef WASL_AUDIT_H
#define WASL_AUDIT_H

#include <stddef.h>

#include "buf.h"
#include "store.h"

/*
 * Add one entry at the present time: actor (the person acting, as the
 * front end knows them: "alice", "wasl (sudo: alice)"), action (one of
 * the schema's: status, show, access, export, erase, purge, backup,
 * restore; and the accounts': signin, signin-refused, signout, user),
 * and ref, from, to, note, each of which may be NULL. Inside
 * the caller's transaction when one is open. Returns 0, or -1 with err.
 */
int	 audit_add(struct store *s, const char *actor, const char *action,
	    const char *ref, const char *from, const char *to,
	    const char *note, struct buf *err);

/* audit_add() with the policy revision a decision is made under
 * (revision: "SLUG/N", or NULL). */
int	 audit_add_revision(struct store *s, const char *actor,
	    const char *action, const char *ref, const char *from,
	    const char *to, const char *note, const char *revision,
	    struct buf *err);

/* One entry; every string may be NULL (a redacted reference or note, an
 * entry without from and to). */
struct audit_entry {
	char	*at, *actor, *action, *ref, *from, *to, *note;
	char	*revision;	/* a decision's policy revision "SLUG/N" */
	int	 redacted;
};

/* Entries oldest first; free with audit_entries_free() (a zeroed one
 * is empty). */
struct audit_entries {
	struct audit_entry	*v;
	size_t			 n, cap;
};
void	 audit_entries_free(struct audit_entries *l);

/*
 * The trail, oldest first, of the entries naming ref (NULL: all) made
 * in [lo, hi) (stored UTC times). Appends to out. Returns 0, or -1 with
 * err.
 */
int	 audit_list(struct store *s, const char *ref, const char *lo,
	    const char *hi, struct audit_entries *out, struct buf *err);

/* A submission's history: every entry naming ref, oldest first
 * (redacted is always 0: a redacted entry names no reference). Appends
 * to out. Returns 0, or -1 with err. */
int	 audit_history(struct store *s, const char *ref,
	    struct audit_entries *out, struct buf *err);

/*
 * A search of the trail, for the staff console's page of it. Each
 * criterion may be NULL (or 0): no restriction.
 *   actor    a part of the actor's name: LIKE '%actor%' with % _ and \
 *            escaped (so they match only themselves; ASCII letters in
 *            any case, as SQLite's LIKE), so "alice" finds
 *            "wasl (sudo: alice)" too
 *   action   exactly this action
 *   ref      exactly this reference
 *   lo, hi   made in [lo, hi) (stored UTC times)
 *   signins  only the accounts' sign-ins: signin, signin-refused and
 *            signout (with action too, both must hold)
 * Every value is bound as a parameter.
 */
struct audit_query {
	const char	*actor, *action, *ref, *lo, *hi;
	int		 signins;
};

/*
 * The entries matching q, newest first (by time, then by entry), from
 * the offset-th, at most limit of them, appended to out; *more is set to
 * 1 when further entries match. Returns 0, or -1 with err.
 */
int	 audit_search(struct store *s, const struct audit_query *q,
	    size_t offset, size_t limit, struct audit_entries *out, int *more,
	    struct buf *err);

/* The sign-ins of the account name: its entries signin, signin-refused
 * and signout (actor name), newest first, at most limit of them.
 * Appends to out. Returns 0, or -1 with err. */
int	 audit_signins(struct store *s, const char *name, int limit,
	    struct audit_entries *out, struct buf *err);

#endif
