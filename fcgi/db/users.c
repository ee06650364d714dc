/*
 * users: the staff's accounts and their sign-in (see users.h).
 *
 * A password check (Argon2id) takes a tenth of a second or more: it is
 * never made inside a transaction, so that it holds no writer. What a
 * sign-in decides is written afterwards in one transaction, the code's
 * step only if no other sign-in took it meanwhile.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "audit.h"
#include "db.h"
#include "roles.h"
#include "users.h"
#include "workflow.h"

int
users_name_valid(const char *name)
{
	size_t	 i;

	if (name == NULL || name[0] < 'a' || name[0] > 'z')
		return 0;
	for (i = 0; name[i] != '\0'; i++) {
		if (i >= USERS_NAME_MAX)
			return 0;
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '.' ||
		    name[i] == '_' || name[i] == '-'))
			return 0;
	}
	return 1;
}

/* Step st once to its end and finalize it; 0, or -1 with err. */
static int
S_run(struct store *s, sqlite3_stmt *st, struct buf *err, const char *what)
{
	int	 rc = sqlite3_step(st);

	if (rc != SQLITE_DONE) {
		db_error(s, err, what);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

static void
S_time(struct store *s, long delta, char out[WF_TIME_LEN + 1])
{
	wf_time_format(store_now(s) + delta, out);
}

static void
S_copy(char *out, size_t size, const char *v)
{
	snprintf(out, size, "%s", v ? v : "");
}

/* A new token, and its digest and expiry as stored. */
static void
S_enrol_token(struct store *s, char token[AUTH_TOKEN_LEN + 1],
    char digest[AUTH_DIGEST_LEN + 1], char expires[WF_TIME_LEN + 1])
{
	auth_token(token);
	auth_digest(token, digest);
	S_time(s, USERS_ENROL_TTL, expires);
}

/* 1 when an account named name exists, 0 when not, -1 with err. */
static int
S_exists(struct store *s, const char *name, int *disabled, struct buf *err)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(s, "SELECT disabled FROM staff_user WHERE name = ?1", &st,
	    err, "reading the accounts") == -1)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*disabled = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return db_error(s, err, "reading the accounts");
}

int
users_add(struct store *s, const char *actor, const char *name, int role,
    char token[AUTH_TOKEN_LEN + 1], struct buf *err)
{
	static const char what[] = "adding the account";
	sqlite3_stmt	*st = NULL;
	char		 secret[AUTH_SECRET_LEN + 1];
	char		 digest[AUTH_DIGEST_LEN + 1];
	char		 expires[WF_TIME_LEN + 1], now[WF_TIME_LEN + 1];
	struct buf	 note = BUF_INIT;
	int		 disabled = 0, rc;

	if (!users_name_valid(name)) {
		buf_printf(err, "'%s' is not a valid name: 1 to %d characters,"
		    " a-z first, then a-z, 0-9, '.', '_' or '-'", name,
		    USERS_NAME_MAX);
		return -1;
	}
	if (role_name(role) == NULL) {
		buf_puts(err, "unknown role");
		return -1;
	}
	if (auth_totp_secret(secret) == -1) {
		buf_puts(err, "cannot make a secret");
		return -1;
	}
	S_enrol_token(s, token, digest, expires);
	S_time(s, 0, now);
	if (db_begin(s, err) == -1)
		goto fail;
	if ((rc = S_exists(s, name, &disabled, err)) != 0) {
		if (rc == 1)
			buf_printf(err, "there is already an account named '%s'"
			    "%s", name, disabled ? " (disabled)" : "");
		goto fail;
	}
	if (db_prepare(s, "INSERT INTO staff_user (name, role, totp_secret,"
	    " enrol_hash, enrol_expires, created_at) VALUES (?1, ?2, ?3, ?4,"
	    " ?5, ?6)", &st, err, what) == -1)
		goto fail;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, role_name(role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, secret, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, digest, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, expires, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	if (S_run(s, st, err, what) == -1)
		goto fail;
	buf_printf(&note, "added account %s (%s), enrolment link until %s",
	    name, role_name(role), expires);
	if (audit_add(s, actor, "user", NULL, NULL, NULL, buf_cstr(&note),
	    err) == -1 || db_commit(s, err) == -1)
		goto fail;
	buf_free(&note);
	sodium_memzero(secret, sizeof(secret));
	return 0;
fail:
	db_rollback(s);
	buf_free(&note);
	sodium_memzero(secret, sizeof(secret));
	sodium_memzero(token, AUTH_TOKEN_LEN + 1);
	return -1;
}

/* End every session of the account name (inside a transaction). */
static int
S_end_sessions(struct store *s, const char *name, struct buf *err)
{
	sqlite3_stmt	*st;

	if (db_prepare(s, "DELETE FROM staff_session WHERE user_id = (SELECT id"
	    " FROM staff_user WHERE name = ?1)", &st, err,
	    "ending the sessions") == -1)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	return S_run(s, st, err, "ending the sessions");
}

/* The error for an account that a change found nothing to change in. */
static void
S_unchanged(struct store *s, const char *name, struct buf *err)
{
	int	 disabled = 0, rc;

	rc = S_exists(s, name, &disabled, err);
	if (rc == 0)
		buf_printf(err, "no account named '%s'", name);
	else if (rc == 1)
		buf_printf(err, "the account '%s' is %s", name, disabled ?
		    "disabled" : "unchanged");
}

int
users_disable(struct store *s, const char *actor, const char *name,
    struct buf *err)
{
	static const char what[] = "disabling the account";
	sqlite3_stmt	*st = NULL;
	struct buf	 note = BUF_INIT;

	if (db_begin(s, err) == -1)
		return -1;
	if (db_prepare(s, "UPDATE staff_user SET disabled = 1, enrol_hash = NULL,"
	    " enrol_expires = NULL WHERE name = ?1 AND disabled = 0", &st,
	    err, what) == -1)
		goto fail;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (S_run(s, st, err, what) == -1)
		goto fail;
	if (sqlite3_changes(store_db(s)) != 1) {
		S_unchanged(s, name, err);
		goto fail;
	}
	buf_printf(&note, "disabled account %s, its sessions ended", name);
	if (S_end_sessions(s, name, err) == -1 ||
	    audit_add(s, actor, "user", NULL, NULL, NULL, buf_cstr(&note),
	    err) == -1 || db_commit(s, err) == -1)
		goto fail;
	buf_free(&note);
	return 0;
fail:
	db_rollback(s);
	buf_free(&note);
	return -1;
}

/* Forget the failed sign-ins of the name name (inside a transaction). */
static int
S_forget(struct store *s, const char *name, struct buf *err)
{
	sqlite3_stmt	*st;
	char		 key[AUTH_DIGEST_LEN + 1];

	auth_digest(name, key);
	if (db_prepare(s, "DELETE FROM signin_attempt WHERE kind = 'account' AND"
	    " key = ?1", &st, err, "forgetting the failed sign-ins") == -1)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	return S_run(s, st, err, "forgetting the failed sign-ins");
}

int
users_reset(struct store *s, const char *actor, const char *name,
    char token[AUTH_TOKEN_LEN + 1], struct buf *err)
{
	static const char what[] = "resetting the account";
	sqlite3_stmt	*st = NULL;
	char		 secret[AUTH_SECRET_LEN + 1];
	char		 digest[AUTH_DIGEST_LEN + 1], expires[WF_TIME_LEN + 1];
	struct buf	 note = BUF_INIT;

	if (auth_totp_secret(secret) == -1) {
		buf_puts(err, "cannot make a secret");
		return -1;
	}
	S_enrol_token(s, token, digest, expires);
	if (db_begin(s, err) == -1)
		goto fail;
	if (db_prepare(s, "UPDATE staff_user SET password_hash = NULL,"
	    " totp_secret = ?2, totp_last_step = -1, enrol_hash = ?3,"
	    " enrol_expires = ?4 WHERE name = ?1 AND disabled = 0", &st, err,
	    what) == -1)
		goto fail;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, secret, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, digest, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, expires, -1, SQLITE_STATIC);
	if (S_run(s, st, err, what) == -1)
		goto fail;
	if (sqlite3_changes(store_db(s)) != 1) {
		S_unchanged(s, name, err);
		goto fail;
	}
	buf_printf(&note, "reset account %s: password and second factor "
	    "cleared, sessions ended, enrolment link until %s", name, expires);
	if (S_end_sessions(s, name, err) == -1 ||
	    S_forget(s, name, err) == -1 ||
	    audit_add(s, actor, "user", NULL, NULL, NULL, buf_cstr(&note),
	    err) == -1 || db_commit(s, err) == -1)
		goto fail;
	buf_free(&note);
	sodium_memzero(secret, sizeof(secret));
	return 0;
fail:
	db_rollback(s);
	buf_free(&note);
	sodium_memzero(secret, sizeof(secret));
	sodium_memzero(token, AUTH_TOKEN_LEN + 1);
	return -1;
}

int
users_list(struct store *s, struct users_list *out, struct buf *err)
{
	static const char what[] = "reading the accounts";
	sqlite3_stmt		*st;
	struct users_entry	*e;
	char			 now[WF_TIME_LEN + 1];
	size_t			 cap = 0;
	int			 rc;

	S_time(s, 0, now);
	if (db_prepare(s, "SELECT name, role, password_hash IS NOT NULL,"
	    " disabled, enrol_hash IS NOT NULL AND enrol_expires > ?1,"
	    " created_at, (SELECT max(at) FROM audit WHERE action = 'signin'"
	    " AND actor = u.name) FROM staff_user u ORDER BY name", &st, err,
	    what) == -1)
		return -1;
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 16;
			out->v = xrealloc(out->v, cap * sizeof(*out->v));
		}
		e = &out->v[out->n++];
		memset(e, 0, sizeof(*e));
		S_copy(e->name, sizeof(e->name), db_text(st, 0));
		e->role = role_index(db_text(st, 1));
		e->enrolled = sqlite3_column_int(st, 2);
		e->disabled = sqlite3_column_int(st, 3);
		e->enrolling = sqlite3_column_int(st, 4);
		S_copy(e->created_at, sizeof(e->created_at), db_text(st, 5));
		S_copy(e->last_signin, sizeof(e->last_signin),
		    db_text(st, 6));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(s, err, what);
	return 0;
}

void
users_list_free(struct users_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* The account of an unexpired enrolment token: 1 with e and *id, 0, or
 * -1 with err. */
static int
S_enrolment(struct store *s, const char *token, struct users_enrolment *e,
    int64_t *id, struct buf *err)
{
	static const char what[] = "reading the enrolment";
	sqlite3_stmt	*st;
	char		 digest[AUTH_DIGEST_LEN + 1], now[WF_TIME_LEN + 1];
	int		 rc;

	memset(e, 0, sizeof(*e));
	if (token == NULL || strlen(token) != AUTH_TOKEN_LEN)
		return 0;
	auth_digest(token, digest);
	S_time(s, 0, now);
	if (db_prepare(s, "SELECT id, name, role, totp_secret FROM staff_user"
	    " WHERE enrol_hash = ?1 AND enrol_expires > ?2 AND disabled = 0",
	    &st, err, what) == -1)
		return -1;
	sqlite3_bind_text(st, 1, digest, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		S_copy(e->name, sizeof(e->name), db_text(st, 1));
		e->role = role_index(db_text(st, 2));
		S_copy(e->secret, sizeof(e->secret), db_text(st, 3));
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return db_error(s, err, what);
}

int
users_enrolment(struct store *s, const char *token,
    struct users_enrolment *e, struct buf *err)
{
	int64_t	 id;

	return S_enrolment(s, token, e, &id, err);
}

/* One audit entry in its own transaction. */
static int
S_audit(struct store *s, const char *actor, const char *action,
    const char *note, struct buf *err)
{
	if (db_begin(s, err) == -1)
		return -1;
	if (audit_add(s, actor, action, NULL, NULL, NULL, note, err) == -1 ||
	    db_commit(s, err) == -1) {
		db_rollback(s);
		return -1;
	}
	return 0;
}

int
users_enrol(struct store *s, const struct auth_common *common,
    const char *token, const char *password, const char *code,
    enum auth_pw *why, struct buf *err)
{
	static const char what[] = "enrolling";
	struct users_enrolment	 e;
	sqlite3_stmt		*st = NULL;
	char			 hash[AUTH_HASH_SIZE];
	char			 digest[AUTH_DIGEST_LEN + 1];
	int64_t			 id = 0, step;
	int			 rc;

	*why = AUTH_PW_OK;
	if ((rc = S_enrolment(s, token, &e, &id, err)) != 1) {
		if (rc == 0 && S_audit(s, "(enrolment)", "signin-refused",
		    "enrolment refused: unknown or expired link", err) == -1)
			return -1;
		return rc == 0 ? USERS_ENROL_TOKEN : -1;
	}
	if ((*why = auth_password_check(common, password)) != AUTH_PW_OK) {
		rc = S_audit(s, e.name, "signin-refused", "enrolment refused:"
		    " the password breaks the rule", err);
		sodium_memzero(&e, sizeof(e));
		return rc == -1 ? -1 : USERS_ENROL_PASSWORD;
	}
	if (!auth_totp_check(e.secret, store_now(s), code, -1, &step)) {
		rc = S_audit(s, e.name, "signin-refused", "enrolment refused:"
		    " wrong code", err);
		sodium_memzero(&e, sizeof(e));
		return rc == -1 ? -1 : USERS_ENROL_CODE;
	}
	sodium_memzero(e.secret, sizeof(e.secret));
	if (auth_password_hash(password, hash) == -1) {
		buf_puts(err, "no memory to hash the password");
		return -1;
	}
	auth_digest(token, digest);
	if (db_begin(s, err) == -1)
		return -1;
	if (db_prepare(s, "UPDATE staff_user SET password_hash = ?1,"
	    " totp_last_step = ?2, enrol_hash = NULL, enrol_expires = NULL"
	    " WHERE id = ?3 AND enrol_hash = ?4 AND disabled = 0", &st, err,
	    what) == -1)
		goto fail;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, step);
	sqlite3_bind_int64(st, 3, id);
	sqlite3_bind_text(st, 4, digest, -1, SQLITE_STATIC);
	if (S_run(s, st, err, what) == -1)
		goto fail;
	if (sqlite3_changes(store_db(s)) != 1) {
		/* Enrolled, reset or disabled meanwhile. */
		db_rollback(s);
		return USERS_ENROL_TOKEN;
	}
	if (audit_add(s, e.name, "user", NULL, NULL, NULL, "enrolled: "
	    "password set, authenticator confirmed", err) == -1 ||
	    db_commit(s, err) == -1)
		goto fail;
	sodium_memzero(hash, sizeof(hash));
	return USERS_ENROLLED;
fail:
	db_rollback(s);
	sodium_memzero(hash, sizeof(hash));
	return -1;
}

/* How many failures of key (kind account or client) since lo; -1. */
static int
S_failures(struct store *s, const char *kind, const char *key,
    const char *lo, struct buf *err)
{
	sqlite3_stmt	*st;
	int		 n = -1;

	if (db_prepare(s, "SELECT count(*) FROM signin_attempt WHERE kind = ?1"
	    " AND key = ?2 AND at >= ?3", &st, err,
	    "counting the sign-ins") == -1)
		return -1;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, lo, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (n < 0)
		return db_error(s, err, "counting the sign-ins");
	return n;
}

static int
S_attempt(struct store *s, const char *kind, const char *key,
    const char *now, struct buf *err)
{
	sqlite3_stmt	*st;

	if (db_prepare(s, "INSERT INTO signin_attempt (kind, key, at) VALUES"
	    " (?1, ?2, ?3)", &st, err, "counting the sign-ins") == -1)
		return -1;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	return S_run(s, st, err, "counting the sign-ins");
}

/* What a sign-in read of the account. */
struct account {
	int	 found, disabled;
	int64_t	 id, last;
	int	 role;
	char	 hash[AUTH_HASH_SIZE];
	char	 secret[AUTH_SECRET_LEN + 1];
};

static int
S_account(struct store *s, const char *name, struct account *a,
    struct buf *err)
{
	static const char what[] = "reading the account";
	sqlite3_stmt	*st;
	int		 rc;

	memset(a, 0, sizeof(*a));
	if (db_prepare(s, "SELECT id, role, password_hash, totp_secret,"
	    " totp_last_step, disabled FROM staff_user WHERE name = ?1", &st,
	    err, what) == -1)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		a->found = 1;
		a->id = sqlite3_column_int64(st, 0);
		a->role = role_index(db_text(st, 1));
		S_copy(a->hash, sizeof(a->hash), db_text(st, 2));
		S_copy(a->secret, sizeof(a->secret), db_text(st, 3));
		a->last = sqlite3_column_int64(st, 4);
		a->disabled = sqlite3_column_int(st, 5);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(s, err, what);
	return 0;
}

int
users_signin(struct store *s, const char *name, const char *password,
    const char *code, const char *client, struct users_who *who,
    struct buf *err)
{
	static const char what[] = "recording the sign-in";
	struct account	 a;
	sqlite3_stmt	*st = NULL;
	char		 typed[USERS_NAME_MAX + 1];
	char		 akey[AUTH_DIGEST_LEN + 1], ckey[AUTH_DIGEST_LEN + 1];
	char		 now[WF_TIME_LEN + 1], lo[WF_TIME_LEN + 1];
	char		 kept[WF_TIME_LEN + 1];
	const char	*actor, *reason = NULL;
	char		*folded;
	size_t		 i;
	int		 valid, nacc, nall, ncli, pw_ok = 0, result;
	int64_t		 step = -1;

	memset(who, 0, sizeof(*who));
	memset(&a, 0, sizeof(a));
	auth_password_prepare();
	if (name == NULL)
		name = "";
	if (password == NULL)
		password = "";
	if (client == NULL)
		client = "";
	/* The name as typed, ASCII case folded; its digest is what the
	 * failures are counted by, so that nothing typed (a password in
	 * the wrong box) is kept. */
	folded = xstrdup(name);
	for (i = 0; folded[i] != '\0'; i++)
		if (folded[i] >= 'A' && folded[i] <= 'Z')
			folded[i] = (char)(folded[i] - 'A' + 'a');
	valid = users_name_valid(folded);
	S_copy(typed, sizeof(typed), valid ? folded : "");
	auth_digest(folded, akey);
	sodium_memzero(folded, strlen(folded));
	free(folded);
	auth_digest(client, ckey);
	actor = valid ? typed : "(not a valid name)";
	S_time(s, 0, now);
	S_time(s, -USERS_THROTTLE_WINDOW, lo);
	S_time(s, -USERS_FAILURE_MEMORY, kept);

	if ((nacc = S_failures(s, "account", akey, lo, err)) == -1 ||
	    (nall = S_failures(s, "account", akey, kept, err)) == -1 ||
	    (ncli = client[0] != '\0' ? S_failures(s, "client", ckey, lo,
	    err) : 0) == -1)
		return -1;
	if (nall >= USERS_ACCOUNT_MAX || nacc >= USERS_ACCOUNT_LIMIT ||
	    ncli >= USERS_CLIENT_LIMIT) {
		result = USERS_SIGNIN_THROTTLED;
		reason = nall >= USERS_ACCOUNT_MAX ? "throttled: 100 failures "
		    "of this name since its last sign-in, until a reset" :
		    nacc >= USERS_ACCOUNT_LIMIT ? "throttled: too many "
		    "failures of this name" : "throttled: too many failures "
		    "from this client";
	} else {
		if (valid && S_account(s, typed, &a, err) == -1)
			return -1;
		if (a.found && !a.disabled && a.hash[0] != '\0')
			pw_ok = auth_password_verify(a.hash, password);
		else
			auth_password_dummy(password);
		if (!a.found)
			reason = "unknown account";
		else if (a.disabled)
			reason = "account disabled";
		else if (a.hash[0] == '\0')
			reason = "account not enrolled";
		else if (!pw_ok)
			reason = "wrong password";
		else if (!auth_totp_check(a.secret, store_now(s), code, -1,
		    &step))
			reason = "wrong code";
		else if (step <= a.last)
			reason = "code already used";
		result = reason == NULL ? USERS_SIGNIN_OK :
		    USERS_SIGNIN_REFUSED;
	}
	sodium_memzero(a.hash, sizeof(a.hash));
	sodium_memzero(a.secret, sizeof(a.secret));

	if (db_begin(s, err) == -1)
		return -1;
	if (result == USERS_SIGNIN_OK) {
		/* The step is taken only if no other sign-in took it
		 * since: a code serves once. */
		if (db_prepare(s, "UPDATE staff_user SET totp_last_step = ?1"
		    " WHERE id = ?2 AND totp_last_step < ?1 AND disabled = 0",
		    &st, err, what) == -1)
			goto fail;
		sqlite3_bind_int64(st, 1, step);
		sqlite3_bind_int64(st, 2, a.id);
		if (S_run(s, st, err, what) == -1)
			goto fail;
		if (sqlite3_changes(store_db(s)) != 1) {
			result = USERS_SIGNIN_REFUSED;
			reason = "code already used";
		}
	}
	if (result == USERS_SIGNIN_OK) {
		if (db_prepare(s, "DELETE FROM signin_attempt WHERE kind ="
		    " 'account' AND key = ?1", &st, err, what) == -1)
			goto fail;
		sqlite3_bind_text(st, 1, akey, -1, SQLITE_STATIC);
		if (S_run(s, st, err, what) == -1 ||
		    audit_add(s, actor, "signin", NULL, NULL, NULL, NULL,
		    err) == -1)
			goto fail;
		who->id = a.id;
		who->role = a.role;
		S_copy(who->name, sizeof(who->name), typed);
	} else {
		if (result == USERS_SIGNIN_REFUSED && (S_attempt(s, "account",
		    akey, now, err) == -1 || (client[0] != '\0' &&
		    S_attempt(s, "client", ckey, now, err) == -1)))
			goto fail;
		if (audit_add(s, actor, "signin-refused", NULL, NULL, NULL,
		    reason, err) == -1)
			goto fail;
	}
	/* A client's failures count for the window, a name's are kept
	 * longer (digests only). */
	if (db_prepare(s, "DELETE FROM signin_attempt WHERE at < ?1 AND (kind ="
	    " 'client' OR at < ?2)", &st, err, what) == -1)
		goto fail;
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kept, -1, SQLITE_STATIC);
	if (S_run(s, st, err, what) == -1 || db_commit(s, err) == -1)
		goto fail;
	return result;
fail:
	db_rollback(s);
	memset(who, 0, sizeof(*who));
	return -1;
}

int
users_confirm(struct store *s, const struct users_who *who, const char *code,
    const char *purpose, struct buf *err)
{
	static const char what[] = "confirming the second factor";
	struct account	 a;
	sqlite3_stmt	*st = NULL;
	char		 akey[AUTH_DIGEST_LEN + 1];
	char		 now[WF_TIME_LEN + 1], lo[WF_TIME_LEN + 1];
	const char	*reason = NULL;
	struct buf	 note = BUF_INIT;
	int64_t		 step = -1;
	int		 nacc, ok;

	auth_digest(who->name, akey);
	S_time(s, 0, now);
	S_time(s, -USERS_THROTTLE_WINDOW, lo);
	if ((nacc = S_failures(s, "account", akey, lo, err)) == -1 ||
	    S_account(s, who->name, &a, err) == -1)
		return -1;
	if (nacc >= USERS_ACCOUNT_LIMIT)
		reason = "throttled: too many failures of this name";
	else if (!a.found || a.id != who->id || a.disabled ||
	    a.secret[0] == '\0')
		reason = "account changed";
	else if (!auth_totp_check(a.secret, store_now(s), code, -1, &step))
		reason = "wrong code";
	else if (step <= a.last)
		reason = "code already used";
	sodium_memzero(a.secret, sizeof(a.secret));
	sodium_memzero(a.hash, sizeof(a.hash));

	if (db_begin(s, err) == -1)
		return -1;
	if (reason == NULL) {
		if (db_prepare(s, "UPDATE staff_user SET totp_last_step = ?1"
		    " WHERE id = ?2 AND totp_last_step < ?1 AND disabled = 0",
		    &st, err, what) == -1)
			goto fail;
		sqlite3_bind_int64(st, 1, step);
		sqlite3_bind_int64(st, 2, who->id);
		if (S_run(s, st, err, what) == -1)
			goto fail;
		if (sqlite3_changes(store_db(s)) != 1)
			reason = "code already used";
	}
	ok = reason == NULL;
	if (!ok) {
		if (strncmp(reason, "throttled", 9) != 0 &&
		    S_attempt(s, "account", akey, now, err) == -1)
			goto fail;
		buf_printf(&note, "second factor for %s: %s", purpose, reason);
		if (audit_add(s, who->name, "signin-refused", NULL, NULL, NULL,
		    buf_cstr(&note), err) == -1)
			goto fail;
	}
	buf_free(&note);
	if (db_commit(s, err) == -1)
		return -1;
	return ok;
fail:
	buf_free(&note);
	db_rollback(s);
	return -1;
}
