/*
 * drafts: new revisions of policies on their way to the site, in the
 * database until published (tables policy_draft and publish_job, schema
 * 7). The console, which never writes the content folder, drafts a
 * revision (its text and title), records the board's approval, makes it
 * ready and has another person publish it; the publisher (wasl-admin
 * publish-pending, run as root beside the servers) takes the jobs,
 * writes the file, builds the site and reports back here.
 *
 *   draft --ready--> ready --publish--> publishing --built--> published
 *     ^                 |                    |                      |
 *     +-----edit--------+    (build failed: back to draft,    rollback
 *                                            its log kept)         v
 *                                                              withdrawn
 *
 * At most one open draft (draft, ready, publishing) per policy. Every
 * change is written to the audit trail (actions "draft" and "publish",
 * ref "SLUG/N", from and to the statuses) in the same transaction, in
 * the name of the person acting. The rules on the approval's dates and
 * text are the caller's (it knows the content); these functions keep
 * the order of the steps and the second person. Each returns a
 * enum drafts_rc, or -1 with a message appended to err.
 */
#ifndef WASL_DRAFTS_H
#define WASL_DRAFTS_H

#include "buf.h"
#include "store.h"

#define DRAFTS_BODY_MAX		(256 * 1024)	/* bytes of Markdown */
#define DRAFTS_FIELD_MAX	400		/* bytes of any other field */

enum drafts_rc {
	DRAFTS_OK,
	DRAFTS_NOT_FOUND,	/* no such draft (or job) */
	DRAFTS_STATE,		/* not in the status this step needs */
	DRAFTS_OPEN,		/* the policy already has an open draft */
	DRAFTS_NO_APPROVAL,	/* ready asked before the approval */
	DRAFTS_SAME_PERSON	/* publish asked by who made it ready */
};

/* One draft; every string may be NULL but slug, title, body, status,
 * created_by. Free with drafts_free_one(). */
struct draft {
	long long	 id;
	char		*slug;
	int		 revision, based_on;
	char		*title, *summary, *body;
	char		*meeting, *decision, *approved_on, *signatory;
	char		*effective, *changes;
	char		*status;
	char		*created_by, *created_at, *updated_at;
	char		*approval_by, *ready_by, *ready_at;
	char		*published_by, *published_at, *log;
};

struct drafts {
	struct draft	*v;
	size_t		 n;
};

void	 drafts_free_one(struct draft *d);
void	 drafts_free(struct drafts *l);

/* Start revision `revision` of policy slug from revision based_on, with
 * its title, summary (may be NULL) and body. *id: the new draft's. */
int	 drafts_create(struct store *s, const char *actor, const char *slug,
	    int revision, int based_on, const char *title,
	    const char *summary, const char *body, long long *id,
	    struct buf *err);
/* Draft id into *out (zeroed first). */
int	 drafts_get(struct store *s, long long id, struct draft *out,
	    struct buf *err);
/* Every draft, the open ones first, then the newest (at most 50 closed
 * ones). */
int	 drafts_list(struct store *s, struct drafts *out, struct buf *err);
/* A draft's title and body changed (status draft; a ready one goes back
 * to draft, its "ready" cleared). */
int	 drafts_save(struct store *s, const char *actor, long long id,
	    const char *title, const char *body, struct buf *err);
/* The board's approval recorded on a draft (status draft): meeting,
 * decision (may be NULL), approved_on and effective ("YYYY-MM-DD",
 * checked by the caller), signatory and changes (may be NULL). */
int	 drafts_approve(struct store *s, const char *actor, long long id,
	    const char *meeting, const char *decision, const char *approved_on,
	    const char *signatory, const char *effective, const char *changes,
	    struct buf *err);
/* draft -> ready, once its approval is recorded. */
int	 drafts_ready(struct store *s, const char *actor, long long id,
	    struct buf *err);
/* A draft abandoned (draft or ready -> rejected). */
int	 drafts_reject(struct store *s, const char *actor, long long id,
	    struct buf *err);
/* ready -> publishing, with a job for the publisher, unless actor is
 * the one who made it ready (DRAFTS_SAME_PERSON: nothing changes). */
int	 drafts_publish(struct store *s, const char *actor, long long id,
	    struct buf *err);
/* What a rollback would undo now: the latest publish done (of a
 * revision or of a content edit) that no rollback has undone or is
 * undoing. */
struct undoable {
	long long	 job;		/* the publish's job */
	long long	 draft;		/* its revision's draft, or 0 */
	long long	 edit;		/* its content edit, or 0 */
	char		 slug[96];	/* a revision's policy ... */
	int		 revision;	/* ... and number */
	char		 path[256];	/* an edit's file */
	char		 done_at[32];	/* when it was published (UTC) */
	char		 by[128];	/* who confirmed it */
};

/* The publish a rollback would undo into *u: DRAFTS_OK, or
 * DRAFTS_NOT_FOUND when there is none. */
int	 drafts_undoable(struct store *s, struct undoable *u,
	    struct buf *err);
/*
 * A job for the publisher: undo the publish drafts_undoable() names, for
 * good (a revision withdrawn from the content, wasl-build --withdraw; an
 * edit's file given back the text it replaced), and build the site.
 * DRAFTS_NOT_FOUND when there is nothing to undo, DRAFTS_STATE while a
 * job is waiting for the publisher, DRAFTS_OPEN when the revision's
 * policy has an open draft (which follows it): nothing changes.
 */
int	 drafts_rollback(struct store *s, const char *actor, struct buf *err);

/* ---- the publisher's ---- */

struct publish_job {
	long long	 id;
	int		 rollback;	/* else a publish of draft */
	long long	 draft;
	long long	 edit;		/* a content edit's (edits.h), else 0 */
	long long	 undoes;	/* a rollback's: the job it undoes (0:
					   one asked before schema 7, which puts
					   the site kept back, wasl-build
					   --rollback) */
	char		 asked_by[128];
};

/* How many jobs wait for the publisher (asked, not done), or -1. */
int	 drafts_pending(struct store *s, struct buf *err);

/* The latest job done into *j, whether it failed into *failed and its
 * log (when it has one) appended to log: DRAFTS_OK, or DRAFTS_NOT_FOUND
 * when none is done. */
int	 drafts_last_done(struct store *s, struct publish_job *j,
	    int *failed, struct buf *log, struct buf *err);

/* Job id into *j: DRAFTS_OK or DRAFTS_NOT_FOUND. */
int	 drafts_job_get(struct store *s, long long id, struct publish_job *j,
	    struct buf *err);

/* The oldest job not done into *j: DRAFTS_OK, or DRAFTS_NOT_FOUND when
 * there is none. */
int	 drafts_next_job(struct store *s, struct publish_job *j,
	    struct buf *err);
/* Job j done (ok) or failed, with the build's log (may be NULL): a
 * publish's draft becomes published, or back to draft with its log; a
 * rollback's undone revision or edit becomes withdrawn; in the audit
 * trail as actor (the publisher) for the person who asked. */
int	 drafts_job_done(struct store *s, const char *actor,
	    const struct publish_job *j, int ok, const char *log,
	    struct buf *err);
#endif
