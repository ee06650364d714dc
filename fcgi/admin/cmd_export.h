/*
 * cmd_export: the export command: a form's submissions (export.h) as
 * CSV that Excel opens correctly with Arabic: UTF-8 with a byte-order
 * mark, CRLF line ends, every cell quoted (RFC 4180), and every cell
 * that a spreadsheet would take for a formula neutralised with a leading apostrophe (OWASP's advice for CSV
 * injection). A mobile number stored as +9665... therefore reads
 * '+9665..., which also keeps Excel from turning it into a number.
 */
#ifndef WASL_CMD_EXPORT_H
#define WASL_CMD_EXPORT_H

#include "adm.h"

/* export --form ID [--from DATE] [--to DATE] [--out FILE]: columns
 * reference, received (Saudi local time), status (Arabic), decided, then
 * one per field of the definition, headed by its label; choices as
 * their labels, consents as "نعم". Audited (form, period, rows).
 * Refused when it would go to a terminal (standard output, no --out):
 * the cells hold stored text unescaped. */
int	cmd_export(struct adm *a, const struct adm_opts *o, struct buf *err);

/* Append s as one CSV cell: neutralised when it starts with = + - @,
 * a tab or CR (or their full-width forms), then quoted with inner
 * quotes doubled. */
void	csv_cell(struct buf *out, const char *s);

#endif
