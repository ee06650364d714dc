/*
 * reportview: the satisfaction and request report as the templates show
 * it, made from the counts of lib/model's survey.h. Every front end that
 * shows the report uses it: wasl-admin's `report` (its JSON, which the
 * site's results page is built from, and its HTML page, chart.h) and the
 * staff console.
 *
 * The document carries, beside each figure, its text as pages show it
 * ("3.64", "60.7%") and the geometry of its chart in SVG user units, so
 * that templates (chart-distribution, chart-trend) draw the charts
 * without computing anything. Only aggregates: no answer, reference,
 * free text or date of a single submission; every group survey.h hides
 * is shown as "shown": false with its figures null ("complement": true
 * when hidden only so that another group cannot be computed). Its shape
 * is described in reportview.c above reportview_json().
 *
 * Ownership: the functions return new JSON references or change only
 * the document given; the counts and options are borrowed.
 */
#ifndef WASL_REPORTVIEW_H
#define WASL_REPORTVIEW_H

#include <jansson.h>

#include "catalog.h"
#include "date.h"
#include "survey.h"

struct reportview_opts {
	const struct catalog	*words;		/* the statuses' names and
						   the dates' words
						   (statusmsg.h, datefmt.h) */
	const json_t		*association;	/* its name */
	const char		*overall;	/* the label of the whole
						   period's group */
	int			 response_days;	/* due dates: received +
						   this; 0: site.yaml
						   states none */
	const struct date	*generated;	/* the day it is made */
	const struct date	*from;		/* the period's first day;
						   NULL: since the start */
	const struct date	*to;		/* its last; NULL: to date */
};

/* The report of counts c. Returns a new JSON object (never NULL: memory
 * runs out only as an abort, xcalloc()). */
json_t	*reportview_json(const struct survey_counts *c,
	    const struct reportview_opts *o);

/*
 * Add to report r (as reportview_json() makes it, or read back from its
 * JSON) what the chart partials need besides: each chart's id, unique
 * in a page showing r ("dist-S-Q" for question Q of survey S, "trend-S"),
 * and the trend's grid (grid_x, top_label_y, mid_label_y,
 * base_label_y). Changes r in place.
 */
void	 reportview_charts(json_t *r);

#endif
