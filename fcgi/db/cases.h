/*
 * cases: the research committee's workflow over the stored submissions:
 * the list (with due dates and what is overdue), one submission with
 * its answers and history (a look that is audited), and status changes
 * with their audit entry. What may be done is asked of workflow.h and
 * of the form definitions; the person acting is named by the caller
 * (audit.h). Functions return data and errors as db.h says.
 */
#ifndef WASL_CASES_H
#define WASL_CASES_H

#include <stddef.h>

#include <jansson.h>

#include "audit.h"
#include "date.h"
#include "formdef.h"
#include "store.h"
#include "workflow.h"

/*
 * The days by which a tracked request received at received (stored UTC)
 * is late on the Saudi date today, given response_days: > 0 when late,
 * <= 0 when not yet due. Returns 0, or -1 when received is malformed or
 * response_days < 1 (the site states no response time: nothing is due).
 */
int	 cases_days_late(const char *received, int response_days,
	    const struct date *today, int *late);

/* Which submissions cases_list() gives: each of form and status may be
 * NULL (any); received in [lo, hi) (stored UTC times; either NULL: no
 * bound); only the tracked requests, only the overdue ones (tracked,
 * undecided, past their due date: computed in SQL). */
struct cases_filter {
	const char	*form, *status;
	const char	*lo, *hi;
	int		 only_tracked, only_overdue;
};

/* One submission of the list. */
struct cases_row {
	char		*ref, *form, *status, *received;
	int		 tracked;	/* wf_form_tracked() */
	int		 has_due;	/* due is set (tracked requests) */
	struct date	 due;
	int		 overdue;	/* tracked, undecided, past due */
	int		 late;		/* days late when overdue, else 0 */
};

struct cases_rows {
	struct cases_row	*v;
	size_t			 n, cap;
};
void	 cases_rows_free(struct cases_rows *r);

/*
 * The submissions f selects, oldest first, with due dates counted from
 * response_days and lateness on the Saudi date today. forms (borrowed;
 * may be NULL) tells which forms are tracked. Appends to out. Returns 0,
 * or -1 with err.
 */
int	 cases_list(struct store *s, const struct formdef_dir *forms,
	    int response_days, const struct date *today,
	    const struct cases_filter *f, struct cases_rows *out,
	    struct buf *err);

/*
 * One page of cases_list(): the rows offset .. offset + limit - 1 of
 * what f selects, oldest first (limit 0: every row from the first).
 * Only the page is read, by the indexes of store.c, however many
 * submissions there are. Appends to out. Returns 0, or -1 with err.
 */
int	 cases_page(struct store *s, const struct formdef_dir *forms,
	    int response_days, const struct date *today,
	    const struct cases_filter *f, size_t offset, size_t limit,
	    struct cases_rows *out, struct buf *err);

/*
 * How many submissions f selects in each status, f's own status aside
 * (the counts of a filter's choices): counts[WF_RECEIVED] and so on.
 * Returns 0, or -1 with err.
 */
int	 cases_counts(struct store *s, const struct formdef_dir *forms,
	    int response_days, const struct date *today,
	    const struct cases_filter *f, long long counts[WF_NSTATUS],
	    struct buf *err);

/* "SLUG/N": the longest policy revision named, with its NUL. */
#define CASES_REVISION_MAX	(FORMDEF_MAX_NAME + 8)

/*
 * The revision of the policy of form (formdef_policy()) in force on the
 * Saudi date day, among policies (the content's, policies.h), as
 * "SLUG/N" into out. Returns 1, or 0 with out "" when the form names no
 * policy or none of its revisions is in force.
 */
int	 cases_revision(const struct formdef_dir *forms,
	    const json_t *policies, const char *form, const struct date *day,
	    char out[CASES_REVISION_MAX]);

/* One answer as stored. */
struct cases_answer {
	char	*name, *value;
};

/* A submission with all that is stored of it. */
struct cases_record {
	long long		 id;
	char			*form, *status, *received, *decided, *consent;
	int			 notice;	/* privacy notice version */
	struct cases_answer	*answers;	/* by name */
	size_t			 nanswers;
	struct audit_entries	 history;	/* oldest first */
};
void	 cases_record_free(struct cases_record *c);

/*
 * Show the submission with reference ref (STORE_REF_LEN characters):
 * the look is audited first, by actor ("show"), in one transaction with
 * reading the submission; then its answers and its history (this look
 * included) are read into *out. Nothing is read when the audit entry
 * cannot be written. Returns 0, or -1 with err ("no submission with
 * reference ..." when there is none). Free *out either way.
 */
int	 cases_show(struct store *s, const char *actor, const char *ref,
	    struct cases_record *out, struct buf *err);

/* cases_show() with the look audited as action ("show", or "reveal":
 * masked answers shown) with note (the reason; may be NULL). */
int	 cases_show_as(struct store *s, const char *actor, const char *action,
	    const char *note, const char *ref, struct cases_record *out,
	    struct buf *err);

/*
 * Move the submission ref to status to, with the audit entry (actor,
 * from, to, note: already checked text), in one transaction; decided_at
 * is set when to is a decision (wf_status_decided()) and cleared when a
 * decision is reopened. Refused, with nothing written, when
 * wf_change_allowed() refuses it: to is not a status, the submission
 * answers an anonymous form (forms: its definition; may be NULL) or
 * already has that status. The status it
 * had into from. A decision's entry names the revision of the form's
 * policy in force that day (cases_revision(); policies: the content's,
 * may be NULL). Returns 0, or -1 with err.
 */
int	 cases_set_status(struct store *s, const struct formdef_dir *forms,
	    const json_t *policies, const char *actor, const char *ref,
	    const char *to, const char *note, char from[16], struct buf *err);

#endif
