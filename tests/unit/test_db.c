/*
 * test_db: the staff's functions of the database (fcgi/db: audit,
 * cases, export, privacy, report, backup) called as a front end calls
 * them, wasl-admin or the console to come: what each returns, the audit
 * entry each writes in the name of the actor given, and what a refusal
 * leaves (nothing written). Run on a database in a temporary folder,
 * with the site's form definitions (content/forms).
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "audit.h"
#include "backup.h"
#include "cases.h"
#include "check.h"
#include "db.h"
#include "export.h"
#include "person.h"
#include "privacy.h"
#include "report.h"
#include "store.h"

static char			 dir[] = "/tmp/wasl-test-db-XXXXXX";
static char			 path[300];
static struct formdef_dir	*forms;

/* A clock six years back: submissions past support-request's
 * retention (1825 days). */
static time_t
S_old_clock(time_t *t)
{
	time_t	 v = time(NULL) - (time_t)2000 * 86400;

	if (t != NULL)
		*t = v;
	return v;
}

/* The first column of the first row of sql, or -1. */
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

/* A support request by the person with national ID id, its reference
 * into ref. */
static int
S_request(struct store *s, const char *id, const char *mobile,
    const char *need, char ref[STORE_REF_LEN + 1])
{
	struct buf	 err = BUF_INIT;
	json_t		*f;
	int		 dup, rc;

	f = json_pack("{s:s,s:s,s:s,s:s,s:b}", "full_name", "سارة",
	    "national_id", id, "mobile", mobile, "need", need,
	    "privacy_consent", 1);
	rc = store_submit(s, "support-request", f, 1, NULL, ref, &dup, &err);
	json_decref(f);
	buf_free(&err);
	return rc;
}

static void
S_unlink_db(const char *p)
{
	char	 q[340];

	unlink(p);
	snprintf(q, sizeof(q), "%s-wal", p);
	unlink(q);
	snprintf(q, sizeof(q), "%s-shm", p);
	unlink(q);
}

static void
S_cases(struct store *s)
{
	struct buf		 err = BUF_INIT;
	struct cases_record	 c;
	struct cases_rows	 rows;
	struct cases_filter	 f;
	struct audit_entries	 l;
	struct date		 today;
	char			 ref[STORE_REF_LEN + 1], from[16];
	long long		 before;
	int			 rc;

	memset(&rows, 0, sizeof(rows));
	memset(&l, 0, sizeof(l));
	S_request(s, "1000000008", "+966500000000", "إيجار", ref);

	/* A refused change writes nothing. */
	before = S_n(s, "SELECT count(*) FROM audit");
	rc = cases_set_status(s, forms, NULL, "alice", ref, "received", "n",
	    from, &err);
	check(rc == -1 && strstr(buf_cstr(&err), "already received") != NULL
	    && S_n(s, "SELECT count(*) FROM audit") == before,
	    "status: the same status again is refused, nothing audited",
	    buf_cstr(&err));
	buf_reset(&err);
	rc = cases_set_status(s, forms, NULL, "alice", ref, "approved", "n",
	    from, &err);
	check(rc == -1 && strstr(buf_cstr(&err), "not a status") != NULL &&
	    S_n(s, "SELECT count(*) FROM audit") == before &&
	    S_n(s, "SELECT count(*) FROM submission WHERE status ="
	    " 'received'") == 1, "status: an unknown status is refused, "
	    "nothing changed", buf_cstr(&err));
	buf_reset(&err);
	check(cases_set_status(s, forms, NULL, "alice", "ACDE3467", "accepted",
	    "n", from, &err) == -1 && strstr(buf_cstr(&err), "no submission") !=
	    NULL && S_n(s, "SELECT count(*) FROM audit") == before,
	    "status: an unknown reference is refused", buf_cstr(&err));
	buf_reset(&err);

	/* A change: the status, its date and the entry in the caller's
	 * name, together. */
	rc = cases_set_status(s, forms, NULL, "console: fatimah", ref,
	    "accepted", "الملف مكتمل", from, &err);
	check(rc == 0 && strcmp(from, "received") == 0 &&
	    S_n(s, "SELECT count(*) FROM submission WHERE status = 'accepted'"
	    " AND decided_at IS NOT NULL") == 1 &&
	    S_n(s, "SELECT count(*) FROM audit WHERE actor = 'console:"
	    " fatimah' AND action = 'status' AND from_status = 'received'"
	    " AND to_status = 'accepted'") == 1,
	    "status: changed, decided, audited by the actor given",
	    buf_cstr(&err));
	check(cases_set_status(s, forms, NULL, "alice", ref, "under-study",
	    "reopen", from, &err) == 0 && S_n(s, "SELECT count(*) FROM"
	    " submission WHERE decided_at IS NULL") == 1,
	    "status: reopening a decision clears its date", buf_cstr(&err));

	/* A look is audited, and the history holds it. */
	rc = cases_show(s, "bob", ref, &c, &err);
	check(rc == 0 && c.nanswers == 5 &&
	    strcmp(c.answers[0].name, "full_name") == 0 &&
	    c.history.n == 3 && strcmp(c.history.v[2].action, "show") == 0 &&
	    strcmp(c.history.v[2].actor, "bob") == 0 &&
	    strcmp(c.history.v[0].note, "الملف مكتمل") == 0,
	    "show: answers by name, history with the look itself",
	    buf_cstr(&err));
	cases_record_free(&c);
	check(cases_show(s, "bob", "ACDE3467", &c, &err) == -1 &&
	    S_n(s, "SELECT count(*) FROM audit WHERE action = 'show'") == 1,
	    "show: no such submission, no audit entry", NULL);
	cases_record_free(&c);

	/* The list, with due dates as of a given day. */
	memset(&f, 0, sizeof(f));
	f.lo = "0000-00-00T00:00:00Z";
	f.hi = "9999-12-31T23:59:59Z";
	date_from_time(time(NULL) + 30 * 86400, &today);
	check(cases_list(s, forms, 14, &today, &f, &rows, &err) == 0 &&
	    rows.n == 1 && rows.v[0].tracked && rows.v[0].has_due &&
	    rows.v[0].overdue && rows.v[0].late >= 15 &&
	    strcmp(rows.v[0].status, "under-study") == 0,
	    "list: a tracked request, overdue in 30 days", buf_cstr(&err));
	cases_rows_free(&rows);
	f.status = "accepted";
	check(cases_list(s, forms, 14, &today, &f, &rows, &err) == 0 &&
	    rows.n == 0, "list: filtered by status", buf_cstr(&err));
	cases_rows_free(&rows);

	check(audit_list(s, ref, "0000-00-00T00:00:00Z",
	    "9999-12-31T23:59:59Z", &l, &err) == 0 && l.n == 3 &&
	    l.v[0].redacted == 0, "audit: the entries of one reference",
	    buf_cstr(&err));
	audit_entries_free(&l);
	buf_free(&err);
}

static void
S_anonymous(struct store *s)
{
	struct buf	 err = BUF_INIT;
	struct export_rows rows;
	json_t		*g = json_pack("{s:s}", "overall", "5");
	char		 ref[STORE_REF_LEN + 1], from[16];
	long long	 before;
	int		 dup;

	memset(&rows, 0, sizeof(rows));
	store_submit(s, "satisfaction-survey", g, 0, NULL, ref, &dup, &err);
	json_decref(g);
	before = S_n(s, "SELECT count(*) FROM audit");
	check(cases_set_status(s, forms, NULL, "alice", ref, "accepted", "n",
	    from, &err) == -1 && strstr(buf_cstr(&err), "anonymous") != NULL &&
	    S_n(s, "SELECT count(*) FROM audit") == before,
	    "status: an anonymous form has no workflow, nothing written",
	    buf_cstr(&err));
	buf_reset(&err);
	check(export_rows(s, "satisfaction-survey", "0000-00-00T00:00:00Z",
	    "9999-12-31T23:59:59Z", &rows, &err) == 0 && rows.n == 1 &&
	    strcmp(json_string_value(json_object_get(rows.v[0].answers,
	    "overall")), "5") == 0 && rows.v[0].decided == NULL &&
	    S_n(s, "SELECT count(*) FROM audit") == before,
	    "export: the rows with their answers, nothing audited by the "
	    "reading", buf_cstr(&err));
	export_rows_free(&rows);
	buf_free(&err);
}

static void
S_privacy(struct store *s)
{
	struct buf		 err = BUF_INIT;
	struct person		 p, q;
	struct privacy_subs	 shown, found;
	json_t			*doc, *site = json_string("جمعية");
	char			 r1[STORE_REF_LEN + 1], r2[STORE_REF_LEN + 1];
	char			 sref[STORE_REF_LEN + 1];
	int			 listed, dup;
	json_t			*g;
	struct privacy_words	 words = { "نعم", { NULL } };

	memset(&shown, 0, sizeof(shown));
	memset(&found, 0, sizeof(found));
	S_request(s, "1000000016", "+966511111111", "ترميم", r1);
	S_request(s, "2000000006", "+966522222222",
	    "رقم أخي 1000-000-016", r2);
	g = json_pack("{s:s,s:s}", "overall", "4", "request_ref", r1);
	store_submit(s, "satisfaction-survey", g, 0, NULL, sref, &dup, &err);
	json_decref(g);
	person_parse(&p, "1000000016", NULL, NULL, &err);
	person_parse(&q, NULL, NULL, "nobody@example.com", &err);

	doc = privacy_access(s, forms, "alice", &p, site, &words, &err);
	check(doc != NULL && json_array_size(json_object_get(doc,
	    "submissions")) == 2 && S_n(s, "SELECT count(*) FROM audit WHERE"
	    " action = 'access' AND actor = 'alice' AND ref IS NOT NULL") ==
	    2, "access: both submissions (answer and free text), one entry "
	    "each", buf_cstr(&err));
	json_decref(doc);
	doc = privacy_access(s, forms, "alice", &q, site, &words, &err);
	check(doc != NULL && json_array_size(json_object_get(doc,
	    "submissions")) == 0 && S_n(s, "SELECT count(*) FROM audit WHERE"
	    " action = 'access' AND ref IS NULL") == 1,
	    "access: nobody found is audited too", buf_cstr(&err));
	json_decref(doc);

	/* Erased only as shown: a list that changed refuses. */
	check(privacy_find(s, forms, &p, &shown, &err) == 0 && shown.n == 2,
	    "erase: the list to confirm", buf_cstr(&err));
	shown.v[1].id = -1;
	check(privacy_erase(s, forms, "alice", &p, &shown, NULL, &found,
	    &listed, &err) == -1 && listed && strstr(buf_cstr(&err),
	    "changed") != NULL && S_n(s, "SELECT count(*) FROM submission"
	    " WHERE ref IN (SELECT ref FROM audit WHERE action = 'access'"
	    " AND ref IS NOT NULL)") == 2 && S_n(s, "SELECT count(*) FROM"
	    " audit WHERE action = 'erase'") == 0,
	    "erase: a list that changed erases nothing", buf_cstr(&err));
	privacy_subs_free(&found);
	buf_reset(&err);

	/* The erasure leaves no row, no answer naming it, only counts. */
	check(privacy_erase(s, forms, "alice", &p, NULL, "طلب الشخص",
	    &found, &listed, &err) == 0 && found.n == 2 &&
	    S_n(s, "SELECT count(*) FROM submission WHERE ref IN"
	    " (SELECT ref FROM audit WHERE action = 'access')") == 0 &&
	    S_n(s, "SELECT count(*) FROM field WHERE value LIKE '%1000000016%'"
	    " OR value LIKE '%1000-000-016%'") == 0,
	    "erase: no row of the person is left", buf_cstr(&err));
	{
		char sql[200];

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM field WHERE"
		    " value = '%s'", r1);
		check(S_n(s, sql) == 0, "erase: the survey's request_ref "
		    "naming it goes too", NULL);
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit WHERE"
		    " ref = '%s' OR ref = '%s'", r1, r2);
		check(S_n(s, sql) == 0 && S_n(s, "SELECT count(*) FROM audit"
		    " WHERE redacted = 1") == 2, "erase: its audit entries "
		    "redacted", NULL);
	}
	check(S_n(s, "SELECT sum(n) FROM tally WHERE reason = 'erased'") == 2
	    && S_n(s, "SELECT count(*) FROM audit WHERE action = 'erase' AND"
	    " note = 'data-subject erasure request: 2 submissions erased;"
	    " طلب الشخص'") == 1, "erase: counted, audited without the values",
	    buf_cstr(&err));
	privacy_subs_free(&found);
	privacy_subs_free(&shown);
	person_clear(&p);
	person_clear(&q);
	json_decref(site);
	buf_free(&err);
}

static void
S_purge(struct store *s)
{
	struct buf		 err = BUF_INIT;
	struct privacy_purge	 r;
	char			 ref[STORE_REF_LEN + 1];
	long long		 n;
	size_t			 i, k = 0;

	memset(&r, 0, sizeof(r));
	store_set_clock(s, S_old_clock);
	S_request(s, "1000000024", "+966533333333", "قديم", ref);
	store_set_clock(s, NULL);
	n = S_n(s, "SELECT count(*) FROM submission");
	check(privacy_purge(s, forms, "cron", 1, &r, &err) == 0 &&
	    S_n(s, "SELECT count(*) FROM submission") == n &&
	    S_n(s, "SELECT count(*) FROM audit WHERE action = 'purge'") == 0,
	    "purge: a dry run deletes and audits nothing", buf_cstr(&err));
	for (i = 0; i < r.nforms; i++)
		if (strcmp(r.forms[i].form, "support-request") == 0)
			k = r.forms[i].n;
	check(k == 1, "purge: the dry run counts the old request", NULL);
	privacy_purge_free(&r);
	check(privacy_purge(s, forms, "cron", 0, &r, &err) == 0 &&
	    S_n(s, "SELECT count(*) FROM submission") == n - 1 &&
	    S_n(s, "SELECT count(*) FROM audit WHERE action = 'purge' AND"
	    " actor = 'cron'") == 1 && S_n(s, "SELECT sum(n) FROM tally"
	    " WHERE reason = 'purged'") == 1,
	    "purge: the old request goes, counted and audited",
	    buf_cstr(&err));
	privacy_purge_free(&r);
	buf_free(&err);
}

static void
S_report(struct store *s)
{
	struct buf		 err = BUF_INIT;
	struct survey_counts	 c;
	size_t			 i;
	int			 seen = 0;

	check(report_counts(s, forms, 14, "0000-00-00T00:00:00Z",
	    "9999-12-31T23:59:59Z", "0000-00", "9999-99", &c, &err) == 0,
	    "report: counted", buf_cstr(&err));
	for (i = 0; i < c.nsurveys; i++)
		if (strcmp(formdef_id(c.surveys[i].fd),
		    "satisfaction-survey") == 0)
			seen = c.surveys[i].all.answers == 2 &&
			    c.surveys[i].all.hide == SURVEY_HIDE_SMALL;
	check(seen, "report: two answers are counted, and hidden", NULL);
	survey_counts_free(&c);
	buf_free(&err);
}

static void
S_backup(struct store *s)
{
	struct buf		 err = BUF_INIT;
	struct backup_restored	 r;
	char			 bk[340];
	int			 pages = 0;

	snprintf(bk, sizeof(bk), "%s/backup.db", dir);
	check(backup_copy(s, "alice", bk, &pages, &err) == 0 && pages > 0 &&
	    S_n(s, "SELECT count(*) FROM audit WHERE action = 'backup' AND"
	    " actor = 'alice'") == 1, "backup: copied and audited",
	    buf_cstr(&err));
	check(backup_copy(s, "alice", path, &pages, &err) == -1,
	    "backup: not over the database itself", NULL);
	buf_reset(&err);
	check(backup_restore(path, bk, "alice", &r, &err) == -1 &&
	    strstr(buf_cstr(&err), "open in another process") != NULL,
	    "restore: refused while the database is open", buf_cstr(&err));
	backup_restored_free(&r);
	S_unlink_db(bk);
	buf_free(&err);
}

int
main(void)
{
	unsigned char	 salt[32] = { 1 };
	struct buf	 err = BUF_INIT;
	struct store	*s;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/wasl.db", dir);
	forms = formdef_dir_load(NULL, "content/forms", NULL, &err);
	s = store_open(path, salt, &err);
	if (!check(s != NULL && forms != NULL, "db: opens with the form "
	    "definitions", buf_cstr(&err)))
		return check_exit();
	check(db_check_mode(path, &err) == 0, "db: made mode 0600", NULL);
	S_cases(s);
	S_anonymous(s);
	S_privacy(s);
	S_purge(s);
	S_report(s);
	S_backup(s);
	store_close(s);
	S_unlink_db(path);
	formdef_dir_free(forms);
	buf_free(&err);
	rmdir(dir);
	return check_exit();
}
