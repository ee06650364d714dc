/*
 * report: satisfaction and request figures (see report.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chart.h"
#include "report.h"

#define MAX_MONTHS	1200	/* a century of months is plenty */

/* The distribution chart's frame (SVG user units): a row per rating,
 * labels in a strip on the right, bars growing leftwards from it, the
 * percentage at the bar's end. */
#define DIST_W		460
#define DIST_ROW	30
#define DIST_LABELS	120
#define DIST_LEFT	70

/* The trend chart's frame (SVG user units). */
#define TREND_W		600
#define TREND_H		240
#define TREND_TOP	24
#define TREND_BASE	200
#define TREND_SIDE	20

/* Why a figure is hidden (S_suppress()). */
#define SHOWN		0
#define HIDE_SMALL	1	/* fewer than REPORT_MIN_GROUP answers */
#define HIDE_COMPLEMENT	2	/* shown, it would give a hidden one away */

/* Counts of one group of submissions (a month, or all of them). */
struct group {
	char		 month[8];	/* "YYYY-MM"; "" for overall */
	long		 answers;	/* submissions in the group */
	long		(*dist)[6];	/* per question, ratings 1..5 */
	int		 hide;		/* the whole group: SHOWN, HIDE_... */
	int		*qhide;		/* per question */
};

struct survey {
	const struct formdef	 *fd;
	const struct formdef_field **q;	/* its rating questions */
	size_t			  nq;
	struct group		  all;
	struct group		 *months;
	size_t			  nmonths;
};

/* v (>= 0: every figure here is) rounded half up to places decimals;
 * without libm, which wasl does not link. */
static double
S_round(double v, int places)
{
	double	 k = places == 1 ? 10.0 : places == 2 ? 100.0 : 1.0;

	return (double)(long long)(v * k + 0.5) / k;
}

/* A number as pages show it: "4.25", "80%", "80.5%". */
static json_t *
S_num_text(double v, int places, const char *suffix)
{
	char	 s[32];

	snprintf(s, sizeof(s), "%.*f", places, v);
	/* 80.0 reads better as 80 */
	if (places > 0) {
		char *dot = strchr(s, '.');
		char *end = s + strlen(s);

		while (end > dot && (end[-1] == '0'))
			*--end = '\0';
		if (end == dot + 1 || end == dot)
			*dot = '\0';
	}
	strncat(s, suffix, sizeof(s) - strlen(s) - 1);
	return json_string(s);
}

/* A geometry value for SVG attributes: at most 2 decimals. */
static json_t *
S_geo(double v)
{
	return S_num_text(S_round(v, 2), 2, "");
}

/* "أغسطس 2024" for "2024-08". */
static json_t *
S_month_label(const char *month)
{
	struct buf	 b = BUF_INIT;
	struct date	 d;
	const char	*s;
	json_t		*j;

	if (sscanf(month, "%4d-%2d", &d.year, &d.month) != 2)
		return json_string(month);
	d.day = 1;
	if (date_format_long(&b, &d) == -1) {
		buf_free(&b);
		return json_string(month);
	}
	s = buf_cstr(&b);
	s = strncmp(s, "1 ", 2) == 0 ? s + 2 : s;
	j = json_string(s);
	buf_free(&b);
	return j;
}

/* ---- satisfaction ---- */

static void
S_group_init(struct group *g, const char *month, size_t nq)
{
	memset(g, 0, sizeof(*g));
	snprintf(g->month, sizeof(g->month), "%s", month);
	g->dist = xcalloc(nq ? nq : 1, sizeof(*g->dist));
	g->qhide = xcalloc(nq ? nq : 1, sizeof(*g->qhide));
}

static struct group *
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
	return strcmp(((const struct group *)x)->month,
	    ((const struct group *)y)->month);
}

/* One submission's ratings (r[q] in 1..5, 0 when unanswered) into g. */
static void
S_count(struct group *g, const int *r, size_t nq)
{
	size_t	 q;

	g->answers++;
	for (q = 0; q < nq; q++)
		if (r[q] >= 1 && r[q] <= 5)
			g->dist[q][r[q]]++;
}

/* The answers of g to question q, or its submissions when q < 0. */
static long
S_n(const struct group *g, int q)
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
 * (HIDE_SMALL). Then, since the overall figures are the sum of the
 * months' (submissions, and per question the count of each rating, from
 * which count, mean, satisfaction and distribution follow), a column
 * (the submissions, or one question) whose overall figure is shown must
 * not leave hidden months that add up to between 1 and
 * REPORT_MIN_GROUP - 1 answers, which the overall minus the shown months
 * would give away: the shown month with the fewest answers in that
 * column is hidden too (HIDE_COMPLEMENT), until what can be subtracted
 * is nothing or a group of at least REPORT_MIN_GROUP answers, as good as
 * a group shown. Should no month be left to hide, the overall figure
 * goes. A month's pooled figures pool only its questions shown (see
 * S_group_json()), so they tell nothing of a hidden one either.
 */
static void
S_suppress(struct survey *s)
{
	struct group	*g;
	size_t		 i, pick;
	long		 hidden, best, n;
	int		 q, changed;

	s->all.hide = s->all.answers < REPORT_MIN_GROUP ? HIDE_SMALL : SHOWN;
	for (q = 0; q < (int)s->nq; q++)
		s->all.qhide[q] = S_n(&s->all, q) < REPORT_MIN_GROUP ?
		    HIDE_SMALL : SHOWN;
	for (i = 0; i < s->nmonths; i++) {
		g = &s->months[i];
		g->hide = g->answers < REPORT_MIN_GROUP ? HIDE_SMALL : SHOWN;
		for (q = 0; q < (int)s->nq; q++)
			g->qhide[q] = S_n(g, q) < REPORT_MIN_GROUP ?
			    HIDE_SMALL : SHOWN;
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
				s->months[pick].hide = HIDE_COMPLEMENT;
			else if (q < 0)
				s->all.hide = HIDE_COMPLEMENT;
			else
				s->all.qhide[q] = HIDE_COMPLEMENT;
			changed = 1;
		}
	} while (changed);
}

/* true when hidden only so that another group cannot be computed. */
static json_t *
S_why(int hide)
{
	return json_boolean(hide == HIDE_COMPLEMENT);
}

/*
 * A group as JSON:
 *   { month, label, shown, complement, answers, mean, mean_text,
 *     satisfaction, satisfaction_text, questions: [ { name, label, shown,
 *     complement, count, mean, mean_text, satisfaction,
 *     satisfaction_text, chart: { width, height, track_x, track_width,
 *     label_x, value_x }, distribution: [ { rating, label, count, percent,
 *     percent_text, y, text_y, bar_x, bar_width } for 5..1 ] } ] }
 * chart and the rows' y, text_y, bar_x and bar_width are the geometry
 * of the distribution chart (chart.c draws it, and so can a template).
 * mean and satisfaction of the group pool the answers of its questions
 * shown (null when none is).
 * Hidden (S_suppress()): shown false, figures null, questions and
 * distributions empty; complement true when it has REPORT_MIN_GROUP
 * answers or more but would let a hidden group be computed by
 * subtraction, false when it has fewer (and whenever shown).
 */
static json_t *
S_group_json(const struct survey *s, const struct group *g)
{
	json_t		*j, *qs = json_array(), *qj, *dist;
	long		 n, sat, tn = 0, tsat = 0;
	double		 sum, tsum = 0;
	size_t		 q;
	int		 r, shown = g->hide == SHOWN;

	j = json_pack("{s:s?,s:o,s:b,s:o}", "month", g->month[0] ? g->month :
	    NULL, "label", g->month[0] ? S_month_label(g->month) :
	    json_string("الإجمالي"), "shown", shown, "complement",
	    S_why(g->hide));
	for (q = 0; shown && q < s->nq; q++) {
		n = sat = 0;
		sum = 0;
		for (r = 1; r <= 5; r++) {
			n += g->dist[q][r];
			sum += (double)r * g->dist[q][r];
		}
		sat = g->dist[q][4] + g->dist[q][5];
		qj = json_pack("{s:s,s:s,s:b,s:o}", "name", s->q[q]->name,
		    "label", s->q[q]->label, "shown", g->qhide[q] == SHOWN,
		    "complement", S_why(g->qhide[q]));
		json_array_append_new(qs, qj);
		dist = json_array();
		json_object_set_new(qj, "chart", json_pack(
		    "{s:i,s:i,s:i,s:i,s:i,s:i}", "width", DIST_W,
		    "height", 5 * DIST_ROW + 8, "track_x", DIST_LEFT,
		    "track_width", DIST_W - DIST_LABELS - DIST_LEFT,
		    "label_x", DIST_W - 4, "value_x", DIST_LEFT - 6));
		json_object_set_new(qj, "distribution", dist);
		if (g->qhide[q] != SHOWN) {
			json_object_set_new(qj, "count", json_null());
			json_object_set_new(qj, "mean", json_null());
			json_object_set_new(qj, "mean_text", json_null());
			json_object_set_new(qj, "satisfaction", json_null());
			json_object_set_new(qj, "satisfaction_text",
			    json_null());
			continue;
		}
		/* Only questions shown are pooled: a hidden one's answers
		 * must not be computable from the group's figures. */
		tn += n;
		tsum += sum;
		tsat += sat;
		json_object_set_new(qj, "count", json_integer(n));
		json_object_set_new(qj, "mean", json_real(S_round(sum / n,
		    2)));
		json_object_set_new(qj, "mean_text", S_num_text(S_round(sum /
		    n, 2), 2, ""));
		json_object_set_new(qj, "satisfaction", json_real(S_round(
		    100.0 * sat / n, 1)));
		json_object_set_new(qj, "satisfaction_text", S_num_text(
		    S_round(100.0 * sat / n, 1), 1, "%"));
		for (r = 5; r >= 1; r--) {
			double pct = S_round(100.0 * g->dist[q][r] / n, 1);
			const char *label = "";
			size_t o;

			for (o = 0; o < s->q[q]->noptions; o++)
				if (s->q[q]->options[o].value[0] == '0' + r &&
				    s->q[q]->options[o].value[1] == '\0')
					label = s->q[q]->options[o].label;
			double len = (DIST_W - DIST_LABELS - DIST_LEFT) *
			    pct / 100.0;
			int y = 4 + (5 - r) * DIST_ROW;

			json_array_append_new(dist, json_pack(
			    "{s:i,s:s,s:I,s:f,s:o,s:i,s:i,s:o,s:o}",
			    "rating", r, "label", label,
			    "count", (json_int_t)g->dist[q][r],
			    "percent", pct,
			    "percent_text", S_num_text(pct, 1, "%"),
			    "y", y, "text_y", y + 14,
			    "bar_x", S_geo(DIST_W - DIST_LABELS - len),
			    "bar_width", S_geo(len)));
		}
	}
	json_object_set_new(j, "answers", shown ? json_integer(g->answers) :
	    json_null());
	if (shown && tn > 0) {
		json_object_set_new(j, "mean", json_real(S_round(tsum / tn,
		    2)));
		json_object_set_new(j, "mean_text", S_num_text(S_round(tsum /
		    tn, 2), 2, ""));
		json_object_set_new(j, "satisfaction", json_real(S_round(
		    100.0 * tsat / tn, 1)));
		json_object_set_new(j, "satisfaction_text", S_num_text(
		    S_round(100.0 * tsat / tn, 1), 1, "%"));
	} else {
		json_object_set_new(j, "mean", json_null());
		json_object_set_new(j, "mean_text", json_null());
		json_object_set_new(j, "satisfaction", json_null());
		json_object_set_new(j, "satisfaction_text", json_null());
	}
	json_object_set_new(j, "questions", qs);
	return j;
}

/* "08/2024" for "2024-08", into out. */
static const char *
S_short_month(const char *month, char out[8])
{
	snprintf(out, 8, "%.2s/%.4s", month + 5, month);
	return out;
}

/* A month with a bar in the trend: shown, with a satisfaction index (a
 * month whose every question is hidden has none). */
static int
S_has_bar(const json_t *m)
{
	return json_is_true(json_object_get(m, "shown")) &&
	    json_is_number(json_object_get(m, "satisfaction"));
}

/*
 * The months' satisfaction index as bars, the oldest on the right (the
 * reading order), in a TREND_W x TREND_H frame: 100% reaches TREND_TOP
 * from the base line TREND_BASE. Only shown months have a bar
 * (S_has_bar()).
 *   { width, height, base, top, has_bars, bars: [ { month, label,
 *     value_text, x, y, width, height, cx, value_y, label_y } ] }
 */
static json_t *
S_trend_json(const json_t *months)
{
	json_t		*bars = json_array(), *m;
	char		 mm[8];
	size_t		 i, n = 0, k = 0;
	double		 slot, w, x, h, sat;

	json_array_foreach(months, i, m)
		if (S_has_bar(m))
			n++;
	slot = n ? (TREND_W - 2.0 * TREND_SIDE) / (double)n : 0;
	w = slot * 0.6 < 48 ? slot * 0.6 : 48;
	json_array_foreach(months, i, m) {
		if (!S_has_bar(m))
			continue;
		sat = json_real_value(json_object_get(m, "satisfaction"));
		h = (TREND_BASE - TREND_TOP) * sat / 100.0;
		x = TREND_W - TREND_SIDE - (double)(k + 1) * slot;
		json_array_append_new(bars, json_pack(
		    "{s:O,s:s,s:O,s:o,s:o,s:o,s:o,s:o,s:o,s:i}",
		    "month", json_object_get(m, "month"),
		    "label", S_short_month(json_string_value(
		    json_object_get(m, "month")), mm),
		    "value_text", json_object_get(m, "satisfaction_text"),
		    "x", S_geo(x + (slot - w) / 2),
		    "y", S_geo(TREND_BASE - h),
		    "width", S_geo(w),
		    "height", S_geo(h),
		    "cx", S_geo(x + slot / 2),
		    "value_y", S_geo(TREND_BASE - h - 6),
		    "label_y", TREND_BASE + 20));
		k++;
	}
	return json_pack("{s:i,s:i,s:i,s:i,s:i,s:i,s:b,s:o}",
	    "width", TREND_W, "height", TREND_H, "base", TREND_BASE,
	    "top", TREND_TOP, "mid", (TREND_BASE + TREND_TOP) / 2,
	    "right", TREND_W - TREND_SIDE, "has_bars", n > 0, "bars", bars);
}

static void
S_survey_free(struct survey *s)
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
}

static json_t *
S_survey(struct adm *a, const struct formdef *fd, const struct adm_period *p,
    struct buf *err)
{
	struct survey		 s;
	sqlite3_stmt		*st = NULL;
	json_t			*j = NULL, *months;
	long long		 id, cur = -1;
	char			 month[8] = "";
	const char		*name, *value;
	int			*r = NULL;
	size_t			 i;
	int			 rc;

	memset(&s, 0, sizeof(s));
	s.fd = fd;
	s.q = xcalloc(formdef_nfields(fd), sizeof(*s.q));
	for (i = 0; i < formdef_nfields(fd); i++)
		if (formdef_field_at(fd, i)->type == FORMDEF_RATING)
			s.q[s.nq++] = formdef_field_at(fd, i);
	S_group_init(&s.all, "", s.nq);
	r = xcalloc(s.nq, sizeof(*r));

	if (sqlite3_prepare_v2(a->db, "SELECT s.id, s.received_at, f.name,"
	    " f.value FROM submission s LEFT JOIN field f"
	    " ON f.submission_id = s.id WHERE s.form = ?1"
	    " AND s.received_at >= ?2 AND s.received_at < ?3"
	    " ORDER BY s.id", -1, &st, NULL) != SQLITE_OK) {
		adm_dberr(a, err, "reading the survey");
		goto out;
	}
	sqlite3_bind_text(st, 1, formdef_id(fd), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p->hi, -1, SQLITE_STATIC);
	for (;;) {
		rc = sqlite3_step(st);
		id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
		if (id != cur && cur != -1) {
			/* The previous submission is complete. */
			struct group *g = S_month(&s, month);

			S_count(&s.all, r, s.nq);
			if (g != NULL)
				S_count(g, r, s.nq);
		}
		if (rc != SQLITE_ROW)
			break;
		if (id != cur) {
			cur = id;
			memset(r, 0, s.nq * sizeof(*r));
			if (adm_month((const char *)sqlite3_column_text(st, 1),
			    month) == -1)
				snprintf(month, sizeof(month), "0000-00");
		}
		name = (const char *)sqlite3_column_text(st, 2);
		value = (const char *)sqlite3_column_text(st, 3);
		for (i = 0; name != NULL && value != NULL && i < s.nq; i++)
			if (strcmp(s.q[i]->name, name) == 0 &&
			    value[0] >= '1' && value[0] <= '5' &&
			    value[1] == '\0')
				r[i] = value[0] - '0';
	}
	if (rc != SQLITE_DONE) {
		adm_dberr(a, err, "reading the survey");
		goto out;
	}
	qsort(s.months, s.nmonths, sizeof(*s.months), S_month_cmp);
	S_suppress(&s);
	months = json_array();
	for (i = 0; i < s.nmonths; i++)
		json_array_append_new(months, S_group_json(&s, &s.months[i]));
	j = json_pack("{s:s,s:s,s:o,s:o,s:o}", "form", formdef_id(fd),
	    "title", formdef_title(fd), "overall", S_group_json(&s, &s.all),
	    "trend", S_trend_json(months), "months", months);
out:
	sqlite3_finalize(st);
	free(r);
	S_survey_free(&s);
	return j;
}

/* ---- requests ---- */

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

/*
 *   { form, title, response_days, shown, total, statuses: [ { status,
 *     label, count } in workflow order ], decided, median_shown,
 *     median_days, median_text, on_time, on_time_text }
 * The requests of the period are one group: with fewer than
 * REPORT_MIN_GROUP, shown is false, total and decided null and statuses
 * empty (no single count is hidden alone: the total minus the others
 * would give it away). total and the status counts include the
 * anonymous counts left by erasure and purging (table tally, by month
 * received); the median days to a decision and the on-time share
 * (decided by the due date) are figures of the decided requests still
 * stored, and need REPORT_MIN_GROUP of them (median_shown). decided,
 * their number, is shown with the statuses whatever it is: it is
 * accepted plus rejected less the erased ones, and no other figure
 * holds a decision's time, so nothing gives a hidden median away.
 */
static json_t *
S_requests(struct adm *a, const struct formdef *fd,
    const struct adm_period *p, struct buf *err)
{
	sqlite3_stmt	*st = NULL;
	long		 counts[WF_NSTATUS], total = 0, ontime = 0;
	double		*days = NULL, d;
	size_t		 n = 0, cap = 0;
	time_t		 rt, dt;
	struct date	 due, dec;
	json_t		*j = NULL, *statuses;
	int		 rc, i, rdays = adm_response_days(a);
	const char	*status, *rec, *decd;

	memset(counts, 0, sizeof(counts));
	if (sqlite3_prepare_v2(a->db, "SELECT status, received_at, decided_at"
	    " FROM submission WHERE form = ?1 AND received_at >= ?2"
	    " AND received_at < ?3", -1, &st, NULL) != SQLITE_OK) {
		adm_dberr(a, err, "reading requests");
		goto out;
	}
	sqlite3_bind_text(st, 1, formdef_id(fd), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p->hi, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		status = (const char *)sqlite3_column_text(st, 0);
		rec = (const char *)sqlite3_column_text(st, 1);
		decd = (const char *)sqlite3_column_text(st, 2);
		if ((i = wf_status_index(status)) < 0)
			continue;
		counts[i]++;
		total++;
		if (!wf_status_decided(status) || wf_time_parse(rec, &rt) ==
		    -1 || wf_time_parse(decd, &dt) == -1)
			continue;
		d = (double)(dt - rt) / 86400.0;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			days = xrealloc(days, cap * sizeof(*days));
		}
		days[n++] = d < 0 ? 0 : d;
		if (wf_due_date(rec, rdays, &due) == 0 &&
		    wf_local_date(decd, &dec) == 0 && date_cmp(&dec, &due) <= 0)
			ontime++;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		adm_dberr(a, err, "reading requests");
		goto out;
	}
	if (sqlite3_prepare_v2(a->db, "SELECT status, sum(n) FROM tally"
	    " WHERE form = ?1 AND month >= ?2 AND month <= ?3"
	    " GROUP BY status", -1, &st, NULL) != SQLITE_OK) {
		adm_dberr(a, err, "reading the anonymous counts");
		goto out;
	}
	sqlite3_bind_text(st, 1, formdef_id(fd), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->lo_month, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p->hi_month, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((i = wf_status_index((const char *)sqlite3_column_text(st,
		    0))) >= 0) {
			counts[i] += sqlite3_column_int64(st, 1);
			total += sqlite3_column_int64(st, 1);
		}
	if (rc != SQLITE_DONE) {
		adm_dberr(a, err, "reading the anonymous counts");
		goto out;
	}
	statuses = json_array();
	for (i = 0; total >= REPORT_MIN_GROUP && i < WF_NSTATUS; i++)
		json_array_append_new(statuses, json_pack("{s:s,s:s,s:I}",
		    "status", wf_statuses[i], "label",
		    wf_status_label(wf_statuses[i]), "count",
		    (json_int_t)counts[i]));
	j = json_pack("{s:s,s:s,s:i,s:b,s:o,s:o,s:o,s:b}", "form",
	    formdef_id(fd), "title", formdef_title(fd), "response_days",
	    rdays, "shown", total >= REPORT_MIN_GROUP, "total",
	    total >= REPORT_MIN_GROUP ? json_integer(total) : json_null(),
	    "statuses", statuses, "decided", total >= REPORT_MIN_GROUP ?
	    json_integer((json_int_t)n) : json_null(),
	    "median_shown", n >= REPORT_MIN_GROUP);
	if (n >= REPORT_MIN_GROUP) {
		d = S_round(report_median(days, n), 1);
		json_object_set_new(j, "median_days", json_real(d));
		json_object_set_new(j, "median_text", S_num_text(d, 1, ""));
		d = S_round(100.0 * ontime / n, 1);
		json_object_set_new(j, "on_time", json_real(d));
		json_object_set_new(j, "on_time_text", S_num_text(d, 1, "%"));
	} else {
		json_object_set_new(j, "median_days", json_null());
		json_object_set_new(j, "median_text", json_null());
		json_object_set_new(j, "on_time", json_null());
		json_object_set_new(j, "on_time_text", json_null());
	}
out:
	sqlite3_finalize(st);
	free(days);
	return j;
}

/* ---- the report ---- */

/*
 * The whole report:
 *   { association, generated: {iso, saudi}, period: { from: {iso, saudi}
 *     or null, to: ... }, min_group, has_surveys, surveys: [ { form,
 *     title, overall: GROUP, trend: TREND, months: [ GROUP ] } ],
 *     has_requests, requests: [ REQUESTS ] }
 * with GROUP as S_group_json(), TREND as S_trend_json() and REQUESTS as
 * S_requests() describe them.
 */
json_t *
report_build(struct adm *a, const struct adm_period *p, time_t now,
    struct buf *err)
{
	const struct formdef	*fd;
	json_t			*r, *surveys = json_array(), *reqs = json_array();
	json_t			*period, *x;
	struct date		 today, d;
	size_t			 i, k;
	int			 rating;

	/* One snapshot for every figure. */
	if (sqlite3_exec(a->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		json_decref(surveys);
		json_decref(reqs);
		adm_dberr(a, err, "reading");
		return NULL;
	}
	for (i = 0; i < formdef_dir_count(a->c.forms); i++) {
		fd = formdef_dir_at(a->c.forms, i);
		for (k = 0, rating = 0; k < formdef_nfields(fd); k++)
			if (formdef_field_at(fd, k)->type == FORMDEF_RATING)
				rating = 1;
		if (rating) {
			if ((x = S_survey(a, fd, p, err)) == NULL)
				goto fail;
			json_array_append_new(surveys, x);
		}
		if (wf_form_tracked(fd)) {
			if ((x = S_requests(a, fd, p, err)) == NULL)
				goto fail;
			json_array_append_new(reqs, x);
		}
	}
	sqlite3_exec(a->db, "COMMIT", NULL, NULL, NULL);
	date_from_time(now, &today);
	period = json_object();
	if (p->lo[0] != '0' && wf_local_date(p->lo, &d) == 0)
		json_object_set_new(period, "from", wf_date_json(&d));
	else
		json_object_set_new(period, "from", json_null());
	if (p->hi[0] != '9' && wf_local_date(p->hi, &d) == 0 &&
	    date_add_days(&d, -1, &d) == 0)
		json_object_set_new(period, "to", wf_date_json(&d));
	else
		json_object_set_new(period, "to", json_null());
	r = json_pack("{s:O,s:o,s:o,s:i,s:b,s:o,s:b,s:o}",
	    "association", json_object_get(a->c.site, "name"),
	    "generated", wf_date_json(&today), "period", period,
	    "min_group", REPORT_MIN_GROUP,
	    "has_surveys", json_array_size(surveys) > 0, "surveys", surveys,
	    "has_requests", json_array_size(reqs) > 0, "requests", reqs);
	return r;
fail:
	adm_rollback(a);
	json_decref(surveys);
	json_decref(reqs);
	return NULL;
}

/* The report's date: SOURCE_DATE_EPOCH when set, else now. */
static int
S_now(time_t *now, struct buf *err)
{
	const char	*e = getenv("SOURCE_DATE_EPOCH");
	char		*end;
	long long	 v;

	*now = time(NULL);
	if (e == NULL || *e == '\0')
		return 0;
	errno = 0;
	v = strtoll(e, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0) {
		buf_printf(err, "SOURCE_DATE_EPOCH=%s: not a number of "
		    "seconds", e);
		return -1;
	}
	*now = (time_t)v;
	return 0;
}

int
report_cmd(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	struct adm_period	 p;
	struct buf		 html = BUF_INIT;
	json_t			*r = NULL;
	char			*text = NULL;
	time_t			 now;
	int			 rc = -1;

	if (adm_period(o->from, o->to, &p, err) == -1 || S_now(&now, err) ==
	    -1)
		return -1;
	if ((r = report_build(a, &p, now, err)) == NULL)
		return -1;
	text = json_dumps(r, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(10));
	if (text == NULL) {
		buf_puts(err, "out of memory");
		goto out;
	}
	if (o->json != NULL) {
		struct buf b = BUF_INIT;

		buf_printf(&b, "%s\n", text);
		rc = adm_write_file(o->json, b.data, b.len, 0644, err);
		buf_free(&b);
		if (rc == -1)
			goto out;
		rc = -1;
	}
	if (o->html != NULL) {
		/* The site's templates folder, as wasl-build's default. */
		if (chart_html("templates", r, &html, err) == -1)
			goto out;
		if (adm_write_file(o->html, html.data, html.len, 0644, err) ==
		    -1)
			goto out;
	}
	if (o->json == NULL && o->html == NULL)
		fprintf(a->out, "%s\n", text);
	rc = 0;
out:
	free(text);
	json_decref(r);
	buf_free(&html);
	return rc;
}
