/*
 * test_subject: the data-subject requests (fcgi/db/subject.c) and the
 * search of the audit trail (audit_search()) as the staff console calls
 * them: a request opened and audited without its identifiers, read
 * back, listed open and closed, its due date 30 days on, closed once
 * only with its identifiers cleared; the trail searched by a part of
 * the actor (with LIKE's own characters matching only themselves),
 * action, reference, period and the sign-ins preset, newest first and
 * paged. Run on a database in a temporary folder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "audit.h"
#include "check.h"
#include "db.h"
#include "person.h"
#include "store.h"
#include "subject.h"

static char	 dir[] = "/tmp/wasl-test-subject-XXXXXX";
static char	 path[300];

static long long
S_n(struct store *s, const char *sql)
{
	sqlite3_stmt	*st = NULL;
	long long	 n = -1;

	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
S_subject(struct store *s)
{
	struct buf		 err = BUF_INIT;
	struct person		 p, back;
	struct subject_request	 r;
	struct subject_requests	 l;
	struct date		 due, want;
	long long		 id, id2;
	char			 sql[200];

	memset(&l, 0, sizeof(l));
	check(person_parse(&p, "1000000008", "0500000000", NULL, &err) == 0,
	    "subject: a person parsed", buf_cstr(&err));
	check(subject_open(s, "mona", "delete", &p, &err) == -1 &&
	    S_n(s, "SELECT count(*) FROM privacy_request") == 0,
	    "subject: a kind that is not access or erase is refused", NULL);
	id = subject_open(s, "mona", "access", &p, &err);
	check(id > 0, "subject: an access request opened", buf_cstr(&err));
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit WHERE action ="
	    " 'request' AND actor = 'mona' AND note = 'data-subject request"
	    " %lld opened: access'", id);
	check(S_n(s, sql) == 1, "subject: the opening audited, in the actor's "
	    "name", NULL);
	check(S_n(s, "SELECT count(*) FROM audit WHERE note LIKE '%1000000008%'"
	    " OR note LIKE '%9665%'") == 0,
	    "subject: the trail holds no identifier", NULL);
	check(subject_get(s, id, &r, &err) == 1 &&
	    strcmp(r.kind, "access") == 0 && r.national_id != NULL &&
	    strcmp(r.national_id, "1000000008") == 0 && r.mobile != NULL &&
	    strcmp(r.mobile, "+966500000000") == 0 && r.email == NULL &&
	    r.closed_at == NULL && r.found == -1,
	    "subject: read back, identifiers normalised", NULL);
	check(subject_due(&r, &due) == 0 && wf_due_date(r.opened_at, 30,
	    &want) == 0 && date_cmp(&due, &want) == 0,
	    "subject: due 30 days after it was opened", NULL);
	check(subject_person(&r, &back, &err) == 0 &&
	    strcmp(back.national_id, p.national_id) == 0 &&
	    strcmp(back.mobile, p.mobile) == 0,
	    "subject: the person it names", buf_cstr(&err));
	person_clear(&back);
	subject_request_free(&r);
	check(subject_get(s, id + 100, &r, &err) == 0,
	    "subject: no such request: 0", NULL);
	id2 = subject_open(s, "mona", "erase", &p, &err);
	check(subject_open_list(s, &l, &err) == 0 && l.n == 2 &&
	    l.v[0].id == id && l.v[1].id == id2,
	    "subject: the open ones, oldest first", NULL);
	subject_requests_free(&l);
	check(subject_close(s, id, "mona", "lost", 1, NULL, &err) == -1,
	    "subject: an outcome that is not one is refused", NULL);
	check(subject_close(s, id, "noura", "answered", 2, "by hand", &err) ==
	    1, "subject: closed", buf_cstr(&err));
	check(subject_get(s, id, &r, &err) == 1 && r.national_id == NULL &&
	    r.mobile == NULL && r.email == NULL && r.closed_at != NULL &&
	    strcmp(r.closed_by, "noura") == 0 &&
	    strcmp(r.outcome, "answered") == 0 && r.found == 2,
	    "subject: closed, its identifiers cleared", NULL);
	check(subject_person(&r, &back, &err) == -1,
	    "subject: a closed request names no one", NULL);
	person_clear(&back);
	subject_request_free(&r);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit WHERE action ="
	    " 'request' AND actor = 'noura' AND note = 'data-subject request"
	    " %lld closed: answered, 2 submissions; by hand'", id);
	check(S_n(s, sql) == 1, "subject: the closing audited with its note",
	    NULL);
	check(subject_close(s, id, "noura", "answered", 2, NULL, &err) == 0 &&
	    S_n(s, "SELECT count(*) FROM audit WHERE action = 'request' AND"
	    " actor = 'noura'") == 1,
	    "subject: closed once only (0 the second time, not audited)",
	    NULL);
	check(subject_open_list(s, &l, &err) == 0 && l.n == 1 &&
	    l.v[0].id == id2, "subject: the closed one no longer open", NULL);
	subject_requests_free(&l);
	check(subject_close(s, id2, "mona", "withdrawn", -1, "", &err) == 1 &&
	    subject_closed_list(s, 1, &l, &err) == 0 && l.n == 1 &&
	    l.v[0].id == id2 && l.v[0].found == -1,
	    "subject: the last closed, limited, the latest first", NULL);
	subject_requests_free(&l);
	person_clear(&p);
	buf_free(&err);
}

/* The trail with the entries e0..eN. */
static void
S_search(struct store *s)
{
	struct buf		 err = BUF_INIT;
	struct audit_entries	 l;
	struct audit_query	 q;
	int			 more, i, ok;
	char			 note[32], lo[WF_TIME_LEN + 1], hi[WF_TIME_LEN + 1];

	memset(&l, 0, sizeof(l));
	/* The trail is append-only: S_subject()'s entries stay (action
	 * "request", actors mona and noura), these are added. */
	audit_add(s, "alice", "signin", NULL, NULL, NULL, NULL, &err);
	audit_add(s, "wasl (sudo: alice)", "export", NULL, NULL, NULL,
	    "support-request: 2 rows", &err);
	audit_add(s, "a_ice", "show", "ACDE3479", NULL, NULL, NULL, &err);
	audit_add(s, "bob", "status", "ACDE3479", "received", "under-study",
	    NULL, &err);
	audit_add(s, "bob", "signout", NULL, NULL, NULL, NULL, &err);
	audit_add(s, "carol", "signin-refused", NULL, NULL, NULL, NULL, &err);
	for (i = 0; i < 7; i++) {
		snprintf(note, sizeof(note), "page %d", i);
		audit_add(s, "paging", "user", NULL, NULL, NULL, note, &err);
	}

	memset(&q, 0, sizeof(q));
	q.actor = "ALICE";
	check(audit_search(s, &q, 0, 50, &l, &more, &err) == 0 && l.n == 2 &&
	    more == 0 && strcmp(l.v[0].actor, "wasl (sudo: alice)") == 0 &&
	    strcmp(l.v[1].actor, "alice") == 0,
	    "audit search: by a part of the actor, any case, newest first",
	    buf_cstr(&err));
	audit_entries_free(&l);
	q.actor = "a_ice";
	check(audit_search(s, &q, 0, 50, &l, &more, &err) == 0 && l.n == 1 &&
	    strcmp(l.v[0].actor, "a_ice") == 0,
	    "audit search: _ in the actor matches only itself", NULL);
	audit_entries_free(&l);
	q.actor = "%";
	check(audit_search(s, &q, 0, 50, &l, &more, &err) == 0 && l.n == 0,
	    "audit search: % in the actor matches only itself", NULL);
	audit_entries_free(&l);
	q.actor = "' OR 1=1 --";
	check(audit_search(s, &q, 0, 50, &l, &more, &err) == 0 && l.n == 0,
	    "audit search: SQL in the actor is only text", NULL);
	audit_entries_free(&l);
	memset(&q, 0, sizeof(q));
	q.action = "status";
	check(audit_search(s, &q, 0, 50, &l, &more, &err) == 0 && l.n == 1 &&
	    strcmp(l.v[0].to, "under-study") == 0,
	    "audit search: by action, exactly", NULL);
	audit_entries_free(&l);
	memset(&q, 0, sizeof(q));
	q.ref = "ACDE3479";
	check(audit_search(s, &q, 0, 50, &l, &more, &err) == 0 && l.n == 2 &&
	    strcmp(l.v[0].action, "status") == 0,
	    "audit search: by reference", NULL);
	audit_entries_free(&l);
	memset(&q, 0, sizeof(q));
	q.signins = 1;
	ok = audit_search(s, &q, 0, 50, &l, &more, &err) == 0 && l.n == 3;
	for (i = 0; ok && (size_t)i < l.n; i++)
		ok = strncmp(l.v[i].action, "sign", 4) == 0;
	check(ok && strcmp(l.v[0].actor, "carol") == 0 &&
	    strcmp(l.v[2].actor, "alice") == 0,
	    "audit search: the sign-ins preset (signin, signin-refused, "
	    "signout)", NULL);
	audit_entries_free(&l);
	q.actor = "bob";
	check(audit_search(s, &q, 0, 50, &l, &more, &err) == 0 && l.n == 1 &&
	    strcmp(l.v[0].action, "signout") == 0,
	    "audit search: the preset with an actor: both hold", NULL);
	audit_entries_free(&l);
	memset(&q, 0, sizeof(q));
	q.lo = "2020-01-01T00:00:00Z";
	q.hi = "2021-01-01T00:00:00Z";
	check(audit_search(s, &q, 0, 50, &l, &more, &err) == 0 && l.n == 0,
	    "audit search: by period: none in another year", NULL);
	audit_entries_free(&l);
	wf_time_format(time(NULL) - 3600, lo);
	wf_time_format(time(NULL) + 3600, hi);
	q.lo = lo;
	q.hi = hi;
	q.actor = "bob";
	check(audit_search(s, &q, 0, 50, &l, &more, &err) == 0 && l.n == 2,
	    "audit search: by period: this hour's, with the actor", NULL);
	audit_entries_free(&l);
	q.hi = lo;
	check(audit_search(s, &q, 0, 50, &l, &more, &err) == 0 && l.n == 0,
	    "audit search: by period: hi excluded", NULL);
	audit_entries_free(&l);
	memset(&q, 0, sizeof(q));
	q.action = "user";
	check(audit_search(s, &q, 0, 3, &l, &more, &err) == 0 && l.n == 3 &&
	    more == 1 && strcmp(l.v[0].note, "page 6") == 0,
	    "audit search: a page of 3, more to come", NULL);
	audit_entries_free(&l);
	check(audit_search(s, &q, 6, 3, &l, &more, &err) == 0 && l.n == 1 &&
	    more == 0 && strcmp(l.v[0].note, "page 0") == 0,
	    "audit search: the last page, no more", NULL);
	audit_entries_free(&l);
	check(audit_search(s, &q, 3, 3, &l, &more, &err) == 0 && l.n == 3 &&
	    more == 1 && strcmp(l.v[0].note, "page 3") == 0,
	    "audit search: a middle page", NULL);
	audit_entries_free(&l);
	buf_free(&err);
}

int
main(void)
{
	unsigned char	 salt[32] = { 1 };
	struct buf	 err = BUF_INIT;
	struct store	*s;
	char		 p[400];

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/wasl.db", dir);
	s = store_open(path, salt, &err);
	if (!check(s != NULL, "subject: a database opened", buf_cstr(&err)))
		return check_exit();
	S_subject(s);
	S_search(s);
	store_close(s);
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	rmdir(dir);
	buf_free(&err);
	return check_exit();
}
