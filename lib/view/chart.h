/*
 * chart: the report as a self-contained HTML page (Arabic, right to
 * left) with SVG charts drawn here: for each rating question a bar per
 * rating (5 ممتاز at the top), for each survey the satisfaction index
 * month by month. No scripts, no external resources: the file opens
 * anywhere, prints, and can be mailed. Every chart has a title for
 * screen readers and a table with the same figures beside it.
 */
#ifndef WASL_CHART_H
#define WASL_CHART_H

#include <jansson.h>

#include "buf.h"

/* Append the page for report r (as report_build() makes it). */
void	chart_html(const json_t *r, struct buf *out);

/* Append the SVG of one question's distribution (a question object of
 * the report, shown); id makes its title's id unique in the page. */
void	chart_distribution(const json_t *question, const char *id,
	    struct buf *out);

/* Append the SVG of a survey's trend (its "trend" object); title names
 * it for screen readers. */
void	chart_trend(const json_t *trend, const char *title, const char *id,
	    struct buf *out);

#endif
