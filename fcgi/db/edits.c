/*
 * edits: changes to the content's other files (see edits.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "audit.h"
#include "db.h"
#include "edits.h"
#include "workflow.h"

#define COLUMNS "id, path, base_sha, text, status, created_by, created_at," \
	" updated_at, published_by, published_at, log, old_text"

/* A row of COLUMNS into the struct content_edit arg. */
static void
S_row(sqlite3_stmt *st, void *arg)
{
	struct content_edit *e = arg;

	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(st, 0);
	e->path = db_strdup(st, 1);
	e->base_sha = db_strdup(st, 2);
	e->text = db_strdup(st, 3);
	e->status = db_strdup(st, 4);
	e->created_by = db_strdup(st, 5);
	e->created_at = db_strdup(st, 6);
	e->updated_at = db_strdup(st, 7);
	e->published_by = db_strdup(st, 8);
	e->published_at = db_strdup(st, 9);
	e->log = db_strdup(st, 10);
	e->old_text = db_strdup(st, 11);
}

void
edits_free_one(struct content_edit *e)
{
	free(e->path);
	free(e->base_sha);
	free(e->text);
	free(e->status);
	free(e->created_by);
	free(e->created_at);
	free(e->updated_at);
	free(e->published_by);
	free(e->published_at);
	free(e->old_text);
	free(e->log);
	memset(e, 0, sizeof(*e));
}

void
edits_free(struct content_edits *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		edits_free_one(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int
S_step_done(struct store *s, sqlite3_stmt *st, struct buf *err)
{
	int	 rc = sqlite3_step(st);

	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_error(s, err, "changing an edit");
}

int
edits_create(struct store *s, const char *actor, const char *path,
    const char *base_sha, const char *text, long long *id, struct buf *err)
{
	sqlite3_stmt	*st;
	char		 now[WF_TIME_LEN + 1];
	int		 n;

	if (db_begin(s, err) == -1)
		return -1;
	if (db_prepare(s, "SELECT count(*) FROM content_edit WHERE path = ?1"
	    " AND status IN ('draft', 'publishing')", &st, err,
	    "reading the edits") == -1)
		goto fail;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
	n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	if (n != 0) {
		db_rollback(s);
		return n > 0 ? DRAFTS_OPEN : db_error(s, err, "reading edits");
	}
	wf_time_format(store_now(s), now);
	if (db_prepare(s, "INSERT INTO content_edit (path, base_sha, text,"
	    " created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?5)", &st, err, "starting an edit") == -1)
		goto fail;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, base_sha, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, actor, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
	if (S_step_done(s, st, err) == -1)
		goto fail;
	*id = sqlite3_last_insert_rowid(store_db(s));
	if (audit_add(s, actor, "draft", path, NULL, "draft", "edit started",
	    err) == -1)
		goto fail;
	return db_commit(s, err) == -1 ? -1 : DRAFTS_OK;
fail:
	db_rollback(s);
	return -1;
}

int
edits_get(struct store *s, long long id, struct content_edit *out,
    struct buf *err)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if (db_prepare(s, "SELECT " COLUMNS " FROM content_edit WHERE id = ?1",
	    &st, err, "reading an edit") == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = db_one_row(s, st, S_row, out, "reading an edit", err);
	return rc == 1 ? DRAFTS_OK : rc == 0 ? DRAFTS_NOT_FOUND : -1;
}

int
edits_list(struct store *s, struct content_edits *out, struct buf *err)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(s, "SELECT " COLUMNS " FROM (SELECT * FROM content_edit"
	    " WHERE status IN ('draft', 'publishing') UNION ALL SELECT * FROM"
	    " (SELECT * FROM content_edit WHERE status NOT IN ('draft',"
	    " 'publishing') ORDER BY id DESC LIMIT 30)) ORDER BY status NOT IN"
	    " ('draft', 'publishing'), id DESC", &st, err,
	    "listing the edits") == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
		S_row(st, &out->v[out->n++]);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? DRAFTS_OK :
	    db_error(s, err, "listing the edits");
}

/* One step: the edit's status must be from; sql runs with ?1 id, ?2
 * actor, ?3 now, ?4 text (may be NULL); then the job when job, and the
 * trail. */
static int
S_step(struct store *s, const char *actor, long long id, const char *from,
    const char *to, const char *sql, const char *text, int job,
    const char *action, const char *note, struct buf *err)
{
	sqlite3_stmt	*st;
	char		 now[WF_TIME_LEN + 1], path[512], status[16];
	int		 rc;

	if (db_begin(s, err) == -1)
		return -1;
	if (db_prepare(s, "SELECT path, status FROM content_edit WHERE"
	    " id = ?1", &st, err, "reading an edit") == -1)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(path, sizeof(path), "%s", db_text(st, 0));
		snprintf(status, sizeof(status), "%s", db_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		db_rollback(s);
		return rc == SQLITE_DONE ? DRAFTS_NOT_FOUND :
		    db_error(s, err, "reading an edit");
	}
	if (strcmp(status, from) != 0) {
		db_rollback(s);
		return DRAFTS_STATE;
	}
	wf_time_format(store_now(s), now);
	if (db_prepare(s, sql, &st, err, "changing an edit") == -1)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, actor, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
	if (text != NULL)
		sqlite3_bind_text(st, 4, text, -1, SQLITE_TRANSIENT);
	if (S_step_done(s, st, err) == -1)
		goto fail;
	if (job) {
		if (db_prepare(s, "INSERT INTO publish_job (kind, edit_id,"
		    " asked_by, asked_at) VALUES ('content', ?1, ?2, ?3)", &st,
		    err, "asking to publish") == -1)
			goto fail;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, actor, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
		if (S_step_done(s, st, err) == -1)
			goto fail;
	}
	if (audit_add(s, actor, action, path, status, to, note, err) == -1)
		goto fail;
	return db_commit(s, err) == -1 ? -1 : DRAFTS_OK;
fail:
	db_rollback(s);
	return -1;
}

int
edits_save(struct store *s, const char *actor, long long id,
    const char *text, struct buf *err)
{
	return S_step(s, actor, id, "draft", "draft", "UPDATE content_edit"
	    " SET text = ?4, updated_at = ?3, log = NULL WHERE id = ?1 AND"
	    " ?2 IS NOT NULL", text, 0, "draft", "text saved", err);
}

int
edits_reject(struct store *s, const char *actor, long long id,
    struct buf *err)
{
	return S_step(s, actor, id, "draft", "rejected", "UPDATE content_edit"
	    " SET status = 'rejected', updated_at = ?3 WHERE id = ?1 AND"
	    " ?2 IS NOT NULL", NULL, 0, "draft", "abandoned", err);
}

int
edits_publish(struct store *s, const char *actor, long long id,
    struct buf *err)
{
	return S_step(s, actor, id, "draft", "publishing", "UPDATE"
	    " content_edit SET status = 'publishing', published_by = ?2,"
	    " updated_at = ?3 WHERE id = ?1", NULL, 1, "publish",
	    "publish asked", err);
}

int
edits_job_done(struct store *s, const char *actor,
    const struct publish_job *j, int ok, const char *log,
    const char *old_text, struct buf *err)
{
	sqlite3_stmt	*st;
	char		 now[WF_TIME_LEN + 1], path[512], note[200];
	int		 rc;

	if (db_begin(s, err) == -1)
		return -1;
	wf_time_format(store_now(s), now);
	if (db_prepare(s, "UPDATE publish_job SET done_at = ?2, outcome = ?3,"
	    " log = ?4 WHERE id = ?1 AND done_at IS NULL", &st, err,
	    "recording a job") == -1)
		goto fail;
	sqlite3_bind_int64(st, 1, j->id);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, ok ? "done" : "failed", -1, SQLITE_STATIC);
	if (log != NULL && *log != '\0')
		sqlite3_bind_text(st, 4, log, -1, SQLITE_TRANSIENT);
	if (S_step_done(s, st, err) == -1)
		goto fail;
	if (db_prepare(s, ok ? "UPDATE content_edit SET status = 'published',"
	    " published_at = ?2, updated_at = ?2, log = NULL, old_text = ?4"
	    " WHERE id = ?1 RETURNING path" : "UPDATE content_edit SET status = 'draft',"
	    " published_by = NULL, updated_at = ?2, log = ?3 WHERE id = ?1"
	    " RETURNING path", &st, err, "recording a job") == -1)
		goto fail;
	sqlite3_bind_int64(st, 1, j->edit);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	if (!ok && log != NULL)
		sqlite3_bind_text(st, 3, log, -1, SQLITE_TRANSIENT);
	if (ok)
		sqlite3_bind_text(st, 4, old_text != NULL ? old_text : "", -1,
		    SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	snprintf(path, sizeof(path), "%s", rc == SQLITE_ROW ?
	    db_text(st, 0) : "");
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_error(s, err, "recording a job");
		goto fail;
	}
	snprintf(note, sizeof(note), "%s (asked by %s)", ok ? "published" :
	    "the build failed; the site is as it was", j->asked_by);
	if (audit_add(s, actor, "publish", path, "publishing", ok ?
	    "published" : "draft", note, err) == -1)
		goto fail;
	return db_commit(s, err) == -1 ? -1 : DRAFTS_OK;
fail:
	db_rollback(s);
	return -1;
}
