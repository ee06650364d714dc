/*
 * store: submissions in SQLite (see store.h).
 */
#include <sys/random.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <sqlite3.h>

#include "store.h"
#include "workflow.h"

#define BUSY_TIMEOUT_MS	10000

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
	"CREATE INDEX audit_ref ON audit(ref) WHERE ref IS NOT NULL;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'the audit trail is never deleted');"
	"END;"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at"
	"    OR NEW.actor IS NOT OLD.actor OR NEW.action IS NOT OLD.action"
	"    OR NEW.from_status IS NOT OLD.from_status"
	"    OR NEW.to_status IS NOT OLD.to_status"
	"    OR NOT (NEW.redacted = 1 AND NEW.ref IS NULL AND NEW.note IS NULL)"
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only');"
	"END;"
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
};

#define SCHEMA_VERSION	(int)(sizeof(migrations) / sizeof(migrations[0]))

enum stmt {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_FIND_DUP,
	ST_FORGET,
	ST_INSERT,
	ST_FIELD,
	ST_CASE,
	ST__MAX
};

static const char *const sql[ST__MAX] = {
	"BEGIN IMMEDIATE",
	"COMMIT",
	"ROLLBACK",
	"SELECT ref FROM submission WHERE digest = ?1",
	"UPDATE submission SET digest = NULL"
	"  WHERE digest IS NOT NULL AND received_at < ?1",
	"INSERT INTO submission (form, ref, received_at, consent_at,"
	"  notice_version, digest) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	"INSERT INTO field (submission_id, name, value) VALUES (?1, ?2, ?3)",
	/* One indexed query whether the reference is missing or the
	 * national ID wrong: both cost alike and answer alike. */
	"SELECT s.form, s.status, s.received_at, s.decided_at, f.name"
	"  FROM submission s JOIN field f ON f.submission_id = s.id"
	"  WHERE s.ref = ?1 AND f.value = ?2",
};

struct store {
	sqlite3		*db;
	sqlite3_stmt	*st[ST__MAX];
	unsigned char	 salt[32];
};

static int
S_fail(struct store *s, struct buf *err, const char *what)
{
	buf_printf(err, "%s: %s", what, s->db ? sqlite3_errmsg(s->db) :
	    "no database");
	return -1;
}

static int
S_migrate(struct store *s, struct buf *err)
{
	sqlite3_stmt	*st = NULL;
	int		 version, v;
	char		 pragma[64];

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return S_fail(s, err, "reading the schema version");
	}
	version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version > SCHEMA_VERSION) {
		buf_printf(err, "the database has schema version %d, newer "
		    "than this program's %d: upgrade wasl", version,
		    SCHEMA_VERSION);
		return -1;
	}
	for (v = version; v < SCHEMA_VERSION; v++) {
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
		    v + 1);
		if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
		    SQLITE_OK)
			return S_fail(s, err, "starting a migration");
		if (sqlite3_exec(s->db, migrations[v], NULL, NULL, NULL) !=
		    SQLITE_OK || sqlite3_exec(s->db, pragma, NULL, NULL,
		    NULL) != SQLITE_OK) {
			S_fail(s, err, "migrating the schema");
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
		if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) !=
		    SQLITE_OK)
			return S_fail(s, err, "committing a migration");
	}
	return 0;
}

struct store *
store_open(const char *path, const unsigned char salt[32], struct buf *err)
{
	struct store	*s = xcalloc(1, sizeof(*s));
	int		 fd, i;

	memcpy(s->salt, salt, sizeof(s->salt));
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
	if (sqlite3_exec(s->db, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
	    /* What is deleted is overwritten, not left in free space. */
	    "PRAGMA secure_delete = ON;",
	    NULL, NULL, NULL) != SQLITE_OK) {
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
	for (i = 0; i < ST__MAX; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	explicit_bzero(s->salt, sizeof(s->salt));
	free(s);
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

/* A fresh random reference (rejection sampling: no modulo bias). */
static int
S_new_ref(char ref[STORE_REF_LEN + 1])
{
	const size_t	 n = sizeof(STORE_REF_ALPHABET) - 1;
	const unsigned	 limit = 256 - 256 % n;
	unsigned char	 rnd[32];
	size_t		 i = 0, k = 0;

	while (i < STORE_REF_LEN) {
		if (k == 0 || k == sizeof(rnd)) {
			if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
				return -1;
			k = 0;
		}
		if (rnd[k] < limit)
			ref[i++] = STORE_REF_ALPHABET[rnd[k] % n];
		k++;
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

/* SHA-256(salt, form, canonical answers, client) into out. */
static int
S_digest(const struct store *s, const char *form, const json_t *fields,
    const char *client, unsigned char out[32])
{
	EVP_MD_CTX	*ctx;
	char		*canon;
	unsigned int	 len = 0;
	int		 ok;

	canon = json_dumps(fields, JSON_SORT_KEYS | JSON_COMPACT);
	if (canon == NULL || (ctx = EVP_MD_CTX_new()) == NULL) {
		free(canon);
		return -1;
	}
	ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
	    EVP_DigestUpdate(ctx, s->salt, sizeof(s->salt)) &&
	    EVP_DigestUpdate(ctx, form, strlen(form) + 1) &&
	    EVP_DigestUpdate(ctx, canon, strlen(canon) + 1) &&
	    EVP_DigestUpdate(ctx, client, strlen(client)) &&
	    EVP_DigestFinal_ex(ctx, out, &len) && len == 32;
	EVP_MD_CTX_free(ctx);
	free(canon);
	return ok ? 0 : -1;
}

static int
S_step_done(sqlite3_stmt *st)
{
	int	 rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : rc;
}

int
store_submit(struct store *s, const char *form, const json_t *fields,
    int notice_version, const char *client, char ref[STORE_REF_LEN + 1],
    int *dup, struct buf *err)
{
	unsigned char	 digest[32];
	char		 now[21], cutoff[21];
	time_t		 t = time(NULL);
	sqlite3_int64	 id;
	sqlite3_stmt	*st;
	const char	*name;
	json_t		*v;
	int		 rc, tries;

	*dup = 0;
	if (S_digest(s, form, fields, client ? client : "", digest) == -1) {
		buf_puts(err, "computing the submission digest failed");
		return -1;
	}
	S_utc(t, now);
	S_utc(t - STORE_DUP_WINDOW, cutoff);
	if (S_step_done(s->st[ST_BEGIN]) != 0)
		return S_fail(s, err, "starting the transaction");

	/* Digests older than the window are erased first, so that a match
	 * below is always a recent one. */
	sqlite3_bind_text(s->st[ST_FORGET], 1, cutoff, -1, SQLITE_STATIC);
	if (S_step_done(s->st[ST_FORGET]) != 0)
		goto fail;

	st = s->st[ST_FIND_DUP];
	sqlite3_bind_blob(st, 1, digest, sizeof(digest), SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(ref, STORE_REF_LEN + 1, "%s",
		    (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		*dup = 1;
		if (S_step_done(s->st[ST_COMMIT]) != 0)
			goto fail;
		return 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;

	/* A new reference; a collision with a stored one is retried. */
	st = s->st[ST_INSERT];
	for (tries = 0; ; tries++) {
		if (S_new_ref(ref) == -1) {
			buf_puts(err, "no random bytes for a reference");
			goto fail_quiet;
		}
		sqlite3_bind_text(st, 1, form, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, ref, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
		if (notice_version > 0) {
			sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 5, notice_version);
		} else {
			sqlite3_bind_null(st, 4);
			sqlite3_bind_null(st, 5);
		}
		sqlite3_bind_blob(st, 6, digest, sizeof(digest),
		    SQLITE_STATIC);
		rc = S_step_done(st);
		if (rc == 0)
			break;
		if (rc != SQLITE_CONSTRAINT || tries == 5)
			goto fail;
	}
	id = sqlite3_last_insert_rowid(s->db);

	st = s->st[ST_FIELD];
	json_object_foreach((json_t *)fields, name, v) {
		char num[32];

		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		if (json_is_string(v))
			sqlite3_bind_text(st, 3, json_string_value(v),
			    (int)json_string_length(v), SQLITE_STATIC);
		else if (json_is_integer(v)) {
			snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			    json_integer_value(v));
			sqlite3_bind_text(st, 3, num, -1, SQLITE_TRANSIENT);
		} else if (json_is_true(v))
			sqlite3_bind_text(st, 3, "yes", -1, SQLITE_STATIC);
		else
			continue;
		if (S_step_done(st) != 0)
			goto fail;
	}
	if (S_step_done(s->st[ST_COMMIT]) != 0)
		goto fail;
	return 0;
fail:
	S_fail(s, err, "storing the submission");
fail_quiet:
	S_step_done(s->st[ST_ROLLBACK]);
	return -1;
}

sqlite3 *
store_db(struct store *s)
{
	return s->db;
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
		return S_fail(s, err, "looking up a submission");
	return found;
}
