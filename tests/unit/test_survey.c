/*
 * test_survey: the report's counts without a database (lib/model's
 * survey.h: counting, what may be shown, the median) and their view
 * (lib/view's reportview.h: figures, texts, chart geometry and the
 * partials' ids), on hand-made counts of the satisfaction survey of
 * content/forms (questions reception, clarity, speed, overall).
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "contentview.h"
#include "reportview.h"
#include "survey.h"

/* n submissions in month, every question rated r. */
static void
S_add(struct survey *s, const char *month, int n, int r)
{
	int	 rs[4] = { r, r, r, r };

	while (n-- > 0)
		check(survey_add(s, month, rs) == 0, "survey: counted", month);
}

static const struct survey_group *
S_month(const struct survey *s, const char *month)
{
	size_t	 i;

	for (i = 0; i < s->nmonths; i++)
		if (strcmp(s->months[i].month, month) == 0)
			return &s->months[i];
	return NULL;
}

/* One respondent in June between May (6) and July (7): hidden, and May
 * (the fewest of the months shown) with it, or the overall minus May and
 * July would be that person's ratings. Counted out of order. */
static void
S_suppression(const struct formdef *fd)
{
	struct survey	 s;
	int		 one[4] = { 2, 0, 3, 2 };

	survey_init(&s, fd);
	check(s.nq == 4, "survey: its four rating questions", NULL);
	S_add(&s, "2024-07", 7, 5);
	survey_add(&s, "2024-06", one);
	S_add(&s, "2024-05", 6, 4);
	survey_done(&s);
	check(s.nmonths == 3 && strcmp(s.months[0].month, "2024-05") == 0 &&
	    strcmp(s.months[2].month, "2024-07") == 0,
	    "survey: months oldest first", NULL);
	check(s.all.answers == 14 && s.all.dist[0][2] == 1 &&
	    s.all.dist[1][2] == 0 && s.all.dist[0][5] == 7,
	    "survey: the overall counts, an unanswered question left out",
	    NULL);
	check(S_month(&s, "2024-06")->hide == SURVEY_HIDE_SMALL,
	    "survey: June (1 answer) hidden", NULL);
	check(S_month(&s, "2024-05")->hide == SURVEY_HIDE_COMPLEMENT,
	    "survey: May (6, fewer than July's 7) hidden with it", NULL);
	check(S_month(&s, "2024-07")->hide == SURVEY_SHOWN &&
	    s.all.hide == SURVEY_SHOWN, "survey: July and the overall shown",
	    NULL);
	survey_free(&s);

	/* The only month: the overall is it, nothing to subtract. */
	survey_init(&s, fd);
	S_add(&s, "2024-07", 5, 3);
	survey_done(&s);
	check(s.all.hide == SURVEY_SHOWN && s.months[0].hide == SURVEY_SHOWN,
	    "survey: one month of 5, shown with the overall", NULL);
	survey_free(&s);

	/* More months than a survey holds: the overall counts them all. */
	survey_init(&s, fd);
	{
		char	 m[8];
		int	 rs[4] = { 4, 4, 4, 4 }, y, k, over = 0;

		for (y = 1000; y < 1101; y++)
			for (k = 1; k <= 12; k++) {
				snprintf(m, sizeof(m), "%04d-%02d", y, k);
				over += survey_add(&s, m, rs) == -1;
			}
		check(s.nmonths == 1200 && over == 12 &&
		    s.all.answers == 1212, "survey: at most 1200 months",
		    NULL);
	}
	survey_free(&s);
}

static void
S_view(const struct formdef *fd, const struct catalog *words)
{
	struct survey_counts	 c;
	struct survey_requests	 rq;
	struct reportview_opts	 o;
	struct date		 today = { 2024, 8, 14 };
	double			 days[5] = { 20, 3, 10, 7, 9.48 };
	json_t			*r, *q, *m, *t;
	int			 mixed[4] = { 5, 4, 3, 1 };

	memset(&c, 0, sizeof(c));
	c.surveys = xcalloc(1, sizeof(*c.surveys));
	c.nsurveys = 1;
	survey_init(&c.surveys[0], fd);
	S_add(&c.surveys[0], "2024-07", 4, 5);
	survey_add(&c.surveys[0], "2024-07", mixed);
	S_add(&c.surveys[0], "2024-08", 3, 2);
	S_add(&c.surveys[0], "2024-06", 6, 4);
	survey_done(&c.surveys[0]);
	memset(&rq, 0, sizeof(rq));
	rq.fd = fd;
	rq.counts[3] = 3;
	rq.counts[4] = 2;
	rq.total = 5;
	rq.days = days;
	rq.ndecided = 5;
	rq.on_time = 4;
	c.requests = &rq;
	c.nrequests = 1;

	memset(&o, 0, sizeof(o));
	o.words = words;
	o.association = NULL;
	o.overall = "الفترة كلها";
	o.response_days = 14;
	o.generated = &today;
	r = reportview_json(&c, &o);
	c.requests = NULL;
	c.nrequests = 0;
	survey_counts_free(&c);
	if (!check(r != NULL, "reportview: made", NULL))
		return;
	check(json_is_null(json_object_get(r, "association")) &&
	    json_is_null(json_object_get(json_object_get(r, "period"),
	    "from")), "reportview: no name, an open period", NULL);
	check_str(json_string_value(json_object_get(json_object_get(r,
	    "generated"), "iso")), "2024-08-14", "reportview: its date");
	/* June: 6 x (4,4,4,4); July: 4 x (5,5,5,5) + (5,4,3,1); August: 3 x
	 * (2,2,2,2), hidden, and July (the fewest shown) with it. Overall
	 * pooled: (96 + 93 + 24) / 56 = 3.8, (24 + 18) / 56 = 75%;
	 * reception 55/14 = 3.93; the question overall gets 5 from 4 of
	 * 14 (28.6%: a bar 77.22 long, from 340). */
	m = json_object_get(json_array_get(json_object_get(r, "surveys"), 0),
	    "overall");
	check_str(json_string_value(json_object_get(m, "label")),
	    "الفترة كلها", "reportview: the overall's label");
	check_str(json_string_value(json_object_get(m, "mean_text")), "3.8",
	    "reportview: the pooled mean");
	check_str(json_string_value(json_object_get(m, "satisfaction_text")),
	    "75%", "reportview: the satisfaction index");
	q = json_array_get(json_object_get(m, "questions"), 0);
	check_str(json_string_value(json_object_get(q, "mean_text")), "3.93",
	    "reportview: a question's mean");
	q = json_array_get(json_object_get(m, "questions"), 3);
	check_str(json_string_value(json_object_get(json_array_get(
	    json_object_get(q, "distribution"), 0), "percent_text")), "28.6%",
	    "reportview: a rating's share");
	check_str(json_string_value(json_object_get(json_array_get(
	    json_object_get(q, "distribution"), 0), "bar_x")), "262.78",
	    "reportview: its bar's place");
	m = json_array_get(json_object_get(json_array_get(json_object_get(r,
	    "surveys"), 0), "months"), 1);
	check_str(json_string_value(json_object_get(m, "label")),
	    "يوليو 2024", "reportview: the month's name");
	check(json_is_false(json_object_get(m, "shown")) &&
	    json_is_true(json_object_get(m, "complement")) &&
	    json_is_null(json_object_get(m, "answers")) &&
	    json_array_size(json_object_get(m, "questions")) == 0,
	    "reportview: July hidden with August, nothing of it shown", NULL);
	t = json_object_get(json_array_get(json_object_get(r, "surveys"), 0),
	    "trend");
	check(json_array_size(json_object_get(t, "bars")) == 1 &&
	    json_object_get(t, "chart_id") == NULL,
	    "reportview: a bar for June alone, no chart id in the JSON", NULL);
	q = json_array_get(json_object_get(r, "requests"), 0);
	check_str(json_string_value(json_object_get(q, "median_text")),
	    "9.5", "reportview: the median of the decisions");
	check_str(json_string_value(json_object_get(q, "on_time_text")),
	    "80%", "reportview: decided by the due date");

	reportview_charts(r);
	check_str(json_string_value(json_object_get(t, "chart_id")),
	    "trend-0", "reportview_charts: the trend's id");
	check(json_integer_value(json_object_get(t, "grid_x")) == 20 &&
	    json_integer_value(json_object_get(t, "top_label_y")) == 21,
	    "reportview_charts: the trend's grid", NULL);
	json_decref(r);
}

int
main(void)
{
	struct buf	 err = BUF_INIT;
	struct formdef	*fd, *other;
	struct catalog	*words;
	struct formdef_words fw = { { NULL } };
	double		 v1[5] = { 10, 7, 20, 3, 9.5 }, v2[2] = { 4, 1 };

	words = catalog_load("templates/strings.yaml", &err);
	if (words != NULL)
		contentview_form_words(words, &fw);
	fd = formdef_load("content/forms/satisfaction-survey.yaml", &fw, &err);
	other = formdef_load("content/forms/inquiry.yaml", &fw, &err);
	if (!check(words != NULL && fd != NULL && other != NULL,
	    "survey: the catalog and the forms load",
	    buf_cstr(&err)))
		goto out;
	check(survey_is(fd) && !survey_is(other),
	    "survey: a form with rating questions is one", NULL);
	check(survey_median(v1, 5) == 9.5 && survey_median(v2, 2) == 2.5 &&
	    survey_median(v2, 0) == 0, "survey: medians", NULL);
	S_suppression(fd);
	S_view(fd, words);
out:
	formdef_free(fd);
	formdef_free(other);
	catalog_free(words);
	buf_free(&err);
	return check_exit();
}
