/*
 * cmd_export: the export command: a form's submissions as the CSV for
 * Excel that export_csv() (export.h) writes, the same file as the staff
 * console's export: UTF-8 with a byte-order mark, CRLF line ends, every
 * cell quoted, formulas neutralised.
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

/* export_csv_cell() (export.h), under its earlier name. */
void	csv_cell(struct buf *out, const char *s);

#endif
