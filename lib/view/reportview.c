/*
 * reportview: the report's figures, texts and chart geometry (see
 * reportview.h).
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "datefmt.h"
#include "reportview.h"
#include "statusmsg.h"
#include "workflow.h"

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

/* The figures of n answers whose ratings add up to sum, sat of them
 * satisfied: the mean (2 decimals) and the satisfaction (percent, 1
 * decimal), each also as pages show it. */
static void
S_figures(json_t *o, double sum, long sat, long n)
{
	json_object_set_new(o, "mean", json_real(S_round(sum / n, 2)));
	json_object_set_new(o, "mean_text", S_num_text(S_round(sum / n, 2),
	    2, ""));
	json_object_set_new(o, "satisfaction", json_real(S_round(
	    100.0 * sat / n, 1)));
	json_object_set_new(o, "satisfaction_text", S_num_text(
	    S_round(100.0 * sat / n, 1), 1, "%"));
}

/* A geometry value for SVG attributes: at most 2 decimals. */
static json_t *
S_geo(double v)
{
	return S_num_text(S_round(v, 2), 2, "");
}

/* "أغسطس 2024" for "2024-08". */
static json_t *
S_month_label(const struct catalog *words, const char *month)
{
	struct buf	 b = BUF_INIT;
	struct date	 d;
	const char	*s;
	json_t		*j;

	if (sscanf(month, "%4d-%2d", &d.year, &d.month) != 2)
		return json_string(month);
	d.day = 1;
	if (datefmt_long(words, &b, &d) == -1) {
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

/* true when hidden only so that another group cannot be computed. */
static json_t *
S_why(int hide)
{
	return json_boolean(hide == SURVEY_HIDE_COMPLEMENT);
}

/*
 * A group as JSON (o: the words of its labels):
 *   { month, label, shown, complement, answers, mean, mean_text,
 *     satisfaction, satisfaction_text, questions: [ { name, label, shown,
 *     complement, count, mean, mean_text, satisfaction,
 *     satisfaction_text, chart: { width, height, track_x, track_width,
 *     label_x, value_x }, distribution: [ { rating, label, count, percent,
 *     percent_text, y, text_y, bar_x, bar_width } for 5..1 ] } ] }
 * chart and the rows' y, text_y, bar_x and bar_width are the geometry
 * of the distribution chart (templates/chart-distribution.mustache draws it).
 * mean and satisfaction of the group pool the answers of its questions
 * shown (null when none is).
 * Hidden (survey.h): shown false, figures null, questions and
 * distributions empty; complement true when it has SURVEY_MIN_GROUP
 * answers or more but would let a hidden group be computed by
 * subtraction, false when it has fewer (and whenever shown).
 */
static json_t *
S_group_json(const struct survey *s, const struct survey_group *g,
    const struct reportview_opts *o)
{
	json_t		*j, *qs = json_array(), *qj, *dist;
	long		 n, sat, tn = 0, tsat = 0;
	double		 sum, tsum = 0;
	size_t		 q;
	int		 r, shown = g->hide == SURVEY_SHOWN;

	j = json_pack("{s:s?,s:o,s:b,s:o}", "month", g->month[0] ? g->month :
	    NULL, "label", g->month[0] ? S_month_label(o->words, g->month) :
	    json_string(o->overall), "shown", shown, "complement",
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
		    "label", s->q[q]->label, "shown", g->qhide[q] == SURVEY_SHOWN,
		    "complement", S_why(g->qhide[q]));
		json_array_append_new(qs, qj);
		dist = json_array();
		json_object_set_new(qj, "chart", json_pack(
		    "{s:i,s:i,s:i,s:i,s:i,s:i}", "width", DIST_W,
		    "height", 5 * DIST_ROW + 8, "track_x", DIST_LEFT,
		    "track_width", DIST_W - DIST_LABELS - DIST_LEFT,
		    "label_x", DIST_W - 4, "value_x", DIST_LEFT - 6));
		json_object_set_new(qj, "distribution", dist);
		if (g->qhide[q] != SURVEY_SHOWN) {
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
		S_figures(qj, sum, sat, n);
		for (r = 5; r >= 1; r--) {
			double pct = S_round(100.0 * g->dist[q][r] / n, 1);
			const char *label = "";
			size_t k;

			for (k = 0; k < s->q[q]->noptions; k++)
				if (s->q[q]->options[k].value[0] == '0' + r &&
				    s->q[q]->options[k].value[1] == '\0')
					label = s->q[q]->options[k].label;
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
		S_figures(j, tsum, tsat, tn);
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

/* A survey's figures: { form, title, overall: GROUP, trend: TREND,
 * months: [ GROUP ] }. */
static json_t *
S_survey(const struct survey *s, const struct reportview_opts *o)
{
	json_t	*months = json_array();
	size_t	 i;

	for (i = 0; i < s->nmonths; i++)
		json_array_append_new(months, S_group_json(s, &s->months[i],
		    o));
	return json_pack("{s:s,s:s,s:o,s:o,s:o}", "form", formdef_id(s->fd),
	    "title", formdef_title(s->fd), "overall", S_group_json(s,
	    &s->all, o), "trend", S_trend_json(months), "months",
	    months);
}

/* ---- requests ---- */

/*
 *   { form, title, response_days, response_period?, shown, total,
 *     statuses: [ { status,
 *     label, count } in workflow order ], decided, median_shown,
 *     median_days, median_text, on_time, on_time_text }
 * The requests of the period are one group: with fewer than
 * SURVEY_MIN_GROUP, shown is false, total and decided null and statuses
 * empty (no single count is hidden alone: the total minus the others
 * would give it away). total and the status counts include the
 * anonymous counts left by erasure and purging (table tally, by month
 * received); the median days to a decision and the on-time share
 * (decided by the due date) are figures of the decided requests still
 * stored, and need SURVEY_MIN_GROUP of them (median_shown). decided,
 * their number, is shown with the statuses whatever it is: it is
 * accepted plus rejected less the erased ones, and no other figure
 * holds a decision's time, so nothing gives a hidden median away.
 * Without a response time in site.yaml (response_days 0), response_days
 * and the on-time share are null: nothing was due.
 */
static json_t *
S_requests(const struct survey_requests *q,
    const struct reportview_opts *o)
{
	json_t		*j, *statuses;
	double		 d;
	long		 total = q->total;
	size_t		 n = q->ndecided;
	int		 i;

	statuses = json_array();
	for (i = 0; total >= SURVEY_MIN_GROUP && i < WF_NSTATUS; i++)
		json_array_append_new(statuses, json_pack("{s:s,s:s,s:I}",
		    "status", wf_status_name(i), "label",
		    statusmsg_label(o->words, i), "count",
		    (json_int_t)q->counts[i]));
	j = json_pack("{s:s,s:s,s:o,s:b,s:o,s:o,s:o,s:b}", "form",
	    formdef_id(q->fd), "title", formdef_title(q->fd), "response_days",
	    o->response_days > 0 ? json_integer(o->response_days) :
	    json_null(), "shown", total >= SURVEY_MIN_GROUP, "total",
	    total >= SURVEY_MIN_GROUP ? json_integer(total) : json_null(),
	    "statuses", statuses, "decided", total >= SURVEY_MIN_GROUP ?
	    json_integer((json_int_t)n) : json_null(),
	    "median_shown", n >= SURVEY_MIN_GROUP);
	if (o->response_days > 0) {
		struct buf b = BUF_INIT;

		/* "14 يومًا": the number and its noun agreeing */
		if (datefmt_period(o->words, &b, o->response_days) == 0)
			json_object_set_new(j, "response_period",
			    json_string(buf_cstr(&b)));
		buf_free(&b);
	}
	if (n >= SURVEY_MIN_GROUP) {
		d = S_round(survey_median(q->days, n), 1);
		json_object_set_new(j, "median_days", json_real(d));
		json_object_set_new(j, "median_text", S_num_text(d, 1, ""));
		d = S_round(100.0 * q->on_time / n, 1);
		json_object_set_new(j, "on_time", o->response_days > 0 ?
		    json_real(d) : json_null());
		json_object_set_new(j, "on_time_text", o->response_days > 0 ?
		    S_num_text(d, 1, "%") : json_null());
	} else {
		json_object_set_new(j, "median_days", json_null());
		json_object_set_new(j, "median_text", json_null());
		json_object_set_new(j, "on_time", json_null());
		json_object_set_new(j, "on_time_text", json_null());
	}
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
reportview_json(const struct survey_counts *c,
    const struct reportview_opts *o)
{
	json_t		*surveys, *reqs, *period;
	size_t		 i;

	surveys = json_array();
	for (i = 0; i < c->nsurveys; i++)
		json_array_append_new(surveys, S_survey(&c->surveys[i], o));
	reqs = json_array();
	for (i = 0; i < c->nrequests; i++)
		json_array_append_new(reqs, S_requests(&c->requests[i], o));
	period = json_pack("{s:o,s:o}", "from", o->from ?
	    datefmt_short_json(o->words, o->from) : json_null(), "to",
	    o->to ? datefmt_short_json(o->words, o->to) : json_null());
	return json_pack("{s:O?,s:o,s:o,s:i,s:b,s:o,s:b,s:o}",
	    "association", o->association,
	    "generated", datefmt_short_json(o->words, o->generated),
	    "period", period,
	    "min_group", SURVEY_MIN_GROUP,
	    "has_surveys", json_array_size(surveys) > 0, "surveys", surveys,
	    "has_requests", json_array_size(reqs) > 0, "requests", reqs);
}

/* ---- what the chart partials need besides ---- */

/* The grid labels sit this far above their line (SVG user units). */
#define GRID_LABEL_RISE	3

static json_int_t
S_int(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The trend of survey si, with its id and its grid's place. */
static void
S_trend(json_t *t, size_t si)
{
	static const char *const lines[] = { "top", "mid", "base" };
	char	 key[32];
	size_t	 i;

	json_object_set_new(t, "chart_id", json_sprintf("trend-%zu", si));
	/* The grid runs from the right edge's margin to "right". */
	json_object_set_new(t, "grid_x", json_integer(S_int(t, "width") -
	    S_int(t, "right")));
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		snprintf(key, sizeof(key), "%s_label_y", lines[i]);
		json_object_set_new(t, key, json_integer(S_int(t, lines[i]) -
		    GRID_LABEL_RISE));
	}
}

void
reportview_charts(json_t *v)
{
	json_t	*s, *q, *t;
	size_t	 si, qi;

	json_array_foreach(json_object_get(v, "surveys"), si, s) {
		json_array_foreach(json_object_get(json_object_get(s,
		    "overall"), "questions"), qi, q)
			json_object_set_new(q, "chart_id",
			    json_sprintf("dist-%zu-%zu", si, qi));
		if (json_is_object(t = json_object_get(s, "trend")))
			S_trend(t, si);
	}
}

