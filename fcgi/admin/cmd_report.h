/*
 * cmd_report: the report command: aggregate figures for management and
 * the public, made from the counts of fcgi/db's report.h: satisfaction
 * per question (count, mean, distribution over 1..5, satisfaction index
 * = share answering 4 or 5), per month and overall, for every form with
 * rating questions; and for tracked requests, counts by status and the
 * median days to a decision.
 *
 * Only aggregates leave: no answer, reference, free text or date of a
 * single submission. Any group (a month, a question, a status count, a
 * median) resting on fewer than REPORT_MIN_GROUP submissions is hidden:
 * "shown": false and its figures null; and so is any group from which a
 * hidden one could be computed by subtraction (the overall minus the
 * months shown): "shown": false, "complement": true (report.h says how
 * they are chosen). The JSON carries, beside each
 * figure, its text as pages show it and the geometry of its chart, so
 * that a Mustache template can draw the same SVG charts as
 * `report --html` without computing anything. Its shape is described in
 * cmd_report.c above cmd_report_json().
 */
#ifndef WASL_CMD_REPORT_H
#define WASL_CMD_REPORT_H

#include <jansson.h>

#include "adm.h"

/*
 * The report over submissions received in p (adm_period()). now is the
 * date the report is made (shown in it). Returns a new JSON object
 * (caller decrefs) or NULL with err.
 */
json_t	*cmd_report_json(struct adm *a, const struct adm_period *p,
	    time_t now, struct buf *err);

/* report [--from DATE] [--to DATE] [--html FILE] [--json FILE]. The date
 * of the report is SOURCE_DATE_EPOCH when set (reproducible output), else
 * today. Files are written whole or not at all, mode 0644 (aggregates
 * only). */
int	 cmd_report(struct adm *a, const struct adm_opts *o, struct buf *err);

#endif
