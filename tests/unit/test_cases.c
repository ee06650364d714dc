/*
 * test_cases: the staff console's queue in fcgi/db/cases: the paged
 * query (cases_page()), the counts by status (cases_counts()) and the
 * overdue filter computed in SQL, checked against the rows as the C code
 * judges them (cases_list() without the filter); and the policy revision
 * a decision names (cases_revision(), cases_set_status()). On a store in
 * a temporary folder, with the site's form definitions (content/forms).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "audit.h"
#include "cases.h"
#include "check.h"
#include "db.h"
#include "store.h"

static char			 dir[] = "/tmp/wasl-test-cases-XXXXXX";
static char			 path[300];
static struct formdef_dir	*forms;
static const struct date	 today = { 2026, 6, 1 };

#define DAYS	14

/* A reference of the alphabet for row n. */
static void
S_ref(int n, char ref[STORE_REF_LEN + 1])
{
	static const char a[] = STORE_REF_ALPHABET;
	int	 i;

	for (i = STORE_REF_LEN - 1; i >= 0; i--) {
		ref[i] = a[n % 25];
		n /= 25;
	}
	ref[STORE_REF_LEN] = '\0';
}

static int
S_insert(struct store *s, int n, const char *form, const char *at,
    const char *status)
{
	sqlite3_stmt	*st = NULL;
	char		 ref[STORE_REF_LEN + 1];
	int		 rc;

	S_ref(n, ref);
	if (sqlite3_prepare_v2(store_db(s), "INSERT INTO submission (form,"
	    " ref, received_at, status) VALUES (?1, ?2, ?3, ?4)", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, form, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	return rc;
}

static const char *const statuses[] = {
	"received", "under-study", "needs-info", "accepted", "rejected"
};

/*
 * 120 support requests, one a day from 2026-01-01 (Saudi noon), the
 * status cycling through the five; 10 inquiries and 5 surveys in the
 * same days; and two requests on either side of the overdue's edge:
 * received at 23:59 Saudi time on 2026-05-17 (due 2026-05-31: a day
 * late on 2026-06-01) and at 00:00 on 2026-05-18 (due that day: not
 * late).
 */
static int
S_seed(struct store *s)
{
	char	 at[WF_TIME_LEN + 1];
	int	 i, n = 0, rc = 0;
	time_t	 t0 = 1767258000;	/* 2026-01-01T09:00:00Z */

	for (i = 0; i < 120; i++) {
		wf_time_format(t0 + (time_t)i * 86400, at);
		rc |= S_insert(s, n++, "support-request", at, statuses[i % 5]);
	}
	for (i = 0; i < 10; i++) {
		wf_time_format(t0 + (time_t)i * 86400 + 60, at);
		rc |= S_insert(s, n++, "inquiry", at, "received");
	}
	for (i = 0; i < 5; i++) {
		wf_time_format(t0 + (time_t)i * 86400 + 120, at);
		rc |= S_insert(s, n++, "satisfaction-survey", at, "received");
	}
	rc |= S_insert(s, n++, "support-request", "2026-05-17T20:59:59Z",
	    "received");
	rc |= S_insert(s, n++, "support-request", "2026-05-17T21:00:00Z",
	    "received");
	return rc;
}

static long long
S_sum(const long long c[WF_NSTATUS])
{
	long long	 t = 0;
	int		 i;

	for (i = 0; i < WF_NSTATUS; i++)
		t += c[i];
	return t;
}

static void
S_counts(struct store *s)
{
	struct buf		 err = BUF_INIT;
	struct cases_filter	 f;
	long long		 c[WF_NSTATUS];
	char			 d[200];

	memset(&f, 0, sizeof(f));
	check(cases_counts(s, forms, DAYS, &today, &f, c, &err) == 0 &&
	    S_sum(c) == 137 && c[WF_RECEIVED] == 24 + 15 + 2 &&
	    c[WF_UNDER_STUDY] == 24 && c[WF_ACCEPTED] == 24,
	    "counts: every submission by status", buf_cstr(&err));
	f.status = "accepted";
	check(cases_counts(s, forms, DAYS, &today, &f, c, &err) == 0 &&
	    S_sum(c) == 137, "counts: the status filter aside", NULL);
	f.status = NULL;
	f.form = "inquiry";
	check(cases_counts(s, forms, DAYS, &today, &f, c, &err) == 0 &&
	    S_sum(c) == 10 && c[WF_RECEIVED] == 10, "counts: of one form",
	    NULL);
	f.form = NULL;
	f.lo = "2026-01-31T21:00:00Z";	/* Saudi 2026-02-01 .. 02-28 */
	f.hi = "2026-02-28T21:00:00Z";
	check(cases_counts(s, forms, DAYS, &today, &f, c, &err) == 0 &&
	    S_sum(c) == 28, "counts: of a period (February's requests)",
	    NULL);
	f.lo = f.hi = NULL;
	f.only_overdue = 1;
	/* Undecided requests received before 2026-05-18 Saudi time: of the
	 * 120 (days 0..119, 2026-01-01 .. 04-30), those received,
	 * under-study or needs-info: 72; and the one at 23:59. */
	check(cases_counts(s, forms, DAYS, &today, &f, c, &err) == 0 &&
	    S_sum(c) == 73 && c[WF_ACCEPTED] == 0 && c[WF_REJECTED] == 0,
	    "counts: overdue (undecided tracked requests past due)", NULL);
	snprintf(d, sizeof(d), "%lld %lld %lld", c[0], c[1], c[2]);
	check(c[WF_RECEIVED] == 25 && c[WF_UNDER_STUDY] == 24 &&
	    c[WF_NEEDS_INFO] == 24, "counts: overdue by status", d);
	buf_free(&err);
}

static void
S_paging(struct store *s)
{
	struct buf		 err = BUF_INIT;
	struct cases_filter	 f;
	struct cases_rows	 all, p;
	size_t			 i, off;
	int			 same = 1, sorted = 1;

	memset(&f, 0, sizeof(f));
	memset(&all, 0, sizeof(all));
	memset(&p, 0, sizeof(p));
	check(cases_list(s, forms, DAYS, &today, &f, &all, &err) == 0 &&
	    all.n == 137, "list: every submission", buf_cstr(&err));
	for (i = 1; i < all.n; i++)
		if (strcmp(all.v[i - 1].received, all.v[i].received) > 0)
			sorted = 0;
	check(sorted, "list: oldest first", NULL);
	/* The pages of 50, put together, are the list. */
	for (off = 0; off < all.n + 50; off += 50)
		if (cases_page(s, forms, DAYS, &today, &f, off, 50, &p,
		    &err) == -1)
			same = 0;
	check(same && p.n == all.n, "page: pages of 50 hold every row once",
	    buf_cstr(&err));
	for (i = 0; same && i < all.n; i++)
		if (strcmp(p.v[i].ref, all.v[i].ref) != 0)
			same = 0;
	check(same, "page: in the list's order", NULL);
	cases_rows_free(&p);
	check(cases_page(s, forms, DAYS, &today, &f, 100, 50, &p, &err) ==
	    0 && p.n == 37 && strcmp(p.v[0].ref, all.v[100].ref) == 0,
	    "page: the last page holds the rest", NULL);
	cases_rows_free(&p);
	check(cases_page(s, forms, DAYS, &today, &f, 500, 50, &p, &err) ==
	    0 && p.n == 0, "page: past the end, none", NULL);
	cases_rows_free(&p);
	f.status = "needs-info";
	f.form = "support-request";
	check(cases_page(s, forms, DAYS, &today, &f, 0, 10, &p, &err) == 0 &&
	    p.n == 10 && strcmp(p.v[9].status, "needs-info") == 0 &&
	    p.v[0].has_due, "page: filtered by form and status", NULL);
	cases_rows_free(&p);
	cases_rows_free(&all);
	buf_free(&err);
}

/* The overdue in SQL is what the C code judges of each row. */
static void
S_overdue(struct store *s)
{
	struct buf		 err = BUF_INIT;
	struct cases_filter	 f;
	struct cases_rows	 all, od;
	size_t			 i, j, n = 0;
	int			 same = 1, edge_in = 0, edge_out = 0;

	memset(&f, 0, sizeof(f));
	memset(&all, 0, sizeof(all));
	memset(&od, 0, sizeof(od));
	cases_list(s, forms, DAYS, &today, &f, &all, &err);
	f.only_overdue = 1;
	check(cases_page(s, forms, DAYS, &today, &f, 0, 0, &od, &err) == 0,
	    "overdue: the filter runs", buf_cstr(&err));
	for (i = 0, j = 0; i < all.n; i++) {
		if (!all.v[i].overdue)
			continue;
		n++;
		if (j >= od.n || strcmp(all.v[i].ref, od.v[j++].ref) != 0)
			same = 0;
	}
	check(same && n == od.n && n == 73, "overdue: the SQL's rows are "
	    "those the C code finds late", NULL);
	for (i = 0; i < od.n; i++) {
		if (strcmp(od.v[i].received, "2026-05-17T20:59:59Z") == 0)
			edge_in = od.v[i].late == 1;
		if (strcmp(od.v[i].received, "2026-05-17T21:00:00Z") == 0)
			edge_out = 1;
		if (strcmp(od.v[i].form, "support-request") != 0)
			same = 0;
	}
	check(edge_in && !edge_out, "overdue: 23:59 on the due date's eve "
	    "is a day late, midnight is not yet late", NULL);
	check(same, "overdue: only tracked requests (no inquiry, no survey)",
	    NULL);
	cases_rows_free(&od);
	f.form = "support-request";
	f.status = "accepted";
	check(cases_page(s, forms, DAYS, &today, &f, 0, 0, &od, &err) == 0 &&
	    od.n == 0, "overdue: a decision is never overdue", NULL);
	cases_rows_free(&od);
	cases_rows_free(&all);
	buf_free(&err);
}

static void
S_revision(struct store *s)
{
	struct buf		 err = BUF_INIT;
	struct audit_entries	 h;
	struct date		 d = { 2026, 7, 1 };
	json_t			*pol;
	char			 rev[CASES_REVISION_MAX], ref[STORE_REF_LEN + 1];
	char			 from[16];
	size_t			 i;
	int			 found = 0, none = 1;

	pol = json_pack("[{s:s,s:[{s:i,s:s,s:{s:s}},{s:i,s:s,s:{s:s}},"
	    "{s:i,s:s,s:{s:s}}]}]", "slug", "beneficiary-relations",
	    "revisions", "revision", 1, "status", "approved", "effective",
	    "iso", "2024-08-14", "revision", 2, "status", "approved",
	    "effective", "iso", "2026-07-01", "revision", 3, "status",
	    "draft", "effective", "iso", "2026-01-01");
	check(cases_revision(forms, pol, "support-request", &today, rev) ==
	    1 && strcmp(rev, "beneficiary-relations/1") == 0,
	    "revision: the one in force that day", rev);
	check(cases_revision(forms, pol, "support-request", &d, rev) == 1 &&
	    strcmp(rev, "beneficiary-relations/2") == 0,
	    "revision: from its effective date, the next (never a draft)",
	    rev);
	check(cases_revision(forms, pol, "inquiry", &today, rev) == 0 &&
	    rev[0] == '\0', "revision: a form with no policy names none",
	    NULL);
	S_ref(0, ref);
	memset(&h, 0, sizeof(h));
	check(cases_set_status(s, forms, pol, "cara", ref, "rejected", "n",
	    from, &err) == 0 && cases_set_status(s, forms, pol, "olga", ref,
	    "under-study", "again", from, &err) == 0 &&
	    audit_history(s, ref, &h, &err) == 0, "revision: two moves",
	    buf_cstr(&err));
	for (i = 0; i < h.n; i++) {
		if (strcmp(h.v[i].to, "rejected") == 0 && h.v[i].revision &&
		    strncmp(h.v[i].revision, "beneficiary-relations/", 22) ==
		    0)
			found = 1;
		if (strcmp(h.v[i].to, "under-study") == 0 &&
		    h.v[i].revision != NULL)
			none = 0;
	}
	check(found, "revision: a decision's entry names it", NULL);
	check(none, "revision: a move that decides nothing names none", NULL);
	audit_entries_free(&h);
	json_decref(pol);
	buf_free(&err);
}

int
main(void)
{
	unsigned char	 salt[32] = { 1 };
	struct buf	 err = BUF_INIT;
	struct store	*s;
	char		 q[340];

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/wasl.db", dir);
	forms = formdef_dir_load(NULL, "content/forms", NULL, &err);
	s = store_open(path, salt, &err);
	if (!check(s != NULL && forms != NULL, "cases: a store with the "
	    "form definitions", buf_cstr(&err)))
		return check_exit();
	if (!check(S_seed(s) == 0, "cases: 137 submissions stored", NULL))
		return check_exit();
	S_counts(s);
	S_paging(s);
	S_overdue(s);
	S_revision(s);
	store_close(s);
	unlink(path);
	snprintf(q, sizeof(q), "%s-wal", path);
	unlink(q);
	snprintf(q, sizeof(q), "%s-shm", path);
	unlink(q);
	formdef_dir_free(forms);
	buf_free(&err);
	rmdir(dir);
	return check_exit();
}
