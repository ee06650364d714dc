/*
 * chart: the report of `wasl-admin report --html` as a self-contained
 * HTML page (Arabic, right to left) with SVG charts: for each rating
 * question a bar per rating (5 at the top), for each survey the
 * satisfaction index month by month. No scripts, no external resources:
 * the file opens anywhere, prints, and can be mailed.
 *
 * The markup and its words are templates (report.mustache, which names
 * chart-distribution and chart-trend, in the templates folder); the
 * charts' geometry is computed with the report (fcgi/admin/report.c).
 * This module only adds what the templates cannot compute: each chart's
 * id, unique in the page, and the positions of the trend's grid labels.
 */
#ifndef WASL_CHART_H
#define WASL_CHART_H

#include <jansson.h>

#include "buf.h"

/*
 * Render the page for report r (as report_build() makes it; borrowed,
 * not changed) with the templates of the folder dir, appending it to
 * out. Returns 0, or -1 with "FILE:LINE:COLUMN: message" lines appended
 * to err and out unchanged. Safe from several threads at once.
 */
int	chart_html(const char *dir, const json_t *r, struct buf *out,
	    struct buf *err);

#endif
