/*
 * cmd_report: the report command: aggregate figures for management and
 * the public, for every form with rating questions (satisfaction per
 * question and month) and for tracked requests (counts by status,
 * median days to a decision). The counts are fcgi/db's (report.h), what
 * may be shown of them lib/model's (survey.h), their figures, texts and
 * chart geometry lib/view's (reportview.h, whose reportview.c describes
 * the JSON's shape) and the HTML page lib/view's chart.h; this command
 * only takes the period and writes the files.
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
