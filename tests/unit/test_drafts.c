/*
 * test_drafts: policy revisions drafted, approved and published from
 * the console (fcgi/db/drafts.h): the order of the steps, one open draft
 * per policy, the second person, the publisher's jobs and what a failed
 * build leaves, each change in the audit trail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "check.h"
#include "drafts.h"
#include "edits.h"
#include "store.h"

static char	 dir[] = "/tmp/wasl-test-drafts-XXXXXX";
static char	 path[256];
static struct store *s;

static int
S_count(const char *sql)
{
	sqlite3_stmt	*st;
	int		 n = -1;

	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The other content files' edits (edits.h). */
static void
S_edits(void)
{
	struct buf		 err = BUF_INIT;
	struct content_edit	 e;
	struct content_edits	 l = { NULL, 0 };
	struct publish_job	 j;
	struct undoable		 u;
	long long		 id, id2;

	check(edits_create(s, "sara", "channels/letters.md", "ab12", "old",
	    &id, &err) == DRAFTS_OK && edits_create(s, "sara",
	    "channels/letters.md", "ab12", "x", &id2, &err) == DRAFTS_OPEN,
	    "edits: one open edit per file", buf_cstr(&err));
	check(edits_save(s, "sara", id, "new text", &err) == DRAFTS_OK &&
	    edits_get(s, id, &e, &err) == DRAFTS_OK &&
	    strcmp(e.text, "new text") == 0 && strcmp(e.base_sha, "ab12") == 0
	    && strcmp(e.status, "draft") == 0, "edits: the text saved", NULL);
	edits_free_one(&e);
	check(edits_publish(s, "sara", id, &err) == DRAFTS_OK &&
	    edits_save(s, "sara", id, "y", &err) == DRAFTS_STATE &&
	    drafts_next_job(s, &j, &err) == DRAFTS_OK && j.edit == id &&
	    !j.rollback, "edits: publishing, a job for the publisher", NULL);
	check(edits_job_done(s, "root", &j, 0, "bad key", NULL, &err) ==
	    DRAFTS_OK &&
	    edits_get(s, id, &e, &err) == DRAFTS_OK &&
	    strcmp(e.status, "draft") == 0 && e.log != NULL &&
	    strcmp(e.log, "bad key") == 0,
	    "edits: a failed build, back to draft with its log",
	    buf_cstr(&err));
	edits_free_one(&e);
	edits_publish(s, "sara", id, &err);
	drafts_next_job(s, &j, &err);
	check(edits_job_done(s, "root", &j, 1, NULL, "old", &err) ==
	    DRAFTS_OK && S_count("SELECT count(*) FROM content_edit WHERE"
	    " status = 'published' AND log IS NULL AND old_text = 'old'") == 1
	    && drafts_next_job(s, &j, &err) == DRAFTS_NOT_FOUND,
	    "edits: published, the text it replaced kept", buf_cstr(&err));
	check(drafts_undoable(s, &u, &err) == DRAFTS_OK && u.edit == id &&
	    u.draft == 0 && strcmp(u.path, "channels/letters.md") == 0 &&
	    strcmp(u.by, "sara") == 0,
	    "edits: the last publish is what a rollback undoes", NULL);
	check(drafts_rollback(s, "hamad", &err) == DRAFTS_OK &&
	    drafts_next_job(s, &j, &err) == DRAFTS_OK && j.rollback &&
	    j.undoes == u.job && drafts_job_done(s, "root", &j, 1, NULL, &err)
	    == DRAFTS_OK && edits_get(s, id, &e, &err) == DRAFTS_OK &&
	    strcmp(e.status, "withdrawn") == 0,
	    "edits: rolled back, the edit withdrawn", buf_cstr(&err));
	edits_free_one(&e);
	check(edits_create(s, "sara", "channels/letters.md", "cd34", "z",
	    &id2, &err) == DRAFTS_OK && edits_reject(s, "sara", id2, &err) ==
	    DRAFTS_OK && edits_publish(s, "sara", id2, &err) == DRAFTS_STATE,
	    "edits: one abandoned cannot be published", NULL);
	check(edits_list(s, &l, &err) == DRAFTS_OK && l.n == 2,
	    "edits: listed", NULL);
	edits_free(&l);
	check(S_count("SELECT count(*) FROM audit WHERE ref ="
	    " 'channels/letters.md' AND action = 'publish' AND to_status ="
	    " 'published' AND actor = 'root'") == 1 &&
	    S_count("SELECT count(*) FROM audit WHERE ref ="
	    " 'channels/letters.md' AND actor = 'sara'") >= 5,
	    "edits: every step audited", NULL);
	buf_free(&err);
}

/* Schema 6's tables, as a database made before rollbacks undid a
 * publish for good holds them, with a published revision and edit. */
static const char schema6[] =
	"PRAGMA foreign_keys = OFF;"
	"DROP TABLE publish_job; DROP TABLE policy_draft;"
	" DROP TABLE content_edit;"
	"CREATE TABLE policy_draft (id INTEGER PRIMARY KEY, slug TEXT NOT"
	" NULL, revision INTEGER NOT NULL CHECK (revision > 1), based_on"
	" INTEGER NOT NULL, title TEXT NOT NULL, summary TEXT, body TEXT NOT"
	" NULL, meeting TEXT, decision TEXT, approved_on TEXT, signatory"
	" TEXT, effective TEXT, changes TEXT, status TEXT NOT NULL DEFAULT"
	" 'draft' CHECK (status IN ('draft', 'ready', 'publishing',"
	" 'published', 'rejected')), created_by TEXT NOT NULL, created_at"
	" TEXT NOT NULL, updated_at TEXT NOT NULL, approval_by TEXT,"
	" ready_by TEXT, ready_at TEXT, published_by TEXT, published_at TEXT,"
	" log TEXT);"
	"CREATE UNIQUE INDEX policy_draft_open ON policy_draft(slug) WHERE"
	" status IN ('draft', 'ready', 'publishing');"
	"CREATE TABLE content_edit (id INTEGER PRIMARY KEY, path TEXT NOT"
	" NULL, base_sha TEXT NOT NULL, text TEXT NOT NULL, status TEXT NOT"
	" NULL DEFAULT 'draft' CHECK (status IN ('draft', 'publishing',"
	" 'published', 'rejected')), created_by TEXT NOT NULL, created_at"
	" TEXT NOT NULL, updated_at TEXT NOT NULL, published_by TEXT,"
	" published_at TEXT, log TEXT);"
	"CREATE UNIQUE INDEX content_edit_open ON content_edit(path) WHERE"
	" status IN ('draft', 'publishing');"
	"CREATE TABLE publish_job (id INTEGER PRIMARY KEY, kind TEXT NOT NULL"
	" CHECK (kind IN ('publish', 'rollback', 'content')), draft_id"
	" INTEGER REFERENCES policy_draft(id), edit_id INTEGER REFERENCES"
	" content_edit(id), asked_by TEXT NOT NULL, asked_at TEXT NOT NULL,"
	" done_at TEXT, outcome TEXT CHECK (outcome IN ('done', 'failed')),"
	" log TEXT);"
	"CREATE INDEX publish_job_pending ON publish_job(id) WHERE done_at IS"
	" NULL;"
	"INSERT INTO policy_draft (id, slug, revision, based_on, title, body,"
	" status, created_by, created_at, updated_at, published_by) VALUES"
	" (4, 'p', 2, 1, 't', 'b', 'published', 'sara', 'x', 'x', 'hamad'),"
	" (5, 'p', 3, 2, 't', 'c', 'draft', 'sara', 'x', 'x', NULL);"
	"INSERT INTO content_edit (id, path, base_sha, text, status,"
	" created_by, created_at, updated_at) VALUES (7, 'site.yaml', 'ab',"
	" 'y', 'published', 'sara', 'x', 'x');"
	"INSERT INTO publish_job (id, kind, draft_id, edit_id, asked_by,"
	" asked_at, done_at, outcome) VALUES (1, 'publish', 4, NULL, 'hamad',"
	" 'x', 'x', 'done'), (2, 'content', NULL, 7, 'sara', 'x', 'x',"
	" 'done'), (3, 'rollback', NULL, NULL, 'hamad', 'x', NULL, NULL);"
	"PRAGMA user_version = 6;";

/* 6 -> 7 keeps every draft, edit and job; a rollback asked before it is
 * one of the old kind (undoes nothing named). */
static void
S_migration(void)
{
	static const unsigned char salt[32];
	struct buf		 err = BUF_INIT;
	struct publish_job	 j;
	struct undoable		 u;
	sqlite3			*db;
	int			 made;

	made = sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_exec(db, schema6, NULL, NULL, NULL) == SQLITE_OK;
	sqlite3_close(db);
	if (!check(made, "migration: a schema 6 database", NULL))
		return;
	s = store_open(path, salt, &err);
	if (!check(s != NULL && S_count("PRAGMA user_version") == 7,
	    "migration: 6 -> 7", buf_cstr(&err)))
		return;
	check(S_count("SELECT count(*) FROM policy_draft") == 2 &&
	    S_count("SELECT count(*) FROM policy_draft WHERE id = 4 AND"
	    " status = 'published' AND published_by = 'hamad'") == 1 &&
	    S_count("SELECT count(*) FROM content_edit WHERE id = 7 AND"
	    " old_text IS NULL AND status = 'published'") == 1 &&
	    S_count("SELECT count(*) FROM publish_job WHERE undoes IS NULL")
	    == 3 && S_count("SELECT count(*) FROM pragma_foreign_key_check")
	    == 0, "migration: every draft, edit and job kept", NULL);
	check(S_count("SELECT count(*) FROM sqlite_schema WHERE name IN"
	    " ('policy_draft_open', 'content_edit_open',"
	    " 'publish_job_pending')") == 3 && S_count("SELECT count(*) FROM"
	    " sqlite_schema WHERE instr(sql, '_new') > 0") == 0,
	    "migration: the indexes made again, no table left behind", NULL);
	check(drafts_next_job(s, &j, &err) == DRAFTS_OK && j.id == 3 &&
	    j.rollback && j.undoes == 0 && drafts_job_done(s, "root", &j, 1,
	    NULL, &err) == DRAFTS_OK && S_count("SELECT count(*) FROM"
	    " policy_draft WHERE status = 'withdrawn'") == 0,
	    "migration: an old rollback, done, withdraws nothing",
	    buf_cstr(&err));
	check(drafts_undoable(s, &u, &err) == DRAFTS_OK && u.job == 2 &&
	    u.edit == 7, "migration: the last publish can be undone",
	    buf_cstr(&err));
	check(sqlite3_exec(store_db(s), "UPDATE policy_draft SET status ="
	    " 'withdrawn' WHERE id = 4", NULL, NULL, NULL) == SQLITE_OK &&
	    sqlite3_exec(store_db(s), "UPDATE content_edit SET status ="
	    " 'gone' WHERE id = 7", NULL, NULL, NULL) != SQLITE_OK,
	    "migration: withdrawn allowed, nothing else new", NULL);
	store_close(s);
	buf_free(&err);
}

int
main(void)
{
	static const unsigned char salt[32];
	struct buf		 err = BUF_INIT;
	struct draft		 d;
	struct drafts		 l = { NULL, 0 };
	struct publish_job	 j;
	struct undoable		 u;
	struct buf		 log = BUF_INIT;
	long long		 id, id2, id3;
	int			 rc, audit0, failed;

	if (!check(mkdtemp(dir) != NULL, "setup: a folder", NULL))
		return check_exit();
	snprintf(path, sizeof(path), "%s/w.db", dir);
	if (!check((s = store_open(path, salt, &err)) != NULL,
	    "setup: the database", buf_cstr(&err)))
		return check_exit();
	audit0 = S_count("SELECT count(*) FROM audit");

	/* Start: one open draft per policy. */
	rc = drafts_create(s, "sara", "beneficiary-relations", 2, 1,
	    "سياسة", NULL, "نص\n", &id, &err);
	check(rc == DRAFTS_OK && id > 0, "create: revision 2 from 1",
	    buf_cstr(&err));
	check(drafts_create(s, "sara", "beneficiary-relations", 2, 1, "س",
	    NULL, "x", &id2, &err) == DRAFTS_OPEN &&
	    S_count("SELECT count(*) FROM policy_draft") == 1,
	    "create: a second open draft of the policy refused", NULL);
	check(drafts_get(s, id, &d, &err) == DRAFTS_OK && d.revision == 2 &&
	    d.based_on == 1 && strcmp(d.status, "draft") == 0 &&
	    strcmp(d.created_by, "sara") == 0 && strcmp(d.body, "نص\n") == 0 &&
	    d.meeting == NULL && d.summary == NULL,
	    "get: the draft as started", NULL);
	drafts_free_one(&d);
	check(drafts_get(s, id + 100, &d, &err) == DRAFTS_NOT_FOUND,
	    "get: an unknown draft", NULL);

	/* Ready needs the approval; the approval needs a draft. */
	check(drafts_ready(s, "sara", id, &err) == DRAFTS_NO_APPROVAL,
	    "ready: refused before the approval", NULL);
	check(drafts_publish(s, "hamad", id, &err) == DRAFTS_STATE,
	    "publish: refused while a draft", NULL);
	check(drafts_save(s, "sara", id, "سياسة ٢", "نص جديد\n", &err) ==
	    DRAFTS_OK, "save: the text", buf_cstr(&err));
	check(drafts_approve(s, "sara", id, "6", "12", "2025-01-05",
	    "الرئيس", "2025-01-05", "ما تغير", &err) == DRAFTS_OK,
	    "approve: recorded", buf_cstr(&err));
	check(drafts_ready(s, "sara", id, &err) == DRAFTS_OK,
	    "ready: made ready", buf_cstr(&err));
	check(drafts_approve(s, "sara", id, "7", NULL, "2025-01-06", NULL,
	    NULL, NULL, &err) == DRAFTS_STATE,
	    "approve: not once ready (edit the text to go back)", NULL);
	check(drafts_get(s, id, &d, &err) == DRAFTS_OK &&
	    strcmp(d.status, "ready") == 0 && strcmp(d.ready_by, "sara") == 0 &&
	    strcmp(d.meeting, "6") == 0 && strcmp(d.approved_on,
	    "2025-01-05") == 0 && strcmp(d.title, "سياسة ٢") == 0,
	    "get: ready, with the approval and by whom", NULL);
	drafts_free_one(&d);

	/* Editing a ready draft takes it back to draft. */
	check(drafts_save(s, "sara", id, "سياسة ٢", "نص أجد\n", &err) ==
	    DRAFTS_OK && S_count("SELECT count(*) FROM policy_draft WHERE"
	    " status = 'draft' AND ready_by IS NULL AND meeting = '6'") == 1,
	    "save: a ready draft edited is a draft again, approval kept",
	    NULL);
	drafts_ready(s, "sara", id, &err);

	/* The second person. */
	check(drafts_publish(s, "sara", id, &err) == DRAFTS_SAME_PERSON &&
	    S_count("SELECT count(*) FROM publish_job") == 0 &&
	    S_count("SELECT count(*) FROM policy_draft WHERE status ="
	    " 'ready'") == 1,
	    "publish: not by who made it ready; nothing changes", NULL);
	check(drafts_publish(s, "hamad", id, &err) == DRAFTS_OK &&
	    S_count("SELECT count(*) FROM publish_job WHERE kind = 'publish'"
	    " AND asked_by = 'hamad' AND done_at IS NULL") == 1 &&
	    S_count("SELECT count(*) FROM policy_draft WHERE status ="
	    " 'publishing' AND published_by = 'hamad'") == 1,
	    "publish: by another, a job for the publisher", buf_cstr(&err));
	check(drafts_save(s, "sara", id, "x", "y", &err) == DRAFTS_STATE,
	    "save: not while publishing", NULL);
	check(drafts_create(s, "sara", "beneficiary-relations", 3, 2, "س",
	    NULL, "x", &id2, &err) == DRAFTS_OPEN,
	    "create: not while one is publishing", NULL);

	/* The publisher: a failed build, then a good one. */
	check(drafts_next_job(s, &j, &err) == DRAFTS_OK && !j.rollback &&
	    j.draft == id && strcmp(j.asked_by, "hamad") == 0,
	    "job: the publish", NULL);
	check(drafts_job_done(s, "root", &j, 0, "content/x.md:3: bad", &err)
	    == DRAFTS_OK && S_count("SELECT count(*) FROM policy_draft WHERE"
	    " status = 'draft' AND log LIKE '%bad%' AND ready_by IS NULL") == 1
	    && S_count("SELECT count(*) FROM publish_job WHERE outcome ="
	    " 'failed'") == 1, "job: a failed build, back to draft with its log",
	    buf_cstr(&err));
	check(drafts_next_job(s, &j, &err) == DRAFTS_NOT_FOUND,
	    "job: none left", NULL);
	drafts_ready(s, "sara", id, &err);
	drafts_publish(s, "hamad", id, &err);
	drafts_next_job(s, &j, &err);
	check(drafts_job_done(s, "root", &j, 1, NULL, &err) == DRAFTS_OK &&
	    S_count("SELECT count(*) FROM policy_draft WHERE status ="
	    " 'published' AND published_at IS NOT NULL AND log IS NULL") == 1,
	    "job: built, published", buf_cstr(&err));
	check(drafts_create(s, "sara", "beneficiary-relations", 3, 2, "س",
	    NULL, "x", &id2, &err) == DRAFTS_OK && drafts_reject(s, "sara",
	    id2, &err) == DRAFTS_OK && drafts_reject(s, "sara", id2, &err) ==
	    DRAFTS_STATE, "reject: a draft abandoned, once", NULL);

	/* Rollback: the last publish undone for good, once. */
	check(drafts_undoable(s, &u, &err) == DRAFTS_OK && u.draft == id &&
	    u.edit == 0 && u.revision == 2 && strcmp(u.slug,
	    "beneficiary-relations") == 0 && strcmp(u.by, "hamad") == 0 &&
	    u.done_at[0] != '\0', "rollback: what it would undo", NULL);
	check(drafts_create(s, "sara", "beneficiary-relations", 3, 2, "س",
	    NULL, "x", &id3, &err) == DRAFTS_OK && drafts_rollback(s, "hamad",
	    &err) == DRAFTS_OPEN && S_count("SELECT count(*) FROM publish_job"
	    " WHERE kind = 'rollback'") == 0 && drafts_reject(s, "sara", id3,
	    &err) == DRAFTS_OK,
	    "rollback: not from under an open draft that follows it",
	    buf_cstr(&err));
	check(drafts_rollback(s, "hamad", &err) == DRAFTS_OK &&
	    drafts_pending(s, &err) == 1 &&
	    drafts_rollback(s, "sara", &err) == DRAFTS_STATE &&
	    S_count("SELECT count(*) FROM publish_job WHERE kind ="
	    " 'rollback'") == 1, "rollback: one at a time", buf_cstr(&err));
	check(drafts_next_job(s, &j, &err) == DRAFTS_OK && j.rollback &&
	    j.undoes == u.job && drafts_job_done(s, "root", &j, 0, "failed",
	    &err) == DRAFTS_OK && drafts_get(s, id, &d, &err) == DRAFTS_OK &&
	    strcmp(d.status, "published") == 0 && drafts_undoable(s, &u,
	    &err) == DRAFTS_OK && u.draft == id,
	    "rollback: failed, the revision still published and undoable",
	    buf_cstr(&err));
	drafts_free_one(&d);
	check(drafts_last_done(s, &j, &failed, &log, &err) == DRAFTS_OK &&
	    j.rollback && failed && strcmp(buf_cstr(&log), "failed") == 0 &&
	    drafts_pending(s, &err) == 0,
	    "rollback: the failure, the last job done, with its log", NULL);
	buf_free(&log);
	check(drafts_rollback(s, "hamad", &err) == DRAFTS_OK &&
	    drafts_next_job(s, &j, &err) == DRAFTS_OK && j.rollback &&
	    drafts_job_done(s, "root", &j, 1, NULL, &err) == DRAFTS_OK &&
	    drafts_next_job(s, &j, &err) == DRAFTS_NOT_FOUND &&
	    drafts_get(s, id, &d, &err) == DRAFTS_OK &&
	    strcmp(d.status, "withdrawn") == 0, "rollback: done, withdrawn",
	    buf_cstr(&err));
	drafts_free_one(&d);
	check(drafts_undoable(s, &u, &err) == DRAFTS_NOT_FOUND &&
	    drafts_rollback(s, "hamad", &err) == DRAFTS_NOT_FOUND &&
	    S_count("SELECT count(*) FROM publish_job WHERE done_at IS NULL")
	    == 0, "rollback: nothing left to undo, refused", NULL);
	check(drafts_create(s, "sara", "beneficiary-relations", 2, 1, "س",
	    NULL, "x", &id2, &err) == DRAFTS_OK && drafts_reject(s, "sara",
	    id2, &err) == DRAFTS_OK,
	    "rollback: the revision's number free again", buf_cstr(&err));

	check(drafts_list(s, &l, &err) == DRAFTS_OK && l.n == 4 &&
	    l.v[0].id == id2 && l.v[3].id == id, "list: every draft", NULL);
	drafts_free(&l);

	/* Every change in the trail, under the right names. */
	check(S_count("SELECT count(*) FROM audit WHERE action = 'draft' AND"
	    " ref = 'beneficiary-relations/2' AND actor = 'sara'") >= 6 &&
	    S_count("SELECT count(*) FROM audit WHERE action = 'publish' AND"
	    " actor = 'hamad' AND to_status = 'publishing'") == 2 &&
	    S_count("SELECT count(*) FROM audit WHERE action = 'publish' AND"
	    " actor = 'root' AND to_status = 'published' AND note LIKE"
	    " '%asked by hamad%'") == 1 &&
	    S_count("SELECT count(*) FROM audit WHERE action = 'publish' AND"
	    " ref = 'beneficiary-relations/2' AND note LIKE 'rollback%'") == 4
	    && S_count("SELECT count(*) FROM audit WHERE action = 'publish' AND"
	    " to_status = 'withdrawn' AND actor = 'root' AND note LIKE"
	    " 'rollback done (asked by hamad)'") == 1 &&
	    S_count("SELECT count(*) FROM audit") > audit0 + 12,
	    "audit: every step", NULL);
	check(S_count("SELECT count(*) FROM audit WHERE note LIKE '%نص%'") ==
	    0, "audit: no text in the trail", NULL);

	S_edits();
	store_close(s);
	S_migration();
	buf_free(&err);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	if (system(path) != 0)
		return 1;
	return check_exit();
}
