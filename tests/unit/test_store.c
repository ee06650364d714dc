/*
 * test_store: the submissions database: creation mode, schema version,
 * byte-exact storage, references, duplicates and their ten minutes
 * (across processes too), group commit from many threads, reopening, and
 * the migration that takes the digests off the disk.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "check.h"
#include "store.h"

static char	 dir[] = "/tmp/wasl-test-store-XXXXXX";
static char	 path[256];

static int
S_count(const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	int		 n = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static time_t	 clock_now;

static time_t
S_clock(time_t *t)
{
	if (t != NULL)
		*t = clock_now;
	return clock_now;
}

static char *
S_value(const char *ref, const char *name)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	char		*v = NULL;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return NULL;
	if (sqlite3_prepare_v2(db, "SELECT value FROM field JOIN submission"
	    " ON submission.id = submission_id WHERE ref = ? AND name = ?",
	    -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			v = strdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static int
S_exec(const char *sql)
{
	sqlite3	*db;
	int	 rc;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(db, 10000);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

/* What wasl-admin's erasure does to a submission's rows. */
static void
S_erase(const char *ref)
{
	char	 sql[200];

	snprintf(sql, sizeof(sql), "DELETE FROM field WHERE submission_id = "
	    "(SELECT id FROM submission WHERE ref = '%s');"
	    "DELETE FROM submission WHERE ref = '%s'", ref, ref);
	S_exec(sql);
}

/* Threads submitting at once: each its own answers, except that the
 * "twin" ones send the same answers. */
#define NTHREADS	16
#define EACH		25

struct submitter {
	struct store	*s;
	int		 id;
	int		 failed;
	char		 refs[EACH][STORE_REF_LEN + 1];
};

static void *
S_submitter(void *arg)
{
	struct submitter	*t = arg;
	struct buf		 err = BUF_INIT;
	char			 need[64];
	json_t			*f;
	int			 i, dup;

	for (i = 0; i < EACH; i++) {
		/* Threads 0 and 1 are twins: the same answers, at once. */
		snprintf(need, sizeof(need), "need %d-%d", t->id < 2 ? 0 :
		    t->id, i);
		f = json_pack("{s:s,s:I,s:b}", "need", need, "family_size",
		    (json_int_t)(i % 7 + 1), "privacy_consent", 1);
		if (store_submit(t->s, "support-request", f, 1, "10.1.1.1",
		    t->refs[i], &dup, &err) == -1)
			t->failed++;
		json_decref(f);
	}
	buf_free(&err);
	return NULL;
}

int
main(void)
{
	unsigned char	 salt[32] = { 1, 2, 3 };
	struct buf	 err = BUF_INIT;
	struct store	*s;
	struct stat	 st;
	char		 ref[STORE_REF_LEN + 1], ref2[STORE_REF_LEN + 1];
	char		 ref3[STORE_REF_LEN + 1], *v;
	json_t		*f, *g;
	int		 dup, i, ok;
	const char	*name = "عبدالله بن محمد — \"اختبار\" '; DROP TABLE field; --";

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/wasl.db", dir);
	s = store_open(path, salt, &err);
	check(s != NULL, "store: opens and creates", buf_cstr(&err));
	if (s == NULL)
		return 1;
	check(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "store: database file is mode 0600", NULL);
	check(S_count("PRAGMA user_version") == 7 &&
	    store_schema_version() == 7, "store: schema version 7", NULL);
	check(S_count("SELECT count(*) FROM pragma_journal_mode "
	    "WHERE journal_mode = 'wal'") == 1, "store: WAL journal", NULL);

	f = json_pack("{s:s,s:s,s:s}", "full_name", name, "national_id",
	    "1000000008", "mobile", "+966500000000");
	check(store_submit(s, "support-request", f, 1, "127.0.0.1", ref, &dup,
	    &err) == 0 && !dup, "store: a submission is stored",
	    buf_cstr(&err));
	check(store_ref_valid(ref), "store: reference has 8 characters of "
	    "the alphabet", ref);
	v = S_value(ref, "full_name");
	check_str(v, name, "store: Arabic and SQL metacharacters byte-exact");
	free(v);
	check(S_count("SELECT count(*) FROM submission WHERE status = "
	    "'received' AND notice_version = 1 AND consent_at = received_at")
	    == 1, "store: status received, consent time and notice version",
	    NULL);

	check(store_submit(s, "support-request", f, 1, "127.0.0.1", ref2, &dup,
	    &err) == 0 && dup && strcmp(ref, ref2) == 0,
	    "store: the same submission again gives the same reference", ref2);
	check(S_count("SELECT count(*) FROM submission") == 1,
	    "store: and no second row", NULL);
	check(store_submit(s, "support-request", f, 1, "10.0.0.9", ref3, &dup,
	    &err) == 0 && !dup && strcmp(ref, ref3) != 0,
	    "store: the same answers from another client are a new row", ref3);
	/* No key: never a twin, however alike (an anonymous form posted
	 * from a page without a token). */
	{
		char	 a[STORE_REF_LEN + 1], b[STORE_REF_LEN + 1];
		int	 n0 = S_count("SELECT count(*) FROM submission"), d1, d2;

		check(store_submit(s, "support-request", f, 1, NULL, a, &d1,
		    &err) == 0 && store_submit(s, "support-request", f, 1,
		    NULL, b, &d2, &err) == 0 && !d1 && !d2 &&
		    strcmp(a, b) != 0 &&
		    S_count("SELECT count(*) FROM submission") == n0 + 2,
		    "store: without a key the same answers twice are two rows",
		    b);
		S_erase(a);
		S_erase(b);
	}

	/* The window, on the store's clock: ten minutes on, the same
	 * answers are a new submission, and the newest is recognised. */
	{
		char ref4[STORE_REF_LEN + 1], ref5[STORE_REF_LEN + 1];

		clock_now = time(NULL);
		store_set_clock(s, S_clock);
		check(store_submit(s, "support-request", f, 1, "10.0.0.9",
		    ref4, &dup, &err) == 0 && dup && strcmp(ref4, ref3) == 0,
		    "store: the same again within the window: a twin", ref4);
		clock_now += STORE_DUP_WINDOW + 1;
		check(store_submit(s, "support-request", f, 1, "10.0.0.9",
		    ref4, &dup, &err) == 0 && !dup && strcmp(ref4, ref3) != 0,
		    "store: after ten minutes the same answers are new", ref4);
		clock_now += STORE_DUP_WINDOW - 1;
		check(store_submit(s, "support-request", f, 1, "10.0.0.9",
		    ref5, &dup, &err) == 0 && dup && strcmp(ref4, ref5) == 0,
		    "store: the newest one is still recognised a second "
		    "before its ten minutes end", ref5);
		/* Erased by staff meanwhile: no longer a twin. */
		S_erase(ref4);
		check(store_submit(s, "support-request", f, 1, "10.0.0.9",
		    ref5, &dup, &err) == 0 && !dup && strcmp(ref4, ref5) != 0,
		    "store: a twin erased meanwhile does not count", ref5);
		check(S_count("SELECT count(*) FROM pragma_table_info("
		    "'submission') WHERE name = 'digest'") == 0,
		    "store: no digest on disk", NULL);
		store_set_clock(s, NULL);
	}

	/* Another process with the same gate recognises a twin sent to this
	 * one, and this one its. */
	{
		struct store_gate	*gate = store_gate_new();
		char			 ref6[STORE_REF_LEN + 1] = "";
		int			 status = -1, pfd[2];
		pid_t			 pid = -1;
		json_t			*h = json_pack("{s:s}", "note", "twins");

		check(gate != NULL, "gate: mapped", NULL);
		store_set_gate(s, gate);
		if (gate != NULL && pipe(pfd) == 0 && (pid = fork()) == 0) {
			struct store	*c = store_open(path, salt, &err);
			char		 r[STORE_REF_LEN + 1];
			int		 d;

			close(pfd[0]);
			if (c == NULL)
				_exit(1);
			store_set_gate(c, gate);
			if (store_submit(c, "inquiry", h, 0, "k", r, &d,
			    &err) == -1 || d)
				_exit(2);
			if (write(pfd[1], r, STORE_REF_LEN) != STORE_REF_LEN)
				_exit(3);
			store_close(c);
			_exit(0);
		} else if (gate != NULL) {
			close(pfd[1]);
			if (read(pfd[0], ref6, STORE_REF_LEN) != STORE_REF_LEN)
				ref6[0] = '\0';
			close(pfd[0]);
			waitpid(pid, &status, 0);
		}
		check(status == 0 && store_ref_valid(ref6),
		    "gate: another process stores a submission", ref6);
		check(store_submit(s, "inquiry", h, 0, "k", ref2, &dup,
		    &err) == 0 && dup && strcmp(ref2, ref6) == 0,
		    "gate: its twin sent here is recognised", ref2);
		check(S_count("SELECT count(*) FROM submission WHERE form = "
		    "'inquiry'") == 1, "gate: and stored once", NULL);
		store_set_gate(s, NULL);
		check(store_submit(s, "inquiry", h, 0, "k", ref2, &dup,
		    &err) == 0 && !dup, "gate: a store's own table is its "
		    "own", ref2);
		store_gate_free(gate);
		S_erase(ref2);
		S_erase(ref6);
		json_decref(h);
	}

	g = json_pack("{s:s}", "overall", "5");
	for (i = 0, ok = 1; i < 200; i++) {
		char client[32];

		snprintf(client, sizeof(client), "c%d", i);
		if (store_submit(s, "satisfaction-survey", g, 0, client, ref2,
		    &dup, &err) == -1 || dup)
			ok = 0;
	}
	check(ok && S_count("SELECT count(DISTINCT ref) FROM submission") ==
	    203, "store: 200 more submissions, all distinct references",
	    buf_cstr(&err));
	check(S_count("SELECT count(*) FROM submission WHERE form = "
	    "'satisfaction-survey' AND consent_at IS NULL") == 200,
	    "store: no consent recorded where none was asked", NULL);

	/* Many threads at once: committed together, each reference its
	 * own, the twins' answers stored once. */
	{
		struct submitter	t[NTHREADS];
		pthread_t		tid[NTHREADS];
		int			k, before, failed = 0, same = 1;

		before = S_count("SELECT count(*) FROM submission");
		for (k = 0; k < NTHREADS; k++) {
			memset(&t[k], 0, sizeof(t[k]));
			t[k].s = s;
			t[k].id = k;
			pthread_create(&tid[k], NULL, S_submitter, &t[k]);
		}
		for (k = 0; k < NTHREADS; k++) {
			pthread_join(tid[k], NULL);
			failed += t[k].failed;
		}
		for (i = 0; i < EACH; i++)
			if (strcmp(t[0].refs[i], t[1].refs[i]) != 0)
				same = 0;
		check(failed == 0, "store: 16 threads at once, every "
		    "submission stored", NULL);
		check(S_count("SELECT count(*) FROM submission") == before +
		    (NTHREADS - 1) * EACH && S_count("SELECT count(DISTINCT "
		    "ref) FROM submission") == S_count("SELECT count(*) FROM "
		    "submission"), "store: one row each, distinct references",
		    NULL);
		check(same, "store: the same answers from two threads at once: "
		    "one reference", NULL);
		/* Each reference leads to the answers sent with it. */
		for (k = 0, ok = 1; k < NTHREADS; k++)
			for (i = 0; i < EACH; i++) {
				char want[64];

				snprintf(want, sizeof(want), "need %d-%d",
				    k < 2 ? 0 : k, i);
				v = S_value(t[k].refs[i], "need");
				if (v == NULL || strcmp(v, want) != 0)
					ok = 0;
				free(v);
			}
		check(ok, "store: each reference has its own answers", NULL);
	}

	/* The checkpointer: with a short WAL, pages are copied into the
	 * database while threads go on submitting, and the WAL starts over
	 * instead of growing; nothing is lost on the way. */
	{
		struct submitter	t[NTHREADS];
		pthread_t		tid[NTHREADS];
		struct stat		st0, stw;
		char			wal[300];
		int			k, before, failed = 0;

		snprintf(wal, sizeof(wal), "%s-wal", path);
		before = S_count("SELECT count(*) FROM submission");
		S_exec("PRAGMA wal_checkpoint(TRUNCATE)");
		stat(path, &st0);
		store_set_checkpoint(s, 40);
		for (k = 0; k < NTHREADS; k++) {
			memset(&t[k], 0, sizeof(t[k]));
			t[k].s = s;
			t[k].id = 100 + k;
			pthread_create(&tid[k], NULL, S_submitter, &t[k]);
		}
		for (k = 0; k < NTHREADS; k++) {
			pthread_join(tid[k], NULL);
			failed += t[k].failed;
		}
		check(failed == 0 && S_count("SELECT count(*) FROM submission")
		    == before + NTHREADS * EACH, "checkpoints: every "
		    "submission stored while the WAL is copied", NULL);
		check(stat(path, &st) == 0 && st.st_size > st0.st_size,
		    "checkpoints: pages copied into the database while open",
		    NULL);
		/* 400 submissions write some 1,200 pages: a WAL that starts
		 * over holds a fraction of them. */
		check(stat(wal, &stw) == 0 && stw.st_size < 600 * 4096,
		    "checkpoints: the WAL starts over", NULL);
		check(S_count("SELECT count(*) FROM pragma_integrity_check "
		    "WHERE integrity_check = 'ok'") == 1,
		    "checkpoints: integrity ok", NULL);
		store_set_checkpoint(s, STORE_CHECKPOINT_FRAMES);
	}
	store_close(s);

	s = store_open(path, salt, &err);
	check(s != NULL && S_count("SELECT count(*) FROM field") == 3 + 3 * 2 +
	    200 + (NTHREADS - 1) * EACH * 3 + NTHREADS * EACH * 3,
	    "store: reopening keeps every row", buf_cstr(&err));
	store_close(s);

	check(!store_ref_valid("ABCD234") && !store_ref_valid("ABCD2340") &&
	    !store_ref_valid("abcd3467") && !store_ref_valid(NULL),
	    "store: malformed references refused", NULL);

	/* A database of schema version 2 kept the digests on disk: the
	 * migration removes them, and their bytes from the file; then its
	 * audit trail is made again to take restores (version 4), every
	 * entry kept, still append-only. */
	{
		static const unsigned char mark[8] = { 0xd1, 0x6e, 0x57, 0xa9,
		    0x11, 0x22, 0x33, 0x44 };
		char	 sql[2400], hex[17], *file = NULL;
		size_t	 len = 0, k;
		FILE	*fp;
		int	 found = 0;

		for (k = 0; k < sizeof(mark); k++)
			snprintf(hex + 2 * k, 3, "%02x", mark[k]);
		snprintf(path, sizeof(path), "%s/v2.db", dir);
		snprintf(sql, sizeof(sql), "CREATE TABLE submission (id INTEGER"
		    " PRIMARY KEY, form TEXT NOT NULL, ref TEXT NOT NULL UNIQUE,"
		    " received_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT"
		    " 'received', consent_at TEXT, notice_version INTEGER,"
		    " digest BLOB, decided_at TEXT);"
		    "CREATE INDEX submission_digest ON submission(digest)"
		    " WHERE digest IS NOT NULL;"
		    "CREATE TABLE field (submission_id INTEGER NOT NULL, name"
		    " TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY"
		    " (submission_id, name)) WITHOUT ROWID;"
		    "INSERT INTO submission (form, ref, received_at, digest)"
		    " VALUES ('inquiry', 'ACDE3467', '2024-07-01T06:00:00Z',"
		    " x'%s%s%s%s');"
		    "INSERT INTO field VALUES (1, 'note', 'kept');"
		    "CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT"
		    " NULL, actor TEXT NOT NULL, action TEXT NOT NULL CHECK"
		    " (action IN ('status', 'show', 'export', 'access',"
		    " 'erase', 'purge', 'backup')), ref TEXT, from_status"
		    " TEXT, to_status TEXT, note TEXT, redacted INTEGER NOT"
		    " NULL DEFAULT 0 CHECK (redacted IN (0, 1)));"
		    "CREATE INDEX audit_ref ON audit(ref) WHERE ref IS NOT"
		    " NULL;"
		    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
		    " BEGIN SELECT RAISE(ABORT, 'never deleted'); END;"
		    "INSERT INTO audit (at, actor, action, ref, note) VALUES"
		    " ('2024-07-02T06:00:00Z', 'alice', 'show', 'ACDE3467',"
		    " 'looked');"
		    "CREATE TABLE tally (form TEXT NOT NULL, month TEXT NOT"
		    " NULL, status TEXT NOT NULL, reason TEXT NOT NULL, n"
		    " INTEGER NOT NULL, PRIMARY KEY (form, month, status,"
		    " reason)) WITHOUT ROWID;"
		    "PRAGMA user_version = 2;", hex, hex, hex, hex);
		check(S_exec(sql) == 0, "migration: a version 2 database",
		    NULL);
		s = store_open(path, salt, &err);
		check(s != NULL && S_count("PRAGMA user_version") == 7 &&
		    S_count("SELECT count(*) FROM pragma_table_info("
		    "'submission') WHERE name = 'digest'") == 0 &&
		    S_count("SELECT count(*) FROM sqlite_schema WHERE name = "
		    "'submission_digest'") == 0, "migration: to version 7, "
		    "the digests and their index gone", buf_cstr(&err));
		check(S_count("SELECT count(*) FROM audit WHERE id = 1 AND"
		    " actor = 'alice' AND action = 'show' AND ref = 'ACDE3467'"
		    " AND note = 'looked'") == 1 && S_exec("INSERT INTO audit"
		    " (at, actor, action, note) VALUES ('2024-07-03T06:00:00Z',"
		    " 'bob', 'restore', 'from x')") == 0,
		    "migration: the audit trail kept, restores allowed", NULL);
		check(S_exec("UPDATE audit SET note = 'x' WHERE id = 1") == -1 &&
		    S_exec("DELETE FROM audit") == -1 && S_exec("INSERT INTO"
		    " audit (at, actor, action) VALUES ('2024-07-03T06:00:00Z',"
		    " 'bob', 'delete-all')") == -1 && S_count("SELECT count(*)"
		    " FROM sqlite_schema WHERE name IN ('audit_ref',"
		    " 'audit_no_delete', 'audit_no_update', 'audit_new')") == 3,
		    "migration: still append-only, with its index", NULL);
		v = S_value("ACDE3467", "note");
		check_str(v, "kept", "migration: the submission kept");
		free(v);
		store_close(s);
		if ((fp = fopen(path, "rb")) != NULL) {
			file = malloc(1 << 20);
			len = file ? fread(file, 1, 1 << 20, fp) : 0;
			fclose(fp);
		}
		for (k = 0; k + sizeof(mark) <= len; k++)
			if (memcmp(file + k, mark, sizeof(mark)) == 0)
				found = 1;
		check(len > 0 && !found, "migration: no digest left in the "
		    "file", NULL);
		free(file);
		unlink(path);
	}

	json_decref(f);
	json_decref(g);
	buf_free(&err);
	snprintf(path, sizeof(path), "%s/wasl.db", dir);
	unlink(path);
	{
		char p[300];

		snprintf(p, sizeof(p), "%s-wal", path);
		unlink(p);
		snprintf(p, sizeof(p), "%s-shm", path);
		unlink(p);
	}
	rmdir(dir);
	return check_exit();
}
