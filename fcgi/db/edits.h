/*
 * edits: changes to the content files other than policy revisions (the
 * association's details in site.yaml, a channel, a service's page, the
 * privacy notice), made in the staff console and published by the
 * publisher (table content_edit, schema 6, old_text since 7; the jobs
 * are drafts.h's).
 * An edit holds the whole new text of one file and the SHA-256 of the
 * text it changes, so that the publisher refuses it should the file have
 * changed meanwhile. At most one open edit (draft, publishing) per file.
 * Every step is audited (action "publish" for the publishing, "draft"
 * for the rest; ref the file's path). Each function returns an enum
 * drafts_rc, or -1 with a message appended to err.
 */
#ifndef WASL_EDITS_H
#define WASL_EDITS_H

#include "buf.h"
#include "drafts.h"
#include "store.h"

#define EDITS_TEXT_MAX	(256 * 1024)

struct content_edit {
	long long	 id;
	char		*path, *base_sha, *text, *status;
	char		*created_by, *created_at, *updated_at;
	char		*published_by, *published_at, *log;
	char		*old_text;	/* once published: the text it replaced
					   (NULL for one published before
					   schema 7) */
};

struct content_edits {
	struct content_edit	*v;
	size_t			 n;
};

void	 edits_free_one(struct content_edit *e);
void	 edits_free(struct content_edits *l);

/* Start an edit of path (whose text now has SHA-256 base_sha) with text.
 * DRAFTS_OPEN when the file has an open edit. */
int	 edits_create(struct store *s, const char *actor, const char *path,
	    const char *base_sha, const char *text, long long *id,
	    struct buf *err);
int	 edits_get(struct store *s, long long id, struct content_edit *out,
	    struct buf *err);
/* The open edits, then the last 30 closed ones, newest first. */
int	 edits_list(struct store *s, struct content_edits *out,
	    struct buf *err);
/* The text changed (status draft). */
int	 edits_save(struct store *s, const char *actor, long long id,
	    const char *text, struct buf *err);
/* draft -> rejected. */
int	 edits_reject(struct store *s, const char *actor, long long id,
	    struct buf *err);
/* draft -> publishing, with a job (kind "content") for the publisher. */
int	 edits_publish(struct store *s, const char *actor, long long id,
	    struct buf *err);
/* The publisher's job j for an edit done (ok) or failed with log: the
 * edit published, keeping old_text (the file's text it replaced, for a
 * rollback to put back), or back to draft with the log. */
int	 edits_job_done(struct store *s, const char *actor,
	    const struct publish_job *j, int ok, const char *log,
	    const char *old_text, struct buf *err);

#endif
