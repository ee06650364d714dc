/*
 * cmd_export: CSV for Excel (see cmd_export.h).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "cases.h"
#include "cmd_export.h"
#include "export.h"
#include "statusmsg.h"

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
csv_cell(struct buf *out, const char *s)
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
cmd_export(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	const struct formdef		*fd;
	const struct formdef_field	*f;
	const struct export_row		*r;
	struct export_rows		 rows;
	struct adm_period		 p;
	struct buf			 csv = BUF_INIT, note = BUF_INIT;
	char				 t[17];
	const char			*v, *label;
	size_t				 i, k;
	int				 n = 0, ret = -1;

	memset(&rows, 0, sizeof(rows));
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
	csv_cell(&csv, adm_word(a, ADM_S_EXPORT_REF));
	buf_putc(&csv, ',');
	csv_cell(&csv, adm_word(a, ADM_S_EXPORT_RECEIVED));
	buf_putc(&csv, ',');
	csv_cell(&csv, adm_word(a, ADM_S_EXPORT_STATUS));
	buf_putc(&csv, ',');
	csv_cell(&csv, adm_word(a, ADM_S_EXPORT_DECIDED));
	buf_putc(&csv, ',');
	for (i = 0; i < formdef_nfields(fd); i++) {
		csv_cell(&csv, formdef_field_at(fd, i)->label);
		buf_putc(&csv, ',');
	}
	S_row_end(&csv);

	if (export_rows(a->store, o->form, p.lo, p.hi, &rows, err) == -1)
		goto out;
	for (k = 0; k < rows.n; k++) {
		r = &rows.v[k];
		csv_cell(&csv, r->ref);
		buf_putc(&csv, ',');
		adm_local_time(r->received, t);
		csv_cell(&csv, t);
		buf_putc(&csv, ',');
		label = statusmsg_label(a->strings,
		    wf_status_index(r->status));
		csv_cell(&csv, label ? label : r->status);
		buf_putc(&csv, ',');
		adm_local_time(r->decided, t);
		csv_cell(&csv, t);
		buf_putc(&csv, ',');
		for (i = 0; i < formdef_nfields(fd); i++) {
			f = formdef_field_at(fd, i);
			v = json_string_value(json_object_get(r->answers,
			    f->name));
			csv_cell(&csv, v ? formdef_answer_text(f, v, 0,
			    adm_word(a, ADM_S_CONSENT_GIVEN)) : "");
			buf_putc(&csv, ',');
		}
		S_row_end(&csv);
		n++;
	}
	/* The export is in the audit trail before anything leaves. */
	buf_printf(&note, "%s: %d row%s, %s to %s, to %s", o->form, n,
	    n == 1 ? "" : "s", o->from ? o->from : "the first",
	    o->to ? o->to : "the last", o->out ? o->out : "standard output");
	if (audit_add(a->store, adm_actor(a), "export", NULL, NULL, NULL,
	    buf_cstr(&note), err) == -1)
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
out:
	export_rows_free(&rows);
	buf_free(&csv);
	buf_free(&note);
	return ret;
}
