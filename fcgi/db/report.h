/*
 * report: the counts behind the aggregate figures for management and
 * the public (lib/model's survey.h), read from the database in one
 * snapshot: for every form with rating questions, each question's
 * ratings per month received and overall; for tracked requests, the
 * counts by status (with the anonymous counts that erasure and purging
 * leave, table tally) and the days each decision took. What may be shown
 * of them is decided with them (survey_done()); lib/view's reportview.h
 * turns them into figures and charts.
 */
#ifndef WASL_REPORT_H
#define WASL_REPORT_H

#include "buf.h"
#include "formdef.h"
#include "store.h"
#include "survey.h"

/*
 * The counts of the submissions received in [lo, hi) (stored UTC times;
 * the anonymous counts by month received, [lo_month, hi_month],
 * "YYYY-MM"), for every form of forms (borrowed: *c points into it),
 * in forms' order, due dates counted from response_days; what may be
 * shown decided. Returns 0, or -1 with err. Free *c either way
 * (survey_counts_free()).
 */
int	 report_counts(struct store *s, const struct formdef_dir *forms,
	    int response_days, const char *lo, const char *hi,
	    const char *lo_month, const char *hi_month,
	    struct survey_counts *c, struct buf *err);

#endif
