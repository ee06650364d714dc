/*
 * drafts: policy revisions drafted, approved and published from the
 * console (see drafts.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "audit.h"
#include "db.h"
#include "drafts.h"
#include "workflow.h"

#define COLUMNS \
	"id, slug, revision, based_on, title, summary, body, meeting," \
	" decision, approved_on, signatory, effective, changes, status," \
	" created_by, created_at, updated_at, approval_by, ready_by," \
	" ready_at, published_by, published_at, log"

static void
S_now(struct store *s, char out[WF_TIME_LEN + 1])
{
	wf_time_format(store_now(s), out);
}

static void
S_bind_opt(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL || *v == '\0')
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

/* db_one_row()'s answer as drafts.h's. */
static int
S_found(int rc)
{
	return rc == 1 ? DRAFTS_OK : rc == 0 ? DRAFTS_NOT_FOUND : -1;
}

/* A row of COLUMNS into the struct draft arg. */
static void
S_row(sqlite3_stmt *st, void *arg)
{
	struct draft	*d = arg;

	memset(d, 0, sizeof(*d));
	d->id = sqlite3_column_int64(st, 0);
	d->slug = db_strdup(st, 1);
	d->revision = sqlite3_column_int(st, 2);
	d->based_on = sqlite3_column_int(st, 3);
	d->title = db_strdup(st, 4);
	d->summary = db_strdup(st, 5);
	d->body = db_strdup(st, 6);
	d->meeting = db_strdup(st, 7);
	d->decision = db_strdup(st, 8);
	d->approved_on = db_strdup(st, 9);
	d->signatory = db_strdup(st, 10);
	d->effective = db_strdup(st, 11);
	d->changes = db_strdup(st, 12);
	d->status = db_strdup(st, 13);
	d->created_by = db_strdup(st, 14);
	d->created_at = db_strdup(st, 15);
	d->updated_at = db_strdup(st, 16);
	d->approval_by = db_strdup(st, 17);
	d->ready_by = db_strdup(st, 18);
	d->ready_at = db_strdup(st, 19);
	d->published_by = db_strdup(st, 20);
	d->published_at = db_strdup(st, 21);
	d->log = db_strdup(st, 22);
}

void
drafts_free_one(struct draft *d)
{
	char	**f[] = { &d->slug, &d->title, &d->summary, &d->body,
		    &d->meeting, &d->decision, &d->approved_on, &d->signatory,
		    &d->effective, &d->changes, &d->status, &d->created_by,
		    &d->created_at, &d->updated_at, &d->approval_by,
		    &d->ready_by, &d->ready_at, &d->published_by,
		    &d->published_at, &d->log };
	size_t	 i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
}

void
drafts_free(struct drafts *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		drafts_free_one(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Draft id's slug, revision and status, inside the caller's
 * transaction: 1 found, 0 not, -1 error. */
static int
S_head(struct store *s, long long id, char ref[160], char status[16],
    char ready_by[128], struct buf *err)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(s, "SELECT slug, revision, status, ready_by FROM"
	    " policy_draft WHERE id = ?1", &st, err, "reading a draft") == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(ref, 160, "%s/%d", db_text(st, 0),
		    sqlite3_column_int(st, 1));
		snprintf(status, 16, "%s", db_text(st, 2));
		snprintf(ready_by, 128, "%s", db_text(st, 3) ? db_text(st, 3) :
		    "");
		rc = 1;
	} else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = db_error(s, err, "reading a draft");
	sqlite3_finalize(st);
	return rc;
}

/* Run the prepared statement st to its end (finalized). */
static int
S_run(struct store *s, sqlite3_stmt *st, struct buf *err, const char *what)
{
	int	 rc = sqlite3_step(st);

	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_error(s, err, what);
}

/* How many open drafts (draft, ready, publishing) policy slug has, or
 * -1 with err set. */
static int
S_open_drafts(struct store *s, const char *slug, struct buf *err)
{
	sqlite3_stmt	*st;
	int		 n;

	if (db_prepare(s, "SELECT count(*) FROM policy_draft WHERE slug = ?1"
	    " AND status IN ('draft', 'ready', 'publishing')", &st, err,
	    "reading the drafts") == -1)
		return -1;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_TRANSIENT);
	n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	if (n == -1)
		db_error(s, err, "reading the drafts");
	return n;
}

int
drafts_create(struct store *s, const char *actor, const char *slug,
    int revision, int based_on, const char *title, const char *summary,
    const char *body, long long *id, struct buf *err)
{
	sqlite3_stmt	*st;
	char		 now[WF_TIME_LEN + 1], ref[160];
	int		 rc;

	if (db_begin(s, err) == -1)
		return -1;
	if ((rc = S_open_drafts(s, slug, err)) == -1)
		goto fail;
	if (rc > 0) {
		db_rollback(s);
		return DRAFTS_OPEN;
	}
	S_now(s, now);
	if (db_prepare(s, "INSERT INTO policy_draft (slug, revision,"
	    " based_on, title, summary, body, created_by, created_at,"
	    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)", &st,
	    err, "starting a draft") == -1)
		goto fail;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, revision);
	sqlite3_bind_int(st, 3, based_on);
	sqlite3_bind_text(st, 4, title, -1, SQLITE_TRANSIENT);
	S_bind_opt(st, 5, summary);
	sqlite3_bind_text(st, 6, body, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, actor, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, now, -1, SQLITE_TRANSIENT);
	if (S_run(s, st, err, "starting a draft") == -1)
		goto fail;
	*id = sqlite3_last_insert_rowid(store_db(s));
	snprintf(ref, sizeof(ref), "%s/%d", slug, revision);
	if (audit_add(s, actor, "draft", ref, NULL, "draft",
	    "started", err) == -1)
		goto fail;
	return db_commit(s, err) == -1 ? -1 : DRAFTS_OK;
fail:
	db_rollback(s);
	return -1;
}

int
drafts_get(struct store *s, long long id, struct draft *out,
    struct buf *err)
{
	sqlite3_stmt	*st;

	memset(out, 0, sizeof(*out));
	if (db_prepare(s, "SELECT " COLUMNS " FROM policy_draft WHERE"
	    " id = ?1", &st, err, "reading a draft") == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return S_found(db_one_row(s, st, S_row, out, "reading a draft", err));
}

int
drafts_list(struct store *s, struct drafts *out, struct buf *err)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(s, "SELECT " COLUMNS " FROM (SELECT * FROM"
	    " policy_draft WHERE status IN ('draft', 'ready', 'publishing')"
	    " UNION ALL SELECT * FROM (SELECT * FROM policy_draft WHERE"
	    " status NOT IN ('draft', 'ready', 'publishing') ORDER BY id DESC"
	    " LIMIT 50)) ORDER BY status NOT IN ('draft', 'ready',"
	    " 'publishing'), id DESC", &st, err, "listing the drafts") == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
		S_row(st, &out->v[out->n++]);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? DRAFTS_OK :
	    db_error(s, err, "listing the drafts");
}

/*
 * One step of a draft: in a transaction, its status must be one of
 * from (a list "draft ready"); sql is run with ?1 = id, ?2 = actor,
 * ?3 = now and the more binds of fill; the step is audited (action,
 * from, to, note).
 */
struct step {
	const char	*from;		/* statuses allowed, space-separated */
	const char	*to;		/* NULL: the same */
	const char	*action;	/* "draft" or "publish" */
	const char	*note;
	const char	*sql;
	void		 (*fill)(sqlite3_stmt *, const void *);
	const void	*arg;
	int		 (*extra)(struct store *, long long, const char *,
			    const char *, struct buf *);	/* may be NULL */
};

static int
S_allowed(const char *list, const char *status)
{
	size_t	 n = strlen(status);
	const char *p = list;

	while ((p = strstr(p, status)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' ||
		    p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

static int
S_step(struct store *s, const char *actor, long long id,
    const struct step *k, struct buf *err)
{
	sqlite3_stmt	*st;
	char		 ref[160], status[16], ready_by[128];
	char		 now[WF_TIME_LEN + 1];
	int		 rc;

	if (db_begin(s, err) == -1)
		return -1;
	if ((rc = S_head(s, id, ref, status, ready_by, err)) <= 0) {
		db_rollback(s);
		return rc == 0 ? DRAFTS_NOT_FOUND : -1;
	}
	if (!S_allowed(k->from, status)) {
		db_rollback(s);
		return DRAFTS_STATE;
	}
	if (k->extra != NULL && (rc = k->extra(s, id, actor, ready_by,
	    err)) != DRAFTS_OK) {
		db_rollback(s);
		return rc;
	}
	S_now(s, now);
	if (db_prepare(s, k->sql, &st, err, "changing a draft") == -1)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, actor, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
	if (k->fill != NULL)
		k->fill(st, k->arg);
	if (S_run(s, st, err, "changing a draft") == -1)
		goto fail;
	if (audit_add(s, actor, k->action, ref, status, k->to != NULL ?
	    k->to : status, k->note, err) == -1)
		goto fail;
	return db_commit(s, err) == -1 ? -1 : DRAFTS_OK;
fail:
	db_rollback(s);
	return -1;
}

struct text {
	const char	*title, *body;
};

static void
S_fill_text(sqlite3_stmt *st, const void *arg)
{
	const struct text *t = arg;

	sqlite3_bind_text(st, 4, t->title, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, t->body, -1, SQLITE_TRANSIENT);
}

int
drafts_save(struct store *s, const char *actor, long long id,
    const char *title, const char *body, struct buf *err)
{
	struct text	 t = { title, body };
	struct step	 k = { "draft ready", "draft", "draft", "text saved",
		"UPDATE policy_draft SET title = ?4, body = ?5,"
		" updated_at = ?3, status = 'draft', ready_by = NULL,"
		" ready_at = NULL WHERE id = ?1 AND ?2 IS NOT NULL",
		S_fill_text, &t, NULL };

	return S_step(s, actor, id, &k, err);
}

struct approval {
	const char	*meeting, *decision, *date, *signatory, *effective;
	const char	*changes;
};

static void
S_fill_approval(sqlite3_stmt *st, const void *arg)
{
	const struct approval *a = arg;

	S_bind_opt(st, 4, a->meeting);
	S_bind_opt(st, 5, a->decision);
	S_bind_opt(st, 6, a->date);
	S_bind_opt(st, 7, a->signatory);
	S_bind_opt(st, 8, a->effective);
	S_bind_opt(st, 9, a->changes);
}

int
drafts_approve(struct store *s, const char *actor, long long id,
    const char *meeting, const char *decision, const char *approved_on,
    const char *signatory, const char *effective, const char *changes,
    struct buf *err)
{
	struct approval	 a = { meeting, decision, approved_on, signatory,
		effective, changes };
	struct step	 k = { "draft", NULL, "draft", "approval recorded",
		"UPDATE policy_draft SET meeting = ?4, decision = ?5,"
		" approved_on = ?6, signatory = ?7, effective = ?8,"
		" changes = ?9, approval_by = ?2, updated_at = ?3"
		" WHERE id = ?1", S_fill_approval, &a, NULL };

	return S_step(s, actor, id, &k, err);
}

static int
S_has_approval(struct store *s, long long id, const char *actor,
    const char *ready_by, struct buf *err)
{
	sqlite3_stmt	*st;
	int		 rc;

	(void)actor;
	(void)ready_by;
	if (db_prepare(s, "SELECT meeting IS NOT NULL AND approved_on IS NOT"
	    " NULL FROM policy_draft WHERE id = ?1", &st, err,
	    "reading a draft") == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	if (rc == -1)
		return db_error(s, err, "reading a draft");
	return rc ? DRAFTS_OK : DRAFTS_NO_APPROVAL;
}

int
drafts_ready(struct store *s, const char *actor, long long id,
    struct buf *err)
{
	struct step	 k = { "draft", "ready", "draft", "made ready",
		"UPDATE policy_draft SET status = 'ready', ready_by = ?2,"
		" ready_at = ?3, updated_at = ?3, log = NULL WHERE id = ?1",
		NULL, NULL, S_has_approval };

	return S_step(s, actor, id, &k, err);
}

int
drafts_reject(struct store *s, const char *actor, long long id,
    struct buf *err)
{
	struct step	 k = { "draft ready", "rejected", "draft", "abandoned",
		"UPDATE policy_draft SET status = 'rejected', updated_at = ?3"
		" WHERE id = ?1 AND ?2 IS NOT NULL", NULL, NULL, NULL };

	return S_step(s, actor, id, &k, err);
}

/* The second person, and the job for the publisher. */
static int
S_second(struct store *s, long long id, const char *actor,
    const char *ready_by, struct buf *err)
{
	sqlite3_stmt	*st;
	char		 now[WF_TIME_LEN + 1];

	if (strcmp(actor, ready_by) == 0)
		return DRAFTS_SAME_PERSON;
	S_now(s, now);
	if (db_prepare(s, "INSERT INTO publish_job (kind, draft_id, asked_by,"
	    " asked_at) VALUES ('publish', ?1, ?2, ?3)", &st, err,
	    "asking to publish") == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, actor, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
	return S_run(s, st, err, "asking to publish") == -1 ? -1 : DRAFTS_OK;
}

int
drafts_publish(struct store *s, const char *actor, long long id,
    struct buf *err)
{
	struct step	 k = { "ready", "publishing", "publish",
		"publish confirmed",
		"UPDATE policy_draft SET status = 'publishing',"
		" published_by = ?2, updated_at = ?3 WHERE id = ?1",
		NULL, NULL, S_second };

	return S_step(s, actor, id, &k, err);
}

/* The latest publish done that no rollback has undone nor is undoing. */
#define UNDOABLE \
	"SELECT j.id, j.draft_id, j.edit_id, j.done_at, j.asked_by," \
	" d.slug, d.revision, e.path FROM publish_job j" \
	" LEFT JOIN policy_draft d ON d.id = j.draft_id" \
	" LEFT JOIN content_edit e ON e.id = j.edit_id" \
	" WHERE j.kind IN ('publish', 'content') AND j.outcome = 'done'" \
	" AND NOT EXISTS (SELECT 1 FROM publish_job r WHERE r.undoes = j.id" \
	" AND (r.done_at IS NULL OR r.outcome = 'done'))" \
	" ORDER BY j.id DESC LIMIT 1"

/* A row of UNDOABLE into the struct undoable arg. */
static void
S_undoable_row(sqlite3_stmt *st, void *arg)
{
	struct undoable	*u = arg;

	u->job = sqlite3_column_int64(st, 0);
	u->draft = sqlite3_column_int64(st, 1);
	u->edit = sqlite3_column_int64(st, 2);
	snprintf(u->done_at, sizeof(u->done_at), "%s",
	    db_text(st, 3) ? db_text(st, 3) : "");
	snprintf(u->by, sizeof(u->by), "%s", db_text(st, 4));
	snprintf(u->slug, sizeof(u->slug), "%s",
	    db_text(st, 5) ? db_text(st, 5) : "");
	u->revision = sqlite3_column_int(st, 6);
	snprintf(u->path, sizeof(u->path), "%s",
	    db_text(st, 7) ? db_text(st, 7) : "");
}

int
drafts_undoable(struct store *s, struct undoable *u, struct buf *err)
{
	sqlite3_stmt	*st;

	memset(u, 0, sizeof(*u));
	if (db_prepare(s, UNDOABLE, &st, err, "reading the last publish")
	    == -1)
		return -1;
	return S_found(db_one_row(s, st, S_undoable_row, u,
	    "reading the last publish", err));
}

/* What an undoable's audit lines name: "SLUG/N", or the edit's path. */
static void
S_undone_ref(const struct undoable *u, char *ref, size_t len)
{
	if (u->draft != 0)
		snprintf(ref, len, "%s/%d", u->slug, u->revision);
	else
		snprintf(ref, len, "%s", u->path);
}

int
drafts_pending(struct store *s, struct buf *err)
{
	sqlite3_stmt	*st;
	int		 n = -1;

	if (db_prepare(s, "SELECT count(*) FROM publish_job WHERE done_at IS"
	    " NULL", &st, err, "reading the publisher's jobs") == -1)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	else
		db_error(s, err, "reading the publisher's jobs");
	sqlite3_finalize(st);
	return n;
}

int
drafts_rollback(struct store *s, const char *actor, struct buf *err)
{
	struct undoable	 u;
	sqlite3_stmt	*st;
	char		 now[WF_TIME_LEN + 1], ref[320];
	int		 rc;

	if (db_begin(s, err) == -1)
		return -1;
	if ((rc = drafts_pending(s, err)) == -1)
		goto fail;
	if (rc > 0) {
		db_rollback(s);
		return DRAFTS_STATE;
	}
	if ((rc = drafts_undoable(s, &u, err)) == -1)
		goto fail;
	if (rc == DRAFTS_NOT_FOUND) {
		db_rollback(s);
		return DRAFTS_NOT_FOUND;
	}
	/* A revision is not withdrawn from under an open draft of its
	 * policy, which follows it. */
	if (u.draft != 0) {
		if ((rc = S_open_drafts(s, u.slug, err)) == -1)
			goto fail;
		if (rc > 0) {
			db_rollback(s);
			return DRAFTS_OPEN;
		}
	}
	S_now(s, now);
	if (db_prepare(s, "INSERT INTO publish_job (kind, asked_by, asked_at,"
	    " undoes) VALUES ('rollback', ?1, ?2, ?3)", &st, err,
	    "asking to roll back") == -1)
		goto fail;
	sqlite3_bind_text(st, 1, actor, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, u.job);
	S_undone_ref(&u, ref, sizeof(ref));
	if (S_run(s, st, err, "asking to roll back") == -1 ||
	    audit_add(s, actor, "publish", ref, NULL, NULL,
	    "rollback asked", err) == -1)
		goto fail;
	return db_commit(s, err) == -1 ? -1 : DRAFTS_OK;
fail:
	db_rollback(s);
	return -1;
}

/* A row of JOB_COLUMNS into the struct publish_job arg. */
static void
S_job_row(sqlite3_stmt *st, void *arg)
{
	struct publish_job *j = arg;

	j->id = sqlite3_column_int64(st, 0);
	j->rollback = strcmp(db_text(st, 1), "rollback") == 0;
	j->draft = sqlite3_column_int64(st, 2);
	snprintf(j->asked_by, sizeof(j->asked_by), "%s", db_text(st, 3));
	j->edit = sqlite3_column_int64(st, 4);
	j->undoes = sqlite3_column_int64(st, 5);
}

#define JOB_COLUMNS	"id, kind, draft_id, asked_by, edit_id, undoes"

int
drafts_next_job(struct store *s, struct publish_job *j, struct buf *err)
{
	sqlite3_stmt	*st;

	memset(j, 0, sizeof(*j));
	if (db_prepare(s, "SELECT " JOB_COLUMNS " FROM publish_job WHERE"
	    " done_at IS NULL ORDER BY id LIMIT 1", &st, err,
	    "reading the publisher's jobs") == -1)
		return -1;
	return S_found(db_one_row(s, st, S_job_row, j,
	    "reading the publisher's jobs", err));
}

/* A job done, its outcome and its log: drafts_last_done()'s. */
struct done_job {
	struct publish_job	*j;
	int			*failed;
	struct buf		*log;
};

static void
S_done_row(sqlite3_stmt *st, void *arg)
{
	struct done_job	*d = arg;

	S_job_row(st, d->j);
	*d->failed = db_text(st, 6) != NULL &&
	    strcmp(db_text(st, 6), "failed") == 0;
	if (db_text(st, 7) != NULL)
		buf_puts(d->log, db_text(st, 7));
}

int
drafts_last_done(struct store *s, struct publish_job *j, int *failed,
    struct buf *log, struct buf *err)
{
	struct done_job	 d = { j, failed, log };
	sqlite3_stmt	*st;

	memset(j, 0, sizeof(*j));
	*failed = 0;
	if (db_prepare(s, "SELECT " JOB_COLUMNS ", outcome, log FROM"
	    " publish_job WHERE done_at IS NOT NULL ORDER BY id DESC LIMIT 1",
	    &st, err, "reading the publisher's jobs") == -1)
		return -1;
	return S_found(db_one_row(s, st, S_done_row, &d,
	    "reading the publisher's jobs", err));
}

int
drafts_job_get(struct store *s, long long id, struct publish_job *j,
    struct buf *err)
{
	sqlite3_stmt	*st;

	memset(j, 0, sizeof(*j));
	if (db_prepare(s, "SELECT " JOB_COLUMNS " FROM publish_job WHERE"
	    " id = ?1", &st, err, "reading a job") == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return S_found(db_one_row(s, st, S_job_row, j, "reading a job", err));
}

/* Edit id's path into path (inside the caller's transaction): 0, or -1. */
static int
S_edit_path(struct store *s, long long id, char *path, size_t len,
    struct buf *err)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(s, "SELECT path FROM content_edit WHERE id = ?1", &st,
	    err, "reading an edit") == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(path, len, "%s", db_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : db_error(s, err, "reading an edit");
}

/* Rollback j done (ok) or failed: the revision or edit it undid is
 * withdrawn, in the trail under the ref of what it undid. */
static int
S_withdrawn(struct store *s, const char *actor, const struct publish_job *j,
    int ok, const char *now, struct buf *err)
{
	struct publish_job undone;
	sqlite3_stmt	*st;
	char		 ref[320] = "", note[200], status[16], ready_by[128];
	int		 rc;

	if (j->undoes != 0) {
		if ((rc = drafts_job_get(s, j->undoes, &undone, err)) == -1)
			return -1;
		if (rc == DRAFTS_NOT_FOUND) {
			buf_puts(err, "a rollback names a job that is not there");
			return -1;
		}
		if (undone.draft != 0 ? S_head(s, undone.draft, ref, status,
		    ready_by, err) != 1 : S_edit_path(s, undone.edit, ref,
		    sizeof(ref), err) == -1) {
			if (err->len == 0)
				buf_puts(err, "a rollback's draft is missing");
			return -1;
		}
		if (ok) {
			if (db_prepare(s, undone.draft != 0 ?
			    "UPDATE policy_draft SET status = 'withdrawn',"
			    " updated_at = ?2 WHERE id = ?1" :
			    "UPDATE content_edit SET status = 'withdrawn',"
			    " updated_at = ?2 WHERE id = ?1", &st, err,
			    "recording a job") == -1)
				return -1;
			sqlite3_bind_int64(st, 1, undone.draft != 0 ?
			    undone.draft : undone.edit);
			sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
			if (S_run(s, st, err, "recording a job") == -1)
				return -1;
		}
	}
	snprintf(note, sizeof(note), "rollback %s (asked by %s)",
	    ok ? "done" : "failed; the site is as it was", j->asked_by);
	return audit_add(s, actor, "publish", ref[0] != '\0' ? ref : NULL,
	    ok && ref[0] != '\0' ? "published" : NULL,
	    ok && ref[0] != '\0' ? "withdrawn" : NULL, note, err);
}

int
drafts_job_done(struct store *s, const char *actor,
    const struct publish_job *j, int ok, const char *log, struct buf *err)
{
	sqlite3_stmt	*st;
	char		 now[WF_TIME_LEN + 1], ref[160], status[16];
	char		 ready_by[128], note[200];
	int		 rc;

	if (db_begin(s, err) == -1)
		return -1;
	S_now(s, now);
	if (db_prepare(s, "UPDATE publish_job SET done_at = ?2, outcome = ?3,"
	    " log = ?4 WHERE id = ?1 AND done_at IS NULL", &st, err,
	    "recording a job") == -1)
		goto fail;
	sqlite3_bind_int64(st, 1, j->id);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, ok ? "done" : "failed", -1, SQLITE_STATIC);
	S_bind_opt(st, 4, log);
	if (S_run(s, st, err, "recording a job") == -1)
		goto fail;
	if (j->rollback) {
		if (S_withdrawn(s, actor, j, ok, now, err) == -1)
			goto fail;
		return db_commit(s, err) == -1 ? -1 : DRAFTS_OK;
	}
	if ((rc = S_head(s, j->draft, ref, status, ready_by, err)) <= 0) {
		if (rc == 0)
			buf_puts(err, "the job's draft is missing");
		goto fail;
	}
	if (db_prepare(s, ok ? "UPDATE policy_draft SET status = 'published',"
	    " published_at = ?2, updated_at = ?2, log = NULL WHERE id = ?1" :
	    "UPDATE policy_draft SET status = 'draft', ready_by = NULL,"
	    " ready_at = NULL, published_by = NULL, updated_at = ?2,"
	    " log = ?3 WHERE id = ?1", &st, err, "recording a job") == -1)
		goto fail;
	sqlite3_bind_int64(st, 1, j->draft);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	if (!ok)
		S_bind_opt(st, 3, log);
	if (S_run(s, st, err, "recording a job") == -1)
		goto fail;
	snprintf(note, sizeof(note), "%s (asked by %s)", ok ? "published" :
	    "the build failed; the site is as it was", j->asked_by);
	if (audit_add(s, actor, "publish", ref, status, ok ? "published" :
	    "draft", note, err) == -1)
		goto fail;
	return db_commit(s, err) == -1 ? -1 : DRAFTS_OK;
fail:
	db_rollback(s);
	return -1;
}
