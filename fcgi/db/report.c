/*
 * report: the counts behind the report, and what it may show (see
 * report.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "report.h"

#define MAX_MONTHS	1200	/* a century of months is plenty */

static void
S_group_init(struct report_group *g, const char *month, size_t nq)
{
	memset(g, 0, sizeof(*g));
	snprintf(g->month, sizeof(g->month), "%s", month);
	g->dist = xcalloc(nq ? nq : 1, sizeof(*g->dist));
	g->qhide = xcalloc(nq ? nq : 1, sizeof(*g->qhide));
}

static struct report_group *
S_month(struct report_survey *s, const char *month)
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
	return strcmp(((const struct report_group *)x)->month,
	    ((const struct report_group *)y)->month);
}

/* One submission's ratings (r[q] in 1..5, 0 when unanswered) into g. */
static void
S_count(struct report_group *g, const int *r, size_t nq)
{
	size_t	 q;

	g->answers++;
	for (q = 0; q < nq; q++)
		if (r[q] >= 1 && r[q] <= 5)
			g->dist[q][r[q]]++;
}

/* The answers of g to question q, or its submissions when q < 0. */
static long
S_n(const struct report_group *g, int q)
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
 * What the report may show of survey s, in hide and qhide.
 *
 * First every group and question of fewer than REPORT_MIN_GROUP answers
 * (REPORT_HIDE_SMALL). Then, since the overall figures are the sum of
 * the months' (submissions, and per question the count of each rating,
 * from which count, mean, satisfaction and distribution follow), a
 * column (the submissions, or one question) whose overall figure is
 * shown must not leave hidden months that add up to between 1 and
 * REPORT_MIN_GROUP - 1 answers, which the overall minus the shown months
 * would give away: the shown month with the fewest answers in that
 * column is hidden too (REPORT_HIDE_COMPLEMENT), until what can be
 * subtracted is nothing or a group of at least REPORT_MIN_GROUP answers,
 * as good as a group shown. Should no month be left to hide, the overall
 * figure goes. A month's pooled figures must pool only its questions
 * shown (the front end's duty), so they tell nothing of a hidden one
 * either.
 */
static void
S_suppress(struct report_survey *s)
{
	struct report_group	*g;
	size_t			 i, pick;
	long			 hidden, best, n;
	int			 q, changed;

	s->all.hide = s->all.answers < REPORT_MIN_GROUP ? REPORT_HIDE_SMALL :
	    REPORT_SHOWN;
	for (q = 0; q < (int)s->nq; q++)
		s->all.qhide[q] = S_n(&s->all, q) < REPORT_MIN_GROUP ?
		    REPORT_HIDE_SMALL : REPORT_SHOWN;
	for (i = 0; i < s->nmonths; i++) {
		g = &s->months[i];
		g->hide = g->answers < REPORT_MIN_GROUP ? REPORT_HIDE_SMALL :
		    REPORT_SHOWN;
		for (q = 0; q < (int)s->nq; q++)
			g->qhide[q] = S_n(g, q) < REPORT_MIN_GROUP ?
			    REPORT_HIDE_SMALL : REPORT_SHOWN;
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
			if (hidden == 0 || hidden >= REPORT_MIN_GROUP)
				continue;
			if (best >= 0)
				s->months[pick].hide = REPORT_HIDE_COMPLEMENT;
			else if (q < 0)
				s->all.hide = REPORT_HIDE_COMPLEMENT;
			else
				s->all.qhide[q] = REPORT_HIDE_COMPLEMENT;
			changed = 1;
		}
	} while (changed);
}

static void
S_survey_free(struct report_survey *s)
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

static int
S_survey(struct store *s, const struct formdef *fd, const char *lo,
    const char *hi, struct report_survey *sv, struct buf *err)
{
	sqlite3_stmt		*st = NULL;
	long long		 id, cur = -1;
	char			 month[8] = "";
	const char		*name, *value;
	int			*r = NULL;
	size_t			 i;
	int			 rc, ret = -1;

	memset(sv, 0, sizeof(*sv));
	sv->fd = fd;
	sv->q = xcalloc(formdef_nfields(fd), sizeof(*sv->q));
	for (i = 0; i < formdef_nfields(fd); i++)
		if (formdef_field_at(fd, i)->type == FORMDEF_RATING)
			sv->q[sv->nq++] = formdef_field_at(fd, i);
	S_group_init(&sv->all, "", sv->nq);
	r = xcalloc(sv->nq, sizeof(*r));

	if (sqlite3_prepare_v2(store_db(s), "SELECT s.id, s.received_at,"
	    " f.name, f.value FROM submission s LEFT JOIN field f"
	    " ON f.submission_id = s.id WHERE s.form = ?1"
	    " AND s.received_at >= ?2 AND s.received_at < ?3"
	    " ORDER BY s.id", -1, &st, NULL) != SQLITE_OK) {
		db_error(s, err, "reading the survey");
		goto out;
	}
	sqlite3_bind_text(st, 1, formdef_id(fd), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hi, -1, SQLITE_STATIC);
	for (;;) {
		rc = sqlite3_step(st);
		id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
		if (id != cur && cur != -1) {
			/* The previous submission is complete. */
			struct report_group *g = S_month(sv, month);

			S_count(&sv->all, r, sv->nq);
			if (g != NULL)
				S_count(g, r, sv->nq);
		}
		if (rc != SQLITE_ROW)
			break;
		if (id != cur) {
			cur = id;
			memset(r, 0, sv->nq * sizeof(*r));
			if (db_month(db_text(st, 1), month) == -1)
				snprintf(month, sizeof(month), "0000-00");
		}
		name = db_text(st, 2);
		value = db_text(st, 3);
		for (i = 0; name != NULL && value != NULL && i < sv->nq; i++)
			if (strcmp(sv->q[i]->name, name) == 0 &&
			    value[0] >= '1' && value[0] <= '5' &&
			    value[1] == '\0')
				r[i] = value[0] - '0';
	}
	if (rc != SQLITE_DONE) {
		db_error(s, err, "reading the survey");
		goto out;
	}
	qsort(sv->months, sv->nmonths, sizeof(*sv->months), S_month_cmp);
	S_suppress(sv);
	ret = 0;
out:
	sqlite3_finalize(st);
	free(r);
	return ret;
}

double
report_median(double *v, size_t n)
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

static int
S_requests(struct store *s, const struct formdef *fd, int rdays,
    const char *lo, const char *hi, const char *lo_month,
    const char *hi_month, struct report_requests *q, struct buf *err)
{
	sqlite3_stmt	*st = NULL;
	size_t		 cap = 0;
	time_t		 rt, dt;
	struct date	 due, dec;
	double		 d;
	int		 rc, i, ret = -1;
	const char	*status, *rec, *decd;

	memset(q, 0, sizeof(*q));
	q->fd = fd;
	if (sqlite3_prepare_v2(store_db(s), "SELECT status, received_at,"
	    " decided_at FROM submission WHERE form = ?1 AND received_at >= ?2"
	    " AND received_at < ?3", -1, &st, NULL) != SQLITE_OK) {
		db_error(s, err, "reading requests");
		goto out;
	}
	sqlite3_bind_text(st, 1, formdef_id(fd), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hi, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		status = db_text(st, 0);
		rec = db_text(st, 1);
		decd = db_text(st, 2);
		if ((i = wf_status_index(status)) < 0)
			continue;
		q->counts[i]++;
		q->total++;
		if (!wf_status_decided(status) || wf_time_parse(rec, &rt) ==
		    -1 || wf_time_parse(decd, &dt) == -1)
			continue;
		d = (double)(dt - rt) / 86400.0;
		if (q->ndecided == cap) {
			cap = cap ? cap * 2 : 64;
			q->days = xrealloc(q->days, cap * sizeof(*q->days));
		}
		q->days[q->ndecided++] = d < 0 ? 0 : d;
		if (wf_due_date(rec, rdays, &due) == 0 &&
		    wf_local_date(decd, &dec) == 0 && date_cmp(&dec, &due) <= 0)
			q->on_time++;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		db_error(s, err, "reading requests");
		goto out;
	}
	if (sqlite3_prepare_v2(store_db(s), "SELECT status, sum(n) FROM tally"
	    " WHERE form = ?1 AND month >= ?2 AND month <= ?3"
	    " GROUP BY status", -1, &st, NULL) != SQLITE_OK) {
		db_error(s, err, "reading the anonymous counts");
		goto out;
	}
	sqlite3_bind_text(st, 1, formdef_id(fd), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, lo_month, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hi_month, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((i = wf_status_index(db_text(st, 0))) >= 0) {
			q->counts[i] += sqlite3_column_int64(st, 1);
			q->total += sqlite3_column_int64(st, 1);
		}
	if (rc != SQLITE_DONE) {
		db_error(s, err, "reading the anonymous counts");
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

void
report_counts_free(struct report_counts *c)
{
	size_t	 i;

	for (i = 0; i < c->nsurveys; i++)
		S_survey_free(&c->surveys[i]);
	free(c->surveys);
	for (i = 0; i < c->nrequests; i++)
		free(c->requests[i].days);
	free(c->requests);
	memset(c, 0, sizeof(*c));
}

int
report_counts(struct store *s, const struct formdef_dir *forms,
    int response_days, const char *lo, const char *hi,
    const char *lo_month, const char *hi_month, struct report_counts *c,
    struct buf *err)
{
	const struct formdef	*fd;
	size_t			 i, k, n;
	int			 rating;

	memset(c, 0, sizeof(*c));
	n = forms ? formdef_dir_count(forms) : 0;
	/* One snapshot for every figure. */
	if (db_read(s, "reading", err) == -1)
		return -1;
	c->surveys = xcalloc(n ? n : 1, sizeof(*c->surveys));
	c->requests = xcalloc(n ? n : 1, sizeof(*c->requests));
	for (i = 0; i < n; i++) {
		fd = formdef_dir_at(forms, i);
		for (k = 0, rating = 0; k < formdef_nfields(fd); k++)
			if (formdef_field_at(fd, k)->type == FORMDEF_RATING)
				rating = 1;
		if (rating) {
			/* Counted even when it fails: it has memory to
			 * free. */
			c->nsurveys++;
			if (S_survey(s, fd, lo, hi,
			    &c->surveys[c->nsurveys - 1], err) == -1)
				goto fail;
		}
		if (wf_form_tracked(fd)) {
			c->nrequests++;
			if (S_requests(s, fd, response_days, lo, hi, lo_month,
			    hi_month, &c->requests[c->nrequests - 1], err) ==
			    -1)
				goto fail;
		}
	}
	sqlite3_exec(store_db(s), "COMMIT", NULL, NULL, NULL);
	return 0;
fail:
	db_rollback(s);
	return -1;
}
