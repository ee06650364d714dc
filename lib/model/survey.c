/*
 * survey: the report's counts, and what may be shown of them (see
 * survey.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "survey.h"

#define MAX_MONTHS	1200	/* a century of months is plenty */

static void
S_group_init(struct survey_group *g, const char *month, size_t nq)
{
	memset(g, 0, sizeof(*g));
	snprintf(g->month, sizeof(g->month), "%s", month);
	g->dist = xcalloc(nq ? nq : 1, sizeof(*g->dist));
	g->qhide = xcalloc(nq ? nq : 1, sizeof(*g->qhide));
}

static struct survey_group *
S_month(struct survey *s, const char *month)
{
	size_t	 i;

	for (i = 0; i < s->nmonths; i++)
		if (strcmp(s->months[i].month, month) == 0)
			return &s->months[i];
	if (s->nmonths == MAX_MONTHS)
		return NULL;
	s->months = xrealloc(s->months, (s->nmonths + 1) *
	    sizeof(*s->months));
	S_group_init(&s->months[s->nmonths], month, s->nq);
	return &s->months[s->nmonths++];
}

static int
S_month_cmp(const void *x, const void *y)
{
	return strcmp(((const struct survey_group *)x)->month,
	    ((const struct survey_group *)y)->month);
}

/* One submission's ratings (r[q] in 1..5, 0 when unanswered) into g. */
static void
S_count(struct survey_group *g, const int *r, size_t nq)
{
	size_t	 q;

	g->answers++;
	for (q = 0; q < nq; q++)
		if (r[q] >= 1 && r[q] <= 5)
			g->dist[q][r[q]]++;
}

/* The answers of g to question q, or its submissions when q < 0. */
static long
S_n(const struct survey_group *g, int q)
{
	long	 n = 0;
	int	 r;

	if (q < 0)
		return g->answers;
	for (r = 1; r <= 5; r++)
		n += g->dist[q][r];
	return n;
}

/*
 * What may be shown of survey s, in hide and qhide.
 *
 * First every group and question of fewer than SURVEY_MIN_GROUP answers
 * (SURVEY_HIDE_SMALL). Then, since the overall figures are the sum of
 * the months' (submissions, and per question the count of each rating,
 * from which count, mean, satisfaction and distribution follow), a
 * column (the submissions, or one question) whose overall figure is
 * shown must not leave hidden months that add up to between 1 and
 * SURVEY_MIN_GROUP - 1 answers, which the overall minus the shown months
 * would give away: the shown month with the fewest answers in that
 * column is hidden too (SURVEY_HIDE_COMPLEMENT), until what can be
 * subtracted is nothing or a group of at least SURVEY_MIN_GROUP answers,
 * as good as a group shown. Should no month be left to hide, the overall
 * figure goes. A month's pooled figures must pool only its questions
 * shown (the front end's duty), so they tell nothing of a hidden one
 * either.
 */
static void
S_suppress(struct survey *s)
{
	struct survey_group	*g;
	size_t			 i, pick;
	long			 hidden, best, n;
	int			 q, changed;

	s->all.hide = s->all.answers < SURVEY_MIN_GROUP ? SURVEY_HIDE_SMALL :
	    SURVEY_SHOWN;
	for (q = 0; q < (int)s->nq; q++)
		s->all.qhide[q] = S_n(&s->all, q) < SURVEY_MIN_GROUP ?
		    SURVEY_HIDE_SMALL : SURVEY_SHOWN;
	for (i = 0; i < s->nmonths; i++) {
		g = &s->months[i];
		g->hide = g->answers < SURVEY_MIN_GROUP ? SURVEY_HIDE_SMALL :
		    SURVEY_SHOWN;
		for (q = 0; q < (int)s->nq; q++)
			g->qhide[q] = S_n(g, q) < SURVEY_MIN_GROUP ?
			    SURVEY_HIDE_SMALL : SURVEY_SHOWN;
	}
	do {
		changed = 0;
		for (q = -1; q < (int)s->nq && !s->all.hide; q++) {
			if (q >= 0 && s->all.qhide[q])
				continue;
			/* What the overall figure holds beyond the shown
			 * months (a month that did not fit: hidden too). */
			hidden = S_n(&s->all, q);
			best = -1;
			pick = 0;
			for (i = 0; i < s->nmonths; i++) {
				g = &s->months[i];
				if (g->hide || (q >= 0 && g->qhide[q]))
					continue;
				n = S_n(g, q);
				hidden -= n;
				if (best < 0 || n < best) {
					best = n;
					pick = i;
				}
			}
			if (hidden == 0 || hidden >= SURVEY_MIN_GROUP)
				continue;
			if (best >= 0)
				s->months[pick].hide = SURVEY_HIDE_COMPLEMENT;
			else if (q < 0)
				s->all.hide = SURVEY_HIDE_COMPLEMENT;
			else
				s->all.qhide[q] = SURVEY_HIDE_COMPLEMENT;
			changed = 1;
		}
	} while (changed);
}

int
survey_is(const struct formdef *fd)
{
	size_t	 k;

	for (k = 0; k < formdef_nfields(fd); k++)
		if (formdef_field_at(fd, k)->type == FORMDEF_RATING)
			return 1;
	return 0;
}

void
survey_init(struct survey *s, const struct formdef *fd)
{
	size_t	 i;

	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->q = xcalloc(formdef_nfields(fd) ? formdef_nfields(fd) : 1,
	    sizeof(*s->q));
	for (i = 0; i < formdef_nfields(fd); i++)
		if (formdef_field_at(fd, i)->type == FORMDEF_RATING)
			s->q[s->nq++] = formdef_field_at(fd, i);
	S_group_init(&s->all, "", s->nq);
}

int
survey_add(struct survey *s, const char *month, const int *r)
{
	struct survey_group	*g = S_month(s, month);

	S_count(&s->all, r, s->nq);
	if (g == NULL)
		return -1;
	S_count(g, r, s->nq);
	return 0;
}

void
survey_done(struct survey *s)
{
	/* No month (no answer in the period): months is NULL, which
	 * qsort() may not be given. */
	if (s->nmonths > 0)
		qsort(s->months, s->nmonths, sizeof(*s->months), S_month_cmp);
	S_suppress(s);
}

void
survey_free(struct survey *s)
{
	size_t	 i;

	free(s->q);
	free(s->all.dist);
	free(s->all.qhide);
	for (i = 0; i < s->nmonths; i++) {
		free(s->months[i].dist);
		free(s->months[i].qhide);
	}
	free(s->months);
	memset(s, 0, sizeof(*s));
}

void
survey_counts_free(struct survey_counts *c)
{
	size_t	 i;

	for (i = 0; i < c->nsurveys; i++)
		survey_free(&c->surveys[i]);
	free(c->surveys);
	for (i = 0; i < c->nrequests; i++)
		free(c->requests[i].days);
	free(c->requests);
	memset(c, 0, sizeof(*c));
}

double
survey_median(double *v, size_t n)
{
	size_t	 i, k;
	double	 t;

	if (n == 0)
		return 0;
	/* Insertion sort: a report's requests are at most thousands. */
	for (i = 1; i < n; i++) {
		t = v[i];
		for (k = i; k > 0 && v[k - 1] > t; k--)
			v[k] = v[k - 1];
		v[k] = t;
	}
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
