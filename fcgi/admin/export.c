/*
 * export: CSV for Excel (see export.h).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "export.h"

/* A cell that a spreadsheet would evaluate: the ASCII triggers, and
 * their full-width forms (U+FF1D =, U+FF0B +, U+FF0D -, U+FF20 @),
 * which some spreadsheets fold to ASCII. */
static int
S_formula(const char *s)
{
	static const char *const wide[] = {
		"\xef\xbc\x9d", "\xef\xbc\x8b", "\xef\xbc\x8d", "\xef\xbc\xa0",
		NULL
	};
	int	 i;

	if (*s != '\0' && strchr("=+-@\t\r", *s) != NULL)
		return 1;
	for (i = 0; wide[i] != NULL; i++)
		if (strncmp(s, wide[i], 3) == 0)
			return 1;
	return 0;
}

void
export_cell(struct buf *out, const char *s)
{
	buf_putc(out, '"');
	if (S_formula(s))
		buf_putc(out, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_putc(out, '"');
		buf_putc(out, *s);
	}
	buf_putc(out, '"');
}

static void
S_row_end(struct buf *out)
{
	out->len--;	/* the last comma */
	buf_puts(out, "\r\n");
}

int
export_csv(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	const struct formdef		*fd;
	const struct formdef_field	*f;
	sqlite3_stmt			*st = NULL, *fst = NULL;
	struct adm_period		 p;
	struct buf			 csv = BUF_INIT, note = BUF_INIT;
	json_t				*vals = NULL;
	char				 t[17];
	const char			*v, *status;
	size_t				 i;
	int				 rc, n = 0, ret = -1;

	if (o->form == NULL) {
		buf_puts(err, "give --form ID: the form to export");
		return -1;
	}
	if ((fd = adm_form(a, o->form)) == NULL) {
		buf_printf(err, "no form '%s' in %s/forms", o->form,
		    a->content_dir);
		return -1;
	}
	if (adm_period(o->from, o->to, &p, err) == -1)
		return -1;
	/* CSV is data: its cells hold the stored text as it is (line
	 * breaks and all), which a terminal would take for its own. */
	if (o->out == NULL && isatty(fileno(a->out))) {
		buf_puts(err, "the CSV would go to the terminal, where stored "
		    "text could pass for the tool's own: give --out FILE, or "
		    "send standard output to a file");
		return -1;
	}

	buf_puts(&csv, "\xef\xbb\xbf");	/* the BOM: Excel reads UTF-8 */
	export_cell(&csv, "الرقم المرجعي");
	buf_putc(&csv, ',');
	export_cell(&csv, "تاريخ الاستلام");
	buf_putc(&csv, ',');
	export_cell(&csv, "الحالة");
	buf_putc(&csv, ',');
	export_cell(&csv, "تاريخ القرار");
	buf_putc(&csv, ',');
	for (i = 0; i < formdef_nfields(fd); i++) {
		export_cell(&csv, formdef_field_at(fd, i)->label);
		buf_putc(&csv, ',');
	}
	S_row_end(&csv);

	/* One snapshot for all rows, read without blocking the server. */
	if (sqlite3_exec(a->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		adm_dberr(a, err, "reading submissions");
		goto out;
	}
	if (sqlite3_prepare_v2(a->db, "SELECT id, ref, received_at, status,"
	    " decided_at FROM submission WHERE form = ?1"
	    " AND received_at >= ?2 AND received_at < ?3"
	    " ORDER BY received_at, id", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(a->db, "SELECT name, value FROM field"
	    " WHERE submission_id = ?1", -1, &fst, NULL) != SQLITE_OK) {
		adm_dberr(a, err, "reading submissions");
		goto fail;
	}
	sqlite3_bind_text(st, 1, o->form, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p.lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p.hi, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		export_cell(&csv, (const char *)sqlite3_column_text(st, 1));
		buf_putc(&csv, ',');
		adm_local_time((const char *)sqlite3_column_text(st, 2), t);
		export_cell(&csv, t);
		buf_putc(&csv, ',');
		status = (const char *)sqlite3_column_text(st, 3);
		export_cell(&csv, wf_status_label(status) ?
		    wf_status_label(status) : status);
		buf_putc(&csv, ',');
		adm_local_time((const char *)sqlite3_column_text(st, 4), t);
		export_cell(&csv, t);
		buf_putc(&csv, ',');

		vals = json_object();
		sqlite3_bind_int64(fst, 1, sqlite3_column_int64(st, 0));
		while ((rc = sqlite3_step(fst)) == SQLITE_ROW)
			json_object_set_new(vals,
			    (const char *)sqlite3_column_text(fst, 0),
			    json_string((const char *)sqlite3_column_text(fst,
			    1)));
		sqlite3_reset(fst);
		if (rc != SQLITE_DONE) {
			adm_dberr(a, err, "reading answers");
			goto fail;
		}
		for (i = 0; i < formdef_nfields(fd); i++) {
			f = formdef_field_at(fd, i);
			v = json_string_value(json_object_get(vals, f->name));
			export_cell(&csv, v ? adm_answer_text(f, v, 0) : "");
			buf_putc(&csv, ',');
		}
		json_decref(vals);
		vals = NULL;
		S_row_end(&csv);
		n++;
	}
	if (rc != SQLITE_DONE) {
		adm_dberr(a, err, "reading submissions");
		goto fail;
	}
	if (adm_commit(a, err) == -1)
		goto out;
	/* The export is in the audit trail before anything leaves. */
	buf_printf(&note, "%s: %d row%s, %s to %s, to %s", o->form, n,
	    n == 1 ? "" : "s", o->from ? o->from : "the first",
	    o->to ? o->to : "the last", o->out ? o->out : "standard output");
	if (adm_audit(a, "export", NULL, NULL, NULL, buf_cstr(&note), err) ==
	    -1)
		goto out;
	if (o->out != NULL) {
		if (adm_write_file(o->out, csv.data, csv.len, 0600, err) == -1)
			goto out;
	} else if (fwrite(csv.data, 1, csv.len, a->out) != csv.len) {
		buf_puts(err, "cannot write to standard output");
		goto out;
	}
	if (o->out != NULL)
		fprintf(a->out, "export: %d row%s of %s to %s\n",
		    n, n == 1 ? "" : "s", o->form, o->out);
	ret = 0;
	goto out;
fail:
	adm_rollback(a);
out:
	json_decref(vals);
	sqlite3_finalize(st);
	sqlite3_finalize(fst);
	buf_free(&csv);
	buf_free(&note);
	return ret;
}
