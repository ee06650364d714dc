/*
 * report: the report's counts from the database (see report.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "report.h"

static int
S_survey(struct store *s, const struct formdef *fd, const char *lo,
    const char *hi, struct survey *sv, struct buf *err)
{
	sqlite3_stmt		*st = NULL;
	long long		 id, cur = -1;
	char			 month[8] = "";
	const char		*name, *value;
	int			*r = NULL;
	size_t			 i;
	int			 rc, ret = -1;

	survey_init(sv, fd);
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
		/* The previous submission is complete (beyond the months
		 * a survey holds: in the overall figures alone). */
		if (id != cur && cur != -1)
			(void)survey_add(sv, month, r);
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
	survey_done(sv);
	ret = 0;
out:
	sqlite3_finalize(st);
	free(r);
	return ret;
}

static int
S_requests(struct store *s, const struct formdef *fd, int rdays,
    const char *lo, const char *hi, const char *lo_month,
    const char *hi_month, struct survey_requests *q, struct buf *err)
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

int
report_counts(struct store *s, const struct formdef_dir *forms,
    int response_days, const char *lo, const char *hi,
    const char *lo_month, const char *hi_month, struct survey_counts *c,
    struct buf *err)
{
	const struct formdef	*fd;
	size_t			 i, n;

	memset(c, 0, sizeof(*c));
	n = forms ? formdef_dir_count(forms) : 0;
	/* One snapshot for every figure. */
	if (db_read(s, "reading", err) == -1)
		return -1;
	c->surveys = xcalloc(n ? n : 1, sizeof(*c->surveys));
	c->requests = xcalloc(n ? n : 1, sizeof(*c->requests));
	for (i = 0; i < n; i++) {
		fd = formdef_dir_at(forms, i);
		if (survey_is(fd)) {
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
