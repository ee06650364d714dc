/*
 * report: the counts behind the aggregate figures for management and
 * the public, read in one snapshot: for every form with rating
 * questions, the distribution of each question's ratings (1..5) per
 * month received and overall; for tracked requests, the counts by
 * status (with the anonymous counts that erasure and purging leave,
 * table tally) and the days each decision took.
 *
 * What may leave is decided here too: any group (a month, a question)
 * resting on fewer than REPORT_MIN_GROUP submissions is hidden
 * (REPORT_HIDE_SMALL), and so is any group from which a hidden one could
 * be computed by subtraction (the overall minus the months shown:
 * REPORT_HIDE_COMPLEMENT; report.c, S_suppress(), says how they are
 * chosen). The front end turns the counts into figures and charts and
 * must show nothing of a hidden group.
 */
#ifndef WASL_REPORT_H
#define WASL_REPORT_H

#include <stddef.h>

#include "buf.h"
#include "formdef.h"
#include "store.h"
#include "workflow.h"

#define REPORT_MIN_GROUP	5

/* Why a group is hidden. */
#define REPORT_SHOWN		0
#define REPORT_HIDE_SMALL	1	/* fewer than REPORT_MIN_GROUP */
#define REPORT_HIDE_COMPLEMENT	2	/* shown, it would give a hidden
					   one away */

/* Counts of one group of submissions (a month, or all of them). */
struct report_group {
	char		 month[8];	/* "YYYY-MM" (Saudi); "" overall */
	long		 answers;	/* submissions in the group */
	long		(*dist)[6];	/* per question, ratings 1..5 */
	int		 hide;		/* the whole group: REPORT_... */
	int		*qhide;		/* per question */
};

/* A form with rating questions. */
struct report_survey {
	const struct formdef	 *fd;		/* borrowed */
	const struct formdef_field **q;		/* its rating questions */
	size_t			  nq;
	struct report_group	  all;
	struct report_group	 *months;	/* oldest first */
	size_t			  nmonths;
};

/* A tracked request form. */
struct report_requests {
	const struct formdef	*fd;		/* borrowed */
	long			 counts[WF_NSTATUS];	/* wf_statuses order */
	long			 total;
	double			*days;		/* to each decision still
						   stored, >= 0 */
	size_t			 ndecided;
	long			 on_time;	/* decided by the due date */
};

struct report_counts {
	struct report_survey	*surveys;
	size_t			 nsurveys;
	struct report_requests	*requests;
	size_t			 nrequests;
};
void	 report_counts_free(struct report_counts *c);

/*
 * The counts of the submissions received in [lo, hi) (stored UTC times;
 * the anonymous counts by month received, [lo_month, hi_month],
 * "YYYY-MM"), for every form of forms (borrowed: *c points into it),
 * in forms' order, due dates counted from response_days; suppression
 * applied. Returns 0, or -1 with err. Free *c either way.
 */
int	 report_counts(struct store *s, const struct formdef_dir *forms,
	    int response_days, const char *lo, const char *hi,
	    const char *lo_month, const char *hi_month,
	    struct report_counts *c, struct buf *err);

/* The median of the n values v (sorted in place); 0 when n is 0. */
double	 report_median(double *v, size_t n);

#endif
