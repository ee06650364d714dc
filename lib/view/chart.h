/*
 * chart: the report of `wasl-admin report --html` as a self-contained
 * HTML page (Arabic, right to left) with SVG charts: for each rating
 * question a bar per rating (5 at the top), for each survey the
 * satisfaction index month by month. No scripts, no external resources:
 * the file opens anywhere, prints, and can be mailed.
 *
 * The markup and its words are templates (report.mustache, which names
 * chart-distribution and chart-trend, in the templates folder); the
 * figures and the charts' geometry are the report's (reportview.h), with
 * the charts' ids and grid added by reportview_charts().
 */
#ifndef WASL_CHART_H
#define WASL_CHART_H

#include <jansson.h>

#include "buf.h"

/*
 * Render the page for report r (as reportview_json() makes it; borrowed,
 * not changed) with the templates of the folder dir, appending it to
 * out. Returns 0, or -1 with "FILE:LINE:COLUMN: message" lines appended
 * to err and out unchanged. Safe from several threads at once.
 */
int	chart_html(const char *dir, const json_t *r, struct buf *out,
	    struct buf *err);

#endif
