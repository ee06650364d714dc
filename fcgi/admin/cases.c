/*
 * cases: list, show, status, overdue and audit (see cases.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cases.h"

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

/* A known form id, or an error naming the forms there are. */
static int
S_check_form(struct adm *a, const char *id, struct buf *err)
{
	size_t	 i, n;

	if (id == NULL || adm_form(a, id) != NULL)
		return 0;
	buf_printf(err, "no form '%s' in %s/forms; the forms are:", id,
	    a->content_dir);
	n = formdef_dir_count(a->c.forms);
	for (i = 0; i < n; i++)
		buf_printf(err, " %s", formdef_id(formdef_dir_at(a->c.forms,
		    i)));
	return -1;
}

static const char *
S_text(sqlite3_stmt *st, int i)
{
	const unsigned char	*v = sqlite3_column_text(st, i);

	return v ? (const char *)v : NULL;
}

/* The rows of list and overdue: tracked requests get a due date. */
static int
S_cases(struct adm *a, const char *form, const char *status,
    const struct adm_period *p, int only_overdue, int only_tracked,
    struct buf *err)
{
	sqlite3_stmt		*st = NULL;
	const struct formdef	*fd;
	struct buf		 c1 = BUF_INIT, c2 = BUF_INIT, c3 = BUF_INIT;
	struct date		 today, due;
	char			 received[17];
	const char		*ref, *fid, *stat, *rec;
	int			 rc, late, n = 0, days = adm_response_days(a);
	int			 tracked, overdue;

	date_from_time(time(NULL), &today);
	if (sqlite3_prepare_v2(a->db, "SELECT ref, form, status,"
	    " received_at FROM submission"
	    " WHERE (?1 IS NULL OR form = ?1) AND (?2 IS NULL OR status = ?2)"
	    "  AND received_at >= ?3 AND received_at < ?4"
	    " ORDER BY received_at, id", -1, &st, NULL) != SQLITE_OK) {
		rc = adm_dberr(a, err, "listing submissions");
		goto out;
	}
	if (form != NULL)
		sqlite3_bind_text(st, 1, form, -1, SQLITE_STATIC);
	if (status != NULL)
		sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p->lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, p->hi, -1, SQLITE_STATIC);
	fprintf(a->out, "%-8s  %-20s  %-11s  %-16s  %-10s  %s\n", "REF",
	    "FORM", "STATUS", "RECEIVED", "DUE", only_overdue ? "LATE" : "");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ref = S_text(st, 0);
		fid = S_text(st, 1);
		stat = S_text(st, 2);
		rec = S_text(st, 3);
		fd = adm_form(a, fid);
		tracked = wf_form_tracked(fd);
		overdue = 0;
		late = 0;
		if (tracked && !wf_status_decided(stat) &&
		    cases_days_late(rec, days, &today, &late) == 0 && late > 0)
			overdue = 1;
		if ((only_tracked && !tracked) || (only_overdue && !overdue))
			continue;
		adm_local_time(rec, received);
		fprintf(a->out, "%-8s  %-20s  %-11s  %-16s  ", adm_cell(&c1,
		    ref), adm_cell(&c2, fid), adm_cell(&c3, stat), received);
		if (tracked && wf_due_date(rec, days, &due) == 0)
			fprintf(a->out, "%04d-%02d-%02d", due.year, due.month,
			    due.day);
		else
			fprintf(a->out, "%-10s", "-");
		if (only_overdue)
			fprintf(a->out, "  %d day%s", late, late == 1 ? "" :
			    "s");
		else if (overdue)
			fprintf(a->out, "  overdue");
		fputc('\n', a->out);
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		rc = adm_dberr(a, err, "listing submissions");
		goto out;
	}
	if (only_overdue)
		fprintf(a->out, "%d overdue request%s\n", n, n == 1 ? "" : "s");
	else
		fprintf(a->out, "%d submission%s\n", n, n == 1 ? "" : "s");
	rc = 0;
out:
	buf_free(&c1);
	buf_free(&c2);
	buf_free(&c3);
	return rc;
}

int
cases_list(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	struct adm_period	 p;

	if (S_check_form(a, o->form, err) == -1 ||
	    adm_period(o->from, o->to, &p, err) == -1)
		return -1;
	if (o->status != NULL && wf_status_index(o->status) < 0) {
		buf_printf(err, "--status %s: not a status; the statuses are "
		    "received, under-study, needs-info, accepted, rejected",
		    o->status);
		return -1;
	}
	return S_cases(a, o->form, o->status, &p, o->overdue, 0, err);
}

int
cases_overdue(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	struct adm_period	 p;

	if (S_check_form(a, o->form, err) == -1)
		return -1;
	if (o->form != NULL && !wf_form_tracked(adm_form(a, o->form))) {
		buf_printf(err, "form %s has no due dates: only forms that "
		    "are not anonymous and ask for a national ID are tracked",
		    o->form);
		return -1;
	}
	adm_period(NULL, NULL, &p, err);
	return S_cases(a, o->form, NULL, &p, 1, 1, err);
}

/* ---- show ---- */

struct sub {
	long long	 id;
	char		*form, *status, *received, *decided, *consent;
	int		 notice;
};

static void
S_sub_free(struct sub *s)
{
	free(s->form);
	free(s->status);
	free(s->received);
	free(s->decided);
	free(s->consent);
	memset(s, 0, sizeof(*s));
}

static char *
S_dup(sqlite3_stmt *st, int i)
{
	const char	*v = S_text(st, i);

	return v ? xstrdup(v) : NULL;
}

/* The submission with reference ref: 1 found, 0 not, -1 error. */
static int
S_sub(struct adm *a, const char *ref, struct sub *s, struct buf *err)
{
	sqlite3_stmt	*st = NULL;
	int		 rc;

	memset(s, 0, sizeof(*s));
	if (sqlite3_prepare_v2(a->db, "SELECT id, form, status, received_at,"
	    " decided_at, consent_at, notice_version FROM submission"
	    " WHERE ref = ?1", -1, &st, NULL) != SQLITE_OK)
		return adm_dberr(a, err, "reading the submission");
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s->id = sqlite3_column_int64(st, 0);
		s->form = S_dup(st, 1);
		s->status = S_dup(st, 2);
		s->received = S_dup(st, 3);
		s->decided = S_dup(st, 4);
		s->consent = S_dup(st, 5);
		s->notice = sqlite3_column_int(st, 6);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE) {
		buf_printf(err, "no submission with reference %s", ref);
		return 0;
	}
	return adm_dberr(a, err, "reading the submission");
}

/* A date line: local time and the Saudi double date. */
static void
S_date_line(FILE *f, const char *what, const char *utc)
{
	struct buf	 b = BUF_INIT;
	struct date	 d;
	char		 local[17];

	adm_local_time(utc, local);
	if (utc == NULL || local[0] == '\0') {
		fprintf(f, "%-10s -\n", what);
		return;
	}
	if (wf_local_date(utc, &d) == 0)
		date_format_saudi(&b, &d);
	fprintf(f, "%-10s %s  %s\n", what, local, buf_cstr(&b));
	buf_free(&b);
}

/* The prefix of every further line of an answer: under its label, and
 * unlike any line the tool prints itself. */
#define ANSWER_CONT	"    | "

/* One answer: on its label's line, or, when it has several lines, each
 * of them under the label behind ANSWER_CONT. label may be NULL (a field
 * the definition no longer has). */
static void
S_answer(FILE *f, const char *label, const char *name, const char *value)
{
	struct buf	 b = BUF_INIT;

	buf_puts(&b, "  ");
	if (label != NULL) {
		adm_text(&b, label, NULL);
		buf_puts(&b, " (");
		adm_text(&b, name, NULL);
		buf_putc(&b, ')');
	} else
		adm_text(&b, name, NULL);
	buf_putc(&b, ':');
	if (adm_multiline(value)) {
		buf_puts(&b, "\n" ANSWER_CONT);
		adm_text(&b, value, ANSWER_CONT);
	} else {
		buf_putc(&b, ' ');
		adm_text(&b, value, NULL);
	}
	fprintf(f, "%s\n", buf_cstr(&b));
	buf_free(&b);
}

/* One line per answer, in the definition's order, then any answer to a
 * field the definition no longer has. */
static int
S_show_answers(struct adm *a, const struct sub *s, const struct formdef *fd,
    struct buf *err)
{
	sqlite3_stmt			*st = NULL;
	const struct formdef_field	*f;
	json_t				*vals = json_object();
	const char			*name;
	json_t				*v;
	size_t				 i;
	int				 rc;

	if (sqlite3_prepare_v2(a->db, "SELECT name, value FROM field"
	    " WHERE submission_id = ?1 ORDER BY name", -1, &st, NULL) !=
	    SQLITE_OK) {
		json_decref(vals);
		return adm_dberr(a, err, "reading the answers");
	}
	sqlite3_bind_int64(st, 1, s->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_object_set_new(vals, S_text(st, 0),
		    json_string(S_text(st, 1) ? S_text(st, 1) : ""));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		json_decref(vals);
		return adm_dberr(a, err, "reading the answers");
	}
	fputs("\nanswers\n", a->out);
	for (i = 0; fd != NULL && i < formdef_nfields(fd); i++) {
		f = formdef_field_at(fd, i);
		v = json_object_get(vals, f->name);
		if (v == NULL)
			continue;
		S_answer(a->out, f->label, f->name,
		    adm_answer_text(f, json_string_value(v), 1));
		json_object_del(vals, f->name);
	}
	json_object_foreach(vals, name, v)
		S_answer(a->out, NULL, name, json_string_value(v));
	json_decref(vals);
	return 0;
}

static int
S_show_history(struct adm *a, const char *ref, const char *received,
    struct buf *err)
{
	sqlite3_stmt	*st = NULL;
	struct buf	 b = BUF_INIT;
	const char	*action, *from, *to, *note;
	int		 rc;

	if (sqlite3_prepare_v2(a->db, "SELECT at, actor, action, from_status,"
	    " to_status, note FROM audit WHERE ref = ?1 ORDER BY id", -1, &st,
	    NULL) != SQLITE_OK)
		return adm_dberr(a, err, "reading the history");
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	fputs("\nhistory\n", a->out);
	fprintf(a->out, "  %s  (applicant)  submitted\n", adm_cell(&b,
	    received));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		action = S_text(st, 2);
		from = S_text(st, 3);
		to = S_text(st, 4);
		note = S_text(st, 5);
		/* Every value on the entry's one line, escaped. */
		buf_reset(&b);
		buf_puts(&b, "  ");
		adm_text(&b, S_text(st, 0), NULL);
		buf_puts(&b, "  ");
		adm_text(&b, S_text(st, 1), NULL);
		buf_puts(&b, "  ");
		adm_text(&b, action, NULL);
		if (action != NULL && strcmp(action, "status") == 0) {
			buf_putc(&b, ' ');
			adm_text(&b, from ? from : "?", NULL);
			buf_puts(&b, " -> ");
			adm_text(&b, to ? to : "?", NULL);
		}
		if (note != NULL) {
			buf_puts(&b, "  \"");
			adm_text(&b, note, NULL);
			buf_putc(&b, '"');
		}
		fprintf(a->out, "%s\n", buf_cstr(&b));
	}
	sqlite3_finalize(st);
	buf_free(&b);
	if (rc != SQLITE_DONE)
		return adm_dberr(a, err, "reading the history");
	return 0;
}

int
cases_show(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	const struct formdef	*fd;
	struct sub		 s;
	struct date		 due;
	struct buf		 cell = BUF_INIT;
	char			 ref[STORE_REF_LEN + 1];
	int			 rc = -1, days = adm_response_days(a), late;

	memset(&s, 0, sizeof(s));
	if (adm_ref(o->pos[0], ref, err) == -1)
		return -1;
	/* No look without its entry in the audit trail. */
	if (adm_begin(a, err) == -1)
		return -1;
	if (S_sub(a, ref, &s, err) != 1 ||
	    adm_audit(a, "show", ref, NULL, NULL, NULL, err) == -1) {
		adm_rollback(a);
		goto out;
	}
	if (adm_commit(a, err) == -1)
		goto out;
	fd = adm_form(a, s.form);
	fprintf(a->out, "%-10s %s\n", "reference", ref);
	fprintf(a->out, "%-10s %s (%s)\n", "form", adm_cell(&cell, s.form),
	    fd ? formdef_title(fd) : "no definition");
	fprintf(a->out, "%-10s %s (%s)\n", "status", adm_cell(&cell,
	    s.status), wf_status_label(s.status) ? wf_status_label(s.status) :
	    "?");
	S_date_line(a->out, "received", s.received);
	if (wf_form_tracked(fd) && wf_due_date(s.received, days, &due) == 0) {
		struct buf b = BUF_INIT;
		struct date today;

		date_format_saudi(&b, &due);
		date_from_time(time(NULL), &today);
		fprintf(a->out, "%-10s %04d-%02d-%02d  %s%s\n", "due",
		    due.year, due.month, due.day, buf_cstr(&b),
		    !wf_status_decided(s.status) && cases_days_late(s.received,
		    days, &today, &late) == 0 && late > 0 ? "  overdue" : "");
		buf_free(&b);
	}
	S_date_line(a->out, "decided", s.decided);
	if (s.consent != NULL)
		fprintf(a->out, "%-10s %s, privacy notice version %d\n",
		    "consent", adm_cell(&cell, s.consent), s.notice);
	if (S_show_answers(a, &s, fd, err) == -1 ||
	    S_show_history(a, ref, s.received, err) == -1)
		goto out;
	rc = 0;
out:
	S_sub_free(&s);
	buf_free(&cell);
	return rc;
}

/* ---- status ---- */

int
cases_status(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	const struct formdef	*fd;
	sqlite3_stmt		*st = NULL;
	struct buf		 note = BUF_INIT;
	struct sub		 s;
	char			 ref[STORE_REF_LEN + 1], now[WF_TIME_LEN + 1];
	const char		*to = o->pos[1];
	int			 rc = -1;

	memset(&s, 0, sizeof(s));
	if (adm_ref(o->pos[0], ref, err) == -1)
		return -1;
	if (wf_status_index(to) < 0) {
		buf_printf(err, "'%s' is not a status; the statuses are "
		    "received, under-study, needs-info, accepted, rejected",
		    to);
		return -1;
	}
	if (o->note == NULL) {
		buf_puts(err, "give --note TEXT: why the status changes (it "
		    "goes into the audit trail)");
		return -1;
	}
	if (adm_note(o->note, &note, err) == -1)
		return -1;
	if (adm_begin(a, err) == -1)
		goto out;
	if (S_sub(a, ref, &s, err) != 1)
		goto fail;
	fd = adm_form(a, s.form);
	if (fd != NULL && formdef_anonymous(fd)) {
		buf_printf(err, "%s is an answer to the anonymous form %s, "
		    "which has no workflow", ref, s.form);
		goto fail;
	}
	if (strcmp(s.status, to) == 0) {
		buf_printf(err, "%s is already %s; nothing changed", ref, to);
		goto fail;
	}
	wf_time_format(time(NULL), now);
	if (sqlite3_prepare_v2(a->db, "UPDATE submission SET status = ?1,"
	    " decided_at = ?2 WHERE id = ?3", -1, &st, NULL) != SQLITE_OK) {
		adm_dberr(a, err, "changing the status");
		goto fail;
	}
	sqlite3_bind_text(st, 1, to, -1, SQLITE_STATIC);
	if (wf_status_decided(to))
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_int64(st, 3, s.id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		adm_dberr(a, err, "changing the status");
		goto fail;
	}
	if (adm_audit(a, "status", ref, s.status, to, buf_cstr(&note),
	    err) == -1 || adm_commit(a, err) == -1)
		goto fail;
	/* s.status is one of the schema's five (its CHECK). */
	fprintf(a->out, "%s: %s -> %s\n", ref, s.status, to);
	rc = 0;
	goto out;
fail:
	adm_rollback(a);
out:
	sqlite3_finalize(st);
	S_sub_free(&s);
	buf_free(&note);
	return rc;
}

/* ---- audit ---- */

int
cases_audit(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	sqlite3_stmt		*st = NULL;
	struct adm_period	 p;
	struct buf		 line = BUF_INIT;
	char			 ref[STORE_REF_LEN + 1];
	const char		*v;
	int			 rc, n = 0, i;

	if (o->ref != NULL && adm_ref(o->ref, ref, err) == -1)
		return -1;
	if (adm_period(o->from, o->to, &p, err) == -1)
		return -1;
	if (sqlite3_prepare_v2(a->db, "SELECT at, actor, action, ref,"
	    " from_status, to_status, note, redacted FROM audit"
	    " WHERE (?1 IS NULL OR ref = ?1) AND at >= ?2 AND at < ?3"
	    " ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return adm_dberr(a, err, "reading the audit trail");
	if (o->ref != NULL)
		sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p.lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p.hi, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* One line per entry, its columns between tabs: every value
		 * escaped (adm_text), so none holds a tab or a line break. */
		buf_reset(&line);
		for (i = 0; i < 7; i++) {
			v = S_text(st, i);
			if (i == 4 && v != NULL) {
				buf_putc(&line, '\t');
				adm_text(&line, v, NULL);
				buf_puts(&line, " ->");
			} else if (i == 5 && v != NULL) {
				buf_putc(&line, ' ');
				adm_text(&line, v, NULL);
			} else if (i == 6 && v != NULL) {
				buf_puts(&line, "\t\"");
				adm_text(&line, v, NULL);
				buf_putc(&line, '"');
			} else if (i < 4) {
				if (i > 0)
					buf_putc(&line, '\t');
				adm_text(&line, v ? v : "-", NULL);
			}
		}
		if (sqlite3_column_int(st, 7))
			buf_puts(&line, "\t(redacted by an erasure)");
		fprintf(a->out, "%s\n", buf_cstr(&line));
		n++;
	}
	sqlite3_finalize(st);
	buf_free(&line);
	if (rc != SQLITE_DONE)
		return adm_dberr(a, err, "reading the audit trail");
	fprintf(a->out, "%d entr%s\n", n, n == 1 ? "y" : "ies");
	return 0;
}
