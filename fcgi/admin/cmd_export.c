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

void
csv_cell(struct buf *out, const char *s)
{
	export_csv_cell(out, s);
}

int
cmd_export(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	const struct formdef		*fd;
	struct export_words		 w;
	struct adm_period		 p;
	struct buf			 csv = BUF_INIT, note = BUF_INIT;
	int				 n = 0, st, ret = -1;

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

	/* The same file as the console's export (export.h). */
	w.ref = adm_word(a, ADM_S_EXPORT_REF);
	w.received = adm_word(a, ADM_S_EXPORT_RECEIVED);
	w.status = adm_word(a, ADM_S_EXPORT_STATUS);
	w.decided = adm_word(a, ADM_S_EXPORT_DECIDED);
	w.consent_given = adm_word(a, ADM_S_CONSENT_GIVEN);
	for (st = 0; st < WF_NSTATUS; st++)
		w.status_label[st] = statusmsg_label(a->strings, st);
	if (export_csv(a->store, fd, p.lo, p.hi, &w, &csv, &n, err) == -1)
		goto out;
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
	buf_free(&csv);
	buf_free(&note);
	return ret;
}
