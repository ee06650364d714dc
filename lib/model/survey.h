/*
 * survey: the counts behind the aggregate figures for management and the
 * public, and the rule deciding which of them may be shown. fcgi/db's
 * report.h fills them from the database in one snapshot; lib/view's
 * reportview.h turns them into figures, texts and chart geometry for
 * every front end (wasl-admin's report, the staff console, the site's
 * results page through the report's JSON).
 *
 * For every form with rating questions: the distribution of each
 * question's ratings (1..5) per month received and overall (struct
 * survey). For tracked requests: the counts by status (with the
 * anonymous counts that erasure and purging leave) and the days each
 * decision took (struct survey_requests).
 *
 * What may leave: any group (a month, a question) resting on fewer than
 * SURVEY_MIN_GROUP submissions is hidden (SURVEY_HIDE_SMALL), and so is
 * any group from which a hidden one could be computed by subtraction
 * (the overall minus the months shown: SURVEY_HIDE_COMPLEMENT;
 * survey_done() decides, survey.c says how). A front end must show
 * nothing of a hidden group, and must pool a group's figures over its
 * questions shown only.
 *
 * Ownership: a struct survey owns its groups and its list of questions;
 * the form definitions are borrowed and must outlive it.
 */
#ifndef WASL_SURVEY_H
#define WASL_SURVEY_H

#include <stddef.h>

#include "formdef.h"
#include "workflow.h"

#define SURVEY_MIN_GROUP	5

/* Why a group is hidden. */
enum survey_hide {
	SURVEY_SHOWN = 0,
	SURVEY_HIDE_SMALL,	/* fewer than SURVEY_MIN_GROUP */
	SURVEY_HIDE_COMPLEMENT	/* shown, it would give a hidden one away */
};

/* Counts of one group of submissions (a month, or all of them). */
struct survey_group {
	char		  month[8];	/* "YYYY-MM" (Saudi); "" overall */
	long		  answers;	/* submissions in the group */
	long		(*dist)[6];	/* per question, ratings 1..5 */
	enum survey_hide  hide;		/* the whole group */
	enum survey_hide *qhide;	/* per question */
};

/* A form with rating questions. */
struct survey {
	const struct formdef	 *fd;		/* borrowed */
	const struct formdef_field **q;		/* its rating questions */
	size_t			  nq;
	struct survey_group	  all;
	struct survey_group	 *months;	/* oldest first, once done */
	size_t			  nmonths;
};

/* A tracked request form. */
struct survey_requests {
	const struct formdef	*fd;		/* borrowed */
	long			 counts[WF_NSTATUS];	/* by enum wf_status */
	long			 total;
	double			*days;		/* to each decision still
						   stored, >= 0 */
	size_t			 ndecided;
	long			 on_time;	/* decided by the due date */
};

/* Every form's counts, in the forms' order. */
struct survey_counts {
	struct survey		*surveys;
	size_t			 nsurveys;
	struct survey_requests	*requests;
	size_t			 nrequests;
};

/* 1 when fd has a rating question (it is a survey), else 0. */
int	 survey_is(const struct formdef *fd);

/* Start s, with no submission, for form fd (borrowed). */
void	 survey_init(struct survey *s, const struct formdef *fd);

/*
 * Count one submission received in month ("YYYY-MM", Saudi) with the
 * ratings r (r[q] in 1..5 for question q of s->q, 0 when unanswered)
 * into the overall group and its month's. Returns 0, or -1 when s holds
 * the most months it can (counted in the overall group alone).
 */
int	 survey_add(struct survey *s, const char *month, const int *r);

/* Once every submission is counted: the months sorted oldest first, and
 * what may be shown decided (hide, qhide). */
void	 survey_done(struct survey *s);

void	 survey_free(struct survey *s);

/* Free every survey and request of c and empty it; accepts an empty c. */
void	 survey_counts_free(struct survey_counts *c);

/* The median of the n values v (sorted in place); 0 when n is 0. */
double	 survey_median(double *v, size_t n);

#endif
