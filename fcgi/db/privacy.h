/*
 * privacy: the Personal Data Protection Law's duties over the stored
 * submissions: a person's access request (privacy_access), their
 * erasure request (privacy_erase) and the retention period of each form
 * (privacy_purge), each audited in the name of the actor the front end
 * gives (audit.h).
 *
 * A person is found by any of their national ID, mobile number and
 * e-mail address (person.h: normalised as the forms normalise them):
 * every submission of every form, anonymous ones included, with one of
 * them in a field of its type, or written in its free text (text and
 * textarea answers, and answers to fields that no definition describes).
 *
 * Destroying a submission (erase, purge) deletes it and its answers,
 * deletes any answer elsewhere that is exactly its reference (the
 * survey's optional "request_ref"), redacts the reference and note of
 * its audit entries, and adds it to the anonymous counts (table tally:
 * form, month received, final status). After the transaction the file
 * is rebuilt so that no byte of it remains (privacy_wipe()).
 *
 * forms (borrowed; may be NULL) gives each field's type and each form's
 * retention. Functions return as db.h says.
 */
#ifndef WASL_PRIVACY_H
#define WASL_PRIVACY_H

#include <stddef.h>

#include <jansson.h>

#include "date.h"
#include "formdef.h"
#include "person.h"
#include "store.h"
#include "workflow.h"

/* One submission found for a person or past its retention. */
struct privacy_sub {
	long long	 id;
	char		 ref[STORE_REF_LEN + 1];
	char		 form[FORMDEF_MAX_NAME + 1];
	char		 status[16];
	char		 received[WF_TIME_LEN + 1];
	json_t		*found;		/* a person's: why, [ { identifier
					   ("national_id", "mobile",
					   "email"), field, in ("answer" or
					   "text") } ]; else NULL */
};

struct privacy_subs {
	struct privacy_sub	*v;
	size_t			 n, cap;
};
void	 privacy_subs_free(struct privacy_subs *l);

/* The PERSON_ bit of an identifier as found_by names it
 * ("national_id", "mobile", "email"); PERSON_EMAIL for any other. */
int	 privacy_identifier_bit(const char *identifier);

/* The person's submissions, oldest first, with why each was found, read
 * in one snapshot that holds no writer. Appends to out. */
int	 privacy_find(struct store *s, const struct formdef_dir *forms,
	    const struct person *p, struct privacy_subs *out,
	    struct buf *err);

/* The words the access document holds, which the front end gives from
 * its catalog (borrowed): the text of a consent given ("نعم"), and each
 * status's name by enum wf_status (NULL: the document's status_label is
 * null). */
struct privacy_words {
	const char	*consent_given;
	const char	*status[WF_NSTATUS];
};

/*
 * The access request: the person's submissions as a JSON document
 * { national_id, mobile, email (normalised, null when not given),
 * exported_at, association (given, borrowed), submissions: [ { ref,
 * form, form_title, received_at, status, status_label (the words'),
 * decided_at, consent_at, privacy_notice_version, answers: [ { name, label, value,
 * text (formdef_answer_text(), with the words' consent_given) } in the
 * form's order ], history: [ { at, from, to, note } ],
 * found_by: [ { identifier, field, in } ] } ] }, read in one snapshot;
 * then one "access" audit entry per submission by actor (or one saying
 * none was found), committed before the document is returned (caller
 * decrefs). NULL with err, and no document, when the entries cannot be
 * written.
 */
json_t	*privacy_access(struct store *s, const struct formdef_dir *forms,
	    const char *actor, const struct person *p,
	    const json_t *association, const struct privacy_words *words,
	    struct buf *err);

/*
 * The erasure request: in one transaction, find the person's
 * submissions into *found (*listed set to 1 once they are), and when
 * shown is not NULL refuse (nothing erased) unless they are the ones in
 * shown (the list the person confirmed); destroy them, and add one
 * "erase" audit entry by actor saying how many, with note (may be NULL
 * or ""), never the values. Once committed, when any was erased, the
 * file is rebuilt (privacy_wipe()); should that fail, -1 with err
 * though the erasure stands.
 */
int	 privacy_erase(struct store *s, const struct formdef_dir *forms,
	    const char *actor, const struct person *p,
	    const struct privacy_subs *shown, const char *note,
	    struct privacy_subs *found, int *listed, struct buf *err);

/* What purge found: forms in the database without a definition (kept),
 * and for each definition whether it is kept whole (anonymous, or no
 * retention) or how many of its submissions received before cut went. */
struct privacy_orphan {
	char		*form;
	int		 n;
};
struct privacy_purged {
	const char	*form;		/* borrowed from forms */
	int		 kept;		/* anonymous: none purged */
	size_t		 n;
	struct date	 cut;		/* the Saudi date of the cutoff */
	int		 days;		/* retention_days */
};
struct privacy_purge {
	struct privacy_orphan	*orphans;
	size_t			 norphans;
	struct privacy_purged	*forms;
	size_t			 nforms;
};
void	 privacy_purge_free(struct privacy_purge *r);

/*
 * Purge: destroy the submissions of each form of forms that is not
 * anonymous and that were received more than its retention_days before
 * now, with one "purge" audit entry per form by actor, all in one
 * transaction, then rebuild the file when any went (privacy_wipe()).
 * With dry_run, only count them. What was found goes into *out as it is
 * found, so that it is there even when -1 is returned.
 */
int	 privacy_purge(struct store *s, const struct formdef_dir *forms,
	    const char *actor, int dry_run, struct privacy_purge *out,
	    struct buf *err);

/*
 * After an erasure or purge: rebuild the file (VACUUM, temporary data in
 * memory) so that no page keeps an old copy, then copy the write-ahead
 * log into the file and truncate it. Returns 0, or -1 with err (the
 * deletion itself stays committed).
 */
int	 privacy_wipe(struct store *s, struct buf *err);

#endif
