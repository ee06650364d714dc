/*
 * store: submissions in SQLite (see store.h).
 *
 * Group commit: a thread calling store_submit() queues its submission
 * and sleeps; the store's committer thread (started by the first
 * submission, so never before a fork) takes everything queued so far and
 * stores it in one transaction, while the submissions that arrive
 * meanwhile queue for the next one. Batches are numbered; a caller
 * sleeps on the number of the last batch done (a futex, one word per
 * parity, so that the callers of the next batch sleep on the other) and
 * returns once its own batch is committed or has failed. The committer
 * also has the WAL copied into the database once it is long enough, as
 * SQLite would, but after answering a batch rather than before, and by a
 * thread of its own. Between processes, a gate (a lock in shared memory)
 * lets one committer write at a time, so that they take turns at once
 * instead of polling SQLite's busy lock.
 *
 * Duplicates: the digests of the last ten minutes' submissions are kept
 * in memory (recent.h), in the gate's shared memory, so that every
 * worker sees those of the others; a digest is added once its row is
 * committed, and a match counts only while its row is still there.
 * Nothing of the digests reaches the disk.
 */
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <sqlite3.h>

#include "recent.h"
#include "store.h"
#include "workflow.h"

#define BUSY_TIMEOUT_MS	10000

/*
 * The audit trail's index and the triggers that keep it append-only
 * (the one change allowed: an erasure's redaction of an entry's
 * reference and note), made by migration 1 -> 2 and again by 3 -> 4
 * and 4 -> 5, which make the table anew.
 */
#define AUDIT_GUARDS \
	"CREATE INDEX audit_ref ON audit(ref) WHERE ref IS NOT NULL;" \
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN" \
	"  SELECT RAISE(ABORT, 'the audit trail is never deleted');" \
	"END;" \
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit" \
	"  WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at" \
	"    OR NEW.actor IS NOT OLD.actor OR NEW.action IS NOT OLD.action" \
	"    OR NEW.from_status IS NOT OLD.from_status" \
	"    OR NEW.to_status IS NOT OLD.to_status" \
	"    OR NOT (NEW.redacted = 1 AND NEW.ref IS NULL AND NEW.note IS NULL)" \
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only');" \
	"END;"

/* The same guards from version 6, which covers the column revision. */
#define AUDIT_GUARDS_6 \
	"CREATE INDEX audit_ref ON audit(ref) WHERE ref IS NOT NULL;" \
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN" \
	"  SELECT RAISE(ABORT, 'the audit trail is never deleted');" \
	"END;" \
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit" \
	"  WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at" \
	"    OR NEW.actor IS NOT OLD.actor OR NEW.action IS NOT OLD.action" \
	"    OR NEW.from_status IS NOT OLD.from_status" \
	"    OR NEW.to_status IS NOT OLD.to_status" \
	"    OR NEW.revision IS NOT OLD.revision" \
	"    OR NOT (NEW.redacted = 1 AND NEW.ref IS NULL AND NEW.note IS NULL)" \
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only');" \
	"END;"

/* Each entry takes the schema from version i to i + 1. */
static const char *const migrations[] = {
	/* 0 -> 1: submissions and their fields */
	"CREATE TABLE submission ("
	"  id INTEGER PRIMARY KEY,"
	"  form TEXT NOT NULL,"
	"  ref TEXT NOT NULL UNIQUE,"
	"  received_at TEXT NOT NULL,"	/* UTC, YYYY-MM-DDTHH:MM:SSZ */
	"  status TEXT NOT NULL DEFAULT 'received' CHECK (status IN"
	"    ('received', 'under-study', 'needs-info', 'accepted',"
	"    'rejected')),"
	"  consent_at TEXT,"
	"  notice_version INTEGER,"
	"  digest BLOB"			/* erased after the window */
	");"
	"CREATE INDEX submission_digest ON submission(digest)"
	"  WHERE digest IS NOT NULL;"
	"CREATE INDEX submission_form ON submission(form, received_at);"
	"CREATE TABLE field ("
	"  submission_id INTEGER NOT NULL REFERENCES submission(id)"
	"    ON DELETE CASCADE,"
	"  name TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  PRIMARY KEY (submission_id, name)"
	") WITHOUT ROWID;",

	/* 1 -> 2: the staff's workflow, its audit trail, anonymous counts */
	"ALTER TABLE submission ADD COLUMN decided_at TEXT;"
	/* Who did what, when: status changes (from, to, note), and every
	 * look at or removal of personal data. Rows are only ever added;
	 * the one change allowed is an erasure's redaction of the
	 * reference and note of the erased person's entries. */
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"		/* UTC, YYYY-MM-DDTHH:MM:SSZ */
	"  actor TEXT NOT NULL,"		/* the operating-system user */
	"  action TEXT NOT NULL CHECK (action IN ('status', 'show',"
	"    'export', 'access', 'erase', 'purge', 'backup')),"
	"  ref TEXT,"
	"  from_status TEXT,"
	"  to_status TEXT,"
	"  note TEXT,"
	"  redacted INTEGER NOT NULL DEFAULT 0 CHECK (redacted IN (0, 1))"
	");"
	AUDIT_GUARDS
	/* What erasure and purging leave: how many submissions of a form,
	 * received in a month, ended in a status. Nothing about anyone. */
	"CREATE TABLE tally ("
	"  form TEXT NOT NULL,"
	"  month TEXT NOT NULL,"		/* YYYY-MM received, Saudi time */
	"  status TEXT NOT NULL,"
	"  reason TEXT NOT NULL CHECK (reason IN ('erased', 'purged')),"
	"  n INTEGER NOT NULL CHECK (n > 0),"
	"  PRIMARY KEY (form, month, status, reason)"
	") WITHOUT ROWID;",

	/* 2 -> 3: the duplicate digests move to memory (recent.h); those
	 * on disk, and their index, go (overwritten: secure_delete). */
	"DROP INDEX submission_digest;"
	"ALTER TABLE submission DROP COLUMN digest;",

	/* 3 -> 4: the audit trail records restores too (wasl-admin
	 * restore). A CHECK cannot be altered: the table is made again
	 * with every row, its index and its triggers (DROP TABLE fires no
	 * trigger). */
	"CREATE TABLE audit_new ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  action TEXT NOT NULL CHECK (action IN ('status', 'show',"
	"    'export', 'access', 'erase', 'purge', 'backup', 'restore')),"
	"  ref TEXT,"
	"  from_status TEXT,"
	"  to_status TEXT,"
	"  note TEXT,"
	"  redacted INTEGER NOT NULL DEFAULT 0 CHECK (redacted IN (0, 1))"
	");"
	"INSERT INTO audit_new (id, at, actor, action, ref, from_status,"
	"  to_status, note, redacted) SELECT id, at, actor, action, ref,"
	"  from_status, to_status, note, redacted FROM audit;"
	"DROP TABLE audit;"
	"ALTER TABLE audit_new RENAME TO audit;"
	AUDIT_GUARDS,

	/* 4 -> 5: the staff console's accounts (users.h), sessions
	 * (sessions.h) and sign-in attempts (for throttling), and the
	 * audit trail records sign-ins, refusals, sign-outs and changes to
	 * accounts (made again, as for 3 -> 4). */
	"CREATE TABLE staff_user ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  role TEXT NOT NULL CHECK (role IN ('officer', 'committee',"
	"    'manager', 'admin')),"
	"  password_hash TEXT,"		/* Argon2id; NULL until enrolled */
	"  totp_secret TEXT,"		/* base32 */
	"  totp_last_step INTEGER NOT NULL DEFAULT -1,"
	"  enrol_hash TEXT UNIQUE,"	/* SHA-256 of the enrolment token */
	"  enrol_expires TEXT,"		/* UTC */
	"  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
	"  created_at TEXT NOT NULL"	/* UTC */
	");"
	"CREATE TABLE staff_session ("
	"  token_hash TEXT PRIMARY KEY,"	/* SHA-256 of the cookie's token */
	"  user_id INTEGER NOT NULL REFERENCES staff_user(id)"
	"    ON DELETE CASCADE,"
	"  created_at TEXT NOT NULL,"
	"  last_seen TEXT NOT NULL,"
	"  csrf TEXT NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX staff_session_user ON staff_session(user_id);"
	/* Failed sign-ins, by a digest of the name typed (whether or not
	 * it is an account: kept until it signs in, 30 days at most) and
	 * of the client (kept for the minutes of the window). */
	"CREATE TABLE signin_attempt ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK (kind IN ('account', 'client')),"
	"  key TEXT NOT NULL,"
	"  at TEXT NOT NULL"
	");"
	"CREATE INDEX signin_attempt_key ON signin_attempt(kind, key, at);"
	"CREATE TABLE audit_new ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  action TEXT NOT NULL CHECK (action IN ('status', 'show',"
	"    'export', 'access', 'erase', 'purge', 'backup', 'restore',"
	"    'signin', 'signin-refused', 'signout', 'user')),"
	"  ref TEXT,"
	"  from_status TEXT,"
	"  to_status TEXT,"
	"  note TEXT,"
	"  redacted INTEGER NOT NULL DEFAULT 0 CHECK (redacted IN (0, 1))"
	");"
	"INSERT INTO audit_new (id, at, actor, action, ref, from_status,"
	"  to_status, note, redacted) SELECT id, at, actor, action, ref,"
	"  from_status, to_status, note, redacted FROM audit;"
	"DROP TABLE audit;"
	"ALTER TABLE audit_new RENAME TO audit;"
	AUDIT_GUARDS,

	/* 5 -> 6: the staff console. The trail records a masked answer
	 * revealed (with its reason) and the data-subject requests opened
	 * and closed, and a decision names the policy revision in force
	 * that day (column revision: "SLUG/N"; made again, as for 3 -> 4,
	 * its guards covering the new column). A data-subject request
	 * (privacy_request) holds the identifiers the person gave while it
	 * is open, for the 30 days the law allows; closing it clears them. */
	"CREATE TABLE privacy_request ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK (kind IN ('access', 'erase')),"
	"  opened_at TEXT NOT NULL,"	/* UTC: the law's clock starts */
	"  opened_by TEXT NOT NULL,"
	"  national_id TEXT,"		/* normalised (person.h); NULL */
	"  mobile TEXT,"		/*   once closed */
	"  email TEXT,"
	"  closed_at TEXT,"
	"  closed_by TEXT,"
	"  outcome TEXT CHECK (outcome IN ('answered', 'erased', 'none',"
	"    'withdrawn')),"
	"  found INTEGER"		/* submissions answered or erased */
	");"
	"CREATE INDEX privacy_request_open ON privacy_request(opened_at)"
	"  WHERE closed_at IS NULL;"
	"CREATE TABLE audit_new ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  action TEXT NOT NULL CHECK (action IN ('status', 'show',"
	"    'export', 'access', 'erase', 'purge', 'backup', 'restore',"
	"    'signin', 'signin-refused', 'signout', 'user', 'reveal',"
	"    'request', 'draft', 'publish')),"
	"  ref TEXT,"
	"  from_status TEXT,"
	"  to_status TEXT,"
	"  note TEXT,"
	"  redacted INTEGER NOT NULL DEFAULT 0 CHECK (redacted IN (0, 1)),"
	"  revision TEXT"
	");"
	"INSERT INTO audit_new (id, at, actor, action, ref, from_status,"
	"  to_status, note, redacted) SELECT id, at, actor, action, ref,"
	"  from_status, to_status, note, redacted FROM audit;"
	"DROP TABLE audit;"
	"ALTER TABLE audit_new RENAME TO audit;"
	"CREATE INDEX audit_at ON audit(at);"
	AUDIT_GUARDS_6
	/* The roles secretary and chair (roles.h): staff_user made again
	 * with the new CHECK, as SQLite's ALTER TABLE documentation says
	 * (S_migrate() runs migrations with foreign keys off, so that the
	 * sessions referring to it stay as they are; checked after). */
	"CREATE TABLE staff_user_new ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  role TEXT NOT NULL CHECK (role IN ('officer', 'committee',"
	"    'manager', 'admin', 'secretary', 'chair')),"
	"  password_hash TEXT,"
	"  totp_secret TEXT,"
	"  totp_last_step INTEGER NOT NULL DEFAULT -1,"
	"  enrol_hash TEXT UNIQUE,"
	"  enrol_expires TEXT,"
	"  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
	"  created_at TEXT NOT NULL"
	");"
	"INSERT INTO staff_user_new (id, name, role, password_hash,"
	"  totp_secret, totp_last_step, enrol_hash, enrol_expires, disabled,"
	"  created_at) SELECT id, name, role, password_hash, totp_secret,"
	"  totp_last_step, enrol_hash, enrol_expires, disabled, created_at"
	"  FROM staff_user;"
	"DROP TABLE staff_user;"
	"ALTER TABLE staff_user_new RENAME TO staff_user;"
	/* Publishing from the console (drafts.h): a new revision of a
	 * policy is drafted, approved and made ready here, then written to
	 * the content folder and built by the publisher (wasl-admin
	 * publish-pending), never by the console. At most one open draft
	 * per policy. */
	"CREATE TABLE policy_draft ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL,"
	"  revision INTEGER NOT NULL CHECK (revision > 1),"
	"  based_on INTEGER NOT NULL,"
	"  title TEXT NOT NULL,"
	"  summary TEXT,"
	"  body TEXT NOT NULL,"		/* Markdown */
	"  meeting TEXT,"		/* the approval, once recorded */
	"  decision TEXT,"
	"  approved_on TEXT,"		/* YYYY-MM-DD Gregorian */
	"  signatory TEXT,"
	"  effective TEXT,"		/* YYYY-MM-DD */
	"  changes TEXT,"
	"  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft',"
	"    'ready', 'publishing', 'published', 'rejected')),"
	"  created_by TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"	/* UTC, as every time below */
	"  updated_at TEXT NOT NULL,"
	"  approval_by TEXT,"		/* who recorded the approval */
	"  ready_by TEXT,"
	"  ready_at TEXT,"
	"  published_by TEXT,"
	"  published_at TEXT,"
	"  log TEXT"			/* the last build's, when it failed */
	");"
	"CREATE UNIQUE INDEX policy_draft_open ON policy_draft(slug)"
	"  WHERE status IN ('draft', 'ready', 'publishing');"
	/* A change to another content file (the association's details,
	 * a channel, a service's page, the privacy notice: edits.h), the
	 * whole file's text, published by the publisher too. */
	"CREATE TABLE content_edit ("
	"  id INTEGER PRIMARY KEY,"
	"  path TEXT NOT NULL,"		/* inside the content folder */
	"  base_sha TEXT NOT NULL,"	/* SHA-256 of the text it changes */
	"  text TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft',"
	"    'publishing', 'published', 'rejected')),"
	"  created_by TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  published_by TEXT,"
	"  published_at TEXT,"
	"  log TEXT"
	");"
	"CREATE UNIQUE INDEX content_edit_open ON content_edit(path)"
	"  WHERE status IN ('draft', 'publishing');"
	/* What the publisher is asked to do, oldest first. */
	"CREATE TABLE publish_job ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK (kind IN ('publish', 'rollback',"
	"    'content')),"
	"  draft_id INTEGER REFERENCES policy_draft(id),"
	"  edit_id INTEGER REFERENCES content_edit(id),"
	"  asked_by TEXT NOT NULL,"
	"  asked_at TEXT NOT NULL,"
	"  done_at TEXT,"
	"  outcome TEXT CHECK (outcome IN ('done', 'failed')),"
	"  log TEXT"
	");"
	"CREATE INDEX publish_job_pending ON publish_job(id)"
	"  WHERE done_at IS NULL;"
	/* The console's queue (cases_page(), cases_counts()): a page in
	 * received order (received_at, then the rowid: the ORDER BY, so
	 * that an OFFSET skips index entries only), and the counts by
	 * status read from an index alone: of everything, of a status, of
	 * a form and its statuses (the overdue too). */
	"CREATE INDEX submission_received ON submission(received_at);"
	"CREATE INDEX submission_status ON submission(status, received_at);"
	"CREATE INDEX submission_form_status ON submission(form, status,"
	"  received_at);",

	/* 6 -> 7: a rollback undoes one publish for good (drafts.h): the
	 * job says which (publish_job.undoes), the revision or the edit
	 * it undid is 'withdrawn', and an edit keeps the text it replaced
	 * (content_edit.old_text, written when it is published) to be put
	 * back. policy_draft and content_edit made again with the new
	 * CHECKs, as staff_user for 5 -> 6. */
	"ALTER TABLE publish_job ADD COLUMN undoes INTEGER"
	"  REFERENCES publish_job(id);"
	"CREATE TABLE policy_draft_new ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL,"
	"  revision INTEGER NOT NULL CHECK (revision > 1),"
	"  based_on INTEGER NOT NULL,"
	"  title TEXT NOT NULL,"
	"  summary TEXT,"
	"  body TEXT NOT NULL,"
	"  meeting TEXT,"
	"  decision TEXT,"
	"  approved_on TEXT,"
	"  signatory TEXT,"
	"  effective TEXT,"
	"  changes TEXT,"
	"  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft',"
	"    'ready', 'publishing', 'published', 'rejected', 'withdrawn')),"
	"  created_by TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  approval_by TEXT,"
	"  ready_by TEXT,"
	"  ready_at TEXT,"
	"  published_by TEXT,"
	"  published_at TEXT,"
	"  log TEXT"
	");"
	"INSERT INTO policy_draft_new SELECT * FROM policy_draft;"
	"DROP TABLE policy_draft;"
	"ALTER TABLE policy_draft_new RENAME TO policy_draft;"
	"CREATE UNIQUE INDEX policy_draft_open ON policy_draft(slug)"
	"  WHERE status IN ('draft', 'ready', 'publishing');"
	"CREATE TABLE content_edit_new ("
	"  id INTEGER PRIMARY KEY,"
	"  path TEXT NOT NULL,"
	"  base_sha TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft',"
	"    'publishing', 'published', 'rejected', 'withdrawn')),"
	"  created_by TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  published_by TEXT,"
	"  published_at TEXT,"
	"  log TEXT,"
	"  old_text TEXT"		/* the file's text it replaced */
	");"
	"INSERT INTO content_edit_new (id, path, base_sha, text, status,"
	"  created_by, created_at, updated_at, published_by, published_at,"
	"  log) SELECT id, path, base_sha, text, status, created_by,"
	"  created_at, updated_at, published_by, published_at, log"
	"  FROM content_edit;"
	"DROP TABLE content_edit;"
	"ALTER TABLE content_edit_new RENAME TO content_edit;"
	"CREATE UNIQUE INDEX content_edit_open ON content_edit(path)"
	"  WHERE status IN ('draft', 'publishing');",
};

#define SCHEMA_VERSION	(int)(sizeof(migrations) / sizeof(migrations[0]))

enum stmt {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_DUP_ROW,
	ST_INSERT,
	ST_CASE,
	ST__MAX
};

static const char *const sql[ST__MAX] = {
	"BEGIN IMMEDIATE",
	"COMMIT",
	"ROLLBACK",
	/* A recent twin counts only while its row is there: staff may
	 * have erased it. */
	"SELECT ref FROM submission WHERE id = ?1",
	"INSERT INTO submission (form, ref, received_at, consent_at,"
	"  notice_version) VALUES (?1, ?2, ?3, ?4, ?5)",
	/* One indexed query whether the reference is missing or the
	 * national ID wrong: both cost alike and answer alike. */
	"SELECT s.form, s.status, s.received_at, s.decided_at, f.name"
	"  FROM submission s JOIN field f ON f.submission_id = s.id"
	"  WHERE s.ref = ?1 AND f.value = ?2",
};

/* One queued submission, on its caller's stack. */
struct pending {
	const char	*form;
	const json_t	*fields;
	int		 notice_version;
	int		 keyed;		/* 0: never a twin, no digest */
	unsigned char	 digest[32];
	char		 ref[STORE_REF_LEN + 1];
	sqlite3_int64	 id;		/* its row, when new */
	int		 dup;
	int		 rc;		/* 0 stored (or a duplicate), -1 not */
	struct buf	*err;		/* the caller's */
	struct pending	*next;
};

/* Mapped shared (store_gate_new()) or private (a store's own): the lock,
 * then the table of recent digests. */
struct store_gate {
	pthread_mutex_t	 lock;		/* process-shared, robust */
	size_t		 size;		/* of the mapping */
	_Alignas(64) unsigned char recent[];
};

#define GATE_RECENT(g)	((struct recent *)(void *)(g)->recent)

struct store {
	sqlite3		*db;
	sqlite3_stmt	*st[ST__MAX];
	/* fields_st[n]: inserts n field rows; prepared when first needed */
	sqlite3_stmt	*fields_st[FORMDEF_MAX_FIELDS + 1];
	unsigned char	 salt[32];
	EVP_MD		*sha256;	/* fetched once, shared by threads */
	struct store_gate *gate;	/* borrowed, or own */
	struct store_gate *own;		/* when no gate is given */
	time_t		(*clock)(time_t *);
	int		 adding;	/* store_restrict_to_adding() */
	pthread_mutex_t	 dblock;	/* one thread on db at a time */
	pthread_mutex_t	 qlock;		/* guards the next six */
	pthread_cond_t	 qwake;		/* the committer's alarm */
	struct pending	*head, *tail;	/* waiting for the next commit */
	uint32_t	 next_batch;	/* the number the queue will get */
	int		 started;	/* the committer runs */
	int		 idle;		/* it sleeps on qwake */
	int		 stop;		/* store_close() waits for it */
	pthread_t	 committer;
	/* done[n % 2]: the last batch done of that parity (futex words). */
	_Atomic uint32_t done[2];
	/* The committer's own: */
	int		 wal_frames;	/* the WAL's length after the last commit */
	_Atomic int	 ckframes;	/* ... at which it is copied */
	/* The checkpointer: its own connection and thread, started with
	 * the committer; under cklock. */
	char		*path;		/* the database's, for its connection */
	sqlite3		*ckdb;
	pthread_t	 ckthread;
	pthread_mutex_t	 cklock;
	pthread_cond_t	 ckwake;
	int		 ckstarted;
	int		 ckwant;	/* a checkpoint is asked for */
	int		 ckstop;
	/* Used with db, under dblock: */
	unsigned char	 rnd[4096];	/* random bytes for references */
	size_t		 rnd_pos;	/* the next unused one */
};

static struct store_gate *S_gate_map(int);

static int
S_fail(struct store *s, struct buf *err, const char *what)
{
	buf_printf(err, "%s: %s", what, s->db ? sqlite3_errmsg(s->db) :
	    "no database");
	return -1;
}

/* 0 when every foreign key has its row (PRAGMA foreign_key_check). */
static int
S_fk_check(struct store *s)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The schema version (PRAGMA user_version) into *version; 0, or -1. */
static int
S_version(struct store *s, int *version)
{
	sqlite3_stmt	*st = NULL;
	int		 ok;

	ok = sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW;
	if (ok)
		*version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return ok ? 0 : -1;
}

/*
 * Each migration in a transaction of its own, the version read again
 * inside it: another process opening the same database at the same
 * moment (wasl-forms' workers and wasl-console, started together on a
 * new database) may have made it meanwhile, and none is made twice.
 * A table made again (SQLite's ALTER TABLE procedure) must not cascade
 * to the rows referring to it: foreign keys are off while migrating
 * (outside any transaction, as SQLite requires), and the references are
 * checked before each commit.
 */
static int
S_migrate(struct store *s, struct buf *err)
{
	int	 version, rc = 0;
	char	 pragma[64];

	if (S_version(s, &version) == -1)
		return S_fail(s, err, "reading the schema version");
	if (version > SCHEMA_VERSION) {
		buf_printf(err, "the database has schema version %d, newer "
		    "than this program's %d: upgrade wasl", version,
		    SCHEMA_VERSION);
		return -1;
	}
	if (version == SCHEMA_VERSION)
		return 0;
	if (sqlite3_exec(s->db, "PRAGMA foreign_keys = OFF", NULL, NULL,
	    NULL) != SQLITE_OK)
		return S_fail(s, err, "starting a migration");
	while (version < SCHEMA_VERSION) {
		if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
		    SQLITE_OK) {
			rc = S_fail(s, err, "starting a migration");
			break;
		}
		if (S_version(s, &version) == -1) {
			rc = S_fail(s, err, "reading the schema version");
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			break;
		}
		if (version >= SCHEMA_VERSION) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			break;
		}
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
		    version + 1);
		if (sqlite3_exec(s->db, migrations[version], NULL, NULL,
		    NULL) != SQLITE_OK || sqlite3_exec(s->db, pragma, NULL,
		    NULL, NULL) != SQLITE_OK || S_fk_check(s) != 0) {
			rc = S_fail(s, err, "migrating the schema");
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			break;
		}
		if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) !=
		    SQLITE_OK) {
			rc = S_fail(s, err, "committing a migration");
			break;
		}
		version++;
	}
	if (sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL,
	    NULL) != SQLITE_OK && rc == 0)
		rc = S_fail(s, err, "ending a migration");
	if (rc == 0 && version > SCHEMA_VERSION) {
		buf_printf(err, "the database has schema version %d, newer "
		    "than this program's %d: upgrade wasl", version,
		    SCHEMA_VERSION);
		return -1;
	}
	return rc;
}

struct store *
store_open(const char *path, const unsigned char salt[32], struct buf *err)
{
	struct store	*s = xcalloc(1, sizeof(*s));
	int		 fd, i, rc;

	pthread_mutex_init(&s->dblock, NULL);
	pthread_mutex_init(&s->qlock, NULL);
	pthread_cond_init(&s->qwake, NULL);
	pthread_mutex_init(&s->cklock, NULL);
	pthread_cond_init(&s->ckwake, NULL);
	s->path = xstrdup(path);
	s->next_batch = 1;
	/* Far above SQLite's 1000 pages: under a stream of submissions the
	 * same index pages are copied once for many commits, and the
	 * copying, which shares the disk with every commit's flush, runs a
	 * sixteenth as often (at 64 connections 29% more submissions a
	 * second than with 1000). */
	atomic_init(&s->ckframes, STORE_CHECKPOINT_FRAMES);
	atomic_init(&s->done[0], 0);
	atomic_init(&s->done[1], UINT32_MAX);	/* batch "-1" */
	s->clock = time;
	s->rnd_pos = sizeof(s->rnd);
	/* Fetched once: an implicit fetch on every digest costs a lookup. */
	if ((s->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL)) == NULL) {
		buf_puts(err, "no SHA-256 in libcrypto");
		goto fail;
	}
	memcpy(s->salt, salt, sizeof(s->salt));
	if ((s->own = S_gate_map(0)) == NULL) {
		buf_printf(err, "no memory for the recent submissions: %s",
		    strerror(errno));
		goto fail;
	}
	s->gate = s->own;
	/* Create the file ourselves so that it is never world-readable. */
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1) {
		buf_printf(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	close(fd);
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		S_fail(s, err, path);
		goto fail;
	}
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	/* A new file turned to WAL by several processes at once: the
	 * change of journal mode answers busy without waiting, so it is
	 * tried again (10 s at most, as the busy timeout). */
	for (i = 0; (rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
	    /* What is deleted is overwritten, not left in free space. */
	    "PRAGMA secure_delete = ON;"
	    /* The indexes of references and digests are written at random
	     * places: keep them in memory rather than read them back. */
	    "PRAGMA cache_size = -32768;",
	    NULL, NULL, NULL)) == SQLITE_BUSY && i < BUSY_TIMEOUT_MS / 10;
	    i++)
		usleep(10000);
	if (rc != SQLITE_OK) {
		S_fail(s, err, "setting up the database");
		goto fail;
	}
	if (S_migrate(s, err) == -1)
		goto fail;
	for (i = 0; i < ST__MAX; i++)
		if (sqlite3_prepare_v3(s->db, sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) != SQLITE_OK) {
			S_fail(s, err, "preparing statements");
			goto fail;
		}
	return s;
fail:
	store_close(s);
	return NULL;
}

void
store_close(struct store *s)
{
	int	 i;

	if (s == NULL)
		return;
	if (s->started) {
		/* The committer empties the queue first. */
		pthread_mutex_lock(&s->qlock);
		s->stop = 1;
		pthread_cond_signal(&s->qwake);
		pthread_mutex_unlock(&s->qlock);
		pthread_join(s->committer, NULL);
	}
	if (s->ckstarted) {
		pthread_mutex_lock(&s->cklock);
		s->ckstop = 1;
		pthread_cond_signal(&s->ckwake);
		pthread_mutex_unlock(&s->cklock);
		pthread_join(s->ckthread, NULL);
	}
	sqlite3_close(s->ckdb);
	for (i = 0; i < ST__MAX; i++)
		sqlite3_finalize(s->st[i]);
	for (i = 0; i <= FORMDEF_MAX_FIELDS; i++)
		sqlite3_finalize(s->fields_st[i]);
	sqlite3_close(s->db);
	pthread_mutex_destroy(&s->dblock);
	pthread_mutex_destroy(&s->qlock);
	pthread_cond_destroy(&s->qwake);
	pthread_mutex_destroy(&s->cklock);
	pthread_cond_destroy(&s->ckwake);
	free(s->path);
	store_gate_free(s->own);
	EVP_MD_free(s->sha256);
	explicit_bzero(s->rnd, sizeof(s->rnd));
	explicit_bzero(s->salt, sizeof(s->salt));
	free(s);
}

/* A gate, shared with the processes forked later or the store's own;
 * zeroed memory, touched only as the table fills. */
static struct store_gate *
S_gate_map(int shared)
{
	const size_t		 size = sizeof(struct store_gate) +
				    recent_size();
	struct store_gate	*g;
	pthread_mutexattr_t	 attr;
	int			 ok;

	g = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_ANONYMOUS |
	    (shared ? MAP_SHARED : MAP_PRIVATE), -1, 0);
	if (g == MAP_FAILED)
		return NULL;
	g->size = size;
	/* A worker that dies holding the gate must not stop the others:
	 * the next one gets it with EOWNERDEAD (SQLite itself drops a dead
	 * process's lock and ignores its uncommitted writes). */
	ok = pthread_mutexattr_init(&attr) == 0;
	if (ok && shared)
		ok = pthread_mutexattr_setpshared(&attr,
		    PTHREAD_PROCESS_SHARED) == 0 &&
		    pthread_mutexattr_setrobust(&attr,
		    PTHREAD_MUTEX_ROBUST) == 0;
	if (!ok || pthread_mutex_init(&g->lock, &attr) != 0) {
		munmap(g, size);
		errno = ENOMEM;
		return NULL;
	}
	pthread_mutexattr_destroy(&attr);
	return g;
}

struct store_gate *
store_gate_new(void)
{
	return S_gate_map(1);
}

void
store_gate_free(struct store_gate *g)
{
	/* Unmapped, the table's pages go back to the kernel, which
	 * clears them before any other use. */
	if (g != NULL)
		munmap(g, g->size);
}

void
store_set_gate(struct store *s, struct store_gate *g)
{
	s->gate = g != NULL ? g : s->own;
}

void
store_set_clock(struct store *s, time_t (*clock)(time_t *))
{
	s->clock = clock != NULL ? clock : time;
}

time_t
store_now(struct store *s)
{
	return s->clock(NULL);
}

void
store_set_checkpoint(struct store *s, int frames)
{
	atomic_store(&s->ckframes, frames > 0 ? frames : 1);
}

static void
S_gate_enter(struct store_gate *g)
{
	if (pthread_mutex_lock(&g->lock) == EOWNERDEAD)
		pthread_mutex_consistent(&g->lock);
}

static void
S_gate_leave(struct store_gate *g)
{
	pthread_mutex_unlock(&g->lock);
}

int
store_ref_valid(const char *ref)
{
	size_t	 i;

	if (ref == NULL || strlen(ref) != STORE_REF_LEN)
		return 0;
	for (i = 0; i < STORE_REF_LEN; i++)
		if (ref[i] == '\0' || strchr(STORE_REF_ALPHABET, ref[i]) ==
		    NULL)
			return 0;
	return 1;
}

/* A fresh random reference (rejection sampling: no modulo bias), from
 * the store's pool of random bytes, refilled a page at a time. Called
 * with the connection held (dblock), which guards the pool. */
static int
S_new_ref(struct store *s, char ref[STORE_REF_LEN + 1])
{
	const size_t	 n = sizeof(STORE_REF_ALPHABET) - 1;
	const unsigned	 limit = 256 - 256 % n;
	size_t		 i = 0;
	unsigned char	 c;

	while (i < STORE_REF_LEN) {
		if (s->rnd_pos == sizeof(s->rnd)) {
			if (getrandom(s->rnd, sizeof(s->rnd), 0) !=
			    (ssize_t)sizeof(s->rnd))
				return -1;
			s->rnd_pos = 0;
		}
		c = s->rnd[s->rnd_pos];
		/* Each byte serves once. */
		s->rnd[s->rnd_pos++] = 0;
		if (c < limit)
			ref[i++] = STORE_REF_ALPHABET[c % n];
	}
	ref[STORE_REF_LEN] = '\0';
	return 0;
}

static void
S_utc(time_t t, char out[21])
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int
S_keycmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The text a field's value is stored as, into num when it is a number:
 * "" for a value that is not stored (not a string, number or true). */
static const char *
S_value(const json_t *v, char num[32], size_t *len)
{
	const char	*t;

	if (json_is_string(v)) {
		*len = json_string_length(v);
		return json_string_value(v);
	}
	if (json_is_integer(v)) {
		snprintf(num, 32, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		t = num;
	} else
		t = json_is_true(v) ? "yes" : "";
	*len = strlen(t);
	return t;
}

/*
 * SHA-256(salt, form, answers, key) into out. The answers go in by
 * name in byte order, each as its name, a type and its value with its
 * length, then the key with its length, so that no two sets of answers
 * and key read alike. The whole message is laid out first and hashed in
 * one call.
 */
static int
S_digest(const struct store *s, const char *form, const json_t *fields,
    const char *key, unsigned char out[32])
{
	const char	*names[FORMDEF_MAX_FIELDS], *name, *v;
	struct buf	 msg = BUF_INIT;
	json_t		*j;
	char		 num[32];
	unsigned char	 len[8];
	unsigned int	 dlen = 0;
	size_t		 n = 0, i, k, vlen;
	int		 ok;

	json_object_foreach((json_t *)fields, name, j) {
		if (n == FORMDEF_MAX_FIELDS)
			return -1;
		names[n++] = name;
	}
	qsort(names, n, sizeof(names[0]), S_keycmp);
	buf_grow(&msg, 1024);
	buf_put(&msg, s->salt, sizeof(s->salt));
	buf_put(&msg, form, strlen(form) + 1);
	for (i = 0; i < n; i++) {
		j = json_object_get(fields, names[i]);
		v = S_value(j, num, &vlen);
		for (k = 0; k < sizeof(len); k++)
			len[k] = (unsigned char)(vlen >> (8 * k));
		buf_put(&msg, names[i], strlen(names[i]) + 1);
		buf_putc(&msg, json_is_string(j) ? 's' : json_is_integer(j) ?
		    'i' : 'b');
		buf_put(&msg, len, sizeof(len));
		buf_put(&msg, v, vlen);
	}
	vlen = strlen(key);
	for (k = 0; k < sizeof(len); k++)
		len[k] = (unsigned char)(vlen >> (8 * k));
	buf_putc(&msg, 'k');
	buf_put(&msg, len, sizeof(len));
	buf_put(&msg, key, vlen);
	ok = EVP_Digest(msg.data, msg.len, out, &dlen, s->sha256, NULL) &&
	    dlen == 32;
	/* The message holds the salt and the answers. */
	explicit_bzero(msg.data, msg.len);
	buf_free(&msg);
	return ok ? 0 : -1;
}

static int
S_step_done(sqlite3_stmt *st)
{
	int	 rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : rc;
}

/* The statement inserting n field rows at once, prepared on first use
 * (with the connection held). NULL when it cannot be prepared. */
static sqlite3_stmt *
S_fields_stmt(struct store *s, size_t n)
{
	struct buf	 q = BUF_INIT;
	size_t		 i;

	if (s->fields_st[n] != NULL)
		return s->fields_st[n];
	buf_puts(&q, "INSERT INTO field (submission_id, name, value) VALUES ");
	for (i = 0; i < n; i++)
		buf_printf(&q, "%s(?1, ?%zu, ?%zu)", i ? ", " : "", 2 * i + 2,
		    2 * i + 3);
	if (sqlite3_prepare_v3(s->db, buf_cstr(&q), -1,
	    SQLITE_PREPARE_PERSISTENT, &s->fields_st[n], NULL) != SQLITE_OK)
		s->fields_st[n] = NULL;
	buf_free(&q);
	return s->fields_st[n];
}

/* Whether a field's value is stored: a string, a number or true. */
static int
S_stored(const json_t *v)
{
	return json_is_string(v) || json_is_integer(v) || json_is_true(v);
}

/* The field rows of submission id, in one statement (one step, where a
 * row at a time took one each). Returns 0 or an SQLite code. */
static int
S_fields(struct store *s, sqlite3_int64 id, const json_t *fields)
{
	const char	*name, *names[FORMDEF_MAX_FIELDS];
	const char	*vals[FORMDEF_MAX_FIELDS];
	size_t		 lens[FORMDEF_MAX_FIELDS], n = 0, i;
	char		 num[FORMDEF_MAX_FIELDS][32];
	json_t		*j;
	sqlite3_stmt	*st;
	int		 rc;

	json_object_foreach((json_t *)fields, name, j) {
		if (!S_stored(j))
			continue;
		if (n == FORMDEF_MAX_FIELDS)
			return SQLITE_ERROR;
		names[n] = name;
		vals[n] = S_value(j, num[n], &lens[n]);
		n++;
	}
	if (n == 0)
		return 0;
	if ((st = S_fields_stmt(s, n)) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	for (i = 0; i < n; i++) {
		sqlite3_bind_text(st, (int)(2 * i + 2), names[i], -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, (int)(2 * i + 3), vals[i], (int)lens[i],
		    SQLITE_STATIC);
	}
	rc = S_step_done(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/*
 * Whether p has a twin: earlier in its batch (first), or committed since
 * time since (recent, with its row still there). Sets p->ref and p->dup
 * when it has. Returns 0, or -1 on a database error.
 */
static int
S_twin(struct store *s, struct pending *first, struct pending *p,
    time_t since)
{
	struct pending	*q;
	sqlite3_stmt	*st;
	char		 ref[RECENT_REF_MAX + 1];
	int64_t		 id;
	int		 rc;

	for (q = first; q != p; q = q->next)
		if (q->keyed &&
		    memcmp(q->digest, p->digest, sizeof(p->digest)) == 0) {
			memcpy(p->ref, q->ref, sizeof(p->ref));
			p->dup = 1;
			return 0;
		}
	if (!recent_find(GATE_RECENT(s->gate), p->digest, since, &id, ref))
		return 0;
	st = s->st[ST_DUP_ROW];
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st,
	    0), ref) == 0 && strlen(ref) == STORE_REF_LEN) {
		memcpy(p->ref, ref, sizeof(p->ref));
		p->dup = 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Store p, of the batch that starts at first, inside the caller's
 * transaction, received at now: its twin's reference when it is a
 * duplicate (S_twin()), else a new row with a new reference. Returns 0,
 * or -1 (p->err not yet told: the caller reads the connection's message).
 */
static int
S_store_one(struct store *s, struct pending *first, struct pending *p,
    const char *now, time_t since)
{
	sqlite3_stmt	*st;
	int		 rc, tries;

	p->dup = 0;
	if (p->keyed && S_twin(s, first, p, since) == -1)
		return -1;
	if (p->dup)
		return 0;

	/* A new reference; a collision with a stored one is retried. */
	st = s->st[ST_INSERT];
	for (tries = 0; ; tries++) {
		if (S_new_ref(s, p->ref) == -1)
			return -1;
		sqlite3_bind_text(st, 1, p->form, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, p->ref, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
		if (p->notice_version > 0) {
			sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 5, p->notice_version);
		} else {
			sqlite3_bind_null(st, 4);
			sqlite3_bind_null(st, 5);
		}
		rc = S_step_done(st);
		if (rc == 0)
			break;
		if (rc != SQLITE_CONSTRAINT || tries == 5)
			return -1;
	}
	p->id = sqlite3_last_insert_rowid(s->db);
	return S_fields(s, p->id, p->fields) == 0 ? 0 : -1;
}

/*
 * The first n submissions of list in one transaction. Returns 0 when it
 * committed (each p->ref and p->dup set), or -1 with the reason appended
 * to msg when nothing of it was stored.
 */
static int
S_transaction(struct store *s, struct pending *list, size_t n,
    struct buf *msg)
{
	struct recent	*r = GATE_RECENT(s->gate);
	struct pending	*p;
	char		 now[21];
	time_t		 t = s->clock(NULL);
	size_t		 i;

	S_utc(t, now);
	/* Digests older than the window go first. */
	recent_expire(r, t - STORE_DUP_WINDOW);
	if (S_step_done(s->st[ST_BEGIN]) != 0)
		return S_fail(s, msg, "starting the transaction");
	for (p = list, i = 0; i < n; p = p->next, i++)
		if (S_store_one(s, list, p, now, t - STORE_DUP_WINDOW) == -1)
			goto fail;
	if (S_step_done(s->st[ST_COMMIT]) != 0)
		goto fail;
	/* Committed: now they count as twins. */
	for (p = list, i = 0; i < n; p = p->next, i++)
		if (p->keyed && !p->dup)
			recent_add(r, p->digest, p->id, p->ref, t);
	return 0;
fail:
	S_fail(s, msg, "storing the submission");
	S_step_done(s->st[ST_ROLLBACK]);
	return -1;
}

/* The committer's work: store batch (n submissions), setting each rc. */
static void
S_commit(struct store *s, struct pending *batch, size_t n)
{
	struct buf	 msg = BUF_INIT;
	struct pending	*p;
	size_t		 i;

	S_gate_enter(s->gate);
	pthread_mutex_lock(&s->dblock);
	if (S_transaction(s, batch, n, &msg) == 0)
		for (p = batch, i = 0; i < n; p = p->next, i++)
			p->rc = 0;
	else if (n == 1) {
		batch->rc = -1;
		buf_puts(batch->err, buf_cstr(&msg));
	} else {
		/* One of them may be at fault: each alone now, so that only
		 * that one fails. */
		for (p = batch, i = 0; i < n; p = p->next, i++) {
			buf_reset(&msg);
			p->rc = S_transaction(s, p, 1, &msg);
			if (p->rc == -1)
				buf_puts(p->err, buf_cstr(&msg));
		}
	}
	pthread_mutex_unlock(&s->dblock);
	S_gate_leave(s->gate);
	buf_free(&msg);
}

/* 1 once batch n is done: a later batch of the same parity counts too
 * (modulo 2^32). */
static int
S_batch_done(struct store *s, uint32_t n, uint32_t *seen)
{
	*seen = atomic_load_explicit(&s->done[n & 1], memory_order_acquire);
	return (int32_t)(*seen - n) >= 0;
}

/* After each commit: how long the WAL has grown (it replaces SQLite's
 * own checkpoints, which ran inside the commit). */
static int
S_wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	struct store	*s = arg;

	(void)db;
	(void)name;
	s->wal_frames = frames;
	return SQLITE_OK;
}

/*
 * One copy of the WAL into the database while commits go on, then the
 * pages copied flushed to the disk. SQLite flushes the database itself
 * only after a copy that leaves nothing of the WAL behind, which here is
 * the last one, made with the connection held: flushed beforehand, its
 * flush has little left to do, and the commits waiting on it little to
 * wait for (a stall of 14-44 ms, growing with the database, became 2-8).
 */
static void
S_copy(struct store *s)
{
	sqlite3_file	*f = NULL;

	sqlite3_wal_checkpoint_v2(s->ckdb, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    NULL, NULL);
	/* Through the connection's own file, not a descriptor of ours: a
	 * close() of any descriptor of the file would drop the process's
	 * POSIX locks on it, SQLite's included. */
	if (sqlite3_file_control(s->ckdb, "main", SQLITE_FCNTL_FILE_POINTER,
	    &f) == SQLITE_OK && f != NULL && f->pMethods != NULL)
		(void)f->pMethods->xSync(f, SQLITE_SYNC_NORMAL);
}

/* A copy of the WAL into the database through db with the writers held
 * (the gate and the connection), so that all of it can be copied and the
 * next transaction can start the WAL over. */
static void
S_copy_held(struct store *s, sqlite3 *db)
{
	S_gate_enter(s->gate);
	pthread_mutex_lock(&s->dblock);
	sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL,
	    NULL);
	pthread_mutex_unlock(&s->dblock);
	S_gate_leave(s->gate);
}

/*
 * The checkpointer: copies the WAL into the database on its own
 * connection while the committer goes on committing, so that no batch
 * waits for the copy. A WAL only starts over when a transaction begins
 * with all of it copied, which commits arriving all the time would never
 * allow; so once the bulk is copied, and then what was committed while it
 * was, the little committed meanwhile is copied with the connection held,
 * between two batches.
 */
static void *
S_checkpointer(void *arg)
{
	struct store	*s = arg;

	pthread_mutex_lock(&s->cklock);
	for (;;) {
		while (!s->ckwant && !s->ckstop)
			pthread_cond_wait(&s->ckwake, &s->cklock);
		if (s->ckstop)
			break;
		pthread_mutex_unlock(&s->cklock);
		S_copy(s);
		S_copy(s);
		S_copy_held(s, s->ckdb);
		pthread_mutex_lock(&s->cklock);
		s->ckwant = 0;
	}
	pthread_mutex_unlock(&s->cklock);
	return NULL;
}

/* The checkpointer's connection, restricted: no statement at all. */
static int
S_nothing(void *arg, int action, const char *a, const char *b,
    const char *dbname, const char *trigger)
{
	(void)arg;
	(void)action;
	(void)a;
	(void)b;
	(void)dbname;
	(void)trigger;
	return SQLITE_DENY;
}

/* Start the checkpointer (by the committer, once): 0, or -1 when it has
 * no connection or thread, and the committer copies the WAL itself. */
static int
S_checkpointer_start(struct store *s)
{
	if (sqlite3_open_v2(s->path, &s->ckdb, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(s->ckdb, "PRAGMA synchronous = FULL", NULL, NULL,
	    NULL) != SQLITE_OK ||
	    sqlite3_wal_autocheckpoint(s->ckdb, 0) != SQLITE_OK) {
		sqlite3_close(s->ckdb);
		s->ckdb = NULL;
		return -1;
	}
	/* It runs no SQL: checkpoints go through the C interface. */
	if (s->adding)
		sqlite3_set_authorizer(s->ckdb, S_nothing, NULL);
	if (pthread_create(&s->ckthread, NULL, S_checkpointer, s) != 0) {
		sqlite3_close(s->ckdb);
		s->ckdb = NULL;
		return -1;
	}
	pthread_mutex_lock(&s->cklock);
	s->ckstarted = 1;
	pthread_mutex_unlock(&s->cklock);
	return 0;
}

/* After a batch has been answered: once the WAL is long enough, have it
 * copied into the database, by the checkpointer, else here, before the
 * next transaction begins (which can then start the WAL over). */
static void
S_checkpoint(struct store *s)
{
	if (s->wal_frames < atomic_load(&s->ckframes))
		return;
	if (s->ckdb != NULL) {
		pthread_mutex_lock(&s->cklock);
		if (!s->ckwant) {
			s->ckwant = 1;
			pthread_cond_signal(&s->ckwake);
		}
		pthread_mutex_unlock(&s->cklock);
		return;
	}
	S_copy_held(s, s->db);
	s->wal_frames = 0;
}

/* The committer: batch after batch until the store closes. */
static void *
S_committer(void *arg)
{
	struct store	*s = arg;
	struct pending	*batch, *p;
	uint32_t	 n;
	size_t		 k;

	pthread_mutex_lock(&s->dblock);
	sqlite3_wal_hook(s->db, S_wal_hook, s);
	pthread_mutex_unlock(&s->dblock);
	S_checkpointer_start(s);
	pthread_mutex_lock(&s->qlock);
	for (;;) {
		if (s->head == NULL) {
			if (s->stop)
				break;
			s->idle = 1;
			pthread_cond_wait(&s->qwake, &s->qlock);
			s->idle = 0;
			continue;
		}
		batch = s->head;
		s->head = s->tail = NULL;
		n = s->next_batch++;
		pthread_mutex_unlock(&s->qlock);
		for (k = 0, p = batch; p != NULL; p = p->next)
			k++;
		S_commit(s, batch, k);
		/* The results are written: release them, wake their callers.
		 * Those of batch n + 1 sleep on the other word. */
		atomic_store_explicit(&s->done[n & 1], n, memory_order_release);
		syscall(SYS_futex, &s->done[n & 1], FUTEX_WAKE_PRIVATE, INT_MAX,
		    NULL, NULL, 0);
		S_checkpoint(s);
		pthread_mutex_lock(&s->qlock);
	}
	pthread_mutex_unlock(&s->qlock);
	return NULL;
}

int
store_submit(struct store *s, const char *form, const json_t *fields,
    int notice_version, const char *key, char ref[STORE_REF_LEN + 1],
    int *dup, struct buf *err)
{
	struct pending	 me;
	uint32_t	 n, seen;

	*dup = 0;
	memset(&me, 0, sizeof(me));
	me.form = form;
	me.fields = fields;
	me.notice_version = notice_version;
	me.err = err;
	me.rc = -1;
	me.keyed = key != NULL;
	if (me.keyed && S_digest(s, form, fields, key, me.digest) == -1) {
		buf_puts(err, "computing the submission digest failed");
		return -1;
	}

	pthread_mutex_lock(&s->qlock);
	if (!s->started) {
		if (pthread_create(&s->committer, NULL, S_committer, s) != 0) {
			pthread_mutex_unlock(&s->qlock);
			buf_puts(err, "cannot start the committer thread");
			return -1;
		}
		s->started = 1;
	}
	if (s->tail != NULL)
		s->tail->next = &me;
	else
		s->head = &me;
	s->tail = &me;
	n = s->next_batch;
	if (s->idle)
		pthread_cond_signal(&s->qwake);
	pthread_mutex_unlock(&s->qlock);

	/* Sleep until batch n is done; me is the committer's until then. */
	while (!S_batch_done(s, n, &seen))
		syscall(SYS_futex, &s->done[n & 1], FUTEX_WAIT_PRIVATE, seen,
		    NULL, NULL, 0);
	if (me.rc == 0) {
		memcpy(ref, me.ref, sizeof(me.ref));
		*dup = me.dup;
	}
	return me.rc;
}

/* 1 when table is one the public forms add to and look up in. */
static int
S_adding_table(const char *table)
{
	return table != NULL && (strcmp(table, "submission") == 0 ||
	    strcmp(table, "field") == 0);
}

/*
 * The authorizer of a store restricted to adding (store.h): an allow
 * list of what store_submit() and store_case_find() prepare, in main.
 * BEGIN IMMEDIATE, COMMIT and ROLLBACK (the group commit); SELECT and
 * the columns of submission and field it reads (the twin's row, the
 * status lookup); INSERT into submission and field. secure_delete, the
 * WAL and checkpoints are set up by store_open() before this and run
 * outside SQL. Everything else is refused, so the statement fails to
 * prepare.
 */
static int
S_adding(void *arg, int action, const char *a, const char *b,
    const char *dbname, const char *trigger)
{
	(void)arg;
	(void)b;
	(void)trigger;
	if (dbname != NULL && strcmp(dbname, "main") != 0)
		return SQLITE_DENY;
	switch (action) {
	case SQLITE_TRANSACTION:
	case SQLITE_SELECT:
		return SQLITE_OK;
	case SQLITE_READ:
	case SQLITE_INSERT:
		return S_adding_table(a) ? SQLITE_OK : SQLITE_DENY;
	default:
		return SQLITE_DENY;
	}
}

void
store_restrict_to_adding(struct store *s)
{
	pthread_mutex_lock(&s->dblock);
	s->adding = 1;
	/* Setting it expires the statements prepared before: each is
	 * prepared again, through it, when next run. */
	sqlite3_set_authorizer(s->db, S_adding, NULL);
	pthread_mutex_unlock(&s->dblock);
	pthread_mutex_lock(&s->cklock);
	if (s->ckdb != NULL)
		sqlite3_set_authorizer(s->ckdb, S_nothing, NULL);
	pthread_mutex_unlock(&s->cklock);
}

sqlite3 *
store_db(struct store *s)
{
	return s->db;
}

const char *
store_path(const struct store *s)
{
	return s->path;
}

int
store_schema_version(void)
{
	return SCHEMA_VERSION;
}

/* Copy column i of st, a text of at most size - 1 bytes, into out ("" when
 * NULL); 0, or -1 when it does not fit. */
static int
S_col(sqlite3_stmt *st, int i, char *out, size_t size)
{
	const unsigned char	*v = sqlite3_column_text(st, i);
	size_t			 n = v ? strlen((const char *)v) : 0;

	if (n >= size)
		return -1;
	memcpy(out, v ? (const char *)v : "", n);
	out[n] = '\0';
	return 0;
}

int
store_case_find(struct store *s, const struct formdef_dir *forms,
    const char *ref, const char *national_id, struct store_case *c,
    struct buf *err)
{
	sqlite3_stmt			*st = s->st[ST_CASE];
	const struct formdef		*fd;
	const struct formdef_field	*f;
	int				 rc = SQLITE_DONE, found = 0;

	memset(c, 0, sizeof(*c));
	if (!store_ref_valid(ref) || national_id == NULL)
		return 0;
	pthread_mutex_lock(&s->dblock);
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, national_id, -1, SQLITE_STATIC);
	while (!found && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* The value must sit in a national ID field of a tracked
		 * form: the same digits typed as an income do not count. */
		fd = forms ? formdef_dir_find(forms,
		    (const char *)sqlite3_column_text(st, 0)) : NULL;
		f = fd ? formdef_field_find(fd,
		    (const char *)sqlite3_column_text(st, 4)) : NULL;
		if (f == NULL || f->type != FORMDEF_NATIONAL_ID ||
		    !wf_form_tracked(fd))
			continue;
		if (S_col(st, 0, c->form, sizeof(c->form)) == -1 ||
		    S_col(st, 1, c->status, sizeof(c->status)) == -1 ||
		    S_col(st, 2, c->received_at, sizeof(c->received_at)) ==
		    -1 || S_col(st, 3, c->decided_at, sizeof(c->decided_at))
		    == -1) {
			memset(c, 0, sizeof(*c));
			continue;
		}
		found = 1;
	}
	sqlite3_reset(st);
	if (!found && rc != SQLITE_DONE)
		found = S_fail(s, err, "looking up a submission");
	pthread_mutex_unlock(&s->dblock);
	return found;
}
