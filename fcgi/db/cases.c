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

int
cases_list(struct store *s, const struct formdef_dir *forms,
    int response_days, const struct date *today,
    const struct cases_filter *f, struct cases_rows *out, struct buf *err)
{
	sqlite3_stmt		*st = NULL;
	struct cases_row	 row, *r;
	const char		*ref, *fid, *stat, *rec;
	int			 rc;

	if (sqlite3_prepare_v2(store_db(s), "SELECT ref, form, status,"
	    " received_at FROM submission"
	    " WHERE (?1 IS NULL OR form = ?1) AND (?2 IS NULL OR status = ?2)"
	    "  AND received_at >= ?3 AND received_at < ?4"
	    " ORDER BY received_at, id", -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err, "listing submissions");
	if (f->form != NULL)
		sqlite3_bind_text(st, 1, f->form, -1, SQLITE_STATIC);
	if (f->status != NULL)
		sqlite3_bind_text(st, 2, f->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, f->hi, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ref = db_text(st, 0);
		fid = db_text(st, 1);
		stat = db_text(st, 2);
		rec = db_text(st, 3);
		memset(&row, 0, sizeof(row));
		row.tracked = wf_form_tracked(S_form(forms, fid));
		if (row.tracked && !wf_status_decided(stat) &&
		    cases_days_late(rec, response_days, today, &row.late) ==
		    0 && row.late > 0)
			row.overdue = 1;
		else
			row.late = 0;
		if ((f->only_tracked && !row.tracked) ||
		    (f->only_overdue && !row.overdue))
			continue;
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
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(s, err, "listing submissions");
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
	memset(out, 0, sizeof(*out));
	/* No look without its entry in the audit trail. */
	if (db_begin(s, err) == -1)
		return -1;
	if (S_get(s, ref, out, err) == -1 ||
	    audit_add(s, actor, "show", ref, NULL, NULL, NULL, err) == -1) {
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
cases_set_status(struct store *s, const struct formdef_dir *forms,
    const char *actor, const char *ref, const char *to, const char *note,
    char from[16], struct buf *err)
{
	sqlite3_stmt		*st = NULL;
	struct cases_record	 c;
	char			 now[WF_TIME_LEN + 1];
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
	if (audit_add(s, actor, "status", ref, c.status, to, note, err) ==
	    -1 || db_commit(s, err) == -1)
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
