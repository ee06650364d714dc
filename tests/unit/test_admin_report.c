/*
 * test_admin_report: wasl-admin's report on a known data set
 * (tests/golden/admin/fixture.sql), every figure computed by hand below;
 * the HTML report; and templates/results.mustache rendering the same
 * figures for the public, with the same chart partials.
 *
 * The survey (reception, clarity, speed, overall):
 *   June    (1,1,1,1) (2,2,2,2) (5,5,5,5)                 3: hidden
 *   July    (5,4,3,5) (4,4,2,4) (5,5,5,5) (3,2,1,3) (4,5,4,4)
 *   August  (5,5,4,5) (5,4,4,5) (2,3,3,2) (4,4,5,4) (5,5,5,5) (1,2,2,1)
 * Overall reception: 14 answers, sum 51, mean 3.64; 5:6 4:3 3:1 2:2 1:2;
 * satisfaction 9/14 = 64.3%. Speed: sum 46, mean 3.29, 7/14 = 50%.
 * All questions pooled: 199/56 = 3.55, 34/56 = 60.7%.
 * July reception 21/5 = 4.2, 4/5 = 80%; July speed 15/5 = 3, 2/5 = 40%;
 * July pooled 77/20 = 3.85, 14/20 = 70%. August pooled 16/24 = 66.7%.
 * June is hidden (3 answers); so is July (5, the fewest of the months
 * shown), or the overall minus July and August would give June's three
 * answers away; August is shown.
 * Requests: received 1, under-study 1, needs-info 0, accepted 3,
 * rejected 2 stored + 1 erased = 3; total 8; decided in 7, 9.48, 3, 20
 * and 10 days: median 9.5; decided by the due date (14 days): 4 of 5.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "adm.h"
#include "chart.h"
#include "check.h"
#include "cmd_report.h"
#include "fsx.h"
#include "pages.h"
#include "report.h"
#include "reportview.h"

static char	 dir[] = "/tmp/wasl-test-report-XXXXXX";

/* The value at a path of keys and indexes, e.g. "surveys.0.overall". */
static const json_t *
S_at(const json_t *j, const char *path)
{
	char	 key[64];
	size_t	 n;

	while (j != NULL && *path != '\0') {
		n = strcspn(path, ".");
		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		if (json_is_array(j))
			j = json_array_get(j, (size_t)atoi(key));
		else
			j = json_object_get(j, key);
		path += n;
		if (*path == '.')
			path++;
	}
	return j;
}

static void
S_num(const json_t *r, const char *path, double want)
{
	const json_t	*v = S_at(r, path);
	char		 name[160], got[64];

	snprintf(name, sizeof(name), "report: %s = %g", path, want);
	snprintf(got, sizeof(got), "%g", json_number_value(v));
	check(json_is_number(v) && json_number_value(v) == want, name, got);
}

static void
S_str(const json_t *r, const char *path, const char *want)
{
	char	 name[160];

	snprintf(name, sizeof(name), "report: %s = %s", path, want);
	check_str(json_string_value(S_at(r, path)), want, name);
}

static void
S_null(const json_t *r, const char *path)
{
	char	 name[160];

	snprintf(name, sizeof(name), "report: %s hidden", path);
	check(json_is_null(S_at(r, path)), name, NULL);
}

/* The counts of a shown question object: [0] its count, [r] of rating
 * r; 0 when hidden. */
static int
S_counts(const json_t *q, long c[6])
{
	const json_t	*d;
	size_t		 i;
	int		 r;

	memset(c, 0, 6 * sizeof(c[0]));
	if (!json_is_true(json_object_get(q, "shown")))
		return 0;
	c[0] = (long)json_integer_value(json_object_get(q, "count"));
	json_array_foreach(json_object_get(q, "distribution"), i, d) {
		r = (int)json_integer_value(json_object_get(d, "rating"));
		if (r >= 1 && r <= 5)
			c[r] = (long)json_integer_value(json_object_get(d,
			    "count"));
	}
	return 1;
}

/*
 * What anyone can do with a published report: for each survey, and each
 * column whose overall figure is shown (its submissions; each question's
 * count and count of each rating), the overall minus the months shown is
 * what the hidden months hold together. That must be nothing, or a group
 * of at least min_group answers, no smaller and never one person. The
 * number of columns that give a smaller group away, each described in
 * why ("form question: n answers: count per rating 1..5").
 */
static int
S_subtract(const json_t *r, struct buf *why)
{
	const json_t	*sv, *all, *q, *m, *mq;
	long		 min = (long)json_integer_value(json_object_get(r,
			    "min_group"));
	long		 c[6], mc[6], rest;
	size_t		 i, k, j, l;
	int		 bad = 0, x;

	json_array_foreach(json_object_get(r, "surveys"), i, sv) {
		all = json_object_get(sv, "overall");
		if (!json_is_true(json_object_get(all, "shown")))
			continue;
		rest = (long)json_integer_value(json_object_get(all,
		    "answers"));
		json_array_foreach(json_object_get(sv, "months"), j, m)
			if (json_is_true(json_object_get(m, "shown")))
				rest -= (long)json_integer_value(
				    json_object_get(m, "answers"));
		if (rest > 0 && rest < min) {
			buf_printf(why, "[submissions: %ld] ", rest);
			bad++;
		}
		json_array_foreach(json_object_get(all, "questions"), k, q) {
			if (!S_counts(q, c))
				continue;
			json_array_foreach(json_object_get(sv, "months"), j,
			    m) {
				json_array_foreach(json_object_get(m,
				    "questions"), l, mq) {
					if (!json_equal(json_object_get(mq,
					    "name"), json_object_get(q, "name"))
					    || !S_counts(mq, mc))
						continue;
					for (x = 0; x < 6; x++)
						c[x] -= mc[x];
				}
			}
			if (c[0] > 0 && c[0] < min) {
				buf_printf(why, "[%s: %ld answer%s: %ld %ld %ld "
				    "%ld %ld] ", json_string_value(
				    json_object_get(q, "name")), c[0],
				    c[0] == 1 ? "" : "s", c[1], c[2], c[3],
				    c[4], c[5]);
				bad++;
			}
		}
	}
	return bad;
}

static void
S_subtract_check(const json_t *r, const char *what)
{
	struct buf	 why = BUF_INIT;
	char		 name[160];
	int		 bad;

	snprintf(name, sizeof(name), "report: %s: no hidden group of fewer "
	    "than 5 is the overall minus the months shown", what);
	bad = S_subtract(r, &why);
	check(bad == 0, name, buf_cstr(&why));
	buf_free(&why);
}

/* The survey answers of a data set: the month, the answer's number in
 * it, and its four ratings (0: not answered). */
struct answer {
	const char	*month;
	int		 reception, clarity, speed, overall;
};

/* Replace every survey answer in the database by those of set (n of them). */
static int
S_load(struct adm *a, const struct answer *set, size_t n)
{
	static const char *const q[] = { "reception", "clarity", "speed",
	    "overall" };
	struct buf	 sql = BUF_INIT;
	size_t		 i, k;
	int		 v, rc;

	buf_puts(&sql, "BEGIN; DELETE FROM field WHERE submission_id IN"
	    " (SELECT id FROM submission WHERE form = 'satisfaction-survey');"
	    " DELETE FROM submission WHERE form = 'satisfaction-survey';");
	for (i = 0; i < n; i++) {
		buf_printf(&sql, "INSERT INTO submission (form, ref,"
		    " received_at) VALUES ('satisfaction-survey', 'SET%05zu',"
		    " '%s-10T09:00:00Z');", i, set[i].month);
		buf_printf(&sql, "INSERT INTO field VALUES (last_insert_rowid(),"
		    " 'channel', 'website');");
		for (k = 0; k < 4; k++) {
			v = k == 0 ? set[i].reception : k == 1 ?
			    set[i].clarity : k == 2 ? set[i].speed :
			    set[i].overall;
			if (v > 0)
				buf_printf(&sql, "INSERT INTO field VALUES ("
				    "(SELECT id FROM submission WHERE ref ="
				    " 'SET%05zu'), '%s', '%d');", i, q[k], v);
		}
	}
	buf_puts(&sql, "COMMIT;");
	rc = sqlite3_exec(store_db(a->store), sql.data, NULL, NULL, NULL);
	buf_free(&sql);
	return rc == SQLITE_OK ? 0 : -1;
}

/*
 * A month with one respondent, between two shown months: before
 * complementary suppression the overall minus May and July was that
 * person's four ratings. And a shown month where one question has only
 * one answer (an optional question, or one added later): the overall of
 * that question minus the other months would give it away.
 */
static void
S_subtraction(struct adm *a)
{
	struct answer	 lone[14], opt[23];
	struct adm_period p;
	struct buf	 err = BUF_INIT, why = BUF_INIT;
	json_t		*r;
	size_t		 i;
	double		 sum = 0;
	int		 n = 0;

	for (i = 0; i < 14; i++) {
		lone[i].month = i < 6 ? "2024-05" : i == 6 ? "2024-06" :
		    "2024-07";
		lone[i].reception = 1 + (int)(i * 3 % 5);
		lone[i].clarity = 1 + (int)((i * 2 + 1) % 5);
		lone[i].speed = 1 + (int)((i + 2) % 5);
		lone[i].overall = 1 + (int)((i * 4 + 3) % 5);
	}
	/* The lone respondent of June. */
	lone[6].reception = 2;
	lone[6].clarity = 1;
	lone[6].speed = 3;
	lone[6].overall = 2;
	adm_period(NULL, NULL, &p, &err);
	if (!check(S_load(a, lone, 14) == 0 && (r = cmd_report_json(a, &p,
	    1723593600, &err)) != NULL, "report: one lone respondent in "
	    "June", buf_cstr(&err)))
		goto out;
	check(json_is_true(S_at(r, "surveys.0.overall.shown")) &&
	    json_integer_value(S_at(r, "surveys.0.overall.answers")) == 14,
	    "report: the overall of 14 answers still shown", NULL);
	check(json_is_false(S_at(r, "surveys.0.months.1.shown")) &&
	    json_is_false(S_at(r, "surveys.0.months.1.complement")),
	    "report: June (1 answer) hidden", NULL);
	check(json_is_false(S_at(r, "surveys.0.months.0.shown")) &&
	    json_is_true(S_at(r, "surveys.0.months.0.complement")),
	    "report: May (6, fewer than July's 7) hidden with it", NULL);
	check(json_is_true(S_at(r, "surveys.0.months.2.shown")),
	    "report: July shown", NULL);
	n = S_subtract(r, &why);
	check(n == 0, "report: the lone answer cannot be computed from the "
	    "overall and the months shown", buf_cstr(&why));
	n = 0;
	json_decref(r);

	/* April: 8 submissions, speed answered in one of them. */
	for (i = 0; i < 23; i++) {
		opt[i].month = i < 6 ? "2024-03" : i < 14 ? "2024-04" :
		    "2024-05";
		opt[i].reception = 1 + (int)(i * 3 % 5);
		opt[i].clarity = 1 + (int)((i * 2 + 1) % 5);
		opt[i].speed = i >= 6 && i < 14 && i != 9 ? 0 :
		    1 + (int)((i + 2) % 5);
		opt[i].overall = 1 + (int)((i * 4 + 3) % 5);
		if (i >= 6 && i < 14) {
			sum += opt[i].reception + opt[i].clarity +
			    opt[i].overall;
			n += 3;
		}
	}
	if (!check(S_load(a, opt, 23) == 0 && (r = cmd_report_json(a, &p,
	    1723593600, &err)) != NULL, "report: one answer to a question in "
	    "a shown month", buf_cstr(&err)))
		goto out;
	check(json_is_true(S_at(r, "surveys.0.months.1.shown")) &&
	    json_is_false(S_at(r, "surveys.0.months.1.questions.2.shown")) &&
	    json_is_false(S_at(r,
	    "surveys.0.months.1.questions.2.complement")),
	    "report: April shown, its one answer to speed hidden", NULL);
	check(json_is_false(S_at(r, "surveys.0.months.0.shown")) &&
	    json_is_true(S_at(r, "surveys.0.months.0.complement")) &&
	    json_is_true(S_at(r, "surveys.0.months.2.shown")),
	    "report: March (speed 6, fewer than May's 9) hidden with it",
	    NULL);
	check(json_real_value(S_at(r, "surveys.0.months.1.mean")) ==
	    (double)(long long)(sum / n * 100 + 0.5) / 100,
	    "report: April's pooled mean leaves out its hidden question",
	    NULL);
	S_subtract_check(r, "an answer to a question hidden in a shown "
	    "month");
	json_decref(r);
out:
	buf_free(&err);
	buf_free(&why);
}

int
main(void)
{
	static const char *const tpls[] = { "results", NULL };
	unsigned char	 salt[32] = { 0 };
	struct adm	 a;
	struct adm_period p;
	struct buf	 err = BUF_INIT, sql = BUF_INIT, html = BUF_INIT;
	struct buf	 page = BUF_INIT;
	struct store	*s;
	struct pages	*pg = NULL;
	json_t		*r = NULL, *pj;
	char		 path[300];

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/wasl.db", dir);
	memset(&a, 0, sizeof(a));
	a.db_path = path;
	a.content_dir = "content";
	a.templates_dir = "templates";
	a.out = stdout;
	s = store_open(path, salt, &err);
	store_close(s);
	if (!check(adm_open(&a, &err) == 0 && adm_content(&a, &err) == 0 &&
	    adm_strings(&a, &err) == 0 &&
	    fsx_read("tests/golden/admin/fixture.sql", 1 << 20, &sql) == 0 &&
	    sqlite3_exec(store_db(a.store), sql.data, NULL, NULL, NULL) ==
	    SQLITE_OK,
	    "report: the known data set loads", buf_cstr(&err)))
		goto out;
	adm_period(NULL, NULL, &p, &err);
	r = cmd_report_json(&a, &p, 1723593600, &err);	/* 2024-08-14 */
	if (!check(r != NULL, "report: built", buf_cstr(&err)))
		goto out;

	S_str(r, "generated.iso", "2024-08-14");
	S_str(r, "surveys.0.form", "satisfaction-survey");
	S_num(r, "surveys.0.overall.answers", 14);
	S_num(r, "surveys.0.overall.mean", 3.55);
	S_num(r, "surveys.0.overall.satisfaction", 60.7);
	S_str(r, "surveys.0.overall.satisfaction_text", "60.7%");
	S_str(r, "surveys.0.overall.questions.0.name", "reception");
	S_num(r, "surveys.0.overall.questions.0.count", 14);
	S_num(r, "surveys.0.overall.questions.0.mean", 3.64);
	S_str(r, "surveys.0.overall.questions.0.mean_text", "3.64");
	S_num(r, "surveys.0.overall.questions.0.satisfaction", 64.3);
	S_num(r, "surveys.0.overall.questions.0.distribution.0.rating", 5);
	S_num(r, "surveys.0.overall.questions.0.distribution.0.count", 6);
	S_num(r, "surveys.0.overall.questions.0.distribution.1.count", 3);
	S_num(r, "surveys.0.overall.questions.0.distribution.2.count", 1);
	S_num(r, "surveys.0.overall.questions.0.distribution.3.count", 2);
	S_num(r, "surveys.0.overall.questions.0.distribution.4.count", 2);
	S_num(r, "surveys.0.overall.questions.0.distribution.4.rating", 1);
	S_str(r, "surveys.0.overall.questions.0.distribution.0.label",
	    "ممتاز");
	S_num(r, "surveys.0.overall.questions.0.distribution.0.percent", 42.9);
	S_num(r, "surveys.0.overall.questions.2.mean", 3.29);
	S_num(r, "surveys.0.overall.questions.2.satisfaction", 50);
	S_str(r, "surveys.0.overall.questions.2.satisfaction_text", "50%");

	S_str(r, "surveys.0.months.0.month", "2024-06");
	check(json_is_false(S_at(r, "surveys.0.months.0.shown")),
	    "report: a month of 3 answers is hidden", NULL);
	S_null(r, "surveys.0.months.0.answers");
	S_null(r, "surveys.0.months.0.satisfaction");
	check(json_array_size(S_at(r, "surveys.0.months.0.questions")) == 0,
	    "report: a hidden month has no questions", NULL);
	check(json_is_false(S_at(r, "surveys.0.months.0.complement")),
	    "report: ... for having fewer than 5", NULL);
	S_str(r, "surveys.0.months.1.label", "يوليو 2024");
	check(json_is_false(S_at(r, "surveys.0.months.1.shown")) &&
	    json_is_true(S_at(r, "surveys.0.months.1.complement")),
	    "report: July (5 answers) hidden too, or June could be computed",
	    NULL);
	S_null(r, "surveys.0.months.1.answers");
	S_null(r, "surveys.0.months.1.mean");
	S_num(r, "surveys.0.months.2.answers", 6);
	S_num(r, "surveys.0.months.2.satisfaction", 66.7);
	check(json_is_false(S_at(r, "surveys.0.months.2.complement")),
	    "report: August shown", NULL);
	check(json_array_size(S_at(r, "surveys.0.trend.bars")) == 1,
	    "report: the trend has a bar per shown month", NULL);
	S_str(r, "surveys.0.trend.bars.0.label", "08/2024");
	S_str(r, "surveys.0.trend.bars.0.x", "276");
	S_str(r, "surveys.0.trend.bars.0.height", "117.39");
	S_subtract_check(r, "the known data set");

	S_str(r, "requests.0.form", "support-request");
	S_num(r, "requests.0.total", 8);
	S_num(r, "requests.0.statuses.0.count", 1);
	S_num(r, "requests.0.statuses.1.count", 1);
	S_num(r, "requests.0.statuses.2.count", 0);
	S_num(r, "requests.0.statuses.3.count", 3);
	S_str(r, "requests.0.statuses.4.status", "rejected");
	S_num(r, "requests.0.statuses.4.count", 3);
	S_num(r, "requests.0.decided", 5);
	S_num(r, "requests.0.median_days", 9.5);
	S_num(r, "requests.0.on_time", 80);
	check(json_array_size(S_at(r, "requests")) == 1,
	    "report: only tracked forms have request figures", NULL);

	/* A period with 3 survey answers and 2 requests hides everything. */
	json_decref(r);
	adm_period("2024-06-01", "2024-06-30", &p, &err);
	r = cmd_report_json(&a, &p, 1723593600, &err);
	check(r != NULL && json_is_false(S_at(r, "surveys.0.overall.shown")) &&
	    json_is_false(S_at(r, "requests.0.shown")) &&
	    json_array_size(S_at(r, "requests.0.statuses")) == 0,
	    "report: groups under 5 are hidden whole", NULL);
	S_str(r, "period.from.iso", "2024-06-01");
	S_str(r, "period.to.iso", "2024-06-30");
	json_decref(r);
	adm_period(NULL, NULL, &p, &err);
	r = cmd_report_json(&a, &p, 1723593600, &err);

	/* Nothing about anyone. */
	{
		char *text = json_dumps(r, 0);

		check(text != NULL && strstr(text, "ACDE") == NULL &&
		    strstr(text, "1000000008") == NULL &&
		    strstr(text, "عبدالله") == NULL &&
		    strstr(text, "خدمة ممتازة") == NULL &&
		    strstr(text, "2024-07-01") == NULL,
		    "report: no reference, ID, name, comment or date of a "
		    "submission", NULL);
		free(text);
	}

	check(chart_html("templates", r, &html, &err) == 0,
	    "html report: renders", buf_cstr(&err));
	check(strstr(html.data, "<html lang=\"ar\" dir=\"rtl\">") != NULL &&
	    strstr(html.data, "<svg") != NULL &&
	    strstr(html.data, "<script") == NULL &&
	    strstr(html.data, " src=") == NULL &&
	    strstr(html.data, " href=") == NULL,
	    "html report: SVG charts, no scripts or outside resources", NULL);
	check(strstr(html.data, "<rect x=\"276\" y=\"82.61\" width=\"48\" "
	    "height=\"117.39\"") != NULL,
	    "html report: the trend bar of August", NULL);
	check(strstr(html.data, "أقل من 5 إجابات: لا تُعرض") != NULL,
	    "html report: the hidden month says why", NULL);
	check(strstr(html.data, "لا تُعرض، لئلا تُستنتج بالطرح نتائج شهر "
	    "فيه أقل من 5 إجابات") != NULL,
	    "html report: so does the month hidden with it", NULL);

	pg = pages_new(&a.c, "templates", tpls, 0, &err);
	if (check(pg != NULL, "results template: compiles", buf_cstr(&err))) {
		/* As generator/results.c reads it back from the JSON. */
		json_t *rv = json_deep_copy(r);

		reportview_charts(rv);
		pj = json_pack("{s:s,s:s,s:o}", "title", "نتائج قياس الرضا",
		    "kind", "results", "report", rv);
		check(pages_render(pg, "results", "", pj, &page, &err) == 0,
		    "results template: renders", buf_cstr(&err));
		json_decref(pj);
		check(strstr(page.data, "<rect x=\"276\" y=\"82.61\" "
		    "width=\"48\" height=\"117.39\"") != NULL,
		    "results template: the same trend bar as the program's",
		    NULL);
		check(strstr(page.data, "لا تُنشر، لئلا تُستنتج بالطرح نتائج "
		    "شهر فيه أقل من 5 إجابات") != NULL && strstr(page.data,
		    "أقل من 5 إجابات: لا تُنشر") != NULL,
		    "results template: why each hidden month is hidden",
		    NULL);
		check(strstr(page.data, "<bdi dir=\"ltr\">60.7%</bdi>") !=
		    NULL && strstr(page.data, "<bdi dir=\"ltr\">9.5</bdi>") !=
		    NULL, "results template: the figures", NULL);
		check(strstr(page.data, "كيف تقيّم سرعة إنجاز خدمتك؟") !=
		    NULL && strstr(page.data, "<text x=\"456\" y=\"18\" "
		    "fill=\"#1b1f23\">ممتاز (5)</text>") != NULL,
		    "results template: the distribution charts", NULL);
		check(strstr(page.data, "<svg xmlns=\"http://www.w3.org/2000/"
		    "svg\" class=\"chart\" role=\"img\" aria-labelledby="
		    "\"dist-0-2\"") != NULL && strstr(page.data, "<title id="
		    "\"dist-0-2\">توزيع الإجابات: كيف تقيّم سرعة إنجاز خدمتك؟"
		    "</title>") != NULL && strstr(page.data, "<title id="
		    "\"trend-0\">") != NULL,
		    "results template: the report's chart partials, with the "
		    "site's class and a title each", NULL);
		{
			/* The trend bar's whole line, as the program draws
			 * it. */
			const char *l = strstr(html.data, "<rect x=\"276\"");
			char bar[600];

			snprintf(bar, sizeof(bar), "%.*s", l ? (int)strcspn(l,
			    "\n") : 0, l ? l : "");
			check(l != NULL && strstr(page.data, bar) != NULL,
			    "results template: the trend drawn as the "
			    "program's, byte for byte", bar);
		}
		check(strstr(page.data, "<script") == NULL &&
		    strstr(page.data, "{{") == NULL,
		    "results template: no scripts, nothing left unrendered",
		    NULL);
	}
	S_subtraction(&a);
out:
	pages_free(pg);
	json_decref(r);
	adm_close(&a);
	buf_free(&err);
	buf_free(&sql);
	buf_free(&html);
	buf_free(&page);
	unlink(path);
	{
		char q[310];

		snprintf(q, sizeof(q), "%s-wal", path);
		unlink(q);
		snprintf(q, sizeof(q), "%s-shm", path);
		unlink(q);
	}
	rmdir(dir);
	return check_exit();
}
