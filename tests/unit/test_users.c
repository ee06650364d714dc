/*
 * test_users: the staff's accounts and sessions over a real database
 * with a test clock: add, enrol (the rule, the code), sign in (a code
 * serves once), 100 wrong passwords and then the right one still
 * throttled, 100 failures over weeks locking a name until a reset,
 * throttling by client, an unknown account answered as a
 * wrong password and in the same time, disable and reset, sessions (new
 * at every sign-in, 15 minutes idle, 8 hours at most, sign-out), no
 * token in clear in the file, and the audit trail of it all. Run from the
 * repository's top (the list of common passwords).
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "auth.h"
#include "check.h"
#include "roles.h"
#include "sessions.h"
#include "store.h"
#include "users.h"

static char	 dir[] = "/tmp/wasl-test-users-XXXXXX";
static char	 path[256];
static time_t	 clock_now;
static struct store *s;
static struct auth_common *common;

static time_t
S_clock(time_t *t)
{
	if (t != NULL)
		*t = clock_now;
	return clock_now;
}

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

static double
S_secs(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The secret of name's app, read from the database. */
static void
S_secret(const char *name, char out[AUTH_SECRET_LEN + 1])
{
	sqlite3_stmt	*st;

	out[0] = '\0';
	if (sqlite3_prepare_v2(store_db(s), "SELECT totp_secret FROM"
	    " staff_user WHERE name = ?1", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(out, AUTH_SECRET_LEN + 1, "%s",
			    (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
}

/* Sign name in now with password and the app's code of this moment. */
static int
S_signin(const char *name, const char *pw, const char *client,
    struct users_who *who)
{
	struct buf	 err = BUF_INIT;
	char		 secret[AUTH_SECRET_LEN + 1], code[7] = "000000";
	char		 lower[64];
	size_t		 i;
	int		 rc;

	for (i = 0; name[i] != '\0' && i + 1 < sizeof(lower); i++)
		lower[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ?
		    name[i] - 'A' + 'a' : name[i]);
	lower[i] = '\0';
	S_secret(lower, secret);
	if (secret[0] != '\0')
		auth_totp_code(secret, clock_now, code);
	rc = users_signin(s, name, pw, code, client, who, &err);
	if (rc == -1)
		printf("# %s\n", buf_cstr(&err));
	buf_free(&err);
	return rc;
}

/* Add and enrol name with role and password; 0 when done. */
static int
S_make(const char *name, int role, const char *pw)
{
	struct buf	 err = BUF_INIT;
	char		 token[AUTH_TOKEN_LEN + 1], code[7];
	char		 secret[AUTH_SECRET_LEN + 1];
	enum auth_pw	 why;
	int		 rc = -1;

	if (users_add(s, "tester", name, role, token, &err) == 0) {
		S_secret(name, secret);
		auth_totp_code(secret, clock_now, code);
		if (users_enrol(s, common, token, pw, code, &why, &err) ==
		    USERS_ENROLLED)
			rc = 0;
	}
	if (rc == -1)
		printf("# %s: %s\n", name, buf_cstr(&err));
	buf_free(&err);
	return rc;
}

/* 1 when the bytes of needle are anywhere in the file path. */
static int
S_in_file(const char *p, const char *needle)
{
	FILE	*f = fopen(p, "rb");
	char	*data;
	long	 n;
	int	 found = 0;

	if (f == NULL)
		return 0;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)n + 1);
	if (data != NULL && fread(data, 1, (size_t)n, f) == (size_t)n)
		for (long i = 0; !found && i + (long)strlen(needle) <= n;
		    i++)
			found = memcmp(data + i, needle, strlen(needle)) == 0;
	free(data);
	fclose(f);
	return found;
}

static void
S_enrolment(void)
{
	struct buf		 err = BUF_INIT;
	struct users_enrolment	 e;
	struct users_list	 l = { NULL, 0 };
	char			 token[AUTH_TOKEN_LEN + 1], t2[AUTH_TOKEN_LEN + 1];
	char			 code[7], bad[16];
	enum auth_pw		 why;
	int			 rc;

	check(users_add(s, "root", "alice", ROLE_OFFICER, token, &err) == 0,
	    "add: alice, officer", buf_cstr(&err));
	buf_reset(&err);
	check(users_add(s, "root", "alice", ROLE_ADMIN, t2, &err) == -1 &&
	    strstr(buf_cstr(&err), "already an account named 'alice'") !=
	    NULL, "add: a taken name refused", buf_cstr(&err));
	buf_reset(&err);
	check(users_add(s, "root", "Alice", ROLE_ADMIN, t2, &err) == -1 &&
	    users_add(s, "root", "9lives", ROLE_ADMIN, t2, &err) == -1 &&
	    users_add(s, "root", "a b", ROLE_ADMIN, t2, &err) == -1 &&
	    users_add(s, "root", "", ROLE_ADMIN, t2, &err) == -1 &&
	    users_add(s, "root", "abcdefghijabcdefghijabcdefghijabc",
	    ROLE_ADMIN, t2, &err) == -1 &&
	    users_add(s, "root", "zed", 7, t2, &err) == -1 &&
	    S_count("SELECT count(*) FROM staff_user") == 1,
	    "add: bad names and roles refused, nothing added", NULL);
	check(S_count("SELECT count(*) FROM staff_user WHERE name = 'alice'"
	    " AND password_hash IS NULL AND enrol_hash IS NOT NULL") == 1 &&
	    !S_in_file(path, token),
	    "add: not enrolled, the enrolment token stored hashed only", NULL);

	check(users_enrolment(s, token, &e, &err) == 1 &&
	    strcmp(e.name, "alice") == 0 && e.role == ROLE_OFFICER &&
	    strlen(e.secret) == AUTH_SECRET_LEN,
	    "enrol: the link names the account and its secret", NULL);
	t2[0] = token[0] == 'A' ? 'B' : 'A';
	memcpy(t2 + 1, token + 1, sizeof(t2) - 1);
	check(users_enrolment(s, t2, &e, &err) == 0 &&
	    users_enrolment(s, "short", &e, &err) == 0,
	    "enrol: another token is nobody's", NULL);
	users_enrolment(s, token, &e, &err);
	auth_totp_code(e.secret, clock_now, code);
	rc = users_enrol(s, common, token, "password", code, &why, &err);
	check(rc == USERS_ENROL_PASSWORD && why == AUTH_PW_COMMON,
	    "enrol: a common password refused", NULL);
	rc = users_enrol(s, common, token, "short", code, &why, &err);
	check(rc == USERS_ENROL_PASSWORD && why == AUTH_PW_SHORT,
	    "enrol: a short password refused", NULL);
	snprintf(bad, sizeof(bad), "%06d", (atoi(code) + 1) % 1000000);
	rc = users_enrol(s, common, token, "لكل مقام مقال", bad, &why, &err);
	check(rc == USERS_ENROL_CODE, "enrol: a wrong code refused", NULL);
	check(S_count("SELECT count(*) FROM staff_user WHERE password_hash"
	    " IS NULL") == 1, "enrol: nothing set by the refusals", NULL);
	rc = users_enrol(s, common, token, "لكل مقام مقال", code, &why, &err);
	check(rc == USERS_ENROLLED, "enrol: password and code accepted",
	    buf_cstr(&err));
	rc = users_enrol(s, common, token, "لكل مقام مقال", code, &why, &err);
	check(rc == USERS_ENROL_TOKEN && users_enrolment(s, token, &e, &err)
	    == 0, "enrol: the link serves once", NULL);

	check(users_add(s, "root", "bob", ROLE_COMMITTEE, token, &err) == 0,
	    "add: bob", buf_cstr(&err));
	clock_now += USERS_ENROL_TTL - 1;
	check(users_enrolment(s, token, &e, &err) == 1,
	    "enrol: the link is good for 24 hours", NULL);
	clock_now += 2;
	check(users_enrolment(s, token, &e, &err) == 0,
	    "enrol: ... and no longer", NULL);
	check(users_list(s, &l, &err) == 0 && l.n == 2 &&
	    strcmp(l.v[0].name, "alice") == 0 && l.v[0].enrolled &&
	    l.v[0].role == ROLE_OFFICER && strcmp(l.v[1].name, "bob") == 0 &&
	    !l.v[1].enrolled && !l.v[1].enrolling,
	    "list: both accounts, their roles and states", NULL);
	users_list_free(&l);
	buf_free(&err);
}

static void
S_signins(void)
{
	struct users_who	 who, who2;
	struct buf		 err = BUF_INIT;
	char			 secret[AUTH_SECRET_LEN + 1], code[7];
	double			 t0, known, unknown;
	int			 i, rc, all;

	/* The enrolment's code was used: the same step signs nobody in. */
	clock_now = (clock_now / 30) * 30 + 1;
	rc = S_signin("alice", "لكل مقام مقال", "10.0.0.1", &who);
	check(rc == USERS_SIGNIN_OK && strcmp(who.name, "alice") == 0 &&
	    who.role == ROLE_OFFICER, "signin: password and code", NULL);
	rc = S_signin("alice", "لكل مقام مقال", "10.0.0.1", &who);
	check(rc == USERS_SIGNIN_REFUSED && who.id == 0,
	    "signin: the same code a second time refused", NULL);
	clock_now += 30;
	rc = S_signin("ALICE", "لكل مقام مقال", "10.0.0.1", &who);
	check(rc == USERS_SIGNIN_OK, "signin: the next code, the name in "
	    "capitals", NULL);
	clock_now += 30;
	S_secret("alice", secret);
	auth_totp_code(secret, clock_now, code);
	check(users_signin(s, "alice", "لكل مقام مقال", "123", "", &who,
	    &err) == USERS_SIGNIN_REFUSED, "signin: a malformed code "
	    "refused", NULL);

	/* Unknown and known alike: the same answer, the same work. */
	/* The quicker of two tries each, against a busy machine. */
	known = unknown = 1e9;
	for (all = 0; all < 2; all++) {
		t0 = S_secs();
		rc = S_signin("alice", "wrong password", "10.0.0.2", &who);
		if (S_secs() - t0 < known)
			known = S_secs() - t0;
		t0 = S_secs();
		i = S_signin("nobody", "wrong password", "10.0.0.3", &who2);
		if (S_secs() - t0 < unknown)
			unknown = S_secs() - t0;
	}
	check(rc == USERS_SIGNIN_REFUSED && i == USERS_SIGNIN_REFUSED &&
	    who.id == 0 && who2.id == 0, "signin: an unknown account "
	    "answered as a wrong password", NULL);
	{
		char	 d[80];

		snprintf(d, sizeof(d), "%.3f s for the account, %.3f s for "
		    "no account", known, unknown);
		check(unknown > known / 10 && unknown < known * 10,
		    "signin: ... in the same order of time", d);
		printf("# %s\n", d);
	}

	/* 100 wrong passwords, then the right one: still throttled. */
	check(S_make("carol", ROLE_MANAGER, "عشرون حرفا أو أكثر") == 0,
	    "signin: carol enrolled", NULL);
	clock_now += 30;
	all = 1;
	for (i = 0; i < 100; i++) {
		rc = S_signin("carol", "not her password", "10.0.0.4", &who);
		if (rc == USERS_SIGNIN_OK)
			all = 0;
	}
	check(all, "throttle: 100 wrong passwords refused", NULL);
	rc = S_signin("carol", "عشرون حرفا أو أكثر", "10.0.0.5", &who);
	check(rc == USERS_SIGNIN_THROTTLED && who.id == 0,
	    "throttle: the right password and code after them refused too",
	    NULL);
	for (i = 0; i < 100; i++)
		rc = S_signin("nobody", "x", "10.0.0.6", &who);
	check(rc == USERS_SIGNIN_THROTTLED, "throttle: an unknown name is "
	    "throttled the same way", NULL);
	clock_now += USERS_THROTTLE_WINDOW + 1;
	rc = S_signin("carol", "عشرون حرفا أو أكثر", "10.0.0.5", &who);
	check(rc == USERS_SIGNIN_OK, "throttle: 15 minutes later the right "
	    "one signs in", NULL);

	/* 100 failures of a name since its last sign-in, whenever: it
	 * stays throttled until a reset. */
	{
		struct buf	 sql = BUF_INIT;
		char		 key[AUTH_DIGEST_LEN + 1], at[32], tok[44];
		struct tm	 tm;
		time_t		 t;
		enum auth_pw	 why;

		check(S_make("dave", ROLE_OFFICER, "سطر طويل من الكلام") == 0,
		    "lockout: dave enrolled", NULL);
		auth_digest("dave", key);
		/* 99 failures over the last 25 days, none in the window. */
		for (i = 0; i < USERS_ACCOUNT_MAX - 1; i++) {
			t = clock_now - 3600 - (time_t)i * 6 * 3600;
			gmtime_r(&t, &tm);
			strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
			buf_printf(&sql, "INSERT INTO signin_attempt (kind, key,"
			    " at) VALUES ('account', '%s', '%s');", key, at);
		}
		check(sqlite3_exec(store_db(s), buf_cstr(&sql), NULL, NULL,
		    NULL) == SQLITE_OK, "lockout: 99 old failures", NULL);
		buf_free(&sql);
		clock_now += 30;
		rc = S_signin("dave", "wrong", "10.0.1.1", &who);
		check(rc == USERS_SIGNIN_REFUSED, "lockout: the 100th failure",
		    NULL);
		clock_now += USERS_THROTTLE_WINDOW + 1;
		rc = S_signin("dave", "سطر طويل من الكلام", "10.0.1.1", &who);
		check(rc == USERS_SIGNIN_THROTTLED, "lockout: after 100, the "
		    "right one refused outside the window too", NULL);
		check(users_reset(s, "root", "dave", tok, &err) == 0 &&
		    S_count("SELECT count(*) FROM signin_attempt WHERE kind ="
		    " 'account'") >= 0, "lockout: an admin resets dave",
		    buf_cstr(&err));
		S_secret("dave", secret);
		auth_totp_code(secret, clock_now, code);
		check(users_enrol(s, common, tok, "سطر جديد من الكلام", code,
		    &why, &err) == USERS_ENROLLED, "lockout: dave enrols "
		    "again", buf_cstr(&err));
		clock_now += 30;
		rc = S_signin("dave", "سطر جديد من الكلام", "10.0.1.1", &who);
		check(rc == USERS_SIGNIN_OK, "lockout: and signs in", NULL);
	}

	/* One client trying many names. */
	clock_now += 30;
	for (i = 0; i < USERS_CLIENT_LIMIT; i++) {
		char	 name[16];

		snprintf(name, sizeof(name), "guess%d", i);
		S_signin(name, "x", "10.9.9.9", &who);
	}
	rc = S_signin("alice", "لكل مقام مقال", "10.9.9.9", &who);
	check(rc == USERS_SIGNIN_THROTTLED, "throttle: a client after 20 "
	    "failures, whatever the name", NULL);
	rc = S_signin("alice", "لكل مقام مقال", "10.0.0.7", &who);
	check(rc == USERS_SIGNIN_OK, "throttle: another client is not",
	    NULL);
	check(S_count("SELECT count(*) FROM signin_attempt WHERE key LIKE"
	    " '10.%' OR key LIKE '%nobody%'") == 0 && !S_in_file(path,
	    "10.9.9.9"), "throttle: no client address or name stored in "
	    "clear", NULL);
	buf_free(&err);
}

static void
S_sessions(void)
{
	struct users_who	 who;
	struct session		 se;
	struct buf		 err = BUF_INIT;
	char			 tok[AUTH_TOKEN_LEN + 1], csrf[AUTH_TOKEN_LEN + 1];
	char			 tok2[AUTH_TOKEN_LEN + 1], csrf2[AUTH_TOKEN_LEN + 1];
	char			 digest[AUTH_DIGEST_LEN + 1], wal[300];
	time_t			 born;
	int			 i, live;

	clock_now += 30;
	if (!check(S_signin("alice", "لكل مقام مقال", "", &who) ==
	    USERS_SIGNIN_OK, "session: alice signs in", NULL))
		return;
	check(sessions_create(s, &who, NULL, tok, csrf, &err) == 0 &&
	    strlen(tok) == AUTH_TOKEN_LEN && strcmp(tok, csrf) != 0,
	    "session: made, 256 random bits", buf_cstr(&err));
	check(sessions_lookup(s, tok, &se, &err) == 1 &&
	    strcmp(se.who.name, "alice") == 0 && se.who.role == ROLE_OFFICER
	    && strcmp(se.csrf, csrf) == 0, "session: found by its token, "
	    "with its account, role and csrf token", NULL);
	auth_digest(tok, digest);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	check(!S_in_file(path, tok) && !S_in_file(wal, tok) &&
	    S_count("SELECT count(*) FROM staff_session") == 1,
	    "session: the token is nowhere in the database file or its log",
	    NULL);
	check(sessions_lookup(s, digest, &se, &err) == 0 &&
	    sessions_lookup(s, "", &se, &err) == 0 &&
	    sessions_lookup(s, NULL, &se, &err) == 0,
	    "session: its stored digest, or nothing, is no token", NULL);

	/* Idle: 14 minutes twice is fine, 15 is not. */
	clock_now += 14 * 60;
	live = sessions_lookup(s, tok, &se, &err) == 1;
	clock_now += 14 * 60;
	live = live && sessions_lookup(s, tok, &se, &err) == 1;
	check(live, "session: kept while used (14 minutes apart)", NULL);
	clock_now += SESSIONS_IDLE;
	check(sessions_lookup(s, tok, &se, &err) == 0 &&
	    S_count("SELECT count(*) FROM staff_session") == 0,
	    "session: ended after 15 minutes idle, and deleted", NULL);

	/* At most 8 hours, however used. */
	clock_now += 30;
	S_signin("alice", "لكل مقام مقال", "", &who);
	sessions_create(s, &who, NULL, tok, csrf, &err);
	born = clock_now;
	live = 1;
	for (i = 0; i < 47 && live; i++) {
		clock_now += 10 * 60;
		live = sessions_lookup(s, tok, &se, &err) == 1;
	}
	check(live && clock_now == born + 470 * 60,
	    "session: used every 10 minutes, alive at 7 h 50", NULL);
	clock_now = born + SESSIONS_MAX_AGE;
	check(sessions_lookup(s, tok, &se, &err) == 0,
	    "session: ended at 8 hours", NULL);

	/* New at every sign-in; sign-out. */
	clock_now += 30;
	S_signin("alice", "لكل مقام مقال", "", &who);
	sessions_create(s, &who, NULL, tok, csrf, &err);
	clock_now += 30;
	S_signin("alice", "لكل مقام مقال", "", &who);
	check(sessions_create(s, &who, tok, tok2, csrf2, &err) == 0 &&
	    strcmp(tok, tok2) != 0 && sessions_lookup(s, tok, &se, &err) ==
	    0 && sessions_lookup(s, tok2, &se, &err) == 1,
	    "session: a sign-in makes a new one and ends the old", NULL);
	check(sessions_end(s, tok2, &err) == 1 &&
	    sessions_lookup(s, tok2, &se, &err) == 0 &&
	    sessions_end(s, tok2, &err) == 0, "session: sign-out ends it",
	    NULL);

	/* Disable and reset end the sessions. */
	clock_now += 30;
	S_signin("alice", "لكل مقام مقال", "", &who);
	sessions_create(s, &who, NULL, tok, csrf, &err);
	check(users_reset(s, "root", "alice", tok2, &err) == 0 &&
	    sessions_lookup(s, tok, &se, &err) == 0,
	    "reset: the account's sessions end", buf_cstr(&err));
	clock_now += 30;
	check(S_signin("alice", "لكل مقام مقال", "", &who) ==
	    USERS_SIGNIN_REFUSED, "reset: the old password and factor no "
	    "longer sign in", NULL);
	clock_now += 30;
	check(S_signin("carol", "عشرون حرفا أو أكثر", "", &who) ==
	    USERS_SIGNIN_OK && sessions_create(s, &who, NULL, tok, csrf,
	    &err) == 0, "disable: carol signed in", NULL);
	check(users_disable(s, "root", "carol", &err) == 0 &&
	    sessions_lookup(s, tok, &se, &err) == 0,
	    "disable: the account's sessions end", buf_cstr(&err));
	clock_now += 30;
	check(S_signin("carol", "عشرون حرفا أو أكثر", "", &who) ==
	    USERS_SIGNIN_REFUSED, "disable: no more sign-in", NULL);
	buf_reset(&err);
	check(users_disable(s, "root", "carol", &err) == -1 &&
	    strstr(buf_cstr(&err), "disabled") != NULL &&
	    users_reset(s, "root", "carol", tok2, &err) == -1 &&
	    users_disable(s, "root", "nobody", &err) == -1,
	    "disable: twice, a reset of a disabled or an unknown account "
	    "refused", buf_cstr(&err));
	buf_free(&err);
}

static void
S_audit(void)
{
	check(S_count("SELECT count(*) FROM audit WHERE action = 'user' AND"
	    " actor = 'root' AND note LIKE 'added account alice (officer)%'")
	    == 1 && S_count("SELECT count(*) FROM audit WHERE action ="
	    " 'user' AND actor = 'alice' AND note LIKE 'enrolled%'") == 1,
	    "audit: the account made, by whom, and its enrolment", NULL);
	check(S_count("SELECT count(*) FROM audit WHERE action = 'signin' AND"
	    " actor = 'alice'") >= 5 && S_count("SELECT count(*) FROM audit"
	    " WHERE action = 'signin-refused' AND actor = 'nobody' AND note ="
	    " 'unknown account'") >= 1 && S_count("SELECT count(*) FROM audit"
	    " WHERE action = 'signin-refused' AND actor = 'carol' AND note"
	    " LIKE 'throttled%'") >= 95 && S_count("SELECT count(*) FROM"
	    " audit WHERE action = 'signin-refused' AND actor = 'alice' AND"
	    " note = 'code already used'") == 1,
	    "audit: sign-ins and refusals, with the reason", NULL);
	check(S_count("SELECT count(*) FROM audit WHERE action = 'signout'"
	    " AND actor = 'alice'") == 1 && S_count("SELECT count(*) FROM"
	    " audit WHERE action = 'user' AND actor = 'root' AND (note LIKE"
	    " 'disabled account carol%' OR note LIKE 'reset account alice%')")
	    == 2, "audit: sign-out, disable and reset", NULL);
	check(S_count("SELECT count(*) FROM audit WHERE note LIKE '%لكل%' OR"
	    " note LIKE '%not her%'") == 0, "audit: no password in the trail",
	    NULL);
}

/* The roles of publishing (secretary, chair) are accounts like the
 * others; and the migration to schema 6, which makes staff_user again
 * for them, keeps every account and session. */
static void
S_roles(void)
{
	static const unsigned char salt[32];
	struct buf		 err = BUF_INIT;
	struct users_who	 who;
	sqlite3			*db;
	char			 token[AUTH_TOKEN_LEN + 1];
	char			 csrf[AUTH_TOKEN_LEN + 1];
	int			 users, sessions;

	check(S_make("sara", ROLE_SECRETARY, "أمانة السر والنشر") == 0 &&
	    S_make("hamad", ROLE_CHAIR, "رئاسة المجلس والنشر") == 0,
	    "roles: a secretary and a chair added and enrolled", NULL);
	clock_now += 30;		/* the enrolment's code spent */
	check(S_signin("sara", "أمانة السر والنشر", "", &who) ==
	    USERS_SIGNIN_OK && who.role == ROLE_SECRETARY &&
	    S_signin("hamad", "رئاسة المجلس والنشر", "", &who) ==
	    USERS_SIGNIN_OK && who.role == ROLE_CHAIR &&
	    S_count("SELECT count(*) FROM staff_user WHERE role IN"
	    " ('secretary', 'chair')") == 2,
	    "roles: they sign in with their roles", NULL);
	check(sessions_create(s, &who, NULL, token, csrf, &err) == 0,
	    "roles: the chair's session", buf_cstr(&err));
	users = S_count("SELECT count(*) FROM staff_user");
	sessions = S_count("SELECT count(*) FROM staff_session");
	store_close(s);
	/* Back to schema 5, as far as 5 -> 6 cares (its tables gone; the
	 * audit trail is made again from itself). */
	if (sqlite3_open(path, &db) == SQLITE_OK)
		sqlite3_exec(db, "DROP TABLE privacy_request;"
		    "DROP TABLE publish_job; DROP TABLE policy_draft;"
		    "DROP TABLE content_edit; DROP INDEX submission_received;"
		    "DROP INDEX submission_status;"
		    "DROP INDEX submission_form_status;"
		    "PRAGMA user_version = 5;", NULL, NULL, NULL);
	sqlite3_close(db);
	s = store_open(path, salt, &err);
	if (!check(s != NULL, "roles: migrated again from 5",
	    buf_cstr(&err)))
		exit(check_exit());
	store_set_clock(s, S_clock);
	check(S_count("PRAGMA user_version") == 7 &&
	    S_count("SELECT count(*) FROM staff_user") == users &&
	    sessions > 0 &&
	    S_count("SELECT count(*) FROM staff_session") == sessions &&
	    S_count("SELECT count(*) FROM staff_user WHERE name = 'sara' AND"
	    " role = 'secretary'") == 1 &&
	    S_count("SELECT count(*) FROM pragma_foreign_key_check") == 0,
	    "roles: 5 -> 7 keeps every account and session", NULL);
	check(S_count("SELECT count(*) FROM sqlite_schema WHERE sql LIKE"
	    " '%staff_user_new%' OR name = 'staff_user_new'") == 0 &&
	    S_count("SELECT count(*) FROM pragma_foreign_keys") == 1 &&
	    S_count("SELECT foreign_keys FROM pragma_foreign_keys") == 1,
	    "roles: staff_user renamed back, foreign keys on again", NULL);
	buf_free(&err);
}

int
main(void)
{
	static const unsigned char salt[32];
	struct buf	 err = BUF_INIT;

	if (!check(auth_init() == 0 && mkdtemp(dir) != NULL,
	    "setup: auth and a folder", NULL))
		return check_exit();
	common = auth_common_load("fcgi/db/common-passwords.txt", &err);
	snprintf(path, sizeof(path), "%s/w.db", dir);
	s = store_open(path, salt, &err);
	if (!check(s != NULL && common != NULL, "setup: the database, schema "
	    "5, and the list", buf_cstr(&err)))
		return check_exit();
	clock_now = time(NULL);
	store_set_clock(s, S_clock);
	S_enrolment();
	S_signins();
	S_sessions();
	S_audit();
	S_roles();
	store_close(s);
	auth_common_free(common);
	buf_free(&err);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	if (system(path) != 0)
		return 1;
	return check_exit();
}
