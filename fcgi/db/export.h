/*
 * export: a form's submissions with their answers, read in one snapshot
 * (without holding the server's writers), as rows for a spreadsheet
 * (wasl-admin export writes them as CSV; the console may offer the same
 * file). Reading is not audited here: the front end writes the "export"
 * entry (audit.h) once it knows where the rows go, before they leave.
 */
#ifndef WASL_EXPORT_H
#define WASL_EXPORT_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "store.h"

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

#endif
