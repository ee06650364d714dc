/*
 * cases: list, show and status changes (see cases.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "cases.h"
#include "db.h"
#include "policies.h"

/* Days from a to b (b - a). */
static long
S_days_between(const struct date *a, const struct date *b)
{
	struct tm	 ta, tb;

	memset(&ta, 0, sizeof(ta));
	memset(&tb, 0, sizeof(tb));
	ta.tm_year = a->year - 1900;
	ta.tm_mon = a->month - 1;
	ta.tm_mday = a->day;
	tb.tm_year = b->year - 1900;
	tb.tm_mon = b->month - 1;
	tb.tm_mday = b->day;
	return (long)((timegm(&tb) - timegm(&ta)) / 86400);
}

int
cases_days_late(const char *received, int response_days,
    const struct date *today, int *late)
{
	struct date	 due;

	if (wf_due_date(received, response_days, &due) == -1)
		return -1;
	*late = (int)S_days_between(&due, today);
	return 0;
}

static const struct formdef *
S_form(const struct formdef_dir *forms, const char *id)
{
	return forms != NULL && id != NULL ? formdef_dir_find(forms, id) :
	    NULL;
}

/* ---- list ---- */

void
cases_rows_free(struct cases_rows *r)
{
	size_t	 i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].ref);
		free(r->v[i].form);
		free(r->v[i].status);
		free(r->v[i].received);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* The number of tracked forms among forms. */
static size_t
S_ntracked(const struct formdef_dir *forms)
{
	size_t	 i, n = 0;

	for (i = 0; forms != NULL && i < formdef_dir_count(forms); i++)
		if (wf_form_tracked(formdef_dir_at(forms, i)))
			n++;
	return n;
}

/*
 * The query of what f selects, from constant parts (each value is a
 * named parameter, bound by S_bind()): the planner sees only the
 * conditions that apply, so that each uses its index (store.c: form,
 * status and received_at). What the query returns is sel's.
 */
static void
S_query(struct buf *q, const char *sel, const struct cases_filter *f,
    const struct formdef_dir *forms)
{
	size_t	 i, n;

	buf_puts(q, sel);
	buf_puts(q, " FROM submission WHERE 1");
	if (f->lo != NULL)
		buf_puts(q, " AND received_at >= :lo");
	if (f->hi != NULL)
		buf_puts(q, " AND received_at < :hi");
	if (f->form != NULL)
		buf_puts(q, " AND form = :form");
	if (f->status != NULL)
		buf_puts(q, " AND status = :status");
	/* The tracked forms one parameter each (:t0, :t1, ...): a list the
	 * planner can search (form, status, received_at) with. */
	if (f->only_tracked || f->only_overdue) {
		if ((n = S_ntracked(forms)) == 0)
			buf_puts(q, " AND 0");
		else {
			buf_puts(q, " AND form IN (");
			for (i = 0; i < n; i++)
				buf_printf(q, "%s:t%zu", i > 0 ? ", " : "", i);
			buf_putc(q, ')');
		}
	}
	/* Overdue: undecided (the statuses wf_status_decided() is not),
	 * and received before the Saudi day that is response_days before
	 * today (its due date has passed). Named, not "NOT IN" the
	 * decisions, so that (form, status, received_at) answers it. */
	if (f->only_overdue)
		buf_puts(q, " AND status IN ('received', 'under-study',"
		    " 'needs-info') AND received_at < :cutoff");
}

static void
S_bind_name(sqlite3_stmt *st, const char *name, const char *v)
{
	int	 i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

/* The filter's values, the tracked forms' ids, and the start of the
 * overdue: the UTC time at which the Saudi day today - response_days
 * began. */
static void
S_bind(sqlite3_stmt *st, const struct formdef_dir *forms, int response_days,
    const struct date *today, const struct cases_filter *f)
{
	struct date	 d;
	char		 cutoff[WF_TIME_LEN + 1], name[32];
	size_t		 i, n = 0;

	S_bind_name(st, ":lo", f->lo);
	S_bind_name(st, ":hi", f->hi);
	S_bind_name(st, ":form", f->form);
	S_bind_name(st, ":status", f->status);
	for (i = 0; forms != NULL && i < formdef_dir_count(forms); i++)
		if (wf_form_tracked(formdef_dir_at(forms, i))) {
			snprintf(name, sizeof(name), ":t%zu", n++);
			S_bind_name(st, name, formdef_id(formdef_dir_at(forms,
			    i)));
		}
	if (date_add_days(today, -response_days, &d) == -1 ||
	    wf_day_start(&d, cutoff) == -1)
		snprintf(cutoff, sizeof(cutoff), "%s", "");
	S_bind_name(st, ":cutoff", cutoff);
}

/* A row of the list: its due date and lateness. */
static void
S_row(struct cases_rows *out, const struct formdef_dir *forms,
    int response_days, const struct date *today, sqlite3_stmt *st)
{
	struct cases_row	 row, *r;
	const char		*ref, *fid, *stat, *rec;

	ref = db_text(st, 0);
	fid = db_text(st, 1);
	stat = db_text(st, 2);
	rec = db_text(st, 3);
	memset(&row, 0, sizeof(row));
	row.tracked = wf_form_tracked(S_form(forms, fid));
	if (row.tracked && !wf_status_decided(stat) &&
	    cases_days_late(rec, response_days, today, &row.late) == 0 &&
	    row.late > 0)
		row.overdue = 1;
	else
		row.late = 0;
	row.has_due = row.tracked && wf_due_date(rec, response_days,
	    &row.due) == 0;
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 64;
		out->v = xrealloc(out->v, out->cap * sizeof(*out->v));
	}
	r = &out->v[out->n++];
	*r = row;
	r->ref = ref ? xstrdup(ref) : NULL;
	r->form = fid ? xstrdup(fid) : NULL;
	r->status = stat ? xstrdup(stat) : NULL;
	r->received = rec ? xstrdup(rec) : NULL;
}

int
cases_page(struct store *s, const struct formdef_dir *forms,
    int response_days, const struct date *today,
    const struct cases_filter *f, size_t offset, size_t limit,
    struct cases_rows *out, struct buf *err)
{
	static const char what[] = "listing submissions";
	sqlite3_stmt	*st = NULL;
	struct buf	 q = BUF_INIT;
	int		 rc;

	S_query(&q, "SELECT ref, form, status, received_at", f, forms);
	buf_puts(&q, " ORDER BY received_at, id");
	if (limit > 0)
		buf_puts(&q, " LIMIT :limit OFFSET :offset");
	rc = sqlite3_prepare_v2(store_db(s), buf_cstr(&q), -1, &st, NULL);
	buf_free(&q);
	if (rc != SQLITE_OK)
		return db_error(s, err, what);
	S_bind(st, forms, response_days, today, f);
	if (limit > 0) {
		sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st,
		    ":limit"), (sqlite3_int64)limit);
		sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st,
		    ":offset"), (sqlite3_int64)offset);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		S_row(out, forms, response_days, today, st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(s, err, what);
	return 0;
}

int
cases_list(struct store *s, const struct formdef_dir *forms,
    int response_days, const struct date *today,
    const struct cases_filter *f, struct cases_rows *out, struct buf *err)
{
	return cases_page(s, forms, response_days, today, f, 0, 0, out, err);
}

int
cases_counts(struct store *s, const struct formdef_dir *forms,
    int response_days, const struct date *today,
    const struct cases_filter *f, long long counts[WF_NSTATUS],
    struct buf *err)
{
	static const char what[] = "counting submissions";
	struct cases_filter	 g = *f;
	sqlite3_stmt		*st = NULL;
	struct buf		 q = BUF_INIT;
	int			 rc, i;

	for (i = 0; i < WF_NSTATUS; i++)
		counts[i] = 0;
	g.status = NULL;
	S_query(&q, "SELECT status, count(*)", &g, forms);
	buf_puts(&q, " GROUP BY status");
	rc = sqlite3_prepare_v2(store_db(s), buf_cstr(&q), -1, &st, NULL);
	buf_free(&q);
	if (rc != SQLITE_OK)
		return db_error(s, err, what);
	S_bind(st, forms, response_days, today, &g);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((i = wf_status_index(db_text(st, 0))) >= 0)
			counts[i] = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(s, err, what);
	return 0;
}

/* ---- show ---- */

void
cases_record_free(struct cases_record *c)
{
	size_t	 i;

	free(c->form);
	free(c->status);
	free(c->received);
	free(c->decided);
	free(c->consent);
	for (i = 0; i < c->nanswers; i++) {
		free(c->answers[i].name);
		free(c->answers[i].value);
	}
	free(c->answers);
	audit_entries_free(&c->history);
	memset(c, 0, sizeof(*c));
}

/* The submission with reference ref into c (not its answers): 0, or -1
 * with err, "no submission ..." when there is none. */
static int
S_get(struct store *s, const char *ref, struct cases_record *c,
    struct buf *err)
{
	sqlite3_stmt	*st = NULL;
	int		 rc;

	if (sqlite3_prepare_v2(store_db(s), "SELECT id, form, status,"
	    " received_at, decided_at, consent_at, notice_version"
	    " FROM submission WHERE ref = ?1", -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err, "reading the submission");
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		c->id = sqlite3_column_int64(st, 0);
		c->form = db_strdup(st, 1);
		c->status = db_strdup(st, 2);
		c->received = db_strdup(st, 3);
		c->decided = db_strdup(st, 4);
		c->consent = db_strdup(st, 5);
		c->notice = sqlite3_column_int(st, 6);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE) {
		buf_printf(err, "no submission with reference %s", ref);
		return -1;
	}
	return db_error(s, err, "reading the submission");
}

static int
S_answers(struct store *s, struct cases_record *c, struct buf *err)
{
	sqlite3_stmt	*st = NULL;
	size_t		 cap = 0;
	const char	*v;
	int		 rc;

	if (sqlite3_prepare_v2(store_db(s), "SELECT name, value FROM field"
	    " WHERE submission_id = ?1 ORDER BY name", -1, &st, NULL) !=
	    SQLITE_OK)
		return db_error(s, err, "reading the answers");
	sqlite3_bind_int64(st, 1, c->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (c->nanswers == cap) {
			cap = cap ? cap * 2 : 16;
			c->answers = xrealloc(c->answers, cap *
			    sizeof(*c->answers));
		}
		v = db_text(st, 1);
		c->answers[c->nanswers].name = db_strdup(st, 0);
		c->answers[c->nanswers].value = xstrdup(v ? v : "");
		c->nanswers++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(s, err, "reading the answers");
	return 0;
}

int
cases_show(struct store *s, const char *actor, const char *ref,
    struct cases_record *out, struct buf *err)
{
	return cases_show_as(s, actor, "show", NULL, ref, out, err);
}

int
cases_show_as(struct store *s, const char *actor, const char *action,
    const char *note, const char *ref, struct cases_record *out,
    struct buf *err)
{
	memset(out, 0, sizeof(*out));
	/* No look without its entry in the audit trail. */
	if (db_begin(s, err) == -1)
		return -1;
	if (S_get(s, ref, out, err) == -1 ||
	    audit_add(s, actor, action, ref, NULL, NULL, note, err) == -1) {
		db_rollback(s);
		return -1;
	}
	if (db_commit(s, err) == -1)
		return -1;
	if (S_answers(s, out, err) == -1 ||
	    audit_history(s, ref, &out->history, err) == -1)
		return -1;
	return 0;
}

/* ---- status ---- */

/* Why the change of c to status to may not be made (appended to err,
 * -1), or 0 when it may (wf_change_allowed()). */
static int
S_refused(const struct formdef_dir *forms, const char *ref,
    const struct cases_record *c, const char *to, struct buf *err)
{
	int	 i;

	switch (wf_change_allowed(S_form(forms, c->form), c->status, to)) {
	case WF_CHANGE_OK:
		return 0;
	case WF_CHANGE_NOT_STATUS:
		buf_printf(err, "'%s' is not a status; the statuses are ", to);
		for (i = 0; i < WF_NSTATUS; i++)
			buf_printf(err, "%s%s", i > 0 ? ", " : "",
			    wf_status_name(i));
		break;
	case WF_CHANGE_NO_WORKFLOW:
		buf_printf(err, "%s is an answer to the anonymous form %s, "
		    "which has no workflow", ref, c->form);
		break;
	case WF_CHANGE_SAME:
		buf_printf(err, "%s is already %s; nothing changed", ref, to);
		break;
	}
	return -1;
}

int
cases_revision(const struct formdef_dir *forms, const json_t *policies,
    const char *form, const struct date *day, char out[CASES_REVISION_MAX])
{
	const struct formdef	*fd = S_form(forms, form);
	const char		*slug = fd ? formdef_policy(fd) : NULL;
	char			 iso[11];
	long			 n;

	out[0] = '\0';
	if (slug == NULL)
		return 0;
	snprintf(iso, sizeof(iso), "%04d-%02d-%02d", day->year, day->month,
	    day->day);
	if ((n = policies_in_force(policies, slug, iso)) <= 0)
		return 0;
	snprintf(out, CASES_REVISION_MAX, "%s/%ld", slug, n);
	return 1;
}

int
cases_set_status(struct store *s, const struct formdef_dir *forms,
    const json_t *policies, const char *actor, const char *ref,
    const char *to, const char *note, char from[16], struct buf *err)
{
	sqlite3_stmt		*st = NULL;
	struct cases_record	 c;
	struct date		 today;
	char			 now[WF_TIME_LEN + 1];
	char			 rev[CASES_REVISION_MAX];
	int			 rc = -1;

	memset(&c, 0, sizeof(c));
	from[0] = '\0';
	if (db_begin(s, err) == -1)
		return -1;
	if (S_get(s, ref, &c, err) == -1 ||
	    S_refused(forms, ref, &c, to, err) == -1)
		goto fail;
	wf_time_format(time(NULL), now);
	if (sqlite3_prepare_v2(store_db(s), "UPDATE submission SET"
	    " status = ?1, decided_at = ?2 WHERE id = ?3", -1, &st, NULL) !=
	    SQLITE_OK) {
		db_error(s, err, "changing the status");
		goto fail;
	}
	sqlite3_bind_text(st, 1, to, -1, SQLITE_STATIC);
	if (wf_status_decided(to))
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_int64(st, 3, c.id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_error(s, err, "changing the status");
		goto fail;
	}
	/* A decision names the revision of its form's policy in force on
	 * the Saudi date it is made. */
	date_from_time(time(NULL), &today);
	if (!wf_status_decided(to) ||
	    !cases_revision(forms, policies, c.form, &today, rev))
		rev[0] = '\0';
	if (audit_add_revision(s, actor, "status", ref, c.status, to, note,
	    rev[0] != '\0' ? rev : NULL, err) == -1 ||
	    db_commit(s, err) == -1)
		goto fail;
	/* c.status is one of the schema's five (its CHECK). */
	snprintf(from, 16, "%s", c.status);
	rc = 0;
	goto out;
fail:
	db_rollback(s);
out:
	sqlite3_finalize(st);
	cases_record_free(&c);
	return rc;
}
