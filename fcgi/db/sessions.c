/*
 * sessions: the staff console's sessions (see sessions.h).
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "audit.h"
#include "db.h"
#include "roles.h"
#include "sessions.h"
#include "workflow.h"

/* Delete the session of digest (inside a transaction). */
static int
S_delete(struct store *s, const char *digest, struct buf *err)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(s, "DELETE FROM staff_session WHERE token_hash = ?1", &st,
	    err, "ending a session") == -1)
		return -1;
	sqlite3_bind_text(st, 1, digest, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(s, err, "ending a session");
	return 0;
}

static int
S_valid_token(const char *token)
{
	return token != NULL && strlen(token) == AUTH_TOKEN_LEN;
}

int
sessions_create(struct store *s, const struct users_who *who,
    const char *old, char token[AUTH_TOKEN_LEN + 1],
    char csrf[AUTH_TOKEN_LEN + 1], struct buf *err)
{
	static const char what[] = "making a session";
	sqlite3_stmt	*st = NULL;
	char		 digest[AUTH_DIGEST_LEN + 1], now[WF_TIME_LEN + 1];
	int		 rc;

	auth_token(token);
	auth_token(csrf);
	auth_digest(token, digest);
	wf_time_format(store_now(s), now);
	if (db_begin(s, err) == -1)
		goto fail;
	if (S_valid_token(old)) {
		char	 od[AUTH_DIGEST_LEN + 1];

		auth_digest(old, od);
		if (S_delete(s, od, err) == -1)
			goto fail;
	}
	if (db_prepare(s, "INSERT INTO staff_session (token_hash, user_id,"
	    " created_at, last_seen, csrf) VALUES (?1, ?2, ?3, ?3, ?4)", &st,
	    err, what) == -1)
		goto fail;
	sqlite3_bind_text(st, 1, digest, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, who->id);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, csrf, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_error(s, err, what);
		goto fail;
	}
	if (db_commit(s, err) == -1)
		goto fail;
	return 0;
fail:
	db_rollback(s);
	sodium_memzero(token, AUTH_TOKEN_LEN + 1);
	sodium_memzero(csrf, AUTH_TOKEN_LEN + 1);
	return -1;
}

int
sessions_lookup(struct store *s, const char *token, struct session *out,
    struct buf *err)
{
	static const char what[] = "reading a session";
	sqlite3_stmt	*st = NULL;
	char		 digest[AUTH_DIGEST_LEN + 1], now[WF_TIME_LEN + 1];
	char		 idle[WF_TIME_LEN + 1], born[WF_TIME_LEN + 1];
	time_t		 t = store_now(s);
	int		 rc, live = 0, found = 0;

	memset(out, 0, sizeof(*out));
	if (!S_valid_token(token))
		return 0;
	auth_digest(token, digest);
	wf_time_format(t, now);
	wf_time_format(t - SESSIONS_IDLE, idle);
	wf_time_format(t - SESSIONS_MAX_AGE, born);
	if (db_begin(s, err) == -1)
		return -1;
	if (db_prepare(s, "SELECT u.id, u.name, u.role, s.csrf, s.created_at,"
	    " s.last_seen > ?2 AND s.created_at > ?3 AND u.disabled = 0"
	    " FROM staff_session s JOIN staff_user u ON u.id = s.user_id"
	    " WHERE s.token_hash = ?1", &st, err, what) == -1)
		goto fail;
	sqlite3_bind_text(st, 1, digest, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, idle, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, born, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		found = 1;
		live = sqlite3_column_int(st, 5);
		out->who.id = sqlite3_column_int64(st, 0);
		snprintf(out->who.name, sizeof(out->who.name), "%s",
		    db_text(st, 1));
		out->who.role = role_index(db_text(st, 2));
		snprintf(out->csrf, sizeof(out->csrf), "%s", db_text(st, 3));
		snprintf(out->created_at, sizeof(out->created_at), "%s",
		    db_text(st, 4));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_error(s, err, what);
		goto fail;
	}
	if (found && !live) {
		if (S_delete(s, digest, err) == -1)
			goto fail;
	} else if (found) {
		if (db_prepare(s, "UPDATE staff_session SET last_seen = ?2 WHERE"
		    " token_hash = ?1", &st, err, what) == -1)
			goto fail;
		sqlite3_bind_text(st, 1, digest, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			db_error(s, err, what);
			goto fail;
		}
	}
	if (db_commit(s, err) == -1)
		goto fail;
	if (!live) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	return 1;
fail:
	db_rollback(s);
	memset(out, 0, sizeof(*out));
	return -1;
}

int
sessions_end(struct store *s, const char *token, struct buf *err)
{
	sqlite3_stmt	*st = NULL;
	char		 digest[AUTH_DIGEST_LEN + 1];
	char		 name[USERS_NAME_MAX + 1] = "";
	int		 rc;

	if (!S_valid_token(token))
		return 0;
	auth_digest(token, digest);
	if (db_begin(s, err) == -1)
		return -1;
	if (db_prepare(s, "SELECT u.name FROM staff_session s JOIN staff_user u"
	    " ON u.id = s.user_id WHERE s.token_hash = ?1", &st, err,
	    "ending a session") == -1)
		goto fail;
	sqlite3_bind_text(st, 1, digest, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(name, sizeof(name), "%s", db_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_error(s, err, "ending a session");
		goto fail;
	}
	if (rc == SQLITE_DONE) {
		db_rollback(s);
		return 0;
	}
	if (S_delete(s, digest, err) == -1 ||
	    audit_add(s, name, "signout", NULL, NULL, NULL, NULL, err) == -1 ||
	    db_commit(s, err) == -1)
		goto fail;
	return 1;
fail:
	db_rollback(s);
	return -1;
}
