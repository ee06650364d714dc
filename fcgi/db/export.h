/*
 * export: a form's submissions with their answers, read in one snapshot
 * (without holding the server's writers), as rows for a spreadsheet,
 * and as the CSV file for Excel that both wasl-admin export and the
 * staff console's export send (export_csv(): one code path). Reading is
 * not audited here: the front end writes the "export" entry (audit.h)
 * once it knows where the rows go, before they leave.
 *
 * The CSV opens correctly in Excel with Arabic: UTF-8 with a byte-order
 * mark, CRLF line ends, every cell quoted (RFC 4180), and every cell
 * that a spreadsheet would take for a formula neutralised with a
 * leading apostrophe (OWASP's advice for CSV injection). A mobile
 * number stored as +9665... therefore reads '+9665..., which also keeps
 * Excel from turning it into a number.
 */
#ifndef WASL_EXPORT_H
#define WASL_EXPORT_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "formdef.h"
#include "store.h"
#include "workflow.h"

/* One submission: its stored text (decided NULL while undecided) and
 * its answers, an object of field name -> value (strings). */
struct export_row {
	char	*ref, *received, *status, *decided;
	json_t	*answers;
};

struct export_rows {
	struct export_row	*v;
	size_t			 n, cap;
};
void	 export_rows_free(struct export_rows *r);

/* The submissions of form received in [lo, hi) (stored UTC times),
 * oldest first, appended to out. Returns 0, or -1 with err. */
int	 export_rows(struct store *s, const char *form, const char *lo,
	    const char *hi, struct export_rows *out, struct buf *err);

/* The words of the CSV, which the front end gives from its catalog
 * (borrowed): the headings of the first four columns, the text of a
 * consent given, and each status's name by enum wf_status (NULL: the
 * stored name). */
struct export_words {
	const char	*ref, *received, *status, *decided;
	const char	*consent_given;
	const char	*status_label[WF_NSTATUS];
};

/*
 * The CSV of form fd's submissions received in [lo, hi), appended to
 * out: columns reference, received (Saudi local time "YYYY-MM-DD
 * HH:MM"), status (its name), decided, then one per field of the
 * definition headed by its label; choices as their labels, consents as
 * the words' consent_given. *nrows is set to the number of rows (not
 * counting the headings). Returns 0, or -1 with err (out may then hold
 * part of the file: discard it).
 */
int	 export_csv(struct store *s, const struct formdef *fd, const char *lo,
	    const char *hi, const struct export_words *w, struct buf *out,
	    int *nrows, struct buf *err);

/* Append s as one CSV cell: neutralised when it starts with = + - @,
 * a tab or CR (or their full-width forms), then quoted with inner
 * quotes doubled. */
void	 export_csv_cell(struct buf *out, const char *s);

#endif
