/*
 * test_store: the submissions database: creation mode, schema version,
 * byte-exact storage, references, duplicates and reopening.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	check(S_count("PRAGMA user_version") == 2, "store: schema version 2",
	    NULL);
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

	g = json_pack("{s:s}", "overall", "5");
	for (i = 0, ok = 1; i < 200; i++) {
		char client[32];

		snprintf(client, sizeof(client), "c%d", i);
		if (store_submit(s, "satisfaction-survey", g, 0, client, ref2,
		    &dup, &err) == -1 || dup)
			ok = 0;
	}
	check(ok && S_count("SELECT count(DISTINCT ref) FROM submission") ==
	    202, "store: 200 more submissions, all distinct references",
	    buf_cstr(&err));
	check(S_count("SELECT count(*) FROM submission WHERE form = "
	    "'satisfaction-survey' AND consent_at IS NULL") == 200,
	    "store: no consent recorded where none was asked", NULL);
	store_close(s);

	s = store_open(path, salt, &err);
	check(s != NULL && S_count("SELECT count(*) FROM field") == 3 + 3 + 200,
	    "store: reopening keeps every row", buf_cstr(&err));
	store_close(s);

	check(!store_ref_valid("ABCD234") && !store_ref_valid("ABCD2340") &&
	    !store_ref_valid("abcd3467") && !store_ref_valid(NULL),
	    "store: malformed references refused", NULL);

	json_decref(f);
	json_decref(g);
	buf_free(&err);
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
