/*
 * subject: the data-subject requests (table privacy_request, schema 6):
 * a person's access or erasure request under the Personal Data
 * Protection Law, from the day it is opened (the law's 30 days run from
 * then) until it is closed. While open it holds the identifiers the
 * person gave (normalised, person.h), so that the staff can find and
 * answer it (privacy.h); closing it clears them (NULL), leaving only
 * when, by whom, how it ended and how many submissions it concerned.
 *
 * Opening and closing are audited (action "request") in the name of the
 * actor the front end gives, in the same transaction, never with the
 * identifiers. Functions return as db.h says.
 */
#ifndef WASL_SUBJECT_H
#define WASL_SUBJECT_H

#include <stddef.h>

#include "buf.h"
#include "person.h"
#include "store.h"
#include "workflow.h"

#define SUBJECT_DAYS	30	/* the law's time to answer */

/* One request; the strings are copies (NULL when NULL), found is -1
 * while not recorded. */
struct subject_request {
	long long	 id;
	char		*kind;		/* "access", "erase" */
	char		*opened_at, *opened_by;
	char		*national_id, *mobile, *email;	/* NULL once closed */
	char		*closed_at, *closed_by;
	char		*outcome;	/* "answered", "erased", "none",
					   "withdrawn"; NULL while open */
	int		 found;
};

struct subject_requests {
	struct subject_request	*v;
	size_t			 n, cap;
};
void	 subject_request_free(struct subject_request *r);
void	 subject_requests_free(struct subject_requests *l);

/* 1 when kind is "access" or "erase"; the same for outcome and
 * "answered", "erased", "none", "withdrawn". */
int	 subject_kind_valid(const char *kind);
int	 subject_outcome_valid(const char *outcome);

/*
 * Open a request of kind for person p (at least one identifier), opened
 * now by actor, with an audit entry "request" saying its number and kind
 * (no identifier). Returns its id (> 0), or -1 with err.
 */
long long subject_open(struct store *s, const char *actor, const char *kind,
	    const struct person *p, struct buf *err);

/* Request id into *out (zeroed first; free with subject_request_free()).
 * Returns 1, 0 when there is none, or -1 with err. */
int	 subject_get(struct store *s, long long id, struct subject_request *out,
	    struct buf *err);

/* The open requests, oldest first (the most urgent first), appended to
 * out. */
int	 subject_open_list(struct store *s, struct subject_requests *out,
	    struct buf *err);

/* The last limit closed requests, the most recently closed first,
 * appended to out (their identifiers are NULL). */
int	 subject_closed_list(struct store *s, int limit,
	    struct subject_requests *out, struct buf *err);

/* The person request r names (person_parse() of its stored
 * identifiers; clear p with person_clear()). Returns 0, or -1 with err
 * when it names none (it is closed). */
int	 subject_person(const struct subject_request *r, struct person *p,
	    struct buf *err);

/*
 * Close open request id by actor with outcome (subject_outcome_valid()),
 * found submissions (-1: none recorded) and note (may be NULL or ""):
 * its identifiers cleared, with an audit entry "request" saying its
 * number, outcome, found and note, in one transaction. Returns 1, 0 when
 * there is no such open request (nothing changed), or -1 with err.
 */
int	 subject_close(struct store *s, long long id, const char *actor,
	    const char *outcome, int found, const char *note, struct buf *err);

/* The Saudi date by which request r must be answered (opened + the
 * law's days). Returns 0, or -1 when its opening time is malformed. */
int	 subject_due(const struct subject_request *r, struct date *out);

#endif
