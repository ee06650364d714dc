/*
 * test_restrict: a store restricted to adding (store_restrict_to_adding,
 * as wasl-forms' workers run) still stores submissions, many threads at
 * once with the WAL copied meanwhile, recognises a twin and answers the
 * status lookup; and its connection refuses any other SQL: an UPDATE or
 * DELETE of submission, field, audit, tally or privacy_request, any
 * look at or change of the staff's tables, a PRAGMA, an ATTACH.
 */
#include <sys/stat.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "check.h"
#include "formdef.h"
#include "store.h"
#include "users.h"

static char		 dir[] = "/tmp/wasl-restrict-XXXXXX";
static char		 path[256];
static struct store	*s;

/* An SQL statement on the restricted connection: its result code. */
static int
S_exec(const char *q)
{
	return sqlite3_exec(store_db(s), q, NULL, NULL, NULL);
}

/* A count on a connection of our own, unrestricted. */
static int
S_count(const char *q)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	int		 n = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void *
S_submitter(void *arg)
{
	struct buf	 err = BUF_INIT;
	char		 ref[STORE_REF_LEN + 1], msg[32];
	json_t		*f;
	int		 dup, i, *bad = arg;

	for (i = 0; i < 25; i++) {
		snprintf(msg, sizeof(msg), "thread %p %d", arg, i);
		f = json_pack("{s:s,s:s,s:s}", "kind", "inquiry", "message",
		    msg, "mobile", "+966512345678");
		if (store_submit(s, "inquiry", f, 1, msg, ref, &dup, &err) ==
		    -1 || dup)
			(*bad)++;
		json_decref(f);
	}
	buf_free(&err);
	return NULL;
}

int
main(void)
{
	static const char *const refused[] = {
		"UPDATE submission SET status = 'accepted'",
		"DELETE FROM submission",
		"UPDATE field SET value = 'x'",
		"DELETE FROM field",
		"UPDATE audit SET note = NULL",
		"DELETE FROM audit",
		"INSERT INTO audit (at, actor, action) VALUES ('x', 'y', 'show')",
		"SELECT id FROM audit",
		"SELECT 1 FROM audit",
		"DELETE FROM tally",
		"UPDATE tally SET n = 1",
		"SELECT national_id FROM privacy_request",
		"UPDATE privacy_request SET closed_at = 'x'",
		"DELETE FROM privacy_request",
		"SELECT name, password_hash FROM staff_user",
		"SELECT totp_secret FROM staff_user",
		"UPDATE staff_user SET role = 'admin'",
		"DELETE FROM staff_user",
		"INSERT INTO staff_user (name, role, created_at) VALUES "
		    "('mallory', 'admin', 'x')",
		"SELECT token_hash FROM staff_session",
		"DELETE FROM staff_session",
		"INSERT INTO staff_session VALUES ('a', 1, 'x', 'x', 'x')",
		"SELECT 1 FROM signin_attempt",
		"SELECT 1 FROM staff_user",
		"SELECT 1 FROM staff_session",
		"DELETE FROM signin_attempt",
		"SELECT sql FROM sqlite_master",
		"PRAGMA secure_delete = OFF",
		"PRAGMA user_version = 99",
		"ATTACH DATABASE '/tmp/wasl-restrict-other.db' AS other",
		"CREATE TABLE x (a)",
		"DROP TABLE submission",
		"DROP TRIGGER audit_no_delete",
		"ALTER TABLE submission ADD COLUMN x",
		"SELECT name FROM staff_user UNION SELECT ref FROM submission",
		"SELECT ref FROM submission WHERE id IN (SELECT user_id FROM "
		    "staff_session)",
		NULL
	};
	unsigned char		 salt[32] = { 7 };
	struct buf		 err = BUF_INIT;
	struct formdef_dir	*forms;
	struct store_case	 c;
	char			 ref[STORE_REF_LEN + 1], ref2[STORE_REF_LEN + 1];
	char			 token[AUTH_TOKEN_LEN + 1], name[64];
	pthread_t		 t[8];
	int			 bad[8] = { 0 };
	json_t			*f;
	int			 dup, i, n, ok, before;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/wasl.db", dir);
	forms = formdef_dir_load(NULL, "content/forms", NULL, &err);
	s = store_open(path, salt, &err);
	if (!check(s != NULL && forms != NULL, "restrict: opens", buf_cstr(&err)))
		return 1;
	/* The staff's side before: an account, an audit entry. */
	check(users_add(s, "test", "alice", 1, token, &err) == 0,
	    "restrict: an account made before", buf_cstr(&err));
	store_set_checkpoint(s, 8);
	store_restrict_to_adding(s);

	/* What the public side does. */
	f = json_pack("{s:s,s:s,s:s}", "full_name", "سارة", "national_id",
	    "1000000008", "mobile", "+966500000000");
	check(store_submit(s, "support-request", f, 1, "k", ref, &dup, &err) ==
	    0 && !dup && store_ref_valid(ref),
	    "restrict: a submission is stored", buf_cstr(&err));
	check(store_submit(s, "support-request", f, 1, "k", ref2, &dup, &err)
	    == 0 && dup && strcmp(ref, ref2) == 0,
	    "restrict: its twin is recognised (reads submission)",
	    buf_cstr(&err));
	json_decref(f);
	check(S_count("SELECT count(*) FROM field f JOIN submission s ON "
	    "s.id = f.submission_id WHERE s.ref = 'x' OR f.value = 'سارة'") ==
	    1, "restrict: its fields are stored", NULL);
	check(store_case_find(s, forms, ref, "1000000008", &c, &err) == 1 &&
	    strcmp(c.status, "received") == 0,
	    "restrict: the status lookup finds it", buf_cstr(&err));
	check(store_case_find(s, forms, ref, "1000000016", &c, &err) == 0,
	    "restrict: a wrong national ID finds nothing", buf_cstr(&err));
	/* Many threads at once: group commit, the WAL copied meanwhile by
	 * the checkpointer (a small threshold). */
	for (i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, S_submitter, &bad[i]);
	for (i = 0, n = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		n += bad[i];
	}
	check(n == 0 && S_count("SELECT count(*) FROM submission") == 201,
	    "restrict: 200 submissions from 8 threads at once, all stored",
	    NULL);

	/* Anything else, straight on its connection, fails. */
	before = S_count("SELECT count(*) FROM audit");
	for (i = 0, ok = 1; refused[i] != NULL; i++)
		if (S_exec(refused[i]) != SQLITE_AUTH) {
			printf("FAIL restrict: not refused: %s (%s)\n",
			    refused[i], sqlite3_errmsg(store_db(s)));
			check_failed = 1;
			ok = 0;
		}
	check(ok, "restrict: UPDATE, DELETE of every table, the staff's "
	    "tables, PRAGMA, ATTACH, schema changes: all refused", NULL);
	check(S_count("SELECT count(*) FROM staff_user WHERE name = 'alice' "
	    "AND role = 'committee'") == 1 &&
	    S_count("SELECT count(*) FROM audit") == before &&
	    S_count("SELECT count(*) FROM submission WHERE status = "
	    "'received'") == 201, "restrict: and nothing changed", NULL);
	/* The staff's modules on the same connection fail too. */
	buf_reset(&err);
	check(users_add(s, "test", "mallory", 3, token, &err) == -1 &&
	    S_count("SELECT count(*) FROM staff_user") == 1,
	    "restrict: users_add() on it fails", NULL);
	store_close(s);

	/* An unrestricted store on the same file may (the console). */
	s = store_open(path, salt, &err);
	check(s != NULL && S_exec("SELECT count(*) FROM staff_user") ==
	    SQLITE_OK, "restrict: another connection is not restricted",
	    buf_cstr(&err));
	store_close(s);
	formdef_dir_free(forms);
	buf_free(&err);
	snprintf(name, sizeof(name), "rm -rf %s", dir);
	if (system(name) != 0)
		return 1;
	return check_failed;
}
