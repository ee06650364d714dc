/*
 * diag: file problems with positions (see diag.h).
 */
#include <stdarg.h>

#include "diag.h"

void
diag_at(struct diag *d, const char *key, const char *fmt, ...)
{
	va_list	 ap;
	int	 line = 0;

	if (key != NULL && d->doc != NULL)
		line = yj_line(d->doc, key);
	if (line == 0)
		line = d->line > 0 ? d->line : 1;
	buf_printf(d->err, "%s:%d: ", d->path, line);
	va_start(ap, fmt);
	buf_vprintf(d->err, fmt, ap);
	va_end(ap);
	buf_putc(d->err, '\n');
	d->nerr++;
}
