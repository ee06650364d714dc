/*
 * cmd_cases: list, show, status, overdue and audit (see cmd_cases.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "cases.h"
#include "cmd_cases.h"
#include "datefmt.h"
#include "statusmsg.h"

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

/* The rows of list and overdue: tracked requests get a due date. */
static int
S_cases(struct adm *a, const char *form, const char *status,
    const struct adm_period *p, int only_overdue, int only_tracked,
    struct buf *err)
{
	struct cases_filter	 f;
	struct cases_rows	 rows;
	const struct cases_row	*r;
	struct buf		 c1 = BUF_INIT, c2 = BUF_INIT, c3 = BUF_INIT;
	struct date		 today;
	char			 received[17];
	size_t			 i;
	int			 rc, n;

	memset(&rows, 0, sizeof(rows));
	memset(&f, 0, sizeof(f));
	f.form = form;
	f.status = status;
	f.lo = p->lo;
	f.hi = p->hi;
	f.only_tracked = only_tracked;
	f.only_overdue = only_overdue;
	if (only_overdue && adm_response_days(a) == 0) {
		/* No response time stated, so nothing is ever late. */
		fprintf(a->out, "nothing is overdue: %s/site.yaml states no "
		    "response_days (the days the association's policy says an "
		    "answer takes)\n", a->content_dir);
		return 0;
	}
	date_from_time(time(NULL), &today);
	rc = cases_list(a->store, a->c.forms, adm_response_days(a), &today,
	    &f, &rows, err);
	if (rc == -1)
		goto out;
	fprintf(a->out, "%-8s  %-20s  %-11s  %-16s  %-10s  %s\n", "REF",
	    "FORM", "STATUS", "RECEIVED", "DUE", only_overdue ? "LATE" : "");
	for (i = 0; i < rows.n; i++) {
		r = &rows.v[i];
		adm_local_time(r->received, received);
		fprintf(a->out, "%-8s  %-20s  %-11s  %-16s  ", adm_cell(&c1,
		    r->ref), adm_cell(&c2, r->form), adm_cell(&c3, r->status),
		    received);
		if (r->has_due)
			fprintf(a->out, "%04d-%02d-%02d", r->due.year,
			    r->due.month, r->due.day);
		else
			fprintf(a->out, "%-10s", "-");
		if (only_overdue)
			fprintf(a->out, "  %d day%s", r->late, r->late == 1 ?
			    "" : "s");
		else if (r->overdue)
			fprintf(a->out, "  overdue");
		fputc('\n', a->out);
	}
	n = (int)rows.n;
	if (only_overdue)
		fprintf(a->out, "%d overdue request%s\n", n, n == 1 ? "" : "s");
	else
		fprintf(a->out, "%d submission%s\n", n, n == 1 ? "" : "s");
out:
	cases_rows_free(&rows);
	buf_free(&c1);
	buf_free(&c2);
	buf_free(&c3);
	return rc;
}

int
cmd_list(struct adm *a, const struct adm_opts *o, struct buf *err)
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
cmd_overdue(struct adm *a, const struct adm_opts *o, struct buf *err)
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

/* A line's Arabic words (a title, a label, a Saudi date) on a line of
 * their own under its English label (adm.h: one direction per line). */
static void
S_under(FILE *f, const char *words)
{
	struct buf	 b = BUF_INIT;

	if (words == NULL || *words == '\0')
		return;
	adm_text(&b, words, NULL);
	fprintf(f, ADM_VALUE_INDENT "%s\n", buf_cstr(&b));
	buf_free(&b);
}

/* A date line: local time, then the Saudi double date under it. */
static void
S_date_line(const struct adm *a, const char *what, const char *utc)
{
	FILE		*f = a->out;
	struct buf	 b = BUF_INIT;
	struct date	 d;
	char		 local[17];

	adm_local_time(utc, local);
	if (utc == NULL || local[0] == '\0') {
		fprintf(f, "%-10s -\n", what);
		return;
	}
	if (wf_local_date(utc, &d) == 0)
		datefmt_saudi(a->strings, &b, &d);
	fprintf(f, "%-10s %s\n", what, local);
	S_under(f, buf_cstr(&b));
	buf_free(&b);
}

/* The prefix of every line of a stored value (an answer, a note): under
 * its label, and unlike any line the tool prints itself. */
#define ANSWER_CONT	"    | "

/* One answer: its field's name, the field's label (Arabic) on the next
 * line, then the value, each of its lines behind ANSWER_CONT: never an
 * English word and the applicant's text on one line. label may be NULL
 * (a field the definition no longer has). */
static void
S_answer(FILE *f, const char *label, const char *name, const char *value)
{
	struct buf	 b = BUF_INIT;

	buf_puts(&b, "  ");
	adm_text(&b, name, NULL);
	buf_putc(&b, ':');
	if (label != NULL) {
		buf_puts(&b, "\n    ");
		adm_text(&b, label, NULL);
	}
	buf_puts(&b, "\n" ANSWER_CONT);
	adm_text(&b, value, ANSWER_CONT);
	fprintf(f, "%s\n", buf_cstr(&b));
	buf_free(&b);
}

/* One line per answer, in the definition's order, then any answer to a
 * field the definition no longer has. */
static void
S_show_answers(struct adm *a, const struct cases_record *c,
    const struct formdef *fd)
{
	const struct formdef_field	*f;
	json_t				*vals = json_object();
	const char			*name;
	json_t				*v;
	size_t				 i;

	for (i = 0; i < c->nanswers; i++)
		json_object_set_new(vals, c->answers[i].name,
		    json_string(c->answers[i].value));
	fputs("\nanswers\n", a->out);
	for (i = 0; fd != NULL && i < formdef_nfields(fd); i++) {
		f = formdef_field_at(fd, i);
		v = json_object_get(vals, f->name);
		if (v == NULL)
			continue;
		S_answer(a->out, f->label, f->name,
		    formdef_answer_text(f, json_string_value(v), 1,
		    adm_word(a, ADM_S_CONSENT_GIVEN)));
		json_object_del(vals, f->name);
	}
	json_object_foreach(vals, name, v)
		S_answer(a->out, NULL, name, json_string_value(v));
	json_decref(vals);
}

static void
S_show_history(struct adm *a, const struct cases_record *c)
{
	const struct audit_entry	*e;
	struct buf			 b = BUF_INIT;
	size_t				 i;

	fputs("\nhistory\n", a->out);
	fprintf(a->out, "  %s  (applicant)  submitted\n", adm_cell(&b,
	    c->received));
	for (i = 0; i < c->history.n; i++) {
		e = &c->history.v[i];
		/* Every value on the entry's one line, escaped. */
		buf_reset(&b);
		buf_puts(&b, "  ");
		adm_text(&b, e->at, NULL);
		buf_puts(&b, "  ");
		adm_text(&b, e->actor, NULL);
		buf_puts(&b, "  ");
		adm_text(&b, e->action, NULL);
		if (e->action != NULL && strcmp(e->action, "status") == 0) {
			buf_putc(&b, ' ');
			adm_text(&b, e->from ? e->from : "?", NULL);
			buf_puts(&b, " -> ");
			adm_text(&b, e->to ? e->to : "?", NULL);
		}
		if (e->revision != NULL) {
			buf_puts(&b, "  under ");
			adm_text(&b, e->revision, NULL);
		}
		/* the note on the entry's line when ASCII, else (Arabic) on
		 * its own line under it */
		if (e->note != NULL && adm_ascii(e->note)) {
			buf_puts(&b, "  \"");
			adm_text(&b, e->note, NULL);
			buf_putc(&b, '"');
		} else if (e->note != NULL) {
			buf_puts(&b, "\n" ANSWER_CONT);
			adm_text(&b, e->note, NULL);
		}
		fprintf(a->out, "%s\n", buf_cstr(&b));
	}
	buf_free(&b);
}

int
cmd_show(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	const struct formdef	*fd;
	struct cases_record	 c;
	struct date		 due;
	struct buf		 cell = BUF_INIT;
	const char		*label;
	char			 ref[STORE_REF_LEN + 1];
	int			 rc = -1, days = adm_response_days(a), late;

	memset(&c, 0, sizeof(c));
	if (adm_ref(o->pos[0], ref, err) == -1)
		return -1;
	if (cases_show(a->store, adm_actor(a), ref, &c, err) == -1)
		goto out;
	fd = adm_form(a, c.form);
	fprintf(a->out, "%-10s %s\n", "reference", ref);
	fprintf(a->out, "%-10s %s%s\n", "form", adm_cell(&cell, c.form),
	    fd ? "" : " (no definition)");
	if (fd != NULL)
		S_under(a->out, formdef_title(fd));
	label = statusmsg_label(a->strings, wf_status_index(c.status));
	fprintf(a->out, "%-10s %s%s\n", "status", adm_cell(&cell, c.status),
	    label ? "" : " (not a status)");
	S_under(a->out, label);
	S_date_line(a, "received", c.received);
	if (wf_form_tracked(fd) && wf_due_date(c.received, days, &due) == 0) {
		struct buf b = BUF_INIT;
		struct date today;

		datefmt_saudi(a->strings, &b, &due);
		date_from_time(time(NULL), &today);
		fprintf(a->out, "%-10s %04d-%02d-%02d%s\n", "due",
		    due.year, due.month, due.day,
		    !wf_status_decided(c.status) && cases_days_late(c.received,
		    days, &today, &late) == 0 && late > 0 ? "  overdue" : "");
		S_under(a->out, buf_cstr(&b));
		buf_free(&b);
	}
	S_date_line(a, "decided", c.decided);
	if (c.consent != NULL)
		fprintf(a->out, "%-10s %s, privacy notice version %d\n",
		    "consent", adm_cell(&cell, c.consent), c.notice);
	S_show_answers(a, &c, fd);
	S_show_history(a, &c);
	rc = 0;
out:
	cases_record_free(&c);
	buf_free(&cell);
	return rc;
}

/* ---- status ---- */

int
cmd_status(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	struct buf	 note = BUF_INIT;
	char		 ref[STORE_REF_LEN + 1], from[16];
	const char	*to = o->pos[1];
	int		 rc = -1;

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
		goto out;
	if (cases_set_status(a->store, a->c.forms, a->c.policies, adm_actor(a),
	    ref, to, buf_cstr(&note), from, err) == -1)
		goto out;
	fprintf(a->out, "%s: %s -> %s\n", ref, from, to);
	rc = 0;
out:
	buf_free(&note);
	return rc;
}

/* ---- audit ---- */

int
cmd_audit(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	const struct audit_entry	*e;
	struct audit_entries		 l;
	struct adm_period		 p;
	struct buf			 line = BUF_INIT;
	char				 ref[STORE_REF_LEN + 1];
	size_t				 i;
	int				 n;

	memset(&l, 0, sizeof(l));
	if (o->ref != NULL && adm_ref(o->ref, ref, err) == -1)
		return -1;
	if (adm_period(o->from, o->to, &p, err) == -1)
		return -1;
	if (audit_list(a->store, o->ref != NULL ? ref : NULL, p.lo, p.hi, &l,
	    err) == -1) {
		audit_entries_free(&l);
		return -1;
	}
	for (i = 0; i < l.n; i++) {
		e = &l.v[i];
		/* One line per entry, its columns between tabs, and its note
		 * under it: every value escaped (adm_text), so none holds a
		 * tab or a line break. */
		buf_reset(&line);
		adm_text(&line, e->at ? e->at : "-", NULL);
		buf_putc(&line, '\t');
		adm_text(&line, e->actor ? e->actor : "-", NULL);
		buf_putc(&line, '\t');
		adm_text(&line, e->action ? e->action : "-", NULL);
		buf_putc(&line, '\t');
		adm_text(&line, e->ref ? e->ref : "-", NULL);
		if (e->from != NULL) {
			buf_putc(&line, '\t');
			adm_text(&line, e->from, NULL);
			buf_puts(&line, " ->");
		}
		if (e->to != NULL) {
			buf_putc(&line, ' ');
			adm_text(&line, e->to, NULL);
		}
		if (e->redacted)
			buf_puts(&line, "\t(redacted by an erasure)");
		/* The note: in its column when ASCII, else (Arabic) on a
		 * line of its own that begins with a tab (adm.h: one
		 * direction per line). */
		if (e->note != NULL && adm_ascii(e->note)) {
			buf_puts(&line, "\t\"");
			adm_text(&line, e->note, NULL);
			buf_putc(&line, '"');
		} else if (e->note != NULL) {
			buf_puts(&line, "\n\t| ");
			adm_text(&line, e->note, NULL);
		}
		fprintf(a->out, "%s\n", buf_cstr(&line));
	}
	n = (int)l.n;
	audit_entries_free(&l);
	buf_free(&line);
	fprintf(a->out, "%d entr%s\n", n, n == 1 ? "y" : "ies");
	return 0;
}
